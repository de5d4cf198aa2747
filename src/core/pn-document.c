/* pn-document.c — builds the block/span model of a story body
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-document"

#include <string.h>

#include "pn-document.h"
#include "pn-document-private.h"
#include "pn-error.h"
#include "pn-html-private.h"

#define PN_DOCUMENT_JSON_VERSION 1

struct _PnDocument
{
  GObject       parent_instance;

  char         *text;
  gsize         text_bytes;
  guint         length;        /* code points */
  GArray       *blocks;        /* PnBlock */
  GArray       *block_bytes;   /* guint: byte offset of each block's start */
  GArray       *spans;         /* PnSpan, grouped by block */
  GStringChunk *strings;       /* hrefs, srcs, alts */
};

G_DEFINE_FINAL_TYPE (PnDocument, pn_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_N_BLOCKS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const block_kind_names[] = {
  "paragraph", "heading", "list-item", "quote", "preformatted", "image", "rule", "table-row",
};

static const char * const span_kind_names[] = {
  "bold", "italic", "code", "strike", "underline", "subscript", "superscript", "link", "line-break",
};

/* ---- Building from HTML ------------------------------------------------ */

typedef struct
{
  PnSpanKind  kind;
  const char *href;
  gint64      start;   /* -1 until the span's first character is written */
} OpenSpan;

typedef struct
{
  gboolean ordered;
  guint    next;
} ListLevel;

typedef struct
{
  PnDocument *doc;
  GString    *text;
  guint       n_chars;

  GArray     *open_spans;     /* OpenSpan, innermost last */
  guint       n_lazy;
  GArray     *block_spans;    /* PnSpan of the block being built */
  GArray     *span_blocks;    /* guint: first span index of each committed block */
  gsize       block_byte_start;

  gboolean    block_open;
  PnBlock     block;
  gsize       rollback_bytes;
  guint       rollback_chars;
  gboolean    pending_space;

  guint       quote_depth;
  guint       pre_depth;
  guint       table_depth;     /* inside a data table's row: blocks flatten */
  guint       extra_depth;     /* <dd> indentation */
  GArray     *lists;           /* ListLevel */
  gboolean    pending_li;
  guint       pending_ordinal;

  const char *caption;         /* the enclosing figure's caption, until used */
} Builder;

static void build_children (Builder *b,
                            xmlNode *node);
static void build_node     (Builder *b,
                            xmlNode *node);

static gboolean
is_continuation (guchar c)
{
  return (c & 0xC0) == 0x80;
}

static guint
count_chars (const char *s,
             gsize       n)
{
  guint count = 0;

  for (gsize i = 0; i < n; i++)
    count += !is_continuation (s[i]);
  return count;
}

static gboolean
is_collapsible (const guchar *p)
{
  return _pn_html_is_space (p[0]) || (p[0] == 0xC2 && p[1] == 0xA0);
}

static const char *
intern (Builder    *b,
        const char *s)
{
  return s != NULL ? g_string_chunk_insert_const (b->doc->strings, s) : NULL;
}

static gboolean
block_has_content (Builder *b)
{
  return b->block_open && b->n_chars > b->block.content_start;
}

static PnBlockKind
context_kind (Builder *b)
{
  if (b->pre_depth > 0)
    return PN_BLOCK_PREFORMATTED;
  if (b->pending_li)
    return PN_BLOCK_LIST_ITEM;
  if (b->quote_depth > 0)
    return PN_BLOCK_QUOTE;
  return PN_BLOCK_PARAGRAPH;
}

static void
append_raw (Builder    *b,
            const char *s,
            gsize       n)
{
  g_string_append_len (b->text, s, n);
  b->n_chars += count_chars (s, n);
}

static int
compare_spans_cb (gconstpointer a,
                  gconstpointer b)
{
  const PnSpan *span_a = a;
  const PnSpan *span_b = b;

  if (span_a->start != span_b->start)
    return span_a->start < span_b->start ? -1 : 1;
  if (span_a->end != span_b->end)
    return span_a->end > span_b->end ? -1 : 1;
  return (int) span_a->kind - (int) span_b->kind;
}

static void
close_block (Builder *b)
{
  guint first_span;

  if (!b->block_open)
    return;
  b->block_open = FALSE;
  b->pending_space = FALSE;

  /* Trailing spaces and line breaks carry nothing. */
  while (b->n_chars > b->block.content_start &&
         (b->text->str[b->text->len - 1] == ' ' || b->text->str[b->text->len - 1] == '\n'))
    {
      g_string_truncate (b->text, b->text->len - 1);
      b->n_chars--;
    }

  /* Spans still open are cut at the block's end and resume in the next one. */
  for (guint i = 0; i < b->open_spans->len; i++)
    {
      OpenSpan *open = &g_array_index (b->open_spans, OpenSpan, i);

      if (open->start >= 0)
        {
          PnSpan span = { open->kind, (guint) open->start, b->n_chars, open->href };

          g_array_append_val (b->block_spans, span);
          open->start = -1;
          b->n_lazy++;
        }
    }

  if (b->n_chars == b->block.content_start &&
      b->block.kind != PN_BLOCK_IMAGE && b->block.kind != PN_BLOCK_RULE)
    {
      g_string_truncate (b->text, b->rollback_bytes);
      b->n_chars = b->rollback_chars;
      g_array_set_size (b->block_spans, 0);
      return;
    }

  b->block.end = b->n_chars;
  g_array_sort (b->block_spans, compare_spans_cb);
  first_span = b->doc->spans->len;
  for (guint i = 0; i < b->block_spans->len; i++)
    {
      PnSpan *span = &g_array_index (b->block_spans, PnSpan, i);

      span->end = MIN (span->end, b->block.end);
      if (span->start < span->end)
        g_array_append_val (b->doc->spans, *span);
    }
  g_array_set_size (b->block_spans, 0);
  b->block.n_spans = b->doc->spans->len - first_span;
  g_array_append_val (b->doc->blocks, b->block);
  g_array_append_val (b->span_blocks, first_span);
  g_array_append_val (b->doc->block_bytes, (guint) { b->block_byte_start });
}

static void
open_block (Builder     *b,
            PnBlockKind  kind,
            guint        level)
{
  close_block (b);

  b->rollback_bytes = b->text->len;
  b->rollback_chars = b->n_chars;
  if (b->doc->blocks->len > 0)
    append_raw (b, "\n\n", 2);

  memset (&b->block, 0, sizeof b->block);
  b->block.kind = kind;
  b->block.start = b->n_chars;
  b->block_byte_start = b->text->len;
  b->block.level = level;
  b->block.quote_depth = b->quote_depth;
  b->block.depth = b->lists->len + b->extra_depth;
  b->block_open = TRUE;
  b->pending_space = FALSE;

  if (kind == PN_BLOCK_LIST_ITEM)
    {
      b->block.ordinal = b->pending_ordinal;
      b->pending_li = FALSE;
      if (b->pending_ordinal > 0)
        {
          char marker[24];
          int n = g_snprintf (marker, sizeof marker, "%u. ", b->pending_ordinal);
          append_raw (b, marker, n);
        }
      else
        append_raw (b, "• ", strlen ("• "));
    }
  b->block.content_start = b->n_chars;
}

static void
ensure_block (Builder *b)
{
  if (!b->block_open)
    open_block (b, context_kind (b), 0);
}

/* White space between words: written only if a word follows, and never
 * after a line break or a cell separator.
 */
static void
request_space (Builder *b)
{
  char last;

  if (!block_has_content (b))
    return;
  last = b->text->str[b->text->len - 1];
  if (last != '\n' && last != '\t')
    b->pending_space = TRUE;
}

static void
resolve_lazy_spans (Builder *b)
{
  if (b->n_lazy == 0)
    return;
  for (guint i = 0; i < b->open_spans->len; i++)
    {
      OpenSpan *open = &g_array_index (b->open_spans, OpenSpan, i);
      if (open->start < 0)
        open->start = b->n_chars;
    }
  b->n_lazy = 0;
}

static void
write_run (Builder    *b,
           const char *s,
           gsize       n)
{
  ensure_block (b);
  if (b->pending_space)
    {
      g_string_append_c (b->text, ' ');
      b->n_chars++;
      b->pending_space = FALSE;
    }
  resolve_lazy_spans (b);
  append_raw (b, s, n);
}

/* Collapses white space as a browser does outside <pre>. The first word
 * goes through write_run(), which opens the block and starts any waiting
 * span; after it every gap is one space, so the rest is copied in one go.
 */
static void
add_text (Builder    *b,
          const char *text)
{
  const guchar *p = (const guchar *) text;
  const guchar *run;
  gsize start;
  char *w;
  guint chars = 0;

  while (*p != '\0' && is_collapsible (p))
    p += (*p == 0xC2) ? 2 : 1;
  if (p != (const guchar *) text)
    request_space (b);
  if (*p == '\0')
    return;

  run = p;
  while (*p != '\0' && !is_collapsible (p))
    p++;
  write_run (b, (const char *) run, p - run);
  if (*p == '\0')
    return;

  /* Collapsing only shrinks the text: its length is enough room. */
  start = b->text->len;
  g_string_set_size (b->text, start + strlen ((const char *) p));
  w = b->text->str + start;
  while (*p != '\0')
    {
      if (is_collapsible (p))
        {
          while (*p != '\0' && is_collapsible (p))
            p += (*p == 0xC2) ? 2 : 1;
          if (*p == '\0')
            {
              b->pending_space = TRUE;
              break;
            }
          *w++ = ' ';
          chars++;
        }
      while (*p != '\0' && !is_collapsible (p))
        {
          chars += !is_continuation (*p);
          *w++ = *p++;
        }
    }
  g_string_truncate (b->text, w - b->text->str);
  b->n_chars += chars;
}

static void
add_pre_text (Builder    *b,
              const char *text)
{
  const char *p = text;

  ensure_block (b);
  /* A newline right after <pre> is not content. */
  if (!block_has_content (b) && p[0] == '\r' && p[1] == '\n')
    p += 2;
  else if (!block_has_content (b) && p[0] == '\n')
    p++;

  while (*p != '\0')
    {
      const char *cr = strchr (p, '\r');
      gsize n = cr != NULL ? (gsize) (cr - p) : strlen (p);

      if (n > 0)
        write_run (b, p, n);
      if (cr == NULL)
        break;
      write_run (b, "\n", 1);
      p = cr[1] == '\n' ? cr + 2 : cr + 1;
    }
}

static void
add_line_break (Builder *b)
{
  PnSpan span;

  if (b->table_depth > 0)
    {
      request_space (b);
      return;
    }
  if (!block_has_content (b))
    return;
  span = (PnSpan) { PN_SPAN_LINE_BREAK, b->n_chars, b->n_chars + 1, NULL };
  g_array_append_val (b->block_spans, span);
  g_string_append_c (b->text, '\n');
  b->n_chars++;
  b->pending_space = FALSE;
}

static void
push_span (Builder    *b,
           PnSpanKind  kind,
           const char *href)
{
  OpenSpan open = { kind, href, -1 };

  g_array_append_val (b->open_spans, open);
  b->n_lazy++;
}

static void
pop_span (Builder *b)
{
  OpenSpan *open = &g_array_index (b->open_spans, OpenSpan, b->open_spans->len - 1);

  if (open->start < 0)
    b->n_lazy--;
  else if (b->block_open && (guint) open->start < b->n_chars)
    {
      PnSpan span = { open->kind, (guint) open->start, b->n_chars, open->href };
      g_array_append_val (b->block_spans, span);
    }
  g_array_set_size (b->open_spans, b->open_spans->len - 1);
}

static const char *
innermost_link (Builder *b)
{
  for (guint i = b->open_spans->len; i > 0; i--)
    {
      OpenSpan *open = &g_array_index (b->open_spans, OpenSpan, i - 1);
      if (open->kind == PN_SPAN_LINK)
        return open->href;
    }
  return NULL;
}

static void
add_image (Builder *b,
           xmlNode *node)
{
  const char *src = _pn_html_get_attr (node, "src");

  if (src == NULL || src[0] == '\0' || b->table_depth > 0)
    return;

  open_block (b, PN_BLOCK_IMAGE, 0);
  b->block.src = intern (b, src);
  b->block.alt = intern (b, _pn_html_get_attr (node, "alt"));
  b->block.href = intern (b, innermost_link (b));
  if (b->caption != NULL)
    {
      add_text (b, b->caption);
      b->caption = NULL;
    }
  close_block (b);
}

static xmlNode *
find_child (xmlNode    *node,
            const char *name)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && strcmp ((const char *) child->name, name) == 0)
      return child;
  return NULL;
}

static gboolean
is_block_name (const char *name)
{
  static const char * const names[] = {
    "p", "div", "ul", "ol", "li", "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
    "figure", "dl", "section", "article", "hr",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* A table whose cells hold several paragraphs, lists, headings or tables
 * lays out a page rather than data: its cells are read as ordinary content
 * instead of rows.
 */
static gboolean
is_layout_cell (xmlNode *cell)
{
  guint paragraphs = 0;

  for (xmlNode *child = cell->children; child != NULL; child = child->next)
    {
      const char *name;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      name = (const char *) child->name;
      if (strcmp (name, "p") == 0 || strcmp (name, "div") == 0)
        {
          if (++paragraphs > 1 || is_layout_cell (child))
            return TRUE;
        }
      else if (is_block_name (name))
        return TRUE;
      else if (is_layout_cell (child))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_layout_table (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      const char *name;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      name = (const char *) child->name;
      if (strcmp (name, "td") == 0 || strcmp (name, "th") == 0)
        {
          if (is_layout_cell (child))
            return TRUE;
        }
      else if (strcmp (name, "table") != 0 && is_layout_table (child))
        return TRUE;
    }
  return FALSE;
}

static void
build_table_rows (Builder *b,
                  xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      const char *name;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      name = (const char *) child->name;
      if (strcmp (name, "tr") == 0)
        {
          guint cell = 0;

          open_block (b, PN_BLOCK_TABLE_ROW, 0);
          b->table_depth++;
          for (xmlNode *td = child->children; td != NULL; td = td->next)
            {
              if (td->type != XML_ELEMENT_NODE ||
                  (strcmp ((const char *) td->name, "td") != 0 && strcmp ((const char *) td->name, "th") != 0))
                continue;
              ensure_block (b);
              if (cell++ > 0)
                {
                  g_string_append_c (b->text, '\t');
                  b->n_chars++;
                  b->pending_space = FALSE;
                }
              build_children (b, td);
              b->pending_space = FALSE;
            }
          b->table_depth--;
          close_block (b);
        }
      else if (strcmp (name, "caption") == 0)
        {
          open_block (b, context_kind (b), 0);
          build_children (b, child);
          close_block (b);
        }
      else if (strcmp (name, "thead") == 0 || strcmp (name, "tbody") == 0 || strcmp (name, "tfoot") == 0)
        build_table_rows (b, child);
    }
}

static void
build_list (Builder  *b,
            xmlNode  *node,
            gboolean  ordered)
{
  ListLevel level = { ordered, 1 };
  const char *start = ordered ? _pn_html_get_attr (node, "start") : NULL;

  if (start != NULL)
    {
      gint64 n = g_ascii_strtoll (start, NULL, 10);
      if (n >= 0 && n < G_MAXINT)
        level.next = (guint) n;
    }

  close_block (b);
  b->pending_li = FALSE;
  g_array_append_val (b->lists, level);
  build_children (b, node);
  close_block (b);
  g_array_set_size (b->lists, b->lists->len - 1);
}

static void
build_list_item (Builder *b,
                 xmlNode *node)
{
  ListLevel *level = b->lists->len > 0 ? &g_array_index (b->lists, ListLevel, b->lists->len - 1) : NULL;

  close_block (b);
  b->pending_li = TRUE;
  b->pending_ordinal = (level != NULL && level->ordered) ? level->next++ : 0;
  if (level == NULL)
    {
      /* A stray <li> still reads as a bullet at the top level. */
      ListLevel top = { FALSE, 1 };
      g_array_append_val (b->lists, top);
      build_children (b, node);
      close_block (b);
      g_array_set_size (b->lists, b->lists->len - 1);
    }
  else
    {
      build_children (b, node);
      close_block (b);
    }
  b->pending_li = FALSE;
}

static void
build_figure (Builder *b,
              xmlNode *node)
{
  xmlNode *figcaption = find_child (node, "figcaption");
  g_autofree char *caption = figcaption != NULL ? (char *) xmlNodeGetContent (figcaption) : NULL;
  const char *saved = b->caption;

  close_block (b);
  b->caption = caption;
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child != figcaption)
      build_node (b, child);
  close_block (b);
  if (b->caption != NULL && figcaption != NULL)
    {
      /* No image took the caption: it reads as its own paragraph. */
      b->caption = NULL;
      open_block (b, context_kind (b), 0);
      build_children (b, figcaption);
      close_block (b);
    }
  b->caption = saved;
}

static void
build_span_element (Builder    *b,
                    xmlNode    *node,
                    PnSpanKind  kind,
                    const char *href)
{
  push_span (b, kind, href);
  build_children (b, node);
  pop_span (b);
}

static void
build_block_element (Builder     *b,
                     xmlNode     *node,
                     PnBlockKind  kind,
                     guint        level)
{
  if (b->table_depth > 0)
    {
      /* Inside a data cell, blocks are only word breaks. */
      request_space (b);
      build_children (b, node);
      request_space (b);
      return;
    }
  if (kind == PN_BLOCK_PARAGRAPH)
    kind = context_kind (b);
  open_block (b, kind, level);
  build_children (b, node);
  close_block (b);
}

static void
build_element (Builder *b,
               xmlNode *node)
{
  const char *name = (const char *) node->name;

  switch (name[0])
    {
    case 'a':
      if (strcmp (name, "a") == 0)
        {
          const char *href = _pn_html_get_attr (node, "href");
          if (href != NULL && href[0] != '\0')
            build_span_element (b, node, PN_SPAN_LINK, intern (b, href));
          else
            build_children (b, node);
          return;
        }
      break;
    case 'b':
      if (strcmp (name, "b") == 0)
        {
          build_span_element (b, node, PN_SPAN_BOLD, NULL);
          return;
        }
      if (strcmp (name, "br") == 0)
        {
          add_line_break (b);
          return;
        }
      if (strcmp (name, "blockquote") == 0)
        {
          if (b->table_depth > 0)
            break;
          close_block (b);
          b->quote_depth++;
          build_children (b, node);
          close_block (b);
          b->quote_depth--;
          return;
        }
      break;
    case 'c':
      if (strcmp (name, "code") == 0)
        {
          build_span_element (b, node, PN_SPAN_CODE, NULL);
          return;
        }
      break;
    case 'd':
      if (strcmp (name, "dd") == 0 && b->table_depth == 0)
        {
          b->extra_depth++;
          build_block_element (b, node, PN_BLOCK_PARAGRAPH, 0);
          b->extra_depth--;
          return;
        }
      if (strcmp (name, "dt") == 0)
        {
          build_block_element (b, node, PN_BLOCK_PARAGRAPH, 0);
          return;
        }
      break;
    case 'e':
      if (strcmp (name, "em") == 0)
        {
          build_span_element (b, node, PN_SPAN_ITALIC, NULL);
          return;
        }
      break;
    case 'f':
      if (strcmp (name, "figure") == 0 && b->table_depth == 0)
        {
          build_figure (b, node);
          return;
        }
      break;
    case 'h':
      if (name[1] >= '1' && name[1] <= '6' && name[2] == '\0')
        {
          build_block_element (b, node, PN_BLOCK_HEADING, name[1] - '0');
          return;
        }
      if (strcmp (name, "hr") == 0)
        {
          if (b->table_depth > 0)
            return;
          open_block (b, PN_BLOCK_RULE, 0);
          close_block (b);
          return;
        }
      break;
    case 'i':
      if (strcmp (name, "i") == 0)
        {
          build_span_element (b, node, PN_SPAN_ITALIC, NULL);
          return;
        }
      if (strcmp (name, "img") == 0)
        {
          add_image (b, node);
          return;
        }
      break;
    case 'l':
      if (strcmp (name, "li") == 0 && b->table_depth == 0)
        {
          build_list_item (b, node);
          return;
        }
      break;
    case 'o':
      if (strcmp (name, "ol") == 0 && b->table_depth == 0)
        {
          build_list (b, node, TRUE);
          return;
        }
      break;
    case 'p':
      if (strcmp (name, "p") == 0)
        {
          build_block_element (b, node, PN_BLOCK_PARAGRAPH, 0);
          return;
        }
      if (strcmp (name, "pre") == 0)
        {
          if (b->table_depth > 0)
            break;
          b->pre_depth++;
          build_block_element (b, node, PN_BLOCK_PREFORMATTED, 0);
          b->pre_depth--;
          return;
        }
      break;
    case 's':
      if (strcmp (name, "strong") == 0)
        {
          build_span_element (b, node, PN_SPAN_BOLD, NULL);
          return;
        }
      if (strcmp (name, "s") == 0)
        {
          build_span_element (b, node, PN_SPAN_STRIKE, NULL);
          return;
        }
      if (strcmp (name, "sub") == 0)
        {
          build_span_element (b, node, PN_SPAN_SUBSCRIPT, NULL);
          return;
        }
      if (strcmp (name, "sup") == 0)
        {
          build_span_element (b, node, PN_SPAN_SUPERSCRIPT, NULL);
          return;
        }
      if (strcmp (name, "script") == 0 || strcmp (name, "style") == 0)
        return;
      break;
    case 't':
      if (strcmp (name, "table") == 0)
        {
          if (b->table_depth > 0 || is_layout_table (node))
            break;
          close_block (b);
          build_table_rows (b, node);
          close_block (b);
          return;
        }
      if (strcmp (name, "title") == 0 || strcmp (name, "template") == 0)
        return;
      break;
    case 'u':
      if (strcmp (name, "u") == 0)
        {
          build_span_element (b, node, PN_SPAN_UNDERLINE, NULL);
          return;
        }
      if (strcmp (name, "ul") == 0 && b->table_depth == 0)
        {
          build_list (b, node, FALSE);
          return;
        }
      break;
    default:
      break;
    }

  if (strcmp (name, "head") == 0)
    return;

  /* Other containers that break lines (div, td of a layout table…) end
   * the current block; unknown inline elements just pass their text on.
   */
  if (is_block_name (name) || strcmp (name, "tr") == 0 || strcmp (name, "td") == 0 ||
      strcmp (name, "th") == 0 || strcmp (name, "figcaption") == 0 || strcmp (name, "caption") == 0 ||
      strcmp (name, "dt") == 0 || strcmp (name, "dd") == 0 || strcmp (name, "body") == 0)
    {
      if (b->table_depth > 0)
        {
          request_space (b);
          build_children (b, node);
          return;
        }
      close_block (b);
      build_children (b, node);
      close_block (b);
      return;
    }

  build_children (b, node);
}

static void
build_node (Builder *b,
            xmlNode *node)
{
  if (node->type == XML_ELEMENT_NODE)
    build_element (b, node);
  else if (node->type == XML_TEXT_NODE && node->content != NULL)
    {
      if (b->pre_depth > 0)
        add_pre_text (b, (const char *) node->content);
      else
        add_text (b, (const char *) node->content);
    }
}

static void
build_children (Builder *b,
                xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    build_node (b, child);
}

/* ---- The object -------------------------------------------------------- */

static void
pn_document_finalize (GObject *object)
{
  PnDocument *self = (PnDocument *) object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->block_bytes, g_array_unref);
  g_clear_pointer (&self->spans, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);

  G_OBJECT_CLASS (pn_document_parent_class)->finalize (object);
}

static void
pn_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PnDocument *self = PN_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_TEXT: g_value_set_string (value, self->text); break;
    case PROP_N_BLOCKS: g_value_set_uint (value, self->blocks->len); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_document_class_init (PnDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pn_document_finalize;
  object_class->get_property = pn_document_get_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_BLOCKS] =
    g_param_spec_uint ("n-blocks", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pn_document_init (PnDocument *self)
{
  self->blocks = g_array_new (FALSE, TRUE, sizeof (PnBlock));
  self->block_bytes = g_array_new (FALSE, FALSE, sizeof (guint));
  self->spans = g_array_new (FALSE, TRUE, sizeof (PnSpan));
  self->strings = g_string_chunk_new (256);
}

/* Once the arrays stop growing, blocks can point into the span array.
 * Documents read from JSON also need each block's byte offset, for fast
 * range lookups; built ones recorded it on the way.
 */
static void
finish (PnDocument *self,
        GArray     *span_blocks,
        guint       length)
{
  gboolean need_bytes = self->block_bytes->len != self->blocks->len;
  const char *p = self->text;
  guint chars = 0;

  self->text_bytes = strlen (self->text);
  self->length = length;
  g_array_set_size (self->block_bytes, self->blocks->len);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      PnBlock *block = &g_array_index (self->blocks, PnBlock, i);
      guint first = g_array_index (span_blocks, guint, i);

      block->spans = block->n_spans > 0 ? &g_array_index (self->spans, PnSpan, first) : NULL;
      if (!need_bytes)
        continue;
      while (chars < block->start)
        {
          p = g_utf8_next_char (p);
          chars++;
        }
      g_array_index (self->block_bytes, guint, i) = p - self->text;
    }
}

/* The libxml2 path is the reference; @fast lets tests compare against it. */
PnDocument *
_pn_document_new_from_html_full (const char *sanitized_html,
                                 gssize      length,
                                 gboolean    fast)
{
  g_autoptr(PnDocument) self = g_object_new (PN_TYPE_DOCUMENT, NULL);
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(PnHtmlTree) tree = NULL;
  g_autoptr(GArray) span_blocks = g_array_new (FALSE, FALSE, sizeof (guint));
  xmlNode *root = NULL;
  Builder b = { 0 };

  if (sanitized_html != NULL && length != 0 && sanitized_html[0] != '\0')
    {
      if (length < 0)
        length = strlen (sanitized_html);
      if (fast)
        tree = _pn_html_tree_parse_sanitized (sanitized_html, length);
      if (tree != NULL)
        root = _pn_html_tree_get_document (tree);
      else if ((doc = _pn_html_parse (sanitized_html, length, TRUE)) != NULL)
        root = (xmlNode *) doc;
    }

  b.doc = self;
  b.text = g_string_new (NULL);
  b.open_spans = g_array_new (FALSE, FALSE, sizeof (OpenSpan));
  b.block_spans = g_array_new (FALSE, FALSE, sizeof (PnSpan));
  b.span_blocks = span_blocks;
  b.lists = g_array_new (FALSE, FALSE, sizeof (ListLevel));

  if (root != NULL)
    build_children (&b, root);
  close_block (&b);

  self->text = g_string_free (b.text, FALSE);
  g_array_unref (b.open_spans);
  g_array_unref (b.block_spans);
  g_array_unref (b.lists);
  finish (self, span_blocks, b.n_chars);

  return g_steal_pointer (&self);
}

/**
 * pn_document_new_from_html:
 * @sanitized_html: HTML from pn_html_sanitize()
 * @length: its length in bytes, or -1 if nul-terminated
 *
 * Builds the document: blocks, spans and plain text, with white space
 * collapsed as a browser would (except in preformatted blocks). Other HTML
 * works too, only slower: what the sanitizer writes has a fast reader.
 *
 * Returns: (transfer full): a new document, empty for empty input
 */
PnDocument *
pn_document_new_from_html (const char *sanitized_html,
                           gssize      length)
{
  return _pn_document_new_from_html_full (sanitized_html, length, TRUE);
}

const char *
pn_document_get_text (PnDocument *self)
{
  g_return_val_if_fail (PN_IS_DOCUMENT (self), NULL);
  return self->text;
}

/* The length of the plain text in code points. */
guint
pn_document_get_length (PnDocument *self)
{
  g_return_val_if_fail (PN_IS_DOCUMENT (self), 0);
  return self->length;
}

guint
pn_document_get_n_blocks (PnDocument *self)
{
  g_return_val_if_fail (PN_IS_DOCUMENT (self), 0);
  return self->blocks->len;
}

const PnBlock *
pn_document_get_block (PnDocument *self,
                       guint       index)
{
  g_return_val_if_fail (PN_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->blocks->len, NULL);
  return &g_array_index (self->blocks, PnBlock, index);
}

/* The last block starting at or before @offset, or -1. */
static int
find_block (PnDocument *self,
            guint       offset)
{
  guint low = 0;
  guint high = self->blocks->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      if (g_array_index (self->blocks, PnBlock, mid).start <= offset)
        low = mid + 1;
      else
        high = mid;
    }
  return (int) low - 1;
}

/**
 * pn_document_get_block_at_offset:
 * @self: a document
 * @offset: a code-point offset into the plain text
 *
 * Returns: the index of the block holding @offset (its end included); for
 *   an offset in the blank line between two blocks, the next block; -1
 *   past the end of the text or in an empty document.
 */
int
pn_document_get_block_at_offset (PnDocument *self,
                                 guint       offset)
{
  int index;

  g_return_val_if_fail (PN_IS_DOCUMENT (self), -1);

  if (offset > self->length || self->blocks->len == 0)
    return -1;
  index = find_block (self, offset);
  if (index < 0)
    return 0;
  if (offset > g_array_index (self->blocks, PnBlock, index).end && (guint) index + 1 < self->blocks->len)
    return index + 1;
  return index;
}

/**
 * pn_document_get_blocks_in_range:
 * @self: a document
 * @start: first code point
 * @end: end code point (exclusive)
 * @first_block: (out): the first block the range touches
 * @last_block: (out): the last block the range touches
 *
 * Returns: %TRUE if the range touches at least one block
 */
gboolean
pn_document_get_blocks_in_range (PnDocument *self,
                                 guint       start,
                                 guint       end,
                                 guint      *first_block,
                                 guint      *last_block)
{
  int first;
  int last;

  g_return_val_if_fail (PN_IS_DOCUMENT (self), FALSE);

  if (start > end || start > self->length || self->blocks->len == 0)
    return FALSE;
  end = MIN (end, self->length);
  first = pn_document_get_block_at_offset (self, start);
  last = find_block (self, end > start ? end - 1 : end);
  if (first < 0 || last < first)
    return FALSE;
  if (first_block != NULL)
    *first_block = first;
  if (last_block != NULL)
    *last_block = last;
  return TRUE;
}

static const char *
pointer_at (PnDocument *self,
            guint       offset)
{
  int index = find_block (self, offset);
  const char *p = self->text;
  guint chars = 0;

  if (index >= 0)
    {
      p += g_array_index (self->block_bytes, guint, index);
      chars = g_array_index (self->blocks, PnBlock, index).start;
    }
  while (chars < offset && *p != '\0')
    {
      p = g_utf8_next_char (p);
      chars++;
    }
  return p;
}

/**
 * pn_document_dup_text_range:
 * @self: a document
 * @start: first code point
 * @end: end code point (exclusive); clamped to the text
 *
 * Returns: (transfer full): the text between the offsets
 */
char *
pn_document_dup_text_range (PnDocument *self,
                            guint       start,
                            guint       end)
{
  const char *from;
  const char *to;

  g_return_val_if_fail (PN_IS_DOCUMENT (self), NULL);

  end = MIN (end, self->length);
  if (start >= end)
    return g_strdup ("");
  from = pointer_at (self, start);
  to = g_utf8_offset_to_pointer (from, end - start);
  return g_strndup (from, to - from);
}

/* The block's text, without its list marker. */
char *
pn_document_dup_block_text (PnDocument *self,
                            guint       index)
{
  const PnBlock *block;

  g_return_val_if_fail (PN_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->blocks->len, NULL);

  block = &g_array_index (self->blocks, PnBlock, index);
  return pn_document_dup_text_range (self, block->content_start, block->end);
}

const char *
pn_block_kind_to_string (PnBlockKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (block_kind_names), NULL);
  return block_kind_names[kind];
}

const char *
pn_span_kind_to_string (PnSpanKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (span_kind_names), NULL);
  return span_kind_names[kind];
}

static int
kind_from_string (const char * const *names,
                  guint               n_names,
                  const char         *name)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return i;
  return -1;
}

/* ---- JSON ---------------------------------------------------------------- */

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_optional_uint (JsonBuilder *builder,
                   const char  *name,
                   guint        value)
{
  if (value == 0)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/**
 * pn_document_to_json:
 * @self: a document
 *
 * The store's form of the document: `{"version", "text", "blocks": [{"kind",
 * "start", "end", …, "spans": [{"kind", "start", "end", "href"?}]}]}`. Zero
 * numbers and absent strings are left out.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
pn_document_to_json (PnDocument *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (PN_IS_DOCUMENT (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, PN_DOCUMENT_JSON_VERSION);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, self->text);
  json_builder_set_member_name (builder, "blocks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      const PnBlock *block = &g_array_index (self->blocks, PnBlock, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, block_kind_names[block->kind]);
      json_builder_set_member_name (builder, "start");
      json_builder_add_int_value (builder, block->start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_int_value (builder, block->end);
      if (block->content_start != block->start)
        {
          json_builder_set_member_name (builder, "content_start");
          json_builder_add_int_value (builder, block->content_start);
        }
      add_optional_uint (builder, "level", block->level);
      add_optional_uint (builder, "depth", block->depth);
      add_optional_uint (builder, "quote_depth", block->quote_depth);
      add_optional_uint (builder, "ordinal", block->ordinal);
      add_optional_string (builder, "src", block->src);
      add_optional_string (builder, "alt", block->alt);
      add_optional_string (builder, "href", block->href);
      if (block->n_spans > 0)
        {
          json_builder_set_member_name (builder, "spans");
          json_builder_begin_array (builder);
          for (guint j = 0; j < block->n_spans; j++)
            {
              const PnSpan *span = &block->spans[j];

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "kind");
              json_builder_add_string_value (builder, span_kind_names[span->kind]);
              json_builder_set_member_name (builder, "start");
              json_builder_add_int_value (builder, span->start);
              json_builder_set_member_name (builder, "end");
              json_builder_add_int_value (builder, span->end);
              add_optional_string (builder, "href", span->href);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
read_offset (JsonObject  *object,
             const char  *name,
             gint64       fallback,
             guint        limit,
             guint       *out)
{
  gint64 value = json_object_get_int_member_with_default (object, name, fallback);

  if (value < 0 || value > limit)
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

static const char *
read_string (PnDocument *self,
             JsonObject *object,
             const char *name)
{
  const char *value = json_object_get_string_member_with_default (object, name, NULL);
  return value != NULL ? g_string_chunk_insert_const (self->strings, value) : NULL;
}

/**
 * pn_document_new_from_json:
 * @node: what pn_document_to_json() wrote
 * @error: return location for a #PN_ERROR_CORRUPT error
 *
 * Offsets are checked against the text, so a damaged file cannot make a
 * reader look outside it.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL on error
 */
PnDocument *
pn_document_new_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(PnDocument) self = NULL;
  g_autoptr(GArray) span_blocks = g_array_new (FALSE, FALSE, sizeof (guint));
  JsonObject *object;
  JsonArray *blocks;
  const char *text;
  guint length;
  guint previous_end = 0;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto corrupt;
  object = json_node_get_object (node);
  if (json_object_get_int_member_with_default (object, "version", 0) > PN_DOCUMENT_JSON_VERSION)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT,
                   "The document was written by a newer version of Prime News");
      return NULL;
    }
  text = json_object_get_string_member_with_default (object, "text", NULL);
  if (text == NULL || !json_object_has_member (object, "blocks") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "blocks")))
    goto corrupt;
  blocks = json_object_get_array_member (object, "blocks");
  length = g_utf8_strlen (text, -1);

  self = g_object_new (PN_TYPE_DOCUMENT, NULL);
  self->text = g_strdup (text);

  for (guint i = 0; i < json_array_get_length (blocks); i++)
    {
      JsonNode *block_node = json_array_get_element (blocks, i);
      JsonObject *block_object;
      PnBlock block = { 0 };
      int kind;
      guint first_span = self->spans->len;

      if (!JSON_NODE_HOLDS_OBJECT (block_node))
        goto corrupt;
      block_object = json_node_get_object (block_node);
      kind = kind_from_string (block_kind_names, G_N_ELEMENTS (block_kind_names),
                               json_object_get_string_member_with_default (block_object, "kind", NULL));
      if (kind < 0 ||
          !read_offset (block_object, "start", -1, length, &block.start) ||
          !read_offset (block_object, "end", -1, length, &block.end) ||
          !read_offset (block_object, "content_start", block.start, length, &block.content_start) ||
          !read_offset (block_object, "level", 0, 6, &block.level) ||
          !read_offset (block_object, "depth", 0, G_MAXINT, &block.depth) ||
          !read_offset (block_object, "quote_depth", 0, G_MAXINT, &block.quote_depth) ||
          !read_offset (block_object, "ordinal", 0, G_MAXINT, &block.ordinal) ||
          block.start < previous_end || block.content_start < block.start || block.end < block.content_start)
        goto corrupt;
      block.kind = kind;
      block.src = read_string (self, block_object, "src");
      block.alt = read_string (self, block_object, "alt");
      block.href = read_string (self, block_object, "href");
      previous_end = block.end;

      if (json_object_has_member (block_object, "spans"))
        {
          JsonNode *spans_node = json_object_get_member (block_object, "spans");
          JsonArray *spans;

          if (!JSON_NODE_HOLDS_ARRAY (spans_node))
            goto corrupt;
          spans = json_node_get_array (spans_node);
          for (guint j = 0; j < json_array_get_length (spans); j++)
            {
              JsonNode *span_node = json_array_get_element (spans, j);
              JsonObject *span_object;
              PnSpan span = { 0 };

              if (!JSON_NODE_HOLDS_OBJECT (span_node))
                goto corrupt;
              span_object = json_node_get_object (span_node);
              kind = kind_from_string (span_kind_names, G_N_ELEMENTS (span_kind_names),
                                       json_object_get_string_member_with_default (span_object, "kind", NULL));
              if (kind < 0 ||
                  !read_offset (span_object, "start", -1, length, &span.start) ||
                  !read_offset (span_object, "end", -1, length, &span.end) ||
                  span.start < block.start || span.end > block.end || span.start > span.end)
                goto corrupt;
              span.kind = kind;
              span.href = read_string (self, span_object, "href");
              g_array_append_val (self->spans, span);
            }
        }
      block.n_spans = self->spans->len - first_span;
      g_array_append_val (self->blocks, block);
      g_array_append_val (span_blocks, first_span);
    }

  finish (self, span_blocks, length);
  return g_steal_pointer (&self);

corrupt:
  g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, "The document data is damaged");
  return NULL;
}
