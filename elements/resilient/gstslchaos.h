/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_CHAOS_H__
#define __GST_SL_CHAOS_H__

#include <gst/gst.h>
#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

/**
 * GstSlChaosMode:
 * @GST_SL_CHAOS_MODE_ERROR: fail the frame: post an element error and return
 *   GST_FLOW_ERROR
 * @GST_SL_CHAOS_MODE_DROP: drop the frame (counted in `dropped`)
 * @GST_SL_CHAOS_MODE_DELAY: hold the frame for `delay-ms`, then pass it
 * @GST_SL_CHAOS_MODE_CORRUPT: overwrite every sample with NaN
 * @GST_SL_CHAOS_MODE_STALL: hold the frame until the element is flushed or
 *   stopped
 */
typedef enum
{
  GST_SL_CHAOS_MODE_ERROR,
  GST_SL_CHAOS_MODE_DROP,
  GST_SL_CHAOS_MODE_DELAY,
  GST_SL_CHAOS_MODE_CORRUPT,
  GST_SL_CHAOS_MODE_STALL,
} GstSlChaosMode;

#define GST_TYPE_SL_CHAOS_MODE (gst_sl_chaos_mode_get_type ())
GType gst_sl_chaos_mode_get_type (void);

#define GST_TYPE_SL_CHAOS (gst_sl_chaos_get_type ())
G_DECLARE_FINAL_TYPE (GstSlChaos, gst_sl_chaos, GST, SL_CHAOS, GstBaseTransform)

GST_ELEMENT_REGISTER_DECLARE (slchaos);

G_END_DECLS

#endif /* __GST_SL_CHAOS_H__ */
