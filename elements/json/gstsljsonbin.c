/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-sljsonbin
 * @title: sljsonbin
 *
 * A bin whose inside is built from a JSON pipeline description, read from
 * `location` or given in `description`. The description is checked and
 * translated exactly as `streamlab translate` does (the translated line is
 * readable in `line`); an invalid description makes the state change to
 * READY fail with an error message naming the file, the JSON path and
 * what is wrong.
 *
 * The description may leave open ends: a node input without an incoming
 * connection becomes the bin's `sink` ghost pad, a node output without an
 * outgoing connection its `src` ghost pad (at most one of each). So a
 * description of a processing chain can sit in the middle of any pipeline,
 * and a complete description (source to sinks) runs on its own.
 *
 * Secure by default: `sandbox` is on, so the description may name only
 * gst-streamlab elements and stock elements without file or network access
 * (no `filesrc`, `filesink` or network sinks). Set `sandbox=false` to allow
 * any element, for descriptions you trust. An sljsonbin in a description
 * is sandboxed too unless it says otherwise, and a sandboxed description
 * cannot embed an unsandboxed one. Descriptions may embed sljsonbin up to
 * 8 levels deep; a description that embeds itself, directly or through
 * other files, is refused with the chain of files.
 *
 * The contents are built when the property is set (in the NULL state), so
 * gst-launch-1.0 can link the ghost pads right away. `location`,
 * `description` and `sandbox` can only be changed in the NULL or READY
 * state: a write in PAUSED or PLAYING is ignored, with a warning message
 * on the bus (it would tear the running pipeline down). Applications in any
 * language embed JSON pipelines with the standard API only, e.g. from Python:
 * `Gst.parse_launch("sljsonbin location=f.json ! fakesink")`.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 sljsonbin description="{\"nodes\":[{\"id\":\"g\",\"type\":\"gain\",\"config\":{\"gain_db\":-6}}],\"connections\":[]}" name=b slsinesrc num-buffers=10 ! b. b. ! fakesink
 * ]| A gain node from JSON between a sine source and a sink.
 * |[
 * gst-launch-1.0 sljsonbin description="{\"nodes\":[{\"id\":\"s\",\"type\":\"sine_generator\",\"config\":{\"num_frames\":5}},{\"id\":\"p\",\"type\":\"print\",\"config\":{\"label\":\"json\"}}],\"connections\":[{\"from\":\"s\",\"to\":\"p\"}]}"
 * ]| A complete description: a sine source printed by slprint.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstsljsonbin.h"
#include "gstslelement.h"
#include "sljsontranslate.h"

GST_DEBUG_CATEGORY_STATIC (sl_json_bin_debug);
#define GST_CAT_DEFAULT sl_json_bin_debug

enum
{
  PROP_0,
  PROP_LOCATION,
  PROP_DESCRIPTION,
  PROP_LINE,
  PROP_SANDBOX,
};

#define DEFAULT_SANDBOX TRUE

struct _GstSlJsonBin
{
  GstBin parent;

  /* properties, under the object lock */
  gchar *location;
  gchar *description;
  gchar *line;
  gboolean sandbox;

  GstElement *inner;
  GError *error; /* why the last build failed */
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_SOMETIMES, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_SOMETIMES, GST_STATIC_CAPS_ANY);

#define gst_sl_json_bin_parent_class parent_class
G_DEFINE_TYPE (GstSlJsonBin, gst_sl_json_bin, GST_TYPE_BIN);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (sljsonbin, "sljsonbin", GST_RANK_NONE,
    GST_TYPE_SL_JSON_BIN, sl_element_init (plugin));

static void gst_sl_json_bin_finalize (GObject *object);
static void gst_sl_json_bin_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_json_bin_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static GstStateChangeReturn gst_sl_json_bin_change_state (GstElement *element,
    GstStateChange transition);

static void
gst_sl_json_bin_class_init (GstSlJsonBinClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_sl_json_bin_set_property;
  gobject_class->get_property = gst_sl_json_bin_get_property;
  gobject_class->finalize = gst_sl_json_bin_finalize;

  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "JSON pipeline description file (replaces 'description')", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_DESCRIPTION,
      g_param_spec_string ("description", "Description",
          "JSON pipeline description text (replaces 'location')", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_LINE,
      g_param_spec_string ("line", "Line",
          "The gst-launch line the description translates to", NULL,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_property (gobject_class, PROP_SANDBOX,
      g_param_spec_boolean ("sandbox", "Sandbox",
          "Only gst-streamlab elements and stock elements without file or "
          "network access may be named by the description; false allows "
          "any element",
          DEFAULT_SANDBOX,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "StreamLab JSON pipeline bin", "Generic/Bin",
      "A bin built from a JSON pipeline description, with ghost pads for "
      "its open ends",
      "gst-streamlab developers");

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_sl_json_bin_change_state);

  GST_DEBUG_CATEGORY_INIT (sl_json_bin_debug, "sljsonbin", 0,
      "StreamLab JSON pipeline bin");
}

static void
gst_sl_json_bin_init (GstSlJsonBin *self)
{
  self->sandbox = DEFAULT_SANDBOX;
}

static void
gst_sl_json_bin_finalize (GObject *object)
{
  GstSlJsonBin *self = GST_SL_JSON_BIN (object);

  g_free (self->location);
  g_free (self->description);
  g_free (self->line);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
clear_contents (GstSlJsonBin *self)
{
  GstPad *pad;

  if ((pad = gst_element_get_static_pad (GST_ELEMENT (self), "src"))) {
    gst_element_remove_pad (GST_ELEMENT (self), pad);
    gst_object_unref (pad);
  }
  if ((pad = gst_element_get_static_pad (GST_ELEMENT (self), "sink"))) {
    gst_element_remove_pad (GST_ELEMENT (self), pad);
    gst_object_unref (pad);
  }
  if (self->inner) {
    gst_element_set_state (self->inner, GST_STATE_NULL);
    gst_bin_remove (GST_BIN (self), self->inner);
    self->inner = NULL;
  }
  GST_OBJECT_LOCK (self);
  g_clear_pointer (&self->line, g_free);
  GST_OBJECT_UNLOCK (self);
  g_clear_error (&self->error);
}

static void
ghost (GstSlJsonBin *self, const gchar *name)
{
  GstPad *target = gst_element_get_static_pad (self->inner, name);
  GstPad *pad;

  if (!target)
    return;
  pad = gst_ghost_pad_new_from_template (name, target,
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self), name));
  gst_pad_set_active (pad, TRUE);
  gst_element_add_pad (GST_ELEMENT (self), pad);
  gst_object_unref (target);
}

/* Builds the contents from the description; on failure keeps the error
 * for the state change to report. */
/* Bins being built by this thread, one inside the other: building an
 * sljsonbin parses its line, which builds the sljsonbins it names. The
 * translator refuses a description that embeds itself; this bounds what
 * it cannot see (a file rewritten between two levels). */
static GPrivate build_depth;

static void
build (GstSlJsonBin *self)
{
  SlJsonOptions opts = {
    0,
  };
  SlJsonPipeline *p = NULL;
  GError *err = NULL;
  gchar *location, *description;
  guint depth = GPOINTER_TO_UINT (g_private_get (&build_depth));

  clear_contents (self);
  GST_OBJECT_LOCK (self);
  location = g_strdup (self->location);
  description = g_strdup (self->description);
  opts.sandbox = self->sandbox;
  GST_OBJECT_UNLOCK (self);

  if (depth >= SL_JSON_MAX_EMBED_DEPTH && (location || description)) {
    self->error = g_error_new (SL_JSON_ERROR, SL_JSON_ERROR_LIMIT,
        "%s: "
        "sljsonbin descriptions nested more than %u deep",
        location ? location : "description", SL_JSON_MAX_EMBED_DEPTH);
    g_free (location);
    g_free (description);
    return;
  }
  opts.allow_open_ends = TRUE;
  if (location)
    p = sl_json_translate_file (location, &opts, &err);
  else if (description)
    p = sl_json_translate (description, -1, "description", &opts, &err);
  g_free (location);
  g_free (description);
  if (!p) {
    self->error = err;
    return;
  }
  GST_DEBUG_OBJECT (self, "line: %s", p->description);
  g_private_set (&build_depth, GUINT_TO_POINTER (depth + 1));
  self->inner = gst_parse_bin_from_description_full (p->description, TRUE, NULL,
      GST_PARSE_FLAG_FATAL_ERRORS, &err);
  g_private_set (&build_depth, GUINT_TO_POINTER (depth));
  if (!self->inner) {
    self->error = err;
    sl_json_pipeline_free (p);
    return;
  }
  GST_OBJECT_LOCK (self);
  self->line = g_strdup (p->description);
  GST_OBJECT_UNLOCK (self);
  sl_json_pipeline_free (p);
  gst_bin_add (GST_BIN (self), self->inner);
  ghost (self, "sink");
  ghost (self, "src");
}

static void
gst_sl_json_bin_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec)
{
  GstSlJsonBin *self = GST_SL_JSON_BIN (object);
  GstState state, next;

  GST_OBJECT_LOCK (self);
  /* The contents are rebuilt on every write: refused once the bin has
   * left READY (or is on its way out of it), as the properties' flags
   * declare, instead of tearing the running pipeline down. */
  state = GST_STATE (self);
  next = GST_STATE_NEXT (self);
  if ((prop_id == PROP_LOCATION || prop_id == PROP_DESCRIPTION ||
          prop_id == PROP_SANDBOX) &&
      (state > GST_STATE_READY || next > GST_STATE_READY)) {
    GST_OBJECT_UNLOCK (self);
    /* a bus message, not g_warning(): applications and gst-launch-1.0
     * see it, and it does not abort programs run with fatal warnings */
    GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS,
        (_ ("Property '%s' can only be changed in the NULL or READY state; "
            "the change is ignored."),
            pspec->name),
        ("the bin is in %s",
            gst_element_state_get_name (state > GST_STATE_READY ? state
                                                                : next)));
    return;
  }
  switch (prop_id) {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      g_clear_pointer (&self->description, g_free);
      break;
    case PROP_DESCRIPTION:
      g_free (self->description);
      self->description = g_value_dup_string (value);
      g_clear_pointer (&self->location, g_free);
      break;
    case PROP_SANDBOX:
      self->sandbox = g_value_get_boolean (value);
      break;
    default:
      GST_OBJECT_UNLOCK (self);
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
  }
  GST_OBJECT_UNLOCK (self);
  build (self);
}

static void
gst_sl_json_bin_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlJsonBin *self = GST_SL_JSON_BIN (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_LINE:
      g_value_set_string (value, self->line);
      break;
    case PROP_SANDBOX:
      g_value_set_boolean (value, self->sandbox);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static GstStateChangeReturn
gst_sl_json_bin_change_state (GstElement *element, GstStateChange transition)
{
  GstSlJsonBin *self = GST_SL_JSON_BIN (element);

  if (transition == GST_STATE_CHANGE_NULL_TO_READY) {
    if (self->error) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
          (_ ("Invalid JSON pipeline description.")),
          ("%s", self->error->message));
      return GST_STATE_CHANGE_FAILURE;
    }
    if (!self->inner) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
          (_ ("No JSON pipeline description: set 'location' or "
              "'description'.")),
          (NULL));
      return GST_STATE_CHANGE_FAILURE;
    }
  }
  return GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
}
