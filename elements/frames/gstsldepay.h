/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_DEPAY_H__
#define __GST_SL_DEPAY_H__

#include <gst/gst.h>

G_BEGIN_DECLS

typedef enum
{
  GST_SL_DEPAY_ON_CORRUPT_ERROR,
  GST_SL_DEPAY_ON_CORRUPT_RESYNC,
} GstSlDepayOnCorrupt;

#define GST_TYPE_SL_DEPAY_ON_CORRUPT (gst_sl_depay_on_corrupt_get_type ())
GType gst_sl_depay_on_corrupt_get_type (void);

#define GST_TYPE_SL_DEPAY (gst_sl_depay_get_type ())
G_DECLARE_FINAL_TYPE (GstSlDepay, gst_sl_depay, GST, SL_DEPAY, GstElement)

GST_ELEMENT_REGISTER_DECLARE (sldepay);

G_END_DECLS

#endif /* __GST_SL_DEPAY_H__ */
