/* test-store.c — PnLibrary: models, operations, durability and faults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "pn-core.h"
#include "pn-library-private.h"
#include "pn-test-dir.h"
#include "pn-test-store.h"

static void
flush (PnLibrary *library)
{
  g_autoptr(GError) error = NULL;

  pn_library_flush (library, &error);
  g_assert_no_error (error);
}

static void
test_round_trip (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 3, 5, 300);
  g_autoptr(PnLibrary) again = NULL;
  g_autoptr(GError) error = NULL;
  PnSource *source = pn_test_nth_source (library, 1);
  PnStory *story = pn_test_nth_story (library, source, 2);
  g_autofree char *story_id = g_strdup (pn_story_get_id (story));
  g_autofree char *annotation_id = NULL;
  PnCollection *collection;
  PnAnnotation *annotation;
  GListModel *annotations;
  g_autofree char *text = pn_story_dup_plain_text (story);
  gint64 start, end;

  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_stories (library)), ==, 15);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_unread_stories (library)), ==, 15);
  g_assert_cmpuint (pn_source_get_unread_count (source), ==, 5);

  g_assert_true (pn_library_mark_read (library, story, TRUE, &error));
  g_assert_cmpuint (pn_source_get_unread_count (source), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_unread_stories (library)), ==, 14);
  g_assert_true (pn_library_rename_source (library, source, "Renamed", &error));
  g_assert_true (pn_library_move_source_to_folder (library, source, "World", &error));

  g_assert_null (pn_library_add_source (library, pn_source_get_url (source), NULL, NULL, &error));
  g_assert_error (error, PN_ERROR, PN_ERROR_EXISTS);
  g_clear_error (&error);

  g_assert_true (pn_anchor_find_quote (text, "Paragraph", 2, &start, &end));
  annotation = pn_library_add_annotation (library, story, start, end, "a note", &error);
  g_assert_no_error (error);
  annotation_id = g_strdup (pn_annotation_get_id (annotation));
  g_assert_true (pn_story_get_saved (story));
  g_assert_nonnull (pn_library_add_annotation (library, story, -1, -1, "whole story", &error));

  collection = pn_library_create_collection (library, "Reading", &error);
  g_assert_no_error (error);
  g_assert_null (pn_library_create_collection (library, "Reading", &error));
  g_assert_error (error, PN_ERROR, PN_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (pn_library_add_to_collection (library, collection, pn_test_nth_story (library, source, 0),
                                               G_MAXUINT, &error));
  g_assert_true (pn_library_add_to_collection (library, collection, story, 0, &error));
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_collection_stories (library, collection)),
                    ==, 2);
  g_assert_true (pn_library_get_collection_stories (library, collection) != NULL);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_saved_stories (library)), ==, 2);

  /* Unsaving an annotated story is refused: the notes are the user's. */
  g_assert_false (pn_library_unsave_story (library, story, &error));
  g_assert_error (error, PN_ERROR, PN_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  flush (library);
  g_clear_object (&library);

  again = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL);
  g_assert_cmpuint (pn_library_get_problems (again)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_stories (again)), ==, 15);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_unread_stories (again)), ==, 14);
  story = pn_library_lookup_story (again, story_id);
  g_assert_nonnull (story);
  g_assert_true (pn_story_get_read (story));
  g_assert_true (pn_story_get_saved (story));
  source = pn_library_lookup_source (again, pn_story_get_source_id (story));
  g_assert_cmpstr (pn_source_get_title (source), ==, "Renamed");
  g_assert_cmpstr (pn_source_get_folder (source), ==, "World");
  g_assert_cmpuint (pn_source_get_unread_count (source), ==, 4);
  annotations = pn_library_get_story_annotations (again, story);
  g_assert_cmpuint (g_list_model_get_n_items (annotations), ==, 2);
  annotation = pn_library_lookup_annotation (again, annotation_id);
  g_assert_cmpstr (pn_annotation_get_note (annotation), ==, "a note");
  g_assert_cmpstr (pn_annotation_get_exact (annotation), ==, "Paragraph");
  g_assert_cmpint (pn_annotation_get_start (annotation), ==, start);
  collection = pn_library_lookup_collection_by_name (again, "Reading");
  g_assert_cmpuint (pn_collection_get_n_stories (collection), ==, 2);
  g_assert_cmpstr (pn_collection_get_story_id (collection, 0), ==, story_id);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_collection_stories (again, collection)),
                    ==, 2);

  g_clear_object (&again);
  pn_test_dir_remove (dir);
}

static void
stat_inode (const char *dir,
            const char *relative,
            ino_t      *inode)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  *inode = buf.st_ino;
}

/* One annotation rewrites its saved story's file and nothing else. */
static void
test_only_changed_files (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 2, 3, 200);
  g_autoptr(GError) error = NULL;
  PnStory *story = pn_test_nth_story (library, pn_test_nth_source (library, 0), 1);
  g_autofree char *saved = g_strdup_printf ("saved/%s.json", pn_story_get_id (story));
  g_autofree char *stories0 = g_strdup_printf ("stories/%s.json", pn_source_get_id (pn_test_nth_source (library, 0)));
  g_autofree char *stories1 = g_strdup_printf ("stories/%s.json", pn_source_get_id (pn_test_nth_source (library, 1)));
  const char *files[] = { "sources.json", "library.json", NULL, NULL, NULL };
  ino_t before[5], after[5];

  files[2] = saved;
  files[3] = stories0;
  files[4] = stories1;
  pn_library_save_story (library, story, &error);
  g_assert_no_error (error);
  flush (library);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    stat_inode (dir, files[i], &before[i]);

  g_assert_nonnull (pn_library_add_annotation (library, story, -1, -1, "note", &error));
  g_assert_cmpuint (_pn_library_get_n_dirty (library), ==, 1);
  flush (library);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    stat_inode (dir, files[i], &after[i]);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      if (i == 2)
        g_assert_cmpuint (before[i], !=, after[i]);
      else
        g_assert_cmpuint (before[i], ==, after[i]);
    }
  /* The previous copy is the backup. */
  {
    g_autofree char *bak = g_strconcat (saved, ".bak", NULL);
    ino_t bak_inode;

    stat_inode (dir, bak, &bak_inode);
    g_assert_cmpuint (bak_inode, ==, before[2]);
  }

  g_clear_object (&library);
  pn_test_dir_remove (dir);
}

static void
saved_cb (PnLibrary    *library,
          const GError *error,
          GError      **out)
{
  *out = error != NULL ? g_error_copy (error) : NULL;
  g_main_context_wakeup (NULL);
}

/* Many changes give one coalesced save, written off the main thread. */
static void
test_background_save (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 1, 4, 100);
  g_autoptr(PnLibrary) again = NULL;
  g_autoptr(GError) error = NULL;
  GError *save_error = (GError *) 0x1;
  PnSource *source = pn_test_nth_source (library, 0);

  flush (library);
  g_signal_connect (library, "saved", G_CALLBACK (saved_cb), &save_error);
  for (guint i = 0; i < 4; i++)
    pn_library_mark_read (library, pn_test_nth_story (library, source, i), TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (_pn_library_get_n_dirty (library), ==, 1);

  while (save_error == (GError *) 0x1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (save_error);
  g_assert_cmpuint (_pn_library_get_n_dirty (library), ==, 0);

  again = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL | PN_LIBRARY_LOAD_READ_ONLY);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_unread_stories (again)), ==, 0);

  g_clear_object (&library);
  pn_test_dir_remove (dir);
}

static void
test_retention (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 1, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) stories = NULL;
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GDateTime) long_ago = g_date_time_add_days (now, -200);
  PnSource *source = pn_test_nth_source (library, 0);
  PnCollection *collection;
  guint n_new;

  pn_library_set_max_stories (library, 3);
  stories = pn_test_make_stories (source, 6, 50, now);
  g_assert_true (pn_library_merge_stories (library, source, stories, &n_new, &error));
  g_assert_cmpuint (n_new, ==, 6);
  /* Beyond the cap of 3, only what is saved or collected stays. */
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_source_stories (library, source)), ==, 3);

  stories = (g_ptr_array_unref (stories), pn_test_make_stories (source, 6, 50, now));
  collection = pn_library_create_collection (library, "Keep", &error);
  pn_library_set_max_stories (library, 10);
  g_assert_true (pn_library_merge_stories (library, source, stories, &n_new, &error));
  g_assert_cmpuint (n_new, ==, 3);
  g_assert_true (pn_library_save_story (library, g_ptr_array_index (stories, 4), &error));
  g_assert_true (pn_library_add_to_collection (library, collection, g_ptr_array_index (stories, 5),
                                               G_MAXUINT, &error));
  pn_library_set_max_stories (library, 3);
  g_assert_cmpuint (pn_library_apply_retention (library, NULL, now), ==, 1);
  g_assert_null (pn_library_lookup_story (library, pn_story_get_id (g_ptr_array_index (stories, 3))));
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_source_stories (library, source)), ==, 5);

  /* Age counts from when a story reached the library: one fetched longer
   * ago than the retention period goes (saved stays), while an old item
   * seen for the first time now stays, so it is not dropped and fetched
   * again as new at every refresh.
   */
  old = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *guid = g_strdup_printf ("old-%u", i);
      g_autofree char *id = pn_story_make_id (pn_source_get_id (source), guid, NULL, NULL, NULL);
      PnStory *story = pn_story_new (id, pn_source_get_id (source));

      pn_story_set_guid (story, guid);
      pn_story_set_title (story, guid);
      pn_story_set_published (story, long_ago);
      g_ptr_array_add (old, story);
    }
  pn_story_set_fetched_at (g_ptr_array_index (old, 0), long_ago);
  pn_library_set_max_stories (library, 100);
  g_assert_true (pn_library_merge_stories (library, source, old, &n_new, &error));
  g_assert_null (pn_library_lookup_story (library, pn_story_get_id (g_ptr_array_index (old, 0))));
  g_assert_nonnull (pn_library_lookup_story (library, pn_story_get_id (g_ptr_array_index (old, 1))));
  g_assert_nonnull (pn_library_lookup_story (library, pn_story_get_id (g_ptr_array_index (stories, 4))));
  g_assert_no_error (error);

  flush (library);
  g_clear_object (&library);
  pn_test_dir_remove (dir);
}

/* A changed saved story: the saved copy follows, annotations re-anchor or
 * detach, read state stays.
 */
static void
test_merge_reanchors (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 1, 0, 0);
  g_autoptr(PnLibrary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  PnSource *source = pn_test_nth_source (library, 0);
  PnStory *story, *fresh;
  PnAnnotation *kept, *lost;
  g_autofree char *kept_id = NULL;
  gint64 start, end;
  guint n_new;

  first = pn_test_make_stories (source, 1, 0, now);
  story = g_ptr_array_index (first, 0);
  pn_story_set_content (story, "<p>The mayor opened the bridge.</p><p>Crowds cheered loudly.</p>");
  g_assert_true (pn_library_merge_stories (library, source, first, &n_new, &error));
  g_assert_true (pn_library_mark_read (library, story, TRUE, &error));

  g_assert_true (pn_anchor_find_quote ("The mayor opened the bridge.\n\nCrowds cheered loudly.",
                                       "opened the bridge", 1, &start, &end));
  kept = pn_library_add_annotation (library, story, start, end, NULL, &error);
  kept_id = g_strdup (pn_annotation_get_id (kept));
  g_assert_true (pn_anchor_find_quote ("The mayor opened the bridge.\n\nCrowds cheered loudly.",
                                       "cheered loudly", 1, &start, &end));
  lost = pn_library_add_annotation (library, story, start, end, "gone soon", &error);
  g_assert_no_error (error);

  second = pn_test_make_stories (source, 1, 0, now);
  fresh = g_ptr_array_index (second, 0);
  pn_story_set_content (fresh, "<p>Update: after years of work, the mayor opened the bridge.</p>");
  g_assert_true (pn_library_merge_stories (library, source, second, &n_new, &error));
  g_assert_cmpuint (n_new, ==, 0);
  g_assert_true (pn_library_lookup_story (library, pn_story_get_id (fresh)) == story);
  g_assert_true (pn_story_get_read (story));
  g_assert_true (pn_story_get_saved (story));
  g_assert_cmpint (pn_annotation_get_start (kept), ==, 39);
  g_assert_false (pn_annotation_get_detached (kept));
  g_assert_true (pn_annotation_get_detached (lost));

  flush (library);
  g_clear_object (&library);
  again = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL);
  kept = pn_library_lookup_annotation (again, kept_id);
  g_assert_cmpint (pn_annotation_get_start (kept), ==, 39);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_annotations (again)), ==, 2);
  g_clear_object (&again);
  pn_test_dir_remove (dir);
}

static void
test_mark_all_read (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 2, 4, 50);
  g_autoptr(GError) error = NULL;
  PnSource *first = pn_test_nth_source (library, 0);
  PnSource *second = pn_test_nth_source (library, 1);

  g_assert_true (pn_library_mark_all_read (library, first, &error));
  g_assert_cmpuint (pn_source_get_unread_count (first), ==, 0);
  g_assert_cmpuint (pn_source_get_unread_count (second), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_unread_stories (library)), ==, 4);
  g_assert_true (pn_library_mark_all_read (library, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_unread_stories (library)), ==, 0);
  g_assert_true (pn_library_remove_source (library, first, &error));
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_stories (library)), ==, 4);
  flush (library);
  g_clear_object (&library);
  pn_test_dir_remove (dir);
}

/* Faults: damaged files of every kind */

typedef enum { FILE_SOURCES, FILE_LIBRARY, FILE_STORIES, FILE_SAVED } FileKind;

typedef struct
{
  const char *name;
  FileKind    kind;
  const char *contents;
  gssize      length;
} CorruptCase;

#define BINARY "\x00\x01\xff\xfe{\"version\":1\x00\x9c"

static const CorruptCase corrupt_cases[] = {
  { "sources/truncated", FILE_SOURCES, "{\"version\": 1, \"sources\": [{\"id\": \"ab", -1 },
  { "sources/empty", FILE_SOURCES, "", 0 },
  { "sources/binary", FILE_SOURCES, BINARY, sizeof BINARY - 1 },
  { "sources/not-object", FILE_SOURCES, "[1, 2, 3]", -1 },
  { "sources/wrong-type", FILE_SOURCES, "{\"version\": 1, \"sources\": [{\"id\": \"x\", \"url\": 7}]}", -1 },
  { "sources/no-version", FILE_SOURCES, "{\"sources\": []}", -1 },
  { "library/truncated", FILE_LIBRARY, "{\"version\": 1, \"collections\": [", -1 },
  { "library/empty", FILE_LIBRARY, "", 0 },
  { "library/binary", FILE_LIBRARY, BINARY, sizeof BINARY - 1 },
  { "library/not-object", FILE_LIBRARY, "\"text\"", -1 },
  { "library/wrong-type", FILE_LIBRARY, "{\"version\": 1, \"collections\": {\"a\": 1}}", -1 },
  { "stories/truncated", FILE_STORIES, "{\"version\": 1, \"stories\": [{\"id\": \"x\", \"ti", -1 },
  { "stories/empty", FILE_STORIES, "", 0 },
  { "stories/binary", FILE_STORIES, BINARY, sizeof BINARY - 1 },
  { "stories/not-object", FILE_STORIES, "null", -1 },
  { "stories/wrong-type", FILE_STORIES,
    "{\"version\": 1, \"stories\": [{\"id\": \"x\", \"source-id\": \"s\", \"read\": \"yes\"}]}", -1 },
  { "saved/truncated", FILE_SAVED, "{\"version\": 1, \"story\": {\"id\"", -1 },
  { "saved/empty", FILE_SAVED, "", 0 },
  { "saved/binary", FILE_SAVED, BINARY, sizeof BINARY - 1 },
  { "saved/not-object", FILE_SAVED, "42", -1 },
  { "saved/wrong-type", FILE_SAVED,
    "{\"version\": 1, \"story\": {\"id\": \"x\", \"source-id\": \"s\"}, \"annotations\": [{\"id\": 5}]}", -1 },
};

static char *
count_corrupt (const char *dir,
               const char *relative)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".corrupt-", NULL);
  g_autoptr(GDir) d = g_dir_open (folder, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_has_prefix (name, prefix))
        return g_build_filename (folder, name, NULL);
    }
  return NULL;
}

static void
test_corrupt (gconstpointer data)
{
  const CorruptCase *c = data;
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 2, 3, 100);
  g_autoptr(PnLibrary) again = NULL;
  g_autoptr(GError) error = NULL;
  PnSource *source = pn_test_nth_source (library, 1);
  PnStory *story = pn_test_nth_story (library, source, 0);
  g_autofree char *story_id = g_strdup (pn_story_get_id (story));
  g_autofree char *source_id = g_strdup (pn_source_get_id (source));
  g_autofree char *relative = NULL;
  g_autofree char *corrupt = NULL;
  g_autofree char *corrupt_contents = NULL;
  gsize corrupt_length;
  GPtrArray *problems;
  PnCollection *collection;

  /* State A (kept as the backups): saved, annotated, collected. */
  collection = pn_library_create_collection (library, "A", &error);
  pn_library_add_to_collection (library, collection, story, 0, &error);
  pn_library_add_annotation (library, story, -1, -1, "note A", &error);
  pn_library_mark_read (library, story, TRUE, &error);
  g_assert_no_error (error);
  flush (library);
  /* State B touches every file, so each one has a .bak holding A. */
  pn_library_rename_source (library, source, "B", &error);
  pn_library_rename_collection (library, collection, "B", &error);
  pn_library_add_annotation (library, story, -1, -1, "note B", &error);
  pn_library_mark_read (library, story, FALSE, &error);
  g_assert_no_error (error);
  flush (library);
  g_clear_object (&library);

  switch (c->kind)
    {
    case FILE_SOURCES: relative = g_strdup ("sources.json"); break;
    case FILE_LIBRARY: relative = g_strdup ("library.json"); break;
    case FILE_STORIES: relative = g_strdup_printf ("stories/%s.json", source_id); break;
    case FILE_SAVED: relative = g_strdup_printf ("saved/%s.json", story_id); break;
    default: g_assert_not_reached ();
    }
  pn_test_write_file (dir, relative, c->contents, c->length);

  again = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL);
  problems = pn_library_get_problems (again);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_error ((GError *) g_ptr_array_index (problems, 0), PN_ERROR, PN_ERROR_CORRUPT);
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (problems, 0))->message, "backup"));

  /* The damaged file is kept aside, byte for byte. */
  corrupt = count_corrupt (dir, relative);
  g_assert_nonnull (corrupt);
  g_file_get_contents (corrupt, &corrupt_contents, &corrupt_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (corrupt_contents, corrupt_length, c->contents,
                   c->length < 0 ? strlen (c->contents) : (gsize) c->length);

  /* Everything the backup had is there; the rest is state B. */
  story = pn_library_lookup_story (again, story_id);
  g_assert_nonnull (story);
  source = pn_library_lookup_source (again, source_id);
  g_assert_cmpstr (pn_source_get_title (source), ==, c->kind == FILE_SOURCES ? "Source 1" : "B");
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_story_annotations (again, story)), ==,
                    c->kind == FILE_SAVED ? 1 : 2);
  g_assert_nonnull (pn_library_lookup_collection_by_name (again, c->kind == FILE_LIBRARY ? "A" : "B"));
  g_assert_true (pn_story_get_saved (story));
  if (c->kind == FILE_STORIES || c->kind == FILE_SAVED)
    g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_stories (again)), ==, 6);

  /* The recovered file is written back from what was loaded. */
  flush (again);
  g_clear_object (&again);
  again = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL);
  g_assert_cmpuint (pn_library_get_problems (again)->len, ==, 0);

  g_clear_object (&again);
  pn_test_dir_remove (dir);
}

static void
test_newer_version (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 1, 2, 50);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *newer = NULL;
  PnStory *story;

  flush (library);
  g_clear_object (&library);

  before = pn_test_read_file (dir, "library.json");
  newer = g_strdup ("{\"version\": 2, \"collections\": [], \"saved\": [], \"shelves\": [1, 2]}");
  pn_test_write_file (dir, "library.json", newer, -1);

  library = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL);
  g_assert_true (pn_library_get_read_only (library));
  g_assert_nonnull (strstr (pn_library_get_read_only_reason (library), "newer version"));
  g_assert_cmpuint (pn_library_get_problems (library)->len, ==, 1);
  g_assert_error ((GError *) g_ptr_array_index (pn_library_get_problems (library), 0), PN_ERROR, PN_ERROR_READ_ONLY);

  story = pn_test_nth_story (library, pn_test_nth_source (library, 0), 0);
  g_assert_false (pn_library_save_story (library, story, &error));
  g_assert_error (error, PN_ERROR, PN_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_clear_error (&error);
  g_assert_false (pn_library_mark_read (library, story, TRUE, &error));
  g_assert_error (error, PN_ERROR, PN_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_null (pn_library_create_collection (library, "x", &error));
  g_assert_error (error, PN_ERROR, PN_ERROR_READ_ONLY);
  flush (library);
  g_clear_object (&library);

  after = pn_test_read_file (dir, "library.json");
  g_assert_cmpstr (after, ==, newer);
  pn_test_dir_remove (dir);
}

/* Members this version does not know survive a load and save untouched. */
static void
test_unknown_fields (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 1, 1, 50);
  g_autoptr(GError) error = NULL;
  g_autofree char *source_id = g_strdup (pn_source_get_id (pn_test_nth_source (library, 0)));
  g_autofree char *story_id = g_strdup (pn_story_get_id (pn_test_nth_story (library, pn_test_nth_source (library, 0), 0)));
  g_autofree char *stories_relative = g_strdup_printf ("stories/%s.json", source_id);
  g_autofree char *sources = NULL;
  g_autofree char *stories = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pattern = NULL;

  flush (library);
  g_clear_object (&library);

  sources = g_strdup_printf ("{\"version\": 1, \"x-top\": {\"keep\": [1, 2]}, \"sources\": ["
                             "{\"id\": \"%s\", \"url\": \"https://example.org/feed/0.xml\","
                             " \"x-source\": \"mine\"}]}", source_id);
  pn_test_write_file (dir, "sources.json", sources, -1);
  stories = g_strdup_printf ("{\"version\": 1, \"x-file\": true, \"stories\": ["
                             "{\"id\": \"%s\", \"source-id\": \"%s\", \"title\": \"T\","
                             " \"x-story\": {\"rating\": 5}}]}", story_id, source_id);
  pn_test_write_file (dir, stories_relative, stories, -1);

  library = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL);
  g_assert_cmpuint (pn_library_get_problems (library)->len, ==, 0);
  pn_library_rename_source (library, pn_test_nth_source (library, 0), "New", &error);
  pn_library_mark_read (library, pn_library_lookup_story (library, story_id), TRUE, &error);
  pn_library_add_annotation (library, pn_library_lookup_story (library, story_id), -1, -1, "n", &error);
  g_assert_no_error (error);
  flush (library);
  g_clear_object (&library);

  text = pn_test_read_file (dir, "sources.json");
  g_assert_true (g_regex_match_simple ("\"x-top\" : \\{\\s*\"keep\" : \\[\\s*1,\\s*2\\s*\\]", text, 0, 0));
  g_assert_nonnull (strstr (text, "\"x-source\" : \"mine\""));
  g_assert_nonnull (strstr (text, "\"title\" : \"New\""));
  g_free (text);
  text = pn_test_read_file (dir, stories_relative);
  g_assert_nonnull (strstr (text, "\"x-file\" : true"));
  g_assert_true (g_regex_match_simple ("\"x-story\" : \\{\\s*\"rating\" : 5", text, 0, 0));
  g_assert_nonnull (strstr (text, "\"read\" : true"));
  pn_test_dir_remove (dir);
}

static void
test_lock (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) writer = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL);
  g_autoptr(PnLibrary) second = pn_library_new (dir);
  g_autoptr(PnLibrary) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("(pid %ld)", (long) getpid ());

  g_assert_false (pn_library_load (second, PN_LIBRARY_LOAD_ALL, &error));
  g_assert_error (error, PN_ERROR, PN_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "in use by another Prime News"));
  g_assert_nonnull (strstr (error->message, expected));

  reader = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL | PN_LIBRARY_LOAD_READ_ONLY);
  g_assert_true (pn_library_get_read_only (reader));

  /* Released with its owner. */
  g_clear_object (&writer);
  g_clear_object (&second);
  second = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL);
  g_clear_object (&second);
  g_clear_object (&reader);
  pn_test_dir_remove (dir);
}

typedef struct
{
  gboolean  done;
  gboolean  loaded;
  GError   *error;
} AsyncLoad;

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncLoad *load = user_data;

  load->loaded = pn_library_load_finish (PN_LIBRARY (object), result, &load->error);
  load->done = TRUE;
}

/* Loads @library with pn_library_load_async(), the main loop running. */
static void
load_async (PnLibrary *library,
            AsyncLoad *load)
{
  pn_library_load_async (library, PN_LIBRARY_LOAD_ALL, NULL, load_done_cb, load);
  while (!load->done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_async_load (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 3, 5, 300);
  g_autoptr(PnLibrary) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source_id = g_strdup (pn_source_get_id (pn_test_nth_source (library, 2)));
  g_autofree char *relative = g_strdup_printf ("stories/%s.json", source_id);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  AsyncLoad load = { 0 }, second_load = { 0 };
  gboolean timed_out = FALSE;
  guint timeout;

  /* Written twice, so that the stories file has a backup. */
  flush (library);
  g_assert_true (pn_library_mark_read (library, pn_test_nth_story (library, pn_test_nth_source (library, 2), 0),
                                       TRUE, &error));
  flush (library);
  g_clear_object (&library);
  pn_test_write_file (dir, relative, "{ \"version\" : 1, \"stories\" : [", -1);

  library = pn_library_new (dir);
  load_async (library, &load);
  g_assert_no_error (load.error);
  g_assert_true (load.loaded);
  g_assert_cmpuint (g_list_model_get_n_items (pn_library_get_all_stories (library)), ==, 15);
  g_assert_cmpuint (pn_library_get_problems (library)->len, ==, 1);
  g_assert_error ((GError *) g_ptr_array_index (pn_library_get_problems (library), 0),
                  PN_ERROR, PN_ERROR_CORRUPT);

  /* The damaged file was moved aside; the one recovered from its backup
   * is written back once the load is over, by the coalesced save on the
   * main loop.
   */
  path = g_build_filename (dir, relative, NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (!timed_out && !g_file_test (path, G_FILE_TEST_EXISTS))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  contents = pn_test_read_file (dir, relative);
  g_assert_nonnull (strstr (contents, pn_story_get_id (pn_test_nth_story (library, pn_test_nth_source (library, 2), 4))));

  /* A second writer is refused through the callback too. */
  second = pn_library_new (dir);
  load_async (second, &second_load);
  g_assert_error (second_load.error, PN_ERROR, PN_ERROR_LOCKED);
  g_assert_false (second_load.loaded);
  g_clear_error (&second_load.error);

  g_clear_object (&library);
  g_clear_object (&second);
  pn_test_dir_remove (dir);
}

static void
test_write_failure (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 1, 2, 50);
  g_autoptr(PnLibrary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *during = NULL;
  PnStory *story = pn_test_nth_story (library, pn_test_nth_source (library, 0), 0);
  g_autofree char *story_id = g_strdup (pn_story_get_id (story));

  flush (library);
  before = pn_test_read_file (dir, "library.json");

  _pn_library_set_write_errno (ENOSPC);
  g_assert_true (pn_library_save_story (library, story, &error));
  g_assert_false (pn_library_flush (library, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_nonnull (strstr (error->message, "No space left"));
  g_clear_error (&error);
  /* Nothing on disk changed, and the change is still in memory. */
  during = pn_test_read_file (dir, "library.json");
  g_assert_cmpstr (during, ==, before);
  g_assert_true (pn_story_get_saved (story));

  /* The next save retries. */
  _pn_library_set_write_errno (0);
  flush (library);
  g_clear_object (&library);
  again = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL);
  g_assert_true (pn_story_get_saved (pn_library_lookup_story (again, story_id)));
  g_clear_object (&again);
  pn_test_dir_remove (dir);
}

static void
chmod_tree (const char *path,
            int         dir_mode,
            int         file_mode)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        chmod_tree (child, dir_mode, file_mode);
      else
        g_assert_cmpint (g_chmod (child, file_mode), ==, 0);
    }
  g_assert_cmpint (g_chmod (path, dir_mode), ==, 0);
}

/* As root, permissions do not stop writes: the child drops to "nobody". */
static void
test_read_only_dir (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autofree char *lock = g_build_filename (dir, "lock", NULL);
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 1, 2, 50);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  flush (library);
  g_clear_object (&library);
  before = pn_test_read_file (dir, "library.json");

  chmod_tree (dir, 0555, 0444);
  g_assert_cmpint (g_chmod (lock, 0666), ==, 0);

  g_setenv ("PN_TEST_DATA_DIR", dir, TRUE);
  g_test_trap_subprocess ("/store/faults/read-only-dir/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Permission denied*");

  after = pn_test_read_file (dir, "library.json");
  g_assert_cmpstr (after, ==, before);
  chmod_tree (dir, 0700, 0600);
  pn_test_dir_remove (dir);
}

static void
test_read_only_dir_subprocess (void)
{
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  PnStory *story;

  if (getuid () == 0)
    g_assert_cmpint (setuid (65534), ==, 0);
  library = pn_test_open_library (g_getenv ("PN_TEST_DATA_DIR"), PN_LIBRARY_LOAD_ALL);
  story = pn_test_nth_story (library, pn_test_nth_source (library, 0), 0);
  g_assert_true (pn_library_save_story (library, story, &error));
  g_assert_false (pn_library_flush (library, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  g_printerr ("%s\n", error->message);
}

/* id → the "summary", "content" and "full-content" members of each story
 * of a stories file, as JSON text: what must survive byte for byte.
 */
static GHashTable *
read_bodies (const char *dir,
             const char *relative)
{
  g_autofree char *contents = pn_test_read_file (dir, relative);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GHashTable *bodies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *array;

  json_parser_load_from_data (parser, contents, -1, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "stories");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *story = json_array_get_object_element (array, i);
      g_autoptr(JsonObject) subset = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      const char *names[] = { "summary", "content", "full-content" };

      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        {
          if (json_object_has_member (story, names[n]))
            json_object_set_member (subset, names[n],
                                    json_node_copy (json_object_get_member (story, names[n])));
        }
      json_node_set_object (node, subset);
      g_hash_table_insert (bodies, g_strdup (json_object_get_string_member (story, "id")),
                           json_to_string (node, FALSE));
    }
  return bodies;
}

static void
assert_same_bodies (GHashTable *expected,
                    GHashTable *actual,
                    const char *except_id)
{
  GHashTableIter iter;
  const char *id, *body;

  g_assert_cmpuint (g_hash_table_size (actual), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &body))
    {
      if (g_strcmp0 (id, except_id) != 0)
        g_assert_cmpstr (g_hash_table_lookup (actual, id), ==, body);
    }
}

static gboolean
all_deferred (PnLibrary *library,
              PnSource  *source)
{
  GListModel *model = pn_library_get_source_stories (library, source);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (model, i);

      if (!pn_story_get_body_deferred (story))
        return FALSE;
    }
  return TRUE;
}

/* A cold load leaves the bodies in the stories files: they come back on
 * demand, a save of a source never read keeps them, and a merge compares
 * against them.
 */
static void
test_deferred_bodies (void)
{
  g_autofree char *dir = pn_test_dir_new ("pn-store");
  g_autoptr(PnLibrary) library = pn_test_populate (dir, 2, 4, 3000);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PnDocument) expected_document = NULL;
  g_autoptr(PnDocument) document = NULL;
  g_autofree char *long_summary = NULL;
  g_autofree char *stories0 = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *story_id = NULL;
  g_autofree char *saved_id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *changed_id = NULL;
  g_autofree char *expected_content = NULL;
  PnSource *source0 = pn_test_nth_source (library, 0);
  PnSource *source1 = pn_test_nth_source (library, 1);
  PnStory *story;
  guint n_new;

  /* Every body field, one summary longer than a preview. */
  long_summary = g_strnfill (PN_STORY_PREVIEW_BYTES * 2, 'x');
  story = pn_test_nth_story (library, source0, 0);
  pn_story_set_summary (story, long_summary);
  g_assert_true (pn_library_set_full_content (library, story, "<p>Reader mode é</p>", &error));
  g_assert_true (pn_library_mark_read (library, story, FALSE, &error));
  story_id = g_strdup (pn_story_get_id (story));
  story = pn_test_nth_story (library, source0, 1);
  g_assert_true (pn_library_save_story (library, story, &error));
  saved_id = g_strdup (pn_story_get_id (story));
  other_id = g_strdup (pn_story_get_id (pn_test_nth_story (library, source0, 2)));
  changed_id = g_strdup (pn_story_get_id (pn_test_nth_story (library, source0, 3)));
  expected_content = g_strdup (pn_story_get_content (pn_test_nth_story (library, source0, 2)));
  g_assert_no_error (error);
  stories0 = g_strdup_printf ("stories/%s.json", pn_source_get_id (source0));
  flush (library);
  g_clear_object (&library);

  saved = g_strdup_printf ("saved/%s.json", saved_id);
  before = read_bodies (dir, stories0);
  g_assert_cmpuint (g_hash_table_size (before), ==, 4);

  /* Loaded: only previews, and the body on demand. */
  library = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL);
  source0 = pn_test_nth_source (library, 0);
  source1 = pn_test_nth_source (library, 1);
  g_assert_true (all_deferred (library, source0));
  story = pn_library_lookup_story (library, story_id);
  g_assert_cmpuint (strlen (pn_story_get_preview (story)), ==, PN_STORY_PREVIEW_BYTES);
  g_assert_true (g_str_has_prefix (long_summary, pn_story_get_preview (story)));
  story = pn_library_lookup_story (library, other_id);
  g_assert_true (g_str_has_prefix (expected_content, pn_story_get_preview (story)));
  g_assert_true (pn_library_ensure_story_body (library, story, &error));
  g_assert_no_error (error);
  g_assert_false (pn_story_get_body_deferred (story));
  g_assert_cmpstr (pn_story_get_content (story), ==, expected_content);
  /* Only that story's bodies came back; the others of its file are read
   * on their own when asked for.
   */
  g_assert_true (pn_story_get_body_deferred (pn_library_lookup_story (library, story_id)));
  g_assert_cmpstr (pn_story_get_summary (pn_library_lookup_story (library, story_id)), ==,
                   long_summary);
  g_assert_false (pn_story_get_body_deferred (pn_library_lookup_story (library, story_id)));
  g_assert_cmpstr (pn_story_get_full_content (pn_library_lookup_story (library, story_id)), ==,
                   "<p>Reader mode é</p>");
  g_assert_true (all_deferred (library, source1));
  /* A getter is enough: the document of a deferred story is its text. */
  story = pn_test_nth_story (library, source1, 0);
  document = pn_story_create_document (story);
  g_assert_false (pn_story_get_body_deferred (story));
  expected_document = pn_document_new_from_html (pn_story_get_content (story), -1);
  g_assert_cmpstr (pn_document_get_text (document), ==, pn_document_get_text (expected_document));
  g_assert_nonnull (strstr (pn_document_get_text (document), "Paragraph"));
  g_clear_object (&library);

  /* Saving a source whose bodies were never read keeps them all, and the
   * saved copy of a story in it too.
   */
  library = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL);
  source0 = pn_test_nth_source (library, 0);
  g_assert_true (all_deferred (library, source0));
  g_assert_true (pn_library_mark_read (library, pn_library_lookup_story (library, other_id), TRUE,
                                       &error));
  g_assert_true (pn_library_mark_read (library, pn_library_lookup_story (library, saved_id), TRUE,
                                       &error));
  g_assert_no_error (error);
  g_assert_true (all_deferred (library, source0));
  flush (library);
  g_clear_object (&library);
  after = read_bodies (dir, stories0);
  assert_same_bodies (before, after, NULL);
  {
    g_autofree char *contents = pn_test_read_file (dir, saved);
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *copy;

    json_parser_load_from_data (parser, contents, -1, &error);
    g_assert_no_error (error);
    copy = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "story");
    g_assert_true (json_object_get_boolean_member (copy, "read"));
    g_assert_nonnull (strstr (g_hash_table_lookup (before, saved_id),
                              json_object_get_string_member (copy, "content")));
  }

  /* A merge of a changed story, and of an unchanged one, into a source
   * whose bodies were not read.
   */
  library = pn_test_open_library (dir, PN_LIBRARY_LOAD_ALL);
  source0 = pn_test_nth_source (library, 0);
  g_assert_true (all_deferred (library, source0));
  {
    g_autofree char *contents = pn_test_read_file (dir, stories0);
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *array;

    json_parser_load_from_data (parser, contents, -1, &error);
    g_assert_no_error (error);
    array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "stories");
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        PnStory *copy = pn_store_json_to_story (json_array_get_object_element (array, i), &error);

        g_assert_no_error (error);
        if (strcmp (pn_story_get_id (copy), changed_id) == 0)
          pn_story_set_content (copy, "<p>A corrected body</p>");
        g_ptr_array_add (fresh, copy);
      }
  }
  g_assert_true (pn_library_merge_stories (library, source0, fresh, &n_new, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_new, ==, 0);
  g_assert_cmpstr (pn_story_get_content (pn_library_lookup_story (library, changed_id)), ==,
                   "<p>A corrected body</p>");
  g_assert_cmpstr (pn_story_get_content (pn_library_lookup_story (library, other_id)), ==,
                   expected_content);
  flush (library);
  g_clear_object (&library);
  g_clear_pointer (&after, g_hash_table_unref);
  after = read_bodies (dir, stories0);
  assert_same_bodies (before, after, changed_id);
  g_assert_nonnull (strstr (g_hash_table_lookup (after, changed_id), "A corrected body"));

  pn_test_dir_remove (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/round-trip", test_round_trip);
  g_test_add_func ("/store/only-changed-files", test_only_changed_files);
  g_test_add_func ("/store/background-save", test_background_save);
  g_test_add_func ("/store/retention", test_retention);
  g_test_add_func ("/store/merge-reanchors", test_merge_reanchors);
  g_test_add_func ("/store/mark-all-read", test_mark_all_read);
  g_test_add_func ("/store/deferred-bodies", test_deferred_bodies);
  for (guint i = 0; i < G_N_ELEMENTS (corrupt_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/store/faults/corrupt/%s", corrupt_cases[i].name);
      g_test_add_data_func (path, &corrupt_cases[i], test_corrupt);
    }
  g_test_add_func ("/store/faults/newer-version", test_newer_version);
  g_test_add_func ("/store/faults/unknown-fields", test_unknown_fields);
  g_test_add_func ("/store/faults/lock", test_lock);
  g_test_add_func ("/store/async-load", test_async_load);
  g_test_add_func ("/store/faults/write-failure", test_write_failure);
  g_test_add_func ("/store/faults/read-only-dir", test_read_only_dir);
  g_test_add_func ("/store/faults/read-only-dir/subprocess", test_read_only_dir_subprocess);

  return g_test_run ();
}
