/* pn-feed-parser.h — RSS, Atom and JSON Feed documents into a PnFeed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-feed.h"

G_BEGIN_DECLS

/* Larger inputs are refused with PN_ERROR_TOO_LARGE before any parsing. */
#define PN_FEED_PARSER_DEFAULT_MAX_SIZE (16 * 1024 * 1024)

PnFeed     *pn_feed_parse         (GBytes     *bytes,
                                   const char *base_url,
                                   const char *source_id,
                                   GError    **error);
PnFeed     *pn_feed_parse_full    (GBytes     *bytes,
                                   const char *base_url,
                                   const char *source_id,
                                   gsize       max_size,
                                   GError    **error);
const char *pn_feed_detect_format (const char *data,
                                   gsize       len);

G_END_DECLS
