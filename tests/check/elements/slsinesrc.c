/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include <math.h>
#include <sys/resource.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <string.h>
#include <gst/audio/audio.h>
#include <gst/base/gstbasesrc.h>
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
sine_harness (const gchar *props, const gchar *caps)
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
check_planar_f64 (GstHarness *h, guint frames, guint channels,
    const gdouble *freqs, const gdouble *amps, const gdouble *phases,
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
      const gdouble *plane = (const gdouble *) (map.data + ameta->offsets[c]);
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
                                "amplitudes=\"<1.0, 0.5, 2.0>\" phases=\"<0.0, "
                                "1.0, -0.25>\"",
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

/* The planar kernel at the edges of the band (0.5 Hz, a quarter of the
 * rate, just under Nyquist) and with frames that are not a multiple of its
 * groups of samples: still within 1e-12 (over 61 exact re-anchorings; the
 * test above covers 10^6 samples). */
GST_START_TEST (test_values_f64_planar_band_edges)
{
  GstHarness *h =
      sine_harness ("samplesperbuffer=1000 "
                    "frequencies=\"<0.5, 12000.0, 23999.5, 4000.5>\" "
                    "amplitudes=\"<1.0, 1.0, 1.0, 3.0>\" phases=\"<0.5, 0.0, "
                    "2.0, 0.0>\"",
          "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,"
          "channels=4,channel-mask=(bitmask)0");
  const gdouble freqs[] = { 0.5, 12000.0, 23999.5, 4000.5 };
  const gdouble amps[] = { 1.0, 1.0, 1.0, 3.0 };
  const gdouble phases[] = { 0.5, 0.0, 2.0, 0.0 };
  long double err;

  err = check_planar_f64 (h, 250, 4, freqs, amps, phases, 0);
  GST_INFO ("max abs error %Lg (path %s)", err, g_getenv ("STREAMLAB_SIMD"));
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


/* Generic check of any format/layout against the formula, channel by
 * channel, with tolerance @tol. */
static void
check_any_layout (const gchar *format, const gchar *layout, gdouble tol)
{
  gchar *caps =
      g_strdup_printf ("audio/x-raw,format=%s,layout=%s,"
                       "rate=48000,channels=2,channel-mask=(bitmask)0",
          format, layout);
  GstHarness *h = sine_harness ("frequencies=\"<440.0, 1000.0>\" "
                                "amplitudes=\"<0.75, 0.25>\" phases=\"<0.5, "
                                "0.0>\" samplesperbuffer=999",
      caps);
  const gdouble freqs[] = { 440.0, 1000.0 }, amps[] = { 0.75, 0.25 },
                phases[] = { 0.5, 0.0 };
  gboolean f64 = g_str_equal (format, "F64LE");
  gboolean planar = g_str_equal (layout, "non-interleaved");
  gint64 n = 0;
  guint k, c, i;

  for (k = 0; k < 50; k++) {
    GstBuffer *buf = gst_harness_pull (h);
    GstMapInfo map;
    guint samples = gst_buffer_get_size (buf) / (2 * (f64 ? 8 : 4));

    fail_unless_equals_int (samples, 999);
    fail_unless_equals_int (gst_buffer_get_audio_meta (buf) != NULL, planar);
    gst_buffer_map (buf, &map, GST_MAP_READ);
    for (c = 0; c < 2; c++) {
      for (i = 0; i < samples; i++) {
        guint idx = planar ? c * samples + i : i * 2 + c;
        gdouble v =
            f64 ? ((gdouble *) map.data)[idx] : ((gfloat *) map.data)[idx];
        long double r = ref_sample (n + i, freqs[c], amps[c], phases[c], RATE);

        fail_unless (fabsl (v - r) <= tol,
            "%s %s ch %u sample %" G_GINT64_FORMAT ": %.17g vs %.17Lg", format,
            layout, c, n + i, v, r);
      }
    }
    gst_buffer_unmap (buf, &map);
    n += samples;
    gst_buffer_unref (buf);
  }
  g_free (caps);
  gst_harness_teardown (h);
}

GST_START_TEST (test_formats_and_layouts)
{
  check_any_layout ("F64LE", "non-interleaved", 1e-12);
  check_any_layout ("F64LE", "interleaved", 1e-12);
  /* F32: the rounding of the F64 value to float */
  check_any_layout ("F32LE", "non-interleaved", 1e-7);
  check_any_layout ("F32LE", "interleaved", 1e-7);
}

GST_END_TEST;

/* Pulls until a frame starting at sample @offset arrives (frames produced
 * before a flushing seek may still be queued in the harness). */
static GstBuffer *
pull_frame_at (GstHarness *h, guint64 offset)
{
  guint i;

  /* bounded, but far above what a source can queue before the seek */
  for (i = 0; i < 10000000; i++) {
    GstBuffer *buf = gst_harness_pull (h);

    if (GST_BUFFER_OFFSET (buf) == offset)
      return buf;
    gst_buffer_unref (buf);
  }
  fail ("no frame at sample %" G_GUINT64_FORMAT, offset);
  return NULL;
}

GST_START_TEST (test_seek_time_far)
{
  GstHarness *h = sine_harness ("frequency=1000.5 amplitude=1.0 phase=0.3",
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=1");
  const gdouble f = 1000.5, a = 1.0, p = 0.3;
  GstBuffer *buf;
  long double err;

  gst_buffer_unref (gst_harness_pull (h));
  fail_unless (gst_harness_push_upstream_event (h,
      gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH,
          GST_SEEK_TYPE_SET, 10000000 * GST_SECOND, GST_SEEK_TYPE_NONE, -1)));
  /* 10^7 s at 48 kHz is sample 4.8e11 */
  buf = pull_frame_at (h, G_GUINT64_CONSTANT (480000000000));
  fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), 10000000 * GST_SECOND);
  gst_buffer_unref (buf);
  /* ... and the following frames continue from there */
  err = check_planar_f64 (h, 20, 1, &f, &a, &p,
      G_GINT64_CONSTANT (480000000000) + 1024);
  fail_unless (err <= 1e-9L, "error %Lg after seek", err);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_seek_first_frame_exact)
{
  GstHarness *h = sine_harness ("frequency=440.0",
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=1");
  const gdouble f = 440.0, a = 1.0, p = 0.0;
  guint64 target = G_GUINT64_CONSTANT (480000000000);
  GstBuffer *buf;
  GstMapInfo map;
  guint i;

  gst_buffer_unref (gst_harness_pull (h));
  fail_unless (gst_harness_push_upstream_event (h,
      gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH,
          GST_SEEK_TYPE_SET, 10000000 * GST_SECOND, GST_SEEK_TYPE_NONE, -1)));
  buf = pull_frame_at (h, target);
  gst_buffer_map (buf, &map, GST_MAP_READ);
  for (i = 0; i < 1024; i++) {
    long double r = ref_sample (target + i, f, a, p, RATE);
    gdouble v = ((gdouble *) map.data)[i];

    fail_unless (fabsl (v - r) <= 1e-9L, "sample %u: %.17g vs %.17Lg", i, v, r);
  }
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_seek_default_format)
{
  GstHarness *h = sine_harness ("frequency=1234.5 samplesperbuffer=100",
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=1");
  const gdouble f = 1234.5, a = 1.0, p = 0.0;
  GstBuffer *buf;
  long double err;

  gst_buffer_unref (gst_harness_pull (h));
  /* seek to sample 123457 and stop at sample 123457 + 250 */
  fail_unless (gst_harness_push_upstream_event (h,
      gst_event_new_seek (1.0, GST_FORMAT_DEFAULT, GST_SEEK_FLAG_FLUSH,
          GST_SEEK_TYPE_SET, 123457, GST_SEEK_TYPE_SET, 123457 + 250)));
  buf = pull_frame_at (h, 123457);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (buf),
      gst_util_uint64_scale_int (123457, GST_SECOND, 48000));
  gst_buffer_unref (buf);
  err = check_planar_f64 (h, 1, 1, &f, &a, &p, 123557);
  fail_unless (err <= 1e-12L, "error %Lg", err);
  /* the last frame is cut at the segment stop */
  buf = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), 123657);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (buf), 123707);
  fail_unless_equals_int (gst_buffer_get_audio_meta (buf)->samples, 50);
  gst_buffer_unref (buf);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* A frequency change while playing re-anchors the phase: the waveform is
 * continuous (no click) and then follows the new frequency. The change is
 * made from a probe on the source's pad as frame 3 leaves, so it applies
 * exactly from frame 4 on, whatever the scheduling. */
static GstPadProbeReturn
change_frequency_probe (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);

  if (GST_BUFFER_OFFSET (buf) == 3 * 480) {
    g_object_set (data, "frequency", 1000.0, NULL);
    return GST_PAD_PROBE_REMOVE;
  }
  return GST_PAD_PROBE_OK;
}

GST_START_TEST (test_frequency_change_click_free)
{
  GstHarness *h = gst_harness_new_parse ("slsinesrc frequency=440.0 "
                                         "samplesperbuffer=480");
  GstElement *src = gst_harness_find_element (h, "slsinesrc");
  GstPad *pad = gst_element_get_static_pad (src, "src");
  const gint64 nc = 4 * 480;
  gint64 n = 0;
  guint k, i;

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, change_frequency_probe,
      src, NULL);
  gst_harness_set_sink_caps_str (h,
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=1");
  gst_harness_play (h);

  for (k = 0; k < 40; k++) {
    GstBuffer *buf = gst_harness_pull (h);
    GstMapInfo map;
    gdouble *d;

    gst_buffer_map (buf, &map, GST_MAP_READ);
    d = (gdouble *) map.data;
    for (i = 0; i < 480; i++) {
      /* cycles(n) = 440 n / rate before the change, then
       * 440 nc / rate + 1000 (n - nc) / rate */
      long double cyc = n + i < nc
          ? 440.0L * (n + i) / RATE
          : 440.0L * nc / RATE + 1000.0L * (n + i - nc) / RATE;
      long double r = sinl (2.0L * PI_L * (cyc - floorl (cyc)));

      fail_unless (fabsl (d[i] - r) <= 1e-9L,
          "sample %" G_GINT64_FORMAT ": %.17g vs %.17Lg", n + i, d[i], r);
    }
    /* no click: the step across the change is no larger than a step of
     * the faster sine */
    if (n == nc) {
      long double prev = sinl (2.0L * PI_L * 440.0L * (nc - 1) / RATE);
      fail_unless (fabsl (d[0] - prev) <= 2.0L * PI_L * 1000.0L / RATE);
    }
    gst_buffer_unmap (buf, &map);
    n += 480;
    gst_buffer_unref (buf);
  }
  gst_object_unref (pad);
  gst_object_unref (src);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_controller_drives_frequency)
{
  GstHarness *h;
  GstElement *src;
  GstControlSource *cs;
  const gdouble f = 2000.0, a = 1.0, p = 0.0;
  long double err;

  h = gst_harness_new_parse ("slsinesrc frequency=440.0");
  src = gst_harness_find_element (h, "slsinesrc");
  cs = gst_interpolation_control_source_new ();
  g_object_set (cs, "mode", GST_INTERPOLATION_MODE_NONE, NULL);
  gst_timed_value_control_source_set (GST_TIMED_VALUE_CONTROL_SOURCE (cs), 0,
      2000.0);
  gst_object_add_control_binding (GST_OBJECT (src),
      gst_direct_control_binding_new_absolute (GST_OBJECT (src), "frequency",
          cs));
  gst_harness_set_sink_caps_str (h,
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=1");
  gst_harness_play (h);
  err = check_planar_f64 (h, 10, 1, &f, &a, &p, 0);
  fail_unless (err <= 1e-12L, "controlled frequency not applied: %Lg", err);
  gst_object_unref (cs);
  gst_object_unref (src);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_triggered_mode)
{
  GstHarness *h =
      gst_harness_new_parse ("slsinesrc mode=triggered "
                             "samplesperbuffer=256 frequency=1000.0");
  GstElement *src = gst_harness_find_element (h, "slsinesrc");
  const gdouble f = 1000.0, a = 1.0, p = 0.0;
  GstBuffer *buf;
  long double err;
  guint k;

  gst_harness_set_sink_caps_str (h,
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=1");
  gst_harness_play (h);
  fail_unless (gst_base_src_is_live (GST_BASE_SRC (src)));

  /* triggers emitted early are counted, one frame each */
  for (k = 0; k < 3; k++)
    g_signal_emit_by_name (src, "trigger");
  for (k = 0; k < 3; k++) {
    guint64 seq;

    buf = gst_harness_pull (h);
    fail_unless (gst_sl_buffer_get_seq (buf, &seq));
    fail_unless_equals_uint64 (seq, k);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), k * 256);
    gst_buffer_unref (buf);
  }
  /* no trigger, no frame */
  fail_unless (gst_harness_try_pull (h) == NULL);

  /* phase continues across triggers */
  g_signal_emit_by_name (src, "trigger");
  g_signal_emit_by_name (src, "trigger");
  err = check_planar_f64 (h, 2, 1, &f, &a, &p, 3 * 256);
  fail_unless (err <= 1e-12L, "error %Lg", err);
  fail_unless (gst_harness_try_pull (h) == NULL);

  gst_object_unref (src);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* A triggered source is live as soon as the mode is set: a pipeline reaches
 * PAUSED without waiting for a first frame. */
GST_START_TEST (test_triggered_mode_does_not_preroll)
{
  GstElement *pipeline = gst_parse_launch ("slsinesrc mode=triggered ! "
                                           "fakesink",
      NULL);

  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_PAUSED),
      GST_STATE_CHANGE_NO_PREROLL);
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_metadata_and_copies)
{
  GstHarness *h = sine_harness ("metadata=\"meta,sensor=a1,unit=V,gain=2\"",
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=1");
  GstBuffer *buf = gst_harness_pull (h), *copy;
  guint64 seq;

  fail_unless_equals_string (gst_sl_buffer_get_metadata (buf, "sensor"), "a1");
  fail_unless_equals_string (gst_sl_buffer_get_metadata (buf, "unit"), "V");
  /* non-string values are kept as their string form */
  fail_unless_equals_string (gst_sl_buffer_get_metadata (buf, "gain"), "2");

  copy = gst_buffer_copy_deep (buf);
  gst_buffer_unref (buf);
  fail_unless (gst_sl_buffer_get_seq (copy, &seq));
  fail_unless_equals_uint64 (seq, 0);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (copy, "sensor"), "a1");
  gst_buffer_unref (copy);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Steady state allocates nothing: frames come back from the pool with the
 * same memory and the same DataFrame meta structure, only updated. */
typedef struct
{
  GHashTable *structs;
  GHashTable *mems;
  guint64 next_seq;
} PoolSeen;

static GstPadProbeReturn
pool_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  PoolSeen *seen = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstCustomMeta *meta = gst_sl_buffer_get_data_frame_meta (buf);
  GstMapInfo map;
  guint64 seq;

  fail_unless (meta != NULL);
  fail_unless (gst_sl_buffer_get_seq (buf, &seq));
  fail_unless_equals_uint64 (seq, seen->next_seq);
  seen->next_seq++;
  g_hash_table_add (seen->structs, gst_custom_meta_get_structure (meta));
  gst_buffer_map (buf, &map, GST_MAP_READ);
  g_hash_table_add (seen->mems, map.data);
  gst_buffer_unmap (buf, &map);
  return GST_PAD_PROBE_OK;
}

GST_START_TEST (test_pooled_frames_reuse_meta)
{
  GstElement *pipeline = gst_parse_launch ("slsinesrc num-buffers=500 "
                                           "metadata=\"meta,sensor=a1\" ! "
                                           "audio/x-raw,channels=4 ! "
                                           "fakesink name=sink",
      NULL);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  PoolSeen seen = { g_hash_table_new (NULL, NULL),
    g_hash_table_new (NULL, NULL), 0 };
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, pool_probe, &seen, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
  gst_message_unref (msg);
  fail_unless_equals_uint64 (seen.next_seq, 500);
  /* a few pooled buffers served 500 frames, each keeping its one meta */
  fail_unless (g_hash_table_size (seen.mems) <= 4, "%u different memories",
      g_hash_table_size (seen.mems));
  fail_unless (g_hash_table_size (seen.structs) <= 4, "%u meta structures",
      g_hash_table_size (seen.structs));
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_hash_table_unref (seen.structs);
  g_hash_table_unref (seen.mems);
  gst_object_unref (pad);
  gst_object_unref (sink);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_channel_names_tag)
{
  GstHarness *h = sine_harness ("frequencies=\"<100.0, 200.0, 300.0>\" "
                                "channel-names=\"<\\\"x\\\", \\\"y\\\", \\\"z, "
                                "with comma\\\">\"",
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000");
  GstBuffer *buf = gst_harness_pull (h);
  GstEvent *ev = gst_pad_get_sticky_event (h->sinkpad, GST_EVENT_TAG, 0);
  GstTagList *tags;
  const gchar *name;
  GstCaps *caps;
  gint channels;

  /* channels negotiated from the per-channel arrays */
  caps = gst_pad_get_current_caps (h->sinkpad);
  gst_structure_get_int (gst_caps_get_structure (caps, 0), "channels",
      &channels);
  fail_unless_equals_int (channels, 3);
  gst_caps_unref (caps);

  fail_unless (ev != NULL, "no sticky tag event");
  gst_event_parse_tag (ev, &tags);
  fail_unless_equals_int (gst_tag_list_get_scope (tags), GST_TAG_SCOPE_STREAM);
  fail_unless_equals_int (gst_tag_list_get_tag_size (tags,
                              GST_SL_TAG_CHANNEL_NAMES),
      3);
  fail_unless (gst_tag_list_peek_string_index (tags, GST_SL_TAG_CHANNEL_NAMES,
      0, &name));
  fail_unless_equals_string (name, "x");
  fail_unless (gst_tag_list_peek_string_index (tags, GST_SL_TAG_CHANNEL_NAMES,
      2, &name));
  fail_unless_equals_string (name, "z, with comma");
  gst_event_unref (ev);
  gst_buffer_unref (buf);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Runs @launch and returns the first error message's text and debug. */
static gchar *
run_for_error (const gchar *launch)
{
  GstElement *pipeline = gst_parse_launch (launch, NULL);
  GstBus *bus;
  GstMessage *msg;
  GError *err = NULL;
  gchar *dbg = NULL, *res;

  fail_unless (pipeline != NULL);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND,
      GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  fail_unless (msg != NULL, "no message from '%s'", launch);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_ERROR);
  gst_message_parse_error (msg, &err, &dbg);
  /* every bad setting goes out as RESOURCE / SETTINGS (issue 15) */
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
                   GST_RESOURCE_ERROR_SETTINGS),
      "'%s': %s %d", launch, g_quark_to_string (err->domain), err->code);
  res = g_strdup_printf ("%s | %s", err->message, dbg);
  g_clear_error (&err);
  g_free (dbg);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return res;
}

GST_START_TEST (test_bad_settings_errors)
{
  gchar *msg;

  msg = run_for_error ("slsinesrc frequency=30000 ! "
                       "audio/x-raw,rate=48000 ! fakesink");
  fail_unless (strstr (msg, "'frequency'") != NULL, "%s", msg);
  fail_unless (strstr (msg, "Nyquist") != NULL, "%s", msg);
  g_free (msg);

  msg = run_for_error ("slsinesrc frequencies=\"<100.0, 200.0>\" ! "
                       "audio/x-raw,channels=3 ! fakesink");
  fail_unless (strstr (msg, "'frequencies'") != NULL, "%s", msg);
  fail_unless (strstr (msg, "3 channels") != NULL, "%s", msg);
  g_free (msg);

  msg = run_for_error ("slsinesrc amplitudes=\"<1.0, 0.5>\" ! "
                       "audio/x-raw,channels=1 ! fakesink");
  fail_unless (strstr (msg, "'amplitudes'") != NULL, "%s", msg);
  g_free (msg);

  msg = run_for_error ("slsinesrc channel-names=\"<\\\"a\\\">\" ! "
                       "audio/x-raw,channels=2 ! fakesink");
  fail_unless (strstr (msg, "'channel-names'") != NULL, "%s", msg);
  g_free (msg);

  msg = run_for_error ("slsinesrc frequencies=\"<100.0, 30000.0>\" ! "
                       "audio/x-raw,rate=48000 ! fakesink");
  fail_unless (strstr (msg, "'frequencies'") != NULL, "%s", msg);
  fail_unless (strstr (msg, "channel 1") != NULL, "%s", msg);
  g_free (msg);

  /* wrong caps are refused when linking */
  {
    GError *err = NULL;
    GstElement *p = gst_parse_launch ("slsinesrc ! "
                                      "audio/x-raw,format=S16LE ! fakesink",
        &err);

    fail_unless (err != NULL);
    fail_unless (strstr (err->message, "can't handle caps") != NULL, "%s",
        err->message);
    g_clear_error (&err);
    if (p)
      gst_object_unref (p);
  }
}

GST_END_TEST;

GST_START_TEST (test_frequency_raised_above_nyquist_while_playing)
{
  GstElement *pipeline =
      gst_parse_launch ("slsinesrc name=s ! "
                        "audio/x-raw,rate=8000 ! fakesink sync=false",
          NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "s");
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  GError *err = NULL;
  gchar *dbg = NULL;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  gst_element_get_state (pipeline, NULL, NULL, GST_CLOCK_TIME_NONE);
  g_object_set (src, "frequency", 5000.0, NULL);
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, &dbg);
  fail_unless (strstr (err->message, "'frequency'") != NULL, "%s",
      err->message);
  fail_unless (strstr (dbg, "4000") != NULL, "%s", dbg);
  g_clear_error (&err);
  g_free (dbg);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_property_ranges)
{
  GObjectClass *klass;
  GstElement *src = gst_element_factory_make ("slsinesrc", NULL);
  GParamSpec *spec;
  GValue v = G_VALUE_INIT;

  klass = G_OBJECT_GET_CLASS (src);
  spec = g_object_class_find_property (klass, "samplesperbuffer");
  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, 0);
  fail_unless (g_param_value_validate (spec, &v), "0 samples accepted");
  g_value_unset (&v);

  spec = g_object_class_find_property (klass, "frequency");
  g_value_init (&v, G_TYPE_DOUBLE);
  g_value_set_double (&v, -1.0);
  fail_unless (g_param_value_validate (spec, &v), "negative frequency");
  g_value_unset (&v);
  fail_unless (spec->flags & GST_PARAM_CONTROLLABLE);
  gst_object_unref (src);
}

GST_END_TEST;

GST_START_TEST (test_num_buffers_eos_and_offset)
{
  GstHarness *h = gst_harness_new_parse ("slsinesrc num-buffers=5 "
                                         "timestamp-offset=1000000000");
  GstEvent *ev;
  guint k;

  gst_harness_set_sink_caps_str (h,
      "audio/x-raw,format=F32LE,layout=interleaved,rate=48000,channels=1");
  gst_harness_play (h);
  for (k = 0; k < 5; k++) {
    GstBuffer *buf = gst_harness_pull (h);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf),
        GST_SECOND + gst_util_uint64_scale_int (k * 1024, GST_SECOND, 48000));
    gst_buffer_unref (buf);
  }
  /* then EOS */
  while ((ev = gst_harness_pull_event (h))) {
    gboolean eos = GST_EVENT_TYPE (ev) == GST_EVENT_EOS;

    gst_event_unref (ev);
    if (eos)
      break;
  }
  fail_unless (ev != NULL, "no EOS");
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  gst_harness_teardown (h);
}

GST_END_TEST;


/* Interleaved frames of @channels channels (format @format) against the
 * formula, channel by channel; the interleaved kernel works on groups of
 * channels whose width depends on the vector path, so counts around every
 * width are checked. */
static void
check_interleaved_full (guint channels, const gchar *format, guint spb,
    guint frames, gint64 seek_to, gdouble tol, gboolean sparse)
{
  GString *fs = g_string_new ("<"), *as = g_string_new ("<");
  gdouble freqs[64], amps[64];
  gboolean f64 = g_str_equal (format, "F64LE");
  gchar *props, *caps;
  GstHarness *h;
  gint64 n = seek_to;
  guint k, c, i;

  for (c = 0; c < channels; c++) {
    freqs[c] = 100.5 + 37.0 * c;
    amps[c] = 0.25 + 0.125 * (c % 7);
    g_string_append_printf (fs, "%s%.1f", c ? ", " : "", freqs[c]);
    g_string_append_printf (as, "%s%.3f", c ? ", " : "", amps[c]);
  }
  g_string_append (fs, ">");
  g_string_append (as, ">");
  props = g_strdup_printf ("frequencies=\"%s\" amplitudes=\"%s\" "
                           "samplesperbuffer=%u",
      fs->str, as->str, spb);
  caps = g_strdup_printf ("audio/x-raw,format=%s,layout=interleaved,"
                          "rate=48000,channels=%u%s",
      format, channels, channels > 1 ? ",channel-mask=(bitmask)0" : "");
  h = sine_harness (props, caps);

  if (seek_to > 0) {
    gst_buffer_unref (gst_harness_pull (h));
    fail_unless (gst_harness_push_upstream_event (h,
        gst_event_new_seek (1.0, GST_FORMAT_DEFAULT, GST_SEEK_FLAG_FLUSH,
            GST_SEEK_TYPE_SET, seek_to, GST_SEEK_TYPE_NONE, -1)));
    gst_buffer_unref (pull_frame_at (h, seek_to));
    n = seek_to + spb;
  }
  for (k = 0; k < frames; k++) {
    GstBuffer *buf = gst_harness_pull (h);
    GstMapInfo map;
    guint samples;

    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), n);
    gst_buffer_map (buf, &map, GST_MAP_READ);
    samples = map.size / (channels * (f64 ? 8 : 4));
    fail_unless_equals_int (samples, spb);
    for (i = 0; i < samples; i++) {
      for (c = 0; c < channels; c++) {
        gsize idx = (gsize) i * channels + c;

        /* sparse: the first and last lane of every 4 (both ends of an AVX2
         * vector, and of the halves of an AVX-512 one) */
        if (sparse && c % 4 != 0 && c % 4 != 3)
          continue;
        gdouble v =
            f64 ? ((gdouble *) map.data)[idx] : ((gfloat *) map.data)[idx];
        long double r = ref_sample (n + i, freqs[c], amps[c], 0.0, RATE);

        /* (fail_unless marks a point in check's pipe at every call: only
         * on failure here, there are millions) */
        if (G_UNLIKELY (!(fabsl (v - r) <= tol)))
          fail ("%u ch %s: ch %u sample %" G_GINT64_FORMAT ": %.17g vs "
                "%.17Lg (path %s)",
              channels, format, c, n + i, v, r, g_getenv ("STREAMLAB_SIMD"));
      }
    }
    gst_buffer_unmap (buf, &map);
    n += samples;
    gst_buffer_unref (buf);
  }
  gst_harness_teardown (h);
  g_free (props);
  g_free (caps);
  g_string_free (fs, TRUE);
  g_string_free (as, TRUE);
}

static void
check_interleaved (guint channels, const gchar *format, guint spb, guint frames,
    gint64 seek_to, gdouble tol)
{
  check_interleaved_full (channels, format, spb, frames, seek_to, tol, FALSE);
}

GST_START_TEST (test_interleaved_channel_counts)
{
  static const guint counts[] = { 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 64 };
  guint k;

  for (k = 0; k < G_N_ELEMENTS (counts); k++) {
    check_interleaved (counts[k], "F64LE", 999, 3, 0, 1e-12);
    check_interleaved (counts[k], "F32LE", 999, 3, 0, 1e-7);
  }
}

GST_END_TEST;

/* 8 interleaved F64 channels (one AVX-512 vector, two AVX2 vectors) over
 * just over 10^6 samples per channel. */
GST_START_TEST (test_interleaved_million_samples)
{
  check_interleaved_full (8, "F64LE", 1024, 977, 0, 1e-12, FALSE);
}

GST_END_TEST;

/* ... and after a far seek (sample 4.8e11). */
GST_START_TEST (test_interleaved_seek_far)
{
  check_interleaved (8, "F64LE", 1024, 20, G_GINT64_CONSTANT (480000000000),
      1e-9);
  check_interleaved (5, "F32LE", 1024, 5, G_GINT64_CONSTANT (480000000000),
      1e-7);
}

GST_END_TEST;

/* Frames much longer than the re-anchoring block: the error does not grow
 * with the frame length. */
GST_START_TEST (test_long_frames_stay_exact)
{
  GstHarness *h = sine_harness ("frequencies=\"<440.0, 1000.0, 1234.5>\" "
                                "amplitudes=\"<1.0, 0.5, 2.0>\" phases=\"<0.0, "
                                "1.0, -0.25>\" "
                                "samplesperbuffer=100000",
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,"
      "channels=3,channel-mask=(bitmask)0");
  const gdouble freqs[] = { 440.0, 1000.0, 1234.5 };
  const gdouble amps[] = { 1.0, 0.5, 2.0 };
  const gdouble phases[] = { 0.0, 1.0, -0.25 };
  long double err = check_planar_f64 (h, 2, 3, freqs, amps, phases, 0);

  fail_unless (err <= 1e-12L, "max abs error %Lg", err);
  gst_harness_teardown (h);
  check_interleaved (5, "F64LE", 100000, 1, 0, 1e-12);
}

GST_END_TEST;

/* Small frames continue the phasors of the frame before (an exact anchor
 * comes every 4096 samples): the error stays within the bounds over 10^6
 * samples, and across a seek. */
GST_START_TEST (test_small_frames_continue_exactly)
{
  GstHarness *h = sine_harness ("frequency=1234.5 amplitude=0.75 phase=0.5 "
                                "samplesperbuffer=100",
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=1");
  const gdouble f = 1234.5, a = 0.75, p = 0.5;
  long double err = check_planar_f64 (h, 3000, 1, &f, &a, &p, 0);

  fail_unless (err <= 1e-12L, "max abs error %Lg", err);
  gst_harness_teardown (h);
  check_interleaved (3, "F64LE", 64, 2000, 0, 1e-12);
  check_interleaved (9, "F32LE", 64, 200, G_GINT64_CONSTANT (480000000000),
      1e-7);
}

GST_END_TEST;

/* frames-per-push: lists of frames, each its own buffer; num-buffers
 * counts frames, seq, offsets and values as with one frame per push. */
GST_START_TEST (test_frames_in_lists)
{
  GstHarness *h = sine_harness ("num-buffers=23 frames-per-push=5 "
                                "samplesperbuffer=64 frequency=1000.5 "
                                "amplitude=0.5",
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=1");
  const gdouble f = 1000.5, a = 0.5, p = 0.0;
  GstBuffer *buf;
  guint k;
  long double err;

  err = check_planar_f64 (h, 23, 1, &f, &a, &p, 0);
  fail_unless (err <= 1e-12L, "error %Lg", err);
  /* the 23 frames, then EOS: nothing more */
  buf = gst_harness_try_pull (h);
  fail_unless (buf == NULL);
  gst_harness_teardown (h);

  h = sine_harness ("num-buffers=12 frames-per-push=5 samplesperbuffer=64",
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=1");
  for (k = 0; k < 12; k++) {
    guint64 seq = G_MAXUINT64;

    buf = gst_harness_pull (h);
    fail_unless (gst_sl_buffer_get_seq (buf, &seq));
    fail_unless_equals_uint64 (seq, k);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), k * 64);
    gst_buffer_unref (buf);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;


/* Issue 18 item 1: a frame of more than 4 GiB (samplesperbuffer=8388609 of
 * 64 F64 channels is 4 GiB + 512 bytes) used to be computed in 32 bits: the
 * pool handed out 512-byte buffers that render overflowed. It is refused,
 * naming samplesperbuffer, in both layouts. */
static void
check_frame_too_large (const gchar *layout)
{
  gchar *desc =
      g_strdup_printf ("slsinesrc samplesperbuffer=8388609 "
                       "num-buffers=2 ! "
                       "audio/x-raw,format=F64LE,layout=%s,channels=64,"
                       "channel-mask=(bitmask)0 ! fakesink",
          layout);
  GstElement *p = gst_parse_launch (desc, NULL);
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *msg;
  GError *err = NULL;

  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR,
      "%s: no error", layout);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, "'samplesperbuffer'") != NULL, "%s: %s",
      layout, err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
  g_free (desc);
}

GST_START_TEST (test_frame_too_large_refused)
{
  check_frame_too_large ("interleaved");
  check_frame_too_large ("non-interleaved");
}

GST_END_TEST;

/* A frame the pool cannot allocate (1.5 GB under a 1 GiB address-space
 * limit) is refused naming samplesperbuffer too. The limit is set in this
 * test's own process (check forks one per test). */
GST_START_TEST (test_frame_allocation_failure)
{
#if defined(__SANITIZE_ADDRESS__)
  g_print ("address sanitizer build: the address-space limit test is "
           "skipped\n");
#else
  struct rlimit rl = { 1 << 30, 1 << 30 };
  GstElement *p;
  GstBus *bus;
  GstMessage *msg;
  GError *err = NULL;

  if (g_strcmp0 (g_getenv ("CK_FORK"), "no") == 0) {
    g_print ("CK_FORK=no: the address-space limit test is skipped\n");
    return;
  }
  fail_unless (setrlimit (RLIMIT_AS, &rl) == 0);
  p = gst_parse_launch ("slsinesrc samplesperbuffer=3000000 num-buffers=1 ! "
                        "audio/"
                        "x-raw,format=F64LE,layout=interleaved,channels=64,"
                        "channel-mask=(bitmask)0 ! fakesink",
      NULL);
  bus = gst_element_get_bus (p);
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, "'samplesperbuffer'") != NULL, "%s",
      err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (p);
#endif
}

GST_END_TEST;

static Suite *
slsinesrc_suite (void)
{
  Suite *s = suite_create ("slsinesrc");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_values_f64_planar_match_formula);
  tcase_add_test (tc, test_values_f64_planar_band_edges);
  tcase_add_test (tc, test_timestamps_and_seq);
  tcase_add_test (tc, test_formats_and_layouts);
  tcase_add_test (tc, test_seek_time_far);
  tcase_add_test (tc, test_seek_first_frame_exact);
  tcase_add_test (tc, test_seek_default_format);
  tcase_add_test (tc, test_frequency_change_click_free);
  tcase_add_test (tc, test_controller_drives_frequency);
  tcase_add_test (tc, test_triggered_mode);
  tcase_add_test (tc, test_triggered_mode_does_not_preroll);
  tcase_add_test (tc, test_metadata_and_copies);
  tcase_add_test (tc, test_pooled_frames_reuse_meta);
  tcase_add_test (tc, test_channel_names_tag);
  tcase_add_test (tc, test_bad_settings_errors);
  tcase_add_test (tc, test_frequency_raised_above_nyquist_while_playing);
  tcase_add_test (tc, test_property_ranges);
  tcase_add_test (tc, test_num_buffers_eos_and_offset);
  tcase_add_test (tc, test_interleaved_channel_counts);
  tcase_add_test (tc, test_interleaved_million_samples);
  tcase_add_test (tc, test_interleaved_seek_far);
  tcase_add_test (tc, test_long_frames_stay_exact);
  tcase_add_test (tc, test_small_frames_continue_exactly);
  tcase_add_test (tc, test_frames_in_lists);
  tcase_add_test (tc, test_frame_too_large_refused);
  tcase_add_test (tc, test_frame_allocation_failure);
  return s;
}

/* The test runs once per vector path (STREAMLAB_SIMD=generic, avx2, avx512
 * in tests/check/meson.build); a path this CPU lacks is skipped (exit 77,
 * meson's skip), the others still run. */
int
main (int argc, char **argv)
{
  const gchar *simd = g_getenv ("STREAMLAB_SIMD");

#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init ();
  if (g_strcmp0 (simd, "avx512") == 0 && !__builtin_cpu_supports ("avx512f")) {
    g_print ("SKIP: this CPU has no AVX-512F, the avx512 path is not "
             "tested here\n");
    return 77;
  }
  if (g_strcmp0 (simd, "avx2") == 0 &&
      !(__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))) {
    g_print ("SKIP: this CPU has no AVX2 + FMA, the avx2 path is not tested "
             "here\n");
    return 77;
  }
#else
  if (simd && g_strcmp0 (simd, "generic") != 0) {
    g_print ("SKIP: no %s path on this architecture\n", simd);
    return 77;
  }
#endif
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (slsinesrc_suite (), "slsinesrc", __FILE__);
}
