/* pn-feed-parser.c — every real-world RSS, Atom and JSON Feed, normalized
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * XML feeds are read by libxml2 in recover mode into a tree that is walked
 * once, element by element, with no XPath: namespaces are classified once per
 * xmlNs and elements are dispatched on (namespace, local name). Each field
 * can be given by several elements (RSS <pubDate> and dc:date, Atom <icon>
 * and <logo>…); a rank decides which one wins, so document order does not.
 *
 * Safety: the parser never touches the network or the file system (no DTD
 * loading, no external entities, no XInclude, no entity substitution), keeps
 * libxml2's hard limits (no XML_PARSE_HUGE), and caps the input size.
 */
#define G_LOG_DOMAIN "pn-feed-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <string.h>

#include "pn-date.h"
#include "pn-enclosure.h"
#include "pn-error.h"
#include "pn-feed-parser.h"
#include "pn-html-sanitizer.h"
#include "pn-person.h"
#include "pn-story.h"

#define MAX_WARNINGS 25
/* The prolog (declaration, comments, doctype) scanned to find the root. */
#define MAX_PROLOG (64 * 1024)

typedef enum
{
  NS_NONE,
  NS_RSS,
  NS_ATOM,
  NS_ATOM03,
  NS_RDF,
  NS_DC,
  NS_DCTERMS,
  NS_CONTENT,
  NS_MEDIA,
  NS_ITUNES,
  NS_XHTML,
  NS_OTHER,
} NsId;

static const struct
{
  const char *href;
  NsId        id;
} known_namespaces[] = {
  { "http://purl.org/rss/1.0/", NS_RSS },
  { "http://my.netscape.com/rdf/simple/0.9/", NS_RSS },
  { "http://backend.userland.com/rss2", NS_RSS },
  { "http://backend.userland.com/rss", NS_RSS },
  { "http://www.w3.org/2005/Atom", NS_ATOM },
  { "http://purl.org/atom/ns#", NS_ATOM03 },
  { "http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF },
  { "http://purl.org/dc/elements/1.1/", NS_DC },
  { "http://purl.org/dc/terms/", NS_DCTERMS },
  { "http://purl.org/rss/1.0/modules/content/", NS_CONTENT },
  { "http://search.yahoo.com/mrss/", NS_MEDIA },
  { "http://search.yahoo.com/mrss", NS_MEDIA },
  { "http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES },
  { "http://www.w3.org/1999/xhtml", NS_XHTML },
};

/* Which of several elements giving the same field wins. */
enum {
  RANK_FALLBACK = 1,
  RANK_SECONDARY = 2,
  RANK_PRIMARY = 3,
};

typedef struct
{
  char *value;
  int   rank;
} Field;

typedef struct
{
  GDateTime *value;
  int        rank;
} DateField;

typedef struct
{
  GPtrArray *people;
  int        rank;
} People;

typedef struct
{
  Field      title;
  Field      link;
  Field      subtitle;
  Field      language;
  Field      icon;
  Field      generator;
  DateField  updated;
  People     authors;
} Head;

typedef struct
{
  Field       guid;
  Field       title;
  Field       link;
  Field       summary;
  Field       content;
  Field       comments;
  Field       thumbnail;
  DateField   published;
  DateField   updated;
  People      authors;
  GPtrArray  *categories;
  GPtrArray  *enclosures;
  const char *base;
  /* Its position in the document, for warnings. */
  guint       number;
  gboolean    guid_is_permalink;
} Entry;

typedef enum
{
  KIND_RSS,
  KIND_ATOM,
} Kind;

typedef struct
{
  const char  *format;
  Kind         kind;
  const char  *source_id;
  GPtrArray   *warnings;
  guint        dropped_warnings;
  /* Strings borrowed by the walk (computed bases, joined text), freed at
   * the end of the parse.
   */
  GPtrArray   *pool;
  /* HTML entities (&nbsp;, &eacute;…) handed to libxml2 as predefined ones. */
  GHashTable  *entities;
  guint        xml_errors;
  char        *first_xml_error;
  const xmlNs *ns_cache_key[4];
  NsId         ns_cache_id[4];
  guint        ns_cache_next;
  guint        item_number;
} Parser;

/* Every summary and content goes through the sanitizer, with the base URL
 * in effect where the HTML was found, so relative links and images inside
 * it resolve correctly and nothing executable survives.
 */
static char *
clean_item_html (const char *html,
                 const char *base_url)
{
  return pn_html_sanitize (html, -1, base_url);
}

static void
parser_warn (Parser     *P,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
parser_warn (Parser     *P,
             const char *format,
             ...)
{
  va_list args;

  if (P->warnings->len >= MAX_WARNINGS)
    {
      P->dropped_warnings++;
      return;
    }

  va_start (args, format);
  g_ptr_array_add (P->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static const char *
pool_take (Parser *P,
           char   *str)
{
  g_ptr_array_add (P->pool, str);
  return str;
}

static void
field_take (Field *field,
            char  *value,
            int    rank)
{
  if (value == NULL)
    return;
  if (field->value == NULL || rank > field->rank)
    {
      g_free (field->value);
      field->value = value;
      field->rank = rank;
    }
  else
    g_free (value);
}

static gboolean
field_wants (const Field *field,
             int          rank)
{
  return field->value == NULL || rank > field->rank;
}

static void
date_field_take (DateField *field,
                 GDateTime *value,
                 int        rank)
{
  if (value == NULL)
    return;
  if (field->value == NULL || rank > field->rank)
    {
      g_clear_pointer (&field->value, g_date_time_unref);
      field->value = value;
      field->rank = rank;
    }
  else
    g_date_time_unref (value);
}

static void
people_add (People   *people,
            PnPerson *person,
            int       rank)
{
  if (person == NULL)
    return;
  if (rank < people->rank)
    {
      pn_person_free (person);
      return;
    }
  if (people->people == NULL)
    people->people = g_ptr_array_new_with_free_func ((GDestroyNotify) pn_person_free);
  if (rank > people->rank)
    {
      g_ptr_array_set_size (people->people, 0);
      people->rank = rank;
    }

  for (guint i = 0; i < people->people->len; i++)
    {
      const PnPerson *other = g_ptr_array_index (people->people, i);

      if ((person->name != NULL && g_strcmp0 (person->name, other->name) == 0) ||
          (person->email != NULL && g_strcmp0 (person->email, other->email) == 0))
        {
          pn_person_free (person);
          return;
        }
    }
  g_ptr_array_add (people->people, person);
}

static void
head_clear (Head *head)
{
  g_free (head->title.value);
  g_free (head->link.value);
  g_free (head->subtitle.value);
  g_free (head->language.value);
  g_free (head->icon.value);
  g_free (head->generator.value);
  g_clear_pointer (&head->updated.value, g_date_time_unref);
  g_clear_pointer (&head->authors.people, g_ptr_array_unref);
}

static void
entry_clear (Entry *entry)
{
  g_free (entry->guid.value);
  g_free (entry->title.value);
  g_free (entry->link.value);
  g_free (entry->summary.value);
  g_free (entry->content.value);
  g_free (entry->comments.value);
  g_free (entry->thumbnail.value);
  g_clear_pointer (&entry->published.value, g_date_time_unref);
  g_clear_pointer (&entry->updated.value, g_date_time_unref);
  g_clear_pointer (&entry->authors.people, g_ptr_array_unref);
  g_clear_pointer (&entry->categories, g_ptr_array_unref);
  g_clear_pointer (&entry->enclosures, g_ptr_array_unref);
}

/* ── Text ─────────────────────────────────────────────────────────────── */

static gboolean
is_ascii_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static gboolean
is_blank_text (const char *text)
{
  for (; *text != '\0'; text++)
    {
      if (!is_ascii_space (*text))
        return FALSE;
    }
  return TRUE;
}

static char *
strdup_trimmed (const char *text)
{
  const char *end;

  if (text == NULL)
    return NULL;
  while (is_ascii_space (*text))
    text++;
  end = text + strlen (text);
  while (end > text && is_ascii_space (end[-1]))
    end--;
  if (end == text)
    return NULL;
  return g_strndup (text, end - text);
}

/* The length of an entity reference body after "&" ("amp;", "#233;",
 * "#xE9;"), and its character; 0 when @p does not start one.
 */
static gsize
entity_body (const char *p,
             gunichar   *out)
{
  const char *s = p;

  if (*s == '#')
    {
      guint64 value = 0;
      gboolean hex = s[1] == 'x' || s[1] == 'X';
      const char *digits;

      s += hex ? 2 : 1;
      digits = s;
      while (hex ? g_ascii_isxdigit (*s) : g_ascii_isdigit (*s))
        {
          if (value <= 0x10FFFF)
            value = value * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*s) : *s - '0');
          s++;
        }
      if (s == digits || *s != ';')
        return 0;
      if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        value = 0xFFFD;
      *out = (gunichar) value;
      return s + 1 - p;
    }
  else
    {
      char name[33];
      gsize len = 0;
      const htmlEntityDesc *desc;

      while (len < sizeof name - 1 && g_ascii_isalnum (s[len]))
        {
          name[len] = s[len];
          len++;
        }
      if (len == 0 || s[len] != ';')
        return 0;
      name[len] = '\0';
      /* HTML 4's table lacks XML's &apos;. */
      if (strcmp (name, "apos") == 0)
        {
          *out = '\'';
          return len + 1;
        }
      desc = htmlEntityLookup ((const xmlChar *) name);
      if (desc == NULL)
        return 0;
      *out = desc->value;
      return len + 1;
    }
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-' || c == '.' || c == ':';
}

/* The length of anything shaped like an entity reference body ("name;",
 * "#123;", "#x1F;"), known or not; 0 otherwise.
 */
static gsize
entity_body_shape (const char *p,
                   gsize       len)
{
  gsize n = 0;

  if (len > 0 && p[0] == '#')
    {
      gboolean hex = len > 1 && (p[1] == 'x' || p[1] == 'X');

      n = hex ? 2 : 1;
      while (n < len && n < 12 && (hex ? g_ascii_isxdigit (p[n]) : g_ascii_isdigit (p[n])))
        n++;
      if (n == (hex ? 2u : 1u))
        return 0;
    }
  else
    {
      if (len == 0 || !(g_ascii_isalpha (p[0]) || p[0] == '_'))
        return 0;
      while (n < len && n < 64 && (is_name_char (p[n])))
        n++;
    }
  return n < len && p[n] == ';' ? n + 1 : 0;
}

static gboolean
is_break_tag (const char *name,
              gsize       len)
{
  static const char * const tags[] = {
    "br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "ul", "ol", "blockquote", "hr", "dt", "dd",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      if (strlen (tags[i]) == len && g_ascii_strncasecmp (tags[i], name, len) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Plain text from what feeds put in titles: entity references decoded
 * (double-escaped "&amp;amp;" and "&amp;eacute;" included), tags stripped
 * when the text is HTML, whitespace and control characters collapsed to
 * single spaces. Returns NULL when nothing is left.
 */
static char *
clean_text (const char *text,
            gboolean    is_html)
{
  GString *out;
  gboolean pending_space = FALSE;
  const char *p = text;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text));
  while (*p != '\0')
    {
      guchar c = (guchar) *p;
      gunichar decoded = 0;

      if (c == '<' && is_html &&
          (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?'))
        {
          const char *close = strchr (p, '>');
          const char *name = p[1] == '/' ? p + 2 : p + 1;
          gsize name_len = 0;

          if (close == NULL)
            {
              /* "a <b" at the end: not a tag, just text. */
              g_string_append_c (out, '<');
              p++;
              continue;
            }
          while (g_ascii_isalnum (name[name_len]))
            name_len++;
          if (is_break_tag (name, name_len))
            pending_space = TRUE;
          p = close + 1;
          continue;
        }

      if (c == '&')
        {
          const char *q = p + 1;
          gsize n;

          while (strncmp (q, "amp;", 4) == 0 && entity_body (q + 4, &decoded) > 0)
            q += 4;
          n = entity_body (q, &decoded);
          if (n > 0)
            {
              p = q + n;
              if (decoded == 0xA0 || g_unichar_isspace (decoded) || decoded < 0x20)
                pending_space = TRUE;
              else
                {
                  if (pending_space && out->len > 0)
                    g_string_append_c (out, ' ');
                  pending_space = FALSE;
                  g_string_append_unichar (out, decoded);
                }
              continue;
            }
        }

      if (c < 0x20 || c == ' ' || c == 0x7F)
        {
          pending_space = TRUE;
          p++;
          continue;
        }
      if (c == 0xC2 && (guchar) p[1] == 0xA0)
        {
          pending_space = TRUE;
          p += 2;
          continue;
        }

      if (pending_space && out->len > 0)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_c (out, *p);
      p++;
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static void append_escaped (GString *out, const char *text, gboolean in_attribute);

/* Atom type="text" and JSON Feed content_text: escaped into HTML, with blank
 * lines kept as paragraph breaks and single newlines as line breaks.
 */
static char *
text_to_html (const char *text)
{
  g_autofree char *trimmed = strdup_trimmed (text);
  g_auto(GStrv) lines = NULL;
  gboolean in_paragraph = FALSE;
  GString *out;

  if (trimmed == NULL)
    return NULL;

  out = g_string_sized_new (strlen (trimmed) + 16);
  lines = g_strsplit (trimmed, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        {
          if (in_paragraph)
            g_string_append (out, "</p>");
          in_paragraph = FALSE;
          continue;
        }
      g_string_append (out, in_paragraph ? "<br>" : "<p>");
      in_paragraph = TRUE;
      append_escaped (out, line, FALSE);
    }
  if (in_paragraph)
    g_string_append (out, "</p>");
  return g_string_free (out, FALSE);
}

/* ── URLs ─────────────────────────────────────────────────────────────── */

/* Absolute URL of @ref against @base. Schemes that would run code or read
 * local files when followed are dropped: these fields end up behind links
 * and image loaders.
 */
static char *
resolve_url (const char *base,
             const char *ref)
{
  g_autofree char *trimmed = strdup_trimmed (ref);
  const char *scheme;
  char *resolved;

  if (trimmed == NULL)
    return NULL;

  scheme = g_uri_peek_scheme (trimmed);
  if (scheme != NULL)
    {
      if (strcmp (scheme, "javascript") == 0 || strcmp (scheme, "vbscript") == 0 ||
          strcmp (scheme, "data") == 0 || strcmp (scheme, "file") == 0)
        return NULL;
      return g_steal_pointer (&trimmed);
    }

  if (base == NULL)
    return g_steal_pointer (&trimmed);

  resolved = g_uri_resolve_relative (base, trimmed, G_URI_FLAGS_NONE, NULL);
  if (resolved == NULL)
    return g_steal_pointer (&trimmed);
  return resolved;
}

/* ── Tree access ──────────────────────────────────────────────────────── */

static NsId
node_ns (Parser       *P,
         const xmlNode *node)
{
  const xmlNs *ns = node->ns;
  NsId id = NS_OTHER;
  guint slot;

  if (ns == NULL || ns->href == NULL)
    return NS_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (P->ns_cache_key); i++)
    {
      if (P->ns_cache_key[i] == ns)
        return P->ns_cache_id[i];
    }

  for (guint i = 0; i < G_N_ELEMENTS (known_namespaces); i++)
    {
      if (strcmp ((const char *) ns->href, known_namespaces[i].href) == 0)
        {
          id = known_namespaces[i].id;
          break;
        }
    }

  slot = P->ns_cache_next++ % G_N_ELEMENTS (P->ns_cache_key);
  P->ns_cache_key[slot] = ns;
  P->ns_cache_id[slot] = id;
  return id;
}

static gboolean
name_is (const xmlNode *node,
         const char    *name)
{
  return strcmp ((const char *) node->name, name) == 0;
}

static void collect_text (Parser *P, const xmlNode *first, GString *out);

static void
append_entity_ref (const xmlNode *node,
                   GString       *out)
{
  const xmlEntity *entity = (const xmlEntity *) node->children;
  gunichar decoded = 0;
  g_autofree char *body = g_strconcat ((const char *) node->name, ";", NULL);

  /* A DTD's internal entity contributes its literal text, never a further
   * expansion (that is how entity bombs grow); external entities are never
   * read, so nothing of a local file can end up in the output.
   */
  if (entity != NULL && entity->etype == XML_INTERNAL_GENERAL_ENTITY &&
      entity->content != NULL && strchr ((const char *) entity->content, '&') == NULL)
    g_string_append (out, (const char *) entity->content);
  else if (entity_body (body, &decoded) > 0)
    g_string_append_unichar (out, decoded);
}

static void
collect_text (Parser        *P,
              const xmlNode *first,
              GString       *out)
{
  for (const xmlNode *child = first; child != NULL; child = child->next)
    {
      switch (child->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (child->content != NULL)
            g_string_append (out, (const char *) child->content);
          break;
        case XML_ENTITY_REF_NODE:
          append_entity_ref (child, out);
          break;
        case XML_ELEMENT_NODE:
          /* "one<br/>two" in a title reads "one two". */
          if (is_break_tag ((const char *) child->name, strlen ((const char *) child->name)))
            g_string_append_c (out, ' ');
          collect_text (P, child->children, out);
          break;
        default:
          break;
        }
    }
}

/* The text content of an element (borrowed; "" when empty). */
static const char *
node_text (Parser        *P,
           const xmlNode *node)
{
  const xmlNode *child = node->children;
  GString *out;

  if (child == NULL)
    return "";
  if (child->next == NULL && (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE))
    return child->content != NULL ? (const char *) child->content : "";

  out = g_string_new (NULL);
  collect_text (P, child, out);
  return pool_take (P, g_string_free (out, FALSE));
}

/* An attribute without namespace, or in the xml: namespace when @xml is set
 * (borrowed; NULL when absent).
 */
static const char *
node_attr_full (Parser        *P,
                const xmlNode *node,
                const char    *name,
                gboolean       xml)
{
  for (const xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
    {
      const xmlNode *child = attr->children;
      GString *out;

      if (strcmp ((const char *) attr->name, name) != 0)
        continue;
      if (xml != (attr->ns != NULL && attr->ns->prefix != NULL &&
                  strcmp ((const char *) attr->ns->prefix, "xml") == 0))
        continue;

      if (child == NULL)
        return "";
      if (child->next == NULL && child->type == XML_TEXT_NODE)
        return child->content != NULL ? (const char *) child->content : "";

      out = g_string_new (NULL);
      collect_text (P, child, out);
      return pool_take (P, g_string_free (out, FALSE));
    }
  return NULL;
}

static const char *
node_attr (Parser        *P,
           const xmlNode *node,
           const char    *name)
{
  return node_attr_full (P, node, name, FALSE);
}

/* The base URL in effect inside @node: its xml:base resolved against the
 * one of its parent, so nested xml:base attributes compose.
 */
static const char *
node_base (Parser        *P,
           const xmlNode *node,
           const char    *parent_base)
{
  const char *xml_base;
  char *resolved;

  if (node->properties == NULL)
    return parent_base;
  xml_base = node_attr_full (P, node, "base", TRUE);
  if (xml_base == NULL)
    return parent_base;

  resolved = resolve_url (parent_base, xml_base);
  if (resolved == NULL)
    return parent_base;
  return pool_take (P, resolved);
}

static gboolean
is_void_element (const char *name)
{
  static const char * const names[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (names[i], name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
append_escaped (GString    *out,
                const char *text,
                gboolean    in_attribute)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"':
          if (in_attribute)
            g_string_append (out, "&quot;");
          else
            g_string_append_c (out, '"');
          break;
        default: g_string_append_c (out, *p);
        }
    }
}

/* Inline markup (Atom xhtml content, unescaped HTML in an RSS description)
 * written back as HTML: local names only, so "xhtml:p" becomes "p".
 */
static void
serialize_html (Parser        *P,
                const xmlNode *first,
                GString       *out)
{
  for (const xmlNode *node = first; node != NULL; node = node->next)
    {
      switch (node->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (node->content != NULL)
            append_escaped (out, (const char *) node->content, FALSE);
          break;
        case XML_ENTITY_REF_NODE:
          {
            GString *text = g_string_new (NULL);

            append_entity_ref (node, text);
            append_escaped (out, text->str, FALSE);
            g_string_free (text, TRUE);
          }
          break;
        case XML_ELEMENT_NODE:
          g_string_append_c (out, '<');
          g_string_append (out, (const char *) node->name);
          for (const xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
            {
              GString *value = g_string_new (NULL);

              collect_text (P, attr->children, value);
              g_string_append_printf (out, " %s=\"", (const char *) attr->name);
              append_escaped (out, value->str, TRUE);
              g_string_append_c (out, '"');
              g_string_free (value, TRUE);
            }
          g_string_append_c (out, '>');
          if (node->children == NULL && is_void_element ((const char *) node->name))
            break;
          serialize_html (P, node->children, out);
          g_string_append_printf (out, "</%s>", (const char *) node->name);
          break;
        default:
          break;
        }
    }
}

/* Frees @out, returning its text trimmed (NULL when blank). */
static char *
string_free_trimmed (GString *out)
{
  char *trimmed = strdup_trimmed (out->str);

  g_string_free (out, TRUE);
  return trimmed;
}

static gboolean
has_element_child (const xmlNode *node)
{
  for (const xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE)
        return TRUE;
    }
  return FALSE;
}

/* The HTML an RSS element carries: escaped or CDATA text, or (from sloppy
 * feeds) markup written straight into the element.
 */
static char *
node_html (Parser        *P,
           const xmlNode *node)
{
  GString *out;

  if (!has_element_child (node))
    return strdup_trimmed (node_text (P, node));

  out = g_string_new (NULL);
  serialize_html (P, node->children, out);
  return string_free_trimmed (out);
}

static void
take_html (Field      *field,
           char       *html,
           const char *base,
           int         rank)
{
  g_autofree char *owned = html;

  if (owned == NULL || !field_wants (field, rank))
    return;
  field_take (field, clean_item_html (owned, base), rank);
}

/* ── Values ───────────────────────────────────────────────────────────── */

static GDateTime *
read_date (Parser        *P,
           const xmlNode *node)
{
  const char *text = node_text (P, node);
  GDateTime *date;

  if (is_blank_text (text))
    return NULL;

  date = pn_date_parse (text);
  if (date == NULL)
    {
      g_autofree char *shown = clean_text (text, FALSE);

      if (P->item_number > 0)
        parser_warn (P, _("Item %u: unreadable date “%s” in <%s>, left out"),
                     P->item_number, shown, (const char *) node->name);
      else
        parser_warn (P, _("Feed: unreadable date “%s” in <%s>, left out"),
                     shown, (const char *) node->name);
    }
  return date;
}

static gint64
read_length (const char *text)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL)
    return 0;
  while (is_ascii_space (*text))
    text++;
  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || value < 0)
    return 0;
  return value;
}

/* RSS <author> and dc:creator: "jo@example.com (Jo Doe)", "Jo Doe
 * <jo@example.com>", a bare address or a bare name.
 */
static PnPerson *
person_from_text (const char *text)
{
  /* Not read as HTML: "<jo@example.com>" is an address, not a tag. */
  g_autofree char *trimmed = clean_text (text, FALSE);
  const char *open;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;

  if (trimmed == NULL)
    return NULL;

  if ((open = strchr (trimmed, '(')) != NULL && g_str_has_suffix (trimmed, ")"))
    {
      g_autofree char *before = g_strndup (trimmed, open - trimmed);
      g_autofree char *inside = g_strndup (open + 1, strlen (open + 1) - 1);

      g_strstrip (before);
      g_strstrip (inside);
      if (strchr (before, '@') != NULL && strchr (before, ' ') == NULL)
        {
          email = g_steal_pointer (&before);
          name = g_steal_pointer (&inside);
        }
      else if (strchr (inside, '@') != NULL && strchr (inside, ' ') == NULL)
        {
          email = g_steal_pointer (&inside);
          name = g_steal_pointer (&before);
        }
    }
  else if ((open = strchr (trimmed, '<')) != NULL && g_str_has_suffix (trimmed, ">"))
    {
      name = g_strndup (trimmed, open - trimmed);
      email = g_strndup (open + 1, strlen (open + 1) - 1);
      g_strstrip (name);
      g_strstrip (email);
    }
  else if (strchr (trimmed, '@') != NULL && strchr (trimmed, ' ') == NULL)
    email = g_steal_pointer (&trimmed);

  if (name == NULL && email == NULL)
    name = g_steal_pointer (&trimmed);
  if (email != NULL && g_str_has_prefix (email, "mailto:"))
    memmove (email, email + 7, strlen (email + 7) + 1);

  return pn_person_new (name != NULL && *name != '\0' ? name : NULL,
                        email != NULL && *email != '\0' ? email : NULL,
                        NULL);
}

/* Atom's <author>/<contributor>: name, email, uri (url in Atom 0.3). */
static PnPerson *
person_from_atom (Parser        *P,
                  const xmlNode *node,
                  const char    *base)
{
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  g_autofree char *uri = NULL;

  for (const xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (name_is (child, "name") && name == NULL)
        name = clean_text (node_text (P, child), FALSE);
      else if (name_is (child, "email") && email == NULL)
        email = strdup_trimmed (node_text (P, child));
      else if ((name_is (child, "uri") || name_is (child, "url")) && uri == NULL)
        uri = resolve_url (node_base (P, child, base), node_text (P, child));
    }

  if (name == NULL && email == NULL && uri == NULL)
    {
      /* Some feeds put the name straight into <author>. */
      return person_from_text (node_text (P, node));
    }
  return pn_person_new (name, email, uri);
}

static void
add_category (Entry *entry,
              char  *category)
{
  if (category == NULL)
    return;
  if (entry->categories == NULL)
    entry->categories = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < entry->categories->len; i++)
    {
      if (strcmp (g_ptr_array_index (entry->categories, i), category) == 0)
        {
          g_free (category);
          return;
        }
    }
  g_ptr_array_add (entry->categories, category);
}

static void
add_enclosure (Entry      *entry,
               char       *url,
               const char *type,
               gint64      length)
{
  g_autofree char *owned_url = url;
  g_autofree char *owned_type = strdup_trimmed (type);

  if (owned_url == NULL)
    return;
  if (entry->enclosures == NULL)
    entry->enclosures = g_ptr_array_new_with_free_func ((GDestroyNotify) pn_enclosure_free);
  for (guint i = 0; i < entry->enclosures->len; i++)
    {
      PnEnclosure *other = g_ptr_array_index (entry->enclosures, i);

      /* RSS <enclosure> and media:content often name the same file: keep
       * one, completed with what the other knows.
       */
      if (strcmp (other->url, owned_url) == 0)
        {
          if (other->mime_type == NULL)
            other->mime_type = g_steal_pointer (&owned_type);
          if (other->length == 0)
            other->length = length;
          return;
        }
    }
  g_ptr_array_add (entry->enclosures, pn_enclosure_new (owned_url, owned_type, length));
}

static gboolean
is_image_type (const char *type)
{
  return type != NULL && g_str_has_prefix (type, "image/");
}

/* The first <img src> in a body, for stories without an explicit thumbnail. */
static char *
first_image (const char *html,
             const char *base)
{
  const char *p = html;

  while (p != NULL && (p = strchr (p, '<')) != NULL)
    {
      const char *end, *src;
      char quote;
      g_autofree char *tag = NULL;
      g_autofree char *value = NULL;
      g_autofree char *decoded = NULL;

      p++;
      if (g_ascii_strncasecmp (p, "img", 3) != 0 || !(is_ascii_space (p[3]) || p[3] == '/'))
        continue;
      end = strchr (p, '>');
      if (end == NULL)
        return NULL;
      tag = g_ascii_strdown (p, end - p);
      src = tag;
      while ((src = strstr (src, "src")) != NULL)
        {
          if (is_ascii_space (src[-1]))
            break;
          src += 3;
        }
      if (src == NULL)
        continue;
      src += 3;
      while (is_ascii_space (*src))
        src++;
      if (*src != '=')
        continue;
      src++;
      while (is_ascii_space (*src))
        src++;
      /* Lower-cased only to find the attribute: read the value from the
       * original text at the same offset.
       */
      src = p + (src - tag);
      quote = *src;
      if (quote == '"' || quote == '\'')
        {
          const char *close = memchr (src + 1, quote, end - src - 1);

          if (close == NULL)
            continue;
          value = g_strndup (src + 1, close - src - 1);
        }
      else
        {
          const char *stop = src;

          while (stop < end && !is_ascii_space (*stop))
            stop++;
          value = g_strndup (src, stop - src);
        }
      decoded = clean_text (value, FALSE);
      return resolve_url (base, decoded);
    }
  return NULL;
}

/* ── Atom ─────────────────────────────────────────────────────────────── */

typedef enum
{
  TEXT_PLAIN,
  TEXT_HTML,
  TEXT_XHTML,
  TEXT_BASE64,
  TEXT_OTHER,
} TextType;

static TextType
atom_text_type (Parser        *P,
                const xmlNode *node)
{
  const char *type = node_attr (P, node, "type");
  const char *mode = node_attr (P, node, "mode");

  /* Atom 0.3: a MIME type plus a mode (xml, escaped, base64). */
  if (mode != NULL && strcmp (mode, "base64") == 0)
    return TEXT_BASE64;

  if (type == NULL || g_ascii_strcasecmp (type, "text") == 0 ||
      g_ascii_strcasecmp (type, "text/plain") == 0)
    {
      if (mode != NULL && strcmp (mode, "escaped") == 0)
        return TEXT_HTML;
      return TEXT_PLAIN;
    }
  if (g_ascii_strcasecmp (type, "html") == 0 || g_ascii_strcasecmp (type, "text/html") == 0)
    {
      if (mode != NULL && strcmp (mode, "xml") == 0 && has_element_child (node))
        return TEXT_XHTML;
      return TEXT_HTML;
    }
  if (g_ascii_strcasecmp (type, "xhtml") == 0 ||
      g_ascii_strcasecmp (type, "application/xhtml+xml") == 0)
    {
      if (mode != NULL && strcmp (mode, "escaped") == 0)
        return TEXT_HTML;
      return TEXT_XHTML;
    }
  if (g_str_has_prefix (type, "text/"))
    return TEXT_PLAIN;
  return TEXT_OTHER;
}

/* The children of xhtml content, without the wrapping <div> the spec
 * requires.
 */
static char *
atom_xhtml (Parser        *P,
            const xmlNode *node)
{
  const xmlNode *inner = node->children;
  GString *out = g_string_new (NULL);

  for (const xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (child->type == XML_ELEMENT_NODE)
        {
          if (name_is (child, "div"))
            inner = child->children;
          break;
        }
    }

  serialize_html (P, inner, out);
  return string_free_trimmed (out);
}

/* An Atom text construct as HTML (for summary and content). */
static char *
atom_html (Parser        *P,
           const xmlNode *node)
{
  switch (atom_text_type (P, node))
    {
    case TEXT_PLAIN:
      return text_to_html (node_text (P, node));
    case TEXT_HTML:
      return strdup_trimmed (node_text (P, node));
    case TEXT_XHTML:
      return atom_xhtml (P, node);
    case TEXT_BASE64:
      {
        g_autofree char *trimmed = strdup_trimmed (node_text (P, node));
        gsize len = 0;
        g_autofree guchar *data = NULL;

        if (trimmed == NULL)
          return NULL;
        data = g_base64_decode (trimmed, &len);
        if (!g_utf8_validate ((const char *) data, len, NULL))
          return NULL;
        return g_strndup ((const char *) data, len);
      }
    case TEXT_OTHER:
    default:
      return NULL;
    }
}

/* An Atom text construct as plain text (for titles). */
static char *
atom_plain (Parser        *P,
            const xmlNode *node)
{
  switch (atom_text_type (P, node))
    {
    case TEXT_PLAIN:
      return clean_text (node_text (P, node), FALSE);
    case TEXT_HTML:
    case TEXT_XHTML:
      return clean_text (node_text (P, node), TRUE);
    case TEXT_BASE64:
    case TEXT_OTHER:
    default:
      return NULL;
    }
}

typedef struct
{
  const char *rel;
  const char *type;
  const char *href;
  const char *length;
} AtomLink;

static gboolean
atom_link_read (Parser        *P,
                const xmlNode *node,
                AtomLink      *link)
{
  link->href = node_attr (P, node, "href");
  if (link->href == NULL)
    return FALSE;
  link->rel = node_attr (P, node, "rel");
  if (link->rel == NULL || *link->rel == '\0')
    link->rel = "alternate";
  link->type = node_attr (P, node, "type");
  link->length = node_attr (P, node, "length");
  return TRUE;
}

/* An alternate link to an HTML page beats one to another type. */
static int
atom_alternate_rank (const AtomLink *link,
                     int             best)
{
  if (link->type == NULL || g_ascii_strcasecmp (link->type, "text/html") == 0 ||
      g_ascii_strcasecmp (link->type, "application/xhtml+xml") == 0)
    return best;
  return best - 1;
}

static void
atom_entry_element (Parser        *P,
                    Entry         *entry,
                    const xmlNode *node,
                    const char    *base)
{
  const char *name = (const char *) node->name;

  if (strcmp (name, "id") == 0)
    field_take (&entry->guid, strdup_trimmed (node_text (P, node)), RANK_PRIMARY);
  else if (strcmp (name, "title") == 0)
    field_take (&entry->title, atom_plain (P, node), RANK_PRIMARY);
  else if (strcmp (name, "link") == 0)
    {
      AtomLink link;

      if (!atom_link_read (P, node, &link))
        return;
      if (strcmp (link.rel, "alternate") == 0)
        {
          int rank = atom_alternate_rank (&link, RANK_PRIMARY);

          if (field_wants (&entry->link, rank))
            field_take (&entry->link, resolve_url (base, link.href), rank);
        }
      else if (strcmp (link.rel, "enclosure") == 0)
        add_enclosure (entry, resolve_url (base, link.href), link.type, read_length (link.length));
      else if (strcmp (link.rel, "replies") == 0 &&
               (link.type == NULL || g_ascii_strcasecmp (link.type, "text/html") == 0))
        field_take (&entry->comments, resolve_url (base, link.href), RANK_SECONDARY);
    }
  else if (strcmp (name, "published") == 0 || strcmp (name, "issued") == 0)
    date_field_take (&entry->published, read_date (P, node), RANK_PRIMARY);
  else if (strcmp (name, "created") == 0)
    date_field_take (&entry->published, read_date (P, node), RANK_SECONDARY);
  else if (strcmp (name, "updated") == 0 || strcmp (name, "modified") == 0)
    date_field_take (&entry->updated, read_date (P, node), RANK_PRIMARY);
  else if (strcmp (name, "author") == 0)
    people_add (&entry->authors, person_from_atom (P, node, base), RANK_PRIMARY);
  else if (strcmp (name, "summary") == 0)
    take_html (&entry->summary, atom_html (P, node), base, RANK_PRIMARY);
  else if (strcmp (name, "content") == 0)
    {
      if (node_attr (P, node, "src") == NULL)
        take_html (&entry->content, atom_html (P, node), base, RANK_PRIMARY);
    }
  else if (strcmp (name, "category") == 0)
    {
      const char *label = node_attr (P, node, "label");
      const char *term = node_attr (P, node, "term");

      add_category (entry, clean_text (label != NULL ? label : term, FALSE));
    }
}

static void
atom_head_element (Parser        *P,
                   Head          *head,
                   const xmlNode *node,
                   const char    *base)
{
  const char *name = (const char *) node->name;

  if (strcmp (name, "title") == 0)
    field_take (&head->title, atom_plain (P, node), RANK_PRIMARY);
  else if (strcmp (name, "subtitle") == 0 || strcmp (name, "tagline") == 0)
    field_take (&head->subtitle, atom_plain (P, node), RANK_PRIMARY);
  else if (strcmp (name, "link") == 0)
    {
      AtomLink link;

      if (atom_link_read (P, node, &link) && strcmp (link.rel, "alternate") == 0)
        {
          int rank = atom_alternate_rank (&link, P->kind == KIND_ATOM ? RANK_PRIMARY
                                                                      : RANK_SECONDARY);

          if (field_wants (&head->link, rank))
            field_take (&head->link, resolve_url (base, link.href), rank);
        }
    }
  else if (strcmp (name, "updated") == 0 || strcmp (name, "modified") == 0)
    date_field_take (&head->updated, read_date (P, node), RANK_PRIMARY);
  else if (strcmp (name, "icon") == 0)
    field_take (&head->icon, resolve_url (base, node_text (P, node)), RANK_PRIMARY);
  else if (strcmp (name, "logo") == 0)
    field_take (&head->icon, resolve_url (base, node_text (P, node)), RANK_SECONDARY);
  else if (strcmp (name, "author") == 0)
    people_add (&head->authors, person_from_atom (P, node, base), RANK_PRIMARY);
  else if (strcmp (name, "generator") == 0)
    field_take (&head->generator, clean_text (node_text (P, node), FALSE), RANK_PRIMARY);
}

/* ── Extensions (dc:, dcterms:, content:, media:, itunes:, xhtml:) ───── */

static void
media_element (Parser        *P,
               Entry         *entry,
               const xmlNode *node,
               const char    *base)
{
  const char *name = (const char *) node->name;

  if (strcmp (name, "group") == 0)
    {
      for (const xmlNode *child = node->children; child != NULL; child = child->next)
        {
          if (child->type == XML_ELEMENT_NODE && node_ns (P, child) == NS_MEDIA)
            media_element (P, entry, child, node_base (P, child, base));
        }
    }
  else if (strcmp (name, "content") == 0)
    {
      const char *type = node_attr (P, node, "type");
      const char *medium = node_attr (P, node, "medium");
      g_autofree char *url = resolve_url (base, node_attr (P, node, "url"));

      if (url == NULL)
        return;
      if ((is_image_type (type) || g_strcmp0 (medium, "image") == 0) &&
          field_wants (&entry->thumbnail, RANK_SECONDARY))
        field_take (&entry->thumbnail, g_strdup (url), RANK_SECONDARY);
      add_enclosure (entry, g_steal_pointer (&url), type,
                     read_length (node_attr (P, node, "fileSize")));
      /* A thumbnail of the media file itself. */
      for (const xmlNode *child = node->children; child != NULL; child = child->next)
        {
          if (child->type == XML_ELEMENT_NODE && node_ns (P, child) == NS_MEDIA &&
              name_is (child, "thumbnail"))
            media_element (P, entry, child, node_base (P, child, base));
        }
    }
  else if (strcmp (name, "thumbnail") == 0)
    {
      if (field_wants (&entry->thumbnail, RANK_PRIMARY))
        field_take (&entry->thumbnail, resolve_url (base, node_attr (P, node, "url")),
                    RANK_PRIMARY);
    }
  else if (strcmp (name, "title") == 0)
    {
      const char *type = node_attr (P, node, "type");

      field_take (&entry->title, clean_text (node_text (P, node), g_strcmp0 (type, "html") == 0),
                  RANK_FALLBACK);
    }
  else if (strcmp (name, "description") == 0)
    {
      const char *type = node_attr (P, node, "type");

      if (!field_wants (&entry->summary, RANK_FALLBACK))
        return;
      if (g_strcmp0 (type, "html") == 0)
        take_html (&entry->summary, strdup_trimmed (node_text (P, node)), base, RANK_FALLBACK);
      else
        take_html (&entry->summary, text_to_html (node_text (P, node)), base, RANK_FALLBACK);
    }
}

static void
extension_entry_element (Parser        *P,
                         Entry         *entry,
                         const xmlNode *node,
                         NsId           ns,
                         const char    *base)
{
  const char *name = (const char *) node->name;

  switch (ns)
    {
    case NS_DC:
      if (strcmp (name, "creator") == 0)
        people_add (&entry->authors, person_from_text (node_text (P, node)), RANK_SECONDARY);
      else if (strcmp (name, "date") == 0)
        date_field_take (&entry->published, read_date (P, node), RANK_SECONDARY);
      else if (strcmp (name, "subject") == 0)
        add_category (entry, clean_text (node_text (P, node), FALSE));
      else if (strcmp (name, "title") == 0)
        field_take (&entry->title, clean_text (node_text (P, node), TRUE), RANK_SECONDARY);
      else if (strcmp (name, "description") == 0)
        take_html (&entry->summary, node_html (P, node), base, RANK_SECONDARY);
      else if (strcmp (name, "identifier") == 0)
        field_take (&entry->guid, strdup_trimmed (node_text (P, node)), RANK_SECONDARY);
      break;
    case NS_DCTERMS:
      if (strcmp (name, "modified") == 0)
        date_field_take (&entry->updated, read_date (P, node), RANK_SECONDARY);
      else if (strcmp (name, "created") == 0 || strcmp (name, "issued") == 0)
        date_field_take (&entry->published, read_date (P, node), RANK_FALLBACK);
      break;
    case NS_CONTENT:
      if (strcmp (name, "encoded") == 0)
        take_html (&entry->content, node_html (P, node), base, RANK_PRIMARY);
      break;
    case NS_MEDIA:
      media_element (P, entry, node, base);
      break;
    case NS_ITUNES:
      if (strcmp (name, "image") == 0)
        field_take (&entry->thumbnail, resolve_url (base, node_attr (P, node, "href")),
                    RANK_FALLBACK);
      else if (strcmp (name, "author") == 0)
        people_add (&entry->authors, person_from_text (node_text (P, node)), RANK_FALLBACK);
      else if (strcmp (name, "summary") == 0 && field_wants (&entry->summary, RANK_FALLBACK))
        take_html (&entry->summary, text_to_html (node_text (P, node)), base, RANK_FALLBACK);
      break;
    case NS_XHTML:
      if (strcmp (name, "body") == 0 && field_wants (&entry->content, RANK_SECONDARY))
        {
          GString *out = g_string_new (NULL);

          serialize_html (P, node->children, out);
          take_html (&entry->content, string_free_trimmed (out), base, RANK_SECONDARY);
        }
      break;
    case NS_NONE:
    case NS_RSS:
    case NS_ATOM:
    case NS_ATOM03:
    case NS_RDF:
    case NS_OTHER:
    default:
      break;
    }
}

static void
extension_head_element (Parser        *P,
                        Head          *head,
                        const xmlNode *node,
                        NsId           ns,
                        const char    *base)
{
  const char *name = (const char *) node->name;

  switch (ns)
    {
    case NS_DC:
      if (strcmp (name, "title") == 0)
        field_take (&head->title, clean_text (node_text (P, node), TRUE), RANK_SECONDARY);
      else if (strcmp (name, "description") == 0)
        field_take (&head->subtitle, clean_text (node_text (P, node), TRUE), RANK_SECONDARY);
      else if (strcmp (name, "language") == 0)
        field_take (&head->language, strdup_trimmed (node_text (P, node)), RANK_SECONDARY);
      else if (strcmp (name, "date") == 0)
        date_field_take (&head->updated, read_date (P, node), RANK_SECONDARY);
      else if (strcmp (name, "creator") == 0)
        people_add (&head->authors, person_from_text (node_text (P, node)), RANK_SECONDARY);
      else if (strcmp (name, "publisher") == 0)
        people_add (&head->authors, person_from_text (node_text (P, node)), RANK_FALLBACK);
      break;
    case NS_DCTERMS:
      if (strcmp (name, "modified") == 0)
        date_field_take (&head->updated, read_date (P, node), RANK_SECONDARY);
      break;
    case NS_ITUNES:
      if (strcmp (name, "image") == 0)
        field_take (&head->icon, resolve_url (base, node_attr (P, node, "href")), RANK_FALLBACK);
      else if (strcmp (name, "author") == 0)
        people_add (&head->authors, person_from_text (node_text (P, node)), RANK_FALLBACK);
      else if (strcmp (name, "subtitle") == 0 || strcmp (name, "summary") == 0)
        field_take (&head->subtitle, clean_text (node_text (P, node), FALSE), RANK_FALLBACK);
      break;
    case NS_NONE:
    case NS_RSS:
    case NS_ATOM:
    case NS_ATOM03:
    case NS_RDF:
    case NS_CONTENT:
    case NS_MEDIA:
    case NS_XHTML:
    case NS_OTHER:
    default:
      break;
    }
}

/* ── RSS ──────────────────────────────────────────────────────────────── */

static void
rss_entry_element (Parser        *P,
                   Entry         *entry,
                   const xmlNode *node,
                   const char    *base)
{
  const char *name = (const char *) node->name;

  if (strcmp (name, "title") == 0)
    field_take (&entry->title, clean_text (node_text (P, node), TRUE), RANK_PRIMARY);
  else if (strcmp (name, "link") == 0)
    field_take (&entry->link, resolve_url (base, node_text (P, node)), RANK_PRIMARY);
  else if (strcmp (name, "description") == 0)
    take_html (&entry->summary, node_html (P, node), base, RANK_PRIMARY);
  else if (strcmp (name, "guid") == 0)
    {
      const char *permalink = node_attr (P, node, "isPermaLink");

      field_take (&entry->guid, strdup_trimmed (node_text (P, node)), RANK_PRIMARY);
      entry->guid_is_permalink = permalink == NULL || g_ascii_strcasecmp (permalink, "false") != 0;
    }
  else if (strcmp (name, "pubDate") == 0)
    date_field_take (&entry->published, read_date (P, node), RANK_PRIMARY);
  else if (strcmp (name, "author") == 0)
    people_add (&entry->authors, person_from_text (node_text (P, node)), RANK_PRIMARY);
  else if (strcmp (name, "category") == 0)
    add_category (entry, clean_text (node_text (P, node), TRUE));
  else if (strcmp (name, "enclosure") == 0)
    add_enclosure (entry, resolve_url (base, node_attr (P, node, "url")),
                   node_attr (P, node, "type"), read_length (node_attr (P, node, "length")));
  else if (strcmp (name, "comments") == 0)
    field_take (&entry->comments, resolve_url (base, node_text (P, node)), RANK_PRIMARY);
}

static void
rss_head_element (Parser        *P,
                  Head          *head,
                  const xmlNode *node,
                  const char    *base)
{
  const char *name = (const char *) node->name;

  if (strcmp (name, "title") == 0)
    field_take (&head->title, clean_text (node_text (P, node), TRUE), RANK_PRIMARY);
  else if (strcmp (name, "link") == 0)
    field_take (&head->link, resolve_url (base, node_text (P, node)), RANK_PRIMARY);
  else if (strcmp (name, "description") == 0)
    field_take (&head->subtitle, clean_text (node_text (P, node), TRUE), RANK_PRIMARY);
  else if (strcmp (name, "language") == 0)
    field_take (&head->language, strdup_trimmed (node_text (P, node)), RANK_PRIMARY);
  else if (strcmp (name, "lastBuildDate") == 0)
    date_field_take (&head->updated, read_date (P, node), RANK_PRIMARY);
  else if (strcmp (name, "pubDate") == 0)
    date_field_take (&head->updated, read_date (P, node), RANK_SECONDARY);
  else if (strcmp (name, "generator") == 0)
    field_take (&head->generator, clean_text (node_text (P, node), TRUE), RANK_PRIMARY);
  else if (strcmp (name, "managingEditor") == 0)
    people_add (&head->authors, person_from_text (node_text (P, node)), RANK_PRIMARY);
  else if (strcmp (name, "image") == 0)
    {
      const char *image_base = base;

      for (const xmlNode *child = node->children; child != NULL; child = child->next)
        {
          if (child->type == XML_ELEMENT_NODE && name_is (child, "url"))
            {
              image_base = node_base (P, child, base);
              field_take (&head->icon, resolve_url (image_base, node_text (P, child)),
                          RANK_PRIMARY);
            }
        }
    }
}

/* ── Walk ─────────────────────────────────────────────────────────────── */

static gboolean
is_main_ns (Parser *P,
            NsId    ns)
{
  if (P->kind == KIND_RSS)
    return ns == NS_NONE || ns == NS_RSS;
  return ns == NS_ATOM || ns == NS_ATOM03 || ns == NS_NONE;
}

static PnStory *
entry_to_story (Parser *P,
                Entry  *entry,
                People *feed_authors)
{
  g_autofree char *id = NULL;
  g_autoptr(PnStory) story = NULL;

  if (entry->link.value == NULL && entry->guid.value != NULL && entry->guid_is_permalink &&
      (g_str_has_prefix (entry->guid.value, "http://") ||
       g_str_has_prefix (entry->guid.value, "https://")))
    field_take (&entry->link, resolve_url (entry->base, entry->guid.value), RANK_FALLBACK);

  if (entry->title.value == NULL && entry->link.value == NULL && entry->guid.value == NULL &&
      entry->summary.value == NULL && entry->content.value == NULL && entry->enclosures == NULL)
    {
      parser_warn (P, _("Item %u: empty, skipped"), P->item_number);
      return NULL;
    }

  if (entry->thumbnail.value == NULL && entry->enclosures != NULL)
    {
      for (guint i = 0; i < entry->enclosures->len; i++)
        {
          const PnEnclosure *enclosure = g_ptr_array_index (entry->enclosures, i);

          if (is_image_type (enclosure->mime_type))
            {
              field_take (&entry->thumbnail, g_strdup (enclosure->url), RANK_FALLBACK);
              break;
            }
        }
    }
  if (entry->thumbnail.value == NULL && entry->content.value != NULL)
    field_take (&entry->thumbnail, first_image (entry->content.value, entry->base), RANK_FALLBACK);
  if (entry->thumbnail.value == NULL && entry->summary.value != NULL)
    field_take (&entry->thumbnail, first_image (entry->summary.value, entry->base), RANK_FALLBACK);

  id = pn_story_make_id (P->source_id, entry->guid.value, entry->link.value,
                         entry->title.value, entry->published.value);
  story = pn_story_new (id, P->source_id);
  pn_story_set_guid (story, entry->guid.value);
  pn_story_set_title (story, entry->title.value);
  pn_story_set_link (story, entry->link.value);
  pn_story_set_published (story, entry->published.value);
  pn_story_set_updated (story, entry->updated.value);
  if (entry->authors.people != NULL && entry->authors.people->len > 0)
    pn_story_set_authors (story, entry->authors.people);
  else if (feed_authors != NULL && feed_authors->people != NULL && feed_authors->people->len > 0)
    pn_story_set_authors (story, feed_authors->people);
  pn_story_set_summary (story, entry->summary.value);
  pn_story_set_content (story, entry->content.value);
  if (entry->categories != NULL)
    {
      g_ptr_array_add (entry->categories, NULL);
      pn_story_set_categories (story, (const char * const *) entry->categories->pdata);
    }
  pn_story_set_enclosures (story, entry->enclosures);
  pn_story_set_comments_url (story, entry->comments.value);
  pn_story_set_thumbnail_url (story, entry->thumbnail.value);

  return g_steal_pointer (&story);
}

static void
walk_entry (Parser        *P,
            const xmlNode *node,
            const char    *parent_base,
            GPtrArray     *entries)
{
  Entry *entry = g_new0 (Entry, 1);
  const char *about;

  P->item_number = entries->len + 1;
  entry->number = P->item_number;
  entry->base = node_base (P, node, parent_base);

  /* RSS 1.0 names each item with rdf:about. */
  about = node->properties != NULL ? node_attr (P, node, "about") : NULL;
  if (about != NULL)
    field_take (&entry->guid, strdup_trimmed (about), RANK_FALLBACK);

  for (const xmlNode *child = node->children; child != NULL; child = child->next)
    {
      const char *base;
      NsId ns;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      base = node_base (P, child, entry->base);
      ns = node_ns (P, child);
      if (is_main_ns (P, ns))
        {
          if (P->kind == KIND_RSS)
            rss_entry_element (P, entry, child, base);
          else
            atom_entry_element (P, entry, child, base);
        }
      else if (ns == NS_ATOM || ns == NS_ATOM03)
        atom_entry_element (P, entry, child, base);
      else
        extension_entry_element (P, entry, child, ns, base);
    }

  g_ptr_array_add (entries, entry);
}

static void
walk_head_element (Parser        *P,
                   Head          *head,
                   const xmlNode *child,
                   const char    *base)
{
  NsId ns = node_ns (P, child);

  if (is_main_ns (P, ns))
    {
      if (P->kind == KIND_RSS)
        rss_head_element (P, head, child, base);
      else
        atom_head_element (P, head, child, base);
    }
  else if (ns == NS_ATOM || ns == NS_ATOM03)
    atom_head_element (P, head, child, base);
  else
    extension_head_element (P, head, child, ns, base);
}

static gboolean
is_entry_element (Parser        *P,
                  const xmlNode *node)
{
  NsId ns = node_ns (P, node);

  if (P->kind == KIND_RSS)
    return (ns == NS_NONE || ns == NS_RSS) && name_is (node, "item");
  return is_main_ns (P, ns) && name_is (node, "entry");
}

/* <channel> (RSS) or <feed> (Atom): metadata and entries side by side. */
static void
walk_channel (Parser        *P,
              Head          *head,
              const xmlNode *channel,
              const char    *parent_base,
              GPtrArray     *entries)
{
  const char *base = node_base (P, channel, parent_base);

  for (const xmlNode *child = channel->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (is_entry_element (P, child))
        walk_entry (P, child, base, entries);
      else
        walk_head_element (P, head, child, node_base (P, child, base));
    }
  P->item_number = 0;
}

/* RSS 2.0 keeps items in <channel>, RSS 0.90 and 1.0 beside it (with the
 * image), and broken feeds either way: items are taken from both levels.
 */
static void
walk_root (Parser        *P,
           Head          *head,
           const xmlNode *root,
           const char    *base_url,
           GPtrArray     *entries)
{
  const char *base;

  if (P->kind == KIND_ATOM)
    {
      walk_channel (P, head, root, base_url, entries);
      return;
    }

  base = node_base (P, root, base_url);
  for (const xmlNode *child = root->children; child != NULL; child = child->next)
    {
      NsId ns;

      if (child->type != XML_ELEMENT_NODE)
        continue;
      ns = node_ns (P, child);
      if (ns != NS_NONE && ns != NS_RSS)
        continue;
      if (name_is (child, "channel"))
        walk_channel (P, head, child, base, entries);
      else if (name_is (child, "item"))
        walk_entry (P, child, base, entries);
      else if (name_is (child, "image"))
        rss_head_element (P, head, child, node_base (P, child, base));
    }
  P->item_number = 0;
}

static PnFeed *
build_feed (Parser    *P,
            Head      *head,
            GPtrArray *entries)
{
  g_autoptr(PnFeed) feed = pn_feed_new (P->format);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  People *inherited = NULL;

  /* Atom and JSON Feed say that entries without authors have the feed's. */
  if (P->kind == KIND_ATOM || g_str_has_prefix (P->format, "jsonfeed"))
    inherited = &head->authors;

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      PnStory *story;

      P->item_number = entry->number;
      story = entry_to_story (P, entry, inherited);
      if (story != NULL)
        g_ptr_array_add (items, story);
    }

  pn_feed_set_title (feed, head->title.value);
  pn_feed_set_link (feed, head->link.value);
  pn_feed_set_subtitle (feed, head->subtitle.value);
  pn_feed_set_language (feed, head->language.value);
  pn_feed_set_updated (feed, head->updated.value);
  pn_feed_set_icon (feed, head->icon.value);
  if (head->authors.people != NULL && head->authors.people->len > 0)
    pn_feed_set_authors (feed, head->authors.people);
  pn_feed_set_generator (feed, head->generator.value);
  pn_feed_set_items (feed, items);

  if (P->dropped_warnings > 0)
    g_ptr_array_add (P->warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "…and %u more warning",
                                                   "…and %u more warnings",
                                                   P->dropped_warnings),
                                      P->dropped_warnings));
  g_ptr_array_add (P->warnings, NULL);
  pn_feed_set_warnings (feed, (const char * const *) P->warnings->pdata);

  return g_steal_pointer (&feed);
}

static void
entry_free (gpointer data)
{
  entry_clear (data);
  g_free (data);
}

/* ── Detection ────────────────────────────────────────────────────────── */

typedef struct
{
  const char *format;
  /* What was found instead of a feed, for the error message. */
  char       *found;
  gboolean    utf16;
  gboolean    json;
} Detection;

static const char *
find_bytes (const char *haystack,
            gsize       len,
            const char *needle)
{
  gsize needle_len = strlen (needle);
  const char *p = haystack;
  const char *end = haystack + len;

  while (needle_len <= (gsize) (end - p) &&
         (p = memchr (p, needle[0], end - p - needle_len + 1)) != NULL)
    {
      if (memcmp (p, needle, needle_len) == 0)
        return p;
      p++;
    }
  return NULL;
}

/* A root element decides the format; shared by the byte scanner and the
 * parsed tree so both always agree.
 */
static const char *
format_for_root (const char  *local,
                 const char  *ns,
                 const char  *version,
                 const char  *all_namespaces,
                 char       **found)
{
  if (g_ascii_strcasecmp (local, "rss") == 0)
    {
      if (version != NULL && g_str_has_prefix (version, "0.9"))
        return "rss0.9x";
      return "rss2.0";
    }
  if (strcmp (local, "RDF") == 0)
    {
      if (all_namespaces != NULL && strstr (all_namespaces, "http://purl.org/rss/1.0/") != NULL)
        return "rss1.0";
      if (all_namespaces != NULL &&
          strstr (all_namespaces, "http://my.netscape.com/rdf/simple/0.9/") != NULL)
        return "rss0.9x";
      *found = g_strdup (_("an RDF document without RSS"));
      return NULL;
    }
  if (strcmp (local, "feed") == 0)
    {
      if (g_strcmp0 (ns, "http://purl.org/atom/ns#") == 0 ||
          (ns == NULL && g_strcmp0 (version, "0.3") == 0))
        return "atom0.3";
      if (ns == NULL || strcmp (ns, "http://www.w3.org/2005/Atom") == 0)
        return "atom1.0";
    }
  if (g_ascii_strcasecmp (local, "html") == 0 || g_ascii_strcasecmp (local, "head") == 0 ||
      g_ascii_strcasecmp (local, "body") == 0)
    *found = g_strdup (_("an HTML page"));
  else if (g_ascii_strcasecmp (local, "opml") == 0)
    *found = g_strdup (_("an OPML subscription list"));
  else
    *found = g_strdup_printf (_("an XML document whose root element is <%s>"), local);
  return NULL;
}

/* The value of attribute @name in the text of a start tag (copied). */
static char *
tag_attr (const char *tag,
          gsize       len,
          const char *name)
{
  gsize name_len = strlen (name);

  for (gsize i = 1; i + name_len < len; i++)
    {
      gsize j;
      char quote;
      const char *close;

      if (!is_ascii_space (tag[i - 1]) || memcmp (tag + i, name, name_len) != 0)
        continue;
      j = i + name_len;
      while (j < len && is_ascii_space (tag[j]))
        j++;
      if (j >= len || tag[j] != '=')
        continue;
      j++;
      while (j < len && is_ascii_space (tag[j]))
        j++;
      if (j >= len || (tag[j] != '"' && tag[j] != '\''))
        continue;
      quote = tag[j];
      close = memchr (tag + j + 1, quote, len - j - 1);
      if (close == NULL)
        return NULL;
      return g_strndup (tag + j + 1, close - (tag + j + 1));
    }
  return NULL;
}

static const char *
detect_xml (const char *s,
            gsize       n,
            char      **found)
{
  gsize i = 0;

  while (i < n && i < MAX_PROLOG)
    {
      const char *rest = s + i;
      gsize left = n - i;

      if (is_ascii_space (*rest))
        {
          i++;
          continue;
        }
      if (*rest != '<')
        break;
      if (left >= 2 && rest[1] == '?')
        {
          const char *end = find_bytes (rest, left, "?>");

          if (end == NULL)
            break;
          i = end + 2 - s;
        }
      else if (left >= 4 && memcmp (rest, "<!--", 4) == 0)
        {
          const char *end = find_bytes (rest, left, "-->");

          if (end == NULL)
            break;
          i = end + 3 - s;
        }
      else if (left >= 2 && rest[1] == '!')
        {
          int depth = 0;
          gsize j;

          if (left >= 14 && g_ascii_strncasecmp (rest, "<!DOCTYPE", 9) == 0)
            {
              gsize k = 9;

              while (k < left && is_ascii_space (rest[k]))
                k++;
              if (left - k >= 4 && g_ascii_strncasecmp (rest + k, "html", 4) == 0 &&
                  (k + 4 == left || !is_name_char (rest[k + 4])))
                {
                  *found = g_strdup (_("an HTML page"));
                  return NULL;
                }
            }
          for (j = 2; j < left; j++)
            {
              if (rest[j] == '[')
                depth++;
              else if (rest[j] == ']')
                depth--;
              else if (rest[j] == '>' && depth <= 0)
                break;
            }
          if (j >= left)
            break;
          i += j + 1;
        }
      else if (left >= 2 && (g_ascii_isalpha (rest[1]) || rest[1] == '_'))
        {
          gsize name_len = 1, tag_len;
          const char *tag_end;
          g_autofree char *qname = NULL;
          g_autofree char *ns_attr = NULL;
          g_autofree char *ns = NULL;
          g_autofree char *version = NULL;
          g_autofree char *tag = NULL;
          const char *colon, *local;

          while (name_len < left && is_name_char (rest[name_len]))
            name_len++;
          qname = g_strndup (rest + 1, name_len - 1);
          tag_end = memchr (rest, '>', MIN (left, MAX_PROLOG));
          tag_len = tag_end != NULL ? (gsize) (tag_end - rest) : MIN (left, MAX_PROLOG);
          tag = g_strndup (rest, tag_len);

          colon = strrchr (qname, ':');
          local = colon != NULL ? colon + 1 : qname;
          ns_attr = colon != NULL ? g_strdup_printf ("xmlns:%.*s", (int) (colon - qname), qname)
                                  : g_strdup ("xmlns");
          ns = tag_attr (tag, tag_len, ns_attr);
          version = tag_attr (tag, tag_len, "version");
          return format_for_root (local, ns, version, tag, found);
        }
      else
        break;
    }

  *found = g_strdup (_("plain text"));
  return NULL;
}

static const char *
detect_json (const char *s,
             gsize       n,
             char      **found)
{
  const char *p = find_bytes (s, n, "jsonfeed.org");
  const char *end = s + n;
  const char *want = "/version/1";

  if (p == NULL || *s != '{')
    {
      *found = g_strdup (_("a JSON document that is not a JSON Feed"));
      return NULL;
    }

  /* Encoders may escape "/" as "\/". */
  p += strlen ("jsonfeed.org");
  for (; *want != '\0'; want++)
    {
      while (p < end && *p == '\\')
        p++;
      if (p >= end || *p != *want)
        {
          *found = g_strdup (_("a JSON document that is not a JSON Feed"));
          return NULL;
        }
      p++;
    }
  if (p + 1 < end && p[0] == '.' && p[1] == '1')
    return "jsonfeed1.1";
  return "jsonfeed1.0";
}

static gboolean
looks_binary (const char *s,
              gsize       n)
{
  gsize check = MIN (n, 4096);
  const char *end = NULL;

  if (memchr (s, '\0', check) != NULL)
    return TRUE;
  if (!g_utf8_validate (s, check, &end))
    return end < s + check - 4;
  return FALSE;
}

static const char *
detect (const char *data,
        gsize       len,
        Detection  *detection)
{
  g_autofree char *narrow = NULL;
  const char *s = data;
  gsize n = len;
  gsize i = 0;

  /* UTF-16 (with a BOM, or by the "<" of the first markup): scan an ASCII
   * rendering of the start; libxml2 decodes the real thing.
   */
  if (len >= 2 && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
                   ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF) ||
                   (data[0] == '<' && data[1] == '\0') || (data[0] == '\0' && data[1] == '<')))
    {
      gboolean big = (guchar) data[0] == 0xFE || data[0] == '\0';
      gsize units = MIN (len, 2 * MAX_PROLOG) / 2;
      gsize start = (guchar) data[0] >= 0xFE ? 1 : 0;

      narrow = g_malloc (units + 1);
      n = 0;
      for (gsize u = start; u < units; u++)
        {
          guchar hi = big ? data[2 * u] : data[2 * u + 1];
          guchar lo = big ? data[2 * u + 1] : data[2 * u];

          narrow[n++] = hi == 0 && lo != 0 && lo < 0x80 ? (char) lo : '?';
        }
      narrow[n] = '\0';
      s = narrow;
      detection->utf16 = TRUE;
    }

  if (n >= 3 && memcmp (s, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < n && is_ascii_space (s[i]))
    i++;

  if (i == n)
    {
      detection->found = g_strdup (_("an empty file"));
      return NULL;
    }

  switch (s[i])
    {
    case '<':
      detection->format = detect_xml (s + i, n - i, &detection->found);
      break;
    case '{':
    case '[':
      detection->json = TRUE;
      detection->format = detect_json (s + i, n - i, &detection->found);
      break;
    default:
      if (n - i >= 2 && (guchar) s[i] == 0x1F && (guchar) s[i + 1] == 0x8B)
        detection->found = g_strdup (_("gzip-compressed data"));
      else if (n - i >= 4 && (memcmp (s + i, "\x89PNG", 4) == 0 ||
                              memcmp (s + i, "GIF8", 4) == 0 ||
                              memcmp (s + i, "\xFF\xD8\xFF", 3) == 0))
        detection->found = g_strdup (_("an image"));
      else if (n - i >= 5 && memcmp (s + i, "%PDF-", 5) == 0)
        detection->found = g_strdup (_("a PDF document"));
      else if (looks_binary (s + i, n - i))
        detection->found = g_strdup (_("binary data"));
      else
        detection->found = g_strdup (_("plain text"));
      break;
    }

  return detection->format;
}

/**
 * pn_feed_detect_format:
 * @data: the start of a document (or all of it)
 * @len: its length in bytes
 *
 * Recognises a feed from its content alone (never from a file name or a
 * Content-Type): the root element of an XML document, or the version of a
 * JSON Feed.
 *
 * Returns: (nullable): "rss0.9x", "rss1.0", "rss2.0", "atom0.3", "atom1.0",
 *   "jsonfeed1.0" or "jsonfeed1.1"; NULL when it is not a feed
 */
const char *
pn_feed_detect_format (const char *data,
                       gsize       len)
{
  Detection detection = { 0 };
  const char *format;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  format = detect (data, len, &detection);
  g_free (detection.found);
  return format;
}

/* ── Encoding ─────────────────────────────────────────────────────────── */

/* Windows-1252's 0x80–0x9F; the five unassigned bytes map to the C1
 * controls, as browsers do.
 */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static char *
cp1252_to_utf8 (const char *data,
                gsize       len,
                gsize      *out_len)
{
  GString *out = g_string_sized_new (len + len / 8);

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) data[i];

      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else if (c < 0xA0)
        g_string_append_unichar (out, cp1252_high[c - 0x80]);
      else
        g_string_append_unichar (out, c);
    }
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

static gboolean
has_high_bytes (const char *data,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      if ((guchar) data[i] >= 0x80)
        return TRUE;
    }
  return FALSE;
}

/* The encoding named in "<?xml … encoding='…'?>", lower-cased. */
static char *
declared_encoding (const char *data,
                   gsize       len)
{
  const char *end;
  gsize decl_len;

  if (len < 5 || memcmp (data, "<?xml", 5) != 0)
    return NULL;
  end = find_bytes (data, MIN (len, 1024), "?>");
  if (end == NULL)
    return NULL;
  decl_len = end - data;
  {
    g_autofree char *value = tag_attr (data, decl_len, "encoding");

    return value != NULL ? g_ascii_strdown (value, -1) : NULL;
  }
}

static gboolean
is_utf8_name (const char *name)
{
  return strcmp (name, "utf-8") == 0 || strcmp (name, "utf8") == 0;
}

static gboolean
is_western_single_byte (const char *name)
{
  static const char * const names[] = {
    "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
    "windows-1252", "cp1252", "x-cp1252",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (strcmp (names[i], name) == 0)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  const char *data;
  gsize       len;
  char       *owned;
  int         extra_options;
} XmlInput;

/* Bytes libxml2 can read right: NUL bytes removed, and the declared
 * encoding checked against the bytes. A UTF-8 document that is not UTF-8 is
 * read as Windows-1252 (what such documents nearly always are); a document
 * declared Latin-1 that is valid UTF-8 with non-ASCII text is UTF-8; Latin-1
 * is read as Windows-1252 so that "smart quotes" survive.
 */
static void
prepare_xml_input (Parser     *P,
                   const char *data,
                   gsize       len,
                   gboolean    utf16,
                   XmlInput   *input)
{
  g_autofree char *encoding = NULL;
  const char *body = data;
  gsize body_len = len;
  gboolean bom = FALSE;

  input->data = data;
  input->len = len;

  if (utf16)
    return;

  if (memchr (data, '\0', len) != NULL)
    {
      char *copy = g_malloc (len);
      gsize n = 0;

      for (gsize i = 0; i < len; i++)
        {
          if (data[i] != '\0')
            copy[n++] = data[i];
        }
      parser_warn (P, _("The feed contains NUL bytes; they were removed"));
      input->owned = copy;
      input->data = copy;
      input->len = n;
    }

  if (input->len >= 3 && memcmp (input->data, "\xEF\xBB\xBF", 3) == 0)
    {
      bom = TRUE;
      body = input->data + 3;
      body_len = input->len - 3;
    }
  else
    {
      body = input->data;
      body_len = input->len;
    }

  /* Blank lines before the XML declaration (left by server-side templates)
   * are a fatal error to libxml2; nothing is lost by skipping them.
   */
  {
    gsize skip = 0;

    while (skip < body_len && is_ascii_space (body[skip]))
      skip++;
    if (skip > 0 && skip + 5 <= body_len && memcmp (body + skip, "<?xml", 5) == 0)
      {
        body += skip;
        body_len -= skip;
        input->data = body;
        input->len = body_len;
        bom = FALSE;
      }
  }

  encoding = declared_encoding (body, body_len);

  if (bom || encoding == NULL || is_utf8_name (encoding))
    {
      if (g_utf8_validate_len (body, body_len, NULL))
        {
          if (encoding != NULL && !is_utf8_name (encoding))
            input->extra_options = XML_PARSE_IGNORE_ENC;
          return;
        }
      if (encoding != NULL && !is_utf8_name (encoding))
        {
          /* A BOM says UTF-8 but the declaration says otherwise, and the
           * bytes are not UTF-8: believe the declaration.
           */
          input->data = body;
          input->len = body_len;
          if (!is_western_single_byte (encoding))
            return;
        }
      else
        parser_warn (P, _("The feed is not valid UTF-8; it was read as Windows-1252"));
    }
  else if (is_western_single_byte (encoding))
    {
      if (!has_high_bytes (body, body_len))
        return;
      if (g_utf8_validate_len (body, body_len, NULL))
        {
          parser_warn (P, _("The feed declares the encoding “%s” but is UTF-8; it was read as UTF-8"),
                       encoding);
          input->extra_options = XML_PARSE_IGNORE_ENC;
          return;
        }
    }
  else
    return;

  {
    gsize converted_len = 0;
    char *converted = cp1252_to_utf8 (body, body_len, &converted_len);

    g_free (input->owned);
    input->owned = converted;
    input->data = converted;
    input->len = converted_len;
    input->extra_options = XML_PARSE_IGNORE_ENC;
  }
}

/* ── libxml2 hooks ────────────────────────────────────────────────────── */

static void
entity_free (gpointer data)
{
  xmlEntity *entity = data;

  g_free ((char *) entity->name);
  g_free (entity->content);
  g_free (entity);
}

/* XML knows five entities; feeds use all of HTML's. Undeclared names that
 * HTML defines are handed to libxml2 as predefined entities, so "&eacute;"
 * reads as "é" instead of vanishing.
 */
static xmlEntityPtr
get_entity_cb (void          *user_data,
               const xmlChar *name)
{
  xmlParserCtxtPtr ctxt = user_data;
  Parser *P = ctxt->_private;
  xmlEntity *entity;
  const htmlEntityDesc *desc;
  char utf8[8];
  gsize len;

  entity = xmlSAX2GetEntity (user_data, name);
  if (entity != NULL)
    return entity;

  entity = g_hash_table_lookup (P->entities, name);
  if (entity != NULL)
    return entity;

  desc = htmlEntityLookup (name);
  if (desc == NULL)
    return NULL;

  len = g_unichar_to_utf8 (desc->value, utf8);
  entity = g_new0 (xmlEntity, 1);
  entity->type = XML_ENTITY_DECL;
  entity->etype = XML_INTERNAL_PREDEFINED_ENTITY;
  entity->name = (const xmlChar *) g_strdup ((const char *) name);
  entity->content = (xmlChar *) g_strndup (utf8, len);
  entity->length = (int) len;
  g_hash_table_insert (P->entities, (gpointer) entity->name, entity);
  return entity;
}

static void
structured_error_cb (void        *user_data,
                     xmlErrorPtr  error)
{
  xmlParserCtxtPtr ctxt = user_data;
  Parser *P = ctxt->_private;

  if (error->level < XML_ERR_ERROR)
    return;
  P->xml_errors++;
  if (P->first_xml_error == NULL && error->message != NULL)
    {
      P->first_xml_error = g_strdup_printf ("line %d: %s", error->line, error->message);
      g_strchomp (P->first_xml_error);
    }
}

/* Rewrites the two faults that make libxml2's recovery lose text: bare
 * ampersands ("Q&A", "?a=1&b=2") and HTML line breaks and images left open
 * ("<br>"). CDATA sections and comments are copied untouched. Returns NULL
 * when there was nothing to repair.
 */
static char *
repair_xml (const char *data,
            gsize       len,
            gsize      *out_len)
{
  static const char * const void_tags[] = { "br", "hr", "img" };
  GString *out = g_string_sized_new (len + 64);
  gboolean changed = FALSE;
  gsize i = 0;

  while (i < len)
    {
      const char *p = data + i;
      gsize left = len - i;

      if (*p == '<' && left >= 9 && memcmp (p, "<![CDATA[", 9) == 0)
        {
          const char *end = find_bytes (p, left, "]]>");
          gsize n = end != NULL ? (gsize) (end + 3 - p) : left;

          g_string_append_len (out, p, n);
          i += n;
          continue;
        }
      if (*p == '<' && left >= 4 && memcmp (p, "<!--", 4) == 0)
        {
          const char *end = find_bytes (p, left, "-->");
          gsize n = end != NULL ? (gsize) (end + 3 - p) : left;

          g_string_append_len (out, p, n);
          i += n;
          continue;
        }
      if (*p == '<')
        {
          for (guint t = 0; t < G_N_ELEMENTS (void_tags); t++)
            {
              gsize tag_len = strlen (void_tags[t]);
              const char *close;

              if (left <= tag_len + 1 || g_ascii_strncasecmp (p + 1, void_tags[t], tag_len) != 0 ||
                  !(is_ascii_space (p[tag_len + 1]) || p[tag_len + 1] == '>'))
                continue;
              close = memchr (p, '>', left);
              if (close == NULL || close[-1] == '/')
                break;
              g_string_append_len (out, p, close - p);
              g_string_append (out, "/>");
              i += close + 1 - p;
              changed = TRUE;
              goto next;
            }
        }
      if (*p == '&' && entity_body_shape (p + 1, left - 1) == 0)
        {
          g_string_append (out, "&amp;");
          i++;
          changed = TRUE;
          continue;
        }
      g_string_append_c (out, *p);
      i++;
    next:
      ;
    }

  if (!changed)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  *out_len = out->len;
  return g_string_free (out, FALSE);
}

static gpointer
init_libxml (gpointer data)
{
  xmlInitParser ();
  return NULL;
}

static const char *
tree_format (const xmlNode *root,
             char         **found)
{
  GString *namespaces = g_string_new (NULL);
  const char *format;
  g_autofree char *version = NULL;

  for (const xmlNs *ns = root->nsDef; ns != NULL; ns = ns->next)
    {
      if (ns->href != NULL)
        g_string_append_printf (namespaces, "%s ", (const char *) ns->href);
    }
  version = (char *) xmlGetNoNsProp (root, (const xmlChar *) "version");
  format = format_for_root ((const char *) root->name,
                            root->ns != NULL ? (const char *) root->ns->href : NULL,
                            version, namespaces->str, found);
  g_string_free (namespaces, TRUE);
  return format;
}

/* Encoding failures bypass the context's handlers and go to libxml2's
 * generic channel (stderr); the structured handler already counts them.
 */
static void
silent_generic_error_cb (void       *user_data,
                         const char *format,
                         ...)
{
}

static xmlDocPtr
read_xml (Parser     *P,
          const char *data,
          gsize       len,
          int         extra_options)
{
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;

  P->xml_errors = 0;
  g_clear_pointer (&P->first_xml_error, g_free);

  /* Thread-local in libxml2: this touches only the parsing thread. */
  xmlSetGenericErrorFunc (NULL, silent_generic_error_cb);

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    return NULL;
  ctxt->_private = P;
  ctxt->sax->getEntity = get_entity_cb;
  ctxt->sax->serror = structured_error_cb;

  doc = xmlCtxtReadMemory (ctxt, data, (int) len, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR |
                           XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
                           extra_options);
  xmlFreeParserCtxt (ctxt);
  return doc;
}

static PnFeed *
parse_xml (Parser      *P,
           const char  *data,
           gsize        len,
           const char  *base_url,
           gboolean     utf16,
           GError     **error)
{
  static GOnce once = G_ONCE_INIT;
  XmlInput input = { 0 };
  xmlDocPtr doc;
  xmlNodePtr root;
  g_autofree char *found = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  Head head = { 0 };
  const char *format;
  const char *lang;
  PnFeed *feed;

  g_once (&once, init_libxml, NULL);

  prepare_xml_input (P, data, len, utf16, &input);
  if (input.len > G_MAXINT)
    {
      g_free (input.owned);
      g_set_error (error, PN_ERROR, PN_ERROR_TOO_LARGE, _("The feed is too large to parse"));
      return NULL;
    }

  doc = read_xml (P, input.data, input.len, input.extra_options);

  /* A broken document is read a second time after repairs; the first
   * reading's errors are the ones worth reporting.
   */
  if (P->xml_errors > 0 && !utf16)
    {
      gsize repaired_len = 0;
      g_autofree char *repaired = repair_xml (input.data, input.len, &repaired_len);

      if (repaired != NULL && repaired_len <= G_MAXINT)
        {
          guint errors = P->xml_errors;
          g_autofree char *first_error = g_steal_pointer (&P->first_xml_error);
          xmlDocPtr second = read_xml (P, repaired, repaired_len, input.extra_options);

          if (second != NULL && xmlDocGetRootElement (second) != NULL &&
              P->xml_errors < errors)
            {
              g_clear_pointer (&doc, xmlFreeDoc);
              doc = second;
            }
          else if (second != NULL)
            xmlFreeDoc (second);
          P->xml_errors = errors;
          g_free (P->first_xml_error);
          P->first_xml_error = g_steal_pointer (&first_error);
        }
    }
  g_free (input.owned);

  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("The feed could not be read as XML (%s)"),
                   P->first_xml_error != NULL ? P->first_xml_error : _("no root element"));
      return NULL;
    }

  format = tree_format (root, &found);
  if (format == NULL)
    {
      xmlFreeDoc (doc);
      g_set_error (error, PN_ERROR, PN_ERROR_NOT_A_FEED, _("Not a feed: found %s"), found);
      return NULL;
    }
  P->format = format;
  P->kind = g_str_has_prefix (format, "atom") ? KIND_ATOM : KIND_RSS;

  if (P->xml_errors > 0)
    parser_warn (P, g_dngettext (GETTEXT_PACKAGE,
                                 "The XML is not well-formed (%u error, %s); what could be read was kept",
                                 "The XML is not well-formed (%u errors, the first on %s); what could be read was kept",
                                 P->xml_errors),
                 P->xml_errors, P->first_xml_error);

  entries = g_ptr_array_new_with_free_func (entry_free);
  walk_root (P, &head, root, base_url, entries);

  lang = node_attr_full (P, root, "lang", TRUE);
  if (lang != NULL)
    field_take (&head.language, strdup_trimmed (lang), RANK_FALLBACK);

  feed = build_feed (P, &head, entries);
  head_clear (&head);
  xmlFreeDoc (doc);
  return feed;
}

/* ── JSON Feed ────────────────────────────────────────────────────────── */

static const char *
json_string (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
json_object_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
json_array_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static PnPerson *
json_person (JsonObject *object,
             const char *base)
{
  g_autofree char *name = clean_text (json_string (object, "name"), FALSE);
  g_autofree char *uri = resolve_url (base, json_string (object, "url"));

  if (name == NULL && uri == NULL)
    return NULL;
  return pn_person_new (name, NULL, uri);
}

/* JSON Feed 1.1's "authors", else 1.0's "author". */
static void
json_authors (JsonObject *object,
              const char *base,
              People     *people)
{
  JsonArray *authors = json_array_member (object, "authors");
  JsonObject *author;

  if (authors != NULL)
    {
      for (guint i = 0; i < json_array_get_length (authors); i++)
        {
          JsonNode *node = json_array_get_element (authors, i);

          if (JSON_NODE_HOLDS_OBJECT (node))
            people_add (people, json_person (json_node_get_object (node), base), RANK_PRIMARY);
        }
    }
  if ((author = json_object_member (object, "author")) != NULL)
    people_add (people, json_person (author, base), RANK_SECONDARY);
}

static GDateTime *
json_date (Parser     *P,
           JsonObject *object,
           const char *name)
{
  const char *text = json_string (object, name);
  GDateTime *date;

  if (text == NULL || is_blank_text (text))
    return NULL;
  date = pn_date_parse (text);
  if (date == NULL)
    {
      g_autofree char *shown = clean_text (text, FALSE);

      parser_warn (P, _("Item %u: unreadable date “%s” in “%s”, left out"),
                   P->item_number, shown, name);
    }
  return date;
}

static void
json_entry (Parser     *P,
            JsonObject *object,
            const char *base,
            Entry      *entry)
{
  JsonNode *id = json_object_get_member (object, "id");
  JsonArray *tags = json_array_member (object, "tags");
  JsonArray *attachments = json_array_member (object, "attachments");

  entry->base = base;

  /* The spec wants a string; numbers are common and just as unique. */
  if (id != NULL && JSON_NODE_HOLDS_VALUE (id))
    {
      GType type = json_node_get_value_type (id);

      if (type == G_TYPE_STRING)
        field_take (&entry->guid, strdup_trimmed (json_node_get_string (id)), RANK_PRIMARY);
      else if (type == G_TYPE_INT64)
        field_take (&entry->guid,
                    g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id)), RANK_PRIMARY);
    }

  field_take (&entry->link, resolve_url (base, json_string (object, "url")), RANK_PRIMARY);
  field_take (&entry->link, resolve_url (base, json_string (object, "external_url")),
              RANK_SECONDARY);
  field_take (&entry->title, clean_text (json_string (object, "title"), FALSE), RANK_PRIMARY);
  take_html (&entry->content, strdup_trimmed (json_string (object, "content_html")), base,
             RANK_PRIMARY);
  if (field_wants (&entry->content, RANK_SECONDARY))
    take_html (&entry->content, text_to_html (json_string (object, "content_text")), base,
               RANK_SECONDARY);
  if (json_string (object, "summary") != NULL)
    take_html (&entry->summary, text_to_html (json_string (object, "summary")), base,
               RANK_PRIMARY);
  field_take (&entry->thumbnail, resolve_url (base, json_string (object, "image")), RANK_PRIMARY);
  field_take (&entry->thumbnail, resolve_url (base, json_string (object, "banner_image")),
              RANK_SECONDARY);
  date_field_take (&entry->published, json_date (P, object, "date_published"), RANK_PRIMARY);
  date_field_take (&entry->updated, json_date (P, object, "date_modified"), RANK_PRIMARY);
  json_authors (object, base, &entry->authors);

  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    {
      JsonNode *tag = json_array_get_element (tags, i);

      if (JSON_NODE_HOLDS_VALUE (tag) && json_node_get_value_type (tag) == G_TYPE_STRING)
        add_category (entry, clean_text (json_node_get_string (tag), FALSE));
    }

  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      JsonNode *node = json_array_get_element (attachments, i);
      JsonObject *attachment;
      JsonNode *size;
      gint64 length = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      attachment = json_node_get_object (node);
      size = json_object_get_member (attachment, "size_in_bytes");
      if (size != NULL && JSON_NODE_HOLDS_VALUE (size) &&
          (json_node_get_value_type (size) == G_TYPE_INT64 ||
           json_node_get_value_type (size) == G_TYPE_DOUBLE))
        length = MAX (0, (gint64) json_node_get_double (size));
      add_enclosure (entry, resolve_url (base, json_string (attachment, "url")),
                     json_string (attachment, "mime_type"), length);
    }
}

static PnFeed *
parse_json (Parser      *P,
            const char  *data,
            gsize        len,
            const char  *base_url,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonArray *items;
  const char *version;
  Head head = { 0 };
  PnFeed *feed;

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }

  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("The JSON Feed is not valid JSON (%s)"),
                   local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  version = object != NULL ? json_string (object, "version") : NULL;
  if (version == NULL ||
      !(g_str_has_prefix (version, "https://jsonfeed.org/version/1") ||
        g_str_has_prefix (version, "http://jsonfeed.org/version/1")))
    {
      g_set_error (error, PN_ERROR, PN_ERROR_NOT_A_FEED, _("Not a feed: found %s"),
                   _("a JSON document that is not a JSON Feed"));
      return NULL;
    }
  P->format = g_str_has_suffix (version, "/1.1") ? "jsonfeed1.1" : "jsonfeed1.0";

  field_take (&head.title, clean_text (json_string (object, "title"), FALSE), RANK_PRIMARY);
  field_take (&head.link, resolve_url (base_url, json_string (object, "home_page_url")),
              RANK_PRIMARY);
  field_take (&head.subtitle, clean_text (json_string (object, "description"), TRUE),
              RANK_PRIMARY);
  field_take (&head.language, strdup_trimmed (json_string (object, "language")), RANK_PRIMARY);
  field_take (&head.icon, resolve_url (base_url, json_string (object, "icon")), RANK_PRIMARY);
  field_take (&head.icon, resolve_url (base_url, json_string (object, "favicon")),
              RANK_SECONDARY);
  json_authors (object, base_url, &head.authors);

  entries = g_ptr_array_new_with_free_func (entry_free);
  items = json_array_member (object, "items");
  if (items == NULL)
    parser_warn (P, _("The JSON Feed has no “items” list"));
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      Entry *entry;

      P->item_number = i + 1;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          parser_warn (P, _("Item %u: not an object, skipped"), P->item_number);
          continue;
        }
      entry = g_new0 (Entry, 1);
      entry->number = P->item_number;
      json_entry (P, json_node_get_object (node), base_url, entry);
      g_ptr_array_add (entries, entry);
    }

  feed = build_feed (P, &head, entries);
  head_clear (&head);
  return feed;
}

/* ── Entry points ─────────────────────────────────────────────────────── */

/**
 * pn_feed_parse_full:
 * @bytes: the document, in any encoding it declares
 * @base_url: (nullable): the URL it was fetched from, to resolve relative
 *   links against (under any xml:base)
 * @source_id: (nullable): the id of the source, for story ids ("" if NULL)
 * @max_size: inputs larger than this are refused with PN_ERROR_TOO_LARGE
 * @error: PN_ERROR_NOT_A_FEED (with a message naming what was found),
 *   PN_ERROR_TOO_LARGE or PN_ERROR_CORRUPT
 *
 * Parses RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.0/1.1. Recoverable
 * problems (broken XML, wrong encodings, unreadable dates) do not fail the
 * parse: they are listed in the feed's warnings.
 *
 * Runs in any thread; it touches no global state besides libxml2's
 * one-time initialisation.
 *
 * Returns: (transfer full): the feed
 */
PnFeed *
pn_feed_parse_full (GBytes      *bytes,
                    const char  *base_url,
                    const char  *source_id,
                    gsize        max_size,
                    GError     **error)
{
  Detection detection = { 0 };
  Parser P = { 0 };
  const char *data;
  gsize len = 0;
  PnFeed *feed;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len > max_size)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (max_size);

      g_set_error (error, PN_ERROR, PN_ERROR_TOO_LARGE,
                   _("The feed is too large (%s; the limit is %s)"), size, limit);
      return NULL;
    }
  if (data == NULL)
    data = "";

  if (detect (data, len, &detection) == NULL)
    {
      g_set_error (error, PN_ERROR, PN_ERROR_NOT_A_FEED, _("Not a feed: found %s"),
                   detection.found);
      g_free (detection.found);
      return NULL;
    }

  P.source_id = source_id != NULL ? source_id : "";
  P.warnings = g_ptr_array_new_with_free_func (g_free);
  P.pool = g_ptr_array_new_with_free_func (g_free);
  P.entities = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entity_free);

  if (detection.json && detection.utf16)
    {
      g_autoptr(GError) conversion_error = NULL;
      gsize converted_len = 0;
      gboolean big = (guchar) data[0] == 0xFE || data[0] == '\0';
      g_autofree char *converted = g_convert (data, len, "UTF-8", big ? "UTF-16BE" : "UTF-16LE",
                                              NULL, &converted_len, &conversion_error);

      if (converted == NULL)
        {
          g_set_error (error, PN_ERROR, PN_ERROR_CORRUPT, _("The JSON Feed is not valid UTF-16 (%s)"),
                       conversion_error->message);
          feed = NULL;
        }
      else
        feed = parse_json (&P, converted, converted_len, base_url, error);
    }
  else if (detection.json)
    feed = parse_json (&P, data, len, base_url, error);
  else
    feed = parse_xml (&P, data, len, base_url, detection.utf16, error);

  g_free (detection.found);
  g_ptr_array_unref (P.warnings);
  g_ptr_array_unref (P.pool);
  g_hash_table_unref (P.entities);
  g_free (P.first_xml_error);
  return feed;
}

/**
 * pn_feed_parse:
 *
 * pn_feed_parse_full() with the default size limit
 * (PN_FEED_PARSER_DEFAULT_MAX_SIZE, 16 MiB).
 */
PnFeed *
pn_feed_parse (GBytes      *bytes,
               const char  *base_url,
               const char  *source_id,
               GError     **error)
{
  return pn_feed_parse_full (bytes, base_url, source_id, PN_FEED_PARSER_DEFAULT_MAX_SIZE, error);
}
