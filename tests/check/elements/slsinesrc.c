/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include <math.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/audio/audio.h>
#include <gst/controller/gstinterpolationcontrolsource.h>
#include <gst/controller/gstdirectcontrolbinding.h>

#include "gstslmeta.h"

#define RATE 48000
#define PI_L 3.141592653589793238462643383279502884L

/* The reference: the formula, evaluated independently in long double with an
 * exact reduction of the cycle count (n * f / rate, f and rate small
 * integers or halves, so n * 2f is exact in 64-bit integers). */
static long double
ref_sample (gint64 n, gdouble freq, gdouble amp, gdouble phase, gint rate)
{
  /* cycles = n * freq / rate: with freq = k/2, n*k is an exact integer */
  gint64 k = (gint64) llroundl (freq * 2.0L);
  gint64 den = 2 * (gint64) rate;
  __int128 num = (__int128) n * k;
  __int128 rem = num % den;
  long double frac = (long double) rem / (long double) den;

  g_assert ((long double) k == freq * 2.0L);
  return amp * sinl (2.0L * PI_L * frac + phase);
}

static GstHarness *
sine_harness (const gchar * props, const gchar * caps)
{
  gchar *desc = g_strdup_printf ("slsinesrc %s", props ? props : "");
  GstHarness *h = gst_harness_new_parse (desc);

  g_free (desc);
  gst_harness_set_sink_caps_str (h, caps);
  gst_harness_play (h);
  return h;
}

/* Pulls @frames frames of the first channel of a F64 stream and checks
 * them against the formula; returns the max abs error. */
static long double
check_planar_f64 (GstHarness * h, guint frames, guint channels,
    const gdouble * freqs, const gdouble * amps, const gdouble * phases,
    gint64 first_sample)
{
  long double max_err = 0.0L;
  gint64 n = first_sample;
  guint f, c, i;

  for (f = 0; f < frames; f++) {
    GstBuffer *buf = gst_harness_pull (h);
    GstAudioMeta *ameta;
    GstMapInfo map;
    guint samples;

    fail_unless (buf != NULL);
    ameta = gst_buffer_get_audio_meta (buf);
    fail_unless (ameta != NULL, "non-interleaved frame without audio meta");
    samples = ameta->samples;
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), n);
    gst_buffer_map (buf, &map, GST_MAP_READ);
    for (c = 0; c < channels; c++) {
      const gdouble *plane =
          (const gdouble *) (map.data + ameta->offsets[c]);
      for (i = 0; i < samples; i++) {
        long double r = ref_sample (n + i, freqs[c], amps[c], phases[c], RATE);
        long double e = fabsl (plane[i] - r);
        if (e > max_err)
          max_err = e;
      }
    }
    gst_buffer_unmap (buf, &map);
    n += samples;
    gst_buffer_unref (buf);
  }
  return max_err;
}

GST_START_TEST (test_values_f64_planar_match_formula)
{
  GstHarness *h = sine_harness ("frequencies=\"<440.0, 1000.0, 1234.5>\" "
      "amplitudes=\"<1.0, 0.5, 2.0>\" phases=\"<0.0, 1.0, -0.25>\"",
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,"
      "channels=3,channel-mask=(bitmask)0");
  const gdouble freqs[] = { 440.0, 1000.0, 1234.5 };
  const gdouble amps[] = { 1.0, 0.5, 2.0 };
  const gdouble phases[] = { 0.0, 1.0, -0.25 };
  long double err;

  /* 977 frames of 1024 samples: just over 10^6 samples per channel */
  err = check_planar_f64 (h, 977, 3, freqs, amps, phases, 0);
  GST_INFO ("max abs error %Lg", err);
  fail_unless (err <= 1e-12L, "max abs error %Lg > 1e-12", err);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_timestamps_and_seq)
{
  GstHarness *h = sine_harness ("samplesperbuffer=1000",
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=44100,channels=1");
  guint k;

  for (k = 0; k < 500; k++) {
    GstBuffer *buf = gst_harness_pull (h);
    guint64 seq = G_MAXUINT64;
    GstClockTime pts = gst_util_uint64_scale_int (k * 1000, GST_SECOND, 44100);
    GstClockTime end =
        gst_util_uint64_scale_int ((k + 1) * 1000, GST_SECOND, 44100);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), pts);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (buf), end - pts);
    fail_unless (gst_sl_buffer_get_seq (buf, &seq));
    fail_unless_equals_uint64 (seq, k);
    gst_buffer_unref (buf);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
slsinesrc_suite (void)
{
  Suite *s = suite_create ("slsinesrc");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_values_f64_planar_match_formula);
  tcase_add_test (tc, test_timestamps_and_seq);
  return s;
}

GST_CHECK_MAIN (slsinesrc);
