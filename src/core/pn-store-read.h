/* pn-store-read.h — model objects straight from the store's files (internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pn-types.h"

G_BEGIN_DECLS

/* A string as it is written in a file: the bytes between its quotes. */
typedef struct
{
  goffset offset;   /* -1: absent or null */
  gsize   length;
} PnStoreSpan;

/* Where a story's bodies are in the file it was read from. */
typedef struct
{
  PnStoreSpan summary;
  PnStoreSpan content;
  PnStoreSpan full_content;
} PnStoreBodySpans;

/* What library.json says about a saved story, so that a command can find
 * it without reading every file.
 */
typedef struct
{
  char      *source_id;
  char      *title;
  GDateTime *saved_at;
} PnStoreSavedInfo;

PnStoreSavedInfo *pn_store_saved_info_new  (const char       *source_id,
                                            const char       *title,
                                            GDateTime        *saved_at);
void              pn_store_saved_info_free (PnStoreSavedInfo *info);

/* What one file holds, each kind of file filling its own part. */
typedef struct
{
  gint64      version;
  /* Top-level members the code does not know, kept for the next write. */
  JsonObject *unknown;
  /* Stories files and saved files: PnStory. */
  GPtrArray  *stories;
  /* PnStoreBodySpans, one per story, when the bodies were left in the file. */
  GArray     *spans;
  /* Saved files */
  GDateTime  *saved_at;
  GPtrArray  *annotations;
  /* Set by the caller: the story of a saved file with this id is already
   * in the library, so it is only checked, and its read state kept.
   */
  const char *skip_story_id;
  gboolean    story_skipped;
  gboolean    skipped_story_read;
  /* The fetch time read last, and its text: the stories one refresh
   * brought share theirs, and a date takes long to build.
   */
  char       *fetched_at_text;
  GDateTime  *fetched_at;
  /* sources.json: PnSource */
  GPtrArray  *sources;
  /* library.json: PnCollection, and story id → PnStoreSavedInfo */
  GPtrArray  *collections;
  GHashTable *saved_index;
} PnStoreFileData;

void pn_store_file_data_clear (PnStoreFileData *data);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PnStoreFileData, pn_store_file_data_clear)

/* Each leaves @data as it is; @scratch, with room for @length + 1 bytes,
 * holds the strings the result was built from while it reads.
 */
gboolean pn_store_read_stories_file (const char      *data,
                                     gsize            length,
                                     char            *scratch,
                                     PnStoreFileData *result);
gboolean pn_store_read_saved_file   (const char      *data,
                                     gsize            length,
                                     char            *scratch,
                                     PnStoreFileData *result);
gboolean pn_store_read_library_file (const char      *data,
                                     gsize            length,
                                     char            *scratch,
                                     PnStoreFileData *result);

G_END_DECLS
