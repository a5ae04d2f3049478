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
  ch->step_re = cos (delta * SL_SINE_LANES);
  ch->step_im = sin (delta * SL_SINE_LANES);
}

void
sl_sine_channel_reanchor (SlSineChannel * ch, gint64 n, gint rate,
    gdouble new_frequency)
{
  ch->anchor_cycles = sl_sine_channel_cycles (ch, n, rate);
  ch->anchor_n = n;
  sl_sine_channel_set_frequency (ch, new_frequency, rate);
}

void
sl_sine_render_f64 (const SlSineChannel * ch, gint64 n, gint rate,
    gdouble * restrict out, guint samples)
{
  gdouble re[SL_SINE_LANES], im[SL_SINE_LANES];
  gdouble theta, s0, c0;
  const gdouble wr = ch->step_re, wi = ch->step_im, a = ch->amplitude;
  guint i, j;

  theta = SL_2PI * sl_sine_channel_cycles (ch, n, rate) + ch->phase;
  s0 = sin (theta);
  c0 = cos (theta);
  for (j = 0; j < SL_SINE_LANES; j++) {
    re[j] = c0 * ch->lane_re[j] - s0 * ch->lane_im[j];
    im[j] = c0 * ch->lane_im[j] + s0 * ch->lane_re[j];
  }

  for (i = 0; i + SL_SINE_LANES <= samples; i += SL_SINE_LANES) {
    for (j = 0; j < SL_SINE_LANES; j++) {
      gdouble r = re[j] * wr - im[j] * wi;
      gdouble m = re[j] * wi + im[j] * wr;

      out[i + j] = a * im[j];
      re[j] = r;
      im[j] = m;
    }
  }
  for (j = 0; i + j < samples; j++)
    out[i + j] = a * im[j];
}
