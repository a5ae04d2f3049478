/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Forced into every source of libgststreamlab-1.0 (-include). The
 * translator's internal header declares what the project's own programs use
 * besides the public API (the sljsonbin element, the streamlab command and
 * the tests: options, aliases, key maps); those declarations are exported,
 * as an in-tree interface with no stability promise. It is not installed.
 * Everything else in the library stays hidden (-fvisibility=hidden), and the
 * public API is marked with GST_STREAMLAB_API in the installed headers. */

#ifndef __GST_STREAMLAB_PRIVATE_H__
#define __GST_STREAMLAB_PRIVATE_H__

#include <gst/gst.h>

#pragma GCC visibility push(default)
#include "sljsontranslate.h"
#pragma GCC visibility pop

#endif /* __GST_STREAMLAB_PRIVATE_H__ */
