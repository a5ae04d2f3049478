/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slsend
 * @title: slsend
 * @see_also: slreceive, slpay
 *
 * A bin: `slpay` followed by the byte transport its `uri` names, so that one
 * element sends DataFrames to another process, host or file:
 *
 * - `file:///path` (or `location=path`): a recording (`filesink`);
 * - `tcp://host:port`: connects to an `slreceive` listening there
 *   (`tcpclientsink`);
 * - `srt://host:port`: SRT caller; `latency`, `streamid`, `pbkeylen`,
 *   `conntimeo` and `peeridletimeo` (ms) are understood, and any other SRT
 *   URI parameter makes it GStreamer's `srtsink` (gst-plugins-bad), which
 *   reconnects by itself but less reliably;
 * - `udp://host:port`: one frame per datagram (`udpsink`); `max-frame-size`
 *   is then 65507 unless set, and a larger frame is an error naming its size;
 * - `fd://N`: a file descriptor (`fdsink`), e.g. a shell pipe.
 *
 * With `reconnect` (the default), a `tcp://` or `srt://` sender whose
 * receiver is not there yet or goes away keeps running: it connects again
 * with backoff (100 ms doubling up to 2 s) while frames wait at its sink
 * pad (a queue or `slfanout` with a drop policy in front decides what
 * happens to them), and sends the header packets again on the new
 * connection. SRT notices a receiver that went away without closing after
 * about 5 s (its peer-idle timeout, at least 16 timer periods); the frames
 * sent meanwhile are lost, and show as the seq gap at the receiver. A
 * wrong SRT passphrase is an error naming the link, not a reason to try
 * again. `reconnects` and `frames-lost` (frames refused by a connection
 * that broke under them)
 * count it; the element posts a `streamlab-link` message (`state`: `down`
 * or `up`). An SRT passphrase is named, never written, in the URI:
 * `passphrase-env=VAR` or `passphrase-file=/path` (its first line).
 *
 * `linger` (ms) holds EOS back after the end-of-stream packet: by default
 * 1000 plus the SRT latency for SRT, whose live mode drops what is in
 * flight when it closes, 0 otherwise. The JSON node types `record` (with `path`) and `send` (with
 * `uri`) are this element.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=20 metadata="m,run=3" ! slsend location=/tmp/slsend-example.slf
 * ]| Record 20 frames.
 * |[
 * gst-launch-1.0 slreceive location=/tmp/slsend-example.slf ! slprint max-samples=1
 * ]| Replay them.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/streamlab/gstslmessages.h>
#include "gstslsend.h"
#include "gstsltransport.h"
#include "gstsldataframe.h"
#include "gstslsrtsink.h"
#include "gstslelement.h"

GST_DEBUG_CATEGORY_STATIC (sl_send_debug);
#define GST_CAT_DEFAULT sl_send_debug

#define DEFAULT_LINGER -1
#define DEFAULT_MAX_FRAME_SIZE 0

enum
{
  PROP_0,
  PROP_URI,
  PROP_LOCATION,
  PROP_LINGER,
  PROP_MAX_FRAME_SIZE,
  PROP_FRAMES,
  PROP_RECONNECTS,
  PROP_RECONNECT,
  PROP_FRAMES_LOST,
};

struct _GstSlSend
{
  GstBin parent;

  GstElement *pay;
  GstElement *transport;

  /* properties, under the object lock */
  gchar *uri;
  gint linger;
  guint max_frame_size;

  /* the transport reconnected (SRT caller): the header packets go again
   * before the next frame, for the receiver on the new connection */
  gint resend_headers;
  gint reconnects; /* atomic */

  /* tcp:// and srt:// senders keep running when the peer goes away: the
   * transport (its state locked) is restarted with backoff by a thread of
   * its own while frames wait at the sink pad */
  gboolean reconnect;  /* property, under the object lock */
  gboolean supervised; /* this run's transport is */
  gboolean encrypted;  /* an SRT passphrase is named */
  gboolean tcp;
  gboolean own_srt; /* the transport is our SRT caller */
  GMutex link_lock;
  GCond link_cond;
  gboolean down; /* under link_lock */
  gboolean stopping;
  gboolean ever_up;
  GThread *restarter;
  guint64 frames_lost; /* refused by a connection that broke */
};

static GstStaticPadTemplate sink_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("sink", GST_PAD_SINK);

#define gst_sl_send_parent_class parent_class
G_DEFINE_TYPE (GstSlSend, gst_sl_send, GST_TYPE_BIN);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slsend, "slsend", GST_RANK_NONE,
    GST_TYPE_SL_SEND, sl_element_init (plugin));

static void gst_sl_send_finalize (GObject *object);
static void gst_sl_send_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_send_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static GstStateChangeReturn gst_sl_send_change_state (GstElement *element,
    GstStateChange transition);
static void gst_sl_send_handle_message (GstBin *bin, GstMessage *msg);
static GstPadProbeReturn resend_probe (GstPad *pad, GstPadProbeInfo *info,
    gpointer user_data);

static void
gst_sl_send_class_init (GstSlSendClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_sl_send_set_property;
  gobject_class->get_property = gst_sl_send_get_property;
  gobject_class->finalize = gst_sl_send_finalize;

  g_object_class_install_property (gobject_class, PROP_URI,
      g_param_spec_string ("uri", "URI",
          "Where the frames go: file:///path, tcp://host:port, "
          "srt://host:port, udp://host:port or fd://N",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "A file to record to (sets uri to its file:// URI)", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_LINGER,
      g_param_spec_int ("linger", "Linger",
          "Time in ms to hold EOS back after the end-of-stream packet "
          "(-1: 1000 plus the SRT latency for srt://, 0 otherwise)",
          -1, 600000, DEFAULT_LINGER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_MAX_FRAME_SIZE,
      g_param_spec_uint ("max-frame-size", "Max frame size",
          "Largest packet written, in bytes (0: no limit, or 65507 for "
          "udp://)",
          0, G_MAXUINT, DEFAULT_MAX_FRAME_SIZE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_FRAMES,
      g_param_spec_uint64 ("frames", "Frames", "Frames sent", 0, G_MAXUINT64, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_RECONNECTS,
      sl_param_spec_counter ("reconnects", "Reconnects",
          "Times the transport lost its peer and connected again (the "
          "header packets are sent again on the new connection)"));
  g_object_class_install_property (gobject_class, PROP_RECONNECT,
      g_param_spec_boolean ("reconnect", "Reconnect",
          "For tcp:// and srt://: keep running when the receiver is not "
          "there or goes away, and connect again with backoff (100 ms "
          "doubling up to 2 s); frames wait meanwhile (put a queue or "
          "slfanout with a drop policy before this element so that the "
          "source does not wait)",
          TRUE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_FRAMES_LOST,
      sl_param_spec_counter ("frames-lost", "Frames lost",
          "Frames refused by a connection that broke while they were being "
          "written (reconnect)"));
  GST_BIN_CLASS (klass)->handle_message =
      GST_DEBUG_FUNCPTR (gst_sl_send_handle_message);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "StreamLab frame sender", "Sink/Network/Audio",
      "Sends DataFrames to a file, a TCP, SRT or UDP peer, or a file "
      "descriptor (slpay and the transport its URI names)",
      "gst-streamlab developers");

  element_class->change_state = GST_DEBUG_FUNCPTR (gst_sl_send_change_state);

  GST_DEBUG_CATEGORY_INIT (sl_send_debug, "slsend", 0,
      "StreamLab frame sender");
}

static GstFlowReturn link_chain (GstPad *pad, GstObject *parent,
    GstBuffer *buf);
static gboolean link_event (GstPad *pad, GstObject *parent, GstEvent *event);

static void
gst_sl_send_init (GstSlSend *self)
{
  GstPad *target, *ghost;

  self->reconnect = TRUE;
  g_mutex_init (&self->link_lock);
  g_cond_init (&self->link_cond);

  self->linger = DEFAULT_LINGER;
  self->max_frame_size = DEFAULT_MAX_FRAME_SIZE;
  self->pay = gst_element_factory_make ("slpay", "pay");
  if (self->pay == NULL)
    return;
  gst_bin_add (GST_BIN (self), self->pay);
  target = gst_element_get_static_pad (self->pay, "src");
  gst_pad_add_probe (target, GST_PAD_PROBE_TYPE_BUFFER, resend_probe, self,
      NULL);
  gst_object_unref (target);
  target = gst_element_get_static_pad (self->pay, "sink");
  ghost = gst_ghost_pad_new_from_template ("sink", target,
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self),
          "sink"));
  gst_object_unref (target);
  gst_pad_set_chain_function (ghost, GST_DEBUG_FUNCPTR (link_chain));
  gst_pad_set_event_function (ghost, GST_DEBUG_FUNCPTR (link_event));
  gst_element_add_pad (GST_ELEMENT (self), ghost);
}

static void
gst_sl_send_finalize (GObject *object)
{
  GstSlSend *self = GST_SL_SEND (object);

  g_free (self->uri);
  g_mutex_clear (&self->link_lock);
  g_cond_clear (&self->link_cond);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_send_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstSlSend *self = GST_SL_SEND (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_URI:
      g_free (self->uri);
      self->uri = g_value_dup_string (value);
      break;
    case PROP_LOCATION: {
      const gchar *path = g_value_get_string (value);

      g_free (self->uri);
      self->uri = path ? sl_transport_uri_from_path (path) : NULL;
      break;
    }
    case PROP_LINGER:
      self->linger = g_value_get_int (value);
      break;
    case PROP_MAX_FRAME_SIZE:
      self->max_frame_size = g_value_get_uint (value);
      break;
    case PROP_RECONNECT:
      self->reconnect = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_send_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlSend *self = GST_SL_SEND (object);

  if (prop_id == PROP_RECONNECTS) {
    g_value_set_uint64 (value, (guint64) g_atomic_int_get (&self->reconnects));
    return;
  }
  if (prop_id == PROP_FRAMES_LOST) {
    g_mutex_lock (&self->link_lock);
    g_value_set_uint64 (value, self->frames_lost);
    g_mutex_unlock (&self->link_lock);
    return;
  }
  if (prop_id == PROP_FRAMES) {
    guint64 frames = 0;

    if (self->pay)
      g_object_get (self->pay, "frames", &frames, NULL);
    g_value_set_uint64 (value, frames);
    return;
  }
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_LOCATION:
      g_value_take_string (value,
          self->uri ? g_filename_from_uri (self->uri, NULL, NULL) : NULL);
      break;
    case PROP_LINGER:
      g_value_set_int (value, self->linger);
      break;
    case PROP_MAX_FRAME_SIZE:
      g_value_set_uint (value, self->max_frame_size);
      break;
    case PROP_RECONNECT:
      g_value_set_boolean (value, self->reconnect);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* The transport for the current URI, linked after slpay. */
static gboolean
build (GstSlSend *self)
{
  gchar *uri, *error = NULL;
  gint linger;
  guint max;
  gboolean srt, udp;

  if (self->pay == NULL) {
    GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
        (_ ("The element '%s' is missing; install the plugins that provide "
            "it."),
            "slpay"),
        (NULL));
    return FALSE;
  }
  GST_OBJECT_LOCK (self);
  uri = g_strdup (self->uri);
  linger = self->linger;
  max = self->max_frame_size;
  GST_OBJECT_UNLOCK (self);

  srt = g_str_has_prefix (uri, "srt:") || g_str_has_prefix (uri, "SRT:");
  udp = g_str_has_prefix (uri, "udp:") || g_str_has_prefix (uri, "UDP:");
  self->transport = NULL;
  self->own_srt = FALSE;
  if (srt && self->reconnect) {
    gchar *plain, *passphrase = NULL;

    /* our own SRT caller where libsrt is built in and the URI asks for
     * nothing more than it does */
    plain = sl_transport_srt_uri (uri, &passphrase, &error);
    if (plain == NULL) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", error),
          ("uri: %s", uri));
      g_free (error);
      g_free (uri);
      return FALSE;
    }
    self->transport = sl_srt_sink_new (plain, passphrase);
    self->own_srt = self->transport != NULL;
    for (gchar *c = passphrase; c && *c; c++)
      *c = '\0';
    g_free (passphrase);
    g_free (plain);
  }
  if (self->transport == NULL)
    self->transport = sl_transport_make (uri, TRUE, &error);
  if (self->transport == NULL) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", error),
        ("uri: %s", uri ? uri : "(none)"));
    g_free (error);
    g_free (uri);
    return FALSE;
  }
  if (linger < 0 && srt) {
    /* the receiver holds what it got for the SRT latency (120 ms unless
     * the URI says) before it reads it, and live mode drops what is in
     * flight when the sender closes */
    GstUri *u = gst_uri_from_string (uri);
    const gchar *l = u ? gst_uri_get_query_value (u, "latency") : NULL;
    gint64 ms = l ? g_ascii_strtoll (l, NULL, 10) : 120;

    linger = 1000 + (gint) CLAMP (ms, 0, 60000);
    if (u)
      gst_uri_unref (u);
  }
  g_object_set (self->pay, "linger", linger >= 0 ? (guint) linger : 0u,
      "max-frame-size", max ? max : (udp ? 65507u : 0u), NULL);
  GST_OBJECT_LOCK (self);
  /* the stock srtsink (an SRT URI with more than our caller does) is left
   * to its own reconnection: GStreamer 1.22's srtsink, restarted while it
   * waits for a peer, waits in its connection poll for good */
  self->supervised = self->reconnect &&
      (self->own_srt || g_str_has_prefix (uri, "tcp:") ||
          g_str_has_prefix (uri, "TCP:"));
  GST_OBJECT_UNLOCK (self);
  /* a new connection of a supervised transport gets the header packets
   * again from resend_probe; srtsink sends them on each by itself */
  self->tcp = !srt || self->own_srt;
  self->encrypted = srt && strstr (uri, "passphrase-") != NULL;
  if (self->supervised) {
    /* the element's own thread starts it; frames pass as they come */
    gst_element_set_locked_state (self->transport, TRUE);
    if (g_object_class_find_property (G_OBJECT_GET_CLASS (self->transport),
            "sync"))
      g_object_set (self->transport, "sync", FALSE, NULL);
    /* started by that thread at any time, even while the pipeline
     * prerolls: a sink that changed state asynchronously would post its
     * async-start to this bin, which then held back its own state change
     * (and the end-of-stream it had) for good */
    if (g_object_class_find_property (G_OBJECT_GET_CLASS (self->transport),
            "async"))
      g_object_set (self->transport, "async", FALSE, NULL);
  }
  gst_bin_add (GST_BIN (self), self->transport);
  gst_element_link (self->pay, self->transport);
  g_free (uri);
  return TRUE;
}

/* ---- reconnecting (tcp://, srt://) ---- */

static void
post_link (GstSlSend *self, const gchar *state)
{
  gst_element_post_message (GST_ELEMENT_CAST (self),
      gst_message_new_element (GST_OBJECT_CAST (self),
          gst_structure_new (GST_SL_MESSAGE_LINK, "state", G_TYPE_STRING, state,
              "reconnects", G_TYPE_UINT64,
              (guint64) g_atomic_int_get (&self->reconnects), NULL)));
}

static gpointer
restart_thread (gpointer data)
{
  GstSlSend *self = data;
  guint backoff_ms = 100;
  gboolean first;

  g_mutex_lock (&self->link_lock);
  first = !self->ever_up;
  while (!self->stopping) {
    GstStateChangeReturn r;

    g_mutex_unlock (&self->link_lock);
    gst_element_set_state (self->transport, GST_STATE_NULL);
    r = gst_element_set_state (self->transport, GST_STATE_PLAYING);
    g_mutex_lock (&self->link_lock);
    if (r != GST_STATE_CHANGE_FAILURE && !self->stopping) {
      GstPad *src = gst_element_get_static_pad (self->pay, "src");
      GstPad *peer = gst_pad_get_peer (src);

      /* the new transport gets the stream's caps (and with them the
       * header packets SRT sends on each connection) */
      g_mutex_unlock (&self->link_lock);
      if (peer) {
        sl_pad_resend_sticky_events (src, peer);
        gst_object_unref (peer);
      }
      gst_object_unref (src);
      g_mutex_lock (&self->link_lock);
      self->down = FALSE;
      if (!first) {
        g_atomic_int_inc (&self->reconnects);
        if (self->tcp)
          g_atomic_int_set (&self->resend_headers, 1);
      }
      self->ever_up = TRUE;
      g_cond_broadcast (&self->link_cond);
      break;
    }
    GST_DEBUG_OBJECT (self, "not connected, next try in %u ms", backoff_ms);
    g_cond_wait_until (&self->link_cond, &self->link_lock,
        g_get_monotonic_time () + backoff_ms * G_TIME_SPAN_MILLISECOND);
    backoff_ms = MIN (backoff_ms * 2, 2000);
  }
  g_mutex_unlock (&self->link_lock);
  if (!first)
    post_link (self, "up");
  return NULL;
}

/* with link_lock */
static void
restart_locked (GstSlSend *self)
{
  if (self->stopping)
    return;
  self->down = TRUE;
  if (self->restarter) {
    /* a previous one that is done */
    GThread *t = self->restarter;

    self->restarter = NULL;
    g_mutex_unlock (&self->link_lock);
    g_thread_join (t);
    g_mutex_lock (&self->link_lock);
    if (self->stopping)
      return;
  }
  self->restarter = g_thread_new ("slsend-reconnect", restart_thread, self);
}

static void
supervise_start (GstSlSend *self)
{
  if (!self->supervised)
    return;
  sl_srt_sink_set_interrupted (self->transport, FALSE);
  g_mutex_lock (&self->link_lock);
  self->stopping = FALSE;
  self->ever_up = FALSE;
  restart_locked (self);
  g_mutex_unlock (&self->link_lock);
}

static void
supervise_stop (GstSlSend *self)
{
  GThread *t;

  if (!self->supervised)
    return;
  g_mutex_lock (&self->link_lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->link_cond);
  /* a connection being made gives up */
  sl_srt_sink_set_interrupted (self->transport, TRUE);
  t = self->restarter;
  self->restarter = NULL;
  g_mutex_unlock (&self->link_lock);
  if (t)
    g_thread_join (t);
  if (self->transport)
    gst_element_set_state (self->transport, GST_STATE_NULL);
}

/* Frames wait here while the link is down; a frame refused because the
 * connection broke under it is counted as lost, not an error. */
static GstFlowReturn
link_chain (GstPad *pad, GstObject *parent, GstBuffer *buf)
{
  GstSlSend *self = GST_SL_SEND (parent);
  GstFlowReturn ret;

  if (!self->supervised)
    return gst_proxy_pad_chain_default (pad, parent, buf);
  g_mutex_lock (&self->link_lock);
  while (self->down && !self->stopping)
    g_cond_wait (&self->link_cond, &self->link_lock);
  if (self->stopping) {
    g_mutex_unlock (&self->link_lock);
    gst_buffer_unref (buf);
    return GST_FLOW_FLUSHING;
  }
  g_mutex_unlock (&self->link_lock);
  ret = gst_proxy_pad_chain_default (pad, parent, buf);
  if (ret == GST_FLOW_ERROR || ret == GST_FLOW_FLUSHING) {
    g_mutex_lock (&self->link_lock);
    if (self->down && !self->stopping) {
      self->frames_lost++;
      ret = GST_FLOW_OK;
    }
    g_mutex_unlock (&self->link_lock);
  }
  return ret;
}

/* The end of the stream waits for the link too: a transport being
 * restarted would drop it, and the part would never end. */
static gboolean
link_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstSlSend *self = GST_SL_SEND (parent);

  if (self->supervised && GST_EVENT_TYPE (event) == GST_EVENT_EOS) {
    g_mutex_lock (&self->link_lock);
    while (self->down && !self->stopping)
      g_cond_wait (&self->link_cond, &self->link_lock);
    g_mutex_unlock (&self->link_lock);
  }
  return gst_pad_event_default (pad, parent, event);
}

static GstStateChangeReturn
gst_sl_send_change_state (GstElement *element, GstStateChange transition)
{
  GstSlSend *self = GST_SL_SEND (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_NULL_TO_READY && !build (self))
    return GST_STATE_CHANGE_FAILURE;
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    supervise_stop (self);
  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED &&
      ret != GST_STATE_CHANGE_FAILURE)
    supervise_start (self);
  if (transition == GST_STATE_CHANGE_READY_TO_NULL && self->transport) {
    gst_element_set_state (self->transport, GST_STATE_NULL);
    gst_bin_remove (GST_BIN (self), self->transport);
    self->transport = NULL;
  }
  return ret;
}

/* srtsink in caller mode posts a warning when it lost its peer and tries
 * again (in its streaming thread, before it goes on writing): the next
 * frame goes after the header packets. */
static void
gst_sl_send_handle_message (GstBin *bin, GstMessage *msg)
{
  GstSlSend *self = GST_SL_SEND (bin);

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR && self->supervised &&
      self->transport &&
      GST_MESSAGE_SRC (msg) == GST_OBJECT_CAST (self->transport)) {
    GError *err = NULL;
    gboolean was_down;

    gst_message_parse_error (msg, &err, NULL);
    if (g_error_matches (err, GST_RESOURCE_ERROR,
            GST_RESOURCE_ERROR_NOT_AUTHORIZED)) {
      /* a wrong passphrase is not a link that is down: no more tries */
      g_mutex_lock (&self->link_lock);
      self->stopping = TRUE;
      g_cond_broadcast (&self->link_cond);
      g_mutex_unlock (&self->link_lock);
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
          (_ ("The encrypted SRT link '%s' failed: %s. Check that both ends "
              "use the same passphrase."),
              GST_ELEMENT_NAME (self), err->message),
          (NULL));
      g_clear_error (&err);
      gst_message_unref (msg);
      return;
    }
    g_mutex_lock (&self->link_lock);
    was_down = self->down;
    /* while down, the restarting thread is at work (this may be its own
     * failed attempt) */
    if (!was_down) {
      GST_WARNING_OBJECT (self, "link down: %s", err->message);
      restart_locked (self);
    }
    g_mutex_unlock (&self->link_lock);
    if (!was_down)
      post_link (self, "down");
    g_clear_error (&err);
    gst_message_unref (msg);
    return;
  }
  /* the supervised transport changes state on its own (locked): its state
   * messages are not this bin's (see build ()) */
  if (self->supervised && self->transport &&
      GST_MESSAGE_SRC (msg) == GST_OBJECT_CAST (self->transport) &&
      (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ASYNC_START ||
          GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ASYNC_DONE)) {
    gst_message_unref (msg);
    return;
  }
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR && !self->supervised &&
      self->transport && self->encrypted &&
      GST_MESSAGE_SRC (msg) == GST_OBJECT_CAST (self->transport)) {
    GError *err = NULL;
    gchar *dbg = NULL;

    /* SRT says little when the receiver refuses the key */
    gst_message_parse_error (msg, &err, &dbg);
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
        (_ ("The encrypted SRT link '%s' failed: %s. Check that both ends "
            "use the same passphrase."),
            GST_ELEMENT_NAME (self), err->message),
        ("%s", dbg ? dbg : ""));
    g_clear_error (&err);
    g_free (dbg);
    gst_message_unref (msg);
    return;
  }
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING && self->transport &&
      GST_MESSAGE_SRC (msg) == GST_OBJECT_CAST (self->transport)) {
    g_atomic_int_set (&self->resend_headers, 1);
    GST_INFO_OBJECT (self, "the transport reconnects");
  }
  GST_BIN_CLASS (parent_class)->handle_message (bin, msg);
}

static GstPadProbeReturn
resend_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstSlSend *self = user_data;
  GstCaps *caps;
  const GValue *headers;
  guint i, n;

  if (GST_BUFFER_FLAG_IS_SET (GST_PAD_PROBE_INFO_BUFFER (info),
          GST_BUFFER_FLAG_HEADER) ||
      !g_atomic_int_compare_and_exchange (&self->resend_headers, 1, 0))
    return GST_PAD_PROBE_OK;
  /* a supervised transport's restart was counted by its thread */
  if (!self->supervised)
    g_atomic_int_inc (&self->reconnects);
  caps = gst_pad_get_current_caps (pad);
  headers = caps ? gst_structure_get_value (gst_caps_get_structure (caps, 0),
                       "streamheader")
                 : NULL;
  n = headers && GST_VALUE_HOLDS_ARRAY (headers)
      ? gst_value_array_get_size (headers)
      : 0;
  /* the stream lock is recursive: these go before the frame held here */
  for (i = 0; i < n; i++) {
    const GValue *v = gst_value_array_get_value (headers, i);

    if (G_VALUE_HOLDS (v, GST_TYPE_BUFFER))
      gst_pad_push (pad, gst_buffer_ref (gst_value_get_buffer (v)));
  }
  if (caps)
    gst_caps_unref (caps);
  return GST_PAD_PROBE_OK;
}
