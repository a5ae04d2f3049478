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

#define CAPS "audio/x-raw,format=F64LE,layout=interleaved,rate=48000,channels=2"
#define SAMPLES 64
#define CHANNELS 2

/* A frame whose samples encode its sequence id: seq * 1000 + index. */
static GstBuffer *
make_frame (guint64 seq)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL,
      SAMPLES * CHANNELS * sizeof (gdouble), NULL);
  GstMapInfo map;
  guint i;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (i = 0; i < SAMPLES * CHANNELS; i++)
    ((gdouble *) map.data)[i] = seq * 1000.0 + i;
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = seq * GST_MSECOND;
  GST_BUFFER_DURATION (buf) = GST_MSECOND;
  gst_sl_buffer_set_seq (buf, seq);
  return buf;
}

static guint64
frame_seq (GstBuffer *buf)
{
  guint64 seq = G_MAXUINT64;

  fail_unless (gst_sl_buffer_get_seq (buf, &seq));
  return seq;
}

static GstHarness *
chaos_harness (const gchar *props)
{
  gchar *desc = g_strdup_printf ("slchaos %s", props);
  GstHarness *h = gst_harness_new_parse (desc);

  g_free (desc);
  gst_harness_set_src_caps_str (h, CAPS);
  gst_harness_play (h);
  return h;
}

static guint64
get_u64 (GstHarness *h, const gchar *prop)
{
  guint64 v;
  GstElement *e = gst_harness_find_element (h, "slchaos");

  g_object_get (e, prop, &v, NULL);
  gst_object_unref (e);
  return v;
}

GST_START_TEST (test_drop_every)
{
  GstHarness *h = chaos_harness ("mode=drop every=7");
  guint64 seq, expected = 0;
  guint n_out = 0;

  for (seq = 0; seq < 100; seq++)
    fail_unless_equals_int (gst_harness_push (h, make_frame (seq)),
        GST_FLOW_OK);
  /* out: every seq but 6, 13, ..., 97 */
  while (gst_harness_buffers_in_queue (h) > 0) {
    GstBuffer *buf = gst_harness_pull (h);

    if ((expected + 1) % 7 == 0)
      expected++;
    fail_unless_equals_uint64 (frame_seq (buf), expected);
    expected++;
    n_out++;
    gst_buffer_unref (buf);
  }
  fail_unless_equals_int (n_out, 100 - 100 / 7);
  fail_unless_equals_uint64 (get_u64 (h, "injected"), 100 / 7);
  fail_unless_equals_uint64 (get_u64 (h, "dropped"), 100 / 7);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_corrupt_at)
{
  GstHarness *h = chaos_harness ("mode=corrupt at=\"<(guint64)3, "
                                 "(guint64)7>\"");
  guint64 seq;

  for (seq = 0; seq < 10; seq++) {
    GstBuffer *in = make_frame (seq), *out;
    GstMapInfo map;
    guint i;

    /* keep a ref: the element must not write into a shared frame */
    gst_buffer_ref (in);
    fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
    out = gst_harness_pull (h);
    fail_unless_equals_uint64 (frame_seq (out), seq);
    gst_buffer_map (out, &map, GST_MAP_READ);
    for (i = 0; i < SAMPLES * CHANNELS; i++) {
      gdouble v = ((gdouble *) map.data)[i];

      if (seq == 3 || seq == 7)
        fail_unless (isnan (v));
      else
        fail_unless_equals_float (v, seq * 1000.0 + i);
    }
    gst_buffer_unmap (out, &map);
    /* the input frame we still hold is intact */
    gst_buffer_map (in, &map, GST_MAP_READ);
    fail_unless_equals_float (((gdouble *) map.data)[5], seq * 1000.0 + 5);
    gst_buffer_unmap (in, &map);
    gst_buffer_unref (in);
    gst_buffer_unref (out);
  }
  fail_unless_equals_uint64 (get_u64 (h, "injected"), 2);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* The selected set for a probability and seed, as a bitmap over 10000
 * frames. */
static guint
select_run (const gchar *props, guint8 *selected)
{
  GstHarness *h = chaos_harness (props);
  guint64 seq;
  guint n = 0;

  memset (selected, 1, 10000);
  for (seq = 0; seq < 10000; seq++)
    gst_harness_push (h, make_frame (seq));
  while (gst_harness_buffers_in_queue (h) > 0) {
    GstBuffer *buf = gst_harness_pull (h);

    selected[frame_seq (buf)] = 0;
    gst_buffer_unref (buf);
  }
  for (seq = 0; seq < 10000; seq++)
    n += selected[seq];
  fail_unless_equals_uint64 (get_u64 (h, "injected"), n);
  gst_harness_teardown (h);
  return n;
}

GST_START_TEST (test_probability_deterministic)
{
  static guint8 a[10000], b[10000], c[10000];
  guint na, nb, nc;

  na = select_run ("mode=drop probability=0.1 seed=1", a);
  nb = select_run ("mode=drop probability=0.1 seed=1", b);
  nc = select_run ("mode=drop probability=0.1 seed=2", c);
  /* same seed, same frames; another seed, other frames */
  fail_unless_equals_int (na, nb);
  fail_unless (memcmp (a, b, sizeof (a)) == 0);
  fail_unless (memcmp (a, c, sizeof (a)) != 0);
  /* binomial(10000, 0.1): mean 1000, sd 30; within 5 sd */
  fail_unless (na > 850 && na < 1150, "%u selected", na);
  fail_unless (nc > 850 && nc < 1150, "%u selected", nc);
}

GST_END_TEST;

GST_START_TEST (test_error_mode)
{
  GstHarness *h = chaos_harness ("mode=error at=\"<(guint64)1>\"");
  GstBus *bus = gst_bus_new ();
  GstElement *e = gst_harness_find_element (h, "slchaos");
  GstMessage *msg;
  GError *err = NULL;

  gst_element_set_bus (e, bus);
  fail_unless_equals_int (gst_harness_push (h, make_frame (0)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h, make_frame (1)), GST_FLOW_ERROR);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (g_error_matches (err, GST_STREAM_ERROR,
      GST_STREAM_ERROR_FAILED));
  fail_unless_equals_string (err->message, "Fault injected by slchaos.");
  g_error_free (err);
  gst_message_unref (msg);
  fail_unless_equals_int (gst_harness_push (h, make_frame (2)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 2);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_retry_attempts)
{
  GstHarness *h = chaos_harness ("mode=drop at=\"<(guint64)1>\"");
  GstElement *e = gst_harness_find_element (h, "slchaos");

  gst_harness_push (h, make_frame (0));
  gst_harness_push (h, make_frame (1)); /* dropped */
  gst_harness_push (h, make_frame (1)); /* second attempt: passes */
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 2);
  fail_unless_equals_uint64 (get_u64 (h, "injected"), 1);

  g_object_set (e, "persistent", TRUE, NULL);
  {
    GValue arr = G_VALUE_INIT, v = G_VALUE_INIT;

    gst_value_array_init (&arr, 1);
    g_value_init (&v, G_TYPE_UINT64);
    g_value_set_uint64 (&v, 2);
    gst_value_array_append_and_take_value (&arr, &v);
    g_object_set_property (G_OBJECT (e), "at", &arr);
    g_value_unset (&arr);
  }
  gst_harness_push (h, make_frame (2));
  gst_harness_push (h, make_frame (2));
  gst_harness_push (h, make_frame (2));
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 2);
  fail_unless_equals_uint64 (get_u64 (h, "injected"), 4);
  gst_object_unref (e);
  gst_harness_teardown (h);
}

GST_END_TEST;

typedef struct
{
  GstHarness *h;
  GstFlowReturn ret;
} PushCtx;

static gpointer
push_thread (gpointer data)
{
  PushCtx *ctx = data;

  ctx->ret = gst_harness_push (ctx->h, make_frame (0));
  return NULL;
}

GST_START_TEST (test_stall_until_flush)
{
  GstHarness *h = chaos_harness ("mode=stall every=1");
  PushCtx ctx = { h, GST_FLOW_OK };
  GThread *t;

  t = g_thread_new ("push", push_thread, &ctx);
  /* wait until the frame is held */
  while (get_u64 (h, "injected") == 0)
    g_thread_yield ();
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  gst_harness_push_event (h, gst_event_new_flush_start ());
  g_thread_join (t);
  fail_unless_equals_int (ctx.ret, GST_FLOW_FLUSHING);
  gst_harness_push_event (h, gst_event_new_flush_stop (TRUE));
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_delay_passes)
{
  GstHarness *h = chaos_harness ("mode=delay delay-ms=5 every=2");
  guint64 seq;

  for (seq = 0; seq < 6; seq++)
    fail_unless_equals_int (gst_harness_push (h, make_frame (seq)),
        GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 6);
  fail_unless_equals_uint64 (get_u64 (h, "injected"), 3);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
slchaos_suite (void)
{
  Suite *s = suite_create ("slchaos");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_drop_every);
  tcase_add_test (tc, test_corrupt_at);
  tcase_add_test (tc, test_probability_deterministic);
  tcase_add_test (tc, test_error_mode);
  tcase_add_test (tc, test_retry_attempts);
  tcase_add_test (tc, test_stall_until_flush);
  tcase_add_test (tc, test_delay_passes);
  return s;
}

GST_CHECK_MAIN (slchaos);
