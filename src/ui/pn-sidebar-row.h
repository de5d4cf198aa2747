/* pn-sidebar-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pn-image-loader.h"
#include "pn-sidebar-item.h"

G_BEGIN_DECLS

#define PN_TYPE_SIDEBAR_ROW (pn_sidebar_row_get_type ())

G_DECLARE_FINAL_TYPE (PnSidebarRow, pn_sidebar_row, PN, SIDEBAR_ROW, GtkWidget)

GtkWidget *pn_sidebar_row_new    (void);
void       pn_sidebar_row_bind   (PnSidebarRow   *self,
                                  GtkTreeListRow *tree_row,
                                  PnRefresher    *refresher,
                                  PnImageLoader  *images);
void       pn_sidebar_row_unbind (PnSidebarRow   *self);

G_END_DECLS
