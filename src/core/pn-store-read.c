/* pn-store-read.c — model objects straight from the store's files
 *
 * A cold load of a heavy library reads some 275 MB of JSON, most of it
 * story bodies. Building a JsonNode tree of it first and the model objects
 * from the tree cost more than reading the files; these readers build the
 * objects straight from the text with pn-store-parse's pull reader, and
 * leave each body where it is: its string is checked (so a damaged file is
 * still caught at load) but not copied, and its place in the file is kept
 * for the library to read it back on demand (see PnStoreBodySpans).
 *
 * They handle the files as this code writes them and decline anything else
 * (any error, a duplicate member, a number that is not an integer): the
 * library then reads the file with pn_store_file_load(), whose tree readers
 * in pn-store-json.c decide, and report errors. So what a file means is
 * defined there; these readers only agree with them, faster.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-store-read"

#include "config.h"

#include <string.h>

#include "pn-annotation.h"
#include "pn-collection.h"
#include "pn-store-json.h"
#include "pn-store-parse.h"
#include "pn-store-read.h"
#include "pn-story.h"

/* @saved_at: (transfer full) (nullable) */
PnStoreSavedInfo *
pn_store_saved_info_new (const char *source_id,
                         const char *title,
                         GDateTime  *saved_at)
{
  PnStoreSavedInfo *info = g_new0 (PnStoreSavedInfo, 1);

  info->source_id = g_strdup (source_id);
  info->title = g_strdup (title);
  info->saved_at = saved_at;
  return info;
}

void
pn_store_saved_info_free (PnStoreSavedInfo *info)
{
  g_free (info->source_id);
  g_free (info->title);
  g_clear_pointer (&info->saved_at, g_date_time_unref);
  g_free (info);
}

void
pn_store_file_data_clear (PnStoreFileData *data)
{
  data->version = 0;
  data->story_skipped = data->skipped_story_read = FALSE;
  g_clear_pointer (&data->fetched_at_text, g_free);
  g_clear_pointer (&data->fetched_at, g_date_time_unref);
  g_clear_pointer (&data->unknown, json_object_unref);
  g_clear_pointer (&data->stories, g_ptr_array_unref);
  g_clear_pointer (&data->spans, g_array_unref);
  g_clear_pointer (&data->saved_at, g_date_time_unref);
  g_clear_pointer (&data->annotations, g_ptr_array_unref);
  g_clear_pointer (&data->sources, g_ptr_array_unref);
  g_clear_pointer (&data->collections, g_ptr_array_unref);
  g_clear_pointer (&data->saved_index, g_hash_table_unref);
}

/* A member this code does not know, kept in order; a second one of the
 * same name is declined.
 */
static gboolean
read_unknown (PnStoreReader  *reader,
              const char     *name,
              JsonObject    **unknown)
{
  JsonNode *node;

  if (*unknown != NULL && json_object_has_member (*unknown, name))
    return FALSE;
  if ((node = pn_store_reader_read_node (reader)) == NULL)
    return FALSE;
  if (*unknown == NULL)
    *unknown = json_object_new ();
  json_object_set_member (*unknown, name, node);
  return TRUE;
}

/* A string or null (NULL). */
static gboolean
read_optional_string (PnStoreReader  *reader,
                      const char    **value)
{
  *value = NULL;
  return pn_store_reader_skip_null (reader) || pn_store_reader_read_string (reader, value);
}

static gboolean
read_optional_date (PnStoreReader  *reader,
                    GDateTime     **value)
{
  const char *text;

  g_clear_pointer (value, g_date_time_unref);
  if (!read_optional_string (reader, &text))
    return FALSE;
  return text == NULL || (*value = pn_store_json_parse_date (text)) != NULL;
}

/* An array or null, as a tree for the readers of pn-store-json.c. */
static gboolean
read_optional_array (PnStoreReader  *reader,
                     JsonNode      **node)
{
  if (pn_store_reader_skip_null (reader))
    return TRUE;
  *node = pn_store_reader_read_node (reader);
  return *node != NULL && JSON_NODE_HOLDS_ARRAY (*node);
}

/* A body: its place in the file, and the start of it for the preview. */
static gboolean
read_body (PnStoreReader  *reader,
           PnStoreSpan    *span,
           char           *preview,
           const char    **preview_text)
{
  const char *raw;

  span->offset = -1;
  span->length = 0;
  if (preview_text != NULL)
    *preview_text = NULL;
  if (pn_store_reader_skip_null (reader))
    return TRUE;
  if (!pn_store_reader_skip_string (reader, &raw, &span->length))
    return FALSE;
  span->offset = raw - reader->start;
  if (preview != NULL)
    {
      /* More than a preview keeps, so that it is cut as from the whole. */
      pn_store_parse_string_prefix (raw, span->length, preview, PN_STORY_PREVIEW_BYTES + 8);
      *preview_text = preview;
    }
  return TRUE;
}

typedef enum
{
  FIELD_ID = 1 << 0,
  FIELD_SOURCE_ID = 1 << 1,
  FIELD_GUID = 1 << 2,
  FIELD_TITLE = 1 << 3,
  FIELD_LINK = 1 << 4,
  FIELD_AUTHORS = 1 << 5,
  FIELD_PUBLISHED = 1 << 6,
  FIELD_UPDATED = 1 << 7,
  FIELD_SUMMARY = 1 << 8,
  FIELD_CONTENT = 1 << 9,
  FIELD_FULL_CONTENT = 1 << 10,
  FIELD_CATEGORIES = 1 << 11,
  FIELD_ENCLOSURES = 1 << 12,
  FIELD_COMMENTS_URL = 1 << 13,
  FIELD_THUMBNAIL_URL = 1 << 14,
  FIELD_READ = 1 << 15,
  FIELD_FETCHED_AT = 1 << 16,
} StoryField;

/* The known members of a story (pn-store-json.c's story_fields), or 0. */
static StoryField
story_field (const char *name)
{
  switch (name[0])
    {
    case 'a': return strcmp (name, "authors") == 0 ? FIELD_AUTHORS : 0;
    case 'c':
      if (strcmp (name, "content") == 0)
        return FIELD_CONTENT;
      if (strcmp (name, "categories") == 0)
        return FIELD_CATEGORIES;
      return strcmp (name, "comments-url") == 0 ? FIELD_COMMENTS_URL : 0;
    case 'e': return strcmp (name, "enclosures") == 0 ? FIELD_ENCLOSURES : 0;
    case 'f':
      if (strcmp (name, "fetched-at") == 0)
        return FIELD_FETCHED_AT;
      return strcmp (name, "full-content") == 0 ? FIELD_FULL_CONTENT : 0;
    case 'g': return strcmp (name, "guid") == 0 ? FIELD_GUID : 0;
    case 'i': return strcmp (name, "id") == 0 ? FIELD_ID : 0;
    case 'l': return strcmp (name, "link") == 0 ? FIELD_LINK : 0;
    case 'p': return strcmp (name, "published") == 0 ? FIELD_PUBLISHED : 0;
    case 'r': return strcmp (name, "read") == 0 ? FIELD_READ : 0;
    case 's':
      if (strcmp (name, "source-id") == 0)
        return FIELD_SOURCE_ID;
      return strcmp (name, "summary") == 0 ? FIELD_SUMMARY : 0;
    case 't':
      if (strcmp (name, "title") == 0)
        return FIELD_TITLE;
      return strcmp (name, "thumbnail-url") == 0 ? FIELD_THUMBNAIL_URL : 0;
    case 'u': return strcmp (name, "updated") == 0 ? FIELD_UPDATED : 0;
    default: return 0;
    }
}

static gboolean
read_fetched_at (PnStoreReader    *reader,
                 PnStoreFileData  *result,
                 GDateTime       **value)
{
  const char *text;

  g_clear_pointer (value, g_date_time_unref);
  if (!read_optional_string (reader, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (result->fetched_at_text == NULL || strcmp (text, result->fetched_at_text) != 0)
    {
      GDateTime *date = pn_store_json_parse_date (text);

      if (date == NULL)
        return FALSE;
      g_free (result->fetched_at_text);
      result->fetched_at_text = g_strdup (text);
      g_clear_pointer (&result->fetched_at, g_date_time_unref);
      result->fetched_at = date;
    }
  *value = g_date_time_ref (result->fetched_at);
  return TRUE;
}

static gboolean
read_story_member (PnStoreReader      *reader,
                   PnStoreFileData    *result,
                   StoryField          field,
                   PnStoreStoryFields *fields,
                   PnStoreBodySpans   *spans,
                   char               *summary_preview,
                   char               *content_preview)
{
  g_autoptr(JsonNode) array = NULL;

  switch (field)
    {
    case FIELD_ID: return read_optional_string (reader, &fields->story.id);
    case FIELD_SOURCE_ID: return read_optional_string (reader, &fields->story.source_id);
    case FIELD_GUID: return read_optional_string (reader, &fields->story.guid);
    case FIELD_TITLE: return read_optional_string (reader, &fields->story.title);
    case FIELD_LINK: return read_optional_string (reader, &fields->story.link);
    case FIELD_COMMENTS_URL: return read_optional_string (reader, &fields->story.comments_url);
    case FIELD_THUMBNAIL_URL: return read_optional_string (reader, &fields->story.thumbnail_url);
    case FIELD_PUBLISHED: return read_optional_date (reader, &fields->story.published);
    case FIELD_UPDATED: return read_optional_date (reader, &fields->story.updated);
    case FIELD_FETCHED_AT: return read_fetched_at (reader, result, &fields->story.fetched_at);
    case FIELD_SUMMARY:
      return read_body (reader, &spans->summary, summary_preview, &fields->story.summary);
    case FIELD_CONTENT:
      return read_body (reader, &spans->content, content_preview, &fields->story.content);
    case FIELD_FULL_CONTENT:
      return read_body (reader, &spans->full_content, NULL, NULL);
    case FIELD_READ:
      fields->story.read = FALSE;
      return pn_store_reader_skip_null (reader) ||
             pn_store_reader_read_boolean (reader, &fields->story.read);
    case FIELD_AUTHORS:
      return read_optional_array (reader, &array) &&
             pn_store_json_read_authors (array ? json_node_get_array (array) : NULL,
                                         &fields->story.authors, NULL);
    case FIELD_CATEGORIES:
      return read_optional_array (reader, &array) &&
             pn_store_json_read_strings (array ? json_node_get_array (array) : NULL,
                                         "categories", &fields->story.categories, NULL);
    case FIELD_ENCLOSURES:
      return read_optional_array (reader, &array) &&
             pn_store_json_read_enclosures (array ? json_node_get_array (array) : NULL,
                                            &fields->story.enclosures, NULL);
    default:
      g_assert_not_reached ();
    }
}

/* One story object, its bodies left in the file. A story whose id is
 * result->skip_story_id is only checked: result->story_skipped is set, and
 * result->skipped_story_read says whether it was read.
 */
static PnStory *
read_story (PnStoreReader    *reader,
            PnStoreFileData  *result,
            PnStoreBodySpans *spans)
{
  g_auto(PnStoreStoryFields) fields = { NULL };
  char summary_preview[PN_STORY_PREVIEW_BYTES + 8];
  char content_preview[PN_STORY_PREVIEW_BYTES + 8];
  guint seen = 0;

  spans->summary.offset = spans->content.offset = spans->full_content.offset = -1;
  spans->summary.length = spans->content.length = spans->full_content.length = 0;

  if (!pn_store_reader_begin_object (reader))
    return NULL;
  for (;;)
    {
      const char *name;
      gboolean done;
      StoryField field;

      if (!pn_store_reader_next_member (reader, &name, &done))
        return NULL;
      if (done)
        break;
      field = story_field (name);
      if (field == 0)
        {
          if (!read_unknown (reader, name, &fields.unknown))
            return NULL;
          continue;
        }
      if ((seen & field) != 0 ||
          !read_story_member (reader, result, field, &fields, spans, summary_preview,
                              content_preview))
        return NULL;
      seen |= field;
    }

  if (fields.story.id == NULL || *fields.story.id == '\0')
    return NULL;
  if (result->skip_story_id != NULL && strcmp (fields.story.id, result->skip_story_id) == 0)
    {
      /* Declined as pn_store_json_story_from_fields() would. */
      if (fields.story.source_id == NULL)
        return NULL;
      result->story_skipped = TRUE;
      result->skipped_story_read = fields.story.read;
      return NULL;
    }
  return pn_store_json_story_from_fields (&fields, TRUE, NULL);
}

/* Reads the members of the top-level object: "version", the names in
 * @known (each at most once) through @read_known, and keeps the rest.
 */
typedef gboolean (*ReadKnownFunc) (PnStoreReader   *reader,
                                   guint            known_index,
                                   PnStoreFileData *result);

static gboolean
read_file (const char         *data,
           gsize               length,
           char               *scratch,
           const char * const *known,
           ReadKnownFunc       read_known,
           PnStoreFileData    *result)
{
  PnStoreReader reader;
  gboolean have_version = FALSE;
  guint seen = 0;

  pn_store_reader_init_read_only (&reader, data, length, scratch);
  if (!pn_store_reader_begin_object (&reader))
    return FALSE;
  for (;;)
    {
      const char *name;
      gboolean done;
      guint i;

      if (!pn_store_reader_next_member (&reader, &name, &done))
        return FALSE;
      if (done)
        break;
      if (strcmp (name, "version") == 0)
        {
          if (have_version || !pn_store_reader_read_integer (&reader, &result->version))
            return FALSE;
          have_version = TRUE;
          continue;
        }
      for (i = 0; known[i] != NULL && strcmp (known[i], name) != 0; i++)
        ;
      if (known[i] == NULL)
        {
          if (!read_unknown (&reader, name, &result->unknown))
            return FALSE;
          continue;
        }
      if ((seen & (1u << i)) != 0 || !read_known (&reader, i, result))
        return FALSE;
      seen |= 1u << i;
    }
  if (!pn_store_reader_at_end (&reader) || !have_version || result->version < 1)
    return FALSE;
  return TRUE;
}

/* An array of objects or null, each read by @read_item. */
typedef gboolean (*ReadItemFunc) (PnStoreReader   *reader,
                                  PnStoreFileData *result);

static gboolean
read_items (PnStoreReader   *reader,
            ReadItemFunc     read_item,
            PnStoreFileData *result)
{
  if (pn_store_reader_skip_null (reader))
    return TRUE;
  if (!pn_store_reader_begin_array (reader))
    return FALSE;
  for (;;)
    {
      gboolean done;

      if (!pn_store_reader_next_element (reader, &done))
        return FALSE;
      if (done)
        return TRUE;
      if (!read_item (reader, result))
        return FALSE;
    }
}

static gboolean
skip_value (PnStoreReader *reader)
{
  g_autoptr(JsonNode) node = pn_store_reader_read_node (reader);

  return node != NULL;
}

/* stories/SOURCE.json */

static gboolean
read_cached_story (PnStoreReader   *reader,
                   PnStoreFileData *result)
{
  PnStoreBodySpans spans;
  PnStory *story = read_story (reader, result, &spans);

  if (result->story_skipped)
    return TRUE;
  if (story == NULL)
    return FALSE;
  g_ptr_array_add (result->stories, story);
  g_array_append_val (result->spans, spans);
  return TRUE;
}

static gboolean
read_stories_known (PnStoreReader   *reader,
                    guint            known_index,
                    PnStoreFileData *result)
{
  /* "source-id" is there for people reading the file: its name counts. */
  if (known_index == 0)
    return skip_value (reader);
  return read_items (reader, read_cached_story, result);
}

/* Reads a stories file as pn-library.c's tree reader would, the bodies left
 * in @data (see PnStoreBodySpans). FALSE when it declines; @result then
 * holds what to clear.
 */
gboolean
pn_store_read_stories_file (const char      *data,
                            gsize            length,
                            char            *scratch,
                            PnStoreFileData *result)
{
  static const char * const known[] = { "source-id", "stories", NULL };

  /* Room for as many stories as a source keeps by default. */
  result->stories = g_ptr_array_new_full (256, g_object_unref);
  result->spans = g_array_sized_new (FALSE, FALSE, sizeof (PnStoreBodySpans), 256);
  return read_file (data, length, scratch, known, read_stories_known, result);
}

/* saved/STORY.json */

/* An integer or null (@fallback). */
static gboolean
read_optional_integer (PnStoreReader *reader,
                       gint64         fallback,
                       gint64        *value)
{
  *value = fallback;
  return pn_store_reader_skip_null (reader) || pn_store_reader_read_integer (reader, value);
}

static gboolean
read_target (PnStoreReader           *reader,
             PnStoreAnnotationFields *fields)
{
  guint seen = 0;

  fields->has_target = TRUE;
  fields->start = fields->end = -1;
  if (!pn_store_reader_begin_object (reader))
    return FALSE;
  for (;;)
    {
      const char *name;
      gboolean done, ok;
      guint field;

      if (!pn_store_reader_next_member (reader, &name, &done))
        return FALSE;
      if (done)
        return TRUE;
      if (strcmp (name, "exact") == 0)
        ok = read_optional_string (reader, &fields->exact), field = 1;
      else if (strcmp (name, "prefix") == 0)
        ok = read_optional_string (reader, &fields->prefix), field = 2;
      else if (strcmp (name, "suffix") == 0)
        ok = read_optional_string (reader, &fields->suffix), field = 4;
      else if (strcmp (name, "start") == 0)
        ok = read_optional_integer (reader, -1, &fields->start), field = 8;
      else if (strcmp (name, "end") == 0)
        ok = read_optional_integer (reader, -1, &fields->end), field = 16;
      else
        ok = skip_value (reader), field = 0;
      if (!ok || (seen & field) != 0)
        return FALSE;
      seen |= field;
    }
}

/* The known members of an annotation (pn-store-json.c's
 * annotation_fields), or 0.
 */
static guint
annotation_field (const char *name)
{
  static const char * const names[] = {
    "id", "story-id", "created", "modified", "note", "color", "detached", "target", NULL
  };

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], name) == 0)
        return 1u << i;
    }
  return 0;
}

static gboolean
read_annotation (PnStoreReader   *reader,
                 PnStoreFileData *result)
{
  g_auto(PnStoreAnnotationFields) fields = { NULL };
  const char *story_id = result->story_skipped
                           ? result->skip_story_id
                           : pn_story_get_id (g_ptr_array_index (result->stories, 0));
  PnAnnotation *annotation;
  guint seen = 0;

  if (!pn_store_reader_begin_object (reader))
    return FALSE;
  for (;;)
    {
      const char *name;
      gboolean done, ok;
      guint field;

      if (!pn_store_reader_next_member (reader, &name, &done))
        return FALSE;
      if (done)
        break;
      switch ((field = annotation_field (name)))
        {
        case 1 << 0: ok = read_optional_string (reader, &fields.id); break;
        case 1 << 1: ok = skip_value (reader); break;
        case 1 << 2: ok = read_optional_date (reader, &fields.created); break;
        case 1 << 3: ok = read_optional_date (reader, &fields.modified); break;
        case 1 << 4: ok = read_optional_string (reader, &fields.note); break;
        case 1 << 5: ok = read_optional_string (reader, &fields.color); break;
        case 1 << 6:
          ok = pn_store_reader_skip_null (reader) ||
               pn_store_reader_read_boolean (reader, &fields.detached);
          break;
        case 1 << 7:
          ok = pn_store_reader_skip_null (reader) || read_target (reader, &fields);
          break;
        default: ok = read_unknown (reader, name, &fields.unknown); break;
        }
      if (!ok || (seen & field) != 0)
        return FALSE;
      seen |= field;
    }

  if (fields.id == NULL || *fields.id == '\0' ||
      (annotation = pn_store_json_annotation_from_fields (&fields, story_id, NULL)) == NULL)
    return FALSE;
  g_ptr_array_add (result->annotations, annotation);
  return TRUE;
}

static gboolean
read_saved_known (PnStoreReader   *reader,
                  guint            known_index,
                  PnStoreFileData *result)
{
  switch (known_index)
    {
    case 0:
      return read_cached_story (reader, result);
    case 1:
      return read_optional_date (reader, &result->saved_at);
    default:
      /* The annotations need their story's id: it comes first when this
       * code wrote the file.
       */
      return (result->stories->len == 1 || result->story_skipped) &&
             read_items (reader, read_annotation, result);
    }
}

gboolean
pn_store_read_saved_file (const char      *data,
                          gsize            length,
                          char            *scratch,
                          PnStoreFileData *result)
{
  static const char * const known[] = { "story", "saved-at", "annotations", NULL };

  result->stories = g_ptr_array_new_full (1, g_object_unref);
  result->spans = g_array_sized_new (FALSE, FALSE, sizeof (PnStoreBodySpans), 1);
  result->annotations = g_ptr_array_new_with_free_func (g_object_unref);
  return read_file (data, length, scratch, known, read_saved_known, result) &&
         (result->stories->len == 1 || result->story_skipped);
}

/* library.json */

static gboolean
read_collection (PnStoreReader   *reader,
                 PnStoreFileData *result)
{
  g_autoptr(JsonNode) node = pn_store_reader_read_node (reader);
  PnCollection *collection;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (collection = pn_store_json_to_collection (json_node_get_object (node), NULL)) == NULL)
    return FALSE;
  g_ptr_array_add (result->collections, collection);
  return TRUE;
}

static gboolean
read_saved_entry (PnStoreReader   *reader,
                  PnStoreFileData *result)
{
  g_autoptr(GDateTime) saved_at = NULL;
  const char *id = NULL, *source_id = NULL, *title = NULL;
  guint seen = 0;

  if (!pn_store_reader_begin_object (reader))
    return FALSE;
  for (;;)
    {
      const char *name;
      gboolean done, ok;
      guint field;

      if (!pn_store_reader_next_member (reader, &name, &done))
        return FALSE;
      if (done)
        break;
      if (strcmp (name, "id") == 0)
        ok = read_optional_string (reader, &id), field = 1;
      else if (strcmp (name, "source-id") == 0)
        ok = read_optional_string (reader, &source_id), field = 2;
      else if (strcmp (name, "title") == 0)
        ok = read_optional_string (reader, &title), field = 4;
      else if (strcmp (name, "saved-at") == 0)
        ok = read_optional_date (reader, &saved_at), field = 8;
      else
        ok = skip_value (reader), field = 0;
      if (!ok || (seen & field) != 0)
        return FALSE;
      seen |= field;
    }
  if (id == NULL || source_id == NULL)
    return FALSE;

  g_hash_table_replace (result->saved_index, g_strdup (id),
                        pn_store_saved_info_new (source_id, title, g_steal_pointer (&saved_at)));
  return TRUE;
}

static gboolean
read_library_known (PnStoreReader   *reader,
                    guint            known_index,
                    PnStoreFileData *result)
{
  if (known_index == 0)
    return read_items (reader, read_collection, result);
  return read_items (reader, read_saved_entry, result);
}

gboolean
pn_store_read_library_file (const char      *data,
                            gsize            length,
                            char            *scratch,
                            PnStoreFileData *result)
{
  static const char * const known[] = { "collections", "saved", NULL };

  result->collections = g_ptr_array_new_with_free_func (g_object_unref);
  result->saved_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) pn_store_saved_info_free);
  return read_file (data, length, scratch, known, read_library_known, result);
}
