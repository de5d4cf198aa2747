/* pn-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pn-application.h"

G_BEGIN_DECLS

#define PN_TYPE_WINDOW (pn_window_get_type ())

G_DECLARE_FINAL_TYPE (PnWindow, pn_window, PN, WINDOW, AdwApplicationWindow)

PnWindow *pn_window_new             (PnApplication *application);
PnWindow *pn_window_new_for_library (PnLibrary     *library);
PnWindow *pn_window_new_loading     (void);
void      pn_window_set_library     (PnWindow      *self,
                                     PnLibrary     *library,
                                     PnRefresher   *refresher,
                                     const GError  *load_error);
void      pn_window_show_first_story (PnWindow     *self);

G_END_DECLS
