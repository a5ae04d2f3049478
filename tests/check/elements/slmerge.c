/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>

#include "gstslmeta.h"

#define CAPS \
  "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=1"

static GstBuffer *
frame (guint64 seq)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 8 * sizeof (gdouble), NULL);

  gst_sl_buffer_set_seq (buf, seq);
  GST_BUFFER_PTS (buf) = seq * GST_MSECOND;
  return buf;
}

static guint64
prop_u64 (GstElement *e, const gchar *name)
{
  guint64 v;

  g_object_get (e, name, &v, NULL);
  return v;
}

/* A merge with @n inputs; h[0] also collects the output. */
static GstElement *
setup (const gchar *props, GstHarness **h, guint n)
{
  GstElement *merge = gst_element_factory_make ("slmerge", NULL);
  guint i;

  fail_unless (merge != NULL);
  if (props) {
    gchar **kv = g_strsplit (props, "=", 2);

    gst_util_set_object_arg (G_OBJECT (merge), kv[0], kv[1]);
    g_strfreev (kv);
  }
  for (i = 0; i < n; i++) {
    h[i] = gst_harness_new_with_element (merge, "sink_%u", i ? NULL : "src");
    gst_harness_set_src_caps_str (h[i], CAPS);
  }
  return merge;
}

static void
teardown (GstElement *merge, GstHarness **h, guint n)
{
  guint i;

  for (i = n; i > 0; i--)
    gst_harness_teardown (h[i - 1]);
  gst_object_unref (merge);
}

static void
expect_seqs (GstHarness *h, const guint64 *seqs, guint n)
{
  guint i;

  for (i = 0; i < n; i++) {
    GstBuffer *buf = gst_harness_try_pull (h);
    guint64 seq = G_MAXUINT64;

    fail_unless (buf != NULL, "frame %u of %u missing", i, n);
    fail_unless (gst_sl_buffer_get_seq (buf, &seq));
    fail_unless_equals_uint64 (seq, seqs[i]);
    gst_buffer_unref (buf);
  }
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
}

GST_START_TEST (test_reorder)
{
  GstHarness *h[2];
  GstElement *merge = setup (NULL, h, 2);
  static const guint64 first_seqs[] = { 0, 1 }, next[] = { 2, 3, 4, 5 };

  /* the order starts once both inputs brought a frame: 1 waits for 0 */
  fail_unless_equals_int (gst_harness_push (h[1], frame (1)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h[0]), 0);
  fail_unless_equals_int (gst_harness_push (h[0], frame (0)), GST_FLOW_OK);
  expect_seqs (h[0], first_seqs, 2);

  fail_unless_equals_int (gst_harness_push (h[1], frame (3)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h[1], frame (5)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h[0]), 0);
  {
    guint pending;

    g_object_get (merge, "pending", &pending, NULL);
    fail_unless_equals_int (pending, 2);
  }
  fail_unless_equals_int (gst_harness_push (h[0], frame (2)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h[0], frame (4)), GST_FLOW_OK);
  expect_seqs (h[0], next, 4);

  fail_unless_equals_uint64 (prop_u64 (merge, "frames-in"), 6);
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-out"), 6);
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-late"), 0);
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-missing"), 0);
  teardown (merge, h, 2);
}

GST_END_TEST;

GST_START_TEST (test_window_late_missing)
{
  GstHarness *h[2];
  GstElement *merge = setup ("window=4", h, 2);
  static const guint64 first_seqs[] = { 0, 1 }, then[] = { 3, 4, 5, 6 };

  gst_harness_push (h[0], frame (0));
  gst_harness_push (h[1], frame (1));
  expect_seqs (h[0], first_seqs, 2);

  /* 2 is slow; 3..5 wait for it, 6 is a window ahead: 2 is given up */
  gst_harness_push (h[1], frame (3));
  gst_harness_push (h[1], frame (4));
  gst_harness_push (h[1], frame (5));
  fail_unless_equals_int (gst_harness_buffers_in_queue (h[0]), 0);
  gst_harness_push (h[1], frame (6));
  expect_seqs (h[0], then, 4);
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-missing"), 1);

  /* then it comes, too late; and a frame twice */
  gst_harness_push (h[0], frame (2));
  gst_harness_push (h[0], frame (6));
  fail_unless_equals_int (gst_harness_buffers_in_queue (h[0]), 0);
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-late"), 2);

  /* a jump far ahead with nothing held: the gap counted at once */
  gst_harness_push (h[0], frame (100));
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-missing"), 1 + 90);
  gst_harness_push (h[1], frame (97));
  gst_harness_push (h[1], frame (98));
  gst_harness_push (h[1], frame (99));
  {
    static const guint64 last[] = { 97, 98, 99, 100 };

    expect_seqs (h[0], last, 4);
  }
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-in"), 12);
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-out"), 10);
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-in"),
      prop_u64 (merge, "frames-out") + prop_u64 (merge, "frames-late"));
  teardown (merge, h, 2);
}

GST_END_TEST;

GST_START_TEST (test_eos_drains)
{
  GstHarness *h[2];
  GstElement *merge = setup (NULL, h, 2);
  static const guint64 first_seqs[] = { 0 }, rest[] = { 2, 5 };
  GstEvent *ev;
  gboolean eos = FALSE;

  gst_harness_push (h[0], frame (0));
  gst_harness_push (h[1], frame (2));
  gst_harness_push (h[1], frame (5));
  expect_seqs (h[0], first_seqs, 1);

  gst_harness_push_event (h[1], gst_event_new_eos ());
  fail_unless_equals_int (gst_harness_buffers_in_queue (h[0]), 0);
  /* EOS waits for every input, then what is held leaves */
  while ((ev = gst_harness_try_pull_event (h[0]))) {
    eos |= GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
    gst_event_unref (ev);
  }
  fail_if (eos);
  gst_harness_push_event (h[0], gst_event_new_eos ());
  expect_seqs (h[0], rest, 2);
  while ((ev = gst_harness_try_pull_event (h[0]))) {
    eos |= GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
    gst_event_unref (ev);
  }
  fail_unless (eos);
  /* 1, 3 and 4 never came */
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-missing"), 3);
  teardown (merge, h, 2);
}

GST_END_TEST;

GST_START_TEST (test_flush_restarts_order)
{
  GstHarness *h[2];
  GstElement *merge = setup (NULL, h, 2);
  static const guint64 after[] = { 40, 41 };

  gst_harness_push (h[0], frame (0));
  gst_harness_push (h[1], frame (1));
  gst_harness_push (h[1], frame (3));
  fail_unless_equals_int (gst_harness_buffers_in_queue (h[0]), 2);
  gst_buffer_unref (gst_harness_pull (h[0]));
  gst_buffer_unref (gst_harness_pull (h[0]));

  fail_unless (gst_harness_push_event (h[0], gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h[1], gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h[0], gst_event_new_flush_stop (TRUE)));
  fail_unless (gst_harness_push_event (h[1], gst_event_new_flush_stop (TRUE)));
  {
    GstSegment seg;

    gst_segment_init (&seg, GST_FORMAT_TIME);
    gst_harness_push_event (h[0], gst_event_new_segment (&seg));
    gst_harness_push_event (h[1], gst_event_new_segment (&seg));
  }
  /* the held frame 3 was flushed; seq goes on from where the source is */
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-flushed"), 1);
  gst_harness_push (h[1], frame (41));
  gst_harness_push (h[0], frame (40));
  expect_seqs (h[0], after, 2);
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-missing"), 0);
  teardown (merge, h, 2);
}

GST_END_TEST;

typedef struct
{
  guint64 next;
  guint64 frames;
  gboolean in_order;
} Order;

static GstPadProbeReturn
order_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Order *o = user_data;
  guint64 seq = 0;

  fail_unless (gst_sl_buffer_get_seq (GST_PAD_PROBE_INFO_BUFFER (info), &seq));
  if (seq != o->next)
    o->in_order = FALSE;
  o->next = seq + 1;
  o->frames++;
  return GST_PAD_PROBE_OK;
}

/* Workers of uneven speed (a random delay on some frames of one worker):
 * every frame leaves, in order. */
GST_START_TEST (test_round_robin_workers)
{
  GstElement *pipeline, *merge, *sink;
  GstBus *bus;
  GstMessage *msg;
  GstPad *pad;
  Order o = { 0, 0, TRUE };

  pipeline = gst_parse_launch (
      "slsinesrc num-buffers=300 samplesperbuffer=64 "
      "! slfanout name=f mode=round-robin capacity=4 "
      "f. ! slchaos mode=delay delay-ms=1 probability=0.3 seed=3 ! m.sink_0 "
      "f. ! slchaos mode=delay delay-ms=1 probability=0.1 seed=5 ! m.sink_1 "
      "f. ! m.sink_2 slmerge name=m ! fakesink name=out",
      NULL);
  fail_unless (pipeline != NULL);
  merge = gst_bin_get_by_name (GST_BIN (pipeline), "m");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "out");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, order_probe, &o, NULL);
  gst_object_unref (pad);

  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_object_unref (bus);

  fail_unless_equals_uint64 (o.frames, 300);
  fail_unless (o.in_order);
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-out"), 300);
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-late"), 0);
  fail_unless_equals_uint64 (prop_u64 (merge, "frames-missing"), 0);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (merge);
  gst_object_unref (pipeline);
}

GST_END_TEST;

static Suite *
slmerge_suite (void)
{
  Suite *s = suite_create ("slmerge");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_reorder);
  tcase_add_test (tc, test_window_late_missing);
  tcase_add_test (tc, test_eos_drains);
  tcase_add_test (tc, test_flush_restarts_order);
  tcase_add_test (tc, test_round_robin_workers);
  return s;
}

GST_CHECK_MAIN (slmerge);
