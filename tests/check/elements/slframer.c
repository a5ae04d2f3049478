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
#include <gst/audio/audio.h>

#include "gstslmeta.h"

#define RATE 48000
#define CHANNELS 3

/* The value of sample @i of channel @c: exact in F32 and F64. */
static gdouble
value_at (gint c, guint64 i)
{
  return c * 100000.0 + (gdouble) i;
}

static GstAudioInfo
make_info (GstAudioFormat format, GstAudioLayout layout)
{
  GstAudioInfo info;

  gst_audio_info_set_format (&info, format, RATE, CHANNELS, NULL);
  info.layout = layout;
  return info;
}

/* @n samples from @first of the test signal, as one buffer. */
static GstBuffer *
make_input (const GstAudioInfo *info, guint64 from, guint n)
{
  gboolean f64 = GST_AUDIO_INFO_FORMAT (info) == GST_AUDIO_FORMAT_F64LE;
  gboolean planar =
      GST_AUDIO_INFO_LAYOUT (info) == GST_AUDIO_LAYOUT_NON_INTERLEAVED;
  GstBuffer *buf = gst_buffer_new_allocate (NULL,
      (gsize) n * GST_AUDIO_INFO_BPF (info), NULL);
  GstMapInfo map;
  guint i;
  gint c;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (c = 0; c < CHANNELS; c++)
    for (i = 0; i < n; i++) {
      gsize idx = planar ? (gsize) c * n + i : (gsize) i * CHANNELS + c;
      gdouble v = value_at (c, from + i);

      if (f64)
        ((gdouble *) map.data)[idx] = v;
      else
        ((gfloat *) map.data)[idx] = (gfloat) v;
    }
  gst_buffer_unmap (buf, &map);
  if (planar)
    gst_buffer_add_audio_meta (buf, info, n, NULL);
  return buf;
}

/* Checks that @buf holds samples [@first, @first + @n) of the signal. */
static void
check_samples (const GstAudioInfo *info, GstBuffer *buf, guint64 from, guint n)
{
  gboolean f64 = GST_AUDIO_INFO_FORMAT (info) == GST_AUDIO_FORMAT_F64LE;
  gboolean planar =
      GST_AUDIO_INFO_LAYOUT (info) == GST_AUDIO_LAYOUT_NON_INTERLEAVED;
  GstAudioBuffer abuf;
  guint i;
  gint c;

  fail_unless (gst_audio_buffer_map (&abuf, info, buf, GST_MAP_READ));
  fail_unless_equals_int (abuf.n_samples, n);
  for (c = 0; c < CHANNELS; c++)
    for (i = 0; i < n; i++) {
      gdouble v;

      if (planar)
        v = f64 ? ((const gdouble *) abuf.planes[c])[i]
                : ((const gfloat *) abuf.planes[c])[i];
      else
        v = f64 ? ((const gdouble *) abuf.planes[0])[i * CHANNELS + c]
                : ((const gfloat *) abuf.planes[0])[i * CHANNELS + c];
      if (v != value_at (c, from + i))
        fail ("channel %d sample %" G_GUINT64_FORMAT ": %f, expected %f", c,
            from + i, v, value_at (c, from + i));
    }
  gst_audio_buffer_unmap (&abuf);
}

static GstClockTime
ts (guint64 samples)
{
  return gst_util_uint64_scale_int (samples, GST_SECOND, RATE);
}

/* @in_n-sample input frames re-framed to @out_n, with a DISCONT (and a jump
 * of one second) at input frame @cut; both runs end with a shorter frame. */
static void
run_reframe (GstAudioFormat format, GstAudioLayout layout, guint in_n,
    guint out_n, guint n_in, guint cut)
{
  GstAudioInfo info = make_info (format, layout);
  gchar *launch = g_strdup_printf ("slframer samplesperbuffer=%u", out_n);
  GstHarness *h = gst_harness_new_parse (launch);
  GstCaps *caps = gst_audio_info_to_caps (&info);
  GstElement *framer;
  guint64 seq = 0, run_first[2], run_len[2], disc = 0, partial = 0;
  GstClockTime run_pts[2];
  gint run;
  guint i;

  gst_harness_set_src_caps (h, caps);
  run_first[0] = 0;
  run_len[0] = (guint64) cut * in_n;
  run_first[1] = run_len[0];
  run_len[1] = (guint64) (n_in - cut) * in_n;
  run_pts[0] = 5 * GST_MSECOND;
  run_pts[1] = run_pts[0] + ts (run_len[0]) + GST_SECOND;

  for (i = 0; i < n_in; i++) {
    GstBuffer *buf = make_input (&info, (guint64) i * in_n, in_n);

    if (i < cut)
      GST_BUFFER_PTS (buf) = run_pts[0] + ts ((guint64) i * in_n);
    else
      GST_BUFFER_PTS (buf) = run_pts[1] + ts ((guint64) (i - cut) * in_n);
    if (i == 0 || i == cut)
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

  for (run = 0; run < 2; run++) {
    guint64 k;

    for (k = 0; k < run_len[run]; k += out_n) {
      GstBuffer *out = gst_harness_try_pull (h);
      guint n = MIN (out_n, run_len[run] - k);
      guint64 got_seq;
      GstClockTime off0 =
          gst_util_uint64_scale_int_round (run_pts[run], RATE, GST_SECOND);

      fail_unless (out != NULL,
          "frame missing: run %d sample %" G_GUINT64_FORMAT, run, k);
      check_samples (&info, out, run_first[run] + k, n);
      fail_unless (gst_sl_buffer_get_seq (out, &got_seq));
      fail_unless_equals_uint64 (got_seq, seq);
      seq++;
      fail_unless_equals_uint64 (GST_BUFFER_PTS (out), run_pts[run] + ts (k));
      fail_unless_equals_uint64 (GST_BUFFER_DURATION (out),
          ts (k + n) - ts (k));
      fail_unless_equals_uint64 (GST_BUFFER_OFFSET (out), off0 + k);
      fail_unless_equals_uint64 (GST_BUFFER_OFFSET_END (out), off0 + k + n);
      fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (out,
                                  GST_BUFFER_FLAG_DISCONT),
          k == 0);
      if (n < out_n)
        partial++;
      if (k == 0 && run > 0)
        disc++;
      gst_buffer_unref (out);
    }
  }
  fail_unless (gst_harness_try_pull (h) == NULL);

  framer = gst_harness_find_element (h, "slframer");
  {
    guint64 d, p, f;

    g_object_get (framer, "discontinuities", &d, "partial-frames", &p, "frames",
        &f, NULL);
    fail_unless_equals_uint64 (d, disc);
    fail_unless_equals_uint64 (p, partial);
    fail_unless_equals_uint64 (f, seq);
  }
  gst_object_unref (framer);
  gst_harness_teardown (h);
  g_free (launch);
}

GST_START_TEST (test_reframe_100_to_256)
{
  GstAudioFormat formats[] = { GST_AUDIO_FORMAT_F64LE, GST_AUDIO_FORMAT_F32LE };
  GstAudioLayout layouts[] = { GST_AUDIO_LAYOUT_NON_INTERLEAVED,
    GST_AUDIO_LAYOUT_INTERLEAVED };
  guint f, l;

  for (f = 0; f < 2; f++)
    for (l = 0; l < 2; l++)
      run_reframe (formats[f], layouts[l], 100, 256, 23, 12);
}

GST_END_TEST;

GST_START_TEST (test_reframe_1000_to_64)
{
  GstAudioFormat formats[] = { GST_AUDIO_FORMAT_F64LE, GST_AUDIO_FORMAT_F32LE };
  GstAudioLayout layouts[] = { GST_AUDIO_LAYOUT_NON_INTERLEAVED,
    GST_AUDIO_LAYOUT_INTERLEAVED };
  guint f, l;

  for (f = 0; f < 2; f++)
    for (l = 0; l < 2; l++)
      run_reframe (formats[f], layouts[l], 1000, 64, 7, 3);
}

GST_END_TEST;

/* Input already framed as asked: same memory out, meta added. */
GST_START_TEST (test_zero_copy)
{
  const gchar *launches[] = { "slframer", "slframer samplesperbuffer=128" };
  guint l;

  for (l = 0; l < G_N_ELEMENTS (launches); l++) {
    GstAudioInfo info =
        make_info (GST_AUDIO_FORMAT_F64LE, GST_AUDIO_LAYOUT_NON_INTERLEAVED);
    GstHarness *h = gst_harness_new_parse (launches[l]);
    GstCaps *caps = gst_audio_info_to_caps (&info);
    guint i;

    gst_harness_set_src_caps (h, caps); /* takes caps */
    for (i = 0; i < 4; i++) {
      GstBuffer *in = make_input (&info, i * 128, 128), *out;
      GstMemory *mem = gst_buffer_peek_memory (in, 0);
      guint64 seq;

      /* the harness keeps no reference: also try a shared buffer */
      if (i % 2)
        gst_buffer_ref (in);
      GST_BUFFER_PTS (in) = ts (i * 128);
      fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
      out = gst_harness_pull (h);
      fail_unless (gst_buffer_peek_memory (out, 0) == mem);
      fail_unless (gst_sl_buffer_get_seq (out, &seq));
      fail_unless_equals_uint64 (seq, i);
      if (i % 2) {
        fail_unless (out != in);
        fail_if (gst_sl_buffer_get_seq (in, &seq));
        gst_buffer_unref (in);
      }
      check_samples (&info, out, i * 128, 128);
      gst_buffer_unref (out);
    }
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

GST_START_TEST (test_seq_keep)
{
  GstAudioInfo info =
      make_info (GST_AUDIO_FORMAT_F64LE, GST_AUDIO_LAYOUT_INTERLEAVED);
  GstHarness *h = gst_harness_new_parse ("slframer seq-mode=keep");
  guint64 in_seqs[] = { 40, 41, 45 }, seq;
  guint i;

  gst_harness_set_src_caps_str (h,
      "audio/x-raw,format=F64LE,"
      "layout=interleaved,rate=48000,channels=3,channel-mask=(bitmask)0");
  for (i = 0; i < 3; i++) {
    GstBuffer *in = make_input (&info, i * 10, 10);

    gst_sl_buffer_set_seq (in, in_seqs[i]);
    fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  }
  /* a frame without seq continues from the last one kept */
  fail_unless_equals_int (gst_harness_push (h, make_input (&info, 30, 10)),
      GST_FLOW_OK);
  for (i = 0; i < 3; i++) {
    GstBuffer *out = gst_harness_pull (h);

    fail_unless (gst_sl_buffer_get_seq (out, &seq));
    fail_unless_equals_uint64 (seq, in_seqs[i]);
    gst_buffer_unref (out);
  }
  {
    GstBuffer *out = gst_harness_pull (h);

    fail_unless (gst_sl_buffer_get_seq (out, &seq));
    fail_unless_equals_uint64 (seq, 46);
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

static GstEvent *
metadata_event (const gchar *s)
{
  return gst_event_new_custom (GST_EVENT_CUSTOM_DOWNSTREAM,
      gst_structure_new_from_string (s));
}

/* `metadata` on every frame from the next one; an sl-frame-metadata event
 * on the next frame only, over the property's fields; re-framed output. */
GST_START_TEST (test_metadata)
{
  GstAudioInfo info =
      make_info (GST_AUDIO_FORMAT_F32LE, GST_AUDIO_LAYOUT_NON_INTERLEAVED);
  GstHarness *h = gst_harness_new_parse ("slframer samplesperbuffer=10 "
                                         "metadata=\"m,unit=V,gain=2\"");
  GstElement *framer = gst_harness_find_element (h, "slframer");
  GstCaps *caps = gst_audio_info_to_caps (&info);
  GstBuffer *out[4];
  GstStructure *md;
  guint i;

  gst_harness_set_src_caps (h, caps);
  fail_unless_equals_int (gst_harness_push (h, make_input (&info, 0, 10)),
      GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h,
      metadata_event ("sl-frame-metadata, trial=(string)3, gain=5")));
  fail_unless (gst_harness_push_event (h,
      metadata_event ("sl-frame-metadata, note=(string)hello")));
  fail_unless_equals_int (gst_harness_push (h, make_input (&info, 10, 10)),
      GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_push (h, make_input (&info, 20, 10)),
      GST_FLOW_OK);
  md = gst_structure_new_from_string ("m, unit=(string)mV");
  g_object_set (framer, "metadata", md, NULL);
  gst_structure_free (md);
  fail_unless_equals_int (gst_harness_push (h, make_input (&info, 30, 10)),
      GST_FLOW_OK);
  for (i = 0; i < 4; i++)
    out[i] = gst_harness_pull (h);

  fail_unless_equals_string (gst_sl_buffer_get_metadata (out[0], "unit"), "V");
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out[0], "gain"), "2");
  fail_unless (gst_sl_buffer_get_metadata (out[0], "trial") == NULL);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out[1], "trial"), "3");
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out[1], "gain"), "5");
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out[1], "note"),
      "hello");
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out[1], "unit"), "V");
  fail_unless (gst_sl_buffer_get_metadata (out[2], "trial") == NULL);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out[2], "gain"), "2");
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out[3], "unit"), "mV");
  fail_unless (gst_sl_buffer_get_metadata (out[3], "gain") == NULL);
  for (i = 0; i < 4; i++) {
    check_samples (&info, out[i], i * 10, 10);
    gst_buffer_unref (out[i]);
  }
  /* the custom event was consumed */
  {
    GstEvent *ev;

    while ((ev = gst_harness_try_pull_event (h))) {
      fail_if (GST_EVENT_TYPE (ev) == GST_EVENT_CUSTOM_DOWNSTREAM);
      gst_event_unref (ev);
    }
  }
  gst_object_unref (framer);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_channel_names)
{
  GstAudioInfo info =
      make_info (GST_AUDIO_FORMAT_F64LE, GST_AUDIO_LAYOUT_INTERLEAVED);
  GstHarness *h = gst_harness_new_parse ("slframer "
                                         "channel-names=\"<\\\"x\\\", "
                                         "\\\"y\\\", \\\"z\\\">\"");
  GstEvent *ev;
  gboolean found = FALSE;

  gst_harness_set_src_caps_str (h,
      "audio/x-raw,format=F64LE,"
      "layout=interleaved,rate=48000,channels=3,channel-mask=(bitmask)0");
  fail_unless_equals_int (gst_harness_push (h, make_input (&info, 0, 4)),
      GST_FLOW_OK);
  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_TAG) {
      GstTagList *tags;
      gchar *s;

      gst_event_parse_tag (ev, &tags);
      fail_unless_equals_int (gst_tag_list_get_scope (tags),
          GST_TAG_SCOPE_STREAM);
      fail_unless_equals_int (gst_tag_list_get_tag_size (tags,
                                  GST_SL_TAG_CHANNEL_NAMES),
          3);
      fail_unless (gst_tag_list_get_string_index (tags,
          GST_SL_TAG_CHANNEL_NAMES, 2, &s));
      fail_unless_equals_string (s, "z");
      g_free (s);
      found = TRUE;
    }
    gst_event_unref (ev);
  }
  fail_unless (found);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_channel_names_mismatch)
{
  GstHarness *h =
      gst_harness_new_parse ("slframer "
                             "channel-names=\"<\\\"x\\\", \\\"y\\\">\"");
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  GError *err = NULL;
  gchar *dbg = NULL;

  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h,
      "audio/x-raw,format=F64LE,"
      "layout=interleaved,rate=48000,channels=3,channel-mask=(bitmask)0");
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, &dbg);
  fail_unless (g_strrstr (err->message, "channel-names") != NULL, "%s",
      err->message);
  fail_unless_equals_string (dbg != NULL
          ? g_strrstr (dbg, "2 channel names for 3 channels")
          : NULL,
      "2 channel names for 3 channels");
  g_error_free (err);
  g_free (dbg);
  gst_message_unref (msg);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* A PTS jump without DISCONT is a gap too; half a sample is not. */
GST_START_TEST (test_timestamp_gap)
{
  GstAudioInfo info =
      make_info (GST_AUDIO_FORMAT_F64LE, GST_AUDIO_LAYOUT_INTERLEAVED);
  GstHarness *h = gst_harness_new_parse ("slframer");
  GstElement *framer = gst_harness_find_element (h, "slframer");
  GstClockTime pts[] = { 0, ts (10) + 1000, ts (20) + 10 * GST_MSECOND };
  GstBuffer *out;
  guint64 d;
  guint i;

  gst_harness_set_src_caps_str (h,
      "audio/x-raw,format=F64LE,"
      "layout=interleaved,rate=48000,channels=3,channel-mask=(bitmask)0");
  for (i = 0; i < 3; i++) {
    GstBuffer *in = make_input (&info, i * 10, 10);

    GST_BUFFER_PTS (in) = pts[i];
    fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  }
  out = gst_harness_pull (h);
  fail_unless (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_DISCONT));
  gst_buffer_unref (out);
  out = gst_harness_pull (h);
  /* 1 us off, less than half a sample (10.4 us): the sample count wins */
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), ts (10));
  fail_if (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_DISCONT));
  gst_buffer_unref (out);
  out = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), pts[2]);
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (out),
      gst_util_uint64_scale_int_round (pts[2], RATE, GST_SECOND));
  fail_unless (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_DISCONT));
  gst_buffer_unref (out);
  g_object_get (framer, "discontinuities", &d, NULL);
  fail_unless_equals_uint64 (d, 1);
  gst_object_unref (framer);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
slframer_suite (void)
{
  Suite *s = suite_create ("slframer");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_reframe_100_to_256);
  tcase_add_test (tc, test_reframe_1000_to_64);
  tcase_add_test (tc, test_zero_copy);
  tcase_add_test (tc, test_seq_keep);
  tcase_add_test (tc, test_metadata);
  tcase_add_test (tc, test_channel_names);
  tcase_add_test (tc, test_channel_names_mismatch);
  tcase_add_test (tc, test_timestamp_gap);
  return s;
}

GST_CHECK_MAIN (slframer);
