/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Ceilings: the same work as a scenario, as a plain C loop over data in
 * memory, with no GStreamer around it. Built at -O3 (and for AVX2 + FMA
 * when the CPU has them), like the element kernels, so that the comparison
 * is about the element and not about compiler flags. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <glib.h>

#include "slbenchceiling.h"

#define CH 8
#define FRAMES 1024

/* scipy.signal.cheby1(4, 0.25, 1000, 'lowpass', fs=48000, output='sos'),
 * the design `audiocheblimit mode=low-pass poles=4 type=1 ripple=0.25
 * cutoff=1000` and `slfilter kind=lowpass design=chebyshev1 order=4
 * ripple=0.25 cutoff=1000` both implement (rows b0 b1 b2 a0 a1 a2). */
static const double cheb_sos[2][6] = {
  { 8.581622972914897e-06, 1.7163245945829795e-05, 8.581622972914897e-06, 1.0,
      -1.8668849037366428, 0.8741949417652383 },
  { 1.0, 2.0, 1.0, 1.0, -1.9267236890130583, 0.9460553769815377 },
};

/* Two transposed direct form II biquads, frame by frame, the 8 channels
 * side by side in the inner loop. It reads the same input block for every
 * buffer and writes a separate output block (filtering its own output
 * again and again would decay into subnormal numbers and measure those). */
#define CEILING_BODY \
  { \
    double s1[2][CH] = { { 0 } }, s2[2][CH] = { { 0 } }; \
    guint b, i, s, c; \
\
    for (b = 0; b < buffers; b++) { \
      for (i = 0; i < FRAMES; i++) { \
        double x[CH]; \
        for (c = 0; c < CH; c++) \
          x[c] = in[(gsize) i * CH + c]; \
        for (s = 0; s < 2; s++) { \
          const double *k = cheb_sos[s]; \
          for (c = 0; c < CH; c++) { \
            double y = k[0] * x[c] + s1[s][c]; \
            s1[s][c] = k[1] * x[c] - k[4] * y + s2[s][c]; \
            s2[s][c] = k[2] * x[c] - k[5] * y; \
            x[c] = y; \
          } \
        } \
        for (c = 0; c < CH; c++) \
          out[(gsize) i * CH + c] = x[c]; \
      } \
    } \
  }

static void
ceiling_generic (const double *in, double *out, guint buffers) CEILING_BODY

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
    __attribute__ ((target ("avx2,fma"))) static void ceiling_avx2 (const double
                                                                        *in,
        double *out, guint buffers) CEILING_BODY
#endif

    /* Runs @buffers buffers of 1024 frames x 8 channels (F64 interleaved)
 * through the 4-pole Chebyshev low-pass; returns seconds. */
    gdouble sl_bench_ceiling_cheb4_f64_8ch (guint buffers)
{
  double *data = g_new (double, (gsize) FRAMES *CH);
  double *out = g_new (double, (gsize) FRAMES *CH);
  gint64 t0, t1;
  guint i, c;
  volatile double sink;

  for (i = 0; i < FRAMES; i++)
    for (c = 0; c < CH; c++)
      data[i * CH + c] = sin (2 * G_PI * 440.0 * i / 48000.0);

  t0 = g_get_monotonic_time ();
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    ceiling_avx2 (data, out, buffers);
  else
#endif
    ceiling_generic (data, out, buffers);
  t1 = g_get_monotonic_time ();
  sink = out[FRAMES * CH - 1];
  (void) sink;
  g_free (data);
  g_free (out);
  return (t1 - t0) / 1e6;
}
