/* test-opml.c — OPML import over files shaped like real readers' exports,
 * export, and the round trip between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-core.h"

/* One line per entry, "folder<TAB>url<TAB>title<TAB>site url" with "-" for
 * none, then "warnings<TAB>N": the format of the .expected files. */
static char *
describe (GPtrArray *entries,
          GPtrArray *warnings)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      PnOpmlEntry *entry = g_ptr_array_index (entries, i);

      g_string_append_printf (text, "%s\t%s\t%s\t%s\n",
                              entry->folder != NULL ? entry->folder : "-",
                              entry->url,
                              entry->title != NULL ? entry->title : "-",
                              entry->site_url != NULL ? entry->site_url : "-");
    }
  g_string_append_printf (text, "warnings\t%u\n", warnings->len);
  return g_string_free (text, FALSE);
}

static void
test_fixture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *opml_name = g_strconcat (name, ".opml", NULL);
  g_autofree char *expected_name = g_strconcat (name, ".expected", NULL);
  g_autofree char *opml_path = g_test_build_filename (G_TEST_DIST, "fixtures", "opml", opml_name, NULL);
  g_autofree char *expected_path = g_test_build_filename (G_TEST_DIST, "fixtures", "opml", expected_name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_file_get_contents (opml_path, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_get_contents (expected_path, &expected, NULL, &error);
  g_assert_no_error (error);

  entries = pn_opml_parse (contents, len, &warnings, &error);
  g_assert_no_error (error);
  actual = describe (entries, warnings);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", (const char *) g_ptr_array_index (warnings, i));
  g_assert_cmpstr (actual, ==, expected);

  /* Nothing from outside the document ever gets in (no entity loading). */
  g_assert_null (strstr (actual, "root:"));
}

static void
test_not_opml (gconstpointer data)
{
  const char *text = data;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = pn_opml_parse (text, strlen (text), &warnings, &error);

  g_assert_error (error, PN_ERROR, PN_ERROR_INVALID_ARGUMENT);
  g_assert_null (entries);
  g_assert_null (warnings);
}

static void
test_empty_body (void)
{
  static const char text[] = "<opml version=\"2.0\"><head/></opml>";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = pn_opml_parse (text, strlen (text), NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
}

static PnSource *
make_source (const char *url,
             const char *title,
             const char *site_url,
             const char *folder)
{
  g_autofree char *id = pn_source_make_id (url);
  PnSource *source = pn_source_new (id, url);

  pn_source_set_title (source, title);
  pn_source_set_site_url (source, site_url);
  pn_source_set_folder (source, folder);
  return source;
}

static void
test_round_trip (void)
{
  g_autoptr(GListStore) sources = g_list_store_new (PN_TYPE_SOURCE);
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  struct {
    const char *url, *title, *site_url, *folder;
  } rows[] = {
    { "https://a.example/feed.xml", "A & B <news>", "https://a.example/", "Tech" },
    { "https://b.example/rss?x=1&y=\"2\"", "Quotes \"here\"", NULL, NULL },
    { "https://c.example/atom.xml", "Café ünïcödé", "https://c.example/", "Nachrichten" },
    { "https://d.example/feed.json", "D", NULL, "Tech" },
    { "https://e.example/feed", NULL, NULL, NULL },
  };
  /* Export order: top level first, then folders as first seen. */
  const guint expected_order[] = { 1, 4, 0, 3, 2 };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(PnSource) source = make_source (rows[i].url, rows[i].title, rows[i].site_url, rows[i].folder);

      g_list_store_append (sources, source);
    }

  exported = pn_opml_export (G_LIST_MODEL (sources), "My subscriptions");
  text = g_strndup (g_bytes_get_data (exported, NULL), g_bytes_get_size (exported));
  g_assert_true (g_str_has_prefix (text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  g_assert_nonnull (strstr (text, "<opml version=\"2.0\">"));
  g_assert_nonnull (strstr (text, "<title>My subscriptions</title>"));
  g_assert_nonnull (strstr (text, "A &amp; B &lt;news&gt;"));
  g_assert_true (g_utf8_validate (text, -1, NULL));

  entries = pn_opml_parse (g_bytes_get_data (exported, NULL), g_bytes_get_size (exported), &warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (rows));
  for (guint i = 0; i < entries->len; i++)
    {
      PnOpmlEntry *entry = g_ptr_array_index (entries, i);
      guint row = expected_order[i];
      g_autoptr(PnSource) source = g_list_model_get_item (G_LIST_MODEL (sources), row);

      g_assert_cmpstr (entry->url, ==, rows[row].url);
      /* A source without a title is exported under its display title. */
      g_assert_cmpstr (entry->title, ==, pn_source_get_display_title (source));
      g_assert_cmpstr (entry->site_url, ==, rows[row].site_url);
      g_assert_cmpstr (entry->folder, ==, rows[row].folder);
    }
}

static void
test_normalize (void)
{
  const char *cases[][2] = {
    { "https://Example.ORG/Feed.xml", "https://example.org/Feed.xml" },
    { "HTTP://example.org:80/feed", "http://example.org/feed" },
    { "https://example.org:443/feed", "https://example.org/feed" },
    { "https://example.org:8443/feed", "https://example.org:8443/feed" },
    { "http://example.org:443/feed", "http://example.org:443/feed" },
    { "https://example.org/feed#latest", "https://example.org/feed" },
    { "https://example.org", "https://example.org/" },
    { "https://example.org/feed?a=1&b=2", "https://example.org/feed?a=1&b=2" },
    { "  https://example.org/feed  ", "https://example.org/feed" },
    { "feed://example.org/rss", "https://example.org/rss" },
    { "feed:https://example.org/rss", "https://example.org/rss" },
    { "FEED:http://example.org/rss", "http://example.org/rss" },
    { "https://example.org/a%20b", "https://example.org/a%20b" },
    { "ftp://example.org/feed", NULL },
    { "mailto:someone@example.org", NULL },
    { "/relative/feed", NULL },
    { "not a url", NULL },
    { "https://", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = pn_normalize_feed_url (cases[i][0]);

      g_assert_cmpstr (normalized, ==, cases[i][1]);
    }
}

int
main (int   argc,
      char *argv[])
{
  static const char * const fixtures[] = {
    "feedly", "inoreader", "newsboat", "liferea", "opml2-nested",
  };
  static const char * const not_opml[] = {
    "",
    "just text",
    "<html><body><outline xmlUrl=\"https://example.org/feed\"/></body></html>",
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>",
    "\xff\xfe<\x00o\x00",
  };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/opml/import/%s", fixtures[i]);

      g_test_add_data_func (path, fixtures[i], test_fixture);
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_opml); i++)
    {
      g_autofree char *path = g_strdup_printf ("/opml/not-opml/%u", i);

      g_test_add_data_func (path, not_opml[i], test_not_opml);
    }
  g_test_add_func ("/opml/empty-body", test_empty_body);
  g_test_add_func ("/opml/round-trip", test_round_trip);
  g_test_add_func ("/opml/normalize-url", test_normalize);

  return g_test_run ();
}
