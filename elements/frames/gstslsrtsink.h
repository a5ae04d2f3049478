/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slsend's own SRT caller (libsrt), used for srt:// URIs it understands:
 * one connection per start (slsend restarts it with backoff), an error
 * posted when the connection cannot be made or breaks, a wrong passphrase
 * told apart (GST_RESOURCE_ERROR_NOT_AUTHORIZED). Not a registered
 * element. */

#ifndef __GST_SL_SRT_SINK_H__
#define __GST_SL_SRT_SINK_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* The sink for @uri (srt://host:port[?latency=&streamid=&pbkeylen=&
 * conntimeo=&peeridletimeo=&mode=caller]) with @passphrase (may be NULL),
 * or NULL when libsrt is not built in or the URI asks for more than this
 * caller does (the stock srtsink then). */
GstElement *sl_srt_sink_new (const gchar *uri, const gchar *passphrase);

/* slreceive's SRT listener for @uri (srt://addr:port[?mode=listener&
 * latency=&pbkeylen=&peeridletimeo=]; addr an IP address) with
 * @passphrase (may be NULL): it listens until stopped and reads from the
 * newest sender, calling @on_sender (GstElement *, gpointer @data) in its
 * streaming thread when one connects. NULL when libsrt is not built in or
 * the URI asks for more (the stock srtsrc then). */
GstElement *sl_srt_src_new (const gchar *uri, const gchar *passphrase,
    GCallback on_sender, gpointer data);

/* Makes a wait for the connection in start () give up at once (TRUE, from
 * any thread) or lets the next start wait again (FALSE). */
void sl_srt_sink_set_interrupted (GstElement *sink, gboolean interrupted);

G_END_DECLS

#endif /* __GST_SL_SRT_SINK_H__ */
