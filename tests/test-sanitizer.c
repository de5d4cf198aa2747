/* test-sanitizer.c — pn_html_sanitize against hostile and ordinary markup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <string.h>

#include "pn-core.h"

#define BASE_URL "https://example.com/news/story.html"

/* Each hostile case: the input, and a word of visible text that must
 * survive (or NULL when nothing visible should).
 */
typedef struct
{
  const char *name;
  const char *html;
  const char *keep;
} HostileCase;

static const HostileCase hostile_cases[] = {
  { "script", "<p>a</p><script>alert(1)</script>", "a" },
  { "script-upper", "<SCRIPT>alert(1)</SCRIPT><p>ok</p>", "ok" },
  { "script-mixed", "<ScRiPt>alert(1)</sCrIpT>ok", "ok" },
  { "script-src", "<script src=\"//evil.example/x.js\"></script>ok", "ok" },
  { "script-slash", "<script/xss src=\"x.js\"></script>ok", "ok" },
  { "script-unclosed", "ok<script>alert(1)", "ok" },
  { "script-double-open", "<<script>alert(1)//<</script>ok", "ok" },
  { "script-split", "<scr<script>ipt>alert(1)</script>ok", "ok" },
  { "script-type-plain", "<script type=\"text/plain\">alert(1)</script>ok", "ok" },
  { "script-nul", "<scr\x01ipt>alert(1)</scr\x01ipt>ok", "ok" },
  { "img-onerror", "<img src=x onerror=alert(1)>ok", "ok" },
  { "img-slashes", "<img/src=x/onerror=alert(1)>ok", "ok" },
  { "img-vt-handler", "<img src=x onerror\x0b=alert(1)>ok", "ok" },
  { "img-quotes", "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">ok", "ok" },
  { "img-eval-src", "<img src=x:alert(alt) onerror=eval(src) alt=0>ok", "ok" },
  { "img-javascript", "<img src=\"javascript:alert(1)\">ok", "ok" },
  { "img-vbscript", "<img src=\"vbscript:msgbox(1)\">ok", "ok" },
  { "img-dynsrc", "<img dynsrc=\"javascript:alert(1)\" lowsrc=\"javascript:alert(1)\">ok", "ok" },
  { "img-srcset-js", "<img srcset=\"javascript:alert(1) 1x\">ok", "ok" },
  { "img-data-svg", "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">ok", "ok" },
  { "img-data-html", "<img src=\"data:text/html,<script>alert(1)</script>\">ok", "ok" },
  { "img-data-bad-base64", "<img src='data:image/png;base64,\"><script>alert(1)</script>'>ok", "ok" },
  { "img-file", "<img src=\"file:///etc/passwd\">ok", "ok" },
  { "img-onload-http", "<img src=\"http://example.com/a.png\" onload=\"alert(1)\">ok", "ok" },
  { "body-onload", "<body onload=alert(1)><p>ok</p></body>", "ok" },
  { "svg-onload", "<svg onload=alert(1)>x</svg>ok", "ok" },
  { "svg-script", "<svg><script>alert(1)</script></svg>ok", "ok" },
  { "svg-xlink", "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>ok", "ok" },
  { "svg-animate", "<svg><animate onbegin=alert(1) attributeName=x dur=1s>ok", NULL },
  { "svg-use-data", "<svg><use href=\"data:image/svg+xml,<svg id='x' onload='alert(1)'/>#x\"/></svg>ok", "ok" },
  { "svg-style-mxss", "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">ok", NULL },
  { "math", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", NULL },
  { "math-href", "<math href=\"javascript:alert(1)\">CLICK</math>ok", "ok" },
  { "a-javascript", "<a href=\"javascript:alert(1)\">ok</a>", "ok" },
  { "a-javascript-case", "<a href=\"JaVaScRiPt:alert(1)\">ok</a>", "ok" },
  { "a-javascript-dec", "<a href=\"&#106;avascript:alert(1)\">ok</a>", "ok" },
  { "a-javascript-hex", "<a href=\"&#x6A;avascript:alert(1)\">ok</a>", "ok" },
  { "a-javascript-padded", "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">ok</a>", "ok" },
  { "a-javascript-nosemi", "<a href=\"&#x6a&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3a;alert(1)\">ok</a>", "ok" },
  { "a-javascript-tab-entity", "<a href=\"jav&#x09;ascript:alert(1)\">ok</a>", "ok" },
  { "a-javascript-nl-entity", "<a href=\"jav&#x0A;ascript:alert(1)\">ok</a>", "ok" },
  { "a-javascript-cr-entity", "<a href=\"jav&#x0D;ascript:alert(1)\">ok</a>", "ok" },
  { "a-javascript-tab", "<a href=\"jav\tascript:alert(1)\">ok</a>", "ok" },
  { "a-javascript-nl", "<a href=\"java\nscript:alert(1)\">ok</a>", "ok" },
  { "a-javascript-lead", "<a href=\" &#14;  javascript:alert(1)\">ok</a>", "ok" },
  { "a-javascript-ctrl", "<a href=\"\x01javascript:alert(1)\">ok</a>", "ok" },
  { "a-javascript-colon-entity", "<a href=\"javascript&colon;alert(1)\">ok</a>", "ok" },
  { "a-javascript-58", "<a href=javascript&#58;alert(1)>ok</a>", "ok" },
  { "a-javascript-space", "<a href=\"java script:alert(1)\">ok</a>", "ok" },
  { "a-vbscript", "<a href=\"vbscript:msgbox(1)\">ok</a>", "ok" },
  { "a-data-html", "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">ok</a>", "ok" },
  { "a-data-image", "<a href=\"data:image/png;base64,AAAA\">ok</a>", "ok" },
  { "a-file", "<a href=\"file:///etc/passwd\">ok</a>", "ok" },
  { "a-onclick", "<a href=\"https://example.org/\" onclick=\"alert(1)\" onmouseover=\"alert(2)\">ok</a>", "ok" },
  { "a-target-style", "<a href=\"https://example.org/\" target=_blank style=\"position:fixed;top:0\">ok</a>", "ok" },
  { "a-backslash", "<a href=\"\\\\evil.example\\x\">ok</a>", "ok" },
  { "iframe", "<iframe src=\"https://evil.example/\"></iframe>ok", "ok" },
  { "iframe-srcdoc", "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>ok", "ok" },
  { "iframe-js", "<iframe src=\"javascript:alert(1)\">", NULL },
  { "frameset", "<frameset><frame src=\"javascript:alert(1)\"></frameset>", NULL },
  { "object", "<object data=\"https://evil.example/x.swf\"><param name=src value=\"javascript:alert(1)\"></object>ok", "ok" },
  { "object-html", "<object type=\"text/html\" data=\"data:text/html,<script>alert(1)</script>\"></object>ok", "ok" },
  { "embed", "<embed src=\"https://evil.example/x.swf\">ok", "ok" },
  { "embed-svg", "<embed type=\"image/svg+xml\" src=\"https://evil.example/x.svg\">ok", "ok" },
  { "applet", "<applet code=\"Evil.class\">x</applet>ok", "ok" },
  { "form", "<form action=\"javascript:alert(1)\"><input type=submit value=go></form>ok", "ok" },
  { "form-button", "<form><button formaction=\"javascript:alert(1)\">X</button></form>ok", "ok" },
  { "input-autofocus", "<input onfocus=alert(1) autofocus>ok", "ok" },
  { "select", "<select onfocus=alert(1) autofocus><option>x</option></select>ok", "ok" },
  { "textarea-breakout", "<textarea></textarea><script>alert(1)</script>ok", "ok" },
  { "keygen", "<keygen autofocus onfocus=alert(1)>ok", "ok" },
  { "isindex", "<isindex action=\"javascript:alert(1)\" type=image>ok", "ok" },
  { "base", "<base href=\"javascript:/\"><a href=\"x\">ok</a>", "ok" },
  { "meta-refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">ok", "ok" },
  { "link-stylesheet", "<link rel=stylesheet href=\"https://evil.example/x.css\">ok", "ok" },
  { "style-import", "<style>@import 'https://evil.example/x.css';</style>ok", "ok" },
  { "style-in-div", "<div><style>p{background:url(javascript:alert(1))}</style>ok</div>", "ok" },
  { "css-url-js", "<div style=\"background:url(javascript:alert(1))\">ok</div>", "ok" },
  { "css-expression", "<div style=\"width:expression(alert(1))\">ok</div>", "ok" },
  { "css-behavior", "<p style=\"behavior:url(x.htc)\">ok</p>", "ok" },
  { "table-background", "<table background=\"javascript:alert(1)\"><tr><td background=\"javascript:alert(1)\">ok</td></tr></table>", "ok" },
  { "bgsound", "<bgsound src=\"javascript:alert(1)\">ok", "ok" },
  { "video-poster", "<video poster=\"javascript:alert(1)\" src=\"x\" onerror=\"alert(1)\"></video>ok", "ok" },
  { "audio", "<audio src=x onerror=alert(1)></audio>ok", "ok" },
  { "marquee", "<marquee onstart=alert(1)>ok</marquee>", "ok" },
  { "details", "<details open ontoggle=alert(1)>ok</details>", "ok" },
  { "dialog", "<dialog open onclose=alert(1)>x</dialog>ok", "ok" },
  { "template", "<template><script>alert(1)</script></template>ok", "ok" },
  { "noscript-mxss", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>ok", "ok" },
  { "noembed-mxss", "<noembed><img title=\"</noembed><img src onerror=alert(1)>\"></noembed>ok", "ok" },
  { "title-breakout", "<title><script>alert(1)</script></title>ok", "ok" },
  { "xmp", "<xmp><script>alert(1)</script></xmp>ok", "ok" },
  { "listing-mxss", "<listing>&lt;img src=x onerror=alert(1)&gt;</listing>ok", "ok" },
  { "plaintext", "ok<plaintext><script>alert(1)</script>", "ok" },
  { "comment", "<!--<script>alert(1)</script>-->ok", "ok" },
  { "comment-ie", "<!--[if IE]><script>alert(1)</script><![endif]-->ok", "ok" },
  { "comment-bang", "<!--><script>alert(1)</script>-->ok", "ok" },
  { "cdata", "<![CDATA[<script>alert(1)</script>]]>ok", "ok" },
  { "attr-breakout", "<img alt='\"><script>alert(1)</script>' src=\"https://example.org/a.png\">ok", "ok" },
  { "title-breakout-attr", "<a title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" href=\"https://example.org/\">ok</a>", "ok" },
  { "unclosed-attr", "<img src=\"https://example.org/a.png onerror=alert(1)>ok", NULL },
  { "text-markup", "<p>\"&gt;&lt;script&gt;alert(1)&lt;/script&gt; ok</p>", "ok" },
  { "misnested", "<p><a href=\"https://example.org/\">x</p></a><script>alert(1)</script>ok", "ok" },
  { "stray-close", "</p></div></body></html><script>alert(1)</script>ok", "ok" },
  { "html-manifest", "<html manifest=\"https://evil.example/x\"><body background=\"javascript:alert(1)\">ok</body></html>", "ok" },
  { "portal", "<portal src=\"https://evil.example/\"></portal>ok", "ok" },
  { "pixel", "<img src=\"https://tracker.example/p.gif\" width=\"1\" height=\"1\">ok", "ok" },
  { "pixel-zero", "<img src=\"https://tracker.example/p.gif\" width=\"0\" height=\"0\">ok", "ok" },
  { "feedburner-r", "<img src=\"http://feeds.feedburner.com/~r/Example/~4/abcdef\" height=\"1\" width=\"1\" alt=\"\"/>ok", "ok" },
  { "feedburner-ff", "<a href=\"http://feeds.feedburner.com/~ff/Example?a=x\"><img src=\"http://feeds.feedburner.com/~ff/Example?i=x\" border=\"0\"></a>ok", "ok" },
  { "wp-pixel", "<img src=\"https://pixel.wp.com/b.gif?host=x&amp;blog=1\" alt=\"\">ok", "ok" },
  { "hidden", "<div hidden>secret</div><p style=\"display: none\">secret</p>ok", "ok" },
  { "id-class-data", "<p id=\"x\" class=\"y\" data-x=\"z\" onclick=\"alert(1)\">ok</p>", "ok" },
};

/* Names the sanitizer may emit, and the attributes each may carry: the
 * test's own list, so that a mistake in the sanitizer's table shows.
 */
static gboolean
element_allowed (const char *name)
{
  static const char * const names[] = {
    "html", "body", "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
    "pre", "code", "em", "i", "strong", "b", "u", "s", "sub", "sup", "a", "img", "figure",
    "figcaption", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr", "dl", "dt",
    "dd", "div",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (names[i], name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
attribute_allowed (const char *element,
                   const char *name)
{
  if (strcmp (name, "dir") == 0 || strcmp (name, "lang") == 0)
    return TRUE;
  if (strcmp (element, "a") == 0)
    return strcmp (name, "href") == 0 || strcmp (name, "title") == 0;
  if (strcmp (element, "img") == 0)
    return strcmp (name, "src") == 0 || strcmp (name, "alt") == 0 || strcmp (name, "title") == 0 ||
           strcmp (name, "width") == 0 || strcmp (name, "height") == 0;
  if (strcmp (element, "td") == 0 || strcmp (element, "th") == 0)
    return strcmp (name, "colspan") == 0 || strcmp (name, "rowspan") == 0;
  if (strcmp (element, "ol") == 0)
    return strcmp (name, "start") == 0;
  return FALSE;
}

/* What a browser would see as the URL's scheme, after it drops controls
 * and white space.
 */
static char *
browser_view_of_url (const char *value)
{
  GString *s = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p > 0x20 && *p != 0x7f)
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

static void
assert_url_safe (const char *element,
                 const char *attribute,
                 const char *value)
{
  g_autofree char *url = browser_view_of_url (value);
  gsize first_segment = strcspn (url, "/?#");
  const char *colon = strchr (url, ':');

  if (strcmp (attribute, "href") == 0)
    {
      if (g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://") ||
          g_str_has_prefix (url, "mailto:"))
        return;
    }
  else
    {
      if (g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://"))
        return;
      if (g_str_has_prefix (url, "data:image/png;base64,") || g_str_has_prefix (url, "data:image/gif;base64,") ||
          g_str_has_prefix (url, "data:image/jpeg;base64,") || g_str_has_prefix (url, "data:image/webp;base64,"))
        {
          g_assert_cmpuint (strspn (strchr (url, ',') + 1,
                                    "abcdefghijklmnopqrstuvwxyz0123456789+/="), ==, strlen (strchr (url, ',') + 1));
          return;
        }
    }

  /* Otherwise a relative reference, which can carry no scheme at all. */
  if (colon != NULL && (gsize) (colon - url) < first_segment)
    g_error ("<%s %s=\"%s\"> survived", element, attribute, value);
  g_assert_null (strchr (url, '&'));
}

static void
assert_tree_safe (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_COMMENT_NODE || child->type == XML_PI_NODE || child->type == XML_CDATA_SECTION_NODE)
        g_error ("a comment, CDATA section or processing instruction survived");
      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (!element_allowed ((const char *) child->name))
        g_error ("<%s> survived", child->name);

      for (xmlAttr *attr = child->properties; attr != NULL; attr = attr->next)
        {
          g_autofree char *value = (char *) xmlNodeListGetString (child->doc, attr->children, 1);

          if (!attribute_allowed ((const char *) child->name, (const char *) attr->name))
            g_error ("<%s %s> survived", child->name, attr->name);
          if (strcmp ((const char *) attr->name, "href") == 0 || strcmp ((const char *) attr->name, "src") == 0)
            assert_url_safe ((const char *) child->name, (const char *) attr->name, value != NULL ? value : "");
        }
      assert_tree_safe (child);
    }
}

static gboolean
tree_has_tracking_image (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (strcmp ((const char *) child->name, "img") == 0)
        {
          xmlChar *src = xmlGetProp (child, (const xmlChar *) "src");
          gboolean tracking = src != NULL && (strstr ((char *) src, "tracker.example") != NULL ||
                                              strstr ((char *) src, "feedburner") != NULL ||
                                              strstr ((char *) src, "pixel.wp.com") != NULL);
          xmlFree (src);
          if (tracking)
            return TRUE;
        }
      if (tree_has_tracking_image (child))
        return TRUE;
    }
  return FALSE;
}

/* Parses @html the way a browser-grade HTML parser would and checks every
 * element and attribute; then checks it is well-formed XML as promised.
 */
static void
assert_output_safe (const char *html)
{
  g_autofree char *wrapped = g_strdup_printf ("<!DOCTYPE html><html><body>%s</body></html>", html);
  g_autofree char *xml = g_strdup_printf ("<root>%s</root>", html);
  htmlDocPtr doc = htmlReadMemory (wrapped, strlen (wrapped), NULL, "UTF-8",
                                   HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
  xmlDocPtr xml_doc;

  g_assert_nonnull (doc);
  assert_tree_safe ((xmlNode *) doc);
  g_assert_false (tree_has_tracking_image ((xmlNode *) doc));
  xmlFreeDoc (doc);

  xml_doc = xmlReadMemory (xml, strlen (xml), NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (xml_doc == NULL)
    g_error ("not well-formed: %s", html);
  xmlFreeDoc (xml_doc);
}

static void
test_hostile (gconstpointer data)
{
  const HostileCase *test = data;
  const char *bases[] = { NULL, BASE_URL };

  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      g_autofree char *output = pn_html_sanitize (test->html, -1, bases[i]);
      g_autofree char *again = pn_html_sanitize (output, -1, bases[i]);
      g_autofree char *lower = g_ascii_strdown (output, -1);

      assert_output_safe (output);
      g_assert_null (strstr (lower, "secret"));
      if (test->keep != NULL)
        g_assert_nonnull (strstr (output, test->keep));
      /* Sanitizing is stable: our own output reads back the same way, so
       * nothing mutates on a second parse.
       */
      g_assert_cmpstr (again, ==, output);
    }
}

typedef struct
{
  const char *name;
  const char *html;
  const char *base;
  const char *expected;
} FidelityCase;

static const FidelityCase fidelity_cases[] = {
  { "paragraphs", "<p>One</p><p>Two</p>", NULL, "<p>One</p><p>Two</p>" },
  { "inline", "<p><b>b</b> <i>i</i> <em>em</em> <strong>s</strong> <u>u</u> <s>s</s> <sub>2</sub><sup>3</sup> <code>c</code></p>", NULL,
    "<p><b>b</b> <i>i</i> <em>em</em> <strong>s</strong> <u>u</u> <s>s</s> <sub>2</sub><sup>3</sup> <code>c</code></p>" },
  { "headings", "<h1>A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h5>E</h5><h6>F</h6>", NULL,
    "<h1>A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h5>E</h5><h6>F</h6>" },
  { "lists", "<ul><li>a</li><li>b<ol start=\"4\"><li>c</li></ol></li></ul>", NULL,
    "<ul><li>a</li><li>b<ol start=\"4\"><li>c</li></ol></li></ul>" },
  { "quote-pre", "<blockquote><p>q</p></blockquote><pre>  x\n  y</pre>", NULL,
    "<blockquote><p>q</p></blockquote><pre>  x\n  y</pre>" },
  { "link-absolute", "<a href=\"https://example.org/a?b=1&amp;c=2\" title=\"T\">x</a>", NULL,
    "<a href=\"https://example.org/a?b=1&amp;c=2\" title=\"T\">x</a>" },
  { "link-relative", "<a href=\"../other.html#s\">x</a>", BASE_URL, "<a href=\"https://example.com/other.html#s\">x</a>" },
  { "link-protocol-relative", "<a href=\"//cdn.example.net/x\">x</a>", BASE_URL, "<a href=\"https://cdn.example.net/x\">x</a>" },
  /* GUri decodes the host: a space there is no address (found by fuzz-sanitizer). */
  { "link-host-space", "<a href=\"//x%20y/\">x</a>", BASE_URL, "x" },
  /* GUri ends a relaxed host at ';' and then cannot write the URL. */
  { "link-host-semicolon", "<a href=\"//x;y\">x</a>", BASE_URL, "x" },
  { "mailto", "<a href=\"mailto:desk@example.com\">mail</a>", NULL, "<a href=\"mailto:desk@example.com\">mail</a>" },
  { "image", "<img src=\"/i/a.jpg\" alt=\"A cat\" width=\"640\" height=\"480\" class=\"x\">", BASE_URL,
    "<img src=\"https://example.com/i/a.jpg\" alt=\"A cat\" width=\"640\" height=\"480\"/>" },
  { "srcset", "<img src=\"s.jpg\" srcset=\"s.jpg 320w, https://img.example/w_1200,h_800/l.jpg 1200w, m.jpg 800w\" alt=\"\">", BASE_URL,
    "<img src=\"https://img.example/w_1200,h_800/l.jpg\" alt=\"\"/>" },
  { "lazy", "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" data-src=\"/real.jpg\" alt=\"r\">", BASE_URL,
    "<img src=\"https://example.com/real.jpg\" alt=\"r\"/>" },
  { "data-image", "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\" alt=\"dot\" width=\"20\" height=\"20\">", NULL,
    "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\" alt=\"dot\" width=\"20\" height=\"20\"/>" },
  { "figure", "<figure><img src=\"https://e.x/a.png\" alt=\"\"><figcaption>Cap</figcaption></figure>", NULL,
    "<figure><img src=\"https://e.x/a.png\" alt=\"\"/><figcaption>Cap</figcaption></figure>" },
  { "table", "<table><thead><tr><th colspan=\"2\">H</th></tr></thead><tbody><tr><td>1</td><td rowspan=\"3\">2</td></tr></tbody></table>", NULL,
    "<table><thead><tr><th colspan=\"2\">H</th></tr></thead><tbody><tr><td>1</td><td rowspan=\"3\">2</td></tr></tbody></table>" },
  { "dl-hr-br", "<dl><dt>t</dt><dd>d</dd></dl><hr><p>a<br>b</p>", NULL, "<dl><dt>t</dt><dd>d</dd></dl><hr/><p>a<br/>b</p>" },
  { "sections", "<section><article><p>x</p></article></section><span class=\"k\">y</span>", NULL,
    "<div><div><p>x</p></div></div>y" },
  { "entities", "<p>AT&amp;T &lt;3 &copy; &eacute; &#8212; \xe2\x80\x9cq\xe2\x80\x9d</p>", NULL,
    "<p>AT&amp;T &lt;3 \xc2\xa9 \xc3\xa9 \xe2\x80\x94 \xe2\x80\x9cq\xe2\x80\x9d</p>" },
  { "non-ascii", "<p dir=\"rtl\" lang=\"ar\">\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7</p><p>\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80</p>", NULL,
    "<p dir=\"rtl\" lang=\"ar\">\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7</p><p>\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80</p>" },
  { "deprecated-mapped", "<p><strike>a</strike> <del>b</del> <ins>c</ins> <tt>d</tt> <kbd>e</kbd></p>", NULL,
    "<p><s>a</s> <s>b</s> <u>c</u> <code>d</code> <code>e</code></p>" },
  { "full-document", "<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body><p>Body</p></body></html>", NULL,
    "<p>Body</p>" },
  { "empty", "", NULL, "" },
  { "invalid-utf8", "<p>caf\xe9 ok</p>", NULL, "<p>caf\xef\xbf\xbd ok</p>" },
};

static void
test_fidelity (gconstpointer data)
{
  const FidelityCase *test = data;
  g_autofree char *output = pn_html_sanitize (test->html, -1, test->base);

  g_assert_cmpstr (output, ==, test->expected);
  assert_output_safe (output);
}

static void
test_length_argument (void)
{
  const char *html = "<p>kept</p><p>cut off</p>";
  g_autofree char *output = pn_html_sanitize (html, strlen ("<p>kept</p>"), NULL);
  g_autofree char *with_nul = pn_html_sanitize ("<p>a\0b</p>", 10, NULL);

  g_assert_cmpstr (output, ==, "<p>kept</p>");
  g_assert_cmpstr (with_nul, ==, "<p>a b</p>");
}

static void
test_data_url_cap (void)
{
  GString *html = g_string_new ("<img alt=\"big\" src=\"data:image/png;base64,");
  g_autofree char *output = NULL;

  for (guint i = 0; i < 200 * 1024; i++)
    g_string_append_c (html, 'A');
  g_string_append (html, "\">");
  output = pn_html_sanitize (html->str, html->len, NULL);
  g_assert_cmpstr (output, ==, "");
  g_string_free (html, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_assert_cmpuint (G_N_ELEMENTS (hostile_cases), >=, 80);
  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sanitizer/hostile/%s", hostile_cases[i].name);
      g_test_add_data_func (path, &hostile_cases[i], test_hostile);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fidelity_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sanitizer/fidelity/%s", fidelity_cases[i].name);
      g_test_add_data_func (path, &fidelity_cases[i], test_fidelity);
    }
  g_test_add_func ("/sanitizer/length", test_length_argument);
  g_test_add_func ("/sanitizer/data-url-cap", test_data_url_cap);

  return g_test_run ();
}
