/* pn-export-util.c — helpers the export formats share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-export"

#include <string.h>

#include "pn-export-private.h"

/* Only links a reader can follow safely survive an export: the sanitizer
 * already dropped scripts, this keeps it so whatever the input.
 */
const char *
_pn_export_safe_url (const char *url)
{
  if (url == NULL)
    return NULL;
  if (g_ascii_strncasecmp (url, "https://", 8) == 0 ||
      g_ascii_strncasecmp (url, "http://", 7) == 0 ||
      g_ascii_strncasecmp (url, "mailto:", 7) == 0)
    return url;
  return NULL;
}

char *
_pn_export_format_date (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL)
    return NULL;
  utc = g_date_time_to_utc (date);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
_pn_export_format_day (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL)
    return NULL;
  utc = g_date_time_to_utc (date);
  return g_date_time_format (utc, "%Y-%m-%d");
}

/* Escapes for text and attribute values alike, and drops the characters
 * XML 1.0 forbids, so every export is well-formed whatever the feed sent.
 */
void
_pn_export_append_xml_escaped (GString    *out,
                               const char *text,
                               gssize      length)
{
  const char *end;

  if (text == NULL)
    return;
  end = length < 0 ? text + strlen (text) : text + length;
  for (const char *p = text; p < end; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&#39;"); break;
        case '\t': case '\n': case '\r': g_string_append_c (out, *p); break;
        default:
          if ((guchar) *p >= 0x20)
            g_string_append_c (out, *p);
        }
    }
}

/* A file name that every file system and note-taking app accepts: the
 * title's letters and digits, with the story id's start to keep it unique.
 */
char *
_pn_export_slug (const char *title,
                 const char *id)
{
  GString *slug = g_string_new (NULL);
  guint n_chars = 0;
  gboolean dash = FALSE;

  for (const char *p = title; p != NULL && *p != '\0' && n_chars < 60; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (dash && slug->len > 0)
            {
              g_string_append_c (slug, '-');
              n_chars++;
            }
          g_string_append_unichar (slug, g_unichar_tolower (c));
          n_chars++;
          dash = FALSE;
        }
      else
        dash = TRUE;
    }
  if (slug->len == 0)
    g_string_append (slug, "story");
  g_string_append_printf (slug, "-%.8s", id);
  return g_string_free (slug, FALSE);
}

char *
_pn_export_annotation_iri (const PnExportAnnotation *annotation)
{
  return g_strdup_printf ("urn:uuid:%s", annotation->id);
}

char *
_pn_export_story_iri (const PnExportStory *story)
{
  const char *link = _pn_export_safe_url (story->link);

  if (link != NULL)
    return g_strdup (link);
  return g_strdup_printf ("urn:prime-news:story:%s", story->id);
}

/* Names what was exported: the same scope gives the same IRI. */
char *
_pn_export_data_iri (const PnExportData *data)
{
  switch (data->scope)
    {
    case PN_EXPORT_SCOPE_COLLECTION:
      return g_strdup_printf ("urn:prime-news:collection:%s", data->scope_id);
    case PN_EXPORT_SCOPE_STORY:
      return g_strdup_printf ("urn:prime-news:story:%s", data->scope_id);
    case PN_EXPORT_SCOPE_SAVED:
      return g_strdup ("urn:prime-news:saved");
    case PN_EXPORT_SCOPE_ANNOTATED:
    default:
      return g_strdup ("urn:prime-news:annotated");
    }
}

/* Segments */

const char *
_pn_export_cursor_seek (PnExportCursor *cursor,
                        guint           offset)
{
  g_assert (offset >= cursor->offset);

  while (cursor->offset < offset && *cursor->pointer != '\0')
    {
      cursor->pointer = g_utf8_next_char (cursor->pointer);
      cursor->offset++;
    }
  return cursor->pointer;
}

static void
add_boundary (GArray *boundaries,
              guint   offset,
              guint   from,
              guint   to)
{
  if (offset > from && offset < to)
    g_array_append_val (boundaries, offset);
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint ua = *(const guint *) a, ub = *(const guint *) b;

  return ua < ub ? -1 : ua > ub;
}

static guint
span_style (PnSpanKind kind)
{
  switch (kind)
    {
    case PN_SPAN_BOLD: return PN_EXPORT_STYLE_BOLD;
    case PN_SPAN_ITALIC: return PN_EXPORT_STYLE_ITALIC;
    case PN_SPAN_CODE: return PN_EXPORT_STYLE_CODE;
    case PN_SPAN_STRIKE: return PN_EXPORT_STYLE_STRIKE;
    case PN_SPAN_UNDERLINE: return PN_EXPORT_STYLE_UNDERLINE;
    case PN_SPAN_SUBSCRIPT: return PN_EXPORT_STYLE_SUB;
    case PN_SPAN_SUPERSCRIPT: return PN_EXPORT_STYLE_SUP;
    case PN_SPAN_LINK: return PN_EXPORT_STYLE_LINK;
    case PN_SPAN_LINE_BREAK:
    default: return 0;
    }
}

GArray *
_pn_export_segments (PnExportCursor *cursor,
                     const PnBlock  *block,
                     guint           from,
                     guint           to,
                     GPtrArray      *highlights)
{
  g_autoptr(GArray) boundaries = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *segments = g_array_new (FALSE, TRUE, sizeof (PnExportSegment));
  guint start = from;

  for (guint i = 0; i < block->n_spans; i++)
    {
      add_boundary (boundaries, block->spans[i].start, from, to);
      add_boundary (boundaries, block->spans[i].end, from, to);
    }
  for (guint i = 0; highlights != NULL && i < highlights->len; i++)
    {
      const PnExportAnnotation *highlight = g_ptr_array_index (highlights, i);

      add_boundary (boundaries, highlight->doc_start, from, to);
      add_boundary (boundaries, highlight->doc_end, from, to);
    }
  g_array_append_val (boundaries, to);
  g_array_sort (boundaries, compare_guint);

  for (guint b = 0; b < boundaries->len; b++)
    {
      guint end = g_array_index (boundaries, guint, b);
      PnExportSegment segment = { 0 };
      const char *text;

      if (end <= start)
        continue;

      text = _pn_export_cursor_seek (cursor, start);
      segment.text = text;
      segment.length = _pn_export_cursor_seek (cursor, end) - text;
      for (guint i = 0; i < block->n_spans; i++)
        {
          const PnSpan *span = &block->spans[i];

          if (span->start > start || span->end < end)
            continue;
          if (span->kind == PN_SPAN_LINE_BREAK)
            segment.line_break = TRUE;
          else if (span->kind != PN_SPAN_LINK || _pn_export_safe_url (span->href) != NULL)
            {
              segment.styles |= span_style (span->kind);
              if (span->kind == PN_SPAN_LINK && segment.href == NULL)
                segment.href = span->href;
            }
        }
      for (guint i = 0; highlights != NULL && i < highlights->len; i++)
        {
          const PnExportAnnotation *highlight = g_ptr_array_index (highlights, i);

          if (highlight->doc_start <= start && highlight->doc_end >= end)
            {
              segment.styles |= PN_EXPORT_STYLE_MARK;
              segment.mark = highlight;
              break;
            }
        }
      g_array_append_val (segments, segment);
      start = end;
    }
  return segments;
}

gboolean
_pn_export_note_after_block (PnDocument               *document,
                             guint                     index,
                             const PnExportAnnotation *highlight)
{
  const PnBlock *block = pn_document_get_block (document, index);
  guint next_start = index + 1 < pn_document_get_n_blocks (document)
                     ? pn_document_get_block (document, index + 1)->start : G_MAXUINT;

  return highlight->doc_end > block->start && highlight->doc_end <= next_start;
}

/* @node, pretty-printed, each line after the first indented by @indent. */
void
_pn_export_append_json (GString  *out,
                        JsonNode *node,
                        guint     indent)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if (*p == '\n')
        g_string_append_printf (out, "%*s", indent, "");
    }
}
