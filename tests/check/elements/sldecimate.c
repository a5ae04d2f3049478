/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* sldecimate's DataFrame meta on its pooled output frames, and no heap
 * allocation per frame in steady state. The samples are checked against
 * scipy in tests/python/test_sldecimate.py. */

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>

#include "gstslmeta.h"
#include "slalloccheck.h"

#define CAPS "audio/x-raw,format=F64LE,layout=interleaved,rate=1000,channels=1"

static gboolean can_count;

/* A frame of @n samples with @seq (if not G_MAXUINT64) and metadata. */
static GstBuffer *
frame (guint n, guint64 seq, const gchar *metadata)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, n * sizeof (gdouble), NULL);

  gst_buffer_memset (buf, 0, 0, n * sizeof (gdouble));
  if (seq != G_MAXUINT64)
    gst_sl_buffer_set_seq (buf, seq);
  if (metadata) {
    GstStructure *md = gst_structure_from_string (metadata, NULL);

    gst_sl_buffer_replace_metadata (buf, md);
    gst_structure_free (md);
  }
  return buf;
}

/* Each output frame carries its input frame's seq and metadata, or no meta
 * when the input had none, whatever the recycled frame carried before. */
GST_START_TEST (test_meta)
{
  GstHarness *h = gst_harness_new_parse ("sldecimate factor=2 num-taps=3");
  GstBuffer *out;
  guint64 seq, i;

  gst_harness_set_src_caps_str (h, CAPS);
  for (i = 0; i < 12; i++) {
    const gchar *md = i % 3 == 0 ? "metadata, sensor=(string)a"
        : i % 3 == 1             ? "metadata, sensor=(string)b, unit=(string)V"
                                 : NULL;
    gboolean with_meta = i % 4 != 3;

    fail_unless_equals_int (gst_harness_push (h,
                                frame (8, with_meta ? i : G_MAXUINT64,
                                    with_meta ? md : NULL)),
        GST_FLOW_OK);
    out = gst_harness_pull (h);
    fail_unless_equals_uint64 (gst_buffer_get_size (out), 4 * sizeof (gdouble));
    if (!with_meta) {
      fail_unless (gst_sl_buffer_get_data_frame_meta (out) == NULL);
    } else {
      fail_unless (gst_sl_buffer_get_seq (out, &seq));
      fail_unless_equals_uint64 (seq, i);
      if (md == NULL) {
        fail_unless (gst_sl_buffer_peek_metadata (out) == NULL);
      } else {
        GstStructure *want = gst_structure_from_string (md, NULL);

        fail_unless (gst_structure_is_equal (gst_sl_buffer_peek_metadata (out),
            want));
        gst_structure_free (want);
      }
    }
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Frames of 5 samples by 2: 3 and 2 kept samples in turn, from one pool. */
GST_START_TEST (test_uneven_sizes)
{
  GstHarness *h = gst_harness_new_parse ("sldecimate factor=2");
  GstBuffer *out;
  guint i;

  gst_harness_set_src_caps_str (h, CAPS);
  for (i = 0; i < 8; i++) {
    gst_harness_push (h, frame (5, i, NULL));
    out = gst_harness_pull (h);
    fail_unless (out->pool != NULL);
    fail_unless_equals_uint64 (gst_buffer_get_size (out),
        (i % 2 ? 2 : 3) * sizeof (gdouble));
    gst_buffer_unref (out);
  }
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

/* Counted: the benchmark's case, and non-interleaved frames whose kept
 * length changes from frame to frame (1000 samples by 3). */
GST_START_TEST (test_steady_state_allocs)
{
  check_no_allocs ("slsinesrc num-buffers=400 samplesperbuffer=1024 "
                   "metadata=\"meta,sensor=a1\" ! audio/x-raw,format=F64LE,"
                   "layout=interleaved,rate=48000,channels=8 ! sldecimate "
                   "name=count "
                   "factor=4 ! fakesink sync=false");
  check_no_allocs ("slsinesrc num-buffers=400 samplesperbuffer=1000 ! "
                   "audio/x-raw,format=F32LE,layout=non-interleaved,rate=48000,"
                   "channels=2 ! sldecimate name=count factor=3 ! fakesink "
                   "sync=false");
}

GST_END_TEST;

static Suite *
sldecimate_suite (void)
{
  Suite *s = suite_create ("sldecimate");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_meta);
  tcase_add_test (tc, test_uneven_sizes);
  if (can_count)
    tcase_add_test (tc, test_steady_state_allocs);
  return s;
}

int
main (int argc, char **argv)
{
  can_count = sl_alloc_check_init (argv);
  gst_check_init (&argc, &argv);
  return gst_check_run_suite (sldecimate_suite (), "sldecimate", __FILE__);
}
