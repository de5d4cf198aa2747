/* pn-cli-input.c — reading a command's input from a file or stdin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <string.h>

#include "pn-cli-commands-content.h"

/* "-" reads standard input, anything else is a path. */
gboolean
pn_cli_read_input (const char  *path,
                   char       **contents,
                   gsize       *length,
                   GError     **error)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;

  if (g_strcmp0 (path, "-") != 0)
    return g_file_get_contents (path, contents, length, error);

  input = g_unix_input_stream_new (0, FALSE);
  output = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (output, input, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    {
      g_prefix_error (error, _("Could not read standard input: "));
      return FALSE;
    }
  *length = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output));
  /* Room for a terminating NUL, which callers rely on. */
  g_output_stream_write_all (output, "", 1, NULL, NULL, NULL);
  *contents = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (output));
  return TRUE;
}
