/* pn-error.h — the error domain for failures a user can meet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PN_ERROR (pn_error_quark ())

typedef enum
{
  PN_ERROR_FAILED,
  PN_ERROR_INVALID_ARGUMENT,
  PN_ERROR_NOT_FOUND,
  PN_ERROR_EXISTS,
  PN_ERROR_NOT_A_FEED,
  PN_ERROR_TOO_LARGE,
  PN_ERROR_NO_ARTICLE,
  PN_ERROR_CORRUPT,
  PN_ERROR_READ_ONLY,
  PN_ERROR_LOCKED,
} PnError;

GQuark pn_error_quark (void);

G_END_DECLS
