/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* streamlab's pictures of a description: graphviz DOT (`streamlab graph`)
 * and the JSON graph the slmetrics tracer's live view draws. */

#ifndef __STREAMLAB_GRAPH_H__
#define __STREAMLAB_GRAPH_H__

#include "sljsontranslate.h"

G_BEGIN_DECLS

gchar *streamlab_graph_json (const SlJsonPipeline *d);
gchar *streamlab_graph_dot (const SlJsonPipeline *d, const gchar *title);
/* writes @dot to @output through graphviz's `dot`, in the format of
 * @output's extension (.svg, .png, .pdf; .dot/.gv: the text itself) */
gboolean streamlab_graph_render (const gchar *dot, const gchar *output,
    GError **error);
/* tells the slmetrics tracer (if any) what @pipeline runs */
void streamlab_graph_announce (GstElement *pipeline, const SlJsonPipeline *d,
    gint instance);

G_END_DECLS

#endif /* __STREAMLAB_GRAPH_H__ */
