/* pn-export-private.h — what the exporter shares with its format modules
 *
 * The exporter snapshots the library on the calling thread into the plain
 * structs below; nothing in them is touched by anyone else afterwards, so
 * the format modules read them freely from the export thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pn-document.h"
#include "pn-exporter.h"

G_BEGIN_DECLS

typedef struct
{
  char       *id;
  char       *note;         /* NULL or "" when there is none */
  char       *color;
  GDateTime  *created;
  GDateTime  *modified;
  gboolean    has_anchor;   /* FALSE: a note on the whole story */
  char       *exact;
  char       *prefix;
  char       *suffix;
  gint64      start;        /* the stored TextPositionSelector */
  gint64      end;
  /* Stored as detached, or its quote no longer fits the document. */
  gboolean    detached;
  /* Where the highlight sits in the document's text (placed ones only). */
  guint       doc_start;
  guint       doc_end;
  JsonObject *json;         /* the store's form; JSON export only */
} PnExportAnnotation;

typedef struct
{
  char        *id;
  char        *title;       /* never NULL ("Untitled" when the feed gave none) */
  char        *link;
  char        *byline;
  char        *source_title;
  char        *source_url;
  GDateTime   *published;
  GDateTime   *updated;
  GDateTime   *saved_at;
  GStrv        categories;
  GStrv        collections; /* names of the collections holding the story */
  PnDocument  *document;
  GPtrArray   *annotations; /* PnExportAnnotation, in the library's order */
  GPtrArray   *notes;       /* borrowed from annotations: whole-story notes */
  GPtrArray   *highlights;  /* borrowed: placed highlights, in reading order */
  GPtrArray   *detached;    /* borrowed: highlights that no longer fit */
  JsonObject  *json;        /* the store's form; JSON export only */
} PnExportStory;

typedef struct
{
  PnExportScope  scope;
  char          *scope_id;
  char          *title;       /* the collection's name, "Saved stories"… */
  char          *description;
  GPtrArray     *stories;     /* PnExportStory, in export order */
  /* JsonObjects in the store's form; JSON export only */
  GPtrArray     *sources;     /* of the exported stories */
  GPtrArray     *collections; /* the exported collection, or all of them for "saved" */
  /* The newest date in the data: what formats that need a "modified"
   * date use, so the same library always exports to the same bytes.
   */
  GDateTime     *newest;
} PnExportData;

typedef struct _PnExportWriter PnExportWriter;

typedef enum
{
  PN_EXPORT_OUTPUT_FILE,
  PN_EXPORT_OUTPUT_FOLDER,
} PnExportOutput;

typedef struct
{
  PnExportFormat  format;
  const char     *name;
  const char     *extension;
  PnExportOutput  output;
  gboolean        needs_json;
  gboolean      (*write) (PnExportWriter     *writer,
                          const PnExportData *data,
                          GError            **error);
} PnExportModule;

extern const PnExportModule _pn_export_markdown_module;
extern const PnExportModule _pn_export_markdown_folder_module;
extern const PnExportModule _pn_export_html_module;
extern const PnExportModule _pn_export_json_module;
extern const PnExportModule _pn_export_epub_module;
extern const PnExportModule _pn_export_csv_module;
extern const PnExportModule _pn_export_csv_annotations_module;
extern const PnExportModule _pn_export_web_annotation_module;

/* Folder output: writes @contents as the file @name and empties it. */
gboolean       _pn_export_writer_write_file   (PnExportWriter *writer,
                                               const char     *name,
                                               GString        *contents,
                                               GError        **error);
gboolean       _pn_export_writer_write        (PnExportWriter *writer,
                                               const char     *data,
                                               gsize           length,
                                               GError        **error);
gboolean       _pn_export_writer_write_string (PnExportWriter *writer,
                                               GString        *string,
                                               GError        **error);
/* Reports that @done of @total stories are written; fails when cancelled. */
gboolean       _pn_export_writer_progress     (PnExportWriter *writer,
                                               guint           done,
                                               guint           total,
                                               GError        **error);

/* Every following write fails with this errno (0 turns it off). */
void           _pn_export_set_write_errno   (int             errno_code);

/* Shared helpers (pn-export-util.c) */
const char    *_pn_export_safe_url          (const char     *url);
char          *_pn_export_format_date       (GDateTime      *date);
char          *_pn_export_format_day        (GDateTime      *date);
void           _pn_export_append_xml_escaped (GString       *out,
                                              const char    *text,
                                              gssize         length);
void           _pn_export_append_json       (GString       *out,
                                             JsonNode      *node,
                                             guint          indent);
char          *_pn_export_slug              (const char     *title,
                                             const char     *id);
char          *_pn_export_annotation_iri    (const PnExportAnnotation *annotation);
char          *_pn_export_data_iri          (const PnExportData *data);
char          *_pn_export_story_iri         (const PnExportStory *story);
/* A stretch of a block's text with one set of inline styles. */
typedef enum
{
  PN_EXPORT_STYLE_LINK      = 1 << 0,
  PN_EXPORT_STYLE_BOLD      = 1 << 1,
  PN_EXPORT_STYLE_ITALIC    = 1 << 2,
  PN_EXPORT_STYLE_STRIKE    = 1 << 3,
  PN_EXPORT_STYLE_UNDERLINE = 1 << 4,
  PN_EXPORT_STYLE_SUB       = 1 << 5,
  PN_EXPORT_STYLE_SUP       = 1 << 6,
  PN_EXPORT_STYLE_CODE      = 1 << 7,
  PN_EXPORT_STYLE_MARK      = 1 << 8,
} PnExportStyle;

typedef struct
{
  const char               *text;   /* into the document's text */
  gsize                     length; /* bytes */
  guint                     styles; /* PnExportStyle */
  gboolean                  line_break;
  const char               *href;   /* PN_EXPORT_STYLE_LINK */
  const PnExportAnnotation *mark;   /* the first highlight covering it */
} PnExportSegment;

/* Walks a document block by block without rescanning its text. */
typedef struct
{
  const char *pointer;
  guint       offset;
} PnExportCursor;

const char    *_pn_export_cursor_seek       (PnExportCursor *cursor,
                                             guint           offset);
/* The segments of [@from, @to) of @block, whose text starts at @cursor. */
GArray        *_pn_export_segments          (PnExportCursor *cursor,
                                             const PnBlock  *block,
                                             guint           from,
                                             guint           to,
                                             GPtrArray      *highlights);
/* Whether @highlight's note goes after the block @index: the last block
 * that its text reaches.
 */
gboolean       _pn_export_note_after_block  (PnDocument               *document,
                                             guint                     index,
                                             const PnExportAnnotation *highlight);

/* XHTML for a story's body (HTML and EPUB share it): its blocks with the
 * highlights marked and their notes as asides, headings shifted down by
 * @heading_shift levels.
 */
void           _pn_export_append_xhtml_story (GString            *out,
                                              const PnExportStory *story,
                                              guint               heading_shift);

G_END_DECLS
