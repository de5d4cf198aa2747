/* pn-feed.h — a parsed feed: its metadata and its stories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pn-types.h"

G_BEGIN_DECLS

#define PN_TYPE_FEED (pn_feed_get_type ())

G_DECLARE_FINAL_TYPE (PnFeed, pn_feed, PN, FEED, GObject)

PnFeed             *pn_feed_new            (const char         *format);
const char         *pn_feed_get_format     (PnFeed             *self);
const char         *pn_feed_get_title      (PnFeed             *self);
void                pn_feed_set_title      (PnFeed             *self,
                                            const char         *title);
const char         *pn_feed_get_link       (PnFeed             *self);
void                pn_feed_set_link       (PnFeed             *self,
                                            const char         *link);
const char         *pn_feed_get_subtitle   (PnFeed             *self);
void                pn_feed_set_subtitle   (PnFeed             *self,
                                            const char         *subtitle);
const char         *pn_feed_get_language   (PnFeed             *self);
void                pn_feed_set_language   (PnFeed             *self,
                                            const char         *language);
GDateTime          *pn_feed_get_updated    (PnFeed             *self);
void                pn_feed_set_updated    (PnFeed             *self,
                                            GDateTime          *updated);
const char         *pn_feed_get_icon       (PnFeed             *self);
void                pn_feed_set_icon       (PnFeed             *self,
                                            const char         *icon);
GPtrArray          *pn_feed_get_authors    (PnFeed             *self);
void                pn_feed_set_authors    (PnFeed             *self,
                                            GPtrArray          *authors);
const char         *pn_feed_get_generator  (PnFeed             *self);
void                pn_feed_set_generator  (PnFeed             *self,
                                            const char         *generator);
GPtrArray          *pn_feed_get_items      (PnFeed             *self);
void                pn_feed_set_items      (PnFeed             *self,
                                            GPtrArray          *items);
const char * const *pn_feed_get_warnings   (PnFeed             *self);
void                pn_feed_set_warnings   (PnFeed             *self,
                                            const char * const *warnings);
JsonNode           *pn_feed_to_json_node   (PnFeed             *self);

G_END_DECLS
