/* pn-cli-commands-content.h — the content pipeline's commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-cli.h"

G_BEGIN_DECLS

/* Each command's row in pn-cli-main.c's table and its own usage messages
 * share these strings.
 */
#define PN_CLI_SANITIZE_USAGE   N_("[--base-url URL] FILE|-")
#define PN_CLI_SANITIZE_SUMMARY N_("Print the sanitized form of an HTML file")
#define PN_CLI_DOCUMENT_USAGE   N_("[--json|--text] FILE|-")
#define PN_CLI_DOCUMENT_SUMMARY N_("Print the document model (JSON, then plain text) of HTML")
#define PN_CLI_EXTRACT_USAGE    N_("[--url URL] FILE|-")
#define PN_CLI_EXTRACT_SUMMARY  N_("Extract the article of a web page (reader mode) as JSON")

int      pn_cli_run_sanitize (PnCliContext  *context,
                              int            argc,
                              char         **argv);
int      pn_cli_run_document (PnCliContext  *context,
                              int            argc,
                              char         **argv);
int      pn_cli_run_extract  (PnCliContext  *context,
                              int            argc,
                              char         **argv);

gboolean pn_cli_read_input   (const char    *path,
                              char         **contents,
                              gsize         *length,
                              GError       **error);

G_END_DECLS
