/* pn-cli-commands-feed.h — prime-news-cli commands about feed documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-cli.h"

G_BEGIN_DECLS

#define PN_CLI_PARSE_USAGE   N_("[--base-url URL] FILE|-")
#define PN_CLI_PARSE_SUMMARY N_("Parse a feed file and print it as JSON")

int pn_cli_run_parse (PnCliContext  *context,
                      int            argc,
                      char         **argv);

G_END_DECLS
