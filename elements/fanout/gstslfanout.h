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

#include "gstslfanoutpad.h"

G_BEGIN_DECLS

/**
 * SL_FANOUT_MESSAGE_BACKPRESSURE:
 *
 * Name of the element message slfanout posts when a branch is full.
 * Compare message names with it exactly (gst_message_has_name()).
 */
#define SL_FANOUT_MESSAGE_BACKPRESSURE "streamlab-backpressure"

#define GST_TYPE_SL_FANOUT (gst_sl_fanout_get_type ())
G_DECLARE_FINAL_TYPE (GstSlFanout, gst_sl_fanout, GST, SL_FANOUT, GstElement)

GST_ELEMENT_REGISTER_DECLARE (slfanout);

G_END_DECLS

#endif /* __GST_SL_FANOUT_H__ */
