/* pn-date.h — the date formats feeds use, read into UTC
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDateTime *pn_date_parse         (const char *text);
GDateTime *pn_date_parse_rfc822  (const char *text);
GDateTime *pn_date_parse_iso8601 (const char *text);
char      *pn_date_format_utc    (GDateTime  *date);

G_END_DECLS
