/* bench-store-soak.c — the kill test, for a minute
 *
 * The normal suite kills prime-news-cli for a few seconds; this runs the
 * same loop for PN_SOAK_SECONDS (default 60) and prints how many runs were
 * acknowledged and killed, then checks the store as the test does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "pn-core.h"
#include "pn-test-store.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pn-bench-soak-XXXXXX", &error);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *story_id = NULL;
  const char *seconds_env = g_getenv ("PN_SOAK_SECONDS");
  double seconds = seconds_env != NULL ? g_ascii_strtod (seconds_env, NULL) : 60;
  PnKillStats stats = { 0 };

  g_assert_no_error (error);
  {
    g_autoptr(PnLibrary) library = pn_test_populate (dir, 20, 200, 4000);
    g_autoptr(PnStory) story = g_list_model_get_item (pn_library_get_all_stories (library), 0);

    story_id = g_strdup (pn_story_get_id (story));
    pn_library_flush (library, &error);
    g_assert_no_error (error);
  }

  pn_test_kill_loop (g_getenv ("PN_CLI"), dir, story_id, seconds, &stats, notes);
  pn_test_check_store (dir, notes);
  printf ("soak: %.0f s, %u runs, %u acknowledged annotations, %u killed; "
          "every file parses and every acknowledged note is present\n",
          seconds, stats.runs, stats.acknowledged, stats.killed);

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
    int status;

    g_spawn_command_line_sync (command, NULL, NULL, &status, NULL);
  }
  return 0;
}
