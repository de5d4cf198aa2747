/* test-anchor.c — creating and re-attaching text anchors, and plain text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-core.h"

static void
test_create (void)
{
  const char *text = "Zoë said: the café on the Seine is open. Later, the café closed.";
  g_autofree char *exact = NULL, *prefix = NULL, *suffix = NULL;
  gint64 start, end;

  /* Offsets are code points: "ë" and "é" count once each. */
  g_assert_true (pn_anchor_find_quote (text, "café", 1, &start, &end));
  g_assert_cmpint (start, ==, 14);
  g_assert_cmpint (end, ==, 18);
  g_assert_true (pn_anchor_create (text, start, end, &exact, &prefix, &suffix));
  g_assert_cmpstr (exact, ==, "café");
  g_assert_cmpstr (prefix, ==, "Zoë said: the ");
  g_assert_cmpstr (suffix, ==, " on the Seine is open. Later, th");
  g_assert_cmpint (g_utf8_strlen (suffix, -1), ==, PN_ANCHOR_CONTEXT_LENGTH);

  g_assert_true (pn_anchor_find_quote (text, "café", 2, &start, &end));
  g_assert_cmpint (start, ==, 52);
  g_assert_false (pn_anchor_find_quote (text, "café", 3, &start, &end));
  g_assert_false (pn_anchor_find_quote (text, "café", 0, &start, &end));
  g_assert_false (pn_anchor_find_quote (text, "tea", 1, &start, &end));

  g_clear_pointer (&exact, g_free);
  g_assert_false (pn_anchor_create (text, 5, 5, &exact, &prefix, &suffix));
  g_assert_false (pn_anchor_create (text, 60, 200, &exact, &prefix, &suffix));
  g_assert_false (pn_anchor_create (text, -1, 3, &exact, &prefix, &suffix));
}

typedef struct
{
  const char    *name;
  const char    *old_text;
  const char    *quote;
  guint          occurrence;
  const char    *new_text;
  PnAnchorMatch  match;
  /* What the new anchor must cover (NULL when detached)… */
  const char    *expect;
  /* …and its occurrence in the new text. */
  guint          expect_occurrence;
} ReanchorCase;

static const ReanchorCase reanchor_cases[] = {
  { "unchanged", "The council met on Monday. The vote was close.", "vote was close", 1,
    "The council met on Monday. The vote was close.", PN_ANCHOR_MATCH_POSITION, "vote was close", 1 },
  { "insertion-before", "The council met on Monday. The vote was close.", "vote was close", 1,
    "Updated: The city council met on Monday evening. The vote was close.",
    PN_ANCHOR_MATCH_QUOTE, "vote was close", 1 },
  { "changed-whitespace", "The council met.\n\nThe vote was close, said the mayor.", "vote was close, said", 1,
    "The council met. The vote  was close , said the mayor.",
    PN_ANCHOR_MATCH_FUZZY, "vote  was close , said", 1 },
  { "changed-punctuation", "He said “yes, we will” and left.", "“yes, we will”", 1,
    "He said \"yes we will\" and left.", PN_ANCHOR_MATCH_FUZZY, "yes we will", 1 },
  { "removed-passage", "First part. The secret plan was approved. Last part.", "secret plan was approved", 1,
    "First part. Last part.", PN_ANCHOR_MATCH_DETACHED, NULL, 0 },
  { "duplicate-by-context", "In Paris the rain fell. In Rome the rain fell. In Oslo it snowed.",
    "the rain fell", 2,
    "Preface. In Rome the rain fell. In Paris the rain fell. In Oslo it snowed.",
    PN_ANCHOR_MATCH_QUOTE, "the rain fell", 1 },
  { "duplicate-first", "In Paris the rain fell. In Rome the rain fell. In Oslo it snowed.",
    "the rain fell", 1,
    "Preface. In Rome the rain fell. In Paris the rain fell. In Oslo it snowed.",
    PN_ANCHOR_MATCH_QUOTE, "the rain fell", 2 },
  { "non-ascii", "Ünïcödé: 東京で会議が開かれた。Zoë était là.", "会議が開かれた", 1,
    "速報 — Ünïcödé: 東京で会議が開かれた。Zoë était là.", PN_ANCHOR_MATCH_QUOTE, "会議が開かれた", 1 },
  { "non-ascii-case", "Die Straße war voll. Über Nacht kam Schnee.", "Über Nacht", 1,
    "Die Straße war voll — über nacht kam Schnee.", PN_ANCHOR_MATCH_FUZZY, "über nacht", 1 },
};

static void
test_reanchor (gconstpointer data)
{
  const ReanchorCase *c = data;
  g_autofree char *exact = NULL, *prefix = NULL, *suffix = NULL;
  gint64 start, end, new_start = -7, new_end = -7;
  PnAnchorMatch match;

  g_assert_true (pn_anchor_find_quote (c->old_text, c->quote, c->occurrence, &start, &end));
  g_assert_true (pn_anchor_create (c->old_text, start, end, &exact, &prefix, &suffix));
  match = pn_anchor_reanchor (c->new_text, exact, prefix, suffix, start, end, &new_start, &new_end);
  g_assert_cmpint (match, ==, c->match);

  if (c->expect == NULL)
    {
      g_assert_cmpint (new_start, ==, -7);
      return;
    }
  {
    gint64 expect_start, expect_end;

    g_assert_true (pn_anchor_find_quote (c->new_text, c->expect, c->expect_occurrence,
                                         &expect_start, &expect_end));
    g_assert_cmpint (new_start, ==, expect_start);
    g_assert_cmpint (new_end, ==, expect_end);
  }
}

/* A story's plain text is its PnDocument's: the reader's text, which
 * annotation offsets index.
 */
typedef struct
{
  const char *html;
  const char *text;
} PlainTextCase;

static const PlainTextCase plain_text_cases[] = {
  { "<p>One &amp; two</p><p>Three</p>", "One & two\n\nThree" },
  { "Plain words, no tags", "Plain words, no tags" },
  { "<div><h2>Title</h2>  <p>A  <b>bold</b>\n word</p></div>", "Title\n\nA bold word" },
  { "<ul><li>a</li><li>b</li></ul><p>x<br>y</p>", "• a\n\n• b\n\nx\ny" },
  { "<p>caf&eacute; &#x4E2D;&#25991;</p><script>alert(1)</script>", "café 中文" },
  { "<pre>  keep\n  this</pre>", "  keep\n  this" },
  { "", "" },
};

static void
test_plain_text (gconstpointer data)
{
  const PlainTextCase *c = data;
  g_autoptr(PnStory) story = pn_story_new ("s", "src");
  g_autofree char *text = NULL;

  pn_story_set_content (story, c->html);
  text = pn_story_dup_plain_text (story);
  g_assert_cmpstr (text, ==, c->text);

  /* Reader mode's article, when there is one, is the text. */
  pn_story_set_full_content (story, "<p>Full article</p>");
  g_free (text);
  text = pn_story_dup_plain_text (story);
  g_assert_cmpstr (text, ==, "Full article");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/anchor/create", test_create);
  for (guint i = 0; i < G_N_ELEMENTS (reanchor_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/anchor/reanchor/%s", reanchor_cases[i].name);
      g_test_add_data_func (path, &reanchor_cases[i], test_reanchor);
    }
  for (guint i = 0; i < G_N_ELEMENTS (plain_text_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/story-text/%u", i);
      g_test_add_data_func (path, &plain_text_cases[i], test_plain_text);
    }
  return g_test_run ();
}
