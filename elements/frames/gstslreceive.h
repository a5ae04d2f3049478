/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_RECEIVE_H__
#define __GST_SL_RECEIVE_H__

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_SL_RECEIVE (gst_sl_receive_get_type ())
G_DECLARE_FINAL_TYPE (GstSlReceive, gst_sl_receive, GST, SL_RECEIVE, GstBin)

GST_ELEMENT_REGISTER_DECLARE (slreceive);

G_END_DECLS

#endif /* __GST_SL_RECEIVE_H__ */
