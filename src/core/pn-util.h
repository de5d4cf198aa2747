/* pn-util.h — small helpers the platform floor (GLib 2.74) lacks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

gboolean pn_set_str       (char      **str_pointer,
                           const char *new_str);
gboolean pn_set_date_time (GDateTime **date_pointer,
                           GDateTime  *new_date);
gboolean pn_set_strv      (char     ***strv_pointer,
                           const char * const *new_strv);
gboolean pn_object_set_str       (gpointer     object,
                                  char       **str_pointer,
                                  const char  *new_str,
                                  GParamSpec  *pspec);
gboolean pn_object_set_date_time (gpointer     object,
                                  GDateTime  **date_pointer,
                                  GDateTime   *new_date,
                                  GParamSpec  *pspec);
char    *pn_dup_data_dir         (const char  *override);
char    *pn_dup_cache_dir        (void);
char    *pn_hash_id       (const char *first,
                           ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
