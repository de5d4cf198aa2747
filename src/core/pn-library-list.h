/* pn-library-list.h — the list models PnLibrary hands out (internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PN_TYPE_LIBRARY_LIST (pn_library_list_get_type ())

G_DECLARE_FINAL_TYPE (PnLibraryList, pn_library_list, PN, LIBRARY_LIST, GObject)

PnLibraryList *pn_library_list_new           (GType             item_type);
void           pn_library_list_splice        (PnLibraryList    *self,
                                              guint             position,
                                              guint             n_removals,
                                              gpointer         *additions,
                                              guint             n_additions);
void           pn_library_list_append        (PnLibraryList    *self,
                                              gpointer          item);
guint          pn_library_list_insert_sorted (PnLibraryList    *self,
                                              gpointer          item,
                                              GCompareDataFunc  compare_func,
                                              gpointer          user_data);
void           pn_library_list_remove        (PnLibraryList    *self,
                                              guint             position);
gboolean       pn_library_list_find          (PnLibraryList    *self,
                                              gpointer          item,
                                              guint            *position);
void           pn_library_list_sort          (PnLibraryList    *self,
                                              GCompareDataFunc  compare_func,
                                              gpointer          user_data);

G_END_DECLS
