/* test-discovery.c — finding a site's feeds: links in the page, common paths,
 * a feed given directly, against a loopback server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-core.h"
#include "pn-test-server.h"

static PnTestServer *server;

static const char rss_body[] =
  "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>R</title></channel></rss>";
static const char atom_body[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
  "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title></feed>";
static const char json_body[] =
  "  {\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"J\", \"items\": []}";
static const char rdf_body[] =
  "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
  "xmlns=\"http://purl.org/rss/1.0/\"><channel/></rdf:RDF>";

static const char page_one[] =
  "<!DOCTYPE html><html><head><title>One</title>"
  "<link rel=\"stylesheet\" href=\"/style.css\">"
  "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"All posts\" href=\"feed.xml\">"
  "</head><body><p>Hello</body></html>";

/* Uppercase, extra rel tokens, a charset parameter, a <base>, links in the
 * body, a duplicate spelled differently, and links that are not feeds. */
static const char page_many[] =
  "<html><HEAD><base href=\"/blog/\">"
  "<LINK REL=\"Alternate\" TYPE=\"Application/RSS+XML; charset=utf-8\" HREF=\"rss.xml\" TITLE=\"RSS\">"
  "<link rel=\"alternate nofollow\" type=\"application/atom+xml\" href=\"//127.0.0.1:PORT/blog/atom.xml\" title=\"Atom\">"
  "<link rel=\"alternate\" type=\"text/html\" hreflang=\"fr\" href=\"/fr/\">"
  "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"HTTP://127.0.0.1:PORT/blog/rss.xml#top\">"
  "<link rel=\"icon\" type=\"application/rss+xml\" href=\"not-alternate.xml\">"
  "</head><body>"
  "<link rel=\"alternate\" type=\"application/feed+json\" href=\"/feed.json\" title=\"\">"
  "<link rel=\"alternate\" type=\"application/json\" href=\"javascript:alert(1)\">"
  "</body></html>";

static const char page_none[] =
  "<html><head><title>Nothing here</title></head><body><a href=\"/feed\">feed</a></body></html>";

static guint
request_host (SoupServerMessage *message)
{
  const char *host = g_uri_get_host (soup_server_message_get_uri (message));

  return g_str_equal (host, "127.0.0.1") ? 0 : 1;
}

static void
respond (SoupServerMessage *message,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
handle_cb (SoupServer        *soup_server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  guint host = request_host (message);

  if (g_str_equal (path, "/one/"))
    respond (message, "text/html", page_one);
  else if (g_str_equal (path, "/many/"))
    {
      g_autofree char *port = g_strdup_printf ("%u", g_uri_get_port (soup_server_message_get_uri (message)));
      g_autoptr(GString) page = g_string_new (page_many);

      g_string_replace (page, "PORT", port, 0);
      respond (message, "text/html; charset=utf-8", page->str);
    }
  else if (g_str_equal (path, "/none/"))
    respond (message, "text/html", page_none);
  else if (g_str_equal (path, "/moved-feed"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_MOVED_PERMANENTLY, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Location", "/atom.xml");
    }
  /* Host 0 has feeds at some common paths; host 1 has none at all. */
  else if (host == 0 && g_str_equal (path, "/feed"))
    respond (message, "text/xml", rss_body);
  else if (host == 0 && g_str_equal (path, "/atom.xml"))
    respond (message, "application/atom+xml", atom_body);
  else if (host == 0 && g_str_equal (path, "/feed.json"))
    respond (message, "application/json", json_body);
  else if (host == 0 && g_str_equal (path, "/index.xml"))
    respond (message, "text/html", page_none);
  else if (g_str_equal (path, "/rdf"))
    respond (message, "application/rdf+xml", rdf_body);
  else
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

typedef struct
{
  GPtrArray *feeds;
  GError    *error;
  gboolean   done;
} Discovered;

static void
discovered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Discovered *discovered = user_data;

  discovered->feeds = pn_discover_feeds_finish (result, &discovered->error);
  discovered->done = TRUE;
}

static GPtrArray *
discover (PnFetcher  *fetcher,
          const char *url,
          GError    **error)
{
  Discovered discovered = { 0 };

  pn_discover_feeds_async (fetcher, url, NULL, discovered_cb, &discovered);
  while (!discovered.done)
    g_main_context_iteration (NULL, TRUE);
  if (discovered.error != NULL)
    g_propagate_error (error, discovered.error);
  return discovered.feeds;
}

static void
assert_feed (GPtrArray  *feeds,
             guint       index,
             const char *url,
             const char *title,
             const char *mime_type)
{
  PnDiscoveredFeed *feed;

  g_assert_cmpuint (index, <, feeds->len);
  feed = g_ptr_array_index (feeds, index);
  g_assert_cmpstr (feed->url, ==, url);
  g_assert_cmpstr (feed->title, ==, title);
  g_assert_cmpstr (feed->mime_type, ==, mime_type);
}

static void
test_one_link (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (server, 0, "/one/");
  g_autofree char *expected = pn_test_server_url (server, 0, "/one/feed.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = discover (fetcher, url, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 1);
  assert_feed (feeds, 0, expected, "All posts", "application/rss+xml");
  /* Links found: no probing of common paths. */
  g_assert_cmpuint (pn_test_server_get_hits (server, "/feed"), ==, 0);
}

static void
test_several_links (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (server, 0, "/many/");
  g_autofree char *rss = pn_test_server_url (server, 0, "/blog/rss.xml");
  g_autofree char *atom = pn_test_server_url (server, 0, "/blog/atom.xml");
  g_autofree char *json = pn_test_server_url (server, 0, "/feed.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = discover (fetcher, url, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 3);
  assert_feed (feeds, 0, rss, "RSS", "application/rss+xml");
  assert_feed (feeds, 1, atom, "Atom", "application/atom+xml");
  assert_feed (feeds, 2, json, NULL, "application/feed+json");
}

static void
test_no_links_probes (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (server, 0, "/none/");
  g_autofree char *feed = pn_test_server_url (server, 0, "/feed");
  g_autofree char *atom = pn_test_server_url (server, 0, "/atom.xml");
  g_autofree char *json = pn_test_server_url (server, 0, "/feed.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = discover (fetcher, url, &error);

  g_assert_no_error (error);
  /* In the order of the common paths; /rss is missing and /index.xml is a
   * page, not a feed. */
  g_assert_cmpuint (feeds->len, ==, 3);
  assert_feed (feeds, 0, feed, NULL, "application/rss+xml");
  assert_feed (feeds, 1, atom, NULL, "application/atom+xml");
  assert_feed (feeds, 2, json, NULL, "application/feed+json");
  g_assert_cmpuint (pn_test_server_get_hits (server, "/rss"), >=, 1);
  g_assert_cmpuint (pn_test_server_get_hits (server, "/index.xml"), >=, 1);
}

static void
test_nothing_found (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (server, 1, "/none/");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = discover (fetcher, url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (feeds);
  g_assert_cmpuint (feeds->len, ==, 0);
}

static void
test_feed_given (gconstpointer data)
{
  const char * const *c = data;
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (server, 0, c[0]);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = discover (fetcher, url, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 1);
  assert_feed (feeds, 0, url, NULL, c[1]);
}

static void
test_moved_feed (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (server, 0, "/moved-feed");
  g_autofree char *target = pn_test_server_url (server, 0, "/atom.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = discover (fetcher, url, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (feeds->len, ==, 1);
  assert_feed (feeds, 0, target, NULL, "application/atom+xml");
}

static void
test_page_missing (void)
{
  g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();
  g_autofree char *url = pn_test_server_url (server, 0, "/no-such-page");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) feeds = discover (fetcher, url, &error);

  g_assert_error (error, PN_ERROR, PN_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "HTTP 404"));
  g_assert_null (feeds);
}

typedef struct
{
  const char *html;
  const char *page_url;
  const char *expected[4];
} HtmlCase;

static const HtmlCase html_cases[] = {
  { "", "https://example.org/", { NULL } },
  { "<html><body>no head at all", "https://example.org/", { NULL } },
  { "<link rel=alternate type=application/atom+xml href=/a>", "https://example.org/x/y",
    { "https://example.org/a", NULL } },
  { "<link rel=alternate type=application/atom+xml href=../a>", "https://example.org/x/y/z",
    { "https://example.org/x/a", NULL } },
  { "<base href=\"https://cdn.example.net/en/\"><link rel=alternate type=application/rss+xml href=feed>",
    "https://example.org/", { "https://cdn.example.net/en/feed", NULL } },
  /* Unclosed, nested nonsense: recover mode still finds both. */
  { "<head><link rel=alternate type=application/rss+xml href=a.xml><div><p><table><link rel=alternate "
    "type=application/atom+xml href=b.xml></p></span>", "http://example.org/",
    { "http://example.org/a.xml", "http://example.org/b.xml", NULL } },
  { "<link rel=alternate type=application/rss+xml href=\"mailto:x@example.org\">", "https://example.org/",
    { NULL } },
  { "<link rel=alternate type=application/rss+xml>", "https://example.org/", { NULL } },
};

static void
test_html (gconstpointer data)
{
  const HtmlCase *c = data;
  g_autoptr(GPtrArray) feeds = pn_discover_feeds_in_html (c->html, strlen (c->html), c->page_url);
  guint n_expected = g_strv_length ((char **) c->expected);

  g_assert_cmpuint (feeds->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpstr (((PnDiscoveredFeed *) g_ptr_array_index (feeds, i))->url, ==, c->expected[i]);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const rdf_case[] = { "/rdf", "application/rdf+xml" };
  static const char * const json_case[] = { "/feed.json", "application/feed+json" };
  static const char * const atom_case[] = { "/atom.xml", "application/atom+xml" };
  int status;

  g_test_init (&argc, &argv, NULL);

  server = pn_test_server_new (2);
  pn_test_server_add_handler (server, NULL, handle_cb, NULL);
  pn_test_server_start (server);

  g_test_add_func ("/discovery/one-link", test_one_link);
  g_test_add_func ("/discovery/several-links", test_several_links);
  g_test_add_func ("/discovery/no-links/common-paths", test_no_links_probes);
  g_test_add_func ("/discovery/no-links/nothing", test_nothing_found);
  g_test_add_data_func ("/discovery/feed-given/atom", atom_case, test_feed_given);
  g_test_add_data_func ("/discovery/feed-given/rdf", rdf_case, test_feed_given);
  g_test_add_data_func ("/discovery/feed-given/json", json_case, test_feed_given);
  g_test_add_func ("/discovery/feed-moved", test_moved_feed);
  g_test_add_func ("/discovery/page-missing", test_page_missing);
  for (guint i = 0; i < G_N_ELEMENTS (html_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/discovery/html/%u", i);

      g_test_add_data_func (path, &html_cases[i], test_html);
    }

  status = g_test_run ();
  pn_test_server_free (server);
  return status;
}
