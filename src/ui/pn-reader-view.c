/* pn-reader-view.c
 *
 * The buffer holds the document's plain text exactly, so a text offset in
 * the view is a document offset: annotations, search hits and selections
 * need no translation beyond the embedded widgets (images, rules), each of
 * which takes one position in the buffer and none in the document. The
 * positions of those widgets are kept to convert between the two.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-reader-view"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "pn-image-loader.h"
#include "pn-reader-view.h"
#include "pn-widget-util.h"

#define BASE_FONT_POINTS 12.0
#define INDENT_PIXELS    28

struct _PnReaderView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkScrolledWindow *scrolled_window;
  GtkLabel          *title_label;
  GtkLabel          *meta_label;
  GtkTextView       *text_view;
  GtkListBox        *enclosures_list;

  /* Owned references */
  PnStory           *story;
  PnDocument        *document;
  GListModel        *annotations;
  /* The annotations drawn, followed for colour and anchor changes. */
  GPtrArray         *watched_annotations;
  GtkCssProvider    *font_provider;
  GArray            *anchor_positions;
  GtkPopover        *highlight_popover;
  guint              flash_id;
  PnImageLoader     *image_loader;
  /* Cancelled when another story replaces this one's images. */
  GCancellable      *images_cancellable;

  double             font_scale;
};

G_DEFINE_FINAL_TYPE (PnReaderView, pn_reader_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FONT_SCALE,
  N_PROPS
};

enum {
  HIGHLIGHT_REQUESTED,
  ANNOTATION_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The highlight colours, by the name stored on annotations. */
static const struct {
  const char *name;
  const char *rgba;
  const char *label;
} highlight_colors[] = {
  { "yellow", "rgba(246, 211, 45, 0.45)", N_("Yellow") },
  { "green", "rgba(87, 227, 137, 0.40)", N_("Green") },
  { "blue", "rgba(98, 160, 234, 0.40)", N_("Blue") },
  { "pink", "rgba(220, 138, 221, 0.45)", N_("Pink") },
};
static GQuark href_quark;

static void
pn_reader_view_create_tags (PnReaderView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  static const double heading_scales[] = { 1.6, 1.4, 1.25, 1.15, 1.05, 1.0 };

  for (guint level = 1; level <= 6; level++)
    {
      g_autofree char *name = g_strdup_printf ("heading-%u", level);
      gtk_text_buffer_create_tag (buffer, name,
                                  "weight", PANGO_WEIGHT_BOLD,
                                  "scale", heading_scales[level - 1],
                                  "pixels-above-lines", 6,
                                  NULL);
    }

  gtk_text_buffer_create_tag (buffer, "paragraph", "pixels-below-lines", 0, NULL);
  gtk_text_buffer_create_tag (buffer, "bold", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "italic", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "code", "family", "monospace", NULL);
  gtk_text_buffer_create_tag (buffer, "strike", "strikethrough", TRUE, NULL);
  gtk_text_buffer_create_tag (buffer, "underline", "underline", PANGO_UNDERLINE_SINGLE, NULL);
  gtk_text_buffer_create_tag (buffer, "subscript", "rise", -3 * PANGO_SCALE, "scale", 0.8, NULL);
  gtk_text_buffer_create_tag (buffer, "superscript", "rise", 5 * PANGO_SCALE, "scale", 0.8, NULL);
  gtk_text_buffer_create_tag (buffer, "preformatted",
                              "family", "monospace",
                              "wrap-mode", GTK_WRAP_CHAR,
                              "left-margin", INDENT_PIXELS / 2,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "image-caption",
                              "style", PANGO_STYLE_ITALIC,
                              "scale", 0.9,
                              "justification", GTK_JUSTIFY_CENTER,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "table-row", "family", "monospace", "scale", 0.9, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (highlight_colors); i++)
    {
      g_autofree char *name = g_strdup_printf ("highlight-%s", highlight_colors[i].name);
      GdkRGBA rgba;

      gdk_rgba_parse (&rgba, highlight_colors[i].rgba);
      gtk_text_buffer_create_tag (buffer, name, "background-rgba", &rgba, NULL);
    }
  gtk_text_buffer_create_tag (buffer, "flash", "background", "#f6d32d", NULL);
}

/* Unknown colours (a newer version's, or a hand-edited file) show yellow. */
static char *
pn_reader_view_dup_highlight_tag_name (const char *color)
{
  for (guint i = 0; i < G_N_ELEMENTS (highlight_colors); i++)
    {
      if (g_strcmp0 (color, highlight_colors[i].name) == 0)
        return g_strdup_printf ("highlight-%s", color);
    }
  return g_strdup ("highlight-yellow");
}

static void annotation_changed_cb (PnReaderView *self);

static void
pn_reader_view_unwatch_annotations (PnReaderView *self)
{
  for (guint i = 0; i < self->watched_annotations->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched_annotations, i),
                                          annotation_changed_cb, self);
  g_ptr_array_set_size (self->watched_annotations, 0);
}

/* Draws every anchored annotation as a coloured tag; detached ones have no
 * place in the text and are listed by the annotations panel instead.
 */
static void
pn_reader_view_apply_highlights (PnReaderView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  guint length = self->document ? pn_document_get_length (self->document) : 0;
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  for (guint i = 0; i < G_N_ELEMENTS (highlight_colors); i++)
    {
      g_autofree char *name = g_strdup_printf ("highlight-%s", highlight_colors[i].name);
      gtk_text_buffer_remove_tag_by_name (buffer, name, &start, &end);
    }

  pn_reader_view_unwatch_annotations (self);
  if (self->annotations == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (self->annotations); i++)
    {
      g_autoptr(PnAnnotation) annotation = g_list_model_get_item (self->annotations, i);
      g_autofree char *name = NULL;
      gint64 from = pn_annotation_get_start (annotation);
      gint64 to = pn_annotation_get_end (annotation);

      /* Colour and anchor decide the drawing; a note edit does not. */
      g_signal_connect_swapped (annotation, "notify::color", G_CALLBACK (annotation_changed_cb), self);
      g_signal_connect_swapped (annotation, "notify::start", G_CALLBACK (annotation_changed_cb), self);
      g_signal_connect_swapped (annotation, "notify::end", G_CALLBACK (annotation_changed_cb), self);
      g_signal_connect_swapped (annotation, "notify::detached", G_CALLBACK (annotation_changed_cb), self);
      g_ptr_array_add (self->watched_annotations, g_object_ref (annotation));

      if (!pn_annotation_has_anchor (annotation) || pn_annotation_get_detached (annotation) ||
          from < 0 || to > length || from >= to)
        continue;

      name = pn_reader_view_dup_highlight_tag_name (pn_annotation_get_color (annotation));
      pn_reader_view_get_iter_at_offset (self, &start, from);
      pn_reader_view_get_iter_at_offset (self, &end, to);
      gtk_text_buffer_apply_tag_by_name (buffer, name, &start, &end);
    }
}

static GtkTextTag *
pn_reader_view_get_indent_tag (PnReaderView *self,
                               const char   *kind,
                               guint         depth,
                               gboolean      italic)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  g_autofree char *name = g_strdup_printf ("%s-%u", kind, depth);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);

  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, name,
                                      "left-margin", INDENT_PIXELS * depth,
                                      "style", italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL,
                                      NULL);
  return tag;
}

static const char *
span_tag_name (PnSpanKind kind)
{
  switch (kind)
    {
    case PN_SPAN_BOLD: return "bold";
    case PN_SPAN_ITALIC: return "italic";
    case PN_SPAN_CODE: return "code";
    case PN_SPAN_STRIKE: return "strike";
    case PN_SPAN_UNDERLINE: return "underline";
    case PN_SPAN_SUBSCRIPT: return "subscript";
    case PN_SPAN_SUPERSCRIPT: return "superscript";
    case PN_SPAN_LINK:
    case PN_SPAN_LINE_BREAK:
    default:
      return NULL;
    }
}

static void
apply_tag (GtkTextBuffer *buffer,
           GtkTextTag    *tag,
           guint          start,
           guint          end)
{
  GtkTextIter start_iter;
  GtkTextIter end_iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &start_iter, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end_iter, end);
  gtk_text_buffer_apply_tag (buffer, tag, &start_iter, &end_iter);
}

#define MAX_IMAGE_WIDTH 640

static void
image_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWidget) box = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *picture;
  int width;
  int height;

  texture = pn_image_loader_load_finish (PN_IMAGE_LOADER (object), result, &error);
  if (texture == NULL)
    {
      /* The alt text stays in its place; that is the fallback. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Image not shown: %s", error->message);
      return;
    }

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  if (width > MAX_IMAGE_WIDTH)
    {
      height = height * MAX_IMAGE_WIDTH / width;
      width = MAX_IMAGE_WIDTH;
    }

  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, width, height);
  gtk_widget_add_css_class (picture, "reader-picture");
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_widget_get_tooltip_text (box), -1);

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_visible (child, FALSE);
  gtk_box_append (GTK_BOX (box), picture);
}

static GtkWidget *
create_image_placeholder (PnReaderView  *self,
                          const PnBlock *block)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("image-x-generic-symbolic");
  const char *alt = block->alt && *block->alt ? block->alt : _("Image");
  GtkWidget *label = gtk_label_new (alt);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* A child of a text view gets its minimum width: ask for the text's. */
  gtk_label_set_width_chars (GTK_LABEL (label), MIN (g_utf8_strlen (alt, -1), 60));
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_add_css_class (box, "reader-image");
  gtk_widget_set_tooltip_text (box, alt);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, alt, -1);
  g_object_set_data_full (G_OBJECT (box), "src", g_strdup (block->src), g_free);

  if (self->image_loader != NULL && block->src != NULL)
    pn_image_loader_load_async (self->image_loader, block->src, self->images_cancellable,
                                image_loaded_cb, g_object_ref (box));
  return box;
}

static void
collect_link_tag (GtkTextTag *tag,
                  gpointer    link_tags)
{
  if (g_object_get_qdata (G_OBJECT (tag), href_quark) != NULL)
    g_ptr_array_add (link_tags, tag);
}

static void
pn_reader_view_render (PnReaderView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  g_autoptr(GPtrArray) link_tags = g_ptr_array_new ();
  guint n_blocks;

  g_array_set_size (self->anchor_positions, 0);
  gtk_text_buffer_set_text (buffer, "", 0);

  g_cancellable_cancel (self->images_cancellable);
  g_clear_object (&self->images_cancellable);
  self->images_cancellable = g_cancellable_new ();

  /* Link tags are made per link; the old ones go with the old story. */
  gtk_text_tag_table_foreach (table, collect_link_tag, link_tags);
  for (guint i = 0; i < link_tags->len; i++)
    gtk_text_tag_table_remove (table, g_ptr_array_index (link_tags, i));

  if (self->document == NULL)
    return;

  gtk_text_buffer_set_text (buffer, pn_document_get_text (self->document), -1);
  n_blocks = pn_document_get_n_blocks (self->document);

  for (guint i = 0; i < n_blocks; i++)
    {
      const PnBlock *block = pn_document_get_block (self->document, i);
      GtkTextTag *block_tag = NULL;

      switch (block->kind)
        {
        case PN_BLOCK_HEADING:
          {
            g_autofree char *name = g_strdup_printf ("heading-%u", CLAMP (block->level, 1, 6));
            block_tag = gtk_text_tag_table_lookup (table, name);
          }
          break;

        case PN_BLOCK_LIST_ITEM:
          block_tag = pn_reader_view_get_indent_tag (self, "list", MAX (block->depth, 1), FALSE);
          break;

        case PN_BLOCK_PREFORMATTED:
          block_tag = gtk_text_tag_table_lookup (table, "preformatted");
          break;

        case PN_BLOCK_IMAGE:
          block_tag = gtk_text_tag_table_lookup (table, "image-caption");
          break;

        case PN_BLOCK_TABLE_ROW:
          block_tag = gtk_text_tag_table_lookup (table, "table-row");
          break;

        case PN_BLOCK_PARAGRAPH:
        case PN_BLOCK_QUOTE:
        case PN_BLOCK_RULE:
        default:
          break;
        }

      if (block_tag != NULL)
        apply_tag (buffer, block_tag, block->start, block->end);
      if (block->quote_depth > 0)
        apply_tag (buffer, pn_reader_view_get_indent_tag (self, "quote", block->quote_depth, TRUE),
                   block->start, block->end);

      for (guint j = 0; j < block->n_spans; j++)
        {
          const PnSpan *span = &block->spans[j];
          const char *name = span_tag_name (span->kind);

          if (name != NULL)
            {
              apply_tag (buffer, gtk_text_tag_table_lookup (table, name), span->start, span->end);
            }
          else if (span->kind == PN_SPAN_LINK && span->href != NULL)
            {
              GtkTextTag *link = gtk_text_buffer_create_tag (buffer, NULL,
                                                             "underline", PANGO_UNDERLINE_SINGLE,
                                                             "foreground", "#1c71d8",
                                                             NULL);
              g_object_set_qdata_full (G_OBJECT (link), href_quark, g_strdup (span->href), g_free);
              apply_tag (buffer, link, span->start, span->end);
            }
        }
    }

  /* Widgets go in last to first, so every earlier document offset is still
   * a buffer offset while inserting.
   */
  for (guint i = n_blocks; i > 0; i--)
    {
      const PnBlock *block = pn_document_get_block (self->document, i - 1);
      GtkWidget *widget;
      GtkTextChildAnchor *anchor;
      GtkTextIter iter;

      if (block->kind == PN_BLOCK_IMAGE)
        widget = create_image_placeholder (self, block);
      else if (block->kind == PN_BLOCK_RULE)
        widget = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
      else
        continue;

      gtk_text_buffer_get_iter_at_offset (buffer, &iter, block->start);
      anchor = gtk_text_buffer_create_child_anchor (buffer, &iter);
      gtk_text_view_add_child_at_anchor (self->text_view, widget, anchor);
      if (block->kind == PN_BLOCK_RULE)
        gtk_widget_set_size_request (widget, 480, -1);
      g_array_prepend_val (self->anchor_positions, block->start);
    }

  /* Stored as buffer positions: each anchor shifts those after it by one. */
  for (guint i = 0; i < self->anchor_positions->len; i++)
    g_array_index (self->anchor_positions, guint, i) += i;
}

static void
pn_reader_view_update_header (PnReaderView *self,
                              const char   *source_title)
{
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autofree char *byline = NULL;
  g_autofree char *meta = NULL;
  GDateTime *date;
  const char *title = pn_story_get_title (self->story);

  gtk_label_set_text (self->title_label, title && *title ? title : _("Untitled story"));

  if (source_title != NULL && *source_title != '\0')
    g_strv_builder_add (parts, source_title);
  byline = pn_story_dup_byline (self->story);
  if (byline != NULL && g_strcmp0 (byline, source_title) != 0)
    g_strv_builder_add (parts, byline);
  date = pn_story_get_published (self->story) ?: pn_story_get_updated (self->story);
  if (date != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (date);
      /* Translators: a story's date in the reader, see the strftime manual */
      g_autofree char *text = g_date_time_format (local, _("%-d %B %Y, %H:%M"));
      g_strv_builder_add (parts, text);
    }

  strv = g_strv_builder_end (parts);
  meta = g_strjoinv (" · ", strv);
  gtk_label_set_text (self->meta_label, meta);
  gtk_widget_set_visible (GTK_WIDGET (self->meta_label), *meta != '\0');
}

static void
open_enclosure_clicked_cb (GtkButton    *button,
                           PnReaderView *self)
{
  const char *url = g_object_get_data (G_OBJECT (button), "url");

  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), url, GDK_CURRENT_TIME);
}

static void
pn_reader_view_update_enclosures (PnReaderView *self)
{
  GPtrArray *enclosures = pn_story_get_enclosures (self->story);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->enclosures_list))) != NULL)
    gtk_list_box_remove (self->enclosures_list, child);

  for (guint i = 0; enclosures != NULL && i < enclosures->len; i++)
    {
      PnEnclosure *enclosure = g_ptr_array_index (enclosures, i);
      g_autofree char *name = g_path_get_basename (enclosure->url);
      g_autofree char *size = enclosure->length > 0 ? g_format_size (enclosure->length) : NULL;
      g_autofree char *subtitle = g_strjoin (" · ", enclosure->mime_type ?: _("File"), size, NULL);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_label (_("Open"));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "url", g_strdup (enclosure->url), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (open_enclosure_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->enclosures_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->enclosures_list), enclosures != NULL && enclosures->len > 0);
}

static const char *
pn_reader_view_get_href_at (PnReaderView *self,
                            double        x,
                            double        y)
{
  g_autoptr(GSList) tags = NULL;
  GtkTextIter iter;
  int buffer_x;
  int buffer_y;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         x, y, &buffer_x, &buffer_y);
  if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, buffer_x, buffer_y))
    return NULL;

  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *href = g_object_get_qdata (l->data, href_quark);
      if (href != NULL)
        return href;
    }
  return NULL;
}

static PnAnnotation *
pn_reader_view_get_annotation_at (PnReaderView *self,
                                  guint         offset)
{
  for (guint i = 0; self->annotations != NULL && i < g_list_model_get_n_items (self->annotations); i++)
    {
      g_autoptr(PnAnnotation) annotation = g_list_model_get_item (self->annotations, i);

      if (pn_annotation_has_anchor (annotation) && !pn_annotation_get_detached (annotation) &&
          pn_annotation_get_start (annotation) <= offset && offset < pn_annotation_get_end (annotation))
        return annotation;
    }
  return NULL;
}

static void
pn_reader_view_show_highlight_popover (PnReaderView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start;
  GtkTextIter end;
  GdkRectangle rect;
  int x;
  int y;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return;

  gtk_text_view_get_iter_location (self->text_view, &end, &rect);
  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x, rect.y, &x, &y);
  rect.x = x;
  rect.y = y;
  gtk_popover_set_pointing_to (self->highlight_popover, &rect);
  gtk_popover_popup (self->highlight_popover);
}

static void
text_released_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  PnReaderView    *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  PnAnnotation *annotation;
  GtkTextIter iter;
  const char *href;
  int buffer_x;
  int buffer_y;

  /* A drag that selected text offers to highlight it. */
  if (gtk_text_buffer_get_has_selection (buffer))
    {
      pn_reader_view_show_highlight_popover (self);
      return;
    }

  href = pn_reader_view_get_href_at (self, x, y);
  if (href != NULL)
    {
      gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), href, GDK_CURRENT_TIME);
      return;
    }

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         x, y, &buffer_x, &buffer_y);
  if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, buffer_x, buffer_y))
    return;

  annotation = pn_reader_view_get_annotation_at (self, pn_reader_view_get_document_offset (self, &iter));
  if (annotation != NULL)
    g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, annotation);
}

static void
highlight_color_clicked_cb (GtkButton    *button,
                            PnReaderView *self)
{
  const char *color = g_object_get_data (G_OBJECT (button), "color");

  gtk_popover_popdown (self->highlight_popover);
  pn_reader_view_highlight_selection (self, color, FALSE);
}

static void
add_note_clicked_cb (GtkButton    *button,
                     PnReaderView *self)
{
  gtk_popover_popdown (self->highlight_popover);
  pn_reader_view_highlight_selection (self, "yellow", TRUE);
}

static void
pn_reader_view_create_highlight_popover (PnReaderView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *note_button = gtk_button_new_with_mnemonic (_("Add _Note"));

  for (guint i = 0; i < G_N_ELEMENTS (highlight_colors); i++)
    {
      g_autofree char *css_class = g_strdup_printf ("highlight-%s", highlight_colors[i].name);
      g_autofree char *tooltip = g_strdup_printf (_("Highlight in %s"), _(highlight_colors[i].label));
      GtkWidget *button = gtk_button_new ();

      gtk_widget_add_css_class (button, "circular");
      gtk_widget_add_css_class (button, "highlight-swatch");
      gtk_widget_add_css_class (button, css_class);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      g_object_set_data (G_OBJECT (button), "color", (gpointer) highlight_colors[i].name);
      g_signal_connect (button, "clicked", G_CALLBACK (highlight_color_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }

  g_signal_connect (note_button, "clicked", G_CALLBACK (add_note_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), note_button);

  self->highlight_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->highlight_popover, box);
  gtk_popover_set_position (self->highlight_popover, GTK_POS_BOTTOM);
  gtk_popover_set_autohide (self->highlight_popover, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->highlight_popover), GTK_WIDGET (self->text_view));
}

static void
text_motion_cb (GtkEventControllerMotion *controller,
                double                    x,
                double                    y,
                PnReaderView             *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->text_view),
                                   pn_reader_view_get_href_at (self, x, y) ? "pointer" : NULL);
}

static gboolean
text_query_tooltip_cb (GtkWidget    *widget,
                       int           x,
                       int           y,
                       gboolean      keyboard_mode,
                       GtkTooltip   *tooltip,
                       PnReaderView *self)
{
  const char *href;

  if (keyboard_mode)
    return FALSE;

  href = pn_reader_view_get_href_at (self, x, y);
  if (href == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, href);
  return TRUE;
}

static void
pn_reader_view_apply_font_scale (PnReaderView *self)
{
  g_autofree char *css = NULL;
  char points[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (points, sizeof points, "%.1f", BASE_FONT_POINTS * self->font_scale);
  css = g_strdup_printf ("textview.reader-text { font-size: %spt; }", points);
  gtk_css_provider_load_from_data (self->font_provider, css, -1);
}

static void
pn_reader_view_dispose (GObject *object)
{
  PnReaderView *self = (PnReaderView *) object;

  g_clear_handle_id (&self->flash_id, g_source_remove);
  g_cancellable_cancel (self->images_cancellable);
  g_clear_object (&self->images_cancellable);
  g_clear_object (&self->image_loader);
  if (self->highlight_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->highlight_popover));
      self->highlight_popover = NULL;
    }
  pn_reader_view_set_annotations (self, NULL);
  if (self->watched_annotations != NULL)
    pn_reader_view_unwatch_annotations (self);
  g_clear_pointer (&self->watched_annotations, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), PN_TYPE_READER_VIEW);
  pn_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->story);
  g_clear_object (&self->document);
  g_clear_object (&self->font_provider);
  g_clear_pointer (&self->anchor_positions, g_array_unref);

  G_OBJECT_CLASS (pn_reader_view_parent_class)->dispose (object);
}

static void
pn_reader_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PnReaderView *self = PN_READER_VIEW (object);

  switch (prop_id)
    {
    case PROP_FONT_SCALE:
      g_value_set_double (value, self->font_scale);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_reader_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PnReaderView *self = PN_READER_VIEW (object);

  switch (prop_id)
    {
    case PROP_FONT_SCALE:
      pn_reader_view_set_font_scale (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_reader_view_class_init (PnReaderViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pn_reader_view_dispose;
  object_class->get_property = pn_reader_view_get_property;
  object_class->set_property = pn_reader_view_set_property;

  properties[PROP_FONT_SCALE] =
    g_param_spec_double ("font-scale", NULL, NULL, 0.5, 3.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  href_quark = g_quark_from_static_string ("pn-reader-href");

  /* The user asked to highlight the passage from @start to @end (document
   * offsets) in @color, and, with @add_note, to write a note on it.
   */
  signals[HIGHLIGHT_REQUESTED] =
    g_signal_new ("highlight-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PN_TYPE_ANNOTATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/primenews/PrimeNews/pn-reader-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PnReaderView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, PnReaderView, title_label);
  gtk_widget_class_bind_template_child (widget_class, PnReaderView, meta_label);
  gtk_widget_class_bind_template_child (widget_class, PnReaderView, text_view);
  gtk_widget_class_bind_template_child (widget_class, PnReaderView, enclosures_list);
}

static void
pn_reader_view_init (PnReaderView *self)
{
  GtkGesture *click;
  GtkEventController *motion;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->font_scale = 1.0;
  self->anchor_positions = g_array_new (FALSE, FALSE, sizeof (guint));
  self->watched_annotations = g_ptr_array_new_with_free_func (g_object_unref);
  self->font_provider = gtk_css_provider_new ();
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self->text_view)),
                                  GTK_STYLE_PROVIDER (self->font_provider),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  G_GNUC_END_IGNORE_DEPRECATIONS
  pn_reader_view_apply_font_scale (self);
  pn_reader_view_create_tags (self);
  pn_reader_view_create_highlight_popover (self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (text_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (text_motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), motion);

  g_signal_connect (self->text_view, "query-tooltip", G_CALLBACK (text_query_tooltip_cb), self);
}

GtkWidget *
pn_reader_view_new (void)
{
  return g_object_new (PN_TYPE_READER_VIEW, NULL);
}

/* @document: (nullable): the story's body; NULL shows the header alone */
void
pn_reader_view_show_story (PnReaderView *self,
                           PnStory      *story,
                           PnDocument   *document,
                           const char   *source_title)
{
  GtkAdjustment *vadjustment;

  g_return_if_fail (PN_IS_READER_VIEW (self));
  g_return_if_fail (PN_IS_STORY (story));
  g_return_if_fail (document == NULL || PN_IS_DOCUMENT (document));

  g_set_object (&self->story, story);
  g_set_object (&self->document, document);

  pn_reader_view_update_header (self, source_title);
  pn_reader_view_render (self);
  pn_reader_view_apply_highlights (self);
  pn_reader_view_update_enclosures (self);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));
}

PnStory *
pn_reader_view_get_story (PnReaderView *self)
{
  g_return_val_if_fail (PN_IS_READER_VIEW (self), NULL);
  return self->story;
}

GtkTextView *
pn_reader_view_get_text_view (PnReaderView *self)
{
  g_return_val_if_fail (PN_IS_READER_VIEW (self), NULL);
  return self->text_view;
}

void
pn_reader_view_get_iter_at_offset (PnReaderView *self,
                                   GtkTextIter  *iter,
                                   guint         document_offset)
{
  guint buffer_offset = document_offset;

  g_return_if_fail (PN_IS_READER_VIEW (self));
  g_return_if_fail (iter != NULL);

  for (guint i = 0; i < self->anchor_positions->len; i++)
    {
      if (g_array_index (self->anchor_positions, guint, i) <= buffer_offset)
        buffer_offset++;
      else
        break;
    }

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (self->text_view), iter, buffer_offset);
}

guint
pn_reader_view_get_document_offset (PnReaderView      *self,
                                    const GtkTextIter *iter)
{
  guint buffer_offset;
  guint anchors_before = 0;

  g_return_val_if_fail (PN_IS_READER_VIEW (self), 0);
  g_return_val_if_fail (iter != NULL, 0);

  buffer_offset = gtk_text_iter_get_offset (iter);
  for (guint i = 0; i < self->anchor_positions->len; i++)
    {
      if (g_array_index (self->anchor_positions, guint, i) < buffer_offset)
        anchors_before++;
      else
        break;
    }

  return buffer_offset - anchors_before;
}

double
pn_reader_view_get_font_scale (PnReaderView *self)
{
  g_return_val_if_fail (PN_IS_READER_VIEW (self), 1.0);
  return self->font_scale;
}

void
pn_reader_view_set_font_scale (PnReaderView *self,
                               double        font_scale)
{
  g_return_if_fail (PN_IS_READER_VIEW (self));

  font_scale = CLAMP (font_scale, 0.5, 3.0);
  if (G_APPROX_VALUE (self->font_scale, font_scale, 0.001))
    return;

  self->font_scale = font_scale;
  pn_reader_view_apply_font_scale (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

/* Space pages through the story; at its end the caller moves on. */
gboolean
pn_reader_view_scroll_page (PnReaderView *self)
{
  GtkAdjustment *vadjustment;
  double value;
  double limit;

  g_return_val_if_fail (PN_IS_READER_VIEW (self), FALSE);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  value = gtk_adjustment_get_value (vadjustment);
  limit = gtk_adjustment_get_upper (vadjustment) - gtk_adjustment_get_page_size (vadjustment);

  if (value >= limit - 1)
    return FALSE;

  gtk_adjustment_set_value (vadjustment,
                            MIN (limit, value + gtk_adjustment_get_page_size (vadjustment) * 0.9));
  return TRUE;
}

static void
annotations_changed_cb (PnReaderView *self)
{
  pn_reader_view_apply_highlights (self);
}

static void
annotation_changed_cb (PnReaderView *self)
{
  pn_reader_view_apply_highlights (self);
}

/* @annotations: (nullable): the story's PnAnnotations, drawn as highlights
 * and followed as they change.
 */
void
pn_reader_view_set_annotations (PnReaderView *self,
                                GListModel   *annotations)
{
  g_return_if_fail (PN_IS_READER_VIEW (self));

  if (self->annotations == annotations)
    return;

  if (self->annotations != NULL)
    g_signal_handlers_disconnect_by_data (self->annotations, self);
  g_set_object (&self->annotations, annotations);
  if (annotations != NULL)
    g_signal_connect_swapped (annotations, "items-changed", G_CALLBACK (annotations_changed_cb), self);

  if (self->text_view != NULL)
    pn_reader_view_apply_highlights (self);
}

/* Returns: whether text is selected; its document offsets in @start, @end */
gboolean
pn_reader_view_get_selection (PnReaderView *self,
                              guint        *start,
                              guint        *end)
{
  GtkTextBuffer *buffer;
  GtkTextIter from;
  GtkTextIter to;

  g_return_val_if_fail (PN_IS_READER_VIEW (self), FALSE);

  buffer = gtk_text_view_get_buffer (self->text_view);
  if (self->document == NULL || !gtk_text_buffer_get_selection_bounds (buffer, &from, &to))
    return FALSE;

  *start = pn_reader_view_get_document_offset (self, &from);
  *end = pn_reader_view_get_document_offset (self, &to);
  return *start < *end;
}

void
pn_reader_view_select_range (PnReaderView *self,
                             guint         start,
                             guint         end)
{
  GtkTextIter from;
  GtkTextIter to;

  g_return_if_fail (PN_IS_READER_VIEW (self));

  pn_reader_view_get_iter_at_offset (self, &from, start);
  pn_reader_view_get_iter_at_offset (self, &to, end);
  gtk_text_buffer_select_range (gtk_text_view_get_buffer (self->text_view), &from, &to);
}

/* Asks for the selection to be highlighted (h, or the popover). Returns
 * FALSE when nothing is selected.
 */
gboolean
pn_reader_view_highlight_selection (PnReaderView *self,
                                    const char   *color,
                                    gboolean      add_note)
{
  guint start;
  guint end;

  g_return_val_if_fail (PN_IS_READER_VIEW (self), FALSE);

  if (!pn_reader_view_get_selection (self, &start, &end))
    return FALSE;

  g_signal_emit (self, signals[HIGHLIGHT_REQUESTED], 0, start, end, color ? color : "yellow", add_note);
  return TRUE;
}

static gboolean
flash_done_cb (gpointer user_data)
{
  PnReaderView *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start;
  GtkTextIter end;

  self->flash_id = 0;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "flash", &start, &end);
  return G_SOURCE_REMOVE;
}

/* Scrolls to an annotation's passage and flashes it, so the eye finds it. */
gboolean
pn_reader_view_reveal_annotation (PnReaderView *self,
                                  PnAnnotation *annotation)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (PN_IS_READER_VIEW (self), FALSE);
  g_return_val_if_fail (PN_IS_ANNOTATION (annotation), FALSE);

  if (!pn_annotation_has_anchor (annotation) || pn_annotation_get_detached (annotation) ||
      self->document == NULL || pn_annotation_get_end (annotation) > pn_document_get_length (self->document))
    return FALSE;

  buffer = gtk_text_view_get_buffer (self->text_view);
  pn_reader_view_get_iter_at_offset (self, &start, pn_annotation_get_start (annotation));
  pn_reader_view_get_iter_at_offset (self, &end, pn_annotation_get_end (annotation));
  gtk_text_view_scroll_to_iter (self->text_view, &start, 0.1, TRUE, 0.0, 0.3);

  g_clear_handle_id (&self->flash_id, g_source_remove);
  flash_done_cb (self);
  gtk_text_buffer_apply_tag_by_name (buffer, "flash", &start, &end);
  self->flash_id = g_timeout_add (800, flash_done_cb, self);
  return TRUE;
}

/* @loader: (nullable): where images come from; without one, images show
 * as their alt text.
 */
void
pn_reader_view_set_image_loader (PnReaderView  *self,
                                 PnImageLoader *loader)
{
  g_return_if_fail (PN_IS_READER_VIEW (self));

  g_set_object (&self->image_loader, loader);
}
