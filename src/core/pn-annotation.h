/* pn-annotation.h — a highlight or note on a story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-types.h"

G_BEGIN_DECLS

#define PN_TYPE_ANNOTATION (pn_annotation_get_type ())

G_DECLARE_FINAL_TYPE (PnAnnotation, pn_annotation, PN, ANNOTATION, GObject)

PnAnnotation *pn_annotation_new           (const char   *id,
                                           const char   *story_id);
const char   *pn_annotation_get_id        (PnAnnotation *self);
const char   *pn_annotation_get_story_id  (PnAnnotation *self);
GDateTime    *pn_annotation_get_created   (PnAnnotation *self);
void          pn_annotation_set_created   (PnAnnotation *self,
                                           GDateTime    *created);
GDateTime    *pn_annotation_get_modified  (PnAnnotation *self);
void          pn_annotation_set_modified  (PnAnnotation *self,
                                           GDateTime    *modified);
const char   *pn_annotation_get_note      (PnAnnotation *self);
void          pn_annotation_set_note      (PnAnnotation *self,
                                           const char   *note);
const char   *pn_annotation_get_color     (PnAnnotation *self);
void          pn_annotation_set_color     (PnAnnotation *self,
                                           const char   *color);
gboolean      pn_annotation_has_anchor    (PnAnnotation *self);
const char   *pn_annotation_get_exact     (PnAnnotation *self);
const char   *pn_annotation_get_prefix    (PnAnnotation *self);
const char   *pn_annotation_get_suffix    (PnAnnotation *self);
gint64        pn_annotation_get_start     (PnAnnotation *self);
gint64        pn_annotation_get_end       (PnAnnotation *self);
void          pn_annotation_set_anchor    (PnAnnotation *self,
                                           const char   *exact,
                                           const char   *prefix,
                                           const char   *suffix,
                                           gint64        start,
                                           gint64        end);
gboolean      pn_annotation_get_detached  (PnAnnotation *self);
void          pn_annotation_set_detached  (PnAnnotation *self,
                                           gboolean      detached);

G_END_DECLS
