/* bench-content.c — speed of the content pipeline on generated input
 *
 * Sanitize + PnDocument over 10 000 item bodies of 1–8 KB, and reader-mode
 * extraction over 50 article pages of 50–300 KB. Inputs come from a fixed
 * seed, so every run measures the same work. Prints figures, asserts none.
 * Times are CPU time of this process (the figure that does not depend on
 * what else the machine runs), with wall-clock time beside them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pn-core.h"

#define N_BODIES 10000
#define N_PAGES 50

static const char * const words[] = {
  "the", "council", "voted", "on", "a", "plan", "to", "build", "new", "bike", "lanes", "after",
  "hours", "of", "debate", "residents", "said", "that", "streets", "would", "be", "safer", "while",
  "shop", "owners", "warned", "about", "parking", "and", "deliveries", "in", "city", "centre",
  "météo", "übersicht", "日本語", "новости", "أخبار", "budget", "million", "construction", "autumn",
};

static void
append_sentence (GString *out,
                 GRand   *rand)
{
  guint n = g_rand_int_range (rand, 8, 24);

  for (guint i = 0; i < n; i++)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

      if (i > 0)
        g_string_append_c (out, g_rand_int_range (rand, 0, 12) == 0 ? ',' : ' ');
      if (i > 0 && out->str[out->len - 1] == ',')
        g_string_append_c (out, ' ');
      switch (g_rand_int_range (rand, 0, 30))
        {
        case 0: g_string_append_printf (out, "<a href=\"/story/%u\">%s</a>", g_rand_int (rand), word); break;
        case 1: g_string_append_printf (out, "<b>%s</b>", word); break;
        case 2: g_string_append_printf (out, "<em class=\"x\">%s</em>", word); break;
        case 3: g_string_append_printf (out, "<span style=\"color:red\">%s</span>", word); break;
        default: g_string_append (out, word);
        }
    }
  g_string_append (out, ". ");
}

static void
append_paragraph (GString *out,
                  GRand   *rand)
{
  guint n = g_rand_int_range (rand, 2, 6);

  g_string_append (out, "<p>");
  for (guint i = 0; i < n; i++)
    append_sentence (out, rand);
  g_string_append (out, "</p>\n");
}

/* A feed item body: paragraphs with the odd list, image, quote, script
 * and tracking pixel, as feeds send them.
 */
static char *
make_body (GRand *rand,
           gsize  target)
{
  GString *out = g_string_sized_new (target + 512);

  while (out->len < target)
    {
      switch (g_rand_int_range (rand, 0, 12))
        {
        case 0:
          g_string_append (out, "<ul><li>one item</li><li>another <a href=\"https://e.x/\">item</a></li></ul>\n");
          break;
        case 1:
          g_string_append_printf (out, "<figure><img src=\"/img/%u.jpg\" srcset=\"/img/a.jpg 480w, /img/b.jpg 1200w\" alt=\"photo\"><figcaption>A caption</figcaption></figure>\n",
                                  g_rand_int (rand));
          break;
        case 2:
          g_string_append (out, "<blockquote><p>A quoted line, from someone.</p></blockquote>\n");
          break;
        case 3:
          g_string_append (out, "<script>var x = 1;</script><img src=\"http://feeds.feedburner.com/~r/x/~4/y\" height=\"1\" width=\"1\">\n");
          break;
        default:
          append_paragraph (out, rand);
        }
    }
  return g_string_free (out, FALSE);
}

/* A news page: head, navigation, the article, a sidebar of links, comments
 * and a footer, padded with chrome until it reaches @target bytes.
 */
static char *
make_page (GRand *rand,
           gsize  target)
{
  GString *out = g_string_sized_new (target + 4096);
  gsize article_target = target / 3;
  gsize start;

  g_string_append (out, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Council votes on bike lanes | Ledger</title>"
                        "<meta property=\"og:site_name\" content=\"Ledger\"><meta name=\"author\" content=\"A. Writer\">"
                        "<script>window.analytics = {};</script><style>body{margin:0}</style></head><body>"
                        "<header class=\"site-header\"><nav><ul>");
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (out, "<li><a href=\"/section/%u\">Section %u</a></li>", i, i);
  g_string_append (out, "</ul></nav></header><main><article><h1>Council votes on bike lanes</h1><div class=\"article-body\">");

  start = out->len;
  while (out->len - start < article_target)
    append_paragraph (out, rand);
  g_string_append (out, "</div></article><aside class=\"sidebar\"><ul>");

  while (out->len < target * 2 / 3)
    g_string_append_printf (out, "<li class=\"related-item\"><a href=\"/story/%u\">Another story headline number %u</a></li>",
                            g_rand_int (rand), g_rand_int (rand));
  g_string_append (out, "</ul></aside><section id=\"comments\" class=\"comments\">");
  while (out->len < target)
    {
      g_string_append (out, "<div class=\"comment\"><p class=\"author\">reader</p>");
      append_paragraph (out, rand);
      g_string_append (out, "</div>");
    }
  g_string_append (out, "</section></main><footer><p>Ledger</p></footer></body></html>");
  return g_string_free (out, FALSE);
}

static double
cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

static long
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

static int
compare_doubles_cb (gconstpointer a,
                    gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
bench_sanitize_document (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240501);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  gsize total_bytes = 0;
  gint64 start;
  double cpu_start;
  double seconds;
  double wall;

  for (guint i = 0; i < N_BODIES; i++)
    {
      char *body = make_body (rand, g_rand_int_range (rand, 1024, 8 * 1024));
      total_bytes += strlen (body);
      g_ptr_array_add (bodies, body);
    }

  start = g_get_monotonic_time ();
  cpu_start = cpu_seconds ();
  for (guint i = 0; i < bodies->len; i++)
    {
      const char *body = g_ptr_array_index (bodies, i);
      g_autofree char *sanitized = pn_html_sanitize (body, -1, "https://example.com/feed/");
      g_autoptr(PnDocument) document = pn_document_new_from_html (sanitized, -1);

      g_assert (pn_document_get_length (document) > 0);
    }
  seconds = cpu_seconds () - cpu_start;
  wall = (g_get_monotonic_time () - start) / 1e6;

  printf ("sanitize+document: %u bodies, %.1f MB in %.3f s CPU (%.3f s wall): %.0f items/s, %.1f MB/s\n",
          N_BODIES, total_bytes / 1e6, seconds, wall, N_BODIES / seconds, total_bytes / 1e6 / seconds);
}

static void
bench_extract (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240502);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *page_200k = NULL;
  gsize total_bytes = 0;
  double total_seconds = 0;
  long rss_before;

  rss_before = peak_rss_kib ();
  for (guint i = 0; i < N_PAGES; i++)
    {
      gsize size = 50 * 1024 + (gsize) i * (250 * 1024) / (N_PAGES - 1);
      g_autofree char *page = make_page (rand, size);
      g_autoptr(GError) error = NULL;
      g_autoptr(PnArticle) article = NULL;
      double start = cpu_seconds ();

      article = pn_extract_article (page, -1, "https://ledger.example/story", &error);
      total_seconds += cpu_seconds () - start;
      total_bytes += strlen (page);
      g_assert_no_error (error);
    }

  page_200k = make_page (rand, 200 * 1024);
  for (guint i = 0; i < 21; i++)
    {
      g_autoptr(PnArticle) article = NULL;
      double start = cpu_seconds ();
      double ms;

      article = pn_extract_article (page_200k, -1, "https://ledger.example/story", NULL);
      ms = (cpu_seconds () - start) * 1e3;
      g_assert (article != NULL);
      g_array_append_val (times, ms);
    }
  g_array_sort (times, compare_doubles_cb);

  printf ("extract: %u pages (50–300 KB), %.1f MB in %.3f s CPU: %.1f pages/s, %.1f MB/s\n",
          N_PAGES, total_bytes / 1e6, total_seconds, N_PAGES / total_seconds, total_bytes / 1e6 / total_seconds);
  printf ("extract: 200 KB page, median of 21 runs: %.2f ms CPU\n", g_array_index (times, double, times->len / 2));
  printf ("extract: peak memory (VmHWM) %ld KiB (%ld KiB before extracting)\n", peak_rss_kib (), rss_before);
}

int
main (int   argc,
      char *argv[])
{
  /* Extraction first, so that VmHWM is its own peak, not the bodies'. */
  bench_extract ();
  bench_sanitize_document ();
  return 0;
}
