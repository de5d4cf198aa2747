/* pn-cli.h — what every prime-news-cli command shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pn-library.h"

G_BEGIN_DECLS

/* Exit codes: scripts rely on them. */
enum {
  PN_CLI_EXIT_OK = 0,
  PN_CLI_EXIT_FAILURE = 1,
  PN_CLI_EXIT_USAGE = 2,
};

typedef struct
{
  /* The resolved data folder (from --data-dir, PRIME_NEWS_DATA_DIR or XDG). */
  const char *data_dir;
} PnCliContext;

typedef int (*PnCliCommandFunc) (PnCliContext  *context,
                                 int            argc,
                                 char         **argv);

typedef struct
{
  const char       *name;
  const char       *usage;
  const char       *summary;
  PnCliCommandFunc  run;
  /* Opens the library: worth starting again with huge pages for. */
  gboolean          opens_library;
} PnCliCommand;

int  pn_cli_fail        (const GError       *error);
int  pn_cli_fail_printf (const char         *format,
                         ...) G_GNUC_PRINTF (1, 2);
int  pn_cli_usage_error (const PnCliCommand *command,
                         const char         *format,
                         ...) G_GNUC_PRINTF (2, 3);
gboolean pn_cli_parse_options (const PnCliCommand  *command,
                               GOptionEntry        *entries,
                               int                 *argc,
                               char              ***argv,
                               int                 *exit_code);

PnLibrary *pn_cli_open_library   (PnCliContext        *context,
                                  PnLibraryLoadFlags   flags,
                                  GError             **error);
int        pn_cli_finish_change  (PnLibrary           *library);

G_END_DECLS
