/* pn-html-tokenizer.c — fast readers for the HTML that pn_html_sanitize()
 * writes, and for plain untrusted fragments (see "Untrusted fragments"
 * below)
 *
 * Every story body is sanitized and then read back into a PnDocument. The
 * sanitizer's output is a small, strict language: well-nested allow-listed
 * elements, void elements closed with "/>", attribute values in double
 * quotes, and only &amp; &lt; &gt; &quot; as entities. Reading that with
 * libxml2's HTML parser costs as much as the sanitizing parse itself, so
 * this reader builds the same tree libxml2 would build, in one pass into an
 * arena, and gives up (returns NULL) at the first byte outside that
 * language so that the caller falls back to libxml2. test-html-tokenizer
 * checks both give the same tree and the same PnDocument.
 *
 * The nodes are plain xmlNode/xmlAttr structures, read-only, owned by the
 * arena, with no xmlDoc behind them (their doc is NULL): never hand them to
 * a libxml2 function that modifies or frees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-html-tokenizer"

#include <libxml/chvalid.h>
#include <stdlib.h>
#include <string.h>

#include "pn-html-private.h"

/* Deeper input goes to libxml2, which has its own rules for it. */
#define MAX_DEPTH 200
#define ARENA_BLOCK (16 * 1024)

typedef struct
{
  const char *name;
  guint8      length;
  gboolean    is_void;
} FastTag;

/* Exactly the element names the sanitizer writes. */
static const FastTag fast_tags[] = {
  { "a", 1, FALSE }, { "b", 1, FALSE }, { "blockquote", 10, FALSE }, { "br", 2, TRUE },
  { "caption", 7, FALSE }, { "code", 4, FALSE }, { "dd", 2, FALSE }, { "div", 3, FALSE },
  { "dl", 2, FALSE }, { "dt", 2, FALSE }, { "em", 2, FALSE }, { "figcaption", 10, FALSE },
  { "figure", 6, FALSE }, { "h1", 2, FALSE }, { "h2", 2, FALSE }, { "h3", 2, FALSE },
  { "h4", 2, FALSE }, { "h5", 2, FALSE }, { "h6", 2, FALSE }, { "hr", 2, TRUE },
  { "i", 1, FALSE }, { "img", 3, TRUE }, { "li", 2, FALSE }, { "ol", 2, FALSE },
  { "p", 1, FALSE }, { "pre", 3, FALSE }, { "s", 1, FALSE }, { "strong", 6, FALSE },
  { "sub", 3, FALSE }, { "sup", 3, FALSE }, { "table", 5, FALSE }, { "tbody", 5, FALSE },
  { "td", 2, FALSE }, { "tfoot", 5, FALSE }, { "th", 2, FALSE }, { "thead", 5, FALSE },
  { "tr", 2, FALSE }, { "u", 1, FALSE }, { "ul", 2, FALSE },
};

static const char * const fast_attrs[] = {
  "alt", "colspan", "dir", "height", "href", "lang", "rowspan", "src", "start", "title", "width",
};

struct _PnHtmlTree
{
  GSList  *blocks;   /* arena blocks, newest first */
  char    *next;
  gsize    left;
  xmlNode  document;
};

static gpointer
arena_alloc (PnHtmlTree *tree,
             gsize       size)
{
  gpointer p;

  size = (size + 15) & ~(gsize) 15;
  if (size > tree->left)
    {
      gsize block_size = MAX (size, ARENA_BLOCK);

      tree->next = g_malloc (block_size);
      tree->left = block_size;
      tree->blocks = g_slist_prepend (tree->blocks, tree->next);
    }
  p = tree->next;
  tree->next += size;
  tree->left -= size;
  return p;
}

static xmlNode *
new_node (PnHtmlTree     *tree,
          xmlElementType  type,
          xmlNode        *parent)
{
  xmlNode *node = arena_alloc (tree, sizeof (xmlNode));

  memset (node, 0, sizeof *node);
  node->type = type;
  node->parent = parent;
  if (parent != NULL)
    {
      node->prev = parent->last;
      if (parent->last != NULL)
        parent->last->next = node;
      else
        parent->children = node;
      parent->last = node;
    }
  return node;
}

static const FastTag *
find_tag (const char *name,
          gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (fast_tags); i++)
    if (fast_tags[i].name[0] == name[0] && fast_tags[i].length == length &&
        memcmp (fast_tags[i].name, name, length) == 0)
      return &fast_tags[i];
  return NULL;
}

static const char *
find_attr (const char *name,
           gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (fast_attrs); i++)
    if (fast_attrs[i][0] == name[0] && strlen (fast_attrs[i]) == length &&
        memcmp (fast_attrs[i], name, length) == 0)
      return fast_attrs[i];
  return NULL;
}

/* Copies [p, end) into the arena, decoding the sanitizer's four entities.
 * Returns NULL for any other '&'.
 */
static char *
decode (PnHtmlTree *tree,
        const char *p,
        const char *end)
{
  char *out = arena_alloc (tree, end - p + 1);
  char *w = out;

  while (p < end)
    {
      const char *amp = memchr (p, '&', end - p);
      gsize n = (amp != NULL ? amp : end) - p;

      memcpy (w, p, n);
      w += n;
      p += n;
      if (amp == NULL)
        break;
      if (end - p >= 5 && memcmp (p, "&amp;", 5) == 0)
        *w++ = '&', p += 5;
      else if (end - p >= 4 && memcmp (p, "&lt;", 4) == 0)
        *w++ = '<', p += 4;
      else if (end - p >= 4 && memcmp (p, "&gt;", 4) == 0)
        *w++ = '>', p += 4;
      else if (end - p >= 6 && memcmp (p, "&quot;", 6) == 0)
        *w++ = '"', p += 6;
      else
        return NULL;
    }
  *w = '\0';
  return out;
}

static gboolean
is_continuation (guchar c)
{
  return (c & 0xC0) == 0x80;
}

/* Whether @html is valid UTF-8 without the bytes libxml2 treats in a way
 * of its own: controls other than tab, newline and carriage return, and
 * the non-characters U+FFFE and U+FFFF. One pass, ASCII first: this runs
 * over every story body.
 */
static gboolean
is_plain_utf8 (const char *html,
               gsize       length)
{
  const guchar *p = (const guchar *) html;
  const guchar *end = p + length;

  while (p < end)
    {
      guchar c = *p;

      if (c >= 0x20 && c < 0x80)
        {
          p++;
          continue;
        }
      if (c < 0x20)
        {
          if (c != '\t' && c != '\n' && c != '\r')
            return FALSE;
          p++;
        }
      else if (c >= 0xC2 && c <= 0xDF)
        {
          if (end - p < 2 || !is_continuation (p[1]))
            return FALSE;
          p += 2;
        }
      else if (c >= 0xE0 && c <= 0xEF)
        {
          if (end - p < 3 || !is_continuation (p[1]) || !is_continuation (p[2]) ||
              (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) ||
              (c == 0xEF && p[1] == 0xBF && p[2] >= 0xBE))
            return FALSE;
          p += 3;
        }
      else if (c >= 0xF0 && c <= 0xF4)
        {
          if (end - p < 4 || !is_continuation (p[1]) || !is_continuation (p[2]) || !is_continuation (p[3]) ||
              (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
            return FALSE;
          p += 4;
        }
      else
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_name_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Reads ` name="value"`… up to '>' or "/>"; *p is left after it. */
static gboolean
parse_attributes (PnHtmlTree  *tree,
                  xmlNode     *element,
                  const char **p,
                  const char  *end,
                  gboolean    *self_closed)
{
  const char *s = *p;
  xmlAttr *last = NULL;

  for (;;)
    {
      const char *name;
      const char *value;
      const char *quote;
      xmlAttr *attr;
      xmlNode *text;

      if (s >= end)
        return FALSE;
      if (*s == '>')
        {
          *self_closed = FALSE;
          *p = s + 1;
          return TRUE;
        }
      if (*s == '/' && s + 1 < end && s[1] == '>')
        {
          *self_closed = TRUE;
          *p = s + 2;
          return TRUE;
        }
      if (*s != ' ')
        return FALSE;
      name = ++s;
      while (s < end && is_name_char (*s))
        s++;
      if (s == name || end - s < 2 || s[0] != '=' || s[1] != '"')
        return FALSE;
      attr = arena_alloc (tree, sizeof (xmlAttr));
      memset (attr, 0, sizeof *attr);
      attr->type = XML_ATTRIBUTE_NODE;
      attr->name = (const xmlChar *) find_attr (name, s - name);
      if (attr->name == NULL)
        return FALSE;
      for (xmlAttr *other = element->properties; other != NULL; other = other->next)
        if (other->name == attr->name)
          return FALSE;
      value = s + 2;
      quote = memchr (value, '"', end - value);
      if (quote == NULL || memchr (value, '<', quote - value) != NULL)
        return FALSE;
      attr->parent = element;
      if (quote > value)
        {
          text = arena_alloc (tree, sizeof (xmlNode));
          memset (text, 0, sizeof *text);
          text->type = XML_TEXT_NODE;
          text->name = (const xmlChar *) "text";
          text->parent = (xmlNode *) attr;
          text->content = (xmlChar *) decode (tree, value, quote);
          if (text->content == NULL)
            return FALSE;
          attr->children = attr->last = text;
        }
      if (last != NULL)
        {
          last->next = attr;
          attr->prev = last;
        }
      else
        element->properties = attr;
      last = attr;
      s = quote + 1;
    }
}

static gboolean
parse (PnHtmlTree *tree,
       xmlNode    *body,
       const char *html,
       gsize       length)
{
  const char *p = html;
  const char *end = html + length;
  xmlNode *current = body;
  guint depth = 0;

  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);
      const char *name;
      const FastTag *tag;

      if (lt == NULL)
        lt = end;
      if (lt > p)
        {
          xmlNode *text = new_node (tree, XML_TEXT_NODE, current);

          text->name = (const xmlChar *) "text";
          text->content = (xmlChar *) decode (tree, p, lt);
          if (text->content == NULL || memchr (p, '>', lt - p) != NULL)
            return FALSE;
          p = lt;
          continue;
        }

      p++;
      if (p < end && *p == '/')
        {
          name = ++p;
          while (p < end && is_name_char (*p))
            p++;
          if (p >= end || *p != '>' || current == body ||
              strlen ((const char *) current->name) != (gsize) (p - name) ||
              memcmp (current->name, name, p - name) != 0)
            return FALSE;
          p++;
          current = current->parent;
          depth--;
          continue;
        }

      name = p;
      while (p < end && is_name_char (*p))
        p++;
      tag = p > name ? find_tag (name, p - name) : NULL;
      if (tag == NULL || ++depth > MAX_DEPTH)
        return FALSE;

      {
        xmlNode *element = new_node (tree, XML_ELEMENT_NODE, current);
        gboolean self_closed = FALSE;

        element->name = (const xmlChar *) tag->name;
        if (!parse_attributes (tree, element, &p, end, &self_closed) || self_closed != tag->is_void)
          return FALSE;
        if (tag->is_void)
          depth--;
        else
          current = element;
      }
    }

  return current == body;
}

/* ---- Untrusted fragments -------------------------------------------------
 *
 * Most feed bodies are plain, well-nested HTML: paragraphs, links,
 * emphasis, images, lists. For those, libxml2's tree is simply the nesting
 * of the tags, and this reader builds it directly. It gives up at the first
 * thing where libxml2 has rules of its own (an end tag that does not close
 * the open element, a start tag that makes libxml2 close the open one, raw
 * text elements, unusual entity forms, any element not listed here), and
 * pn_html_sanitize() then asks libxml2.
 */

typedef struct
{
  const char *name;
  gboolean    is_void;
  const char *closed_by;  /* " a b ": start tags that close this element */
} FragmentTag;

/* Sorted by name. closed_by is libxml2 2.9's htmlStartClose table restricted
 * to these elements; test-html-tokenizer probes libxml2 for every pair.
 */
static const FragmentTag fragment_tags[] = {
  { "a", FALSE, " a table td th " },
  { "abbr", FALSE, NULL },
  { "address", FALSE, " dd dl dt li ul " },
  { "article", FALSE, NULL },
  { "aside", FALSE, NULL },
  { "audio", FALSE, NULL },
  { "b", FALSE, " center p td th " },
  { "big", FALSE, " p " },
  { "blockquote", FALSE, NULL },
  { "br", TRUE, NULL },
  { "caption", FALSE, " tbody tfoot thead tr " },
  { "center", FALSE, NULL },
  { "cite", FALSE, NULL },
  { "code", FALSE, NULL },
  { "dd", FALSE, " dt " },
  { "del", FALSE, NULL },
  { "details", FALSE, NULL },
  { "dfn", FALSE, NULL },
  { "div", FALSE, NULL },
  { "dl", FALSE, " li " },
  { "dt", FALSE, " dd dl " },
  { "em", FALSE, NULL },
  { "figcaption", FALSE, NULL },
  { "figure", FALSE, NULL },
  { "font", FALSE, " center td th " },
  { "footer", FALSE, NULL },
  { "h1", FALSE, " li p table " },
  { "h2", FALSE, " li p table " },
  { "h3", FALSE, " li p table " },
  { "h4", FALSE, " li p table " },
  { "h5", FALSE, " li p table " },
  { "h6", FALSE, " li p table " },
  { "header", FALSE, NULL },
  { "hr", TRUE, NULL },
  { "i", FALSE, " center p td th " },
  { "iframe", FALSE, NULL },
  { "img", TRUE, NULL },
  { "ins", FALSE, NULL },
  { "kbd", FALSE, NULL },
  { "li", FALSE, " li " },
  { "main", FALSE, NULL },
  { "mark", FALSE, NULL },
  { "nav", FALSE, NULL },
  { "ol", FALSE, " ul " },
  { "p", FALSE, " address blockquote caption center dd div dl dt h1 h2 h3 h4 h5 h6 hr li ol p pre table tbody td tfoot th tr ul " },
  { "picture", FALSE, NULL },
  { "pre", FALSE, " dd dl dt li table ul " },
  { "q", FALSE, NULL },
  { "s", FALSE, " p " },
  { "samp", FALSE, NULL },
  { "section", FALSE, NULL },
  { "small", FALSE, " p " },
  { "source", FALSE, NULL },
  { "span", FALSE, " td th " },
  { "strike", FALSE, " p " },
  { "strong", FALSE, NULL },
  { "sub", FALSE, NULL },
  { "summary", FALSE, NULL },
  { "sup", FALSE, NULL },
  { "table", FALSE, NULL },
  { "tbody", FALSE, " tbody tfoot " },
  { "td", FALSE, " tbody td tfoot th tr " },
  { "tfoot", FALSE, " tbody " },
  { "th", FALSE, " tbody td tfoot th tr " },
  { "thead", FALSE, " tbody tfoot " },
  { "time", FALSE, NULL },
  { "tr", FALSE, " tbody tfoot tr " },
  { "tt", FALSE, " p " },
  { "u", FALSE, " p td th " },
  { "ul", FALSE, " address ol pre " },
  { "var", FALSE, NULL },
  { "video", FALSE, NULL },
};

/* Longer than any name above: a longer name is not one of them. */
#define MAX_TAG_NAME 12
/* Far below libxml2's own limit on attribute names. */
#define MAX_ATTR_NAME 64

static int
compare_fragment_tag_cb (const void *key,
                         const void *element)
{
  return strcmp (key, ((const FragmentTag *) element)->name);
}

static const FragmentTag *
find_fragment_tag (const char *name)
{
  return bsearch (name, fragment_tags, G_N_ELEMENTS (fragment_tags), sizeof (FragmentTag),
                  compare_fragment_tag_cb);
}

/* Whether libxml2 closes @open when a @name start tag comes inside it. */
static gboolean
closed_by (const FragmentTag *open,
           const char        *name)
{
  gsize length = strlen (name);

  if (open->closed_by == NULL)
    return FALSE;
  /* The list starts and ends with a space: p[-1] and p[length] exist. */
  for (const char *p = open->closed_by; (p = strstr (p, name)) != NULL; p += length)
    if (p[-1] == ' ' && p[length] == ' ')
      return TRUE;
  return FALSE;
}

/* Reads "#123;" or "#x1F;" at @p (after '&'). Returns the end of the
 * reference, or NULL for anything libxml2 reads its own way (no ';', too
 * long, a code point that is not an XML character).
 */
static const char *
read_char_ref (const char *p,
               const char *end,
               gunichar   *value)
{
  gboolean hex = FALSE;
  const char *digits;
  gunichar c = 0;

  p++;
  if (p < end && (*p == 'x' || *p == 'X'))
    {
      hex = TRUE;
      p++;
    }
  digits = p;
  while (p < end && p - digits < 7 && (hex ? g_ascii_isxdigit (*p) : g_ascii_isdigit (*p)))
    c = c * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value (*p++) : *p++ - '0');
  if (p == digits || p >= end || *p != ';' || !xmlIsCharQ (c))
    return NULL;
  *value = c;
  return p + 1;
}

/* Copies [p, end) into the arena, decoding entities as libxml2 does in text
 * and attribute values: character references and known named references
 * with their ';', anything else kept as it is. Returns NULL for the forms
 * left to libxml2.
 */
static char *
decode_fragment (PnHtmlTree *tree,
                 const char *p,
                 const char *end)
{
  /* No reference decodes to more bytes than it is written with. */
  char *out = arena_alloc (tree, end - p + 1);
  char *w = out;

  while (p < end)
    {
      const char *amp = memchr (p, '&', end - p);
      const char *name;
      gsize n = (amp != NULL ? amp : end) - p;

      memcpy (w, p, n);
      w += n;
      if (amp == NULL)
        break;
      p = amp + 1;
      *w++ = '&';
      if (p < end && *p == '#')
        {
          gunichar c;

          if ((p = read_char_ref (p, end, &c)) == NULL)
            return NULL;
          w--;
          w += g_unichar_to_utf8 (c, w);
          continue;
        }
      name = p;
      while (p < end && g_ascii_isalnum (*p))
        p++;
      if (p > name && g_ascii_isalpha (*name) && p < end && *p == ';' && p - name < 32)
        {
          char key[32];
          const htmlEntityDesc *entity;

          memcpy (key, name, p - name);
          key[p - name] = '\0';
          entity = htmlEntityLookup ((const xmlChar *) key);
          if (entity != NULL)
            {
              w--;
              w += g_unichar_to_utf8 (entity->value, w);
              p++;
              continue;
            }
        }
      /* Not a reference libxml2 knows: it keeps the text as written. */
      p = name;
    }
  *w = '\0';
  return out;
}

static gboolean
is_attr_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_' || c == ':';
}

static gboolean
is_attr_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == ':' || c == '.' || c == '-';
}

static void
add_attribute (PnHtmlTree *tree,
               xmlNode    *element,
               char       *name,
               char       *value)
{
  xmlAttr *attr;
  xmlAttr *last = NULL;

  /* libxml2 keeps the first of repeated attributes. */
  for (xmlAttr *other = element->properties; other != NULL; other = other->next)
    {
      if (strcmp ((const char *) other->name, name) == 0)
        return;
      last = other;
    }

  attr = arena_alloc (tree, sizeof (xmlAttr));
  memset (attr, 0, sizeof *attr);
  attr->type = XML_ATTRIBUTE_NODE;
  attr->name = (const xmlChar *) name;
  attr->parent = element;
  if (value != NULL && value[0] != '\0')
    {
      xmlNode *text = arena_alloc (tree, sizeof (xmlNode));

      memset (text, 0, sizeof *text);
      text->type = XML_TEXT_NODE;
      text->name = (const xmlChar *) "text";
      text->parent = (xmlNode *) attr;
      text->content = (xmlChar *) value;
      attr->children = attr->last = text;
    }
  if (last != NULL)
    {
      last->next = attr;
      attr->prev = last;
    }
  else
    element->properties = attr;
}

/* Reads the attributes of a start tag up to its '>' or "/>" in libxml2's
 * way: names lower-cased, values in either quote or bare up to a blank or
 * '>'. *p is left after the tag.
 */
static gboolean
parse_fragment_attributes (PnHtmlTree  *tree,
                           xmlNode     *element,
                           const char **p,
                           const char  *end,
                           gboolean    *self_closed)
{
  const char *s = *p;

  for (;;)
    {
      const char *name_start;
      const char *after_name;
      char *name;
      char *value = NULL;

      if (s >= end)
        return FALSE;
      if (*s == '>' || *s == '/')
        {
          if (*s == '/' && (s + 1 >= end || s[1] != '>'))
            return FALSE;
          *self_closed = *s == '/';
          *p = s + (*s == '/' ? 2 : 1);
          return TRUE;
        }
      if (!xmlIsBlank_ch (*s))
        return FALSE;
      while (s < end && xmlIsBlank_ch (*s))
        s++;
      if (s < end && (*s == '>' || *s == '/'))
        continue;

      name_start = s;
      if (s >= end || !is_attr_name_start (*s))
        return FALSE;
      while (s < end && is_attr_name_char (*s))
        s++;
      if (s - name_start > MAX_ATTR_NAME)
        return FALSE;
      name = arena_alloc (tree, s - name_start + 1);
      for (gsize i = 0; i < (gsize) (s - name_start); i++)
        name[i] = g_ascii_tolower (name_start[i]);
      name[s - name_start] = '\0';

      after_name = s;
      while (s < end && xmlIsBlank_ch (*s))
        s++;
      if (s < end && *s == '=')
        {
          s++;
          while (s < end && xmlIsBlank_ch (*s))
            s++;
          if (s >= end)
            return FALSE;
          if (*s == '"' || *s == '\'')
            {
              const char *close = memchr (s + 1, *s, end - s - 1);

              if (close == NULL)
                return FALSE;
              value = decode_fragment (tree, s + 1, close);
              s = close + 1;
            }
          else
            {
              const char *start = s;

              while (s < end && !xmlIsBlank_ch (*s) && *s != '>')
                s++;
              value = decode_fragment (tree, start, s);
            }
          if (value == NULL)
            return FALSE;
        }
      else
        s = after_name;

      add_attribute (tree, element, name, value);
    }
}

/* Skips "<!-- … -->" at *p; FALSE for the forms libxml2 reads its own way. */
static gboolean
skip_comment (const char **p,
              const char  *end)
{
  const char *content = *p + 4;
  const char *dashes = g_strstr_len (content, end - content, "--");

  if (dashes == NULL || dashes == content || end - dashes < 3 || dashes[2] != '>')
    return FALSE;
  *p = dashes + 3;
  return TRUE;
}

static gboolean
parse_fragment (PnHtmlTree *tree,
                xmlNode    *body,
                const char *html,
                gsize       length)
{
  const FragmentTag *open[MAX_DEPTH];
  const char *p = html;
  const char *end = html + length;
  xmlNode *current = body;
  guint depth = 0;

  while (p < end)
    {
      char name[MAX_TAG_NAME + 1];
      gsize name_length = 0;
      const FragmentTag *tag;
      xmlNode *element;
      gboolean self_closed = FALSE;

      if (*p != '<')
        {
          const char *lt = memchr (p, '<', end - p);
          xmlNode *text;

          if (lt == NULL)
            lt = end;
          text = new_node (tree, XML_TEXT_NODE, current);
          text->name = (const xmlChar *) "text";
          text->content = (xmlChar *) decode_fragment (tree, p, lt);
          if (text->content == NULL)
            return FALSE;
          p = lt;
          continue;
        }

      if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        {
          if (!skip_comment (&p, end))
            return FALSE;
          continue;
        }

      if (end - p >= 2 && p[1] == '/')
        {
          const char *close_name = p + 2;

          p = close_name;
          while (p < end && g_ascii_isalnum (*p) && name_length < MAX_TAG_NAME)
            name[name_length++] = g_ascii_tolower (*p++);
          name[name_length] = '\0';
          while (p < end && xmlIsBlank_ch (*p))
            p++;
          if (depth == 0 || p >= end || *p != '>' || strcmp (name, (const char *) current->name) != 0)
            return FALSE;
          p++;
          current = current->parent;
          depth--;
          continue;
        }

      p++;
      if (p >= end || !g_ascii_isalpha (*p))
        return FALSE;
      while (p < end && g_ascii_isalnum (*p) && name_length < MAX_TAG_NAME)
        name[name_length++] = g_ascii_tolower (*p++);
      name[name_length] = '\0';
      if (p >= end || !(xmlIsBlank_ch (*p) || *p == '>' || *p == '/'))
        return FALSE;
      tag = find_fragment_tag (name);
      if (tag == NULL || (depth > 0 && closed_by (open[depth - 1], tag->name)))
        return FALSE;

      element = new_node (tree, XML_ELEMENT_NODE, current);
      element->name = (const xmlChar *) tag->name;
      if (!parse_fragment_attributes (tree, element, &p, end, &self_closed) ||
          (self_closed && !tag->is_void))
        return FALSE;
      if (tag->is_void)
        continue;
      if (depth == MAX_DEPTH)
        return FALSE;
      open[depth++] = tag;
      current = element;
    }

  return TRUE;
}

typedef gboolean (*ParseFunc) (PnHtmlTree *tree,
                               xmlNode    *body,
                               const char *html,
                               gsize       length);

/* Reads @html with @parse into a document holding html and body elements,
 * as libxml2 builds it; %NULL when @parse gives up.
 */
static PnHtmlTree *
build_tree (const char *html,
            gsize       length,
            ParseFunc   parse_func)
{
  PnHtmlTree *tree;
  xmlNode *root;
  xmlNode *body;

  if (!is_plain_utf8 (html, length))
    return NULL;

  tree = g_new0 (PnHtmlTree, 1);
  tree->document.type = XML_HTML_DOCUMENT_NODE;
  root = new_node (tree, XML_ELEMENT_NODE, &tree->document);
  root->name = (const xmlChar *) "html";
  body = new_node (tree, XML_ELEMENT_NODE, root);
  body->name = (const xmlChar *) "body";

  if (!parse_func (tree, body, html, length))
    {
      _pn_html_tree_free (tree);
      return NULL;
    }
  return tree;
}

/**
 * _pn_html_tree_parse_fragment:
 * @html: untrusted HTML, a fragment (not a whole document)
 * @length: its length in bytes
 *
 * Returns: (nullable): the tree libxml2's HTML parser would build for
 *   "<body>" followed by @html, or %NULL when @html uses anything this
 *   reader leaves to libxml2
 */
PnHtmlTree *
_pn_html_tree_parse_fragment (const char *html,
                              gsize       length)
{
  return build_tree (html, length, parse_fragment);
}

/**
 * _pn_html_tree_parse_sanitized:
 * @html: HTML as pn_html_sanitize() writes it
 * @length: its length in bytes
 *
 * Returns: (nullable): the tree libxml2 would build for @html (a document
 *   node holding html and body elements), or %NULL when @html is not in
 *   the sanitizer's language and must go to libxml2
 */
PnHtmlTree *
_pn_html_tree_parse_sanitized (const char *html,
                               gsize       length)
{
  return build_tree (html, length, parse);
}

xmlNode *
_pn_html_tree_get_document (PnHtmlTree *tree)
{
  return &tree->document;
}

void
_pn_html_tree_free (PnHtmlTree *tree)
{
  g_slist_free_full (tree->blocks, g_free);
  g_free (tree);
}
