/* pn-cli-commands-store.h — the commands that read and change the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-cli.h"

G_BEGIN_DECLS

#define PN_CLI_USAGE_SOURCES "[--json]"
#define PN_CLI_USAGE_STORIES "[--source ID] [--unread] [--saved] [--collection NAME] [--search TEXT] [--json]"
#define PN_CLI_USAGE_SHOW "STORY-ID [--json]"
#define PN_CLI_USAGE_MARK_READ "STORY-ID…"
#define PN_CLI_USAGE_MARK_UNREAD "STORY-ID…"
#define PN_CLI_USAGE_SAVE "STORY-ID"
#define PN_CLI_USAGE_UNSAVE "STORY-ID"
#define PN_CLI_USAGE_ANNOTATE "STORY-ID (--note TEXT | --quote TEXT [--occurrence N] [--note TEXT])"
#define PN_CLI_USAGE_ANNOTATIONS "[STORY-ID] [--json]"
#define PN_CLI_USAGE_ANNOTATION_DELETE "ANNOTATION-ID"
#define PN_CLI_USAGE_COLLECTION "create NAME | add NAME STORY-ID… | remove NAME STORY-ID… | rename OLD NEW | delete NAME"
#define PN_CLI_USAGE_COLLECTIONS "[--json]"

int pn_cli_run_sources           (PnCliContext *context, int argc, char **argv);
int pn_cli_run_stories           (PnCliContext *context, int argc, char **argv);
int pn_cli_run_show              (PnCliContext *context, int argc, char **argv);
int pn_cli_run_mark_read         (PnCliContext *context, int argc, char **argv);
int pn_cli_run_mark_unread       (PnCliContext *context, int argc, char **argv);
int pn_cli_run_save              (PnCliContext *context, int argc, char **argv);
int pn_cli_run_unsave            (PnCliContext *context, int argc, char **argv);
int pn_cli_run_annotate          (PnCliContext *context, int argc, char **argv);
int pn_cli_run_annotations       (PnCliContext *context, int argc, char **argv);
int pn_cli_run_annotation_delete (PnCliContext *context, int argc, char **argv);
int pn_cli_run_collection        (PnCliContext *context, int argc, char **argv);
int pn_cli_run_collections       (PnCliContext *context, int argc, char **argv);

G_END_DECLS
