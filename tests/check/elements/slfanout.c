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

/* ---- helpers ---- */

/* A frame whose offset is its number. */
static GstBuffer *
frame (guint64 n)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 64 * sizeof (gdouble), NULL);

  GST_BUFFER_OFFSET (buf) = n;
  GST_BUFFER_PTS (buf) = n * GST_MSECOND;
  GST_BUFFER_DURATION (buf) = GST_MSECOND;
  return buf;
}

static guint64
pad_u64 (GstElement *e, const gchar *pad_name, const gchar *prop)
{
  GstPad *pad = gst_element_get_static_pad (e, pad_name);
  guint64 v;

  fail_unless (pad != NULL, "no pad %s", pad_name);
  g_object_get (pad, prop, &v, NULL);
  gst_object_unref (pad);
  return v;
}

static guint
pad_uint (GstElement *e, const gchar *pad_name, const gchar *prop)
{
  GstPad *pad = gst_element_get_static_pad (e, pad_name);
  guint v;

  fail_unless (pad != NULL, "no pad %s", pad_name);
  g_object_get (pad, prop, &v, NULL);
  gst_object_unref (pad);
  return v;
}

/* The fanout's pad feeding an output harness. */
static GstPad *
branch_pad (GstHarness *h)
{
  return gst_pad_get_peer (h->sinkpad);
}

static void
wait_eos (GstHarness *h)
{
  for (;;) {
    GstEvent *ev = gst_harness_pull_event (h);
    gboolean eos;

    fail_unless (ev != NULL, "no EOS on the branch");
    eos = GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
    gst_event_unref (ev);
    if (eos)
      return;
  }
}

/* Pops the next backpressure message of branch @pad (any if NULL). */
static const GstStructure *
pop_backpressure_of (GstBus *bus, const gchar *pad, GstMessage **msg)
{
  for (;;) {
    const GstStructure *s;

    *msg =
        gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_ELEMENT);
    if (*msg == NULL)
      return NULL;
    s = gst_message_get_structure (*msg);
    if (gst_structure_has_name (s, "streamlab-backpressure") &&
        (pad == NULL || !g_strcmp0 (gst_structure_get_string (s, "pad"), pad)))
      return s;
    gst_message_unref (*msg);
  }
}

#define pop_backpressure(bus, msg) pop_backpressure_of (bus, NULL, msg)

/* A gate on a branch: the branch thread stops in the probe, with a frame
 * in hand, until the gate opens (or a flush starts). */
typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean open;
  guint entered;
} Gate;

static void
gate_init (Gate *g)
{
  g_mutex_init (&g->lock);
  g_cond_init (&g->cond);
  g->open = FALSE;
  g->entered = 0;
}

static void
gate_clear (Gate *g)
{
  g_mutex_clear (&g->lock);
  g_cond_clear (&g->cond);
}

static void
gate_open (Gate *g)
{
  g_mutex_lock (&g->lock);
  g->open = TRUE;
  g_cond_broadcast (&g->cond);
  g_mutex_unlock (&g->lock);
}

static void
gate_wait_entered (Gate *g, guint n)
{
  g_mutex_lock (&g->lock);
  while (g->entered < n)
    g_cond_wait (&g->cond, &g->lock);
  g_mutex_unlock (&g->lock);
}

static GstPadProbeReturn
gate_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Gate *g = user_data;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_EVENT_FLUSH) {
    if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) ==
        GST_EVENT_FLUSH_START)
      gate_open (g);
    return GST_PAD_PROBE_OK;
  }
  g_mutex_lock (&g->lock);
  g->entered++;
  g_cond_broadcast (&g->cond);
  while (!g->open)
    g_cond_wait (&g->cond, &g->lock);
  g_mutex_unlock (&g->lock);
  return GST_PAD_PROBE_OK;
}

/* The gate holds buffers on the fanout's pad; a flush-start reaching the
 * harness (whose pad is flushing by then) opens it. */
static void
add_gate (GstHarness *out, Gate *g)
{
  GstPad *pad = branch_pad (out);

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, gate_probe, g, NULL);
  gst_pad_add_probe (out->sinkpad, GST_PAD_PROBE_TYPE_EVENT_FLUSH, gate_probe,
      g, NULL);
  gst_object_unref (pad);
}

/* One input harness and @n output harnesses on a new fanout. */
static GstElement *
setup_fanout (const gchar *props, GstHarness **in, GstHarness **out, guint n,
    GstBus **bus)
{
  GstElement *fanout = gst_element_factory_make ("slfanout", "f");
  guint i;

  fail_unless (fanout != NULL);
  if (props) {
    gchar **kv = g_strsplit (props, " ", -1);

    for (i = 0; kv[i]; i++) {
      gchar **p = g_strsplit (kv[i], "=", 2);

      gst_util_set_object_arg (G_OBJECT (fanout), p[0], p[1]);
      g_strfreev (p);
    }
    g_strfreev (kv);
  }
  if (bus) {
    *bus = gst_bus_new ();
    gst_element_set_bus (fanout, *bus);
  }
  *in = gst_harness_new_with_element (fanout, "sink", NULL);
  for (i = 0; i < n; i++)
    out[i] = gst_harness_new_with_element (fanout, NULL, "src_%u");
  return fanout;
}

static void
teardown_fanout (GstElement *fanout, GstHarness *in, GstHarness **out, guint n,
    GstBus *bus)
{
  guint i;

  for (i = 0; i < n; i++)
    gst_harness_teardown (out[i]);
  gst_harness_teardown (in);
  if (bus) {
    gst_element_set_bus (fanout, NULL);
    gst_bus_set_flushing (bus, TRUE);
    gst_object_unref (bus);
  }
  gst_object_unref (fanout);
}

/* ---- tests ---- */

GST_START_TEST (test_zero_copy)
{
  GstHarness *in, *out[3];
  GstElement *fanout = setup_fanout (NULL, &in, out, 3, NULL);
  GstBuffer *sent[100];
  guint i, b;

  gst_harness_set_src_caps_str (in, CAPS);
  for (i = 0; i < G_N_ELEMENTS (sent); i++) {
    sent[i] = frame (i);
    fail_unless_equals_int (gst_harness_push (in, gst_buffer_ref (sent[i])),
        GST_FLOW_OK);
  }
  gst_harness_push_event (in, gst_event_new_eos ());

  for (b = 0; b < 3; b++) {
    gchar *name = g_strdup_printf ("src_%u", b);

    for (i = 0; i < G_N_ELEMENTS (sent); i++) {
      GstBuffer *got = gst_harness_pull (out[b]);

      /* the very same buffer, not a copy */
      fail_unless (got == sent[i], "branch %u frame %u: %p is not %p", b, i,
          got, sent[i]);
      gst_buffer_unref (got);
    }
    wait_eos (out[b]);
    fail_unless_equals_uint64 (pad_u64 (fanout, name, "frames-delivered"), 100);
    fail_unless_equals_uint64 (pad_u64 (fanout, name, "frames-dropped"), 0);
    fail_unless_equals_int (pad_uint (fanout, name, "level"), 0);
    g_free (name);
  }
  for (i = 0; i < G_N_ELEMENTS (sent); i++) {
    /* only the test holds them now: nothing kept a reference behind */
    fail_unless_equals_int (GST_MINI_OBJECT_REFCOUNT_VALUE (sent[i]), 1);
    gst_buffer_unref (sent[i]);
  }
  teardown_fanout (fanout, in, out, 3, NULL);
}

GST_END_TEST;

/* Capacity 3, one frame held downstream by the gate, 9 more pushed: the
 * policy decides which 3 stay. */
static void
check_drop_policy (const gchar *policy, const guint64 *expect, guint n_expect)
{
  GstHarness *in, *out[1];
  GstBus *bus;
  gchar *props =
      g_strdup_printf ("capacity=3 policy=%s message-interval=0", policy);
  GstElement *fanout = setup_fanout (props, &in, out, 1, &bus);
  const GstStructure *s;
  GstMessage *msg;
  Gate gate;
  guint64 v;
  guint i;

  g_free (props);
  gate_init (&gate);
  add_gate (out[0], &gate);
  gst_harness_set_src_caps_str (in, CAPS);

  fail_unless_equals_int (gst_harness_push (in, frame (0)), GST_FLOW_OK);
  gate_wait_entered (&gate, 1);
  for (i = 1; i < 10; i++)
    fail_unless_equals_int (gst_harness_push (in, frame (i)), GST_FLOW_OK);

  fail_unless_equals_int (pad_uint (fanout, "src_0", "level"), 3);
  fail_unless_equals_int (pad_uint (fanout, "src_0", "high-water"), 3);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-dropped"), 6);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-delivered"), 0);

  /* reported full once, with its counters at that moment */
  s = pop_backpressure (bus, &msg);
  fail_unless (s != NULL);
  fail_unless_equals_string (gst_structure_get_string (s, "pad"), "src_0");
  fail_unless_equals_string (gst_structure_get_string (s, "state"), "full");
  fail_unless_equals_string (gst_structure_get_string (s, "policy"), policy);
  fail_unless (gst_structure_get_uint64 (s, "frames-dropped", &v));
  fail_unless_equals_uint64 (v, 0);
  fail_unless (gst_structure_get_uint64 (s, "episodes", &v));
  fail_unless_equals_uint64 (v, 1);
  fail_unless (GST_MESSAGE_SRC (msg) == GST_OBJECT (fanout));
  gst_message_unref (msg);

  gate_open (&gate);
  gst_harness_push_event (in, gst_event_new_eos ());
  for (i = 0; i < n_expect; i++) {
    GstBuffer *got = gst_harness_pull (out[0]);

    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (got), expect[i]);
    gst_buffer_unref (got);
  }
  wait_eos (out[0]);
  fail_unless_equals_int (gst_harness_buffers_in_queue (out[0]), 0);

  s = pop_backpressure (bus, &msg);
  fail_unless (s != NULL);
  fail_unless_equals_string (gst_structure_get_string (s, "state"),
      "recovered");
  gst_message_unref (msg);
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ELEMENT) == NULL);

  /* every frame accounted for */
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-delivered"),
      n_expect);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-dropped"),
      10 - n_expect);
  fail_unless_equals_int (pad_uint (fanout, "src_0", "level"), 0);
  {
    guint64 in_frames;

    g_object_get (fanout, "frames-in", &in_frames, NULL);
    fail_unless_equals_uint64 (in_frames, 10);
  }

  teardown_fanout (fanout, in, out, 1, bus);
  gate_clear (&gate);
}

GST_START_TEST (test_drop_oldest)
{
  static const guint64 expect[] = { 0, 7, 8, 9 };

  check_drop_policy ("drop-oldest", expect, G_N_ELEMENTS (expect));
}

GST_END_TEST;

GST_START_TEST (test_drop_newest)
{
  static const guint64 expect[] = { 0, 1, 2, 3 };

  check_drop_policy ("drop-newest", expect, G_N_ELEMENTS (expect));
}

GST_END_TEST;

typedef struct
{
  GstHarness *in;
  Gate *gate;
  guint first, n;
  gint pushed;
  GstFlowReturn last;
} Pusher;

static gpointer
pusher_thread (gpointer data)
{
  Pusher *p = data;
  guint i;

  for (i = p->first; i < p->first + p->n; i++) {
    p->last = gst_harness_push (p->in, frame (i));
    /* the branch thread holds frame 0 before the rest is pushed */
    if (i == 0 && p->gate)
      gate_wait_entered (p->gate, 1);
    g_atomic_int_inc (&p->pushed);
    if (p->last != GST_FLOW_OK)
      break;
  }
  return NULL;
}

GST_START_TEST (test_block_holds_upstream)
{
  GstHarness *in, *out[2];
  GstBus *bus;
  GstElement *fanout =
      setup_fanout ("capacity=2 message-interval=0", &in, out, 2, &bus);
  const GstStructure *s;
  GstMessage *msg;
  Pusher p = {
    0,
  };
  GThread *thread;
  Gate gate;
  guint i, b;

  gate_init (&gate);
  add_gate (out[0], &gate);
  gst_harness_set_src_caps_str (in, CAPS);

  p.in = in;
  p.gate = &gate;
  p.n = 6;
  thread = g_thread_new ("pusher", pusher_thread, &p);

  /* frame 0 held downstream, 1 and 2 queued: frame 3 finds src_0 full
   * (src_1 may fill up too for a moment, which is fine) */
  s = pop_backpressure_of (bus, "src_0", &msg);
  fail_unless (s != NULL);
  fail_unless_equals_string (gst_structure_get_string (s, "pad"), "src_0");
  fail_unless_equals_string (gst_structure_get_string (s, "state"), "full");
  fail_unless_equals_string (gst_structure_get_string (s, "policy"), "block");
  gst_message_unref (msg);
  /* and upstream is held: the push of frame 3 has not returned */
  fail_unless_equals_int (g_atomic_int_get (&p.pushed), 3);
  fail_unless_equals_int (pad_uint (fanout, "src_0", "level"), 2);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-dropped"), 0);

  gate_open (&gate);
  g_thread_join (thread);
  fail_unless_equals_int (p.pushed, 6);
  fail_unless_equals_int (p.last, GST_FLOW_OK);
  gst_harness_push_event (in, gst_event_new_eos ());

  for (b = 0; b < 2; b++) {
    gchar *name = g_strdup_printf ("src_%u", b);

    for (i = 0; i < 6; i++) {
      GstBuffer *got = gst_harness_pull (out[b]);

      fail_unless_equals_uint64 (GST_BUFFER_OFFSET (got), i);
      gst_buffer_unref (got);
    }
    wait_eos (out[b]);
    fail_unless_equals_uint64 (pad_u64 (fanout, name, "frames-delivered"), 6);
    fail_unless_equals_uint64 (pad_u64 (fanout, name, "frames-dropped"), 0);
    fail_unless (pad_uint (fanout, name, "high-water") <= 2);
    g_free (name);
  }

  teardown_fanout (fanout, in, out, 2, bus);
  gate_clear (&gate);
}

GST_END_TEST;

/* Records what passes a branch pad, in order. */
static GstPadProbeReturn
record_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GString *log = user_data;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER)
    g_string_append_printf (log, "b%" G_GUINT64_FORMAT " ",
        GST_BUFFER_OFFSET (GST_PAD_PROBE_INFO_BUFFER (info)));
  else
    g_string_append_printf (log, "%s ",
        GST_EVENT_TYPE_NAME (GST_PAD_PROBE_INFO_EVENT (info)));
  return GST_PAD_PROBE_OK;
}

GST_START_TEST (test_event_order)
{
  GstHarness *in, *out[2];
  GstElement *fanout = setup_fanout ("capacity=4", &in, out, 2, NULL);
  GString *log[2];
  GstTagList *tags;
  guint i, b;
  const gchar *expect = "stream-start caps segment b0 b1 b2 b3 b4 "
                        "custom-downstream b5 b6 b7 b8 b9 tag eos ";

  for (b = 0; b < 2; b++) {
    GstPad *pad = branch_pad (out[b]);

    log[b] = g_string_new (NULL);
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_DATA_DOWNSTREAM, record_probe,
        log[b], NULL);
    gst_object_unref (pad);
  }

  gst_harness_set_src_caps_str (in, CAPS);
  for (i = 0; i < 5; i++)
    fail_unless_equals_int (gst_harness_push (in, frame (i)), GST_FLOW_OK);
  gst_harness_push_event (in,
      gst_event_new_custom (GST_EVENT_CUSTOM_DOWNSTREAM,
          gst_structure_new_empty ("marker")));
  for (i = 5; i < 10; i++)
    fail_unless_equals_int (gst_harness_push (in, frame (i)), GST_FLOW_OK);
  tags = gst_tag_list_new (GST_TAG_TITLE, "x", NULL);
  gst_harness_push_event (in, gst_event_new_tag (tags));
  gst_harness_push_event (in, gst_event_new_eos ());

  for (b = 0; b < 2; b++) {
    wait_eos (out[b]);
    fail_unless_equals_string (log[b]->str, expect);
  }

  teardown_fanout (fanout, in, out, 2, NULL);
  for (b = 0; b < 2; b++)
    g_string_free (log[b], TRUE);
}

GST_END_TEST;

GST_START_TEST (test_sticky_events_late_pad)
{
  GstHarness *in, *out[2];
  GstElement *fanout = setup_fanout (NULL, &in, out, 1, NULL);
  GstBuffer *got;
  GstCaps *caps, *expect;
  GstEvent *seg;
  guint i;

  gst_harness_set_src_caps_str (in, CAPS);
  for (i = 0; i < 3; i++)
    fail_unless_equals_int (gst_harness_push (in, frame (i)), GST_FLOW_OK);

  /* a branch requested while streaming */
  out[1] = gst_harness_new_with_element (fanout, NULL, "src_%u");
  fail_unless_equals_int (gst_harness_push (in, frame (3)), GST_FLOW_OK);

  got = gst_harness_pull (out[1]);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (got), 3);
  gst_buffer_unref (got);
  /* it received the stream's sticky events before its first frame */
  caps = gst_pad_get_current_caps (out[1]->sinkpad);
  expect = gst_caps_from_string (CAPS);
  fail_unless (caps != NULL && gst_caps_is_equal (caps, expect));
  gst_caps_unref (caps);
  gst_caps_unref (expect);
  seg = gst_pad_get_sticky_event (out[1]->sinkpad, GST_EVENT_SEGMENT, 0);
  fail_unless (seg != NULL);
  gst_event_unref (seg);
  seg = gst_pad_get_sticky_event (out[1]->sinkpad, GST_EVENT_STREAM_START, 0);
  fail_unless (seg != NULL);
  gst_event_unref (seg);

  for (i = 0; i < 4; i++)
    gst_buffer_unref (gst_harness_pull (out[0]));

  teardown_fanout (fanout, in, out, 2, NULL);
}

GST_END_TEST;

GST_START_TEST (test_flush)
{
  GstHarness *in, *out[1];
  GstBus *bus;
  GstElement *fanout =
      setup_fanout ("capacity=2 message-interval=0", &in, out, 1, &bus);
  const GstStructure *s;
  GstMessage *msg;
  GstSegment segment;
  Pusher p = {
    0,
  };
  GThread *thread;
  Gate gate;
  guint i;

  gate_init (&gate);
  add_gate (out[0], &gate);
  gst_harness_set_src_caps_str (in, CAPS);

  p.in = in;
  p.gate = &gate;
  p.n = 4;
  thread = g_thread_new ("pusher", pusher_thread, &p);
  s = pop_backpressure (bus, &msg);
  fail_unless (s != NULL);
  fail_unless_equals_string (gst_structure_get_string (s, "state"), "full");
  gst_message_unref (msg);
  fail_unless_equals_int (g_atomic_int_get (&p.pushed), 3);

  /* the flush releases the held producer, clears the queue and reaches the
   * branch (whose gate opens on flush-start) */
  fail_unless (gst_harness_push_event (in, gst_event_new_flush_start ()));
  g_thread_join (thread);
  fail_unless_equals_int (p.last, GST_FLOW_FLUSHING);
  s = pop_backpressure (bus, &msg);
  fail_unless (s != NULL);
  fail_unless_equals_string (gst_structure_get_string (s, "state"),
      "recovered");
  gst_message_unref (msg);
  fail_unless (gst_harness_push_event (in, gst_event_new_flush_stop (TRUE)));

  /* frame 0 (refused downstream while flushing), 1 and 2 (cleared) and 3
   * (refused while flushing) are dropped; nothing is delivered */
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-dropped"), 4);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-delivered"), 0);
  fail_unless_equals_int (pad_uint (fanout, "src_0", "level"), 0);

  gst_segment_init (&segment, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (in, gst_event_new_segment (&segment)));
  for (i = 4; i < 6; i++)
    fail_unless_equals_int (gst_harness_push (in, frame (i)), GST_FLOW_OK);
  gst_harness_push_event (in, gst_event_new_eos ());
  for (i = 4; i < 6; i++) {
    GstBuffer *got = gst_harness_pull (out[0]);

    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (got), i);
    gst_buffer_unref (got);
  }
  wait_eos (out[0]);
  fail_unless_equals_int (gst_harness_buffers_in_queue (out[0]), 0);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-dropped"), 4);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-delivered"), 2);

  teardown_fanout (fanout, in, out, 1, bus);
  gate_clear (&gate);
}

GST_END_TEST;

/* ---- pipelines ---- */

typedef struct
{
  GMutex lock;
  guint64 next_seq; /* seq expected next */
  guint64 frames;
  gboolean in_order;   /* seqs strictly increasing */
  gboolean contiguous; /* no gap */
  guint delay_us;      /* slows the branch down */
} Watch;

static GstPadProbeReturn
watch_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Watch *w = user_data;
  guint64 seq = 0;

  fail_unless (gst_sl_buffer_get_seq (GST_PAD_PROBE_INFO_BUFFER (info), &seq));
  g_mutex_lock (&w->lock);
  if (seq < w->next_seq)
    w->in_order = FALSE;
  if (seq != w->next_seq)
    w->contiguous = FALSE;
  w->next_seq = seq + 1;
  w->frames++;
  g_mutex_unlock (&w->lock);
  /* a slow consumer: a behaviour of the branch, not a wait for the test */
  if (w->delay_us)
    g_usleep (w->delay_us);
  return GST_PAD_PROBE_OK;
}

static void
watch_init (Watch *w, guint delay_us)
{
  g_mutex_init (&w->lock);
  w->next_seq = 0;
  w->frames = 0;
  w->in_order = TRUE;
  w->contiguous = TRUE;
  w->delay_us = delay_us;
}

static void
watch_pad (GstElement *fanout, const gchar *name, Watch *w)
{
  GstPad *pad = gst_element_get_static_pad (fanout, name);

  fail_unless (pad != NULL);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, watch_probe, w, NULL);
  gst_object_unref (pad);
}

static void
run_to_eos (GstElement *pipeline)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg;

  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_object_unref (bus);
}

#define ISO_FRAMES 300

GST_START_TEST (test_isolation)
{
  GstElement *pipeline, *fanout;
  Watch fast, slow;
  guint64 in_frames;

  /* the slow branch is configured from the launch line */
  pipeline = gst_parse_launch (
      "slsinesrc samplesperbuffer=64 num-buffers=" G_STRINGIFY (
          ISO_FRAMES) " ! slfanout name=f "
                      "src_1::policy=drop-oldest src_1::capacity=2 "
                      "f.src_0 ! fakesink f.src_1 ! fakesink",
      NULL);
  fail_unless (pipeline != NULL);
  fanout = gst_bin_get_by_name (GST_BIN (pipeline), "f");
  watch_init (&fast, 0);
  watch_init (&slow, 5000);
  watch_pad (fanout, "src_0", &fast);
  watch_pad (fanout, "src_1", &slow);

  run_to_eos (pipeline);

  /* EOS is complete only once every branch has drained */
  fail_unless_equals_int (pad_uint (fanout, "src_1", "level"), 0);
  fail_unless_equals_int (pad_uint (fanout, "src_0", "level"), 0);

  g_object_get (fanout, "frames-in", &in_frames, NULL);
  fail_unless_equals_uint64 (in_frames, ISO_FRAMES);
  /* the fast branch got everything, in order */
  fail_unless_equals_uint64 (fast.frames, ISO_FRAMES);
  fail_unless (fast.contiguous);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-delivered"),
      ISO_FRAMES);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-dropped"), 0);
  /* the slow branch dropped (so upstream never waited for it), in order,
   * never held more than its capacity, and accounts for every frame */
  fail_unless (slow.in_order);
  fail_unless (pad_u64 (fanout, "src_1", "frames-dropped") > 0);
  fail_unless (pad_uint (fanout, "src_1", "high-water") <= 2);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_1", "frames-delivered"),
      slow.frames);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_1", "frames-delivered") +
          pad_u64 (fanout, "src_1", "frames-dropped"),
      ISO_FRAMES);
  /* drop-oldest keeps the newest: the last frame got through */
  fail_unless_equals_uint64 (slow.next_seq, ISO_FRAMES);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (fanout);
  gst_object_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_block_pipeline_drains)
{
  GstElement *pipeline, *fanout;
  Watch fast, slow;

  pipeline = gst_parse_launch ("slsinesrc samplesperbuffer=64 num-buffers=40"
                               " ! slfanout name=f capacity=4 f.src_0 ! "
                               "fakesink f.src_1 ! fakesink",
      NULL);
  fanout = gst_bin_get_by_name (GST_BIN (pipeline), "f");
  watch_init (&fast, 0);
  watch_init (&slow, 2000);
  watch_pad (fanout, "src_0", &fast);
  watch_pad (fanout, "src_1", &slow);

  run_to_eos (pipeline);

  /* block: both branches got every frame, in order, nothing dropped, and
   * the EOS message came after the slow one drained */
  fail_unless_equals_uint64 (slow.frames, 40);
  fail_unless (slow.contiguous);
  fail_unless_equals_uint64 (fast.frames, 40);
  fail_unless (fast.contiguous);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_1", "frames-dropped"), 0);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_1", "frames-delivered"), 40);
  fail_unless (pad_uint (fanout, "src_1", "high-water") <= 4);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (fanout);
  gst_object_unref (pipeline);
}

GST_END_TEST;

/* Notes EOS leaving a pad, linked or not. */
static GstPadProbeReturn
eos_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Gate *g = user_data;

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_EOS) {
    g_mutex_lock (&g->lock);
    g->entered++;
    g_cond_broadcast (&g->cond);
    g_mutex_unlock (&g->lock);
  }
  return GST_PAD_PROBE_OK;
}

GST_START_TEST (test_not_linked_branch)
{
  GstElement *pipeline, *fanout;
  GstPad *loose;
  Gate eos;

  pipeline = gst_parse_launch ("slsinesrc samplesperbuffer=64 num-buffers=50"
                               " ! slfanout name=f f.src_0 ! fakesink",
      NULL);
  fanout = gst_bin_get_by_name (GST_BIN (pipeline), "f");
  loose = gst_element_request_pad_simple (fanout, "src_%u");
  fail_unless_equals_string (GST_PAD_NAME (loose), "src_1");
  gate_init (&eos);
  gst_pad_add_probe (loose, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, eos_probe,
      &eos, NULL);

  run_to_eos (pipeline);
  /* no sink waits for the loose branch: wait for its EOS to leave, after
   * its last frame */
  gate_wait_entered (&eos, 1);
  gate_clear (&eos);

  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-delivered"), 50);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_1", "frames-delivered"), 0);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_1", "frames-dropped"), 50);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_element_release_request_pad (fanout, loose);
  gst_object_unref (loose);
  gst_object_unref (fanout);
  gst_object_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_pad_properties)
{
  GstElement *pipeline, *fanout;
  GstPad *pad;
  guint capacity;
  gint policy;

  pipeline = gst_parse_launch (
      "fakesrc num-buffers=1 ! slfanout name=f "
      "capacity=5 policy=drop-newest src_1::policy=drop-oldest "
      "src_1::capacity=7 f.src_0 ! fakesink f.src_1 ! fakesink",
      NULL);
  fail_unless (pipeline != NULL);
  fanout = gst_bin_get_by_name (GST_BIN (pipeline), "f");

  pad = gst_element_get_static_pad (fanout, "src_0");
  g_object_get (pad, "capacity", &capacity, "policy", &policy, NULL);
  gst_object_unref (pad);
  fail_unless_equals_int (capacity, 5);
  fail_unless_equals_int (policy, 2);
  pad = gst_element_get_static_pad (fanout, "src_1");
  g_object_get (pad, "capacity", &capacity, "policy", &policy, NULL);
  fail_unless_equals_int (capacity, 7);
  fail_unless_equals_int (policy, 1);
  gst_object_unref (pad);

  /* from an application */
  pad = gst_element_request_pad_simple (fanout, "src_%u");
  g_object_set (pad, "capacity", 3, NULL);
  gst_util_set_object_arg (G_OBJECT (pad), "policy", "drop-oldest");
  g_object_get (pad, "capacity", &capacity, "policy", &policy, NULL);
  fail_unless_equals_int (capacity, 3);
  fail_unless_equals_int (policy, 1);
  gst_element_release_request_pad (fanout, pad);
  gst_object_unref (pad);

  gst_object_unref (fanout);
  gst_object_unref (pipeline);
}

GST_END_TEST;

#define STRESS_ROUNDS 1000

GST_START_TEST (test_request_release_stress)
{
  GstElement *pipeline, *fanout;
  Watch keep;
  guint i;

  pipeline = gst_parse_launch ("slsinesrc samplesperbuffer=64 ! "
                               "slfanout name=f capacity=8 f.src_0 ! fakesink",
      NULL);
  fanout = gst_bin_get_by_name (GST_BIN (pipeline), "f");
  watch_init (&keep, 0);
  watch_pad (fanout, "src_0", &keep);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (pipeline, NULL, NULL,
                   GST_CLOCK_TIME_NONE) == GST_STATE_CHANGE_SUCCESS);

  for (i = 0; i < STRESS_ROUNDS; i++) {
    GstPad *pad = gst_element_request_pad_simple (fanout, "src_%u");
    GstElement *sink = NULL;

    fail_unless (pad != NULL);
    g_object_set (pad, "capacity", 1 + i % 4, "policy", i % 3, NULL);
    if (i % 4 == 0) {
      GstPad *sinkpad;

      sink = gst_element_factory_make ("fakesink", NULL);
      g_object_set (sink, "async", FALSE, NULL);
      gst_bin_add (GST_BIN (pipeline), sink);
      sinkpad = gst_element_get_static_pad (sink, "sink");
      fail_unless_equals_int (gst_pad_link (pad, sinkpad), GST_PAD_LINK_OK);
      gst_object_unref (sinkpad);
      fail_unless (gst_element_sync_state_with_parent (sink));
    }
    if (i % 2 == 0)
      g_thread_yield ();
    /* as an application removes a branch: release the pad (which stops its
     * thread), then shut the branch's elements down */
    gst_element_release_request_pad (fanout, pad);
    gst_object_unref (pad);
    if (sink) {
      gst_element_set_state (sink, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (pipeline), sink);
    }
  }
  {
    guint n;

    g_object_get (fanout, "num-src-pads", &n, NULL);
    fail_unless_equals_int (n, 1);
  }

  /* stop the endless source and let everything drain */
  fail_unless (gst_element_send_event (pipeline, gst_event_new_eos ()));
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

  /* the branch that stayed lost nothing */
  fail_unless (keep.frames > 0);
  fail_unless (keep.contiguous);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-dropped"), 0);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-delivered"),
      keep.frames);
  {
    guint64 in_frames;

    g_object_get (fanout, "frames-in", &in_frames, NULL);
    fail_unless_equals_uint64 (in_frames, keep.frames);
  }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (fanout);
  gst_object_unref (pipeline);
}

GST_END_TEST;

GST_START_TEST (test_caps_from_every_branch)
{
  GstElement *pipeline, *fanout;
  GstPad *sinkpad;
  GstCaps *caps;
  GstStructure *s;
  gint rate = 0, channels = 0;

  pipeline = gst_parse_launch ("slsinesrc num-buffers=2 ! slfanout name=f "
                               "f.src_0 ! audio/x-raw,rate=8000 ! fakesink "
                               "f.src_1 ! audio/x-raw,channels=3 ! fakesink",
      NULL);
  fanout = gst_bin_get_by_name (GST_BIN (pipeline), "f");
  run_to_eos (pipeline);
  sinkpad = gst_element_get_static_pad (fanout, "sink");
  caps = gst_pad_get_current_caps (sinkpad);
  s = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_get_int (s, "rate", &rate));
  fail_unless (gst_structure_get_int (s, "channels", &channels));
  fail_unless_equals_int (rate, 8000);
  fail_unless_equals_int (channels, 3);
  gst_caps_unref (caps);
  gst_object_unref (sinkpad);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (fanout);
  gst_object_unref (pipeline);
}

GST_END_TEST;

/* ---- modes and resize ---- */

static void
set_pad_prop (GstElement *fanout, const gchar *pad_name, const gchar *prop,
    const gchar *value)
{
  GstPad *pad = gst_element_get_static_pad (fanout, pad_name);

  gst_util_set_object_arg (G_OBJECT (pad), prop, value);
  gst_object_unref (pad);
}

/* Pulls every frame of @h up to EOS; returns their offsets. */
static GArray *
pull_offsets (GstHarness *h)
{
  GArray *res = g_array_new (FALSE, FALSE, sizeof (guint64));
  GstBuffer *buf;

  wait_eos (h);
  while ((buf = gst_harness_try_pull (h))) {
    guint64 off = GST_BUFFER_OFFSET (buf);

    g_array_append_val (res, off);
    gst_buffer_unref (buf);
  }
  return res;
}

GST_START_TEST (test_mode_round_robin)
{
  GstHarness *in, *out[3];
  GstElement *fanout = setup_fanout ("mode=round-robin", &in, out, 3, NULL);
  guint64 total = 0, in_frames;
  guint i, j;

  gst_harness_set_src_caps_str (in, CAPS);
  for (i = 0; i < 30; i++)
    fail_unless_equals_int (gst_harness_push (in, frame (i)), GST_FLOW_OK);
  gst_harness_push_event (in, gst_event_new_eos ());
  for (i = 0; i < 3; i++) {
    GArray *got = pull_offsets (out[i]);
    gchar *name = g_strdup_printf ("src_%u", i);

    /* every third frame, in order; caps and EOS reached every branch */
    fail_unless_equals_int (got->len, 10);
    for (j = 0; j < got->len; j++)
      fail_unless_equals_uint64 (g_array_index (got, guint64, j), 3 * j + i);
    fail_unless_equals_uint64 (pad_u64 (fanout, name, "frames-delivered"), 10);
    total += pad_u64 (fanout, name, "frames-delivered") +
        pad_u64 (fanout, name, "frames-dropped");
    g_free (name);
    g_array_unref (got);
  }
  g_object_get (fanout, "frames-in", &in_frames, NULL);
  fail_unless_equals_uint64 (in_frames, 30);
  fail_unless_equals_uint64 (total, 30);
  teardown_fanout (fanout, in, out, 3, NULL);
}

GST_END_TEST;

GST_START_TEST (test_mode_priority)
{
  GstHarness *in, *out[2];
  GstElement *fanout = setup_fanout ("mode=priority", &in, out, 2, NULL);
  GArray *got0, *got1;
  Gate gate;
  guint i;

  /* src_1 ranks first but takes at most 2 queued frames; its thread is
   * held with frame 0 in hand */
  set_pad_prop (fanout, "src_1", "priority", "5");
  set_pad_prop (fanout, "src_1", "capacity", "2");
  gate_init (&gate);
  add_gate (out[1], &gate);
  gst_harness_set_src_caps_str (in, CAPS);
  fail_unless_equals_int (gst_harness_push (in, frame (0)), GST_FLOW_OK);
  gate_wait_entered (&gate, 1);
  for (i = 1; i < 10; i++)
    fail_unless_equals_int (gst_harness_push (in, frame (i)), GST_FLOW_OK);
  gate_open (&gate);
  gst_harness_push_event (in, gst_event_new_eos ());

  got1 = pull_offsets (out[1]);
  got0 = pull_offsets (out[0]);
  fail_unless_equals_int (got1->len, 3);
  for (i = 0; i < 3; i++)
    fail_unless_equals_uint64 (g_array_index (got1, guint64, i), i);
  fail_unless_equals_int (got0->len, 7);
  for (i = 0; i < 7; i++)
    fail_unless_equals_uint64 (g_array_index (got0, guint64, i), i + 3);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-dropped") +
          pad_u64 (fanout, "src_1", "frames-dropped"),
      0);
  g_array_unref (got0);
  g_array_unref (got1);
  teardown_fanout (fanout, in, out, 2, NULL);
  gate_clear (&gate);
}

GST_END_TEST;

static void
random_run (guint seed, guint *counts, GArray **got)
{
  GstHarness *in, *out[3];
  gchar *props = g_strdup_printf ("mode=random seed=%u", seed);
  GstElement *fanout = setup_fanout (props, &in, out, 3, NULL);
  guint i;

  g_free (props);
  gst_harness_set_src_caps_str (in, CAPS);
  for (i = 0; i < 300; i++)
    fail_unless_equals_int (gst_harness_push (in, frame (i)), GST_FLOW_OK);
  gst_harness_push_event (in, gst_event_new_eos ());
  for (i = 0; i < 3; i++) {
    got[i] = pull_offsets (out[i]);
    counts[i] = got[i]->len;
  }
  teardown_fanout (fanout, in, out, 3, NULL);
}

GST_START_TEST (test_mode_random)
{
  guint a[3], b[3], i, j;
  GArray *ga[3], *gb[3];

  random_run (7, a, ga);
  random_run (7, b, gb);
  fail_unless_equals_int (a[0] + a[1] + a[2], 300);
  for (i = 0; i < 3; i++) {
    /* each branch gets a fair share, and the same seed draws the same */
    fail_unless (a[i] > 50, "branch %u got %u frames of 300", i, a[i]);
    fail_unless_equals_int (a[i], b[i]);
    for (j = 0; j < a[i]; j++)
      fail_unless_equals_uint64 (g_array_index (ga[i], guint64, j),
          g_array_index (gb[i], guint64, j));
    g_array_unref (ga[i]);
    g_array_unref (gb[i]);
  }
}

GST_END_TEST;

GST_START_TEST (test_resize)
{
  GstHarness *in, *out[1];
  GstElement *fanout =
      setup_fanout ("capacity=2 policy=resize", &in, out, 1, NULL);
  GArray *got;
  Gate gate;
  guint i;

  set_pad_prop (fanout, "src_0", "max-capacity", "8");
  set_pad_prop (fanout, "src_0", "fallback-policy", "drop-newest");
  gate_init (&gate);
  add_gate (out[0], &gate);
  gst_harness_set_src_caps_str (in, CAPS);
  fail_unless_equals_int (gst_harness_push (in, frame (0)), GST_FLOW_OK);
  gate_wait_entered (&gate, 1);
  for (i = 1; i < 21; i++)
    fail_unless_equals_int (gst_harness_push (in, frame (i)), GST_FLOW_OK);

  /* grown 2 -> 4 -> 8, then the fallback dropped the newest */
  fail_unless_equals_int (pad_uint (fanout, "src_0", "current-capacity"), 8);
  fail_unless_equals_int (pad_uint (fanout, "src_0", "capacity"), 2);
  fail_unless_equals_int (pad_uint (fanout, "src_0", "level"), 8);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-dropped"), 12);

  gate_open (&gate);
  gst_harness_push_event (in, gst_event_new_eos ());
  got = pull_offsets (out[0]);
  fail_unless_equals_int (got->len, 9);
  for (i = 0; i < 9; i++)
    fail_unless_equals_uint64 (g_array_index (got, guint64, i), i);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-delivered"), 9);
  g_array_unref (got);
  teardown_fanout (fanout, in, out, 1, NULL);
  gate_clear (&gate);
}

GST_END_TEST;

/* ---- releasing a branch whose downstream is blocked ---- */

typedef enum
{
  BLOCKER_PREROLL, /* a sink kept in PAUSED, waiting in preroll */
  BLOCKER_CLOCK,   /* a sink waiting on the clock for an hour */
  BLOCKER_PROBE,   /* a blocking probe on the sink's pad */
  N_BLOCKERS
} Blocker;

static const gchar *policies[] = { "block", "drop-oldest", "drop-newest",
  "resize" };

typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean done;
  GstElement *fanout;
  GstPad *pad;
} Release;

static gpointer
release_thread (gpointer user_data)
{
  Release *r = user_data;

  gst_element_release_request_pad (r->fanout, r->pad);
  g_mutex_lock (&r->lock);
  r->done = TRUE;
  g_cond_signal (&r->cond);
  g_mutex_unlock (&r->lock);
  return NULL;
}

static GstPadProbeReturn
block_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  return GST_PAD_PROBE_OK;
}

/* Waits (bounded) until @pad's queue is full: its thread is then stuck
 * downstream, and for `block` so is the source. */
static void
wait_branch_stuck (GstPad *pad)
{
  gint64 end = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  for (;;) {
    guint level, limit;
    guint64 delivered, dropped;

    g_object_get (pad, "level", &level, "current-capacity", &limit,
        "frames-delivered", &delivered, "frames-dropped", &dropped, NULL);
    if (level >= limit && limit == 4)
      return;
    fail_unless (g_get_monotonic_time () < end,
        "branch never filled up (level %u of %u, %" G_GUINT64_FORMAT
        " delivered, %" G_GUINT64_FORMAT " dropped)",
        level, limit, delivered, dropped);
    g_usleep (1000);
  }
}

static void
release_blocked (const gchar *policy, Blocker blocker)
{
  GstElement *pipeline, *fanout, *sink;
  GstPad *pad, *sinkpad;
  GstBus *bus;
  GstMessage *msg;
  Release r;
  gint64 end;
  gchar *desc;
  guint64 in_frames, delivered, dropped;

  GST_INFO ("policy %s, blocker %d", policy, blocker);
  desc = g_strdup_printf ("slsinesrc samplesperbuffer=64 ! slfanout name=f "
                          "capacity=2 policy=%s f.src_0 ! fakesink async=false",
      policy);
  pipeline = gst_parse_launch (desc, NULL);
  g_free (desc);
  fanout = gst_bin_get_by_name (GST_BIN (pipeline), "f");

  pad = gst_element_request_pad_simple (fanout, "src_%u");
  /* resize grows 2 -> 4 and then blocks; the others hold 4 */
  if (g_str_equal (policy, "resize"))
    g_object_set (pad, "max-capacity", 4, NULL);
  else
    g_object_set (pad, "capacity", 4, NULL);
  sink = gst_element_factory_make ("fakesink", NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  fail_unless_equals_int (gst_pad_link (pad, sinkpad), GST_PAD_LINK_OK);
  switch (blocker) {
    case BLOCKER_PREROLL:
      gst_element_set_locked_state (sink, TRUE);
      gst_element_set_state (sink, GST_STATE_PAUSED);
      break;
    case BLOCKER_CLOCK:
      g_object_set (sink, "sync", TRUE, "async", FALSE, "ts-offset",
          (gint64) 3600 * GST_SECOND, NULL);
      break;
    case BLOCKER_PROBE:
      g_object_set (sink, "async", FALSE, NULL);
      gst_pad_add_probe (sinkpad,
          GST_PAD_PROBE_TYPE_BLOCK | GST_PAD_PROBE_TYPE_BUFFER, block_probe,
          NULL, NULL);
      break;
    default:
      g_assert_not_reached ();
  }

  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  wait_branch_stuck (pad);

  g_mutex_init (&r.lock);
  g_cond_init (&r.cond);
  r.done = FALSE;
  r.fanout = fanout;
  r.pad = pad;
  g_thread_unref (g_thread_new ("release", release_thread, &r));
  end = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  g_mutex_lock (&r.lock);
  while (!r.done)
    if (!g_cond_wait_until (&r.cond, &r.lock, end))
      break;
  fail_unless (r.done,
      "releasing a blocked branch (policy %s, blocker %d) "
      "did not return",
      policy, blocker);
  g_mutex_unlock (&r.lock);
  g_mutex_clear (&r.lock);
  g_cond_clear (&r.cond);

  /* the frames the branch held were counted before it went */
  g_object_get (pad, "frames-delivered", &delivered, "frames-dropped", &dropped,
      NULL);
  fail_unless (dropped >= 4);
  gst_object_unref (pad);
  /* out of the bin first: the bin may still be changing its state */
  gst_object_ref (sink);
  gst_bin_remove (GST_BIN (pipeline), sink);
  gst_element_set_locked_state (sink, FALSE);
  gst_element_set_state (sink, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (sinkpad);

  /* the other branch goes on and drains */
  bus = gst_element_get_bus (pipeline);
  fail_unless (gst_element_send_event (pipeline, gst_event_new_eos ()));
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_object_unref (bus);
  g_object_get (fanout, "frames-in", &in_frames, NULL);
  fail_unless_equals_uint64 (pad_u64 (fanout, "src_0", "frames-delivered") +
          pad_u64 (fanout, "src_0", "frames-dropped"),
      in_frames);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (fanout);
  gst_object_unref (pipeline);
}

GST_START_TEST (test_release_blocked)
{
  release_blocked (policies[__i__ / N_BLOCKERS], __i__ % N_BLOCKERS);
}

GST_END_TEST;

static Suite *
slfanout_suite (void)
{
  Suite *s = suite_create ("slfanout");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_zero_copy);
  tcase_add_test (tc, test_drop_oldest);
  tcase_add_test (tc, test_drop_newest);
  tcase_add_test (tc, test_block_holds_upstream);
  tcase_add_test (tc, test_event_order);
  tcase_add_test (tc, test_sticky_events_late_pad);
  tcase_add_test (tc, test_flush);
  tcase_add_test (tc, test_isolation);
  tcase_add_test (tc, test_block_pipeline_drains);
  tcase_add_test (tc, test_not_linked_branch);
  tcase_add_test (tc, test_pad_properties);
  tcase_add_test (tc, test_request_release_stress);
  tcase_add_test (tc, test_caps_from_every_branch);
  tcase_add_test (tc, test_mode_round_robin);
  tcase_add_test (tc, test_mode_priority);
  tcase_add_test (tc, test_mode_random);
  tcase_add_test (tc, test_resize);
  tcase_add_loop_test (tc, test_release_blocked, 0,
      G_N_ELEMENTS (policies) * N_BLOCKERS);
  return s;
}

GST_CHECK_MAIN (slfanout);
