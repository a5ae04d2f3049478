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

GST_ELEMENT_REGISTER_DECLARE (slsinesrc);
GST_ELEMENT_REGISTER_DECLARE (slfilter);
GST_ELEMENT_REGISTER_DECLARE (slfft);

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

#ifdef SL_HAVE_SLSINESRC
  ret |= GST_ELEMENT_REGISTER (slsinesrc, plugin);
#endif
#ifdef SL_HAVE_SLFILTER
  ret |= GST_ELEMENT_REGISTER (slfilter, plugin);
#endif
#ifdef SL_HAVE_SLFFT
  ret |= GST_ELEMENT_REGISTER (slfft, plugin);
#endif

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, slaudio,
    SL_PLUGIN_DESCRIPTION, plugin_init, SL_PLUGIN_VERSION, GST_LICENSE,
    GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
