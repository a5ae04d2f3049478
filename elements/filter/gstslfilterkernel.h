/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_FILTER_KERNEL_H__
#define __GST_SL_FILTER_KERNEL_H__

#include <glib.h>
#include "gstslfilterdesign.h"
#include "gstsldataframe.h"

G_BEGIN_DECLS

/* Channels are filtered side by side in blocks of this many lanes; the
 * state arrays are padded to a multiple of it. */
#define SL_FILTER_LANES 8

/* Where the samples are: @planes holds one pointer per channel for the
 * non-interleaved layout, or the interleaved data in planes[0]. Frames
 * [first, first + count) are processed in place. */
typedef struct
{
  gpointer *planes;
  guint channels;
  gboolean f32;
  gboolean planar;
} SlFilterData;

#if defined(__GNUC__)
#define SL_INLINE static inline __attribute__ ((always_inline))
#else
#define SL_INLINE static inline
#endif

/* the DataFrame's sample access (elements/common/gstsldataframe.h) */
SL_INLINE gdouble
sl_filter_load_sample (const SlFilterData *d, guint c, guint i,
    const gboolean f32, const gboolean planar)
{
  return sl_sample_load (d->planes, d->channels, c, i, f32, planar);
}

SL_INLINE void
sl_filter_store_sample (const SlFilterData *d, guint c, guint i, gdouble v,
    const gboolean f32, const gboolean planar)
{
  sl_sample_store (d->planes, d->channels, c, i, v, f32, planar);
}

/* Runs the cascade @sos over every channel, in direct form I. @state holds,
 * for section s and channel c, x[n-1], x[n-2], y[n-1], y[n-2] at
 * state[(4 s + j) * lanes + c], j = 0..3, lanes = channels rounded up to
 * SL_FILTER_LANES.
 *
 * The frames are checked for NaN and infinities just before they are
 * filtered, frame by frame (low-pass and high-pass of one or two vectors of
 * channels) or a chunk at a time: the function stops before the first
 * frame or chunk that holds one and returns how many frames it filtered
 * (@count when all were finite), leaving the rest untouched for the
 * caller. */
typedef guint (*SlSosFunc) (const SlBiquad *sos, guint n_sections,
    gdouble *state, guint lanes, const SlFilterData *d, guint first,
    guint count);

/* The best implementation for this CPU and format, picked at caps time. */
SlSosFunc sl_filter_sos_get_func (gboolean f32, gboolean planar);

/* The implementations, in gstslfiltersos.c, built once for the baseline
 * ISA and once more, with the suffix _avx2, for AVX2 + FMA where the
 * compiler can. */
#define SL_FILTER_SOS_DECLARE(sfx) \
  guint sl_filter_sos_f64_interleaved##sfx (const SlBiquad *sos, \
      guint n_sections, gdouble *state, guint lanes, const SlFilterData *d, \
      guint first, guint count); \
  guint sl_filter_sos_f32_interleaved##sfx (const SlBiquad *sos, \
      guint n_sections, gdouble *state, guint lanes, const SlFilterData *d, \
      guint first, guint count); \
  guint sl_filter_sos_f64_planar##sfx (const SlBiquad *sos, guint n_sections, \
      gdouble *state, guint lanes, const SlFilterData *d, guint first, \
      guint count); \
  guint sl_filter_sos_f32_planar##sfx (const SlBiquad *sos, guint n_sections, \
      gdouble *state, guint lanes, const SlFilterData *d, guint first, \
      guint count);

SL_FILTER_SOS_DECLARE ()
SL_FILTER_SOS_DECLARE (_avx2)

/* FIR with @ntaps taps given reversed (hrev[j] = h[ntaps - 1 - j]); per
 * channel a ring of 2 * ntaps samples at ring[c * 2 * ntaps] and a position
 * pos[c]. */
void sl_filter_fir (const gdouble *hrev, guint ntaps, gdouble *ring, guint *pos,
    const SlFilterData *d, guint first, guint count);

/* The same FIR with the ORC kernels (gstslfir.h): tap by tap over blocks
 * of frames; leaves the ring as sl_filter_fir does (its position at 0).
 * @scratch holds sl_filter_fir_orc_scratch (ntaps) doubles; @orc_convert
 * picks the ORC conversions of F32 planes too. */
void sl_filter_fir_orc (const gdouble *hrev, guint ntaps, gdouble *ring,
    guint *pos, const SlFilterData *d, guint first, guint count,
    gdouble *scratch, gboolean orc_convert);
gsize sl_filter_fir_orc_scratch (guint ntaps);

/* Moving average over @window samples; per channel a ring of @window
 * samples at ring[c * window], a position and a running sum. */
void sl_filter_moving_average (guint window, gdouble *ring, guint *pos,
    gdouble *sum, const SlFilterData *d, guint first, guint count);

G_END_DECLS

#endif /* __GST_SL_FILTER_KERNEL_H__ */
