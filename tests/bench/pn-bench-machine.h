/* pn-bench-machine.h — what a benchmark's figures depend on, printed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void pn_bench_print_huge_pages (void);

G_END_DECLS
