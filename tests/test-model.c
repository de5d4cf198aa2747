/* test-model.c — the core model objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-core.h"

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_source_properties (void)
{
  g_autoptr(PnSource) source = NULL;
  g_autofree char *id = pn_source_make_id ("https://example.org/feed.xml");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint notified = 0;

  g_assert_cmpuint (strlen (id), ==, 16);
  source = pn_source_new (id, "https://example.org/feed.xml");
  g_signal_connect (source, "notify::title", G_CALLBACK (count_notify_cb), &notified);

  g_assert_cmpstr (pn_source_get_display_title (source), ==, "https://example.org/feed.xml");
  pn_source_set_title (source, "Example");
  pn_source_set_title (source, "Example");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (pn_source_get_display_title (source), ==, "Example");

  pn_source_set_last_fetched (source, now);
  g_assert_true (g_date_time_equal (pn_source_get_last_fetched (source), now));
  g_assert_true (pn_source_get_enabled (source));
  pn_source_set_consecutive_failures (source, 3);
  g_assert_cmpuint (pn_source_get_consecutive_failures (source), ==, 3);

  /* The id depends on the URL alone, so it is the same on every machine. */
  {
    g_autofree char *again = pn_source_make_id ("https://example.org/feed.xml");
    g_autofree char *other = pn_source_make_id ("https://example.org/other.xml");

    g_assert_cmpstr (id, ==, again);
    g_assert_cmpstr (id, !=, other);
  }
}

static void
test_story_ids (void)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (2024, 4, 15, 7, 48, 0);
  g_autofree char *by_guid = pn_story_make_id ("src", "guid-1", "https://a/1", "T", date);
  g_autofree char *by_guid_again = pn_story_make_id ("src", "guid-1", "https://a/2", "U", NULL);
  g_autofree char *by_link = pn_story_make_id ("src", NULL, "https://a/1", "T", date);
  g_autofree char *by_title = pn_story_make_id ("src", "", NULL, "T", date);
  g_autofree char *other_source = pn_story_make_id ("src2", "guid-1", NULL, NULL, NULL);

  g_assert_cmpstr (by_guid, ==, by_guid_again);
  g_assert_cmpstr (by_guid, !=, by_link);
  g_assert_cmpstr (by_link, !=, by_title);
  g_assert_cmpstr (by_guid, !=, other_source);
  g_assert_true (g_str_is_ascii (by_title));
}

static void
test_story_properties (void)
{
  g_autoptr(PnStory) story = pn_story_new ("s1", "src");
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func ((GDestroyNotify) pn_person_free);
  g_autoptr(GPtrArray) enclosures = g_ptr_array_new_with_free_func ((GDestroyNotify) pn_enclosure_free);
  g_autoptr(GDateTime) fetched = g_date_time_new_utc (2024, 1, 2, 3, 4, 5);
  g_autofree char *byline = NULL;
  const char *categories[] = { "world", "politics", NULL };

  g_assert_null (pn_story_dup_byline (story));
  g_ptr_array_add (authors, pn_person_new ("Ann Lee", NULL, NULL));
  g_ptr_array_add (authors, pn_person_new (NULL, "bob@example.org", NULL));
  pn_story_set_authors (story, authors);
  byline = pn_story_dup_byline (story);
  g_assert_cmpstr (byline, ==, "Ann Lee, bob@example.org");

  g_ptr_array_add (enclosures, pn_enclosure_new ("https://a/ep.mp3", "audio/mpeg", 1234));
  pn_story_set_enclosures (story, enclosures);
  g_assert_cmpuint (pn_story_get_enclosures (story)->len, ==, 1);

  pn_story_set_categories (story, categories);
  g_assert_cmpstrv (pn_story_get_categories (story), categories);

  pn_story_set_summary (story, "<p>teaser</p>");
  g_assert_cmpstr (pn_story_get_body (story), ==, "<p>teaser</p>");
  pn_story_set_content (story, "<p>full</p>");
  g_assert_cmpstr (pn_story_get_body (story), ==, "<p>full</p>");

  g_assert_null (pn_story_get_sort_date (story));
  pn_story_set_fetched_at (story, fetched);
  g_assert_true (pn_story_get_sort_date (story) == fetched);

  pn_story_set_read (story, TRUE);
  g_assert_true (pn_story_get_read (story));
}

static void
test_annotation_anchor (void)
{
  g_autoptr(PnAnnotation) note = pn_annotation_new (NULL, "s1");
  g_autoptr(PnAnnotation) other = pn_annotation_new (NULL, "s1");

  g_assert_true (g_uuid_string_is_valid (pn_annotation_get_id (note)));
  g_assert_cmpstr (pn_annotation_get_id (note), !=, pn_annotation_get_id (other));
  g_assert_nonnull (pn_annotation_get_created (note));
  g_assert_false (pn_annotation_has_anchor (note));
  g_assert_cmpstr (pn_annotation_get_color (note), ==, "yellow");

  pn_annotation_set_anchor (note, "Kim", "reach out to North Korean leader ", " Jong-un", 60, 63);
  g_assert_true (pn_annotation_has_anchor (note));
  g_assert_cmpint (pn_annotation_get_start (note), ==, 60);
  g_assert_cmpint (pn_annotation_get_end (note), ==, 63);

  pn_annotation_set_anchor (note, NULL, "ignored", "ignored", 0, 0);
  g_assert_false (pn_annotation_has_anchor (note));
  g_assert_null (pn_annotation_get_prefix (note));
  g_assert_cmpint (pn_annotation_get_start (note), ==, -1);
}

static void
stories_changed_cb (PnCollection *collection,
                    guint         position,
                    guint         removed,
                    guint         added,
                    guint        *count)
{
  (*count)++;
}

static void
test_collection_order (void)
{
  g_autoptr(PnCollection) collection = pn_collection_new (NULL, "Reading list");
  guint changes = 0;
  guint position;

  g_signal_connect (collection, "stories-changed", G_CALLBACK (stories_changed_cb), &changes);

  g_assert_true (pn_collection_insert_story (collection, G_MAXUINT, "a"));
  g_assert_true (pn_collection_insert_story (collection, G_MAXUINT, "b"));
  g_assert_true (pn_collection_insert_story (collection, 0, "c"));
  g_assert_false (pn_collection_insert_story (collection, 0, "a"));
  g_assert_cmpuint (pn_collection_get_n_stories (collection), ==, 3);
  g_assert_cmpstr (pn_collection_get_story_id (collection, 0), ==, "c");

  g_assert_true (pn_collection_move_story (collection, 0, 2));
  g_assert_cmpstr (pn_collection_get_story_id (collection, 0), ==, "a");
  g_assert_cmpstr (pn_collection_get_story_id (collection, 1), ==, "b");
  g_assert_cmpstr (pn_collection_get_story_id (collection, 2), ==, "c");
  g_assert_false (pn_collection_move_story (collection, 0, 3));

  g_assert_true (pn_collection_remove_story (collection, "b"));
  g_assert_false (pn_collection_remove_story (collection, "b"));
  g_assert_true (pn_collection_find_story (collection, "c", &position));
  g_assert_cmpuint (position, ==, 1);
  g_assert_null (pn_collection_get_story_id (collection, 2));
  g_assert_cmpuint (changes, ==, 5);
}

static void
test_data_dir (void)
{
  g_autofree char *explicit_dir = pn_dup_data_dir ("/tmp/pn-explicit");
  g_autofree char *from_env = NULL;
  g_autofree char *from_xdg = NULL;
  g_autofree char *expected_xdg = g_build_filename (g_get_user_data_dir (), "prime-news", NULL);

  g_assert_cmpstr (explicit_dir, ==, "/tmp/pn-explicit");

  g_setenv ("PRIME_NEWS_DATA_DIR", "/tmp/pn-env", TRUE);
  from_env = pn_dup_data_dir (NULL);
  g_assert_cmpstr (from_env, ==, "/tmp/pn-env");

  g_unsetenv ("PRIME_NEWS_DATA_DIR");
  from_xdg = pn_dup_data_dir (NULL);
  g_assert_cmpstr (from_xdg, ==, expected_xdg);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/model/source/properties", test_source_properties);
  g_test_add_func ("/model/story/ids", test_story_ids);
  g_test_add_func ("/model/story/properties", test_story_properties);
  g_test_add_func ("/model/annotation/anchor", test_annotation_anchor);
  g_test_add_func ("/model/collection/order", test_collection_order);
  g_test_add_func ("/model/data-dir", test_data_dir);

  return g_test_run ();
}
