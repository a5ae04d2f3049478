/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slchaos
 * @title: slchaos
 *
 * A fault injector for tests and for drills: it lets frames through
 * unchanged, except the frames it selects, to which it does what `mode`
 * says:
 *
 * - `error`: posts an element error and returns GST_FLOW_ERROR;
 * - `drop`: drops the frame (counted in `dropped`);
 * - `delay`: holds the frame for `delay-ms`, then passes it;
 * - `corrupt`: overwrites every sample with NaN (F32 and F64 formats; any
 *   other format is overwritten with 0xff bytes);
 * - `stall`: holds the frame until the element is flushed or stopped.
 *
 * A frame is selected when any of these holds: its sequence id is listed in
 * `at`; `every` is N > 0 and the sequence id plus one is a multiple of N
 * (frames N-1, 2N-1, ...); or a uniform draw is below `probability`. The
 * draw is a hash of `seed`, the sequence id and the attempt (below), so a run
 * is reproducible and does not depend on timing or on restarts. Frames
 * without a DataFrame meta use the count of frames seen instead of a sequence
 * id.
 *
 * A frame that arrives again right after itself (the same sequence id twice
 * in a row, as when slresilient retries it) is a new attempt: with
 * `persistent=false` (default) it gets a fresh draw and `at`/`every` select
 * only its first attempt; with `persistent=true` a selected frame fails on
 * every attempt.
 *
 * `injected` counts the frames selected, `dropped` the frames dropped, since
 * the element was created: a restart (state NULL and back, as slresilient
 * does) does not reset them.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 ! slchaos mode=drop every=10 ! fakesink
 * ]| Drops frames 9, 19, ..., 99: 90 frames reach the sink.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=50 ! slchaos mode=corrupt at="<(guint64)3, (guint64)7>" ! fakesink
 * ]| Frames 3 and 7 reach the sink filled with NaN.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=200 ! slresilient.\( error-policy=skip-frame slchaos mode=error probability=0.1 seed=42 \) ! fakesink
 * ]| About one frame in ten fails; slresilient skips the failed frames and
 * the stream reaches its end.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include <gst/audio/audio.h>

#include "gstslchaos.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_chaos_debug);
#define GST_CAT_DEFAULT sl_chaos_debug

#define DEFAULT_MODE GST_SL_CHAOS_MODE_ERROR
#define DEFAULT_PROBABILITY 0.0
#define DEFAULT_SEED 0
#define DEFAULT_EVERY 0
#define DEFAULT_DELAY_MS 100
#define DEFAULT_PERSISTENT FALSE

enum
{
  PROP_0,
  PROP_MODE,
  PROP_PROBABILITY,
  PROP_SEED,
  PROP_EVERY,
  PROP_AT,
  PROP_DELAY_MS,
  PROP_PERSISTENT,
  PROP_INJECTED,
  PROP_DROPPED,
};

typedef enum
{
  SAMPLE_BYTES,
  SAMPLE_F32,
  SAMPLE_F64,
} SampleKind;

struct _GstSlChaos
{
  GstBaseTransform parent;

  /* properties, under the object lock */
  GstSlChaosMode mode;
  gdouble probability;
  guint seed;
  guint every;
  GArray *at; /* guint64 */
  guint delay_ms;
  gboolean persistent;
  guint64 injected;
  guint64 dropped;

  /* selection state: survives restarts on purpose */
  guint64 frames_seen;
  guint64 last_key;
  guint attempt;
  gboolean have_last;

  SampleKind kind;

  /* waiting (delay, stall) */
  GMutex wait_lock;
  GCond wait_cond;
  gboolean flushing;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

#define gst_sl_chaos_parent_class parent_class
G_DEFINE_TYPE (GstSlChaos, gst_sl_chaos, GST_TYPE_BASE_TRANSFORM);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slchaos, "slchaos", GST_RANK_NONE,
    GST_TYPE_SL_CHAOS, sl_element_init (plugin));

GType
gst_sl_chaos_mode_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_CHAOS_MODE_ERROR, "Post an element error and return a flow error",
        "error" },
    { GST_SL_CHAOS_MODE_DROP, "Drop the frame", "drop" },
    { GST_SL_CHAOS_MODE_DELAY, "Hold the frame for delay-ms", "delay" },
    { GST_SL_CHAOS_MODE_CORRUPT, "Overwrite the samples with NaN", "corrupt" },
    { GST_SL_CHAOS_MODE_STALL, "Hold the frame until flushed", "stall" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlChaosMode", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

static void gst_sl_chaos_finalize (GObject *object);
static void gst_sl_chaos_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_chaos_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static GstStateChangeReturn gst_sl_chaos_change_state (GstElement *element,
    GstStateChange transition);
static gboolean gst_sl_chaos_set_caps (GstBaseTransform *trans, GstCaps *incaps,
    GstCaps *outcaps);
static gboolean gst_sl_chaos_sink_event (GstBaseTransform *trans,
    GstEvent *event);
static GstFlowReturn gst_sl_chaos_transform_ip (GstBaseTransform *trans,
    GstBuffer *buf);

static void
gst_sl_chaos_class_init (GstSlChaosClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->set_property = gst_sl_chaos_set_property;
  gobject_class->get_property = gst_sl_chaos_get_property;
  gobject_class->finalize = gst_sl_chaos_finalize;

  g_object_class_install_property (gobject_class, PROP_MODE,
      g_param_spec_enum ("mode", "Mode", "What to do with a selected frame",
          GST_TYPE_SL_CHAOS_MODE, DEFAULT_MODE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_PROBABILITY,
      g_param_spec_double ("probability", "Probability",
          "Probability that a frame is selected (a reproducible draw from "
          "seed, sequence id and attempt)",
          0.0, 1.0, DEFAULT_PROBABILITY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_SEED,
      g_param_spec_uint ("seed", "Seed", "Seed of the draws", 0, G_MAXUINT,
          DEFAULT_SEED,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_EVERY,
      g_param_spec_uint ("every", "Every",
          "Select every N-th frame (sequence ids N-1, 2N-1, ...); 0 = off", 0,
          G_MAXUINT, DEFAULT_EVERY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_AT,
      gst_param_spec_array ("at", "At", "Sequence ids of the frames to select",
          g_param_spec_uint64 ("seq", "Seq", "A sequence id", 0, G_MAXUINT64, 0,
              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS),
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_DELAY_MS,
      g_param_spec_uint ("delay-ms", "Delay",
          "How long mode=delay holds a selected frame, in milliseconds", 0,
          3600000, DEFAULT_DELAY_MS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_PERSISTENT,
      g_param_spec_boolean ("persistent", "Persistent",
          "A selected frame is selected again when it is retried",
          DEFAULT_PERSISTENT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_INJECTED,
      sl_param_spec_counter ("injected", "Injected",
          "Frames selected since the element was created"));
  g_object_class_install_property (gobject_class, PROP_DROPPED,
      sl_param_spec_counter ("dropped", "Dropped",
          "Frames dropped (mode=drop) since the element was created"));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Fault injector",
      "Filter/Debug",
      "Fails, drops, delays, corrupts or stalls selected "
      "frames, for tests and drills",
      "gst-streamlab developers");

  element_class->change_state = GST_DEBUG_FUNCPTR (gst_sl_chaos_change_state);
  trans_class->set_caps = GST_DEBUG_FUNCPTR (gst_sl_chaos_set_caps);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_sl_chaos_sink_event);
  trans_class->transform_ip = GST_DEBUG_FUNCPTR (gst_sl_chaos_transform_ip);

  gst_type_mark_as_plugin_api (GST_TYPE_SL_CHAOS_MODE, 0);
  GST_DEBUG_CATEGORY_INIT (sl_chaos_debug, "slchaos", 0, "Fault injector");
}

static void
gst_sl_chaos_init (GstSlChaos *self)
{
  self->mode = DEFAULT_MODE;
  self->probability = DEFAULT_PROBABILITY;
  self->seed = DEFAULT_SEED;
  self->every = DEFAULT_EVERY;
  self->at = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->delay_ms = DEFAULT_DELAY_MS;
  self->persistent = DEFAULT_PERSISTENT;
  self->kind = SAMPLE_BYTES;
  g_mutex_init (&self->wait_lock);
  g_cond_init (&self->wait_cond);
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
}

static void
gst_sl_chaos_finalize (GObject *object)
{
  GstSlChaos *self = GST_SL_CHAOS (object);

  g_array_free (self->at, TRUE);
  g_mutex_clear (&self->wait_lock);
  g_cond_clear (&self->wait_cond);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_chaos_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstSlChaos *self = GST_SL_CHAOS (object);
  gboolean corrupt;
  guint i;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_PROBABILITY:
      self->probability = g_value_get_double (value);
      break;
    case PROP_SEED:
      self->seed = g_value_get_uint (value);
      break;
    case PROP_EVERY:
      self->every = g_value_get_uint (value);
      break;
    case PROP_AT:
      g_array_set_size (self->at, 0);
      for (i = 0; i < gst_value_array_get_size (value); i++) {
        guint64 seq = g_value_get_uint64 (gst_value_array_get_value (value, i));
        g_array_append_val (self->at, seq);
      }
      break;
    case PROP_DELAY_MS:
      self->delay_ms = g_value_get_uint (value);
      break;
    case PROP_PERSISTENT:
      self->persistent = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  corrupt = self->mode == GST_SL_CHAOS_MODE_CORRUPT;
  GST_OBJECT_UNLOCK (self);

  /* Only corrupt writes into frames; every other mode lets them through
   * untouched, without making them writable. */
  if (prop_id == PROP_MODE)
    gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), !corrupt);
}

static void
gst_sl_chaos_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlChaos *self = GST_SL_CHAOS (object);
  guint i;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_PROBABILITY:
      g_value_set_double (value, self->probability);
      break;
    case PROP_SEED:
      g_value_set_uint (value, self->seed);
      break;
    case PROP_EVERY:
      g_value_set_uint (value, self->every);
      break;
    case PROP_AT:
      for (i = 0; i < self->at->len; i++) {
        GValue v = G_VALUE_INIT;

        g_value_init (&v, G_TYPE_UINT64);
        g_value_set_uint64 (&v, g_array_index (self->at, guint64, i));
        gst_value_array_append_and_take_value (value, &v);
      }
      break;
    case PROP_DELAY_MS:
      g_value_set_uint (value, self->delay_ms);
      break;
    case PROP_PERSISTENT:
      g_value_set_boolean (value, self->persistent);
      break;
    case PROP_INJECTED:
      g_value_set_uint64 (value, self->injected);
      break;
    case PROP_DROPPED:
      g_value_set_uint64 (value, self->dropped);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
set_flushing (GstSlChaos *self, gboolean flushing)
{
  g_mutex_lock (&self->wait_lock);
  self->flushing = flushing;
  g_cond_broadcast (&self->wait_cond);
  g_mutex_unlock (&self->wait_lock);
}

static GstStateChangeReturn
gst_sl_chaos_change_state (GstElement *element, GstStateChange transition)
{
  GstSlChaos *self = GST_SL_CHAOS (element);

  /* A held frame is released before the pads are deactivated (which waits
   * for the streaming thread). */
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    set_flushing (self, TRUE);
  else if (transition == GST_STATE_CHANGE_READY_TO_PAUSED)
    set_flushing (self, FALSE);

  return GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
}

static gboolean
gst_sl_chaos_sink_event (GstBaseTransform *trans, GstEvent *event)
{
  GstSlChaos *self = GST_SL_CHAOS (trans);

  if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_START)
    set_flushing (self, TRUE);
  else if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP)
    set_flushing (self, FALSE);

  return GST_BASE_TRANSFORM_CLASS (parent_class)->sink_event (trans, event);
}

static gboolean
gst_sl_chaos_set_caps (GstBaseTransform *trans, GstCaps *incaps,
    GstCaps *outcaps)
{
  GstSlChaos *self = GST_SL_CHAOS (trans);
  GstAudioInfo info;

  self->kind = SAMPLE_BYTES;
  if (gst_audio_info_from_caps (&info, incaps) &&
      GST_AUDIO_INFO_IS_FLOAT (&info)) {
    if (GST_AUDIO_INFO_WIDTH (&info) == 64)
      self->kind = SAMPLE_F64;
    else if (GST_AUDIO_INFO_WIDTH (&info) == 32)
      self->kind = SAMPLE_F32;
  }
  return TRUE;
}

/* splitmix64 finaliser: a well-mixed 64-bit hash */
static guint64
mix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

/* The uniform draw in [0, 1) for a frame and attempt. */
static gdouble
draw (guint seed, guint64 key, guint attempt)
{
  guint64 h = mix64 (mix64 (mix64 (seed) ^ key) ^ attempt);

  return (h >> 11) * (1.0 / 9007199254740992.0);
}

/* Waits until @end_time (monotonic, -1 = forever) or until flushed.
 * Returns FALSE when flushed. */
static gboolean
wait_until (GstSlChaos *self, gint64 end_time)
{
  gboolean flushed;

  g_mutex_lock (&self->wait_lock);
  while (!self->flushing) {
    if (end_time < 0)
      g_cond_wait (&self->wait_cond, &self->wait_lock);
    else if (!g_cond_wait_until (&self->wait_cond, &self->wait_lock, end_time))
      break;
  }
  flushed = self->flushing;
  g_mutex_unlock (&self->wait_lock);
  return !flushed;
}

static void
corrupt (GstSlChaos *self, GstBuffer *buf)
{
  GstMapInfo map;
  gsize i;

  if (!gst_buffer_map (buf, &map, GST_MAP_WRITE))
    return;
  switch (self->kind) {
    case SAMPLE_F64: {
      gdouble *d = (gdouble *) map.data;

      for (i = 0; i < map.size / sizeof (gdouble); i++)
        d[i] = NAN;
      break;
    }
    case SAMPLE_F32: {
      gfloat *f = (gfloat *) map.data;

      for (i = 0; i < map.size / sizeof (gfloat); i++)
        f[i] = NAN;
      break;
    }
    default:
      memset (map.data, 0xff, map.size);
      break;
  }
  gst_buffer_unmap (buf, &map);
}

static GstFlowReturn
gst_sl_chaos_transform_ip (GstBaseTransform *trans, GstBuffer *buf)
{
  GstSlChaos *self = GST_SL_CHAOS (trans);
  GstSlChaosMode mode;
  guint64 key;
  guint attempt, delay_ms, i;
  gboolean selected = FALSE, first;

  if (!gst_sl_buffer_get_seq (buf, &key))
    key = self->frames_seen;
  self->frames_seen++;

  if (self->have_last && key == self->last_key)
    self->attempt++;
  else
    self->attempt = 0;
  self->last_key = key;
  self->have_last = TRUE;
  attempt = self->attempt;

  GST_OBJECT_LOCK (self);
  mode = self->mode;
  delay_ms = self->delay_ms;
  first = attempt == 0 || self->persistent;
  if (first && self->every > 0 && (key + 1) % self->every == 0)
    selected = TRUE;
  for (i = 0; first && !selected && i < self->at->len; i++)
    if (g_array_index (self->at, guint64, i) == key)
      selected = TRUE;
  if (!selected && self->probability > 0.0 &&
      draw (self->seed, key, self->persistent ? 0 : attempt) <
          self->probability)
    selected = TRUE;
  if (selected) {
    self->injected++;
    if (mode == GST_SL_CHAOS_MODE_DROP)
      self->dropped++;
  }
  GST_OBJECT_UNLOCK (self);

  if (!selected)
    return GST_FLOW_OK;

  GST_DEBUG_OBJECT (self,
      "injecting on frame %" G_GUINT64_FORMAT " (attempt %u)", key, attempt);

  switch (mode) {
    case GST_SL_CHAOS_MODE_ERROR:
      GST_ELEMENT_ERROR (self, STREAM, FAILED,
          (_ ("Fault injected by slchaos.")),
          ("injected error on frame %" G_GUINT64_FORMAT " (attempt %u)", key,
              attempt));
      return GST_FLOW_ERROR;
    case GST_SL_CHAOS_MODE_DROP:
      return GST_BASE_TRANSFORM_FLOW_DROPPED;
    case GST_SL_CHAOS_MODE_DELAY:
      if (!wait_until (self,
              g_get_monotonic_time () +
                  (gint64) delay_ms * G_TIME_SPAN_MILLISECOND))
        return GST_FLOW_FLUSHING;
      return GST_FLOW_OK;
    case GST_SL_CHAOS_MODE_CORRUPT:
      corrupt (self, buf);
      return GST_FLOW_OK;
    case GST_SL_CHAOS_MODE_STALL:
      wait_until (self, -1);
      return GST_FLOW_FLUSHING;
  }
  return GST_FLOW_OK;
}
