/* pn-add-source-dialog.c
 *
 * One address field does both jobs: a feed's address subscribes at once, a
 * website's is searched for feeds (its <link rel="alternate"> tags, then
 * the usual paths). When a site offers several feeds, the user picks one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-add-source-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pn-add-source-dialog.h"

struct _PnAddSourceDialog
{
  AdwWindow     parent_instance;

  /* Template widgets */
  GtkButton    *add_button;
  GtkSpinner   *spinner;
  AdwEntryRow  *url_row;
  AdwEntryRow  *folder_row;
  GtkWidget    *found_group;
  GtkListBox   *found_list;
  GtkWidget    *suggestions_group;
  GtkListBox   *suggestions_list;
  GtkLabel     *error_label;

  /* Owned references */
  PnLibrary    *library;
  PnRefresher  *refresher;
  GCancellable *cancellable;
  GPtrArray    *found;
  GtkCheckButton *first_choice;
};

G_DEFINE_FINAL_TYPE (PnAddSourceDialog, pn_add_source_dialog, ADW_TYPE_WINDOW)

enum {
  SOURCE_ADDED,
  N_SIGNALS
};

/* Offered to a new user; nothing is fetched until one is chosen. */
static const struct {
  const char *title;
  const char *url;
} suggestions[] = {
  { "Planet GNOME", "https://planet.gnome.org/atom.xml" },
  { "LWN.net", "https://lwn.net/headlines/rss" },
  { "BBC News — World", "https://feeds.bbci.co.uk/news/world/rss.xml" },
  { "The Guardian — World", "https://www.theguardian.com/world/rss" },
  { "NASA — Breaking News", "https://www.nasa.gov/rss/dyn/breaking_news.rss" },
};

static guint signals[N_SIGNALS];

static void
pn_add_source_dialog_set_busy (PnAddSourceDialog *self,
                               gboolean           busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !busy);
}

static void
pn_add_source_dialog_show_error (PnAddSourceDialog *self,
                                 const char        *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
url_changed_cb (PnAddSourceDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), *stripped != '\0');

  /* A new address starts a new search. */
  gtk_widget_set_visible (self->found_group, FALSE);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  pn_add_source_dialog_show_error (self, NULL);
}

static void
pn_add_source_dialog_subscribe (PnAddSourceDialog      *self,
                                const PnDiscoveredFeed *feed)
{
  g_autofree char *folder = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->folder_row))));
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  PnSource *source;

  source = pn_library_add_source (self->library, feed->url, feed->title,
                                  *folder != '\0' ? folder : NULL, &error);
  if (source == NULL)
    {
      pn_add_source_dialog_show_error (self, error->message);
      return;
    }

  /* Its stories come in the background; the window shows them as they land. */
  g_ptr_array_add (sources, source);
  pn_refresher_refresh_async (self->refresher, sources, PN_REFRESH_FORCE, NULL, NULL, NULL);

  g_signal_emit (self, signals[SOURCE_ADDED], 0, source);
  gtk_window_close (GTK_WINDOW (self));
}

static void
pn_add_source_dialog_show_choices (PnAddSourceDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->found_list))) != NULL)
    gtk_list_box_remove (self->found_list, child);
  self->first_choice = NULL;

  for (guint i = 0; i < self->found->len; i++)
    {
      PnDiscoveredFeed *feed = g_ptr_array_index (self->found, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), feed->title ? feed->title : feed->url);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), feed->url);
      g_object_set_data (G_OBJECT (check), "feed-index", GUINT_TO_POINTER (i));
      if (self->first_choice == NULL)
        {
          self->first_choice = GTK_CHECK_BUTTON (check);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
        }
      else
        {
          gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->first_choice);
        }
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->found_list, row);
    }

  gtk_widget_set_visible (self->found_group, TRUE);
  gtk_widget_set_visible (self->suggestions_group, FALSE);
  gtk_button_set_label (self->add_button, _("_Subscribe"));
}

static const PnDiscoveredFeed *
pn_add_source_dialog_get_choice (PnAddSourceDialog *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->found_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        return g_ptr_array_index (self->found,
                                  GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "feed-index")));
    }
  return NULL;
}

static void
discover_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PnAddSourceDialog) self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = pn_discover_feeds_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  pn_add_source_dialog_set_busy (self, FALSE);

  if (found == NULL)
    {
      pn_add_source_dialog_show_error (self, error->message);
      return;
    }

  if (found->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("No feed was found at %s"),
                                               gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
      pn_add_source_dialog_show_error (self, text);
      return;
    }

  if (found->len == 1)
    {
      pn_add_source_dialog_subscribe (self, g_ptr_array_index (found, 0));
      return;
    }

  self->found = g_steal_pointer (&found);
  pn_add_source_dialog_show_choices (self);
}

static void
add_clicked_cb (PnAddSourceDialog *self)
{
  g_autofree char *url = NULL;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->add_button)))
    return;

  if (self->found != NULL)
    {
      const PnDiscoveredFeed *choice = pn_add_source_dialog_get_choice (self);

      if (choice != NULL)
        pn_add_source_dialog_subscribe (self, choice);
      return;
    }

  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  if (*url == '\0')
    return;

  /* People type "example.org"; the web is https by default. */
  if (strstr (url, "://") == NULL)
    {
      char *with_scheme = g_strconcat ("https://", url, NULL);
      g_free (url);
      url = with_scheme;
    }

  pn_add_source_dialog_show_error (self, NULL);
  pn_add_source_dialog_set_busy (self, TRUE);
  pn_discover_feeds_async (pn_refresher_get_fetcher (self->refresher), url, self->cancellable,
                           discover_done_cb, g_object_ref (self));
}

static void
suggestion_activated_cb (PnAddSourceDialog *self,
                         GtkListBoxRow     *row)
{
  guint index = gtk_list_box_row_get_index (row);

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), suggestions[index].url);
  gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
}

static void
pn_add_source_dialog_dispose (GObject *object)
{
  PnAddSourceDialog *self = (PnAddSourceDialog *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PN_TYPE_ADD_SOURCE_DIALOG);
  g_clear_object (&self->library);
  g_clear_object (&self->refresher);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->found, g_ptr_array_unref);

  G_OBJECT_CLASS (pn_add_source_dialog_parent_class)->dispose (object);
}

static void
pn_add_source_dialog_class_init (PnAddSourceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pn_add_source_dialog_dispose;

  signals[SOURCE_ADDED] =
    g_signal_new ("source-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PN_TYPE_SOURCE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/primenews/PrimeNews/pn-add-source-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PnAddSourceDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, PnAddSourceDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, PnAddSourceDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, PnAddSourceDialog, folder_row);
  gtk_widget_class_bind_template_child (widget_class, PnAddSourceDialog, found_group);
  gtk_widget_class_bind_template_child (widget_class, PnAddSourceDialog, found_list);
  gtk_widget_class_bind_template_child (widget_class, PnAddSourceDialog, suggestions_group);
  gtk_widget_class_bind_template_child (widget_class, PnAddSourceDialog, suggestions_list);
  gtk_widget_class_bind_template_child (widget_class, PnAddSourceDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggestion_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pn_add_source_dialog_init (PnAddSourceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (suggestions); i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), suggestions[i].title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), suggestions[i].url);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->suggestions_list, row);
    }
}

PnAddSourceDialog *
pn_add_source_dialog_new (PnLibrary   *library,
                          PnRefresher *refresher)
{
  PnAddSourceDialog *self;

  g_return_val_if_fail (PN_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (PN_IS_REFRESHER (refresher), NULL);

  self = g_object_new (PN_TYPE_ADD_SOURCE_DIALOG, NULL);
  self->library = g_object_ref (library);
  self->refresher = g_object_ref (refresher);
  return self;
}
