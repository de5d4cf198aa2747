/* pn-exporter.c — one entry point for every export format
 *
 * The library is read on the calling thread into immutable data
 * (pn-export-private.h); a format module then writes that data, in a
 * thread for the async call. The result appears atomically: a file is
 * written next to its destination under a hidden name, synced and renamed
 * over it; a folder is built as a hidden sibling and renamed into place. On
 * any failure the temporary goes and the destination is untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-exporter"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pn-anchor.h"
#include "pn-annotation.h"
#include "pn-collection.h"
#include "pn-error.h"
#include "pn-export-private.h"
#include "pn-exporter.h"
#include "pn-source.h"
#include "pn-store-json.h"
#include "pn-story.h"

#define PROGRESS_STEP 0.01

struct _PnExporter
{
  GObject    parent_instance;

  /* Owned references */
  PnLibrary *library;

  double     progress;
};

G_DEFINE_FINAL_TYPE (PnExporter, pn_exporter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef void (*ProgressFunc) (double   fraction,
                              gpointer user_data);

struct _PnExportWriter
{
  GOutputStream *stream;
  char          *folder;
  GCancellable  *cancellable;
  ProgressFunc   progress_func;
  gpointer       progress_data;
  double         reported;
};

typedef struct
{
  const PnExportModule *module;
  PnExportData         *data;
  char                 *output_path;
} ExportJob;

static const PnExportModule * const modules[PN_EXPORT_N_FORMATS] = {
  [PN_EXPORT_FORMAT_MARKDOWN] = &_pn_export_markdown_module,
  [PN_EXPORT_FORMAT_MARKDOWN_FOLDER] = &_pn_export_markdown_folder_module,
  [PN_EXPORT_FORMAT_HTML] = &_pn_export_html_module,
  [PN_EXPORT_FORMAT_JSON] = &_pn_export_json_module,
  [PN_EXPORT_FORMAT_EPUB] = &_pn_export_epub_module,
  [PN_EXPORT_FORMAT_CSV] = &_pn_export_csv_module,
  [PN_EXPORT_FORMAT_CSV_ANNOTATIONS] = &_pn_export_csv_annotations_module,
  [PN_EXPORT_FORMAT_WEB_ANNOTATION] = &_pn_export_web_annotation_module,
};

/* A test hook: the "disk full" that tests cannot otherwise create. */
static int write_errno;

/* Formats */

gboolean
pn_export_format_from_string (const char     *name,
                              PnExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (modules); i++)
    {
      if (g_str_equal (modules[i]->name, name))
        {
          *format = modules[i]->format;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
pn_export_format_to_string (PnExportFormat format)
{
  g_return_val_if_fail (format < PN_EXPORT_N_FORMATS, NULL);
  return modules[format]->name;
}

/* Returns: the file name extension, without the dot; "" for a folder */
const char *
pn_export_format_get_extension (PnExportFormat format)
{
  g_return_val_if_fail (format < PN_EXPORT_N_FORMATS, NULL);
  return modules[format]->extension;
}

gboolean
pn_export_format_is_folder (PnExportFormat format)
{
  g_return_val_if_fail (format < PN_EXPORT_N_FORMATS, FALSE);
  return modules[format]->output == PN_EXPORT_OUTPUT_FOLDER;
}

/* Data */

static void
export_annotation_free (PnExportAnnotation *annotation)
{
  g_free (annotation->id);
  g_free (annotation->note);
  g_free (annotation->color);
  g_clear_pointer (&annotation->created, g_date_time_unref);
  g_clear_pointer (&annotation->modified, g_date_time_unref);
  g_free (annotation->exact);
  g_free (annotation->prefix);
  g_free (annotation->suffix);
  g_clear_pointer (&annotation->json, json_object_unref);
  g_free (annotation);
}

static void
export_story_free (PnExportStory *story)
{
  g_free (story->id);
  g_free (story->title);
  g_free (story->link);
  g_free (story->byline);
  g_free (story->source_title);
  g_free (story->source_url);
  g_clear_pointer (&story->published, g_date_time_unref);
  g_clear_pointer (&story->updated, g_date_time_unref);
  g_clear_pointer (&story->saved_at, g_date_time_unref);
  g_strfreev (story->categories);
  g_strfreev (story->collections);
  g_clear_object (&story->document);
  g_clear_pointer (&story->notes, g_ptr_array_unref);
  g_clear_pointer (&story->highlights, g_ptr_array_unref);
  g_clear_pointer (&story->detached, g_ptr_array_unref);
  g_clear_pointer (&story->annotations, g_ptr_array_unref);
  g_clear_pointer (&story->json, json_object_unref);
  g_free (story);
}

static void
export_data_free (PnExportData *data)
{
  g_free (data->scope_id);
  g_free (data->title);
  g_free (data->description);
  g_clear_pointer (&data->stories, g_ptr_array_unref);
  g_clear_pointer (&data->sources, g_ptr_array_unref);
  g_clear_pointer (&data->collections, g_ptr_array_unref);
  g_clear_pointer (&data->newest, g_date_time_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PnExportData, export_data_free)

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->data, export_data_free);
  g_free (job->output_path);
  g_free (job);
}

static void
note_date (PnExportData *data,
           GDateTime    *date)
{
  if (date != NULL && (data->newest == NULL || g_date_time_compare (date, data->newest) > 0))
    {
      g_clear_pointer (&data->newest, g_date_time_unref);
      data->newest = g_date_time_ref (date);
    }
}

static int
compare_highlights (gconstpointer a,
                    gconstpointer b)
{
  const PnExportAnnotation *aa = *(PnExportAnnotation **) a;
  const PnExportAnnotation *ab = *(PnExportAnnotation **) b;

  if (aa->doc_start != ab->doc_start)
    return aa->doc_start < ab->doc_start ? -1 : 1;
  if (aa->doc_end != ab->doc_end)
    return aa->doc_end < ab->doc_end ? -1 : 1;
  return strcmp (aa->id, ab->id);
}

/* Finds the highlight in the document's text: at its stored position when
 * the quote is still there, else wherever the quote with its context fits
 * best. The store's own text may lag behind the document's, and the reader
 * shows the document, so the document decides.
 */
static gboolean
place_highlight (PnExportAnnotation *annotation,
                 PnDocument         *document)
{
  guint length = pn_document_get_length (document);
  gint64 start, end;

  if (annotation->start >= 0 && annotation->end > annotation->start && annotation->end <= length)
    {
      g_autofree char *range = pn_document_dup_text_range (document, annotation->start,
                                                           annotation->end);

      if (g_strcmp0 (range, annotation->exact) == 0)
        {
          annotation->doc_start = annotation->start;
          annotation->doc_end = annotation->end;
          return TRUE;
        }
    }

  if (pn_anchor_reanchor (pn_document_get_text (document), annotation->exact,
                          annotation->prefix, annotation->suffix,
                          annotation->start, annotation->end,
                          &start, &end) == PN_ANCHOR_MATCH_DETACHED ||
      start < 0 || end <= start || end > length)
    return FALSE;

  annotation->doc_start = start;
  annotation->doc_end = end;
  return TRUE;
}

static PnExportAnnotation *
snapshot_annotation (PnAnnotation  *source,
                     PnDocument    *document,
                     gboolean       with_json)
{
  PnExportAnnotation *annotation = g_new0 (PnExportAnnotation, 1);
  GDateTime *date;

  annotation->id = g_strdup (pn_annotation_get_id (source));
  annotation->note = g_strdup (pn_annotation_get_note (source));
  annotation->color = g_strdup (pn_annotation_get_color (source));
  date = pn_annotation_get_created (source);
  annotation->created = date != NULL ? g_date_time_ref (date) : NULL;
  date = pn_annotation_get_modified (source);
  annotation->modified = date != NULL ? g_date_time_ref (date) : NULL;
  annotation->has_anchor = pn_annotation_has_anchor (source);
  annotation->start = annotation->end = -1;
  if (annotation->has_anchor)
    {
      annotation->exact = g_strdup (pn_annotation_get_exact (source));
      annotation->prefix = g_strdup (pn_annotation_get_prefix (source));
      annotation->suffix = g_strdup (pn_annotation_get_suffix (source));
      annotation->start = pn_annotation_get_start (source);
      annotation->end = pn_annotation_get_end (source);
      annotation->detached = pn_annotation_get_detached (source) ||
                             !place_highlight (annotation, document);
    }
  if (with_json)
    annotation->json = pn_store_json_from_annotation (source);
  return annotation;
}

static PnExportStory *
snapshot_story (PnExporter   *self,
                PnExportData *data,
                PnStory      *source,
                GHashTable   *memberships,
                GHashTable   *sources_seen,
                gboolean      with_json)
{
  PnExportStory *story = g_new0 (PnExportStory, 1);
  PnSource *feed = pn_library_lookup_source (self->library, pn_story_get_source_id (source));
  GListModel *annotations = pn_library_get_story_annotations (self->library, source);
  GPtrArray *names = g_hash_table_lookup (memberships, pn_story_get_id (source));
  const char *title = pn_story_get_title (source);
  const char *html;
  GDateTime *date;
  guint n;

  story->id = g_strdup (pn_story_get_id (source));
  story->title = g_strdup (title != NULL && *title != '\0' ? title : _("Untitled"));
  story->link = g_strdup (pn_story_get_link (source));
  story->byline = pn_story_dup_byline (source);
  if (feed != NULL)
    {
      story->source_title = g_strdup (pn_source_get_display_title (feed));
      story->source_url = g_strdup (pn_source_get_site_url (feed) ?: pn_source_get_url (feed));
    }
  date = pn_story_get_published (source);
  story->published = date != NULL ? g_date_time_ref (date) : NULL;
  date = pn_story_get_updated (source);
  story->updated = date != NULL ? g_date_time_ref (date) : NULL;
  date = pn_library_get_saved_at (self->library, source);
  story->saved_at = date != NULL ? g_date_time_ref (date) : NULL;
  story->categories = g_strdupv ((char **) pn_story_get_categories (source));
  if (names != NULL)
    {
      g_ptr_array_add (names, NULL);
      story->collections = g_strdupv ((char **) names->pdata);
      g_ptr_array_remove_index (names, names->len - 1);
    }

  html = pn_story_get_full_content (source);
  if (html == NULL || *html == '\0')
    html = pn_story_get_body (source);
  story->document = pn_document_new_from_html (html != NULL ? html : "", -1);

  story->annotations = g_ptr_array_new_with_free_func ((GDestroyNotify) export_annotation_free);
  story->notes = g_ptr_array_new ();
  story->highlights = g_ptr_array_new ();
  story->detached = g_ptr_array_new ();
  n = annotations != NULL ? g_list_model_get_n_items (annotations) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnAnnotation) item = g_list_model_get_item (annotations, i);
      PnExportAnnotation *annotation = snapshot_annotation (item, story->document, with_json);

      g_ptr_array_add (story->annotations, annotation);
      if (!annotation->has_anchor)
        g_ptr_array_add (story->notes, annotation);
      else if (annotation->detached)
        g_ptr_array_add (story->detached, annotation);
      else
        g_ptr_array_add (story->highlights, annotation);
      note_date (data, annotation->created);
      note_date (data, annotation->modified);
    }
  g_ptr_array_sort (story->highlights, compare_highlights);

  note_date (data, story->published);
  note_date (data, story->updated);

  if (with_json)
    {
      story->json = pn_store_json_from_story (source);
      if (feed != NULL && g_hash_table_add (sources_seen, (gpointer) pn_source_get_id (feed)))
        g_ptr_array_add (data->sources, pn_store_json_from_source (feed));
    }
  return story;
}

/* story id → the names of the collections that hold it */
static GHashTable *
collect_memberships (PnLibrary *library)
{
  GHashTable *memberships = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   (GDestroyNotify) g_ptr_array_unref);
  GListModel *collections = pn_library_get_collections (library);
  guint n = g_list_model_get_n_items (collections);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnCollection) collection = g_list_model_get_item (collections, i);
      guint n_stories = pn_collection_get_n_stories (collection);

      for (guint j = 0; j < n_stories; j++)
        {
          const char *id = pn_collection_get_story_id (collection, j);
          GPtrArray *names = g_hash_table_lookup (memberships, id);

          if (names == NULL)
            {
              names = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (memberships, g_strdup (id), names);
            }
          g_ptr_array_add (names, g_strdup (pn_collection_get_name (collection)));
        }
    }
  return memberships;
}

static PnStory *
find_story (PnLibrary  *library,
            const char *story_id)
{
  g_autoptr(GError) error = NULL;
  PnStory *story = pn_library_lookup_story (library, story_id);

  if (story == NULL)
    story = pn_library_load_story (library, story_id, &error);
  if (story == NULL)
    g_debug ("Story %s is not exported: %s", story_id, error ? error->message : "not found");
  return story;
}

static void
add_model (GPtrArray  *stories,
           GListModel *model,
           PnLibrary  *library,
           gboolean    annotated_only)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (model, i);

      if (annotated_only &&
          g_list_model_get_n_items (pn_library_get_story_annotations (library, story)) == 0)
        continue;
      g_ptr_array_add (stories, g_object_ref (story));
    }
}

static PnExportData *
snapshot (PnExporter            *self,
          PnExportScope          scope,
          const char            *scope_id,
          const PnExportModule  *module,
          GError               **error)
{
  g_autoptr(PnExportData) data = g_new0 (PnExportData, 1);
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) memberships = collect_memberships (self->library);
  g_autoptr(GHashTable) sources_seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean with_json = module->needs_json;
  PnCollection *collection = NULL;

  data->scope = scope;
  data->scope_id = g_strdup (scope_id);
  data->stories = g_ptr_array_new_with_free_func ((GDestroyNotify) export_story_free);
  data->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  data->collections = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  switch (scope)
    {
    case PN_EXPORT_SCOPE_COLLECTION:
      collection = pn_library_lookup_collection (self->library, scope_id);
      if (collection == NULL)
        {
          g_set_error (error, PN_ERROR, PN_ERROR_NOT_FOUND,
                       _("There is no collection “%s”"), scope_id);
          return NULL;
        }
      data->title = g_strdup (pn_collection_get_name (collection));
      data->description = g_strdup (pn_collection_get_description (collection));
      for (guint i = 0; i < pn_collection_get_n_stories (collection); i++)
        {
          PnStory *story = find_story (self->library, pn_collection_get_story_id (collection, i));

          if (story != NULL)
            g_ptr_array_add (stories, g_object_ref (story));
        }
      if (with_json)
        g_ptr_array_add (data->collections, pn_store_json_from_collection (collection));
      break;

    case PN_EXPORT_SCOPE_SAVED:
    case PN_EXPORT_SCOPE_ANNOTATED:
      data->title = g_strdup (scope == PN_EXPORT_SCOPE_SAVED ? _("Saved stories")
                                                             : _("Annotated stories"));
      add_model (stories, pn_library_get_saved_stories (self->library), self->library,
                 scope == PN_EXPORT_SCOPE_ANNOTATED);
      if (with_json && scope == PN_EXPORT_SCOPE_SAVED)
        {
          GListModel *collections = pn_library_get_collections (self->library);

          for (guint i = 0; i < g_list_model_get_n_items (collections); i++)
            {
              g_autoptr(PnCollection) item = g_list_model_get_item (collections, i);

              g_ptr_array_add (data->collections, pn_store_json_from_collection (item));
            }
        }
      break;

    case PN_EXPORT_SCOPE_STORY:
      {
        PnStory *story = scope_id != NULL ? find_story (self->library, scope_id) : NULL;

        if (story == NULL)
          {
            g_set_error (error, PN_ERROR, PN_ERROR_NOT_FOUND,
                         _("There is no story “%s”"), scope_id);
            return NULL;
          }
        g_ptr_array_add (stories, g_object_ref (story));
        data->title = g_strdup (pn_story_get_title (story) ?: _("Untitled"));
      }
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  for (guint i = 0; i < stories->len; i++)
    g_ptr_array_add (data->stories,
                     snapshot_story (self, data, g_ptr_array_index (stories, i),
                                     memberships, sources_seen, with_json));
  if (collection != NULL)
    note_date (data, pn_collection_get_created (collection));
  if (data->newest == NULL)
    data->newest = g_date_time_new_from_unix_utc (0);

  return g_steal_pointer (&data);
}

/* The writer */

gboolean
_pn_export_writer_write (PnExportWriter  *writer,
                         const char      *data,
                         gsize            length,
                         GError         **error)
{
  g_assert (writer->stream != NULL);

  if (write_errno != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (write_errno),
                           g_strerror (write_errno));
      return FALSE;
    }
  return g_output_stream_write_all (writer->stream, data, length, NULL,
                                    writer->cancellable, error);
}

gboolean
_pn_export_writer_write_file (PnExportWriter  *writer,
                              const char      *name,
                              GString         *contents,
                              GError         **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;

  g_assert (writer->folder != NULL);

  path = g_build_filename (writer->folder, name, NULL);
  if (write_errno != 0)
    g_set_error_literal (&local_error, G_IO_ERROR, g_io_error_from_errno (write_errno),
                         g_strerror (write_errno));
  else
    g_file_set_contents_full (path, contents->str, contents->len,
                              G_FILE_SET_CONTENTS_NONE, 0644, &local_error);
  g_string_truncate (contents, 0);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
_pn_export_writer_write_string (PnExportWriter  *writer,
                                GString         *string,
                                GError         **error)
{
  gboolean ok = _pn_export_writer_write (writer, string->str, string->len, error);

  g_string_truncate (string, 0);
  return ok;
}

gboolean
_pn_export_writer_progress (PnExportWriter  *writer,
                            guint            done,
                            guint            total,
                            GError         **error)
{
  double fraction = total > 0 ? (double) done / total : 1.0;

  if (g_cancellable_set_error_if_cancelled (writer->cancellable, error))
    return FALSE;
  if (writer->progress_func != NULL &&
      (fraction - writer->reported >= PROGRESS_STEP || (done == total && fraction > writer->reported)))
    {
      writer->reported = fraction;
      writer->progress_func (fraction, writer->progress_data);
    }
  return TRUE;
}

/* Atomic output */

static void
set_errno_error (GError    **error,
                 int         saved_errno,
                 const char *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, PN_ERROR, PN_ERROR_FAILED, _("Could not write “%s”: %s"),
               display, g_strerror (saved_errno));
}

/* I/O errors become one PN_ERROR naming the destination; cancellation
 * stays G_IO_ERROR_CANCELLED so that callers can tell it apart.
 */
static void
propagate_write_error (GError    **error,
                       GError     *local_error,
                       const char *output_path)
{
  if (local_error->domain != PN_ERROR &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *display = g_filename_display_name (output_path);

      g_set_error (error, PN_ERROR, PN_ERROR_FAILED, _("Could not write “%s”: %s"),
                   display, local_error->message);
      g_error_free (local_error);
      return;
    }
  g_propagate_error (error, local_error);
}

static char *
temporary_template (const char *output_path)
{
  g_autofree char *dir = g_path_get_dirname (output_path);
  g_autofree char *base = g_path_get_basename (output_path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);

  return g_build_filename (dir, name, NULL);
}

static gboolean
write_file (const PnExportModule  *module,
            const PnExportData    *data,
            const char            *output_path,
            PnExportWriter        *writer,
            GError               **error)
{
  g_autofree char *temp_path = temporary_template (output_path);
  g_autoptr(GOutputStream) raw = NULL;
  g_autoptr(GError) local_error = NULL;
  int fd;

  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      set_errno_error (error, errno, output_path);
      return FALSE;
    }
  /* mkstemp made it private; an export is an ordinary document. */
  fchmod (fd, 0644);

  raw = g_unix_output_stream_new (fd, TRUE);
  writer->stream = g_buffered_output_stream_new_sized (raw, 256 * 1024);
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (writer->stream), FALSE);

  if (!module->write (writer, data, &local_error) ||
      !g_output_stream_flush (writer->stream, writer->cancellable, &local_error) ||
      (fsync (fd) != 0 && (set_errno_error (&local_error, errno, output_path), TRUE)) ||
      !g_output_stream_close (writer->stream, NULL, &local_error) ||
      !g_output_stream_close (raw, NULL, &local_error) ||
      (g_rename (temp_path, output_path) != 0 &&
       (set_errno_error (&local_error, errno, output_path), TRUE)))
    {
      g_output_stream_close (writer->stream, NULL, NULL);
      g_output_stream_close (raw, NULL, NULL);
      g_unlink (temp_path);
      g_clear_object (&writer->stream);
      propagate_write_error (error, g_steal_pointer (&local_error), output_path);
      return FALSE;
    }

  g_clear_object (&writer->stream);
  return TRUE;
}

/* Removes a temporary export folder; it holds only files we wrote. */
static void
remove_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

/* A folder export replaces nothing but an empty folder: the destination
 * may be a notes vault, and its other files are not ours to delete.
 */
static gboolean
write_folder (const PnExportModule  *module,
              const PnExportData    *data,
              const char            *output_path,
              PnExportWriter        *writer,
              GError               **error)
{
  g_autofree char *temp_path = temporary_template (output_path);
  g_autoptr(GError) local_error = NULL;
  GStatBuf buf;

  if (g_stat (output_path, &buf) == 0)
    {
      g_autoptr(GDir) dir = S_ISDIR (buf.st_mode) ? g_dir_open (output_path, 0, NULL) : NULL;

      if (dir == NULL || g_dir_read_name (dir) != NULL)
        {
          g_autofree char *display = g_filename_display_name (output_path);

          g_set_error (error, PN_ERROR, PN_ERROR_EXISTS,
                       _("“%s” already exists; choose a new or empty folder"), display);
          return FALSE;
        }
    }

  if (g_mkdtemp_full (temp_path, 0755) == NULL)
    {
      set_errno_error (error, errno, output_path);
      return FALSE;
    }
  writer->folder = g_strdup (temp_path);

  if (!module->write (writer, data, &local_error) ||
      (g_rename (temp_path, output_path) != 0 &&
       (set_errno_error (&local_error, errno, output_path), TRUE)))
    {
      remove_folder (temp_path);
      propagate_write_error (error, g_steal_pointer (&local_error), output_path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_job (ExportJob     *job,
         GCancellable  *cancellable,
         ProgressFunc   progress_func,
         gpointer       progress_data,
         GError       **error)
{
  PnExportWriter writer = {
    .cancellable = cancellable,
    .progress_func = progress_func,
    .progress_data = progress_data,
  };
  gboolean ok;

  if (job->module->output == PN_EXPORT_OUTPUT_FOLDER)
    ok = write_folder (job->module, job->data, job->output_path, &writer, error);
  else
    ok = write_file (job->module, job->data, job->output_path, &writer, error);

  g_clear_object (&writer.stream);
  g_free (writer.folder);
  return ok;
}

/* Progress */

static void
set_progress (PnExporter *self,
              double      progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
sync_progress_cb (double   fraction,
                  gpointer user_data)
{
  set_progress (user_data, fraction);
}

typedef struct
{
  PnExporter *exporter;
  double      fraction;
} ProgressUpdate;

static gboolean
deliver_progress_cb (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  set_progress (update->exporter, update->fraction);
  return G_SOURCE_REMOVE;
}

static void
progress_update_free (ProgressUpdate *update)
{
  g_object_unref (update->exporter);
  g_free (update);
}

/* Runs in the export thread: the property changes on the caller's thread. */
static void
thread_progress_cb (double   fraction,
                    gpointer user_data)
{
  GTask *task = user_data;
  ProgressUpdate *update = g_new0 (ProgressUpdate, 1);

  update->exporter = g_object_ref (g_task_get_source_object (task));
  update->fraction = fraction;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                              deliver_progress_cb, update,
                              (GDestroyNotify) progress_update_free);
}

/* GObject */

static void
pn_exporter_dispose (GObject *object)
{
  PnExporter *self = PN_EXPORTER (object);

  g_clear_object (&self->library);
  G_OBJECT_CLASS (pn_exporter_parent_class)->dispose (object);
}

static void
pn_exporter_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PnExporter *self = PN_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY: g_value_set_object (value, self->library); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_exporter_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PnExporter *self = PN_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_LIBRARY: self->library = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_exporter_class_init (PnExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pn_exporter_dispose;
  object_class->get_property = pn_exporter_get_property;
  object_class->set_property = pn_exporter_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, PN_TYPE_LIBRARY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* 0 to 1 over the running export's stories, on the caller's thread. */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pn_exporter_init (PnExporter *self)
{
}

/* Public API */

PnExporter *
pn_exporter_new (PnLibrary *library)
{
  g_return_val_if_fail (PN_IS_LIBRARY (library), NULL);
  return g_object_new (PN_TYPE_EXPORTER, "library", library, NULL);
}

PnLibrary *
pn_exporter_get_library (PnExporter *self)
{
  g_return_val_if_fail (PN_IS_EXPORTER (self), NULL);
  return self->library;
}

double
pn_exporter_get_progress (PnExporter *self)
{
  g_return_val_if_fail (PN_IS_EXPORTER (self), 0.0);
  return self->progress;
}

static ExportJob *
new_job (PnExporter      *self,
         PnExportScope    scope,
         const char      *scope_id,
         PnExportFormat   format,
         const char      *output_path,
         GError         **error)
{
  ExportJob *job;
  PnExportData *data;

  data = snapshot (self, scope, scope_id, modules[format], error);
  if (data == NULL)
    return NULL;

  job = g_new0 (ExportJob, 1);
  job->module = modules[format];
  job->data = data;
  job->output_path = g_strdup (output_path);
  set_progress (self, 0.0);
  return job;
}

/**
 * pn_exporter_export:
 * @scope_id: (nullable): the collection id or story id the scope needs
 * @output_path: the file to write (a folder for PN_EXPORT_FORMAT_MARKDOWN_FOLDER,
 *   which must not exist yet or be empty)
 *
 * Exports on the calling thread. The stories must be loaded in the
 * library (PN_LIBRARY_LOAD_SAVED covers every scope; a single story is
 * loaded on demand).
 */
gboolean
pn_exporter_export (PnExporter      *self,
                    PnExportScope    scope,
                    const char      *scope_id,
                    PnExportFormat   format,
                    const char      *output_path,
                    GCancellable    *cancellable,
                    GError         **error)
{
  ExportJob *job;
  gboolean ok;

  g_return_val_if_fail (PN_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (format < PN_EXPORT_N_FORMATS, FALSE);
  g_return_val_if_fail (output_path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  job = new_job (self, scope, scope_id, format, output_path, error);
  if (job == NULL)
    return FALSE;
  ok = run_job (job, cancellable, sync_progress_cb, self, error);
  export_job_free (job);
  return ok;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_job (task_data, cancellable, thread_progress_cb, task, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Like pn_exporter_export(), but the writing runs in a thread; the library
 * is read before this returns, so it may change while the file is written.
 */
void
pn_exporter_export_async (PnExporter          *self,
                          PnExportScope        scope,
                          const char          *scope_id,
                          PnExportFormat       format,
                          const char          *output_path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ExportJob *job;

  g_return_if_fail (PN_IS_EXPORTER (self));
  g_return_if_fail (format < PN_EXPORT_N_FORMATS);
  g_return_if_fail (output_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pn_exporter_export_async);
  g_task_set_name (task, "pn-exporter-export");

  job = new_job (self, scope, scope_id, format, output_path, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
pn_exporter_export_finish (PnExporter    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (PN_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pn_exporter_export_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Test hooks (pn-export-private.h) */

void
_pn_export_set_write_errno (int errno_code)
{
  write_errno = errno_code;
}
