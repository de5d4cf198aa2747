/* pn-html-tokenizer.c — a fast reader for the HTML that pn_html_sanitize()
 * writes
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

  if (!parse (tree, body, html, length))
    {
      _pn_html_tree_free (tree);
      return NULL;
    }
  return tree;
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
