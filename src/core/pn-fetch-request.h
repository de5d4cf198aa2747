/* pn-fetch-request.h — what to fetch and how: URL, validators, limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-types.h"

G_BEGIN_DECLS

#define PN_TYPE_FETCH_REQUEST (pn_fetch_request_get_type ())

typedef struct _PnFetchRequest PnFetchRequest;

struct _PnFetchRequest
{
  char   *url;
  /* Validators from the previous fetch, sent as If-None-Match and
   * If-Modified-Since; NULL when unknown. */
  char   *etag;
  char   *last_modified;
  /* The Accept header; NULL sends the fetcher's default (feeds first). */
  char   *accept;
  /* Body size cap in bytes after decompression; 0 uses the fetcher's. */
  gsize   max_size;
  /* Queue order: lower runs first, like G_PRIORITY_*. Feeds use
   * G_PRIORITY_DEFAULT, full-text pages G_PRIORITY_LOW. */
  int     priority;
};

GType           pn_fetch_request_get_type (void) G_GNUC_CONST;
PnFetchRequest *pn_fetch_request_new      (const char           *url);
PnFetchRequest *pn_fetch_request_new_for_source (PnSource       *source);
PnFetchRequest *pn_fetch_request_copy     (const PnFetchRequest *request);
void            pn_fetch_request_free     (PnFetchRequest       *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PnFetchRequest, pn_fetch_request_free)

G_END_DECLS
