/* pn-html-sanitizer.h — untrusted HTML in, safe well-formed HTML out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *pn_html_sanitize (const char *html,
                        gssize      length,
                        const char *base_url);

G_END_DECLS
