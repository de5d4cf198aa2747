/* pn-types.h — forward declarations and enums shared across the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _PnAnnotation PnAnnotation;
typedef struct _PnCollection PnCollection;
typedef struct _PnEnclosure  PnEnclosure;
typedef struct _PnPerson     PnPerson;
typedef struct _PnSource     PnSource;
typedef struct _PnStory      PnStory;

G_END_DECLS
