/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The hot loops of slfilter, plain C built at -O3.
 *
 * A biquad is a recurrence: one channel alone is bound by the latency of
 * two dependent multiply-adds per sample. So channels run side by side, a
 * block of SL_FILTER_LANES channels at a time, and two sections at a time
 * (the second section of frame n overlaps the first of frame n + 1), with
 * the state in local arrays that the compiler keeps in vector registers.
 * Sections run in direct form I: its state is the signal's own history, so
 * new coefficients continue from it smoothly.
 * The same source is compiled twice: for the baseline ISA and for
 * AVX2 + FMA, chosen at caps time. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "gstslfilterkernel.h"

#define L SL_FILTER_LANES

#if defined(__GNUC__)
#define SL_INLINE static inline __attribute__((always_inline))
#else
#define SL_INLINE static inline
#endif

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define SL_HAVE_X86_DISPATCH 1
#define SL_TARGET_AVX2 __attribute__((target("avx2,fma")))
#endif

SL_INLINE gdouble
load_sample (const SlFilterData * d, guint c, guint i, const gboolean f32,
    const gboolean planar)
{
  if (planar)
    return f32 ? ((const gfloat *) d->planes[c])[i] :
        ((const gdouble *) d->planes[c])[i];
  return f32 ? ((const gfloat *) d->planes[0])[(gsize) i * d->channels + c] :
      ((const gdouble *) d->planes[0])[(gsize) i * d->channels + c];
}

SL_INLINE void
store_sample (const SlFilterData * d, guint c, guint i, gdouble v,
    const gboolean f32, const gboolean planar)
{
  if (planar) {
    if (f32)
      ((gfloat *) d->planes[c])[i] = (gfloat) v;
    else
      ((gdouble *) d->planes[c])[i] = v;
  } else {
    if (f32)
      ((gfloat *) d->planes[0])[(gsize) i * d->channels + c] = (gfloat) v;
    else
      ((gdouble *) d->planes[0])[(gsize) i * d->channels + c] = v;
  }
}

/* One block of up to L channels starting at c0 (w of them valid, w == L
 * when @full), through @ns (1 or 2) consecutive sections, in direct form I.
 * The output of a section depends on its previous output through a single
 * multiply-add, the last one, so the loop-carried latency is one FMA. */
SL_INLINE void
sos_block (const SlBiquad * sos, const guint ns, gdouble * st, guint lanes,
    const SlFilterData * d, guint c0, guint w, const gboolean full,
    guint first, guint count, const gboolean f32, const gboolean planar)
{
  const gdouble b0a = sos[0].b0, b1a = sos[0].b1, b2a = sos[0].b2;
  const gdouble a1a = sos[0].a1, a2a = sos[0].a2;
  const gdouble b0b = ns > 1 ? sos[1].b0 : 0.0;
  const gdouble b1b = ns > 1 ? sos[1].b1 : 0.0;
  const gdouble b2b = ns > 1 ? sos[1].b2 : 0.0;
  const gdouble a1b = ns > 1 ? sos[1].a1 : 0.0;
  const gdouble a2b = ns > 1 ? sos[1].a2 : 0.0;
  gdouble x1[L], x2[L], y1[L], y2[L], z1[L], z2[L];
  guint i, l;

  for (l = 0; l < L; l++) {
    x1[l] = st[(0 * (gsize) lanes) + c0 + l];
    x2[l] = st[(1 * (gsize) lanes) + c0 + l];
    y1[l] = st[(2 * (gsize) lanes) + c0 + l];
    y2[l] = st[(3 * (gsize) lanes) + c0 + l];
    z1[l] = ns > 1 ? st[(6 * (gsize) lanes) + c0 + l] : 0.0;
    z2[l] = ns > 1 ? st[(7 * (gsize) lanes) + c0 + l] : 0.0;
  }

  for (i = first; i < first + count; i++) {
    gdouble x[L];

    for (l = 0; l < L; l++)
      x[l] = (full || l < w) ? load_sample (d, c0 + l, i, f32, planar) : 0.0;

    for (l = 0; l < L; l++) {
      gdouble acc = b0a * x[l] + b1a * x1[l] + b2a * x2[l] - a2a * y2[l];
      gdouble ya = acc - a1a * y1[l];

      x2[l] = x1[l];
      x1[l] = x[l];
      if (ns > 1) {
        gdouble accb = b0b * ya + b1b * y1[l] + b2b * y2[l] - a2b * z2[l];
        gdouble yb = accb - a1b * z1[l];

        z2[l] = z1[l];
        z1[l] = yb;
        x[l] = yb;
      } else {
        x[l] = ya;
      }
      y2[l] = y1[l];
      y1[l] = ya;
    }

    for (l = 0; l < L; l++)
      if (full || l < w)
        store_sample (d, c0 + l, i, x[l], f32, planar);
  }

  for (l = 0; l < L; l++) {
    st[(0 * (gsize) lanes) + c0 + l] = x1[l];
    st[(1 * (gsize) lanes) + c0 + l] = x2[l];
    st[(2 * (gsize) lanes) + c0 + l] = y1[l];
    st[(3 * (gsize) lanes) + c0 + l] = y2[l];
    if (ns > 1) {
      /* the second section's input is the first one's output */
      st[(4 * (gsize) lanes) + c0 + l] = y1[l];
      st[(5 * (gsize) lanes) + c0 + l] = y2[l];
      st[(6 * (gsize) lanes) + c0 + l] = z1[l];
      st[(7 * (gsize) lanes) + c0 + l] = z2[l];
    }
  }
}

SL_INLINE void
sos_process (const SlBiquad * sos, guint n_sections, gdouble * state,
    guint lanes, const SlFilterData * d, guint first, guint count,
    const gboolean f32, const gboolean planar)
{
  guint c0, s;

  for (c0 = 0; c0 < d->channels; c0 += L) {
    guint w = MIN (L, d->channels - c0);

    for (s = 0; s < n_sections; s += 2) {
      gdouble *st = state + (gsize) 4 * s * lanes;

      if (w == L) {
        if (s + 1 < n_sections)
          sos_block (sos + s, 2, st, lanes, d, c0, L, TRUE, first, count,
              f32, planar);
        else
          sos_block (sos + s, 1, st, lanes, d, c0, L, TRUE, first, count,
              f32, planar);
      } else {
        if (s + 1 < n_sections)
          sos_block (sos + s, 2, st, lanes, d, c0, w, FALSE, first, count,
              f32, planar);
        else
          sos_block (sos + s, 1, st, lanes, d, c0, w, FALSE, first, count,
              f32, planar);
      }
    }
  }
}

#define DEFINE_SOS(name, attr, f32, planar)                                  \
static attr void                                                             \
name (const SlBiquad * sos, guint n_sections, gdouble * state, guint lanes,  \
    const SlFilterData * d, guint first, guint count)                        \
{                                                                            \
  sos_process (sos, n_sections, state, lanes, d, first, count, f32, planar); \
}

DEFINE_SOS (sos_f64_interleaved, , FALSE, FALSE);
DEFINE_SOS (sos_f32_interleaved, , TRUE, FALSE);
DEFINE_SOS (sos_f64_planar, , FALSE, TRUE);
DEFINE_SOS (sos_f32_planar, , TRUE, TRUE);

#ifdef SL_HAVE_X86_DISPATCH
DEFINE_SOS (sos_f64_interleaved_avx2, SL_TARGET_AVX2, FALSE, FALSE);
DEFINE_SOS (sos_f32_interleaved_avx2, SL_TARGET_AVX2, TRUE, FALSE);
DEFINE_SOS (sos_f64_planar_avx2, SL_TARGET_AVX2, FALSE, TRUE);
DEFINE_SOS (sos_f32_planar_avx2, SL_TARGET_AVX2, TRUE, TRUE);
#endif

SlSosFunc
sl_filter_sos_get_func (gboolean f32, gboolean planar)
{
#ifdef SL_HAVE_X86_DISPATCH
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma")) {
    if (planar)
      return f32 ? sos_f32_planar_avx2 : sos_f64_planar_avx2;
    return f32 ? sos_f32_interleaved_avx2 : sos_f64_interleaved_avx2;
  }
#endif
  if (planar)
    return f32 ? sos_f32_planar : sos_f64_planar;
  return f32 ? sos_f32_interleaved : sos_f64_interleaved;
}

/* FIR and moving average: one channel at a time (no recurrence to hide). */

SL_INLINE void
fir_channel (const gdouble * hrev, guint n, gdouble * ring, guint * pos,
    const SlFilterData * d, guint c, guint first, guint count,
    const gboolean f32, const gboolean planar)
{
  guint p = *pos, i, j;

  for (i = first; i < first + count; i++) {
    const gdouble *win;
    gdouble acc[4] = { 0.0, 0.0, 0.0, 0.0 };
    gdouble x = load_sample (d, c, i, f32, planar);

    ring[p] = x;
    ring[p + n] = x;
    win = ring + p + 1;
    for (j = 0; j + 4 <= n; j += 4) {
      acc[0] += hrev[j] * win[j];
      acc[1] += hrev[j + 1] * win[j + 1];
      acc[2] += hrev[j + 2] * win[j + 2];
      acc[3] += hrev[j + 3] * win[j + 3];
    }
    for (; j < n; j++)
      acc[0] += hrev[j] * win[j];
    store_sample (d, c, i, (acc[0] + acc[1]) + (acc[2] + acc[3]), f32,
        planar);
    if (++p == n)
      p = 0;
  }
  *pos = p;
}

void
sl_filter_fir (const gdouble * hrev, guint ntaps, gdouble * ring,
    guint * pos, const SlFilterData * d, guint first, guint count)
{
  guint c;

  for (c = 0; c < d->channels; c++) {
    gdouble *r = ring + (gsize) c * 2 * ntaps;

    if (d->planar) {
      if (d->f32)
        fir_channel (hrev, ntaps, r, &pos[c], d, c, first, count, TRUE, TRUE);
      else
        fir_channel (hrev, ntaps, r, &pos[c], d, c, first, count, FALSE,
            TRUE);
    } else {
      if (d->f32)
        fir_channel (hrev, ntaps, r, &pos[c], d, c, first, count, TRUE,
            FALSE);
      else
        fir_channel (hrev, ntaps, r, &pos[c], d, c, first, count, FALSE,
            FALSE);
    }
  }
}

SL_INLINE void
ma_channel (guint n, gdouble * ring, guint * pos, gdouble * sum,
    const SlFilterData * d, guint c, guint first, guint count,
    const gboolean f32, const gboolean planar)
{
  const gdouble scale = 1.0 / n;
  guint p = *pos, i, j;
  gdouble s = *sum;

  for (i = first; i < first + count; i++) {
    gdouble x = load_sample (d, c, i, f32, planar);

    s += x - ring[p];
    ring[p] = x;
    if (++p == n) {
      /* once per window, start again from the exact sum so that rounding
       * does not accumulate */
      p = 0;
      s = 0.0;
      for (j = 0; j < n; j++)
        s += ring[j];
    }
    store_sample (d, c, i, s * scale, f32, planar);
  }
  *pos = p;
  *sum = s;
}

void
sl_filter_moving_average (guint window, gdouble * ring, guint * pos,
    gdouble * sum, const SlFilterData * d, guint first, guint count)
{
  guint c;

  for (c = 0; c < d->channels; c++) {
    gdouble *r = ring + (gsize) c * window;

    if (d->planar) {
      if (d->f32)
        ma_channel (window, r, &pos[c], &sum[c], d, c, first, count, TRUE,
            TRUE);
      else
        ma_channel (window, r, &pos[c], &sum[c], d, c, first, count, FALSE,
            TRUE);
    } else {
      if (d->f32)
        ma_channel (window, r, &pos[c], &sum[c], d, c, first, count, TRUE,
            FALSE);
      else
        ma_channel (window, r, &pos[c], &sum[c], d, c, first, count, FALSE,
            FALSE);
    }
  }
}

/* x - x is 0 for every finite x and NaN otherwise; per-lane sums need no
 * reassociation, so this vectorises without -ffast-math. */
SL_INLINE gboolean
scan_f64 (const gdouble * p, gsize n)
{
  gdouble acc[L] = { 0.0 };
  gsize i, l;

  for (i = 0; i + L <= n; i += L)
    for (l = 0; l < L; l++)
      acc[l] += p[i + l] - p[i + l];
  for (; i < n; i++)
    acc[0] += p[i] - p[i];
  for (l = 1; l < L; l++)
    acc[0] += acc[l];
  return acc[0] != 0.0 || isnan (acc[0]);
}

SL_INLINE gboolean
scan_f32 (const gfloat * p, gsize n)
{
  gfloat acc[2 * L] = { 0.0f };
  gsize i, l;

  for (i = 0; i + 2 * L <= n; i += 2 * L)
    for (l = 0; l < 2 * L; l++)
      acc[l] += p[i + l] - p[i + l];
  for (; i < n; i++)
    acc[0] += p[i] - p[i];
  for (l = 1; l < 2 * L; l++)
    acc[0] += acc[l];
  return acc[0] != 0.0f || isnan (acc[0]);
}

gboolean
sl_filter_has_nonfinite (const SlFilterData * d, guint first, guint count)
{
  guint c;

  if (!d->planar) {
    gsize off = (gsize) first * d->channels, n = (gsize) count * d->channels;

    return d->f32 ? scan_f32 ((const gfloat *) d->planes[0] + off, n) :
        scan_f64 ((const gdouble *) d->planes[0] + off, n);
  }
  for (c = 0; c < d->channels; c++) {
    if (d->f32 ? scan_f32 ((const gfloat *) d->planes[c] + first, count) :
        scan_f64 ((const gdouble *) d->planes[c] + first, count))
      return TRUE;
  }
  return FALSE;
}
