/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The slmetrics tracer's memory stays bounded however many elements come
 * and go: records of stopped elements beyond `max-retired` are let go (and
 * leave the reports), pad records of removed pads and stopped elements are
 * freed, request pad slots are reused. main() enables the tracer with
 * max-retired=16 and a JSON file; SL_STRESS_SCALE multiplies the counts
 * (the `stress` suite runs it with 10: 5000 branches). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <json-glib/json-glib.h>

#define MAX_RETIRED 16

static gchar *json_path;
static guint scale = 1;

static GObject *
tracer (void)
{
  GList *l, *all = gst_tracing_get_active_tracers ();
  GObject *found = NULL;

  for (l = all; l; l = l->next)
    if (g_strcmp0 (G_OBJECT_TYPE_NAME (l->data), "GstSlMetricsTracer") == 0)
      found = g_object_ref (l->data);
  g_list_free_full (all, gst_object_unref);
  fail_unless (found != NULL, "slmetrics is not active");
  return found;
}

static guint
tracer_uint (const gchar *prop)
{
  GObject *t = tracer ();
  guint v;

  g_object_get (t, prop, &v, NULL);
  g_object_unref (t);
  return v;
}

/* the "elements" object of the JSON file's last line */
static JsonParser *
last_report (JsonObject **elements)
{
  gchar *text = NULL, *last, *end;
  JsonParser *parser = json_parser_new ();

  fail_unless (g_file_get_contents (json_path, &text, NULL, NULL));
  end = text + strlen (text);
  fail_unless (end > text && end[-1] == '\n');
  end[-1] = '\0';
  last = strrchr (text, '\n');
  last = last ? last + 1 : text;
  fail_unless (json_parser_load_from_data (parser, last, -1, NULL));
  *elements = json_object_get_object_member (
      json_node_get_object (json_parser_get_root (parser)), "elements");
  g_free (text);
  return parser;
}

static void
wait_frames (GstElement *sink, gint min)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint64 rendered = 0;
  GstStructure *st;

  while (g_get_monotonic_time () < deadline) {
    g_object_get (sink, "stats", &st, NULL);
    gst_structure_get_uint64 (st, "rendered", &rendered);
    gst_structure_free (st);
    if (rendered >= (guint64) min)
      return;
    g_usleep (200);
  }
  fail ("branch got no frame");
}

/* Branches added to a running tee and released, each with its own names:
 * the tracer keeps at most max-retired of their records, frees their pad
 * records, and follows the tee's newest pads by reusing released slots. */
GST_START_TEST (test_released_branches)
{
  GstElement *pipeline, *tee;
  GstBus *bus;
  JsonParser *parser;
  JsonObject *elements, *pads;
  guint i, n = 500 * scale, n_elements;
  gchar *last_pad = NULL;

  pipeline =
      gst_parse_launch ("slsinesrc samplesperbuffer=64 ! tee name=t "
                        "allow-not-linked=true t. ! queue ! fakesink name=keep",
          NULL);
  fail_unless (pipeline != NULL);
  tee = gst_bin_get_by_name (GST_BIN (pipeline), "t");
  bus = gst_element_get_bus (pipeline);
  fail_if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  fail_unless_equals_int (gst_element_get_state (pipeline, NULL, NULL,
                              GST_CLOCK_TIME_NONE),
      GST_STATE_CHANGE_SUCCESS);

  for (i = 0; i < n; i++) {
    gchar *qn = g_strdup_printf ("bq%u", i), *sn = g_strdup_printf ("bs%u", i);
    GstElement *q = gst_element_factory_make ("queue", qn);
    GstElement *s = gst_element_factory_make ("fakesink", sn);
    GstPad *src = gst_element_request_pad_simple (tee, "src_%u");
    GstPad *sink = gst_element_get_static_pad (q, "sink");

    g_object_set (s, "async", FALSE, NULL);
    gst_bin_add_many (GST_BIN (pipeline), q, s, NULL);
    fail_unless (gst_element_link (q, s));
    /* running before the tee pushes into it (a flushing pad would stop
     * the source) */
    gst_element_sync_state_with_parent (s);
    gst_element_sync_state_with_parent (q);
    fail_unless_equals_int (gst_pad_link (src, sink), GST_PAD_LINK_OK);
    wait_frames (s, 2);

    /* release: unlink, stop, remove */
    g_free (last_pad);
    last_pad = gst_pad_get_name (src);
    gst_pad_unlink (src, sink);
    gst_element_release_request_pad (tee, src);
    gst_element_set_state (q, GST_STATE_NULL);
    gst_element_set_state (s, GST_STATE_NULL);
    gst_bin_remove_many (GST_BIN (pipeline), q, s, NULL);
    gst_object_unref (src);
    gst_object_unref (sink);
    g_free (qn);
    g_free (sn);

    /* bounded all along: the running elements (src, its capsfilter, tee,
     * queue, sink: 5 + the pipeline-less records: 0) and max-retired */
    fail_unless (tracer_uint ("records") <= 6 + MAX_RETIRED,
        "%u records "
        "after %u branches",
        tracer_uint ("records"), i + 1);
    fail_unless (tracer_uint ("pad-refs") <= 16,
        "%u pad records after %u "
        "branches",
        tracer_uint ("pad-refs"), i + 1);
  }
  {
    GstMessage *err = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

    fail_if (err != NULL, "error from %s",
        err ? GST_MESSAGE_SRC_NAME (err) : "");
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  fail_unless_equals_int (tracer_uint ("pad-refs"), 0);

  /* the final report lists at most max-retired of the stopped elements */
  parser = last_report (&elements);
  n_elements = json_object_get_size (elements);
  fail_unless (n_elements <= MAX_RETIRED, "%u elements reported", n_elements);
  /* the newest branch pad was followed: a released pad's slot was reused */
  fail_unless (json_object_has_member (elements, "t"));
  pads = json_object_get_object_member (json_object_get_object_member (elements,
                                            "t"),
      "pads");
  fail_unless (json_object_has_member (pads, last_pad), "%s not followed",
      last_pad);
  fail_unless (json_object_get_size (pads) <= 32);
  g_object_unref (parser);

  g_free (last_pad);
  gst_object_unref (bus);
  gst_object_unref (tee);
  gst_object_unref (pipeline);
}

GST_END_TEST;

/* The same pipeline started again and again (a pool, a restarted child):
 * its records are taken up again, nothing grows, counts accumulate. */
GST_START_TEST (test_restarts)
{
  GstElement *pipeline;
  JsonParser *parser;
  JsonObject *elements;
  guint i, n = 200 * scale, records = 0;

  pipeline = gst_parse_launch ("slsinesrc name=rs num-buffers=2 "
                               "samplesperbuffer=64 ! identity name=ri ! "
                               "fakesink name=rk",
      NULL);
  fail_unless (pipeline != NULL);
  for (i = 0; i < n; i++) {
    GstBus *bus = gst_element_get_bus (pipeline);
    GstMessage *msg;

    gst_element_set_state (pipeline, GST_STATE_PLAYING);
    msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
    gst_message_unref (msg);
    gst_object_unref (bus);
    gst_element_set_state (pipeline, GST_STATE_NULL);
    fail_unless_equals_int (tracer_uint ("pad-refs"), 0);
    if (i == 0)
      records = tracer_uint ("records");
    else
      fail_unless_equals_int (tracer_uint ("records"), records);
  }
  parser = last_report (&elements);
  fail_unless_equals_int (json_object_get_int_member (
                              json_object_get_object_member (elements, "ri"),
                              "frames_processed"),
      2 * n);
  g_object_unref (parser);
  gst_object_unref (pipeline);
}

GST_END_TEST;

static Suite *
slmetrics_bounds_suite (void)
{
  Suite *s = suite_create ("slmetrics-bounds");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_restarts);
  tcase_add_test (tc, test_released_branches);
  return s;
}

int
main (int argc, char **argv)
{
  const gchar *prev = g_getenv ("GST_TRACERS");
  const gchar *sc = g_getenv ("SL_STRESS_SCALE");
  gchar *tracers;
  Suite *s;
  int ret;

  if (sc)
    scale = (int) MAX (1, g_ascii_strtoll (sc, NULL, 10));
  json_path = g_strdup_printf ("%s/slmetrics-bounds-%d.jsonl", g_get_tmp_dir (),
      (int) getpid ());
  tracers = g_strdup_printf ("%s%sslmetrics(json-file=%s,table=false,"
                             "max-retired=%d)",
      prev && *prev ? prev : "", prev && *prev ? ";" : "", json_path,
      MAX_RETIRED);
  g_setenv ("GST_TRACERS", tracers, TRUE);
  g_free (tracers);

  gst_check_init (&argc, &argv);
  s = slmetrics_bounds_suite ();
  ret = gst_check_run_suite (s, "slmetrics-bounds", __FILE__);
  g_unlink (json_path);
  g_free (json_path);
  return ret;
}
