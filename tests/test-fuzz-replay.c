/* test-fuzz-replay.c — replays the fuzz regression corpus in every build
 *
 * The libFuzzer targets only build with clang and -Dfuzzing=true; their
 * entry points are compiled in here under other names, so the inputs that
 * once crashed them (and the seeds) run in the normal test suite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define LLVMFuzzerTestOneInput pn_fuzz_sanitizer
#include "fuzz/fuzz-sanitizer.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput pn_fuzz_extractor
#include "fuzz/fuzz-extractor.c"
#undef LLVMFuzzerTestOneInput

typedef int (*FuzzFunc) (const guint8 *data,
                         size_t        size);

static void
replay_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  FuzzFunc func = strstr (path, "/extractor/") != NULL ? pn_fuzz_extractor : pn_fuzz_sanitizer;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpint (func ((const guint8 *) contents, length), ==, 0);
}

static void
add_corpus (GPtrArray  *paths,
            const char *target)
{
  g_autofree char *directory = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", target, NULL);
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      char *path = g_build_filename (directory, name, NULL);
      g_autofree char *test_path = g_strdup_printf ("/fuzz-replay/%s/%s", target, name);

      g_ptr_array_add (paths, path);
      g_test_add_data_func (test_path, path, replay_file);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  add_corpus (paths, "sanitizer");
  add_corpus (paths, "extractor");
  g_assert_cmpuint (paths->len, >=, 4);

  return g_test_run ();
}
