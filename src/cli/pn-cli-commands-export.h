/* pn-cli-commands-export.h — export and import-json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-cli.h"

G_BEGIN_DECLS

#define PN_CLI_EXPORT_USAGE \
  "(--collection NAME | --saved | --annotated | --story ID) " \
  "--format md|md-folder|html|epub|json|csv|webannotation [--annotations-csv] --output PATH"
#define PN_CLI_EXPORT_SUMMARY      N_("Export a collection, the saved stories, the annotated stories or one story")
#define PN_CLI_IMPORT_JSON_USAGE   "FILE"
#define PN_CLI_IMPORT_JSON_SUMMARY N_("Restore stories, annotations and collections from a JSON export")

int pn_cli_run_export      (PnCliContext *context, int argc, char **argv);
int pn_cli_run_import_json (PnCliContext *context, int argc, char **argv);

G_END_DECLS
