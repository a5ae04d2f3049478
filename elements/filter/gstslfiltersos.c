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

SL_INLINE void
sos_pair_sym (const SlBiquad *sos, gdouble *st, guint lanes,
    const SlFilterData *d, guint c0, const guint NG, const gboolean hp,
    guint first, guint count, const gboolean f32, const gboolean planar)
{
  const gdouble ga = sos[0].b0, gab = sos[0].b0 * sos[1].b0;
  const gdouble ia = 1.0 / ga, iab = 1.0 / gab;
  const gdouble a1a = sos[0].a1, a2a = sos[0].a2;
  const gdouble a1b = sos[1].a1, a2b = sos[1].a2;
  SlVec x1[2], x2[2], wa1[2], wa2[2], wb1[2], wb2[2];
  SymIO io;
  gsize i;
  guint g, l;

  io.p0 = d->planes[0];
  io.stride = d->channels;
  for (l = 0; planar && l < NG * W; l++)
    io.pl[l] = d->planes[c0 + l];

  for (g = 0; g < NG; g++) {
    guint c = c0 + g * W;

    x1[g] = state_load (st, 0, lanes, c);
    x2[g] = state_load (st, 1, lanes, c);
    wa1[g] = state_load (st, 2, lanes, c) * ia;
    wa2[g] = state_load (st, 3, lanes, c) * ia;
    wb1[g] = state_load (st, 6, lanes, c) * iab;
    wb2[g] = state_load (st, 7, lanes, c) * iab;
  }

  for (i = first; i < (gsize) first + count; i++) {
    for (g = 0; g < NG; g++) {
      SlVec x = sym_load (&io, g, c0 + g * W, i, f32, planar);
      SlVec ta =
          hp ? (x + x2[g]) - (x1[g] + x1[g]) : (x + x2[g]) + (x1[g] + x1[g]);
      SlVec wa = (ta - a2a * wa2[g]) - a1a * wa1[g];
      SlVec tb = hp ? (wa + wa2[g]) - (wa1[g] + wa1[g])
                    : (wa + wa2[g]) + (wa1[g] + wa1[g]);
      SlVec wb = (tb - a2b * wb2[g]) - a1b * wb1[g];

      x2[g] = x1[g];
      x1[g] = x;
      wa2[g] = wa1[g];
      wa1[g] = wa;
      wb2[g] = wb1[g];
      wb1[g] = wb;
      sym_store (&io, g, c0 + g * W, i, gab * wb, f32, planar);
    }
  }

  for (g = 0; g < NG; g++) {
    guint c = c0 + g * W;

    state_store (st, 0, lanes, c, x1[g]);
    state_store (st, 1, lanes, c, x2[g]);
    state_store (st, 2, lanes, c, ga * wa1[g]);
    state_store (st, 3, lanes, c, ga * wa2[g]);
    state_store (st, 4, lanes, c, ga * wa1[g]);
    state_store (st, 5, lanes, c, ga * wa2[g]);
    state_store (st, 6, lanes, c, gab * wb1[g]);
    state_store (st, 7, lanes, c, gab * wb2[g]);
  }
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
                planar);
          else
            sos_pair_sym (sos + s, st, lanes, d, c0, 2, TRUE, pos, n, f32,
                planar);
        }
        if (c0 + W <= d->channels) {
          if (form > 0)
            sos_pair_sym (sos + s, st, lanes, d, c0, 1, FALSE, pos, n, f32,
                planar);
          else
            sos_pair_sym (sos + s, st, lanes, d, c0, 1, TRUE, pos, n, f32,
                planar);
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
