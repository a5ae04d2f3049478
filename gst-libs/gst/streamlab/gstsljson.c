/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:gstsljson
 * @title: JSON translation
 * @short_description: JSON pipeline descriptions to gst-launch lines
 *
 * A JSON pipeline description (nodes with a type and a config, and
 * connections between them; the JSON Schema is installed as
 * `share/gst-streamlab/streamlab-pipeline.schema.json`) translates to one
 * gst-launch line. Every value is typed from the target property and quoted
 * for the gst-launch grammar, so no id or value can add elements.
 *
 * |[<!-- language="C" -->
 * g_autoptr (GError) err = NULL;
 * g_autoptr (GstSlJsonDescription) d =
 *     gst_sl_json_translate_file ("pipeline.json", GST_SL_JSON_TRANSLATE_NONE,
 *     &err);
 *
 * if (d == NULL) {
 *   g_printerr ("%s (at %s)\n", err->message,
 *       GST_STR_NULL (gst_sl_json_error_get_path (err)));
 *   return 2;
 * }
 * pipeline = gst_sl_json_description_create_pipeline (d, &err);
 * ]|
 *
 * Errors (#GST_SL_JSON_ERROR) name the document, the place and what is
 * wrong; the place is also kept in the error: the JSON path
 * (`nodes[2].config.cutoff`) or, for syntax errors, the line and column.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstsljson.h"
#include "sljsontranslate.h"

/* the public codes and priorities are the translator's */
G_STATIC_ASSERT ((gint) GST_SL_JSON_ERROR_SYNTAX ==
    (gint) SL_JSON_ERROR_SYNTAX);
G_STATIC_ASSERT ((gint) GST_SL_JSON_ERROR_DENIED ==
    (gint) SL_JSON_ERROR_DENIED);
G_STATIC_ASSERT ((gint) GST_SL_JSON_PRIORITY_LOW ==
    (gint) SL_JSON_PRIORITY_LOW);

struct _GstSlJsonDescription
{
  gint refcount;
  SlJsonPipeline *pipeline;
};

G_DEFINE_BOXED_TYPE (GstSlJsonDescription, gst_sl_json_description,
    gst_sl_json_description_ref, gst_sl_json_description_unref);

/**
 * gst_sl_json_error_quark:
 *
 * Returns: the #GST_SL_JSON_ERROR domain.
 */
GQuark
gst_sl_json_error_quark (void)
{
  return sl_json_error_quark ();
}

/**
 * gst_sl_json_error_get_path:
 * @error: a #GError
 *
 * Returns: (nullable): the JSON path where the error is (such as
 *   `nodes[2].config.cutoff`), or %NULL when @error is not of the
 *   #GST_SL_JSON_ERROR domain or is about the whole document or its syntax.
 */
const gchar *
gst_sl_json_error_get_path (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  return sl_json_error_get_path (error);
}

/**
 * gst_sl_json_error_get_position:
 * @error: a #GError
 * @line: (out) (optional): the line, from 1
 * @column: (out) (optional): the column, from 1
 *
 * Returns: %TRUE if @error is a syntax error of the #GST_SL_JSON_ERROR domain
 *   with a position in the text.
 */
gboolean
gst_sl_json_error_get_position (const GError *error, guint *line, guint *column)
{
  g_return_val_if_fail (error != NULL, FALSE);

  return sl_json_error_get_position (error, line, column);
}

static GstSlJsonDescription *
wrap (SlJsonPipeline *p)
{
  GstSlJsonDescription *d;

  if (p == NULL)
    return NULL;
  d = g_new0 (GstSlJsonDescription, 1);
  d->refcount = 1;
  d->pipeline = p;
  return d;
}

static void
flags_to_options (GstSlJsonTranslateFlags flags, SlJsonOptions *opts)
{
  memset (opts, 0, sizeof (*opts));
  opts->allow_open_ends = (flags & GST_SL_JSON_TRANSLATE_ALLOW_OPEN_ENDS) != 0;
  opts->sandbox = (flags & GST_SL_JSON_TRANSLATE_SANDBOX) != 0;
}

/**
 * gst_sl_json_translate:
 * @text: a JSON pipeline description (UTF-8, nul-terminated)
 * @filename: (nullable): the name of the document in messages, or %NULL
 *   for `<description>`
 * @error: return location for a #GST_SL_JSON_ERROR
 *
 * Translates @text with the default limits. Element factories are looked
 * up in the registry, so gst_init() must have been called.
 *
 * Returns: (transfer full) (nullable): the description, or %NULL with
 *   @error set when @text is invalid.
 */
GstSlJsonDescription *
gst_sl_json_translate (const gchar *text, const gchar *filename, GError **error)
{
  return gst_sl_json_translate_full (text, -1, filename,
      GST_SL_JSON_TRANSLATE_NONE, error);
}

/**
 * gst_sl_json_translate_full:
 * @text: (array length=length) (element-type guint8): a JSON pipeline
 *   description (UTF-8)
 * @length: length of @text in bytes, or -1 when nul-terminated
 * @filename: (nullable): the name of the document in messages, or %NULL
 * @flags: options
 * @error: return location for a #GST_SL_JSON_ERROR
 *
 * Returns: (transfer full) (nullable): the description, or %NULL with
 *   @error set when @text is invalid.
 */
GstSlJsonDescription *
gst_sl_json_translate_full (const gchar *text, gssize length,
    const gchar *filename, GstSlJsonTranslateFlags flags, GError **error)
{
  SlJsonOptions opts;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  flags_to_options (flags, &opts);
  return wrap (sl_json_translate (text, length, filename, &opts, error));
}

/**
 * gst_sl_json_translate_file:
 * @filename: (type filename): a JSON pipeline description file
 * @flags: options
 * @error: return location for a #GST_SL_JSON_ERROR
 *
 * Returns: (transfer full) (nullable): the description, or %NULL with
 *   @error set when the file cannot be read or is invalid.
 */
GstSlJsonDescription *
gst_sl_json_translate_file (const gchar *filename,
    GstSlJsonTranslateFlags flags, GError **error)
{
  SlJsonOptions opts;

  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  flags_to_options (flags, &opts);
  return wrap (sl_json_translate_file (filename, &opts, error));
}

/**
 * gst_sl_json_description_ref:
 * @description: a #GstSlJsonDescription
 *
 * Returns: (transfer full): @description
 */
GstSlJsonDescription *
gst_sl_json_description_ref (GstSlJsonDescription *description)
{
  g_return_val_if_fail (description != NULL, NULL);

  g_atomic_int_inc (&description->refcount);
  return description;
}

/**
 * gst_sl_json_description_unref:
 * @description: (transfer full): a #GstSlJsonDescription
 */
void
gst_sl_json_description_unref (GstSlJsonDescription *description)
{
  g_return_if_fail (description != NULL);

  if (g_atomic_int_dec_and_test (&description->refcount)) {
    sl_json_pipeline_free (description->pipeline);
    g_free (description);
  }
}

/**
 * gst_sl_json_description_get_line:
 * @description: a #GstSlJsonDescription
 *
 * Returns: the pipeline as shell words, for `gst-launch-1.0 LINE` typed in
 *   a POSIX shell.
 */
const gchar *
gst_sl_json_description_get_line (GstSlJsonDescription *description)
{
  g_return_val_if_fail (description != NULL, NULL);

  return description->pipeline->line;
}

/**
 * gst_sl_json_description_get_launch:
 * @description: a #GstSlJsonDescription
 *
 * Returns: the pipeline for gst_parse_launch().
 */
const gchar *
gst_sl_json_description_get_launch (GstSlJsonDescription *description)
{
  g_return_val_if_fail (description != NULL, NULL);

  return description->pipeline->description;
}

/**
 * gst_sl_json_description_get_argv:
 * @description: a #GstSlJsonDescription
 *
 * Returns: (transfer none) (array zero-terminated=1): the words of the line,
 *   for gst_parse_launchv().
 */
const gchar *const *
gst_sl_json_description_get_argv (GstSlJsonDescription *description)
{
  g_return_val_if_fail (description != NULL, NULL);

  return (const gchar *const *) description->pipeline->argv;
}

/**
 * gst_sl_json_description_get_name:
 * @description: a #GstSlJsonDescription
 *
 * Returns: (nullable): `pipeline_config.name`, or %NULL.
 */
const gchar *
gst_sl_json_description_get_name (GstSlJsonDescription *description)
{
  g_return_val_if_fail (description != NULL, NULL);

  return description->pipeline->name;
}

/**
 * gst_sl_json_description_get_priority:
 * @description: a #GstSlJsonDescription
 *
 * Returns: `pipeline_config.priority`.
 */
GstSlJsonPriority
gst_sl_json_description_get_priority (GstSlJsonDescription *description)
{
  g_return_val_if_fail (description != NULL, GST_SL_JSON_PRIORITY_NORMAL);

  return (GstSlJsonPriority) description->pipeline->priority;
}

/**
 * gst_sl_json_description_get_channel_capacity:
 * @description: a #GstSlJsonDescription
 *
 * Returns: the default capacity of a connection, in frames.
 */
guint
gst_sl_json_description_get_channel_capacity (GstSlJsonDescription *description)
{
  g_return_val_if_fail (description != NULL, 0);

  return description->pipeline->channel_capacity;
}

/**
 * gst_sl_json_description_get_n_nodes:
 * @description: a #GstSlJsonDescription
 *
 * Returns: the number of nodes, in the order of the description.
 */
guint
gst_sl_json_description_get_n_nodes (GstSlJsonDescription *description)
{
  g_return_val_if_fail (description != NULL, 0);

  return description->pipeline->nodes->len;
}

static const SlJsonNodeInfo *
node_at (GstSlJsonDescription *description, guint index)
{
  g_return_val_if_fail (description != NULL, NULL);
  g_return_val_if_fail (index < description->pipeline->nodes->len, NULL);

  return g_ptr_array_index (description->pipeline->nodes, index);
}

/**
 * gst_sl_json_description_get_node_id:
 * @description: a #GstSlJsonDescription
 * @index: a node index
 *
 * Returns: (nullable): the node's id, which is its element's name in the
 *   pipeline.
 */
const gchar *
gst_sl_json_description_get_node_id (GstSlJsonDescription *description,
    guint index)
{
  const SlJsonNodeInfo *n = node_at (description, index);

  return n ? n->id : NULL;
}

/**
 * gst_sl_json_description_get_node_factory:
 * @description: a #GstSlJsonDescription
 * @index: a node index
 *
 * Returns: (nullable): the element factory the node's type maps to.
 */
const gchar *
gst_sl_json_description_get_node_factory (GstSlJsonDescription *description,
    guint index)
{
  const SlJsonNodeInfo *n = node_at (description, index);

  return n ? n->factory : NULL;
}

/**
 * gst_sl_json_description_node_is_source:
 * @description: a #GstSlJsonDescription
 * @index: a node index
 *
 * Returns: %TRUE if no connection enters the node.
 */
gboolean
gst_sl_json_description_node_is_source (GstSlJsonDescription *description,
    guint index)
{
  const SlJsonNodeInfo *n = node_at (description, index);

  return n ? n->is_source : FALSE;
}

/**
 * gst_sl_json_description_node_is_sink:
 * @description: a #GstSlJsonDescription
 * @index: a node index
 *
 * Returns: %TRUE if no connection leaves the node.
 */
gboolean
gst_sl_json_description_node_is_sink (GstSlJsonDescription *description,
    guint index)
{
  const SlJsonNodeInfo *n = node_at (description, index);

  return n ? n->is_sink : FALSE;
}

/**
 * gst_sl_json_description_create_pipeline:
 * @description: a #GstSlJsonDescription
 * @error: return location for a #GstParseError
 *
 * Builds the described graph, as `gst-launch-1.0` does from the line.
 *
 * Returns: (transfer floating) (nullable): a new #GstPipeline, or %NULL with
 *   @error set.
 */
GstElement *
gst_sl_json_description_create_pipeline (GstSlJsonDescription *description,
    GError **error)
{
  GstElement *e;

  g_return_val_if_fail (description != NULL, NULL);

  e = gst_parse_launchv_full ((const gchar **) description->pipeline->argv,
      NULL, GST_PARSE_FLAG_FATAL_ERRORS, error);
  if (e && !GST_IS_PIPELINE (e)) {
    GstElement *p = gst_pipeline_new (NULL);

    gst_bin_add (GST_BIN (p), e);
    e = p;
  }
  return e;
}
