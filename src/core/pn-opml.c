/* pn-opml.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-opml"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "pn-error.h"
#include "pn-opml.h"
#include "pn-source.h"
#include "pn-url.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

G_DEFINE_BOXED_TYPE (PnOpmlEntry, pn_opml_entry, pn_opml_entry_copy, pn_opml_entry_free)

typedef struct
{
  GPtrArray  *entries;
  /* normalized URL → PnOpmlEntry in entries (borrowed) */
  GHashTable *by_url;
  GPtrArray  *warnings;
} Import;

PnOpmlEntry *
pn_opml_entry_new (const char *url,
                   const char *title,
                   const char *site_url,
                   const char *folder)
{
  PnOpmlEntry *entry;

  g_return_val_if_fail (url != NULL, NULL);

  entry = g_new0 (PnOpmlEntry, 1);
  entry->url = g_strdup (url);
  entry->title = g_strdup (title);
  entry->site_url = g_strdup (site_url);
  entry->folder = g_strdup (folder);
  return entry;
}

PnOpmlEntry *
pn_opml_entry_copy (const PnOpmlEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);
  return pn_opml_entry_new (entry->url, entry->title, entry->site_url, entry->folder);
}

void
pn_opml_entry_free (PnOpmlEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->url);
  g_free (entry->title);
  g_free (entry->site_url);
  g_free (entry->folder);
  g_free (entry);
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE &&
         g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

/* An attribute by name, whatever its case: exporters write xmlUrl, xmlurl
 * and xmlURL. Trimmed; NULL when missing or blank. */
static char *
dup_attribute (xmlNode    *node,
               const char *name)
{
  for (xmlAttr *attribute = node->properties; attribute != NULL; attribute = attribute->next)
    {
      g_autofree char *value = NULL;
      xmlChar *raw;

      if (g_ascii_strcasecmp ((const char *) attribute->name, name) != 0)
        continue;

      raw = xmlNodeListGetString (node->doc, attribute->children, TRUE);
      value = g_strstrip (g_strdup ((const char *) raw));
      xmlFree (raw);
      if (*value == '\0')
        return NULL;
      return g_steal_pointer (&value);
    }
  return NULL;
}

static char *
dup_label (xmlNode *node)
{
  char *label = dup_attribute (node, "title");

  if (label == NULL)
    label = dup_attribute (node, "text");
  return label;
}

static gboolean
has_child_outlines (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "outline"))
        return TRUE;
    }
  return FALSE;
}

static void
warn (Import     *import,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (Import     *import,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (import->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
add_feed (Import     *import,
          xmlNode    *node,
          const char *xml_url,
          const char *folder)
{
  g_autofree char *url = pn_normalize_feed_url (xml_url);
  g_autofree char *title = dup_label (node);
  g_autofree char *site_url = dup_attribute (node, "htmlUrl");
  PnOpmlEntry *existing;

  if (url == NULL)
    {
      warn (import, _("Skipped “%s”: “%s” is not a web address"),
            title != NULL ? title : xml_url, xml_url);
      return;
    }

  /* A site address that is not one is dropped, the feed kept. */
  if (site_url != NULL)
    {
      g_autofree char *normalized_site = pn_normalize_feed_url (site_url);

      if (normalized_site == NULL)
        g_clear_pointer (&site_url, g_free);
    }

  existing = g_hash_table_lookup (import->by_url, url);
  if (existing != NULL)
    {
      /* Readers that allow a feed in several folders list it once per
       * folder: keep the first, fill in what it lacked. */
      if (existing->title == NULL)
        existing->title = g_steal_pointer (&title);
      if (existing->site_url == NULL)
        existing->site_url = g_steal_pointer (&site_url);
      warn (import, _("“%s” is listed more than once; the duplicates were merged"), url);
      return;
    }

  existing = pn_opml_entry_new (url, title, site_url, folder);
  g_ptr_array_add (import->entries, existing);
  g_hash_table_insert (import->by_url, g_steal_pointer (&url), existing);
}

/* Walks the outlines under @parent. The app has one level of folders: a
 * feed nested deeper is filed under its top-level folder, so "Tech > Linux >
 * LWN" becomes "LWN" in "Tech".
 */
static void
walk_outlines (Import     *import,
               xmlNode    *parent,
               const char *folder)
{
  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      g_autofree char *xml_url = NULL;
      g_autofree char *type = NULL;

      if (!is_element (node, "outline"))
        continue;

      xml_url = dup_attribute (node, "xmlUrl");
      type = dup_attribute (node, "type");

      if (xml_url != NULL)
        add_feed (import, node, xml_url, folder);
      else if (!has_child_outlines (node) &&
               type != NULL && (g_ascii_strcasecmp (type, "rss") == 0 ||
                                g_ascii_strcasecmp (type, "atom") == 0))
        {
          g_autofree char *label = dup_label (node);

          warn (import, _("Skipped “%s”: it has no feed address"),
                label != NULL ? label : _("an untitled feed"));
        }

      if (has_child_outlines (node))
        {
          g_autofree char *label = folder == NULL ? dup_label (node) : NULL;

          walk_outlines (import, node, folder != NULL ? folder : label);
        }
    }
}

/* Reads an OPML 1.0 or 2.0 subscription list into PnOpmlEntry items, in
 * document order. Entries that cannot be used (no or a bad feed address)
 * are skipped and described in @warnings (translated strings); duplicates
 * (by normalized URL) are merged. Fails with PN_ERROR_INVALID_ARGUMENT when
 * @data is not OPML at all.
 */
GPtrArray *
pn_opml_parse (const char  *data,
               gsize        len,
               GPtrArray  **warnings,
               GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pn_opml_entry_free);
  g_autoptr(GPtrArray) warning_list = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) by_url = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Import import = { entries, by_url, warning_list };
  xmlNode *root;
  xmlNode *body = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > 0 && len <= G_MAXINT)
    doc = xmlReadMemory (data, (int) len, NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_RECOVER |
                         XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (root == NULL || !is_element (root, "opml"))
    {
      g_set_error_literal (error, PN_ERROR, PN_ERROR_INVALID_ARGUMENT,
                           _("This is not an OPML subscription list"));
      return NULL;
    }

  for (xmlNode *node = root->children; node != NULL && body == NULL; node = node->next)
    {
      if (is_element (node, "body"))
        body = node;
    }
  if (body != NULL)
    walk_outlines (&import, body, NULL);

  if (warnings != NULL)
    *warnings = g_steal_pointer (&warning_list);
  return g_steal_pointer (&entries);
}

static void
add_source_outline (xmlNode  *parent,
                    PnSource *source)
{
  xmlNode *outline = xmlNewChild (parent, NULL, (const xmlChar *) "outline", NULL);
  const char *title = pn_source_get_display_title (source);

  /* xmlNewProp escapes attribute values. */
  xmlNewProp (outline, (const xmlChar *) "type", (const xmlChar *) "rss");
  if (title != NULL)
    {
      xmlNewProp (outline, (const xmlChar *) "text", (const xmlChar *) title);
      xmlNewProp (outline, (const xmlChar *) "title", (const xmlChar *) title);
    }
  xmlNewProp (outline, (const xmlChar *) "xmlUrl", (const xmlChar *) pn_source_get_url (source));
  if (pn_source_get_site_url (source) != NULL)
    xmlNewProp (outline, (const xmlChar *) "htmlUrl", (const xmlChar *) pn_source_get_site_url (source));
}

/* @sources (a list of PnSource) as an OPML 2.0 document: sources outside
 * any folder first, then one outline per folder in order of first
 * appearance, each source in list order.
 */
GBytes *
pn_opml_export (GListModel *sources,
                const char *title)
{
  g_autoptr(xmlDoc) doc = xmlNewDoc ((const xmlChar *) "1.0");
  g_autoptr(GHashTable) folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) folder_names = g_ptr_array_new_with_free_func (g_free);
  xmlNode *root;
  xmlNode *head;
  xmlNode *body;
  xmlChar *dump = NULL;
  int dump_len = 0;
  GBytes *bytes;
  guint n_sources;

  g_return_val_if_fail (G_IS_LIST_MODEL (sources), NULL);
  g_return_val_if_fail (g_type_is_a (g_list_model_get_item_type (sources), PN_TYPE_SOURCE), NULL);

  root = xmlNewNode (NULL, (const xmlChar *) "opml");
  xmlNewProp (root, (const xmlChar *) "version", (const xmlChar *) "2.0");
  xmlDocSetRootElement (doc, root);
  head = xmlNewChild (root, NULL, (const xmlChar *) "head", NULL);
  xmlNewTextChild (head, NULL, (const xmlChar *) "title",
                   (const xmlChar *) (title != NULL ? title : "Prime News"));
  body = xmlNewChild (root, NULL, (const xmlChar *) "body", NULL);

  /* Top-level sources first, noting the folders in order of appearance. */
  n_sources = g_list_model_get_n_items (sources);
  for (guint i = 0; i < n_sources; i++)
    {
      g_autoptr(PnSource) source = g_list_model_get_item (sources, i);
      const char *folder = pn_source_get_folder (source);

      if (folder == NULL || *folder == '\0')
        add_source_outline (body, source);
      else if (!g_hash_table_contains (folders, folder))
        {
          g_hash_table_insert (folders, g_strdup (folder), NULL);
          g_ptr_array_add (folder_names, g_strdup (folder));
        }
    }

  for (guint f = 0; f < folder_names->len; f++)
    {
      const char *folder = g_ptr_array_index (folder_names, f);
      xmlNode *outline = xmlNewChild (body, NULL, (const xmlChar *) "outline", NULL);

      xmlNewProp (outline, (const xmlChar *) "text", (const xmlChar *) folder);
      xmlNewProp (outline, (const xmlChar *) "title", (const xmlChar *) folder);
      for (guint i = 0; i < n_sources; i++)
        {
          g_autoptr(PnSource) source = g_list_model_get_item (sources, i);

          if (g_strcmp0 (pn_source_get_folder (source), folder) == 0)
            add_source_outline (outline, source);
        }
    }

  xmlDocDumpFormatMemoryEnc (doc, &dump, &dump_len, "UTF-8", 1);
  bytes = g_bytes_new (dump, dump_len);
  xmlFree (dump);
  return bytes;
}
