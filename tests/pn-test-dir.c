/* pn-test-dir.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-test-dir.h"

#include <glib/gstdio.h>

/* A new empty folder under the temporary folder, named after @name. */
char *
pn_test_dir_new (const char *name)
{
  g_autofree char *template = g_strconcat (name, "-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return path;
}

/* Removes @path and everything in it. */
void
pn_test_dir_remove (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        pn_test_dir_remove (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

/* The bytes of the files under @path, for benchmarks to print. */
guint64
pn_test_dir_size (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint64 size = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf buf;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        size += pn_test_dir_size (child);
      else if (g_stat (child, &buf) == 0)
        size += buf.st_size;
    }
  return size;
}
