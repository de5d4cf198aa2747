/* pn-sidebar.c
 *
 * The rows are three sections flattened into one tree: the fixed views, the
 * collections (mapped one to one), then folders with their sources and the
 * sources without a folder. Folders exist only as the set of folder names
 * the sources carry, so the folder section is rebuilt when a source is
 * added, removed or moved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-sidebar"

#include "config.h"

#include "pn-widget-util.h"

#include <glib/gi18n.h>

#include "pn-sidebar.h"
#include "pn-sidebar-row.h"

struct _PnSidebar
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkGridView        *grid_view;

  /* Owned references */
  GListModel         *sources;
  GListModel         *saved_stories;
  GListStore         *fixed_items;
  GtkMapListModel    *collection_items;
  GListStore         *source_items;
  GtkTreeListModel   *tree;
  GtkSingleSelection *selection;
  GPtrArray          *watched_sources;
  PnSidebarItem      *all_item;
  PnSidebarItem      *unread_item;
  PnSidebarItem      *saved_item;
  PnSidebarItem      *notes_item;
  PnRefresher        *refresher;
  PnImageLoader      *images;
  GListModel         *annotations;
};

G_DEFINE_FINAL_TYPE (PnSidebar, pn_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pn_sidebar_rebuild_sources (PnSidebar *self);

static gpointer
map_collection (gpointer item,
                gpointer user_data)
{
  g_autoptr(PnCollection) collection = item;

  return pn_sidebar_item_new_collection (collection);
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  GListStore *children = pn_sidebar_item_get_children (item);

  return children != NULL ? g_object_ref (G_LIST_MODEL (children)) : NULL;
}

static void
pn_sidebar_update_counts (PnSidebar *self)
{
  guint unread = 0;
  guint n_sources = self->sources ? g_list_model_get_n_items (self->sources) : 0;

  for (guint i = 0; i < n_sources; i++)
    {
      g_autoptr(PnSource) source = g_list_model_get_item (self->sources, i);
      unread += pn_source_get_unread_count (source);
    }

  pn_sidebar_item_set_count (self->unread_item, unread);
  pn_sidebar_item_set_count (self->saved_item,
                             self->saved_stories ? g_list_model_get_n_items (self->saved_stories) : 0);
  pn_sidebar_item_set_count (self->notes_item,
                             self->annotations ? g_list_model_get_n_items (self->annotations) : 0);

  /* Folders count the unread stories of their sources. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->source_items)); i++)
    {
      g_autoptr(PnSidebarItem) item = g_list_model_get_item (G_LIST_MODEL (self->source_items), i);
      GListStore *children = pn_sidebar_item_get_children (item);
      guint folder_unread = 0;

      if (children == NULL)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (children)); j++)
        {
          g_autoptr(PnSidebarItem) child = g_list_model_get_item (G_LIST_MODEL (children), j);
          folder_unread += pn_sidebar_item_get_count (child);
        }
      pn_sidebar_item_set_count (item, folder_unread);
    }
}

static void
source_folder_changed_cb (PnSidebar *self)
{
  pn_sidebar_rebuild_sources (self);
}

static void
source_unread_changed_cb (PnSidebar *self)
{
  pn_sidebar_update_counts (self);
}

static void
pn_sidebar_unwatch_sources (PnSidebar *self)
{
  for (guint i = 0; i < self->watched_sources->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched_sources, i), self);
  g_ptr_array_set_size (self->watched_sources, 0);
}

static int
compare_items_by_title (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  return g_utf8_collate (pn_sidebar_item_get_title ((PnSidebarItem *) a) ?: "",
                         pn_sidebar_item_get_title ((PnSidebarItem *) b) ?: "");
}

static int
compare_folders_first (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  PnSidebarItem *item_a = *(PnSidebarItem **) a;
  PnSidebarItem *item_b = *(PnSidebarItem **) b;
  gboolean folder_a = pn_sidebar_item_get_kind (item_a) == PN_SIDEBAR_ITEM_FOLDER;
  gboolean folder_b = pn_sidebar_item_get_kind (item_b) == PN_SIDEBAR_ITEM_FOLDER;

  if (folder_a != folder_b)
    return folder_a ? -1 : 1;
  return compare_items_by_title (item_a, item_b, user_data);
}

static void
pn_sidebar_rebuild_sources (PnSidebar *self)
{
  g_autoptr(GHashTable) folders = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) top_level = g_ptr_array_new_with_free_func (g_object_unref);
  PnSidebarItem *selected = pn_sidebar_get_selected_item (self);
  g_autoptr(PnSource) selected_source = NULL;
  guint n_sources = self->sources ? g_list_model_get_n_items (self->sources) : 0;

  if (selected != NULL && pn_sidebar_item_get_source (selected) != NULL)
    selected_source = g_object_ref (pn_sidebar_item_get_source (selected));

  pn_sidebar_unwatch_sources (self);

  for (guint i = 0; i < n_sources; i++)
    {
      g_autoptr(PnSource) source = g_list_model_get_item (self->sources, i);
      g_autoptr(PnSidebarItem) item = pn_sidebar_item_new_source (source);
      const char *folder = pn_source_get_folder (source);

      g_signal_connect_swapped (source, "notify::folder", G_CALLBACK (source_folder_changed_cb), self);
      g_signal_connect_swapped (source, "notify::unread-count", G_CALLBACK (source_unread_changed_cb), self);
      g_ptr_array_add (self->watched_sources, source);

      if (folder != NULL && *folder != '\0')
        {
          PnSidebarItem *folder_item = g_hash_table_lookup (folders, folder);

          if (folder_item == NULL)
            {
              folder_item = pn_sidebar_item_new_folder (folder);
              g_hash_table_insert (folders, (gpointer) pn_sidebar_item_get_title (folder_item), folder_item);
              g_ptr_array_add (top_level, folder_item);
            }
          g_list_store_insert_sorted (pn_sidebar_item_get_children (folder_item), item,
                                      compare_items_by_title, NULL);
        }
      else
        {
          g_ptr_array_add (top_level, g_steal_pointer (&item));
        }
    }

  /* Folders first, then the sources without one, each alphabetical; put
   * in place at once, so that the list builds its rows once.
   */
  g_ptr_array_sort_with_data (top_level, compare_folders_first, NULL);
  g_list_store_splice (self->source_items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->source_items)),
                       top_level->pdata, top_level->len);

  pn_sidebar_update_counts (self);

  if (selected_source != NULL && !pn_sidebar_select_source (self, selected_source))
    pn_sidebar_select_item (self, self->all_item);
}

static void
sources_changed_cb (PnSidebar *self)
{
  pn_sidebar_rebuild_sources (self);
}

static void
counts_changed_cb (PnSidebar *self)
{
  pn_sidebar_update_counts (self);
}

static void
selection_changed_cb (PnSidebar *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, pn_sidebar_row_new ());
}

/* A row stays bound until it shows another item (or goes): GTK 4.8 unbinds
 * and binds rows whenever their position or selection changes.
 */
static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             PnSidebar                *self)
{
  pn_sidebar_row_bind (PN_SIDEBAR_ROW (gtk_list_item_get_child (list_item)),
                       gtk_list_item_get_item (list_item), self->refresher, self->images);
}

static void
pn_sidebar_disconnect_models (PnSidebar *self)
{
  pn_sidebar_unwatch_sources (self);
  if (self->sources != NULL)
    g_signal_handlers_disconnect_by_data (self->sources, self);
  if (self->saved_stories != NULL)
    g_signal_handlers_disconnect_by_data (self->saved_stories, self);
  if (self->annotations != NULL)
    g_signal_handlers_disconnect_by_data (self->annotations, self);
}

static void
pn_sidebar_dispose (GObject *object)
{
  PnSidebar *self = (PnSidebar *) object;

  pn_sidebar_disconnect_models (self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PN_TYPE_SIDEBAR);
  pn_widget_unparent_children (GTK_WIDGET (self));

  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->fixed_items);
  g_clear_object (&self->collection_items);
  g_clear_object (&self->source_items);
  g_clear_object (&self->sources);
  g_clear_object (&self->saved_stories);
  g_clear_object (&self->all_item);
  g_clear_object (&self->unread_item);
  g_clear_object (&self->saved_item);
  g_clear_object (&self->notes_item);
  g_clear_object (&self->refresher);
  g_clear_object (&self->images);
  g_clear_object (&self->annotations);
  g_clear_pointer (&self->watched_sources, g_ptr_array_unref);

  G_OBJECT_CLASS (pn_sidebar_parent_class)->dispose (object);
}

static void
pn_sidebar_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PnSidebar *self = PN_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ITEM:
      g_value_set_object (value, pn_sidebar_get_selected_item (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_sidebar_class_init (PnSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pn_sidebar_dispose;
  object_class->get_property = pn_sidebar_get_property;

  properties[PROP_SELECTED_ITEM] =
    g_param_spec_object ("selected-item", NULL, NULL, PN_TYPE_SIDEBAR_ITEM,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/primenews/PrimeNews/pn-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, PnSidebar, grid_view);
}

static void
pn_sidebar_init (PnSidebar *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GListStore) sections = g_list_store_new (G_TYPE_LIST_MODEL);
  GtkFlattenListModel *flat;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->watched_sources = g_ptr_array_new ();
  self->all_item = pn_sidebar_item_new_fixed (PN_SIDEBAR_ITEM_ALL, _("All Stories"),
                                              "view-list-symbolic");
  self->unread_item = pn_sidebar_item_new_fixed (PN_SIDEBAR_ITEM_UNREAD, _("Unread"),
                                                 "mail-unread-symbolic");
  self->saved_item = pn_sidebar_item_new_fixed (PN_SIDEBAR_ITEM_SAVED, _("Saved"),
                                                "starred-symbolic");
  self->notes_item = pn_sidebar_item_new_fixed (PN_SIDEBAR_ITEM_NOTES, _("Notes"),
                                                "document-edit-symbolic");

  self->fixed_items = g_list_store_new (PN_TYPE_SIDEBAR_ITEM);
  g_list_store_append (self->fixed_items, self->all_item);
  g_list_store_append (self->fixed_items, self->unread_item);
  g_list_store_append (self->fixed_items, self->saved_item);
  g_list_store_append (self->fixed_items, self->notes_item);
  self->collection_items = gtk_map_list_model_new (NULL, map_collection, NULL, NULL);
  self->source_items = g_list_store_new (PN_TYPE_SIDEBAR_ITEM);

  g_list_store_append (sections, self->fixed_items);
  g_list_store_append (sections, self->collection_items);
  g_list_store_append (sections, self->source_items);
  flat = gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&sections)));

  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (flat), FALSE, TRUE, create_children, NULL, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree)));
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selection_changed_cb), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));
}

GtkWidget *
pn_sidebar_new (void)
{
  return g_object_new (PN_TYPE_SIDEBAR, NULL);
}

/* @annotations: (nullable): every annotation, counted on the Notes row */
void
pn_sidebar_set_models (PnSidebar  *self,
                       GListModel *sources,
                       GListModel *collections,
                       GListModel *saved_stories,
                       GListModel *annotations)
{
  g_return_if_fail (PN_IS_SIDEBAR (self));

  pn_sidebar_disconnect_models (self);
  g_set_object (&self->sources, sources);
  g_set_object (&self->saved_stories, saved_stories);
  g_set_object (&self->annotations, annotations);
  if (annotations != NULL)
    g_signal_connect_swapped (annotations, "items-changed", G_CALLBACK (counts_changed_cb), self);
  gtk_map_list_model_set_model (self->collection_items, collections);

  if (sources != NULL)
    g_signal_connect_swapped (sources, "items-changed", G_CALLBACK (sources_changed_cb), self);
  if (saved_stories != NULL)
    g_signal_connect_swapped (saved_stories, "items-changed", G_CALLBACK (counts_changed_cb), self);

  pn_sidebar_rebuild_sources (self);
}

/* Returns: (transfer none): the rows as GtkTreeListRow items */
GListModel *
pn_sidebar_get_items (PnSidebar *self)
{
  g_return_val_if_fail (PN_IS_SIDEBAR (self), NULL);
  return G_LIST_MODEL (self->tree);
}

PnSidebarItem *
pn_sidebar_get_selected_item (PnSidebar *self)
{
  GtkTreeListRow *row;

  g_return_val_if_fail (PN_IS_SIDEBAR (self), NULL);

  row = gtk_single_selection_get_selected_item (self->selection);
  if (row == NULL)
    return NULL;

  /* The row keeps its item alive, so a borrowed pointer is safe to return. */
  {
    g_autoptr(PnSidebarItem) item = gtk_tree_list_row_get_item (row);
    return item;
  }
}

static gboolean
pn_sidebar_select_matching (PnSidebar *self,
                            gboolean (*matches) (PnSidebarItem *item, gpointer data),
                            gpointer   data)
{
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->tree));

  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), i);
      g_autoptr(PnSidebarItem) item = gtk_tree_list_row_get_item (row);

      if (matches (item, data))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
item_is (PnSidebarItem *item,
         gpointer       data)
{
  return item == data;
}

static gboolean
item_presents_source (PnSidebarItem *item,
                      gpointer       data)
{
  return pn_sidebar_item_get_source (item) == data;
}

gboolean
pn_sidebar_select_item (PnSidebar     *self,
                        PnSidebarItem *item)
{
  g_return_val_if_fail (PN_IS_SIDEBAR (self), FALSE);
  return pn_sidebar_select_matching (self, item_is, item);
}

gboolean
pn_sidebar_select_source (PnSidebar *self,
                          PnSource  *source)
{
  g_return_val_if_fail (PN_IS_SIDEBAR (self), FALSE);
  return pn_sidebar_select_matching (self, item_presents_source, source);
}

/* Rows of sources show a spinner while @refresher works on them, and
 * their feed's icon from @images.
 */
void
pn_sidebar_set_services (PnSidebar     *self,
                         PnRefresher   *refresher,
                         PnImageLoader *images)
{
  g_return_if_fail (PN_IS_SIDEBAR (self));
  g_set_object (&self->refresher, refresher);
  g_set_object (&self->images, images);
}
