/* pn-store-write.c — JSON text of the store's files
 *
 * The same text as json-glib's generator with pretty printing and an
 * indent of one space, which the store used before, written faster: runs
 * of string bytes that need no escape are copied whole, where the
 * generator looked at each character. library.json's index of 10 000
 * saved stories is written with these functions without building a tree
 * (see pn-library.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-store-write"

#include "config.h"

#include <string.h>

#include "pn-store-write.h"

void
pn_store_write_indent (GString *out,
                       guint    depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append_c (out, ' ');
}

/* Whether @c must be escaped in a JSON string. */
static inline gboolean
needs_escape (guchar c)
{
  return c < 0x20 || c == '"' || c == '\\';
}

/* @text as a JSON string, quotes included; UTF-8 is written as it is. */
void
pn_store_write_string (GString    *out,
                       const char *text)
{
  const char *p = text;

  g_string_append_c (out, '"');
  for (;;)
    {
      const char *run = p;
      guchar c;

      while (!needs_escape ((guchar) *p))
        p++;
      /* NUL ends the text; it is below 0x20 too. */
      g_string_append_len (out, run, p - run);
      c = (guchar) *p;
      if (c == '\0')
        break;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
      p++;
    }
  g_string_append_c (out, '"');
}

static void
write_value (GString  *out,
             JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node));
      g_string_append (out, buffer);
      /* Still a number with a fraction when read back. */
      if (strpbrk (buffer, ".eE") == NULL)
        g_string_append (out, ".0");
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_STRING:
      pn_store_write_string (out, json_node_get_string (node));
      break;
    default:
      g_string_append (out, "null");
      break;
    }
}

/* @node as JSON, its inner lines indented one space more than @depth. */
void
pn_store_write_node (GString  *out,
                     JsonNode *node,
                     guint     depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        if (json_object_get_size (json_node_get_object (node)) == 0)
          {
            g_string_append (out, "{}");
            break;
          }
        g_string_append (out, "{\n");
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append (out, ",\n");
            first = FALSE;
            pn_store_write_indent (out, depth + 1);
            pn_store_write_string (out, name);
            g_string_append (out, " : ");
            pn_store_write_node (out, member, depth + 1);
          }
        g_string_append_c (out, '\n');
        pn_store_write_indent (out, depth);
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        if (n == 0)
          {
            g_string_append (out, "[]");
            break;
          }
        g_string_append (out, "[\n");
        for (guint i = 0; i < n; i++)
          {
            pn_store_write_indent (out, depth + 1);
            pn_store_write_node (out, json_array_get_element (array, i), depth + 1);
            g_string_append (out, i + 1 < n ? ",\n" : "\n");
          }
        pn_store_write_indent (out, depth);
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      write_value (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/* Returns: (transfer full): the text of a whole file */
char *
pn_store_write_to_data (JsonNode *node,
                        gsize    *length)
{
  GString *out = g_string_sized_new (4096);

  g_return_val_if_fail (node != NULL, NULL);

  pn_store_write_node (out, node, 0);
  g_string_append_c (out, '\n');
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
