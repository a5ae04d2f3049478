/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_METRICS_H__
#define __GST_SL_METRICS_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* GStreamer 1.22 has GST_ELEMENT_REGISTER_DEFINE but no tracer equivalent:
 * ours follow the same pattern, in our own namespace (a
 * sl_tracer_register_<name> function that plugin_init calls through
 * SL_TRACER_REGISTER). */
#define SL_TRACER_REGISTER_DECLARE(t) \
  gboolean G_PASTE (sl_tracer_register_, t) (GstPlugin * plugin)
#define SL_TRACER_REGISTER_DEFINE(t) \
  gboolean G_PASTE (sl_tracer_register_, t) (GstPlugin * plugin)
#define SL_TRACER_REGISTER(t, plugin) G_PASTE (sl_tracer_register_, t) (plugin)

#define GST_TYPE_SL_METRICS_TRACER (gst_sl_metrics_tracer_get_type ())
G_DECLARE_FINAL_TYPE (GstSlMetricsTracer, gst_sl_metrics_tracer, GST,
    SL_METRICS_TRACER, GstTracer);

SL_TRACER_REGISTER_DECLARE (slmetrics);

G_END_DECLS

#endif /* __GST_SL_METRICS_H__ */
