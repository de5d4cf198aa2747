/* pn-library.h — the user's library: sources, stories, saved stories,
 * annotations and collections, with their crash-safe JSON store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pn-types.h"

G_BEGIN_DECLS

#define PN_TYPE_LIBRARY (pn_library_get_type ())

G_DECLARE_FINAL_TYPE (PnLibrary, pn_library, PN, LIBRARY, GObject)

/* sources.json and library.json (small) are always loaded; the flags add
 * the big parts. A CLI command loads only what it needs and fetches single
 * stories on demand with pn_library_load_story().
 */
typedef enum
{
  PN_LIBRARY_LOAD_DEFAULT   = 0,
  PN_LIBRARY_LOAD_READ_ONLY = 1 << 0,
  PN_LIBRARY_LOAD_STORIES   = 1 << 1,
  PN_LIBRARY_LOAD_SAVED     = 1 << 2,
  PN_LIBRARY_LOAD_ALL       = PN_LIBRARY_LOAD_STORIES | PN_LIBRARY_LOAD_SAVED,
} PnLibraryLoadFlags;

#define PN_LIBRARY_DEFAULT_RETENTION_DAYS 90
#define PN_LIBRARY_DEFAULT_MAX_STORIES    1000

PnLibrary    *pn_library_new                    (const char          *data_dir);
const char   *pn_library_get_data_dir           (PnLibrary           *self);
gboolean      pn_library_load                   (PnLibrary           *self,
                                                 PnLibraryLoadFlags   flags,
                                                 GError             **error);
void          pn_library_load_async             (PnLibrary           *self,
                                                 PnLibraryLoadFlags   flags,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean      pn_library_load_finish            (PnLibrary           *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gboolean      pn_library_load_source_stories    (PnLibrary           *self,
                                                 const char          *source_id,
                                                 GError             **error);
PnStory      *pn_library_load_story             (PnLibrary           *self,
                                                 const char          *story_id,
                                                 GError             **error);
gboolean      pn_library_ensure_story_body      (PnLibrary           *self,
                                                 PnStory             *story,
                                                 GError             **error);
PnAnnotation *pn_library_load_annotation        (PnLibrary           *self,
                                                 const char          *annotation_id,
                                                 GError             **error);
gboolean      pn_library_flush                  (PnLibrary           *self,
                                                 GError             **error);
GPtrArray    *pn_library_get_problems           (PnLibrary           *self);
gboolean      pn_library_get_read_only          (PnLibrary           *self);
const char   *pn_library_get_read_only_reason   (PnLibrary           *self);
guint         pn_library_get_retention_days     (PnLibrary           *self);
void          pn_library_set_retention_days     (PnLibrary           *self,
                                                 guint                days);
guint         pn_library_get_max_stories        (PnLibrary           *self);
void          pn_library_set_max_stories        (PnLibrary           *self,
                                                 guint                max_stories);

GListModel   *pn_library_get_sources            (PnLibrary           *self);
GListModel   *pn_library_get_collections        (PnLibrary           *self);
GListModel   *pn_library_get_all_stories        (PnLibrary           *self);
GListModel   *pn_library_get_unread_stories     (PnLibrary           *self);
GListModel   *pn_library_get_saved_stories      (PnLibrary           *self);
GListModel   *pn_library_get_source_stories     (PnLibrary           *self,
                                                 PnSource            *source);
GListModel   *pn_library_get_collection_stories (PnLibrary           *self,
                                                 PnCollection        *collection);
GListModel   *pn_library_get_story_annotations  (PnLibrary           *self,
                                                 PnStory             *story);
GListModel   *pn_library_get_all_annotations    (PnLibrary           *self);

PnSource     *pn_library_lookup_source          (PnLibrary           *self,
                                                 const char          *source_id);
PnSource     *pn_library_find_source            (PnLibrary           *self,
                                                 const char          *source_id,
                                                 GError             **error);
PnSource     *pn_library_lookup_source_by_url   (PnLibrary           *self,
                                                 const char          *url);
PnStory      *pn_library_lookup_story           (PnLibrary           *self,
                                                 const char          *story_id);
PnAnnotation *pn_library_lookup_annotation      (PnLibrary           *self,
                                                 const char          *annotation_id);
PnCollection *pn_library_lookup_collection      (PnLibrary           *self,
                                                 const char          *collection_id);
PnCollection *pn_library_lookup_collection_by_name (PnLibrary        *self,
                                                 const char          *name);
GDateTime    *pn_library_get_saved_at           (PnLibrary           *self,
                                                 PnStory             *story);

PnSource     *pn_library_add_source             (PnLibrary           *self,
                                                 const char          *url,
                                                 const char          *title,
                                                 const char          *folder,
                                                 GError             **error);
GPtrArray    *pn_library_add_opml_entries       (PnLibrary           *self,
                                                 GPtrArray           *entries,
                                                 guint               *n_present,
                                                 GError             **error);
gboolean      pn_library_remove_source          (PnLibrary           *self,
                                                 PnSource            *source,
                                                 GError             **error);
gboolean      pn_library_rename_source          (PnLibrary           *self,
                                                 PnSource            *source,
                                                 const char          *title,
                                                 GError             **error);
gboolean      pn_library_move_source_to_folder  (PnLibrary           *self,
                                                 PnSource            *source,
                                                 const char          *folder,
                                                 GError             **error);
gboolean      pn_library_source_changed         (PnLibrary           *self,
                                                 PnSource            *source,
                                                 GError             **error);
gboolean      pn_library_merge_stories          (PnLibrary           *self,
                                                 PnSource            *source,
                                                 GPtrArray           *stories,
                                                 guint               *n_new,
                                                 GError             **error);
gboolean      pn_library_set_full_content       (PnLibrary           *self,
                                                 PnStory             *story,
                                                 const char          *full_content,
                                                 GError             **error);
guint         pn_library_apply_retention        (PnLibrary           *self,
                                                 PnSource            *source,
                                                 GDateTime           *now);
gboolean      pn_library_mark_read              (PnLibrary           *self,
                                                 PnStory             *story,
                                                 gboolean             read,
                                                 GError             **error);
gboolean      pn_library_mark_all_read          (PnLibrary           *self,
                                                 PnSource            *source,
                                                 GError             **error);
gboolean      pn_library_save_story             (PnLibrary           *self,
                                                 PnStory             *story,
                                                 GError             **error);
gboolean      pn_library_unsave_story           (PnLibrary           *self,
                                                 PnStory             *story,
                                                 GError             **error);
PnAnnotation *pn_library_add_annotation         (PnLibrary           *self,
                                                 PnStory             *story,
                                                 gint64               start,
                                                 gint64               end,
                                                 const char          *note,
                                                 GError             **error);
gboolean      pn_library_edit_annotation        (PnLibrary           *self,
                                                 PnAnnotation        *annotation,
                                                 const char          *note,
                                                 const char          *color,
                                                 GError             **error);
gboolean      pn_library_delete_annotation      (PnLibrary           *self,
                                                 PnAnnotation        *annotation,
                                                 GError             **error);
PnCollection *pn_library_create_collection      (PnLibrary           *self,
                                                 const char          *name,
                                                 GError             **error);
gboolean      pn_library_rename_collection      (PnLibrary           *self,
                                                 PnCollection        *collection,
                                                 const char          *name,
                                                 GError             **error);
gboolean      pn_library_delete_collection      (PnLibrary           *self,
                                                 PnCollection        *collection,
                                                 GError             **error);
gboolean      pn_library_add_to_collection      (PnLibrary           *self,
                                                 PnCollection        *collection,
                                                 PnStory             *story,
                                                 guint                position,
                                                 GError             **error);
gboolean      pn_library_remove_from_collection (PnLibrary           *self,
                                                 PnCollection        *collection,
                                                 PnStory             *story,
                                                 GError             **error);
gboolean      pn_library_move_in_collection     (PnLibrary           *self,
                                                 PnCollection        *collection,
                                                 guint                from,
                                                 guint                to,
                                                 GError             **error);

G_END_DECLS
