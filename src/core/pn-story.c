/* pn-story.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-story"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pn-enclosure.h"
#include "pn-error.h"
#include "pn-person.h"
#include "pn-story.h"
#include "pn-util.h"

struct _PnStory
{
  GObject    parent_instance;

  char      *id;
  char      *source_id;
  char      *guid;
  char      *title;
  char      *link;
  GPtrArray *authors;
  GDateTime *published;
  GDateTime *updated;
  char      *summary;
  char      *content;
  char      *full_content;
  char     **categories;
  GPtrArray *enclosures;
  char      *comments_url;
  char      *thumbnail_url;
  GDateTime *fetched_at;
  /* While the bodies (summary, content, full content) are deferred, only
   * the start of the summary (or content) is held, for lists; the first
   * reader of a body calls the loader. */
  char      *preview;
  PnStoryBodyLoader body_loader;
  gpointer   body_loader_data;
  guint      read : 1;
  guint      saved : 1;
  guint      body_deferred : 1;
};

G_DEFINE_FINAL_TYPE (PnStory, pn_story, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SOURCE_ID,
  PROP_GUID,
  PROP_TITLE,
  PROP_LINK,
  PROP_AUTHORS,
  PROP_PUBLISHED,
  PROP_UPDATED,
  PROP_SUMMARY,
  PROP_CONTENT,
  PROP_FULL_CONTENT,
  PROP_CATEGORIES,
  PROP_ENCLOSURES,
  PROP_COMMENTS_URL,
  PROP_THUMBNAIL_URL,
  PROP_READ,
  PROP_SAVED,
  PROP_FETCHED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Arrays are shared and treated as immutable: a new list replaces the old. */
static void
pn_story_notify_array (PnStory    *self,
                       GPtrArray **field,
                       GPtrArray  *value,
                       guint       prop_id)
{
  if (*field == value)
    return;
  if (value != NULL)
    g_ptr_array_ref (value);
  g_clear_pointer (field, g_ptr_array_unref);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
pn_story_finalize (GObject *object)
{
  PnStory *self = (PnStory *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->source_id, g_free);
  g_clear_pointer (&self->guid, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->link, g_free);
  g_clear_pointer (&self->authors, g_ptr_array_unref);
  g_clear_pointer (&self->published, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->content, g_free);
  g_clear_pointer (&self->full_content, g_free);
  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->enclosures, g_ptr_array_unref);
  g_clear_pointer (&self->comments_url, g_free);
  g_clear_pointer (&self->thumbnail_url, g_free);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  g_clear_pointer (&self->preview, g_free);

  G_OBJECT_CLASS (pn_story_parent_class)->finalize (object);
}

static void
pn_story_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PnStory *self = PN_STORY (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_SOURCE_ID: g_value_set_string (value, self->source_id); break;
    case PROP_GUID: g_value_set_string (value, self->guid); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_LINK: g_value_set_string (value, self->link); break;
    case PROP_AUTHORS: g_value_set_boxed (value, self->authors); break;
    case PROP_PUBLISHED: g_value_set_boxed (value, self->published); break;
    case PROP_UPDATED: g_value_set_boxed (value, self->updated); break;
    case PROP_SUMMARY: g_value_set_string (value, pn_story_get_summary (self)); break;
    case PROP_CONTENT: g_value_set_string (value, pn_story_get_content (self)); break;
    case PROP_FULL_CONTENT: g_value_set_string (value, pn_story_get_full_content (self)); break;
    case PROP_CATEGORIES: g_value_set_boxed (value, self->categories); break;
    case PROP_ENCLOSURES: g_value_set_boxed (value, self->enclosures); break;
    case PROP_COMMENTS_URL: g_value_set_string (value, self->comments_url); break;
    case PROP_THUMBNAIL_URL: g_value_set_string (value, self->thumbnail_url); break;
    case PROP_READ: g_value_set_boolean (value, self->read); break;
    case PROP_SAVED: g_value_set_boolean (value, self->saved); break;
    case PROP_FETCHED_AT: g_value_set_boxed (value, self->fetched_at); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_story_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PnStory *self = PN_STORY (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_SOURCE_ID: self->source_id = g_value_dup_string (value); break;
    case PROP_GUID: pn_story_set_guid (self, g_value_get_string (value)); break;
    case PROP_TITLE: pn_story_set_title (self, g_value_get_string (value)); break;
    case PROP_LINK: pn_story_set_link (self, g_value_get_string (value)); break;
    case PROP_AUTHORS: pn_story_set_authors (self, g_value_get_boxed (value)); break;
    case PROP_PUBLISHED: pn_story_set_published (self, g_value_get_boxed (value)); break;
    case PROP_UPDATED: pn_story_set_updated (self, g_value_get_boxed (value)); break;
    case PROP_SUMMARY: pn_story_set_summary (self, g_value_get_string (value)); break;
    case PROP_CONTENT: pn_story_set_content (self, g_value_get_string (value)); break;
    case PROP_FULL_CONTENT: pn_story_set_full_content (self, g_value_get_string (value)); break;
    case PROP_CATEGORIES: pn_story_set_categories (self, g_value_get_boxed (value)); break;
    case PROP_ENCLOSURES: pn_story_set_enclosures (self, g_value_get_boxed (value)); break;
    case PROP_COMMENTS_URL: pn_story_set_comments_url (self, g_value_get_string (value)); break;
    case PROP_THUMBNAIL_URL: pn_story_set_thumbnail_url (self, g_value_get_string (value)); break;
    case PROP_READ: pn_story_set_read (self, g_value_get_boolean (value)); break;
    case PROP_SAVED: pn_story_set_saved (self, g_value_get_boolean (value)); break;
    case PROP_FETCHED_AT: pn_story_set_fetched_at (self, g_value_get_boxed (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_story_class_init (PnStoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags construct_only =
    G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pn_story_finalize;
  object_class->get_property = pn_story_get_property;
  object_class->set_property = pn_story_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct_only);
  properties[PROP_SOURCE_ID] = g_param_spec_string ("source-id", NULL, NULL, NULL, construct_only);
  properties[PROP_GUID] = g_param_spec_string ("guid", NULL, NULL, NULL, rw);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_LINK] = g_param_spec_string ("link", NULL, NULL, NULL, rw);
  properties[PROP_AUTHORS] = g_param_spec_boxed ("authors", NULL, NULL, G_TYPE_PTR_ARRAY, rw);
  properties[PROP_PUBLISHED] =
    g_param_spec_boxed ("published", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL, rw);
  properties[PROP_CONTENT] = g_param_spec_string ("content", NULL, NULL, NULL, rw);
  properties[PROP_FULL_CONTENT] = g_param_spec_string ("full-content", NULL, NULL, NULL, rw);
  properties[PROP_CATEGORIES] = g_param_spec_boxed ("categories", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_ENCLOSURES] =
    g_param_spec_boxed ("enclosures", NULL, NULL, G_TYPE_PTR_ARRAY, rw);
  properties[PROP_COMMENTS_URL] = g_param_spec_string ("comments-url", NULL, NULL, NULL, rw);
  properties[PROP_THUMBNAIL_URL] = g_param_spec_string ("thumbnail-url", NULL, NULL, NULL, rw);
  properties[PROP_READ] = g_param_spec_boolean ("read", NULL, NULL, FALSE, rw);
  properties[PROP_SAVED] = g_param_spec_boolean ("saved", NULL, NULL, FALSE, rw);
  properties[PROP_FETCHED_AT] =
    g_param_spec_boxed ("fetched-at", NULL, NULL, G_TYPE_DATE_TIME, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pn_story_init (PnStory *self)
{
}

PnStory *
pn_story_new (const char *id,
              const char *source_id)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (PN_TYPE_STORY, "id", id, "source-id", source_id, NULL);
}

/* Keeps of the bodies only a preview: the start of @summary, else of
 * @content, cut at a character boundary.
 */
static void
keep_preview (PnStory    *self,
              const char *summary,
              const char *content)
{
  const char *text = summary != NULL ? summary : content;

  if (text != NULL)
    {
      const char *end = text + strnlen (text, PN_STORY_PREVIEW_BYTES);

      if (*end != '\0')
        end = g_utf8_find_prev_char (text, end + 1) ?: text;
      self->preview = g_strndup (text, end - text);
    }
  self->body_deferred = TRUE;
}

/* A new story holding @fields, notifying nothing (nothing can have seen it
 * yet): it copies the strings and takes the rest (authors, dates,
 * categories, enclosures), leaving those members NULL. With @defer_body, the bodies of a story read from a store file that
 * can give them again are left out: only a preview is kept until
 * pn_story_fill_body(), and reading or setting a body first calls the
 * loader given to pn_story_set_body_loader().
 */
PnStory *
pn_story_new_from_fields (PnStoryFields *fields,
                          gboolean       defer_body)
{
  PnStory *self;

  g_return_val_if_fail (fields != NULL && fields->id != NULL, NULL);

  self = g_object_new (PN_TYPE_STORY, NULL);
  self->id = g_strdup (fields->id);
  self->source_id = g_strdup (fields->source_id);
  self->guid = g_strdup (fields->guid);
  self->title = g_strdup (fields->title);
  self->link = g_strdup (fields->link);
  self->authors = g_steal_pointer (&fields->authors);
  self->published = g_steal_pointer (&fields->published);
  self->updated = g_steal_pointer (&fields->updated);
  if (defer_body)
    keep_preview (self, fields->summary, fields->content);
  else
    {
      self->summary = g_strdup (fields->summary);
      self->content = g_strdup (fields->content);
      self->full_content = g_strdup (fields->full_content);
    }
  self->categories = g_steal_pointer (&fields->categories);
  self->enclosures = g_steal_pointer (&fields->enclosures);
  self->comments_url = g_strdup (fields->comments_url);
  self->thumbnail_url = g_strdup (fields->thumbnail_url);
  self->read = !!fields->read;
  self->fetched_at = g_steal_pointer (&fields->fetched_at);
  return self;
}

/* The same story fetched twice must get the same id, so a saved story keeps
 * its annotations across refreshes: the feed's guid is the best key, then the
 * link, then the title and date as a last resort.
 */
char *
pn_story_make_id (const char *source_id,
                  const char *guid,
                  const char *link,
                  const char *title,
                  GDateTime  *published)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (source_id != NULL, NULL);

  if (guid != NULL && *guid != '\0')
    return pn_hash_id (source_id, "guid", guid, NULL);
  if (link != NULL && *link != '\0')
    return pn_hash_id (source_id, "link", link, NULL);

  if (published != NULL)
    date = g_date_time_format_iso8601 (published);
  return pn_hash_id (source_id, "title", title ? title : "", date ? date : "", NULL);
}

const char *
pn_story_get_id (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return self->id;
}

const char *
pn_story_get_source_id (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return self->source_id;
}

const char *
pn_story_get_guid (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return self->guid;
}

void
pn_story_set_guid (PnStory    *self,
                   const char *guid)
{
  g_return_if_fail (PN_IS_STORY (self));
  pn_object_set_str (self, &self->guid, guid, properties[PROP_GUID]);
}

const char *
pn_story_get_title (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return self->title;
}

void
pn_story_set_title (PnStory    *self,
                    const char *title)
{
  g_return_if_fail (PN_IS_STORY (self));
  pn_object_set_str (self, &self->title, title, properties[PROP_TITLE]);
}

const char *
pn_story_get_link (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return self->link;
}

void
pn_story_set_link (PnStory    *self,
                   const char *link)
{
  g_return_if_fail (PN_IS_STORY (self));
  pn_object_set_str (self, &self->link, link, properties[PROP_LINK]);
}

/* Returns: (element-type PnPerson) (nullable) (transfer none) */
GPtrArray *
pn_story_get_authors (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return self->authors;
}

void
pn_story_set_authors (PnStory   *self,
                      GPtrArray *authors)
{
  g_return_if_fail (PN_IS_STORY (self));
  pn_story_notify_array (self, &self->authors, authors, PROP_AUTHORS);
}

/* "Ann, Bob and Cy" style bylines are left to the UI's translations; the core
 * joins names with commas, which reads right in every locale we ship.
 */
char *
pn_story_dup_byline (PnStory *self)
{
  g_autoptr(GString) byline = NULL;

  g_return_val_if_fail (PN_IS_STORY (self), NULL);

  if (self->authors == NULL || self->authors->len == 0)
    return NULL;

  byline = g_string_new (NULL);
  for (guint i = 0; i < self->authors->len; i++)
    {
      g_autofree char *name = pn_person_dup_display (g_ptr_array_index (self->authors, i));

      if (name == NULL || *name == '\0')
        continue;
      if (byline->len > 0)
        g_string_append (byline, ", ");
      g_string_append (byline, name);
    }

  if (byline->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&byline), FALSE);
}

GDateTime *
pn_story_get_published (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return self->published;
}

void
pn_story_set_published (PnStory   *self,
                        GDateTime *published)
{
  g_return_if_fail (PN_IS_STORY (self));
  pn_object_set_date_time (self, &self->published, published, properties[PROP_PUBLISHED]);
}

GDateTime *
pn_story_get_updated (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return self->updated;
}

void
pn_story_set_updated (PnStory   *self,
                      GDateTime *updated)
{
  g_return_if_fail (PN_IS_STORY (self));
  pn_object_set_date_time (self, &self->updated, updated, properties[PROP_UPDATED]);
}

/* The date lists sort by: when it was published, else updated, else when we
 * first saw it (feeds without dates still get a sensible order).
 */
GDateTime *
pn_story_get_sort_date (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);

  if (self->published != NULL)
    return self->published;
  if (self->updated != NULL)
    return self->updated;
  return self->fetched_at;
}

/* A setter must not be undone by a later load of the old bodies. */
static void
ensure_body (PnStory *self)
{
  g_autoptr(GError) error = NULL;

  if (self->body_deferred && self->body_loader != NULL &&
      !self->body_loader (self, self->body_loader_data, &error))
    g_warning ("The text of the story %s could not be read: %s", self->id, error->message);
}

const char *
pn_story_get_summary (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  ensure_body (self);
  return self->summary;
}

void
pn_story_set_summary (PnStory    *self,
                      const char *summary)
{
  g_return_if_fail (PN_IS_STORY (self));
  ensure_body (self);
  pn_object_set_str (self, &self->summary, summary, properties[PROP_SUMMARY]);
}

const char *
pn_story_get_content (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  ensure_body (self);
  return self->content;
}

void
pn_story_set_content (PnStory    *self,
                      const char *content)
{
  g_return_if_fail (PN_IS_STORY (self));
  ensure_body (self);
  pn_object_set_str (self, &self->content, content, properties[PROP_CONTENT]);
}

/* The article extracted by reader mode, kept beside the feed's version. */
const char *
pn_story_get_full_content (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  ensure_body (self);
  return self->full_content;
}

void
pn_story_set_full_content (PnStory    *self,
                           const char *full_content)
{
  g_return_if_fail (PN_IS_STORY (self));
  ensure_body (self);
  pn_object_set_str (self, &self->full_content, full_content, properties[PROP_FULL_CONTENT]);
}

/* @loader (nullable): runs, on the calling thread, the first time a body
 * of the deferred story is read or set; it ends with pn_story_fill_body(),
 * or leaves the story deferred when the bodies could not be read.
 */
void
pn_story_set_body_loader (PnStory           *self,
                          PnStoryBodyLoader  loader,
                          gpointer           user_data)
{
  g_return_if_fail (PN_IS_STORY (self));
  self->body_loader = loader;
  self->body_loader_data = user_data;
}

gboolean
pn_story_get_body_deferred (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), FALSE);
  return self->body_deferred;
}

/* Runs the loader of a deferred story now, to learn whether its bodies
 * could be read. FALSE, with @error set, when they could not, or when the
 * story has no loader (any more) to read them with.
 */
gboolean
pn_story_load_body (PnStory  *self,
                    GError  **error)
{
  g_return_val_if_fail (PN_IS_STORY (self), FALSE);

  if (!self->body_deferred)
    return TRUE;
  if (self->body_loader == NULL)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_NOT_FOUND,
                   _("The text of the story “%s” is not in the library"), self->id);
      return FALSE;
    }
  return self->body_loader (self, self->body_loader_data, error);
}

/* The bodies of a deferred story, as they were when it was deferred: no
 * change notification, since nothing a reader could see changed.
 */
void
pn_story_fill_body (PnStory    *self,
                    const char *summary,
                    const char *content,
                    const char *full_content)
{
  g_return_if_fail (PN_IS_STORY (self));
  g_return_if_fail (self->body_deferred);

  self->body_deferred = FALSE;
  self->body_loader = NULL;
  self->body_loader_data = NULL;
  g_clear_pointer (&self->preview, g_free);
  self->summary = g_strdup (summary);
  self->content = g_strdup (content);
  self->full_content = g_strdup (full_content);
}

/* The start of the summary, else of the content: enough HTML for an
 * excerpt in a list, without loading deferred bodies.
 */
const char *
pn_story_get_preview (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);

  if (self->body_deferred)
    return self->preview;
  return self->summary != NULL ? self->summary : self->content;
}

/* The best body the feed gave: its content, else its summary. */
const char *
pn_story_get_body (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);

  ensure_body (self);
  if (self->content != NULL && *self->content != '\0')
    return self->content;
  return self->summary;
}

const char * const *
pn_story_get_categories (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return (const char * const *) self->categories;
}

void
pn_story_set_categories (PnStory            *self,
                         const char * const *categories)
{
  g_return_if_fail (PN_IS_STORY (self));

  if (pn_set_strv (&self->categories, categories))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORIES]);
}

/* Returns: (element-type PnEnclosure) (nullable) (transfer none) */
GPtrArray *
pn_story_get_enclosures (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return self->enclosures;
}

void
pn_story_set_enclosures (PnStory   *self,
                         GPtrArray *enclosures)
{
  g_return_if_fail (PN_IS_STORY (self));
  pn_story_notify_array (self, &self->enclosures, enclosures, PROP_ENCLOSURES);
}

const char *
pn_story_get_comments_url (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return self->comments_url;
}

void
pn_story_set_comments_url (PnStory    *self,
                           const char *comments_url)
{
  g_return_if_fail (PN_IS_STORY (self));
  pn_object_set_str (self, &self->comments_url, comments_url, properties[PROP_COMMENTS_URL]);
}

const char *
pn_story_get_thumbnail_url (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return self->thumbnail_url;
}

void
pn_story_set_thumbnail_url (PnStory    *self,
                            const char *thumbnail_url)
{
  g_return_if_fail (PN_IS_STORY (self));
  pn_object_set_str (self, &self->thumbnail_url, thumbnail_url, properties[PROP_THUMBNAIL_URL]);
}

gboolean
pn_story_get_read (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), FALSE);
  return self->read;
}

void
pn_story_set_read (PnStory  *self,
                   gboolean  read)
{
  g_return_if_fail (PN_IS_STORY (self));

  read = !!read;
  if (self->read == (guint) read)
    return;
  self->read = read;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ]);
}

gboolean
pn_story_get_saved (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), FALSE);
  return self->saved;
}

void
pn_story_set_saved (PnStory  *self,
                    gboolean  saved)
{
  g_return_if_fail (PN_IS_STORY (self));

  saved = !!saved;
  if (self->saved == (guint) saved)
    return;
  self->saved = saved;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED]);
}

GDateTime *
pn_story_get_fetched_at (PnStory *self)
{
  g_return_val_if_fail (PN_IS_STORY (self), NULL);
  return self->fetched_at;
}

void
pn_story_set_fetched_at (PnStory   *self,
                         GDateTime *fetched_at)
{
  g_return_if_fail (PN_IS_STORY (self));
  pn_object_set_date_time (self, &self->fetched_at, fetched_at, properties[PROP_FETCHED_AT]);
}
