/* pn-store-json.h — the JSON form of the model objects, shared by the store
 * and the exporters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pn-story.h"
#include "pn-types.h"

G_BEGIN_DECLS

/* The format version this code writes and fully understands. */
#define PN_STORE_VERSION 1

JsonObject   *pn_store_json_from_source     (PnSource     *source);
PnSource     *pn_store_json_to_source       (JsonObject   *object,
                                             GError      **error);
JsonObject   *pn_store_json_from_story      (PnStory      *story);
PnStory      *pn_store_json_to_story        (JsonObject   *object,
                                             GError      **error);
PnStory      *pn_store_json_to_story_deferred (JsonObject *object,
                                               GError    **error);
JsonObject   *pn_store_json_from_annotation (PnAnnotation *annotation);
PnAnnotation *pn_store_json_to_annotation   (JsonObject   *object,
                                             const char   *story_id,
                                             GError      **error);
JsonObject   *pn_store_json_from_collection (PnCollection *collection);
PnCollection *pn_store_json_to_collection   (JsonObject   *object,
                                             GError      **error);

/* What a story in a store file holds, read by the tree readers here or by
 * the direct ones of pn-store-read.c, so that both build it the same way:
 * the story's strings are borrowed, the rest is owned.
 */
typedef struct
{
  PnStoryFields story;
  JsonObject   *unknown;
} PnStoreStoryFields;

void          pn_store_story_fields_clear   (PnStoreStoryFields *fields);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PnStoreStoryFields, pn_store_story_fields_clear)

PnStory      *pn_store_json_story_from_fields (PnStoreStoryFields *fields,
                                               gboolean            defer_body,
                                               GError            **error);
/* What an annotation in a saved file holds (strings borrowed, the rest
 * owned), for the same reason.
 */
typedef struct
{
  const char *id;
  GDateTime  *created;
  GDateTime  *modified;
  const char *note;
  const char *color;
  gboolean    detached;
  gboolean    has_target;
  const char *exact;
  const char *prefix;
  const char *suffix;
  gint64      start;
  gint64      end;
  JsonObject *unknown;
} PnStoreAnnotationFields;

void          pn_store_annotation_fields_clear (PnStoreAnnotationFields *fields);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PnStoreAnnotationFields, pn_store_annotation_fields_clear)

PnAnnotation *pn_store_json_annotation_from_fields (PnStoreAnnotationFields *fields,
                                                    const char              *story_id,
                                                    GError                 **error);
gboolean      pn_store_json_read_authors    (JsonArray    *array,
                                             GPtrArray   **authors,
                                             GError      **error);
gboolean      pn_store_json_read_enclosures (JsonArray    *array,
                                             GPtrArray   **enclosures,
                                             GError      **error);
gboolean      pn_store_json_read_strings    (JsonArray    *array,
                                             const char   *name,
                                             GStrv        *strv,
                                             GError      **error);
GDateTime    *pn_store_json_parse_date      (const char   *text);
void          pn_store_json_set_unknown     (gpointer      object,
                                             JsonObject   *unknown);

JsonObject   *pn_store_json_get_unknown     (gpointer      object);
JsonObject   *pn_store_json_new_file_object (JsonObject   *original,
                                             const char * const *known);
gboolean      pn_store_json_get_version     (JsonObject   *file,
                                             gint64       *version,
                                             GError      **error);
gboolean      pn_store_json_get_string      (JsonObject   *object,
                                             const char   *name,
                                             const char  **value,
                                             GError      **error);
gboolean      pn_store_json_get_date        (JsonObject   *object,
                                             const char   *name,
                                             GDateTime   **value,
                                             GError      **error);
gboolean      pn_store_json_get_array       (JsonObject   *object,
                                             const char   *name,
                                             JsonArray   **value,
                                             GError      **error);
/* Room for a date as the store writes it. */
#define PN_STORE_DATE_SIZE 40

const char   *pn_store_json_format_date     (GDateTime    *date,
                                             char          buffer[PN_STORE_DATE_SIZE]);
void          pn_store_json_set_date        (JsonObject   *object,
                                             const char   *name,
                                             GDateTime    *value);

G_END_DECLS
