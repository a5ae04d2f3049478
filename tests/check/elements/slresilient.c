/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/check/gsttestclock.h>
#include <gst/base/gstbasetransform.h>

#include "gstslmeta.h"
#include "gstslresilient.h"

#define CAPS "audio/x-raw,format=F64LE,layout=interleaved,rate=48000,channels=2"
#define SAMPLES 64
#define CHANNELS 2
#define FRAME_BYTES (SAMPLES * CHANNELS * sizeof (gdouble))

/* A frame whose samples encode its sequence id: seq * 1000 + index. */
static GstBuffer *
make_frame (guint64 seq)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, FRAME_BYTES, NULL);
  GstMapInfo map;
  guint i;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (i = 0; i < SAMPLES * CHANNELS; i++)
    ((gdouble *) map.data)[i] = seq * 1000.0 + i;
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = seq * GST_MSECOND;
  GST_BUFFER_DURATION (buf) = GST_MSECOND;
  GST_BUFFER_OFFSET (buf) = seq * SAMPLES;
  GST_BUFFER_OFFSET_END (buf) = (seq + 1) * SAMPLES;
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

/* TRUE if the frame holds make_frame (seq)'s samples. */
static gboolean
frame_intact (GstBuffer *buf, guint64 seq)
{
  GstMapInfo map;
  gboolean ok = TRUE;
  guint i;

  gst_buffer_map (buf, &map, GST_MAP_READ);
  ok = map.size == FRAME_BYTES;
  for (i = 0; ok && i < SAMPLES * CHANNELS; i++)
    ok = ((gdouble *) map.data)[i] == seq * 1000.0 + i;
  gst_buffer_unmap (buf, &map);
  return ok;
}

static gboolean
frame_zero (GstBuffer *buf)
{
  GstMapInfo map;
  gboolean ok = TRUE;
  gsize i;

  gst_buffer_map (buf, &map, GST_MAP_READ);
  for (i = 0; ok && i < map.size; i++)
    ok = map.data[i] == 0;
  gst_buffer_unmap (buf, &map);
  return ok;
}

/* ------------------------------------------------------------------ */
/* harness fixture: the bin on its own, a harness on sink/src and one on
 * deadletter */

typedef struct
{
  GstElement *r;
  GstElement *chaos;
  GstHarness *h;
  GstHarness *dl;
  GstBus *bus;
} Fixture;

static void
fixture_setup (Fixture *f, const gchar *props, const gchar *children,
    gboolean testclock)
{
  gchar *desc = g_strdup_printf ("slresilient.( %s %s )", props, children);
  GError *err = NULL;

  f->r = gst_parse_launch (desc, &err);
  fail_unless (f->r != NULL && err == NULL, "%s: %s", desc,
      err ? err->message : "");
  g_free (desc);
  gst_object_ref_sink (f->r);
  f->bus = gst_bus_new ();
  gst_element_set_bus (f->r, f->bus);
  f->chaos = gst_bin_get_by_name (GST_BIN (f->r), "c");
  f->h = gst_harness_new_with_element (f->r, "sink", "src");
  f->dl = gst_harness_new_with_element (f->r, NULL, "deadletter");
  if (testclock)
    gst_harness_use_testclock (f->h);
  gst_harness_set_src_caps_str (f->h, CAPS);
  gst_harness_play (f->h);
}

static void
fixture_teardown (Fixture *f)
{
  gst_harness_teardown (f->dl);
  gst_harness_teardown (f->h);
  gst_element_set_bus (f->r, NULL);
  gst_object_unref (f->bus);
  if (f->chaos)
    gst_object_unref (f->chaos);
  gst_object_unref (f->r);
}

static guint64
stat (GstElement *r, const gchar *field)
{
  GstStructure *s;
  guint64 v = G_MAXUINT64;

  g_object_get (r, "stats", &s, NULL);
  fail_unless (gst_structure_get_uint64 (s, field, &v), "no %s", field);
  gst_structure_free (s);
  return v;
}

static gchar *
circuit_state (GstElement *r)
{
  GstStructure *s;
  gchar *state;

  g_object_get (r, "stats", &s, NULL);
  state = g_strdup (gst_structure_get_string (s, "circuit-state"));
  gst_structure_free (s);
  return state;
}

static guint64
injected (GstElement *chaos)
{
  guint64 v;

  g_object_get (chaos, "injected", &v, NULL);
  return v;
}

/* Pops the element messages named @name, in order. */
static GList *
pop_messages (GstBus *bus, const gchar *name)
{
  GList *res = NULL;
  GstMessage *msg;

  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT))) {
    if (gst_message_has_name (msg, name))
      res = g_list_append (res, msg);
    else
      gst_message_unref (msg);
  }
  return res;
}

static void
push_frames (Fixture *f, guint64 from, guint64 to)
{
  guint64 seq;

  for (seq = from; seq <= to; seq++)
    fail_unless_equals_int (gst_harness_push (f->h, make_frame (seq)),
        GST_FLOW_OK);
}

/* Pops every event received so far; counts those of @type. */
static guint
count_events (GstHarness *h, GstEventType type)
{
  GstEvent *ev;
  guint n = 0;

  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == type)
      n++;
    gst_event_unref (ev);
  }
  return n;
}

static void
check_invariant (GstElement *r)
{
  fail_unless_equals_uint64 (stat (r, "frames-in"),
      stat (r, "frames-out") + stat (r, "frames-skipped") +
          stat (r, "frames-dead-lettered") + stat (r, "frames-absorbed") +
          stat (r, "frames-flushed") + stat (r, "frames-failed"));
}

/* ------------------------------------------------------------------ */
/* error rates in a real pipeline, per policy */

typedef struct
{
  guint out, dl, defaults;
  guint64 next_seq;
  gboolean contiguous, increasing, dl_meta_ok;
} Counts;

static GstPadProbeReturn
out_probe (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  Counts *c = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  guint64 seq = frame_seq (buf);
  const gchar *def = gst_sl_buffer_get_metadata (buf, "default");

  if (seq != c->next_seq)
    c->contiguous = FALSE;
  if (c->out > 0 && seq < c->next_seq)
    c->increasing = FALSE;
  c->next_seq = seq + 1;
  c->out++;
  if (g_strcmp0 (def, "true") == 0) {
    c->defaults++;
    if (!frame_zero (buf))
      c->contiguous = FALSE;
  }
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
dl_probe (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  Counts *c = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);

  c->dl++;
  if (g_strcmp0 (gst_sl_buffer_get_metadata (buf, "error-domain"),
          "gst-stream-error-quark") != 0 ||
      g_strcmp0 (gst_sl_buffer_get_metadata (buf, "error-message"),
          "Fault injected by slchaos.") != 0 ||
      gst_sl_buffer_get_metadata (buf, "error-code") == NULL ||
      gst_sl_buffer_get_metadata (buf, "error-attempts") == NULL)
    c->dl_meta_ok = FALSE;
  return GST_PAD_PROBE_OK;
}

static void
add_probe (GstElement *pipeline, const gchar *name, GstPadProbeCallback cb,
    Counts *c)
{
  GstElement *e = gst_bin_get_by_name (GST_BIN (pipeline), name);
  GstPad *pad = gst_element_get_static_pad (e, "sink");

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, cb, c, NULL);
  gst_object_unref (pad);
  gst_object_unref (e);
}

/* Runs @n frames through slchaos at rate @p inside slresilient with
 * @props; returns the bin (ref) for its stats. */
static GstElement *
run_rate (const gchar *props, gdouble p, guint seed, guint n, Counts *c,
    guint64 *n_injected)
{
  gchar *desc;
  GstElement *pipeline, *r, *chaos;
  GstBus *bus;
  GstMessage *msg;
  GError *err = NULL;

  desc = g_strdup_printf (
      "slsinesrc num-buffers=%u samplesperbuffer=64 ! "
      "slresilient.( name=r %s slchaos name=c mode=error probability=%g "
      "seed=%u ) ! fakesink name=out r.deadletter ! queue ! fakesink name=dl",
      n, props, p, seed);
  pipeline = gst_parse_launch (desc, &err);
  fail_unless (pipeline != NULL, "%s", err ? err->message : desc);
  g_free (desc);

  memset (c, 0, sizeof (*c));
  c->contiguous = c->increasing = c->dl_meta_ok = TRUE;
  add_probe (pipeline, "out", out_probe, c);
  add_probe (pipeline, "dl", dl_probe, c);

  bus = gst_element_get_bus (pipeline);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no EOS");
  fail_unless_equals_string (GST_MESSAGE_TYPE_NAME (msg), "eos");
  gst_message_unref (msg);

  r = gst_bin_get_by_name (GST_BIN (pipeline), "r");
  chaos = gst_bin_get_by_name (GST_BIN (pipeline), "c");
  *n_injected = injected (chaos);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (chaos);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return r;
}

static const gdouble rates[] = { 0.01, 0.1, 0.5 };

#define N_FRAMES 400

GST_START_TEST (test_rates_skip_frame)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (rates); i++) {
    Counts c;
    guint64 inj;
    GstElement *r = run_rate ("error-policy=skip-frame restart=immediate",
        rates[i], 11 + i, N_FRAMES, &c, &inj);

    GST_INFO ("rate %g: %" G_GUINT64_FORMAT " injected", rates[i], inj);
    fail_unless (inj > 0);
    fail_unless_equals_uint64 (stat (r, "frames-in"), N_FRAMES);
    fail_unless_equals_uint64 (stat (r, "errors"), inj);
    fail_unless_equals_uint64 (stat (r, "frames-skipped"), inj);
    fail_unless_equals_uint64 (stat (r, "restarts"), inj);
    fail_unless_equals_uint64 (stat (r, "frames-out"), N_FRAMES - inj);
    fail_unless_equals_uint64 (c.out, N_FRAMES - inj);
    fail_unless_equals_int (c.dl, 0);
    fail_unless (c.increasing);
    check_invariant (r);
    gst_object_unref (r);
  }
}

GST_END_TEST;

GST_START_TEST (test_rates_use_default)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (rates); i++) {
    Counts c;
    guint64 inj;
    GstElement *r = run_rate ("error-policy=use-default", rates[i], 21 + i,
        N_FRAMES, &c, &inj);

    fail_unless (inj > 0);
    fail_unless_equals_uint64 (stat (r, "errors"), inj);
    fail_unless_equals_uint64 (stat (r, "frames-defaulted"), inj);
    fail_unless_equals_uint64 (stat (r, "frames-out"), N_FRAMES);
    /* output count equals input count; seqs contiguous; defaults zero */
    fail_unless_equals_uint64 (c.out, N_FRAMES);
    fail_unless_equals_uint64 (c.defaults, inj);
    fail_unless (c.contiguous);
    check_invariant (r);
    gst_object_unref (r);
  }
}

GST_END_TEST;

GST_START_TEST (test_rates_dead_letter)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (rates); i++) {
    Counts c;
    guint64 inj;
    GstElement *r = run_rate ("error-policy=dead-letter", rates[i], 31 + i,
        N_FRAMES, &c, &inj);

    fail_unless (inj > 0);
    fail_unless_equals_uint64 (stat (r, "errors"), inj);
    fail_unless_equals_uint64 (stat (r, "frames-dead-lettered"), inj);
    fail_unless_equals_uint64 (stat (r, "frames-out"), N_FRAMES - inj);
    fail_unless_equals_uint64 (c.dl, inj);
    fail_unless_equals_uint64 (c.out, N_FRAMES - inj);
    fail_unless (c.dl_meta_ok);
    check_invariant (r);
    gst_object_unref (r);
  }
}

GST_END_TEST;

GST_START_TEST (test_rates_retry)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (rates); i++) {
    Counts c;
    guint64 inj, dl;
    GstElement *r =
        run_rate ("error-policy=retry max-retries=2 "
                  "retry-fallback-policy=dead-letter restart=immediate",
            rates[i], 41 + i, N_FRAMES, &c, &inj);

    fail_unless (inj > 0);
    dl = stat (r, "frames-dead-lettered");
    /* every failed attempt is an error and a restart; a frame that fails
     * three times is dead-lettered after two retries */
    fail_unless_equals_uint64 (stat (r, "errors"), inj);
    fail_unless_equals_uint64 (stat (r, "restarts"), inj);
    fail_unless_equals_uint64 (stat (r, "retries"), inj - dl);
    fail_unless_equals_uint64 (stat (r, "frames-out"), N_FRAMES - dl);
    fail_unless_equals_uint64 (c.dl, dl);
    fail_unless_equals_uint64 (c.out, N_FRAMES - dl);
    fail_unless (c.dl_meta_ok);
    check_invariant (r);
    gst_object_unref (r);
  }
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* policies in detail */

GST_START_TEST (test_use_default_frames)
{
  Fixture f;
  guint64 seq;

  fixture_setup (&f, "error-policy=use-default",
      "slchaos name=c mode=error at=\"<(guint64)2, (guint64)5>\"", FALSE);
  push_frames (&f, 0, 7);
  for (seq = 0; seq < 8; seq++) {
    GstBuffer *buf = gst_harness_pull (f.h);

    fail_unless_equals_uint64 (frame_seq (buf), seq);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), seq * GST_MSECOND);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (buf), GST_MSECOND);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (buf), seq * SAMPLES);
    fail_unless_equals_uint64 (gst_buffer_get_size (buf), FRAME_BYTES);
    if (seq == 2 || seq == 5) {
      fail_unless (frame_zero (buf));
      fail_unless_equals_string (gst_sl_buffer_get_metadata (buf, "default"),
          "true");
      fail_unless_equals_string (gst_sl_buffer_get_metadata (buf,
                                     "error-reason"),
          "error-message");
    } else {
      fail_unless (frame_intact (buf, seq));
      fail_unless (gst_sl_buffer_get_metadata (buf, "default") == NULL);
    }
    gst_buffer_unref (buf);
  }
  fail_unless_equals_uint64 (stat (f.r, "frames-defaulted"), 2);
  fail_unless_equals_uint64 (stat (f.r, "frames-out"), 8);
  fixture_teardown (&f);
}

GST_END_TEST;

/* The default frame has the input's sample count in the output format. */
GST_START_TEST (test_use_default_converted_format)
{
  Fixture f;
  guint64 seq;

  fixture_setup (&f, "error-policy=use-default",
      "slchaos name=c mode=error at=\"<(guint64)1>\" ! audioconvert ! "
      "capsfilter caps=audio/x-raw,format=F32LE",
      FALSE);
  push_frames (&f, 0, 2);
  for (seq = 0; seq < 3; seq++) {
    GstBuffer *buf = gst_harness_pull (f.h);

    fail_unless_equals_uint64 (gst_buffer_get_size (buf),
        SAMPLES * CHANNELS * sizeof (gfloat));
    fail_unless_equals_uint64 (frame_seq (buf), seq);
    gst_buffer_unref (buf);
  }
  fixture_teardown (&f);
}

GST_END_TEST;

GST_START_TEST (test_dead_letter_metadata)
{
  Fixture f;
  GstBuffer *buf;
  GList *msgs;
  const GstStructure *s;
  guint64 seq;

  fixture_setup (&f, "error-policy=dead-letter",
      "slchaos name=c mode=error at=\"<(guint64)2>\"", FALSE);
  push_frames (&f, 0, 3);

  buf = gst_harness_pull (f.dl);
  fail_unless_equals_uint64 (frame_seq (buf), 2);
  fail_unless (frame_intact (buf, 2));
  fail_unless_equals_string (gst_sl_buffer_get_metadata (buf, "error-domain"),
      "gst-stream-error-quark");
  fail_unless_equals_string (gst_sl_buffer_get_metadata (buf, "error-code"),
      "1");
  fail_unless_equals_string (gst_sl_buffer_get_metadata (buf, "error-message"),
      "Fault injected by slchaos.");
  fail_unless_equals_string (gst_sl_buffer_get_metadata (buf, "error-attempts"),
      "1");
  fail_unless_equals_string (gst_sl_buffer_get_metadata (buf, "error-reason"),
      "error-message");
  gst_buffer_unref (buf);
  fail_unless_equals_int (gst_harness_buffers_in_queue (f.dl), 0);

  for (seq = 0; seq < 4; seq++) {
    if (seq == 2)
      continue;
    buf = gst_harness_pull (f.h);
    fail_unless_equals_uint64 (frame_seq (buf), seq);
    gst_buffer_unref (buf);
  }

  msgs = pop_messages (f.bus, SL_RESILIENT_MESSAGE_ERROR_HANDLED);
  fail_unless_equals_int (g_list_length (msgs), 1);
  s = gst_message_get_structure (msgs->data);
  fail_unless_equals_string (gst_structure_get_string (s, "policy"),
      "dead-letter");
  fail_unless_equals_string (gst_structure_get_string (s, "reason"),
      "error-message");
  fail_unless (gst_structure_get_uint64 (s, "seq", &seq));
  fail_unless_equals_uint64 (seq, 2);
  g_list_free_full (msgs, (GDestroyNotify) gst_message_unref);

  /* the deadletter pad carries the input's caps */
  {
    GstCaps *caps = gst_pad_get_current_caps (f.dl->sinkpad);
    GstCaps *want = gst_caps_from_string (CAPS);

    fail_unless (caps != NULL);
    fail_unless (gst_caps_is_equal (caps, want));
    gst_caps_unref (caps);
    gst_caps_unref (want);
  }
  fixture_teardown (&f);
}

GST_END_TEST;

GST_START_TEST (test_retry_passes)
{
  Fixture f;
  guint64 seq;

  fixture_setup (&f,
      "error-policy=retry max-retries=2 "
      "retry-fallback-policy=dead-letter restart=immediate",
      "slchaos name=c mode=error at=\"<(guint64)3>\"", FALSE);
  push_frames (&f, 0, 5);
  for (seq = 0; seq < 6; seq++) {
    GstBuffer *buf = gst_harness_pull (f.h);

    fail_unless_equals_uint64 (frame_seq (buf), seq);
    fail_unless (frame_intact (buf, seq));
    gst_buffer_unref (buf);
  }
  fail_unless_equals_uint64 (stat (f.r, "errors"), 1);
  fail_unless_equals_uint64 (stat (f.r, "retries"), 1);
  fail_unless_equals_uint64 (stat (f.r, "restarts"), 1);
  fail_unless_equals_uint64 (stat (f.r, "frames-dead-lettered"), 0);
  fixture_teardown (&f);
}

GST_END_TEST;

GST_START_TEST (test_retry_exhausted)
{
  Fixture f;
  GstBuffer *buf;
  GList *msgs;

  fixture_setup (&f,
      "error-policy=retry max-retries=2 "
      "retry-fallback-policy=dead-letter restart=immediate",
      "slchaos name=c mode=error persistent=true at=\"<(guint64)3>\"", FALSE);
  push_frames (&f, 0, 5);
  buf = gst_harness_pull (f.dl);
  fail_unless_equals_uint64 (frame_seq (buf), 3);
  fail_unless (frame_intact (buf, 3));
  fail_unless_equals_string (gst_sl_buffer_get_metadata (buf, "error-attempts"),
      "3");
  gst_buffer_unref (buf);
  fail_unless_equals_int (gst_harness_buffers_in_queue (f.h), 5);
  fail_unless_equals_uint64 (stat (f.r, "errors"), 3);
  fail_unless_equals_uint64 (stat (f.r, "retries"), 2);
  fail_unless_equals_uint64 (stat (f.r, "restarts"), 3);
  fail_unless_equals_uint64 (stat (f.r, "frames-dead-lettered"), 1);
  fail_unless_equals_uint64 (injected (f.chaos), 3);
  check_invariant (f.r);

  msgs = pop_messages (f.bus, SL_RESILIENT_MESSAGE_RESTART);
  fail_unless_equals_int (g_list_length (msgs), 3);
  g_list_free_full (msgs, (GDestroyNotify) gst_message_unref);
  fixture_teardown (&f);
}

GST_END_TEST;

GST_START_TEST (test_propagate)
{
  Fixture f;
  GstMessage *msg;

  fixture_setup (&f, "", "slchaos name=c mode=error at=\"<(guint64)1>\"",
      FALSE);
  fail_unless_equals_int (gst_harness_push (f.h, make_frame (0)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (f.h, make_frame (1)),
      GST_FLOW_ERROR);
  msg = gst_bus_pop_filtered (f.bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  fail_unless_equals_string (GST_MESSAGE_SRC_NAME (msg), "c");
  gst_message_unref (msg);
  fail_unless_equals_uint64 (stat (f.r, "errors"), 1);
  fail_unless_equals_uint64 (stat (f.r, "frames-out"), 1);
  /* the failed frame is counted too */
  fail_unless_equals_uint64 (stat (f.r, "frames-failed"), 1);
  check_invariant (f.r);
  fixture_teardown (&f);
}

GST_END_TEST;

/* A child that drops frames: they are absorbed, not lost. */
GST_START_TEST (test_absorbed)
{
  Fixture f;

  fixture_setup (&f, "error-policy=skip-frame",
      "slchaos name=c mode=drop "
      "every=4",
      FALSE);
  push_frames (&f, 0, 19);
  fail_unless_equals_int (gst_harness_buffers_in_queue (f.h), 15);
  fail_unless_equals_uint64 (stat (f.r, "frames-absorbed"), 5);
  fail_unless_equals_uint64 (stat (f.r, "errors"), 0);
  check_invariant (f.r);
  fixture_teardown (&f);
}

GST_END_TEST;

GST_START_TEST (test_timeout)
{
  Fixture f;
  GList *msgs;
  guint64 expect[] = { 0, 1, 3, 4 };
  guint i;

  fixture_setup (&f, "error-policy=skip-frame timeout-ms=20",
      "slchaos name=c mode=stall at=\"<(guint64)2>\"", FALSE);
  push_frames (&f, 0, 4);
  for (i = 0; i < G_N_ELEMENTS (expect); i++) {
    GstBuffer *buf = gst_harness_pull (f.h);

    fail_unless_equals_uint64 (frame_seq (buf), expect[i]);
    gst_buffer_unref (buf);
  }
  fail_unless_equals_uint64 (stat (f.r, "errors"), 1);
  fail_unless_equals_uint64 (stat (f.r, "frames-skipped"), 1);
  check_invariant (f.r);
  msgs = pop_messages (f.bus, SL_RESILIENT_MESSAGE_ERROR_HANDLED);
  fail_unless_equals_int (g_list_length (msgs), 1);
  fail_unless_equals_string (
      gst_structure_get_string (gst_message_get_structure (msgs->data),
          "reason"),
      "timeout");
  g_list_free_full (msgs, (GDestroyNotify) gst_message_unref);
  /* the flush that released the frame stayed inside */
  fail_unless_equals_int (count_events (f.h, GST_EVENT_FLUSH_START), 0);
  fail_unless_equals_int (count_events (f.h, GST_EVENT_FLUSH_STOP), 0);
  fixture_teardown (&f);
}

GST_END_TEST;

GST_START_TEST (test_timeout_restart_use_default)
{
  Fixture f;
  guint64 seq;

  fixture_setup (&f,
      "error-policy=use-default restart=immediate "
      "timeout-ms=20",
      "slchaos name=c mode=stall at=\"<(guint64)1>\"", FALSE);
  push_frames (&f, 0, 3);
  for (seq = 0; seq < 4; seq++) {
    GstBuffer *buf = gst_harness_pull (f.h);

    fail_unless_equals_uint64 (frame_seq (buf), seq);
    fail_unless (seq == 1 ? frame_zero (buf) : frame_intact (buf, seq));
    gst_buffer_unref (buf);
  }
  fail_unless_equals_uint64 (stat (f.r, "restarts"), 1);
  fail_unless_equals_uint64 (stat (f.r, "frames-defaulted"), 1);
  fixture_teardown (&f);
}

GST_END_TEST;

/* A flush from upstream (a seek) goes through, to src and deadletter. */
GST_START_TEST (test_upstream_flush)
{
  Fixture f;

  fixture_setup (&f, "error-policy=dead-letter", "slchaos name=c", FALSE);
  push_frames (&f, 0, 1);
  fail_unless (gst_harness_push_event (f.h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (f.h, gst_event_new_flush_stop (TRUE)));
  fail_unless_equals_int (count_events (f.h, GST_EVENT_FLUSH_START), 1);
  fail_unless_equals_int (count_events (f.dl, GST_EVENT_FLUSH_STOP), 1);
  {
    GstSegment seg;

    gst_segment_init (&seg, GST_FORMAT_TIME);
    fail_unless (gst_harness_push_event (f.h, gst_event_new_segment (&seg)));
  }
  push_frames (&f, 2, 3);
  fail_unless_equals_int (gst_harness_buffers_in_queue (f.h), 4);
  fixture_teardown (&f);
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* restart strategies, on the test clock */

static guint
msg_uint (GstMessage *msg, const gchar *field)
{
  guint v = G_MAXUINT;

  fail_unless (gst_structure_get_uint (gst_message_get_structure (msg), field,
      &v));
  return v;
}

GST_START_TEST (test_exponential_backoff)
{
  Fixture f;
  GList *msgs, *l;
  static const guint delays[] = { 10, 20, 40, 80, 80, 80, 10 };
  guint i;

  fixture_setup (&f,
      "error-policy=skip-frame restart=exponential "
      "restart-base-ms=10 restart-max-ms=80",
      "slchaos name=c mode=error every=1 persistent=true", TRUE);

  gst_harness_set_time (f.h, 0);
  push_frames (&f, 0, 1); /* 0 fails (rest 10 ms), 1 rejected */
  gst_harness_set_time (f.h, 10 * GST_MSECOND);
  push_frames (&f, 2, 2); /* restart 1, fails: rest 20 ms */
  gst_harness_set_time (f.h, 30 * GST_MSECOND);
  push_frames (&f, 3, 3); /* restart 2: rest 40 ms */
  gst_harness_set_time (f.h, 70 * GST_MSECOND);
  push_frames (&f, 4, 4); /* restart 3: rest 80 ms */
  gst_harness_set_time (f.h, 150 * GST_MSECOND);
  push_frames (&f, 5, 5); /* restart 4: rest 160 -> 80 ms */
  gst_harness_set_time (f.h, 229 * GST_MSECOND);
  push_frames (&f, 6, 6); /* rejected */
  gst_harness_set_time (f.h, 230 * GST_MSECOND);
  push_frames (&f, 7, 7); /* restart 5: rest 80 ms */

  fail_unless_equals_uint64 (stat (f.r, "errors"), 6);
  fail_unless_equals_uint64 (stat (f.r, "frames-rejected"), 2);
  fail_unless_equals_uint64 (stat (f.r, "frames-skipped"), 8);
  fail_unless_equals_uint64 (stat (f.r, "restarts"), 5);

  /* the child recovers: the next restart is followed by a pass, which
   * resets the delay */
  g_object_set (f.chaos, "every", 0, NULL);
  gst_harness_set_time (f.h, 310 * GST_MSECOND);
  push_frames (&f, 8, 9); /* restart 6 (80 ms), both pass */
  fail_unless_equals_int (gst_harness_buffers_in_queue (f.h), 2);
  g_object_set (f.chaos, "every", 1, NULL);
  push_frames (&f, 10, 10); /* fails: rest 10 ms */
  gst_harness_set_time (f.h, 320 * GST_MSECOND);
  push_frames (&f, 11, 11); /* restart 7 (10 ms) */
  check_invariant (f.r);

  msgs = pop_messages (f.bus, SL_RESILIENT_MESSAGE_RESTART);
  fail_unless (msgs != NULL);
  fail_unless_equals_int (g_list_length (msgs), G_N_ELEMENTS (delays));
  for (l = msgs, i = 0; l; l = l->next, i++) {
    fail_unless_equals_int (msg_uint (l->data, "delay-ms"), delays[i]);
    GST_INFO ("restart %u: attempt %u delay %u", i,
        msg_uint (l->data, "attempt"), msg_uint (l->data, "delay-ms"));
  }
  fail_unless_equals_int (msg_uint (msgs->data, "attempt"), 1);
  g_list_free_full (msgs, (GDestroyNotify) gst_message_unref);
  fixture_teardown (&f);
}

GST_END_TEST;

GST_START_TEST (test_exponential_gives_up)
{
  Fixture f;
  GstMessage *msg;
  GError *err = NULL;

  fixture_setup (&f,
      "error-policy=skip-frame restart=exponential "
      "restart-base-ms=0 restart-max-attempts=2",
      "slchaos name=c mode=error every=1 persistent=true", TRUE);
  push_frames (&f, 0, 1);
  fail_unless_equals_int (gst_harness_push (f.h, make_frame (2)),
      GST_FLOW_ERROR);
  fail_unless_equals_int (gst_harness_push (f.h, make_frame (3)),
      GST_FLOW_ERROR);
  msg = gst_bus_pop_filtered (f.bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, "3 times") != NULL, "%s", err->message);
  g_error_free (err);
  gst_message_unref (msg);
  fail_unless_equals_uint64 (stat (f.r, "errors"), 3);
  fixture_teardown (&f);
}

GST_END_TEST;

static void
set_at (GstElement *chaos, const guint64 *seqs, guint n)
{
  GValue arr = G_VALUE_INIT;
  guint i;

  gst_value_array_init (&arr, n);
  for (i = 0; i < n; i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_UINT64);
    g_value_set_uint64 (&v, seqs[i]);
    gst_value_array_append_and_take_value (&arr, &v);
  }
  g_object_set_property (G_OBJECT (chaos), "at", &arr);
  g_value_unset (&arr);
}

#define assert_circuit(r, want) \
  G_STMT_START \
    { \
      gchar *st = circuit_state (r); \
      fail_unless_equals_string (st, want); \
      g_free (st); \
    } \
  G_STMT_END

GST_START_TEST (test_circuit_breaker)
{
  Fixture f;
  GList *msgs, *l;
  static const gchar *states[] = { "open", "half-open", "closed", "open",
    "half-open", "open", "half-open", "closed" };
  static const guint64 at1[] = { 0, 1, 2, 10 };
  static const guint64 at2[] = { 20, 21, 22 };
  guint i;

  fixture_setup (&f,
      "error-policy=skip-frame restart=circuit-breaker "
      "failure-threshold=3 failure-window-ms=1000 circuit-timeout-ms=500",
      "slchaos name=c mode=error", TRUE);
  set_at (f.chaos, at1, G_N_ELEMENTS (at1));

  gst_harness_set_time (f.h, 0);
  push_frames (&f, 0, 2); /* three failures: open */
  assert_circuit (f.r, "open");
  fail_unless_equals_uint64 (stat (f.r, "restarts"), 2);
  push_frames (&f, 3, 4); /* rejected */
  gst_harness_set_time (f.h, 499 * GST_MSECOND);
  push_frames (&f, 5, 5); /* rejected */
  fail_unless_equals_uint64 (stat (f.r, "frames-rejected"), 3);
  fail_unless_equals_uint64 (injected (f.chaos), 3);
  gst_harness_set_time (f.h, 500 * GST_MSECOND);
  push_frames (&f, 6, 6); /* half-open, probe passes: closed */
  assert_circuit (f.r, "closed");
  gst_harness_set_time (f.h, 600 * GST_MSECOND);
  push_frames (&f, 7, 19); /* 10 fails once: restart, still closed */
  assert_circuit (f.r, "closed");

  set_at (f.chaos, at2, G_N_ELEMENTS (at2));
  push_frames (&f, 20, 21); /* with 10: three in the window: open */
  assert_circuit (f.r, "open");
  gst_harness_set_time (f.h, 1100 * GST_MSECOND);
  push_frames (&f, 22, 22); /* half-open, probe fails: open again */
  assert_circuit (f.r, "open");
  push_frames (&f, 23, 23); /* rejected */
  gst_harness_set_time (f.h, 1600 * GST_MSECOND);
  push_frames (&f, 24, 24); /* half-open, probe passes: closed */
  assert_circuit (f.r, "closed");

  fail_unless_equals_uint64 (stat (f.r, "errors"), 7);
  fail_unless_equals_uint64 (stat (f.r, "frames-rejected"), 4);
  fail_unless_equals_uint64 (stat (f.r, "frames-skipped"), 11);
  fail_unless_equals_uint64 (stat (f.r, "frames-out"), 14);
  fail_unless_equals_uint64 (stat (f.r, "restarts"), 7);
  check_invariant (f.r);

  msgs = pop_messages (f.bus, SL_RESILIENT_MESSAGE_CIRCUIT);
  fail_unless_equals_int (g_list_length (msgs), G_N_ELEMENTS (states));
  for (l = msgs, i = 0; l; l = l->next, i++)
    fail_unless_equals_string (
        gst_structure_get_string (gst_message_get_structure (l->data), "state"),
        states[i]);
  g_list_free_full (msgs, (GDestroyNotify) gst_message_unref);
  fixture_teardown (&f);
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* use from an application, bad input */

GST_START_TEST (test_app_chain)
{
  GstElement *pipeline, *src, *r, *chaos, *conv, *sink;
  GstPad *pad, *peer;
  GstBus *bus;
  GstMessage *msg;

  pipeline = gst_pipeline_new (NULL);
  src = gst_element_factory_make ("slsinesrc", NULL);
  r = gst_element_factory_make ("slresilient", NULL);
  chaos = gst_element_factory_make ("slchaos", NULL);
  conv = gst_element_factory_make ("audioconvert", NULL);
  sink = gst_element_factory_make ("fakesink", NULL);
  g_object_set (src, "num-buffers", 30, NULL);
  g_object_set (chaos, "every", 3, NULL);
  gst_util_set_object_arg (G_OBJECT (r), "error-policy", "skip-frame");

  fail_unless (gst_element_get_static_pad (r, "sink") == NULL);
  /* added in reverse order: the chain is found when the bin starts */
  gst_bin_add_many (GST_BIN (r), conv, chaos, NULL);
  fail_unless (gst_element_link (chaos, conv));
  pad = gst_element_get_static_pad (r, "sink");
  fail_unless (pad != NULL);
  gst_object_unref (pad);

  gst_bin_add_many (GST_BIN (pipeline), src, r, sink, NULL);
  fail_unless (gst_element_link_many (src, r, sink, NULL));
  /* a plain link takes src, not deadletter */
  pad = gst_element_get_static_pad (r, "deadletter");
  fail_if (gst_pad_is_linked (pad));
  gst_object_unref (pad);
  pad = gst_element_get_static_pad (r, "src");
  peer = gst_pad_get_peer (pad);
  fail_unless (peer != NULL);
  gst_object_unref (peer);
  gst_object_unref (pad);

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  fail_unless_equals_string (GST_MESSAGE_TYPE_NAME (msg), "eos");
  gst_message_unref (msg);
  fail_unless_equals_uint64 (stat (r, "frames-in"), 30);
  fail_unless_equals_uint64 (stat (r, "frames-out"), 20);
  fail_unless_equals_uint64 (stat (r, "frames-skipped"), 10);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
}

GST_END_TEST;

/* Starts @r alone; expects failure and an error naming @needle. */
static void
expect_start_error (GstElement *r, const gchar *needle)
{
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  GError *err = NULL;
  gchar *dbg = NULL;

  gst_object_ref_sink (r);
  gst_element_set_bus (r, bus);
  fail_unless_equals_int (gst_element_set_state (r, GST_STATE_PLAYING),
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, &dbg);
  fail_unless (strstr (err->message, needle) != NULL, "'%s' not in '%s'",
      needle, err->message);
  GST_INFO ("%s (%s)", err->message, dbg);
  g_error_free (err);
  g_free (dbg);
  gst_message_unref (msg);
  gst_element_set_state (r, GST_STATE_NULL);
  gst_element_set_bus (r, NULL);
  gst_object_unref (bus);
  gst_object_unref (r);
}

static GstElement *
with_identity (const gchar *props)
{
  gchar *desc = g_strdup_printf ("slresilient.( %s identity )", props);
  GstElement *r = gst_parse_launch (desc, NULL);

  g_free (desc);
  fail_unless (r != NULL);
  return r;
}

GST_START_TEST (test_bad_input)
{
  GstElement *r;

  expect_start_error (gst_element_factory_make ("slresilient", NULL),
      "no child element");

  r = gst_element_factory_make ("slresilient", NULL);
  gst_bin_add_many (GST_BIN (r), gst_element_factory_make ("identity", NULL),
      gst_element_factory_make ("identity", NULL), NULL);
  expect_start_error (r, "do not form one linked chain");

  expect_start_error (with_identity ("restart=immediate"), "'restart'");
  expect_start_error (with_identity ("error-policy=retry "
                                     "retry-fallback-policy=retry"),
      "'retry-fallback-policy'");
  expect_start_error (with_identity ("error-policy=skip-frame "
                                     "restart=exponential restart-base-ms=500 "
                                     "restart-max-ms=100"),
      "'restart-max-ms'");
}

GST_END_TEST;


/* ------------------------------------------------------------------ */
/* a child the tests steer: sltestchild passes frames through, and can fail
 * one (ERROR message and flow error), stall on one until flushed (telling
 * the test it holds it), and call a hook when it starts (READY->PAUSED) */

typedef struct _TestChild
{
  GstBaseTransform parent;
} TestChild;
typedef struct _TestChildClass
{
  GstBaseTransformClass parent_class;
} TestChildClass;

static struct
{
  GMutex lock;
  GCond cond;
  guint64 fail_seq, stall_seq;
  gboolean stalled, flushing;
  void (*on_start) (GstElement *child);
} tch;

static GType test_child_get_type (void);
G_DEFINE_TYPE (TestChild, test_child, GST_TYPE_BASE_TRANSFORM);

static GstStaticPadTemplate tc_sink = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate tc_src = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

static void
tc_set_flushing (gboolean flushing)
{
  g_mutex_lock (&tch.lock);
  tch.flushing = flushing;
  g_cond_broadcast (&tch.cond);
  g_mutex_unlock (&tch.lock);
}

static GstFlowReturn
test_child_transform_ip (GstBaseTransform *trans, GstBuffer *buf)
{
  guint64 seq = G_MAXUINT64;

  gst_sl_buffer_get_seq (buf, &seq);
  if (seq == tch.fail_seq) {
    GST_ELEMENT_ERROR (trans, STREAM, FAILED, ("test failure"), (NULL));
    return GST_FLOW_ERROR;
  }
  if (seq == tch.stall_seq) {
    g_mutex_lock (&tch.lock);
    tch.stalled = TRUE;
    g_cond_broadcast (&tch.cond);
    while (!tch.flushing)
      g_cond_wait (&tch.cond, &tch.lock);
    tch.stalled = FALSE;
    g_mutex_unlock (&tch.lock);
    return GST_FLOW_FLUSHING;
  }
  return GST_FLOW_OK;
}

static gboolean
test_child_sink_event (GstBaseTransform *trans, GstEvent *event)
{
  if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_START)
    tc_set_flushing (TRUE);
  else if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP)
    tc_set_flushing (FALSE);
  return GST_BASE_TRANSFORM_CLASS (test_child_parent_class)
      ->sink_event (trans, event);
}

static GstStateChangeReturn
test_child_change_state (GstElement *element, GstStateChange transition)
{
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    tc_set_flushing (TRUE);
  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    tc_set_flushing (FALSE);
    if (tch.on_start)
      tch.on_start (element);
  }
  return GST_ELEMENT_CLASS (test_child_parent_class)
      ->change_state (element, transition);
}

static void
test_child_class_init (TestChildClass *klass)
{
  GstElementClass *ec = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *tc_class = GST_BASE_TRANSFORM_CLASS (klass);

  gst_element_class_add_static_pad_template (ec, &tc_sink);
  gst_element_class_add_static_pad_template (ec, &tc_src);
  gst_element_class_set_static_metadata (ec, "test child", "Filter",
      "steered by the test", "gst-streamlab developers");
  ec->change_state = test_child_change_state;
  tc_class->transform_ip = test_child_transform_ip;
  tc_class->sink_event = test_child_sink_event;
}

static void
test_child_init (TestChild *self)
{
  gst_base_transform_set_in_place (GST_BASE_TRANSFORM (self), TRUE);
  gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (self), TRUE);
}

static void
tc_reset (void)
{
  tch.fail_seq = tch.stall_seq = G_MAXUINT64;
  tch.stalled = tch.flushing = FALSE;
  tch.on_start = NULL;
}

static void
tc_wait_stalled (void)
{
  g_mutex_lock (&tch.lock);
  while (!tch.stalled)
    g_cond_wait (&tch.cond, &tch.lock);
  g_mutex_unlock (&tch.lock);
}

typedef struct
{
  GstHarness *h;
  guint64 seq;
  GstFlowReturn ret;
} PushJob;

static gpointer
push_job_func (gpointer data)
{
  PushJob *job = data;

  job->ret = gst_harness_push (job->h, make_frame (job->seq));
  return NULL;
}

static GThread *
push_in_thread (PushJob *job, GstHarness *h, guint64 seq)
{
  job->h = h;
  job->seq = seq;
  job->ret = GST_FLOW_CUSTOM_ERROR;
  return g_thread_new ("push", push_job_func, job);
}

static void
restart_stream (Fixture *f)
{
  GstSegment seg;

  fail_unless (gst_harness_push_event (f->h, gst_event_new_flush_stop (TRUE)));
  gst_segment_init (&seg, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (f->h, gst_event_new_segment (&seg)));
}

/* ------------------------------------------------------------------ */
/* issue 18.5: dead-letter prerolls whatever fails */

/* Runs @desc to its end; returns the first EOS or ERROR message. */
static GstMessage *
run_to_end (const gchar *desc, GstElement **r_out)
{
  GstElement *pipeline;
  GstBus *bus;
  GstMessage *msg;
  GError *err = NULL;

  pipeline = gst_parse_launch (desc, &err);
  fail_unless (pipeline != NULL, "%s", err ? err->message : desc);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  /* a time limit only to fail instead of hanging */
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (r_out)
    *r_out = gst_bin_get_by_name (GST_BIN (pipeline), "r");
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return msg;
}

static void
expect_eos (const gchar *desc, guint64 n, guint64 dead_lettered)
{
  GstElement *r = NULL;
  GstMessage *msg = run_to_end (desc, &r);

  fail_unless (msg != NULL, "no EOS: %s", desc);
  fail_unless_equals_string (GST_MESSAGE_TYPE_NAME (msg), "eos");
  gst_message_unref (msg);
  fail_unless_equals_uint64 (stat (r, "frames-in"), n);
  fail_unless_equals_uint64 (stat (r, "frames-dead-lettered"), dead_lettered);
  check_invariant (r);
  gst_object_unref (r);
}

GST_START_TEST (test_dead_letter_all_fail)
{
  /* every frame fails: nothing ever reaches src */
  expect_eos ("slsinesrc num-buffers=20 samplesperbuffer=64 ! "
              "slresilient.( name=r error-policy=dead-letter slchaos every=1 ) "
              "! "
              "fakesink r.deadletter ! queue ! fakesink",
      20, 20);
  /* the first frame fails, the back-off rejects all the others */
  expect_eos (
      "slsinesrc num-buffers=20 samplesperbuffer=64 ! "
      "slresilient.( name=r error-policy=dead-letter restart=exponential "
      "restart-base-ms=100000 restart-max-ms=100000 slchaos "
      "at=\"<(guint64)0>\" ) ! fakesink r.deadletter ! queue ! fakesink",
      20, 20);
  /* an open circuit rejects them */
  expect_eos (
      "slsinesrc num-buffers=20 samplesperbuffer=64 ! "
      "slresilient.( name=r error-policy=dead-letter restart=circuit-breaker "
      "failure-threshold=1 circuit-timeout-ms=100000 slchaos "
      "at=\"<(guint64)0>\" ) ! fakesink r.deadletter ! queue ! fakesink",
      20, 20);
  /* no failure at all: the deadletter sink prerolls on a gap */
  expect_eos ("slsinesrc num-buffers=20 samplesperbuffer=64 ! "
              "slresilient.( name=r error-policy=dead-letter slchaos ) ! "
              "fakesink r.deadletter ! queue ! fakesink",
      20, 0);
  /* both branches with a queue */
  expect_eos ("slsinesrc num-buffers=20 samplesperbuffer=64 ! "
              "slresilient.( name=r error-policy=dead-letter slchaos every=2 ) "
              "! "
              "queue ! fakesink r.deadletter ! queue ! fakesink",
      20, 10);
}

GST_END_TEST;

/* A deadletter branch whose sink the streaming thread reaches without a
 * queue cannot preroll with the src branch: a clear error, not a hang. */
GST_START_TEST (test_dead_letter_without_queue)
{
  GstMessage *msg = run_to_end (
      "slsinesrc num-buffers=20 "
      "samplesperbuffer=64 ! slresilient.( name=r error-policy=dead-letter "
      "slchaos every=2 ) ! queue ! fakesink r.deadletter ! fakesink",
      NULL);
  GError *err = NULL;
  gchar *dbg = NULL;

  fail_unless (msg != NULL, "hangs");
  fail_unless_equals_string (GST_MESSAGE_TYPE_NAME (msg), "error");
  gst_message_parse_error (msg, &err, &dbg);
  fail_unless (strstr (err->message, "deadletter") != NULL, "%s", err->message);
  fail_unless (strstr (err->message, "queue") != NULL, "%s", err->message);
  GST_INFO ("%s (%s)", err->message, dbg);
  g_error_free (err);
  g_free (dbg);
  gst_message_unref (msg);
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* issue 18.7: every wait is woken by a flush, by READY and by EOS */

static void
flush_during_restart (GstElement *child)
{
  GstElement *r = GST_ELEMENT (gst_object_get_parent (GST_OBJECT (child)));
  GstPad *sink = gst_element_get_static_pad (r, "sink");

  tch.on_start = NULL;
  /* an upstream flush arrives while the child is being restarted */
  fail_unless (gst_pad_send_event (sink, gst_event_new_flush_start ()));
  gst_object_unref (sink);
  gst_object_unref (r);
}

GST_START_TEST (test_flush_during_restart)
{
  Fixture f;

  tc_reset ();
  fixture_setup (&f, "error-policy=retry restart=immediate",
      "sltestchild name=c", FALSE);
  push_frames (&f, 0, 1);
  tch.fail_seq = 2;
  tch.on_start = flush_during_restart;
  /* frame 2 fails, the retry restarts the child, the flush comes */
  fail_unless_equals_int (gst_harness_push (f.h, make_frame (2)),
      GST_FLOW_FLUSHING);
  tch.fail_seq = G_MAXUINT64;
  /* the flush reached downstream although the child was down, and the
   * frame did not come out after it */
  fail_unless_equals_int (gst_harness_buffers_in_queue (f.h), 2);
  fail_unless_equals_int (count_events (f.h, GST_EVENT_FLUSH_START), 1);
  fail_unless_equals_uint64 (stat (f.r, "frames-flushed"), 1);
  check_invariant (f.r);

  restart_stream (&f);
  fail_unless_equals_int (count_events (f.h, GST_EVENT_FLUSH_STOP), 1);
  push_frames (&f, 3, 4);
  fail_unless_equals_int (gst_harness_buffers_in_queue (f.h), 4);
  check_invariant (f.r);
  fixture_teardown (&f);
}

GST_END_TEST;

typedef enum
{
  WAKE_FLUSH,
  WAKE_READY,
  WAKE_EOS,
} Wake;

/* The retry delay runs on the element's clock (here the test clock) and
 * ends at once when the stream is flushed, stopped or ended. */
static void
retry_delay_woken (Wake how)
{
  Fixture f;
  GstTestClock *clock;
  PushJob job;
  GThread *t;

  fixture_setup (&f,
      "error-policy=retry retry-delay-ms=600000 "
      "max-retries=2",
      "slchaos name=c mode=error at=\"<(guint64)1>\"", TRUE);
  clock = gst_harness_get_testclock (f.h);
  push_frames (&f, 0, 0);
  t = push_in_thread (&job, f.h, 1);
  fail_unless (gst_test_clock_timed_wait_for_multiple_pending_ids (clock, 1,
                   20000, NULL),
      "the retry delay does not wait on the clock");
  switch (how) {
    case WAKE_FLUSH:
      fail_unless (gst_harness_push_event (f.h, gst_event_new_flush_start ()));
      break;
    case WAKE_READY:
      fail_unless (gst_element_set_state (f.r, GST_STATE_READY) !=
          GST_STATE_CHANGE_FAILURE);
      break;
    case WAKE_EOS:
      fail_unless (gst_element_send_event (f.r, gst_event_new_eos ()));
      break;
  }
  g_thread_join (t);
  if (how == WAKE_EOS) {
    /* the stream ends: the frame goes to the fallback at once */
    fail_unless_equals_int (job.ret, GST_FLOW_OK);
    fail_unless_equals_uint64 (stat (f.r, "frames-skipped"), 1);
  } else {
    fail_unless_equals_int (job.ret, GST_FLOW_FLUSHING);
    fail_unless_equals_uint64 (stat (f.r, "frames-flushed"), 1);
  }
  fail_unless_equals_uint64 (stat (f.r, "errors"), 1);
  fail_unless_equals_uint64 (stat (f.r, "frames-out"), 1);
  check_invariant (f.r);
  gst_object_unref (clock);
  fixture_teardown (&f);
}

GST_START_TEST (test_retry_delay_flush)
{
  retry_delay_woken (WAKE_FLUSH);
}

GST_END_TEST;

GST_START_TEST (test_retry_delay_ready)
{
  retry_delay_woken (WAKE_READY);
}

GST_END_TEST;

GST_START_TEST (test_retry_delay_eos)
{
  retry_delay_woken (WAKE_EOS);
}

GST_END_TEST;

/* The retry delay passes on the test clock, then the frame is retried. */
GST_START_TEST (test_retry_delay_clock)
{
  Fixture f;
  GstTestClock *clock;
  PushJob job;
  GThread *t;
  GstBuffer *buf;

  fixture_setup (&f, "error-policy=retry retry-delay-ms=250 max-retries=2",
      "slchaos name=c mode=error at=\"<(guint64)1>\"", TRUE);
  clock = gst_harness_get_testclock (f.h);
  push_frames (&f, 0, 0);
  t = push_in_thread (&job, f.h, 1);
  fail_unless (gst_test_clock_timed_wait_for_multiple_pending_ids (clock, 1,
      20000, NULL));
  gst_test_clock_advance_time (clock, 249 * GST_MSECOND);
  fail_unless (gst_test_clock_peek_next_pending_id (clock, NULL));
  gst_test_clock_advance_time (clock, 1 * GST_MSECOND);
  fail_unless (gst_test_clock_crank (clock));
  g_thread_join (t);
  fail_unless_equals_int (job.ret, GST_FLOW_OK);
  gst_buffer_unref (gst_harness_pull (f.h));
  buf = gst_harness_pull (f.h);
  fail_unless_equals_uint64 (frame_seq (buf), 1);
  fail_unless (frame_intact (buf, 1));
  gst_buffer_unref (buf);
  fail_unless_equals_uint64 (stat (f.r, "retries"), 1);
  check_invariant (f.r);
  gst_object_unref (clock);
  fixture_teardown (&f);
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* issue 18.13: frames flushed inside slresilient are counted */

GST_START_TEST (test_flushed_stalled_frame)
{
  Fixture f;
  PushJob job;
  GThread *t;

  tc_reset ();
  fixture_setup (&f, "error-policy=skip-frame", "sltestchild name=c", FALSE);
  push_frames (&f, 0, 1);
  tch.stall_seq = 2;
  t = push_in_thread (&job, f.h, 2);
  tc_wait_stalled ();
  fail_unless (gst_harness_push_event (f.h, gst_event_new_flush_start ()));
  g_thread_join (t);
  tch.stall_seq = G_MAXUINT64;
  fail_unless_equals_int (job.ret, GST_FLOW_FLUSHING);
  fail_unless_equals_uint64 (stat (f.r, "frames-flushed"), 1);
  fail_unless_equals_uint64 (stat (f.r, "errors"), 0);
  check_invariant (f.r);
  restart_stream (&f);
  push_frames (&f, 3, 3);
  fail_unless_equals_uint64 (stat (f.r, "frames-out"), 3);
  check_invariant (f.r);
  fixture_teardown (&f);
}

GST_END_TEST;

/* The counters are up to date when a message goes out: a handler of the
 * message reads them. */
static GstBusSyncReply
check_counters_sync (GstBus *bus, GstMessage *msg, gpointer data)
{
  guint *seen = data;
  GstElement *r;
  guint64 errors;

  if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_ELEMENT)
    return GST_BUS_PASS;
  r = GST_ELEMENT (GST_MESSAGE_SRC (msg));
  if (gst_message_has_name (msg, SL_RESILIENT_MESSAGE_ERROR_HANDLED)) {
    fail_unless (gst_structure_get_uint64 (gst_message_get_structure (msg),
        "errors", &errors));
    fail_unless_equals_uint64 (stat (r, "errors"), errors);
    check_invariant (r);
    (*seen)++;
  } else if (gst_message_has_name (msg, SL_RESILIENT_MESSAGE_RESTART)) {
    guint64 restarts;

    fail_unless (gst_structure_get_uint64 (gst_message_get_structure (msg),
        "restarts", &restarts));
    fail_unless_equals_uint64 (stat (r, "restarts"), restarts);
  }
  return GST_BUS_PASS;
}

GST_START_TEST (test_counters_before_messages)
{
  static const gchar *policies[] = { "skip-frame", "use-default", "dead-letter",
    "retry max-retries=1 retry-fallback-policy=dead-letter" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (policies); i++) {
    Fixture f;
    gchar *props =
        g_strdup_printf ("error-policy=%s restart=immediate", policies[i]);
    guint seen = 0;

    fixture_setup (&f, props,
        "slchaos name=c mode=error persistent=true "
        "at=\"<(guint64)1, (guint64)3>\"",
        FALSE);
    gst_bus_set_sync_handler (f.bus, check_counters_sync, &seen, NULL);
    push_frames (&f, 0, 4);
    fail_unless_equals_int (seen, 2);
    check_invariant (f.r);
    gst_bus_set_sync_handler (f.bus, NULL, NULL, NULL);
    fixture_teardown (&f);
    g_free (props);
  }
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* issue 18.11: an error after the frame's output is not its failure */

static gpointer
post_late_error (gpointer child)
{
  GError *err =
      g_error_new (GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED, "late failure");

  gst_element_post_message (GST_ELEMENT (child),
      gst_message_new_error (GST_OBJECT (child), err, "late"));
  g_error_free (err);
  return NULL;
}

static GstPadProbeReturn
late_error_probe (GstPad *pad, GstPadProbeInfo *info, gpointer child)
{
  /* the child posts an ERROR from another thread once frame 3 is out */
  if (frame_seq (GST_PAD_PROBE_INFO_BUFFER (info)) == 3)
    g_thread_join (g_thread_new ("late-error", post_late_error, child));
  return GST_PAD_PROBE_OK;
}

GST_START_TEST (test_error_after_output)
{
  static const gchar *policies[] = { "use-default", "retry", "dead-letter",
    "skip-frame" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (policies); i++) {
    Fixture f;
    gchar *props = g_strdup_printf ("error-policy=%s", policies[i]);
    GList *msgs;
    guint64 seq;

    fixture_setup (&f, props, "identity name=c", FALSE);
    gst_pad_add_probe (f.h->sinkpad, GST_PAD_PROBE_TYPE_BUFFER,
        late_error_probe, f.chaos, NULL);
    push_frames (&f, 0, 5);
    /* each frame once, in order, none on deadletter */
    for (seq = 0; seq < 6; seq++) {
      GstBuffer *buf = gst_harness_pull (f.h);

      fail_unless_equals_uint64 (frame_seq (buf), seq);
      fail_unless (frame_intact (buf, seq));
      gst_buffer_unref (buf);
    }
    fail_unless_equals_int (gst_harness_buffers_in_queue (f.h), 0);
    fail_unless_equals_int (gst_harness_buffers_in_queue (f.dl), 0);
    fail_unless_equals_uint64 (stat (f.r, "errors"), 1);
    fail_unless_equals_uint64 (stat (f.r, "frames-out"), 6);
    fail_unless_equals_uint64 (stat (f.r, "retries"), 0);
    check_invariant (f.r);
    /* handled as a failure of the child without a frame */
    msgs = pop_messages (f.bus, SL_RESILIENT_MESSAGE_ERROR_HANDLED);
    fail_unless_equals_int (g_list_length (msgs), 1);
    fail_if (gst_structure_has_field (gst_message_get_structure (msgs->data),
        "seq"));
    g_list_free_full (msgs, (GDestroyNotify) gst_message_unref);
    fixture_teardown (&f);
    g_free (props);
  }
}

GST_END_TEST;

/* ------------------------------------------------------------------ */
/* issue 18.14: a child that cannot negotiate is not a frame failure */

GST_START_TEST (test_child_cannot_negotiate)
{
  static const gchar *policies[] = { "skip-frame", "use-default", "dead-letter",
    "retry" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (policies); i++) {
    gchar *desc = g_strdup_printf ("slsinesrc num-buffers=3 ! "
                                   "slresilient.( name=r error-policy=%s "
                                   "slfilter cutoff=30000 ) ! "
                                   "fakesink r.deadletter ! queue ! fakesink",
        policies[i]);
    GstElement *r = NULL;
    GstMessage *msg = run_to_end (desc, &r);
    GError *err = NULL;

    fail_unless (msg != NULL);
    fail_unless_equals_string (GST_MESSAGE_TYPE_NAME (msg), "error");
    gst_message_parse_error (msg, &err, NULL);
    fail_unless (strstr (err->message, "cutoff") != NULL, "%s: %s", policies[i],
        err->message);
    /* the child's bad setting reaches the application as it was posted */
    fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
                     GST_RESOURCE_ERROR_SETTINGS),
        "%s: %s", policies[i], g_quark_to_string (err->domain));
    fail_unless_equals_uint64 (stat (r, "errors"), 0);
    check_invariant (r);
    g_error_free (err);
    gst_message_unref (msg);
    gst_object_unref (r);
    g_free (desc);
  }
}

GST_END_TEST;

/* A restart is not seen downstream: the child's stream-start, caps and
 * segment, sent again after it, do not go out a second time. */
GST_START_TEST (test_restart_invisible_downstream)
{
  Fixture f;

  fixture_setup (&f, "error-policy=skip-frame restart=immediate",
      "slchaos name=c mode=error at=\"<(guint64)1, (guint64)3>\"", FALSE);
  push_frames (&f, 0, 4);
  fail_unless_equals_uint64 (stat (f.r, "restarts"), 2);
  fail_unless_equals_int (gst_harness_buffers_in_queue (f.h), 3);
  {
    GstEvent *ev;
    guint n_start = 0, n_caps = 0, n_segment = 0;

    while ((ev = gst_harness_try_pull_event (f.h))) {
      n_start += GST_EVENT_TYPE (ev) == GST_EVENT_STREAM_START;
      n_caps += GST_EVENT_TYPE (ev) == GST_EVENT_CAPS;
      n_segment += GST_EVENT_TYPE (ev) == GST_EVENT_SEGMENT;
      gst_event_unref (ev);
    }
    fail_unless_equals_int (n_start, 1);
    fail_unless_equals_int (n_caps, 1);
    fail_unless_equals_int (n_segment, 1);
  }
  fixture_teardown (&f);
}

GST_END_TEST;

static Suite *
slresilient_suite (void)
{
  Suite *s = suite_create ("slresilient");
  TCase *tc = tcase_create ("general");

  g_mutex_init (&tch.lock);
  g_cond_init (&tch.cond);
  tc_reset ();
  gst_element_register (NULL, "sltestchild", GST_RANK_NONE,
      test_child_get_type ());

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_rates_skip_frame);
  tcase_add_test (tc, test_rates_use_default);
  tcase_add_test (tc, test_rates_dead_letter);
  tcase_add_test (tc, test_rates_retry);
  tcase_add_test (tc, test_use_default_frames);
  tcase_add_test (tc, test_use_default_converted_format);
  tcase_add_test (tc, test_dead_letter_metadata);
  tcase_add_test (tc, test_retry_passes);
  tcase_add_test (tc, test_retry_exhausted);
  tcase_add_test (tc, test_propagate);
  tcase_add_test (tc, test_absorbed);
  tcase_add_test (tc, test_timeout);
  tcase_add_test (tc, test_timeout_restart_use_default);
  tcase_add_test (tc, test_upstream_flush);
  tcase_add_test (tc, test_exponential_backoff);
  tcase_add_test (tc, test_exponential_gives_up);
  tcase_add_test (tc, test_circuit_breaker);
  tcase_add_test (tc, test_app_chain);
  tcase_add_test (tc, test_bad_input);
  tcase_add_test (tc, test_dead_letter_all_fail);
  tcase_add_test (tc, test_dead_letter_without_queue);
  tcase_add_test (tc, test_flush_during_restart);
  tcase_add_test (tc, test_retry_delay_flush);
  tcase_add_test (tc, test_retry_delay_ready);
  tcase_add_test (tc, test_retry_delay_eos);
  tcase_add_test (tc, test_retry_delay_clock);
  tcase_add_test (tc, test_flushed_stalled_frame);
  tcase_add_test (tc, test_counters_before_messages);
  tcase_add_test (tc, test_error_after_output);
  tcase_add_test (tc, test_child_cannot_negotiate);
  tcase_add_test (tc, test_restart_invisible_downstream);
  return s;
}

GST_CHECK_MAIN (slresilient);
