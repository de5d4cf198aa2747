/* pn-test-export.c — the tricky library the export tests share
 *
 * Built through PnLibrary's public API in a temporary data dir, with every
 * date pinned: the seed story with highlights and notes, Unicode (CJK,
 * RTL, emoji), Markdown and HTML specials and injection attempts in
 * titles and notes, a very long story, a story without link or date, and
 * a highlight that the story's update left detached.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pn-test-export.h"

static GDateTime *
date (const char *iso)
{
  return g_date_time_new_from_iso8601 (iso, NULL);
}

static PnStory *
make_story (PnSource   *source,
            const char *guid,
            const char *title,
            const char *link,
            const char *published,
            const char *html)
{
  g_autofree char *id = pn_story_make_id (pn_source_get_id (source), guid, NULL, NULL, NULL);
  g_autofree char *clean = pn_html_sanitize (html, -1, link);
  g_autoptr(GDateTime) fetched = date ("2025-01-25T08:00:00Z");
  PnStory *story = pn_story_new (id, pn_source_get_id (source));

  pn_story_set_guid (story, guid);
  pn_story_set_title (story, title);
  pn_story_set_link (story, link);
  pn_story_set_content (story, clean);
  pn_story_set_fetched_at (story, fetched);
  if (published != NULL)
    {
      g_autoptr(GDateTime) when = date (published);

      pn_story_set_published (story, when);
    }
  return story;
}

static PnStory *
merge (PnLibrary *library,
       PnSource  *source,
       PnStory   *story)
{
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  /* Takes @story. */
  g_ptr_array_add (stories, story);
  g_assert_true (pn_library_merge_stories (library, source, stories, NULL, &error));
  g_assert_no_error (error);
  return pn_library_lookup_story (library, pn_story_get_id (story));
}

static void
remember (PnTestExportFixture *fixture,
          const char          *volatile_string,
          const char          *stable_string)
{
  g_ptr_array_add (fixture->volatile_strings, g_strdup (volatile_string));
  g_ptr_array_add (fixture->stable_strings, g_strdup (stable_string));
}

/* A highlight of @quote (its @occurrence), with pinned dates. */
static PnAnnotation *
highlight (PnTestExportFixture *fixture,
           PnStory             *story,
           const char          *quote,
           const char          *note,
           const char          *color,
           const char          *created)
{
  g_autofree char *text = pn_story_dup_plain_text (story);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = date (created);
  g_autofree char *name = NULL;
  PnAnnotation *annotation;
  gint64 start = -1, end = -1;

  if (quote != NULL)
    g_assert_true (pn_anchor_find_quote (text, quote, 1, &start, &end));
  annotation = pn_library_add_annotation (fixture->library, story, start, end, note, &error);
  g_assert_no_error (error);
  if (color != NULL)
    pn_annotation_set_color (annotation, color);
  pn_annotation_set_created (annotation, when);
  pn_annotation_set_modified (annotation, when);
  name = g_strdup_printf ("00000000-0000-4000-8000-%012u", fixture->volatile_strings->len);
  remember (fixture, pn_annotation_get_id (annotation), name);
  return annotation;
}

static char *
seed_story_html (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PN_SOURCE_ROOT"), "..", "shared",
                                            "fixtures", "seed-story.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GString *html = g_string_new (NULL);
  gboolean article = FALSE;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    g_assert_true (g_file_get_contents ("/work/shared/fixtures/seed-story.txt", &contents,
                                        NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *escaped = NULL;

      if (g_str_has_prefix (lines[i], "President Donald J. Trump said"))
        article = TRUE;
      g_strstrip (lines[i]);
      if (!article || *lines[i] == '\0')
        continue;
      escaped = g_markup_escape_text (lines[i], -1);
      g_string_append_printf (html, "<p>%s</p>\n", escaped);
    }
  return g_string_free (html, FALSE);
}

static const char unicode_html[] =
  "<h2>東京の朝</h2>"
  "<p>今日は<b>晴れ</b>です。🌅 sunrise over Tōkyō, naïve café — “quotes”.</p>"
  "<p dir=\"rtl\">שלום עולם! مرحبا بالعالم</p>"
  "<ul><li>first <i>item</i></li><li>second item<ul><li>nested 👩‍👩‍👧 family</li></ul></li></ul>"
  "<ol start=\"3\"><li>three</li><li>four</li></ol>"
  "<blockquote><p>A quoted line with <a href=\"https://example.org/q?a=1&amp;b=(2)\">a link</a>.</p></blockquote>"
  "<pre><code>int main (void) { return `0`; }\n  /* ``` fence */</code></pre>"
  "<p>Line one<br>line two</p>"
  "<hr>"
  "<p><img src=\"https://example.org/photo.jpg\" alt=\"A photo [1]\" width=\"640\" height=\"480\"></p>";

static const char markdown_html[] =
  "<p># not a heading</p>"
  "<p>- not a bullet and + not either</p>"
  "<p>1. not a list, 2) neither</p>"
  "<p>&gt; not a quote; *stars*, _under_, `ticks`, [brackets](x), a | pipe, ~tilde~, &lt;tag&gt; &amp;amp;</p>"
  "<p>Backslash \\ and === under</p>";

static const char injection_html[] =
  "<p>Click <a href=\"javascript:alert(1)\">here</a> or <a href=\"https://example.com/?q=&quot;&gt;&lt;script&gt;\">there</a>.</p>"
  "<script>alert('body')</script>"
  "<p onclick=\"alert(2)\">Text &lt;script&gt;alert(3)&lt;/script&gt; stays text.</p>"
  "<p><img src=\"x\" onerror=\"alert(4)\" alt=\"&quot;&gt;&lt;img onerror=alert(5)&gt;\"></p>";

static char *
long_story_html (void)
{
  GString *html = g_string_new (NULL);

  for (guint i = 1; i <= 400; i++)
    g_string_append_printf (html, "<p>Paragraph %u of a very long story, which keeps going "
                                  "so that offsets get large.</p>", i);
  return g_string_free (html, FALSE);
}

void
pn_test_export_fixture_init (PnTestExportFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) created = date ("2025-01-20T12:00:00Z");
  g_autofree char *seed = seed_story_html ();
  g_autofree char *long_html = long_story_html ();
  PnSource *news, *blog;
  PnCollection *collection, *other;
  PnStory *stories[6];
  PnStory *fresh;
  g_autofree char *updated_html = NULL;

  fixture->data_dir = g_dir_make_tmp ("pn-export-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->volatile_strings = g_ptr_array_new_with_free_func (g_free);
  fixture->stable_strings = g_ptr_array_new_with_free_func (g_free);
  fixture->library = pn_library_new (fixture->data_dir);
  g_assert_true (pn_library_load (fixture->library, PN_LIBRARY_LOAD_ALL, &error));
  g_assert_no_error (error);
  /* The pinned dates are long past: keep retention from dropping them. */
  pn_library_set_retention_days (fixture->library, 365 * 1000);

  news = pn_library_add_source (fixture->library, "https://news.example.org/feed.xml",
                                "Example News", NULL, &error);
  g_assert_no_error (error);
  pn_source_set_site_url (news, "https://news.example.org/");
  blog = pn_library_add_source (fixture->library, "https://blog.example.net/atom.xml",
                                "Tricky <b>&amp; \"Blog\"", "Folder & <Co>", &error);
  g_assert_no_error (error);

  stories[0] = merge (fixture->library, news,
                      make_story (news, "seed", "Trump says he will reach out to Kim Jong-un",
                                  "https://news.example.org/2025/01/trump-kim",
                                  "2025-01-24T10:00:00Z", seed));
  {
    g_autoptr(PnPerson) author = pn_person_new ("Jane Reporter", NULL, NULL);
    g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func ((GDestroyNotify) pn_person_free);
    const char * const categories[] = { "Korea", "Diplomacy", NULL };

    g_ptr_array_add (authors, g_steal_pointer (&author));
    pn_story_set_authors (stories[0], authors);
    pn_story_set_categories (stories[0], categories);
  }
  stories[1] = merge (fixture->library, news,
                      make_story (news, "unicode", "東京の朝 — שלום עולם 🌅",
                                  "https://news.example.org/2025/01/unicode",
                                  "2025-01-23T09:30:00Z", unicode_html));
  stories[2] = merge (fixture->library, blog,
                      make_story (blog, "markdown",
                                  "> *Stars* _under_ #hash `tick` | pipe [x](y) 1. \\ ~",
                                  "https://blog.example.net/md?a=1&b=2",
                                  "2025-01-22T08:00:00Z", markdown_html));
  stories[3] = merge (fixture->library, blog,
                      make_story (blog, "injection",
                                  "\"><img src=x onerror=alert(1)><script>alert('t')</script> & Co",
                                  "https://blog.example.net/inject?x=\"><script>",
                                  "2025-01-21T07:00:00Z", injection_html));
  stories[4] = merge (fixture->library, news,
                      make_story (news, "long", "A very long story",
                                  "https://news.example.org/long",
                                  "2025-01-20T06:00:00Z", long_html));
  stories[5] = merge (fixture->library, blog,
                      make_story (blog, "bare", "A story without link or date", NULL, NULL,
                                  "<p>This sentence stays.</p><p>This sentence will be removed by the update.</p>"));

  collection = pn_library_create_collection (fixture->library, PN_TEST_EXPORT_COLLECTION, &error);
  g_assert_no_error (error);
  pn_collection_set_description (collection, "Notes for the <team> & *friends*");
  pn_collection_set_created (collection, created);
  remember (fixture, pn_collection_get_id (collection), "COLLECTION-ID");
  other = pn_library_create_collection (fixture->library, "Other", &error);
  g_assert_no_error (error);
  pn_collection_set_created (other, created);
  remember (fixture, pn_collection_get_id (other), "OTHER-COLLECTION-ID");

  /* A reading order unlike the date order. */
  {
    const guint order[] = { 2, 0, 5, 1, 3, 4 };

    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        g_assert_true (pn_library_add_to_collection (fixture->library, collection,
                                                     stories[order[i]], G_MAXUINT, &error));
        g_assert_no_error (error);
      }
    g_assert_true (pn_library_add_to_collection (fixture->library, other, stories[1],
                                                 G_MAXUINT, &error));
  }

  highlight (fixture, stories[0], NULL, "Story note: follow up next week.\n\nA second paragraph, with *stars*.",
             NULL, "2025-01-24T11:00:00Z");
  highlight (fixture, stories[0], "“He liked me and I got along with him,” Trump said",
             "Bromance *again*? _Check_ the #1 claim | `code`\n> not a quote", NULL,
             "2025-01-24T11:05:00Z");
  highlight (fixture, stories[0], "Turns out he’s a smart guy.",
             "<script>alert('note')</script> \"><img src=x onerror=alert(1)> & done", "green",
             "2025-01-24T11:10:00Z");
  highlight (fixture, stories[0], "analysts say", NULL, "blue", "2025-01-24T11:15:00Z");
  highlight (fixture, stories[1], "🌅 sunrise over Tōkyō", "مرحبا — 日本語のメモ 🎌", NULL,
             "2025-01-23T10:00:00Z");
  highlight (fixture, stories[1], "nested 👩‍👩‍👧 family", "Emoji ZWJ sequences count as several code points",
             "purple", "2025-01-23T10:05:00Z");
  highlight (fixture, stories[2], "*stars*, _under_", "# Heading?\n- item?\n1. list?\n| a | b |",
             NULL, "2025-01-22T09:00:00Z");
  highlight (fixture, stories[3], "Text <script>alert(3)</script> stays text.",
             "</aside><script>x</script>", "red\" onmouseover=\"alert(1)", "2025-01-21T08:00:00Z");
  highlight (fixture, stories[4], "Paragraph 399 of a very long story", "Far into the text",
             NULL, "2025-01-20T07:00:00Z");
  highlight (fixture, stories[5], "This sentence will be removed by the update.",
             "I was here before the update", NULL, "2025-01-19T10:00:00Z");

  /* The feed rewrites the bare story: its highlight no longer fits. */
  fresh = make_story (blog, "bare", "A story without link or date", NULL, NULL,
                      "<p>This sentence stays.</p><p>Something else entirely now.</p>");
  merge (fixture->library, blog, fresh);

  for (guint i = 0; i < G_N_ELEMENTS (stories); i++)
    {
      g_autofree char *saved = g_date_time_format_iso8601 (pn_library_get_saved_at (fixture->library,
                                                                                    stories[i]));
      GDateTime *at = pn_library_get_saved_at (fixture->library, stories[i]);
      g_autoptr(GDateTime) utc = g_date_time_to_utc (at);
      g_autofree char *plain = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

      remember (fixture, saved, "2025-02-01T00:00:00Z");
      remember (fixture, plain, "2025-02-01T00:00:00Z");
    }

  g_assert_true (pn_library_flush (fixture->library, &error));
  g_assert_no_error (error);
}

void
pn_test_export_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        pn_test_export_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
pn_test_export_fixture_clear (PnTestExportFixture *fixture)
{
  g_clear_object (&fixture->library);
  pn_test_export_remove_tree (fixture->data_dir);
  g_clear_pointer (&fixture->data_dir, g_free);
  g_clear_pointer (&fixture->volatile_strings, g_ptr_array_unref);
  g_clear_pointer (&fixture->stable_strings, g_ptr_array_unref);
}

char *
pn_test_export_normalize (PnTestExportFixture *fixture,
                          const char          *text)
{
  GString *out = g_string_new (text);

  for (guint i = 0; i < fixture->volatile_strings->len; i++)
    g_string_replace (out, g_ptr_array_index (fixture->volatile_strings, i),
                      g_ptr_array_index (fixture->stable_strings, i), 0);
  return g_string_free (out, FALSE);
}
