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

/* A pull reader for readers that build model objects straight from the
 * text. Strings are unescaped in place in the buffer, or into a scratch
 * area when the buffer is not to be written (a mapped file).
 * Every function skips white space first and returns FALSE on anything it
 * does not handle, valid JSON or not: the caller then gives the bytes to
 * pn_store_parse_in_place() or json-glib, which decide.
 */
typedef struct
{
  char       *cursor;
  const char *end;
  guint       depth;
  /* Just after an opening bracket: no comma before the first item. */
  gboolean    first;
  /* Where the data starts, that offsets count from. */
  const char *start;
  /* Where the next unescaped string goes, or NULL: in place. */
  char       *scratch;
} PnStoreReader;

void      pn_store_reader_init          (PnStoreReader *reader,
                                         char          *data,
                                         gsize          length);
void      pn_store_reader_init_read_only (PnStoreReader *reader,
                                          const char    *data,
                                          gsize          length,
                                          char          *scratch);
gboolean  pn_store_reader_begin_object  (PnStoreReader *reader);
gboolean  pn_store_reader_next_member   (PnStoreReader *reader,
                                         const char   **name,
                                         gboolean      *done);
gboolean  pn_store_reader_begin_array   (PnStoreReader *reader);
gboolean  pn_store_reader_next_element  (PnStoreReader *reader,
                                         gboolean      *done);
gboolean  pn_store_reader_skip_null     (PnStoreReader *reader);
gboolean  pn_store_reader_read_string   (PnStoreReader *reader,
                                         const char   **value);
gboolean  pn_store_reader_skip_string   (PnStoreReader *reader,
                                         const char   **raw,
                                         gsize         *raw_length);
gboolean  pn_store_reader_read_boolean  (PnStoreReader *reader,
                                         gboolean      *value);
gboolean  pn_store_reader_read_integer  (PnStoreReader *reader,
                                         gint64        *value);
JsonNode *pn_store_reader_read_node     (PnStoreReader *reader);
gboolean  pn_store_reader_at_end        (PnStoreReader *reader);

char     *pn_store_parse_string         (const char    *raw,
                                         gsize          raw_length);
gsize     pn_store_parse_string_prefix  (const char    *raw,
                                         gsize          raw_length,
                                         char          *out,
                                         gsize          out_size);

G_END_DECLS
