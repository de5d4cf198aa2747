/* test-cli.c — prime-news-cli's contract: help, version, exit codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include "pn-test-cli.h"

static void
test_version (void)
{
  g_auto(PnTestCliResult) result = { 0 };

  pn_test_cli_run (&result, NULL, (const char *[]) { "--version", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "prime-news-cli "));
  g_assert_true (g_regex_match_simple ("^prime-news-cli [0-9]+\\.[0-9]+\\.[0-9]+\n$", result.out, 0, 0));
}

static void
test_help (void)
{
  g_auto(PnTestCliResult) result = { 0 };

  pn_test_cli_run (&result, NULL, (const char *[]) { "--help", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "Usage: prime-news-cli"));
  g_assert_nonnull (strstr (result.out, "--data-dir"));
  g_assert_nonnull (strstr (result.out, "help"));
}

static void
test_usage_errors (void)
{
  g_auto(PnTestCliResult) none = { 0 };
  g_auto(PnTestCliResult) unknown = { 0 };
  g_auto(PnTestCliResult) bad_option = { 0 };

  pn_test_cli_run (&none, NULL, (const char *[]) { NULL });
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "Usage:"));

  pn_test_cli_run (&unknown, NULL, (const char *[]) { "frobnicate", NULL });
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_true (g_str_has_prefix (unknown.err, "prime-news-cli: "));
  g_assert_nonnull (strstr (unknown.err, "frobnicate"));

  pn_test_cli_run (&bad_option, NULL, (const char *[]) { "--bogus", NULL });
  g_assert_cmpint (bad_option.status, ==, 2);
  g_assert_nonnull (strstr (bad_option.err, "--bogus"));
}

static void
test_help_command (void)
{
  g_auto(PnTestCliResult) overview = { 0 };
  g_auto(PnTestCliResult) unknown = { 0 };

  pn_test_cli_run (&overview, NULL, (const char *[]) { "--data-dir", "/nonexistent", "help", NULL });
  g_assert_cmpint (overview.status, ==, 0);
  g_assert_nonnull (strstr (overview.out, "Commands:"));

  pn_test_cli_run (&unknown, NULL, (const char *[]) { "help", "nope", NULL });
  g_assert_cmpint (unknown.status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/help-command", test_help_command);

  return g_test_run ();
}
