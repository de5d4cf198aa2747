/* pn-date.c — RFC 822 and ISO 8601 dates as feeds really write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-date"

#include "pn-date.h"

#include <string.h>

typedef struct
{
  const char *name;
  int         minutes;
} ZoneName;

/* Named zones seen in feeds. The military letters follow the nautical
 * convention (A = UTC+1 … M = UTC+12, N = UTC−1 … Y = UTC−12): RFC 822 printed
 * them with the signs reversed, which RFC 1123 acknowledged as an error.
 */
static const ZoneName zone_names[] = {
  { "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 }, { "WET", 0 },
  { "EST", -5 * 60 }, { "EDT", -4 * 60 }, { "CST", -6 * 60 }, { "CDT", -5 * 60 },
  { "MST", -7 * 60 }, { "MDT", -6 * 60 }, { "PST", -8 * 60 }, { "PDT", -7 * 60 },
  { "AKST", -9 * 60 }, { "AKDT", -8 * 60 }, { "HST", -10 * 60 }, { "AST", -4 * 60 },
  { "ADT", -3 * 60 }, { "NST", -3 * 60 - 30 }, { "NDT", -2 * 60 - 30 },
  { "BST", 60 }, { "IST", 5 * 60 + 30 }, { "CET", 60 }, { "CEST", 2 * 60 },
  { "MET", 60 }, { "MEST", 2 * 60 }, { "WEST", 60 }, { "EET", 2 * 60 }, { "EEST", 3 * 60 },
  { "MSK", 3 * 60 }, { "JST", 9 * 60 }, { "KST", 9 * 60 }, { "HKT", 8 * 60 },
  { "SGT", 8 * 60 }, { "AWST", 8 * 60 }, { "ACST", 9 * 60 + 30 }, { "ACDT", 10 * 60 + 30 },
  { "AEST", 10 * 60 }, { "AEDT", 11 * 60 }, { "NZST", 12 * 60 }, { "NZDT", 13 * 60 },
};

static const char * const month_names[] = {
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
};

static const char * const day_names[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

typedef struct
{
  int year, month, day;
  int hour, minute;
  double seconds;
  int offset_minutes;
} DateParts;

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Builds the UTC instant, rejecting impossible calendar values instead of
 * letting GDateTime wrap them around.
 */
static GDateTime *
make_date (const DateParts *parts)
{
  g_autoptr(GDateTime) local = NULL;
  double seconds = parts->seconds;

  if (parts->year < 1 || parts->year > 9999 || parts->month < 1 || parts->month > 12)
    return NULL;
  if (parts->day < 1 || parts->day > g_date_get_days_in_month (parts->month, parts->year))
    return NULL;
  if (parts->hour < 0 || parts->hour > 23 || parts->minute < 0 || parts->minute > 59)
    return NULL;
  if (seconds < 0 || seconds >= 61)
    return NULL;
  /* A leap second is folded into the second before it. */
  if (seconds >= 60)
    seconds = 59;
  if (ABS (parts->offset_minutes) > 18 * 60)
    return NULL;

  local = g_date_time_new_utc (parts->year, parts->month, parts->day,
                               parts->hour, parts->minute, seconds);
  if (local == NULL)
    return NULL;
  return g_date_time_add_minutes (local, -parts->offset_minutes);
}

static gboolean
read_digits (const char **p,
             int          min_count,
             int          max_count,
             int         *value)
{
  const char *s = *p;
  int count = 0;
  int v = 0;

  while (count < max_count && g_ascii_isdigit (s[count]))
    {
      v = v * 10 + (s[count] - '0');
      count++;
    }
  if (count < min_count)
    return FALSE;
  *value = v;
  *p = s + count;
  return TRUE;
}

/* "+0530", "-05:00", "+05", "Z" — returns FALSE when @p does not hold one. */
static gboolean
read_numeric_zone (const char **p,
                   int         *minutes)
{
  const char *s = *p;
  int sign, hours = 0, mins = 0;

  if (*s != '+' && *s != '-')
    return FALSE;
  sign = *s == '-' ? -1 : 1;
  s++;
  if (!read_digits (&s, 2, 2, &hours))
    {
      /* "GMT-5" and "UTC+1" appear with one-digit hours. */
      if (!read_digits (&s, 1, 1, &hours))
        return FALSE;
    }
  else if (*s == ':')
    {
      s++;
      if (!read_digits (&s, 2, 2, &mins))
        return FALSE;
    }
  else if (g_ascii_isdigit (*s))
    {
      if (!read_digits (&s, 2, 2, &mins))
        return FALSE;
    }
  if (hours > 18 || mins > 59)
    return FALSE;
  *minutes = sign * (hours * 60 + mins);
  *p = s;
  return TRUE;
}

static gboolean
lookup_zone_name (const char *word,
                  gsize       len,
                  int        *minutes)
{
  for (guint i = 0; i < G_N_ELEMENTS (zone_names); i++)
    {
      if (strlen (zone_names[i].name) == len &&
          g_ascii_strncasecmp (zone_names[i].name, word, len) == 0)
        {
          *minutes = zone_names[i].minutes;
          return TRUE;
        }
    }

  if (len == 1 && g_ascii_isalpha (word[0]))
    {
      char c = g_ascii_toupper (word[0]);

      if (c >= 'A' && c <= 'I')
        *minutes = (c - 'A' + 1) * 60;
      else if (c >= 'K' && c <= 'M')
        *minutes = (c - 'K' + 10) * 60;
      else if (c >= 'N' && c <= 'Y')
        *minutes = -(c - 'N' + 1) * 60;
      else if (c == 'Z')
        *minutes = 0;
      else
        return FALSE;
      return TRUE;
    }

  return FALSE;
}

/* Month and day names are recognised by any prefix of three letters or more
 * ("Sep", "Sept", "Tues", "Thursday").
 */
static int
lookup_name (const char * const *names,
             guint               n_names,
             const char         *word,
             gsize               len)
{
  if (len < 3)
    return -1;
  for (guint i = 0; i < n_names; i++)
    {
      if (len <= strlen (names[i]) && g_ascii_strncasecmp (names[i], word, len) == 0)
        return i;
    }
  return -1;
}

/* "HH:MM[:SS[.fff]]"; @parts is left alone unless the whole time reads. */
static gboolean
read_time (const char **p,
           DateParts   *parts)
{
  const char *s = *p;
  int hour, minute, secs = 0;
  double seconds = 0;

  if (!read_digits (&s, 1, 2, &hour) || *s != ':')
    return FALSE;
  s++;
  if (!read_digits (&s, 2, 2, &minute))
    return FALSE;
  if (*s == ':')
    {
      s++;
      if (!read_digits (&s, 2, 2, &secs))
        return FALSE;
      seconds = secs;
      if ((*s == '.' || *s == ',') && g_ascii_isdigit (s[1]))
        {
          double scale = 0.1;

          for (s++; g_ascii_isdigit (*s); s++, scale /= 10)
            seconds += (*s - '0') * scale;
        }
    }
  parts->hour = hour;
  parts->minute = minute;
  parts->seconds = seconds;
  *p = s;
  return TRUE;
}

/* RFC 822/1123/2822 and the shapes they take in the wild: with or without
 * weekday (right or wrong), seconds or zone; one-digit days, two- and
 * three-digit years, named zones, RFC 850's dashes, asctime's order.
 * Tokens are classified rather than matched against one pattern.
 */
GDateTime *
pn_date_parse_rfc822 (const char *text)
{
  DateParts parts = { .year = -1, .month = -1, .day = -1 };
  gboolean have_time = FALSE, have_zone = FALSE;
  int year_digits = 0;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  p = text;
  while (*p != '\0')
    {
      if (is_space (*p) || *p == ',' || *p == '/' || (*p == '.' && !have_time))
        {
          p++;
          continue;
        }

      if ((*p == '+' || *p == '-') && g_ascii_isdigit (p[1]) && (have_time || have_zone))
        {
          int minutes;

          if (!read_numeric_zone (&p, &minutes))
            return NULL;
          /* "GMT+0100": the offset refines the named zone. */
          parts.offset_minutes = minutes;
          have_zone = TRUE;
          continue;
        }

      if (*p == '-')
        {
          p++;
          continue;
        }

      if (*p == '(')
        {
          /* A comment such as "(PDT)" after a numeric zone. */
          const char *close = strchr (p, ')');

          if (close == NULL)
            return NULL;
          p = close + 1;
          continue;
        }

      if (g_ascii_isalpha (*p))
        {
          const char *start = p;
          gsize len;
          int index, minutes;

          while (g_ascii_isalpha (*p))
            p++;
          len = p - start;
          if (*p == '.')
            p++;

          if (parts.month < 0 &&
              (index = lookup_name (month_names, G_N_ELEMENTS (month_names), start, len)) >= 0)
            parts.month = index + 1;
          else if (lookup_name (day_names, G_N_ELEMENTS (day_names), start, len) >= 0)
            continue;
          else if (have_time && len == 2 && g_ascii_strncasecmp (start, "am", 2) == 0)
            {
              if (parts.hour > 12)
                return NULL;
              if (parts.hour == 12)
                parts.hour = 0;
            }
          else if (have_time && len == 2 && g_ascii_strncasecmp (start, "pm", 2) == 0)
            {
              if (parts.hour > 12)
                return NULL;
              if (parts.hour < 12)
                parts.hour += 12;
            }
          else if (!have_zone && lookup_zone_name (start, len, &minutes))
            {
              parts.offset_minutes = minutes;
              have_zone = TRUE;
            }
          else
            return NULL;
          continue;
        }

      if (g_ascii_isdigit (*p))
        {
          const char *start = p;
          int value;

          if (!have_time)
            {
              const char *q = p;

              if (read_time (&q, &parts))
                {
                  have_time = TRUE;
                  p = q;
                  continue;
                }
            }

          if (!read_digits (&p, 1, 4, &value) || g_ascii_isdigit (*p))
            return NULL;
          if (p - start >= 3)
            {
              if (parts.year >= 0)
                return NULL;
              parts.year = value;
              year_digits = p - start;
            }
          else if (parts.day < 0)
            parts.day = value;
          else if (parts.year < 0)
            {
              parts.year = value;
              year_digits = p - start;
            }
          else
            return NULL;
          continue;
        }

      return NULL;
    }

  if (parts.year < 0 || parts.month < 0 || parts.day < 0)
    return NULL;

  /* RFC 2822 §4.3: 00–49 are 2000–2049, 50–99 and three digits are 19xx. */
  if (year_digits <= 2)
    parts.year += parts.year < 50 ? 2000 : 1900;
  else if (year_digits == 3)
    parts.year += 1900;

  return make_date (&parts);
}

/* ISO 8601 as feeds use it: RFC 3339, W3C-DTF (year, year-month, date, date
 * and time with minutes), the basic format without separators, a space or a
 * lowercase "t" instead of "T", fractions, zones with or without colon, and
 * no zone at all (read as UTC).
 */
GDateTime *
pn_date_parse_iso8601 (const char *text)
{
  DateParts parts = { .month = 1, .day = 1 };
  const char *p;
  gboolean basic;

  g_return_val_if_fail (text != NULL, NULL);

  p = text;
  while (is_space (*p))
    p++;

  if (!read_digits (&p, 4, 4, &parts.year))
    return NULL;

  basic = g_ascii_isdigit (*p);
  if (basic)
    {
      if (!read_digits (&p, 2, 2, &parts.month) || !read_digits (&p, 2, 2, &parts.day))
        return NULL;
    }
  else if (*p == '-')
    {
      p++;
      if (!read_digits (&p, 2, 2, &parts.month))
        return NULL;
      if (*p == '-')
        {
          p++;
          if (!read_digits (&p, 1, 2, &parts.day))
            return NULL;
        }
    }

  if (*p == 'T' || *p == 't' || (*p == ' ' && g_ascii_isdigit (p[1])))
    {
      p++;
      if (basic && g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[2]) && p[2] != ':')
        {
          int secs = 0;

          if (!read_digits (&p, 2, 2, &parts.hour) || !read_digits (&p, 2, 2, &parts.minute))
            return NULL;
          if (g_ascii_isdigit (*p) && !read_digits (&p, 2, 2, &secs))
            return NULL;
          parts.seconds = secs;
        }
      else if (!read_time (&p, &parts))
        return NULL;

      while (is_space (*p))
        p++;
      if (*p == 'Z' || *p == 'z')
        p++;
      else if (*p == '+' || *p == '-')
        {
          if (!read_numeric_zone (&p, &parts.offset_minutes))
            return NULL;
        }
      else if (g_ascii_isalpha (*p))
        {
          const char *start = p;

          while (g_ascii_isalpha (*p))
            p++;
          if (!lookup_zone_name (start, p - start, &parts.offset_minutes))
            return NULL;
        }
    }

  while (is_space (*p))
    p++;
  if (*p != '\0')
    return NULL;

  return make_date (&parts);
}

/* Either form, picked by the shape of the text. Never "now": an unreadable
 * date is NULL, so callers can report it and leave the field absent.
 */
GDateTime *
pn_date_parse (const char *text)
{
  const char *p = text;

  if (text == NULL)
    return NULL;

  while (is_space (*p))
    p++;
  if (*p == '\0')
    return NULL;

  if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) &&
      g_ascii_isdigit (p[3]) && (p[4] == '-' || p[4] == '\0' || g_ascii_isdigit (p[4]) ||
                                 is_space (p[4])))
    {
      GDateTime *date = pn_date_parse_iso8601 (p);

      if (date != NULL)
        return date;
    }

  return pn_date_parse_rfc822 (p);
}

/* RFC 3339 in UTC with whole seconds: "2004-04-15T07:48:00Z". */
char *
pn_date_format_utc (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (date != NULL, NULL);

  utc = g_date_time_to_utc (date);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}
