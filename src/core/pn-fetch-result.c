/* pn-fetch-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-fetch-result"

#include "pn-fetch-result.h"

struct _PnFetchResult
{
  GObject         parent_instance;

  PnFetchOutcome  outcome;
  char           *message;
  char           *url;
  char           *final_url;
  char           *permanent_url;
  guint           status;
  char           *reason;
  char           *etag;
  char           *last_modified;
  gint64          retry_after;
  char           *content_type;
  GBytes         *body;
};

G_DEFINE_FINAL_TYPE (PnFetchResult, pn_fetch_result, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PnFetchOutcome, pn_fetch_outcome,
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_OK, "ok"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_NOT_MODIFIED, "not-modified"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_GONE, "gone"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_HTTP_ERROR, "http-error"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_TIMEOUT, "timeout"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_DNS_ERROR, "dns-error"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_CONNECTION_REFUSED, "connection-refused"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_CONNECTION_RESET, "connection-reset"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_TLS_ERROR, "tls-error"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_TOO_LARGE, "too-large"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_REDIRECT_LOOP, "redirect-loop"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_TOO_MANY_REDIRECTS, "too-many-redirects"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_INVALID_URL, "invalid-url"),
  G_DEFINE_ENUM_VALUE (PN_FETCH_OUTCOME_NETWORK_ERROR, "network-error"))

enum {
  PROP_0,
  PROP_OUTCOME,
  PROP_CODE,
  PROP_MESSAGE,
  PROP_URL,
  PROP_FINAL_URL,
  PROP_PERMANENT_URL,
  PROP_STATUS,
  PROP_REASON,
  PROP_ETAG,
  PROP_LAST_MODIFIED,
  PROP_RETRY_AFTER,
  PROP_CONTENT_TYPE,
  PROP_BODY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pn_fetch_result_finalize (GObject *object)
{
  PnFetchResult *self = (PnFetchResult *) object;

  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->final_url, g_free);
  g_clear_pointer (&self->permanent_url, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->last_modified, g_free);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->body, g_bytes_unref);

  G_OBJECT_CLASS (pn_fetch_result_parent_class)->finalize (object);
}

static void
pn_fetch_result_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PnFetchResult *self = PN_FETCH_RESULT (object);

  switch (prop_id)
    {
    case PROP_OUTCOME: g_value_set_enum (value, self->outcome); break;
    case PROP_CODE: g_value_set_string (value, pn_fetch_result_get_code (self)); break;
    case PROP_MESSAGE: g_value_set_string (value, self->message); break;
    case PROP_URL: g_value_set_string (value, self->url); break;
    case PROP_FINAL_URL: g_value_set_string (value, self->final_url); break;
    case PROP_PERMANENT_URL: g_value_set_string (value, self->permanent_url); break;
    case PROP_STATUS: g_value_set_uint (value, self->status); break;
    case PROP_REASON: g_value_set_string (value, self->reason); break;
    case PROP_ETAG: g_value_set_string (value, self->etag); break;
    case PROP_LAST_MODIFIED: g_value_set_string (value, self->last_modified); break;
    case PROP_RETRY_AFTER: g_value_set_int64 (value, self->retry_after); break;
    case PROP_CONTENT_TYPE: g_value_set_string (value, self->content_type); break;
    case PROP_BODY: g_value_set_boxed (value, self->body); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_fetch_result_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PnFetchResult *self = PN_FETCH_RESULT (object);

  switch (prop_id)
    {
    case PROP_OUTCOME: self->outcome = g_value_get_enum (value); break;
    case PROP_MESSAGE: self->message = g_value_dup_string (value); break;
    case PROP_URL: self->url = g_value_dup_string (value); break;
    case PROP_FINAL_URL: self->final_url = g_value_dup_string (value); break;
    case PROP_PERMANENT_URL: self->permanent_url = g_value_dup_string (value); break;
    case PROP_STATUS: self->status = g_value_get_uint (value); break;
    case PROP_REASON: self->reason = g_value_dup_string (value); break;
    case PROP_ETAG: self->etag = g_value_dup_string (value); break;
    case PROP_LAST_MODIFIED: self->last_modified = g_value_dup_string (value); break;
    case PROP_RETRY_AFTER: self->retry_after = g_value_get_int64 (value); break;
    case PROP_CONTENT_TYPE: self->content_type = g_value_dup_string (value); break;
    case PROP_BODY: self->body = g_value_dup_boxed (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_fetch_result_class_init (PnFetchResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pn_fetch_result_finalize;
  object_class->get_property = pn_fetch_result_get_property;
  object_class->set_property = pn_fetch_result_set_property;

  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL, PN_TYPE_FETCH_OUTCOME,
                       PN_FETCH_OUTCOME_OK, construct);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, construct);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, construct);
  properties[PROP_FINAL_URL] = g_param_spec_string ("final-url", NULL, NULL, NULL, construct);
  properties[PROP_PERMANENT_URL] =
    g_param_spec_string ("permanent-url", NULL, NULL, NULL, construct);
  properties[PROP_STATUS] = g_param_spec_uint ("status", NULL, NULL, 0, 999, 0, construct);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, construct);
  properties[PROP_ETAG] = g_param_spec_string ("etag", NULL, NULL, NULL, construct);
  properties[PROP_LAST_MODIFIED] =
    g_param_spec_string ("last-modified", NULL, NULL, NULL, construct);
  properties[PROP_RETRY_AFTER] =
    g_param_spec_int64 ("retry-after", NULL, NULL, -1, G_MAXINT64, -1, construct);
  properties[PROP_CONTENT_TYPE] =
    g_param_spec_string ("content-type", NULL, NULL, NULL, construct);
  properties[PROP_BODY] = g_param_spec_boxed ("body", NULL, NULL, G_TYPE_BYTES, construct);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pn_fetch_result_init (PnFetchResult *self)
{
  self->retry_after = -1;
}

const char *
pn_fetch_outcome_to_code (PnFetchOutcome outcome)
{
  GEnumClass *klass = g_type_class_ref (PN_TYPE_FETCH_OUTCOME);
  GEnumValue *value = g_enum_get_value (klass, outcome);

  g_type_class_unref (klass);
  g_return_val_if_fail (value != NULL, NULL);
  /* Nicks live in static storage, so they outlive the class reference. */
  return value->value_nick;
}

PnFetchOutcome
pn_fetch_result_get_outcome (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), PN_FETCH_OUTCOME_NETWORK_ERROR);
  return self->outcome;
}

/* The machine code, e.g. "not-modified" or "timeout". */
const char *
pn_fetch_result_get_code (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), NULL);
  return pn_fetch_outcome_to_code (self->outcome);
}

/* A sentence for people, already translated. */
const char *
pn_fetch_result_get_message (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), NULL);
  return self->message;
}

/* TRUE for the outcomes that mean "the feed is fine": OK and NOT_MODIFIED. */
gboolean
pn_fetch_result_is_success (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), FALSE);
  return self->outcome == PN_FETCH_OUTCOME_OK ||
         self->outcome == PN_FETCH_OUTCOME_NOT_MODIFIED;
}

/* The URL that was requested. */
const char *
pn_fetch_result_get_url (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), NULL);
  return self->url;
}

/* The URL the body came from, after redirects. */
const char *
pn_fetch_result_get_final_url (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), NULL);
  return self->final_url;
}

/* Where the feed moved to for good: the last URL reached through permanent
 * redirects (301/308) only, from the requested URL on; NULL when none.
 */
const char *
pn_fetch_result_get_permanent_url (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), NULL);
  return self->permanent_url;
}

/* The HTTP status of the last response, 0 when none arrived. */
guint
pn_fetch_result_get_status (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), 0);
  return self->status;
}

const char *
pn_fetch_result_get_reason (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), NULL);
  return self->reason;
}

const char *
pn_fetch_result_get_etag (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), NULL);
  return self->etag;
}

const char *
pn_fetch_result_get_last_modified (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), NULL);
  return self->last_modified;
}

/* Seconds the server asked us to wait (Retry-After), -1 when it did not. */
gint64
pn_fetch_result_get_retry_after (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), -1);
  return self->retry_after;
}

const char *
pn_fetch_result_get_content_type (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), NULL);
  return self->content_type;
}

/* The decompressed body; NULL unless the outcome is OK. */
GBytes *
pn_fetch_result_get_body (PnFetchResult *self)
{
  g_return_val_if_fail (PN_IS_FETCH_RESULT (self), NULL);
  return self->body;
}
