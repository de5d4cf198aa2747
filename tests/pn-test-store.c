/* pn-test-store.c — building libraries for the store tests and benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <sys/wait.h>

#include "pn-test-store.h"

static const char * const words[] = {
  "president", "council", "river", "market", "élection", "über", "city", "report", "weather",
  "science", "budget", "school", "harbour", "festival", "minister", "vote",
};

/* Stories as the parser would hand them over: the first one is the newest,
 * one hour apart, with HTML bodies of about @body_size bytes.
 */
GPtrArray *
pn_test_make_stories (PnSource  *source,
                      guint      n_stories,
                      gsize      body_size,
                      GDateTime *newest)
{
  GPtrArray *stories = g_ptr_array_new_with_free_func (g_object_unref);
  const char *source_id = pn_source_get_id (source);

  for (guint i = 0; i < n_stories; i++)
    {
      g_autofree char *guid = g_strdup_printf ("%s-story-%u", source_id, i);
      g_autofree char *id = pn_story_make_id (source_id, guid, NULL, NULL, NULL);
      g_autofree char *title = g_strdup_printf ("Story %u of %s", i, source_id);
      g_autoptr(GDateTime) date = g_date_time_add_hours (newest, -(int) i);
      g_autoptr(GString) body = g_string_new (NULL);
      PnStory *story = pn_story_new (id, source_id);
      guint w = i;

      while (body->len < body_size)
        {
          g_string_append_printf (body, "<p>Paragraph %u: the %s &amp; the %s met the %s.</p>",
                                  w, words[w % G_N_ELEMENTS (words)],
                                  words[(w * 7 + 3) % G_N_ELEMENTS (words)],
                                  words[(w * 5 + 1) % G_N_ELEMENTS (words)]);
          w++;
        }
      pn_story_set_guid (story, guid);
      pn_story_set_title (story, title);
      pn_story_set_published (story, date);
      pn_story_set_content (story, body->str);
      g_ptr_array_add (stories, story);
    }
  return stories;
}

/* A locked, loaded library with @n_sources sources of @n_stories each; the
 * caller flushes and releases it.
 */
PnLibrary *
pn_test_populate (const char *data_dir,
                  guint       n_sources,
                  guint       n_stories,
                  gsize       body_size)
{
  g_autoptr(PnLibrary) library = pn_library_new (data_dir);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  pn_library_load (library, PN_LIBRARY_LOAD_ALL, &error);
  g_assert_no_error (error);
  pn_library_set_max_stories (library, MAX (n_stories, 1));

  for (guint s = 0; s < n_sources; s++)
    {
      g_autofree char *url = g_strdup_printf ("https://example.org/feed/%u.xml", s);
      g_autofree char *title = g_strdup_printf ("Source %u", s);
      g_autoptr(GPtrArray) stories = NULL;
      PnSource *source;
      guint n_new = 0;

      source = pn_library_add_source (library, url, title, s % 2 ? "News" : NULL, &error);
      g_assert_no_error (error);
      stories = pn_test_make_stories (source, n_stories, body_size, now);
      pn_library_merge_stories (library, source, stories, &n_new, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n_new, ==, n_stories);
    }
  return g_steal_pointer (&library);
}

/* @data_dir loaded with @flags, asserting that the load succeeded. */
PnLibrary *
pn_test_open_library (const char        *data_dir,
                      PnLibraryLoadFlags flags)
{
  g_autoptr(PnLibrary) library = pn_library_new (data_dir);
  g_autoptr(GError) error = NULL;

  pn_library_load (library, flags, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&library);
}

/* Returns: (transfer none): the @n-th source of @library */
PnSource *
pn_test_nth_source (PnLibrary *library,
                    guint      n)
{
  g_autoptr(PnSource) source = g_list_model_get_item (pn_library_get_sources (library), n);

  return source;
}

/* Returns: (transfer none): the @n-th story of @source */
PnStory *
pn_test_nth_story (PnLibrary *library,
                   PnSource  *source,
                   guint      n)
{
  g_autoptr(PnStory) story = g_list_model_get_item (pn_library_get_source_stories (library, source),
                                                    n);

  return story;
}

char *
pn_test_read_file (const char *data_dir,
                   const char *relative_path)
{
  g_autofree char *path = g_build_filename (data_dir, relative_path, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

void
pn_test_write_file (const char *data_dir,
                    const char *relative_path,
                    const char *contents,
                    gssize      length)
{
  g_autofree char *path = g_build_filename (data_dir, relative_path, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

/* Runs `annotate` (and `mark-read`/`mark-unread`, which rewrite the big
 * stories file) in a loop and SIGKILLs each run at a random moment: before
 * it loads, while it writes, or not at all. Notes whose command exited 0
 * are appended to @acknowledged_notes.
 */
void
pn_test_kill_loop (const char  *cli,
                   const char  *data_dir,
                   const char  *story_id,
                   double       seconds,
                   PnKillStats *stats,
                   GPtrArray   *acknowledged_notes)
{
  g_autoptr(GRand) rand = g_rand_new ();
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  /* How long a run takes here (sanitizers and load vary it tenfold); the
   * first run is never killed and sets it, so kills land anywhere from
   * start-up to exit.
   */
  gint64 typical = 0;

  for (guint i = 0; g_get_monotonic_time () < deadline; i++)
    {
      g_autofree char *note = g_strdup_printf ("note %u", i);
      const char *annotate[] = { cli, "--data-dir", data_dir, "annotate", story_id, "--note", note, NULL };
      const char *mark[] = { cli, "--data-dir", data_dir, i % 4 == 1 ? "mark-read" : "mark-unread",
                             story_id, NULL };
      const char * const *argv = i % 2 == 0 ? annotate : mark;
      g_autoptr(GError) error = NULL;
      gint64 started, wait_until;
      int status = 0;
      GPid pid;
      pid_t done = 0;

      g_spawn_async (NULL, (char **) argv, NULL,
                     G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, &pid, &error);
      g_assert_no_error (error);
      stats->runs++;

      started = g_get_monotonic_time ();
      wait_until = typical == 0 ? G_MAXINT64
                                : started + g_rand_int_range (rand, 0, MAX (typical * 2, 20000));
      while (g_get_monotonic_time () < wait_until && (done = waitpid (pid, &status, WNOHANG)) == 0)
        g_usleep (500);
      if (done != 0)
        typical = typical == 0 ? g_get_monotonic_time () - started
                               : (typical * 3 + (g_get_monotonic_time () - started)) / 4;
      else
        {
          kill (pid, SIGKILL);
          g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
        }
      g_spawn_close_pid (pid);

      if (WIFEXITED (status))
        {
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          if (argv == annotate)
            {
              g_ptr_array_add (acknowledged_notes, g_steal_pointer (&note));
              stats->acknowledged++;
            }
        }
      else
        {
          g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
          stats->killed++;
        }
    }
}

static void
check_json_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        check_json_files (child);
      else if (g_str_has_suffix (name, ".json") || g_str_has_suffix (name, ".json.bak"))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(GError) error = NULL;

          json_parser_load_from_file (parser, child, &error);
          g_assert_no_error (error);
          g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
        }
      else
        g_assert_false (g_str_has_prefix (name, "corrupt"));
    }
}

/* Every file parses, the library loads without a problem, and every
 * acknowledged note is in it.
 */
void
pn_test_check_store (const char *data_dir,
                     GPtrArray  *acknowledged_notes)
{
  g_autoptr(PnLibrary) library = pn_library_new (data_dir);
  g_autoptr(GHashTable) notes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GListModel *annotations;

  check_json_files (data_dir);
  pn_library_load (library, PN_LIBRARY_LOAD_ALL | PN_LIBRARY_LOAD_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pn_library_get_problems (library)->len, ==, 0);

  annotations = pn_library_get_all_annotations (library);
  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(PnAnnotation) annotation = g_list_model_get_item (annotations, i);

      g_hash_table_add (notes, (gpointer) pn_annotation_get_note (annotation));
    }
  for (guint i = 0; i < acknowledged_notes->len; i++)
    g_assert_true (g_hash_table_contains (notes, g_ptr_array_index (acknowledged_notes, i)));
}

/* Checks @base, then @rounds copies of it with one to three bytes replaced
 * by bytes of @alphabet. Returns: how many copies @check accepted
 */
guint
pn_test_mutate (const char      *base,
                const char      *alphabet,
                guint32          seed,
                guint            rounds,
                PnTestCheckFunc  check)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize length = strlen (base);
  gsize n_letters = strlen (alphabet);
  guint accepted = 0;

  g_assert_true (check (base, length));
  for (guint round = 0; round < rounds; round++)
    {
      g_autofree char *mutated = g_strdup (base);
      guint edits = g_rand_int_range (rand, 1, 4);

      for (guint e = 0; e < edits; e++)
        mutated[g_rand_int_range (rand, 0, length)] = alphabet[g_rand_int_range (rand, 0, n_letters)];
      accepted += check (mutated, length);
    }
  return accepted;
}
