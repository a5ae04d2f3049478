/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __SL_BENCH_CEILING_H__
#define __SL_BENCH_CEILING_H__

#include <glib.h>

gdouble sl_bench_ceiling_cheb4_f64_8ch (guint buffers);

#endif /* __SL_BENCH_CEILING_H__ */
