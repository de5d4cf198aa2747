/* pn-image-loader.h — story images and source icons, fetched once and cached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pn-core.h"

G_BEGIN_DECLS

#define PN_TYPE_IMAGE_LOADER (pn_image_loader_get_type ())

G_DECLARE_FINAL_TYPE (PnImageLoader, pn_image_loader, PN, IMAGE_LOADER, GObject)

PnImageLoader *pn_image_loader_new         (PnFetcher           *fetcher,
                                            const char          *cache_dir);
void           pn_image_loader_load_async  (PnImageLoader       *self,
                                            const char          *url,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GdkTexture    *pn_image_loader_load_finish (PnImageLoader       *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
