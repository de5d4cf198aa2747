/* pn-refresher.h — refresh sources: fetch, parse off the main thread, merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pn-fetcher.h"
#include "pn-library.h"

G_BEGIN_DECLS

typedef enum
{
  PN_REFRESH_DEFAULT = 0,
  /* Fetch every given source now, whatever its next-fetch time says. */
  PN_REFRESH_FORCE   = 1 << 0,
} PnRefreshFlags;

typedef struct
{
  guint      n_sources;
  guint      n_updated;
  guint      n_not_modified;
  guint      n_failed;
  guint      n_skipped;
  guint      n_new_stories;
  /* Reader-mode articles that could not be had (the feed's version stays). */
  guint      n_full_text_failed;
  /* The sources that failed, in the order they finished. */
  GPtrArray *failed;
} PnRefreshSummary;

#define PN_TYPE_REFRESHER (pn_refresher_get_type ())

G_DECLARE_FINAL_TYPE (PnRefresher, pn_refresher, PN, REFRESHER, GObject)

PnRefresher      *pn_refresher_new            (PnLibrary         *library,
                                               PnFetcher         *fetcher);
PnFetcher        *pn_refresher_get_fetcher    (PnRefresher       *self);
guint             pn_refresher_get_n_total    (PnRefresher       *self);
guint             pn_refresher_get_n_done     (PnRefresher       *self);
gboolean          pn_refresher_get_running    (PnRefresher       *self);
gboolean          pn_refresher_is_refreshing  (PnRefresher       *self,
                                               PnSource          *source);
void              pn_refresher_refresh_async  (PnRefresher       *self,
                                               GPtrArray         *sources,
                                               PnRefreshFlags     flags,
                                               GCancellable      *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer           user_data);
PnRefreshSummary *pn_refresher_refresh_finish (PnRefresher       *self,
                                               GAsyncResult      *result,
                                               GError           **error);
void              pn_refresher_fetch_full_text_async  (PnRefresher        *self,
                                                       PnStory            *story,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean          pn_refresher_fetch_full_text_finish (PnRefresher        *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
void              pn_refresh_summary_free     (PnRefreshSummary  *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PnRefreshSummary, pn_refresh_summary_free)

G_END_DECLS
