/* pn-story-text.h — the plain text that annotation offsets refer to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-types.h"

G_BEGIN_DECLS

char *pn_story_dup_plain_text (PnStory *story);

G_END_DECLS
