/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_JSON_H__
#define __GST_SL_JSON_H__

#include <gst/gst.h>
#include <gst/streamlab/streamlab-prelude.h>

G_BEGIN_DECLS

/**
 * GST_SL_JSON_ERROR:
 *
 * Error domain of the JSON translation. Its errors carry their place: read
 * it with gst_sl_json_error_get_path() and
 * gst_sl_json_error_get_position(). The message names the document, the
 * place and what is wrong.
 */
#define GST_SL_JSON_ERROR (gst_sl_json_error_quark ())

/**
 * GstSlJsonError:
 * @GST_SL_JSON_ERROR_SYNTAX: not JSON (the error has a line and column)
 * @GST_SL_JSON_ERROR_LIMIT: over a size, depth or node count limit
 * @GST_SL_JSON_ERROR_SHAPE: wrong structure, missing or unknown keys, or an
 *   unreadable file
 * @GST_SL_JSON_ERROR_TYPE: unknown node type
 * @GST_SL_JSON_ERROR_VALUE: a value of the wrong type or out of range
 * @GST_SL_JSON_ERROR_GRAPH: connections: dangling, cycle, unknown pads
 * @GST_SL_JSON_ERROR_DENIED: an element refused by the sandbox
 *
 * Error codes of #GST_SL_JSON_ERROR.
 */
typedef enum
{
  GST_SL_JSON_ERROR_SYNTAX,
  GST_SL_JSON_ERROR_LIMIT,
  GST_SL_JSON_ERROR_SHAPE,
  GST_SL_JSON_ERROR_TYPE,
  GST_SL_JSON_ERROR_VALUE,
  GST_SL_JSON_ERROR_GRAPH,
  GST_SL_JSON_ERROR_DENIED,
} GstSlJsonError;

/**
 * GstSlJsonPriority:
 * @GST_SL_JSON_PRIORITY_CRITICAL: critical
 * @GST_SL_JSON_PRIORITY_HIGH: high
 * @GST_SL_JSON_PRIORITY_NORMAL: normal (the default)
 * @GST_SL_JSON_PRIORITY_LOW: low
 *
 * A description's `pipeline_config.priority`.
 */
typedef enum
{
  GST_SL_JSON_PRIORITY_CRITICAL = 0,
  GST_SL_JSON_PRIORITY_HIGH,
  GST_SL_JSON_PRIORITY_NORMAL,
  GST_SL_JSON_PRIORITY_LOW,
} GstSlJsonPriority;

/**
 * GstSlJsonTranslateFlags:
 * @GST_SL_JSON_TRANSLATE_NONE: no flag
 * @GST_SL_JSON_TRANSLATE_ALLOW_OPEN_ENDS: unconnected pads are allowed (a
 *   fragment for a bin)
 * @GST_SL_JSON_TRANSLATE_SANDBOX: only gst-streamlab elements and stock
 *   elements without file or network access
 *
 * Options of gst_sl_json_translate_full().
 */
typedef enum
{
  GST_SL_JSON_TRANSLATE_NONE = 0,
  GST_SL_JSON_TRANSLATE_ALLOW_OPEN_ENDS = (1 << 0),
  GST_SL_JSON_TRANSLATE_SANDBOX = (1 << 1),
} GstSlJsonTranslateFlags;

/**
 * GstSlJsonDescription:
 *
 * A translated JSON pipeline description: the gst-launch line and the list
 * of nodes. Opaque, reference counted.
 */
typedef struct _GstSlJsonDescription GstSlJsonDescription;

#define GST_TYPE_SL_JSON_DESCRIPTION (gst_sl_json_description_get_type ())

GST_STREAMLAB_API
GType gst_sl_json_description_get_type (void);

GST_STREAMLAB_API
GQuark gst_sl_json_error_quark (void);

GST_STREAMLAB_API
const gchar *gst_sl_json_error_get_path (const GError *error);

GST_STREAMLAB_API
gboolean gst_sl_json_error_get_position (const GError *error, guint *line,
    guint *column);

GST_STREAMLAB_API
GstSlJsonDescription *gst_sl_json_translate (const gchar *text,
    const gchar *filename, GError **error);

GST_STREAMLAB_API
GstSlJsonDescription *gst_sl_json_translate_full (const gchar *text,
    gssize length, const gchar *filename, GstSlJsonTranslateFlags flags,
    GError **error);

GST_STREAMLAB_API
GstSlJsonDescription *gst_sl_json_translate_file (const gchar *filename,
    GstSlJsonTranslateFlags flags, GError **error);

GST_STREAMLAB_API
GstSlJsonDescription *
gst_sl_json_description_ref (GstSlJsonDescription *description);

GST_STREAMLAB_API
void gst_sl_json_description_unref (GstSlJsonDescription *description);

GST_STREAMLAB_API
const gchar *
gst_sl_json_description_get_line (GstSlJsonDescription *description);

GST_STREAMLAB_API
const gchar *
gst_sl_json_description_get_launch (GstSlJsonDescription *description);

GST_STREAMLAB_API
const gchar *const *
gst_sl_json_description_get_argv (GstSlJsonDescription *description);

GST_STREAMLAB_API
const gchar *
gst_sl_json_description_get_name (GstSlJsonDescription *description);

GST_STREAMLAB_API
GstSlJsonPriority
gst_sl_json_description_get_priority (GstSlJsonDescription *description);

GST_STREAMLAB_API
guint gst_sl_json_description_get_channel_capacity (GstSlJsonDescription
        *description);

GST_STREAMLAB_API
guint gst_sl_json_description_get_n_nodes (GstSlJsonDescription *description);

GST_STREAMLAB_API
const gchar *
gst_sl_json_description_get_node_id (GstSlJsonDescription *description,
    guint index);

GST_STREAMLAB_API
const gchar *
gst_sl_json_description_get_node_factory (GstSlJsonDescription *description,
    guint index);

GST_STREAMLAB_API
gboolean
gst_sl_json_description_node_is_source (GstSlJsonDescription *description,
    guint index);

GST_STREAMLAB_API
gboolean
gst_sl_json_description_node_is_sink (GstSlJsonDescription *description,
    guint index);

GST_STREAMLAB_API
GstElement *
gst_sl_json_description_create_pipeline (GstSlJsonDescription *description,
    GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstSlJsonDescription,
    gst_sl_json_description_unref)

G_END_DECLS

#endif /* __GST_SL_JSON_H__ */
