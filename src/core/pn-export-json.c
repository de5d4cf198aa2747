/* pn-export-json.c — our own JSON: complete and re-importable
 *
 * Sources, stories and annotations are written by the store's own
 * serializer (pn-store-json.c), so an export holds exactly what the
 * library holds and `prime-news-cli import-json` reads it back with the
 * same code. The file is streamed one story at a time. The format is
 * documented in README.md ("JSON export format").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-export-json"

#include "pn-export-private.h"
#include "pn-store-json.h"

#define PN_EXPORT_JSON_FORMAT "prime-news-export"

static void
append_string_member (GString    *out,
                      const char *name,
                      const char *value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  if (value == NULL)
    return;
  json_node_set_string (node, value);
  g_string_append_printf (out, "  \"%s\" : ", name);
  _pn_export_append_json (out, node, 2);
  g_string_append (out, ",\n");
}

static void
append_object (GString    *out,
               JsonObject *object,
               guint       indent)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  g_string_append_printf (out, "%*s", indent, "");
  _pn_export_append_json (out, node, indent);
}

static void
append_objects (GString    *out,
                const char *name,
                GPtrArray  *objects)
{
  g_string_append_printf (out, "  \"%s\" : [", name);
  for (guint i = 0; i < objects->len; i++)
    {
      g_string_append (out, i > 0 ? ",\n" : "\n");
      append_object (out, g_ptr_array_index (objects, i), 4);
    }
  g_string_append (out, objects->len > 0 ? "\n  ],\n" : "],\n");
}

static const char *
scope_name (PnExportScope scope)
{
  switch (scope)
    {
    case PN_EXPORT_SCOPE_COLLECTION: return "collection";
    case PN_EXPORT_SCOPE_SAVED: return "saved";
    case PN_EXPORT_SCOPE_ANNOTATED: return "annotated";
    case PN_EXPORT_SCOPE_STORY: return "story";
    default: g_return_val_if_reached (NULL);
    }
}

static gboolean
write_json (PnExportWriter      *writer,
            const PnExportData  *data,
            GError             **error)
{
  g_autoptr(GString) out = g_string_sized_new (64 * 1024);

  g_string_append_printf (out, "{\n  \"format\" : \"%s\",\n  \"version\" : %d,\n",
                          PN_EXPORT_JSON_FORMAT, PN_STORE_VERSION);
  g_string_append_printf (out, "  \"scope\" : \"%s\",\n", scope_name (data->scope));
  append_string_member (out, "title", data->title);
  append_objects (out, "sources", data->sources);
  append_objects (out, "collections", data->collections);
  g_string_append (out, "  \"stories\" : [");

  for (guint i = 0; i < data->stories->len; i++)
    {
      const PnExportStory *story = g_ptr_array_index (data->stories, i);
      g_autoptr(JsonObject) entry = json_object_new ();
      JsonArray *annotations = json_array_sized_new (story->annotations->len);

      json_object_set_object_member (entry, "story", json_object_ref (story->json));
      pn_store_json_set_date (entry, "saved-at", story->saved_at);
      for (guint a = 0; a < story->annotations->len; a++)
        {
          const PnExportAnnotation *annotation = g_ptr_array_index (story->annotations, a);

          json_array_add_object_element (annotations, json_object_ref (annotation->json));
        }
      json_object_set_array_member (entry, "annotations", annotations);

      g_string_append (out, i > 0 ? ",\n" : "\n");
      append_object (out, entry, 4);
      if (!_pn_export_writer_write_string (writer, out, error) ||
          !_pn_export_writer_progress (writer, i + 1, data->stories->len, error))
        return FALSE;
    }

  g_string_append (out, data->stories->len > 0 ? "\n  ]\n}\n" : "]\n}\n");
  return _pn_export_writer_write_string (writer, out, error) &&
         _pn_export_writer_progress (writer, data->stories->len, data->stories->len, error);
}

const PnExportModule _pn_export_json_module = {
  .format = PN_EXPORT_FORMAT_JSON,
  .name = "json",
  .extension = "json",
  .output = PN_EXPORT_OUTPUT_FILE,
  .needs_json = TRUE,
  .write = write_json,
};
