/* test-headlines.c — the headlines list on real widgets under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "pn-headline-row.h"
#include "pn-headlines-view.h"
#include "pn-test-ui.h"
#include "pn-text-block.h"

typedef struct
{
  GtkWindow       *window;
  PnHeadlinesView *view;
  GListStore      *stories;
  GListStore      *sources;
} Fixture;

static PnStory *
make_story (const char *id,
            const char *source_id,
            const char *title,
            const char *summary,
            int         day)
{
  g_autoptr(GDateTime) published = g_date_time_new_utc (2026, 11, day, 8, 0, 0);
  PnStory *story = pn_story_new (id, source_id);

  pn_story_set_title (story, title);
  pn_story_set_summary (story, summary);
  pn_story_set_published (story, published);
  return story;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PnSource) world = pn_source_new ("world", "https://world.example/feed");
  g_autoptr(PnSource) tech = pn_source_new ("tech", "https://tech.example/feed");
  struct {
    const char *id, *source, *title, *summary;
    int day;
  } rows[] = {
    { "a", "world", "Summit in Hanoi ends early", "<p>Talks <b>collapsed</b> over sanctions.</p>", 3 },
    { "b", "tech", "A faster GTK list view", "<p>Recycling rows keeps scrolling smooth.</p>", 9 },
    { "c", "world", "Élections régionales : résultats", "<p>Le dépouillement continue.</p>", 6 },
    { "d", "tech", "R&D <beta> notes", "<p>Markup in a title must stay text.</p>", 1 },
    { "e", "world", "Storm warning for the coast", NULL, 8 },
  };

  pn_source_set_title (world, "World Desk");
  pn_source_set_title (tech, "Tech Today");
  fixture->sources = g_list_store_new (PN_TYPE_SOURCE);
  g_list_store_append (fixture->sources, world);
  g_list_store_append (fixture->sources, tech);

  fixture->stories = g_list_store_new (PN_TYPE_STORY);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(PnStory) story = make_story (rows[i].id, rows[i].source, rows[i].title,
                                             rows[i].summary, rows[i].day);
      g_list_store_append (fixture->stories, story);
    }

  fixture->view = PN_HEADLINES_VIEW (pn_headlines_view_new ());
  pn_headlines_view_set_sources (fixture->view, G_LIST_MODEL (fixture->sources));
  pn_headlines_view_set_stories (fixture->view, G_LIST_MODEL (fixture->stories),
                                 PN_HEADLINES_ORDER_NEWEST_FIRST);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 420, 640);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  pn_test_ui_iterate ();
  g_clear_object (&fixture->stories);
  g_clear_object (&fixture->sources);
}

static char *
visible_ids (Fixture *fixture)
{
  GListModel *visible = pn_headlines_view_get_visible_stories (fixture->view);
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (visible); i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (visible, i);
      g_string_append (ids, pn_story_get_id (story));
    }
  return g_string_free (ids, FALSE);
}

static gboolean
row_presents_story (GtkWidget *widget,
                    gpointer   story)
{
  return PN_IS_HEADLINE_ROW (widget) && pn_headline_row_get_story (PN_HEADLINE_ROW (widget)) == story;
}

static GtkWidget *
find_row (Fixture *fixture,
          PnStory *story)
{
  return pn_test_ui_find_widget (GTK_WIDGET (fixture->view), row_presents_story, story);
}

/* Its height in a column 200 pixels wide */
static int
title_height (PnTextBlock *title)
{
  int height;

  gtk_widget_measure (GTK_WIDGET (title), GTK_ORIENTATION_VERTICAL, 200, &height, NULL, NULL, NULL);
  return height;
}

static void
test_newest_first (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *ids = visible_ids (fixture);

  g_assert_cmpstr (ids, ==, "becad");
  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "headlines");
}

static void
count_save_toggled_cb (PnHeadlinesView *view,
                       PnStory         *story,
                       guint           *count)
{
  (*count)++;
}

static void
test_rows_show_story (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PnStory) markup = g_list_model_get_item (G_LIST_MODEL (fixture->stories), 3);
  g_autoptr(PnStory) first = g_list_model_get_item (G_LIST_MODEL (fixture->stories), 1);
  GtkWidget *row = find_row (fixture, first);
  GtkWidget *markup_row = find_row (fixture, markup);
  GtkToggleButton *save_button;
  guint toggled = 0;
  PnTextBlock *title;
  int one_line;
  int three_lines;

  g_assert_nonnull (row);
  g_assert_nonnull (markup_row);
  /* Titles are plain text: no markup is parsed, so nothing is lost. */
  title = PN_TEXT_BLOCK (pn_test_ui_find_by_css_class (markup_row, "headline-title"));
  g_assert_cmpstr (pn_text_block_get_text (title), ==, "R&D <beta> notes");

  g_assert_cmpstr (pn_text_block_get_text (PN_TEXT_BLOCK (pn_test_ui_find_by_css_class (row, "headline-source"))), ==, "Tech Today");
  g_assert_cmpstr (pn_text_block_get_text (PN_TEXT_BLOCK (pn_test_ui_find_by_css_class (row, "headline-excerpt"))),
                   ==, "Recycling rows keeps scrolling smooth.");

  /* A title wraps over three lines at most. */
  title = PN_TEXT_BLOCK (pn_test_ui_find_by_css_class (row, "headline-title"));
  pn_text_block_set_text (title, "Short");
  one_line = title_height (title);
  pn_text_block_set_text (title, "A headline long enough to need a second line and then a third one, "
                                 "and more than that if it were not cut short after the third");
  three_lines = title_height (title);
  g_assert_cmpint (three_lines, >, 2 * one_line);
  pn_text_block_set_text (title, "A headline long enough to need a second line and then a third one, "
                                 "and more than that if it were not cut short after the third, "
                                 "or the fourth, or the fifth");
  g_assert_cmpint (title_height (title), ==, three_lines);
  pn_text_block_set_text (title, pn_story_get_title (first));

  /* Unread titles are bold through a style class that follows the story. */
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (title), "unread"));
  pn_story_set_read (first, TRUE);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (title), "unread"));
  save_button = GTK_TOGGLE_BUTTON (pn_test_ui_find_by_css_class (row, "saved-mark"));
  g_assert_false (gtk_toggle_button_get_active (save_button));
  pn_story_set_saved (first, TRUE);
  g_assert_true (gtk_toggle_button_get_active (save_button));

  /* The row's star asks the list to save or unsave; the list tells its owner. */
  g_signal_connect (fixture->view, "save-toggled", G_CALLBACK (count_save_toggled_cb), &toggled);
  g_signal_emit_by_name (save_button, "clicked");
  g_assert_cmpuint (toggled, ==, 1);
  /* Nobody unsaved it, so the star still says saved. */
  g_assert_true (gtk_toggle_button_get_active (save_button));
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *by_title = NULL;
  g_autofree char *by_source = NULL;
  g_autofree char *by_text = NULL;
  g_autofree char *accented = NULL;
  g_autofree char *cleared = NULL;

  pn_headlines_view_set_search_text (fixture->view, "SUMMIT");
  by_title = visible_ids (fixture);
  g_assert_cmpstr (by_title, ==, "a");

  pn_headlines_view_set_search_text (fixture->view, "tech today");
  by_source = visible_ids (fixture);
  g_assert_cmpstr (by_source, ==, "bd");

  pn_headlines_view_set_search_text (fixture->view, "collapsed");
  by_text = visible_ids (fixture);
  g_assert_cmpstr (by_text, ==, "a");

  pn_headlines_view_set_search_text (fixture->view, "ÉLECTIONS");
  accented = visible_ids (fixture);
  g_assert_cmpstr (accented, ==, "c");

  pn_headlines_view_set_search_text (fixture->view, "no such words");
  g_assert_cmpuint (g_list_model_get_n_items (pn_headlines_view_get_visible_stories (fixture->view)), ==, 0);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->view), PN_TYPE_HEADLINES_VIEW, "stack"))),
                   ==, "empty");

  pn_headlines_view_set_search_text (fixture->view, "");
  cleared = visible_ids (fixture);
  g_assert_cmpstr (cleared, ==, "becad");
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PnStory) b = g_list_model_get_item (G_LIST_MODEL (fixture->stories), 1);
  g_autoptr(PnStory) c = g_list_model_get_item (G_LIST_MODEL (fixture->stories), 2);
  g_autofree char *unread = NULL;
  g_autofree char *saved = NULL;

  pn_story_set_read (b, TRUE);
  pn_story_set_saved (c, TRUE);

  pn_headlines_view_set_unread_only (fixture->view, TRUE);
  unread = visible_ids (fixture);
  g_assert_cmpstr (unread, ==, "ecad");

  pn_headlines_view_set_unread_only (fixture->view, FALSE);
  pn_headlines_view_set_saved_only (fixture->view, TRUE);
  saved = visible_ids (fixture);
  g_assert_cmpstr (saved, ==, "c");
}

static void
test_navigation (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PnStory) e = g_list_model_get_item (G_LIST_MODEL (fixture->stories), 4);
  g_autoptr(PnStory) c = g_list_model_get_item (G_LIST_MODEL (fixture->stories), 2);

  g_assert_null (pn_headlines_view_get_selected_story (fixture->view));
  g_assert_true (pn_headlines_view_select_relative (fixture->view, 1));
  g_assert_cmpstr (pn_story_get_id (pn_headlines_view_get_selected_story (fixture->view)), ==, "b");
  g_assert_true (pn_headlines_view_select_relative (fixture->view, 1));
  g_assert_cmpstr (pn_story_get_id (pn_headlines_view_get_selected_story (fixture->view)), ==, "e");
  g_assert_true (pn_headlines_view_select_relative (fixture->view, -1));
  g_assert_false (pn_headlines_view_select_relative (fixture->view, -1));
  g_assert_cmpstr (pn_story_get_id (pn_headlines_view_get_selected_story (fixture->view)), ==, "b");

  /* n skips what was read. */
  pn_story_set_read (e, TRUE);
  pn_story_set_read (c, TRUE);
  g_assert_true (pn_headlines_view_select_next_unread (fixture->view));
  g_assert_cmpstr (pn_story_get_id (pn_headlines_view_get_selected_story (fixture->view)), ==, "a");
  g_assert_true (pn_headlines_view_select_next_unread (fixture->view));
  g_assert_cmpstr (pn_story_get_id (pn_headlines_view_get_selected_story (fixture->view)), ==, "d");
  g_assert_false (pn_headlines_view_select_next_unread (fixture->view));
}

static void
test_collection_order (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *ids = NULL;

  pn_headlines_view_set_stories (fixture->view, G_LIST_MODEL (fixture->stories),
                                 PN_HEADLINES_ORDER_AS_GIVEN);
  ids = visible_ids (fixture);
  g_assert_cmpstr (ids, ==, "abcde");
}

/* A text block lays its text out in the font its style gives it now: after
 * a style change in place, and after a move out of its window and back
 * (as recycled rows move), which gives it another Pango context.
 */
static void
test_text_block_follows_style (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  GtkWidget *big_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *plain_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *both = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autoptr(GtkWidget) block = g_object_ref_sink (pn_text_block_new (2));
  int plain;
  int big;

  gtk_css_provider_load_from_data (provider, ".test-big { font-size: 40px; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_widget_add_css_class (big_box, "test-big");
  gtk_box_append (GTK_BOX (both), big_box);
  gtk_box_append (GTK_BOX (both), plain_box);
  gtk_window_set_child (fixture->window, both);
  pn_text_block_set_text (PN_TEXT_BLOCK (block), "Short");

  gtk_box_append (GTK_BOX (plain_box), block);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  plain = title_height (PN_TEXT_BLOCK (block));

  gtk_widget_add_css_class (plain_box, "test-big");
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  big = title_height (PN_TEXT_BLOCK (block));
  g_assert_cmpint (big, >, plain);

  gtk_widget_remove_css_class (plain_box, "test-big");
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  g_assert_cmpint (title_height (PN_TEXT_BLOCK (block)), ==, plain);

  gtk_box_remove (GTK_BOX (plain_box), block);
  gtk_box_append (GTK_BOX (big_box), block);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  g_assert_cmpint (title_height (PN_TEXT_BLOCK (block)), ==, big);

  gtk_box_remove (GTK_BOX (big_box), block);
  gtk_box_append (GTK_BOX (plain_box), block);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  g_assert_cmpint (title_height (PN_TEXT_BLOCK (block)), ==, plain);

  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  pn_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/ui/headlines/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("newest-first", test_newest_first);
  ADD ("rows-show-story", test_rows_show_story);
  ADD ("search", test_search);
  ADD ("filters", test_filters);
  ADD ("text-block-follows-style", test_text_block_follows_style);
  ADD ("navigation", test_navigation);
  ADD ("collection-order", test_collection_order);

#undef ADD

  return g_test_run ();
}
