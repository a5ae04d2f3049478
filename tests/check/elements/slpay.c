/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slpay and sldepay: DataFrames through the wire format and back, in any
 * pieces, and every kind of bad input. */

#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/audio/audio.h>

#include "gstslmeta.h"

#define RATE 8000
#define CHANNELS 2
#define N_FRAMES 12
#define SAMPLES 40

static const gchar *caps_planar_f64 =
    "audio/x-raw,format=F64LE,"
    "layout=non-interleaved,rate=8000,channels=2,channel-mask=(bitmask)0x3";

/* The frames sent: every field set, some flags, metadata on some. */
static GstBuffer *
make_frame (guint i, gboolean planar)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL,
      SAMPLES * CHANNELS * sizeof (gdouble), NULL);
  GstMapInfo map;
  guint k;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (k = 0; k < SAMPLES * CHANNELS; k++)
    ((gdouble *) map.data)[k] = g_random_double_range (-1e9, 1e9);
  /* a NaN payload and a negative zero must survive bit for bit */
  memcpy (map.data, "\x01\x00\x00\x00\x00\x00\xf8\x7f", 8);
  ((gdouble *) map.data)[1] = -0.0;
  gst_buffer_unmap (buf, &map);

  GST_BUFFER_PTS (buf) = 1000 + i * 5 * GST_MSECOND;
  GST_BUFFER_DTS (buf) = i == 3 ? GST_CLOCK_TIME_NONE : i * 7;
  GST_BUFFER_DURATION (buf) = 5 * GST_MSECOND;
  GST_BUFFER_OFFSET (buf) = i * SAMPLES;
  GST_BUFFER_OFFSET_END (buf) = (i + 1) * SAMPLES;
  if (i == 0 || i == 7)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
  if (i == 5)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_GAP);
  if (i != 9)
    gst_sl_buffer_set_seq (buf, 100 + i);
  if (i % 3 == 0) {
    gchar *v = g_strdup_printf ("frame %u, \"quoted\" ; é", i);

    gst_sl_buffer_set_metadata (buf, "note", v);
    gst_sl_buffer_set_metadata (buf, "unit", "V");
    g_free (v);
  }
  if (planar) {
    GstAudioInfo info;
    GstCaps *caps = gst_caps_from_string (caps_planar_f64);

    gst_audio_info_from_caps (&info, caps);
    gst_buffer_add_audio_meta (buf, &info, SAMPLES, NULL);
    gst_caps_unref (caps);
  }
  return buf;
}

static void
assert_same_frame (GstBuffer *a, GstBuffer *b)
{
  guint64 sa = 0, sb = 0;
  gboolean ha, hb;
  const GstStructure *ma, *mb;
  GstMapInfo m1, m2;

  fail_unless_equals_uint64 (GST_BUFFER_PTS (a), GST_BUFFER_PTS (b));
  fail_unless_equals_uint64 (GST_BUFFER_DTS (a), GST_BUFFER_DTS (b));
  fail_unless_equals_uint64 (GST_BUFFER_DURATION (a), GST_BUFFER_DURATION (b));
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (a), GST_BUFFER_OFFSET (b));
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (a),
      GST_BUFFER_OFFSET_END (b));
  fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (a, GST_BUFFER_FLAG_DISCONT),
      GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_DISCONT));
  fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (a, GST_BUFFER_FLAG_GAP),
      GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_GAP));
  ha = gst_sl_buffer_get_seq (a, &sa);
  hb = gst_sl_buffer_get_seq (b, &sb);
  fail_unless_equals_int (ha, hb);
  fail_unless_equals_uint64 (sa, sb);
  ma = gst_sl_buffer_peek_metadata (a);
  mb = gst_sl_buffer_peek_metadata (b);
  fail_unless_equals_int (ma != NULL, mb != NULL);
  if (ma)
    fail_unless (gst_structure_is_equal (ma, mb));
  fail_unless (gst_buffer_map (a, &m1, GST_MAP_READ));
  fail_unless (gst_buffer_map (b, &m2, GST_MAP_READ));
  fail_unless_equals_uint64 (m1.size, m2.size);
  fail_unless (memcmp (m1.data, m2.data, m1.size) == 0);
  gst_buffer_unmap (a, &m1);
  gst_buffer_unmap (b, &m2);
}

static GstTagList *
names_tags (void)
{
  GstTagList *tags = gst_tag_list_new_empty ();

  gst_tag_list_set_scope (tags, GST_TAG_SCOPE_STREAM);
  gst_tag_list_add (tags, GST_TAG_MERGE_APPEND, GST_SL_TAG_CHANNEL_NAMES,
      "left ear", NULL);
  gst_tag_list_add (tags, GST_TAG_MERGE_APPEND, GST_SL_TAG_CHANNEL_NAMES,
      "droite", NULL);
  return tags;
}

/* The byte stream slpay writes for make_frame (0 .. n-1); @ends (optional)
 * receives the end offset of every packet. */
static GByteArray *
pay_stream (guint n, GArray *ends, GstBuffer **sent)
{
  /* the tests that cut the stream at packet boundaries: no send time
   * packets (one per frame, in the frame's buffer) */
  GstHarness *h =
      gst_harness_new_parse (ends ? "slpay send-time=false" : "slpay");
  GByteArray *bytes = g_byte_array_new ();
  GstSegment seg;
  GstBuffer *out;
  guint i;

  gst_harness_set_src_caps_str (h, caps_planar_f64);
  gst_segment_init (&seg, GST_FORMAT_TIME);
  seg.start = 1000;
  seg.time = 77;
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  fail_unless (gst_harness_push_event (h, gst_event_new_tag (names_tags ())));
  for (i = 0; i < n; i++) {
    GstBuffer *f = make_frame (i, TRUE);

    if (sent)
      sent[i] = gst_buffer_ref (f);
    fail_unless_equals_int (gst_harness_push (h, f), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  while ((out = gst_harness_try_pull (h))) {
    GstMapInfo map;

    gst_buffer_map (out, &map, GST_MAP_READ);
    g_byte_array_append (bytes, map.data, map.size);
    gst_buffer_unmap (out, &map);
    if (ends) {
      guint64 e = bytes->len;

      g_array_append_val (ends, e);
    }
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
  return bytes;
}

static GstHarness *
depay_harness (const gchar *props)
{
  gchar *launch = g_strdup_printf ("sldepay %s", props ? props : "");
  GstHarness *h = gst_harness_new_parse (launch);

  g_free (launch);
  gst_harness_set_src_caps_str (h, "application/x-streamlab-frames");
  return h;
}

/* Feeds @len bytes in pieces of 1 .. @max_piece bytes (at odd addresses
 * too). */
static GstFlowReturn
feed (GstHarness *h, const guint8 *data, gsize len, guint max_piece)
{
  gsize pos = 0;
  GstFlowReturn ret = GST_FLOW_OK;

  while (pos < len && ret == GST_FLOW_OK) {
    gsize n = (gsize) g_random_int_range (1, max_piece + 1);
    GstBuffer *b;

    n = MIN (n, len - pos);
    b = gst_buffer_new_allocate (NULL, n + 1, NULL);

    gst_buffer_fill (b, 1, data + pos, n);
    gst_buffer_resize (b, 1, n);
    ret = gst_harness_push (h, b);
    pos += n;
  }
  return ret;
}

static void
check_depay_events (GstHarness *h)
{
  GstEvent *ev;
  gboolean stream_start = FALSE, caps = FALSE, segment = FALSE, tags = FALSE;

  while ((ev = gst_harness_try_pull_event (h))) {
    switch (GST_EVENT_TYPE (ev)) {
      case GST_EVENT_STREAM_START:
        fail_if (caps || segment);
        stream_start = TRUE;
        break;
      case GST_EVENT_CAPS: {
        GstCaps *c, *expected = gst_caps_from_string (caps_planar_f64);

        gst_event_parse_caps (ev, &c);
        fail_unless (gst_caps_is_equal (c, expected));
        gst_caps_unref (expected);
        caps = TRUE;
        break;
      }
      case GST_EVENT_SEGMENT: {
        const GstSegment *s;

        gst_event_parse_segment (ev, &s);
        fail_unless_equals_int (s->format, GST_FORMAT_TIME);
        fail_unless_equals_uint64 (s->start, 1000);
        fail_unless_equals_uint64 (s->time, 77);
        segment = TRUE;
        break;
      }
      case GST_EVENT_TAG: {
        GstTagList *t;
        gchar *s;

        gst_event_parse_tag (ev, &t);
        fail_unless (gst_tag_list_get_string_index (t, GST_SL_TAG_CHANNEL_NAMES,
            0, &s));
        fail_unless_equals_string (s, "left ear");
        g_free (s);
        fail_unless (gst_tag_list_get_string_index (t, GST_SL_TAG_CHANNEL_NAMES,
            1, &s));
        fail_unless_equals_string (s, "droite");
        g_free (s);
        tags = TRUE;
        break;
      }
      default:
        break;
    }
    gst_event_unref (ev);
  }
  fail_unless (stream_start && caps && segment && tags);
}

static guint64
get_u64 (GstHarness *h, const gchar *prop)
{
  GstElement *e = gst_harness_find_element (h, "sldepay");
  guint64 v;

  g_object_get (e, prop, &v, NULL);
  gst_object_unref (e);
  return v;
}

/* In one process, buffer for buffer. */
GST_START_TEST (test_roundtrip)
{
  GstHarness *h = gst_harness_new_parse ("slpay ! sldepay");
  GstBuffer *sent[N_FRAMES];
  GstSegment seg;
  guint i;

  gst_harness_set_src_caps_str (h, caps_planar_f64);
  gst_segment_init (&seg, GST_FORMAT_TIME);
  seg.start = 1000;
  seg.time = 77;
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  fail_unless (gst_harness_push_event (h, gst_event_new_tag (names_tags ())));
  for (i = 0; i < N_FRAMES; i++) {
    sent[i] = make_frame (i, TRUE);
    fail_unless_equals_int (gst_harness_push (h, gst_buffer_ref (sent[i])),
        GST_FLOW_OK);
  }
  for (i = 0; i < N_FRAMES; i++) {
    GstBuffer *got = gst_harness_pull (h);

    assert_same_frame (sent[i], got);
    fail_unless (gst_buffer_get_audio_meta (got) != NULL);
    gst_buffer_unref (got);
    gst_buffer_unref (sent[i]);
  }
  check_depay_events (h);
  fail_unless_equals_uint64 (get_u64 (h, "frames"), N_FRAMES);
  fail_unless_equals_uint64 (get_u64 (h, "frames-missing"), 0);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* The byte stream cut in pieces of every size: the same frames. */
GST_START_TEST (test_any_pieces)
{
  GstBuffer *sent[N_FRAMES];
  gint64 before = g_get_real_time () * 1000;
  GByteArray *bytes = pay_stream (N_FRAMES, NULL, sent);
  gint64 after = (g_get_real_time () + 1) * 1000;
  GstCaps *sent_caps = gst_caps_from_string ("timestamp/x-streamlab-sent");
  guint pieces[] = { 1, 3, 17, 1000, 100000 }, p, i;

  for (p = 0; p < G_N_ELEMENTS (pieces); p++) {
    GstHarness *h = depay_harness (NULL);
    GstEvent *ev;
    gboolean eos = FALSE;

    /* the end-of-stream packet ends the stream */
    fail_unless_equals_int (feed (h, bytes->data, bytes->len, pieces[p]),
        GST_FLOW_EOS);
    for (i = 0; i < N_FRAMES; i++) {
      GstBuffer *got = gst_harness_pull (h);

      GstReferenceTimestampMeta *m;

      assert_same_frame (sent[i], got);
      /* the send time slpay wrote (wall clock), whatever the cuts */
      m = gst_buffer_get_reference_timestamp_meta (got, sent_caps);
      fail_unless (m != NULL, "frame %u has no send time", i);
      fail_unless ((gint64) m->timestamp >= before &&
              (gint64) m->timestamp <= after,
          "send time %" G_GUINT64_FORMAT " outside [%" G_GINT64_FORMAT
          ", %" G_GINT64_FORMAT "]",
          m->timestamp, before, after);
      gst_buffer_unref (got);
    }
    fail_unless (gst_harness_try_pull (h) == NULL);
    while ((ev = gst_harness_try_pull_event (h))) {
      eos = eos || GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
      gst_event_unref (ev);
    }
    fail_unless (eos);
    gst_harness_teardown (h);
  }
  for (i = 0; i < N_FRAMES; i++)
    gst_buffer_unref (sent[i]);
  gst_caps_unref (sent_caps);
  g_byte_array_unref (bytes);
}

GST_END_TEST;

/* send-time=false: 32 bytes less per frame, and no send time */
GST_START_TEST (test_no_send_time)
{
  GstHarness *h = gst_harness_new_parse ("slpay send-time=false ! sldepay");
  GstHarness *w = gst_harness_new_parse ("slpay");
  GstHarness *wo = gst_harness_new_parse ("slpay send-time=false");
  GstBuffer *out, *a, *b;

  gst_harness_set_src_caps_str (h, caps_planar_f64);
  fail_unless_equals_int (gst_harness_push (h, make_frame (0, TRUE)),
      GST_FLOW_OK);
  out = gst_harness_pull (h);
  fail_unless (gst_buffer_get_meta (out,
                   GST_REFERENCE_TIMESTAMP_META_API_TYPE) == NULL);
  gst_buffer_unref (out);

  gst_harness_set_src_caps_str (w, caps_planar_f64);
  gst_harness_set_src_caps_str (wo, caps_planar_f64);
  fail_unless_equals_int (gst_harness_push (w, make_frame (0, TRUE)),
      GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (wo, make_frame (0, TRUE)),
      GST_FLOW_OK);
  /* the frame is the last buffer (after the header packets) */
  while ((a = gst_harness_try_pull (w)) &&
      GST_BUFFER_FLAG_IS_SET (a, GST_BUFFER_FLAG_HEADER))
    gst_buffer_unref (a);
  while ((b = gst_harness_try_pull (wo)) &&
      GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_HEADER))
    gst_buffer_unref (b);
  fail_unless (a != NULL && b != NULL);
  fail_unless_equals_uint64 (gst_buffer_get_size (a),
      gst_buffer_get_size (b) + 32);
  gst_buffer_unref (a);
  gst_buffer_unref (b);
  gst_harness_teardown (wo);
  gst_harness_teardown (w);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Interleaved F32, no seq, no metadata: what is absent stays absent. */
GST_START_TEST (test_interleaved_f32)
{
  GstHarness *h = gst_harness_new_parse ("slpay ! sldepay");
  const gfloat v[] = { 1.5f, -2.0f, 3.25f, 0.0f, -0.0f, 7.0f };
  GstBuffer *in = gst_buffer_new_memdup (v, sizeof (v)), *out;

  gst_harness_set_src_caps_str (h,
      "audio/x-raw,format=F32LE,"
      "layout=interleaved,rate=44100,channels=3,channel-mask=(bitmask)0");
  GST_BUFFER_PTS (in) = 42;
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_ref (in)),
      GST_FLOW_OK);
  out = gst_harness_pull (h);
  assert_same_frame (in, out);
  fail_if (gst_sl_buffer_get_data_frame_meta (out) != NULL);
  fail_if (gst_buffer_get_audio_meta (out) != NULL);
  gst_buffer_unref (in);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Caps and channel names sent again when they change mid-stream. */
GST_START_TEST (test_caps_change)
{
  GstHarness *h = gst_harness_new_parse ("slpay ! sldepay");
  const gfloat v[] = { 1.5f, -2.0f, 3.25f };
  GstBuffer *a = make_frame (0, TRUE),
            *b = gst_buffer_new_memdup (v, sizeof (v)), *out;
  GstEvent *ev;
  GstTagList *tags;
  GPtrArray *caps =
      g_ptr_array_new_with_free_func ((GDestroyNotify) gst_caps_unref);
  guint n_tags = 0;

  gst_harness_set_src_caps_str (h, caps_planar_f64);
  fail_unless (gst_harness_push_event (h, gst_event_new_tag (names_tags ())));
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_ref (a)),
      GST_FLOW_OK);
  gst_harness_set_src_caps_str (h,
      "audio/x-raw,format=F32LE,"
      "layout=interleaved,rate=44100,channels=1,channel-mask=(bitmask)0");
  tags = gst_tag_list_new (GST_SL_TAG_CHANNEL_NAMES, "solo", NULL);
  gst_tag_list_set_scope (tags, GST_TAG_SCOPE_STREAM);
  fail_unless (gst_harness_push_event (h, gst_event_new_tag (tags)));
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_ref (b)),
      GST_FLOW_OK);
  out = gst_harness_pull (h);
  assert_same_frame (a, out);
  gst_buffer_unref (out);
  out = gst_harness_pull (h);
  assert_same_frame (b, out);
  gst_buffer_unref (out);
  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_CAPS) {
      GstCaps *c;

      gst_event_parse_caps (ev, &c);
      g_ptr_array_add (caps, gst_caps_ref (c));
    } else if (GST_EVENT_TYPE (ev) == GST_EVENT_TAG) {
      GstTagList *t;
      gchar *name;

      gst_event_parse_tag (ev, &t);
      fail_unless (gst_tag_list_get_string_index (t, GST_SL_TAG_CHANNEL_NAMES,
          0, &name));
      fail_unless_equals_string (name, n_tags == 0 ? "left ear" : "solo");
      g_free (name);
      n_tags++;
    }
    gst_event_unref (ev);
  }
  fail_unless_equals_int (caps->len, 2);
  fail_unless_equals_int (n_tags, 2);
  {
    GstAudioInfo info;

    fail_unless (gst_audio_info_from_caps (&info, g_ptr_array_index (caps, 1)));
    fail_unless_equals_int (GST_AUDIO_INFO_FORMAT (&info),
        GST_AUDIO_FORMAT_F32LE);
    fail_unless_equals_int (GST_AUDIO_INFO_RATE (&info), 44100);
  }
  g_ptr_array_unref (caps);
  gst_buffer_unref (a);
  gst_buffer_unref (b);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* The sender does not copy samples: the frame's memory is in the packet. */
GST_START_TEST (test_pay_zero_copy)
{
  GstHarness *h = gst_harness_new ("slpay");
  GstBuffer *in = make_frame (1, FALSE), *out;
  GstMapInfo in_map;
  GstCaps *caps;
  const GValue *sh;

  gst_harness_set_src_caps_str (h,
      "audio/x-raw,format=F64LE,"
      "layout=interleaved,rate=8000,channels=2,channel-mask=(bitmask)0x3");
  gst_buffer_map (in, &in_map, GST_MAP_READ);
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_ref (in)),
      GST_FLOW_OK);
  /* caps, segment: header packets first, flagged HEADER */
  out = gst_harness_pull (h);
  fail_unless (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_HEADER));
  gst_buffer_unref (out);
  out = gst_harness_pull (h);
  fail_unless (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_HEADER));
  gst_buffer_unref (out);
  out = gst_harness_pull (h);
  fail_unless_equals_int (gst_buffer_n_memory (out), 3);
  {
    GstMemory *mem = gst_buffer_peek_memory (out, 1);
    GstMapInfo m;

    gst_memory_map (mem, &m, GST_MAP_READ);
    fail_unless (m.data == in_map.data);
    gst_memory_unmap (mem, &m);
  }
  gst_buffer_unref (out);
  gst_buffer_unmap (in, &in_map);
  gst_buffer_unref (in);

  caps = gst_pad_get_current_caps (h->sinkpad);
  sh = gst_structure_get_value (gst_caps_get_structure (caps, 0),
      "streamheader");
  fail_unless (sh != NULL && gst_value_array_get_size (sh) == 2);
  gst_caps_unref (caps);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Error text of the first error on @bus; NULL if none. */
static gchar *
pop_error (GstBus *bus, GstMessageType type, guint64 *offset)
{
  GstMessage *msg = gst_bus_pop_filtered (bus, type);
  GError *err = NULL;
  gchar *text;

  if (msg == NULL)
    return NULL;
  if (type == GST_MESSAGE_ERROR)
    gst_message_parse_error (msg, &err, NULL);
  else
    gst_message_parse_warning (msg, &err, NULL);
  if (offset) {
    const GstStructure *d = NULL;

    if (type == GST_MESSAGE_ERROR)
      gst_message_parse_error_details (msg, &d);
    else
      gst_message_parse_warning_details (msg, &d);
    fail_unless (d && gst_structure_get_uint64 (d, "offset", offset));
  }
  text = g_strdup (err->message);
  g_error_free (err);
  gst_message_unref (msg);
  return text;
}

/* Runs @data through sldepay; returns the frames pushed. */
static guint
run_depay (const guint8 *data, gsize len, const gchar *props, GstBus *bus,
    GstFlowReturn *ret, guint64 *counters)
{
  GstHarness *h = depay_harness (props);
  GstBuffer *b;
  guint n = 0;

  gst_element_set_bus (h->element, bus);
  *ret = feed (h, data, len, 4096);
  if (*ret == GST_FLOW_OK)
    gst_harness_push_event (h, gst_event_new_eos ());
  while ((b = gst_harness_try_pull (h))) {
    n++;
    gst_buffer_unref (b);
  }
  if (counters) {
    counters[0] = get_u64 (h, "frames-corrupt");
    counters[1] = get_u64 (h, "bytes-skipped");
    counters[2] = get_u64 (h, "frames-missing");
  }
  gst_element_set_bus (h->element, NULL);
  gst_harness_teardown (h);
  return n;
}

/* Packet @i of the stream: [start, end). */
static void
packet (GArray *ends, guint i, guint64 *start, guint64 *end)
{
  *start = i ? g_array_index (ends, guint64, i - 1) : 0;
  *end = g_array_index (ends, guint64, i);
}

/* 1 KiB of garbage between two packets, and inside a frame. */
GST_START_TEST (test_garbage)
{
  GArray *ends = g_array_new (FALSE, FALSE, sizeof (guint64));
  GByteArray *bytes = pay_stream (N_FRAMES, ends, NULL);
  guint8 garbage[1024];
  GstBus *bus = gst_bus_new ();
  guint64 start, end, counters[3], off;
  GstFlowReturn ret;
  GByteArray *bad;
  gchar *text, *expected;
  guint i;

  for (i = 0; i < sizeof (garbage); i++)
    garbage[i] = (guint8) (i * 7 + 3);

  /* packets: caps, segment, tags, frames..., eos; cut before frame 5 */
  packet (ends, 3 + 5, &start, &end);
  bad = g_byte_array_new ();
  g_byte_array_append (bad, bytes->data, start);
  g_byte_array_append (bad, garbage, sizeof (garbage));
  g_byte_array_append (bad, bytes->data + start, bytes->len - start);

  fail_unless_equals_int (run_depay (bad->data, bad->len, "on-corrupt=resync",
                              bus, &ret, counters),
      N_FRAMES);
  fail_unless_equals_uint64 (counters[0], 1);
  fail_unless_equals_uint64 (counters[1], sizeof (garbage));
  fail_unless_equals_uint64 (counters[2], 0);
  text = pop_error (bus, GST_MESSAGE_WARNING, &off);
  fail_unless_equals_uint64 (off, start);
  expected =
      g_strdup_printf ("Corrupt frame stream at byte offset %" G_GUINT64_FORMAT
                       ": no sync word where a packet should start; "
                       "skipping to the next frame.",
          start);
  fail_unless_equals_string (text, expected);
  g_free (text);
  g_free (expected);

  /* on-corrupt=error: the same offset, as an error */
  fail_unless (run_depay (bad->data, bad->len, NULL, bus, &ret, NULL) == 5);
  fail_unless_equals_int (ret, GST_FLOW_ERROR);
  text = pop_error (bus, GST_MESSAGE_ERROR, &off);
  fail_unless_equals_uint64 (off, start);
  expected =
      g_strdup_printf ("Corrupt frame stream at byte offset %" G_GUINT64_FORMAT
                       ": no sync word where a packet should start.",
          start);
  fail_unless_equals_string (text, expected);
  g_free (text);
  g_free (expected);
  g_byte_array_unref (bad);

  /* inside frame 5: that frame is lost, counted, and the next one DISCONT */
  bad = g_byte_array_new ();
  g_byte_array_append (bad, bytes->data, start + 200);
  g_byte_array_append (bad, garbage, sizeof (garbage));
  g_byte_array_append (bad, bytes->data + start + 200,
      bytes->len - start - 200);
  fail_unless_equals_int (run_depay (bad->data, bad->len, "on-corrupt=resync",
                              bus, &ret, counters),
      N_FRAMES - 1);
  fail_unless_equals_uint64 (counters[0], 1);
  fail_unless_equals_uint64 (counters[1], sizeof (garbage) + end - start);
  fail_unless_equals_uint64 (counters[2], 1);
  text = pop_error (bus, GST_MESSAGE_WARNING, &off);
  fail_unless_equals_uint64 (off, start);
  fail_unless (g_str_has_suffix (text,
                   ": a packet that does not end where "
                   "its length says; skipping to the next frame."),
      "%s", text);
  g_free (text);
  g_byte_array_unref (bad);

  /* a whole frame packet missing (a lost datagram): frames-missing */
  bad = g_byte_array_new ();
  g_byte_array_append (bad, bytes->data, start);
  g_byte_array_append (bad, bytes->data + end, bytes->len - end);
  fail_unless_equals_int (run_depay (bad->data, bad->len, NULL, bus, &ret,
                              counters),
      N_FRAMES - 1);
  fail_unless_equals_uint64 (counters[0], 0);
  fail_unless_equals_uint64 (counters[2], 1);
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR) == NULL);
  g_byte_array_unref (bad);

  gst_object_unref (bus);
  g_byte_array_unref (bytes);
  g_array_unref (ends);
}

GST_END_TEST;

/* A stream cut inside a frame: an error naming the offset, or counted. */
GST_START_TEST (test_truncated)
{
  GArray *ends = g_array_new (FALSE, FALSE, sizeof (guint64));
  GByteArray *bytes = pay_stream (N_FRAMES, ends, NULL);
  GstBus *bus = gst_bus_new ();
  guint64 start, end, counters[3], off;
  GstFlowReturn ret;
  gchar *text, *expected;

  packet (ends, 3 + 8, &start, &end);
  fail_unless_equals_int (run_depay (bytes->data, start + 100, NULL, bus, &ret,
                              NULL),
      8);
  text = pop_error (bus, GST_MESSAGE_ERROR, &off);
  fail_unless_equals_uint64 (off, start);
  expected =
      g_strdup_printf ("Corrupt frame stream at byte offset %" G_GUINT64_FORMAT
                       ": the stream ends inside a packet.",
          start);
  fail_unless_equals_string (text, expected);
  g_free (text);
  g_free (expected);

  fail_unless_equals_int (run_depay (bytes->data, start + 100,
                              "on-corrupt=resync", bus, &ret, counters),
      8);
  fail_unless_equals_uint64 (counters[0], 1);
  fail_unless_equals_uint64 (counters[1], 100);
  fail_unless (pop_error (bus, GST_MESSAGE_ERROR, NULL) == NULL);
  gst_object_unref (bus);
  g_byte_array_unref (bytes);
  g_array_unref (ends);
}

GST_END_TEST;

static void
fix_check (guint8 *h)
{
  guint32 x = 2166136261u;
  gint i;

  for (i = 0; i < 12; i++) {
    x ^= h[i];
    x *= 16777619u;
  }
  GST_WRITE_UINT32_LE (h + 12, x);
}

/* Hostile headers: each refused with its own problem, nothing allocated
 * for the lengths they claim. */
GST_START_TEST (test_hostile)
{
  GArray *ends = g_array_new (FALSE, FALSE, sizeof (guint64));
  GByteArray *bytes = pay_stream (2, ends, NULL);
  GstBus *bus = gst_bus_new ();
  guint64 cstart, cend, fstart, fend, off;
  GstFlowReturn ret;
  struct
  {
    const gchar *problem;
    guint64 *at;
  } cases[] = {
    { "an unsupported format version", &fstart },
    { "a packet length beyond the limits", &fstart },
    { "a frame larger than the limit", &fstart },
    { "metadata longer than the limit", &fstart },
    { "invalid UTF-8 text", &cstart },
    { "a packet header that fails its check", &fstart },
    { "caps that are not F32LE or F64LE audio", &cstart },
    { "invalid frame metadata", &fstart },
    /* found by the fuzzer: no bytes per sample, a division by zero */
    { "caps that are not F32LE or F64LE audio", &cstart },
  };
  guint i;

  packet (ends, 0, &cstart, &cend);
  packet (ends, 3, &fstart, &fend);
  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    guint8 *d = g_memdup2 (bytes->data, bytes->len);
    guint8 *f = d + fstart;
    gchar *text, *expected;

    switch (i) {
      case 0:
        f[4] = 2;
        fix_check (f);
        break;
      case 1:
        GST_WRITE_UINT32_LE (f + 8, 0xfffffff0u);
        fix_check (f);
        break;
      case 2:
        /* samples length beyond max-frame-size */
        GST_WRITE_UINT64_LE (f + 16 + 56, G_GUINT64_CONSTANT (1) << 40);
        break;
      case 3:
        GST_WRITE_UINT32_LE (f + 16 + 52, 0x7fffffffu);
        break;
      case 4:
        /* the caps string: a byte that is not UTF-8 */
        d[cstart + 16 + 4 + 2] = 0xff;
        break;
      case 5:
        f[9] ^= 1;
        break;
      case 6:
        /* the bytes of a media type, not a C string */
        /* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
        memcpy (d + cstart + 16 + 4, "video", 5);
        break;
      case 7:
        /* the frame's metadata text: no longer a structure */
        f[16 + 64] = '%';
        break;
      case 8: {
        /* channels=(int)0 */
        /* the caps string follows the 16-byte header and its length */
        gchar *hit = g_strstr_len ((gchar *) d + cstart + 16 + 4,
            cend - cstart - 16 - 4, "channels=(int)");

        fail_unless (hit != NULL);
        hit[14] = '0';
        break;
      }
    }
    fail_unless_equals_int (run_depay (d, bytes->len, NULL, bus, &ret, NULL),
        0);
    fail_unless_equals_int (ret, GST_FLOW_ERROR);
    text = pop_error (bus, GST_MESSAGE_ERROR, &off);
    fail_unless (text != NULL, "case %u", i);
    expected = g_strdup_printf ("Corrupt frame stream at byte offset "
                                "%" G_GUINT64_FORMAT ": %s.",
        *cases[i].at, cases[i].problem);
    fail_unless_equals_string (text, expected);
    g_free (text);
    g_free (expected);
    g_free (d);
  }
  gst_object_unref (bus);
  g_byte_array_unref (bytes);
  g_array_unref (ends);
}

GST_END_TEST;

/* A frame too large for max-frame-size (a UDP datagram): a clear error. */
GST_START_TEST (test_max_frame_size)
{
  GstHarness *h = gst_harness_new_parse ("slpay max-frame-size=700");
  GstBus *bus = gst_bus_new ();
  gchar *text;

  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h, caps_planar_f64);
  fail_unless_equals_int (gst_harness_push (h, make_frame (1, TRUE)),
      GST_FLOW_ERROR);
  text = pop_error (bus, GST_MESSAGE_ERROR, NULL);
  /* 88 bytes of header and trailer, 640 of samples, 0 of metadata, 32 of
   * send time */
  fail_unless_equals_string (text,
      "A frame of 760 bytes does not fit in "
      "max-frame-size=700 bytes; use shorter frames (slframer "
      "samplesperbuffer) or fewer channels.");
  g_free (text);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
slpay_suite (void)
{
  Suite *s = suite_create ("slpay");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_roundtrip);
  tcase_add_test (tc, test_any_pieces);
  tcase_add_test (tc, test_no_send_time);
  tcase_add_test (tc, test_interleaved_f32);
  tcase_add_test (tc, test_caps_change);
  tcase_add_test (tc, test_pay_zero_copy);
  tcase_add_test (tc, test_garbage);
  tcase_add_test (tc, test_truncated);
  tcase_add_test (tc, test_hostile);
  tcase_add_test (tc, test_max_frame_size);
  return s;
}

GST_CHECK_MAIN (slpay);
