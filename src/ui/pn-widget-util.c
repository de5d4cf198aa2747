/* pn-widget-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-widget-util.h"

/* A GtkWidget subclass owns its children directly; the template only clears
 * the ones bound to fields, so dispose drops the rest here.
 */
void
pn_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
