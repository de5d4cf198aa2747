/* pn-annotation.c
 *
 * Anchors follow the W3C Web Annotation model: a TextQuoteSelector (exact
 * text with some context) and a TextPositionSelector (code-point offsets into
 * the PnDocument plain text). An annotation without an anchor is a note on
 * the whole story.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-annotation"

#include "pn-annotation.h"
#include "pn-util.h"

struct _PnAnnotation
{
  GObject    parent_instance;

  char      *id;
  char      *story_id;
  GDateTime *created;
  GDateTime *modified;
  char      *note;
  char      *color;
  char      *exact;
  char      *prefix;
  char      *suffix;
  gint64     start;
  gint64     end;
  guint      detached : 1;
};

G_DEFINE_FINAL_TYPE (PnAnnotation, pn_annotation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STORY_ID,
  PROP_CREATED,
  PROP_MODIFIED,
  PROP_NOTE,
  PROP_COLOR,
  PROP_EXACT,
  PROP_PREFIX,
  PROP_SUFFIX,
  PROP_START,
  PROP_END,
  PROP_DETACHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pn_annotation_constructed (GObject *object)
{
  PnAnnotation *self = (PnAnnotation *) object;

  G_OBJECT_CLASS (pn_annotation_parent_class)->constructed (object);

  if (self->id == NULL)
    self->id = g_uuid_string_random ();
  if (self->created == NULL)
    self->created = g_date_time_new_now_utc ();
  if (self->modified == NULL)
    self->modified = g_date_time_ref (self->created);
}

static void
pn_annotation_finalize (GObject *object)
{
  PnAnnotation *self = (PnAnnotation *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->story_id, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->color, g_free);
  g_clear_pointer (&self->exact, g_free);
  g_clear_pointer (&self->prefix, g_free);
  g_clear_pointer (&self->suffix, g_free);

  G_OBJECT_CLASS (pn_annotation_parent_class)->finalize (object);
}

static void
pn_annotation_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PnAnnotation *self = PN_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_STORY_ID: g_value_set_string (value, self->story_id); break;
    case PROP_CREATED: g_value_set_boxed (value, self->created); break;
    case PROP_MODIFIED: g_value_set_boxed (value, self->modified); break;
    case PROP_NOTE: g_value_set_string (value, self->note); break;
    case PROP_COLOR: g_value_set_string (value, self->color); break;
    case PROP_EXACT: g_value_set_string (value, self->exact); break;
    case PROP_PREFIX: g_value_set_string (value, self->prefix); break;
    case PROP_SUFFIX: g_value_set_string (value, self->suffix); break;
    case PROP_START: g_value_set_int64 (value, self->start); break;
    case PROP_END: g_value_set_int64 (value, self->end); break;
    case PROP_DETACHED: g_value_set_boolean (value, self->detached); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_annotation_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PnAnnotation *self = PN_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_STORY_ID: self->story_id = g_value_dup_string (value); break;
    case PROP_CREATED: pn_annotation_set_created (self, g_value_get_boxed (value)); break;
    case PROP_MODIFIED: pn_annotation_set_modified (self, g_value_get_boxed (value)); break;
    case PROP_NOTE: pn_annotation_set_note (self, g_value_get_string (value)); break;
    case PROP_COLOR: pn_annotation_set_color (self, g_value_get_string (value)); break;
    case PROP_DETACHED: pn_annotation_set_detached (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_annotation_class_init (PnAnnotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags construct_only =
    G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pn_annotation_constructed;
  object_class->finalize = pn_annotation_finalize;
  object_class->get_property = pn_annotation_get_property;
  object_class->set_property = pn_annotation_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, construct_only);
  properties[PROP_STORY_ID] = g_param_spec_string ("story-id", NULL, NULL, NULL, construct_only);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_MODIFIED] = g_param_spec_boxed ("modified", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, NULL, rw);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, "yellow", rw);
  properties[PROP_EXACT] = g_param_spec_string ("exact", NULL, NULL, NULL, ro);
  properties[PROP_PREFIX] = g_param_spec_string ("prefix", NULL, NULL, NULL, ro);
  properties[PROP_SUFFIX] = g_param_spec_string ("suffix", NULL, NULL, NULL, ro);
  properties[PROP_START] = g_param_spec_int64 ("start", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_END] = g_param_spec_int64 ("end", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_DETACHED] = g_param_spec_boolean ("detached", NULL, NULL, FALSE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pn_annotation_init (PnAnnotation *self)
{
  self->color = g_strdup ("yellow");
  self->start = -1;
  self->end = -1;
}

/* @id: (nullable): NULL makes a new random UUID */
PnAnnotation *
pn_annotation_new (const char *id,
                   const char *story_id)
{
  g_return_val_if_fail (story_id != NULL, NULL);

  return g_object_new (PN_TYPE_ANNOTATION, "id", id, "story-id", story_id, NULL);
}

const char *
pn_annotation_get_id (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), NULL);
  return self->id;
}

const char *
pn_annotation_get_story_id (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), NULL);
  return self->story_id;
}

GDateTime *
pn_annotation_get_created (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), NULL);
  return self->created;
}

void
pn_annotation_set_created (PnAnnotation *self,
                           GDateTime    *created)
{
  g_return_if_fail (PN_IS_ANNOTATION (self));
  pn_object_set_date_time (self, &self->created, created, properties[PROP_CREATED]);
}

GDateTime *
pn_annotation_get_modified (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), NULL);
  return self->modified;
}

void
pn_annotation_set_modified (PnAnnotation *self,
                            GDateTime    *modified)
{
  g_return_if_fail (PN_IS_ANNOTATION (self));
  pn_object_set_date_time (self, &self->modified, modified, properties[PROP_MODIFIED]);
}

const char *
pn_annotation_get_note (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), NULL);
  return self->note;
}

void
pn_annotation_set_note (PnAnnotation *self,
                        const char   *note)
{
  g_return_if_fail (PN_IS_ANNOTATION (self));
  pn_object_set_str (self, &self->note, note, properties[PROP_NOTE]);
}

const char *
pn_annotation_get_color (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), NULL);
  return self->color;
}

void
pn_annotation_set_color (PnAnnotation *self,
                         const char   *color)
{
  g_return_if_fail (PN_IS_ANNOTATION (self));
  pn_object_set_str (self, &self->color, color ? color : "yellow", properties[PROP_COLOR]);
}

gboolean
pn_annotation_has_anchor (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), FALSE);
  return self->exact != NULL;
}

const char *
pn_annotation_get_exact (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), NULL);
  return self->exact;
}

const char *
pn_annotation_get_prefix (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), NULL);
  return self->prefix;
}

const char *
pn_annotation_get_suffix (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), NULL);
  return self->suffix;
}

gint64
pn_annotation_get_start (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), -1);
  return self->start;
}

gint64
pn_annotation_get_end (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), -1);
  return self->end;
}

/* The selectors change together, so they are set together: a half-updated
 * anchor would point at text the quote does not describe.
 * @exact: (nullable): NULL removes the anchor
 */
void
pn_annotation_set_anchor (PnAnnotation *self,
                          const char   *exact,
                          const char   *prefix,
                          const char   *suffix,
                          gint64        start,
                          gint64        end)
{
  g_return_if_fail (PN_IS_ANNOTATION (self));
  g_return_if_fail (exact == NULL || (start >= 0 && end >= start));

  if (exact == NULL)
    prefix = suffix = NULL, start = end = -1;

  g_object_freeze_notify (G_OBJECT (self));
  pn_object_set_str (self, &self->exact, exact, properties[PROP_EXACT]);
  pn_object_set_str (self, &self->prefix, prefix, properties[PROP_PREFIX]);
  pn_object_set_str (self, &self->suffix, suffix, properties[PROP_SUFFIX]);
  if (self->start != start)
    {
      self->start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
    }
  if (self->end != end)
    {
      self->end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
pn_annotation_get_detached (PnAnnotation *self)
{
  g_return_val_if_fail (PN_IS_ANNOTATION (self), FALSE);
  return self->detached;
}

void
pn_annotation_set_detached (PnAnnotation *self,
                            gboolean      detached)
{
  g_return_if_fail (PN_IS_ANNOTATION (self));

  detached = !!detached;
  if (self->detached == (guint) detached)
    return;
  self->detached = detached;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETACHED]);
}
