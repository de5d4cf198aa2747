/* pn-cli-commands-subscriptions.h — subscribe, refresh and OPML commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-cli.h"

G_BEGIN_DECLS

#define PN_CLI_SUBSCRIBE_USAGE      "URL [--folder NAME] [--title TITLE]"
#define PN_CLI_SUBSCRIBE_SUMMARY    N_("Subscribe to a feed, or find the feeds of a website")
#define PN_CLI_UNSUBSCRIBE_USAGE    "SOURCE-ID"
#define PN_CLI_UNSUBSCRIBE_SUMMARY  N_("Remove a subscription and its cached stories")
#define PN_CLI_REFRESH_USAGE        "[--jobs N] [--force] [SOURCE-ID…]"
#define PN_CLI_REFRESH_SUMMARY      N_("Fetch new stories from all sources, or from the ones given")
#define PN_CLI_IMPORT_OPML_USAGE    "FILE"
#define PN_CLI_IMPORT_OPML_SUMMARY  N_("Subscribe to the feeds listed in an OPML file")
#define PN_CLI_EXPORT_OPML_USAGE    "FILE"
#define PN_CLI_EXPORT_OPML_SUMMARY  N_("Write the subscriptions to an OPML file")
#define PN_CLI_SET_FULLTEXT_USAGE   "SOURCE-ID on|off"
#define PN_CLI_SET_FULLTEXT_SUMMARY N_("Fetch each new story’s full article for a source, or stop")

#define PN_CLI_FULLTEXT_USAGE       "STORY-ID"
#define PN_CLI_FULLTEXT_SUMMARY     N_("Fetch a story’s web page now and keep the article it holds")

int pn_cli_run_fulltext     (PnCliContext *context, int argc, char **argv);
int pn_cli_run_subscribe    (PnCliContext *context, int argc, char **argv);
int pn_cli_run_unsubscribe  (PnCliContext *context, int argc, char **argv);
int pn_cli_run_refresh      (PnCliContext *context, int argc, char **argv);
int pn_cli_run_import_opml  (PnCliContext *context, int argc, char **argv);
int pn_cli_run_export_opml  (PnCliContext *context, int argc, char **argv);
int pn_cli_run_set_fulltext (PnCliContext *context, int argc, char **argv);

G_END_DECLS
