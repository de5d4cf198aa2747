/* pn-html-private.h — libxml2 plumbing shared by the sanitizer, PnDocument
 * and the extractor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* Data URLs bigger than this are never kept in images: a story body is not
 * the place for megabytes of inline pixels.
 */
#define PN_HTML_MAX_DATA_URL (128 * 1024)

htmlDocPtr  _pn_html_parse          (const char *html,
                                     gssize      length,
                                     gboolean    fragment);
void        _pn_html_sanitize_node  (xmlNode    *node,
                                     const char *base_url,
                                     GString    *out);
const char *_pn_html_get_attr       (xmlNode    *node,
                                     const char *name);
char       *_pn_html_sanitize_full  (const char *html,
                                     gssize      length,
                                     const char *base_url,
                                     gboolean    fast);

/* A read-only tree of what pn_html_sanitize() wrote, or of a plain
 * untrusted fragment (pn-html-tokenizer.c).
 */
typedef struct _PnHtmlTree PnHtmlTree;

PnHtmlTree *_pn_html_tree_parse_sanitized (const char *html,
                                           gsize       length);
PnHtmlTree *_pn_html_tree_parse_fragment  (const char *html,
                                           gsize       length);
xmlNode    *_pn_html_tree_get_document    (PnHtmlTree *tree);
void        _pn_html_tree_free            (PnHtmlTree *tree);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PnHtmlTree, _pn_html_tree_free)

/* HTML's white space; inline because every text byte goes through it. */
static inline gboolean
_pn_html_is_space (guchar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

G_END_DECLS
