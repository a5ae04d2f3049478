/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slalert
 * @title: slalert
 *
 * Watches the samples of a stream against thresholds and posts an element
 * message `streamlab-alert` when a channel crosses one (`state` "raised")
 * and when it comes back (`state` "cleared"). The frames pass through
 * untouched (same buffers, meta and all).
 *
 * It is a separate element rather than a property of `slwindow` so that the
 * same rules apply to raw samples (`slsinesrc ! slalert above=0.9`) and to
 * any statistic (`slwindow statistics=rms ! slalert above=0.5`: each window
 * is one sample per statistic), and so that several alerts with their own
 * thresholds can watch one stream. `channel-name` selects a channel by its
 * name in the `sl-channel-names` tag (slwindow names its outputs
 * `<channel>.<statistic>`, e.g. `temp.rms`), `channel` by its index.
 *
 * ## Rules
 *
 * A channel is in alert when a sample is above `above` or below `below`
 * for `min-duration` consecutive samples (of that channel; one window per
 * sample after slwindow). It stays in alert until a sample comes back by
 * `hysteresis`: at or below `above - hysteresis` (at or above
 * `below + hysteresis`). NaN samples neither raise nor clear.
 *
 * The message carries `label` (the element's `label`, or its name),
 * `state`, `kind` ("above" or "below"), `channel` (index), `channel-name`
 * (when known), `value` (the sample that raised or cleared), `threshold`,
 * `seq` (the DataFrame seq of the frame holding that sample, or -1 as
 * G_MAXUINT64 when the frame has none), `sample` (its index in the frame)
 * and `timestamp` (its time in ns). `streamlab run --events` prints it as
 * one JSON line like every element message.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 -m slsinesrc num-buffers=10 amplitudes="<2.0>" ! slwindow length=480 statistics=peak ! slalert above=1.5 hysteresis=0.2 label=overload ! fakesink
 * ]| Raised on the first 10 ms window, whose peak is 2.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include <gst/base/gstbasetransform.h>
#include <gst/audio/audio.h>

#include <gst/streamlab/gstslmessages.h>
#include "gstsldataframe.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_alert_debug);
#define GST_CAT_DEFAULT sl_alert_debug

#define GST_TYPE_SL_ALERT (gst_sl_alert_get_type ())
G_DECLARE_FINAL_TYPE (GstSlAlert, gst_sl_alert, GST, SL_ALERT, GstBaseTransform)
GST_ELEMENT_REGISTER_DECLARE (slalert);

#define DEFAULT_ABOVE G_MAXDOUBLE
#define DEFAULT_BELOW (-G_MAXDOUBLE)
#define DEFAULT_HYSTERESIS 0.0
#define DEFAULT_MIN_DURATION 1
#define DEFAULT_CHANNEL -1

enum
{
  PROP_0,
  PROP_ABOVE,
  PROP_BELOW,
  PROP_HYSTERESIS,
  PROP_MIN_DURATION,
  PROP_CHANNEL,
  PROP_CHANNEL_NAME,
  PROP_LABEL,
  PROP_ALERTS_RAISED,
  PROP_ALERTS_CLEARED,
};

typedef struct
{
  gdouble above, below, hysteresis;
  guint min_duration;
  gint channel;
  gchar *channel_name;
  gchar *label;
} SlAlertSettings;

typedef struct
{
  gboolean active;
  gboolean above; /* the kind of the active alert */
  guint run;      /* consecutive samples beyond a threshold */
} SlAlertChannel;

struct _GstSlAlert
{
  GstBaseTransform parent;

  /* under the object lock */
  SlAlertSettings settings;
  guint64 raised, cleared;

  /* streaming thread */
  GstAudioInfo info;
  SlAlertChannel *chans;
  guint n_chans;
  gchar **names;
};

static GstStaticPadTemplate sink_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("sink", GST_PAD_SINK);

static GstStaticPadTemplate src_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("src", GST_PAD_SRC);

#define gst_sl_alert_parent_class parent_class
G_DEFINE_TYPE (GstSlAlert, gst_sl_alert, GST_TYPE_BASE_TRANSFORM);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slalert, "slalert", GST_RANK_NONE,
    GST_TYPE_SL_ALERT, sl_element_init (plugin));

static void
gst_sl_alert_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstSlAlert *self = GST_SL_ALERT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ABOVE:
      self->settings.above = g_value_get_double (value);
      break;
    case PROP_BELOW:
      self->settings.below = g_value_get_double (value);
      break;
    case PROP_HYSTERESIS:
      self->settings.hysteresis = g_value_get_double (value);
      break;
    case PROP_MIN_DURATION:
      self->settings.min_duration = g_value_get_uint (value);
      break;
    case PROP_CHANNEL:
      self->settings.channel = g_value_get_int (value);
      break;
    case PROP_CHANNEL_NAME:
      g_free (self->settings.channel_name);
      self->settings.channel_name = g_value_dup_string (value);
      break;
    case PROP_LABEL:
      g_free (self->settings.label);
      self->settings.label = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_alert_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlAlert *self = GST_SL_ALERT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ABOVE:
      g_value_set_double (value, self->settings.above);
      break;
    case PROP_BELOW:
      g_value_set_double (value, self->settings.below);
      break;
    case PROP_HYSTERESIS:
      g_value_set_double (value, self->settings.hysteresis);
      break;
    case PROP_MIN_DURATION:
      g_value_set_uint (value, self->settings.min_duration);
      break;
    case PROP_CHANNEL:
      g_value_set_int (value, self->settings.channel);
      break;
    case PROP_CHANNEL_NAME:
      g_value_set_string (value, self->settings.channel_name);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->settings.label);
      break;
    case PROP_ALERTS_RAISED:
      g_value_set_uint64 (value, self->raised);
      break;
    case PROP_ALERTS_CLEARED:
      g_value_set_uint64 (value, self->cleared);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_alert_finalize (GObject *object)
{
  GstSlAlert *self = GST_SL_ALERT (object);

  g_free (self->settings.channel_name);
  g_free (self->settings.label);
  g_free (self->chans);
  g_strfreev (self->names);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static gboolean
gst_sl_alert_set_caps (GstBaseTransform *trans, GstCaps *incaps,
    GstCaps *outcaps)
{
  GstSlAlert *self = GST_SL_ALERT (trans);
  GstAudioInfo info;

  if (!gst_audio_info_from_caps (&info, incaps))
    return FALSE;
  if (GST_AUDIO_INFO_CHANNELS (&info) != (gint) self->n_chans) {
    g_free (self->chans);
    self->n_chans = GST_AUDIO_INFO_CHANNELS (&info);
    self->chans = g_new0 (SlAlertChannel, self->n_chans);
  }
  self->info = info;
  return TRUE;
}

static gboolean
gst_sl_alert_start (GstBaseTransform *trans)
{
  GstSlAlert *self = GST_SL_ALERT (trans);

  GST_OBJECT_LOCK (self);
  self->raised = self->cleared = 0;
  GST_OBJECT_UNLOCK (self);
  if (self->chans)
    memset (self->chans, 0, self->n_chans * sizeof (SlAlertChannel));
  return TRUE;
}

static gboolean
gst_sl_alert_sink_event (GstBaseTransform *trans, GstEvent *event)
{
  GstSlAlert *self = GST_SL_ALERT (trans);

  if (GST_EVENT_TYPE (event) == GST_EVENT_TAG) {
    GstTagList *tags;
    gchar **names;

    gst_event_parse_tag (event, &tags);
    names = gst_sl_tag_list_get_channel_names (tags);
    if (names) {
      g_strfreev (self->names);
      self->names = names;
    }
  }
  return GST_BASE_TRANSFORM_CLASS (parent_class)->sink_event (trans, event);
}

static void
post_alert (GstSlAlert *self, const SlAlertSettings *s, gboolean raised,
    gboolean above, guint c, gdouble value, guint64 seq, guint64 sample,
    GstClockTime ts)
{
  const gchar *name = NULL;
  GstStructure *st;

  if (self->names && c < g_strv_length (self->names))
    name = self->names[c];
  st = gst_structure_new (GST_SL_MESSAGE_ALERT, "label", G_TYPE_STRING,
      s->label ? s->label : GST_OBJECT_NAME (self), "state", G_TYPE_STRING,
      raised ? "raised" : "cleared", "kind", G_TYPE_STRING,
      above ? "above" : "below", "channel", G_TYPE_UINT, c, "value",
      G_TYPE_DOUBLE, value, "threshold", G_TYPE_DOUBLE,
      above ? s->above : s->below, "seq", G_TYPE_UINT64, seq, "sample",
      G_TYPE_UINT64, sample, "timestamp", G_TYPE_UINT64, ts, NULL);
  if (name)
    gst_structure_set (st, "channel-name", G_TYPE_STRING, name, NULL);
  GST_OBJECT_LOCK (self);
  if (raised)
    self->raised++;
  else
    self->cleared++;
  GST_OBJECT_UNLOCK (self);
  GST_DEBUG_OBJECT (self, "%" GST_PTR_FORMAT, st);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), st));
}

static GstFlowReturn
gst_sl_alert_transform_ip (GstBaseTransform *trans, GstBuffer *buf)
{
  GstSlAlert *self = GST_SL_ALERT (trans);
  SlAlertSettings s;
  GstAudioBuffer abuf;
  guint64 seq = G_MAXUINT64;
  guint channels, c, rate;
  gboolean f64, inter;
  gsize i, n;

  GST_OBJECT_LOCK (self);
  s = self->settings;
  s.label = g_strdup (s.label);
  s.channel_name = g_strdup (s.channel_name);
  GST_OBJECT_UNLOCK (self);

  if (!gst_audio_buffer_map (&abuf, &self->info, buf, GST_MAP_READ)) {
    g_free (s.label);
    g_free (s.channel_name);
    return GST_FLOW_ERROR;
  }
  gst_sl_buffer_get_seq (buf, &seq);
  channels = GST_AUDIO_INFO_CHANNELS (&self->info);
  rate = GST_AUDIO_INFO_RATE (&self->info);
  f64 = GST_AUDIO_INFO_FORMAT (&self->info) == GST_AUDIO_FORMAT_F64LE;
  inter = GST_AUDIO_INFO_LAYOUT (&self->info) == GST_AUDIO_LAYOUT_INTERLEAVED;
  n = abuf.n_samples;

  for (c = 0; c < channels; c++) {
    SlAlertChannel *ch = &self->chans[c];

    if (s.channel >= 0 && (guint) s.channel != c)
      continue;
    if (s.channel_name &&
        !(self->names && c < g_strv_length (self->names) &&
            g_str_equal (self->names[c], s.channel_name)))
      continue;
    for (i = 0; i < n; i++) {
      gdouble v;
      GstClockTime ts;

      v = sl_sample_load (abuf.planes, channels, c, i, !f64, !inter);
      if (G_LIKELY (!ch->active)) {
        gboolean hi = v > s.above, lo = v < s.below;

        if (!hi && !lo) {
          ch->run = 0;
          continue;
        }
        if (++ch->run < MAX (s.min_duration, 1))
          continue;
        ch->active = TRUE;
        ch->above = hi;
        ch->run = 0;
        ts = GST_BUFFER_PTS_IS_VALID (buf) ? GST_BUFFER_PTS (buf) +
                gst_util_uint64_scale_int (i, GST_SECOND, rate)
                                           : GST_CLOCK_TIME_NONE;
        post_alert (self, &s, TRUE, hi, c, v, seq, i, ts);
      } else if ((ch->above && v <= s.above - s.hysteresis) ||
          (!ch->above && v >= s.below + s.hysteresis)) {
        ch->active = FALSE;
        ts = GST_BUFFER_PTS_IS_VALID (buf) ? GST_BUFFER_PTS (buf) +
                gst_util_uint64_scale_int (i, GST_SECOND, rate)
                                           : GST_CLOCK_TIME_NONE;
        post_alert (self, &s, FALSE, ch->above, c, v, seq, i, ts);
      }
    }
  }
  gst_audio_buffer_unmap (&abuf);
  g_free (s.label);
  g_free (s.channel_name);
  return GST_FLOW_OK;
}

static void
gst_sl_alert_class_init (GstSlAlertClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->set_property = gst_sl_alert_set_property;
  gobject_class->get_property = gst_sl_alert_get_property;
  gobject_class->finalize = gst_sl_alert_finalize;

  g_object_class_install_property (gobject_class, PROP_ABOVE,
      g_param_spec_double ("above", "Above",
          "Raise when a sample is above this value (the largest double: "
          "off)",
          -G_MAXDOUBLE, G_MAXDOUBLE, DEFAULT_ABOVE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_BELOW,
      g_param_spec_double ("below", "Below",
          "Raise when a sample is below this value (the lowest double: off)",
          -G_MAXDOUBLE, G_MAXDOUBLE, DEFAULT_BELOW,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_HYSTERESIS,
      g_param_spec_double ("hysteresis", "Hysteresis",
          "How far back past the threshold a sample must come to clear the "
          "alert",
          0.0, G_MAXDOUBLE, DEFAULT_HYSTERESIS,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MIN_DURATION,
      g_param_spec_uint ("min-duration", "Minimum duration",
          "Consecutive samples of a channel beyond a threshold before the "
          "alert is raised",
          1, G_MAXUINT, DEFAULT_MIN_DURATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_CHANNEL,
      g_param_spec_int ("channel", "Channel",
          "Index of the only channel watched (-1: every channel)", -1, G_MAXINT,
          DEFAULT_CHANNEL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_CHANNEL_NAME,
      g_param_spec_string ("channel-name", "Channel name",
          "Name (in the sl-channel-names tag) of the only channel watched, "
          "e.g. 'ch0.rms' after slwindow (NULL: every channel)",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_LABEL,
      g_param_spec_string ("label", "Label",
          "Text carried by the messages, e.g. what to notify (NULL: the "
          "element's name)",
          NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_ALERTS_RAISED,
      sl_param_spec_counter ("alerts-raised", "Alerts raised",
          "Alerts raised since the element started"));
  g_object_class_install_property (gobject_class, PROP_ALERTS_CLEARED,
      sl_param_spec_counter ("alerts-cleared", "Alerts cleared",
          "Alerts cleared since the element started"));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "StreamLab alert",
      "Filter/Analyzer/Audio",
      "Posts streamlab-alert messages when samples or statistics cross "
      "thresholds, with hysteresis and a minimum duration",
      "gst-streamlab developers");

  trans_class->set_caps = GST_DEBUG_FUNCPTR (gst_sl_alert_set_caps);
  trans_class->start = GST_DEBUG_FUNCPTR (gst_sl_alert_start);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_sl_alert_sink_event);
  trans_class->transform_ip = GST_DEBUG_FUNCPTR (gst_sl_alert_transform_ip);
  trans_class->passthrough_on_same_caps = TRUE;

  GST_DEBUG_CATEGORY_INIT (sl_alert_debug, "slalert", 0, "StreamLab alert");
}

static void
gst_sl_alert_init (GstSlAlert *self)
{
  self->settings.above = DEFAULT_ABOVE;
  self->settings.below = DEFAULT_BELOW;
  self->settings.hysteresis = DEFAULT_HYSTERESIS;
  self->settings.min_duration = DEFAULT_MIN_DURATION;
  self->settings.channel = DEFAULT_CHANNEL;
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
}
