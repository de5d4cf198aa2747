/* pn-person.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pn-person.h"

G_DEFINE_BOXED_TYPE (PnPerson, pn_person, pn_person_copy, pn_person_free)

PnPerson *
pn_person_new (const char *name,
               const char *email,
               const char *uri)
{
  PnPerson *person = g_new0 (PnPerson, 1);

  person->name = g_strdup (name);
  person->email = g_strdup (email);
  person->uri = g_strdup (uri);
  return person;
}

PnPerson *
pn_person_copy (const PnPerson *person)
{
  g_return_val_if_fail (person != NULL, NULL);

  return pn_person_new (person->name, person->email, person->uri);
}

void
pn_person_free (PnPerson *person)
{
  if (person == NULL)
    return;

  g_free (person->name);
  g_free (person->email);
  g_free (person->uri);
  g_free (person);
}

/* What a byline shows: the name, else the e-mail address, else the URI. */
char *
pn_person_dup_display (const PnPerson *person)
{
  g_return_val_if_fail (person != NULL, NULL);

  if (person->name != NULL && *person->name != '\0')
    return g_strdup (person->name);
  if (person->email != NULL && *person->email != '\0')
    return g_strdup (person->email);
  return g_strdup (person->uri);
}
