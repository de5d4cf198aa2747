/* test-store-parse.c — the store's fast JSON reader agrees with json-glib
 *
 * The reader may decline anything (the store then asks json-glib), but
 * whatever it accepts must give exactly json-glib's tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "pn-core.h"
#include "pn-store-parse.h"
#include "pn-test-store.h"

typedef struct
{
  const char *json;
  gboolean    fast;   /* the fast reader handles it (else it declines) */
} ParseCase;

static const ParseCase cases[] = {
  { "{}", TRUE },
  { " \n\t{ \"version\" : 1 }\r\n", TRUE },
  { "[]", TRUE },
  { "[1, -2, 0, -0, 123456789012345678]", TRUE },
  { "{\"a\":true,\"b\":false,\"c\":null,\"d\":[{}]}", TRUE },
  { "{\"z\":1,\"a\":2,\"m\":3}", TRUE },
  { "\"plain\"", TRUE },
  { "\"\"", TRUE },
  { "\"a \\\"quoted\\\" \\\\ \\/ \\b\\f\\n\\r\\t word\"", TRUE },
  { "\"\\u00e9t\\u00C9 \\ud83d\\ude00 \\u20ac\"", TRUE },
  { "\"élection über 😀 — long enough to take the word-at-a-time path\"", TRUE },
  { "\"abcdefgé\"", TRUE },
  { "\"1234567\\\"\"", TRUE },
  { "{\"content\":\"<p>Paragraph 0: the élection &amp; the vote</p>\",\"id\":\"x\"}", TRUE },
  /* Declined: json-glib decides. */
  { "1.5", FALSE },
  { "[1e3]", FALSE },
  { "1234567890123456789", FALSE },
  { "{\"a\":1,\"a\":2}", FALSE },
  { "\"\\u0000\"", FALSE },
  { "\"\\ud83d\"", FALSE },
  { "\"\\ude00\"", FALSE },
  /* Invalid JSON: declined, and json-glib rejects it too. */
  { "", FALSE },
  { "{", FALSE },
  { "{\"a\":}", FALSE },
  { "{\"a\" 1}", FALSE },
  { "{\"a\":1,}", FALSE },
  { "[1,]", FALSE },
  { "[1 2]", FALSE },
  { "\"unterminated", FALSE },
  { "\"bad \\x escape\"", FALSE },
  { "\"\\u12\"", FALSE },
  { "\"tab\tinside\"", FALSE },
  { "\"\xc3\x28 bad utf-8\"", FALSE },
  { "\"\xed\xa0\x80 surrogate in utf-8\"", FALSE },
  { "\"\xe0\x80\xaf overlong\"", FALSE },
  { "\"truncated \xe2\x82\"", FALSE },
  { "{} {}", FALSE },
  { "tru", FALSE },
  { "nul", FALSE },
  { "01", FALSE },
  { "-", FALSE },
  { "{'a':1}", FALSE },
};

static char *
json_glib_text (const char *data,
                gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, data, length, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_to_string (json_parser_get_root (parser), FALSE);
}

/* Checks the invariant on @data; returns whether the fast reader took it. */
static gboolean
check_agrees (const char *data,
              gsize       length)
{
  g_autofree char *copy = g_memdup2 (data, length + 1);
  g_autofree char *expected = json_glib_text (data, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = pn_store_parse_in_place (copy, length, &error);
  g_autofree char *text = NULL;

  if (root == NULL)
    {
      g_assert_error (error, PN_ERROR, PN_ERROR_CORRUPT);
      return FALSE;
    }
  g_assert_no_error (error);
  g_assert_nonnull (expected);
  text = json_to_string (root, FALSE);
  g_assert_cmpstr (text, ==, expected);
  return TRUE;
}

static void
test_case (gconstpointer data)
{
  const ParseCase *c = data;

  g_assert_cmpint (check_agrees (c->json, strlen (c->json)), ==, c->fast);
}

/* Random byte edits of a real-shaped file: whatever the reader accepts,
 * json-glib reads the same way.
 */
static void
test_mutations (void)
{
  const char *base =
    "{\n \"version\" : 1,\n \"stories\" : [\n  {\n   \"id\" : \"47206053\",\n"
    "   \"title\" : \"Story \\\"0\\\" — élection\",\n   \"read\" : false,\n"
    "   \"authors\" : [ { \"name\" : \"Zoë\" } ],\n   \"n\" : -42,\n"
    "   \"content\" : \"<p>Paragraph 0: the president &amp; the market.</p>\\n\\u00e9\"\n  }\n ]\n}\n";
  const char alphabet[] = "{}[]\":,\\ tfn0-9eu\xc3\xa9\x80";
  /* Many edits land inside strings and keep the file valid. */
  g_assert_cmpuint (pn_test_mutate (base, alphabet, 20240531, 20000, check_agrees), >, 1000);
}

/* Every file the store writes takes the fast path. */
static void
test_store_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "store-parse", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GPtrArray) stories = NULL;
  const char *subdirs[] = { "", "stories", "saved" };
  PnStory *story;
  PnSource *source;
  guint n_files = 0;

  library = pn_test_populate (dir, 2, 5, 300);
  source = pn_library_add_source (library, "https://example.org/odd.xml",
                                  "Tab\there, \"quotes\", back\\slash, 😀", NULL, &error);
  g_assert_no_error (error);
  stories = pn_test_make_stories (source, 2, 100, now);
  story = g_ptr_array_index (stories, 0);
  pn_story_set_content (story, "<p>Line\nbreak, \x01 control, \"quote\", é, \u2028</p>");
  pn_library_merge_stories (library, source, stories, NULL, &error);
  g_assert_no_error (error);
  pn_library_add_annotation (library, story, 0, 4, "note with \"quotes\"", &error);
  g_assert_no_error (error);
  pn_library_flush (library, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (dir, subdirs[i], NULL);
      g_autoptr(GDir) d = g_dir_open (path, 0, &error);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          g_autofree char *contents = NULL;
          gsize length;

          if (!g_str_has_suffix (name, ".json"))
            continue;
          g_file_get_contents (file, &contents, &length, &error);
          g_assert_no_error (error);
          g_assert_true (check_agrees (contents, length));
          n_files++;
        }
    }
  /* sources.json, library.json, three stories files, one saved story */
  g_assert_cmpuint (n_files, ==, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/store-parse/case/%u", i);

      g_test_add_data_func (name, &cases[i], test_case);
    }
  g_test_add_func ("/store-parse/mutations", test_mutations);
  g_test_add_func ("/store-parse/store-files", test_store_files);
  return g_test_run ();
}
