/* pn-window.c — the main window: sources, headlines and reader in a leaflet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pn-settings.h"
#include "pn-window.h"

struct _PnWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sources_pane;
  GtkWidget            *headlines_pane;
  GtkWidget            *reader_pane;

  /* Owned references */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (PnWindow, pn_window, ADW_TYPE_APPLICATION_WINDOW)

static void
pn_window_save_size (PnWindow *self)
{
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  /* A maximized window keeps the size it will return to when unmaximized. */
  g_settings_set_boolean (self->settings, PN_SETTINGS_WINDOW_MAXIMIZED,
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, PN_SETTINGS_WINDOW_WIDTH, width);
      g_settings_set_int (self->settings, PN_SETTINGS_WINDOW_HEIGHT, height);
    }
}

static gboolean
pn_window_close_request (GtkWindow *window)
{
  pn_window_save_size (PN_WINDOW (window));

  return GTK_WINDOW_CLASS (pn_window_parent_class)->close_request (window);
}

static void
pn_window_go_back_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  PnWindow *self = PN_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
pn_window_constructed (GObject *object)
{
  PnWindow *self = (PnWindow *) object;
  GtkApplication *application;

  G_OBJECT_CLASS (pn_window_parent_class)->constructed (object);

  application = gtk_window_get_application (GTK_WINDOW (self));
  if (PN_IS_APPLICATION (application))
    self->settings = g_object_ref (pn_application_get_settings (PN_APPLICATION (application)));
  else
    self->settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, PN_SETTINGS_WINDOW_WIDTH),
                               g_settings_get_int (self->settings, PN_SETTINGS_WINDOW_HEIGHT));
  if (g_settings_get_boolean (self->settings, PN_SETTINGS_WINDOW_MAXIMIZED))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, PN_SETTINGS_SOURCES_PANE_WIDTH,
                   self->sources_pane, "width-request", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, PN_SETTINGS_HEADLINES_PANE_WIDTH,
                   self->headlines_pane, "width-request", G_SETTINGS_BIND_GET);
}

static void
pn_window_dispose (GObject *object)
{
  PnWindow *self = (PnWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PN_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pn_window_parent_class)->dispose (object);
}

static void
pn_window_class_init (PnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pn_window_constructed;
  object_class->dispose = pn_window_dispose;
  window_class->close_request = pn_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/primenews/PrimeNews/pn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PnWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, sources_pane);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, headlines_pane);
  gtk_widget_class_bind_template_child (widget_class, PnWindow, reader_pane);
  /* Reachable through gtk_widget_get_template_child() without a field. */
  gtk_widget_class_bind_template_child_full (widget_class, "headlines_back_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "reader_back_button", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "win.go-back", NULL,
                                   pn_window_go_back_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.go-back", NULL);
}

static void
pn_window_init (PnWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PnWindow *
pn_window_new (PnApplication *application)
{
  g_return_val_if_fail (PN_IS_APPLICATION (application), NULL);

  return g_object_new (PN_TYPE_WINDOW, "application", application, NULL);
}
