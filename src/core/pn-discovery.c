/* pn-discovery.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-discovery"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlreader.h>

#include "pn-discovery.h"
#include "pn-error.h"
#include "pn-feed-parser.h"
#include "pn-url.h"

/* Where sites commonly put their feed, tried in this order when a page
 * links to none. */
static const char * const common_paths[] = {
  "/feed", "/rss", "/atom.xml", "/index.xml", "/feed.json",
};

static const char * const feed_link_types[] = {
  "application/rss+xml",
  "application/atom+xml",
  "application/feed+json",
  "application/json",
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlTextReader, xmlFreeTextReader)

typedef struct
{
  PnFetcher *fetcher;
  char      *url;
  GPtrArray *found;
  /* Probe results by common path index, filled as they arrive. */
  PnDiscoveredFeed *probes[G_N_ELEMENTS (common_paths)];
  guint      n_pending;
} Discovery;

G_DEFINE_BOXED_TYPE (PnDiscoveredFeed, pn_discovered_feed,
                     pn_discovered_feed_copy, pn_discovered_feed_free)

PnDiscoveredFeed *
pn_discovered_feed_new (const char *url,
                        const char *title,
                        const char *mime_type)
{
  PnDiscoveredFeed *feed;

  g_return_val_if_fail (url != NULL, NULL);

  feed = g_new0 (PnDiscoveredFeed, 1);
  feed->url = g_strdup (url);
  feed->title = g_strdup (title);
  feed->mime_type = g_strdup (mime_type);
  return feed;
}

PnDiscoveredFeed *
pn_discovered_feed_copy (const PnDiscoveredFeed *feed)
{
  g_return_val_if_fail (feed != NULL, NULL);
  return pn_discovered_feed_new (feed->url, feed->title, feed->mime_type);
}

void
pn_discovered_feed_free (PnDiscoveredFeed *feed)
{
  if (feed == NULL)
    return;

  g_free (feed->url);
  g_free (feed->title);
  g_free (feed->mime_type);
  g_free (feed);
}

static void
discovery_free (Discovery *discovery)
{
  g_clear_object (&discovery->fetcher);
  g_clear_pointer (&discovery->url, g_free);
  g_clear_pointer (&discovery->found, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (discovery->probes); i++)
    g_clear_pointer (&discovery->probes[i], pn_discovered_feed_free);
  g_free (discovery);
}

static const char *
looks_like_feed (const char *data,
                 gsize       len)
{
  const char *format = pn_feed_detect_format (data, len);

  /* The feed parser decides what is a feed; discovery names it by type. */
  if (format == NULL)
    return NULL;
  if (g_str_has_prefix (format, "jsonfeed"))
    return "application/feed+json";
  if (g_str_has_prefix (format, "atom"))
    return "application/atom+xml";
  if (g_str_equal (format, "rss1.0"))
    return "application/rdf+xml";
  return "application/rss+xml";
}


static char *
dup_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strstrip (g_strdup ((const char *) value));
  xmlFree (value);
  return copy;
}

static gboolean
rel_has_alternate (const char *rel)
{
  g_auto(GStrv) tokens = NULL;

  if (rel == NULL)
    return FALSE;
  tokens = g_strsplit_set (rel, " \t\r\n", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (tokens[i], "alternate") == 0)
        return TRUE;
    }
  return FALSE;
}

/* The feed MIME type a link's type attribute names ("; charset=…" and case
 * ignored), or NULL. */
static const char *
feed_link_type (const char *type)
{
  g_autofree char *bare = NULL;
  char *semicolon;

  if (type == NULL)
    return NULL;
  bare = g_ascii_strdown (type, -1);
  semicolon = strchr (bare, ';');
  if (semicolon != NULL)
    *semicolon = '\0';
  g_strstrip (bare);
  for (guint i = 0; i < G_N_ELEMENTS (feed_link_types); i++)
    {
      if (g_str_equal (bare, feed_link_types[i]))
        return feed_link_types[i];
    }
  return NULL;
}

static void
collect_elements (xmlNode    *node,
                  const char *name,
                  GPtrArray  *into)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_ELEMENT_NODE && g_ascii_strcasecmp ((const char *) node->name, name) == 0)
        g_ptr_array_add (into, node);
      collect_elements (node->children, name, into);
    }
}

static gboolean
is_web_url (const char *url)
{
  g_autofree char *normalized = pn_normalize_feed_url (url);

  return normalized != NULL;
}

static gboolean
contains_url (GPtrArray  *feeds,
              const char *url)
{
  g_autofree char *key = pn_normalize_feed_url (url);

  for (guint i = 0; i < feeds->len; i++)
    {
      PnDiscoveredFeed *feed = g_ptr_array_index (feeds, i);
      g_autofree char *other = pn_normalize_feed_url (feed->url);

      if (g_strcmp0 (key, other) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The feeds an HTML page announces with <link rel="alternate" type="…">,
 * in page order, relative addresses resolved against <base href> or
 * @page_url, duplicates dropped. Never touches the network.
 */
GPtrArray *
pn_discover_feeds_in_html (const char *data,
                           gsize       len,
                           const char *page_url)
{
  g_autoptr(GPtrArray) feeds = g_ptr_array_new_with_free_func ((GDestroyNotify) pn_discovered_feed_free);
  g_autoptr(GPtrArray) bases = g_ptr_array_new ();
  g_autoptr(GPtrArray) links = g_ptr_array_new ();
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *base_url = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (page_url != NULL, NULL);

  if (len == 0 || len > G_MAXINT)
    return g_steal_pointer (&feeds);

  doc = htmlReadMemory (data, (int) len, page_url, NULL,
                        HTML_PARSE_NONET | HTML_PARSE_RECOVER |
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  if (doc == NULL)
    return g_steal_pointer (&feeds);

  collect_elements (xmlDocGetRootElement (doc), "base", bases);
  for (guint i = 0; i < bases->len && base_url == NULL; i++)
    {
      g_autofree char *href = dup_attribute (g_ptr_array_index (bases, i), "href");

      if (href != NULL && *href != '\0')
        base_url = pn_resolve_url (page_url, href);
    }
  if (base_url == NULL)
    base_url = g_strdup (page_url);

  collect_elements (xmlDocGetRootElement (doc), "link", links);
  for (guint i = 0; i < links->len; i++)
    {
      xmlNode *link = g_ptr_array_index (links, i);
      g_autofree char *rel = dup_attribute (link, "rel");
      g_autofree char *type = dup_attribute (link, "type");
      g_autofree char *href = dup_attribute (link, "href");
      g_autofree char *title = dup_attribute (link, "title");
      g_autofree char *url = NULL;
      const char *mime_type;

      mime_type = feed_link_type (type);
      if (!rel_has_alternate (rel) || mime_type == NULL || href == NULL || *href == '\0')
        continue;

      url = pn_resolve_url (base_url, href);
      if (url == NULL || !is_web_url (url) || contains_url (feeds, url))
        continue;

      g_ptr_array_add (feeds, pn_discovered_feed_new (url, title != NULL && *title != '\0' ? title : NULL,
                                                      mime_type));
    }

  return g_steal_pointer (&feeds);
}

static void
probe_fetched_cb (GObject      *object,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Discovery *discovery = g_task_get_task_data (task);
  g_autoptr(PnFetchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint index = 0;

  result = pn_fetcher_fetch_finish (PN_FETCHER (object), res, &error);
  if (result != NULL && pn_fetch_result_get_outcome (result) == PN_FETCH_OUTCOME_OK)
    {
      GBytes *body = pn_fetch_result_get_body (result);
      const char *mime_type = looks_like_feed (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      const char *url = pn_fetch_result_get_permanent_url (result) != NULL
                          ? pn_fetch_result_get_permanent_url (result)
                          : pn_fetch_result_get_url (result);

      for (index = 0; index < G_N_ELEMENTS (common_paths); index++)
        {
          g_autofree char *probe = pn_resolve_url (discovery->url, common_paths[index]);

          if (g_strcmp0 (probe, pn_fetch_result_get_url (result)) == 0)
            break;
        }
      if (mime_type != NULL && index < G_N_ELEMENTS (common_paths))
        discovery->probes[index] = pn_discovered_feed_new (url, NULL, mime_type);
    }

  if (--discovery->n_pending > 0)
    {
      g_object_unref (task);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (discovery->probes); i++)
    {
      if (discovery->probes[i] != NULL && !contains_url (discovery->found, discovery->probes[i]->url))
        g_ptr_array_add (discovery->found, g_steal_pointer (&discovery->probes[i]));
    }
  g_task_return_pointer (task, g_steal_pointer (&discovery->found), (GDestroyNotify) g_ptr_array_unref);
  g_object_unref (task);
}

static void
page_fetched_cb (GObject      *object,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Discovery *discovery = g_task_get_task_data (task);
  g_autoptr(PnFetchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *mime_type;
  const char *page_url;
  GBytes *body;

  result = pn_fetcher_fetch_finish (PN_FETCHER (object), res, &error);
  if (result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (pn_fetch_result_get_outcome (result) != PN_FETCH_OUTCOME_OK)
    {
      g_task_return_new_error (task, PN_ERROR, PN_ERROR_FAILED,
                               _("Could not open “%s”: %s"), discovery->url,
                               pn_fetch_result_get_message (result));
      return;
    }

  body = pn_fetch_result_get_body (result);
  page_url = pn_fetch_result_get_final_url (result);

  /* The address is a feed itself: subscribe to what was asked for, or where
   * it moved for good, not to a temporary redirect's target. */
  mime_type = looks_like_feed (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  if (mime_type != NULL)
    {
      const char *url = pn_fetch_result_get_permanent_url (result) != NULL
                          ? pn_fetch_result_get_permanent_url (result)
                          : discovery->url;

      g_ptr_array_add (discovery->found, pn_discovered_feed_new (url, NULL, mime_type));
      g_task_return_pointer (task, g_steal_pointer (&discovery->found), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  g_ptr_array_extend_and_steal (discovery->found,
                                pn_discover_feeds_in_html (g_bytes_get_data (body, NULL),
                                                           g_bytes_get_size (body), page_url));
  if (discovery->found->len > 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&discovery->found), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  /* Probe from the address the page was really served at. */
  g_free (discovery->url);
  discovery->url = g_strdup (page_url);
  discovery->n_pending = G_N_ELEMENTS (common_paths);
  for (guint i = 0; i < G_N_ELEMENTS (common_paths); i++)
    {
      g_autofree char *probe = pn_resolve_url (page_url, common_paths[i]);
      g_autoptr(PnFetchRequest) request = pn_fetch_request_new (probe);

      pn_fetcher_fetch_async (discovery->fetcher, request, g_task_get_cancellable (task),
                              probe_fetched_cb, g_object_ref (task));
    }
}

/* Finds the feeds of @url: the feed itself when it is one, else the feeds
 * the page links to, else the feeds at common paths of its site. The result
 * is a GPtrArray of PnDiscoveredFeed, empty when there is none; a page that
 * cannot be fetched is a PN_ERROR.
 */
void
pn_discover_feeds_async (PnFetcher           *fetcher,
                         const char          *url,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PnFetchRequest) request = NULL;
  Discovery *discovery;

  g_return_if_fail (PN_IS_FETCHER (fetcher));
  g_return_if_fail (url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pn_discover_feeds_async);

  discovery = g_new0 (Discovery, 1);
  discovery->fetcher = g_object_ref (fetcher);
  discovery->found = g_ptr_array_new_with_free_func ((GDestroyNotify) pn_discovered_feed_free);
  /* People type "example.org"; "feed://" is a browser-era spelling. */
  if (g_ascii_strncasecmp (url, "feed:", 5) == 0)
    discovery->url = pn_normalize_feed_url (url);
  else if (strstr (url, "://") == NULL)
    discovery->url = g_strconcat ("https://", url, NULL);
  else
    discovery->url = g_strdup (url);
  if (discovery->url == NULL)
    discovery->url = g_strdup (url);
  g_task_set_task_data (task, discovery, (GDestroyNotify) discovery_free);

  request = pn_fetch_request_new (discovery->url);
  request->accept = g_strdup ("text/html, application/xhtml+xml, application/rss+xml, "
                              "application/atom+xml, application/feed+json, */*;q=0.5");
  pn_fetcher_fetch_async (fetcher, request, cancellable, page_fetched_cb, g_steal_pointer (&task));
}

GPtrArray *
pn_discover_feeds_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pn_discover_feeds_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
