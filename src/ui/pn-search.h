/* pn-search.h — searching lists as the user types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkFilterChange pn_search_filter_change (const char *old_key,
                                         const char *new_key);
char           *pn_search_fold          (const char *text);

/* Makes (and keeps, as it sees fit) the search key of @item. */
typedef void (*PnSearchKeyFunc) (gpointer item,
                                 gpointer user_data);

typedef struct _PnSearchKeys PnSearchKeys;

PnSearchKeys   *pn_search_keys_new      (PnSearchKeyFunc  func,
                                         gpointer         user_data);
void            pn_search_keys_prepare  (PnSearchKeys    *self,
                                         GListModel      *model);
void            pn_search_keys_free     (PnSearchKeys    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PnSearchKeys, pn_search_keys_free)

G_END_DECLS
