/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slframer
 * @title: slframer
 * @see_also: slpay, sldepay, slsinesrc
 *
 * Makes DataFrames out of any raw audio stream (a WAV file, a sound card, an
 * `appsrc`, `audiotestsrc`, a network source): every buffer it pushes carries
 * the `SlDataFrameMeta` with a `seq` contiguous from 0, optional `metadata`,
 * and the stream carries the `sl-channel-names` tag when `channel-names` is
 * set. It takes F64LE and F32LE samples, interleaved or not; put
 * `audioconvert` in front of integer sources:
 * `alsasrc ! audioconvert ! audio/x-raw,format=F64LE ! slframer`.
 *
 * ## Framing
 * With `samplesperbuffer=0` (the default) each input buffer becomes one frame
 * and no sample is copied: the meta goes on a writable shallow copy of the
 * buffer. With `samplesperbuffer=N` every frame holds exactly N samples per
 * channel (per plane for non-interleaved audio), taken in order from the
 * input, copied once into buffers of a pool (no allocation per frame once the
 * pool is warm); input already framed by N passes without a copy.
 *
 * Timestamps follow the sample count, not the input's timestamps: within a
 * run, the frame starting at sample k of the run has
 * PTS = run start + k / rate (rounded down to the ns), its duration ends at
 * the next frame's PTS, and offset / offset-end are sample positions
 * (offset = run start × rate, rounded, + k), so nothing drifts. A run begins
 * at the first buffer, after a flush, and at an input buffer flagged DISCONT
 * or whose PTS is more than half a sample away from where the run has got
 * to (a timestamp gap): that buffer's PTS becomes the run's start, the first
 * frame of the run is flagged DISCONT, and `discontinuities` counts it. Input
 * buffers without a PTS continue the run.
 *
 * A frame is shorter than N only when its run ends before it is full: at a
 * discontinuity, a caps or segment change, and at EOS, where the samples
 * left are pushed as a last, shorter frame (nothing is dropped);
 * `partial-frames` counts those frames. A frame is flagged GAP when all of
 * its input was.
 *
 * ## DataFrame meta
 * `seq-mode=restamp` (the default) numbers the frames from 0 when the element
 * starts; `seq-mode=keep` keeps the seq of an input frame that passes whole
 * and numbers the others from the last seq kept. `metadata` (string fields,
 * changeable while playing) goes on every frame from the next one on.
 *
 * An application adds metadata to a single frame by sending the serialized
 * custom downstream event `sl-frame-metadata` (any structure of string
 * fields) into the stream before the frame's samples: its fields are added
 * to the metadata of the next frame slframer pushes, over `metadata`'s. From
 * Python: `appsrc.send_event (Gst.Event.new_custom (Gst.EventType.CUSTOM_DOWNSTREAM, Gst.Structure.new_from_string ("sl-frame-metadata, trial=(string)3")))`
 * then `appsrc.push_buffer (...)`.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 audiotestsrc num-buffers=4 samplesperbuffer=100 ! audio/x-raw,format=F64LE,channels=2 ! slframer samplesperbuffer=256 channel-names="<\"l\", \"r\">" metadata="m,source=test" ! slprint max-samples=1
 * ]| 100-sample buffers re-framed into 256-sample DataFrames with seq, the last one shorter.
 * |[
 * gst-launch-1.0 audiotestsrc num-buffers=3 ! audioconvert ! audio/x-raw,format=F32LE,layout=interleaved ! slframer ! slprint max-samples=2
 * ]| The upstream framing kept, DataFrame meta added without a copy.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/audio/audio.h>

#include <gst/streamlab/gstslmessages.h>
#include "gstslframer.h"
#include "gstsldataframe.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_framer_debug);
#define GST_CAT_DEFAULT sl_framer_debug

#define DEFAULT_SAMPLES_PER_BUFFER 0
#define DEFAULT_SEQ_MODE GST_SL_FRAMER_SEQ_MODE_RESTAMP

enum
{
  PROP_0,
  PROP_SAMPLES_PER_BUFFER,
  PROP_SEQ_MODE,
  PROP_METADATA,
  PROP_CHANNEL_NAMES,
  PROP_FRAMES,
  PROP_DISCONTINUITIES,
  PROP_PARTIAL_FRAMES,
};

struct _GstSlFramer
{
  GstElement parent;

  GstPad *sinkpad;
  GstPad *srcpad;

  /* properties, under the object lock */
  guint samples_per_buffer;
  GstSlFramerSeqMode seq_mode;
  GstStructure *metadata;
  gboolean metadata_dirty;
  gchar **channel_names;
  guint64 frames;
  guint64 discontinuities;
  guint64 partial_frames;

  /* streaming state */
  GstAudioInfo info;
  gboolean negotiated;
  guint spb; /* samplesperbuffer, taken at start */
  GstBufferPool *pool;
  GstBuffer *cur;   /* frame being filled (re-framing) */
  guint filled;     /* samples in @cur */
  gboolean cur_gap; /* all of @cur's input was GAP */

  gboolean have_run;
  GstClockTime run_pts;
  guint64 run_offset;
  guint64 run_samples; /* samples of the run in frames pushed or in
                                 * @cur */
  guint64 run_pushed;  /* samples of the run in frames pushed */
  gboolean next_discont;

  guint64 next_seq;
  GstStructure *frame_md;  /* snapshot of `metadata` */
  GstStructure *event_md;  /* from sl-frame-metadata, for the next
                                 * frame */
  GstStructure *merged_md; /* scratch: frame_md + event_md */
  gboolean tags_pending;
  GstSegment segment;
};

static GstStaticPadTemplate sink_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("sink", GST_PAD_SINK);
static GstStaticPadTemplate src_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("src", GST_PAD_SRC);

#define gst_sl_framer_parent_class parent_class
G_DEFINE_TYPE (GstSlFramer, gst_sl_framer, GST_TYPE_ELEMENT);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slframer, "slframer", GST_RANK_NONE,
    GST_TYPE_SL_FRAMER, sl_element_init (plugin));

GType
gst_sl_framer_seq_mode_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_FRAMER_SEQ_MODE_RESTAMP, "Number the frames from 0", "restamp" },
    { GST_SL_FRAMER_SEQ_MODE_KEEP,
        "Keep the seq of input frames that pass whole", "keep" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlFramerSeqMode", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

static void gst_sl_framer_finalize (GObject *object);
static void gst_sl_framer_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_framer_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static GstStateChangeReturn gst_sl_framer_change_state (GstElement *element,
    GstStateChange transition);
static GstFlowReturn gst_sl_framer_chain (GstPad *pad, GstObject *parent,
    GstBuffer *buf);
static gboolean gst_sl_framer_sink_event (GstPad *pad, GstObject *parent,
    GstEvent *event);
static gboolean gst_sl_framer_src_query (GstPad *pad, GstObject *parent,
    GstQuery *query);

static void
gst_sl_framer_class_init (GstSlFramerClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_sl_framer_set_property;
  gobject_class->get_property = gst_sl_framer_get_property;
  gobject_class->finalize = gst_sl_framer_finalize;

  g_object_class_install_property (gobject_class, PROP_SAMPLES_PER_BUFFER,
      g_param_spec_uint ("samplesperbuffer", "Samples per buffer",
          "Samples per channel in each frame; 0 keeps the input's framing", 0,
          G_MAXINT / 64, DEFAULT_SAMPLES_PER_BUFFER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_SEQ_MODE,
      g_param_spec_enum ("seq-mode", "Seq mode",
          "Number the frames from 0, or keep the seq of input frames that "
          "pass whole",
          GST_TYPE_SL_FRAMER_SEQ_MODE, DEFAULT_SEQ_MODE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_METADATA,
      g_param_spec_boxed ("metadata", "Metadata",
          "String fields attached to every frame's DataFrame metadata from "
          "the next frame on (e.g. metadata=\"meta,sensor=a1,unit=V\")",
          GST_TYPE_STRUCTURE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_CHANNEL_NAMES,
      gst_param_spec_array ("channel-names", "Channel names",
          "Names of the channels, one per channel, sent downstream in the "
          "'sl-channel-names' stream tag (e.g. channel-names=\"<\\\"x\\\", "
          "\\\"y\\\">\")",
          g_param_spec_string ("channel-name", "Channel name",
              "Name of one channel", NULL,
              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS),
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_FRAMES,
      sl_param_spec_counter ("frames", "Frames", "Frames pushed"));
  g_object_class_install_property (gobject_class, PROP_DISCONTINUITIES,
      sl_param_spec_counter ("discontinuities", "Discontinuities",
          "Runs started by an input DISCONT or timestamp gap"));
  g_object_class_install_property (gobject_class, PROP_PARTIAL_FRAMES,
      sl_param_spec_counter ("partial-frames", "Partial frames",
          "Frames shorter than samplesperbuffer (end of a run, EOS)"));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "StreamLab framer",
      "Filter/Audio",
      "Makes DataFrames of any raw audio: re-frames to a fixed number of "
      "samples, timestamps from the sample count, seq, metadata and channel "
      "names",
      "gst-streamlab developers");

  element_class->change_state = GST_DEBUG_FUNCPTR (gst_sl_framer_change_state);

  gst_type_mark_as_plugin_api (GST_TYPE_SL_FRAMER_SEQ_MODE, 0);
  GST_DEBUG_CATEGORY_INIT (sl_framer_debug, "slframer", 0, "StreamLab framer");
}

static void
gst_sl_framer_init (GstSlFramer *self)
{
  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_framer_chain));
  gst_pad_set_event_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_framer_sink_event));
  GST_PAD_SET_PROXY_CAPS (self->sinkpad);
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_set_query_function (self->srcpad,
      GST_DEBUG_FUNCPTR (gst_sl_framer_src_query));
  GST_PAD_SET_PROXY_CAPS (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);

  self->samples_per_buffer = DEFAULT_SAMPLES_PER_BUFFER;
  self->seq_mode = DEFAULT_SEQ_MODE;
  gst_audio_info_init (&self->info);
  gst_segment_init (&self->segment, GST_FORMAT_TIME);
}

static void
gst_sl_framer_finalize (GObject *object)
{
  GstSlFramer *self = GST_SL_FRAMER (object);

  g_clear_pointer (&self->metadata, gst_structure_free);
  g_clear_pointer (&self->frame_md, gst_structure_free);
  g_clear_pointer (&self->event_md, gst_structure_free);
  g_clear_pointer (&self->merged_md, gst_structure_free);
  g_strfreev (self->channel_names);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static gboolean
copy_field (GQuark field, const GValue *value, gpointer user_data)
{
  gst_structure_id_set_value ((GstStructure *) user_data, field, value);
  return TRUE;
}

static void
gst_sl_framer_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstSlFramer *self = GST_SL_FRAMER (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_SAMPLES_PER_BUFFER:
      self->samples_per_buffer = g_value_get_uint (value);
      break;
    case PROP_SEQ_MODE:
      self->seq_mode = g_value_get_enum (value);
      break;
    case PROP_METADATA:
      g_clear_pointer (&self->metadata, gst_structure_free);
      self->metadata =
          sl_metadata_from_structure (gst_value_get_structure (value));
      self->metadata_dirty = TRUE;
      break;
    case PROP_CHANNEL_NAMES:
      g_strfreev (self->channel_names);
      self->channel_names = sl_value_array_to_strv (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_framer_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlFramer *self = GST_SL_FRAMER (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_SAMPLES_PER_BUFFER:
      g_value_set_uint (value, self->samples_per_buffer);
      break;
    case PROP_SEQ_MODE:
      g_value_set_enum (value, self->seq_mode);
      break;
    case PROP_METADATA:
      gst_value_set_structure (value, self->metadata);
      break;
    case PROP_CHANNEL_NAMES:
      sl_value_array_from_strv (value,
          (const gchar *const *) self->channel_names);
      break;
    case PROP_FRAMES:
      g_value_set_uint64 (value, self->frames);
      break;
    case PROP_DISCONTINUITIES:
      g_value_set_uint64 (value, self->discontinuities);
      break;
    case PROP_PARTIAL_FRAMES:
      g_value_set_uint64 (value, self->partial_frames);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
drop_pool (GstSlFramer *self)
{
  gst_clear_buffer (&self->cur);
  if (self->pool) {
    gst_buffer_pool_set_active (self->pool, FALSE);
    gst_clear_object (&self->pool);
  }
}

static void
reset_run (GstSlFramer *self)
{
  gst_clear_buffer (&self->cur);
  self->filled = 0;
  self->have_run = FALSE;
  self->run_samples = self->run_pushed = 0;
}

static GstStateChangeReturn
gst_sl_framer_change_state (GstElement *element, GstStateChange transition)
{
  GstSlFramer *self = GST_SL_FRAMER (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    GST_OBJECT_LOCK (self);
    self->spb = self->samples_per_buffer;
    self->frames = self->discontinuities = self->partial_frames = 0;
    self->metadata_dirty = TRUE;
    GST_OBJECT_UNLOCK (self);
    self->negotiated = FALSE;
    self->next_seq = 0;
    self->tags_pending = TRUE;
    reset_run (self);
    gst_segment_init (&self->segment, GST_FORMAT_TIME);
  }
  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    reset_run (self);
    drop_pool (self);
    g_clear_pointer (&self->event_md, gst_structure_free);
    g_clear_pointer (&self->frame_md, gst_structure_free);
    self->negotiated = FALSE;
  }
  return ret;
}

static void
push_tags (GstSlFramer *self)
{
  GstTagList *tags = NULL;

  self->tags_pending = FALSE;
  GST_OBJECT_LOCK (self);
  if (self->channel_names) {
    tags = gst_tag_list_new_empty ();
    gst_tag_list_set_scope (tags, GST_TAG_SCOPE_STREAM);
    gst_sl_tag_list_add_channel_names (tags, GST_TAG_MERGE_APPEND,
        (const gchar *const *) self->channel_names);
  }
  GST_OBJECT_UNLOCK (self);
  if (tags)
    gst_pad_push_event (self->srcpad, gst_event_new_tag (tags));
}

/* The metadata for the frame about to be pushed: `metadata`'s snapshot,
 * with the fields of pending sl-frame-metadata events over it. */
static const GstStructure *
frame_metadata (GstSlFramer *self)
{
  GST_OBJECT_LOCK (self);
  if (self->metadata_dirty) {
    self->metadata_dirty = FALSE;
    g_clear_pointer (&self->frame_md, gst_structure_free);
    if (self->metadata)
      self->frame_md = gst_structure_copy (self->metadata);
  }
  GST_OBJECT_UNLOCK (self);

  if (self->event_md == NULL)
    return self->frame_md;
  g_clear_pointer (&self->merged_md, gst_structure_free);
  if (self->frame_md) {
    self->merged_md = gst_structure_copy (self->frame_md);
    gst_structure_set_name (self->merged_md, "metadata");
    gst_structure_foreach (self->event_md, copy_field, self->merged_md);
  } else {
    self->merged_md = gst_structure_copy (self->event_md);
  }
  g_clear_pointer (&self->event_md, gst_structure_free);
  return self->merged_md;
}

/* Timestamps, offsets, flags and the DataFrame meta of the frame holding
 * samples [k, k + n) of the run. */
static void
stamp (GstSlFramer *self, GstBuffer *buf, guint64 k, guint n, gboolean pooled,
    gboolean passed_whole)
{
  gint rate = GST_AUDIO_INFO_RATE (&self->info);
  GstClockTime start, end;
  guint64 seq;
  GstSlFramerSeqMode mode;

  start = gst_util_uint64_scale_int (k, GST_SECOND, rate);
  end = gst_util_uint64_scale_int (k + n, GST_SECOND, rate);
  GST_BUFFER_PTS (buf) = self->run_pts + start;
  GST_BUFFER_DTS (buf) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (buf) = end - start;
  GST_BUFFER_OFFSET (buf) = self->run_offset + k;
  GST_BUFFER_OFFSET_END (buf) = self->run_offset + k + n;
  if (self->next_discont) {
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
    self->next_discont = FALSE;
  } else {
    GST_BUFFER_FLAG_UNSET (buf, GST_BUFFER_FLAG_DISCONT);
  }

  GST_OBJECT_LOCK (self);
  mode = self->seq_mode;
  GST_OBJECT_UNLOCK (self);
  if (mode == GST_SL_FRAMER_SEQ_MODE_KEEP && passed_whole &&
      gst_sl_buffer_get_seq (buf, &seq)) {
    self->next_seq = seq + 1;
  } else {
    gst_sl_buffer_ensure_data_frame_meta (buf, pooled);
    gst_sl_buffer_set_seq (buf, self->next_seq++);
  }
  {
    const GstStructure *md = frame_metadata (self);

    /* input passing whole keeps its own metadata when there is none to set */
    if (md || pooled)
      gst_sl_buffer_replace_metadata (buf, md);
  }
}

static GstFlowReturn
push_frame (GstSlFramer *self, GstBuffer *buf, gboolean partial)
{
  if (G_UNLIKELY (self->tags_pending))
    push_tags (self);
  GST_OBJECT_LOCK (self);
  self->frames++;
  if (partial)
    self->partial_frames++;
  GST_OBJECT_UNLOCK (self);
  return gst_pad_push (self->srcpad, buf);
}

/* Pushes the frame being filled, shorter than samplesperbuffer if it is not
 * full. */
static GstFlowReturn
finish_frame (GstSlFramer *self)
{
  GstBuffer *buf = self->cur;
  guint n = self->filled;
  gboolean partial = n < self->spb;

  self->cur = NULL;
  self->filled = 0;
  if (buf == NULL)
    return GST_FLOW_OK;
  if (n == 0) {
    gst_buffer_unref (buf);
    return GST_FLOW_OK;
  }

  if (partial) {
    gsize bpf = GST_AUDIO_INFO_BPF (&self->info);

    if (GST_AUDIO_INFO_LAYOUT (&self->info) ==
        GST_AUDIO_LAYOUT_NON_INTERLEAVED) {
      gint c, channels = GST_AUDIO_INFO_CHANNELS (&self->info);
      gsize bps = GST_AUDIO_INFO_BPS (&self->info);
      GstAudioMeta *ameta;
      GstMapInfo map;

      /* planes made contiguous, so that the frame is like any other */
      gst_buffer_map (buf, &map, GST_MAP_READWRITE);
      for (c = 1; c < channels; c++)
        memmove (map.data + c * n * bps, map.data + c * self->spb * bps,
            n * bps);
      gst_buffer_unmap (buf, &map);
      ameta = gst_buffer_get_audio_meta (buf);
      if (ameta)
        gst_buffer_remove_meta (buf, (GstMeta *) ameta);
      gst_buffer_set_size (buf, n * bpf);
      gst_buffer_add_audio_meta (buf, &self->info, n, NULL);
    } else {
      gst_buffer_set_size (buf, n * bpf);
    }
  }
  if (self->cur_gap)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_GAP);
  else
    GST_BUFFER_FLAG_UNSET (buf, GST_BUFFER_FLAG_GAP);
  stamp (self, buf, self->run_pushed, n, TRUE, FALSE);
  self->run_pushed += n;
  return push_frame (self, buf, partial);
}

static GstFlowReturn
acquire (GstSlFramer *self)
{
  GstFlowReturn ret;
  GstBuffer *buf = NULL;

  if (self->pool == NULL) {
    GstStructure *config;
    GstCaps *caps = gst_audio_info_to_caps (&self->info);

    self->pool = gst_buffer_pool_new ();
    config = gst_buffer_pool_get_config (self->pool);
    gst_buffer_pool_config_set_params (config, caps,
        self->spb * GST_AUDIO_INFO_BPF (&self->info), 2, 0);
    gst_buffer_pool_set_config (self->pool, config);
    gst_caps_unref (caps);
    if (!gst_buffer_pool_set_active (self->pool, TRUE))
      return GST_FLOW_ERROR;
  }
  ret = gst_buffer_pool_acquire_buffer (self->pool, &buf, NULL);
  if (ret != GST_FLOW_OK)
    return ret;

  if (GST_AUDIO_INFO_LAYOUT (&self->info) == GST_AUDIO_LAYOUT_NON_INTERLEAVED) {
    GstAudioMeta *ameta = gst_buffer_get_audio_meta (buf);

    /* pooled buffers keep their audio meta in steady state */
    if (ameta &&
        (ameta->samples != self->spb ||
            !gst_audio_info_is_equal (&ameta->info, &self->info))) {
      gst_buffer_remove_meta (buf, (GstMeta *) ameta);
      ameta = NULL;
    }
    if (ameta == NULL) {
      ameta = gst_buffer_add_audio_meta (buf, &self->info, self->spb, NULL);
      GST_META_FLAG_SET ((GstMeta *) ameta, GST_META_FLAG_POOLED);
    }
  }
  self->cur = buf;
  self->filled = 0;
  self->cur_gap = TRUE;
  return GST_FLOW_OK;
}

/* Copies @n samples from @in (position @pos) into the current frame. */
static void
copy_samples (GstSlFramer *self, GstAudioBuffer *in, guint pos, guint n)
{
  const GstAudioInfo *info = &self->info;
  gsize bps = GST_AUDIO_INFO_BPS (info), bpf = GST_AUDIO_INFO_BPF (info);
  GstMapInfo map;

  gst_buffer_map (self->cur, &map, GST_MAP_WRITE);
  if (GST_AUDIO_INFO_LAYOUT (info) == GST_AUDIO_LAYOUT_NON_INTERLEAVED) {
    gint c, channels = GST_AUDIO_INFO_CHANNELS (info);

    for (c = 0; c < channels; c++)
      memcpy (map.data + (c * (gsize) self->spb + self->filled) * bps,
          (const guint8 *) in->planes[c] + pos * bps, n * bps);
  } else {
    memcpy (map.data + self->filled * bpf,
        (const guint8 *) in->planes[0] + pos * bpf, n * bpf);
  }
  gst_buffer_unmap (self->cur, &map);
  self->filled += n;
}

static GstFlowReturn
gst_sl_framer_chain (GstPad *pad, GstObject *parent, GstBuffer *buf)
{
  GstSlFramer *self = GST_SL_FRAMER (parent);
  gint rate = GST_AUDIO_INFO_RATE (&self->info);
  gsize bpf = GST_AUDIO_INFO_BPF (&self->info);
  GstAudioMeta *ameta;
  GstClockTime pts = GST_BUFFER_PTS (buf);
  GstFlowReturn ret = GST_FLOW_OK;
  gboolean gap = GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP);
  gsize n;

  if (G_UNLIKELY (!self->negotiated))
    goto not_negotiated;

  ameta = gst_buffer_get_audio_meta (buf);
  if (ameta)
    n = ameta->samples;
  else if (gst_buffer_get_size (buf) % bpf == 0)
    n = gst_buffer_get_size (buf) / bpf;
  else
    goto not_whole;
  if (n == 0) {
    gst_buffer_unref (buf);
    return GST_FLOW_OK;
  }

  /* where the run has got to, against where the input says it is */
  if (self->have_run) {
    gboolean discont = GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DISCONT);

    if (!discont && GST_CLOCK_TIME_IS_VALID (pts)) {
      GstClockTime expected = self->run_pts +
          gst_util_uint64_scale_int (self->run_samples, GST_SECOND, rate);
      GstClockTime half = GST_SECOND / (2 * (guint64) rate);
      GstClockTimeDiff diff = GST_CLOCK_DIFF (expected, pts);

      discont = ABS (diff) > (GstClockTimeDiff) half;
      if (discont)
        GST_DEBUG_OBJECT (self, "timestamp gap: %" GST_STIME_FORMAT,
            GST_STIME_ARGS (diff));
    }
    if (discont) {
      ret = finish_frame (self);
      GST_OBJECT_LOCK (self);
      self->discontinuities++;
      GST_OBJECT_UNLOCK (self);
      self->have_run = FALSE;
      if (ret != GST_FLOW_OK) {
        gst_buffer_unref (buf);
        return ret;
      }
    }
  }
  if (!self->have_run) {
    GstClockTime start = GST_CLOCK_TIME_IS_VALID (pts) ? pts
                                                       : self->run_pts +
            gst_util_uint64_scale_int (self->run_samples, GST_SECOND, rate);

    if (!GST_CLOCK_TIME_IS_VALID (start))
      start = 0;
    self->run_pts = start;
    self->run_offset =
        gst_util_uint64_scale_int_round (start, rate, GST_SECOND);
    self->run_samples = self->run_pushed = 0;
    self->have_run = TRUE;
    self->next_discont = TRUE;
  }

  /* the input's framing is the output's: no copy */
  if (self->spb == 0 ||
      (self->filled == 0 && self->cur == NULL && n == self->spb)) {
    guint64 k = self->run_pushed;

    buf = gst_buffer_make_writable (buf);
    self->run_samples += n;
    self->run_pushed += n;
    stamp (self, buf, k, n, FALSE, TRUE);
    return push_frame (self, buf, FALSE);
  }

  {
    GstAudioBuffer abuf;
    guint pos = 0;

    if (!gst_audio_buffer_map (&abuf, &self->info, buf, GST_MAP_READ))
      goto map_failed;
    while (pos < n && ret == GST_FLOW_OK) {
      guint take;

      if (self->cur == NULL && (ret = acquire (self)) != GST_FLOW_OK)
        break;
      take = MIN (n - pos, self->spb - self->filled);
      copy_samples (self, &abuf, pos, take);
      self->cur_gap = self->cur_gap && gap;
      self->run_samples += take;
      pos += take;
      if (self->filled == self->spb)
        ret = finish_frame (self);
    }
    gst_audio_buffer_unmap (&abuf);
  }
  gst_buffer_unref (buf);
  return ret;

not_negotiated : {
  gst_buffer_unref (buf);
  GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
      (_ ("Could not negotiate a format.")), ("a frame before any caps"));
  return GST_FLOW_NOT_NEGOTIATED;
}
not_whole : {
  GST_ELEMENT_ERROR (self, STREAM, FORMAT, (_ ("Could not read a frame.")),
      ("%" G_GSIZE_FORMAT " bytes are not a whole number of samples",
          gst_buffer_get_size (buf)));
  gst_buffer_unref (buf);
  return GST_FLOW_ERROR;
}
map_failed : {
  SL_ELEMENT_ERROR_UNMAPPED (self, buf);
  gst_buffer_unref (buf);
  return GST_FLOW_ERROR;
}
}

static gboolean
set_caps (GstSlFramer *self, GstCaps *caps)
{
  GstAudioInfo info;
  guint names = 0;

  if (!gst_audio_info_from_caps (&info, caps))
    goto bad_caps;
  GST_OBJECT_LOCK (self);
  if (self->channel_names)
    names = g_strv_length (self->channel_names);
  GST_OBJECT_UNLOCK (self);
  if (names > 0 && names != (guint) GST_AUDIO_INFO_CHANNELS (&info))
    goto bad_names;

  if (self->negotiated && !gst_audio_info_is_equal (&info, &self->info)) {
    /* the frame being filled ends with the old format */
    finish_frame (self);
    drop_pool (self);
  }
  self->info = info;
  self->negotiated = TRUE;
  return TRUE;

bad_caps : {
  GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
      (_ ("Could not negotiate a format.")),
      ("invalid caps %" GST_PTR_FORMAT, caps));
  return FALSE;
}
bad_names : {
  SL_ELEMENT_ERROR_PROPERTY (self, "channel-names",
      ("%u channel names for %d channels", names,
          GST_AUDIO_INFO_CHANNELS (&info)));
  return FALSE;
}
}

static gboolean
gst_sl_framer_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstSlFramer *self = GST_SL_FRAMER (parent);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS: {
      GstCaps *caps;

      gst_event_parse_caps (event, &caps);
      if (!set_caps (self, caps)) {
        gst_event_unref (event);
        return FALSE;
      }
      break;
    }
    case GST_EVENT_SEGMENT:
      finish_frame (self);
      gst_event_copy_segment (event, &self->segment);
      self->have_run = FALSE;
      break;
    case GST_EVENT_EOS:
      finish_frame (self);
      break;
    case GST_EVENT_FLUSH_STOP:
      reset_run (self);
      break;
    case GST_EVENT_TAG: {
      GstTagList *tags;
      gboolean have_names;

      GST_OBJECT_LOCK (self);
      have_names = self->channel_names != NULL;
      GST_OBJECT_UNLOCK (self);
      gst_event_parse_tag (event, &tags);
      /* our names win over upstream's */
      if (have_names && gst_tag_list_get_scope (tags) == GST_TAG_SCOPE_STREAM &&
          gst_tag_list_get_tag_size (tags, GST_SL_TAG_CHANNEL_NAMES) > 0) {
        tags = gst_tag_list_copy (tags);
        gst_tag_list_remove_tag (tags, GST_SL_TAG_CHANNEL_NAMES);
        gst_event_unref (event);
        if (gst_tag_list_is_empty (tags)) {
          gst_tag_list_unref (tags);
          return TRUE;
        }
        event = gst_event_new_tag (tags);
      }
      break;
    }
    case GST_EVENT_CUSTOM_DOWNSTREAM: {
      const GstStructure *s = gst_event_get_structure (event);

      if (s && gst_structure_has_name (s, GST_SL_FRAME_METADATA_EVENT)) {
        if (self->event_md == NULL)
          self->event_md = gst_structure_new_empty ("metadata");
        gst_structure_foreach (s, copy_field, self->event_md);
        sl_metadata_stringify (self->event_md);
        gst_event_unref (event);
        return TRUE;
      }
      break;
    }
    default:
      break;
  }
  return gst_pad_event_default (pad, parent, event);
}

static gboolean
gst_sl_framer_src_query (GstPad *pad, GstObject *parent, GstQuery *query)
{
  GstSlFramer *self = GST_SL_FRAMER (parent);

  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY) {
    gboolean live;
    GstClockTime min, max, add = 0;

    if (!gst_pad_peer_query (self->sinkpad, query))
      return FALSE;
    gst_query_parse_latency (query, &live, &min, &max);
    /* a frame leaves when its last sample has arrived */
    if (self->spb > 0 && GST_AUDIO_INFO_RATE (&self->info) > 0)
      add = gst_util_uint64_scale_int (self->spb, GST_SECOND,
          GST_AUDIO_INFO_RATE (&self->info));
    min += add;
    if (GST_CLOCK_TIME_IS_VALID (max))
      max += add;
    gst_query_set_latency (query, live, min, max);
    return TRUE;
  }
  return gst_pad_query_default (pad, parent, query);
}
