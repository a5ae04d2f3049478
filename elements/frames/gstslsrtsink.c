/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slsend's SRT caller. GStreamer 1.22's srtsink reconnects by itself, but
 * it may lose its socket without noticing (the frames then go nowhere, for
 * good) and it cannot be restarted while it waits for a peer; this one
 * does one connection per start and says when it ends, and slsend does the
 * rest (backoff, header packets again, counting). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstslsrtsink.h"

#ifdef SL_HAVE_LIBSRT

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>
#include <gst/base/gstbasesink.h>
#include <srt/srt.h>

#include "gstslelement.h"

GST_DEBUG_CATEGORY_STATIC (sl_srt_sink_debug);
#define GST_CAT_DEFAULT sl_srt_sink_debug

/* how often a wait looks at the flushing flag, in ms */
#define SLICE_MS 50
/* a peer silent this long is gone (libsrt's default is 5 s) */
#define DEFAULT_PEER_IDLE_MS 3000
/* one try at connecting (libsrt's is 3 s); slsend tries again */
#define DEFAULT_CONN_TIMEOUT_MS 1500

#define GST_TYPE_SL_SRT_SINK (gst_sl_srt_sink_get_type ())
G_DECLARE_FINAL_TYPE (GstSlSrtSink, gst_sl_srt_sink, GST, SL_SRT_SINK,
    GstBaseSink);

struct _GstSlSrtSink
{
  GstBaseSink parent;

  /* set once by sl_srt_sink_new () */
  gchar *host;
  guint port;
  gint latency_ms;      /* -1: libsrt's */
  gint conn_timeout_ms; /* -1: libsrt's */
  gint peer_idle_ms;
  gint pbkeylen; /* 0: libsrt's */
  gchar *streamid;
  gchar *passphrase;

  /* the streaming thread's, between start and stop */
  SRTSOCKET sock;
  int eid;
  gint payload;
  gint flushing; /* atomic */
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

G_DEFINE_TYPE (GstSlSrtSink, gst_sl_srt_sink, GST_TYPE_BASE_SINK);

static void
gst_sl_srt_sink_finalize (GObject *object)
{
  GstSlSrtSink *self = GST_SL_SRT_SINK (object);

  g_free (self->host);
  g_free (self->streamid);
  if (self->passphrase) {
    /* no copy left in freed memory */
    memset (self->passphrase, 0, strlen (self->passphrase));
    g_free (self->passphrase);
  }
  G_OBJECT_CLASS (gst_sl_srt_sink_parent_class)->finalize (object);
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

static GSocketAddress *
resolve (GstSlSrtSink *self, GError **err)
{
  GInetAddress *ia = g_inet_address_new_from_string (self->host);
  GSocketAddress *sa;

  if (ia == NULL) {
    GResolver *r = g_resolver_get_default ();
    GList *l = g_resolver_lookup_by_name (r, self->host, NULL, err);

    g_object_unref (r);
    if (l == NULL)
      return NULL;
    ia = g_object_ref (l->data);
    g_resolver_free_addresses (l);
  }
  sa = g_inet_socket_address_new (ia, (guint16) self->port);
  g_object_unref (ia);
  return sa;
}

static void
close_socket (GstSlSrtSink *self)
{
  if (self->sock != SRT_INVALID_SOCK) {
    /* out of the epoll too */
    srt_close (self->sock);
    self->sock = SRT_INVALID_SOCK;
  }
}

/* Waits (in slices, so that unlock () is heard) until the socket is
 * writable or no longer connecting/connected. TRUE when writable. */
static gboolean
wait_writable (GstSlSrtSink *self)
{
  while (!g_atomic_int_get (&self->flushing)) {
    SRT_EPOLL_EVENT ev[1];
    SRT_SOCKSTATUS st = srt_getsockstate (self->sock);
    int n;

    if (st != SRTS_CONNECTING && st != SRTS_CONNECTED)
      return FALSE;
    n = srt_epoll_uwait (self->eid, ev, 1, SLICE_MS);
    if (n > 0 && (ev[0].events & SRT_EPOLL_ERR))
      return FALSE;
    if (n > 0 && (ev[0].events & SRT_EPOLL_OUT) &&
        srt_getsockstate (self->sock) == SRTS_CONNECTED)
      return TRUE;
    if (n < 0 && srt_getlasterror (NULL) != SRT_ETIMEOUT)
      return FALSE;
  }
  return FALSE;
}

static gboolean
gst_sl_srt_sink_start (GstBaseSink *bsink)
{
  GstSlSrtSink *self = GST_SL_SRT_SINK (bsink);
  GSocketAddress *addr;
  GError *err = NULL;
  gpointer native;
  gsize len;
  int events = SRT_EPOLL_OUT | SRT_EPOLL_ERR;
  int reason, optlen = sizeof (self->payload);

  srt_startup ();
  self->eid = srt_epoll_create ();
  self->sock = srt_create_socket ();
  addr = resolve (self, &err);
  if (addr == NULL) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        (_ ("Cannot resolve the SRT receiver's address '%s': %s"), self->host,
            err ? err->message : "no address"),
        (NULL));
    g_clear_error (&err);
    goto failed;
  }
  len = g_socket_address_get_native_size (addr);
  native = g_malloc0 (len);
  g_socket_address_to_native (addr, native, len, NULL);
  g_object_unref (addr);

  if (self->sock == SRT_INVALID_SOCK || self->eid < 0 ||
      !set_bool (self->sock, SRTO_SENDER, TRUE) ||
      !set_bool (self->sock, SRTO_SNDSYN, FALSE) ||
      !set_bool (self->sock, SRTO_RCVSYN, FALSE) ||
      !set_int (self->sock, SRTO_PEERIDLETIMEO, self->peer_idle_ms) ||
      (self->latency_ms >= 0 &&
          !set_int (self->sock, SRTO_LATENCY, self->latency_ms)) ||
      (self->conn_timeout_ms >= 0 &&
          !set_int (self->sock, SRTO_CONNTIMEO, self->conn_timeout_ms)) ||
      (self->pbkeylen > 0 &&
          !set_int (self->sock, SRTO_PBKEYLEN, self->pbkeylen)) ||
      (self->streamid &&
          srt_setsockflag (self->sock, SRTO_STREAMID, self->streamid,
              (int) strlen (self->streamid)) != 0) ||
      (self->passphrase &&
          srt_setsockflag (self->sock, SRTO_PASSPHRASE, self->passphrase,
              (int) strlen (self->passphrase)) != 0) ||
      srt_epoll_add_usock (self->eid, self->sock, &events) != 0) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_ ("Cannot set up the SRT connection to %s:%u: %s"), self->host,
            self->port, srt_getlasterror_str ()),
        (NULL));
    g_free (native);
    goto failed;
  }
  if (srt_connect (self->sock, native, (int) len) == SRT_ERROR) {
    g_free (native);
    goto refused;
  }
  g_free (native);
  if (!wait_writable (self)) {
    if (g_atomic_int_get (&self->flushing))
      goto failed;
    goto refused;
  }
  if (srt_getsockflag (self->sock, SRTO_PAYLOADSIZE, &self->payload, &optlen) !=
          0 ||
      self->payload <= 0)
    self->payload = 1316;
  GST_INFO_OBJECT (self, "connected to %s:%u", self->host, self->port);
  return TRUE;

refused:
  reason = srt_getrejectreason (self->sock);
  if (reason == SRT_REJ_BADSECRET || reason == SRT_REJ_UNSECURE)
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_AUTHORIZED,
        (_ ("The SRT receiver at %s:%u refused the connection: %s"), self->host,
            self->port, srt_rejectreason_str (reason)),
        (NULL));
  else
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
        (_ ("Cannot connect to the SRT receiver at %s:%u: %s"), self->host,
            self->port, srt_rejectreason_str (reason)),
        (NULL));
failed:
  close_socket (self);
  srt_epoll_release (self->eid);
  self->eid = -1;
  srt_cleanup ();
  return FALSE;
}

static gboolean
gst_sl_srt_sink_stop (GstBaseSink *bsink)
{
  GstSlSrtSink *self = GST_SL_SRT_SINK (bsink);

  if (self->eid < 0)
    return TRUE;
  close_socket (self);
  srt_epoll_release (self->eid);
  self->eid = -1;
  srt_cleanup ();
  return TRUE;
}

static gboolean
gst_sl_srt_sink_unlock (GstBaseSink *bsink)
{
  g_atomic_int_set (&GST_SL_SRT_SINK (bsink)->flushing, 1);
  return TRUE;
}

static gboolean
gst_sl_srt_sink_unlock_stop (GstBaseSink *bsink)
{
  g_atomic_int_set (&GST_SL_SRT_SINK (bsink)->flushing, 0);
  return TRUE;
}

/* One SRT message per payload-size piece (the receiver reads them back as
 * a byte stream). */
static GstFlowReturn
gst_sl_srt_sink_render (GstBaseSink *bsink, GstBuffer *buf)
{
  GstSlSrtSink *self = GST_SL_SRT_SINK (bsink);
  GstMapInfo map;
  gsize off = 0;

  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_FLOW_ERROR;
  while (off < map.size) {
    int n = (int) MIN (map.size - off, (gsize) self->payload);
    int r = srt_sendmsg2 (self->sock, (const char *) map.data + off, n, NULL);

    if (r == SRT_ERROR && srt_getlasterror (NULL) == SRT_EASYNCSND) {
      if (wait_writable (self))
        continue;
      if (g_atomic_int_get (&self->flushing)) {
        gst_buffer_unmap (buf, &map);
        return GST_FLOW_FLUSHING;
      }
    }
    if (r == SRT_ERROR || r == 0) {
      gst_buffer_unmap (buf, &map);
      GST_ELEMENT_ERROR (self, RESOURCE, WRITE,
          (_ ("The SRT connection to %s:%u broke: %s"), self->host, self->port,
              srt_getlasterror_str ()),
          (NULL));
      return GST_FLOW_ERROR;
    }
    off += (gsize) r;
  }
  gst_buffer_unmap (buf, &map);
  return GST_FLOW_OK;
}

static void
gst_sl_srt_sink_class_init (GstSlSrtSinkClass *klass)
{
  GstBaseSinkClass *bs = GST_BASE_SINK_CLASS (klass);
  GstElementClass *ec = GST_ELEMENT_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gst_sl_srt_sink_finalize;
  bs->start = GST_DEBUG_FUNCPTR (gst_sl_srt_sink_start);
  bs->stop = GST_DEBUG_FUNCPTR (gst_sl_srt_sink_stop);
  bs->unlock = GST_DEBUG_FUNCPTR (gst_sl_srt_sink_unlock);
  bs->unlock_stop = GST_DEBUG_FUNCPTR (gst_sl_srt_sink_unlock_stop);
  bs->render = GST_DEBUG_FUNCPTR (gst_sl_srt_sink_render);
  gst_element_class_add_static_pad_template (ec, &sink_template);
  gst_element_class_set_static_metadata (ec, "StreamLab SRT caller",
      "Sink/Network", "slsend's SRT caller: one connection per start",
      "gst-streamlab developers");
  GST_DEBUG_CATEGORY_INIT (sl_srt_sink_debug, "slsrtsink", 0,
      "slsend's SRT caller");
}

static void
gst_sl_srt_sink_init (GstSlSrtSink *self)
{
  self->sock = SRT_INVALID_SOCK;
  self->eid = -1;
  self->payload = 1316;
  self->latency_ms = -1;
  self->conn_timeout_ms = DEFAULT_CONN_TIMEOUT_MS;
  self->peer_idle_ms = DEFAULT_PEER_IDLE_MS;
  gst_base_sink_set_sync (GST_BASE_SINK (self), FALSE);
  gst_base_sink_set_async_enabled (GST_BASE_SINK (self), FALSE);
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
sl_srt_sink_new (const gchar *uri, const gchar *passphrase)
{
  static const gchar *known[] = { "latency", "streamid", "pbkeylen",
    "conntimeo", "peeridletimeo", "mode", NULL };
  GstUri *u = gst_uri_from_string (uri);
  GstSlSrtSink *self;
  GList *keys, *k;
  const gchar *mode;
  gboolean ok = TRUE;

  if (u == NULL)
    return NULL;
  keys = gst_uri_get_query_keys (u);
  for (k = keys; k; k = k->next)
    if (!g_strv_contains (known, k->data))
      ok = FALSE;
  g_list_free (keys);
  mode = gst_uri_get_query_value (u, "mode");
  if (!ok || (mode && strcmp (mode, "caller") != 0) ||
      gst_uri_get_port (u) == GST_URI_NO_PORT || gst_uri_get_port (u) == 0) {
    gst_uri_unref (u);
    return NULL;
  }
  self = g_object_new (GST_TYPE_SL_SRT_SINK, NULL);
  self->host = g_strdup (gst_uri_get_host (u) && *gst_uri_get_host (u)
          ? gst_uri_get_host (u)
          : "127.0.0.1");
  self->port = gst_uri_get_port (u);
  self->streamid = g_strdup (gst_uri_get_query_value (u, "streamid"));
  self->passphrase = g_strdup (passphrase);
  if (!int_param (u, "latency", 0, &self->latency_ms) ||
      !int_param (u, "conntimeo", 1, &self->conn_timeout_ms) ||
      !int_param (u, "peeridletimeo", 1, &self->peer_idle_ms) ||
      !int_param (u, "pbkeylen", 0, &self->pbkeylen)) {
    gst_uri_unref (u);
    gst_object_unref (gst_object_ref_sink (self));
    return NULL;
  }
  gst_uri_unref (u);
  return GST_ELEMENT (self);
}

void
sl_srt_sink_set_interrupted (GstElement *sink, gboolean interrupted)
{
  if (GST_IS_SL_SRT_SINK (sink))
    g_atomic_int_set (&GST_SL_SRT_SINK (sink)->flushing, interrupted ? 1 : 0);
}

#else /* !SL_HAVE_LIBSRT */

void
sl_srt_sink_set_interrupted (GstElement *sink, gboolean interrupted)
{
}

GstElement *
sl_srt_sink_new (const gchar *uri, const gchar *passphrase)
{
  return NULL;
}

#endif
