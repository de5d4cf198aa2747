/* test-reader.c — the reader renders a PnDocument natively, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "pn-reader-view.h"
#include "pn-test-ui.h"

static const char *story_html =
  "<h2>Talks resume</h2>"
  "<p>Negotiators met in <a href=\"https://example.org/hanoi\">Hanoi</a> on <b>Friday</b>.</p>"
  "<ul><li>First point</li><li>Second <i>point</i></li></ul>"
  "<blockquote><p>We will meet again.</p></blockquote>"
  "<figure><img src=\"https://example.org/summit.jpg\" alt=\"The summit table\"><figcaption>The table</figcaption></figure>"
  "<hr>"
  "<p>東京 and emoji 🎉 stay intact.</p>";

typedef struct
{
  GtkWindow    *window;
  PnReaderView *reader;
  PnStory      *story;
  PnDocument   *document;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GDateTime) published = g_date_time_new_utc (2025, 1, 24, 9, 0, 0);
  g_autoptr(GPtrArray) authors = g_ptr_array_new_with_free_func ((GDestroyNotify) pn_person_free);
  g_autoptr(GPtrArray) enclosures = g_ptr_array_new_with_free_func ((GDestroyNotify) pn_enclosure_free);
  g_autofree char *clean = pn_html_sanitize (story_html, -1, "https://example.org/");

  fixture->story = pn_story_new ("s1", "src");
  pn_story_set_title (fixture->story, "Summit <talks> & more");
  pn_story_set_published (fixture->story, published);
  g_ptr_array_add (authors, pn_person_new ("Ann Lee", NULL, NULL));
  pn_story_set_authors (fixture->story, authors);
  g_ptr_array_add (enclosures, pn_enclosure_new ("https://example.org/audio/ep1.mp3", "audio/mpeg", 2048000));
  pn_story_set_enclosures (fixture->story, enclosures);
  pn_story_set_content (fixture->story, clean);
  fixture->document = pn_document_new_from_html (clean, -1);

  fixture->reader = PN_READER_VIEW (pn_reader_view_new ());
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 700, 900);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->reader));
  gtk_window_present (fixture->window);
  pn_reader_view_show_story (fixture->reader, fixture->story, fixture->document, "World Desk");
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  pn_test_ui_iterate ();
  g_clear_object (&fixture->story);
  g_clear_object (&fixture->document);
}

static gboolean
iter_has_tag_named (GtkTextIter *iter,
                    const char  *name)
{
  g_autoptr(GSList) tags = gtk_text_iter_get_tags (iter);

  for (GSList *l = tags; l != NULL; l = l->next)
    {
      g_autofree char *tag_name = NULL;

      g_object_get (l->data, "name", &tag_name, NULL);
      if (g_strcmp0 (tag_name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static guint
offset_of (Fixture    *fixture,
           const char *needle)
{
  const char *text = pn_document_get_text (fixture->document);
  const char *found = strstr (text, needle);

  g_assert_nonnull (found);
  return g_utf8_pointer_to_offset (text, found);
}

static void
test_header (Fixture       *fixture,
             gconstpointer  data)
{
  GtkLabel *title = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->reader), PN_TYPE_READER_VIEW, "title_label"));
  GtkLabel *meta = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->reader), PN_TYPE_READER_VIEW, "meta_label"));

  g_assert_cmpstr (gtk_label_get_text (title), ==, "Summit <talks> & more");
  g_assert_false (gtk_label_get_use_markup (title));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (meta), "World Desk · Ann Lee · 24 January 2025"));
  pn_test_ui_save_png (GTK_WIDGET (fixture->window), "reader");
}

static void
test_text_is_the_document (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (pn_reader_view_get_text_view (fixture->reader));
  const char *text = pn_document_get_text (fixture->document);
  guint length = g_utf8_strlen (text, -1);
  g_autofree char *cjk = NULL;
  GtkTextIter start;
  GtkTextIter end;

  /* Every document offset maps to the same character in the view, across
   * the image and the rule embedded as widgets.
   */
  for (guint offset = 0; offset < length; offset++)
    {
      GtkTextIter iter;
      gunichar expected = g_utf8_get_char (g_utf8_offset_to_pointer (text, offset));

      pn_reader_view_get_iter_at_offset (fixture->reader, &iter, offset);
      g_assert_cmpuint (gtk_text_iter_get_char (&iter), ==, expected);
      g_assert_cmpuint (pn_reader_view_get_document_offset (fixture->reader, &iter), ==, offset);
    }

  pn_reader_view_get_iter_at_offset (fixture->reader, &start, offset_of (fixture, "東京"));
  pn_reader_view_get_iter_at_offset (fixture->reader, &end, offset_of (fixture, "東京") + 2);
  cjk = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (cjk, ==, "東京");
}

static void
test_tags (Fixture       *fixture,
           gconstpointer  data)
{
  GtkTextIter iter;
  g_autoptr(GSList) tags = NULL;
  gboolean found_link = FALSE;

  pn_reader_view_get_iter_at_offset (fixture->reader, &iter, offset_of (fixture, "Talks resume"));
  g_assert_true (iter_has_tag_named (&iter, "heading-2"));

  pn_reader_view_get_iter_at_offset (fixture->reader, &iter, offset_of (fixture, "Friday"));
  g_assert_true (iter_has_tag_named (&iter, "bold"));

  pn_reader_view_get_iter_at_offset (fixture->reader, &iter, offset_of (fixture, "point") + 0);
  pn_reader_view_get_iter_at_offset (fixture->reader, &iter, offset_of (fixture, "Second") + 7);
  g_assert_true (iter_has_tag_named (&iter, "italic"));
  g_assert_true (iter_has_tag_named (&iter, "list-1"));

  pn_reader_view_get_iter_at_offset (fixture->reader, &iter, offset_of (fixture, "We will"));
  g_assert_true (iter_has_tag_named (&iter, "quote-1"));

  pn_reader_view_get_iter_at_offset (fixture->reader, &iter, offset_of (fixture, "Hanoi"));
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      int underline;
      g_object_get (l->data, "underline", &underline, NULL);
      found_link |= underline == PANGO_UNDERLINE_SINGLE;
    }
  g_assert_true (found_link);
}

static gboolean
is_image_placeholder (GtkWidget *widget,
                      gpointer   data)
{
  return gtk_widget_has_css_class (widget, "reader-image");
}

static void
test_image_and_enclosure (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *image = pn_test_ui_find_widget (GTK_WIDGET (fixture->reader), is_image_placeholder, NULL);
  GtkWidget *enclosures = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->reader), PN_TYPE_READER_VIEW, "enclosures_list"));
  GtkListBoxRow *row;

  g_assert_nonnull (image);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (image), ==, "https://example.org/summit.jpg");

  g_assert_true (gtk_widget_get_visible (enclosures));
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (enclosures), 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "ep1.mp3");
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (enclosures), 1));
}

static void
test_restyle_and_replace (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PnStory) other = pn_story_new ("s2", "src");
  g_autoptr(PnDocument) plain = pn_document_new_from_html ("<p>Short.</p>", -1);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (pn_reader_view_get_text_view (fixture->reader));
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *text = NULL;

  pn_reader_view_set_font_scale (fixture->reader, 1.5);
  g_assert_cmpfloat (pn_reader_view_get_font_scale (fixture->reader), ==, 1.5);
  pn_reader_view_set_font_scale (fixture->reader, 9.0);
  g_assert_cmpfloat (pn_reader_view_get_font_scale (fixture->reader), ==, 3.0);

  pn_reader_view_show_story (fixture->reader, other, plain, NULL);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (fixture->window));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpstr (text, ==, "Short.");
  g_assert_null (pn_test_ui_find_widget (GTK_WIDGET (fixture->reader), is_image_placeholder, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  pn_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/ui/reader/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("header", test_header);
  ADD ("text-is-the-document", test_text_is_the_document);
  ADD ("tags", test_tags);
  ADD ("image-and-enclosure", test_image_and_enclosure);
  ADD ("restyle-and-replace", test_restyle_and_replace);

#undef ADD

  return g_test_run ();
}
