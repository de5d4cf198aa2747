/* pn-annotations-panel.h — a story's note and highlights, edited in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pn-core.h"

G_BEGIN_DECLS

#define PN_TYPE_ANNOTATIONS_PANEL (pn_annotations_panel_get_type ())

G_DECLARE_FINAL_TYPE (PnAnnotationsPanel, pn_annotations_panel, PN, ANNOTATIONS_PANEL, GtkWidget)

GtkWidget *pn_annotations_panel_new              (void);
void       pn_annotations_panel_show_story       (PnAnnotationsPanel *self,
                                                  PnLibrary          *library,
                                                  PnStory            *story);
gboolean   pn_annotations_panel_flush            (PnAnnotationsPanel *self,
                                                  GError            **error);
void       pn_annotations_panel_focus_annotation (PnAnnotationsPanel *self,
                                                  PnAnnotation       *annotation);
GtkTextView *pn_annotations_panel_get_note_view  (PnAnnotationsPanel *self,
                                                  PnAnnotation       *annotation);
guint      pn_annotations_panel_get_n_highlights (PnAnnotationsPanel *self);

G_END_DECLS
