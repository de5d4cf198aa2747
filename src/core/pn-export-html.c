/* pn-export-html.c — one self-contained, printable XHTML-compatible file
 *
 * Everything from feeds and users is escaped, links keep only safe
 * schemes, images become links (no request leaves the reader's machine),
 * and there is no script: the file is inert wherever it is opened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-export-html"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pn-export-private.h"

static const char stylesheet[] =
  ":root { color-scheme: light dark; --fg: #241f31; --bg: #fafafa; --muted: #5e5c64;"
  " --mark: #f8e45c; --aside: #f0eee4; --rule: #d0d0d0; }\n"
  "@media (prefers-color-scheme: dark) { :root { --fg: #f6f5f4; --bg: #1e1e1e;"
  " --muted: #c0bfbc; --mark: #8a7a00; --aside: #303030; --rule: #505050; } }\n"
  "body { color: var(--fg); background: var(--bg); font: 1.05rem/1.6 Cantarell, 'Noto Serif',"
  " Georgia, serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }\n"
  "a { color: inherit; }\n"
  "header.story { border-top: 1px solid var(--rule); margin-top: 3rem; padding-top: 1rem; }\n"
  ".meta { color: var(--muted); font-size: 0.9rem; }\n"
  "mark { background: var(--mark); color: inherit; }\n"
  "mark.green { background: #8ff0a4; } mark.blue { background: #99c1f1; }"
  " mark.red { background: #f66151; } mark.purple { background: #dc8add; }\n"
  "@media (prefers-color-scheme: dark) { mark.green, mark.blue, mark.red, mark.purple"
  " { color: #000; } }\n"
  "aside { background: var(--aside); border-left: 3px solid var(--mark); margin: 0.5rem 0;"
  " padding: 0.25rem 0.75rem; font-size: 0.95rem; white-space: pre-wrap; }\n"
  "blockquote { border-left: 3px solid var(--rule); margin-left: 0; padding-left: 1rem; }\n"
  "pre { white-space: pre-wrap; overflow-wrap: anywhere; }\n"
  "nav.toc li { margin: 0.2rem 0; }\n"
  "@media print { body { max-width: none; } nav.toc { page-break-after: always; }"
  " header.story { page-break-before: always; border: none; } }\n";

static void
append_note (GString    *out,
             const char *note,
             const char *css_class)
{
  if (note == NULL || *note == '\0')
    return;
  g_string_append_printf (out, "<aside class=\"%s\">", css_class);
  _pn_export_append_xml_escaped (out, note, -1);
  g_string_append (out, "</aside>\n");
}

static const struct
{
  guint       style;
  const char *tag;
} inline_tags[] = {
  { PN_EXPORT_STYLE_BOLD, "strong" },
  { PN_EXPORT_STYLE_ITALIC, "em" },
  { PN_EXPORT_STYLE_STRIKE, "s" },
  { PN_EXPORT_STYLE_UNDERLINE, "u" },
  { PN_EXPORT_STYLE_SUB, "sub" },
  { PN_EXPORT_STYLE_SUP, "sup" },
  { PN_EXPORT_STYLE_CODE, "code" },
};

static gboolean
is_plain_word (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p))
        return FALSE;
    }
  return TRUE;
}

static void
open_styles (GString               *out,
             const PnExportSegment *segment)
{
  if (segment->styles & PN_EXPORT_STYLE_LINK)
    {
      g_string_append (out, "<a href=\"");
      _pn_export_append_xml_escaped (out, segment->href, -1);
      g_string_append (out, "\">");
    }
  for (guint i = 0; i < G_N_ELEMENTS (inline_tags); i++)
    {
      if (segment->styles & inline_tags[i].style)
        g_string_append_printf (out, "<%s>", inline_tags[i].tag);
    }
  if (segment->styles & PN_EXPORT_STYLE_MARK)
    {
      const char *color = segment->mark->color;

      /* A colour is a user string: only a known word becomes a class. */
      if (is_plain_word (color) && !g_str_equal (color, "yellow"))
        g_string_append_printf (out, "<mark class=\"%s\">", color);
      else
        g_string_append (out, "<mark>");
    }
}

static void
close_styles (GString               *out,
              const PnExportSegment *segment)
{
  if (segment->styles & PN_EXPORT_STYLE_MARK)
    g_string_append (out, "</mark>");
  for (guint i = G_N_ELEMENTS (inline_tags); i > 0; i--)
    {
      if (segment->styles & inline_tags[i - 1].style)
        g_string_append_printf (out, "</%s>", inline_tags[i - 1].tag);
    }
  if (segment->styles & PN_EXPORT_STYLE_LINK)
    g_string_append (out, "</a>");
}

static void
append_inline (GString        *out,
               PnExportCursor *cursor,
               const PnBlock  *block,
               guint           from,
               GPtrArray      *highlights)
{
  g_autoptr(GArray) segments = _pn_export_segments (cursor, block, from, block->end, highlights);
  const PnExportSegment *open = NULL;

  for (guint i = 0; i < segments->len; i++)
    {
      const PnExportSegment *segment = &g_array_index (segments, PnExportSegment, i);

      if (open != NULL && (open->styles != segment->styles || open->href != segment->href ||
                           open->mark != segment->mark))
        {
          close_styles (out, open);
          open = NULL;
        }
      if (open == NULL)
        {
          open_styles (out, segment);
          open = segment;
        }
      if (segment->line_break && block->kind != PN_BLOCK_PREFORMATTED)
        g_string_append (out, "<br/>");
      else if (block->kind == PN_BLOCK_TABLE_ROW)
        {
          g_autofree char *row = g_strndup (segment->text, segment->length);
          g_auto(GStrv) cells = g_strsplit (row, "\t", -1);

          for (guint c = 0; cells[c] != NULL; c++)
            {
              if (c > 0)
                g_string_append (out, " │ ");
              _pn_export_append_xml_escaped (out, cells[c], -1);
            }
        }
      else
        _pn_export_append_xml_escaped (out, segment->text, segment->length);
    }
  if (open != NULL)
    close_styles (out, open);
}

typedef struct
{
  GArray *lists;   /* gboolean: ordered? one per open list */
} ListState;

static void
close_lists (GString   *out,
             ListState *state,
             guint      depth)
{
  while (state->lists->len > depth)
    {
      gboolean ordered = g_array_index (state->lists, gboolean, state->lists->len - 1);

      g_string_append_printf (out, "</li></%s>\n", ordered ? "ol" : "ul");
      g_array_set_size (state->lists, state->lists->len - 1);
    }
}

static void
open_list_item (GString       *out,
                ListState     *state,
                const PnBlock *block)
{
  guint depth = MAX (block->depth, 1);
  gboolean ordered = block->ordinal > 0;

  close_lists (out, state, depth);
  if (state->lists->len == depth)
    {
      if (g_array_index (state->lists, gboolean, depth - 1) == ordered)
        {
          g_string_append (out, "</li>\n<li>");
          return;
        }
      close_lists (out, state, depth - 1);
    }
  while (state->lists->len < depth)
    {
      if (!ordered || state->lists->len + 1 < depth)
        g_string_append (out, "<ul>\n<li>");
      else if (block->ordinal != 1)
        g_string_append_printf (out, "<ol start=\"%u\">\n<li>", block->ordinal);
      else
        g_string_append (out, "<ol>\n<li>");
      g_array_append_val (state->lists, ordered);
    }
}

static void
append_image (GString        *out,
              PnExportCursor *cursor,
              const PnBlock  *block,
              GPtrArray      *highlights)
{
  const char *src = _pn_export_safe_url (block->src);
  const char *alt = block->alt != NULL && *block->alt != '\0' ? block->alt : _("Image");

  g_string_append (out, "<p class=\"image\">");
  if (src != NULL)
    {
      g_string_append (out, "<a href=\"");
      _pn_export_append_xml_escaped (out, src, -1);
      g_string_append (out, "\">");
    }
  g_string_append (out, "[");
  _pn_export_append_xml_escaped (out, alt, -1);
  g_string_append (out, "]");
  if (src != NULL)
    g_string_append (out, "</a>");
  if (block->end > block->start)
    {
      g_string_append (out, " ");
      append_inline (out, cursor, block, block->start, highlights);
    }
  g_string_append (out, "</p>\n");
}

void
_pn_export_append_xhtml_story (GString             *out,
                               const PnExportStory *story,
                               guint                heading_shift)
{
  PnDocument *document = story->document;
  PnExportCursor cursor = { pn_document_get_text (document), 0 };
  ListState lists = { g_array_new (FALSE, FALSE, sizeof (gboolean)) };
  guint n = pn_document_get_n_blocks (document);

  for (guint i = 0; i < story->notes->len; i++)
    append_note (out, ((PnExportAnnotation *) g_ptr_array_index (story->notes, i))->note,
                 "story-note");

  for (guint i = 0; i < n; i++)
    {
      const PnBlock *block = pn_document_get_block (document, i);
      guint quotes = block->kind == PN_BLOCK_QUOTE ? MAX (block->quote_depth, 1) : 0;

      if (block->kind == PN_BLOCK_LIST_ITEM)
        open_list_item (out, &lists, block);
      else
        close_lists (out, &lists, 0);

      for (guint q = 0; q < quotes; q++)
        g_string_append (out, "<blockquote>");

      switch (block->kind)
        {
        case PN_BLOCK_HEADING:
          {
            guint level = MIN (MAX (block->level, 1) + heading_shift, 6);

            g_string_append_printf (out, "<h%u>", level);
            append_inline (out, &cursor, block, block->start, story->highlights);
            g_string_append_printf (out, "</h%u>\n", level);
          }
          break;
        case PN_BLOCK_LIST_ITEM:
          append_inline (out, &cursor, block, block->content_start, story->highlights);
          break;
        case PN_BLOCK_PREFORMATTED:
          g_string_append (out, "<pre>");
          append_inline (out, &cursor, block, block->start, story->highlights);
          g_string_append (out, "</pre>\n");
          break;
        case PN_BLOCK_IMAGE:
          append_image (out, &cursor, block, story->highlights);
          break;
        case PN_BLOCK_RULE:
          g_string_append (out, "<hr/>\n");
          break;
        case PN_BLOCK_PARAGRAPH:
        case PN_BLOCK_QUOTE:
        case PN_BLOCK_TABLE_ROW:
        default:
          g_string_append (out, "<p>");
          append_inline (out, &cursor, block, block->start, story->highlights);
          g_string_append (out, "</p>");
          if (quotes == 0)
            g_string_append_c (out, '\n');
          break;
        }

      for (guint q = 0; q < quotes; q++)
        g_string_append (out, "</blockquote>");
      if (quotes > 0)
        g_string_append_c (out, '\n');

      for (guint h = 0; h < story->highlights->len; h++)
        {
          const PnExportAnnotation *highlight = g_ptr_array_index (story->highlights, h);

          if (_pn_export_note_after_block (document, i, highlight))
            append_note (out, highlight->note, "note");
        }
    }
  close_lists (out, &lists, 0);
  g_array_unref (lists.lists);

  if (story->detached->len > 0)
    {
      g_string_append_printf (out, "<h%u>", MIN (2 + heading_shift, 6));
      _pn_export_append_xml_escaped (out, _("Detached highlights"), -1);
      g_string_append_printf (out, "</h%u>\n", MIN (2 + heading_shift, 6));
      for (guint i = 0; i < story->detached->len; i++)
        {
          const PnExportAnnotation *annotation = g_ptr_array_index (story->detached, i);

          g_string_append (out, "<blockquote class=\"detached\"><p><mark>");
          _pn_export_append_xml_escaped (out, annotation->exact, -1);
          g_string_append (out, "</mark></p></blockquote>\n");
          append_note (out, annotation->note, "note");
        }
    }
}

static void
append_story_header (GString             *out,
                     const PnExportStory *story,
                     guint                index)
{
  const char *link = _pn_export_safe_url (story->link);
  g_autofree char *published = _pn_export_format_day (story->published);
  gboolean first = TRUE;

  g_string_append_printf (out, "<header class=\"story\" id=\"story-%u\">\n<h2>", index + 1);
  if (link != NULL)
    {
      g_string_append (out, "<a href=\"");
      _pn_export_append_xml_escaped (out, link, -1);
      g_string_append (out, "\">");
    }
  _pn_export_append_xml_escaped (out, story->title, -1);
  if (link != NULL)
    g_string_append (out, "</a>");
  g_string_append (out, "</h2>\n<p class=\"meta\">");

#define SEPARATE() G_STMT_START { if (!first) g_string_append (out, " · "); first = FALSE; } G_STMT_END
  if (story->source_title != NULL)
    {
      SEPARATE ();
      _pn_export_append_xml_escaped (out, story->source_title, -1);
    }
  if (story->byline != NULL && *story->byline != '\0')
    {
      SEPARATE ();
      _pn_export_append_xml_escaped (out, story->byline, -1);
    }
  if (published != NULL)
    {
      SEPARATE ();
      g_string_append_printf (out, "<time datetime=\"%s\">%s</time>", published, published);
    }
#undef SEPARATE
  g_string_append (out, "</p>\n</header>\n");
}

static gboolean
write_html (PnExportWriter      *writer,
            const PnExportData  *data,
            GError             **error)
{
  g_autoptr(GString) out = g_string_sized_new (64 * 1024);

  g_string_append (out,
                   "<!DOCTYPE html>\n"
                   "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n"
                   "<head>\n<meta charset=\"utf-8\"/>\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                   "<meta name=\"generator\" content=\"Prime News\"/>\n<title>");
  _pn_export_append_xml_escaped (out, data->title, -1);
  g_string_append_printf (out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", stylesheet);
  _pn_export_append_xml_escaped (out, data->title, -1);
  g_string_append (out, "</h1>\n");
  if (data->description != NULL && *data->description != '\0')
    {
      g_string_append (out, "<p class=\"description\">");
      _pn_export_append_xml_escaped (out, data->description, -1);
      g_string_append (out, "</p>\n");
    }

  g_string_append (out, "<nav class=\"toc\">\n<h2>");
  _pn_export_append_xml_escaped (out, _("Contents"), -1);
  g_string_append (out, "</h2>\n<ol>\n");
  for (guint i = 0; i < data->stories->len; i++)
    {
      const PnExportStory *story = g_ptr_array_index (data->stories, i);

      g_string_append_printf (out, "<li><a href=\"#story-%u\">", i + 1);
      _pn_export_append_xml_escaped (out, story->title, -1);
      g_string_append (out, "</a></li>\n");
    }
  g_string_append (out, "</ol>\n</nav>\n");

  for (guint i = 0; i < data->stories->len; i++)
    {
      const PnExportStory *story = g_ptr_array_index (data->stories, i);

      g_string_append (out, "<article>\n");
      append_story_header (out, story, i);
      _pn_export_append_xhtml_story (out, story, 2);
      g_string_append (out, "</article>\n");
      if (!_pn_export_writer_write_string (writer, out, error) ||
          !_pn_export_writer_progress (writer, i + 1, data->stories->len, error))
        return FALSE;
    }

  g_string_append (out, "</body>\n</html>\n");
  return _pn_export_writer_write_string (writer, out, error) &&
         _pn_export_writer_progress (writer, data->stories->len, data->stories->len, error);
}

const PnExportModule _pn_export_html_module = {
  .format = PN_EXPORT_FORMAT_HTML,
  .name = "html",
  .extension = "html",
  .output = PN_EXPORT_OUTPUT_FILE,
  .write = write_html,
};
