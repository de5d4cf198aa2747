/* pn-document-private.h — PnDocument internals for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-document.h"

G_BEGIN_DECLS

PnDocument *_pn_document_new_from_html_full (const char *sanitized_html,
                                             gssize      length,
                                             gboolean    fast);

G_END_DECLS
