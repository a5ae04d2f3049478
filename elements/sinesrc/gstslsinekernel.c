/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The sine kernel: a rotating-phasor recurrence, re-anchored exactly at the
 * start of every buffer.
 *
 * The start phase of each buffer is computed from the sample position with an
 * error-free product (fma), so it is exact to a few ulp whatever the position
 * (also 4.8e11 samples after a seek). Inside a buffer the phasor is rotated by
 * a constant complex factor; SL_SINE_LANES phasors advance side by side so the
 * loop has no long dependency chain and vectorises. Rounding error grows only
 * with the number of rotations inside one buffer. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "gstslsinekernel.h"

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
sl_sine_channel_cycles (const SlSineChannel * ch, gint64 n, gint rate)
{
  gdouble c = ch->anchor_cycles + cycles_of (ch->frequency, n - ch->anchor_n,
      rate);

  return c - floor (c);
}

void
sl_sine_channel_set_frequency (SlSineChannel * ch, gdouble frequency,
    gint rate)
{
  gdouble delta;
  guint j;

  ch->frequency = frequency;
  /* Reduce the step to [0, 1) cycles before scaling by 2 pi. */
  delta = frequency / rate;
  delta = SL_2PI * (delta - floor (delta));
  for (j = 0; j < SL_SINE_LANES; j++) {
    ch->lane_re[j] = cos (delta * j);
    ch->lane_im[j] = sin (delta * j);
  }
  ch->step8_re = cos (delta * 8);
  ch->step8_im = sin (delta * 8);
  ch->step16_re = cos (delta * 16);
  ch->step16_im = sin (delta * 16);
}

void
sl_sine_channel_reanchor (SlSineChannel * ch, gint64 n, gint rate,
    gdouble new_frequency)
{
  ch->anchor_cycles = sl_sine_channel_cycles (ch, n, rate);
  ch->anchor_n = n;
  sl_sine_channel_set_frequency (ch, new_frequency, rate);
}

/* The recurrence, generic over the vector width: VT is a GCC vector type of
 * W doubles, and LANES phasors (LANES / W vectors) advance side by side. The
 * default build uses SSE2 (the x86-64 baseline, 2 doubles per vector); on
 * CPUs with AVX2 a 4-wide variant with more lanes is chosen at run time. */
#define DEFINE_RENDER(fname, VT, W, LANES, STEP_RE, STEP_IM, ATTR)          \
ATTR static void                                                            \
fname (const SlSineChannel * ch, gdouble theta, gdouble * restrict out,     \
    guint samples)                                                          \
{                                                                           \
  VT re[LANES / W], im[LANES / W];                                          \
  VT wr, wi, a;                                                             \
  gdouble s0 = sin (theta), c0 = cos (theta);                               \
  gdouble tail[LANES];                                                      \
  guint i, j, k;                                                            \
                                                                            \
  for (k = 0; k < W; k++) {                                                 \
    wr[k] = ch->STEP_RE;                                                    \
    wi[k] = ch->STEP_IM;                                                    \
    a[k] = ch->amplitude;                                                   \
  }                                                                         \
  for (j = 0; j < LANES / W; j++) {                                         \
    for (k = 0; k < W; k++) {                                               \
      guint l = j * W + k;                                                  \
      re[j][k] = c0 * ch->lane_re[l] - s0 * ch->lane_im[l];                 \
      im[j][k] = c0 * ch->lane_im[l] + s0 * ch->lane_re[l];                 \
    }                                                                       \
  }                                                                         \
  for (i = 0; i + LANES <= samples; i += LANES) {                           \
    for (j = 0; j < LANES / W; j++) {                                       \
      VT r = re[j] * wr - im[j] * wi;                                       \
      VT m = re[j] * wi + im[j] * wr;                                       \
      VT o = a * im[j];                                                     \
                                                                            \
      memcpy (out + i + W * j, &o, sizeof (o));                             \
      re[j] = r;                                                            \
      im[j] = m;                                                            \
    }                                                                       \
  }                                                                         \
  if (i < samples) {                                                        \
    for (j = 0; j < LANES / W; j++) {                                       \
      VT o = a * im[j];                                                     \
                                                                            \
      memcpy (tail + W * j, &o, sizeof (o));                                \
    }                                                                       \
    memcpy (out + i, tail, (samples - i) * sizeof (gdouble));               \
  }                                                                         \
}

typedef gdouble v2d __attribute__ ((vector_size (16)));
DEFINE_RENDER (render_v2, v2d, 2, 8, step8_re, step8_im, /* default */ )

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_AVX2_VARIANT 1
typedef gdouble v4d __attribute__ ((vector_size (32)));
DEFINE_RENDER (render_v4, v4d, 4, 16, step16_re, step16_im,
    __attribute__ ((target ("avx2"))))
#endif

typedef void (*RenderFunc) (const SlSineChannel * ch, gdouble theta,
    gdouble * restrict out, guint samples);

static RenderFunc
pick_render (void)
{
#ifdef HAVE_AVX2_VARIANT
  /* STREAMLAB_SIMD=generic forces the baseline path (tests cover both) */
  if (g_strcmp0 (g_getenv ("STREAMLAB_SIMD"), "generic") == 0)
    return render_v2;
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx2"))
    return render_v4;
#endif
  return render_v2;
}

void
sl_sine_render_f64 (const SlSineChannel * ch, gint64 n, gint rate,
    gdouble * restrict out, guint samples)
{
  static RenderFunc render = NULL;
  gdouble theta;

  if (G_UNLIKELY (render == NULL))
    render = pick_render ();
  theta = SL_2PI * sl_sine_channel_cycles (ch, n, rate) + ch->phase;
  render (ch, theta, out, samples);
}
