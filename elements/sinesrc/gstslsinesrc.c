/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slsinesrc
 * @title: slsinesrc
 *
 * A multi-channel sine source producing DataFrames: `audio/x-raw` buffers in
 * F64LE (default) or F32LE, non-interleaved (default) or interleaved, each
 * carrying the `SlDataFrameMeta` with its sequence id.
 *
 * Sample n of channel c is `amplitude_c * sin (2 pi frequency_c n / rate +
 * phase_c)`. The phase is a function of the sample position, not of the
 * number of buffers produced: it is continuous across buffers, exact after a
 * seek (in TIME or in samples) and continuous across triggers. When a
 * frequency changes while playing, the phase is re-anchored at the first
 * sample of the next buffer, so the waveform has no click; the formula then
 * holds with the new frequency from that sample on.
 *
 * `frequency`, `amplitude` and `phase` apply to every channel and are
 * controllable with GstController; `frequencies`, `amplitudes` and `phases`
 * hold one value per channel and override them. When `frequencies` is set and
 * downstream leaves the channel count open, the source negotiates as many
 * channels as there are frequencies.
 *
 * The ranges are real maxima: frequencies 0 to 1 MHz (each must also be
 * below the Nyquist frequency of the negotiated rate, checked at caps time),
 * amplitudes 0 to 10, phases -2 pi to 2 pi radians. Both GstController
 * bindings work: gst_direct_control_binding_new_absolute() sets the
 * property to the control value itself (values in Hz), and the default
 * relative gst_direct_control_binding_new() maps a control value v in
 * [0, 1] to min + v * (max - min): v * 1e6 Hz for `frequency`, v * 10 for
 * `amplitude`, (4 v - 2) pi for `phase`.
 *
 * A controlled sweep, 100 Hz to 1 kHz over the first second (C):
 * |[
 * GstControlSource *cs = gst_interpolation_control_source_new ();
 * GstTimedValueControlSource *tv = GST_TIMED_VALUE_CONTROL_SOURCE (cs);
 *
 * g_object_set (cs, "mode", GST_INTERPOLATION_MODE_LINEAR, NULL);
 * gst_timed_value_control_source_set (tv, 0, 100.0);
 * gst_timed_value_control_source_set (tv, GST_SECOND, 1000.0);
 * gst_object_add_control_binding (GST_OBJECT (src),
 *     gst_direct_control_binding_new_absolute (GST_OBJECT (src), "frequency",
 *         cs));
 * gst_object_unref (cs);
 * ]|
 * With the relative binding the same sweep is the control values 1e-4 to
 * 1e-3. The source samples the controller once per frame, at the frame's
 * timestamp; the phase stays continuous across the changes.
 *
 * Timestamps come from the sample count: buffer k starts at
 * `k * samplesperbuffer / rate` seconds (plus `timestamp-offset`); the buffer
 * offset and offset-end are sample positions. The sequence id counts frames
 * from 0 since the source started; it continues across seeks and flushes, so a
 * gap in seq always means a lost frame, while the timestamp tells where in the
 * signal a frame lies.
 *
 * Channel names (`channel-names`) are sticky per stream: the source sends
 * them in a stream tag, `sl-channel-names`, with one value per channel in
 * channel order. Applications read them from the TAG message that sinks post
 * on the bus or from the sticky tag event on any pad, with
 * gst_tag_list_get_string_index().
 *
 * The samples are computed by rotating phasors, re-anchored exactly from the
 * sample position every 4096 samples (and at every seek or setting change),
 * so the error stays below 1e-12 whatever the frame size and position. The
 * non-interleaved layout is vectorised across the samples of a plane, the
 * interleaved layout across channels (8 F64 channels are one AVX-512 vector
 * or two AVX2 vectors); the widest vector unit the CPU has is used, chosen
 * at run time (the environment variable `STREAMLAB_SIMD=generic` or
 * `STREAMLAB_SIMD=avx2` forces a narrower one, for tests).
 *
 * Frames too large for a buffer pool (more than 4 GiB, for example
 * `samplesperbuffer=8388609` of 64 F64 channels) are refused with an error
 * naming `samplesperbuffer`.
 *
 * When the source is not live and the next element is `slfilter` or
 * `slfanout`, small frames are pushed several at a time in a buffer list
 * (`frames-per-push`); every frame stays its own buffer with its own seq and
 * timestamps, and the elements' per-push cost is paid once per list.
 *
 * With `mode=triggered` the source is live and emits one frame each time the
 * `trigger` action signal is emitted (triggers that arrive early are counted
 * and served in order); the phase continues from one trigger to the next.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 ! fakesink
 * ]| Stream 100 frames of a 440 Hz mono sine.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=50 frequencies="<440.0, 880.0>" channel-names="<\"left\", \"right\">" ! audio/x-raw,format=F32LE,layout=interleaved ! audioconvert ! wavenc ! filesink location=/tmp/slsinesrc-example.wav
 * ]| Two channels at 440 Hz and 880 Hz written to a WAV file.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=10 samplesperbuffer=4800 frequency=1000 amplitude=0.5 ! audio/x-raw,rate=96000,channels=8 ! fakesink
 * ]| Eight channels at 96 kHz, 50 ms frames.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include <gst/streamlab/gstslmessages.h>
#include "gstslsinesrc.h"
#include "gstslsinekernel.h"
#include "gstsldataframe.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_sine_src_debug);
#define GST_CAT_DEFAULT sl_sine_src_debug

#define SL_2PI 6.283185307179586476925286766559
/* the kernel keeps its state for as many channels as a DataFrame has */
G_STATIC_ASSERT (SL_SINE_MAX_CHANNELS == SL_MAX_CHANNELS);
#define SCRATCH_LEN 1024

/* Property ranges: real maxima, so that a GstController relative binding
 * (control value v in [0, 1] mapped to min + v * (max - min)) is usable. The
 * Nyquist check against the negotiated rate is done at caps time. */
#define MAX_FREQUENCY 1e6
#define MAX_AMPLITUDE 10.0
#define MAX_PHASE (2.0 * G_PI)

#define DEFAULT_FREQUENCY 440.0
#define DEFAULT_AMPLITUDE 1.0
#define DEFAULT_PHASE 0.0
#define DEFAULT_SAMPLES_PER_BUFFER 1024
#define DEFAULT_MODE GST_SL_SINE_SRC_MODE_CONTINUOUS
#define DEFAULT_TIMESTAMP_OFFSET G_GINT64_CONSTANT (0)
#define DEFAULT_IS_LIVE FALSE
#define DEFAULT_FRAMES_PER_PUSH 0
#define MAX_FRAMES_PER_PUSH 64
/* with frames-per-push=0, small frames go out in lists of about this many
 * samples */
#define AUTO_PUSH_SAMPLES 1024
#define AUTO_MAX_FRAMES 32

enum
{
  PROP_0,
  PROP_FREQUENCY,
  PROP_AMPLITUDE,
  PROP_PHASE,
  PROP_FREQUENCIES,
  PROP_AMPLITUDES,
  PROP_PHASES,
  PROP_SAMPLES_PER_BUFFER,
  PROP_CHANNEL_NAMES,
  PROP_METADATA,
  PROP_MODE,
  PROP_TIMESTAMP_OFFSET,
  PROP_IS_LIVE,
  PROP_FRAMES_PER_PUSH,
};

enum
{
  SIGNAL_TRIGGER,
  LAST_SIGNAL
};

static guint gst_sl_sine_src_signals[LAST_SIGNAL] = { 0 };

struct _GstSlSineSrc
{
  GstBaseSrc parent;

  /* properties, under the object lock */
  gdouble frequency;
  gdouble amplitude;
  gdouble phase;
  GArray *frequencies; /* gdouble, empty when unset */
  GArray *amplitudes;
  GArray *phases;
  gint samples_per_buffer;
  gchar **channel_names;
  GstStructure *metadata;
  GstSlSineSrcMode mode;
  gint64 timestamp_offset;
  gboolean is_live; /* as set; triggered mode is always live */
  guint frames_per_push;
  gboolean settings_dirty; /* a per-frame setting changed */

  /* negotiated format, set in set_caps */
  GstAudioInfo info;
  gboolean negotiated;
  SlSineChannel chans[SL_MAX_CHANNELS];
  gdouble scratch[SCRATCH_LEN]; /* a block of one F32 plane, in double */
  SlSineCont cont;              /* where the phasors stopped */

  /* streaming state */
  gint64 next_sample; /* position of the next frame */
  gint64 sample_stop; /* -1 for none */
  guint64 seq;
  gboolean tags_pending;
  gboolean triggered;           /* the mode of the frame being made */
  GstStructure *frame_metadata; /* snapshot of `metadata` for the frames */

  /* triggered mode */
  GMutex trigger_lock;
  GCond trigger_cond;
  guint64 pending_triggers;
  gboolean flushing;
};

static GstStaticPadTemplate src_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("src", GST_PAD_SRC);

#define gst_sl_sine_src_parent_class parent_class
G_DEFINE_TYPE (GstSlSineSrc, gst_sl_sine_src, GST_TYPE_BASE_SRC);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slsinesrc, "slsinesrc", GST_RANK_NONE,
    GST_TYPE_SL_SINE_SRC, sl_element_init (plugin));

GType
gst_sl_sine_src_mode_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_SINE_SRC_MODE_CONTINUOUS, "Stream frames continuously",
        "continuous" },
    { GST_SL_SINE_SRC_MODE_TRIGGERED, "One frame per trigger signal",
        "triggered" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlSineSrcMode", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

static void gst_sl_sine_src_finalize (GObject *object);
static void gst_sl_sine_src_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_sine_src_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);

static GstCaps *gst_sl_sine_src_fixate (GstBaseSrc *bsrc, GstCaps *caps);
static gboolean gst_sl_sine_src_set_caps (GstBaseSrc *bsrc, GstCaps *caps);
static gboolean gst_sl_sine_src_decide_allocation (GstBaseSrc *bsrc,
    GstQuery *query);
static gboolean gst_sl_sine_src_start (GstBaseSrc *bsrc);
static gboolean gst_sl_sine_src_stop (GstBaseSrc *bsrc);
static gboolean gst_sl_sine_src_is_seekable (GstBaseSrc *bsrc);
static gboolean gst_sl_sine_src_do_seek (GstBaseSrc *bsrc, GstSegment *segment);
static gboolean gst_sl_sine_src_query (GstBaseSrc *bsrc, GstQuery *query);
static void gst_sl_sine_src_get_times (GstBaseSrc *bsrc, GstBuffer *buffer,
    GstClockTime *start, GstClockTime *end);
static gboolean gst_sl_sine_src_unlock (GstBaseSrc *bsrc);
static gboolean gst_sl_sine_src_unlock_stop (GstBaseSrc *bsrc);
static GstFlowReturn gst_sl_sine_src_create (GstBaseSrc *bsrc, guint64 offset,
    guint length, GstBuffer **buffer);
static GstFlowReturn gst_sl_sine_src_alloc (GstBaseSrc *bsrc, guint64 offset,
    guint size, GstBuffer **buffer);
static GstFlowReturn gst_sl_sine_src_fill (GstBaseSrc *bsrc, guint64 offset,
    guint length, GstBuffer *buffer);
static void gst_sl_sine_src_trigger (GstSlSineSrc *self);

static GParamSpec *
double_array_pspec (const gchar *name, const gchar *nick, const gchar *blurb,
    gdouble min, gdouble max, gdouble def)
{
  return gst_param_spec_array (name, nick, blurb,
      g_param_spec_double (name, nick, blurb, min, max, def,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS),
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
}

static void
gst_sl_sine_src_class_init (GstSlSineSrcClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *bsrc_class = GST_BASE_SRC_CLASS (klass);

  gobject_class->set_property = gst_sl_sine_src_set_property;
  gobject_class->get_property = gst_sl_sine_src_get_property;
  gobject_class->finalize = gst_sl_sine_src_finalize;

  g_object_class_install_property (gobject_class, PROP_FREQUENCY,
      g_param_spec_double ("frequency", "Frequency",
          "Frequency of every channel in Hz (overridden by 'frequencies'); "
          "must be below the Nyquist frequency of the negotiated rate",
          0.0, MAX_FREQUENCY, DEFAULT_FREQUENCY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_CONTROLLABLE |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_AMPLITUDE,
      g_param_spec_double ("amplitude", "Amplitude",
          "Peak amplitude of every channel (overridden by 'amplitudes')", 0.0,
          MAX_AMPLITUDE, DEFAULT_AMPLITUDE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_CONTROLLABLE |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_PHASE,
      g_param_spec_double ("phase", "Phase",
          "Phase offset of every channel in radians (overridden by 'phases')",
          -MAX_PHASE, MAX_PHASE, DEFAULT_PHASE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_CONTROLLABLE |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_FREQUENCIES,
      double_array_pspec ("frequencies", "Frequencies",
          "Per-channel frequencies in Hz, one per channel "
          "(e.g. frequencies=\"<440.0, 880.0>\"); empty to use 'frequency'",
          0.0, MAX_FREQUENCY, DEFAULT_FREQUENCY));
  g_object_class_install_property (gobject_class, PROP_AMPLITUDES,
      double_array_pspec ("amplitudes", "Amplitudes",
          "Per-channel peak amplitudes, one per channel; empty to use "
          "'amplitude'",
          0.0, MAX_AMPLITUDE, DEFAULT_AMPLITUDE));
  g_object_class_install_property (gobject_class, PROP_PHASES,
      double_array_pspec ("phases", "Phases",
          "Per-channel phase offsets in radians, one per channel; empty to "
          "use 'phase'",
          -MAX_PHASE, MAX_PHASE, DEFAULT_PHASE));
  g_object_class_install_property (gobject_class, PROP_SAMPLES_PER_BUFFER,
      g_param_spec_int ("samplesperbuffer", "Samples per buffer",
          "Number of samples per channel in each frame", 1, G_MAXINT / 64,
          DEFAULT_SAMPLES_PER_BUFFER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
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
  g_object_class_install_property (gobject_class, PROP_METADATA,
      g_param_spec_boxed ("metadata", "Metadata",
          "String fields attached to every frame's DataFrame metadata "
          "(e.g. metadata=\"meta,sensor=a1,unit=V\")",
          GST_TYPE_STRUCTURE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MODE,
      g_param_spec_enum ("mode", "Mode",
          "Stream continuously, or emit one frame per 'trigger' signal "
          "(triggered mode makes the source live)",
          GST_TYPE_SL_SINE_SRC_MODE, DEFAULT_MODE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_TIMESTAMP_OFFSET,
      g_param_spec_int64 ("timestamp-offset", "Timestamp offset",
          "An offset added to timestamps set on buffers (in ns)", G_MININT64,
          G_MAXINT64, DEFAULT_TIMESTAMP_OFFSET,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_IS_LIVE,
      g_param_spec_boolean ("is-live", "Is Live",
          "Whether to act as a live source (frames paced by the clock)",
          DEFAULT_IS_LIVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));

  g_object_class_install_property (gobject_class, PROP_FRAMES_PER_PUSH,
      g_param_spec_uint ("frames-per-push", "Frames per push",
          "Frames pushed downstream together in one buffer list (each frame "
          "stays its own buffer with its own seq and timestamps): 0 for "
          "automatic (when the source is not live and the next element is "
          "slfilter or slfanout, frames smaller than 1024 samples go out in "
          "lists of about 1024 samples), 1 for one frame at a time",
          0, MAX_FRAMES_PER_PUSH, DEFAULT_FRAMES_PER_PUSH,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));

  /**
   * GstSlSineSrc::trigger:
   * @src: the #GstSlSineSrc
   *
   * Action signal: in triggered mode, emit one frame. Triggers emitted
   * before the source can serve them are counted, not lost.
   */
  gst_sl_sine_src_signals[SIGNAL_TRIGGER] =
      g_signal_new_class_handler ("trigger", G_TYPE_FROM_CLASS (klass),
          G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
          G_CALLBACK (gst_sl_sine_src_trigger), NULL, NULL, NULL, G_TYPE_NONE,
          0);

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "StreamLab sine source",
      "Source/Audio",
      "Multi-channel sine generator producing DataFrames, phase-exact "
      "across buffers, seeks and triggers",
      "gst-streamlab developers");

  bsrc_class->fixate = GST_DEBUG_FUNCPTR (gst_sl_sine_src_fixate);
  bsrc_class->set_caps = GST_DEBUG_FUNCPTR (gst_sl_sine_src_set_caps);
  bsrc_class->decide_allocation =
      GST_DEBUG_FUNCPTR (gst_sl_sine_src_decide_allocation);
  bsrc_class->start = GST_DEBUG_FUNCPTR (gst_sl_sine_src_start);
  bsrc_class->stop = GST_DEBUG_FUNCPTR (gst_sl_sine_src_stop);
  bsrc_class->is_seekable = GST_DEBUG_FUNCPTR (gst_sl_sine_src_is_seekable);
  bsrc_class->do_seek = GST_DEBUG_FUNCPTR (gst_sl_sine_src_do_seek);
  bsrc_class->query = GST_DEBUG_FUNCPTR (gst_sl_sine_src_query);
  bsrc_class->get_times = GST_DEBUG_FUNCPTR (gst_sl_sine_src_get_times);
  bsrc_class->unlock = GST_DEBUG_FUNCPTR (gst_sl_sine_src_unlock);
  bsrc_class->unlock_stop = GST_DEBUG_FUNCPTR (gst_sl_sine_src_unlock_stop);
  bsrc_class->create = GST_DEBUG_FUNCPTR (gst_sl_sine_src_create);
  bsrc_class->alloc = GST_DEBUG_FUNCPTR (gst_sl_sine_src_alloc);
  bsrc_class->fill = GST_DEBUG_FUNCPTR (gst_sl_sine_src_fill);

  gst_type_mark_as_plugin_api (GST_TYPE_SL_SINE_SRC_MODE, 0);

  GST_DEBUG_CATEGORY_INIT (sl_sine_src_debug, "slsinesrc", 0,
      "StreamLab sine source");
}

static void
gst_sl_sine_src_init (GstSlSineSrc *self)
{
  self->frequency = DEFAULT_FREQUENCY;
  self->amplitude = DEFAULT_AMPLITUDE;
  self->phase = DEFAULT_PHASE;
  self->frequencies = g_array_new (FALSE, FALSE, sizeof (gdouble));
  self->amplitudes = g_array_new (FALSE, FALSE, sizeof (gdouble));
  self->phases = g_array_new (FALSE, FALSE, sizeof (gdouble));
  self->samples_per_buffer = DEFAULT_SAMPLES_PER_BUFFER;
  self->mode = DEFAULT_MODE;
  self->timestamp_offset = DEFAULT_TIMESTAMP_OFFSET;
  self->sample_stop = -1;
  g_mutex_init (&self->trigger_lock);
  g_cond_init (&self->trigger_cond);
  gst_audio_info_init (&self->info);

  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_TIME);
  gst_base_src_set_live (GST_BASE_SRC (self), DEFAULT_IS_LIVE);
  gst_base_src_set_automatic_eos (GST_BASE_SRC (self), FALSE);
}

static void
gst_sl_sine_src_finalize (GObject *object)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (object);

  g_array_unref (self->frequencies);
  g_array_unref (self->amplitudes);
  g_array_unref (self->phases);
  g_strfreev (self->channel_names);
  if (self->metadata)
    gst_structure_free (self->metadata);
  if (self->frame_metadata)
    gst_structure_free (self->frame_metadata);
  g_mutex_clear (&self->trigger_lock);
  g_cond_clear (&self->trigger_cond);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_sine_src_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (object);

  GST_OBJECT_LOCK (self);
  /* the streaming thread applies settings only when something changed */
  self->settings_dirty = TRUE;
  switch (prop_id) {
    case PROP_FREQUENCY:
      self->frequency = g_value_get_double (value);
      break;
    case PROP_AMPLITUDE:
      self->amplitude = g_value_get_double (value);
      break;
    case PROP_PHASE:
      self->phase = g_value_get_double (value);
      break;
    case PROP_FREQUENCIES:
      sl_value_array_to_doubles (value, self->frequencies);
      break;
    case PROP_AMPLITUDES:
      sl_value_array_to_doubles (value, self->amplitudes);
      break;
    case PROP_PHASES:
      sl_value_array_to_doubles (value, self->phases);
      break;
    case PROP_SAMPLES_PER_BUFFER:
      self->samples_per_buffer = g_value_get_int (value);
      break;
    case PROP_CHANNEL_NAMES:
      g_strfreev (self->channel_names);
      self->channel_names = sl_value_array_to_strv (value);
      self->tags_pending = TRUE;
      break;
    case PROP_METADATA:
      g_clear_pointer (&self->metadata, gst_structure_free);
      self->metadata =
          sl_metadata_from_structure (gst_value_get_structure (value));
      break;
    case PROP_MODE: {
      gboolean live;

      self->mode = g_value_get_enum (value);
      live = self->is_live || self->mode == GST_SL_SINE_SRC_MODE_TRIGGERED;
      GST_OBJECT_UNLOCK (self);
      /* live from now on, so that a triggered source does not wait for a
       * first frame to preroll */
      gst_base_src_set_live (GST_BASE_SRC (self), live);
      return;
    }
    case PROP_TIMESTAMP_OFFSET:
      self->timestamp_offset = g_value_get_int64 (value);
      break;
    case PROP_FRAMES_PER_PUSH:
      self->frames_per_push = g_value_get_uint (value);
      break;
    case PROP_IS_LIVE: {
      gboolean live;

      self->is_live = g_value_get_boolean (value);
      live = self->is_live || self->mode == GST_SL_SINE_SRC_MODE_TRIGGERED;
      GST_OBJECT_UNLOCK (self);
      gst_base_src_set_live (GST_BASE_SRC (self), live);
      return;
    }
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_sine_src_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_FREQUENCY:
      g_value_set_double (value, self->frequency);
      break;
    case PROP_AMPLITUDE:
      g_value_set_double (value, self->amplitude);
      break;
    case PROP_PHASE:
      g_value_set_double (value, self->phase);
      break;
    case PROP_FREQUENCIES:
      sl_value_array_from_doubles (value,
          (const gdouble *) self->frequencies->data, self->frequencies->len);
      break;
    case PROP_AMPLITUDES:
      sl_value_array_from_doubles (value,
          (const gdouble *) self->amplitudes->data, self->amplitudes->len);
      break;
    case PROP_PHASES:
      sl_value_array_from_doubles (value, (const gdouble *) self->phases->data,
          self->phases->len);
      break;
    case PROP_SAMPLES_PER_BUFFER:
      g_value_set_int (value, self->samples_per_buffer);
      break;
    case PROP_CHANNEL_NAMES:
      sl_value_array_from_strv (value,
          (const gchar *const *) self->channel_names);
      break;
    case PROP_METADATA:
      gst_value_set_structure (value, self->metadata);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_TIMESTAMP_OFFSET:
      g_value_set_int64 (value, self->timestamp_offset);
      break;
    case PROP_FRAMES_PER_PUSH:
      g_value_set_uint (value, self->frames_per_push);
      break;
    case PROP_IS_LIVE:
      GST_OBJECT_UNLOCK (self);
      g_value_set_boolean (value, gst_base_src_is_live (GST_BASE_SRC (self)));
      return;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static GstCaps *
gst_sl_sine_src_fixate (GstBaseSrc *bsrc, GstCaps *caps)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (bsrc);
  GstStructure *s;
  gint channels, wanted;

  caps = gst_caps_make_writable (caps);
  caps = gst_caps_truncate (caps);
  s = gst_caps_get_structure (caps, 0);

  GST_OBJECT_LOCK (self);
  wanted = self->frequencies->len;
  wanted = MAX (wanted, (gint) self->amplitudes->len);
  wanted = MAX (wanted, (gint) self->phases->len);
  if (self->channel_names)
    wanted = MAX (wanted, (gint) g_strv_length (self->channel_names));
  GST_OBJECT_UNLOCK (self);
  if (wanted < 1 || wanted > SL_MAX_CHANNELS)
    wanted = 1;

  gst_structure_fixate_field_nearest_int (s, "rate", 48000);
  gst_structure_fixate_field_string (s, "format", "F64LE");
  gst_structure_fixate_field_string (s, "layout", "non-interleaved");
  gst_structure_fixate_field_nearest_int (s, "channels", wanted);

  /* Our channels have no speaker positions: say so explicitly. */
  if (gst_structure_get_int (s, "channels", &channels) && channels > 1 &&
      !gst_structure_has_field (s, "channel-mask"))
    gst_structure_set (s, "channel-mask", GST_TYPE_BITMASK,
        G_GUINT64_CONSTANT (0), NULL);

  return GST_BASE_SRC_CLASS (parent_class)->fixate (bsrc, caps);
}

/* Checks the settings against the negotiated format; on failure posts an
 * element error naming the property and returns FALSE.
 * Call with OBJECT_LOCK taken. */
static gboolean
check_settings_locked (GstSlSineSrc *self, const GstAudioInfo *info,
    gchar **prop, gchar **detail)
{
  gint channels = GST_AUDIO_INFO_CHANNELS (info);
  gdouble nyquist = GST_AUDIO_INFO_RATE (info) / 2.0;
  guint i;

  if (self->frequencies->len && self->frequencies->len != (guint) channels) {
    *prop = g_strdup ("frequencies");
    *detail = g_strdup_printf ("'frequencies' has %u values but the stream "
                               "has %d channels",
        self->frequencies->len, channels);
    return FALSE;
  }
  if (self->amplitudes->len && self->amplitudes->len != (guint) channels) {
    *prop = g_strdup ("amplitudes");
    *detail = g_strdup_printf ("'amplitudes' has %u values but the stream "
                               "has %d channels",
        self->amplitudes->len, channels);
    return FALSE;
  }
  if (self->phases->len && self->phases->len != (guint) channels) {
    *prop = g_strdup ("phases");
    *detail = g_strdup_printf ("'phases' has %u values but the stream "
                               "has %d channels",
        self->phases->len, channels);
    return FALSE;
  }
  if (self->channel_names &&
      g_strv_length (self->channel_names) != (guint) channels) {
    *prop = g_strdup ("channel-names");
    *detail = g_strdup_printf ("'channel-names' has %u names but the stream "
                               "has %d channels",
        g_strv_length (self->channel_names), channels);
    return FALSE;
  }
  for (i = 0; i < (guint) channels; i++) {
    gdouble f = self->frequencies->len
        ? g_array_index (self->frequencies, gdouble, i)
        : self->frequency;

    if (!(f < nyquist)) {
      *prop = g_strdup (self->frequencies->len ? "frequencies" : "frequency");
      *detail = g_strdup_printf ("frequency %g Hz of channel %u is at or "
                                 "above the Nyquist frequency %g Hz of rate %d",
          f, i, nyquist, GST_AUDIO_INFO_RATE (info));
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
gst_sl_sine_src_set_caps (GstBaseSrc *bsrc, GstCaps *caps)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (bsrc);
  GstAudioInfo info;
  gchar *prop = NULL, *detail = NULL;
  gint i, rate, spb;
  guint64 frame_bytes;
  gboolean ok;

  if (!gst_audio_info_from_caps (&info, caps))
    goto invalid_caps;

  GST_OBJECT_LOCK (self);
  ok = check_settings_locked (self, &info, &prop, &detail);
  spb = self->samples_per_buffer;
  GST_OBJECT_UNLOCK (self);
  if (!ok)
    goto bad_setting;

  rate = GST_AUDIO_INFO_RATE (&info);
  self->info = info;
  self->negotiated = TRUE;

  sl_sine_cont_reset (&self->cont);
  GST_OBJECT_LOCK (self);
  self->settings_dirty = TRUE;
  for (i = 0; i < GST_AUDIO_INFO_CHANNELS (&info); i++) {
    SlSineChannel *ch = &self->chans[i];
    gdouble f = self->frequencies->len
        ? g_array_index (self->frequencies, gdouble, i)
        : self->frequency;

    memset (ch, 0, sizeof (*ch));
    ch->anchor_n = 0;
    ch->anchor_cycles = 0.0;
    sl_sine_channel_set_frequency (ch, f, rate);
  }
  GST_OBJECT_UNLOCK (self);

  /* Frames come from a GstBufferPool, whose buffer size is 32 bits. */
  frame_bytes = (guint64) GST_AUDIO_INFO_BPF (&info) * (guint64) spb;
  if (frame_bytes > G_MAXUINT)
    goto frame_too_large;
  /* GStreamer's system allocator aborts when memory runs out: find out now
   * whether a frame can be had at all */
  if (frame_bytes > 64 * 1024 * 1024) {
    gpointer probe = g_try_malloc ((gsize) frame_bytes);

    if (probe == NULL)
      goto frame_no_memory;
    g_free (probe);
  }

  gst_base_src_set_blocksize (bsrc, (guint) frame_bytes);
  GST_DEBUG_OBJECT (self, "negotiated %" GST_PTR_FORMAT ", %s kernel", caps,
      sl_sine_kernel_path ());
  return TRUE;

frame_no_memory : {
  self->negotiated = FALSE;
  GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
      (_ ("Cannot allocate frames of %d samples of %d channels: lower "
          "property 'samplesperbuffer'."),
          spb, GST_AUDIO_INFO_CHANNELS (&info)),
      ("a frame of %" G_GUINT64_FORMAT " bytes could not be allocated",
          frame_bytes));
  return FALSE;
}
frame_too_large : {
  self->negotiated = FALSE;
  GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
      (_ ("Cannot allocate frames of %d samples of %d channels: lower "
          "property 'samplesperbuffer'."),
          spb, GST_AUDIO_INFO_CHANNELS (&info)),
      ("a frame of %d samples of %d channels is %" G_GUINT64_FORMAT
       " bytes, more than the %u bytes a buffer pool can allocate; "
       "lower samplesperbuffer",
          spb, GST_AUDIO_INFO_CHANNELS (&info), frame_bytes, G_MAXUINT));
  return FALSE;
}

invalid_caps : {
  GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
      (_ ("Could not negotiate a format.")),
      ("invalid caps %" GST_PTR_FORMAT, caps));
  return FALSE;
}
bad_setting : {
  SL_ELEMENT_ERROR_PROPERTY (self, prop, ("%s", detail));
  g_free (prop);
  g_free (detail);
  return FALSE;
}
}

/* Make sure buffers come from a pool, so that in steady state no frame is
 * allocated: the pool recycles the memory, and the POOLED DataFrame and audio
 * metas stay on the buffers. */
static gboolean
gst_sl_sine_src_decide_allocation (GstBaseSrc *bsrc, GstQuery *query)
{
  GstBufferPool *pool = NULL;
  GstCaps *caps;
  guint size = 0, min = 0, max = 0;
  guint blocksize = gst_base_src_get_blocksize (bsrc);

  gst_query_parse_allocation (query, &caps, NULL);
  if (gst_query_get_n_allocation_pools (query) > 0) {
    gst_query_parse_nth_allocation_pool (query, 0, &pool, &size, &min, &max);
  }
  if (pool == NULL) {
    GstStructure *config;

    pool = gst_buffer_pool_new ();
    size = MAX (size, blocksize);
    config = gst_buffer_pool_get_config (pool);
    gst_buffer_pool_config_set_params (config, caps, size, min, max);
    gst_buffer_pool_set_config (pool, config);
    if (gst_query_get_n_allocation_pools (query) > 0)
      gst_query_set_nth_allocation_pool (query, 0, pool, size, min, max);
    else
      gst_query_add_allocation_pool (query, pool, size, min, max);
  }
  gst_object_unref (pool);

  return GST_BASE_SRC_CLASS (parent_class)->decide_allocation (bsrc, query);
}

static gboolean
gst_sl_sine_src_start (GstBaseSrc *bsrc)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (bsrc);

  self->next_sample = 0;
  self->sample_stop = -1;
  self->seq = 0;
  sl_sine_cont_reset (&self->cont);
  self->negotiated = FALSE;
  self->tags_pending = TRUE;

  g_mutex_lock (&self->trigger_lock);
  self->pending_triggers = 0;
  self->flushing = FALSE;
  g_mutex_unlock (&self->trigger_lock);

  return TRUE;
}

static gboolean
gst_sl_sine_src_stop (GstBaseSrc *bsrc)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (bsrc);

  self->negotiated = FALSE;
  if (self->frame_metadata) {
    gst_structure_free (self->frame_metadata);
    self->frame_metadata = NULL;
  }
  return TRUE;
}

static gboolean
gst_sl_sine_src_is_seekable (GstBaseSrc *bsrc)
{
  return TRUE;
}

static gboolean
gst_sl_sine_src_do_seek (GstBaseSrc *bsrc, GstSegment *segment)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (bsrc);
  gint rate = GST_AUDIO_INFO_RATE (&self->info);
  GstClockTime time;

  if (segment->rate < 0.0) {
    GST_WARNING_OBJECT (self, "reverse playback is not supported");
    return FALSE;
  }
  if (rate <= 0) {
    /* not negotiated yet: nothing to seek, start at the segment position */
    self->next_sample = 0;
    return TRUE;
  }

  sl_sine_cont_reset (&self->cont);
  time = segment->position;
  self->next_sample = gst_util_uint64_scale_round (time, rate, GST_SECOND);
  if (GST_CLOCK_TIME_IS_VALID (segment->stop))
    self->sample_stop =
        gst_util_uint64_scale_round (segment->stop, rate, GST_SECOND);
  else
    self->sample_stop = -1;

  /* The position is the sample's own timestamp, so that a frame's PTS and
   * its samples always agree. */
  segment->position =
      gst_util_uint64_scale_int (self->next_sample, GST_SECOND, rate);
  segment->time = segment->start;

  GST_DEBUG_OBJECT (self,
      "seek to sample %" G_GINT64_FORMAT " stop %" G_GINT64_FORMAT,
      self->next_sample, self->sample_stop);
  return TRUE;
}

static gboolean
gst_sl_sine_src_query (GstBaseSrc *bsrc, GstQuery *query)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (bsrc);
  gboolean res = FALSE;

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_CONVERT: {
      GstFormat src_fmt, dest_fmt;
      gint64 src_val, dest_val;

      gst_query_parse_convert (query, &src_fmt, &src_val, &dest_fmt, &dest_val);
      if (GST_AUDIO_INFO_RATE (&self->info) <= 0)
        break;
      res = gst_audio_info_convert (&self->info, src_fmt, src_val, dest_fmt,
          &dest_val);
      if (res)
        gst_query_set_convert (query, src_fmt, src_val, dest_fmt, dest_val);
      break;
    }
    case GST_QUERY_LATENCY: {
      if (gst_base_src_is_live (bsrc) && self->negotiated) {
        GstClockTime latency;

        GST_OBJECT_LOCK (self);
        latency = gst_util_uint64_scale_int (self->samples_per_buffer,
            GST_SECOND, GST_AUDIO_INFO_RATE (&self->info));
        GST_OBJECT_UNLOCK (self);
        gst_query_set_latency (query, TRUE, latency, GST_CLOCK_TIME_NONE);
        res = TRUE;
      } else {
        res = GST_BASE_SRC_CLASS (parent_class)->query (bsrc, query);
      }
      break;
    }
    default:
      res = GST_BASE_SRC_CLASS (parent_class)->query (bsrc, query);
      break;
  }
  return res;
}

static void
gst_sl_sine_src_get_times (GstBaseSrc *bsrc, GstBuffer *buffer,
    GstClockTime *start, GstClockTime *end)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (bsrc);

  /* Continuous live frames are paced by the clock; triggered frames leave
   * when they are triggered. (The mode was read by create, in this
   * thread.) */
  if (!self->triggered && gst_base_src_is_live (bsrc)) {
    GstClockTime ts = GST_BUFFER_PTS (buffer);

    if (GST_CLOCK_TIME_IS_VALID (ts)) {
      *start = ts;
      if (GST_BUFFER_DURATION_IS_VALID (buffer))
        *end = ts + GST_BUFFER_DURATION (buffer);
    }
  }
}

static void
gst_sl_sine_src_trigger (GstSlSineSrc *self)
{
  g_mutex_lock (&self->trigger_lock);
  self->pending_triggers++;
  g_cond_signal (&self->trigger_cond);
  g_mutex_unlock (&self->trigger_lock);
}

static gboolean
gst_sl_sine_src_unlock (GstBaseSrc *bsrc)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (bsrc);

  g_mutex_lock (&self->trigger_lock);
  self->flushing = TRUE;
  g_cond_broadcast (&self->trigger_cond);
  g_mutex_unlock (&self->trigger_lock);
  return TRUE;
}

static gboolean
gst_sl_sine_src_unlock_stop (GstBaseSrc *bsrc)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (bsrc);

  g_mutex_lock (&self->trigger_lock);
  self->flushing = FALSE;
  g_mutex_unlock (&self->trigger_lock);
  return TRUE;
}

/* Makes up to @extra more frames after @buffer and submits them all as a
 * buffer list. num-buffers counts every frame: GstBaseSrc counted the first
 * one. A frame that cannot be made ends the list (EOS comes at the next
 * create); an error or a flush drops the list. */
static GstFlowReturn
add_frames (GstSlSineSrc *self, guint64 offset, guint length,
    GstBuffer **buffer, guint extra)
{
  GstBaseSrc *bsrc = GST_BASE_SRC (self);
  GstBufferList *list;
  GstFlowReturn ret = GST_FLOW_OK;
  guint i;

  GST_OBJECT_LOCK (self);
  if (bsrc->num_buffers_left >= 0) {
    extra = MIN (extra, (guint) bsrc->num_buffers_left);
    bsrc->num_buffers_left -= extra;
  }
  GST_OBJECT_UNLOCK (self);
  if (extra == 0)
    return GST_FLOW_OK;

  list = gst_buffer_list_new_sized (extra + 1);
  gst_buffer_list_add (list, *buffer);
  *buffer = NULL;
  for (i = 0; i < extra; i++) {
    GstBuffer *buf = NULL;

    ret =
        GST_BASE_SRC_CLASS (parent_class)->create (bsrc, offset, length, &buf);
    if (ret != GST_FLOW_OK)
      break;
    gst_buffer_list_add (list, buf);
  }
  if (i < extra) {
    /* give back the frames not made */
    GST_OBJECT_LOCK (self);
    if (bsrc->num_buffers_left >= 0)
      bsrc->num_buffers_left += extra - i;
    GST_OBJECT_UNLOCK (self);
    if (ret != GST_FLOW_EOS) {
      gst_buffer_list_unref (list);
      return ret;
    }
  }
  if (gst_buffer_list_length (list) == 1) {
    *buffer = gst_buffer_ref (gst_buffer_list_get (list, 0));
    gst_buffer_list_unref (list);
  } else {
    gst_base_src_submit_buffer_list (bsrc, list);
  }
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_sl_sine_src_create (GstBaseSrc *bsrc, guint64 offset, guint length,
    GstBuffer **buffer)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (bsrc);
  gboolean triggered;
  GstFlowReturn ret;
  guint per_push;
  gint spb;

  GST_OBJECT_LOCK (self);
  triggered = self->mode == GST_SL_SINE_SRC_MODE_TRIGGERED;
  GST_OBJECT_UNLOCK (self);
  self->triggered = triggered;

  if (triggered) {
    g_mutex_lock (&self->trigger_lock);
    while (self->pending_triggers == 0 && !self->flushing)
      g_cond_wait (&self->trigger_cond, &self->trigger_lock);
    if (self->flushing) {
      g_mutex_unlock (&self->trigger_lock);
      return GST_FLOW_FLUSHING;
    }
    self->pending_triggers--;
    g_mutex_unlock (&self->trigger_lock);
  }

  if (self->tags_pending) {
    GstTagList *tags = NULL;

    GST_OBJECT_LOCK (self);
    self->tags_pending = FALSE;
    if (self->channel_names) {
      tags = gst_tag_list_new_empty ();
      gst_tag_list_set_scope (tags, GST_TAG_SCOPE_STREAM);
      gst_sl_tag_list_add_channel_names (tags, GST_TAG_MERGE_APPEND,
          (const gchar *const *) self->channel_names);
    }
    GST_OBJECT_UNLOCK (self);
    /* GstBaseSrc queues serialized events and pushes them after the segment,
     * before the next buffer. */
    if (tags)
      gst_element_send_event (GST_ELEMENT (self), gst_event_new_tag (tags));
  }

  ret =
      GST_BASE_SRC_CLASS (parent_class)->create (bsrc, offset, length, buffer);
  if (ret != GST_FLOW_OK || triggered)
    return ret;

  /* Small frames: more of them in one buffer list, so that the per-push
   * cost of every element downstream is paid once per list. */
  GST_OBJECT_LOCK (self);
  per_push = self->frames_per_push;
  spb = self->samples_per_buffer;
  GST_OBJECT_UNLOCK (self);
  /* automatic: only when not live, and only into an element that takes
   * the frames out of the list (any other would copy each frame to work on
   * it in place) */
  if (per_push == 0)
    per_push = gst_base_src_is_live (bsrc)
        ? 1
        : CLAMP (AUTO_PUSH_SAMPLES / spb, 1, AUTO_MAX_FRAMES);
  if (per_push > 1 && self->frames_per_push == 0 &&
      !gst_sl_pad_peer_takes_lists (GST_BASE_SRC_PAD (bsrc)))
    per_push = 1;
  if (per_push <= 1 || *buffer == NULL ||
      GST_PAD_MODE (GST_BASE_SRC_PAD (bsrc)) != GST_PAD_MODE_PUSH)
    return ret;
  return add_frames (self, offset, length, buffer, per_push - 1);
}

/* Applies the current settings to the oscillators at sample @n: a changed
 * frequency re-anchors the phase there (no click). Call with the object
 * lock, when settings_dirty. */
static gboolean
snapshot_settings_locked (GstSlSineSrc *self, gint64 n, gchar **prop,
    gchar **detail)
{
  gint channels = GST_AUDIO_INFO_CHANNELS (&self->info);
  gint rate = GST_AUDIO_INFO_RATE (&self->info);
  gboolean ok;
  gint i;

  ok = check_settings_locked (self, &self->info, prop, detail);
  if (ok) {
    for (i = 0; i < channels; i++) {
      SlSineChannel *ch = &self->chans[i];
      gdouble f = self->frequencies->len
          ? g_array_index (self->frequencies, gdouble, i)
          : self->frequency;
      gdouble a = self->amplitudes->len
          ? g_array_index (self->amplitudes, gdouble, i)
          : self->amplitude;
      gdouble p = self->phases->len ? g_array_index (self->phases, gdouble, i)
                                    : self->phase;

      if (f != ch->frequency)
        sl_sine_channel_reanchor (ch, n, rate, f);
      ch->amplitude = a;
      ch->phase = fmod (p, SL_2PI);
    }
    if (self->metadata == NULL) {
      if (self->frame_metadata) {
        gst_structure_free (self->frame_metadata);
        self->frame_metadata = NULL;
      }
    } else if (self->frame_metadata == NULL ||
        !gst_structure_is_equal (self->frame_metadata, self->metadata)) {
      if (self->frame_metadata)
        gst_structure_free (self->frame_metadata);
      self->frame_metadata = gst_structure_copy (self->metadata);
    }
    self->settings_dirty = FALSE;
    /* amplitudes, phases or anchors may have changed */
    sl_sine_cont_reset (&self->cont);
  }
  return ok;
}

static void
render (GstSlSineSrc *self, guint8 *data, gint64 n, guint samples)
{
  GstAudioInfo *info = &self->info;
  guint channels = GST_AUDIO_INFO_CHANNELS (info);
  gint rate = GST_AUDIO_INFO_RATE (info);
  gboolean f64 = GST_AUDIO_INFO_FORMAT (info) == GST_AUDIO_FORMAT_F64LE;
  gboolean planar =
      GST_AUDIO_INFO_LAYOUT (info) == GST_AUDIO_LAYOUT_NON_INTERLEAVED;
  guint c, i, done, len;

  if (!planar || channels == 1) {
    /* one interleaved channel is one plane */
    if (f64 && channels == 1)
      sl_sine_render_f64 (&self->chans[0], n, rate, (gdouble *) data, samples,
          &self->cont, 0);
    else if (f64)
      sl_sine_render_interleaved_f64 (self->chans, channels, n, rate,
          (gdouble *) data, samples, &self->cont);
    else
      sl_sine_render_interleaved_f32 (self->chans, channels, n, rate,
          (gfloat *) data, samples, &self->cont);
    return;
  }

  for (c = 0; c < channels; c++) {
    const SlSineChannel *ch = &self->chans[c];

    if (f64) {
      sl_sine_render_f64 (ch, n, rate, (gdouble *) data + (gsize) c * samples,
          samples, &self->cont, c);
      continue;
    }
    /* F32 planes: computed in double, a scratch block at a time */
    for (done = 0; done < samples; done += len) {
      gfloat *out = (gfloat *) data + (gsize) c * samples + done;

      len = MIN (SCRATCH_LEN, samples - done);
      sl_sine_render_f64 (ch, n + done, rate, self->scratch, len, &self->cont,
          c);
      for (i = 0; i < len; i++)
        out[i] = (gfloat) self->scratch[i];
    }
  }
}

/* The pool could not give a frame: say which setting asks for too much. */
static GstFlowReturn
gst_sl_sine_src_alloc (GstBaseSrc *bsrc, guint64 offset, guint size,
    GstBuffer **buffer)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (bsrc);
  GstFlowReturn ret;

  ret = GST_BASE_SRC_CLASS (parent_class)->alloc (bsrc, offset, size, buffer);
  if (G_UNLIKELY (ret == GST_FLOW_ERROR)) {
    gint spb;

    GST_OBJECT_LOCK (self);
    spb = self->samples_per_buffer;
    GST_OBJECT_UNLOCK (self);
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
        (_ ("Cannot allocate frames of %d samples of %d channels: lower "
            "property 'samplesperbuffer'."),
            spb, GST_AUDIO_INFO_CHANNELS (&self->info)),
        ("a frame of %u bytes could not be allocated", size));
  }
  return ret;
}

static GstFlowReturn
gst_sl_sine_src_fill (GstBaseSrc *bsrc, guint64 offset, guint length,
    GstBuffer *buffer)
{
  GstSlSineSrc *self = GST_SL_SINE_SRC (bsrc);
  GstAudioInfo *info = &self->info;
  gint rate = GST_AUDIO_INFO_RATE (info);
  guint64 bpf = GST_AUDIO_INFO_BPF (info);
  gint64 n = self->next_sample;
  GstClockTime pts, next_pts;
  gchar *prop = NULL, *detail = NULL;
  gint64 ts_offset;
  guint64 samples;
  gboolean controlled, ok;
  GstMapInfo map;

  if (G_UNLIKELY (!self->negotiated))
    goto not_negotiated;

  if (self->sample_stop >= 0 && n >= self->sample_stop)
    return GST_FLOW_EOS;

  /* Controlled properties follow the stream time of this frame (syncing
   * costs a notify freeze and thaw: only when there is a controller). */
  pts = gst_util_uint64_scale_int (n, GST_SECOND, rate);
  GST_OBJECT_LOCK (self);
  controlled = GST_OBJECT_CAST (self)->control_bindings != NULL;
  GST_OBJECT_UNLOCK (self);
  if (controlled)
    gst_object_sync_values (GST_OBJECT (self), pts);

  GST_OBJECT_LOCK (self);
  ok = !self->settings_dirty ||
      snapshot_settings_locked (self, n, &prop, &detail);
  samples = self->samples_per_buffer;
  ts_offset = self->timestamp_offset;
  GST_OBJECT_UNLOCK (self);
  if (!ok)
    goto bad_setting;
  if (self->sample_stop >= 0 && n + (gint64) samples > self->sample_stop)
    samples = self->sample_stop - n;
  /* never more than the buffer holds (all sizes in 64 bits) */
  samples = MIN (samples, gst_buffer_get_size (buffer) / bpf);
  if (G_UNLIKELY (samples == 0))
    goto no_room;

  /* (pooled frames already have the size) */
  if (G_UNLIKELY (gst_buffer_get_size (buffer) != samples * bpf))
    gst_buffer_set_size (buffer, samples * bpf);

  if (GST_AUDIO_INFO_LAYOUT (info) == GST_AUDIO_LAYOUT_NON_INTERLEAVED) {
    GstAudioMeta *ameta = gst_buffer_get_audio_meta (buffer);

    /* Pooled buffers keep their audio meta; re-add only for a short last
     * frame or a format change. */
    if (ameta &&
        (ameta->samples != samples ||
            !gst_audio_info_is_equal (&ameta->info, info))) {
      gst_buffer_remove_meta (buffer, (GstMeta *) ameta);
      ameta = NULL;
    }
    if (ameta == NULL) {
      ameta = gst_buffer_add_audio_meta (buffer, info, samples, NULL);
      if (G_UNLIKELY (ameta == NULL))
        goto no_room;
      GST_META_FLAG_SET ((GstMeta *) ameta, GST_META_FLAG_POOLED);
    }
  }

  if (G_UNLIKELY (!gst_buffer_map (buffer, &map, GST_MAP_WRITE)))
    goto no_room;
  render (self, map.data, n, samples);
  gst_buffer_unmap (buffer, &map);

  next_pts = gst_util_uint64_scale_int (n + samples, GST_SECOND, rate);
  GST_BUFFER_PTS (buffer) = pts + ts_offset;
  GST_BUFFER_DTS (buffer) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (buffer) = next_pts - pts;
  GST_BUFFER_OFFSET (buffer) = n;
  GST_BUFFER_OFFSET_END (buffer) = n + samples;
  if (self->seq == 0)
    GST_BUFFER_FLAG_SET (buffer, GST_BUFFER_FLAG_DISCONT);

  gst_sl_buffer_ensure_data_frame_meta (buffer, TRUE);
  gst_sl_buffer_set_seq (buffer, self->seq);
  gst_sl_buffer_replace_metadata (buffer, self->frame_metadata);

  self->seq++;
  self->next_sample = n + samples;

  return GST_FLOW_OK;

not_negotiated : {
  GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
      (_ ("Could not negotiate a format.")),
      ("no format was negotiated before the first frame"));
  return GST_FLOW_NOT_NEGOTIATED;
}
bad_setting : {
  SL_ELEMENT_ERROR_PROPERTY (self, prop, ("%s", detail));
  g_free (prop);
  g_free (detail);
  return GST_FLOW_ERROR;
}
no_room : {
  GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
      (_ ("Cannot allocate frames of %d samples of %d channels: lower "
          "property 'samplesperbuffer'."),
          self->samples_per_buffer, GST_AUDIO_INFO_CHANNELS (info)),
      ("a buffer of %" G_GSIZE_FORMAT
       " bytes cannot hold a frame of %" G_GUINT64_FORMAT " bytes per sample",
          gst_buffer_get_size (buffer), bpf));
  return GST_FLOW_ERROR;
}
}
