/* pn-cli-parse.c — `prime-news-cli parse`: what the feed parser makes of a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <unistd.h>

#include "pn-core.h"
#include "pn-cli-commands-feed.h"

static const PnCliCommand parse_command = {
  "parse", PN_CLI_PARSE_USAGE, PN_CLI_PARSE_SUMMARY, pn_cli_run_parse,
};

/* Standard input is read in full, with the same cap as files, so a runaway
 * pipe cannot exhaust memory.
 */
static GBytes *
read_stdin (GError **error)
{
  g_autoptr(GInputStream) input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  gssize copied;

  copied = g_output_stream_splice (output, input, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL,
                                   error);
  if (copied < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
}

int
pn_cli_run_parse (PnCliContext  *context,
                  int            argc,
                  char         **argv)
{
  g_autofree char *base_url = NULL;
  GOptionEntry entries[] = {
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("Resolve relative links against URL (default: none)"), N_("URL") },
    { NULL }
  };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PnFeed) feed = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  int exit_code;

  if (!pn_cli_parse_options (&parse_command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&parse_command, "%s", _("Expected one FILE, or “-” for standard input"));

  if (base_url != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL)
        return pn_cli_usage_error (&parse_command, _("“%s” is not an absolute URL"), base_url);
    }

  if (g_strcmp0 (argv[1], "-") == 0)
    bytes = read_stdin (&error);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[1]);

      bytes = g_file_load_bytes (file, NULL, NULL, &error);
    }
  if (bytes == NULL)
    return pn_cli_fail (error);

  feed = pn_feed_parse (bytes, base_url, NULL, &error);
  if (feed == NULL)
    return pn_cli_fail (error);

  node = pn_feed_to_json_node (feed);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  json = json_generator_to_data (generator, NULL);
  printf ("%s\n", json);
  return PN_CLI_EXIT_OK;
}
