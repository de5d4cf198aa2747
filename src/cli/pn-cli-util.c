/* pn-cli-util.c — error reporting and option parsing shared by the commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pn-core.h"
#include "pn-cli.h"

/* Failures are one line on stderr, prefixed with the program name, so that
 * scripts can log them and people can read them.
 */
int
pn_cli_fail (const GError *error)
{
  g_autofree char *message = g_strdup (error->message);

  g_strdelimit (message, "\n", ' ');
  fprintf (stderr, "prime-news-cli: %s\n", message);
  return PN_CLI_EXIT_FAILURE;
}

int
pn_cli_fail_printf (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "prime-news-cli: %s\n", message);
  return PN_CLI_EXIT_FAILURE;
}

int
pn_cli_usage_error (const PnCliCommand *command,
                    const char         *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "prime-news-cli: %s\n", message);
  if (command != NULL)
    fprintf (stderr, _("Usage: prime-news-cli %s %s\n"), command->name, command->usage);
  return PN_CLI_EXIT_USAGE;
}

/* Parses a command's own options; on failure or --help sets @exit_code and
 * returns FALSE.
 */
gboolean
pn_cli_parse_options (const PnCliCommand  *command,
                      GOptionEntry        *entries,
                      int                 *argc,
                      char              ***argv,
                      int                 *exit_code)
{
  g_autofree char *parameter = g_strdup_printf ("%s %s", command->name, command->usage);
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _(command->summary));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = pn_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

/* Listing commands open the library read-only, so they work while the app
 * runs; commands that change it take the lock. Load problems (a file
 * recovered from its backup) are warnings: the command still runs.
 */
PnLibrary *
pn_cli_open_library (PnCliContext        *context,
                     PnLibraryLoadFlags   flags,
                     GError             **error)
{
  g_autoptr(PnLibrary) library = pn_library_new (context->data_dir);
  GPtrArray *problems;

  if (!pn_library_load (library, flags, error))
    return NULL;

  problems = pn_library_get_problems (library);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);
      fprintf (stderr, _("prime-news-cli: warning: %s\n"), problem->message);
    }

  return g_steal_pointer (&library);
}

/* A command that changed the library succeeds only once the change is on
 * disk.
 */
int
pn_cli_finish_change (PnLibrary *library)
{
  g_autoptr(GError) error = NULL;

  if (!pn_library_flush (library, &error))
    return pn_cli_fail (error);
  return PN_CLI_EXIT_OK;
}
