/* test-fetch-policy.c — politeness rules without a network: backoff,
 * Retry-After, minimum interval, and what each outcome does to a source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-core.h"

static GDateTime *
fixed_now (void)
{
  /* A Sunday, so that HTTP-dates below are easy to check by eye. */
  return g_date_time_new_utc (2026, 11, 29, 12, 0, 0);
}

typedef struct
{
  guint  failures;
  gint64 seconds;
} BackoffCase;

static const BackoffCase backoff_cases[] = {
  { 0, 0 },
  { 1, 60 },
  { 2, 120 },
  { 3, 240 },
  { 5, 960 },
  { 10, 30720 },
  { 11, 61440 },
  { 12, 86400 },
  { 20, 86400 },
  { 64, 86400 },
  { G_MAXUINT, 86400 },
};

static void
test_backoff (gconstpointer data)
{
  const BackoffCase *c = data;

  g_assert_cmpint (pn_fetch_policy_backoff_seconds (c->failures), ==, c->seconds);
}

typedef struct
{
  const char *value;
  gint64      seconds;
} RetryAfterCase;

static const RetryAfterCase retry_after_cases[] = {
  { "120", 120 },
  { "  30 ", 30 },
  { "0", 0 },
  /* IMF-fixdate, RFC 850 and asctime forms, all 5 minutes after "now". */
  { "Sun, 29 Nov 2026 12:05:00 GMT", 300 },
  { "Sunday, 29-Nov-26 12:05:00 GMT", 300 },
  { "Sun Nov 29 12:05:00 2026", 300 },
  /* A date in the past means "now". */
  { "Sat, 28 Nov 2026 12:00:00 GMT", 0 },
  /* Capped at a week. */
  { "99999999999", PN_FETCH_POLICY_RETRY_AFTER_MAX },
  { "Tue, 29 Nov 2033 12:00:00 GMT", PN_FETCH_POLICY_RETRY_AFTER_MAX },
  { "", -1 },
  { "soon", -1 },
  { "-5", -1 },
  { "1.5", -1 },
  { NULL, -1 },
};

static void
test_retry_after (gconstpointer data)
{
  const RetryAfterCase *c = data;
  g_autoptr(GDateTime) now = fixed_now ();

  g_assert_cmpint (pn_fetch_policy_parse_retry_after (c->value, now), ==, c->seconds);
}

static void
test_next_fetch (void)
{
  g_autoptr(GDateTime) now = fixed_now ();
  struct {
    guint  failures;
    gint64 retry_after;
    gint64 min_interval;
    gint64 expected;
  } cases[] = {
    { 0, -1, 0, 0 },
    { 0, -1, 1800, 1800 },      /* success: the source's interval */
    { 1, -1, 0, 60 },           /* first failure: a minute */
    { 1, -1, 1800, 1800 },      /* never sooner than the interval */
    { 4, -1, 60, 480 },         /* backoff beyond the interval */
    { 1, 3600, 0, 3600 },       /* Retry-After beats the backoff */
    { 8, 10, 0, 7680 },         /* …but not a longer backoff */
    { 30, -1, 0, 86400 },       /* capped at a day */
    { 1, G_MAXINT64, 0, PN_FETCH_POLICY_RETRY_AFTER_MAX },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) next = pn_fetch_policy_next_fetch (now, cases[i].failures,
                                                              cases[i].retry_after,
                                                              cases[i].min_interval);

      g_assert_cmpint (g_date_time_difference (next, now) / G_TIME_SPAN_SECOND, ==, cases[i].expected);
    }
}

static PnSource *
make_source (void)
{
  PnSource *source = pn_source_new ("id", "https://example.org/feed.xml");

  pn_source_set_etag (source, "\"old\"");
  pn_source_set_last_modified (source, "Sat, 01 Nov 2026 00:00:00 GMT");
  return source;
}

static void
test_apply_ok (void)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(PnSource) source = make_source ();
  g_autoptr(PnFetchResult) failure = g_object_new (PN_TYPE_FETCH_RESULT, "outcome", PN_FETCH_OUTCOME_TIMEOUT,
                                                  "message", "The server did not answer within 30 seconds",
                                                  NULL);
  g_autoptr(PnFetchResult) ok = g_object_new (PN_TYPE_FETCH_RESULT, "outcome", PN_FETCH_OUTCOME_OK,
                                             "etag", "\"new\"",
                                             "status", 200,
                                             NULL);

  pn_fetch_policy_apply_result (source, failure, 900, now);
  pn_fetch_policy_apply_result (source, failure, 900, now);
  g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 2);
  g_assert_cmpstr (pn_source_get_last_status (source), ==, "timeout");
  g_assert_cmpstr (pn_source_get_last_error (source), ==, "The server did not answer within 30 seconds");
  /* Validators survive failures. */
  g_assert_cmpstr (pn_source_get_etag (source), ==, "\"old\"");

  pn_fetch_policy_apply_result (source, ok, 900, now);
  g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 0);
  g_assert_cmpstr (pn_source_get_last_status (source), ==, "ok");
  g_assert_null (pn_source_get_last_error (source));
  g_assert_cmpstr (pn_source_get_etag (source), ==, "\"new\"");
  /* The server stopped sending Last-Modified: forget the old one. */
  g_assert_null (pn_source_get_last_modified (source));
  g_assert_true (g_date_time_equal (pn_source_get_last_fetched (source), now));
  g_assert_cmpint (g_date_time_difference (pn_source_get_next_fetch (source), now), ==,
                   900 * G_TIME_SPAN_SECOND);
  g_assert_cmpstr (pn_source_get_url (source), ==, "https://example.org/feed.xml");
}

static void
test_apply_not_modified (void)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(PnSource) source = make_source ();
  g_autoptr(PnFetchResult) result = g_object_new (PN_TYPE_FETCH_RESULT, "outcome", PN_FETCH_OUTCOME_NOT_MODIFIED, "status", 304, NULL);

  pn_fetch_policy_apply_result (source, result, 0, now);
  g_assert_cmpstr (pn_source_get_last_status (source), ==, "not-modified");
  /* A 304 without validators keeps the ones we sent. */
  g_assert_cmpstr (pn_source_get_etag (source), ==, "\"old\"");
  g_assert_cmpstr (pn_source_get_last_modified (source), ==, "Sat, 01 Nov 2026 00:00:00 GMT");
}

static void
test_apply_backoff_grows (void)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(PnSource) source = make_source ();
  g_autoptr(PnFetchResult) result = g_object_new (PN_TYPE_FETCH_RESULT, "outcome", PN_FETCH_OUTCOME_CONNECTION_REFUSED, "message", "refused", NULL);
  gint64 previous = 0;

  for (guint i = 1; i <= 15; i++)
    {
      gint64 delay;

      pn_fetch_policy_apply_result (source, result, 0, now);
      delay = g_date_time_difference (pn_source_get_next_fetch (source), now) / G_TIME_SPAN_SECOND;
      g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, i);
      g_assert_cmpint (delay, ==, pn_fetch_policy_backoff_seconds (i));
      g_assert_cmpint (delay, >=, previous);
      g_assert_cmpint (delay, <=, PN_FETCH_POLICY_BACKOFF_MAX);
      previous = delay;
    }
  g_assert_cmpint (previous, ==, PN_FETCH_POLICY_BACKOFF_MAX);
  g_assert_true (pn_source_get_enabled (source));
}

static void
test_apply_gone (void)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(PnSource) source = make_source ();
  g_autoptr(PnFetchResult) result = g_object_new (PN_TYPE_FETCH_RESULT, "outcome", PN_FETCH_OUTCOME_GONE, "status", 410,
                                                 "message", "Gone for good", NULL);

  g_assert_true (pn_fetch_policy_is_due (source, now));
  pn_fetch_policy_apply_result (source, result, 0, now);
  g_assert_false (pn_source_get_enabled (source));
  g_assert_cmpstr (pn_source_get_last_status (source), ==, "gone");
  g_assert_nonnull (strstr (pn_source_get_last_error (source), "HTTP 410"));
  g_assert_false (pn_fetch_policy_is_due (source, now));
}

static void
test_apply_permanent_redirect (void)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(PnSource) source = make_source ();
  g_autoptr(PnFetchResult) moved_to_error = g_object_new (PN_TYPE_FETCH_RESULT, "outcome", PN_FETCH_OUTCOME_HTTP_ERROR, "status", 404,
                                                         "permanent-url", "https://example.org/broken",
                                                         NULL);
  g_autoptr(PnFetchResult) moved = g_object_new (PN_TYPE_FETCH_RESULT, "outcome", PN_FETCH_OUTCOME_OK, "status", 200,
                                                "permanent-url", "https://example.org/new.xml",
                                                NULL);

  /* A feed that moved to an error page keeps its address. */
  pn_fetch_policy_apply_result (source, moved_to_error, 0, now);
  g_assert_cmpstr (pn_source_get_url (source), ==, "https://example.org/feed.xml");

  pn_fetch_policy_apply_result (source, moved, 0, now);
  g_assert_cmpstr (pn_source_get_url (source), ==, "https://example.org/new.xml");
}

static void
test_record_failure (void)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(PnSource) source = make_source ();

  /* What the lead's refresh records when a 200 body is not a feed. */
  pn_fetch_policy_record_failure (source, "not-a-feed", "The address is a web page, not a feed",
                                  -1, 0, now);
  g_assert_cmpstr (pn_source_get_last_status (source), ==, "not-a-feed");
  g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 1);
  g_assert_cmpint (g_date_time_difference (pn_source_get_next_fetch (source), now), ==,
                   60 * G_TIME_SPAN_SECOND);
}

static void
test_is_due (void)
{
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 1);
  g_autoptr(GDateTime) earlier = g_date_time_add_seconds (now, -1);
  g_autoptr(PnSource) source = make_source ();

  g_assert_true (pn_fetch_policy_is_due (source, now));
  pn_source_set_next_fetch (source, later);
  g_assert_false (pn_fetch_policy_is_due (source, now));
  pn_source_set_next_fetch (source, now);
  g_assert_true (pn_fetch_policy_is_due (source, now));
  pn_source_set_next_fetch (source, earlier);
  g_assert_true (pn_fetch_policy_is_due (source, now));
  pn_source_set_enabled (source, FALSE);
  g_assert_false (pn_fetch_policy_is_due (source, now));
}

static void
test_outcome_codes (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PN_TYPE_FETCH_OUTCOME);

  g_assert_cmpstr (pn_fetch_outcome_to_code (PN_FETCH_OUTCOME_OK), ==, "ok");
  g_assert_cmpstr (pn_fetch_outcome_to_code (PN_FETCH_OUTCOME_NOT_MODIFIED), ==, "not-modified");
  g_assert_cmpstr (pn_fetch_outcome_to_code (PN_FETCH_OUTCOME_TIMEOUT), ==, "timeout");
  g_assert_cmpstr (pn_fetch_outcome_to_code (PN_FETCH_OUTCOME_NETWORK_ERROR), ==, "network-error");
  /* Every outcome has a distinct code. */
  for (guint i = 0; i < klass->n_values; i++)
    for (guint j = i + 1; j < klass->n_values; j++)
      g_assert_cmpstr (klass->values[i].value_nick, !=, klass->values[j].value_nick);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (backoff_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fetch-policy/backoff/%u", backoff_cases[i].failures);

      g_test_add_data_func (path, &backoff_cases[i], test_backoff);
    }
  for (guint i = 0; i < G_N_ELEMENTS (retry_after_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fetch-policy/retry-after/%u", i);

      g_test_add_data_func (path, &retry_after_cases[i], test_retry_after);
    }
  g_test_add_func ("/fetch-policy/next-fetch", test_next_fetch);
  g_test_add_func ("/fetch-policy/apply/ok", test_apply_ok);
  g_test_add_func ("/fetch-policy/apply/not-modified", test_apply_not_modified);
  g_test_add_func ("/fetch-policy/apply/backoff", test_apply_backoff_grows);
  g_test_add_func ("/fetch-policy/apply/gone", test_apply_gone);
  g_test_add_func ("/fetch-policy/apply/permanent-redirect", test_apply_permanent_redirect);
  g_test_add_func ("/fetch-policy/record-failure", test_record_failure);
  g_test_add_func ("/fetch-policy/is-due", test_is_due);
  g_test_add_func ("/fetch-policy/outcome-codes", test_outcome_codes);

  return g_test_run ();
}
