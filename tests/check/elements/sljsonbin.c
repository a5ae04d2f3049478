/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>

#include "gstslmeta.h"

static GstHarness *
json_harness (const gchar *json)
{
  GstElement *bin = gst_element_factory_make ("sljsonbin", NULL);
  GstHarness *h;

  g_object_set (bin, "description", json, NULL);
  h = gst_harness_new_with_element (bin, "sink", "src");
  gst_object_unref (bin);
  return h;
}

/* Open input and output: the bin is a gain node in the middle. */
GST_START_TEST (test_open_ends)
{
  GstHarness *h = json_harness ("{\"nodes\":[{\"id\":\"g\",\"type\":\"gain\","
                                "\"config\":{\"gain\":0.25}}]}");
  const gdouble in[4] = { 1.0, -2.0, 0.5, 4.0 };
  GstBuffer *buf;
  GstMapInfo map;
  guint64 seq;
  guint i;

  gst_harness_set_src_caps_str (h,
      "audio/x-raw,format=F64LE,"
      "layout=interleaved,rate=1000,channels=1");
  buf = gst_buffer_new_memdup (in, sizeof (in));
  gst_sl_buffer_set_seq (buf, 42);
  buf = gst_harness_push_and_pull (h, buf);
  fail_unless (buf != NULL);
  fail_unless (gst_sl_buffer_get_seq (buf, &seq));
  fail_unless_equals_uint64 (seq, 42);
  gst_buffer_map (buf, &map, GST_MAP_READ);
  for (i = 0; i < 4; i++)
    fail_unless (fabs (((gdouble *) map.data)[i] - 0.25 * in[i]) < 1e-7);
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);
  gst_harness_teardown (h);
}

GST_END_TEST;

static void
handoff (GstElement *sink, GstBuffer *buf, GstPad *pad, GArray *seqs)
{
  guint64 seq = G_MAXUINT64;

  gst_sl_buffer_get_seq (buf, &seq);
  g_array_append_val (seqs, seq);
}

/* A source inside: the bin has only an output. */
GST_START_TEST (test_source_inside)
{
  GstElement *pipe = gst_pipeline_new (NULL);
  GstElement *bin = gst_element_factory_make ("sljsonbin", NULL);
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  GArray *seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  GstBus *bus = gst_element_get_bus (pipe);
  GstPad *pad;
  GstMessage *m;
  guint i;

  g_object_set (bin, "description",
      "{\"nodes\":[{\"id\":\"s\",\"type\":"
      "\"sine_generator\",\"config\":{\"num_frames\":3,\"frame_size\":16}}]}",
      NULL);
  pad = gst_element_get_static_pad (bin, "sink");
  fail_unless (pad == NULL);
  g_object_set (sink, "signal-handoffs", TRUE, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (handoff), seqs);
  gst_bin_add_many (GST_BIN (pipe), bin, sink, NULL);
  fail_unless (gst_element_link (bin, sink));
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  m = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless_equals_int (GST_MESSAGE_TYPE (m), GST_MESSAGE_EOS);
  gst_message_unref (m);
  gst_element_set_state (pipe, GST_STATE_NULL);
  fail_unless_equals_int (seqs->len, 3);
  for (i = 0; i < 3; i++)
    fail_unless_equals_uint64 (g_array_index (seqs, guint64, i), i);
  g_array_unref (seqs);
  gst_object_unref (bus);
  gst_object_unref (pipe);
}

GST_END_TEST;

GST_START_TEST (test_invalid)
{
  GstElement *pipe = gst_pipeline_new (NULL);
  GstElement *bin = gst_element_factory_make ("sljsonbin", NULL);
  GstBus *bus = gst_element_get_bus (pipe);
  GstMessage *m;
  GError *err = NULL;
  gchar *dbg = NULL;
  gchar *line = NULL;

  g_object_set (bin, "description",
      "{\"nodes\":[{\"id\":\"a\",\"type\":"
      "\"slsinesrc\",\"config\":{\"num_frames\":1.5e0}}]}",
      NULL);
  g_object_get (bin, "line", &line, NULL);
  fail_unless (line == NULL);
  gst_bin_add (GST_BIN (pipe), bin);
  fail_unless_equals_int (gst_element_set_state (pipe, GST_STATE_READY),
      GST_STATE_CHANGE_FAILURE);
  m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (m != NULL);
  gst_message_parse_error (m, &err, &dbg);
  fail_unless_equals_string (err->message,
      "Invalid JSON pipeline description.");
  fail_unless (g_str_has_suffix (dbg,
                   "description: nodes[0].config."
                   "num_frames: 'num_frames' must be an integer, not 1.5e0"),
      "%s", dbg);
  g_error_free (err);
  g_free (dbg);
  gst_message_unref (m);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipe);
}

GST_END_TEST;

/* One warning message naming @prop, from the bin. */
static void
expect_state_warning (GstBus *bus, const gchar *prop)
{
  GstMessage *m = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
  GError *err = NULL;
  gchar *dbg = NULL, *text;

  fail_unless (m != NULL, "no warning for '%s'", prop);
  gst_message_parse_warning (m, &err, &dbg);
  text = g_strdup_printf ("Property '%s' can only be changed in the NULL or "
                          "READY state; the change is ignored.",
      prop);
  fail_unless_equals_string (err->message, text);
  fail_unless_equals_string (dbg + strlen (dbg) -
          strlen ("the bin is in "
                  "PLAYING"),
      "the bin is in PLAYING");
  fail_unless (err->domain == GST_RESOURCE_ERROR);
  g_free (text);
  g_error_free (err);
  g_free (dbg);
  gst_message_unref (m);
}

/* location, description and sandbox rebuild the contents: refused with a
 * warning while the bin is PAUSED or PLAYING, the running contents
 * untouched; accepted again once the bin is back in READY. */
GST_START_TEST (test_refuses_writes_while_playing)
{
  const gchar *gain = "{\"nodes\":[{\"id\":\"g\",\"type\":\"gain\","
                      "\"config\":{\"gain\":0.5}}]}";
  const gchar *other = "{\"nodes\":[{\"id\":\"g\",\"type\":\"gain\","
                       "\"config\":{\"gain\":2.0}}]}";
  GstHarness *h = json_harness (gain);
  GstElement *bin = h->element;
  GstBus *bus = gst_bus_new ();
  const gdouble in[2] = { 1.0, -4.0 };
  gchar *line = NULL, *line2 = NULL, *desc = NULL;
  gboolean sandbox = FALSE;
  GstBuffer *buf;
  GstMapInfo map;

  gst_harness_set_src_caps_str (h,
      "audio/x-raw,format=F64LE,"
      "layout=interleaved,rate=1000,channels=1");
  g_object_get (bin, "line", &line, NULL);
  fail_unless (line != NULL);

  gst_element_set_bus (bin, bus);
  g_object_set (bin, "description", other, NULL);
  expect_state_warning (bus, "description");
  g_object_set (bin, "location", "/nonexistent.json", NULL);
  expect_state_warning (bus, "location");
  g_object_set (bin, "sandbox", FALSE, NULL);
  expect_state_warning (bus, "sandbox");
  g_object_get (bin, "line", &line2, "description", &desc, "sandbox", &sandbox,
      NULL);
  fail_unless_equals_string (line2, line);
  fail_unless_equals_string (desc, gain);
  fail_unless (sandbox);
  g_free (line2);
  g_free (desc);

  /* the contents built from the first description still run */
  buf = gst_harness_push_and_pull (h, gst_buffer_new_memdup (in, sizeof (in)));
  fail_unless (buf != NULL);
  gst_buffer_map (buf, &map, GST_MAP_READ);
  fail_unless_equals_float (((gdouble *) map.data)[0], 0.5);
  fail_unless_equals_float (((gdouble *) map.data)[1], -2.0);
  gst_buffer_unmap (buf, &map);
  gst_buffer_unref (buf);

  /* back in READY, a write is accepted and rebuilds the contents */
  fail_unless_equals_int (gst_element_set_state (bin, GST_STATE_READY),
      GST_STATE_CHANGE_SUCCESS);
  g_object_set (bin, "description", other, NULL);
  g_object_get (bin, "line", &line2, NULL);
  fail_unless (line2 != NULL);
  fail_if (g_strcmp0 (line2, line) == 0, "line unchanged: %s", line2);
  g_free (line2);
  g_free (line);
  fail_unless (gst_bus_pop_filtered (bus,
                   GST_MESSAGE_WARNING | GST_MESSAGE_ERROR) == NULL,
      "unexpected warning or error");
  gst_harness_teardown (h);
  gst_bus_set_flushing (bus, TRUE);
  gst_object_unref (bus);
}

GST_END_TEST;

/* The error message's debug text when @bin fails to reach READY */
static gchar *
ready_error (GstElement *bin)
{
  GstElement *pipe = gst_pipeline_new (NULL);
  GstBus *bus = gst_element_get_bus (pipe);
  GstMessage *m;
  GError *err = NULL;
  gchar *dbg = NULL;

  gst_bin_add (GST_BIN (pipe), bin);
  fail_unless_equals_int (gst_element_set_state (pipe, GST_STATE_READY),
      GST_STATE_CHANGE_FAILURE);
  m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (m != NULL);
  gst_message_parse_error (m, &err, &dbg);
  g_error_free (err);
  gst_message_unref (m);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  return dbg;
}

GST_START_TEST (test_sandbox_default)
{
  const gchar *desc =
      "{\"nodes\":[{\"id\":\"f\",\"type\":\"filesrc\","
      "\"config\":{\"location\":\"/etc/hostname\"}},{\"id\":\"s\","
      "\"type\":\"fakesink\"}],\"connections\":[{\"from\":\"f\","
      "\"to\":\"s\"}]}";
  GstElement *bin = gst_element_factory_make ("sljsonbin", NULL);
  gboolean sandbox = FALSE;
  gchar *dbg, *line = NULL;

  g_object_get (bin, "sandbox", &sandbox, NULL);
  fail_unless (sandbox);
  g_object_set (bin, "description", desc, NULL);
  dbg = ready_error (bin);
  fail_unless (strstr (dbg,
                   "nodes[0].type: element 'filesrc' is not allowed "
                   "in the sandbox") != NULL,
      "%s", dbg);
  g_free (dbg);

  /* the explicit property allows any element, in either order */
  bin = gst_element_factory_make ("sljsonbin", NULL);
  g_object_set (bin, "description", desc, "sandbox", FALSE, NULL);
  g_object_get (bin, "line", &line, NULL);
  fail_unless (line && g_str_has_prefix (line, "filesrc name=f"), "%s", line);
  g_free (line);
  gst_object_unref (bin);
}

GST_END_TEST;

GST_START_TEST (test_embeds_itself)
{
  gchar *dir = g_dir_make_tmp ("sljsonbin-XXXXXX", NULL);
  gchar *a = g_build_filename (dir, "a.json", NULL);
  gchar *b = g_build_filename (dir, "b.json", NULL);
  gchar *text, *dbg, *expect;
  GstElement *bin;

  /* a.json embeds b.json, which embeds a.json */
  text = g_strdup_printf ("{\"nodes\":[{\"id\":\"x\",\"type\":"
                          "\"sljsonbin\",\"config\":{\"location\":\"%s\"}}],"
                          "\"connections\":[]}",
      b);
  fail_unless (g_file_set_contents (a, text, -1, NULL));
  g_free (text);
  text = g_strdup_printf ("{\"nodes\":[{\"id\":\"y\",\"type\":"
                          "\"sljsonbin\",\"config\":{\"location\":\"%s\"}}],"
                          "\"connections\":[]}",
      a);
  fail_unless (g_file_set_contents (b, text, -1, NULL));
  g_free (text);

  bin = gst_element_factory_make ("sljsonbin", NULL);
  g_object_set (bin, "location", a, NULL);
  dbg = ready_error (bin);
  expect = g_strdup_printf ("the description embeds itself through "
                            "sljsonbin (%s -> %s -> %s)",
      a, b, a);
  fail_unless (strstr (dbg, expect) != NULL, "%s", dbg);
  g_free (expect);
  g_free (dbg);

  /* a FIFO is not read */
  g_unlink (a);
  fail_unless (mkfifo (a, 0600) == 0);
  bin = gst_element_factory_make ("sljsonbin", NULL);
  g_object_set (bin, "location", a, NULL);
  dbg = ready_error (bin);
  fail_unless (strstr (dbg, "not a regular file") != NULL, "%s", dbg);
  g_free (dbg);

  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
  g_free (a);
  g_free (b);
  g_free (dir);
}

GST_END_TEST;

static Suite *
sljsonbin_suite (void)
{
  Suite *s = suite_create ("sljsonbin");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_open_ends);
  tcase_add_test (tc, test_source_inside);
  tcase_add_test (tc, test_invalid);
  tcase_add_test (tc, test_sandbox_default);
  tcase_add_test (tc, test_embeds_itself);
  tcase_add_test (tc, test_refuses_writes_while_playing);
  return s;
}

GST_CHECK_MAIN (sljsonbin);
