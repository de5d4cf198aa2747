/* pn-headline-row.c
 *
 * The headlines' grid view binds and measures every row it keeps again
 * whenever its model changes wholesale (another source, a search
 * keystroke). So a row is built in code rather than from
 * a GtkBuilder template; its title, excerpt and source name are text
 * blocks, which shape their text once where a label shapes it up to three
 * times; the unread style class sits on the title, so that changing it
 * restyles one widget, not the row; and binding touches no tooltip:
 * setting one asks the display server where the pointer is. The star's
 * tooltip is given when asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-headline-row"

#include "config.h"

#include "pn-widget-util.h"

#include <glib/gi18n.h>

#include "pn-format.h"
#include "pn-headline-row.h"
#include "pn-text-block.h"

#define EXCERPT_CHARS 160

struct _PnHeadlineRow
{
  GtkWidget        parent_instance;

  /* Child widgets */
  PnTextBlock     *source_block;
  GtkToggleButton *save_button;
  GtkLabel        *date_label;
  PnTextBlock     *title_block;
  PnTextBlock     *excerpt_block;

  /* Owned references */
  PnStory         *story;
  PnSource        *source;
  gulong           read_handler;
  gulong           saved_handler;
  gulong           source_title_handler;
};

G_DEFINE_FINAL_TYPE (PnHeadlineRow, pn_headline_row, GTK_TYPE_WIDGET)

enum {
  SAVE_TOGGLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pn_headline_row_update_state (PnHeadlineRow *self)
{
  gboolean saved = pn_story_get_saved (self->story);

  if (pn_story_get_read (self->story))
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_block), "unread");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->title_block), "unread");

  if (gtk_toggle_button_get_active (self->save_button) != saved)
    gtk_toggle_button_set_active (self->save_button, saved);
}

static gboolean
save_query_tooltip_cb (GtkWidget     *button,
                       int            x,
                       int            y,
                       gboolean       keyboard_mode,
                       GtkTooltip    *tooltip,
                       PnHeadlineRow *self)
{
  gtk_tooltip_set_text (tooltip, gtk_toggle_button_get_active (self->save_button)
                                   ? _("Remove from Saved") : _("Save Story"));
  return TRUE;
}

static void
save_clicked_cb (PnHeadlineRow *self)
{
  /* The button shows the story's state; the library decides it. */
  if (self->story != NULL)
    g_signal_emit (self, signals[SAVE_TOGGLED], 0, self->story);
  if (self->story != NULL)
    pn_headline_row_update_state (self);
}

static void
story_state_changed_cb (PnHeadlineRow *self)
{
  pn_headline_row_update_state (self);
}

static void
source_title_changed_cb (PnHeadlineRow *self)
{
  pn_text_block_set_text (self->source_block, pn_source_get_display_title (self->source));
}

/* The source and the date read as small, dim captions. */
static void
add_caption_style (GtkWidget *widget)
{
  gtk_widget_add_css_class (widget, "caption");
  gtk_widget_add_css_class (widget, "dim-label");
}

static PnTextBlock *
create_text_block (GtkWidget  *parent,
                   guint       max_lines,
                   const char *css_class)
{
  GtkWidget *block = pn_text_block_new (max_lines);

  gtk_widget_add_css_class (block, css_class);
  if (GTK_IS_BOX (parent))
    gtk_box_append (GTK_BOX (parent), block);
  else
    gtk_widget_set_parent (block, parent);
  return PN_TEXT_BLOCK (block);
}

static void
pn_headline_row_dispose (GObject *object)
{
  PnHeadlineRow *self = (PnHeadlineRow *) object;

  pn_headline_row_unbind (self);
  pn_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (pn_headline_row_parent_class)->dispose (object);
}

static void
pn_headline_row_class_init (PnHeadlineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pn_headline_row_dispose;

  /* The row's star asks the list to save or unsave its story. */
  signals[SAVE_TOGGLED] =
    g_signal_new ("save-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PN_TYPE_STORY);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* source · star · date
 * title (three lines at most)
 * excerpt (two lines at most)
 */
static void
pn_headline_row_init (PnHeadlineRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *save_button = gtk_toggle_button_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 3);
  gtk_widget_add_css_class (GTK_WIDGET (self), "headline-row");
  gtk_widget_set_parent (header, GTK_WIDGET (self));

  /* The source's name takes the room the star and the date leave. */
  self->source_block = create_text_block (header, 1, "headline-source");
  add_caption_style (GTK_WIDGET (self->source_block));
  gtk_widget_set_hexpand (GTK_WIDGET (self->source_block), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->source_block), GTK_ALIGN_CENTER);

  self->save_button = GTK_TOGGLE_BUTTON (save_button);
  gtk_button_set_icon_name (GTK_BUTTON (save_button), "starred-symbolic");
  gtk_widget_set_has_tooltip (save_button, TRUE);
  g_signal_connect (save_button, "query-tooltip", G_CALLBACK (save_query_tooltip_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (save_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Save Story"),
                                  -1);
  gtk_widget_set_valign (save_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (save_button, "flat");
  gtk_widget_add_css_class (save_button, "circular");
  gtk_widget_add_css_class (save_button, "saved-mark");
  g_signal_connect_swapped (save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  gtk_box_append (GTK_BOX (header), save_button);

  self->date_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_single_line_mode (self->date_label, TRUE);
  add_caption_style (GTK_WIDGET (self->date_label));
  gtk_widget_add_css_class (GTK_WIDGET (self->date_label), "numeric");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->date_label));

  self->title_block = create_text_block (GTK_WIDGET (self), 3, "headline-title");
  self->excerpt_block = create_text_block (GTK_WIDGET (self), 2, "headline-excerpt");
  gtk_widget_add_css_class (GTK_WIDGET (self->excerpt_block), "dim-label");
}

GtkWidget *
pn_headline_row_new (void)
{
  return g_object_new (PN_TYPE_HEADLINE_ROW, NULL);
}

PnStory *
pn_headline_row_get_story (PnHeadlineRow *self)
{
  g_return_val_if_fail (PN_IS_HEADLINE_ROW (self), NULL);
  return self->story;
}

/* @source: (nullable): the story's source, whose name the row shows */
void
pn_headline_row_bind (PnHeadlineRow *self,
                      PnStory       *story,
                      PnSource      *source,
                      GDateTime     *now)
{
  g_autofree char *date = NULL;
  g_autofree char *excerpt = NULL;
  const char *title;

  g_return_if_fail (PN_IS_HEADLINE_ROW (self));
  g_return_if_fail (PN_IS_STORY (story));

  /* The relative date is the only thing that ages while a story is shown. */
  date = pn_format_relative_date (pn_story_get_sort_date (story), now);
  gtk_label_set_text (self->date_label, date);
  if (self->story == story && self->source == source)
    {
      pn_headline_row_update_state (self);
      return;
    }

  pn_headline_row_unbind (self);
  self->story = g_object_ref (story);

  title = pn_story_get_title (story);
  if (title == NULL || *title == '\0')
    title = _("Untitled story");

  /* The preview: a row must not load the story's whole text. */
  excerpt = pn_format_excerpt (pn_story_get_preview (story), EXCERPT_CHARS);

  pn_text_block_set_text (self->title_block, title);
  pn_text_block_set_text (self->source_block, source ? pn_source_get_display_title (source) : "");
  pn_text_block_set_text (self->excerpt_block, excerpt);
  gtk_widget_set_visible (GTK_WIDGET (self->excerpt_block), *excerpt != '\0');

  self->read_handler = g_signal_connect_swapped (story, "notify::read",
                                                 G_CALLBACK (story_state_changed_cb), self);
  self->saved_handler = g_signal_connect_swapped (story, "notify::saved",
                                                  G_CALLBACK (story_state_changed_cb), self);
  if (source != NULL)
    {
      self->source = g_object_ref (source);
      self->source_title_handler = g_signal_connect_swapped (source, "notify::display-title",
                                                             G_CALLBACK (source_title_changed_cb), self);
    }
  pn_headline_row_update_state (self);
}

void
pn_headline_row_unbind (PnHeadlineRow *self)
{
  g_return_if_fail (PN_IS_HEADLINE_ROW (self));

  if (self->story == NULL)
    return;

  g_clear_signal_handler (&self->read_handler, self->story);
  g_clear_signal_handler (&self->saved_handler, self->story);
  g_clear_object (&self->story);
  if (self->source != NULL)
    g_clear_signal_handler (&self->source_title_handler, self->source);
  g_clear_object (&self->source);
}
