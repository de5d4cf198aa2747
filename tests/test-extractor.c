/* test-extractor.c — reader mode over the pages in fixtures/articles
 *
 * Each NAME.html has a NAME.expected key file: an [article] group with the
 * metadata, the start of the text, phrases that must be there ("contains")
 * and chrome that must not ("absent"); or a [no-article] group with the
 * words the error message must hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pn-core.h"

#define PAGE_URL "https://news.example/section/story.html"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "articles", name, NULL);
}

static void
assert_optional_string (GKeyFile   *expected,
                        const char *key,
                        const char *actual)
{
  g_autofree char *value = g_key_file_get_string (expected, "article", key, NULL);

  if (value != NULL)
    g_assert_cmpstr (actual, ==, value);
}

static void
assert_article (PnArticle *article,
                GKeyFile  *expected)
{
  PnDocument *document = pn_article_get_document (article);
  const char *text = pn_document_get_text (document);
  g_autofree char *starts = g_key_file_get_string (expected, "article", "starts", NULL);
  g_auto(GStrv) contains = g_key_file_get_string_list (expected, "article", "contains", NULL, NULL);
  g_auto(GStrv) absent = g_key_file_get_string_list (expected, "article", "absent", NULL, NULL);
  g_autofree char *published = NULL;
  g_autofree char *resanitized = NULL;

  g_assert_nonnull (starts);
  assert_optional_string (expected, "title", pn_article_get_title (article));
  assert_optional_string (expected, "byline", pn_article_get_byline (article));
  assert_optional_string (expected, "site-name", pn_article_get_site_name (article));
  assert_optional_string (expected, "excerpt", pn_article_get_excerpt (article));
  assert_optional_string (expected, "lang", pn_article_get_lang (article));
  assert_optional_string (expected, "dir", pn_article_get_dir (article));
  if (pn_article_get_published (article) != NULL)
    published = g_date_time_format_iso8601 (pn_article_get_published (article));
  assert_optional_string (expected, "published", published);

  if (!g_str_has_prefix (text, starts))
    g_error ("text starts with “%.80s”, expected “%s”", text, starts);
  for (guint i = 0; contains != NULL && contains[i] != NULL; i++)
    if (strstr (text, contains[i]) == NULL)
      g_error ("“%s” is missing from the text:\n%s", contains[i], text);
  for (guint i = 0; absent != NULL && absent[i] != NULL; i++)
    if (strstr (text, absent[i]) != NULL)
      g_error ("“%s” should not be in the text:\n%s", absent[i], text);

  /* The content is already sanitized, and the excerpt is never empty. */
  resanitized = pn_html_sanitize (pn_article_get_content (article), -1, PAGE_URL);
  g_assert_cmpstr (resanitized, ==, pn_article_get_content (article));
  g_assert_nonnull (pn_article_get_excerpt (article));
  g_assert_cmpstr (pn_article_get_dir (article), !=, NULL);
}

static void
test_page (gconstpointer data)
{
  const char *name = data;
  g_autofree char *html_name = g_strconcat (name, ".html", NULL);
  g_autofree char *expected_name = g_strconcat (name, ".expected", NULL);
  g_autofree char *html_path = fixture_path (html_name);
  g_autofree char *expected_path = fixture_path (expected_name);
  g_autoptr(GKeyFile) expected = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PnArticle) article = NULL;
  g_autofree char *html = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (html_path, &html, &length, &error));
  g_assert_true (g_key_file_load_from_file (expected, expected_path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);

  article = pn_extract_article (html, length, PAGE_URL, &error);
  if (g_key_file_has_group (expected, "no-article"))
    {
      g_autofree char *reason = g_key_file_get_string (expected, "no-article", "reason", NULL);

      g_assert_null (article);
      g_assert_error (error, PN_ERROR, PN_ERROR_NO_ARTICLE);
      g_assert_nonnull (reason);
      if (strstr (error->message, reason) == NULL)
        g_error ("“%s” does not say “%s”", error->message, reason);
      return;
    }

  if (error != NULL)
    g_error ("%s: %s", name, error->message);
  g_assert_nonnull (article);
  assert_article (article, expected);
}

static void
test_empty_input (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PnArticle) article = pn_extract_article ("", 0, NULL, &error);

  g_assert_null (article);
  g_assert_error (error, PN_ERROR, PN_ERROR_NO_ARTICLE);
}

/* Relative links resolve against the page, or its <base href>. */
static void
test_relative_links (void)
{
  g_autofree char *path = fixture_path ("figures-lazy.html");
  g_autofree char *html = NULL;
  g_autoptr(PnArticle) article = NULL;
  g_autoptr(GError) error = NULL;
  PnDocument *document;
  gboolean found_image = FALSE;

  g_assert_true (g_file_get_contents (path, &html, NULL, &error));
  article = pn_extract_article (html, -1, PAGE_URL, &error);
  g_assert_no_error (error);
  document = pn_article_get_document (article);
  for (guint i = 0; i < pn_document_get_n_blocks (document); i++)
    {
      const PnBlock *block = pn_document_get_block (document, i);

      if (block->kind != PN_BLOCK_IMAGE)
        continue;
      g_assert_true (g_str_has_prefix (block->src, "https://cdn.news.example/"));
      found_image = TRUE;
    }
  g_assert_true (found_image);
}

static int
compare_names_cb (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *directory = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  directory = fixture_path (NULL);
  dir = g_dir_open (directory, 0, NULL);
  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".expected"))
      g_ptr_array_add (names, g_strndup (entry, strlen (entry) - strlen (".expected")));
  g_ptr_array_sort (names, compare_names_cb);
  /* At least 15 articles and the three kinds of pages without one. */
  g_assert_cmpuint (names->len, >=, 18);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/extractor/page/%s", name);
      g_test_add_data_func (test_path, name, test_page);
    }
  g_test_add_func ("/extractor/empty-input", test_empty_input);
  g_test_add_func ("/extractor/relative-links", test_relative_links);

  return g_test_run ();
}
