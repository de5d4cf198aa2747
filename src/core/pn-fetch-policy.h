/* pn-fetch-policy.h — politeness: when to fetch a source next, and what a
 * fetch result changes on it. Pure functions: no network, no clock (the
 * caller passes "now"), so every rule is testable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-types.h"
#include "pn-fetch-result.h"

G_BEGIN_DECLS

/* Backoff after consecutive failures: 1 minute, doubling, up to 24 hours. */
#define PN_FETCH_POLICY_BACKOFF_MIN      (60)
#define PN_FETCH_POLICY_BACKOFF_MAX      (24 * 60 * 60)
/* A Retry-After longer than this is treated as this: a typo or a hostile
 * header must not silence a source for months. */
#define PN_FETCH_POLICY_RETRY_AFTER_MAX  (7 * 24 * 60 * 60)

gint64     pn_fetch_policy_backoff_seconds    (guint          consecutive_failures);
gint64     pn_fetch_policy_parse_retry_after  (const char    *value,
                                               GDateTime     *now);
GDateTime *pn_fetch_policy_next_fetch         (GDateTime     *now,
                                               guint          consecutive_failures,
                                               gint64         retry_after,
                                               gint64         min_interval);
gboolean   pn_fetch_policy_is_due             (PnSource      *source,
                                               GDateTime     *now);
void       pn_fetch_policy_apply_result       (PnSource      *source,
                                               PnFetchResult *result,
                                               gint64         min_interval,
                                               GDateTime     *now);
void       pn_fetch_policy_record_failure     (PnSource      *source,
                                               const char    *code,
                                               const char    *message,
                                               gint64         retry_after,
                                               gint64         min_interval,
                                               GDateTime     *now);

G_END_DECLS
