/* pn-fetcher.h — the app's one HTTP client: a bounded, polite queue in
 * front of one SoupSession
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pn-types.h"
#include "pn-fetch-request.h"
#include "pn-fetch-result.h"

G_BEGIN_DECLS

#define PN_FETCHER_DEFAULT_MAX_CONNS          8
#define PN_FETCHER_DEFAULT_MAX_CONNS_PER_HOST 2
#define PN_FETCHER_DEFAULT_CONNECT_TIMEOUT_MS (15 * 1000)
#define PN_FETCHER_DEFAULT_IDLE_TIMEOUT_MS    (30 * 1000)
#define PN_FETCHER_DEFAULT_REQUEST_TIMEOUT_MS (60 * 1000)
#define PN_FETCHER_DEFAULT_MAX_SIZE           (16 * 1024 * 1024)
#define PN_FETCHER_MAX_REDIRECTS              5

#define PN_TYPE_FETCHER (pn_fetcher_get_type ())

G_DECLARE_FINAL_TYPE (PnFetcher, pn_fetcher, PN, FETCHER, GObject)

PnFetcher     *pn_fetcher_new                    (void);
PnFetcher     *pn_fetcher_new_with_limits        (guint           max_conns,
                                                  guint           max_conns_per_host);
guint          pn_fetcher_get_max_conns          (PnFetcher      *self);
guint          pn_fetcher_get_max_conns_per_host (PnFetcher      *self);
guint          pn_fetcher_get_connect_timeout    (PnFetcher      *self);
void           pn_fetcher_set_connect_timeout    (PnFetcher      *self,
                                                  guint           timeout_ms);
guint          pn_fetcher_get_idle_timeout       (PnFetcher      *self);
void           pn_fetcher_set_idle_timeout       (PnFetcher      *self,
                                                  guint           timeout_ms);
guint          pn_fetcher_get_request_timeout    (PnFetcher      *self);
void           pn_fetcher_set_request_timeout    (PnFetcher      *self,
                                                  guint           timeout_ms);
guint64        pn_fetcher_get_max_size           (PnFetcher      *self);
void           pn_fetcher_set_max_size           (PnFetcher      *self,
                                                  guint64         max_size);
const char    *pn_fetcher_get_user_agent         (PnFetcher      *self);
guint          pn_fetcher_get_n_queued           (PnFetcher      *self);
guint          pn_fetcher_get_n_active           (PnFetcher      *self);
guint          pn_fetcher_get_n_done             (PnFetcher      *self);

void           pn_fetcher_fetch_async            (PnFetcher            *self,
                                                  const PnFetchRequest *request,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
PnFetchResult *pn_fetcher_fetch_finish           (PnFetcher            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
