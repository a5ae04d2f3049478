/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_PAY_H__
#define __GST_SL_PAY_H__

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_SL_PAY (gst_sl_pay_get_type ())
G_DECLARE_FINAL_TYPE (GstSlPay, gst_sl_pay, GST, SL_PAY, GstElement)

GST_ELEMENT_REGISTER_DECLARE (slpay);

G_END_DECLS

#endif /* __GST_SL_PAY_H__ */
