/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slsinesrc as a live source, driven by a GstTestClock: every frame waits
 * for the clock to reach its running time, and leaves only when the clock
 * is moved there. No real time passes in these tests. */

#include <math.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/check/gsttestclock.h>
#include <gst/audio/audio.h>

#include "gstslmeta.h"

#define RATE 48000
#define SPB 480 /* samples per buffer: 10 ms */
#define FRAME_NS (GST_SECOND * SPB / RATE)
#define CAPS \
  "audio/x-raw,format=F64LE,layout=interleaved,rate=48000," \
  "channels=1"

static GstHarness *
live_harness (const gchar *extra)
{
  gchar *desc = g_strdup_printf ("slsinesrc is-live=true samplesperbuffer=%d "
                                 "frequency=1000 amplitude=0.5 %s",
      SPB, extra ? extra : "");
  GstHarness *h = gst_harness_new_parse (desc);

  g_free (desc);
  gst_harness_use_testclock (h);
  gst_harness_set_sink_caps_str (h, CAPS);
  return h;
}

/* Frame @n is scheduled at exactly its running time, nothing leaves before
 * the clock gets there, and it leaves with PTS, duration, offset, seq and
 * samples of sample position n * SPB. */
GST_START_TEST (test_live_frames_paced_by_test_clock)
{
  GstHarness *h = live_harness (NULL);
  GstTestClock *clock;
  GstClockTime base;
  guint n;

  gst_harness_play (h);
  clock = gst_harness_get_testclock (h);
  base = gst_element_get_base_time (h->element);

  for (n = 0; n < 20; n++) {
    GstClockID pending = NULL;
    GstBuffer *buf;
    GstMapInfo map;
    guint64 seq;
    guint i;

    gst_test_clock_wait_for_next_pending_id (clock, &pending);
    fail_unless_equals_uint64 (gst_clock_id_get_time (pending),
        base + n * FRAME_NS);
    gst_clock_id_unref (pending);
    /* the frame is waiting for its time: nothing has left yet */
    fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
    fail_unless (gst_harness_crank_single_clock_wait (h));
    fail_unless_equals_uint64 (gst_clock_get_time (GST_CLOCK (clock)),
        base + n * FRAME_NS);

    buf = gst_harness_pull (h);
    fail_unless (buf != NULL);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), n * FRAME_NS);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (buf), FRAME_NS);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), (guint64) n * SPB);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (buf),
        (guint64) (n + 1) * SPB);
    fail_unless (gst_sl_buffer_get_seq (buf, &seq));
    fail_unless_equals_uint64 (seq, n);
    fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (buf,
                                GST_BUFFER_FLAG_DISCONT),
        n == 0);
    gst_buffer_map (buf, &map, GST_MAP_READ);
    fail_unless_equals_int (map.size, SPB * sizeof (gdouble));
    for (i = 0; i < SPB; i++) {
      /* 1000 Hz at 48 kHz: the cycle repeats every 48 samples */
      guint64 pos = ((guint64) n * SPB + i) % 48;
      gdouble expect = 0.5 * sin (2.0 * G_PI * (gdouble) pos / 48.0);

      fail_unless (fabs (((gdouble *) map.data)[i] - expect) < 1e-12,
          "frame %u sample %u: %.17g, expected %.17g", n, i,
          ((gdouble *) map.data)[i], expect);
    }
    gst_buffer_unmap (buf, &map);
    gst_buffer_unref (buf);
  }

  gst_object_unref (clock);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* A live source reports one frame of latency and does not preroll. */
GST_START_TEST (test_live_latency_and_no_preroll)
{
  GstHarness *h = live_harness (NULL);
  GstElement *src = gst_harness_find_element (h, "slsinesrc");

  fail_unless (src != NULL);
  fail_unless_equals_int (gst_element_set_state (src, GST_STATE_PAUSED),
      GST_STATE_CHANGE_NO_PREROLL);
  gst_object_unref (src);

  gst_harness_play (h);
  /* the first frame is negotiated and waits on the clock */
  gst_harness_crank_single_clock_wait (h);
  gst_buffer_unref (gst_harness_pull (h));
  fail_unless_equals_uint64 (gst_harness_query_latency (h), FRAME_NS);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* num-buffers ends a live stream after its last frame: EOS follows the
 * third frame with no further clock wait. */
GST_START_TEST (test_live_num_buffers_eos)
{
  GstHarness *h = live_harness ("num-buffers=3");
  GstTestClock *clock;
  GstClockTime base;
  GstEvent *ev;
  guint n;

  gst_harness_play (h);
  clock = gst_harness_get_testclock (h);
  base = gst_element_get_base_time (h->element);
  for (n = 0; n < 3; n++) {
    GstClockID pending = NULL;
    GstBuffer *buf;

    gst_test_clock_wait_for_next_pending_id (clock, &pending);
    fail_unless_equals_uint64 (gst_clock_id_get_time (pending),
        base + n * FRAME_NS);
    gst_clock_id_unref (pending);
    fail_unless (gst_harness_crank_single_clock_wait (h));
    buf = gst_harness_pull (h);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), n * FRAME_NS);
    gst_buffer_unref (buf);
  }
  /* stream-start, caps, segment, then EOS */
  while ((ev = gst_harness_pull_event (h))) {
    gboolean eos = GST_EVENT_TYPE (ev) == GST_EVENT_EOS;

    gst_event_unref (ev);
    if (eos)
      break;
  }
  fail_unless (ev != NULL, "no EOS after num-buffers frames");
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  gst_object_unref (clock);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
slsinesrc_live_suite (void)
{
  Suite *s = suite_create ("slsinesrc_live");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_live_frames_paced_by_test_clock);
  tcase_add_test (tc, test_live_latency_and_no_preroll);
  tcase_add_test (tc, test_live_num_buffers_eos);
  return s;
}

GST_CHECK_MAIN (slsinesrc_live);
