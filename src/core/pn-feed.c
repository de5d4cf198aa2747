/* pn-feed.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-feed"

#include "pn-date.h"
#include "pn-enclosure.h"
#include "pn-feed.h"
#include "pn-person.h"
#include "pn-story.h"
#include "pn-util.h"

struct _PnFeed
{
  GObject     parent_instance;

  char       *format;
  char       *title;
  char       *link;
  char       *subtitle;
  char       *language;
  GDateTime  *updated;
  char       *icon;
  GPtrArray  *authors;
  char       *generator;
  GPtrArray  *items;
  char      **warnings;
};

G_DEFINE_FINAL_TYPE (PnFeed, pn_feed, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FORMAT,
  PROP_TITLE,
  PROP_LINK,
  PROP_SUBTITLE,
  PROP_LANGUAGE,
  PROP_UPDATED,
  PROP_ICON,
  PROP_AUTHORS,
  PROP_GENERATOR,
  PROP_ITEMS,
  PROP_WARNINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Arrays are shared and treated as immutable: a new list replaces the old. */
static void
pn_feed_notify_array (PnFeed     *self,
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
pn_feed_finalize (GObject *object)
{
  PnFeed *self = (PnFeed *) object;

  g_clear_pointer (&self->format, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->link, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->icon, g_free);
  g_clear_pointer (&self->authors, g_ptr_array_unref);
  g_clear_pointer (&self->generator, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_strfreev);

  G_OBJECT_CLASS (pn_feed_parent_class)->finalize (object);
}

static void
pn_feed_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  PnFeed *self = PN_FEED (object);

  switch (prop_id)
    {
    case PROP_FORMAT: g_value_set_string (value, self->format); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_LINK: g_value_set_string (value, self->link); break;
    case PROP_SUBTITLE: g_value_set_string (value, self->subtitle); break;
    case PROP_LANGUAGE: g_value_set_string (value, self->language); break;
    case PROP_UPDATED: g_value_set_boxed (value, self->updated); break;
    case PROP_ICON: g_value_set_string (value, self->icon); break;
    case PROP_AUTHORS: g_value_set_boxed (value, self->authors); break;
    case PROP_GENERATOR: g_value_set_string (value, self->generator); break;
    case PROP_ITEMS: g_value_set_boxed (value, self->items); break;
    case PROP_WARNINGS: g_value_set_boxed (value, self->warnings); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_feed_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  PnFeed *self = PN_FEED (object);

  switch (prop_id)
    {
    case PROP_FORMAT: self->format = g_value_dup_string (value); break;
    case PROP_TITLE: pn_feed_set_title (self, g_value_get_string (value)); break;
    case PROP_LINK: pn_feed_set_link (self, g_value_get_string (value)); break;
    case PROP_SUBTITLE: pn_feed_set_subtitle (self, g_value_get_string (value)); break;
    case PROP_LANGUAGE: pn_feed_set_language (self, g_value_get_string (value)); break;
    case PROP_UPDATED: pn_feed_set_updated (self, g_value_get_boxed (value)); break;
    case PROP_ICON: pn_feed_set_icon (self, g_value_get_string (value)); break;
    case PROP_AUTHORS: pn_feed_set_authors (self, g_value_get_boxed (value)); break;
    case PROP_GENERATOR: pn_feed_set_generator (self, g_value_get_string (value)); break;
    case PROP_ITEMS: pn_feed_set_items (self, g_value_get_boxed (value)); break;
    case PROP_WARNINGS: pn_feed_set_warnings (self, g_value_get_boxed (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_feed_class_init (PnFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags construct_only =
    G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pn_feed_finalize;
  object_class->get_property = pn_feed_get_property;
  object_class->set_property = pn_feed_set_property;

  /* One of rss0.9x, rss1.0, rss2.0, atom0.3, atom1.0, jsonfeed1.0, jsonfeed1.1. */
  properties[PROP_FORMAT] = g_param_spec_string ("format", NULL, NULL, NULL, construct_only);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_LINK] = g_param_spec_string ("link", NULL, NULL, NULL, rw);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL, rw);
  properties[PROP_LANGUAGE] = g_param_spec_string ("language", NULL, NULL, NULL, rw);
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_ICON] = g_param_spec_string ("icon", NULL, NULL, NULL, rw);
  properties[PROP_AUTHORS] = g_param_spec_boxed ("authors", NULL, NULL, G_TYPE_PTR_ARRAY, rw);
  properties[PROP_GENERATOR] = g_param_spec_string ("generator", NULL, NULL, NULL, rw);
  properties[PROP_ITEMS] = g_param_spec_boxed ("items", NULL, NULL, G_TYPE_PTR_ARRAY, rw);
  properties[PROP_WARNINGS] = g_param_spec_boxed ("warnings", NULL, NULL, G_TYPE_STRV, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pn_feed_init (PnFeed *self)
{
}

PnFeed *
pn_feed_new (const char *format)
{
  g_return_val_if_fail (format != NULL, NULL);

  return g_object_new (PN_TYPE_FEED, "format", format, NULL);
}

const char *
pn_feed_get_format (PnFeed *self)
{
  g_return_val_if_fail (PN_IS_FEED (self), NULL);
  return self->format;
}

const char *
pn_feed_get_title (PnFeed *self)
{
  g_return_val_if_fail (PN_IS_FEED (self), NULL);
  return self->title;
}

void
pn_feed_set_title (PnFeed     *self,
                   const char *title)
{
  g_return_if_fail (PN_IS_FEED (self));
  pn_object_set_str (self, &self->title, title, properties[PROP_TITLE]);
}

/* The alternate (HTML) page of the feed, not the feed's own URL. */
const char *
pn_feed_get_link (PnFeed *self)
{
  g_return_val_if_fail (PN_IS_FEED (self), NULL);
  return self->link;
}

void
pn_feed_set_link (PnFeed     *self,
                  const char *link)
{
  g_return_if_fail (PN_IS_FEED (self));
  pn_object_set_str (self, &self->link, link, properties[PROP_LINK]);
}

const char *
pn_feed_get_subtitle (PnFeed *self)
{
  g_return_val_if_fail (PN_IS_FEED (self), NULL);
  return self->subtitle;
}

void
pn_feed_set_subtitle (PnFeed     *self,
                      const char *subtitle)
{
  g_return_if_fail (PN_IS_FEED (self));
  pn_object_set_str (self, &self->subtitle, subtitle, properties[PROP_SUBTITLE]);
}

const char *
pn_feed_get_language (PnFeed *self)
{
  g_return_val_if_fail (PN_IS_FEED (self), NULL);
  return self->language;
}

void
pn_feed_set_language (PnFeed     *self,
                      const char *language)
{
  g_return_if_fail (PN_IS_FEED (self));
  pn_object_set_str (self, &self->language, language, properties[PROP_LANGUAGE]);
}

GDateTime *
pn_feed_get_updated (PnFeed *self)
{
  g_return_val_if_fail (PN_IS_FEED (self), NULL);
  return self->updated;
}

void
pn_feed_set_updated (PnFeed    *self,
                     GDateTime *updated)
{
  g_return_if_fail (PN_IS_FEED (self));
  pn_object_set_date_time (self, &self->updated, updated, properties[PROP_UPDATED]);
}

const char *
pn_feed_get_icon (PnFeed *self)
{
  g_return_val_if_fail (PN_IS_FEED (self), NULL);
  return self->icon;
}

void
pn_feed_set_icon (PnFeed     *self,
                  const char *icon)
{
  g_return_if_fail (PN_IS_FEED (self));
  pn_object_set_str (self, &self->icon, icon, properties[PROP_ICON]);
}

/* Returns: (element-type PnPerson) (nullable) (transfer none) */
GPtrArray *
pn_feed_get_authors (PnFeed *self)
{
  g_return_val_if_fail (PN_IS_FEED (self), NULL);
  return self->authors;
}

void
pn_feed_set_authors (PnFeed    *self,
                     GPtrArray *authors)
{
  g_return_if_fail (PN_IS_FEED (self));
  pn_feed_notify_array (self, &self->authors, authors, PROP_AUTHORS);
}

const char *
pn_feed_get_generator (PnFeed *self)
{
  g_return_val_if_fail (PN_IS_FEED (self), NULL);
  return self->generator;
}

void
pn_feed_set_generator (PnFeed     *self,
                       const char *generator)
{
  g_return_if_fail (PN_IS_FEED (self));
  pn_object_set_str (self, &self->generator, generator, properties[PROP_GENERATOR]);
}

/* Returns: (element-type PnStory) (nullable) (transfer none) */
GPtrArray *
pn_feed_get_items (PnFeed *self)
{
  g_return_val_if_fail (PN_IS_FEED (self), NULL);
  return self->items;
}

void
pn_feed_set_items (PnFeed    *self,
                   GPtrArray *items)
{
  g_return_if_fail (PN_IS_FEED (self));
  pn_feed_notify_array (self, &self->items, items, PROP_ITEMS);
}

/* Problems the parser recovered from, one sentence each (never NULL). */
const char * const *
pn_feed_get_warnings (PnFeed *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (PN_IS_FEED (self), NULL);
  return self->warnings != NULL ? (const char * const *) self->warnings : none;
}

void
pn_feed_set_warnings (PnFeed             *self,
                      const char * const *warnings)
{
  g_return_if_fail (PN_IS_FEED (self));

  if (pn_set_strv (&self->warnings, warnings))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNINGS]);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          GDateTime   *value)
{
  g_autofree char *text = NULL;

  if (value == NULL)
    return;
  text = pn_date_format_utc (value);
  add_string (builder, name, text);
}

static void
add_authors (JsonBuilder *builder,
             GPtrArray   *authors)
{
  if (authors == NULL || authors->len == 0)
    return;

  json_builder_set_member_name (builder, "authors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < authors->len; i++)
    {
      const PnPerson *person = g_ptr_array_index (authors, i);

      json_builder_begin_object (builder);
      add_string (builder, "name", person->name);
      add_string (builder, "email", person->email);
      add_string (builder, "uri", person->uri);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_story (JsonBuilder *builder,
           PnStory     *story)
{
  const char * const *categories = pn_story_get_categories (story);
  GPtrArray *enclosures = pn_story_get_enclosures (story);
  const char *id = pn_story_get_guid (story);

  /* The feed's own id for the item, else its link: what the feed named it. */
  if (id == NULL)
    id = pn_story_get_link (story);

  json_builder_begin_object (builder);
  add_string (builder, "id", id);
  add_string (builder, "title", pn_story_get_title (story));
  add_string (builder, "link", pn_story_get_link (story));
  add_date (builder, "published", pn_story_get_published (story));
  add_date (builder, "updated", pn_story_get_updated (story));
  add_authors (builder, pn_story_get_authors (story));
  add_string (builder, "summary", pn_story_get_summary (story));
  add_string (builder, "content", pn_story_get_content (story));

  if (categories != NULL && categories[0] != NULL)
    {
      json_builder_set_member_name (builder, "categories");
      json_builder_begin_array (builder);
      for (guint i = 0; categories[i] != NULL; i++)
        json_builder_add_string_value (builder, categories[i]);
      json_builder_end_array (builder);
    }

  if (enclosures != NULL && enclosures->len > 0)
    {
      json_builder_set_member_name (builder, "enclosures");
      json_builder_begin_array (builder);
      for (guint i = 0; i < enclosures->len; i++)
        {
          const PnEnclosure *enclosure = g_ptr_array_index (enclosures, i);

          json_builder_begin_object (builder);
          add_string (builder, "url", enclosure->url);
          add_string (builder, "type", enclosure->mime_type);
          if (enclosure->length > 0)
            {
              json_builder_set_member_name (builder, "length");
              json_builder_add_int_value (builder, enclosure->length);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  add_string (builder, "comments", pn_story_get_comments_url (story));
  add_string (builder, "thumbnail", pn_story_get_thumbnail_url (story));
  json_builder_end_object (builder);
}

/* The shape `prime-news-cli parse` prints: absent fields are omitted, dates
 * are RFC 3339 in UTC, and "items" and "warnings" are always present so that
 * scripts can iterate them without checks.
 */
JsonNode *
pn_feed_to_json_node (PnFeed *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  const char * const *warnings;

  g_return_val_if_fail (PN_IS_FEED (self), NULL);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  add_string (builder, "format", self->format);
  add_string (builder, "title", self->title);
  add_string (builder, "link", self->link);
  add_string (builder, "subtitle", self->subtitle);
  add_string (builder, "language", self->language);
  add_date (builder, "updated", self->updated);
  add_string (builder, "icon", self->icon);
  add_authors (builder, self->authors);
  add_string (builder, "generator", self->generator);

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    add_story (builder, g_ptr_array_index (self->items, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  warnings = pn_feed_get_warnings (self);
  for (guint i = 0; warnings[i] != NULL; i++)
    json_builder_add_string_value (builder, warnings[i]);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
