/* test-store-cli.c — prime-news-cli commands on the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <unistd.h>

#include "pn-core.h"
#include "pn-test-dir.h"
#include "pn-test-store.h"

typedef struct
{
  char      *dir;
  GPtrArray *story_ids;   /* newest first, two sources of five */
  char      *source_id;   /* the first source */
} Fixture;

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
run_cli_env (CliResult          *result,
             const char         *dir,
             const char * const *env,
             const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  g_ptr_array_add (argv, (gpointer) g_getenv ("PN_CLI"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) dir);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (process);
}

#define run_cli(result, dir, ...) \
  run_cli_env (result, dir, NULL, (const char *[]) { __VA_ARGS__, NULL })

/* A change exits 0 and prints nothing. */
#define assert_change(dir, ...) \
  G_STMT_START { \
    g_auto(CliResult) _r = { 0 }; \
    run_cli (&_r, dir, __VA_ARGS__); \
    g_assert_cmpstr (_r.err, ==, ""); \
    g_assert_cmpstr (_r.out, ==, ""); \
    g_assert_cmpint (_r.status, ==, 0); \
  } G_STMT_END

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
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

static PnLibrary *
load_read_only (const char *dir)
{
  g_autoptr(PnLibrary) library = pn_library_new (dir);
  g_autoptr(GError) error = NULL;

  pn_library_load (library, PN_LIBRARY_LOAD_ALL | PN_LIBRARY_LOAD_READ_ONLY, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&library);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PnSource) source = NULL;
  GListModel *stories;

  fixture->dir = pn_test_dir_new ("pn-cli-store");
  library = pn_test_populate (fixture->dir, 2, 5, 600);
  pn_library_flush (library, &error);
  g_assert_no_error (error);

  source = g_list_model_get_item (pn_library_get_sources (library), 0);
  fixture->source_id = g_strdup (pn_source_get_id (source));
  fixture->story_ids = g_ptr_array_new_with_free_func (g_free);
  stories = pn_library_get_source_stories (library, source);
  for (guint i = 0; i < g_list_model_get_n_items (stories); i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (stories, i);

      g_ptr_array_add (fixture->story_ids, g_strdup (pn_story_get_id (story)));
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pn_test_dir_remove (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->source_id);
  g_ptr_array_unref (fixture->story_ids);
}

#define STORY(n) ((const char *) g_ptr_array_index (fixture->story_ids, n))

static void
test_listing (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(CliResult) sources = { 0 };
  g_auto(CliResult) sources_json = { 0 };
  g_auto(CliResult) all = { 0 };
  g_auto(CliResult) of_source = { 0 };
  g_auto(CliResult) search = { 0 };
  g_auto(CliResult) json = { 0 };
  g_auto(CliResult) unknown = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *expected = NULL;

  run_cli (&sources, fixture->dir, "sources");
  g_assert_cmpint (sources.status, ==, 0);
  g_assert_cmpuint (count_lines (sources.out), ==, 2);
  expected = g_strdup_printf ("%s\t-\tSource 0\thttps://example.org/feed/0.xml\n", fixture->source_id);
  g_assert_true (g_str_has_prefix (sources.out, expected));

  run_cli (&sources_json, fixture->dir, "sources", "--json");
  node = parse_json (sources_json.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);

  run_cli (&all, fixture->dir, "stories");
  g_assert_cmpint (all.status, ==, 0);
  g_assert_cmpuint (count_lines (all.out), ==, 10);
  g_assert_nonnull (strstr (all.out, "\tu-\t"));

  run_cli (&of_source, fixture->dir, "stories", "--source", fixture->source_id);
  g_assert_cmpuint (count_lines (of_source.out), ==, 5);
  g_assert_true (g_str_has_prefix (of_source.out, STORY (0)));

  run_cli (&search, fixture->dir, "stories", "--search", "STORY 3 OF");
  g_assert_cmpuint (count_lines (search.out), ==, 2);

  g_clear_pointer (&node, json_node_unref);
  run_cli (&json, fixture->dir, "stories", "--source", fixture->source_id, "--json");
  node = parse_json (json.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (node), 0), "id"),
                   ==, STORY (0));

  run_cli (&unknown, fixture->dir, "stories", "--source", "nope");
  g_assert_cmpint (unknown.status, ==, 1);
  g_assert_nonnull (strstr (unknown.err, "nope"));
}

static void
test_mark_read (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PnLibrary) library = NULL;
  g_auto(CliResult) unread = { 0 };
  g_auto(CliResult) bad = { 0 };

  assert_change (fixture->dir, "mark-read", STORY (0), STORY (1), STORY (2));
  assert_change (fixture->dir, "mark-unread", STORY (1));
  run_cli (&unread, fixture->dir, "stories", "--unread");
  g_assert_cmpuint (count_lines (unread.out), ==, 8);

  /* All or nothing: an unknown id fails before anything is written. */
  run_cli (&bad, fixture->dir, "mark-read", STORY (3), "0000000000000000");
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "No story with id “0000000000000000”"));

  library = load_read_only (fixture->dir);
  g_assert_true (pn_story_get_read (pn_library_lookup_story (library, STORY (0))));
  g_assert_false (pn_story_get_read (pn_library_lookup_story (library, STORY (1))));
  g_assert_true (pn_story_get_read (pn_library_lookup_story (library, STORY (2))));
  g_assert_false (pn_story_get_read (pn_library_lookup_story (library, STORY (3))));
}

static void
test_save_and_annotate (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(CliResult) saved = { 0 };
  g_auto(CliResult) missing = { 0 };
  g_auto(CliResult) list = { 0 };
  g_auto(CliResult) list_json = { 0 };
  g_auto(CliResult) show = { 0 };
  g_auto(CliResult) show_json = { 0 };
  g_auto(CliResult) refused = { 0 };
  g_auto(CliResult) usage = { 0 };
  g_auto(CliResult) after = { 0 };
  g_autofree char *annotation_id = NULL;
  JsonObject *object;
  JsonArray *annotations;

  assert_change (fixture->dir, "save", STORY (4));
  run_cli (&saved, fixture->dir, "stories", "--saved");
  g_assert_cmpuint (count_lines (saved.out), ==, 1);
  g_assert_true (g_str_has_prefix (saved.out, STORY (4)));
  assert_change (fixture->dir, "unsave", STORY (4));

  assert_change (fixture->dir, "annotate", STORY (0), "--note", "Read later");
  assert_change (fixture->dir, "annotate", STORY (0), "--quote", "Paragraph", "--occurrence", "2",
                 "--note", "second one");
  run_cli (&missing, fixture->dir, "annotate", STORY (0), "--quote", "not in there");
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "does not contain “not in there”"));
  run_cli (&usage, fixture->dir, "annotate", STORY (0));
  g_assert_cmpint (usage.status, ==, 2);

  run_cli (&list, fixture->dir, "annotations", STORY (0));
  g_assert_cmpuint (count_lines (list.out), ==, 2);
  g_assert_nonnull (strstr (list.out, "\tParagraph\tsecond one\n"));

  run_cli (&list_json, fixture->dir, "annotations", "--json");
  node = parse_json (list_json.out);
  annotations = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (annotations), ==, 2);
  object = json_array_get_object_element (annotations, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "note"), ==, "second one");
  annotation_id = g_strdup (json_object_get_string_member (object, "id"));
  {
    JsonObject *target = json_object_get_object_member (object, "target");
    g_autoptr(PnLibrary) check = load_read_only (fixture->dir);
    g_autofree char *text = pn_story_dup_plain_text (pn_library_lookup_story (check, STORY (0)));
    gint64 start, end;

    g_assert_true (pn_anchor_find_quote (text, "Paragraph", 2, &start, &end));
    g_assert_cmpint (json_object_get_int_member (target, "start"), ==, start);
    g_assert_cmpint (json_object_get_int_member (target, "end"), ==, end);
  }

  run_cli (&show, fixture->dir, "show", STORY (0));
  g_assert_cmpint (show.status, ==, 0);
  g_assert_nonnull (strstr (show.out, "Story 0 of"));
  g_assert_nonnull (strstr (show.out, "Status: unread, saved"));
  g_assert_nonnull (strstr (show.out, "Paragraph 0: the"));
  g_assert_nonnull (strstr (show.out, "Read later"));

  g_clear_pointer (&node, json_node_unref);
  run_cli (&show_json, fixture->dir, "show", STORY (0), "--json");
  node = parse_json (show_json.out);
  object = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object, "story"), "saved"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "annotations")), ==, 2);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "plain-text"), "Paragraph 0"));

  run_cli (&refused, fixture->dir, "unsave", STORY (0));
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "2 annotations"));

  assert_change (fixture->dir, "annotation-delete", annotation_id);
  run_cli (&after, fixture->dir, "annotations");
  g_assert_cmpuint (count_lines (after.out), ==, 1);
  g_assert_null (strstr (after.out, annotation_id));

  library = load_read_only (fixture->dir);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_annotations (library)), ==, 1);
  g_assert_true (pn_story_get_saved (pn_library_lookup_story (library, STORY (0))));
  g_assert_false (pn_story_get_saved (pn_library_lookup_story (library, STORY (4))));
}

static void
test_collections (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  g_auto(CliResult) duplicate = { 0 };
  g_auto(CliResult) list = { 0 };
  g_auto(CliResult) stories = { 0 };
  g_auto(CliResult) renamed = { 0 };
  g_auto(CliResult) gone = { 0 };
  g_autofree char *expected = NULL;
  JsonObject *object;

  assert_change (fixture->dir, "collection", "create", "Weekend");
  run_cli (&duplicate, fixture->dir, "collection", "create", "Weekend");
  g_assert_cmpint (duplicate.status, ==, 1);
  g_assert_nonnull (strstr (duplicate.err, "already exists"));

  assert_change (fixture->dir, "collection", "add", "Weekend", STORY (3), STORY (1), STORY (2));
  assert_change (fixture->dir, "collection", "remove", "Weekend", STORY (1));

  run_cli (&list, fixture->dir, "collections", "--json");
  node = parse_json (list.out);
  object = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Weekend");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "stories")), ==, 2);

  /* In the collection's order, not by date; adding saved the stories. */
  run_cli (&stories, fixture->dir, "stories", "--collection", "Weekend");
  expected = g_strdup_printf ("%s\t", STORY (3));
  g_assert_true (g_str_has_prefix (stories.out, expected));
  g_assert_cmpuint (count_lines (stories.out), ==, 2);
  g_assert_nonnull (strstr (stories.out, "\tus\t"));

  assert_change (fixture->dir, "collection", "rename", "Weekend", "Sunday");
  run_cli (&renamed, fixture->dir, "collections");
  g_assert_nonnull (strstr (renamed.out, "\t2\tSunday\n"));
  assert_change (fixture->dir, "collection", "delete", "Sunday");
  run_cli (&gone, fixture->dir, "collections");
  g_assert_cmpstr (gone.out, ==, "");
}

static void
test_lock (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(PnLibrary) holder = pn_library_new (fixture->dir);
  g_autoptr(GError) error = NULL;
  g_auto(CliResult) save = { 0 };
  g_auto(CliResult) list = { 0 };
  g_autofree char *message = NULL;
  g_autofree char *before = pn_test_read_file (fixture->dir, "library.json");
  g_autofree char *after = NULL;

  pn_library_load (holder, PN_LIBRARY_LOAD_DEFAULT, &error);
  g_assert_no_error (error);

  run_cli (&save, fixture->dir, "save", STORY (0));
  g_assert_cmpint (save.status, ==, 1);
  message = g_strdup_printf ("prime-news-cli: The library is in use by another Prime News (pid %ld)\n",
                             (long) getpid ());
  g_assert_cmpstr (save.err, ==, message);

  run_cli (&list, fixture->dir, "stories", "--saved");
  g_assert_cmpint (list.status, ==, 0);

  after = pn_test_read_file (fixture->dir, "library.json");
  g_assert_cmpstr (after, ==, before);
}

static void
test_write_failure (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *env[] = { "PN_STORE_INJECT_WRITE_ERROR", "ENOSPC", NULL };
  g_auto(CliResult) save = { 0 };
  g_autofree char *before = pn_test_read_file (fixture->dir, "library.json");
  g_autofree char *after = NULL;
  g_autofree char *saved = g_strdup_printf ("%s/saved/%s.json", fixture->dir, STORY (0));

  run_cli_env (&save, fixture->dir, env, (const char *[]) { "save", STORY (0), NULL });
  g_assert_cmpint (save.status, ==, 1);
  g_assert_nonnull (strstr (save.err, "No space left on device"));
  after = pn_test_read_file (fixture->dir, "library.json");
  g_assert_cmpstr (after, ==, before);
  g_assert_false (g_file_test (saved, G_FILE_TEST_EXISTS));
}

static void
test_damaged_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(CliResult) list = { 0 };
  g_auto(CliResult) change = { 0 };
  g_autofree char *corrupt_path = g_build_filename (fixture->dir, "library.json", NULL);

  /* library.json.bak holds the collection, library.json the later state. */
  assert_change (fixture->dir, "collection", "create", "Kept");
  assert_change (fixture->dir, "save", STORY (0));
  pn_test_write_file (fixture->dir, "library.json", "{\"version\": 1, \"saved\": [", -1);

  run_cli (&list, fixture->dir, "collections");
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "\tKept\n"));
  g_assert_nonnull (strstr (list.err, "warning: library.json"));
  g_assert_nonnull (strstr (list.err, "backup"));
  /* A reader leaves the damaged file alone… */
  g_assert_true (g_file_test (corrupt_path, G_FILE_TEST_EXISTS));

  /* …a writer moves it aside and writes the recovered state. */
  run_cli (&change, fixture->dir, "mark-read", STORY (2));
  g_assert_cmpint (change.status, ==, 0);
  g_assert_nonnull (strstr (change.err, "moved aside"));
  {
    g_autoptr(PnLibrary) library = load_read_only (fixture->dir);

    g_assert_cmpuint (pn_library_get_problems (library)->len, ==, 0);
    g_assert_nonnull (pn_library_lookup_collection_by_name (library, "Kept"));
    /* The saved story was recovered by the folder scan. */
    g_assert_true (pn_story_get_saved (pn_library_lookup_story (library, STORY (0))));
  }
}

static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(CliResult) save = { 0 };
  g_auto(CliResult) list = { 0 };

  pn_test_write_file (fixture->dir, "library.json",
                      "{\"version\": 3, \"collections\": [], \"saved\": []}", -1);
  run_cli (&save, fixture->dir, "save", STORY (0));
  g_assert_cmpint (save.status, ==, 1);
  g_assert_nonnull (strstr (save.err, "newer version of Prime News"));
  run_cli (&list, fixture->dir, "stories");
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpuint (count_lines (list.out), ==, 10);
}

/* SIGKILL at random moments while the CLI writes: the store always parses
 * and every acknowledged change is there.
 */
static void
test_kill (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  PnKillStats stats = { 0 };

  pn_test_kill_loop (g_getenv ("PN_CLI"), fixture->dir, STORY (0), 4.0, &stats, notes);
  g_test_message ("%u runs, %u acknowledged notes, %u killed", stats.runs, stats.acknowledged,
                  stats.killed);
  g_assert_cmpuint (stats.killed, >, 0);
  g_assert_cmpuint (stats.acknowledged, >, 0);
  pn_test_check_store (fixture->dir, notes);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/cli/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("listing", test_listing);
  ADD ("mark-read", test_mark_read);
  ADD ("save-and-annotate", test_save_and_annotate);
  ADD ("collections", test_collections);
  ADD ("faults/lock", test_lock);
  ADD ("faults/write-failure", test_write_failure);
  ADD ("faults/damaged-file", test_damaged_file);
  ADD ("faults/newer-version", test_newer_version);
  ADD ("faults/kill", test_kill);
#undef ADD

  return g_test_run ();
}
