/* pn-test-cli.h — run the real prime-news-cli from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;
  char *out;
  char *err;
} PnTestCliResult;

void pn_test_cli_result_clear (PnTestCliResult    *result);
void pn_test_cli_run          (PnTestCliResult    *result,
                               const char         *data_dir,
                               const char * const *args);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PnTestCliResult, pn_test_cli_result_clear)

G_END_DECLS
