/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Stress tests of slfanout (suite 'stress'): branches requested and
 * released while data flows and while a branch is blocked, in every mode
 * and policy; flushing seeks and EOS with full branches. Bounded by
 * default; SL_STRESS_SCALE=N multiplies the rounds (a release runs with
 * 10 or more). */

#include <stdlib.h>

#include <gst/check/gstcheck.h>

#include "gstslmeta.h"

static guint
scale (void)
{
  const gchar *s = g_getenv ("SL_STRESS_SCALE");
  gint v = s ? (gint) g_ascii_strtoll (s, NULL, 10) : 1;

  return v > 0 ? v : 1;
}

static const gchar *modes[] = { "broadcast", "round-robin", "priority",
  "random" };

static const gchar *policies[] = { "block", "drop-oldest", "drop-newest",
  "resize" };

static void
wait_eos (GstElement *pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;
    gchar *dbg = NULL;

    gst_message_parse_error (msg, &err, &dbg);
    fail ("error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (msg), err->message,
        dbg);
  }
  gst_message_unref (msg);
  gst_object_unref (bus);
}

static guint64
u64 (gpointer obj, const gchar *prop)
{
  guint64 v;

  g_object_get (obj, prop, &v, NULL);
  return v;
}

static GstPadProbeReturn
hold (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  return GST_PAD_PROBE_OK;
}

/* Requests and releases branches while frames flow; a quarter of them lead
 * to a sink that blocks (waits an hour on the clock), a quarter to a sink
 * that takes frames; every release returns and src_0 keeps the count. */
static void
request_release (const gchar *mode, guint rounds)
{
  GstElement *pipeline, *fanout;
  GstPad *keep;
  guint i;
  gchar *desc;

  desc = g_strdup_printf ("slsinesrc samplesperbuffer=64 ! slfanout name=f "
                          "capacity=4 mode=%s f.src_0 ! fakesink async=false",
      mode);
  pipeline = gst_parse_launch (desc, NULL);
  g_free (desc);
  fanout = gst_bin_get_by_name (GST_BIN (pipeline), "f");
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);

  for (i = 0; i < rounds; i++) {
    GstPad *pad = gst_element_request_pad_simple (fanout, "src_%u");
    GstElement *sink = NULL;

    fail_unless (pad != NULL);
    gst_util_set_object_arg (G_OBJECT (pad), "policy",
        policies[i % G_N_ELEMENTS (policies)]);
    g_object_set (pad, "capacity", 1 + i % 3, "max-capacity", 8, "priority",
        (gint) (i % 5), NULL);
    if (i % 4 < 2) {
      GstPad *sinkpad;

      sink = gst_element_factory_make ("fakesink", NULL);
      g_object_set (sink, "async", FALSE, NULL);
      if (i % 4 == 1)
        g_object_set (sink, "sync", TRUE, "ts-offset",
            (gint64) 3600 * GST_SECOND, NULL);
      gulong probe;

      /* as an application adds a branch while data flows: the new pad is
       * held by a blocking probe while its sink is linked and started */
      probe = gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BLOCK_DOWNSTREAM, hold,
          NULL, NULL);
      gst_bin_add (GST_BIN (pipeline), sink);
      sinkpad = gst_element_get_static_pad (sink, "sink");
      fail_unless_equals_int (gst_pad_link (pad, sinkpad), GST_PAD_LINK_OK);
      gst_object_unref (sinkpad);
      fail_unless (gst_element_sync_state_with_parent (sink));
      gst_pad_remove_probe (pad, probe);
    }
    if (i % 3 == 0)
      g_usleep (200); /* let frames reach the branch */
    gst_element_release_request_pad (fanout, pad);
    gst_object_unref (pad);
    if (sink) {
      gst_object_ref (sink);
      gst_bin_remove (GST_BIN (pipeline), sink);
      gst_element_set_state (sink, GST_STATE_NULL);
      gst_object_unref (sink);
    }
  }
  fail_unless (gst_element_send_event (pipeline, gst_event_new_eos ()));
  wait_eos (pipeline);
  keep = gst_element_get_static_pad (fanout, "src_0");
  if (g_str_equal (mode, "broadcast"))
    fail_unless_equals_uint64 (u64 (keep, "frames-dropped"), 0);
  fail_unless (u64 (keep, "frames-delivered") > 0);
  gst_object_unref (keep);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (fanout);
  gst_object_unref (pipeline);
}

GST_START_TEST (test_request_release_while_flowing)
{
  request_release (modes[__i__], 200 * scale ());
}

GST_END_TEST;

/* Flushing seeks while one branch is full and blocked on the clock, in
 * every policy; then EOS arrives and every frame is accounted for on every
 * branch. */
static void
seek_storm (const gchar *policy, guint seeks)
{
  GstElement *pipeline, *fanout;
  GstPad *pads[2];
  guint64 in_frames;
  guint i;
  gchar *desc;

  desc = g_strdup_printf ("slsinesrc samplesperbuffer=64 ! slfanout name=f "
                          "capacity=2 policy=%s f.src_0 ! fakesink async=false "
                          "f.src_1 ! fakesink async=false sync=true "
                          "ts-offset=3600000000000",
      policy);
  pipeline = gst_parse_launch (desc, NULL);
  g_free (desc);
  fanout = gst_bin_get_by_name (GST_BIN (pipeline), "f");
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (pipeline, NULL, NULL,
                   GST_CLOCK_TIME_NONE) != GST_STATE_CHANGE_FAILURE);
  for (i = 0; i < seeks; i++) {
    fail_unless (gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
        GST_SEEK_FLAG_FLUSH, (i % 7) * GST_MSECOND));
    if (i % 5 == 0)
      g_usleep (500);
  }
  /* the blocked branch lets go on EOS only if it drains: let it run */
  for (i = 0; i < 2; i++)
    pads[i] = gst_element_get_static_pad (fanout, i ? "src_1" : "src_0");
  {
    GstElement *slow =
        GST_ELEMENT (gst_pad_get_parent (gst_pad_get_peer (pads[1])));
    GstPad *peer = gst_pad_get_peer (pads[1]);

    gst_object_unref (peer);
    g_object_set (slow, "ts-offset", (gint64) 0, "sync", FALSE, NULL);
    gst_object_unref (slow);
  }
  fail_unless (gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
      GST_SEEK_FLAG_FLUSH, 0));
  fail_unless (gst_element_send_event (pipeline, gst_event_new_eos ()));
  wait_eos (pipeline);
  g_object_get (fanout, "frames-in", &in_frames, NULL);
  for (i = 0; i < 2; i++) {
    fail_unless_equals_uint64 (u64 (pads[i], "frames-delivered") +
            u64 (pads[i], "frames-dropped"),
        in_frames);
    gst_object_unref (pads[i]);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (fanout);
  gst_object_unref (pipeline);
}

GST_START_TEST (test_seek_storm_full_branches)
{
  seek_storm (policies[__i__], 100 * scale ());
}

GST_END_TEST;

/* A finite source into full branches (drop policies on a clock-paced
 * sink, block on a slow one): EOS always arrives. */
GST_START_TEST (test_eos_with_full_branches)
{
  guint i;

  for (i = 0; i < 5 * scale (); i++) {
    GstElement *pipeline =
        gst_parse_launch ("slsinesrc num-buffers=300 "
                          "samplesperbuffer=48 ! slfanout name=f capacity=2 "
                          "src_1::policy=drop-oldest src_2::policy=drop-newest "
                          "src_3::policy=resize src_3::max-capacity=4 "
                          "f.src_0 ! fakesink f.src_1 ! fakesink sync=true "
                          "f.src_2 ! fakesink sync=true f.src_3 ! fakesink "
                          "sync=true",
            NULL);

    fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
        GST_STATE_CHANGE_FAILURE);
    wait_eos (pipeline);
    gst_element_set_state (pipeline, GST_STATE_NULL);
    gst_object_unref (pipeline);
  }
}

GST_END_TEST;

static Suite *
slfanout_stress_suite (void)
{
  Suite *s = suite_create ("slfanout-stress");
  TCase *tc = tcase_create ("stress");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 600);
  tcase_add_loop_test (tc, test_request_release_while_flowing, 0,
      G_N_ELEMENTS (modes));
  tcase_add_loop_test (tc, test_seek_storm_full_branches, 0,
      G_N_ELEMENTS (policies));
  tcase_add_test (tc, test_eos_with_full_branches);
  return s;
}

GST_CHECK_MAIN (slfanout_stress);
