/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The slmetrics tracer. It has to be enabled before gst_init: main() adds
 * it to GST_TRACERS (keeping any tracer already there, such as leaks) with
 * a JSON and a Prometheus file of its own, and each test runs a pipeline to
 * its end, then reads the last JSON line and the Prometheus file. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <json-glib/json-glib.h>

#include "gstslmeta.h"

static gchar *json_path;
static gchar *prom_path;

/* bytes of one mono F64 frame of 1024 samples */
#define FRAME_BYTES (1024 * 8)

/* Runs @launch until EOS (or ERROR when @expect_error), then to NULL. */
static void
run_pipeline (const gchar *launch, gboolean expect_error)
{
  GError *err = NULL;
  GstElement *pipeline = gst_parse_launch (launch, &err);
  GstBus *bus;
  GstMessage *msg;

  fail_unless (pipeline != NULL, "cannot build '%s': %s", launch,
      err ? err->message : "?");
  g_clear_error (&err);
  bus = gst_element_get_bus (pipeline);
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_PLAYING),
      GST_STATE_CHANGE_ASYNC);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg),
      expect_error ? GST_MESSAGE_ERROR : GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
}

/* Runs @pipeline (taken) until ERROR, then to NULL. */
static void
run_pipeline_object (GstElement *pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_ERROR);
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
}

/* The last line of the JSON file, parsed; the "elements" object. */
static JsonParser *
read_last_snapshot (JsonObject **root, JsonObject **elements)
{
  gchar *text = NULL, **lines;
  JsonParser *parser = json_parser_new ();
  GError *err = NULL;
  gint last;
  JsonNode *node;

  fail_unless (g_file_get_contents (json_path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  last = g_strv_length (lines) - 1;
  /* every line ends with \n: the last piece is empty */
  fail_unless (last >= 1);
  fail_unless_equals_string (lines[last], "");
  fail_unless (json_parser_load_from_data (parser, lines[last - 1], -1, &err),
      "line does not parse: %s", err ? err->message : "?");
  node = json_parser_get_root (parser);
  fail_unless (JSON_NODE_HOLDS_OBJECT (node));
  *root = json_node_get_object (node);
  fail_unless (json_object_has_member (*root, "elements"));
  *elements = json_object_get_object_member (*root, "elements");
  g_strfreev (lines);
  g_free (text);
  return parser;
}

static JsonObject *
element_of (JsonObject *elements, const gchar *name)
{
  fail_unless (json_object_has_member (elements, name), "no element %s", name);
  return json_object_get_object_member (elements, name);
}

static gint64
member_int (JsonObject *o, const gchar *name)
{
  JsonNode *n = json_object_get_member (o, name);

  fail_unless (n != NULL, "no member %s", name);
  fail_unless (json_node_get_value_type (n) == G_TYPE_INT64,
      "%s is not an integer", name);
  return json_node_get_int (n);
}

static gdouble
member_number (JsonObject *o, const gchar *name)
{
  JsonNode *n = json_object_get_member (o, name);

  fail_unless (n != NULL, "no member %s", name);
  fail_unless (JSON_NODE_HOLDS_VALUE (n));
  fail_unless (json_node_get_value_type (n) == G_TYPE_INT64 ||
          json_node_get_value_type (n) == G_TYPE_DOUBLE,
      "%s is not a number", name);
  return json_node_get_double (n);
}

static void
check_latency_ordered (JsonObject *el, gint64 samples)
{
  JsonObject *lat = json_object_get_object_member (el, "latency_us");
  gdouble p50 = member_number (lat, "p50");
  gdouble p99 = member_number (lat, "p99");
  gdouble max = member_number (lat, "max");

  fail_unless_equals_int64 (member_int (el, "latency_samples"), samples);
  if (samples == 0) {
    fail_unless (p50 == 0 && p99 == 0 && max == 0);
    fail_unless (member_number (el, "total_latency_us") == 0);
    return;
  }
  fail_unless (p50 > 0, "p50 %f", p50);
  fail_unless (p50 <= p99, "p50 %f > p99 %f", p50, p99);
  fail_unless (p99 <= max, "p99 %f > max %f", p99, max);
  /* the sum of the samples is at least the largest one, at most n of it */
  fail_unless (member_number (el, "total_latency_us") >= max - 0.001);
  fail_unless (member_number (el, "total_latency_us") <= max * samples + 0.001);
}

static void
check_frames (JsonObject *elements, const gchar *name, gint64 frames,
    gint64 errors)
{
  JsonObject *el = element_of (elements, name);

  fail_unless_equals_int64 (member_int (el, "frames_processed"), frames);
  fail_unless_equals_int64 (member_int (el, "bytes"), frames * FRAME_BYTES);
  fail_unless_equals_int64 (member_int (el, "errors_count"), errors);
  fail_unless_equals_int64 (member_int (el, "errors_count"),
      member_int (el, "flow_errors") + member_int (el, "error_messages"));
}

static JsonObject *
pad_of (JsonObject *elements, const gchar *el, const gchar *pad)
{
  JsonObject *pads =
      json_object_get_object_member (element_of (elements, el), "pads");

  fail_unless (json_object_has_member (pads, pad), "no pad %s:%s", el, pad);
  return json_object_get_object_member (pads, pad);
}

#define N_LINEAR 50
/* element names carry a prefix per test, so that tests also pass when
 * they share one process (CK_FORK=no) */
#define LINEAR_LAUNCH(p) \
  "slsinesrc name=" p "_src num-buffers=50 " \
  "samplesperbuffer=1024 ! identity name=" p "_id ! queue name=" p "_q ! " \
  "fakesink name=" p "_sink"

GST_START_TEST (test_counts_linear)
{
  JsonObject *root, *elements, *id;
  JsonParser *parser;
  const gchar *names[] = { "c_src", "c_id", "c_q", "c_sink" };
  guint i;

  run_pipeline (LINEAR_LAUNCH ("c"), FALSE);
  parser = read_last_snapshot (&root, &elements);

  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    JsonObject *el = element_of (elements, names[i]);

    check_frames (elements, names[i], N_LINEAR, 0);
    fail_unless (member_number (el, "throughput_fps") > 0);
    /* a source has no latency: frames do not enter it */
    check_latency_ordered (el, i == 0 ? 0 : N_LINEAR);
  }
  fail_unless_equals_string (
      json_object_get_string_member (element_of (elements, "c_q"), "factory"),
      "queue");

  /* per pad */
  fail_unless_equals_int64 (member_int (pad_of (elements, "c_id", "sink"),
                                "frames"),
      N_LINEAR);
  fail_unless_equals_int64 (member_int (pad_of (elements, "c_id", "src"),
                                "frames"),
      N_LINEAR);
  fail_unless_equals_int64 (member_int (pad_of (elements, "c_id", "src"),
                                "latency_samples"),
      N_LINEAR);
  fail_unless_equals_int64 (member_int (pad_of (elements, "c_src", "src"),
                                "bytes"),
      N_LINEAR * FRAME_BYTES);

  /* the element's own counters: identity's stats, queue's level */
  id = element_of (elements, "c_id");
  fail_unless (json_object_has_member (id, "stats"));
  fail_unless_equals_int64 (member_int (json_object_get_object_member (id,
                                            "stats"),
                                "num-buffers"),
      N_LINEAR);
  fail_unless_equals_int64 (member_int (element_of (elements, "c_q"),
                                "queue_level"),
      0);
  g_object_unref (parser);
}

GST_END_TEST;

/* Frames leave a tee on two threads (queues): matched by their seq. */
GST_START_TEST (test_counts_tee)
{
  JsonObject *root, *elements, *tee;
  JsonParser *parser;

  run_pipeline ("slsinesrc name=t_src num-buffers=40 ! tee name=t_tee "
                "t_tee. ! queue name=t_qa ! fakesink name=t_sa "
                "t_tee. ! queue name=t_qb ! fakesink name=t_sb",
      FALSE);
  parser = read_last_snapshot (&root, &elements);

  check_frames (elements, "t_src", 40, 0);
  check_frames (elements, "t_tee", 40, 0);
  tee = element_of (elements, "t_tee");
  /* one latency sample per frame and branch */
  check_latency_ordered (tee, 80);
  fail_unless_equals_int64 (member_int (pad_of (elements, "t_tee", "src_0"),
                                "frames"),
      40);
  fail_unless_equals_int64 (member_int (pad_of (elements, "t_tee", "src_1"),
                                "frames"),
      40);
  fail_unless_equals_int64 (member_int (pad_of (elements, "t_tee", "src_1"),
                                "latency_samples"),
      40);
  check_frames (elements, "t_qa", 40, 0);
  check_frames (elements, "t_qb", 40, 0);
  check_latency_ordered (element_of (elements, "t_qa"), 40);
  check_latency_ordered (element_of (elements, "t_qb"), 40);
  check_frames (elements, "t_sa", 40, 0);
  check_frames (elements, "t_sb", 40, 0);
  g_object_unref (parser);
}

GST_END_TEST;

/* identity posts an ERROR message and returns a flow error on its 5th
 * buffer: counted once, for identity only. */
GST_START_TEST (test_error_message)
{
  JsonObject *root, *elements, *id;
  JsonParser *parser;

  run_pipeline ("slsinesrc name=e_src num-buffers=20 ! identity name=e_id "
                "error-after=5 ! fakesink name=e_sink",
      TRUE);
  parser = read_last_snapshot (&root, &elements);

  check_frames (elements, "e_src", 5, 0);
  check_frames (elements, "e_id", 5, 1);
  id = element_of (elements, "e_id");
  fail_unless_equals_int64 (member_int (id, "error_messages"), 1);
  fail_unless_equals_int64 (member_int (id, "flow_errors"), 0);
  check_frames (elements, "e_sink", 4, 0);
  g_object_unref (parser);
}

GST_END_TEST;

static GstPadProbeReturn
fail_third (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  gint *n = user_data;

  if (++*n < 3)
    return GST_PAD_PROBE_OK;
  gst_buffer_unref (GST_PAD_PROBE_INFO_BUFFER (info));
  GST_PAD_PROBE_INFO_FLOW_RETURN (info) = GST_FLOW_ERROR;
  return GST_PAD_PROBE_HANDLED;
}

/* A flow error without message, returned by the sink's pad on the third
 * buffer: counted for the sink; not for identity, which passes it on, nor
 * for the source, whose "streaming stopped" message reports it. */
GST_START_TEST (test_flow_error)
{
  JsonObject *root, *elements, *sink;
  JsonParser *parser;
  GstElement *pipeline, *el;
  GstPad *pad;
  GstBus *bus;
  GstMessage *msg;
  gint n = 0;

  pipeline = gst_parse_launch ("slsinesrc name=f_src num-buffers=20 ! "
                               "identity name=f_id ! fakesink name=f_sink",
      NULL);
  fail_unless (pipeline != NULL);
  el = gst_bin_get_by_name (GST_BIN (pipeline), "f_sink");
  pad = gst_element_get_static_pad (el, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, fail_third, &n, NULL);
  gst_object_unref (pad);
  gst_object_unref (el);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_ERROR);
  fail_unless (GST_MESSAGE_SRC (msg) ==
      GST_OBJECT (gst_bin_get_by_name (GST_BIN (pipeline), "f_src")));
  gst_object_unref (GST_MESSAGE_SRC (msg));
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  parser = read_last_snapshot (&root, &elements);
  check_frames (elements, "f_src", 3, 0);
  check_frames (elements, "f_id", 3, 0);
  check_frames (elements, "f_sink", 3, 1);
  sink = element_of (elements, "f_sink");
  fail_unless_equals_int64 (member_int (sink, "flow_errors"), 1);
  fail_unless_equals_int64 (member_int (sink, "error_messages"), 0);
  g_object_unref (parser);

  /* the same across a queue: the error reaches the source on another
   * thread, and the queue's own "streaming stopped" message is not counted */
  n = 0;
  pipeline = gst_parse_launch ("slsinesrc name=fq_src num-buffers=20 ! "
                               "queue name=fq_q ! fakesink name=fq_sink",
      NULL);
  fail_unless (pipeline != NULL);
  el = gst_bin_get_by_name (GST_BIN (pipeline), "fq_sink");
  pad = gst_element_get_static_pad (el, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, fail_third, &n, NULL);
  gst_object_unref (pad);
  gst_object_unref (el);
  run_pipeline_object (pipeline);

  parser = read_last_snapshot (&root, &elements);
  check_frames (elements, "fq_sink", 3, 1);
  fail_unless_equals_int64 (member_int (element_of (elements, "fq_q"),
                                "errors_count"),
      0);
  fail_unless_equals_int64 (member_int (element_of (elements, "fq_src"),
                                "errors_count"),
      0);
  g_object_unref (parser);
}

GST_END_TEST;

/* An element that fails to start: its error is counted, and the tracer
 * does not keep it alive (the leaks tracer checks that in CI). */
GST_START_TEST (test_error_at_start)
{
  JsonObject *root, *elements, *el;
  JsonParser *parser;
  GstElement *pipeline;
  GstBus *bus;
  GstMessage *msg;
  gint n_errors = 0;

  pipeline = gst_parse_launch ("filesrc name=x_src "
                               "location=/nonexistent/slmetrics ! fakesink "
                               "name=x_sink",
      NULL);
  fail_unless (pipeline != NULL);
  bus = gst_element_get_bus (pipeline);
  fail_unless_equals_int (gst_element_set_state (pipeline, GST_STATE_PLAYING),
      GST_STATE_CHANGE_FAILURE);
  /* the ERROR messages that filesrc (and its base class) posted */
  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR))) {
    if (g_str_equal (GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)), "x_src"))
      n_errors++;
    gst_message_unref (msg);
  }
  fail_unless (n_errors >= 1);
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  parser = read_last_snapshot (&root, &elements);
  el = element_of (elements, "x_src");
  fail_unless_equals_int64 (member_int (el, "errors_count"), n_errors);
  fail_unless_equals_int64 (member_int (el, "error_messages"), n_errors);
  fail_unless_equals_int64 (member_int (el, "frames_processed"), 0);
  check_latency_ordered (el, 0);
  fail_unless_equals_int64 (member_int (element_of (elements, "x_sink"),
                                "errors_count"),
      0);
  g_object_unref (parser);
}

GST_END_TEST;

/* A bin: counted through its ghost pads, and an error inside it is the
 * child's, not the bin's. */
GST_START_TEST (test_bin)
{
  JsonObject *root, *elements;
  JsonParser *parser;

  run_pipeline ("slsinesrc name=b_src num-buffers=30 ! "
                "bin.( name=b_bin identity name=b_id ) ! fakesink name=b_sink",
      FALSE);
  parser = read_last_snapshot (&root, &elements);
  check_frames (elements, "b_bin", 30, 0);
  check_latency_ordered (element_of (elements, "b_bin"), 30);
  check_frames (elements, "b_id", 30, 0);
  check_latency_ordered (element_of (elements, "b_id"), 30);
  g_object_unref (parser);

  run_pipeline ("slsinesrc name=be_src num-buffers=30 ! "
                "bin.( name=be_bin identity name=be_id error-after=3 ) ! "
                "fakesink name=be_sink",
      TRUE);
  parser = read_last_snapshot (&root, &elements);
  check_frames (elements, "be_src", 3, 0);
  check_frames (elements, "be_bin", 3, 0);
  check_frames (elements, "be_id", 3, 1);
  check_frames (elements, "be_sink", 2, 0);
  g_object_unref (parser);
}

GST_END_TEST;

/* audioconvert makes a new buffer for each frame; without timestamps the
 * frame is only recognised on the way out by its seq. */
GST_START_TEST (test_seq_correlation)
{
  JsonObject *root, *elements, *el;
  JsonParser *parser;
  GstElement *conv = gst_element_factory_make ("audioconvert", "s_conv");
  GstHarness *h;
  guint i;

  fail_unless (conv != NULL);
  h = gst_harness_new_with_element (conv, "sink", "src");
  gst_harness_set_src_caps_str (h,
      "audio/x-raw,format=F64LE,"
      "layout=interleaved,rate=48000,channels=1");
  gst_harness_set_sink_caps_str (h,
      "audio/x-raw,format=F32LE,"
      "layout=interleaved,rate=48000,channels=1");
  for (i = 0; i < 12; i++) {
    GstBuffer *in = gst_buffer_new_allocate (NULL, FRAME_BYTES, NULL);
    GstBuffer *out;
    guint64 seq;

    gst_buffer_memset (in, 0, 0, FRAME_BYTES);
    gst_sl_buffer_set_seq (in, 100 + i);
    fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
    out = gst_harness_pull (h);
    fail_unless (gst_sl_buffer_get_seq (out, &seq));
    fail_unless_equals_uint64 (seq, 100 + i);
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
  gst_object_unref (conv);

  parser = read_last_snapshot (&root, &elements);
  el = element_of (elements, "s_conv");
  fail_unless_equals_int64 (member_int (el, "frames_processed"), 12);
  fail_unless_equals_int64 (member_int (el, "bytes"), 12 * FRAME_BYTES);
  check_latency_ordered (el, 12);
  fail_unless_equals_int64 (member_int (pad_of (elements, "s_conv", "src"),
                                "bytes"),
      12 * FRAME_BYTES / 2);
  g_object_unref (parser);
}

GST_END_TEST;

static gboolean
in_list (const gchar *s, const gchar *const *list)
{
  return g_strv_contains (list, s);
}

/* The line has exactly the documented keys. */
GST_START_TEST (test_json_keys)
{
  const gchar *const required[] = { "factory", "frames_processed", "bytes",
    "errors_count", "flow_errors", "error_messages", "throughput_fps",
    "latency_samples", "total_latency_us", "latency_us", "pads", NULL };
  const gchar *const optional[] = { "frames_dropped", "queue_level", "stats",
    NULL };
  const gchar *const pad_required[] = { "direction", "frames", "bytes",
    "latency_samples", "total_latency_us", "max_latency_us", NULL };
  const gchar *const pad_optional[] = { "frames_dropped", "queue_level",
    "queue_high_water", NULL };
  const gchar *const quantiles[] = { "p50", "p99", "max", NULL };
  JsonObject *root, *elements;
  JsonParser *parser;
  GList *members, *l, *pl, *pads;
  gint64 now = g_get_real_time ();

  run_pipeline (LINEAR_LAUNCH ("k"), FALSE);
  parser = read_last_snapshot (&root, &elements);

  fail_unless_equals_int (json_object_get_size (root), 2);
  fail_unless (json_object_has_member (root, "timestamp_us"));
  /* wall clock, µs: within a minute of now */
  fail_unless (ABS (member_int (root, "timestamp_us") - now) < 60 * 1000000);

  members = json_object_get_members (elements);
  element_of (elements, "k_src");
  element_of (elements, "k_id");
  element_of (elements, "k_q");
  element_of (elements, "k_sink");

  for (l = members; l; l = l->next) {
    JsonObject *el = json_object_get_object_member (elements, l->data);
    JsonObject *lat = json_object_get_object_member (el, "latency_us");
    GList *keys = json_object_get_members (el), *k;
    guint n_required = 0;

    /* the pipeline itself is not an element of the report */
    fail_if (g_str_equal (json_object_get_string_member (el, "factory"),
        "pipeline"));

    for (k = keys; k; k = k->next) {
      fail_unless (in_list (k->data, required) || in_list (k->data, optional),
          "unexpected key %s", (gchar *) k->data);
      n_required += in_list (k->data, required);
    }
    fail_unless_equals_int (n_required, g_strv_length ((gchar **) required));
    g_list_free (keys);

    fail_unless_equals_int (json_object_get_size (lat), 3);
    for (k = json_object_get_members (lat), pl = k; k; k = k->next)
      fail_unless (in_list (k->data, quantiles));
    g_list_free (pl);

    pads = json_object_get_members (json_object_get_object_member (el, "pads"));
    /* the pads that carried frames */
    if (g_str_has_prefix (l->data, "k_"))
      fail_unless (pads != NULL);
    for (pl = pads; pl; pl = pl->next) {
      JsonObject *pad =
          json_object_get_object_member (json_object_get_object_member (el,
                                             "pads"),
              pl->data);
      GList *pkeys = json_object_get_members (pad);
      guint n = 0;

      for (k = pkeys; k; k = k->next) {
        fail_unless (in_list (k->data, pad_required) ||
                in_list (k->data, pad_optional),
            "unexpected pad key %s", (gchar *) k->data);
        n += in_list (k->data, pad_required);
      }
      fail_unless_equals_int (n, g_strv_length ((gchar **) pad_required));
      g_list_free (pkeys);
    }
    g_list_free (pads);
  }
  g_list_free (members);
  g_object_unref (parser);
}

GST_END_TEST;

/* --- a strict parser of the Prometheus text exposition format --- */

typedef struct
{
  GHashTable *types;  /* family -> type */
  GHashTable *helps;  /* family -> help */
  GHashTable *series; /* "name{labels}" -> value (gdouble *) */
  GHashTable *closed; /* families whose samples ended */
  gchar *current;     /* family of the last line */
} PromFile;

static gboolean
prom_name_ok (const gchar *s)
{
  return g_regex_match_simple ("^[a-zA-Z_:][a-zA-Z0-9_:]*$", s, 0, 0);
}

/* the family a sample belongs to, given the declared types */
static const gchar *
prom_family_of (PromFile *pf, const gchar *name, gchar **owned)
{
  const gchar *suffixes[] = { "_sum", "_count", "_bucket" };
  guint i;

  *owned = NULL;
  if (g_hash_table_contains (pf->types, name))
    return name;
  for (i = 0; i < G_N_ELEMENTS (suffixes); i++) {
    if (g_str_has_suffix (name, suffixes[i])) {
      gchar *base = g_strndup (name, strlen (name) - strlen (suffixes[i]));
      const gchar *t = g_hash_table_lookup (pf->types, base);

      if (t && (g_str_equal (t, "summary") || g_str_equal (t, "histogram"))) {
        *owned = base;
        return base;
      }
      g_free (base);
    }
  }
  return NULL;
}

/* parses `{a="x",b="y"}` at *p; labels into @labels (sorted key=value) */
static gboolean
prom_parse_labels (const gchar **p, GPtrArray *labels)
{
  const gchar *s = *p;

  if (*s != '{')
    return TRUE;
  s++;
  while (*s != '}') {
    const gchar *name = s;
    GString *value = g_string_new (NULL);
    gchar *lname;

    if (!(g_ascii_isalpha (*s) || *s == '_'))
      goto bad;
    while (g_ascii_isalnum (*s) || *s == '_')
      s++;
    lname = g_strndup (name, s - name);
    if (*s++ != '=' || *s++ != '"') {
      g_free (lname);
      goto bad;
    }
    while (*s != '"') {
      if (*s == '\0' || *s == '\n') {
        g_free (lname);
        goto bad;
      }
      if (*s == '\\') {
        s++;
        if (*s == 'n')
          g_string_append_c (value, '\n');
        else if (*s == '\\' || *s == '"')
          g_string_append_c (value, *s);
        else {
          g_free (lname);
          goto bad;
        }
        s++;
      } else {
        g_string_append_c (value, *s++);
      }
    }
    s++;
    g_ptr_array_add (labels, g_strdup_printf ("%s=%s", lname, value->str));
    g_free (lname);
    g_string_free (value, TRUE);
    if (*s == ',')
      s++;
    else if (*s != '}')
      return FALSE;
    continue;
bad:
    g_string_free (value, TRUE);
    return FALSE;
  }
  *p = s + 1;
  return TRUE;
}

static gint
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar **) a, *(const gchar **) b);
}

static void
prom_parse_line (PromFile *pf, const gchar *line, guint lineno)
{
  if (g_str_has_prefix (line, "# HELP ") ||
      g_str_has_prefix (line, "# TYPE ")) {
    gboolean is_type = line[2] == 'T';
    gchar **parts = g_strsplit (line + 7, " ", 2);

    fail_unless (parts[0] && parts[1], "line %u: incomplete", lineno);
    fail_unless (prom_name_ok (parts[0]), "line %u: bad name", lineno);
    if (is_type) {
      const gchar *const types[] = { "counter", "gauge", "summary", "histogram",
        "untyped", NULL };
      fail_unless (in_list (parts[1], types), "line %u: bad type %s", lineno,
          parts[1]);
      fail_if (g_hash_table_contains (pf->types, parts[0]),
          "line %u: second TYPE for %s", lineno, parts[0]);
      fail_unless (g_hash_table_contains (pf->helps, parts[0]),
          "line %u: TYPE before HELP", lineno);
      if (g_str_equal (parts[1], "counter"))
        fail_unless (g_str_has_suffix (parts[0], "_total"),
            "line %u: counter %s without _total", lineno, parts[0]);
      g_hash_table_insert (pf->types, g_strdup (parts[0]), g_strdup (parts[1]));
    } else {
      fail_if (g_hash_table_contains (pf->helps, parts[0]),
          "line %u: second HELP", lineno);
      fail_unless (*parts[1] != '\0');
      g_hash_table_insert (pf->helps, g_strdup (parts[0]), g_strdup (parts[1]));
    }
    if (pf->current && !g_str_equal (pf->current, parts[0]))
      g_hash_table_add (pf->closed, g_strdup (pf->current));
    g_free (pf->current);
    pf->current = g_strdup (parts[0]);
    g_strfreev (parts);
  } else {
    const gchar *p = line, *start = line, *family, *type;
    GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);
    gchar *name, *owned, *end, *joined, *key;
    gdouble value, *pv;
    gboolean has_quantile = FALSE, has_le = FALSE;
    guint i, common = 0;

    fail_if (line[0] == '#', "line %u: unknown comment", lineno);
    while (g_ascii_isalnum (*p) || *p == '_' || *p == ':')
      p++;
    name = g_strndup (start, p - start);
    fail_unless (prom_name_ok (name), "line %u: bad metric name", lineno);
    fail_unless (prom_parse_labels (&p, labels), "line %u: bad labels", lineno);
    fail_unless (*p == ' ', "line %u: no value", lineno);
    p++;
    value = g_ascii_strtod (p, &end);
    fail_unless (end != p && *end == '\0', "line %u: bad value '%s'", lineno,
        p);
    fail_unless (isfinite (value), "line %u: value not finite", lineno);

    family = prom_family_of (pf, name, &owned);
    fail_unless (family != NULL, "line %u: %s has no TYPE", lineno, name);
    fail_unless (g_str_equal (family, pf->current),
        "line %u: %s outside its family", lineno, name);
    fail_if (g_hash_table_contains (pf->closed, family));
    type = g_hash_table_lookup (pf->types, family);
    for (i = 0; i < labels->len;) {
      const gchar *lab = g_ptr_array_index (labels, i);
      has_quantile |= g_str_has_prefix (lab, "quantile=");
      has_le |= g_str_has_prefix (lab, "le=");
      /* every sample names its pipeline, instance and host: checked here,
       * left out of the key */
      if (g_str_has_prefix (lab, "pipeline=") ||
          g_str_has_prefix (lab, "instance=") ||
          g_str_has_prefix (lab, "host=")) {
        if (g_str_has_prefix (lab, "instance="))
          fail_unless_equals_string (lab, "instance=check");
        common++;
        g_ptr_array_remove_index (labels, i);
        continue;
      }
      i++;
    }
    fail_unless_equals_int (common, 3);
    if (g_str_equal (type, "histogram"))
      fail_unless (has_le == g_str_has_suffix (name, "_bucket"),
          "line %u: histogram sample shape", lineno);
    if (g_str_equal (type, "summary"))
      fail_unless (has_quantile !=
              (g_str_has_suffix (name, "_sum") ||
                  g_str_has_suffix (name, "_count")),
          "line %u: summary sample shape", lineno);
    if (g_str_equal (type, "counter") || g_str_equal (type, "summary") ||
        g_str_equal (type, "histogram"))
      fail_unless (value >= 0, "line %u: negative", lineno);
    g_ptr_array_sort (labels, cmp_str);
    g_ptr_array_add (labels, NULL);
    joined = g_strjoinv (",", (gchar **) labels->pdata);
    key = g_strdup_printf ("%s{%s}", name, joined);
    fail_if (g_hash_table_contains (pf->series, key),
        "line %u: duplicate series %s", lineno, key);
    pv = g_new (gdouble, 1);
    *pv = value;
    g_hash_table_insert (pf->series, key, pv);
    fail_unless (strstr (joined, "element=") != NULL, "line %u", lineno);
    g_free (joined);
    g_free (owned);
    g_free (name);
    g_ptr_array_unref (labels);
  }
}

static PromFile *
prom_parse_file (const gchar *path)
{
  PromFile *pf = g_new0 (PromFile, 1);
  gchar *text = NULL, **lines;
  guint i, n;

  pf->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  pf->helps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  pf->series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  pf->closed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fail_unless (g_file_get_contents (path, &text, NULL, NULL));
  fail_unless (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines) - 1;
  for (i = 0; i < n; i++) {
    fail_if (lines[i][0] == '\0', "line %u empty", i + 1);
    prom_parse_line (pf, lines[i], i + 1);
  }
  g_strfreev (lines);
  g_free (text);
  return pf;
}

static void
prom_free (PromFile *pf)
{
  g_hash_table_unref (pf->types);
  g_hash_table_unref (pf->helps);
  g_hash_table_unref (pf->series);
  g_hash_table_unref (pf->closed);
  g_free (pf->current);
  g_free (pf);
}

static gdouble
prom_value (PromFile *pf, const gchar *key)
{
  gdouble *v = g_hash_table_lookup (pf->series, key);

  fail_unless (v != NULL, "no series %s", key);
  return *v;
}

GST_START_TEST (test_prometheus)
{
  PromFile *pf;
  gchar *tmp;
  gdouble p50, p99, max;

  run_pipeline (LINEAR_LAUNCH ("p"), FALSE);
  /* written beside, then renamed: nothing is left beside */
  {
    gchar *dir = g_path_get_dirname (prom_path);
    gchar *base = g_path_get_basename (prom_path);
    GDir *d = g_dir_open (dir, 0, NULL);
    const gchar *entry;

    fail_unless (d != NULL);
    tmp = g_strconcat (base, ".", NULL);
    while ((entry = g_dir_read_name (d)))
      fail_if (g_str_has_prefix (entry, tmp), "%s left", entry);
    g_dir_close (d);
    g_free (tmp);
    g_free (base);
    g_free (dir);
  }

  pf = prom_parse_file (prom_path);
  fail_unless_equals_string (g_hash_table_lookup (pf->types,
                                 "streamlab_frames_processed_total"),
      "counter");
  fail_unless_equals_string (g_hash_table_lookup (pf->types,
                                 "streamlab_latency_seconds"),
      "histogram");
  fail_unless (prom_value (pf,
                   "streamlab_frames_processed_total"
                   "{element=p_id,factory=identity}") == N_LINEAR);
  fail_unless (prom_value (pf,
                   "streamlab_frames_processed_total"
                   "{element=p_src,factory=slsinesrc}") == N_LINEAR);
  fail_unless (prom_value (pf,
                   "streamlab_bytes_total"
                   "{element=p_sink,factory=fakesink}") ==
      N_LINEAR * FRAME_BYTES);
  fail_unless (prom_value (pf,
                   "streamlab_errors_total"
                   "{element=p_q,factory=queue}") == 0);
  fail_unless (prom_value (pf,
                   "streamlab_latency_seconds_count"
                   "{element=p_q,factory=queue}") == N_LINEAR);
  p50 = prom_value (pf,
      "streamlab_latency_p50_seconds"
      "{element=p_q,factory=queue}");
  p99 = prom_value (pf,
      "streamlab_latency_p99_seconds"
      "{element=p_q,factory=queue}");
  /* the histogram: cumulative, ending at the count */
  {
    gdouble prev = 0, b;
    gint e;

    for (e = 10; e <= 35; e++) {
      gchar le[G_ASCII_DTOSTR_BUF_SIZE], *key;

      g_ascii_formatd (le, sizeof (le), "%.9g", (1ull << e) / 1e9);
      key = g_strdup_printf ("streamlab_latency_seconds_bucket"
                             "{element=p_q,factory=queue,le=%s}",
          le);
      b = prom_value (pf, key);
      fail_unless (b >= prev, "%s", key);
      prev = b;
      g_free (key);
    }
    fail_unless (prom_value (pf,
                     "streamlab_latency_seconds_bucket"
                     "{element=p_q,factory=queue,le=+Inf}") == N_LINEAR);
    fail_unless (prev <= N_LINEAR);
  }
  max = prom_value (pf,
      "streamlab_latency_max_seconds"
      "{element=p_q,factory=queue}");
  fail_unless (p50 > 0 && p50 <= p99 && p99 <= max);
  /* seconds, not microseconds: a queue hop takes far less than 10 s */
  fail_unless (max < 10.0);
  fail_unless (prom_value (pf,
                   "streamlab_pad_frames_total"
                   "{direction=src,element=p_id,factory=identity,pad=src}") ==
      N_LINEAR);
  fail_unless (prom_value (pf,
                   "streamlab_queue_level_frames"
                   "{element=p_q,factory=queue}") == 0);
  /* the source has no latency series */
  fail_if (g_hash_table_contains (pf->series,
      "streamlab_latency_seconds_count{element=p_src,factory=slsinesrc}"));
  prom_free (pf);
}

GST_END_TEST;

/* Each report is also a GstTracerRecord entry per element, for gst-stats and
 * GST_DEBUG=GST_TRACER:7. */
static void
collect_tracer_log (GstDebugCategory *cat, GstDebugLevel level,
    const gchar *file, const gchar *function, gint line, GObject *object,
    GstDebugMessage *message, gpointer user_data)
{
  const gchar *text = gst_debug_message_get (message);

  if (g_str_equal (gst_debug_category_get_name (cat), "GST_TRACER") &&
      g_str_has_prefix (text, "slmetrics-element,"))
    g_ptr_array_add (user_data, g_strdup (text));
}

GST_START_TEST (test_tracer_record)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  gboolean found = FALSE;
  guint i;

  gst_debug_set_threshold_for_name ("GST_TRACER", GST_LEVEL_TRACE);
  gst_debug_add_log_function (collect_tracer_log, lines, NULL);
  run_pipeline (LINEAR_LAUNCH ("r"), FALSE);
  gst_debug_remove_log_function (collect_tracer_log);
  gst_debug_set_threshold_for_name ("GST_TRACER", GST_LEVEL_NONE);

  for (i = 0; i < lines->len; i++) {
    GstStructure *st = gst_structure_from_string (lines->pdata[i], NULL);
    const gchar *el;
    guint64 frames = 0, p50 = 0, p99 = 0;

    fail_unless (st != NULL, "%s", (gchar *) lines->pdata[i]);
    el = gst_structure_get_string (st, "element");
    if (el && g_str_has_suffix (el, ":r_q")) {
      fail_unless_equals_string (gst_structure_get_string (st, "factory"),
          "queue");
      fail_unless (gst_structure_get_uint64 (st, "frames", &frames));
      fail_unless_equals_uint64 (frames, N_LINEAR);
      fail_unless (gst_structure_get_uint64 (st, "latency-p50", &p50));
      fail_unless (gst_structure_get_uint64 (st, "latency-p99", &p99));
      fail_unless (p50 > 0 && p50 <= p99);
      found = TRUE;
    }
    gst_structure_free (st);
  }
  fail_unless (found, "no slmetrics-element entry for r_q in %u lines",
      lines->len);
  g_ptr_array_unref (lines);
}

GST_END_TEST;

/* The parameters are documented where the docs are generated from. */
GST_START_TEST (test_params_documented)
{
  gchar *text = NULL, *doc;
  const gchar *params[] = { "### `interval`", "### `json-file`",
    "### `prometheus-file`", "### `table`", "### `http`", "### `max-retired`",
    "### `instance`" };
  guint i;

  fail_unless (g_file_get_contents (SL_SOURCE_ROOT
      "/elements/tracers/gstslmetrics.c",
      &text, NULL, NULL));
  doc = strstr (text, "SECTION:tracer-slmetrics");
  fail_unless (doc != NULL);
  *strstr (doc, "*/") = '\0';
  doc = strstr (doc, "## Parameters");
  fail_unless (doc != NULL);
  for (i = 0; i < G_N_ELEMENTS (params); i++)
    fail_unless (strstr (doc, params[i]) != NULL, "%s undocumented", params[i]);
  fail_unless (strstr (doc, "## Example launch lines") != NULL);
  g_free (text);
}

GST_END_TEST;

static Suite *
slmetrics_suite (void)
{
  Suite *s = suite_create ("slmetrics");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_counts_linear);
  tcase_add_test (tc, test_counts_tee);
  tcase_add_test (tc, test_error_message);
  tcase_add_test (tc, test_flow_error);
  tcase_add_test (tc, test_error_at_start);
  tcase_add_test (tc, test_bin);
  tcase_add_test (tc, test_seq_correlation);
  tcase_add_test (tc, test_json_keys);
  tcase_add_test (tc, test_prometheus);
  tcase_add_test (tc, test_tracer_record);
  tcase_add_test (tc, test_params_documented);
  return s;
}

int
main (int argc, char **argv)
{
  const gchar *prev = g_getenv ("GST_TRACERS");
  gchar *tracers;
  Suite *s;
  int ret;

  json_path = g_strdup_printf ("%s/slmetrics-check-%d.jsonl", g_get_tmp_dir (),
      (int) getpid ());
  prom_path = g_strdup_printf ("%s/slmetrics-check-%d.prom", g_get_tmp_dir (),
      (int) getpid ());
  tracers = g_strdup_printf ("%s%sslmetrics(json-file=%s,prometheus-file=%s,"
                             "table=false,instance=check)",
      prev && *prev ? prev : "", prev && *prev ? ";" : "", json_path,
      prom_path);
  g_setenv ("GST_TRACERS", tracers, TRUE);
  g_free (tracers);

  gst_check_init (&argc, &argv);
  s = slmetrics_suite ();
  ret = gst_check_run_suite (s, "slmetrics", __FILE__);

  g_unlink (json_path);
  g_unlink (prom_path);
  g_free (json_path);
  g_free (prom_path);
  return ret;
}
