/* pn-add-source-dialog.h — subscribe to a feed or a website
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pn-core.h"

G_BEGIN_DECLS

#define PN_TYPE_ADD_SOURCE_DIALOG (pn_add_source_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PnAddSourceDialog, pn_add_source_dialog, PN, ADD_SOURCE_DIALOG, AdwWindow)

PnAddSourceDialog *pn_add_source_dialog_new (PnLibrary   *library,
                                             PnRefresher *refresher);

G_END_DECLS
