/* pn-cli-commands-fetch.h — commands that go to the network or read
 * subscription lists, without touching the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n.h>

#include "pn-cli.h"

G_BEGIN_DECLS

/* One spelling for the command table and the commands' own --help. */
#define PN_CLI_DISCOVER_USAGE     N_("URL")
#define PN_CLI_DISCOVER_SUMMARY   N_("Find the feeds of a website")
#define PN_CLI_OPML_CHECK_USAGE   N_("FILE")
#define PN_CLI_OPML_CHECK_SUMMARY N_("Check an OPML subscription list without importing it")

int pn_cli_run_discover   (PnCliContext  *context,
                           int            argc,
                           char         **argv);
int pn_cli_run_opml_check (PnCliContext  *context,
                           int            argc,
                           char         **argv);

G_END_DECLS
