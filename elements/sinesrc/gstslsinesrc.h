/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_SINE_SRC_H__
#define __GST_SL_SINE_SRC_H__

#include <gst/gst.h>
#include <gst/base/gstbasesrc.h>
#include <gst/audio/audio.h>

G_BEGIN_DECLS

/**
 * GstSlSineSrcMode:
 * @GST_SL_SINE_SRC_MODE_CONTINUOUS: stream frames as fast as downstream (or
 *   the clock, when live) allows
 * @GST_SL_SINE_SRC_MODE_TRIGGERED: emit one frame per `trigger` action signal
 */
typedef enum
{
  GST_SL_SINE_SRC_MODE_CONTINUOUS,
  GST_SL_SINE_SRC_MODE_TRIGGERED,
} GstSlSineSrcMode;

#define GST_TYPE_SL_SINE_SRC_MODE (gst_sl_sine_src_mode_get_type ())
GType gst_sl_sine_src_mode_get_type (void);

#define GST_TYPE_SL_SINE_SRC (gst_sl_sine_src_get_type ())
G_DECLARE_FINAL_TYPE (GstSlSineSrc, gst_sl_sine_src, GST, SL_SINE_SRC,
    GstBaseSrc)

GST_ELEMENT_REGISTER_DECLARE (slsinesrc);

G_END_DECLS

#endif /* __GST_SL_SINE_SRC_H__ */
