/* pn-store-json.c — model objects to and from the store's JSON
 *
 * Reading is strict about types (a known field with the wrong type makes the
 * whole file count as corrupt, so the store falls back to its backup instead
 * of silently losing data) and tolerant about presence (a missing field is
 * the default). Members the code does not know are kept on the object and
 * written back untouched, so a newer or foreign tool's additions survive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-store-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pn-annotation.h"
#include "pn-collection.h"
#include "pn-enclosure.h"
#include "pn-error.h"
#include "pn-person.h"
#include "pn-source.h"
#include "pn-story.h"
#include "pn-store-json.h"

static const char * const source_fields[] = {
  "id", "url", "title", "site-url", "folder", "icon-url", "etag", "last-modified",
  "last-fetched", "next-fetch", "last-status", "last-error", "consecutive-failures",
  "fetch-full-text", "enabled", NULL
};

static const char * const story_fields[] = {
  "id", "source-id", "guid", "title", "link", "authors", "published", "updated", "summary",
  "content", "full-content", "categories", "enclosures", "comments-url", "thumbnail-url",
  "read", "fetched-at", NULL
};

static const char * const annotation_fields[] = {
  "id", "story-id", "created", "modified", "note", "color", "detached", "target", NULL
};

static const char * const collection_fields[] = {
  "id", "name", "description", "created", "stories", NULL
};

static GQuark
unknown_quark (void)
{
  return g_quark_from_static_string ("pn-store-json-unknown");
}

static void
set_type_error (GError    **error,
                const char *name,
                const char *expected)
{
  g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT,
               _("The field “%s” is not %s"), name, expected);
}

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

/* A missing or null member gives NULL; any other type is an error. */
gboolean
pn_store_json_get_string (JsonObject  *object,
                          const char  *name,
                          const char **value,
                          GError     **error)
{
  JsonNode *node = get_member (object, name);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_type_error (error, name, _("a string"));
      return FALSE;
    }
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_digits (const char *text,
             guint       n,
             int        *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      *value = *value * 10 + (text[i] - '0');
    }
  return TRUE;
}

/* The dates this code writes, "2024-05-31T08:15:00.123456Z", are read
 * without GLib's general parser, which costs more than everything else in
 * a story; the seconds are computed as that parser does, so both give the
 * same date. Anything else goes to g_date_time_new_from_iso8601().
 */
static GDateTime *
parse_canonical_date (const char *text)
{
  static GTimeZone *utc;
  int year, month, day, hour, minute, second;
  guint64 seconds, divisor = 1;
  const char *p = text + 19;

  if (!read_digits (text, 4, &year) || text[4] != '-' || !read_digits (text + 5, 2, &month) ||
      text[7] != '-' || !read_digits (text + 8, 2, &day) || text[10] != 'T' ||
      !read_digits (text + 11, 2, &hour) || text[13] != ':' ||
      !read_digits (text + 14, 2, &minute) || text[16] != ':' ||
      !read_digits (text + 17, 2, &second) || second >= 60)
    return NULL;
  seconds = second;
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p) && divisor < G_GUINT64_CONSTANT (1000000000000); p++)
        {
          seconds = seconds * 10 + (*p - '0');
          divisor *= 10;
        }
      if (divisor == 1)
        return NULL;
    }
  if (p[0] != 'Z' || p[1] != '\0')
    return NULL;

  if (g_once_init_enter (&utc))
    g_once_init_leave (&utc, g_time_zone_new_utc ());
  return g_date_time_new (utc, year, month, day, hour, minute, (gdouble) seconds / divisor);
}

/* Returns: (transfer full) (nullable): @text as a date in UTC, or NULL when
 * it is not an ISO 8601 date
 */
GDateTime *
pn_store_json_parse_date (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) date = NULL;
  GDateTime *fast;

  g_return_val_if_fail (text != NULL, NULL);

  if (strlen (text) >= 20 && (fast = parse_canonical_date (text)) != NULL)
    return fast;

  utc = g_time_zone_new_utc ();
  date = g_date_time_new_from_iso8601 (text, utc);
  if (date == NULL)
    return NULL;
  return g_date_time_to_utc (date);
}

/* Returns: (out) (transfer full): the date, in UTC */
gboolean
pn_store_json_get_date (JsonObject  *object,
                        const char  *name,
                        GDateTime  **value,
                        GError     **error)
{
  const char *text;

  *value = NULL;
  if (!pn_store_json_get_string (object, name, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if ((*value = pn_store_json_parse_date (text)) == NULL)
    {
      set_type_error (error, name, _("an ISO 8601 date"));
      return FALSE;
    }
  return TRUE;
}

gboolean
pn_store_json_get_array (JsonObject  *object,
                         const char  *name,
                         JsonArray  **value,
                         GError     **error)
{
  JsonNode *node = get_member (object, name);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_type_error (error, name, _("an array"));
      return FALSE;
    }
  *value = json_node_get_array (node);
  return TRUE;
}

static gboolean
get_object (JsonObject  *object,
            const char  *name,
            JsonObject **value,
            GError     **error)
{
  JsonNode *node = get_member (object, name);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_type_error (error, name, _("an object"));
      return FALSE;
    }
  *value = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_int (JsonObject *object,
         const char *name,
         gint64      fallback,
         gint64     *value,
         GError    **error)
{
  JsonNode *node = get_member (object, name);

  *value = fallback;
  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_type_error (error, name, _("an integer"));
      return FALSE;
    }
  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_bool (JsonObject *object,
          const char *name,
          gboolean    fallback,
          gboolean   *value,
          GError    **error)
{
  JsonNode *node = get_member (object, name);

  *value = fallback;
  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      set_type_error (error, name, _("true or false"));
      return FALSE;
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_id (JsonObject  *object,
        const char **id,
        GError     **error)
{
  if (!pn_store_json_get_string (object, "id", id, error))
    return FALSE;
  if (*id == NULL || **id == '\0')
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("An entry has no “id”"));
      return FALSE;
    }
  return TRUE;
}

/* Strings an entry stores must be plain UTF-8 text; the parser already
 * rejects bad UTF-8, so this only checks the top-level "version".
 */
gboolean
pn_store_json_get_version (JsonObject *file,
                           gint64     *version,
                           GError    **error)
{
  if (!get_int (file, "version", 0, version, error))
    return FALSE;
  if (*version < 1)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT,
                   _("The file has no valid “version”"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_known (const char * const *known,
          const char         *name)
{
  return g_strv_contains (known, name);
}

static JsonObject *
copy_unknown (JsonObject         *original,
              const char * const *known)
{
  JsonObject *unknown = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, original);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (is_known (known, name))
        continue;
      if (unknown == NULL)
        unknown = json_object_new ();
      json_object_set_member (unknown, name, json_node_copy (node));
    }
  return unknown;
}

/* @unknown: (transfer full) (nullable): members this code does not know,
 * already picked out, for the next write to put back
 */
void
pn_store_json_set_unknown (gpointer    object,
                           JsonObject *unknown)
{
  g_return_if_fail (G_IS_OBJECT (object));

  g_object_set_qdata_full (object, unknown_quark (), unknown,
                           unknown ? (GDestroyNotify) json_object_unref : NULL);
}

/* Returns: (transfer none) (nullable) */
JsonObject *
pn_store_json_get_unknown (gpointer object)
{
  return g_object_get_qdata (object, unknown_quark ());
}

static void
append_members (JsonObject *to,
                JsonObject *from)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (from == NULL)
    return;
  json_object_iter_init_ordered (&iter, from);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (!json_object_has_member (to, name))
        json_object_set_member (to, name, json_node_copy (node));
    }
}

/* A new top-level object: "version" first, then the members of @original
 * (a file as loaded) that are not in @known; the caller adds the known ones.
 */
JsonObject *
pn_store_json_new_file_object (JsonObject         *original,
                               const char * const *known)
{
  JsonObject *file = json_object_new ();

  json_object_set_int_member (file, "version", PN_STORE_VERSION);
  if (original != NULL)
    {
      g_autoptr(JsonObject) unknown = copy_unknown (original, known);

      append_members (file, unknown);
    }
  return file;
}

static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

/* @date in UTC as g_date_time_format_iso8601() gives it, without its
 * general formatter: "2024-05-31T08:15:00.123456Z", the fraction only when
 * there is one. Returns @buffer.
 */
const char *
pn_store_json_format_date (GDateTime *date,
                           char       buffer[PN_STORE_DATE_SIZE])
{
  g_autoptr(GDateTime) utc = NULL;
  int year, month, day, microsecond;

  g_return_val_if_fail (date != NULL, NULL);

  if (g_date_time_get_utc_offset (date) != 0)
    date = utc = g_date_time_to_utc (date);
  g_date_time_get_ymd (date, &year, &month, &day);
  microsecond = g_date_time_get_microsecond (date);
  if (microsecond != 0)
    g_snprintf (buffer, PN_STORE_DATE_SIZE, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", year, month,
                day, g_date_time_get_hour (date), g_date_time_get_minute (date),
                g_date_time_get_second (date), microsecond);
  else
    g_snprintf (buffer, PN_STORE_DATE_SIZE, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day,
                g_date_time_get_hour (date), g_date_time_get_minute (date),
                g_date_time_get_second (date));
  return buffer;
}

void
pn_store_json_set_date (JsonObject *object,
                        const char *name,
                        GDateTime  *value)
{
  char buffer[PN_STORE_DATE_SIZE];

  if (value == NULL)
    return;
  json_object_set_string_member (object, name, pn_store_json_format_date (value, buffer));
}

/* Sources */

JsonObject *
pn_store_json_from_source (PnSource *source)
{
  JsonObject *object = json_object_new ();

  g_return_val_if_fail (PN_IS_SOURCE (source), NULL);

  set_string (object, "id", pn_source_get_id (source));
  set_string (object, "url", pn_source_get_url (source));
  set_string (object, "title", pn_source_get_title (source));
  set_string (object, "site-url", pn_source_get_site_url (source));
  set_string (object, "folder", pn_source_get_folder (source));
  set_string (object, "icon-url", pn_source_get_icon_url (source));
  set_string (object, "etag", pn_source_get_etag (source));
  set_string (object, "last-modified", pn_source_get_last_modified (source));
  pn_store_json_set_date (object, "last-fetched", pn_source_get_last_fetched (source));
  pn_store_json_set_date (object, "next-fetch", pn_source_get_next_fetch (source));
  set_string (object, "last-status", pn_source_get_last_status (source));
  set_string (object, "last-error", pn_source_get_last_error (source));
  json_object_set_int_member (object, "consecutive-failures",
                              pn_source_get_consecutive_failures (source));
  json_object_set_boolean_member (object, "fetch-full-text",
                                  pn_source_get_fetch_full_text (source));
  json_object_set_boolean_member (object, "enabled", pn_source_get_enabled (source));
  append_members (object, pn_store_json_get_unknown (source));
  return object;
}

PnSource *
pn_store_json_to_source (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(PnSource) source = NULL;
  g_autoptr(GDateTime) last_fetched = NULL;
  g_autoptr(GDateTime) next_fetch = NULL;
  const char *id, *url, *title, *site_url, *folder, *icon_url, *etag, *last_modified;
  const char *last_status, *last_error;
  gint64 failures;
  gboolean full_text, enabled;

  g_return_val_if_fail (object != NULL, NULL);

  if (!get_id (object, &id, error) ||
      !pn_store_json_get_string (object, "url", &url, error) ||
      !pn_store_json_get_string (object, "title", &title, error) ||
      !pn_store_json_get_string (object, "site-url", &site_url, error) ||
      !pn_store_json_get_string (object, "folder", &folder, error) ||
      !pn_store_json_get_string (object, "icon-url", &icon_url, error) ||
      !pn_store_json_get_string (object, "etag", &etag, error) ||
      !pn_store_json_get_string (object, "last-modified", &last_modified, error) ||
      !pn_store_json_get_date (object, "last-fetched", &last_fetched, error) ||
      !pn_store_json_get_date (object, "next-fetch", &next_fetch, error) ||
      !pn_store_json_get_string (object, "last-status", &last_status, error) ||
      !pn_store_json_get_string (object, "last-error", &last_error, error) ||
      !get_int (object, "consecutive-failures", 0, &failures, error) ||
      !get_bool (object, "fetch-full-text", FALSE, &full_text, error) ||
      !get_bool (object, "enabled", TRUE, &enabled, error))
    return NULL;

  if (url == NULL)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("The source “%s” has no “url”"), id);
      return NULL;
    }

  source = pn_source_new (id, url);
  pn_source_set_title (source, title);
  pn_source_set_site_url (source, site_url);
  pn_source_set_folder (source, folder);
  pn_source_set_icon_url (source, icon_url);
  pn_source_set_etag (source, etag);
  pn_source_set_last_modified (source, last_modified);
  pn_source_set_last_fetched (source, last_fetched);
  pn_source_set_next_fetch (source, next_fetch);
  pn_source_set_last_status (source, last_status);
  pn_source_set_last_error (source, last_error);
  pn_source_set_consecutive_failures (source, CLAMP (failures, 0, G_MAXUINT));
  pn_source_set_fetch_full_text (source, full_text);
  pn_source_set_enabled (source, enabled);
  pn_store_json_set_unknown (source, copy_unknown (object, source_fields));
  return g_steal_pointer (&source);
}

/* Stories */

JsonObject *
pn_store_json_from_story (PnStory *story)
{
  JsonObject *object = json_object_new ();
  GPtrArray *authors;
  GPtrArray *enclosures;
  const char * const *categories;

  g_return_val_if_fail (PN_IS_STORY (story), NULL);

  set_string (object, "id", pn_story_get_id (story));
  set_string (object, "source-id", pn_story_get_source_id (story));
  set_string (object, "guid", pn_story_get_guid (story));
  set_string (object, "title", pn_story_get_title (story));
  set_string (object, "link", pn_story_get_link (story));

  authors = pn_story_get_authors (story);
  if (authors != NULL && authors->len > 0)
    {
      JsonArray *array = json_array_sized_new (authors->len);

      for (guint i = 0; i < authors->len; i++)
        {
          const PnPerson *person = g_ptr_array_index (authors, i);
          JsonObject *item = json_object_new ();

          set_string (item, "name", person->name);
          set_string (item, "email", person->email);
          set_string (item, "uri", person->uri);
          json_array_add_object_element (array, item);
        }
      json_object_set_array_member (object, "authors", array);
    }

  pn_store_json_set_date (object, "published", pn_story_get_published (story));
  pn_store_json_set_date (object, "updated", pn_story_get_updated (story));
  set_string (object, "summary", pn_story_get_summary (story));
  set_string (object, "content", pn_story_get_content (story));
  set_string (object, "full-content", pn_story_get_full_content (story));

  categories = pn_story_get_categories (story);
  if (categories != NULL && categories[0] != NULL)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; categories[i] != NULL; i++)
        json_array_add_string_element (array, categories[i]);
      json_object_set_array_member (object, "categories", array);
    }

  enclosures = pn_story_get_enclosures (story);
  if (enclosures != NULL && enclosures->len > 0)
    {
      JsonArray *array = json_array_sized_new (enclosures->len);

      for (guint i = 0; i < enclosures->len; i++)
        {
          const PnEnclosure *enclosure = g_ptr_array_index (enclosures, i);
          JsonObject *item = json_object_new ();

          set_string (item, "url", enclosure->url);
          set_string (item, "type", enclosure->mime_type);
          if (enclosure->length > 0)
            json_object_set_int_member (item, "length", enclosure->length);
          json_array_add_object_element (array, item);
        }
      json_object_set_array_member (object, "enclosures", array);
    }

  set_string (object, "comments-url", pn_story_get_comments_url (story));
  set_string (object, "thumbnail-url", pn_story_get_thumbnail_url (story));
  json_object_set_boolean_member (object, "read", pn_story_get_read (story));
  pn_store_json_set_date (object, "fetched-at", pn_story_get_fetched_at (story));
  append_members (object, pn_store_json_get_unknown (story));
  return object;
}

gboolean
pn_store_json_read_authors (JsonArray  *array,
              GPtrArray **authors,
              GError    **error)
{
  g_autoptr(GPtrArray) result = NULL;

  *authors = NULL;
  if (array == NULL)
    return TRUE;

  result = g_ptr_array_new_full (json_array_get_length (array), (GDestroyNotify) pn_person_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *item;
      const char *name, *email, *uri;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_type_error (error, "authors", _("a list of objects"));
          return FALSE;
        }
      item = json_node_get_object (node);
      if (!pn_store_json_get_string (item, "name", &name, error) ||
          !pn_store_json_get_string (item, "email", &email, error) ||
          !pn_store_json_get_string (item, "uri", &uri, error))
        return FALSE;
      g_ptr_array_add (result, pn_person_new (name, email, uri));
    }
  *authors = g_steal_pointer (&result);
  return TRUE;
}

gboolean
pn_store_json_read_enclosures (JsonArray  *array,
                 GPtrArray **enclosures,
                 GError    **error)
{
  g_autoptr(GPtrArray) result = NULL;

  *enclosures = NULL;
  if (array == NULL)
    return TRUE;

  result = g_ptr_array_new_full (json_array_get_length (array),
                                 (GDestroyNotify) pn_enclosure_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *item;
      const char *url, *type;
      gint64 length;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          set_type_error (error, "enclosures", _("a list of objects"));
          return FALSE;
        }
      item = json_node_get_object (node);
      if (!pn_store_json_get_string (item, "url", &url, error) ||
          !pn_store_json_get_string (item, "type", &type, error) ||
          !get_int (item, "length", 0, &length, error))
        return FALSE;
      if (url == NULL)
        {
          g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("An enclosure has no “url”"));
          return FALSE;
        }
      g_ptr_array_add (result, pn_enclosure_new (url, type, length));
    }
  *enclosures = g_steal_pointer (&result);
  return TRUE;
}

gboolean
pn_store_json_read_strings (JsonArray  *array,
              const char *name,
              GStrv      *strv,
              GError    **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  *strv = NULL;
  if (array == NULL)
    return TRUE;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (json_node_get_value_type (node) != G_TYPE_STRING)
        {
          set_type_error (error, name, _("a list of strings"));
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  *strv = g_strv_builder_end (builder);
  return TRUE;
}

void
pn_store_story_fields_clear (PnStoreStoryFields *fields)
{
  g_clear_pointer (&fields->story.authors, g_ptr_array_unref);
  g_clear_pointer (&fields->story.published, g_date_time_unref);
  g_clear_pointer (&fields->story.updated, g_date_time_unref);
  g_clear_pointer (&fields->story.categories, g_strfreev);
  g_clear_pointer (&fields->story.enclosures, g_ptr_array_unref);
  g_clear_pointer (&fields->story.fetched_at, g_date_time_unref);
  g_clear_pointer (&fields->unknown, json_object_unref);
}

/* The story that @fields describe, which they give up what they own to.
 * With @defer_body, the bodies are left out (see pn_story_new_from_fields()):
 * the caller gives the story a loader that reads them from its file again.
 */
PnStory *
pn_store_json_story_from_fields (PnStoreStoryFields  *fields,
                                 gboolean             defer_body,
                                 GError             **error)
{
  PnStory *story;

  if (fields->story.source_id == NULL)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT,
                   _("The story “%s” has no “source-id”"), fields->story.id);
      return NULL;
    }

  story = pn_story_new_from_fields (&fields->story, defer_body);
  pn_store_json_set_unknown (story, g_steal_pointer (&fields->unknown));
  return story;
}

static PnStory *
read_story (JsonObject  *object,
            gboolean     defer_body,
            GError     **error)
{
  g_auto(PnStoreStoryFields) fields = { NULL };
  JsonArray *authors_array, *enclosures_array, *categories_array;

  g_return_val_if_fail (object != NULL, NULL);

  if (!get_id (object, &fields.story.id, error) ||
      !pn_store_json_get_string (object, "source-id", &fields.story.source_id, error) ||
      !pn_store_json_get_string (object, "guid", &fields.story.guid, error) ||
      !pn_store_json_get_string (object, "title", &fields.story.title, error) ||
      !pn_store_json_get_string (object, "link", &fields.story.link, error) ||
      !pn_store_json_get_array (object, "authors", &authors_array, error) ||
      !pn_store_json_read_authors (authors_array, &fields.story.authors, error) ||
      !pn_store_json_get_date (object, "published", &fields.story.published, error) ||
      !pn_store_json_get_date (object, "updated", &fields.story.updated, error) ||
      !pn_store_json_get_string (object, "summary", &fields.story.summary, error) ||
      !pn_store_json_get_string (object, "content", &fields.story.content, error) ||
      !pn_store_json_get_string (object, "full-content", &fields.story.full_content, error) ||
      !pn_store_json_get_array (object, "categories", &categories_array, error) ||
      !pn_store_json_read_strings (categories_array, "categories", &fields.story.categories, error) ||
      !pn_store_json_get_array (object, "enclosures", &enclosures_array, error) ||
      !pn_store_json_read_enclosures (enclosures_array, &fields.story.enclosures, error) ||
      !pn_store_json_get_string (object, "comments-url", &fields.story.comments_url, error) ||
      !pn_store_json_get_string (object, "thumbnail-url", &fields.story.thumbnail_url, error) ||
      !get_bool (object, "read", FALSE, &fields.story.read, error) ||
      !pn_store_json_get_date (object, "fetched-at", &fields.story.fetched_at, error))
    return NULL;

  fields.unknown = copy_unknown (object, story_fields);
  return pn_store_json_story_from_fields (&fields, defer_body, error);
}

PnStory *
pn_store_json_to_story (JsonObject  *object,
                        GError     **error)
{
  return read_story (object, FALSE, error);
}

/* Like pn_store_json_to_story(), but the bodies are checked and left out
 * (see pn_story_new_from_fields()): the caller gives the story a loader that
 * reads them from the same file again.
 */
PnStory *
pn_store_json_to_story_deferred (JsonObject  *object,
                                 GError     **error)
{
  return read_story (object, TRUE, error);
}

/* Annotations: the anchor is a W3C-style "target" with the quote and the
 * position selectors side by side.
 */

JsonObject *
pn_store_json_from_annotation (PnAnnotation *annotation)
{
  JsonObject *object = json_object_new ();

  g_return_val_if_fail (PN_IS_ANNOTATION (annotation), NULL);

  set_string (object, "id", pn_annotation_get_id (annotation));
  set_string (object, "story-id", pn_annotation_get_story_id (annotation));
  pn_store_json_set_date (object, "created", pn_annotation_get_created (annotation));
  pn_store_json_set_date (object, "modified", pn_annotation_get_modified (annotation));
  set_string (object, "note", pn_annotation_get_note (annotation));
  set_string (object, "color", pn_annotation_get_color (annotation));
  if (pn_annotation_has_anchor (annotation))
    {
      JsonObject *target = json_object_new ();

      set_string (target, "exact", pn_annotation_get_exact (annotation));
      set_string (target, "prefix", pn_annotation_get_prefix (annotation));
      set_string (target, "suffix", pn_annotation_get_suffix (annotation));
      json_object_set_int_member (target, "start", pn_annotation_get_start (annotation));
      json_object_set_int_member (target, "end", pn_annotation_get_end (annotation));
      json_object_set_object_member (object, "target", target);
      json_object_set_boolean_member (object, "detached",
                                      pn_annotation_get_detached (annotation));
    }
  append_members (object, pn_store_json_get_unknown (annotation));
  return object;
}

void
pn_store_annotation_fields_clear (PnStoreAnnotationFields *fields)
{
  g_clear_pointer (&fields->created, g_date_time_unref);
  g_clear_pointer (&fields->modified, g_date_time_unref);
  g_clear_pointer (&fields->unknown, json_object_unref);
}

/* The annotation of @story_id that @fields describe, which they give up
 * what they own to.
 */
PnAnnotation *
pn_store_json_annotation_from_fields (PnStoreAnnotationFields  *fields,
                                      const char               *story_id,
                                      GError                  **error)
{
  PnAnnotation *annotation;

  if (fields->has_target &&
      (fields->exact == NULL || fields->start < 0 || fields->end < fields->start))
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT,
                   _("The annotation “%s” has an invalid “target”"), fields->id);
      return NULL;
    }

  annotation = g_object_new (PN_TYPE_ANNOTATION,
                             "id", fields->id,
                             "story-id", story_id,
                             "created", fields->created,
                             "modified", fields->modified,
                             NULL);
  pn_annotation_set_note (annotation, fields->note);
  pn_annotation_set_color (annotation, fields->color);
  if (fields->has_target)
    {
      pn_annotation_set_anchor (annotation, fields->exact, fields->prefix, fields->suffix,
                                fields->start, fields->end);
      pn_annotation_set_detached (annotation, fields->detached);
    }
  pn_store_json_set_unknown (annotation, g_steal_pointer (&fields->unknown));
  return annotation;
}

PnAnnotation *
pn_store_json_to_annotation (JsonObject  *object,
                             const char  *story_id,
                             GError     **error)
{
  g_auto(PnStoreAnnotationFields) fields = { NULL };
  JsonObject *target;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (story_id != NULL, NULL);

  if (!get_id (object, &fields.id, error) ||
      !pn_store_json_get_date (object, "created", &fields.created, error) ||
      !pn_store_json_get_date (object, "modified", &fields.modified, error) ||
      !pn_store_json_get_string (object, "note", &fields.note, error) ||
      !pn_store_json_get_string (object, "color", &fields.color, error) ||
      !get_bool (object, "detached", FALSE, &fields.detached, error) ||
      !get_object (object, "target", &target, error))
    return NULL;

  if (target != NULL)
    {
      fields.has_target = TRUE;
      if (!pn_store_json_get_string (target, "exact", &fields.exact, error) ||
          !pn_store_json_get_string (target, "prefix", &fields.prefix, error) ||
          !pn_store_json_get_string (target, "suffix", &fields.suffix, error) ||
          !get_int (target, "start", -1, &fields.start, error) ||
          !get_int (target, "end", -1, &fields.end, error))
        return NULL;
    }

  fields.unknown = copy_unknown (object, annotation_fields);
  return pn_store_json_annotation_from_fields (&fields, story_id, error);
}

/* Collections */

JsonObject *
pn_store_json_from_collection (PnCollection *collection)
{
  JsonObject *object = json_object_new ();
  JsonArray *stories;
  guint n;

  g_return_val_if_fail (PN_IS_COLLECTION (collection), NULL);

  set_string (object, "id", pn_collection_get_id (collection));
  set_string (object, "name", pn_collection_get_name (collection));
  set_string (object, "description", pn_collection_get_description (collection));
  pn_store_json_set_date (object, "created", pn_collection_get_created (collection));

  n = pn_collection_get_n_stories (collection);
  stories = json_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    json_array_add_string_element (stories, pn_collection_get_story_id (collection, i));
  json_object_set_array_member (object, "stories", stories);
  append_members (object, pn_store_json_get_unknown (collection));
  return object;
}

PnCollection *
pn_store_json_to_collection (JsonObject  *object,
                             GError     **error)
{
  g_autoptr(PnCollection) collection = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_auto(GStrv) stories = NULL;
  JsonArray *stories_array;
  const char *id, *name, *description;

  g_return_val_if_fail (object != NULL, NULL);

  if (!get_id (object, &id, error) ||
      !pn_store_json_get_string (object, "name", &name, error) ||
      !pn_store_json_get_string (object, "description", &description, error) ||
      !pn_store_json_get_date (object, "created", &created, error) ||
      !pn_store_json_get_array (object, "stories", &stories_array, error) ||
      !pn_store_json_read_strings (stories_array, "stories", &stories, error))
    return NULL;

  collection = g_object_new (PN_TYPE_COLLECTION,
                             "id", id,
                             "name", name != NULL ? name : id,
                             "description", description,
                             "created", created,
                             NULL);
  for (guint i = 0; stories != NULL && stories[i] != NULL; i++)
    pn_collection_insert_story (collection, G_MAXUINT, stories[i]);
  pn_store_json_set_unknown (collection, copy_unknown (object, collection_fields));
  return g_steal_pointer (&collection);
}
