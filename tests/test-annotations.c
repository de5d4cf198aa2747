/* test-annotations.c — highlighting, notes and collections on real widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pn-annotations-panel.h"
#include "pn-export-dialog.h"
#include "pn-notes-view.h"
#include "pn-headlines-view.h"
#include "pn-reader-view.h"
#include "pn-sample.h"
#include "pn-settings.h"
#include "pn-sidebar.h"
#include "pn-test-dir.h"
#include "pn-test-ui.h"
#include "pn-window.h"

#define QUOTE "He liked me and I got along with him"

typedef struct
{
  char      *data_dir;
  PnLibrary *library;
  PnWindow  *window;
} Fixture;

static GtkWidget *
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), PN_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
open_window (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gboolean loaded;

  /* The error first: a failed load says why. */
  fixture->library = pn_library_new (fixture->data_dir);
  loaded = pn_library_load (fixture->library, PN_LIBRARY_LOAD_ALL, &error);
  g_assert_no_error (error);
  g_assert_true (loaded);

  fixture->window = pn_window_new_for_library (fixture->library);
  gtk_window_present (GTK_WINDOW (fixture->window));
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
}

static void
close_window (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  pn_test_ui_iterate ();
  g_assert_true (pn_library_flush (fixture->library, NULL));
  g_clear_object (&fixture->library);
}

static PnStory *
find_story (Fixture    *fixture,
            const char *title)
{
  GListModel *stories = pn_library_get_all_stories (fixture->library);

  for (guint i = 0; i < g_list_model_get_n_items (stories); i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (stories, i);

      if (g_strcmp0 (pn_story_get_title (story), title) == 0)
        return story;
    }
  return NULL;
}

static void
show_story (Fixture *fixture,
            PnStory *story)
{
  PnHeadlinesView *headlines = PN_HEADLINES_VIEW (child (fixture, "headlines_view"));
  GListModel *visible = pn_headlines_view_get_visible_stories (headlines);

  for (guint i = 0; i < g_list_model_get_n_items (visible); i++)
    {
      g_autoptr(PnStory) item = g_list_model_get_item (visible, i);

      if (item == story)
        {
          g_assert_true (pn_headlines_view_select_position (headlines, i));
          pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
          return;
        }
    }
  g_assert_not_reached ();
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  PnSource *source;
  PnStory *story;
  guint n_new;

  g_settings_set_uint (settings, PN_SETTINGS_MARK_READ_DELAY, 0);
  g_settings_set_uint (settings, PN_SETTINGS_REFRESH_INTERVAL, 0);
  g_settings_set_int (settings, PN_SETTINGS_WINDOW_WIDTH, 1300);
  g_settings_set_int (settings, PN_SETTINGS_WINDOW_HEIGHT, 800);

  fixture->data_dir = pn_test_dir_new ("test-annotations");

  fixture->library = pn_library_new (fixture->data_dir);
  g_assert_true (pn_library_load (fixture->library, PN_LIBRARY_LOAD_ALL, &error));
  g_assert_true (pn_sample_add_to_library (fixture->library, &error));
  source = pn_library_add_source (fixture->library, "https://other.example/feed", "Other", NULL, &error);
  g_assert_no_error (error);
  story = pn_story_new ("other-story", pn_source_get_id (source));
  pn_story_set_title (story, "Another story");
  pn_story_set_content (story, "<p>Something else entirely.</p>");
  g_ptr_array_add (stories, story);
  g_assert_true (pn_library_merge_stories (fixture->library, source, stories, &n_new, &error));
  g_assert_true (pn_library_flush (fixture->library, &error));
  g_clear_object (&fixture->library);

  open_window (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_window (fixture);
  pn_test_dir_remove (fixture->data_dir);
  g_free (fixture->data_dir);
}

static guint
quote_offset (PnStory *story)
{
  g_autofree char *text = pn_story_dup_plain_text (story);
  const char *found = strstr (text, QUOTE);

  g_assert_nonnull (found);
  return g_utf8_pointer_to_offset (text, found);
}

static gboolean
offset_has_tag (Fixture    *fixture,
                guint       offset,
                const char *tag_name)
{
  PnReaderView *reader = PN_READER_VIEW (child (fixture, "reader_view"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (pn_reader_view_get_text_view (reader));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter iter;

  g_assert_nonnull (tag);
  pn_reader_view_get_iter_at_offset (reader, &iter, offset);
  return gtk_text_iter_has_tag (&iter, tag);
}

static PnAnnotation *
highlight_quote (Fixture *fixture)
{
  PnStory *story = find_story (fixture, "Trump says he will reach out to Kim Jong-un again");
  PnReaderView *reader = PN_READER_VIEW (child (fixture, "reader_view"));
  GListModel *annotations;
  guint start;

  show_story (fixture, story);
  start = quote_offset (story);
  pn_reader_view_select_range (reader, start, start + strlen (QUOTE));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.highlight", NULL));

  annotations = pn_library_get_story_annotations (fixture->library, story);
  g_assert_cmpuint (g_list_model_get_n_items (annotations), ==, 1);
  return g_list_model_get_item (annotations, 0);
}

static void
test_highlight (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PnAnnotation) annotation = highlight_quote (fixture);
  PnStory *story = find_story (fixture, "Trump says he will reach out to Kim Jong-un again");
  g_autofree char *saved_path = NULL;
  g_autofree char *saved = NULL;
  guint start = quote_offset (story);

  g_assert_cmpstr (pn_annotation_get_exact (annotation), ==, QUOTE);
  g_assert_cmpint (pn_annotation_get_start (annotation), ==, start);
  g_assert_true (offset_has_tag (fixture, start, "highlight-yellow"));
  g_assert_false (offset_has_tag (fixture, start - 2, "highlight-yellow"));

  /* Highlighting saved the story, and the highlight reached the disk. */
  g_assert_true (pn_story_get_saved (story));
  g_assert_true (pn_library_flush (fixture->library, NULL));
  saved_path = g_build_filename (fixture->data_dir, "saved", pn_story_get_id (story), NULL);
  {
    g_autofree char *file = g_strconcat (saved_path, ".json", NULL);
    g_assert_true (g_file_get_contents (file, &saved, NULL, NULL));
  }
  g_assert_nonnull (strstr (saved, QUOTE));
  g_assert_nonnull (strstr (saved, pn_annotation_get_id (annotation)));

  /* The panel lists it and its badge counts it. */
  g_assert_cmpuint (pn_annotations_panel_get_n_highlights (PN_ANNOTATIONS_PANEL (child (fixture, "annotations_panel"))), ==, 1);
  adw_flap_set_reveal_flap (ADW_FLAP (child (fixture, "annotations_flap")), TRUE);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "annotations-highlight");

  /* Recolouring redraws it. */
  g_assert_true (pn_library_edit_annotation (fixture->library, annotation, NULL, "green", NULL));
  g_assert_true (offset_has_tag (fixture, start, "highlight-green"));
  g_assert_false (offset_has_tag (fixture, start, "highlight-yellow"));
}

static void
type_note (GtkTextView *view,
           const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

/* By keyboard alone: F7 puts a caret in the story, Shift+arrows select,
 * h highlights.
 */
static void
test_keyboard_highlight (Fixture       *fixture,
                         gconstpointer  data)
{
  PnStory *story = find_story (fixture, "Trump says he will reach out to Kim Jong-un again");
  PnReaderView *reader = PN_READER_VIEW (child (fixture, "reader_view"));
  GtkTextView *text_view = pn_reader_view_get_text_view (reader);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GListModel *annotations;
  GtkTextIter start;
  g_autoptr(PnAnnotation) annotation = NULL;

  show_story (fixture, story);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.caret", NULL));
  g_assert_true (gtk_text_view_get_cursor_visible (text_view));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (text_view)));

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  for (guint i = 0; i < 9; i++)
    g_signal_emit_by_name (text_view, "move-cursor", GTK_MOVEMENT_VISUAL_POSITIONS, 1, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.highlight", NULL));

  annotations = pn_library_get_story_annotations (fixture->library, story);
  g_assert_cmpuint (g_list_model_get_n_items (annotations), ==, 1);
  annotation = g_list_model_get_item (annotations, 0);
  g_assert_cmpstr (pn_annotation_get_exact (annotation), ==, "President");
}

static void
test_notes_survive (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PnAnnotation) annotation = highlight_quote (fixture);
  PnAnnotationsPanel *panel = PN_ANNOTATIONS_PANEL (child (fixture, "annotations_panel"));
  PnStory *story = find_story (fixture, "Trump says he will reach out to Kim Jong-un again");
  g_autofree char *annotation_id = g_strdup (pn_annotation_get_id (annotation));
  guint start = quote_offset (story);
  GtkTextView *note_view = pn_annotations_panel_get_note_view (panel, annotation);
  GListModel *annotations;

  g_assert_nonnull (note_view);
  type_note (note_view, "Compare with the 2018 summit.\nSecond line.");
  type_note (pn_annotations_panel_get_note_view (panel, NULL), "Follow up next week");

  /* Switching stories writes what was typed, without waiting. */
  show_story (fixture, find_story (fixture, "Another story"));
  g_assert_cmpstr (pn_annotation_get_note (annotation), ==, "Compare with the 2018 summit.\nSecond line.");
  show_story (fixture, story);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (pn_annotations_panel_get_note_view (panel, annotation));
    GtkTextIter from;
    GtkTextIter to;
    g_autofree char *shown = NULL;

    gtk_text_buffer_get_bounds (buffer, &from, &to);
    shown = gtk_text_buffer_get_text (buffer, &from, &to, FALSE);
    g_assert_cmpstr (shown, ==, "Compare with the 2018 summit.\nSecond line.");
  }

  /* A restart: a new library on the same folder draws the same highlight
   * on the same text, with both notes.
   */
  close_window (fixture);
  open_window (fixture);
  story = find_story (fixture, "Trump says he will reach out to Kim Jong-un again");
  show_story (fixture, story);
  g_assert_true (offset_has_tag (fixture, start, "highlight-yellow"));
  g_assert_true (offset_has_tag (fixture, start + strlen (QUOTE) - 1, "highlight-yellow"));

  annotations = pn_library_get_story_annotations (fixture->library, story);
  g_assert_cmpuint (g_list_model_get_n_items (annotations), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PnAnnotation) item = g_list_model_get_item (annotations, i);

      if (pn_annotation_has_anchor (item))
        {
          g_assert_cmpstr (pn_annotation_get_id (item), ==, annotation_id);
          g_assert_cmpstr (pn_annotation_get_note (item), ==, "Compare with the 2018 summit.\nSecond line.");
        }
      else
        g_assert_cmpstr (pn_annotation_get_note (item), ==, "Follow up next week");
    }
}

static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PnAnnotation) annotation = highlight_quote (fixture);
  PnStory *story = find_story (fixture, "Trump says he will reach out to Kim Jong-un again");
  GListModel *annotations = pn_library_get_story_annotations (fixture->library, story);
  guint start = quote_offset (story);

  g_assert_true (pn_library_edit_annotation (fixture->library, annotation, "keep me", "pink", NULL));
  g_signal_emit_by_name (child (fixture, "annotations_panel"), "delete-requested", annotation);
  g_assert_cmpuint (g_list_model_get_n_items (annotations), ==, 0);
  g_assert_false (offset_has_tag (fixture, start, "highlight-pink"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (annotations), ==, 1);
  {
    g_autoptr(PnAnnotation) restored = g_list_model_get_item (annotations, 0);

    g_assert_cmpstr (pn_annotation_get_note (restored), ==, "keep me");
    g_assert_cmpstr (pn_annotation_get_color (restored), ==, "pink");
    g_assert_cmpint (pn_annotation_get_start (restored), ==, start);
  }
  g_assert_true (offset_has_tag (fixture, start, "highlight-pink"));
}

static void
test_collections (Fixture       *fixture,
                  gconstpointer  data)
{
  PnStory *sample = find_story (fixture, "Trump says he will reach out to Kim Jong-un again");
  PnStory *other = find_story (fixture, "Another story");
  PnSidebar *sidebar = PN_SIDEBAR (child (fixture, "sidebar"));
  PnHeadlinesView *headlines = PN_HEADLINES_VIEW (child (fixture, "headlines_view"));
  GtkEditable *entry = GTK_EDITABLE (child (fixture, "new_collection_entry"));
  PnCollection *collection;
  GListModel *visible;

  /* "New collection…" in the reader's menu creates it with the story. */
  show_story (fixture, other);
  gtk_editable_set_text (entry, "Reading list");
  g_signal_emit_by_name (entry, "activate");
  collection = pn_library_lookup_collection_by_name (fixture->library, "Reading list");
  g_assert_nonnull (collection);
  g_assert_true (pn_story_get_saved (other));

  show_story (fixture, sample);
  g_assert_true (pn_library_add_to_collection (fixture->library, collection, sample, G_MAXUINT, NULL));

  /* The collection's row lists its stories in its own order. */
  {
    GListModel *rows = pn_sidebar_get_items (sidebar);

    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
        g_autoptr(PnSidebarItem) item = gtk_tree_list_row_get_item (row);

        if (pn_sidebar_item_get_collection (item) == collection)
          g_assert_true (pn_sidebar_select_item (sidebar, item));
      }
  }
  visible = pn_headlines_view_get_visible_stories (headlines);
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 2);
  {
    g_autoptr(PnStory) first = g_list_model_get_item (visible, 0);
    g_assert_true (first == other);
  }

  /* Moving the selected story up changes the order. */
  g_assert_true (pn_headlines_view_select_position (headlines, 1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.move-story-up", NULL));
  {
    g_autoptr(PnStory) first = g_list_model_get_item (visible, 0);
    g_assert_true (first == sample);
  }
  g_assert_cmpstr (pn_collection_get_story_id (collection, 0), ==, pn_story_get_id (sample));
  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "annotations-collection");

  /* Deleting the collection offers Undo, which restores it in order. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-collection", NULL));
  g_assert_null (pn_library_lookup_collection_by_name (fixture->library, "Reading list"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  collection = pn_library_lookup_collection_by_name (fixture->library, "Reading list");
  g_assert_nonnull (collection);
  g_assert_cmpuint (pn_collection_get_n_stories (collection), ==, 2);
  g_assert_cmpstr (pn_collection_get_story_id (collection, 0), ==, pn_story_get_id (sample));
}

static void
test_notes_view (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PnAnnotation) annotation = highlight_quote (fixture);
  PnStory *story = find_story (fixture, "Trump says he will reach out to Kim Jong-un again");
  PnStory *other = find_story (fixture, "Another story");
  PnSidebar *sidebar = PN_SIDEBAR (child (fixture, "sidebar"));
  PnNotesView *notes = PN_NOTES_VIEW (child (fixture, "notes_view"));
  GListModel *visible = pn_notes_view_get_visible (notes);
  GListModel *rows = pn_sidebar_get_items (sidebar);
  PnAnnotation *later;

  g_assert_true (pn_library_edit_annotation (fixture->library, annotation, "summit diplomacy", NULL, NULL));
  show_story (fixture, other);
  later = pn_library_add_annotation (fixture->library, other, -1, -1, "A note on another story", NULL);
  g_assert_nonnull (later);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(PnSidebarItem) item = gtk_tree_list_row_get_item (row);

      if (pn_sidebar_item_get_kind (item) == PN_SIDEBAR_ITEM_NOTES)
        {
          g_assert_cmpuint (pn_sidebar_item_get_count (item), ==, 2);
          g_assert_true (pn_sidebar_select_item (sidebar, item));
        }
    }
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, "headlines_content_stack"))), ==, "notes");

  /* Newest first, searchable by quote, note and story title. */
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 2);
  {
    g_autoptr(PnAnnotation) first = g_list_model_get_item (visible, 0);
    g_assert_true (first == later);
  }
  pn_notes_view_set_search_text (notes, "DIPLOMACY");
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 1);
  pn_notes_view_set_search_text (notes, "got along");
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 1);
  pn_notes_view_set_search_text (notes, "another story");
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 1);
  pn_notes_view_set_search_text (notes, "");
  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "annotations-notes-view");

  /* Activating a note opens its story in the reader. */
  g_assert_true (pn_reader_view_get_story (PN_READER_VIEW (child (fixture, "reader_view"))) == other);
  pn_notes_view_activate (notes, 1);
  g_assert_true (pn_reader_view_get_story (PN_READER_VIEW (child (fixture, "reader_view"))) == story);
}

static PnExportDialog *
find_export_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (PN_IS_EXPORT_DIALOG (toplevel))
        return PN_EXPORT_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
is_toast_open_button (GtkWidget *widget,
                      gpointer   data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Open") == 0;
}

static void
test_export_dialog (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PnAnnotation) annotation = highlight_quote (fixture);
  g_autofree char *path = g_build_filename (fixture->data_dir, "export.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  PnExportDialog *dialog;

  g_assert_true (pn_library_edit_annotation (fixture->library, annotation, "Worth a follow-up", NULL, NULL));

  /* Ctrl+E opens the dialog; the test stands in for the file chooser. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL));
  dialog = find_export_dialog ();
  g_assert_nonnull (dialog);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (dialog));
  pn_test_ui_save_png (GTK_WIDGET (dialog), "export-dialog");
  g_assert_true (pn_export_dialog_select (dialog, PN_EXPORT_SCOPE_SAVED, PN_EXPORT_FORMAT_MARKDOWN));
  g_assert_false (pn_export_dialog_select (dialog, PN_EXPORT_SCOPE_COLLECTION, PN_EXPORT_FORMAT_MARKDOWN));
  g_assert_true (pn_export_dialog_select (dialog, PN_EXPORT_SCOPE_SAVED, PN_EXPORT_FORMAT_MARKDOWN));
  pn_export_dialog_export_to (dialog, file);

  while (find_export_dialog () != NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, QUOTE));
  g_assert_nonnull (strstr (contents, "Worth a follow-up"));

  /* The toast offers to open what was written. */
  g_assert_nonnull (pn_test_ui_find_widget (child (fixture, "toast_overlay"), is_toast_open_button, NULL));
}

int
main (int   argc,
      char *argv[])
{
  pn_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/ui/annotations/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("highlight", test_highlight);
  ADD ("keyboard-highlight", test_keyboard_highlight);
  ADD ("notes-survive", test_notes_survive);
  ADD ("delete-and-undo", test_delete_and_undo);
  ADD ("collections", test_collections);
  ADD ("notes-view", test_notes_view);
  ADD ("export-dialog", test_export_dialog);

#undef ADD

  return g_test_run ();
}
