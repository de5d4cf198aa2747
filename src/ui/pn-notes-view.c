/* pn-notes-view.c
 *
 * All annotations of the library → sorted newest first → filtered by the
 * search → a GtkListView. Rows show the quote, the note and the story;
 * activating one asks the window to open its story at the passage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-notes-view"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "pn-filter-model.h"
#include "pn-format.h"
#include "pn-search.h"
#include "pn-notes-view.h"
#include "pn-widget-util.h"

struct _PnNotesView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListView        *list_view;

  /* Owned references */
  PnLibrary          *library;
  GtkSortListModel   *sort_model;
  PnFilterModel      *filter_model;
  GtkCustomFilter    *filter;
  PnSearchKeys       *search_keys;
  char               *search_key;
};

G_DEFINE_FINAL_TYPE (PnNotesView, pn_notes_view, GTK_TYPE_WIDGET)

enum {
  ANNOTATION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static GQuark search_key_quark;

static const char *
pn_notes_view_story_title (PnNotesView  *self,
                           PnAnnotation *annotation)
{
  PnStory *story = pn_library_lookup_story (self->library, pn_annotation_get_story_id (annotation));

  return story != NULL ? pn_story_get_title (story) : NULL;
}

typedef struct
{
  GDateTime *modified;
  char      *folded;
} SearchKey;

static void
search_key_free (SearchKey *key)
{
  g_date_time_unref (key->modified);
  g_free (key->folded);
  g_free (key);
}

/* The folded text searched: quote, note and story title, made once per
 * annotation (in idle time once the library is set) and made again when
 * the annotation was edited since.
 */
static const char *
pn_notes_view_get_search_key (PnNotesView  *self,
                              PnAnnotation *annotation)
{
  SearchKey *key = g_object_get_qdata (G_OBJECT (annotation), search_key_quark);
  GDateTime *modified = pn_annotation_get_modified (annotation);

  if (key == NULL || !g_date_time_equal (key->modified, modified))
    {
      g_autofree char *joined = g_strjoin ("\n",
                                           pn_annotation_get_exact (annotation) ?: "",
                                           pn_annotation_get_note (annotation) ?: "",
                                           pn_notes_view_story_title (self, annotation) ?: "",
                                           NULL);

      key = g_new0 (SearchKey, 1);
      key->modified = g_date_time_ref (modified);
      key->folded = pn_search_fold (joined);
      g_object_set_qdata_full (G_OBJECT (annotation), search_key_quark, key,
                               (GDestroyNotify) search_key_free);
    }
  return key->folded;
}

static void
make_search_key (gpointer item,
                 gpointer user_data)
{
  pn_notes_view_get_search_key (user_data, item);
}

static gboolean
annotation_matches (gpointer item,
                    gpointer user_data)
{
  PnNotesView *self = user_data;

  return strstr (pn_notes_view_get_search_key (self, item), self->search_key) != NULL;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  return g_date_time_compare (pn_annotation_get_created ((PnAnnotation *) b),
                              pn_annotation_get_created ((PnAnnotation *) a));
}

static void
update_stack (PnNotesView *self)
{
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0
                                      ? "list" : "empty");
}

static void
search_changed_cb (PnNotesView    *self,
                   GtkSearchEntry *entry)
{
  pn_notes_view_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
activated_cb (PnNotesView *self,
              guint        position)
{
  pn_notes_view_activate (self, position);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *meta = gtk_label_new (NULL);
  GtkWidget *quote = gtk_label_new (NULL);
  GtkWidget *note = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_label_set_ellipsize (GTK_LABEL (meta), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (meta, "caption");
  gtk_widget_add_css_class (meta, "dim-label");

  for (GtkWidget *label = quote; label != NULL; label = label == quote ? note : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (label), 3);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  gtk_widget_add_css_class (quote, "annotation-quote");

  gtk_box_append (GTK_BOX (box), meta);
  gtk_box_append (GTK_BOX (box), quote);
  gtk_box_append (GTK_BOX (box), note);
  gtk_widget_add_css_class (box, "headline-row");
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             PnNotesView              *self)
{
  PnAnnotation *annotation = gtk_list_item_get_item (list_item);
  GtkWidget *meta = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *quote = gtk_widget_get_next_sibling (meta);
  GtkWidget *note = gtk_widget_get_next_sibling (quote);
  g_autoptr(GDateTime) now = pn_format_dup_local_now ();
  g_autofree char *date = pn_format_relative_date (pn_annotation_get_created (annotation), now);
  g_autofree char *meta_text = g_strdup_printf ("%s · %s",
                                                pn_notes_view_story_title (self, annotation) ?: _("Untitled story"),
                                                date);
  const char *exact = pn_annotation_get_exact (annotation);
  const char *note_text = pn_annotation_get_note (annotation);

  gtk_label_set_text (GTK_LABEL (meta), meta_text);
  gtk_label_set_text (GTK_LABEL (quote), exact ? exact : "");
  gtk_widget_set_visible (quote, exact != NULL);
  gtk_label_set_text (GTK_LABEL (note), note_text ? note_text : "");
  gtk_widget_set_visible (note, note_text != NULL && *note_text != '\0');
}

static void
filtered_changed_cb (PnNotesView *self)
{
  update_stack (self);
}

static void
pn_notes_view_dispose (GObject *object)
{
  PnNotesView *self = (PnNotesView *) object;

  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PN_TYPE_NOTES_VIEW);
  pn_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->filter_model);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->library);
  g_clear_pointer (&self->search_keys, pn_search_keys_free);
  g_clear_pointer (&self->search_key, g_free);

  G_OBJECT_CLASS (pn_notes_view_parent_class)->dispose (object);
}

static void pn_notes_view_list_annotations (PnNotesView *self);

static void
pn_notes_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pn_notes_view_parent_class)->map (widget);
  pn_notes_view_list_annotations (PN_NOTES_VIEW (widget));
}

static void
pn_notes_view_class_init (PnNotesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pn_notes_view_dispose;
  widget_class->map = pn_notes_view_map;

  search_key_quark = g_quark_from_static_string ("pn-notes-search-key");

  signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PN_TYPE_ANNOTATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/primenews/PrimeNews/pn-notes-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PnNotesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PnNotesView, stack);
  gtk_widget_class_bind_template_child (widget_class, PnNotesView, list_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activated_cb);
}

static void
pn_notes_view_init (PnNotesView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_newest_first, NULL, NULL));
  self->filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->search_keys = pn_search_keys_new (make_search_key, self);
  self->sort_model = gtk_sort_list_model_new (NULL, sorter);
  self->filter_model = pn_filter_model_new (G_LIST_MODEL (self->sort_model), GTK_FILTER (self->filter));
  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (filtered_changed_cb), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)))));
  update_stack (self);
}

GtkWidget *
pn_notes_view_new (void)
{
  return g_object_new (PN_TYPE_NOTES_VIEW, NULL);
}

/* Sorts the library's annotations into the list once the view is shown:
 * the window sets the library before its first frame, where the Notes
 * view is hidden, and sorting thirty thousand annotations would only
 * delay that frame.
 */
static void
pn_notes_view_list_annotations (PnNotesView *self)
{
  GListModel *annotations = self->library ? pn_library_get_all_annotations (self->library) : NULL;

  if (gtk_sort_list_model_get_model (self->sort_model) == annotations)
    return;
  gtk_sort_list_model_set_model (self->sort_model, annotations);
  pn_search_keys_prepare (self->search_keys, annotations);
  update_stack (self);
}

/* @library: (nullable): whose annotations the view lists once shown */
void
pn_notes_view_set_library (PnNotesView *self,
                           PnLibrary   *library)
{
  g_return_if_fail (PN_IS_NOTES_VIEW (self));

  if (!g_set_object (&self->library, library))
    return;
  if (self->library == NULL || gtk_widget_get_mapped (GTK_WIDGET (self)))
    pn_notes_view_list_annotations (self);
}

void
pn_notes_view_set_search_text (PnNotesView *self,
                               const char  *text)
{
  g_autofree char *key = NULL;

  g_return_if_fail (PN_IS_NOTES_VIEW (self));

  if (text != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));
      if (*stripped != '\0')
        key = pn_search_fold (stripped);
    }

  /* Replacing the entry's text empties it first, which an entry reports at
   * once: that would list everything before filtering again.
   */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text ? text : "") != 0)
    {
      g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
      g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
    }

  if (g_strcmp0 (self->search_key, key) != 0)
    {
      GtkFilterChange change = pn_search_filter_change (self->search_key, key);
      gboolean was_searching = self->search_key != NULL;

      g_free (self->search_key);
      self->search_key = g_steal_pointer (&key);
      /* Without a search the filter has no function, and lets every
       * annotation through without looking at each.
       */
      if (self->search_key == NULL)
        gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
      else if (!was_searching)
        gtk_custom_filter_set_filter_func (self->filter, annotation_matches, self, NULL);
      else
        gtk_filter_changed (GTK_FILTER (self->filter), change);
    }
}

/* Returns: (transfer none): the annotations listed, newest first */
GListModel *
pn_notes_view_get_visible (PnNotesView *self)
{
  g_return_val_if_fail (PN_IS_NOTES_VIEW (self), NULL);
  return G_LIST_MODEL (self->filter_model);
}

void
pn_notes_view_activate (PnNotesView *self,
                        guint        position)
{
  g_autoptr(PnAnnotation) annotation = NULL;

  g_return_if_fail (PN_IS_NOTES_VIEW (self));

  annotation = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);
  if (annotation != NULL)
    g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, annotation);
}

void
pn_notes_view_focus_search (PnNotesView *self)
{
  g_return_if_fail (PN_IS_NOTES_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
