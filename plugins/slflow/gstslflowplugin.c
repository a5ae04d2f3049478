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

GST_ELEMENT_REGISTER_DECLARE (slfanout);
GST_ELEMENT_REGISTER_DECLARE (slresilient);
GST_ELEMENT_REGISTER_DECLARE (slchaos);
GST_ELEMENT_REGISTER_DECLARE (slprint);
GST_ELEMENT_REGISTER_DECLARE (slframer);
GST_ELEMENT_REGISTER_DECLARE (slpay);
GST_ELEMENT_REGISTER_DECLARE (sldepay);
GST_ELEMENT_REGISTER_DECLARE (slsend);
GST_ELEMENT_REGISTER_DECLARE (slreceive);
GST_ELEMENT_REGISTER_DECLARE (slmerge);

static gboolean
plugin_init (GstPlugin * plugin)
{
  gboolean ret = FALSE;

#ifdef SL_HAVE_SLFANOUT
  ret |= GST_ELEMENT_REGISTER (slfanout, plugin);
#endif
#ifdef SL_HAVE_SLRESILIENT
  ret |= GST_ELEMENT_REGISTER (slresilient, plugin);
#endif
#ifdef SL_HAVE_SLCHAOS
  ret |= GST_ELEMENT_REGISTER (slchaos, plugin);
#endif
#ifdef SL_HAVE_SLPRINT
  ret |= GST_ELEMENT_REGISTER (slprint, plugin);
#endif
#ifdef SL_HAVE_SLFRAMER
  ret |= GST_ELEMENT_REGISTER (slframer, plugin);
#endif
#ifdef SL_HAVE_SLPAY
  ret |= GST_ELEMENT_REGISTER (slpay, plugin);
#endif
#ifdef SL_HAVE_SLDEPAY
  ret |= GST_ELEMENT_REGISTER (sldepay, plugin);
#endif
#ifdef SL_HAVE_SLSEND
  ret |= GST_ELEMENT_REGISTER (slsend, plugin);
#endif
#ifdef SL_HAVE_SLRECEIVE
  ret |= GST_ELEMENT_REGISTER (slreceive, plugin);
#endif
#ifdef SL_HAVE_SLMERGE
  ret |= GST_ELEMENT_REGISTER (slmerge, plugin);
#endif

  return ret;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, slflow,
    SL_PLUGIN_DESCRIPTION, plugin_init, SL_PLUGIN_VERSION, GST_LICENSE,
    GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
