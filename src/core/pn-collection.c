/* pn-collection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-collection"

#include "pn-collection.h"
#include "pn-util.h"

struct _PnCollection
{
  GObject    parent_instance;

  char      *id;
  char      *name;
  char      *description;
  GDateTime *created;
  /* Owned story ids, in the collection's own order; a story appears once. */
  GPtrArray *story_ids;
};

G_DEFINE_FINAL_TYPE (PnCollection, pn_collection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_CREATED,
  PROP_N_STORIES,
  N_PROPS
};

enum {
  STORIES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
pn_collection_emit_stories_changed (PnCollection *self,
                                    guint         position,
                                    guint         removed,
                                    guint         added)
{
  g_signal_emit (self, signals[STORIES_CHANGED], 0, position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STORIES]);
}

static void
pn_collection_constructed (GObject *object)
{
  PnCollection *self = (PnCollection *) object;

  G_OBJECT_CLASS (pn_collection_parent_class)->constructed (object);

  if (self->id == NULL)
    self->id = g_uuid_string_random ();
  if (self->created == NULL)
    self->created = g_date_time_new_now_utc ();
}

static void
pn_collection_finalize (GObject *object)
{
  PnCollection *self = (PnCollection *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->story_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (pn_collection_parent_class)->finalize (object);
}

static void
pn_collection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PnCollection *self = PN_COLLECTION (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_CREATED: g_value_set_boxed (value, self->created); break;
    case PROP_N_STORIES: g_value_set_uint (value, self->story_ids->len); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_collection_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PnCollection *self = PN_COLLECTION (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_NAME: pn_collection_set_name (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION: pn_collection_set_description (self, g_value_get_string (value)); break;
    case PROP_CREATED: pn_collection_set_created (self, g_value_get_boxed (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_collection_class_init (PnCollectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = pn_collection_constructed;
  object_class->finalize = pn_collection_finalize;
  object_class->get_property = pn_collection_get_property;
  object_class->set_property = pn_collection_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, rw);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_N_STORIES] =
    g_param_spec_uint ("n-stories", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Same arguments as GListModel::items-changed, so views can follow it. */
  signals[STORIES_CHANGED] =
    g_signal_new ("stories-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
}

static void
pn_collection_init (PnCollection *self)
{
  self->story_ids = g_ptr_array_new_with_free_func (g_free);
}

/* @id: (nullable): NULL makes a new random UUID */
PnCollection *
pn_collection_new (const char *id,
                   const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (PN_TYPE_COLLECTION, "id", id, "name", name, NULL);
}

const char *
pn_collection_get_id (PnCollection *self)
{
  g_return_val_if_fail (PN_IS_COLLECTION (self), NULL);
  return self->id;
}

const char *
pn_collection_get_name (PnCollection *self)
{
  g_return_val_if_fail (PN_IS_COLLECTION (self), NULL);
  return self->name;
}

void
pn_collection_set_name (PnCollection *self,
                        const char   *name)
{
  g_return_if_fail (PN_IS_COLLECTION (self));
  pn_object_set_str (self, &self->name, name, properties[PROP_NAME]);
}

const char *
pn_collection_get_description (PnCollection *self)
{
  g_return_val_if_fail (PN_IS_COLLECTION (self), NULL);
  return self->description;
}

void
pn_collection_set_description (PnCollection *self,
                               const char   *description)
{
  g_return_if_fail (PN_IS_COLLECTION (self));
  pn_object_set_str (self, &self->description, description, properties[PROP_DESCRIPTION]);
}

GDateTime *
pn_collection_get_created (PnCollection *self)
{
  g_return_val_if_fail (PN_IS_COLLECTION (self), NULL);
  return self->created;
}

void
pn_collection_set_created (PnCollection *self,
                           GDateTime    *created)
{
  g_return_if_fail (PN_IS_COLLECTION (self));
  pn_object_set_date_time (self, &self->created, created, properties[PROP_CREATED]);
}

guint
pn_collection_get_n_stories (PnCollection *self)
{
  g_return_val_if_fail (PN_IS_COLLECTION (self), 0);
  return self->story_ids->len;
}

const char *
pn_collection_get_story_id (PnCollection *self,
                            guint         position)
{
  g_return_val_if_fail (PN_IS_COLLECTION (self), NULL);

  if (position >= self->story_ids->len)
    return NULL;
  return g_ptr_array_index (self->story_ids, position);
}

gboolean
pn_collection_find_story (PnCollection *self,
                          const char   *story_id,
                          guint        *position)
{
  g_return_val_if_fail (PN_IS_COLLECTION (self), FALSE);
  g_return_val_if_fail (story_id != NULL, FALSE);

  return g_ptr_array_find_with_equal_func (self->story_ids, story_id, g_str_equal, position);
}

/* Returns FALSE when the story is already in the collection: each story is
 * listed once. A @position past the end appends.
 */
gboolean
pn_collection_insert_story (PnCollection *self,
                            guint         position,
                            const char   *story_id)
{
  g_return_val_if_fail (PN_IS_COLLECTION (self), FALSE);
  g_return_val_if_fail (story_id != NULL, FALSE);

  if (pn_collection_find_story (self, story_id, NULL))
    return FALSE;

  position = MIN (position, self->story_ids->len);
  g_ptr_array_insert (self->story_ids, position, g_strdup (story_id));
  pn_collection_emit_stories_changed (self, position, 0, 1);
  return TRUE;
}

gboolean
pn_collection_remove_story (PnCollection *self,
                            const char   *story_id)
{
  guint position;

  g_return_val_if_fail (PN_IS_COLLECTION (self), FALSE);
  g_return_val_if_fail (story_id != NULL, FALSE);

  if (!pn_collection_find_story (self, story_id, &position))
    return FALSE;

  g_ptr_array_remove_index (self->story_ids, position);
  pn_collection_emit_stories_changed (self, position, 1, 0);
  return TRUE;
}

gboolean
pn_collection_move_story (PnCollection *self,
                          guint         from,
                          guint         to)
{
  char *story_id;

  g_return_val_if_fail (PN_IS_COLLECTION (self), FALSE);

  if (from >= self->story_ids->len || to >= self->story_ids->len)
    return FALSE;
  if (from == to)
    return TRUE;

  story_id = g_ptr_array_steal_index (self->story_ids, from);
  g_ptr_array_insert (self->story_ids, to, story_id);
  pn_collection_emit_stories_changed (self, MIN (from, to), ABS ((int) from - (int) to) + 1,
                                      ABS ((int) from - (int) to) + 1);
  return TRUE;
}
