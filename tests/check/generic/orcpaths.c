/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The two paths of the elements that have ORC kernels (slfilter kind=fir,
 * sldecimate), forced in turn with STREAMLAB_ORC (read at caps time), on
 * the same noise in frames of uneven sizes (longer and shorter than the
 * kernels' blocks of 512 frames), every format and layout, one and three
 * channels: the outputs agree within a few units in the last place.
 * The element tests, run once per path (the -orc and -c-path variants),
 * hold each path to the exact formulas. */

#include <math.h>
#include <string.h>

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/audio/audio.h>

#define RATE 48000

static const guint sizes[] = { 100, 1500, 7, 2048, 513, 1 };

typedef struct
{
  gboolean f32;
  gboolean planar;
  guint channels;
} Format;

static const Format formats[] = {
  { FALSE, FALSE, 1 },
  { TRUE, FALSE, 1 },
  { FALSE, TRUE, 3 },
  { TRUE, TRUE, 3 },
  { FALSE, FALSE, 3 },
  { TRUE, FALSE, 3 },
};

static GstBuffer *
make_buffer (const Format *f, const gdouble *x, guint total, guint from,
    guint n)
{
  gsize bps = f->f32 ? sizeof (gfloat) : sizeof (gdouble);
  GstBuffer *buf = gst_buffer_new_allocate (NULL, bps * n * f->channels, NULL);
  GstMapInfo map;
  guint c, i;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (c = 0; c < f->channels; c++) {
    for (i = 0; i < n; i++) {
      gsize at = f->planar ? (gsize) c * n + i : (gsize) i * f->channels + c;
      gdouble v = x[(gsize) c * total + from + i];

      if (f->f32)
        ((gfloat *) map.data)[at] = v;
      else
        ((gdouble *) map.data)[at] = v;
    }
  }
  gst_buffer_unmap (buf, &map);
  if (f->planar) {
    GstAudioInfo info;

    gst_audio_info_set_format (&info,
        f->f32 ? GST_AUDIO_FORMAT_F32LE : GST_AUDIO_FORMAT_F64LE, RATE,
        f->channels, NULL);
    info.layout = GST_AUDIO_LAYOUT_NON_INTERLEAVED;
    gst_buffer_add_audio_meta (buf, &info, n, NULL);
  }
  GST_BUFFER_PTS (buf) = gst_util_uint64_scale_int (from, GST_SECOND, RATE);
  return buf;
}

/* Appends the frames of @buf to @y (one GArray of gdouble per channel). */
static void
collect (const Format *f, GstBuffer *buf, GArray **y)
{
  gsize bps = f->f32 ? sizeof (gfloat) : sizeof (gdouble);
  GstMapInfo map;
  guint c, i, n;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  n = map.size / (bps * f->channels);
  for (c = 0; c < f->channels; c++) {
    for (i = 0; i < n; i++) {
      gsize at = f->planar ? (gsize) c * n + i : (gsize) i * f->channels + c;
      gdouble v =
          f->f32 ? ((gfloat *) map.data)[at] : ((gdouble *) map.data)[at];

      g_array_append_val (y[c], v);
    }
  }
  gst_buffer_unmap (buf, &map);
}

/* Runs @launch over @x with the path @path; returns one array per channel. */
static GArray **
run_path (const gchar *launch, const gchar *path, const Format *f,
    const gdouble *x, guint total)
{
  GArray **y = g_new (GArray *, f->channels);
  GstHarness *h;
  gchar *caps;
  guint c, k, from = 0;

  g_setenv ("STREAMLAB_ORC", path, TRUE);
  for (c = 0; c < f->channels; c++)
    y[c] = g_array_new (FALSE, FALSE, sizeof (gdouble));
  h = gst_harness_new_parse (launch);
  caps = g_strdup_printf ("audio/x-raw,format=%s,layout=%s,rate=%d,"
                          "channels=%u,channel-mask=(bitmask)0",
      f->f32 ? "F32LE" : "F64LE", f->planar ? "non-interleaved" : "interleaved",
      RATE, f->channels);
  gst_harness_set_src_caps_str (h, caps);
  g_free (caps);
  for (k = 0; k < G_N_ELEMENTS (sizes); k++) {
    GstBuffer *out;

    fail_unless_equals_int (gst_harness_push (h,
                                make_buffer (f, x, total, from, sizes[k])),
        GST_FLOW_OK);
    from += sizes[k];
    while ((out = gst_harness_try_pull (h)) != NULL) {
      collect (f, out, y);
      gst_buffer_unref (out);
    }
  }
  gst_harness_teardown (h);
  g_unsetenv ("STREAMLAB_ORC");
  return y;
}

static void
compare_paths (const gchar *launch)
{
  guint total = 0, k, fi, c, i;
  gdouble *x;
  GRand *rand = g_rand_new_with_seed (1234);

  for (k = 0; k < G_N_ELEMENTS (sizes); k++)
    total += sizes[k];
  x = g_new (gdouble, 3 * total);
  for (i = 0; i < 3 * total; i++)
    x[i] = g_rand_double_range (rand, -1.0, 1.0);
  g_rand_free (rand);

  for (fi = 0; fi < G_N_ELEMENTS (formats); fi++) {
    const Format *f = &formats[fi];
    GArray **yc = run_path (launch, "c", f, x, total);
    GArray **yo = run_path (launch, "orc", f, x, total);

    for (c = 0; c < f->channels; c++) {
      gdouble top = 0.0, err = 0.0;

      fail_unless (yc[c]->len > 0);
      fail_unless_equals_int (yc[c]->len, yo[c]->len);
      for (i = 0; i < yc[c]->len; i++) {
        gdouble a = g_array_index (yc[c], gdouble, i);
        gdouble b = g_array_index (yo[c], gdouble, i);

        fail_unless (isfinite (a) && isfinite (b));
        top = MAX (top, fabs (a));
        err = MAX (err, fabs (a - b));
      }
      /* F64: sums of up to 600 products taken in another order; F32: one
       * rounding of those apart */
      fail_unless (err <= (f->f32 ? 2e-7 : 1e-13) * top,
          "%s, %s %s, channel %u: C and ORC differ by %g (outputs up to %g)",
          launch, f->f32 ? "F32" : "F64", f->planar ? "planar" : "interleaved",
          c, err, top);
      g_array_free (yc[c], TRUE);
      g_array_free (yo[c], TRUE);
    }
    g_free (yc);
    g_free (yo);
  }
  g_free (x);
}

static gchar *
fir_launch (guint ntaps)
{
  GString *s = g_string_new ("slfilter kind=fir taps=\"<");
  guint j;

  for (j = 0; j < ntaps; j++)
    g_string_append_printf (s, "%s%.17g", j ? ", " : "",
        sin (0.37 * (j + 1)) / ntaps);
  g_string_append (s, ">\"");
  return g_string_free (s, FALSE);
}

GST_START_TEST (test_fir_paths_agree)
{
  static const guint taps[] = { 1, 3, 8, 37, 600 };
  gchar *launch = fir_launch (taps[__i__]);

  compare_paths (launch);
  g_free (launch);
}

GST_END_TEST;

GST_START_TEST (test_decimate_paths_agree)
{
  static const gchar *launches[] = {
    "sldecimate factor=2",
    "sldecimate factor=3 num-taps=61",
    "sldecimate factor=4 num-taps=2",
    "sldecimate factor=8",
    "sldecimate factor=5 num-taps=700",
  };

  compare_paths (launches[__i__]);
}

GST_END_TEST;

/* ORC's kernels flush denormals to zero (FTZ and DAZ in the SSE control
 * register): the elements restore the caller's floating-point mode after
 * them, so the code after them in the same streaming thread (the harness
 * pushes from this one) still computes with denormals. */
GST_START_TEST (test_denormals_after_orc)
{
  static const gchar *launches[] = {
    "slfilter kind=fir taps=\"<0.5, 0.25, 0.125, 0.0625, 0.03125>\"",
    "sldecimate factor=2",
  };
  volatile gfloat tiny = 1e-40f, one = 1.0f;
  volatile gdouble tinyd = 1e-310, oned = 1.0;
  guint k;

  fail_unless (tiny * one > 0.0f && tinyd * oned > 0.0);
  for (k = 0; k < G_N_ELEMENTS (launches); k++) {
    const Format f = { TRUE, TRUE, 1 };
    guint total = 0, i;
    gdouble *x;
    GArray **y;

    for (i = 0; i < G_N_ELEMENTS (sizes); i++)
      total += sizes[i];
    x = g_new (gdouble, total);
    for (i = 0; i < total; i++)
      x[i] = sin (0.01 * i);
    y = run_path (launches[k], "orc", &f, x, total);
    g_array_free (y[0], TRUE);
    g_free (y);
    g_free (x);
    fail_unless (tiny * one > 0.0f, "%s: F32 denormals flushed after it",
        launches[k]);
    fail_unless (tinyd * oned > 0.0, "%s: F64 denormals flushed after it",
        launches[k]);
  }
}

GST_END_TEST;

static Suite *
orcpaths_suite (void)
{
  Suite *s = suite_create ("orcpaths");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_fir_paths_agree, 0, 5);
  tcase_add_loop_test (tc, test_decimate_paths_agree, 0, 5);
  tcase_add_test (tc, test_denormals_after_orc);
  return s;
}

GST_CHECK_MAIN (orcpaths);
