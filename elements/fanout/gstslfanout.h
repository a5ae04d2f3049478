/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_FANOUT_H__
#define __GST_SL_FANOUT_H__

#include <gst/gst.h>
#include <gst/streamlab/gstslmessages.h>

#include "gstslfanoutpad.h"

G_BEGIN_DECLS

/**
 * SL_FANOUT_MESSAGE_BACKPRESSURE:
 *
 * Name of the element message slfanout posts when a branch is full.
 * Compare message names with it exactly (gst_message_has_name()).
 */
#define SL_FANOUT_MESSAGE_BACKPRESSURE GST_SL_MESSAGE_BACKPRESSURE

/**
 * GstSlFanoutMode:
 * @GST_SL_FANOUT_MODE_BROADCAST: every frame goes to every branch
 * @GST_SL_FANOUT_MODE_ROUND_ROBIN: each frame goes to the next branch in
 *   turn
 * @GST_SL_FANOUT_MODE_PRIORITY: each frame goes to the branch of highest
 *   priority that has room
 * @GST_SL_FANOUT_MODE_RANDOM: each frame goes to a branch drawn at random
 *
 * Where slfanout sends a frame.
 */
typedef enum
{
  GST_SL_FANOUT_MODE_BROADCAST,
  GST_SL_FANOUT_MODE_ROUND_ROBIN,
  GST_SL_FANOUT_MODE_PRIORITY,
  GST_SL_FANOUT_MODE_RANDOM,
} GstSlFanoutMode;

#define GST_TYPE_SL_FANOUT_MODE (gst_sl_fanout_mode_get_type ())
GType gst_sl_fanout_mode_get_type (void);

#define GST_TYPE_SL_FANOUT (gst_sl_fanout_get_type ())
G_DECLARE_FINAL_TYPE (GstSlFanout, gst_sl_fanout, GST, SL_FANOUT, GstElement)

GST_ELEMENT_REGISTER_DECLARE (slfanout);

G_END_DECLS

#endif /* __GST_SL_FANOUT_H__ */
