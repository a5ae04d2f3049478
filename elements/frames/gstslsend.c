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
 * - `srt://host:port`: SRT caller (`srtsink`, from gst-plugins-bad); any SRT
 *   URI parameter (`latency`, `passphrase`, `streamid`, ...) is passed on;
 * - `udp://host:port`: one frame per datagram (`udpsink`); `max-frame-size`
 *   is then 65507 unless set, and a larger frame is an error naming its size;
 * - `fd://N`: a file descriptor (`fdsink`), e.g. a shell pipe.
 *
 * `linger` (ms) holds EOS back after the end-of-stream packet: by default
 * 1000 for SRT, whose live mode drops what is in flight when it closes, 0
 * otherwise. The JSON node types `record` (with `path`) and `send` (with
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

#include "gstslsend.h"
#include "gstsltransport.h"
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
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("audio/x-raw, format = (string) { F64LE, F32LE }, "
        "layout = (string) { non-interleaved, interleaved }, "
        "rate = (int) [ 1, MAX ], channels = (int) [ 1, MAX ]"));

#define gst_sl_send_parent_class parent_class
G_DEFINE_TYPE (GstSlSend, gst_sl_send, GST_TYPE_BIN);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slsend, "slsend", GST_RANK_NONE,
    GST_TYPE_SL_SEND, sl_element_init (plugin));

static void gst_sl_send_finalize (GObject * object);
static void gst_sl_send_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_sl_send_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static GstStateChangeReturn gst_sl_send_change_state (GstElement * element,
    GstStateChange transition);

static void
gst_sl_send_class_init (GstSlSendClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_sl_send_set_property;
  gobject_class->get_property = gst_sl_send_get_property;
  gobject_class->finalize = gst_sl_send_finalize;

  g_object_class_install_property (gobject_class, PROP_URI,
      g_param_spec_string ("uri", "URI",
          "Where the frames go: file:///path, tcp://host:port, "
          "srt://host:port, udp://host:port or fd://N", NULL,
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
          "(-1: 1000 for srt://, 0 otherwise)", -1, 600000, DEFAULT_LINGER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_MAX_FRAME_SIZE,
      g_param_spec_uint ("max-frame-size", "Max frame size",
          "Largest packet written, in bytes (0: no limit, or 65507 for "
          "udp://)", 0, G_MAXUINT, DEFAULT_MAX_FRAME_SIZE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_FRAMES,
      g_param_spec_uint64 ("frames", "Frames", "Frames sent", 0,
          G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

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

static void
gst_sl_send_init (GstSlSend * self)
{
  GstPad *target, *ghost;

  self->linger = DEFAULT_LINGER;
  self->max_frame_size = DEFAULT_MAX_FRAME_SIZE;
  self->pay = gst_element_factory_make ("slpay", "pay");
  if (self->pay == NULL)
    return;
  gst_bin_add (GST_BIN (self), self->pay);
  target = gst_element_get_static_pad (self->pay, "sink");
  ghost = gst_ghost_pad_new_from_template ("sink", target,
      gst_static_pad_template_get (&sink_template));
  gst_object_unref (target);
  gst_element_add_pad (GST_ELEMENT (self), ghost);
}

static void
gst_sl_send_finalize (GObject * object)
{
  GstSlSend *self = GST_SL_SEND (object);

  g_free (self->uri);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_send_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstSlSend *self = GST_SL_SEND (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_URI:
      g_free (self->uri);
      self->uri = g_value_dup_string (value);
      break;
    case PROP_LOCATION:{
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_send_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstSlSend *self = GST_SL_SEND (object);

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
      g_value_take_string (value, self->uri ?
          g_filename_from_uri (self->uri, NULL, NULL) : NULL);
      break;
    case PROP_LINGER:
      g_value_set_int (value, self->linger);
      break;
    case PROP_MAX_FRAME_SIZE:
      g_value_set_uint (value, self->max_frame_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* The transport for the current URI, linked after slpay. */
static gboolean
build (GstSlSend * self)
{
  gchar *uri, *error = NULL;
  gint linger;
  guint max;
  gboolean srt, udp;

  if (self->pay == NULL) {
    GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
        (_("The element '%s' is missing; install the plugins that provide "
                "it."), "slpay"), (NULL));
    return FALSE;
  }
  GST_OBJECT_LOCK (self);
  uri = g_strdup (self->uri);
  linger = self->linger;
  max = self->max_frame_size;
  GST_OBJECT_UNLOCK (self);

  self->transport = sl_transport_make (uri, TRUE, &error);
  if (self->transport == NULL) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", error),
        ("uri: %s", uri ? uri : "(none)"));
    g_free (error);
    g_free (uri);
    return FALSE;
  }
  srt = g_str_has_prefix (uri, "srt:") || g_str_has_prefix (uri, "SRT:");
  udp = g_str_has_prefix (uri, "udp:") || g_str_has_prefix (uri, "UDP:");
  g_object_set (self->pay, "linger", linger >= 0 ? (guint) linger :
      (srt ? 1000u : 0u), "max-frame-size", max ? max : (udp ? 65507u : 0u),
      NULL);
  gst_bin_add (GST_BIN (self), self->transport);
  gst_element_link (self->pay, self->transport);
  g_free (uri);
  return TRUE;
}

static GstStateChangeReturn
gst_sl_send_change_state (GstElement * element, GstStateChange transition)
{
  GstSlSend *self = GST_SL_SEND (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_NULL_TO_READY && !build (self))
    return GST_STATE_CHANGE_FAILURE;
  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (transition == GST_STATE_CHANGE_READY_TO_NULL && self->transport) {
    gst_element_set_state (self->transport, GST_STATE_NULL);
    gst_bin_remove (GST_BIN (self), self->transport);
    self->transport = NULL;
  }
  return ret;
}
