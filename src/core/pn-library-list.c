/* pn-library-list.c — the list models PnLibrary hands out
 *
 * A GListModel over an array, with the few changes the library makes:
 * GListStore keeps its items in a GSequence, a tree node per item, and a
 * cold load filled four of them with 50 000 stories node by node, which
 * cost more than sorting the stories. Here a bulk change is one copy of
 * pointers, a sorted insertion a binary search and a move, and an item
 * lookup by position is an index.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-library-list"

#include "config.h"

#include <string.h>

#include "pn-library-list.h"

struct _PnLibraryList
{
  GObject    parent_instance;

  GType      item_type;
  GPtrArray *items;   /* owned references, managed here */
};

static void pn_library_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PnLibraryList, pn_library_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pn_library_list_model_init))

static GType
pn_library_list_get_item_type (GListModel *model)
{
  return PN_LIBRARY_LIST (model)->item_type;
}

static guint
pn_library_list_get_n_items (GListModel *model)
{
  return PN_LIBRARY_LIST (model)->items->len;
}

static gpointer
pn_library_list_get_item (GListModel *model,
                          guint       position)
{
  PnLibraryList *self = PN_LIBRARY_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
pn_library_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pn_library_list_get_item_type;
  iface->get_n_items = pn_library_list_get_n_items;
  iface->get_item = pn_library_list_get_item;
}

static void
pn_library_list_finalize (GObject *object)
{
  PnLibraryList *self = (PnLibraryList *) object;

  for (guint i = 0; i < self->items->len; i++)
    g_object_unref (g_ptr_array_index (self->items, i));
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (pn_library_list_parent_class)->finalize (object);
}

static void
pn_library_list_class_init (PnLibraryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pn_library_list_finalize;
}

static void
pn_library_list_init (PnLibraryList *self)
{
  self->items = g_ptr_array_new ();
}

PnLibraryList *
pn_library_list_new (GType item_type)
{
  PnLibraryList *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);

  self = g_object_new (PN_TYPE_LIBRARY_LIST, NULL);
  self->item_type = item_type;
  return self;
}

/* Like g_list_store_splice(): one items-changed for the whole change. */
void
pn_library_list_splice (PnLibraryList *self,
                        guint          position,
                        guint          n_removals,
                        gpointer      *additions,
                        guint          n_additions)
{
  GPtrArray *items;
  guint n_after;

  g_return_if_fail (PN_IS_LIBRARY_LIST (self));
  g_return_if_fail (position + n_removals >= position &&
                    position + n_removals <= self->items->len);

  items = self->items;
  n_after = items->len - position - n_removals;
  for (guint i = 0; i < n_additions; i++)
    g_object_ref (additions[i]);
  for (guint i = position; i < position + n_removals; i++)
    g_object_unref (g_ptr_array_index (items, i));

  if (n_additions > n_removals)
    g_ptr_array_set_size (items, items->len + n_additions - n_removals);
  if (n_after > 0 && n_additions != n_removals)
    memmove (items->pdata + position + n_additions, items->pdata + position + n_removals,
             n_after * sizeof (gpointer));
  if (n_additions < n_removals)
    g_ptr_array_set_size (items, items->len - (n_removals - n_additions));
  if (n_additions > 0)
    memcpy (items->pdata + position, additions, n_additions * sizeof (gpointer));

  if (n_removals > 0 || n_additions > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, n_removals, n_additions);
}

void
pn_library_list_append (PnLibraryList *self,
                        gpointer       item)
{
  g_return_if_fail (PN_IS_LIBRARY_LIST (self));

  pn_library_list_splice (self, self->items->len, 0, &item, 1);
}

/* Inserts @item after the items that do not sort after it; returns where. */
guint
pn_library_list_insert_sorted (PnLibraryList    *self,
                               gpointer          item,
                               GCompareDataFunc  compare_func,
                               gpointer          user_data)
{
  guint low = 0, high;

  g_return_val_if_fail (PN_IS_LIBRARY_LIST (self), 0);
  g_return_val_if_fail (compare_func != NULL, 0);

  high = self->items->len;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_func (g_ptr_array_index (self->items, middle), item, user_data) <= 0)
        low = middle + 1;
      else
        high = middle;
    }
  pn_library_list_splice (self, low, 0, &item, 1);
  return low;
}

void
pn_library_list_remove (PnLibraryList *self,
                        guint          position)
{
  g_return_if_fail (PN_IS_LIBRARY_LIST (self));
  g_return_if_fail (position < self->items->len);

  pn_library_list_splice (self, position, 1, NULL, 0);
}

gboolean
pn_library_list_find (PnLibraryList *self,
                      gpointer       item,
                      guint         *position)
{
  g_return_val_if_fail (PN_IS_LIBRARY_LIST (self), FALSE);

  return g_ptr_array_find (self->items, item, position);
}

typedef struct
{
  GCompareDataFunc compare_func;
  gpointer         user_data;
} SortData;

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SortData *data = user_data;

  return data->compare_func (*(gpointer *) a, *(gpointer *) b, data->user_data);
}

void
pn_library_list_sort (PnLibraryList    *self,
                      GCompareDataFunc  compare_func,
                      gpointer          user_data)
{
  SortData data = { compare_func, user_data };

  g_return_if_fail (PN_IS_LIBRARY_LIST (self));
  g_return_if_fail (compare_func != NULL);

  if (self->items->len < 2)
    return;
  g_ptr_array_sort_with_data (self->items, compare_items, &data);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, self->items->len, self->items->len);
}
