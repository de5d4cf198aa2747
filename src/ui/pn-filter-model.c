/* pn-filter-model.c
 *
 * What GtkFilterListModel does, with the matches kept as an array of the
 * underlying positions instead of a bitset. GTK 4.8's bitset finds its nth
 * member by counting, and GTK's list widgets, when a change removes a row
 * they track (the top row, the focused one), look up every added item one
 * by one: a search keystroke over 50 000 stories took hundreds of
 * milliseconds in those lookups alone. Here the nth match is one array
 * read, a stricter filter (one more character typed) tests only the
 * current matches, and a looser one only the others.
 *
 * A change of the filter is told run by run near the top of the list,
 * where a list widget keeps its rows: GTK 4.8's list and grid views destroy
 * the row of every item an items-changed removes and build one for every
 * item it adds, so one signal from the first difference to the last would
 * rebuild all their rows when a keystroke hides a few of them. While runs
 * are told, the model shows the new matches up to the run told last and
 * the old ones after it.
 *
 * Another model (another source chosen) replaces every item, and the list
 * widget would destroy every row and build new ones. But it hands rows it
 * no longer needs to items it needs: so the new items first come in below
 * the old first item, where the widget's rows are, then that item and the
 * others go. Rows are bound to other items, not built anew.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-filter-model"

#include "config.h"

#include "pn-filter-model.h"

/* A stretch of what the model shows: matches[start, end) of model */
typedef struct
{
  GListModel *model;     /* borrowed */
  GArray     *matches;   /* borrowed */
  guint       start;
  guint       end;
} Piece;

struct _PnFilterModel
{
  GObject     parent_instance;

  /* Owned references */
  GListModel *model;
  GtkFilter  *filter;
  GArray     *matches;   /* guint positions in model, ascending */

  /* While a change is told in several signals, the model shows these
   * pieces one after the other (none: matches of model, as usual).
   */
  Piece       pieces[3];
  guint       n_pieces;
  /* While a replacement is told: the model replaced, its matches, and
   * the step told last.
   */
  GListModel *replaced_model;
  GArray     *replaced_matches;
  guint       replace_step;
  guint       generation;  /* counts changes, to notice one made while telling */
};

static void pn_filter_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PnFilterModel, pn_filter_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pn_filter_model_list_model_init))

/* Changes up to this position are told run by run: more than the rows a
 * GTK 4.8 list view keeps at its top (two hundred, and a few), so that the
 * model serves either widget.
 */
#define RUN_BY_RUN_LIMIT 256

static gboolean
pn_filter_model_matches (PnFilterModel *self,
                         guint          position)
{
  g_autoptr(GObject) item = g_list_model_get_item (self->model, position);

  return gtk_filter_match (self->filter, item);
}

/* A filter that lets everything through (or nothing) is taken at its
 * word: fifty thousand items need not be fetched to learn it.
 */
static GtkFilterMatch
pn_filter_model_get_strictness (PnFilterModel *self)
{
  return self->filter != NULL ? gtk_filter_get_strictness (self->filter) : GTK_FILTER_MATCH_ALL;
}

/* Appends the matching positions of [start, end) to @matches. */
static void
pn_filter_model_collect (PnFilterModel *self,
                         guint          start,
                         guint          end,
                         GArray        *matches)
{
  GtkFilterMatch strictness = pn_filter_model_get_strictness (self);

  if (strictness == GTK_FILTER_MATCH_NONE)
    return;
  for (guint position = start; position < end; position++)
    {
      if (strictness == GTK_FILTER_MATCH_ALL || pn_filter_model_matches (self, position))
        g_array_append_val (matches, position);
    }
}

/* The first index of @matches whose position is at least @position. */
static guint
lower_bound (GArray *matches,
             guint   position)
{
  guint low = 0;
  guint high = matches->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (matches, guint, middle) < position)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

#define OLD(i) g_array_index (old_matches, guint, (i))
#define NEW(j) g_array_index (new_matches, guint, (j))

/* One items-changed for the span between the first and the last
 * difference of the matches from @old_start and @new_start on, as
 * GtkFilterListModel does: the positions are those of the same underlying
 * model, so equal positions are the same items.
 */
static void
pn_filter_model_emit_span (PnFilterModel *self,
                           GArray        *old_matches,
                           guint          old_start,
                           guint          new_start)
{
  GArray *new_matches = self->matches;
  guint shorter = MIN (old_matches->len - old_start, new_matches->len - new_start);
  guint prefix = 0;
  guint suffix = 0;

  while (prefix < shorter && OLD (old_start + prefix) == NEW (new_start + prefix))
    prefix++;
  while (suffix < shorter - prefix &&
         OLD (old_matches->len - 1 - suffix) == NEW (new_matches->len - 1 - suffix))
    suffix++;

  if (old_matches->len - old_start - prefix - suffix > 0 ||
      new_matches->len - new_start - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), new_start + prefix,
                                old_matches->len - old_start - prefix - suffix,
                                new_matches->len - new_start - prefix - suffix);
}

static void
pn_filter_model_show_piece (PnFilterModel *self,
                            guint          index,
                            GListModel    *model,
                            GArray        *matches,
                            guint          start,
                            guint          end)
{
  self->pieces[index] = (Piece) { model, matches, start, end };
  self->n_pieces = MAX (self->n_pieces, index + 1);
}

/* Tells the change from @old_matches to the matches: run by run up to
 * RUN_BY_RUN_LIMIT, then the rest at once. Returns FALSE if a handler
 * changed the model meanwhile (see pn_filter_model_settle()): the rest is
 * then untold.
 */
static gboolean
pn_filter_model_emit_runs (PnFilterModel *self,
                           GArray        *old_matches)
{
  GArray *new_matches = self->matches;
  guint generation = self->generation;
  guint i = 0;
  guint j = 0;

  while (self->generation == generation)
    {
      guint run_old;
      guint run_new;

      while (i < old_matches->len && j < new_matches->len && OLD (i) == NEW (j))
        i++, j++;
      if (i == old_matches->len && j == new_matches->len)
        break;

      if (j >= RUN_BY_RUN_LIMIT)
        {
          self->n_pieces = 0;
          pn_filter_model_emit_span (self, old_matches, i, j);
          break;
        }

      /* A run ends at the next item in both, or at the end of both. */
      run_old = i;
      run_new = j;
      while (i < old_matches->len || j < new_matches->len)
        {
          if (i < old_matches->len && j < new_matches->len && OLD (i) == NEW (j))
            break;
          if (j == new_matches->len || (i < old_matches->len && OLD (i) < NEW (j)))
            i++;
          else
            j++;
        }

      pn_filter_model_show_piece (self, 0, self->model, new_matches, 0, j);
      pn_filter_model_show_piece (self, 1, self->model, old_matches, i, old_matches->len);
      g_list_model_items_changed (G_LIST_MODEL (self), run_new, i - run_old, j - run_new);
    }

  if (self->generation != generation)
    return FALSE;
  self->n_pieces = 0;
  return TRUE;
}

#undef OLD
#undef NEW

/* Tells that the matches of the model replace those of the replaced model,
 * from @step on: 1, the new matches come in below the first old one;
 * 2, that one goes; 3, the other old ones go.
 */
static void
pn_filter_model_tell_replacement (PnFilterModel *self,
                                  guint          step)
{
  GListModel *old_model = self->replaced_model;
  GArray *old_matches = self->replaced_matches;
  guint generation = self->generation;

  for (; step <= 3 && self->generation == generation; step++)
    {
      self->replace_step = step;
      self->n_pieces = 0;
      switch (step)
        {
        case 1:
          pn_filter_model_show_piece (self, 0, old_model, old_matches, 0, 1);
          pn_filter_model_show_piece (self, 1, self->model, self->matches, 0, self->matches->len);
          pn_filter_model_show_piece (self, 2, old_model, old_matches, 1, old_matches->len);
          g_list_model_items_changed (G_LIST_MODEL (self), 1, 0, self->matches->len);
          break;

        case 2:
          pn_filter_model_show_piece (self, 0, self->model, self->matches, 0, self->matches->len);
          pn_filter_model_show_piece (self, 1, old_model, old_matches, 1, old_matches->len);
          g_list_model_items_changed (G_LIST_MODEL (self), 0, 1, 0);
          break;

        default:
          if (old_matches->len > 1)
            g_list_model_items_changed (G_LIST_MODEL (self), self->matches->len, old_matches->len - 1, 0);
          break;
        }
    }

  if (self->generation == generation)
    {
      self->n_pieces = 0;
      g_clear_object (&self->replaced_model);
      g_clear_pointer (&self->replaced_matches, g_array_unref);
    }
}

/* A change of the model while another is being told (by a handler of
 * items-changed) starts from what the model shows then: a filter change
 * stops there, to be told again afterwards; a replacement is told to its
 * end first (the steps left only remove old items).
 */
static void
pn_filter_model_settle (PnFilterModel *self)
{
  GArray *shown;

  self->generation++;
  if (self->replaced_model != NULL)
    {
      pn_filter_model_tell_replacement (self, self->replace_step + 1);
      return;
    }
  if (self->n_pieces == 0)
    return;

  /* Telling runs: both pieces are matches of the model. */
  shown = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < self->n_pieces; i++)
    g_array_append_vals (shown, &g_array_index (self->pieces[i].matches, guint, self->pieces[i].start),
                         self->pieces[i].end - self->pieces[i].start);
  g_array_unref (self->matches);
  self->matches = shown;
  self->n_pieces = 0;
}

static void
pn_filter_model_refilter (PnFilterModel   *self,
                          GtkFilterChange  change)
{
  g_autoptr(GArray) old_matches = NULL;
  guint n_items = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  pn_filter_model_settle (self);
  old_matches = self->matches;
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));

  switch (change)
    {
    case GTK_FILTER_CHANGE_MORE_STRICT:
      if (pn_filter_model_get_strictness (self) != GTK_FILTER_MATCH_SOME)
        {
          pn_filter_model_collect (self, 0, n_items, self->matches);
          break;
        }
      for (guint i = 0; i < old_matches->len; i++)
        {
          guint position = g_array_index (old_matches, guint, i);

          if (pn_filter_model_matches (self, position))
            g_array_append_val (self->matches, position);
        }
      break;

    case GTK_FILTER_CHANGE_LESS_STRICT:
      {
        guint next = 0;

        for (guint i = 0; i < old_matches->len; i++)
          {
            guint position = g_array_index (old_matches, guint, i);

            pn_filter_model_collect (self, next, position, self->matches);
            g_array_append_val (self->matches, position);
            next = position + 1;
          }
        pn_filter_model_collect (self, next, n_items, self->matches);
      }
      break;

    case GTK_FILTER_CHANGE_DIFFERENT:
    default:
      pn_filter_model_collect (self, 0, n_items, self->matches);
      break;
    }

  /* Interrupted, the rest is told as a change of its own. */
  if (!pn_filter_model_emit_runs (self, old_matches))
    pn_filter_model_refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
filter_changed_cb (GtkFilter       *filter,
                   GtkFilterChange  change,
                   PnFilterModel   *self)
{
  pn_filter_model_refilter (self, change);
}

static void
model_items_changed_cb (GListModel    *model,
                        guint          position,
                        guint          removed,
                        guint          added,
                        PnFilterModel *self)
{
  g_autoptr(GArray) inserted = g_array_new (FALSE, FALSE, sizeof (guint));
  guint first;
  guint n_removed;

  pn_filter_model_settle (self);
  first = lower_bound (self->matches, position);
  n_removed = lower_bound (self->matches, position + removed) - first;

  g_array_remove_range (self->matches, first, n_removed);
  for (guint i = first; i < self->matches->len; i++)
    g_array_index (self->matches, guint, i) += added - removed;

  pn_filter_model_collect (self, position, position + added, inserted);
  g_array_insert_vals (self->matches, first, inserted->data, inserted->len);

  if (n_removed > 0 || inserted->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), first, n_removed, inserted->len);
}

static GType
pn_filter_model_get_item_type (GListModel *list)
{
  return G_TYPE_OBJECT;
}

static guint
pn_filter_model_get_n_items (GListModel *list)
{
  PnFilterModel *self = PN_FILTER_MODEL (list);
  guint n_items = 0;

  if (self->n_pieces == 0)
    return self->matches->len;
  for (guint i = 0; i < self->n_pieces; i++)
    n_items += self->pieces[i].end - self->pieces[i].start;
  return n_items;
}

static gpointer
pn_filter_model_get_item (GListModel *list,
                          guint       position)
{
  PnFilterModel *self = PN_FILTER_MODEL (list);

  if (self->n_pieces == 0)
    {
      if (position >= self->matches->len)
        return NULL;
      return g_list_model_get_item (self->model, g_array_index (self->matches, guint, position));
    }

  for (guint i = 0; i < self->n_pieces; i++)
    {
      const Piece *piece = &self->pieces[i];

      if (position < piece->end - piece->start)
        return g_list_model_get_item (piece->model, g_array_index (piece->matches, guint, piece->start + position));
      position -= piece->end - piece->start;
    }
  return NULL;
}

static void
pn_filter_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pn_filter_model_get_item_type;
  iface->get_n_items = pn_filter_model_get_n_items;
  iface->get_item = pn_filter_model_get_item;
}

static void
pn_filter_model_dispose (GObject *object)
{
  PnFilterModel *self = (PnFilterModel *) object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->model);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (pn_filter_model_parent_class)->dispose (object);
}

static void
pn_filter_model_finalize (GObject *object)
{
  PnFilterModel *self = (PnFilterModel *) object;

  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_object (&self->replaced_model);
  g_clear_pointer (&self->replaced_matches, g_array_unref);

  G_OBJECT_CLASS (pn_filter_model_parent_class)->finalize (object);
}

static void
pn_filter_model_class_init (PnFilterModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pn_filter_model_dispose;
  object_class->finalize = pn_filter_model_finalize;
}

static void
pn_filter_model_init (PnFilterModel *self)
{
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* @model: (nullable): the items to filter
 * @filter: (nullable): NULL lets every item through
 */
PnFilterModel *
pn_filter_model_new (GListModel *model,
                     GtkFilter  *filter)
{
  PnFilterModel *self;

  g_return_val_if_fail (model == NULL || G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (filter == NULL || GTK_IS_FILTER (filter), NULL);

  self = g_object_new (PN_TYPE_FILTER_MODEL, NULL);
  if (filter != NULL)
    {
      self->filter = g_object_ref (filter);
      g_signal_connect (filter, "changed", G_CALLBACK (filter_changed_cb), self);
    }
  pn_filter_model_set_model (self, model);
  return self;
}

GListModel *
pn_filter_model_get_model (PnFilterModel *self)
{
  g_return_val_if_fail (PN_IS_FILTER_MODEL (self), NULL);
  return self->model;
}

/* @model: (nullable): the items to filter */
void
pn_filter_model_set_model (PnFilterModel *self,
                           GListModel    *model)
{
  guint n_removed;

  g_return_if_fail (PN_IS_FILTER_MODEL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  pn_filter_model_settle (self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  self->replaced_model = g_steal_pointer (&self->model);
  self->replaced_matches = g_steal_pointer (&self->matches);
  g_set_object (&self->model, model);
  if (self->model != NULL)
    g_signal_connect (self->model, "items-changed", G_CALLBACK (model_items_changed_cb), self);

  /* Positions in another model are other items: everything changes. */
  n_removed = self->replaced_matches->len;
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));
  if (self->model != NULL)
    pn_filter_model_collect (self, 0, g_list_model_get_n_items (self->model), self->matches);

  if (n_removed > 0 && self->matches->len > 0)
    {
      pn_filter_model_tell_replacement (self, 1);
      return;
    }
  g_clear_object (&self->replaced_model);
  g_clear_pointer (&self->replaced_matches, g_array_unref);
  if (n_removed > 0 || self->matches->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_removed, self->matches->len);
}
