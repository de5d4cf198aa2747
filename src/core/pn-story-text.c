/* pn-story-text.c — a story's plain text
 *
 * Every annotation offset and search hit is a code-point offset into this
 * text, so everything that needs it calls this one function. Until the
 * content pipeline (PnDocument) provides the canonical plain text, this
 * strips the tags of the story's body with libxml2's HTML parser (entities
 * decoded, runs of whitespace collapsed, blocks separated by a blank line).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-story-text"

#include <libxml/HTMLparser.h>
#include <string.h>

#include "pn-story.h"
#include "pn-story-text.h"

static const char * const block_elements[] = {
  "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
  "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
  "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
};

typedef struct
{
  GString  *out;
  /* A block ended: the next text starts a new paragraph. */
  gboolean  pending_break;
  /* Whitespace was seen since the last word: one space before the next. */
  gboolean  pending_space;
} TextBuilder;

static gboolean
is_block (const xmlChar *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (block_elements); i++)
    {
      if (g_ascii_strcasecmp ((const char *) name, block_elements[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
append_text (TextBuilder *b,
             const char  *text,
             gboolean     preformatted)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!preformatted && g_unichar_isspace (c))
        {
          b->pending_space = TRUE;
          continue;
        }
      if (b->out->len > 0)
        {
          if (b->pending_break)
            g_string_append (b->out, "\n\n");
          else if (b->pending_space)
            g_string_append_c (b->out, ' ');
        }
      b->pending_break = b->pending_space = FALSE;
      g_string_append_unichar (b->out, c);
    }
}

static void
walk (TextBuilder *b,
      xmlNode     *node,
      gboolean     preformatted)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        {
          append_text (b, (const char *) node->content, preformatted);
        }
      else if (node->type == XML_ELEMENT_NODE)
        {
          const char *name = (const char *) node->name;
          gboolean block = is_block (node->name);

          if (g_ascii_strcasecmp (name, "script") == 0 || g_ascii_strcasecmp (name, "style") == 0)
            continue;
          if (g_ascii_strcasecmp (name, "br") == 0)
            {
              if (b->out->len > 0 && !b->pending_break)
                g_string_append_c (b->out, '\n');
              b->pending_space = FALSE;
              continue;
            }
          if (block)
            b->pending_break = TRUE;
          walk (b, node->children,
                preformatted || g_ascii_strcasecmp (name, "pre") == 0);
          if (block)
            b->pending_break = TRUE;
        }
    }
}

/* Returns: (transfer full): the story's plain text, "" when it has no body */
char *
pn_story_dup_plain_text (PnStory *story)
{
  const char *html;
  htmlDocPtr doc;
  TextBuilder b = { 0 };

  g_return_val_if_fail (PN_IS_STORY (story), NULL);

  html = pn_story_get_full_content (story);
  if (html == NULL || *html == '\0')
    html = pn_story_get_body (story);
  if (html == NULL || *html == '\0')
    return g_strdup ("");

  doc = htmlReadMemory (html, strlen (html), NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                        HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED);
  b.out = g_string_new (NULL);
  if (doc != NULL)
    {
      walk (&b, doc->children, FALSE);
      xmlFreeDoc (doc);
    }
  return g_string_free (b.out, FALSE);
}
