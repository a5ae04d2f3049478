/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slfft
 * @title: slfft
 *
 * Windowed FFT per channel. slfft cuts each input channel into windows of
 * `size` samples, `hop` samples apart, multiplies each window by the analysis
 * window (`window`) and runs a real FFT on it with gst-plugins-base's FFT
 * library (GstFFTF64). Each window gives one output DataFrame holding the
 * magnitude spectrum of every channel, and optionally the phases.
 *
 * ## Input
 *
 * `audio/x-raw`, F64LE or F32LE, interleaved or non-interleaved, 1 to 64
 * channels, buffers of any size: samples are accumulated until a window is
 * complete, so the output does not depend on how the input is cut into
 * buffers.
 *
 * ## Output format
 *
 * One buffer per window, `audio/x-raw, format=F64LE, layout=non-interleaved`
 * with one plane of `bins = size / 2 + 1` values per output channel (so a
 * GstAudioMeta with `samples = bins`). With `phases=false` there are C output
 * channels, plane c holding the magnitudes of input channel c for bins 0 (DC)
 * to size/2 (Nyquist). With `phases=true` there are 2C output channels: planes
 * 0..C-1 hold the magnitudes, planes C..2C-1 the phases of channels 0..C-1, in
 * radians in [-pi, pi], relative to the first sample of the window. The
 * output is always F64LE, whatever the input format. A frame has at most 64
 * channels, so with `phases=true` the input has at most 32.
 *
 * `rate` in the output caps is the input sample rate (not the frame rate), so
 * the frequency of bin k is `k * rate / size`. The caps also describe the
 * spectrum, so the stream carries its bin spacing:
 *
 * * `fft-size` (int): the FFT length N (the `size` property);
 * * `bins` (int): N / 2 + 1;
 * * `bin-spacing` (double): rate / N, in Hz;
 * * `hop` (int): samples between the starts of consecutive windows;
 * * `framerate` (fraction): frames per second, rate / hop, exact;
 * * `window` (string): the window's nick (`hann`, `hamming`, `blackman`,
 *   `rectangular`);
 * * `spectrum` (string): `magnitude` or `magnitude-phase`.
 *
 * For example, 48 kHz stereo F32 input with `size=1024 hop=512 phases=true`
 * gives `audio/x-raw, format=F64LE, layout=non-interleaved, rate=48000,
 * channels=4, channel-mask=(bitmask)0, fft-size=1024, bins=513,
 * bin-spacing=46.875, hop=512, framerate=375/4, window=hann,
 * spectrum=magnitude-phase` and buffers of 4 * 513 doubles.
 *
 * ## Magnitude normalisation
 *
 * Magnitudes are amplitudes, corrected for the window's coherent gain:
 * `|X[k]| * 2 / sum (w)` for 0 < k < N/2, and `|X[k]| / sum (w)` for the DC
 * and Nyquist bins, where X is the unnormalised DFT of the windowed samples
 * and w the window. A pure tone `A cos (2 pi f t + phi)` with f exactly at
 * the centre of bin k (0 < k < N/2) gives magnitude A in bin k with every
 * window; a constant A gives A in bin 0. With the rectangular window the
 * other bins are then 0; with the others the tone also leaks into the
 * neighbouring bins (bins k +- 1 hold A/2 for Hann). Off the bin centre the
 * peak magnitude drops by the window's scalloping loss (for a tone half-way
 * between two bins: 36% for rectangular, 15% for Hann, 12% for Blackman).
 *
 * ## Windows
 *
 * All windows are the periodic (DFT-even) forms, for n = 0..N-1: Hann
 * `0.5 - 0.5 cos (2 pi n / N)`, Hamming `0.53836 - 0.46164 cos (2 pi n / N)`
 * (these two and rectangular are GstFFTF64's own, gst_fft_f64_window()),
 * Blackman `0.42 - 0.5 cos (2 pi n / N) + 0.08 cos (4 pi n / N)` (computed by
 * slfft: GStreamer 1.22's gst_fft_f64_window() Blackman omits the pi in its
 * cosine arguments and is not a Blackman window). The coefficients are
 * computed once when the format is negotiated.
 *
 * ## Sizes, hop and timing
 *
 * `size` must be a length GstFFTF64 computes fast: even, with no prime factor
 * other than 2, 3 and 5 (512, 1000, 1024, 960, 4800, ...); any other size
 * is refused with an error naming the property when the element starts.
 * `hop` is the distance between window starts (0, the default, means `size`:
 * no overlap; `hop=size/2` gives 50% overlap); a hop larger than `size`
 * skips samples between windows.
 *
 * The PTS of a frame is the time of the first sample of its window, counted
 * in samples from the timestamp of the first buffer (after start, a flush or
 * a discontinuity); its duration is `hop` samples. The frame is produced when
 * the last sample of its window arrives, so slfft adds `size / rate` to the
 * latency.
 *
 * ## DataFrame meta
 *
 * Every output frame carries the `SlDataFrameMeta`: `seq` counts the output
 * frames from 0 (contiguous, not reset by flushes), and `metadata` is a copy
 * of the metadata of the input frame that completed the window.
 *
 * A discontinuity (a DISCONT input buffer or a GAP event), a flush or EOS
 * drops the incomplete window. Samples that never were in any emitted window
 * (such a tail, or samples skipped by a hop larger than the size) are counted
 * in the read-only `discarded-samples` property. A NaN or infinite input
 * sample makes the magnitudes of the frames whose window contains it NaN (or
 * infinite) in that channel only; the other channels and later frames are
 * unaffected.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 frequency=1500 ! slfft size=1024 ! fakesink
 * ]| Magnitude spectra of a 1500 Hz tone, Hann window, no overlap: with 48 kHz
 * input the bins are 46.875 Hz apart and the tone sits in bin 32.
 * |[
 * gst-launch-1.0 -v slsinesrc num-buffers=50 frequencies="<440.0, 880.0>" ! audio/x-raw,format=F32LE,layout=interleaved,rate=44100 ! slfft size=2048 hop=512 window=blackman phases=true ! fakesink
 * ]| Two interleaved F32 channels, 75% overlap, magnitudes and phases; `-v`
 * shows the output caps with the bin spacing.
 * |[
 * gst-launch-1.0 audiotestsrc num-buffers=20 wave=white-noise ! audio/x-raw,format=F64LE,rate=48000,channels=1 ! slfft size=960 window=hamming ! fakesink
 * ]| A non-power-of-two FFT size (960 = 2^6 * 3 * 5): bins 50 Hz apart.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include <gst/fft/gstfftf64.h>

#include "gstslfft.h"
#include "gstsldataframe.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_fft_debug);
#define GST_CAT_DEFAULT sl_fft_debug

#define MAX_SIZE (1 << 22)

#define DEFAULT_SIZE 1024
#define DEFAULT_HOP 0
#define DEFAULT_WINDOW GST_SL_FFT_WINDOW_HANN
#define DEFAULT_PHASES FALSE

enum
{
  PROP_0,
  PROP_SIZE,
  PROP_HOP,
  PROP_WINDOW,
  PROP_PHASES,
  PROP_DISCARDED_SAMPLES,
};

struct _GstSlFft
{
  GstElement parent;

  GstPad *sinkpad;
  GstPad *srcpad;

  /* properties, under the object lock */
  gint size;
  gint hop;
  GstSlFftWindow window;
  gboolean phases;
  guint64 discarded;    /* read-only counter */
  GstClockTime latency; /* size / rate once negotiated */

  /* negotiated format and work buffers, set at caps time (streaming
   * thread) */
  gboolean negotiated;
  GstAudioInfo info;
  GstAudioInfo out_info;
  guint n;     /* FFT size */
  guint hop_n; /* hop in samples */
  guint bins;
  gboolean out_phases;
  GstSlFftWindow win_kind;
  GstFFTF64 *fft;
  gdouble *win;           /* n window coefficients */
  gdouble *scale;         /* bins normalisation factors */
  gdouble *ring;          /* channels * n history, one ring per channel */
  gdouble *work;          /* n windowed samples */
  GstFFTF64Complex *freq; /* bins FFT output */
  GstBufferPool *pool;
  const guint8 *planes[SL_MAX_CHANNELS];

  /* stream state */
  guint write;  /* next write position in the rings */
  guint fill;   /* samples held in the rings */
  guint fresh;  /* held samples not yet in any frame */
  guint64 skip; /* samples to skip before the next window */
  guint64 pos;  /* samples received since the time base */
  GstClockTime base_pts;
  gboolean need_base;
  gboolean discont;
  guint64 seq;
};

/* clang-format off */
#define SL_FFT_SRC_CAPS \
    "audio/x-raw, " \
    "format = (string) F64LE, " \
    "layout = (string) non-interleaved, " \
    "rate = (int) [ 1, MAX ], " \
    SL_DATA_FRAME_CHANNELS
/* clang-format on */

static GstStaticPadTemplate sink_template =
    SL_DATA_FRAME_PAD_TEMPLATE ("sink", GST_PAD_SINK);

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS (SL_FFT_SRC_CAPS));

#define gst_sl_fft_parent_class parent_class
G_DEFINE_TYPE (GstSlFft, gst_sl_fft, GST_TYPE_ELEMENT);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slfft, "slfft", GST_RANK_NONE,
    GST_TYPE_SL_FFT, sl_element_init (plugin));

GType
gst_sl_fft_window_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_FFT_WINDOW_HANN, "Hann window", "hann" },
    { GST_SL_FFT_WINDOW_HAMMING, "Hamming window", "hamming" },
    { GST_SL_FFT_WINDOW_BLACKMAN, "Blackman window", "blackman" },
    { GST_SL_FFT_WINDOW_RECTANGULAR, "Rectangular window (no window)",
        "rectangular" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlFftWindow", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

static void gst_sl_fft_finalize (GObject *object);
static void gst_sl_fft_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_fft_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static GstStateChangeReturn gst_sl_fft_change_state (GstElement *element,
    GstStateChange transition);
static gboolean gst_sl_fft_sink_event (GstPad *pad, GstObject *parent,
    GstEvent *event);
static gboolean gst_sl_fft_src_query (GstPad *pad, GstObject *parent,
    GstQuery *query);
static GstFlowReturn gst_sl_fft_chain (GstPad *pad, GstObject *parent,
    GstBuffer *buffer);

static void
gst_sl_fft_class_init (GstSlFftClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_sl_fft_set_property;
  gobject_class->get_property = gst_sl_fft_get_property;
  gobject_class->finalize = gst_sl_fft_finalize;

  g_object_class_install_property (gobject_class, PROP_SIZE,
      g_param_spec_int ("size", "Size",
          "FFT length in samples: even, with no prime factor other than 2, 3 "
          "and 5 (e.g. 256, 960, 1000, 1024); gives size/2+1 bins",
          2, MAX_SIZE, DEFAULT_SIZE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_HOP,
      g_param_spec_int ("hop", "Hop",
          "Samples between the starts of consecutive windows; 0 means "
          "'size' (no overlap), size/2 gives 50% overlap, more than 'size' "
          "skips samples",
          0, G_MAXINT, DEFAULT_HOP,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_WINDOW,
      g_param_spec_enum ("window", "Window",
          "Analysis window applied before the FFT", GST_TYPE_SL_FFT_WINDOW,
          DEFAULT_WINDOW,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_PHASES,
      g_param_spec_boolean ("phases", "Phases",
          "Also output the phase of every bin (2C output channels: C planes "
          "of magnitudes, then C planes of phases in radians)",
          DEFAULT_PHASES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_DISCARDED_SAMPLES,
      sl_param_spec_counter ("discarded-samples", "Discarded samples",
          "Samples per channel received but never part of an emitted window "
          "(incomplete windows at EOS, flush or discontinuity, and samples "
          "skipped by a hop larger than the size)"));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "StreamLab FFT",
      "Filter/Analyzer/Audio",
      "Windowed FFT per channel: magnitude (and phase) spectra as "
      "DataFrames, the bin spacing in the caps",
      "gst-streamlab developers");

  element_class->change_state = GST_DEBUG_FUNCPTR (gst_sl_fft_change_state);

  gst_type_mark_as_plugin_api (GST_TYPE_SL_FFT_WINDOW, 0);

  GST_DEBUG_CATEGORY_INIT (sl_fft_debug, "slfft", 0, "StreamLab FFT");
}

static void
gst_sl_fft_init (GstSlFft *self)
{
  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_fft_chain));
  gst_pad_set_event_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_fft_sink_event));
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_set_query_function (self->srcpad,
      GST_DEBUG_FUNCPTR (gst_sl_fft_src_query));
  gst_pad_use_fixed_caps (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);

  self->size = DEFAULT_SIZE;
  self->hop = DEFAULT_HOP;
  self->window = DEFAULT_WINDOW;
  self->phases = DEFAULT_PHASES;
  self->latency = GST_CLOCK_TIME_NONE;
  gst_audio_info_init (&self->info);
  gst_audio_info_init (&self->out_info);
}

static void
free_work (GstSlFft *self)
{
  if (self->pool) {
    gst_buffer_pool_set_active (self->pool, FALSE);
    gst_object_unref (self->pool);
    self->pool = NULL;
  }
  if (self->fft) {
    gst_fft_f64_free (self->fft);
    self->fft = NULL;
  }
  g_clear_pointer (&self->win, g_free);
  g_clear_pointer (&self->scale, g_free);
  g_clear_pointer (&self->ring, g_free);
  g_clear_pointer (&self->work, g_free);
  g_clear_pointer (&self->freq, g_free);
  self->negotiated = FALSE;
}

static void
gst_sl_fft_finalize (GObject *object)
{
  GstSlFft *self = GST_SL_FFT (object);

  free_work (self);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_fft_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstSlFft *self = GST_SL_FFT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_SIZE:
      self->size = g_value_get_int (value);
      break;
    case PROP_HOP:
      self->hop = g_value_get_int (value);
      break;
    case PROP_WINDOW:
      self->window = g_value_get_enum (value);
      break;
    case PROP_PHASES:
      self->phases = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_fft_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlFft *self = GST_SL_FFT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_SIZE:
      g_value_set_int (value, self->size);
      break;
    case PROP_HOP:
      g_value_set_int (value, self->hop);
      break;
    case PROP_WINDOW:
      g_value_set_enum (value, self->window);
      break;
    case PROP_PHASES:
      g_value_set_boolean (value, self->phases);
      break;
    case PROP_DISCARDED_SAMPLES:
      g_value_set_uint64 (value, self->discarded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* The lengths GstFFTF64 computes fast: even, factors 2, 3 and 5 only. */
static gboolean
size_supported (gint n)
{
  return n >= 2 && n % 2 == 0 && gst_fft_next_fast_length (n) == n;
}

static gint
next_supported_size (gint n)
{
  gint m = gst_fft_next_fast_length (MAX (n, 2));

  while (!size_supported (m))
    m = gst_fft_next_fast_length (m + 1);
  return m;
}

/* Posts the error naming `size` when @size is not supported. */
static gboolean
check_size (GstSlFft *self, gint size)
{
  if (G_LIKELY (size_supported (size)))
    return TRUE;

  SL_ELEMENT_ERROR_PROPERTY (self, "size",
      ("size %d is not supported by GstFFTF64: use an even length whose only "
       "prime factors are 2, 3 and 5 (the next one is %d)",
          size, next_supported_size (size)));
  return FALSE;
}

static void
count_discarded (GstSlFft *self, guint64 n)
{
  if (n == 0)
    return;
  GST_OBJECT_LOCK (self);
  self->discarded += n;
  GST_OBJECT_UNLOCK (self);
}

/* Drops the incomplete window and restarts the time base. */
static void
reset_stream (GstSlFft *self)
{
  count_discarded (self, self->fresh);
  self->write = 0;
  self->fill = 0;
  self->fresh = 0;
  self->skip = 0;
  self->pos = 0;
  self->base_pts = GST_CLOCK_TIME_NONE;
  self->need_base = TRUE;
  self->discont = TRUE;
}

static const gchar *
window_nick (GstSlFftWindow w)
{
  GEnumClass *klass = g_type_class_ref (GST_TYPE_SL_FFT_WINDOW);
  GEnumValue *v = g_enum_get_value (klass, w);
  const gchar *nick = v ? v->value_nick : "unknown";

  g_type_class_unref (klass);
  return nick;
}

/* Window coefficients: GstFFTF64's own for Hann, Hamming and rectangular;
 * Blackman from its formula (see the SECTION block). */
static void
make_window (GstSlFft *self)
{
  guint i, n = self->n;
  gdouble sum = 0.0;

  for (i = 0; i < n; i++)
    self->win[i] = 1.0;
  switch (self->win_kind) {
    case GST_SL_FFT_WINDOW_HANN:
      gst_fft_f64_window (self->fft, self->win, GST_FFT_WINDOW_HANN);
      break;
    case GST_SL_FFT_WINDOW_HAMMING:
      gst_fft_f64_window (self->fft, self->win, GST_FFT_WINDOW_HAMMING);
      break;
    case GST_SL_FFT_WINDOW_BLACKMAN:
      for (i = 0; i < n; i++) {
        gdouble x = 2.0 * G_PI * i / n;

        self->win[i] = 0.42 - 0.5 * cos (x) + 0.08 * cos (2.0 * x);
      }
      break;
    case GST_SL_FFT_WINDOW_RECTANGULAR:
    default:
      gst_fft_f64_window (self->fft, self->win, GST_FFT_WINDOW_RECTANGULAR);
      break;
  }

  for (i = 0; i < n; i++)
    sum += self->win[i];
  /* amplitude spectrum corrected for the coherent gain sum (w) */
  for (i = 0; i < self->bins; i++)
    self->scale[i] = (i == 0 || 2 * i == n) ? 1.0 / sum : 2.0 / sum;
}

static GstCaps *
make_out_caps (GstSlFft *self)
{
  gint rate = GST_AUDIO_INFO_RATE (&self->info);
  gint channels = GST_AUDIO_INFO_CHANNELS (&self->info);
  gint out_channels = self->out_phases ? 2 * channels : channels;
  gint g = (gint) gst_util_greatest_common_divisor (rate, self->hop_n);
  GstCaps *caps;

  gst_audio_info_set_format (&self->out_info, GST_AUDIO_FORMAT_F64LE, rate,
      out_channels, NULL);
  self->out_info.layout = GST_AUDIO_LAYOUT_NON_INTERLEAVED;
  caps = gst_audio_info_to_caps (&self->out_info);
  gst_caps_set_simple (caps, "fft-size", G_TYPE_INT, (gint) self->n, "bins",
      G_TYPE_INT, (gint) self->bins, "bin-spacing", G_TYPE_DOUBLE,
      (gdouble) rate / self->n, "hop", G_TYPE_INT, (gint) self->hop_n,
      "framerate", GST_TYPE_FRACTION, rate / g, (gint) self->hop_n / g,
      "window", G_TYPE_STRING, window_nick (self->win_kind), "spectrum",
      G_TYPE_STRING, self->out_phases ? "magnitude-phase" : "magnitude", NULL);
  return caps;
}

static gboolean
setup (GstSlFft *self, GstCaps *caps)
{
  GstAudioInfo info;
  gint size, hop;
  GstSlFftWindow window;
  gboolean phases;
  GstCaps *out_caps;
  GstStructure *config;
  guint channels;
  gsize out_size;

  if (!gst_audio_info_from_caps (&info, caps)) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
        (_ ("Could not negotiate a format.")),
        ("invalid input caps %" GST_PTR_FORMAT, caps));
    return FALSE;
  }

  GST_OBJECT_LOCK (self);
  size = self->size;
  hop = self->hop;
  window = self->window;
  phases = self->phases;
  GST_OBJECT_UNLOCK (self);

  if (!check_size (self, size))
    return FALSE;
  if (phases && GST_AUDIO_INFO_CHANNELS (&info) > SL_MAX_CHANNELS / 2) {
    SL_ELEMENT_ERROR_PROPERTY (self, "phases",
        ("with phases, %d input channels make %d output channels, more "
         "than %d",
            GST_AUDIO_INFO_CHANNELS (&info),
            2 * GST_AUDIO_INFO_CHANNELS (&info), SL_MAX_CHANNELS));
    return FALSE;
  }
  if (hop == 0)
    hop = size;

  if (self->negotiated && gst_audio_info_is_equal (&info, &self->info) &&
      self->n == (guint) size && self->hop_n == (guint) hop &&
      self->win_kind == window && self->out_phases == phases)
    return TRUE;

  reset_stream (self);
  free_work (self);

  self->info = info;
  self->n = size;
  self->hop_n = hop;
  self->bins = size / 2 + 1;
  self->win_kind = window;
  self->out_phases = phases;
  channels = GST_AUDIO_INFO_CHANNELS (&info);

  self->fft = gst_fft_f64_new (size, FALSE);
  self->win = g_new (gdouble, size);
  self->scale = g_new (gdouble, self->bins);
  self->ring = g_new0 (gdouble, (gsize) channels * size);
  self->work = g_new (gdouble, size);
  self->freq = g_new (GstFFTF64Complex, self->bins);
  make_window (self);

  out_caps = make_out_caps (self);
  out_size = (gsize) GST_AUDIO_INFO_CHANNELS (&self->out_info) * self->bins *
      sizeof (gdouble);

  self->pool = gst_buffer_pool_new ();
  config = gst_buffer_pool_get_config (self->pool);
  gst_buffer_pool_config_set_params (config, out_caps, out_size, 2, 0);
  if (!gst_buffer_pool_set_config (self->pool, config) ||
      !gst_buffer_pool_set_active (self->pool, TRUE)) {
    gst_caps_unref (out_caps);
    free_work (self);
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
        (_ ("Could not negotiate a format.")),
        ("cannot allocate output buffers of %" G_GSIZE_FORMAT " bytes",
            out_size));
    return FALSE;
  }

  GST_OBJECT_LOCK (self);
  self->latency =
      gst_util_uint64_scale_int (size, GST_SECOND, GST_AUDIO_INFO_RATE (&info));
  GST_OBJECT_UNLOCK (self);

  self->negotiated = TRUE;
  GST_DEBUG_OBJECT (self, "output caps %" GST_PTR_FORMAT, out_caps);
  if (!gst_pad_push_event (self->srcpad, gst_event_new_caps (out_caps))) {
    GST_DEBUG_OBJECT (self, "downstream refused %" GST_PTR_FORMAT, out_caps);
    gst_caps_unref (out_caps);
    return FALSE;
  }
  gst_caps_unref (out_caps);
  return TRUE;
}

static gboolean
gst_sl_fft_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstSlFft *self = GST_SL_FFT (parent);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS: {
      GstCaps *caps;
      gboolean res;

      gst_event_parse_caps (event, &caps);
      res = setup (self, caps);
      gst_event_unref (event);
      return res;
    }
    case GST_EVENT_FLUSH_STOP:
    case GST_EVENT_EOS:
    case GST_EVENT_GAP:
      /* a gap breaks the sample count: the next window starts after it */
      reset_stream (self);
      break;
    default:
      break;
  }
  return gst_pad_event_default (pad, parent, event);
}

static gboolean
gst_sl_fft_src_query (GstPad *pad, GstObject *parent, GstQuery *query)
{
  GstSlFft *self = GST_SL_FFT (parent);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_LATENCY: {
      GstClockTime min, max, latency;
      gboolean live;

      if (!gst_pad_peer_query (self->sinkpad, query))
        return FALSE;
      gst_query_parse_latency (query, &live, &min, &max);
      GST_OBJECT_LOCK (self);
      latency = self->latency;
      GST_OBJECT_UNLOCK (self);
      if (GST_CLOCK_TIME_IS_VALID (latency)) {
        min += latency;
        if (GST_CLOCK_TIME_IS_VALID (max))
          max += latency;
      }
      gst_query_set_latency (query, live, min, max);
      return TRUE;
    }
    default:
      return gst_pad_query_default (pad, parent, query);
  }
}

/* Window, FFT and spectrum of every channel over the full rings; pushes one
 * frame. */
static GstFlowReturn
emit_frame (GstSlFft *self, GstBuffer *inbuf)
{
  guint n = self->n, bins = self->bins;
  guint channels = GST_AUDIO_INFO_CHANNELS (&self->info);
  guint start = self->write; /* the oldest sample when the ring is full */
  guint head = n - start;
  gint rate = GST_AUDIO_INFO_RATE (&self->info);
  const gdouble *win = self->win;
  const gdouble *scale = self->scale;
  gdouble *work = self->work;
  GstFFTF64Complex *freq = self->freq;
  GstAudioMeta *ameta;
  GstBuffer *out = NULL;
  GstMapInfo map;
  GstFlowReturn ret;
  guint64 first;
  guint c, i;

  ret = gst_buffer_pool_acquire_buffer (self->pool, &out, NULL);
  if (ret != GST_FLOW_OK)
    return ret;

  /* Pooled buffers keep their audio and DataFrame metas. */
  ameta = gst_buffer_get_audio_meta (out);
  if (ameta &&
      (ameta->samples != bins ||
          !gst_audio_info_is_equal (&ameta->info, &self->out_info))) {
    gst_buffer_remove_meta (out, (GstMeta *) ameta);
    ameta = NULL;
  }
  if (ameta == NULL) {
    ameta = gst_buffer_add_audio_meta (out, &self->out_info, bins, NULL);
    GST_META_FLAG_SET ((GstMeta *) ameta, GST_META_FLAG_POOLED);
  }

  gst_buffer_map (out, &map, GST_MAP_WRITE);
  for (c = 0; c < channels; c++) {
    const gdouble *ring = self->ring + (gsize) c * n;
    gdouble *mag = (gdouble *) map.data + (gsize) c * bins;

    for (i = 0; i < head; i++)
      work[i] = win[i] * ring[start + i];
    for (i = 0; i < start; i++)
      work[head + i] = win[head + i] * ring[i];

    gst_fft_f64_fft (self->fft, work, freq);

    for (i = 0; i < bins; i++)
      mag[i] = sqrt (freq[i].r * freq[i].r + freq[i].i * freq[i].i) * scale[i];
    if (self->out_phases) {
      gdouble *ph = (gdouble *) map.data + (gsize) (channels + c) * bins;

      for (i = 0; i < bins; i++)
        ph[i] = atan2 (freq[i].i, freq[i].r);
    }
  }
  gst_buffer_unmap (out, &map);

  first = self->pos - n;
  if (GST_CLOCK_TIME_IS_VALID (self->base_pts)) {
    GstClockTime t0 = gst_util_uint64_scale_int (first, GST_SECOND, rate);
    GstClockTime t1 =
        gst_util_uint64_scale_int (first + self->hop_n, GST_SECOND, rate);

    GST_BUFFER_PTS (out) = self->base_pts + t0;
    GST_BUFFER_DURATION (out) = t1 - t0;
  }
  GST_BUFFER_DTS (out) = GST_CLOCK_TIME_NONE;
  if (self->discont) {
    GST_BUFFER_FLAG_SET (out, GST_BUFFER_FLAG_DISCONT);
    self->discont = FALSE;
  }

  gst_sl_buffer_ensure_data_frame_meta (out, TRUE);
  gst_sl_buffer_set_seq (out, self->seq);
  gst_sl_buffer_replace_metadata (out, gst_sl_buffer_peek_metadata (inbuf));
  self->seq++;

  return gst_pad_push (self->srcpad, out);
}

/* Appends @k samples from input position @i to the rings.
 *
 * The input is accumulated in one ring of `size` samples per channel rather
 * than in a GstAdapter: an adapter concatenates bytes, which works for
 * interleaved buffers but splices the planes of non-interleaved ones (it
 * would need a sub-buffer per plane per input buffer), and with overlapping
 * windows gst_adapter_map() re-assembles the overlap for every frame. The
 * rings take every sample once, converted to F64 and deinterleaved, for
 * every layout, and are allocated once at caps time. */
static void
copy_in (GstSlFft *self, gboolean f64, guint stride, guint i, guint k)
{
  guint channels = GST_AUDIO_INFO_CHANNELS (&self->info);
  guint n = self->n;
  guint c, j;

  for (c = 0; c < channels; c++) {
    gdouble *dst = self->ring + (gsize) c * n + self->write;

    if (f64) {
      const gdouble *src =
          (const gdouble *) self->planes[c] + (gsize) i * stride;

      if (stride == 1) {
        memcpy (dst, src, k * sizeof (gdouble));
      } else {
        for (j = 0; j < k; j++)
          dst[j] = src[(gsize) j * stride];
      }
    } else {
      const gfloat *src = (const gfloat *) self->planes[c] + (gsize) i * stride;

      for (j = 0; j < k; j++)
        dst[j] = src[(gsize) j * stride];
    }
  }
}

static GstFlowReturn
gst_sl_fft_chain (GstPad *pad, GstObject *parent, GstBuffer *buffer)
{
  GstSlFft *self = GST_SL_FFT (parent);
  GstAudioInfo *info = &self->info;
  GstFlowReturn ret = GST_FLOW_OK;
  guint channels, bps, stride, samples, i, c;
  gboolean f64;
  GstMapInfo map;

  if (G_UNLIKELY (!self->negotiated))
    goto not_negotiated;

  if (GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DISCONT) &&
      !self->need_base) {
    GST_DEBUG_OBJECT (self, "discontinuity: dropping the incomplete window");
    reset_stream (self);
  }
  if (self->need_base) {
    self->base_pts = GST_BUFFER_PTS (buffer);
    self->need_base = FALSE;
  }

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    goto map_failed;

  channels = GST_AUDIO_INFO_CHANNELS (info);
  bps = GST_AUDIO_INFO_BPS (info);
  f64 = GST_AUDIO_INFO_FORMAT (info) == GST_AUDIO_FORMAT_F64LE;
  if (GST_AUDIO_INFO_LAYOUT (info) == GST_AUDIO_LAYOUT_INTERLEAVED) {
    samples = map.size / GST_AUDIO_INFO_BPF (info);
    stride = channels;
    for (c = 0; c < channels; c++)
      self->planes[c] = map.data + c * bps;
  } else {
    GstAudioMeta *ameta = gst_buffer_get_audio_meta (buffer);

    stride = 1;
    if (ameta && ameta->info.channels == (gint) channels) {
      samples = ameta->samples;
      for (c = 0; c < channels; c++) {
        if (ameta->offsets[c] + (gsize) samples * bps > map.size)
          goto bad_buffer;
        self->planes[c] = map.data + ameta->offsets[c];
      }
    } else {
      samples = map.size / GST_AUDIO_INFO_BPF (info);
      for (c = 0; c < channels; c++)
        self->planes[c] = map.data + (gsize) c * samples * bps;
    }
  }

  i = 0;
  while (i < samples) {
    guint k;

    if (self->skip > 0) {
      k = MIN (self->skip, (guint64) (samples - i));
      self->skip -= k;
      self->pos += k;
      i += k;
      count_discarded (self, k);
      continue;
    }
    k = MIN (samples - i, self->n - self->fill);
    k = MIN (k, self->n - self->write);
    copy_in (self, f64, stride, i, k);
    self->write += k;
    if (self->write == self->n)
      self->write = 0;
    self->fill += k;
    self->fresh += k;
    self->pos += k;
    i += k;

    if (self->fill == self->n) {
      ret = emit_frame (self, buffer);
      self->fresh = 0;
      if (self->hop_n < self->n) {
        self->fill = self->n - self->hop_n;
      } else {
        self->fill = 0;
        self->skip = self->hop_n - self->n;
      }
      if (ret != GST_FLOW_OK)
        break;
    }
  }

  gst_buffer_unmap (buffer, &map);
  gst_buffer_unref (buffer);
  return ret;

not_negotiated : {
  GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
      (_ ("Could not negotiate a format.")),
      ("no format was negotiated before the first frame"));
  gst_buffer_unref (buffer);
  return GST_FLOW_NOT_NEGOTIATED;
}
map_failed : {
  SL_ELEMENT_ERROR_UNMAPPED (self, buffer);
  gst_buffer_unref (buffer);
  return GST_FLOW_ERROR;
}
bad_buffer : {
  GST_ELEMENT_ERROR (self, STREAM, FORMAT, (NULL),
      ("input planes extend beyond the buffer (%" G_GSIZE_FORMAT " bytes)",
          map.size));
  gst_buffer_unmap (buffer, &map);
  gst_buffer_unref (buffer);
  return GST_FLOW_ERROR;
}
}

static GstStateChangeReturn
gst_sl_fft_change_state (GstElement *element, GstStateChange transition)
{
  GstSlFft *self = GST_SL_FFT (element);
  GstStateChangeReturn ret;

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_PAUSED: {
      gint size;

      GST_OBJECT_LOCK (self);
      size = self->size;
      self->discarded = 0;
      GST_OBJECT_UNLOCK (self);
      if (!check_size (self, size))
        return GST_STATE_CHANGE_FAILURE;
      self->seq = 0;
      reset_stream (self);
      break;
    }
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  switch (transition) {
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      free_work (self);
      gst_audio_info_init (&self->info);
      GST_OBJECT_LOCK (self);
      self->latency = GST_CLOCK_TIME_NONE;
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      break;
  }
  return ret;
}
