/* pn-store-file.h — crash-safe reads and writes of one store file (internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  PN_STORE_FILE_LOADED,
  PN_STORE_FILE_MISSING,
  PN_STORE_FILE_FAILED,
  /* Exists but cannot be read (permissions, I/O): not corrupt, and must
   * not be overwritten either.
   */
  PN_STORE_FILE_UNREADABLE,
} PnStoreFileResult;

/* Turns a parsed file into model data; returns FALSE (with @error) when a
 * known field has the wrong type, which makes the file count as corrupt.
 */
typedef gboolean (*PnStoreFileParseFunc) (JsonObject  *file,
                                          gint64       version,
                                          gpointer     user_data,
                                          GError     **error);

/* One version of a file: a rewrite (a rename over it) changes the inode,
 * an edit in place the size or the time.
 */
typedef struct
{
  guint64 device;
  guint64 inode;
  gint64  size;
  gint64  mtime_ns;
} PnStoreFileStamp;

/* A buffer kept from file to file, so that a load of thousands of files
 * does not fault fresh memory in for each.
 */
typedef struct
{
  char       *data;
  gsize       length;
  gsize       allocated;
  /* pn_store_file_view_at(): the bytes, read into data or mapped */
  const char *view;
  gpointer    mapping;
  gsize       mapping_length;
  char       *scratch;
  gsize       scratch_allocated;
} PnStoreBuffer;

void              pn_store_buffer_clear   (PnStoreBuffer         *buffer);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PnStoreBuffer, pn_store_buffer_clear)

gboolean          pn_store_file_view_at   (int                    dir_fd,
                                           const char            *path,
                                           PnStoreBuffer         *buffer,
                                           PnStoreFileStamp      *stamp,
                                           GError               **error);
char             *pn_store_buffer_get_scratch (PnStoreBuffer     *buffer);
gboolean          pn_store_file_contains  (const char            *path,
                                           const char            *needle,
                                           PnStoreBuffer         *buffer);
char             *pn_store_file_read_range (const char            *path,
                                            const PnStoreFileStamp *stamp,
                                            goffset                 offset,
                                            gsize                   length);
gboolean          pn_store_file_stamp_equal (const PnStoreFileStamp *a,
                                             const PnStoreFileStamp *b);

PnStoreFileResult pn_store_file_load      (const char            *path,
                                           gboolean               repair,
                                           PnStoreFileParseFunc   parse,
                                           gpointer               user_data,
                                           GPtrArray             *problems);
gboolean          pn_store_file_read      (const char            *path,
                                           PnStoreFileParseFunc   parse,
                                           gpointer               user_data,
                                           GError               **error);
gboolean          pn_store_file_write     (const char            *path,
                                           const char            *data,
                                           gsize                  length,
                                           GError               **error);
gboolean          pn_store_file_delete    (const char            *path,
                                           GError               **error);
void              pn_store_file_sync_dir  (const char            *dir);
void              pn_store_file_set_write_errno (int              errno_code);

G_END_DECLS
