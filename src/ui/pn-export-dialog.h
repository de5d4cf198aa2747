/* pn-export-dialog.h — choose what to export, in which format, and where
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pn-core.h"

G_BEGIN_DECLS

#define PN_TYPE_EXPORT_DIALOG (pn_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PnExportDialog, pn_export_dialog, PN, EXPORT_DIALOG, AdwWindow)

PnExportDialog *pn_export_dialog_new       (PnLibrary      *library,
                                            PnCollection   *collection,
                                            PnStory        *story);
gboolean        pn_export_dialog_select    (PnExportDialog *self,
                                            PnExportScope   scope,
                                            PnExportFormat  format);
void            pn_export_dialog_export_to (PnExportDialog *self,
                                            GFile          *file);

G_END_DECLS
