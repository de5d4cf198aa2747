/* pn-anchor.c — create and re-attach W3C text selectors
 *
 * All offsets are Unicode code points into the story's plain text, as the
 * W3C TextPositionSelector defines them, so the functions work on UCS-4
 * copies of the strings. They are pure: no model object, no I/O, which is
 * what lets the store, the reader and the exporters share them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-anchor"

#include "pn-anchor.h"

#include <string.h>

typedef struct
{
  gunichar *chars;
  glong     len;
  /* For a normalized copy: the index in the original of each kept char. */
  glong    *map;
} UText;

static void
utext_clear (UText *t)
{
  g_clear_pointer (&t->chars, g_free);
  g_clear_pointer (&t->map, g_free);
  t->len = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UText, utext_clear)

static void
utext_init (UText      *t,
            const char *utf8)
{
  t->map = NULL;
  t->chars = g_utf8_to_ucs4_fast (utf8 != NULL ? utf8 : "", -1, &t->len);
}

/* Whitespace and punctuation are what editors change most when they touch a
 * story (typography, re-wrapping, a fixed comma), so the fuzzy pass compares
 * only letters and digits, case-folded.
 */
static void
utext_init_normalized (UText       *t,
                       const UText *source)
{
  glong n = 0;

  t->chars = g_new (gunichar, source->len + 1);
  t->map = g_new (glong, source->len + 1);
  for (glong i = 0; i < source->len; i++)
    {
      if (!g_unichar_isalnum (source->chars[i]))
        continue;
      t->chars[n] = g_unichar_tolower (source->chars[i]);
      t->map[n] = i;
      n++;
    }
  t->chars[n] = 0;
  t->map[n] = source->len;
  t->len = n;
}

static gboolean
utext_equal_at (const UText *hay,
                glong        at,
                const UText *needle)
{
  if (at < 0 || at + needle->len > hay->len)
    return FALSE;
  return memcmp (hay->chars + at, needle->chars, needle->len * sizeof (gunichar)) == 0;
}

/* The index of the first occurrence of @needle at or after @from, or -1. */
static glong
utext_find (const UText *hay,
            const UText *needle,
            glong        from)
{
  if (needle->len == 0)
    return -1;
  for (glong i = MAX (from, 0); i + needle->len <= hay->len; i++)
    {
      if (hay->chars[i] == needle->chars[0] && utext_equal_at (hay, i, needle))
        return i;
    }
  return -1;
}

/* How well the context around [start, end) agrees with the selector's
 * prefix (read backwards) and suffix (read forwards). The two lengths are
 * multiplied: agreement on both sides is stronger evidence than a long
 * match on one, which reordered paragraphs easily produce.
 */
static glong
context_score (const UText *hay,
               glong        start,
               glong        end,
               const UText *prefix,
               const UText *suffix)
{
  glong before = 0, after = 0;

  while (before < prefix->len && start - before - 1 >= 0 &&
         hay->chars[start - before - 1] == prefix->chars[prefix->len - before - 1])
    before++;
  while (after < suffix->len && end + after < hay->len &&
         hay->chars[end + after] == suffix->chars[after])
    after++;
  return (before + 1) * (after + 1);
}

/* The occurrence whose context agrees best; ties go to the one nearest the
 * old position, since edits usually move a passage only a little.
 */
static glong
best_occurrence (const UText *hay,
                 const UText *exact,
                 const UText *prefix,
                 const UText *suffix,
                 glong        hint)
{
  glong best = -1;
  glong best_score = -1;
  glong best_distance = G_MAXLONG;

  for (glong at = utext_find (hay, exact, 0); at >= 0; at = utext_find (hay, exact, at + 1))
    {
      glong score = context_score (hay, at, at + exact->len, prefix, suffix);
      glong distance = ABS (at - hint);

      if (score > best_score || (score == best_score && distance < best_distance))
        {
          best = at;
          best_score = score;
          best_distance = distance;
        }
    }
  return best;
}

/* Where the original offset @offset falls in a normalized text. */
static glong
normalized_index (const UText *normalized,
                  glong        offset)
{
  glong lo = 0, hi = normalized->len;

  while (lo < hi)
    {
      glong mid = (lo + hi) / 2;

      if (normalized->map[mid] < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Builds the selectors for the code points [start, end) of @text.
 * Returns FALSE when the range is empty or outside the text.
 */
gboolean
pn_anchor_create (const char  *text,
                  gint64       start,
                  gint64       end,
                  char       **exact,
                  char       **prefix,
                  char       **suffix)
{
  g_auto(UText) t = { 0 };
  glong prefix_start;
  glong suffix_end;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (exact != NULL && prefix != NULL && suffix != NULL, FALSE);

  utext_init (&t, text);
  if (start < 0 || end <= start || end > t.len)
    return FALSE;

  prefix_start = MAX (0, (glong) start - PN_ANCHOR_CONTEXT_LENGTH);
  suffix_end = MIN (t.len, (glong) end + PN_ANCHOR_CONTEXT_LENGTH);
  *exact = g_ucs4_to_utf8 (t.chars + start, end - start, NULL, NULL, NULL);
  *prefix = g_ucs4_to_utf8 (t.chars + prefix_start, start - prefix_start, NULL, NULL, NULL);
  *suffix = g_ucs4_to_utf8 (t.chars + end, suffix_end - end, NULL, NULL, NULL);
  return TRUE;
}

/* Finds the @occurrence-th (from 1) exact occurrence of @quote in @text. */
gboolean
pn_anchor_find_quote (const char *text,
                      const char *quote,
                      guint       occurrence,
                      gint64     *start,
                      gint64     *end)
{
  g_auto(UText) t = { 0 };
  g_auto(UText) q = { 0 };
  glong at = -1;

  g_return_val_if_fail (text != NULL && quote != NULL, FALSE);

  if (occurrence == 0)
    return FALSE;

  utext_init (&t, text);
  utext_init (&q, quote);
  for (guint n = 0; n < occurrence; n++)
    {
      at = utext_find (&t, &q, at + 1);
      if (at < 0)
        return FALSE;
    }

  if (start != NULL)
    *start = at;
  if (end != NULL)
    *end = at + q.len;
  return TRUE;
}

/* Re-attaches an anchor to a text that may have changed: by position when
 * the exact text is still there, else by the quote and its context, else by
 * the quote with whitespace, punctuation and case ignored. Returns
 * PN_ANCHOR_MATCH_DETACHED, leaving the outputs untouched, when nothing
 * fits: the caller keeps the annotation and shows it as detached.
 */
PnAnchorMatch
pn_anchor_reanchor (const char *text,
                    const char *exact,
                    const char *prefix,
                    const char *suffix,
                    gint64      start,
                    gint64      end,
                    gint64     *new_start,
                    gint64     *new_end)
{
  g_auto(UText) t = { 0 };
  g_auto(UText) e = { 0 };
  g_auto(UText) p = { 0 };
  g_auto(UText) s = { 0 };
  g_auto(UText) nt = { 0 };
  g_auto(UText) ne = { 0 };
  g_auto(UText) np = { 0 };
  g_auto(UText) ns = { 0 };
  glong at;

  g_return_val_if_fail (text != NULL, PN_ANCHOR_MATCH_DETACHED);
  g_return_val_if_fail (new_start != NULL && new_end != NULL, PN_ANCHOR_MATCH_DETACHED);

  if (exact == NULL || *exact == '\0')
    return PN_ANCHOR_MATCH_DETACHED;

  utext_init (&t, text);
  utext_init (&e, exact);
  utext_init (&p, prefix);
  utext_init (&s, suffix);

  if (start >= 0 && end - start == e.len && utext_equal_at (&t, start, &e))
    {
      *new_start = start;
      *new_end = end;
      return PN_ANCHOR_MATCH_POSITION;
    }

  at = best_occurrence (&t, &e, &p, &s, start);
  if (at >= 0)
    {
      *new_start = at;
      *new_end = at + e.len;
      return PN_ANCHOR_MATCH_QUOTE;
    }

  utext_init_normalized (&nt, &t);
  utext_init_normalized (&ne, &e);
  utext_init_normalized (&np, &p);
  utext_init_normalized (&ns, &s);
  at = best_occurrence (&nt, &ne, &np, &ns, normalized_index (&nt, start));
  if (at < 0)
    return PN_ANCHOR_MATCH_DETACHED;

  *new_start = nt.map[at];
  *new_end = nt.map[at + ne.len - 1] + 1;
  return PN_ANCHOR_MATCH_FUZZY;
}
