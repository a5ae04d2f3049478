/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slvalidate
 * @title: slvalidate
 *
 * Checks every frame against the stream's rules: its "schema" is its caps
 * plus these rules. A frame that breaks a rule is passed on, dropped or sent
 * to the `deadletter` pad (`action`), with the first broken rule in its
 * metadata, and every broken rule is counted.
 *
 * ## Rules
 *
 * * `finite` (rule "finite"): every sample is a number (no NaN, no
 *   infinity).
 * * `min`, `max` (rule "range"): each sample of channel c lies within
 *   min[c] .. max[c]; one value applies to every channel, an empty array
 *   means no bound.
 * * `max-change` (rule "rate-of-change"): from one sample to the next of
 *   channel c (across frames, restarting after a DISCONT or a flush), the
 *   value changes by at most max-change[c]. Samples that break `finite` or
 *   the range are left out of it: the change is measured from the last
 *   sample that kept both.
 * * `channels` (rule "channels") and `rate` (rule "rate"): the stream's
 *   caps have this many channels and this sample rate (0: any). Every frame
 *   of a stream that does not match breaks the rule.
 *
 * A frame that breaks a rule gets the metadata `validation-rule` (the
 * first rule broken, in the order above), `validation-channel` (the first
 * channel that broke it, or `-` for the caps rules) and `validation-value`
 * (the sample, or the caps value). The counters `frames-in`, `frames-valid`,
 * `frames-invalid`, `frames-dropped`, `frames-dead-lettered`, and per rule
 * `breaks-finite`, `breaks-range`, `breaks-rate-of-change`,
 * `breaks-channels`, `breaks-rate` (frames that broke it) account for
 * every frame: frames-in = frames-valid + frames-invalid, and an invalid
 * frame is passed, dropped or dead-lettered.
 *
 * ## The deadletter pad
 *
 * It carries the same caps and events as `src`. When a frame goes to one
 * pad, the other gets a GAP event for its time, so that sinks on both
 * branches preroll and keep time whatever the frames do. As after a
 * `tee`, each branch needs its own thread (a `queue`) when both lead to
 * sinks: one thread cannot wait in two sinks' preroll. An unlinked
 * deadletter pad drops its frames (still counted as dead-lettered).
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=20 ! slvalidate min="<-0.5>" max="<0.5>" action=drop ! fakesink
 * ]| Drops the frames of a unit sine that go beyond ±0.5 (all of them).
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=50 ! slchaos mode=corrupt probability=0.2 seed=1 ! slvalidate name=v action=dead-letter v.src ! queue ! fakesink v.deadletter ! queue ! slprint
 * ]| Frames with NaN samples printed from the dead-letter branch.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include <gst/audio/audio.h>

#include "gstsldataframe.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_validate_debug);
#define GST_CAT_DEFAULT sl_validate_debug

#define GST_TYPE_SL_VALIDATE (gst_sl_validate_get_type ())
G_DECLARE_FINAL_TYPE (GstSlValidate, gst_sl_validate, GST, SL_VALIDATE,
    GstElement)
GST_ELEMENT_REGISTER_DECLARE (slvalidate);

typedef enum
{
  GST_SL_VALIDATE_ACTION_PASS,
  GST_SL_VALIDATE_ACTION_DROP,
  GST_SL_VALIDATE_ACTION_DEAD_LETTER,
} GstSlValidateAction;

#define GST_TYPE_SL_VALIDATE_ACTION (gst_sl_validate_action_get_type ())
static GType gst_sl_validate_action_get_type (void);

enum
{
  RULE_FINITE,
  RULE_RANGE,
  RULE_CHANGE,
  RULE_CHANNELS,
  RULE_RATE,
  N_RULES
};

static const gchar *rule_names[N_RULES] = { "finite", "range", "rate-of-change",
  "channels", "rate" };

enum
{
  PROP_0,
  PROP_ACTION,
  PROP_FINITE,
  PROP_MIN,
  PROP_MAX,
  PROP_MAX_CHANGE,
  PROP_CHANNELS,
  PROP_RATE,
  PROP_FRAMES_IN,
  PROP_FRAMES_VALID,
  PROP_FRAMES_INVALID,
  PROP_FRAMES_DROPPED,
  PROP_FRAMES_DEAD_LETTERED,
  PROP_BREAKS_FIRST,
};

typedef struct
{
  GstSlValidateAction action;
  gboolean finite;
  GArray *min, *max, *change; /* gdouble */
  gint channels, rate;
} SlValidateSettings;

struct _GstSlValidate
{
  GstElement parent;

  GstPad *sinkpad, *srcpad, *dlpad;

  /* under the object lock */
  SlValidateSettings settings;
  gboolean dirty;
  guint64 frames_in, frames_valid, frames_invalid, frames_dropped, frames_dead;
  guint64 breaks[N_RULES];

  /* streaming thread */
  GstAudioInfo info;
  gboolean have_info;
  SlValidateSettings cur; /* copy, arrays expanded to the channels */
  gdouble *last;          /* last in-range sample per channel, NaN:
                                 * none since the last restart */
};

static GstStaticPadTemplate sink_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("sink", GST_PAD_SINK);

static GstStaticPadTemplate src_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("src", GST_PAD_SRC);

static GstStaticPadTemplate dl_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("deadletter", GST_PAD_SRC);

#define gst_sl_validate_parent_class parent_class
G_DEFINE_TYPE (GstSlValidate, gst_sl_validate, GST_TYPE_ELEMENT);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slvalidate, "slvalidate", GST_RANK_NONE,
    GST_TYPE_SL_VALIDATE, sl_element_init (plugin));

static GType
gst_sl_validate_action_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_VALIDATE_ACTION_PASS, "Pass the frame on, marked", "pass" },
    { GST_SL_VALIDATE_ACTION_DROP, "Drop the frame", "drop" },
    { GST_SL_VALIDATE_ACTION_DEAD_LETTER,
        "Send the frame to the deadletter pad", "dead-letter" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlValidateAction", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

static void
gst_sl_validate_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec)
{
  GstSlValidate *self = GST_SL_VALIDATE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ACTION:
      self->settings.action = g_value_get_enum (value);
      break;
    case PROP_FINITE:
      self->settings.finite = g_value_get_boolean (value);
      break;
    case PROP_MIN:
      sl_value_array_to_doubles (value, self->settings.min);
      break;
    case PROP_MAX:
      sl_value_array_to_doubles (value, self->settings.max);
      break;
    case PROP_MAX_CHANGE:
      sl_value_array_to_doubles (value, self->settings.change);
      break;
    case PROP_CHANNELS:
      self->settings.channels = g_value_get_int (value);
      break;
    case PROP_RATE:
      self->settings.rate = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  self->dirty = TRUE;
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_validate_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlValidate *self = GST_SL_VALIDATE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ACTION:
      g_value_set_enum (value, self->settings.action);
      break;
    case PROP_FINITE:
      g_value_set_boolean (value, self->settings.finite);
      break;
    case PROP_MIN:
      sl_value_array_from_doubles (value,
          (const gdouble *) self->settings.min->data, self->settings.min->len);
      break;
    case PROP_MAX:
      sl_value_array_from_doubles (value,
          (const gdouble *) self->settings.max->data, self->settings.max->len);
      break;
    case PROP_MAX_CHANGE:
      sl_value_array_from_doubles (value,
          (const gdouble *) self->settings.change->data,
          self->settings.change->len);
      break;
    case PROP_CHANNELS:
      g_value_set_int (value, self->settings.channels);
      break;
    case PROP_RATE:
      g_value_set_int (value, self->settings.rate);
      break;
    case PROP_FRAMES_IN:
      g_value_set_uint64 (value, self->frames_in);
      break;
    case PROP_FRAMES_VALID:
      g_value_set_uint64 (value, self->frames_valid);
      break;
    case PROP_FRAMES_INVALID:
      g_value_set_uint64 (value, self->frames_invalid);
      break;
    case PROP_FRAMES_DROPPED:
      g_value_set_uint64 (value, self->frames_dropped);
      break;
    case PROP_FRAMES_DEAD_LETTERED:
      g_value_set_uint64 (value, self->frames_dead);
      break;
    default:
      if (prop_id >= PROP_BREAKS_FIRST && prop_id < PROP_BREAKS_FIRST + N_RULES)
        g_value_set_uint64 (value, self->breaks[prop_id - PROP_BREAKS_FIRST]);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
free_settings (SlValidateSettings *s)
{
  g_clear_pointer (&s->min, g_array_unref);
  g_clear_pointer (&s->max, g_array_unref);
  g_clear_pointer (&s->change, g_array_unref);
}

static void
gst_sl_validate_finalize (GObject *object)
{
  GstSlValidate *self = GST_SL_VALIDATE (object);

  free_settings (&self->settings);
  free_settings (&self->cur);
  g_free (self->last);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

/* @src expanded to @n values (one value: for every channel; none: @dflt) */
static GArray *
expand (GArray *src, guint n, gdouble dflt)
{
  GArray *res = g_array_sized_new (FALSE, FALSE, sizeof (gdouble), n);
  guint i;

  for (i = 0; i < n; i++) {
    gdouble v = dflt;

    if (src->len == 1)
      v = g_array_index (src, gdouble, 0);
    else if (i < src->len)
      v = g_array_index (src, gdouble, i);
    g_array_append_val (res, v);
  }
  return res;
}

/* Takes the settings for the streaming thread when they changed. */
static void
snapshot (GstSlValidate *self)
{
  guint n = GST_AUDIO_INFO_CHANNELS (&self->info);

  GST_OBJECT_LOCK (self);
  if (!self->dirty && self->cur.min) {
    GST_OBJECT_UNLOCK (self);
    return;
  }
  free_settings (&self->cur);
  self->cur = self->settings;
  self->cur.min = expand (self->settings.min, n, -INFINITY);
  self->cur.max = expand (self->settings.max, n, INFINITY);
  self->cur.change = expand (self->settings.change, n, INFINITY);
  self->dirty = FALSE;
  GST_OBJECT_UNLOCK (self);
}

static void
forget_last (GstSlValidate *self)
{
  guint c;

  if (self->last)
    for (c = 0; c < (guint) GST_AUDIO_INFO_CHANNELS (&self->info); c++)
      self->last[c] = NAN;
}

static GstStateChangeReturn
gst_sl_validate_change_state (GstElement *element, GstStateChange transition)
{
  GstSlValidate *self = GST_SL_VALIDATE (element);

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    GST_OBJECT_LOCK (self);
    self->frames_in = self->frames_valid = self->frames_invalid = 0;
    self->frames_dropped = self->frames_dead = 0;
    memset (self->breaks, 0, sizeof self->breaks);
    GST_OBJECT_UNLOCK (self);
    forget_last (self);
  }
  return GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
}

static void
push_gap (GstPad *pad, GstBuffer *buf)
{
  GstClockTime pts = GST_BUFFER_PTS (buf), dur = GST_BUFFER_DURATION (buf);

  /* an unlinked pad needs no gap (and the frame costs no event) */
  if (GST_CLOCK_TIME_IS_VALID (pts) && gst_pad_is_linked (pad))
    gst_pad_push_event (pad, gst_event_new_gap (pts, dur));
}

static GstFlowReturn
gst_sl_validate_chain (GstPad *pad, GstObject *parent, GstBuffer *buf)
{
  GstSlValidate *self = GST_SL_VALIDATE (parent);
  guint channels, c, first_rule = N_RULES;
  gboolean broke[N_RULES] = {
    FALSE,
  };
  gint first_channel = -1;
  gdouble first_value = 0.0;
  GstAudioBuffer abuf;
  gboolean f64, inter;
  GstSlValidateAction action;
  GstFlowReturn ret = GST_FLOW_OK;
  gsize i, n;

  if (G_UNLIKELY (!self->have_info)) {
    gst_buffer_unref (buf);
    return GST_FLOW_NOT_NEGOTIATED;
  }
  snapshot (self);
  if (GST_BUFFER_IS_DISCONT (buf))
    forget_last (self);

  channels = GST_AUDIO_INFO_CHANNELS (&self->info);
  if (self->cur.channels && (gint) channels != self->cur.channels) {
    broke[RULE_CHANNELS] = TRUE;
    first_rule = RULE_CHANNELS;
    first_value = channels;
  }
  if (self->cur.rate && GST_AUDIO_INFO_RATE (&self->info) != self->cur.rate) {
    broke[RULE_RATE] = TRUE;
    if (first_rule == N_RULES) {
      first_rule = RULE_RATE;
      first_value = GST_AUDIO_INFO_RATE (&self->info);
    }
  }

  if (!gst_audio_buffer_map (&abuf, &self->info, buf, GST_MAP_READ)) {
    SL_ELEMENT_ERROR_UNMAPPED (self, buf);
    gst_buffer_unref (buf);
    return GST_FLOW_ERROR;
  }
  f64 = GST_AUDIO_INFO_FORMAT (&self->info) == GST_AUDIO_FORMAT_F64LE;
  inter = GST_AUDIO_INFO_LAYOUT (&self->info) == GST_AUDIO_LAYOUT_INTERLEAVED;
  n = abuf.n_samples;
  for (c = 0; c < channels; c++) {
    gdouble lo = g_array_index (self->cur.min, gdouble, c);
    gdouble hi = g_array_index (self->cur.max, gdouble, c);
    gdouble dmax = g_array_index (self->cur.change, gdouble, c);
    gdouble prev = self->last[c];
    gboolean have_prev = !isnan (prev);

    for (i = 0; i < n; i++) {
      gdouble v;
      gint rule = -1;

      v = sl_sample_load (abuf.planes, channels, c, i, !f64, !inter);
      if (!isfinite (v)) {
        if (self->cur.finite)
          rule = RULE_FINITE;
      } else if (v < lo || v > hi) {
        rule = RULE_RANGE;
      } else {
        /* the change is measured between samples that are in range */
        if (have_prev && fabs (v - prev) > dmax)
          rule = RULE_CHANGE;
        prev = v;
        have_prev = TRUE;
      }
      if (G_LIKELY (rule < 0))
        continue;
      broke[rule] = TRUE;
      /* the first rule in the documented order, its first channel */
      if ((guint) rule < first_rule) {
        first_rule = rule;
        first_channel = c;
        first_value = v;
      }
    }
    self->last[c] = have_prev ? prev : NAN;
  }
  gst_audio_buffer_unmap (&abuf);

  action = self->cur.action;
  GST_OBJECT_LOCK (self);
  self->frames_in++;
  if (first_rule == N_RULES) {
    self->frames_valid++;
  } else {
    self->frames_invalid++;
    for (c = 0; c < N_RULES; c++)
      if (broke[c])
        self->breaks[c]++;
    if (action == GST_SL_VALIDATE_ACTION_DROP)
      self->frames_dropped++;
    else if (action == GST_SL_VALIDATE_ACTION_DEAD_LETTER)
      self->frames_dead++;
  }
  GST_OBJECT_UNLOCK (self);

  if (first_rule == N_RULES) {
    push_gap (self->dlpad, buf);
    return gst_pad_push (self->srcpad, buf);
  }

  GST_LOG_OBJECT (self, "frame breaks rule %s (channel %d, value %g)",
      rule_names[first_rule], first_channel, first_value);
  if (action == GST_SL_VALIDATE_ACTION_DROP) {
    push_gap (self->srcpad, buf);
    push_gap (self->dlpad, buf);
    gst_buffer_unref (buf);
    return GST_FLOW_OK;
  }
  {
    gchar num[G_ASCII_DTOSTR_BUF_SIZE];

    /* written in place on a pooled frame that carried them before: no
     * allocation per invalid frame either */
    buf = gst_buffer_make_writable (buf);
    gst_sl_buffer_set_metadata_text (buf, "validation-rule",
        rule_names[first_rule]);
    if (first_channel >= 0)
      gst_sl_buffer_set_metadata_uint64 (buf, "validation-channel",
          first_channel);
    else
      gst_sl_buffer_set_metadata_text (buf, "validation-channel", "-");
    g_ascii_dtostr (num, sizeof num, first_value);
    gst_sl_buffer_set_metadata_text (buf, "validation-value", num);
  }
  if (action == GST_SL_VALIDATE_ACTION_PASS) {
    push_gap (self->dlpad, buf);
    return gst_pad_push (self->srcpad, buf);
  }
  push_gap (self->srcpad, buf);
  ret = gst_pad_push (self->dlpad, buf);
  /* an unlinked deadletter pad is not an error of the main stream */
  if (ret == GST_FLOW_NOT_LINKED)
    ret = GST_FLOW_OK;
  return ret;
}

static gboolean
gst_sl_validate_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstSlValidate *self = GST_SL_VALIDATE (parent);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS: {
      GstCaps *caps;
      GstAudioInfo info;

      gst_event_parse_caps (event, &caps);
      if (!gst_audio_info_from_caps (&info, caps)) {
        gst_event_unref (event);
        return FALSE;
      }
      self->info = info;
      self->have_info = TRUE;
      g_free (self->last);
      self->last = g_new0 (gdouble, GST_AUDIO_INFO_CHANNELS (&info));
      forget_last (self);
      GST_OBJECT_LOCK (self);
      self->dirty = TRUE;
      GST_OBJECT_UNLOCK (self);
      /* both source pads carry the input's caps */
      gst_pad_push_event (self->dlpad, gst_event_ref (event));
      return gst_pad_push_event (self->srcpad, event);
    }
    case GST_EVENT_FLUSH_STOP:
      forget_last (self);
      break;
    default:
      break;
  }
  return gst_pad_event_default (pad, parent, event);
}

static gboolean
gst_sl_validate_sink_query (GstPad *pad, GstObject *parent, GstQuery *query)
{
  GstSlValidate *self = GST_SL_VALIDATE (parent);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_CAPS:
    case GST_QUERY_ACCEPT_CAPS:
      /* the main branch decides; the deadletter branch takes the same */
      if (gst_pad_peer_query (self->srcpad, query))
        return TRUE;
      return gst_pad_query_default (pad, parent, query);
    case GST_QUERY_ALLOCATION:
      return gst_pad_peer_query (self->srcpad, query);
    default:
      return gst_pad_query_default (pad, parent, query);
  }
}

static GParamSpec *
array_spec (const gchar *name, const gchar *nick, const gchar *blurb)
{
  return gst_param_spec_array (name, nick, blurb,
      g_param_spec_double ("value", "Value", "One value per channel",
          -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS),
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
}

static void
gst_sl_validate_class_init (GstSlValidateClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  guint r;

  gobject_class->set_property = gst_sl_validate_set_property;
  gobject_class->get_property = gst_sl_validate_get_property;
  gobject_class->finalize = gst_sl_validate_finalize;

  g_object_class_install_property (gobject_class, PROP_ACTION,
      g_param_spec_enum ("action", "Action",
          "What happens to a frame that breaks a rule",
          GST_TYPE_SL_VALIDATE_ACTION, GST_SL_VALIDATE_ACTION_PASS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_FINITE,
      g_param_spec_boolean ("finite", "Finite",
          "Rule 'finite': every sample is a number (no NaN or infinity)", TRUE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MIN,
      array_spec ("min", "Minimum",
          "Rule 'range': lowest value per channel (one value: every "
          "channel; empty: no bound), e.g. min=\"<0.0, -5.0>\""));
  g_object_class_install_property (gobject_class, PROP_MAX,
      array_spec ("max", "Maximum",
          "Rule 'range': highest value per channel (one value: every "
          "channel; empty: no bound)"));
  g_object_class_install_property (gobject_class, PROP_MAX_CHANGE,
      array_spec ("max-change", "Maximum change",
          "Rule 'rate-of-change': largest change from one sample to the "
          "next per channel (one value: every channel; empty: no bound)"));
  g_object_class_install_property (gobject_class, PROP_CHANNELS,
      g_param_spec_int ("channels", "Channels",
          "Rule 'channels': the stream has this many channels (0: any)", 0,
          G_MAXINT, 0,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_RATE,
      g_param_spec_int ("rate", "Rate",
          "Rule 'rate': the stream has this sample rate in Hz (0: any)", 0,
          G_MAXINT, 0,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_FRAMES_IN,
      sl_param_spec_counter ("frames-in", "Frames in",
          "Frames checked since the element started"));
  g_object_class_install_property (gobject_class, PROP_FRAMES_VALID,
      sl_param_spec_counter ("frames-valid", "Frames valid",
          "Frames that broke no rule"));
  g_object_class_install_property (gobject_class, PROP_FRAMES_INVALID,
      sl_param_spec_counter ("frames-invalid", "Frames invalid",
          "Frames that broke at least one rule"));
  g_object_class_install_property (gobject_class, PROP_FRAMES_DROPPED,
      sl_param_spec_counter ("frames-dropped", "Frames dropped",
          "Invalid frames dropped (action=drop)"));
  g_object_class_install_property (gobject_class, PROP_FRAMES_DEAD_LETTERED,
      sl_param_spec_counter ("frames-dead-lettered", "Frames dead-lettered",
          "Invalid frames sent to the deadletter pad (action=dead-letter)"));
  for (r = 0; r < N_RULES; r++) {
    gchar *name = g_strdup_printf ("breaks-%s", rule_names[r]);
    gchar *blurb =
        g_strdup_printf ("Frames that broke the rule '%s'", rule_names[r]);

    g_object_class_install_property (gobject_class, PROP_BREAKS_FIRST + r,
        sl_param_spec_counter (g_intern_string (name), g_intern_string (name),
            g_intern_string (blurb)));
    g_free (name);
    g_free (blurb);
  }

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_add_static_pad_template (element_class, &dl_template);
  gst_element_class_set_static_metadata (element_class, "StreamLab validate",
      "Filter/Analyzer/Audio",
      "Checks every frame against per-channel rules (finite, range, rate "
      "of change, channels, rate); passes, drops or dead-letters the frames "
      "that break one, counted per rule",
      "gst-streamlab developers");
  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_sl_validate_change_state);

  gst_type_mark_as_plugin_api (GST_TYPE_SL_VALIDATE_ACTION, 0);
  GST_DEBUG_CATEGORY_INIT (sl_validate_debug, "slvalidate", 0,
      "StreamLab validate");
}

static void
gst_sl_validate_init (GstSlValidate *self)
{
  self->settings.action = GST_SL_VALIDATE_ACTION_PASS;
  self->settings.finite = TRUE;
  self->settings.min = g_array_new (FALSE, FALSE, sizeof (gdouble));
  self->settings.max = g_array_new (FALSE, FALSE, sizeof (gdouble));
  self->settings.change = g_array_new (FALSE, FALSE, sizeof (gdouble));
  self->dirty = TRUE;

  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_validate_chain));
  gst_pad_set_event_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_validate_sink_event));
  gst_pad_set_query_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_validate_sink_query));
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);
  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_use_fixed_caps (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);
  self->dlpad = gst_pad_new_from_static_template (&dl_template, "deadletter");
  gst_pad_use_fixed_caps (self->dlpad);
  gst_element_add_pad (GST_ELEMENT (self), self->dlpad);
}
