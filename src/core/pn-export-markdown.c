/* pn-export-markdown.c — CommonMark, as one file or a folder of notes
 *
 * Every character of feed or user text that CommonMark could read as
 * syntax is backslash-escaped (and raw HTML cannot occur: '<' and '&' are
 * escaped too), so a title like "# *x* <script>" shows as written. The
 * folder form — a file per story with YAML front matter, plus index.md —
 * is what Obsidian, Logseq and Joplin import.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-export-markdown"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pn-export-private.h"

typedef struct
{
  GString    *out;
  const char *prefix;      /* written at the start of every line */
  gboolean    line_start;
} MdOut;

static void
md_newline (MdOut *md)
{
  g_string_append_c (md->out, '\n');
  md->line_start = TRUE;
}

static void
md_start_line (MdOut *md)
{
  if (md->line_start)
    {
      g_string_append (md->out, md->prefix);
      md->line_start = FALSE;
    }
}

/* Text, escaped; '\n' starts a new line (with the prefix). */
static void
md_text (MdOut      *md,
         const char *text,
         gssize      length)
{
  const char *end = length < 0 ? text + strlen (text) : text + length;

  for (const char *p = text; p < end; p++)
    {
      char c = *p;

      if (c == '\n')
        {
          md_newline (md);
          continue;
        }
      if (md->line_start && (c == ' ' || c == '\t'))
        continue;
      if ((guchar) c < 0x20 && c != '\t')
        continue;

      if (md->line_start)
        {
          md_start_line (md);
          if (c == '+' || c == '-' || c == '=')
            {
              g_string_append_c (md->out, '\\');
              g_string_append_c (md->out, c);
              continue;
            }
          if (g_ascii_isdigit (c))
            {
              const char *q = p;

              while (q < end && g_ascii_isdigit (*q))
                q++;
              g_string_append_len (md->out, p, q - p);
              p = q - 1;
              if (q < end && (*q == '.' || *q == ')'))
                {
                  g_string_append_c (md->out, '\\');
                  g_string_append_c (md->out, *q);
                  p = q;
                }
              continue;
            }
        }

      switch (c)
        {
        case '\t':
          g_string_append (md->out, " \\| ");
          break;
        case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
        case '|': case '~': case '&': case '!': case '#': case '{': case '}':
          g_string_append_c (md->out, '\\');
          g_string_append_c (md->out, c);
          break;
        default:
          g_string_append_c (md->out, c);
        }
    }
}

/* Raw text (code), on one line. */
static void
md_code (MdOut      *md,
         const char *text,
         gsize       length)
{
  g_autofree char *code = g_strndup (text, length);
  guint longest = 0, run = 0;
  g_autofree char *fence = NULL;
  gboolean pad;

  g_strdelimit (code, "\n\t\r", ' ');
  for (const char *p = code; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  fence = g_strnfill (longest + 1, '`');
  pad = code[0] == '`' || (*code != '\0' && code[strlen (code) - 1] == '`');
  md_start_line (md);
  g_string_append_printf (md->out, "%s%s%s%s%s", fence, pad ? " " : "", code, pad ? " " : "",
                          fence);
}

static void
md_url (MdOut      *md,
        const char *url)
{
  for (const char *p = url; *p != '\0'; p++)
    {
      if ((guchar) *p <= 0x20 || strchr ("<>()\\", *p) != NULL)
        g_string_append_printf (md->out, "%%%02X", (guchar) *p);
      else
        g_string_append_c (md->out, *p);
    }
}

static const struct
{
  guint       style;
  const char *marker;
} md_markers[] = {
  { PN_EXPORT_STYLE_BOLD, "**" },
  { PN_EXPORT_STYLE_ITALIC, "*" },
  { PN_EXPORT_STYLE_STRIKE, "~~" },
};

static guint
md_styles (const PnExportSegment *segment)
{
  return segment->styles & (PN_EXPORT_STYLE_LINK | PN_EXPORT_STYLE_BOLD |
                            PN_EXPORT_STYLE_ITALIC | PN_EXPORT_STYLE_STRIKE |
                            PN_EXPORT_STYLE_CODE);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n';
}

/* One run of segments with the same styles. Emphasis must not start or
 * end with white space in CommonMark, so that stays outside the markers.
 */
static void
md_run (MdOut      *md,
        guint       styles,
        const char *href,
        const char *text,
        gsize       length)
{
  const char *start = text, *end = text + length;

  while (start < end && is_space (*start))
    start++;
  while (end > start && is_space (end[-1]))
    end--;

  if (start > text && !md->line_start)
    g_string_append_c (md->out, ' ');
  if (start == end)
    return;

  /* Plain text escapes its own line start; markers end the line start. */
  if (styles != 0)
    md_start_line (md);
  if (styles & PN_EXPORT_STYLE_LINK)
    g_string_append_c (md->out, '[');
  for (guint i = 0; i < G_N_ELEMENTS (md_markers); i++)
    {
      if (styles & md_markers[i].style)
        g_string_append (md->out, md_markers[i].marker);
    }
  if (styles & PN_EXPORT_STYLE_CODE)
    md_code (md, start, end - start);
  else
    md_text (md, start, end - start);
  for (guint i = G_N_ELEMENTS (md_markers); i > 0; i--)
    {
      if (styles & md_markers[i - 1].style)
        g_string_append (md->out, md_markers[i - 1].marker);
    }
  if (styles & PN_EXPORT_STYLE_LINK)
    {
      g_string_append (md->out, "](");
      md_url (md, href);
      g_string_append_c (md->out, ')');
    }
  if (end < text + length)
    g_string_append_c (md->out, ' ');
}

static void
md_inline (MdOut          *md,
           PnExportCursor *cursor,
           const PnBlock  *block,
           guint           from,
           gboolean        one_line)
{
  g_autoptr(GArray) segments = _pn_export_segments (cursor, block, from, block->end, NULL);
  guint i = 0;

  while (i < segments->len)
    {
      const PnExportSegment *first = &g_array_index (segments, PnExportSegment, i);
      guint styles = md_styles (first);
      const char *text = first->text;
      gsize length = 0;
      guint j = i;

      if (first->line_break)
        {
          if (one_line)
            g_string_append_c (md->out, ' ');
          else
            {
              g_string_append_c (md->out, '\\');
              md_newline (md);
            }
          i++;
          continue;
        }
      for (; j < segments->len; j++)
        {
          const PnExportSegment *segment = &g_array_index (segments, PnExportSegment, j);

          if (segment->line_break || md_styles (segment) != styles || segment->href != first->href)
            break;
          length = segment->text + segment->length - text;
        }
      md_run (md, styles, first->href, text, length);
      i = j;
    }
}

/* A note: its lines kept (hard breaks), its blank lines separating
 * paragraphs.
 */
static void
md_note (MdOut      *md,
         const char *note)
{
  g_auto(GStrv) lines = NULL;
  gboolean wrote = FALSE, paragraph = FALSE;

  if (note == NULL || *note == '\0')
    return;
  lines = g_strsplit (note, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        {
          paragraph = wrote;
          continue;
        }
      if (paragraph)
        {
          g_autofree char *bare = g_strchomp (g_strdup (md->prefix));

          md_newline (md);
          g_string_append (md->out, bare);
          md_newline (md);
        }
      else if (wrote)
        {
          g_string_append_c (md->out, '\\');
          md_newline (md);
        }
      md_text (md, lines[i], -1);
      wrote = TRUE;
      paragraph = FALSE;
    }
  if (wrote)
    md_newline (md);
}

static void
md_quote (MdOut      *md,
          const char *quote)
{
  MdOut quoted = { md->out, "> ", TRUE };

  md_note (&quoted, quote);
}

static void
md_preformatted (MdOut      *md,
                 const char *text,
                 gsize       length)
{
  g_autofree char *code = g_strndup (text, length);
  guint longest = 2, run = 0;
  g_autofree char *fence = NULL;

  for (const char *p = code; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  fence = g_strnfill (longest + 1, '`');
  g_string_append_printf (md->out, "%s\n%s\n%s", fence, code, fence);
}

static void
md_body (GString             *out,
         const PnExportStory *story,
         guint                heading_shift)
{
  PnDocument *document = story->document;
  PnExportCursor cursor = { pn_document_get_text (document), 0 };
  guint n = pn_document_get_n_blocks (document);

  for (guint i = 0; i < n; i++)
    {
      const PnBlock *block = pn_document_get_block (document, i);
      MdOut md = { out, "", TRUE };

      switch (block->kind)
        {
        case PN_BLOCK_HEADING:
          {
            g_autofree char *hashes = g_strnfill (MIN (MAX (block->level, 1) + heading_shift, 6), '#');

            g_string_append_printf (out, "%s ", hashes);
            md.line_start = FALSE;
            md_inline (&md, &cursor, block, block->start, TRUE);
          }
          break;
        case PN_BLOCK_LIST_ITEM:
          {
            g_autofree char *indent = g_strnfill (4 * (MAX (block->depth, 1) - 1), ' ');
            g_autofree char *prefix = g_strdup_printf ("%s    ", indent);

            if (block->ordinal > 0)
              g_string_append_printf (out, "%s%u. ", indent, block->ordinal);
            else
              g_string_append_printf (out, "%s- ", indent);
            md.prefix = prefix;
            md.line_start = FALSE;
            md_inline (&md, &cursor, block, block->content_start, FALSE);
          }
          break;
        case PN_BLOCK_QUOTE:
          {
            g_autofree char *prefix = NULL;
            GString *quotes = g_string_new (NULL);

            for (guint q = 0; q < MAX (block->quote_depth, 1); q++)
              g_string_append (quotes, "> ");
            prefix = g_string_free (quotes, FALSE);
            md.prefix = prefix;
            md_inline (&md, &cursor, block, block->start, FALSE);
          }
          break;
        case PN_BLOCK_PREFORMATTED:
          {
            const char *start = _pn_export_cursor_seek (&cursor, block->start);
            const char *end = _pn_export_cursor_seek (&cursor, block->end);

            md_preformatted (&md, start, end - start);
          }
          break;
        case PN_BLOCK_IMAGE:
          {
            const char *src = _pn_export_safe_url (block->src);
            const char *alt = block->alt != NULL && *block->alt != '\0' ? block->alt : _("Image");

            g_string_append_c (out, '[');
            md.line_start = FALSE;
            md_text (&md, alt, -1);
            g_string_append_c (out, ']');
            if (src != NULL)
              {
                g_string_append_c (out, '(');
                md_url (&md, src);
                g_string_append_c (out, ')');
              }
            if (block->end > block->start)
              {
                g_string_append_c (out, ' ');
                md_inline (&md, &cursor, block, block->start, FALSE);
              }
          }
          break;
        case PN_BLOCK_RULE:
          g_string_append (out, "---");
          break;
        case PN_BLOCK_PARAGRAPH:
        case PN_BLOCK_TABLE_ROW:
        default:
          md_inline (&md, &cursor, block, block->start, FALSE);
          break;
        }
      g_string_append (out, "\n\n");
    }
}

static void
md_heading (GString    *out,
            guint       level,
            const char *text)
{
  MdOut md = { out, "", FALSE };
  g_autofree char *hashes = g_strnfill (level, '#');
  g_autofree char *line = g_strdup (text);

  g_strdelimit (line, "\n\r\t", ' ');
  g_string_append_printf (out, "%s ", hashes);
  md_text (&md, line, -1);
  g_string_append (out, "\n\n");
}

/* Story notes first, then the text, then the highlights in reading order
 * as quotes with their notes beneath, then the ones that no longer fit.
 */
static void
md_story (GString             *out,
          const PnExportStory *story,
          guint                level)
{
  MdOut md = { out, "", TRUE };

  for (guint i = 0; i < story->notes->len; i++)
    {
      const PnExportAnnotation *note = g_ptr_array_index (story->notes, i);

      g_string_append_printf (out, "**%s** ", _("Note:"));
      md.line_start = FALSE;
      md_note (&md, note->note);
      g_string_append_c (out, '\n');
    }

  md_body (out, story, level);

  if (story->highlights->len > 0)
    md_heading (out, MIN (level + 1, 6), _("Highlights"));
  for (guint i = 0; i < story->highlights->len; i++)
    {
      const PnExportAnnotation *highlight = g_ptr_array_index (story->highlights, i);

      md_quote (&md, highlight->exact);
      g_string_append_c (out, '\n');
      if (highlight->note != NULL && *highlight->note != '\0')
        {
          md_note (&md, highlight->note);
          g_string_append_c (out, '\n');
        }
    }

  if (story->detached->len > 0)
    md_heading (out, MIN (level + 1, 6), _("Detached highlights"));
  for (guint i = 0; i < story->detached->len; i++)
    {
      const PnExportAnnotation *highlight = g_ptr_array_index (story->detached, i);

      md_quote (&md, highlight->exact);
      g_string_append_c (out, '\n');
      if (highlight->note != NULL && *highlight->note != '\0')
        {
          md_note (&md, highlight->note);
          g_string_append_c (out, '\n');
        }
    }
}

/* YAML front matter: every value double-quoted and escaped. */
static void
yaml_string (GString    *out,
             const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\x%02x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
yaml_field (GString    *out,
            const char *key,
            const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_string_append_printf (out, "%s: ", key);
  yaml_string (out, value);
  g_string_append_c (out, '\n');
}

static void
yaml_list (GString            *out,
           const char         *key,
           const char * const *values)
{
  if (values == NULL || values[0] == NULL)
    return;
  g_string_append_printf (out, "%s:\n", key);
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_string_append (out, "  - ");
      yaml_string (out, values[i]);
      g_string_append_c (out, '\n');
    }
}

static void
story_front_matter (GString             *out,
                    const PnExportStory *story)
{
  g_autofree char *published = _pn_export_format_date (story->published);
  g_autofree char *updated = _pn_export_format_date (story->updated);

  g_string_append (out, "---\n");
  yaml_field (out, "title", story->title);
  yaml_field (out, "source", story->source_title);
  yaml_field (out, "source-url", story->source_url);
  yaml_field (out, "link", story->link);
  yaml_field (out, "author", story->byline);
  yaml_field (out, "published", published);
  yaml_field (out, "updated", updated);
  yaml_list (out, "tags", (const char * const *) story->categories);
  yaml_list (out, "collections", (const char * const *) story->collections);
  g_string_append (out, "---\n\n");
}

/* The metadata a story's front matter carries, as a list under its
 * heading when many stories share one file.
 */
static void
story_meta_list (GString             *out,
                 const PnExportStory *story)
{
  g_autofree char *published = _pn_export_format_date (story->published);
  const char *link = _pn_export_safe_url (story->link);
  MdOut md = { out, "", FALSE };
  struct { const char *label; const char *value; } rows[] = {
    { _("Source"), story->source_title },
    { _("Author"), story->byline },
    { _("Published"), published },
  };
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (rows[i].value == NULL || *rows[i].value == '\0')
        continue;
      g_string_append_printf (out, "- %s: ", rows[i].label);
      md_text (&md, rows[i].value, -1);
      g_string_append_c (out, '\n');
      any = TRUE;
    }
  if (link != NULL)
    {
      g_string_append_printf (out, "- %s: <", _("Link"));
      md_url (&md, link);
      g_string_append (out, ">\n");
      any = TRUE;
    }
  if (any)
    g_string_append_c (out, '\n');
}

static void
collection_front_matter (GString            *out,
                         const PnExportData *data)
{
  g_string_append (out, "---\n");
  yaml_field (out, "title", data->title);
  yaml_field (out, "description", data->description);
  g_string_append_printf (out, "stories: %u\n---\n\n", data->stories->len);
  md_heading (out, 1, data->title);
  if (data->description != NULL && *data->description != '\0')
    {
      MdOut md = { out, "", TRUE };

      md_note (&md, data->description);
      g_string_append_c (out, '\n');
    }
}

static gboolean
write_markdown (PnExportWriter      *writer,
                const PnExportData  *data,
                GError             **error)
{
  g_autoptr(GString) out = g_string_sized_new (64 * 1024);

  collection_front_matter (out, data);
  for (guint i = 0; i < data->stories->len; i++)
    {
      const PnExportStory *story = g_ptr_array_index (data->stories, i);

      md_heading (out, 2, story->title);
      story_meta_list (out, story);
      md_story (out, story, 2);
      if (!_pn_export_writer_write_string (writer, out, error) ||
          !_pn_export_writer_progress (writer, i + 1, data->stories->len, error))
        return FALSE;
    }
  return _pn_export_writer_write_string (writer, out, error) &&
         _pn_export_writer_progress (writer, data->stories->len, data->stories->len, error);
}

static gboolean
write_markdown_folder (PnExportWriter      *writer,
                       const PnExportData  *data,
                       GError             **error)
{
  g_autoptr(GString) index = g_string_new (NULL);
  g_autoptr(GString) out = g_string_sized_new (64 * 1024);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  MdOut md = { index, "", FALSE };

  collection_front_matter (index, data);
  for (guint i = 0; i < data->stories->len; i++)
    {
      const PnExportStory *story = g_ptr_array_index (data->stories, i);
      g_autofree char *slug = _pn_export_slug (story->title, story->id);
      g_autofree char *name = g_strdup_printf ("%s.md", slug);

      for (guint n = 2; g_hash_table_contains (names, name); n++)
        {
          g_free (name);
          name = g_strdup_printf ("%s-%u.md", slug, n);
        }
      g_hash_table_add (names, g_strdup (name));

      story_front_matter (out, story);
      md_heading (out, 1, story->title);
      md_story (out, story, 1);
      if (!_pn_export_writer_write_file (writer, name, out, error) ||
          !_pn_export_writer_progress (writer, i + 1, data->stories->len, error))
        return FALSE;

      g_string_append_printf (index, "%u. [", i + 1);
      md_text (&md, story->title, -1);
      g_string_append (index, "](");
      md_url (&md, name);
      g_string_append (index, ")\n");
    }
  return _pn_export_writer_write_file (writer, "index.md", index, error);
}

const PnExportModule _pn_export_markdown_module = {
  .format = PN_EXPORT_FORMAT_MARKDOWN,
  .name = "md",
  .extension = "md",
  .output = PN_EXPORT_OUTPUT_FILE,
  .write = write_markdown,
};

const PnExportModule _pn_export_markdown_folder_module = {
  .format = PN_EXPORT_FORMAT_MARKDOWN_FOLDER,
  .name = "md-folder",
  .extension = "",
  .output = PN_EXPORT_OUTPUT_FOLDER,
  .write = write_markdown_folder,
};
