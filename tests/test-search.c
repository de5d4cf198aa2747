/* test-search.c — search keys: folding, how a new key changes a filter,
 * and keys made in idle time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>

#include "pn-search.h"

/* The short way for ASCII folds exactly as g_utf8_casefold() does. */
static void
test_fold (void)
{
  const char *texts[] = {
    "", "council", "City Council APPROVES budget", "Tabs\tand\nnew lines, 42 % & <b>",
    "ÉLECTIONS municipales", "Straße", "ΣΊΣΥΦΟΣ", "İstanbul", "mixed ASCII then é at the end",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *expected = g_utf8_casefold (texts[i], -1);
      g_autofree char *folded = pn_search_fold (texts[i]);

      g_assert_cmpstr (folded, ==, expected);
    }
}

static void
test_filter_change (void)
{
  const struct {
    const char      *old_key;
    const char      *new_key;
    GtkFilterChange  change;
  } cases[] = {
    { NULL, "c", GTK_FILTER_CHANGE_MORE_STRICT },
    { "c", NULL, GTK_FILTER_CHANGE_LESS_STRICT },
    { "c", "co", GTK_FILTER_CHANGE_MORE_STRICT },
    { "co", "c", GTK_FILTER_CHANGE_LESS_STRICT },
    { "ou", "council", GTK_FILTER_CHANGE_MORE_STRICT },
    { "council", "cabinet", GTK_FILTER_CHANGE_DIFFERENT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (pn_search_filter_change (cases[i].old_key, cases[i].new_key), ==, cases[i].change);
}

static void
count_key_cb (gpointer item,
              gpointer user_data)
{
  GHashTable *made = user_data;
  const char *text = gtk_string_object_get_string (item);

  g_hash_table_insert (made, (gpointer) text,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (made, text)) + 1));
}

static GListModel *
make_list (const char *prefix,
           guint       n_items)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s %u", prefix, i);
      gtk_string_list_append (list, text);
    }
  return G_LIST_MODEL (list);
}

static void
iterate (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* Each item's key is made once, in idle time, not when asked; a new
 * model replaces the old one; freeing stops the work.
 */
static void
test_keys_in_idle (void)
{
  g_autoptr(GHashTable) made = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GListModel) first = make_list ("first", 5000);
  g_autoptr(GListModel) second = make_list ("second", 3000);
  g_autoptr(GListModel) third = make_list ("third", 10);
  PnSearchKeys *keys = pn_search_keys_new (count_key_cb, made);

  pn_search_keys_prepare (keys, first);
  g_assert_cmpuint (g_hash_table_size (made), ==, 0);
  g_main_context_iteration (NULL, FALSE);
  pn_search_keys_prepare (keys, second);
  iterate ();
  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (second, i);

      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (made, gtk_string_object_get_string (item))), ==, 1);
    }
  /* However far the first list got, none of its keys was made twice. */
  for (guint i = 0; i < 5000; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (first, i);

      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (made, gtk_string_object_get_string (item))), <=, 1);
    }

  pn_search_keys_prepare (keys, third);
  pn_search_keys_free (keys);
  iterate ();
  {
    g_autoptr(GtkStringObject) item = g_list_model_get_item (third, 0);
    g_assert_null (g_hash_table_lookup (made, gtk_string_object_get_string (item)));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/fold", test_fold);
  g_test_add_func ("/search/filter-change", test_filter_change);
  g_test_add_func ("/search/keys-in-idle", test_keys_in_idle);

  return g_test_run ();
}
