/* pn-image-loader.c
 *
 * Images come through the app's one fetcher (same limits, same politeness,
 * a size cap) and land in the cache folder under a hash of their address,
 * so a story opened again shows its images without the network. Decoding
 * happens in a worker thread. Only http(s) and raster data: URLs (the ones
 * the sanitizer lets through) are loaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-image-loader"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "pn-image-loader.h"

#define MAX_IMAGE_SIZE (8 * 1024 * 1024)
#define MAX_TEXTURES   256

struct _PnImageLoader
{
  GObject     parent_instance;

  PnFetcher  *fetcher;
  char       *cache_dir;
  /* url → GdkTexture, the images decoded this session */
  GHashTable *textures;
};

G_DEFINE_FINAL_TYPE (PnImageLoader, pn_image_loader, G_TYPE_OBJECT)

typedef struct
{
  char   *url;
  char   *cache_path;
  GBytes *bytes;
  /* Fresh from the network: written to the cache once decoded. */
  gboolean store;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->url);
  g_free (job->cache_path);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

static void
decode_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  GdkTexture *texture;

  if (job->bytes == NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (job->cache_path);

      job->bytes = g_file_load_bytes (file, cancellable, NULL, &error);
      if (job->bytes == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  texture = gdk_texture_new_from_bytes (job->bytes, &error);
  if (texture == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The cache is a convenience: failing to write it costs a refetch. */
  if (job->store && job->cache_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (job->cache_path);

      if (g_mkdir_with_parents (dir, 0700) != 0 ||
          !g_file_set_contents (job->cache_path, g_bytes_get_data (job->bytes, NULL),
                                g_bytes_get_size (job->bytes), NULL))
        g_debug ("Could not cache %s", job->url);
    }

  g_task_return_pointer (task, texture, g_object_unref);
}

static void
decoded_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PnImageLoader *self = g_task_get_source_object (task);
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  GdkTexture *texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (texture == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_hash_table_size (self->textures) >= MAX_TEXTURES)
    g_hash_table_remove_all (self->textures);
  g_hash_table_insert (self->textures, g_strdup (job->url), g_object_ref (texture));
  g_task_return_pointer (task, texture, g_object_unref);
}

static void
pn_image_loader_decode (PnImageLoader *self,
                        GTask         *task,
                        LoadJob       *job)
{
  GTask *decode = g_task_new (self, g_task_get_cancellable (task), decoded_cb, task);

  g_task_set_source_tag (decode, pn_image_loader_decode);
  g_task_set_task_data (decode, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (decode, decode_in_thread);
  g_object_unref (decode);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  PnImageLoader *self = g_task_get_source_object (task);
  LoadJob *job = g_task_get_task_data (task);
  g_autoptr(PnFetchResult) fetched = NULL;
  GError *error = NULL;
  LoadJob *decode_job;

  fetched = pn_fetcher_fetch_finish (PN_FETCHER (object), result, &error);
  if (fetched == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (pn_fetch_result_get_outcome (fetched) != PN_FETCH_OUTCOME_OK)
    {
      g_task_return_new_error (task, PN_ERROR, PN_ERROR_FAILED, "%s",
                               pn_fetch_result_get_message (fetched));
      g_object_unref (task);
      return;
    }

  decode_job = g_new0 (LoadJob, 1);
  decode_job->url = g_strdup (job->url);
  decode_job->cache_path = g_strdup (job->cache_path);
  decode_job->bytes = g_bytes_ref (pn_fetch_result_get_body (fetched));
  decode_job->store = TRUE;
  pn_image_loader_decode (self, task, decode_job);
}

static void
pn_image_loader_dispose (GObject *object)
{
  PnImageLoader *self = (PnImageLoader *) object;

  g_clear_object (&self->fetcher);
  g_clear_pointer (&self->textures, g_hash_table_unref);

  G_OBJECT_CLASS (pn_image_loader_parent_class)->dispose (object);
}

static void
pn_image_loader_finalize (GObject *object)
{
  PnImageLoader *self = (PnImageLoader *) object;

  g_free (self->cache_dir);

  G_OBJECT_CLASS (pn_image_loader_parent_class)->finalize (object);
}

static void
pn_image_loader_class_init (PnImageLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pn_image_loader_dispose;
  object_class->finalize = pn_image_loader_finalize;
}

static void
pn_image_loader_init (PnImageLoader *self)
{
  self->textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* @cache_dir: the app's cache folder; images go in its images/ folder */
PnImageLoader *
pn_image_loader_new (PnFetcher  *fetcher,
                     const char *cache_dir)
{
  PnImageLoader *self;

  g_return_val_if_fail (PN_IS_FETCHER (fetcher), NULL);
  g_return_val_if_fail (cache_dir != NULL, NULL);

  self = g_object_new (PN_TYPE_IMAGE_LOADER, NULL);
  self->fetcher = g_object_ref (fetcher);
  self->cache_dir = g_build_filename (cache_dir, "images", NULL);
  return self;
}

void
pn_image_loader_load_async (PnImageLoader       *self,
                            const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *hash = NULL;
  GdkTexture *texture;
  LoadJob *job;

  g_return_if_fail (PN_IS_IMAGE_LOADER (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pn_image_loader_load_async);

  texture = g_hash_table_lookup (self->textures, url);
  if (texture != NULL)
    {
      g_task_return_pointer (task, g_object_ref (texture), g_object_unref);
      return;
    }

  job = g_new0 (LoadJob, 1);
  job->url = g_strdup (url);

  if (g_str_has_prefix (url, "data:image/"))
    {
      job->bytes = soup_uri_decode_data_uri (url, NULL);
      if (job->bytes == NULL)
        {
          load_job_free (job);
          g_task_return_new_error (task, PN_ERROR, PN_ERROR_INVALID_ARGUMENT,
                                   _("The embedded image cannot be read"));
          return;
        }
      pn_image_loader_decode (self, g_steal_pointer (&task), job);
      return;
    }

  if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      load_job_free (job);
      g_task_return_new_error (task, PN_ERROR, PN_ERROR_INVALID_ARGUMENT,
                               _("Images are only loaded from the web"));
      return;
    }

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  job->cache_path = g_build_filename (self->cache_dir, hash, NULL);

  if (g_file_test (job->cache_path, G_FILE_TEST_IS_REGULAR))
    {
      pn_image_loader_decode (self, g_steal_pointer (&task), job);
      return;
    }

  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  {
    g_autoptr(PnFetchRequest) request = pn_fetch_request_new (url);

    request->accept = g_strdup ("image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8");
    request->max_size = MAX_IMAGE_SIZE;
    request->priority = G_PRIORITY_LOW;
    pn_fetcher_fetch_async (self->fetcher, request, cancellable, fetched_cb, g_steal_pointer (&task));
  }
}

GdkTexture *
pn_image_loader_load_finish (PnImageLoader  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (PN_IS_IMAGE_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
