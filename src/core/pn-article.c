/* pn-article.c — an immutable extraction result: every property is set once,
 * at construction, by the extractor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-article"

#include "pn-article.h"

struct _PnArticle
{
  GObject     parent_instance;

  char       *url;
  char       *title;
  char       *byline;
  char       *excerpt;
  char       *site_name;
  GDateTime  *published;
  char       *lang;
  char       *dir;
  char       *content;
  PnDocument *document;
};

G_DEFINE_FINAL_TYPE (PnArticle, pn_article, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_TITLE,
  PROP_BYLINE,
  PROP_EXCERPT,
  PROP_SITE_NAME,
  PROP_PUBLISHED,
  PROP_LANG,
  PROP_DIR,
  PROP_CONTENT,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pn_article_dispose (GObject *object)
{
  PnArticle *self = (PnArticle *) object;

  g_clear_object (&self->document);

  G_OBJECT_CLASS (pn_article_parent_class)->dispose (object);
}

static void
pn_article_finalize (GObject *object)
{
  PnArticle *self = (PnArticle *) object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->byline, g_free);
  g_clear_pointer (&self->excerpt, g_free);
  g_clear_pointer (&self->site_name, g_free);
  g_clear_pointer (&self->published, g_date_time_unref);
  g_clear_pointer (&self->lang, g_free);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->content, g_free);

  G_OBJECT_CLASS (pn_article_parent_class)->finalize (object);
}

static void
pn_article_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PnArticle *self = PN_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_URL: g_value_set_string (value, self->url); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_BYLINE: g_value_set_string (value, self->byline); break;
    case PROP_EXCERPT: g_value_set_string (value, self->excerpt); break;
    case PROP_SITE_NAME: g_value_set_string (value, self->site_name); break;
    case PROP_PUBLISHED: g_value_set_boxed (value, self->published); break;
    case PROP_LANG: g_value_set_string (value, self->lang); break;
    case PROP_DIR: g_value_set_string (value, self->dir); break;
    case PROP_CONTENT: g_value_set_string (value, self->content); break;
    case PROP_DOCUMENT: g_value_set_object (value, self->document); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_article_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PnArticle *self = PN_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_URL: self->url = g_value_dup_string (value); break;
    case PROP_TITLE: self->title = g_value_dup_string (value); break;
    case PROP_BYLINE: self->byline = g_value_dup_string (value); break;
    case PROP_EXCERPT: self->excerpt = g_value_dup_string (value); break;
    case PROP_SITE_NAME: self->site_name = g_value_dup_string (value); break;
    case PROP_PUBLISHED: self->published = g_value_dup_boxed (value); break;
    case PROP_LANG: self->lang = g_value_dup_string (value); break;
    case PROP_DIR: self->dir = g_value_dup_string (value); break;
    case PROP_CONTENT: self->content = g_value_dup_string (value); break;
    case PROP_DOCUMENT: self->document = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_article_class_init (PnArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = pn_article_dispose;
  object_class->finalize = pn_article_finalize;
  object_class->get_property = pn_article_get_property;
  object_class->set_property = pn_article_set_property;

  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_BYLINE] = g_param_spec_string ("byline", NULL, NULL, NULL, flags);
  properties[PROP_EXCERPT] = g_param_spec_string ("excerpt", NULL, NULL, NULL, flags);
  properties[PROP_SITE_NAME] = g_param_spec_string ("site-name", NULL, NULL, NULL, flags);
  properties[PROP_PUBLISHED] = g_param_spec_boxed ("published", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_LANG] = g_param_spec_string ("lang", NULL, NULL, NULL, flags);
  properties[PROP_DIR] = g_param_spec_string ("dir", NULL, NULL, NULL, flags);
  properties[PROP_CONTENT] = g_param_spec_string ("content", NULL, NULL, NULL, flags);
  properties[PROP_DOCUMENT] = g_param_spec_object ("document", NULL, NULL, PN_TYPE_DOCUMENT, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pn_article_init (PnArticle *self)
{
}

const char *
pn_article_get_url (PnArticle *self)
{
  g_return_val_if_fail (PN_IS_ARTICLE (self), NULL);
  return self->url;
}

const char *
pn_article_get_title (PnArticle *self)
{
  g_return_val_if_fail (PN_IS_ARTICLE (self), NULL);
  return self->title;
}

const char *
pn_article_get_byline (PnArticle *self)
{
  g_return_val_if_fail (PN_IS_ARTICLE (self), NULL);
  return self->byline;
}

const char *
pn_article_get_excerpt (PnArticle *self)
{
  g_return_val_if_fail (PN_IS_ARTICLE (self), NULL);
  return self->excerpt;
}

const char *
pn_article_get_site_name (PnArticle *self)
{
  g_return_val_if_fail (PN_IS_ARTICLE (self), NULL);
  return self->site_name;
}

/* In UTC, or NULL when the page does not say. */
GDateTime *
pn_article_get_published (PnArticle *self)
{
  g_return_val_if_fail (PN_IS_ARTICLE (self), NULL);
  return self->published;
}

const char *
pn_article_get_lang (PnArticle *self)
{
  g_return_val_if_fail (PN_IS_ARTICLE (self), NULL);
  return self->lang;
}

/* "ltr" or "rtl". */
const char *
pn_article_get_dir (PnArticle *self)
{
  g_return_val_if_fail (PN_IS_ARTICLE (self), NULL);
  return self->dir;
}

/* The article body as sanitized HTML. */
const char *
pn_article_get_content (PnArticle *self)
{
  g_return_val_if_fail (PN_IS_ARTICLE (self), NULL);
  return self->content;
}

PnDocument *
pn_article_get_document (PnArticle *self)
{
  g_return_val_if_fail (PN_IS_ARTICLE (self), NULL);
  return self->document;
}
