/* pn-cli-extract.c — prime-news-cli extract: reader mode on a saved page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pn-core.h"
#include "pn-cli-commands-content.h"

static const PnCliCommand extract_command = {
  "extract", PN_CLI_EXTRACT_USAGE, PN_CLI_EXTRACT_SUMMARY, pn_cli_run_extract
};

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

int
pn_cli_run_extract (PnCliContext  *context,
                    int            argc,
                    char         **argv)
{
  g_autofree char *url = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *published = NULL;
  g_autofree char *json = NULL;
  g_autoptr(PnArticle) article = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  int exit_code = PN_CLI_EXIT_OK;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The page’s address, for its relative links"), N_("URL") },
    { NULL }
  };

  if (!pn_cli_parse_options (&extract_command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&extract_command, _("Expected one FILE, or - for standard input"));
  if (!pn_cli_read_input (argv[1], &contents, &length, &error))
    return pn_cli_fail (error);

  article = pn_extract_article (contents, length, url, &error);
  if (article == NULL)
    return pn_cli_fail (error);

  if (pn_article_get_published (article) != NULL)
    published = g_date_time_format_iso8601 (pn_article_get_published (article));

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_member (builder, "title", pn_article_get_title (article));
  add_member (builder, "byline", pn_article_get_byline (article));
  add_member (builder, "excerpt", pn_article_get_excerpt (article));
  add_member (builder, "site_name", pn_article_get_site_name (article));
  add_member (builder, "published", published);
  add_member (builder, "lang", pn_article_get_lang (article));
  add_member (builder, "dir", pn_article_get_dir (article));
  add_member (builder, "content_html", pn_article_get_content (article));
  add_member (builder, "text", pn_document_get_text (pn_article_get_document (article)));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, TRUE);
  printf ("%s\n", json);
  return PN_CLI_EXIT_OK;
}
