/* pn-cli-subscriptions.c — subscribe, unsubscribe, refresh, OPML
 *
 * These commands change the library, so they take its lock, and they exit 0
 * only once the change is durably on disk. Network work runs on a main loop
 * through the same PnFetcher and PnRefresher the app uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "pn-core.h"
#include "pn-cli.h"
#include "pn-cli-commands-subscriptions.h"

static const PnCliCommand subscribe_command = {
  "subscribe", PN_CLI_SUBSCRIBE_USAGE, PN_CLI_SUBSCRIBE_SUMMARY, pn_cli_run_subscribe
};
static const PnCliCommand unsubscribe_command = {
  "unsubscribe", PN_CLI_UNSUBSCRIBE_USAGE, PN_CLI_UNSUBSCRIBE_SUMMARY, pn_cli_run_unsubscribe
};
static const PnCliCommand refresh_command = {
  "refresh", PN_CLI_REFRESH_USAGE, PN_CLI_REFRESH_SUMMARY, pn_cli_run_refresh
};
static const PnCliCommand import_opml_command = {
  "import-opml", PN_CLI_IMPORT_OPML_USAGE, PN_CLI_IMPORT_OPML_SUMMARY, pn_cli_run_import_opml
};
static const PnCliCommand export_opml_command = {
  "export-opml", PN_CLI_EXPORT_OPML_USAGE, PN_CLI_EXPORT_OPML_SUMMARY, pn_cli_run_export_opml
};
static const PnCliCommand fulltext_command = {
  "fulltext", PN_CLI_FULLTEXT_USAGE, PN_CLI_FULLTEXT_SUMMARY, pn_cli_run_fulltext
};
static const PnCliCommand set_fulltext_command = {
  "set-fulltext", PN_CLI_SET_FULLTEXT_USAGE, PN_CLI_SET_FULLTEXT_SUMMARY, pn_cli_run_set_fulltext
};

/* Runs the main loop until an async call stored its result. */
static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static void
progress_changed_cb (PnRefresher *refresher)
{
  fprintf (stderr, "\r%s", "");
  fprintf (stderr, _("Refreshing… %u of %u"),
           pn_refresher_get_n_done (refresher), pn_refresher_get_n_total (refresher));
  fflush (stderr);
}

/* Refreshes @sources (NULL: all) and prints what happened. */
static PnRefreshSummary *
refresh_sources (PnLibrary      *library,
                 PnFetcher      *fetcher,
                 GPtrArray      *sources,
                 PnRefreshFlags  flags)
{
  g_autoptr(PnRefresher) refresher = pn_refresher_new (library, fetcher);
  g_autoptr(GAsyncResult) result = NULL;
  gboolean show_progress = isatty (STDERR_FILENO);
  PnRefreshSummary *summary;

  if (show_progress)
    g_signal_connect (refresher, "notify::n-done", G_CALLBACK (progress_changed_cb), NULL);

  pn_refresher_refresh_async (refresher, sources, flags, NULL, store_result_cb, &result);
  summary = pn_refresher_refresh_finish (refresher, wait_for (&result), NULL);

  if (show_progress && summary->n_sources > 0)
    fprintf (stderr, "\n");
  return summary;
}

static void
print_summary (const PnRefreshSummary *summary)
{
  printf (_("%u updated, %u not modified, %u failed, %u skipped; %u new stories\n"),
          summary->n_updated, summary->n_not_modified, summary->n_failed,
          summary->n_skipped, summary->n_new_stories);

  for (guint i = 0; i < summary->failed->len; i++)
    {
      PnSource *source = g_ptr_array_index (summary->failed, i);

      printf ("  %s  %s: %s\n", pn_source_get_id (source), pn_source_get_display_title (source),
              pn_source_get_last_error (source));
    }
}

static PnFetcher *
create_fetcher (guint jobs)
{
  return pn_fetcher_new_with_limits (jobs > 0 ? jobs : PN_FETCHER_DEFAULT_MAX_CONNS,
                                     PN_FETCHER_DEFAULT_MAX_CONNS_PER_HOST);
}

int
pn_cli_run_refresh (PnCliContext  *context,
                    int            argc,
                    char         **argv)
{
  int jobs = PN_FETCHER_DEFAULT_MAX_CONNS;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_("Fetch at most N sources at once"), N_("N") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Fetch even sources that are backing off"), NULL },
    { NULL }
  };
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(PnFetcher) fetcher = NULL;
  g_autoptr(PnRefreshSummary) summary = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code;

  if (!pn_cli_parse_options (&refresh_command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (jobs < 1 || jobs > 64)
    return pn_cli_usage_error (&refresh_command, _("--jobs takes a number from 1 to 64"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_DEFAULT, &error);
  if (library == NULL)
    return pn_cli_fail (error);

  if (argc > 1)
    {
      sources = g_ptr_array_new_with_free_func (g_object_unref);
      for (int i = 1; i < argc; i++)
        {
          PnSource *source = pn_library_find_source (library, argv[i], &error);

          if (source == NULL)
            return pn_cli_fail (error);
          g_ptr_array_add (sources, g_object_ref (source));
        }
    }

  fetcher = create_fetcher (jobs);
  summary = refresh_sources (library, fetcher, sources, force ? PN_REFRESH_FORCE : PN_REFRESH_DEFAULT);
  exit_code = pn_cli_finish_change (library);
  if (exit_code == PN_CLI_EXIT_OK)
    print_summary (summary);
  return exit_code;
}

static PnSource *
subscribe_to (PnLibrary   *library,
              PnFetcher   *fetcher,
              const char  *url,
              const char  *title,
              const char  *folder,
              GError     **error)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  g_autoptr(PnRefreshSummary) summary = NULL;
  PnSource *source;

  source = pn_library_add_source (library, url, title, folder, error);
  if (source == NULL)
    return NULL;

  g_ptr_array_add (sources, source);
  summary = refresh_sources (library, fetcher, sources, PN_REFRESH_FORCE);
  return source;
}

int
pn_cli_run_subscribe (PnCliContext  *context,
                      int            argc,
                      char         **argv)
{
  g_autofree char *folder = NULL;
  g_autofree char *title = NULL;
  GOptionEntry entries[] = {
    { "folder", 0, 0, G_OPTION_ARG_STRING, &folder, N_("File the source under NAME"), N_("NAME") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Name the source TITLE"), N_("TITLE") },
    { NULL }
  };
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(PnFetcher) fetcher = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  PnDiscoveredFeed *feed;
  PnSource *source;
  int exit_code;

  if (!pn_cli_parse_options (&subscribe_command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&subscribe_command, _("Give one feed or website address"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_DEFAULT, &error);
  if (library == NULL)
    return pn_cli_fail (error);

  fetcher = create_fetcher (0);
  pn_discover_feeds_async (fetcher, argv[1], NULL, store_result_cb, &result);
  found = pn_discover_feeds_finish (wait_for (&result), &error);
  if (found == NULL)
    return pn_cli_fail (error);

  if (found->len == 0)
    return pn_cli_fail_printf (_("No feed found at %s"), argv[1]);

  if (found->len > 1)
    {
      fprintf (stderr, _("prime-news-cli: %s offers %u feeds; subscribe to one of them:\n"),
               argv[1], found->len);
      for (guint i = 0; i < found->len; i++)
        {
          feed = g_ptr_array_index (found, i);
          fprintf (stderr, "  %s%s%s\n", feed->url, feed->title ? "  " : "", feed->title ? feed->title : "");
        }
      return PN_CLI_EXIT_FAILURE;
    }

  feed = g_ptr_array_index (found, 0);
  source = subscribe_to (library, fetcher, feed->url, title ? title : feed->title, folder, &error);
  if (source == NULL)
    return pn_cli_fail (error);

  exit_code = pn_cli_finish_change (library);
  if (exit_code != PN_CLI_EXIT_OK)
    return exit_code;

  printf ("%s\t%s\n", pn_source_get_id (source), pn_source_get_display_title (source));
  if (pn_source_get_last_error (source) != NULL)
    fprintf (stderr, _("prime-news-cli: subscribed, but the first refresh failed: %s\n"),
             pn_source_get_last_error (source));
  return PN_CLI_EXIT_OK;
}

int
pn_cli_run_unsubscribe (PnCliContext  *context,
                        int            argc,
                        char         **argv)
{
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  PnSource *source;
  int exit_code;

  if (!pn_cli_parse_options (&unsubscribe_command, NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&unsubscribe_command, _("Give one source id"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_DEFAULT, &error);
  if (library == NULL)
    return pn_cli_fail (error);

  source = pn_library_find_source (library, argv[1], &error);
  if (source == NULL)
    return pn_cli_fail (error);
  if (!pn_library_remove_source (library, source, &error))
    return pn_cli_fail (error);

  return pn_cli_finish_change (library);
}

int
pn_cli_run_import_opml (PnCliContext  *context,
                        int            argc,
                        char         **argv)
{
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  guint n_present;
  int exit_code;

  if (!pn_cli_parse_options (&import_opml_command, NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&import_opml_command, _("Give one OPML file"));

  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    return pn_cli_fail (error);

  entries = pn_opml_parse (contents, length, &warnings, &error);
  if (entries == NULL)
    return pn_cli_fail (error);

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_DEFAULT, &error);
  if (library == NULL)
    return pn_cli_fail (error);

  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    fprintf (stderr, _("prime-news-cli: warning: %s\n"), (const char *) g_ptr_array_index (warnings, i));

  added = pn_library_add_opml_entries (library, entries, &n_present, &error);
  if (added == NULL)
    return pn_cli_fail (error);

  exit_code = pn_cli_finish_change (library);
  if (exit_code == PN_CLI_EXIT_OK)
    printf (_("%u sources added, %u already subscribed\n"), added->len, n_present);
  return exit_code;
}

int
pn_cli_run_export_opml (PnCliContext  *context,
                        int            argc,
                        char         **argv)
{
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GBytes) opml = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code;

  if (!pn_cli_parse_options (&export_opml_command, NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&export_opml_command, _("Give the file to write"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_READ_ONLY, &error);
  if (library == NULL)
    return pn_cli_fail (error);

  opml = pn_opml_export (pn_library_get_sources (library), _("Prime News subscriptions"));
  if (!g_file_set_contents_full (argv[1], g_bytes_get_data (opml, NULL), g_bytes_get_size (opml),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &error))
    return pn_cli_fail (error);

  return PN_CLI_EXIT_OK;
}

int
pn_cli_run_set_fulltext (PnCliContext  *context,
                         int            argc,
                         char         **argv)
{
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  PnSource *source;
  gboolean on;
  int exit_code;

  if (!pn_cli_parse_options (&set_fulltext_command, NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 3 || (g_strcmp0 (argv[2], "on") != 0 && g_strcmp0 (argv[2], "off") != 0))
    return pn_cli_usage_error (&set_fulltext_command, _("Give a source id and “on” or “off”"));
  on = g_str_equal (argv[2], "on");

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_DEFAULT, &error);
  if (library == NULL)
    return pn_cli_fail (error);

  source = pn_library_find_source (library, argv[1], &error);
  if (source == NULL)
    return pn_cli_fail (error);

  pn_source_set_fetch_full_text (source, on);
  if (!pn_library_source_changed (library, source, &error))
    return pn_cli_fail (error);

  return pn_cli_finish_change (library);
}

int
pn_cli_run_fulltext (PnCliContext  *context,
                     int            argc,
                     char         **argv)
{
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(PnFetcher) fetcher = NULL;
  g_autoptr(PnRefresher) refresher = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PnDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  PnStory *story;
  int exit_code;

  if (!pn_cli_parse_options (&fulltext_command, NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&fulltext_command, _("Give one story id"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_DEFAULT, &error);
  if (library == NULL || (story = pn_library_load_story (library, argv[1], &error)) == NULL)
    return pn_cli_fail (error);

  fetcher = create_fetcher (0);
  refresher = pn_refresher_new (library, fetcher);
  pn_refresher_fetch_full_text_async (refresher, story, NULL, store_result_cb, &result);
  if (!pn_refresher_fetch_full_text_finish (refresher, wait_for (&result), &error))
    return pn_cli_fail (error);

  exit_code = pn_cli_finish_change (library);
  if (exit_code != PN_CLI_EXIT_OK)
    return exit_code;

  document = pn_story_create_document (story);
  printf (_("%s: %u characters of article text\n"), pn_story_get_id (story),
          pn_document_get_length (document));
  return PN_CLI_EXIT_OK;
}
