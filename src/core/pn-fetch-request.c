/* pn-fetch-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-fetch-request"

#include "pn-fetch-request.h"
#include "pn-source.h"

G_DEFINE_BOXED_TYPE (PnFetchRequest, pn_fetch_request,
                     pn_fetch_request_copy, pn_fetch_request_free)

PnFetchRequest *
pn_fetch_request_new (const char *url)
{
  PnFetchRequest *request;

  g_return_val_if_fail (url != NULL, NULL);

  request = g_new0 (PnFetchRequest, 1);
  request->url = g_strdup (url);
  request->priority = G_PRIORITY_DEFAULT;
  return request;
}

/* A conditional request for @source's feed, carrying the validators stored
 * from its last successful fetch.
 */
PnFetchRequest *
pn_fetch_request_new_for_source (PnSource *source)
{
  PnFetchRequest *request;

  g_return_val_if_fail (PN_IS_SOURCE (source), NULL);
  g_return_val_if_fail (pn_source_get_url (source) != NULL, NULL);

  request = pn_fetch_request_new (pn_source_get_url (source));
  request->etag = g_strdup (pn_source_get_etag (source));
  request->last_modified = g_strdup (pn_source_get_last_modified (source));
  return request;
}

PnFetchRequest *
pn_fetch_request_copy (const PnFetchRequest *request)
{
  PnFetchRequest *copy;

  g_return_val_if_fail (request != NULL, NULL);

  copy = g_new0 (PnFetchRequest, 1);
  copy->url = g_strdup (request->url);
  copy->etag = g_strdup (request->etag);
  copy->last_modified = g_strdup (request->last_modified);
  copy->accept = g_strdup (request->accept);
  copy->max_size = request->max_size;
  copy->priority = request->priority;
  return copy;
}

void
pn_fetch_request_free (PnFetchRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->url);
  g_free (request->etag);
  g_free (request->last_modified);
  g_free (request->accept);
  g_free (request);
}
