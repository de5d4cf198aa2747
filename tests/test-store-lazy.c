/* test-store-lazy.c — bodies left in their files, and the pieces of the
 * fast load: the direct readers, the JSON writer, dates, the list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "pn-core.h"
#include "pn-library-list.h"
#include "pn-store-file.h"
#include "pn-store-json.h"
#include "pn-store-parse.h"
#include "pn-store-read.h"
#include "pn-store-write.h"
#include "pn-test-dir.h"
#include "pn-test-store.h"

/* Loaded without any problem. */
static PnLibrary *
open_library (const char        *dir,
              PnLibraryLoadFlags flags)
{
  g_autoptr(PnLibrary) library = pn_test_open_library (dir, flags);

  g_assert_cmpuint (pn_library_get_problems (library)->len, ==, 0);
  return g_steal_pointer (&library);
}

static const char *
nth_story_id (PnLibrary *library,
              PnSource  *source,
              guint      n)
{
  return pn_story_get_id (pn_test_nth_story (library, source, n));
}

/* Bodies as a feed may give them: what the string scan stops at, escapes
 * of every kind when written by another tool, and a character across the
 * preview's end.
 */
typedef struct
{
  const char *name;
  const char *text;     /* the body */
  const char *written;  /* how a hand-written file spells it, or NULL */
} BodyCase;

static const BodyCase body_cases[] = {
  { "plain", "<p>Paragraph 1: the city &amp; the river.</p>", NULL },
  { "quotes", "<a href=\"https://example.org/a?b=1&c=2\">a \"quoted\" link</a>", NULL },
  { "controls", "line\nbreak\ttab\rreturn\x01\x1f back\\slash /slash", NULL },
  { "utf-8", "élection über 😀 — 中文 \u2028 end", NULL },
  { "escaped", "é😀/\"\\\b\f\n\r\t",
    "\\u00e9\\ud83d\\ude00\\/\\\"\\\\\\b\\f\\n\\r\\t" },
  { "escaped-upper", "Éà", "\\u00C9\\u00e0" },
  { "empty", "", NULL },
};

static char *
long_body (const char *unit)
{
  g_autoptr(GString) body = g_string_new (NULL);

  /* A multi-byte character straddles byte 512 for some of these. */
  while (body->len < 3 * PN_STORY_PREVIEW_BYTES)
    g_string_append (body, unit);
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static void
check_preview (PnStory    *story,
               const char *body)
{
  const char *preview = pn_story_get_preview (story);
  gsize length = strlen (preview);

  g_assert_true (g_utf8_validate (preview, -1, NULL));
  g_assert_true (strncmp (preview, body, length) == 0);
  g_assert_cmpuint (length, <=, PN_STORY_PREVIEW_BYTES);
  /* Only what does not fit is left out. */
  if (strlen (body) <= PN_STORY_PREVIEW_BYTES)
    g_assert_cmpstr (preview, ==, body);
  else
    g_assert_cmpuint (length, >, PN_STORY_PREVIEW_BYTES - 4);
}

/* Written by the library, read back lazily: each body exactly as it was,
 * alone or with the rest of its file.
 */
static void
test_bodies_round_trip (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store-lazy");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 1, G_N_ELEMENTS (body_cases) + 2, 100);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  PnSource *source = pn_test_nth_source (library, 0);
  GListModel *stories = pn_library_get_source_stories (library, source);

  for (guint i = 0; i < g_list_model_get_n_items (stories); i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (stories, i);
      char *body = i < G_N_ELEMENTS (body_cases) ? g_strdup (body_cases[i].text)
                                                 : long_body (i % 2 ? "aé" : "a😀b");

      pn_story_set_content (story, body);
      pn_story_set_summary (story, i % 3 == 0 ? NULL : body);
      g_assert_true (pn_library_set_full_content (library, story, body, &error));
      g_ptr_array_add (ids, g_strdup (pn_story_get_id (story)));
      g_ptr_array_add (bodies, body);
    }
  g_assert_true (pn_library_flush (library, &error));
  g_assert_no_error (error);
  g_clear_object (&library);

  library = open_library (dir, PN_LIBRARY_LOAD_ALL);
  for (guint i = 0; i < ids->len; i++)
    {
      PnStory *story = pn_library_lookup_story (library, g_ptr_array_index (ids, i));
      const char *body = g_ptr_array_index (bodies, i);

      g_assert_true (pn_story_get_body_deferred (story));
      check_preview (story, body);
      g_assert_true (pn_library_ensure_story_body (library, story, &error));
      g_assert_no_error (error);
      g_assert_false (pn_story_get_body_deferred (story));
      g_assert_cmpstr (pn_story_get_content (story), ==, body);
      g_assert_cmpstr (pn_story_get_summary (story), ==, i % 3 == 0 ? NULL : body);
      g_assert_cmpstr (pn_story_get_full_content (story), ==, body);
    }
  g_clear_object (&library);

  /* All at once: a change rewrites the file with every body from it. */
  library = open_library (dir, PN_LIBRARY_LOAD_ALL);
  g_assert_true (pn_library_mark_all_read (library, NULL, &error));
  g_assert_true (pn_library_flush (library, &error));
  g_assert_no_error (error);
  g_clear_object (&library);
  library = open_library (dir, PN_LIBRARY_LOAD_ALL);
  for (guint i = 0; i < ids->len; i++)
    {
      PnStory *story = pn_library_lookup_story (library, g_ptr_array_index (ids, i));

      g_assert_true (pn_story_get_read (story));
      g_assert_cmpstr (pn_story_get_content (story), ==, g_ptr_array_index (bodies, i));
    }
  g_clear_object (&library);
  pn_test_dir_remove (dir);
}

/* A stories file of several megabytes is mapped rather than read (see
 * pn_store_file_view_at()): the same stories come out of it.
 */
static void
test_bodies_mapped_file (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store-lazy");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 2, 600, 8000);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  PnSource *source = pn_test_nth_source (library, 1);
  GListModel *stories = pn_library_get_source_stories (library, source);
  g_autofree char *relative = g_strdup_printf ("stories/%s.json", pn_source_get_id (source));
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  GStatBuf buf;

  for (guint i = 0; i < g_list_model_get_n_items (stories); i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (stories, i);

      g_ptr_array_add (expected, g_strdup_printf ("%s|%s|%s|%s", pn_story_get_id (story),
                                                  pn_story_get_title (story),
                                                  pn_story_get_link (story),
                                                  pn_story_get_content (story)));
    }
  g_assert_true (pn_library_flush (library, &error));
  g_clear_object (&library);
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_size, >, 4 * 1024 * 1024);

  library = open_library (dir, PN_LIBRARY_LOAD_ALL);
  source = pn_test_nth_source (library, 1);
  stories = pn_library_get_source_stories (library, source);
  g_assert_cmpuint (g_list_model_get_n_items (stories), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (stories, i);
      g_autofree char *got = NULL;

      g_assert_true (pn_library_ensure_story_body (library, story, &error));
      g_assert_no_error (error);
      got = g_strdup_printf ("%s|%s|%s|%s", pn_story_get_id (story), pn_story_get_title (story),
                             pn_story_get_link (story), pn_story_get_content (story));
      g_assert_cmpstr (got, ==, g_ptr_array_index (expected, i));
    }
  g_clear_object (&library);
  pn_test_dir_remove (dir);
}

/* The scan for the stories file that holds a story reads files piece by
 * piece: a match across two pieces, at either end, or nowhere.
 */
static void
test_file_contains (void)
{
  static const char needle[] = "\"0123456789abcdef\"";
  g_autofree char *dir = pn_test_dir_new ("pn-store-lazy");
  g_autofree char *path = g_build_filename (dir, "file.json", NULL);
  g_auto(PnStoreBuffer) buffer = { NULL };
  gsize size = 3 * 128 * 1024 + 77;
  g_autofree char *text = g_malloc (size);
  g_autoptr(GError) error = NULL;
  gsize offsets[] = { 0, size - strlen (needle) };
  GArray *all = g_array_new (FALSE, FALSE, sizeof (gsize));

  g_array_append_vals (all, offsets, G_N_ELEMENTS (offsets));
  /* Around every multiple of 64 KB: more boundaries than a piece has. */
  for (gsize boundary = 64 * 1024; boundary < size - 64; boundary += 64 * 1024)
    for (gsize before = 0; before <= strlen (needle); before++)
      {
        gsize offset = boundary - before;

        g_array_append_val (all, offset);
      }

  for (guint i = 0; i < all->len; i++)
    {
      gsize offset = g_array_index (all, gsize, i);

      memset (text, 'x', size);
      memcpy (text + offset, needle, strlen (needle));
      g_assert_true (g_file_set_contents (path, text, size, &error));
      g_assert_true (pn_store_file_contains (path, needle, &buffer));
      /* All but its last byte: no match. */
      text[offset + strlen (needle) - 1] = 'x';
      g_assert_true (g_file_set_contents (path, text, size, &error));
      g_assert_false (pn_store_file_contains (path, needle, &buffer));
    }
  g_assert_false (pn_store_file_contains ("/nonexistent/file.json", needle, &buffer));

  g_array_unref (all);
  pn_test_dir_remove (dir);
}

/* Written by another tool, with escapes this code never writes. */
static void
test_bodies_escaped (gconstpointer data)
{
  const BodyCase *body = data;
  g_autofree char *dir = pn_test_dir_new ("pn-store-lazy");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 1, 1, 100);
  g_autoptr(GError) error = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *file = NULL;
  g_autofree char *story_id = NULL;
  g_autoptr(GString) written = g_string_new (NULL);
  g_autofree char *source_id = g_strdup (pn_source_get_id (pn_test_nth_source (library, 0)));
  PnStory *story;

  story_id = g_strdup (nth_story_id (library, pn_test_nth_source (library, 0), 0));
  g_assert_true (pn_library_flush (library, &error));
  g_clear_object (&library);

  if (body->written != NULL)
    g_string_append (written, body->written);
  else
    pn_store_write_string (written, body->text);
  if (body->written == NULL)
    {
      /* Without its quotes. */
      g_string_erase (written, 0, 1);
      g_string_truncate (written, written->len - 1);
    }
  relative = g_strdup_printf ("stories/%s.json", source_id);
  file = g_strdup_printf ("{\"version\":1,\"stories\":[{\"id\":\"%s\",\"source-id\":\"%s\","
                          "\"summary\":\"%s\",\"x-other\":[1,{\"a\":null}],"
                          "\"content\":\"%s\",\"full-content\":null}]}",
                          story_id, source_id, written->str, written->str);
  pn_test_write_file (dir, relative, file, -1);

  library = open_library (dir, PN_LIBRARY_LOAD_ALL);
  story = pn_library_lookup_story (library, story_id);
  g_assert_true (pn_story_get_body_deferred (story));
  check_preview (story, body->text);
  g_assert_cmpstr (pn_story_get_summary (story), ==, body->text);
  g_assert_cmpstr (pn_story_get_content (story), ==, body->text);
  g_assert_null (pn_story_get_full_content (story));
  g_clear_object (&library);
  pn_test_dir_remove (dir);
}

/* The file changed on disk after the load (another process may write it
 * while this one only reads): bodies are found by story id instead of
 * where they were; a file that is gone gives an error.
 */
static void
test_bodies_file_changed (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store-lazy");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 2, 3, 2000);
  g_autoptr(PnLibrary) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *other_path = NULL;
  g_autofree char *expected = NULL;
  PnStory *story;

  first_id = g_strdup (nth_story_id (library, pn_test_nth_source (library, 0), 0));
  second_id = g_strdup (nth_story_id (library, pn_test_nth_source (library, 0), 1));
  other_id = g_strdup (nth_story_id (library, pn_test_nth_source (library, 1), 0));
  expected = g_strdup (pn_story_get_content (pn_library_lookup_story (library, second_id)));
  other_path = g_strdup_printf ("%s/stories/%s.json", dir,
                                pn_source_get_id (pn_test_nth_source (library, 1)));
  g_assert_true (pn_library_flush (library, &error));
  g_clear_object (&library);

  library = open_library (dir, PN_LIBRARY_LOAD_ALL | PN_LIBRARY_LOAD_READ_ONLY);

  /* Another process changes the first story's body: what follows it moves
   * in the file.
   */
  writer = open_library (dir, PN_LIBRARY_LOAD_ALL);
  story = pn_library_lookup_story (writer, first_id);
  pn_story_set_content (story, "<p>Changed elsewhere, and much shorter</p>");
  g_assert_true (pn_library_mark_read (writer, story, TRUE, &error));
  g_assert_true (pn_library_flush (writer, &error));
  g_assert_no_error (error);
  g_clear_object (&writer);

  story = pn_library_lookup_story (library, second_id);
  g_assert_true (pn_story_get_body_deferred (story));
  g_assert_true (pn_library_ensure_story_body (library, story, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pn_story_get_content (story), ==, expected);
  story = pn_library_lookup_story (library, first_id);
  g_assert_cmpstr (pn_story_get_content (story), ==, "<p>Changed elsewhere, and much shorter</p>");

  /* Gone: reported, and the story keeps waiting for its body. */
  g_assert_cmpint (g_unlink (other_path), ==, 0);
  story = pn_library_lookup_story (library, other_id);
  g_assert_false (pn_library_ensure_story_body (library, story, &error));
  g_assert_nonnull (error);
  g_assert_true (pn_story_get_body_deferred (story));
  g_clear_object (&library);
  pn_test_dir_remove (dir);
}

/* A saved story its stories file no longer holds (retention dropped it):
 * the load, which expected it there, reads its saved copy whole, and its
 * body comes from that copy.
 */
static void
test_saved_not_cached (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store-lazy");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 1, 3, 1000);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *story_id = NULL;
  g_autofree char *content = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *file = NULL;
  g_autofree char *kept = NULL;
  PnSource *source = pn_test_nth_source (library, 0);
  JsonArray *stories, *left;
  PnStory *story;

  story_id = g_strdup (nth_story_id (library, source, 1));
  story = pn_library_lookup_story (library, story_id);
  content = g_strdup (pn_story_get_content (story));
  g_assert_nonnull (pn_library_add_annotation (library, story, -1, -1, "kept", &error));
  g_assert_true (pn_library_mark_read (library, story, TRUE, &error));
  g_assert_true (pn_library_flush (library, &error));
  g_assert_no_error (error);
  relative = g_strdup_printf ("stories/%s.json", pn_source_get_id (source));
  g_clear_object (&library);

  /* The stories file without it. */
  file = pn_test_read_file (dir, relative);
  json_parser_load_from_data (parser, file, -1, &error);
  g_assert_no_error (error);
  stories = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "stories");
  left = json_array_new ();
  for (guint i = 0; i < json_array_get_length (stories); i++)
    {
      JsonObject *object = json_array_get_object_element (stories, i);

      if (strcmp (json_object_get_string_member (object, "id"), story_id) != 0)
        json_array_add_object_element (left, json_object_ref (object));
    }
  json_object_set_array_member (json_node_get_object (json_parser_get_root (parser)), "stories",
                                left);
  kept = json_to_string (json_parser_get_root (parser), TRUE);
  pn_test_write_file (dir, relative, kept, -1);

  library = open_library (dir, PN_LIBRARY_LOAD_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_stories (library)), ==, 3);
  story = pn_library_lookup_story (library, story_id);
  g_assert_nonnull (story);
  g_assert_true (pn_story_get_saved (story));
  g_assert_true (pn_story_get_read (story));
  g_assert_true (pn_story_get_body_deferred (story));
  g_assert_cmpstr (pn_story_get_content (story), ==, content);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_story_annotations (library, story)),
                    ==, 1);
  g_clear_object (&library);
  pn_test_dir_remove (dir);
}

/* Stories as JSON text, bodies included, to compare two ways of reading. */
static char *
stories_text (GPtrArray *stories)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < stories->len; i++)
    json_array_add_object_element (array,
                                   pn_store_json_from_story (g_ptr_array_index (stories, i)));
  node = json_node_init_array (json_node_alloc (), array);
  return json_to_string (node, FALSE);
}

/* What the tree readers make of a stories file (bodies in), or NULL when
 * they reject it.
 */
static char *
tree_read_stories (const char *data,
                   gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *root, *version;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, data, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  version = json_object_get_member (json_node_get_object (root), "version");
  if (version == NULL || json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) < 1 ||
      !pn_store_json_get_array (json_node_get_object (root), "stories", &array, NULL))
    return NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      PnStory *story;

      if (!JSON_NODE_HOLDS_OBJECT (item) ||
          (story = pn_store_json_to_story (json_node_get_object (item), NULL)) == NULL)
        return NULL;
      g_ptr_array_add (stories, story);
    }
  return stories_text (stories);
}

static void
fill_from_spans (PnStory                *story,
                 const PnStoreBodySpans *spans,
                 const char             *data)
{
  const PnStoreSpan *all[] = { &spans->summary, &spans->content, &spans->full_content };
  char *texts[G_N_ELEMENTS (all)] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if (all[i]->offset < 0)
        continue;
      texts[i] = pn_store_parse_string (data + all[i]->offset, all[i]->length);
      g_assert_nonnull (texts[i]);
    }
  pn_story_fill_body (story, texts[0], texts[1], texts[2]);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_free (texts[i]);
}

/* Checks the invariant on @data: whatever the direct reader accepts, the
 * tree readers accept and read the same; returns whether it accepted.
 */
static gboolean
check_direct_agrees (const char *data,
                     gsize       length)
{
  g_autofree char *scratch = g_malloc (length + 1);
  g_autofree char *expected = tree_read_stories (data, length);
  g_autofree char *text = NULL;
  g_auto(PnStoreFileData) result = { 0 };

  if (!pn_store_read_stories_file (data, length, scratch, &result))
    return FALSE;
  g_assert_nonnull (expected);
  for (guint i = 0; i < result.stories->len; i++)
    fill_from_spans (g_ptr_array_index (result.stories, i),
                     &g_array_index (result.spans, PnStoreBodySpans, i), data);
  text = stories_text (result.stories);
  g_assert_cmpstr (text, ==, expected);
  return TRUE;
}

static void
test_direct_reader_agrees (void)
{
  const char *base =
    "{\n \"version\" : 1,\n \"x-top\" : [1, 2],\n \"stories\" : [\n  {\n"
    "   \"id\" : \"47206053\",\n   \"source-id\" : \"s1\",\n   \"guid\" : null,\n"
    "   \"title\" : \"Story \\\"0\\\" — élection\",\n   \"read\" : true,\n"
    "   \"authors\" : [ { \"name\" : \"Zoë\", \"uri\" : \"https://z.example\" } ],\n"
    "   \"categories\" : [ \"a\", \"b\" ],\n"
    "   \"enclosures\" : [ { \"url\" : \"https://e.example/a.mp3\", \"length\" : 12 } ],\n"
    "   \"published\" : \"2024-05-31T08:15:00.123456Z\",\n"
    "   \"updated\" : \"2024-05-31T10:15:00+02:00\",\n"
    "   \"x-unknown\" : { \"n\" : -42 },\n"
    "   \"summary\" : \"<p>Short \\u00e9</p>\",\n"
    "   \"content\" : \"<p>Paragraph 0: the president &amp; the market.</p>\\n\\ud83d\\ude00\",\n"
    "   \"fetched-at\" : \"2024-05-31T08:20:00Z\"\n  },\n"
    "  { \"id\" : \"2\", \"source-id\" : \"s1\", \"full-content\" : \"<p>Full</p>\" }\n ]\n}\n";
  const char alphabet[] = "{}[]\":,\\ tfn0-9eu.TZ\xc3\xa9\x80";
  /* Many edits land inside strings and keep the file valid. */
  g_assert_cmpuint (pn_test_mutate (base, alphabet, 20240601, 6000, check_direct_agrees), >, 300);
}

/* What the store writes is what json-glib's generator wrote before. */
static void
test_writer_matches_json_glib (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store-lazy");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 2, 3, 300);
  g_autoptr(GError) error = NULL;
  PnSource *source = pn_test_nth_source (library, 0);
  PnStory *story = pn_library_lookup_story (library, nth_story_id (library, source, 0));
  PnCollection *collection;
  const char *subdirs[] = { "", "stories", "saved" };
  guint n_files = 0;

  pn_story_set_content (story, "<p>Tab\t \"quote\" back\\slash \x01 é 😀 \u2028</p>");
  g_assert_nonnull (pn_library_add_annotation (library, story, 0, 3, "a \"note\"", &error));
  collection = pn_library_create_collection (library, "Reading", &error);
  g_assert_true (pn_library_add_to_collection (library, collection, story, 0, &error));
  g_assert_nonnull (pn_library_create_collection (library, "Empty", &error));
  g_assert_true (pn_library_flush (library, &error));
  g_assert_no_error (error);
  g_clear_object (&library);

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
          g_autofree char *generated = NULL;
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          gsize length;

          if (!g_str_has_suffix (name, ".json"))
            continue;
          g_file_get_contents (file, &contents, &length, &error);
          g_assert_no_error (error);
          json_parser_load_from_data (parser, contents, length, &error);
          g_assert_no_error (error);
          json_generator_set_pretty (generator, TRUE);
          json_generator_set_indent (generator, 1);
          json_generator_set_root (generator, json_parser_get_root (parser));
          generated = json_generator_to_data (generator, NULL);
          g_assert_true (g_str_has_suffix (contents, "\n"));
          contents[length - 1] = '\0';
          g_assert_cmpstr (contents, ==, generated);
          n_files++;
        }
    }
  /* sources.json, library.json, two stories files, one saved story */
  g_assert_cmpuint (n_files, ==, 5);
  pn_test_dir_remove (dir);
}

/* The store's own dates take a shortcut; it must give what GLib gives. */
static void
test_dates (void)
{
  const char *texts[] = {
    "2024-05-31T08:15:00Z", "2024-05-31T08:15:00.123456Z", "2024-02-29T23:59:59.999999Z",
    "1970-01-01T00:00:00Z", "0001-01-01T00:00:00.000001Z", "9999-12-31T23:59:59Z",
    "2024-05-31T08:15:00.1Z", "2024-05-31T08:15:00.123456789Z", "2024-05-31T08:15:59.5Z",
    "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-05-31T24:00:00Z",
    "2024-05-31T08:15:60Z", "2024-05-31T08:15:00.Z", "2024-05-31T08:15:00+02:00",
    "2024-05-31 08:15:00Z", "2024-05-31T08:15Z", "not a date",
  };
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GDateTime) parsed = pn_store_json_parse_date (texts[i]);
      g_autoptr(GDateTime) glib = g_date_time_new_from_iso8601 (texts[i], utc);

      g_assert_true ((parsed == NULL) == (glib == NULL));
      if (parsed != NULL)
        {
          g_assert_cmpint (g_date_time_to_unix (parsed), ==, g_date_time_to_unix (glib));
          g_assert_cmpint (g_date_time_get_microsecond (parsed), ==,
                           g_date_time_get_microsecond (glib));
          g_assert_cmpint (g_date_time_get_utc_offset (parsed), ==, 0);
        }
    }

  for (guint i = 0; i < 2000; i++)
    {
      gint64 usec = (gint64) g_rand_int_range (rand, 0, 2000000000) * G_USEC_PER_SEC +
                    (i % 3 ? g_rand_int_range (rand, 0, 1000000) : 0);
      g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
      g_autoptr(GDateTime) date = g_date_time_add (seconds, usec % G_USEC_PER_SEC);
      g_autoptr(GTimeZone) plus_one = g_time_zone_new_offset (3600);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (date, plus_one);
      g_autofree char *expected = g_date_time_format_iso8601 (date);
      char buffer[PN_STORE_DATE_SIZE];
      g_autoptr(GDateTime) back = NULL;

      g_assert_cmpstr (pn_store_json_format_date (date, buffer), ==, expected);
      g_assert_cmpstr (pn_store_json_format_date (local, buffer), ==, expected);
      back = pn_store_json_parse_date (buffer);
      g_assert_true (g_date_time_equal (back, date));
    }
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint count;
} Change;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->count++;
}

static int
compare_titles (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return strcmp (pn_story_get_title ((PnStory *) a), pn_story_get_title ((PnStory *) b));
}

static char *
titles (GListModel *model)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (model, i);

      g_string_append (text, pn_story_get_title (story));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static PnStory *
story_titled (const char *title)
{
  PnStory *story = pn_story_new (title, "source");

  pn_story_set_title (story, title);
  return story;
}

/* The models the library hands out behave as GListStore did. */
static void
test_list_model (void)
{
  g_autoptr(PnLibraryList) list = pn_library_list_new (PN_TYPE_STORY);
  g_autoptr(PnStory) a = story_titled ("a");
  g_autoptr(PnStory) b = story_titled ("b");
  g_autoptr(PnStory) c = story_titled ("c");
  g_autoptr(PnStory) d = story_titled ("d");
  g_autoptr(PnStory) e = story_titled ("e");
  gpointer batch[] = { a, c, e };
  gpointer other[] = { b, d };
  Change change = { 0 };
  g_autofree char *text = NULL;
  guint position;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &change);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == PN_TYPE_STORY);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));

  pn_library_list_splice (list, 0, 0, batch, G_N_ELEMENTS (batch));
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.added, ==, 3);
  g_assert_cmpstr ((text = titles (G_LIST_MODEL (list))), ==, "ace");
  g_clear_pointer (&text, g_free);

  g_assert_cmpuint (pn_library_list_insert_sorted (list, d, compare_titles, NULL), ==, 2);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (pn_library_list_insert_sorted (list, b, compare_titles, NULL), ==, 1);
  g_assert_cmpstr ((text = titles (G_LIST_MODEL (list))), ==, "abcde");
  g_clear_pointer (&text, g_free);

  g_assert_true (pn_library_list_find (list, c, &position));
  g_assert_cmpuint (position, ==, 2);
  pn_library_list_remove (list, position);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 1);
  g_assert_false (pn_library_list_find (list, c, NULL));

  /* Fewer in than out, then more. */
  pn_library_list_splice (list, 1, 3, other, 1);
  g_assert_cmpstr ((text = titles (G_LIST_MODEL (list))), ==, "ab");
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (change.removed, ==, 3);
  g_assert_cmpuint (change.added, ==, 1);
  pn_library_list_splice (list, 0, 1, batch, G_N_ELEMENTS (batch));
  g_assert_cmpstr ((text = titles (G_LIST_MODEL (list))), ==, "aceb");
  g_clear_pointer (&text, g_free);
  pn_library_list_append (list, d);
  pn_library_list_sort (list, compare_titles, NULL);
  g_assert_cmpstr ((text = titles (G_LIST_MODEL (list))), ==, "abcde");
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 5);

  /* The list holds its own references. */
  g_assert_cmpuint (G_OBJECT (a)->ref_count, ==, 2);
  g_clear_object (&list);
  g_assert_cmpuint (G_OBJECT (a)->ref_count, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store-lazy/bodies/round-trip", test_bodies_round_trip);
  for (guint i = 0; i < G_N_ELEMENTS (body_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/store-lazy/bodies/escaped/%s", body_cases[i].name);

      g_test_add_data_func (path, &body_cases[i], test_bodies_escaped);
    }
  g_test_add_func ("/store-lazy/bodies/file-changed", test_bodies_file_changed);
  g_test_add_func ("/store-lazy/bodies/mapped-file", test_bodies_mapped_file);
  g_test_add_func ("/store-lazy/file-contains", test_file_contains);
  g_test_add_func ("/store-lazy/saved-not-cached", test_saved_not_cached);
  g_test_add_func ("/store-lazy/direct-reader-agrees", test_direct_reader_agrees);
  g_test_add_func ("/store-lazy/writer-matches-json-glib", test_writer_matches_json_glib);
  g_test_add_func ("/store-lazy/dates", test_dates);
  g_test_add_func ("/store-lazy/list-model", test_list_model);
  return g_test_run ();
}
