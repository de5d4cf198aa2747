/* pn-headline-row.c
 *
 * Rows are recycled by the list view, so binding must be cheap and must
 * leave nothing of the previous story behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-headline-row"

#include "config.h"

#include "pn-widget-util.h"

#include <glib/gi18n.h>

#include "pn-format.h"
#include "pn-headline-row.h"

#define EXCERPT_CHARS 160

struct _PnHeadlineRow
{
  GtkWidget  parent_instance;

  /* Template widgets */
  GtkLabel  *source_label;
  GtkToggleButton *save_button;
  GtkLabel  *date_label;
  GtkLabel  *title_label;
  GtkLabel  *excerpt_label;

  /* Owned references */
  PnStory   *story;
  PnSource  *source;
  gulong     read_handler;
  gulong     saved_handler;
  gulong     source_title_handler;
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
  gboolean unread = !pn_story_get_read (self->story);
  gboolean saved = pn_story_get_saved (self->story);

  if (unread)
    gtk_widget_add_css_class (GTK_WIDGET (self), "unread");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unread");
  gtk_toggle_button_set_active (self->save_button, saved);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button),
                               saved ? _("Remove from Saved") : _("Save Story"));
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
  gtk_label_set_text (self->source_label, pn_source_get_display_title (self->source));
}

static void
pn_headline_row_dispose (GObject *object)
{
  PnHeadlineRow *self = (PnHeadlineRow *) object;

  pn_headline_row_unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PN_TYPE_HEADLINE_ROW);
  pn_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (pn_headline_row_parent_class)->dispose (object);
}

static void
pn_headline_row_class_init (PnHeadlineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pn_headline_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/primenews/PrimeNews/pn-headline-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PnHeadlineRow, source_label);
  gtk_widget_class_bind_template_child (widget_class, PnHeadlineRow, save_button);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  /* The row's star asks the list to save or unsave its story. */
  signals[SAVE_TOGGLED] =
    g_signal_new ("save-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PN_TYPE_STORY);
  gtk_widget_class_bind_template_child (widget_class, PnHeadlineRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, PnHeadlineRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PnHeadlineRow, excerpt_label);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pn_headline_row_init (PnHeadlineRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

  pn_headline_row_unbind (self);
  self->story = g_object_ref (story);

  title = pn_story_get_title (story);
  if (title == NULL || *title == '\0')
    title = _("Untitled story");

  date = pn_format_relative_date (pn_story_get_sort_date (story), now);
  /* The preview: a row must not load the story's whole text. */
  excerpt = pn_format_excerpt (pn_story_get_preview (story), EXCERPT_CHARS);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->source_label, source ? pn_source_get_display_title (source) : "");
  gtk_label_set_text (self->date_label, date);
  gtk_label_set_text (self->excerpt_label, excerpt);
  gtk_widget_set_visible (GTK_WIDGET (self->excerpt_label), *excerpt != '\0');

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
