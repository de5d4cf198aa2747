/* pn-sidebar-row.c
 *
 * A row is built in code, not from a GtkBuilder template: the first frame
 * of the window builds one for each source it shows. GTK 4.8's list and
 * grid views unbind and bind a row whenever its position or its selection
 * changes; binding a row to the item it shows keeps its icon.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-sidebar-row"

#include "config.h"

#include "pn-widget-util.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "pn-image-loader.h"
#include "pn-sidebar-row.h"

struct _PnSidebarRow
{
  GtkWidget        parent_instance;

  /* Child widgets */
  GtkTreeExpander *expander;
  GtkImage        *icon;
  AdwAvatar       *avatar;
  GtkLabel        *title_label;
  GtkSpinner      *spinner;
  GtkImage        *error_image;
  GtkLabel        *count_label;

  /* Owned references */
  GtkTreeListRow  *tree_row;
  PnSidebarItem   *item;
  GSignalGroup    *item_signals;
  GSignalGroup    *source_signals;
  GSignalGroup    *refresher_signals;
  PnRefresher     *refresher;
  GCancellable    *icon_cancellable;
};

G_DEFINE_FINAL_TYPE (PnSidebarRow, pn_sidebar_row, GTK_TYPE_WIDGET)

static void
pn_sidebar_row_update (PnSidebarRow *self)
{
  PnSource *source;
  const char *title;
  guint count;

  if (self->item == NULL)
    return;

  title = pn_sidebar_item_get_title (self->item);
  count = pn_sidebar_item_get_count (self->item);
  source = pn_sidebar_item_get_source (self->item);

  gtk_label_set_text (self->title_label, title ? title : "");
  adw_avatar_set_text (self->avatar, title);

  if (count > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", count);
      gtk_label_set_text (self->count_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), count > 0);

  /* A source that failed says so, and its tooltip says why. */
  if (source != NULL && pn_source_get_last_error (source) != NULL &&
      (pn_source_get_consecutive_failures (source) > 0 || !pn_source_get_enabled (source)))
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->error_image), pn_source_get_last_error (source));
      gtk_widget_set_visible (GTK_WIDGET (self->error_image), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_image),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      pn_source_get_last_error (source), -1);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_image), FALSE);
    }
}

static void
item_changed_cb (PnSidebarRow *self)
{
  pn_sidebar_row_update (self);
}

static void
icon_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PnSidebarRow) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = pn_image_loader_load_finish (PN_IMAGE_LOADER (object), result, &error);
  if (texture != NULL)
    adw_avatar_set_custom_image (self->avatar, GDK_PAINTABLE (texture));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("No icon, the monogram stays: %s", error->message);
}

static void
refresh_state_changed_cb (PnSidebarRow *self,
                          PnSource     *source)
{
  PnSource *shown = self->item ? pn_sidebar_item_get_source (self->item) : NULL;
  gboolean refreshing;

  if (shown == NULL || (source != NULL && source != shown))
    return;

  refreshing = self->refresher != NULL && pn_refresher_is_refreshing (self->refresher, shown);
  gtk_spinner_set_spinning (self->spinner, refreshing);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), refreshing);
}

static void
pn_sidebar_row_dispose (GObject *object)
{
  PnSidebarRow *self = (PnSidebarRow *) object;

  pn_sidebar_row_unbind (self);
  g_clear_object (&self->item_signals);
  g_clear_object (&self->source_signals);
  g_clear_object (&self->refresher_signals);
  g_clear_object (&self->refresher);
  pn_widget_unparent_children (GTK_WIDGET (self));
  self->expander = NULL;
  self->avatar = NULL;

  G_OBJECT_CLASS (pn_sidebar_row_parent_class)->dispose (object);
}

static void
pn_sidebar_row_class_init (PnSidebarRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pn_sidebar_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* expander [icon or avatar · title · spinner · error badge · count] */
static void
pn_sidebar_row_init (PnSidebarRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 9);

  self->expander = GTK_TREE_EXPANDER (gtk_tree_expander_new ());
  gtk_tree_expander_set_indent_for_icon (self->expander, FALSE);
  gtk_tree_expander_set_child (self->expander, box);
  gtk_widget_set_parent (GTK_WIDGET (self->expander), GTK_WIDGET (self));
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  self->icon = GTK_IMAGE (gtk_image_new ());
  gtk_image_set_pixel_size (self->icon, 16);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->icon));

  self->avatar = ADW_AVATAR (adw_avatar_new (16, NULL, TRUE));
  gtk_widget_set_visible (GTK_WIDGET (self->avatar), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->avatar));

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_ellipsize (self->title_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "sidebar-title");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title_label));

  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->spinner));

  self->error_image = GTK_IMAGE (gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  gtk_widget_set_visible (GTK_WIDGET (self->error_image), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_image), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->error_image), "sidebar-error");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_image));

  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "sidebar-count");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->count_label));

  self->item_signals = g_signal_group_new (PN_TYPE_SIDEBAR_ITEM);
  g_signal_group_connect_swapped (self->item_signals, "notify::title",
                                  G_CALLBACK (item_changed_cb), self);
  g_signal_group_connect_swapped (self->item_signals, "notify::count",
                                  G_CALLBACK (item_changed_cb), self);

  self->source_signals = g_signal_group_new (PN_TYPE_SOURCE);
  g_signal_group_connect_swapped (self->source_signals, "notify::last-error",
                                  G_CALLBACK (item_changed_cb), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::consecutive-failures",
                                  G_CALLBACK (item_changed_cb), self);
  g_signal_group_connect_swapped (self->source_signals, "notify::enabled",
                                  G_CALLBACK (item_changed_cb), self);

  self->refresher_signals = g_signal_group_new (PN_TYPE_REFRESHER);
  g_signal_group_connect_swapped (self->refresher_signals, "source-started",
                                  G_CALLBACK (refresh_state_changed_cb), self);
  g_signal_group_connect_swapped (self->refresher_signals, "source-finished",
                                  G_CALLBACK (refresh_state_changed_cb), self);
}

GtkWidget *
pn_sidebar_row_new (void)
{
  return g_object_new (PN_TYPE_SIDEBAR_ROW, NULL);
}

/* @refresher: (nullable): whose work the row's spinner shows
 * @images: (nullable): where source icons come from; the monogram otherwise
 */
void
pn_sidebar_row_bind (PnSidebarRow   *self,
                     GtkTreeListRow *tree_row,
                     PnRefresher    *refresher,
                     PnImageLoader  *images)
{
  PnSource *source;

  PnSidebarItem *item;
  PnSidebarItemKind kind;

  g_return_if_fail (PN_IS_SIDEBAR_ROW (self));
  g_return_if_fail (GTK_IS_TREE_LIST_ROW (tree_row));

  if (self->tree_row == tree_row && self->refresher == refresher)
    return;

  pn_sidebar_row_unbind (self);

  self->tree_row = g_object_ref (tree_row);
  item = gtk_tree_list_row_get_item (tree_row);
  self->item = item;
  kind = pn_sidebar_item_get_kind (item);

  gtk_tree_expander_set_list_row (self->expander, tree_row);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), kind != PN_SIDEBAR_ITEM_SOURCE);
  gtk_widget_set_visible (GTK_WIDGET (self->avatar), kind == PN_SIDEBAR_ITEM_SOURCE);
  gtk_image_set_from_icon_name (self->icon, pn_sidebar_item_get_icon_name (item));

  g_signal_group_set_target (self->item_signals, item);
  g_signal_group_set_target (self->source_signals, pn_sidebar_item_get_source (item));
  g_set_object (&self->refresher, refresher);
  g_signal_group_set_target (self->refresher_signals, refresher);
  pn_sidebar_row_update (self);
  refresh_state_changed_cb (self, NULL);

  source = pn_sidebar_item_get_source (item);
  if (images != NULL && source != NULL && pn_source_get_icon_url (source) != NULL)
    {
      self->icon_cancellable = g_cancellable_new ();
      pn_image_loader_load_async (images, pn_source_get_icon_url (source), self->icon_cancellable,
                                  icon_loaded_cb, g_object_ref (self));
    }
}

void
pn_sidebar_row_unbind (PnSidebarRow *self)
{
  g_return_if_fail (PN_IS_SIDEBAR_ROW (self));

  if (self->item_signals != NULL)
    g_signal_group_set_target (self->item_signals, NULL);
  if (self->source_signals != NULL)
    g_signal_group_set_target (self->source_signals, NULL);
  if (self->refresher_signals != NULL)
    g_signal_group_set_target (self->refresher_signals, NULL);
  if (self->expander != NULL)
    gtk_tree_expander_set_list_row (self->expander, NULL);
  g_clear_object (&self->tree_row);
  g_clear_object (&self->item);
  g_cancellable_cancel (self->icon_cancellable);
  g_clear_object (&self->icon_cancellable);
  if (self->avatar != NULL)
    adw_avatar_set_custom_image (self->avatar, NULL);
}
