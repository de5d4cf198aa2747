/* pn-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-application"

#include "config.h"

#include <glib/gi18n.h>

#include "pn-application.h"
#include "pn-sample.h"
#include "pn-settings.h"
#include "pn-preferences-window.h"
#include "pn-window.h"

struct _PnApplication
{
  AdwApplication  parent_instance;

  /* Owned references */
  GSettings      *settings;
  PnLibrary      *library;
  PnRefresher    *refresher;
  GError         *library_error;
  char           *data_dir;
  gboolean        new_library;     /* no sources.json when loading began */
  gboolean        first_launch;    /* the sample source was added */
  gboolean        loading;
  /* Activated while loading: shows the loading window when it fires. */
  guint           loading_window_id;
};

/* A library that loads within this long after the app was activated opens
 * its window with everything in it; a slower load (a cold disk cache, a
 * huge library) shows a window that says it loads. Building that window
 * while the library loads would take processor time from the load.
 */
#define LOADING_WINDOW_DELAY_MS 500

G_DEFINE_FINAL_TYPE (PnApplication, pn_application, ADW_TYPE_APPLICATION)

static gboolean
pn_application_loading_window_cb (gpointer user_data)
{
  PnApplication *self = user_data;

  self->loading_window_id = 0;
  gtk_window_present (GTK_WINDOW (pn_window_new (self)));
  return G_SOURCE_REMOVE;
}

/* The sample story opens in the first window of a first launch. */
static void
show_first_story_once (PnApplication *self,
                       PnWindow      *window)
{
  if (self->first_launch)
    pn_window_show_first_story (window);
  self->first_launch = FALSE;
}

static void
pn_application_activate (GApplication *application)
{
  PnApplication *self = PN_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL && self->loading)
    {
      if (self->loading_window_id == 0)
        self->loading_window_id = g_timeout_add (LOADING_WINDOW_DELAY_MS,
                                                 pn_application_loading_window_cb, self);
      return;
    }
  if (window == NULL)
    {
      window = GTK_WINDOW (pn_window_new (self));
      show_first_story_once (self, PN_WINDOW (window));
    }

  gtk_window_present (window);
}

static int
pn_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  PnApplication *self = PN_APPLICATION (application);
  const char *data_dir = NULL;

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir))
    {
      g_free (self->data_dir);
      self->data_dir = g_strdup (data_dir);
    }

  return -1;
}

/* What the library needs once loaded: a refresher, the retention setting
 * and, on the first launch, the sample source; then the windows get it. A
 * failure is kept for the window to explain; the app still opens so the
 * user can read what went wrong.
 */
static void
pn_application_library_ready (PnApplication *self)
{
  if (self->library != NULL)
    {
      g_autoptr(PnFetcher) fetcher = pn_fetcher_new ();

      self->refresher = pn_refresher_new (self->library, fetcher);
      pn_library_set_retention_days (self->library,
                                     g_settings_get_uint (self->settings, PN_SETTINGS_RETENTION_DAYS));
    }
  if (self->library != NULL && self->new_library && !pn_library_get_read_only (self->library))
    {
      g_autoptr(GError) sample_error = NULL;

      if (pn_sample_add_to_library (self->library, &sample_error))
        self->first_launch = TRUE;
      else
        g_warning ("Could not add the sample source: %s", sample_error->message);
    }
  self->loading = FALSE;

  /* The window that said it loads, if the load took that long. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (!PN_IS_WINDOW (l->data))
        continue;
      pn_window_set_library (l->data, self->library, self->refresher, self->library_error);
      show_first_story_once (self, l->data);
    }
  /* Activated before the library loaded, and no window shown yet. */
  if (self->loading_window_id != 0)
    {
      g_clear_handle_id (&self->loading_window_id, g_source_remove);
      g_application_activate (G_APPLICATION (self));
    }
  g_application_release (G_APPLICATION (self));
}

static void pn_application_load (PnApplication      *self,
                                 const char         *data_dir,
                                 PnLibraryLoadFlags  flags);

static void
pn_application_library_loaded_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(PnApplication) self = user_data;
  PnLibrary *library = PN_LIBRARY (object);
  GError *error = NULL;

  if (pn_library_load_finish (library, result, &error))
    self->library = g_object_ref (library);
  else if (self->library_error != NULL)
    g_error_free (error);   /* the read-only load after a lock error failed too */
  else
    {
      g_warning ("Could not load the library in %s: %s",
                 pn_library_get_data_dir (library), error->message);
      self->library_error = error;

      /* Another Prime News writes the library (the CLI, say): read it
       * anyway, and say why changes cannot be saved.
       */
      if (g_error_matches (error, PN_ERROR, PN_ERROR_LOCKED))
        {
          pn_application_load (self, pn_library_get_data_dir (library),
                               PN_LIBRARY_LOAD_ALL | PN_LIBRARY_LOAD_READ_ONLY);
          return;
        }
    }
  pn_application_library_ready (self);
}

static void
pn_application_load (PnApplication      *self,
                     const char         *data_dir,
                     PnLibraryLoadFlags  flags)
{
  g_autoptr(PnLibrary) library = pn_library_new (data_dir);

  pn_library_load_async (library, flags, NULL, pn_application_library_loaded_cb,
                         g_object_ref (self));
}

/* The library loads in a worker thread while GTK and libadwaita start:
 * on a big library both take long, and the window needs both. The app is
 * held until pn_application_library_ready().
 */
static void
pn_application_start_loading (PnApplication *self)
{
  g_autofree char *data_dir = pn_dup_data_dir (self->data_dir);
  g_autofree char *sources_file = g_build_filename (data_dir, "sources.json", NULL);

  self->new_library = !g_file_test (sources_file, G_FILE_TEST_EXISTS);
  self->loading = TRUE;
  g_application_hold (G_APPLICATION (self));
  pn_application_load (self, data_dir, PN_LIBRARY_LOAD_ALL);
}

static void
pn_application_shutdown (GApplication *application)
{
  PnApplication *self = PN_APPLICATION (application);

  /* Whatever a coalesced save still holds reaches the disk before we go. */
  if (self->library != NULL && !pn_library_get_read_only (self->library))
    {
      g_autoptr(GError) error = NULL;

      if (!pn_library_flush (self->library, &error))
        g_warning ("Could not save the library: %s", error->message);
    }

  G_APPLICATION_CLASS (pn_application_parent_class)->shutdown (application);
}

static void
pn_application_startup (GApplication *application)
{
  PnApplication *self = PN_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "win.refresh", { "<Control>r", NULL } },
  };

  pn_application_start_loading (self);
  G_APPLICATION_CLASS (pn_application_parent_class)->startup (application);

  self->settings = g_settings_new (APPLICATION_ID);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action, accels[i].accels);
}

static void
pn_application_dispose (GObject *object)
{
  PnApplication *self = (PnApplication *) object;

  g_clear_handle_id (&self->loading_window_id, g_source_remove);
  g_clear_object (&self->settings);
  g_clear_object (&self->refresher);
  g_clear_object (&self->library);
  g_clear_error (&self->library_error);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (pn_application_parent_class)->dispose (object);
}

static void
pn_application_class_init (PnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pn_application_dispose;
  app_class->activate = pn_application_activate;
  app_class->startup = pn_application_startup;
  app_class->shutdown = pn_application_shutdown;
  app_class->handle_local_options = pn_application_handle_local_options;
}

static void
pn_application_quit_activated (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  PnApplication *self = user_data;
  GList *windows;

  /* Closing the windows first lets each one save its state. */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));

  g_application_quit (G_APPLICATION (self));
}

static void
pn_application_about_activated (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  PnApplication *self = user_data;
  static const char *developers[] = { "The Prime News developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Prime News"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Prime News developers"),
                         "developers", developers,
                         "copyright", "© 2026 The Prime News developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", PACKAGE_URL,
                         "issue-url", PACKAGE_URL "/issues",
                         /* Translators: replace with your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
pn_application_preferences_activated (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  PnApplication *self = user_data;
  PnPreferencesWindow *preferences;

  preferences = pn_preferences_window_new (self->settings);
  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

/* GtkApplication loads gtk/help-overlay.ui itself and gives every window a
 * win.show-help-overlay action; app.shortcuts reaches it from anywhere.
 */
static void
pn_application_shortcuts_activated (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  PnApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
pn_application_init (PnApplication *self)
{
  static const GActionEntry actions[] = {
    { "quit", pn_application_quit_activated },
    { "about", pn_application_about_activated },
    { "preferences", pn_application_preferences_activated },
    { "shortcuts", pn_application_shortcuts_activated },
  };

  static const GOptionEntry options[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Use DIR as the library instead of the default folder"), N_("DIR") },
    { NULL }
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

PnApplication *
pn_application_new (void)
{
  return g_object_new (PN_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/primenews/PrimeNews",
                       NULL);
}

GSettings *
pn_application_get_settings (PnApplication *self)
{
  g_return_val_if_fail (PN_IS_APPLICATION (self), NULL);
  return self->settings;
}

PnLibrary *
pn_application_get_library (PnApplication *self)
{
  g_return_val_if_fail (PN_IS_APPLICATION (self), NULL);
  return self->library;
}

/* Returns: (nullable): why the library could not be loaded */
const GError *
pn_application_get_library_error (PnApplication *self)
{
  g_return_val_if_fail (PN_IS_APPLICATION (self), NULL);
  return self->library_error;
}

/* Whether the library is still loading: windows then wait for it. */
gboolean
pn_application_get_loading (PnApplication *self)
{
  g_return_val_if_fail (PN_IS_APPLICATION (self), FALSE);
  return self->loading;
}

PnRefresher *
pn_application_get_refresher (PnApplication *self)
{
  g_return_val_if_fail (PN_IS_APPLICATION (self), NULL);
  return self->refresher;
}

