/* pn-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "pn-search.h"

/* Typing one more letter can only narrow a substring search, and deleting
 * one can only widen it: telling the filter lets it look at the rows that
 * can change instead of every row.
 */
GtkFilterChange
pn_search_filter_change (const char *old_key,
                         const char *new_key)
{
  if (old_key == NULL)
    return GTK_FILTER_CHANGE_MORE_STRICT;
  if (new_key == NULL)
    return GTK_FILTER_CHANGE_LESS_STRICT;
  if (strstr (new_key, old_key) != NULL)
    return GTK_FILTER_CHANGE_MORE_STRICT;
  if (strstr (old_key, new_key) != NULL)
    return GTK_FILTER_CHANGE_LESS_STRICT;
  return GTK_FILTER_CHANGE_DIFFERENT;
}
