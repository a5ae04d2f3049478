/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slwindow's DataFrame meta (the input's metadata and the window's own
 * fields) on recycled output frames, and no heap allocation per frame in
 * steady state. The statistics themselves are checked against numpy in
 * tests/python/test_slwindow.py. */

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>

#include "gstslmeta.h"
#include "slalloccheck.h"

#define CAPS "audio/x-raw,format=F64LE,layout=interleaved,rate=1000,channels=1"
#define LEN 4

static gboolean can_count;

/* A frame of LEN samples, all @v, with @seq and optionally a metadata
 * structure. */
static GstBuffer *
frame (guint64 seq, gdouble v, const gchar *metadata)
{
  gdouble x[LEN] = { v, v, v, v };
  GstBuffer *buf = gst_buffer_new_memdup (x, sizeof x);

  gst_sl_buffer_set_seq (buf, seq);
  if (metadata) {
    GstStructure *md = gst_structure_from_string (metadata, NULL);

    gst_sl_buffer_replace_metadata (buf, md);
    gst_structure_free (md);
  }
  GST_BUFFER_PTS (buf) = seq * LEN * GST_MSECOND;
  GST_BUFFER_DURATION (buf) = LEN * GST_MSECOND;
  return buf;
}

static GstHarness *
setup (void)
{
  GstHarness *h = gst_harness_new_parse ("slwindow length=4 statistics=mean");

  gst_harness_set_src_caps_str (h, CAPS);
  return h;
}

static void
check_window (GstBuffer *out, guint64 seq, gdouble mean)
{
  guint64 got = G_MAXUINT64;
  gchar *want;
  gdouble v;

  fail_unless (gst_sl_buffer_get_seq (out, &got));
  fail_unless_equals_uint64 (got, seq);
  fail_unless (gst_buffer_extract (out, 0, &v, sizeof v) == sizeof v);
  fail_unless_equals_float (v, mean);
  want = g_strdup_printf ("%" G_GUINT64_FORMAT, seq * LEN * GST_MSECOND);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out, "window-start"),
      want);
  g_free (want);
  want = g_strdup_printf ("%" G_GUINT64_FORMAT, (seq + 1) * LEN * GST_MSECOND);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out, "window-end"),
      want);
  g_free (want);
  want = g_strdup_printf ("%" G_GUINT64_FORMAT, seq);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out, "seq-first"),
      want);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out, "seq-last"),
      want);
  g_free (want);
}

/* The input's metadata follows each window, changes and all, with no
 * stale field left on a recycled frame; a copy keeps its own text. */
GST_START_TEST (test_metadata)
{
  GstHarness *h = setup ();
  const GstStructure *md;
  GstBuffer *out, *copy;
  guint64 i;

  fail_unless_equals_int (
      gst_harness_push (h,
          frame (0, 1.0, "metadata, sensor=(string)a, unit=(string)V")),
      GST_FLOW_OK);
  out = gst_harness_pull (h);
  check_window (out, 0, 1.0);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out, "sensor"), "a");
  fail_unless_equals_string (gst_sl_buffer_get_metadata (out, "unit"), "V");
  copy = gst_buffer_copy (out);
  gst_buffer_unref (out);

  /* enough windows for the pool to hand every frame out again */
  for (i = 1; i < 10; i++) {
    const gchar *meta = i < 5 ? "metadata, sensor=(string)a, unit=(string)V"
        : i < 8               ? "metadata, sensor=(string)b"
                              : NULL;

    fail_unless_equals_int (gst_harness_push (h, frame (i, i, meta)),
        GST_FLOW_OK);
    out = gst_harness_pull (h);
    check_window (out, i, i);
    md = gst_sl_buffer_peek_metadata (out);
    fail_unless (md != NULL);
    if (i < 5) {
      fail_unless_equals_string (gst_structure_get_string (md, "sensor"), "a");
      fail_unless_equals_int (gst_structure_n_fields (md), 6);
    } else if (i < 8) {
      fail_unless_equals_string (gst_structure_get_string (md, "sensor"), "b");
      fail_unless_equals_int (gst_structure_n_fields (md), 5);
    } else {
      /* an input without metadata: the window's fields only */
      fail_unless_equals_int (gst_structure_n_fields (md), 4);
    }
    gst_buffer_unref (out);
  }

  /* the copy made from window 0 still reads window 0 */
  check_window (copy, 0, 1.0);
  fail_unless_equals_string (gst_sl_buffer_get_metadata (copy, "sensor"), "a");
  gst_buffer_unref (copy);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Once a pooled frame has carried a window, the next window it carries is
 * written into the same metadata structure and the same text: nothing is
 * replaced, so nothing is allocated. */
GST_START_TEST (test_recycled_in_place)
{
  GstHarness *h = setup ();
  GstBuffer *first, *out = NULL;
  const GstStructure *md0;
  const gchar *start0, *first0;
  guint64 i;

  gst_harness_push (h, frame (0, 0.0, "metadata, sensor=(string)a"));
  first = gst_harness_pull (h);
  fail_unless (first->pool != NULL);
  md0 = gst_sl_buffer_peek_metadata (first);
  start0 = gst_sl_buffer_get_metadata (first, "window-start");
  first0 = gst_sl_buffer_get_metadata (first, "seq-first");
  /* the pointers are compared once the frame is back: keep no reference */
  gst_buffer_unref (first);

  for (i = 1; i < 16 && out != first; i++) {
    if (out)
      gst_buffer_unref (out);
    gst_harness_push (h, frame (i, 0.0, "metadata, sensor=(string)a"));
    out = gst_harness_pull (h);
  }
  fail_unless (out == first, "the pool never gave the first frame again");
  check_window (out, i - 1, 0.0);
  fail_unless (gst_sl_buffer_peek_metadata (out) == md0);
  fail_unless (gst_sl_buffer_get_metadata (out, "window-start") == start0);
  fail_unless (gst_sl_buffer_get_metadata (out, "seq-first") == first0);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

static void
check_no_allocs (const gchar *launch)
{
  guint64 frames = 0;
  unsigned long n = sl_alloc_check_count (launch, 100, 300, &frames);

  fail_unless_equals_uint64 (frames, 200);
  fail_unless (n == 0,
      "%lu heap allocations in %" G_GUINT64_FORMAT " frames of %s", n, frames,
      launch);
}

/* Counted: tumbling and sliding windows, with metadata on the input. */
GST_START_TEST (test_steady_state_allocs)
{
  check_no_allocs ("slsinesrc num-buffers=400 samplesperbuffer=1024 "
                   "metadata=\"meta,sensor=a1\" ! audio/x-raw,format=F64LE,"
                   "layout=interleaved,rate=48000,channels=2 ! slwindow "
                   "name=count "
                   "length=1024 statistics=rms+peak ! fakesink sync=false");
  check_no_allocs ("slsinesrc num-buffers=400 samplesperbuffer=1000 ! "
                   "audio/x-raw,format=F32LE,layout=non-interleaved,rate=48000,"
                   "channels=2 ! slwindow name=count length=2048 hop=256 "
                   "statistics=mean+rms+min+max+peak+stddev ! fakesink "
                   "sync=false");
}

GST_END_TEST;

static Suite *
slwindow_suite (void)
{
  Suite *s = suite_create ("slwindow");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_metadata);
  tcase_add_test (tc, test_recycled_in_place);
  if (can_count)
    tcase_add_test (tc, test_steady_state_allocs);
  return s;
}

int
main (int argc, char **argv)
{
  can_count = sl_alloc_check_init (argv);
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (slwindow_suite (), "slwindow", __FILE__);
}
