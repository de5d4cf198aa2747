/* pn-story-text.h — the document and plain text that annotation offsets refer to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-types.h"
#include "pn-document.h"

G_BEGIN_DECLS

PnDocument *pn_story_create_document (PnStory *story);
char       *pn_story_dup_plain_text  (PnStory *story);

G_END_DECLS
