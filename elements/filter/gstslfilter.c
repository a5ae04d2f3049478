/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slfilter
 * @title: slfilter
 *
 * Filters every channel of an `audio/x-raw` stream (F64LE or F32LE,
 * interleaved or non-interleaved), in place, with one filter state per
 * channel. The DataFrame meta (seq, metadata) passes through untouched.
 *
 * `kind` selects the filter:
 *
 * - `lowpass`, `highpass` (edge `cutoff`), `bandpass`, `bandstop` (edges
 *   `lower-frequency` and `upper-frequency`) are IIR filters designed as
 *   Butterworth or Chebyshev type I (`design`, with the pass-band `ripple`
 *   in dB) of `order` 1 to 16. The order is that of the low-pass prototype,
 *   so the band kinds have 2 * order poles, as scipy.signal.butter and
 *   scipy.signal.cheby1 count them. The filter is designed by the bilinear
 *   transform with prewarping (the edges are exact at the negotiated rate)
 *   and runs as a cascade of second-order sections, stable at every order.
 *   A Butterworth filter is 3 dB down at its edges; a Chebyshev type I
 *   filter keeps the pass band within `ripple` dB below unity and leaves it
 *   at the edges.
 * - `fir` convolves with `taps` (y[n] = sum taps[k] x[n - k]).
 * - `moving-average` outputs the mean of the last `window` samples.
 *
 * Samples before the start of the stream count as zero. The state is
 * continuous across buffers and is reset on a flush and on a DISCONT
 * buffer. Changing a parameter while playing recomputes the coefficients at
 * the next buffer and keeps the state, so there is no click; `cutoff`,
 * `lower-frequency` and `upper-frequency` can be driven by a GstController.
 * Their range is 0 to 1 MHz: with the absolute binding
 * (gst_direct_control_binding_new_absolute()) the control values are in
 * Hz, with the default relative one (gst_direct_control_binding_new()) a
 * control value v gives v * 1e6 Hz (a sweep of the cutoff from 200 Hz to
 * 2 kHz is the values 2e-4 to 2e-3). The values are read once per frame, at
 * its timestamp.
 * (A change of `order`, or of the number of taps or the window, changes the
 * shape of the state, which then starts again from zero.)
 *
 * Settings that cannot work are refused with an error naming the property.
 * Those no rate can make work (a zero edge, `lower-frequency` not below
 * `upper-frequency`, empty `taps`) make the element fail to start, so the
 * pipeline's state change fails at once (gst-launch-1.0 reports "Failed to
 * set pipeline to PAUSED"). An edge at or above the Nyquist frequency of
 * the negotiated rate is refused at negotiation, or, when set while
 * playing, at the next buffer.
 *
 * A NaN or infinite input sample does not poison the filter: the sample
 * stays as it is, the state of its channel is reset, a warning naming the
 * frame's seq is posted and `nonfinite-resets` counts it. The same happens
 * when finite samples so large that the filter overflows leave a channel's
 * state non-finite: the state is reset at the end of that frame, so the
 * frames after it are filtered normally again.
 *
 * A format whose filter state cannot be allocated (for example millions of
 * channels, or more than 1 GiB of state) is refused with an error. When a
 * setting or a format is refused at negotiation, the error is posted once
 * and the first frame fails with a flow error, so the upstream source stops.
 * While the pipeline prerolls, the elements downstream get a gap event
 * instead of the frame, so the pipeline still reaches PAUSED, and the error
 * is posted when the filter goes to PLAYING (an error posted during the
 * preroll would leave the pipeline stuck on its way to PAUSED, and
 * gst-launch-1.0 can miss it and never end). A flushing seek or a stop
 * while the filter waits for PLAYING releases it.
 *
 * IIR channels are processed side by side (vectorised across channels, and
 * across planes for the non-interleaved layout); the arithmetic is always
 * done in double precision. The FIR runs, when the build has ORC, as ORC
 * kernels over blocks of frames, four taps per pass (1.5x to 1.8x the plain
 * C loop; its outputs are the same sums taken in another order, equal to
 * the C ones within a few units in the last place); `STREAMLAB_ORC=c` or
 * `STREAMLAB_ORC=orc` in the environment forces one path (for tests).
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 ! slfilter kind=lowpass cutoff=1000 ! fakesink
 * ]| A 4th-order Butterworth low-pass at 1 kHz over 100 frames of a sine.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 frequencies="<440.0, 5000.0>" ! audio/x-raw,layout=interleaved,channels=2 ! slfilter kind=bandpass design=chebyshev1 ripple=0.5 order=3 lower-frequency=300 upper-frequency=3000 ! fakesink
 * ]| A 6-pole Chebyshev band-pass over two interleaved channels.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=50 frequency=50 ! slfilter kind=bandstop lower-frequency=45 upper-frequency=55 order=2 ! slfilter kind=moving-average window=16 ! audio/x-raw,format=F64LE ! audioconvert ! wavenc ! filesink location=/tmp/slfilter-example.wav
 * ]| A 50 Hz notch, then a 16-sample moving average, written to a WAV file.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=20 ! audio/x-raw,format=F32LE ! slfilter kind=fir taps="<0.25, 0.5, 0.25>" ! fakesink
 * ]| A three-tap FIR on a F32 stream.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "gstslfilter.h"
#include "gstslfilterdesign.h"
#include "gstslfilterkernel.h"
#include "gstsldataframe.h"
#include "gstslfir.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_filter_debug);
#define GST_CAT_DEFAULT sl_filter_debug

#define DEFAULT_KIND GST_SL_FILTER_KIND_LOWPASS
#define DEFAULT_DESIGN GST_SL_FILTER_DESIGN_BUTTERWORTH
#define DEFAULT_ORDER 4
#define DEFAULT_RIPPLE 0.5
#define DEFAULT_CUTOFF 1000.0
/* the edges' range: a real maximum, so that a GstController relative
 * binding is usable; the Nyquist check is done against the negotiated rate */
#define MAX_FREQUENCY 1e6
#define DEFAULT_LOWER_FREQUENCY 500.0
#define DEFAULT_UPPER_FREQUENCY 2000.0
#define DEFAULT_WINDOW 8
#define MAX_WINDOW (1 << 20)
#define MAX_TAPS (1 << 16)
/* the most state (IIR sections, FIR and average histories) a format may
 * ask for */
#define REFUSED_FLOW GST_FLOW_ERROR
#define MAX_STATE_BYTES (G_GUINT64_CONSTANT (1) << 30)

enum
{
  PROP_0,
  PROP_KIND,
  PROP_DESIGN,
  PROP_ORDER,
  PROP_RIPPLE,
  PROP_CUTOFF,
  PROP_LOWER_FREQUENCY,
  PROP_UPPER_FREQUENCY,
  PROP_TAPS,
  PROP_WINDOW,
  PROP_NONFINITE_RESETS,
};

/* What the coefficients are computed from. */
typedef struct
{
  GstSlFilterKind kind;
  GstSlFilterDesign design;
  guint order;
  gdouble ripple;
  gdouble cutoff;
  gdouble lower;
  gdouble upper;
  guint window;
} SlFilterSettings;

struct _GstSlFilter
{
  GstAudioFilter parent;

  /* properties, under the object lock */
  SlFilterSettings settings;
  GArray *taps;   /* gdouble */
  gboolean dirty; /* settings changed since last configure */
  guint64 nonfinite_resets;

  /* streaming state: negotiated format and active coefficients */
  gboolean configured;
  SlFilterSettings active;
  guint channels;
  gint rate;
  gboolean f32;
  gboolean planar;

  SlBiquad sos[SL_FILTER_MAX_SECTIONS];
  guint n_sections;
  SlSosFunc sos_func;
  guint lanes;
  gdouble *state; /* 4 * n_sections * lanes */

  gdouble *hrev; /* FIR taps, reversed */
  guint ntaps;
  gboolean fir_orc;          /* FIR: the ORC kernel, chosen at caps time */
  gboolean convert_orc;      /* and the ORC conversions with it */
  gdouble *fir_scratch;      /* FIR: its block buffers */
  gdouble *ring;             /* FIR: 2 * ntaps, average: window, per channel */
  guint *pos;                /* per channel */
  gdouble *sums;             /* per channel (moving average) */
  gdouble *saved;            /* one frame, for the non-finite path */
  gboolean refused;          /* the format was refused: fail frames */
  const gchar *refused_prop; /* what was refused (NULL: the format) */
  gchar *refused_detail;
  guint refused_channels;
  gboolean refusal_posted; /* post a refusal once, not per retry */

  /* a refusal waits for PLAYING (see refuse()); flushing or stopping
   * releases it */
  GMutex wait_lock;
  GCond wait_cond;
  gboolean playing;
  gboolean unblocked;
  GstPadChainFunction base_chain; /* GstBaseTransform's */
};

#define gst_sl_filter_parent_class parent_class
G_DEFINE_TYPE (GstSlFilter, gst_sl_filter, GST_TYPE_AUDIO_FILTER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slfilter, "slfilter", GST_RANK_NONE,
    GST_TYPE_SL_FILTER, sl_element_init (plugin));

GType
gst_sl_filter_kind_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_FILTER_KIND_LOWPASS, "IIR low-pass (cutoff)", "lowpass" },
    { GST_SL_FILTER_KIND_HIGHPASS, "IIR high-pass (cutoff)", "highpass" },
    { GST_SL_FILTER_KIND_BANDPASS,
        "IIR band-pass (lower-frequency to upper-frequency)", "bandpass" },
    { GST_SL_FILTER_KIND_BANDSTOP,
        "IIR band-stop / notch (lower-frequency to upper-frequency)",
        "bandstop" },
    { GST_SL_FILTER_KIND_FIR, "FIR filter from taps", "fir" },
    { GST_SL_FILTER_KIND_MOVING_AVERAGE, "Mean of the last window samples",
        "moving-average" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlFilterKind", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

GType
gst_sl_filter_design_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_FILTER_DESIGN_BUTTERWORTH, "Butterworth (maximally flat)",
        "butterworth" },
    { GST_SL_FILTER_DESIGN_CHEBYSHEV1, "Chebyshev type I (pass-band ripple)",
        "chebyshev1" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlFilterDesign", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

static void gst_sl_filter_finalize (GObject *object);
static void gst_sl_filter_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_filter_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static gboolean gst_sl_filter_setup (GstAudioFilter *filter,
    const GstAudioInfo *info);
static gboolean gst_sl_filter_start (GstBaseTransform *trans);
static GstStateChangeReturn gst_sl_filter_change_state (GstElement *element,
    GstStateChange transition);
static gboolean gst_sl_filter_stop (GstBaseTransform *trans);
static gboolean gst_sl_filter_sink_event (GstBaseTransform *trans,
    GstEvent *event);
static GstFlowReturn gst_sl_filter_transform_ip (GstBaseTransform *trans,
    GstBuffer *buf);
static GstFlowReturn gst_sl_filter_chain (GstPad *pad, GstObject *parent,
    GstBuffer *buf);
static GstFlowReturn gst_sl_filter_chain_list (GstPad *pad, GstObject *parent,
    GstBufferList *list);

static void
gst_sl_filter_class_init (GstSlFilterClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstAudioFilterClass *filter_class = GST_AUDIO_FILTER_CLASS (klass);
  GstCaps *caps;

  GST_DEBUG_CATEGORY_INIT (sl_filter_debug, "slfilter", 0,
      "gst-streamlab filter");

  gobject_class->set_property = gst_sl_filter_set_property;
  gobject_class->get_property = gst_sl_filter_get_property;
  gobject_class->finalize = gst_sl_filter_finalize;

  g_object_class_install_property (gobject_class, PROP_KIND,
      g_param_spec_enum ("kind", "Kind", "What the filter does",
          GST_TYPE_SL_FILTER_KIND, DEFAULT_KIND,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_DESIGN,
      g_param_spec_enum ("design", "Design",
          "IIR design of the low-pass prototype", GST_TYPE_SL_FILTER_DESIGN,
          DEFAULT_DESIGN,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_ORDER,
      g_param_spec_uint ("order", "Order",
          "Order of the IIR low-pass prototype (band kinds have twice as "
          "many poles)",
          1, SL_FILTER_MAX_ORDER, DEFAULT_ORDER,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_RIPPLE,
      g_param_spec_double ("ripple", "Ripple",
          "Pass-band ripple of the Chebyshev design in dB", 0.001, 40.0,
          DEFAULT_RIPPLE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_CUTOFF,
      g_param_spec_double ("cutoff", "Cutoff",
          "Edge frequency in Hz of the low-pass and high-pass kinds; must be "
          "below the Nyquist frequency of the negotiated rate",
          0.0, MAX_FREQUENCY, DEFAULT_CUTOFF,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_CONTROLLABLE |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_LOWER_FREQUENCY,
      g_param_spec_double ("lower-frequency", "Lower frequency",
          "Lower edge in Hz of the band kinds; must be below "
          "'upper-frequency'",
          0.0, MAX_FREQUENCY, DEFAULT_LOWER_FREQUENCY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_CONTROLLABLE |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_UPPER_FREQUENCY,
      g_param_spec_double ("upper-frequency", "Upper frequency",
          "Upper edge in Hz of the band kinds; must be below the Nyquist "
          "frequency of the negotiated rate",
          0.0, MAX_FREQUENCY, DEFAULT_UPPER_FREQUENCY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_CONTROLLABLE |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_TAPS,
      gst_param_spec_array ("taps", "Taps",
          "FIR coefficients, taps[k] weighs the sample k samples ago "
          "(e.g. taps=\"<0.25, 0.5, 0.25>\")",
          g_param_spec_double ("tap", "Tap", "One FIR coefficient",
              -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS),
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_WINDOW,
      g_param_spec_uint ("window", "Window",
          "Number of samples averaged by the moving-average kind", 1,
          MAX_WINDOW, DEFAULT_WINDOW,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_NONFINITE_RESETS,
      g_param_spec_uint64 ("nonfinite-resets", "Non-finite resets",
          "How many times a NaN or infinite input sample reset a channel's "
          "state since the element started",
          0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_type_mark_as_plugin_api (GST_TYPE_SL_FILTER_KIND, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SL_FILTER_DESIGN, 0);

  gst_element_class_set_static_metadata (element_class, "StreamLab filter",
      "Filter/Effect/Audio",
      "Per-channel IIR (Butterworth, Chebyshev I second-order sections), FIR "
      "and moving-average filters, in place",
      "gst-streamlab developers");

  caps = gst_caps_from_string (SL_DATA_FRAME_CAPS);
  gst_audio_filter_class_add_pad_templates (filter_class, caps);
  gst_caps_unref (caps);

  element_class->change_state = GST_DEBUG_FUNCPTR (gst_sl_filter_change_state);
  filter_class->setup = GST_DEBUG_FUNCPTR (gst_sl_filter_setup);
  trans_class->start = GST_DEBUG_FUNCPTR (gst_sl_filter_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_sl_filter_stop);
  trans_class->sink_event = GST_DEBUG_FUNCPTR (gst_sl_filter_sink_event);
  trans_class->transform_ip = GST_DEBUG_FUNCPTR (gst_sl_filter_transform_ip);
  trans_class->transform_ip_on_passthrough = FALSE;
}

static void
gst_sl_filter_init (GstSlFilter *self)
{
  self->settings.kind = DEFAULT_KIND;
  self->settings.design = DEFAULT_DESIGN;
  self->settings.order = DEFAULT_ORDER;
  self->settings.ripple = DEFAULT_RIPPLE;
  self->settings.cutoff = DEFAULT_CUTOFF;
  self->settings.lower = DEFAULT_LOWER_FREQUENCY;
  self->settings.upper = DEFAULT_UPPER_FREQUENCY;
  self->settings.window = DEFAULT_WINDOW;
  self->taps = g_array_new (FALSE, FALSE, sizeof (gdouble));
  self->dirty = TRUE;
  g_mutex_init (&self->wait_lock);
  g_cond_init (&self->wait_cond);
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);

  /* lists of small frames are filtered in place and go on as lists */
  self->base_chain = GST_PAD_CHAINFUNC (GST_BASE_TRANSFORM_SINK_PAD (self));
  gst_pad_set_chain_function (GST_BASE_TRANSFORM_SINK_PAD (self),
      GST_DEBUG_FUNCPTR (gst_sl_filter_chain));
  gst_pad_set_chain_list_function (GST_BASE_TRANSFORM_SINK_PAD (self),
      GST_DEBUG_FUNCPTR (gst_sl_filter_chain_list));
  gst_sl_pad_set_takes_lists (GST_BASE_TRANSFORM_SINK_PAD (self));
}

static void
free_state (GstSlFilter *self)
{
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->hrev, g_free);
  g_clear_pointer (&self->fir_scratch, g_free);
  g_clear_pointer (&self->ring, g_free);
  g_clear_pointer (&self->pos, g_free);
  g_clear_pointer (&self->sums, g_free);
  self->n_sections = 0;
  self->ntaps = 0;
}

static void
gst_sl_filter_finalize (GObject *object)
{
  GstSlFilter *self = GST_SL_FILTER (object);

  free_state (self);
  g_free (self->saved);
  g_free (self->refused_detail);
  g_array_unref (self->taps);
  g_mutex_clear (&self->wait_lock);
  g_cond_clear (&self->wait_cond);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_filter_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstSlFilter *self = GST_SL_FILTER (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_KIND:
      self->settings.kind = g_value_get_enum (value);
      break;
    case PROP_DESIGN:
      self->settings.design = g_value_get_enum (value);
      break;
    case PROP_ORDER:
      self->settings.order = g_value_get_uint (value);
      break;
    case PROP_RIPPLE:
      self->settings.ripple = g_value_get_double (value);
      break;
    case PROP_CUTOFF:
      self->settings.cutoff = g_value_get_double (value);
      break;
    case PROP_LOWER_FREQUENCY:
      self->settings.lower = g_value_get_double (value);
      break;
    case PROP_UPPER_FREQUENCY:
      self->settings.upper = g_value_get_double (value);
      break;
    case PROP_TAPS:
      /* a value that is not a number is refused at the next
       * configuration */
      sl_value_array_to_doubles (value, self->taps);
      break;
    case PROP_WINDOW:
      self->settings.window = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  self->dirty = TRUE;
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_filter_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlFilter *self = GST_SL_FILTER (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_KIND:
      g_value_set_enum (value, self->settings.kind);
      break;
    case PROP_DESIGN:
      g_value_set_enum (value, self->settings.design);
      break;
    case PROP_ORDER:
      g_value_set_uint (value, self->settings.order);
      break;
    case PROP_RIPPLE:
      g_value_set_double (value, self->settings.ripple);
      break;
    case PROP_CUTOFF:
      g_value_set_double (value, self->settings.cutoff);
      break;
    case PROP_LOWER_FREQUENCY:
      g_value_set_double (value, self->settings.lower);
      break;
    case PROP_UPPER_FREQUENCY:
      g_value_set_double (value, self->settings.upper);
      break;
    case PROP_TAPS:
      sl_value_array_from_doubles (value, (const gdouble *) self->taps->data,
          self->taps->len);
      break;
    case PROP_WINDOW:
      g_value_set_uint (value, self->settings.window);
      break;
    case PROP_NONFINITE_RESETS:
      g_value_set_uint64 (value, self->nonfinite_resets);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static gboolean
is_iir (GstSlFilterKind kind)
{
  return kind <= GST_SL_FILTER_KIND_BANDSTOP;
}

/* Checks @s against @rate; on failure names the property in @prop. */
static gboolean
check_settings (const SlFilterSettings *s, guint ntaps, gboolean taps_finite,
    gint rate, const gchar **prop, gchar **detail)
{
  gdouble nyquist = rate / 2.0;

  switch (s->kind) {
    case GST_SL_FILTER_KIND_LOWPASS:
    case GST_SL_FILTER_KIND_HIGHPASS:
      if (!(s->cutoff > 0.0) || s->cutoff >= nyquist) {
        *prop = "cutoff";
        *detail = g_strdup_printf ("cutoff %g Hz is not between 0 and the "
                                   "Nyquist frequency %g Hz of rate %d",
            s->cutoff, nyquist, rate);
        return FALSE;
      }
      break;
    case GST_SL_FILTER_KIND_BANDPASS:
    case GST_SL_FILTER_KIND_BANDSTOP:
      if (!(s->lower > 0.0) || s->lower >= nyquist) {
        *prop = "lower-frequency";
        *detail = g_strdup_printf ("lower-frequency %g Hz is not between 0 "
                                   "and the Nyquist frequency %g Hz of rate %d",
            s->lower, nyquist, rate);
        return FALSE;
      }
      if (s->upper >= nyquist) {
        *prop = "upper-frequency";
        *detail = g_strdup_printf ("upper-frequency %g Hz is at or above "
                                   "the Nyquist frequency %g Hz of rate %d",
            s->upper, nyquist, rate);
        return FALSE;
      }
      if (s->lower >= s->upper) {
        *prop = "lower-frequency";
        *detail = g_strdup_printf ("lower-frequency %g Hz is not below "
                                   "upper-frequency %g Hz",
            s->lower, s->upper);
        return FALSE;
      }
      break;
    case GST_SL_FILTER_KIND_FIR:
      if (ntaps == 0) {
        *prop = "taps";
        *detail = g_strdup ("the fir kind needs at least one tap");
        return FALSE;
      }
      if (ntaps > MAX_TAPS) {
        *prop = "taps";
        *detail = g_strdup_printf ("%u taps, at most %u are supported", ntaps,
            MAX_TAPS);
        return FALSE;
      }
      if (!taps_finite) {
        *prop = "taps";
        *detail = g_strdup ("a tap is not a finite number");
        return FALSE;
      }
      break;
    default:
      break;
  }
  return TRUE;
}

/* Zeroes the whole filter state (IIR, FIR history, moving sums). */
static void
reset_state (GstSlFilter *self)
{
  if (self->state)
    memset (self->state, 0,
        sizeof (gdouble) * 4 * self->n_sections * self->lanes);
  if (self->ring) {
    gsize per = self->active.kind == GST_SL_FILTER_KIND_FIR
        ? 2 * (gsize) self->ntaps
        : self->active.window;

    memset (self->ring, 0, sizeof (gdouble) * per * self->channels);
  }
  if (self->pos)
    memset (self->pos, 0, sizeof (guint) * self->channels);
  if (self->sums)
    memset (self->sums, 0, sizeof (gdouble) * self->channels);
}

/* Zeroes the state of one channel. */
static void
reset_channel (GstSlFilter *self, guint c)
{
  guint s;

  if (is_iir (self->active.kind)) {
    for (s = 0; s < 4 * self->n_sections; s++)
      self->state[(gsize) s * self->lanes + c] = 0.0;
  } else if (self->active.kind == GST_SL_FILTER_KIND_FIR) {
    memset (self->ring + (gsize) c * 2 * self->ntaps, 0,
        sizeof (gdouble) * 2 * self->ntaps);
    self->pos[c] = 0;
  } else {
    memset (self->ring + (gsize) c * self->active.window, 0,
        sizeof (gdouble) * self->active.window);
    self->pos[c] = 0;
    self->sums[c] = 0.0;
  }
}

static gboolean
settings_equal (const SlFilterSettings *a, const SlFilterSettings *b)
{
  return a->kind == b->kind && a->design == b->design && a->order == b->order &&
      a->ripple == b->ripple && a->cutoff == b->cutoff &&
      a->lower == b->lower && a->upper == b->upper && a->window == b->window;
}

/* Whether @doubles values of state may be allocated; if not, explains why
 * (with @prop NULL: it is the format, not a property, that asks for it). */
static gboolean
state_fits (guint64 doubles, const gchar **prop, gchar **detail, guint channels)
{
  if (doubles <= MAX_STATE_BYTES / sizeof (gdouble))
    return TRUE;
  *prop = NULL;
  *detail =
      g_strdup_printf ("the state for %u channels would take %" G_GUINT64_FORMAT
                       " bytes, more than %" G_GUINT64_FORMAT,
          channels, doubles * sizeof (gdouble), MAX_STATE_BYTES);
  return FALSE;
}

/* Takes the current settings and (re)computes the coefficients for the
 * format in @info. The state is kept when its shape is unchanged. On bad
 * settings returns FALSE with the property's name in @prop. */
static gboolean
configure (GstSlFilter *self, const GstAudioInfo *info, gboolean format_changed,
    const gchar **prop, gchar **detail)
{
  SlFilterSettings s;
  gdouble *taps = NULL;
  guint ntaps, i, channels = GST_AUDIO_INFO_CHANNELS (info);
  gint rate = GST_AUDIO_INFO_RATE (info);
  gboolean taps_finite = TRUE, keep;

  GST_OBJECT_LOCK (self);
  s = self->settings;
  ntaps = self->taps->len;
  if (s.kind == GST_SL_FILTER_KIND_FIR && ntaps > 0 && ntaps <= MAX_TAPS)
    taps = g_memdup2 (self->taps->data, sizeof (gdouble) * ntaps);
  self->dirty = FALSE;
  GST_OBJECT_UNLOCK (self);

  for (i = 0; taps && i < ntaps; i++)
    taps_finite &= isfinite (taps[i]);
  if (!check_settings (&s, ntaps, taps_finite, rate, prop, detail))
    goto bad;

  keep = self->configured && !format_changed && self->channels == channels &&
      (is_iir (s.kind) == is_iir (self->active.kind)) &&
      (is_iir (s.kind) || s.kind == self->active.kind);

  /* a controlled property is set at every buffer, mostly to the same
   * value: nothing to recompute then */
  if (keep && s.kind != GST_SL_FILTER_KIND_FIR &&
      settings_equal (&s, &self->active)) {
    g_free (taps);
    return TRUE;
  }

  if (is_iir (s.kind)) {
    SlBiquad sos[SL_FILTER_MAX_SECTIONS];
    guint n = sl_filter_design_sos (s.kind, s.design, s.order, s.ripple,
        s.kind <= GST_SL_FILTER_KIND_HIGHPASS ? s.cutoff : s.lower, s.upper,
        rate, sos);

    if (n == 0) {
      *prop = "order";
      *detail = g_strdup ("the filter could not be designed");
      goto bad;
    }
    if (!keep || n != self->n_sections) {
      guint64 lanes = GST_ROUND_UP_N ((guint64) channels, SL_FILTER_LANES);

      free_state (self);
      if (!state_fits (4 * n * lanes, prop, detail, channels))
        goto bad_alloc;
      self->lanes = lanes;
      self->state = g_try_new0 (gdouble, (gsize) (4 * n * lanes));
      if (self->state == NULL)
        goto no_memory;
    }
    memcpy (self->sos, sos, sizeof (SlBiquad) * n);
    self->n_sections = n;
  } else if (s.kind == GST_SL_FILTER_KIND_FIR) {
    if (!keep || ntaps != self->ntaps) {
      free_state (self);
      if (!state_fits (2 * (guint64) ntaps * channels + 2 * channels, prop,
              detail, channels))
        goto bad_alloc;
      self->ring = g_try_new0 (gdouble, (gsize) 2 * ntaps * channels);
      self->pos = g_try_new0 (guint, channels);
      self->hrev = g_try_new (gdouble, ntaps);
      self->fir_scratch =
          g_try_new (gdouble, sl_filter_fir_orc_scratch (ntaps));
      if (!self->ring || !self->pos || !self->hrev || !self->fir_scratch)
        goto no_memory;
    }
    self->fir_orc = sl_orc_choose (SL_ORC_KERNEL_FIR, ntaps, 1);
    self->convert_orc = sl_orc_choose (SL_ORC_KERNEL_CONVERT, 0, 1);
    GST_DEBUG_OBJECT (self, "FIR of %u taps: %s path, %s conversions", ntaps,
        sl_orc_path_name (self->fir_orc), sl_orc_path_name (self->convert_orc));
    /* check_settings refused a FIR without taps */
    g_assert (taps != NULL);
    for (i = 0; i < ntaps; i++)
      self->hrev[i] = taps[ntaps - 1 - i];
    self->ntaps = ntaps;
  } else {
    if (!keep || s.window != self->active.window) {
      free_state (self);
      if (!state_fits ((guint64) s.window * channels + 2 * channels, prop,
              detail, channels))
        goto bad_alloc;
      self->ring = g_try_new0 (gdouble, (gsize) s.window * channels);
      self->pos = g_try_new0 (guint, channels);
      self->sums = g_try_new0 (gdouble, channels);
      if (!self->ring || !self->pos || !self->sums)
        goto no_memory;
    }
  }
  g_free (taps);

  if (self->channels != channels || self->saved == NULL) {
    g_free (self->saved);
    self->saved = g_try_new0 (gdouble, channels);
    if (self->saved == NULL)
      goto no_memory;
  }
  self->active = s;
  self->channels = channels;
  self->rate = rate;
  self->f32 = GST_AUDIO_INFO_FORMAT (info) == GST_AUDIO_FORMAT_F32LE;
  self->planar =
      GST_AUDIO_INFO_LAYOUT (info) == GST_AUDIO_LAYOUT_NON_INTERLEAVED;
  self->sos_func = sl_filter_sos_get_func (self->f32, self->planar);
  self->configured = TRUE;
  GST_DEBUG_OBJECT (self,
      "configured kind %d, %u sections, %u taps, "
      "window %u, state %s",
      s.kind, self->n_sections, self->ntaps, s.window, keep ? "kept" : "new");
  return TRUE;

no_memory:
  *prop = NULL;
  *detail = g_strdup_printf ("the state for %u channels could not be "
                             "allocated",
      channels);
bad_alloc:
  free_state (self);
  self->configured = FALSE;
bad:
  g_free (taps);
  return FALSE;
}

/* A refused configuration: a setting (@prop) or, with @prop NULL, a format
 * whose state cannot be allocated. */
static void
post_refusal (GstSlFilter *self, const gchar *prop, const gchar *detail,
    guint channels)
{
  if (prop)
    SL_ELEMENT_ERROR_PROPERTY (self, prop, ("%s", detail));
  else
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
        (_ ("Cannot allocate the filter state for %u channels."), channels),
        ("%s", detail));
}

/* Waits until the element plays. Returns FALSE when a flush or a stop
 * released the wait first. Before waiting, a gap event lets the elements
 * downstream preroll: the pipeline reaches PAUSED without a frame from us,
 * and whoever waits for that can take it to PLAYING. */
static gboolean
wait_until_playing (GstSlFilter *self, GstBuffer *buf)
{
  GstBaseTransform *trans = GST_BASE_TRANSFORM (self);
  GstClockTime ts = buf ? GST_BUFFER_PTS (buf) : GST_CLOCK_TIME_NONE;
  GstClockTime dur = buf ? GST_BUFFER_DURATION (buf) : GST_CLOCK_TIME_NONE;
  gboolean playing;

  g_mutex_lock (&self->wait_lock);
  playing = self->playing && !self->unblocked;
  g_mutex_unlock (&self->wait_lock);
  if (playing)
    return TRUE;

  if (!GST_CLOCK_TIME_IS_VALID (ts))
    ts = trans->segment.format == GST_FORMAT_TIME &&
            GST_CLOCK_TIME_IS_VALID (trans->segment.position)
        ? trans->segment.position
        : 0;
  GST_DEBUG_OBJECT (self,
      "refusal: gap at %" GST_TIME_FORMAT ", waiting for PLAYING",
      GST_TIME_ARGS (ts));
  gst_pad_push_event (GST_BASE_TRANSFORM_SRC_PAD (trans),
      gst_event_new_gap (ts, dur));

  g_mutex_lock (&self->wait_lock);
  while (!self->playing && !self->unblocked)
    g_cond_wait (&self->wait_cond, &self->wait_lock);
  playing = !self->unblocked;
  g_mutex_unlock (&self->wait_lock);
  return playing;
}

/* Reports a refused configuration from the streaming thread, once, and
 * fails the frame with a flow error so that the source's task stops.
 *
 * An ERROR posted while the pipeline prerolls stops the pipeline on its
 * way to PAUSED for good (GstBin fails the pending state change), so the
 * application only learns of it from the message. gst-launch-1.0 reads
 * that message in a bus sync handler and quits its main loop there; a quit
 * that comes before the main loop runs is lost, and the line then hangs
 * in PAUSED. Posting the error once the element plays avoids both: the
 * pipeline prerolls (with a gap), the application takes it to PLAYING from
 * its running main loop, and the error reaches that loop. With the element
 * already playing (live sources, or a pipeline set to PLAYING at once) the
 * error is posted at once. */
static GstFlowReturn
refuse (GstSlFilter *self, GstBuffer *buf, const gchar *prop,
    const gchar *detail, guint channels)
{
  if (self->refusal_posted)
    return REFUSED_FLOW;
  if (!wait_until_playing (self, buf)) {
    GST_DEBUG_OBJECT (self, "refusal: flushing or stopping");
    return GST_FLOW_FLUSHING;
  }
  post_refusal (self, prop, detail, channels);
  self->refusal_posted = TRUE;
  return REFUSED_FLOW;
}

/* The settings that no rate can make work (a zero edge, lower-frequency
 * not below upper-frequency, a FIR without taps) are refused when the
 * element starts, so that the state change fails at once. Controlled
 * properties are left to the buffers: their values come later. */
static gboolean
check_settings_any_rate (GstSlFilter *self)
{
  SlFilterSettings s;
  guint i, ntaps;
  gboolean taps_finite = TRUE, controlled;
  const gchar *prop = NULL;
  gchar *detail = NULL;

  GST_OBJECT_LOCK (self);
  controlled = GST_OBJECT_CAST (self)->control_bindings != NULL;
  s = self->settings;
  ntaps = self->taps->len;
  for (i = 0; i < ntaps && i <= MAX_TAPS; i++)
    taps_finite &= isfinite (g_array_index (self->taps, gdouble, i));
  GST_OBJECT_UNLOCK (self);

  if (controlled ||
      check_settings (&s, ntaps, taps_finite, G_MAXINT, &prop, &detail))
    return TRUE;
  post_refusal (self, prop, detail, 0);
  g_free (detail);
  return FALSE;
}

static gboolean
gst_sl_filter_setup (GstAudioFilter *filter, const GstAudioInfo *info)
{
  GstSlFilter *self = GST_SL_FILTER (filter);
  const gchar *prop = NULL;
  gchar *detail = NULL;

  if (!configure (self, info, TRUE, &prop, &detail)) {
    /* The caps are accepted all the same: refusing them would make the
     * source renegotiate again and again (a source retries a
     * not-negotiated push when a reconfigure is pending). The first frame
     * reports the refusal and fails with a flow error (refuse()), which
     * stops the source's task. */
    GST_INFO_OBJECT (self, "refused: %s", detail);
    g_free (self->refused_detail);
    self->refused_detail = detail;
    self->refused_prop = prop;
    self->refused_channels = GST_AUDIO_INFO_CHANNELS (info);
    self->configured = FALSE;
    self->refused = TRUE;
    return TRUE;
  }
  self->refusal_posted = FALSE;
  self->refused = FALSE;
  reset_state (self);
  return TRUE;
}

static gboolean
gst_sl_filter_start (GstBaseTransform *trans)
{
  GstSlFilter *self = GST_SL_FILTER (trans);

  GST_OBJECT_LOCK (self);
  self->nonfinite_resets = 0;
  GST_OBJECT_UNLOCK (self);
  self->configured = FALSE;
  self->refusal_posted = FALSE;
  self->refused = FALSE;
  return check_settings_any_rate (self);
}

static gboolean
gst_sl_filter_stop (GstBaseTransform *trans)
{
  GstSlFilter *self = GST_SL_FILTER (trans);

  self->configured = FALSE;
  self->refused = FALSE;
  g_clear_pointer (&self->refused_detail, g_free);
  free_state (self);
  return TRUE;
}

static void
set_wait_flags (GstSlFilter *self, gboolean playing, gboolean unblocked)
{
  g_mutex_lock (&self->wait_lock);
  self->playing = playing;
  self->unblocked = unblocked;
  g_cond_broadcast (&self->wait_cond);
  g_mutex_unlock (&self->wait_lock);
}

static GstStateChangeReturn
gst_sl_filter_change_state (GstElement *element, GstStateChange transition)
{
  GstSlFilter *self = GST_SL_FILTER (element);

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      set_wait_flags (self, FALSE, FALSE);
      break;
    case GST_STATE_CHANGE_PAUSED_TO_PLAYING:
      set_wait_flags (self, TRUE, FALSE);
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      /* before the pads are deactivated, which waits for the streaming
       * thread */
      set_wait_flags (self, FALSE, TRUE);
      break;
    case GST_STATE_CHANGE_PLAYING_TO_PAUSED:
      g_mutex_lock (&self->wait_lock);
      self->playing = FALSE;
      g_mutex_unlock (&self->wait_lock);
      break;
    default:
      break;
  }
  return GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
}

static gboolean
gst_sl_filter_sink_event (GstBaseTransform *trans, GstEvent *event)
{
  GstSlFilter *self = GST_SL_FILTER (trans);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_FLUSH_START:
      g_mutex_lock (&self->wait_lock);
      self->unblocked = TRUE;
      g_cond_broadcast (&self->wait_cond);
      g_mutex_unlock (&self->wait_lock);
      break;
    case GST_EVENT_FLUSH_STOP:
      g_mutex_lock (&self->wait_lock);
      self->unblocked = FALSE;
      g_mutex_unlock (&self->wait_lock);
      if (self->configured) {
        GST_DEBUG_OBJECT (self, "flush: state reset");
        reset_state (self);
      }
      break;
    case GST_EVENT_EOS:
      /* a stream without frames still hears of the refusal */
      if (self->refused &&
          refuse (self, NULL, self->refused_prop, self->refused_detail,
              self->refused_channels) == GST_FLOW_FLUSHING) {
        gst_event_unref (event);
        return FALSE;
      }
      break;
    default:
      break;
  }
  return GST_BASE_TRANSFORM_CLASS (parent_class)->sink_event (trans, event);
}

/* Filters frames [first, first + count); stops before a stretch that holds
 * a NaN or an infinity and returns how many frames were filtered. */
static guint
run (GstSlFilter *self, const SlFilterData *d, guint first, guint count)
{
  if (count == 0)
    return 0;
  if (is_iir (self->active.kind))
    return self->sos_func (self->sos, self->n_sections, self->state,
        self->lanes, d, first, count);

  if (sl_samples_have_nonfinite (d->planes, d->channels, first, count, d->f32,
          d->planar))
    return 0;
  if (self->active.kind == GST_SL_FILTER_KIND_FIR && self->fir_orc)
    sl_filter_fir_orc (self->hrev, self->ntaps, self->ring, self->pos, d, first,
        count, self->fir_scratch, self->convert_orc);
  else if (self->active.kind == GST_SL_FILTER_KIND_FIR)
    sl_filter_fir (self->hrev, self->ntaps, self->ring, self->pos, d, first,
        count);
  else
    sl_filter_moving_average (self->active.window, self->ring, self->pos,
        self->sums, d, first, count);
  return count;
}

/* The slow path, from frame @from of a buffer that holds a NaN or an
 * infinity: the clean stretches run as usual; at each bad frame, the good
 * channels are filtered as usual while the bad ones keep their sample and
 * restart from zero state. Returns the number of channel resets and the
 * first bad channel. */
static guint
run_nonfinite (GstSlFilter *self, const SlFilterData *d, guint from,
    guint frames, guint *first_channel)
{
  guint start = from, i, c, resets = 0;

  *first_channel = G_MAXUINT;
  for (i = from; i < frames; i++) {
    gboolean bad = FALSE;

    for (c = 0; c < d->channels; c++) {
      self->saved[c] =
          sl_sample_load (d->planes, d->channels, c, i, d->f32, d->planar);
      if (!isfinite (self->saved[c])) {
        bad = TRUE;
        sl_sample_store (d->planes, d->channels, c, i, 0.0, d->f32, d->planar);
      }
    }
    if (!bad)
      continue;

    /* the stretch before is clean, and so is this frame now */
    run (self, d, start, i + 1 - start);
    for (c = 0; c < d->channels; c++) {
      if (isfinite (self->saved[c]))
        continue;
      sl_sample_store (d->planes, d->channels, c, i, self->saved[c], d->f32,
          d->planar);
      reset_channel (self, c);
      resets++;
      if (*first_channel == G_MAXUINT)
        *first_channel = c;
    }
    start = i + 1;
  }
  run (self, d, start, frames - start);
  return resets;
}

/* Resets every channel whose state is no longer finite; returns how many,
 * and the first in @first_channel. */
static guint
reset_nonfinite_state (GstSlFilter *self, guint *first_channel)
{
  guint c, k, resets = 0, n;
  gboolean bad;

  *first_channel = G_MAXUINT;
  /* the usual case, in one vectorised pass: everything finite */
  if (is_iir (self->active.kind) &&
      !sl_doubles_have_nonfinite (self->state,
          (gsize) 4 * self->n_sections * self->lanes))
    return 0;
  if (self->active.kind == GST_SL_FILTER_KIND_FIR)
    return 0;
  if (self->active.kind == GST_SL_FILTER_KIND_MOVING_AVERAGE &&
      !sl_doubles_have_nonfinite (self->sums, self->channels))
    return 0;
  for (c = 0; c < self->channels; c++) {
    bad = FALSE;
    if (is_iir (self->active.kind)) {
      n = 4 * self->n_sections;
      for (k = 0; k < n; k++)
        bad |= !isfinite (self->state[(gsize) k * self->lanes + c]);
    } else if (self->active.kind == GST_SL_FILTER_KIND_MOVING_AVERAGE) {
      /* the ring holds finite inputs; the running sum may overflow */
      bad = !isfinite (self->sums[c]);
    }
    if (G_LIKELY (!bad))
      continue;
    reset_channel (self, c);
    resets++;
    if (*first_channel == G_MAXUINT)
      *first_channel = c;
  }
  return resets;
}

/* Counts @resets channel resets and posts one warning for the frame. */
static void
warn_reset (GstSlFilter *self, GstBuffer *buf, guint resets,
    guint first_channel, gboolean overflow)
{
  GstClockTime ts = GST_BUFFER_PTS (buf);
  guint64 seq;
  gchar *seq_str;

  GST_OBJECT_LOCK (self);
  self->nonfinite_resets += resets;
  GST_OBJECT_UNLOCK (self);

  if (gst_sl_buffer_get_seq (buf, &seq))
    seq_str = g_strdup_printf ("%" G_GUINT64_FORMAT, seq);
  else
    seq_str = g_strdup ("?");
  if (overflow)
    GST_ELEMENT_WARNING (self, STREAM, DECODE,
        (_ ("The filter overflowed in frame with seq %s: the filter state of "
            "channel %u was reset."),
            seq_str, first_channel),
        ("%u channel(s) with a non-finite state after frame seq %s at pts "
         "%" GST_TIME_FORMAT " (samples too large for the filter)",
            resets, seq_str, GST_TIME_ARGS (ts)));
  else
    GST_ELEMENT_WARNING (self, STREAM, DECODE,
        (_ ("Non-finite sample in frame with seq %s: the filter state of "
            "channel %u was reset."),
            seq_str, first_channel),
        ("%u channel reset(s) in frame seq %s at pts %" GST_TIME_FORMAT, resets,
            seq_str, GST_TIME_ARGS (ts)));
  g_free (seq_str);
}

static GstFlowReturn
gst_sl_filter_transform_ip (GstBaseTransform *trans, GstBuffer *buf)
{
  GstSlFilter *self = GST_SL_FILTER (trans);
  GstAudioFilter *filter = GST_AUDIO_FILTER (trans);
  GstClockTime ts = GST_BUFFER_PTS (buf);
  GstAudioBuffer abuf;
  SlFilterData d;
  const gchar *prop = NULL;
  gchar *detail = NULL;
  gboolean dirty, controlled;
  guint done, resets, first_bad, n_samples;
  GstMapInfo map;
  gpointer plane;

  if (G_UNLIKELY (!self->configured))
    goto not_negotiated;

  GST_OBJECT_LOCK (self);
  controlled = GST_OBJECT_CAST (self)->control_bindings != NULL;
  GST_OBJECT_UNLOCK (self);

  /* controlled properties follow the stream time of this buffer (syncing
   * costs a notify freeze and thaw: only when there is a controller) */
  if (controlled && GST_CLOCK_TIME_IS_VALID (ts)) {
    GstClockTime stream_time =
        gst_segment_to_stream_time (&trans->segment, GST_FORMAT_TIME, ts);

    if (GST_CLOCK_TIME_IS_VALID (stream_time))
      gst_object_sync_values (GST_OBJECT (self), stream_time);
  }

  GST_OBJECT_LOCK (self);
  dirty = self->dirty;
  GST_OBJECT_UNLOCK (self);
  if (dirty && !configure (self, &filter->info, FALSE, &prop, &detail))
    goto bad_setting;

  if (GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_DISCONT)) {
    GST_DEBUG_OBJECT (self, "discont: state reset");
    reset_state (self);
  }

  /* interleaved frames are one plain mapping (GstAudioBuffer would look
   * for an audio meta and fill a planes array for them) */
  if (self->planar) {
    if (!gst_audio_buffer_map (&abuf, &filter->info, buf, GST_MAP_READWRITE))
      goto map_failed;
    d.planes = abuf.planes;
    n_samples = abuf.n_samples;
  } else {
    if (!gst_buffer_map (buf, &map, GST_MAP_READWRITE))
      goto map_failed;
    plane = map.data;
    d.planes = &plane;
    n_samples = map.size / GST_AUDIO_INFO_BPF (&filter->info);
  }
  d.channels = self->channels;
  d.f32 = self->f32;
  d.planar = self->planar;

  done = run (self, &d, 0, n_samples);
  if (G_UNLIKELY (done < n_samples)) {
    guint first_channel;

    resets = run_nonfinite (self, &d, done, n_samples, &first_channel);
    warn_reset (self, buf, resets, first_channel, FALSE);
  }

  /* finite samples large enough to overflow the filter leave its state
   * non-finite, and every later output with it: start that channel again */
  resets = reset_nonfinite_state (self, &first_bad);
  if (G_UNLIKELY (resets > 0))
    warn_reset (self, buf, resets, first_bad, TRUE);

  if (self->planar)
    gst_audio_buffer_unmap (&abuf);
  else
    gst_buffer_unmap (buf, &map);
  return GST_FLOW_OK;

not_negotiated : {
  /* refused at negotiation: said once, when it can be heard */
  if (self->refused)
    return refuse (self, buf, self->refused_prop, self->refused_detail,
        self->refused_channels);
  GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
      (_ ("Could not negotiate a format.")),
      ("no format was negotiated before the first buffer"));
  return GST_FLOW_NOT_NEGOTIATED;
}
bad_setting : {
  GstFlowReturn ret;

  self->refusal_posted = FALSE;
  ret =
      refuse (self, buf, prop, detail, GST_AUDIO_INFO_CHANNELS (&filter->info));
  g_free (detail);
  if (ret == GST_FLOW_FLUSHING) {
    /* checked again at the next buffer */
    GST_OBJECT_LOCK (self);
    self->dirty = TRUE;
    GST_OBJECT_UNLOCK (self);
  }
  return ret;
}
map_failed : {
  SL_ELEMENT_ERROR_UNMAPPED (self, buf);
  return GST_FLOW_ERROR;
}
}

/* Whether @buf may skip GstBaseTransform's chain: the element is set up, no
 * renegotiation or QoS is pending, and the frame lies inside the segment
 * (GstAudioFilter would clip it otherwise). */
static gboolean
can_skip_base_chain (GstSlFilter *self, GstBuffer *buf)
{
  GstBaseTransform *trans = GST_BASE_TRANSFORM (self);
  const GstSegment *seg = &trans->segment;
  GstClockTime ts = GST_BUFFER_PTS (buf), dur = GST_BUFFER_DURATION (buf);

  if (!self->configured || self->refused ||
      gst_base_transform_is_passthrough (trans) ||
      gst_base_transform_is_qos_enabled (trans) ||
      gst_pad_needs_reconfigure (GST_BASE_TRANSFORM_SRC_PAD (trans)) ||
      GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP))
    return FALSE;
  if (seg->format != GST_FORMAT_TIME)
    return TRUE;
  return GST_CLOCK_TIME_IS_VALID (ts) && GST_CLOCK_TIME_IS_VALID (dur) &&
      ts >= seg->start &&
      (!GST_CLOCK_TIME_IS_VALID (seg->stop) || ts + dur <= seg->stop);
}

/* A frame after a refused format is refused here: GstAudioFilter may not
 * pass it on to transform_ip (a format it cannot map). */
static GstFlowReturn
gst_sl_filter_chain (GstPad *pad, GstObject *parent, GstBuffer *buf)
{
  GstSlFilter *self = GST_SL_FILTER (parent);
  GstFlowReturn ret;

  if (G_LIKELY (!self->refused))
    return self->base_chain (pad, parent, buf);
  ret = refuse (self, buf, self->refused_prop, self->refused_detail,
      self->refused_channels);
  gst_buffer_unref (buf);
  return ret;
}

/* A list of frames: each frame is taken out of the list (so that it stays
 * writable and is filtered in place, where GstPad's default would split the
 * list into shared buffers and every in-place element would copy them),
 * filtered, and the frames go on as one list when the next element takes
 * lists too. Frames GstBaseTransform has to look at (renegotiation, segment
 * clipping, QoS) go through its chain as usual. */
static GstFlowReturn
gst_sl_filter_chain_list (GstPad *pad, GstObject *parent, GstBufferList *list)
{
  GstSlFilter *self = GST_SL_FILTER (parent);
  GstBaseTransform *trans = GST_BASE_TRANSFORM (parent);
  GstPad *srcpad = GST_BASE_TRANSFORM_SRC_PAD (trans);
  guint i, n = gst_buffer_list_length (list);
  GstBuffer *stack[64], **bufs = n <= 64 ? stack : g_new (GstBuffer *, n);
  GstBufferList *out = NULL;
  gboolean as_list = gst_sl_pad_peer_takes_lists (srcpad);
  GstFlowReturn ret = GST_FLOW_OK;

  /* the usual case: every frame can be filtered here, and the list goes
   * on as it came (nothing allocated) */
  if (as_list && gst_mini_object_is_writable (GST_MINI_OBJECT_CAST (list))) {
    for (i = 0; i < n; i++)
      if (!can_skip_base_chain (self, gst_buffer_list_get (list, i)))
        break;
    if (i == n) {
      for (i = 0; i < n && ret == GST_FLOW_OK; i++)
        ret = gst_sl_filter_transform_ip (trans,
            gst_buffer_list_get_writable (list, i));
      if (ret != GST_FLOW_OK) {
        gst_buffer_list_unref (list);
        if (bufs != stack)
          g_free (bufs);
        return ret;
      }
      if (bufs != stack)
        g_free (bufs);
      return gst_pad_push_list (srcpad, list);
    }
  }

  for (i = 0; i < n; i++)
    bufs[i] = gst_buffer_ref (gst_buffer_list_get (list, i));
  gst_buffer_list_unref (list);

  for (i = 0; i < n && ret == GST_FLOW_OK; i++) {
    GstBuffer *buf = bufs[i];

    bufs[i] = NULL;
    if (!can_skip_base_chain (self, buf)) {
      /* what was filtered so far goes first */
      if (out) {
        ret = gst_pad_push_list (srcpad, out);
        out = NULL;
        if (ret != GST_FLOW_OK) {
          gst_buffer_unref (buf);
          break;
        }
      }
      ret = gst_sl_filter_chain (pad, parent, buf);
      continue;
    }
    buf = gst_buffer_make_writable (buf);
    ret = gst_sl_filter_transform_ip (trans, buf);
    if (ret != GST_FLOW_OK) {
      gst_buffer_unref (buf);
      break;
    }
    if (as_list) {
      if (out == NULL)
        out = gst_buffer_list_new_sized (n - i);
      gst_buffer_list_add (out, buf);
    } else {
      ret = gst_pad_push (srcpad, buf);
    }
  }
  if (out) {
    if (ret == GST_FLOW_OK)
      ret = gst_pad_push_list (srcpad, out);
    else
      gst_buffer_list_unref (out);
  }
  for (; i < n; i++)
    if (bufs[i])
      gst_buffer_unref (bufs[i]);
  if (bufs != stack)
    g_free (bufs);
  return ret;
}
