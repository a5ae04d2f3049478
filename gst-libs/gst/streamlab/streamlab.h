/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* libgststreamlab-1.0: the DataFrame meta (sequence id and metadata on
 * buffers), the channel-names tag, the element messages, and the JSON
 * pipeline translation of gst-streamlab.
 *
 *   #include <gst/streamlab/streamlab.h>
 *   cc app.c $(pkg-config --cflags --libs gstreamer-streamlab-1.0)
 *
 * From Python: gi.require_version ("GstStreamlab", "1.0"). */

#ifndef __GST_STREAMLAB_H__
#define __GST_STREAMLAB_H__

/* siblings in the installed directory; in the source tree gstslmeta.h is
 * elements/common's */
#include "streamlab-prelude.h"
#include "gstslmeta.h"
#include "gstslmessages.h"
#include "gstsljson.h"
#include "streamlab-enumtypes.h"

#endif /* __GST_STREAMLAB_H__ */
