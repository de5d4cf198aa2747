/* pn-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pn-format.h"

/* "Just now", "5 min ago", "3 hours ago", "Yesterday", a weekday within the
 * week, then a date. @now is a parameter so that lists format every row
 * against one instant, and tests can pin it; its time zone is the one the
 * days are counted in (the local one, for people), so that a list of
 * hundreds of rows looks the local zone up once, not once a row.
 */
char *
pn_format_relative_date (GDateTime *date,
                         GDateTime *now)
{
  g_autoptr(GDateTime) local_date = NULL;
  g_autoptr(GDateTime) today = NULL;
  GTimeSpan age;
  int days_ago;

  g_return_val_if_fail (now != NULL, NULL);

  if (date == NULL)
    return g_strdup ("");

  age = g_date_time_difference (now, date);

  /* A feed whose clock runs ahead of ours is still "just now", not the future. */
  if (age < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));

  if (age < G_TIME_SPAN_HOUR)
    {
      int minutes = age / G_TIME_SPAN_MINUTE;
      return g_strdup_printf (ngettext ("%d min ago", "%d min ago", minutes), minutes);
    }

  if (age < 12 * G_TIME_SPAN_HOUR)
    {
      int hours = age / G_TIME_SPAN_HOUR;
      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", hours), hours);
    }

  local_date = g_date_time_to_timezone (date, g_date_time_get_timezone (now));
  today = g_date_time_new (g_date_time_get_timezone (now),
                           g_date_time_get_year (now),
                           g_date_time_get_month (now),
                           g_date_time_get_day_of_month (now), 0, 0, 0);

  if (g_date_time_compare (local_date, today) >= 0)
    {
      int hours = age / G_TIME_SPAN_HOUR;
      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", hours), hours);
    }

  days_ago = (g_date_time_difference (today, local_date) / G_TIME_SPAN_DAY) + 1;

  if (days_ago == 1)
    return g_strdup (_("Yesterday"));

  if (days_ago < 7)
    /* Translators: a weekday, see the strftime manual */
    return g_date_time_format (local_date, _("%A"));

  if (g_date_time_get_year (local_date) == g_date_time_get_year (now))
    /* Translators: a day and month, see the strftime manual */
    return g_date_time_format (local_date, _("%-d %b"));

  /* Translators: a full date, see the strftime manual */
  return g_date_time_format (local_date, _("%-d %b %Y"));
}

/* The current time in the local time zone, for pn_format_relative_date().
 * Finding the local zone reads the link /etc/localtime each time: a list
 * that binds hundreds of rows looks it up once a second at most. Main
 * thread only.
 */
GDateTime *
pn_format_dup_local_now (void)
{
  static GTimeZone *zone;
  static gint64 zone_found_at;
  gint64 now = g_get_monotonic_time ();

  if (zone == NULL || now - zone_found_at > G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      zone_found_at = now;
    }
  return g_date_time_new_now (zone);
}

static const struct {
  const char *name;
  const char *text;
} entities[] = {
  { "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" },
  { "#39;", "'" }, { "apos;", "'" }, { "nbsp;", " " },
};

static const char * const inline_tags[] = {
  "a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span",
  "strong", "sub", "sup", "time", "u",
};

static gboolean
is_inline_tag (const char *name)
{
  gsize length;

  if (*name == '/')
    name++;
  length = strcspn (name, " \t\n/>");

  for (guint i = 0; i < G_N_ELEMENTS (inline_tags); i++)
    {
      if (strlen (inline_tags[i]) == length && g_ascii_strncasecmp (name, inline_tags[i], length) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The first words of a story for its headline row: tags dropped (quoted
 * attribute values may hold a '>'), the entities the sanitizer writes
 * decoded, white space collapsed.
 */
char *
pn_format_excerpt (const char *html,
                   guint       max_chars)
{
  GString *excerpt;
  gboolean in_tag = FALSE;
  gboolean inline_tag = FALSE;
  char quote = 0;
  gboolean pending_space = FALSE;
  guint n_chars = 0;

  if (html == NULL)
    return g_strdup ("");

  excerpt = g_string_sized_new (MIN (strlen (html), max_chars * 2));

  for (const char *p = html; *p != '\0' && n_chars < max_chars; )
    {
      const char *text = NULL;
      gsize skip = 1;

      if (in_tag)
        {
          if (quote != 0)
            quote = *p == quote ? 0 : quote;
          else if (*p == '"' || *p == '\'')
            quote = *p;
          else if (*p == '>')
            {
              in_tag = FALSE;
              /* "<b>Sunday</b>." reads "Sunday.", "</p><p>" a space. */
              if (!inline_tag)
                pending_space = excerpt->len > 0;
            }
          p++;
          continue;
        }

      if (*p == '<')
        {
          in_tag = TRUE;
          inline_tag = is_inline_tag (p + 1);
          p++;
          continue;
        }

      if (*p == '&')
        {
          for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
            {
              if (g_str_has_prefix (p + 1, entities[i].name))
                {
                  text = entities[i].text;
                  skip = 1 + strlen (entities[i].name);
                  break;
                }
            }
        }

      if (text == NULL && g_ascii_isspace (*p))
        {
          pending_space = excerpt->len > 0;
          p++;
          continue;
        }

      if (pending_space)
        {
          g_string_append_c (excerpt, ' ');
          n_chars++;
          pending_space = FALSE;
        }

      if (text != NULL)
        {
          g_string_append (excerpt, text);
          n_chars++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          g_string_append_len (excerpt, p, next - p);
          n_chars++;
          skip = next - p;
        }
      p += skip;
    }

  /* A cut in the middle of a tag or an invalid byte never reaches a label. */
  if (!g_utf8_validate (excerpt->str, excerpt->len, NULL))
    {
      char *valid = g_utf8_make_valid (excerpt->str, excerpt->len);
      g_string_free (excerpt, TRUE);
      return valid;
    }

  return g_string_free (excerpt, FALSE);
}
