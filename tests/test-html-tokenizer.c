/* test-html-tokenizer.c — the fast HTML readers against libxml2
 *
 * pn_document_new_from_html() reads what the sanitizer wrote with a fast
 * tokenizer, and pn_html_sanitize() reads plain untrusted fragments with a
 * second one; both fall back to libxml2 for anything else. These tests
 * prove each agrees with libxml2: over every HTML case of test-sanitizer.c
 * and test-document.c (read from their source), the article fixtures
 * (whole pages and their extracted content), the HTML in the feed parser
 * goldens, generated bodies, generated messy fragments and every pair of
 * nested elements, the trees, the sanitizer's output and the documents
 * (text, blocks, spans) must be equal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pn-core.h"
#include "pn-document-private.h"
#include "pn-html-private.h"

#define BASE_URL "https://example.com/news/story.html"
#define N_GENERATED 600
#define N_MESSY 1000

typedef struct
{
  guint inputs;
  guint fast;      /* sanitizer outputs the fast reader took */
} Coverage;

static void
assert_same_node (xmlNode *slow,
                  xmlNode *fast,
                  GString *path);

/* libxml2 adds a DTD node beside <html>; neither reader gives the builder
 * anything else but elements and text.
 */
static xmlNode *
skip_other (xmlNode *node)
{
  while (node != NULL && node->type != XML_ELEMENT_NODE && node->type != XML_TEXT_NODE)
    node = node->next;
  return node;
}

static void
assert_same_children (xmlNode *slow,
                      xmlNode *fast,
                      GString *path)
{
  xmlNode *a = skip_other (slow->children);
  xmlNode *b = skip_other (fast->children);
  guint i = 0;

  while (a != NULL && b != NULL)
    {
      gsize saved = path->len;

      g_string_append_printf (path, "/%u:%s", i++, (const char *) a->name);
      assert_same_node (a, b, path);
      g_string_truncate (path, saved);
      a = skip_other (a->next);
      b = skip_other (b->next);
    }
  if (a != NULL || b != NULL)
    g_error ("children differ at %s: libxml2 %s, fast %s", path->str,
             a != NULL ? (const char *) a->name : "(end)", b != NULL ? (const char *) b->name : "(end)");
}

static void
assert_same_node (xmlNode *slow,
                  xmlNode *fast,
                  GString *path)
{
  if (slow->type != fast->type)
    g_error ("node types differ at %s: %d vs %d", path->str, slow->type, fast->type);
  if (slow->type == XML_TEXT_NODE)
    {
      if (g_strcmp0 ((const char *) slow->content, (const char *) fast->content) != 0)
        g_error ("texts differ at %s: libxml2 \"%s\", fast \"%s\"", path->str,
                 (const char *) slow->content, (const char *) fast->content);
      return;
    }
  g_assert_cmpstr ((const char *) slow->name, ==, (const char *) fast->name);

  {
    xmlAttr *a = slow->properties;
    xmlAttr *b = fast->properties;

    for (; a != NULL && b != NULL; a = a->next, b = b->next)
      {
        g_assert_cmpstr ((const char *) a->name, ==, (const char *) b->name);
        g_assert_cmpstr (_pn_html_get_attr (slow, (const char *) a->name), ==,
                         _pn_html_get_attr (fast, (const char *) b->name));
      }
    if (a != NULL || b != NULL)
      g_error ("attributes differ at %s", path->str);
  }
  assert_same_children (slow, fast, path);
}

static char *
document_dump (PnDocument *document)
{
  g_autoptr(JsonNode) node = pn_document_to_json (document);

  return json_to_string (node, TRUE);
}

/* Reads @sanitized both ways and fails on any difference. Returns whether
 * the fast reader took it.
 */
static gboolean
check_equivalent (const char *sanitized)
{
  g_autoptr(PnHtmlTree) tree = _pn_html_tree_parse_sanitized (sanitized, strlen (sanitized));
  g_autoptr(PnDocument) slow = _pn_document_new_from_html_full (sanitized, -1, FALSE);
  g_autoptr(PnDocument) fast = _pn_document_new_from_html_full (sanitized, -1, TRUE);
  g_autofree char *slow_json = document_dump (slow);
  g_autofree char *fast_json = document_dump (fast);

  if (tree != NULL && sanitized[0] != '\0')
    {
      g_autoptr(xmlDoc) doc = _pn_html_parse (sanitized, -1, TRUE);
      g_autoptr(GString) path = g_string_new (NULL);

      g_assert_nonnull (doc);
      assert_same_children ((xmlNode *) doc, _pn_html_tree_get_document (tree), path);
    }

  g_assert_cmpstr (pn_document_get_text (fast), ==, pn_document_get_text (slow));
  g_assert_cmpstr (fast_json, ==, slow_json);
  return tree != NULL;
}

/* Sanitizes untrusted @html with and without the fragment reader and fails
 * on any difference, in the tree or in the output. Returns whether the
 * fragment reader took it.
 */
static gboolean
check_fragment (const char *html)
{
  g_autoptr(PnHtmlTree) tree = _pn_html_tree_parse_fragment (html, strlen (html));
  g_autofree char *slow = _pn_html_sanitize_full (html, -1, BASE_URL, FALSE);
  g_autofree char *fast = _pn_html_sanitize_full (html, -1, BASE_URL, TRUE);

  if (tree != NULL)
    {
      g_autoptr(xmlDoc) doc = _pn_html_parse (html, -1, TRUE);
      g_autoptr(GString) path = g_string_new (NULL);

      g_assert_nonnull (doc);
      assert_same_children ((xmlNode *) doc, _pn_html_tree_get_document (tree), path);
    }
  if (g_strcmp0 (fast, slow) != 0)
    g_error ("sanitized differently with the fragment reader:\n  input: %s\n  libxml2: %s\n  fast: %s",
             html, slow, fast);
  return tree != NULL;
}

/* Raw HTML goes through the sanitizer first, as in the app. */
static void
check_raw (const char *html,
           Coverage   *coverage)
{
  g_autofree char *sanitized = pn_html_sanitize (html, -1, BASE_URL);

  check_fragment (html);
  coverage->inputs++;
  if (check_equivalent (sanitized) || sanitized[0] == '\0')
    coverage->fast++;
}

/* ---- The cases of the other content tests, read from their source ----- */

/* Reads one C string literal (and those adjacent to it) at *p. */
static char *
read_c_string (const char **p)
{
  GString *out = g_string_new (NULL);
  const char *s = *p;

  while (*s == '"')
    {
      for (s++; *s != '"'; s++)
        {
          g_assert (*s != '\0' && *s != '\n');
          if (*s != '\\')
            {
              g_string_append_c (out, *s);
              continue;
            }
          s++;
          switch (*s)
            {
            case 'n': g_string_append_c (out, '\n'); break;
            case 't': g_string_append_c (out, '\t'); break;
            case 'r': g_string_append_c (out, '\r'); break;
            case 'f': g_string_append_c (out, '\f'); break;
            case 'v': g_string_append_c (out, '\v'); break;
            case 'x':
              {
                guint value = 0;

                while (g_ascii_isxdigit (s[1]))
                  value = value * 16 + g_ascii_xdigit_value (*++s);
                g_string_append_c (out, (char) value);
              }
              break;
            case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
              {
                guint value = *s - '0';

                for (guint i = 0; i < 2 && s[1] >= '0' && s[1] <= '7'; i++)
                  value = value * 8 + (*++s - '0');
                g_string_append_c (out, (char) value);
              }
              break;
            default: g_string_append_c (out, *s);
            }
        }
      s++;
      while (g_ascii_isspace (*s))
        s++;
    }
  *p = s;
  return g_string_free (out, FALSE);
}

/* The second string of each `{ "name", "html", … }` row of @table. */
static GPtrArray *
read_case_table (const char *file,
                 const char *table)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, file, NULL);
  g_autofree char *source = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_free);
  const char *p;
  const char *end;

  g_assert_true (g_file_get_contents (path, &source, NULL, NULL));
  p = strstr (source, table);
  g_assert_nonnull (p);
  end = strstr (p, "\n};");
  g_assert_nonnull (end);

  while ((p = strstr (p, "\n  { \"")) != NULL && p < end)
    {
      g_autofree char *name = NULL;

      p += strlen ("\n  { ");
      name = read_c_string (&p);
      g_assert_true (*p == ',');
      p++;
      while (g_ascii_isspace (*p))
        p++;
      g_ptr_array_add (cases, read_c_string (&p));
    }
  return cases;
}

static void
test_case_tables (void)
{
  static const struct { const char *file; const char *table; guint at_least; } tables[] = {
    { "test-sanitizer.c", "hostile_cases[] = {", 80 },
    { "test-sanitizer.c", "fidelity_cases[] = {", 10 },
    { "test-document.c", "document_cases[] = {", 20 },
  };
  Coverage coverage = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autoptr(GPtrArray) cases = read_case_table (tables[i].file, tables[i].table);

      g_assert_cmpuint (cases->len, >=, tables[i].at_least);
      for (guint j = 0; j < cases->len; j++)
        {
          const char *html = g_ptr_array_index (cases, j);

          check_raw (html, &coverage);
          /* Their HTML read directly, as if it came from the sanitizer. */
          check_equivalent (html);
        }
    }
  g_test_message ("case tables: %u inputs, %u read by the fast reader", coverage.inputs, coverage.fast);
  g_assert_cmpuint (coverage.fast, ==, coverage.inputs);
}

/* ---- Fixtures ------------------------------------------------------------ */

static void
test_articles (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fixtures", "articles", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  Coverage coverage = { 0 };
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *html = NULL;
      g_autoptr(PnArticle) article = NULL;

      if (!g_str_has_suffix (name, ".html"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
      check_raw (html, &coverage);

      article = pn_extract_article (html, -1, "https://example.com/story", NULL);
      if (article != NULL)
        {
          coverage.inputs++;
          coverage.fast += check_equivalent (pn_article_get_content (article));
        }
    }
  g_test_message ("articles: %u inputs, %u read by the fast reader", coverage.inputs, coverage.fast);
  g_assert_cmpuint (coverage.inputs, >=, 15);
  g_assert_cmpuint (coverage.fast, ==, coverage.inputs);
}

static void
collect_html_strings (JsonNode  *node,
                      GPtrArray *strings)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        collect_html_strings (l->data, strings);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_html_strings (json_array_get_element (array, i), strings);
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING &&
           strchr (json_node_get_string (node), '<') != NULL)
    g_ptr_array_add (strings, g_strdup (json_node_get_string (node)));
}

/* The feed goldens hold the sanitizer's output for every item body. */
static void
test_feed_goldens (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fixtures", "feeds", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  Coverage coverage = { 0 };
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!g_str_has_suffix (name, ".expected.json"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      g_assert_true (json_parser_load_from_file (parser, path, NULL));
      collect_html_strings (json_parser_get_root (parser), strings);
    }

  g_assert_cmpuint (strings->len, >=, 10);
  for (guint i = 0; i < strings->len; i++)
    {
      const char *html = g_ptr_array_index (strings, i);

      coverage.inputs++;
      coverage.fast += check_equivalent (html);
      check_raw (html, &coverage);
    }
  g_test_message ("feed goldens: %u inputs, %u read by the fast reader", coverage.inputs, coverage.fast);
}

/* ---- Generated bodies ------------------------------------------------ */

static const char * const gen_elements[] = {
  "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
  "em", "i", "strong", "b", "u", "s", "sub", "sup", "a", "img", "figure", "figcaption", "table",
  "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr", "dl", "dt", "dd", "span", "div",
  "del", "ins", "kbd", "tt", "var", "section", "article", "center", "listing", "xmp", "script",
  "style", "iframe", "font", "menu", "dir", "image",
};

static const char * const gen_attributes[] = {
  " href=\"https://e.x/a?b=1&amp;c=2\"", " href=\"/rel/path\"", " href='javascript:alert(1)'",
  " href=\"mailto:a@b.c\"", " src=\"https://e.x/i.png\"", " src=/img/x.jpg", " alt=\"a &quot;b&quot; <c>\"",
  " alt=\"line\nbreak\ttab\r\"", " alt=\"\"", " title=\"T&amp;T\"", " width=\"640\"", " height=40px",
  " colspan=\"2\"", " rowspan=3", " start=\"7\"", " dir=\"rtl\"", " lang=\"en-GB\"", " class=\"x\"",
  " style=\"display: none\"", " srcset=\"a.jpg 480w, b.jpg 1200w\"", " onclick=\"x()\"", " hidden",
};

static const char * const gen_texts[] = {
  "word", " ", "  two  spaces ", "\n", "\n\n  ", "\t", "a &amp; b", "&lt;tag&gt;", "&nbsp;", "\xc2\xa0",
  "x\r\ny", "\r", "&quot;q&quot;", "\"raw quotes\"", "'", "日本語", "новости", "أخبار", "👍🏽",
  "&#169; &eacute;", "&#x1F600;", "a>b", "5 < 6", "&amp", "&unknown;", ",", ".", "\xef\xbb\xbf",
};

/* Words to build random HTML from. The first `common` of each list are
 * picked nine times in ten, the rest (what a reader is to refuse) in the
 * tenth; `messy` adds odd tag endings (" >", "/>", "</x >", "</X>").
 */
typedef struct
{
  const char * const *elements;
  guint               n_elements;
  guint               common_elements;
  const char * const *attributes;
  guint               n_attributes;
  guint               common_attributes;
  const char * const *texts;
  guint               n_texts;
  guint               common_texts;
  guint               max_depth;
  gboolean            messy;
} Grammar;

static const char *
pick (GRand              *rand,
      const char * const *words,
      guint               common,
      guint               n)
{
  return words[g_rand_int_range (rand, 0, 10) == 0 ? g_rand_int_range (rand, 0, n) : g_rand_int_range (rand, 0, common)];
}

static void
generate (const Grammar *grammar,
          GRand         *rand,
          GString       *out,
          guint          depth)
{
  guint n = g_rand_int_range (rand, 1, depth == 0 ? 12 : 5);

  for (guint i = 0; i < n; i++)
    {
      const char *name;
      guint ending;

      if (depth > grammar->max_depth || g_rand_int_range (rand, 0, 3) == 0)
        {
          g_string_append (out, pick (rand, grammar->texts, grammar->common_texts, grammar->n_texts));
          continue;
        }
      name = pick (rand, grammar->elements, grammar->common_elements, grammar->n_elements);
      g_string_append_printf (out, "<%s", name);
      for (guint a = g_rand_int_range (rand, 0, 4); a > 0; a--)
        g_string_append (out, pick (rand, grammar->attributes, grammar->common_attributes, grammar->n_attributes));
      switch (grammar->messy ? g_rand_int_range (rand, 0, 20) : 3)
        {
        case 0: case 1: g_string_append (out, " >"); break;
        case 2: g_string_append (out, "/>"); break;
        default: g_string_append_c (out, '>'); break;
        }
      generate (grammar, rand, out, depth + 1);
      /* Some end tags are missing, as in the wild. */
      ending = g_rand_int_range (rand, 0, grammar->messy ? 10 : 8);
      if (ending == 0)
        continue;
      if (grammar->messy && ending == 1)
        g_string_append_printf (out, "</%s >", name);
      else if (grammar->messy && ending == 2)
        g_string_append_printf (out, "</%c%s>", g_ascii_toupper (name[0]), name + 1);
      else
        g_string_append_printf (out, "</%s>", name);
    }
}

#define WORDS(list) list, G_N_ELEMENTS (list)

static const Grammar body_grammar = {
  WORDS (gen_elements), G_N_ELEMENTS (gen_elements),
  WORDS (gen_attributes), G_N_ELEMENTS (gen_attributes),
  WORDS (gen_texts), G_N_ELEMENTS (gen_texts),
  6, FALSE,
};

static void
test_generated (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  Coverage coverage = { 0 };

  for (guint i = 0; i < N_GENERATED; i++)
    {
      g_autoptr(GString) html = g_string_new (NULL);

      generate (&body_grammar, rand, html, 0);
      check_raw (html->str, &coverage);
    }
  g_test_message ("generated: %u inputs, %u read by the fast reader", coverage.inputs, coverage.fast);
  g_assert_cmpuint (coverage.fast, ==, coverage.inputs);
}

/* ---- Untrusted fragments ---------------------------------------------- */

static const char * const pair_elements[] = {
  "a", "abbr", "address", "article", "aside", "audio", "b", "big", "blockquote", "caption",
  "center", "cite", "code", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
  "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "i", "iframe", "ins",
  "kbd", "li", "main", "mark", "nav", "ol", "p", "picture", "pre", "q", "s", "samp", "section",
  "small", "source", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td",
  "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "video",
  /* Left to libxml2: raw text, forms, head elements, empty in HTML 4. */
  "script", "style", "textarea", "title", "select", "option", "meta", "link", "input", "embed",
  "object", "param", "area", "col", "colgroup", "noscript", "xmp", "listing", "plaintext", "body",
};

static const char * const pair_voids[] = { "br", "img", "hr", "br/", "img src=x/", "hr /", "wbr", "embed" };

/* Every element inside every other, and every void element after text in
 * each: where libxml2 closes or moves something, the fragment reader must
 * refuse; everywhere else it must take the input and agree.
 */
static void
test_fragment_pairs (void)
{
  Coverage coverage = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (pair_elements); i++)
    {
      const char *outer = pair_elements[i];

      for (guint j = 0; j < G_N_ELEMENTS (pair_elements); j++)
        {
          const char *inner = pair_elements[j];
          g_autofree char *nested = g_strdup_printf ("<%s><%s>x</%s></%s>", outer, inner, inner, outer);
          g_autofree char *texts = g_strdup_printf ("<%s>a <%s>x</%s> b</%s>c", outer, inner, inner, outer);

          coverage.inputs += 2;
          coverage.fast += check_fragment (nested);
          coverage.fast += check_fragment (texts);
        }
      for (guint j = 0; j < G_N_ELEMENTS (pair_voids); j++)
        {
          g_autofree char *html = g_strdup_printf ("<%s>y<%s>x</%s>", outer, pair_voids[j], outer);

          coverage.inputs++;
          coverage.fast += check_fragment (html);
        }
    }
  g_test_message ("element pairs: %u inputs, %u read by the fragment reader", coverage.inputs, coverage.fast);
  /* Most pairs nest plainly; only libxml2's closing rules and the elements
   * it treats its own way are left to it.
   */
  g_assert_cmpuint (coverage.fast, >=, coverage.inputs / 2);
}

/* Each list starts with what feeds commonly hold and ends with what the
 * fragment reader refuses, picked in one case in ten (see Grammar).
 */
static const char * const messy_elements[] = {
  "p", "P", "a", "A", "b", "i", "em", "strong", "span", "div", "Div", "ul", "ol", "li", "br", "img",
  "hr", "h2", "blockquote", "pre", "code", "figure", "figcaption", "table", "tr", "td", "th", "tbody",
  "section", "font", "center", "iframe", "video", "source",
  "script", "style", "svg", "o:p", "x-y",
};
#define N_COMMON_ELEMENTS 34

static const char * const messy_attributes[] = {
  " href=\"https://e.x/a?b=1&c=2\"", " href='/rel?x=1&amp;y=2&copy=3'", " HREF=/bare/path",
  " href=\"javascript:alert(1)\"", " href = \"spaced\"", " src=x.jpg", " src=\"a b.png\"", " alt",
  " alt=''", " alt=\"&quot;q&quot; &lt;t&gt; &foo; &#39;&#x27; &nbsp;&eacute;\"", " alt=\"a\nb\tc\r\"",
  " title=\"T&amp\"", " Title=\"one\" title=\"two\"", " width=10", " height='20px'", " class=x",
  " style=\"display:none\"", " data-src=\"/lazy.jpg\"", " srcset=\"a.jpg 1x, b.jpg 2x\"", " hidden",
  " onclick=\"x()\"", " colspan=2", " dir=rtl", " lang=\"en\"", " a-b.c_d:e=\"1\"", " x=\"<b>\"",
  " y='>'", " q=a&b", "\n\tid=\"n\"",
  " z=\"&#0;\"", " bad=\"&#65\"",
};
#define N_COMMON_ATTRIBUTES 29

static const char * const messy_texts[] = {
  "word", " ", "\n", "  ", "\t", "\r\n", "a &amp; b", "&lt;x&gt;", "&nbsp;", "&copy;", "&eacute;",
  "&unknown;", "&amp", "& b", "&;", "&#169;", "&#xA9;", "&#x1F600;", "&#128;", "a > b", "<!-- c -->",
  "\xc2\xa0", "日本語", "👍🏽", "\xef\xbb\xbf", "\"'", "<br/>", "&AMP;", "&Eacute;", "&#X41;",
  "&#65", "&#0;", "&#xD800;", "&#1114112;", "5 < 6", "<3", "</ p>", "<!---->", "<!--->",
  "<!-- a -- b -->", "<?pi?>", "<![CDATA[x]]>", "<!DOCTYPE html>", "x\x01y", "</b>", "</p>", "</br>",
  "<p/>", "<b/>",
};
#define N_COMMON_TEXTS 30

static const Grammar messy_grammar = {
  WORDS (messy_elements), N_COMMON_ELEMENTS,
  WORDS (messy_attributes), N_COMMON_ATTRIBUTES,
  WORDS (messy_texts), N_COMMON_TEXTS,
  5, TRUE,
};

/* Generated plain bodies (paragraphs, links, emphasis, images, lists) are
 * what feeds carry; the fragment reader must take them.
 */
static void
generate_plain (GRand   *rand,
                GString *out)
{
  for (guint i = g_rand_int_range (rand, 1, 8); i > 0; i--)
    {
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          g_string_append (out, "<ul>\n");
          for (guint j = g_rand_int_range (rand, 1, 4); j > 0; j--)
            g_string_append (out, "  <li>An <em>item</em> &amp; more</li>\n");
          g_string_append (out, "</ul>\n");
          break;
        case 1:
          g_string_append_printf (out, "<figure><img src=\"/i/%u.jpg\" alt=\"A &quot;view&quot;\" width=\"640\">"
                                  "<figcaption>Caption &copy; Agency</figcaption></figure>\n",
                                  g_rand_int (rand));
          break;
        default:
          g_string_append_printf (out, "<p>Council &#8220;votes&#8221; on the <a href=\"https://news.example.com/%u?a=1&b=2\">"
                                  "bridge</a>, <strong>caf\xc3\xa9</strong> na&iuml;ve<br>next line.</p>\n",
                                  g_rand_int (rand));
          break;
        }
    }
}

static void
test_fragment_generated (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261130);
  Coverage messy = { 0 };
  Coverage plain = { 0 };

  for (guint i = 0; i < N_MESSY; i++)
    {
      g_autoptr(GString) html = g_string_new (NULL);

      generate (&messy_grammar, rand, html, 0);
      messy.inputs++;
      messy.fast += check_fragment (html->str);
    }
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GString) html = g_string_new (NULL);

      generate_plain (rand, html);
      plain.inputs++;
      plain.fast += check_fragment (html->str);
    }
  g_test_message ("messy fragments: %u inputs, %u read by the fragment reader", messy.inputs, messy.fast);
  g_test_message ("plain bodies: %u inputs, %u read by the fragment reader", plain.inputs, plain.fast);
  g_assert_cmpuint (messy.fast, >, 0);
  g_assert_cmpuint (plain.fast, ==, plain.inputs);
}

/* What the fragment reader must leave to libxml2. */
static void
test_fragment_refuses (void)
{
  static const char * const refused[] = {
    "<p>a<b>b</p></b>", "</p>", "<p>a</div>", "<p><div>x</div></p>", "<li>a<li>b", "<p>a<p>b",
    "<script>x</script>", "<style>p{}</style>", "<textarea>x</textarea>", "<o:p>x</o:p>", "<p/>",
    "a < b", "<3", "</ p>", "<!--->", "<!-- a -- b -->", "<?pi?>", "<![CDATA[x]]>", "<!DOCTYPE html>",
    "<html><p>x</p>", "<body>x", "&#65 x", "&#0;", "&#xD800;", "<p class=\"a\"id=\"b\">x</p>",
    "<img src=\"x\"/ >", "<a href=\"x>t</a>", "a\x01" "b", "<p>\xef\xbf\xbe</p>", "x\xe6\x97",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(PnHtmlTree) tree = _pn_html_tree_parse_fragment (refused[i], strlen (refused[i]));

      if (tree != NULL)
        g_error ("the fragment reader took \"%s\"", refused[i]);
      check_fragment (refused[i]);
    }
}

/* What the fast reader must refuse, so that libxml2 reads it. */
static void
test_refuses (void)
{
  static const char * const refused[] = {
    "<p>a<b>b</p></b>", "<p>unclosed", "</p>", "<span>x</span>", "<p class=\"x\">a</p>",
    "<p>&nbsp;</p>", "<br>", "<p/>", "<img src=\"x\">", "<p title='x'>a</p>", "<P>a</P>",
    "a\x01" "b", "<p>\xef\xbf\xbe</p>", "<p>\xef\xbf\xbf</p>", "<!-- c --><p>a</p>", "<p>a > b</p>",
    /* Not UTF-8: a stray byte, overlong, a surrogate, past U+10FFFF, cut short. */
    "\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf0\x80\x80\xaf", "x\xe6\x97",
  };
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(PnHtmlTree) tree = _pn_html_tree_parse_sanitized (refused[i], strlen (refused[i]));

      if (tree != NULL)
        g_error ("the fast reader took \"%s\"", refused[i]);
      check_equivalent (g_utf8_validate (refused[i], -1, NULL) ? refused[i] : "");
    }

  for (guint i = 0; i < 300; i++)
    g_string_append (deep, "<b>");
  g_string_append (deep, "deep");
  for (guint i = 0; i < 300; i++)
    g_string_append (deep, "</b>");
  {
    g_autoptr(PnHtmlTree) tree = _pn_html_tree_parse_sanitized (deep->str, deep->len);
    g_assert_null (tree);
  }
  check_equivalent (deep->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/html-tokenizer/case-tables", test_case_tables);
  g_test_add_func ("/html-tokenizer/articles", test_articles);
  g_test_add_func ("/html-tokenizer/feed-goldens", test_feed_goldens);
  g_test_add_func ("/html-tokenizer/generated", test_generated);
  g_test_add_func ("/html-tokenizer/refuses", test_refuses);
  g_test_add_func ("/html-tokenizer/fragment/pairs", test_fragment_pairs);
  g_test_add_func ("/html-tokenizer/fragment/generated", test_fragment_generated);
  g_test_add_func ("/html-tokenizer/fragment/refuses", test_fragment_refuses);

  return g_test_run ();
}
