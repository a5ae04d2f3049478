/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slreceive's SRT listener. GStreamer 1.22's srtsrc keeps reading from a
 * sender that is gone until SRT times it out, and then closes the sender
 * that replaced it meanwhile; this one listens for good and takes the
 * newest sender (a link has one sender: a new connection means the old
 * one is gone, e.g. restarted). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstslsrtsink.h"

#ifdef SL_HAVE_LIBSRT

#include <stdbool.h>
#include <string.h>
#include <gio/gio.h>
#include <gst/base/gstpushsrc.h>
#include <srt/srt.h>

#include "gstslelement.h"

GST_DEBUG_CATEGORY_STATIC (sl_srt_src_debug);
#define GST_CAT_DEFAULT sl_srt_src_debug

#define SLICE_MS 50
#define DEFAULT_PEER_IDLE_MS 3000
/* larger than any SRT live-mode message */
#define MAX_MESSAGE 1500

#define GST_TYPE_SL_SRT_SRC (gst_sl_srt_src_get_type ())
G_DECLARE_FINAL_TYPE (GstSlSrtSrc, gst_sl_srt_src, GST, SL_SRT_SRC, GstPushSrc);

struct _GstSlSrtSrc
{
  GstPushSrc parent;

  /* set once by sl_srt_src_new () */
  gchar *host;
  guint port;
  gint latency_ms;
  gint peer_idle_ms;
  gint pbkeylen;
  gchar *passphrase;
  GCallback on_sender;
  gpointer on_sender_data;

  /* the streaming thread's, between start and stop */
  SRTSOCKET listener;
  SRTSOCKET peer;
  int eid;
  gint flushing; /* atomic */
};

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

G_DEFINE_TYPE (GstSlSrtSrc, gst_sl_srt_src, GST_TYPE_PUSH_SRC);

static void
gst_sl_srt_src_finalize (GObject *object)
{
  GstSlSrtSrc *self = GST_SL_SRT_SRC (object);

  g_free (self->host);
  if (self->passphrase) {
    memset (self->passphrase, 0, strlen (self->passphrase));
    g_free (self->passphrase);
  }
  G_OBJECT_CLASS (gst_sl_srt_src_parent_class)->finalize (object);
}

static gboolean
set_int (SRTSOCKET s, SRT_SOCKOPT opt, gint v)
{
  int32_t i = v;

  return srt_setsockflag (s, opt, &i, sizeof i) == 0;
}

static gboolean
set_bool (SRTSOCKET s, SRT_SOCKOPT opt, gboolean v)
{
  bool b = v ? true : false;

  return srt_setsockflag (s, opt, &b, sizeof b) == 0;
}

static void
close_all (GstSlSrtSrc *self)
{
  if (self->peer != SRT_INVALID_SOCK)
    srt_close (self->peer);
  if (self->listener != SRT_INVALID_SOCK)
    srt_close (self->listener);
  self->peer = self->listener = SRT_INVALID_SOCK;
  if (self->eid >= 0)
    srt_epoll_release (self->eid);
  self->eid = -1;
}

static gboolean
gst_sl_srt_src_start (GstBaseSrc *bsrc)
{
  GstSlSrtSrc *self = GST_SL_SRT_SRC (bsrc);
  GInetAddress *ia;
  GSocketAddress *addr;
  gpointer native;
  gsize len;
  int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;

  ia = g_inet_address_new_from_string (self->host);
  if (ia == NULL) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_ ("The SRT listener's address '%s' is not an IP address"),
            self->host),
        (NULL));
    return FALSE;
  }
  addr = g_inet_socket_address_new (ia, (guint16) self->port);
  g_object_unref (ia);
  len = g_socket_address_get_native_size (addr);
  native = g_malloc0 (len);
  g_socket_address_to_native (addr, native, len, NULL);
  g_object_unref (addr);

  srt_startup ();
  self->eid = srt_epoll_create ();
  self->listener = srt_create_socket ();
  if (self->listener == SRT_INVALID_SOCK || self->eid < 0 ||
      !set_bool (self->listener, SRTO_RCVSYN, FALSE) ||
      !set_bool (self->listener, SRTO_SNDSYN, FALSE) ||
      !set_int (self->listener, SRTO_PEERIDLETIMEO, self->peer_idle_ms) ||
      (self->latency_ms >= 0 &&
          !set_int (self->listener, SRTO_LATENCY, self->latency_ms)) ||
      (self->pbkeylen > 0 &&
          !set_int (self->listener, SRTO_PBKEYLEN, self->pbkeylen)) ||
      (self->passphrase &&
          srt_setsockflag (self->listener, SRTO_PASSPHRASE, self->passphrase,
              (int) strlen (self->passphrase)) != 0) ||
      srt_bind (self->listener, native, (int) len) != 0 ||
      srt_listen (self->listener, 2) != 0 ||
      srt_epoll_add_usock (self->eid, self->listener, &events) != 0) {
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
        (_ ("Cannot listen for SRT senders on %s:%u: %s"), self->host,
            self->port, srt_getlasterror_str ()),
        (NULL));
    g_free (native);
    close_all (self);
    srt_cleanup ();
    return FALSE;
  }
  g_free (native);
  GST_INFO_OBJECT (self, "listening on %s:%u", self->host, self->port);
  return TRUE;
}

static gboolean
gst_sl_srt_src_stop (GstBaseSrc *bsrc)
{
  GstSlSrtSrc *self = GST_SL_SRT_SRC (bsrc);

  if (self->eid < 0)
    return TRUE;
  close_all (self);
  srt_cleanup ();
  return TRUE;
}

static gboolean
gst_sl_srt_src_unlock (GstBaseSrc *bsrc)
{
  g_atomic_int_set (&GST_SL_SRT_SRC (bsrc)->flushing, 1);
  return TRUE;
}

static gboolean
gst_sl_srt_src_unlock_stop (GstBaseSrc *bsrc)
{
  g_atomic_int_set (&GST_SL_SRT_SRC (bsrc)->flushing, 0);
  return TRUE;
}

static void
drop_peer (GstSlSrtSrc *self, const gchar *why)
{
  GST_INFO_OBJECT (self, "sender %d: %s", self->peer, why);
  srt_close (self->peer);
  self->peer = SRT_INVALID_SOCK;
}

static void
take_new_sender (GstSlSrtSrc *self)
{
  int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
  struct sockaddr_storage sa;
  int salen = sizeof sa;
  SRTSOCKET s = srt_accept (self->listener, (struct sockaddr *) &sa, &salen);

  if (s == SRT_INVALID_SOCK)
    return;
  if (self->peer != SRT_INVALID_SOCK)
    drop_peer (self, "replaced by a new sender");
  set_bool (s, SRTO_RCVSYN, FALSE);
  srt_epoll_add_usock (self->eid, s, &events);
  self->peer = s;
  GST_INFO_OBJECT (self, "sender %d connected", s);
  if (self->on_sender)
    ((void (*) (GstElement *, gpointer)) self->on_sender) (GST_ELEMENT (self),
        self->on_sender_data);
}

/* One SRT message per buffer (slpay's byte stream, cut by the sender). */
static GstFlowReturn
gst_sl_srt_src_create (GstPushSrc *psrc, GstBuffer **out)
{
  GstSlSrtSrc *self = GST_SL_SRT_SRC (psrc);
  GstBuffer *buf = gst_buffer_new_allocate (NULL, MAX_MESSAGE, NULL);
  GstMapInfo map;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  while (!g_atomic_int_get (&self->flushing)) {
    SRT_EPOLL_EVENT ev[2];
    int i, n;

    if (self->peer != SRT_INVALID_SOCK) {
      int r = srt_recvmsg2 (self->peer, (char *) map.data, MAX_MESSAGE, NULL);

      if (r > 0) {
        gst_buffer_unmap (buf, &map);
        gst_buffer_set_size (buf, r);
        *out = buf;
        return GST_FLOW_OK;
      }
      if (r == SRT_ERROR && srt_getlasterror (NULL) != SRT_EASYNCRCV)
        drop_peer (self, srt_getlasterror_str ());
      else if (r == 0)
        drop_peer (self, "closed");
    }
    n = srt_epoll_uwait (self->eid, ev, 2, SLICE_MS);
    for (i = 0; i < n; i++) {
      if (ev[i].fd == self->listener)
        take_new_sender (self);
      else if (ev[i].fd == self->peer && (ev[i].events & SRT_EPOLL_ERR))
        drop_peer (self, "connection broken");
    }
  }
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  return GST_FLOW_FLUSHING;
}

static void
gst_sl_srt_src_class_init (GstSlSrtSrcClass *klass)
{
  GstBaseSrcClass *bs = GST_BASE_SRC_CLASS (klass);
  GstElementClass *ec = GST_ELEMENT_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gst_sl_srt_src_finalize;
  bs->start = GST_DEBUG_FUNCPTR (gst_sl_srt_src_start);
  bs->stop = GST_DEBUG_FUNCPTR (gst_sl_srt_src_stop);
  bs->unlock = GST_DEBUG_FUNCPTR (gst_sl_srt_src_unlock);
  bs->unlock_stop = GST_DEBUG_FUNCPTR (gst_sl_srt_src_unlock_stop);
  GST_PUSH_SRC_CLASS (klass)->create =
      GST_DEBUG_FUNCPTR (gst_sl_srt_src_create);
  gst_element_class_add_static_pad_template (ec, &src_template);
  gst_element_class_set_static_metadata (ec, "StreamLab SRT listener",
      "Source/Network", "slreceive's SRT listener: the newest sender",
      "gst-streamlab developers");
  GST_DEBUG_CATEGORY_INIT (sl_srt_src_debug, "slsrtsrc", 0,
      "slreceive's SRT listener");
}

static void
gst_sl_srt_src_init (GstSlSrtSrc *self)
{
  self->listener = self->peer = SRT_INVALID_SOCK;
  self->eid = -1;
  self->latency_ms = -1;
  self->peer_idle_ms = DEFAULT_PEER_IDLE_MS;
  gst_base_src_set_live (GST_BASE_SRC (self), TRUE);
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_BYTES);
}

static gboolean
int_param (GstUri *u, const gchar *key, gint min, gint *out)
{
  const gchar *v = gst_uri_get_query_value (u, key);
  gchar *end = NULL;
  gint64 i;

  if (v == NULL)
    return TRUE;
  i = g_ascii_strtoll (v, &end, 10);
  if (*v == '\0' || *end != '\0' || i < min || i > G_MAXINT32)
    return FALSE;
  *out = (gint) i;
  return TRUE;
}

GstElement *
sl_srt_src_new (const gchar *uri, const gchar *passphrase, GCallback on_sender,
    gpointer data)
{
  static const gchar *known[] = { "latency", "pbkeylen", "peeridletimeo",
    "mode", NULL };
  GstUri *u = gst_uri_from_string (uri);
  GstSlSrtSrc *self;
  GList *keys, *k;
  const gchar *mode, *host;
  GInetAddress *ia;
  gboolean ok = TRUE;

  if (u == NULL)
    return NULL;
  keys = gst_uri_get_query_keys (u);
  for (k = keys; k; k = k->next)
    if (!g_strv_contains (known, k->data))
      ok = FALSE;
  g_list_free (keys);
  mode = gst_uri_get_query_value (u, "mode");
  host = gst_uri_get_host (u);
  host = host && *host ? host : "0.0.0.0";
  ia = g_inet_address_new_from_string (host);
  if (ia)
    g_object_unref (ia);
  if (!ok || ia == NULL || (mode && strcmp (mode, "listener") != 0) ||
      gst_uri_get_port (u) == GST_URI_NO_PORT || gst_uri_get_port (u) == 0) {
    gst_uri_unref (u);
    return NULL;
  }
  self = g_object_new (GST_TYPE_SL_SRT_SRC, NULL);
  self->host = g_strdup (host);
  self->port = gst_uri_get_port (u);
  self->passphrase = g_strdup (passphrase);
  self->on_sender = on_sender;
  self->on_sender_data = data;
  if (!int_param (u, "latency", 0, &self->latency_ms) ||
      !int_param (u, "peeridletimeo", 1, &self->peer_idle_ms) ||
      !int_param (u, "pbkeylen", 0, &self->pbkeylen)) {
    gst_uri_unref (u);
    gst_object_unref (gst_object_ref_sink (self));
    return NULL;
  }
  gst_uri_unref (u);
  return GST_ELEMENT (self);
}

#else /* !SL_HAVE_LIBSRT */

GstElement *
sl_srt_src_new (const gchar *uri, const gchar *passphrase, GCallback on_sender,
    gpointer data)
{
  return NULL;
}

#endif
