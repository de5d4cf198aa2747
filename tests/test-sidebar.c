/* test-sidebar.c — the sources pane on real widgets under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "pn-sidebar.h"
#include "pn-sidebar-row.h"
#include "pn-test-ui.h"

typedef struct
{
  GtkWindow  *window;
  PnSidebar  *sidebar;
  GListStore *sources;
  GListStore *collections;
  GListStore *saved;
  GListStore *annotations;
} Fixture;

static PnSource *
add_source (Fixture    *fixture,
            const char *id,
            const char *title,
            const char *folder,
            guint       unread)
{
  g_autofree char *url = g_strdup_printf ("https://%s.example/feed", id);
  PnSource *source = pn_source_new (id, url);

  pn_source_set_title (source, title);
  pn_source_set_folder (source, folder);
  pn_source_set_unread_count (source, unread);
  g_list_store_append (fixture->sources, source);
  g_object_unref (source);
  return source;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PnCollection) reading = pn_collection_new (NULL, "Reading list");
  g_autoptr(PnStory) saved_story = pn_story_new ("s1", "w");

  fixture->sources = g_list_store_new (PN_TYPE_SOURCE);
  fixture->collections = g_list_store_new (PN_TYPE_COLLECTION);
  fixture->saved = g_list_store_new (PN_TYPE_STORY);
  fixture->annotations = g_list_store_new (PN_TYPE_ANNOTATION);

  add_source (fixture, "w", "World Desk", "News", 4);
  add_source (fixture, "t", "Tech Today", NULL, 2);
  add_source (fixture, "b", "Berlin Daily", "News", 1);
  add_source (fixture, "a", "Art & <Design>", NULL, 0);
  g_list_store_append (fixture->collections, reading);
  g_list_store_append (fixture->saved, saved_story);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PnAnnotation) note = pn_annotation_new (NULL, "s1");
      g_list_store_append (fixture->annotations, note);
    }

  fixture->sidebar = PN_SIDEBAR (pn_sidebar_new ());
  pn_sidebar_set_models (fixture->sidebar, G_LIST_MODEL (fixture->sources),
                         G_LIST_MODEL (fixture->collections), G_LIST_MODEL (fixture->saved),
                         G_LIST_MODEL (fixture->annotations));

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 280, 600);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->sidebar));
  gtk_window_present (fixture->window);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  pn_test_ui_iterate ();
  g_clear_object (&fixture->sources);
  g_clear_object (&fixture->collections);
  g_clear_object (&fixture->saved);
  g_clear_object (&fixture->annotations);
}

/* "title:count" for every row, in order. */
static char *
describe_rows (Fixture *fixture)
{
  GListModel *rows = pn_sidebar_get_items (fixture->sidebar);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(PnSidebarItem) item = gtk_tree_list_row_get_item (row);

      g_string_append_printf (text, "%s%s:%u", i ? "|" : "",
                              pn_sidebar_item_get_title (item), pn_sidebar_item_get_count (item));
    }
  return g_string_free (text, FALSE);
}

static void
test_rows (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *rows = describe_rows (fixture);

  g_assert_cmpstr (rows, ==,
                   "All Stories:0|Unread:7|Saved:1|Notes:2|Reading list:0|"
                   "News:5|Berlin Daily:1|World Desk:4|Art & <Design>:0|Tech Today:2");
  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "sidebar");
}

static void
test_follows_sources (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PnSource) tech = g_list_model_get_item (G_LIST_MODEL (fixture->sources), 1);
  g_autofree char *moved = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *removed = NULL;

  pn_source_set_folder (tech, "News");
  moved = describe_rows (fixture);
  g_assert_cmpstr (moved, ==,
                   "All Stories:0|Unread:7|Saved:1|Notes:2|Reading list:0|"
                   "News:7|Berlin Daily:1|Tech Today:2|World Desk:4|Art & <Design>:0");

  pn_source_set_unread_count (tech, 0);
  pn_source_set_title (tech, "Tech Weekly");
  renamed = describe_rows (fixture);
  g_assert_cmpstr (renamed, ==,
                   "All Stories:0|Unread:5|Saved:1|Notes:2|Reading list:0|"
                   "News:5|Berlin Daily:1|Tech Weekly:0|World Desk:4|Art & <Design>:0");

  g_list_store_remove (fixture->sources, 0);
  removed = describe_rows (fixture);
  g_assert_cmpstr (removed, ==,
                   "All Stories:0|Unread:1|Saved:1|Notes:2|Reading list:0|"
                   "News:1|Berlin Daily:1|Tech Weekly:0|Art & <Design>:0");
}

static void
test_selection (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PnSource) berlin = g_list_model_get_item (G_LIST_MODEL (fixture->sources), 2);
  PnSidebarItem *selected;

  selected = pn_sidebar_get_selected_item (fixture->sidebar);
  g_assert_nonnull (selected);
  g_assert_cmpint (pn_sidebar_item_get_kind (selected), ==, PN_SIDEBAR_ITEM_ALL);

  g_assert_true (pn_sidebar_select_source (fixture->sidebar, berlin));
  selected = pn_sidebar_get_selected_item (fixture->sidebar);
  g_assert_true (pn_sidebar_item_get_source (selected) == berlin);

  /* Moving the selected source to another folder keeps it selected. */
  pn_source_set_folder (berlin, NULL);
  selected = pn_sidebar_get_selected_item (fixture->sidebar);
  g_assert_true (pn_sidebar_item_get_source (selected) == berlin);
}

static gboolean
row_titled (GtkWidget *widget,
            gpointer   title)
{
  if (!PN_IS_SIDEBAR_ROW (widget))
    return FALSE;
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (pn_test_ui_find_by_css_class (widget, "sidebar-title"))), title) == 0;
}

static void
test_error_badge (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PnSource) tech = g_list_model_get_item (G_LIST_MODEL (fixture->sources), 1);
  GtkWidget *row;
  GtkWidget *badge;

  pn_source_set_last_error (tech, "HTTP 404: Not Found");
  pn_source_set_consecutive_failures (tech, 1);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));

  row = pn_test_ui_find_widget (GTK_WIDGET (fixture->sidebar), row_titled, (gpointer) "Tech Today");
  g_assert_nonnull (row);
  badge = pn_test_ui_find_by_css_class (row, "sidebar-error");

  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (badge), ==, "HTTP 404: Not Found");

  pn_source_set_consecutive_failures (tech, 0);
  g_assert_false (gtk_widget_get_visible (badge));
}

int
main (int   argc,
      char *argv[])
{
  pn_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/ui/sidebar/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("rows", test_rows);
  ADD ("follows-sources", test_follows_sources);
  ADD ("selection", test_selection);
  ADD ("error-badge", test_error_badge);

#undef ADD

  return g_test_run ();
}
