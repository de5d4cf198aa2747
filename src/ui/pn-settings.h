/* pn-settings.h — the GSettings schema's keys, named once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#define PN_SETTINGS_WINDOW_WIDTH         "window-width"
#define PN_SETTINGS_WINDOW_HEIGHT        "window-height"
#define PN_SETTINGS_WINDOW_MAXIMIZED     "window-maximized"
#define PN_SETTINGS_SOURCES_PANE_WIDTH   "sources-pane-width"
#define PN_SETTINGS_HEADLINES_PANE_WIDTH "headlines-pane-width"
#define PN_SETTINGS_REFRESH_INTERVAL     "refresh-interval"
#define PN_SETTINGS_RETENTION_DAYS       "retention-days"
#define PN_SETTINGS_MARK_READ_DELAY      "mark-read-delay"
#define PN_SETTINGS_READER_FONT_SCALE    "reader-font-scale"
#define PN_SETTINGS_READER_MODE_DEFAULT  "reader-mode-default"
