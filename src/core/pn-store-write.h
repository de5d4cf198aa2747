/* pn-store-write.h — JSON text of the store's files (internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void  pn_store_write_indent  (GString    *out,
                              guint       depth);
void  pn_store_write_string  (GString    *out,
                              const char *text);
void  pn_store_write_node    (GString    *out,
                              JsonNode   *node,
                              guint       depth);
char *pn_store_write_to_data (JsonNode   *node,
                              gsize      *length);

G_END_DECLS
