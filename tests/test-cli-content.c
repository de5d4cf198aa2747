/* test-cli-content.c — prime-news-cli sanitize, document and extract
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

static void
run_cli (CliResult          *result,
         const char         *input,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PN_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (process);
}

static char *
article_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "articles", name, NULL);
}

static void
test_sanitize (void)
{
  g_auto(CliResult) result = { 0 };
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "in.html", NULL);

  g_assert_true (g_file_set_contents (path, "<p onclick=x>Hi <a href=\"/a\">a</a><script>x()</script></p>", -1, NULL));
  run_cli (&result, NULL, (const char *[]) { "sanitize", "--base-url", "https://example.com/x/", path, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "<p>Hi <a href=\"https://example.com/a\">a</a></p>\n");
}

static void
test_sanitize_stdin (void)
{
  g_auto(CliResult) result = { 0 };

  run_cli (&result, "<b>bold</b><img src=javascript:alert(1)>", (const char *[]) { "sanitize", "-", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "<b>bold</b>\n");
}

static void
test_document (void)
{
  g_auto(CliResult) result = { 0 };
  g_auto(CliResult) text_only = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *separator;
  JsonObject *object;
  JsonArray *blocks;

  run_cli (&result, "<h1>Title</h1><ul><li>one</li></ul>", (const char *[]) { "document", "-", NULL });
  g_assert_cmpint (result.status, ==, 0);
  separator = strstr (result.out, "\n---\n");
  g_assert_nonnull (separator);
  g_assert_cmpstr (separator + 5, ==, "Title\n\n• one\n");

  json_parser_load_from_data (parser, result.out, separator - result.out, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "Title\n\n• one");
  blocks = json_object_get_array_member (object, "blocks");
  g_assert_cmpuint (json_array_get_length (blocks), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (blocks, 0), "kind"), ==, "heading");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (blocks, 1), "kind"), ==, "list-item");

  run_cli (&text_only, "<p>a</p>", (const char *[]) { "document", "--text", "-", NULL });
  g_assert_cmpstr (text_only.out, ==, "a\n");
}

static void
test_extract (void)
{
  g_auto(CliResult) result = { 0 };
  g_autofree char *path = article_path ("seed-story.html");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  static const char * const keys[] = {
    "title", "byline", "excerpt", "site_name", "published", "lang", "dir", "content_html", "text",
  };
  JsonObject *object;

  run_cli (&result, NULL, (const char *[]) { "extract", "--url", "https://primenews.example/world/kim", path, NULL });
  g_assert_cmpint (result.status, ==, 0);
  json_parser_load_from_data (parser, result.out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (object), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (object, keys[i]));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "text"), "President Donald J. Trump said"));
  g_assert_null (strstr (json_object_get_string_member (object, "text"), "Useful information"));
  g_assert_cmpstr (json_object_get_string_member (object, "site_name"), ==, "Prime News");
  g_assert_cmpstr (json_object_get_string_member (object, "published"), ==, "2025-01-23T23:30:00Z");
}

static void
test_extract_no_article (void)
{
  g_auto(CliResult) result = { 0 };
  g_autofree char *path = article_path ("index-page.html");

  run_cli (&result, NULL, (const char *[]) { "extract", path, NULL });
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_true (g_str_has_prefix (result.err, "prime-news-cli: No article found: "));
  /* One line, for scripts and logs. */
  g_assert_cmpint (strchr (result.err, '\n') - result.err, ==, strlen (result.err) - 1);
}

static void
test_usage_errors (void)
{
  g_auto(CliResult) no_file = { 0 };
  g_auto(CliResult) missing = { 0 };
  g_auto(CliResult) both = { 0 };

  run_cli (&no_file, NULL, (const char *[]) { "extract", NULL });
  g_assert_cmpint (no_file.status, ==, 2);
  g_assert_nonnull (strstr (no_file.err, "Usage: prime-news-cli extract"));

  run_cli (&missing, NULL, (const char *[]) { "sanitize", "/nonexistent/page.html", NULL });
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "/nonexistent/page.html"));

  run_cli (&both, "", (const char *[]) { "document", "--json", "--text", "-", NULL });
  g_assert_cmpint (both.status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli-content/sanitize", test_sanitize);
  g_test_add_func ("/cli-content/sanitize-stdin", test_sanitize_stdin);
  g_test_add_func ("/cli-content/document", test_document);
  g_test_add_func ("/cli-content/extract", test_extract);
  g_test_add_func ("/cli-content/extract-no-article", test_extract_no_article);
  g_test_add_func ("/cli-content/usage-errors", test_usage_errors);

  return g_test_run ();
}
