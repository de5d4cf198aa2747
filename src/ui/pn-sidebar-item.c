/* pn-sidebar-item.c
 *
 * A sidebar row presents a fixed view (All, Unread, Saved), a collection, a
 * folder of sources or a source. Titles and counts follow the object they
 * present through bindings, so rows never go stale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-sidebar-item"

#include "pn-sidebar-item.h"

struct _PnSidebarItem
{
  GObject            parent_instance;

  PnSidebarItemKind  kind;
  char              *title;
  char              *icon_name;
  guint              count;

  /* Owned references */
  PnSource          *source;
  PnCollection      *collection;
  GListStore        *children;
};

G_DEFINE_FINAL_TYPE (PnSidebarItem, pn_sidebar_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pn_sidebar_item_dispose (GObject *object)
{
  PnSidebarItem *self = (PnSidebarItem *) object;

  g_clear_object (&self->source);
  g_clear_object (&self->collection);
  g_clear_object (&self->children);

  G_OBJECT_CLASS (pn_sidebar_item_parent_class)->dispose (object);
}

static void
pn_sidebar_item_finalize (GObject *object)
{
  PnSidebarItem *self = (PnSidebarItem *) object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->icon_name, g_free);

  G_OBJECT_CLASS (pn_sidebar_item_parent_class)->finalize (object);
}

static void
pn_sidebar_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PnSidebarItem *self = PN_SIDEBAR_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_ICON_NAME: g_value_set_string (value, self->icon_name); break;
    case PROP_COUNT: g_value_set_uint (value, self->count); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_sidebar_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PnSidebarItem *self = PN_SIDEBAR_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      pn_object_set_str (self, &self->title, g_value_get_string (value), pspec);
      break;

    case PROP_COUNT:
      pn_sidebar_item_set_count (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_sidebar_item_class_init (PnSidebarItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = pn_sidebar_item_dispose;
  object_class->finalize = pn_sidebar_item_finalize;
  object_class->get_property = pn_sidebar_item_get_property;
  object_class->set_property = pn_sidebar_item_set_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT] = g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pn_sidebar_item_init (PnSidebarItem *self)
{
}

PnSidebarItem *
pn_sidebar_item_new_fixed (PnSidebarItemKind  kind,
                           const char        *title,
                           const char        *icon_name)
{
  PnSidebarItem *self;

  g_return_val_if_fail (kind <= PN_SIDEBAR_ITEM_NOTES, NULL);

  self = g_object_new (PN_TYPE_SIDEBAR_ITEM, "title", title, NULL);
  self->kind = kind;
  self->icon_name = g_strdup (icon_name);
  return self;
}

PnSidebarItem *
pn_sidebar_item_new_source (PnSource *source)
{
  PnSidebarItem *self;

  g_return_val_if_fail (PN_IS_SOURCE (source), NULL);

  self = g_object_new (PN_TYPE_SIDEBAR_ITEM, NULL);
  self->kind = PN_SIDEBAR_ITEM_SOURCE;
  self->source = g_object_ref (source);
  g_object_bind_property (source, "display-title", self, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (source, "unread-count", self, "count", G_BINDING_SYNC_CREATE);
  return self;
}

PnSidebarItem *
pn_sidebar_item_new_collection (PnCollection *collection)
{
  PnSidebarItem *self;

  g_return_val_if_fail (PN_IS_COLLECTION (collection), NULL);

  self = g_object_new (PN_TYPE_SIDEBAR_ITEM, NULL);
  self->kind = PN_SIDEBAR_ITEM_COLLECTION;
  self->icon_name = g_strdup ("folder-documents-symbolic");
  self->collection = g_object_ref (collection);
  g_object_bind_property (collection, "name", self, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property (collection, "n-stories", self, "count", G_BINDING_SYNC_CREATE);
  return self;
}

PnSidebarItem *
pn_sidebar_item_new_folder (const char *name)
{
  PnSidebarItem *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (PN_TYPE_SIDEBAR_ITEM, "title", name, NULL);
  self->kind = PN_SIDEBAR_ITEM_FOLDER;
  self->icon_name = g_strdup ("folder-symbolic");
  self->children = g_list_store_new (PN_TYPE_SIDEBAR_ITEM);
  return self;
}

PnSidebarItemKind
pn_sidebar_item_get_kind (PnSidebarItem *self)
{
  g_return_val_if_fail (PN_IS_SIDEBAR_ITEM (self), PN_SIDEBAR_ITEM_ALL);
  return self->kind;
}

const char *
pn_sidebar_item_get_title (PnSidebarItem *self)
{
  g_return_val_if_fail (PN_IS_SIDEBAR_ITEM (self), NULL);
  return self->title;
}

const char *
pn_sidebar_item_get_icon_name (PnSidebarItem *self)
{
  g_return_val_if_fail (PN_IS_SIDEBAR_ITEM (self), NULL);
  return self->icon_name;
}

guint
pn_sidebar_item_get_count (PnSidebarItem *self)
{
  g_return_val_if_fail (PN_IS_SIDEBAR_ITEM (self), 0);
  return self->count;
}

void
pn_sidebar_item_set_count (PnSidebarItem *self,
                           guint          count)
{
  g_return_if_fail (PN_IS_SIDEBAR_ITEM (self));

  if (self->count == count)
    return;
  self->count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
}

PnSource *
pn_sidebar_item_get_source (PnSidebarItem *self)
{
  g_return_val_if_fail (PN_IS_SIDEBAR_ITEM (self), NULL);
  return self->source;
}

PnCollection *
pn_sidebar_item_get_collection (PnSidebarItem *self)
{
  g_return_val_if_fail (PN_IS_SIDEBAR_ITEM (self), NULL);
  return self->collection;
}

/* Returns: (transfer none) (nullable): a folder's sources */
GListStore *
pn_sidebar_item_get_children (PnSidebarItem *self)
{
  g_return_val_if_fail (PN_IS_SIDEBAR_ITEM (self), NULL);
  return self->children;
}
