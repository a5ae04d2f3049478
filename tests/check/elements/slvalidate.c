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

#include "gstslmeta.h"

#define CAPS "audio/x-raw,format=F64LE,layout=interleaved,rate=1000,channels=2"

/* A 2-channel interleaved frame of 2 samples per channel. */
static GstBuffer *
frame (guint64 seq, gdouble a0, gdouble a1, gdouble b0, gdouble b1)
{
  gdouble v[4] = { a0, b0, a1, b1 };
  GstBuffer *buf = gst_buffer_new_memdup (v, sizeof v);

  gst_sl_buffer_set_seq (buf, seq);
  GST_BUFFER_PTS (buf) = seq * 2 * GST_MSECOND;
  GST_BUFFER_DURATION (buf) = 2 * GST_MSECOND;
  return buf;
}

static guint64
prop_u64 (GstElement *e, const gchar *name)
{
  guint64 v;

  g_object_get (e, name, &v, NULL);
  return v;
}

/* The frames: 0 valid, 1 NaN on channel 1, 2 out of range on channel 0,
 * 3 valid, 4 a jump of 3 from frame 3's last sample on channel 1, 5
 * infinite and out of range (the first rule in order: finite). */
static void
push_frames (GstHarness *in)
{
  fail_unless_equals_int (gst_harness_push (in, frame (0, 0, 1, 0, 1)),
      GST_FLOW_OK);
  gst_harness_push (in, frame (1, 0, 1, 0, NAN));
  gst_harness_push (in, frame (2, 0, 20, 0, 1));
  gst_harness_push (in, frame (3, 0, 1, 1, 1));
  gst_harness_push (in, frame (4, 1, 1, 4, 4));
  gst_harness_push (in, frame (5, 50, 1, INFINITY, 4));
}

static GstElement *
setup (const gchar *action, GstHarness **in, GstHarness **dl)
{
  GstElement *v = gst_element_factory_make ("slvalidate", NULL);

  fail_unless (v != NULL);
  gst_util_set_object_arg (G_OBJECT (v), "action", action);
  gst_util_set_object_arg (G_OBJECT (v), "min", "<-10.0>");
  gst_util_set_object_arg (G_OBJECT (v), "max", "<10.0, 100.0>");
  gst_util_set_object_arg (G_OBJECT (v), "max-change", "<5.0, 2.0>");
  *in = gst_harness_new_with_element (v, "sink", "src");
  *dl = gst_harness_new_with_element (v, NULL, "deadletter");
  gst_harness_set_src_caps_str (*in, CAPS);
  return v;
}

static void
expect (GstHarness *h, guint64 seq, const gchar *rule, const gchar *ch)
{
  GstBuffer *buf = gst_harness_pull (h);
  guint64 got = G_MAXUINT64;

  fail_unless (buf != NULL);
  fail_unless (gst_sl_buffer_get_seq (buf, &got));
  fail_unless_equals_uint64 (got, seq);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (buf,
                                 "validation-rule"),
      rule);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (buf,
                                 "validation-channel"),
      ch);
  gst_buffer_unref (buf);
}

static void
check_counters (GstElement *v)
{
  fail_unless_equals_uint64 (prop_u64 (v, "frames-in"), 6);
  fail_unless_equals_uint64 (prop_u64 (v, "frames-valid"), 2);
  fail_unless_equals_uint64 (prop_u64 (v, "frames-invalid"), 4);
  fail_unless_equals_uint64 (prop_u64 (v, "breaks-finite"), 2);
  /* frame 2, and frame 5 (50 on channel 0) */
  fail_unless_equals_uint64 (prop_u64 (v, "breaks-range"), 2);
  fail_unless_equals_uint64 (prop_u64 (v, "breaks-rate-of-change"), 1);
  fail_unless_equals_uint64 (prop_u64 (v, "breaks-channels"), 0);
}

GST_START_TEST (test_pass)
{
  GstHarness *in, *dl;
  GstElement *v = setup ("pass", &in, &dl);

  push_frames (in);
  expect (in, 0, NULL, NULL);
  expect (in, 1, "finite", "1");
  expect (in, 2, "range", "0");
  expect (in, 3, NULL, NULL);
  expect (in, 4, "rate-of-change", "1");
  expect (in, 5, "finite", "1");
  fail_unless_equals_int (gst_harness_buffers_received (dl), 0);
  check_counters (v);
  gst_harness_teardown (dl);
  gst_harness_teardown (in);
  gst_object_unref (v);
}

GST_END_TEST;

GST_START_TEST (test_drop)
{
  GstHarness *in, *dl;
  GstElement *v = setup ("drop", &in, &dl);

  push_frames (in);
  expect (in, 0, NULL, NULL);
  expect (in, 3, NULL, NULL);
  fail_unless_equals_int (gst_harness_buffers_in_queue (in), 0);
  fail_unless_equals_uint64 (prop_u64 (v, "frames-dropped"), 4);
  check_counters (v);
  gst_harness_teardown (dl);
  gst_harness_teardown (in);
  gst_object_unref (v);
}

GST_END_TEST;

GST_START_TEST (test_dead_letter)
{
  GstHarness *in, *dl;
  GstElement *v = setup ("dead-letter", &in, &dl);
  GstEvent *ev;
  guint gaps = 0;

  push_frames (in);
  expect (in, 0, NULL, NULL);
  expect (in, 3, NULL, NULL);
  expect (dl, 1, "finite", "1");
  expect (dl, 2, "range", "0");
  expect (dl, 4, "rate-of-change", "1");
  expect (dl, 5, "finite", "1");
  fail_unless_equals_uint64 (prop_u64 (v, "frames-dead-lettered"), 4);
  check_counters (v);
  /* the deadletter branch keeps time with gaps for the valid frames */
  while ((ev = gst_harness_try_pull_event (dl))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_GAP)
      gaps++;
    gst_event_unref (ev);
  }
  fail_unless_equals_int (gaps, 2);
  gst_harness_teardown (dl);
  gst_harness_teardown (in);
  gst_object_unref (v);
}

GST_END_TEST;

GST_START_TEST (test_caps_rules)
{
  GstHarness *in, *dl;
  GstElement *v = setup ("pass", &in, &dl);

  g_object_set (v, "channels", 3, "rate", 1000, NULL);
  gst_harness_push (in, frame (0, 0, 1, 0, 1));
  expect (in, 0, "channels", "-");
  fail_unless_equals_uint64 (prop_u64 (v, "breaks-channels"), 1);
  fail_unless_equals_uint64 (prop_u64 (v, "breaks-rate"), 0);
  gst_harness_teardown (dl);
  gst_harness_teardown (in);
  gst_object_unref (v);
}

GST_END_TEST;

static Suite *
slvalidate_suite (void)
{
  Suite *s = suite_create ("slvalidate");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_pass);
  tcase_add_test (tc, test_drop);
  tcase_add_test (tc, test_dead_letter);
  tcase_add_test (tc, test_caps_rules);
  return s;
}

GST_CHECK_MAIN (slvalidate);
