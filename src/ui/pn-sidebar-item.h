/* pn-sidebar-item.h — one row of the sources pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pn-core.h"

G_BEGIN_DECLS

typedef enum
{
  PN_SIDEBAR_ITEM_ALL,
  PN_SIDEBAR_ITEM_UNREAD,
  PN_SIDEBAR_ITEM_SAVED,
  PN_SIDEBAR_ITEM_NOTES,
  PN_SIDEBAR_ITEM_COLLECTION,
  PN_SIDEBAR_ITEM_FOLDER,
  PN_SIDEBAR_ITEM_SOURCE,
} PnSidebarItemKind;

#define PN_TYPE_SIDEBAR_ITEM (pn_sidebar_item_get_type ())

G_DECLARE_FINAL_TYPE (PnSidebarItem, pn_sidebar_item, PN, SIDEBAR_ITEM, GObject)

PnSidebarItem     *pn_sidebar_item_new_fixed      (PnSidebarItemKind  kind,
                                                   const char        *title,
                                                   const char        *icon_name);
PnSidebarItem     *pn_sidebar_item_new_source     (PnSource          *source);
PnSidebarItem     *pn_sidebar_item_new_collection (PnCollection      *collection);
PnSidebarItem     *pn_sidebar_item_new_folder     (const char        *name);
PnSidebarItemKind  pn_sidebar_item_get_kind       (PnSidebarItem     *self);
const char        *pn_sidebar_item_get_title      (PnSidebarItem     *self);
const char        *pn_sidebar_item_get_icon_name  (PnSidebarItem     *self);
guint              pn_sidebar_item_get_count      (PnSidebarItem     *self);
void               pn_sidebar_item_set_count      (PnSidebarItem     *self,
                                                   guint              count);
PnSource          *pn_sidebar_item_get_source     (PnSidebarItem     *self);
PnCollection      *pn_sidebar_item_get_collection (PnSidebarItem     *self);
GListStore        *pn_sidebar_item_get_children   (PnSidebarItem     *self);

G_END_DECLS
