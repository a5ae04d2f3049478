/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slprint
 * @title: slprint
 *
 * A sink that prints one line per DataFrame on standard output: StreamLab's
 * Print / DebugSinkNode. Each line holds the label, the frame's sequence id
 * (from `SlDataFrameMeta`, `-` when the buffer has none), its timestamp in
 * microseconds, the channel count, the samples per channel and the first
 * `max-samples` values of every channel:
 *
 * |[
 * sine seq=2 ts_us=10666 channels=2 samples=256 [0: 0.000000 0.057564] [1: ...]
 * ]|
 *
 * `label` defaults to the element's name. Values are printed with `%.6f` in the C locale,
 * so that two runs of the same pipeline print the same text. The sink does
 * not synchronise on the clock by default (`sync=false`); each line is
 * written with one call and flushed, so lines of several sinks never mix.
 * It accepts F64LE and F32LE samples, interleaved or not.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=3 samplesperbuffer=8 ! slprint label=sine
 * ]| Print three frames of a 440 Hz sine.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=2 frequencies="<100.0, 200.0>" ! slprint max-samples=2
 * ]| Two channels, the first two values of each.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include <gst/audio/audio.h>

#include "gstslprint.h"
#include "gstsldataframe.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_print_debug);
#define GST_CAT_DEFAULT sl_print_debug

#define DEFAULT_LABEL NULL
#define DEFAULT_MAX_SAMPLES 4
#define MAX_MAX_SAMPLES 64
#define LINE_SIZE 8192

enum
{
  PROP_0,
  PROP_LABEL,
  PROP_MAX_SAMPLES,
};

struct _GstSlPrint
{
  GstBaseSink parent;

  /* properties, under the object lock */
  gchar *label;
  gint max_samples;

  GstAudioInfo info;
  gchar line[LINE_SIZE]; /* one line, reused for every frame */
};

static GstStaticPadTemplate sink_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("sink", GST_PAD_SINK);

/* one writer at a time, for every slprint of the process */
static GMutex print_lock;

#define gst_sl_print_parent_class parent_class
G_DEFINE_TYPE (GstSlPrint, gst_sl_print, GST_TYPE_BASE_SINK);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slprint, "slprint", GST_RANK_NONE,
    GST_TYPE_SL_PRINT, sl_element_init (plugin));

static void gst_sl_print_finalize (GObject *object);
static void gst_sl_print_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_print_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static gboolean gst_sl_print_set_caps (GstBaseSink *sink, GstCaps *caps);
static GstFlowReturn gst_sl_print_render (GstBaseSink *sink, GstBuffer *buffer);

static void
gst_sl_print_class_init (GstSlPrintClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *bsink_class = GST_BASE_SINK_CLASS (klass);

  gobject_class->set_property = gst_sl_print_set_property;
  gobject_class->get_property = gst_sl_print_get_property;
  gobject_class->finalize = gst_sl_print_finalize;

  g_object_class_install_property (gobject_class, PROP_LABEL,
      g_param_spec_string ("label", "Label",
          "Text at the start of every line (default: the element's name)",
          DEFAULT_LABEL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MAX_SAMPLES,
      g_param_spec_int ("max-samples", "Max samples",
          "Values printed per channel (the first ones of the frame)", 0,
          MAX_MAX_SAMPLES, DEFAULT_MAX_SAMPLES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class, "StreamLab print sink",
      "Sink/Audio",
      "Prints one line per DataFrame: label, seq, timestamp, channels and "
      "the first samples",
      "gst-streamlab developers");

  bsink_class->set_caps = GST_DEBUG_FUNCPTR (gst_sl_print_set_caps);
  bsink_class->render = GST_DEBUG_FUNCPTR (gst_sl_print_render);

  GST_DEBUG_CATEGORY_INIT (sl_print_debug, "slprint", 0,
      "StreamLab print sink");
}

static void
gst_sl_print_init (GstSlPrint *self)
{
  self->label = g_strdup (DEFAULT_LABEL);
  self->max_samples = DEFAULT_MAX_SAMPLES;
  gst_audio_info_init (&self->info);
  gst_base_sink_set_sync (GST_BASE_SINK (self), FALSE);
}

static void
gst_sl_print_finalize (GObject *object)
{
  GstSlPrint *self = GST_SL_PRINT (object);

  g_free (self->label);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_print_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstSlPrint *self = GST_SL_PRINT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LABEL:
      g_free (self->label);
      self->label = g_value_dup_string (value);
      break;
    case PROP_MAX_SAMPLES:
      self->max_samples = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_print_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlPrint *self = GST_SL_PRINT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_MAX_SAMPLES:
      g_value_set_int (value, self->max_samples);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static gboolean
gst_sl_print_set_caps (GstBaseSink *sink, GstCaps *caps)
{
  GstSlPrint *self = GST_SL_PRINT (sink);
  GstAudioInfo info;

  if (!gst_audio_info_from_caps (&info, caps)) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
        (_ ("Could not negotiate a format.")),
        ("invalid caps %" GST_PTR_FORMAT, caps));
    return FALSE;
  }
  GST_OBJECT_LOCK (self);
  self->info = info;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static gsize append (gchar *line, gsize len, const gchar *format, ...)
    G_GNUC_PRINTF (3, 4);

static gsize
append (gchar *line, gsize len, const gchar *format, ...)
{
  va_list args;
  gint n;

  if (len >= LINE_SIZE - 1)
    return len;
  va_start (args, format);
  n = g_vsnprintf (line + len, LINE_SIZE - len, format, args);
  va_end (args);
  if (n < 0)
    return len;
  return MIN (len + (gsize) n, LINE_SIZE - 1);
}

/* Contiguous planes, @size bytes in all. */
static gsize
print_samples (gchar *line, gsize len, const GstAudioInfo *info,
    const guint8 *data, gsize size, gint max_samples)
{
  gint channels = GST_AUDIO_INFO_CHANNELS (info), c, i;
  gint bps = GST_AUDIO_INFO_BPS (info);
  gboolean f64 = GST_AUDIO_INFO_FORMAT (info) == GST_AUDIO_FORMAT_F64LE;
  gsize n = size / (gsize) (bps * channels);

  len =
      append (line, len, " channels=%d samples=%" G_GSIZE_FORMAT, channels, n);
  for (c = 0; c < channels; c++) {
    const guint8 *plane = data + c * n * bps;

    len = append (line, len, " [%d:", c);
    for (i = 0; i < MIN ((gint) n, max_samples); i++) {
      gchar num[G_ASCII_DTOSTR_BUF_SIZE];
      gdouble v =
          f64 ? ((const gdouble *) plane)[i] : ((const gfloat *) plane)[i];

      len = append (line, len, " %s",
          g_ascii_formatd (num, sizeof (num), "%.6f", v));
    }
    len = append (line, len, "]");
  }
  return len;
}

static GstFlowReturn
gst_sl_print_render (GstBaseSink *sink, GstBuffer *buffer)
{
  GstSlPrint *self = GST_SL_PRINT (sink);
  GstAudioBuffer abuf;
  GstAudioInfo info;
  gint max_samples, c, channels, i, n;
  gboolean f64, planar;
  guint64 seq;
  gsize len = 0;

  GST_OBJECT_LOCK (self);
  info = self->info;
  max_samples = self->max_samples;
  len = append (self->line, len, "%s",
      self->label ? self->label : GST_OBJECT_NAME (self));
  GST_OBJECT_UNLOCK (self);

  if (gst_sl_buffer_get_seq (buffer, &seq))
    len = append (self->line, len, " seq=%" G_GUINT64_FORMAT, seq);
  else
    len = append (self->line, len, " seq=-");
  if (GST_BUFFER_PTS_IS_VALID (buffer))
    len = append (self->line, len, " ts_us=%" G_GUINT64_FORMAT,
        GST_BUFFER_PTS (buffer) / GST_USECOND);
  else
    len = append (self->line, len, " ts_us=-");

  /* planar frames without a GstAudioMeta: the planes follow each other */
  if (GST_AUDIO_INFO_LAYOUT (&info) == GST_AUDIO_LAYOUT_NON_INTERLEAVED &&
      !gst_buffer_get_audio_meta (buffer)) {
    GstMapInfo map;

    if (!gst_buffer_map (buffer, &map, GST_MAP_READ)) {
      SL_ELEMENT_ERROR_UNMAPPED (self, buffer);
      return GST_FLOW_ERROR;
    }
    len =
        print_samples (self->line, len, &info, map.data, map.size, max_samples);
    gst_buffer_unmap (buffer, &map);
    goto write;
  }

  if (!gst_audio_buffer_map (&abuf, &info, buffer, GST_MAP_READ)) {
    SL_ELEMENT_ERROR_UNMAPPED (self, buffer);
    return GST_FLOW_ERROR;
  }
  channels = GST_AUDIO_INFO_CHANNELS (&info);
  n = abuf.n_samples;
  f64 = GST_AUDIO_INFO_FORMAT (&info) == GST_AUDIO_FORMAT_F64LE;
  planar = GST_AUDIO_INFO_LAYOUT (&info) == GST_AUDIO_LAYOUT_NON_INTERLEAVED;
  len = append (self->line, len, " channels=%d samples=%d", channels, n);
  for (c = 0; c < channels; c++) {
    len = append (self->line, len, " [%d:", c);
    for (i = 0; i < MIN (n, max_samples); i++) {
      gdouble v;
      gchar num[G_ASCII_DTOSTR_BUF_SIZE];

      v = sl_sample_load (abuf.planes, channels, c, i, !f64, planar);
      len = append (self->line, len, " %s",
          g_ascii_formatd (num, sizeof (num), "%.6f", v));
    }
    len = append (self->line, len, "]");
  }
  gst_audio_buffer_unmap (&abuf);

write:
  self->line[len] = '\n';

  g_mutex_lock (&print_lock);
  fwrite (self->line, 1, len + 1, stdout);
  fflush (stdout);
  g_mutex_unlock (&print_lock);

  return GST_FLOW_OK;
}
