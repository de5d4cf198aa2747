/* pn-export-csv.c — RFC 4180 tables of stories or of annotations
 *
 * CRLF line ends, every field quoted when it holds a comma, quote or line
 * break. A field that a spreadsheet would run as a formula (starting with
 * =, +, - or @) gets a leading apostrophe, as OWASP advises: a feed title
 * must not be able to run anything on the reader's machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-export-csv"

#include <string.h>

#include "pn-export-private.h"

static void
csv_field (GString    *out,
           const char *value,
           gboolean    last)
{
  if (value == NULL)
    value = "";
  if (strchr ("=+-@", *value) != NULL && *value != '\0')
    {
      g_string_append (out, "\"'");
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (strpbrk (value, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_row (GString            *out,
         const char * const *fields,
         guint               n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    csv_field (out, fields[i], i + 1 == n_fields);
}

static gboolean
write_stories (PnExportWriter      *writer,
               const PnExportData  *data,
               GError             **error)
{
  static const char * const header[] = {
    "title", "link", "source", "author", "published", "updated", "saved", "collections",
    "tags", "annotations", "id",
  };
  g_autoptr(GString) out = g_string_sized_new (64 * 1024);

  csv_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < data->stories->len; i++)
    {
      const PnExportStory *story = g_ptr_array_index (data->stories, i);
      g_autofree char *published = _pn_export_format_date (story->published);
      g_autofree char *updated = _pn_export_format_date (story->updated);
      g_autofree char *saved = _pn_export_format_date (story->saved_at);
      g_autofree char *collections = story->collections != NULL
                                     ? g_strjoinv ("; ", story->collections) : NULL;
      g_autofree char *tags = story->categories != NULL ? g_strjoinv ("; ", story->categories) : NULL;
      g_autofree char *count = g_strdup_printf ("%u", story->annotations->len);
      const char *row[] = {
        story->title, story->link, story->source_title, story->byline, published, updated,
        saved, collections, tags, count, story->id,
      };

      csv_row (out, row, G_N_ELEMENTS (row));
      if (out->len > 60 * 1024 && !_pn_export_writer_write_string (writer, out, error))
        return FALSE;
      if (!_pn_export_writer_progress (writer, i + 1, data->stories->len, error))
        return FALSE;
    }
  return _pn_export_writer_write_string (writer, out, error);
}

static const char *
annotation_kind (const PnExportAnnotation *annotation)
{
  if (!annotation->has_anchor)
    return "note";
  return annotation->detached ? "detached" : "highlight";
}

static gboolean
write_annotations (PnExportWriter      *writer,
                   const PnExportData  *data,
                   GError             **error)
{
  static const char * const header[] = {
    "story title", "link", "quote", "note", "color", "created", "modified", "kind", "start",
    "end", "story id", "id",
  };
  g_autoptr(GString) out = g_string_sized_new (64 * 1024);

  csv_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < data->stories->len; i++)
    {
      const PnExportStory *story = g_ptr_array_index (data->stories, i);

      for (guint a = 0; a < story->annotations->len; a++)
        {
          const PnExportAnnotation *annotation = g_ptr_array_index (story->annotations, a);
          g_autofree char *created = _pn_export_format_date (annotation->created);
          g_autofree char *modified = _pn_export_format_date (annotation->modified);
          g_autofree char *start = NULL, *end = NULL;
          const char *row[12];

          if (annotation->has_anchor)
            {
              start = g_strdup_printf ("%" G_GINT64_FORMAT, annotation->start);
              end = g_strdup_printf ("%" G_GINT64_FORMAT, annotation->end);
            }
          row[0] = story->title;
          row[1] = story->link;
          row[2] = annotation->exact;
          row[3] = annotation->note;
          row[4] = annotation->color;
          row[5] = created;
          row[6] = modified;
          row[7] = annotation_kind (annotation);
          row[8] = start;
          row[9] = end;
          row[10] = story->id;
          row[11] = annotation->id;
          csv_row (out, row, G_N_ELEMENTS (row));
        }
      if (out->len > 60 * 1024 && !_pn_export_writer_write_string (writer, out, error))
        return FALSE;
      if (!_pn_export_writer_progress (writer, i + 1, data->stories->len, error))
        return FALSE;
    }
  return _pn_export_writer_write_string (writer, out, error);
}

const PnExportModule _pn_export_csv_module = {
  .format = PN_EXPORT_FORMAT_CSV,
  .name = "csv",
  .extension = "csv",
  .output = PN_EXPORT_OUTPUT_FILE,
  .write = write_stories,
};

const PnExportModule _pn_export_csv_annotations_module = {
  .format = PN_EXPORT_FORMAT_CSV_ANNOTATIONS,
  .name = "csv-annotations",
  .extension = "csv",
  .output = PN_EXPORT_OUTPUT_FILE,
  .write = write_annotations,
};
