/* pn-document.h — a story body as blocks and inline spans over one plain text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pn-types.h"

G_BEGIN_DECLS

/* A PnDocument is immutable. Its plain text is the blocks' texts joined by a
 * blank line ("\n\n"); list items start with their marker ("• " or "3. ").
 * Every offset below counts Unicode code points in that text: it is the one
 * coordinate system for annotations, search and exports.
 */

typedef enum
{
  PN_BLOCK_PARAGRAPH,
  PN_BLOCK_HEADING,       /* level: 1–6 */
  PN_BLOCK_LIST_ITEM,     /* depth: nesting (1 = top); ordinal: number, 0 for a bullet */
  PN_BLOCK_QUOTE,         /* a paragraph inside quote_depth block quotes */
  PN_BLOCK_PREFORMATTED,  /* whitespace kept verbatim */
  PN_BLOCK_IMAGE,         /* src, alt, href; its text is the caption (may be empty) */
  PN_BLOCK_RULE,          /* a thematic break; no text */
  PN_BLOCK_TABLE_ROW,     /* the row's cells in reading order, separated by '\t' */
} PnBlockKind;

typedef enum
{
  PN_SPAN_BOLD,
  PN_SPAN_ITALIC,
  PN_SPAN_CODE,
  PN_SPAN_STRIKE,
  PN_SPAN_UNDERLINE,
  PN_SPAN_SUBSCRIPT,
  PN_SPAN_SUPERSCRIPT,
  PN_SPAN_LINK,           /* href */
  PN_SPAN_LINE_BREAK,     /* covers the one "\n" it put in the text */
} PnSpanKind;

typedef struct
{
  PnSpanKind  kind;
  guint       start;      /* code points into the document's text */
  guint       end;        /* exclusive */
  const char *href;       /* PN_SPAN_LINK only, else NULL */
} PnSpan;

typedef struct
{
  PnBlockKind   kind;
  guint         start;          /* first code point, list marker included */
  guint         end;            /* exclusive */
  guint         content_start;  /* after the list marker; == start otherwise */
  guint         level;          /* headings: 1–6; else 0 */
  guint         depth;          /* list nesting; continuation paragraphs and <dd> too */
  guint         quote_depth;    /* how many block quotes enclose the block */
  guint         ordinal;        /* ordered list items: the number shown */
  const char   *src;            /* images */
  const char   *alt;            /* images */
  const char   *href;           /* images inside a link */
  const PnSpan *spans;          /* sorted by start, then longest first */
  guint         n_spans;
} PnBlock;

#define PN_TYPE_DOCUMENT (pn_document_get_type ())

G_DECLARE_FINAL_TYPE (PnDocument, pn_document, PN, DOCUMENT, GObject)

PnDocument    *pn_document_new_from_html       (const char  *sanitized_html,
                                                gssize       length);
PnDocument    *pn_document_new_from_json       (JsonNode    *node,
                                                GError     **error);
JsonNode      *pn_document_to_json             (PnDocument  *self);

const char    *pn_document_get_text            (PnDocument  *self);
guint          pn_document_get_length          (PnDocument  *self);
guint          pn_document_get_n_blocks        (PnDocument  *self);
const PnBlock *pn_document_get_block           (PnDocument  *self,
                                                guint        index);
int            pn_document_get_block_at_offset (PnDocument  *self,
                                                guint        offset);
gboolean       pn_document_get_blocks_in_range (PnDocument  *self,
                                                guint        start,
                                                guint        end,
                                                guint       *first_block,
                                                guint       *last_block);
char          *pn_document_dup_text_range      (PnDocument  *self,
                                                guint        start,
                                                guint        end);
char          *pn_document_dup_block_text      (PnDocument  *self,
                                                guint        index);

const char    *pn_block_kind_to_string         (PnBlockKind  kind);
const char    *pn_span_kind_to_string          (PnSpanKind   kind);

G_END_DECLS
