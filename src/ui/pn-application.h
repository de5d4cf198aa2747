/* pn-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pn-core.h"

G_BEGIN_DECLS

#define PN_TYPE_APPLICATION (pn_application_get_type ())

G_DECLARE_FINAL_TYPE (PnApplication, pn_application, PN, APPLICATION, AdwApplication)

PnApplication *pn_application_new          (void);
GSettings     *pn_application_get_settings      (PnApplication *self);
PnLibrary     *pn_application_get_library       (PnApplication *self);
const GError  *pn_application_get_library_error (PnApplication *self);
gboolean       pn_application_get_loading       (PnApplication *self);
PnRefresher   *pn_application_get_refresher     (PnApplication *self);

G_END_DECLS
