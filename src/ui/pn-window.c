/* pn-window.c — the main window: sources, headlines and reader in a leaflet
 *
 * The window presents the library and calls its operations; it keeps no
 * state of its own beyond what is on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pn-add-source-dialog.h"
#include "pn-annotations-panel.h"
#include "pn-export-dialog.h"
#include "pn-headlines-view.h"
#include "pn-notes-view.h"
#include "pn-reader-view.h"
#include "pn-settings.h"
#include "pn-sidebar.h"
#include "pn-window.h"

struct _PnWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *content_stack;
  GtkSpinner           *loading_spinner;
  AdwLeaflet           *leaflet;
  GtkWidget            *sources_pane;
  GtkWidget            *headlines_pane;
  GtkWidget            *reader_pane;
  GtkStack             *sources_stack;
  AdwStatusPage        *sources_status;
  PnSidebar            *sidebar;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  AdwWindowTitle       *headlines_title;
  PnHeadlinesView      *headlines_view;
  GtkStack             *headlines_content_stack;
  PnNotesView          *notes_view;
  GtkStack             *reader_stack;
  PnReaderView         *reader_view;
  GtkToggleButton      *save_button;
  GtkToggleButton      *reader_mode_button;
  AdwFlap              *annotations_flap;
  PnAnnotationsPanel   *annotations_panel;
  AdwButtonContent     *annotations_button_content;
  GtkPopover           *collections_popover;
  GtkListBox           *collections_list;
  GtkEntry             *new_collection_entry;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;

  /* Owned references */
  GSettings            *settings;
  PnLibrary            *library;
  PnRefresher          *refresher;
  GCancellable         *cancellable;
  PnStory              *story;
  GSignalGroup         *story_signals;
  GBindingGroup        *headlines_title_binding;
  guint                 mark_read_id;
  guint                 periodic_refresh_id;

  /* What the last toast's Undo (or Ctrl+Z) takes back: an unsaved story, or
   * a removed source with its stories.
   */
  PnStory              *undo_story;
  PnSource             *undo_source;
  GPtrArray            *undo_source_stories;
  PnAnnotation         *undo_annotation;
  PnCollection         *undo_collection;
  GPtrArray            *undo_collection_stories;

  /* Selection changes made by the window itself (start-up, undo) must not
   * move a folded leaflet to another pane.
   */
  guint                 navigating_programmatically : 1;
  /* Shown before the library has loaded, until pn_window_set_library(). */
  guint                 loading : 1;
  /* The reader shows the feed's version although an article was extracted. */
  guint                 show_feed_version : 1;
  guint                 fetching_full_text : 1;
};

G_DEFINE_FINAL_TYPE (PnWindow, pn_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_REFRESHER,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pn_window_clear_undo (PnWindow   *self);
static void pn_window_offer_undo (PnWindow   *self,
                                  const char *text);

static void
pn_window_show_toast (PnWindow   *self,
                      const char *text)
{
  /* Toast titles are Pango markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
pn_window_show_error (PnWindow     *self,
                      const GError *error)
{
  pn_window_show_toast (self, error->message);
}

static void
pn_window_show_banner (PnWindow   *self,
                       const char *text)
{
  gtk_label_set_text (self->banner_label, text);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static const char *
pn_window_lookup_source_title (PnWindow *self,
                               PnStory  *story)
{
  PnSource *source;

  if (self->library == NULL)
    return NULL;
  source = pn_library_lookup_source (self->library, pn_story_get_source_id (story));
  return source != NULL ? pn_source_get_display_title (source) : NULL;
}

static void
pn_window_update_story_actions (PnWindow *self)
{
  gboolean has_story = self->story != NULL;
  gboolean writable = self->library != NULL && !pn_library_get_read_only (self->library);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-saved", has_story && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.mark-unread", has_story && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-in-browser",
                                 has_story && pn_story_get_link (self->story) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.highlight", has_story && writable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reader_mode_button),
                            has_story && writable && !self->fetching_full_text &&
                            pn_story_get_link (self->story) != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->collections_popover), has_story && writable);

  {
    gboolean saved = has_story && pn_story_get_saved (self->story);

    gtk_toggle_button_set_active (self->save_button, saved);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button),
                                 saved ? _("Remove from Saved") : _("Save Story"));
  }
}

static void
story_saved_changed_cb (PnWindow *self)
{
  pn_window_update_story_actions (self);
}

static gboolean
mark_read_timeout_cb (gpointer user_data)
{
  PnWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  self->mark_read_id = 0;

  if (self->story != NULL && !pn_story_get_read (self->story) &&
      !pn_library_mark_read (self->library, self->story, TRUE, &error))
    pn_window_show_error (self, error);

  return G_SOURCE_REMOVE;
}

static void
pn_window_schedule_mark_read (PnWindow *self)
{
  guint delay = g_settings_get_uint (self->settings, PN_SETTINGS_MARK_READ_DELAY);

  g_clear_handle_id (&self->mark_read_id, g_source_remove);
  if (self->story == NULL || pn_story_get_read (self->story) ||
      pn_library_get_read_only (self->library))
    return;

  if (delay == 0)
    mark_read_timeout_cb (self);
  else
    self->mark_read_id = g_timeout_add_seconds (delay, mark_read_timeout_cb, self);
}

static void reader_mode_toggled_cb (PnWindow *self);

static gboolean
story_has_article (PnStory *story)
{
  const char *full = pn_story_get_full_content (story);

  return full != NULL && *full != '\0';
}

/* Highlights live on the story's own document (the article, when there is
 * one); the feed's version, shown on request, carries none.
 */
static void
pn_window_render_story (PnWindow *self)
{
  g_autoptr(PnDocument) document = NULL;
  gboolean feed_version = self->show_feed_version && story_has_article (self->story);

  if (feed_version)
    {
      const char *body = pn_story_get_body (self->story);
      document = pn_document_new_from_html (body ? body : "", -1);
      pn_reader_view_set_annotations (self->reader_view, NULL);
    }
  else
    {
      document = pn_story_create_document (self->story);
      pn_reader_view_set_annotations (self->reader_view,
                                      pn_library_get_story_annotations (self->library, self->story));
    }

  pn_reader_view_show_story (self->reader_view, self->story, document,
                             pn_window_lookup_source_title (self, self->story));

  g_signal_handlers_block_by_func (self->reader_mode_button, reader_mode_toggled_cb, self);
  gtk_toggle_button_set_active (self->reader_mode_button, story_has_article (self->story) && !feed_version);
  g_signal_handlers_unblock_by_func (self->reader_mode_button, reader_mode_toggled_cb, self);
}

static void
full_text_fetched_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PnWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = pn_refresher_fetch_full_text_finish (PN_REFRESHER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->fetching_full_text = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->reader_mode_button), TRUE);

  if (!ok)
    pn_window_show_error (self, error);
  if (self->story != NULL)
    pn_window_render_story (self);
}

static void
pn_window_fetch_full_text (PnWindow *self)
{
  if (self->fetching_full_text || self->refresher == NULL || self->story == NULL)
    return;

  self->fetching_full_text = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->reader_mode_button), FALSE);
  pn_refresher_fetch_full_text_async (self->refresher, self->story, self->cancellable,
                                      full_text_fetched_cb, g_object_ref (self));
}

static void
reader_mode_toggled_cb (PnWindow *self)
{
  if (self->story == NULL)
    return;

  if (!gtk_toggle_button_get_active (self->reader_mode_button))
    {
      self->show_feed_version = TRUE;
      pn_window_render_story (self);
    }
  else if (story_has_article (self->story))
    {
      self->show_feed_version = FALSE;
      pn_window_render_story (self);
    }
  else
    {
      pn_window_fetch_full_text (self);
    }
}

static void
pn_window_show_story (PnWindow *self,
                      PnStory  *story)
{
  self->show_feed_version = FALSE;

  g_set_object (&self->story, story);
  g_signal_group_set_target (self->story_signals, story);

  if (story == NULL)
    {
      pn_reader_view_set_annotations (self->reader_view, NULL);
      pn_annotations_panel_show_story (self->annotations_panel, NULL, NULL);
      gtk_stack_set_visible_child_name (self->reader_stack, "empty");
    }
  else
    {
      pn_window_render_story (self);
      pn_annotations_panel_show_story (self->annotations_panel, self->library, story);
      gtk_stack_set_visible_child_name (self->reader_stack, "story");

      if (!story_has_article (story) && !pn_library_get_read_only (self->library) &&
          g_settings_get_boolean (self->settings, PN_SETTINGS_READER_MODE_DEFAULT) &&
          pn_story_get_link (story) != NULL)
        pn_window_fetch_full_text (self);
    }

  pn_window_update_story_actions (self);
  pn_window_schedule_mark_read (self);
}

static void
headline_selection_changed_cb (PnWindow *self)
{
  PnStory *story = pn_headlines_view_get_selected_story (self->headlines_view);

  pn_window_show_story (self, story);

  if (story != NULL && !self->navigating_programmatically && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->reader_pane);
}

static GListModel *
pn_window_create_folder_stories (PnWindow      *self,
                                 PnSidebarItem *folder)
{
  GListModel *children = G_LIST_MODEL (pn_sidebar_item_get_children (folder));
  GListStore *models = g_list_store_new (G_TYPE_LIST_MODEL);

  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(PnSidebarItem) child = g_list_model_get_item (children, i);
      g_list_store_append (models, pn_library_get_source_stories (self->library,
                                                                  pn_sidebar_item_get_source (child)));
    }

  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (models)));
}

static void
pn_window_update_source_actions (PnWindow *self)
{
  PnSidebarItem *item = pn_sidebar_get_selected_item (self->sidebar);
  gboolean writable = self->library != NULL && !pn_library_get_read_only (self->library);
  gboolean is_source = item != NULL && pn_sidebar_item_get_source (item) != NULL;

  gboolean is_collection = item != NULL && pn_sidebar_item_get_collection (item) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-source", is_source && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-source", is_source && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.move-source", is_source && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh-source", is_source && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.mark-all-read", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-collection", is_collection && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.move-story-up", is_collection && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.move-story-down", is_collection && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-from-collection", is_collection && writable);
}

static void
sidebar_selection_changed_cb (PnWindow *self)
{
  PnSidebarItem *item = pn_sidebar_get_selected_item (self->sidebar);
  g_autoptr(GListModel) folder_stories = NULL;
  GListModel *stories = NULL;
  /* The library keeps its story models in the order they are shown
   * (newest first; a collection in its own order), so the list shows them
   * as given: sorting 50 000 stories again on every switch would cost more
   * than all the rest. Only a folder, which strings its sources' models
   * together, needs sorting.
   */
  PnHeadlinesOrder order = PN_HEADLINES_ORDER_AS_GIVEN;
  const char *empty_title = _("No Stories");
  const char *empty_description = _("Stories from your sources will appear here");

  if (item == NULL || self->library == NULL)
    return;

  gtk_stack_set_visible_child_name (self->headlines_content_stack,
                                    pn_sidebar_item_get_kind (item) == PN_SIDEBAR_ITEM_NOTES
                                      ? "notes" : "stories");

  switch (pn_sidebar_item_get_kind (item))
    {
    case PN_SIDEBAR_ITEM_NOTES:
      break;

    case PN_SIDEBAR_ITEM_ALL:
      stories = pn_library_get_all_stories (self->library);
      break;

    case PN_SIDEBAR_ITEM_UNREAD:
      stories = pn_library_get_unread_stories (self->library);
      empty_title = _("All Caught Up");
      empty_description = _("There are no unread stories");
      break;

    case PN_SIDEBAR_ITEM_SAVED:
      stories = pn_library_get_saved_stories (self->library);
      empty_title = _("No Saved Stories");
      empty_description = _("Save a story to keep it here, even after its feed moves on");
      break;

    case PN_SIDEBAR_ITEM_COLLECTION:
      stories = pn_library_get_collection_stories (self->library,
                                                   pn_sidebar_item_get_collection (item));
      empty_title = _("Empty Collection");
      empty_description = _("Add stories to this collection from the reader");
      break;

    case PN_SIDEBAR_ITEM_FOLDER:
      folder_stories = pn_window_create_folder_stories (self, item);
      stories = folder_stories;
      order = PN_HEADLINES_ORDER_NEWEST_FIRST;
      break;

    case PN_SIDEBAR_ITEM_SOURCE:
    default:
      stories = pn_library_get_source_stories (self->library, pn_sidebar_item_get_source (item));
      break;
    }

  g_binding_group_set_source (self->headlines_title_binding, item);
  pn_headlines_view_set_empty_text (self->headlines_view, empty_title, empty_description);
  pn_headlines_view_set_stories (self->headlines_view, stories, order);
  pn_window_update_source_actions (self);

  if (!self->navigating_programmatically && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->headlines_pane);
}

/* The page gets its icon only when shown: the app's symbolic icon is an
 * SVG, the first SVG loads librsvg (some 20 ms), and a stack looks up the
 * icons of all its pages, so a window with sources would pay for it.
 */
static void
show_no_sources (PnWindow *self)
{
  adw_status_page_set_icon_name (self->sources_status, APPLICATION_ID "-symbolic");
  gtk_stack_set_visible_child_name (self->sources_stack, "empty");
}

static void
sources_changed_cb (PnWindow *self)
{
  if (g_list_model_get_n_items (pn_library_get_sources (self->library)) > 0)
    gtk_stack_set_visible_child_name (self->sources_stack, "sources");
  else
    show_no_sources (self);
}

static void
pn_window_report_library_state (PnWindow     *self,
                                const GError *load_error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GPtrArray *problems = self->library ? pn_library_get_problems (self->library) : NULL;

  if (self->library == NULL && load_error != NULL)
    g_string_append_printf (text, _("Your library could not be opened: %s"), load_error->message);
  else if (load_error != NULL)
    g_string_append_printf (text, _("Changes cannot be saved: %s"), load_error->message);
  else if (self->library != NULL && pn_library_get_read_only (self->library))
    g_string_append_printf (text, _("Changes cannot be saved: %s"),
                            pn_library_get_read_only_reason (self->library));

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, problem->message);
    }

  if (text->len > 0)
    pn_window_show_banner (self, text->str);
}

static void
refresh_progress_changed_cb (PnWindow *self)
{
  guint n_done = pn_refresher_get_n_done (self->refresher);
  guint n_total = pn_refresher_get_n_total (self->refresher);
  gboolean running = pn_refresher_get_running (self->refresher);
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->progress_revealer, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", !running && self->library != NULL &&
                                 !pn_library_get_read_only (self->library));
  if (!running || n_total == 0)
    return;

  /* Translators: refresh progress, "12 of 200" sources */
  text = g_strdup_printf (_("Refreshing %u of %u"), n_done, n_total);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) n_done / n_total);
}

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PnWindow) self = user_data;
  g_autoptr(PnRefreshSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = pn_refresher_refresh_finish (PN_REFRESHER (object), result, &error);
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pn_window_show_error (self, error);
      return;
    }

  if (summary->n_failed > 0)
    {
      g_autofree char *text = NULL;

      if (summary->n_failed == 1)
        {
          PnSource *source = g_ptr_array_index (summary->failed, 0);
          text = g_strdup_printf (_("“%s” could not be updated: %s"),
                                  pn_source_get_display_title (source),
                                  pn_source_get_last_error (source));
        }
      else
        {
          text = g_strdup_printf (ngettext ("%u source could not be updated; the sources list shows why",
                                            "%u sources could not be updated; the sources list shows why",
                                            summary->n_failed),
                                  summary->n_failed);
        }
      pn_window_show_toast (self, text);
    }
}

/* @sources: (nullable): NULL refreshes every source that is due */
static void
pn_window_refresh (PnWindow       *self,
                   GPtrArray      *sources,
                   PnRefreshFlags  flags)
{
  if (self->library == NULL || pn_library_get_read_only (self->library))
    return;

  pn_refresher_refresh_async (self->refresher, sources, flags, self->cancellable,
                              refresh_done_cb, g_object_ref (self));
}

static void
source_added_cb (PnWindow *self,
                 PnSource *source)
{
  self->navigating_programmatically = TRUE;
  pn_sidebar_select_source (self->sidebar, source);
  self->navigating_programmatically = FALSE;
}

static void
pn_window_add_source_activated (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  PnAddSourceDialog *dialog;

  if (self->library == NULL || self->refresher == NULL)
    return;

  dialog = pn_add_source_dialog_new (self->library, self->refresher);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "source-added", G_CALLBACK (source_added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pn_window_refresh_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  pn_window_refresh (PN_WINDOW (widget), NULL, PN_REFRESH_FORCE);
}

static gboolean
periodic_refresh_cb (gpointer user_data)
{
  PnWindow *self = user_data;

  /* Sources that are backing off after failures wait their turn. */
  pn_window_refresh (self, NULL, PN_REFRESH_DEFAULT);
  return G_SOURCE_CONTINUE;
}

static void
pn_window_schedule_periodic_refresh (PnWindow *self)
{
  guint minutes = g_settings_get_uint (self->settings, PN_SETTINGS_REFRESH_INTERVAL);

  g_clear_handle_id (&self->periodic_refresh_id, g_source_remove);
  if (minutes > 0)
    self->periodic_refresh_id = g_timeout_add_seconds (minutes * 60, periodic_refresh_cb, self);
}

static void
refresh_interval_changed_cb (PnWindow *self)
{
  pn_window_schedule_periodic_refresh (self);
}

static void
highlight_requested_cb (PnWindow   *self,
                        guint       start,
                        guint       end,
                        const char *color,
                        gboolean    add_note)
{
  g_autoptr(GError) error = NULL;
  PnAnnotation *annotation;

  if (self->story == NULL)
    return;

  annotation = pn_library_add_annotation (self->library, self->story, start, end, NULL, &error);
  if (annotation == NULL ||
      (g_strcmp0 (color, pn_annotation_get_color (annotation)) != 0 &&
       !pn_library_edit_annotation (self->library, annotation, NULL, color, &error)))
    {
      pn_window_show_error (self, error);
      return;
    }

  /* The new highlight shows once the selection over it is gone. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (pn_reader_view_get_text_view (self->reader_view));
    GtkTextIter cursor;

    gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
    gtk_text_buffer_place_cursor (buffer, &cursor);
  }
  if (add_note)
    {
      adw_flap_set_reveal_flap (self->annotations_flap, TRUE);
      pn_annotations_panel_focus_annotation (self->annotations_panel, annotation);
    }
}

static void
annotation_activated_cb (PnWindow     *self,
                         PnAnnotation *annotation)
{
  adw_flap_set_reveal_flap (self->annotations_flap, TRUE);
  pn_annotations_panel_focus_annotation (self->annotations_panel, annotation);
}

static void
annotation_selected_cb (PnWindow     *self,
                        PnAnnotation *annotation)
{
  pn_reader_view_reveal_annotation (self->reader_view, annotation);
}

static void
annotation_delete_requested_cb (PnWindow     *self,
                                PnAnnotation *annotation)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PnAnnotation) deleted = g_object_ref (annotation);

  if (!pn_library_delete_annotation (self->library, annotation, &error))
    {
      pn_window_show_error (self, error);
      return;
    }

  pn_window_clear_undo (self);
  self->undo_annotation = g_steal_pointer (&deleted);
  pn_window_offer_undo (self, pn_annotation_has_anchor (annotation) ? _("Highlight deleted")
                                                                    : _("Note deleted"));
}

static void
highlights_count_changed_cb (PnWindow *self)
{
  g_autofree char *label = g_strdup_printf ("%u", pn_annotations_panel_get_n_highlights (self->annotations_panel));

  adw_button_content_set_label (self->annotations_button_content, label);
}

static void
pn_window_highlight_activated (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);

  pn_reader_view_highlight_selection (self->reader_view, "yellow", FALSE);
}

/* F7, as in web browsers: a caret in the story, so text can be selected
 * with Shift and the arrow keys, then highlighted with h.
 */
static void
pn_window_caret_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  GtkTextView *text_view = pn_reader_view_get_text_view (self->reader_view);
  gboolean caret = !gtk_text_view_get_cursor_visible (text_view);

  gtk_text_view_set_cursor_visible (text_view, caret);
  if (caret)
    gtk_widget_grab_focus (GTK_WIDGET (text_view));
}

static void
pn_window_toggle_annotations_activated (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);

  adw_flap_set_reveal_flap (self->annotations_flap, !adw_flap_get_reveal_flap (self->annotations_flap));
}

static void
collection_toggled_cb (GtkCheckButton *check,
                       PnWindow       *self)
{
  PnCollection *collection = g_object_get_data (G_OBJECT (check), "collection");
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->story == NULL)
    return;

  if (gtk_check_button_get_active (check))
    ok = pn_library_add_to_collection (self->library, collection, self->story, G_MAXUINT, &error);
  else
    ok = pn_library_remove_from_collection (self->library, collection, self->story, &error);

  if (!ok)
    pn_window_show_error (self, error);
  pn_window_update_story_actions (self);
}

static void
collections_popover_shown_cb (PnWindow *self)
{
  GListModel *collections = pn_library_get_collections (self->library);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->collections_list))) != NULL)
    gtk_list_box_remove (self->collections_list, child);

  for (guint i = 0; self->story != NULL && i < g_list_model_get_n_items (collections); i++)
    {
      g_autoptr(PnCollection) collection = g_list_model_get_item (collections, i);
      GtkWidget *check = gtk_check_button_new_with_label (pn_collection_get_name (collection));

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   pn_collection_find_story (collection, pn_story_get_id (self->story), NULL));
      g_object_set_data_full (G_OBJECT (check), "collection", g_object_ref (collection), g_object_unref);
      g_signal_connect (check, "toggled", G_CALLBACK (collection_toggled_cb), self);
      gtk_list_box_append (self->collections_list, check);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->collections_list), g_list_model_get_n_items (collections) > 0);
}

static void
new_collection_activated_cb (PnWindow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_collection_entry))));
  g_autoptr(GError) error = NULL;
  PnCollection *collection;

  if (*name == '\0' || self->story == NULL)
    return;

  collection = pn_library_create_collection (self->library, name, &error);
  if (collection == NULL ||
      !pn_library_add_to_collection (self->library, collection, self->story, G_MAXUINT, &error))
    {
      pn_window_show_error (self, error);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->new_collection_entry), "");
  gtk_popover_popdown (self->collections_popover);
  pn_window_update_story_actions (self);
}

static PnCollection *
pn_window_get_selected_collection (PnWindow *self)
{
  PnSidebarItem *item = pn_sidebar_get_selected_item (self->sidebar);

  return item != NULL ? pn_sidebar_item_get_collection (item) : NULL;
}

static void
pn_window_move_story_activated (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  PnCollection *collection = pn_window_get_selected_collection (self);
  g_autoptr(GError) error = NULL;
  int delta = g_str_equal (action_name, "win.move-story-up") ? -1 : 1;
  guint position;

  if (collection == NULL || self->story == NULL ||
      !pn_collection_find_story (collection, pn_story_get_id (self->story), &position) ||
      (delta < 0 && position == 0) || position + delta >= pn_collection_get_n_stories (collection))
    return;

  if (!pn_library_move_in_collection (self->library, collection, position, position + delta, &error))
    {
      pn_window_show_error (self, error);
      return;
    }
  pn_headlines_view_select_position (self->headlines_view, position + delta);
}

static void
pn_window_remove_from_collection_activated (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  PnCollection *collection = pn_window_get_selected_collection (self);
  g_autoptr(GError) error = NULL;

  if (collection != NULL && self->story != NULL &&
      !pn_library_remove_from_collection (self->library, collection, self->story, &error))
    pn_window_show_error (self, error);
}

static void
pn_window_delete_collection_activated (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  g_autoptr(PnCollection) collection = NULL;
  g_autoptr(GPtrArray) story_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (pn_window_get_selected_collection (self) == NULL)
    return;

  collection = g_object_ref (pn_window_get_selected_collection (self));
  for (guint i = 0; i < pn_collection_get_n_stories (collection); i++)
    g_ptr_array_add (story_ids, g_strdup (pn_collection_get_story_id (collection, i)));

  if (!pn_library_delete_collection (self->library, collection, &error))
    {
      pn_window_show_error (self, error);
      return;
    }

  text = g_strdup_printf (_("Collection “%s” deleted"), pn_collection_get_name (collection));
  pn_window_clear_undo (self);
  self->undo_collection = g_steal_pointer (&collection);
  self->undo_collection_stories = g_steal_pointer (&story_ids);
  pn_window_offer_undo (self, text);
}

static void
exported_cb (PnWindow *self,
             GFile    *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = g_strdup_printf (_("Exported to “%s”"), name);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *uri = g_file_get_uri (file);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-export");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
pn_window_export_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  PnExportDialog *dialog;

  if (self->library == NULL)
    return;

  dialog = pn_export_dialog_new (self->library, pn_window_get_selected_collection (self), self->story);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pn_window_open_export_activated (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static PnSource *
pn_window_get_selected_source (PnWindow *self)
{
  PnSidebarItem *item = pn_sidebar_get_selected_item (self->sidebar);

  return item != NULL ? pn_sidebar_item_get_source (item) : NULL;
}

typedef void (*TextAnswered) (PnWindow   *self,
                              PnSource   *source,
                              const char *text);

static void
text_dialog_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         PnWindow         *self)
{
  TextAnswered answered = g_object_get_data (G_OBJECT (dialog), "answered");
  PnSource *source = g_object_get_data (G_OBJECT (dialog), "source");
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_str_equal (response, "apply"))
    answered (self, source, text);
}

/* Asks for one line of text about @source, in a small dialog. */
static void
pn_window_ask_text (PnWindow     *self,
                    PnSource     *source,
                    const char   *heading,
                    const char   *initial,
                    const char   *apply_label,
                    TextAnswered  answered)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), initial ? initial : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "apply", apply_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "source", g_object_ref (source), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "answered", answered);
  g_signal_connect_object (dialog, "response", G_CALLBACK (text_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rename_answered (PnWindow   *self,
                 PnSource   *source,
                 const char *title)
{
  g_autoptr(GError) error = NULL;

  if (!pn_library_rename_source (self->library, source, *title != '\0' ? title : NULL, &error))
    pn_window_show_error (self, error);
}

static void
move_answered (PnWindow   *self,
               PnSource   *source,
               const char *folder)
{
  g_autoptr(GError) error = NULL;

  if (!pn_library_move_source_to_folder (self->library, source, *folder != '\0' ? folder : NULL, &error))
    pn_window_show_error (self, error);
}

static void
pn_window_source_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  PnSource *source = pn_window_get_selected_source (self);

  if (source == NULL)
    return;

  if (g_str_equal (action_name, "win.rename-source"))
    pn_window_ask_text (self, source, _("Rename Source"), pn_source_get_display_title (source),
                        _("_Rename"), rename_answered);
  else if (g_str_equal (action_name, "win.move-source"))
    pn_window_ask_text (self, source, _("Move to Folder"), pn_source_get_folder (source),
                        _("_Move"), move_answered);
  else
    {
      g_autoptr(GPtrArray) sources = g_ptr_array_new ();

      g_ptr_array_add (sources, source);
      pn_window_refresh (self, sources, PN_REFRESH_FORCE);
    }
}

static void
import_chosen_cb (PnWindow             *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_present;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;

  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes != NULL)
    entries = pn_opml_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, &error);
  if (entries == NULL)
    {
      pn_window_show_error (self, error);
      return;
    }

  added = pn_library_add_opml_entries (self->library, entries, &n_present, &error);
  if (added == NULL)
    {
      pn_window_show_error (self, error);
      return;
    }

  if (n_present == 0)
    text = g_strdup_printf (ngettext ("%u source added", "%u sources added", added->len), added->len);
  else
    text = g_strdup_printf (ngettext ("%u source added, %u already subscribed",
                                      "%u sources added, %u already subscribed", added->len),
                            added->len, n_present);
  pn_window_show_toast (self, text);
  if (added->len > 0)
    pn_window_refresh (self, added, PN_REFRESH_FORCE);
}

static void
export_chosen_cb (PnWindow             *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) opml = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;

  opml = pn_opml_export (pn_library_get_sources (self->library), _("Prime News subscriptions"));
  if (!g_file_replace_contents (file, g_bytes_get_data (opml, NULL), g_bytes_get_size (opml),
                                NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
    pn_window_show_error (self, error);
  else
    exported_cb (self, file);
}

static void
pn_window_opml_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  gboolean import = g_str_equal (action_name, "win.import-opml");
  GtkFileChooserNative *chooser;

  if (self->library == NULL)
    return;

  chooser = gtk_file_chooser_native_new (import ? _("Import Subscriptions") : _("Export Subscriptions"),
                                         GTK_WINDOW (self),
                                         import ? GTK_FILE_CHOOSER_ACTION_OPEN : GTK_FILE_CHOOSER_ACTION_SAVE,
                                         import ? _("_Import") : _("_Export"), _("_Cancel"));
  if (import)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("OPML subscription lists"));
      gtk_file_filter_add_pattern (filter, "*.opml");
      gtk_file_filter_add_pattern (filter, "*.xml");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);
      g_signal_connect_swapped (chooser, "response", G_CALLBACK (import_chosen_cb), self);
    }
  else
    {
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "subscriptions.opml");
      g_signal_connect_swapped (chooser, "response", G_CALLBACK (export_chosen_cb), self);
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
pn_window_close_request (GtkWindow *window)
{
  PnWindow *self = PN_WINDOW (window);
  int width;
  int height;

  gtk_window_get_default_size (window, &width, &height);

  /* A maximized window keeps the size it will return to when unmaximized. */
  g_settings_set_boolean (self->settings, PN_SETTINGS_WINDOW_MAXIMIZED,
                          gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, PN_SETTINGS_WINDOW_WIDTH, width);
      g_settings_set_int (self->settings, PN_SETTINGS_WINDOW_HEIGHT, height);
    }

  /* The story on screen counts as read when the window closes under it. */
  if (self->mark_read_id != 0)
    {
      g_clear_handle_id (&self->mark_read_id, g_source_remove);
      mark_read_timeout_cb (self);
    }

  return GTK_WINDOW_CLASS (pn_window_parent_class)->close_request (window);
}

static void
pn_window_go_back_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
pn_window_search_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->headlines_pane);
  if (g_str_equal (gtk_stack_get_visible_child_name (self->headlines_content_stack), "notes"))
    pn_notes_view_focus_search (self->notes_view);
  else
    pn_headlines_view_focus_search (self->headlines_view);
}

/* A note in the Notes list opens its story at the passage. */
static void
note_activated_cb (PnWindow     *self,
                   PnAnnotation *annotation)
{
  PnStory *story = pn_library_lookup_story (self->library, pn_annotation_get_story_id (annotation));

  if (story == NULL)
    return;

  pn_window_show_story (self, story);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->reader_pane);
  if (!pn_reader_view_reveal_annotation (self->reader_view, annotation))
    adw_flap_set_reveal_flap (self->annotations_flap, TRUE);
  pn_annotations_panel_focus_annotation (self->annotations_panel, annotation);
}

static void
pn_window_move_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);

  if (g_str_equal (action_name, "win.next-story"))
    pn_headlines_view_select_relative (self->headlines_view, 1);
  else if (g_str_equal (action_name, "win.previous-story"))
    pn_headlines_view_select_relative (self->headlines_view, -1);
  else if (g_str_equal (action_name, "win.next-unread"))
    pn_headlines_view_select_next_unread (self->headlines_view);
  else if (g_str_equal (action_name, "win.page-or-next") &&
           (self->story == NULL || !pn_reader_view_scroll_page (self->reader_view)))
    pn_headlines_view_select_relative (self->headlines_view, 1);
}

static void
pn_window_clear_undo (PnWindow *self)
{
  g_clear_object (&self->undo_story);
  g_clear_object (&self->undo_source);
  g_clear_pointer (&self->undo_source_stories, g_ptr_array_unref);
  g_clear_object (&self->undo_annotation);
  g_clear_object (&self->undo_collection);
  g_clear_pointer (&self->undo_collection_stories, g_ptr_array_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", FALSE);
}

static void
pn_window_offer_undo (PnWindow   *self,
                      const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", TRUE);
}

static void
pn_window_undo_remove_source (PnWindow *self)
{
  g_autoptr(PnSource) removed = g_steal_pointer (&self->undo_source);
  g_autoptr(GPtrArray) stories = g_steal_pointer (&self->undo_source_stories);
  g_autoptr(GError) error = NULL;
  PnSource *source;
  guint n_new;

  source = pn_library_add_source (self->library, pn_source_get_url (removed),
                                  pn_source_get_title (removed), pn_source_get_folder (removed),
                                  &error);
  if (source == NULL ||
      !pn_library_merge_stories (self->library, source, stories, &n_new, &error))
    {
      pn_window_show_error (self, error);
      return;
    }

  /* Read state comes back with the stories. */
  for (guint i = 0; i < stories->len; i++)
    {
      PnStory *copy = g_ptr_array_index (stories, i);
      PnStory *story = pn_library_lookup_story (self->library, pn_story_get_id (copy));

      if (story != NULL && pn_story_get_read (copy) &&
          !pn_library_mark_read (self->library, story, TRUE, &error))
        {
          pn_window_show_error (self, error);
          return;
        }
    }

  self->navigating_programmatically = TRUE;
  pn_sidebar_select_source (self->sidebar, source);
  self->navigating_programmatically = FALSE;
}

static void
pn_window_undo_delete_annotation (PnWindow *self)
{
  PnAnnotation *deleted = self->undo_annotation;
  PnStory *story = pn_library_lookup_story (self->library, pn_annotation_get_story_id (deleted));
  g_autoptr(GError) error = NULL;
  PnAnnotation *restored;

  if (story == NULL)
    return;

  /* A detached highlight comes back as a note: its passage is gone. */
  if (pn_annotation_has_anchor (deleted) && !pn_annotation_get_detached (deleted))
    restored = pn_library_add_annotation (self->library, story, pn_annotation_get_start (deleted),
                                          pn_annotation_get_end (deleted),
                                          pn_annotation_get_note (deleted), &error);
  else
    restored = pn_library_add_annotation (self->library, story, -1, -1,
                                          pn_annotation_get_note (deleted) ?: pn_annotation_get_exact (deleted),
                                          &error);
  if (restored == NULL ||
      !pn_library_edit_annotation (self->library, restored, pn_annotation_get_note (restored),
                                   pn_annotation_get_color (deleted), &error))
    pn_window_show_error (self, error);
}

static void
pn_window_undo_delete_collection (PnWindow *self)
{
  g_autoptr(GError) error = NULL;
  PnCollection *collection;

  collection = pn_library_create_collection (self->library,
                                             pn_collection_get_name (self->undo_collection), &error);
  if (collection == NULL)
    {
      pn_window_show_error (self, error);
      return;
    }

  for (guint i = 0; i < self->undo_collection_stories->len; i++)
    {
      PnStory *story = pn_library_lookup_story (self->library,
                                                g_ptr_array_index (self->undo_collection_stories, i));

      if (story != NULL &&
          !pn_library_add_to_collection (self->library, collection, story, G_MAXUINT, &error))
        {
          pn_window_show_error (self, error);
          return;
        }
    }
}

static void
pn_window_undo_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->undo_story != NULL && !pn_library_save_story (self->library, self->undo_story, &error))
    pn_window_show_error (self, error);
  else if (self->undo_source != NULL)
    pn_window_undo_remove_source (self);
  else if (self->undo_annotation != NULL)
    pn_window_undo_delete_annotation (self);
  else if (self->undo_collection != NULL)
    pn_window_undo_delete_collection (self);

  pn_window_clear_undo (self);
  pn_window_update_story_actions (self);
}

static void
pn_window_toggle_saved (PnWindow *self,
                        PnStory  *story)
{
  g_autoptr(GError) error = NULL;

  if (!pn_story_get_saved (story))
    {
      if (!pn_library_save_story (self->library, story, &error))
        pn_window_show_error (self, error);
    }
  else if (!pn_library_unsave_story (self->library, story, &error))
    {
      pn_window_show_error (self, error);
    }
  else
    {
      pn_window_clear_undo (self);
      self->undo_story = g_object_ref (story);
      pn_window_offer_undo (self, _("Story removed from Saved"));
    }

  pn_window_update_story_actions (self);
}

static void
pn_window_toggle_saved_activated (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);

  if (self->story != NULL)
    pn_window_toggle_saved (self, self->story);
}

static void
headline_save_toggled_cb (PnWindow *self,
                          PnStory  *story)
{
  if (self->library != NULL && !pn_library_get_read_only (self->library))
    pn_window_toggle_saved (self, story);
}

static void
pn_window_mark_unread_activated (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->story == NULL)
    return;

  g_clear_handle_id (&self->mark_read_id, g_source_remove);
  if (!pn_library_mark_read (self->library, self->story, FALSE, &error))
    pn_window_show_error (self, error);
}

static void
pn_window_mark_all_read_activated (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  PnSidebarItem *item = pn_sidebar_get_selected_item (self->sidebar);
  GListModel *visible = pn_headlines_view_get_visible_stories (self->headlines_view);
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  if (item != NULL && pn_sidebar_item_get_source (item) != NULL)
    {
      if (!pn_library_mark_all_read (self->library, pn_sidebar_item_get_source (item), &error))
        pn_window_show_error (self, error);
      return;
    }

  /* Other views mark what they list; collect first, as marking read
   * changes what an unread-only list holds.
   */
  for (guint i = 0; i < g_list_model_get_n_items (visible); i++)
    g_ptr_array_add (stories, g_list_model_get_item (visible, i));

  for (guint i = 0; i < stories->len; i++)
    {
      if (!pn_library_mark_read (self->library, g_ptr_array_index (stories, i), TRUE, &error))
        {
          pn_window_show_error (self, error);
          return;
        }
    }
}

static void
pn_window_open_in_browser_activated (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);

  if (self->story != NULL && pn_story_get_link (self->story) != NULL)
    gtk_show_uri (GTK_WINDOW (self), pn_story_get_link (self->story), GDK_CURRENT_TIME);
}

static void
pn_window_zoom_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  double scale = g_settings_get_double (self->settings, PN_SETTINGS_READER_FONT_SCALE);

  if (g_str_equal (action_name, "win.zoom-in"))
    scale += 0.1;
  else if (g_str_equal (action_name, "win.zoom-out"))
    scale -= 0.1;
  else
    scale = 1.0;

  g_settings_set_double (self->settings, PN_SETTINGS_READER_FONT_SCALE, CLAMP (scale, 0.5, 3.0));
}

static void
pn_window_dismiss_banner_activated (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);

  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static void
pn_window_remove_source_activated (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);
  PnSidebarItem *item = pn_sidebar_get_selected_item (self->sidebar);
  g_autoptr(PnSource) source = NULL;
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GListModel *model;

  if (item == NULL || pn_sidebar_item_get_source (item) == NULL)
    return;

  source = g_object_ref (pn_sidebar_item_get_source (item));
  model = pn_library_get_source_stories (self->library, source);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (stories, g_list_model_get_item (model, i));

  if (!pn_library_remove_source (self->library, source, &error))
    {
      pn_window_show_error (self, error);
      return;
    }

  text = g_strdup_printf (_("“%s” removed"), pn_source_get_display_title (source));
  pn_window_clear_undo (self);
  self->undo_source = g_steal_pointer (&source);
  self->undo_source_stories = g_steal_pointer (&stories);
  pn_window_offer_undo (self, text);
}

/* Hands the library (or its absence) to the panes, and the refresher's
 * state to the header bar. Runs again when a window built while loading
 * gets its library.
 */
static void
pn_window_bind_library (PnWindow *self)
{
  if (self->library != NULL && self->refresher == NULL)
    {
      g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
      self->refresher = pn_refresher_new (self->library, fetcher);
    }
  if (self->refresher != NULL)
    {
      g_autofree char *cache_dir = pn_dup_cache_dir ();
      g_autoptr(PnImageLoader) images = pn_image_loader_new (pn_refresher_get_fetcher (self->refresher),
                                                             cache_dir);

      pn_reader_view_set_image_loader (self->reader_view, images);
      pn_sidebar_set_services (self->sidebar, self->refresher, images);
      g_signal_connect_object (self->refresher, "notify::n-done",
                               G_CALLBACK (refresh_progress_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->refresher, "notify::running",
                               G_CALLBACK (refresh_progress_changed_cb), self, G_CONNECT_SWAPPED);
      refresh_progress_changed_cb (self);
    }
  else
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-source",
                                 self->library != NULL && self->refresher != NULL);

  self->navigating_programmatically = TRUE;
  if (self->library != NULL)
    {
      GListModel *sources = pn_library_get_sources (self->library);

      pn_headlines_view_set_sources (self->headlines_view, sources);
      pn_sidebar_set_models (self->sidebar, sources,
                             pn_library_get_collections (self->library),
                             pn_library_get_saved_stories (self->library),
                             pn_library_get_all_annotations (self->library));
      pn_notes_view_set_library (self->notes_view, self->library);
      g_signal_connect_object (sources, "items-changed", G_CALLBACK (sources_changed_cb),
                               self, G_CONNECT_SWAPPED);
      sources_changed_cb (self);
      sidebar_selection_changed_cb (self);
    }
  else if (!self->loading)
    show_no_sources (self);
  self->navigating_programmatically = FALSE;

  pn_window_update_story_actions (self);
  pn_window_update_source_actions (self);
}

static void
pn_window_constructed (GObject *object)
{
  PnWindow *self = (PnWindow *) object;
  g_autoptr(GPropertyAction) unread_only = NULL;
  g_autoptr(GPropertyAction) saved_only = NULL;

  G_OBJECT_CLASS (pn_window_parent_class)->constructed (object);

  /* Only construct properties are set by now; the application is not. */
  self->settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, PN_SETTINGS_WINDOW_WIDTH),
                               g_settings_get_int (self->settings, PN_SETTINGS_WINDOW_HEIGHT));
  if (g_settings_get_boolean (self->settings, PN_SETTINGS_WINDOW_MAXIMIZED))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, PN_SETTINGS_SOURCES_PANE_WIDTH,
                   self->sources_pane, "width-request", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, PN_SETTINGS_HEADLINES_PANE_WIDTH,
                   self->headlines_pane, "width-request", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, PN_SETTINGS_READER_FONT_SCALE,
                   self->reader_view, "font-scale", G_SETTINGS_BIND_GET);

  unread_only = g_property_action_new ("unread-only", self->headlines_view, "unread-only");
  saved_only = g_property_action_new ("saved-only", self->headlines_view, "saved-only");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (unread_only));
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (saved_only));

  g_signal_connect_object (self->settings, "changed::" PN_SETTINGS_REFRESH_INTERVAL,
                           G_CALLBACK (refresh_interval_changed_cb), self, G_CONNECT_SWAPPED);
  pn_window_schedule_periodic_refresh (self);

  /* While loading there is no library yet: the same as one that could not
   * be opened, behind a spinner.
   */
  gtk_stack_set_visible_child_name (self->content_stack, self->loading ? "loading" : "library");
  if (self->loading)
    gtk_spinner_start (self->loading_spinner);
  pn_window_bind_library (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", FALSE);
}

static void
pn_window_dispose (GObject *object)
{
  PnWindow *self = (PnWindow *) object;

  g_clear_handle_id (&self->mark_read_id, g_source_remove);
  g_clear_handle_id (&self->periodic_refresh_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PN_TYPE_WINDOW);
  g_clear_object (&self->story_signals);
  g_clear_object (&self->headlines_title_binding);
  g_clear_object (&self->story);
  g_clear_object (&self->settings);
  g_clear_object (&self->library);
  g_clear_object (&self->refresher);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->undo_story);
  g_clear_object (&self->undo_source);
  g_clear_pointer (&self->undo_source_stories, g_ptr_array_unref);
  g_clear_object (&self->undo_annotation);
  g_clear_object (&self->undo_collection);
  g_clear_pointer (&self->undo_collection_stories, g_ptr_array_unref);

  G_OBJECT_CLASS (pn_window_parent_class)->dispose (object);
}

static void
pn_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PnWindow *self = PN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;

    case PROP_REFRESHER:
      g_value_set_object (value, self->refresher);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PnWindow *self = PN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;

    case PROP_REFRESHER:
      self->refresher = g_value_dup_object (value);
      break;

    case PROP_LOADING:
      self->loading = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_window_class_init (PnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  static const struct {
    guint       key;
    GdkModifierType modifiers;
    const char *action;
  } bindings[] = {
    { GDK_KEY_Left, GDK_ALT_MASK, "win.go-back" },
    { GDK_KEY_f, GDK_CONTROL_MASK, "win.search" },
    { GDK_KEY_j, 0, "win.next-story" },
    { GDK_KEY_Down, GDK_ALT_MASK, "win.next-story" },
    { GDK_KEY_k, 0, "win.previous-story" },
    { GDK_KEY_Up, GDK_ALT_MASK, "win.previous-story" },
    { GDK_KEY_n, 0, "win.next-unread" },
    { GDK_KEY_space, 0, "win.page-or-next" },
    { GDK_KEY_s, 0, "win.toggle-saved" },
    { GDK_KEY_m, 0, "win.mark-unread" },
    { GDK_KEY_o, 0, "win.open-in-browser" },
    { GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in" },
    { GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in" },
    { GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out" },
    { GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset" },
    { GDK_KEY_z, GDK_CONTROL_MASK, "win.undo" },
    { GDK_KEY_h, 0, "win.highlight" },
    { GDK_KEY_e, GDK_CONTROL_MASK, "win.export" },
    { GDK_KEY_F9, 0, "win.toggle-annotations" },
    { GDK_KEY_F7, 0, "win.caret" },
    { GDK_KEY_Up, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.move-story-up" },
    { GDK_KEY_Down, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.move-story-down" },
  };

  object_class->constructed = pn_window_constructed;
  object_class->dispose = pn_window_dispose;
  object_class->get_property = pn_window_get_property;
  object_class->set_property = pn_window_set_property;
  window_class->close_request = pn_window_close_request;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, PN_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESHER] =
    g_param_spec_object ("refresher", NULL, NULL, PN_TYPE_REFRESHER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Built while the library loads: a spinner until pn_window_set_library(). */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PN_TYPE_HEADLINES_VIEW);
  g_type_ensure (PN_TYPE_READER_VIEW);
  g_type_ensure (PN_TYPE_SIDEBAR);
  g_type_ensure (PN_TYPE_ANNOTATIONS_PANEL);
  g_type_ensure (PN_TYPE_NOTES_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/primenews/PrimeNews/pn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PnWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, sources_pane);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, headlines_pane);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, reader_pane);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, sources_stack);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, sources_status);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, headlines_title);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, headlines_view);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, headlines_content_stack);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, notes_view);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, reader_stack);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, reader_view);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, reader_mode_button);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, annotations_flap);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, annotations_panel);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, annotations_button_content);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, collections_popover);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, collections_list);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, new_collection_entry);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, banner_label);
  /* Reachable through gtk_widget_get_template_child() without a field. */
  gtk_widget_class_bind_template_child_full (widget_class, "headlines_back_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "reader_back_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, headline_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, highlight_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, reader_mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, headline_save_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, annotation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, annotation_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, annotation_delete_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, highlights_count_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, collections_popover_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_collection_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, pn_window_go_back_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, pn_window_search_activated);
  gtk_widget_class_install_action (widget_class, "win.next-story", NULL, pn_window_move_activated);
  gtk_widget_class_install_action (widget_class, "win.previous-story", NULL, pn_window_move_activated);
  gtk_widget_class_install_action (widget_class, "win.next-unread", NULL, pn_window_move_activated);
  gtk_widget_class_install_action (widget_class, "win.page-or-next", NULL, pn_window_move_activated);
  gtk_widget_class_install_action (widget_class, "win.toggle-saved", NULL, pn_window_toggle_saved_activated);
  gtk_widget_class_install_action (widget_class, "win.mark-unread", NULL, pn_window_mark_unread_activated);
  gtk_widget_class_install_action (widget_class, "win.mark-all-read", NULL, pn_window_mark_all_read_activated);
  gtk_widget_class_install_action (widget_class, "win.open-in-browser", NULL, pn_window_open_in_browser_activated);
  gtk_widget_class_install_action (widget_class, "win.remove-source", NULL, pn_window_remove_source_activated);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, pn_window_zoom_activated);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, pn_window_zoom_activated);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, pn_window_zoom_activated);
  gtk_widget_class_install_action (widget_class, "win.dismiss-banner", NULL, pn_window_dismiss_banner_activated);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, pn_window_refresh_activated);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, pn_window_undo_activated);
  gtk_widget_class_install_action (widget_class, "win.highlight", NULL, pn_window_highlight_activated);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, pn_window_export_activated);
  gtk_widget_class_install_action (widget_class, "win.rename-source", NULL, pn_window_source_activated);
  gtk_widget_class_install_action (widget_class, "win.move-source", NULL, pn_window_source_activated);
  gtk_widget_class_install_action (widget_class, "win.refresh-source", NULL, pn_window_source_activated);
  gtk_widget_class_install_action (widget_class, "win.import-opml", NULL, pn_window_opml_activated);
  gtk_widget_class_install_action (widget_class, "win.export-opml", NULL, pn_window_opml_activated);
  gtk_widget_class_install_action (widget_class, "win.open-export", "s", pn_window_open_export_activated);
  gtk_widget_class_install_action (widget_class, "win.toggle-annotations", NULL, pn_window_toggle_annotations_activated);
  gtk_widget_class_install_action (widget_class, "win.caret", NULL, pn_window_caret_activated);
  gtk_widget_class_install_action (widget_class, "win.move-story-up", NULL, pn_window_move_story_activated);
  gtk_widget_class_install_action (widget_class, "win.move-story-down", NULL, pn_window_move_story_activated);
  gtk_widget_class_install_action (widget_class, "win.remove-from-collection", NULL, pn_window_remove_from_collection_activated);
  gtk_widget_class_install_action (widget_class, "win.delete-collection", NULL, pn_window_delete_collection_activated);
  gtk_widget_class_install_action (widget_class, "win.add-source", NULL, pn_window_add_source_activated);

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    gtk_widget_class_add_binding_action (widget_class, bindings[i].key, bindings[i].modifiers,
                                         bindings[i].action, NULL);
}

static void
pn_window_init (PnWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  self->headlines_title_binding = g_binding_group_new ();
  g_binding_group_bind (self->headlines_title_binding, "title", self->headlines_title, "title",
                        G_BINDING_SYNC_CREATE);

  self->story_signals = g_signal_group_new (PN_TYPE_STORY);
  g_signal_group_connect_swapped (self->story_signals, "notify::saved",
                                  G_CALLBACK (story_saved_changed_cb), self);
}

/* A window on the application's library; while that still loads, the
 * window says so until the application calls pn_window_set_library().
 */
PnWindow *
pn_window_new (PnApplication *application)
{
  PnWindow *self;

  g_return_val_if_fail (PN_IS_APPLICATION (application), NULL);

  self = g_object_new (PN_TYPE_WINDOW,
                       "application", application,
                       "library", pn_application_get_library (application),
                       "refresher", pn_application_get_refresher (application),
                       "loading", pn_application_get_loading (application),
                       NULL);
  if (!self->loading)
    pn_window_report_library_state (self, pn_application_get_library_error (application));
  return self;
}

/* A window built while a library loads, for a caller without a
 * PnApplication (see pn_window_set_library()).
 */
PnWindow *
pn_window_new_loading (void)
{
  return g_object_new (PN_TYPE_WINDOW, "loading", TRUE, NULL);
}

/* Gives a window built while loading the library it waited for, or NULL
 * with @load_error when it could not be opened.
 */
void
pn_window_set_library (PnWindow     *self,
                       PnLibrary    *library,
                       PnRefresher  *refresher,
                       const GError *load_error)
{
  g_return_if_fail (PN_IS_WINDOW (self));
  g_return_if_fail (self->loading);
  g_return_if_fail (library == NULL || PN_IS_LIBRARY (library));
  g_return_if_fail (refresher == NULL || PN_IS_REFRESHER (refresher));

  self->loading = FALSE;
  g_set_object (&self->library, library);
  g_set_object (&self->refresher, refresher);
  pn_window_bind_library (self);
  gtk_spinner_stop (self->loading_spinner);
  gtk_stack_set_visible_child_name (self->content_stack, "library");
  pn_window_report_library_state (self, load_error);
}

/* Tests and benchmarks open a window on a library of their own. */
PnWindow *
pn_window_new_for_library (PnLibrary *library)
{
  PnWindow *self;

  g_return_val_if_fail (PN_IS_LIBRARY (library), NULL);

  self = g_object_new (PN_TYPE_WINDOW, "library", library, NULL);
  pn_window_report_library_state (self, NULL);
  return self;
}

/* First launch: the sample story opens in the reader at once. */
void
pn_window_show_first_story (PnWindow *self)
{
  g_return_if_fail (PN_IS_WINDOW (self));

  self->navigating_programmatically = TRUE;
  pn_headlines_view_select_position (self->headlines_view, 0);
  self->navigating_programmatically = FALSE;
}
