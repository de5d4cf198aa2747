/* pn-sample.h — the built-in "Prime News" source shown on first launch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-core.h"

G_BEGIN_DECLS

#define PN_SAMPLE_SOURCE_URL "resource:///io/github/primenews/PrimeNews/sample/prime-news-sample.xml"

gboolean pn_sample_add_to_library (PnLibrary  *library,
                                   GError    **error);

G_END_DECLS
