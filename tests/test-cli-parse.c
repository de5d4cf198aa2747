/* test-cli-parse.c — `prime-news-cli parse` on the fixture corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#define FIXTURE_BASE_URL "https://example.com/feed/"

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
         const char         *stdin_text,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PN_CLI");
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (stdin_text != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  process = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (process);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "feeds", name, NULL);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Every fixture through the command: its JSON on stdout and exit 0, or a
 * one-line error on stderr and exit 1.
 */
static void
test_fixture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *path = fixture_path (name);
  g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
  g_autofree char *json_name = g_strconcat (stem, ".expected.json", NULL);
  g_autofree char *error_name = g_strconcat (stem, ".expected-error", NULL);
  g_autofree char *json_path = fixture_path (json_name);
  g_autofree char *error_path = fixture_path (error_name);
  g_auto(CliResult) result = { 0 };

  run_cli (&result, NULL, (const char *[]) { "parse", "--base-url", FIXTURE_BASE_URL, path, NULL });

  if (g_file_test (error_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = NULL;
      g_autofree char *line = NULL;

      g_file_get_contents (error_path, &message, NULL, NULL);
      g_strchomp (message);
      line = g_strdup_printf ("prime-news-cli: %s\n", message);
      g_assert_cmpint (result.status, ==, 1);
      g_assert_cmpstr (result.out, ==, "");
      g_assert_cmpstr (result.err, ==, line);
    }
  else
    {
      g_autofree char *expected_text = NULL;
      g_autoptr(JsonNode) expected = NULL;
      g_autoptr(JsonNode) actual = NULL;

      g_assert_cmpint (result.status, ==, 0);
      g_assert_cmpstr (result.err, ==, "");
      g_assert_true (g_file_get_contents (json_path, &expected_text, NULL, NULL));
      expected = parse_json (expected_text);
      actual = parse_json (result.out);
      g_assert_true (json_node_equal (expected, actual));
      /* One object, so that `jq` and friends read it directly. */
      g_assert_true (JSON_NODE_HOLDS_OBJECT (actual));
    }
}

static void
test_stdin (void)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  run_cli (&result,
           "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>From stdin</title>"
           "<entry><id>1</id><link href=\"a.html\"/><updated>2004-04-15T07:48:00+02:00</updated></entry></feed>",
           (const char *[]) { "parse", "--base-url", "https://stdin.example/x/", "-", NULL });
  g_assert_cmpint (result.status, ==, 0);
  node = parse_json (result.out);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "atom1.0");
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "From stdin");
  {
    JsonObject *item = json_array_get_object_element (json_object_get_array_member (object, "items"), 0);

    g_assert_cmpstr (json_object_get_string_member (item, "link"), ==, "https://stdin.example/x/a.html");
    g_assert_cmpstr (json_object_get_string_member (item, "updated"), ==, "2004-04-15T05:48:00Z");
    /* Absent fields are omitted, not null. */
    g_assert_false (json_object_has_member (item, "published"));
    g_assert_false (json_object_has_member (item, "summary"));
  }
}

static void
test_without_base_url (void)
{
  g_autofree char *path = fixture_path ("rss20-relative-links.xml");
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *item;

  run_cli (&result, NULL, (const char *[]) { "parse", path, NULL });
  g_assert_cmpint (result.status, ==, 0);
  node = parse_json (result.out);
  item = json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "items"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "link"), ==, "2024/post.html");
}

static void
test_errors (void)
{
  g_auto(CliResult) missing = { 0 };
  g_auto(CliResult) no_file = { 0 };
  g_auto(CliResult) two_files = { 0 };
  g_auto(CliResult) bad_base = { 0 };
  g_auto(CliResult) help = { 0 };
  g_auto(CliResult) empty_stdin = { 0 };

  run_cli (&missing, NULL, (const char *[]) { "parse", "/nonexistent/feed.xml", NULL });
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_true (g_str_has_prefix (missing.err, "prime-news-cli: "));
  g_assert_nonnull (strstr (missing.err, "/nonexistent/feed.xml"));

  run_cli (&no_file, NULL, (const char *[]) { "parse", NULL });
  g_assert_cmpint (no_file.status, ==, 2);

  run_cli (&two_files, NULL, (const char *[]) { "parse", "a", "b", NULL });
  g_assert_cmpint (two_files.status, ==, 2);

  run_cli (&bad_base, NULL, (const char *[]) { "parse", "--base-url", "not a url", "-", NULL });
  g_assert_cmpint (bad_base.status, ==, 2);

  run_cli (&help, NULL, (const char *[]) { "help", "parse", NULL });
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--base-url"));

  run_cli (&empty_stdin, "", (const char *[]) { "parse", "-", NULL });
  g_assert_cmpint (empty_stdin.status, ==, 1);
  g_assert_cmpstr (empty_stdin.err, ==, "prime-news-cli: Not a feed: found an empty file\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  dir = g_test_build_filename (G_TEST_DIST, "fixtures", "feeds", NULL);
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (strstr (name, ".expected") == NULL && !g_str_has_suffix (name, ".md"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *test_name = g_strdup_printf ("/cli/parse/fixture/%s",
                                                    (char *) g_ptr_array_index (names, i));

      g_test_add_data_func (test_name, g_ptr_array_index (names, i), test_fixture);
    }
  g_test_add_func ("/cli/parse/stdin", test_stdin);
  g_test_add_func ("/cli/parse/without-base-url", test_without_base_url);
  g_test_add_func ("/cli/parse/errors", test_errors);

  return g_test_run ();
}
