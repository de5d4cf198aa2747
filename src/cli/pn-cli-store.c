/* pn-cli-store.c — prime-news-cli commands on the library
 *
 * Listing commands open the library read-only, so they work while the app
 * runs; commands that change it take the lock, load only the files they
 * need, and exit 0 only after pn_library_flush() made the change durable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pn-core.h"
#include "pn-cli.h"
#include "pn-cli-commands-store.h"

static PnCliCommand
command_of (const char *name,
            const char *usage,
            const char *summary)
{
  PnCliCommand command = { name, usage, summary, NULL };
  return command;
}

static void
print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *data = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, NULL);
  printf ("%s\n", data);
}

static void
print_json_array (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);

  print_json (node);
}

static char *
format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup ("-");
  return g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ");
}

static JsonObject *
story_to_json (PnLibrary *library,
               PnStory   *story)
{
  JsonObject *object = pn_store_json_from_story (story);

  json_object_set_boolean_member (object, "saved", pn_story_get_saved (story));
  pn_store_json_set_date (object, "saved-at", pn_library_get_saved_at (library, story));
  return object;
}

/* sources */

int
pn_cli_run_sources (PnCliContext  *context,
                    int            argc,
                    char         **argv)
{
  PnCliCommand command = command_of ("sources", PN_CLI_USAGE_SOURCES, N_("List the sources"));
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *sources;
  int exit_code;

  if (!pn_cli_parse_options (&command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return pn_cli_usage_error (&command, _("Too many arguments"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_READ_ONLY, &error);
  if (library == NULL)
    return pn_cli_fail (error);

  sources = pn_library_get_sources (library);
  if (json)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
        {
          g_autoptr(PnSource) source = g_list_model_get_item (sources, i);

          json_array_add_object_element (array, pn_store_json_from_source (source));
        }
      print_json_array (array);
      return PN_CLI_EXIT_OK;
    }

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(PnSource) source = g_list_model_get_item (sources, i);
      const char *folder = pn_source_get_folder (source);

      printf ("%s\t%s\t%s\t%s\n", pn_source_get_id (source),
              folder != NULL ? folder : "-",
              pn_source_get_display_title (source), pn_source_get_url (source));
    }
  return PN_CLI_EXIT_OK;
}

/* stories */

static gboolean
story_matches (PnStory    *story,
               const char *folded_search)
{
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *folded_text = NULL;

  if (folded_search == NULL)
    return TRUE;

  title = g_utf8_casefold (pn_story_get_title (story) ? pn_story_get_title (story) : "", -1);
  if (strstr (title, folded_search) != NULL)
    return TRUE;
  text = pn_story_dup_plain_text (story);
  folded_text = g_utf8_casefold (text, -1);
  return strstr (folded_text, folded_search) != NULL;
}

int
pn_cli_run_stories (PnCliContext  *context,
                    int            argc,
                    char         **argv)
{
  PnCliCommand command = command_of ("stories", PN_CLI_USAGE_STORIES, N_("List stories"));
  g_autofree char *source_id = NULL;
  g_autofree char *collection_name = NULL;
  g_autofree char *search = NULL;
  g_autofree char *folded_search = NULL;
  gboolean unread = FALSE, saved = FALSE, json = FALSE;
  GOptionEntry entries[] = {
    { "source", 0, 0, G_OPTION_ARG_STRING, &source_id, N_("Only the stories of this source"), "ID" },
    { "unread", 0, 0, G_OPTION_ARG_NONE, &unread, N_("Only unread stories"), NULL },
    { "saved", 0, 0, G_OPTION_ARG_NONE, &saved, N_("Only saved stories"), NULL },
    { "collection", 0, 0, G_OPTION_ARG_STRING, &collection_name,
      N_("Only the stories of this collection, in its order"), "NAME" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only stories containing TEXT"), "TEXT" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stories = g_ptr_array_new_with_free_func (g_object_unref);
  PnLibraryLoadFlags flags = PN_LIBRARY_LOAD_READ_ONLY;
  JsonArray *array = NULL;
  GListModel *model;
  int exit_code;

  if (!pn_cli_parse_options (&command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return pn_cli_usage_error (&command, _("Too many arguments"));

  if (saved && source_id == NULL)
    flags |= PN_LIBRARY_LOAD_SAVED;
  else if (source_id == NULL && collection_name == NULL)
    flags |= PN_LIBRARY_LOAD_ALL;

  library = pn_cli_open_library (context, flags, &error);
  if (library == NULL)
    return pn_cli_fail (error);

  if (collection_name != NULL)
    {
      PnCollection *collection = pn_library_lookup_collection_by_name (library, collection_name);

      if (collection == NULL)
        return pn_cli_fail_printf (_("No collection named “%s”"), collection_name);
      for (guint i = 0; i < pn_collection_get_n_stories (collection); i++)
        {
          const char *id = pn_collection_get_story_id (collection, i);
          PnStory *story = pn_library_load_story (library, id, NULL);

          if (story == NULL)
            fprintf (stderr, _("prime-news-cli: warning: the story %s is missing\n"), id);
        }
      model = pn_library_get_collection_stories (library, collection);
    }
  else if (source_id != NULL)
    {
      PnSource *source = pn_library_find_source (library, source_id, &error);

      if (source == NULL)
        return pn_cli_fail (error);
      if (!pn_library_load_source_stories (library, source_id, &error))
        return pn_cli_fail (error);
      model = pn_library_get_source_stories (library, source);
    }
  else
    model = pn_library_get_all_stories (library);

  if (search != NULL)
    folded_search = g_utf8_casefold (search, -1);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PnStory) story = g_list_model_get_item (model, i);

      if ((unread && pn_story_get_read (story)) || (saved && !pn_story_get_saved (story)) ||
          (source_id != NULL && strcmp (pn_story_get_source_id (story), source_id) != 0) ||
          !story_matches (story, folded_search))
        continue;
      g_ptr_array_add (stories, g_steal_pointer (&story));
    }

  if (json)
    array = json_array_new ();
  for (guint i = 0; i < stories->len; i++)
    {
      PnStory *story = g_ptr_array_index (stories, i);
      g_autofree char *date = NULL;

      if (json)
        {
          json_array_add_object_element (array, story_to_json (library, story));
          continue;
        }
      date = format_date (pn_story_get_sort_date (story));
      printf ("%s\t%s\t%c%c\t%s\t%s\n", pn_story_get_id (story), date,
              pn_story_get_read (story) ? '-' : 'u', pn_story_get_saved (story) ? 's' : '-',
              pn_story_get_source_id (story),
              pn_story_get_title (story) != NULL ? pn_story_get_title (story) : "");
    }
  if (json)
    print_json_array (array);
  return PN_CLI_EXIT_OK;
}

/* show */

static void
print_annotation_line (PnAnnotation *annotation)
{
  const char *note = pn_annotation_get_note (annotation);
  g_autofree char *range = NULL;

  if (pn_annotation_has_anchor (annotation))
    range = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "%s",
                             pn_annotation_get_start (annotation),
                             pn_annotation_get_end (annotation),
                             pn_annotation_get_detached (annotation) ? "!" : "");
  printf ("%s\t%s\t%s\t%s\t%s\n", pn_annotation_get_id (annotation),
          pn_annotation_get_story_id (annotation), range != NULL ? range : "-",
          pn_annotation_has_anchor (annotation) ? pn_annotation_get_exact (annotation) : "",
          note != NULL ? note : "");
}

int
pn_cli_run_show (PnCliContext  *context,
                 int            argc,
                 char         **argv)
{
  PnCliCommand command = command_of ("show", PN_CLI_USAGE_SHOW, N_("Show a story and its annotations"));
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *byline = NULL;
  g_autofree char *date = NULL;
  GListModel *annotations;
  PnSource *source;
  PnStory *story;
  int exit_code;

  if (!pn_cli_parse_options (&command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&command, _("Give one story id"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_READ_ONLY, &error);
  if (library == NULL || (story = pn_library_load_story (library, argv[1], &error)) == NULL)
    return pn_cli_fail (error);

  text = pn_story_dup_plain_text (story);
  annotations = pn_library_get_story_annotations (library, story);
  if (json)
    {
      JsonObject *object = json_object_new ();
      JsonArray *array = json_array_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_object_member (object, "story", story_to_json (library, story));
      json_object_set_string_member (object, "plain-text", text);
      for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
        {
          g_autoptr(PnAnnotation) annotation = g_list_model_get_item (annotations, i);

          json_array_add_object_element (array, pn_store_json_from_annotation (annotation));
        }
      json_object_set_array_member (object, "annotations", array);
      node = json_node_init_object (json_node_alloc (), object);
      json_object_unref (object);
      print_json (node);
      return PN_CLI_EXIT_OK;
    }

  source = pn_library_lookup_source (library, pn_story_get_source_id (story));
  byline = pn_story_dup_byline (story);
  date = format_date (pn_story_get_sort_date (story));
  printf ("%s\n", pn_story_get_title (story) != NULL ? pn_story_get_title (story) : "");
  printf (_("Source: %s\n"), source != NULL ? pn_source_get_display_title (source)
                                            : pn_story_get_source_id (story));
  if (pn_story_get_link (story) != NULL)
    printf (_("Link: %s\n"), pn_story_get_link (story));
  printf (_("Date: %s\n"), date);
  if (byline != NULL)
    printf (_("By: %s\n"), byline);
  printf (_("Status: %s, %s\n"), pn_story_get_read (story) ? _("read") : _("unread"),
          pn_story_get_saved (story) ? _("saved") : _("not saved"));
  printf ("\n%s\n", text);
  if (g_list_model_get_n_items (annotations) > 0)
    {
      printf ("\n%s\n", _("Annotations:"));
      for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
        {
          g_autoptr(PnAnnotation) annotation = g_list_model_get_item (annotations, i);

          print_annotation_line (annotation);
        }
    }
  return PN_CLI_EXIT_OK;
}

/* mark-read, mark-unread, save, unsave */

typedef gboolean (*StoryOperation) (PnLibrary  *library,
                                    PnStory    *story,
                                    GError    **error);

static gboolean
mark_read_op (PnLibrary  *library,
              PnStory    *story,
              GError    **error)
{
  return pn_library_mark_read (library, story, TRUE, error);
}

static gboolean
mark_unread_op (PnLibrary  *library,
                PnStory    *story,
                GError    **error)
{
  return pn_library_mark_read (library, story, FALSE, error);
}

/* Applies @operation to each story given; all or nothing: an unknown id
 * fails the command before anything is written.
 */
static int
run_story_operation (PnCliContext   *context,
                     PnCliCommand   *command,
                     StoryOperation  operation,
                     gboolean        single,
                     int             argc,
                     char          **argv)
{
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code;

  if (!pn_cli_parse_options (command, NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc < 2 || (single && argc > 2))
    return pn_cli_usage_error (command, single ? _("Give one story id") : _("Give story ids"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_DEFAULT, &error);
  if (library == NULL)
    return pn_cli_fail (error);

  for (int i = 1; i < argc; i++)
    {
      PnStory *story = pn_library_load_story (library, argv[i], &error);

      if (story == NULL || !operation (library, story, &error))
        return pn_cli_fail (error);
    }
  return pn_cli_finish_change (library);
}

int
pn_cli_run_mark_read (PnCliContext  *context,
                      int            argc,
                      char         **argv)
{
  PnCliCommand command = command_of ("mark-read", PN_CLI_USAGE_MARK_READ, N_("Mark stories read"));

  return run_story_operation (context, &command, mark_read_op, FALSE, argc, argv);
}

int
pn_cli_run_mark_unread (PnCliContext  *context,
                        int            argc,
                        char         **argv)
{
  PnCliCommand command = command_of ("mark-unread", PN_CLI_USAGE_MARK_UNREAD,
                                     N_("Mark stories unread"));

  return run_story_operation (context, &command, mark_unread_op, FALSE, argc, argv);
}

int
pn_cli_run_save (PnCliContext  *context,
                 int            argc,
                 char         **argv)
{
  PnCliCommand command = command_of ("save", PN_CLI_USAGE_SAVE, N_("Save a story"));

  return run_story_operation (context, &command, pn_library_save_story, TRUE, argc, argv);
}

int
pn_cli_run_unsave (PnCliContext  *context,
                   int            argc,
                   char         **argv)
{
  PnCliCommand command = command_of ("unsave", PN_CLI_USAGE_UNSAVE,
                                     N_("Remove a story from the saved stories"));

  return run_story_operation (context, &command, pn_library_unsave_story, TRUE, argc, argv);
}

/* annotate */

int
pn_cli_run_annotate (PnCliContext  *context,
                     int            argc,
                     char         **argv)
{
  PnCliCommand command = command_of ("annotate", PN_CLI_USAGE_ANNOTATE,
                                     N_("Add a note or a highlight to a story"));
  g_autofree char *note = NULL;
  g_autofree char *quote = NULL;
  int occurrence = 1;
  GOptionEntry entries[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("The note"), "TEXT" },
    { "quote", 0, 0, G_OPTION_ARG_STRING, &quote, N_("Highlight this passage of the story"), "TEXT" },
    { "occurrence", 0, 0, G_OPTION_ARG_INT, &occurrence,
      N_("Which occurrence of the passage (default: 1)"), "N" },
    { NULL }
  };
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = -1, end = -1;
  PnStory *story;
  int exit_code;

  if (!pn_cli_parse_options (&command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&command, _("Give one story id"));
  if (note == NULL && quote == NULL)
    return pn_cli_usage_error (&command, _("Give --note or --quote"));
  if (quote != NULL && (*quote == '\0' || occurrence < 1))
    return pn_cli_usage_error (&command, _("The quote must not be empty and N must be at least 1"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_DEFAULT, &error);
  if (library == NULL || (story = pn_library_load_story (library, argv[1], &error)) == NULL)
    return pn_cli_fail (error);

  if (quote != NULL)
    {
      g_autofree char *text = pn_story_dup_plain_text (story);

      if (!pn_anchor_find_quote (text, quote, occurrence, &start, &end))
        return pn_cli_fail_printf (occurrence == 1
                                     ? _("The story does not contain “%s”")
                                     : _("The story does not contain “%s” %d times"),
                                   quote, occurrence);
    }

  if (pn_library_add_annotation (library, story, start, end, note, &error) == NULL)
    return pn_cli_fail (error);
  return pn_cli_finish_change (library);
}

/* annotations, annotation-delete */

int
pn_cli_run_annotations (PnCliContext  *context,
                        int            argc,
                        char         **argv)
{
  PnCliCommand command = command_of ("annotations", PN_CLI_USAGE_ANNOTATIONS, N_("List annotations"));
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array = NULL;
  GListModel *annotations;
  int exit_code;

  if (!pn_cli_parse_options (&command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc > 2)
    return pn_cli_usage_error (&command, _("Too many arguments"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_READ_ONLY |
                                   (argc == 1 ? PN_LIBRARY_LOAD_SAVED : 0), &error);
  if (library == NULL)
    return pn_cli_fail (error);

  if (argc == 2)
    {
      PnStory *story = pn_library_load_story (library, argv[1], &error);

      if (story == NULL)
        return pn_cli_fail (error);
      annotations = pn_library_get_story_annotations (library, story);
    }
  else
    annotations = pn_library_get_all_annotations (library);

  if (json)
    array = json_array_new ();
  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(PnAnnotation) annotation = g_list_model_get_item (annotations, i);

      if (json)
        json_array_add_object_element (array, pn_store_json_from_annotation (annotation));
      else
        print_annotation_line (annotation);
    }
  if (json)
    print_json_array (array);
  return PN_CLI_EXIT_OK;
}

int
pn_cli_run_annotation_delete (PnCliContext  *context,
                              int            argc,
                              char         **argv)
{
  PnCliCommand command = command_of ("annotation-delete", PN_CLI_USAGE_ANNOTATION_DELETE,
                                     N_("Delete an annotation"));
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  PnAnnotation *annotation;
  int exit_code;

  if (!pn_cli_parse_options (&command, NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 2)
    return pn_cli_usage_error (&command, _("Give one annotation id"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_DEFAULT, &error);
  if (library == NULL ||
      (annotation = pn_library_load_annotation (library, argv[1], &error)) == NULL ||
      !pn_library_delete_annotation (library, annotation, &error))
    return pn_cli_fail (error);
  return pn_cli_finish_change (library);
}

/* collection, collections */

static PnCollection *
require_collection (PnLibrary   *library,
                    const char  *name,
                    GError     **error)
{
  PnCollection *collection = pn_library_lookup_collection_by_name (library, name);

  if (collection == NULL)
    g_set_error (error, PN_ERROR, PN_ERROR_NOT_FOUND, _("No collection named “%s”"), name);
  return collection;
}

static gboolean
collection_change (PnLibrary  *library,
                   int         argc,
                   char      **argv,
                   GError    **error)
{
  const char *action = argv[1];
  PnCollection *collection;

  if (strcmp (action, "create") == 0)
    return pn_library_create_collection (library, argv[2], error) != NULL;

  if ((collection = require_collection (library, argv[2], error)) == NULL)
    return FALSE;

  if (strcmp (action, "rename") == 0)
    return pn_library_rename_collection (library, collection, argv[3], error);
  if (strcmp (action, "delete") == 0)
    return pn_library_delete_collection (library, collection, error);

  for (int i = 3; i < argc; i++)
    {
      PnStory *story = pn_library_load_story (library, argv[i], error);

      if (story == NULL)
        return FALSE;
      if (strcmp (action, "add") == 0
            ? !pn_library_add_to_collection (library, collection, story, G_MAXUINT, error)
            : !pn_library_remove_from_collection (library, collection, story, error))
        return FALSE;
    }
  return TRUE;
}

int
pn_cli_run_collection (PnCliContext  *context,
                       int            argc,
                       char         **argv)
{
  PnCliCommand command = command_of ("collection", PN_CLI_USAGE_COLLECTION, N_("Change collections"));
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;
  int exit_code;

  if (!pn_cli_parse_options (&command, NULL, &argc, &argv, &exit_code))
    return exit_code;
  if (argc < 3)
    return pn_cli_usage_error (&command, _("Give an action and a collection name"));

  action = argv[1];
  if (((strcmp (action, "create") == 0 || strcmp (action, "delete") == 0) && argc != 3) ||
      (strcmp (action, "rename") == 0 && argc != 4) ||
      ((strcmp (action, "add") == 0 || strcmp (action, "remove") == 0) && argc < 4))
    return pn_cli_usage_error (&command, _("Wrong number of arguments for “%s”"), action);
  if (strcmp (action, "create") != 0 && strcmp (action, "delete") != 0 &&
      strcmp (action, "rename") != 0 && strcmp (action, "add") != 0 &&
      strcmp (action, "remove") != 0)
    return pn_cli_usage_error (&command, _("Unknown action “%s”"), action);

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_DEFAULT, &error);
  if (library == NULL || !collection_change (library, argc, argv, &error))
    return pn_cli_fail (error);
  return pn_cli_finish_change (library);
}

int
pn_cli_run_collections (PnCliContext  *context,
                        int            argc,
                        char         **argv)
{
  PnCliCommand command = command_of ("collections", PN_CLI_USAGE_COLLECTIONS,
                                     N_("List the collections"));
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(PnLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array = NULL;
  GListModel *collections;
  int exit_code;

  if (!pn_cli_parse_options (&command, entries, &argc, &argv, &exit_code))
    return exit_code;
  if (argc != 1)
    return pn_cli_usage_error (&command, _("Too many arguments"));

  library = pn_cli_open_library (context, PN_LIBRARY_LOAD_READ_ONLY, &error);
  if (library == NULL)
    return pn_cli_fail (error);

  collections = pn_library_get_collections (library);
  if (json)
    array = json_array_new ();
  for (guint i = 0; i < g_list_model_get_n_items (collections); i++)
    {
      g_autoptr(PnCollection) collection = g_list_model_get_item (collections, i);

      if (json)
        json_array_add_object_element (array, pn_store_json_from_collection (collection));
      else
        printf ("%s\t%u\t%s\n", pn_collection_get_id (collection),
                pn_collection_get_n_stories (collection), pn_collection_get_name (collection));
    }
  if (json)
    print_json_array (array);
  return PN_CLI_EXIT_OK;
}
