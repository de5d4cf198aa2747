/* pn-story.h — one story (feed item), as fetched, read and saved
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-types.h"

G_BEGIN_DECLS

#define PN_TYPE_STORY (pn_story_get_type ())

G_DECLARE_FINAL_TYPE (PnStory, pn_story, PN, STORY, GObject)

PnStory     *pn_story_new              (const char *id,
                                        const char *source_id);
char        *pn_story_make_id          (const char *source_id,
                                        const char *guid,
                                        const char *link,
                                        const char *title,
                                        GDateTime  *published);
const char  *pn_story_get_id           (PnStory    *self);
const char  *pn_story_get_source_id    (PnStory    *self);
const char  *pn_story_get_guid         (PnStory    *self);
void         pn_story_set_guid         (PnStory    *self,
                                        const char *guid);
const char  *pn_story_get_title        (PnStory    *self);
void         pn_story_set_title        (PnStory    *self,
                                        const char *title);
const char  *pn_story_get_link         (PnStory    *self);
void         pn_story_set_link         (PnStory    *self,
                                        const char *link);
GPtrArray   *pn_story_get_authors      (PnStory    *self);
void         pn_story_set_authors      (PnStory    *self,
                                        GPtrArray  *authors);
char        *pn_story_dup_byline       (PnStory    *self);
GDateTime   *pn_story_get_published    (PnStory    *self);
void         pn_story_set_published    (PnStory    *self,
                                        GDateTime  *published);
GDateTime   *pn_story_get_updated      (PnStory    *self);
void         pn_story_set_updated      (PnStory    *self,
                                        GDateTime  *updated);
GDateTime   *pn_story_get_sort_date    (PnStory    *self);
const char  *pn_story_get_summary      (PnStory    *self);
void         pn_story_set_summary      (PnStory    *self,
                                        const char *summary);
const char  *pn_story_get_content      (PnStory    *self);
void         pn_story_set_content      (PnStory    *self,
                                        const char *content);
const char  *pn_story_get_full_content (PnStory    *self);
void         pn_story_set_full_content (PnStory    *self,
                                        const char *full_content);
const char  *pn_story_get_body         (PnStory    *self);

/* Everything a story holds, for making one in a single step: loading
 * thousands of stories one property at a time cost more than reading them.
 * The strings are borrowed; the rest is owned, and given to the story.
 */
typedef struct
{
  const char         *id;
  const char         *source_id;
  const char         *guid;
  const char         *title;
  const char         *link;
  GPtrArray          *authors;
  GDateTime          *published;
  GDateTime          *updated;
  const char         *summary;
  const char         *content;
  const char         *full_content;
  GStrv               categories;
  GPtrArray          *enclosures;
  const char         *comments_url;
  const char         *thumbnail_url;
  gboolean            read;
  GDateTime          *fetched_at;
} PnStoryFields;

PnStory     *pn_story_new_from_fields  (PnStoryFields *fields,
                                        gboolean       defer_body);

/* Bytes of a deferred story's summary kept for lists (see pn_story_get_preview()). */
#define PN_STORY_PREVIEW_BYTES 512

typedef gboolean (*PnStoryBodyLoader) (PnStory  *story,
                                       gpointer  user_data,
                                       GError  **error);

void         pn_story_set_body_loader  (PnStory           *self,
                                        PnStoryBodyLoader  loader,
                                        gpointer           user_data);
gboolean     pn_story_get_body_deferred (PnStory   *self);
gboolean     pn_story_load_body        (PnStory    *self,
                                        GError    **error);
void         pn_story_fill_body        (PnStory    *self,
                                        const char *summary,
                                        const char *content,
                                        const char *full_content);
const char  *pn_story_get_preview      (PnStory    *self);
const char * const *pn_story_get_categories (PnStory *self);
void         pn_story_set_categories   (PnStory    *self,
                                        const char * const *categories);
GPtrArray   *pn_story_get_enclosures   (PnStory    *self);
void         pn_story_set_enclosures   (PnStory    *self,
                                        GPtrArray  *enclosures);
const char  *pn_story_get_comments_url (PnStory    *self);
void         pn_story_set_comments_url (PnStory    *self,
                                        const char *comments_url);
const char  *pn_story_get_thumbnail_url (PnStory   *self);
void         pn_story_set_thumbnail_url (PnStory   *self,
                                         const char *thumbnail_url);
gboolean     pn_story_get_read         (PnStory    *self);
void         pn_story_set_read         (PnStory    *self,
                                        gboolean    read);
gboolean     pn_story_get_saved        (PnStory    *self);
void         pn_story_set_saved        (PnStory    *self,
                                        gboolean    saved);
GDateTime   *pn_story_get_fetched_at   (PnStory    *self);
void         pn_story_set_fetched_at   (PnStory    *self,
                                        GDateTime  *fetched_at);

G_END_DECLS
