/* test-document.c — PnDocument: blocks, spans, plain text and offsets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pn-core.h"

/* Each case: HTML (raw: it goes through the sanitizer first, as in the
 * app), the expected plain text, and the block kinds in order, one letter
 * each: p paragraph, h heading, l list item, q quote, c preformatted,
 * i image, r rule, t table row.
 */
typedef struct
{
  const char *name;
  const char *html;
  const char *text;
  const char *kinds;
} DocumentCase;

static const DocumentCase document_cases[] = {
  { "paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo", "pp" },
  { "whitespace", "<p>  a \n\t b  <b> c </b> d\n</p>", "a b c d", "p" },
  { "nbsp", "<p>&nbsp;</p><p>a&nbsp;&nbsp;b</p>", "a b", "p" },
  { "bare-text", "Hello <i>there</i>.<p>Next</p>tail", "Hello there.\n\nNext\n\ntail", "ppp" },
  { "div-blocks", "<div>a</div><div><div>b</div>c</div>", "a\n\nb\n\nc", "ppp" },
  { "headings", "<h1>T</h1><h3> Sub </h3><p>x</p>", "T\n\nSub\n\nx", "hhp" },
  { "line-break", "<p>a<br>b<br><br></p><p><br>c</p>", "a\nb\n\nc", "pp" },
  { "bullets", "<ul><li>a</li><li> b </li></ul>", "• a\n\n• b", "ll" },
  { "ordered", "<ol start=\"9\"><li>x</li><li>y</li></ol>", "9. x\n\n10. y", "ll" },
  { "nested-lists", "<ul><li>a<ol><li>b</li></ol>c</li></ul>", "• a\n\n1. b\n\nc", "llp" },
  { "loose-list", "<ul><li><p>first</p><p>more</p></li></ul>", "• first\n\nmore", "lp" },
  { "empty-items", "<ul><li></li><li>x</li></ul>", "• x", "l" },
  { "quote", "<blockquote><p>q1</p><p>q2</p></blockquote><p>after</p>", "q1\n\nq2\n\nafter", "qqp" },
  { "nested-quotes", "<blockquote>outer<blockquote>inner</blockquote>back</blockquote>", "outer\n\ninner\n\nback", "qqq" },
  { "pre", "<pre>\n  a  b\n\n\tc\n</pre>", "  a  b\n\n\tc", "c" },
  { "pre-crlf", "<pre>x\r\ny</pre>", "x\ny", "c" },
  { "image", "<p>a<img src=\"https://e.x/i.png\" alt=\"alt\">b</p>", "a\n\n\n\nb", "pip" },
  { "figure", "<figure><img src=\"https://e.x/i.png\" alt=\"\"><figcaption> The <b>cap</b> </figcaption></figure>", "The cap", "i" },
  { "figure-no-image", "<figure><figcaption>Only text</figcaption></figure>", "Only text", "p" },
  { "rule", "<p>a</p><hr><p>b</p>", "a\n\n\n\nb", "prp" },
  { "table", "<table><caption>Cap</caption><tr><th>A</th><th>B</th></tr><tr><td>1</td><td><p>2</p> <br>x</td></tr></table>",
    "Cap\n\nA\tB\n\n1\t2 x", "ptt" },
  { "table-empty-cell", "<table><tr><td></td><td>b</td></tr></table>", "\tb", "t" },
  { "layout-table", "<table><tr><td><p>one</p><p>two</p></td></tr></table>", "one\n\ntwo", "pp" },
  { "dl", "<dl><dt>Term</dt><dd>Def</dd></dl>", "Term\n\nDef", "pp" },
  { "cjk", "<p>日本語のテキスト</p><p>中文</p>", "日本語のテキスト\n\n中文", "pp" },
  { "emoji", "<p>👍🏽 family 👨‍👩‍👧</p>", "👍🏽 family 👨‍👩‍👧", "p" },
  { "rtl", "<p dir=\"rtl\">مرحبا <b>بالعالم</b></p>", "مرحبا بالعالم", "p" },
  { "empty", "", "", "" },
  { "only-space", "<p> </p><div>\n</div>", "", "" },
};

static void
assert_kinds (PnDocument *document,
              const char *kinds)
{
  static const char letters[] = "phlqcirt";
  GString *actual = g_string_new (NULL);

  for (guint i = 0; i < pn_document_get_n_blocks (document); i++)
    g_string_append_c (actual, letters[pn_document_get_block (document, i)->kind]);
  g_assert_cmpstr (actual->str, ==, kinds);
  g_string_free (actual, TRUE);
}

/* Invariants every document keeps, whatever its input. */
static void
assert_consistent (PnDocument *document)
{
  const char *text = pn_document_get_text (document);
  guint length = pn_document_get_length (document);
  GString *joined = g_string_new (NULL);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpuint (length, ==, g_utf8_strlen (text, -1));

  for (guint i = 0; i < pn_document_get_n_blocks (document); i++)
    {
      const PnBlock *block = pn_document_get_block (document, i);
      g_autofree char *block_text = pn_document_dup_text_range (document, block->start, block->end);

      g_assert_cmpuint (block->start, <=, block->content_start);
      g_assert_cmpuint (block->content_start, <=, block->end);
      g_assert_cmpuint (block->end, <=, length);
      if (i > 0)
        g_string_append (joined, "\n\n");
      g_string_append (joined, block_text);

      g_assert_cmpint (pn_document_get_block_at_offset (document, block->start), ==, i);
      g_assert_cmpint (pn_document_get_block_at_offset (document, block->end), ==, i);

      for (guint j = 0; j < block->n_spans; j++)
        {
          const PnSpan *span = &block->spans[j];

          g_assert_cmpuint (span->start, >=, block->content_start);
          g_assert_cmpuint (span->end, <=, block->end);
          g_assert_cmpuint (span->start, <, span->end);
          g_assert_true ((span->kind == PN_SPAN_LINK) == (span->href != NULL));
          if (j > 0)
            g_assert_cmpuint (block->spans[j - 1].start, <=, span->start);
        }
    }

  /* The blocks tile the text, separated by blank lines and nothing else. */
  g_assert_cmpstr (joined->str, ==, text);
  g_string_free (joined, TRUE);
}

static PnDocument *
document_from_raw_html (const char *html)
{
  g_autofree char *sanitized = pn_html_sanitize (html, -1, "https://example.com/a/");
  return pn_document_new_from_html (sanitized, -1);
}

static void
assert_json_round_trip (PnDocument *document)
{
  g_autoptr(JsonNode) node = pn_document_to_json (document);
  g_autofree char *json = json_to_string (node, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PnDocument) copy = NULL;
  g_autoptr(JsonNode) copy_node = NULL;
  g_autofree char *copy_json = NULL;
  g_autoptr(JsonNode) parsed = json_from_string (json, &error);

  g_assert_no_error (error);
  copy = pn_document_new_from_json (parsed, &error);
  g_assert_no_error (error);
  copy_node = pn_document_to_json (copy);
  copy_json = json_to_string (copy_node, FALSE);
  g_assert_cmpstr (json, ==, copy_json);
  g_assert_cmpstr (pn_document_get_text (copy), ==, pn_document_get_text (document));
  assert_consistent (copy);
}

static void
test_document_case (gconstpointer data)
{
  const DocumentCase *test = data;
  g_autoptr(PnDocument) document = document_from_raw_html (test->html);

  g_assert_cmpstr (pn_document_get_text (document), ==, test->text);
  assert_kinds (document, test->kinds);
  assert_consistent (document);
  assert_json_round_trip (document);
}

static const PnSpan *
find_span (const PnBlock *block,
           PnSpanKind     kind)
{
  for (guint i = 0; i < block->n_spans; i++)
    if (block->spans[i].kind == kind)
      return &block->spans[i];
  return NULL;
}

static void
assert_span_text (PnDocument   *document,
                  const PnSpan *span,
                  const char   *expected)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (span);
  text = pn_document_dup_text_range (document, span->start, span->end);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_inline_spans (void)
{
  g_autoptr(PnDocument) document = document_from_raw_html (
    "<p>Plain <b>bold <i>both</i></b> <code>x()</code> <s>old</s> <u>u</u> H<sub>2</sub>O e<sup>x</sup> "
    "<a href=\"/rel\">a <em>link</em></a><br>next</p>");
  const PnBlock *block = pn_document_get_block (document, 0);
  const PnSpan *link;

  g_assert_cmpstr (pn_document_get_text (document), ==, "Plain bold both x() old u H2O ex a link\nnext");
  assert_span_text (document, find_span (block, PN_SPAN_BOLD), "bold both");
  assert_span_text (document, find_span (block, PN_SPAN_ITALIC), "both");
  assert_span_text (document, find_span (block, PN_SPAN_CODE), "x()");
  assert_span_text (document, find_span (block, PN_SPAN_STRIKE), "old");
  assert_span_text (document, find_span (block, PN_SPAN_UNDERLINE), "u");
  assert_span_text (document, find_span (block, PN_SPAN_SUBSCRIPT), "2");
  assert_span_text (document, find_span (block, PN_SPAN_SUPERSCRIPT), "x");
  assert_span_text (document, find_span (block, PN_SPAN_LINE_BREAK), "\n");
  link = find_span (block, PN_SPAN_LINK);
  assert_span_text (document, link, "a link");
  g_assert_cmpstr (link->href, ==, "https://example.com/rel");
  assert_consistent (document);
  assert_json_round_trip (document);
}

static void
test_span_across_blocks (void)
{
  /* A link wrapping two paragraphs is cut into one span per block. */
  g_autoptr(PnDocument) document = pn_document_new_from_html (
    "<a href=\"https://e.x/\"><p>one</p><p>two</p></a>", -1);

  g_assert_cmpuint (pn_document_get_n_blocks (document), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const PnBlock *block = pn_document_get_block (document, i);
      g_assert_cmpuint (block->n_spans, ==, 1);
      assert_span_text (document, &block->spans[0], i == 0 ? "one" : "two");
    }
  assert_consistent (document);
}

static void
test_list_fields (void)
{
  g_autoptr(PnDocument) document = document_from_raw_html (
    "<ol start=\"2\"><li>two<ul><li>nested</li></ul></li><li>three</li></ol><blockquote><ul><li>q</li></ul></blockquote>");
  const PnBlock *two = pn_document_get_block (document, 0);
  const PnBlock *nested = pn_document_get_block (document, 1);
  const PnBlock *three = pn_document_get_block (document, 2);
  const PnBlock *quoted = pn_document_get_block (document, 3);
  g_autofree char *content = pn_document_dup_block_text (document, 2);

  g_assert_cmpuint (two->ordinal, ==, 2);
  g_assert_cmpuint (two->depth, ==, 1);
  g_assert_cmpuint (two->content_start - two->start, ==, 3);
  g_assert_cmpuint (nested->ordinal, ==, 0);
  g_assert_cmpuint (nested->depth, ==, 2);
  g_assert_cmpuint (three->ordinal, ==, 3);
  g_assert_cmpstr (content, ==, "three");
  g_assert_cmpint (quoted->kind, ==, PN_BLOCK_LIST_ITEM);
  g_assert_cmpuint (quoted->quote_depth, ==, 1);
}

static void
test_heading_and_image_fields (void)
{
  g_autoptr(PnDocument) document = document_from_raw_html (
    "<h2>Title</h2><figure><a href=\"/big.jpg\"><img src=\"/small.jpg\" alt=\"A fox\"></a>"
    "<figcaption>A fox, jumping</figcaption></figure><blockquote><blockquote><p>deep</p></blockquote></blockquote>");
  const PnBlock *heading = pn_document_get_block (document, 0);
  const PnBlock *image = pn_document_get_block (document, 1);
  const PnBlock *quote = pn_document_get_block (document, 2);
  g_autofree char *caption = pn_document_dup_block_text (document, 1);

  g_assert_cmpint (heading->kind, ==, PN_BLOCK_HEADING);
  g_assert_cmpuint (heading->level, ==, 2);
  g_assert_cmpint (image->kind, ==, PN_BLOCK_IMAGE);
  g_assert_cmpstr (image->src, ==, "https://example.com/small.jpg");
  g_assert_cmpstr (image->alt, ==, "A fox");
  g_assert_cmpstr (image->href, ==, "https://example.com/big.jpg");
  g_assert_cmpstr (caption, ==, "A fox, jumping");
  g_assert_cmpint (quote->kind, ==, PN_BLOCK_QUOTE);
  g_assert_cmpuint (quote->quote_depth, ==, 2);
}

/* Offsets are code points: characters outside the BMP count once. */
static void
test_offsets_non_ascii (void)
{
  g_autoptr(PnDocument) document = document_from_raw_html (
    "<p>😀 <b>日本</b></p><p dir=\"rtl\">שלום <i>עולם</i></p><ul><li>ü</li></ul>");
  const PnBlock *first = pn_document_get_block (document, 0);
  const PnBlock *second = pn_document_get_block (document, 1);
  const PnBlock *third = pn_document_get_block (document, 2);
  guint first_block = 0;
  guint last_block = 0;
  g_autofree char *range = NULL;
  g_autofree char *across = NULL;
  g_autofree char *clamped = NULL;
  g_autofree char *empty = NULL;

  g_assert_cmpstr (pn_document_get_text (document), ==, "😀 日本\n\nשלום עולם\n\n• ü");
  g_assert_cmpuint (pn_document_get_length (document), ==, 20);
  g_assert_cmpuint (first->end, ==, 4);
  g_assert_cmpuint (first->spans[0].start, ==, 2);
  g_assert_cmpuint (first->spans[0].end, ==, 4);
  g_assert_cmpuint (second->start, ==, 6);
  assert_span_text (document, &second->spans[0], "עולם");
  g_assert_cmpuint (third->content_start, ==, 19);

  range = pn_document_dup_text_range (document, 0, 1);
  g_assert_cmpstr (range, ==, "😀");
  across = pn_document_dup_text_range (document, 2, 10);
  g_assert_cmpstr (across, ==, "日本\n\nשלום");
  clamped = pn_document_dup_text_range (document, 17, 1000);
  g_assert_cmpstr (clamped, ==, "• ü");
  empty = pn_document_dup_text_range (document, 5, 5);
  g_assert_cmpstr (empty, ==, "");

  /* The blank line between blocks belongs to the next block. */
  g_assert_cmpint (pn_document_get_block_at_offset (document, 5), ==, 1);
  g_assert_cmpint (pn_document_get_block_at_offset (document, 20), ==, 2);
  g_assert_cmpint (pn_document_get_block_at_offset (document, 21), ==, -1);
  g_assert_true (pn_document_get_blocks_in_range (document, 3, 8, &first_block, &last_block));
  g_assert_cmpuint (first_block, ==, 0);
  g_assert_cmpuint (last_block, ==, 1);
  g_assert_true (pn_document_get_blocks_in_range (document, 6, 15, &first_block, &last_block));
  g_assert_cmpuint (first_block, ==, 1);
  g_assert_cmpuint (last_block, ==, 1);
  g_assert_false (pn_document_get_blocks_in_range (document, 30, 40, NULL, NULL));
  assert_consistent (document);
  assert_json_round_trip (document);
}

static void
test_json_rejects_damage (void)
{
  static const char * const damaged[] = {
    "[]",
    "{\"version\":1}",
    "{\"version\":1,\"text\":\"abc\",\"blocks\":{}}",
    "{\"version\":1,\"text\":\"abc\",\"blocks\":[{\"kind\":\"paragraph\",\"start\":0,\"end\":9}]}",
    "{\"version\":1,\"text\":\"abc\",\"blocks\":[{\"kind\":\"nope\",\"start\":0,\"end\":3}]}",
    "{\"version\":1,\"text\":\"abc\",\"blocks\":[{\"kind\":\"paragraph\",\"start\":2,\"end\":1}]}",
    "{\"version\":1,\"text\":\"abcdef\",\"blocks\":[{\"kind\":\"paragraph\",\"start\":0,\"end\":4},{\"kind\":\"paragraph\",\"start\":2,\"end\":6}]}",
    "{\"version\":1,\"text\":\"abc\",\"blocks\":[{\"kind\":\"paragraph\",\"start\":0,\"end\":3,\"spans\":[{\"kind\":\"bold\",\"start\":1,\"end\":7}]}]}",
    "{\"version\":1,\"text\":\"abc\",\"blocks\":[{\"kind\":\"paragraph\",\"start\":0,\"end\":3,\"spans\":[{\"kind\":\"bold\",\"start\":-1,\"end\":2}]}]}",
    "{\"version\":99,\"text\":\"abc\",\"blocks\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (damaged[i], &error);
      g_autoptr(PnDocument) document = NULL;

      g_assert_no_error (error);
      document = pn_document_new_from_json (node, &error);
      g_assert_null (document);
      g_assert_error (error, PN_ERROR, PN_ERROR_CORRUPT);
    }
}

static void
test_kind_names (void)
{
  g_assert_cmpstr (pn_block_kind_to_string (PN_BLOCK_TABLE_ROW), ==, "table-row");
  g_assert_cmpstr (pn_span_kind_to_string (PN_SPAN_LINE_BREAK), ==, "line-break");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (document_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/document/html/%s", document_cases[i].name);
      g_test_add_data_func (path, &document_cases[i], test_document_case);
    }
  g_test_add_func ("/document/inline-spans", test_inline_spans);
  g_test_add_func ("/document/span-across-blocks", test_span_across_blocks);
  g_test_add_func ("/document/list-fields", test_list_fields);
  g_test_add_func ("/document/heading-image-fields", test_heading_and_image_fields);
  g_test_add_func ("/document/offsets-non-ascii", test_offsets_non_ascii);
  g_test_add_func ("/document/json-rejects-damage", test_json_rejects_damage);
  g_test_add_func ("/document/kind-names", test_kind_names);

  return g_test_run ();
}
