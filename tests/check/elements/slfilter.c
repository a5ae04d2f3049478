/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/audio/audio.h>
#include <gst/controller/gstinterpolationcontrolsource.h>
#include <gst/controller/gstdirectcontrolbinding.h>

#include "gstslmeta.h"

#define RATE 48000
#define PI_L 3.141592653589793238462643383279502884L

/* ------------------------------------------------------------------------
 * Reference designs.
 *
 * These second-order sections were computed offline with scipy 1.10.1
 * (Debian's python3-scipy), one call per table as written above it, and
 * printed with repr() (17 significant digits). Rows are
 * [b0, b1, b2, a0, a1, a2], as scipy's sos output. The element designs
 * its own sections (the grouping of poles and the spreading of the gain
 * may differ from scipy's); only the transfer function has to agree, so
 * the tests compare filter outputs, not coefficients.
 * ------------------------------------------------------------------------ */

/* scipy.signal.butter(4, 1000, 'lowpass', fs=48000, output='sos') */
static const gdouble sos_0[][6] = {
  { 1.555172178089176e-05, 3.110344356178352e-05, 1.555172178089176e-05, 1.0,
      -1.7695043485128368, 0.7847733317825629 },
  { 1.0, 2.0, 1.0, 1.0, -1.8885559538890464, 0.9048522287685677 },
};
/* scipy.signal.cheby1(4, 0.5, 3000, 'lowpass', fs=48000, output='sos') */
static const gdouble sos_1[][6] = {
  { 0.0004260838861630175, 0.000852167772326035, 0.0004260838861630175, 1.0,
      -1.6674572533917975, 0.7151583504529205 },
  { 1.0, 2.0, 1.0, 1.0, -1.7231282456587504, 0.8745145982461109 },
};
/* scipy.signal.butter(3, 2000, 'highpass', fs=48000, output='sos') */
static const gdouble sos_2[][6] = {
  { 0.7690819184251685, -0.7690819184251685, 0.0, 1.0, -0.7673269879789604,
      0.0 },
  { 1.0, -2.0, 1.0, 1.0, -1.7104970464692144, 0.7708368488713766 },
};
/* scipy.signal.cheby1(5, 1.0, 500, 'highpass', fs=48000, output='sos') */
static const gdouble sos_3[][6] = {
  { 0.8593123529759815, -0.8593123529759815, 0.0, 1.0, -0.7968121197580406,
      0.0 },
  { 1.0, -2.0, 1.0, 1.0, -1.9215733342574328, 0.931191253632348 },
  { 1.0, -2.0, 1.0, 1.0, -1.9839225339703799, 0.9882297630697773 },
};
/* scipy.signal.butter(3, [300, 3000], 'bandpass', fs=48000, output='sos') */
static const gdouble sos_4[][6] = {
  { 0.003991792399070878, 0.007983584798141756, 0.003991792399070878, 1.0,
      -1.6070406979692458, 0.7296473440496116 },
  { 1.0, 0.0, -1.0, 1.0, -1.6837556388140702, 0.6969611825284777 },
  { 1.0, -2.0, 1.0, 1.0, -1.9645123423798871, 0.9661444985383065 },
};
/* scipy.signal.cheby1(2, 0.5, [1000, 4000], 'bandpass', fs=48000, output='sos') */
static const gdouble sos_5[][6] = {
  { 0.042152395371866894, 0.08430479074373379, 0.042152395371866894, 1.0,
      -1.3935152147019032, 0.6400869874429499 },
  { 1.0, -2.0, 1.0, 1.0, -1.8884244220160906, 0.9028110729024391 },
};
/* scipy.signal.butter(2, [45, 55], 'bandstop', fs=48000, output='sos') */
static const gdouble sos_6[][6] = {
  { 0.9990748276239034, -1.9981072861702127, 0.9990748276239034, 1.0,
      -1.998960240062764, 0.9990091128246836 },
  { 1.0, -1.9999575916874066, 1.0, 1.0, -1.9991037818688955,
      0.9991405467460241 },
};
/* scipy.signal.cheby1(3, 1.0, [2000, 6000], 'bandstop', fs=48000, output='sos') */
static const gdouble sos_7[][6] = {
  { 0.5379260350471377, -0.9645825777277527, 0.5379260350471377, 1.0,
      -1.1627076083962424, 0.29683182787126844 },
  { 1.0, -1.793150944336107, 1.0, 1.0, -1.3060277955493373,
      0.8335493154401017 },
  { 1.0, -1.793150944336107, 1.0, 1.0, -1.8672943485678626,
      0.9345820670630585 },
};
/* scipy.signal.butter(16, 5000, 'lowpass', fs=48000, output='sos') */
static const gdouble sos_8[][6] = {
  { 1.0166449033595569e-09, 2.0332898067191137e-09, 1.0166449033595569e-09, 1.0,
      -0.9880912706543798, 0.24546178918419576 },
  { 1.0, 2.0, 1.0, 1.0, -1.0026276064698627, 0.26378443948040126 },
  { 1.0, 2.0, 1.0, 1.0, -1.0324209065113787, 0.30133807230506304 },
  { 1.0, 2.0, 1.0, 1.0, -1.0789673566962448, 0.36000858873318975 },
  { 1.0, 2.0, 1.0, 1.0, -1.1446496629593415, 0.44279932386639687 },
  { 1.0, 2.0, 1.0, 1.0, -1.2329028338243355, 0.554040011190656 },
  { 1.0, 2.0, 1.0, 1.0, -1.3484215583297854, 0.6996481767314274 },
  { 1.0, 2.0, 1.0, 1.0, -1.4973605900564557, 0.8873817175922948 },
};
/* scipy.signal.cheby1(8, 0.1, [1000, 2000], 'bandpass', fs=48000, output='sos') */
static const gdouble sos_9[][6] = {
  { 1.5484895235790483e-11, 3.0969790471580965e-11, 1.5484895235790483e-11, 1.0,
      -1.9170944806305719, 0.9558035036267811 },
  { 1.0, 2.0, 1.0, 1.0, -1.907517333284049, 0.9580306563300367 },
  { 1.0, 2.0, 1.0, 1.0, -1.9326217790336324, 0.9616329442770265 },
  { 1.0, 2.0, 1.0, 1.0, -1.907851696065927, 0.9696926126934006 },
  { 1.0, -2.0, 1.0, 1.0, -1.949541325242875, 0.9718855980823365 },
  { 1.0, -2.0, 1.0, 1.0, -1.9648705086160163, 0.9833034269129175 },
  { 1.0, -2.0, 1.0, 1.0, -1.9196536369331947, 0.9888836973418785 },
  { 1.0, -2.0, 1.0, 1.0, -1.9777976473833905, 0.9944961637959764 },
};

/* scipy.signal.cheby1(6, 0.2, 8000, 'highpass', fs=44100, output='sos') */
static const gdouble sos_10[][6] = {
  { 0.058186267613928956, -0.11637253522785791, 0.058186267613928956, 1.0,
      0.36343964433843023, 0.138318768094636 },
  { 1.0, -2.0, 1.0, 1.0, -0.3344973644516689, 0.507355795151885 },
  { 1.0, -2.0, 1.0, 1.0, -0.8263927049667962, 0.8436088237128927 },
};

/* scipy.signal.butter(4, 2000, 'highpass', fs=48000, output='sos') */
static const gdouble sos_11[][6] = {
  { 0.7094894751253098, -1.4189789502506196, 0.7094894751253098, 1.0,
      -1.5590543011416915, 0.6140517819378818 },
  { 1.0, -2.0, 1.0, 1.0, -1.7577536094827262, 0.8197604429273134 },
};

/* scipy.signal.cheby1(8, 0.5, 6000, 'highpass', fs=48000, output='sos') */
static const gdouble sos_12[][6] = {
  { 0.05978595384762973, -0.11957190769525947, 0.05978595384762973, 1.0,
      0.37852609698640155, 0.17665569263833025 },
  { 1.0, -2.0, 1.0, 1.0, -0.5468230844924601, 0.54982989624728 },
  { 1.0, -2.0, 1.0, 1.0, -1.121782609304242, 0.7973904057851324 },
  { 1.0, -2.0, 1.0, 1.0, -1.3780434276455529, 0.9407431190633859 },
};

typedef struct
{
  const gchar *props; /* the same design as slfilter properties */
  const gdouble (*sos)[6];
  guint n_sections;
} RefDesign;

static const RefDesign ref_designs[] = {
  { "kind=lowpass design=butterworth order=4 cutoff=1000", sos_0, 2 },
  { "kind=lowpass design=chebyshev1 ripple=0.5 order=4 cutoff=3000", sos_1, 2 },
  { "kind=highpass design=butterworth order=3 cutoff=2000", sos_2, 2 },
  { "kind=highpass design=chebyshev1 ripple=1.0 order=5 cutoff=500", sos_3, 3 },
  { "kind=bandpass design=butterworth order=3 lower-frequency=300 "
    "upper-frequency=3000",
      sos_4, 3 },
  { "kind=bandpass design=chebyshev1 ripple=0.5 order=2 lower-frequency=1000 "
    "upper-frequency=4000",
      sos_5, 2 },
  { "kind=bandstop design=butterworth order=2 lower-frequency=45 "
    "upper-frequency=55",
      sos_6, 2 },
  { "kind=bandstop design=chebyshev1 ripple=1.0 order=3 lower-frequency=2000 "
    "upper-frequency=6000",
      sos_7, 3 },
  { "kind=lowpass design=butterworth order=16 cutoff=5000", sos_8, 8 },
  { "kind=bandpass design=chebyshev1 ripple=0.1 order=8 lower-frequency=1000 "
    "upper-frequency=2000",
      sos_9, 8 },
  /* an even number of high-pass sections (the gain-factored path) */
  { "kind=highpass design=butterworth order=4 cutoff=2000", sos_11, 2 },
  { "kind=highpass design=chebyshev1 ripple=0.5 order=8 cutoff=6000", sos_12,
      4 },
};

/* ------------------------------------------------------------------------
 * Independent reference filters, in long double: a plain direct-form-I
 * cascade of sections, a direct convolution, a direct mean.
 * ------------------------------------------------------------------------ */

static void
ref_sos (const gdouble (*sos)[6], guint n_sections, const gdouble *x,
    gdouble *y, guint n)
{
  long double *buf = g_new (long double, n);
  guint s, i;

  for (i = 0; i < n; i++)
    buf[i] = x[i];
  for (s = 0; s < n_sections; s++) {
    long double b0 = sos[s][0] / (long double) sos[s][3];
    long double b1 = sos[s][1] / (long double) sos[s][3];
    long double b2 = sos[s][2] / (long double) sos[s][3];
    long double a1 = sos[s][4] / (long double) sos[s][3];
    long double a2 = sos[s][5] / (long double) sos[s][3];
    long double x1 = 0, x2 = 0, y1 = 0, y2 = 0;

    for (i = 0; i < n; i++) {
      long double xi = buf[i];
      long double yi = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;

      x2 = x1;
      x1 = xi;
      y2 = y1;
      y1 = yi;
      buf[i] = yi;
    }
  }
  for (i = 0; i < n; i++)
    y[i] = (gdouble) buf[i];
  g_free (buf);
}

static void
ref_fir (const gdouble *taps, guint ntaps, const gdouble *x, gdouble *y,
    guint n)
{
  guint i, k;

  for (i = 0; i < n; i++) {
    long double acc = 0;

    for (k = 0; k < ntaps && k <= i; k++)
      acc += (long double) taps[k] * x[i - k];
    y[i] = (gdouble) acc;
  }
}

static void
ref_mean (guint window, const gdouble *x, gdouble *y, guint n)
{
  guint i, k;

  for (i = 0; i < n; i++) {
    long double acc = 0;

    for (k = 0; k < window && k <= i; k++)
      acc += x[i - k];
    y[i] = (gdouble) (acc / window);
  }
}

/* ------------------------------------------------------------------------
 * Running the element
 * ------------------------------------------------------------------------ */

typedef struct
{
  gboolean f32;
  gboolean planar;
  guint channels;
  gint rate; /* 0 for RATE */
} Fmt;

#define FMT_RATE(f) ((f)->rate ? (f)->rate : RATE)

static const Fmt all_fmts[] = {
  { FALSE, FALSE, 3 },
  { FALSE, TRUE, 3 },
  { TRUE, FALSE, 3 },
  { TRUE, TRUE, 3 },
  { FALSE, FALSE, 11 },
  { FALSE, TRUE, 11 },
  { TRUE, FALSE, 8 },
  { TRUE, TRUE, 8 },
};

static gchar *
fmt_caps (const Fmt *f)
{
  return g_strdup_printf ("audio/x-raw,format=%s,layout=%s,rate=%d,"
                          "channels=%u,channel-mask=(bitmask)0",
      f->f32 ? "F32LE" : "F64LE", f->planar ? "non-interleaved" : "interleaved",
      FMT_RATE (f), f->channels);
}

/* With @bus, the element's messages go there (set before the caps, so
 * that errors at negotiation are seen). */
static GstHarness *
filter_harness_with_bus (const gchar *props, const Fmt *f, GstBus *bus)
{
  gchar *desc = g_strdup_printf ("slfilter %s", props);
  gchar *caps = fmt_caps (f);
  GstHarness *h = gst_harness_new_parse (desc);

  if (bus)
    gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h, caps);
  g_free (desc);
  g_free (caps);
  return h;
}

/* A buffer of @frames frames from @x (channel-major, @total per channel)
 * starting at frame @start, in the format @f. */
static GstBuffer *
make_buffer (const Fmt *f, const gdouble *x, guint total, guint start,
    guint frames)
{
  gsize bps = f->f32 ? 4 : 8;
  GstBuffer *buf =
      gst_buffer_new_allocate (NULL, bps * frames * f->channels, NULL);
  GstMapInfo map;
  guint c, i;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (c = 0; c < f->channels; c++) {
    for (i = 0; i < frames; i++) {
      gdouble v = x[(gsize) c * total + start + i];
      gsize idx =
          f->planar ? (gsize) c * frames + i : (gsize) i * f->channels + c;

      if (f->f32)
        ((gfloat *) map.data)[idx] = (gfloat) v;
      else
        ((gdouble *) map.data)[idx] = v;
    }
  }
  gst_buffer_unmap (buf, &map);
  if (f->planar) {
    GstAudioInfo info;
    GstCaps *caps;
    gchar *s = fmt_caps (f);

    caps = gst_caps_from_string (s);
    gst_audio_info_from_caps (&info, caps);
    gst_buffer_add_audio_meta (buf, &info, frames, NULL);
    gst_caps_unref (caps);
    g_free (s);
  }
  GST_BUFFER_PTS (buf) =
      gst_util_uint64_scale_int (start, GST_SECOND, FMT_RATE (f));
  GST_BUFFER_DURATION (buf) =
      gst_util_uint64_scale_int (frames, GST_SECOND, FMT_RATE (f));
  return buf;
}

static GstHarness *
filter_harness (const gchar *props, const Fmt *f)
{
  return filter_harness_with_bus (props, f, NULL);
}

static void
read_buffer (const Fmt *f, GstBuffer *buf, gdouble *y, guint total, guint start,
    guint frames)
{
  GstAudioInfo info;
  GstAudioBuffer abuf;
  GstCaps *caps;
  gchar *s = fmt_caps (f);
  guint c, i;

  caps = gst_caps_from_string (s);
  gst_audio_info_from_caps (&info, caps);
  gst_caps_unref (caps);
  g_free (s);

  fail_unless (gst_audio_buffer_map (&abuf, &info, buf, GST_MAP_READ));
  fail_unless_equals_int ((gint) abuf.n_samples, (gint) frames);
  for (c = 0; c < f->channels; c++) {
    for (i = 0; i < frames; i++) {
      gdouble v;

      if (f->planar)
        v = f->f32 ? ((gfloat *) abuf.planes[c])[i]
                   : ((gdouble *) abuf.planes[c])[i];
      else
        v = f->f32 ? ((gfloat *) abuf.planes[0])[i * f->channels + c]
                   : ((gdouble *) abuf.planes[0])[i * f->channels + c];
      y[(gsize) c * total + start + i] = v;
    }
  }
  gst_audio_buffer_unmap (&abuf);
}

/* Pushes @x through a started harness in chunks (sizes cycling through
 * @chunks) and collects the output in @y. */
static void
push_through (GstHarness *h, const Fmt *f, const gdouble *x, gdouble *y,
    guint total, const guint *chunks, guint n_chunks)
{
  guint pos = 0, k = 0;

  while (pos < total) {
    guint n = MIN (chunks[k % n_chunks], total - pos);
    GstBuffer *out;

    fail_unless_equals_int (gst_harness_push (h,
                                make_buffer (f, x, total, pos, n)),
        GST_FLOW_OK);
    out = gst_harness_pull (h);
    fail_unless (out != NULL);
    read_buffer (f, out, y, total, pos, n);
    gst_buffer_unref (out);
    pos += n;
    k++;
  }
}

static void
run_filter (const gchar *props, const Fmt *f, const gdouble *x, gdouble *y,
    guint total, const guint *chunks, guint n_chunks)
{
  GstHarness *h = filter_harness (props, f);

  push_through (h, f, x, y, total, chunks, n_chunks);
  gst_harness_teardown (h);
}

static guint32 lcg_state;

static gdouble
noise (void)
{
  lcg_state = lcg_state * 1664525u + 1013904223u;
  return (lcg_state >> 8) / (gdouble) (1 << 24) * 2.0 - 1.0;
}

/* Broadband test signal: a sine plus white noise, different per channel;
 * rounded to float when the format is F32 so that the reference sees the
 * same input as the element. */
static gdouble *
test_signal (const Fmt *f, guint total)
{
  gdouble *x = g_new (gdouble, (gsize) f->channels * total);
  guint c, i;

  lcg_state = 12345;
  for (c = 0; c < f->channels; c++) {
    for (i = 0; i < total; i++) {
      gdouble v = 0.5 * sin (2 * G_PI * (200.0 + 700.0 * c) * i / RATE) +
          0.3 * noise ();

      x[(gsize) c * total + i] = f->f32 ? (gdouble) (gfloat) v : v;
    }
  }
  return x;
}

/* max |y - ref| over the peak |ref| of each channel */
static gdouble
max_rel_error (const Fmt *f, const gdouble *y, const gdouble *ref, guint total)
{
  gdouble worst = 0.0;
  guint c, i;

  for (c = 0; c < f->channels; c++) {
    gdouble peak = 0.0, err = 0.0;

    for (i = 0; i < total; i++) {
      gsize k = (gsize) c * total + i;

      peak = MAX (peak, fabs (ref[k]));
      err = MAX (err, fabs (y[k] - ref[k]));
    }
    fail_unless (peak > 0.0);
    worst = MAX (worst, err / peak);
  }
  return worst;
}

static const guint chunks_1024[] = { 1024 };

#define TOTAL 9600

/* ------------------------------------------------------------------------
 * Accuracy against the references
 * ------------------------------------------------------------------------ */

GST_START_TEST (test_iir_matches_scipy)
{
  guint d, k, c;

  for (d = 0; d < G_N_ELEMENTS (ref_designs); d++) {
    for (k = 0; k < G_N_ELEMENTS (all_fmts); k++) {
      const Fmt *f = &all_fmts[k];
      gdouble *x = test_signal (f, TOTAL);
      gdouble *y = g_new0 (gdouble, (gsize) f->channels * TOTAL);
      gdouble *ref = g_new0 (gdouble, (gsize) f->channels * TOTAL);
      gdouble err, tol = f->f32 ? 1e-6 : 1e-9;

      for (c = 0; c < f->channels; c++)
        ref_sos (ref_designs[d].sos, ref_designs[d].n_sections,
            x + (gsize) c * TOTAL, ref + (gsize) c * TOTAL, TOTAL);
      run_filter (ref_designs[d].props, f, x, y, TOTAL, chunks_1024, 1);
      err = max_rel_error (f, y, ref, TOTAL);
      GST_INFO ("%s, %s %s %u ch: max rel error %g", ref_designs[d].props,
          f->f32 ? "F32" : "F64", f->planar ? "planar" : "interleaved",
          f->channels, err);
      fail_unless (err <= tol, "%s (%s %s, %u channels): error %g > %g",
          ref_designs[d].props, f->f32 ? "F32" : "F64",
          f->planar ? "non-interleaved" : "interleaved", f->channels, err, tol);
      g_free (x);
      g_free (y);
      g_free (ref);
    }
  }
}

GST_END_TEST;

/* The design follows the negotiated rate. */
GST_START_TEST (test_iir_matches_scipy_other_rate)
{
  static const Fmt fmts[] = {
    { FALSE, FALSE, 5, 44100 },
    { FALSE, TRUE, 5, 44100 },
  };
  guint k, c;

  for (k = 0; k < G_N_ELEMENTS (fmts); k++) {
    const Fmt *f = &fmts[k];
    gdouble *x = test_signal (f, TOTAL);
    gdouble *y = g_new0 (gdouble, (gsize) f->channels * TOTAL);
    gdouble *ref = g_new0 (gdouble, (gsize) f->channels * TOTAL);
    gdouble err;

    for (c = 0; c < f->channels; c++)
      ref_sos (sos_10, 3, x + (gsize) c * TOTAL, ref + (gsize) c * TOTAL,
          TOTAL);
    run_filter ("kind=highpass design=chebyshev1 ripple=0.2 order=6 "
                "cutoff=8000",
        f, x, y, TOTAL, chunks_1024, 1);
    err = max_rel_error (f, y, ref, TOTAL);
    fail_unless (err <= 1e-9, "44.1 kHz: error %g", err);
    g_free (x);
    g_free (y);
    g_free (ref);
  }
}

GST_END_TEST;

GST_START_TEST (test_fir_matches_convolution)
{
  static const gdouble taps[] = { 0.1, -0.25, 0.5, 0.8, 0.5, -0.25, 0.1, 0.03,
    -0.02 };
  gchar *props = g_strdup ("kind=fir taps=\"<0.1, -0.25, 0.5, 0.8, 0.5, "
                           "-0.25, 0.1, 0.03, -0.02>\"");
  guint k, c;

  for (k = 0; k < G_N_ELEMENTS (all_fmts); k++) {
    const Fmt *f = &all_fmts[k];
    gdouble *x = test_signal (f, TOTAL);
    gdouble *y = g_new0 (gdouble, (gsize) f->channels * TOTAL);
    gdouble *ref = g_new0 (gdouble, (gsize) f->channels * TOTAL);
    gdouble err, tol = f->f32 ? 1e-6 : 1e-9;

    for (c = 0; c < f->channels; c++)
      ref_fir (taps, G_N_ELEMENTS (taps), x + (gsize) c * TOTAL,
          ref + (gsize) c * TOTAL, TOTAL);
    run_filter (props, f, x, y, TOTAL, chunks_1024, 1);
    err = max_rel_error (f, y, ref, TOTAL);
    fail_unless (err <= tol, "fir %u: error %g", k, err);
    g_free (x);
    g_free (y);
    g_free (ref);
  }
  g_free (props);
}

GST_END_TEST;

GST_START_TEST (test_moving_average_matches_mean)
{
  static const guint windows[] = { 1, 5, 64, 3000 };
  guint w, k, c;

  for (w = 0; w < G_N_ELEMENTS (windows); w++) {
    gchar *props =
        g_strdup_printf ("kind=moving-average window=%u", windows[w]);

    for (k = 0; k < G_N_ELEMENTS (all_fmts); k++) {
      const Fmt *f = &all_fmts[k];
      gdouble *x = test_signal (f, TOTAL);
      gdouble *y = g_new0 (gdouble, (gsize) f->channels * TOTAL);
      gdouble *ref = g_new0 (gdouble, (gsize) f->channels * TOTAL);
      gdouble err, tol = f->f32 ? 1e-6 : 1e-9;

      for (c = 0; c < f->channels; c++)
        ref_mean (windows[w], x + (gsize) c * TOTAL, ref + (gsize) c * TOTAL,
            TOTAL);
      run_filter (props, f, x, y, TOTAL, chunks_1024, 1);
      err = max_rel_error (f, y, ref, TOTAL);
      fail_unless (err <= tol, "window %u fmt %u: error %g", windows[w], k,
          err);
      g_free (x);
      g_free (y);
      g_free (ref);
    }
    g_free (props);
  }
}

GST_END_TEST;

/* ------------------------------------------------------------------------
 * Frequency response, measured with sines
 * ------------------------------------------------------------------------ */

#define SETTLE (RATE) /* 1 s for the transient to die */
#define MEASURE 4800  /* 0.1 s: whole periods of multiples of 10 Hz */

/* Gain of the element described by @props at @freq (a multiple of 10 Hz),
 * measured by filtering a unit sine and correlating the steady state with
 * sin and cos over whole periods. */
static gdouble
measure_gain (const gchar *props, gdouble freq)
{
  const Fmt f = { FALSE, FALSE, 1 };
  guint total = SETTLE + MEASURE, i;
  gdouble *x = g_new (gdouble, total), *y = g_new (gdouble, total);
  long double s = 0, co = 0;
  static const guint chunks[] = { 4800 };

  for (i = 0; i < total; i++)
    x[i] = sinl (2 * PI_L * freq * i / RATE);
  run_filter (props, &f, x, y, total, chunks, 1);
  for (i = SETTLE; i < total; i++) {
    s += y[i] * sinl (2 * PI_L * freq * i / RATE);
    co += y[i] * cosl (2 * PI_L * freq * i / RATE);
  }
  g_free (x);
  g_free (y);
  return (gdouble) (2.0L * sqrtl (s * s + co * co) / MEASURE);
}

static gdouble
db (gdouble g)
{
  return 20.0 * log10 (g);
}

/* Prewarped analog frequency of a digital frequency in Hz */
static long double
warp (gdouble f)
{
  return tanl (PI_L * f / RATE);
}

GST_START_TEST (test_butterworth_response)
{
  const gchar *lp = "kind=lowpass order=4 cutoff=1000";
  static const gdouble freqs[] = { 100, 500, 1000, 2000, 5000, 10000 };
  gdouble g;
  guint i;

  /* -3 dB at the cutoff */
  g = measure_gain (lp, 1000);
  fail_unless (fabs (db (g) - db (M_SQRT1_2)) < 1e-4, "%g dB at cutoff",
      db (g));
  /* the whole curve follows |H|^2 = 1 / (1 + (W / Wc)^2N) */
  for (i = 0; i < G_N_ELEMENTS (freqs); i++) {
    long double r = warp (freqs[i]) / warp (1000);
    gdouble expect = (gdouble) (1.0L / sqrtl (1.0L + powl (r, 8)));

    g = measure_gain (lp, freqs[i]);
    fail_unless (fabs (g - expect) <= 1e-6 * MAX (expect, 1e-3),
        "%g Hz: gain %g, expected %g", freqs[i], g, expect);
  }
  /* stop band: 10 kHz is more than 80 dB down */
  fail_unless (db (measure_gain (lp, 10000)) < -80.0);

  /* high-pass mirror: -3 dB at cutoff, 80 dB down a decade below */
  g = measure_gain ("kind=highpass order=4 cutoff=2000", 2000);
  fail_unless (fabs (db (g) - db (M_SQRT1_2)) < 1e-4, "%g dB", db (g));
  fail_unless (db (measure_gain ("kind=highpass order=4 cutoff=2000", 200)) <
      -80.0);

  /* band kinds: -3 dB at both edges */
  g = measure_gain ("kind=bandpass order=3 lower-frequency=500 "
                    "upper-frequency=4000",
      500);
  fail_unless (fabs (db (g) - db (M_SQRT1_2)) < 1e-4, "%g dB", db (g));
  g = measure_gain ("kind=bandpass order=3 lower-frequency=500 "
                    "upper-frequency=4000",
      4000);
  fail_unless (fabs (db (g) - db (M_SQRT1_2)) < 1e-4, "%g dB", db (g));
  g = measure_gain ("kind=bandstop order=3 lower-frequency=500 "
                    "upper-frequency=4000",
      500);
  fail_unless (fabs (db (g) - db (M_SQRT1_2)) < 1e-4, "%g dB", db (g));
  g = measure_gain ("kind=bandstop order=3 lower-frequency=500 "
                    "upper-frequency=4000",
      4000);
  fail_unless (fabs (db (g) - db (M_SQRT1_2)) < 1e-4, "%g dB", db (g));
  /* band-stop: deep in the band, band-pass: far outside, 60 dB down */
  fail_unless (db (measure_gain ("kind=bandstop order=3 "
                                 "lower-frequency=500 upper-frequency=4000",
                   1410)) < -60.0);
  fail_unless (db (measure_gain ("kind=bandpass order=3 "
                                 "lower-frequency=500 upper-frequency=4000",
                   20000)) < -60.0);
}

GST_END_TEST;

/* Chebyshev polynomial of the first kind */
static long double
cheb_t (guint n, long double x)
{
  if (fabsl (x) <= 1.0L)
    return cosl (n * acosl (x));
  return coshl (n * acoshl (fabsl (x))) * ((x < 0 && n % 2) ? -1 : 1);
}

GST_START_TEST (test_chebyshev_response)
{
  const gchar *lp = "kind=lowpass design=chebyshev1 ripple=1.0 order=5 "
                    "cutoff=2000";
  long double eps2 = powl (10.0L, 0.1L) - 1.0L;
  gdouble g, lowest = 0.0, highest = -100.0;
  guint f;

  /* pass band: within [-ripple, 0] dB, and the ripple is really used */
  for (f = 10; f <= 2000; f += 30) {
    g = db (measure_gain (lp, f));
    lowest = MIN (lowest, g);
    highest = MAX (highest, g);
    fail_unless (g <= 1e-4 && g >= -1.0 - 1e-4, "%u Hz: %g dB", f, g);
  }
  fail_unless (lowest < -0.9, "ripple not reached: lowest %g dB", lowest);
  fail_unless (highest > -0.05, "highest %g dB", highest);
  /* at the cutoff the gain is exactly -ripple dB */
  g = db (measure_gain (lp, 2000));
  fail_unless (fabs (g + 1.0) < 1e-4, "%g dB at cutoff", g);
  /* stop band follows |H|^2 = 1 / (1 + eps^2 T_N (W / Wc)^2) */
  for (f = 3000; f <= 20000; f += 5000) {
    long double t = cheb_t (5, warp (f) / warp (2000));
    gdouble expect = (gdouble) (1.0L / sqrtl (1.0L + eps2 * t * t));

    g = measure_gain (lp, f);
    fail_unless (fabs (g - expect) <= 1e-6 * MAX (expect, 1e-3),
        "%u Hz: gain %g expected %g", f, g, expect);
  }
  fail_unless (db (measure_gain (lp, 8000)) < -60.0);

  /* even order: the pass band starts at -ripple dB (DC) */
  g = db (measure_gain ("kind=lowpass design=chebyshev1 ripple=0.5 order=4 "
                        "cutoff=3000",
      10));
  fail_unless (fabs (g + 0.5) < 1e-3, "%g dB near DC", g);
}

GST_END_TEST;

/* ------------------------------------------------------------------------
 * Streaming behaviour
 * ------------------------------------------------------------------------ */

GST_START_TEST (test_continuity_across_buffers)
{
  static const gchar *props[] = {
    ("kind=bandpass design=chebyshev1 order=8 lower-frequency=1000 "
     "upper-frequency=2000"),
    "kind=lowpass order=3 cutoff=700",
    "kind=fir taps=\"<0.5, 0.25, 0.125, 0.0625, 0.03125>\"",
    "kind=moving-average window=100",
  };
  static const guint one[] = { TOTAL };
  static const guint many[] = { 1, 7, 100, 513, 1024, 2, 3000 };
  guint p, k;

  for (p = 0; p < G_N_ELEMENTS (props); p++) {
    for (k = 0; k < 4; k++) {
      const Fmt *f = &all_fmts[k];
      gsize n = (gsize) f->channels * TOTAL;
      gdouble *x = test_signal (f, TOTAL);
      gdouble *a = g_new0 (gdouble, n), *b = g_new0 (gdouble, n);

      run_filter (props[p], f, x, a, TOTAL, one, 1);
      run_filter (props[p], f, x, b, TOTAL, many, G_N_ELEMENTS (many));
      fail_unless (memcmp (a, b, n * sizeof (gdouble)) == 0,
          "%s: one buffer and many small ones differ", props[p]);
      g_free (x);
      g_free (a);
      g_free (b);
    }
  }
}

GST_END_TEST;

GST_START_TEST (test_meta_passes_through_in_place)
{
  const Fmt f = { FALSE, TRUE, 2 };
  GstHarness *h = filter_harness ("kind=lowpass cutoff=1000", &f);
  gdouble *x = test_signal (&f, 1024);
  GstBuffer *in, *out;
  guint64 seq = 0;

  in = make_buffer (&f, x, 1024, 0, 1024);
  gst_sl_buffer_ensure_data_frame_meta (in, FALSE);
  gst_sl_buffer_set_seq (in, 42);
  gst_sl_buffer_set_metadata (in, "sensor", "a1");
  gst_buffer_ref (in);
  /* a second reference makes the buffer read-only: the element must copy
   * it and the copy must carry the meta */
  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  out = gst_harness_pull (h);
  fail_unless (out != in);
  fail_unless (gst_sl_buffer_get_seq (out, &seq));
  fail_unless_equals_uint64 (seq, 42);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out, "sensor"), "a1");
  gst_buffer_unref (out);
  gst_buffer_unref (in);

  /* a writable buffer is filtered in place */
  in = make_buffer (&f, x, 1024, 0, 1024);
  gst_sl_buffer_ensure_data_frame_meta (in, FALSE);
  gst_sl_buffer_set_seq (in, 43);
  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  out = gst_harness_pull (h);
  fail_unless (out == in);
  fail_unless (gst_sl_buffer_get_seq (out, &seq));
  fail_unless_equals_uint64 (seq, 43);
  gst_buffer_unref (out);

  g_free (x);
  gst_harness_teardown (h);
}

GST_END_TEST;

static void
check_fresh_start (const gchar *props, gboolean flush)
{
  const Fmt f = { FALSE, FALSE, 2 };
  GstHarness *h = filter_harness (props, &f);
  gdouble *x = test_signal (&f, 2048);
  gdouble *y = g_new0 (gdouble, 2 * 2048), *fresh = g_new0 (gdouble, 2 * 2048);
  GstBuffer *buf;
  static const guint chunks[] = { 1024 };

  /* reference: the second half alone through a new element */
  {
    gdouble *x2 = g_new (gdouble, 2 * 1024);

    memcpy (x2, x + 1024, 1024 * sizeof (gdouble));
    memcpy (x2 + 1024, x + 2048 + 1024, 1024 * sizeof (gdouble));
    run_filter (props, &f, x2, fresh, 1024, chunks, 1);
    g_free (x2);
  }

  fail_unless_equals_int (gst_harness_push (h,
                              make_buffer (&f, x, 2048, 0, 1024)),
      GST_FLOW_OK);
  gst_buffer_unref (gst_harness_pull (h));
  if (flush) {
    gst_harness_push_event (h, gst_event_new_flush_start ());
    gst_harness_push_event (h, gst_event_new_flush_stop (TRUE));
    {
      GstSegment seg;

      gst_segment_init (&seg, GST_FORMAT_TIME);
      gst_harness_push_event (h, gst_event_new_segment (&seg));
    }
  }
  buf = make_buffer (&f, x, 2048, 1024, 1024);
  if (!flush)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  buf = gst_harness_pull (h);
  read_buffer (&f, buf, y, 1024, 0, 1024);
  gst_buffer_unref (buf);
  /* bit-identical to a fresh filter, on purpose (not within a tolerance) */
  /* NOLINTNEXTLINE(bugprone-suspicious-memory-comparison) */
  fail_unless (memcmp (y, fresh, 2 * 1024 * sizeof (gdouble)) == 0,
      "%s: state not reset by %s", props, flush ? "flush" : "discont");

  g_free (x);
  g_free (y);
  g_free (fresh);
  gst_harness_teardown (h);
}

GST_START_TEST (test_reset_on_discont_and_flush)
{
  check_fresh_start ("kind=highpass design=chebyshev1 order=6 cutoff=300",
      FALSE);
  check_fresh_start ("kind=highpass design=chebyshev1 order=6 cutoff=300",
      TRUE);
  check_fresh_start ("kind=fir taps=\"<1.0, 2.0, 3.0>\"", FALSE);
  check_fresh_start ("kind=moving-average window=50", TRUE);
}

GST_END_TEST;

/* A parameter change keeps the state: after a long DC input, changing the
 * cutoff of a low-pass leaves the output near the DC level (a reset filter
 * would restart from 0, a click). */
GST_START_TEST (test_change_keeps_state)
{
  const Fmt f = { FALSE, FALSE, 1 };
  GstHarness *h = filter_harness ("kind=lowpass order=4 cutoff=1000", &f);
  GstElement *filter = gst_harness_find_element (h, "slfilter");
  gdouble *dc = g_new (gdouble, RATE), *y = g_new (gdouble, RATE);
  static const guint chunks[] = { 4800 };
  guint i;

  for (i = 0; i < RATE; i++)
    dc[i] = 1.0;
  push_through (h, &f, dc, y, RATE, chunks, 1);
  fail_unless (fabs (y[RATE - 1] - 1.0) < 1e-9);

  g_object_set (filter, "cutoff", 1200.0, NULL);
  push_through (h, &f, dc, y, 4800, chunks, 1);
  /* still at the DC level from the first sample on: the history is kept
   * and, each section having unit gain at DC, the new sections continue
   * it without a transient */
  for (i = 0; i < 4800; i++)
    fail_unless (fabs (y[i] - 1.0) < 1e-9, "sample %u: %g", i, y[i]);

  g_object_set (filter, "order", 2, NULL);
  /* a new shape of state restarts from zero */
  push_through (h, &f, dc, y, 4800, chunks, 1);
  fail_unless (fabs (y[0]) < 0.01, "order change kept an incompatible state");

  gst_object_unref (filter);
  g_free (dc);
  g_free (y);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_cutoff_is_controllable)
{
  const Fmt f = { FALSE, FALSE, 1 };
  GstHarness *h = filter_harness ("kind=lowpass order=2 cutoff=1000", &f);
  GstElement *filter = gst_harness_find_element (h, "slfilter");
  GstControlSource *cs = gst_interpolation_control_source_new ();
  GstTimedValueControlSource *tvcs = (GstTimedValueControlSource *) cs;
  gdouble *x = g_new0 (gdouble, 4800), *y = g_new0 (gdouble, 4800);
  static const guint chunks[] = { 480 };
  gdouble cutoff;

  g_object_set (cs, "mode", GST_INTERPOLATION_MODE_NONE, NULL);
  gst_timed_value_control_source_set (tvcs, 0, 1000.0);
  gst_timed_value_control_source_set (tvcs, 50 * GST_MSECOND, 3000.0);
  gst_object_add_control_binding (GST_OBJECT (filter),
      gst_direct_control_binding_new_absolute (GST_OBJECT (filter), "cutoff",
          cs));

  push_through (h, &f, x, y, 2400, chunks, 1);
  g_object_get (filter, "cutoff", &cutoff, NULL);
  fail_unless_equals_float (cutoff, 1000.0);
  push_through (h, &f, x, y, 4800, chunks, 1);
  g_object_get (filter, "cutoff", &cutoff, NULL);
  fail_unless_equals_float (cutoff, 3000.0);

  gst_object_unref (cs);
  gst_object_unref (filter);
  g_free (x);
  g_free (y);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* ------------------------------------------------------------------------
 * Non-finite input and bad settings
 * ------------------------------------------------------------------------ */

static GstMessage *
pop_message (GstBus *bus, GstMessageType type)
{
  return gst_bus_pop_filtered (bus, type);
}

static void
check_nonfinite (const Fmt *f, gdouble bad, guint at_in_frame)
{
  GstHarness *h = filter_harness ("kind=lowpass design=chebyshev1 order=4 "
                                  "cutoff=3000",
      f);
  GstElement *filter = gst_harness_find_element (h, "slfilter");
  GstBus *bus = gst_bus_new ();
  guint total = 4096, at = 1024 + at_in_frame, c, i;
  gdouble *x = test_signal (f, total);
  gdouble *y = g_new0 (gdouble, (gsize) f->channels * total);
  gdouble *ref = g_new0 (gdouble, (gsize) f->channels * total);
  GstMessage *msg;
  GError *err = NULL;
  guint64 resets = 0, seq = 0;
  guint pos;

  gst_element_set_bus (h->element, bus);
  x[total + at] = bad; /* channel 1 */

  /* reference: channels 0 and 2 unaffected; channel 1 restarts from zero
   * state after the bad sample, which passes through as it was */
  for (c = 0; c < f->channels; c++) {
    if (c == 1) {
      ref_sos (sos_1, 2, x + total, ref + total, at);
      ref[total + at] = bad;
      ref_sos (sos_1, 2, x + total + at + 1, ref + total + at + 1,
          total - at - 1);
    } else {
      ref_sos (sos_1, 2, x + (gsize) c * total, ref + (gsize) c * total, total);
    }
  }

  for (pos = 0; pos < total; pos += 1024) {
    GstBuffer *buf = make_buffer (f, x, total, pos, 1024), *out;

    gst_sl_buffer_ensure_data_frame_meta (buf, FALSE);
    gst_sl_buffer_set_seq (buf, 7 + pos / 1024);
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
    out = gst_harness_pull (h);
    read_buffer (f, out, y, total, pos, 1024);
    fail_unless (gst_sl_buffer_get_seq (out, &seq));
    fail_unless_equals_uint64 (seq, 7 + pos / 1024);
    gst_buffer_unref (out);
  }

  for (c = 0; c < f->channels; c++) {
    for (i = 0; i < total; i++) {
      gsize k = (gsize) c * total + i;

      if (c == 1 && i == at) {
        fail_unless (isnan (bad) ? isnan (y[k]) : y[k] == bad);
        continue;
      }
      fail_unless (isfinite (y[k]), "channel %u sample %u not finite", c, i);
      fail_unless (fabs (y[k] - ref[k]) <= (f->f32 ? 1e-6 : 1e-9),
          "channel %u sample %u: %g vs %g", c, i, y[k], ref[k]);
    }
  }

  g_object_get (filter, "nonfinite-resets", &resets, NULL);
  fail_unless_equals_uint64 (resets, 1);
  msg = pop_message (bus, GST_MESSAGE_WARNING);
  fail_unless (msg != NULL, "no warning posted");
  gst_message_parse_warning (msg, &err, NULL);
  /* the frame with the bad sample is the second one: seq 8 */
  fail_unless (strstr (err->message, "seq 8") != NULL, "%s", err->message);
  fail_unless (strstr (err->message, "channel 1") != NULL, "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  fail_unless (pop_message (bus, GST_MESSAGE_WARNING) == NULL);

  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_object_unref (filter);
  g_free (x);
  g_free (y);
  g_free (ref);
  gst_harness_teardown (h);
}

GST_START_TEST (test_nonfinite_resets_channel)
{
  guint k;

  for (k = 0; k < 4; k++) {
    check_nonfinite (&all_fmts[k], NAN, 100);
    check_nonfinite (&all_fmts[k], INFINITY, 0);
    check_nonfinite (&all_fmts[k], -INFINITY, 1023);
    check_nonfinite (&all_fmts[k], NAN, 700);
  }
}

GST_END_TEST;

/* FIR and moving average: the bad sample passes, its channel restarts
 * from zero history right after it. */
GST_START_TEST (test_nonfinite_fir_and_average)
{
  static const gdouble taps[] = { 0.5, 0.3, 0.2 };
  const Fmt f = { FALSE, TRUE, 2 };
  guint total = 2048, at = 1500, k, c, i;

  for (k = 0; k < 2; k++) {
    const gchar *props = k ? "kind=fir taps=\"<0.5, 0.3, 0.2>\""
                           : "kind=moving-average window=10";
    GstHarness *h = filter_harness (props, &f);
    GstElement *filter = gst_harness_find_element (h, "slfilter");
    gdouble *x = test_signal (&f, total);
    gdouble *y = g_new0 (gdouble, 2 * total),
            *ref = g_new0 (gdouble, 2 * total);
    guint64 resets = 0;
    static const guint chunks[] = { 1024 };

    x[at] = NAN; /* channel 0 */
    for (c = 0; c < 2; c++) {
      gdouble *xc = x + (gsize) c * total, *rc = ref + (gsize) c * total;

      if (c == 0) {
        if (k) {
          ref_fir (taps, 3, xc, rc, at);
          ref_fir (taps, 3, xc + at + 1, rc + at + 1, total - at - 1);
        } else {
          ref_mean (10, xc, rc, at);
          ref_mean (10, xc + at + 1, rc + at + 1, total - at - 1);
        }
        rc[at] = NAN;
      } else if (k) {
        ref_fir (taps, 3, xc, rc, total);
      } else {
        ref_mean (10, xc, rc, total);
      }
    }
    push_through (h, &f, x, y, total, chunks, 1);
    for (c = 0; c < 2; c++)
      for (i = 0; i < total; i++) {
        gsize j = (gsize) c * total + i;

        if (c == 0 && i == at)
          fail_unless (isnan (y[j]));
        else
          fail_unless (fabs (y[j] - ref[j]) <= 1e-9,
              "%s: ch %u sample %u: "
              "%g vs %g",
              props, c, i, y[j], ref[j]);
      }
    g_object_get (filter, "nonfinite-resets", &resets, NULL);
    fail_unless_equals_uint64 (resets, 1);
    gst_object_unref (filter);
    g_free (x);
    g_free (y);
    g_free (ref);
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

/* The element refuses @props at negotiation with an error naming @prop. */
static void
check_refused (const gchar *props, const gchar *prop)
{
  const Fmt f = { FALSE, FALSE, 1 };
  GstBus *bus = gst_bus_new ();
  GstHarness *h = filter_harness_with_bus (props, &f, bus);
  gdouble x[64] = { 0 };
  GstMessage *msg;
  GError *err = NULL;
  gchar *needle = g_strdup_printf ("'%s'", prop);

  fail_if (gst_harness_push (h, make_buffer (&f, x, 64, 0, 64)) == GST_FLOW_OK,
      "%s accepted", props);
  msg = pop_message (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "%s: no error posted", props);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, needle) != NULL, "%s: '%s'", props,
      err->message);
  /* a bad setting, whenever found: one domain and code (issue 15) */
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
                   GST_RESOURCE_ERROR_SETTINGS),
      "%s: %s", props, g_quark_to_string (err->domain));
  g_clear_error (&err);
  gst_message_unref (msg);
  g_free (needle);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

/* The element refuses @props, which no rate can make work, when it starts:
 * the state change fails at once, with one error naming @prop. */
static void
check_refused_at_start (const gchar *props, const gchar *prop)
{
  gchar *desc = g_strdup_printf ("slfilter %s", props);
  GstElement *e = gst_parse_launch (desc, NULL);
  GstBus *bus = gst_bus_new ();
  gchar *needle = g_strdup_printf ("'%s'", prop);
  GstMessage *msg;
  GError *err = NULL;

  fail_unless (e != NULL);
  gst_element_set_bus (e, bus);
  fail_unless_equals_int (gst_element_set_state (e, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "%s: no error posted", props);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
                   GST_RESOURCE_ERROR_SETTINGS),
      "%s: %s", props, err->message);
  fail_unless (strstr (err->message, needle) != NULL, "%s: '%s'", props,
      err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR) == NULL,
      "%s: more than one error", props);
  gst_element_set_state (e, GST_STATE_NULL);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
  g_free (needle);
  g_free (desc);
}

GST_START_TEST (test_bad_settings_refused_at_negotiation)
{
  check_refused ("kind=lowpass cutoff=24000", "cutoff");
  check_refused ("kind=highpass cutoff=30000", "cutoff");
  check_refused ("kind=bandpass lower-frequency=2000 upper-frequency=24000",
      "upper-frequency");
  check_refused ("kind=bandstop lower-frequency=30000 upper-frequency=40000",
      "lower-frequency");
}

GST_END_TEST;

GST_START_TEST (test_bad_settings_refused_at_start)
{
  check_refused_at_start ("kind=lowpass cutoff=0", "cutoff");
  check_refused_at_start ("kind=highpass cutoff=0", "cutoff");
  check_refused_at_start ("kind=bandpass lower-frequency=3000 "
                          "upper-frequency=2000",
      "lower-frequency");
  check_refused_at_start ("kind=bandstop lower-frequency=2000 "
                          "upper-frequency=2000",
      "lower-frequency");
  check_refused_at_start ("kind=fir", "taps");
}

GST_END_TEST;

GST_START_TEST (test_bad_setting_while_playing)
{
  static const struct
  {
    const gchar *props, *prop;
    gdouble value;
  } cases[] = {
    { "kind=lowpass cutoff=1000", "cutoff", 24000.0 },
    { "kind=bandpass lower-frequency=100 upper-frequency=1000",
        "lower-frequency", 1000.0 },
    { "kind=bandstop lower-frequency=100 upper-frequency=1000",
        "upper-frequency", 25000.0 },
  };
  const Fmt f = { FALSE, TRUE, 2 };
  gdouble x[2 * 256] = { 0 };
  guint k;

  for (k = 0; k < G_N_ELEMENTS (cases); k++) {
    GstHarness *h = filter_harness (cases[k].props, &f);
    GstElement *filter = gst_harness_find_element (h, "slfilter");
    GstBus *bus = gst_bus_new ();
    GstMessage *msg;
    GError *err = NULL;
    gchar *needle = g_strdup_printf ("'%s'", cases[k].prop);

    gst_element_set_bus (h->element, bus);
    fail_unless_equals_int (gst_harness_push (h,
                                make_buffer (&f, x, 256, 0, 256)),
        GST_FLOW_OK);
    gst_buffer_unref (gst_harness_pull (h));
    g_object_set (filter, cases[k].prop, cases[k].value, NULL);
    fail_unless_equals_int (gst_harness_push (h,
                                make_buffer (&f, x, 256, 0, 256)),
        GST_FLOW_ERROR);
    msg = pop_message (bus, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL);
    gst_message_parse_error (msg, &err, NULL);
    fail_unless (strstr (err->message, needle) != NULL, "'%s'", err->message);
    /* a controller moving a value out of range while playing is a bad
     * setting, not a negotiation error (issue 15) */
    fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
                     GST_RESOURCE_ERROR_SETTINGS),
        "%s", g_quark_to_string (err->domain));
    g_clear_error (&err);
    gst_message_unref (msg);

    /* empty taps while playing */
    g_free (needle);
    gst_element_set_bus (h->element, NULL);
    gst_object_unref (bus);
    gst_object_unref (filter);
    gst_harness_teardown (h);
  }

  {
    GstHarness *h = filter_harness ("kind=fir taps=\"<1.0>\"", &f);
    GstElement *filter = gst_harness_find_element (h, "slfilter");
    GValue empty = G_VALUE_INIT;
    GstBus *bus = gst_bus_new ();
    GstMessage *msg;
    GError *err = NULL;

    gst_element_set_bus (h->element, bus);
    fail_unless_equals_int (gst_harness_push (h,
                                make_buffer (&f, x, 256, 0, 256)),
        GST_FLOW_OK);
    gst_buffer_unref (gst_harness_pull (h));
    g_value_init (&empty, GST_TYPE_ARRAY);
    g_object_set_property (G_OBJECT (filter), "taps", &empty);
    g_value_unset (&empty);
    fail_unless_equals_int (gst_harness_push (h,
                                make_buffer (&f, x, 256, 0, 256)),
        GST_FLOW_ERROR);
    msg = pop_message (bus, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL);
    gst_message_parse_error (msg, &err, NULL);
    fail_unless (strstr (err->message, "'taps'") != NULL, "'%s'", err->message);
    g_clear_error (&err);
    gst_message_unref (msg);
    gst_element_set_bus (h->element, NULL);
    gst_object_unref (bus);
    gst_object_unref (filter);
    gst_harness_teardown (h);
  }
}

GST_END_TEST;


/* Frames that come in buffer lists (slsinesrc pushes lists of small frames
 * into slfilter) are filtered exactly as one by one, none is lost or
 * copied out of order, and a segment stop inside a list is still clipped
 * by GstAudioFilter. */
typedef struct
{
  GArray *out;
  guint64 expect;
  gboolean seq_ok;
} Collect;

static void
collect_handoff (GstElement *sink, GstBuffer *buf, GstPad *pad,
    gpointer user_data)
{
  Collect *c = user_data;
  GstMapInfo map;
  guint64 seq = G_MAXUINT64;

  if (!gst_sl_buffer_get_seq (buf, &seq) || seq != c->expect)
    c->seq_ok = FALSE;
  c->expect++;
  gst_buffer_map (buf, &map, GST_MAP_READ);
  g_array_append_vals (c->out, map.data, map.size / sizeof (gdouble));
  gst_buffer_unmap (buf, &map);
}

static GArray *
run_frames (const gchar *launch)
{
  GstElement *p = gst_parse_launch (launch, NULL);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (p), "sink");
  GstBus *bus = gst_element_get_bus (p);
  Collect c = { g_array_new (FALSE, FALSE, sizeof (gdouble)), 0, TRUE };
  GstMessage *msg;

  g_signal_connect (sink, "handoff", G_CALLBACK (collect_handoff), &c);
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  fail_unless (c.seq_ok, "seq not contiguous");
  gst_object_unref (bus);
  gst_object_unref (sink);
  gst_object_unref (p);
  return c.out;
}

GST_START_TEST (test_lists_filtered_like_single_frames)
{
  static const gchar *kinds[] = {
    "kind=lowpass design=chebyshev1 order=4 cutoff=1000",
    "kind=fir taps=\"<0.25, 0.5, 0.25>\"",
    "kind=moving-average window=9",
  };
  guint k;

  for (k = 0; k < G_N_ELEMENTS (kinds); k++) {
    gchar *one = g_strdup_printf ("slsinesrc num-buffers=101 "
                                  "samplesperbuffer=48 frequencies=\"<440.0, "
                                  "3000.0, 9000.0>\" "
                                  "frames-per-push=1 ! slfilter %s ! fakesink "
                                  "name=sink signal-handoffs=true",
        kinds[k]);
    gchar *lists = g_strdup_printf (
        "slsinesrc num-buffers=101 "
        "samplesperbuffer=48 frequencies=\"<440.0, 3000.0, 9000.0>\" "
        "frames-per-push=8 ! slfilter %s ! slfanout name=f f.src_0 ! "
        "fakesink name=sink signal-handoffs=true",
        kinds[k]);
    GArray *a = run_frames (one), *b = run_frames (lists);

    fail_unless_equals_int (a->len, 101 * 48 * 3);
    fail_unless_equals_int (b->len, a->len);
    fail_unless (memcmp (a->data, b->data, a->len * sizeof (gdouble)) == 0,
        "%s: lists filtered differently", kinds[k]);
    g_array_unref (a);
    g_array_unref (b);
    g_free (one);
    g_free (lists);
  }
}

GST_END_TEST;

/* Issue 18 item 12: finite samples so large that the sections overflow
 * used to leave the state non-finite for good. The state of the channel is
 * reset at the end of the frame, counted and warned about; the frames after
 * it are filtered from zero state. */
GST_START_TEST (test_huge_samples_reset_state)
{
  const Fmt f = { FALSE, FALSE, 2 };
  GstBus *bus = gst_bus_new ();
  GstHarness *h =
      filter_harness_with_bus ("kind=highpass "
                               "design=butterworth order=3 cutoff=2000",
          &f, bus);
  GstElement *filter = gst_harness_find_element (h, "slfilter");
  guint frames = 256, n_huge = 5, n_after = 10, total, k, c, i;
  gdouble *x, *y, *ref;
  guint64 resets = 0;
  GstMessage *msg;
  GError *err = NULL;

  total = frames * (n_huge + n_after);
  x = g_new0 (gdouble, 2 * total);
  y = g_new0 (gdouble, 2 * total);
  ref = g_new0 (gdouble, 2 * total);
  for (c = 0; c < 2; c++)
    for (i = 0; i < total; i++)
      x[(gsize) c * total + i] = (c == 0 && i < n_huge * frames)
          ?
          /* the Nyquist tone at the largest amplitude overflows at once */
          (i % 2 ? -G_MAXDOUBLE : G_MAXDOUBLE)
          : sin (2 * G_PI * 440.0 * i / RATE);

  for (k = 0; k < n_huge + n_after; k++) {
    GstBuffer *out;

    fail_unless_equals_int (gst_harness_push (h,
                                make_buffer (&f, x, total, k * frames, frames)),
        GST_FLOW_OK);
    out = gst_harness_pull (h);
    read_buffer (&f, out, y, total, k * frames, frames);
    gst_buffer_unref (out);
  }

  /* channel 0 starts again from zero state after the huge frames;
   * channel 1 is untouched */
  ref_sos (sos_2, 2, x + n_huge * frames, ref + n_huge * frames,
      n_after * frames);
  ref_sos (sos_2, 2, x + total, ref + total, total);
  for (i = n_huge * frames; i < total; i++) {
    fail_unless (isfinite (y[i]), "channel 0 sample %u is %g", i, y[i]);
    fail_unless (fabs (y[i] - ref[i]) <= 1e-9,
        "channel 0 sample %u: %g vs "
        "%g",
        i, y[i], ref[i]);
  }
  for (i = 0; i < total; i++)
    fail_unless (fabs (y[total + i] - ref[total + i]) <= 1e-9);

  g_object_get (filter, "nonfinite-resets", &resets, NULL);
  fail_unless (resets >= 1, "nonfinite-resets %" G_GUINT64_FORMAT, resets);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
  fail_unless (msg != NULL, "no warning posted");
  gst_message_parse_warning (msg, &err, NULL);
  fail_unless (strstr (err->message, "channel 0") != NULL, "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (msg);

  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_object_unref (filter);
  g_free (x);
  g_free (y);
  g_free (ref);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Issue 18 item 3: a format whose state cannot be allocated is refused
 * (the element used to abort in g_new0). Since issue 15 no format gets that
 * far: a DataFrame has at most 64 channels (SL_MAX_CHANNELS), and a format
 * with more is refused at negotiation, before any state is allocated. */
static void
check_state_refused (const gchar *props, guint channels)
{
  gchar *desc = g_strdup_printf ("slfilter %s", props);
  GstHarness *h = gst_harness_new_parse (desc);
  gchar *str = g_strdup_printf ("audio/x-raw,format=F64LE,"
                                "layout=interleaved,rate=48000,channels=%u,"
                                "channel-mask=(bitmask)0",
      channels);
  GstCaps *caps = gst_caps_from_string (str);
  GstFlowReturn ret;

  fail_if (gst_pad_query_accept_caps (h->srcpad->peer, caps), "%s: %s", props,
      str);
  gst_harness_set_src_caps (h, caps);
  ret = gst_harness_push (h, gst_buffer_new_allocate (NULL, 64, NULL));
  fail_unless_equals_int (ret, GST_FLOW_NOT_NEGOTIATED);
  gst_harness_teardown (h);
  g_free (desc);
  g_free (str);
}

GST_START_TEST (test_state_too_large_refused)
{
  check_state_refused ("kind=lowpass order=16", 200000000u);
  check_state_refused ("kind=moving-average window=1048576", 4096);
  check_state_refused ("kind=fir taps=\"<0.5, 0.5>\"", 200000000u);
  check_state_refused ("kind=lowpass", 65);
}

GST_END_TEST;

/* Issue 18 item 4: a setting refused at negotiation gives one error,
 * posted once, and the first frame a flow error (not not-negotiated, which
 * makes a source renegotiate again), so the source's task stops. */
GST_START_TEST (test_refused_at_negotiation_one_error_flow_error)
{
  const Fmt f = { FALSE, FALSE, 1 };
  GstBus *bus = gst_bus_new ();
  GstHarness *h =
      filter_harness_with_bus ("kind=lowpass cutoff=30000", &f, bus);
  gdouble x[64] = { 0 };
  GstMessage *msg;
  guint k, errors;

  fail_unless_equals_int (gst_harness_push (h, make_buffer (&f, x, 64, 0, 64)),
      GST_FLOW_ERROR);
  fail_unless_equals_int (gst_harness_push (h, make_buffer (&f, x, 64, 0, 64)),
      GST_FLOW_ERROR);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_unref (msg);
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR) == NULL,
      "the error was posted twice");
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);

  /* the whole pipeline, as an application runs it: one error from the
   * filter, and the source stops (setting NULL returns) */
  for (k = 0; k < 20; k++) {
    GstElement *p = gst_parse_launch ("slsinesrc num-buffers=3 ! "
                                      "slfilter cutoff=30000 ! fakesink",
        NULL);

    bus = gst_element_get_bus (p);
    gst_element_set_state (p, GST_STATE_PLAYING);
    msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL, "run %u: no error", k);
    fail_unless (g_str_has_prefix (GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)),
                     "slfilter"),
        "run %u: first error from %s", k,
        GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)));
    gst_message_unref (msg);
    fail_unless_equals_int (gst_element_set_state (p, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
    errors = 0;
    while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR))) {
      if (g_str_has_prefix (GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)),
              "slfilter"))
        errors++;
      gst_message_unref (msg);
    }
    fail_unless_equals_int (errors, 0);
    gst_object_unref (bus);
    gst_object_unref (p);
  }
}

GST_END_TEST;

/* Issue 18 item 4: an ERROR posted while the pipeline prerolls stops it on
 * its way to PAUSED, and gst-launch-1.0 then waits forever when it missed
 * the message (it quits from a bus sync handler; a quit before its main
 * loop runs is lost). The refusal lets downstream preroll with a gap
 * (through a queue, too) and is posted once the filter plays. */
GST_START_TEST (test_refusal_posted_when_playing)
{
  guint k;

  for (k = 0; k < 2; k++) {
    GstElement *p =
        gst_parse_launch (k ? "slsinesrc num-buffers=3 ! "
                              "slfilter name=f cutoff=30000 ! queue ! fakesink"
                            : "slsinesrc num-buffers=3 ! slfilter name=f "
                              "cutoff=30000 ! fakesink",
            NULL);
    GstBus *bus = gst_element_get_bus (p);
    GstMessage *msg;
    GError *err = NULL;
    GstState state;

    fail_unless_equals_int (gst_element_set_state (p, GST_STATE_PAUSED),
        GST_STATE_CHANGE_ASYNC);
    fail_unless_equals_int (gst_element_get_state (p, &state, NULL,
                                10 * GST_SECOND),
        GST_STATE_CHANGE_SUCCESS);
    fail_unless_equals_int (state, GST_STATE_PAUSED);
    fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR) == NULL,
        "an error while prerolling");

    gst_element_set_state (p, GST_STATE_PLAYING);
    msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL);
    fail_unless_equals_string (GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)), "f");
    gst_message_parse_error (msg, &err, NULL);
    fail_unless (strstr (err->message, "'cutoff'") != NULL, "%s", err->message);
    g_clear_error (&err);
    gst_message_unref (msg);
    /* the source stops: its own error, then EOS reaches the sink */
    msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL);
    fail_unless (g_str_has_prefix (GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)),
        "slsinesrc"));
    gst_message_unref (msg);
    fail_unless_equals_int (gst_element_set_state (p, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
    while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR))) {
      fail_if (!strcmp (GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)), "f"),
          "the refusal was posted twice");
      gst_message_unref (msg);
    }
    gst_object_unref (bus);
    gst_object_unref (p);
  }
}

GST_END_TEST;

/* A refusal waiting for PLAYING is released by a flushing seek (the frame
 * after it waits again) and by a stop. */
GST_START_TEST (test_refusal_wait_released)
{
  GstElement *p =
      gst_parse_launch ("slsinesrc num-buffers=50 ! "
                        "slfilter name=f cutoff=30000 ! queue ! fakesink",
          NULL);
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *msg;
  guint errors = 0;

  gst_element_set_state (p, GST_STATE_PAUSED);
  fail_unless_equals_int (gst_element_get_state (p, NULL, NULL,
                              10 * GST_SECOND),
      GST_STATE_CHANGE_SUCCESS);
  fail_unless (gst_element_seek_simple (p, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH,
      0));
  fail_unless_equals_int (gst_element_get_state (p, NULL, NULL,
                              10 * GST_SECOND),
      GST_STATE_CHANGE_SUCCESS);
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR) == NULL);
  /* setting NULL returns: the waiting streaming thread is released */
  fail_unless_equals_int (gst_element_set_state (p, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR))) {
    errors++;
    gst_message_unref (msg);
  }
  fail_unless_equals_int (errors, 0);
  gst_object_unref (bus);
  gst_object_unref (p);
}

GST_END_TEST;

/* The first example of the element's documentation, as an application
 * would run it. */
GST_START_TEST (test_launch_line)
{
  GError *err = NULL;
  GstElement *pipeline =
      gst_parse_launch ("slsinesrc num-buffers=20 "
                        "frequencies=\"<100.0, 10000.0>\" ! "
                        "audio/x-raw,channels=2 ! "
                        "slfilter kind=lowpass order=8 cutoff=1000 ! fakesink",
          &err);
  GstBus *bus;
  GstMessage *msg;

  fail_unless (pipeline != NULL && err == NULL, "%s", err ? err->message : "");
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
}

GST_END_TEST;

static Suite *
slfilter_suite (void)
{
  Suite *s = suite_create ("slfilter");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_iir_matches_scipy);
  tcase_add_test (tc, test_iir_matches_scipy_other_rate);
  tcase_add_test (tc, test_fir_matches_convolution);
  tcase_add_test (tc, test_moving_average_matches_mean);
  tcase_add_test (tc, test_butterworth_response);
  tcase_add_test (tc, test_chebyshev_response);
  tcase_add_test (tc, test_continuity_across_buffers);
  tcase_add_test (tc, test_meta_passes_through_in_place);
  tcase_add_test (tc, test_reset_on_discont_and_flush);
  tcase_add_test (tc, test_change_keeps_state);
  tcase_add_test (tc, test_cutoff_is_controllable);
  tcase_add_test (tc, test_nonfinite_resets_channel);
  tcase_add_test (tc, test_nonfinite_fir_and_average);
  tcase_add_test (tc, test_bad_settings_refused_at_negotiation);
  tcase_add_test (tc, test_bad_settings_refused_at_start);
  tcase_add_test (tc, test_bad_setting_while_playing);
  tcase_add_test (tc, test_launch_line);
  tcase_add_test (tc, test_huge_samples_reset_state);
  tcase_add_test (tc, test_lists_filtered_like_single_frames);
  tcase_add_test (tc, test_state_too_large_refused);
  tcase_add_test (tc, test_refused_at_negotiation_one_error_flow_error);
  tcase_add_test (tc, test_refusal_posted_when_playing);
  tcase_add_test (tc, test_refusal_wait_released);
  return s;
}

GST_CHECK_MAIN (slfilter);
