/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slwindow
 * @title: slwindow
 *
 * Windowed statistics per channel: over windows of `length` samples,
 * starting every `hop` samples (tumbling windows when `hop` is 0 or equal
 * to `length`, sliding windows when smaller, sampled windows when larger),
 * it computes any of the mean, the RMS, the minimum, the maximum, the peak
 * (largest absolute value) and the standard deviation (population, as
 * numpy's `std`), each over exactly the window's samples. `length-time`
 * and `hop-time` give them in time instead (rounded to whole samples at
 * the negotiated rate).
 *
 * ## Output
 *
 * Each window is one DataFrame of its own on the source pad: F64, one
 * sample per output channel (`layout=interleaved`, which for one sample
 * is the same bytes as non-interleaved and needs no audio meta), the output channels
 * ordered by input channel and then by statistic (with `statistics=rms+peak`
 * and 2 input channels: ch0 rms, ch0 peak, ch1 rms, ch1 peak), at most 64
 * of them, as in every DataFrame (channels times statistics). Their names,
 * `<input channel name>.<statistic>` (input names from the
 * `sl-channel-names` tag, else `ch<index>`), are sent in the stream tag
 * `sl-channel-names`. The caps' `rate` is the input rate divided by the hop
 * (at least 1); the PTS (the window's first sample) and duration (its
 * length) are exact. The frame's `seq` counts the windows from 0; its
 * metadata is that of the input frame that completed the window, plus
 * `window-start` and `window-end` (ns, the span of the window's samples),
 * `seq-first` and `seq-last` (the input frames the window covers). With
 * `post-messages`, each window is also posted as an element message
 * `streamlab-window` with the same fields and one array per statistic.
 *
 * The output frames come from a pool and keep their meta: in steady state
 * the input's metadata is compared rather than copied and the numbers are
 * rewritten in place, so no memory is allocated per window (messages, when
 * posted, are allocated).
 *
 * ## Frame boundaries, discontinuities
 *
 * Windows span input frames freely: a window is made of the last `length`
 * samples whatever frames brought them. A discontinuity (a buffer flagged
 * DISCONT after the first, a gap in the input seq, a flush or a new
 * segment) restarts the windows: the samples of the window in progress are
 * discarded (counted in `samples-discarded`) and the next window starts at
 * the first sample after the discontinuity, so a window never mixes
 * samples from both sides of a gap.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=20 ! slwindow length=4800 statistics=rms+peak ! slprint
 * ]| The RMS and peak of every 100 ms of a sine (amplitude 1: 0.707 and 1).
 * |[
 * gst-launch-1.0 -m slsinesrc num-buffers=10 ! slwindow length-time=50000000 hop-time=10000000 post-messages=true ! fakesink
 * ]| 50 ms windows every 10 ms, posted as `streamlab-window` messages.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include <gst/audio/audio.h>

#include <gst/streamlab/gstslmessages.h>
#include "gstslwindow.h"
#include "gstsldataframe.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_window_debug);
#define GST_CAT_DEFAULT sl_window_debug

#define N_STATS 6
#define DEFAULT_LENGTH 1024
#define DEFAULT_HOP 0
#define DEFAULT_STATISTICS \
  (GST_SL_WINDOW_STAT_MEAN | GST_SL_WINDOW_STAT_RMS | GST_SL_WINDOW_STAT_MIN | \
      GST_SL_WINDOW_STAT_MAX)
#define DEFAULT_POST_MESSAGES FALSE
#define MAX_LENGTH (1 << 24)

/* the metadata fields slwindow adds to its input's */
static const gchar *const window_keys[] = { "window-start", "window-end",
  "seq-first", "seq-last", NULL };

static const gchar *stat_names[N_STATS] = { "mean", "rms", "min", "max", "peak",
  "stddev" };

enum
{
  PROP_0,
  PROP_LENGTH,
  PROP_HOP,
  PROP_LENGTH_TIME,
  PROP_HOP_TIME,
  PROP_STATISTICS,
  PROP_POST_MESSAGES,
  PROP_FRAMES_IN,
  PROP_WINDOWS_OUT,
  PROP_SAMPLES_DISCARDED,
};

typedef struct
{
  guint length, hop;
  guint64 length_time, hop_time;
  guint stats;
  gboolean post_messages;
} SlWindowSettings;

struct _GstSlWindow
{
  GstElement parent;

  GstPad *sinkpad, *srcpad;

  /* properties, under the object lock */
  SlWindowSettings settings;

  /* streaming state (streaming thread) */
  GstAudioInfo info;
  gboolean have_info;
  SlWindowSettings cur; /* snapshot taken at caps time */
  guint len, hop;       /* in samples */
  guint n_out_stats;
  guint8 stat_index[N_STATS]; /* the chosen statistics, in order */
  gdouble *ring;              /* channels x len */
  guint64 *ring_seq;          /* input seq of each sample */
  guint wpos;                 /* next write position in the rings */
  guint64 n_total;            /* samples since the last restart */
  guint64 next_end;           /* n_total at which the next window ends */
  GstClockTime base_pts;      /* PTS of sample 0 since the restart */
  guint64 last_seq;
  gboolean have_seq;
  gboolean need_restart;
  gboolean first_buffer;
  gboolean need_caps;
  gchar **in_names; /* from the upstream tag, or NULL */
  gboolean names_dirty;
  GstBufferPool *pool;
  guint64 out_seq;

  /* counters, under the object lock */
  guint64 frames_in, windows_out, samples_discarded;
};

static GstStaticPadTemplate sink_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("sink", GST_PAD_SINK);

static GstStaticPadTemplate src_template =
    GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
        GST_STATIC_CAPS ("audio/x-raw, format = (string) F64LE, "
                         "rate = (int) [ 1, MAX ], " SL_DATA_FRAME_CHANNELS ", "
                         "layout = (string) interleaved"));

#define gst_sl_window_parent_class parent_class
G_DEFINE_TYPE (GstSlWindow, gst_sl_window, GST_TYPE_ELEMENT);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slwindow, "slwindow", GST_RANK_NONE,
    GST_TYPE_SL_WINDOW, sl_element_init (plugin));

GType
gst_sl_window_stats_get_type (void)
{
  static gsize id = 0;
  static const GFlagsValue values[] = {
    { GST_SL_WINDOW_STAT_MEAN, "Mean", "mean" },
    { GST_SL_WINDOW_STAT_RMS, "Root mean square", "rms" },
    { GST_SL_WINDOW_STAT_MIN, "Minimum", "min" },
    { GST_SL_WINDOW_STAT_MAX, "Maximum", "max" },
    { GST_SL_WINDOW_STAT_PEAK, "Peak (largest absolute value)", "peak" },
    { GST_SL_WINDOW_STAT_STDDEV, "Standard deviation (population)", "stddev" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_flags_register_static ("GstSlWindowStats", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

static void gst_sl_window_finalize (GObject *object);
static void gst_sl_window_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_window_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static GstStateChangeReturn gst_sl_window_change_state (GstElement *element,
    GstStateChange transition);
static GstFlowReturn gst_sl_window_chain (GstPad *pad, GstObject *parent,
    GstBuffer *buffer);
static gboolean gst_sl_window_sink_event (GstPad *pad, GstObject *parent,
    GstEvent *event);
static gboolean gst_sl_window_sink_query (GstPad *pad, GstObject *parent,
    GstQuery *query);

static void
gst_sl_window_class_init (GstSlWindowClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_sl_window_set_property;
  gobject_class->get_property = gst_sl_window_get_property;
  gobject_class->finalize = gst_sl_window_finalize;

  g_object_class_install_property (gobject_class, PROP_LENGTH,
      g_param_spec_uint ("length", "Length",
          "Samples per window (per channel); 'length-time' overrides it", 1,
          MAX_LENGTH, DEFAULT_LENGTH,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_HOP,
      g_param_spec_uint ("hop", "Hop",
          "Samples from the start of a window to the start of the next "
          "(0: the length, tumbling windows); 'hop-time' overrides it",
          0, MAX_LENGTH, DEFAULT_HOP,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_LENGTH_TIME,
      g_param_spec_uint64 ("length-time", "Length time",
          "Window length in ns, rounded to whole samples (0: use 'length')", 0,
          G_MAXUINT64, 0,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_HOP_TIME,
      g_param_spec_uint64 ("hop-time", "Hop time",
          "Window hop in ns, rounded to whole samples (0: use 'hop')", 0,
          G_MAXUINT64, 0,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_STATISTICS,
      g_param_spec_flags ("statistics", "Statistics",
          "Statistics computed per channel and window, in this order in the "
          "output channels",
          GST_TYPE_SL_WINDOW_STATS, DEFAULT_STATISTICS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_POST_MESSAGES,
      g_param_spec_boolean ("post-messages", "Post messages",
          "Also post each window as a 'streamlab-window' element message",
          DEFAULT_POST_MESSAGES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_FRAMES_IN,
      g_param_spec_uint64 ("frames-in", "Frames in",
          "Input frames received since the element started", 0, G_MAXUINT64, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_WINDOWS_OUT,
      sl_param_spec_counter ("windows-out", "Windows out",
          "Windows sent since the element started"));
  g_object_class_install_property (gobject_class, PROP_SAMPLES_DISCARDED,
      sl_param_spec_counter ("samples-discarded", "Samples discarded",
          "Samples (per channel) of windows left incomplete by a "
          "discontinuity, a flush or EOS"));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "StreamLab window statistics", "Filter/Analyzer/Audio",
      "Mean, RMS, min, max, peak and standard deviation per channel over "
      "tumbling or sliding windows, as DataFrames",
      "gst-streamlab developers");
  element_class->change_state = GST_DEBUG_FUNCPTR (gst_sl_window_change_state);

  gst_type_mark_as_plugin_api (GST_TYPE_SL_WINDOW_STATS, 0);
  GST_DEBUG_CATEGORY_INIT (sl_window_debug, "slwindow", 0,
      "StreamLab window statistics");
}

static void
gst_sl_window_init (GstSlWindow *self)
{
  self->settings.length = DEFAULT_LENGTH;
  self->settings.hop = DEFAULT_HOP;
  self->settings.stats = DEFAULT_STATISTICS;
  self->settings.post_messages = DEFAULT_POST_MESSAGES;

  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_window_chain));
  gst_pad_set_event_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_window_sink_event));
  gst_pad_set_query_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_window_sink_query));
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);
  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_use_fixed_caps (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);
}

static void
free_state (GstSlWindow *self)
{
  g_clear_pointer (&self->ring, g_free);
  g_clear_pointer (&self->ring_seq, g_free);
  if (self->pool) {
    gst_buffer_pool_set_active (self->pool, FALSE);
    gst_clear_object (&self->pool);
  }
}

static void
gst_sl_window_finalize (GObject *object)
{
  GstSlWindow *self = GST_SL_WINDOW (object);

  free_state (self);
  g_strfreev (self->in_names);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_window_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstSlWindow *self = GST_SL_WINDOW (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LENGTH:
      self->settings.length = g_value_get_uint (value);
      break;
    case PROP_HOP:
      self->settings.hop = g_value_get_uint (value);
      break;
    case PROP_LENGTH_TIME:
      self->settings.length_time = g_value_get_uint64 (value);
      break;
    case PROP_HOP_TIME:
      self->settings.hop_time = g_value_get_uint64 (value);
      break;
    case PROP_STATISTICS:
      self->settings.stats = g_value_get_flags (value);
      break;
    case PROP_POST_MESSAGES:
      self->settings.post_messages = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_window_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlWindow *self = GST_SL_WINDOW (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LENGTH:
      g_value_set_uint (value, self->settings.length);
      break;
    case PROP_HOP:
      g_value_set_uint (value, self->settings.hop);
      break;
    case PROP_LENGTH_TIME:
      g_value_set_uint64 (value, self->settings.length_time);
      break;
    case PROP_HOP_TIME:
      g_value_set_uint64 (value, self->settings.hop_time);
      break;
    case PROP_STATISTICS:
      g_value_set_flags (value, self->settings.stats);
      break;
    case PROP_POST_MESSAGES:
      g_value_set_boolean (value, self->settings.post_messages);
      break;
    case PROP_FRAMES_IN:
      g_value_set_uint64 (value, self->frames_in);
      break;
    case PROP_WINDOWS_OUT:
      g_value_set_uint64 (value, self->windows_out);
      break;
    case PROP_SAMPLES_DISCARDED:
      g_value_set_uint64 (value, self->samples_discarded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static GstStateChangeReturn
gst_sl_window_change_state (GstElement *element, GstStateChange transition)
{
  GstSlWindow *self = GST_SL_WINDOW (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    GST_OBJECT_LOCK (self);
    self->frames_in = self->windows_out = self->samples_discarded = 0;
    GST_OBJECT_UNLOCK (self);
    self->out_seq = 0;
    self->first_buffer = TRUE;
    self->need_restart = TRUE;
    self->have_seq = FALSE;
  }
  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    free_state (self);
    self->have_info = FALSE;
  }
  return ret;
}

/* Restarts the windows: the samples of the window in progress are
 * discarded. */
static void
restart (GstSlWindow *self)
{
  guint64 partial;

  if (self->n_total > 0 && self->len > 0) {
    /* samples gathered towards the next window that will not complete */
    guint64 start = self->next_end > self->len ? self->next_end - self->len : 0;
    partial = self->n_total > start ? self->n_total - start : 0;
    GST_OBJECT_LOCK (self);
    self->samples_discarded += partial;
    GST_OBJECT_UNLOCK (self);
  }
  self->n_total = 0;
  self->wpos = 0;
  self->next_end = self->len;
  self->base_pts = GST_CLOCK_TIME_NONE;
  self->need_restart = FALSE;
}

static gboolean
send_names_tag (GstSlWindow *self)
{
  GstTagList *tags = gst_tag_list_new_empty ();
  guint c, s, channels = GST_AUDIO_INFO_CHANNELS (&self->info);

  gst_tag_list_set_scope (tags, GST_TAG_SCOPE_STREAM);
  for (c = 0; c < channels; c++) {
    for (s = 0; s < self->n_out_stats; s++) {
      gchar *name;

      if (self->in_names && c < g_strv_length (self->in_names))
        name = g_strdup_printf ("%s.%s", self->in_names[c],
            stat_names[self->stat_index[s]]);
      else
        name = g_strdup_printf ("ch%u.%s", c, stat_names[self->stat_index[s]]);
      gst_tag_list_add (tags, GST_TAG_MERGE_APPEND, GST_SL_TAG_CHANNEL_NAMES,
          name, NULL);
      g_free (name);
    }
  }
  self->names_dirty = FALSE;
  return gst_pad_push_event (self->srcpad, gst_event_new_tag (tags));
}

static gboolean
setup (GstSlWindow *self, GstCaps *caps)
{
  GstAudioInfo info;
  GstCaps *out;
  GstStructure *config;
  guint i, channels, rate, out_size;
  gboolean ok;

  if (!gst_audio_info_from_caps (&info, caps))
    return FALSE;
  GST_OBJECT_LOCK (self);
  self->cur = self->settings;
  GST_OBJECT_UNLOCK (self);

  rate = GST_AUDIO_INFO_RATE (&info);
  channels = GST_AUDIO_INFO_CHANNELS (&info);
  self->len = self->cur.length;
  if (self->cur.length_time)
    self->len =
        gst_util_uint64_scale_round (self->cur.length_time, rate, GST_SECOND);
  self->hop = self->cur.hop;
  if (self->cur.hop_time)
    self->hop =
        gst_util_uint64_scale_round (self->cur.hop_time, rate, GST_SECOND);
  if (self->hop == 0)
    self->hop = self->len;
  if (self->len == 0 || self->len > MAX_LENGTH) {
    SL_ELEMENT_ERROR_SETTING (self,
        (_ ("slwindow: 'length-time' gives %u samples at %u Hz; a window "
            "needs 1 to %u samples."),
            self->len, rate, MAX_LENGTH),
        ("length %u, length-time %" G_GUINT64_FORMAT, self->cur.length,
            self->cur.length_time));
    return FALSE;
  }
  if (self->hop > MAX_LENGTH) {
    SL_ELEMENT_ERROR_SETTING (self,
        (_ ("slwindow: 'hop-time' gives %u samples at %u Hz; a hop "
            "needs at most %u samples."),
            self->hop, rate, MAX_LENGTH),
        ("hop %u, hop-time %" G_GUINT64_FORMAT, self->cur.hop,
            self->cur.hop_time));
    return FALSE;
  }
  self->n_out_stats = 0;
  for (i = 0; i < N_STATS; i++)
    if (self->cur.stats & (1u << i))
      self->stat_index[self->n_out_stats++] = i;
  if (self->n_out_stats == 0) {
    SL_ELEMENT_ERROR_SETTING (self,
        (_ ("slwindow: 'statistics' names no statistic.")), (NULL));
    return FALSE;
  }
  if ((guint64) channels * self->n_out_stats > SL_MAX_CHANNELS) {
    SL_ELEMENT_ERROR_SETTING (self,
        (_ ("slwindow: %u channels with %u statistics each make too many "
            "output channels."),
            channels, self->n_out_stats),
        ("a frame has at most %d channels", SL_MAX_CHANNELS));
    return FALSE;
  }

  free_state (self);
  self->info = info;
  self->have_info = TRUE;
  self->ring = g_new0 (gdouble, (gsize) channels * self->len);
  self->ring_seq = g_new0 (guint64, self->len);
  self->need_restart = TRUE;

  out = gst_caps_new_simple ("audio/x-raw", "format", G_TYPE_STRING, "F64LE",
      /* one sample per channel: the same bytes as non-interleaved, and no
       * GstAudioMeta to add to every frame */
      "layout", G_TYPE_STRING, "interleaved", "rate", G_TYPE_INT,
      MAX (1, (gint) (rate / self->hop)), "channels", G_TYPE_INT,
      (gint) (channels * self->n_out_stats),
      /* statistics have no speaker positions */
      "channel-mask", GST_TYPE_BITMASK, (guint64) 0, NULL);
  ok = gst_pad_set_caps (self->srcpad, out);

  /* output frames from a pool: no allocation per window */
  out_size = channels * self->n_out_stats * sizeof (gdouble);
  self->pool = gst_buffer_pool_new ();
  config = gst_buffer_pool_get_config (self->pool);
  gst_buffer_pool_config_set_params (config, out, out_size, 4, 0);
  gst_buffer_pool_set_config (self->pool, config);
  gst_buffer_pool_set_active (self->pool, TRUE);
  gst_caps_unref (out);
  if (ok)
    ok = send_names_tag (self);
  return ok;
}

/* The statistics of the window that ends at the ring's write position,
 * written to @out (channels x statistics). */
static void
compute_window (GstSlWindow *self, gdouble *out)
{
  guint channels = GST_AUDIO_INFO_CHANNELS (&self->info);
  guint len = self->len, c, s, k;

  for (c = 0; c < channels; c++) {
    const gdouble *x = self->ring + (gsize) c * len;
    gdouble sum = 0.0, sumsq = 0.0, mn = x[0], mx = x[0], mean, dev = 0.0;

    for (k = 0; k < len; k++) {
      gdouble v = x[k];

      sum += v;
      sumsq += v * v;
      mn = v < mn ? v : mn;
      mx = v > mx ? v : mx;
    }
    mean = sum / len;
    if (self->cur.stats & GST_SL_WINDOW_STAT_STDDEV) {
      /* two passes, as numpy: no cancellation on signals with an offset */
      for (k = 0; k < len; k++)
        dev += (x[k] - mean) * (x[k] - mean);
    }
    for (s = 0; s < self->n_out_stats; s++) {
      gdouble v = 0.0;

      switch (self->stat_index[s]) {
        case 0:
          v = mean;
          break;
        case 1:
          v = sqrt (sumsq / len);
          break;
        case 2:
          v = mn;
          break;
        case 3:
          v = mx;
          break;
        case 4:
          v = MAX (fabs (mn), fabs (mx));
          break;
        case 5:
          v = sqrt (dev / len);
          break;
        default:
          g_assert_not_reached ();
      }
      out[c * self->n_out_stats + s] = v;
    }
  }
}

static void
post_window_message (GstSlWindow *self, const gdouble *values,
    GstClockTime start, GstClockTime end, guint64 first, guint64 last)
{
  guint channels = GST_AUDIO_INFO_CHANNELS (&self->info), c, s;
  GstStructure *st = gst_structure_new (GST_SL_MESSAGE_WINDOW, "seq",
      G_TYPE_UINT64, self->out_seq, "window-start", G_TYPE_UINT64, start,
      "window-end", G_TYPE_UINT64, end, "seq-first", G_TYPE_UINT64, first,
      "seq-last", G_TYPE_UINT64, last, NULL);

  for (s = 0; s < self->n_out_stats; s++) {
    GValue arr = G_VALUE_INIT, v = G_VALUE_INIT;

    gst_value_array_init (&arr, channels);
    g_value_init (&v, G_TYPE_DOUBLE);
    for (c = 0; c < channels; c++) {
      g_value_set_double (&v, values[c * self->n_out_stats + s]);
      gst_value_array_append_value (&arr, &v);
    }
    g_value_unset (&v);
    gst_structure_take_value (st, stat_names[self->stat_index[s]], &arr);
  }
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), st));
}

static GstFlowReturn
emit_window (GstSlWindow *self, GstBuffer *inbuf)
{
  guint rate = GST_AUDIO_INFO_RATE (&self->info);
  guint64 start_n = self->next_end - self->len;
  GstClockTime start, end;
  guint64 first, last;
  GstBuffer *out = NULL;
  GstMapInfo map;
  GstFlowReturn ret;

  /* a window is at least one sample long (the properties' minimum) */
  g_assert (self->len > 0);
  start =
      self->base_pts + gst_util_uint64_scale_int (start_n, GST_SECOND, rate);
  end = self->base_pts +
      gst_util_uint64_scale_int (self->next_end, GST_SECOND, rate);
  /* the ring's oldest sample is at the write position (ring full) */
  first = self->ring_seq[self->wpos % self->len];
  last = self->ring_seq[(self->wpos + self->len - 1) % self->len];

  ret = gst_buffer_pool_acquire_buffer (self->pool, &out, NULL);
  if (ret != GST_FLOW_OK)
    return ret;
  gst_buffer_map (out, &map, GST_MAP_WRITE);
  /* over the ring as it lies (oldest sample at the write position): the
   * statistics do not depend on the order */
  compute_window (self, (gdouble *) map.data);
  if (self->cur.post_messages)
    post_window_message (self, (gdouble *) map.data, start, end, first, last);
  gst_buffer_unmap (out, &map);

  GST_BUFFER_PTS (out) = start;
  GST_BUFFER_DURATION (out) = end - start;
  GST_BUFFER_OFFSET (out) = self->out_seq;
  /* pooled frames keep their meta: in steady state the input's metadata
   * is compared, not copied, and the numbers are rewritten in place */
  gst_sl_buffer_ensure_data_frame_meta (out, TRUE);
  gst_sl_buffer_replace_metadata_except (out,
      gst_sl_buffer_peek_metadata (inbuf), window_keys);
  gst_sl_buffer_set_seq (out, self->out_seq++);
  gst_sl_buffer_set_metadata_uint64 (out, window_keys[0], start);
  gst_sl_buffer_set_metadata_uint64 (out, window_keys[1], end);
  gst_sl_buffer_set_metadata_uint64 (out, window_keys[2], first);
  gst_sl_buffer_set_metadata_uint64 (out, window_keys[3], last);

  GST_OBJECT_LOCK (self);
  self->windows_out++;
  GST_OBJECT_UNLOCK (self);
  self->next_end += self->hop;
  return gst_pad_push (self->srcpad, out);
}

static GstFlowReturn
gst_sl_window_chain (GstPad *pad, GstObject *parent, GstBuffer *buffer)
{
  GstSlWindow *self = GST_SL_WINDOW (parent);
  guint channels, len;
  GstAudioBuffer abuf;
  GstFlowReturn ret = GST_FLOW_OK;
  gsize n, i;
  guint64 seq = 0;
  gboolean has_seq, is_f64, interleaved;

  GST_OBJECT_LOCK (self);
  self->frames_in++;
  GST_OBJECT_UNLOCK (self);

  if (G_UNLIKELY (!self->have_info || self->ring == NULL)) {
    gst_buffer_unref (buffer);
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
        ("a frame arrived before the caps"));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  if (G_UNLIKELY (self->names_dirty))
    send_names_tag (self);

  has_seq = gst_sl_buffer_get_seq (buffer, &seq);
  if (!self->first_buffer &&
      (GST_BUFFER_IS_DISCONT (buffer) ||
          (has_seq && self->have_seq && seq != self->last_seq + 1))) {
    GST_DEBUG_OBJECT (self, "discontinuity at seq %" G_GUINT64_FORMAT, seq);
    self->need_restart = TRUE;
  }
  self->first_buffer = FALSE;
  self->have_seq = has_seq;
  self->last_seq = seq;
  if (self->need_restart)
    restart (self);
  if (!GST_CLOCK_TIME_IS_VALID (self->base_pts)) {
    GstClockTime pts = GST_BUFFER_PTS (buffer);

    self->base_pts = GST_CLOCK_TIME_IS_VALID (pts) ? pts : 0;
    self->base_pts -= MIN (self->base_pts,
        gst_util_uint64_scale_int (self->n_total, GST_SECOND,
            GST_AUDIO_INFO_RATE (&self->info)));
  }

  if (!gst_audio_buffer_map (&abuf, &self->info, buffer, GST_MAP_READ)) {
    SL_ELEMENT_ERROR_UNMAPPED (self, buffer);
    gst_buffer_unref (buffer);
    return GST_FLOW_ERROR;
  }
  channels = GST_AUDIO_INFO_CHANNELS (&self->info);
  len = self->len;
  n = abuf.n_samples;
  is_f64 = GST_AUDIO_INFO_FORMAT (&self->info) == GST_AUDIO_FORMAT_F64LE;
  interleaved =
      GST_AUDIO_INFO_LAYOUT (&self->info) == GST_AUDIO_LAYOUT_INTERLEAVED;

  i = 0;
  while (i < n && ret == GST_FLOW_OK) {
    /* copy up to the end of the next window (or of the frame) */
    guint64 want = self->next_end - self->n_total;
    gsize chunk = MIN ((guint64) (n - i), want), k;
    guint c;

    for (c = 0; c < channels; c++) {
      gdouble *dst = self->ring + (gsize) c * len;
      /* only the chunk's last `len` samples can stay in the ring (a hop
       * longer than the window skips the others); copied in at most two
       * runs, up to the end of the ring and from its start, one plain loop
       * per format and layout */
      gsize skip = chunk > len ? chunk - len : 0;
      gsize wstart = (self->wpos + skip) % len;
      gsize first = MIN (chunk - skip, len - wstart), run, done = skip;

      for (run = 0; run < 2; run++) {
        gsize cnt = run ? chunk - skip - first : first;
        gdouble *d = run ? dst : dst + wstart;
        gsize idx = i + done;

        if (interleaved && is_f64) {
          const gdouble *sp =
              (const gdouble *) abuf.planes[0] + idx * channels + c;
          for (k = 0; k < cnt; k++)
            d[k] = sp[k * channels];
        } else if (interleaved) {
          const gfloat *sp =
              (const gfloat *) abuf.planes[0] + idx * channels + c;
          for (k = 0; k < cnt; k++)
            d[k] = sp[k * channels];
        } else if (is_f64) {
          memcpy (d, (const gdouble *) abuf.planes[c] + idx,
              cnt * sizeof (gdouble));
        } else {
          const gfloat *sp = (const gfloat *) abuf.planes[c] + idx;
          for (k = 0; k < cnt; k++)
            d[k] = sp[k];
        }
        done += cnt;
      }
    }
    for (k = 0; k < chunk; k++) {
      self->ring_seq[self->wpos] = seq;
      if (++self->wpos == len)
        self->wpos = 0;
    }
    self->n_total += chunk;
    i += chunk;
    if (self->n_total == self->next_end)
      ret = emit_window (self, buffer);
  }
  gst_audio_buffer_unmap (&abuf);
  gst_buffer_unref (buffer);
  return ret;
}

static gboolean
gst_sl_window_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstSlWindow *self = GST_SL_WINDOW (parent);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS: {
      GstCaps *caps;
      gboolean ok;

      gst_event_parse_caps (event, &caps);
      ok = setup (self, caps);
      gst_event_unref (event);
      return ok;
    }
    case GST_EVENT_TAG: {
      GstTagList *tags;
      guint i, n;

      gst_event_parse_tag (event, &tags);
      n = gst_tag_list_get_tag_size (tags, GST_SL_TAG_CHANNEL_NAMES);
      if (n > 0) {
        g_strfreev (self->in_names);
        self->in_names = g_new0 (gchar *, n + 1);
        for (i = 0; i < n; i++)
          gst_tag_list_get_string_index (tags, GST_SL_TAG_CHANNEL_NAMES, i,
              &self->in_names[i]);
        self->names_dirty = self->have_info;
        gst_event_unref (event);
        return TRUE;
      }
      break;
    }
    case GST_EVENT_FLUSH_STOP:
    case GST_EVENT_SEGMENT:
      self->need_restart = TRUE;
      break;
    case GST_EVENT_EOS:
      if (self->have_info)
        restart (self);
      break;
    default:
      break;
  }
  return gst_pad_event_default (pad, parent, event);
}

static gboolean
gst_sl_window_sink_query (GstPad *pad, GstObject *parent, GstQuery *query)
{
  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_CAPS: {
      /* any input caps of the template: the output follows from them */
      GstCaps *filter, *caps = gst_pad_get_pad_template_caps (pad);

      gst_query_parse_caps (query, &filter);
      if (filter) {
        GstCaps *tmp =
            gst_caps_intersect_full (filter, caps, GST_CAPS_INTERSECT_FIRST);

        gst_caps_unref (caps);
        caps = tmp;
      }
      gst_query_set_caps_result (query, caps);
      gst_caps_unref (caps);
      return TRUE;
    }
    case GST_QUERY_ALLOCATION:
      return FALSE;
    default:
      return gst_pad_query_default (pad, parent, query);
  }
}
