/* bench-refresh.c — `prime-news-cli refresh` of 200 realistic feeds over
 * loopback: PnRefresher + PnLibrary in a temporary data dir + a final
 * pn_library_flush(), as the command does. A cold refresh (everything new:
 * fetch, parse, sanitize, merge, store) and a warm one (every feed 304).
 *
 * Prints figures; asserts only that every source had the expected outcome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "pn-core.h"
#include "pn-test-dir.h"
#include "pn-bench-text.h"
#include "pn-test-server.h"

#define N_FEEDS 200
#define N_ITEMS 50
#define N_HOSTS 4

static GBytes *bodies[N_FEEDS];

/* A deterministic RSS 2.0 feed of N_ITEMS items whose bodies are 2–6 KB of
 * HTML (paragraphs, a link, emphasis, an image), like a news site's
 * full-content feed.
 */
static GBytes *
make_feed (guint index)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (index + 1);
  GString *text = g_string_sized_new (256 * 1024);

  g_string_append_printf (text,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
                          "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n"
                          "<title>Source %u</title>\n<link>https://source%u.example/</link>\n"
                          "<description>News from source %u</description>\n<language>en</language>\n",
                          index, index, index);
  for (guint item = 0; item < N_ITEMS; item++)
    {
      gsize target = g_rand_int_range (rand, 2048, 6144);
      gsize start;

      g_string_append (text, "<item>\n<title>");
      pn_bench_append_words (text, rand, g_rand_int_range (rand, 6, 14));
      g_string_append_printf (text, "</title>\n<link>https://source%u.example/story/%u</link>\n"
                                    "<guid isPermaLink=\"false\">source-%u-story-%u</guid>\n"
                                    "<pubDate>Sun, %02u Nov 2026 %02u:%02u:00 GMT</pubDate>\n"
                                    "<dc:creator>Reporter %u</dc:creator>\n<description>",
                              index, item, index, item, 1 + item % 28, item % 24, (item * 7) % 60,
                              g_rand_int_range (rand, 1, 40));
      pn_bench_append_words (text, rand, 30);
      g_string_append (text, "</description>\n<content:encoded><![CDATA[");
      start = text->len;
      g_string_append_printf (text, "<p><img src=\"/img/%u-%u.jpg\" alt=\"photo\" width=\"640\" height=\"360\"></p>",
                              index, item);
      while (text->len - start < target)
        {
          g_string_append (text, "<p>");
          pn_bench_append_words (text, rand, g_rand_int_range (rand, 15, 40));
          g_string_append_printf (text, " <a href=\"/story/%u\">more</a> <em>", g_rand_int_range (rand, 1, 999));
          pn_bench_append_words (text, rand, 3);
          g_string_append (text, "</em> ");
          pn_bench_append_words (text, rand, g_rand_int_range (rand, 10, 30));
          g_string_append (text, ".</p>");
        }
      g_string_append (text, "]]></content:encoded>\n</item>\n");
    }
  g_string_append (text, "</channel>\n</rss>\n");
  return g_string_free_to_bytes (text);
}

static char *
make_etag (guint64 index)
{
  return g_strdup_printf ("\"feed-%" G_GUINT64_FORMAT "-v1\"", index);
}

static void
feed_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (message);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);
  g_autofree char *etag = NULL;
  guint64 index;

  if (!g_str_has_prefix (path, "/feed/") ||
      !g_ascii_string_to_unsigned (path + 6, 10, 0, N_FEEDS - 1, &index, NULL))
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  etag = make_etag (index);
  soup_message_headers_replace (response, "ETag", etag);
  if (g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), etag) == 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_STATIC,
                                    g_bytes_get_data (bodies[index], NULL),
                                    g_bytes_get_size (bodies[index]));
}

static double
vm_hwm_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoull (line + 6, NULL, 10) / 1024.0 : 0;
}

/* CPU seconds of the whole process, every thread (the server's too). */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / (double) G_USEC_PER_SEC;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static void
run_round (PnLibrary  *library,
           const char *label,
           guint       expected_updated,
           guint       expected_not_modified)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autoptr(PnRefresher) refresher = pn_refresher_new (library, fetcher);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PnRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_seconds ();
  gint64 refreshed;
  gint64 flushed;
  double hwm_refreshed;

  pn_refresher_refresh_async (refresher, NULL, PN_REFRESH_DEFAULT, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  summary = pn_refresher_refresh_finish (refresher, result, &error);
  g_assert_no_error (error);
  refreshed = g_get_monotonic_time ();
  hwm_refreshed = vm_hwm_mib ();
  pn_library_flush (library, &error);
  g_assert_no_error (error);
  flushed = g_get_monotonic_time ();

  g_assert_cmpuint (summary->n_updated, ==, expected_updated);
  g_assert_cmpuint (summary->n_not_modified, ==, expected_not_modified);
  g_assert_cmpuint (summary->n_failed, ==, 0);

  printf ("%-5s %3u feeds  %6.3f s wall (refresh %6.3f s + flush %6.3f s), %6.3f s CPU  "
          "%u updated, %u not modified, %5u new stories  VmHWM %6.1f MiB after the refresh, "
          "%6.1f MiB after the flush\n",
          label, summary->n_sources, (flushed - start) / (double) G_USEC_PER_SEC,
          (refreshed - start) / (double) G_USEC_PER_SEC,
          (flushed - refreshed) / (double) G_USEC_PER_SEC, cpu_seconds () - cpu_start,
          summary->n_updated, summary->n_not_modified, summary->n_new_stories,
          hwm_refreshed, vm_hwm_mib ());
}

/* What `prime-news-cli refresh` does first: open the library for writing,
 * without its stories (they are read per source when a feed is merged). */
static PnLibrary *
open_library (const char *data_dir)
{
  g_autoptr(PnLibrary) library = pn_library_new (data_dir);
  g_autoptr(GError) error = NULL;

  pn_library_load (library, PN_LIBRARY_LOAD_DEFAULT, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&library);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = pn_test_dir_new ("bench-refresh");
  PnTestServer *server;
  guint64 total = 0;
  double before_bodies = vm_hwm_mib ();
  double with_server;
  guint n_stored;

  for (guint i = 0; i < N_FEEDS; i++)
    {
      bodies[i] = make_feed (i);
      total += g_bytes_get_size (bodies[i]);
    }

  server = pn_test_server_new (N_HOSTS);
  pn_test_server_add_handler (server, "/feed", feed_cb, NULL);
  pn_test_server_start (server);

  library = open_library (data_dir);
  for (guint i = 0; i < N_FEEDS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/feed/%u", i);
      g_autofree char *url = pn_test_server_url (server, i % N_HOSTS, path);

      pn_library_add_source (library, url, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  pn_library_flush (library, &error);
  g_assert_no_error (error);
  with_server = vm_hwm_mib ();

  printf ("bench-refresh: %u feeds x %u items (%u stories), %.1f MiB of feeds on %u loopback hosts, "
          "fetcher limits %u overall, %u per host\n",
          N_FEEDS, N_ITEMS, N_FEEDS * N_ITEMS, total / (1024.0 * 1024.0), N_HOSTS,
          PN_FETCHER_DEFAULT_MAX_CONNS, PN_FETCHER_DEFAULT_MAX_CONNS_PER_HOST);
  printf ("VmHWM %.1f MiB at start, %.1f MiB with the in-process server's bodies and the library "
          "open (%.1f MiB of it is the server's, not the refresh's)\n",
          before_bodies, with_server, with_server - before_bodies);

  run_round (library, "cold", N_FEEDS, 0);
  n_stored = g_list_model_get_n_items (pn_library_get_all_stories (library));
  g_assert_cmpuint (n_stored, ==, N_FEEDS * N_ITEMS);

  /* The next `prime-news-cli refresh` is a new process with a new library. */
  g_clear_object (&library);
  /* Finished tasks still hold the library (and its lock) until dispatched. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  library = open_library (data_dir);
  run_round (library, "warm", 0, N_FEEDS);

  printf ("stored: %u stories, %.1f MiB in the data dir; peak attributable to the refresh "
          "(VmHWM minus the figure with the server's bodies): %.1f MiB\n",
          n_stored, pn_test_dir_size (data_dir) / (1024.0 * 1024.0), vm_hwm_mib () - with_server);

  g_clear_object (&library);
  pn_test_server_free (server);
  pn_test_dir_remove (data_dir);
  for (guint i = 0; i < N_FEEDS; i++)
    g_bytes_unref (bodies[i]);
  return 0;
}
