/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_MERGE_H__
#define __GST_SL_MERGE_H__

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_SL_MERGE (gst_sl_merge_get_type ())
G_DECLARE_FINAL_TYPE (GstSlMerge, gst_sl_merge, GST, SL_MERGE, GstElement)

GST_ELEMENT_REGISTER_DECLARE (slmerge);

G_END_DECLS

#endif /* __GST_SL_MERGE_H__ */
