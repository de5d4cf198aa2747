/* pn-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-source"

#include "pn-source.h"
#include "pn-util.h"

struct _PnSource
{
  GObject    parent_instance;

  char      *id;
  char      *url;
  char      *title;
  char      *site_url;
  char      *folder;
  char      *icon_url;
  char      *etag;
  char      *last_modified;
  GDateTime *last_fetched;
  GDateTime *next_fetch;
  char      *last_status;
  char      *last_error;
  guint      consecutive_failures;
  guint      unread_count;
  guint      fetch_full_text : 1;
  guint      enabled : 1;
};

G_DEFINE_FINAL_TYPE (PnSource, pn_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_URL,
  PROP_TITLE,
  PROP_SITE_URL,
  PROP_FOLDER,
  PROP_ICON_URL,
  PROP_ETAG,
  PROP_LAST_MODIFIED,
  PROP_LAST_FETCHED,
  PROP_NEXT_FETCH,
  PROP_LAST_STATUS,
  PROP_LAST_ERROR,
  PROP_CONSECUTIVE_FAILURES,
  PROP_FETCH_FULL_TEXT,
  PROP_ENABLED,
  PROP_UNREAD_COUNT,
  PROP_DISPLAY_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pn_source_finalize (GObject *object)
{
  PnSource *self = (PnSource *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->site_url, g_free);
  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->icon_url, g_free);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->last_modified, g_free);
  g_clear_pointer (&self->last_fetched, g_date_time_unref);
  g_clear_pointer (&self->next_fetch, g_date_time_unref);
  g_clear_pointer (&self->last_status, g_free);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (pn_source_parent_class)->finalize (object);
}

static void
pn_source_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PnSource *self = PN_SOURCE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_URL: g_value_set_string (value, self->url); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_SITE_URL: g_value_set_string (value, self->site_url); break;
    case PROP_FOLDER: g_value_set_string (value, self->folder); break;
    case PROP_ICON_URL: g_value_set_string (value, self->icon_url); break;
    case PROP_ETAG: g_value_set_string (value, self->etag); break;
    case PROP_LAST_MODIFIED: g_value_set_string (value, self->last_modified); break;
    case PROP_LAST_FETCHED: g_value_set_boxed (value, self->last_fetched); break;
    case PROP_NEXT_FETCH: g_value_set_boxed (value, self->next_fetch); break;
    case PROP_LAST_STATUS: g_value_set_string (value, self->last_status); break;
    case PROP_LAST_ERROR: g_value_set_string (value, self->last_error); break;
    case PROP_CONSECUTIVE_FAILURES: g_value_set_uint (value, self->consecutive_failures); break;
    case PROP_FETCH_FULL_TEXT: g_value_set_boolean (value, self->fetch_full_text); break;
    case PROP_ENABLED: g_value_set_boolean (value, self->enabled); break;
    case PROP_UNREAD_COUNT: g_value_set_uint (value, self->unread_count); break;
    case PROP_DISPLAY_TITLE: g_value_set_string (value, pn_source_get_display_title (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_source_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PnSource *self = PN_SOURCE (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_URL: pn_source_set_url (self, g_value_get_string (value)); break;
    case PROP_TITLE: pn_source_set_title (self, g_value_get_string (value)); break;
    case PROP_SITE_URL: pn_source_set_site_url (self, g_value_get_string (value)); break;
    case PROP_FOLDER: pn_source_set_folder (self, g_value_get_string (value)); break;
    case PROP_ICON_URL: pn_source_set_icon_url (self, g_value_get_string (value)); break;
    case PROP_ETAG: pn_source_set_etag (self, g_value_get_string (value)); break;
    case PROP_LAST_MODIFIED: pn_source_set_last_modified (self, g_value_get_string (value)); break;
    case PROP_LAST_FETCHED: pn_source_set_last_fetched (self, g_value_get_boxed (value)); break;
    case PROP_NEXT_FETCH: pn_source_set_next_fetch (self, g_value_get_boxed (value)); break;
    case PROP_LAST_STATUS: pn_source_set_last_status (self, g_value_get_string (value)); break;
    case PROP_LAST_ERROR: pn_source_set_last_error (self, g_value_get_string (value)); break;
    case PROP_CONSECUTIVE_FAILURES: pn_source_set_consecutive_failures (self, g_value_get_uint (value)); break;
    case PROP_FETCH_FULL_TEXT: pn_source_set_fetch_full_text (self, g_value_get_boolean (value)); break;
    case PROP_ENABLED: pn_source_set_enabled (self, g_value_get_boolean (value)); break;
    case PROP_UNREAD_COUNT: pn_source_set_unread_count (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_source_class_init (PnSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = pn_source_finalize;
  object_class->get_property = pn_source_get_property;
  object_class->set_property = pn_source_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, rw);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_SITE_URL] = g_param_spec_string ("site-url", NULL, NULL, NULL, rw);
  properties[PROP_FOLDER] = g_param_spec_string ("folder", NULL, NULL, NULL, rw);
  properties[PROP_ICON_URL] = g_param_spec_string ("icon-url", NULL, NULL, NULL, rw);
  properties[PROP_ETAG] = g_param_spec_string ("etag", NULL, NULL, NULL, rw);
  properties[PROP_LAST_MODIFIED] = g_param_spec_string ("last-modified", NULL, NULL, NULL, rw);
  properties[PROP_LAST_FETCHED] =
    g_param_spec_boxed ("last-fetched", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_NEXT_FETCH] =
    g_param_spec_boxed ("next-fetch", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_LAST_STATUS] = g_param_spec_string ("last-status", NULL, NULL, NULL, rw);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, rw);
  properties[PROP_CONSECUTIVE_FAILURES] =
    g_param_spec_uint ("consecutive-failures", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_FETCH_FULL_TEXT] =
    g_param_spec_boolean ("fetch-full-text", NULL, NULL, FALSE, rw);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, TRUE, rw);
  properties[PROP_UNREAD_COUNT] =
    g_param_spec_uint ("unread-count", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_DISPLAY_TITLE] =
    g_param_spec_string ("display-title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pn_source_init (PnSource *self)
{
  self->enabled = TRUE;
}

PnSource *
pn_source_new (const char *id,
               const char *url)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (PN_TYPE_SOURCE, "id", id, "url", url, NULL);
}

/* Sources are named by a hash of the URL they were first subscribed with, so
 * the id (and the file name of the story cache) stays put when the feed moves.
 */
char *
pn_source_make_id (const char *url)
{
  g_return_val_if_fail (url != NULL, NULL);

  return pn_hash_id ("source", url, NULL);
}

const char *
pn_source_get_id (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);
  return self->id;
}

const char *
pn_source_get_url (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);
  return self->url;
}

void
pn_source_set_url (PnSource   *self,
                   const char *url)
{
  g_return_if_fail (PN_IS_SOURCE (self));

  if (pn_set_str (&self->url, url))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
      if (self->title == NULL)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_TITLE]);
    }
}

const char *
pn_source_get_title (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);
  return self->title;
}

void
pn_source_set_title (PnSource   *self,
                     const char *title)
{
  g_return_if_fail (PN_IS_SOURCE (self));

  if (pn_set_str (&self->title, title))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_TITLE]);
    }
}

/* The title when the feed gave one, else the address, so no row is ever blank. */
const char *
pn_source_get_display_title (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);

  if (self->title != NULL && *self->title != '\0')
    return self->title;
  return self->url;
}

const char *
pn_source_get_site_url (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);
  return self->site_url;
}

void
pn_source_set_site_url (PnSource   *self,
                        const char *site_url)
{
  g_return_if_fail (PN_IS_SOURCE (self));
  pn_object_set_str (self, &self->site_url, site_url, properties[PROP_SITE_URL]);
}

const char *
pn_source_get_folder (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);
  return self->folder;
}

void
pn_source_set_folder (PnSource   *self,
                      const char *folder)
{
  g_return_if_fail (PN_IS_SOURCE (self));
  pn_object_set_str (self, &self->folder, folder, properties[PROP_FOLDER]);
}

const char *
pn_source_get_icon_url (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);
  return self->icon_url;
}

void
pn_source_set_icon_url (PnSource   *self,
                        const char *icon_url)
{
  g_return_if_fail (PN_IS_SOURCE (self));
  pn_object_set_str (self, &self->icon_url, icon_url, properties[PROP_ICON_URL]);
}

const char *
pn_source_get_etag (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);
  return self->etag;
}

void
pn_source_set_etag (PnSource   *self,
                    const char *etag)
{
  g_return_if_fail (PN_IS_SOURCE (self));
  pn_object_set_str (self, &self->etag, etag, properties[PROP_ETAG]);
}

const char *
pn_source_get_last_modified (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);
  return self->last_modified;
}

void
pn_source_set_last_modified (PnSource   *self,
                             const char *last_modified)
{
  g_return_if_fail (PN_IS_SOURCE (self));
  pn_object_set_str (self, &self->last_modified, last_modified, properties[PROP_LAST_MODIFIED]);
}

GDateTime *
pn_source_get_last_fetched (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);
  return self->last_fetched;
}

void
pn_source_set_last_fetched (PnSource  *self,
                            GDateTime *last_fetched)
{
  g_return_if_fail (PN_IS_SOURCE (self));

  pn_object_set_date_time (self, &self->last_fetched, last_fetched, properties[PROP_LAST_FETCHED]);
}

GDateTime *
pn_source_get_next_fetch (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);
  return self->next_fetch;
}

void
pn_source_set_next_fetch (PnSource  *self,
                          GDateTime *next_fetch)
{
  g_return_if_fail (PN_IS_SOURCE (self));

  pn_object_set_date_time (self, &self->next_fetch, next_fetch, properties[PROP_NEXT_FETCH]);
}

/* A machine code for the last refresh's outcome ("updated", "not-modified",
 * "timeout"…); last-error holds the message a person reads.
 */
const char *
pn_source_get_last_status (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);
  return self->last_status;
}

void
pn_source_set_last_status (PnSource   *self,
                           const char *last_status)
{
  g_return_if_fail (PN_IS_SOURCE (self));
  pn_object_set_str (self, &self->last_status, last_status, properties[PROP_LAST_STATUS]);
}

const char *
pn_source_get_last_error (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), NULL);
  return self->last_error;
}

void
pn_source_set_last_error (PnSource   *self,
                          const char *last_error)
{
  g_return_if_fail (PN_IS_SOURCE (self));
  pn_object_set_str (self, &self->last_error, last_error, properties[PROP_LAST_ERROR]);
}

guint
pn_source_get_consecutive_failures (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), 0);
  return self->consecutive_failures;
}

void
pn_source_set_consecutive_failures (PnSource *self,
                                    guint     failures)
{
  g_return_if_fail (PN_IS_SOURCE (self));

  if (self->consecutive_failures == failures)
    return;
  self->consecutive_failures = failures;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSECUTIVE_FAILURES]);
}

gboolean
pn_source_get_fetch_full_text (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), FALSE);
  return self->fetch_full_text;
}

void
pn_source_set_fetch_full_text (PnSource *self,
                               gboolean  fetch_full_text)
{
  g_return_if_fail (PN_IS_SOURCE (self));

  fetch_full_text = !!fetch_full_text;
  if (self->fetch_full_text == (guint) fetch_full_text)
    return;
  self->fetch_full_text = fetch_full_text;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCH_FULL_TEXT]);
}

gboolean
pn_source_get_enabled (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), FALSE);
  return self->enabled;
}

void
pn_source_set_enabled (PnSource *self,
                       gboolean  enabled)
{
  g_return_if_fail (PN_IS_SOURCE (self));

  enabled = !!enabled;
  if (self->enabled == (guint) enabled)
    return;
  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

guint
pn_source_get_unread_count (PnSource *self)
{
  g_return_val_if_fail (PN_IS_SOURCE (self), 0);
  return self->unread_count;
}

void
pn_source_set_unread_count (PnSource *self,
                            guint     unread_count)
{
  g_return_if_fail (PN_IS_SOURCE (self));

  if (self->unread_count == unread_count)
    return;
  self->unread_count = unread_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_COUNT]);
}
