/* test-cli-fetch.c — `prime-news-cli discover` against a loopback server,
 * `prime-news-cli opml-check` over the OPML fixtures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>

#include "pn-test-cli.h"
#include "pn-test-server.h"

static PnTestServer *server;

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
page_cb (SoupServer        *soup_server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  static const char page[] =
    "<html><head>"
    "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed\" href=\"/atom.xml\">"
    "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS feed\" href=\"rss.xml\">"
    "</head></html>";

  if (!g_str_equal (path, "/site/"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
}

static void
test_discover_json (void)
{
  g_autofree char *url = pn_test_server_url (server, 0, "/site/");
  g_autofree char *atom = pn_test_server_url (server, 0, "/atom.xml");
  g_autofree char *rss = pn_test_server_url (server, 0, "/site/rss.xml");
  g_auto(PnTestCliResult) result = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *feeds;
  JsonObject *first;

  pn_test_cli_run (&result, NULL, (const char *[]) { "discover", "--json", url, NULL });
  g_assert_cmpint (result.status, ==, 0);
  root = parse_json (result.out);
  feeds = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (feeds), ==, 2);
  first = json_array_get_object_element (feeds, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "url"), ==, atom);
  g_assert_cmpstr (json_object_get_string_member (first, "title"), ==, "Atom feed");
  g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "application/atom+xml");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (feeds, 1), "url"), ==, rss);
}

static void
test_discover_text (void)
{
  g_autofree char *url = pn_test_server_url (server, 0, "/site/");
  g_autofree char *expected = NULL;
  g_autofree char *atom = pn_test_server_url (server, 0, "/atom.xml");
  g_autofree char *rss = pn_test_server_url (server, 0, "/site/rss.xml");
  g_auto(PnTestCliResult) result = { 0 };

  pn_test_cli_run (&result, NULL, (const char *[]) { "discover", url, NULL });
  g_assert_cmpint (result.status, ==, 0);
  expected = g_strdup_printf ("%s\tapplication/atom+xml\tAtom feed\n%s\tapplication/rss+xml\tRSS feed\n", atom, rss);
  g_assert_cmpstr (result.out, ==, expected);
}

static void
test_discover_errors (void)
{
  g_autofree char *missing = pn_test_server_url (server, 0, "/nowhere");
  g_auto(PnTestCliResult) failed = { 0 };
  g_auto(PnTestCliResult) usage = { 0 };

  pn_test_cli_run (&failed, NULL, (const char *[]) { "discover", missing, NULL });
  g_assert_cmpint (failed.status, ==, 1);
  g_assert_nonnull (strstr (failed.err, "HTTP 404"));
  g_assert_cmpstr (failed.out, ==, "");

  pn_test_cli_run (&usage, NULL, (const char *[]) { "discover", NULL });
  g_assert_cmpint (usage.status, ==, 2);
  g_assert_nonnull (strstr (usage.err, "Usage: prime-news-cli discover"));
}

static void
test_opml_check (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "opml", "feedly.opml", NULL);
  g_auto(PnTestCliResult) result = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *first;

  pn_test_cli_run (&result, NULL, (const char *[]) { "opml-check", "--json", path, NULL });
  g_assert_cmpint (result.status, ==, 0);
  root = parse_json (result.out);
  object = json_node_get_object (root);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "feeds")), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "warnings")), ==, 1);
  first = json_array_get_object_element (json_object_get_array_member (object, "feeds"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "folder"), ==, "Tech");
  g_assert_cmpstr (json_object_get_string_member (first, "url"), ==, "https://lwn.net/headlines/rss");
}

static void
test_opml_check_not_opml (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "test-cli-fetch.c", NULL);
  g_auto(PnTestCliResult) result = { 0 };

  pn_test_cli_run (&result, NULL, (const char *[]) { "opml-check", path, NULL });
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "not an OPML"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  server = pn_test_server_new (1);
  pn_test_server_add_handler (server, NULL, page_cb, NULL);
  pn_test_server_start (server);

  g_test_add_func ("/cli/discover/json", test_discover_json);
  g_test_add_func ("/cli/discover/text", test_discover_text);
  g_test_add_func ("/cli/discover/errors", test_discover_errors);
  g_test_add_func ("/cli/opml-check/json", test_opml_check);
  g_test_add_func ("/cli/opml-check/not-opml", test_opml_check_not_opml);

  status = g_test_run ();
  pn_test_server_free (server);
  return status;
}
