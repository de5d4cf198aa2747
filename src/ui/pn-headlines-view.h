/* pn-headlines-view.h — the searchable, filterable list of stories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pn-core.h"

G_BEGIN_DECLS

#define PN_TYPE_HEADLINES_VIEW (pn_headlines_view_get_type ())

G_DECLARE_FINAL_TYPE (PnHeadlinesView, pn_headlines_view, PN, HEADLINES_VIEW, GtkWidget)

typedef enum
{
  PN_HEADLINES_ORDER_NEWEST_FIRST,
  PN_HEADLINES_ORDER_AS_GIVEN,
} PnHeadlinesOrder;

GtkWidget  *pn_headlines_view_new               (void);
void        pn_headlines_view_set_stories       (PnHeadlinesView  *self,
                                                 GListModel       *stories,
                                                 PnHeadlinesOrder  order);
void        pn_headlines_view_set_sources       (PnHeadlinesView  *self,
                                                 GListModel       *sources);
GListModel *pn_headlines_view_get_visible_stories (PnHeadlinesView *self);
PnStory    *pn_headlines_view_get_selected_story (PnHeadlinesView *self);
gboolean    pn_headlines_view_select_position   (PnHeadlinesView  *self,
                                                 guint             position);
gboolean    pn_headlines_view_select_relative   (PnHeadlinesView  *self,
                                                 int               delta);
gboolean    pn_headlines_view_select_next_unread (PnHeadlinesView *self);
const char *pn_headlines_view_get_search_text   (PnHeadlinesView  *self);
void        pn_headlines_view_set_search_text   (PnHeadlinesView  *self,
                                                 const char       *text);
gboolean    pn_headlines_view_get_unread_only   (PnHeadlinesView  *self);
void        pn_headlines_view_set_unread_only   (PnHeadlinesView  *self,
                                                 gboolean          unread_only);
gboolean    pn_headlines_view_get_saved_only    (PnHeadlinesView  *self);
void        pn_headlines_view_set_saved_only    (PnHeadlinesView  *self,
                                                 gboolean          saved_only);
void        pn_headlines_view_focus_search      (PnHeadlinesView  *self);
void        pn_headlines_view_set_empty_text    (PnHeadlinesView  *self,
                                                 const char       *title,
                                                 const char       *description);

G_END_DECLS
