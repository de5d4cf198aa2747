/* test-app.c — the whole window on a real library, under Xvfb
 *
 * A new user's path: the sample story on first launch, then a feed served
 * on 127.0.0.1 added through the Add a Source dialog, read, searched,
 * navigated, removed and brought back with Undo, on a wide and a narrow
 * window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pn-add-source-dialog.h"
#include "pn-headlines-view.h"
#include "pn-reader-view.h"
#include "pn-sample.h"
#include "pn-settings.h"
#include "pn-sidebar.h"
#include "pn-test-server.h"
#include "pn-test-dir.h"
#include "pn-test-ui.h"
#include "pn-window.h"

#define HANG_GUARD_SECONDS 30

typedef struct
{
  char         *data_dir;
  PnLibrary    *library;
  PnWindow     *window;
  PnTestServer *server;
  GBytes       *feed;
  GBytes       *page;
} Fixture;

static void
serve_page_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *fixture = user_data;
  gsize length;
  const char *data = g_bytes_get_data (fixture->page, &length);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_COPY, data, length);
}

/* A small PNG made here, served as the harbour story's image. */
static void
serve_image_cb (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;
  guchar data[40 * 20 * 4];

  for (guint i = 0; i < sizeof data; i += 4)
    data[i] = 0x1c, data[i + 1] = 0x71, data[i + 2] = 0xd8, data[i + 3] = 0xff;
  pixels = g_bytes_new (data, sizeof data);
  texture = gdk_memory_texture_new (40, 20, GDK_MEMORY_R8G8B8A8, pixels, 40 * 4);
  png = gdk_texture_save_to_png_bytes (texture);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

static void
serve_teaser_cb (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *fixture = user_data;
  g_autofree char *page_url = pn_test_server_url (fixture->server, 0, "/world/kim.html");
  g_autofree char *feed = g_strdup_printf ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                                           "<title>Teasers</title><item><title>Kim and Trump</title>"
                                           "<link>%s</link><guid>kim-1</guid>"
                                           "<description>A short teaser.</description></item>"
                                           "</channel></rss>", page_url);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_COPY, feed, strlen (feed));
}

static void
serve_feed_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *fixture = user_data;
  gsize length;
  const char *data = g_bytes_get_data (fixture->feed, &length);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_COPY, data, length);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *feed_path = g_test_build_filename (G_TEST_DIST, "fixtures", "ui", "world-desk.xml", NULL);
  char *contents;
  gsize length;

  g_settings_set_uint (settings, PN_SETTINGS_MARK_READ_DELAY, 0);
  g_settings_set_uint (settings, PN_SETTINGS_REFRESH_INTERVAL, 0);
  g_settings_set_int (settings, PN_SETTINGS_WINDOW_WIDTH, GPOINTER_TO_INT (data) ?: 1200);
  g_settings_set_int (settings, PN_SETTINGS_WINDOW_HEIGHT, 760);

  g_assert_true (g_file_get_contents (feed_path, &contents, &length, NULL));
  fixture->feed = g_bytes_new_take (contents, length);
  {
    g_autofree char *page_path = g_test_build_filename (G_TEST_DIST, "fixtures", "articles", "seed-story.html", NULL);

    g_assert_true (g_file_get_contents (page_path, &contents, &length, NULL));
    fixture->page = g_bytes_new_take (contents, length);
  }
  fixture->server = pn_test_server_new (1);
  pn_test_server_add_handler (fixture->server, "/feed.xml", serve_feed_cb, fixture);
  pn_test_server_add_handler (fixture->server, "/teaser.xml", serve_teaser_cb, fixture);
  pn_test_server_add_handler (fixture->server, "/img/harbour.jpg", serve_image_cb, fixture);
  pn_test_server_add_handler (fixture->server, "/world/kim.html", serve_page_cb, fixture);
  pn_test_server_start (fixture->server);

  fixture->data_dir = pn_test_dir_new ("test-app");
  fixture->library = pn_library_new (fixture->data_dir);
  g_assert_true (pn_library_load (fixture->library, PN_LIBRARY_LOAD_ALL, &error));
  g_assert_no_error (error);
  g_assert_true (pn_sample_add_to_library (fixture->library, &error));
  g_assert_no_error (error);

  fixture->window = pn_window_new_for_library (fixture->library);
  gtk_window_present (GTK_WINDOW (fixture->window));
  pn_window_show_first_story (fixture->window);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  pn_test_ui_iterate ();
  g_assert_true (pn_library_flush (fixture->library, NULL));
  g_clear_object (&fixture->library);
  pn_test_server_free (fixture->server);
  g_clear_pointer (&fixture->feed, g_bytes_unref);
  g_clear_pointer (&fixture->page, g_bytes_unref);
  pn_test_dir_remove (fixture->data_dir);
  g_free (fixture->data_dir);
}

static GtkWidget *
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), PN_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static char *
reader_text (Fixture *fixture)
{
  PnReaderView *reader = PN_READER_VIEW (child (fixture, "reader_view"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (pn_reader_view_get_text_view (reader));
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
hang_guard_cb (gpointer user_data)
{
  g_error ("%s did not happen within %d seconds", (const char *) user_data, HANG_GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds; the guard fails a test that
 * hangs, it does not time anything.
 */
static void
wait_for (gboolean  (*condition) (Fixture *fixture),
          Fixture    *fixture,
          const char *what)
{
  guint guard = g_timeout_add_seconds (HANG_GUARD_SECONDS, hang_guard_cb, (gpointer) what);

  while (!condition (fixture))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static PnSource *
find_source_by_title (Fixture    *fixture,
                      const char *title)
{
  GListModel *sources = pn_library_get_sources (fixture->library);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(PnSource) source = g_list_model_get_item (sources, i);

      if (g_strcmp0 (pn_source_get_display_title (source), title) == 0)
        return source;
    }
  return NULL;
}

static gboolean
world_desk_has_stories (Fixture *fixture)
{
  PnSource *source = find_source_by_title (fixture, "World Desk");

  return source != NULL &&
         g_list_model_get_n_items (pn_library_get_source_stories (fixture->library, source)) == 3;
}

static gboolean
is_add_source_dialog (GtkWidget *widget,
                      gpointer   data)
{
  return PN_IS_ADD_SOURCE_DIALOG (widget);
}

static PnAddSourceDialog *
find_add_source_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (is_add_source_dialog (toplevel, NULL))
        return PN_ADD_SOURCE_DIALOG (toplevel);
    }
  return NULL;
}

static void
add_world_desk (Fixture *fixture)
{
  g_autofree char *url = pn_test_server_url (fixture->server, 0, "/feed.xml");
  PnAddSourceDialog *dialog;
  GtkWidget *url_row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.add-source", NULL));
  dialog = find_add_source_dialog ();
  g_assert_nonnull (dialog);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (dialog));
  pn_test_ui_save_png (GTK_WIDGET (dialog), "app-add-source");

  url_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), PN_TYPE_ADD_SOURCE_DIALOG, "url_row"));
  gtk_editable_set_text (GTK_EDITABLE (url_row), url);
  gtk_widget_activate (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), PN_TYPE_ADD_SOURCE_DIALOG, "add_button")));

  wait_for (world_desk_has_stories, fixture, "Adding the World Desk feed");
  g_assert_null (find_add_source_dialog ());
}

static void
test_first_launch (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *text = reader_text (fixture);
  PnHeadlinesView *headlines = PN_HEADLINES_VIEW (child (fixture, "headlines_view"));

  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_sources (fixture->library)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (pn_headlines_view_get_visible_stories (headlines)), ==, 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, "reader_stack"))), ==, "story");

  g_assert_true (g_str_has_prefix (text, "President Donald J. Trump said he would reach out"));
  g_assert_null (strstr (text, "Useful information"));
  g_assert_null (strstr (text, "delivers timely, accurate news"));
  g_assert_nonnull (strstr (text, "“It will react after assessing the Trump administration’s seriousness"));

  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "app-first-launch");
}

static gboolean
is_loaded_picture (GtkWidget *widget,
                   gpointer   data)
{
  return GTK_IS_PICTURE (widget) && gtk_widget_has_css_class (widget, "reader-picture") &&
         gtk_widget_get_visible (widget);
}

static gboolean
reader_shows_picture (Fixture *fixture)
{
  return pn_test_ui_find_widget (child (fixture, "reader_view"), is_loaded_picture, NULL) != NULL;
}

static void
test_add_source_and_read (Fixture       *fixture,
                          gconstpointer  data)
{
  PnHeadlinesView *headlines = PN_HEADLINES_VIEW (child (fixture, "headlines_view"));
  PnSidebar *sidebar = PN_SIDEBAR (child (fixture, "sidebar"));
  PnReaderView *reader = PN_READER_VIEW (child (fixture, "reader_view"));
  g_autofree char *text = NULL;
  PnSource *source;
  PnStory *story;
  GtkTextIter iter;

  add_world_desk (fixture);
  source = find_source_by_title (fixture, "World Desk");

  /* The new source is selected and lists its headlines, newest first. */
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  g_assert_true (pn_sidebar_item_get_source (pn_sidebar_get_selected_item (sidebar)) == source);
  g_assert_cmpuint (g_list_model_get_n_items (pn_headlines_view_get_visible_stories (headlines)), ==, 3);
  g_assert_cmpuint (pn_source_get_unread_count (source), ==, 3);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.next-story", NULL));
  story = pn_headlines_view_get_selected_story (headlines);
  g_assert_cmpstr (pn_story_get_title (story), ==, "Harbour reopens after the storm");

  text = reader_text (fixture);
  g_assert_true (g_str_has_prefix (text, "Ships return"));
  g_assert_null (strstr (text, "alert"));

  /* The story's image comes through the fetcher from 127.0.0.1. */
  wait_for (reader_shows_picture, fixture, "Loading the story's image");
  {
    g_autofree char *image_url = pn_test_server_url (fixture->server, 0, "/img/harbour.jpg");
    g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, image_url, -1);
    g_autofree char *cache_dir = pn_dup_cache_dir ();
    g_autofree char *cached = g_build_filename (cache_dir, "images", hash, NULL);

    /* Fetched once at most, then kept in the cache folder. */
    g_assert_cmpuint (pn_test_server_get_hits (fixture->server, "/img/harbour.jpg"), <=, 1);
    g_assert_true (g_file_test (cached, G_FILE_TEST_IS_REGULAR));
  }

  pn_reader_view_get_iter_at_offset (reader, &iter, 0);
  {
    g_autoptr(GtkTextTag) heading = NULL;
    GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (pn_reader_view_get_text_view (reader)));

    heading = g_object_ref (gtk_text_tag_table_lookup (table, "heading-2"));
    g_assert_true (gtk_text_iter_has_tag (&iter, heading));
  }

  /* Reading it marks it read at once (the delay is 0 here). */
  pn_test_ui_iterate ();
  g_assert_true (pn_story_get_read (story));
  g_assert_cmpuint (pn_source_get_unread_count (source), ==, 2);

  /* m marks it unread again; n moves to the next unread story. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.mark-unread", NULL));
  g_assert_false (pn_story_get_read (story));
  g_assert_cmpuint (pn_source_get_unread_count (source), ==, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.next-unread", NULL));
  g_assert_cmpstr (pn_story_get_title (pn_headlines_view_get_selected_story (headlines)), ==,
                   "Rail strike called off");

  /* s saves the story on screen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-saved", NULL));
  g_assert_true (pn_story_get_saved (pn_headlines_view_get_selected_story (headlines)));
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_saved_stories (fixture->library)), ==, 1);

  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "app-reading");

  /* The star on a headline row saves and unsaves too, with Undo. */
  {
    g_autoptr(PnStory) museum = g_list_model_get_item (pn_headlines_view_get_visible_stories (headlines), 2);

    g_signal_emit_by_name (headlines, "save-toggled", museum);
    g_assert_true (pn_story_get_saved (museum));
    g_signal_emit_by_name (headlines, "save-toggled", museum);
    g_assert_false (pn_story_get_saved (museum));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
    g_assert_true (pn_story_get_saved (museum));
  }
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  PnHeadlinesView *headlines = PN_HEADLINES_VIEW (child (fixture, "headlines_view"));
  PnSidebar *sidebar = PN_SIDEBAR (child (fixture, "sidebar"));
  GListModel *visible = pn_headlines_view_get_visible_stories (headlines);

  add_world_desk (fixture);

  /* "All Stories" lists the sample story and the three new ones. */
  {
    g_autoptr(GtkTreeListRow) row = g_list_model_get_item (pn_sidebar_get_items (sidebar), 0);
    g_autoptr(PnSidebarItem) all = gtk_tree_list_row_get_item (row);

    g_assert_cmpint (pn_sidebar_item_get_kind (all), ==, PN_SIDEBAR_ITEM_ALL);
    g_assert_true (pn_sidebar_select_item (sidebar, all));
  }
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 4);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  pn_headlines_view_set_search_text (headlines, "strike");
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 1);
  pn_headlines_view_set_search_text (headlines, "world desk");
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 3);
  pn_headlines_view_set_search_text (headlines, "");
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 4);
}

static gboolean
is_toast_button (GtkWidget *widget,
                 gpointer   data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Undo") == 0;
}

static void
test_remove_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  PnSource *source;
  g_autofree char *url = NULL;
  g_autofree char *title = NULL;
  PnStory *story;
  GtkWidget *toast_button;

  add_world_desk (fixture);
  source = find_source_by_title (fixture, "World Desk");
  url = g_strdup (pn_source_get_url (source));
  {
    g_autoptr(PnStory) first = g_list_model_get_item (pn_library_get_source_stories (fixture->library, source), 0);
    g_assert_true (pn_library_mark_read (fixture->library, first, TRUE, NULL));
    title = g_strdup (pn_story_get_title (first));
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.remove-source", NULL));
  g_assert_null (find_source_by_title (fixture, "World Desk"));
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "app-removed");

  /* The toast offers Undo (its button runs win.undo, as Ctrl+Z does), which
   * brings the source back with its stories and their read state.
   */
  toast_button = pn_test_ui_find_widget (child (fixture, "toast_overlay"), is_toast_button, NULL);
  g_assert_nonnull (toast_button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (toast_button)), ==, "win.undo");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  pn_test_ui_iterate ();

  source = find_source_by_title (fixture, "World Desk");
  g_assert_nonnull (source);
  g_assert_cmpstr (pn_source_get_url (source), ==, url);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_source_stories (fixture->library, source)), ==, 3);
  g_assert_cmpuint (pn_source_get_unread_count (source), ==, 2);
  story = g_list_model_get_item (pn_library_get_source_stories (fixture->library, source), 0);
  g_assert_cmpstr (pn_story_get_title (story), ==, title);
  g_assert_true (pn_story_get_read (story));
  g_object_unref (story);
}

static gboolean
teaser_has_stories (Fixture *fixture)
{
  PnSource *source = find_source_by_title (fixture, "Teasers");

  return source != NULL &&
         g_list_model_get_n_items (pn_library_get_source_stories (fixture->library, source)) == 1;
}

static gboolean
reader_shows_article (Fixture *fixture)
{
  g_autofree char *text = reader_text (fixture);

  return g_str_has_prefix (text, "President Donald J. Trump said");
}

static void
test_reader_mode (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = pn_test_server_url (fixture->server, 0, "/teaser.xml");
  PnHeadlinesView *headlines = PN_HEADLINES_VIEW (child (fixture, "headlines_view"));
  GtkToggleButton *reader_mode = GTK_TOGGLE_BUTTON (child (fixture, "reader_mode_button"));
  g_autofree char *teaser = NULL;
  g_autofree char *article = NULL;
  g_autofree char *again = NULL;
  PnRefresher *refresher;
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  PnSource *source;
  PnStory *story;

  source = pn_library_add_source (fixture->library, url, NULL, NULL, NULL);
  g_assert_nonnull (source);
  g_object_get (fixture->window, "refresher", &refresher, NULL);
  g_ptr_array_add (sources, source);
  pn_refresher_refresh_async (refresher, sources, PN_REFRESH_FORCE, NULL, NULL, NULL);
  g_object_unref (refresher);
  wait_for (teaser_has_stories, fixture, "Refreshing the teaser feed");

  g_assert_true (pn_sidebar_select_source (PN_SIDEBAR (child (fixture, "sidebar")), source));
  g_assert_true (pn_headlines_view_select_position (headlines, 0));
  story = pn_headlines_view_get_selected_story (headlines);
  teaser = reader_text (fixture);
  g_assert_cmpstr (teaser, ==, "A short teaser.");
  g_assert_false (gtk_toggle_button_get_active (reader_mode));

  /* Reader mode fetches the page from 127.0.0.1 and shows the article in
   * place, boilerplate gone; the feed's version stays one click away.
   */
  gtk_toggle_button_set_active (reader_mode, TRUE);
  wait_for (reader_shows_article, fixture, "Reader mode");
  article = reader_text (fixture);
  g_assert_null (strstr (article, "Useful information"));
  g_assert_nonnull (pn_story_get_full_content (story));
  g_assert_true (gtk_toggle_button_get_active (reader_mode));
  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "app-reader-mode");

  gtk_toggle_button_set_active (reader_mode, FALSE);
  again = reader_text (fixture);
  g_assert_cmpstr (again, ==, "A short teaser.");
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (toplevel))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static void
answer_dialog (const char *text)
{
  AdwMessageDialog *dialog = find_message_dialog ();

  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), text);
  adw_message_dialog_response (dialog, "apply");
  gtk_window_destroy (GTK_WINDOW (dialog));
  pn_test_ui_iterate ();
}

static void
test_rename_and_move (Fixture       *fixture,
                      gconstpointer  data)
{
  PnSource *source;

  add_world_desk (fixture);
  source = find_source_by_title (fixture, "World Desk");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.rename-source", NULL));
  answer_dialog ("World <News> & Views");
  g_assert_cmpstr (pn_source_get_title (source), ==, "World <News> & Views");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.move-source", NULL));
  answer_dialog ("Daily");
  g_assert_cmpstr (pn_source_get_folder (source), ==, "Daily");

  /* The sidebar files it under its folder and keeps it selected. */
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  g_assert_true (pn_sidebar_item_get_source (pn_sidebar_get_selected_item (PN_SIDEBAR (child (fixture, "sidebar")))) == source);
  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "app-folder");

  /* The library kept it: a reload finds the new name and folder. */
  g_assert_true (pn_library_flush (fixture->library, NULL));
  {
    g_autoptr(PnLibrary) again = pn_library_new (fixture->data_dir);
    PnSource *reloaded;

    g_assert_true (pn_library_load (again, PN_LIBRARY_LOAD_READ_ONLY, NULL));
    reloaded = pn_library_lookup_source (again, pn_source_get_id (source));
    g_assert_cmpstr (pn_source_get_title (reloaded), ==, "World <News> & Views");
    g_assert_cmpstr (pn_source_get_folder (reloaded), ==, "Daily");
  }
}

static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (child (fixture, "leaflet"));
  PnHeadlinesView *headlines = PN_HEADLINES_VIEW (child (fixture, "headlines_view"));

  g_assert_true (adw_leaflet_get_folded (leaflet));
  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "app-narrow-sources");

  /* Choosing a headline shows the reader alone, with a way back. */
  add_world_desk (fixture);
  g_assert_true (pn_headlines_view_select_relative (headlines, 1));
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == child (fixture, "reader_pane"));
  g_assert_true (gtk_widget_get_visible (child (fixture, "reader_back_button")));
  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "app-narrow-reader");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL));
  pn_test_ui_iterate ();
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == child (fixture, "headlines_pane"));
}

static gboolean
is_add_source_button (GtkWidget *widget,
                      gpointer   data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.add-source") == 0;
}

/* Whether the window lets one add a source, as its "+" button shows it. */
static gboolean
can_add_source (PnWindow *window)
{
  GtkWidget *button = pn_test_ui_find_widget (GTK_WIDGET (window), is_add_source_button, NULL);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static void
library_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *loaded = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (pn_library_load_finish (PN_LIBRARY (object), result, &error));
  g_assert_no_error (error);
  *loaded = TRUE;
}

/* The app's window opens while the library loads, says so, and shows the
 * library once it is given; one that could not be opened is explained.
 */
static void
test_loading (Fixture       *fixture,
              gconstpointer  data)
{
  PnWindow *window = pn_window_new_loading ();
  PnWindow *failed = pn_window_new_loading ();
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = g_error_new_literal (PN_ERROR, PN_ERROR_CORRUPT, "sources.json is damaged");
  GtkStack *content_stack;
  GtkWidget *spinner;
  gboolean loaded = FALSE;
  guint guard;

  g_assert_true (pn_library_flush (fixture->library, NULL));
  gtk_window_present (GTK_WINDOW (window));
  pn_test_ui_wait_until_drawn (GTK_WIDGET (window));
  content_stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), PN_TYPE_WINDOW,
                                                            "content_stack"));
  spinner = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PN_TYPE_WINDOW,
                                                       "loading_spinner"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "loading");
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_false (can_add_source (window));
  pn_test_ui_save_png (GTK_WIDGET (window), "app-loading");

  /* The fixture's library holds the lock: this one reads. */
  library = pn_library_new (fixture->data_dir);
  pn_library_load_async (library, PN_LIBRARY_LOAD_ALL | PN_LIBRARY_LOAD_READ_ONLY, NULL,
                         library_loaded_cb, &loaded);
  guard = g_timeout_add_seconds (HANG_GUARD_SECONDS, hang_guard_cb, (gpointer) "the load");
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  pn_window_set_library (window, library, NULL, NULL);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "library");
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  {
    PnHeadlinesView *headlines = PN_HEADLINES_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                 PN_TYPE_WINDOW,
                                                                                 "headlines_view"));
    GtkStack *sources_stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), PN_TYPE_WINDOW,
                                                                        "sources_stack"));
    AdwStatusPage *sources_status = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                   PN_TYPE_WINDOW,
                                                                                   "sources_status"));

    g_assert_cmpuint (g_list_model_get_n_items (pn_headlines_view_get_visible_stories (headlines)), ==, 1);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (sources_stack), ==, "sources");
    /* Its SVG icon would load librsvg for a page nobody sees. */
    g_assert_null (adw_status_page_get_icon_name (sources_status));
    g_assert_true (can_add_source (window));
  }

  /* A library that could not be opened: the window says why. */
  gtk_window_present (GTK_WINDOW (failed));
  pn_window_set_library (failed, NULL, NULL, error);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (failed));
  {
    GtkLabel *banner = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (failed), PN_TYPE_WINDOW,
                                                                 "banner_label"));
    GtkStack *sources_stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (failed), PN_TYPE_WINDOW,
                                                                        "sources_stack"));
    AdwStatusPage *sources_status = ADW_STATUS_PAGE (gtk_widget_get_template_child (GTK_WIDGET (failed),
                                                                                   PN_TYPE_WINDOW,
                                                                                   "sources_status"));

    g_assert_nonnull (strstr (gtk_label_get_text (banner), "sources.json is damaged"));
    g_assert_false (can_add_source (failed));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (sources_stack), ==, "empty");
    g_assert_cmpstr (adw_status_page_get_icon_name (sources_status), ==, APPLICATION_ID "-symbolic");
  }

  gtk_window_destroy (GTK_WINDOW (failed));
  gtk_window_destroy (GTK_WINDOW (window));
  pn_test_ui_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  pn_test_ui_init (&argc, &argv);

#define ADD(path, width, func) \
  g_test_add ("/ui/app/" path, Fixture, GINT_TO_POINTER (width), fixture_set_up, func, fixture_tear_down)

  ADD ("first-launch", 1200, test_first_launch);
  ADD ("add-source-and-read", 1200, test_add_source_and_read);
  ADD ("search", 1200, test_search);
  ADD ("remove-and-undo", 1200, test_remove_and_undo);
  ADD ("reader-mode", 1200, test_reader_mode);
  ADD ("rename-and-move", 1200, test_rename_and_move);
  ADD ("narrow", 360, test_narrow);
  ADD ("loading", 1200, test_loading);

#undef ADD

  return g_test_run ();
}
