/* bench-ui.c — the three-pane window on a library of 200 sources and
 * 50 000 cached stories: start-up to the first frame, switching to a source
 * of 5 000 stories, a search keystroke, a 20 000-word story in the reader,
 * and resident memory.
 *
 * The benchmark runs itself in three roles:
 *   bench-ui [--data-dir DIR] [--runs N]   writes the library (once), runs N
 *                                          fresh processes, prints figures
 *   bench-ui --generate DIR                writes the library through PnLibrary
 *   bench-ui --child DIR SPAWN_TIME_US     one measured process: it starts
 *                                          as the desktop file starts the
 *                                          app (huge pages asked for; the
 *                                          library loads in a thread while
 *                                          GTK starts), opens the window and
 *                                          drives it, printing "figure NAME
 *                                          VALUE" lines
 * SPAWN_TIME_US is the parent's g_get_monotonic_time() (CLOCK_MONOTONIC,
 * shared by all processes) just before it spawns the child, so start-up is
 * measured from before exec, dynamic linking included; 0 measures from
 * main() (handy under perf).
 *
 * Every timed step ends at the frame clock's after-paint of the frame that
 * shows its result; the idle work GTK does after that frame (the text view
 * laying out the rest of a long story) is drained, untimed, before the next
 * step. The switch and the keystroke are also given in processor time of
 * the main thread, which other work on a shared machine disturbs less than
 * the time on the clock. Prints figures; asserts only that the window
 * shows what is timed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pn-bench-machine.h"
#include "pn-headlines-view.h"
#include "pn-reader-view.h"
#include "pn-settings.h"
#include "pn-sidebar.h"
#include "pn-test-dir.h"
#include "pn-test-ui.h"
#include "pn-window.h"

#define N_SOURCES           200
#define N_STORIES           50000
#define N_BIG_SOURCE        5000
#define N_SAVED             25
#define LONG_STORY_WORDS    20000
#define DEFAULT_RUNS        5
#define STEP_REPEATS        5
#define HANG_GUARD_SECONDS  120

#define BIG_SOURCE_TITLE    "The Daily Wire Service"
#define LONG_SOURCE_TITLE   "The Long Read"
#define SEARCH_WORD         "council"

/* Generation: deterministic headlines and bodies */

static const char * const subjects[] = {
  "City council", "Health minister", "Central bank", "Local school", "Tech giant",
  "Football club", "Research team", "Storm Agnes", "Trade unions", "Science museum",
  "Supreme court", "Energy company", "Police", "Students", "Farmers", "The mayor",
  "Space agency", "Children's hospital", "National airline", "Fintech start-up",
};

static const char * const verbs[] = {
  "approves", "rejects", "announces", "delays", "unveils", "warns over", "cuts",
  "backs", "launches", "investigates", "questions", "doubles", "plans",
  "celebrates", "faces criticism over",
};

static const char * const objects[] = {
  "new budget", "climate plan", "rail expansion", "rate rise", "housing project",
  "stadium deal", "vaccine trial", "flood defences", "tax reform", "summer festival",
  "data centre", "wage talks", "satellite launch", "school meals", "bridge repairs",
};

static const char * const tails[] = {
  "", " after long talks", " amid protests", " ahead of election", " in surprise move",
  " for second year", " as costs rise", ": what we know", " despite warnings",
  " in landmark ruling",
};

static const char * const words[] = {
  "government", "minister", "market", "election", "climate", "research", "city",
  "council", "report", "energy", "football", "season", "record", "company",
  "shares", "court", "ruling", "health", "hospital", "school", "students",
  "police", "investigation", "storm", "flood", "festival", "museum", "launch",
  "satellite", "budget", "inflation", "trade", "agreement", "talks", "summit",
  "residents", "officials", "spokesperson", "analysts", "week", "year", "plan",
  "the", "a", "of", "and", "in", "on", "for", "with", "after", "before", "said",
  "the", "to", "was", "that", "by", "it", "is", "are", "from", "at", "as",
};

static const char * const folders[] = { "World", "Technology", "Sport", "Science", "Culture" };

#define PICK(rand, array) (array[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static void
append_sentence (GString    *html,
                 GRand      *rand,
                 const char *link_base)
{
  guint n_words = g_rand_int_range (rand, 8, 24);

  for (guint i = 0; i < n_words; i++)
    {
      const char *word = PICK (rand, words);

      if (i > 0)
        g_string_append_c (html, ' ');
      if (i == 0)
        {
          g_string_append_c (html, g_ascii_toupper (word[0]));
          g_string_append (html, word + 1);
        }
      else if (link_base != NULL && g_rand_int_range (rand, 0, 60) == 0)
        g_string_append_printf (html, "<a href=\"%s/topic/%s\">%s</a>", link_base, word, word);
      else if (g_rand_int_range (rand, 0, 80) == 0)
        g_string_append_printf (html, "<em>%s</em>", word);
      else if (g_rand_int_range (rand, 0, 120) == 0)
        g_string_append_printf (html, "<strong>%s</strong>", word);
      else
        g_string_append (html, word);
    }
  g_string_append (html, ". ");
}

static guint
count_words (const GString *html)
{
  guint n = 0;

  for (gsize i = 0; i < html->len; i++)
    n += html->str[i] == ' ';
  return n;
}

/* Sanitized HTML as the feed parser stores it: paragraphs with links and
 * emphasis, and now and then a heading, a list or a quote. Stops at
 * @max_bytes or @max_words, whichever comes first.
 */
static char *
make_body (GRand      *rand,
           const char *link_base,
           gsize       max_bytes,
           guint       max_words)
{
  GString *html = g_string_sized_new (max_bytes + 1024);

  while (html->len < max_bytes && count_words (html) < max_words)
    {
      guint kind = g_rand_int_range (rand, 0, 12);

      if (kind == 0)
        {
          g_string_append (html, "<h2>");
          g_string_append_printf (html, "%s %s %s", PICK (rand, subjects), PICK (rand, verbs),
                                  PICK (rand, objects));
          g_string_append (html, "</h2>\n");
        }
      else if (kind == 1)
        {
          guint n_items = g_rand_int_range (rand, 3, 6);

          g_string_append (html, "<ul>");
          for (guint i = 0; i < n_items; i++)
            {
              g_string_append (html, "<li>");
              append_sentence (html, rand, link_base);
              g_string_append (html, "</li>");
            }
          g_string_append (html, "</ul>\n");
        }
      else if (kind == 2)
        {
          g_string_append (html, "<blockquote><p>");
          append_sentence (html, rand, NULL);
          g_string_append (html, "</p></blockquote>\n");
        }
      else
        {
          guint n_sentences = g_rand_int_range (rand, 3, 7);

          g_string_append (html, "<p>");
          for (guint i = 0; i < n_sentences; i++)
            append_sentence (html, rand, link_base);
          g_string_append (html, "</p>\n");
        }
    }
  return g_string_free (html, FALSE);
}

static char *
make_title (GRand *rand)
{
  return g_strdup_printf ("%s %s %s%s", PICK (rand, subjects), PICK (rand, verbs),
                          PICK (rand, objects), PICK (rand, tails));
}

static PnStory *
make_story (GRand      *rand,
            PnSource   *source,
            guint       index,
            GDateTime  *published,
            gsize       body_bytes,
            guint       body_words)
{
  const char *source_id = pn_source_get_id (source);
  g_autofree char *site = g_strdup_printf ("https://%s.example", source_id);
  g_autofree char *guid = g_strdup_printf ("%s/story/%u", site, index);
  g_autofree char *title = make_title (rand);
  g_autofree char *id = pn_story_make_id (source_id, guid, guid, title, published);
  g_autofree char *content = make_body (rand, site, body_bytes, body_words);
  g_autoptr(GString) summary = g_string_new (NULL);
  PnStory *story = pn_story_new (id, source_id);

  append_sentence (summary, rand, NULL);
  append_sentence (summary, rand, NULL);

  pn_story_set_guid (story, guid);
  pn_story_set_link (story, guid);
  pn_story_set_title (story, title);
  pn_story_set_published (story, published);
  pn_story_set_summary (story, summary->str);
  pn_story_set_content (story, content);
  /* Most of a reader's cache has been read. */
  pn_story_set_read (story, g_rand_int_range (rand, 0, 10) < 6);
  return story;
}

static void
generate (const char *data_dir)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240607);
  g_autoptr(PnLibrary) library = pn_library_new (data_dir);
  g_autoptr(GDateTime) newest = g_date_time_new_utc (2025, 6, 1, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  guint n_written = 0;

  if (!pn_library_load (library, PN_LIBRARY_LOAD_ALL, &error))
    g_error ("Could not open %s: %s", data_dir, error->message);
  /* The cache keeps everything we give it: dates are fixed, not recent. */
  pn_library_set_retention_days (library, 100 * 365);
  pn_library_set_max_stories (library, N_BIG_SOURCE * 2);

  for (guint i = 0; i < N_SOURCES; i++)
    {
      g_autofree char *url = g_strdup_printf ("https://news%03u.example/feed.xml", i);
      g_autofree char *title = NULL;
      g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
      const char *folder = i % 2 == 0 ? folders[i / 2 % G_N_ELEMENTS (folders)] : NULL;
      /* The big source takes 5 000; the others share the rest evenly. */
      guint n_stories = i == 0 ? N_BIG_SOURCE
                               : (N_STORIES - N_BIG_SOURCE) / (N_SOURCES - 1) +
                                 (i <= (N_STORIES - N_BIG_SOURCE) % (N_SOURCES - 1));
      PnSource *source;
      guint n_new = 0;

      if (i == 0)
        title = g_strdup (BIG_SOURCE_TITLE);
      else if (i == 1)
        title = g_strdup (LONG_SOURCE_TITLE);
      else
        title = g_strdup_printf ("%s Gazette %u", PICK (rand, subjects), i);

      source = pn_library_add_source (library, url, title, folder, &error);
      if (source == NULL)
        g_error ("Could not add %s: %s", url, error->message);

      for (guint j = 0; j < n_stories; j++)
        {
          g_autoptr(GDateTime) published = NULL;

          if (i == 1 && j == 0)
            {
              /* The newest story of all, first in "All stories". */
              published = g_date_time_add_minutes (newest, 1);
              g_ptr_array_add (stories, make_story (rand, source, j, published,
                                                    G_MAXSIZE, LONG_STORY_WORDS));
              continue;
            }
          published = g_date_time_add_seconds (newest, -g_rand_double_range (rand, 0, 60 * 86400.0));
          g_ptr_array_add (stories, make_story (rand, source, j, published,
                                                g_rand_int_range (rand, 2048, 6144), G_MAXUINT));
        }

      if (!pn_library_merge_stories (library, source, stories, &n_new, &error))
        g_error ("Could not add the stories of %s: %s", url, error->message);
      g_assert_cmpuint (n_new, ==, n_stories);
      n_written += n_new;
    }
  g_assert_cmpuint (n_written, ==, N_STORIES);

  for (guint i = 0; i < N_SAVED; i++)
    {
      GListModel *all = pn_library_get_all_stories (library);
      g_autoptr(PnStory) story = g_list_model_get_item (all, 1 + i * 997);

      if (!pn_library_save_story (library, story, &error))
        g_error ("Could not save a story: %s", error->message);
    }

  if (!pn_library_flush (library, &error))
    g_error ("Could not write %s: %s", data_dir, error->message);
}

/* The measured process */

typedef gboolean (*ReadyFunc) (gpointer data);

typedef struct
{
  ReadyFunc ready;
  gpointer  data;
  gint64    painted_at;
} FrameWait;

static gboolean
hang_guard_cb (gpointer user_data)
{
  g_error ("%s was not painted within %d seconds", (const char *) user_data, HANG_GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                FrameWait     *wait)
{
  if (wait->painted_at == 0 && (wait->ready == NULL || wait->ready (wait->data)))
    wait->painted_at = g_get_monotonic_time ();
}

/* Returns the time of the first after-paint at which @ready holds. */
static gint64
wait_for_frame (GtkWidget  *widget,
                ReadyFunc   ready,
                gpointer    data,
                const char *what)
{
  FrameWait wait = { ready, data, 0 };
  guint guard = g_timeout_add_seconds (HANG_GUARD_SECONDS, hang_guard_cb, (gpointer) what);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &wait);

  gtk_widget_queue_draw (widget);
  while (wait.painted_at == 0)
    {
      g_main_context_iteration (NULL, TRUE);
      if (wait.painted_at == 0)
        gtk_widget_queue_draw (widget);
    }
  g_signal_handler_disconnect (clock, handler);
  g_source_remove (guard);
  return wait.painted_at;
}

static void
figure (const char *name,
        double      value)
{
  printf ("figure %s %.3f\n", name, value);
  fflush (stdout);
}

static double
ms_between (gint64 start,
            gint64 end)
{
  return (end - start) / 1000.0;
}

/* Processor time of the calling thread, in microseconds */
static gint64
thread_time (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static double
status_mib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10) / 1024.0;
}

typedef struct
{
  PnLibrary       *library;
  PnWindow        *window;
  PnSidebar       *sidebar;
  PnHeadlinesView *headlines;
  PnReaderView    *reader;
  gint64           loaded_at;
  guint            expected;
} Child;

static GtkWidget *
window_child (Child      *child,
              const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (child->window), PN_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static guint
n_visible (Child *child)
{
  return g_list_model_get_n_items (pn_headlines_view_get_visible_stories (child->headlines));
}

static gboolean
headlines_have_expected (gpointer data)
{
  Child *child = data;

  return n_visible (child) == child->expected;
}

static gboolean
reader_shows_long_story (gpointer data)
{
  Child *child = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (pn_reader_view_get_text_view (child->reader));

  return gtk_text_buffer_get_char_count (buffer) > LONG_STORY_WORDS * 4;
}

static PnSource *
find_source (PnLibrary  *library,
             const char *title)
{
  GListModel *sources = pn_library_get_sources (library);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(PnSource) source = g_list_model_get_item (sources, i);

      if (g_strcmp0 (pn_source_get_title (source), title) == 0)
        return source;
    }
  g_error ("No source is called “%s”", title);
}

static void
select_all_stories (Child *child)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (pn_sidebar_get_items (child->sidebar), 0);
  g_autoptr(PnSidebarItem) item = gtk_tree_list_row_get_item (row);

  g_assert_cmpint (pn_sidebar_item_get_kind (item), ==, PN_SIDEBAR_ITEM_ALL);
  g_assert_true (pn_sidebar_select_item (child->sidebar, item));
}

static void
measure_source_switch (Child *child)
{
  PnSource *big = find_source (child->library, BIG_SOURCE_TITLE);
  guint n_all = g_list_model_get_n_items (pn_library_get_all_stories (child->library));

  for (guint i = 0; i < STEP_REPEATS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 start_thread = thread_time ();

      g_assert_true (pn_sidebar_select_source (child->sidebar, big));
      child->expected = N_BIG_SOURCE;
      figure ("switch-to-source", ms_between (start, wait_for_frame (GTK_WIDGET (child->window),
                                                                     headlines_have_expected, child,
                                                                     "the big source")));
      figure ("switch-to-source-thread", ms_between (start_thread, thread_time ()));
      pn_test_ui_iterate ();

      start = g_get_monotonic_time ();
      select_all_stories (child);
      child->expected = n_all;
      figure ("switch-to-all", ms_between (start, wait_for_frame (GTK_WIDGET (child->window),
                                                                  headlines_have_expected, child,
                                                                  "All stories")));
      pn_test_ui_iterate ();
    }
}

/* Types SEARCH_WORD one character at a time over "All stories", then
 * deletes it at once. The headlines filter as they are told, so the next
 * frame shows the result. The first keystroke of the process also folds
 * every story's search key, so it is reported on its own.
 */
static void
measure_search (Child *child)
{
  guint n_all = g_list_model_get_n_items (pn_library_get_all_stories (child->library));

  for (guint i = 0; i < STEP_REPEATS; i++)
    {
      gint64 start;

      for (guint length = 1; length <= strlen (SEARCH_WORD); length++)
        {
          g_autofree char *text = g_strndup (SEARCH_WORD, length);
          gint64 start_thread = thread_time ();
          gboolean first = i == 0 && length == 1;

          start = g_get_monotonic_time ();
          pn_headlines_view_set_search_text (child->headlines, text);
          figure (first ? "search-first-keystroke" : "search-keystroke",
                  ms_between (start, wait_for_frame (GTK_WIDGET (child->window), NULL, NULL,
                                                     "a search")));
          if (!first)
            figure ("search-keystroke-thread", ms_between (start_thread, thread_time ()));
          pn_test_ui_iterate ();
        }
      g_assert_cmpuint (n_visible (child), >, 0);
      g_assert_cmpuint (n_visible (child), <, n_all);

      start = g_get_monotonic_time ();
      pn_headlines_view_set_search_text (child->headlines, "");
      child->expected = n_all;
      figure ("search-clear", ms_between (start, wait_for_frame (GTK_WIDGET (child->window),
                                                                 headlines_have_expected, child,
                                                                 "the cleared search")));
      pn_test_ui_iterate ();
    }
}

/* The long story is the newest, first in "All stories": the user selects
 * it after another story, and the window builds its document and renders
 * it. The document on its own is timed apart, to tell the two costs apart.
 */
static void
measure_long_story (Child *child)
{
  g_autoptr(PnStory) story = g_list_model_get_item (pn_headlines_view_get_visible_stories (child->headlines), 0);

  g_assert_cmpstr (pn_source_get_title (pn_library_lookup_source (child->library,
                                                                  pn_story_get_source_id (story))),
                   ==, LONG_SOURCE_TITLE);

  for (guint i = 0; i < STEP_REPEATS; i++)
    {
      g_autoptr(PnDocument) document = NULL;
      gint64 start;

      g_assert_true (pn_headlines_view_select_position (child->headlines, 1));
      wait_for_frame (GTK_WIDGET (child->window), NULL, NULL, "a short story");
      pn_test_ui_iterate ();

      start = g_get_monotonic_time ();
      g_assert_true (pn_headlines_view_select_position (child->headlines, 0));
      figure ("long-story", ms_between (start, wait_for_frame (GTK_WIDGET (child->window),
                                                               reader_shows_long_story, child,
                                                               "the long story")));
      pn_test_ui_iterate ();

      start = g_get_monotonic_time ();
      document = pn_document_new_from_html (pn_story_get_body (story), -1);
      figure ("long-story-document", ms_between (start, g_get_monotonic_time ()));
    }
}

static void
library_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Child *child = user_data;
  g_autoptr(GError) error = NULL;

  if (!pn_library_load_finish (PN_LIBRARY (object), result, &error))
    g_error ("Could not load the library: %s", error->message);
  /* When the main thread learns of it: after GTK has started, whichever
   * ends later. */
  child->loaded_at = g_get_monotonic_time ();
}

/* As PnApplication starts: the library loads in a worker thread while GTK
 * and libadwaita start, and the window is built once it has loaded (a load
 * that takes longer than this one would show a loading window first).
 */
static int
run_child (int          *argc,
           char       ***argv,
           const char   *data_dir,
           gint64        spawned_at)
{
  g_autoptr(GSettings) settings = NULL;
  Child child = { 0 };
  gint64 built_at;
  gint64 painted_at;

  if (spawned_at == 0)
    spawned_at = g_get_monotonic_time ();

  child.library = pn_library_new (data_dir);
  pn_library_load_async (child.library, PN_LIBRARY_LOAD_ALL, NULL, library_loaded_cb, &child);
  pn_test_ui_init (argc, argv);

  settings = g_settings_new (APPLICATION_ID);
  /* Nothing may write or fetch behind the measurements' back. */
  g_settings_set_uint (settings, PN_SETTINGS_REFRESH_INTERVAL, 0);
  g_settings_set_uint (settings, PN_SETTINGS_MARK_READ_DELAY, 60);

  while (child.loaded_at == 0)
    g_main_context_iteration (NULL, TRUE);

  child.window = pn_window_new_for_library (child.library);
  child.sidebar = PN_SIDEBAR (window_child (&child, "sidebar"));
  child.headlines = PN_HEADLINES_VIEW (window_child (&child, "headlines_view"));
  child.reader = PN_READER_VIEW (window_child (&child, "reader_view"));
  gtk_window_present (GTK_WINDOW (child.window));
  built_at = g_get_monotonic_time ();

  child.expected = N_STORIES;
  painted_at = wait_for_frame (GTK_WIDGET (child.window), headlines_have_expected, &child,
                               "the first frame");
  figure ("first-frame", ms_between (spawned_at, painted_at));
  figure ("start-to-loaded", ms_between (spawned_at, child.loaded_at));
  figure ("window-built", ms_between (child.loaded_at, built_at));
  figure ("first-paint-after-built", ms_between (built_at, painted_at));
  pn_test_ui_iterate ();
  figure ("rss-after-start", status_mib ("VmRSS:"));

  measure_source_switch (&child);
  measure_search (&child);
  measure_long_story (&child);
  figure ("rss-peak", status_mib ("VmHWM:"));

  gtk_window_destroy (GTK_WINDOW (child.window));
  pn_test_ui_iterate ();
  g_clear_object (&child.library);
  return EXIT_SUCCESS;
}

/* The parent: aggregates the children's figures */

typedef struct
{
  const char *name;
  const char *label;
  const char *unit;
  double      target;   /* 0: no target, shown for explanation */
} FigureSpec;

static const FigureSpec figure_specs[] = {
  { "first-frame", "start to first frame (All stories)", "ms", 500 },
  { "start-to-loaded", "  of which: until main sees it loaded", "ms", 0 },
  { "window-built", "  of which: window built", "ms", 0 },
  { "first-paint-after-built", "  of which: first frame painted", "ms", 0 },
  { "switch-to-source", "switch to the 5 000-story source", "ms", 50 },
  { "switch-to-source-thread", "  its processor time (main thread)", "ms", 0 },
  { "switch-to-all", "switch back to All stories (50 000)", "ms", 0 },
  { "search-keystroke", "search keystroke over all stories", "ms", 50 },
  { "search-keystroke-thread", "  its processor time (main thread)", "ms", 0 },
  { "search-first-keystroke", "first search keystroke of a process", "ms", 0 },
  { "search-clear", "clearing the search", "ms", 0 },
  { "long-story", "20 000-word story in the reader", "ms", 150 },
  { "long-story-document", "  of which: its PnDocument", "ms", 0 },
  { "rss-after-start", "resident memory after start", "MiB", 200 },
  { "rss-peak", "peak resident memory (VmHWM)", "MiB", 0 },
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
collect_figures (const char *output,
                 GHashTable *figures)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", 3);
      GArray *values;
      double value;

      if (g_strv_length (fields) != 3 || strcmp (fields[0], "figure") != 0)
        continue;
      value = g_ascii_strtod (fields[2], NULL);
      values = g_hash_table_lookup (figures, fields[1]);
      if (values == NULL)
        {
          values = g_array_new (FALSE, FALSE, sizeof (double));
          g_hash_table_insert (figures, g_strdup (fields[1]), values);
        }
      g_array_append_val (values, value);
    }
}

static void
run_self (const char * const *args)
{
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s %s failed: %s", args[0], args[1], error->message);
}

static int
run_parent (const char *data_dir,
            guint       runs)
{
  g_autoptr(GHashTable) figures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_array_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", &error);
  g_autofree char *sources_file = NULL;
  g_autofree char *tmp_dir = NULL;
  g_autoptr(GTestDBus) session_bus = NULL;
  g_auto(GStrv) child_env = NULL;
  gboolean keep = data_dir != NULL;
  gint64 start;

  if (self_path == NULL)
    g_error ("%s", error->message);
  if (data_dir == NULL)
    {
      tmp_dir = g_dir_make_tmp ("prime-news-bench-ui-XXXXXX", &error);
      if (tmp_dir == NULL)
        g_error ("%s", error->message);
      data_dir = tmp_dir;
    }

  sources_file = g_build_filename (data_dir, "sources.json", NULL);
  if (!g_file_test (sources_file, G_FILE_TEST_EXISTS))
    {
      const char *args[] = { self_path, "--generate", data_dir, NULL };

      start = g_get_monotonic_time ();
      run_self (args);
      printf ("Wrote %u sources and %u stories (%u in the biggest source, one of %u words, "
              "%u saved) in %.1f s\n", N_SOURCES, N_STORIES, N_BIG_SOURCE, LONG_STORY_WORDS,
              N_SAVED, (g_get_monotonic_time () - start) / 1e6);
    }
  printf ("Data dir: %s, %.1f MB on disk%s\n", data_dir, pn_test_dir_size (data_dir) / 1e6,
          keep ? " (kept)" : "");

  /* The app runs in a desktop session, which has a session bus. Without
   * one, libadwaita's first call to it (the settings portal) would wait
   * while GLib launches a bus daemon, some 130 ms on the main thread that
   * no user's start pays. The children get this environment, not the one
   * GTestDBus leaves, which has no display.
   */
  child_env = g_get_environ ();
  session_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (session_bus);
  child_env = g_environ_setenv (child_env, "DBUS_SESSION_BUS_ADDRESS",
                                g_test_dbus_get_bus_address (session_bus), TRUE);
  /* The desktop file starts the app with huge pages already asked for. */
  child_env = pn_process_environ_with_huge_pages (child_env);
  pn_bench_print_huge_pages ();

  for (guint run = 0; run < runs; run++)
    {
      g_autofree char *spawned_at = NULL;
      g_autofree char *output = NULL;
      const char *args[] = { self_path, "--child", data_dir, NULL, NULL };
      int status;

      spawned_at = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
      args[3] = spawned_at;
      if (!g_spawn_sync (NULL, (char **) args, child_env, G_SPAWN_DEFAULT, NULL, NULL,
                         &output, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("Run %u failed: %s", run + 1, error->message);
      collect_figures (output, figures);
    }
  g_test_dbus_down (session_bus);

  printf ("\n%u fresh processes; each step repeated %u times in each\n", runs, STEP_REPEATS);
  printf ("%-40s %5s %9s %9s %9s %8s\n", "", "unit", "median", "min", "max", "target");
  for (guint i = 0; i < G_N_ELEMENTS (figure_specs); i++)
    {
      const FigureSpec *spec = &figure_specs[i];
      GArray *values = g_hash_table_lookup (figures, spec->name);
      g_autofree char *target = NULL;
      double median;

      if (values == NULL || values->len == 0)
        g_error ("No figure for %s", spec->name);
      g_array_sort (values, compare_doubles);
      median = values->len % 2 == 1
                 ? g_array_index (values, double, values->len / 2)
                 : (g_array_index (values, double, values->len / 2 - 1) +
                    g_array_index (values, double, values->len / 2)) / 2;
      target = spec->target > 0 ? g_strdup_printf ("≤ %.0f%s", spec->target,
                                                   median <= spec->target ? "" : " !")
                                : g_strdup ("");
      printf ("%-40s %5s %9.1f %9.1f %9.1f %8s\n", spec->label, spec->unit, median,
              g_array_index (values, double, 0), g_array_index (values, double, values->len - 1),
              target);
    }
  printf ("(! marks a median over its target)\n");

  if (!keep)
    pn_test_dir_remove (data_dir);
  return EXIT_SUCCESS;
}

int
main (int    argc,
      char **argv)
{
  const char *data_dir = NULL;
  guint64 runs = DEFAULT_RUNS;

  if (argc == 3 && strcmp (argv[1], "--generate") == 0)
    {
      generate (argv[2]);
      return EXIT_SUCCESS;
    }
  if (argc == 4 && strcmp (argv[1], "--child") == 0)
    {
      gint64 spawned_at = g_ascii_strtoll (argv[3], NULL, 10);

      pn_process_use_huge_pages (argv);
      return run_child (&argc, &argv, argv[2], spawned_at);
    }

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--data-dir") == 0 && i + 1 < argc)
        data_dir = argv[++i];
      else if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc &&
               g_ascii_string_to_unsigned (argv[i + 1], 10, 1, 100, &runs, NULL))
        i++;
      else
        {
          fprintf (stderr, "Usage: %s [--data-dir DIR] [--runs N]\n", argv[0]);
          return EXIT_FAILURE;
        }
    }
  return run_parent (data_dir, runs);
}
