/* pn-export-webannotation.c — W3C Web Annotation Data Model, as JSON-LD
 *
 * One AnnotationCollection whose first (and only) AnnotationPage holds
 * every annotation: a TextualBody with the note, and a target whose source
 * is the story's URL with a TextQuoteSelector and a TextPositionSelector.
 * Positions count code points in the story text Prime News shows (its
 * PnDocument), which is also what the quote selector's context refers to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-export-webannotation"

#include "pn-export-private.h"

#define ANNO_CONTEXT "http://www.w3.org/ns/anno.jsonld"

static void
set_date (JsonObject *object,
          const char *name,
          GDateTime  *date)
{
  g_autofree char *text = _pn_export_format_date (date);

  if (text != NULL)
    json_object_set_string_member (object, name, text);
}

static JsonObject *
build_annotation (const PnExportStory      *story,
                  const PnExportAnnotation *annotation)
{
  JsonObject *object = json_object_new ();
  JsonObject *target = json_object_new ();
  g_autofree char *iri = _pn_export_annotation_iri (annotation);
  g_autofree char *source = _pn_export_story_iri (story);
  gboolean has_note = annotation->note != NULL && *annotation->note != '\0';

  json_object_set_string_member (object, "id", iri);
  json_object_set_string_member (object, "type", "Annotation");
  json_object_set_string_member (object, "motivation",
                                 annotation->has_anchor && !has_note ? "highlighting"
                                                                     : "commenting");
  set_date (object, "created", annotation->created);
  set_date (object, "modified", annotation->modified);
  if (has_note)
    {
      JsonObject *body = json_object_new ();

      json_object_set_string_member (body, "type", "TextualBody");
      json_object_set_string_member (body, "value", annotation->note);
      json_object_set_string_member (body, "format", "text/plain");
      json_object_set_string_member (body, "purpose", "commenting");
      json_object_set_object_member (object, "body", body);
    }

  json_object_set_string_member (target, "source", source);
  if (annotation->has_anchor)
    {
      JsonArray *selectors = json_array_new ();
      JsonObject *quote = json_object_new ();
      JsonObject *position = json_object_new ();

      json_object_set_string_member (quote, "type", "TextQuoteSelector");
      json_object_set_string_member (quote, "exact", annotation->exact);
      json_object_set_string_member (quote, "prefix", annotation->prefix ?: "");
      json_object_set_string_member (quote, "suffix", annotation->suffix ?: "");
      json_array_add_object_element (selectors, quote);

      json_object_set_string_member (position, "type", "TextPositionSelector");
      json_object_set_int_member (position, "start",
                                  annotation->detached ? annotation->start : annotation->doc_start);
      json_object_set_int_member (position, "end",
                                  annotation->detached ? annotation->end : annotation->doc_end);
      json_array_add_object_element (selectors, position);
      json_object_set_array_member (target, "selector", selectors);
    }
  json_object_set_object_member (object, "target", target);
  return object;
}

static gboolean
write_web_annotation (PnExportWriter      *writer,
                      const PnExportData  *data,
                      GError             **error)
{
  g_autoptr(GString) out = g_string_sized_new (64 * 1024);
  g_autoptr(JsonNode) label = json_node_new (JSON_NODE_VALUE);
  g_autofree char *collection_id = NULL;
  guint total = 0, written = 0;

  for (guint i = 0; i < data->stories->len; i++)
    total += ((PnExportStory *) g_ptr_array_index (data->stories, i))->annotations->len;

  collection_id = _pn_export_data_iri (data);
  json_node_set_string (label, data->title);

  g_string_append_printf (out, "{\n  \"@context\" : \"%s\",\n  \"id\" : ", ANNO_CONTEXT);
  {
    g_autoptr(JsonNode) id = json_node_new (JSON_NODE_VALUE);

    json_node_set_string (id, collection_id);
    _pn_export_append_json (out, id, 2);
  }
  g_string_append (out, ",\n  \"type\" : \"AnnotationCollection\",\n  \"label\" : ");
  _pn_export_append_json (out, label, 2);
  g_string_append_printf (out, ",\n  \"total\" : %u,\n  \"first\" : {\n    \"id\" : ", total);
  {
    g_autoptr(JsonNode) id = json_node_new (JSON_NODE_VALUE);
    g_autofree char *page_id = g_strdup_printf ("%s#page-1", collection_id);

    json_node_set_string (id, page_id);
    _pn_export_append_json (out, id, 4);
  }
  g_string_append (out, ",\n    \"type\" : \"AnnotationPage\",\n    \"startIndex\" : 0,\n"
                        "    \"items\" : [");

  for (guint i = 0; i < data->stories->len; i++)
    {
      const PnExportStory *story = g_ptr_array_index (data->stories, i);

      for (guint a = 0; a < story->annotations->len; a++)
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

          json_node_take_object (node, build_annotation (story,
                                                         g_ptr_array_index (story->annotations, a)));
          g_string_append (out, written++ > 0 ? ",\n      " : "\n      ");
          _pn_export_append_json (out, node, 6);
        }
      if (!_pn_export_writer_write_string (writer, out, error) ||
          !_pn_export_writer_progress (writer, i + 1, data->stories->len, error))
        return FALSE;
    }

  g_string_append (out, written > 0 ? "\n    ]\n  }\n}\n" : "]\n  }\n}\n");
  return _pn_export_writer_write_string (writer, out, error);
}

const PnExportModule _pn_export_web_annotation_module = {
  .format = PN_EXPORT_FORMAT_WEB_ANNOTATION,
  .name = "webannotation",
  .extension = "jsonld",
  .output = PN_EXPORT_OUTPUT_FILE,
  .write = write_web_annotation,
};
