/* pn-test-export.h — the tricky library the export tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-core.h"

G_BEGIN_DECLS

#define PN_TEST_EXPORT_COLLECTION "Research ✓ *reading* list"

typedef struct
{
  char      *data_dir;
  PnLibrary *library;
  /* Strings that differ from run to run (annotation and collection ids,
   * saved dates) with the stable names the golden files use instead.
   */
  GPtrArray *volatile_strings;
  GPtrArray *stable_strings;
} PnTestExportFixture;

void  pn_test_export_fixture_init    (PnTestExportFixture *fixture);
void  pn_test_export_fixture_clear   (PnTestExportFixture *fixture);
char *pn_test_export_normalize       (PnTestExportFixture *fixture,
                                      const char          *text);
void  pn_test_export_remove_tree     (const char          *path);

G_END_DECLS
