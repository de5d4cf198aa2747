/* pn-json-import.h — read our JSON export back into a library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pn-library.h"

G_BEGIN_DECLS

typedef struct
{
  guint n_sources;      /* new subscriptions */
  guint n_stories;      /* stories new to the library */
  guint n_annotations;  /* annotations new to the library */
  guint n_collections;  /* collections created */
} PnJsonImportStats;

gboolean pn_json_import (PnLibrary          *library,
                         const char         *path,
                         PnJsonImportStats  *stats,
                         GError            **error);

G_END_DECLS
