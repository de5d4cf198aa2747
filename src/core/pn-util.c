/* pn-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-util.h"

#include <stdarg.h>

/* The equivalent of g_set_str (GLib 2.76): returns TRUE when the value changed. */
gboolean
pn_set_str (char       **str_pointer,
            const char  *new_str)
{
  g_return_val_if_fail (str_pointer != NULL, FALSE);

  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

gboolean
pn_set_date_time (GDateTime **date_pointer,
                  GDateTime  *new_date)
{
  g_return_val_if_fail (date_pointer != NULL, FALSE);

  if (*date_pointer == new_date)
    return FALSE;
  if (*date_pointer != NULL && new_date != NULL && g_date_time_equal (*date_pointer, new_date))
    return FALSE;

  g_clear_pointer (date_pointer, g_date_time_unref);
  if (new_date != NULL)
    *date_pointer = g_date_time_ref (new_date);
  return TRUE;
}

gboolean
pn_set_strv (char               ***strv_pointer,
             const char * const   *new_strv)
{
  g_return_val_if_fail (strv_pointer != NULL, FALSE);

  if (*strv_pointer == NULL && new_strv == NULL)
    return FALSE;
  if (*strv_pointer != NULL && new_strv != NULL &&
      g_strv_equal ((const char * const *) *strv_pointer, new_strv))
    return FALSE;

  g_strfreev (*strv_pointer);
  *strv_pointer = g_strdupv ((char **) new_strv);
  return TRUE;
}

/* Setter bodies for string and date properties: notify only on a change. */
gboolean
pn_object_set_str (gpointer     object,
                   char       **str_pointer,
                   const char  *new_str,
                   GParamSpec  *pspec)
{
  g_return_val_if_fail (G_IS_OBJECT (object), FALSE);

  if (!pn_set_str (str_pointer, new_str))
    return FALSE;
  g_object_notify_by_pspec (object, pspec);
  return TRUE;
}

gboolean
pn_object_set_date_time (gpointer     object,
                         GDateTime  **date_pointer,
                         GDateTime   *new_date,
                         GParamSpec  *pspec)
{
  g_return_val_if_fail (G_IS_OBJECT (object), FALSE);

  if (!pn_set_date_time (date_pointer, new_date))
    return FALSE;
  g_object_notify_by_pspec (object, pspec);
  return TRUE;
}

/* A short, stable, file-name-safe id: the first 16 hex digits of the SHA-256
 * of the NULL-terminated parts, each followed by a separator so that
 * ("ab", "c") and ("a", "bc") differ.
 */
char *
pn_hash_id (const char *first,
            ...)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    {
      g_checksum_update (checksum, (const guchar *) part, -1);
      g_checksum_update (checksum, (const guchar *) "\x1f", 1);
    }
  va_end (args);

  return g_strndup (g_checksum_get_string (checksum), 16);
}

/* Where the user's library lives: an explicit --data-dir wins, then the
 * PRIME_NEWS_DATA_DIR environment variable, then the XDG data folder.
 */
char *
pn_dup_data_dir (const char *override)
{
  const char *env;

  if (override != NULL && *override != '\0')
    return g_canonicalize_filename (override, NULL);

  env = g_getenv ("PRIME_NEWS_DATA_DIR");
  if (env != NULL && *env != '\0')
    return g_canonicalize_filename (env, NULL);

  return g_build_filename (g_get_user_data_dir (), "prime-news", NULL);
}

char *
pn_dup_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "prime-news", NULL);
}
