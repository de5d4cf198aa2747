/* pn-enclosure.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-enclosure.h"

G_DEFINE_BOXED_TYPE (PnEnclosure, pn_enclosure, pn_enclosure_copy, pn_enclosure_free)

PnEnclosure *
pn_enclosure_new (const char *url,
                  const char *mime_type,
                  gint64      length)
{
  PnEnclosure *enclosure;

  g_return_val_if_fail (url != NULL, NULL);

  enclosure = g_new0 (PnEnclosure, 1);
  enclosure->url = g_strdup (url);
  enclosure->mime_type = g_strdup (mime_type);
  enclosure->length = MAX (length, 0);
  return enclosure;
}

PnEnclosure *
pn_enclosure_copy (const PnEnclosure *enclosure)
{
  g_return_val_if_fail (enclosure != NULL, NULL);

  return pn_enclosure_new (enclosure->url, enclosure->mime_type, enclosure->length);
}

void
pn_enclosure_free (PnEnclosure *enclosure)
{
  if (enclosure == NULL)
    return;

  g_free (enclosure->url);
  g_free (enclosure->mime_type);
  g_free (enclosure);
}
