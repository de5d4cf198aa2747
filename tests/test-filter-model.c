/* test-filter-model.c — PnFilterModel against a brute-force filter
 *
 * A mirror list follows only the model's items-changed signals; after
 * every filter change and every change of the underlying list it must
 * hold exactly the items a brute-force filter keeps, in order. The steps
 * are drawn from a seeded GRand, so a failure replays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>

#include "pn-filter-model.h"

#define N_STEPS 400

typedef struct
{
  guint          seed;
  guint          n_items;   /* in the store at first */
  gboolean       meddle;    /* change the store from within items-changed */
} Case;

typedef struct
{
  GListStore    *store;
  GtkFilter     *filter;
  PnFilterModel *model;
  GPtrArray     *mirror;    /* the strings, as the signals tell */
  char          *key;       /* items containing it match; NULL: all */
  GRand         *meddler;   /* NULL: no meddling */
  gboolean       telling;   /* a change of the key or of the model */
} Fixture;

static void change_store (Fixture *fixture,
                          GRand   *rand);

static gboolean
contains_key (gpointer item,
              gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->key == NULL ||
         strstr (gtk_string_object_get_string (item), fixture->key) != NULL;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  g_assert_cmpuint (position + removed, <=, fixture->mirror->len);
  g_ptr_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, position + i);

      g_assert_nonnull (item);
      g_ptr_array_insert (fixture->mirror, position + i, g_strdup (gtk_string_object_get_string (item)));
    }
  /* A change may come in several signals: between them, the model shows
   * what the signals told so far.
   */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, fixture->mirror->len);

  /* A handler may change the list while a key change is still being told. */
  if (fixture->meddler != NULL && fixture->telling && g_rand_int_range (fixture->meddler, 0, 4) == 0)
    {
      fixture->telling = FALSE;
      change_store (fixture, fixture->meddler);
    }
}

static void
assert_consistent (Fixture *fixture)
{
  GListModel *model = G_LIST_MODEL (fixture->model);
  guint n_store = g_list_model_get_n_items (G_LIST_MODEL (fixture->store));
  guint matched = 0;

  for (guint i = 0; i < n_store; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (fixture->store), i);

      if (!contains_key (item, fixture))
        continue;
      g_assert_cmpuint (matched, <, fixture->mirror->len);
      g_assert_cmpstr (g_ptr_array_index (fixture->mirror, matched), ==,
                       gtk_string_object_get_string (item));
      matched++;
    }
  g_assert_cmpuint (matched, ==, fixture->mirror->len);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, matched);
  g_assert_null (g_list_model_get_item (model, matched));
}

static char *
random_word (GRand *rand)
{
  static const char letters[] = "abc";
  char word[7];
  guint length = g_rand_int_range (rand, 1, sizeof word);

  for (guint i = 0; i < length; i++)
    word[i] = letters[g_rand_int_range (rand, 0, sizeof letters - 1)];
  word[length] = '\0';
  return g_strdup (word);
}

/* Sets a new key and tells the filter how it changed, as the headlines do:
 * a longer key containing the old one is stricter, a shorter one looser.
 */
static void
change_key (Fixture *fixture,
            GRand   *rand)
{
  g_autofree char *old_key = fixture->key;
  GtkFilterChange change;

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      fixture->key = g_strconcat (old_key ? old_key : "", g_rand_boolean (rand) ? "a" : "b", NULL);
      change = GTK_FILTER_CHANGE_MORE_STRICT;
      break;
    case 1:
      fixture->key = old_key != NULL && strlen (old_key) > 1 ? g_strndup (old_key, strlen (old_key) - 1) : NULL;
      change = GTK_FILTER_CHANGE_LESS_STRICT;
      break;
    case 2:
      fixture->key = NULL;
      change = GTK_FILTER_CHANGE_LESS_STRICT;
      break;
    default:
      fixture->key = random_word (rand);
      fixture->key[MIN (strlen (fixture->key), 2)] = '\0';
      change = GTK_FILTER_CHANGE_DIFFERENT;
      break;
    }
  fixture->telling = TRUE;
  /* As the headlines do, half the time: no key, no function, and the
   * filter then lets everything through without looking.
   */
  if (fixture->key == NULL && g_rand_boolean (rand))
    gtk_custom_filter_set_filter_func (GTK_CUSTOM_FILTER (fixture->filter), NULL, NULL, NULL);
  else if (gtk_filter_get_strictness (fixture->filter) == GTK_FILTER_MATCH_ALL)
    gtk_custom_filter_set_filter_func (GTK_CUSTOM_FILTER (fixture->filter), contains_key, fixture, NULL);
  else
    gtk_filter_changed (fixture->filter, change);
  fixture->telling = FALSE;
}

static void
change_store (Fixture *fixture,
              GRand   *rand)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (fixture->store));
  guint position = g_rand_int_range (rand, 0, n_items + 1);
  guint removed = g_rand_int_range (rand, 0, MIN (n_items - position, 8) + 1);
  guint added = g_rand_int_range (rand, 0, 8);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    {
      g_autofree char *word = random_word (rand);
      g_ptr_array_add (items, gtk_string_object_new (word));
    }
  g_list_store_splice (fixture->store, position, removed, items->pdata, items->len);
}

static void
test_filter_model_follows_changes (gconstpointer data)
{
  const Case *test_case = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (test_case->seed);
  Fixture fixture = { 0 };

  fixture.store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  fixture.filter = GTK_FILTER (gtk_custom_filter_new (contains_key, &fixture, NULL));
  fixture.mirror = g_ptr_array_new_with_free_func (g_free);
  if (test_case->meddle)
    fixture.meddler = g_rand_new_with_seed (test_case->seed + 1);
  for (guint i = 0; i < test_case->n_items; i++)
    {
      g_autofree char *word = random_word (rand);
      g_autoptr(GtkStringObject) item = gtk_string_object_new (word);
      g_list_store_append (fixture.store, item);
    }

  fixture.model = pn_filter_model_new (NULL, fixture.filter);
  g_signal_connect (fixture.model, "items-changed", G_CALLBACK (items_changed_cb), &fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture.model)), ==, 0);

  pn_filter_model_set_model (fixture.model, G_LIST_MODEL (fixture.store));
  g_assert_true (pn_filter_model_get_model (fixture.model) == G_LIST_MODEL (fixture.store));
  assert_consistent (&fixture);

  for (guint step = 0; step < N_STEPS; step++)
    {
      if (g_rand_boolean (rand))
        change_key (&fixture, rand);
      else
        change_store (&fixture, rand);
      assert_consistent (&fixture);
    }

  /* Another model replaces every item, even at equal positions, and
   * the list goes on from there.
   */
  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(GListStore) other = g_list_store_new (GTK_TYPE_STRING_OBJECT);
      guint n_other = round % 5 == 0 ? round % 2 : (guint) g_rand_int_range (rand, 1, 400);

      for (guint i = 0; i < n_other; i++)
        {
          g_autofree char *word = random_word (rand);
          g_autoptr(GtkStringObject) item = gtk_string_object_new (word);
          g_list_store_append (other, item);
        }
      g_clear_object (&fixture.store);
      fixture.store = g_object_ref (other);
      fixture.telling = TRUE;
      pn_filter_model_set_model (fixture.model, G_LIST_MODEL (other));
      fixture.telling = FALSE;
      assert_consistent (&fixture);

      change_key (&fixture, rand);
      assert_consistent (&fixture);
      change_store (&fixture, rand);
      assert_consistent (&fixture);
    }

  g_clear_object (&fixture.model);
  g_clear_object (&fixture.filter);
  g_clear_object (&fixture.store);
  g_ptr_array_unref (fixture.mirror);
  g_free (fixture.key);
  g_clear_pointer (&fixture.meddler, g_rand_free);
}

int
main (int    argc,
      char **argv)
{
  /* Short lists are told run by run all along; long ones, where most
   * changes lie beyond the first rows, at once after those.
   */
  static const Case cases[] = {
    { 1, 200, FALSE }, { 7, 200, FALSE }, { 42, 200, FALSE }, { 2024, 200, FALSE }, { 99991, 200, FALSE },
    { 3, 2000, FALSE }, { 5, 2000, FALSE },
    { 11, 200, TRUE }, { 13, 2000, TRUE }, { 17, 2000, TRUE },
  };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/filter-model/follows-changes/%u-%u%s", cases[i].seed,
                                               cases[i].n_items, cases[i].meddle ? "-meddling" : "");
      g_test_add_data_func (path, &cases[i], test_filter_model_follows_changes);
    }

  return g_test_run ();
}
