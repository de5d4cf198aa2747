/* test-cli-subscriptions.c — the real prime-news-cli against a loopback
 * server: subscribe (feed, website with discovery, duplicates), refresh,
 * unsubscribe, OPML in and out, set-fulltext, and the library lock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "pn-test-cli.h"
#include "pn-core.h"
#include "pn-test-dir.h"
#include "pn-test-server.h"

#define N_ITEMS 3

static PnTestServer *server;

/* Server side: runs in the server's thread. */

static void
feed_cb (SoupServer        *soup_server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  const char *name = path + strlen ("/feed/");
  GString *text;
  gsize len;

  /* Only /feed/NAME: the common paths discovery probes (/feed, /feed.json…)
   * hold nothing here. */
  if (!g_str_has_prefix (path, "/feed/") || *name == '\0')
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  text = g_string_new (NULL);
  g_string_append_printf (text,
                          "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                          "<title>%s News</title><link>http://example.org/%s/</link>",
                          name, name);
  for (guint i = 1; i <= N_ITEMS; i++)
    g_string_append_printf (text, "<item><title>%s %u</title><guid>%s-%u</guid>"
                                  "<description>Story %u</description></item>",
                            name, i, name, i, i);
  g_string_append (text, "</channel></rss>");
  len = text->len;
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/rss+xml", SOUP_MEMORY_TAKE,
                                    g_string_free (text, FALSE), len);
}

static void
site_cb (SoupServer        *soup_server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  static const char one[] =
    "<html><head><title>One</title>"
    "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"The one feed\" href=\"/feed/onefeed\">"
    "</head><body>Hello</body></html>";
  static const char several[] =
    "<html><head><title>Several</title>"
    "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Headlines\" href=\"/feed/headlines\">"
    "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Comments\" href=\"/feed/comments\">"
    "</head><body>Hello</body></html>";
  static const char none[] = "<html><head><title>None</title></head><body>No feeds</body></html>";
  const char *page;

  if (g_str_equal (path, "/site/one/"))
    page = one;
  else if (g_str_equal (path, "/site/several/"))
    page = several;
  else if (g_str_equal (path, "/site/none/"))
    page = none;
  else
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
}

static void
missing_cb (SoupServer        *soup_server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

/* Client side. */

typedef struct
{
  char *data_dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->data_dir = pn_test_dir_new ("test-cli-subscriptions");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pn_test_dir_remove (fixture->data_dir);
  g_free (fixture->data_dir);
}

/* The sources in sources.json, as JSON objects. */
static JsonArray *
read_sources (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "sources.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  return json_array_ref (json_object_get_array_member (root, "sources"));
}

static JsonObject *
find_source (JsonArray  *sources,
             const char *id)
{
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *source = json_array_get_object_element (sources, i);

      if (g_strcmp0 (json_object_get_string_member (source, "id"), id) == 0)
        return source;
    }
  return NULL;
}

static char *
stories_file (Fixture    *fixture,
              const char *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (fixture->data_dir, "stories", name, NULL);
}

/* Subscribes to @url, expecting success; returns the new source's id. */
static char *
subscribe (Fixture    *fixture,
           const char *url)
{
  g_auto(PnTestCliResult) result = { 0 };
  g_auto(GStrv) fields = NULL;

  pn_test_cli_run (&result, fixture->data_dir, (const char *[]) { "subscribe", url, NULL });
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_suffix (result.out, "\n"));
  fields = g_strsplit (g_strchomp (result.out), "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 2);
  return g_strdup (fields[0]);
}

static void
test_subscribe_feed (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *url = pn_test_server_url (server, 0, "/feed/direct");
  g_autofree char *id = subscribe (fixture, url);
  g_autoptr(JsonArray) sources = read_sources (fixture);
  g_autofree char *stories = stories_file (fixture, id);
  JsonObject *source = find_source (sources, id);

  g_assert_cmpuint (json_array_get_length (sources), ==, 1);
  g_assert_nonnull (source);
  g_assert_cmpstr (json_object_get_string_member (source, "url"), ==, url);
  /* Subscribing fetched it at once. */
  g_assert_cmpstr (json_object_get_string_member (source, "title"), ==, "direct News");
  g_assert_true (g_file_test (stories, G_FILE_TEST_EXISTS));
}

static void
test_subscribe_website (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *site = pn_test_server_url (server, 0, "/site/one/");
  g_autofree char *feed = pn_test_server_url (server, 0, "/feed/onefeed");
  g_autofree char *id = subscribe (fixture, site);
  g_autoptr(JsonArray) sources = read_sources (fixture);
  JsonObject *source = find_source (sources, id);

  g_assert_nonnull (source);
  g_assert_cmpstr (json_object_get_string_member (source, "url"), ==, feed);
  /* The link's title names the source. */
  g_assert_cmpstr (json_object_get_string_member (source, "title"), ==, "The one feed");
}

static void
test_subscribe_several (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *site = pn_test_server_url (server, 0, "/site/several/");
  g_autofree char *headlines = pn_test_server_url (server, 0, "/feed/headlines");
  g_autofree char *comments = pn_test_server_url (server, 0, "/feed/comments");
  g_autofree char *sources_path = g_build_filename (fixture->data_dir, "sources.json", NULL);
  g_auto(PnTestCliResult) result = { 0 };

  pn_test_cli_run (&result, fixture->data_dir, (const char *[]) { "subscribe", site, NULL });
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "2 feeds"));
  g_assert_nonnull (strstr (result.err, headlines));
  g_assert_nonnull (strstr (result.err, "Headlines"));
  g_assert_nonnull (strstr (result.err, comments));
  g_assert_nonnull (strstr (result.err, "Comments"));
  /* Nothing subscribed. */
  if (g_file_test (sources_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(JsonArray) sources = read_sources (fixture);

      g_assert_cmpuint (json_array_get_length (sources), ==, 0);
    }
}

static void
test_subscribe_nothing (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *site = pn_test_server_url (server, 0, "/site/none/");
  g_autofree char *missing = pn_test_server_url (server, 0, "/site/gone/");
  g_auto(PnTestCliResult) none = { 0 };
  g_auto(PnTestCliResult) unreachable = { 0 };

  /* A page without feeds, on a site without any at the common paths. */
  pn_test_cli_run (&none, fixture->data_dir, (const char *[]) { "subscribe", site, NULL });
  g_assert_cmpint (none.status, ==, 1);
  g_assert_cmpstr (none.out, ==, "");
  g_assert_true (g_str_has_prefix (none.err, "prime-news-cli: "));
  g_assert_nonnull (strstr (none.err, "No feed found"));
  g_assert_nonnull (strstr (none.err, site));

  pn_test_cli_run (&unreachable, fixture->data_dir, (const char *[]) { "subscribe", missing, NULL });
  g_assert_cmpint (unreachable.status, ==, 1);
  g_assert_nonnull (strstr (unreachable.err, "404"));
}

static void
test_subscribe_duplicate (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *url = pn_test_server_url (server, 0, "/feed/twice");
  g_autofree char *id = subscribe (fixture, url);
  g_autofree char *site = pn_test_server_url (server, 0, "/site/one/");
  g_autofree char *via_site = subscribe (fixture, site);
  g_autoptr(JsonArray) sources = NULL;
  g_auto(PnTestCliResult) again = { 0 };
  g_auto(PnTestCliResult) again_via_site = { 0 };

  pn_test_cli_run (&again, fixture->data_dir, (const char *[]) { "subscribe", url, NULL });
  g_assert_cmpint (again.status, ==, 1);
  g_assert_cmpstr (again.out, ==, "");
  g_assert_nonnull (strstr (again.err, "already follow"));

  /* Found again through the website: still the same feed. */
  pn_test_cli_run (&again_via_site, fixture->data_dir, (const char *[]) { "subscribe", site, NULL });
  g_assert_cmpint (again_via_site.status, ==, 1);
  g_assert_nonnull (strstr (again_via_site.err, "already follow"));

  sources = read_sources (fixture);
  g_assert_cmpuint (json_array_get_length (sources), ==, 2);
}

static void
test_refresh (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *good = pn_test_server_url (server, 0, "/feed/good");
  g_autofree char *also_good = pn_test_server_url (server, 1, "/feed/alsogood");
  g_autofree char *broken = pn_test_server_url (server, 0, "/missing/feed.xml");
  g_autofree char *page = pn_test_server_url (server, 0, "/site/none/");
  g_autofree char *opml = NULL;
  g_autofree char *opml_path = g_build_filename (fixture->data_dir, "in.opml", NULL);
  g_auto(PnTestCliResult) import = { 0 };
  g_auto(PnTestCliResult) result = { 0 };
  g_auto(PnTestCliResult) again = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  /* Imported: known to the library, never fetched yet. */
  opml = g_strdup_printf ("<opml version=\"2.0\"><body>"
                          "<outline text=\"Good\" xmlUrl=\"%s\"/><outline text=\"Also good\" xmlUrl=\"%s\"/>"
                          "<outline text=\"Broken\" xmlUrl=\"%s\"/><outline text=\"Page\" xmlUrl=\"%s\"/>"
                          "</body></opml>", good, also_good, broken, page);
  g_file_set_contents (opml_path, opml, -1, &error);
  g_assert_no_error (error);
  pn_test_cli_run (&import, fixture->data_dir, (const char *[]) { "import-opml", opml_path, NULL });
  g_assert_cmpint (import.status, ==, 0);

  pn_test_cli_run (&result, fixture->data_dir, (const char *[]) { "refresh", NULL });
  /* Some sources failed, the command did not. */
  g_assert_cmpint (result.status, ==, 0);
  lines = g_strsplit (result.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "2 updated, 0 not modified, 2 failed, 0 skipped; 6 new stories");
  /* Each failure with its source and its message. */
  for (guint i = 1; i <= 2; i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], "  "));
      g_assert_true (strstr (lines[i], "Broken: ") != NULL || strstr (lines[i], "Page: ") != NULL);
      if (strstr (lines[i], "Broken: ") != NULL)
        g_assert_nonnull (strstr (lines[i], "404"));
      else
        g_assert_nonnull (strstr (lines[i], "Not a feed: found an HTML page"));
    }
  g_assert_cmpstr (lines[3], ==, "");

  /* The failed ones back off; the rest are fetched again. */
  pn_test_cli_run (&again, fixture->data_dir, (const char *[]) { "refresh", NULL });
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, "2 updated, 0 not modified, 0 failed, 2 skipped; 0 new stories\n");
}

static void
test_refresh_usage (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const bad_jobs[] = { "0", "65", "-3", "many" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_jobs); i++)
    {
      g_auto(PnTestCliResult) result = { 0 };

      pn_test_cli_run (&result, fixture->data_dir, (const char *[]) { "refresh", "--jobs", bad_jobs[i], NULL });
      g_assert_cmpint (result.status, ==, 2);
      g_assert_cmpstr (result.out, ==, "");
      g_assert_true (g_str_has_prefix (result.err, "prime-news-cli: "));
    }

  {
    g_auto(PnTestCliResult) unknown = { 0 };
    g_auto(PnTestCliResult) fine = { 0 };

    pn_test_cli_run (&unknown, fixture->data_dir, (const char *[]) { "refresh", "no-such-source", NULL });
    g_assert_cmpint (unknown.status, ==, 1);
    g_assert_nonnull (strstr (unknown.err, "no-such-source"));

    pn_test_cli_run (&fine, fixture->data_dir, (const char *[]) { "refresh", "--jobs", "64", NULL });
    g_assert_cmpint (fine.status, ==, 0);
    g_assert_cmpstr (fine.out, ==, "0 updated, 0 not modified, 0 failed, 0 skipped; 0 new stories\n");
  }
}

static void
test_unsubscribe (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *url = pn_test_server_url (server, 0, "/feed/leaving");
  g_autofree char *other_url = pn_test_server_url (server, 0, "/feed/staying");
  g_autofree char *id = subscribe (fixture, url);
  g_autofree char *other = subscribe (fixture, other_url);
  g_autofree char *stories = stories_file (fixture, id);
  g_autofree char *other_stories = stories_file (fixture, other);
  g_autoptr(JsonArray) sources = NULL;
  g_auto(PnTestCliResult) result = { 0 };
  g_auto(PnTestCliResult) again = { 0 };

  g_assert_true (g_file_test (stories, G_FILE_TEST_EXISTS));
  pn_test_cli_run (&result, fixture->data_dir, (const char *[]) { "unsubscribe", id, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");

  sources = read_sources (fixture);
  g_assert_cmpuint (json_array_get_length (sources), ==, 1);
  g_assert_null (find_source (sources, id));
  g_assert_nonnull (find_source (sources, other));
  g_assert_false (g_file_test (stories, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other_stories, G_FILE_TEST_EXISTS));

  pn_test_cli_run (&again, fixture->data_dir, (const char *[]) { "unsubscribe", id, NULL });
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, id));
}

/* Reads an .expected file of the OPML fixtures: "FOLDER\tURL\tTITLE\tSITE"
 * lines ("-" for none), then "warnings N". */
static GPtrArray *
read_expected (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".expected", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "opml", file, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0' || g_str_has_prefix (lines[i], "warnings\t"))
        continue;
      g_ptr_array_add (entries, g_strsplit (lines[i], "\t", -1));
    }
  return entries;
}

/* Import a real-world-shaped OPML file, export it, and check the export
 * holds what the fixture's .expected says (folders, addresses, titles);
 * importing the export elsewhere gives the same, importing it again here
 * adds nothing. */
static void
test_opml_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *name = data;
  g_autofree char *file = g_strconcat (name, ".opml", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "opml", file, NULL);
  g_autofree char *exported = g_build_filename (fixture->data_dir, "exported.opml", NULL);
  g_autofree char *other_dir = g_build_filename (fixture->data_dir, "other", NULL);
  g_autofree char *exported_again = g_build_filename (fixture->data_dir, "exported-again.opml", NULL);
  g_autoptr(GPtrArray) expected = read_expected (name);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *contents_again = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *summary_again = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  g_auto(PnTestCliResult) import = { 0 };
  g_auto(PnTestCliResult) export = { 0 };
  g_auto(PnTestCliResult) reimport = { 0 };
  g_auto(PnTestCliResult) elsewhere = { 0 };
  g_auto(PnTestCliResult) export_elsewhere = { 0 };

  pn_test_cli_run (&import, fixture->data_dir, (const char *[]) { "import-opml", path, NULL });
  g_assert_cmpint (import.status, ==, 0);
  summary = g_strdup_printf ("%u sources added, 0 already subscribed\n", expected->len);
  g_assert_cmpstr (import.out, ==, summary);

  pn_test_cli_run (&export, fixture->data_dir, (const char *[]) { "export-opml", exported, NULL });
  g_assert_cmpint (export.status, ==, 0);
  g_file_get_contents (exported, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "<opml version=\"2.0\""));
  entries = pn_opml_parse (contents, len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      char **want = g_ptr_array_index (expected, i);
      gboolean found = FALSE;

      for (guint j = 0; j < entries->len && !found; j++)
        {
          PnOpmlEntry *entry = g_ptr_array_index (entries, j);

          if (g_strcmp0 (entry->url, want[1]) != 0)
            continue;
          found = TRUE;
          g_assert_cmpstr (entry->folder, ==, g_strcmp0 (want[0], "-") != 0 ? want[0] : NULL);
          /* OPML wants a text for every outline: an untitled source gets
           * its address. */
          g_assert_cmpstr (entry->title, ==, g_strcmp0 (want[2], "-") != 0 ? want[2] : want[1]);
          g_assert_cmpstr (entry->site_url, ==, g_strcmp0 (want[3], "-") != 0 ? want[3] : NULL);
        }
      if (!found)
        g_error ("%s is missing from the export of %s", want[1], name);
    }

  /* Again into the same library: all known already. */
  pn_test_cli_run (&reimport, fixture->data_dir, (const char *[]) { "import-opml", exported, NULL });
  g_assert_cmpint (reimport.status, ==, 0);
  summary_again = g_strdup_printf ("0 sources added, %u already subscribed\n", expected->len);
  g_assert_cmpstr (reimport.out, ==, summary_again);

  /* Into a fresh library: the same export comes out. */
  pn_test_cli_run (&elsewhere, other_dir, (const char *[]) { "import-opml", exported, NULL });
  g_assert_cmpint (elsewhere.status, ==, 0);
  g_assert_cmpstr (elsewhere.out, ==, summary);
  pn_test_cli_run (&export_elsewhere, other_dir, (const char *[]) { "export-opml", exported_again, NULL });
  g_assert_cmpint (export_elsewhere.status, ==, 0);
  g_file_get_contents (exported_again, &contents_again, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents_again, ==, contents);
}

static void
test_opml_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *not_opml = g_test_build_filename (G_TEST_DIST, "test-cli-subscriptions.c", NULL);
  g_autofree char *missing = g_build_filename (fixture->data_dir, "missing.opml", NULL);
  g_auto(PnTestCliResult) wrong = { 0 };
  g_auto(PnTestCliResult) absent = { 0 };
  g_auto(PnTestCliResult) usage = { 0 };

  pn_test_cli_run (&wrong, fixture->data_dir, (const char *[]) { "import-opml", not_opml, NULL });
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_nonnull (strstr (wrong.err, "not an OPML"));

  pn_test_cli_run (&absent, fixture->data_dir, (const char *[]) { "import-opml", missing, NULL });
  g_assert_cmpint (absent.status, ==, 1);
  g_assert_true (g_str_has_prefix (absent.err, "prime-news-cli: "));

  pn_test_cli_run (&usage, fixture->data_dir, (const char *[]) { "export-opml", NULL });
  g_assert_cmpint (usage.status, ==, 2);
}

static void
test_set_fulltext (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *url = pn_test_server_url (server, 0, "/feed/teaser");
  g_autofree char *id = subscribe (fixture, url);
  g_auto(PnTestCliResult) on = { 0 };
  g_auto(PnTestCliResult) off = { 0 };
  g_auto(PnTestCliResult) bad = { 0 };
  g_auto(PnTestCliResult) unknown = { 0 };

  pn_test_cli_run (&on, fixture->data_dir, (const char *[]) { "set-fulltext", id, "on", NULL });
  g_assert_cmpint (on.status, ==, 0);
  {
    g_autoptr(JsonArray) sources = read_sources (fixture);

    g_assert_true (json_object_get_boolean_member (find_source (sources, id), "fetch-full-text"));
  }

  pn_test_cli_run (&off, fixture->data_dir, (const char *[]) { "set-fulltext", id, "off", NULL });
  g_assert_cmpint (off.status, ==, 0);
  {
    g_autoptr(JsonArray) sources = read_sources (fixture);

    g_assert_false (json_object_get_boolean_member (find_source (sources, id), "fetch-full-text"));
  }

  pn_test_cli_run (&bad, fixture->data_dir, (const char *[]) { "set-fulltext", id, "yes", NULL });
  g_assert_cmpint (bad.status, ==, 2);
  pn_test_cli_run (&unknown, fixture->data_dir, (const char *[]) { "set-fulltext", "nope", "on", NULL });
  g_assert_cmpint (unknown.status, ==, 1);
}

/* Another Prime News (this process) holds the library: every command that
 * would change it refuses, naming the holder, and changes nothing. */
static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *url = pn_test_server_url (server, 0, "/feed/locked");
  g_autofree char *id = subscribe (fixture, url);
  g_autofree char *opml = g_test_build_filename (G_TEST_DIST, "fixtures", "opml", "feedly.opml", NULL);
  g_autofree char *other_url = pn_test_server_url (server, 0, "/feed/other");
  g_autofree char *message = g_strdup_printf ("in use by another Prime News (pid %d)", (int) getpid ());
  g_autofree char *sources_path = g_build_filename (fixture->data_dir, "sources.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(PnLibrary) holder = pn_library_new (fixture->data_dir);
  g_autoptr(GError) error = NULL;
  const char * const *commands[] = {
    (const char *[]) { "subscribe", other_url, NULL },
    (const char *[]) { "unsubscribe", id, NULL },
    (const char *[]) { "refresh", NULL },
    (const char *[]) { "import-opml", opml, NULL },
    (const char *[]) { "set-fulltext", id, "on", NULL },
  };

  pn_library_load (holder, PN_LIBRARY_LOAD_DEFAULT, &error);
  g_assert_no_error (error);
  g_file_get_contents (sources_path, &before, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(PnTestCliResult) result = { 0 };

      pn_test_cli_run (&result, fixture->data_dir, commands[i]);
      g_assert_cmpint (result.status, ==, 1);
      g_assert_cmpstr (result.out, ==, "");
      g_assert_true (g_str_has_prefix (result.err, "prime-news-cli: "));
      g_assert_nonnull (strstr (result.err, message));
    }

  g_file_get_contents (sources_path, &after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before, ==, after);

  /* Reading is fine meanwhile. */
  {
    g_autofree char *exported = g_build_filename (fixture->data_dir, "out.opml", NULL);
    g_auto(PnTestCliResult) export = { 0 };

    pn_test_cli_run (&export, fixture->data_dir, (const char *[]) { "export-opml", exported, NULL });
    g_assert_cmpint (export.status, ==, 0);
  }

  /* Released: the change goes through. */
  g_clear_object (&holder);
  {
    g_auto(PnTestCliResult) result = { 0 };

    pn_test_cli_run (&result, fixture->data_dir, (const char *[]) { "set-fulltext", id, "on", NULL });
    g_assert_cmpint (result.status, ==, 0);
  }
}

#define ADD_TEST(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  static const char * const opml_fixtures[] = {
    "feedly", "inoreader", "liferea", "newsboat", "opml2-nested",
  };
  int status;

  g_test_init (&argc, &argv, NULL);

  server = pn_test_server_new (2);
  pn_test_server_add_handler (server, "/feed", feed_cb, NULL);
  pn_test_server_add_handler (server, "/site", site_cb, NULL);
  pn_test_server_add_handler (server, NULL, missing_cb, NULL);
  pn_test_server_start (server);

  ADD_TEST ("/cli/subscribe/feed", test_subscribe_feed, NULL);
  ADD_TEST ("/cli/subscribe/website", test_subscribe_website, NULL);
  ADD_TEST ("/cli/subscribe/several-feeds", test_subscribe_several, NULL);
  ADD_TEST ("/cli/subscribe/no-feed", test_subscribe_nothing, NULL);
  ADD_TEST ("/cli/subscribe/duplicate", test_subscribe_duplicate, NULL);
  ADD_TEST ("/cli/refresh/summary", test_refresh, NULL);
  ADD_TEST ("/cli/refresh/usage", test_refresh_usage, NULL);
  ADD_TEST ("/cli/unsubscribe", test_unsubscribe, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (opml_fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/opml/round-trip/%s", opml_fixtures[i]);

      ADD_TEST (path, test_opml_round_trip, opml_fixtures[i]);
    }
  ADD_TEST ("/cli/opml/errors", test_opml_errors, NULL);
  ADD_TEST ("/cli/set-fulltext", test_set_fulltext, NULL);
  ADD_TEST ("/cli/locked", test_locked, NULL);

  status = g_test_run ();
  pn_test_server_free (server);
  return status;
}
