/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include <stdio.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/audio/audio.h>

#include "gstslmeta.h"

/* Runs @push with stdout sent to a file; returns what was printed. */
static gchar *
capture (void (*push) (GstHarness *h), const gchar *launch, const gchar *caps)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), "slprint-XXXXXX", NULL);
  gint fd = g_mkstemp (path), saved;
  GstHarness *h;
  gchar *out = NULL;

  fail_unless (fd >= 0);
  fflush (stdout);
  saved = dup (STDOUT_FILENO);
  dup2 (fd, STDOUT_FILENO);
  h = gst_harness_new_parse (launch);
  gst_harness_set_src_caps_str (h, caps);
  push (h);
  gst_harness_teardown (h);
  fflush (stdout);
  dup2 (saved, STDOUT_FILENO);
  close (saved);
  close (fd);
  fail_unless (g_file_get_contents (path, &out, NULL, NULL));
  g_unlink (path);
  g_free (path);
  return out;
}

static GstBuffer *
frame_f64 (const gdouble *v, guint n, guint64 seq, GstClockTime pts)
{
  GstBuffer *b = gst_buffer_new_memdup (v, n * sizeof (gdouble));

  GST_BUFFER_PTS (b) = pts;
  gst_sl_buffer_set_seq (b, seq);
  return b;
}

static void
push_planar (GstHarness *h)
{
  /* 2 channels x 3 samples, non-interleaved: plane 0 then plane 1 */
  const gdouble a[] = { 0.5, -0.25, 1.0, 2.0, 3.0, 4.0 };
  const gdouble b[] = { 0.125, 0.0, -1.0, -2.0, -3.0, -4.0 };
  GstBuffer *buf;

  buf = frame_f64 (a, 6, 7, 1000 * GST_USECOND);
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  buf = gst_buffer_new_memdup (b, sizeof (b));
  GST_BUFFER_PTS (buf) = GST_CLOCK_TIME_NONE;
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
}

static void
push_interleaved_f32 (GstHarness *h)
{
  const gfloat a[] = { 0.5f, 2.0f, -0.25f, 3.0f };
  GstBuffer *buf = gst_buffer_new_memdup (a, sizeof (a));

  GST_BUFFER_PTS (buf) = 0;
  gst_sl_buffer_set_seq (buf, 0);
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
}

GST_START_TEST (test_lines)
{
  gchar *out;

  out = capture (push_interleaved_f32, "slprint label=x max-samples=1",
      "audio/x-raw,format=F32LE,layout=interleaved,rate=48000,channels=2");
  fail_unless_equals_string (out,
      "x seq=0 ts_us=0 channels=2 samples=2 "
      "[0: 0.500000] [1: 2.000000]\n");
  g_free (out);
}

GST_END_TEST;

GST_START_TEST (test_planar_and_missing_meta)
{
  gchar *out;

  out = capture (push_planar, "slprint name=p max-samples=2",
      "audio/x-raw,format=F64LE,layout=non-interleaved,rate=8000,channels=2");
  fail_unless_equals_string (out,
      "p seq=7 ts_us=1000 channels=2 samples=3 [0: 0.500000 -0.250000] "
      "[1: 2.000000 3.000000]\n"
      "p seq=- ts_us=- channels=2 samples=3 [0: 0.125000 0.000000] "
      "[1: -2.000000 -3.000000]\n");
  g_free (out);
}

GST_END_TEST;

GST_START_TEST (test_with_source)
{
  GstElement *pipe;
  GstBus *bus;
  GstMessage *m;
  gchar *path = g_build_filename (g_get_tmp_dir (), "slprint-XXXXXX", NULL);
  gint fd = g_mkstemp (path), saved;
  gchar *out = NULL, **lines;

  fflush (stdout);
  saved = dup (STDOUT_FILENO);
  dup2 (fd, STDOUT_FILENO);
  pipe = gst_parse_launch ("slsinesrc num-buffers=4 samplesperbuffer=8 ! "
                           "slprint label=s max-samples=0",
      NULL);
  bus = gst_element_get_bus (pipe);
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless_equals_int (GST_MESSAGE_TYPE (m), GST_MESSAGE_EOS);
  gst_message_unref (m);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  fflush (stdout);
  dup2 (saved, STDOUT_FILENO);
  close (saved);
  close (fd);
  fail_unless (g_file_get_contents (path, &out, NULL, NULL));
  lines = g_strsplit (out, "\n", -1);
  fail_unless_equals_int (g_strv_length (lines), 5);
  /* 8 samples at 48 kHz: 166.666 us per frame */
  fail_unless_equals_string (lines[0],
      "s seq=0 ts_us=0 channels=1 samples=8 [0:]");
  fail_unless_equals_string (lines[3],
      "s seq=3 ts_us=500 channels=1 samples=8 [0:]");
  g_strfreev (lines);
  g_free (out);
  g_unlink (path);
  g_free (path);
}

GST_END_TEST;

static Suite *
slprint_suite (void)
{
  Suite *s = suite_create ("slprint");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_lines);
  tcase_add_test (tc, test_planar_and_missing_meta);
  tcase_add_test (tc, test_with_source);
  return s;
}

GST_CHECK_MAIN (slprint);
