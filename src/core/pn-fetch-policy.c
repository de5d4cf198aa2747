/* pn-fetch-policy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-fetch-policy"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "pn-fetch-policy.h"
#include "pn-source.h"

/* Seconds to wait after @consecutive_failures failures in a row; 0 when
 * there were none.
 */
gint64
pn_fetch_policy_backoff_seconds (guint consecutive_failures)
{
  gint64 delay = PN_FETCH_POLICY_BACKOFF_MIN;

  if (consecutive_failures == 0)
    return 0;

  /* Stop doubling once past the cap so the shift can never overflow. */
  for (guint i = 1; i < consecutive_failures && delay < PN_FETCH_POLICY_BACKOFF_MAX; i++)
    delay *= 2;

  return MIN (delay, PN_FETCH_POLICY_BACKOFF_MAX);
}

/* A Retry-After header (RFC 9110 §10.2.3) in seconds from @now: either
 * delta-seconds or an HTTP-date; a date in the past is 0. Returns -1 when the
 * value is missing or unreadable.
 */
gint64
pn_fetch_policy_parse_retry_after (const char *value,
                                   GDateTime  *now)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *trimmed = NULL;
  guint64 seconds;

  g_return_val_if_fail (now != NULL, -1);

  if (value == NULL)
    return -1;

  trimmed = g_strstrip (g_strdup (value));
  if (*trimmed == '\0')
    return -1;

  if (g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXINT64, &seconds, NULL))
    return MIN ((gint64) seconds, PN_FETCH_POLICY_RETRY_AFTER_MAX);

  date = soup_date_time_new_from_http_string (trimmed);
  if (date == NULL)
    return -1;

  return CLAMP (g_date_time_difference (date, now) / G_TIME_SPAN_SECOND,
                0, PN_FETCH_POLICY_RETRY_AFTER_MAX);
}

/* When to fetch next: never sooner than @min_interval seconds (the source's
 * refresh interval), after a failure no sooner than the backoff, and never
 * before the server's Retry-After (-1 when none).
 */
GDateTime *
pn_fetch_policy_next_fetch (GDateTime *now,
                            guint      consecutive_failures,
                            gint64     retry_after,
                            gint64     min_interval)
{
  gint64 delay;

  g_return_val_if_fail (now != NULL, NULL);

  delay = MAX (min_interval, 0);
  delay = MAX (delay, pn_fetch_policy_backoff_seconds (consecutive_failures));
  delay = MAX (delay, MIN (retry_after, PN_FETCH_POLICY_RETRY_AFTER_MAX));

  return g_date_time_add_seconds (now, (gdouble) delay);
}

/* TRUE when @source is enabled and its next fetch time has come. */
gboolean
pn_fetch_policy_is_due (PnSource  *source,
                        GDateTime *now)
{
  GDateTime *next;

  g_return_val_if_fail (PN_IS_SOURCE (source), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (!pn_source_get_enabled (source))
    return FALSE;

  next = pn_source_get_next_fetch (source);
  return next == NULL || g_date_time_compare (next, now) <= 0;
}

/* Records a failed refresh on @source: also for failures found after the
 * fetch succeeded, such as a body that is not a feed (code "not-a-feed").
 */
void
pn_fetch_policy_record_failure (PnSource   *source,
                                const char *code,
                                const char *message,
                                gint64      retry_after,
                                gint64      min_interval,
                                GDateTime  *now)
{
  g_autoptr(GDateTime) next = NULL;
  guint failures;

  g_return_if_fail (PN_IS_SOURCE (source));
  g_return_if_fail (code != NULL);
  g_return_if_fail (now != NULL);

  failures = pn_source_get_consecutive_failures (source);
  if (failures < G_MAXUINT)
    failures++;

  next = pn_fetch_policy_next_fetch (now, failures, retry_after, min_interval);

  g_object_freeze_notify (G_OBJECT (source));
  pn_source_set_last_fetched (source, now);
  pn_source_set_last_status (source, code);
  pn_source_set_last_error (source, message);
  pn_source_set_consecutive_failures (source, failures);
  pn_source_set_next_fetch (source, next);
  g_object_thaw_notify (G_OBJECT (source));
}

/* What a fetch result changes on its source:
 * - OK: new validators (cleared when the server stopped sending them);
 * - NOT_MODIFIED: validators refreshed when the 304 carried new ones;
 * - both: failures reset, error cleared, next fetch after @min_interval, and
 *   the URL replaced by the permanent-redirect target (only on success: a
 *   feed that "moved" to an error page keeps its URL);
 * - GONE: the source is disabled, with a message saying so;
 * - any other outcome: one more consecutive failure, backoff, Retry-After.
 */
void
pn_fetch_policy_apply_result (PnSource      *source,
                              PnFetchResult *result,
                              gint64         min_interval,
                              GDateTime     *now)
{
  g_autoptr(GDateTime) next = NULL;
  PnFetchOutcome outcome;

  g_return_if_fail (PN_IS_SOURCE (source));
  g_return_if_fail (PN_IS_FETCH_RESULT (result));
  g_return_if_fail (now != NULL);

  outcome = pn_fetch_result_get_outcome (result);

  if (outcome == PN_FETCH_OUTCOME_GONE)
    {
      g_object_freeze_notify (G_OBJECT (source));
      pn_fetch_policy_record_failure (source, pn_fetch_result_get_code (result),
                                      _("The feed is gone for good (HTTP 410) and will not be refreshed again"),
                                      -1, min_interval, now);
      pn_source_set_enabled (source, FALSE);
      g_object_thaw_notify (G_OBJECT (source));
      return;
    }

  if (!pn_fetch_result_is_success (result))
    {
      pn_fetch_policy_record_failure (source,
                                      pn_fetch_result_get_code (result),
                                      pn_fetch_result_get_message (result),
                                      pn_fetch_result_get_retry_after (result),
                                      min_interval, now);
      return;
    }

  next = pn_fetch_policy_next_fetch (now, 0, -1, min_interval);

  g_object_freeze_notify (G_OBJECT (source));
  if (outcome == PN_FETCH_OUTCOME_OK)
    {
      pn_source_set_etag (source, pn_fetch_result_get_etag (result));
      pn_source_set_last_modified (source, pn_fetch_result_get_last_modified (result));
    }
  else
    {
      if (pn_fetch_result_get_etag (result) != NULL)
        pn_source_set_etag (source, pn_fetch_result_get_etag (result));
      if (pn_fetch_result_get_last_modified (result) != NULL)
        pn_source_set_last_modified (source, pn_fetch_result_get_last_modified (result));
    }

  if (pn_fetch_result_get_permanent_url (result) != NULL)
    pn_source_set_url (source, pn_fetch_result_get_permanent_url (result));

  pn_source_set_last_fetched (source, now);
  pn_source_set_last_status (source, pn_fetch_result_get_code (result));
  pn_source_set_last_error (source, NULL);
  pn_source_set_consecutive_failures (source, 0);
  pn_source_set_next_fetch (source, next);
  g_object_thaw_notify (G_OBJECT (source));
}
