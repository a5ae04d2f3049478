/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slorcbench: every ORC kernel against the C loop it may replace, on the
 * same data, in one run: the two alternate, each timed by the CPU time of
 * this thread (so that other processes on the machine count less), and the
 * best of --runs is kept. The last column is what the elements choose
 * (sl_orc_choose without STREAMLAB_ORC), which should be the faster.
 *
 *   build/tests/bench/slorcbench [--runs N] [--seconds S]
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include <time.h>
#include <glib.h>

#include "gstslfilterkernel.h"
#include "gstslfir.h"

#define FRAMES 1024 /* one buffer, as the elements see it */

static gint n_runs = 7;
static gdouble min_seconds = 0.02;

static gdouble
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef void (*BenchFunc) (gpointer data);

/* Nanoseconds per sample of @func (which handles @samples samples). */
static gdouble
time_once (BenchFunc func, gpointer data, gsize samples)
{
  gdouble t0 = cpu_now (), t;
  guint64 iters = 0, batch = 1;

  do {
    guint64 k;

    for (k = 0; k < batch; k++)
      func (data);
    iters += batch;
    batch *= 2;
    t = cpu_now () - t0;
  } while (t < min_seconds);
  return t * 1e9 / ((gdouble) iters * samples);
}

/* @diff: the largest difference between the outputs of the two paths on
 * the same input (relative to the largest output) */
static void
compare (const gchar *kernel, const gchar *params, BenchFunc c_func,
    BenchFunc orc_func, gpointer data, gsize samples, gboolean chosen,
    gdouble diff)
{
  gdouble best_c = G_MAXDOUBLE, best_orc = G_MAXDOUBLE;
  gint r;

  for (r = 0; r < n_runs; r++) {
    best_c = MIN (best_c, time_once (c_func, data, samples));
    best_orc = MIN (best_orc, time_once (orc_func, data, samples));
  }
  g_print ("%-10s %-20s %8.3f %8.3f %6.2f %9.2g  %s%s\n", kernel, params,
      best_c, best_orc, best_c / best_orc, diff, chosen ? "orc" : "c",
      (chosen ? best_orc <= best_c : best_c <= best_orc) ? "" : "  (slower)");
}

/* ---- slfilter kind=fir ---- */

typedef struct
{
  guint ntaps;
  gdouble *hrev, *ring, *scratch;
  guint pos;
  gpointer plane;
  SlFilterData d;
} FirBench;

static void
fir_c (gpointer data)
{
  FirBench *b = data;

  sl_filter_fir (b->hrev, b->ntaps, b->ring, &b->pos, &b->d, 0, FRAMES);
}

static void
fir_orc (gpointer data)
{
  FirBench *b = data;

  sl_filter_fir_orc (b->hrev, b->ntaps, b->ring, &b->pos, &b->d, 0, FRAMES,
      b->scratch, sl_orc_choose (SL_ORC_KERNEL_CONVERT, 0, 1));
}

/* Both paths from a fresh state over three buffers of the same input. */
static gdouble
fir_diff (FirBench *b)
{
  gsize bytes = FRAMES * (b->d.f32 ? sizeof (gfloat) : sizeof (gdouble));
  gpointer in = g_memdup2 (b->plane, bytes), out[2];
  gdouble diff = 0.0, top = 0.0;
  guint path, k, i;

  for (path = 0; path < 2; path++) {
    out[path] = g_malloc (3 * bytes);
    memset (b->ring, 0, 2 * b->ntaps * sizeof (gdouble));
    b->pos = 0;
    for (k = 0; k < 3; k++) {
      memcpy (b->plane, in, bytes);
      (path ? fir_orc : fir_c) (b);
      memcpy ((guint8 *) out[path] + k * bytes, b->plane, bytes);
    }
  }
  for (i = 0; i < 3 * FRAMES; i++) {
    gdouble y0 = b->d.f32 ? ((gfloat *) out[0])[i] : ((gdouble *) out[0])[i];
    gdouble y1 = b->d.f32 ? ((gfloat *) out[1])[i] : ((gdouble *) out[1])[i];

    diff = MAX (diff, fabs (y0 - y1));
    top = MAX (top, fabs (y0));
  }
  memcpy (b->plane, in, bytes);
  g_free (in);
  g_free (out[0]);
  g_free (out[1]);
  return diff / top;
}

static void
bench_fir (guint ntaps, gboolean f32)
{
  FirBench b = { 0 };
  gchar *params;
  guint i;

  b.ntaps = ntaps;
  b.hrev = g_new (gdouble, ntaps);
  for (i = 0; i < ntaps; i++)
    b.hrev[i] = 1.0 / ntaps;
  b.ring = g_new0 (gdouble, 2 * ntaps);
  b.scratch = g_new (gdouble, sl_filter_fir_orc_scratch (ntaps));
  b.plane = g_malloc (FRAMES * (f32 ? sizeof (gfloat) : sizeof (gdouble)));
  for (i = 0; i < FRAMES; i++) {
    gdouble v = sin (i * 0.01);

    if (f32)
      ((gfloat *) b.plane)[i] = v;
    else
      ((gdouble *) b.plane)[i] = v;
  }
  b.d.planes = &b.plane;
  b.d.channels = 1;
  b.d.f32 = f32;
  b.d.planar = TRUE;
  params = g_strdup_printf ("%s, %u taps", f32 ? "F32" : "F64", ntaps);
  compare ("fir", params, fir_c, fir_orc, &b, FRAMES,
      sl_orc_choose (SL_ORC_KERNEL_FIR, ntaps, 1), fir_diff (&b));
  g_free (params);
  g_free (b.hrev);
  g_free (b.ring);
  g_free (b.scratch);
  g_free (b.plane);
}

/* ---- sldecimate ---- */

typedef struct
{
  guint ntaps, m;
  gdouble *hrev, *w, *y, *scratch;
  gsize wlen, kept;
} DecBench;

static void
dec_c (gpointer data)
{
  DecBench *b = data;

  sl_fir_decimate_c (b->hrev, b->ntaps, b->m, b->w, 0, b->y, b->kept);
}

static void
dec_orc (gpointer data)
{
  DecBench *b = data;

  sl_fir_decimate_orc (b->hrev, b->ntaps, b->m, b->w, b->wlen, 0, b->y, b->kept,
      b->scratch);
}

static void
bench_decimate (guint m, guint ntaps)
{
  DecBench b = { 0 };
  gchar *params;
  gdouble *y0, diff = 0.0, top = 0.0;
  gsize i;

  b.m = m;
  b.ntaps = ntaps;
  b.hrev = g_new (gdouble, ntaps);
  for (i = 0; i < ntaps; i++)
    b.hrev[i] = 1.0 / ntaps;
  b.wlen = ntaps - 1 + FRAMES;
  b.w = g_new (gdouble, b.wlen);
  for (i = 0; i < b.wlen; i++)
    b.w[i] = sin (i * 0.01);
  b.kept = FRAMES / m;
  b.y = g_new (gdouble, b.kept);
  b.scratch = g_new (gdouble, sl_fir_decimate_scratch (b.wlen, m));
  params = g_strdup_printf ("factor %u, %u taps", m, ntaps);
  y0 = g_new (gdouble, b.kept);
  dec_c (&b);
  memcpy (y0, b.y, b.kept * sizeof (gdouble));
  dec_orc (&b);
  for (i = 0; i < b.kept; i++) {
    diff = MAX (diff, fabs (b.y[i] - y0[i]));
    top = MAX (top, fabs (y0[i]));
  }
  g_free (y0);
  /* per input sample, as the element takes them */
  compare ("decimate", params, dec_c, dec_orc, &b, FRAMES,
      sl_orc_choose (SL_ORC_KERNEL_DECIMATE, ntaps, m), diff / top);
  g_free (params);
  g_free (b.hrev);
  g_free (b.w);
  g_free (b.y);
  g_free (b.scratch);
}

/* ---- F32 <-> F64 ---- */

typedef struct
{
  gfloat *f;
  gdouble *d;
  gsize n;
} ConvBench;

static void
f32_f64_c (gpointer data)
{
  ConvBench *b = data;

  sl_convert_f32_f64 (b->d, b->f, b->n, FALSE);
}

static void
f32_f64_orc (gpointer data)
{
  ConvBench *b = data;

  sl_convert_f32_f64 (b->d, b->f, b->n, TRUE);
}

static void
f64_f32_c (gpointer data)
{
  ConvBench *b = data;

  sl_convert_f64_f32 (b->f, b->d, b->n, FALSE);
}

static void
f64_f32_orc (gpointer data)
{
  ConvBench *b = data;

  sl_convert_f64_f32 (b->f, b->d, b->n, TRUE);
}

/* F64 values that are not F32 ones, rounded by both paths */
static gdouble
convert_diff (ConvBench *b)
{
  gfloat *f0 = g_new (gfloat, b->n);
  gdouble diff = 0.0;
  gsize i;

  for (i = 0; i < b->n; i++)
    b->d[i] = sin (i * 0.01) / 3.0;
  f64_f32_c (b);
  memcpy (f0, b->f, b->n * sizeof (gfloat));
  f64_f32_orc (b);
  for (i = 0; i < b->n; i++)
    diff = MAX (diff, fabs ((gdouble) f0[i] - b->f[i]));
  g_free (f0);
  return diff;
}

static void
bench_convert (gsize n)
{
  ConvBench b;
  gchar *params;
  gsize i;

  b.n = n;
  b.f = g_new (gfloat, n);
  b.d = g_new (gdouble, n);
  for (i = 0; i < n; i++)
    b.d[i] = b.f[i] = sin (i * 0.01);
  params = g_strdup_printf ("%" G_GSIZE_FORMAT " samples", n);
  /* exact both ways: the F32 values are exact in F64 */
  compare ("f32->f64", params, f32_f64_c, f32_f64_orc, &b, n,
      sl_orc_choose (SL_ORC_KERNEL_CONVERT, 0, 1), 0.0);
  compare ("f64->f32", params, f64_f32_c, f64_f32_orc, &b, n,
      sl_orc_choose (SL_ORC_KERNEL_CONVERT, 0, 1), convert_diff (&b));
  g_free (params);
  g_free (b.f);
  g_free (b.d);
}

int
main (int argc, char **argv)
{
  static const guint fir_taps[] = { 2, 3, 4, 6, 8, 16, 32, 64, 128, 512 };
  static const guint factors[] = { 2, 4, 8, 16 };
  GOptionEntry entries[] = { { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs,
                                 "Runs per kernel (best kept)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &min_seconds,
        "CPU seconds per timing at least", "S" },
    { NULL } };
  GOptionContext *ctx = g_option_context_new ("- ORC kernels against C");
  GError *err = NULL;
  guint i;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("%s\n", err->message);
    return 2;
  }
  g_option_context_free (ctx);

  g_print ("%-10s %-20s %8s %8s %6s %9s  %s\n", "kernel", "case", "C ns/s",
      "ORC ns/s", "C/ORC", "max diff", "chosen");
  for (i = 0; i < G_N_ELEMENTS (fir_taps); i++) {
    bench_fir (fir_taps[i], FALSE);
    bench_fir (fir_taps[i], TRUE);
  }
  for (i = 0; i < G_N_ELEMENTS (factors); i++) {
    bench_decimate (factors[i], 8);
    bench_decimate (factors[i], 20 * factors[i] + 1);
  }
  bench_convert (FRAMES);
  bench_convert (64 * FRAMES);
  return 0;
}
