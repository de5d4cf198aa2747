/* pn-core.h — the one header the UI, the CLI and the tests include
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-types.h"
#include "pn-error.h"
#include "pn-util.h"
#include "pn-person.h"
#include "pn-enclosure.h"
#include "pn-source.h"
#include "pn-story.h"
#include "pn-annotation.h"
#include "pn-collection.h"
#include "pn-html-sanitizer.h"
#include "pn-document.h"
#include "pn-date.h"
#include "pn-feed.h"
#include "pn-feed-parser.h"
#include "pn-anchor.h"
#include "pn-story-text.h"
#include "pn-store-json.h"
#include "pn-library.h"
#include "pn-url.h"
#include "pn-fetch-request.h"
#include "pn-fetch-result.h"
#include "pn-fetch-policy.h"
#include "pn-fetcher.h"
#include "pn-discovery.h"
#include "pn-refresher.h"
#include "pn-opml.h"
#include "pn-exporter.h"
#include "pn-json-import.h"
