/* pn-store-json.h — the JSON form of the model objects, shared by the store
 * and the exporters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

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

void          pn_store_json_keep_unknown    (gpointer      object,
                                             JsonObject   *original);
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
void          pn_store_json_set_date        (JsonObject   *object,
                                             const char   *name,
                                             GDateTime    *value);

G_END_DECLS
