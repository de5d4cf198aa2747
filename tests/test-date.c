/* test-date.c — dates as feeds write them, read into UTC
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-core.h"

typedef struct
{
  const char *text;
  /* RFC 3339 in UTC, or NULL when the text must be refused. */
  const char *utc;
} DateCase;

static const DateCase date_cases[] = {
  /* RFC 822 / 1123 / 2822 */
  { "Thu, 15 Apr 2004 07:48:00 GMT", "2004-04-15T07:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 +0000", "2004-04-15T07:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 -0000", "2004-04-15T07:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 UT", "2004-04-15T07:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 UTC", "2004-04-15T07:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 Z", "2004-04-15T07:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 EST", "2004-04-15T12:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 EDT", "2004-04-15T11:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 CST", "2004-04-15T13:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 CDT", "2004-04-15T12:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 MST", "2004-04-15T14:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 MDT", "2004-04-15T13:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 PST", "2004-04-15T15:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 PDT", "2004-04-15T14:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 A", "2004-04-15T06:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 M", "2004-04-14T19:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 N", "2004-04-15T08:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 Y", "2004-04-15T19:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 +0530", "2004-04-15T02:18:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 -0930", "2004-04-15T17:18:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 +05:30", "2004-04-15T02:18:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 GMT+0200", "2004-04-15T05:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00 -0700 (PDT)", "2004-04-15T14:48:00Z" },
  { "15 Apr 2004 07:48:00 GMT", "2004-04-15T07:48:00Z" },
  { "Mon, 15 Apr 2004 07:48:00 GMT", "2004-04-15T07:48:00Z" },
  { "Thursday, 15 Apr 2004 07:48:00 GMT", "2004-04-15T07:48:00Z" },
  { "Tues, 13 Apr 2004 07:48:00 GMT", "2004-04-13T07:48:00Z" },
  { "Thu, 15 Apr 2004 07:48 GMT", "2004-04-15T07:48:00Z" },
  { "Thu, 5 Apr 2004 07:48:00 GMT", "2004-04-05T07:48:00Z" },
  { "Thu, 15 Apr 04 07:48:00 GMT", "2004-04-15T07:48:00Z" },
  { "Thu, 15 Apr 99 07:48:00 GMT", "1999-04-15T07:48:00Z" },
  { "Thu, 15 Apr 104 07:48:00 GMT", "2004-04-15T07:48:00Z" },
  { "Thu, 15 Apr 2004 7:48:00 GMT", "2004-04-15T07:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00", "2004-04-15T07:48:00Z" },
  { "Thu, 15 Apr 2004", "2004-04-15T00:00:00Z" },
  { "Thu,15 Apr 2004 07:48:00 GMT", "2004-04-15T07:48:00Z" },
  { "  Thu, 15 Apr 2004 07:48:00 GMT  ", "2004-04-15T07:48:00Z" },
  { "thu, 15 apr 2004 07:48:00 gmt", "2004-04-15T07:48:00Z" },
  { "Thu, 15 April 2004 07:48:00 GMT", "2004-04-15T07:48:00Z" },
  { "Wed, 15 Sept 2004 07:48:00 GMT", "2004-09-15T07:48:00Z" },
  { "Thu, 15 Apr 2004 07:48:00.123 GMT", "2004-04-15T07:48:00Z" },
  { "Thursday, 15-Apr-04 07:48:00 GMT", "2004-04-15T07:48:00Z" },
  { "Thu Apr 15 07:48:00 2004", "2004-04-15T07:48:00Z" },
  { "Apr 15, 2004 07:48:00 PM GMT", "2004-04-15T19:48:00Z" },
  { "Apr 15, 2004 12:05 AM", "2004-04-15T00:05:00Z" },
  { "Sun, 31 Dec 2006 23:59:60 GMT", "2006-12-31T23:59:59Z" },
  { "Sat, 29 Feb 2020 10:00:00 CET", "2020-02-29T09:00:00Z" },
  { "Tue, 10 Jun 2003 04:00:00 AEST", "2003-06-09T18:00:00Z" },
  { "Fri, 1 Jan 2010 00:00:00 -0800", "2010-01-01T08:00:00Z" },
  /* ISO 8601, RFC 3339, W3C-DTF */
  { "2004-04-15T07:48:00Z", "2004-04-15T07:48:00Z" },
  { "2004-04-15T07:48:00+00:00", "2004-04-15T07:48:00Z" },
  { "2004-04-15T09:48:00+02:00", "2004-04-15T07:48:00Z" },
  { "2004-04-15T02:48:00-05:00", "2004-04-15T07:48:00Z" },
  { "2004-04-15T07:48:00.25Z", "2004-04-15T07:48:00Z" },
  { "2004-04-15T07:48:00,5Z", "2004-04-15T07:48:00Z" },
  { "2004-04-15T07:48:00.123456789-01:00", "2004-04-15T08:48:00Z" },
  { "2004-04-15T07:48Z", "2004-04-15T07:48:00Z" },
  { "2004-04-15T07:48:00", "2004-04-15T07:48:00Z" },
  { "2004-04-15 07:48:00", "2004-04-15T07:48:00Z" },
  { "2004-04-15 07:48:00 +0100", "2004-04-15T06:48:00Z" },
  { "2004-04-15 07:48:00 GMT", "2004-04-15T07:48:00Z" },
  { "2004-04-15t07:48:00z", "2004-04-15T07:48:00Z" },
  { "2004-04-15T07:48:00+0530", "2004-04-15T02:18:00Z" },
  { "2004-04-15T07:48:00+05", "2004-04-15T02:48:00Z" },
  { "2004-04-15", "2004-04-15T00:00:00Z" },
  { "2004-04", "2004-04-01T00:00:00Z" },
  { "2004", "2004-01-01T00:00:00Z" },
  { "20040415T074800Z", "2004-04-15T07:48:00Z" },
  { "20040415", "2004-04-15T00:00:00Z" },
  { "2004-04-15T23:30:00-05:00", "2004-04-16T04:30:00Z" },
  { "2000-01-01T00:30:00+01:00", "1999-12-31T23:30:00Z" },
  /* Refused: absent, not "now". */
  { "", NULL },
  { "   ", NULL },
  { "yesterday", NULL },
  { "Thu, 32 Apr 2004 07:48:00 GMT", NULL },
  { "Thu, 31 Apr 2004 07:48:00 GMT", NULL },
  { "Thu, 29 Feb 2003 07:48:00 GMT", NULL },
  { "Thu, 15 Foo 2004 07:48:00 GMT", NULL },
  { "Thu, 15 Apr 2004 25:00:00 GMT", NULL },
  { "Thu, 15 Apr 2004 07:61:00 GMT", NULL },
  { "Thu, 15 Apr 2004 07:48:00 XYZ", NULL },
  { "2004-13-01T00:00:00Z", NULL },
  { "2004-04-15T07:48:00+25:00", NULL },
  { "2004-04-15T07:48:00 nonsense", NULL },
  { "15 Apr", NULL },
  { "0000-01-01", NULL },
  { "1234567890", NULL },
};

static void
test_date_case (gconstpointer data)
{
  const DateCase *date_case = data;
  g_autoptr(GDateTime) date = pn_date_parse (date_case->text);

  if (date_case->utc == NULL)
    {
      g_assert_null (date);
      return;
    }

  g_assert_nonnull (date);
  {
    g_autofree char *formatted = pn_date_format_utc (date);

    g_assert_cmpstr (formatted, ==, date_case->utc);
    g_assert_cmpint (g_date_time_get_utc_offset (date), ==, 0);
  }
}

static void
test_separate_parsers (void)
{
  g_autoptr(GDateTime) rfc = pn_date_parse_rfc822 ("Thu, 15 Apr 2004 07:48:00 GMT");
  g_autoptr(GDateTime) iso = pn_date_parse_iso8601 ("2004-04-15T07:48:00Z");
  g_autoptr(GDateTime) rfc_of_iso = pn_date_parse_rfc822 ("2004-04-15T07:48:00Z");
  g_autoptr(GDateTime) iso_of_rfc = pn_date_parse_iso8601 ("Thu, 15 Apr 2004 07:48:00 GMT");

  g_assert_nonnull (rfc);
  g_assert_nonnull (iso);
  g_assert_true (g_date_time_equal (rfc, iso));
  g_assert_null (rfc_of_iso);
  g_assert_null (iso_of_rfc);
  g_assert_null (pn_date_parse (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpuint (G_N_ELEMENTS (date_cases), >=, 60);
  for (guint i = 0; i < G_N_ELEMENTS (date_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/date/%02u %s", i, date_cases[i].text);

      g_strdelimit (name + 6, "/", '_');
      g_test_add_data_func (name, &date_cases[i], test_date_case);
    }
  g_test_add_func ("/date/separate-parsers", test_separate_parsers);

  return g_test_run ();
}
