/* bench-feed-parser.c — full feed parsing against libxml2's bare reading
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A deterministic corpus of realistic feeds (RSS 2.0, RSS 1.0, RSS 0.91,
 * Atom 1.0, Atom 0.3; 20–100 items; 1–8 KB bodies) is generated in memory,
 * then read by xmlReadMemory alone and by pn_feed_parse (into model objects,
 * including the HTML cleaning hook). Prints figures; asserts no timings.
 */
#include <libxml/parser.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "pn-core.h"

#define N_FEEDS 240
#define N_JSON_FEEDS 40
#define MIN_SECONDS 2.0

static const char * const words[] = {
  "council", "bridge", "river", "market", "energy", "school", "vote", "budget", "city",
  "report", "winter", "harbour", "museum", "train", "science", "garden", "library",
  "festival", "caf\xc3\xa9", "na\xc3\xafve", "\xe2\x80\x9cquoted\xe2\x80\x9d", "R&amp;D",
};

static void
append_words (GString *out,
              GRand   *rand,
              guint    count)
{
  for (guint i = 0; i < count; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
}

/* An HTML body of about @size bytes: paragraphs, links, emphasis, images. */
static char *
make_body (GRand *rand,
           gsize  size)
{
  GString *out = g_string_new (NULL);

  while (out->len < size)
    {
      g_string_append (out, "<p>");
      append_words (out, rand, g_rand_int_range (rand, 10, 40));
      g_string_append_printf (out, " <a href=\"https://news.example.com/%u\">", g_rand_int (rand));
      append_words (out, rand, 3);
      g_string_append (out, "</a> <em>");
      append_words (out, rand, 4);
      g_string_append (out, "</em>.</p>");
      if (g_rand_int_range (rand, 0, 4) == 0)
        g_string_append_printf (out, "<img src=\"https://img.example.com/%u.jpg\" alt=\"\">",
                                g_rand_int (rand));
    }
  return g_string_free (out, FALSE);
}

static char *
escape (const char *html)
{
  return g_markup_escape_text (html, -1);
}

static GBytes *
make_feed (guint  index,
           GRand *rand)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
  guint kind = index % 5;
  guint n_items = g_rand_int_range (rand, 20, 101);

  switch (kind)
    {
    case 0:
      g_string_append (out, "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
                            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:media=\"http://search.yahoo.com/mrss/\">"
                            "<channel><title>Feed</title><link>https://news.example.com/</link>"
                            "<description>News</description><language>en</language>"
                            "<lastBuildDate>Thu, 15 Apr 2004 07:48:00 GMT</lastBuildDate>\n");
      break;
    case 1:
      g_string_append (out, "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Feed</title>"
                            "<link href=\"https://news.example.com/\"/><id>urn:feed</id>"
                            "<updated>2004-04-15T07:48:00Z</updated><author><name>Ed</name></author>\n");
      break;
    case 2:
      g_string_append (out, "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                            "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                            "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
                            "<channel rdf:about=\"https://news.example.com/\"><title>Feed</title>"
                            "<link>https://news.example.com/</link><description>News</description></channel>\n");
      break;
    case 3:
      g_string_append (out, "<rss version=\"0.91\"><channel><title>Feed</title>"
                            "<link>https://news.example.com/</link><description>News</description>\n");
      break;
    default:
      g_string_append (out, "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>Feed</title>"
                            "<link rel=\"alternate\" type=\"text/html\" href=\"https://news.example.com/\"/>"
                            "<modified>2004-04-15T07:48:00Z</modified>\n");
      break;
    }

  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *body = make_body (rand, g_rand_int_range (rand, 1024, 8 * 1024 + 1));
      g_autofree char *escaped = escape (body);
      GString *title = g_string_new (NULL);
      guint day = g_rand_int_range (rand, 1, 29);

      append_words (title, rand, g_rand_int_range (rand, 4, 12));
      switch (kind)
        {
        case 0:
          g_string_append_printf (out, "<item><title>%s</title><link>https://news.example.com/%u/%u</link>"
                                  "<guid isPermaLink=\"false\">g-%u-%u</guid><pubDate>Thu, %02u Apr 2004 07:48:00 +0200</pubDate>"
                                  "<dc:creator>Rita Porter</dc:creator><category>Local</category>"
                                  "<description>%s</description><content:encoded><![CDATA[%s]]></content:encoded>"
                                  "<media:thumbnail url=\"https://img.example.com/%u.jpg\"/></item>\n",
                                  title->str, index, i, index, i, day, escaped, body, i);
          break;
        case 1:
          g_string_append_printf (out, "<entry><title>%s</title><link href=\"https://news.example.com/%u/%u\"/>"
                                  "<id>urn:e:%u:%u</id><updated>2004-04-%02uT07:48:00Z</updated>"
                                  "<published>2004-04-%02uT07:48:00+02:00</published><category term=\"local\"/>"
                                  "<summary>%s</summary><content type=\"html\">%s</content></entry>\n",
                                  title->str, index, i, index, i, day, day, "A summary", escaped);
          break;
        case 2:
          g_string_append_printf (out, "<item rdf:about=\"https://news.example.com/%u/%u\"><title>%s</title>"
                                  "<link>https://news.example.com/%u/%u</link><dc:date>2004-04-%02uT07:48:00Z</dc:date>"
                                  "<dc:creator>Bob</dc:creator><description>%s</description></item>\n",
                                  index, i, title->str, index, i, day, escaped);
          break;
        case 3:
          g_string_append_printf (out, "<item><title>%s</title><link>https://news.example.com/%u/%u</link>"
                                  "<description>%s</description></item>\n",
                                  title->str, index, i, escaped);
          break;
        default:
          g_string_append_printf (out, "<entry><title>%s</title><link rel=\"alternate\" type=\"text/html\" "
                                  "href=\"https://news.example.com/%u/%u\"/><id>urn:e:%u:%u</id>"
                                  "<issued>2004-04-%02uT07:48:00Z</issued><modified>2004-04-%02uT07:48:00Z</modified>"
                                  "<content type=\"text/html\" mode=\"escaped\">%s</content></entry>\n",
                                  title->str, index, i, index, i, day, day, escaped);
          break;
        }
      g_string_free (title, TRUE);
    }

  switch (kind)
    {
    case 0:
    case 3:
      g_string_append (out, "</channel></rss>\n");
      break;
    case 2:
      g_string_append (out, "</rdf:RDF>\n");
      break;
    default:
      g_string_append (out, "</feed>\n");
      break;
    }
  return g_string_free_to_bytes (out);
}

static GBytes *
make_json_feed (guint  index,
                GRand *rand)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_items = g_rand_int_range (rand, 20, 101);
  char *data;
  gsize len;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, "https://jsonfeed.org/version/1.1");
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "JSON Feed");
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *body = make_body (rand, g_rand_int_range (rand, 1024, 8 * 1024 + 1));
      g_autofree char *id = g_strdup_printf ("%u-%u", index, i);
      g_autofree char *url = g_strdup_printf ("https://news.example.com/%u/%u", index, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, "A title");
      json_builder_set_member_name (builder, "content_html");
      json_builder_add_string_value (builder, body);
      json_builder_set_member_name (builder, "date_published");
      json_builder_add_string_value (builder, "2004-04-15T07:48:00Z");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);
  return g_bytes_new_take (data, len);
}

static gsize
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10) : 0;
}

static gsize
current_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10) : 0;
}

/* Sets the peak back to the current size: later readings cover what follows. */
static void
reset_peak (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

typedef gboolean (*ParseFunc) (GBytes *bytes);

static gboolean
parse_bare (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  xmlDocPtr doc = xmlReadMemory (data, (int) len, NULL, NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

  if (doc == NULL)
    return FALSE;
  xmlFreeDoc (doc);
  return TRUE;
}

static gboolean
parse_json_bare (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return json_parser_load_from_data (parser, data, (gssize) len, NULL);
}

static guint total_items;

static gboolean
parse_full (GBytes *bytes)
{
  g_autoptr(PnFeed) feed = pn_feed_parse (bytes, "https://news.example.com/feed", "bench", NULL);

  if (feed == NULL)
    return FALSE;
  total_items += pn_feed_get_items (feed)->len;
  return TRUE;
}

/* MB/s over the whole corpus, repeated until MIN_SECONDS have passed. */
static double
measure (GPtrArray *corpus,
         gsize      total_bytes,
         ParseFunc  parse)
{
  gint64 start = g_get_monotonic_time ();
  double seconds;
  guint rounds = 0;

  do
    {
      for (guint i = 0; i < corpus->len; i++)
        {
          if (!parse (g_ptr_array_index (corpus, i)))
            g_error ("feed %u failed to parse", i);
        }
      rounds++;
      seconds = (g_get_monotonic_time () - start) / 1e6;
    }
  while (seconds < MIN_SECONDS);

  return (double) total_bytes * rounds / seconds / (1024.0 * 1024.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20040415);
  g_autoptr(GPtrArray) corpus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) json_corpus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize total = 0, json_total = 0, largest = 0;
  double bare, full, json_bare, json_full;
  gsize base_kb, peak_kb;

  xmlInitParser ();

  for (guint i = 0; i < N_FEEDS; i++)
    {
      GBytes *bytes = make_feed (i, rand);

      total += g_bytes_get_size (bytes);
      largest = MAX (largest, g_bytes_get_size (bytes));
      g_ptr_array_add (corpus, bytes);
    }
  for (guint i = 0; i < N_JSON_FEEDS; i++)
    {
      GBytes *bytes = make_json_feed (i, rand);

      json_total += g_bytes_get_size (bytes);
      largest = MAX (largest, g_bytes_get_size (bytes));
      g_ptr_array_add (json_corpus, bytes);
    }

  printf ("corpus: %u XML feeds (RSS 2.0, RSS 1.0, RSS 0.91, Atom 1.0, Atom 0.3), %.1f MB; "
          "%u JSON Feeds, %.1f MB; largest feed %.2f MB\n",
          N_FEEDS, total / (1024.0 * 1024.0), N_JSON_FEEDS, json_total / (1024.0 * 1024.0),
          largest / (1024.0 * 1024.0));

  /* Warm up (first-touch page faults, libxml2 and GType set-up). */
  parse_full (g_ptr_array_index (corpus, 0));
  parse_full (g_ptr_array_index (json_corpus, 0));

  /* Peak memory of one pass of full parsing, over the corpus held in memory.
   * Freed heap from generating the corpus is handed back first, or the parse
   * would reuse it unseen.
   */
  malloc_trim (0);
  base_kb = current_rss_kb ();
  reset_peak ();
  total_items = 0;
  for (guint i = 0; i < corpus->len; i++)
    parse_full (g_ptr_array_index (corpus, i));
  for (guint i = 0; i < json_corpus->len; i++)
    parse_full (g_ptr_array_index (json_corpus, i));
  peak_kb = peak_rss_kb ();
  printf ("items parsed per pass: %u\n", total_items);

  bare = measure (corpus, total, parse_bare);
  full = measure (corpus, total, parse_full);
  json_bare = measure (json_corpus, json_total, parse_json_bare);
  json_full = measure (json_corpus, json_total, parse_full);

  printf ("XML  bare xmlReadMemory:   %8.1f MB/s\n", bare);
  printf ("XML  full pn_feed_parse:   %8.1f MB/s\n", full);
  printf ("XML  ratio full/bare:      %8.1f %%  (target >= 40 %%)\n", 100.0 * full / bare);
  printf ("JSON bare json-glib parse: %8.1f MB/s\n", json_bare);
  printf ("JSON full pn_feed_parse:   %8.1f MB/s\n", json_full);
  printf ("JSON ratio full/bare:      %8.1f %%\n", 100.0 * json_full / json_bare);
  printf ("peak memory while parsing: %.1f MB above the %.1f MB resident before "
          "(%.1fx the largest input; target <= 5x)\n",
          (peak_kb - MIN (peak_kb, base_kb)) / 1024.0, base_kb / 1024.0,
          (peak_kb - MIN (peak_kb, base_kb)) * 1024.0 / largest);
  printf ("VmHWM (whole process, corpus included): %.1f MB\n", peak_kb / 1024.0);

  return 0;
}
