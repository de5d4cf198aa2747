/* pn-fetcher.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-fetcher"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "pn-fetcher.h"
#include "pn-fetch-policy.h"
#include "pn-util.h"

/* How a fetch moves through the fetcher: QUEUED until the overall and the
 * per-host limits leave room, ACTIVE while its request (or one hop of its
 * redirect chain) is on the wire, back to QUEUED for the next hop so that a
 * redirect to another host obeys that host's limit, DONE once returned.
 */
typedef enum
{
  JOB_QUEUED,
  JOB_ACTIVE,
  JOB_DONE,
} JobState;

typedef enum
{
  TIMED_OUT_NOT,
  TIMED_OUT_CONNECT,
  TIMED_OUT_IDLE,
  TIMED_OUT_REQUEST,
} TimedOut;

#define READ_CHUNK_SIZE (64 * 1024)

#define DEFAULT_ACCEPT \
  "application/rss+xml, application/atom+xml, application/feed+json, " \
  "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, " \
  "application/json;q=0.8, text/html;q=0.5, */*;q=0.1"

struct _PnFetcher
{
  GObject       parent_instance;

  /* Owned references */
  SoupSession  *session;
  GMainContext *context;
  char         *user_agent;
  /* GTask* in run order (priority, then arrival); each holds a reference. */
  GQueue        queue;
  /* host → number of active requests to it */
  GHashTable   *active_per_host;

  guint         max_conns;
  guint         max_conns_per_host;
  guint         connect_timeout_ms;
  guint         idle_timeout_ms;
  guint         request_timeout_ms;
  guint64       max_size;

  guint         n_active;
  guint         n_done;
  guint64       next_sequence;
};

/* The task data of one fetch. */
typedef struct
{
  /* Borrowed: the task holds the fetcher as its source object. */
  PnFetcher      *fetcher;
  PnFetchRequest *request;
  JobState        state;
  guint64         sequence;
  gsize           max_size;

  /* The current hop of the redirect chain. */
  GUri           *uri;
  char           *host;
  /* Cancels the current hop only: on a timeout, on the user's cancel, or to
   * drop a response we do not read to the end. */
  GCancellable   *hop_cancellable;
  SoupMessage    *message;
  GInputStream   *stream;
  GByteArray     *body;

  /* Redirect bookkeeping. */
  GHashTable     *visited;
  guint           n_redirects;
  gboolean        only_permanent;
  char           *permanent_url;

  gulong          user_cancel_id;
  guint           connect_timeout_id;
  guint           idle_timeout_id;
  guint           request_timeout_id;
  TimedOut        timed_out;
} FetchJob;

G_DEFINE_FINAL_TYPE (PnFetcher, pn_fetcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_CONNS,
  PROP_MAX_CONNS_PER_HOST,
  PROP_CONNECT_TIMEOUT,
  PROP_IDLE_TIMEOUT,
  PROP_REQUEST_TIMEOUT,
  PROP_MAX_SIZE,
  PROP_USER_AGENT,
  PROP_N_QUEUED,
  PROP_N_ACTIVE,
  PROP_N_DONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void pump (PnFetcher *self);

static void
fetch_job_free (FetchJob *job)
{
  g_assert (job->user_cancel_id == 0);
  g_assert (job->connect_timeout_id == 0);
  g_assert (job->idle_timeout_id == 0);
  g_assert (job->request_timeout_id == 0);

  g_clear_pointer (&job->request, pn_fetch_request_free);
  g_clear_pointer (&job->uri, g_uri_unref);
  g_clear_pointer (&job->host, g_free);
  g_clear_object (&job->hop_cancellable);
  g_clear_object (&job->message);
  g_clear_object (&job->stream);
  g_clear_pointer (&job->body, g_byte_array_unref);
  g_clear_pointer (&job->visited, g_hash_table_unref);
  g_clear_pointer (&job->permanent_url, g_free);
  g_free (job);
}

static guint
timeout_seconds (guint timeout_ms)
{
  return MAX (1, (timeout_ms + 999) / 1000);
}

static void
clear_source_id (PnFetcher *self,
                 guint     *id)
{
  GSource *source;

  if (*id == 0)
    return;

  source = g_main_context_find_source_by_id (self->context, *id);
  if (source != NULL)
    g_source_destroy (source);
  *id = 0;
}

/* Timers borrow the task: it is alive while it is queued or active, and
 * finish() removes them. */
static guint
add_timeout (PnFetcher   *self,
             guint        timeout_ms,
             GSourceFunc  func,
             GTask       *task)
{
  g_autoptr(GSource) source = g_timeout_source_new (timeout_ms);

  g_source_set_callback (source, func, task, NULL);
  return g_source_attach (source, self->context);
}

static guint
host_active (PnFetcher  *self,
             const char *host)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->active_per_host, host));
}

static void
set_host_active (PnFetcher  *self,
                 const char *host,
                 guint       count)
{
  if (count == 0)
    g_hash_table_remove (self->active_per_host, host);
  else
    g_hash_table_insert (self->active_per_host, g_strdup (host), GUINT_TO_POINTER (count));
}

static void
enqueue (PnFetcher *self,
         GTask     *task)
{
  FetchJob *job = g_task_get_task_data (task);
  GList *link;

  /* A new batch after an idle spell: progress restarts from zero. */
  if (self->n_active == 0 && self->queue.length == 0 && self->n_done > 0)
    {
      self->n_done = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
    }

  job->state = JOB_QUEUED;
  for (link = self->queue.head; link != NULL; link = link->next)
    {
      FetchJob *other = g_task_get_task_data (link->data);

      if (job->request->priority < other->request->priority ||
          (job->request->priority == other->request->priority && job->sequence < other->sequence))
        break;
    }
  if (link != NULL)
    g_queue_insert_before (&self->queue, link, g_object_ref (task));
  else
    g_queue_push_tail (&self->queue, g_object_ref (task));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_QUEUED]);
}

static void
release_slot (PnFetcher *self,
              FetchJob  *job)
{
  g_assert (job->state == JOB_ACTIVE);
  g_assert (self->n_active > 0);

  set_host_active (self, job->host, host_active (self, job->host) - 1);
  self->n_active--;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE]);
}

/* Ends the current hop's transfer. A stream read to its end is closed
 * normally so the connection can serve the next request; any other one is
 * cancelled first, so that closing does not read an endless body.
 */
static void
drop_hop (FetchJob *job,
          gboolean  abort_transfer)
{
  clear_source_id (job->fetcher, &job->connect_timeout_id);
  clear_source_id (job->fetcher, &job->idle_timeout_id);

  if (abort_transfer)
    g_cancellable_cancel (job->hop_cancellable);

  if (job->stream != NULL)
    g_input_stream_close_async (job->stream, G_PRIORITY_DEFAULT, job->hop_cancellable, NULL, NULL);

  g_clear_object (&job->stream);
  g_clear_object (&job->message);
  g_clear_object (&job->hop_cancellable);
}

/* Returns the task with @result, or with @error (only ever cancellation).
 * Takes both; the caller keeps its own reference to @task.
 */
static void
finish (GTask         *task,
        PnFetchResult *result,
        GError        *error)
{
  FetchJob *job = g_task_get_task_data (task);
  PnFetcher *self = job->fetcher;
  GCancellable *user_cancellable = g_task_get_cancellable (task);

  g_assert (job->state != JOB_DONE);
  g_assert ((result == NULL) != (error == NULL));

  if (job->state == JOB_QUEUED)
    {
      if (g_queue_remove (&self->queue, task))
        {
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_QUEUED]);
          g_object_unref (task);
        }
    }
  else
    {
      drop_hop (job, result == NULL || !pn_fetch_result_is_success (result));
      release_slot (self, job);
    }
  job->state = JOB_DONE;

  clear_source_id (self, &job->request_timeout_id);
  if (job->user_cancel_id != 0)
    {
      g_cancellable_disconnect (user_cancellable, job->user_cancel_id);
      job->user_cancel_id = 0;
    }

  self->n_done++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);

  if (result != NULL)
    g_task_return_pointer (task, result, g_object_unref);
  else
    g_task_return_error (task, error);

  pump (self);
}

static PnFetchResult *
make_result (FetchJob       *job,
             PnFetchOutcome  outcome,
             const char     *message)
{
  g_autofree char *final_url = job->uri != NULL ? g_uri_to_string (job->uri) : NULL;

  return g_object_new (PN_TYPE_FETCH_RESULT,
                       "outcome", outcome,
                       "message", message,
                       "url", job->request->url,
                       "final-url", final_url,
                       "permanent-url", job->permanent_url,
                       NULL);
}

static char *
timeout_message (FetchJob *job)
{
  PnFetcher *self = job->fetcher;
  guint seconds;

  switch (job->timed_out)
    {
    case TIMED_OUT_CONNECT:
      seconds = timeout_seconds (self->connect_timeout_ms);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Could not connect to “%s” within %u second",
                                           "Could not connect to “%s” within %u seconds",
                                           seconds),
                              job->host, seconds);
    case TIMED_OUT_REQUEST:
      seconds = timeout_seconds (self->request_timeout_ms);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The download did not finish within %u second",
                                           "The download did not finish within %u seconds",
                                           seconds),
                              seconds);
    case TIMED_OUT_IDLE:
    case TIMED_OUT_NOT:
    default:
      seconds = timeout_seconds (self->idle_timeout_ms);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The server did not answer within %u second",
                                           "The server did not answer within %u seconds",
                                           seconds),
                              seconds);
    }
}

static void
finish_outcome (GTask          *task,
                PnFetchOutcome  outcome,
                const char     *message)
{
  FetchJob *job = g_task_get_task_data (task);

  finish (task, make_result (job, outcome, message), NULL);
}

/* A failed hop: the user's cancel is the only GError; timeouts and network
 * failures become results.
 */
static void
finish_with_error (GTask        *task,
                   const GError *error)
{
  FetchJob *job = g_task_get_task_data (task);
  g_autofree char *message = NULL;
  PnFetchOutcome outcome;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      finish (task, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("The download was cancelled")));
      return;
    }

  /* Only a timeout or the user's cancel finish a fetch without an error. */
  g_assert (error != NULL || job->timed_out != TIMED_OUT_NOT);

  if (job->timed_out != TIMED_OUT_NOT || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      if (job->timed_out == TIMED_OUT_NOT)
        job->timed_out = TIMED_OUT_IDLE;
      outcome = PN_FETCH_OUTCOME_TIMEOUT;
      message = timeout_message (job);
    }
  else if (error->domain == G_RESOLVER_ERROR)
    {
      outcome = PN_FETCH_OUTCOME_DNS_ERROR;
      message = g_strdup_printf (_("Could not find the server “%s”"), job->host);
    }
  else if (error->domain == G_TLS_ERROR)
    {
      outcome = PN_FETCH_OUTCOME_TLS_ERROR;
      message = g_strdup_printf (_("The secure connection to “%s” could not be trusted: %s"),
                                 job->host, error->message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    {
      outcome = PN_FETCH_OUTCOME_CONNECTION_REFUSED;
      message = g_strdup_printf (_("The server “%s” refused the connection"), job->host);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
           g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING))
    {
      outcome = PN_FETCH_OUTCOME_CONNECTION_RESET;
      message = g_strdup_printf (_("The connection to “%s” was closed unexpectedly"), job->host);
    }
  else
    {
      outcome = PN_FETCH_OUTCOME_NETWORK_ERROR;
      message = g_strdup_printf (_("Network error: %s"), error->message);
    }

  finish_outcome (task, outcome, message);
}

static void
finish_too_large (GTask *task)
{
  FetchJob *job = g_task_get_task_data (task);
  g_autofree char *size = g_format_size (job->max_size);
  g_autofree char *message = g_strdup_printf (_("The response is larger than the limit of %s"), size);

  finish_outcome (task, PN_FETCH_OUTCOME_TOO_LARGE, message);
}

/* The result for a response we will not read a body from (or whose body we
 * have), with everything its headers say.
 */
static void
finish_response (GTask          *task,
                 PnFetchOutcome  outcome,
                 const char     *message,
                 GBytes         *body)
{
  FetchJob *job = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (job->message);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *final_url = g_uri_to_string (job->uri);
  gint64 retry_after;
  PnFetchResult *result;

  retry_after = pn_fetch_policy_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"), now);
  result = g_object_new (PN_TYPE_FETCH_RESULT,
                         "outcome", outcome,
                         "message", message,
                         "url", job->request->url,
                         "final-url", final_url,
                         "permanent-url", job->permanent_url,
                         "status", soup_message_get_status (job->message),
                         "reason", soup_message_get_reason_phrase (job->message),
                         "etag", soup_message_headers_get_one (headers, "ETag"),
                         "last-modified", soup_message_headers_get_one (headers, "Last-Modified"),
                         "retry-after", retry_after,
                         "content-type", soup_message_headers_get_one (headers, "Content-Type"),
                         "body", body,
                         NULL);
  finish (task, result, NULL);
}

static gboolean
user_cancelled_idle_cb (gpointer data)
{
  GTask *task = data;
  FetchJob *job = g_task_get_task_data (task);

  if (job->state == JOB_QUEUED)
    finish_with_error (task, NULL);
  else if (job->state == JOB_ACTIVE)
    g_cancellable_cancel (job->hop_cancellable);

  return G_SOURCE_REMOVE;
}

/* May run in any thread: hand over to the fetcher's context. */
static void
user_cancelled_cb (GCancellable *cancellable,
                   GTask        *task)
{
  FetchJob *job = g_task_get_task_data (task);
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_callback (source, user_cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_attach (source, job->fetcher->context);
}

static void
time_out (GTask    *task,
          TimedOut  kind)
{
  FetchJob *job = g_task_get_task_data (task);

  if (job->timed_out == TIMED_OUT_NOT)
    job->timed_out = kind;

  if (job->state == JOB_QUEUED)
    finish_with_error (task, NULL);
  else
    g_cancellable_cancel (job->hop_cancellable);
}

static gboolean
connect_timeout_cb (gpointer data)
{
  FetchJob *job = g_task_get_task_data (data);

  job->connect_timeout_id = 0;
  time_out (data, TIMED_OUT_CONNECT);
  return G_SOURCE_REMOVE;
}

static gboolean
idle_timeout_cb (gpointer data)
{
  FetchJob *job = g_task_get_task_data (data);

  job->idle_timeout_id = 0;
  time_out (data, TIMED_OUT_IDLE);
  return G_SOURCE_REMOVE;
}

static gboolean
request_timeout_cb (gpointer data)
{
  FetchJob *job = g_task_get_task_data (data);

  job->request_timeout_id = 0;
  time_out (data, TIMED_OUT_REQUEST);
  return G_SOURCE_REMOVE;
}

/* Something arrived or progressed: the server is alive. */
static void
touch (GTask *task)
{
  FetchJob *job = g_task_get_task_data (task);

  clear_source_id (job->fetcher, &job->idle_timeout_id);
  job->idle_timeout_id = add_timeout (job->fetcher, job->fetcher->idle_timeout_ms, idle_timeout_cb, task);
}

static void
network_event_cb (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  GTask              *task)
{
  FetchJob *job = g_task_get_task_data (task);

  if (job->state != JOB_ACTIVE || job->message != message)
    return;

  /* No events at all when libsoup reuses a kept-alive connection, so the
   * connect timer only runs while a connection is being made. */
  if (event == G_SOCKET_CLIENT_RESOLVING && job->connect_timeout_id == 0)
    job->connect_timeout_id = add_timeout (job->fetcher, job->fetcher->connect_timeout_ms,
                                           connect_timeout_cb, task);
  else if (event == G_SOCKET_CLIENT_COMPLETE)
    clear_source_id (job->fetcher, &job->connect_timeout_id);

  touch (task);
}

static void
read_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchJob *job = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), res, &error);
  if (job->state != JOB_ACTIVE)
    return;

  if (chunk == NULL)
    {
      finish_with_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&job->body));

      finish_response (task, PN_FETCH_OUTCOME_OK, _("Downloaded"), body);
      return;
    }

  g_byte_array_append (job->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (job->body->len > job->max_size)
    {
      finish_too_large (task);
      return;
    }

  touch (task);
  g_input_stream_read_bytes_async (job->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   job->hop_cancellable, read_cb, g_object_ref (task));
}

static gboolean
is_web_uri (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         host != NULL && *host != '\0';
}

static gboolean
is_redirect (guint status)
{
  return status == SOUP_STATUS_MOVED_PERMANENTLY ||
         status == SOUP_STATUS_FOUND ||
         status == SOUP_STATUS_SEE_OTHER ||
         status == SOUP_STATUS_TEMPORARY_REDIRECT ||
         status == SOUP_STATUS_PERMANENT_REDIRECT;
}

/* Follows one redirect ourselves (libsoup's own following is off) so that we
 * know whether the move is permanent, and can spot a loop.
 */
static void
follow_redirect (GTask *task,
                 guint  status)
{
  FetchJob *job = g_task_get_task_data (task);
  PnFetcher *self = job->fetcher;
  SoupMessageHeaders *headers = soup_message_get_response_headers (job->message);
  const char *location = soup_message_headers_get_one (headers, "Location");
  g_autoptr(GUri) target = NULL;
  g_autofree char *target_string = NULL;
  g_autofree char *message = NULL;

  if (location != NULL)
    target = g_uri_parse_relative (job->uri, location, SOUP_HTTP_URI_FLAGS, NULL);
  if (target == NULL || !is_web_uri (target))
    {
      message = g_strdup_printf (_("HTTP %u: the server redirected to an invalid address"), status);
      finish_response (task, PN_FETCH_OUTCOME_HTTP_ERROR, message, NULL);
      return;
    }

  target_string = g_uri_to_string_partial (target, G_URI_HIDE_FRAGMENT);
  if (g_hash_table_contains (job->visited, target_string))
    {
      finish_response (task, PN_FETCH_OUTCOME_REDIRECT_LOOP,
                       _("The address redirects in a loop"), NULL);
      return;
    }
  if (job->n_redirects >= PN_FETCHER_MAX_REDIRECTS)
    {
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The address redirects more than %u time",
                                              "The address redirects more than %u times",
                                              PN_FETCHER_MAX_REDIRECTS),
                                 PN_FETCHER_MAX_REDIRECTS);
      finish_response (task, PN_FETCH_OUTCOME_TOO_MANY_REDIRECTS, message, NULL);
      return;
    }

  job->n_redirects++;
  g_hash_table_add (job->visited, g_strdup (target_string));
  job->only_permanent = job->only_permanent &&
                        (status == SOUP_STATUS_MOVED_PERMANENTLY ||
                         status == SOUP_STATUS_PERMANENT_REDIRECT);
  if (job->only_permanent)
    pn_set_str (&job->permanent_url, target_string);

  /* The redirect's own body is of no interest. */
  drop_hop (job, TRUE);
  release_slot (self, job);

  g_clear_pointer (&job->uri, g_uri_unref);
  job->uri = g_steal_pointer (&target);
  g_free (job->host);
  job->host = g_ascii_strdown (g_uri_get_host (job->uri), -1);

  enqueue (self, task);
  pump (self);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchJob *job = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  goffset length;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (object), res, &error);
  if (job->state != JOB_ACTIVE)
    return;

  if (stream == NULL)
    {
      finish_with_error (task, error);
      return;
    }

  job->stream = g_steal_pointer (&stream);
  clear_source_id (job->fetcher, &job->connect_timeout_id);
  touch (task);

  status = soup_message_get_status (job->message);
  if (is_redirect (status))
    {
      follow_redirect (task, status);
      return;
    }

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      /* No body: close normally so the connection is reused. */
      finish_response (task, PN_FETCH_OUTCOME_NOT_MODIFIED,
                       _("Unchanged since the last download"), NULL);
      return;
    }

  if (status == SOUP_STATUS_GONE)
    {
      message = g_strdup_printf (_("HTTP %u: the address is gone for good"), status);
      finish_response (task, PN_FETCH_OUTCOME_GONE, message, NULL);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      message = g_strdup_printf (_("HTTP %u: %s"), status,
                                 soup_message_get_reason_phrase (job->message) != NULL
                                   ? soup_message_get_reason_phrase (job->message)
                                   : soup_status_get_phrase (status));
      finish_response (task, PN_FETCH_OUTCOME_HTTP_ERROR, message, NULL);
      return;
    }

  /* Content-Length counts compressed bytes: it can only reject early, the
   * real cap is applied to what we read. */
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (job->message));
  if (soup_message_headers_get_encoding (soup_message_get_response_headers (job->message)) == SOUP_ENCODING_CONTENT_LENGTH &&
      length > 0 && (guint64) length > job->max_size)
    {
      finish_too_large (task);
      return;
    }

  job->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (job->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   job->hop_cancellable, read_cb, g_object_ref (task));
}

static SoupMessagePriority
soup_priority (int priority)
{
  if (priority < G_PRIORITY_DEFAULT)
    return SOUP_MESSAGE_PRIORITY_HIGH;
  if (priority > G_PRIORITY_DEFAULT)
    return SOUP_MESSAGE_PRIORITY_LOW;
  return SOUP_MESSAGE_PRIORITY_NORMAL;
}

static void
start_hop (GTask *task)
{
  FetchJob *job = g_task_get_task_data (task);
  PnFetcher *self = job->fetcher;
  SoupMessageHeaders *headers;

  g_assert (job->state == JOB_QUEUED);

  job->state = JOB_ACTIVE;
  set_host_active (self, job->host, host_active (self, job->host) + 1);
  self->n_active++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE]);

  if (job->request_timeout_id == 0)
    job->request_timeout_id = add_timeout (self, self->request_timeout_ms, request_timeout_cb, task);

  job->hop_cancellable = g_cancellable_new ();
  job->message = soup_message_new_from_uri (SOUP_METHOD_GET, job->uri);
  soup_message_add_flags (job->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_priority (job->message, soup_priority (job->request->priority));

  headers = soup_message_get_request_headers (job->message);
  soup_message_headers_replace (headers, "Accept",
                                job->request->accept != NULL ? job->request->accept : DEFAULT_ACCEPT);
  if (job->request->etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", job->request->etag);
  if (job->request->last_modified != NULL)
    soup_message_headers_replace (headers, "If-Modified-Since", job->request->last_modified);

  g_signal_connect_object (job->message, "network-event", G_CALLBACK (network_event_cb), task, 0);
  touch (task);

  soup_session_send_async (self->session, job->message, G_PRIORITY_DEFAULT,
                           job->hop_cancellable, sent_cb, g_object_ref (task));
}

/* Starts queued fetches while the limits allow, in queue order; a fetch whose
 * host is full waits without holding up fetches to other hosts.
 */
static void
pump (PnFetcher *self)
{
  GList *link = self->queue.head;
  gboolean changed = FALSE;

  while (link != NULL && self->n_active < self->max_conns)
    {
      GList *next = link->next;
      GTask *task = link->data;
      FetchJob *job = g_task_get_task_data (task);

      if (host_active (self, job->host) < self->max_conns_per_host)
        {
          g_queue_delete_link (&self->queue, link);
          changed = TRUE;
          start_hop (task);
          g_object_unref (task);
        }
      link = next;
    }

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_QUEUED]);
}

static void
pn_fetcher_constructed (GObject *object)
{
  PnFetcher *self = (PnFetcher *) object;

  G_OBJECT_CLASS (pn_fetcher_parent_class)->constructed (object);

  /* The session's own timeout is a backstop behind our idle timer. */
  self->session = soup_session_new_with_options ("max-conns", self->max_conns,
                                                 "max-conns-per-host", self->max_conns_per_host,
                                                 "user-agent", self->user_agent,
                                                 "timeout", timeout_seconds (self->idle_timeout_ms) + 1,
                                                 NULL);
  /* Compressed transfer (Accept-Encoding as libsoup can decode), no cookies:
   * feeds need none, and they would let sites follow the reader around. */
  if (!soup_session_has_feature (self->session, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_COOKIE_JAR);
}

static void
pn_fetcher_dispose (GObject *object)
{
  PnFetcher *self = (PnFetcher *) object;

  /* Queued and active fetches hold a reference to us (their task's source
   * object): by now there are none. */
  g_assert (self->queue.length == 0);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (pn_fetcher_parent_class)->dispose (object);
}

static void
pn_fetcher_finalize (GObject *object)
{
  PnFetcher *self = (PnFetcher *) object;

  g_clear_pointer (&self->active_per_host, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->user_agent, g_free);

  G_OBJECT_CLASS (pn_fetcher_parent_class)->finalize (object);
}

static void
pn_fetcher_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PnFetcher *self = PN_FETCHER (object);

  switch (prop_id)
    {
    case PROP_MAX_CONNS: g_value_set_uint (value, self->max_conns); break;
    case PROP_MAX_CONNS_PER_HOST: g_value_set_uint (value, self->max_conns_per_host); break;
    case PROP_CONNECT_TIMEOUT: g_value_set_uint (value, self->connect_timeout_ms); break;
    case PROP_IDLE_TIMEOUT: g_value_set_uint (value, self->idle_timeout_ms); break;
    case PROP_REQUEST_TIMEOUT: g_value_set_uint (value, self->request_timeout_ms); break;
    case PROP_MAX_SIZE: g_value_set_uint64 (value, self->max_size); break;
    case PROP_USER_AGENT: g_value_set_string (value, self->user_agent); break;
    case PROP_N_QUEUED: g_value_set_uint (value, self->queue.length); break;
    case PROP_N_ACTIVE: g_value_set_uint (value, self->n_active); break;
    case PROP_N_DONE: g_value_set_uint (value, self->n_done); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_fetcher_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PnFetcher *self = PN_FETCHER (object);

  switch (prop_id)
    {
    case PROP_MAX_CONNS: self->max_conns = g_value_get_uint (value); break;
    case PROP_MAX_CONNS_PER_HOST: self->max_conns_per_host = g_value_get_uint (value); break;
    case PROP_CONNECT_TIMEOUT: pn_fetcher_set_connect_timeout (self, g_value_get_uint (value)); break;
    case PROP_IDLE_TIMEOUT: pn_fetcher_set_idle_timeout (self, g_value_get_uint (value)); break;
    case PROP_REQUEST_TIMEOUT: pn_fetcher_set_request_timeout (self, g_value_get_uint (value)); break;
    case PROP_MAX_SIZE: pn_fetcher_set_max_size (self, g_value_get_uint64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_fetcher_class_init (PnFetcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = pn_fetcher_constructed;
  object_class->dispose = pn_fetcher_dispose;
  object_class->finalize = pn_fetcher_finalize;
  object_class->get_property = pn_fetcher_get_property;
  object_class->set_property = pn_fetcher_set_property;

  /* Construct-only, like SoupSession's own: the session is made with them. */
  properties[PROP_MAX_CONNS] =
    g_param_spec_uint ("max-conns", NULL, NULL, 1, 256,
                       PN_FETCHER_DEFAULT_MAX_CONNS, construct);
  properties[PROP_MAX_CONNS_PER_HOST] =
    g_param_spec_uint ("max-conns-per-host", NULL, NULL, 1, 256,
                       PN_FETCHER_DEFAULT_MAX_CONNS_PER_HOST, construct);
  /* Timeouts in milliseconds. */
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 1, G_MAXUINT,
                       PN_FETCHER_DEFAULT_CONNECT_TIMEOUT_MS, rw);
  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL, 1, G_MAXUINT,
                       PN_FETCHER_DEFAULT_IDLE_TIMEOUT_MS, rw);
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL, 1, G_MAXUINT,
                       PN_FETCHER_DEFAULT_REQUEST_TIMEOUT_MS, rw);
  properties[PROP_MAX_SIZE] =
    g_param_spec_uint64 ("max-size", NULL, NULL, 1, G_MAXUINT64,
                         PN_FETCHER_DEFAULT_MAX_SIZE, rw);
  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Progress, for progress bars: n-done counts the fetches finished since
   * the fetcher was last idle, so done / (done + active + queued) is the
   * current batch's fraction. */
  properties[PROP_N_QUEUED] = g_param_spec_uint ("n-queued", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_ACTIVE] = g_param_spec_uint ("n-active", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_DONE] = g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pn_fetcher_init (PnFetcher *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->user_agent = g_strdup_printf ("PrimeNews/%s (+%s)", PACKAGE_VERSION, PACKAGE_URL);
  self->active_per_host = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->max_conns = PN_FETCHER_DEFAULT_MAX_CONNS;
  self->max_conns_per_host = PN_FETCHER_DEFAULT_MAX_CONNS_PER_HOST;
  self->connect_timeout_ms = PN_FETCHER_DEFAULT_CONNECT_TIMEOUT_MS;
  self->idle_timeout_ms = PN_FETCHER_DEFAULT_IDLE_TIMEOUT_MS;
  self->request_timeout_ms = PN_FETCHER_DEFAULT_REQUEST_TIMEOUT_MS;
  self->max_size = PN_FETCHER_DEFAULT_MAX_SIZE;
  g_queue_init (&self->queue);
}

/* A fetcher that runs its fetches on the calling thread's main context. */
PnFetcher *
pn_fetcher_new (void)
{
  return g_object_new (PN_TYPE_FETCHER, NULL);
}

PnFetcher *
pn_fetcher_new_with_limits (guint max_conns,
                            guint max_conns_per_host)
{
  g_return_val_if_fail (max_conns > 0, NULL);
  g_return_val_if_fail (max_conns_per_host > 0, NULL);

  return g_object_new (PN_TYPE_FETCHER,
                       "max-conns", max_conns,
                       "max-conns-per-host", max_conns_per_host,
                       NULL);
}

guint
pn_fetcher_get_max_conns (PnFetcher *self)
{
  g_return_val_if_fail (PN_IS_FETCHER (self), 0);
  return self->max_conns;
}

guint
pn_fetcher_get_max_conns_per_host (PnFetcher *self)
{
  g_return_val_if_fail (PN_IS_FETCHER (self), 0);
  return self->max_conns_per_host;
}

static void
set_uint_property (PnFetcher *self,
                   guint     *field,
                   guint      value,
                   guint      prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

guint
pn_fetcher_get_connect_timeout (PnFetcher *self)
{
  g_return_val_if_fail (PN_IS_FETCHER (self), 0);
  return self->connect_timeout_ms;
}

/* Applies to connections made from now on. */
void
pn_fetcher_set_connect_timeout (PnFetcher *self,
                                guint      timeout_ms)
{
  g_return_if_fail (PN_IS_FETCHER (self));
  g_return_if_fail (timeout_ms > 0);

  set_uint_property (self, &self->connect_timeout_ms, timeout_ms, PROP_CONNECT_TIMEOUT);
}

guint
pn_fetcher_get_idle_timeout (PnFetcher *self)
{
  g_return_val_if_fail (PN_IS_FETCHER (self), 0);
  return self->idle_timeout_ms;
}

/* How long a server may stay silent, waiting for the response or between
 * two pieces of the body. */
void
pn_fetcher_set_idle_timeout (PnFetcher *self,
                             guint      timeout_ms)
{
  g_return_if_fail (PN_IS_FETCHER (self));
  g_return_if_fail (timeout_ms > 0);

  set_uint_property (self, &self->idle_timeout_ms, timeout_ms, PROP_IDLE_TIMEOUT);
  if (self->session != NULL)
    soup_session_set_timeout (self->session, timeout_seconds (timeout_ms) + 1);
}

guint
pn_fetcher_get_request_timeout (PnFetcher *self)
{
  g_return_val_if_fail (PN_IS_FETCHER (self), 0);
  return self->request_timeout_ms;
}

/* The most a whole fetch may take once started, redirects included. */
void
pn_fetcher_set_request_timeout (PnFetcher *self,
                                guint      timeout_ms)
{
  g_return_if_fail (PN_IS_FETCHER (self));
  g_return_if_fail (timeout_ms > 0);

  set_uint_property (self, &self->request_timeout_ms, timeout_ms, PROP_REQUEST_TIMEOUT);
}

guint64
pn_fetcher_get_max_size (PnFetcher *self)
{
  g_return_val_if_fail (PN_IS_FETCHER (self), 0);
  return self->max_size;
}

/* The default body cap, in decompressed bytes; a request may set its own. */
void
pn_fetcher_set_max_size (PnFetcher *self,
                         guint64    max_size)
{
  g_return_if_fail (PN_IS_FETCHER (self));
  g_return_if_fail (max_size > 0);

  if (self->max_size == max_size)
    return;
  self->max_size = max_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_SIZE]);
}

const char *
pn_fetcher_get_user_agent (PnFetcher *self)
{
  g_return_val_if_fail (PN_IS_FETCHER (self), NULL);
  return self->user_agent;
}

guint
pn_fetcher_get_n_queued (PnFetcher *self)
{
  g_return_val_if_fail (PN_IS_FETCHER (self), 0);
  return self->queue.length;
}

guint
pn_fetcher_get_n_active (PnFetcher *self)
{
  g_return_val_if_fail (PN_IS_FETCHER (self), 0);
  return self->n_active;
}

guint
pn_fetcher_get_n_done (PnFetcher *self)
{
  g_return_val_if_fail (PN_IS_FETCHER (self), 0);
  return self->n_done;
}

/* Fetches @request's URL. Every outcome — success, HTTP error, network
 * failure, timeout, too large — is a PnFetchResult; the only GError is
 * G_IO_ERROR_CANCELLED when @cancellable was cancelled. Must be called on
 * the thread that made the fetcher.
 */
void
pn_fetcher_fetch_async (PnFetcher            *self,
                        const PnFetchRequest *request,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *message = NULL;
  FetchJob *job;

  g_return_if_fail (PN_IS_FETCHER (self));
  g_return_if_fail (request != NULL && request->url != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pn_fetcher_fetch_async);
  g_task_set_priority (task, request->priority);

  job = g_new0 (FetchJob, 1);
  job->fetcher = self;
  job->request = pn_fetch_request_copy (request);
  job->sequence = self->next_sequence++;
  job->max_size = request->max_size > 0 ? request->max_size : self->max_size;
  job->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->only_permanent = TRUE;
  job->state = JOB_QUEUED;
  g_task_set_task_data (task, job, (GDestroyNotify) fetch_job_free);

  job->uri = g_uri_parse (request->url, SOUP_HTTP_URI_FLAGS, NULL);
  if (job->uri == NULL || !is_web_uri (job->uri))
    {
      g_clear_pointer (&job->uri, g_uri_unref);
      message = g_strdup_printf (_("“%s” is not a web address"), request->url);
      g_task_return_pointer (task, make_result (job, PN_FETCH_OUTCOME_INVALID_URL, message),
                             g_object_unref);
      job->state = JOB_DONE;
      return;
    }
  job->host = g_ascii_strdown (g_uri_get_host (job->uri), -1);
  g_hash_table_add (job->visited, g_uri_to_string_partial (job->uri, G_URI_HIDE_FRAGMENT));

  enqueue (self, task);
  if (cancellable != NULL)
    job->user_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb), task, NULL);
  pump (self);
}

PnFetchResult *
pn_fetcher_fetch_finish (PnFetcher     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (PN_IS_FETCHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pn_fetcher_fetch_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
