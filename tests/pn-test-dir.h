/* pn-test-dir.h — throwaway data folders for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char    *pn_test_dir_new    (const char *name);
void     pn_test_dir_remove (const char *path);
guint64  pn_test_dir_size   (const char *path);

G_END_DECLS
