/* pn-story-text.c — a story's document and plain text
 *
 * Every annotation offset and search hit is a code-point offset into the
 * plain text of one PnDocument: the one the reader shows and the exporters
 * write. That document is built from the article reader mode extracted when
 * there is one, else from the feed's content or summary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-story-text"

#include "pn-story.h"
#include "pn-story-text.h"

PnDocument *
pn_story_create_document (PnStory *story)
{
  const char *body;

  g_return_val_if_fail (PN_IS_STORY (story), NULL);

  body = pn_story_get_full_content (story);
  if (body == NULL || *body == '\0')
    body = pn_story_get_body (story);

  return pn_document_new_from_html (body != NULL ? body : "", -1);
}

char *
pn_story_dup_plain_text (PnStory *story)
{
  g_autoptr(PnDocument) document = NULL;

  g_return_val_if_fail (PN_IS_STORY (story), NULL);

  document = pn_story_create_document (story);
  return g_strdup (pn_document_get_text (document));
}
