/* pn-opml.h — subscription lists in and out: OPML 1.0/2.0
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pn-types.h"

G_BEGIN_DECLS

#define PN_TYPE_OPML_ENTRY (pn_opml_entry_get_type ())

typedef struct _PnOpmlEntry PnOpmlEntry;

struct _PnOpmlEntry
{
  /* The feed's address, normalized (see pn_normalize_feed_url()). */
  char *url;
  char *title;
  char *site_url;
  /* The top-level folder the feed was filed under, NULL at the top. */
  char *folder;
};

GType        pn_opml_entry_get_type (void) G_GNUC_CONST;
PnOpmlEntry *pn_opml_entry_new      (const char        *url,
                                     const char        *title,
                                     const char        *site_url,
                                     const char        *folder);
PnOpmlEntry *pn_opml_entry_copy     (const PnOpmlEntry *entry);
void         pn_opml_entry_free     (PnOpmlEntry       *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PnOpmlEntry, pn_opml_entry_free)

GPtrArray *pn_opml_parse  (const char  *data,
                           gsize        len,
                           GPtrArray  **warnings,
                           GError     **error);
GBytes    *pn_opml_export (GListModel  *sources,
                           const char  *title);

G_END_DECLS
