/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The hot loops of slfilter that are not the IIR cascade (that one is in
 * gstslfiltersos.c), plain C built at -O3, and the choice of the cascade's
 * implementation for the CPU. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "gstslfilterkernel.h"
#include "gstslfir.h"
#include "gstslsimd.h"

#define L SL_FILTER_LANES

SlSosFunc
sl_filter_sos_get_func (gboolean f32, gboolean planar)
{
#ifdef SL_FILTER_HAVE_AVX2
  /* the cascade has no AVX-512 variant: two vectors of four channels in
   * flight already fill the multiply-add ports */
  if (sl_simd_level () >= SL_SIMD_AVX2) {
    if (planar)
      return f32 ? sl_filter_sos_f32_planar_avx2
                 : sl_filter_sos_f64_planar_avx2;
    return f32 ? sl_filter_sos_f32_interleaved_avx2
               : sl_filter_sos_f64_interleaved_avx2;
  }
#endif
  if (planar)
    return f32 ? sl_filter_sos_f32_planar : sl_filter_sos_f64_planar;
  return f32 ? sl_filter_sos_f32_interleaved : sl_filter_sos_f64_interleaved;
}

/* FIR and moving average: one channel at a time (no recurrence to hide). */

SL_INLINE void
fir_channel (const gdouble *hrev, guint n, gdouble *ring, guint *pos,
    const SlFilterData *d, guint c, guint first, guint count,
    const gboolean f32, const gboolean planar)
{
  guint p = *pos, i, j;

  for (i = first; i < first + count; i++) {
    const gdouble *win;
    gdouble acc[4] = { 0.0, 0.0, 0.0, 0.0 };
    gdouble x = sl_filter_load_sample (d, c, i, f32, planar);

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
    sl_filter_store_sample (d, c, i, (acc[0] + acc[1]) + (acc[2] + acc[3]), f32,
        planar);
    if (++p == n)
      p = 0;
  }
  *pos = p;
}

void
sl_filter_fir (const gdouble *hrev, guint ntaps, gdouble *ring, guint *pos,
    const SlFilterData *d, guint first, guint count)
{
  guint c;

  for (c = 0; c < d->channels; c++) {
    gdouble *r = ring + (gsize) c * 2 * ntaps;

    if (d->planar) {
      if (d->f32)
        fir_channel (hrev, ntaps, r, &pos[c], d, c, first, count, TRUE, TRUE);
      else
        fir_channel (hrev, ntaps, r, &pos[c], d, c, first, count, FALSE, TRUE);
    } else {
      if (d->f32)
        fir_channel (hrev, ntaps, r, &pos[c], d, c, first, count, TRUE, FALSE);
      else
        fir_channel (hrev, ntaps, r, &pos[c], d, c, first, count, FALSE, FALSE);
    }
  }
}

gsize
sl_filter_fir_orc_scratch (guint ntaps)
{
  return (gsize) ntaps - 1 + 2 * SL_FIR_BLOCK;
}

void
sl_filter_fir_orc (const gdouble *hrev, guint ntaps, gdouble *ring, guint *pos,
    const SlFilterData *d, guint first, guint count, gdouble *scratch,
    gboolean orc_convert)
{
  const guint hist = ntaps - 1;
  /* x: the hist samples before the block, then the block; y: its outputs */
  gdouble *x = scratch, *y = scratch + hist + SL_FIR_BLOCK;
  guint c, i, done, b = 0;

  if (count == 0)
    return;
  for (c = 0; c < d->channels; c++) {
    gdouble *r = ring + (gsize) c * 2 * ntaps;

    /* the ring's last ntaps - 1 samples, oldest first */
    memcpy (x, r + pos[c] + 1, hist * sizeof (gdouble));
    for (done = 0; done < count; done += b) {
      guint i0 = first + done;

      b = MIN (count - done, SL_FIR_BLOCK);
      if (done > 0)
        memmove (x, x + SL_FIR_BLOCK, hist * sizeof (gdouble));
      if (d->planar && d->f32)
        sl_convert_f32_f64 (x + hist, (const gfloat *) d->planes[c] + i0, b,
            orc_convert);
      else if (d->planar)
        memcpy (x + hist, (const gdouble *) d->planes[c] + i0,
            b * sizeof (gdouble));
      else if (d->f32)
        for (i = 0; i < b; i++)
          x[hist + i] = sl_filter_load_sample (d, c, i0 + i, TRUE, FALSE);
      else
        for (i = 0; i < b; i++)
          x[hist + i] = sl_filter_load_sample (d, c, i0 + i, FALSE, FALSE);

      if (d->planar && !d->f32) {
        /* in place: the inputs are in x */
        sl_fir_block_orc (hrev, ntaps, x, (gdouble *) d->planes[c] + i0, b);
        continue;
      }
      sl_fir_block_orc (hrev, ntaps, x, y, b);
      if (d->planar)
        sl_convert_f64_f32 ((gfloat *) d->planes[c] + i0, y, b, orc_convert);
      else if (d->f32)
        for (i = 0; i < b; i++)
          sl_filter_store_sample (d, c, i0 + i, y[i], TRUE, FALSE);
      else
        for (i = 0; i < b; i++)
          sl_filter_store_sample (d, c, i0 + i, y[i], FALSE, FALSE);
    }
    /* the last ntaps samples, oldest first, twice, from position 0 */
    memcpy (r, x + b - 1, ntaps * sizeof (gdouble));
    memcpy (r + ntaps, x + b - 1, ntaps * sizeof (gdouble));
    pos[c] = 0;
  }
}

SL_INLINE void
ma_channel (guint n, gdouble *ring, guint *pos, gdouble *sum,
    const SlFilterData *d, guint c, guint first, guint count,
    const gboolean f32, const gboolean planar)
{
  const gdouble scale = 1.0 / n;
  guint p = *pos, i, j;
  gdouble s = *sum;

  for (i = first; i < first + count; i++) {
    gdouble x = sl_filter_load_sample (d, c, i, f32, planar);

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
    sl_filter_store_sample (d, c, i, s * scale, f32, planar);
  }
  *pos = p;
  *sum = s;
}

void
sl_filter_moving_average (guint window, gdouble *ring, guint *pos, gdouble *sum,
    const SlFilterData *d, guint first, guint count)
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
