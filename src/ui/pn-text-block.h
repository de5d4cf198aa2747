/* pn-text-block.h — a few lines of plain text for the rows of long lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PN_TYPE_TEXT_BLOCK (pn_text_block_get_type ())

G_DECLARE_FINAL_TYPE (PnTextBlock, pn_text_block, PN, TEXT_BLOCK, GtkWidget)

GtkWidget  *pn_text_block_new       (guint        max_lines);
const char *pn_text_block_get_text  (PnTextBlock *self);
void        pn_text_block_set_text  (PnTextBlock *self,
                                     const char  *text);
guint       pn_text_block_get_lines (PnTextBlock *self);
void        pn_text_block_set_lines (PnTextBlock *self,
                                     guint        max_lines);

G_END_DECLS
