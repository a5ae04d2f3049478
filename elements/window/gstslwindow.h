/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_WINDOW_H__
#define __GST_SL_WINDOW_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * GstSlWindowStats:
 * @GST_SL_WINDOW_STAT_MEAN: arithmetic mean
 * @GST_SL_WINDOW_STAT_RMS: root mean square
 * @GST_SL_WINDOW_STAT_MIN: smallest sample
 * @GST_SL_WINDOW_STAT_MAX: largest sample
 * @GST_SL_WINDOW_STAT_PEAK: largest absolute value
 * @GST_SL_WINDOW_STAT_STDDEV: population standard deviation
 *
 * The statistics slwindow computes per channel and window.
 */
typedef enum
{
  GST_SL_WINDOW_STAT_MEAN = 1 << 0,
  GST_SL_WINDOW_STAT_RMS = 1 << 1,
  GST_SL_WINDOW_STAT_MIN = 1 << 2,
  GST_SL_WINDOW_STAT_MAX = 1 << 3,
  GST_SL_WINDOW_STAT_PEAK = 1 << 4,
  GST_SL_WINDOW_STAT_STDDEV = 1 << 5,
} GstSlWindowStats;

#define GST_TYPE_SL_WINDOW_STATS (gst_sl_window_stats_get_type ())
GType gst_sl_window_stats_get_type (void);

#define GST_TYPE_SL_WINDOW (gst_sl_window_get_type ())
G_DECLARE_FINAL_TYPE (GstSlWindow, gst_sl_window, GST, SL_WINDOW, GstElement)

GST_ELEMENT_REGISTER_DECLARE (slwindow);

G_END_DECLS

#endif /* __GST_SL_WINDOW_H__ */
