/* pn-headlines-view.c
 *
 * The list is a chain of models over the caller's stories:
 * stories → sort (for a folder, newest first; the library keeps its own
 * lists in order) → filter (unread, saved, search) → single selection →
 * a one-column GtkGridView. The sort sits below the filter so that typing
 * in the search entry never re-sorts, and the filter tells how its
 * criteria changed, so that typing one more character only tests the
 * stories still listed.
 *
 * A grid view, not a list view: GTK 4.8's list view keeps two hundred rows
 * alive whatever its height, and binds, measures and lays them all out
 * before its first frame and after every wholesale change; a grid keeps
 * thirty rows per column. The sidebar is a one-column grid for the same
 * reason; style.css gives both the look of list rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-headlines-view"

#include "config.h"

#include "pn-widget-util.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "pn-filter-model.h"
#include "pn-format.h"
#include "pn-search.h"
#include "pn-headline-row.h"
#include "pn-headlines-view.h"

struct _PnHeadlinesView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkScrolledWindow  *scrolled_window;
  GtkGridView        *grid_view;
  AdwStatusPage      *empty_status;

  /* Owned references */
  PnFilterModel      *filter_model;
  GtkSingleSelection *selection;
  GtkCustomSorter    *newest_first;
  GtkCustomFilter    *filter;
  GListModel         *sources;
  /* Source id → PnSource (borrowed: the sources model keeps them alive),
   * and → its case-folded title for search. Both follow renames.
   */
  GHashTable         *sources_by_id;
  GHashTable         *folded_source_titles;
  GPtrArray          *watched_sources;
  PnSearchKeys       *search_keys;
  /* Rows the grid view let go, for the next ones it sets up */
  GPtrArray          *spare_rows;
  char               *search_key;

  guint               unread_only : 1;
  guint               saved_only : 1;
  guint               filtering : 1;   /* the filter has story_matches() */
};

G_DEFINE_FINAL_TYPE (PnHeadlinesView, pn_headlines_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_STORY,
  PROP_SEARCH_TEXT,
  PROP_UNREAD_ONLY,
  PROP_SAVED_ONLY,
  PROP_N_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVE_TOGGLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static GQuark search_key_quark;

/* More than the grid view ever holds at once */
#define MAX_SPARE_ROWS 256

static PnSource *
pn_headlines_view_lookup_source (PnHeadlinesView *self,
                                 PnStory         *story)
{
  const char *source_id = pn_story_get_source_id (story);

  return source_id != NULL ? g_hash_table_lookup (self->sources_by_id, source_id) : NULL;
}

/* Stories are searched by title, source and the first words of their text:
 * those of the preview the rows show, so a search never loads the bodies.
 * The folded key of a story's own text is made once and kept on it, so a
 * keystroke over a hundred thousand stories is a substring search, not a
 * hundred thousand case-folds; source titles are folded once per source.
 * The keys of the stories listed are made in idle time after they are
 * listed, before anyone types.
 */
static const char *
pn_headlines_view_get_search_key (PnHeadlinesView *self,
                                  PnStory         *story)
{
  const char *key = g_object_get_qdata (G_OBJECT (story), search_key_quark);

  if (key == NULL)
    {
      g_autofree char *excerpt = pn_format_excerpt (pn_story_get_preview (story), 300);
      g_autofree char *joined = g_strjoin ("\n",
                                           pn_story_get_title (story) ? pn_story_get_title (story) : "",
                                           excerpt,
                                           NULL);
      char *folded = pn_search_fold (joined);

      g_object_set_qdata_full (G_OBJECT (story), search_key_quark, folded, g_free);
      key = folded;
    }

  return key;
}

static void
make_search_key (gpointer item,
                 gpointer user_data)
{
  pn_headlines_view_get_search_key (user_data, item);
}

static gboolean
story_matches (gpointer item,
               gpointer user_data)
{
  PnHeadlinesView *self = user_data;
  PnStory *story = item;

  if (self->unread_only && pn_story_get_read (story))
    return FALSE;
  if (self->saved_only && !pn_story_get_saved (story))
    return FALSE;
  if (self->search_key == NULL)
    return TRUE;

  if (strstr (pn_headlines_view_get_search_key (self, story), self->search_key) != NULL)
    return TRUE;

  {
    const char *folded_source = g_hash_table_lookup (self->folded_source_titles,
                                                     pn_story_get_source_id (story) ?: "");
    return folded_source != NULL && strstr (folded_source, self->search_key) != NULL;
  }
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  GDateTime *date_a = pn_story_get_sort_date ((PnStory *) a);
  GDateTime *date_b = pn_story_get_sort_date ((PnStory *) b);

  if (date_a != NULL && date_b != NULL)
    {
      int order = g_date_time_compare (date_b, date_a);
      if (order != 0)
        return order;
    }
  else if (date_a != date_b)
    return date_a == NULL ? 1 : -1;

  return g_strcmp0 (pn_story_get_id ((PnStory *) a), pn_story_get_id ((PnStory *) b));
}

/* Without a criterion, the filter has no function: the filter model then
 * takes every story without looking at each (fifty thousand, in All
 * stories). Setting or clearing the function tells a different filter.
 * The filter model tells a change in runs: "n-visible" is told once, after.
 */
static void
pn_headlines_view_refilter (PnHeadlinesView *self,
                            GtkFilterChange  change)
{
  gboolean filtering = self->unread_only || self->saved_only || self->search_key != NULL;

  g_object_freeze_notify (G_OBJECT (self));
  if (filtering != self->filtering)
    {
      self->filtering = filtering;
      if (filtering)
        gtk_custom_filter_set_filter_func (self->filter, story_matches, self, NULL);
      else
        gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
    }
  else if (filtering)
    gtk_filter_changed (GTK_FILTER (self->filter), change);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Turning a criterion on can only hide stories; turning it off can only
 * show more.
 */
static GtkFilterChange
change_for_toggle (gboolean enabled)
{
  return enabled ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT;
}

static void
pn_headlines_view_update_stack (PnHeadlinesView *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? "list" : "empty");
}

static void
filtered_items_changed_cb (PnHeadlinesView *self,
                           guint            position,
                           guint            removed,
                           guint            added)
{
  pn_headlines_view_update_stack (self);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_VISIBLE]);
}

static void
selection_changed_cb (PnHeadlinesView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_STORY]);
}

static void
search_changed_cb (PnHeadlinesView *self,
                   GtkSearchEntry  *entry)
{
  pn_headlines_view_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
stop_search_cb (PnHeadlinesView *self,
                GtkSearchEntry  *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid_view));
}

static void
row_save_toggled_cb (PnHeadlinesView *self,
                     PnStory         *story)
{
  g_signal_emit (self, signals[SAVE_TOGGLED], 0, story);
}

/* GTK 4.8's grid view destroys the rows it stops showing and makes new
 * ones for the next items it shows, all of them when the list changes
 * wholesale, and making a row costs more than binding it
 * twice over. So a row that loses its parent is kept here and handed out
 * again. (The factory's teardown comes too late for that: by then GTK
 * has taken the row out of its list item.)
 */
static void
row_parent_changed_cb (GtkWidget       *row,
                       GParamSpec      *pspec,
                       PnHeadlinesView *self)
{
  if (gtk_widget_get_parent (row) != NULL ||
      self->spare_rows == NULL || self->spare_rows->len >= MAX_SPARE_ROWS)
    return;
  pn_headline_row_unbind (PN_HEADLINE_ROW (row));
  g_ptr_array_add (self->spare_rows, g_object_ref (row));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              PnHeadlinesView          *self)
{
  g_autoptr(GtkWidget) row = NULL;

  if (self->spare_rows->len > 0)
    row = g_ptr_array_steal_index_fast (self->spare_rows, self->spare_rows->len - 1);
  else
    {
      row = g_object_ref_sink (pn_headline_row_new ());
      g_signal_connect_swapped (row, "save-toggled", G_CALLBACK (row_save_toggled_cb), self);
      g_signal_connect (row, "notify::parent", G_CALLBACK (row_parent_changed_cb), self);
    }
  gtk_list_item_set_child (list_item, row);
}

/* GTK 4.8's factory unbinds and binds a row again whenever its position
 * changes, as when a keystroke hides a row above it: a row stays bound
 * until it shows another story (or is set aside), so that binding it to
 * the story it shows is cheap.
 */
static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             PnHeadlinesView          *self)
{
  g_autoptr(GDateTime) now = pn_format_dup_local_now ();
  PnStory *story = gtk_list_item_get_item (list_item);

  pn_headline_row_bind (PN_HEADLINE_ROW (gtk_list_item_get_child (list_item)), story,
                        pn_headlines_view_lookup_source (self, story), now);
}

static void source_title_changed_cb (PnHeadlinesView *self);

static void
pn_headlines_view_rebuild_source_titles (PnHeadlinesView *self)
{
  guint n_sources = self->sources ? g_list_model_get_n_items (self->sources) : 0;

  for (guint i = 0; i < self->watched_sources->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched_sources, i), self);
  g_ptr_array_set_size (self->watched_sources, 0);
  g_hash_table_remove_all (self->sources_by_id);
  g_hash_table_remove_all (self->folded_source_titles);

  for (guint i = 0; i < n_sources; i++)
    {
      g_autoptr(PnSource) source = g_list_model_get_item (self->sources, i);
      const char *title = pn_source_get_display_title (source);

      g_hash_table_insert (self->sources_by_id, (gpointer) pn_source_get_id (source), source);
      g_hash_table_insert (self->folded_source_titles, (gpointer) pn_source_get_id (source),
                           pn_search_fold (title ? title : ""));
      g_signal_connect_swapped (source, "notify::display-title", G_CALLBACK (source_title_changed_cb), self);
      g_ptr_array_add (self->watched_sources, source);
    }
}

static void
source_title_changed_cb (PnHeadlinesView *self)
{
  pn_headlines_view_rebuild_source_titles (self);
  if (self->search_key != NULL)
    pn_headlines_view_refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
sources_changed_cb (PnHeadlinesView *self)
{
  pn_headlines_view_rebuild_source_titles (self);
}

static void
pn_headlines_view_dispose (GObject *object)
{
  PnHeadlinesView *self = (PnHeadlinesView *) object;

  if (self->sources != NULL)
    g_signal_handlers_disconnect_by_data (self->sources, self);
  for (guint i = 0; self->watched_sources != NULL && i < self->watched_sources->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched_sources, i), self);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  /* The grid view's rows come back to spare_rows as it goes, and go with it. */
  gtk_widget_dispose_template (GTK_WIDGET (self), PN_TYPE_HEADLINES_VIEW);
  pn_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->newest_first);
  g_clear_object (&self->filter);
  g_clear_object (&self->sources);
  g_clear_pointer (&self->sources_by_id, g_hash_table_unref);
  g_clear_pointer (&self->folded_source_titles, g_hash_table_unref);
  g_clear_pointer (&self->watched_sources, g_ptr_array_unref);
  g_clear_pointer (&self->spare_rows, g_ptr_array_unref);
  g_clear_pointer (&self->search_keys, pn_search_keys_free);

  G_OBJECT_CLASS (pn_headlines_view_parent_class)->dispose (object);
}

static void
pn_headlines_view_finalize (GObject *object)
{
  PnHeadlinesView *self = (PnHeadlinesView *) object;

  g_clear_pointer (&self->search_key, g_free);

  G_OBJECT_CLASS (pn_headlines_view_parent_class)->finalize (object);
}

static void
pn_headlines_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PnHeadlinesView *self = PN_HEADLINES_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_STORY:
      g_value_set_object (value, pn_headlines_view_get_selected_story (self));
      break;

    case PROP_SEARCH_TEXT:
      g_value_set_string (value, pn_headlines_view_get_search_text (self));
      break;

    case PROP_UNREAD_ONLY:
      g_value_set_boolean (value, self->unread_only);
      break;

    case PROP_SAVED_ONLY:
      g_value_set_boolean (value, self->saved_only);
      break;

    case PROP_N_VISIBLE:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_headlines_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  PnHeadlinesView *self = PN_HEADLINES_VIEW (object);

  switch (prop_id)
    {
    case PROP_SEARCH_TEXT:
      pn_headlines_view_set_search_text (self, g_value_get_string (value));
      break;

    case PROP_UNREAD_ONLY:
      pn_headlines_view_set_unread_only (self, g_value_get_boolean (value));
      break;

    case PROP_SAVED_ONLY:
      pn_headlines_view_set_saved_only (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_headlines_view_class_init (PnHeadlinesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = pn_headlines_view_dispose;
  object_class->finalize = pn_headlines_view_finalize;
  object_class->get_property = pn_headlines_view_get_property;
  object_class->set_property = pn_headlines_view_set_property;

  properties[PROP_SELECTED_STORY] =
    g_param_spec_object ("selected-story", NULL, NULL, PN_TYPE_STORY, ro);
  properties[PROP_SEARCH_TEXT] = g_param_spec_string ("search-text", NULL, NULL, NULL, rw);
  properties[PROP_UNREAD_ONLY] = g_param_spec_boolean ("unread-only", NULL, NULL, FALSE, rw);
  properties[PROP_SAVED_ONLY] = g_param_spec_boolean ("saved-only", NULL, NULL, FALSE, rw);
  properties[PROP_N_VISIBLE] = g_param_spec_uint ("n-visible", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SAVE_TOGGLED] =
    g_signal_new ("save-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PN_TYPE_STORY);

  search_key_quark = g_quark_from_static_string ("pn-headlines-search-key");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/primenews/PrimeNews/pn-headlines-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PnHeadlinesView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PnHeadlinesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PnHeadlinesView, stack);
  gtk_widget_class_bind_template_child (widget_class, PnHeadlinesView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, PnHeadlinesView, grid_view);
  gtk_widget_class_bind_template_child (widget_class, PnHeadlinesView, empty_status);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
}

static void
pn_headlines_view_init (PnHeadlinesView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->sources_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->folded_source_titles = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->watched_sources = g_ptr_array_new ();
  self->spare_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->search_keys = pn_search_keys_new (make_search_key, self);
  self->newest_first = gtk_custom_sorter_new (compare_newest_first, NULL, NULL);
  self->filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->filter_model = pn_filter_model_new (NULL, GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect_swapped (self->filter_model, "items-changed",
                            G_CALLBACK (filtered_items_changed_cb), self);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selection_changed_cb), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  pn_headlines_view_update_stack (self);
}

GtkWidget *
pn_headlines_view_new (void)
{
  return g_object_new (PN_TYPE_HEADLINES_VIEW, NULL);
}

/* @stories: (nullable): PnStory items; NULL empties the list */
void
pn_headlines_view_set_stories (PnHeadlinesView  *self,
                               GListModel       *stories,
                               PnHeadlinesOrder  order)
{
  g_autoptr(GListModel) sorted = NULL;

  g_return_if_fail (PN_IS_HEADLINES_VIEW (self));
  g_return_if_fail (stories == NULL || G_IS_LIST_MODEL (stories));

  if (stories != NULL && order == PN_HEADLINES_ORDER_NEWEST_FIRST)
    sorted = G_LIST_MODEL (gtk_sort_list_model_new (g_object_ref (stories),
                                                    g_object_ref (GTK_SORTER (self->newest_first))));

  /* The filter model, given the stories in place of others, lets the grid
   * view bind its rows to them rather than build new ones.
   */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  pn_filter_model_set_model (self->filter_model, sorted != NULL ? sorted : stories);
  pn_search_keys_prepare (self->search_keys, stories);
  pn_headlines_view_update_stack (self);
}

/* @sources: (nullable): PnSource items, to show each story's source */
void
pn_headlines_view_set_sources (PnHeadlinesView *self,
                               GListModel      *sources)
{
  g_return_if_fail (PN_IS_HEADLINES_VIEW (self));

  if (self->sources != NULL)
    g_signal_handlers_disconnect_by_data (self->sources, self);
  g_set_object (&self->sources, sources);
  if (self->sources != NULL)
    g_signal_connect_swapped (self->sources, "items-changed", G_CALLBACK (sources_changed_cb), self);
  pn_headlines_view_rebuild_source_titles (self);
}

/* Returns: (transfer none): the stories as listed, after sorting and filtering */
GListModel *
pn_headlines_view_get_visible_stories (PnHeadlinesView *self)
{
  g_return_val_if_fail (PN_IS_HEADLINES_VIEW (self), NULL);
  return G_LIST_MODEL (self->filter_model);
}

PnStory *
pn_headlines_view_get_selected_story (PnHeadlinesView *self)
{
  g_return_val_if_fail (PN_IS_HEADLINES_VIEW (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

gboolean
pn_headlines_view_select_position (PnHeadlinesView *self,
                                   guint            position)
{
  g_return_val_if_fail (PN_IS_HEADLINES_VIEW (self), FALSE);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)))
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  /* GTK 4.8's list and grid views have no scroll_to(); their own action does it. */
  gtk_widget_activate_action (GTK_WIDGET (self->grid_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

/* Moves the selection by @delta rows (j/k); the first move selects the first
 * row. Returns FALSE at either end.
 */
gboolean
pn_headlines_view_select_relative (PnHeadlinesView *self,
                                   int              delta)
{
  guint selected;

  g_return_val_if_fail (PN_IS_HEADLINES_VIEW (self), FALSE);

  selected = gtk_single_selection_get_selected (self->selection);
  if (selected == GTK_INVALID_LIST_POSITION)
    return pn_headlines_view_select_position (self, 0);
  if (delta < 0 && selected < (guint) -delta)
    return FALSE;

  return pn_headlines_view_select_position (self, selected + delta);
}

gboolean
pn_headlines_view_select_next_unread (PnHeadlinesView *self)
{
  GListModel *visible;
  guint selected;
  guint n_items;

  g_return_val_if_fail (PN_IS_HEADLINES_VIEW (self), FALSE);

  visible = G_LIST_MODEL (self->filter_model);
  n_items = g_list_model_get_n_items (visible);
  selected = gtk_single_selection_get_selected (self->selection);

  for (guint i = selected == GTK_INVALID_LIST_POSITION ? 0 : selected + 1; i < n_items; i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (visible, i);

      if (!pn_story_get_read (story))
        return pn_headlines_view_select_position (self, i);
    }

  return FALSE;
}

const char *
pn_headlines_view_get_search_text (PnHeadlinesView *self)
{
  g_return_val_if_fail (PN_IS_HEADLINES_VIEW (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

void
pn_headlines_view_set_search_text (PnHeadlinesView *self,
                                   const char      *text)
{
  g_autofree char *key = NULL;
  GtkFilterChange change;

  g_return_if_fail (PN_IS_HEADLINES_VIEW (self));

  if (text != NULL && *text != '\0')
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));
      if (*stripped != '\0')
        key = pn_search_fold (stripped);
    }

  /* Replacing the entry's text empties it first, and an empty search
   * entry reports its change at once: left to itself, that would list
   * every story before filtering them again.
   */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text ? text : "") != 0)
    {
      g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
      g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
    }

  change = pn_search_filter_change (self->search_key, key);
  if (!pn_set_str (&self->search_key, key))
    return;

  pn_headlines_view_refilter (self, change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

gboolean
pn_headlines_view_get_unread_only (PnHeadlinesView *self)
{
  g_return_val_if_fail (PN_IS_HEADLINES_VIEW (self), FALSE);
  return self->unread_only;
}

void
pn_headlines_view_set_unread_only (PnHeadlinesView *self,
                                   gboolean         unread_only)
{
  g_return_if_fail (PN_IS_HEADLINES_VIEW (self));

  unread_only = !!unread_only;
  if (self->unread_only == (guint) unread_only)
    return;
  self->unread_only = unread_only;
  pn_headlines_view_refilter (self, change_for_toggle (unread_only));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_ONLY]);
}

gboolean
pn_headlines_view_get_saved_only (PnHeadlinesView *self)
{
  g_return_val_if_fail (PN_IS_HEADLINES_VIEW (self), FALSE);
  return self->saved_only;
}

void
pn_headlines_view_set_saved_only (PnHeadlinesView *self,
                                  gboolean         saved_only)
{
  g_return_if_fail (PN_IS_HEADLINES_VIEW (self));

  saved_only = !!saved_only;
  if (self->saved_only == (guint) saved_only)
    return;
  self->saved_only = saved_only;
  pn_headlines_view_refilter (self, change_for_toggle (saved_only));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED_ONLY]);
}

void
pn_headlines_view_focus_search (PnHeadlinesView *self)
{
  g_return_if_fail (PN_IS_HEADLINES_VIEW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
pn_headlines_view_set_empty_text (PnHeadlinesView *self,
                                  const char      *title,
                                  const char      *description)
{
  g_return_if_fail (PN_IS_HEADLINES_VIEW (self));

  adw_status_page_set_title (self->empty_status, title);
  adw_status_page_set_description (self->empty_status, description);
}
