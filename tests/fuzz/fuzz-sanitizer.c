/* fuzz-sanitizer.c — libFuzzer target: sanitizer and PnDocument
 *
 * Any bytes must sanitize without crashing, give the same output with and
 * without the fast fragment reader, give output that sanitizes to itself,
 * and build a document whose offsets stay inside its text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pn-core.h"
#include "pn-html-private.h"

#define BASE_URL "https://fuzz.example/a/b.html"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *sanitized = NULL;
  g_autofree char *again = NULL;
  g_autofree char *reference = NULL;
  g_autoptr(PnDocument) document = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(PnDocument) copy = NULL;
  guint length;

  if (size == 0)
    return 0;
  sanitized = pn_html_sanitize ((const char *) data, size, BASE_URL);
  g_assert (g_utf8_validate (sanitized, -1, NULL));
  reference = _pn_html_sanitize_full ((const char *) data, size, BASE_URL, FALSE);
  g_assert (strcmp (reference, sanitized) == 0);
  again = pn_html_sanitize (sanitized, -1, BASE_URL);
  g_assert (strcmp (again, sanitized) == 0);

  document = pn_document_new_from_html (sanitized, -1);
  length = pn_document_get_length (document);
  for (guint i = 0; i < pn_document_get_n_blocks (document); i++)
    {
      const PnBlock *block = pn_document_get_block (document, i);
      g_autofree char *text = pn_document_dup_text_range (document, block->start, block->end);

      g_assert ((guint) g_utf8_strlen (text, -1) == block->end - block->start);
      g_assert (block->start <= block->content_start && block->content_start <= block->end);
      g_assert (block->end <= length);
      for (guint j = 0; j < block->n_spans; j++)
        g_assert (block->spans[j].start >= block->start && block->spans[j].end <= block->end);
    }

  json = pn_document_to_json (document);
  copy = pn_document_new_from_json (json, NULL);
  g_assert (copy != NULL);
  g_assert (strcmp (pn_document_get_text (copy), pn_document_get_text (document)) == 0);
  return 0;
}
