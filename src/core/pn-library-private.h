/* pn-library-private.h — test hooks of PnLibrary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-library.h"

G_BEGIN_DECLS

/* Every following write fails with this errno (0 turns it off): the
 * "full disk" that tests cannot otherwise create without root.
 */
void  _pn_library_set_write_errno (int        errno_code);
/* Runs the coalesced save now instead of after the delay. */
void  _pn_library_save_now        (PnLibrary *self);
guint _pn_library_get_n_dirty     (PnLibrary *self);

G_END_DECLS
