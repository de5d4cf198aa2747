/* pn-cli-document.c — prime-news-cli document: show the PnDocument of HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pn-core.h"
#include "pn-cli-commands-content.h"

static const PnCliCommand document_command = {
  "document", PN_CLI_DOCUMENT_USAGE, PN_CLI_DOCUMENT_SUMMARY, pn_cli_run_document
};

int
pn_cli_run_document (PnCliContext  *context,
                     int            argc,
                     char         **argv)
{
  g_autofree char *contents = NULL;
  g_autofree char *sanitized = NULL;
  g_autofree char *json = NULL;
  g_autoptr(PnDocument) document = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json_only = FALSE;
  gboolean text_only = FALSE;
  gsize length = 0;
  int exit_code = PN_CLI_EXIT_OK;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_only, N_("Print only the JSON"), NULL },
    { "text", 0, 0, G_OPTION_ARG_NONE, &text_only, N_("Print only the plain text"), NULL },
    { NULL }
  };

  if (!pn_cli_parse_options (&document_command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&document_command, _("Expected one FILE, or - for standard input"));
  if (json_only && text_only)
    return pn_cli_usage_error (&document_command, _("--json and --text cannot be combined"));
  if (!pn_cli_read_input (argv[1], &contents, &length, &error))
    return pn_cli_fail (error);

  /* The input may be raw HTML: the document only ever sees sanitized HTML. */
  sanitized = pn_html_sanitize (contents, length, NULL);
  document = pn_document_new_from_html (sanitized, -1);

  if (!text_only)
    {
      node = pn_document_to_json (document);
      json = json_to_string (node, TRUE);
      printf ("%s\n", json);
    }
  if (!json_only && !text_only)
    printf ("---\n");
  if (!json_only)
    printf ("%s\n", pn_document_get_text (document));
  return PN_CLI_EXIT_OK;
}
