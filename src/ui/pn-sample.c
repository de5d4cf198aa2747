/* pn-sample.c
 *
 * A new user sees the three panes working at once, with no network: the
 * sample feed ships in the GResource and goes through the real feed parser
 * into the library like any other source. It is an ordinary source after
 * that: the user can read, save, annotate or remove it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-sample"

#include "config.h"

#include <glib/gi18n.h>

#include "pn-sample.h"

gboolean
pn_sample_add_to_library (PnLibrary  *library,
                          GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_uri (PN_SAMPLE_SOURCE_URL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PnFeed) feed = NULL;
  PnSource *source;
  guint n_new = 0;

  g_return_val_if_fail (PN_IS_LIBRARY (library), FALSE);

  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return FALSE;

  source = pn_library_add_source (library, PN_SAMPLE_SOURCE_URL, _("Prime News"), NULL, error);
  if (source == NULL)
    return FALSE;

  feed = pn_feed_parse (bytes, PN_SAMPLE_SOURCE_URL, pn_source_get_id (source), error);
  if (feed == NULL)
    return FALSE;

  pn_source_set_site_url (source, pn_feed_get_link (feed));
  return pn_library_merge_stories (library, source, pn_feed_get_items (feed), &n_new, error);
}
