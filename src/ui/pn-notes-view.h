/* pn-notes-view.h — every highlight and note, newest first, searchable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pn-core.h"

G_BEGIN_DECLS

#define PN_TYPE_NOTES_VIEW (pn_notes_view_get_type ())

G_DECLARE_FINAL_TYPE (PnNotesView, pn_notes_view, PN, NOTES_VIEW, GtkWidget)

GtkWidget  *pn_notes_view_new             (void);
void        pn_notes_view_set_library     (PnNotesView *self,
                                           PnLibrary   *library);
void        pn_notes_view_set_search_text (PnNotesView *self,
                                           const char  *text);
GListModel *pn_notes_view_get_visible     (PnNotesView *self);
void        pn_notes_view_activate        (PnNotesView *self,
                                           guint        position);
void        pn_notes_view_focus_search    (PnNotesView *self);

G_END_DECLS
