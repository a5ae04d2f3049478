/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slpay
 * @title: slpay
 * @see_also: sldepay, slframer
 *
 * Turns DataFrames into an `application/x-streamlab-frames` byte stream (the
 * versioned wire format of docs/formats/streamlab-frames.md), for any byte
 * transport: `tcpserversink`, `srtsink`, `filesink` (recording), `fdsink`
 * (shell pipes), `udpsink`. `sldepay` turns the stream back into the same
 * DataFrames: samples, PTS, DTS, duration, offsets, DISCONT/GAP/RESYNC flags,
 * the `SlDataFrameMeta` seq and metadata, and the `sl-channel-names` stream
 * tag.
 *
 * Caps, the segment and the channel names are sent as packets of their own
 * when they change, flagged HEADER and listed in the source caps'
 * `streamheader`, so a receiver that joins a `tcpserversink` late still gets
 * them first. At EOS an end-of-stream packet is written.
 *
 * No sample is copied: each output buffer is a small header memory, the
 * frame's own memory and an 8-byte trailer memory; the sink writes them with
 * one vectored write (or one datagram). Non-interleaved frames whose planes
 * are not contiguous are made contiguous (the only copy).
 *
 * ## Link latency
 * With `send-time` (the default) each frame packet is preceded by a 32-byte
 * packet carrying the sender's wall-clock time (CLOCK_REALTIME) when it was
 * written; `sldepay` attaches it to the frame as a
 * `GstReferenceTimestampMeta` with caps `timestamp/x-streamlab-sent`, and
 * the `slmetrics` tracer reports the link latency (receive time minus send
 * time) of the element pushing such frames. Processes and network
 * namespaces on one host share that clock; across hosts the figure is only
 * as good as the clocks' synchronisation (PTP, NTP). Readers that predate
 * the packet skip it.
 *
 * ## SRT
 * SRT in live mode drops what is still in flight when the sender closes the
 * connection: give `slpay` a `linger` (in ms, more than the SRT latency,
 * e.g. `linger=1000`) so that the end-of-stream packet and the frames before
 * it arrive before the sender's pipeline stops; the receiver then ends by
 * itself.
 *
 * ## UDP
 * A datagram carries at most 65507 bytes: set `max-frame-size=65507` (or the
 * path's MTU) in front of `udpsink`, and a frame whose packet is larger stops
 * the stream with an error naming both sizes instead of being lost on the
 * way. `sldepay`'s `frames-missing` counts the datagrams lost. A frame's
 * packet is 88 bytes plus its metadata plus its samples.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 channel-names="<\"a\", \"b\">" frequencies="<100.0, 200.0>" metadata="m,run=1" ! slpay ! filesink location=/tmp/slpay-example.slf
 * ]| Record 100 frames to a file.
 * |[
 * gst-launch-1.0 filesrc location=/tmp/slpay-example.slf ! sldepay ! slprint max-samples=1
 * ]| Replay them.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/audio/audio.h>

#include <gst/streamlab/gstslmessages.h>
#include "gstslpay.h"
#include "gstslwire.h"
#include "gstsldataframe.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_pay_debug);
#define GST_CAT_DEFAULT sl_pay_debug

#define DEFAULT_MAX_FRAME_SIZE 0
#define DEFAULT_LINGER 0
#define DEFAULT_SEND_TIME TRUE

enum
{
  PROP_0,
  PROP_MAX_FRAME_SIZE,
  PROP_LINGER,
  PROP_SEND_TIME,
  PROP_FRAMES,
  PROP_BYTES,
};

struct _GstSlPay
{
  GstElement parent;

  GstPad *sinkpad;
  GstPad *srcpad;

  /* properties, under the object lock */
  guint max_frame_size;
  guint linger;
  gboolean send_time;
  guint64 frames;
  guint64 bytes;

  /* streaming state */
  GstAudioInfo info;
  GstBuffer *caps_packet;
  GstBuffer *tags_packet;
  GstBuffer *segment_packet;
  gboolean headers_pending;
  gboolean sent_bytes_segment;
  gchar **names; /* channel names sent */

  /* waiting at EOS (linger) */
  GMutex wait_lock;
  GCond wait_cond;
  gboolean flushing;

  GstStructure *md_cache; /* the last metadata serialised ... */
  gchar *md_string;       /* ... and its text */
};

static GstStaticPadTemplate sink_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("sink", GST_PAD_SINK);

static GstStaticPadTemplate src_template =
    GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
        GST_STATIC_CAPS (SL_WIRE_MEDIA_TYPE ", version = (int) 1"));

#define gst_sl_pay_parent_class parent_class
G_DEFINE_TYPE (GstSlPay, gst_sl_pay, GST_TYPE_ELEMENT);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slpay, "slpay", GST_RANK_NONE,
    GST_TYPE_SL_PAY, sl_element_init (plugin));

static void gst_sl_pay_finalize (GObject *object);
static void gst_sl_pay_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_pay_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static GstStateChangeReturn gst_sl_pay_change_state (GstElement *element,
    GstStateChange transition);
static GstFlowReturn gst_sl_pay_chain (GstPad *pad, GstObject *parent,
    GstBuffer *buf);
static gboolean gst_sl_pay_sink_event (GstPad *pad, GstObject *parent,
    GstEvent *event);

static void
gst_sl_pay_class_init (GstSlPayClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_sl_pay_set_property;
  gobject_class->get_property = gst_sl_pay_get_property;
  gobject_class->finalize = gst_sl_pay_finalize;

  g_object_class_install_property (gobject_class, PROP_MAX_FRAME_SIZE,
      g_param_spec_uint ("max-frame-size", "Max frame size",
          "Largest packet written, in bytes (0: no limit); a frame whose "
          "packet is larger is an error. 65507 for udpsink",
          0, G_MAXUINT, DEFAULT_MAX_FRAME_SIZE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_LINGER,
      g_param_spec_uint ("linger", "Linger",
          "Time in ms to wait after the end-of-stream packet before passing "
          "EOS on, so that a transport that drops what is in flight when it "
          "closes (SRT in live mode) delivers everything first",
          0, 600000, DEFAULT_LINGER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_SEND_TIME,
      g_param_spec_boolean ("send-time", "Send time",
          "Precede each frame packet with the sender's wall-clock time, from "
          "which the slmetrics tracer measures the latency of the link",
          DEFAULT_SEND_TIME,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_FRAMES,
      g_param_spec_uint64 ("frames", "Frames", "Frames written", 0, G_MAXUINT64,
          0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_BYTES,
      sl_param_spec_counter ("bytes", "Bytes", "Bytes written (all packets)"));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "StreamLab frame payloader", "Codec/Payloader/Audio",
      "Writes DataFrames (samples, timestamps, seq, metadata, channel names) "
      "as an application/x-streamlab-frames byte stream",
      "gst-streamlab developers");

  element_class->change_state = GST_DEBUG_FUNCPTR (gst_sl_pay_change_state);

  GST_DEBUG_CATEGORY_INIT (sl_pay_debug, "slpay", 0,
      "StreamLab frame payloader");
}

static void
gst_sl_pay_init (GstSlPay *self)
{
  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_pay_chain));
  gst_pad_set_event_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_pay_sink_event));
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_use_fixed_caps (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);

  self->max_frame_size = DEFAULT_MAX_FRAME_SIZE;
  self->linger = DEFAULT_LINGER;
  self->send_time = DEFAULT_SEND_TIME;
  g_mutex_init (&self->wait_lock);
  g_cond_init (&self->wait_cond);
  gst_audio_info_init (&self->info);
}

static void
clear_state (GstSlPay *self)
{
  gst_clear_buffer (&self->caps_packet);
  gst_clear_buffer (&self->tags_packet);
  gst_clear_buffer (&self->segment_packet);
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->md_cache, gst_structure_free);
  g_clear_pointer (&self->md_string, g_free);
  self->headers_pending = FALSE;
  self->sent_bytes_segment = FALSE;
  gst_audio_info_init (&self->info);
}

static void
gst_sl_pay_finalize (GObject *object)
{
  GstSlPay *self = GST_SL_PAY (object);

  clear_state (self);
  g_mutex_clear (&self->wait_lock);
  g_cond_clear (&self->wait_cond);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_pay_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstSlPay *self = GST_SL_PAY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MAX_FRAME_SIZE:
      self->max_frame_size = g_value_get_uint (value);
      break;
    case PROP_LINGER:
      self->linger = g_value_get_uint (value);
      break;
    case PROP_SEND_TIME:
      self->send_time = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_pay_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlPay *self = GST_SL_PAY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MAX_FRAME_SIZE:
      g_value_set_uint (value, self->max_frame_size);
      break;
    case PROP_LINGER:
      g_value_set_uint (value, self->linger);
      break;
    case PROP_SEND_TIME:
      g_value_set_boolean (value, self->send_time);
      break;
    case PROP_FRAMES:
      g_value_set_uint64 (value, self->frames);
      break;
    case PROP_BYTES:
      g_value_set_uint64 (value, self->bytes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
set_flushing (GstSlPay *self, gboolean flushing)
{
  g_mutex_lock (&self->wait_lock);
  self->flushing = flushing;
  g_cond_broadcast (&self->wait_cond);
  g_mutex_unlock (&self->wait_lock);
}

/* Waits `linger` ms, or until flushed. */
static void
linger (GstSlPay *self)
{
  guint ms;
  gint64 end;

  GST_OBJECT_LOCK (self);
  ms = self->linger;
  GST_OBJECT_UNLOCK (self);
  if (ms == 0)
    return;
  end = g_get_monotonic_time () + (gint64) ms * G_TIME_SPAN_MILLISECOND;
  g_mutex_lock (&self->wait_lock);
  while (!self->flushing &&
      g_cond_wait_until (&self->wait_cond, &self->wait_lock, end))
    ;
  g_mutex_unlock (&self->wait_lock);
}

static GstStateChangeReturn
gst_sl_pay_change_state (GstElement *element, GstStateChange transition)
{
  GstSlPay *self = GST_SL_PAY (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    set_flushing (self, TRUE);
  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    set_flushing (self, FALSE);
    clear_state (self);
    GST_OBJECT_LOCK (self);
    self->frames = self->bytes = 0;
    GST_OBJECT_UNLOCK (self);
  }
  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    clear_state (self);
  return ret;
}

static void
count_bytes (GstSlPay *self, gsize n, gboolean frame)
{
  GST_OBJECT_LOCK (self);
  self->bytes += n;
  if (frame)
    self->frames++;
  GST_OBJECT_UNLOCK (self);
}

static void
add_header (GValue *array, GstBuffer *packet)
{
  GValue v = G_VALUE_INIT;

  g_value_init (&v, GST_TYPE_BUFFER);
  g_value_set_boxed (&v, packet);
  gst_value_array_append_and_take_value (array, &v);
}

/* New caps carrying the header packets as streamheader, then the packets
 * themselves, flagged HEADER. */
static GstFlowReturn
push_headers (GstSlPay *self)
{
  GstBuffer *packets[3] = { self->caps_packet, self->segment_packet,
    self->tags_packet };
  GValue array = G_VALUE_INIT;
  GstCaps *caps;
  GstFlowReturn ret = GST_FLOW_OK;
  guint i;

  self->headers_pending = FALSE;

  g_value_init (&array, GST_TYPE_ARRAY);
  for (i = 0; i < G_N_ELEMENTS (packets); i++) {
    if (packets[i] == NULL)
      continue;
    GST_BUFFER_FLAG_SET (packets[i], GST_BUFFER_FLAG_HEADER);
    add_header (&array, packets[i]);
  }
  caps = gst_caps_new_simple (SL_WIRE_MEDIA_TYPE, "version", G_TYPE_INT,
      SL_WIRE_VERSION, NULL);
  gst_structure_take_value (gst_caps_get_structure (caps, 0), "streamheader",
      &array);
  gst_pad_push_event (self->srcpad, gst_event_new_caps (caps));
  gst_caps_unref (caps);
  if (!self->sent_bytes_segment) {
    GstSegment seg;

    /* sent once: a second one would make filesink seek back */
    gst_segment_init (&seg, GST_FORMAT_BYTES);
    gst_pad_push_event (self->srcpad, gst_event_new_segment (&seg));
    self->sent_bytes_segment = TRUE;
  }

  for (i = 0; i < G_N_ELEMENTS (packets) && ret == GST_FLOW_OK; i++) {
    if (packets[i] == NULL)
      continue;
    count_bytes (self, gst_buffer_get_size (packets[i]), FALSE);
    ret = gst_pad_push (self->srcpad, gst_buffer_ref (packets[i]));
  }
  return ret;
}

typedef struct
{
  GstBuffer *buffer;
  GstMapInfo map;
} HeldFrame;

static void
held_frame_free (gpointer data)
{
  HeldFrame *h = data;

  gst_buffer_unmap (h->buffer, &h->map);
  gst_buffer_unref (h->buffer);
  g_free (h);
}

/* The frame's samples as one memory, without a copy when they already are
 * contiguous in the wire format's order. */
static GstMemory *
samples_memory (GstSlPay *self, GstBuffer *buf, gsize *size)
{
  const GstAudioInfo *info = &self->info;
  GstAudioMeta *ameta = gst_buffer_get_audio_meta (buf);
  gsize bps = GST_AUDIO_INFO_BPS (info);
  gint c, channels = GST_AUDIO_INFO_CHANNELS (info);
  HeldFrame *h;

  if (GST_AUDIO_INFO_LAYOUT (info) == GST_AUDIO_LAYOUT_NON_INTERLEAVED &&
      ameta) {
    gboolean contiguous =
        gst_buffer_get_size (buf) == ameta->samples * bps * channels;

    for (c = 0; contiguous && c < channels; c++)
      contiguous = ameta->offsets[c] == c * ameta->samples * bps;
    if (!contiguous) {
      GstAudioBuffer abuf;
      GstMemory *mem;
      GstMapInfo map;
      gsize plane = ameta->samples * bps;

      if (!gst_audio_buffer_map (&abuf, info, buf, GST_MAP_READ))
        return NULL;
      mem = gst_allocator_alloc (NULL, plane * channels, NULL);
      gst_memory_map (mem, &map, GST_MAP_WRITE);
      for (c = 0; c < channels; c++)
        memcpy (map.data + c * plane, abuf.planes[c], plane);
      gst_memory_unmap (mem, &map);
      gst_audio_buffer_unmap (&abuf);
      *size = plane * channels;
      return mem;
    }
  }

  h = g_new (HeldFrame, 1);
  h->buffer = gst_buffer_ref (buf);
  if (!gst_buffer_map (h->buffer, &h->map, GST_MAP_READ)) {
    gst_buffer_unref (h->buffer);
    g_free (h);
    return NULL;
  }
  *size = h->map.size;
  return gst_memory_new_wrapped (GST_MEMORY_FLAG_READONLY, h->map.data,
      h->map.size, 0, h->map.size, h, held_frame_free);
}

static const gchar *
metadata_text (GstSlPay *self, GstBuffer *buf, gsize *len)
{
  const GstStructure *md = gst_sl_buffer_peek_metadata (buf);

  *len = 0;
  if (md == NULL || gst_structure_n_fields (md) == 0)
    return NULL;
  if (self->md_cache == NULL || !gst_structure_is_equal (self->md_cache, md)) {
    g_clear_pointer (&self->md_cache, gst_structure_free);
    g_free (self->md_string);
    self->md_cache = gst_structure_copy (md);
    self->md_string = gst_structure_to_string (md);
  }
  *len = strlen (self->md_string);
  return self->md_string;
}

static GstFlowReturn
gst_sl_pay_chain (GstPad *pad, GstObject *parent, GstBuffer *buf)
{
  GstSlPay *self = GST_SL_PAY (parent);
  GstMemory *header, *trailer, *samples;
  GstBuffer *out;
  const gchar *md;
  gsize md_len, size;
  guint64 total;
  guint max;
  gboolean send_time;
  GstFlowReturn ret;

  if (G_UNLIKELY (self->caps_packet == NULL))
    goto not_negotiated;
  if (G_UNLIKELY (self->headers_pending)) {
    ret = push_headers (self);
    if (ret != GST_FLOW_OK) {
      gst_buffer_unref (buf);
      return ret;
    }
  }

  md = metadata_text (self, buf, &md_len);
  if (md_len > SL_WIRE_MAX_METADATA)
    goto metadata_too_long;

  samples = samples_memory (self, buf, &size);
  if (samples == NULL)
    goto map_failed;
  if (size % GST_AUDIO_INFO_BPF (&self->info) != 0)
    goto not_whole;

  total = sl_wire_frame_packet_size (size, md_len);
  GST_OBJECT_LOCK (self);
  max = self->max_frame_size;
  send_time = self->send_time;
  GST_OBJECT_UNLOCK (self);
  /* one buffer, one datagram on udpsink: the SENT packet counts */
  if (send_time)
    total += SL_WIRE_SENT_PACKET_SIZE;
  if ((max > 0 && total > max) || size > SL_WIRE_MAX_PAYLOAD)
    goto too_large;

  sl_wire_write_frame_parts (buf, size, md, md_len,
      send_time ? sl_wire_now_ns () : -1, &header, &trailer);
  out = gst_buffer_new ();
  gst_buffer_append_memory (out, header);
  gst_buffer_append_memory (out, samples);
  gst_buffer_append_memory (out, trailer);
  GST_BUFFER_PTS (out) = GST_BUFFER_PTS (buf);
  GST_BUFFER_DTS (out) = GST_BUFFER_DTS (buf);
  GST_BUFFER_DURATION (out) = GST_BUFFER_DURATION (buf);
  gst_buffer_unref (buf);

  count_bytes (self, total, TRUE);
  return gst_pad_push (self->srcpad, out);

not_negotiated : {
  gst_buffer_unref (buf);
  GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
      (_ ("Could not negotiate a format.")), ("a frame before any caps"));
  return GST_FLOW_NOT_NEGOTIATED;
}
metadata_too_long : {
  gchar n[24];

  g_snprintf (n, sizeof (n), "%" G_GSIZE_FORMAT, md_len);
  gst_buffer_unref (buf);
  GST_ELEMENT_ERROR (self, STREAM, ENCODE,
      (_ ("Frame metadata of %s bytes is longer than the limit of %u "
          "bytes."),
          n, SL_WIRE_MAX_METADATA),
      (NULL));
  return GST_FLOW_ERROR;
}
map_failed : {
  SL_ELEMENT_ERROR_UNMAPPED (self, buf);
  gst_buffer_unref (buf);
  return GST_FLOW_ERROR;
}
not_whole : {
  gst_memory_unref (samples);
  gst_buffer_unref (buf);
  GST_ELEMENT_ERROR (self, STREAM, FORMAT, (_ ("Could not read a frame.")),
      ("%" G_GSIZE_FORMAT " bytes are not a whole number of samples", size));
  return GST_FLOW_ERROR;
}
too_large : {
  gchar n[24];

  g_snprintf (n, sizeof (n), "%" G_GUINT64_FORMAT, total);
  gst_memory_unref (samples);
  gst_buffer_unref (buf);
  GST_ELEMENT_ERROR (self, STREAM, ENCODE,
      (_ ("A frame of %s bytes does not fit in max-frame-size=%u bytes; "
          "use shorter frames (slframer samplesperbuffer) or fewer "
          "channels."),
          n, max),
      ("%" G_GSIZE_FORMAT " bytes of "
       "samples, %" G_GSIZE_FORMAT " of metadata",
          size, md_len));
  return GST_FLOW_ERROR;
}
}

static void
update_names (GstSlPay *self, GstTagList *tags)
{
  gchar **names = gst_sl_tag_list_get_channel_names (tags);

  if (names == NULL)
    return;
  if (self->names &&
      g_strv_equal ((const gchar *const *) self->names,
          (const gchar *const *) names)) {
    g_strfreev (names);
    return;
  }
  g_strfreev (self->names);
  self->names = names;
  gst_clear_buffer (&self->tags_packet);
  self->tags_packet =
      sl_wire_write_tags ((const gchar *const *) names, g_strv_length (names));
  self->headers_pending = TRUE;
}

static gboolean
gst_sl_pay_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstSlPay *self = GST_SL_PAY (parent);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS: {
      GstCaps *caps;
      GstAudioInfo info;

      gst_event_parse_caps (event, &caps);
      if (!gst_audio_info_from_caps (&info, caps)) {
        gst_event_unref (event);
        return FALSE;
      }
      if (self->caps_packet == NULL ||
          !gst_audio_info_is_equal (&info, &self->info)) {
        self->info = info;
        gst_clear_buffer (&self->caps_packet);
        self->caps_packet = sl_wire_write_caps (caps);
        self->headers_pending = TRUE;
      }
      gst_event_unref (event);
      return TRUE;
    }
    case GST_EVENT_SEGMENT: {
      const GstSegment *seg;

      gst_event_parse_segment (event, &seg);
      if (seg->format == GST_FORMAT_TIME) {
        gst_clear_buffer (&self->segment_packet);
        self->segment_packet = sl_wire_write_segment (seg);
        self->headers_pending = TRUE;
      }
      gst_event_unref (event);
      return TRUE;
    }
    case GST_EVENT_TAG: {
      GstTagList *tags;

      gst_event_parse_tag (event, &tags);
      update_names (self, tags);
      gst_event_unref (event);
      return TRUE;
    }
    case GST_EVENT_EOS:
      /* the end-of-stream packet, once the stream has begun */
      if (self->caps_packet) {
        GstBuffer *eos = sl_wire_write_eos ();

        if (self->headers_pending)
          push_headers (self);
        count_bytes (self, gst_buffer_get_size (eos), FALSE);
        gst_pad_push (self->srcpad, eos);
        linger (self);
      }
      return gst_pad_event_default (pad, parent, event);
    case GST_EVENT_FLUSH_START:
      set_flushing (self, TRUE);
      return gst_pad_event_default (pad, parent, event);
    case GST_EVENT_FLUSH_STOP:
      set_flushing (self, FALSE);
      return gst_pad_event_default (pad, parent, event);
    case GST_EVENT_GAP:
      gst_event_unref (event);
      return TRUE;
    default:
      return gst_pad_event_default (pad, parent, event);
  }
}
