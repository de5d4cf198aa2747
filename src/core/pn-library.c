/* pn-library.c — the user's library and its JSON store
 *
 * Layout of the data dir (documented in the README):
 *   sources.json          subscriptions and their fetch state
 *   stories/SOURCE.json   the cached stories of one source, with read state
 *   saved/STORY.json      one saved story: a full copy and its annotations
 *   library.json          collections and the index of saved stories
 *   lock                  flock'ed by the one process that may write
 *
 * Changes mark the files they touch as dirty and schedule one save about a
 * second later; the save takes an immutable snapshot of the dirty files on
 * the main thread (JSON trees, and library.json as text) and serializes and
 * writes it in a worker thread. pn_library_flush() writes synchronously,
 * building each stories file's tree just before it writes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-library"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "pn-anchor.h"
#include "pn-annotation.h"
#include "pn-collection.h"
#include "pn-error.h"
#include "pn-library-list.h"
#include "pn-library-private.h"
#include "pn-opml.h"
#include "pn-source.h"
#include "pn-store-file.h"
#include "pn-store-json.h"
#include "pn-store-parse.h"
#include "pn-store-read.h"
#include "pn-store-write.h"
#include "pn-story.h"
#include "pn-story-text.h"
#include "pn-util.h"

#define SAVE_DELAY_MS 1000
/* Story files per background save: its JSON trees are built on the main
 * thread and held until written, so a refresh that dirtied 200 files must
 * not snapshot them all at once (a UI stall, and tens of MB). */
#define SAVE_BATCH_FILES 8

#define SOURCES_FILE "sources.json"
#define LIBRARY_FILE "library.json"

static const char * const sources_file_fields[] = { "version", "sources", NULL };
static const char * const library_file_fields[] = { "version", "collections", "saved", NULL };
static const char * const stories_file_fields[] = { "version", "source-id", "stories", NULL };
static const char * const saved_file_fields[] = { "version", "story", "saved-at", "annotations", NULL };

typedef struct _DeferredBodies DeferredBodies;

/* A story whose bodies are still in its file: where they are, when known. */
typedef struct
{
  DeferredBodies   *file;
  PnStoreBodySpans  spans;
} BodyRef;

typedef struct
{
  PnStory    *story;
  /* Part of its source's stories/SOURCE.json. */
  gboolean    cached;
  /* Saved when non-NULL. */
  GDateTime  *saved_at;
  /* saved/STORY.json was read (or written by us): only then may it be
   * rewritten, or the annotations it holds would be lost.
   */
  gboolean    saved_loaded;
  JsonObject *saved_original;
  PnLibraryList *annotations;
} StoryEntry;

/* The stories of one file (stories/SOURCE.json or saved/STORY.json) loaded
 * without their bodies (see pn_story_new_from_fields()): the file on disk still
 * holds them. A body is read back from its place in the file the first time
 * it is needed, all of them before the file is rewritten; when the file is
 * no longer the version that was loaded (@stamp), or its places are not
 * known, the file is parsed again and the bodies found by story id.
 */
struct _DeferredBodies
{
  PnLibrary        *library;
  char             *relative_path;
  PnStoreFileStamp  stamp;
  gboolean          has_spans;
  GPtrArray        *stories;
  /* One per story, in the same order; never moved once given out. */
  BodyRef          *refs;
  guint             n_deferred;
};

struct _PnLibrary
{
  GObject     parent_instance;

  char       *data_dir;
  gboolean    loaded;
  gboolean    read_only;
  gboolean    newer_version;
  char       *read_only_reason;
  int         lock_fd;
  guint       retention_days;
  guint       max_stories;
  GPtrArray  *problems;

  /* Owned references */
  GListStore *sources;
  GListStore *collections;
  PnLibraryList *all_stories;
  PnLibraryList *unread_stories;
  PnLibraryList *saved_stories;
  PnLibraryList *all_annotations;
  GHashTable *entries;             /* story id → StoryEntry */
  GHashTable *source_models;       /* source id → PnLibraryList of PnStory */
  GHashTable *collection_models;   /* collection id → PnLibraryList of PnStory */
  GHashTable *saved_index;         /* story id → PnStoreSavedInfo */
  GHashTable *loaded_stories_files; /* source id → original JsonObject (or a dummy) */
  /* During a load, the entries made after the stories were sorted. */
  GPtrArray  *new_entries;
  GHashTable *deferred_bodies;     /* relative path → DeferredBodies */

  /* Borrowed references (owned by the stores above) */
  GHashTable *sources_by_id;
  GHashTable *annotations_by_id;

  JsonObject *sources_original;
  JsonObject *library_original;

  GHashTable *dirty;               /* relative path → unused */
  guint       save_timeout_id;
  GCancellable *cancellable;

  /* Shared with the writer thread, under write_mutex */
  GMutex      write_mutex;
  GCond       write_cond;
  gboolean    write_in_flight;
  /* The last background save took only a batch of the dirty files. */
  gboolean    save_partial;
  GHashTable *failed;              /* relative paths whose last write failed */
};

G_DEFINE_FINAL_TYPE (PnLibrary, pn_library, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_READ_ONLY,
  PROP_RETENTION_DAYS,
  PROP_MAX_STORIES,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers: entries and models */

static void
story_entry_free (StoryEntry *entry)
{
  g_clear_object (&entry->story);
  g_clear_pointer (&entry->saved_at, g_date_time_unref);
  g_clear_pointer (&entry->saved_original, json_object_unref);
  g_clear_object (&entry->annotations);
  g_free (entry);
}

/* A story whose bodies were never read keeps none when the library goes. */
static void
deferred_bodies_free (DeferredBodies *deferred)
{
  for (guint i = 0; i < deferred->stories->len; i++)
    pn_story_set_body_loader (g_ptr_array_index (deferred->stories, i), NULL, NULL);
  g_ptr_array_unref (deferred->stories);
  g_free (deferred->refs);
  g_free (deferred->relative_path);
  g_free (deferred);
}

/* @date in microseconds, for sorting: no date is the smallest key. */
static gint64
date_key (GDateTime *date)
{
  if (date == NULL)
    return G_MININT64;
  return g_date_time_to_unix (date) * G_USEC_PER_SEC + g_date_time_get_microsecond (date);
}

/* Newest first; stories without any date last; the id keeps it total.
 * compare_sort_items() gives the same order, faster, for whole lists.
 */
static int
compare_stories (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  gint64 key_a = date_key (pn_story_get_sort_date ((PnStory *) a));
  gint64 key_b = date_key (pn_story_get_sort_date ((PnStory *) b));

  if (key_a != key_b)
    return key_a > key_b ? -1 : 1;
  return strcmp (pn_story_get_id ((PnStory *) a), pn_story_get_id ((PnStory *) b));
}

/* Notes on the whole story first, then highlights in text order. */
static int
compare_annotations (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  PnAnnotation *aa = (PnAnnotation *) a;
  PnAnnotation *ab = (PnAnnotation *) b;
  gint64 sa = pn_annotation_get_start (aa);
  gint64 sb = pn_annotation_get_start (ab);
  int cmp;

  if (sa != sb)
    return sa < sb ? -1 : 1;
  cmp = g_date_time_compare (pn_annotation_get_created (aa), pn_annotation_get_created (ab));
  if (cmp != 0)
    return cmp;
  return strcmp (pn_annotation_get_id (aa), pn_annotation_get_id (ab));
}

static gboolean
store_remove_item (PnLibraryList *store,
                   gpointer       item)
{
  guint position;

  if (!pn_library_list_find (store, item, &position))
    return FALSE;
  pn_library_list_remove (store, position);
  return TRUE;
}

static PnLibraryList *
ensure_source_model (PnLibrary  *self,
                     const char *source_id)
{
  PnLibraryList *model = g_hash_table_lookup (self->source_models, source_id);

  if (model == NULL)
    {
      model = pn_library_list_new (PN_TYPE_STORY);
      g_hash_table_insert (self->source_models, g_strdup (source_id), model);
    }
  return model;
}

static PnLibraryList *
entry_get_annotations (StoryEntry *entry)
{
  if (entry->annotations == NULL)
    entry->annotations = pn_library_list_new (PN_TYPE_ANNOTATION);
  return entry->annotations;
}

static StoryEntry *
lookup_entry (PnLibrary *self,
              PnStory   *story)
{
  return g_hash_table_lookup (self->entries, pn_story_get_id (story));
}

static gboolean
is_in_a_collection (PnLibrary  *self,
                    const char *story_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->collections));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnCollection) collection = g_list_model_get_item (G_LIST_MODEL (self->collections), i);

      if (pn_collection_find_story (collection, story_id, NULL))
        return TRUE;
    }
  return FALSE;
}

static void
adjust_unread (PnLibrary  *self,
               const char *source_id,
               int         delta)
{
  PnSource *source = g_hash_table_lookup (self->sources_by_id, source_id);
  guint count;

  if (source == NULL)
    return;
  count = pn_source_get_unread_count (source);
  if (delta < 0 && count < (guint) -delta)
    count = 0;
  else
    count += delta;
  pn_source_set_unread_count (source, count);
}

static void
rebuild_collection_model (PnLibrary    *self,
                          PnCollection *collection)
{
  PnLibraryList *model = g_hash_table_lookup (self->collection_models,
                                              pn_collection_get_id (collection));
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  if (model == NULL)
    return;

  n = pn_collection_get_n_stories (collection);
  items = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      StoryEntry *entry = g_hash_table_lookup (self->entries,
                                               pn_collection_get_story_id (collection, i));

      if (entry != NULL)
        g_ptr_array_add (items, entry->story);
    }
  pn_library_list_splice (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)),
                          items->pdata, items->len);
}

static void
rebuild_all_collection_models (PnLibrary *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->collections));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnCollection) collection = g_list_model_get_item (G_LIST_MODEL (self->collections), i);

      rebuild_collection_model (self, collection);
    }
}

/* Puts a new entry's story into every model it belongs to. */
static void
entry_show (PnLibrary  *self,
            StoryEntry *entry)
{
  PnStory *story = entry->story;
  const char *source_id = pn_story_get_source_id (story);

  pn_library_list_insert_sorted (self->all_stories, story, compare_stories, NULL);
  pn_library_list_insert_sorted (ensure_source_model (self, source_id), story, compare_stories,
                                 NULL);
  if (!pn_story_get_read (story))
    {
      pn_library_list_insert_sorted (self->unread_stories, story, compare_stories, NULL);
      adjust_unread (self, source_id, 1);
    }
  if (entry->saved_at != NULL)
    pn_library_list_insert_sorted (self->saved_stories, story, compare_stories, NULL);
}

/* A story and its sort date, as microseconds (G_MININT64 without a date,
 * which sorts it last), then the first bytes of its id, in the order
 * strcmp() gives them: sorting 50 000 stories by compare_stories() went
 * through their GDateTimes and ids a million times.
 */
typedef struct
{
  gint64      key;
  guint64     id_start;
  StoryEntry *entry;
  /* The stories of its source, in the order of the sort. */
  GPtrArray  *source_items;
} SortItem;

/* Every story of the library in the order of the models. */
typedef struct
{
  GArray     *items;        /* SortItem */
  GHashTable *per_source;   /* source id → GPtrArray of PnStory */
} SortedStories;

static void
sorted_stories_clear (SortedStories *sorted)
{
  g_clear_pointer (&sorted->items, g_array_unref);
  g_clear_pointer (&sorted->per_source, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SortedStories, sorted_stories_clear)

static int
compare_sort_items (gconstpointer a,
                    gconstpointer b)
{
  const SortItem *ia = a;
  const SortItem *ib = b;

  if (ia->key != ib->key)
    return ia->key > ib->key ? -1 : 1;
  if (ia->id_start != ib->id_start)
    return ia->id_start < ib->id_start ? -1 : 1;
  return strcmp (pn_story_get_id (ia->entry->story), pn_story_get_id (ib->entry->story));
}

static void
sort_item_init (SortItem      *item,
                StoryEntry    *entry,
                SortedStories *sorted)
{
  GDateTime *date = pn_story_get_sort_date (entry->story);
  const char *id = pn_story_get_id (entry->story);
  const char *source_id = pn_story_get_source_id (entry->story);

  item->entry = entry;
  item->key = date_key (date);
  /* Big-endian, and zeros after the end: the order of strcmp(). */
  item->id_start = 0;
  for (guint i = 0; i < sizeof item->id_start; i++)
    {
      item->id_start = (item->id_start << 8) | (guchar) *id;
      if (*id != '\0')
        id++;
    }
  item->source_items = g_hash_table_lookup (sorted->per_source, source_id);
  if (item->source_items == NULL)
    {
      item->source_items = g_ptr_array_new ();
      g_hash_table_insert (sorted->per_source, (gpointer) source_id, item->source_items);
    }
}

/* The items come sorted from sorted_stories_add(), which takes their array. */
static void
sorted_stories_init (SortedStories *sorted)
{
  sorted->items = g_array_new (FALSE, FALSE, sizeof (SortItem));
  sorted->per_source = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) g_ptr_array_unref);
}

/* Adds @entries (all of them when NULL), sorted, to @sorted. */
static void
sorted_stories_add (SortedStories *sorted,
                    PnLibrary     *self,
                    GPtrArray     *entries)
{
  g_autoptr(GArray) items = NULL;
  GHashTableIter iter;
  StoryEntry *entry;
  guint n = entries != NULL ? entries->len : g_hash_table_size (self->entries);
  guint i = 0;

  items = g_array_sized_new (FALSE, FALSE, sizeof (SortItem), n);
  g_array_set_size (items, n);
  if (entries != NULL)
    {
      for (; i < n; i++)
        sort_item_init (&g_array_index (items, SortItem, i), g_ptr_array_index (entries, i),
                        sorted);
    }
  else
    {
      g_hash_table_iter_init (&iter, self->entries);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
        sort_item_init (&g_array_index (items, SortItem, i++), entry, sorted);
    }
  if (n > 1)
    qsort (items->data, n, sizeof (SortItem), compare_sort_items);

  if (sorted->items->len == 0)
    {
      g_array_unref (sorted->items);
      sorted->items = g_steal_pointer (&items);
    }
  else if (n > 0)
    {
      /* Merged into what is there. */
      GArray *merged = g_array_sized_new (FALSE, FALSE, sizeof (SortItem), sorted->items->len + n);
      guint a = 0, b = 0;

      while (a < sorted->items->len || b < n)
        {
          SortItem *next;

          if (b == n || (a < sorted->items->len &&
                         compare_sort_items (&g_array_index (sorted->items, SortItem, a),
                                             &g_array_index (items, SortItem, b)) < 0))
            next = &g_array_index (sorted->items, SortItem, a++);
          else
            next = &g_array_index (items, SortItem, b++);
          g_array_append_vals (merged, next, 1);
        }
      g_array_unref (sorted->items);
      sorted->items = merged;
    }
}

static void
store_reset (PnLibraryList *store,
             GPtrArray     *items)
{
  pn_library_list_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)),
                          items->pdata, items->len);
}

/* Gives every story model its stories from @sorted. */
static void
fill_story_models (PnLibrary     *self,
                   SortedStories *sorted)
{
  guint n = sorted->items->len;
  g_autoptr(GPtrArray) all = g_ptr_array_sized_new (n);
  g_autoptr(GPtrArray) unread = g_ptr_array_new ();
  g_autoptr(GPtrArray) saved = g_ptr_array_new ();
  GHashTableIter iter;
  const char *source_id;
  GPtrArray *items;
  guint n_sources;

  for (guint i = 0; i < n; i++)
    {
      SortItem *item = &g_array_index (sorted->items, SortItem, i);
      PnStory *story = item->entry->story;

      g_ptr_array_add (all, story);
      if (!pn_story_get_read (story))
        g_ptr_array_add (unread, story);
      if (item->entry->saved_at != NULL)
        g_ptr_array_add (saved, story);
      g_ptr_array_add (item->source_items, story);
    }

  store_reset (self->all_stories, all);
  store_reset (self->unread_stories, unread);
  store_reset (self->saved_stories, saved);

  g_hash_table_iter_init (&iter, self->source_models);
  while (g_hash_table_iter_next (&iter, (gpointer *) &source_id, NULL))
    {
      if (!g_hash_table_contains (sorted->per_source, source_id))
        g_hash_table_insert (sorted->per_source, (gpointer) source_id, g_ptr_array_new ());
    }
  g_hash_table_iter_init (&iter, sorted->per_source);
  while (g_hash_table_iter_next (&iter, (gpointer *) &source_id, (gpointer *) &items))
    store_reset (ensure_source_model (self, source_id), items);

  n_sources = g_list_model_get_n_items (G_LIST_MODEL (self->sources));
  for (guint i = 0; i < n_sources; i++)
    {
      g_autoptr(PnSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);
      guint unread_count = 0;

      items = g_hash_table_lookup (sorted->per_source, pn_source_get_id (source));
      for (guint j = 0; items != NULL && j < items->len; j++)
        unread_count += !pn_story_get_read (g_ptr_array_index (items, j));
      pn_source_set_unread_count (source, unread_count);
    }

  rebuild_all_collection_models (self);
}

/* After a bulk change (load, removals), every story model is rebuilt at
 * once: inserting 50 000 stories one by one would be quadratic. One sort
 * of all the stories gives every model its order.
 */
static void
rebuild_story_models (PnLibrary *self)
{
  g_auto(SortedStories) sorted = { NULL };

  sorted_stories_init (&sorted);
  sorted_stories_add (&sorted, self, NULL);
  fill_story_models (self, &sorted);
}

/* Drops stories (given as a set of ids) from the library and its models. */
static void
remove_entries (PnLibrary  *self,
                GHashTable *ids)
{
  GHashTableIter iter;
  const char *id;

  if (g_hash_table_size (ids) == 0)
    return;

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    g_hash_table_remove (self->entries, id);
  rebuild_story_models (self);
}

/* Helpers: dirty files and saving */

static char *
stories_path (const char *source_id)
{
  return g_strconcat ("stories/", source_id, ".json", NULL);
}

static char *
saved_path (const char *story_id)
{
  return g_strconcat ("saved/", story_id, ".json", NULL);
}

static void schedule_save (PnLibrary *self);
static gboolean ensure_source_bodies (PnLibrary   *self,
                                      const char  *source_id,
                                      GError     **error);
static void save_in_background (PnLibrary *self);

static void
mark_dirty_take (PnLibrary *self,
                 char      *relative_path)
{
  g_hash_table_add (self->dirty, relative_path);
  schedule_save (self);
}

static void
mark_stories_dirty (PnLibrary  *self,
                    const char *source_id)
{
  /* A stories file that was never read must not be overwritten by the few
   * stories this process knows of.
   */
  if (!g_hash_table_contains (self->loaded_stories_files, source_id))
    return;
  mark_dirty_take (self, stories_path (source_id));
}

static void
mark_saved_dirty (PnLibrary  *self,
                  StoryEntry *entry)
{
  g_return_if_fail (entry->saved_loaded || entry->saved_at == NULL);
  mark_dirty_take (self, saved_path (pn_story_get_id (entry->story)));
}

/* A story changed: every file that holds a copy of it is rewritten. */
static void
mark_story_dirty (PnLibrary  *self,
                  StoryEntry *entry)
{
  if (entry->cached)
    mark_stories_dirty (self, pn_story_get_source_id (entry->story));
  if (entry->saved_at != NULL && entry->saved_loaded)
    mark_saved_dirty (self, entry);
}

static gboolean
check_writable (PnLibrary  *self,
                GError    **error)
{
  if (!self->loaded)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_FAILED, _("The library is not loaded"));
      return FALSE;
    }
  if (self->read_only)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_READ_ONLY, "%s",
                   self->read_only_reason != NULL ? self->read_only_reason
                                                  : _("The library is open read-only"));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char     *relative_path;
  /* What to write, as text or a tree; neither: delete the file, unless
   * deferred. */
  GString  *text;
  JsonNode *node;
  /* A stories file whose tree is built only when it is written, on the
   * main thread (see pn_library_flush()). */
  char     *deferred_source_id;
  int       order;
} SnapshotItem;

static void
snapshot_item_free (SnapshotItem *item)
{
  g_free (item->relative_path);
  g_free (item->deferred_source_id);
  if (item->text != NULL)
    g_string_free (item->text, TRUE);
  g_clear_pointer (&item->node, json_node_unref);
  g_free (item);
}

static JsonNode *
node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_alloc ();

  json_node_init_object (node, object);
  json_object_unref (object);
  return node;
}

static JsonNode *
build_sources_file (PnLibrary *self)
{
  JsonObject *file = pn_store_json_new_file_object (self->sources_original, sources_file_fields);
  JsonArray *array = json_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      json_array_add_object_element (array, pn_store_json_from_source (source));
    }
  json_object_set_array_member (file, "sources", array);
  return node_take_object (file);
}

/* The index of saved stories is written oldest first. */
typedef struct
{
  const char       *id;
  PnStoreSavedInfo *info;
  gint64            saved_at;   /* microseconds; G_MININT64 without a date */
} SavedItem;

static int
compare_saved_items (gconstpointer a,
                     gconstpointer b)
{
  const SavedItem *ia = a;
  const SavedItem *ib = b;

  if (ia->saved_at != G_MININT64 && ib->saved_at != G_MININT64 && ia->saved_at != ib->saved_at)
    return ia->saved_at < ib->saved_at ? -1 : 1;
  return strcmp (ia->id, ib->id);
}

static void
write_member (GString    *out,
              const char *name,
              JsonNode   *value)
{
  pn_store_write_indent (out, 1);
  pn_store_write_string (out, name);
  g_string_append (out, " : ");
  pn_store_write_node (out, value, 1);
}

/* library.json, written as text without a tree: with 10 000 saved stories
 * building and freeing one took longer than writing the file.
 */
static GString *
build_library_file (PnLibrary *self)
{
  g_autoptr(JsonObject) head = pn_store_json_new_file_object (self->library_original,
                                                              library_file_fields);
  g_autoptr(JsonNode) collections = json_node_init_array (json_node_alloc (), json_array_new ());
  g_autofree SavedItem *items = g_new (SavedItem, g_hash_table_size (self->saved_index) + 1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->collections));
  GString *out = g_string_sized_new (256 + 160 * g_hash_table_size (self->saved_index));
  guint n_items = 0;
  JsonObjectIter iter;
  GHashTableIter hash_iter;
  const char *name;
  JsonNode *member;
  gpointer key, value;

  g_string_append (out, "{\n");
  json_object_iter_init_ordered (&iter, head);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      write_member (out, name, member);
      g_string_append (out, ",\n");
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnCollection) collection = g_list_model_get_item (G_LIST_MODEL (self->collections), i);

      json_array_add_object_element (json_node_get_array (collections),
                                     pn_store_json_from_collection (collection));
    }
  write_member (out, "collections", collections);
  g_string_append (out, ",\n");

  g_hash_table_iter_init (&hash_iter, self->saved_index);
  while (g_hash_table_iter_next (&hash_iter, &key, &value))
    {
      PnStoreSavedInfo *info = value;

      items[n_items].id = key;
      items[n_items].info = info;
      items[n_items++].saved_at = date_key (info->saved_at);
    }
  qsort (items, n_items, sizeof (SavedItem), compare_saved_items);
  pn_store_write_indent (out, 1);
  pn_store_write_string (out, "saved");
  g_string_append (out, n_items > 0 ? " : [\n" : " : []\n}\n");
  for (guint i = 0; i < n_items; i++)
    {
      const char *id = items[i].id;
      PnStoreSavedInfo *info = items[i].info;
      char date[PN_STORE_DATE_SIZE];

      g_string_append (out, "  {\n   \"id\" : ");
      pn_store_write_string (out, id);
      g_string_append (out, ",\n   \"source-id\" : ");
      pn_store_write_string (out, info->source_id);
      if (info->title != NULL)
        {
          g_string_append (out, ",\n   \"title\" : ");
          pn_store_write_string (out, info->title);
        }
      if (info->saved_at != NULL)
        {
          g_string_append (out, ",\n   \"saved-at\" : ");
          pn_store_write_string (out, pn_store_json_format_date (info->saved_at, date));
        }
      g_string_append (out, i + 1 < n_items ? "\n  },\n" : "\n  }\n ]\n}\n");
    }
  return out;
}

static JsonNode *
build_stories_file (PnLibrary  *self,
                    const char *source_id)
{
  JsonObject *original = g_hash_table_lookup (self->loaded_stories_files, source_id);
  PnLibraryList *model = g_hash_table_lookup (self->source_models, source_id);
  JsonObject *file;
  JsonArray *array;
  guint n;

  if (g_hash_table_lookup (self->sources_by_id, source_id) == NULL)
    return NULL;

  file = pn_store_json_new_file_object (original, stories_file_fields);
  json_object_set_string_member (file, "source-id", source_id);
  array = json_array_new ();
  n = model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (G_LIST_MODEL (model), i);
      StoryEntry *entry = lookup_entry (self, story);

      if (entry->cached)
        json_array_add_object_element (array, pn_store_json_from_story (story));
    }
  json_object_set_array_member (file, "stories", array);
  return node_take_object (file);
}

static JsonNode *
build_saved_file (PnLibrary  *self,
                  const char *story_id)
{
  StoryEntry *entry = g_hash_table_lookup (self->entries, story_id);
  JsonObject *file;
  JsonArray *annotations;
  guint n;

  if (entry == NULL || entry->saved_at == NULL)
    return NULL;

  file = pn_store_json_new_file_object (entry->saved_original, saved_file_fields);
  json_object_set_object_member (file, "story", pn_store_json_from_story (entry->story));
  pn_store_json_set_date (file, "saved-at", entry->saved_at);
  annotations = json_array_new ();
  n = entry->annotations != NULL ? g_list_model_get_n_items (G_LIST_MODEL (entry->annotations)) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (entry->annotations), i);

      json_array_add_object_element (annotations, pn_store_json_from_annotation (annotation));
    }
  json_object_set_array_member (file, "annotations", annotations);
  return node_take_object (file);
}

/* Story files go first and the index last, so that a crash in between
 * leaves a saved story that the index does not list yet (found again by the
 * folder scan) rather than an index entry without its file. Deletions come
 * after the index stopped listing what they delete.
 */
static int
compare_snapshot_items (gconstpointer a,
                        gconstpointer b)
{
  const SnapshotItem *ia = *(const SnapshotItem **) a;
  const SnapshotItem *ib = *(const SnapshotItem **) b;

  if (ia->order != ib->order)
    return ia->order - ib->order;
  return strcmp (ia->relative_path, ib->relative_path);
}

static gboolean
is_story_file (const char *relative_path)
{
  return g_str_has_prefix (relative_path, "stories/") || g_str_has_prefix (relative_path, "saved/");
}

/* A story file is never written with bodies left out: they are read back
 * from the stories file first. Returns FALSE when that failed.
 */
static gboolean
ensure_file_bodies (PnLibrary   *self,
                    const char  *relative_path,
                    const char  *id,
                    GError     **error)
{
  StoryEntry *entry;

  if (g_str_has_prefix (relative_path, "stories/"))
    return ensure_source_bodies (self, id, error);
  entry = g_hash_table_lookup (self->entries, id);
  return entry == NULL || pn_library_ensure_story_body (self, entry->story, error);
}

/* Main thread: the JSON trees of the dirty files, owned by the snapshot.
 * With @defer_stories (a flush), every dirty file, the stories files' trees
 * left for write_snapshot() to build one at a time. Without (a background
 * save), at most SAVE_BATCH_FILES story files: when there are more, the
 * rest stays dirty, and so do the index files and deletions, which must
 * never reach the disk before the story files they describe (see
 * compare_snapshot_items()); *@partial says so. A story file whose
 * bodies could not be read back stays dirty; @error says why.
 */
static GPtrArray *
build_snapshot (PnLibrary  *self,
                gboolean    defer_stories,
                gboolean   *partial,
                GError    **error)
{
  GPtrArray *snapshot = g_ptr_array_new_with_free_func ((GDestroyNotify) snapshot_item_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  const char *path;
  guint n_story_files = 0;
  guint n_taken = 0;

  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, (gpointer *) &path, NULL))
    {
      g_ptr_array_add (paths, g_strdup (path));
      n_story_files += is_story_file (path);
    }
  *partial = !defer_stories && n_story_files > SAVE_BATCH_FILES;

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *id = NULL;
      gboolean story_file;
      SnapshotItem *item;

      path = g_ptr_array_index (paths, i);
      story_file = is_story_file (path);
      if (*partial && (!story_file || n_taken == SAVE_BATCH_FILES))
        continue;
      if (strcmp (path, SOURCES_FILE) != 0 && strcmp (path, LIBRARY_FILE) != 0)
        {
          id = g_path_get_basename (path);
          *strrchr (id, '.') = '\0';
        }
      if (story_file && !ensure_file_bodies (self, path, id, &local_error))
        {
          if (error != NULL && *error == NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          continue;
        }

      item = g_new0 (SnapshotItem, 1);

      item->relative_path = g_strdup (path);
      if (strcmp (path, SOURCES_FILE) == 0)
        {
          item->node = build_sources_file (self);
          item->order = 1;
        }
      else if (strcmp (path, LIBRARY_FILE) == 0)
        {
          item->text = build_library_file (self);
          item->order = 2;
        }
      else
        {
          if (!g_str_has_prefix (path, "stories/"))
            item->node = build_saved_file (self, id);
          else if (defer_stories && g_hash_table_contains (self->sources_by_id, id))
            item->deferred_source_id = g_steal_pointer (&id);
          else
            item->node = build_stories_file (self, id);
          item->order = item->node != NULL || item->deferred_source_id != NULL ? 0 : 3;
        }
      if (*partial && item->order != 0)
        {
          snapshot_item_free (item);
          continue;
        }
      n_taken += story_file;
      g_hash_table_remove (self->dirty, path);
      g_ptr_array_add (snapshot, item);
    }
  g_ptr_array_sort (snapshot, compare_snapshot_items);
  return snapshot;
}

/* Any thread, with write_mutex held: serializes and writes @snapshot; the
 * main thread only when it has deferred items. Returns the first error;
 * every failed path goes to self->failed so that the next save retries it.
 */
static gboolean
write_snapshot (PnLibrary  *self,
                GPtrArray  *snapshot,
                GError    **error)
{
  g_autoptr(GError) first_error = NULL;
  gboolean wrote_root = FALSE, wrote_stories = FALSE, wrote_saved = FALSE;

  for (guint i = 0; i < snapshot->len; i++)
    {
      SnapshotItem *item = g_ptr_array_index (snapshot, i);
      g_autofree char *path = g_build_filename (self->data_dir, item->relative_path, NULL);
      g_autoptr(GError) local_error = NULL;
      /* A deferred tree lives only while its file is written. */
      g_autoptr(JsonNode) deferred = NULL;
      JsonNode *node = item->node;
      gboolean ok;

      if (item->deferred_source_id != NULL)
        node = deferred = build_stories_file (self, item->deferred_source_id);

      if (item->text != NULL)
        ok = pn_store_file_write (path, item->text->str, item->text->len, &local_error);
      else if (node != NULL)
        {
          gsize length;
          g_autofree char *data = pn_store_write_to_data (node, &length);

          ok = pn_store_file_write (path, data, length, &local_error);
        }
      else
        ok = pn_store_file_delete (path, &local_error);

      if (!ok)
        {
          g_hash_table_add (self->failed, g_strdup (item->relative_path));
          if (first_error == NULL)
            first_error = g_steal_pointer (&local_error);
          continue;
        }

      g_hash_table_remove (self->failed, item->relative_path);
      if (g_str_has_prefix (item->relative_path, "stories/"))
        wrote_stories = TRUE;
      else if (g_str_has_prefix (item->relative_path, "saved/"))
        wrote_saved = TRUE;
      else
        wrote_root = TRUE;
    }

  if (wrote_stories)
    {
      g_autofree char *dir = g_build_filename (self->data_dir, "stories", NULL);
      pn_store_file_sync_dir (dir);
    }
  if (wrote_saved)
    {
      g_autofree char *dir = g_build_filename (self->data_dir, "saved", NULL);
      pn_store_file_sync_dir (dir);
    }
  if (wrote_root)
    pn_store_file_sync_dir (self->data_dir);

  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}

/* Main thread, write_mutex held: paths that failed last time are dirty again. */
static void
requeue_failed_locked (PnLibrary *self)
{
  GHashTableIter iter;
  const char *path;

  g_hash_table_iter_init (&iter, self->failed);
  while (g_hash_table_iter_next (&iter, (gpointer *) &path, NULL))
    g_hash_table_add (self->dirty, g_strdup (path));
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PnLibrary *self = source_object;
  GError *error = NULL;
  gboolean ok;

  g_mutex_lock (&self->write_mutex);
  ok = write_snapshot (self, task_data, &error);
  self->write_in_flight = FALSE;
  g_cond_broadcast (&self->write_cond);
  g_mutex_unlock (&self->write_mutex);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_finished_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PnLibrary *self = PN_LIBRARY (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Saving the library failed: %s", error->message);
      g_mutex_lock (&self->write_mutex);
      requeue_failed_locked (self);
      g_mutex_unlock (&self->write_mutex);
    }
  g_signal_emit (self, signals[SAVED], 0, error);

  /* The rest of a big change follows at once, batch after batch. */
  if (error == NULL && self->save_partial)
    save_in_background (self);
}

static void
save_in_background (PnLibrary *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *snapshot;

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  if (g_hash_table_size (self->dirty) == 0)
    return;

  /* One write at a time: a later change is picked up by the next save. */
  g_mutex_lock (&self->write_mutex);
  if (self->write_in_flight)
    {
      g_mutex_unlock (&self->write_mutex);
      schedule_save (self);
      return;
    }
  self->write_in_flight = TRUE;
  g_mutex_unlock (&self->write_mutex);

  snapshot = build_snapshot (self, FALSE, &self->save_partial, &error);
  if (error != NULL)
    g_warning ("Saving the library failed: %s", error->message);
  task = g_task_new (self, self->cancellable, save_finished_cb, NULL);
  g_task_set_source_tag (task, save_in_background);
  g_task_set_name (task, "[pn-library] save");
  g_task_set_task_data (task, snapshot, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, save_thread);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  PnLibrary *self = user_data;

  self->save_timeout_id = 0;
  save_in_background (self);
  return G_SOURCE_REMOVE;
}

/* Not while loading: pn_library_load_async() loads in a thread while the
 * main loop runs, and the save must not snapshot a library half loaded.
 * pn_library_load() and pn_library_load_finish() schedule it when done, on
 * the thread that owns the library.
 */
static void
schedule_save (PnLibrary *self)
{
  if (self->loaded && self->save_timeout_id == 0)
    self->save_timeout_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/* Helpers: loading */

typedef enum
{
  JOB_STORIES,
  JOB_SAVED,
} JobKind;

typedef struct
{
  JobKind     kind;
  char       *id;
  char       *path;
  gboolean    repair;
  /* Stories keep no bodies when they come from the file itself (not its
   * backup), which can give them again. */
  gboolean    defer_bodies;
  /* The folder of the file, open (or AT_FDCWD). */
  int         dir_fd;
  PnStoreFileResult result;
  GPtrArray  *problems;
  PnStoreFileData data;
  /* The version of the file that data.spans point into. */
  PnStoreFileStamp stamp;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  pn_store_file_data_clear (&job->data);
  g_free (job->id);
  g_free (job->path);
  g_clear_pointer (&job->problems, g_ptr_array_unref);
  g_free (job);
}

static JsonObject *
keep_file_unknown (JsonObject         *file,
                   const char * const *known)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, file);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (!g_strv_contains (known, name))
        json_object_set_member (copy, name, json_node_copy (node));
    }
  return copy;
}

static gboolean
parse_stories_file (JsonObject  *file,
                    gint64       version,
                    gpointer     user_data,
                    GError     **error)
{
  LoadJob *job = user_data;
  gboolean defer = job->defer_bodies;
  JsonArray *array;

  pn_store_file_data_clear (&job->data);
  job->data.version = version;
  if (!pn_store_json_get_array (file, "stories", &array, error))
    return FALSE;

  job->data.stories = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      PnStory *story;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("A story is not an object"));
          return FALSE;
        }
      story = defer ? pn_store_json_to_story_deferred (json_node_get_object (node), error)
                    : pn_store_json_to_story (json_node_get_object (node), error);
      if (story == NULL)
        return FALSE;
      g_ptr_array_add (job->data.stories, story);
    }
  job->data.unknown = keep_file_unknown (file, stories_file_fields);
  return TRUE;
}

static gboolean
parse_saved_file (JsonObject  *file,
                  gint64       version,
                  gpointer     user_data,
                  GError     **error)
{
  LoadJob *job = user_data;
  JsonNode *story_node = json_object_get_member (file, "story");
  JsonArray *array;
  PnStory *story;

  pn_store_file_data_clear (&job->data);
  job->data.version = version;
  if (story_node == NULL || !JSON_NODE_HOLDS_OBJECT (story_node))
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("The field “%s” is not %s"),
                   "story", _("an object"));
      return FALSE;
    }
  story = pn_store_json_to_story (json_node_get_object (story_node), error);
  if (story == NULL)
    return FALSE;
  job->data.stories = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (job->data.stories, story);

  if (!pn_store_json_get_date (file, "saved-at", &job->data.saved_at, error) ||
      !pn_store_json_get_array (file, "annotations", &array, error))
    return FALSE;

  job->data.annotations = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      PnAnnotation *annotation;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("An annotation is not an object"));
          return FALSE;
        }
      annotation = pn_store_json_to_annotation (json_node_get_object (node),
                                                pn_story_get_id (story), error);
      if (annotation == NULL)
        return FALSE;
      g_ptr_array_add (job->data.annotations, annotation);
    }
  job->data.unknown = keep_file_unknown (file, saved_file_fields);
  return TRUE;
}

/* The direct readers of pn-store-read.c on the file as it is, the bodies
 * left in it; FALSE when the file is missing or they decline it.
 */
static gboolean
read_job_directly (LoadJob       *job,
                   PnStoreBuffer *buffer)
{
  char *scratch;
  gboolean ok;

  if (!pn_store_file_view_at (job->dir_fd,
                              job->dir_fd == AT_FDCWD ? job->path : strrchr (job->path, '/') + 1,
                              buffer, &job->stamp, NULL))
    return FALSE;
  scratch = pn_store_buffer_get_scratch (buffer);
  ok = job->kind == JOB_STORIES
         ? pn_store_read_stories_file (buffer->view, buffer->length, scratch, &job->data)
         : pn_store_read_saved_file (buffer->view, buffer->length, scratch, &job->data);
  if (!ok)
    pn_store_file_data_clear (&job->data);
  return ok;
}

static void
run_job (LoadJob       *job,
         PnStoreBuffer *buffer)
{
  job->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  /* Bodies are left out only of a file that reads cleanly as it is; any
   * trouble takes the usual way, backups and repair included, with them.
   */
  if (job->defer_bodies)
    {
      if (read_job_directly (job, buffer))
        {
          job->result = PN_STORE_FILE_LOADED;
          return;
        }
      if (job->kind == JOB_STORIES &&
          pn_store_file_read (job->path, parse_stories_file, job, NULL))
        {
          job->result = PN_STORE_FILE_LOADED;
          return;
        }
      pn_store_file_data_clear (&job->data);
      job->defer_bodies = FALSE;
    }
  job->result = pn_store_file_load (job->path, job->repair,
                                    job->kind == JOB_STORIES ? parse_stories_file : parse_saved_file,
                                    job, job->problems);
}

static LoadJob *
new_job (PnLibrary  *self,
         JobKind     kind,
         const char *id)
{
  LoadJob *job = g_new0 (LoadJob, 1);
  g_autofree char *relative = kind == JOB_STORIES ? stories_path (id) : saved_path (id);

  job->kind = kind;
  job->id = g_strdup (id);
  job->path = g_build_filename (self->data_dir, relative, NULL);
  job->dir_fd = AT_FDCWD;
  job->repair = !self->read_only;
  job->defer_bodies = TRUE;
  return job;
}

/* The files of a load, read by a few threads and folded into the library
 * by the loading one, in order, as they become ready.
 */
typedef struct
{
  GPtrArray *jobs;
  gint       next;    /* the next job to take */
  GMutex     mutex;
  GCond      cond;
  gboolean  *done;    /* under mutex */
} JobQueue;

/* Takes the next job, if any is left, and runs it. */
static gboolean
run_next_job (JobQueue      *queue,
              PnStoreBuffer *buffer)
{
  guint i = g_atomic_int_add (&queue->next, 1);

  if (i >= queue->jobs->len)
    return FALSE;
  run_job (g_ptr_array_index (queue->jobs, i), buffer);
  g_mutex_lock (&queue->mutex);
  queue->done[i] = TRUE;
  g_cond_broadcast (&queue->cond);
  g_mutex_unlock (&queue->mutex);
  return TRUE;
}

static gpointer
job_worker (gpointer data)
{
  g_auto(PnStoreBuffer) buffer = { NULL };

  while (run_next_job (data, &buffer))
    ;
  return NULL;
}

static void
note_version (PnLibrary  *self,
              const char *path,
              gint64      version)
{
  g_autofree char *name = NULL;

  if (version <= PN_STORE_VERSION || self->newer_version)
    return;

  name = g_path_get_basename (path);
  self->newer_version = TRUE;
  self->read_only = TRUE;
  g_free (self->read_only_reason);
  self->read_only_reason =
    g_strdup_printf (_("“%s” was written by a newer version of Prime News (format %"
                       G_GINT64_FORMAT "); the library is open read-only"), name, version);
  g_ptr_array_add (self->problems,
                   g_error_new_literal (PN_ERROR, PN_ERROR_READ_ONLY, self->read_only_reason));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

static void
take_problems (PnLibrary *self,
               GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      GError *problem = g_ptr_array_index (problems, i);

      g_debug ("%s", problem->message);
      g_ptr_array_add (self->problems, g_error_copy (problem));

      /* A file we could not read would be lost by the next write. */
      if (g_error_matches (problem, PN_ERROR, PN_ERROR_READ_ONLY) && !self->read_only)
        {
          self->read_only = TRUE;
          g_free (self->read_only_reason);
          self->read_only_reason = g_strdup (problem->message);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
        }
    }
}

/* A file recovered from its backup is written again from what was loaded. */
static void
after_load (PnLibrary         *self,
            PnStoreFileResult  result,
            GPtrArray         *problems,
            char              *relative_path)
{
  take_problems (self, problems);
  if (result == PN_STORE_FILE_LOADED && problems->len > 0 && !self->read_only)
    mark_dirty_take (self, relative_path);
  else
    g_free (relative_path);
}

static void
add_annotation_to_models (PnLibrary    *self,
                          StoryEntry   *entry,
                          PnAnnotation *annotation)
{
  pn_library_list_insert_sorted (entry_get_annotations (entry), annotation, compare_annotations,
                                 NULL);
  pn_library_list_append (self->all_annotations, annotation);
  g_hash_table_insert (self->annotations_by_id,
                       (gpointer) pn_annotation_get_id (annotation), annotation);
}

static gboolean load_story_body (PnLibrary  *self,
                                 BodyRef    *ref,
                                 PnStory    *story,
                                 GError    **error);

static gboolean
story_body_loader (PnStory  *story,
                   gpointer  user_data,
                   GError  **error)
{
  BodyRef *ref = user_data;

  return load_story_body (ref->file->library, ref, story, error);
}

static DeferredBodies *
deferred_bodies_new (PnLibrary  *self,
                     const char *relative_path,
                     LoadJob    *job)
{
  DeferredBodies *deferred = g_new0 (DeferredBodies, 1);

  deferred->library = self;
  deferred->relative_path = g_strdup (relative_path);
  deferred->stamp = job->stamp;
  deferred->has_spans = job->data.spans != NULL;
  deferred->stories = g_ptr_array_new_with_free_func (g_object_unref);
  deferred->refs = g_new0 (BodyRef, job->data.stories->len);
  return deferred;
}

/* The @index-th story of @job, whose bodies stay in the file. */
static void
defer_story_body (DeferredBodies *deferred,
                  LoadJob        *job,
                  guint           index)
{
  PnStory *story = g_ptr_array_index (job->data.stories, index);
  BodyRef *ref = &deferred->refs[deferred->stories->len];

  ref->file = deferred;
  if (job->data.spans != NULL)
    ref->spans = g_array_index (job->data.spans, PnStoreBodySpans, index);
  else
    ref->spans.summary.offset = ref->spans.content.offset = ref->spans.full_content.offset = -1;
  g_ptr_array_add (deferred->stories, g_object_ref (story));
  deferred->n_deferred++;
  pn_story_set_body_loader (story, story_body_loader, ref);
}

static gboolean load_all_bodies (PnLibrary       *self,
                                 DeferredBodies  *deferred,
                                 GError         **error);

static void
register_deferred_bodies (PnLibrary      *self,
                          DeferredBodies *deferred)
{
  DeferredBodies *previous = g_hash_table_lookup (self->deferred_bodies, deferred->relative_path);
  g_autoptr(GError) error = NULL;

  /* The file is read again: the stories of the first read keep theirs. */
  if (previous != NULL && !load_all_bodies (self, previous, &error))
    g_warning ("Story texts of %s could not be read: %s", previous->relative_path, error->message);
  g_hash_table_replace (self->deferred_bodies, deferred->relative_path, deferred);
}

/* Folds a loaded stories file into the library. With @show the models are
 * updated one story at a time; a bulk load rebuilds them at the end.
 */
static void
integrate_stories_job (PnLibrary *self,
                       LoadJob   *job,
                       gboolean   show)
{
  g_autofree char *relative = stories_path (job->id);
  DeferredBodies *deferred = NULL;
  GPtrArray *stories = job->data.stories;

  g_hash_table_insert (self->loaded_stories_files, g_strdup (job->id),
                       job->data.unknown != NULL ? json_object_ref (job->data.unknown)
                                                 : json_object_new ());
  note_version (self, job->path, job->data.version);
  after_load (self, job->result, job->problems, g_strdup (relative));

  for (guint i = 0; stories != NULL && i < stories->len; i++)
    {
      PnStory *story = g_ptr_array_index (stories, i);
      StoryEntry *entry = g_hash_table_lookup (self->entries, pn_story_get_id (story));
      PnStoreSavedInfo *info;

      if (entry != NULL)
        {
          entry->cached = TRUE;
          continue;
        }

      entry = g_new0 (StoryEntry, 1);
      entry->story = g_object_ref (story);
      entry->cached = TRUE;
      if (pn_story_get_body_deferred (story))
        {
          if (deferred == NULL)
            deferred = deferred_bodies_new (self, relative, job);
          defer_story_body (deferred, job, i);
        }
      info = g_hash_table_lookup (self->saved_index, pn_story_get_id (story));
      if (info != NULL)
        {
          entry->saved_at = info->saved_at != NULL ? g_date_time_ref (info->saved_at)
                                                   : g_date_time_new_now_utc ();
          pn_story_set_saved (story, TRUE);
        }
      g_hash_table_insert (self->entries, (gpointer) pn_story_get_id (story), entry);
      if (show)
        entry_show (self, entry);
    }
  if (deferred != NULL)
    register_deferred_bodies (self, deferred);
}

static void
integrate_saved_job (PnLibrary *self,
                     LoadJob   *job,
                     gboolean   show)
{
  g_autofree char *relative = saved_path (job->id);
  StoryEntry *entry;
  PnStory *story;
  PnStoreSavedInfo *info;
  gboolean read;

  if (job->data.story_skipped && !g_hash_table_contains (self->entries, job->id))
    {
      g_auto(PnStoreBuffer) buffer = { NULL };

      /* Its stories file no longer holds it: the saved copy is read whole. */
      pn_store_file_data_clear (&job->data);
      job->data.skip_story_id = NULL;
      g_clear_pointer (&job->problems, g_ptr_array_unref);
      run_job (job, &buffer);
    }

  note_version (self, job->path, job->data.version);
  after_load (self, job->result, job->problems, g_strdup (relative));

  if (job->result != PN_STORE_FILE_LOADED)
    {
      if (job->result == PN_STORE_FILE_MISSING && g_hash_table_contains (self->saved_index, job->id))
        {
          g_ptr_array_add (self->problems,
                           g_error_new (PN_ERROR, PN_ERROR_NOT_FOUND,
                                        _("The saved story %s is missing from the library"),
                                        job->id));
        }
      return;
    }

  if (job->data.story_skipped)
    {
      story = NULL;
      read = job->data.skipped_story_read;
      entry = g_hash_table_lookup (self->entries, job->id);
    }
  else
    {
      story = g_ptr_array_index (job->data.stories, 0);
      read = pn_story_get_read (story);
      entry = g_hash_table_lookup (self->entries, pn_story_get_id (story));
    }

  if (entry == NULL)
    {
      entry = g_new0 (StoryEntry, 1);
      entry->story = g_object_ref (story);
      g_hash_table_insert (self->entries, (gpointer) pn_story_get_id (story), entry);
      if (self->new_entries != NULL)
        g_ptr_array_add (self->new_entries, entry);
      if (pn_story_get_body_deferred (story))
        {
          DeferredBodies *deferred = deferred_bodies_new (self, relative, job);

          defer_story_body (deferred, job, 0);
          register_deferred_bodies (self, deferred);
        }
    }
  else
    {
      /* The cached copy may lag behind: the saved one is authoritative. */
      if (pn_story_get_read (entry->story) != read)
        {
          pn_story_set_read (entry->story, read);
          if (show)
            rebuild_story_models (self);
        }
      if (show && entry->saved_at == NULL)
        pn_library_list_insert_sorted (self->saved_stories, entry->story, compare_stories, NULL);
      story = entry->story;
    }

  if (entry->saved_at == NULL)
    entry->saved_at = job->data.saved_at != NULL ? g_date_time_ref (job->data.saved_at)
                                                 : g_date_time_new_now_utc ();
  pn_story_set_saved (entry->story, TRUE);
  entry->saved_loaded = TRUE;
  g_clear_pointer (&entry->saved_original, json_object_unref);
  entry->saved_original = g_steal_pointer (&job->data.unknown);

  /* A saved story found by the folder scan but not listed (a crash between
   * the two writes) gets its index entry back.
   */
  info = g_hash_table_lookup (self->saved_index, job->id);
  if (info == NULL)
    {
      info = pn_store_saved_info_new (pn_story_get_source_id (story), pn_story_get_title (story),
                                      g_date_time_ref (entry->saved_at));
      g_hash_table_insert (self->saved_index, g_strdup (job->id), info);
      if (!self->read_only)
        mark_dirty_take (self, g_strdup (LIBRARY_FILE));
    }

  for (guint i = 0; i < job->data.annotations->len; i++)
    {
      PnAnnotation *annotation = g_ptr_array_index (job->data.annotations, i);

      if (!g_hash_table_contains (self->annotations_by_id, pn_annotation_get_id (annotation)))
        add_annotation_to_models (self, entry, annotation);
    }

  if (show && g_list_model_get_n_items (G_LIST_MODEL (self->all_stories)) == 0)
    rebuild_story_models (self);
  else if (show && !pn_library_list_find (self->all_stories, entry->story, NULL))
    entry_show (self, entry);
}

/* The stories files are in: their stories are sorted while the other
 * threads read the saved files, whose few stories of their own are merged
 * in at the end (see pn_library_load()).
 */
static void
presort_stories (PnLibrary     *self,
                 SortedStories *sorted)
{
  sorted_stories_init (sorted);
  sorted_stories_add (sorted, self, NULL);
  self->new_entries = g_ptr_array_new ();
}

static void
integrate_job (PnLibrary *self,
               LoadJob   *job)
{
  if (job->kind == JOB_STORIES)
    integrate_stories_job (self, job, FALSE);
  else
    integrate_saved_job (self, job, FALSE);
}

/* Files are independent, so they are read in parallel; this thread takes
 * its share, and folds each file into the library as soon as it and those
 * before it are read, the stories files first (see new_job()). Each thread
 * reuses one buffer for all its files.
 */
static void
load_jobs (PnLibrary     *self,
           GPtrArray     *jobs,
           SortedStories *sorted)
{
  g_auto(PnStoreBuffer) buffer = { NULL };
  g_autofree gboolean *done = g_new0 (gboolean, MAX (jobs->len, 1));
  JobQueue queue = { jobs, 0, { 0 }, { 0 }, done };
  int dir_fds[2];
  guint n_threads = MIN (g_get_num_processors (), 4);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();

  g_mutex_init (&queue.mutex);
  g_cond_init (&queue.cond);
  for (guint i = 0; i < G_N_ELEMENTS (dir_fds); i++)
    {
      g_autofree char *path = g_build_filename (self->data_dir, i == 0 ? "stories" : "saved", NULL);

      dir_fds[i] = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    }
  for (guint i = 0; i < jobs->len; i++)
    {
      LoadJob *job = g_ptr_array_index (jobs, i);

      job->dir_fd = dir_fds[job->kind == JOB_STORIES ? 0 : 1];
      if (job->dir_fd < 0)
        job->dir_fd = AT_FDCWD;
    }
  for (guint i = 1; i < n_threads && i < jobs->len; i++)
    {
      GThread *thread = g_thread_try_new ("pn-library-load", job_worker, &queue, NULL);

      if (thread != NULL)
        g_ptr_array_add (threads, thread);
    }

  for (guint i = 0; i < jobs->len; i++)
    {
      gboolean ready;

      for (;;)
        {
          g_mutex_lock (&queue.mutex);
          ready = done[i];
          g_mutex_unlock (&queue.mutex);
          if (ready || !run_next_job (&queue, &buffer))
            break;
        }
      g_mutex_lock (&queue.mutex);
      while (!done[i])
        g_cond_wait (&queue.cond, &queue.mutex);
      g_mutex_unlock (&queue.mutex);
      if (((LoadJob *) g_ptr_array_index (jobs, i))->kind == JOB_SAVED && sorted->items == NULL)
        presort_stories (self, sorted);
      integrate_job (self, g_ptr_array_index (jobs, i));
    }
  if (sorted->items == NULL)
    presort_stories (self, sorted);

  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  for (guint i = 0; i < jobs->len; i++)
    ((LoadJob *) g_ptr_array_index (jobs, i))->dir_fd = AT_FDCWD;
  for (guint i = 0; i < G_N_ELEMENTS (dir_fds); i++)
    {
      if (dir_fds[i] >= 0)
        g_close (dir_fds[i], NULL);
    }
  g_mutex_clear (&queue.mutex);
  g_cond_clear (&queue.cond);
}

static gboolean
parse_sources_file (JsonObject  *file,
                    gint64       version,
                    gpointer     user_data,
                    GError     **error)
{
  PnStoreFileData *data = user_data;
  JsonArray *array;

  pn_store_file_data_clear (data);
  data->version = version;
  if (!pn_store_json_get_array (file, "sources", &array, error))
    return FALSE;

  data->sources = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      PnSource *source;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("A source is not an object"));
          return FALSE;
        }
      source = pn_store_json_to_source (json_node_get_object (node), error);
      if (source == NULL)
        return FALSE;
      g_ptr_array_add (data->sources, source);
    }
  data->unknown = keep_file_unknown (file, sources_file_fields);
  return TRUE;
}

static gboolean
parse_library_file (JsonObject  *file,
                    gint64       version,
                    gpointer     user_data,
                    GError     **error)
{
  PnStoreFileData *data = user_data;
  JsonArray *collections, *saved;

  pn_store_file_data_clear (data);
  data->version = version;
  if (!pn_store_json_get_array (file, "collections", &collections, error) ||
      !pn_store_json_get_array (file, "saved", &saved, error))
    return FALSE;

  data->collections = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; collections != NULL && i < json_array_get_length (collections); i++)
    {
      JsonNode *node = json_array_get_element (collections, i);
      PnCollection *collection;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("A collection is not an object"));
          return FALSE;
        }
      collection = pn_store_json_to_collection (json_node_get_object (node), error);
      if (collection == NULL)
        return FALSE;
      g_ptr_array_add (data->collections, collection);
    }

  data->saved_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) pn_store_saved_info_free);
  for (guint i = 0; saved != NULL && i < json_array_get_length (saved); i++)
    {
      JsonNode *node = json_array_get_element (saved, i);
      JsonObject *item;
      const char *id, *source_id, *title;
      g_autoptr(GDateTime) saved_at = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("A saved story is not an object"));
          return FALSE;
        }
      item = json_node_get_object (node);
      if (!pn_store_json_get_string (item, "id", &id, error) ||
          !pn_store_json_get_string (item, "source-id", &source_id, error) ||
          !pn_store_json_get_string (item, "title", &title, error) ||
          !pn_store_json_get_date (item, "saved-at", &saved_at, error))
        return FALSE;
      if (id == NULL || source_id == NULL)
        {
          g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT,
                       _("A saved story has no “id” or “source-id”"));
          return FALSE;
        }
      g_hash_table_replace (data->saved_index, g_strdup (id),
                            pn_store_saved_info_new (source_id, title, g_steal_pointer (&saved_at)));
    }
  data->unknown = keep_file_unknown (file, library_file_fields);
  return TRUE;
}

static gboolean
read_library_directly (const char      *path,
                       PnStoreFileData *data)
{
  g_auto(PnStoreBuffer) buffer = { NULL };
  PnStoreFileStamp stamp;

  if (pn_store_file_view_at (AT_FDCWD, path, &buffer, &stamp, NULL) &&
      pn_store_read_library_file (buffer.view, buffer.length,
                                  pn_store_buffer_get_scratch (&buffer), data))
    return TRUE;
  pn_store_file_data_clear (data);
  return FALSE;
}

static void
load_small_files (PnLibrary *self)
{
  g_auto(PnStoreFileData) sources = { 0 };
  g_auto(PnStoreFileData) library = { 0 };
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_autofree char *sources_path = g_build_filename (self->data_dir, SOURCES_FILE, NULL);
  g_autofree char *library_path = g_build_filename (self->data_dir, LIBRARY_FILE, NULL);
  PnStoreFileResult result;

  result = pn_store_file_load (sources_path, !self->read_only, parse_sources_file, &sources, problems);
  note_version (self, sources_path, sources.version);
  after_load (self, result, problems, g_strdup (SOURCES_FILE));
  if (result == PN_STORE_FILE_LOADED)
    {
      for (guint i = 0; i < sources.sources->len; i++)
        {
          PnSource *source = g_ptr_array_index (sources.sources, i);

          if (g_hash_table_contains (self->sources_by_id, pn_source_get_id (source)))
            continue;
          g_hash_table_insert (self->sources_by_id, (gpointer) pn_source_get_id (source), source);
          g_list_store_append (self->sources, source);
        }
      self->sources_original = g_steal_pointer (&sources.unknown);
    }

  if (result == PN_STORE_FILE_MISSING && !self->read_only)
    mark_dirty_take (self, g_strdup (SOURCES_FILE));

  g_ptr_array_set_size (problems, 0);
  /* With 10 000 saved stories, library.json is read first without a tree. */
  if (read_library_directly (library_path, &library))
    result = PN_STORE_FILE_LOADED;
  else
    result = pn_store_file_load (library_path, !self->read_only, parse_library_file, &library,
                                 problems);
  note_version (self, library_path, library.version);
  after_load (self, result, problems, g_strdup (LIBRARY_FILE));
  if (result == PN_STORE_FILE_LOADED)
    {
      g_list_store_splice (self->collections, 0, 0, library.collections->pdata,
                           library.collections->len);
      g_clear_pointer (&self->saved_index, g_hash_table_unref);
      self->saved_index = g_steal_pointer (&library.saved_index);
      self->library_original = g_steal_pointer (&library.unknown);
    }
  else if (result == PN_STORE_FILE_MISSING && !self->read_only)
    mark_dirty_take (self, g_strdup (LIBRARY_FILE));
}

static gboolean
acquire_lock (PnLibrary  *self,
              GError    **error)
{
  g_autofree char *path = g_build_filename (self->data_dir, "lock", NULL);
  g_autofree char *pid = NULL;
  int fd;

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (self->data_dir);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the library folder “%s”: %s"), display,
                   g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not open the library lock “%s”: %s"), display,
                   g_strerror (saved_errno));
      return FALSE;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      char buffer[32] = { 0 };
      ssize_t n = pread (fd, buffer, sizeof buffer - 1, 0);
      gint64 other = n > 0 ? g_ascii_strtoll (buffer, NULL, 10) : 0;

      g_close (fd, NULL);
      if (other > 0)
        g_set_error (error, PN_ERROR, PN_ERROR_LOCKED,
                     _("The library is in use by another Prime News (pid %" G_GINT64_FORMAT ")"),
                     other);
      else
        g_set_error (error, PN_ERROR, PN_ERROR_LOCKED,
                     _("The library is in use by another Prime News"));
      return FALSE;
    }

  pid = g_strdup_printf ("%ld\n", (long) getpid ());
  if (ftruncate (fd, 0) != 0 || pwrite (fd, pid, strlen (pid), 0) < 0)
    g_debug ("Could not record our pid in the lock: %s", g_strerror (errno));

  self->lock_fd = fd;
  return TRUE;
}

/* GObject */

static void
pn_library_dispose (GObject *object)
{
  PnLibrary *self = (PnLibrary *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  if (self->loaded && !self->read_only && g_hash_table_size (self->dirty) > 0)
    g_debug ("The library is disposed with unsaved changes");
  g_hash_table_remove_all (self->deferred_bodies);

  G_OBJECT_CLASS (pn_library_parent_class)->dispose (object);
}

static void
pn_library_finalize (GObject *object)
{
  PnLibrary *self = (PnLibrary *) object;

  if (self->lock_fd >= 0)
    g_close (self->lock_fd, NULL);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->read_only_reason, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->sources_by_id, g_hash_table_unref);
  g_clear_pointer (&self->annotations_by_id, g_hash_table_unref);
  g_clear_pointer (&self->collection_models, g_hash_table_unref);
  g_clear_pointer (&self->source_models, g_hash_table_unref);
  g_clear_object (&self->all_annotations);
  g_clear_object (&self->saved_stories);
  g_clear_object (&self->unread_stories);
  g_clear_object (&self->all_stories);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->collections);
  g_clear_object (&self->sources);
  g_clear_pointer (&self->saved_index, g_hash_table_unref);
  g_clear_pointer (&self->loaded_stories_files, g_hash_table_unref);
  g_clear_pointer (&self->deferred_bodies, g_hash_table_unref);
  g_clear_pointer (&self->sources_original, json_object_unref);
  g_clear_pointer (&self->library_original, json_object_unref);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->failed, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->write_mutex);
  g_cond_clear (&self->write_cond);

  G_OBJECT_CLASS (pn_library_parent_class)->finalize (object);
}

static void
pn_library_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PnLibrary *self = PN_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR: g_value_set_string (value, self->data_dir); break;
    case PROP_READ_ONLY: g_value_set_boolean (value, self->read_only); break;
    case PROP_RETENTION_DAYS: g_value_set_uint (value, self->retention_days); break;
    case PROP_MAX_STORIES: g_value_set_uint (value, self->max_stories); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_library_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PnLibrary *self = PN_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR: self->data_dir = g_value_dup_string (value); break;
    case PROP_RETENTION_DAYS: pn_library_set_retention_days (self, g_value_get_uint (value)); break;
    case PROP_MAX_STORIES: pn_library_set_max_stories (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_library_class_init (PnLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = pn_library_dispose;
  object_class->finalize = pn_library_finalize;
  object_class->get_property = pn_library_get_property;
  object_class->set_property = pn_library_set_property;

  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RETENTION_DAYS] =
    g_param_spec_uint ("retention-days", NULL, NULL, 1, G_MAXUINT,
                       PN_LIBRARY_DEFAULT_RETENTION_DAYS, rw);
  properties[PROP_MAX_STORIES] =
    g_param_spec_uint ("max-stories", NULL, NULL, 1, G_MAXUINT,
                       PN_LIBRARY_DEFAULT_MAX_STORIES, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PnLibrary::saved:
   * @error: (nullable): why the save failed; the failed files are retried
   *   by the next save
   *
   * Emitted on the main thread after each background save.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
pn_library_init (PnLibrary *self)
{
  self->lock_fd = -1;
  self->retention_days = PN_LIBRARY_DEFAULT_RETENTION_DAYS;
  self->max_stories = PN_LIBRARY_DEFAULT_MAX_STORIES;
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  self->sources = g_list_store_new (PN_TYPE_SOURCE);
  self->collections = g_list_store_new (PN_TYPE_COLLECTION);
  self->all_stories = pn_library_list_new (PN_TYPE_STORY);
  self->unread_stories = pn_library_list_new (PN_TYPE_STORY);
  self->saved_stories = pn_library_list_new (PN_TYPE_STORY);
  self->all_annotations = pn_library_list_new (PN_TYPE_ANNOTATION);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) story_entry_free);
  self->source_models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->collection_models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->saved_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) pn_store_saved_info_free);
  self->loaded_stories_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) json_object_unref);
  self->deferred_bodies = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                 (GDestroyNotify) deferred_bodies_free);
  self->sources_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->annotations_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  g_mutex_init (&self->write_mutex);
  g_cond_init (&self->write_cond);
}

/* Public API: loading and saving */

PnLibrary *
pn_library_new (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  return g_object_new (PN_TYPE_LIBRARY, "data-dir", data_dir, NULL);
}

const char *
pn_library_get_data_dir (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  return self->data_dir;
}

static void
add_saved_dir_ids (PnLibrary  *self,
                   GHashTable *ids)
{
  g_autofree char *dir_path = g_build_filename (self->data_dir, "saved", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".json") && name[0] != '.')
        g_hash_table_add (ids, g_strndup (name, strlen (name) - strlen (".json")));
    }
}

/* What pn_library_load() does, but for the save of what it recovered,
 * which is scheduled on the main thread.
 */
static gboolean
load_library (PnLibrary           *self,
              PnLibraryLoadFlags   flags,
              GError             **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) load_job_free);
  g_auto(SortedStories) sorted = { NULL };

  if (flags & PN_LIBRARY_LOAD_READ_ONLY)
    {
      self->read_only = TRUE;
      self->read_only_reason = g_strdup (_("The library is open read-only"));
    }
  else if (!acquire_lock (self, error))
    return FALSE;

  load_small_files (self);

  if (flags & PN_LIBRARY_LOAD_STORIES)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PnSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

          g_ptr_array_add (jobs, new_job (self, JOB_STORIES, pn_source_get_id (source)));
        }
    }
  if (flags & PN_LIBRARY_LOAD_SAVED)
    {
      g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GHashTableIter iter;
      const char *id;

      g_hash_table_iter_init (&iter, self->saved_index);
      while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
        g_hash_table_add (ids, g_strdup (id));
      add_saved_dir_ids (self, ids);

      g_hash_table_iter_init (&iter, ids);
      while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
        {
          LoadJob *job = new_job (self, JOB_SAVED, id);
          PnStoreSavedInfo *info = g_hash_table_lookup (self->saved_index, id);

          /* Its stories file is loaded too, and most likely still holds
           * it: the saved copy is only checked, not built for nothing.
           */
          if ((flags & PN_LIBRARY_LOAD_STORIES) && info != NULL &&
              g_hash_table_contains (self->sources_by_id, info->source_id))
            job->data.skip_story_id = job->id;
          g_ptr_array_add (jobs, job);
        }
    }

  load_jobs (self, jobs, &sorted);
  sorted_stories_add (&sorted, self, self->new_entries);
  g_clear_pointer (&self->new_entries, g_ptr_array_unref);
  fill_story_models (self, &sorted);
  self->loaded = TRUE;
  return TRUE;
}

/* Files recovered from their backups are written again. */
static void
save_recovered_files (PnLibrary *self)
{
  if (g_hash_table_size (self->dirty) > 0)
    schedule_save (self);
}

/* Loads sources.json and library.json, plus what @flags asks for. Without
 * PN_LIBRARY_LOAD_READ_ONLY it takes the data dir's lock first and fails
 * with PN_ERROR_LOCKED when another process holds it. Damaged files do not
 * make it fail: they are recovered from their backups and listed in
 * pn_library_get_problems().
 */
gboolean
pn_library_load (PnLibrary           *self,
                 PnLibraryLoadFlags   flags,
                 GError             **error)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (!self->loaded, FALSE);

  if (!load_library (self, flags, error))
    return FALSE;
  save_recovered_files (self);
  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (load_library (source_object, GPOINTER_TO_UINT (task_data), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* pn_library_load() in a worker thread, so that a window can get ready
 * while the library loads. Until @callback runs, nothing else may touch
 * the library.
 */
void
pn_library_load_async (PnLibrary           *self,
                       PnLibraryLoadFlags   flags,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PN_IS_LIBRARY (self));
  g_return_if_fail (!self->loaded);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pn_library_load_async);
  g_task_set_name (task, "[pn-library] load");
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);
  g_task_run_in_thread (task, load_thread);
}

gboolean
pn_library_load_finish (PnLibrary     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pn_library_load_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  save_recovered_files (self);
  return TRUE;
}

/* Loads one source's stories/SOURCE.json, if not loaded yet. */
gboolean
pn_library_load_source_stories (PnLibrary   *self,
                                const char  *source_id,
                                GError     **error)
{
  g_auto(PnStoreBuffer) buffer = { NULL };
  LoadJob *job;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (source_id != NULL, FALSE);

  if (g_hash_table_contains (self->loaded_stories_files, source_id))
    return TRUE;
  if (pn_library_find_source (self, source_id, error) == NULL)
    return FALSE;

  job = new_job (self, JOB_STORIES, source_id);
  run_job (job, &buffer);
  integrate_stories_job (self, job, TRUE);
  load_job_free (job);
  return TRUE;
}

typedef struct
{
  GPtrArray  *paths;
  const char *needle;
  gint        next;    /* the next path to read */
  gint        found;   /* the first path found to mention the needle so far */
} MentionScan;

static gpointer
mention_worker (gpointer data)
{
  MentionScan *scan = data;
  g_auto(PnStoreBuffer) buffer = { NULL };
  gint i;

  while ((i = g_atomic_int_add (&scan->next, 1)) < (gint) scan->paths->len &&
         i < g_atomic_int_get (&scan->found))
    {
      gint found;

      if (!pn_store_file_contains (g_ptr_array_index (scan->paths, i), scan->needle, &buffer))
        continue;
      do
        found = g_atomic_int_get (&scan->found);
      while (i < found && !g_atomic_int_compare_and_exchange (&scan->found, found, i));
    }
  return NULL;
}

/* The index of the first of @paths from @start on that mentions @needle,
 * or -1. Two threads read: paths are taken in order, and each below the
 * first found so far is read to the end, so the first is the one found.
 */
static int
find_mention (GPtrArray  *paths,
              int         start,
              const char *needle)
{
  MentionScan scan = { paths, needle, start, G_MAXINT };
  GThread *thread = NULL;

  if (g_get_num_processors () > 1 && paths->len - start > 1)
    thread = g_thread_try_new ("pn-library-scan", mention_worker, &scan, NULL);
  mention_worker (&scan);
  if (thread != NULL)
    g_thread_join (thread);
  return scan.found == G_MAXINT ? -1 : scan.found;
}

static void
load_saved_file (PnLibrary  *self,
                 const char *story_id)
{
  LoadJob *job = new_job (self, JOB_SAVED, story_id);
  g_auto(PnStoreBuffer) buffer = { NULL };

  run_job (job, &buffer);
  integrate_saved_job (self, job, TRUE);
  load_job_free (job);
}

typedef struct
{
  GHashTable *by_id;
  gboolean    saved;
} FillBodies;

static gboolean
fill_story_body (JsonNode    *node,
                 GHashTable  *by_id,
                 GError     **error)
{
  const char *id, *summary, *content, *full_content;
  JsonObject *object;
  PnStory *story;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("A story is not an object"));
      return FALSE;
    }
  object = json_node_get_object (node);
  if (!pn_store_json_get_string (object, "id", &id, error) ||
      !pn_store_json_get_string (object, "summary", &summary, error) ||
      !pn_store_json_get_string (object, "content", &content, error) ||
      !pn_store_json_get_string (object, "full-content", &full_content, error))
    return FALSE;
  if (id != NULL && (story = g_hash_table_lookup (by_id, id)) != NULL &&
      pn_story_get_body_deferred (story))
    pn_story_fill_body (story, summary, content, full_content);
  return TRUE;
}

static gboolean
fill_bodies (JsonObject  *file,
             gint64       version,
             gpointer     user_data,
             GError     **error)
{
  FillBodies *fill = user_data;
  JsonArray *array;
  JsonNode *node;

  if (fill->saved)
    return (node = json_object_get_member (file, "story")) == NULL ||
           fill_story_body (node, fill->by_id, error);

  if (!pn_store_json_get_array (file, "stories", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      if (!fill_story_body (json_array_get_element (array, i), fill->by_id, error))
        return FALSE;
    }
  return TRUE;
}

/* Reads the deferred bodies of the stories of @deferred from their file,
 * as it is on disk now, by story id: the way when where they are is not
 * known, or the file changed since (another process can rewrite it while
 * this one holds no lock). This process rewrites it only after this ran.
 */
static gboolean
load_bodies_by_id (PnLibrary       *self,
                   DeferredBodies  *deferred,
                   GError         **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *path = g_build_filename (self->data_dir, deferred->relative_path, NULL);
  FillBodies fill = { by_id, g_str_has_prefix (deferred->relative_path, "saved/") };

  for (guint i = 0; i < deferred->stories->len; i++)
    {
      PnStory *story = g_ptr_array_index (deferred->stories, i);

      g_hash_table_insert (by_id, (gpointer) pn_story_get_id (story), story);
    }
  if (!pn_store_file_read (path, fill_bodies, &fill, error))
    return FALSE;

  /* Only another process can have dropped a story from the file since. */
  for (guint i = 0; i < deferred->stories->len; i++)
    {
      PnStory *story = g_ptr_array_index (deferred->stories, i);

      if (pn_story_get_body_deferred (story))
        {
          g_debug ("%s no longer holds the story %s", deferred->relative_path,
                   pn_story_get_id (story));
          pn_story_fill_body (story, NULL, NULL, NULL);
        }
    }
  g_hash_table_remove (self->deferred_bodies, deferred->relative_path);
  return TRUE;
}

/* Fills @story from @data, the bytes of its file from @data_offset on,
 * where @ref says its bodies are; FALSE when they are not there (the file
 * is not what it was).
 */
static gboolean
fill_body_from (BodyRef    *ref,
                PnStory    *story,
                const char *data,
                goffset     data_offset,
                gsize       length)
{
  const PnStoreSpan *spans[] = { &ref->spans.summary, &ref->spans.content,
                                 &ref->spans.full_content };
  char *texts[G_N_ELEMENTS (spans)] = { NULL };
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < G_N_ELEMENTS (spans); i++)
    {
      goffset start = spans[i]->offset - data_offset;
      const char *raw = data + start;

      if (spans[i]->offset < 0)
        continue;
      /* The quotes around it must be where they were. */
      ok = start >= 1 && (guint64) start + spans[i]->length < length &&
           raw[-1] == '"' && raw[spans[i]->length] == '"' &&
           (texts[i] = pn_store_parse_string (raw, spans[i]->length)) != NULL;
    }
  if (ok)
    pn_story_fill_body (story, texts[0], texts[1], texts[2]);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_free (texts[i]);
  return ok;
}

static void
body_filled (PnLibrary      *self,
             DeferredBodies *deferred)
{
  g_assert (deferred->n_deferred > 0);
  if (--deferred->n_deferred == 0)
    g_hash_table_remove (self->deferred_bodies, deferred->relative_path);
}

/* Reads the bodies of @story alone: only their bytes of the file. */
static gboolean
load_story_body (PnLibrary  *self,
                 BodyRef    *ref,
                 PnStory    *story,
                 GError    **error)
{
  const PnStoreSpan *spans[] = { &ref->spans.summary, &ref->spans.content,
                                 &ref->spans.full_content };
  DeferredBodies *deferred = ref->file;
  goffset first = G_MAXINT64, last = -1;

  if (!deferred->has_spans)
    return load_bodies_by_id (self, deferred, error);

  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    {
      if (spans[i]->offset < 0)
        continue;
      first = MIN (first, spans[i]->offset - 1);
      last = MAX (last, spans[i]->offset + (goffset) spans[i]->length + 1);
    }
  if (last < 0)
    pn_story_fill_body (story, NULL, NULL, NULL);
  else
    {
      g_autofree char *path = g_build_filename (self->data_dir, deferred->relative_path, NULL);
      g_autofree char *data = pn_store_file_read_range (path, &deferred->stamp, first,
                                                        last - first);

      if (data == NULL || !fill_body_from (ref, story, data, first, last - first))
        return load_bodies_by_id (self, deferred, error);
    }
  body_filled (self, deferred);
  return TRUE;
}

/* Reads the bodies of every story of @deferred, with one read of the file. */
static gboolean
load_all_bodies (PnLibrary       *self,
                 DeferredBodies  *deferred,
                 GError         **error)
{
  g_autofree char *path = NULL;
  g_auto(PnStoreBuffer) buffer = { NULL };
  PnStoreFileStamp stamp;

  if (!deferred->has_spans)
    return load_bodies_by_id (self, deferred, error);

  path = g_build_filename (self->data_dir, deferred->relative_path, NULL);
  if (!pn_store_file_view_at (AT_FDCWD, path, &buffer, &stamp, NULL) ||
      !pn_store_file_stamp_equal (&stamp, &deferred->stamp))
    return load_bodies_by_id (self, deferred, error);

  for (guint i = 0; i < deferred->stories->len; i++)
    {
      PnStory *story = g_ptr_array_index (deferred->stories, i);

      if (!pn_story_get_body_deferred (story))
        continue;
      if (!fill_body_from (&deferred->refs[i], story, buffer.view, 0, buffer.length))
        return load_bodies_by_id (self, deferred, error);
      deferred->n_deferred--;
    }
  g_hash_table_remove (self->deferred_bodies, deferred->relative_path);
  return TRUE;
}

static gboolean
ensure_source_bodies (PnLibrary   *self,
                      const char  *source_id,
                      GError     **error)
{
  g_autofree char *relative = stories_path (source_id);
  DeferredBodies *deferred = g_hash_table_lookup (self->deferred_bodies, relative);

  return deferred == NULL || load_all_bodies (self, deferred, error);
}

/* Makes sure the summary, content and full content of @story are in memory.
 * A cold load leaves them in the files (only a preview is kept, see
 * pn_story_get_preview()) and the story's getters read them back on first
 * use; this does the same with the error reported.
 */
gboolean
pn_library_ensure_story_body (PnLibrary  *self,
                              PnStory    *story,
                              GError    **error)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_STORY (story), FALSE);

  /* The story's loader knows its place in the file; a story whose file
   * record went (its library freed it) has none.
   */
  return pn_story_load_body (story, error);
}

/* Finds a story by id and loads only the files that hold it: its saved copy
 * (the index in library.json says where) and its source's stories file,
 * found by a quick scan of the files for the id when it is not saved.
 * Returns: (transfer none): the story
 */
PnStory *
pn_library_load_story (PnLibrary   *self,
                       const char  *story_id,
                       GError     **error)
{
  g_autofree char *needle = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) source_ids = NULL;
  StoryEntry *entry;
  PnStoreSavedInfo *info;
  guint n;

  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (story_id != NULL, NULL);

  entry = g_hash_table_lookup (self->entries, story_id);
  if (entry != NULL && (entry->saved_at == NULL || entry->saved_loaded))
    return entry->story;

  /* The saved copy is authoritative for a saved story (read state
   * included), so its source's big stories file need not be read.
   */
  info = g_hash_table_lookup (self->saved_index, story_id);
  if (info != NULL)
    load_saved_file (self, story_id);
  else
    {
      needle = g_strdup_printf ("\"%s\"", story_id);
      paths = g_ptr_array_new_with_free_func (g_free);
      source_ids = g_ptr_array_new_with_free_func (g_free);
      n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PnSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);
          const char *source_id = pn_source_get_id (source);
          g_autofree char *relative = NULL;

          if (g_hash_table_contains (self->loaded_stories_files, source_id))
            continue;
          relative = stories_path (source_id);
          g_ptr_array_add (paths, g_build_filename (self->data_dir, relative, NULL));
          g_ptr_array_add (source_ids, g_strdup (source_id));
        }
      for (int i = 0; !g_hash_table_contains (self->entries, story_id) &&
                      (i = find_mention (paths, i, needle)) >= 0; i++)
        {
          if (!pn_library_load_source_stories (self, g_ptr_array_index (source_ids, i), error))
            return NULL;
        }
    }

  entry = g_hash_table_lookup (self->entries, story_id);
  if (entry == NULL)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_NOT_FOUND, _("No story with id “%s”"), story_id);
      return NULL;
    }
  return entry->story;
}

/* Finds an annotation by id, loading only the saved story that holds it.
 * Returns: (transfer none): the annotation
 */
PnAnnotation *
pn_library_load_annotation (PnLibrary   *self,
                            const char  *annotation_id,
                            GError     **error)
{
  g_autofree char *dir_path = NULL;
  g_auto(PnStoreBuffer) buffer = { NULL };
  g_autofree char *needle = NULL;
  g_autoptr(GDir) dir = NULL;
  PnAnnotation *annotation;
  const char *name;

  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (annotation_id != NULL, NULL);

  annotation = g_hash_table_lookup (self->annotations_by_id, annotation_id);
  if (annotation != NULL)
    return annotation;

  dir_path = g_build_filename (self->data_dir, "saved", NULL);
  needle = g_strdup_printf ("\"%s\"", annotation_id);
  dir = g_dir_open (dir_path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *story_id = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      if (!pn_store_file_contains (path, needle, &buffer))
        continue;
      story_id = g_strndup (name, strlen (name) - strlen (".json"));
      if (pn_library_load_story (self, story_id, NULL) == NULL)
        continue;
      annotation = g_hash_table_lookup (self->annotations_by_id, annotation_id);
      if (annotation != NULL)
        return annotation;
    }

  g_set_error (error, PN_ERROR, PN_ERROR_NOT_FOUND, _("No annotation with id “%s”"),
               annotation_id);
  return NULL;
}

/* Writes every pending change now and durably (fsync'ed files and folders),
 * after any background save still running. Used on quit and by the CLI,
 * which reports success only after this returned TRUE.
 */
gboolean
pn_library_flush (PnLibrary  *self,
                  GError    **error)
{
  g_autoptr(GPtrArray) snapshot = NULL;
  g_autoptr(GError) body_error = NULL;
  gboolean ok;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);

  if (!self->loaded || self->read_only)
    return TRUE;

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);

  g_mutex_lock (&self->write_mutex);
  while (self->write_in_flight)
    g_cond_wait (&self->write_cond, &self->write_mutex);
  requeue_failed_locked (self);
  /* Here on the main thread, each stories file's tree is built just before
   * it is written: after a big refresh, building them all first would hold
   * a second copy of every story at once (70 MB for 10 000 stories).
   */
  snapshot = build_snapshot (self, TRUE, &self->save_partial, &body_error);
  ok = write_snapshot (self, snapshot, error);
  if (!ok)
    requeue_failed_locked (self);
  else if (body_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&body_error));
      ok = FALSE;
    }
  g_mutex_unlock (&self->write_mutex);

  if (!ok)
    schedule_save (self);
  return ok;
}

/* Returns: (transfer none) (element-type GError): what went wrong while
 * loading (files recovered from backups, missing files, a newer format),
 * for the UI and the CLI to show
 */
GPtrArray *
pn_library_get_problems (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  return self->problems;
}

gboolean
pn_library_get_read_only (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), TRUE);
  return self->read_only;
}

const char *
pn_library_get_read_only_reason (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  return self->read_only ? self->read_only_reason : NULL;
}

guint
pn_library_get_retention_days (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), 0);
  return self->retention_days;
}

void
pn_library_set_retention_days (PnLibrary *self,
                               guint      days)
{
  g_return_if_fail (PN_IS_LIBRARY (self));

  days = MAX (days, 1);
  if (self->retention_days == days)
    return;
  self->retention_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETENTION_DAYS]);
}

guint
pn_library_get_max_stories (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), 0);
  return self->max_stories;
}

void
pn_library_set_max_stories (PnLibrary *self,
                            guint      max_stories)
{
  g_return_if_fail (PN_IS_LIBRARY (self));

  max_stories = MAX (max_stories, 1);
  if (self->max_stories == max_stories)
    return;
  self->max_stories = max_stories;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_STORIES]);
}

/* Public API: models and lookups. Every model is owned by the library. */

GListModel *
pn_library_get_sources (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  return G_LIST_MODEL (self->sources);
}

GListModel *
pn_library_get_collections (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  return G_LIST_MODEL (self->collections);
}

GListModel *
pn_library_get_all_stories (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  return G_LIST_MODEL (self->all_stories);
}

GListModel *
pn_library_get_unread_stories (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  return G_LIST_MODEL (self->unread_stories);
}

GListModel *
pn_library_get_saved_stories (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  return G_LIST_MODEL (self->saved_stories);
}

/* Every loaded story of @source, cached or saved, newest first. */
GListModel *
pn_library_get_source_stories (PnLibrary *self,
                               PnSource  *source)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (PN_IS_SOURCE (source), NULL);
  return G_LIST_MODEL (ensure_source_model (self, pn_source_get_id (source)));
}

/* The collection's stories in the collection's own order. */
GListModel *
pn_library_get_collection_stories (PnLibrary    *self,
                                   PnCollection *collection)
{
  const char *id;
  PnLibraryList *model;

  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (PN_IS_COLLECTION (collection), NULL);

  id = pn_collection_get_id (collection);
  model = g_hash_table_lookup (self->collection_models, id);
  if (model == NULL)
    {
      model = pn_library_list_new (PN_TYPE_STORY);
      g_hash_table_insert (self->collection_models, g_strdup (id), model);
      rebuild_collection_model (self, collection);
    }
  return G_LIST_MODEL (model);
}

GListModel *
pn_library_get_story_annotations (PnLibrary *self,
                                  PnStory   *story)
{
  StoryEntry *entry;

  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (PN_IS_STORY (story), NULL);

  entry = lookup_entry (self, story);
  g_return_val_if_fail (entry != NULL, NULL);
  return G_LIST_MODEL (entry_get_annotations (entry));
}

GListModel *
pn_library_get_all_annotations (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  return G_LIST_MODEL (self->all_annotations);
}

PnSource *
pn_library_lookup_source (PnLibrary  *self,
                          const char *source_id)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (source_id != NULL, NULL);
  return g_hash_table_lookup (self->sources_by_id, source_id);
}

/* pn_library_lookup_source(), with an error that names @source_id. */
PnSource *
pn_library_find_source (PnLibrary   *self,
                        const char  *source_id,
                        GError     **error)
{
  PnSource *source = pn_library_lookup_source (self, source_id);

  if (source == NULL)
    g_set_error (error, PN_ERROR, PN_ERROR_NOT_FOUND, _("No source with id “%s”"), source_id);
  return source;
}

PnSource *
pn_library_lookup_source_by_url (PnLibrary  *self,
                                 const char *url)
{
  guint n;

  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnSource) source = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      if (g_strcmp0 (pn_source_get_url (source), url) == 0)
        return source;
    }
  return NULL;
}

PnStory *
pn_library_lookup_story (PnLibrary  *self,
                         const char *story_id)
{
  StoryEntry *entry;

  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (story_id != NULL, NULL);

  entry = g_hash_table_lookup (self->entries, story_id);
  return entry != NULL ? entry->story : NULL;
}

PnAnnotation *
pn_library_lookup_annotation (PnLibrary  *self,
                              const char *annotation_id)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (annotation_id != NULL, NULL);
  return g_hash_table_lookup (self->annotations_by_id, annotation_id);
}

static PnCollection *
find_collection (PnLibrary  *self,
                 const char *id,
                 const char *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->collections));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnCollection) collection = g_list_model_get_item (G_LIST_MODEL (self->collections), i);

      if ((id != NULL && g_strcmp0 (pn_collection_get_id (collection), id) == 0) ||
          (name != NULL && g_strcmp0 (pn_collection_get_name (collection), name) == 0))
        return collection;
    }
  return NULL;
}

PnCollection *
pn_library_lookup_collection (PnLibrary  *self,
                              const char *collection_id)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (collection_id != NULL, NULL);
  return find_collection (self, collection_id, NULL);
}

PnCollection *
pn_library_lookup_collection_by_name (PnLibrary  *self,
                                      const char *name)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return find_collection (self, NULL, name);
}

/* Returns: (transfer none) (nullable): when @story was saved, NULL if not */
GDateTime *
pn_library_get_saved_at (PnLibrary *self,
                         PnStory   *story)
{
  StoryEntry *entry;

  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (PN_IS_STORY (story), NULL);

  entry = lookup_entry (self, story);
  return entry != NULL ? entry->saved_at : NULL;
}

/* Public API: operations */

static StoryEntry *
require_entry (PnLibrary  *self,
               PnStory    *story,
               GError    **error)
{
  StoryEntry *entry = lookup_entry (self, story);

  if (entry == NULL || entry->story != story)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_NOT_FOUND, _("The story “%s” is not in the library"),
                   pn_story_get_id (story));
      return NULL;
    }
  return entry;
}

static gboolean
require_source (PnLibrary  *self,
                PnSource   *source,
                GError    **error)
{
  if (g_hash_table_lookup (self->sources_by_id, pn_source_get_id (source)) != source)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_NOT_FOUND, _("The source “%s” is not in the library"),
                   pn_source_get_display_title (source));
      return FALSE;
    }
  return TRUE;
}

static gboolean
require_collection (PnLibrary     *self,
                    PnCollection  *collection,
                    GError       **error)
{
  if (!g_list_store_find (self->collections, collection, NULL))
    {
      g_set_error (error, PN_ERROR, PN_ERROR_NOT_FOUND,
                   _("The collection “%s” is not in the library"),
                   pn_collection_get_name (collection));
      return FALSE;
    }
  return TRUE;
}

/* Returns: (transfer none): the new source */
PnSource *
pn_library_add_source (PnLibrary   *self,
                       const char  *url,
                       const char  *title,
                       const char  *folder,
                       GError     **error)
{
  g_autoptr(PnSource) source = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  if (!check_writable (self, error))
    return NULL;
  if (*url == '\0')
    {
      g_set_error (error, PN_ERROR, PN_ERROR_INVALID_ARGUMENT, _("The feed address is empty"));
      return NULL;
    }

  id = pn_source_make_id (url);
  if (pn_library_lookup_source_by_url (self, url) != NULL ||
      g_hash_table_contains (self->sources_by_id, id))
    {
      g_set_error (error, PN_ERROR, PN_ERROR_EXISTS, _("You already follow “%s”"), url);
      return NULL;
    }

  source = pn_source_new (id, url);
  pn_source_set_title (source, title);
  pn_source_set_folder (source, folder);
  g_hash_table_insert (self->sources_by_id, (gpointer) pn_source_get_id (source), source);
  g_list_store_append (self->sources, source);
  /* A new source has no stories file to respect yet. */
  g_hash_table_replace (self->loaded_stories_files, g_strdup (id), json_object_new ());
  mark_dirty_take (self, g_strdup (SOURCES_FILE));
  return source;
}

/* Subscribes to the feeds of an OPML file (see pn_opml_parse()), each with
 * its title, folder and site; the ones already followed are counted in
 * *@n_present. Stops at any other error.
 * Returns: (transfer container) (element-type PnSource): the sources added
 */
GPtrArray *
pn_library_add_opml_entries (PnLibrary  *self,
                             GPtrArray  *entries,
                             guint      *n_present,
                             GError    **error)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();

  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (entries != NULL, NULL);

  *n_present = 0;
  for (guint i = 0; i < entries->len; i++)
    {
      PnOpmlEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GError) add_error = NULL;
      PnSource *source = pn_library_add_source (self, entry->url, entry->title, entry->folder,
                                                &add_error);

      if (source != NULL)
        {
          /* Kept so that an export gives the site back before the first
           * refresh learns it from the feed. */
          if (entry->site_url != NULL)
            pn_source_set_site_url (source, entry->site_url);
          g_ptr_array_add (added, source);
        }
      else if (g_error_matches (add_error, PN_ERROR, PN_ERROR_EXISTS))
        (*n_present)++;
      else
        {
          g_propagate_error (error, g_steal_pointer (&add_error));
          return NULL;
        }
    }
  return g_steal_pointer (&added);
}

/* Cached stories of the source go; its saved stories stay (their copies
 * live in saved/).
 */
gboolean
pn_library_remove_source (PnLibrary  *self,
                          PnSource   *source,
                          GError    **error)
{
  g_autoptr(PnSource) keep = NULL;
  g_autoptr(GHashTable) removed = g_hash_table_new (g_str_hash, g_str_equal);
  const char *source_id;
  GHashTableIter iter;
  StoryEntry *entry;
  guint position;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_SOURCE (source), FALSE);

  if (!check_writable (self, error) || !require_source (self, source, error))
    return FALSE;

  /* Its stories file goes; the stories kept (saved, in a collection) need
   * their bodies first. */
  source_id = pn_source_get_id (source);
  if (!ensure_source_bodies (self, source_id, error))
    return FALSE;

  keep = g_object_ref (source);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (strcmp (pn_story_get_source_id (entry->story), source_id) != 0)
        continue;
      entry->cached = FALSE;
      if (entry->saved_at == NULL && !is_in_a_collection (self, pn_story_get_id (entry->story)))
        g_hash_table_add (removed, (gpointer) pn_story_get_id (entry->story));
    }

  g_hash_table_remove (self->sources_by_id, source_id);
  if (g_list_store_find (self->sources, source, &position))
    g_list_store_remove (self->sources, position);
  remove_entries (self, removed);
  mark_dirty_take (self, stories_path (source_id));
  mark_dirty_take (self, g_strdup (SOURCES_FILE));
  return TRUE;
}

gboolean
pn_library_rename_source (PnLibrary   *self,
                          PnSource    *source,
                          const char  *title,
                          GError     **error)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_SOURCE (source), FALSE);

  if (!check_writable (self, error) || !require_source (self, source, error))
    return FALSE;

  pn_source_set_title (source, title);
  mark_dirty_take (self, g_strdup (SOURCES_FILE));
  return TRUE;
}

/* @folder: (nullable): NULL or "" moves the source out of any folder */
gboolean
pn_library_move_source_to_folder (PnLibrary   *self,
                                  PnSource    *source,
                                  const char  *folder,
                                  GError     **error)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_SOURCE (source), FALSE);

  if (!check_writable (self, error) || !require_source (self, source, error))
    return FALSE;

  pn_source_set_folder (source, folder != NULL && *folder != '\0' ? folder : NULL);
  mark_dirty_take (self, g_strdup (SOURCES_FILE));
  return TRUE;
}

/* The fetcher changed @source's fetch state (validators, dates, errors). */
gboolean
pn_library_source_changed (PnLibrary   *self,
                           PnSource    *source,
                           GError     **error)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_SOURCE (source), FALSE);

  if (!check_writable (self, error) || !require_source (self, source, error))
    return FALSE;

  mark_dirty_take (self, g_strdup (SOURCES_FILE));
  return TRUE;
}

/* The annotations follow their passage into the story's new text. */
static void
reanchor_annotations (PnLibrary  *self,
                      StoryEntry *entry)
{
  g_autofree char *text = NULL;
  guint n;

  if (entry->annotations == NULL)
    return;

  text = pn_story_dup_plain_text (entry->story);
  n = g_list_model_get_n_items (G_LIST_MODEL (entry->annotations));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (entry->annotations), i);
      g_autofree char *exact = NULL, *prefix = NULL, *suffix = NULL;
      gint64 start, end;
      PnAnchorMatch match;

      if (!pn_annotation_has_anchor (annotation))
        continue;

      match = pn_anchor_reanchor (text,
                                  pn_annotation_get_exact (annotation),
                                  pn_annotation_get_prefix (annotation),
                                  pn_annotation_get_suffix (annotation),
                                  pn_annotation_get_start (annotation),
                                  pn_annotation_get_end (annotation),
                                  &start, &end);
      if (match == PN_ANCHOR_MATCH_DETACHED)
        {
          pn_annotation_set_detached (annotation, TRUE);
          continue;
        }
      if (pn_anchor_create (text, start, end, &exact, &prefix, &suffix))
        pn_annotation_set_anchor (annotation, exact, prefix, suffix, start, end);
      pn_annotation_set_detached (annotation, FALSE);
    }
  pn_library_list_sort (entry->annotations, compare_annotations, NULL);
}

#define UPDATE_STR(getter, setter) \
  G_STMT_START { \
    if (g_strcmp0 (getter (story), getter (fresh)) != 0) \
      { setter (story, getter (fresh)); changed = TRUE; } \
  } G_STMT_END

/* Copies what the feed says about a story onto the one we have, keeping
 * what is ours (read, saved, fetched-at, reader-mode text the feed lacks).
 * Returns TRUE when something changed; @text_changed when the body did.
 */
static gboolean
update_story (PnStory  *story,
              PnStory  *fresh,
              gboolean *text_changed)
{
  gboolean changed = FALSE;
  const char *old_body = pn_story_get_body (story);
  g_autofree char *old_body_copy = g_strdup (old_body);
  g_autofree char *old_full = g_strdup (pn_story_get_full_content (story));

  UPDATE_STR (pn_story_get_guid, pn_story_set_guid);
  UPDATE_STR (pn_story_get_title, pn_story_set_title);
  UPDATE_STR (pn_story_get_link, pn_story_set_link);
  UPDATE_STR (pn_story_get_summary, pn_story_set_summary);
  UPDATE_STR (pn_story_get_content, pn_story_set_content);
  UPDATE_STR (pn_story_get_comments_url, pn_story_set_comments_url);
  UPDATE_STR (pn_story_get_thumbnail_url, pn_story_set_thumbnail_url);
  if (pn_story_get_full_content (fresh) != NULL)
    UPDATE_STR (pn_story_get_full_content, pn_story_set_full_content);

  if (pn_story_get_published (fresh) != NULL &&
      (pn_story_get_published (story) == NULL ||
       !g_date_time_equal (pn_story_get_published (story), pn_story_get_published (fresh))))
    {
      pn_story_set_published (story, pn_story_get_published (fresh));
      changed = TRUE;
    }
  if (pn_story_get_updated (fresh) != NULL &&
      (pn_story_get_updated (story) == NULL ||
       !g_date_time_equal (pn_story_get_updated (story), pn_story_get_updated (fresh))))
    {
      pn_story_set_updated (story, pn_story_get_updated (fresh));
      changed = TRUE;
    }
  if (pn_story_get_authors (fresh) != NULL)
    pn_story_set_authors (story, pn_story_get_authors (fresh));
  if (pn_story_get_enclosures (fresh) != NULL)
    pn_story_set_enclosures (story, pn_story_get_enclosures (fresh));
  if (pn_story_get_categories (fresh) != NULL)
    pn_story_set_categories (story, pn_story_get_categories (fresh));

  *text_changed = g_strcmp0 (old_body_copy, pn_story_get_body (story)) != 0 ||
                  g_strcmp0 (old_full, pn_story_get_full_content (story)) != 0;
  return changed;
}

#undef UPDATE_STR

/* Stores the article reader mode extracted for @story, beside the feed's
 * version; a saved story's copy follows, and its highlights re-anchor on
 * the new text. @full_content NULL goes back to the feed's version.
 */
gboolean
pn_library_set_full_content (PnLibrary   *self,
                             PnStory     *story,
                             const char  *full_content,
                             GError     **error)
{
  StoryEntry *entry;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_STORY (story), FALSE);

  if (!check_writable (self, error) || (entry = require_entry (self, story, error)) == NULL)
    return FALSE;

  if (g_strcmp0 (pn_story_get_full_content (story), full_content) == 0)
    return TRUE;

  pn_story_set_full_content (story, full_content);
  if (entry->saved_at != NULL)
    reanchor_annotations (self, entry);
  mark_story_dirty (self, entry);
  return TRUE;
}

/* Folds a fetched feed into the library (main thread). New stories are
 * added; known ones are updated in place and keep their read and saved
 * state; a saved story that changed gets its saved copy rewritten and its
 * annotations re-anchored. Retention then trims the source.
 */
gboolean
pn_library_merge_stories (PnLibrary  *self,
                          PnSource   *source,
                          GPtrArray  *stories,
                          guint      *n_new,
                          GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *source_id;
  gboolean reorder = FALSE;
  guint added = 0;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_SOURCE (source), FALSE);
  g_return_val_if_fail (stories != NULL, FALSE);

  if (!check_writable (self, error) || !require_source (self, source, error))
    return FALSE;

  source_id = pn_source_get_id (source);
  if (!pn_library_load_source_stories (self, source_id, error))
    return FALSE;

  for (guint i = 0; i < stories->len; i++)
    {
      PnStory *fresh = g_ptr_array_index (stories, i);
      StoryEntry *entry = lookup_entry (self, fresh);
      gboolean text_changed = FALSE;
      GDateTime *old_date;

      g_return_val_if_fail (PN_IS_STORY (fresh), FALSE);
      g_return_val_if_fail (g_strcmp0 (pn_story_get_source_id (fresh), source_id) == 0, FALSE);

      if (entry == NULL)
        {
          if (pn_story_get_fetched_at (fresh) == NULL)
            pn_story_set_fetched_at (fresh, now);
          entry = g_new0 (StoryEntry, 1);
          entry->story = g_object_ref (fresh);
          entry->cached = TRUE;
          g_hash_table_insert (self->entries, (gpointer) pn_story_get_id (fresh), entry);
          entry_show (self, entry);
          added++;
          continue;
        }

      entry->cached = TRUE;
      old_date = pn_story_get_sort_date (entry->story);
      old_date = old_date != NULL ? g_date_time_ref (old_date) : NULL;
      if (update_story (entry->story, fresh, &text_changed) && entry->saved_at != NULL)
        {
          PnStoreSavedInfo *info = g_hash_table_lookup (self->saved_index, pn_story_get_id (fresh));

          if (text_changed)
            reanchor_annotations (self, entry);
          if (entry->saved_loaded)
            mark_saved_dirty (self, entry);
          if (info != NULL && pn_set_str (&info->title, pn_story_get_title (entry->story)))
            mark_dirty_take (self, g_strdup (LIBRARY_FILE));
        }
      if (!pn_set_date_time (&old_date, pn_story_get_sort_date (entry->story)))
        {
          g_clear_pointer (&old_date, g_date_time_unref);
          continue;
        }
      g_clear_pointer (&old_date, g_date_time_unref);
      reorder = TRUE;
    }

  if (reorder)
    rebuild_story_models (self);
  mark_stories_dirty (self, source_id);
  pn_library_apply_retention (self, source, now);

  if (n_new != NULL)
    *n_new = added;
  return TRUE;
}

/* Drops cached stories of @source (or of every source) older than the
 * retention period or beyond the per-source cap. Saved stories and stories
 * in a collection are never dropped (a saved one only leaves the cache
 * file), and neither are annotations. Returns how many stories went.
 */
guint
pn_library_apply_retention (PnLibrary *self,
                            PnSource  *source,
                            GDateTime *now)
{
  g_autoptr(GDateTime) cutoff = NULL;
  g_autoptr(GHashTable) removed = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_sources;

  g_return_val_if_fail (PN_IS_LIBRARY (self), 0);
  g_return_val_if_fail (source == NULL || PN_IS_SOURCE (source), 0);
  g_return_val_if_fail (now != NULL, 0);

  if (!self->loaded || self->read_only)
    return 0;

  cutoff = g_date_time_add_days (now, -(int) MIN (self->retention_days, G_MAXINT));
  n_sources = g_list_model_get_n_items (G_LIST_MODEL (self->sources));
  for (guint s = 0; s < n_sources; s++)
    {
      g_autoptr(PnSource) candidate = g_list_model_get_item (G_LIST_MODEL (self->sources), s);
      const char *source_id = pn_source_get_id (candidate);
      PnLibraryList *model = g_hash_table_lookup (self->source_models, source_id);
      gboolean changed = FALSE;
      guint rank = 0;
      guint n;

      if ((source != NULL && candidate != source) || model == NULL ||
          !g_hash_table_contains (self->loaded_stories_files, source_id))
        continue;

      n = g_list_model_get_n_items (G_LIST_MODEL (model));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PnStory) story = g_list_model_get_item (G_LIST_MODEL (model), i);
          StoryEntry *entry = lookup_entry (self, story);
          /* Age counts from when the story reached the library: a feed's
           * old items (or the sample story) are not dropped, and fetched
           * again as "new", at every refresh.
           */
          GDateTime *date = pn_story_get_fetched_at (story) ?: pn_story_get_sort_date (story);

          if (!entry->cached)
            continue;
          rank++;
          if (rank <= self->max_stories && (date == NULL || g_date_time_compare (date, cutoff) >= 0))
            continue;

          if (entry->saved_at != NULL)
            {
              entry->cached = FALSE;
              changed = TRUE;
            }
          else if (!is_in_a_collection (self, pn_story_get_id (story)))
            {
              g_hash_table_add (removed, (gpointer) pn_story_get_id (story));
              changed = TRUE;
            }
        }
      if (changed)
        mark_stories_dirty (self, source_id);
    }

  n_sources = g_hash_table_size (removed);
  remove_entries (self, removed);
  return n_sources;
}

gboolean
pn_library_mark_read (PnLibrary  *self,
                      PnStory    *story,
                      gboolean    read,
                      GError    **error)
{
  StoryEntry *entry;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_STORY (story), FALSE);

  if (!check_writable (self, error) || (entry = require_entry (self, story, error)) == NULL)
    return FALSE;

  read = !!read;
  if (pn_story_get_read (story) == read)
    return TRUE;

  pn_story_set_read (story, read);
  if (read)
    {
      store_remove_item (self->unread_stories, story);
      adjust_unread (self, pn_story_get_source_id (story), -1);
    }
  else
    {
      pn_library_list_insert_sorted (self->unread_stories, story, compare_stories, NULL);
      adjust_unread (self, pn_story_get_source_id (story), 1);
    }
  mark_story_dirty (self, entry);
  return TRUE;
}

/* @source: (nullable): NULL marks every story read */
gboolean
pn_library_mark_all_read (PnLibrary  *self,
                          PnSource   *source,
                          GError    **error)
{
  g_autoptr(GPtrArray) still_unread = g_ptr_array_new ();
  guint n;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (source == NULL || PN_IS_SOURCE (source), FALSE);

  if (!check_writable (self, error) || (source != NULL && !require_source (self, source, error)))
    return FALSE;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->unread_stories));
  for (guint i = 0; i < n; i++)
    {
      PnStory *story = g_list_model_get_item (G_LIST_MODEL (self->unread_stories), i);

      if (source == NULL || strcmp (pn_story_get_source_id (story), pn_source_get_id (source)) == 0)
        {
          pn_story_set_read (story, TRUE);
          mark_story_dirty (self, lookup_entry (self, story));
        }
      else
        g_ptr_array_add (still_unread, story);
      g_object_unref (story);
    }
  pn_library_list_splice (self->unread_stories, 0, n, still_unread->pdata, still_unread->len);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnSource) candidate = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      if (source == NULL || candidate == source)
        pn_source_set_unread_count (candidate, 0);
    }
  return TRUE;
}

static void
do_save_story (PnLibrary  *self,
               StoryEntry *entry)
{
  entry->saved_at = g_date_time_new_now_utc ();
  entry->saved_loaded = TRUE;
  pn_story_set_saved (entry->story, TRUE);
  pn_library_list_insert_sorted (self->saved_stories, entry->story, compare_stories, NULL);

  g_hash_table_replace (self->saved_index, g_strdup (pn_story_get_id (entry->story)),
                        pn_store_saved_info_new (pn_story_get_source_id (entry->story),
                                                 pn_story_get_title (entry->story),
                                                 g_date_time_ref (entry->saved_at)));

  mark_saved_dirty (self, entry);
  mark_dirty_take (self, g_strdup (LIBRARY_FILE));
}

gboolean
pn_library_save_story (PnLibrary  *self,
                       PnStory    *story,
                       GError    **error)
{
  StoryEntry *entry;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_STORY (story), FALSE);

  if (!check_writable (self, error) || (entry = require_entry (self, story, error)) == NULL)
    return FALSE;

  if (entry->saved_at == NULL)
    do_save_story (self, entry);
  return TRUE;
}

/* Refused while the story has annotations: those are the user's own work
 * and must be deleted deliberately. The story leaves its collections.
 */
gboolean
pn_library_unsave_story (PnLibrary  *self,
                         PnStory    *story,
                         GError    **error)
{
  StoryEntry *entry;
  guint n;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_STORY (story), FALSE);

  if (!check_writable (self, error) || (entry = require_entry (self, story, error)) == NULL)
    return FALSE;
  if (entry->saved_at == NULL)
    return TRUE;

  n = entry->annotations != NULL ? g_list_model_get_n_items (G_LIST_MODEL (entry->annotations)) : 0;
  if (n > 0)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_INVALID_ARGUMENT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The story has %u annotation; delete it first",
                                "The story has %u annotations; delete them first", n), n);
      return FALSE;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->collections));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PnCollection) collection = g_list_model_get_item (G_LIST_MODEL (self->collections), i);

      if (pn_collection_remove_story (collection, pn_story_get_id (story)))
        rebuild_collection_model (self, collection);
    }

  g_clear_pointer (&entry->saved_at, g_date_time_unref);
  pn_story_set_saved (story, FALSE);
  store_remove_item (self->saved_stories, story);
  g_hash_table_remove (self->saved_index, pn_story_get_id (story));
  mark_dirty_take (self, saved_path (pn_story_get_id (story)));
  mark_dirty_take (self, g_strdup (LIBRARY_FILE));

  if (!entry->cached)
    {
      g_autoptr(GHashTable) removed = g_hash_table_new (g_str_hash, g_str_equal);

      g_hash_table_add (removed, (gpointer) pn_story_get_id (story));
      remove_entries (self, removed);
    }
  return TRUE;
}

/* A highlight of the code points [@start, @end) of the story's plain text,
 * or a note on the whole story when @start is -1. Annotating saves the
 * story: its annotations live in its saved copy.
 * Returns: (transfer none): the new annotation
 */
PnAnnotation *
pn_library_add_annotation (PnLibrary   *self,
                           PnStory     *story,
                           gint64       start,
                           gint64       end,
                           const char  *note,
                           GError     **error)
{
  g_autoptr(PnAnnotation) annotation = NULL;
  g_autofree char *exact = NULL, *prefix = NULL, *suffix = NULL;
  StoryEntry *entry;

  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (PN_IS_STORY (story), NULL);

  if (!check_writable (self, error) || (entry = require_entry (self, story, error)) == NULL)
    return NULL;

  if (start >= 0)
    {
      g_autofree char *text = pn_story_dup_plain_text (story);

      if (!pn_anchor_create (text, start, end, &exact, &prefix, &suffix))
        {
          g_set_error (error, PN_ERROR, PN_ERROR_INVALID_ARGUMENT,
                       _("The passage %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT
                         " is not in the story’s text"), start, end);
          return NULL;
        }
    }
  else if (note == NULL || *note == '\0')
    {
      g_set_error (error, PN_ERROR, PN_ERROR_INVALID_ARGUMENT, _("The note is empty"));
      return NULL;
    }

  if (entry->saved_at == NULL)
    do_save_story (self, entry);

  annotation = pn_annotation_new (NULL, pn_story_get_id (story));
  pn_annotation_set_note (annotation, note);
  if (exact != NULL)
    pn_annotation_set_anchor (annotation, exact, prefix, suffix, start, end);
  add_annotation_to_models (self, entry, annotation);
  mark_saved_dirty (self, entry);
  return annotation;
}

static StoryEntry *
require_annotation (PnLibrary     *self,
                    PnAnnotation  *annotation,
                    GError       **error)
{
  StoryEntry *entry = g_hash_table_lookup (self->entries, pn_annotation_get_story_id (annotation));

  if (entry == NULL ||
      g_hash_table_lookup (self->annotations_by_id, pn_annotation_get_id (annotation)) != annotation)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_NOT_FOUND,
                   _("The annotation “%s” is not in the library"),
                   pn_annotation_get_id (annotation));
      return NULL;
    }
  return entry;
}

/* @color: (nullable): NULL keeps the colour */
gboolean
pn_library_edit_annotation (PnLibrary     *self,
                            PnAnnotation  *annotation,
                            const char    *note,
                            const char    *color,
                            GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  StoryEntry *entry;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_ANNOTATION (annotation), FALSE);

  if (!check_writable (self, error) || (entry = require_annotation (self, annotation, error)) == NULL)
    return FALSE;

  pn_annotation_set_note (annotation, note);
  if (color != NULL)
    pn_annotation_set_color (annotation, color);
  pn_annotation_set_modified (annotation, now);
  mark_saved_dirty (self, entry);
  return TRUE;
}

gboolean
pn_library_delete_annotation (PnLibrary     *self,
                              PnAnnotation  *annotation,
                              GError       **error)
{
  g_autoptr(PnAnnotation) keep = NULL;
  StoryEntry *entry;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_ANNOTATION (annotation), FALSE);

  if (!check_writable (self, error) || (entry = require_annotation (self, annotation, error)) == NULL)
    return FALSE;

  keep = g_object_ref (annotation);
  g_hash_table_remove (self->annotations_by_id, pn_annotation_get_id (annotation));
  store_remove_item (entry_get_annotations (entry), annotation);
  store_remove_item (self->all_annotations, annotation);
  mark_saved_dirty (self, entry);
  return TRUE;
}

static gboolean
check_collection_name (PnLibrary     *self,
                       const char    *name,
                       PnCollection  *except,
                       GError       **error)
{
  PnCollection *other;

  if (name == NULL || *name == '\0')
    {
      g_set_error (error, PN_ERROR, PN_ERROR_INVALID_ARGUMENT, _("The collection name is empty"));
      return FALSE;
    }
  other = find_collection (self, NULL, name);
  if (other != NULL && other != except)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_EXISTS, _("A collection named “%s” already exists"),
                   name);
      return FALSE;
    }
  return TRUE;
}

/* Returns: (transfer none): the new collection */
PnCollection *
pn_library_create_collection (PnLibrary   *self,
                              const char  *name,
                              GError     **error)
{
  g_autoptr(PnCollection) collection = NULL;

  g_return_val_if_fail (PN_IS_LIBRARY (self), NULL);

  if (!check_writable (self, error) || !check_collection_name (self, name, NULL, error))
    return NULL;

  collection = pn_collection_new (NULL, name);
  g_list_store_append (self->collections, collection);
  mark_dirty_take (self, g_strdup (LIBRARY_FILE));
  return collection;
}

gboolean
pn_library_rename_collection (PnLibrary     *self,
                              PnCollection  *collection,
                              const char    *name,
                              GError       **error)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_COLLECTION (collection), FALSE);

  if (!check_writable (self, error) || !require_collection (self, collection, error) ||
      !check_collection_name (self, name, collection, error))
    return FALSE;

  pn_collection_set_name (collection, name);
  mark_dirty_take (self, g_strdup (LIBRARY_FILE));
  return TRUE;
}

/* The stories stay saved; only the grouping goes. */
gboolean
pn_library_delete_collection (PnLibrary     *self,
                              PnCollection  *collection,
                              GError       **error)
{
  guint position;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_COLLECTION (collection), FALSE);

  if (!check_writable (self, error) || !require_collection (self, collection, error))
    return FALSE;

  g_hash_table_remove (self->collection_models, pn_collection_get_id (collection));
  if (g_list_store_find (self->collections, collection, &position))
    g_list_store_remove (self->collections, position);
  mark_dirty_take (self, g_strdup (LIBRARY_FILE));
  return TRUE;
}

/* Adds @story at @position (G_MAXUINT appends); it is saved first, so that
 * a collection outlives its stories' feeds. Adding a story twice is a no-op.
 */
gboolean
pn_library_add_to_collection (PnLibrary     *self,
                              PnCollection  *collection,
                              PnStory       *story,
                              guint          position,
                              GError       **error)
{
  StoryEntry *entry;

  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_COLLECTION (collection), FALSE);
  g_return_val_if_fail (PN_IS_STORY (story), FALSE);

  if (!check_writable (self, error) || !require_collection (self, collection, error) ||
      (entry = require_entry (self, story, error)) == NULL)
    return FALSE;

  if (entry->saved_at == NULL)
    do_save_story (self, entry);
  if (pn_collection_insert_story (collection, position, pn_story_get_id (story)))
    {
      rebuild_collection_model (self, collection);
      mark_dirty_take (self, g_strdup (LIBRARY_FILE));
    }
  return TRUE;
}

gboolean
pn_library_remove_from_collection (PnLibrary     *self,
                                   PnCollection  *collection,
                                   PnStory       *story,
                                   GError       **error)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_COLLECTION (collection), FALSE);
  g_return_val_if_fail (PN_IS_STORY (story), FALSE);

  if (!check_writable (self, error) || !require_collection (self, collection, error))
    return FALSE;

  if (!pn_collection_remove_story (collection, pn_story_get_id (story)))
    {
      g_set_error (error, PN_ERROR, PN_ERROR_NOT_FOUND,
                   _("The story “%s” is not in the collection “%s”"),
                   pn_story_get_id (story), pn_collection_get_name (collection));
      return FALSE;
    }
  rebuild_collection_model (self, collection);
  mark_dirty_take (self, g_strdup (LIBRARY_FILE));
  return TRUE;
}

gboolean
pn_library_move_in_collection (PnLibrary     *self,
                               PnCollection  *collection,
                               guint          from,
                               guint          to,
                               GError       **error)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (PN_IS_COLLECTION (collection), FALSE);

  if (!check_writable (self, error) || !require_collection (self, collection, error))
    return FALSE;

  if (!pn_collection_move_story (collection, from, to))
    {
      g_set_error (error, PN_ERROR, PN_ERROR_INVALID_ARGUMENT,
                   _("There is no story at position %u or %u"), from, to);
      return FALSE;
    }
  rebuild_collection_model (self, collection);
  mark_dirty_take (self, g_strdup (LIBRARY_FILE));
  return TRUE;
}

/* Test hooks (pn-library-private.h) */

void
_pn_library_set_write_errno (int errno_code)
{
  pn_store_file_set_write_errno (errno_code);
}

void
_pn_library_save_now (PnLibrary *self)
{
  g_return_if_fail (PN_IS_LIBRARY (self));
  save_in_background (self);
}

guint
_pn_library_get_n_dirty (PnLibrary *self)
{
  g_return_val_if_fail (PN_IS_LIBRARY (self), 0);
  return g_hash_table_size (self->dirty);
}
