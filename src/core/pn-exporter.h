/* pn-exporter.h — collections, saved stories and notes to files people can
 * use elsewhere
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pn-library.h"

G_BEGIN_DECLS

typedef enum
{
  PN_EXPORT_SCOPE_COLLECTION,   /* scope_id: the collection id, in its own order */
  PN_EXPORT_SCOPE_SAVED,        /* every saved story */
  PN_EXPORT_SCOPE_ANNOTATED,    /* the stories that have annotations */
  PN_EXPORT_SCOPE_STORY,        /* scope_id: the story id */
} PnExportScope;

typedef enum
{
  PN_EXPORT_FORMAT_MARKDOWN,          /* one .md file */
  PN_EXPORT_FORMAT_MARKDOWN_FOLDER,   /* a folder: one .md per story + index.md */
  PN_EXPORT_FORMAT_HTML,
  PN_EXPORT_FORMAT_JSON,              /* our own, re-importable */
  PN_EXPORT_FORMAT_EPUB,
  PN_EXPORT_FORMAT_CSV,               /* one row per story */
  PN_EXPORT_FORMAT_CSV_ANNOTATIONS,   /* one row per annotation */
  PN_EXPORT_FORMAT_WEB_ANNOTATION,    /* W3C Web Annotation JSON-LD */
} PnExportFormat;

#define PN_EXPORT_N_FORMATS (PN_EXPORT_FORMAT_WEB_ANNOTATION + 1)

gboolean    pn_export_format_from_string  (const char     *name,
                                           PnExportFormat *format);
const char *pn_export_format_to_string    (PnExportFormat  format);
const char *pn_export_format_get_extension (PnExportFormat format);
gboolean    pn_export_format_is_folder    (PnExportFormat  format);

#define PN_TYPE_EXPORTER (pn_exporter_get_type ())

G_DECLARE_FINAL_TYPE (PnExporter, pn_exporter, PN, EXPORTER, GObject)

PnExporter *pn_exporter_new           (PnLibrary      *library);
PnLibrary  *pn_exporter_get_library   (PnExporter     *self);
double      pn_exporter_get_progress  (PnExporter     *self);
gboolean    pn_exporter_export        (PnExporter     *self,
                                       PnExportScope   scope,
                                       const char     *scope_id,
                                       PnExportFormat  format,
                                       const char     *output_path,
                                       GCancellable   *cancellable,
                                       GError        **error);
void        pn_exporter_export_async  (PnExporter     *self,
                                       PnExportScope   scope,
                                       const char     *scope_id,
                                       PnExportFormat  format,
                                       const char     *output_path,
                                       GCancellable   *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer        user_data);
gboolean    pn_exporter_export_finish (PnExporter     *self,
                                       GAsyncResult   *result,
                                       GError        **error);

G_END_DECLS
