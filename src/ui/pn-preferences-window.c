/* pn-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-preferences-window"

#include "config.h"

#include "pn-preferences-window.h"
#include "pn-settings.h"

struct _PnPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkSpinButton        *refresh_interval_spin;
  GtkSpinButton        *retention_spin;
  GtkSpinButton        *mark_read_delay_spin;
  GtkSpinButton        *font_scale_spin;
  GtkSwitch            *reader_mode_switch;

  /* Owned references */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (PnPreferencesWindow, pn_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pn_preferences_window_constructed (GObject *object)
{
  PnPreferencesWindow *self = (PnPreferencesWindow *) object;

  G_OBJECT_CLASS (pn_preferences_window_parent_class)->constructed (object);

  g_settings_bind (self->settings, PN_SETTINGS_REFRESH_INTERVAL,
                   self->refresh_interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, PN_SETTINGS_RETENTION_DAYS,
                   self->retention_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, PN_SETTINGS_MARK_READ_DELAY,
                   self->mark_read_delay_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, PN_SETTINGS_READER_FONT_SCALE,
                   self->font_scale_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, PN_SETTINGS_READER_MODE_DEFAULT,
                   self->reader_mode_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

static void
pn_preferences_window_dispose (GObject *object)
{
  PnPreferencesWindow *self = (PnPreferencesWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pn_preferences_window_parent_class)->dispose (object);
}

static void
pn_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PnPreferencesWindow *self = PN_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_preferences_window_class_init (PnPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pn_preferences_window_constructed;
  object_class->dispose = pn_preferences_window_dispose;
  object_class->set_property = pn_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/primenews/PrimeNews/pn-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PnPreferencesWindow, refresh_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, PnPreferencesWindow, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, PnPreferencesWindow, mark_read_delay_spin);
  gtk_widget_class_bind_template_child (widget_class, PnPreferencesWindow, font_scale_spin);
  gtk_widget_class_bind_template_child (widget_class, PnPreferencesWindow, reader_mode_switch);
}

static void
pn_preferences_window_init (PnPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PnPreferencesWindow *
pn_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (PN_TYPE_PREFERENCES_WINDOW, "settings", settings, NULL);
}
