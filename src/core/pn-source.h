/* pn-source.h — one subscription
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-types.h"

G_BEGIN_DECLS

#define PN_TYPE_SOURCE (pn_source_get_type ())

G_DECLARE_FINAL_TYPE (PnSource, pn_source, PN, SOURCE, GObject)

PnSource   *pn_source_new                      (const char *id,
                                                const char *url);
char       *pn_source_make_id                  (const char *url);
const char *pn_source_get_id                   (PnSource   *self);
const char *pn_source_get_url                  (PnSource   *self);
void        pn_source_set_url                  (PnSource   *self,
                                                const char *url);
const char *pn_source_get_title                (PnSource   *self);
void        pn_source_set_title                (PnSource   *self,
                                                const char *title);
const char *pn_source_get_site_url             (PnSource   *self);
void        pn_source_set_site_url             (PnSource   *self,
                                                const char *site_url);
const char *pn_source_get_folder               (PnSource   *self);
void        pn_source_set_folder               (PnSource   *self,
                                                const char *folder);
const char *pn_source_get_icon_url             (PnSource   *self);
void        pn_source_set_icon_url             (PnSource   *self,
                                                const char *icon_url);
const char *pn_source_get_etag                 (PnSource   *self);
void        pn_source_set_etag                 (PnSource   *self,
                                                const char *etag);
const char *pn_source_get_last_modified        (PnSource   *self);
void        pn_source_set_last_modified        (PnSource   *self,
                                                const char *last_modified);
GDateTime  *pn_source_get_last_fetched         (PnSource   *self);
void        pn_source_set_last_fetched         (PnSource   *self,
                                                GDateTime  *last_fetched);
GDateTime  *pn_source_get_next_fetch           (PnSource   *self);
void        pn_source_set_next_fetch           (PnSource   *self,
                                                GDateTime  *next_fetch);
const char *pn_source_get_last_status          (PnSource   *self);
void        pn_source_set_last_status          (PnSource   *self,
                                                const char *last_status);
const char *pn_source_get_last_error           (PnSource   *self);
void        pn_source_set_last_error           (PnSource   *self,
                                                const char *last_error);
guint       pn_source_get_consecutive_failures (PnSource   *self);
void        pn_source_set_consecutive_failures (PnSource   *self,
                                                guint       failures);
gboolean    pn_source_get_fetch_full_text      (PnSource   *self);
void        pn_source_set_fetch_full_text      (PnSource   *self,
                                                gboolean    fetch_full_text);
gboolean    pn_source_get_enabled              (PnSource   *self);
void        pn_source_set_enabled              (PnSource   *self,
                                                gboolean    enabled);
guint       pn_source_get_unread_count         (PnSource   *self);
void        pn_source_set_unread_count         (PnSource   *self,
                                                guint       unread_count);
const char *pn_source_get_display_title        (PnSource   *self);

G_END_DECLS
