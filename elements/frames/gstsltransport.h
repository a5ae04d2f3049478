/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The byte transports slsend and slreceive put behind slpay / in front of
 * sldepay, chosen by URI. */

#ifndef __GST_SL_TRANSPORT_H__
#define __GST_SL_TRANSPORT_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* The sink (@sender) or source element for @uri: file:///path,
 * tcp://host:port, srt://host:port[?...], udp://host:port, fd://N. NULL with
 * @error set (a translatable message naming the URI) when it cannot be
 * made. */
GstElement *sl_transport_make (const gchar *uri, gboolean sender,
    gchar **error);

/* @uri (srt://...) without its passphrase-env / passphrase-file
 * parameters, and in @passphrase (NULL if none; wipe and free it) the
 * passphrase they name. NULL with @error set when it cannot be read. */
gchar *sl_transport_srt_uri (const gchar *uri, gchar **passphrase,
    gchar **error);

/* A file:// URI for a path (relative paths are taken from the current
 * directory). */
gchar *sl_transport_uri_from_path (const gchar *path);

G_END_DECLS

#endif /* __GST_SL_TRANSPORT_H__ */
