/* pn-url.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-url"

#include "pn-url.h"

static const char *
strip_feed_scheme (const char *url,
                   char      **scheme_out)
{
  /* "feed://host/path" and "feed:https://host/path" are browser-era
   * spellings of the same feed; feeds are served over HTTPS nowadays.
   */
  if (g_ascii_strncasecmp (url, "feed:", 5) != 0)
    return url;

  url += 5;
  if (g_str_has_prefix (url, "//"))
    {
      *scheme_out = g_strdup ("https");
      return url;
    }
  return url;
}

/* The key used to find duplicate subscriptions: lower-case scheme and host,
 * no default port, no fragment, an empty path becomes "/". Returns NULL when
 * @url is not an absolute http(s) URL.
 */
char *
pn_normalize_feed_url (const char *url)
{
  g_autofree char *scheme_override = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *path;
  int port;

  g_return_val_if_fail (url != NULL, NULL);

  stripped = g_strstrip (g_strdup (url));
  url = strip_feed_scheme (stripped, &scheme_override);
  if (scheme_override != NULL)
    {
      g_autofree char *with_scheme = g_strconcat (scheme_override, ":", url, NULL);
      uri = g_uri_parse (with_scheme, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
    }
  else
    {
      uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
    }
  if (uri == NULL)
    return NULL;

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    return NULL;
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);
  if ((port == 80 && g_str_equal (scheme, "http")) ||
      (port == 443 && g_str_equal (scheme, "https")))
    port = -1;
  path = g_uri_get_path (uri);

  return g_uri_join (G_URI_FLAGS_ENCODED,
                     scheme,
                     g_uri_get_userinfo (uri),
                     host,
                     port,
                     (path == NULL || *path == '\0') ? "/" : path,
                     g_uri_get_query (uri),
                     NULL);
}

/* @reference resolved against @base (RFC 3986), or NULL when either is
 * unusable. An absolute @reference is returned as it is.
 */
char *
pn_resolve_url (const char *base,
                const char *reference)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (reference != NULL, NULL);

  trimmed = g_strstrip (g_strdup (reference));
  if (base == NULL)
    {
      if (!g_uri_is_valid (trimmed, G_URI_FLAGS_ENCODED, NULL))
        return NULL;
      return g_steal_pointer (&trimmed);
    }

  return g_uri_resolve_relative (base, trimmed, G_URI_FLAGS_ENCODED, NULL);
}
