/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Stress tests of slsinesrc and slfilter (suite 'stress'): caps changing
 * every few frames, huge / NaN / infinite / subnormal samples, storms of
 * state changes. Bounded by default (seconds); SL_STRESS_SCALE=N multiplies
 * the iterations (a release runs SL_STRESS_SCALE=20). */

#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/audio/audio.h>

#include "gstslmeta.h"

static guint
scale (guint n)
{
  const gchar *s = g_getenv ("SL_STRESS_SCALE");
  guint k = s ? (guint) g_ascii_strtoull (s, NULL, 10) : 1;

  return n * MAX (k, 1);
}

/* ------------------------------------------------------------------------
 * Caps changing every few frames through slsinesrc and slfilter
 * ------------------------------------------------------------------------ */

static const gchar *caps_cycle[] = {
  "audio/x-raw,format=F64LE,layout=interleaved,rate=48000,channels=8",
  "audio/x-raw,format=F32LE,layout=non-interleaved,rate=44100,channels=3",
  "audio/x-raw,format=F64LE,layout=non-interleaved,rate=96000,channels=1",
  "audio/x-raw,format=F32LE,layout=interleaved,rate=8000,channels=13",
  "audio/x-raw,format=F64LE,layout=interleaved,rate=22050,channels=2",
};

typedef struct
{
  GstElement *capsfilter;
  guint frames;
  guint64 next_seq;
  gboolean seq_ok;
  gboolean finite;
  guint every;
  GstCaps *last;
  guint changes;
} CapsStorm;

static GstPadProbeReturn
caps_storm_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  CapsStorm *cs = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstCaps *caps = gst_pad_get_current_caps (pad);
  GstAudioInfo ai;
  GstAudioBuffer abuf;
  guint64 seq;
  guint c, i;

  if (!gst_sl_buffer_get_seq (buf, &seq) || seq != cs->next_seq)
    cs->seq_ok = FALSE;
  cs->next_seq = seq + 1;
  if (caps && (cs->last == NULL || !gst_caps_is_equal (caps, cs->last))) {
    cs->changes++;
    gst_caps_replace (&cs->last, caps);
  }

  if (caps && gst_audio_info_from_caps (&ai, caps) &&
      gst_audio_buffer_map (&abuf, &ai, buf, GST_MAP_READ)) {
    gboolean f32 = GST_AUDIO_INFO_FORMAT (&ai) == GST_AUDIO_FORMAT_F32LE;
    guint planes = GST_AUDIO_BUFFER_N_PLANES (&abuf);
    guint per = abuf.n_samples * (planes == 1 ? ai.channels : 1);

    for (c = 0; c < planes; c++)
      for (i = 0; i < per; i++) {
        gdouble v = f32 ? ((gfloat *) abuf.planes[c])[i]
                        : ((gdouble *) abuf.planes[c])[i];

        if (!isfinite (v) || fabs (v) > 2.0)
          cs->finite = FALSE;
      }
    gst_audio_buffer_unmap (&abuf);
  }
  if (caps)
    gst_caps_unref (caps);

  if (++cs->frames % cs->every == 0) {
    GstCaps *next = gst_caps_from_string (caps_cycle[(cs->frames / cs->every) %
        G_N_ELEMENTS (caps_cycle)]);

    g_object_set (cs->capsfilter, "caps", next, NULL);
    gst_caps_unref (next);
  }
  return GST_PAD_PROBE_OK;
}

GST_START_TEST (test_caps_change_every_few_frames)
{
  static const gchar *filters[] = {
    "slfilter kind=lowpass cutoff=1000",
    ("slfilter kind=bandstop design=chebyshev1 lower-frequency=300 "
     "upper-frequency=3000 order=3"), /* one string, split for width */
    "slfilter kind=fir taps=\"<0.25, 0.5, 0.25>\"",
    "slfilter kind=moving-average window=5",
  };
  guint k, n = scale (2000);

  for (k = 0; k < G_N_ELEMENTS (filters); k++) {
    gchar *desc = g_strdup_printf ("slsinesrc num-buffers=%u "
                                   "samplesperbuffer=97 amplitude=0.9 ! "
                                   "capsfilter name=cf caps=\"%s\" "
                                   "! %s ! fakesink name=sink",
        n, caps_cycle[0], filters[k]);
    GstElement *p = gst_parse_launch (desc, NULL);
    GstElement *sink = gst_bin_get_by_name (GST_BIN (p), "sink");
    GstPad *pad = gst_element_get_static_pad (sink, "sink");
    CapsStorm cs = { NULL, 0, 0, TRUE, TRUE, 3 + k, NULL, 0 };
    GstBus *bus = gst_element_get_bus (p);
    GstMessage *msg;

    cs.capsfilter = gst_bin_get_by_name (GST_BIN (p), "cf");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, caps_storm_probe, &cs,
        NULL);
    gst_element_set_state (p, GST_STATE_PLAYING);
    msg = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    fail_unless (msg != NULL, "%s: no EOS", filters[k]);
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
      GError *err = NULL;

      gst_message_parse_error (msg, &err, NULL);
      fail ("%s: %s", filters[k], err->message);
    }
    gst_message_unref (msg);
    gst_element_set_state (p, GST_STATE_NULL);
    fail_unless_equals_int (cs.frames, n);
    fail_unless (cs.seq_ok, "%s: seq not contiguous", filters[k]);
    fail_unless (cs.finite, "%s: a sample out of range", filters[k]);
    /* every change reached the sink (a change is applied a frame or two
     * after it is asked for) */
    fail_unless (cs.changes >= n / cs.every - 2,
        "%s: %u caps changes for "
        "%u asked",
        filters[k], cs.changes, n / cs.every);
    gst_caps_replace (&cs.last, NULL);
    gst_object_unref (pad);
    gst_object_unref (sink);
    gst_object_unref (cs.capsfilter);
    gst_object_unref (bus);
    gst_object_unref (p);
    g_free (desc);
  }
}

GST_END_TEST;

/* ------------------------------------------------------------------------
 * Huge, NaN, infinite and subnormal samples through every filter kind
 * ------------------------------------------------------------------------ */

static guint32 rng = 12345;

static gdouble
hostile_sample (void)
{
  rng = rng * 1664525u + 1013904223u;
  switch (rng >> 28) {
    case 0:
      return NAN;
    case 1:
      return INFINITY;
    case 2:
      return -INFINITY;
    case 3:
      return G_MAXDOUBLE;
    case 4:
      return -1e308;
    case 5:
      return 4.9e-324; /* the smallest subnormal */
    case 6:
      return 1e-310;
    default:
      return ((gint32) rng) / 2147483648.0;
  }
}

GST_START_TEST (test_hostile_samples)
{
  static const gchar *kinds[] = {
    "kind=lowpass design=chebyshev1 order=8 cutoff=2000",
    "kind=highpass order=3 cutoff=200",
    "kind=bandpass order=4 lower-frequency=100 upper-frequency=5000",
    "kind=fir taps=\"<0.1, -0.2, 0.4, -0.2, 0.1>\"",
    "kind=moving-average window=7",
  };
  static const gchar *fmts[] = {
    "format=F64LE,layout=interleaved,channels=5",
    "format=F32LE,layout=interleaved,channels=8",
    "format=F64LE,layout=non-interleaved,channels=3",
    "format=F32LE,layout=non-interleaved,channels=2",
  };
  guint k, f, frame, i, n_frames = scale (300);

  for (k = 0; k < G_N_ELEMENTS (kinds); k++) {
    for (f = 0; f < G_N_ELEMENTS (fmts); f++) {
      gchar *desc = g_strdup_printf ("slfilter %s", kinds[k]);
      gchar *caps = g_strdup_printf ("audio/x-raw,%s,rate=48000,"
                                     "channel-mask=(bitmask)0",
          fmts[f]);
      GstHarness *h = gst_harness_new_parse (desc);
      GstAudioInfo ai;
      GstCaps *c = gst_caps_from_string (caps);

      gst_audio_info_from_caps (&ai, c);
      gst_caps_unref (c);
      gst_harness_set_src_caps_str (h, caps);
      for (frame = 0; frame < n_frames; frame++) {
        /* the last frames are clean: the filter must have recovered */
        gboolean clean = frame + 3 >= n_frames;
        guint frames = 64 + (rng % 200);
        GstBuffer *buf = gst_buffer_new_allocate (NULL, (gsize) frames * ai.bpf,
                      NULL),
                  *out;
        GstMapInfo map;
        gboolean f32 = GST_AUDIO_INFO_FORMAT (&ai) == GST_AUDIO_FORMAT_F32LE;
        guint n = frames * ai.channels;

        gst_buffer_map (buf, &map, GST_MAP_WRITE);
        for (i = 0; i < n; i++) {
          gdouble v = clean ? sin (i * 0.01) : hostile_sample ();

          if (f32)
            ((gfloat *) map.data)[i] = (gfloat) v;
          else
            ((gdouble *) map.data)[i] = v;
        }
        gst_buffer_unmap (buf, &map);
        if (GST_AUDIO_INFO_LAYOUT (&ai) == GST_AUDIO_LAYOUT_NON_INTERLEAVED)
          gst_buffer_add_audio_meta (buf, &ai, frames, NULL);
        fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
        out = gst_harness_pull (h);
        if (frame + 1 == n_frames) {
          gst_buffer_map (out, &map, GST_MAP_READ);
          for (i = 0; i < n; i++) {
            gdouble v =
                f32 ? ((gfloat *) map.data)[i] : ((gdouble *) map.data)[i];

            fail_unless (isfinite (v),
                "%s %s: sample %u of the last clean "
                "frame is %g",
                kinds[k], fmts[f], i, v);
          }
          gst_buffer_unmap (out, &map);
        }
        gst_buffer_unref (out);
      }
      gst_harness_teardown (h);
      g_free (desc);
      g_free (caps);
    }
  }
}

GST_END_TEST;

/* ------------------------------------------------------------------------
 * State storms
 * ------------------------------------------------------------------------ */

GST_START_TEST (test_state_cycles)
{
  GstElement *p = gst_parse_launch ("slsinesrc samplesperbuffer=64 ! "
                                    "audio/x-raw,channels=4,layout=interleaved "
                                    "! slfilter cutoff=500 ! "
                                    "fakesink",
      NULL);
  guint k, n = scale (1000);

  for (k = 0; k < n; k++) {
    fail_if (gst_element_set_state (p,
                 k % 3 ? GST_STATE_PLAYING : GST_STATE_PAUSED) ==
        GST_STATE_CHANGE_FAILURE);
    if (k % 5 == 0)
      gst_element_get_state (p, NULL, NULL, GST_CLOCK_TIME_NONE);
    fail_unless_equals_int (gst_element_set_state (p, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
  }
  gst_object_unref (p);
}

GST_END_TEST;

static gpointer
storm_thread (gpointer data)
{
  GstElement *p = data;
  guint k, n = scale (500);

  for (k = 0; k < n; k++) {
    gst_element_set_state (p, k % 2 ? GST_STATE_PLAYING : GST_STATE_NULL);
    g_thread_yield ();
  }
  return NULL;
}

GST_START_TEST (test_state_from_four_threads)
{
  GstElement *p = gst_parse_launch ("slsinesrc samplesperbuffer=32 ! "
                                    "slfilter kind=bandpass ! slfilter "
                                    "kind=moving-average ! fakesink",
      NULL);
  GThread *t[4];
  guint k;

  for (k = 0; k < 4; k++)
    t[k] = g_thread_new ("storm", storm_thread, p);
  for (k = 0; k < 4; k++)
    g_thread_join (t[k]);
  fail_unless_equals_int (gst_element_set_state (p, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (p);
}

GST_END_TEST;

static Suite *
slsignal_stress_suite (void)
{
  Suite *s = suite_create ("slsignal-stress");
  TCase *tc = tcase_create ("stress");

  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_caps_change_every_few_frames);
  tcase_add_test (tc, test_hostile_samples);
  tcase_add_test (tc, test_state_cycles);
  tcase_add_test (tc, test_state_from_four_threads);
  return s;
}

GST_CHECK_MAIN (slsignal_stress);
