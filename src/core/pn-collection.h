/* pn-collection.h — a named, ordered list of stories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-types.h"

G_BEGIN_DECLS

#define PN_TYPE_COLLECTION (pn_collection_get_type ())

G_DECLARE_FINAL_TYPE (PnCollection, pn_collection, PN, COLLECTION, GObject)

PnCollection *pn_collection_new             (const char   *id,
                                             const char   *name);
const char   *pn_collection_get_id          (PnCollection *self);
const char   *pn_collection_get_name        (PnCollection *self);
void          pn_collection_set_name        (PnCollection *self,
                                             const char   *name);
const char   *pn_collection_get_description (PnCollection *self);
void          pn_collection_set_description (PnCollection *self,
                                             const char   *description);
GDateTime    *pn_collection_get_created     (PnCollection *self);
void          pn_collection_set_created     (PnCollection *self,
                                             GDateTime    *created);
guint         pn_collection_get_n_stories   (PnCollection *self);
const char   *pn_collection_get_story_id    (PnCollection *self,
                                             guint         position);
gboolean      pn_collection_find_story      (PnCollection *self,
                                             const char   *story_id,
                                             guint        *position);
gboolean      pn_collection_insert_story    (PnCollection *self,
                                             guint         position,
                                             const char   *story_id);
gboolean      pn_collection_remove_story    (PnCollection *self,
                                             const char   *story_id);
gboolean      pn_collection_move_story      (PnCollection *self,
                                             guint         from,
                                             guint         to);

G_END_DECLS
