/* pn-article.h — what reader mode extracted from a web page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-document.h"

G_BEGIN_DECLS

#define PN_TYPE_ARTICLE (pn_article_get_type ())

G_DECLARE_FINAL_TYPE (PnArticle, pn_article, PN, ARTICLE, GObject)

const char *pn_article_get_url       (PnArticle *self);
const char *pn_article_get_title     (PnArticle *self);
const char *pn_article_get_byline    (PnArticle *self);
const char *pn_article_get_excerpt   (PnArticle *self);
const char *pn_article_get_site_name (PnArticle *self);
GDateTime  *pn_article_get_published (PnArticle *self);
const char *pn_article_get_lang      (PnArticle *self);
const char *pn_article_get_dir       (PnArticle *self);
const char *pn_article_get_content   (PnArticle *self);
PnDocument *pn_article_get_document  (PnArticle *self);

G_END_DECLS
