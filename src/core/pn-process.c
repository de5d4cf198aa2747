/* pn-process.c — how a Prime News process starts
 *
 * Loading a big library allocates some 90 MB of small objects within a
 * few hundred milliseconds: on 4 KB pages, over 20 000 page faults. On a
 * virtual machine a fault is dear; on the 2-core machine of the
 * benchmarks they took a third of the load's processor time. With its
 * tunable glibc.malloc.hugetlb at 1 (glibc 2.35 and later), glibc asks
 * the kernel for transparent huge pages for its heaps, which the kernel
 * then gives in its "madvise" mode as in "always"; a large top pad lets a
 * heap grow by whole huge pages. With both, the load takes some 600
 * faults. glibc reads its tunables only as a program starts: the desktop
 * file starts the app with them (and PN_HUGE_PAGES_VARIABLE, which says
 * they are ours), and a process started without them starts itself again,
 * once, with them set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-process"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "pn-process.h"

#if defined (__GLIBC__) && __GLIBC_PREREQ (2, 35)
#define CAN_ASK_FOR_HUGE_PAGES 1

static gboolean
huge_pages_available (void)
{
  g_autofree char *modes = NULL;

  if (!g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &modes, NULL, NULL))
    return FALSE;
  return strstr (modes, "[never]") == NULL;
}

/* Replaces the process with a new start of the program, the tunables set;
 * returns only if that failed.
 */
static void
start_again_with_huge_pages (char **argv)
{
  /* Started through the link /proc/self/exe, the process would be named
   * "exe": it is started by the file the link points to.
   */
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
  g_auto(GStrv) envp = NULL;

  if (program == NULL)
    return;
  envp = pn_process_environ_with_huge_pages (g_get_environ ());
  execve (program, argv, envp);
  g_debug ("Could not start %s again with huge pages: %s", program, g_strerror (errno));
}
#endif

/* @envp: (transfer full): an environment, which gets the tunables and the
 * mark as the desktop file gives them; for starting a Prime News program
 * the way the desktop file does. Returns: (transfer full)
 */
char **
pn_process_environ_with_huge_pages (char **envp)
{
  envp = g_environ_setenv (envp, "GLIBC_TUNABLES", PN_MALLOC_TUNABLES, TRUE);
  return g_environ_setenv (envp, PN_HUGE_PAGES_VARIABLE, "1", TRUE);
}

/* Call first thing in main(), before any other thread runs: it may replace
 * the process with a new start of the same program and @argv. Someone who
 * set GLIBC_TUNABLES gets just what they set, unless they started the app
 * from its desktop file, whose tunables take the place of theirs.
 */
void
pn_process_use_huge_pages (char **argv)
{
  g_return_if_fail (argv != NULL);

#ifdef CAN_ASK_FOR_HUGE_PAGES
  if (g_getenv (PN_HUGE_PAGES_VARIABLE) == NULL && g_getenv ("GLIBC_TUNABLES") == NULL &&
      huge_pages_available ())
    start_again_with_huge_pages (argv);
#endif

  /* The programs this one starts do not get the tunables it was given. */
  if (g_getenv (PN_HUGE_PAGES_VARIABLE) != NULL)
    {
      g_unsetenv ("GLIBC_TUNABLES");
      g_unsetenv (PN_HUGE_PAGES_VARIABLE);
    }
}
