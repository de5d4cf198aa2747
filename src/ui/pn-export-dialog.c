/* pn-export-dialog.c
 *
 * The dialog offers the scopes that make sense where it was opened (the
 * collection or story on screen, saved stories, annotated stories), then
 * asks where to write with the native file chooser. The export runs in a
 * worker thread; the exporter writes atomically, so a failure leaves
 * nothing half-written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pn-export-dialog.h"

struct _PnExportDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkButton            *export_button;
  AdwComboRow          *scope_row;
  AdwComboRow          *format_row;
  GtkProgressBar       *progress_bar;
  GtkLabel             *error_label;

  /* Owned references */
  PnLibrary            *library;
  PnCollection         *collection;
  PnStory              *story;
  PnExporter           *exporter;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  /* The scope behind each row of scope_row */
  GArray               *scopes;
};

G_DEFINE_FINAL_TYPE (PnExportDialog, pn_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  PnExportFormat format;
  const char    *label;
} formats[] = {
  { PN_EXPORT_FORMAT_MARKDOWN, N_("Markdown (one file)") },
  { PN_EXPORT_FORMAT_MARKDOWN_FOLDER, N_("Markdown folder (Obsidian, Logseq, Joplin)") },
  { PN_EXPORT_FORMAT_HTML, N_("Web page (HTML)") },
  { PN_EXPORT_FORMAT_EPUB, N_("E-book (EPUB)") },
  { PN_EXPORT_FORMAT_JSON, N_("Prime News JSON (re-importable)") },
  { PN_EXPORT_FORMAT_CSV, N_("Spreadsheet of stories (CSV)") },
  { PN_EXPORT_FORMAT_CSV_ANNOTATIONS, N_("Spreadsheet of highlights (CSV)") },
  { PN_EXPORT_FORMAT_WEB_ANNOTATION, N_("W3C Web Annotations (JSON-LD)") },
};

static PnExportScope
pn_export_dialog_get_scope (PnExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->scope_row);

  return g_array_index (self->scopes, PnExportScope, MIN (selected, self->scopes->len - 1));
}

static PnExportFormat
pn_export_dialog_get_format (PnExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->format_row);

  return formats[MIN (selected, G_N_ELEMENTS (formats) - 1)].format;
}

static const char *
pn_export_dialog_get_scope_id (PnExportDialog *self,
                               PnExportScope   scope)
{
  if (scope == PN_EXPORT_SCOPE_COLLECTION)
    return pn_collection_get_id (self->collection);
  if (scope == PN_EXPORT_SCOPE_STORY)
    return pn_story_get_id (self->story);
  return NULL;
}

static void
progress_changed_cb (PnExportDialog *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar, pn_exporter_get_progress (self->exporter));
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PnExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GFile *file = g_object_get_data (G_OBJECT (self), "pn-export-file");

  if (!pn_exporter_export_finish (PN_EXPORTER (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  g_signal_emit (self, signals[EXPORTED], 0, file);
  gtk_window_close (GTK_WINDOW (self));
}

/* Writes the export to @file: the file chooser's answer, or a test's. */
void
pn_export_dialog_export_to (PnExportDialog *self,
                            GFile          *file)
{
  g_autofree char *path = NULL;
  PnExportScope scope;

  g_return_if_fail (PN_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      gtk_label_set_text (self->error_label, _("Exports can only be written to local files"));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  scope = pn_export_dialog_get_scope (self);
  g_object_set_data_full (G_OBJECT (self), "pn-export-file", g_object_ref (file), g_object_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);

  pn_exporter_export_async (self->exporter, scope, pn_export_dialog_get_scope_id (self, scope),
                            pn_export_dialog_get_format (self), path, self->cancellable,
                            export_done_cb, g_object_ref (self));
}

static void
chooser_response_cb (PnExportDialog       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    pn_export_dialog_export_to (self, file);
}

static void
export_clicked_cb (PnExportDialog *self)
{
  PnExportFormat format = pn_export_dialog_get_format (self);
  g_autofree char *name = NULL;
  const char *base;

  base = pn_export_dialog_get_scope (self) == PN_EXPORT_SCOPE_COLLECTION
           ? pn_collection_get_name (self->collection)
           : pn_export_dialog_get_scope (self) == PN_EXPORT_SCOPE_STORY
             ? pn_story_get_title (self->story)
             : _("Prime News");
  name = pn_export_format_is_folder (format)
           ? g_strdup (base)
           : g_strdup_printf ("%s.%s", base, pn_export_format_get_extension (format));
  g_strdelimit (name, "/\\\\", '-');

  self->chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
pn_export_dialog_dispose (GObject *object)
{
  PnExportDialog *self = (PnExportDialog *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PN_TYPE_EXPORT_DIALOG);
  if (self->exporter != NULL)
    g_signal_handlers_disconnect_by_data (self->exporter, self);
  g_clear_object (&self->chooser);
  g_clear_object (&self->exporter);
  g_clear_object (&self->library);
  g_clear_object (&self->collection);
  g_clear_object (&self->story);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->scopes, g_array_unref);

  G_OBJECT_CLASS (pn_export_dialog_parent_class)->dispose (object);
}

static void
pn_export_dialog_class_init (PnExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pn_export_dialog_dispose;

  signals[EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/primenews/PrimeNews/pn-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PnExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, PnExportDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, PnExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, PnExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PnExportDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pn_export_dialog_init (PnExportDialog *self)
{
  g_autoptr(GtkStringList) format_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->scopes = g_array_new (FALSE, FALSE, sizeof (PnExportScope));

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    gtk_string_list_append (format_names, _(formats[i].label));
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (format_names));
}

/* @collection, @story: (nullable): what is on screen, offered as scopes */
PnExportDialog *
pn_export_dialog_new (PnLibrary    *library,
                      PnCollection *collection,
                      PnStory      *story)
{
  g_autoptr(GtkStringList) scope_names = gtk_string_list_new (NULL);
  PnExportDialog *self;
  PnExportScope scope;

  g_return_val_if_fail (PN_IS_LIBRARY (library), NULL);

  self = g_object_new (PN_TYPE_EXPORT_DIALOG, NULL);
  self->library = g_object_ref (library);
  self->exporter = pn_exporter_new (library);
  g_signal_connect_swapped (self->exporter, "notify::progress", G_CALLBACK (progress_changed_cb), self);

  if (collection != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("Collection “%s”"), pn_collection_get_name (collection));

      self->collection = g_object_ref (collection);
      scope = PN_EXPORT_SCOPE_COLLECTION;
      g_array_append_val (self->scopes, scope);
      gtk_string_list_append (scope_names, label);
    }
  scope = PN_EXPORT_SCOPE_SAVED;
  g_array_append_val (self->scopes, scope);
  gtk_string_list_append (scope_names, _("All saved stories"));
  scope = PN_EXPORT_SCOPE_ANNOTATED;
  g_array_append_val (self->scopes, scope);
  gtk_string_list_append (scope_names, _("Stories with highlights or notes"));
  if (story != NULL)
    {
      self->story = g_object_ref (story);
      scope = PN_EXPORT_SCOPE_STORY;
      g_array_append_val (self->scopes, scope);
      gtk_string_list_append (scope_names, _("The story on screen"));
    }

  adw_combo_row_set_model (self->scope_row, G_LIST_MODEL (scope_names));
  return self;
}

/* Returns: FALSE when @scope is not offered here */
gboolean
pn_export_dialog_select (PnExportDialog *self,
                         PnExportScope   scope,
                         PnExportFormat  format)
{
  g_return_val_if_fail (PN_IS_EXPORT_DIALOG (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      adw_combo_row_set_selected (self->format_row, i);

  for (guint i = 0; i < self->scopes->len; i++)
    {
      if (g_array_index (self->scopes, PnExportScope, i) == scope)
        {
          adw_combo_row_set_selected (self->scope_row, i);
          return TRUE;
        }
    }
  return FALSE;
}
