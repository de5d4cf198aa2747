/* pn-store-file.c — crash-safe reads and writes of one store file
 *
 * A write never leaves a half-written file behind: the new content goes to
 * a temporary file in the same folder, is fsync'ed and renamed over the old
 * one (g_file_set_contents_full with CONSISTENT|DURABLE). Just before, the
 * old file is hard-linked to FILE.bak, so the previous good copy survives
 * whatever happens to the new one. A file that does not parse is moved aside
 * to FILE.corrupt-TIMESTAMP, never overwritten, and its .bak is read instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-store-file"
#define _GNU_SOURCE /* memmem */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pn-error.h"
#include "pn-store-file.h"
#include "pn-store-parse.h"

static gboolean
set_errno_error_read (GError    **error,
                      const char *path,
                      int         code)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (code),
               _("Could not read “%s”: %s"), display, g_strerror (code));
  return FALSE;
}

/* Tests simulate a full disk with this; the environment variable lets them
 * do it to a prime-news-cli process too.
 */
static int write_errno = -1;

void
pn_store_file_set_write_errno (int errno_code)
{
  g_atomic_int_set (&write_errno, errno_code);
}

static int
get_write_errno (void)
{
  int value = g_atomic_int_get (&write_errno);

  if (value < 0)
    {
      const char *env = g_getenv ("PN_STORE_INJECT_WRITE_ERROR");

      value = 0;
      if (g_strcmp0 (env, "ENOSPC") == 0)
        value = ENOSPC;
      else if (g_strcmp0 (env, "EACCES") == 0)
        value = EACCES;
      else if (g_strcmp0 (env, "EIO") == 0)
        value = EIO;
      g_atomic_int_set (&write_errno, value);
    }
  return value;
}

void
pn_store_buffer_clear (PnStoreBuffer *buffer)
{
  g_clear_pointer (&buffer->data, g_free);
  buffer->length = buffer->allocated = 0;
  if (buffer->mapping != NULL)
    munmap (buffer->mapping, buffer->mapping_length);
  buffer->mapping = NULL;
  buffer->mapping_length = 0;
  buffer->view = NULL;
  g_clear_pointer (&buffer->scratch, g_free);
  buffer->scratch_allocated = 0;
}

static void
stamp_from_stat (PnStoreFileStamp *stamp,
                 const struct stat *buf)
{
  stamp->device = buf->st_dev;
  stamp->inode = buf->st_ino;
  stamp->size = buf->st_size;
  stamp->mtime_ns = (gint64) buf->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) +
                    buf->st_mtim.tv_nsec;
}

gboolean
pn_store_file_stamp_equal (const PnStoreFileStamp *a,
                           const PnStoreFileStamp *b)
{
  return a->device == b->device && a->inode == b->inode && a->size == b->size &&
         a->mtime_ns == b->mtime_ns;
}

static int
open_file_at (int          dir_fd,
              const char  *path,
              GError     **error)
{
  int fd;

  do
    fd = openat (dir_fd, path, O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);

  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not open “%s”: %s"), display, g_strerror (saved_errno));
    }
  return fd;
}

static int
open_file (const char  *path,
           GError     **error)
{
  return open_file_at (AT_FDCWD, path, error);
}

/* Reads all of the open @fd, of @size bytes when stat'ed, into @buffer;
 * closes @fd.
 */
static gboolean
read_all_from (int            fd,
               gsize          size,
               const char    *path,
               PnStoreBuffer *buffer,
               GError       **error)
{
  buffer->length = 0;
  for (;;)
    {
      gsize wanted;
      ssize_t n;

      /* One more than the size, to see the end in the same call. */
      if (buffer->allocated < buffer->length + 2 || buffer->allocated < size + 2)
        {
          buffer->allocated = MAX (buffer->length * 2, size + 2) + 4096;
          buffer->data = g_realloc (buffer->data, buffer->allocated);
        }
      /* Not more than the file holds, and one byte: asking for more made
       * the kernel try to read ahead past its end on every small file.
       */
      wanted = buffer->allocated - 1 - buffer->length;
      if (size >= buffer->length)
        wanted = MIN (wanted, size - buffer->length + 1);
      n = read (fd, buffer->data + buffer->length, wanted);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_close (fd, NULL);
          return set_errno_error_read (error, path, saved_errno);
        }
      buffer->length += n;
      /* A regular file gives less than asked only at its end. */
      if ((gsize) n < wanted)
        break;
    }
  buffer->data[buffer->length] = '\0';
  g_close (fd, NULL);
  return TRUE;
}

/* Opens @path (relative to @dir_fd, or AT_FDCWD) and stats it, into @buf
 * and @stamp.
 */
static int
open_and_stamp (int                dir_fd,
                const char        *path,
                PnStoreFileStamp  *stamp,
                struct stat       *buf,
                GError           **error)
{
  int fd;

  if ((fd = open_file_at (dir_fd, path, error)) < 0)
    return -1;
  if (fstat (fd, buf) != 0)
    {
      int saved_errno = errno;

      g_close (fd, NULL);
      set_errno_error_read (error, path, saved_errno);
      return -1;
    }
  stamp_from_stat (stamp, buf);
  return fd;
}

/* Files from this size on are mapped by pn_store_file_view_at(): reading
 * one copies it into memory the buffer must fault in first, once per
 * process, and a source of 5 000 stories is some 25 MB. Mapping pays per
 * file, and costs more than it saves on files of a megabyte or two.
 */
#define VIEW_MAP_SIZE (4 * 1024 * 1024)

/* Like pn_store_file_read_all(), but the bytes are only to be read, from
 * buffer->view: a big file is mapped rather than read. The view lasts
 * until the next call with @buffer. Our writers replace a file by a
 * rename, never in place, so a mapped file does not change under it. A
 * relative @path is looked up from @dir_fd, an open folder (or AT_FDCWD):
 * thousands of opens in one folder then do not walk the whole path each
 * time.
 */
gboolean
pn_store_file_view_at (int                dir_fd,
                       const char        *path,
                       PnStoreBuffer     *buffer,
                       PnStoreFileStamp  *stamp,
                       GError           **error)
{
  struct stat buf;
  gpointer mapping;
  int fd;

  if (buffer->mapping != NULL)
    munmap (buffer->mapping, buffer->mapping_length);
  buffer->mapping = NULL;
  buffer->view = NULL;

  if ((fd = open_and_stamp (dir_fd, path, stamp, &buf, error)) < 0)
    return FALSE;
  if (buf.st_size < VIEW_MAP_SIZE ||
      (mapping = mmap (NULL, buf.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0)) == MAP_FAILED)
    {
      if (!read_all_from (fd, buf.st_size, path, buffer, error))
        return FALSE;
      buffer->view = buffer->data;
      return TRUE;
    }
  g_close (fd, NULL);
  buffer->mapping = mapping;
  buffer->mapping_length = buffer->length = buf.st_size;
  buffer->view = mapping;
  return TRUE;
}

/* Room for the unescaped strings of the file last viewed (see
 * pn_store_reader_init_read_only()).
 */
char *
pn_store_buffer_get_scratch (PnStoreBuffer *buffer)
{
  if (buffer->scratch_allocated < buffer->length + 1)
    {
      g_free (buffer->scratch);
      buffer->scratch_allocated = buffer->length + 1;
      buffer->scratch = g_malloc (buffer->scratch_allocated);
    }
  return buffer->scratch;
}

/* Read by pieces of this size, which stay in the processor's cache while
 * they are searched: reading all of a file first and searching it after
 * brought each byte in from memory twice.
 */
#define SEARCH_PIECE_SIZE (128 * 1024)

/* Whether @path holds @needle; @buffer is reused from file to file. */
gboolean
pn_store_file_contains (const char    *path,
                        const char    *needle,
                        PnStoreBuffer *buffer)
{
  gsize needle_length = strlen (needle);
  gsize kept = 0;
  gboolean found = FALSE;
  int fd;

  g_return_val_if_fail (needle_length > 0 && needle_length < SEARCH_PIECE_SIZE, FALSE);

  if ((fd = open_file (path, NULL)) < 0)
    return FALSE;
  if (buffer->allocated < SEARCH_PIECE_SIZE)
    {
      buffer->allocated = SEARCH_PIECE_SIZE;
      buffer->data = g_realloc (buffer->data, buffer->allocated);
    }
  while (!found)
    {
      ssize_t n = read (fd, buffer->data + kept, SEARCH_PIECE_SIZE - kept);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      buffer->length = kept + n;
      found = memmem (buffer->data, buffer->length, needle, needle_length) != NULL;
      /* A match may start in this piece and end in the next. */
      kept = MIN (buffer->length, needle_length - 1);
      memmove (buffer->data, buffer->data + buffer->length - kept, kept);
    }
  g_close (fd, NULL);
  return found;
}

/* The @length bytes at @offset in @path, if the file is still the version
 * @stamp describes. Returns: (transfer full) (nullable): the bytes, with a
 * NUL after them
 */
char *
pn_store_file_read_range (const char             *path,
                          const PnStoreFileStamp *stamp,
                          goffset                 offset,
                          gsize                   length)
{
  g_autofree char *data = NULL;
  PnStoreFileStamp now;
  struct stat buf;
  gsize done = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if ((fd = open_and_stamp (AT_FDCWD, path, &now, &buf, NULL)) < 0)
    return NULL;
  if (!pn_store_file_stamp_equal (&now, stamp) || offset < 0 ||
      (guint64) offset + length > (guint64) buf.st_size)
    {
      g_close (fd, NULL);
      return NULL;
    }

  data = g_malloc (length + 1);
  while (done < length)
    {
      ssize_t n = pread (fd, data + done, length - done, offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_close (fd, NULL);
          return NULL;
        }
      done += n;
    }
  data[length] = '\0';
  g_close (fd, NULL);
  return g_steal_pointer (&data);
}

static gboolean
parse_file (const char            *path,
            PnStoreFileParseFunc   parse,
            gpointer               user_data,
            GError               **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) owned_root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  JsonNode *root;
  JsonObject *file;
  gint64 version;
  JsonNode *version_node;

  /* Read, not mapped: mapping pays only for files of several megabytes
   * (see pn_store_file_view_at()), and unmapping in a multi-threaded load
   * costs a TLB shootdown on every core.
   */
  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  if (length == 0)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("The file is empty"));
      return FALSE;
    }

  /* The fast reader consumes the buffer; what it leaves to json-glib is
   * read again, so json-glib sees the file as it is on disk.
   */
  root = owned_root = pn_store_parse_in_place (contents, length, NULL);
  g_clear_pointer (&contents, g_free);
  if (root == NULL)
    {
      if (!g_file_get_contents (path, &contents, &length, error))
        return FALSE;
      parser = json_parser_new ();
      if (!json_parser_load_from_data (parser, contents, length, &local_error))
        {
          g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, "%s", local_error->message);
          return FALSE;
        }
      root = json_parser_get_root (parser);
    }

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("The file does not hold a JSON object"));
      return FALSE;
    }

  file = json_node_get_object (root);
  version_node = json_object_get_member (file, "version");
  if (version_node == NULL || json_node_get_value_type (version_node) != G_TYPE_INT64 ||
      (version = json_node_get_int (version_node)) < 1)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("The file has no valid “version”"));
      return FALSE;
    }

  return parse (file, version, user_data, error);
}

static void
add_problem (GPtrArray  *problems,
             const char *path,
             GError     *error,
             const char *what)
{
  g_autofree char *name = g_path_get_basename (path);

  g_ptr_array_add (problems,
                   g_error_new (PN_ERROR, PN_ERROR_CORRUPT, "%s: %s (%s)", name, what,
                                error->message));
}

static void
move_aside (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }
  if (g_rename (path, target) != 0)
    g_warning ("Could not move %s aside: %s", path, g_strerror (errno));
}

/* Parses @path as it is, with neither backup nor repair: for a second
 * read of a file that loaded cleanly before.
 */
gboolean
pn_store_file_read (const char            *path,
                    PnStoreFileParseFunc   parse,
                    gpointer               user_data,
                    GError               **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  return parse_file (path, parse, user_data, error);
}

/* Loads @path, falling back to its .bak. With @repair (the caller holds the
 * lock and may write), a corrupt file is renamed FILE.corrupt-TIMESTAMP.
 * Everything worth telling the user is appended to @problems.
 */
PnStoreFileResult
pn_store_file_load (const char            *path,
                    gboolean               repair,
                    PnStoreFileParseFunc   parse,
                    gpointer               user_data,
                    GPtrArray             *problems)
{
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) backup_error = NULL;
  gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);

  if (exists)
    {
      if (parse_file (path, parse, user_data, &error))
        return PN_STORE_FILE_LOADED;
      if (!g_error_matches (error, PN_ERROR, PN_ERROR_CORRUPT))
        {
          g_autofree char *name = g_path_get_basename (path);

          g_ptr_array_add (problems, g_error_new (PN_ERROR, PN_ERROR_READ_ONLY,
                                                  _("%s could not be read (%s); the library is "
                                                    "open read-only"),
                                                  name, error->message));
          return PN_STORE_FILE_UNREADABLE;
        }
    }

  if (!g_file_test (backup, G_FILE_TEST_EXISTS))
    {
      if (!exists)
        return PN_STORE_FILE_MISSING;
      add_problem (problems, path, error,
                   repair ? _("could not be read and has no backup; it was moved aside")
                          : _("could not be read and has no backup"));
      if (repair)
        move_aside (path);
      return PN_STORE_FILE_FAILED;
    }

  if (!parse_file (backup, parse, user_data, &backup_error))
    {
      if (error == NULL)
        error = g_steal_pointer (&backup_error);
      add_problem (problems, path, error, _("could not be read, nor could its backup"));
      if (exists && repair)
        move_aside (path);
      return PN_STORE_FILE_FAILED;
    }

  if (exists)
    {
      add_problem (problems, path, error,
                   repair ? _("was damaged; it was moved aside and its backup was loaded")
                          : _("is damaged; its backup was loaded"));
      if (repair)
        move_aside (path);
    }
  else
    {
      g_autoptr(GError) missing = g_error_new_literal (PN_ERROR, PN_ERROR_NOT_FOUND,
                                                       _("the file was missing"));

      add_problem (problems, path, missing, _("was restored from its backup"));
    }
  return PN_STORE_FILE_LOADED;
}

static gboolean
set_errno_error (GError    **error,
                 const char *path,
                 int         code)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (code),
               _("Could not save “%s”: %s"), display, g_strerror (code));
  return FALSE;
}

gboolean
pn_store_file_write (const char  *path,
                     const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autoptr(GError) local_error = NULL;
  int injected = get_write_errno ();

  if (injected != 0)
    return set_errno_error (error, path, injected);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return set_errno_error (error, dir, errno);

  /* The link keeps the old inode as the backup; the rename below then swaps
   * the new content in, so at every instant FILE is a complete version.
   */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_unlink (backup) != 0 && errno != ENOENT)
        return set_errno_error (error, backup, errno);
      if (link (path, backup) != 0)
        return set_errno_error (error, backup, errno);
    }

  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not save “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* A deleted file becomes its own .bak: the last copy stays recoverable by
 * hand, and nothing reads a .bak without its file being referenced.
 */
gboolean
pn_store_file_delete (const char  *path,
                      GError     **error)
{
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  int injected = get_write_errno ();

  if (injected != 0)
    return set_errno_error (error, path, injected);

  if (g_rename (path, backup) != 0 && errno != ENOENT)
    return set_errno_error (error, path, errno);
  return TRUE;
}

/* After renames, the directory entry itself must reach the disk for the
 * change to survive a power cut.
 */
void
pn_store_file_sync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  if (fsync (fd) != 0)
    g_debug ("fsync of %s failed: %s", dir, g_strerror (errno));
  g_close (fd, NULL);
}
