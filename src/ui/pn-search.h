/* pn-search.h — what a change of search text does to a filtered list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkFilterChange pn_search_filter_change (const char *old_key,
                                         const char *new_key);

G_END_DECLS
