/* pn-refresher.c
 *
 * One refresh runs every given source through the same steps: a conditional
 * GET on the shared fetcher, the feed parser in a worker thread (it is the
 * costly part and must never block the main loop), then, back on the main
 * thread, the merge into the library and the outcome recorded on the
 * source. One source's failure is data on that source; it never stops the
 * others. The fetcher's queue bounds how many run at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-refresher"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pn-error.h"
#include "pn-extractor.h"
#include "pn-feed-parser.h"
#include "pn-fetch-policy.h"
#include "pn-refresher.h"
#include "pn-source.h"
#include "pn-story.h"

struct _PnRefresher
{
  GObject     parent_instance;

  PnLibrary  *library;
  PnFetcher  *fetcher;
  GHashTable *in_flight;
  guint       n_total;
  guint       n_done;
};

G_DEFINE_FINAL_TYPE (PnRefresher, pn_refresher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_TOTAL,
  PROP_N_DONE,
  PROP_RUNNING,
  N_PROPS
};

enum {
  SOURCE_STARTED,
  SOURCE_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  PnRefreshSummary *summary;
  guint             n_pending;
} RefreshState;

typedef struct
{
  GTask         *refresh;
  PnSource      *source;
  PnFetchResult *result;
} SourceJob;

typedef struct
{
  GBytes *body;
  char   *base_url;
  char   *source_id;
} ParseInput;

static void
refresh_state_free (RefreshState *state)
{
  g_clear_pointer (&state->summary, pn_refresh_summary_free);
  g_free (state);
}

static void
source_job_free (SourceJob *job)
{
  g_clear_object (&job->refresh);
  g_clear_object (&job->source);
  g_clear_object (&job->result);
  g_free (job);
}

static void
parse_input_free (ParseInput *input)
{
  g_clear_pointer (&input->body, g_bytes_unref);
  g_free (input->base_url);
  g_free (input->source_id);
  g_free (input);
}

void
pn_refresh_summary_free (PnRefreshSummary *summary)
{
  if (summary == NULL)
    return;

  g_clear_pointer (&summary->failed, g_ptr_array_unref);
  g_free (summary);
}

static gboolean
is_fetchable (PnSource *source)
{
  const char *url = pn_source_get_url (source);

  /* The built-in sample lives in the app's resources; there is nothing to
   * fetch for it.
   */
  return url != NULL &&
         (g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://"));
}

static void
pn_refresher_set_counts (PnRefresher *self,
                         guint        n_total,
                         guint        n_done)
{
  gboolean was_running = self->n_done < self->n_total;

  if (self->n_total != n_total)
    {
      self->n_total = n_total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
    }
  if (self->n_done != n_done)
    {
      self->n_done = n_done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
    }
  if (was_running != (self->n_done < self->n_total))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
pn_refresher_source_done (PnRefresher *self,
                          GTask       *refresh,
                          PnSource    *source)
{
  RefreshState *state = g_task_get_task_data (refresh);
  g_autoptr(GError) error = NULL;

  g_hash_table_remove (self->in_flight, source);
  if (!pn_library_source_changed (self->library, source, &error))
    g_warning ("Could not store the state of %s: %s", pn_source_get_url (source), error->message);

  pn_refresher_set_counts (self, self->n_total, self->n_done + 1);
  g_signal_emit (self, signals[SOURCE_FINISHED], 0, source);

  g_assert (state->n_pending > 0);
  if (--state->n_pending == 0)
    g_task_return_pointer (refresh, g_steal_pointer (&state->summary),
                           (GDestroyNotify) pn_refresh_summary_free);
}

static void
pn_refresher_record_failure (PnRefresher *self,
                             GTask       *refresh,
                             PnSource    *source)
{
  RefreshState *state = g_task_get_task_data (refresh);

  state->summary->n_failed++;
  g_ptr_array_add (state->summary->failed, g_object_ref (source));
}

/* The stories of @feed that the library does not have yet. */
static GPtrArray *
collect_new_stories (PnRefresher *self,
                     PnFeed      *feed)
{
  GPtrArray *items = pn_feed_get_items (feed);
  GPtrArray *new_stories = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < items->len; i++)
    {
      PnStory *story = g_ptr_array_index (items, i);

      if (pn_library_lookup_story (self->library, pn_story_get_id (story)) == NULL)
        g_ptr_array_add (new_stories, g_object_ref (story));
    }
  return new_stories;
}

static void
full_text_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) refresh = user_data;
  RefreshState *state = g_task_get_task_data (refresh);
  g_autoptr(GError) error = NULL;

  if (!pn_refresher_fetch_full_text_finish (PN_REFRESHER (object), result, &error))
    {
      state->summary->n_full_text_failed++;
      g_debug ("Reader mode failed, the feed's version stays: %s", error->message);
    }

  g_assert (state->n_pending > 0);
  if (--state->n_pending == 0)
    g_task_return_pointer (refresh, g_steal_pointer (&state->summary),
                           (GDestroyNotify) pn_refresh_summary_free);
}

/* Sources flagged "fetch full text" get each new story's article; the
 * refresh finishes once those are in.
 */
static void
pn_refresher_fetch_full_texts (PnRefresher *self,
                               GTask       *refresh,
                               GPtrArray   *new_stories)
{
  RefreshState *state = g_task_get_task_data (refresh);

  for (guint i = 0; i < new_stories->len; i++)
    {
      PnStory *story = pn_library_lookup_story (self->library,
                                                pn_story_get_id (g_ptr_array_index (new_stories, i)));

      if (story == NULL || pn_story_get_link (story) == NULL)
        continue;

      state->n_pending++;
      pn_refresher_fetch_full_text_async (self, story, g_task_get_cancellable (refresh),
                                          full_text_done_cb, g_object_ref (refresh));
    }
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ParseInput *input = task_data;
  GError *error = NULL;
  PnFeed *feed;

  feed = pn_feed_parse (input->body, input->base_url, input->source_id, &error);
  if (feed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, feed, g_object_unref);
}

static void
parse_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PnRefresher *self = PN_REFRESHER (object);
  SourceJob *job = user_data;
  RefreshState *state = g_task_get_task_data (job->refresh);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(PnFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) new_stories = NULL;
  guint n_new = 0;

  feed = g_task_propagate_pointer (G_TASK (result), &error);
  if (feed == NULL)
    {
      /* The server answered, but not with a feed: a failure like any other,
       * with backoff, so a broken feed is not hammered.
       */
      pn_fetch_policy_record_failure (job->source,
                                      g_error_matches (error, PN_ERROR, PN_ERROR_NOT_A_FEED)
                                        ? "not-a-feed" : "parse-error",
                                      error->message, -1, 0, now);
      pn_refresher_record_failure (self, job->refresh, job->source);
      pn_refresher_source_done (self, job->refresh, job->source);
      source_job_free (job);
      return;
    }

  new_stories = collect_new_stories (self, feed);
  if (!pn_library_merge_stories (self->library, job->source, pn_feed_get_items (feed),
                                 &n_new, &error))
    {
      pn_fetch_policy_record_failure (job->source, "store-error", error->message, -1, 0, now);
      pn_refresher_record_failure (self, job->refresh, job->source);
    }
  else
    {
      pn_fetch_policy_apply_result (job->source, job->result, 0, now);
      if (pn_source_get_title (job->source) == NULL && pn_feed_get_title (feed) != NULL)
        pn_source_set_title (job->source, pn_feed_get_title (feed));
      if (pn_feed_get_link (feed) != NULL)
        pn_source_set_site_url (job->source, pn_feed_get_link (feed));
      if (pn_feed_get_icon (feed) != NULL)
        pn_source_set_icon_url (job->source, pn_feed_get_icon (feed));
      pn_library_apply_retention (self->library, job->source, now);

      state->summary->n_updated++;
      state->summary->n_new_stories += n_new;

      if (pn_source_get_fetch_full_text (job->source))
        pn_refresher_fetch_full_texts (self, job->refresh, new_stories);
    }

  pn_refresher_source_done (self, job->refresh, job->source);
  source_job_free (job);
}

static void
fetch_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SourceJob *job = user_data;
  PnRefresher *self = g_task_get_source_object (job->refresh);
  RefreshState *state = g_task_get_task_data (job->refresh);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) parse = NULL;
  ParseInput *input;

  job->result = pn_fetcher_fetch_finish (PN_FETCHER (object), result, &error);
  if (job->result == NULL)
    {
      /* Only cancellation (or a programming error) gets here: outcomes of
       * the fetch itself are data on the result.
       */
      pn_refresher_source_done (self, job->refresh, job->source);
      source_job_free (job);
      return;
    }

  if (pn_fetch_result_get_outcome (job->result) != PN_FETCH_OUTCOME_OK)
    {
      pn_fetch_policy_apply_result (job->source, job->result, 0, now);
      if (pn_fetch_result_get_outcome (job->result) == PN_FETCH_OUTCOME_NOT_MODIFIED)
        state->summary->n_not_modified++;
      else
        pn_refresher_record_failure (self, job->refresh, job->source);

      pn_refresher_source_done (self, job->refresh, job->source);
      source_job_free (job);
      return;
    }

  input = g_new0 (ParseInput, 1);
  input->body = g_bytes_ref (pn_fetch_result_get_body (job->result));
  input->base_url = g_strdup (pn_fetch_result_get_final_url (job->result));
  input->source_id = g_strdup (pn_source_get_id (job->source));

  parse = g_task_new (self, g_task_get_cancellable (job->refresh), parse_done_cb, job);
  g_task_set_source_tag (parse, fetch_done_cb);
  g_task_set_task_data (parse, input, (GDestroyNotify) parse_input_free);
  g_task_run_in_thread (parse, parse_in_thread);
}

static void
pn_refresher_dispose (GObject *object)
{
  PnRefresher *self = (PnRefresher *) object;

  g_clear_object (&self->library);
  g_clear_object (&self->fetcher);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);

  G_OBJECT_CLASS (pn_refresher_parent_class)->dispose (object);
}

static void
pn_refresher_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PnRefresher *self = PN_REFRESHER (object);

  switch (prop_id)
    {
    case PROP_N_TOTAL: g_value_set_uint (value, self->n_total); break;
    case PROP_N_DONE: g_value_set_uint (value, self->n_done); break;
    case PROP_RUNNING: g_value_set_boolean (value, pn_refresher_get_running (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_refresher_class_init (PnRefresherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = pn_refresher_dispose;
  object_class->get_property = pn_refresher_get_property;

  properties[PROP_N_TOTAL] = g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_DONE] = g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SOURCE_STARTED] =
    g_signal_new ("source-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PN_TYPE_SOURCE);
  signals[SOURCE_FINISHED] =
    g_signal_new ("source-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PN_TYPE_SOURCE);
}

static void
pn_refresher_init (PnRefresher *self)
{
  self->in_flight = g_hash_table_new (NULL, NULL);
}

PnRefresher *
pn_refresher_new (PnLibrary *library,
                  PnFetcher *fetcher)
{
  PnRefresher *self;

  g_return_val_if_fail (PN_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (PN_IS_FETCHER (fetcher), NULL);

  self = g_object_new (PN_TYPE_REFRESHER, NULL);
  self->library = g_object_ref (library);
  self->fetcher = g_object_ref (fetcher);
  return self;
}

PnFetcher *
pn_refresher_get_fetcher (PnRefresher *self)
{
  g_return_val_if_fail (PN_IS_REFRESHER (self), NULL);
  return self->fetcher;
}

guint
pn_refresher_get_n_total (PnRefresher *self)
{
  g_return_val_if_fail (PN_IS_REFRESHER (self), 0);
  return self->n_total;
}

guint
pn_refresher_get_n_done (PnRefresher *self)
{
  g_return_val_if_fail (PN_IS_REFRESHER (self), 0);
  return self->n_done;
}

gboolean
pn_refresher_get_running (PnRefresher *self)
{
  g_return_val_if_fail (PN_IS_REFRESHER (self), FALSE);
  return self->n_done < self->n_total;
}

gboolean
pn_refresher_is_refreshing (PnRefresher *self,
                            PnSource    *source)
{
  g_return_val_if_fail (PN_IS_REFRESHER (self), FALSE);
  return g_hash_table_contains (self->in_flight, source);
}

/* @sources: (nullable) (element-type PnSource): NULL refreshes every source.
 * Sources already being refreshed, disabled ones (410 Gone), local ones and,
 * without PN_REFRESH_FORCE, those not yet due are skipped.
 */
void
pn_refresher_refresh_async (PnRefresher         *self,
                            GPtrArray           *sources,
                            PnRefreshFlags       flags,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) refresh = NULL;
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  RefreshState *state;
  GListModel *all = NULL;
  guint n_given;

  g_return_if_fail (PN_IS_REFRESHER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  refresh = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (refresh, pn_refresher_refresh_async);

  state = g_new0 (RefreshState, 1);
  state->summary = g_new0 (PnRefreshSummary, 1);
  state->summary->failed = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (refresh, state, (GDestroyNotify) refresh_state_free);

  if (sources == NULL)
    all = pn_library_get_sources (self->library);
  n_given = sources != NULL ? sources->len : g_list_model_get_n_items (all);

  for (guint i = 0; i < n_given; i++)
    {
      g_autoptr(PnSource) source = sources != NULL ? g_object_ref (g_ptr_array_index (sources, i))
                                                   : g_list_model_get_item (all, i);

      if (!is_fetchable (source) || !pn_source_get_enabled (source) ||
          g_hash_table_contains (self->in_flight, source) ||
          ((flags & PN_REFRESH_FORCE) == 0 && !pn_fetch_policy_is_due (source, now)))
        {
          state->summary->n_skipped++;
          continue;
        }
      g_ptr_array_add (due, g_steal_pointer (&source));
    }

  state->summary->n_sources = due->len;
  if (due->len == 0)
    {
      g_task_return_pointer (refresh, g_steal_pointer (&state->summary),
                             (GDestroyNotify) pn_refresh_summary_free);
      return;
    }

  /* A refresh started while another runs adds to the same progress. */
  if (!pn_refresher_get_running (self))
    pn_refresher_set_counts (self, 0, 0);
  pn_refresher_set_counts (self, self->n_total + due->len, self->n_done);
  state->n_pending = due->len;

  for (guint i = 0; i < due->len; i++)
    {
      PnSource *source = g_ptr_array_index (due, i);
      g_autoptr(PnFetchRequest) request = pn_fetch_request_new_for_source (source);
      SourceJob *job = g_new0 (SourceJob, 1);

      job->refresh = g_object_ref (refresh);
      job->source = g_object_ref (source);
      g_hash_table_add (self->in_flight, source);
      g_signal_emit (self, signals[SOURCE_STARTED], 0, source);
      pn_fetcher_fetch_async (self->fetcher, request, cancellable, fetch_done_cb, job);
    }
}

PnRefreshSummary *
pn_refresher_refresh_finish (PnRefresher   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (PN_IS_REFRESHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  PnStory *story;
  char    *url;
  GBytes  *page;
} FullTextJob;

static void
full_text_job_free (FullTextJob *job)
{
  g_clear_object (&job->story);
  g_free (job->url);
  g_clear_pointer (&job->page, g_bytes_unref);
  g_free (job);
}

static void
extract_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  FullTextJob *job = task_data;
  GError *error = NULL;
  gsize length;
  const char *html = g_bytes_get_data (job->page, &length);
  PnArticle *article;

  article = pn_extract_article (html, length, job->url, &error);
  if (article == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, article, g_object_unref);
}

static void
extract_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PnRefresher *self = g_task_get_source_object (task);
  FullTextJob *job = g_task_get_task_data (task);
  g_autoptr(PnArticle) article = NULL;
  GError *error = NULL;

  article = g_task_propagate_pointer (G_TASK (result), &error);
  if (article == NULL ||
      !pn_library_set_full_content (self->library, job->story, pn_article_get_content (article), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
page_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FullTextJob *job = g_task_get_task_data (task);
  g_autoptr(PnFetchResult) fetched = NULL;
  GError *error = NULL;
  GTask *extract;

  fetched = pn_fetcher_fetch_finish (PN_FETCHER (object), result, &error);
  if (fetched == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (pn_fetch_result_get_outcome (fetched) != PN_FETCH_OUTCOME_OK)
    {
      g_task_return_new_error (task, PN_ERROR, PN_ERROR_FAILED,
                               _("The story’s page could not be fetched: %s"),
                               pn_fetch_result_get_message (fetched));
      return;
    }

  job->page = g_bytes_ref (pn_fetch_result_get_body (fetched));
  g_free (job->url);
  job->url = g_strdup (pn_fetch_result_get_final_url (fetched));

  /* Extraction scores the whole page: a worker thread's job. */
  extract = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                        extract_done_cb, g_object_ref (task));
  g_task_set_source_tag (extract, page_fetched_cb);
  g_task_set_task_data (extract, job, NULL);
  g_task_run_in_thread (extract, extract_in_thread);
  g_object_unref (extract);
}

/* Reader mode: fetches the story's web page, extracts the article and
 * stores it beside the feed's version. A failure keeps the feed's version
 * and says why.
 */
void
pn_refresher_fetch_full_text_async (PnRefresher         *self,
                                    PnStory             *story,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PnFetchRequest) request = NULL;
  FullTextJob *job;
  const char *link;

  g_return_if_fail (PN_IS_REFRESHER (self));
  g_return_if_fail (PN_IS_STORY (story));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pn_refresher_fetch_full_text_async);

  link = pn_story_get_link (story);
  if (link == NULL || !(g_str_has_prefix (link, "http://") || g_str_has_prefix (link, "https://")))
    {
      g_task_return_new_error (task, PN_ERROR, PN_ERROR_INVALID_ARGUMENT,
                               _("The story has no web page to read"));
      return;
    }

  job = g_new0 (FullTextJob, 1);
  job->story = g_object_ref (story);
  job->url = g_strdup (link);
  g_task_set_task_data (task, job, (GDestroyNotify) full_text_job_free);

  /* Pages wait behind feeds: a refresh's feeds matter more. */
  request = pn_fetch_request_new (link);
  request->accept = g_strdup ("text/html,application/xhtml+xml;q=0.9,*/*;q=0.5");
  request->priority = G_PRIORITY_LOW;
  pn_fetcher_fetch_async (self->fetcher, request, cancellable, page_fetched_cb, g_steal_pointer (&task));
}

gboolean
pn_refresher_fetch_full_text_finish (PnRefresher   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (PN_IS_REFRESHER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
