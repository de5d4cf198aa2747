/* test-cli.c — prime-news-cli's contract: help, version, exit codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

static void
run_cli (CliResult          *result,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("PN_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (process);
}

static void
test_version (void)
{
  g_auto(CliResult) result = { 0 };

  run_cli (&result, (const char *[]) { "--version", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "prime-news-cli "));
  g_assert_true (g_regex_match_simple ("^prime-news-cli [0-9]+\\.[0-9]+\\.[0-9]+\n$", result.out, 0, 0));
}

static void
test_help (void)
{
  g_auto(CliResult) result = { 0 };

  run_cli (&result, (const char *[]) { "--help", NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "Usage: prime-news-cli"));
  g_assert_nonnull (strstr (result.out, "--data-dir"));
  g_assert_nonnull (strstr (result.out, "help"));
}

static void
test_usage_errors (void)
{
  g_auto(CliResult) none = { 0 };
  g_auto(CliResult) unknown = { 0 };
  g_auto(CliResult) bad_option = { 0 };

  run_cli (&none, (const char *[]) { NULL });
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "Usage:"));

  run_cli (&unknown, (const char *[]) { "frobnicate", NULL });
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_true (g_str_has_prefix (unknown.err, "prime-news-cli: "));
  g_assert_nonnull (strstr (unknown.err, "frobnicate"));

  run_cli (&bad_option, (const char *[]) { "--bogus", NULL });
  g_assert_cmpint (bad_option.status, ==, 2);
  g_assert_nonnull (strstr (bad_option.err, "--bogus"));
}

static void
test_help_command (void)
{
  g_auto(CliResult) overview = { 0 };
  g_auto(CliResult) unknown = { 0 };

  run_cli (&overview, (const char *[]) { "--data-dir", "/nonexistent", "help", NULL });
  g_assert_cmpint (overview.status, ==, 0);
  g_assert_nonnull (strstr (overview.out, "Commands:"));

  run_cli (&unknown, (const char *[]) { "help", "nope", NULL });
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
