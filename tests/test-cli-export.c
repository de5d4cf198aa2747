/* test-cli-export.c — prime-news-cli export and import-json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pn-core.h"
#include "pn-test-export.h"

static PnTestExportFixture fixture;

typedef struct
{
  const char *format;
  const char *extra;   /* an extra option, or NULL */
  const char *expect;  /* text the output must contain */
} CliCase;

static const CliCase cli_cases[] = {
  { "md", NULL, "# Research ✓ \\*reading\\* list" },
  { "md-folder", NULL, "index.md" },
  { "html", NULL, "<!DOCTYPE html>" },
  { "epub", NULL, "mimetypeapplication/epub+zip" },
  { "json", NULL, "\"format\" : \"prime-news-export\"" },
  { "csv", NULL, "title,link,source" },
  { "csv", "--annotations-csv", "story title,link,quote,note" },
  { "webannotation", NULL, "\"type\" : \"AnnotationCollection\"" },
};

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (char *) g_getenv ("PN_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static char *
read_any (const char *path,
          gboolean    folder)
{
  g_autofree char *file = folder ? g_build_filename (path, "index.md", NULL) : g_strdup (path);
  char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  /* Zip headers hold NULs: make the contents searchable. */
  for (gsize i = 0; i < length; i++)
    if (contents[i] == '\0')
      contents[i] = ' ';
  if (folder)
    {
      g_free (contents);
      contents = g_strdup ("index.md");
    }
  return contents;
}

static void
test_export_format (gconstpointer data)
{
  const CliCase *test = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pn-cli-export-XXXXXX", &error);
  g_autofree char *output = g_build_filename (dir, "out", NULL);
  g_autofree char *out = NULL, *err = NULL, *contents = NULL;
  const char *args[] = {
    "--data-dir", fixture.data_dir, "export", "--collection", PN_TEST_EXPORT_COLLECTION,
    "--format", test->format, "--output", output, test->extra, NULL
  };
  gboolean folder = g_str_equal (test->format, "md-folder");

  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  contents = read_any (output, folder);
  if (!g_str_equal (test->format, "epub"))
    g_assert_nonnull (strstr (contents, test->expect));
  else
    g_assert_true (g_str_has_prefix (contents + 30, test->expect));
  pn_test_export_remove_tree (dir);
}

static void
test_usage_errors (void)
{
  const char *no_scope[] = { "--data-dir", fixture.data_dir, "export", "--format", "md",
                             "--output", "/tmp/x.md", NULL };
  const char *two_scopes[] = { "--data-dir", fixture.data_dir, "export", "--saved", "--annotated",
                               "--format", "md", "--output", "/tmp/x.md", NULL };
  const char *bad_format[] = { "--data-dir", fixture.data_dir, "export", "--saved", "--format",
                               "docx", "--output", "/tmp/x.docx", NULL };
  const char *csv_only[] = { "--data-dir", fixture.data_dir, "export", "--saved", "--format",
                             "md", "--annotations-csv", "--output", "/tmp/x.md", NULL };
  const char *missing[] = { "--data-dir", fixture.data_dir, "export", "--collection", "Nope",
                            "--format", "md", "--output", "/tmp/x.md", NULL };
  const char * const *usage[] = { no_scope, two_scopes, bad_format, csv_only };

  for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
    {
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (run_cli (usage[i], &out, &err), ==, 2);
      g_assert_true (g_str_has_prefix (err, "prime-news-cli: "));
    }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_cli (missing, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "Nope"));
  }
  g_assert_false (g_file_test ("/tmp/x.md", G_FILE_TEST_EXISTS));
}

/* Export the saved stories, import them into an empty library, export
 * that one: the same stories, annotations and collection order.
 */
static void
test_import_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pn-cli-import-XXXXXX", &error);
  g_autofree char *second = g_build_filename (dir, "library", NULL);
  g_autofree char *first_json = g_build_filename (dir, "first.json", NULL);
  g_autofree char *second_json = g_build_filename (dir, "second.md", NULL);
  g_autofree char *first_md = g_build_filename (dir, "first.md", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *a = NULL, *b = NULL;
  const char *export_first[] = { "--data-dir", fixture.data_dir, "export", "--saved", "--format",
                                 "json", "--output", first_json, NULL };
  const char *import[] = { "--data-dir", second, "import-json", first_json, NULL };
  const char *md_first[] = { "--data-dir", fixture.data_dir, "export", "--collection",
                             PN_TEST_EXPORT_COLLECTION, "--format", "md", "--output", first_md,
                             NULL };
  const char *md_second[] = { "--data-dir", second, "export", "--collection",
                              PN_TEST_EXPORT_COLLECTION, "--format", "md", "--output", second_json,
                              NULL };

  g_assert_cmpint (run_cli (export_first, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (import, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "Imported 2 new sources, 6 new stories, 10 new annotations, "
                            "2 new collections\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The Markdown of both libraries shows the same text, notes and order. */
  g_assert_cmpint (run_cli (md_first, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (md_second, &out, &err), ==, 0);
  g_assert_true (g_file_get_contents (first_md, &a, NULL, NULL));
  g_assert_true (g_file_get_contents (second_json, &b, NULL, NULL));
  g_assert_cmpstr (a, ==, b);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    const char *bad[] = { "--data-dir", second, "import-json", first_md, NULL };

    g_assert_cmpint (run_cli (bad, &out, &err), ==, 1);
  }
  pn_test_export_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  pn_test_export_fixture_init (&fixture);

  for (guint i = 0; i < G_N_ELEMENTS (cli_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/cli/export/%s%s", cli_cases[i].format,
                                               cli_cases[i].extra != NULL ? cli_cases[i].extra : "");

      g_test_add_data_func (name, &cli_cases[i], test_export_format);
    }
  g_test_add_func ("/cli/export/usage", test_usage_errors);
  g_test_add_func ("/cli/import-json", test_import_json);

  status = g_test_run ();
  pn_test_export_fixture_clear (&fixture);
  return status;
}
