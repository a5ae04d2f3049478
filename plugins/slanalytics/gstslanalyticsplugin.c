/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>

GST_ELEMENT_REGISTER_DECLARE (slwindow);
GST_ELEMENT_REGISTER_DECLARE (slalert);
GST_ELEMENT_REGISTER_DECLARE (slvalidate);
GST_ELEMENT_REGISTER_DECLARE (sldecimate);

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

#ifdef SL_HAVE_SLWINDOW
  ret |= GST_ELEMENT_REGISTER (slwindow, plugin);
#endif
#ifdef SL_HAVE_SLALERT
  ret |= GST_ELEMENT_REGISTER (slalert, plugin);
#endif
#ifdef SL_HAVE_SLVALIDATE
  ret |= GST_ELEMENT_REGISTER (slvalidate, plugin);
#endif
#ifdef SL_HAVE_SLDECIMATE
  ret |= GST_ELEMENT_REGISTER (sldecimate, plugin);
#endif

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, slanalytics,
    SL_PLUGIN_DESCRIPTION, plugin_init, VERSION, GST_LICENSE,
    GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
