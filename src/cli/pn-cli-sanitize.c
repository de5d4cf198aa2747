/* pn-cli-sanitize.c — prime-news-cli sanitize: print sanitized HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pn-core.h"
#include "pn-cli-commands-content.h"

static const PnCliCommand sanitize_command = {
  "sanitize", PN_CLI_SANITIZE_USAGE, PN_CLI_SANITIZE_SUMMARY, pn_cli_run_sanitize
};

int
pn_cli_run_sanitize (PnCliContext  *context,
                     int            argc,
                     char         **argv)
{
  g_autofree char *base_url = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sanitized = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  int exit_code = PN_CLI_EXIT_OK;
  GOptionEntry entries[] = {
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, N_("Resolve relative links against URL"), N_("URL") },
    { NULL }
  };

  if (!pn_cli_parse_options (&sanitize_command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&sanitize_command, _("Expected one FILE, or - for standard input"));
  if (!pn_cli_read_input (argv[1], &contents, &length, &error))
    return pn_cli_fail (error);

  sanitized = pn_html_sanitize (contents, length, base_url);
  printf ("%s\n", sanitized);
  return PN_CLI_EXIT_OK;
}
