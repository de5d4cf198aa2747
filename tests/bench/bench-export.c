/* bench-export.c — export a collection of 5 000 stories with 20 000
 * annotations to every format
 *
 * Prints, per format: seconds, output size, RSS before the export and the
 * peak during it (VmHWM, reset before each format), and the memory the
 * export added over the output size; the targets are ≤ 2 s and ≤ 2×.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "pn-core.h"

#define N_SOURCES      10
#define N_STORIES      5000
#define N_ANNOTATIONS  4      /* per story */

static gint64
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (field) + 1, NULL, 10);
}

/* Resets VmHWM to the current RSS (Linux ≥ 4.0). */
static void
reset_peak (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static gint64
output_size (const char *path)
{
  GStatBuf buf;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gint64 total = 0;

  if (g_stat (path, &buf) != 0)
    return -1;
  if (!S_ISDIR (buf.st_mode))
    return buf.st_size;
  dir = g_dir_open (path, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      total += output_size (child);
    }
  return total;
}

static void
remove_output (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_output (child);
    }
  if (dir != NULL)
    g_rmdir (path);
  else
    g_unlink (path);
}

static PnCollection *
populate (PnLibrary *library)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) base = g_date_time_new_utc (2025, 1, 1, 0, 0, 0);
  PnCollection *collection;
  guint n = 0;

  pn_library_set_retention_days (library, 365 * 1000);
  pn_library_set_max_stories (library, G_MAXUINT);
  collection = pn_library_create_collection (library, "Benchmark", &error);
  g_assert_no_error (error);

  for (guint s = 0; s < N_SOURCES; s++)
    {
      g_autofree char *url = g_strdup_printf ("https://site%u.example.org/feed.xml", s);
      g_autofree char *title = g_strdup_printf ("Source %u", s);
      PnSource *source = pn_library_add_source (library, url, title, NULL, &error);
      g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);

      g_assert_no_error (error);
      for (guint i = 0; i < N_STORIES / N_SOURCES; i++, n++)
        {
          g_autofree char *guid = g_strdup_printf ("story-%u", n);
          g_autofree char *id = pn_story_make_id (pn_source_get_id (source), guid, NULL, NULL, NULL);
          g_autofree char *link = g_strdup_printf ("https://site%u.example.org/%u", s, n);
          g_autofree char *story_title = g_strdup_printf ("Story %u: the <b>news</b> & more", n);
          g_autoptr(GDateTime) published = g_date_time_add_minutes (base, n);
          GString *html = g_string_new (NULL);
          PnStory *story = pn_story_new (id, pn_source_get_id (source));

          for (guint p = 0; p < 6; p++)
            g_string_append_printf (html, "<p>Paragraph %u of story %u says <b>something</b> "
                                          "about <a href=\"https://example.org/%u\">a link</a>, "
                                          "with “quotes” and more words to read.</p>", p, n, p);
          pn_story_set_guid (story, guid);
          pn_story_set_title (story, story_title);
          pn_story_set_link (story, link);
          pn_story_set_published (story, published);
          pn_story_set_fetched_at (story, published);
          pn_story_set_content (story, html->str);
          g_string_free (html, TRUE);
          g_ptr_array_add (stories, story);
        }
      g_assert_true (pn_library_merge_stories (library, source, stories, NULL, &error));
      for (guint i = 0; i < stories->len; i++)
        {
          PnStory *story = g_ptr_array_index (stories, i);

          g_assert_true (pn_library_add_to_collection (library, collection, story, G_MAXUINT,
                                                       &error));
          for (guint a = 0; a < N_ANNOTATIONS; a++)
            {
              g_autofree char *note = g_strdup_printf ("Note %u on *this* <passage>", a);

              g_assert_nonnull (pn_library_add_annotation (library, story, 20 + a * 120,
                                                           60 + a * 120, note, &error));
            }
        }
    }
  g_assert_true (pn_library_flush (library, &error));
  g_assert_no_error (error);
  return collection;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("pn-bench-export-XXXXXX", &error);
  g_autofree char *out_dir = g_dir_make_tmp ("pn-bench-export-out-XXXXXX", &error);
  g_autoptr(PnLibrary) library = pn_library_new (data_dir);
  g_autoptr(PnExporter) exporter = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  PnCollection *collection;

  g_assert_true (pn_library_load (library, PN_LIBRARY_LOAD_ALL, &error));
  collection = populate (library);
  printf ("Populated %u stories, %u annotations in %.1f s\n", N_STORIES,
          N_STORIES * N_ANNOTATIONS, g_timer_elapsed (timer, NULL));
  printf ("%-16s %8s %12s %12s %12s %10s\n", "format", "seconds", "output KiB", "RSS KiB",
          "VmHWM KiB", "added/out");

  exporter = pn_exporter_new (library);
  for (guint f = 0; f < PN_EXPORT_N_FORMATS; f++)
    {
      g_autofree char *name = g_strdup_printf ("export.%s", pn_export_format_to_string (f));
      g_autofree char *path = g_build_filename (out_dir, name, NULL);
      gint64 before, peak, size;
      double seconds;

      reset_peak ();
      before = status_kib ("VmRSS:");
      g_timer_start (timer);
      if (!pn_exporter_export (exporter, PN_EXPORT_SCOPE_COLLECTION, pn_collection_get_id (collection),
                               f, path, NULL, &error))
        g_error ("%s", error->message);
      seconds = g_timer_elapsed (timer, NULL);
      peak = status_kib ("VmHWM:");
      size = output_size (path);
      printf ("%-16s %8.3f %12" G_GINT64_FORMAT " %12" G_GINT64_FORMAT " %12" G_GINT64_FORMAT
              " %10.2f\n", pn_export_format_to_string (f), seconds, size / 1024, before, peak,
              size > 0 ? (double) MAX (peak - before, 0) * 1024 / size : 0.0);
      remove_output (path);
    }

  g_clear_object (&exporter);
  g_clear_object (&library);
  remove_output (out_dir);
  remove_output (data_dir);
  return 0;
}
