/* pn-discovery.h — find the feeds of a website
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pn-fetcher.h"

G_BEGIN_DECLS

#define PN_TYPE_DISCOVERED_FEED (pn_discovered_feed_get_type ())

typedef struct _PnDiscoveredFeed PnDiscoveredFeed;

struct _PnDiscoveredFeed
{
  char *url;
  /* The link's title attribute; NULL when the page gave none or the feed
   * was found at a common path. */
  char *title;
  /* application/rss+xml, application/atom+xml, application/feed+json… */
  char *mime_type;
};

GType             pn_discovered_feed_get_type (void) G_GNUC_CONST;
PnDiscoveredFeed *pn_discovered_feed_new      (const char             *url,
                                               const char             *title,
                                               const char             *mime_type);
PnDiscoveredFeed *pn_discovered_feed_copy     (const PnDiscoveredFeed *feed);
void              pn_discovered_feed_free     (PnDiscoveredFeed       *feed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PnDiscoveredFeed, pn_discovered_feed_free)

GPtrArray *pn_discover_feeds_in_html (const char           *data,
                                      gsize                 len,
                                      const char           *page_url);
void       pn_discover_feeds_async   (PnFetcher            *fetcher,
                                      const char           *url,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
GPtrArray *pn_discover_feeds_finish  (GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
