/* pn-anchor.h — W3C text selectors over a story's plain text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many code points of context a TextQuoteSelector keeps on each side. */
#define PN_ANCHOR_CONTEXT_LENGTH 32

typedef enum
{
  PN_ANCHOR_MATCH_POSITION,
  PN_ANCHOR_MATCH_QUOTE,
  PN_ANCHOR_MATCH_FUZZY,
  PN_ANCHOR_MATCH_DETACHED,
} PnAnchorMatch;

gboolean      pn_anchor_create     (const char  *text,
                                    gint64       start,
                                    gint64       end,
                                    char       **exact,
                                    char       **prefix,
                                    char       **suffix);
gboolean      pn_anchor_find_quote (const char  *text,
                                    const char  *quote,
                                    guint        occurrence,
                                    gint64      *start,
                                    gint64      *end);
PnAnchorMatch pn_anchor_reanchor   (const char  *text,
                                    const char  *exact,
                                    const char  *prefix,
                                    const char  *suffix,
                                    gint64       start,
                                    gint64       end,
                                    gint64      *new_start,
                                    gint64      *new_end);

G_END_DECLS
