/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slsend and slreceive: a recording made and replayed through the URI bins,
 * their counters, and URIs they refuse. */

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>

#include "gstslmeta.h"

static void
on_handoff (GstElement *sink, GstBuffer *b, GstPad *pad, gpointer data)
{
  guint *n = data;
  guint64 seq;

  fail_unless (gst_sl_buffer_get_seq (b, &seq));
  fail_unless_equals_uint64 (seq, *n);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (b, "k"), "v");
  (*n)++;
}

/* Runs @launch to EOS or error; returns the error text or NULL. */
static gchar *
run (GstElement *pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;
  gchar *text = NULL;

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  } else {
    msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  }
  fail_unless (msg != NULL);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    text = g_strdup (err->message);
    g_error_free (err);
  }
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  return text;
}

GST_START_TEST (test_record_replay)
{
  gchar *dir = g_dir_make_tmp ("slsend-XXXXXX", NULL);
  gchar *path = g_build_filename (dir, "rec.slf", NULL);
  gchar *launch, *err, *uri;
  GstElement *p, *rx, *sink;
  guint64 frames, missing;
  gint64 last;
  guint n = 0;

  launch = g_strdup_printf ("slsinesrc num-buffers=25 samplesperbuffer=64 "
                            "metadata=\"m,k=v\" ! slsend name=tx location=%s",
      path);
  p = gst_parse_launch (launch, NULL);
  g_free (launch);
  err = run (p);
  fail_unless (err == NULL, "%s", err);
  {
    GstElement *tx = gst_bin_get_by_name (GST_BIN (p), "tx");

    g_object_get (tx, "frames", &frames, "uri", &uri, NULL);
    fail_unless_equals_uint64 (frames, 25);
    fail_unless (g_str_has_prefix (uri, "file:///"));
    g_free (uri);
    gst_object_unref (tx);
  }
  gst_object_unref (p);

  launch =
      g_strdup_printf ("slreceive name=rx location=%s ! "
                       "fakesink name=sink sync=false signal-handoffs=true",
          path);
  p = gst_parse_launch (launch, NULL);
  g_free (launch);
  sink = gst_bin_get_by_name (GST_BIN (p), "sink");
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), &n);
  gst_element_set_state (p, GST_STATE_PAUSED);
  gst_element_get_state (p, NULL, NULL, GST_CLOCK_TIME_NONE);
  err = run (p);
  fail_unless (err == NULL, "%s", err);
  fail_unless_equals_int (n, 25);
  rx = gst_bin_get_by_name (GST_BIN (p), "rx");
  g_object_get (rx, "frames", &frames, "frames-missing", &missing, "last-seq",
      &last, NULL);
  fail_unless_equals_uint64 (frames, 25);
  fail_unless_equals_uint64 (missing, 0);
  fail_unless_equals_int64 (last, 24);
  gst_object_unref (rx);
  gst_object_unref (sink);
  gst_object_unref (p);

  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}

GST_END_TEST;

GST_START_TEST (test_bad_uri)
{
  const gchar *cases[][2] = {
    { "slsinesrc num-buffers=1 ! slsend uri=http://example.org/x",
        "Unsupported URI 'http://example.org/x': use file:///path, "
        "tcp://host:port, srt://host:port, udp://host:port or fd://N." },
    { "slreceive uri=tcp://127.0.0.1 ! fakesink",
        "Unsupported URI 'tcp://127.0.0.1': use file:///path, "
        "tcp://host:port, srt://host:port, udp://host:port or fd://N." },
    { "slreceive uri=fd://x ! fakesink",
        "Unsupported URI 'fd://x': use file:///path, "
        "tcp://host:port, srt://host:port, udp://host:port or fd://N." },
    { "slreceive ! fakesink",
        "Unsupported URI '': use file:///path, "
        "tcp://host:port, srt://host:port, udp://host:port or fd://N." },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    GstElement *p = gst_parse_launch (cases[i][0], NULL);
    gchar *err;

    fail_unless (p != NULL);
    err = run (p);
    fail_unless_equals_string (err, cases[i][1]);
    g_free (err);
    gst_object_unref (p);
  }
}

GST_END_TEST;

static Suite *
slsend_suite (void)
{
  Suite *s = suite_create ("slsend");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_record_replay);
  tcase_add_test (tc, test_bad_uri);
  return s;
}

GST_CHECK_MAIN (slsend);
