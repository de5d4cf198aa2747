/* pn-filter-model.h — a filtered list model with constant-time item access
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PN_TYPE_FILTER_MODEL (pn_filter_model_get_type ())

G_DECLARE_FINAL_TYPE (PnFilterModel, pn_filter_model, PN, FILTER_MODEL, GObject)

PnFilterModel *pn_filter_model_new       (GListModel    *model,
                                          GtkFilter     *filter);
GListModel    *pn_filter_model_get_model (PnFilterModel *self);
void           pn_filter_model_set_model (PnFilterModel *self,
                                          GListModel    *model);

G_END_DECLS
