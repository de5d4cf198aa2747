/* pn-process.c — how a Prime News process starts
 *
 * Loading a big library allocates some 90 MB of small objects within a
 * few hundred milliseconds: on 4 KB pages, over 20 000 page faults. On a
 * virtual machine a fault is dear; on the 2-core machine of the
 * benchmarks they took a third of the load's processor time. glibc asks
 * the kernel for transparent huge pages for its heaps when its tunable
 * glibc.malloc.hugetlb is 1, and a large top pad lets a heap grow by
 * whole huge pages; with both, the load takes some 600 faults. glibc
 * reads its tunables only as a program starts: the desktop file starts the
 * app with them (and PN_HUGE_PAGES_VARIABLE, which says they are ours), and
 * a process started without them starts itself again, once, with them set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-process"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "pn-process.h"

static gboolean
huge_pages_available (void)
{
  g_autofree char *modes = NULL;

  if (!g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &modes, NULL, NULL))
    return FALSE;
  return strstr (modes, "[never]") == NULL;
}

/* Call first thing in main(), before any other thread runs: it may replace
 * the process with a new start of the same program and @argv. Someone who
 * set GLIBC_TUNABLES gets just what they set.
 */
void
pn_process_use_huge_pages (char **argv)
{
#ifdef __GLIBC__
  gboolean ours = g_getenv (PN_HUGE_PAGES_VARIABLE) != NULL;

  if (!ours && g_getenv ("GLIBC_TUNABLES") == NULL && huge_pages_available ())
    {
      /* By its path, not /proc/self/exe, so that the process keeps its name. */
      g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);

      g_setenv ("GLIBC_TUNABLES", PN_MALLOC_TUNABLES, TRUE);
      g_setenv (PN_HUGE_PAGES_VARIABLE, "1", TRUE);
      if (program != NULL)
        execv (program, argv);
      g_debug ("Could not start again with huge pages: %s", g_strerror (errno));
      ours = TRUE;
    }
  /* The programs this one starts get the environment it was given. */
  if (ours)
    {
      g_unsetenv ("GLIBC_TUNABLES");
      g_unsetenv (PN_HUGE_PAGES_VARIABLE);
    }
#endif
}
