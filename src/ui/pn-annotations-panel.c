/* pn-annotations-panel.c
 *
 * Notes are saved as the user types: edits are gathered and written a
 * moment after the last keystroke, and at once whenever the panel moves to
 * another story or goes away, so nothing typed is ever lost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-annotations-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "pn-annotations-panel.h"
#include "pn-widget-util.h"

#define SAVE_DELAY_MS 600

struct _PnAnnotationsPanel
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkTextView   *story_note_view;
  GtkWidget     *highlights_heading;
  GtkWidget     *empty_label;
  GtkListBox    *highlights_list;
  GtkWidget     *detached_heading;
  GtkListBox    *detached_list;

  /* Owned references */
  PnLibrary     *library;
  PnStory       *story;
  GListModel    *annotations;
  PnAnnotation  *story_note;
  /* PnAnnotation → the note text typed but not yet written */
  GHashTable    *pending_notes;
  char          *pending_story_note;
  /* PnAnnotation → its note editor, to focus it */
  GHashTable    *note_views;

  guint          save_id;
  guint          n_highlights;
  gboolean       changing_library;
};

G_DEFINE_FINAL_TYPE (PnAnnotationsPanel, pn_annotations_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_HIGHLIGHTS,
  N_PROPS
};

enum {
  ANNOTATION_SELECTED,
  DELETE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const colors[] = { "yellow", "green", "blue", "pink" };

static void pn_annotations_panel_rebuild (PnAnnotationsPanel *self);

static gboolean
save_timeout_cb (gpointer user_data)
{
  PnAnnotationsPanel *self = user_data;
  g_autoptr(GError) error = NULL;

  self->save_id = 0;
  if (!pn_annotations_panel_flush (self, &error))
    g_warning ("Could not save a note: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
pn_annotations_panel_schedule_save (PnAnnotationsPanel *self)
{
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
note_changed_cb (GtkTextBuffer      *buffer,
                 PnAnnotationsPanel *self)
{
  PnAnnotation *annotation = g_object_get_data (G_OBJECT (buffer), "annotation");

  g_hash_table_replace (self->pending_notes, g_object_ref (annotation), dup_buffer_text (buffer));
  pn_annotations_panel_schedule_save (self);
}

static void
story_note_changed_cb (GtkTextBuffer      *buffer,
                       PnAnnotationsPanel *self)
{
  if (self->story == NULL)
    return;

  g_free (self->pending_story_note);
  self->pending_story_note = dup_buffer_text (buffer);
  pn_annotations_panel_schedule_save (self);
}

static void
row_activated_cb (PnAnnotationsPanel *self,
                  GtkListBoxRow      *row)
{
  PnAnnotation *annotation = g_object_get_data (G_OBJECT (row), "annotation");

  if (annotation != NULL)
    g_signal_emit (self, signals[ANNOTATION_SELECTED], 0, annotation);
}

static void
delete_clicked_cb (GtkButton          *button,
                   PnAnnotationsPanel *self)
{
  PnAnnotation *annotation = g_object_get_data (G_OBJECT (button), "annotation");
  g_autoptr(PnAnnotation) keep = g_object_ref (annotation);

  /* What was typed into it goes with it; Undo brings back the saved note. */
  if (!pn_annotations_panel_flush (self, NULL))
    g_debug ("Pending notes could not be saved before a delete");
  g_signal_emit (self, signals[DELETE_REQUESTED], 0, keep);
}

static void
recolor_clicked_cb (GtkButton          *button,
                    PnAnnotationsPanel *self)
{
  PnAnnotation *annotation = g_object_get_data (G_OBJECT (button), "annotation");
  const char *color = g_object_get_data (G_OBJECT (button), "color");
  g_autoptr(GError) error = NULL;
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);

  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));

  if (!pn_annotations_panel_flush (self, &error) ||
      !pn_library_edit_annotation (self->library, annotation, pn_annotation_get_note (annotation),
                                   color, &error))
    g_warning ("Could not recolour a highlight: %s", error->message);
}

static GtkWidget *
create_swatch (const char *color)
{
  g_autofree char *css_class = g_strdup_printf ("highlight-%s", color);
  GtkWidget *swatch = gtk_button_new ();

  gtk_widget_add_css_class (swatch, "circular");
  gtk_widget_add_css_class (swatch, "highlight-swatch");
  gtk_widget_add_css_class (swatch, css_class);
  return swatch;
}

static GtkWidget *
create_color_menu (PnAnnotationsPanel *self,
                   PnAnnotation       *annotation)
{
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *popover = gtk_popover_new ();
  g_autofree char *css_class = g_strdup_printf ("highlight-%s", pn_annotation_get_color (annotation));

  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    {
      GtkWidget *swatch = create_swatch (colors[i]);

      g_object_set_data (G_OBJECT (swatch), "annotation", annotation);
      g_object_set_data (G_OBJECT (swatch), "color", (gpointer) colors[i]);
      gtk_widget_set_tooltip_text (swatch, colors[i]);
      g_signal_connect (swatch, "clicked", G_CALLBACK (recolor_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), swatch);
    }

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu_button), popover);
  gtk_widget_add_css_class (menu_button, "circular");
  gtk_widget_add_css_class (menu_button, "highlight-swatch");
  gtk_widget_add_css_class (menu_button, css_class);
  gtk_widget_set_valign (menu_button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (menu_button, _("Change Colour"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Change Colour"), -1);
  return menu_button;
}

static GtkWidget *
create_row (PnAnnotationsPanel *self,
            PnAnnotation       *annotation)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *quote = gtk_label_new (pn_annotation_get_exact (annotation));
  GtkWidget *delete_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *note_view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (note_view));

  gtk_label_set_wrap (GTK_LABEL (quote), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (quote), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (quote), 4);
  gtk_label_set_ellipsize (GTK_LABEL (quote), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (quote), 0);
  gtk_widget_set_hexpand (quote, TRUE);
  gtk_widget_add_css_class (quote, "annotation-quote");

  g_object_set_data (G_OBJECT (delete_button), "annotation", annotation);
  gtk_widget_add_css_class (delete_button, "flat");
  gtk_widget_set_valign (delete_button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (delete_button, _("Delete Highlight"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Delete Highlight"), -1);
  g_signal_connect (delete_button, "clicked", G_CALLBACK (delete_clicked_cb), self);

  gtk_box_append (GTK_BOX (top), create_color_menu (self, annotation));
  gtk_box_append (GTK_BOX (top), quote);
  gtk_box_append (GTK_BOX (top), delete_button);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (note_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (note_view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (note_view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (note_view), 4);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (note_view), 4);
  gtk_widget_add_css_class (note_view, "note-editor");
  gtk_accessible_update_property (GTK_ACCESSIBLE (note_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note on this highlight"), -1);
  gtk_text_buffer_set_text (buffer, pn_annotation_get_note (annotation) ?: "", -1);
  g_object_set_data_full (G_OBJECT (buffer), "annotation", g_object_ref (annotation), g_object_unref);
  g_signal_connect (buffer, "changed", G_CALLBACK (note_changed_cb), self);
  g_hash_table_insert (self->note_views, annotation, note_view);

  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 9);
  gtk_widget_set_margin_end (box, 9);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), note_view);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "annotation", g_object_ref (annotation), g_object_unref);
  return row;
}

static int
compare_by_start (gconstpointer a,
                  gconstpointer b)
{
  PnAnnotation *first = *(PnAnnotation **) a;
  PnAnnotation *second = *(PnAnnotation **) b;
  gint64 start_a = pn_annotation_get_start (first);
  gint64 start_b = pn_annotation_get_start (second);

  if (start_a != start_b)
    return start_a < start_b ? -1 : 1;
  return g_date_time_compare (pn_annotation_get_created (first), pn_annotation_get_created (second));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
pn_annotations_panel_set_n_highlights (PnAnnotationsPanel *self,
                                       guint               n_highlights)
{
  if (self->n_highlights == n_highlights)
    return;
  self->n_highlights = n_highlights;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HIGHLIGHTS]);
}

static void
pn_annotations_panel_rebuild (PnAnnotationsPanel *self)
{
  g_autoptr(GPtrArray) attached = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) detached = g_ptr_array_new_with_free_func (g_object_unref);
  GtkTextBuffer *story_buffer = gtk_text_view_get_buffer (self->story_note_view);
  guint n_items = self->annotations ? g_list_model_get_n_items (self->annotations) : 0;

  g_hash_table_remove_all (self->note_views);
  clear_list (self->highlights_list);
  clear_list (self->detached_list);
  g_clear_object (&self->story_note);

  for (guint i = 0; i < n_items; i++)
    {
      PnAnnotation *annotation = g_list_model_get_item (self->annotations, i);

      if (!pn_annotation_has_anchor (annotation))
        {
          if (self->story_note == NULL)
            self->story_note = g_object_ref (annotation);
          g_object_unref (annotation);
        }
      else if (pn_annotation_get_detached (annotation))
        g_ptr_array_add (detached, annotation);
      else
        g_ptr_array_add (attached, annotation);
    }

  g_ptr_array_sort (attached, compare_by_start);
  for (guint i = 0; i < attached->len; i++)
    gtk_list_box_append (self->highlights_list, create_row (self, g_ptr_array_index (attached, i)));
  for (guint i = 0; i < detached->len; i++)
    gtk_list_box_append (self->detached_list, create_row (self, g_ptr_array_index (detached, i)));

  gtk_widget_set_visible (GTK_WIDGET (self->highlights_list), attached->len > 0);
  gtk_widget_set_visible (self->empty_label, attached->len == 0);
  gtk_widget_set_visible (self->detached_heading, detached->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->detached_list), detached->len > 0);

  g_signal_handlers_block_by_func (story_buffer, story_note_changed_cb, self);
  gtk_text_buffer_set_text (story_buffer, self->story_note ? pn_annotation_get_note (self->story_note) ?: "" : "", -1);
  g_signal_handlers_unblock_by_func (story_buffer, story_note_changed_cb, self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->story_note_view), self->story != NULL);

  pn_annotations_panel_set_n_highlights (self, attached->len + detached->len);
}

static void
annotations_changed_cb (PnAnnotationsPanel *self)
{
  /* The panel's own writes (a new story note) need no rebuild, which would
   * take the cursor away from the note being typed.
   */
  if (self->changing_library)
    return;

  if (!pn_annotations_panel_flush (self, NULL))
    g_debug ("Pending notes could not be saved before a rebuild");
  pn_annotations_panel_rebuild (self);
}

static void
pn_annotations_panel_dispose (GObject *object)
{
  PnAnnotationsPanel *self = (PnAnnotationsPanel *) object;
  g_autoptr(GError) error = NULL;

  if (self->library != NULL && !pn_annotations_panel_flush (self, &error))
    g_warning ("Could not save a note: %s", error->message);
  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->annotations != NULL)
    g_signal_handlers_disconnect_by_data (self->annotations, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), PN_TYPE_ANNOTATIONS_PANEL);
  pn_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->library);
  g_clear_object (&self->story);
  g_clear_object (&self->annotations);
  g_clear_object (&self->story_note);
  g_clear_pointer (&self->pending_notes, g_hash_table_unref);
  g_clear_pointer (&self->note_views, g_hash_table_unref);
  g_clear_pointer (&self->pending_story_note, g_free);

  G_OBJECT_CLASS (pn_annotations_panel_parent_class)->dispose (object);
}

static void
pn_annotations_panel_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PnAnnotationsPanel *self = PN_ANNOTATIONS_PANEL (object);

  switch (prop_id)
    {
    case PROP_N_HIGHLIGHTS:
      g_value_set_uint (value, self->n_highlights);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_annotations_panel_class_init (PnAnnotationsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pn_annotations_panel_dispose;
  object_class->get_property = pn_annotations_panel_get_property;

  properties[PROP_N_HIGHLIGHTS] =
    g_param_spec_uint ("n-highlights", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ANNOTATION_SELECTED] =
    g_signal_new ("annotation-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PN_TYPE_ANNOTATION);
  signals[DELETE_REQUESTED] =
    g_signal_new ("delete-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PN_TYPE_ANNOTATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/primenews/PrimeNews/pn-annotations-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PnAnnotationsPanel, story_note_view);
  gtk_widget_class_bind_template_child (widget_class, PnAnnotationsPanel, highlights_heading);
  gtk_widget_class_bind_template_child (widget_class, PnAnnotationsPanel, empty_label);
  gtk_widget_class_bind_template_child (widget_class, PnAnnotationsPanel, highlights_list);
  gtk_widget_class_bind_template_child (widget_class, PnAnnotationsPanel, detached_heading);
  gtk_widget_class_bind_template_child (widget_class, PnAnnotationsPanel, detached_list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
pn_annotations_panel_init (PnAnnotationsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->pending_notes = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->note_views = g_hash_table_new (NULL, NULL);
  g_signal_connect (gtk_text_view_get_buffer (self->story_note_view), "changed",
                    G_CALLBACK (story_note_changed_cb), self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->story_note_view), FALSE);
}

GtkWidget *
pn_annotations_panel_new (void)
{
  return g_object_new (PN_TYPE_ANNOTATIONS_PANEL, NULL);
}

/* @story: (nullable): NULL empties the panel */
void
pn_annotations_panel_show_story (PnAnnotationsPanel *self,
                                 PnLibrary          *library,
                                 PnStory            *story)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PN_IS_ANNOTATIONS_PANEL (self));
  g_return_if_fail (story == NULL || PN_IS_LIBRARY (library));

  if (self->library != NULL && !pn_annotations_panel_flush (self, &error))
    g_warning ("Could not save a note: %s", error->message);

  if (self->annotations != NULL)
    g_signal_handlers_disconnect_by_data (self->annotations, self);
  g_set_object (&self->library, library);
  g_set_object (&self->story, story);
  g_clear_object (&self->annotations);

  if (story != NULL)
    {
      self->annotations = g_object_ref (pn_library_get_story_annotations (library, story));
      g_signal_connect_swapped (self->annotations, "items-changed",
                                G_CALLBACK (annotations_changed_cb), self);
    }

  pn_annotations_panel_rebuild (self);
}

/* Writes every note typed so far. */
gboolean
pn_annotations_panel_flush (PnAnnotationsPanel  *self,
                            GError             **error)
{
  g_autofree char *story_note = NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_return_val_if_fail (PN_IS_ANNOTATIONS_PANEL (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->library == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, self->pending_notes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!pn_library_edit_annotation (self->library, key, value, NULL, error))
        return FALSE;
      g_hash_table_iter_remove (&iter);
    }

  story_note = g_steal_pointer (&self->pending_story_note);
  if (story_note == NULL || self->story == NULL)
    return TRUE;

  if (self->story_note != NULL)
    return pn_library_edit_annotation (self->library, self->story_note, story_note, NULL, error);

  if (*story_note != '\0')
    {
      PnAnnotation *created;

      self->changing_library = TRUE;
      created = pn_library_add_annotation (self->library, self->story, -1, -1, story_note, error);
      self->changing_library = FALSE;
      if (created == NULL)
        return FALSE;
      self->story_note = g_object_ref (created);
    }
  return TRUE;
}

void
pn_annotations_panel_focus_annotation (PnAnnotationsPanel *self,
                                       PnAnnotation       *annotation)
{
  GtkWidget *view;

  g_return_if_fail (PN_IS_ANNOTATIONS_PANEL (self));

  view = g_hash_table_lookup (self->note_views, annotation);
  if (view != NULL)
    gtk_widget_grab_focus (view);
}

/* Returns: (nullable) (transfer none): the editor of @annotation's note */
GtkTextView *
pn_annotations_panel_get_note_view (PnAnnotationsPanel *self,
                                    PnAnnotation       *annotation)
{
  g_return_val_if_fail (PN_IS_ANNOTATIONS_PANEL (self), NULL);

  if (annotation == NULL)
    return self->story_note_view;
  return g_hash_table_lookup (self->note_views, annotation);
}

guint
pn_annotations_panel_get_n_highlights (PnAnnotationsPanel *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATIONS_PANEL (self), 0);
  return self->n_highlights;
}
