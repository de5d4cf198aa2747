/* pn-format.h — how dates and counts read in the interface
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char      *pn_format_relative_date (GDateTime *date,
                                    GDateTime *now);
GDateTime *pn_format_dup_local_now (void);

char *pn_format_excerpt (const char *html,
                         guint       max_chars);

G_END_DECLS
