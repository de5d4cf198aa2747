/* pn-cli-fetch.c — `discover URL` and `opml-check FILE`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "pn-core.h"
#include "pn-cli-commands-fetch.h"

static const PnCliCommand discover_command = {
  "discover", PN_CLI_DISCOVER_USAGE, PN_CLI_DISCOVER_SUMMARY, pn_cli_run_discover,
};

static const PnCliCommand opml_check_command = {
  "opml-check", PN_CLI_OPML_CHECK_USAGE, PN_CLI_OPML_CHECK_SUMMARY, pn_cli_run_opml_check,
};

typedef struct
{
  GMainLoop *loop;
  GPtrArray *feeds;
  GError    *error;
} DiscoverRun;

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
discovered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DiscoverRun *run = user_data;

  run->feeds = pn_discover_feeds_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

int
pn_cli_run_discover (PnCliContext  *context,
                     int            argc,
                     char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the feeds as JSON"), NULL },
    { NULL }
  };
  g_autoptr(PnFetcher) fetcher = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GPtrArray) feeds = NULL;
  g_autoptr(GError) error = NULL;
  DiscoverRun run = { 0 };
  int exit_code;

  if (!pn_cli_parse_options (&discover_command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&discover_command, _("Give one website or feed address"));

  fetcher = pn_fetcher_new ();
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  pn_discover_feeds_async (fetcher, argv[1], NULL, discovered_cb, &run);
  g_main_loop_run (loop);
  feeds = run.feeds;
  error = run.error;
  if (error != NULL)
    return pn_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < feeds->len; i++)
        {
          PnDiscoveredFeed *feed = g_ptr_array_index (feeds, i);

          json_builder_begin_object (builder);
          add_string_member (builder, "url", feed->url);
          add_string_member (builder, "title", feed->title);
          add_string_member (builder, "type", feed->mime_type);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
    }
  else
    {
      for (guint i = 0; i < feeds->len; i++)
        {
          PnDiscoveredFeed *feed = g_ptr_array_index (feeds, i);

          printf ("%s\t%s\t%s\n", feed->url, feed->mime_type,
                  feed->title != NULL ? feed->title : "");
        }
    }

  /* Finding none is an answer, not a failure of the command. */
  if (feeds->len == 0)
    fprintf (stderr, _("No feed found at “%s”.\n"), argv[1]);

  return PN_CLI_EXIT_OK;
}

int
pn_cli_run_opml_check (PnCliContext  *context,
                       int            argc,
                       char         **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the entries and warnings as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GPtrArray) opml_entries = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GHashTable) folders = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  int exit_code;

  if (!pn_cli_parse_options (&opml_check_command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&opml_check_command, _("Give one OPML file"));

  if (!g_file_get_contents (argv[1], &contents, &len, &error))
    return pn_cli_fail (error);

  opml_entries = pn_opml_parse (contents, len, &warnings, &error);
  if (opml_entries == NULL)
    return pn_cli_fail_printf ("%s: %s", argv[1], error->message);

  for (guint i = 0; i < opml_entries->len; i++)
    {
      PnOpmlEntry *entry = g_ptr_array_index (opml_entries, i);

      if (entry->folder != NULL)
        g_hash_table_add (folders, entry->folder);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "feeds");
      json_builder_begin_array (builder);
      for (guint i = 0; i < opml_entries->len; i++)
        {
          PnOpmlEntry *entry = g_ptr_array_index (opml_entries, i);

          json_builder_begin_object (builder);
          add_string_member (builder, "url", entry->url);
          add_string_member (builder, "title", entry->title);
          add_string_member (builder, "site_url", entry->site_url);
          add_string_member (builder, "folder", entry->folder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "warnings");
      json_builder_begin_array (builder);
      for (guint i = 0; i < warnings->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (warnings, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_json (builder);
      return PN_CLI_EXIT_OK;
    }

  for (guint i = 0; i < opml_entries->len; i++)
    {
      PnOpmlEntry *entry = g_ptr_array_index (opml_entries, i);

      printf ("%s\t%s\t%s\n", entry->folder != NULL ? entry->folder : "",
              entry->url, entry->title != NULL ? entry->title : "");
    }
  for (guint i = 0; i < warnings->len; i++)
    fprintf (stderr, _("warning: %s\n"), (const char *) g_ptr_array_index (warnings, i));

  /* TRANSLATORS: a summary such as "12 feeds in 3 folders, 1 skipped or merged" */
  fprintf (stderr, _("%u feeds in %u folders, %u skipped or merged\n"),
           opml_entries->len, g_hash_table_size (folders), warnings->len);
  return PN_CLI_EXIT_OK;
}
