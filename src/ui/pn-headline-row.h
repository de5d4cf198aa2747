/* pn-headline-row.h — one story in the headlines list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pn-core.h"

G_BEGIN_DECLS

#define PN_TYPE_HEADLINE_ROW (pn_headline_row_get_type ())

G_DECLARE_FINAL_TYPE (PnHeadlineRow, pn_headline_row, PN, HEADLINE_ROW, GtkWidget)

GtkWidget *pn_headline_row_new       (void);
PnStory   *pn_headline_row_get_story (PnHeadlineRow *self);
void       pn_headline_row_bind      (PnHeadlineRow *self,
                                      PnStory       *story,
                                      PnSource      *source,
                                      GDateTime     *now);
void       pn_headline_row_unbind    (PnHeadlineRow *self);

G_END_DECLS
