/* pn-extractor.c — reader mode: Readability-style article extraction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-extractor"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pn-error.h"
#include "pn-extractor.h"
#include "pn-html-private.h"
#include "pn-html-sanitizer.h"

/* Below this many characters of text, what is left is not an article. */
#define MIN_ARTICLE_LENGTH 200
/* A sign-in form with less text than this around it is a wall. */
#define LOGIN_WALL_LENGTH 1000
/* Repeated lines longer than this are content, not boilerplate. */
#define MAX_BOILERPLATE_LENGTH 200

/* What we know of each element of the page, computed bottom-up once. */
typedef struct
{
  double   score;
  gboolean candidate;
  guint    text_length;    /* code points, white space collapsed */
  guint    inline_length;  /* the part not inside child blocks */
  guint    link_length;
  guint    commas;
  guint    n_paragraphs;
  guint    n_images;
  guint    n_items;
  guint    n_inputs;
} NodeInfo;

typedef struct
{
  htmlDocPtr  doc;
  xmlNode    *body;
  GPtrArray  *infos;
  GHashTable *line_counts;   /* normalized block text → occurrences */
  gboolean    has_password;
  gboolean    byline_exact;    /* from rel=author or itemprop, not a guess */

  char       *title;
  char       *byline;
  char       *excerpt;
  char       *site_name;
  char       *lang;
  char       *dir;
  char       *base_url;
  GDateTime  *published;
} Extractor;

static const char * const unlikely_words[] = {
  "-ad-", "ad-slot", "ad-break", "adslot", "advert", "agegate", "banner", "breadcrumb", "combx",
  "comment", "community", "consent", "cookie", "cover-wrap", "disqus", "footer", "gdpr", "header",
  "legends", "masthead", "menu", "modal", "most-popular", "navbar", "leftnav", "sidenav", "subnav",
  "topnav", "-nav", "nav-", "_nav", "newsletter", "outbrain",
  "pager", "pagination", "paywall", "popup", "promo", "recommend", "related", "remark", "replies",
  "rss", "share", "sharing", "shoutbox", "sidebar", "signup", "skyscraper", "social", "sponsor",
  "subscribe", "supplemental", "taboola", "toolbar", "trending", "widget",
};

/* Words that never describe the article, even next to "content". */
static const char * const strong_unlikely_words[] = {
  "comment", "consent", "cookie", "gdpr", "modal", "most-popular", "newsletter", "outbrain",
  "popup", "promo", "recommend", "related", "share", "sharing", "sidebar", "signup", "social",
  "sponsor", "subscribe", "taboola", "trending",
};

static const char * const maybe_words[] = {
  "article", "body", "column", "content", "main", "shadow", "story", "entry",
};

static const char * const negative_words[] = {
  "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "footnote", "gdpr",
  "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
  "sidebar", "skyscraper", "sponsor", "shopping", "tags", "tool", "widget", "byline", "author",
};

static const char * const positive_words[] = {
  "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
  "blog", "story",
};

static const char * const unlikely_roles[] = {
  "navigation", "banner", "complementary", "contentinfo", "menu", "menubar", "search", "dialog",
  "alertdialog", "alert",
};

static const char * const junk_tags[] = {
  "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "link",
  "meta", "button", "select", "textarea", "input", "canvas", "audio", "video", "nav", "aside",
  "footer", "dialog",
};

static const char * const block_tags[] = {
  "p", "div", "section", "article", "table", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3",
  "h4", "h5", "h6", "dl", "figure", "header", "footer", "aside", "nav", "main", "form", "hr",
  "address", "fieldset", "li", "tr", "td", "th", "tbody", "thead",
};

static const char * const article_types[] = {
  "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
  "ReviewNewsArticle", "BackgroundNewsArticle", "BlogPosting", "LiveBlogPosting", "TechArticle",
  "ScholarlyArticle", "Report", "SocialMediaPosting",
};

static gboolean
is_tag (xmlNode    *node,
        const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

static gboolean
name_in (const xmlChar      *name,
         const char * const *names,
         gsize               n_names)
{
  for (gsize i = 0; i < n_names; i++)
    if (strcmp ((const char *) name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
contains_any (const char         *haystack,
              const char * const *words,
              gsize               n_words)
{
  for (gsize i = 0; i < n_words; i++)
    if (strstr (haystack, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
is_block (xmlNode *node)
{
  return node->type == XML_ELEMENT_NODE && name_in (node->name, block_tags, G_N_ELEMENTS (block_tags));
}

static gboolean
is_heading (xmlNode *node)
{
  const char *name = (const char *) node->name;
  return node->type == XML_ELEMENT_NODE && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0';
}

/* "class id", lower-cased, for the word lists above. */
static char *
dup_class_and_id (xmlNode *node)
{
  const char *klass = _pn_html_get_attr (node, "class");
  const char *id = _pn_html_get_attr (node, "id");

  char *names;

  if (klass == NULL && id == NULL)
    return NULL;
  names = g_strconcat (klass != NULL ? klass : "", " ", id != NULL ? id : "", NULL);
  for (char *p = names; *p != '\0'; p++)
    *p = g_ascii_tolower (*p);
  return names;
}

static int
class_weight (xmlNode *node)
{
  g_autofree char *names = dup_class_and_id (node);
  int weight = 0;

  if (names == NULL)
    return 0;
  if (contains_any (names, negative_words, G_N_ELEMENTS (negative_words)))
    weight -= 25;
  if (contains_any (names, positive_words, G_N_ELEMENTS (positive_words)))
    weight += 25;
  return weight;
}

/* Collapses white space and trims: how a block's text reads. */
static char *
collapse_whitespace (const char *text)
{
  GString *out = g_string_sized_new (text != NULL ? strlen (text) : 0);
  gboolean space = FALSE;

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (_pn_html_is_space (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
dup_node_text (xmlNode *node)
{
  g_autofree char *raw = (char *) xmlNodeGetContent (node);
  return collapse_whitespace (raw);
}

static char *
dup_clean_string (const char *value)
{
  char *clean;

  if (value == NULL)
    return NULL;
  clean = collapse_whitespace (value);
  if (clean[0] == '\0')
    g_clear_pointer (&clean, g_free);
  return clean;
}

static void
set_once (char       **field,
          const char  *value)
{
  if (*field == NULL)
    *field = dup_clean_string (value);
}

/* ISO 8601 as pages write it: date-only, zone-less (read as UTC) or full. */
static GDateTime *
parse_date (const char *value)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *trimmed = NULL;

  if (value == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (value));
  if (strlen (trimmed) == 10)
    {
      g_autofree char *midnight = g_strconcat (trimmed, "T00:00:00Z", NULL);
      date = g_date_time_new_from_iso8601 (midnight, utc);
    }
  else
    date = g_date_time_new_from_iso8601 (trimmed, utc);
  return date != NULL ? g_date_time_to_utc (date) : NULL;
}

static void
set_date_once (Extractor  *self,
               const char *value)
{
  if (self->published == NULL)
    self->published = parse_date (value);
}

/* ---- Metadata ---------------------------------------------------------- */

static const char *
json_string (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_string_member_with_default (json_node_get_object (node), "name", NULL);
  return NULL;
}

static char *
json_authors (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "author");
  g_autoptr(GString) names = g_string_new (NULL);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup (json_string (object, "author"));

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);
      const char *name = NULL;

      if (JSON_NODE_HOLDS_OBJECT (element))
        name = json_object_get_string_member_with_default (json_node_get_object (element), "name", NULL);
      else if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        name = json_node_get_string (element);
      if (name == NULL)
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, name);
    }
  return names->len > 0 ? g_strdup (names->str) : NULL;
}

static gboolean
json_is_article (JsonObject *object)
{
  JsonNode *type = json_object_get_member (object, "@type");

  if (type == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (type) && json_node_get_value_type (type) == G_TYPE_STRING)
    return name_in ((const xmlChar *) json_node_get_string (type), article_types, G_N_ELEMENTS (article_types));
  if (JSON_NODE_HOLDS_ARRAY (type))
    {
      JsonArray *types = json_node_get_array (type);
      for (guint i = 0; i < json_array_get_length (types); i++)
        {
          const char *name = json_array_get_string_element (types, i);
          if (name != NULL && name_in ((const xmlChar *) name, article_types, G_N_ELEMENTS (article_types)))
            return TRUE;
        }
    }
  return FALSE;
}

static void
read_json_ld_node (Extractor *self,
                   JsonNode  *node)
{
  JsonObject *object;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        read_json_ld_node (self, json_array_get_element (array, i));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);
  if (json_object_has_member (object, "@graph"))
    read_json_ld_node (self, json_object_get_member (object, "@graph"));
  if (!json_is_article (object))
    return;

  set_once (&self->title, json_string (object, "headline"));
  if (self->byline == NULL)
    {
      g_autofree char *authors = json_authors (object);
      set_once (&self->byline, authors);
    }
  set_once (&self->excerpt, json_string (object, "description"));
  set_once (&self->site_name, json_string (object, "publisher"));
  set_once (&self->lang, json_string (object, "inLanguage"));
  set_date_once (self, json_string (object, "datePublished"));
}

static void
read_json_ld (Extractor *self,
              xmlNode   *script)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = (char *) xmlNodeGetContent (script);

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return;
  read_json_ld_node (self, json_parser_get_root (parser));
}

typedef struct
{
  char *og_title;
  char *twitter_title;
  char *document_title;
  char *description;
  char *author;
  char *og_locale;
  char *canonical;
  char *base_href;
  char *date;
} PageMeta;

static void
page_meta_clear (PageMeta *meta)
{
  g_free (meta->og_title);
  g_free (meta->twitter_title);
  g_free (meta->document_title);
  g_free (meta->description);
  g_free (meta->author);
  g_free (meta->og_locale);
  g_free (meta->canonical);
  g_free (meta->base_href);
  g_free (meta->date);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PageMeta, page_meta_clear)

static void
read_meta_element (Extractor *self,
                   PageMeta  *meta,
                   xmlNode   *node)
{
  const char *key = _pn_html_get_attr (node, "property");
  const char *content = _pn_html_get_attr (node, "content");
  g_autofree char *lower = NULL;

  if (key == NULL)
    key = _pn_html_get_attr (node, "name");
  if (key == NULL)
    key = _pn_html_get_attr (node, "itemprop");
  if (key == NULL || content == NULL)
    return;
  lower = g_ascii_strdown (key, -1);

  if (strcmp (lower, "og:title") == 0)
    set_once (&meta->og_title, content);
  else if (strcmp (lower, "twitter:title") == 0)
    set_once (&meta->twitter_title, content);
  else if (strcmp (lower, "og:site_name") == 0 || strcmp (lower, "application-name") == 0)
    set_once (&self->site_name, content);
  else if (strcmp (lower, "og:description") == 0 || strcmp (lower, "description") == 0 ||
           strcmp (lower, "twitter:description") == 0)
    set_once (&meta->description, content);
  else if (strcmp (lower, "author") == 0 || strcmp (lower, "article:author") == 0 ||
           strcmp (lower, "dc.creator") == 0 || strcmp (lower, "parsely-author") == 0)
    {
      if (!g_str_has_prefix (content, "http"))
        set_once (&meta->author, content);
    }
  else if (strcmp (lower, "og:locale") == 0)
    set_once (&meta->og_locale, content);
  else if (strcmp (lower, "og:url") == 0)
    set_once (&meta->canonical, content);
  else if (strcmp (lower, "article:published_time") == 0 || strcmp (lower, "datepublished") == 0 ||
           strcmp (lower, "date") == 0 || strcmp (lower, "pubdate") == 0 || strcmp (lower, "publishdate") == 0 ||
           strcmp (lower, "dc.date") == 0 || strcmp (lower, "dc.date.issued") == 0 ||
           strcmp (lower, "parsely-pub-date") == 0 || strcmp (lower, "sailthru.date") == 0)
    set_once (&meta->date, content);
}

static void
read_head (Extractor *self,
           PageMeta  *meta,
           xmlNode   *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (is_tag (child, "meta"))
        read_meta_element (self, meta, child);
      else if (is_tag (child, "title") && meta->document_title == NULL)
        meta->document_title = dup_node_text (child);
      else if (is_tag (child, "link"))
        {
          const char *rel = _pn_html_get_attr (child, "rel");
          if (rel != NULL && g_ascii_strcasecmp (rel, "canonical") == 0)
            set_once (&meta->canonical, _pn_html_get_attr (child, "href"));
        }
      else if (is_tag (child, "base"))
        set_once (&meta->base_href, _pn_html_get_attr (child, "href"));
      else if (is_tag (child, "script"))
        {
          const char *type = _pn_html_get_attr (child, "type");
          if (type != NULL && g_ascii_strcasecmp (type, "application/ld+json") == 0)
            read_json_ld (self, child);
        }
      else
        read_head (self, meta, child);
    }
}

/* "Headline | Site" → "Headline": drop the parts that name the site. */
static char *
clean_title (const char *title,
             const char *site_name)
{
  static const char * const separators[] = { " | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " \xc2\xb7 ", " :: ", " \xc2\xbb ", " / " };
  g_auto(GStrv) parts = NULL;
  const char *best = NULL;

  if (title == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (separators) && parts == NULL; i++)
    if (strstr (title, separators[i]) != NULL)
      parts = g_strsplit (title, separators[i], -1);
  if (parts == NULL)
    return g_strdup (title);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (site_name != NULL && g_ascii_strcasecmp (parts[i], site_name) == 0)
        continue;
      if (best == NULL)
        best = parts[i];
      /* The first part reads as the headline when it has a few words. */
      if (best == parts[0] && strchr (best, ' ') != NULL && strchr (strchr (best, ' ') + 1, ' ') != NULL)
        break;
      if (strlen (parts[i]) > strlen (best))
        best = parts[i];
    }
  return g_strdup (best != NULL ? best : title);
}

static xmlNode *
find_first (xmlNode    *node,
            const char *name)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      xmlNode *found;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (is_tag (child, name))
        return child;
      if ((found = find_first (child, name)) != NULL)
        return found;
    }
  return NULL;
}

static guint
count_elements (xmlNode    *node,
                const char *name)
{
  guint count = 0;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      count += is_tag (child, name) + count_elements (child, name);
    }
  return count;
}

/* Bylines and dates that live in the page body, read before the chrome
 * around the article is thrown away.
 */
static void
read_body_metadata (Extractor *self,
                    xmlNode   *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (is_tag (child, "input"))
        {
          const char *type = _pn_html_get_attr (child, "type");
          if (type != NULL && g_ascii_strcasecmp (type, "password") == 0)
            self->has_password = TRUE;
        }
      else if (is_tag (child, "time") && self->published == NULL)
        set_date_once (self, _pn_html_get_attr (child, "datetime"));

      if (self->byline == NULL || !self->byline_exact)
        {
          const char *rel = _pn_html_get_attr (child, "rel");
          const char *itemprop = _pn_html_get_attr (child, "itemprop");
          g_autofree char *names = dup_class_and_id (child);
          gboolean exact = (rel != NULL && strcmp (rel, "author") == 0) ||
                           (itemprop != NULL && strstr (itemprop, "author") != NULL);

          /* rel=author names the author alone; a "byline" box may hold a
           * date too, so it only counts when nothing better turns up.
           */
          if (exact || (self->byline == NULL && names != NULL &&
                        (strstr (names, "byline") != NULL || strstr (names, "author") != NULL)))
            {
              g_autofree char *text = dup_node_text (child);
              gsize length = g_utf8_strlen (text, -1);

              if (length > 0 && length < 100)
                {
                  const char *name = text;
                  if (g_ascii_strncasecmp (name, "by ", 3) == 0)
                    name += 3;
                  g_free (self->byline);
                  self->byline = g_strdup (name);
                  self->byline_exact = exact;
                }
            }
        }

      read_body_metadata (self, child);
    }
}

static void
read_metadata (Extractor *self,
               xmlNode   *root,
               const char *url)
{
  g_auto(PageMeta) meta = { 0 };
  xmlNode *h1 = NULL;
  const char *value;

  read_head (self, &meta, root);

  if ((value = _pn_html_get_attr (root, "lang")) != NULL)
    set_once (&self->lang, value);
  if (self->lang == NULL && meta.og_locale != NULL)
    {
      self->lang = g_strdup (meta.og_locale);
      g_strdelimit (self->lang, "_", '-');
    }
  if ((value = _pn_html_get_attr (root, "dir")) != NULL ||
      (self->body != NULL && (value = _pn_html_get_attr (self->body, "dir")) != NULL))
    {
      if (g_ascii_strcasecmp (value, "rtl") == 0 || g_ascii_strcasecmp (value, "ltr") == 0)
        self->dir = g_ascii_strdown (value, -1);
    }

  /* Relative links resolve against <base href>, itself relative to the
   * page's address; without an address, the canonical URL stands in.
   */
  if (url == NULL || url[0] == '\0')
    url = meta.canonical;
  if (meta.base_href != NULL && url != NULL)
    self->base_url = g_uri_resolve_relative (url, meta.base_href, G_URI_FLAGS_NONE, NULL);
  if (self->base_url == NULL)
    self->base_url = g_strdup (url);

  /* JSON-LD came first, then <meta>, then what the body shows. */
  if (self->byline == NULL)
    self->byline = g_steal_pointer (&meta.author);
  self->byline_exact = self->byline != NULL;
  if (self->body != NULL)
    {
      read_body_metadata (self, self->body);
      if (count_elements (self->body, "h1") == 1)
        h1 = find_first (self->body, "h1");
    }

  if (self->title == NULL && meta.og_title != NULL)
    self->title = clean_title (meta.og_title, self->site_name);
  if (self->title == NULL && meta.twitter_title != NULL)
    self->title = clean_title (meta.twitter_title, self->site_name);
  if (self->title == NULL && h1 != NULL)
    self->title = dup_node_text (h1);
  if (self->title != NULL && self->title[0] == '\0')
    g_clear_pointer (&self->title, g_free);
  if (self->title == NULL && meta.document_title != NULL && meta.document_title[0] != '\0')
    self->title = clean_title (meta.document_title, self->site_name);

  set_once (&self->excerpt, meta.description);
  set_date_once (self, meta.date);
}

/* ---- Preparing the page ------------------------------------------------ */

static void
remove_node (xmlNode *node)
{
  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

static gboolean
is_hidden (xmlNode *node)
{
  const char *style = _pn_html_get_attr (node, "style");
  const char *aria = _pn_html_get_attr (node, "aria-hidden");
  g_autofree char *compact = NULL;

  if (_pn_html_get_attr (node, "hidden") != NULL || (aria != NULL && strcmp (aria, "true") == 0))
    return TRUE;
  if (style == NULL)
    return FALSE;
  compact = g_ascii_strdown (style, -1);
  return strstr (compact, "display:none") != NULL || strstr (compact, "display: none") != NULL ||
         strstr (compact, "visibility:hidden") != NULL || strstr (compact, "visibility: hidden") != NULL;
}

static gboolean
is_inside (xmlNode    *node,
           const char *name)
{
  for (xmlNode *parent = node->parent; parent != NULL; parent = parent->parent)
    if (parent->type == XML_ELEMENT_NODE && strcmp ((const char *) parent->name, name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_unlikely (xmlNode *node)
{
  const char *role = _pn_html_get_attr (node, "role");
  g_autofree char *names = NULL;

  if (is_tag (node, "body") || is_tag (node, "article") || is_tag (node, "main") || is_tag (node, "a"))
    return FALSE;
  if (role != NULL && name_in ((const xmlChar *) role, unlikely_roles, G_N_ELEMENTS (unlikely_roles)))
    return TRUE;
  /* A page-wide <header> holds the site's chrome; one inside the article
   * holds its title and byline, which the metadata already has.
   */
  if (is_tag (node, "header") && !is_inside (node, "article"))
    return TRUE;

  names = dup_class_and_id (node);
  if (names == NULL || !contains_any (names, unlikely_words, G_N_ELEMENTS (unlikely_words)))
    return FALSE;
  if (contains_any (names, strong_unlikely_words, G_N_ELEMENTS (strong_unlikely_words)))
    return TRUE;
  /* Inside a table only a whole column (a layout table's navigation)
   * goes: class names on smaller parts of data tables mean little.
   */
  return !contains_any (names, maybe_words, G_N_ELEMENTS (maybe_words)) &&
         (is_tag (node, "td") || !is_inside (node, "table"));
}

static char *
dup_line_key (xmlNode *node)
{
  g_autofree char *text = dup_node_text (node);

  if (text[0] == '\0' || strlen (text) > MAX_BOILERPLATE_LENGTH * 4 ||
      g_utf8_strlen (text, -1) > MAX_BOILERPLATE_LENGTH)
    return NULL;
  return g_utf8_casefold (text, -1);
}

static gboolean
has_block_child (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_block (child))
      return TRUE;
  return FALSE;
}

/* Counts every short line of text on the page, chrome included: a line
 * that appears twice is the site talking, not the article.
 */
static void
count_lines (Extractor *self,
             xmlNode   *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE || is_tag (child, "script") || is_tag (child, "style"))
        continue;
      if (is_block (child) && !has_block_child (child))
        {
          char *key = dup_line_key (child);

          if (key != NULL)
            {
              guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->line_counts, key));
              g_hash_table_replace (self->line_counts, key, GUINT_TO_POINTER (count + 1));
            }
        }
      else
        count_lines (self, child);
    }
}

static void
remove_junk (Extractor *self,
             xmlNode   *node)
{
  xmlNode *next;

  for (xmlNode *child = node->children; child != NULL; child = next)
    {
      next = child->next;
      if (child->type == XML_COMMENT_NODE)
        {
          remove_node (child);
          continue;
        }
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (name_in (child->name, junk_tags, G_N_ELEMENTS (junk_tags)) || is_hidden (child) ||
          is_unlikely (child))
        {
          remove_node (child);
          continue;
        }
      remove_junk (self, child);
    }
}

/* ---- Scoring ----------------------------------------------------------- */

static NodeInfo *
info (xmlNode *node)
{
  return node->_private;
}

static void
count_text (NodeInfo   *node_info,
            const char *text)
{
  gboolean in_word = FALSE;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (_pn_html_is_space (*p))
        {
          in_word = FALSE;
          continue;
        }
      if ((*p & 0xC0) == 0x80)
        continue;
      if (!in_word && node_info->text_length > 0)
        node_info->text_length++;
      in_word = TRUE;
      node_info->text_length++;
      if (*p == ',' || (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) || (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81))
        node_info->commas++;
    }
}

static NodeInfo *
compute_info (Extractor *self,
              xmlNode   *node)
{
  NodeInfo *node_info = g_new0 (NodeInfo, 1);
  const char *name = (const char *) node->name;

  g_ptr_array_add (self->infos, node_info);
  node->_private = node_info;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && child->content != NULL)
        {
          guint before = node_info->text_length;
          count_text (node_info, (const char *) child->content);
          node_info->inline_length += node_info->text_length - before;
        }
      else if (child->type == XML_ELEMENT_NODE)
        {
          NodeInfo *child_info = compute_info (self, child);

          node_info->text_length += child_info->text_length;
          node_info->link_length += child_info->link_length;
          node_info->commas += child_info->commas;
          node_info->n_paragraphs += child_info->n_paragraphs;
          node_info->n_images += child_info->n_images;
          node_info->n_items += child_info->n_items;
          node_info->n_inputs += child_info->n_inputs;
          if (!is_block (child))
            node_info->inline_length += child_info->text_length;
        }
    }

  if (strcmp (name, "a") == 0 && _pn_html_get_attr (node, "href") != NULL)
    node_info->link_length = node_info->text_length;
  else if (strcmp (name, "p") == 0)
    node_info->n_paragraphs++;
  else if (strcmp (name, "img") == 0)
    node_info->n_images++;
  else if (strcmp (name, "li") == 0)
    node_info->n_items++;
  else if (strcmp (name, "input") == 0 || strcmp (name, "select") == 0 || strcmp (name, "textarea") == 0)
    node_info->n_inputs++;

  return node_info;
}

static double
link_density (xmlNode *node)
{
  NodeInfo *node_info = info (node);

  if (node_info == NULL || node_info->text_length == 0)
    return 0;
  return (double) node_info->link_length / node_info->text_length;
}

static void
initialize_candidate (xmlNode *node)
{
  NodeInfo *node_info = info (node);
  const char *name = (const char *) node->name;

  if (node_info->candidate)
    return;
  node_info->candidate = TRUE;
  if (strcmp (name, "div") == 0 || strcmp (name, "article") == 0 || strcmp (name, "section") == 0 ||
      strcmp (name, "main") == 0)
    node_info->score = 5;
  else if (strcmp (name, "pre") == 0 || strcmp (name, "td") == 0 || strcmp (name, "blockquote") == 0)
    node_info->score = 3;
  else if (strcmp (name, "address") == 0 || strcmp (name, "ol") == 0 || strcmp (name, "ul") == 0 ||
           strcmp (name, "dl") == 0 || strcmp (name, "dd") == 0 || strcmp (name, "dt") == 0 ||
           strcmp (name, "li") == 0 || strcmp (name, "form") == 0)
    node_info->score = -3;
  else if (is_heading (node) || strcmp (name, "th") == 0)
    node_info->score = -5;
  node_info->score += class_weight (node);
}

/* A paragraph's score goes to its container, half of it to the next one up,
 * less and less further up: the article's container collects the most.
 */
static void
score_paragraph (xmlNode *node,
                 xmlNode *first_ancestor,
                 guint    length)
{
  double score = 1 + info (node)->commas + MIN (length / 100, 3);
  guint level = 0;

  for (xmlNode *ancestor = first_ancestor;
       ancestor != NULL && ancestor->type == XML_ELEMENT_NODE && level < 5;
       ancestor = ancestor->parent, level++)
    {
      double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;

      if (info (ancestor) == NULL)
        break;
      initialize_candidate (ancestor);
      info (ancestor)->score += score / divider;
    }
}

static void
score_tree (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      NodeInfo *child_info;
      const char *name;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      child_info = info (child);
      name = (const char *) child->name;

      if (strcmp (name, "p") == 0 || strcmp (name, "pre") == 0 || strcmp (name, "td") == 0)
        {
          if (child_info->text_length >= 25)
            score_paragraph (child, child->parent, child_info->text_length);
        }
      else
        {
          /* Text written straight into a container (lines split by <br>)
           * counts for the container itself, as Readability's div-to-p does.
           */
          if ((strcmp (name, "div") == 0 || strcmp (name, "section") == 0 || strcmp (name, "article") == 0) &&
              child_info->inline_length >= 25)
            score_paragraph (child, child, child_info->inline_length);
          score_tree (child);
        }
    }
}

static void
find_top_candidate (xmlNode  *node,
                    xmlNode **top,
                    double   *top_score)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      NodeInfo *child_info;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      child_info = info (child);
      if (child_info->candidate)
        {
          double score = child_info->score * (1 - link_density (child));
          if (score > *top_score)
            {
              *top = child;
              *top_score = score;
            }
        }
      find_top_candidate (child, top, top_score);
    }
}

static gboolean
ends_like_sentence (xmlNode *node)
{
  g_autofree char *text = dup_node_text (node);
  gsize length = strlen (text);

  return strstr (text, ". ") != NULL || (length > 0 && text[length - 1] == '.');
}

static GPtrArray *
collect_article_nodes (xmlNode *top,
                       double   top_score)
{
  GPtrArray *nodes = g_ptr_array_new ();
  double threshold = MAX (10, top_score * 0.2);
  const char *top_class = _pn_html_get_attr (top, "class");

  if (top->parent == NULL || is_tag (top, "body"))
    {
      g_ptr_array_add (nodes, top);
      return nodes;
    }

  for (xmlNode *sibling = top->parent->children; sibling != NULL; sibling = sibling->next)
    {
      NodeInfo *sibling_info;
      gboolean append = FALSE;

      if (sibling->type != XML_ELEMENT_NODE)
        continue;
      sibling_info = info (sibling);
      if (sibling == top)
        append = TRUE;
      else
        {
          double bonus = 0;
          const char *sibling_class = _pn_html_get_attr (sibling, "class");

          if (top_class != NULL && top_class[0] != '\0' && g_strcmp0 (sibling_class, top_class) == 0)
            bonus = top_score * 0.2;
          if (sibling_info->candidate && sibling_info->score + bonus >= threshold)
            append = TRUE;
          else if (is_tag (sibling, "p"))
            {
              double density = link_density (sibling);
              guint length = sibling_info->text_length;

              if (length > 80 && density < 0.25)
                append = TRUE;
              else if (length > 0 && length <= 80 && density == 0 && ends_like_sentence (sibling))
                append = TRUE;
            }
        }
      if (append)
        g_ptr_array_add (nodes, sibling);
    }
  return nodes;
}

/* ---- Cleaning the article ------------------------------------------------ */

static gboolean
should_clean_conditionally (xmlNode *node)
{
  NodeInfo *node_info = info (node);
  int weight;
  double density;

  if (node_info == NULL || node_info->commas >= 10)
    return FALSE;
  if (is_tag (node, "figure") || is_inside (node, "figure") || is_inside (node, "pre"))
    return FALSE;

  weight = class_weight (node);
  if (weight + (node_info->candidate ? node_info->score : 0) < 0)
    return TRUE;

  density = link_density (node);
  if (node_info->n_images > 1 && (double) node_info->n_paragraphs / node_info->n_images < 0.5)
    return TRUE;
  if (node_info->n_items > node_info->n_paragraphs && !is_tag (node, "ul") && !is_tag (node, "ol") &&
      node_info->text_length < 200)
    return TRUE;
  if (node_info->n_inputs > node_info->n_paragraphs / 3)
    return TRUE;
  if (node_info->text_length < 25 && (node_info->n_images == 0 || node_info->n_images > 2))
    return TRUE;
  if (weight < 25 && density > 0.2)
    return TRUE;
  if (weight >= 25 && density > 0.5)
    return TRUE;
  return FALSE;
}

static gboolean
is_small_image (xmlNode *node)
{
  const char *width = _pn_html_get_attr (node, "width");
  const char *height = _pn_html_get_attr (node, "height");

  return (width != NULL && g_ascii_strtoll (width, NULL, 10) > 0 && g_ascii_strtoll (width, NULL, 10) < 50) ||
         (height != NULL && g_ascii_strtoll (height, NULL, 10) > 0 && g_ascii_strtoll (height, NULL, 10) < 50);
}

static gboolean
is_title_heading (Extractor *self,
                  xmlNode   *node)
{
  g_autofree char *text = NULL;

  if (self->title == NULL || !is_heading (node))
    return FALSE;
  text = dup_node_text (node);
  return g_ascii_strcasecmp (text, self->title) == 0 ||
         (strlen (text) > 15 && strstr (self->title, text) != NULL);
}

static gboolean
is_repeated_line (Extractor *self,
                  xmlNode   *node)
{
  g_autofree char *key = NULL;

  if (!is_block (node) || has_block_child (node))
    return FALSE;
  key = dup_line_key (node);
  return key != NULL && GPOINTER_TO_UINT (g_hash_table_lookup (self->line_counts, key)) > 1;
}

static gboolean
is_byline_element (xmlNode *node)
{
  g_autofree char *names = dup_class_and_id (node);
  const char *rel = _pn_html_get_attr (node, "rel");

  if ((names == NULL || (strstr (names, "byline") == NULL && strstr (names, "dateline") == NULL)) &&
      (rel == NULL || strcmp (rel, "author") != 0))
    return FALSE;
  return info (node) == NULL || info (node)->text_length < 100;
}

/* Forms, bylines, dates and icons: what the reader does not need in the
 * article body.
 */
static gboolean
is_removable (Extractor *self,
              xmlNode   *node)
{
  return is_tag (node, "form") || is_tag (node, "fieldset") || is_byline_element (node) ||
         is_repeated_line (self, node) || (is_tag (node, "img") && is_small_image (node)) ||
         (is_tag (node, "time") && !is_inside (node, "p"));
}

/* No text and no image: only white space left after cleaning. */
static gboolean
is_empty (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE && child->content != NULL)
        {
          for (const xmlChar *p = child->content; *p != '\0'; p++)
            if (!_pn_html_is_space (*p))
              return FALSE;
        }
      else if (child->type == XML_ELEMENT_NODE)
        {
          if (is_tag (child, "img") || !is_empty (child))
            return FALSE;
        }
    }
  return TRUE;
}

static void
clean_article (Extractor *self,
               xmlNode   *node,
               gboolean  *title_removed)
{
  xmlNode *next;

  for (xmlNode *child = node->children; child != NULL; child = next)
    {
      next = child->next;
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (!*title_removed && is_title_heading (self, child))
        {
          *title_removed = TRUE;
          remove_node (child);
          continue;
        }
      if (is_removable (self, child))
        {
          remove_node (child);
          continue;
        }

      clean_article (self, child, title_removed);

      if (!is_tag (child, "img") && !is_tag (child, "br") && !is_tag (child, "hr") && is_empty (child))
        {
          remove_node (child);
          continue;
        }

      if ((is_tag (child, "div") || is_tag (child, "section") || is_tag (child, "ul") || is_tag (child, "ol") ||
           is_tag (child, "table") || is_tag (child, "dl")) &&
          should_clean_conditionally (child))
        remove_node (child);
    }
}

/* An index page lists teasers: many headlines that are links. */
static gboolean
looks_like_index (GPtrArray *nodes)
{
  guint linked_headlines = 0;
  guint articles = 0;

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      GPtrArray *stack = g_ptr_array_new ();

      g_ptr_array_add (stack, node);
      while (stack->len > 0)
        {
          xmlNode *current = g_ptr_array_steal_index_fast (stack, stack->len - 1);

          for (xmlNode *child = current->children; child != NULL; child = child->next)
            {
              if (child->type != XML_ELEMENT_NODE)
                continue;
              if (is_tag (child, "article"))
                articles++;
              if (is_heading (child) && info (child) != NULL && info (child)->text_length > 0 &&
                  link_density (child) > 0.8)
                linked_headlines++;
              else
                g_ptr_array_add (stack, child);
            }
        }
      g_ptr_array_unref (stack);
    }
  return linked_headlines >= 4 || articles >= 4;
}

static char *
first_paragraph (PnDocument *document)
{
  for (guint i = 0; i < pn_document_get_n_blocks (document); i++)
    {
      const PnBlock *block = pn_document_get_block (document, i);
      g_autofree char *text = NULL;
      const char *cut;

      if (block->kind != PN_BLOCK_PARAGRAPH || block->end - block->start < 40)
        continue;
      text = pn_document_dup_block_text (document, i);
      if (g_utf8_strlen (text, -1) <= 300)
        return g_steal_pointer (&text);
      cut = g_utf8_offset_to_pointer (text, 300);
      while (cut > text && *cut != ' ')
        cut--;
      return g_strdup_printf ("%.*s…", (int) (cut - text), text);
    }
  return NULL;
}

/* The direction of the first strong letter, for pages that do not say. */
static const char *
guess_direction (const char *lang,
                 const char *text)
{
  static const char * const rtl_languages[] = { "ar", "he", "iw", "fa", "ur", "yi", "ps", "dv", "ckb", "sd", "ug" };

  if (lang != NULL)
    {
      g_autofree char *primary = g_ascii_strdown (lang, strcspn (lang, "-_"));
      if (name_in ((const xmlChar *) primary, rtl_languages, G_N_ELEMENTS (rtl_languages)))
        return "rtl";
    }
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c))
        continue;
      switch (g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
          return "rtl";
        default:
          return "ltr";
        }
    }
  return "ltr";
}

static void
extractor_clear (Extractor *self)
{
  g_clear_pointer (&self->doc, xmlFreeDoc);
  g_clear_pointer (&self->infos, g_ptr_array_unref);
  g_clear_pointer (&self->line_counts, g_hash_table_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->byline, g_free);
  g_clear_pointer (&self->excerpt, g_free);
  g_clear_pointer (&self->site_name, g_free);
  g_clear_pointer (&self->lang, g_free);
  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->published, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Extractor, extractor_clear)

static gpointer
no_article (GError     **error,
            const char  *reason)
{
  g_set_error (error, PN_ERROR, PN_ERROR_NO_ARTICLE, "No article found: %s", reason);
  return NULL;
}

/**
 * pn_extract_article:
 * @html: the page
 * @length: its length in bytes, or -1 if nul-terminated
 * @url: (nullable): the page's address, for relative links
 * @error: return location for a #PN_ERROR_NO_ARTICLE error
 *
 * Reader mode: finds the article in a web page (scoring paragraphs and
 * their containers the way Readability does), cleans it of navigation,
 * share bars, related links and lines the site repeats on the page, and
 * reads its metadata from JSON-LD, OpenGraph, Twitter cards, `<meta>`,
 * `<time>` and `<html lang>`.
 *
 * Returns: (transfer full) (nullable): the article, or %NULL with an error
 *   that says why the page holds none
 */
PnArticle *
pn_extract_article (const char  *html,
                    gssize       length,
                    const char  *url,
                    GError     **error)
{
  g_auto(Extractor) self = { 0 };
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GString) content = NULL;
  g_autoptr(PnDocument) document = NULL;
  g_autofree char *excerpt = NULL;
  xmlNode *root;
  xmlNode *top = NULL;
  double top_score = 0;
  gboolean title_removed = FALSE;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (html == NULL || length == 0)
    return no_article (error, "the page is empty");

  self.doc = _pn_html_parse (html, length, FALSE);
  if (self.doc == NULL || (root = xmlDocGetRootElement (self.doc)) == NULL)
    return no_article (error, "the page is empty");
  self.body = find_first (root, "body");
  if (is_tag (root, "body"))
    self.body = root;
  self.infos = g_ptr_array_new_with_free_func (g_free);
  self.line_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  read_metadata (&self, root, url);
  if (self.body == NULL)
    return no_article (error, "the page has no body");

  count_lines (&self, self.body);
  remove_junk (&self, self.body);
  compute_info (&self, self.body);
  if (info (self.body)->text_length == 0)
    return no_article (error, self.has_password ? "the page asks to sign in before showing the article"
                                                : "the page has no text");

  score_tree (self.body);
  find_top_candidate (self.body, &top, &top_score);
  if (top == NULL)
    top = self.body;

  nodes = collect_article_nodes (top, top_score);
  if (looks_like_index (nodes))
    return no_article (error, "the page is a list of articles, not an article");

  content = g_string_new (NULL);
  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);

      if (is_removable (&self, node) || is_title_heading (&self, node))
        continue;
      clean_article (&self, node, &title_removed);
      if (is_empty (node))
        continue;
      _pn_html_sanitize_node (node, self.base_url, content);
    }

  document = pn_document_new_from_html (content->str, content->len);
  if (self.has_password && pn_document_get_length (document) < LOGIN_WALL_LENGTH)
    return no_article (error, "the page asks to sign in before showing the article");
  if (pn_document_get_length (document) < MIN_ARTICLE_LENGTH)
    return no_article (error, "the page has too little text to be an article");

  excerpt = self.excerpt != NULL ? g_strdup (self.excerpt) : first_paragraph (document);

  return g_object_new (PN_TYPE_ARTICLE,
                       "url", url,
                       "title", self.title,
                       "byline", self.byline,
                       "excerpt", excerpt,
                       "site-name", self.site_name,
                       "published", self.published,
                       "lang", self.lang,
                       "dir", self.dir != NULL ? self.dir : guess_direction (self.lang, pn_document_get_text (document)),
                       "content", content->str,
                       "document", document,
                       NULL);
}
