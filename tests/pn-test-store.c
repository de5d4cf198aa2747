/* pn-test-store.c — building libraries for the store tests and benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-test-store.h"

static const char * const words[] = {
  "president", "council", "river", "market", "élection", "über", "city", "report", "weather",
  "science", "budget", "school", "harbour", "festival", "minister", "vote",
};

/* Stories as the parser would hand them over: the first one is the newest,
 * one hour apart, with HTML bodies of about @body_size bytes.
 */
GPtrArray *
pn_test_make_stories (PnSource  *source,
                      guint      n_stories,
                      gsize      body_size,
                      GDateTime *newest)
{
  GPtrArray *stories = g_ptr_array_new_with_free_func (g_object_unref);
  const char *source_id = pn_source_get_id (source);

  for (guint i = 0; i < n_stories; i++)
    {
      g_autofree char *guid = g_strdup_printf ("%s-story-%u", source_id, i);
      g_autofree char *id = pn_story_make_id (source_id, guid, NULL, NULL, NULL);
      g_autofree char *title = g_strdup_printf ("Story %u of %s", i, source_id);
      g_autoptr(GDateTime) date = g_date_time_add_hours (newest, -(int) i);
      g_autoptr(GString) body = g_string_new (NULL);
      PnStory *story = pn_story_new (id, source_id);
      guint w = i;

      while (body->len < body_size)
        {
          g_string_append_printf (body, "<p>Paragraph %u: the %s &amp; the %s met the %s.</p>",
                                  w, words[w % G_N_ELEMENTS (words)],
                                  words[(w * 7 + 3) % G_N_ELEMENTS (words)],
                                  words[(w * 5 + 1) % G_N_ELEMENTS (words)]);
          w++;
        }
      pn_story_set_guid (story, guid);
      pn_story_set_title (story, title);
      pn_story_set_published (story, date);
      pn_story_set_content (story, body->str);
      g_ptr_array_add (stories, story);
    }
  return stories;
}

/* A locked, loaded library with @n_sources sources of @n_stories each; the
 * caller flushes and releases it.
 */
PnLibrary *
pn_test_populate (const char *data_dir,
                  guint       n_sources,
                  guint       n_stories,
                  gsize       body_size)
{
  g_autoptr(PnLibrary) library = pn_library_new (data_dir);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  pn_library_load (library, PN_LIBRARY_LOAD_ALL, &error);
  g_assert_no_error (error);
  pn_library_set_max_stories (library, MAX (n_stories, 1));

  for (guint s = 0; s < n_sources; s++)
    {
      g_autofree char *url = g_strdup_printf ("https://example.org/feed/%u.xml", s);
      g_autofree char *title = g_strdup_printf ("Source %u", s);
      g_autoptr(GPtrArray) stories = NULL;
      PnSource *source;
      guint n_new = 0;

      source = pn_library_add_source (library, url, title, s % 2 ? "News" : NULL, &error);
      g_assert_no_error (error);
      stories = pn_test_make_stories (source, n_stories, body_size, now);
      pn_library_merge_stories (library, source, stories, &n_new, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n_new, ==, n_stories);
    }
  return g_steal_pointer (&library);
}

char *
pn_test_read_file (const char *data_dir,
                   const char *relative_path)
{
  g_autofree char *path = g_build_filename (data_dir, relative_path, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

void
pn_test_write_file (const char *data_dir,
                    const char *relative_path,
                    const char *contents,
                    gssize      length)
{
  g_autofree char *path = g_build_filename (data_dir, relative_path, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}
