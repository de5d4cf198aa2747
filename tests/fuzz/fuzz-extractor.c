/* fuzz-extractor.c — libFuzzer target: reader-mode extraction
 *
 * Any bytes must either give an article whose content is sanitized HTML,
 * or a PN_ERROR_NO_ARTICLE error; never a crash or a leak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pn-core.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PnArticle) article = NULL;
  g_autofree char *again = NULL;

  if (size == 0)
    return 0;
  article = pn_extract_article ((const char *) data, size, "https://fuzz.example/story", &error);
  if (article == NULL)
    {
      g_assert (g_error_matches (error, PN_ERROR, PN_ERROR_NO_ARTICLE));
      return 0;
    }
  again = pn_html_sanitize (pn_article_get_content (article), -1, "https://fuzz.example/story");
  g_assert (strcmp (again, pn_article_get_content (article)) == 0);
  g_assert (pn_document_get_length (pn_article_get_document (article)) > 0);
  return 0;
}
