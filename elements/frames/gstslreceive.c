/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slreceive
 * @title: slreceive
 * @see_also: slsend, sldepay
 *
 * A bin: the byte transport its `uri` names followed by `sldepay`, so that
 * one element receives the DataFrames an `slsend` (or `slpay`) sent from
 * another process, host or file:
 *
 * - `file:///path` (or `location=path`): replays a recording (`filesrc`);
 * - `tcp://host:port`: listens there for one sender (`tcpserversrc`; host
 *   defaults to 0.0.0.0);
 * - `srt://host:port`: SRT listener (bound to that address only; the
 *   `latency`, `pbkeylen` and `peeridletimeo` parameters are understood);
 *   with `mode=caller` or any other SRT URI parameter, GStreamer's
 *   `srtsrc` (gst-plugins-bad);
 * - `udp://host:port`: datagrams of up to 65535 bytes (`udpsrc`);
 * - `fd://N`: a file descriptor (`fdsrc`), e.g. a shell pipe.
 *
 * `on-corrupt`, `max-frame-size` and the counters `frames`, `frames-missing`,
 * `frames-corrupt`, `bytes-skipped` and `last-seq` are sldepay's. The JSON
 * node types `replay` (with `path`) and `receive` (with `uri`) are this
 * element.
 *
 * A `tcp://` receiver whose sender goes away without its end-of-stream
 * packet listens for the next sender (`reconnects`); an `srt://` listener
 * keeps listening likewise, and a sender that connects while another is
 * still known (one that died without closing) replaces it (a link has one
 * sender). The frames lost meanwhile are the seq gap that
 * `frames-missing` counts. `passphrase-env=VAR` / `passphrase-file=/path` in
 * an SRT URI name the passphrase.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=20 ! slsend location=/tmp/slreceive-example.slf
 * ]| Record 20 frames.
 * |[
 * gst-launch-1.0 slreceive location=/tmp/slreceive-example.slf on-corrupt=resync ! slprint max-samples=1
 * ]| Replay them, skipping any corrupt part.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gio/gio.h>

#include "gstslreceive.h"
#include "gstsldepay.h"
#include "gstsltransport.h"
#include "gstslsrtsink.h"
#include "gstslwire.h"
#include "gstsldataframe.h"
#include "gstslelement.h"

GST_DEBUG_CATEGORY_STATIC (sl_receive_debug);
#define GST_CAT_DEFAULT sl_receive_debug

enum
{
  PROP_0,
  PROP_URI,
  PROP_LOCATION,
  /* sldepay's, forwarded */
  PROP_ON_CORRUPT,
  PROP_MAX_FRAME_SIZE,
  PROP_FRAMES,
  PROP_FRAMES_MISSING,
  PROP_FRAMES_CORRUPT,
  PROP_BYTES_SKIPPED,
  PROP_LAST_SEQ,
  PROP_RECONNECTS,
};

static const gchar *forwarded[] = { NULL, NULL, NULL, "on-corrupt",
  "max-frame-size", "frames", "frames-missing", "frames-corrupt",
  "bytes-skipped", "last-seq" };

struct _GstSlReceive
{
  GstBin parent;

  GstElement *depay;
  GstElement *transport;

  /* properties, under the object lock */
  gchar *uri;

  /* tcp://: the listener takes the next sender when one goes away without
   * its end-of-stream packet (killed, restarted, network gone) */
  gboolean relisten;
  gint ended;      /* atomic: sldepay sent EOS */
  gint reconnects; /* atomic */
  gint senders;    /* atomic: SRT senders taken this run */
  GMutex lock;
  GThread *restarter; /* under lock */
  gboolean stopping;  /* under lock */
};

static GstStaticPadTemplate src_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("src", GST_PAD_SRC);

#define gst_sl_receive_parent_class parent_class
G_DEFINE_TYPE (GstSlReceive, gst_sl_receive, GST_TYPE_BIN);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slreceive, "slreceive", GST_RANK_NONE,
    GST_TYPE_SL_RECEIVE, sl_element_init (plugin));

static void gst_sl_receive_finalize (GObject *object);
static void gst_sl_receive_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_receive_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static GstStateChangeReturn gst_sl_receive_change_state (GstElement *element,
    GstStateChange transition);

static GstPadProbeReturn depay_src_probe (GstPad *pad, GstPadProbeInfo *info,
    gpointer user_data);
static GstPadProbeReturn depay_sink_probe (GstPad *pad, GstPadProbeInfo *info,
    gpointer user_data);
static void gst_sl_receive_handle_message (GstBin *bin, GstMessage *msg);

static void
gst_sl_receive_class_init (GstSlReceiveClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_sl_receive_set_property;
  gobject_class->get_property = gst_sl_receive_get_property;
  gobject_class->finalize = gst_sl_receive_finalize;
  GST_BIN_CLASS (klass)->handle_message =
      GST_DEBUG_FUNCPTR (gst_sl_receive_handle_message);

  g_object_class_install_property (gobject_class, PROP_URI,
      g_param_spec_string ("uri", "URI",
          "Where the frames come from: file:///path, tcp://host:port, "
          "srt://host:port, udp://host:port or fd://N",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "A recording to replay (sets uri to its file:// URI)", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_ON_CORRUPT,
      g_param_spec_enum ("on-corrupt", "On corrupt",
          "What to do with bytes that are not a valid packet (sldepay's)",
          GST_TYPE_SL_DEPAY_ON_CORRUPT, GST_SL_DEPAY_ON_CORRUPT_ERROR,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MAX_FRAME_SIZE,
      g_param_spec_uint64 ("max-frame-size", "Max frame size",
          "Largest frame accepted, in bytes of samples (sldepay's)", 1,
          SL_WIRE_MAX_PAYLOAD, SL_WIRE_DEFAULT_MAX_PAYLOAD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_FRAMES,
      sl_param_spec_counter ("frames", "Frames", "Frames received"));
  g_object_class_install_property (gobject_class, PROP_FRAMES_MISSING,
      sl_param_spec_counter ("frames-missing", "Frames missing",
          "Frames whose seq never arrived"));
  g_object_class_install_property (gobject_class, PROP_FRAMES_CORRUPT,
      sl_param_spec_counter ("frames-corrupt", "Frames corrupt",
          "Times the packets were lost in corrupt input"));
  g_object_class_install_property (gobject_class, PROP_BYTES_SKIPPED,
      sl_param_spec_counter ("bytes-skipped", "Bytes skipped",
          "Bytes of corrupt input discarded"));
  g_object_class_install_property (gobject_class, PROP_LAST_SEQ,
      g_param_spec_int64 ("last-seq", "Last seq",
          "Seq of the last frame received, -1 before the first", -1, G_MAXINT64,
          -1, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_RECONNECTS,
      sl_param_spec_counter ("reconnects", "Reconnects",
          "tcp://, srt://: times a sender went away without its "
          "end-of-stream packet and the next one connected"));

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "StreamLab frame receiver", "Source/Network/Audio",
      "Receives DataFrames from a file, a TCP, SRT or UDP peer, or a file "
      "descriptor (the transport its URI names and sldepay)",
      "gst-streamlab developers");

  element_class->change_state = GST_DEBUG_FUNCPTR (gst_sl_receive_change_state);

  GST_DEBUG_CATEGORY_INIT (sl_receive_debug, "slreceive", 0,
      "StreamLab frame receiver");
}

static void
gst_sl_receive_init (GstSlReceive *self)
{
  GstPad *target, *ghost;

  self->depay = gst_element_factory_make ("sldepay", "depay");
  if (self->depay == NULL)
    return;
  g_mutex_init (&self->lock);
  gst_bin_add (GST_BIN (self), self->depay);
  target = gst_element_get_static_pad (self->depay, "sink");
  gst_pad_add_probe (target, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      depay_sink_probe, self, NULL);
  gst_object_unref (target);
  target = gst_element_get_static_pad (self->depay, "src");
  gst_pad_add_probe (target, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
      depay_src_probe, self, NULL);
  ghost = gst_ghost_pad_new_from_template ("src", target,
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self), "src"));
  gst_object_unref (target);
  gst_element_add_pad (GST_ELEMENT (self), ghost);
}

static void
gst_sl_receive_finalize (GObject *object)
{
  GstSlReceive *self = GST_SL_RECEIVE (object);

  g_free (self->uri);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_receive_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec)
{
  GstSlReceive *self = GST_SL_RECEIVE (object);

  switch (prop_id) {
    case PROP_URI:
      GST_OBJECT_LOCK (self);
      g_free (self->uri);
      self->uri = g_value_dup_string (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_LOCATION: {
      const gchar *path = g_value_get_string (value);

      GST_OBJECT_LOCK (self);
      g_free (self->uri);
      self->uri = path ? sl_transport_uri_from_path (path) : NULL;
      GST_OBJECT_UNLOCK (self);
      break;
    }
    case PROP_ON_CORRUPT:
    case PROP_MAX_FRAME_SIZE:
      if (self->depay)
        g_object_set_property (G_OBJECT (self->depay), forwarded[prop_id],
            value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_sl_receive_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlReceive *self = GST_SL_RECEIVE (object);

  switch (prop_id) {
    case PROP_URI:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->uri);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_LOCATION:
      GST_OBJECT_LOCK (self);
      g_value_take_string (value,
          self->uri ? g_filename_from_uri (self->uri, NULL, NULL) : NULL);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ON_CORRUPT:
    case PROP_MAX_FRAME_SIZE:
    case PROP_FRAMES:
    case PROP_FRAMES_MISSING:
    case PROP_FRAMES_CORRUPT:
    case PROP_BYTES_SKIPPED:
    case PROP_LAST_SEQ:
      if (self->depay)
        g_object_get_property (G_OBJECT (self->depay), forwarded[prop_id],
            value);
      break;
    case PROP_RECONNECTS:
      g_value_set_uint64 (value,
          (guint64) g_atomic_int_get (&self->reconnects));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

/* A sender refused by the SRT listener (most often: another passphrase). */
static void
on_caller_rejected (GstElement *src, GSocketAddress *addr, const gchar *reason,
    gpointer user_data)
{
  GstSlReceive *self = user_data;

  GST_ELEMENT_WARNING (self, RESOURCE, OPEN_READ,
      (_ ("The SRT link '%s' refused a sender (%s): check that both ends "
          "use the same passphrase."),
          GST_ELEMENT_NAME (self), reason ? reason : "?"),
      (NULL));
}

/* Our SRT listener took a sender: after the first, a reconnection. */
static void
on_srt_sender (GstElement *src, gpointer user_data)
{
  GstSlReceive *self = user_data;

  if (g_atomic_int_add (&self->senders, 1) > 0) {
    g_atomic_int_inc (&self->reconnects);
    GST_INFO_OBJECT (self, "a sender connected again");
  }
}

/* The transport for the current URI, linked before sldepay. */
static gboolean
build (GstSlReceive *self)
{
  gchar *uri, *error = NULL;

  if (self->depay == NULL) {
    GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
        (_ ("The element '%s' is missing; install the plugins that provide "
            "it."),
            "sldepay"),
        (NULL));
    return FALSE;
  }
  GST_OBJECT_LOCK (self);
  uri = g_strdup (self->uri);
  GST_OBJECT_UNLOCK (self);

  self->transport = NULL;
  if (g_ascii_strncasecmp (uri ? uri : "", "srt:", 4) == 0) {
    gchar *plain, *passphrase = NULL;

    /* our own SRT listener where libsrt is built in and the URI asks for
     * nothing more than it does */
    plain = sl_transport_srt_uri (uri, &passphrase, &error);
    if (plain == NULL) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", error),
          ("uri: %s", uri));
      g_free (error);
      g_free (uri);
      return FALSE;
    }
    self->transport =
        sl_srt_src_new (plain, passphrase, G_CALLBACK (on_srt_sender), self);
    for (gchar *c = passphrase; c && *c; c++)
      *c = '\0';
    g_free (passphrase);
    g_free (plain);
  }
  if (self->transport == NULL)
    self->transport = sl_transport_make (uri, FALSE, &error);
  if (self->transport == NULL) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", error),
        ("uri: %s", uri ? uri : "(none)"));
    g_free (error);
    g_free (uri);
    return FALSE;
  }
  self->relisten =
      g_str_has_prefix (uri, "tcp:") || g_str_has_prefix (uri, "TCP:");
  if (g_signal_lookup ("caller-rejected", G_OBJECT_TYPE (self->transport)))
    g_signal_connect (self->transport, "caller-rejected",
        G_CALLBACK (on_caller_rejected), self);
  gst_bin_add (GST_BIN (self), self->transport);
  gst_element_link (self->transport, self->depay);
  g_free (uri);
  return TRUE;
}

static GstStateChangeReturn
gst_sl_receive_change_state (GstElement *element, GstStateChange transition)
{
  GstSlReceive *self = GST_SL_RECEIVE (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_NULL_TO_READY && !build (self))
    return GST_STATE_CHANGE_FAILURE;
  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    g_atomic_int_set (&self->ended, 0);
    g_atomic_int_set (&self->senders, 0);
    g_mutex_lock (&self->lock);
    self->stopping = FALSE;
    g_mutex_unlock (&self->lock);
  }
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    GThread *t;

    g_mutex_lock (&self->lock);
    self->stopping = TRUE;
    t = self->restarter;
    self->restarter = NULL;
    g_mutex_unlock (&self->lock);
    if (t)
      g_thread_join (t);
  }
  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (transition == GST_STATE_CHANGE_READY_TO_NULL && self->transport) {
    gst_element_set_state (self->transport, GST_STATE_NULL);
    gst_bin_remove (GST_BIN (self), self->transport);
    self->transport = NULL;
  }
  return ret;
}

/* ---- listening again (tcp://) ---- */

static GstPadProbeReturn
depay_src_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstSlReceive *self = user_data;

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS)
    g_atomic_int_set (&self->ended, 1);
  return GST_PAD_PROBE_OK;
}

static gpointer
relisten_thread (gpointer data)
{
  GstSlReceive *self = data;

  gst_element_set_state (self->transport, GST_STATE_NULL);
  g_mutex_lock (&self->lock);
  if (!self->stopping) {
    g_mutex_unlock (&self->lock);
    gst_element_sync_state_with_parent (self->transport);
    g_atomic_int_inc (&self->reconnects);
  } else {
    g_mutex_unlock (&self->lock);
  }
  return NULL;
}

/* The sender went away without its end-of-stream packet: listen for the
 * next one (the bytes of a packet cut short are skipped and counted by
 * sldepay, and the frames lost meanwhile show as a seq gap). */
static void
relisten (GstSlReceive *self)
{
  GThread *old = NULL;

  g_mutex_lock (&self->lock);
  if (!self->stopping) {
    old = self->restarter;
    self->restarter =
        g_thread_new ("slreceive-relisten", relisten_thread, self);
  }
  g_mutex_unlock (&self->lock);
  if (old)
    g_thread_join (old);
  GST_INFO_OBJECT (self, "the sender went away: listening again");
}

static GstPadProbeReturn
depay_sink_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstSlReceive *self = user_data;

  if (!self->relisten ||
      GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) != GST_EVENT_EOS ||
      g_atomic_int_get (&self->ended))
    return GST_PAD_PROBE_OK;
  relisten (self);
  return GST_PAD_PROBE_DROP;
}

static void
gst_sl_receive_handle_message (GstBin *bin, GstMessage *msg)
{
  GstSlReceive *self = GST_SL_RECEIVE (bin);

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR && self->relisten &&
      self->transport && !g_atomic_int_get (&self->ended) &&
      GST_MESSAGE_SRC (msg) == GST_OBJECT_CAST (self->transport)) {
    relisten (self);
    gst_message_unref (msg);
    return;
  }
  GST_BIN_CLASS (parent_class)->handle_message (bin, msg);
}
