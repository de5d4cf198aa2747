/* pn-store-parse.h — a fast JSON reader for the store's own files (internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *pn_store_parse_in_place (char    *data,
                                   gsize    length,
                                   GError **error);

G_END_DECLS
