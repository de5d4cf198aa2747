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

typedef PnStoreReader Reader;

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

#if defined (__GNUC__) || defined (__clang__)
typedef unsigned char Block __attribute__ ((vector_size (16)));

/* Whether any of the 16 bytes at @p is a quote, a backslash, a control
 * character or not ASCII: the bytes a string scan must stop at. A few
 * vector instructions where the machine has them: bodies are most of what
 * a load scans.
 */
static inline gboolean
block_needs_look (const char *p)
{
  Block block, look;
  guint64 halves[2];

  memcpy (&block, p, sizeof block);
  /* Below 0x20 wraps to 0xe0 and above; 0x80 and above land at 0x60 and above. */
  look = (Block) ((Block) (block - 0x20) >= 0x60) | (Block) (block == '"') |
         (Block) (block == '\\');
  memcpy (halves, &look, sizeof halves);
  return (halves[0] | halves[1]) != 0;
}
#else
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

static inline gboolean
block_needs_look (const char *p)
{
  guint64 words[2];

  memcpy (words, p, sizeof words);
  return word_needs_look (words[0]) || word_needs_look (words[1]);
}
#endif

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

/* Called after a backslash: decodes the escape into @decoded and returns
 * its length in bytes, or 0 when it is not valid.
 */
static gsize
decode_escape (Reader *reader,
               char    decoded[6])
{
  gunichar ch, low;

  if (reader->cursor >= reader->end)
    return 0;
  switch (*reader->cursor++)
    {
    case '"': decoded[0] = '"'; return 1;
    case '\\': decoded[0] = '\\'; return 1;
    case '/': decoded[0] = '/'; return 1;
    case 'b': decoded[0] = '\b'; return 1;
    case 'f': decoded[0] = '\f'; return 1;
    case 'n': decoded[0] = '\n'; return 1;
    case 'r': decoded[0] = '\r'; return 1;
    case 't': decoded[0] = '\t'; return 1;
    case 'u':
      if (!read_hex4 (reader, &ch))
        return 0;
      if (ch >= 0xd800 && ch < 0xdc00)
        {
          if (reader->end - reader->cursor < 6 || reader->cursor[0] != '\\' ||
              reader->cursor[1] != 'u')
            return 0;
          reader->cursor += 2;
          if (!read_hex4 (reader, &low) || low < 0xdc00 || low >= 0xe000)
            return 0;
          ch = 0x10000 + ((ch - 0xd800) << 10) + (low - 0xdc00);
        }
      else if ((ch >= 0xdc00 && ch < 0xe000) || ch == 0)
        return 0;
      return g_unichar_to_utf8 (ch, decoded);
    default:
      return 0;
    }
}

/* Called after the opening quote; leaves the cursor after the closing one.
 * With @unescape, returns the unescaped, NUL-terminated text, in the
 * reader's scratch area or else in place in the buffer; without, checks
 * the string the same way but leaves the buffer as it is, and returns its
 * start. NULL when the string is not valid.
 */
static char *
scan_string (Reader   *reader,
             gboolean  unescape)
{
  char *start = reader->cursor;
  /* Where the next byte of the unescaped text goes: in the scratch area,
   * or in place, behind the cursor once an escape has been read, since an
   * escape never decodes longer than it is written.
   */
  char *text = unescape && reader->scratch != NULL ? reader->scratch : start;
  char *out = text;

  /* Bodies are mostly ASCII between escapes (a "\n" per paragraph, a
   * "\"" per attribute): sixteen bytes at a time until something needs a
   * look, before and after each escape.
   */
  while (reader->cursor < reader->end)
    {
      unsigned char c;
      gsize length;
      char decoded[6];

      if (reader->end - reader->cursor >= 16 && !block_needs_look (reader->cursor))
        {
          if (unescape && out != reader->cursor)
            memmove (out, reader->cursor, 16);
          out += 16;
          reader->cursor += 16;
          continue;
        }

      c = (unsigned char) *reader->cursor;
      if (c == '"')
        {
          reader->cursor++;
          if (!unescape)
            return start;
          *out = '\0';
          if (reader->scratch != NULL)
            reader->scratch = out + 1;
          return text;
        }
      if (c < 0x20)
        return NULL;
      if (c == '\\')
        {
          reader->cursor++;
          if ((length = decode_escape (reader, decoded)) == 0)
            return NULL;
          if (unescape)
            memcpy (out, decoded, length);
          out += length;
          continue;
        }
      if ((length = c < 0x80 ? 1 : utf8_sequence_length (reader->cursor, reader->end)) == 0)
        return NULL;
      if (unescape && out != reader->cursor)
        memmove (out, reader->cursor, length);
      out += length;
      reader->cursor += length;
    }
  return NULL;
}

static char *
read_string (Reader *reader)
{
  return scan_string (reader, TRUE);
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

static gboolean
scan_integer (Reader *reader,
              gint64 *result)
{
  gboolean negative = FALSE;
  gint64 value = 0;
  guint digits = 0;

  if (reader->cursor < reader->end && *reader->cursor == '-')
    {
      negative = TRUE;
      reader->cursor++;
    }
  while (reader->cursor < reader->end && g_ascii_isdigit (*reader->cursor))
    {
      if (digits == 1 && value == 0)
        return FALSE;   /* a leading zero */
      value = value * 10 + (*reader->cursor++ - '0');
      digits++;
    }
  /* Fractions and exponents are left to json-glib, and so are integers
   * long enough to overflow.
   */
  if (digits == 0 || digits > 18 ||
      (reader->cursor < reader->end &&
       (*reader->cursor == '.' || *reader->cursor == 'e' || *reader->cursor == 'E')))
    return FALSE;
  *result = negative ? -value : value;
  return TRUE;
}

static JsonNode *
read_integer (Reader *reader)
{
  JsonNode *node;
  gint64 value;

  if (!scan_integer (reader, &value))
    return NULL;
  node = json_node_alloc ();
  json_node_init_int (node, value);
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

/* The pull reader */

void
pn_store_reader_init (PnStoreReader *reader,
                      char          *data,
                      gsize          length)
{
  reader->cursor = data;
  reader->end = data + length;
  reader->depth = 0;
  reader->first = FALSE;
  reader->start = data;
  reader->scratch = NULL;
}

/* @scratch has room for @length + 1 bytes: the unescaped strings of
 * @data, each NUL-terminated, never take more. They stay there as long as
 * @scratch does.
 */
void
pn_store_reader_init_read_only (PnStoreReader *reader,
                                const char    *data,
                                gsize          length,
                                char          *scratch)
{
  pn_store_reader_init (reader, (char *) data, length);
  reader->scratch = scratch;
}

static gboolean
begin (Reader *reader,
       char    bracket)
{
  skip_space (reader);
  if (reader->cursor >= reader->end || *reader->cursor != bracket || reader->depth >= MAX_DEPTH)
    return FALSE;
  reader->cursor++;
  reader->depth++;
  reader->first = TRUE;
  return TRUE;
}

/* Before each item: the closing @bracket (*@done), or a comma unless it is
 * the first item.
 */
static gboolean
next_item (Reader   *reader,
           char      bracket,
           gboolean *done)
{
  gboolean first = reader->first;

  reader->first = FALSE;
  skip_space (reader);
  if (reader->cursor >= reader->end)
    return FALSE;
  if (*reader->cursor == bracket)
    {
      reader->cursor++;
      reader->depth--;
      *done = TRUE;
      return TRUE;
    }
  if (!first)
    {
      if (*reader->cursor != ',')
        return FALSE;
      reader->cursor++;
      skip_space (reader);
    }
  *done = FALSE;
  return TRUE;
}

gboolean
pn_store_reader_begin_object (PnStoreReader *reader)
{
  return begin (reader, '{');
}

/* Reads the name of the next member and the colon after it; at the end of
 * the object, sets *@done instead.
 */
gboolean
pn_store_reader_next_member (PnStoreReader  *reader,
                             const char    **name,
                             gboolean       *done)
{
  if (!next_item (reader, '}', done))
    return FALSE;
  if (*done)
    return TRUE;
  if (reader->cursor >= reader->end || *reader->cursor != '"')
    return FALSE;
  reader->cursor++;
  if ((*name = read_string (reader)) == NULL)
    return FALSE;
  skip_space (reader);
  if (reader->cursor >= reader->end || *reader->cursor != ':')
    return FALSE;
  reader->cursor++;
  return TRUE;
}

gboolean
pn_store_reader_begin_array (PnStoreReader *reader)
{
  return begin (reader, '[');
}

gboolean
pn_store_reader_next_element (PnStoreReader *reader,
                              gboolean      *done)
{
  return next_item (reader, ']', done);
}

/* Consumes a null, if that is what comes next. */
gboolean
pn_store_reader_skip_null (PnStoreReader *reader)
{
  skip_space (reader);
  return read_literal (reader, "null");
}

static gboolean
begin_string (Reader *reader)
{
  skip_space (reader);
  if (reader->cursor >= reader->end || *reader->cursor != '"')
    return FALSE;
  reader->cursor++;
  return TRUE;
}

/* The unescaped string, in the scratch area or in place in the buffer. */
gboolean
pn_store_reader_read_string (PnStoreReader  *reader,
                             const char    **value)
{
  return begin_string (reader) && (*value = read_string (reader)) != NULL;
}

/* Checks a string as pn_store_reader_read_string() would, without
 * unescaping it: @raw is its text as written, between the quotes.
 */
gboolean
pn_store_reader_skip_string (PnStoreReader  *reader,
                             const char    **raw,
                             gsize          *raw_length)
{
  if (!begin_string (reader) || (*raw = scan_string (reader, FALSE)) == NULL)
    return FALSE;
  *raw_length = reader->cursor - 1 - *raw;
  return TRUE;
}

gboolean
pn_store_reader_read_boolean (PnStoreReader *reader,
                              gboolean      *value)
{
  skip_space (reader);
  if (read_literal (reader, "true"))
    *value = TRUE;
  else if (read_literal (reader, "false"))
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

gboolean
pn_store_reader_read_integer (PnStoreReader *reader,
                              gint64        *value)
{
  skip_space (reader);
  return scan_integer (reader, value);
}

/* Any value, as a tree. Returns: (transfer full) (nullable) */
JsonNode *
pn_store_reader_read_node (PnStoreReader *reader)
{
  return read_value (reader);
}

/* Whether only white space is left. */
gboolean
pn_store_reader_at_end (PnStoreReader *reader)
{
  skip_space (reader);
  return reader->cursor == reader->end;
}

/* Unescapes @raw (a string's text as written between its quotes, read back
 * from a file), checking it as the reader would. Returns: (transfer full)
 * (nullable): the text, or NULL when @raw is not a valid string body.
 */
char *
pn_store_parse_string (const char *raw,
                       gsize       raw_length)
{
  g_autofree char *copy = g_malloc (raw_length + 1);
  Reader reader = { copy, copy + raw_length + 1, 0, FALSE };

  memcpy (copy, raw, raw_length);
  copy[raw_length] = '"';
  if (scan_string (&reader, TRUE) == NULL || reader.cursor != reader.end)
    return NULL;
  return g_steal_pointer (&copy);
}

/* Unescapes the start of @raw (checked by pn_store_reader_skip_string())
 * into @out, whole characters only, at most @out_size - 1 bytes, and
 * NUL-terminates it. Returns the length written.
 */
gsize
pn_store_parse_string_prefix (const char *raw,
                              gsize       raw_length,
                              char       *out,
                              gsize       out_size)
{
  Reader reader = { (char *) raw, raw + raw_length, 0, FALSE };
  gsize n = 0;

  g_return_val_if_fail (out_size > 0, 0);

  while (reader.cursor < reader.end)
    {
      const char *backslash = memchr (reader.cursor, '\\', reader.end - reader.cursor);
      const char *run_end = backslash != NULL ? backslash : reader.end;
      gsize run = MIN ((gsize) (run_end - reader.cursor), out_size - 1 - n);
      char decoded[6];
      gsize n_decoded;

      memcpy (out + n, reader.cursor, run);
      n += run;
      reader.cursor += run;
      if (reader.cursor < run_end)
        {
          /* Full: drop the part of a character that did not fit. */
          while (n > 0 && ((guchar) *reader.cursor & 0xc0) == 0x80)
            {
              n--;
              reader.cursor--;
            }
          break;
        }
      if (backslash == NULL)
        break;
      reader.cursor++;
      n_decoded = decode_escape (&reader, decoded);
      if (n_decoded == 0 || n + n_decoded > out_size - 1)
        break;
      memcpy (out + n, decoded, n_decoded);
      n += n_decoded;
    }
  out[n] = '\0';
  return n;
}
