/* pn-reader-view.h — a story rendered natively: no web engine, nothing runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pn-core.h"
#include "pn-image-loader.h"

G_BEGIN_DECLS

#define PN_TYPE_READER_VIEW (pn_reader_view_get_type ())

G_DECLARE_FINAL_TYPE (PnReaderView, pn_reader_view, PN, READER_VIEW, GtkWidget)

GtkWidget     *pn_reader_view_new               (void);
void           pn_reader_view_show_story        (PnReaderView *self,
                                                 PnStory      *story,
                                                 PnDocument   *document,
                                                 const char   *source_title);
PnStory       *pn_reader_view_get_story         (PnReaderView *self);
GtkTextView   *pn_reader_view_get_text_view     (PnReaderView *self);
void           pn_reader_view_get_iter_at_offset (PnReaderView *self,
                                                  GtkTextIter  *iter,
                                                  guint         document_offset);
guint          pn_reader_view_get_document_offset (PnReaderView      *self,
                                                   const GtkTextIter *iter);
double         pn_reader_view_get_font_scale    (PnReaderView *self);
void           pn_reader_view_set_font_scale    (PnReaderView *self,
                                                 double        font_scale);
gboolean       pn_reader_view_scroll_page       (PnReaderView *self);
void           pn_reader_view_set_annotations   (PnReaderView *self,
                                                 GListModel   *annotations);
gboolean       pn_reader_view_get_selection     (PnReaderView *self,
                                                 guint        *start,
                                                 guint        *end);
void           pn_reader_view_select_range      (PnReaderView *self,
                                                 guint         start,
                                                 guint         end);
gboolean       pn_reader_view_highlight_selection (PnReaderView *self,
                                                   const char   *color,
                                                   gboolean      add_note);
gboolean       pn_reader_view_reveal_annotation (PnReaderView *self,
                                                 PnAnnotation *annotation);
void           pn_reader_view_set_image_loader  (PnReaderView  *self,
                                                 PnImageLoader *loader);

G_END_DECLS
