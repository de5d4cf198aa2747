/* bench-store.c — the store at the size of a heavy user's library
 *
 * 200 sources, 50 000 cached stories with 2–6 KB bodies, 10 000 saved
 * stories and 30 000 annotations. Prints the cold load, the save after one
 * annotation, single CLI mutations end to end, and the file sizes. Asserts
 * no timings.
 *
 * The cold load is timed in fresh processes (bench-store --load DIR), each
 * started as the desktop file starts the app, since a process that has
 * just written the library has its heap ready and would time less than a
 * start does. The saves are timed in this process, on a library it loaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>

#include "pn-bench-machine.h"
#include "pn-core.h"
#include "pn-library-private.h"
#include "pn-test-dir.h"
#include "pn-test-store.h"

#define N_SOURCES            200
#define N_STORIES_PER_SOURCE 250
#define N_SAVED              10000
#define N_ANNOTATIONS        30000
#define N_LOAD_PROCESSES     5

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
generate (const char *dir,
          GPtrArray  *unsaved_ids,
          GPtrArray  *saved_ids,
          GPtrArray  *last_ids)
{
  g_autoptr(PnLibrary) library = pn_library_new (dir);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  guint n_saved = 0, n_annotations = 0;

  pn_library_load (library, PN_LIBRARY_LOAD_ALL, &error);
  g_assert_no_error (error);

  for (guint s = 0; s < N_SOURCES; s++)
    {
      g_autofree char *url = g_strdup_printf ("https://news.example.org/%u/feed.xml", s);
      g_autofree char *title = g_strdup_printf ("Source %u", s);
      g_autoptr(GPtrArray) stories = NULL;
      PnSource *source = pn_library_add_source (library, url, title, NULL, &error);

      g_assert_no_error (error);
      /* 2–6 KB bodies, 4 KB on average. */
      stories = pn_test_make_stories (source, N_STORIES_PER_SOURCE, 2048 + (s % 5) * 1024, now);
      pn_library_merge_stories (library, source, stories, NULL, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < stories->len; i++)
        {
          PnStory *story = g_ptr_array_index (stories, i);

          if (i % 5 == 0 && n_saved < N_SAVED)
            {
              pn_library_save_story (library, story, &error);
              g_assert_no_error (error);
              for (guint a = 0; a < 3 && n_annotations < N_ANNOTATIONS; a++, n_annotations++)
                {
                  pn_library_add_annotation (library, story, a == 0 ? 0 : -1, a == 0 ? 9 : -1,
                                             "A note about this passage", &error);
                  g_assert_no_error (error);
                }
              if (saved_ids->len < 50)
                g_ptr_array_add (saved_ids, g_strdup (pn_story_get_id (story)));
              n_saved++;
            }
          else if (unsaved_ids->len < 50 && i % 5 == 1)
            g_ptr_array_add (unsaved_ids, g_strdup (pn_story_get_id (story)));
          else if (s == N_SOURCES - 1 && i % 5 == 2)
            g_ptr_array_add (last_ids, g_strdup (pn_story_get_id (story)));
        }
    }

  pn_library_flush (library, &error);
  g_assert_no_error (error);
  printf ("generated: %u sources, %u stories, %u saved, %u annotations\n", N_SOURCES,
          g_list_model_get_n_items (pn_library_get_all_stories (library)), n_saved, n_annotations);
}

static guint64
dir_size (const char *path,
          guint      *n_files,
          guint64    *largest)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint64 total = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf buf;

      if (!g_str_has_suffix (name, ".json") || g_stat (child, &buf) != 0)
        continue;
      total += buf.st_size;
      *largest = MAX (*largest, (guint64) buf.st_size);
      (*n_files)++;
    }
  return total;
}

static void
print_sizes (const char *dir)
{
  const char *parts[] = { "stories", "saved", "sources.json", "library.json" };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *path = g_build_filename (dir, parts[i], NULL);
      guint n = 0;
      guint64 largest = 0, total;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        total = dir_size (path, &n, &largest);
      else
        {
          GStatBuf buf;

          g_stat (path, &buf);
          total = largest = buf.st_size;
          n = 1;
        }
      printf ("size %-13s %8.1f MB in %5u files (largest %.1f KB)\n", parts[i],
              total / 1e6, n, largest / 1e3);
    }
}

static void
saved_cb (PnLibrary    *library,
          const GError *error,
          gint64       *finished)
{
  g_assert_no_error (error);
  *finished = g_get_monotonic_time ();
}

static double
run_cli (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return ms_since (start);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static void
print_cli (const char *what,
           GArray     *times)
{
  g_array_sort (times, compare_doubles);
  printf ("cli %-34s median %7.1f ms  (min %.1f, max %.1f, %u runs)\n", what,
          g_array_index (times, double, times->len / 2), g_array_index (times, double, 0),
          g_array_index (times, double, times->len - 1), times->len);
}

/* A measured process: loads @dir and prints "LOAD_MS N_STORIES N_ANNOTATIONS". */
static int
run_load (const char *dir)
{
  g_autoptr(PnLibrary) library = pn_library_new (dir);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  pn_library_load (library, PN_LIBRARY_LOAD_ALL, &error);
  g_assert_no_error (error);
  printf ("%.1f %u %u\n", ms_since (start),
          g_list_model_get_n_items (pn_library_get_all_stories (library)),
          g_list_model_get_n_items (pn_library_get_all_annotations (library)));
  return 0;
}

/* Started as the desktop file starts the app: huge pages already asked for. */
static double
spawn_load (const char *dir)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  const char *argv[] = { self, "--load", dir, NULL };
  g_auto(GStrv) envp = pn_process_environ_with_huge_pages (g_get_environ ());
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  guint n_stories, n_annotations;
  double load_ms;
  int status;

  g_assert_nonnull (self);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpint (sscanf (output, "%lf %u %u", &load_ms, &n_stories, &n_annotations), ==, 3);
  printf ("cold load (fresh process): %.1f ms for %u stories, %u annotations\n", load_ms,
          n_stories, n_annotations);
  return load_ms;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GPtrArray) unsaved = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_free);
  /* Unsaved stories of the last source: finding one reads every stories file. */
  g_autoptr(GPtrArray) last = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) load_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) last_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) save_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) annotate_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) quote_times = g_array_new (FALSE, FALSE, sizeof (double));
  const char *cli = g_getenv ("PN_CLI");
  gint64 start;

  pn_process_use_huge_pages (argv);
  if (argc == 3 && g_str_equal (argv[1], "--load"))
    return run_load (argv[2]);

  dir = pn_test_dir_new ("pn-bench-store");
  start = g_get_monotonic_time ();
  generate (dir, unsaved, saved, last);
  printf ("generation took %.1f s\n", ms_since (start) / 1000);
  print_sizes (dir);
  pn_bench_print_huge_pages ();

  /* The first process reads the files from the page cache, where writing
   * them left them, as far as the cache kept them.
   */
  for (guint i = 0; i < N_LOAD_PROCESSES; i++)
    {
      double load_ms = spawn_load (dir);

      g_array_append_val (load_times, load_ms);
    }

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(PnLibrary) library = pn_library_new (dir);
      g_autoptr(PnStory) story = NULL;
      gint64 finished = 0;
      double main_thread_ms;

      start = g_get_monotonic_time ();
      pn_library_load (library, PN_LIBRARY_LOAD_ALL, &error);
      g_assert_no_error (error);
      printf ("load in this process (round %u): %.1f ms\n", round, ms_since (start));

      story = g_list_model_get_item (pn_library_get_saved_stories (library), round);
      g_signal_connect (library, "saved", G_CALLBACK (saved_cb), &finished);
      start = g_get_monotonic_time ();
      pn_library_add_annotation (library, story, 0, 9, "benchmark", &error);
      g_assert_no_error (error);
      _pn_library_save_now (library);
      main_thread_ms = ms_since (start);
      while (finished == 0)
        g_main_context_iteration (NULL, TRUE);
      printf ("save after one annotation: %.2f ms on the main thread (change + snapshot), "
              "%.2f ms until written and fsync'ed by the worker\n", main_thread_ms,
              (finished - start) / 1000.0);

      start = g_get_monotonic_time ();
      pn_library_add_annotation (library, story, -1, -1, "flushed", &error);
      pn_library_flush (library, &error);
      g_assert_no_error (error);
      printf ("flush after one annotation: %.2f ms (synchronous, durable)\n", ms_since (start));
    }

  for (guint i = 0; i < 15; i++)
    {
      const char *save_argv[] = { cli, "--data-dir", dir, "save", g_ptr_array_index (unsaved, i), NULL };
      const char *note_argv[] = { cli, "--data-dir", dir, "annotate", g_ptr_array_index (saved, i),
                                  "--note", "from the CLI", NULL };
      const char *quote_argv[] = { cli, "--data-dir", dir, "annotate", g_ptr_array_index (unsaved, 20 + i),
                                   "--quote", "Paragraph", "--occurrence", "2", NULL };
      const char *last_argv[] = { cli, "--data-dir", dir, "save", g_ptr_array_index (last, i), NULL };
      double t;

      t = run_cli (save_argv);
      g_array_append_val (save_times, t);
      t = run_cli (note_argv);
      g_array_append_val (annotate_times, t);
      t = run_cli (quote_argv);
      g_array_append_val (quote_times, t);
      t = run_cli (last_argv);
      g_array_append_val (last_times, t);
    }
  print_cli ("save (unsaved story, scan)", save_times);
  print_cli ("annotate --note (saved story)", annotate_times);
  print_cli ("annotate --quote (unsaved story)", quote_times);
  print_cli ("save (unsaved story, last file)", last_times);
  g_array_sort (load_times, compare_doubles);
  printf ("cold load: median %.1f ms (min %.1f, max %.1f, %u fresh processes)\n",
          g_array_index (load_times, double, load_times->len / 2),
          g_array_index (load_times, double, 0),
          g_array_index (load_times, double, load_times->len - 1), load_times->len);
  print_sizes (dir);
  pn_test_dir_remove (dir);
  return 0;
}
