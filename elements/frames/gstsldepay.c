/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-sldepay
 * @title: sldepay
 * @see_also: slpay, slframer
 *
 * Turns an `application/x-streamlab-frames` byte stream (written by `slpay`,
 * format in docs/formats/streamlab-frames.md) back into exactly the DataFrames
 * that were sent: caps, PTS, DTS, duration, offset, offset-end, the DISCONT,
 * GAP and RESYNC flags, the `SlDataFrameMeta` seq and metadata, the
 * `sl-channel-names` stream tag and bit-identical samples. It sends its own
 * stream-start, then the sender's caps, segment and tags, before the first
 * frame; a frame packet becomes one buffer (frames are never re-cut). The
 * bytes may arrive in any pieces (TCP, SRT, files, pipes): they are gathered
 * in a #GstAdapter and the samples are copied at most once (not at all when a
 * frame arrives in one piece, suitably aligned).
 *
 * An end-of-stream packet (written by `slpay` at EOS) ends the stream
 * downstream, so a receiver stops when its sender does, whatever the
 * transport.
 *
 * ## Counters
 * `frames` counts the frames pushed. `frames-missing` counts the frames whose
 * seq never arrived: when a frame's seq is more than one past the previous
 * one's, the difference minus one is added (a lost UDP datagram, a frame
 * dropped by the sender's transport, or a receiver that joined late and so
 * starts on a later frame is *not* counted: counting starts at the first
 * frame received). A seq lower than or equal to the previous one means the
 * sender restarted: counting goes on from there. A frame without seq is not
 * counted against the next one. The frame after a gap carries DISCONT (after
 * a resync, when frames have no seq, the next frame carries it too).
 *
 * ## Bad input
 * Every length is checked against the format's limits and `max-frame-size`
 * before anything is allocated; text (caps, metadata, channel names) must be
 * valid UTF-8; the version must be 1. With `on-corrupt=error` (the default)
 * the first problem is an element error naming the byte offset in the stream
 * and the problem, e.g. `Corrupt frame stream at byte offset 4096: no sync
 * word where a packet should start.` With `on-corrupt=resync` the element
 * posts a warning with the same text (its details structure holds `offset`
 * and `problem`), skips to the next valid packet header and goes on;
 * `frames-corrupt` counts the times it lost the packets and `bytes-skipped`
 * the bytes it discarded. A stream that ends inside a packet is corrupt too.
 *
 * ## Replay at the recorded pace
 * The frames keep their timestamps and the sender's segment, so a sink that
 * synchronises on the clock plays a recording at its original rate:
 * `filesrc location=rec.slf ! sldepay ! audioconvert ! autoaudiosink`.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=3 channel-names="<\"x\">" metadata="m,run=7" ! slpay ! sldepay ! slprint
 * ]| Through the wire format and back, in one process.
 * |[
 * gst-launch-1.0 -q slsinesrc num-buffers=5 samplesperbuffer=64 ! slpay ! fdsink fd=1 | gst-launch-1.0 fdsrc fd=0 ! sldepay ! slprint label=piped
 * ]| A shell pipe between two processes.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/audio/audio.h>

#include <gst/streamlab/gstslmessages.h>
#include "gstsldepay.h"
#include "gstslwire.h"
#include "gstsldataframe.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_depay_debug);
#define GST_CAT_DEFAULT sl_depay_debug

#define DEFAULT_ON_CORRUPT GST_SL_DEPAY_ON_CORRUPT_ERROR
#define DEFAULT_MAX_FRAME_SIZE SL_WIRE_DEFAULT_MAX_PAYLOAD

enum
{
  PROP_0,
  PROP_ON_CORRUPT,
  PROP_MAX_FRAME_SIZE,
  PROP_FRAMES,
  PROP_FRAMES_MISSING,
  PROP_FRAMES_CORRUPT,
  PROP_BYTES_SKIPPED,
  PROP_LAST_SEQ,
};

struct _GstSlDepay
{
  GstElement parent;

  GstPad *sinkpad;
  GstPad *srcpad;

  /* properties, under the object lock */
  GstSlDepayOnCorrupt on_corrupt;
  guint64 max_frame_size;
  guint64 frames;
  guint64 frames_missing;
  guint64 frames_corrupt;
  guint64 bytes_skipped;
  gint64 last_seq;    /* -1: none yet */
  gboolean seq_known; /* the previous frame had a seq */

  /* streaming state */
  SlWireReader reader;
  gboolean sent_stream_start;
  GstCaps *caps;         /* sent downstream */
  gboolean have_segment; /* from the stream */
  GstSegment segment;
  gboolean segment_pending;
  gboolean discont;  /* a gap before the next frame */
  gboolean resynced; /* corrupt bytes skipped before it */
  gboolean eos_sent;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (SL_WIRE_MEDIA_TYPE));

static GstStaticPadTemplate src_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("src", GST_PAD_SRC);

#define gst_sl_depay_parent_class parent_class
G_DEFINE_TYPE (GstSlDepay, gst_sl_depay, GST_TYPE_ELEMENT);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (sldepay, "sldepay", GST_RANK_NONE,
    GST_TYPE_SL_DEPAY, sl_element_init (plugin));

GType
gst_sl_depay_on_corrupt_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_DEPAY_ON_CORRUPT_ERROR,
        "Post an element error naming the byte offset and the problem",
        "error" },
    { GST_SL_DEPAY_ON_CORRUPT_RESYNC,
        "Post a warning, skip to the next valid packet and count it",
        "resync" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlDepayOnCorrupt", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

static void gst_sl_depay_finalize (GObject *object);
static void gst_sl_depay_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_depay_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static GstStateChangeReturn gst_sl_depay_change_state (GstElement *element,
    GstStateChange transition);
static GstFlowReturn gst_sl_depay_chain (GstPad *pad, GstObject *parent,
    GstBuffer *buf);
static gboolean gst_sl_depay_sink_event (GstPad *pad, GstObject *parent,
    GstEvent *event);

static void
gst_sl_depay_class_init (GstSlDepayClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_sl_depay_set_property;
  gobject_class->get_property = gst_sl_depay_get_property;
  gobject_class->finalize = gst_sl_depay_finalize;

  g_object_class_install_property (gobject_class, PROP_ON_CORRUPT,
      g_param_spec_enum ("on-corrupt", "On corrupt",
          "What to do with bytes that are not a valid packet: stop with an "
          "error, or skip to the next valid packet and count it",
          GST_TYPE_SL_DEPAY_ON_CORRUPT, DEFAULT_ON_CORRUPT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MAX_FRAME_SIZE,
      g_param_spec_uint64 ("max-frame-size", "Max frame size",
          "Largest frame accepted, in bytes of samples; a larger length is "
          "corrupt input (nothing is allocated for it)",
          1, SL_WIRE_MAX_PAYLOAD, DEFAULT_MAX_FRAME_SIZE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_FRAMES,
      sl_param_spec_counter ("frames", "Frames", "Frames pushed downstream"));
  g_object_class_install_property (gobject_class, PROP_FRAMES_MISSING,
      sl_param_spec_counter ("frames-missing", "Frames missing",
          "Frames whose seq never arrived (gaps in seq between received "
          "frames)"));
  g_object_class_install_property (gobject_class, PROP_FRAMES_CORRUPT,
      sl_param_spec_counter ("frames-corrupt", "Frames corrupt",
          "Times the packets were lost in corrupt input (on-corrupt=resync)"));
  g_object_class_install_property (gobject_class, PROP_BYTES_SKIPPED,
      sl_param_spec_counter ("bytes-skipped", "Bytes skipped",
          "Bytes of corrupt input discarded (on-corrupt=resync)"));
  g_object_class_install_property (gobject_class, PROP_LAST_SEQ,
      g_param_spec_int64 ("last-seq", "Last seq",
          "Seq of the last frame pushed, -1 before the first", -1, G_MAXINT64,
          -1, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "StreamLab frame depayloader", "Codec/Depayloader/Audio",
      "Reads DataFrames (samples, timestamps, seq, metadata, channel names) "
      "from an application/x-streamlab-frames byte stream",
      "gst-streamlab developers");

  element_class->change_state = GST_DEBUG_FUNCPTR (gst_sl_depay_change_state);

  gst_type_mark_as_plugin_api (GST_TYPE_SL_DEPAY_ON_CORRUPT, 0);
  GST_DEBUG_CATEGORY_INIT (sl_depay_debug, "sldepay", 0,
      "StreamLab frame depayloader");
}

static void
gst_sl_depay_init (GstSlDepay *self)
{
  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_depay_chain));
  gst_pad_set_event_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_depay_sink_event));
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_use_fixed_caps (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);

  self->on_corrupt = DEFAULT_ON_CORRUPT;
  self->max_frame_size = DEFAULT_MAX_FRAME_SIZE;
  self->last_seq = -1;
  sl_wire_reader_init (&self->reader);
  gst_segment_init (&self->segment, GST_FORMAT_TIME);
}

static void
gst_sl_depay_finalize (GObject *object)
{
  GstSlDepay *self = GST_SL_DEPAY (object);

  sl_wire_reader_clear (&self->reader);
  gst_clear_caps (&self->caps);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_depay_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstSlDepay *self = GST_SL_DEPAY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ON_CORRUPT:
      self->on_corrupt = g_value_get_enum (value);
      break;
    case PROP_MAX_FRAME_SIZE:
      self->max_frame_size = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_depay_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlDepay *self = GST_SL_DEPAY (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ON_CORRUPT:
      g_value_set_enum (value, self->on_corrupt);
      break;
    case PROP_MAX_FRAME_SIZE:
      g_value_set_uint64 (value, self->max_frame_size);
      break;
    case PROP_FRAMES:
      g_value_set_uint64 (value, self->frames);
      break;
    case PROP_FRAMES_MISSING:
      g_value_set_uint64 (value, self->frames_missing);
      break;
    case PROP_FRAMES_CORRUPT:
      g_value_set_uint64 (value, self->frames_corrupt);
      break;
    case PROP_BYTES_SKIPPED:
      g_value_set_uint64 (value, self->bytes_skipped);
      break;
    case PROP_LAST_SEQ:
      g_value_set_int64 (value, self->last_seq);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
reset (GstSlDepay *self)
{
  sl_wire_reader_reset (&self->reader);
  gst_clear_caps (&self->caps);
  self->sent_stream_start = FALSE;
  self->have_segment = FALSE;
  self->segment_pending = TRUE;
  gst_segment_init (&self->segment, GST_FORMAT_TIME);
  self->discont = FALSE;
  self->resynced = FALSE;
  self->eos_sent = FALSE;
  GST_OBJECT_LOCK (self);
  self->frames = self->frames_missing = self->frames_corrupt = 0;
  self->bytes_skipped = 0;
  self->last_seq = -1;
  self->seq_known = FALSE;
  self->reader.max_payload = self->max_frame_size;
  GST_OBJECT_UNLOCK (self);
}

static GstStateChangeReturn
gst_sl_depay_change_state (GstElement *element, GstStateChange transition)
{
  GstSlDepay *self = GST_SL_DEPAY (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED)
    reset (self);
  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    sl_wire_reader_reset (&self->reader);
    gst_clear_caps (&self->caps);
  }
  return ret;
}

static void
ensure_stream_start (GstSlDepay *self)
{
  gchar *id;

  if (self->sent_stream_start)
    return;
  id = gst_pad_create_stream_id (self->srcpad, GST_ELEMENT (self), NULL);
  gst_pad_push_event (self->srcpad, gst_event_new_stream_start (id));
  g_free (id);
  self->sent_stream_start = TRUE;
}

/* Sends the pending segment once caps are out (sticky event order). */
static void
send_segment (GstSlDepay *self)
{
  if (!self->segment_pending || self->caps == NULL)
    return;
  self->segment_pending = FALSE;
  gst_pad_push_event (self->srcpad, gst_event_new_segment (&self->segment));
}

static void
sync_counters (GstSlDepay *self)
{
  GST_OBJECT_LOCK (self);
  self->frames_corrupt = self->reader.frames_corrupt;
  self->bytes_skipped = self->reader.bytes_skipped;
  GST_OBJECT_UNLOCK (self);
}

/* Reports the reader's problem; FALSE when the stream must stop. */
static gboolean
report_corrupt (GstSlDepay *self, gboolean resync)
{
  SlWireReader *r = &self->reader;

  gchar offset[24];

  g_snprintf (offset, sizeof (offset), "%" G_GUINT64_FORMAT, r->problem_offset);
  sync_counters (self);
  if (!resync) {
    GST_ELEMENT_ERROR_WITH_DETAILS (self, STREAM, DECODE,
        (_ ("Corrupt frame stream at byte offset %s: %s."), offset,
            _ (r->problem)),
        ("%s", r->problem_detail),
        ("offset", G_TYPE_UINT64, r->problem_offset, "problem", G_TYPE_STRING,
            r->problem, NULL));
    return FALSE;
  }
  GST_ELEMENT_WARNING_WITH_DETAILS (self, STREAM, DECODE,
      (_ ("Corrupt frame stream at byte offset %s: %s; skipping to the "
          "next frame."),
          offset, _ (r->problem)),
      ("%s", r->problem_detail),
      ("offset", G_TYPE_UINT64, r->problem_offset, "problem", G_TYPE_STRING,
          r->problem, NULL));
  self->resynced = TRUE;
  return TRUE;
}

static GstFlowReturn
push_frame (GstSlDepay *self, GstBuffer *buf)
{
  guint64 seq;
  gboolean has_seq = gst_sl_buffer_get_seq (buf, &seq);

  ensure_stream_start (self);
  send_segment (self);

  GST_OBJECT_LOCK (self);
  if (has_seq) {
    if (self->seq_known && seq > (guint64) self->last_seq + 1) {
      self->frames_missing += seq - (guint64) self->last_seq - 1;
      self->discont = TRUE;
    }
    self->last_seq = (gint64) MIN (seq, (guint64) G_MAXINT64);
  }
  /* after a resync, DISCONT only if a frame may be missing */
  if (self->resynced && !(has_seq && self->seq_known))
    self->discont = TRUE;
  self->resynced = FALSE;
  self->seq_known = has_seq;
  self->frames++;
  GST_OBJECT_UNLOCK (self);

  if (self->discont) {
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
    self->discont = FALSE;
  }
  return gst_pad_push (self->srcpad, buf);
}

/* Reads every complete packet. */
static GstFlowReturn
drain (GstSlDepay *self)
{
  SlWireReader *r = &self->reader;
  GstFlowReturn ret = GST_FLOW_OK;
  gboolean resync;

  GST_OBJECT_LOCK (self);
  resync = self->on_corrupt == GST_SL_DEPAY_ON_CORRUPT_RESYNC;
  GST_OBJECT_UNLOCK (self);
  r->resync = resync;

  while (ret == GST_FLOW_OK) {
    SlWireRead what = sl_wire_reader_next (r);

    switch (what) {
      case SL_WIRE_READ_NEED_DATA:
        sync_counters (self);
        return GST_FLOW_OK;
      case SL_WIRE_READ_CAPS:
        ensure_stream_start (self);
        if (self->caps == NULL ||
            !gst_caps_is_equal (self->caps, r->out_caps)) {
          GST_DEBUG_OBJECT (self, "caps %" GST_PTR_FORMAT, r->out_caps);
          gst_caps_replace (&self->caps, r->out_caps);
          if (!gst_pad_push_event (self->srcpad,
                  gst_event_new_caps (self->caps))) {
            GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
                (_ ("Could not negotiate a format.")),
                ("downstream refused %" GST_PTR_FORMAT, self->caps));
            return GST_FLOW_NOT_NEGOTIATED;
          }
        }
        break;
      case SL_WIRE_READ_TAGS: {
        GstTagList *tags = gst_tag_list_new_empty ();

        gst_tag_list_set_scope (tags, GST_TAG_SCOPE_STREAM);
        gst_sl_tag_list_add_channel_names (tags, GST_TAG_MERGE_APPEND,
            (const gchar *const *) r->out_names);
        ensure_stream_start (self);
        send_segment (self);
        gst_pad_push_event (self->srcpad, gst_event_new_tag (tags));
        break;
      }
      case SL_WIRE_READ_SEGMENT:
        if (!self->have_segment ||
            !gst_segment_is_equal (&self->segment, &r->out_segment)) {
          self->segment = r->out_segment;
          self->have_segment = TRUE;
          self->segment_pending = TRUE;
        }
        send_segment (self);
        break;
      case SL_WIRE_READ_FRAME: {
        GstBuffer *buf = r->out_frame;

        r->out_frame = NULL;
        ret = push_frame (self, buf);
        break;
      }
      case SL_WIRE_READ_EOS:
        GST_DEBUG_OBJECT (self, "end-of-stream packet");
        sync_counters (self);
        ensure_stream_start (self);
        if (!self->eos_sent) {
          self->eos_sent = TRUE;
          gst_pad_push_event (self->srcpad, gst_event_new_eos ());
        }
        return GST_FLOW_EOS;
      case SL_WIRE_READ_CORRUPT:
        if (!report_corrupt (self, resync))
          return GST_FLOW_ERROR;
        break;
    }
  }
  sync_counters (self);
  return ret;
}

static GstFlowReturn
gst_sl_depay_chain (GstPad *pad, GstObject *parent, GstBuffer *buf)
{
  GstSlDepay *self = GST_SL_DEPAY (parent);

  if (self->eos_sent) {
    gst_buffer_unref (buf);
    return GST_FLOW_EOS;
  }
  sl_wire_reader_push (&self->reader, buf);
  return drain (self);
}

static gboolean
gst_sl_depay_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstSlDepay *self = GST_SL_DEPAY (parent);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_STREAM_START:
    case GST_EVENT_CAPS:
    case GST_EVENT_SEGMENT:
    case GST_EVENT_TAG:
      /* about the bytes; the frames' own come from the stream */
      gst_event_unref (event);
      return TRUE;
    case GST_EVENT_FLUSH_STOP:
      gst_adapter_clear (self->reader.adapter);
      self->reader.in_sync = FALSE; /* find the next packet start */
      self->discont = TRUE;
      self->eos_sent = FALSE;
      return gst_pad_event_default (pad, parent, event);
    case GST_EVENT_EOS: {
      GstFlowReturn ret;

      if (self->eos_sent) {
        gst_event_unref (event);
        return TRUE;
      }
      sl_wire_reader_set_eos (&self->reader);
      ret = drain (self);
      if (ret == GST_FLOW_ERROR) {
        gst_event_unref (event);
        return FALSE;
      }
      if (self->eos_sent) {
        gst_event_unref (event);
        return TRUE;
      }
      ensure_stream_start (self);
      self->eos_sent = TRUE;
      return gst_pad_push_event (self->srcpad, event);
    }
    default:
      return gst_pad_event_default (pad, parent, event);
  }
}
