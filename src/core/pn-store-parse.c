/* pn-store-parse.c — a fast JSON reader for the store's own files
 *
 * json-glib's parser tokenizes one character at a time and allocates per
 * token; on a heavy user's library (hundreds of MB of story bodies) that was
 * most of the cold load. This reader builds the same JsonNode tree straight
 * from the buffer: strings are unescaped in place (an escape never decodes
 * longer than it is written) and copied once into their node.
 *
 * It accepts strict RFC 8259 JSON only, and less than that where json-glib
 * would decide differently (fractions and exponents, integers beyond 18
 * digits, duplicate member names, very deep nesting): the caller then parses
 * the original bytes with json-glib, so the result, and every error message
 * a user sees, is json-glib's. It never accepts what json-glib rejects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-store-parse"

#include "config.h"

#include <string.h>

#include "pn-error.h"
#include "pn-store-parse.h"

#define MAX_DEPTH 256

typedef struct
{
  char       *cursor;
  const char *end;
  guint       depth;
} Reader;

static JsonNode *read_value (Reader *reader);

static void
skip_space (Reader *reader)
{
  while (reader->cursor < reader->end)
    {
      char c = *reader->cursor;

      if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
        return;
      reader->cursor++;
    }
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader   *reader,
           gunichar *value)
{
  *value = 0;
  if (reader->end - reader->cursor < 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_value (*reader->cursor++);

      if (digit < 0)
        return FALSE;
      *value = (*value << 4) | (guint) digit;
    }
  return TRUE;
}

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Whether any of the 8 bytes in @x is a quote, a backslash, a control
 * character or not ASCII: the bytes a string scan must stop at.
 */
static inline gboolean
word_needs_look (guint64 x)
{
  guint64 quote = x ^ (ONES * '"');
  guint64 backslash = x ^ (ONES * '\\');

  return ((((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) |
          ((x - ONES * 0x20) & ~x) | x) & HIGHS) != 0;
}

/* The length of the valid UTF-8 sequence at @p (its first byte is not
 * ASCII), or 0. GLib decides what is valid, as it does for json-glib.
 */
static gsize
utf8_sequence_length (const char *p,
                      const char *end)
{
  guchar lead = (guchar) *p;
  gsize length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;

  if ((gsize) (end - p) < length || !g_utf8_validate_len (p, length, NULL))
    return 0;
  return length;
}

/* Called after the opening quote. Returns the unescaped, NUL-terminated
 * text, in place in the buffer, or NULL.
 */
static char *
read_string (Reader *reader)
{
  char *start = reader->cursor;
  char *out;

  /* Most strings, bodies included, have no escape at all, and are mostly
   * ASCII: eight bytes at a time until something needs a look.
   */
  while (reader->cursor < reader->end)
    {
      unsigned char c;
      gsize length;

      if (reader->end - reader->cursor >= 8)
        {
          guint64 word;

          memcpy (&word, reader->cursor, sizeof word);
          if (!word_needs_look (word))
            {
              reader->cursor += 8;
              continue;
            }
        }

      c = (unsigned char) *reader->cursor;
      if (c == '"')
        {
          *reader->cursor++ = '\0';
          return start;
        }
      if (c == '\\')
        break;
      if (c < 0x20)
        return NULL;
      if (c < 0x80)
        reader->cursor++;
      else if ((length = utf8_sequence_length (reader->cursor, reader->end)) > 0)
        reader->cursor += length;
      else
        return NULL;
    }

  out = reader->cursor;
  while (reader->cursor < reader->end)
    {
      unsigned char c = (unsigned char) *reader->cursor++;
      gunichar ch, low;

      if (c == '"')
        {
          *out = '\0';
          return start;
        }
      if (c < 0x20)
        return NULL;
      if (c >= 0x80)
        {
          gsize length = utf8_sequence_length (reader->cursor - 1, reader->end);

          if (length == 0)
            return NULL;
          memmove (out, reader->cursor - 1, length);
          out += length;
          reader->cursor += length - 1;
          continue;
        }
      if (c != '\\')
        {
          *out++ = (char) c;
          continue;
        }
      if (reader->cursor >= reader->end)
        return NULL;
      switch (*reader->cursor++)
        {
        case '"': *out++ = '"'; break;
        case '\\': *out++ = '\\'; break;
        case '/': *out++ = '/'; break;
        case 'b': *out++ = '\b'; break;
        case 'f': *out++ = '\f'; break;
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        case 'u':
          if (!read_hex4 (reader, &ch))
            return NULL;
          if (ch >= 0xd800 && ch < 0xdc00)
            {
              if (reader->end - reader->cursor < 6 || reader->cursor[0] != '\\' ||
                  reader->cursor[1] != 'u')
                return NULL;
              reader->cursor += 2;
              if (!read_hex4 (reader, &low) || low < 0xdc00 || low >= 0xe000)
                return NULL;
              ch = 0x10000 + ((ch - 0xd800) << 10) + (low - 0xdc00);
            }
          else if ((ch >= 0xdc00 && ch < 0xe000) || ch == 0)
            return NULL;
          out += g_unichar_to_utf8 (ch, out);
          break;
        default:
          return NULL;
        }
    }
  return NULL;
}

static gboolean
read_literal (Reader     *reader,
              const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (reader->end - reader->cursor) < length ||
      memcmp (reader->cursor, word, length) != 0)
    return FALSE;
  reader->cursor += length;
  return TRUE;
}

static JsonNode *
read_integer (Reader *reader)
{
  gboolean negative = FALSE;
  gint64 value = 0;
  guint digits = 0;
  JsonNode *node;

  if (*reader->cursor == '-')
    {
      negative = TRUE;
      reader->cursor++;
    }
  while (reader->cursor < reader->end && g_ascii_isdigit (*reader->cursor))
    {
      if (digits == 1 && value == 0)
        return NULL;   /* a leading zero */
      value = value * 10 + (*reader->cursor++ - '0');
      digits++;
    }
  /* Fractions and exponents are left to json-glib, and so are integers
   * long enough to overflow.
   */
  if (digits == 0 || digits > 18 ||
      (reader->cursor < reader->end &&
       (*reader->cursor == '.' || *reader->cursor == 'e' || *reader->cursor == 'E')))
    return NULL;

  node = json_node_alloc ();
  json_node_init_int (node, negative ? -value : value);
  return node;
}

static JsonNode *
read_object (Reader *reader)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  skip_space (reader);
  if (reader->cursor < reader->end && *reader->cursor == '}')
    reader->cursor++;
  else
    {
      for (;;)
        {
          char *name;
          JsonNode *value;

          if (reader->cursor >= reader->end || *reader->cursor != '"')
            return NULL;
          reader->cursor++;
          if ((name = read_string (reader)) == NULL)
            return NULL;
          skip_space (reader);
          if (reader->cursor >= reader->end || *reader->cursor != ':')
            return NULL;
          reader->cursor++;
          if (json_object_has_member (object, name) || (value = read_value (reader)) == NULL)
            return NULL;
          json_object_set_member (object, name, value);

          skip_space (reader);
          if (reader->cursor >= reader->end)
            return NULL;
          if (*reader->cursor == '}')
            {
              reader->cursor++;
              break;
            }
          if (*reader->cursor != ',')
            return NULL;
          reader->cursor++;
          skip_space (reader);
        }
    }

  node = json_node_alloc ();
  json_node_init_object (node, object);
  return node;
}

static JsonNode *
read_array (Reader *reader)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;

  skip_space (reader);
  if (reader->cursor < reader->end && *reader->cursor == ']')
    reader->cursor++;
  else
    {
      for (;;)
        {
          JsonNode *value = read_value (reader);

          if (value == NULL)
            return NULL;
          json_array_add_element (array, value);

          skip_space (reader);
          if (reader->cursor >= reader->end)
            return NULL;
          if (*reader->cursor == ']')
            {
              reader->cursor++;
              break;
            }
          if (*reader->cursor != ',')
            return NULL;
          reader->cursor++;
        }
    }

  node = json_node_alloc ();
  json_node_init_array (node, array);
  return node;
}

static JsonNode *
read_value (Reader *reader)
{
  JsonNode *node = NULL;
  char *text;

  skip_space (reader);
  if (reader->cursor >= reader->end)
    return NULL;

  switch (*reader->cursor)
    {
    case '{':
    case '[':
      if (reader->depth >= MAX_DEPTH)
        return NULL;
      reader->depth++;
      node = *reader->cursor++ == '{' ? read_object (reader) : read_array (reader);
      reader->depth--;
      return node;
    case '"':
      reader->cursor++;
      if ((text = read_string (reader)) == NULL)
        return NULL;
      node = json_node_alloc ();
      json_node_init_string (node, text);
      return node;
    case 't':
    case 'f':
      {
        gboolean value = *reader->cursor == 't';

        if (!read_literal (reader, value ? "true" : "false"))
          return NULL;
        node = json_node_alloc ();
        json_node_init_boolean (node, value);
        return node;
      }
    case 'n':
      if (!read_literal (reader, "null"))
        return NULL;
      return json_node_init_null (json_node_alloc ());
    default:
      return read_integer (reader);
    }
}

/* Parses @data, which it modifies, into a tree. Strings are checked to be
 * valid UTF-8; anything outside strings must be ASCII anyway. Returns: (transfer full) (nullable): the root, or
 * NULL when the text is not in the subset this reader handles (the caller
 * then asks json-glib, which explains the error or parses the rest).
 */
JsonNode *
pn_store_parse_in_place (char    *data,
                         gsize    length,
                         GError **error)
{
  Reader reader = { data, data + length, 0 };
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if ((root = read_value (&reader)) == NULL)
    {
      g_set_error_literal (error, PN_ERROR, PN_ERROR_CORRUPT, "not in the store's JSON subset");
      return NULL;
    }
  skip_space (&reader);
  if (reader.cursor != reader.end)
    {
      json_node_unref (root);
      g_set_error_literal (error, PN_ERROR, PN_ERROR_CORRUPT, "not in the store's JSON subset");
      return NULL;
    }
  return root;
}
