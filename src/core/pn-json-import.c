/* pn-json-import.c — read our JSON export back into a library
 *
 * The export holds the store's own objects (pn-store-json.c), so they are
 * read back with the same code and handed to PnLibrary's public
 * operations: sources are subscribed, stories merged under their source
 * and saved, annotations added and then given back their selectors,
 * colour and dates, collections created and filled in their order.
 * Anything already in the library is kept as it is, so importing twice
 * adds nothing. The library chooses new ids for annotations and
 * collections it creates, and the saved date becomes the import's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-json-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pn-annotation.h"
#include "pn-collection.h"
#include "pn-error.h"
#include "pn-json-import.h"
#include "pn-source.h"
#include "pn-store-json.h"
#include "pn-story.h"
#include "pn-story-text.h"

#define EXPORT_FORMAT "prime-news-export"
/* Imported stories can be years old: keep retention from dropping them
 * between their merge and their save.
 */
#define IMPORT_RETENTION_DAYS (365 * 1000)

static gboolean
get_objects (JsonObject  *object,
             const char  *name,
             JsonArray  **array,
             GError     **error)
{
  if (!pn_store_json_get_array (object, name, array, error))
    return FALSE;
  for (guint i = 0; *array != NULL && i < json_array_get_length (*array); i++)
    {
      if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (*array, i)))
        {
          g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT,
                       _("An entry of “%s” is not an object"), name);
          return FALSE;
        }
    }
  return TRUE;
}

static PnSource *
import_source (PnLibrary   *library,
               JsonObject  *object,
               guint       *n_new,
               GError     **error)
{
  g_autoptr(PnSource) parsed = pn_store_json_to_source (object, error);
  PnSource *source;

  if (parsed == NULL)
    return NULL;
  source = pn_library_lookup_source_by_url (library, pn_source_get_url (parsed));
  if (source == NULL)
    source = pn_library_lookup_source (library, pn_source_get_id (parsed));
  if (source != NULL)
    return source;

  source = pn_library_add_source (library, pn_source_get_url (parsed),
                                  pn_source_get_title (parsed), pn_source_get_folder (parsed),
                                  error);
  if (source == NULL)
    return NULL;
  /* The user's settings come along; the other library's fetch state
   * (validators, errors, schedule) does not apply here.
   */
  pn_source_set_site_url (source, pn_source_get_site_url (parsed));
  pn_source_set_icon_url (source, pn_source_get_icon_url (parsed));
  pn_source_set_fetch_full_text (source, pn_source_get_fetch_full_text (parsed));
  pn_source_set_enabled (source, pn_source_get_enabled (parsed));
  (*n_new)++;
  if (!pn_library_source_changed (library, source, error))
    return NULL;
  return source;
}

static gboolean
import_annotation (PnLibrary    *library,
                   PnStory      *story,
                   JsonObject   *object,
                   guint        *n_new,
                   GError      **error)
{
  g_autoptr(PnAnnotation) parsed = NULL;
  PnAnnotation *annotation;
  gint64 start = -1, end = -1;
  const char *note;

  parsed = pn_store_json_to_annotation (object, pn_story_get_id (story), error);
  if (parsed == NULL)
    return FALSE;
  if (pn_library_lookup_annotation (library, pn_annotation_get_id (parsed)) != NULL)
    return TRUE;

  note = pn_annotation_get_note (parsed);
  if (pn_annotation_has_anchor (parsed))
    {
      /* The library anchors a new highlight on a real passage; a detached
       * one no longer has one, so it borrows any and gets its own
       * selectors back below.
       */
      g_autofree char *text = pn_story_dup_plain_text (story);
      glong length = g_utf8_strlen (text, -1);

      start = pn_annotation_get_start (parsed);
      end = pn_annotation_get_end (parsed);
      if (start < 0 || end <= start || end > length)
        {
          start = 0;
          end = MIN (length, 1);
        }
    }
  else if (note == NULL || *note == '\0')
    return TRUE;

  annotation = pn_library_add_annotation (library, story, start, end,
                                          note != NULL && *note != '\0' ? note : NULL, error);
  if (annotation == NULL)
    return FALSE;

  if (pn_annotation_has_anchor (parsed))
    {
      pn_annotation_set_anchor (annotation, pn_annotation_get_exact (parsed),
                                pn_annotation_get_prefix (parsed),
                                pn_annotation_get_suffix (parsed),
                                pn_annotation_get_start (parsed), pn_annotation_get_end (parsed));
      pn_annotation_set_detached (annotation, pn_annotation_get_detached (parsed));
    }
  pn_annotation_set_color (annotation, pn_annotation_get_color (parsed));
  pn_annotation_set_created (annotation, pn_annotation_get_created (parsed));
  pn_annotation_set_modified (annotation, pn_annotation_get_modified (parsed));
  (*n_new)++;
  return TRUE;
}

static gboolean
import_story (PnLibrary          *library,
              JsonObject         *entry,
              PnJsonImportStats  *stats,
              GError            **error)
{
  g_autoptr(PnStory) parsed = NULL;
  g_autoptr(GDateTime) saved_at = NULL;
  JsonNode *node = json_object_get_member (entry, "story");
  JsonObject *object;
  JsonArray *annotations;
  PnStory *story;
  PnSource *source;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("A story entry has no “story”"));
      return FALSE;
    }
  object = json_object_get_object_member (entry, "story");
  if ((parsed = pn_store_json_to_story (object, error)) == NULL ||
      !pn_store_json_get_date (entry, "saved-at", &saved_at, error) ||
      !get_objects (entry, "annotations", &annotations, error))
    return FALSE;

  story = pn_library_lookup_story (library, pn_story_get_id (parsed));
  if (story == NULL)
    story = pn_library_load_story (library, pn_story_get_id (parsed), NULL);
  if (story == NULL)
    {
      g_autoptr(GPtrArray) stories = g_ptr_array_new ();

      source = pn_library_lookup_source (library, pn_story_get_source_id (parsed));
      if (source == NULL)
        {
          g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT,
                       _("The story “%s” comes from a source the file does not list"),
                       pn_story_get_id (parsed));
          return FALSE;
        }
      g_ptr_array_add (stories, parsed);
      if (!pn_library_merge_stories (library, source, stories, NULL, error))
        return FALSE;
      story = parsed;
      stats->n_stories++;
    }

  if (saved_at != NULL && !pn_library_save_story (library, story, error))
    return FALSE;

  for (guint i = 0; annotations != NULL && i < json_array_get_length (annotations); i++)
    {
      if (!import_annotation (library, story,
                              json_array_get_object_element (annotations, i),
                              &stats->n_annotations, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
import_collection (PnLibrary          *library,
                   JsonObject         *object,
                   PnJsonImportStats  *stats,
                   GError            **error)
{
  g_autoptr(PnCollection) parsed = pn_store_json_to_collection (object, error);
  PnCollection *collection;

  if (parsed == NULL)
    return FALSE;
  collection = pn_library_lookup_collection (library, pn_collection_get_id (parsed));
  if (collection == NULL)
    collection = pn_library_lookup_collection_by_name (library, pn_collection_get_name (parsed));
  if (collection == NULL)
    {
      collection = pn_library_create_collection (library, pn_collection_get_name (parsed), error);
      if (collection == NULL)
        return FALSE;
      pn_collection_set_description (collection, pn_collection_get_description (parsed));
      pn_collection_set_created (collection, pn_collection_get_created (parsed));
      stats->n_collections++;
    }

  for (guint i = 0; i < pn_collection_get_n_stories (parsed); i++)
    {
      PnStory *story = pn_library_lookup_story (library, pn_collection_get_story_id (parsed, i));

      if (story != NULL &&
          !pn_library_add_to_collection (library, collection, story, G_MAXUINT, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
import_file (PnLibrary          *library,
             JsonObject         *root,
             PnJsonImportStats  *stats,
             GError            **error)
{
  JsonArray *sources, *stories, *collections;
  const char *format;
  gint64 version;

  if (!pn_store_json_get_string (root, "format", &format, error))
    return FALSE;
  if (g_strcmp0 (format, EXPORT_FORMAT) != 0)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_INVALID_ARGUMENT,
                   _("This is not a Prime News JSON export"));
      return FALSE;
    }
  if (!pn_store_json_get_version (root, &version, error))
    return FALSE;
  if (version > PN_STORE_VERSION)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_READ_ONLY,
                   _("The export was written by a newer version of Prime News (format %"
                     G_GINT64_FORMAT ")"), version);
      return FALSE;
    }
  if (!get_objects (root, "sources", &sources, error) ||
      !get_objects (root, "stories", &stories, error) ||
      !get_objects (root, "collections", &collections, error))
    return FALSE;

  for (guint i = 0; sources != NULL && i < json_array_get_length (sources); i++)
    {
      if (import_source (library, json_array_get_object_element (sources, i),
                         &stats->n_sources, error) == NULL)
        return FALSE;
    }
  for (guint i = 0; stories != NULL && i < json_array_get_length (stories); i++)
    {
      if (!import_story (library, json_array_get_object_element (stories, i), stats, error))
        return FALSE;
    }
  for (guint i = 0; collections != NULL && i < json_array_get_length (collections); i++)
    {
      if (!import_collection (library, json_array_get_object_element (collections, i),
                              stats, error))
        return FALSE;
    }
  return TRUE;
}

/* The library must be loaded writable with PN_LIBRARY_LOAD_SAVED; the
 * caller flushes it. On failure, what was imported before stays.
 */
gboolean
pn_json_import (PnLibrary          *library,
                const char         *path,
                PnJsonImportStats  *stats,
                GError            **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  PnJsonImportStats local_stats = { 0 };
  guint retention_days, max_stories;
  JsonNode *root;
  gboolean ok;

  g_return_val_if_fail (PN_IS_LIBRARY (library), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!json_parser_load_from_mapped_file (parser, path, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PN_ERROR, PN_ERROR_INVALID_ARGUMENT,
                   _("This is not a Prime News JSON export"));
      return FALSE;
    }

  retention_days = pn_library_get_retention_days (library);
  max_stories = pn_library_get_max_stories (library);
  pn_library_set_retention_days (library, IMPORT_RETENTION_DAYS);
  pn_library_set_max_stories (library, G_MAXUINT);
  ok = import_file (library, json_node_get_object (root), &local_stats, error);
  pn_library_set_retention_days (library, retention_days);
  pn_library_set_max_stories (library, max_stories);

  if (stats != NULL)
    *stats = local_stats;
  return ok;
}
