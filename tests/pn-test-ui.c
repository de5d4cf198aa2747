/* pn-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "pn-test-ui.h"

/* Guards a test against a window that never appears: it fails the test,
 * it does not time anything.
 */
#define HANG_GUARD_SECONDS 30

static gboolean
hang_guard_cb (gpointer user_data)
{
  g_error ("The widget was not drawn within %d seconds", HANG_GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Sets up GTK as the app would (AdwApplication loads our style sheet and
 * icons from the resources), minus animations: a test that looks at a
 * folding leaflet must see where it ends, not a frame of its transition.
 */
void
pn_test_ui_init (int    *argc,
                 char ***argv)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  gtk_css_provider_load_from_resource (css, "/io/github/primenews/PrimeNews/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/primenews/PrimeNews/icons");
}

void
pn_test_ui_iterate (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* Returns once the widget's surface has painted a frame with its current
 * size, so assertions see what a person would see.
 */
void
pn_test_ui_wait_until_drawn (GtkWidget *widget)
{
  guint guard = g_timeout_add_seconds (HANG_GUARD_SECONDS, hang_guard_cb, NULL);
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);

  /* Two frames: a widget shown during one frame is laid out in the next. */
  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  for (guint frame = 0; frame < 2; frame++)
    {
      painted = FALSE;
      gtk_widget_queue_draw (widget);
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);

  pn_test_ui_iterate ();
  g_source_remove (guard);
}

/* Depth-first search of the widget tree for the first widget @match accepts. */
GtkWidget *
pn_test_ui_find_widget (GtkWidget         *root,
                        PnTestWidgetMatch  match,
                        gpointer           data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = pn_test_ui_find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_css_class (GtkWidget *widget,
               gpointer   css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

/* The first widget under @root (or @root) with @css_class: rows built in
 * code name their parts so. Fails the test if there is none.
 */
GtkWidget *
pn_test_ui_find_by_css_class (GtkWidget  *root,
                              const char *css_class)
{
  GtkWidget *found = pn_test_ui_find_widget (root, has_css_class, (gpointer) css_class);

  g_assert_nonnull (found);
  return found;
}

/* Renders the widget as it is on screen into NAME.png in the build folder,
 * for people to look at.
 */
void
pn_test_ui_save_png (GtkWidget  *widget,
                     const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = g_strdup_printf ("%s.png", name);
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, file_name, NULL);
  int width = 0;
  int height = 0;
  GskRenderer *renderer;

  /* A widget with a relayout pending draws nothing; one more frame lays it
   * out. The loop is bounded: a window that never draws fails the test.
   */
  for (guint attempt = 0; node == NULL && attempt < 10; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      GLogLevelFlags fatal_mask;

      pn_test_ui_wait_until_drawn (widget);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      g_assert_cmpint (width, >, 0);
      g_assert_cmpint (height, >, 0);

      /* Snapshotting a whole window from a test reaches widgets the frame
       * clock would have drawn from their cached nodes, and GTK warns when
       * one of those has a relayout pending: that says nothing about our
       * widgets, so warnings are not fatal while the render is taken
       * (criticals are). A toplevel's unallocated children (its titlebar
       * slot, say) are skipped.
       */
      fatal_mask = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (gtk_widget_get_mapped (child) &&
              gtk_widget_get_width (child) > 0 && gtk_widget_get_height (child) > 0)
            gtk_widget_snapshot_child (widget, child, snapshot);
        }
      g_log_set_always_fatal (fatal_mask);

      node = gtk_snapshot_to_node (snapshot);
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved a render of the window to %s", path);
}
