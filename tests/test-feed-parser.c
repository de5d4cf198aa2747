/* test-feed-parser.c — the feed parser over the fixture corpus and hostile input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "pn-core.h"

#define FIXTURE_BASE_URL "https://example.com/feed/"

static char *
fixture_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "feeds", NULL);
}

static GBytes *
load_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static char *
to_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* Strips the extension: "rss20-full.xml" → "rss20-full". */
static char *
fixture_stem (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static void
test_fixture (gconstpointer data)
{
  const char *path = data;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *stem = fixture_stem (path);
  g_autofree char *expected_json = g_strdup_printf ("%s/%s.expected.json", dir, stem);
  g_autofree char *expected_error = g_strdup_printf ("%s/%s.expected-error", dir, stem);
  g_autoptr(GBytes) bytes = load_bytes (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PnFeed) feed = pn_feed_parse (bytes, FIXTURE_BASE_URL, "fixture", &error);
  gsize len = 0;
  const char *data_bytes = g_bytes_get_data (bytes, &len);

  if (g_file_test (expected_error, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = NULL;

      g_file_get_contents (expected_error, &message, NULL, NULL);
      g_strchomp (message);
      g_assert_null (feed);
      g_assert_nonnull (error);
      g_assert_true (error->domain == PN_ERROR);
      g_assert_cmpstr (error->message, ==, message);
      if (error->code == PN_ERROR_NOT_A_FEED)
        g_assert_null (pn_feed_detect_format (data_bytes, len));
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (feed);
  /* Detection on the raw bytes agrees with the parse. */
  g_assert_cmpstr (pn_feed_detect_format (data_bytes, len), ==, pn_feed_get_format (feed));

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(JsonNode) actual = pn_feed_to_json_node (feed);
    JsonNode *expected;

    json_parser_load_from_file (parser, expected_json, &error);
    g_assert_no_error (error);
    expected = json_parser_get_root (parser);
    if (!json_node_equal (expected, actual))
      {
        g_autofree char *want = to_json (expected);
        g_autofree char *got = to_json (actual);

        g_test_message ("expected:\n%s\nactual:\n%s", want, got);
        g_test_fail_printf ("%s: the parse differs from %s.expected.json", stem, stem);
      }
  }

  /* Story ids are the model's stable ids, derived from the source id. */
  {
    GPtrArray *items = pn_feed_get_items (feed);

    for (guint i = 0; i < items->len; i++)
      {
        PnStory *story = g_ptr_array_index (items, i);
        g_autofree char *id = pn_story_make_id ("fixture", pn_story_get_guid (story),
                                                pn_story_get_link (story),
                                                pn_story_get_title (story),
                                                pn_story_get_published (story));

        g_assert_cmpstr (pn_story_get_id (story), ==, id);
        g_assert_cmpstr (pn_story_get_source_id (story), ==, "fixture");
      }
  }
}

static void
test_source_id_optional (void)
{
  g_autofree char *dir = fixture_dir ();
  g_autofree char *path = g_build_filename (dir, "rss20-full.xml", NULL);
  g_autoptr(GBytes) bytes = load_bytes (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PnFeed) feed = pn_feed_parse (bytes, NULL, NULL, &error);
  PnStory *story;
  g_autofree char *id = NULL;

  g_assert_no_error (error);
  story = g_ptr_array_index (pn_feed_get_items (feed), 0);
  id = pn_story_make_id ("", pn_story_get_guid (story), NULL, NULL, NULL);
  g_assert_cmpstr (pn_story_get_id (story), ==, id);
}

static void
test_relative_links_without_base (void)
{
  g_autofree char *dir = fixture_dir ();
  g_autofree char *path = g_build_filename (dir, "rss20-relative-links.xml", NULL);
  g_autoptr(GBytes) bytes = load_bytes (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PnFeed) feed = pn_feed_parse (bytes, NULL, NULL, &error);
  PnStory *story;

  g_assert_no_error (error);
  g_assert_cmpstr (pn_feed_get_link (feed), ==, "/");
  story = g_ptr_array_index (pn_feed_get_items (feed), 0);
  g_assert_cmpstr (pn_story_get_link (story), ==, "2024/post.html");
  /* An unsafe scheme is dropped whatever the base. */
  story = g_ptr_array_index (pn_feed_get_items (feed), 1);
  g_assert_null (pn_story_get_link (story));
  g_assert_null (pn_story_get_enclosures (story));
}

static void
test_size_cap (void)
{
  const char *feed_text = "<rss version=\"2.0\"><channel><title>x</title></channel></rss>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (feed_text, strlen (feed_text));
  g_autoptr(GError) error = NULL;
  g_autoptr(PnFeed) small = pn_feed_parse_full (bytes, NULL, NULL, 10, &error);
  g_autoptr(PnFeed) fits = NULL;

  g_assert_null (small);
  g_assert_error (error, PN_ERROR, PN_ERROR_TOO_LARGE);
  g_clear_error (&error);

  fits = pn_feed_parse_full (bytes, NULL, NULL, strlen (feed_text), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pn_feed_get_title (fits), ==, "x");
}

static void
test_detect_format (void)
{
  static const struct {
    const char *data;
    const char *format;
  } cases[] = {
    { "<rss version=\"2.0\">", "rss2.0" },
    { "<rss>", "rss2.0" },
    { "<rss version='0.91'>", "rss0.9x" },
    { "<?xml version=\"1.0\"?><!-- c --><!DOCTYPE rss [<!ENTITY a \"b\">]><rss version=\"0.92\">", "rss0.9x" },
    { "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">", "rss1.0" },
    { "<RDF xmlns=\"http://my.netscape.com/rdf/simple/0.9/\">", "rss0.9x" },
    { "<feed xmlns=\"http://www.w3.org/2005/Atom\">", "atom1.0" },
    { "<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\">", "atom1.0" },
    { "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">", "atom0.3" },
    { "{\"version\": \"https://jsonfeed.org/version/1.1\"}", "jsonfeed1.1" },
    { "  {\"items\": [], \"version\": \"https://jsonfeed.org/version/1\"}", "jsonfeed1.0" },
    { "<!DOCTYPE html><html>", NULL },
    { "<html><body>", NULL },
    { "<feed xmlns=\"urn:not-atom\">", NULL },
    { "plain words", NULL },
    { "", NULL },
    { "{\"version\": 2}", NULL },
    { "\x1f\x8b\x08\x00", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (pn_feed_detect_format (cases[i].data, strlen (cases[i].data)), ==,
                     cases[i].format);
}

static gsize
read_peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

/* Resets the peak so the next reading covers only what follows. */
static gsize
reset_peak_rss_kb (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
  return read_peak_rss_kb ();
}

static PnFeed *
parse_string (const char  *text,
              gsize        len,
              gsize        max_size,
              GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, len);

  return pn_feed_parse_full (bytes, FIXTURE_BASE_URL, "hostile", max_size, error);
}

static void
assert_no_huge_strings (PnFeed *feed,
                        gsize   limit)
{
  g_autoptr(JsonNode) node = pn_feed_to_json_node (feed);
  g_autofree char *json = to_json (node);

  g_assert_cmpuint (strlen (json), <, limit);
}

static void
test_billion_laughs (void)
{
  g_autofree char *dir = fixture_dir ();
  g_autofree char *path = g_build_filename (dir, "hostile-billion-laughs.xml", NULL);
  g_autoptr(GBytes) bytes = load_bytes (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PnFeed) feed = NULL;
  gsize before = reset_peak_rss_kb ();

  feed = pn_feed_parse (bytes, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Fully expanded, each &lol9; would be 3 GB. */
  assert_no_huge_strings (feed, 64 * 1024);
  g_assert_cmpuint (read_peak_rss_kb () - before, <, 64 * 1024);
}

/* A quadratic blow-up: one entity of 100 000 characters used 10 000 times. */
static void
test_quadratic_blowup (void)
{
  g_autoptr(GString) doc = g_string_new ("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"");
  g_autoptr(GError) error = NULL;
  g_autoptr(PnFeed) feed = NULL;
  gsize before;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (doc, 'a');
  g_string_append (doc, "\">]><rss version=\"2.0\"><channel><item><title>");
  for (guint i = 0; i < 10000; i++)
    g_string_append (doc, "&a;");
  g_string_append (doc, "</title><link>https://x.example/1</link></item></channel></rss>");

  before = reset_peak_rss_kb ();
  feed = parse_string (doc->str, doc->len, PN_FEED_PARSER_DEFAULT_MAX_SIZE, &error);
  if (feed != NULL)
    assert_no_huge_strings (feed, 16 * 1024 * 1024);
  g_assert_cmpuint (read_peak_rss_kb () - before, <, 512 * 1024);
}

static void
test_xxe (void)
{
  g_autofree char *dir = fixture_dir ();
  g_autofree char *path = g_build_filename (dir, "hostile-xxe.xml", NULL);
  g_autoptr(GBytes) bytes = load_bytes (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PnFeed) feed = pn_feed_parse (bytes, NULL, NULL, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  g_autofree char *passwd = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  node = pn_feed_to_json_node (feed);
  json = to_json (node);

  g_assert_true (g_file_get_contents ("/etc/passwd", &passwd, NULL, NULL));
  lines = g_strsplit (passwd, "\n", -1);
  g_assert_nonnull (lines[0]);
  g_assert_cmpuint (strlen (lines[0]), >, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strlen (lines[i]) > 8)
        g_assert_null (strstr (json, lines[i]));
    }
  g_assert_null (strstr (json, "root:"));
  g_assert_null (strstr (json, "/bin/"));
}

static void
test_deep_nesting (void)
{
  const gsize target = 50 * 1024 * 1024;
  g_autoptr(GString) doc = g_string_sized_new (target + 64);
  g_autoptr(GError) error = NULL;
  g_autoptr(PnFeed) feed = NULL;
  gsize before;

  g_string_append (doc, "<rss version=\"2.0\"><channel><title>Deep</title><item><description>");
  while (doc->len < target)
    g_string_append (doc, "<div>");

  before = reset_peak_rss_kb ();
  /* Refused by the default cap, before any parsing… */
  feed = parse_string (doc->str, doc->len, PN_FEED_PARSER_DEFAULT_MAX_SIZE, &error);
  g_assert_null (feed);
  g_assert_error (error, PN_ERROR, PN_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* …and with the cap raised, libxml2's depth limit stops it. */
  feed = parse_string (doc->str, doc->len, 64 * 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pn_feed_get_title (feed), ==, "Deep");
  g_assert_nonnull (pn_feed_get_warnings (feed)[0]);
  g_test_message ("peak growth for a 50 MB input: %" G_GSIZE_FORMAT " MB",
                  (read_peak_rss_kb () - before) / 1024);
  g_assert_cmpuint (read_peak_rss_kb () - before, <, 6 * target / 1024);
}

static void
test_huge_input_refused (void)
{
  const gsize size = 100 * 1024 * 1024;
  g_autofree char *data = g_malloc (size);
  g_autoptr(GError) error = NULL;
  g_autoptr(PnFeed) feed = NULL;

  memset (data, ' ', size);
  memcpy (data, "<rss>", 5);
  feed = parse_string (data, size, PN_FEED_PARSER_DEFAULT_MAX_SIZE, &error);
  g_assert_null (feed);
  g_assert_error (error, PN_ERROR, PN_ERROR_TOO_LARGE);
}

/* Every prefix of a real feed: a feed or an error, never a crash. */
static void
test_truncations (void)
{
  g_autofree char *dir = fixture_dir ();
  static const char * const names[] = { "rss20-full.xml", "atom10-full.xml", "jsonfeed10.json" };

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *path = g_build_filename (dir, names[n], NULL);
      g_autoptr(GBytes) bytes = load_bytes (path);
      gsize len = 0;
      const char *data = g_bytes_get_data (bytes, &len);

      for (gsize cut = 0; cut < len; cut += 3)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PnFeed) feed = parse_string (data, cut, PN_FEED_PARSER_DEFAULT_MAX_SIZE, &error);

          g_assert_true ((feed != NULL) != (error != NULL));
          if (error != NULL)
            g_assert_true (error->domain == PN_ERROR);
        }
    }
}

/* Inputs that once crashed or hung the fuzz target. */
static void
test_fuzz_regressions (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "feed-parser", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GBytes) bytes = load_bytes (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(PnFeed) feed = pn_feed_parse (bytes, FIXTURE_BASE_URL, NULL, &error);

      g_assert_true ((feed != NULL) != (error != NULL));
      if (feed != NULL)
        {
          g_autoptr(JsonNode) node = pn_feed_to_json_node (feed);

          g_assert_nonnull (node);
        }
      count++;
    }
  g_assert_cmpuint (count, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);

  dir = fixture_dir ();
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (strstr (name, ".expected") != NULL || g_str_has_suffix (name, ".md"))
        continue;
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
    }
  g_ptr_array_sort (paths, (GCompareFunc) g_strcmp0);
  g_assert_cmpuint (paths->len, >=, 30);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *test_name = g_strdup_printf ("/feed-parser/fixture/%s",
                                                    strrchr (path, '/') + 1);

      g_test_add_data_func (test_name, path, test_fixture);
    }

  g_test_add_func ("/feed-parser/source-id-optional", test_source_id_optional);
  g_test_add_func ("/feed-parser/relative-links-without-base", test_relative_links_without_base);
  g_test_add_func ("/feed-parser/size-cap", test_size_cap);
  g_test_add_func ("/feed-parser/detect-format", test_detect_format);
  g_test_add_func ("/feed-parser/hostile/billion-laughs", test_billion_laughs);
  g_test_add_func ("/feed-parser/hostile/quadratic-blowup", test_quadratic_blowup);
  g_test_add_func ("/feed-parser/hostile/xxe", test_xxe);
  g_test_add_func ("/feed-parser/hostile/deep-nesting-50mb", test_deep_nesting);
  g_test_add_func ("/feed-parser/hostile/100mb-refused", test_huge_input_refused);
  g_test_add_func ("/feed-parser/hostile/truncations", test_truncations);
  g_test_add_func ("/feed-parser/fuzz-regressions", test_fuzz_regressions);

  return g_test_run ();
}
