/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_STREAMLAB_PRELUDE_H__
#define __GST_STREAMLAB_PRELUDE_H__

#include <gst/gst.h>

/* GST_STREAMLAB_API marks the symbols libgststreamlab-1.0 exports: the
 * project builds with -fvisibility=hidden, so anything without it stays
 * inside the library. */
#ifndef GST_STREAMLAB_API
#ifdef BUILDING_GST_STREAMLAB
#define GST_STREAMLAB_API GST_API_EXPORT
#else
#define GST_STREAMLAB_API GST_API_IMPORT
#endif
#endif

#endif /* __GST_STREAMLAB_PRELUDE_H__ */
