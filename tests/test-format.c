/* test-format.c — how dates and excerpts read in the headline rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "pn-format.h"

typedef struct
{
  int         seconds_ago;
  const char *expected;
} RelativeCase;

static void
test_relative_recent (void)
{
  /* Noon local time, so "earlier today" and "yesterday" are unambiguous. */
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 30, 12, 0, 0);
  static const RelativeCase cases[] = {
    { -300, "Just now" },
    { 0, "Just now" },
    { 59, "Just now" },
    { 60, "1 min ago" },
    { 5 * 60, "5 min ago" },
    { 59 * 60, "59 min ago" },
    { 60 * 60, "1 hour ago" },
    { 3 * 3600, "3 hours ago" },
    { 11 * 3600 + 59 * 60, "11 hours ago" },
    { 13 * 3600, "Yesterday" },
    { 35 * 3600, "Yesterday" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_seconds (now, -cases[i].seconds_ago);
      g_autofree char *text = pn_format_relative_date (date, now);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_relative_older (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 30, 12, 0, 0);
  g_autoptr(GDateTime) three_days = g_date_time_new_local (2026, 11, 27, 9, 0, 0);
  g_autoptr(GDateTime) this_year = g_date_time_new_local (2026, 1, 24, 9, 0, 0);
  g_autoptr(GDateTime) last_year = g_date_time_new_local (2025, 1, 24, 9, 0, 0);
  g_autofree char *weekday = pn_format_relative_date (three_days, now);
  g_autofree char *day_month = pn_format_relative_date (this_year, now);
  g_autofree char *full = pn_format_relative_date (last_year, now);
  g_autofree char *none = pn_format_relative_date (NULL, now);

  g_assert_cmpstr (weekday, ==, "Friday");
  g_assert_cmpstr (day_month, ==, "24 Jan");
  g_assert_cmpstr (full, ==, "24 Jan 2025");
  g_assert_cmpstr (none, ==, "");
}

static void
test_excerpt (void)
{
  static const struct {
    const char *html;
    guint       max_chars;
    const char *expected;
  } cases[] = {
    { "<p>Hello <b>world</b></p>", 100, "Hello world" },
    { "<p>One</p><p>Two</p>", 100, "One Two" },
    { "<p>on <b>Sunday</b>. <a href=\"x\">Link</a>s</p>", 100, "on Sunday. Links" },
    { "<p>line<br/>break</p>", 100, "line break" },
    { "  <p>\n spaced \t out </p> ", 100, "spaced out" },
    { "R&amp;D &lt;beta&gt; &quot;q&quot; it&#39;s&nbsp;ok", 100, "R&D <beta> \"q\" it's ok" },
    { "<p>Ünïcödé 東京 ✓</p>", 100, "Ünïcödé 東京 ✓" },
    { "<p>abcdef</p>", 3, "abc" },
    { "東京都庁", 2, "東京" },
    { "<img src=\"x.png\" alt=\"a > b\">after", 100, "after" },
    { "<a title='it > is'>link</a> text", 100, "link text" },
    { "", 100, "" },
    { NULL, 100, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *excerpt = pn_format_excerpt (cases[i].html, cases[i].max_chars);

      g_assert_true (g_utf8_validate (excerpt, -1, NULL));
      g_assert_cmpstr (excerpt, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/relative/recent", test_relative_recent);
  g_test_add_func ("/format/relative/older", test_relative_older);
  g_test_add_func ("/format/excerpt", test_excerpt);

  return g_test_run ();
}
