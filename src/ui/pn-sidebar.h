/* pn-sidebar.h — the sources pane: views, collections, folders and sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pn-image-loader.h"
#include "pn-sidebar-item.h"

G_BEGIN_DECLS

#define PN_TYPE_SIDEBAR (pn_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (PnSidebar, pn_sidebar, PN, SIDEBAR, GtkWidget)

GtkWidget     *pn_sidebar_new               (void);
void           pn_sidebar_set_models        (PnSidebar      *self,
                                             GListModel     *sources,
                                             GListModel     *collections,
                                             GListModel     *saved_stories,
                                             GListModel     *annotations);
GListModel    *pn_sidebar_get_items         (PnSidebar      *self);
PnSidebarItem *pn_sidebar_get_selected_item (PnSidebar      *self);
gboolean       pn_sidebar_select_item       (PnSidebar      *self,
                                             PnSidebarItem  *item);
gboolean       pn_sidebar_select_source     (PnSidebar      *self,
                                             PnSource       *source);
void           pn_sidebar_set_services      (PnSidebar      *self,
                                             PnRefresher    *refresher,
                                             PnImageLoader  *images);

G_END_DECLS
