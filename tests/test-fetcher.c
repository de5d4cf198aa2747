/* test-fetcher.c — PnFetcher against real servers on loopback, one fault at
 * a time, and the fetch policy applied to what it returns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/socket.h>

#include "pn-core.h"
#include "pn-test-server.h"

#define FEED_ETAG          "\"v1\""
#define FEED_LAST_MODIFIED "Sun, 29 Nov 2026 10:00:00 GMT"
#define BOMB_SIZE          (32 * 1024 * 1024)
#define SMALL_CAP          (1024 * 1024)

static const char feed_body[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<rss version=\"2.0\"><channel><title>Loopback News</title>"
  "<link>http://127.0.0.1/</link><description>Test feed</description>"
  "<item><title>First story</title><link>http://127.0.0.1/1</link>"
  "<guid>1</guid><description>Hello</description></item>"
  "</channel></rss>\n";

typedef struct
{
  PnTestServer *server;
  GBytes       *gzip_body;
  GBytes       *deflate_body;
  GBytes       *bomb_body;
} Fixture;

static Fixture fixture;

/* Server side: runs in the server's thread. */

static GBytes *
compress_bytes (GZlibCompressorFormat  format,
                const void            *data,
                gsize                  len)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (format, -1);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (stream, data, len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
set_feed_response (SoupServerMessage *message,
                   const char        *content_type)
{
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_STATIC,
                                    feed_body, strlen (feed_body));
}

static void
handle_feed (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);
  const char *if_none_match = soup_message_headers_get_one (request, "If-None-Match");

  soup_message_headers_replace (response, "ETag", FEED_ETAG);
  soup_message_headers_replace (response, "Last-Modified", FEED_LAST_MODIFIED);
  /* A cookie the fetcher must never send back. */
  soup_message_headers_replace (response, "Set-Cookie", "tracker=42; Path=/");
  if (g_strcmp0 (if_none_match, FEED_ETAG) == 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  set_feed_response (message, "application/rss+xml");
}

static void
handle_last_modified (SoupServer        *server,
                      SoupServerMessage *message,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);

  soup_message_headers_replace (response, "Last-Modified", FEED_LAST_MODIFIED);
  if (g_strcmp0 (soup_message_headers_get_one (request, "If-Modified-Since"), FEED_LAST_MODIFIED) == 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  set_feed_response (message, "application/rss+xml");
}

static void
handle_encoded (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);
  GBytes *body;
  const char *encoding;

  if (g_str_equal (path, "/gzip.xml"))
    body = fixture.gzip_body, encoding = "gzip";
  else if (g_str_equal (path, "/deflate.xml"))
    body = fixture.deflate_body, encoding = "deflate";
  else
    body = fixture.bomb_body, encoding = "gzip";

  soup_message_headers_replace (response, "Content-Encoding", encoding);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
redirect (SoupServerMessage *message,
          guint              status,
          const char        *location)
{
  soup_server_message_set_status (message, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Location", location);
}

static void
handle_redirects (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  if (g_str_equal (path, "/moved"))
    redirect (message, SOUP_STATUS_MOVED_PERMANENTLY, "/feed.xml");
  else if (g_str_equal (path, "/moved-308"))
    redirect (message, SOUP_STATUS_PERMANENT_REDIRECT, "moved");
  else if (g_str_equal (path, "/found"))
    redirect (message, SOUP_STATUS_FOUND, "/feed.xml");
  else if (g_str_equal (path, "/chain"))
    redirect (message, SOUP_STATUS_MOVED_PERMANENTLY, "/found");
  else if (g_str_equal (path, "/loop-a"))
    redirect (message, SOUP_STATUS_FOUND, "/loop-b");
  else if (g_str_equal (path, "/loop-b"))
    redirect (message, SOUP_STATUS_FOUND, "/loop-a");
  else if (g_str_has_prefix (path, "/hop/"))
    {
      g_autofree char *next = g_strdup_printf ("/hop/%d", atoi (path + 5) + 1);

      redirect (message, SOUP_STATUS_TEMPORARY_REDIRECT, next);
    }
}

static void
handle_status (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);
  static const char page[] = "<html><body>No feed here</body></html>";

  if (g_str_equal (path, "/status/404"))
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
  else if (g_str_equal (path, "/status/410"))
    soup_server_message_set_status (message, SOUP_STATUS_GONE, NULL);
  else if (g_str_equal (path, "/status/429"))
    {
      soup_server_message_set_status (message, 429, "Too Many Requests");
      soup_message_headers_replace (response, "Retry-After", "120");
    }
  else if (g_str_equal (path, "/status/503"))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 600);
      g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);

      soup_server_message_set_status (message, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      soup_message_headers_replace (response, "Retry-After", date);
    }
  else
    soup_server_message_set_status (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);

  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
}

static void
handle_text_plain (SoupServer        *server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  set_feed_response (message, "text/plain");
}

static void
append_garbage_chunk (SoupServerMessage *message)
{
  static char chunk[64 * 1024];

  if (chunk[0] == '\0')
    memset (chunk, 'x', sizeof chunk);
  soup_message_body_append (soup_server_message_get_response_body (message),
                            SOUP_MEMORY_STATIC, chunk, sizeof chunk);
}

static void
endless_wrote_chunk_cb (SoupServerMessage *message,
                        gpointer           user_data)
{
  append_garbage_chunk (message);
}

static gboolean
trickle_cb (gpointer data)
{
  SoupServerMessage *message = data;

  soup_message_body_append (soup_server_message_get_response_body (message),
                            SOUP_MEMORY_STATIC, "<!-- -->", 8);
  soup_server_message_unpause (message);
  return G_SOURCE_REMOVE;
}

static void
trickle_wrote_chunk_cb (SoupServerMessage *message,
                        gpointer           user_data)
{
  g_autoptr(GSource) source = g_timeout_source_new (100);

  soup_server_message_pause (message);
  g_source_set_callback (source, trickle_cb, g_object_ref (message), g_object_unref);
  g_source_attach (source, g_main_context_get_thread_default ());
}

static void
handle_streams (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (response, "application/rss+xml", NULL);
  soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
  if (g_str_equal (path, "/endless"))
    {
      append_garbage_chunk (message);
      g_signal_connect (message, "wrote-chunk", G_CALLBACK (endless_wrote_chunk_cb), NULL);
    }
  else
    {
      soup_message_body_append (soup_server_message_get_response_body (message),
                                SOUP_MEMORY_STATIC, "<rss>", 5);
      g_signal_connect (message, "wrote-chunk", G_CALLBACK (trickle_wrote_chunk_cb), NULL);
    }
}

static void
handle_delayed (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  set_feed_response (message, "application/rss+xml");
  if (g_str_equal (path, "/slow"))
    pn_test_server_respond_later (fixture.server, message, 1500);
  else if (g_str_equal (path, "/busy"))
    pn_test_server_respond_later (fixture.server, message, 30);
}

/* Raw sockets for the faults a well-behaved HTTP server cannot produce. */

typedef struct
{
  GSocketService *service;
  GPtrArray      *held;
  guint16         port;
} RawServer;

static gboolean
hold_incoming_cb (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source_object,
                  RawServer         *raw)
{
  /* Accept, then never answer. */
  g_ptr_array_add (raw->held, g_object_ref (connection));
  return TRUE;
}

static gboolean
reset_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source_object,
                   RawServer         *raw)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  struct linger linger = { .l_onoff = 1, .l_linger = 0 };

  /* A zero linger time makes close() send a TCP reset. */
  g_assert_cmpint (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER,
                               &linger, sizeof linger), ==, 0);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
raw_server_start (RawServer *raw,
                  GCallback  incoming)
{
  g_autoptr(GError) error = NULL;

  raw->service = g_socket_service_new ();
  raw->held = g_ptr_array_new_with_free_func (g_object_unref);
  raw->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (raw->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (raw->service, "incoming", incoming, raw);
  g_socket_service_start (raw->service);
}

static void
raw_server_stop (RawServer *raw)
{
  g_socket_service_stop (raw->service);
  g_socket_listener_close (G_SOCKET_LISTENER (raw->service));
  g_clear_object (&raw->service);
  g_clear_pointer (&raw->held, g_ptr_array_unref);
}

/* Resolvers for names under .test: one that never answers (until
 * cancelled) and one that knows no name, so connect timeouts and DNS
 * failures can be tested without a network. */

G_DECLARE_FINAL_TYPE (TestResolver, test_resolver, TEST, RESOLVER, GResolver)

struct _TestResolver
{
  GResolver parent_instance;
  gboolean  hang;
};

G_DEFINE_FINAL_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static void
hang_until_cancelled (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  /* Bounded, so a bug cannot hang the test run. */
  for (guint i = 0; i < 1000 && !g_cancellable_is_cancelled (cancellable); i++)
    g_usleep (10 * 1000);
  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE, "gave up");
}

static void
test_resolver_lookup_async (GResolver           *resolver,
                            const char          *hostname,
                            GResolverNameLookupFlags flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  if (TEST_RESOLVER (resolver)->hang)
    {
      g_task_set_return_on_cancel (task, TRUE);
      g_task_run_in_thread (task, hang_until_cancelled);
      return;
    }
  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "No such host “%s”", hostname);
}

static void
test_resolver_lookup_by_name_async (GResolver           *resolver,
                                    const char          *hostname,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  test_resolver_lookup_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                              cancellable, callback, user_data);
}

static GList *
test_resolver_lookup_finish (GResolver     *resolver,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GList *
test_resolver_lookup_sync (GResolver     *resolver,
                           const char    *hostname,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No such host “%s”", hostname);
  return NULL;
}

static void
test_resolver_class_init (TestResolverClass *test_class)
{
  GResolverClass *klass = G_RESOLVER_CLASS (test_class);

  klass->lookup_by_name = test_resolver_lookup_sync;
  klass->lookup_by_name_async = test_resolver_lookup_by_name_async;
  klass->lookup_by_name_finish = test_resolver_lookup_finish;
  klass->lookup_by_name_with_flags_async = test_resolver_lookup_async;
  klass->lookup_by_name_with_flags_finish = test_resolver_lookup_finish;
}

static void
test_resolver_init (TestResolver *self)
{
}

/* Client side helpers. */

typedef struct
{
  PnFetchResult *result;
  GError        *error;
  gboolean       done;
  gint64         finished_at;
  int            index;
  GArray        *order;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_object (&outcome->result);
  g_clear_error (&outcome->error);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = pn_fetcher_fetch_finish (PN_FETCHER (object), res, &outcome->error);
  outcome->done = TRUE;
  outcome->finished_at = g_get_monotonic_time ();
  if (outcome->order != NULL)
    g_array_append_val (outcome->order, outcome->index);
}

static PnFetchResult *
fetch_request (PnFetcher      *fetcher,
               PnFetchRequest *request)
{
  Outcome outcome = { 0 };

  pn_fetcher_fetch_async (fetcher, request, NULL, fetched_cb, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (outcome.result);
  return outcome.result;
}

static PnFetchResult *
fetch_url (PnFetcher  *fetcher,
           const char *url)
{
  g_autoptr(PnFetchRequest) request = pn_fetch_request_new (url);

  return fetch_request (fetcher, request);
}

static PnFetchResult *
fetch_path (PnFetcher  *fetcher,
            const char *path)
{
  g_autofree char *url = pn_test_server_url (fixture.server, 0, path);

  return fetch_url (fetcher, url);
}

static void
wait_until_idle (PnFetcher *fetcher)
{
  while (pn_fetcher_get_n_active (fetcher) > 0 || pn_fetcher_get_n_queued (fetcher) > 0)
    g_main_context_iteration (NULL, TRUE);
  /* Let closing streams and dropped connections settle. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
assert_body_is_feed (PnFetchResult *result)
{
  GBytes *body = pn_fetch_result_get_body (result);

  g_assert_nonnull (body);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                   feed_body, strlen (feed_body));
}

/* The tests. */

static void
test_first_fetch (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = fetch_path (fetcher, "/feed.xml");
  g_autofree char *url = pn_test_server_url (fixture.server, 0, "/feed.xml");
  g_autofree char *user_agent = pn_test_server_dup_last_header (fixture.server, "User-Agent");
  g_autofree char *encodings = pn_test_server_dup_last_header (fixture.server, "Accept-Encoding");
  g_autofree char *accept = pn_test_server_dup_last_header (fixture.server, "Accept");

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_OK);
  g_assert_cmpstr (pn_fetch_result_get_code (result), ==, "ok");
  g_assert_true (pn_fetch_result_is_success (result));
  g_assert_cmpuint (pn_fetch_result_get_status (result), ==, 200);
  g_assert_cmpstr (pn_fetch_result_get_url (result), ==, url);
  g_assert_cmpstr (pn_fetch_result_get_final_url (result), ==, url);
  g_assert_null (pn_fetch_result_get_permanent_url (result));
  g_assert_cmpstr (pn_fetch_result_get_etag (result), ==, FEED_ETAG);
  g_assert_cmpstr (pn_fetch_result_get_last_modified (result), ==, FEED_LAST_MODIFIED);
  g_assert_cmpstr (pn_fetch_result_get_content_type (result), ==, "application/rss+xml");
  g_assert_cmpint (pn_fetch_result_get_retry_after (result), ==, -1);
  assert_body_is_feed (result);

  /* What the server saw: our User-Agent, compression on offer, feeds first. */
  g_assert_true (g_str_has_prefix (user_agent, "PrimeNews/"));
  g_assert_nonnull (strstr (user_agent, "(+http"));
  g_assert_cmpstr (user_agent, ==, pn_fetcher_get_user_agent (fetcher));
  g_assert_nonnull (strstr (encodings, "gzip"));
  g_assert_nonnull (strstr (encodings, "deflate"));
  g_assert_true (g_str_has_prefix (accept, "application/rss+xml"));
  g_assert_cmpuint (pn_fetcher_get_n_done (fetcher), ==, 1);
}

static void
test_no_cookies (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) first = fetch_path (fetcher, "/feed.xml");
  g_autoptr(PnFetchResult) second = fetch_path (fetcher, "/feed.xml");
  g_autofree char *cookie = pn_test_server_dup_last_header (fixture.server, "Cookie");

  g_assert_cmpint (pn_fetch_result_get_outcome (second), ==, PN_FETCH_OUTCOME_OK);
  g_assert_null (cookie);
}

static void
test_not_modified_etag (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (fixture.server, 0, "/feed.xml");
  g_autoptr(PnSource) source = pn_source_new ("s1", url);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(PnFetchRequest) first_request = pn_fetch_request_new_for_source (source);
  g_autoptr(PnFetchResult) first = fetch_request (fetcher, first_request);
  g_autoptr(PnFetchRequest) second_request = NULL;
  g_autoptr(PnFetchResult) second = NULL;
  g_autofree char *if_none_match = NULL;

  g_assert_null (first_request->etag);
  pn_fetch_policy_apply_result (source, first, 0, now);
  g_assert_cmpstr (pn_source_get_etag (source), ==, FEED_ETAG);
  g_assert_cmpstr (pn_source_get_last_status (source), ==, "ok");

  second_request = pn_fetch_request_new_for_source (source);
  second = fetch_request (fetcher, second_request);
  if_none_match = pn_test_server_dup_last_header (fixture.server, "If-None-Match");
  g_assert_cmpstr (if_none_match, ==, FEED_ETAG);
  g_assert_cmpint (pn_fetch_result_get_outcome (second), ==, PN_FETCH_OUTCOME_NOT_MODIFIED);
  g_assert_cmpstr (pn_fetch_result_get_code (second), ==, "not-modified");
  g_assert_cmpuint (pn_fetch_result_get_status (second), ==, 304);
  g_assert_true (pn_fetch_result_is_success (second));
  g_assert_null (pn_fetch_result_get_body (second));

  pn_fetch_policy_apply_result (source, second, 0, now);
  g_assert_cmpstr (pn_source_get_last_status (source), ==, "not-modified");
  g_assert_cmpstr (pn_source_get_etag (source), ==, FEED_ETAG);
  g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 0);
}

static void
test_not_modified_last_modified (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (fixture.server, 0, "/lm.xml");
  g_autoptr(PnSource) source = pn_source_new ("s1", url);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(PnFetchRequest) first_request = pn_fetch_request_new_for_source (source);
  g_autoptr(PnFetchResult) first = fetch_request (fetcher, first_request);
  g_autoptr(PnFetchRequest) second_request = NULL;
  g_autoptr(PnFetchResult) second = NULL;

  g_assert_cmpint (pn_fetch_result_get_outcome (first), ==, PN_FETCH_OUTCOME_OK);
  g_assert_null (pn_fetch_result_get_etag (first));
  pn_fetch_policy_apply_result (source, first, 0, now);
  g_assert_cmpstr (pn_source_get_last_modified (source), ==, FEED_LAST_MODIFIED);

  second_request = pn_fetch_request_new_for_source (source);
  g_assert_null (second_request->etag);
  second = fetch_request (fetcher, second_request);
  g_assert_cmpint (pn_fetch_result_get_outcome (second), ==, PN_FETCH_OUTCOME_NOT_MODIFIED);
}

static void
test_compressed (gconstpointer data)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = fetch_path (fetcher, data);

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_OK);
  assert_body_is_feed (result);
}

static void
test_permanent_redirect (gconstpointer data)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (fixture.server, 0, data);
  g_autofree char *target = pn_test_server_url (fixture.server, 0, "/feed.xml");
  g_autoptr(PnSource) source = pn_source_new ("s1", url);
  g_autoptr(PnFetchRequest) request = pn_fetch_request_new_for_source (source);
  g_autoptr(PnFetchResult) result = fetch_request (fetcher, request);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_OK);
  g_assert_cmpstr (pn_fetch_result_get_url (result), ==, url);
  g_assert_cmpstr (pn_fetch_result_get_final_url (result), ==, target);
  g_assert_cmpstr (pn_fetch_result_get_permanent_url (result), ==, target);
  assert_body_is_feed (result);

  pn_fetch_policy_apply_result (source, result, 0, now);
  g_assert_cmpstr (pn_source_get_url (source), ==, target);
}

static void
test_temporary_redirect (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (fixture.server, 0, "/found");
  g_autofree char *target = pn_test_server_url (fixture.server, 0, "/feed.xml");
  g_autoptr(PnSource) source = pn_source_new ("s1", url);
  g_autoptr(PnFetchRequest) request = pn_fetch_request_new_for_source (source);
  g_autoptr(PnFetchResult) result = fetch_request (fetcher, request);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_OK);
  g_assert_cmpstr (pn_fetch_result_get_final_url (result), ==, target);
  g_assert_null (pn_fetch_result_get_permanent_url (result));

  pn_fetch_policy_apply_result (source, result, 0, now);
  g_assert_cmpstr (pn_source_get_url (source), ==, url);
}

/* 301 then 302: the feed moved for good to the 302's address, which itself
 * only points somewhere for now. */
static void
test_mixed_redirects (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = fetch_path (fetcher, "/chain");
  g_autofree char *found = pn_test_server_url (fixture.server, 0, "/found");
  g_autofree char *target = pn_test_server_url (fixture.server, 0, "/feed.xml");

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_OK);
  g_assert_cmpstr (pn_fetch_result_get_permanent_url (result), ==, found);
  g_assert_cmpstr (pn_fetch_result_get_final_url (result), ==, target);
}

static void
test_redirect_loop (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = fetch_path (fetcher, "/loop-a");

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_REDIRECT_LOOP);
  g_assert_cmpstr (pn_fetch_result_get_code (result), ==, "redirect-loop");
  g_assert_false (pn_fetch_result_is_success (result));
  g_assert_nonnull (pn_fetch_result_get_message (result));
  g_assert_cmpuint (pn_test_server_get_hits (fixture.server, "/loop-b"), >=, 1);
}

static void
test_too_many_redirects (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  guint before = pn_test_server_get_total_hits (fixture.server);
  g_autoptr(PnFetchResult) result = fetch_path (fetcher, "/hop/0");

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_TOO_MANY_REDIRECTS);
  /* The first request and exactly five redirects followed. */
  g_assert_cmpuint (pn_test_server_get_total_hits (fixture.server) - before, ==,
                    PN_FETCHER_MAX_REDIRECTS + 1);
}

static void
test_not_found (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = fetch_path (fetcher, "/status/404");

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_HTTP_ERROR);
  g_assert_cmpstr (pn_fetch_result_get_code (result), ==, "http-error");
  g_assert_cmpuint (pn_fetch_result_get_status (result), ==, 404);
  g_assert_cmpstr (pn_fetch_result_get_reason (result), ==, "Not Found");
  g_assert_cmpstr (pn_fetch_result_get_message (result), ==, "HTTP 404: Not Found");
  g_assert_null (pn_fetch_result_get_body (result));
}

static void
test_gone (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (fixture.server, 0, "/status/410");
  g_autoptr(PnSource) source = pn_source_new ("s1", url);
  g_autoptr(PnFetchResult) result = fetch_url (fetcher, url);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_GONE);
  g_assert_cmpuint (pn_fetch_result_get_status (result), ==, 410);

  pn_fetch_policy_apply_result (source, result, 0, now);
  g_assert_false (pn_source_get_enabled (source));
  g_assert_cmpstr (pn_source_get_last_status (source), ==, "gone");
  g_assert_cmpstr (pn_fetch_result_get_message (result), ==, "HTTP 410: the address is gone for good");
  g_assert_cmpstr (pn_source_get_last_error (source), ==,
                   "The feed is gone for good (HTTP 410) and will not be refreshed again");
  g_assert_false (pn_fetch_policy_is_due (source, now));
}

static void
test_retry_after (gconstpointer data)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (fixture.server, 0, data);
  g_autoptr(PnSource) source = pn_source_new ("s1", url);
  g_autoptr(PnFetchResult) result = fetch_url (fetcher, url);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 wait = g_str_equal (data, "/status/429") ? 120 : 600;
  GTimeSpan delay;

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_HTTP_ERROR);
  /* The HTTP-date form is rounded to whole seconds on the way. */
  g_assert_cmpint (pn_fetch_result_get_retry_after (result), <=, wait);
  g_assert_cmpint (pn_fetch_result_get_retry_after (result), >=, wait - 2);

  pn_fetch_policy_apply_result (source, result, 0, now);
  g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 1);
  delay = g_date_time_difference (pn_source_get_next_fetch (source), now) / G_TIME_SPAN_SECOND;
  /* Not the one-minute backoff: the server's wish. */
  g_assert_cmpint (delay, ==, pn_fetch_result_get_retry_after (result));
  g_assert_true (pn_source_get_enabled (source));
}

static void
test_server_error (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (fixture.server, 0, "/status/500");
  g_autoptr(PnSource) source = pn_source_new ("s1", url);
  g_autoptr(PnFetchResult) result = fetch_url (fetcher, url);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expected = g_date_time_add_seconds (now, 60);

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_HTTP_ERROR);
  g_assert_cmpuint (pn_fetch_result_get_status (result), ==, 500);
  g_assert_cmpstr (pn_fetch_result_get_message (result), ==, "HTTP 500: Internal Server Error");

  pn_fetch_policy_apply_result (source, result, 0, now);
  g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 1);
  g_assert_cmpstr (pn_source_get_last_status (source), ==, "http-error");
  g_assert_true (g_date_time_equal (pn_source_get_next_fetch (source), expected));
}

static void
test_never_answers (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = NULL;
  g_autofree char *url = NULL;
  RawServer raw = { 0 };
  gint64 start;

  raw_server_start (&raw, G_CALLBACK (hold_incoming_cb));
  url = g_strdup_printf ("http://127.0.0.1:%u/feed.xml", raw.port);
  pn_fetcher_set_idle_timeout (fetcher, 300);

  start = g_get_monotonic_time ();
  result = fetch_url (fetcher, url);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_TIMEOUT);
  g_assert_cmpstr (pn_fetch_result_get_code (result), ==, "timeout");
  g_assert_cmpstr (pn_fetch_result_get_message (result), ==, "The server did not answer within 1 second");
  g_assert_cmpuint (raw.held->len, ==, 1);

  wait_until_idle (fetcher);
  raw_server_stop (&raw);
}

static void
test_connect_timeout (void)
{
  g_autoptr(GResolver) original = g_resolver_get_default ();
  g_autoptr(TestResolver) resolver = g_object_new (test_resolver_get_type (), NULL);
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = NULL;
  gint64 start;

  resolver->hang = TRUE;
  g_resolver_set_default (G_RESOLVER (resolver));
  pn_fetcher_set_connect_timeout (fetcher, 300);

  start = g_get_monotonic_time ();
  result = fetch_url (fetcher, "http://hangs.test/feed.xml");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_TIMEOUT);
  g_assert_cmpstr (pn_fetch_result_get_message (result), ==,
                   "Could not connect to “hangs.test” within 1 second");

  wait_until_idle (fetcher);
  g_resolver_set_default (original);
}

static void
test_dns_error (void)
{
  g_autoptr(GResolver) original = g_resolver_get_default ();
  g_autoptr(GResolver) resolver = g_object_new (test_resolver_get_type (), NULL);
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = NULL;

  g_resolver_set_default (resolver);
  result = fetch_url (fetcher, "https://no-such-host.test/feed.xml");
  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_DNS_ERROR);
  g_assert_cmpstr (pn_fetch_result_get_code (result), ==, "dns-error");
  g_assert_cmpstr (pn_fetch_result_get_message (result), ==,
                   "Could not find the server “no-such-host.test”");

  wait_until_idle (fetcher);
  g_resolver_set_default (original);
}

/* A server that keeps sending a little: never idle, but never done. */
static void
test_request_timeout (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = NULL;
  gint64 start;

  pn_fetcher_set_idle_timeout (fetcher, 1000);
  pn_fetcher_set_request_timeout (fetcher, 600);

  start = g_get_monotonic_time ();
  result = fetch_path (fetcher, "/trickle");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_TIMEOUT);
  g_assert_nonnull (strstr (pn_fetch_result_get_message (result), "did not finish"));
  wait_until_idle (fetcher);
}

/* A certificate no authority signed: the fetcher must refuse it. */
static void
test_untrusted_certificate (void)
{
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "fixtures", "net", "self-signed.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(PnTestServer) https_server = pn_test_server_new (1);
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  certificate = g_tls_certificate_new_from_file (pem, &error);
  g_assert_no_error (error);
  pn_test_server_add_handler (https_server, "/feed.xml", handle_feed, NULL);
  pn_test_server_set_certificate (https_server, certificate);
  pn_test_server_start (https_server);
  url = pn_test_server_url (https_server, 0, "/feed.xml");
  g_assert_true (g_str_has_prefix (url, "https://"));

  result = fetch_url (fetcher, url);
  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_TLS_ERROR);
  g_assert_cmpstr (pn_fetch_result_get_code (result), ==, "tls-error");
  g_assert_nonnull (strstr (pn_fetch_result_get_message (result), "“127.0.0.1”"));
  g_assert_null (pn_fetch_result_get_body (result));
  /* Nothing was asked over the untrusted connection. */
  g_assert_cmpuint (pn_test_server_get_total_hits (https_server), ==, 0);

  wait_until_idle (fetcher);
}

static void
test_connection_reset (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = NULL;
  g_autofree char *url = NULL;
  RawServer raw = { 0 };

  raw_server_start (&raw, G_CALLBACK (reset_incoming_cb));
  url = g_strdup_printf ("http://127.0.0.1:%u/feed.xml", raw.port);

  result = fetch_url (fetcher, url);
  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_CONNECTION_RESET);
  g_assert_cmpstr (pn_fetch_result_get_code (result), ==, "connection-reset");

  wait_until_idle (fetcher);
  raw_server_stop (&raw);
}

static void
test_connection_refused (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = NULL;
  g_autofree char *url = NULL;
  RawServer raw = { 0 };
  guint16 port;

  /* A port that was free a moment ago: nobody listens there now. */
  raw_server_start (&raw, G_CALLBACK (hold_incoming_cb));
  port = raw.port;
  raw_server_stop (&raw);
  url = g_strdup_printf ("http://127.0.0.1:%u/feed.xml", port);

  result = fetch_url (fetcher, url);
  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (pn_fetch_result_get_message (result), "127.0.0.1"));
}

static void
test_invalid_url (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = fetch_url (fetcher, "ftp://example.org/feed");

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_INVALID_URL);
  g_assert_cmpstr (pn_fetch_result_get_code (result), ==, "invalid-url");
  g_assert_nonnull (strstr (pn_fetch_result_get_message (result), "ftp://example.org/feed"));
  g_assert_null (pn_fetch_result_get_final_url (result));
}

static void
test_endless_body (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (fixture.server, 0, "/endless");
  g_autoptr(PnFetchRequest) request = pn_fetch_request_new (url);
  g_autoptr(PnFetchResult) result = NULL;

  request->max_size = SMALL_CAP;
  result = fetch_request (fetcher, request);
  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_TOO_LARGE);
  g_assert_cmpstr (pn_fetch_result_get_code (result), ==, "too-large");
  g_assert_null (pn_fetch_result_get_body (result));
  wait_until_idle (fetcher);

  /* The fetcher's own cap applies when the request has none. */
  pn_fetcher_set_max_size (fetcher, SMALL_CAP);
  g_clear_object (&result);
  result = fetch_url (fetcher, url);
  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_TOO_LARGE);
  wait_until_idle (fetcher);
}

static void
test_gzip_bomb (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (fixture.server, 0, "/bomb");
  g_autoptr(PnFetchRequest) request = pn_fetch_request_new (url);
  g_autoptr(PnFetchResult) result = NULL;

  /* Small on the wire, far beyond the cap once inflated. */
  g_assert_cmpuint (g_bytes_get_size (fixture.bomb_body), <, SMALL_CAP);
  request->max_size = SMALL_CAP;
  result = fetch_request (fetcher, request);
  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_TOO_LARGE);
  wait_until_idle (fetcher);
}

static void
test_wrong_content_type (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnFetchResult) result = fetch_path (fetcher, "/text-plain");

  g_assert_cmpint (pn_fetch_result_get_outcome (result), ==, PN_FETCH_OUTCOME_OK);
  g_assert_cmpstr (pn_fetch_result_get_content_type (result), ==, "text/plain");
  assert_body_is_feed (result);
}

static void
test_slow_among_fast (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (int));
  Outcome outcomes[7] = { 0 };
  guint n_done = 0;

  for (int i = 0; i < 7; i++)
    {
      g_autofree char *path = i == 0 ? g_strdup ("/slow") : g_strdup_printf ("/feed.xml?n=%d", i);
      g_autofree char *url = pn_test_server_url (fixture.server, 0, path);
      g_autoptr(PnFetchRequest) request = pn_fetch_request_new (url);

      outcomes[i].index = i;
      outcomes[i].order = order;
      pn_fetcher_fetch_async (fetcher, request, NULL, fetched_cb, &outcomes[i]);
    }
  g_assert_cmpuint (pn_fetcher_get_n_queued (fetcher) + pn_fetcher_get_n_active (fetcher), ==, 7);

  while (n_done < 7)
    {
      g_main_context_iteration (NULL, TRUE);
      n_done = 0;
      for (int i = 0; i < 7; i++)
        n_done += outcomes[i].done;
    }

  /* Every fast feed finished before the slow one, which still succeeded. */
  g_assert_cmpuint (order->len, ==, 7);
  g_assert_cmpint (g_array_index (order, int, 6), ==, 0);
  for (int i = 0; i < 7; i++)
    {
      g_assert_no_error (outcomes[i].error);
      g_assert_cmpint (pn_fetch_result_get_outcome (outcomes[i].result), ==, PN_FETCH_OUTCOME_OK);
      if (i > 0)
        g_assert_cmpint (outcomes[i].finished_at, <, outcomes[0].finished_at);
      outcome_clear (&outcomes[i]);
    }
  g_assert_cmpuint (pn_fetcher_get_n_done (fetcher), ==, 7);
}

/* Queued fetches start by priority, then in arrival order. */
static void
test_priority (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new_with_limits (1, 1);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (int));
  const int priorities[] = { G_PRIORITY_DEFAULT, G_PRIORITY_LOW, G_PRIORITY_DEFAULT, G_PRIORITY_HIGH };
  const int expected[] = { 0, 3, 2, 1 };
  Outcome outcomes[G_N_ELEMENTS (priorities)] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    {
      g_autofree char *path = g_strdup_printf ("/busy?n=%u", i);
      g_autofree char *url = pn_test_server_url (fixture.server, 0, path);
      g_autoptr(PnFetchRequest) request = pn_fetch_request_new (url);

      request->priority = priorities[i];
      outcomes[i].index = (int) i;
      outcomes[i].order = order;
      pn_fetcher_fetch_async (fetcher, request, NULL, fetched_cb, &outcomes[i]);
    }

  while (order->len < G_N_ELEMENTS (priorities))
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    {
      g_assert_cmpint (g_array_index (order, int, i), ==, expected[i]);
      outcome_clear (&outcomes[i]);
    }
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_in_flight (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new_with_limits (1, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) queued_cancellable = g_cancellable_new ();
  g_autofree char *url = NULL;
  g_autofree char *queued_url = NULL;
  g_autoptr(PnFetchRequest) request = NULL;
  g_autoptr(PnFetchRequest) queued_request = NULL;
  Outcome outcome = { 0 };
  Outcome queued = { 0 };
  RawServer raw = { 0 };
  gint64 start;

  raw_server_start (&raw, G_CALLBACK (hold_incoming_cb));
  url = g_strdup_printf ("http://127.0.0.1:%u/feed.xml", raw.port);
  queued_url = g_strdup_printf ("http://127.0.0.1:%u/other.xml", raw.port);
  request = pn_fetch_request_new (url);
  queued_request = pn_fetch_request_new (queued_url);

  /* One slot: the second fetch waits in the queue behind the first. */
  pn_fetcher_fetch_async (fetcher, request, cancellable, fetched_cb, &outcome);
  pn_fetcher_fetch_async (fetcher, queued_request, queued_cancellable, fetched_cb, &queued);
  g_assert_cmpuint (pn_fetcher_get_n_active (fetcher), ==, 1);
  g_assert_cmpuint (pn_fetcher_get_n_queued (fetcher), ==, 1);

  g_cancellable_cancel (queued_cancellable);
  while (!queued.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (queued.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (queued.result);
  g_assert_false (outcome.done);
  g_assert_cmpuint (pn_fetcher_get_n_queued (fetcher), ==, 0);

  /* Cancel the active one once the server holds its connection. */
  start = g_get_monotonic_time ();
  g_timeout_add (200, cancel_cb, cancellable);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (raw.held->len, ==, 1);

  wait_until_idle (fetcher);
  g_assert_cmpuint (pn_fetcher_get_n_active (fetcher), ==, 0);
  outcome_clear (&outcome);
  outcome_clear (&queued);
  raw_server_stop (&raw);
}

typedef struct
{
  PnFetcher *fetcher;
  guint      max_active;
  guint      max_queued;
} ProgressWatch;

static void
progress_cb (GObject       *object,
             GParamSpec    *pspec,
             ProgressWatch *watch)
{
  watch->max_active = MAX (watch->max_active, pn_fetcher_get_n_active (watch->fetcher));
  watch->max_queued = MAX (watch->max_queued, pn_fetcher_get_n_queued (watch->fetcher));
}

static void
test_many_at_once (void)
{
  const guint n_fetches = 200;
  const guint n_hosts = 4;
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree Outcome *outcomes = g_new0 (Outcome, n_fetches);
  ProgressWatch watch = { fetcher, 0, 0 };
  guint before = pn_test_server_get_total_hits (fixture.server);
  guint n_done = 0;

  g_assert_cmpuint (pn_fetcher_get_max_conns (fetcher), ==, 8);
  g_assert_cmpuint (pn_fetcher_get_max_conns_per_host (fetcher), ==, 2);
  g_signal_connect (fetcher, "notify::n-active", G_CALLBACK (progress_cb), &watch);
  g_signal_connect (fetcher, "notify::n-queued", G_CALLBACK (progress_cb), &watch);

  for (guint i = 0; i < n_fetches; i++)
    {
      g_autofree char *path = g_strdup_printf ("/busy?n=%u", i);
      g_autofree char *url = pn_test_server_url (fixture.server, i % n_hosts, path);
      g_autoptr(PnFetchRequest) request = pn_fetch_request_new (url);

      pn_fetcher_fetch_async (fetcher, request, NULL, fetched_cb, &outcomes[i]);
    }

  while (n_done < n_fetches)
    {
      g_main_context_iteration (NULL, TRUE);
      n_done = pn_fetcher_get_n_done (fetcher);
    }
  /* The last callbacks may still be on their way. */
  for (guint i = 0; i < n_fetches; i++)
    while (!outcomes[i].done)
      g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < n_fetches; i++)
    {
      g_assert_no_error (outcomes[i].error);
      g_assert_cmpint (pn_fetch_result_get_outcome (outcomes[i].result), ==, PN_FETCH_OUTCOME_OK);
      outcome_clear (&outcomes[i]);
    }

  g_assert_cmpuint (pn_test_server_get_total_hits (fixture.server) - before, ==, n_fetches);
  /* The limits held on the wire, and were actually reached. */
  g_assert_cmpuint (pn_test_server_get_max_concurrent (fixture.server), <=, 8);
  for (guint host = 0; host < n_hosts; host++)
    g_assert_cmpuint (pn_test_server_get_max_concurrent_for_host (fixture.server, host), ==, 2);
  g_assert_cmpuint (watch.max_active, ==, 8);
  g_assert_cmpuint (watch.max_queued, ==, n_fetches - 8);
  g_assert_cmpuint (pn_fetcher_get_n_queued (fetcher), ==, 0);
  g_assert_cmpuint (pn_fetcher_get_n_active (fetcher), ==, 0);
  g_signal_handlers_disconnect_by_data (fetcher, &watch);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *zeros = g_malloc0 (BOMB_SIZE);
  int status;

  g_test_init (&argc, &argv, NULL);

  fixture.gzip_body = compress_bytes (G_ZLIB_COMPRESSOR_FORMAT_GZIP, feed_body, strlen (feed_body));
  fixture.deflate_body = compress_bytes (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, feed_body, strlen (feed_body));
  fixture.bomb_body = compress_bytes (G_ZLIB_COMPRESSOR_FORMAT_GZIP, zeros, BOMB_SIZE);
  g_clear_pointer (&zeros, g_free);

  /* Four loopback addresses: four distinct hosts to the fetcher. */
  fixture.server = pn_test_server_new (4);
  pn_test_server_add_handler (fixture.server, "/feed.xml", handle_feed, NULL);
  pn_test_server_add_handler (fixture.server, "/lm.xml", handle_last_modified, NULL);
  pn_test_server_add_handler (fixture.server, "/gzip.xml", handle_encoded, NULL);
  pn_test_server_add_handler (fixture.server, "/deflate.xml", handle_encoded, NULL);
  pn_test_server_add_handler (fixture.server, "/bomb", handle_encoded, NULL);
  for (guint i = 0; i < 7; i++)
    {
      static const char * const paths[] = { "/moved", "/moved-308", "/found", "/chain",
                                            "/loop-a", "/loop-b", "/hop" };
      pn_test_server_add_handler (fixture.server, paths[i], handle_redirects, NULL);
    }
  pn_test_server_add_handler (fixture.server, "/status", handle_status, NULL);
  pn_test_server_add_handler (fixture.server, "/text-plain", handle_text_plain, NULL);
  pn_test_server_add_handler (fixture.server, "/endless", handle_streams, NULL);
  pn_test_server_add_handler (fixture.server, "/trickle", handle_streams, NULL);
  pn_test_server_add_handler (fixture.server, "/slow", handle_delayed, NULL);
  pn_test_server_add_handler (fixture.server, "/busy", handle_delayed, NULL);
  pn_test_server_start (fixture.server);

  g_test_add_func ("/fetcher/first-fetch", test_first_fetch);
  g_test_add_func ("/fetcher/no-cookies", test_no_cookies);
  g_test_add_func ("/fetcher/not-modified/etag", test_not_modified_etag);
  g_test_add_func ("/fetcher/not-modified/last-modified", test_not_modified_last_modified);
  g_test_add_data_func ("/fetcher/compressed/gzip", "/gzip.xml", test_compressed);
  g_test_add_data_func ("/fetcher/compressed/deflate", "/deflate.xml", test_compressed);
  g_test_add_data_func ("/fetcher/redirect/301", "/moved", test_permanent_redirect);
  g_test_add_data_func ("/fetcher/redirect/308-then-301", "/moved-308", test_permanent_redirect);
  g_test_add_func ("/fetcher/redirect/302", test_temporary_redirect);
  g_test_add_func ("/fetcher/redirect/301-then-302", test_mixed_redirects);
  g_test_add_func ("/fetcher/redirect/loop", test_redirect_loop);
  g_test_add_func ("/fetcher/redirect/too-many", test_too_many_redirects);
  g_test_add_func ("/fetcher/status/404", test_not_found);
  g_test_add_func ("/fetcher/status/410", test_gone);
  g_test_add_data_func ("/fetcher/status/429-retry-after-seconds", "/status/429", test_retry_after);
  g_test_add_data_func ("/fetcher/status/503-retry-after-date", "/status/503", test_retry_after);
  g_test_add_func ("/fetcher/status/500", test_server_error);
  g_test_add_func ("/fetcher/fault/never-answers", test_never_answers);
  g_test_add_func ("/fetcher/fault/request-timeout", test_request_timeout);
  g_test_add_func ("/fetcher/fault/connect-timeout", test_connect_timeout);
  g_test_add_func ("/fetcher/fault/dns-error", test_dns_error);
  g_test_add_func ("/fetcher/fault/connection-reset", test_connection_reset);
  g_test_add_func ("/fetcher/fault/untrusted-certificate", test_untrusted_certificate);
  g_test_add_func ("/fetcher/fault/connection-refused", test_connection_refused);
  g_test_add_func ("/fetcher/fault/invalid-url", test_invalid_url);
  g_test_add_func ("/fetcher/fault/endless-body", test_endless_body);
  g_test_add_func ("/fetcher/fault/gzip-bomb", test_gzip_bomb);
  g_test_add_func ("/fetcher/wrong-content-type", test_wrong_content_type);
  g_test_add_func ("/fetcher/slow-among-fast", test_slow_among_fast);
  g_test_add_func ("/fetcher/priority", test_priority);
  g_test_add_func ("/fetcher/cancel", test_cancel_in_flight);
  g_test_add_func ("/fetcher/many-at-once", test_many_at_once);

  status = g_test_run ();

  pn_test_server_free (fixture.server);
  g_bytes_unref (fixture.gzip_body);
  g_bytes_unref (fixture.deflate_body);
  g_bytes_unref (fixture.bomb_body);
  return status;
}
