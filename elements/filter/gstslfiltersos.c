/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The IIR cascade of slfilter, the hot loop, plain C built at -O3.
 *
 * A biquad is a recurrence: one channel alone is bound by the latency of
 * its multiply-adds. So channels run side by side, one vector of
 * SL_SOS_VEC channels at a time (GCC/clang vector extensions: the same
 * source builds for SSE2 and, compiled a second time with -mavx2 -mfma
 * and the suffix _avx2, for AVX2), and two sections at a time, so the
 * second section of frame n overlaps the first of frame n + 1; the state
 * stays in registers for the whole buffer.
 *
 * Sections run in direct form I, arranged so that a section's output
 * depends on its previous output through one multiply-add (the last one).
 * Its state is the signal's own history, so new coefficients continue
 * from it without a transient.
 *
 * Each chunk of frames is checked for NaN and infinities just before it
 * is filtered (the check runs on the adder ports while the filter keeps
 * the multiply-add ports busy, and leaves the chunk in L1). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "gstslfilterkernel.h"

#if defined(__SSE2__)
#include <immintrin.h>
#endif

#ifndef SL_SOS_VEC
#define SL_SOS_VEC 2
#endif
#ifndef SL_SOS_SUFFIX
#define SL_SOS_SUFFIX
#endif
#define SL_SOS_PASTE(a, b) a##b
#define SL_SOS_PASTE1(a, b) SL_SOS_PASTE (a, b)
#define SL_SOS_NAME(a) SL_SOS_PASTE1 (a, SL_SOS_SUFFIX)

#define W SL_SOS_VEC

G_STATIC_ASSERT (SL_FILTER_LANES % W == 0);

typedef gdouble SlVec __attribute__ ((vector_size (W * sizeof (gdouble))));
typedef gfloat SlVecF __attribute__ ((vector_size (W * sizeof (gfloat))));

SL_INLINE SlVec
load_vec (const SlFilterData *d, guint c0, guint w, const gboolean full,
    guint i, const gboolean f32, const gboolean planar)
{
  SlVec v;
  guint l;

  if (full && !planar && !f32) {
    memcpy (&v, (const gdouble *) d->planes[0] + (gsize) i * d->channels + c0,
        sizeof (v));
    return v;
  }
  if (full && !planar && f32) {
    SlVecF vf;

    memcpy (&vf, (const gfloat *) d->planes[0] + (gsize) i * d->channels + c0,
        sizeof (vf));
    return __builtin_convertvector(vf, SlVec);
  }
  for (l = 0; l < W; l++)
    v[l] = (full || l < w) ? sl_filter_load_sample (d, c0 + l, i, f32, planar)
                           : 0.0;
  return v;
}

SL_INLINE void
store_vec (const SlFilterData *d, guint c0, guint w, const gboolean full,
    guint i, SlVec v, const gboolean f32, const gboolean planar)
{
  guint l;

  if (full && !planar && !f32) {
    memcpy ((gdouble *) d->planes[0] + (gsize) i * d->channels + c0, &v,
        sizeof (v));
    return;
  }
  if (full && !planar && f32) {
    SlVecF vf = __builtin_convertvector(v, SlVecF);

    memcpy ((gfloat *) d->planes[0] + (gsize) i * d->channels + c0, &vf,
        sizeof (vf));
    return;
  }
  for (l = 0; l < W; l++)
    if (full || l < w)
      sl_filter_store_sample (d, c0 + l, i, v[l], f32, planar);
}

SL_INLINE SlVec
state_load (const gdouble *st, gsize k, guint lanes, guint c0)
{
  SlVec v;

  memcpy (&v, st + k * lanes + c0, sizeof (v));
  return v;
}

SL_INLINE void
state_store (gdouble *st, gsize k, guint lanes, guint c0, SlVec v)
{
  memcpy (st + k * lanes + c0, &v, sizeof (v));
}

/* One vector of channels starting at c0 (w of them valid, all W when
 * @full) through @ns (1 or 2) consecutive sections. */
SL_INLINE void
sos_block (const SlBiquad *sos, const guint ns, gdouble *st, guint lanes,
    const SlFilterData *d, guint c0, guint w, const gboolean full, guint first,
    guint count, const gboolean f32, const gboolean planar)
{
  const gdouble b0a = sos[0].b0, b1a = sos[0].b1, b2a = sos[0].b2;
  const gdouble a1a = sos[0].a1, a2a = sos[0].a2;
  const gdouble b0b = ns > 1 ? sos[1].b0 : 0.0;
  const gdouble b1b = ns > 1 ? sos[1].b1 : 0.0;
  const gdouble b2b = ns > 1 ? sos[1].b2 : 0.0;
  const gdouble a1b = ns > 1 ? sos[1].a1 : 0.0;
  const gdouble a2b = ns > 1 ? sos[1].a2 : 0.0;
  SlVec x1, x2, y1, y2, z1, z2;
  guint i;

  x1 = state_load (st, 0, lanes, c0);
  x2 = state_load (st, 1, lanes, c0);
  y1 = state_load (st, 2, lanes, c0);
  y2 = state_load (st, 3, lanes, c0);
  if (ns > 1) {
    z1 = state_load (st, 6, lanes, c0);
    z2 = state_load (st, 7, lanes, c0);
  } else {
    z1 = z2 = y1;
  }

  for (i = first; i < first + count; i++) {
    SlVec x = load_vec (d, c0, w, full, i, f32, planar);
    SlVec ya = (b0a * x + b1a * x1 + b2a * x2 - a2a * y2) - a1a * y1;

    x2 = x1;
    x1 = x;
    if (ns > 1) {
      SlVec yb = (b0b * ya + b1b * y1 + b2b * y2 - a2b * z2) - a1b * z1;

      z2 = z1;
      z1 = yb;
      y2 = y1;
      y1 = ya;
      store_vec (d, c0, w, full, i, yb, f32, planar);
    } else {
      y2 = y1;
      y1 = ya;
      store_vec (d, c0, w, full, i, ya, f32, planar);
    }
  }

  state_store (st, 0, lanes, c0, x1);
  state_store (st, 1, lanes, c0, x2);
  state_store (st, 2, lanes, c0, y1);
  state_store (st, 3, lanes, c0, y2);
  if (ns > 1) {
    /* the second section's input is the first one's output */
    state_store (st, 4, lanes, c0, y1);
    state_store (st, 5, lanes, c0, y2);
    state_store (st, 6, lanes, c0, z1);
    state_store (st, 7, lanes, c0, z2);
  }
}

/* Two sections of the form g (1, 2, 1) (low-pass) or g (1, -2, 1)
 * (high-pass), the numerators of the low-pass and high-pass designs, for
 * @NG vectors of channels side by side (c0, c0 + W, ...).
 *
 * The gains are taken out of the recurrence: with w = y / g (and the second
 * section's w = y / (g_a g_b)), a section is
 *   w = ((u + u2) +- (u1 + u1)) - a2 w2 - a1 w1
 * which is three additions (on the adder ports) and two multiply-adds, where
 * the direct form needs five multiply-adds; the true output is one multiply
 * away. With two groups of channels in flight the recurrences' latency is
 * hidden too. The state stays the signal's own history (y, not w), so the
 * other paths and new coefficients continue from it. */
/* Where sos_pair_sym reads and writes: copied into locals, so that the
 * stores (memcpy, which may alias anything) do not force the compiler to
 * reload the layout at every sample. */
typedef struct
{
  gpointer p0;        /* interleaved data */
  gsize stride;       /* channels */
  gpointer pl[2 * W]; /* planes of the channels handled */
} SymIO;

SL_INLINE SlVec
sym_load (const SymIO *io, guint k, guint c0, gsize i, const gboolean f32,
    const gboolean planar)
{
  SlVec v;
  guint l;

  if (!planar && !f32) {
    memcpy (&v, (const gdouble *) io->p0 + i * io->stride + c0, sizeof (v));
  } else if (!planar) {
    SlVecF vf;

    memcpy (&vf, (const gfloat *) io->p0 + i * io->stride + c0, sizeof (vf));
    v = __builtin_convertvector(vf, SlVec);
  } else {
    for (l = 0; l < W; l++)
      v[l] = f32 ? ((const gfloat *) io->pl[k * W + l])[i]
                 : ((const gdouble *) io->pl[k * W + l])[i];
  }
  return v;
}

SL_INLINE void
sym_store (const SymIO *io, guint k, guint c0, gsize i, SlVec v,
    const gboolean f32, const gboolean planar)
{
  guint l;

  if (!planar && !f32) {
    memcpy ((gdouble *) io->p0 + i * io->stride + c0, &v, sizeof (v));
  } else if (!planar) {
    SlVecF vf = __builtin_convertvector(v, SlVecF);

    memcpy ((gfloat *) io->p0 + i * io->stride + c0, &vf, sizeof (vf));
  } else {
    for (l = 0; l < W; l++) {
      if (f32)
        ((gfloat *) io->pl[k * W + l])[i] = (gfloat) v[l];
      else
        ((gdouble *) io->pl[k * W + l])[i] = v[l];
    }
  }
}

/* TRUE when a frame, whose channels are in @a (and @b when @two), holds a
 * NaN or an infinity: v * 0 is 0 for every finite v and NaN otherwise. */
SL_INLINE gboolean
frame_is_bad (SlVec a, SlVec b, const gboolean two)
{
  const SlVec zero = { 0.0 };
#if defined(__AVX__) && SL_SOS_VEC == 4
  __m256d m = (__m256d) (a * zero), n = (__m256d) (two ? b * zero : a * zero);

  return _mm256_movemask_pd (_mm256_cmp_pd (m, n, _CMP_UNORD_Q)) != 0;
#elif defined(__SSE2__) && SL_SOS_VEC == 2
  __m128d m = (__m128d) (a * zero), n = (__m128d) (two ? b * zero : a * zero);

  return _mm_movemask_pd (_mm_cmpunord_pd (m, n)) != 0;
#else
  SlVec t = two ? a * zero + b * zero : a * zero;
  guint l;

  for (l = 0; l < W; l++)
    if (t[l] != t[l])
      return TRUE;
  return FALSE;
#endif
}

/* With @check, each frame is checked for NaN and infinities just before it
 * is filtered, and the loop stops before the first one that holds one
 * (every channel of the frame must then be in the NG vectors). Returns the
 * number of frames filtered.
 *
 * The numerator's sum is taken in two steps, s[n] = u[n] +- u[n-1] and
 * t[n] = s[n] +- s[n-1], each s reused by the next frame: two additions per
 * section where the direct sum needs three. */
SL_INLINE guint
sos_pair_sym (const SlBiquad *sos, gdouble *st, guint lanes,
    const SlFilterData *d, guint c0, const guint NG, const gboolean hp,
    guint first, guint count, const gboolean f32, const gboolean planar,
    const guint check)
{
  const gdouble ga = sos[0].b0, gab = sos[0].b0 * sos[1].b0;
  const gdouble ia = 1.0 / ga, iab = 1.0 / gab;
  const gdouble a1a = sos[0].a1, a2a = sos[0].a2;
  const gdouble a1b = sos[1].a1, a2b = sos[1].a2;
  /* the state of the (up to) two vectors in named variables, not arrays,
   * so that they stay in registers */
  SlVec x1p, s1p, wa1p, wa2p, sa1p, wb1p, wb2p;
  SlVec x1q, s1q, wa1q, wa2q, sa1q, wb1q, wb2q;
  SymIO io;
  gsize i;
  guint l;

  io.p0 = d->planes[0];
  io.stride = d->channels;
  /* the planes of the channels handled; the entries past them are never
   * read, but point at a real plane rather than at nothing */
  for (l = 0; l < G_N_ELEMENTS (io.pl); l++)
    io.pl[l] = planar && l < MAX (NG, check) * W ? d->planes[c0 + l] : io.p0;

#define SYM_LOAD(c, x1, s1, wa1, wa2, sa1, wb1, wb2) \
  do { \
    SlVec x2 = state_load (st, 1, lanes, c); \
    x1 = state_load (st, 0, lanes, c); \
    s1 = hp ? x1 - x2 : x1 + x2; \
    wa1 = state_load (st, 2, lanes, c) * ia; \
    wa2 = state_load (st, 3, lanes, c) * ia; \
    sa1 = hp ? wa1 - wa2 : wa1 + wa2; \
    wb1 = state_load (st, 6, lanes, c) * iab; \
    wb2 = state_load (st, 7, lanes, c) * iab; \
  } while (0)
#define SYM_STEP(k, x, x1, s1, wa1, wa2, sa1, wb1, wb2) \
  do { \
    SlVec s = hp ? x - x1 : x + x1; \
    SlVec ta = hp ? s - s1 : s + s1; \
    SlVec wa = (ta - a2a * wa2) - a1a * wa1; \
    SlVec sa = hp ? wa - wa1 : wa + wa1; \
    SlVec tb = hp ? sa - sa1 : sa + sa1; \
    SlVec wb = (tb - a2b * wb2) - a1b * wb1; \
    x1 = x; \
    s1 = s; \
    wa2 = wa1; \
    wa1 = wa; \
    sa1 = sa; \
    wb2 = wb1; \
    wb1 = wb; \
    sym_store (&io, k, c0 + k * W, i, gab * wb, f32, planar); \
  } while (0)
    /* two frames, i and i + 1, without moving the state around: w[n] takes
   * the place of w[n-2], then w[n+1] that of w[n-1] */
#define SYM_STEP2(k, xa, xb, x1, s1, wa1, wa2, sa1, wb1, wb2) \
  do { \
    SlVec s = hp ? xa - x1 : xa + x1; \
    SlVec ta = hp ? s - s1 : s + s1; \
    SlVec sa, tb, s_, ta_, sa_, tb_; \
    wa2 = (ta - a2a * wa2) - a1a * wa1; \
    sa = hp ? wa2 - wa1 : wa2 + wa1; \
    tb = hp ? sa - sa1 : sa + sa1; \
    wb2 = (tb - a2b * wb2) - a1b * wb1; \
    sym_store (&io, k, c0 + k * W, i, gab * wb2, f32, planar); \
    s_ = hp ? xb - xa : xb + xa; \
    ta_ = hp ? s_ - s : s_ + s; \
    wa1 = (ta_ - a2a * wa1) - a1a * wa2; \
    sa_ = hp ? wa1 - wa2 : wa1 + wa2; \
    tb_ = hp ? sa_ - sa : sa_ + sa; \
    wb1 = (tb_ - a2b * wb1) - a1b * wb2; \
    sym_store (&io, k, c0 + k * W, i + 1, gab * wb1, f32, planar); \
    x1 = xb; \
    s1 = s_; \
    sa1 = sa_; \
  } while (0)
    /* u[n-2] from s[n-1] = u[n-1] +- u[n-2] */
#define SYM_SAVE(c, x1, s1, wa1, wa2, sa1, wb1, wb2) \
  do { \
    state_store (st, 0, lanes, c, x1); \
    state_store (st, 1, lanes, c, hp ? x1 - s1 : s1 - x1); \
    state_store (st, 2, lanes, c, ga *wa1); \
    state_store (st, 3, lanes, c, ga *wa2); \
    state_store (st, 4, lanes, c, ga *wa1); \
    state_store (st, 5, lanes, c, ga *wa2); \
    state_store (st, 6, lanes, c, gab *wb1); \
    state_store (st, 7, lanes, c, gab *wb2); \
  } while (0)

  SYM_LOAD (c0, x1p, s1p, wa1p, wa2p, sa1p, wb1p, wb2p);
  if (NG > 1)
    SYM_LOAD (c0 + W, x1q, s1q, wa1q, wa2q, sa1q, wb1q, wb2q);
  else
    x1q = s1q = wa1q = wa2q = sa1q = wb1q = wb2q = x1p;

  for (i = first; i + 2 <= (gsize) first + count; i += 2) {
    const SlVec zero = { 0.0 };
    const gboolean two = NG > 1 || check > 1;
    SlVec xp0 = sym_load (&io, 0, c0, i, f32, planar);
    SlVec xp1 = sym_load (&io, 0, c0, i + 1, f32, planar);
    SlVec xq0 = two ? sym_load (&io, 1, c0 + W, i, f32, planar) : xp0;
    SlVec xq1 = two ? sym_load (&io, 1, c0 + W, i + 1, f32, planar) : xp1;

    /* a bad frame of the two: the loop below stops just before it */
    if (check &&
        G_UNLIKELY (frame_is_bad (xp0 * zero + xp1 * zero,
            xq0 * zero + xq1 * zero, two)))
      break;
    SYM_STEP2 (0, xp0, xp1, x1p, s1p, wa1p, wa2p, sa1p, wb1p, wb2p);
    if (NG > 1)
      SYM_STEP2 (1, xq0, xq1, x1q, s1q, wa1q, wa2q, sa1q, wb1q, wb2q);
  }
  for (; i < (gsize) first + count; i++) {
    SlVec xp = sym_load (&io, 0, c0, i, f32, planar);
    SlVec xq =
        NG > 1 || check > 1 ? sym_load (&io, 1, c0 + W, i, f32, planar) : xp;

    if (check && G_UNLIKELY (frame_is_bad (xp, xq, NG > 1 || check > 1)))
      break;
    SYM_STEP (0, xp, x1p, s1p, wa1p, wa2p, sa1p, wb1p, wb2p);
    if (NG > 1)
      SYM_STEP (1, xq, x1q, s1q, wa1q, wa2q, sa1q, wb1q, wb2q);
  }

  SYM_SAVE (c0, x1p, s1p, wa1p, wa2p, sa1p, wb1p, wb2p);
  if (NG > 1)
    SYM_SAVE (c0 + W, x1q, s1q, wa1q, wa2q, sa1q, wb1q, wb2q);
#undef SYM_LOAD
#undef SYM_STEP
#undef SYM_STEP2
#undef SYM_SAVE
  return (guint) (i - first);
}

/* 1 if every section is g (1, 2, 1) with g != 0, -1 for g (1, -2, 1), 0
 * otherwise (or for an odd number of sections). */
static gint
sym_form (const SlBiquad *sos, guint n_sections)
{
  gint form = 0;
  guint s;

  if (n_sections == 0 || n_sections % 2)
    return 0;
  for (s = 0; s < n_sections; s++) {
    gint f;

    if (sos[s].b0 == 0.0 || !isfinite (1.0 / sos[s].b0) ||
        sos[s].b2 != sos[s].b0)
      return 0;
    if (sos[s].b1 == 2.0 * sos[s].b0)
      f = 1;
    else if (sos[s].b1 == -2.0 * sos[s].b0)
      f = -1;
    else
      return 0;
    if (form != 0 && f != form)
      return 0;
    form = f;
  }
  return form;
}

/* x - x is 0 for every finite x and NaN otherwise; per-lane sums need no
 * reassociation, so this vectorises without -ffast-math. */
SL_INLINE gboolean
chunk_is_finite (const SlFilterData *d, guint first, guint count,
    const gboolean f32, const gboolean planar)
{
  guint c, n_runs = planar ? d->channels : 1;
  gsize len = planar ? count : (gsize) count * d->channels;
  gsize i, l;

  for (c = 0; c < n_runs; c++) {
    gsize off = planar ? first : (gsize) first * d->channels;
    gdouble acc[2 * W] = { 0.0 };

    if (f32) {
      const gfloat *p = (const gfloat *) d->planes[c] + off;

      for (i = 0; i + 2 * W <= len; i += 2 * W)
        for (l = 0; l < 2 * W; l++)
          acc[l] += p[i + l] - p[i + l];
      for (; i < len; i++)
        acc[0] += p[i] - p[i];
    } else {
      const gdouble *p = (const gdouble *) d->planes[c] + off;

      for (i = 0; i + 2 * W <= len; i += 2 * W)
        for (l = 0; l < 2 * W; l++)
          acc[l] += p[i + l] - p[i + l];
      for (; i < len; i++)
        acc[0] += p[i] - p[i];
    }
    for (l = 1; l < 2 * W; l++)
      acc[0] += acc[l];
    if (acc[0] != 0.0 || acc[0] != acc[0])
      return FALSE;
  }
  return TRUE;
}

/* frames per chunk: small enough that the check leaves the chunk in L1 */
#define CHUNK 128

SL_INLINE guint
sos_process (const SlBiquad *sos, guint n_sections, gdouble *state, guint lanes,
    const SlFilterData *d, guint first, guint count, const gboolean f32,
    const gboolean planar)
{
  guint c0, s, pos, n, c_sym = 0;
  gint form = sym_form (sos, n_sections);

  /* the usual low-pass or high-pass: every channel in one or two vectors,
   * one pass that checks each frame just before filtering it */
  if (form != 0 && n_sections == 2 && d->channels == 2 * W) {
    /* one vector at a time: the state of two does not fit the registers */
    if (form > 0) {
      n = sos_pair_sym (sos, state, lanes, d, 0, 1, FALSE, first, count, f32,
          planar, 2);
      sos_pair_sym (sos, state, lanes, d, W, 1, FALSE, first, n, f32, planar,
          0);
    } else {
      n = sos_pair_sym (sos, state, lanes, d, 0, 1, TRUE, first, count, f32,
          planar, 2);
      sos_pair_sym (sos, state, lanes, d, W, 1, TRUE, first, n, f32, planar, 0);
    }
    return n;
  }
  if (form != 0 && n_sections == 2 && d->channels == W)
    return form > 0 ? sos_pair_sym (sos, state, lanes, d, 0, 1, FALSE, first,
                          count, f32, planar, 1)
                    : sos_pair_sym (sos, state, lanes, d, 0, 1, TRUE, first,
                          count, f32, planar, 1);

  for (pos = first; pos < first + count; pos += n) {
    n = MIN (CHUNK, first + count - pos);
    if (!chunk_is_finite (d, pos, n, f32, planar))
      return pos - first;

    /* low-pass and high-pass: whole vectors of channels, two at a time */
    c_sym = 0;
    if (form != 0) {
      for (s = 0; s < n_sections; s += 2) {
        gdouble *st = state + (gsize) 4 * s * lanes;

        for (c0 = 0; c0 + 2 * W <= d->channels; c0 += 2 * W) {
          if (form > 0)
            sos_pair_sym (sos + s, st, lanes, d, c0, 2, FALSE, pos, n, f32,
                planar, 0);
          else
            sos_pair_sym (sos + s, st, lanes, d, c0, 2, TRUE, pos, n, f32,
                planar, 0);
        }
        if (c0 + W <= d->channels) {
          if (form > 0)
            sos_pair_sym (sos + s, st, lanes, d, c0, 1, FALSE, pos, n, f32,
                planar, 0);
          else
            sos_pair_sym (sos + s, st, lanes, d, c0, 1, TRUE, pos, n, f32,
                planar, 0);
          c0 += W;
        }
        c_sym = c0;
      }
    }

    for (c0 = c_sym; c0 < d->channels; c0 += W) {
      guint w = MIN (W, d->channels - c0);

      for (s = 0; s < n_sections; s += 2) {
        gdouble *st = state + (gsize) 4 * s * lanes;

        if (w == W) {
          if (s + 1 < n_sections)
            sos_block (sos + s, 2, st, lanes, d, c0, W, TRUE, pos, n, f32,
                planar);
          else
            sos_block (sos + s, 1, st, lanes, d, c0, W, TRUE, pos, n, f32,
                planar);
        } else {
          if (s + 1 < n_sections)
            sos_block (sos + s, 2, st, lanes, d, c0, w, FALSE, pos, n, f32,
                planar);
          else
            sos_block (sos + s, 1, st, lanes, d, c0, w, FALSE, pos, n, f32,
                planar);
        }
      }
    }
  }
  return count;
}

#define DEFINE_SOS(name, f32, planar) \
  guint SL_SOS_NAME (name) (const SlBiquad *sos, guint n_sections, \
      gdouble *state, guint lanes, const SlFilterData *d, guint first, \
      guint count) \
  { \
    return sos_process (sos, n_sections, state, lanes, d, first, count, f32, \
        planar); \
  }

DEFINE_SOS (sl_filter_sos_f64_interleaved, FALSE, FALSE);
DEFINE_SOS (sl_filter_sos_f32_interleaved, TRUE, FALSE);
DEFINE_SOS (sl_filter_sos_f64_planar, FALSE, TRUE);
DEFINE_SOS (sl_filter_sos_f32_planar, TRUE, TRUE);
