/* pn-test-ui.h — helpers for tests that drive real widgets under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void pn_test_ui_init              (int         *argc,
                                   char      ***argv);
void pn_test_ui_wait_until_drawn  (GtkWidget  *widget);
void pn_test_ui_iterate           (void);
typedef gboolean (*PnTestWidgetMatch) (GtkWidget *widget,
                                       gpointer   data);

GtkWidget *pn_test_ui_find_widget (GtkWidget         *root,
                                   PnTestWidgetMatch  match,
                                   gpointer           data);
GtkWidget *pn_test_ui_find_by_css_class (GtkWidget  *root,
                                         const char *css_class);
void pn_test_ui_save_png          (GtkWidget  *widget,
                                   const char *name);

G_END_DECLS
