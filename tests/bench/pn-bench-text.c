/* pn-bench-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-bench-text.h"

static const char * const words[] = {
  "government", "minister", "market", "election", "climate", "research", "city",
  "council", "report", "energy", "football", "season", "record", "company",
  "shares", "court", "ruling", "health", "hospital", "school", "students",
  "police", "investigation", "storm", "flood", "festival", "museum", "launch",
  "satellite", "budget", "inflation", "trade", "agreement", "talks", "summit",
  "the", "a", "of", "and", "in", "on", "for", "with", "after", "before", "said",
};

/* Appends @count words drawn from @rand, separated by spaces. */
void
pn_bench_append_words (GString *text,
                       GRand   *rand,
                       guint    count)
{
  for (guint i = 0; i < count; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
}
