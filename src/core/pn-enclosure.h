/* pn-enclosure.h — a media file attached to a story (podcast episode, image…)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-types.h"

G_BEGIN_DECLS

#define PN_TYPE_ENCLOSURE (pn_enclosure_get_type ())

struct _PnEnclosure
{
  char   *url;
  char   *mime_type;
  /* In bytes; 0 when the feed did not say. */
  gint64  length;
};

GType        pn_enclosure_get_type (void) G_GNUC_CONST;
PnEnclosure *pn_enclosure_new      (const char        *url,
                                    const char        *mime_type,
                                    gint64             length);
PnEnclosure *pn_enclosure_copy     (const PnEnclosure *enclosure);
void         pn_enclosure_free     (PnEnclosure       *enclosure);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PnEnclosure, pn_enclosure_free)

G_END_DECLS
