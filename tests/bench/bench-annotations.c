/* bench-annotations.c — issue 8's figures, on real widgets under Xvfb
 *
 * Prints: the time to open a story with 500 highlights in the reader
 * against the same story without them, and the Notes view over 30 000
 * annotations (time to populate, time per search keystroke). Figures only:
 * nothing here asserts a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pn-notes-view.h"
#include "pn-reader-view.h"
#include "pn-test-ui.h"

#define N_HIGHLIGHTS        500
#define N_NOTE_STORIES      3000
#define NOTES_PER_STORY     10
#define REPEATS             5

static const char * const words[] = {
  "summit", "harbour", "election", "minister", "treaty", "market", "storm", "council",
  "museum", "rail", "budget", "court", "border", "vaccine", "satellite", "festival",
};

static char *
make_body (guint seed,
           guint n_paragraphs)
{
  GString *body = g_string_new (NULL);

  for (guint p = 0; p < n_paragraphs; p++)
    {
      g_string_append (body, "<p>");
      for (guint w = 0; w < 60; w++)
        g_string_append_printf (body, "%s%s", w ? " " : "", words[(seed + p * 7 + w * 3) % G_N_ELEMENTS (words)]);
      g_string_append (body, ".</p>");
    }
  return g_string_free (body, FALSE);
}

static PnStory *
make_story (PnSource   *source,
            const char *guid,
            const char *body)
{
  g_autofree char *id = pn_story_make_id (pn_source_get_id (source), guid, NULL, NULL, NULL);
  PnStory *story = pn_story_new (id, pn_source_get_id (source));

  pn_story_set_guid (story, guid);
  pn_story_set_title (story, guid);
  pn_story_set_content (story, body);
  return story;
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_figure (const char *what,
              double     *samples,
              guint       n)
{
  qsort (samples, n, sizeof (double), compare_doubles);
  g_print ("%-52s median %8.1f ms   min %8.1f ms\n", what, samples[n / 2], samples[0]);
}

static double
time_show_story (GtkWindow    *window,
                 PnReaderView *reader,
                 PnLibrary    *library,
                 PnStory      *story,
                 gboolean      with_annotations)
{
  g_autoptr(PnDocument) document = NULL;
  gint64 start = g_get_monotonic_time ();

  document = pn_story_create_document (story);
  pn_reader_view_set_annotations (reader, with_annotations ? pn_library_get_story_annotations (library, story) : NULL);
  pn_reader_view_show_story (reader, story, document, "Bench");
  pn_test_ui_wait_until_drawn (GTK_WIDGET (window));
  return elapsed_ms (start);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("prime-news-bench-annotations-XXXXXX", &error);
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *long_body = make_body (1, 120);
  double with_samples[REPEATS];
  double without_samples[REPEATS];
  double populate_samples[REPEATS];
  double keystroke_samples[REPEATS * 4];
  double filter_samples[REPEATS * 4];
  const char *queries[] = { "s", "su", "sum", "summit harbour" };
  PnSource *source;
  PnStory *long_story;
  PnStory *plain_story;
  GtkWindow *window;
  PnReaderView *reader;
  gint64 start;
  guint n_new;

  pn_test_ui_init (&argc, &argv);
  g_assert_no_error (error);

  library = pn_library_new (data_dir);
  g_assert_true (pn_library_load (library, PN_LIBRARY_LOAD_ALL, &error));
  source = pn_library_add_source (library, "https://bench.example/feed", "Bench", NULL, &error);
  g_assert_no_error (error);

  g_ptr_array_add (stories, make_story (source, "long-highlighted", long_body));
  g_ptr_array_add (stories, make_story (source, "long-plain", long_body));
  for (guint i = 0; i < N_NOTE_STORIES; i++)
    {
      g_autofree char *guid = g_strdup_printf ("noted-%u", i);
      g_autofree char *body = make_body (i, 3);

      g_ptr_array_add (stories, make_story (source, guid, body));
    }
  pn_library_set_max_stories (library, G_MAXUINT);
  g_assert_true (pn_library_merge_stories (library, source, stories, &n_new, &error));

  long_story = pn_library_lookup_story (library, pn_story_get_id (g_ptr_array_index (stories, 0)));
  plain_story = pn_library_lookup_story (library, pn_story_get_id (g_ptr_array_index (stories, 1)));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_HIGHLIGHTS; i++)
    {
      gint64 at = (gint64) i * 40;
      PnAnnotation *annotation = pn_library_add_annotation (library, long_story, at, at + 25,
                                                            i % 3 ? NULL : "A note", &error);
      g_assert_nonnull (annotation);
    }
  for (guint i = 2; i < stories->len; i++)
    {
      PnStory *story = pn_library_lookup_story (library, pn_story_get_id (g_ptr_array_index (stories, i)));

      for (guint j = 0; j < NOTES_PER_STORY; j++)
        g_assert_nonnull (pn_library_add_annotation (library, story, j * 30, j * 30 + 20, "note", &error));
    }
  g_print ("set-up: %u annotations added in %.0f ms\n",
           g_list_model_get_n_items (pn_library_get_all_annotations (library)), elapsed_ms (start));

  /* The saves the set-up scheduled must not run during the measurements. */
  g_assert_true (pn_library_flush (library, &error));

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 900, 1000);
  reader = PN_READER_VIEW (pn_reader_view_new ());
  gtk_window_set_child (window, GTK_WIDGET (reader));
  gtk_window_present (window);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (window));

  for (guint r = 0; r < REPEATS; r++)
    {
      without_samples[r] = time_show_story (window, reader, library, plain_story, FALSE);
      with_samples[r] = time_show_story (window, reader, library, long_story, TRUE);
    }
  print_figure ("open a 7 200-word story, no highlights", without_samples, REPEATS);
  print_figure ("open the same story with 500 highlights", with_samples, REPEATS);
  g_print ("%-52s %8.1f ms (target <= 100 ms)\n", "highlight overhead (median difference)",
           with_samples[REPEATS / 2] - without_samples[REPEATS / 2]);

  for (guint r = 0; r < REPEATS; r++)
    {
      PnNotesView *notes = PN_NOTES_VIEW (pn_notes_view_new ());

      gtk_window_set_child (window, GTK_WIDGET (notes));
      start = g_get_monotonic_time ();
      pn_notes_view_set_library (notes, library);
      pn_test_ui_wait_until_drawn (GTK_WIDGET (window));
      populate_samples[r] = elapsed_ms (start);

      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          start = g_get_monotonic_time ();
          pn_notes_view_set_search_text (notes, queries[q]);
          filter_samples[r * 4 + q] = elapsed_ms (start);
          pn_test_ui_wait_until_drawn (GTK_WIDGET (window));
          keystroke_samples[r * 4 + q] = elapsed_ms (start);
        }
      pn_notes_view_set_search_text (notes, NULL);
    }
  print_figure ("Notes view: populate 30 500 annotations (target <= 200 ms)", populate_samples, REPEATS);
  print_figure ("Notes view: keystroke, list filtered (target <= 50 ms)", filter_samples, REPEATS * 4);
  print_figure ("Notes view: keystroke, two frames drawn", keystroke_samples, REPEATS * 4);

  gtk_window_destroy (window);
  pn_test_ui_iterate ();
  g_assert_true (pn_library_flush (library, NULL));
  g_clear_object (&library);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", data_dir);
    g_assert_cmpint (system (command), ==, 0);
  }
  return 0;
}
