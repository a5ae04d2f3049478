/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The sine kernel: a rotating-phasor recurrence, re-anchored exactly at the
 * start of every buffer and every SL_SINE_BLOCK samples inside one.
 *
 * The start phase of each block is computed from the sample position with an
 * error-free product (fma), so it is exact to a few ulp whatever the position
 * (also 4.8e11 samples after a seek). Inside a block the phasor is rotated by
 * a constant complex factor; several phasors advance side by side so the loop
 * has no long dependency chain and vectorises. Rounding error grows only with
 * the number of rotations inside one block (at most SL_SINE_BLOCK / lanes),
 * whatever the buffer size.
 *
 * Two layouts: one plane of one channel (vectorised across consecutive
 * samples of the channel), and interleaved frames (vectorised across
 * channels: a vector holds the same sample of W neighbouring channels, so it
 * is stored as it is, with K such vectors per channel group advancing side
 * by side). Each is built for the x86-64 baseline (SSE2), for AVX2 + FMA and
 * for AVX-512F, and the widest the CPU has is chosen at run time.
 *
 * The amplitude is folded into the start phasor (the rotation keeps its
 * magnitude), which saves a multiply per vector; amplitudes so large that a
 * rotation could overflow are applied after the recurrence instead. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "gstslsinekernel.h"
#include "gstslsimd.h"

#define SL_2PI 6.283185307179586476925286766559

/* frac (frequency * d / rate) for any signed d, to a few ulp. */
static gdouble
cycles_of (gdouble frequency, gint64 d, gint rate)
{
  gint64 q = d / rate, r = d % rate;
  gdouble p, e, pr, er, c;

  if (r < 0) {
    r += rate;
    q -= 1;
  }
  /* frequency * q, split into its rounded value and its exact error */
  p = frequency * (gdouble) q;
  e = fma (frequency, (gdouble) q, -p);
  c = (p - floor (p)) + e;
  /* frequency * r / rate with r < rate: reduce frequency * r modulo rate
   * (fmod is exact) before dividing, so the quotient is below one cycle */
  pr = frequency * (gdouble) r;
  er = fma (frequency, (gdouble) r, -pr);
  c += (fmod (pr, (gdouble) rate) + er) / (gdouble) rate;
  return c - floor (c);
}

gdouble
sl_sine_channel_cycles (const SlSineChannel *ch, gint64 n, gint rate)
{
  gdouble c =
      ch->anchor_cycles + cycles_of (ch->frequency, n - ch->anchor_n, rate);

  return c - floor (c);
}

void
sl_sine_channel_set_frequency (SlSineChannel *ch, gdouble frequency, gint rate)
{
  gdouble delta;
  guint j;

  ch->frequency = frequency;
  /* Reduce the step to [0, 1) cycles before scaling by 2 pi. */
  delta = frequency / rate;
  delta = SL_2PI * (delta - floor (delta));
  for (j = 0; j <= SL_SINE_LANES; j++) {
    ch->lane_re[j] = cos (delta * j);
    ch->lane_im[j] = sin (delta * j);
  }
}

void
sl_sine_channel_reanchor (SlSineChannel *ch, gint64 n, gint rate,
    gdouble new_frequency)
{
  ch->anchor_cycles = sl_sine_channel_cycles (ch, n, rate);
  ch->anchor_n = n;
  sl_sine_channel_set_frequency (ch, new_frequency, rate);
}

/* Samples between two exact re-anchorings of a channel's phasors (a
 * buffer is split in blocks of at most this many samples, and successive
 * small buffers continue the phasors of the previous one until this many
 * samples have gone by since the last exact anchor). */
#define SL_SINE_BLOCK 4096

/* Above this amplitude a rotated phasor could overflow (|re wi + im wr| may
 * reach sqrt (2) |a|): the amplitude is applied after the recurrence. */
#define SL_SINE_MAX_FOLDED 1e300

/* One plane, from the start phasor (p_re, p_im) (amplitude folded in).
 * Only the sine is stored, so only a base phasor advances: sample
 * i + l of a group of SL_RENDER_GROUP samples is the imaginary part of
 * base * e^{i l delta}, one multiply and one multiply-add per vector of W
 * samples against the constant lane factors (the full complex rotation of
 * every lane took two of each). Two groups are in flight, each with its
 * own base, rotated by e^{i 2 GROUP delta} in scalar arithmetic, so the
 * rotation's latency hides behind the other group's stores. A base turns
 * SL_SINE_BLOCK / (2 GROUP) times between two exact anchors (fewer than
 * the lanes did), so the error bound is the same. VT is a GCC vector type
 * of W doubles. The phasor of the sample after the last goes to @next. */
#define SL_RENDER_GROUP 16
G_STATIC_ASSERT (2 * SL_RENDER_GROUP <= SL_SINE_LANES);
#define DEFINE_RENDER(fname, VT, W, ATTR) \
  ATTR static void fname (const SlSineChannel *ch, gdouble p_re, gdouble p_im, \
      gdouble *restrict out, guint samples, gdouble *next) \
  { \
    VT lre[SL_RENDER_GROUP / W], lim[SL_RENDER_GROUP / W]; \
    const gdouble wr = ch->lane_re[2 * SL_RENDER_GROUP]; \
    const gdouble wi = ch->lane_im[2 * SL_RENDER_GROUP]; \
    const gdouble *lr = ch->lane_re, *li = ch->lane_im; \
    gdouble are = p_re, aim = p_im, bre, bim, t; \
    gdouble tmp[2 * SL_RENDER_GROUP]; \
    guint i, j, rem; \
\
    for (j = 0; j < SL_RENDER_GROUP / W; j++) { \
      memcpy (&lre[j], lr + j * W, sizeof (VT)); \
      memcpy (&lim[j], li + j * W, sizeof (VT)); \
    } \
    /* the second group starts GROUP samples later */ \
    bre = are * lr[SL_RENDER_GROUP] - aim * li[SL_RENDER_GROUP]; \
    bim = are * li[SL_RENDER_GROUP] + aim * lr[SL_RENDER_GROUP]; \
    for (i = 0; i + 2 * SL_RENDER_GROUP <= samples; \
         i += 2 * SL_RENDER_GROUP) { \
      for (j = 0; j < SL_RENDER_GROUP / W; j++) { \
        VT oa = lim[j] * are + lre[j] * aim; \
        VT ob = lim[j] * bre + lre[j] * bim; \
\
        memcpy (out + i + W * j, &oa, sizeof (VT)); \
        memcpy (out + i + SL_RENDER_GROUP + W * j, &ob, sizeof (VT)); \
      } \
      t = are * wr - aim * wi; \
      aim = are * wi + aim * wr; \
      are = t; \
      t = bre * wr - bim * wi; \
      bim = bre * wi + bim * wr; \
      bre = t; \
    } \
    /* the last samples, and the phasor after them, from the two bases */ \
    rem = samples - i; \
    for (j = 0; j < SL_RENDER_GROUP / W; j++) { \
      VT oa = lim[j] * are + lre[j] * aim; \
      VT ob = lim[j] * bre + lre[j] * bim; \
\
      memcpy (tmp + W * j, &oa, sizeof (VT)); \
      memcpy (tmp + SL_RENDER_GROUP + W * j, &ob, sizeof (VT)); \
    } \
    memcpy (out + i, tmp, rem * sizeof (gdouble)); \
    if (rem >= SL_RENDER_GROUP) { \
      are = bre; \
      aim = bim; \
      rem -= SL_RENDER_GROUP; \
    } \
    next[0] = are * lr[rem] - aim * li[rem]; \
    next[1] = are * li[rem] + aim * lr[rem]; \
  }

/* Interleaved frames. Channels go in groups of W (when the count is not a
 * multiple of W the last group overlaps the one before it, recomputing the
 * same values). Each group has a base phasor, a vector of its W channels,
 * that turns by e^{i K delta_c} every K samples; sample i + k of the group
 * is the imaginary part of base * e^{i k delta_c}, one multiply and one
 * multiply-add against constant lane factors (a rotation of K phasors took
 * twice as many). The buffer is walked in chunks small enough to stay in
 * L1 while every group writes its columns. OT is the sample type and OVT
 * its vector of W. The phasors of the sample after the last go to
 * @next_re, @next_im. */
#define IL_CHUNK 256
#define DEFINE_RENDER_IL(fname, VT, W, K, OT, OVT, ATTR) \
  ATTR static void fname (const SlSineChannel *chans, guint channels, \
      const gdouble *p_re, const gdouble *p_im, OT *restrict out, \
      guint samples, gdouble *next_re, gdouble *next_im) \
  { \
    VT fre[SL_SINE_MAX_CHANNELS / W][K], fim[SL_SINE_MAX_CHANNELS / W][K]; \
    VT sbr[SL_SINE_MAX_CHANNELS / W], sbi[SL_SINE_MAX_CHANNELS / W]; \
    VT swr[SL_SINE_MAX_CHANNELS / W], swi[SL_SINE_MAX_CHANNELS / W]; \
    guint ng = (channels + W - 1) / W, g, k, l, i, base; \
\
    for (g = 0; g < ng; g++) { \
      guint c0 = MIN (g * W, channels - W); \
\
      for (l = 0; l < W; l++) { \
        const SlSineChannel *ch = &chans[c0 + l]; \
\
        for (k = 0; k < K; k++) { \
          fre[g][k][l] = ch->lane_re[k]; \
          fim[g][k][l] = ch->lane_im[k]; \
        } \
        sbr[g][l] = p_re[c0 + l]; \
        sbi[g][l] = p_im[c0 + l]; \
        swr[g][l] = ch->lane_re[K]; \
        swi[g][l] = ch->lane_im[K]; \
      } \
    } \
    for (base = 0; base < samples; base += IL_CHUNK) { \
      guint n = MIN (IL_CHUNK, samples - base); \
\
      for (g = 0; g < ng; g++) { \
        guint c0 = MIN (g * W, channels - W); \
        OT *o = out + (gsize) base * channels + c0; \
        VT br = sbr[g], bi = sbi[g], wr = swr[g], wi = swi[g]; \
        VT lr[K], li[K]; \
\
        for (k = 0; k < K; k++) { \
          lr[k] = fre[g][k]; \
          li[k] = fim[g][k]; \
        } \
        for (i = 0; i + K <= n; i += K) { \
          VT t; \
\
          for (k = 0; k < K; k++) { \
            OVT v = __builtin_convertvector(li[k] * br + lr[k] * bi, OVT); \
\
            memcpy (o + (gsize) (i + k) * channels, &v, sizeof (v)); \
          } \
          t = br * wr - bi * wi; \
          bi = br * wi + bi * wr; \
          br = t; \
        } \
        for (k = 0; i + k < n; k++) { \
          OVT v = __builtin_convertvector(li[k] * br + lr[k] * bi, OVT); \
\
          memcpy (o + (gsize) (i + k) * channels, &v, sizeof (v)); \
        } \
        sbr[g] = br; \
        sbi[g] = bi; \
      } \
    } \
    /* (IL_CHUNK is a multiple of K:) the base holds sample                   \
   * samples - samples % K */ \
    k = samples % K; \
    for (g = 0; g < ng; g++) { \
      guint c0 = MIN (g * W, channels - W); \
\
      for (l = 0; l < W; l++) { \
        next_re[c0 + l] = sbr[g][l] * fre[g][k][l] - sbi[g][l] * fim[g][k][l]; \
        next_im[c0 + l] = sbr[g][l] * fim[g][k][l] + sbi[g][l] * fre[g][k][l]; \
      } \
    } \
  }

G_STATIC_ASSERT (IL_CHUNK % 8 == 0);

typedef void (*RenderFunc) (const SlSineChannel *ch, gdouble p_re, gdouble p_im,
    gdouble *restrict out, guint samples, gdouble *next);
typedef void (*RenderIlF64) (const SlSineChannel *chans, guint channels,
    const gdouble *p_re, const gdouble *p_im, gdouble *restrict out,
    guint samples, gdouble *next_re, gdouble *next_im);
typedef void (*RenderIlF32) (const SlSineChannel *chans, guint channels,
    const gdouble *p_re, const gdouble *p_im, gfloat *restrict out,
    guint samples, gdouble *next_re, gdouble *next_im);

typedef gdouble v1d __attribute__ ((vector_size (8)));
typedef gfloat v1f __attribute__ ((vector_size (4)));
typedef gdouble v2d __attribute__ ((vector_size (16)));
typedef gfloat v2f __attribute__ ((vector_size (8)));

/* the baseline: SSE2 on x86-64 (plain C elsewhere) */
DEFINE_RENDER (render_v2, v2d, 2, /* default */)
DEFINE_RENDER_IL (render_il_v1_f64, v1d, 1, 8, gdouble, v1d, /* default */)
DEFINE_RENDER_IL (render_il_v1_f32, v1d, 1, 8, gfloat, v1f, /* default */)
DEFINE_RENDER_IL (render_il_v2_f64, v2d, 2, 4, gdouble, v2d, /* default */)
DEFINE_RENDER_IL (render_il_v2_f32, v2d, 2, 4, gfloat, v2f, /* default */)

#ifdef SL_SIMD_HAVE_X86
#define HAVE_X86_VARIANTS 1
typedef gdouble v4d __attribute__ ((vector_size (32)));
typedef gfloat v4f __attribute__ ((vector_size (16)));
typedef gdouble v8d __attribute__ ((vector_size (64)));
typedef gfloat v8f __attribute__ ((vector_size (32)));

DEFINE_RENDER (render_v4, v4d, 4, SL_SIMD_TARGET_AVX2)
DEFINE_RENDER_IL (render_il_v4_f64, v4d, 4, 4, gdouble, v4d,
    SL_SIMD_TARGET_AVX2)
DEFINE_RENDER_IL (render_il_v4_f32, v4d, 4, 4, gfloat, v4f, SL_SIMD_TARGET_AVX2)
DEFINE_RENDER (render_v8, v8d, 8, SL_SIMD_TARGET_AVX512)
DEFINE_RENDER_IL (render_il_v8_f64, v8d, 8, 8, gdouble, v8d,
    SL_SIMD_TARGET_AVX512)
DEFINE_RENDER_IL (render_il_v8_f32, v8d, 8, 8, gfloat, v8f,
    SL_SIMD_TARGET_AVX512)
#endif

const gchar *
sl_sine_kernel_path (void)
{
  return sl_simd_level_name (sl_simd_level ());
}

static RenderFunc
pick_render (void)
{
#ifdef HAVE_X86_VARIANTS
  switch (sl_simd_level ()) {
    case SL_SIMD_AVX512:
      return render_v8;
    case SL_SIMD_AVX2:
      return render_v4;
    default:
      break;
  }
#endif
  return render_v2;
}

void
sl_sine_cont_reset (SlSineCont *cont)
{
  guint c;

  for (c = 0; c < SL_SINE_MAX_CHANNELS; c++)
    cont->next_n[c] = -1;
}

static gboolean
is_huge (gdouble amp)
{
  return !(fabs (amp) <= SL_SINE_MAX_FOLDED);
}

/* The start phasor of channel @c for the @len samples from @n: the one the
 * previous block left when it ended at @n and fewer than SL_SINE_BLOCK
 * samples have gone by since the last exact anchor, or else exactly from
 * the sample position. */
static void
block_start (const SlSineChannel *ch, gint64 n, gint rate, guint len,
    SlSineCont *cont, guint c, gdouble *p_re, gdouble *p_im)
{
  gdouble theta, amp;

  if (cont && cont->next_n[c] == n &&
      n - cont->anchor_n[c] + (gint64) len <= SL_SINE_BLOCK) {
    *p_re = cont->re[c];
    *p_im = cont->im[c];
    return;
  }
  amp = is_huge (ch->amplitude) ? 1.0 : ch->amplitude;
  theta = SL_2PI * sl_sine_channel_cycles (ch, n, rate) + ch->phase;
  *p_re = amp * cos (theta);
  *p_im = amp * sin (theta);
  if (cont)
    cont->anchor_n[c] = n;
}

static void
block_end (SlSineCont *cont, guint c, gint64 next_n, gdouble re, gdouble im)
{
  if (cont) {
    cont->next_n[c] = next_n;
    cont->re[c] = re;
    cont->im[c] = im;
  }
}

void
sl_sine_render_f64 (const SlSineChannel *ch, gint64 n, gint rate,
    gdouble *restrict out, guint samples, SlSineCont *cont, guint c)
{
  RenderFunc render = pick_render ();
  gboolean huge = is_huge (ch->amplitude);
  gdouble p_re, p_im, next[2];
  guint done, len, i;

  for (done = 0; done < samples; done += len) {
    len = MIN (SL_SINE_BLOCK, samples - done);
    block_start (ch, n + done, rate, len, cont, c, &p_re, &p_im);
    render (ch, p_re, p_im, out + done, len, next);
    block_end (cont, c, n + done + len, next[0], next[1]);
  }
  if (G_UNLIKELY (huge)) {
    for (i = 0; i < samples; i++)
      out[i] *= ch->amplitude;
  }
}

#define DEFINE_RENDER_IL_ENTRY(fname, OT, FTYPE, sfx) \
  void fname (const SlSineChannel *chans, guint channels, gint64 n, gint rate, \
      OT *restrict out, guint samples, SlSineCont *cont) \
  { \
    gdouble p_re[SL_SINE_MAX_CHANNELS], p_im[SL_SINE_MAX_CHANNELS]; \
    gdouble n_re[SL_SINE_MAX_CHANNELS], n_im[SL_SINE_MAX_CHANNELS]; \
    SlSimdLevel level = sl_simd_level (); \
    FTYPE render = render_il_v1_##sfx; \
    gboolean huge = FALSE; \
    guint done, len, i, c; \
\
    g_return_if_fail (channels >= 1 && channels <= SL_SINE_MAX_CHANNELS); \
    if (channels >= 2) \
      render = render_il_v2_##sfx; \
    IL_PICK_X86 (sfx); \
    for (c = 0; c < channels; c++) \
      huge |= is_huge (chans[c].amplitude); \
    for (done = 0; done < samples; done += len) { \
      len = MIN (SL_SINE_BLOCK, samples - done); \
      for (c = 0; c < channels; c++) \
        block_start (&chans[c], n + done, rate, len, cont, c, &p_re[c], \
            &p_im[c]); \
      render (chans, channels, p_re, p_im, out + (gsize) done * channels, len, \
          n_re, n_im); \
      for (c = 0; c < channels; c++) \
        block_end (cont, c, n + done + len, n_re[c], n_im[c]); \
    } \
    if (G_UNLIKELY (huge)) { \
      for (i = 0; i < samples; i++) \
        for (c = 0; c < channels; c++) \
          if (is_huge (chans[c].amplitude)) \
            out[(gsize) i * channels + c] *= chans[c].amplitude; \
    } \
  }

#ifdef HAVE_X86_VARIANTS
#define IL_PICK_X86(sfx) \
  G_STMT_START \
    { \
      if (level >= SL_SIMD_AVX512 && channels >= 8) \
        render = render_il_v8_##sfx; \
      else if (level >= SL_SIMD_AVX2 && channels >= 4) \
        render = render_il_v4_##sfx; \
    } \
  G_STMT_END
#else
#define IL_PICK_X86(sfx) (void) level
#endif

DEFINE_RENDER_IL_ENTRY (sl_sine_render_interleaved_f64, gdouble, RenderIlF64,
    f64)
DEFINE_RENDER_IL_ENTRY (sl_sine_render_interleaved_f32, gfloat, RenderIlF32,
    f32)
