/* pn-fetch-result.h — what one fetch ended with: every outcome is data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-types.h"

G_BEGIN_DECLS

/* The machine codes (the enum nicks, see pn_fetch_outcome_to_code()) are
 * stored in sources.json as PnSource:last-status: never renumber or rename.
 */
typedef enum
{
  PN_FETCH_OUTCOME_OK,                 /* "ok": 2xx with a body */
  PN_FETCH_OUTCOME_NOT_MODIFIED,       /* "not-modified": 304 */
  PN_FETCH_OUTCOME_GONE,               /* "gone": 410 */
  PN_FETCH_OUTCOME_HTTP_ERROR,         /* "http-error": any other non-2xx */
  PN_FETCH_OUTCOME_TIMEOUT,            /* "timeout" */
  PN_FETCH_OUTCOME_DNS_ERROR,          /* "dns-error" */
  PN_FETCH_OUTCOME_CONNECTION_REFUSED, /* "connection-refused" */
  PN_FETCH_OUTCOME_CONNECTION_RESET,   /* "connection-reset" */
  PN_FETCH_OUTCOME_TLS_ERROR,          /* "tls-error" */
  PN_FETCH_OUTCOME_TOO_LARGE,          /* "too-large" */
  PN_FETCH_OUTCOME_REDIRECT_LOOP,      /* "redirect-loop" */
  PN_FETCH_OUTCOME_TOO_MANY_REDIRECTS, /* "too-many-redirects" */
  PN_FETCH_OUTCOME_INVALID_URL,        /* "invalid-url" */
  PN_FETCH_OUTCOME_NETWORK_ERROR,      /* "network-error": anything else */
} PnFetchOutcome;

#define PN_TYPE_FETCH_OUTCOME (pn_fetch_outcome_get_type ())
GType       pn_fetch_outcome_get_type (void) G_GNUC_CONST;
const char *pn_fetch_outcome_to_code  (PnFetchOutcome outcome);

#define PN_TYPE_FETCH_RESULT (pn_fetch_result_get_type ())

G_DECLARE_FINAL_TYPE (PnFetchResult, pn_fetch_result, PN, FETCH_RESULT, GObject)

/* Results are immutable: build one with g_object_new() and the properties
 * below (the fetcher does; tests of the policy do too).
 */
PnFetchOutcome pn_fetch_result_get_outcome       (PnFetchResult *self);
const char    *pn_fetch_result_get_code          (PnFetchResult *self);
const char    *pn_fetch_result_get_message       (PnFetchResult *self);
gboolean       pn_fetch_result_is_success        (PnFetchResult *self);
const char    *pn_fetch_result_get_url           (PnFetchResult *self);
const char    *pn_fetch_result_get_final_url     (PnFetchResult *self);
const char    *pn_fetch_result_get_permanent_url (PnFetchResult *self);
guint          pn_fetch_result_get_status        (PnFetchResult *self);
const char    *pn_fetch_result_get_reason        (PnFetchResult *self);
const char    *pn_fetch_result_get_etag          (PnFetchResult *self);
const char    *pn_fetch_result_get_last_modified (PnFetchResult *self);
gint64         pn_fetch_result_get_retry_after   (PnFetchResult *self);
const char    *pn_fetch_result_get_content_type  (PnFetchResult *self);
GBytes        *pn_fetch_result_get_body          (PnFetchResult *self);

G_END_DECLS
