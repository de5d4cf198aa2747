/* pn-cli-main.c — prime-news-cli: script the library without the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "pn-core.h"
#include "pn-cli.h"
#include "pn-cli-commands-content.h"
#include "pn-cli-commands-feed.h"
#include "pn-cli-commands-subscriptions.h"
#include "pn-cli-commands-fetch.h"
#include "pn-cli-commands-store.h"
#include "pn-cli-commands-export.h"

static int run_help (PnCliContext *context, int argc, char **argv);

/* One row per subcommand; later commands add their row here. */
static const PnCliCommand commands[] = {
  { "help", "[COMMAND]", N_("Show help for a command"), run_help },
  { "sanitize", PN_CLI_SANITIZE_USAGE, PN_CLI_SANITIZE_SUMMARY, pn_cli_run_sanitize },
  { "document", PN_CLI_DOCUMENT_USAGE, PN_CLI_DOCUMENT_SUMMARY, pn_cli_run_document },
  { "parse", PN_CLI_PARSE_USAGE, PN_CLI_PARSE_SUMMARY, pn_cli_run_parse },
  { "subscribe", PN_CLI_SUBSCRIBE_USAGE, PN_CLI_SUBSCRIBE_SUMMARY, pn_cli_run_subscribe, TRUE },
  { "unsubscribe", PN_CLI_UNSUBSCRIBE_USAGE, PN_CLI_UNSUBSCRIBE_SUMMARY, pn_cli_run_unsubscribe, TRUE },
  { "refresh", PN_CLI_REFRESH_USAGE, PN_CLI_REFRESH_SUMMARY, pn_cli_run_refresh, TRUE },
  { "import-opml", PN_CLI_IMPORT_OPML_USAGE, PN_CLI_IMPORT_OPML_SUMMARY, pn_cli_run_import_opml, TRUE },
  { "export-opml", PN_CLI_EXPORT_OPML_USAGE, PN_CLI_EXPORT_OPML_SUMMARY, pn_cli_run_export_opml, TRUE },
  { "set-fulltext", PN_CLI_SET_FULLTEXT_USAGE, PN_CLI_SET_FULLTEXT_SUMMARY, pn_cli_run_set_fulltext, TRUE },
  { "fulltext", PN_CLI_FULLTEXT_USAGE, PN_CLI_FULLTEXT_SUMMARY, pn_cli_run_fulltext, TRUE },
  { "discover", PN_CLI_DISCOVER_USAGE, PN_CLI_DISCOVER_SUMMARY, pn_cli_run_discover },
  { "opml-check", PN_CLI_OPML_CHECK_USAGE, PN_CLI_OPML_CHECK_SUMMARY, pn_cli_run_opml_check },
  { "sources", PN_CLI_USAGE_SOURCES, N_("List the sources"), pn_cli_run_sources, TRUE },
  { "stories", PN_CLI_USAGE_STORIES, N_("List stories"), pn_cli_run_stories, TRUE },
  { "show", PN_CLI_USAGE_SHOW, N_("Show a story and its annotations"), pn_cli_run_show, TRUE },
  { "mark-read", PN_CLI_USAGE_MARK_READ, N_("Mark stories read"), pn_cli_run_mark_read, TRUE },
  { "mark-unread", PN_CLI_USAGE_MARK_UNREAD, N_("Mark stories unread"), pn_cli_run_mark_unread, TRUE },
  { "save", PN_CLI_USAGE_SAVE, N_("Save a story"), pn_cli_run_save, TRUE },
  { "unsave", PN_CLI_USAGE_UNSAVE, N_("Remove a story from the saved stories"), pn_cli_run_unsave, TRUE },
  { "annotate", PN_CLI_USAGE_ANNOTATE, N_("Add a note or a highlight to a story"), pn_cli_run_annotate, TRUE },
  { "annotations", PN_CLI_USAGE_ANNOTATIONS, N_("List annotations"), pn_cli_run_annotations, TRUE },
  { "annotation-delete", PN_CLI_USAGE_ANNOTATION_DELETE, N_("Delete an annotation"), pn_cli_run_annotation_delete, TRUE },
  { "collection", PN_CLI_USAGE_COLLECTION, N_("Change collections"), pn_cli_run_collection, TRUE },
  { "collections", PN_CLI_USAGE_COLLECTIONS, N_("List the collections"), pn_cli_run_collections, TRUE },
  { "extract", PN_CLI_EXTRACT_USAGE, PN_CLI_EXTRACT_SUMMARY, pn_cli_run_extract },
  { "export", PN_CLI_EXPORT_USAGE, PN_CLI_EXPORT_SUMMARY, pn_cli_run_export, TRUE },
  { "import-json", PN_CLI_IMPORT_JSON_USAGE, PN_CLI_IMPORT_JSON_SUMMARY, pn_cli_run_import_json, TRUE },
};

static const PnCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (commands[i].name, name) == 0)
        return &commands[i];
    }
  return NULL;
}

static void
print_overview (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: prime-news-cli [--data-dir DIR] COMMAND [ARGS…]"));
  fprintf (stream, "%s\n\n", _("Read, save, annotate and export news from the command line."));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-20s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Options:"));
  fprintf (stream, "  %-20s %s\n", "--data-dir DIR", _("Use DIR as the library (default: $PRIME_NEWS_DATA_DIR, else the XDG data folder)"));
  fprintf (stream, "  %-20s %s\n", "--version", _("Print the version and exit"));
  fprintf (stream, "  %-20s %s\n", "-h, --help", _("Show this help"));
  fprintf (stream, "\n%s\n", _("Run “prime-news-cli help COMMAND” for a command’s options."));
}

static int
run_help (PnCliContext  *context,
          int            argc,
          char         **argv)
{
  const PnCliCommand *command;
  char *help_argv[] = { argv[1], (char *) "--help", NULL };

  if (argc < 2)
    {
      print_overview (stdout);
      return PN_CLI_EXIT_OK;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    return pn_cli_usage_error (NULL, _("Unknown command “%s”"), argv[1]);

  return command->run (context, 2, help_argv);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir_option = NULL;
  g_autofree char *data_dir = NULL;
  const PnCliCommand *command;
  PnCliContext context = { 0 };
  int first = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command; everything after it is the
   * command's own, so "prime-news-cli stories --help" reaches "stories".
   */
  while (first < argc && argv[first][0] == '-')
    {
      const char *arg = argv[first];

      if (strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0)
        {
          print_overview (stdout);
          return PN_CLI_EXIT_OK;
        }
      else if (strcmp (arg, "--version") == 0)
        {
          printf ("prime-news-cli %s\n", PACKAGE_VERSION);
          return PN_CLI_EXIT_OK;
        }
      else if (strcmp (arg, "--data-dir") == 0 && first + 1 < argc)
        {
          g_free (data_dir_option);
          data_dir_option = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (arg, "--data-dir="))
        {
          g_free (data_dir_option);
          data_dir_option = g_strdup (arg + strlen ("--data-dir="));
          first += 1;
        }
      else
        {
          pn_cli_usage_error (NULL, _("Unknown option “%s”"), arg);
          print_overview (stderr);
          return PN_CLI_EXIT_USAGE;
        }
    }

  if (first >= argc)
    {
      print_overview (stderr);
      return PN_CLI_EXIT_USAGE;
    }

  command = find_command (argv[first]);
  if (command == NULL)
    {
      pn_cli_usage_error (NULL, _("Unknown command “%s”"), argv[first]);
      fprintf (stderr, "%s\n", _("Run “prime-news-cli --help” for the list of commands."));
      return PN_CLI_EXIT_USAGE;
    }

  if (command->opens_library)
    pn_process_use_huge_pages (argv);

  data_dir = pn_dup_data_dir (data_dir_option);
  context.data_dir = data_dir;

  return command->run (&context, argc - first, argv + first);
}
