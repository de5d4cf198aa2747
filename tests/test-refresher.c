/* test-refresher.c — PnRefresher on a real PnLibrary (in an isolated data
 * dir) against loopback servers: what each outcome leaves on the source and
 * in the store, politeness between refreshes, progress, cancellation, and
 * many sources at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pn-core.h"
#include "pn-test-dir.h"
#include "pn-test-server.h"
#include "pn-test-store.h"

#define N_HOSTS        4
#define N_ITEMS        3
#define LAST_MODIFIED  "Sun, 29 Nov 2026 10:00:00 GMT"
#define SLOW_MS        1500
#define HANG_MS        3000
#define RETRY_AFTER    3600

/* Server side: runs in the server's thread. Feeds live at
 * /feed/MODE/NAME, where MODE says which validators the server sends and
 * honours ("etag", "lm", "none") or how late it answers ("slow", "busy").
 */

static char *
make_feed (const char *name)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<rss version=\"2.0\"><channel><title>%s News</title>"
                          "<link>http://example.org/%s/</link><description>Loopback</description>",
                          name, name);
  for (guint i = 1; i <= N_ITEMS; i++)
    g_string_append_printf (text,
                            "<item><title>%s story %u</title><link>http://example.org/%s/%u</link>"
                            "<guid isPermaLink=\"false\">%s-%u</guid>"
                            "<pubDate>Sun, %02u Nov 2026 08:00:00 GMT</pubDate>"
                            "<description>&lt;p&gt;Story %u of %s&lt;/p&gt;</description></item>",
                            name, i, name, i, name, i, i, i, name);
  g_string_append (text, "</channel></rss>\n");
  return g_string_free (text, FALSE);
}

static void
serve_feed (SoupServerMessage *message,
            const char        *name)
{
  char *body = make_feed (name);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_TAKE,
                                    body, strlen (body));
}

static void
feed_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  PnTestServer *test_server = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  const char *mode;
  const char *name;

  /* "", "feed", MODE, NAME */
  if (g_strv_length (parts) != 4)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  mode = parts[2];
  name = parts[3];

  if (g_str_equal (mode, "etag"))
    {
      g_autofree char *etag = g_strdup_printf ("\"%s-v1\"", name);

      soup_message_headers_replace (response, "ETag", etag);
      if (g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), etag) == 0)
        {
          soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
          return;
        }
    }
  else if (g_str_equal (mode, "lm"))
    {
      soup_message_headers_replace (response, "Last-Modified", LAST_MODIFIED);
      if (g_strcmp0 (soup_message_headers_get_one (request, "If-Modified-Since"), LAST_MODIFIED) == 0)
        {
          soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
          return;
        }
    }

  serve_feed (message, name);
  if (g_str_equal (mode, "slow"))
    pn_test_server_respond_later (test_server, message, SLOW_MS);
  else if (g_str_equal (mode, "busy"))
    pn_test_server_respond_later (test_server, message, 30);
}

static void
moved_cb (SoupServer        *server,
          SoupServerMessage *message,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  /* /moved/MODE/NAME → /feed/MODE/NAME, for good */
  g_autofree char *location = g_strconcat ("/feed/", path + strlen ("/moved/"), NULL);

  soup_server_message_set_status (message, SOUP_STATUS_MOVED_PERMANENTLY, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Location", location);
}

static void
page_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  static const char page[] =
    "<!DOCTYPE html><html><head><title>Front page</title>"
    "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"All stories\" href=\"/feed/none/front\">"
    "</head><body><h1>Welcome</h1><p>Read our news.</p></body></html>";

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
}

static void
status_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  PnTestServer *test_server = user_data;
  static const char page[] = "<html><body>Nothing here</body></html>";
  guint64 status = 0;

  if (g_str_equal (path, "/status/hang"))
    {
      /* Answers, but only long after the client's idle timeout. */
      serve_feed (message, "late");
      pn_test_server_respond_later (test_server, message, HANG_MS);
      return;
    }

  g_assert_true (g_ascii_string_to_unsigned (path + strlen ("/status/"), 10, 400, 599, &status, NULL));
  soup_server_message_set_status (message, (guint) status, NULL);
  if (status == 429)
    {
      g_autofree char *seconds = g_strdup_printf ("%d", RETRY_AFTER);

      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Retry-After", seconds);
    }
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
}

static PnTestServer *
start_server (void)
{
  PnTestServer *server = pn_test_server_new (N_HOSTS);

  pn_test_server_add_handler (server, "/feed", feed_cb, server);
  pn_test_server_add_handler (server, "/moved", moved_cb, server);
  pn_test_server_add_handler (server, "/page.html", page_cb, server);
  pn_test_server_add_handler (server, "/status", status_cb, server);
  pn_test_server_start (server);
  return server;
}

/* A listener that resets every connection it accepts: a fault a well-behaved
 * HTTP server cannot produce. */

static gboolean
reset_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source_object,
                   gpointer           user_data)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  struct linger linger = { .l_onoff = 1, .l_linger = 0 };

  /* A zero linger time makes close() send a TCP reset. */
  g_assert_cmpint (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER,
                               &linger, sizeof linger), ==, 0);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static GSocketService *
start_reset_server (guint16 *port)
{
  GSocketService *service = g_socket_service_new ();
  g_autoptr(GError) error = NULL;

  *port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (reset_incoming_cb), NULL);
  g_socket_service_start (service);
  return service;
}

static void
stop_reset_server (GSocketService *service)
{
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_object_unref (service);
}

/* Client side. */

typedef struct
{
  PnTestServer *server;
  char         *data_dir;
  PnLibrary    *library;
  PnFetcher    *fetcher;
  PnRefresher  *refresher;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = start_server ();
  fixture->data_dir = pn_test_dir_new ("test-refresher");
  fixture->library = pn_test_open_library (fixture->data_dir, PN_LIBRARY_LOAD_DEFAULT);
  fixture->fetcher = pn_fetcher_new ();
  fixture->refresher = pn_refresher_new (fixture->library, fixture->fetcher);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (fixture->library != NULL)
    {
      pn_library_flush (fixture->library, &error);
      g_assert_no_error (error);
    }
  g_clear_object (&fixture->refresher);
  g_clear_object (&fixture->fetcher);
  g_clear_object (&fixture->library);
  /* Let closing connections and finished tasks settle. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&fixture->server, pn_test_server_free);
  pn_test_dir_remove (fixture->data_dir);
  g_free (fixture->data_dir);
}

static PnSource *
add_source (Fixture    *fixture,
            guint       host,
            const char *path)
{
  g_autofree char *url = pn_test_server_url (fixture->server, host, path);
  g_autoptr(GError) error = NULL;
  PnSource *source;

  source = pn_library_add_source (fixture->library, url, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (source);
  return source;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* @sources: NULL refreshes every source of the library. */
static PnRefreshSummary *
refresh_full (Fixture        *fixture,
              GPtrArray      *sources,
              PnRefreshFlags  flags,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pn_refresher_refresh_async (fixture->refresher, sources, flags, cancellable,
                              store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return pn_refresher_refresh_finish (fixture->refresher, result, error);
}

static PnRefreshSummary *
refresh (Fixture        *fixture,
         PnRefreshFlags  flags)
{
  g_autoptr(GError) error = NULL;
  PnRefreshSummary *summary = refresh_full (fixture, NULL, flags, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  g_assert_false (pn_refresher_get_running (fixture->refresher));
  return summary;
}

static guint
n_stories (Fixture  *fixture,
           PnSource *source)
{
  return g_list_model_get_n_items (pn_library_get_source_stories (fixture->library, source));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The ids of the source's stories, sorted, joined by spaces. */
static char *
dup_story_ids (Fixture  *fixture,
               PnSource *source)
{
  GListModel *model = pn_library_get_source_stories (fixture->library, source);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (model, i);

      g_ptr_array_add (ids, g_strdup (pn_story_get_id (story)));
    }
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (char **) ids->pdata);
}

static char *
stories_file (Fixture  *fixture,
              PnSource *source)
{
  g_autofree char *name = g_strconcat (pn_source_get_id (source), ".json", NULL);

  return g_build_filename (fixture->data_dir, "stories", name, NULL);
}

/* The stories a stories/ID.json file holds; -1 when there is no file. */
static int
count_stories_in_file (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return -1;
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  return (int) json_array_get_length (json_object_get_array_member (root, "stories"));
}

static void
assert_seconds_from_now (GDateTime *when,
                         gint64     seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 delta;

  g_assert_nonnull (when);
  delta = g_date_time_difference (when, now) / G_TIME_SPAN_SECOND;
  g_assert_cmpint (delta, >=, seconds - 5);
  g_assert_cmpint (delta, <=, seconds + 1);
}

/* The tests. */

static void
test_first_refresh (Fixture       *fixture,
                    gconstpointer  data)
{
  PnSource *source = add_source (fixture, 0, "/feed/etag/alpha");
  g_autoptr(PnRefreshSummary) summary = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  summary = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (summary->n_sources, ==, 1);
  g_assert_cmpuint (summary->n_updated, ==, 1);
  g_assert_cmpuint (summary->n_not_modified, ==, 0);
  g_assert_cmpuint (summary->n_failed, ==, 0);
  g_assert_cmpuint (summary->n_skipped, ==, 0);
  g_assert_cmpuint (summary->n_new_stories, ==, N_ITEMS);
  g_assert_cmpuint (summary->failed->len, ==, 0);

  /* What the feed says about itself lands on the source. */
  g_assert_cmpstr (pn_source_get_title (source), ==, "alpha News");
  g_assert_cmpstr (pn_source_get_site_url (source), ==, "http://example.org/alpha/");
  g_assert_cmpstr (pn_source_get_etag (source), ==, "\"alpha-v1\"");
  g_assert_cmpstr (pn_source_get_last_status (source), ==, "ok");
  g_assert_null (pn_source_get_last_error (source));
  g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 0);
  g_assert_nonnull (pn_source_get_last_fetched (source));
  g_assert_cmpuint (n_stories (fixture, source), ==, N_ITEMS);
  g_assert_cmpuint (pn_source_get_unread_count (source), ==, N_ITEMS);

  pn_library_flush (fixture->library, &error);
  g_assert_no_error (error);
  path = stories_file (fixture, source);
  g_assert_cmpint (count_stories_in_file (path), ==, N_ITEMS);
}

/* The second refresh of an unchanged feed is a 304: counted as not
 * modified, nothing parsed, the stories file left alone. */
static void
test_not_modified (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *mode = data;
  g_autofree char *feed_path = g_strconcat ("/feed/", mode, "/beta", NULL);
  PnSource *source = add_source (fixture, 0, feed_path);
  g_autoptr(PnRefreshSummary) first = NULL;
  g_autoptr(PnRefreshSummary) second = NULL;
  g_autofree char *path = stories_file (fixture, source);
  g_autofree char *if_none_match = NULL;
  g_autofree char *if_modified_since = NULL;
  g_autofree char *ids_before = NULL;
  g_autofree char *ids_after = NULL;
  g_autoptr(GError) error = NULL;
  struct stat before, after;

  first = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (first->n_updated, ==, 1);
  pn_library_flush (fixture->library, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  ids_before = dup_story_ids (fixture, source);

  second = refresh (fixture, PN_REFRESH_DEFAULT);
  if_none_match = pn_test_server_dup_last_header (fixture->server, "If-None-Match");
  if_modified_since = pn_test_server_dup_last_header (fixture->server, "If-Modified-Since");
  if (g_str_equal (mode, "etag"))
    g_assert_cmpstr (if_none_match, ==, "\"beta-v1\"");
  else
    g_assert_cmpstr (if_modified_since, ==, LAST_MODIFIED);

  g_assert_cmpuint (second->n_sources, ==, 1);
  g_assert_cmpuint (second->n_not_modified, ==, 1);
  g_assert_cmpuint (second->n_updated, ==, 0);
  g_assert_cmpuint (second->n_failed, ==, 0);
  g_assert_cmpuint (second->n_new_stories, ==, 0);
  g_assert_cmpstr (pn_source_get_last_status (source), ==, "not-modified");
  g_assert_cmpuint (pn_test_server_get_hits (fixture->server, feed_path), ==, 2);

  /* No merge happened: the stories file was not rewritten (an atomic
   * rewrite would be a new inode) and the stories are the same. */
  pn_library_flush (fixture->library, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);
  ids_after = dup_story_ids (fixture, source);
  g_assert_cmpstr (ids_before, ==, ids_after);
}

/* A server that ignores validators sends the same feed again: stable ids
 * make it an update with nothing new, and no duplicates. */
static void
test_same_feed_twice (Fixture       *fixture,
                      gconstpointer  data)
{
  PnSource *source = add_source (fixture, 0, "/feed/none/gamma");
  g_autoptr(PnRefreshSummary) first = NULL;
  g_autoptr(PnRefreshSummary) second = NULL;
  g_autofree char *ids_before = NULL;
  g_autofree char *ids_after = NULL;
  g_autofree char *path = stories_file (fixture, source);
  g_autoptr(GError) error = NULL;

  first = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (first->n_new_stories, ==, N_ITEMS);
  ids_before = dup_story_ids (fixture, source);

  second = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (second->n_updated, ==, 1);
  g_assert_cmpuint (second->n_new_stories, ==, 0);
  g_assert_cmpuint (n_stories (fixture, source), ==, N_ITEMS);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_stories (fixture->library)), ==, N_ITEMS);
  ids_after = dup_story_ids (fixture, source);
  g_assert_cmpstr (ids_before, ==, ids_after);

  pn_library_flush (fixture->library, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_stories_in_file (path), ==, N_ITEMS);
}

static void
test_not_a_feed (Fixture       *fixture,
                 gconstpointer  data)
{
  PnSource *first = add_source (fixture, 0, "/feed/none/one");
  PnSource *page = add_source (fixture, 1, "/page.html");
  PnSource *last = add_source (fixture, 2, "/feed/none/two");
  g_autoptr(PnRefreshSummary) summary = NULL;
  g_autofree char *hint = pn_test_server_url (fixture->server, 1, "/feed/none/front");

  summary = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (summary->n_sources, ==, 3);
  g_assert_cmpuint (summary->n_updated, ==, 2);
  g_assert_cmpuint (summary->n_failed, ==, 1);
  g_assert_cmpuint (summary->failed->len, ==, 1);
  g_assert_true (g_ptr_array_index (summary->failed, 0) == page);

  g_assert_cmpstr (pn_source_get_last_status (page), ==, "not-a-feed");
  g_assert_nonnull (strstr (pn_source_get_last_error (page), "HTML page"));
  /* The page links to a feed: the message says where to look. */
  g_assert_nonnull (strstr (pn_source_get_last_error (page), hint));
  g_assert_cmpuint (pn_source_get_consecutive_failures (page), ==, 1);
  assert_seconds_from_now (pn_source_get_next_fetch (page), PN_FETCH_POLICY_BACKOFF_MIN);
  g_assert_cmpuint (n_stories (fixture, page), ==, 0);

  /* The others are untouched by it. */
  for (PnSource **s = (PnSource *[]) { first, last, NULL }; *s != NULL; s++)
    {
      g_assert_cmpstr (pn_source_get_last_status (*s), ==, "ok");
      g_assert_null (pn_source_get_last_error (*s));
      g_assert_cmpuint (n_stories (fixture, *s), ==, N_ITEMS);
    }
}

typedef struct
{
  const char *path;        /* NULL: a server that resets the connection */
  const char *code;
  const char *message;     /* a part of the recorded message */
  gboolean    disables;
} FailureCase;

static const FailureCase failure_cases[] = {
  { "/status/404", "http-error", "404", FALSE },
  { "/status/410", "gone", "410", TRUE },
  { "/status/500", "http-error", "500", FALSE },
  { "/status/hang", "timeout", NULL, FALSE },
  { NULL, "connection-reset", NULL, FALSE },
};

/* A failed fetch is data on its source: code, message, one failure more and
 * a backoff; without FORCE the next refresh leaves a backing-off source
 * alone, with FORCE it fetches it (a disabled one never). */
static void
test_failure (Fixture       *fixture,
              gconstpointer  data)
{
  const FailureCase *failure = data;
  GSocketService *reset_server = NULL;
  g_autoptr(PnRefreshSummary) first = NULL;
  g_autoptr(PnRefreshSummary) unforced = NULL;
  g_autoptr(PnRefreshSummary) forced = NULL;
  g_autoptr(GPtrArray) both = g_ptr_array_new ();
  PnSource *healthy = add_source (fixture, 1, "/feed/none/healthy");
  PnSource *source;
  guint hits;

  pn_fetcher_set_idle_timeout (fixture->fetcher, 300);
  if (failure->path != NULL)
    source = add_source (fixture, 0, failure->path);
  else
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;
      guint16 port;

      reset_server = start_reset_server (&port);
      url = g_strdup_printf ("http://127.0.0.1:%u/feed.xml", port);
      source = pn_library_add_source (fixture->library, url, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  first = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (first->n_sources, ==, 2);
  g_assert_cmpuint (first->n_failed, ==, 1);
  g_assert_cmpuint (first->n_updated, ==, 1);
  g_assert_true (g_ptr_array_index (first->failed, 0) == source);
  g_assert_cmpstr (pn_source_get_last_status (source), ==, failure->code);
  g_assert_nonnull (pn_source_get_last_error (source));
  if (failure->message != NULL)
    g_assert_nonnull (strstr (pn_source_get_last_error (source), failure->message));
  g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 1);
  g_assert_cmpint (pn_source_get_enabled (source), ==, !failure->disables);
  assert_seconds_from_now (pn_source_get_next_fetch (source), PN_FETCH_POLICY_BACKOFF_MIN);
  g_assert_cmpuint (n_stories (fixture, source), ==, 0);
  g_assert_cmpstr (pn_source_get_last_status (healthy), ==, "ok");

  hits = failure->path != NULL ? pn_test_server_get_hits (fixture->server, failure->path) : 0;
  g_assert_cmpuint (hits, ==, failure->path != NULL ? 1 : 0);

  /* Backing off: skipped, and the server is not asked. */
  unforced = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (unforced->n_skipped, ==, 1);
  g_assert_cmpuint (unforced->n_sources, ==, 1);
  g_assert_cmpuint (unforced->n_updated, ==, 1);
  if (failure->path != NULL)
    g_assert_cmpuint (pn_test_server_get_hits (fixture->server, failure->path), ==, hits);
  g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 1);

  /* Forced: fetched again (unless gone for good), and the backoff doubles. */
  g_ptr_array_add (both, healthy);
  g_ptr_array_add (both, source);
  forced = refresh_full (fixture, both, PN_REFRESH_FORCE, NULL, NULL);
  g_assert_nonnull (forced);
  if (failure->disables)
    {
      g_assert_cmpuint (forced->n_skipped, ==, 1);
      g_assert_cmpuint (forced->n_failed, ==, 0);
      g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 1);
      g_assert_cmpuint (pn_test_server_get_hits (fixture->server, failure->path), ==, hits);
    }
  else
    {
      g_assert_cmpuint (forced->n_skipped, ==, 0);
      g_assert_cmpuint (forced->n_failed, ==, 1);
      g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 2);
      assert_seconds_from_now (pn_source_get_next_fetch (source), 2 * PN_FETCH_POLICY_BACKOFF_MIN);
      if (failure->path != NULL)
        g_assert_cmpuint (pn_test_server_get_hits (fixture->server, failure->path), ==, hits + 1);
    }
  g_assert_cmpuint (forced->n_updated, ==, 1);

  if (reset_server != NULL)
    stop_reset_server (reset_server);
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  PnSource *source = add_source (fixture, 0, "/status/429");
  g_autoptr(PnRefreshSummary) summary = refresh (fixture, PN_REFRESH_DEFAULT);
  g_autoptr(PnRefreshSummary) again = NULL;

  g_assert_cmpuint (summary->n_failed, ==, 1);
  g_assert_cmpstr (pn_source_get_last_status (source), ==, "http-error");
  g_assert_nonnull (strstr (pn_source_get_last_error (source), "429"));
  /* The server's hour, not our one-minute backoff. */
  assert_seconds_from_now (pn_source_get_next_fetch (source), RETRY_AFTER);

  again = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (again->n_skipped, ==, 1);
  g_assert_cmpuint (pn_test_server_get_hits (fixture->server, "/status/429"), ==, 1);
}

/* A 301 moves the source, not its identity: same source id, same story
 * ids, no new stories when the moved feed is fetched again. */
static void
test_moved (Fixture       *fixture,
            gconstpointer  data)
{
  PnSource *source = add_source (fixture, 0, "/moved/none/delta");
  g_autofree char *id = g_strdup (pn_source_get_id (source));
  g_autofree char *target = pn_test_server_url (fixture->server, 0, "/feed/none/delta");
  g_autoptr(PnRefreshSummary) first = NULL;
  g_autoptr(PnRefreshSummary) second = NULL;
  g_autofree char *ids_before = NULL;
  g_autofree char *ids_after = NULL;

  first = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (first->n_updated, ==, 1);
  g_assert_cmpuint (first->n_new_stories, ==, N_ITEMS);
  g_assert_cmpstr (pn_source_get_url (source), ==, target);
  g_assert_cmpstr (pn_source_get_id (source), ==, id);
  g_assert_true (pn_library_lookup_source (fixture->library, id) == source);
  g_assert_true (pn_library_lookup_source_by_url (fixture->library, target) == source);
  ids_before = dup_story_ids (fixture, source);

  second = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (second->n_updated, ==, 1);
  g_assert_cmpuint (second->n_new_stories, ==, 0);
  /* Asked at its new address only. */
  g_assert_cmpuint (pn_test_server_get_hits (fixture->server, "/moved/none/delta"), ==, 1);
  g_assert_cmpuint (pn_test_server_get_hits (fixture->server, "/feed/none/delta"), ==, 2);
  ids_after = dup_story_ids (fixture, source);
  g_assert_cmpstr (ids_before, ==, ids_after);
  g_assert_cmpuint (n_stories (fixture, source), ==, N_ITEMS);
}

typedef struct
{
  Fixture  *fixture;
  PnSource *slow;
  GPtrArray *fast;
  guint     n_fast_merged;
  gint64    start;
  gint64    slow_finished_at;
  gint64    last_fast_at;
} SlowWatch;

static void
slow_watch_finished_cb (PnRefresher *refresher,
                        PnSource    *source,
                        SlowWatch   *watch)
{
  if (source == watch->slow)
    {
      watch->slow_finished_at = g_get_monotonic_time ();
      /* Everything fast is in the library before the slow one is done. */
      g_assert_cmpuint (watch->n_fast_merged, ==, watch->fast->len);
      for (guint i = 0; i < watch->fast->len; i++)
        g_assert_cmpuint (n_stories (watch->fixture, g_ptr_array_index (watch->fast, i)), ==, N_ITEMS);
      return;
    }

  g_assert_cmpint (watch->slow_finished_at, ==, 0);
  g_assert_cmpuint (n_stories (watch->fixture, source), ==, N_ITEMS);
  watch->n_fast_merged++;
  watch->last_fast_at = g_get_monotonic_time ();
}

static void
test_slow_among_fast (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) fast = g_ptr_array_new ();
  g_autoptr(PnRefreshSummary) summary = NULL;
  SlowWatch watch = { fixture, NULL, fast, 0, 0, 0, 0 };

  /* The slow one first, on the same host as some fast ones. */
  watch.slow = add_source (fixture, 0, "/feed/slow/sloth");
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *path = g_strdup_printf ("/feed/none/hare%u", i);

      g_ptr_array_add (fast, add_source (fixture, i % N_HOSTS, path));
    }
  g_signal_connect (fixture->refresher, "source-finished", G_CALLBACK (slow_watch_finished_cb), &watch);

  watch.start = g_get_monotonic_time ();
  summary = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (summary->n_updated, ==, 7);
  g_assert_cmpuint (watch.n_fast_merged, ==, 6);
  g_assert_cmpint (watch.slow_finished_at, >, 0);
  g_assert_cmpint (watch.slow_finished_at - watch.start, >=, SLOW_MS * 1000);
  /* The fast ones did not wait for the slow answer. */
  g_assert_cmpint (watch.last_fast_at - watch.start, <, SLOW_MS * 1000);
  g_assert_cmpuint (n_stories (fixture, watch.slow), ==, N_ITEMS);
  g_signal_handlers_disconnect_by_data (fixture->refresher, &watch);
}

typedef struct
{
  GCancellable *cancellable;
  guint         n_finished;
  guint         cancel_after;
} CancelWatch;

static void
cancel_watch_finished_cb (PnRefresher *refresher,
                          PnSource    *source,
                          CancelWatch *watch)
{
  if (++watch->n_finished == watch->cancel_after)
    g_cancellable_cancel (watch->cancellable);
}

/* Cancelled midway: what was merged is whole, what was not left no trace
 * (no story, no failure recorded), and every file on disk parses. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  const guint n_sources = 12;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PnRefreshSummary) summary = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PnLibrary) reopened = NULL;
  CancelWatch watch = { cancellable, 0, 3 };
  guint n_merged = 0;
  guint n_untouched = 0;

  /* Three answer at once; the rest take their time. */
  for (guint i = 0; i < n_sources; i++)
    {
      g_autofree char *path = g_strdup_printf ("/feed/%s/c%u", i < 3 ? "none" : "slow", i);
      PnSource *source = add_source (fixture, i % N_HOSTS, path);

      g_ptr_array_add (ids, g_strdup (pn_source_get_id (source)));
    }
  g_signal_connect (fixture->refresher, "source-finished", G_CALLBACK (cancel_watch_finished_cb), &watch);

  summary = refresh_full (fixture, NULL, PN_REFRESH_DEFAULT, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_null (summary);
  g_assert_false (pn_refresher_get_running (fixture->refresher));
  g_assert_cmpuint (pn_refresher_get_n_done (fixture->refresher), ==, n_sources);
  g_assert_cmpuint (watch.n_finished, ==, n_sources);
  g_signal_handlers_disconnect_by_data (fixture->refresher, &watch);

  for (guint i = 0; i < n_sources; i++)
    {
      PnSource *source = pn_library_lookup_source (fixture->library, g_ptr_array_index (ids, i));
      guint n = n_stories (fixture, source);

      g_assert_true (n == 0 || n == N_ITEMS);
      if (n == N_ITEMS)
        {
          g_assert_cmpstr (pn_source_get_last_status (source), ==, "ok");
          n_merged++;
        }
      else
        {
          /* Cancelling is not the source's fault. */
          g_assert_null (pn_source_get_last_status (source));
          g_assert_null (pn_source_get_last_error (source));
          g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 0);
          g_assert_null (pn_source_get_next_fetch (source));
          n_untouched++;
        }
    }
  g_assert_cmpuint (n_merged, >=, 3);
  g_assert_cmpuint (n_untouched, >, 0);

  /* On disk, after closing: every file parses, and holds whole feeds. */
  pn_library_flush (fixture->library, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->refresher);
  g_clear_object (&fixture->library);
  reopened = pn_test_open_library (fixture->data_dir, PN_LIBRARY_LOAD_ALL | PN_LIBRARY_LOAD_READ_ONLY);
  g_assert_cmpuint (pn_library_get_problems (reopened) != NULL ? pn_library_get_problems (reopened)->len : 0, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_sources (reopened)), ==, n_sources);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_stories (reopened)), ==, n_merged * N_ITEMS);
  for (guint i = 0; i < n_sources; i++)
    {
      PnSource *source = pn_library_lookup_source (reopened, g_ptr_array_index (ids, i));
      g_autofree char *name = g_strconcat (pn_source_get_id (source), ".json", NULL);
      g_autofree char *path = g_build_filename (fixture->data_dir, "stories", name, NULL);
      int in_file = count_stories_in_file (path);

      g_assert_true (in_file == -1 || in_file == 0 || in_file == N_ITEMS);
      g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_source_stories (reopened, source)), ==,
                        MAX (in_file, 0));
    }
}

/* Unsubscribed while its fetch is under way: the source is dropped
 * quietly, neither merged nor failed, and the others are unaffected. */
static void
test_unsubscribed_meanwhile (Fixture       *fixture,
                             gconstpointer  data)
{
  PnSource *leaving = add_source (fixture, 0, "/feed/slow/leaving");
  PnSource *staying = add_source (fixture, 1, "/feed/none/staying");
  g_autoptr(PnSource) keep = g_object_ref (leaving);
  g_autofree char *id = g_strdup (pn_source_get_id (leaving));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PnRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  pn_refresher_refresh_async (fixture->refresher, NULL, PN_REFRESH_DEFAULT, NULL,
                              store_result_cb, &result);
  g_assert_true (pn_refresher_is_refreshing (fixture->refresher, leaving));
  pn_library_remove_source (fixture->library, leaving, &error);
  g_assert_no_error (error);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  summary = pn_refresher_refresh_finish (fixture->refresher, result, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (summary->n_sources, ==, 2);
  g_assert_cmpuint (summary->n_updated, ==, 1);
  g_assert_cmpuint (summary->n_failed, ==, 0);
  g_assert_cmpuint (summary->n_skipped, ==, 1);
  g_assert_null (pn_library_lookup_source (fixture->library, id));
  g_assert_null (pn_source_get_last_status (keep));
  g_assert_cmpuint (n_stories (fixture, staying), ==, N_ITEMS);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_stories (fixture->library)), ==, N_ITEMS);
}

typedef struct
{
  PnRefresher *refresher;
  GPtrArray   *started;
  GPtrArray   *finished;
  guint        last_done;
  guint        n_done_notifies;
  guint        max_total;
  guint        running_changes;
} ProgressWatch;

static void
progress_started_cb (PnRefresher   *refresher,
                     PnSource      *source,
                     ProgressWatch *watch)
{
  g_assert_true (pn_refresher_is_refreshing (refresher, source));
  g_ptr_array_add (watch->started, source);
}

static void
progress_finished_cb (PnRefresher   *refresher,
                      PnSource      *source,
                      ProgressWatch *watch)
{
  g_assert_false (pn_refresher_is_refreshing (refresher, source));
  /* Announced once its outcome is on it. */
  g_assert_nonnull (pn_source_get_last_status (source));
  g_ptr_array_add (watch->finished, source);
  g_assert_cmpuint (pn_refresher_get_n_done (refresher), ==, watch->finished->len);
}

static void
progress_notify_cb (PnRefresher   *refresher,
                    GParamSpec    *pspec,
                    ProgressWatch *watch)
{
  if (g_str_equal (pspec->name, "n-done"))
    {
      guint done = pn_refresher_get_n_done (refresher);

      g_assert_cmpuint (done, ==, watch->last_done + 1);
      g_assert_cmpuint (done, <=, pn_refresher_get_n_total (refresher));
      watch->last_done = done;
      watch->n_done_notifies++;
    }
  else if (g_str_equal (pspec->name, "n-total"))
    watch->max_total = MAX (watch->max_total, pn_refresher_get_n_total (refresher));
  else if (g_str_equal (pspec->name, "running"))
    watch->running_changes++;
}

static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  const guint n_sources = 8;
  g_autoptr(GPtrArray) started = g_ptr_array_new ();
  g_autoptr(GPtrArray) finished = g_ptr_array_new ();
  g_autoptr(PnRefreshSummary) summary = NULL;
  ProgressWatch watch = { fixture->refresher, started, finished, 0, 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  PnSource *local;

  for (guint i = 0; i < n_sources; i++)
    {
      g_autofree char *path = g_strdup_printf (i == 5 ? "/status/404" : "/feed/busy/p%u", i);

      add_source (fixture, i % N_HOSTS, path);
    }
  /* Not fetchable: skipped, and not part of the progress. */
  local = pn_library_add_source (fixture->library, "resource:///sample.xml", NULL, NULL, &error);
  g_assert_no_error (error);

  g_signal_connect (fixture->refresher, "source-started", G_CALLBACK (progress_started_cb), &watch);
  g_signal_connect (fixture->refresher, "source-finished", G_CALLBACK (progress_finished_cb), &watch);
  g_signal_connect (fixture->refresher, "notify", G_CALLBACK (progress_notify_cb), &watch);

  g_assert_false (pn_refresher_get_running (fixture->refresher));
  summary = refresh (fixture, PN_REFRESH_DEFAULT);

  g_assert_cmpuint (summary->n_sources, ==, n_sources);
  g_assert_cmpuint (summary->n_skipped, ==, 1);
  g_assert_cmpuint (summary->n_updated, ==, n_sources - 1);
  g_assert_cmpuint (summary->n_failed, ==, 1);
  g_assert_cmpuint (started->len, ==, n_sources);
  g_assert_cmpuint (finished->len, ==, n_sources);
  for (guint i = 0; i < n_sources; i++)
    {
      g_assert_true (g_ptr_array_find (finished, g_ptr_array_index (started, i), NULL));
      g_assert_true (g_ptr_array_index (started, i) != local);
    }
  g_assert_cmpuint (watch.max_total, ==, n_sources);
  g_assert_cmpuint (watch.n_done_notifies, ==, n_sources);
  g_assert_cmpuint (pn_refresher_get_n_total (fixture->refresher), ==, n_sources);
  g_assert_cmpuint (pn_refresher_get_n_done (fixture->refresher), ==, n_sources);
  /* Went from idle to running and back. */
  g_assert_cmpuint (watch.running_changes, ==, 2);
  g_signal_handlers_disconnect_by_data (fixture->refresher, &watch);
}

typedef struct
{
  Fixture *fixture;
  guint    n_saves;
  guint    n_fetched_on_disk;
} SaveWatch;

/* After each background save: every source that sources.json on disk says
 * was fetched has its whole stories file on disk already (its validators
 * must never get ahead of its stories, or a 304 would lose them). */
static void
save_watch_saved_cb (PnLibrary *library,
                     GError    *error,
                     SaveWatch *watch)
{
  g_autofree char *path = g_build_filename (watch->fixture->data_dir, "sources.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  JsonArray *sources;

  g_assert_no_error (error);
  watch->n_saves++;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  json_parser_load_from_file (parser, path, &parse_error);
  g_assert_no_error (parse_error);
  sources = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "sources");
  watch->n_fetched_on_disk = 0;
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *source = json_array_get_object_element (sources, i);
      g_autofree char *name = NULL;
      g_autofree char *stories = NULL;

      if (json_object_get_string_member_with_default (source, "etag", NULL) == NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (source, "last-status", NULL), "ok") != 0)
        continue;
      name = g_strconcat (json_object_get_string_member (source, "id"), ".json", NULL);
      stories = g_build_filename (watch->fixture->data_dir, "stories", name, NULL);
      g_assert_cmpint (count_stories_in_file (stories), ==, N_ITEMS);
      watch->n_fetched_on_disk++;
    }
}

static void
test_many_sources (Fixture       *fixture,
                   gconstpointer  data)
{
  const guint n_sources = 200;
  g_autoptr(PnRefreshSummary) summary = NULL;
  g_autoptr(PnRefreshSummary) again = NULL;
  SaveWatch watch = { fixture, 0, 0 };
  gint64 deadline;

  for (guint i = 0; i < n_sources; i++)
    {
      g_autofree char *path = g_strdup_printf ("/feed/busy/m%u", i);

      add_source (fixture, i % N_HOSTS, path);
    }

  g_signal_connect (fixture->library, "saved", G_CALLBACK (save_watch_saved_cb), &watch);
  summary = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (summary->n_sources, ==, n_sources);
  g_assert_cmpuint (summary->n_updated, ==, n_sources);
  g_assert_cmpuint (summary->n_failed, ==, 0);
  g_assert_cmpuint (summary->n_new_stories, ==, n_sources * N_ITEMS);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_stories (fixture->library)), ==,
                    n_sources * N_ITEMS);
  g_assert_cmpuint (pn_test_server_get_total_hits (fixture->server), ==, n_sources);

  /* The limits held on the wire, and were reached. */
  g_assert_cmpuint (pn_test_server_get_max_concurrent (fixture->server), <=, PN_FETCHER_DEFAULT_MAX_CONNS);
  for (guint host = 0; host < N_HOSTS; host++)
    g_assert_cmpuint (pn_test_server_get_max_concurrent_for_host (fixture->server, host), ==,
                      PN_FETCHER_DEFAULT_MAX_CONNS_PER_HOST);

  /* Saved in the background, batch after batch, without a flush: the
   * index never ahead of the stories files (checked at every save, during
   * the refresh too). */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (watch.n_fetched_on_disk < n_sources && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (watch.n_fetched_on_disk, ==, n_sources);
  /* Not in one go: 200 files take several batches. */
  g_assert_cmpuint (watch.n_saves, >, 1);
  g_signal_handlers_disconnect_by_data (fixture->library, &watch);

  /* And once more: nothing new, nothing doubled. */
  again = refresh (fixture, PN_REFRESH_DEFAULT);
  g_assert_cmpuint (again->n_updated, ==, n_sources);
  g_assert_cmpuint (again->n_new_stories, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_stories (fixture->library)), ==,
                    n_sources * N_ITEMS);
}

#define ADD_TEST(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* A warning from the code under test is a bug here. */
  g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);

  ADD_TEST ("/refresher/first-refresh", test_first_refresh, NULL);
  ADD_TEST ("/refresher/not-modified/etag", test_not_modified, "etag");
  ADD_TEST ("/refresher/not-modified/last-modified", test_not_modified, "lm");
  ADD_TEST ("/refresher/same-feed-twice", test_same_feed_twice, NULL);
  ADD_TEST ("/refresher/not-a-feed", test_not_a_feed, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (failure_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/refresher/failure/%s",
                                               failure_cases[i].path != NULL
                                                 ? failure_cases[i].path + strlen ("/status/")
                                                 : "reset");

      ADD_TEST (path, test_failure, &failure_cases[i]);
    }
  ADD_TEST ("/refresher/retry-after", test_retry_after, NULL);
  ADD_TEST ("/refresher/moved", test_moved, NULL);
  ADD_TEST ("/refresher/slow-among-fast", test_slow_among_fast, NULL);
  ADD_TEST ("/refresher/cancel", test_cancel, NULL);
  ADD_TEST ("/refresher/unsubscribed-meanwhile", test_unsubscribed_meanwhile, NULL);
  ADD_TEST ("/refresher/progress", test_progress, NULL);
  ADD_TEST ("/refresher/many-sources", test_many_sources, NULL);

  return g_test_run ();
}
