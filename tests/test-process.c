/* test-process.c — a Prime News process starts itself again with huge pages
 *
 * This program, run as `test-process --report`, calls
 * pn_process_use_huge_pages() first thing, as the app and the CLI do, and
 * reports on itself; the tests start it in different environments. The
 * environment a process was started with stays in /proc/self/environ
 * whatever it sets later, which tells what its last start was given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pn-core.h"

/* The start of the variable: up to 2.38, glibc cuts it at each ":" as it
 * reads it.
 */
#define TUNABLES_START "GLIBC_TUNABLES=glibc.malloc.hugetlb=1"
#define MARKED PN_HUGE_PAGES_VARIABLE "=1"
/* Counts the starts of a `--report` process: a restart keeps the environment. */
#define STARTS_VARIABLE "PN_TEST_PROCESS_STARTS"

/* Whether a process started without the tunables starts again with them. */
static gboolean
restart_expected (void)
{
#if defined (__GLIBC__) && __GLIBC_PREREQ (2, 35)
  g_autofree char *modes = NULL;

  return g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &modes, NULL, NULL) &&
         strstr (modes, "[never]") == NULL;
#else
  return FALSE;
#endif
}

/* Whether this process was last started with the tunables and the mark. */
static gboolean
started_with_ours (void)
{
  g_autofree char *environ_text = NULL;
  gboolean tunables = FALSE, marked = FALSE;
  gsize length;

  g_assert_true (g_file_get_contents ("/proc/self/environ", &environ_text, &length, NULL));
  for (const char *entry = environ_text; entry < environ_text + length; entry += strlen (entry) + 1)
    {
      tunables |= g_str_has_prefix (entry, TUNABLES_START);
      marked |= g_str_equal (entry, MARKED);
    }
  return tunables && marked;
}

/* What `test-process --report` prints about itself */
static char *
report (void)
{
  g_autofree char *name = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/comm", &name, NULL, NULL));
  return g_strdup_printf ("starts=%s ours=%d tunables=%s marker=%d name=%s",
                          g_getenv (STARTS_VARIABLE), started_with_ours (),
                          g_getenv ("GLIBC_TUNABLES") != NULL ? g_getenv ("GLIBC_TUNABLES") : "(unset)",
                          g_getenv (PN_HUGE_PAGES_VARIABLE) != NULL, g_strstrip (name));
}

/* @marked: whether to start it as the desktop file does */
static char *
spawn_report (const char *tunables,
              gboolean    marked)
{
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
  const char *argv[] = { program, "--report", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  envp = tunables != NULL ? g_environ_setenv (envp, "GLIBC_TUNABLES", tunables, TRUE)
                          : g_environ_unsetenv (envp, "GLIBC_TUNABLES");
  envp = marked ? g_environ_setenv (envp, PN_HUGE_PAGES_VARIABLE, "1", TRUE)
                : g_environ_unsetenv (envp, PN_HUGE_PAGES_VARIABLE);
  envp = g_environ_unsetenv (envp, STARTS_VARIABLE);
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strstrip (g_steal_pointer (&output));
}

static void
test_restarted_once (void)
{
  g_autofree char *child = spawn_report (NULL, FALSE);

  /* Started again with the tunables where they help, which the programs it
   * starts do not inherit; under its own name.
   */
  g_assert_cmpstr (child, ==, restart_expected ()
                                ? "starts=2 ours=1 tunables=(unset) marker=0 name=test-process"
                                : "starts=1 ours=0 tunables=(unset) marker=0 name=test-process");
}

/* As the desktop file starts the app: the tunables are used, not passed on. */
static void
test_started_with_them (void)
{
  g_autofree char *child = spawn_report (PN_MALLOC_TUNABLES, TRUE);

  g_assert_cmpstr (child, ==, "starts=1 ours=1 tunables=(unset) marker=0 name=test-process");
}

static void
test_user_tunables_kept (void)
{
  g_autofree char *child = spawn_report ("glibc.malloc.check=0", FALSE);

  g_assert_cmpstr (child, ==,
                   "starts=1 ours=0 tunables=glibc.malloc.check=0 marker=0 name=test-process");
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && g_str_equal (argv[1], "--report"))
    {
      const char *starts = g_getenv (STARTS_VARIABLE);
      g_autofree char *text = NULL;
      g_autofree char *count = g_strdup_printf ("%d", starts != NULL ? atoi (starts) + 1 : 1);

      g_setenv (STARTS_VARIABLE, count, TRUE);
      pn_process_use_huge_pages (argv);
      text = report ();

      printf ("%s\n", text);
      return 0;
    }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/process/huge-pages/restarted-once", test_restarted_once);
  g_test_add_func ("/process/huge-pages/started-with-them", test_started_with_them);
  g_test_add_func ("/process/huge-pages/user-tunables-kept", test_user_tunables_kept);
  return g_test_run ();
}
