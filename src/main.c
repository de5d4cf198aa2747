/* main.c — starts the Prime News window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pn-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PnApplication) application = NULL;

  pn_process_use_huge_pages (argv);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Prime News"));

  application = pn_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
