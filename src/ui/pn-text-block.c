/* pn-text-block.c
 *
 * What a wrapping, ellipsizing GtkLabel shows, measured more cheaply.
 * GtkLabel measures such a text several times over (its narrowest and its
 * widest width, then its height for the width it gets), each time on a
 * fresh copy of its layout, so each time shaping the text anew; GTK 4.8's
 * grid view measures all of its rows after every wholesale change of its
 * model. A text block keeps one layout, takes the width its
 * parent gives it (it asks for none), and shapes its text once for each
 * text and width. Its height for no width in particular, which scrolled
 * windows ask their list for and then do not use, is the height it had
 * for the last width it was given: working it out would shape the text
 * again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pn-text-block"

#include "config.h"

#include "pn-text-block.h"

struct _PnTextBlock
{
  GtkWidget    parent_instance;

  /* Owned references */
  PangoLayout *layout;   /* NULL until measured or drawn */
  char        *text;
  guint        lines;
  int          height;   /* for the layout's width, -1 until measured */
  guint        context_serial;   /* of the widget's Pango context, when laid out */
};

G_DEFINE_FINAL_TYPE (PnTextBlock, pn_text_block, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_LINES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Whether the layout was made with the widget's Pango context as it is:
 * GTK gives the context the font of the widget's style, and gives the
 * widget a new context when it moves to another window (or out of one
 * and back, as recycled rows do).
 */
static gboolean
pn_text_block_layout_is_current (PnTextBlock *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));

  return self->layout != NULL &&
         pango_layout_get_context (self->layout) == context &&
         pango_context_get_serial (context) == self->context_serial;
}

static PangoLayout *
pn_text_block_ensure_layout (PnTextBlock *self,
                             int          width)
{
  if (!pn_text_block_layout_is_current (self))
    {
      PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));

      g_clear_object (&self->layout);
      self->layout = pango_layout_new (context);
      self->context_serial = pango_context_get_serial (context);
      pango_layout_set_text (self->layout, self->text, -1);
      pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (self->layout, -(int) self->lines);
    }
  /* Pango keeps the lines it broke when the width stays the same. */
  pango_layout_set_width (self->layout, width < 0 ? -1 : width * PANGO_SCALE);
  return self->layout;
}

static GtkSizeRequestMode
pn_text_block_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* A font of another weight or size (a story read, its title no longer
 * bold) may take other lines.
 */
static void
pn_text_block_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  PnTextBlock *self = PN_TEXT_BLOCK (widget);

  GTK_WIDGET_CLASS (pn_text_block_parent_class)->css_changed (widget, change);

  if (self->layout != NULL && !pn_text_block_layout_is_current (self))
    {
      g_clear_object (&self->layout);
      gtk_widget_queue_resize (widget);
    }
}

static void
pn_text_block_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  PnTextBlock *self = PN_TEXT_BLOCK (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = *natural = 0;
      return;
    }

  if (for_size >= 0 || self->height < 0)
    pango_layout_get_pixel_size (pn_text_block_ensure_layout (self, for_size), NULL, &self->height);
  *minimum = *natural = self->height;
}

static void
pn_text_block_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  pn_text_block_ensure_layout (PN_TEXT_BLOCK (widget), width);
}

static void
pn_text_block_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  PnTextBlock *self = PN_TEXT_BLOCK (widget);
  PangoLayout *layout = pn_text_block_ensure_layout (self, gtk_widget_get_width (widget));

  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget), 0, 0, layout);
}

static void
pn_text_block_dispose (GObject *object)
{
  PnTextBlock *self = (PnTextBlock *) object;

  g_clear_object (&self->layout);

  G_OBJECT_CLASS (pn_text_block_parent_class)->dispose (object);
}

static void
pn_text_block_finalize (GObject *object)
{
  PnTextBlock *self = (PnTextBlock *) object;

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (pn_text_block_parent_class)->finalize (object);
}

static void
pn_text_block_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PnTextBlock *self = PN_TEXT_BLOCK (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_LINES:
      g_value_set_uint (value, self->lines);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_text_block_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PnTextBlock *self = PN_TEXT_BLOCK (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      pn_text_block_set_text (self, g_value_get_string (value));
      break;

    case PROP_LINES:
      pn_text_block_set_lines (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pn_text_block_class_init (PnTextBlockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = pn_text_block_dispose;
  object_class->finalize = pn_text_block_finalize;
  object_class->get_property = pn_text_block_get_property;
  object_class->set_property = pn_text_block_set_property;

  widget_class->css_changed = pn_text_block_css_changed;
  widget_class->get_request_mode = pn_text_block_get_request_mode;
  widget_class->measure = pn_text_block_measure;
  widget_class->size_allocate = pn_text_block_size_allocate;
  widget_class->snapshot = pn_text_block_snapshot;

  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, "", flags);
  properties[PROP_LINES] = g_param_spec_uint ("lines", NULL, NULL, 1, G_MAXINT, 1, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
pn_text_block_init (PnTextBlock *self)
{
  self->text = g_strdup ("");
  self->lines = 1;
  self->height = -1;
}

/* @max_lines: the text is ellipsized after this many lines */
GtkWidget *
pn_text_block_new (guint max_lines)
{
  g_return_val_if_fail (max_lines > 0, NULL);

  return g_object_new (PN_TYPE_TEXT_BLOCK, "lines", max_lines, NULL);
}

const char *
pn_text_block_get_text (PnTextBlock *self)
{
  g_return_val_if_fail (PN_IS_TEXT_BLOCK (self), NULL);
  return self->text;
}

/* @text: (nullable): plain text, shown as it is (no markup) */
void
pn_text_block_set_text (PnTextBlock *self,
                        const char  *text)
{
  g_return_if_fail (PN_IS_TEXT_BLOCK (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, self->text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->text,
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

guint
pn_text_block_get_lines (PnTextBlock *self)
{
  g_return_val_if_fail (PN_IS_TEXT_BLOCK (self), 1);
  return self->lines;
}

void
pn_text_block_set_lines (PnTextBlock *self,
                         guint        max_lines)
{
  g_return_if_fail (PN_IS_TEXT_BLOCK (self));
  g_return_if_fail (max_lines > 0 && max_lines <= G_MAXINT);

  if (self->lines == max_lines)
    return;

  self->lines = max_lines;
  if (self->layout != NULL)
    pango_layout_set_height (self->layout, -(int) max_lines);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINES]);
}
