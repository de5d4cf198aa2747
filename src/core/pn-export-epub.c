/* pn-export-epub.c — an EPUB 3 book: a chapter per story
 *
 * The container is a zip streamed into the export: "mimetype" first,
 * stored, with no extra field (OCF requires it, and readers and file(1)
 * sniff "mimetypeapplication/epub+zip" at offset 30), then
 * META-INF/container.xml, the OPF package (metadata, manifest, spine), the
 * navigation document and one XHTML chapter per story, sharing the HTML
 * export's rendering of story bodies.
 *
 * libarchive writes everything but that first entry: its zip writer always
 * adds extra fields. So the mimetype entry is written here, libarchive's
 * output follows it, and its central directory is held back at the end
 * to gain the mimetype record and have its offsets moved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-export-epub"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "pn-error.h"
#include "pn-export-private.h"

static const char container_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
  "  <rootfiles>\n"
  "    <rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n"
  "  </rootfiles>\n"
  "</container>\n";

static const char stylesheet[] =
  "body { font-family: serif; line-height: 1.5; }\n"
  ".meta { font-size: 0.9em; font-style: italic; }\n"
  "mark { background: #f8e45c; }\n"
  "aside { border-left: 0.2em solid #f8e45c; margin: 0.5em 0; padding-left: 0.6em;"
  " font-size: 0.95em; white-space: pre-wrap; }\n"
  "blockquote { margin-left: 1em; }\n"
  "pre { white-space: pre-wrap; }\n";

#define MIMETYPE        "application/epub+zip"
#define MIMETYPE_CRC32  0x2cab616fu
#define ZIP_DOS_DATE    0x21          /* 1980-01-01 */
#define LOCAL_SIZE      (30 + 8 + 20)
#define CENTRAL_SIZE    (46 + 8)

typedef struct
{
  PnExportWriter *writer;
  GError         *error;
  /* Set once the entries are written: the central directory lands here.
   * Output is unblocked (bytes per block 0), so this holds exactly what
   * archive_write_close() writes.
   */
  GByteArray     *tail;
} ArchiveSink;

static void
put16 (guint8 *p,
       guint   value)
{
  p[0] = value & 0xff;
  p[1] = (value >> 8) & 0xff;
}

static void
put32 (guint8  *p,
       guint32  value)
{
  put16 (p, value & 0xffff);
  put16 (p + 2, value >> 16);
}

static guint
get16 (const guint8 *p)
{
  return p[0] | p[1] << 8;
}

static guint32
get32 (const guint8 *p)
{
  return get16 (p) | (guint32) get16 (p + 2) << 16;
}

static gboolean
write_mimetype (ArchiveSink  *sink,
                GError      **error)
{
  guint8 header[LOCAL_SIZE] = { 0 };

  put32 (header, 0x04034b50);
  put16 (header + 4, 10);
  put16 (header + 12, ZIP_DOS_DATE);
  put32 (header + 14, MIMETYPE_CRC32);
  put32 (header + 18, 20);
  put32 (header + 22, 20);
  put16 (header + 26, 8);
  memcpy (header + 30, "mimetype", 8);
  memcpy (header + 38, MIMETYPE, 20);
  return _pn_export_writer_write (sink->writer, (const char *) header, sizeof header, error);
}

/* Adds the mimetype record to libarchive's central directory and moves
 * every offset past the entry written before libarchive's output.
 */
static gboolean
write_central_directory (ArchiveSink  *sink,
                         GError      **error)
{
  guint8 *data = sink->tail->data;
  gsize length = sink->tail->len, at = 0;
  guint8 record[CENTRAL_SIZE] = { 0 };
  guint8 *end;

  while (at + 46 <= length && get32 (data + at) == 0x02014b50)
    {
      guint32 offset = get32 (data + at + 42);

      if (offset == 0xffffffff)
        break;
      put32 (data + at + 42, offset + LOCAL_SIZE);
      at += 46 + get16 (data + at + 28) + get16 (data + at + 30) + get16 (data + at + 32);
    }
  end = data + at;
  if (at + 22 > length || get32 (end) != 0x06054b50)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_FAILED,
                   _("Could not write the book: unexpected zip layout"));
      return FALSE;
    }
  put16 (end + 8, get16 (end + 8) + 1);
  put16 (end + 10, get16 (end + 10) + 1);
  put32 (end + 12, get32 (end + 12) + CENTRAL_SIZE);
  put32 (end + 16, get32 (end + 16) + LOCAL_SIZE);

  put32 (record, 0x02014b50);
  put16 (record + 4, 3 << 8 | 20);
  put16 (record + 6, 10);
  put16 (record + 14, ZIP_DOS_DATE);
  put32 (record + 16, MIMETYPE_CRC32);
  put32 (record + 20, 20);
  put32 (record + 24, 20);
  put16 (record + 28, 8);
  put32 (record + 38, (guint32) 0100644 << 16);
  memcpy (record + 46, "mimetype", 8);

  return _pn_export_writer_write (sink->writer, (const char *) record, sizeof record, error) &&
         _pn_export_writer_write (sink->writer, (const char *) data, length, error);
}

static la_ssize_t
archive_write_cb (struct archive *archive,
                  void           *user_data,
                  const void     *buffer,
                  size_t          length)
{
  ArchiveSink *sink = user_data;

  if (sink->error != NULL)
    return -1;
  if (sink->tail != NULL)
    {
      g_byte_array_append (sink->tail, buffer, length);
      return length;
    }
  if (!_pn_export_writer_write (sink->writer, buffer, length, &sink->error))
    {
      archive_set_error (archive, EIO, "%s", sink->error->message);
      return -1;
    }
  return length;
}

static gboolean
archive_failed (struct archive  *archive,
                ArchiveSink     *sink,
                GError         **error)
{
  if (sink->error != NULL)
    g_propagate_error (error, g_steal_pointer (&sink->error));
  else
    g_set_error (error, PN_ERROR, PN_ERROR_FAILED, _("Could not write the book: %s"),
                 archive_error_string (archive));
  return FALSE;
}

static gboolean
add_entry (struct archive  *archive,
           ArchiveSink     *sink,
           const char      *name,
           const char      *contents,
           gsize            length,
           GError         **error)
{
  struct archive_entry *entry = archive_entry_new ();
  gboolean ok;

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, length);
  /* A fixed time: the same library gives the same bytes. */
  archive_entry_set_mtime (entry, 315532800, 0);
  ok = archive_write_header (archive, entry) == ARCHIVE_OK &&
       (length == 0 || archive_write_data (archive, contents, length) == (la_ssize_t) length) &&
       archive_write_finish_entry (archive) == ARCHIVE_OK;
  archive_entry_free (entry);
  if (!ok)
    return archive_failed (archive, sink, error);
  return TRUE;
}

static void
xhtml_start (GString    *out,
             const char *title)
{
  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<!DOCTYPE html>\n"
                   "<html xmlns=\"http://www.w3.org/1999/xhtml\""
                   " xmlns:epub=\"http://www.idpf.org/2007/ops\">\n"
                   "<head>\n<meta charset=\"utf-8\"/>\n<title>");
  _pn_export_append_xml_escaped (out, title, -1);
  g_string_append (out, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n"
                        "</head>\n<body>\n");
}

static void
chapter (GString             *out,
         const PnExportStory *story)
{
  const char *link = _pn_export_safe_url (story->link);
  g_autofree char *published = _pn_export_format_day (story->published);

  xhtml_start (out, story->title);
  g_string_append (out, "<section epub:type=\"chapter\">\n<h1>");
  _pn_export_append_xml_escaped (out, story->title, -1);
  g_string_append (out, "</h1>\n<p class=\"meta\">");
  if (story->source_title != NULL)
    _pn_export_append_xml_escaped (out, story->source_title, -1);
  if (story->byline != NULL && *story->byline != '\0')
    {
      g_string_append (out, " · ");
      _pn_export_append_xml_escaped (out, story->byline, -1);
    }
  if (published != NULL)
    g_string_append_printf (out, " · %s", published);
  if (link != NULL)
    {
      g_string_append (out, "<br/><a href=\"");
      _pn_export_append_xml_escaped (out, link, -1);
      g_string_append (out, "\">");
      _pn_export_append_xml_escaped (out, link, -1);
      g_string_append (out, "</a>");
    }
  g_string_append (out, "</p>\n");
  _pn_export_append_xhtml_story (out, story, 1);
  g_string_append (out, "</section>\n</body>\n</html>\n");
}

static void
navigation (GString            *out,
            const PnExportData *data)
{
  xhtml_start (out, data->title);
  g_string_append (out, "<nav epub:type=\"toc\" id=\"toc\">\n<h1>");
  _pn_export_append_xml_escaped (out, data->title, -1);
  g_string_append (out, "</h1>\n<ol>\n");
  for (guint i = 0; i < data->stories->len; i++)
    {
      const PnExportStory *story = g_ptr_array_index (data->stories, i);

      g_string_append_printf (out, "<li><a href=\"story-%04u.xhtml\">", i + 1);
      _pn_export_append_xml_escaped (out, story->title, -1);
      g_string_append (out, "</a></li>\n");
    }
  if (data->stories->len == 0)
    {
      g_string_append (out, "<li><a href=\"nav.xhtml\">");
      _pn_export_append_xml_escaped (out, data->title, -1);
      g_string_append (out, "</a></li>\n");
    }
  g_string_append (out, "</ol>\n</nav>\n</body>\n</html>\n");
}

static void
package (GString            *out,
         const PnExportData *data)
{
  g_autofree char *identifier = _pn_export_data_iri (data);
  g_autofree char *modified = _pn_export_format_date (data->newest);

  g_string_append (out,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\""
                   " unique-identifier=\"pub-id\">\n"
                   "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                   "    <dc:identifier id=\"pub-id\">");
  _pn_export_append_xml_escaped (out, identifier, -1);
  g_string_append (out, "</dc:identifier>\n    <dc:title>");
  _pn_export_append_xml_escaped (out, data->title, -1);
  g_string_append (out, "</dc:title>\n    <dc:language>und</dc:language>\n"
                        "    <dc:creator>Prime News</dc:creator>\n");
  if (data->description != NULL && *data->description != '\0')
    {
      g_string_append (out, "    <dc:description>");
      _pn_export_append_xml_escaped (out, data->description, -1);
      g_string_append (out, "</dc:description>\n");
    }
  g_string_append_printf (out, "    <meta property=\"dcterms:modified\">%s</meta>\n"
                               "  </metadata>\n  <manifest>\n"
                               "    <item id=\"nav\" href=\"nav.xhtml\""
                               " media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
                               "    <item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n",
                          modified);
  for (guint i = 0; i < data->stories->len; i++)
    g_string_append_printf (out, "    <item id=\"story-%04u\" href=\"story-%04u.xhtml\""
                                 " media-type=\"application/xhtml+xml\"/>\n", i + 1, i + 1);
  g_string_append (out, "  </manifest>\n  <spine>\n");
  if (data->stories->len == 0)
    g_string_append (out, "    <itemref idref=\"nav\"/>\n");
  for (guint i = 0; i < data->stories->len; i++)
    g_string_append_printf (out, "    <itemref idref=\"story-%04u\"/>\n", i + 1);
  g_string_append (out, "  </spine>\n</package>\n");
}

static gboolean
write_epub (PnExportWriter      *writer,
            const PnExportData  *data,
            GError             **error)
{
  struct archive *archive = archive_write_new ();
  ArchiveSink sink = { writer, NULL, NULL };
  g_autoptr(GString) out = g_string_sized_new (64 * 1024);
  gboolean ok = FALSE;

  if (archive_write_set_format_zip (archive) != ARCHIVE_OK ||
      archive_write_set_bytes_per_block (archive, 0) != ARCHIVE_OK ||
      archive_write_zip_set_compression_deflate (archive) != ARCHIVE_OK ||
      archive_write_open2 (archive, &sink, NULL, archive_write_cb, NULL, NULL) != ARCHIVE_OK)
    {
      archive_failed (archive, &sink, error);
      goto out;
    }

  if (!write_mimetype (&sink, error))
    goto out;
  if (!add_entry (archive, &sink, "META-INF/container.xml", container_xml,
                  sizeof container_xml - 1, error) ||
      !add_entry (archive, &sink, "OEBPS/style.css", stylesheet, sizeof stylesheet - 1, error))
    goto out;

  package (out, data);
  if (!add_entry (archive, &sink, "OEBPS/content.opf", out->str, out->len, error))
    goto out;
  g_string_truncate (out, 0);
  navigation (out, data);
  if (!add_entry (archive, &sink, "OEBPS/nav.xhtml", out->str, out->len, error))
    goto out;

  for (guint i = 0; i < data->stories->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("OEBPS/story-%04u.xhtml", i + 1);

      g_string_truncate (out, 0);
      chapter (out, g_ptr_array_index (data->stories, i));
      if (!add_entry (archive, &sink, name, out->str, out->len, error) ||
          !_pn_export_writer_progress (writer, i + 1, data->stories->len, error))
        goto out;
    }

  sink.tail = g_byte_array_new ();
  if (archive_write_close (archive) != ARCHIVE_OK)
    {
      archive_failed (archive, &sink, error);
      goto out;
    }
  ok = write_central_directory (&sink, error);

out:
  archive_write_free (archive);
  g_clear_error (&sink.error);
  g_clear_pointer (&sink.tail, g_byte_array_unref);
  return ok;
}

const PnExportModule _pn_export_epub_module = {
  .format = PN_EXPORT_FORMAT_EPUB,
  .name = "epub",
  .extension = "epub",
  .output = PN_EXPORT_OUTPUT_FILE,
  .write = write_epub,
};
