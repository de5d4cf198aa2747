/* test-export.c — every export format on a tricky library
 *
 * Golden files (tests/fixtures/export/) pin each format's output; run with
 * PN_UPDATE_GOLDEN=1 to rewrite them after a deliberate change, and review
 * the diff. Structural checks then parse what a user's tools would parse.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "pn-core.h"
#include "pn-export-private.h"
#include "pn-test-export.h"

static PnTestExportFixture fixture;

typedef struct
{
  PnExportFormat format;
  const char    *golden;
} GoldenCase;

static const GoldenCase golden_cases[] = {
  { PN_EXPORT_FORMAT_MARKDOWN, "collection.md" },
  { PN_EXPORT_FORMAT_MARKDOWN_FOLDER, "collection.md-folder.txt" },
  { PN_EXPORT_FORMAT_HTML, "collection.html" },
  { PN_EXPORT_FORMAT_JSON, "collection.json" },
  { PN_EXPORT_FORMAT_EPUB, "collection.epub.txt" },
  { PN_EXPORT_FORMAT_CSV, "collection.csv" },
  { PN_EXPORT_FORMAT_CSV_ANNOTATIONS, "collection.annotations.csv" },
  { PN_EXPORT_FORMAT_WEB_ANNOTATION, "collection.jsonld" },
};

static const char *
collection_id (void)
{
  return pn_collection_get_id (pn_library_lookup_collection_by_name (fixture.library,
                                                                     PN_TEST_EXPORT_COLLECTION));
}

static char *
temp_output (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pn-export-out-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static void
remove_output (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  pn_test_export_remove_tree (dir);
}

static char *
export_to (PnExportScope   scope,
           const char     *scope_id,
           PnExportFormat  format)
{
  g_autoptr(PnExporter) exporter = pn_exporter_new (fixture.library);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("out.%s", pn_export_format_get_extension (format));
  char *path = temp_output (name);

  g_assert_true (pn_exporter_export (exporter, scope, scope_id, format, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (pn_exporter_get_progress (exporter), ==, 1.0);
  return path;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (contents, -1, NULL));
  return contents;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static char *
dump_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString *dump = g_string_new (NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = read_text (file);

      g_string_append_printf (dump, "==> %s <==\n%s", (char *) g_ptr_array_index (names, i),
                              contents);
    }
  return g_string_free (dump, FALSE);
}

/* Every entry of the book as text, in container order; @entries gets
 * their names and contents.
 */
static char *
dump_epub (const char *path,
           GHashTable *entries)
{
  struct archive *archive = archive_read_new ();
  struct archive_entry *entry;
  GString *dump = g_string_new (NULL);

  archive_read_support_format_zip (archive);
  g_assert_cmpint (archive_read_open_filename (archive, path, 16384), ==, ARCHIVE_OK);
  while (archive_read_next_header (archive, &entry) == ARCHIVE_OK)
    {
      GString *contents = g_string_new (NULL);
      char buffer[8192];
      la_ssize_t n;

      while ((n = archive_read_data (archive, buffer, sizeof buffer)) > 0)
        g_string_append_len (contents, buffer, n);
      g_assert_cmpint (n, ==, 0);
      g_string_append_printf (dump, "==> %s <==\n%s\n", archive_entry_pathname (entry),
                              contents->str);
      if (entries != NULL)
        g_hash_table_insert (entries, g_strdup (archive_entry_pathname (entry)),
                             g_string_free (contents, FALSE));
      else
        g_string_free (contents, TRUE);
    }
  archive_read_free (archive);
  return g_string_free (dump, FALSE);
}

static char *
dump_output (const char     *path,
             PnExportFormat  format)
{
  if (format == PN_EXPORT_FORMAT_MARKDOWN_FOLDER)
    return dump_folder (path);
  if (format == PN_EXPORT_FORMAT_EPUB)
    return dump_epub (path, NULL);
  return read_text (path);
}

static void
test_golden (gconstpointer data)
{
  const GoldenCase *test = data;
  g_autofree char *path = export_to (PN_EXPORT_SCOPE_COLLECTION, collection_id (), test->format);
  g_autofree char *dump = dump_output (path, test->format);
  g_autofree char *actual = pn_test_export_normalize (&fixture, dump);
  g_autofree char *golden_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "fixtures", "export",
                                                   test->golden, NULL);
  g_autofree char *expected = NULL;

  if (g_getenv ("PN_UPDATE_GOLDEN") != NULL)
    g_assert_true (g_file_set_contents (golden_path, actual, -1, NULL));
  expected = read_text (golden_path);
  g_assert_cmpstr (actual, ==, expected);
  remove_output (path);
}

/* HTML */

static void
check_no_script (xmlNode *node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      g_assert_cmpstr ((const char *) node->name, !=, "script");
      g_assert_cmpstr ((const char *) node->name, !=, "img");
      g_assert_cmpstr ((const char *) node->name, !=, "iframe");
      for (xmlAttr *attribute = node->properties; attribute != NULL; attribute = attribute->next)
        {
          g_autofree char *value = (char *) xmlNodeGetContent ((xmlNode *) attribute);

          g_assert_false (g_ascii_strncasecmp ((const char *) attribute->name, "on", 2) == 0);
          if (g_str_equal ((const char *) attribute->name, "href"))
            g_assert_true (g_str_has_prefix (value, "https://") ||
                           g_str_has_prefix (value, "http://") ||
                           g_str_has_prefix (value, "#") ||
                           g_str_has_suffix (value, ".xhtml") ||
                           g_str_equal (value, "style.css"));
        }
      check_no_script (node->children);
    }
}

static guint
count_elements (xmlNode    *node,
                const char *name)
{
  guint n = 0;

  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name))
        n++;
      n += count_elements (node->children, name);
    }
  return n;
}

/* Parsed as XML with no recovery: any escaping slip fails here. */
static xmlDoc *
parse_xhtml (const char *text)
{
  xmlDoc *doc = xmlReadMemory (text, strlen (text), "export.xhtml", NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

  g_assert_nonnull (doc);
  check_no_script (xmlDocGetRootElement (doc));
  return doc;
}

static void
test_html_structure (void)
{
  g_autofree char *path = export_to (PN_EXPORT_SCOPE_COLLECTION, collection_id (),
                                     PN_EXPORT_FORMAT_HTML);
  g_autofree char *html = read_text (path);
  xmlDoc *doc = parse_xhtml (html);
  xmlNode *root = xmlDocGetRootElement (doc);

  g_assert_cmpstr ((const char *) root->name, ==, "html");
  g_assert_nonnull (strstr (html, "prefers-color-scheme: dark"));
  g_assert_cmpuint (count_elements (root, "article"), ==, 6);
  g_assert_cmpuint (count_elements (root, "nav"), ==, 1);
  /* Nine highlights are placed; one is detached and quoted apart. */
  g_assert_cmpuint (count_elements (root, "mark"), >=, 9);
  g_assert_cmpuint (count_elements (root, "aside"), ==, 9);
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;"));
  g_assert_null (strstr (html, "javascript:"));
  xmlFreeDoc (doc);
  remove_output (path);
}

/* EPUB */

static void
test_epub_structure (void)
{
  g_autofree char *path = export_to (PN_EXPORT_SCOPE_COLLECTION, collection_id (),
                                     PN_EXPORT_FORMAT_EPUB);
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *dump = dump_epub (path, entries);
  g_autofree char *raw = NULL;
  gsize length;
  xmlDoc *container, *opf;
  xmlNode *node;
  guint n_items = 0, n_itemrefs = 0;

  /* The first local header: "mimetype", stored, its content right there. */
  g_assert_true (g_file_get_contents (path, &raw, &length, NULL));
  g_assert_cmpuint (length, >, 38 + 20);
  g_assert_cmpmem (raw, 4, "PK\003\004", 4);
  g_assert_cmpint (raw[8] | raw[9] << 8, ==, 0);
  g_assert_cmpint (raw[26] | raw[27] << 8, ==, 8);
  /* No extra field: readers sniff the type at a fixed offset. */
  g_assert_cmpint (raw[28] | raw[29] << 8, ==, 0);
  g_assert_cmpmem (raw + 30, 28, "mimetypeapplication/epub+zip", 28);
  g_assert_true (g_str_has_prefix (dump, "==> mimetype <==\napplication/epub+zip\n"));

  container = xmlReadMemory (g_hash_table_lookup (entries, "META-INF/container.xml"),
                             strlen (g_hash_table_lookup (entries, "META-INF/container.xml")),
                             "container.xml", NULL, XML_PARSE_NONET);
  g_assert_nonnull (container);
  {
    g_autofree char *text = NULL;
    xmlChar *full_path = NULL;

    for (node = xmlDocGetRootElement (container)->children; node != NULL; node = node->next)
      if (node->type == XML_ELEMENT_NODE && g_str_equal ((char *) node->name, "rootfiles"))
        full_path = xmlGetProp (xmlFirstElementChild (node), (const xmlChar *) "full-path");
    g_assert_cmpstr ((char *) full_path, ==, "OEBPS/content.opf");
    xmlFree (full_path);
  }
  xmlFreeDoc (container);

  opf = xmlReadMemory (g_hash_table_lookup (entries, "OEBPS/content.opf"),
                       strlen (g_hash_table_lookup (entries, "OEBPS/content.opf")),
                       "content.opf", NULL, XML_PARSE_NONET);
  g_assert_nonnull (opf);
  for (node = xmlDocGetRootElement (opf)->children; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      for (xmlNode *child = node->children; child != NULL; child = child->next)
        {
          if (child->type != XML_ELEMENT_NODE)
            continue;
          if (g_str_equal ((char *) child->name, "item"))
            {
              g_autofree char *href = (char *) xmlGetProp (child, (const xmlChar *) "href");
              g_autofree char *name = g_strconcat ("OEBPS/", href, NULL);
              g_autofree char *type = (char *) xmlGetProp (child, (const xmlChar *) "media-type");
              const char *contents = g_hash_table_lookup (entries, name);

              g_assert_nonnull (contents);
              if (g_str_equal (type, "application/xhtml+xml"))
                xmlFreeDoc (parse_xhtml (contents));
              n_items++;
            }
          else if (g_str_equal ((char *) child->name, "itemref"))
            n_itemrefs++;
          else if (g_str_equal ((char *) child->name, "meta"))
            {
              g_autofree char *property = (char *) xmlGetProp (child, (const xmlChar *) "property");

              g_assert_cmpstr (property, ==, "dcterms:modified");
            }
        }
    }
  g_assert_cmpuint (n_items, ==, 6 + 2);
  g_assert_cmpuint (n_itemrefs, ==, 6);
  xmlFreeDoc (opf);
  remove_output (path);
}

/* Web Annotation */

static void
test_web_annotation_structure (void)
{
  g_autofree char *path = export_to (PN_EXPORT_SCOPE_COLLECTION, collection_id (),
                                     PN_EXPORT_FORMAT_WEB_ANNOTATION);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *page;
  JsonArray *items;
  guint n_quotes = 0;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "@context"), ==,
                   "http://www.w3.org/ns/anno.jsonld");
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "AnnotationCollection");
  g_assert_nonnull (json_object_get_string_member (root, "id"));
  g_assert_cmpint (json_object_get_int_member (root, "total"), ==, 10);
  page = json_object_get_object_member (root, "first");
  g_assert_cmpstr (json_object_get_string_member (page, "type"), ==, "AnnotationPage");
  items = json_object_get_array_member (page, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 10);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonObject *target = json_object_get_object_member (item, "target");
      const char *source = json_object_get_string_member (target, "source");

      g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "Annotation");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (item, "id"), "urn:uuid:"));
      g_assert_nonnull (json_object_get_string_member (item, "motivation"));
      g_assert_true (g_str_has_prefix (source, "https://") ||
                     g_str_has_prefix (source, "urn:prime-news:story:"));
      if (json_object_has_member (item, "body"))
        {
          JsonObject *body = json_object_get_object_member (item, "body");

          g_assert_cmpstr (json_object_get_string_member (body, "type"), ==, "TextualBody");
          g_assert_nonnull (json_object_get_string_member (body, "value"));
        }
      if (json_object_has_member (target, "selector"))
        {
          JsonArray *selectors = json_object_get_array_member (target, "selector");
          JsonObject *quote = json_array_get_object_element (selectors, 0);
          JsonObject *position = json_array_get_object_element (selectors, 1);

          g_assert_cmpstr (json_object_get_string_member (quote, "type"), ==, "TextQuoteSelector");
          g_assert_nonnull (json_object_get_string_member (quote, "exact"));
          g_assert_cmpstr (json_object_get_string_member (position, "type"), ==,
                           "TextPositionSelector");
          g_assert_cmpint (json_object_get_int_member (position, "start"), <,
                           json_object_get_int_member (position, "end"));
          n_quotes++;
        }
    }
  g_assert_cmpuint (n_quotes, ==, 9);
  remove_output (path);
}

/* Markdown: specials from feeds and users come out escaped. */

static void
test_markdown_escaping (void)
{
  g_autofree char *path = export_to (PN_EXPORT_SCOPE_COLLECTION, collection_id (),
                                     PN_EXPORT_FORMAT_MARKDOWN);
  g_autofree char *md = read_text (path);
  g_auto(GStrv) lines = g_strsplit (md, "\n", -1);
  gboolean in_code = FALSE;
  guint i = 1;

  g_assert_nonnull (strstr (md, "## \\> \\*Stars\\* \\_under\\_ \\#hash \\`tick\\` \\| pipe "
                                "\\[x\\](y) 1. \\\\ \\~\n"));
  g_assert_nonnull (strstr (md, "\n\\# not a heading\n"));
  g_assert_nonnull (strstr (md, "\n\\- not a bullet"));
  g_assert_nonnull (strstr (md, "\n1\\. not a list"));
  g_assert_nonnull (strstr (md, "\\<script\\>"));
  /* No raw HTML after the front matter. */
  g_assert_cmpstr (lines[0], ==, "---");
  while (lines[i] != NULL && !g_str_equal (lines[i], "---"))
    i++;
  for (; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "```"))
        in_code = !in_code;
      if (in_code)
        continue;
      for (const char *p = strchr (lines[i], '<'); p != NULL; p = strchr (p + 1, '<'))
        g_assert_true ((p > lines[i] && p[-1] == '\\') || g_str_has_prefix (p, "<https://") ||
                       g_str_has_prefix (p, "<http://"));
    }
  g_assert_false (in_code);
  remove_output (path);
}

/* JSON: import into a second library, export again, same bytes. */

static void
test_json_round_trip (void)
{
  g_autofree char *first = export_to (PN_EXPORT_SCOPE_COLLECTION, collection_id (),
                                      PN_EXPORT_FORMAT_JSON);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pn-import-XXXXXX", &error);
  g_autoptr(PnLibrary) second = pn_library_new (dir);
  g_autoptr(PnExporter) exporter = NULL;
  g_autofree char *second_path = temp_output ("again.json");
  g_autofree char *first_text = NULL, *second_text = NULL;
  PnJsonImportStats stats;
  PnCollection *collection;
  GListModel *annotations;
  guint n;

  g_assert_true (pn_library_load (second, PN_LIBRARY_LOAD_SAVED, &error));
  g_assert_true (pn_json_import (second, first, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_sources, ==, 2);
  g_assert_cmpuint (stats.n_stories, ==, 6);
  g_assert_cmpuint (stats.n_annotations, ==, 10);
  g_assert_cmpuint (stats.n_collections, ==, 1);
  g_assert_true (pn_library_flush (second, &error));
  g_clear_object (&second);

  /* From disk, as a fresh process would see it. */
  second = pn_library_new (dir);
  g_assert_true (pn_library_load (second, PN_LIBRARY_LOAD_SAVED, &error));
  g_assert_no_error (error);
  collection = pn_library_lookup_collection_by_name (second, PN_TEST_EXPORT_COLLECTION);
  g_assert_nonnull (collection);

  /* The ids the second library gave stand in for the first's. */
  annotations = pn_library_get_all_annotations (second);
  n = g_list_model_get_n_items (annotations);
  g_assert_cmpuint (n, ==, 10);

  exporter = pn_exporter_new (second);
  g_assert_true (pn_exporter_export (exporter, PN_EXPORT_SCOPE_COLLECTION,
                                     pn_collection_get_id (collection), PN_EXPORT_FORMAT_JSON,
                                     second_path, NULL, &error));
  g_assert_no_error (error);

  {
    g_autofree char *raw = read_text (first);

    first_text = pn_test_export_normalize (&fixture, raw);
  }
  second_text = read_text (second_path);
  {
    GString *normalized = g_string_new (second_text);
    JsonParser *parser = json_parser_new ();
    JsonArray *stories;

    g_string_replace (normalized, pn_collection_get_id (collection), "COLLECTION-ID", 0);
    /* Saved dates are the import's; annotation ids are the new library's. */
    g_assert_true (json_parser_load_from_file (parser, second_path, &error));
    stories = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "stories");
    {
      g_autoptr(JsonParser) first_parser = json_parser_new ();
      JsonArray *first_stories;

      g_assert_true (json_parser_load_from_file (first_parser, first, &error));
      first_stories = json_object_get_array_member (
        json_node_get_object (json_parser_get_root (first_parser)), "stories");
      for (guint i = 0; i < json_array_get_length (stories); i++)
        {
          JsonObject *entry = json_array_get_object_element (stories, i);
          JsonObject *first_entry = json_array_get_object_element (first_stories, i);
          JsonArray *list = json_object_get_array_member (entry, "annotations");
          JsonArray *first_list = json_object_get_array_member (first_entry, "annotations");

          g_string_replace (normalized, json_object_get_string_member (entry, "saved-at"),
                            json_object_get_string_member (first_entry, "saved-at"), 0);
          g_assert_cmpuint (json_array_get_length (list), ==, json_array_get_length (first_list));
          for (guint a = 0; a < json_array_get_length (list); a++)
            g_string_replace (normalized,
                              json_object_get_string_member (json_array_get_object_element (list, a), "id"),
                              json_object_get_string_member (json_array_get_object_element (first_list, a), "id"),
                              0);
        }
    }
    g_object_unref (parser);
    g_free (second_text);
    second_text = pn_test_export_normalize (&fixture, normalized->str);
    g_string_free (normalized, TRUE);
  }
  g_assert_cmpstr (second_text, ==, first_text);

  /* Importing again adds nothing. */
  g_clear_object (&exporter);
  g_assert_true (pn_json_import (second, second_path, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_sources + stats.n_stories + stats.n_annotations + stats.n_collections,
                    ==, 0);

  g_clear_object (&second);
  pn_test_export_remove_tree (dir);
  remove_output (first);
  remove_output (second_path);
}

/* Scopes */

static guint
count_json_stories (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  return json_array_get_length (json_object_get_array_member (
    json_node_get_object (json_parser_get_root (parser)), "stories"));
}

static void
test_scopes (void)
{
  GListModel *saved = pn_library_get_saved_stories (fixture.library);
  g_autoptr(PnStory) first = g_list_model_get_item (saved, 0);
  g_autoptr(PnExporter) exporter = pn_exporter_new (fixture.library);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = export_to (PN_EXPORT_SCOPE_SAVED, NULL, PN_EXPORT_FORMAT_JSON);
  g_assert_cmpuint (count_json_stories (path), ==, 6);
  remove_output (path);
  g_free (path);

  path = export_to (PN_EXPORT_SCOPE_ANNOTATED, NULL, PN_EXPORT_FORMAT_JSON);
  g_assert_cmpuint (count_json_stories (path), ==, 6);
  remove_output (path);
  g_free (path);

  path = export_to (PN_EXPORT_SCOPE_STORY, pn_story_get_id (first), PN_EXPORT_FORMAT_JSON);
  g_assert_cmpuint (count_json_stories (path), ==, 1);
  remove_output (path);
  g_free (path);

  path = temp_output ("missing.json");
  g_assert_false (pn_exporter_export (exporter, PN_EXPORT_SCOPE_COLLECTION, "no-such-id",
                                      PN_EXPORT_FORMAT_JSON, path, NULL, &error));
  g_assert_error (error, PN_ERROR, PN_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  remove_output (path);
}

/* Failures leave nothing behind */

static guint
count_entries (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_disk_full (gconstpointer data)
{
  PnExportFormat format = GPOINTER_TO_UINT (data);
  g_autoptr(PnExporter) exporter = pn_exporter_new (fixture.library);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_output ("previous");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;
  const char *previous = format == PN_EXPORT_FORMAT_MARKDOWN_FOLDER ? NULL : "the previous export";

  if (previous != NULL)
    g_assert_true (g_file_set_contents (path, previous, -1, NULL));

  _pn_export_set_write_errno (ENOSPC);
  g_assert_false (pn_exporter_export (exporter, PN_EXPORT_SCOPE_COLLECTION, collection_id (),
                                      format, path, NULL, &error));
  _pn_export_set_write_errno (0);
  g_assert_error (error, PN_ERROR, PN_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, g_strerror (ENOSPC)));

  g_assert_cmpuint (count_entries (dir), ==, previous != NULL ? 1 : 0);
  if (previous != NULL)
    {
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, previous);
    }
  remove_output (path);
}

static void
test_unwritable_destination (void)
{
  g_autoptr(PnExporter) exporter = pn_exporter_new (fixture.library);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_output ("file");
  g_autofree char *inside = g_build_filename (path, "out.html", NULL);
  g_autofree char *folder = temp_output ("vault");
  g_autofree char *note = g_build_filename (folder, "mine.md", NULL);

  /* The parent is a file: no folder to write into. */
  g_assert_true (g_file_set_contents (path, "x", -1, NULL));
  g_assert_false (pn_exporter_export (exporter, PN_EXPORT_SCOPE_COLLECTION, collection_id (),
                                      PN_EXPORT_FORMAT_HTML, inside, NULL, &error));
  g_assert_error (error, PN_ERROR, PN_ERROR_FAILED);
  g_clear_error (&error);

  /* A folder export never replaces someone's notes. */
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (note, "my own note", -1, NULL));
  g_assert_false (pn_exporter_export (exporter, PN_EXPORT_SCOPE_COLLECTION, collection_id (),
                                      PN_EXPORT_FORMAT_MARKDOWN_FOLDER, folder, NULL, &error));
  g_assert_error (error, PN_ERROR, PN_ERROR_EXISTS);
  g_assert_cmpuint (count_entries (folder), ==, 1);
  remove_output (path);
  remove_output (folder);
}

/* Async */

static void
progress_notified_cb (PnExporter *exporter,
                      GParamSpec *pspec,
                      GArray     *values)
{
  double value = pn_exporter_get_progress (exporter);

  g_array_append_val (values, value);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_async (void)
{
  g_autoptr(PnExporter) exporter = pn_exporter_new (fixture.library);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = temp_output ("async.epub");
  g_autofree char *dir = g_path_get_dirname (path);

  g_signal_connect (exporter, "notify::progress", G_CALLBACK (progress_notified_cb), values);
  pn_exporter_export_async (exporter, PN_EXPORT_SCOPE_COLLECTION, collection_id (),
                            PN_EXPORT_FORMAT_EPUB, path, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  pn_exporter_export_finish (exporter, result, &error);
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (values->len, >=, 2);
  for (guint i = 1; i < values->len; i++)
    g_assert_cmpfloat (g_array_index (values, double, i), >, g_array_index (values, double, i - 1));
  g_assert_cmpfloat (g_array_index (values, double, values->len - 1), ==, 1.0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_unlink (path);

  g_clear_object (&result);
  g_cancellable_cancel (cancellable);
  pn_exporter_export_async (exporter, PN_EXPORT_SCOPE_COLLECTION, collection_id (),
                            PN_EXPORT_FORMAT_HTML, path, cancellable, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pn_exporter_export_finish (exporter, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (dir), ==, 0);
  remove_output (path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  pn_test_export_fixture_init (&fixture);

  for (guint i = 0; i < G_N_ELEMENTS (golden_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/export/golden/%s",
                                               pn_export_format_to_string (golden_cases[i].format));

      g_test_add_data_func (name, &golden_cases[i], test_golden);
    }
  g_test_add_func ("/export/html/structure", test_html_structure);
  g_test_add_func ("/export/epub/structure", test_epub_structure);
  g_test_add_func ("/export/webannotation/structure", test_web_annotation_structure);
  g_test_add_func ("/export/markdown/escaping", test_markdown_escaping);
  g_test_add_func ("/export/json/round-trip", test_json_round_trip);
  g_test_add_func ("/export/scopes", test_scopes);
  for (guint i = 0; i < PN_EXPORT_N_FORMATS; i++)
    {
      g_autofree char *name = g_strdup_printf ("/export/disk-full/%s",
                                               pn_export_format_to_string (i));

      g_test_add_data_func (name, GUINT_TO_POINTER (i), test_disk_full);
    }
  g_test_add_func ("/export/unwritable", test_unwritable_destination);
  g_test_add_func ("/export/async", test_async);

  status = g_test_run ();
  pn_test_export_fixture_clear (&fixture);
  return status;
}
