/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* GstController on the controllable properties of slsinesrc and slfilter,
 * with both direct bindings: the absolute one (control values are property
 * values) and the default relative one (a control value v in [0, 1] is
 * min + v * (max - min) of the property's range). The ranges are real
 * maxima, so the relative binding gives usable values. */

#include <math.h>
#include <string.h>

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/controller/controller.h>

#define RATE 48000
#define SPB 480           /* 10 ms frames */
#define MAX_FREQUENCY 1e6 /* the documented range of the frequencies */
#define MAX_AMPLITUDE 10.0

/* Adds a step (no interpolation) control source with @n (time, value)
 * pairs on @prop of @obj, through the absolute or the relative binding. */
static void
control (GstObject *obj, const gchar *prop, gboolean absolute,
    const GstClockTime *times, const gdouble *values, guint n)
{
  GstControlSource *cs = gst_interpolation_control_source_new ();
  GstControlBinding *b;
  guint i;

  g_object_set (cs, "mode", GST_INTERPOLATION_MODE_NONE, NULL);
  for (i = 0; i < n; i++)
    fail_unless (gst_timed_value_control_source_set (
        GST_TIMED_VALUE_CONTROL_SOURCE (cs), times[i], values[i]));
  b = absolute ? gst_direct_control_binding_new_absolute (obj, prop, cs)
               : gst_direct_control_binding_new (obj, prop, cs);
  fail_unless (gst_object_add_control_binding (obj, b));
  gst_object_unref (cs);
}

/* A stepped sweep of slsinesrc's frequency and amplitude, frame by frame:
 * the samples follow the formula with the phase continuous across the
 * frequency changes (re-anchored at each frame's first sample). */
static void
run_sine_sweep (gboolean absolute)
{
  const gdouble freqs[] = { 1000.0, 2000.0, 3500.0, 250.0 };
  const gdouble amps[] = { 1.0, 0.5, 2.0, 0.25 };
  GstClockTime times[4];
  gdouble fvals[4], avals[4];
  GstHarness *h;
  GstElement *src;
  long double cycles = 0.0L, max_err = 0.0L;
  guint k, i;

  for (k = 0; k < 4; k++) {
    times[k] = gst_util_uint64_scale_int (k * SPB, GST_SECOND, RATE);
    fvals[k] = absolute ? freqs[k] : freqs[k] / MAX_FREQUENCY;
    avals[k] = absolute ? amps[k] : amps[k] / MAX_AMPLITUDE;
  }

  h = gst_harness_new_parse ("slsinesrc samplesperbuffer=480 num-buffers=4");
  src = gst_harness_find_element (h, "slsinesrc");
  control (GST_OBJECT (src), "frequency", absolute, times, fvals, 4);
  control (GST_OBJECT (src), "amplitude", absolute, times, avals, 4);
  gst_harness_set_sink_caps_str (h,
      "audio/x-raw,format=F64LE,"
      "layout=interleaved,rate=48000,channels=1");
  gst_harness_play (h);

  for (k = 0; k < 4; k++) {
    GstBuffer *buf = gst_harness_pull (h);
    GstMapInfo map;
    const gdouble *x;

    fail_unless (buf != NULL);
    fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
    fail_unless_equals_int (map.size, SPB * sizeof (gdouble));
    x = (const gdouble *) map.data;
    for (i = 0; i < SPB; i++) {
      long double c = cycles + (long double) freqs[k] * i / RATE;
      long double want = amps[k] * sinl (2.0L * M_PI * c);
      long double err = fabsl (want - x[i]);

      if (err > max_err)
        max_err = err;
    }
    cycles += (long double) freqs[k] * SPB / RATE;
    gst_buffer_unmap (buf, &map);
    gst_buffer_unref (buf);
  }
  fail_unless (max_err < 1e-9L, "%s binding: max abs error %Lg",
      absolute ? "absolute" : "relative", max_err);

  gst_object_unref (src);
  gst_harness_teardown (h);
}

GST_START_TEST (test_sine_sweep_absolute)
{
  run_sine_sweep (TRUE);
}

GST_END_TEST;

GST_START_TEST (test_sine_sweep_relative)
{
  run_sine_sweep (FALSE);
}

GST_END_TEST;

/* The relative binding maps [0, 1] onto each property's range: the
 * property values after gst_object_sync_values(). */
GST_START_TEST (test_sine_relative_mapping)
{
  GstElement *src = gst_element_factory_make ("slsinesrc", NULL);
  const GstClockTime t0[] = { 0 };
  gdouble v;

  fail_unless (src != NULL);
  control (GST_OBJECT (src), "frequency", FALSE, t0, (gdouble[]){ 0.00044 }, 1);
  control (GST_OBJECT (src), "amplitude", FALSE, t0, (gdouble[]){ 0.05 }, 1);
  control (GST_OBJECT (src), "phase", FALSE, t0, (gdouble[]){ 0.75 }, 1);
  fail_unless (gst_object_sync_values (GST_OBJECT (src), 0));
  g_object_get (src, "frequency", &v, NULL);
  fail_unless (fabs (v - 440.0) < 1e-9, "frequency %g", v);
  g_object_get (src, "amplitude", &v, NULL);
  fail_unless (fabs (v - 0.5) < 1e-12, "amplitude %g", v);
  g_object_get (src, "phase", &v, NULL);
  /* -2 pi + 0.75 * 4 pi */
  fail_unless (fabs (v - M_PI) < 1e-12, "phase %g", v);
  gst_object_unref (src);
}

GST_END_TEST;

/* slfilter's edges under both bindings, and the Nyquist check still made
 * against the negotiated rate for a controlled value. */
static void
check_filter_edges (gboolean absolute)
{
  GstElement *f = gst_element_factory_make ("slfilter", NULL);
  const GstClockTime times[] = { 0, GST_SECOND };
  const gdouble hz[] = { 200.0, 2000.0 };
  gdouble vals[2], v;
  guint k;

  fail_unless (f != NULL);
  for (k = 0; k < 2; k++)
    vals[k] = absolute ? hz[k] : hz[k] / MAX_FREQUENCY;
  control (GST_OBJECT (f), "cutoff", absolute, times, vals, 2);
  control (GST_OBJECT (f), "upper-frequency", absolute, times, vals, 2);
  for (k = 0; k < 2; k++) {
    fail_unless (gst_object_sync_values (GST_OBJECT (f), times[k]));
    g_object_get (f, "cutoff", &v, NULL);
    fail_unless (fabs (v - hz[k]) < 1e-9, "cutoff %g, want %g", v, hz[k]);
    g_object_get (f, "upper-frequency", &v, NULL);
    fail_unless (fabs (v - hz[k]) < 1e-9, "upper %g, want %g", v, hz[k]);
  }
  gst_object_unref (f);
}

GST_START_TEST (test_filter_edges_absolute)
{
  check_filter_edges (TRUE);
}

GST_END_TEST;

GST_START_TEST (test_filter_edges_relative)
{
  check_filter_edges (FALSE);
}

GST_END_TEST;

/* A controlled cutoff above Nyquist (relative value 0.03: 30 kHz at 48 kHz)
 * is refused when the frame is filtered, with an error naming `cutoff`. */
GST_START_TEST (test_filter_controlled_nyquist)
{
  GstElement *pipe, *f;
  GstBus *bus;
  GstMessage *msg;
  GError *err = NULL;
  const GstClockTime t0[] = { 0 };

  pipe = gst_parse_launch ("slsinesrc num-buffers=4 samplesperbuffer=480 ! "
                           "audio/x-raw,rate=48000,channels=1 ! slfilter "
                           "name=f kind=lowpass ! "
                           "fakesink",
      NULL);
  fail_unless (pipe != NULL);
  f = gst_bin_get_by_name (GST_BIN (pipe), "f");
  control (GST_OBJECT (f), "cutoff", FALSE, t0, (gdouble[]){ 0.03 }, 1);
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipe);
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND,
      GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  fail_unless (msg != NULL);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_ERROR);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, "cutoff") != NULL, "%s", err->message);
  g_error_free (err);
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (f);
  gst_object_unref (pipe);
}

GST_END_TEST;

static Suite *
controller_suite (void)
{
  Suite *s = suite_create ("controller");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_sine_sweep_absolute);
  tcase_add_test (tc, test_sine_sweep_relative);
  tcase_add_test (tc, test_sine_relative_mapping);
  tcase_add_test (tc, test_filter_edges_absolute);
  tcase_add_test (tc, test_filter_edges_relative);
  tcase_add_test (tc, test_filter_controlled_nyquist);
  return s;
}

GST_CHECK_MAIN (controller);
