/* pn-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PN_TYPE_PREFERENCES_WINDOW (pn_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (PnPreferencesWindow, pn_preferences_window, PN, PREFERENCES_WINDOW, AdwPreferencesWindow)

PnPreferencesWindow *pn_preferences_window_new (GSettings *settings);

G_END_DECLS
