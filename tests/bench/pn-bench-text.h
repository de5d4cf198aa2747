/* pn-bench-text.h — deterministic news-like words for generated feeds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void pn_bench_append_words (GString *text,
                            GRand   *rand,
                            guint    count);

G_END_DECLS
