/* pn-bench-machine.c — what a benchmark's figures depend on, printed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "pn-bench-machine.h"

/* Loads are much faster where glibc can have huge pages (see
 * pn-process.c): the kernel's setting goes beside the figures.
 */
void
pn_bench_print_huge_pages (void)
{
  g_autofree char *modes = NULL;

  if (g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &modes, NULL, NULL))
    printf ("Transparent huge pages: %s", modes);
  else
    printf ("Transparent huge pages: not offered by this kernel\n");
}
