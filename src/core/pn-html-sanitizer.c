/* pn-html-sanitizer.c — allow-list HTML sanitizer on libxml2's HTML parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-html-sanitizer"

#include <stdlib.h>
#include <string.h>

#include "pn-html-private.h"
#include "pn-html-sanitizer.h"

/* What happens to an element. Anything not in the table is unwrapped: its
 * children survive, the element and its attributes do not.
 */
typedef enum
{
  TAG_UNWRAP,
  TAG_KEEP,
  TAG_DROP,     /* executable, remote-loading or invisible: gone with its content */
  TAG_BLOCK,    /* a sectioning container: becomes a plain <div> */
} TagAction;

typedef enum
{
  TAG_FLAG_VOID   = 1 << 0,
  TAG_FLAG_TEXT   = 1 << 1,  /* holds phrasing content only: p, h1–h6, pre */
  TAG_FLAG_IMAGE  = 1 << 2,
  TAG_FLAG_LINK   = 1 << 3,
  TAG_FLAG_CELL   = 1 << 4,
  TAG_FLAG_OLIST  = 1 << 5,
  TAG_FLAG_FLOW   = 1 << 6,  /* a block that may not sit inside a paragraph */
} TagFlags;

typedef struct
{
  const char *name;
  TagAction   action;
  const char *out;   /* the name written, when it differs */
  guint       flags;
} TagRule;

/* Sorted by name for bsearch. */
static const TagRule tag_rules[] = {
  { "a", TAG_KEEP, NULL, TAG_FLAG_LINK },
  { "address", TAG_BLOCK, NULL, 0 },
  { "applet", TAG_DROP, NULL, 0 },
  { "area", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "article", TAG_BLOCK, NULL, 0 },
  { "aside", TAG_BLOCK, NULL, 0 },
  { "audio", TAG_DROP, NULL, 0 },
  { "b", TAG_KEEP, NULL, 0 },
  { "base", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "basefont", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "bgsound", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "blockquote", TAG_KEEP, NULL, TAG_FLAG_FLOW },
  { "br", TAG_KEEP, NULL, TAG_FLAG_VOID },
  { "button", TAG_DROP, NULL, 0 },
  { "canvas", TAG_DROP, NULL, 0 },
  { "caption", TAG_KEEP, NULL, 0 },
  { "center", TAG_BLOCK, NULL, 0 },
  { "code", TAG_KEEP, NULL, 0 },
  { "col", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "colgroup", TAG_DROP, NULL, 0 },
  { "datalist", TAG_DROP, NULL, 0 },
  { "dd", TAG_KEEP, NULL, 0 },
  { "del", TAG_KEEP, "s", 0 },
  { "details", TAG_BLOCK, NULL, 0 },
  { "dfn", TAG_KEEP, "em", 0 },
  { "dialog", TAG_DROP, NULL, 0 },
  { "dir", TAG_KEEP, "ul", TAG_FLAG_FLOW },
  { "div", TAG_BLOCK, NULL, 0 },
  { "dl", TAG_KEEP, NULL, TAG_FLAG_FLOW },
  { "dt", TAG_KEEP, NULL, 0 },
  { "em", TAG_KEEP, NULL, 0 },
  { "embed", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "fieldset", TAG_BLOCK, NULL, 0 },
  { "figcaption", TAG_KEEP, NULL, 0 },
  { "figure", TAG_KEEP, NULL, TAG_FLAG_FLOW },
  { "footer", TAG_BLOCK, NULL, 0 },
  { "form", TAG_DROP, NULL, 0 },
  { "frame", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "frameset", TAG_DROP, NULL, 0 },
  { "h1", TAG_KEEP, NULL, TAG_FLAG_TEXT },
  { "h2", TAG_KEEP, NULL, TAG_FLAG_TEXT },
  { "h3", TAG_KEEP, NULL, TAG_FLAG_TEXT },
  { "h4", TAG_KEEP, NULL, TAG_FLAG_TEXT },
  { "h5", TAG_KEEP, NULL, TAG_FLAG_TEXT },
  { "h6", TAG_KEEP, NULL, TAG_FLAG_TEXT },
  { "head", TAG_DROP, NULL, 0 },
  { "header", TAG_BLOCK, NULL, 0 },
  { "hgroup", TAG_BLOCK, NULL, 0 },
  { "hr", TAG_KEEP, NULL, TAG_FLAG_VOID | TAG_FLAG_FLOW },
  { "i", TAG_KEEP, NULL, 0 },
  { "iframe", TAG_DROP, NULL, 0 },
  { "image", TAG_KEEP, "img", TAG_FLAG_VOID | TAG_FLAG_IMAGE },
  { "img", TAG_KEEP, NULL, TAG_FLAG_VOID | TAG_FLAG_IMAGE },
  { "input", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "ins", TAG_KEEP, "u", 0 },
  { "isindex", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "kbd", TAG_KEEP, "code", 0 },
  { "keygen", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "li", TAG_KEEP, NULL, 0 },
  { "link", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "listing", TAG_KEEP, "pre", TAG_FLAG_TEXT },
  { "main", TAG_BLOCK, NULL, 0 },
  { "map", TAG_DROP, NULL, 0 },
  { "math", TAG_DROP, NULL, 0 },
  { "menu", TAG_KEEP, "ul", TAG_FLAG_FLOW },
  { "meta", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "meter", TAG_DROP, NULL, 0 },
  { "nav", TAG_BLOCK, NULL, 0 },
  { "noembed", TAG_DROP, NULL, 0 },
  { "noframes", TAG_DROP, NULL, 0 },
  { "noscript", TAG_DROP, NULL, 0 },
  { "object", TAG_DROP, NULL, 0 },
  { "ol", TAG_KEEP, NULL, TAG_FLAG_OLIST | TAG_FLAG_FLOW },
  { "optgroup", TAG_DROP, NULL, 0 },
  { "option", TAG_DROP, NULL, 0 },
  { "output", TAG_DROP, NULL, 0 },
  { "p", TAG_KEEP, NULL, TAG_FLAG_TEXT },
  { "param", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "plaintext", TAG_KEEP, "pre", TAG_FLAG_TEXT },
  { "portal", TAG_DROP, NULL, 0 },
  { "pre", TAG_KEEP, NULL, TAG_FLAG_TEXT },
  { "progress", TAG_DROP, NULL, 0 },
  { "rp", TAG_DROP, NULL, 0 },
  { "s", TAG_KEEP, NULL, 0 },
  { "samp", TAG_KEEP, "code", 0 },
  { "script", TAG_DROP, NULL, 0 },
  { "section", TAG_BLOCK, NULL, 0 },
  { "select", TAG_DROP, NULL, 0 },
  { "slot", TAG_DROP, NULL, 0 },
  { "source", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "strike", TAG_KEEP, "s", 0 },
  { "strong", TAG_KEEP, NULL, 0 },
  { "style", TAG_DROP, NULL, 0 },
  { "sub", TAG_KEEP, NULL, 0 },
  { "summary", TAG_BLOCK, NULL, 0 },
  { "sup", TAG_KEEP, NULL, 0 },
  { "svg", TAG_DROP, NULL, 0 },
  { "table", TAG_KEEP, NULL, TAG_FLAG_FLOW },
  { "tbody", TAG_KEEP, NULL, 0 },
  { "td", TAG_KEEP, NULL, TAG_FLAG_CELL },
  { "template", TAG_DROP, NULL, 0 },
  { "textarea", TAG_DROP, NULL, 0 },
  { "tfoot", TAG_KEEP, NULL, 0 },
  { "th", TAG_KEEP, NULL, TAG_FLAG_CELL },
  { "thead", TAG_KEEP, NULL, 0 },
  { "title", TAG_DROP, NULL, 0 },
  { "tr", TAG_KEEP, NULL, 0 },
  { "track", TAG_DROP, NULL, TAG_FLAG_VOID },
  { "tt", TAG_KEEP, "code", 0 },
  { "u", TAG_KEEP, NULL, 0 },
  { "ul", TAG_KEEP, NULL, TAG_FLAG_FLOW },
  { "var", TAG_KEEP, "i", 0 },
  { "video", TAG_DROP, NULL, 0 },
  { "xmp", TAG_KEEP, "pre", TAG_FLAG_TEXT },
};

typedef enum
{
  URL_LINK,
  URL_IMAGE,
} UrlKind;

typedef struct
{
  GString *out;
  GUri    *base;
  char    *base_origin; /* "https://host:port": resolves "/path" without GUri */
  guint    text_depth;  /* open p/h1–h6/pre or inline element: no block inside */
  guint    link_depth;  /* open <a>: links do not nest */
  const char *parent;   /* the innermost element written, NULL at the top */
} Sanitizer;

/* Beacon hosts whose images only exist to count readers. */
static const char * const beacon_hosts[] = {
  "pixel.wp.com",
  "stats.wordpress.com",
  "www.google-analytics.com",
  "google-analytics.com",
  "ssl.google-analytics.com",
  "pixel.quantserve.com",
  "b.scorecardresearch.com",
  "sb.scorecardresearch.com",
  "pixel.mathtag.com",
  "ad.doubleclick.net",
  "pubads.g.doubleclick.net",
  "www.facebook.com/tr",
  "certify.alexametrics.com",
  "api.feedly.com/v3/mixes",
};

static void sanitize_children (Sanitizer *self,
                               xmlNode   *node);

static int
compare_rule_cb (const void *key,
                 const void *element)
{
  return strcmp (key, ((const TagRule *) element)->name);
}

static const TagRule *
find_rule (const xmlChar *name)
{
  if (name == NULL)
    return NULL;
  return bsearch (name, tag_rules, G_N_ELEMENTS (tag_rules), sizeof (TagRule), compare_rule_cb);
}

/* libxml2 lower-cases element and attribute names in HTML mode and gives
 * each attribute one text child; the slow path covers anything else.
 */
const char *
_pn_html_get_attr (xmlNode    *node,
                   const char *name)
{
  for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      if (g_ascii_strcasecmp ((const char *) attr->name, name) != 0)
        continue;
      if (attr->children == NULL)
        return "";
      if (attr->children->type == XML_TEXT_NODE && attr->children->next == NULL)
        return (const char *) attr->children->content;
      return "";
    }
  return NULL;
}

static gboolean
looks_like_document (const char *html,
                     gsize       length)
{
  const char *p = html;
  const char *end = html + length;

  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  for (;;)
    {
      while (p < end && _pn_html_is_space (*p))
        p++;
      if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        {
          const char *close = g_strstr_len (p + 4, end - p - 4, "-->");
          if (close == NULL)
            return FALSE;
          p = close + 3;
          continue;
        }
      if (end - p >= 2 && memcmp (p, "<?", 2) == 0)
        {
          const char *close = memchr (p, '>', end - p);
          if (close == NULL)
            return FALSE;
          p = close + 1;
          continue;
        }
      break;
    }

  return (end - p >= 9 && g_ascii_strncasecmp (p, "<!doctype", 9) == 0) ||
         (end - p >= 5 && g_ascii_strncasecmp (p, "<html", 5) == 0) ||
         (end - p >= 5 && g_ascii_strncasecmp (p, "<head", 5) == 0) ||
         (end - p >= 5 && g_ascii_strncasecmp (p, "<body", 5) == 0);
}

/* A fragment is put inside <body> so that libxml2 does not wrap its first
 * text in an implied paragraph. Invalid UTF-8 is repaired first: libxml2 would
 * otherwise fall back to Latin-1 for the rest of the input.
 */
htmlDocPtr
_pn_html_parse (const char *html,
                gssize      length,
                gboolean    fragment)
{
  const int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_RECOVER | HTML_PARSE_COMPACT;
  g_autofree char *without_nul = NULL;
  g_autofree char *valid = NULL;
  g_autoptr(GString) wrapped = NULL;

  if (html == NULL)
    html = "";
  if (length < 0)
    length = strlen (html);

  /* A NUL would end libxml2's input early. */
  if (memchr (html, '\0', length) != NULL)
    {
      without_nul = g_memdup2 (html, length);
      for (gssize i = 0; i < length; i++)
        if (without_nul[i] == '\0')
          without_nul[i] = ' ';
      html = without_nul;
    }

  if (!g_utf8_validate_len (html, length, NULL))
    {
      valid = g_utf8_make_valid (html, length);
      length = strlen (valid);
      html = valid;
    }

  if (fragment && !looks_like_document (html, length))
    {
      wrapped = g_string_sized_new (length + 16);
      g_string_append (wrapped, "<body>");
      g_string_append_len (wrapped, html, length);
      html = wrapped->str;
      length = wrapped->len;
    }

  if (length > G_MAXINT)
    length = G_MAXINT;

  return htmlReadMemory (html, (int) length, NULL, "UTF-8", options);
}

/* The bytes append_escaped() stops at: markup, quotes, NUL, and the control
 * characters other than tab, newline and carriage return.
 */
static const guint8 needs_escape[256] = {
  [0x00 ... 0x08] = 1, [0x0b ... 0x0c] = 1, [0x0e ... 0x1f] = 1,
  ['"'] = 1, ['&'] = 1, ['<'] = 1, ['>'] = 1,
};

/* Escapes text for element content and double-quoted attributes, and drops
 * the control characters that XML forbids, so that the output also parses
 * as XHTML (the EPUB exporter relies on that).
 */
static void
append_escaped (GString    *out,
                const char *text)
{
  const char *run = text;

  for (;;)
    {
      const char *p = run;

      while (!needs_escape[(guchar) *p])
        p++;
      g_string_append_len (out, run, p - run);
      switch (*p)
        {
        case '\0': return;
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        default: break;
        }
      run = p + 1;
    }
}

/* Browsers drop tabs and newlines anywhere in a URL and trim spaces and
 * controls around it; doing the same before looking at the scheme defeats
 * "java&#9;script:" and friends. Inner spaces are percent-encoded.
 */
static char *
clean_url (const char *value)
{
  GString *clean = g_string_sized_new (strlen (value));
  const char *start = value;
  const char *end = value + strlen (value);

  while (start < end && (guchar) *start <= 0x20)
    start++;
  while (end > start && (guchar) end[-1] <= 0x20)
    end--;

  for (const char *p = start; p < end; p++)
    {
      guchar c = *p;

      if (c == ' ')
        g_string_append (clean, "%20");
      else if (c < 0x20 || c == 0x7f)
        continue;
      else
        g_string_append_c (clean, c);
    }

  return g_string_free (clean, FALSE);
}

/* Returns the length of the scheme (the part before ':'), or 0. */
static gsize
scheme_length (const char *url)
{
  gsize i = 0;

  if (!g_ascii_isalpha (url[0]))
    return 0;
  for (i = 1; url[i] != '\0'; i++)
    {
      if (url[i] == ':')
        return i;
      if (!g_ascii_isalnum (url[i]) && url[i] != '+' && url[i] != '-' && url[i] != '.')
        return 0;
    }
  return 0;
}

static gboolean
is_safe_data_image (const char *url)
{
  static const char * const types[] = {
    "data:image/png;base64,", "data:image/gif;base64,", "data:image/jpeg;base64,",
    "data:image/jpg;base64,", "data:image/webp;base64,", "data:image/avif;base64,",
  };

  if (strlen (url) > PN_HTML_MAX_DATA_URL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      if (g_ascii_strncasecmp (url, types[i], strlen (types[i])) != 0)
        continue;
      /* Base64 only: nothing that could close a quote or start markup. */
      for (const char *p = url + strlen (types[i]); *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
          return FALSE;
      return TRUE;
    }
  return FALSE;
}

static gboolean
scheme_allowed (const char *url,
                gsize       length,
                UrlKind     kind)
{
  if (length == 4 && g_ascii_strncasecmp (url, "http", 4) == 0)
    return TRUE;
  if (length == 5 && g_ascii_strncasecmp (url, "https", 5) == 0)
    return TRUE;
  if (kind == URL_LINK && length == 6 && g_ascii_strncasecmp (url, "mailto", 6) == 0)
    return TRUE;
  return FALSE;
}

/* Returns the URL to write, or NULL when it must go. */
static char *
sanitize_url (Sanitizer  *self,
              const char *value,
              UrlKind     kind)
{
  g_autofree char *clean = NULL;
  gsize scheme;

  if (value == NULL)
    return NULL;

  clean = clean_url (value);
  if (clean[0] == '\0')
    return NULL;

  scheme = scheme_length (clean);
  if (scheme > 0)
    {
      if (kind == URL_IMAGE && scheme == 4 && g_ascii_strncasecmp (clean, "data", 4) == 0)
        return is_safe_data_image (clean) ? g_steal_pointer (&clean) : NULL;
      if (!scheme_allowed (clean, scheme, kind))
        return NULL;
      if (g_ascii_strncasecmp (clean, "mailto:", 7) != 0 && !g_str_has_prefix (clean + scheme + 1, "//"))
        return NULL;
      return g_steal_pointer (&clean);
    }

  /* A relative reference whose first segment holds ':' or '&' is a scheme
   * in disguise ("javascript&colon;…", "java script:"): refuse it.
   */
  for (const char *p = clean; *p != '\0' && *p != '/' && *p != '?' && *p != '#'; p++)
    if (*p == ':' || *p == '&' || *p == '\\')
      return NULL;

  /* The common "/path" needs no URI parser: it is the base's origin. */
  if (self->base_origin != NULL && clean[0] == '/' && clean[1] != '/' && clean[1] != '\\')
    return g_strconcat (self->base_origin, clean, NULL);

  if (self->base != NULL)
    {
      g_autoptr(GUri) resolved = g_uri_parse_relative (self->base, clean, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
      g_autofree char *absolute = NULL;
      const char *resolved_scheme;
      const char *path;

      if (resolved == NULL)
        return NULL;
      resolved_scheme = g_uri_get_scheme (resolved);
      if (resolved_scheme == NULL || !scheme_allowed (resolved_scheme, strlen (resolved_scheme), kind))
        return NULL;
      /* GUri can resolve to a host followed by a relative path, which it
       * then refuses to write.
       */
      path = g_uri_get_path (resolved);
      if (g_uri_get_host (resolved) != NULL && path[0] != '\0' && path[0] != '/')
        return NULL;
      /* GUri decodes "%20" in a host ("//x%20y"): such a URL leads nowhere,
       * and writing it with a space would not read back the same.
       */
      absolute = g_uri_to_string (resolved);
      if (absolute == NULL)
        return NULL;
      for (const char *p = absolute; *p != '\0'; p++)
        if ((guchar) *p <= 0x20 || *p == 0x7f)
          return NULL;
      return g_steal_pointer (&absolute);
    }

  return g_steal_pointer (&clean);
}

static gboolean
is_beacon (const char *url)
{
  const char *host;
  gsize host_length;

  if (g_ascii_strncasecmp (url, "http://", 7) == 0)
    host = url + 7;
  else if (g_ascii_strncasecmp (url, "https://", 8) == 0)
    host = url + 8;
  else
    return FALSE;

  host_length = strcspn (host, "/?#");
  for (guint i = 0; i < G_N_ELEMENTS (beacon_hosts); i++)
    {
      gsize n = strlen (beacon_hosts[i]);
      if (g_ascii_strncasecmp (host, beacon_hosts[i], n) == 0 &&
          (n > host_length ? host[n] == '\0' || host[n] == '?' || host[n] == '/' : n == host_length))
        return TRUE;
    }

  /* FeedBurner's tracked links and "flare" images, wherever they are served. */
  if (strstr (host, "/~r/") != NULL || strstr (host, "/~ff/") != NULL || strstr (host, "/~a/") != NULL)
    return TRUE;

  return FALSE;
}

/* "1", "1px", " 0 " → that number; anything else → -1. */
static int
parse_dimension (const char *value)
{
  char *end = NULL;
  gint64 n;

  if (value == NULL)
    return -1;
  while (_pn_html_is_space (*value))
    value++;
  if (!g_ascii_isdigit (*value))
    return -1;
  n = g_ascii_strtoll (value, &end, 10);
  if (n > 100000)
    return -1;
  if (g_ascii_strncasecmp (end, "px", 2) == 0)
    end += 2;
  while (_pn_html_is_space (*end))
    end++;
  return *end == '\0' ? (int) n : -1;
}

/* Picks the largest candidate of a srcset ("a.jpg 480w, b.jpg 2x"). URLs may
 * hold commas (image CDNs love them), so a candidate ends at whitespace, as
 * the HTML specification's parser has it.
 */
static char *
best_srcset_url (const char *srcset)
{
  const char *p = srcset;
  g_autofree char *best = NULL;
  double best_score = -1;

  while (*p != '\0')
    {
      const char *url_start;
      const char *url_end;
      const char *descriptor;
      double score = 1;

      while (_pn_html_is_space (*p) || *p == ',')
        p++;
      if (*p == '\0')
        break;
      url_start = p;
      while (*p != '\0' && !_pn_html_is_space (*p))
        p++;
      url_end = p;
      while (url_end > url_start && url_end[-1] == ',')
        url_end--;
      if (url_end == p)
        {
          while (_pn_html_is_space (*p))
            p++;
          descriptor = p;
          while (*p != '\0' && *p != ',')
            p++;
          if (p > descriptor)
            {
              char *end = NULL;
              double n = g_ascii_strtod (descriptor, &end);

              if (end != descriptor && (*end == 'w' || *end == 'W'))
                score = n;
              else if (end != descriptor && (*end == 'x' || *end == 'X'))
                score = n * 1000;
            }
        }

      if (url_end > url_start && score > best_score)
        {
          g_free (best);
          best = g_strndup (url_start, url_end - url_start);
          best_score = score;
        }
    }

  return g_steal_pointer (&best);
}

static gboolean
is_placeholder_src (const char *src)
{
  return src == NULL || src[0] == '\0' ||
         (g_ascii_strncasecmp (src, "data:", 5) == 0 && strlen (src) < 200) ||
         strstr (src, "blank.gif") != NULL || strstr (src, "placeholder") != NULL;
}

static char *
image_source (Sanitizer *self,
              xmlNode   *node)
{
  static const char * const lazy_attrs[] = { "data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src" };
  const char *src = _pn_html_get_attr (node, "src");
  const char *srcset = _pn_html_get_attr (node, "srcset");
  g_autofree char *from_srcset = NULL;

  if (srcset == NULL)
    srcset = _pn_html_get_attr (node, "data-srcset");
  if (srcset != NULL)
    from_srcset = best_srcset_url (srcset);

  if (from_srcset != NULL)
    src = from_srcset;
  else if (is_placeholder_src (src))
    {
      for (guint i = 0; i < G_N_ELEMENTS (lazy_attrs); i++)
        {
          const char *lazy = _pn_html_get_attr (node, lazy_attrs[i]);
          if (lazy != NULL && lazy[0] != '\0')
            {
              src = lazy;
              break;
            }
        }
    }

  return sanitize_url (self, src, URL_IMAGE);
}

static gboolean
is_hidden (xmlNode *node)
{
  const char *style;
  g_autofree char *compact = NULL;
  char *w = NULL;

  if (_pn_html_get_attr (node, "hidden") != NULL)
    return TRUE;
  style = _pn_html_get_attr (node, "style");
  if (style == NULL)
    return FALSE;

  compact = g_ascii_strdown (style, -1);
  w = compact;
  for (const char *r = compact; *r != '\0'; r++)
    if (!_pn_html_is_space (*r))
      *w++ = *r;
  *w = '\0';
  return strstr (compact, "display:none") != NULL || strstr (compact, "visibility:hidden") != NULL;
}

static void
append_attr (GString    *out,
             const char *name,
             const char *value)
{
  g_string_append_c (out, ' ');
  g_string_append (out, name);
  g_string_append (out, "=\"");
  append_escaped (out, value);
  g_string_append_c (out, '"');
}

static void
append_number_attr (GString    *out,
                    xmlNode    *node,
                    const char *name,
                    int         max)
{
  int n = parse_dimension (_pn_html_get_attr (node, name));

  if (n >= 0 && n <= max)
    g_string_append_printf (out, " %s=\"%d\"", name, n);
}

static void
append_common_attrs (GString *out,
                     xmlNode *node)
{
  const char *dir = _pn_html_get_attr (node, "dir");
  const char *lang = _pn_html_get_attr (node, "lang");

  if (dir != NULL && (g_ascii_strcasecmp (dir, "rtl") == 0 || g_ascii_strcasecmp (dir, "ltr") == 0))
    append_attr (out, "dir", g_ascii_strcasecmp (dir, "rtl") == 0 ? "rtl" : "ltr");
  if (lang != NULL && lang[0] != '\0' && strlen (lang) <= 35 &&
      strspn (lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == strlen (lang))
    append_attr (out, "lang", lang);
}

static void
sanitize_image (Sanitizer     *self,
                xmlNode       *node,
                const TagRule *rule)
{
  g_autofree char *src = image_source (self, node);
  const char *alt = _pn_html_get_attr (node, "alt");
  const char *title = _pn_html_get_attr (node, "title");
  int width = parse_dimension (_pn_html_get_attr (node, "width"));
  int height = parse_dimension (_pn_html_get_attr (node, "height"));

  if (src == NULL || is_beacon (src))
    return;
  if (width >= 0 && width <= 1 && height >= 0 && height <= 1)
    return;

  g_string_append (self->out, "<img");
  append_attr (self->out, "src", src);
  if (alt != NULL)
    append_attr (self->out, "alt", alt);
  if (title != NULL && title[0] != '\0')
    append_attr (self->out, "title", title);
  if (width > 0)
    g_string_append_printf (self->out, " width=\"%d\"", width);
  if (height > 0)
    g_string_append_printf (self->out, " height=\"%d\"", height);
  g_string_append (self->out, "/>");
}

static gboolean
is_inline (const char *name)
{
  /* <dt> too: libxml2 closes it at the first block inside. */
  static const char * const names[] = { "a", "b", "code", "dt", "em", "i", "s", "strong", "sub", "sup", "u" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_table_structure (const char *name)
{
  /* The first letter first: this runs for every text node. */
  return name != NULL && name[0] == 't' &&
         (strcmp (name, "table") == 0 || strcmp (name, "thead") == 0 || strcmp (name, "tbody") == 0 ||
          strcmp (name, "tfoot") == 0 || strcmp (name, "tr") == 0);
}

/* Whether @name may be written inside @parent so that any HTML parser reads
 * it back where we wrote it. Misplaced table parts, list items and nested
 * links are moved around by parsers ("foster parenting"), which is how
 * mutation XSS starts; they are unwrapped instead.
 */
static gboolean
placement_ok (Sanitizer  *self,
              const char *name)
{
  const char *parent = self->parent;

  if (strcmp (name, "tr") == 0)
    return parent != NULL && strcmp (parent, "tr") != 0 && is_table_structure (parent);
  if (strcmp (name, "td") == 0 || strcmp (name, "th") == 0)
    return g_strcmp0 (parent, "tr") == 0;
  if (strcmp (name, "thead") == 0 || strcmp (name, "tbody") == 0 || strcmp (name, "tfoot") == 0 ||
      strcmp (name, "caption") == 0)
    return g_strcmp0 (parent, "table") == 0;
  if (strcmp (name, "li") == 0)
    return g_strcmp0 (parent, "ul") == 0 || g_strcmp0 (parent, "ol") == 0;
  if (strcmp (name, "dt") == 0 || strcmp (name, "dd") == 0)
    return g_strcmp0 (parent, "dl") == 0;
  if (strcmp (name, "a") == 0 && self->link_depth > 0)
    return FALSE;
  /* Lists hold items only: a list straight inside a list is closed by it. */
  if (g_strcmp0 (parent, "ul") == 0 || g_strcmp0 (parent, "ol") == 0 || g_strcmp0 (parent, "dl") == 0)
    return FALSE;
  return !is_table_structure (parent);
}

static void
sanitize_element (Sanitizer *self,
                  xmlNode   *node)
{
  const TagRule *rule = find_rule (node->name);
  const char *name;
  g_autofree char *href = NULL;

  if (rule == NULL || rule->action == TAG_UNWRAP)
    {
      sanitize_children (self, node);
      return;
    }
  if (rule->action == TAG_DROP)
    {
      /* Void elements have no content: what libxml2 put under one (it
       * nests text after <embed>, for one) belongs to its parent.
       */
      if (rule->flags & TAG_FLAG_VOID)
        sanitize_children (self, node);
      return;
    }
  if (is_hidden (node))
    return;

  if (rule->action == TAG_BLOCK)
    {
      /* A <div> inside a paragraph would be moved out of it by the next
       * parser that reads our output; keep the text where it is instead.
       */
      const char *saved_parent = self->parent;

      if (self->text_depth > 0 || !placement_ok (self, "div"))
        {
          sanitize_children (self, node);
          return;
        }
      g_string_append (self->out, "<div");
      append_common_attrs (self->out, node);
      g_string_append_c (self->out, '>');
      self->parent = "div";
      sanitize_children (self, node);
      self->parent = saved_parent;
      g_string_append (self->out, "</div>");
      return;
    }

  if (rule->flags & TAG_FLAG_IMAGE)
    {
      if (placement_ok (self, "img"))
        sanitize_image (self, node, rule);
      return;
    }

  name = rule->out != NULL ? rule->out : rule->name;

  if (rule->flags & TAG_FLAG_LINK)
    {
      href = sanitize_url (self, _pn_html_get_attr (node, "href"), URL_LINK);
      if (href == NULL || is_beacon (href))
        {
          sanitize_children (self, node);
          return;
        }
    }

  /* A paragraph or list inside a paragraph cannot survive a re-parse either. */
  if ((self->text_depth > 0 && (rule->flags & (TAG_FLAG_TEXT | TAG_FLAG_FLOW))) || !placement_ok (self, name))
    {
      if (!(rule->flags & TAG_FLAG_VOID))
        sanitize_children (self, node);
      return;
    }

  g_string_append_c (self->out, '<');
  g_string_append (self->out, name);
  if (href != NULL)
    {
      const char *title = _pn_html_get_attr (node, "title");

      append_attr (self->out, "href", href);
      if (title != NULL && title[0] != '\0')
        append_attr (self->out, "title", title);
    }
  if (rule->flags & TAG_FLAG_CELL)
    {
      append_number_attr (self->out, node, "colspan", 1000);
      append_number_attr (self->out, node, "rowspan", 1000);
    }
  if (rule->flags & TAG_FLAG_OLIST)
    append_number_attr (self->out, node, "start", 1000000);
  if ((rule->flags & TAG_FLAG_TEXT) || strcmp (name, "blockquote") == 0 || strcmp (name, "li") == 0 ||
      rule->flags & TAG_FLAG_CELL)
    append_common_attrs (self->out, node);

  if (rule->flags & TAG_FLAG_VOID)
    {
      g_string_append (self->out, "/>");
      return;
    }
  g_string_append_c (self->out, '>');

  {
    const char *saved_parent = self->parent;

    /* Phrasing context: p, h1–h6, pre and inline elements (b, a, code…),
     * inside which parsers close or move any block.
     */
    gboolean phrasing = (rule->flags & TAG_FLAG_TEXT) || is_inline (name);

    self->parent = name;
    if (phrasing)
      self->text_depth++;
    if (href != NULL)
      self->link_depth++;
    sanitize_children (self, node);
    if (href != NULL)
      self->link_depth--;
    if (phrasing)
      self->text_depth--;
    self->parent = saved_parent;
  }

  g_string_append (self->out, "</");
  g_string_append (self->out, name);
  g_string_append_c (self->out, '>');
}

static void
sanitize_children (Sanitizer *self,
                   xmlNode   *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      switch (child->type)
        {
        case XML_ELEMENT_NODE:
          sanitize_element (self, child);
          break;
        case XML_TEXT_NODE:
          /* Text between table rows would be moved out of the table. */
          if (child->content != NULL && !is_table_structure (self->parent))
            append_escaped (self->out, (const char *) child->content);
          break;
        default:
          /* Comments, CDATA, processing instructions, DTDs: never output. */
          break;
        }
    }
}

static GUri *
parse_base (const char *base_url)
{
  g_autoptr(GUri) base = NULL;
  const char *scheme;

  if (base_url == NULL || base_url[0] == '\0')
    return NULL;
  base = g_uri_parse (base_url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (base == NULL)
    return NULL;
  scheme = g_uri_get_scheme (base);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    return NULL;
  return g_steal_pointer (&base);
}

void
_pn_html_sanitize_node (xmlNode    *node,
                        const char *base_url,
                        GString    *out)
{
  Sanitizer self = { out, parse_base (base_url), NULL, 0, 0, NULL };

  g_assert (node != NULL);

  if (self.base != NULL && g_uri_get_host (self.base) != NULL)
    {
      g_autofree char *origin = g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (self.base), NULL,
                                            g_uri_get_host (self.base), g_uri_get_port (self.base), "", NULL, NULL);
      self.base_origin = g_ascii_strdown (origin, -1);
    }

  if (node->type == XML_ELEMENT_NODE)
    sanitize_element (&self, node);
  else
    sanitize_children (&self, node);
  g_clear_pointer (&self.base, g_uri_unref);
  g_clear_pointer (&self.base_origin, g_free);
}

/* The libxml2 path is the reference; @fast lets tests compare against it. */
char *
_pn_html_sanitize_full (const char *html,
                        gssize      length,
                        const char *base_url,
                        gboolean    fast)
{
  g_autoptr(PnHtmlTree) tree = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *top;
  GString *out;

  if (html == NULL || length == 0 || html[0] == '\0')
    return g_strdup ("");
  if (length < 0)
    length = strlen (html);

  if (fast && !looks_like_document (html, length))
    tree = _pn_html_tree_parse_fragment (html, length);
  if (tree != NULL)
    top = _pn_html_tree_get_document (tree);
  else
    {
      doc = _pn_html_parse (html, length, TRUE);
      if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
        return g_strdup ("");
      top = (xmlNode *) doc;
    }

  out = g_string_sized_new (length);
  _pn_html_sanitize_node (top, base_url, out);
  return g_string_free (out, FALSE);
}

/**
 * pn_html_sanitize:
 * @html: untrusted HTML, a fragment or a whole document
 * @length: its length in bytes, or -1 if nul-terminated
 * @base_url: (nullable): the document's URL, against which relative links
 *   and images are resolved
 *
 * Keeps the allowed structure of @html (paragraphs, headings, lists, quotes,
 * code, emphasis, links, images, tables) and drops everything that could run
 * code, load something other than an image, or hide text. The result is
 * well-formed (it parses as XHTML too) and safe to show anywhere.
 *
 * Plain fragments are read by a fast reader that builds the tree libxml2
 * would build (pn-html-tokenizer.c); everything else goes to libxml2.
 *
 * Returns: (transfer full): the sanitized HTML, never %NULL
 */
char *
pn_html_sanitize (const char *html,
                  gssize      length,
                  const char *base_url)
{
  return _pn_html_sanitize_full (html, length, base_url, TRUE);
}
