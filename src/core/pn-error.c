/* pn-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-error.h"

G_DEFINE_QUARK (pn-error-quark, pn_error)
