/* pn-test-store.h — building libraries for the store tests and benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-core.h"

G_BEGIN_DECLS

GPtrArray *pn_test_make_stories    (PnSource   *source,
                                    guint       n_stories,
                                    gsize       body_size,
                                    GDateTime  *newest);
PnLibrary *pn_test_populate        (const char *data_dir,
                                    guint       n_sources,
                                    guint       n_stories,
                                    gsize       body_size);
PnLibrary *pn_test_open_library    (const char        *data_dir,
                                    PnLibraryLoadFlags flags);
PnSource  *pn_test_nth_source      (PnLibrary  *library,
                                    guint       n);
PnStory   *pn_test_nth_story       (PnLibrary  *library,
                                    PnSource   *source,
                                    guint       n);
char      *pn_test_read_file       (const char *data_dir,
                                    const char *relative_path);
void       pn_test_write_file      (const char *data_dir,
                                    const char *relative_path,
                                    const char *contents,
                                    gssize      length);

typedef gboolean (*PnTestCheckFunc) (const char *data,
                                     gsize       length);

guint      pn_test_mutate          (const char      *base,
                                    const char      *alphabet,
                                    guint32          seed,
                                    guint            rounds,
                                    PnTestCheckFunc  check);

G_END_DECLS

G_BEGIN_DECLS

typedef struct
{
  guint runs;
  guint acknowledged;
  guint killed;
} PnKillStats;

void pn_test_kill_loop   (const char  *cli,
                          const char  *data_dir,
                          const char  *story_id,
                          double       seconds,
                          PnKillStats *stats,
                          GPtrArray   *acknowledged_notes);
void pn_test_check_store (const char  *data_dir,
                          GPtrArray   *acknowledged_notes);

G_END_DECLS
