/* fuzz-feed-parser.c — libFuzzer target for the feed parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Crashers go to tests/fuzz/corpus/feed-parser/, which test-feed-parser
 * replays in every normal test run.
 */
#include <stdint.h>

#include "pn-core.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(PnFeed) feed = NULL;

  pn_feed_detect_format ((const char *) data, size);
  feed = pn_feed_parse (bytes, "https://fuzz.example/feed/", "fuzz", &error);
  if (feed != NULL)
    {
      g_autoptr(JsonNode) node = pn_feed_to_json_node (feed);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *json = NULL;

      json_generator_set_root (generator, node);
      json = json_generator_to_data (generator, NULL);
    }
  return 0;
}
