/* test-window.c — the application shell on real widgets under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "pn-preferences-window.h"
#include "pn-settings.h"
#include "pn-test-ui.h"
#include "pn-window.h"

static PnWindow *
create_window (int width,
               int height)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  PnWindow *window;

  g_settings_set_int (settings, PN_SETTINGS_WINDOW_WIDTH, width);
  g_settings_set_int (settings, PN_SETTINGS_WINDOW_HEIGHT, height);

  window = g_object_new (PN_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  pn_test_ui_wait_until_drawn (GTK_WIDGET (window));
  return window;
}

static GtkWidget *
window_child (PnWindow   *window,
              const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), PN_TYPE_WINDOW, name);

  g_assert_true (GTK_IS_WIDGET (child));
  return GTK_WIDGET (child);
}

static AdwLeaflet *
get_leaflet (PnWindow *window)
{
  return ADW_LEAFLET (window_child (window, "leaflet"));
}

static void
test_three_panes_wide (void)
{
  PnWindow *window = create_window (1200, 760);
  AdwLeaflet *leaflet = get_leaflet (window);
  const char *panes[] = { "sources_pane", "headlines_pane", "reader_pane" };

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (leaflet)), >, 1000);
  g_assert_false (adw_leaflet_get_folded (leaflet));

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      GtkWidget *pane = window_child (window, panes[i]);

      g_assert_nonnull (pane);
      g_assert_true (gtk_widget_get_mapped (pane));
      g_assert_cmpint (gtk_widget_get_width (pane), >, 0);
    }

  pn_test_ui_save_png (GTK_WIDGET (window), "window-wide");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_folds_when_narrow (void)
{
  PnWindow *window = create_window (360, 640);
  AdwLeaflet *leaflet = get_leaflet (window);
  GtkWidget *sources = window_child (window, "sources_pane");
  GtkWidget *reader = window_child (window, "reader_pane");
  GtkWidget *back = window_child (window, "reader_back_button");

  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == sources);
  pn_test_ui_save_png (GTK_WIDGET (window), "window-narrow");

  adw_leaflet_set_visible_child (leaflet, reader);
  pn_test_ui_wait_until_drawn (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_visible (back));

  /* The back button walks back through the panes one at a time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL));
  pn_test_ui_iterate ();
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "headlines");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_size_saved_on_close (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  PnWindow *window = create_window (900, 600);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_close (GTK_WINDOW (window));
  pn_test_ui_iterate ();

  g_assert_cmpint (g_settings_get_int (settings, PN_SETTINGS_WINDOW_WIDTH), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, PN_SETTINGS_WINDOW_HEIGHT), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, PN_SETTINGS_WINDOW_MAXIMIZED));
}

static void
test_preferences_bound (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  PnPreferencesWindow *preferences = pn_preferences_window_new (settings);
  GtkSpinButton *retention;
  GtkSwitch *reader_mode;

  gtk_window_present (GTK_WINDOW (preferences));
  pn_test_ui_wait_until_drawn (GTK_WIDGET (preferences));

  retention = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                              PN_TYPE_PREFERENCES_WINDOW,
                                                              "retention_spin"));
  reader_mode = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                           PN_TYPE_PREFERENCES_WINDOW,
                                                           "reader_mode_switch"));

  g_assert_cmpint (gtk_spin_button_get_value_as_int (retention), ==, 90);
  gtk_spin_button_set_value (retention, 30);
  g_assert_cmpuint (g_settings_get_uint (settings, PN_SETTINGS_RETENTION_DAYS), ==, 30);

  g_settings_set_boolean (settings, PN_SETTINGS_READER_MODE_DEFAULT, TRUE);
  g_assert_true (gtk_switch_get_active (reader_mode));

  pn_test_ui_save_png (GTK_WIDGET (preferences), "preferences");
  gtk_window_destroy (GTK_WINDOW (preferences));
}

int
main (int   argc,
      char *argv[])
{
  pn_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/window/three-panes-wide", test_three_panes_wide);
  g_test_add_func ("/ui/window/folds-when-narrow", test_folds_when_narrow);
  g_test_add_func ("/ui/window/size-saved-on-close", test_size_saved_on_close);
  g_test_add_func ("/ui/preferences/bound", test_preferences_bound);

  return g_test_run ();
}
