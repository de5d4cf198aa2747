/* pn-test-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-test-server.h"

#include <gio/gio.h>

#define MAX_HOSTS 16

struct _PnTestServer
{
  SoupServer         *server;
  GMainContext       *context;
  GMainLoop          *loop;
  GThread            *thread;
  guint               n_hosts;
  guint               ports[MAX_HOSTS];
  gboolean            https;

  GMutex              mutex;
  GCond               cond;
  gboolean            ready;
  /* Guarded by mutex. */
  GHashTable         *hits;
  guint               total_hits;
  guint               concurrent;
  guint               max_concurrent;
  guint               concurrent_per_host[MAX_HOSTS];
  guint               max_concurrent_per_host[MAX_HOSTS];
  SoupMessageHeaders *last_headers;
};

static int
host_index (PnTestServer      *self,
            SoupServerMessage *message)
{
  GSocketAddress *local = soup_server_message_get_local_address (message);
  g_autofree char *address = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return -1;
  address = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local)));
  for (guint i = 0; i < self->n_hosts; i++)
    {
      g_autofree char *expected = g_strdup_printf ("127.0.0.%u", i + 1);

      if (g_str_equal (address, expected))
        return (int) i;
    }
  return -1;
}

static void
request_ended (PnTestServer      *self,
               SoupServerMessage *message)
{
  int host = host_index (self, message);

  /* Aborted before its request was read: never counted. */
  if (g_object_get_data (G_OBJECT (message), "pn-test-counted") == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->concurrent--;
  if (host >= 0)
    self->concurrent_per_host[host]--;
  g_mutex_unlock (&self->mutex);
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *message,
                     PnTestServer      *self)
{
  request_ended (self, message);
}

static void
request_read_cb (SoupServer        *server,
                 SoupServerMessage *message,
                 PnTestServer      *self)
{
  GUri *uri = soup_server_message_get_uri (message);
  const char *path = g_uri_get_path (uri);
  int host = host_index (self, message);

  g_object_set_data (G_OBJECT (message), "pn-test-counted", GINT_TO_POINTER (TRUE));
  g_mutex_lock (&self->mutex);
  g_hash_table_insert (self->hits, g_strdup (path),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->hits, path)) + 1));
  self->total_hits++;
  self->concurrent++;
  self->max_concurrent = MAX (self->max_concurrent, self->concurrent);
  if (host >= 0)
    {
      self->concurrent_per_host[host]++;
      self->max_concurrent_per_host[host] = MAX (self->max_concurrent_per_host[host],
                                                 self->concurrent_per_host[host]);
    }
  g_clear_pointer (&self->last_headers, soup_message_headers_unref);
  self->last_headers = soup_message_headers_ref (soup_server_message_get_request_headers (message));
  g_mutex_unlock (&self->mutex);
}

static gpointer
server_thread (gpointer data)
{
  PnTestServer *self = data;

  g_main_context_push_thread_default (self->context);

  for (guint i = 0; i < self->n_hosts; i++)
    {
      g_autofree char *address_string = g_strdup_printf ("127.0.0.%u", i + 1);
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (address_string);
      g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, 0);
      g_autoptr(GError) error = NULL;
      GSList *uris;

      soup_server_listen (self->server, socket_address,
                          self->https ? SOUP_SERVER_LISTEN_HTTPS : 0, &error);
      g_assert_no_error (error);

      uris = soup_server_get_uris (self->server);
      for (GSList *l = uris; l != NULL; l = l->next)
        {
          if (g_str_equal (g_uri_get_host (l->data), address_string))
            self->ports[i] = g_uri_get_port (l->data);
        }
      g_assert_cmpuint (self->ports[i], !=, 0);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }

  g_mutex_lock (&self->mutex);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  /* Let the disconnections run their course in this context. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

PnTestServer *
pn_test_server_new (guint n_hosts)
{
  PnTestServer *self = g_new0 (PnTestServer, 1);

  g_assert_cmpuint (n_hosts, >=, 1);
  g_assert_cmpuint (n_hosts, <=, MAX_HOSTS);

  self->n_hosts = n_hosts;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->server = soup_server_new ("server-header", "pn-test-server ", NULL);
  self->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);

  g_signal_connect (self->server, "request-read", G_CALLBACK (request_read_cb), self);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (request_finished_cb), self);
  return self;
}

/* Handlers run in the server's thread. Add them before starting. */
void
pn_test_server_add_handler (PnTestServer       *self,
                            const char         *path,
                            SoupServerCallback  callback,
                            gpointer            user_data)
{
  g_assert_null (self->thread);
  soup_server_add_handler (self->server, path, callback, user_data, NULL);
}

/* Serve HTTPS with @certificate. Call before starting. */
void
pn_test_server_set_certificate (PnTestServer    *self,
                                GTlsCertificate *certificate)
{
  g_assert_null (self->thread);
  soup_server_set_tls_certificate (self->server, certificate);
  self->https = TRUE;
}

void
pn_test_server_start (PnTestServer *self)
{
  self->thread = g_thread_new ("pn-test-server", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
pn_test_server_free (PnTestServer *self)
{
  if (self->thread != NULL)
    {
      g_main_context_invoke (self->context, quit_cb, self->loop);
      g_thread_join (self->thread);
    }
  g_clear_object (&self->server);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->hits, g_hash_table_unref);
  g_clear_pointer (&self->last_headers, soup_message_headers_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

/* "http://127.0.0.N:PORT" for host N-1, without a trailing slash. */
char *
pn_test_server_host_url (PnTestServer *self,
                         guint         host)
{
  g_assert_cmpuint (host, <, self->n_hosts);
  return g_strdup_printf ("%s://127.0.0.%u:%u", self->https ? "https" : "http",
                          host + 1, self->ports[host]);
}

char *
pn_test_server_url (PnTestServer *self,
                    guint         host,
                    const char   *path)
{
  g_autofree char *base = pn_test_server_host_url (self, host);

  return g_strconcat (base, path, NULL);
}

guint
pn_test_server_get_hits (PnTestServer *self,
                         const char   *path)
{
  guint hits;

  g_mutex_lock (&self->mutex);
  hits = GPOINTER_TO_UINT (g_hash_table_lookup (self->hits, path));
  g_mutex_unlock (&self->mutex);
  return hits;
}

guint
pn_test_server_get_total_hits (PnTestServer *self)
{
  guint hits;

  g_mutex_lock (&self->mutex);
  hits = self->total_hits;
  g_mutex_unlock (&self->mutex);
  return hits;
}

/* The most requests the server had in hand at once, over all hosts. With
 * HTTP/1.1 and no pipelining that is the number of busy connections.
 */
guint
pn_test_server_get_max_concurrent (PnTestServer *self)
{
  guint max;

  g_mutex_lock (&self->mutex);
  max = self->max_concurrent;
  g_mutex_unlock (&self->mutex);
  return max;
}

guint
pn_test_server_get_max_concurrent_for_host (PnTestServer *self,
                                            guint         host)
{
  guint max;

  g_assert_cmpuint (host, <, self->n_hosts);
  g_mutex_lock (&self->mutex);
  max = self->max_concurrent_per_host[host];
  g_mutex_unlock (&self->mutex);
  return max;
}

/* A header of the most recent request, or NULL. */
char *
pn_test_server_dup_last_header (PnTestServer *self,
                                const char   *name)
{
  char *value = NULL;

  g_mutex_lock (&self->mutex);
  if (self->last_headers != NULL)
    value = g_strdup (soup_message_headers_get_list (self->last_headers, name));
  g_mutex_unlock (&self->mutex);
  return value;
}

static gboolean
unpause_cb (gpointer data)
{
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

/* From a handler: send the response it prepared @delay_ms later, without
 * holding up the server's other requests.
 */
void
pn_test_server_respond_later (PnTestServer      *self,
                              SoupServerMessage *message,
                              guint              delay_ms)
{
  g_autoptr(GSource) source = g_timeout_source_new (delay_ms);

  soup_server_message_pause (message);
  g_source_set_callback (source, unpause_cb, g_object_ref (message), g_object_unref);
  g_source_attach (source, self->context);
}
