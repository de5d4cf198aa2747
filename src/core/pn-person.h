/* pn-person.h — an author or contributor of a feed or story
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pn-types.h"

G_BEGIN_DECLS

#define PN_TYPE_PERSON (pn_person_get_type ())

struct _PnPerson
{
  char *name;
  char *email;
  char *uri;
};

GType     pn_person_get_type     (void) G_GNUC_CONST;
PnPerson *pn_person_new          (const char     *name,
                                  const char     *email,
                                  const char     *uri);
PnPerson *pn_person_copy         (const PnPerson *person);
void      pn_person_free         (PnPerson       *person);
char     *pn_person_dup_display  (const PnPerson *person);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PnPerson, pn_person_free)

G_END_DECLS
