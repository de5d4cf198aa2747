/* pn-process.h — how a Prime News process starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void    pn_process_use_huge_pages          (char **argv);
char  **pn_process_environ_with_huge_pages (char **envp);

G_END_DECLS
