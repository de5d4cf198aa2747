/* pn-cli-export.c — export and import-json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pn-core.h"
#include "pn-cli.h"
#include "pn-cli-commands-export.h"

static const PnCliCommand export_command = {
  "export", PN_CLI_EXPORT_USAGE, PN_CLI_EXPORT_SUMMARY, pn_cli_run_export
};
static const PnCliCommand import_json_command = {
  "import-json", PN_CLI_IMPORT_JSON_USAGE, PN_CLI_IMPORT_JSON_SUMMARY, pn_cli_run_import_json
};

int
pn_cli_run_export (PnCliContext  *context,
                   int            argc,
                   char         **argv)
{
  g_autofree char *collection_name = NULL;
  g_autofree char *story_id = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  gboolean saved = FALSE, annotated = FALSE, annotations_csv = FALSE;
  GOptionEntry entries[] = {
    { "collection", 0, 0, G_OPTION_ARG_STRING, &collection_name, N_("Export this collection"), N_("NAME") },
    { "saved", 0, 0, G_OPTION_ARG_NONE, &saved, N_("Export every saved story"), NULL },
    { "annotated", 0, 0, G_OPTION_ARG_NONE, &annotated, N_("Export the stories with annotations"), NULL },
    { "story", 0, 0, G_OPTION_ARG_STRING, &story_id, N_("Export one story"), N_("ID") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("The file format"), N_("FORMAT") },
    { "annotations-csv", 0, 0, G_OPTION_ARG_NONE, &annotations_csv,
      N_("With --format csv: one row per annotation instead of per story"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file (or folder, for md-folder) to write"), N_("PATH") },
    { NULL }
  };
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(PnExporter) exporter = NULL;
  g_autoptr(GError) error = NULL;
  PnExportScope scope;
  PnExportFormat format;
  const char *scope_id = NULL;
  int exit_code;

  if (!pn_cli_parse_options (&export_command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return pn_cli_usage_error (&export_command, _("Unexpected argument “%s”"), argv[1]);
  if ((collection_name != NULL) + saved + annotated + (story_id != NULL) != 1)
    return pn_cli_usage_error (&export_command,
                               _("Give exactly one of --collection, --saved, --annotated or --story"));
  if (format_name == NULL || output == NULL)
    return pn_cli_usage_error (&export_command, _("Give --format and --output"));
  if (!pn_export_format_from_string (format_name, &format))
    return pn_cli_usage_error (&export_command, _("Unknown format “%s”"), format_name);
  if (annotations_csv)
    {
      if (format != PN_EXPORT_FORMAT_CSV)
        return pn_cli_usage_error (&export_command, _("--annotations-csv goes with --format csv"));
      format = PN_EXPORT_FORMAT_CSV_ANNOTATIONS;
    }

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_READ_ONLY | PN_LIBRARY_LOAD_SAVED,
                                 &error);
  if (library == NULL)
    return pn_cli_fail (error);

  if (collection_name != NULL)
    {
      PnCollection *collection = pn_library_lookup_collection_by_name (library, collection_name);

      if (collection == NULL)
        collection = pn_library_lookup_collection (library, collection_name);
      if (collection == NULL)
        return pn_cli_fail_printf (_("There is no collection “%s”"), collection_name);
      scope = PN_EXPORT_SCOPE_COLLECTION;
      scope_id = pn_collection_get_id (collection);
    }
  else if (story_id != NULL)
    {
      scope = PN_EXPORT_SCOPE_STORY;
      scope_id = story_id;
    }
  else
    scope = saved ? PN_EXPORT_SCOPE_SAVED : PN_EXPORT_SCOPE_ANNOTATED;

  exporter = pn_exporter_new (library);
  if (!pn_exporter_export (exporter, scope, scope_id, format, output, NULL, &error))
    return pn_cli_fail (error);
  return PN_CLI_EXIT_OK;
}

int
pn_cli_run_import_json (PnCliContext  *context,
                        int            argc,
                        char         **argv)
{
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  PnJsonImportStats stats;
  int exit_code;

  if (!pn_cli_parse_options (&import_json_command, NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&import_json_command, _("Give the JSON export to read"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_SAVED, &error);
  if (library == NULL)
    return pn_cli_fail (error);

  if (!pn_json_import (library, argv[1], &stats, &error))
    {
      pn_library_flush (library, NULL);
      return pn_cli_fail (error);
    }
  exit_code = pn_cli_finish_change (library);
  if (exit_code == PN_CLI_EXIT_OK)
    printf (_("Imported %u new sources, %u new stories, %u new annotations, %u new collections\n"),
            stats.n_sources, stats.n_stories, stats.n_annotations, stats.n_collections);
  return exit_code;
}
