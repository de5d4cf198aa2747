/* bench-fetch.c — 200 realistic feeds over loopback through PnFetcher: a
 * cold fetch (every body) and a warm one (every feed answers 304)
 *
 * Prints figures; asserts only that every fetch had the expected outcome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "pn-core.h"
#include "pn-bench-text.h"
#include "pn-test-server.h"

#define N_FEEDS        200
#define N_ITEMS        50
#define N_HOSTS        16

static GBytes *bodies[N_FEEDS];
static char   *etags[N_FEEDS];

/* A deterministic RSS 2.0 feed of N_ITEMS items, 100–300 KB like a news
 * site's full-content feed. */
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
      guint paragraphs = g_rand_int_range (rand, 4, 14);

      g_string_append (text, "<item>\n<title>");
      pn_bench_append_words (text, rand, g_rand_int_range (rand, 6, 14));
      g_string_append_printf (text, "</title>\n<link>https://source%u.example/story/%u</link>\n"
                                    "<guid isPermaLink=\"false\">source-%u-story-%u</guid>\n"
                                    "<pubDate>Sun, %02u Nov 2026 %02u:%02u:00 GMT</pubDate>\n"
                                    "<dc:creator>Reporter %u</dc:creator>\n<description>",
                              index, item, index, item, 1 + item % 28, item % 24, (item * 7) % 60,
                              g_rand_int_range (rand, 1, 40));
      pn_bench_append_words (text, rand, 40);
      g_string_append (text, "</description>\n<content:encoded><![CDATA[");
      for (guint p = 0; p < paragraphs; p++)
        {
          g_string_append (text, "<p>");
          pn_bench_append_words (text, rand, g_rand_int_range (rand, 40, 90));
          g_string_append (text, "</p>");
        }
      g_string_append (text, "]]></content:encoded>\n</item>\n");
    }
  g_string_append (text, "</channel>\n</rss>\n");
  return g_string_free_to_bytes (text);
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
  guint64 index;

  if (!g_str_has_prefix (path, "/feed/") ||
      !g_ascii_string_to_unsigned (path + 6, 10, 0, N_FEEDS - 1, &index, NULL))
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_message_headers_replace (response, "ETag", etags[index]);
  if (g_strcmp0 (soup_message_headers_get_one (request, "If-None-Match"), etags[index]) == 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_STATIC,
                                    g_bytes_get_data (bodies[index], NULL),
                                    g_bytes_get_size (bodies[index]));
}

static guint64
vm_hwm_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

typedef struct
{
  guint          n_done;
  guint          n_expected_outcome;
  PnFetchOutcome expected;
  guint64        bytes;
  char          *etags[N_FEEDS];
} Round;

typedef struct
{
  Round *round;
  guint  index;
} Pending;

static void
fetched_cb (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autofree Pending *pending = user_data;
  g_autoptr(PnFetchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Round *round = pending->round;

  result = pn_fetcher_fetch_finish (PN_FETCHER (object), res, &error);
  g_assert_no_error (error);
  if (pn_fetch_result_get_outcome (result) == round->expected)
    round->n_expected_outcome++;
  if (pn_fetch_result_get_body (result) != NULL)
    round->bytes += g_bytes_get_size (pn_fetch_result_get_body (result));
  /* Keep the validator as the refresh would; drop the body (parsed there). */
  g_free (round->etags[pending->index]);
  round->etags[pending->index] = g_strdup (pn_fetch_result_get_etag (result));
  round->n_done++;
}

static void
run_round (PnFetcher      *fetcher,
           PnTestServer   *server,
           Round          *round,
           const char     *label,
           gboolean        conditional)
{
  gint64 start;
  gdouble seconds;

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_FEEDS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/feed/%u", i);
      g_autofree char *url = pn_test_server_url (server, i % N_HOSTS, path);
      g_autoptr(PnFetchRequest) request = pn_fetch_request_new (url);
      Pending *pending = g_new0 (Pending, 1);

      if (conditional)
        request->etag = g_strdup (round->etags[i]);
      pending->round = round;
      pending->index = i;
      pn_fetcher_fetch_async (fetcher, request, NULL, fetched_cb, pending);
    }
  while (round->n_done < N_FEEDS)
    g_main_context_iteration (NULL, TRUE);
  seconds = (g_get_monotonic_time () - start) / (gdouble) G_USEC_PER_SEC;

  g_assert_cmpuint (round->n_expected_outcome, ==, N_FEEDS);
  printf ("%-5s %3u feeds  %7.3f s  %8.1f requests/s  %7.1f MiB  VmHWM %6.1f MiB\n",
          label, N_FEEDS, seconds, N_FEEDS / seconds, round->bytes / (1024.0 * 1024.0),
          vm_hwm_kib () / 1024.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PnFetcher) fetcher = NULL;
  PnTestServer *server;
  Round cold = { .expected = PN_FETCH_OUTCOME_OK };
  Round warm = { .expected = PN_FETCH_OUTCOME_NOT_MODIFIED };
  guint64 total = 0, smallest = G_MAXUINT64, largest = 0;

  for (guint i = 0; i < N_FEEDS; i++)
    {
      gsize size;

      bodies[i] = make_feed (i);
      etags[i] = g_strdup_printf ("\"feed-%u-v1\"", i);
      size = g_bytes_get_size (bodies[i]);
      total += size;
      smallest = MIN (smallest, size);
      largest = MAX (largest, size);
    }

  server = pn_test_server_new (N_HOSTS);
  pn_test_server_add_handler (server, "/feed", feed_cb, NULL);
  pn_test_server_start (server);

  fetcher = pn_fetcher_new ();
  printf ("bench-fetch: %u feeds x %u items, %.1f MiB (%" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT
          " KiB each) on %u loopback hosts; fetcher limits %u overall, %u per host\n",
          N_FEEDS, N_ITEMS, total / (1024.0 * 1024.0), smallest / 1024, largest / 1024, N_HOSTS,
          pn_fetcher_get_max_conns (fetcher), pn_fetcher_get_max_conns_per_host (fetcher));
  printf ("VmHWM before fetching (bodies held by the in-process server): %.1f MiB\n",
          vm_hwm_kib () / 1024.0);

  run_round (fetcher, server, &cold, "cold", FALSE);
  memcpy (warm.etags, cold.etags, sizeof cold.etags);
  memset (cold.etags, 0, sizeof cold.etags);
  run_round (fetcher, server, &warm, "warm", TRUE);

  g_clear_object (&fetcher);
  pn_test_server_free (server);
  for (guint i = 0; i < N_FEEDS; i++)
    {
      g_bytes_unref (bodies[i]);
      g_free (etags[i]);
      g_free (warm.etags[i]);
    }
  return 0;
}
