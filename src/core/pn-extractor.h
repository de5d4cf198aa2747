/* pn-extractor.h — reader mode: the article inside a web page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-article.h"

G_BEGIN_DECLS

PnArticle *pn_extract_article (const char  *html,
                               gssize       length,
                               const char  *url,
                               GError     **error);

G_END_DECLS
