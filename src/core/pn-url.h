/* pn-url.h — URL helpers for feeds: one spelling per feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *pn_normalize_feed_url (const char *url);
char *pn_resolve_url        (const char *base,
                             const char *reference);

G_END_DECLS
