/* pn-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pn-search.h"

/* How long one idle slice of key making may keep the main loop */
#define SLICE_USEC 3000

/* Typing one more letter can only narrow a substring search, and deleting
 * one can only widen it: telling the filter lets it look at the rows that
 * can change instead of every row.
 */
GtkFilterChange
pn_search_filter_change (const char *old_key,
                         const char *new_key)
{
  if (old_key == NULL)
    return GTK_FILTER_CHANGE_MORE_STRICT;
  if (new_key == NULL)
    return GTK_FILTER_CHANGE_LESS_STRICT;
  if (strstr (new_key, old_key) != NULL)
    return GTK_FILTER_CHANGE_MORE_STRICT;
  if (strstr (old_key, new_key) != NULL)
    return GTK_FILTER_CHANGE_LESS_STRICT;
  return GTK_FILTER_CHANGE_DIFFERENT;
}

/* g_utf8_casefold(), with a short way for ASCII text (most of it, in
 * English feeds), which folds byte by byte to the same result.
 */
char *
pn_search_fold (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (*p >= 0x80)
        return g_utf8_casefold (text, -1);
    }
  return g_ascii_strdown (text, -1);
}

/* Lists keep the search key of each item on the item once made. Made on
 * the first keystroke, the keys of fifty thousand stories would keep that
 * keystroke waiting a quarter of a second; made here in idle slices of a
 * few milliseconds after a list is shown, they are ready before it.
 */
struct _PnSearchKeys
{
  PnSearchKeyFunc  func;
  gpointer         user_data;
  GListModel      *model;
  guint            position;
  guint            idle_id;
};

PnSearchKeys *
pn_search_keys_new (PnSearchKeyFunc func,
                    gpointer        user_data)
{
  PnSearchKeys *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (PnSearchKeys, 1);
  self->func = func;
  self->user_data = user_data;
  return self;
}

static gboolean
prepare_slice_cb (gpointer data)
{
  PnSearchKeys *self = data;
  gint64 deadline = g_get_monotonic_time () + SLICE_USEC;
  guint n_items = g_list_model_get_n_items (self->model);

  while (self->position < n_items)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->model, self->position++);

      self->func (item, self->user_data);
      if (self->position % 64 == 0 && g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }

  self->idle_id = 0;
  g_clear_object (&self->model);
  return G_SOURCE_REMOVE;
}

/* Makes the keys of @model's items in the idle time to come, in place of
 * those of the model it was given before. Items that come and go
 * meanwhile are fine: keys made on demand still serve.
 * @model: (nullable): the items
 */
void
pn_search_keys_prepare (PnSearchKeys *self,
                        GListModel   *model)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  g_set_object (&self->model, model);
  self->position = 0;
  if (self->model == NULL)
    g_clear_handle_id (&self->idle_id, g_source_remove);
  else if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_LOW, prepare_slice_cb, self, NULL);
}

void
pn_search_keys_free (PnSearchKeys *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_object (&self->model);
  g_free (self);
}
