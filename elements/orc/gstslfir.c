/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#if defined(__SSE__) || defined(_M_X64)
#include <xmmintrin.h>
#define SL_HAVE_MXCSR 1
#else
#include <fenv.h>
#endif

#include "gstslfir.h"
#include "gstslorc.h"

/* The measured choice (tests/bench/slorcbench, figures in the README's ORC
 * section, x86-64 (SSE2 to AVX2), one run on a loaded machine):
 * - FIR: the ORC kernel from 1 tap up (1.5x to 1.8x faster from 4 to 512
 *   taps, more below 4 taps where the C loop's four partial sums cost);
 * - decimation: ORC from 3 taps per factor (the polyphase split costs
 *   about 1 ns per input sample: 1.2x at factor 2 and 8 taps, 2.5x to 2.9x
 *   with the default 20 x factor + 1 taps; 0.2x to 0.8x with fewer than 3
 *   taps per factor);
 * - the conversions: C, which the compiler vectorises as well as ORC
 *   does (ORC 0.84x to 0.93x). */
#define SL_ORC_FIR_MIN_TAPS 1
#define SL_ORC_DECIMATE_MIN_TAPS_PER_FACTOR 3
#define SL_ORC_CONVERT_WINS FALSE

/* ORC counts in int */
#define ORC_CHUNK (1 << 30)

/* ORC's floating-point kernels set flush-to-zero and denormals-are-zero
 * (MXCSR on x86, FPCR/FPSCR on ARM) and leave them set: every function
 * here that calls one puts the caller's mode back, or the C code after it
 * in the same thread (other elements, the IIR cascade) would silently
 * compute without denormals. */
typedef struct
{
#ifdef SL_HAVE_MXCSR
  guint csr;
#else
  fenv_t env;
#endif
} FpMode;

static inline void
fp_save (FpMode *m)
{
#ifdef SL_HAVE_MXCSR
  m->csr = _mm_getcsr ();
#else
  fegetenv (&m->env);
#endif
}

static inline void
fp_restore (const FpMode *m)
{
#ifdef SL_HAVE_MXCSR
  /* the whole register as it was: modes and exception flags */
  _mm_setcsr (m->csr);
#else
  fesetenv (&m->env);
#endif
}

gboolean
sl_orc_choose (SlOrcKernel kernel, guint ntaps, guint factor)
{
  const gchar *force = g_getenv ("STREAMLAB_ORC");

  if (g_strcmp0 (force, "c") == 0)
    return FALSE;
  if (g_strcmp0 (force, "orc") == 0)
    return TRUE;
#ifdef DISABLE_ORC
  /* the kernels are only their C backups then */
  return FALSE;
#else
  /* tests/bench/slorcbench, figures in the README's ORC section */
  switch (kernel) {
    case SL_ORC_KERNEL_FIR:
      return ntaps >= SL_ORC_FIR_MIN_TAPS;
    case SL_ORC_KERNEL_DECIMATE:
      return ntaps >= SL_ORC_DECIMATE_MIN_TAPS_PER_FACTOR * (guint64) factor;
    case SL_ORC_KERNEL_CONVERT:
      return SL_ORC_CONVERT_WINS;
  }
  return FALSE;
#endif
}

const gchar *
sl_orc_path_name (gboolean orc)
{
  return orc ? "orc" : "c";
}

void
sl_fir_block_orc (const gdouble *hrev, guint ntaps, const gdouble *x,
    gdouble *y, guint count)
{
  FpMode mode;
  guint j;

  fp_save (&mode);
  sl_orc_mul_f64 (y, x, hrev[0], count);
  for (j = 1; j + 4 <= ntaps; j += 4)
    sl_orc_mac4_f64 (y, x + j, x + j + 1, x + j + 2, x + j + 3, hrev[j],
        hrev[j + 1], hrev[j + 2], hrev[j + 3], count);
  for (; j < ntaps; j++)
    sl_orc_mac_f64 (y, x + j, hrev[j], count);
  fp_restore (&mode);
}

/* The C reference: one output at a time, the taps summed in order (the
 * order of the ORC kernels too). */
void
sl_fir_decimate_c (const gdouble *hrev, guint ntaps, guint m, const gdouble *w,
    guint phase, gdouble *y, gsize kept)
{
  gsize k;

  for (k = 0; k < kept; k++) {
    const gdouble *win = w + phase + k * m;
    gdouble acc = 0.0;
    guint j;

    for (j = 0; j < ntaps; j++)
      acc += hrev[j] * win[j];
    y[k] = acc;
  }
}

gsize
sl_fir_decimate_scratch (gsize wlen, guint m)
{
  return ((wlen + m - 1) / m) * m;
}

/* The inputs of tap @j for the outputs from @done on (see below). */
static inline const gdouble *
tap_input (const gdouble *scratch, gsize len, guint m, guint phase, guint j,
    gsize done)
{
  guint t = phase + j;

  return scratch + (t % m) * len + t / m + done;
}

/* With w[u m + r] at scratch[r * len + u] (component r of the polyphase
 * split), the input of tap j for output k, w[phase + j + k m], is
 * component (phase + j) % m at (phase + j) / m + k: contiguous in k. */
void
sl_fir_decimate_orc (const gdouble *hrev, guint ntaps, guint m,
    const gdouble *w, gsize wlen, guint phase, gdouble *y, gsize kept,
    gdouble *scratch)
{
  gsize len = (wlen + m - 1) / m, u, done;
  guint r, j;
  FpMode mode;

  if (kept == 0)
    return;
  if (m == 1) {
    scratch = (gdouble *) w;
  } else {
    for (r = 0; r < m; r++) {
      gdouble *p = scratch + r * len;

      for (u = 0; u * m + r < wlen; u++)
        p[u] = w[u * m + r];
    }
  }
  fp_save (&mode);
  for (done = 0; done < kept; done += SL_FIR_BLOCK) {
    gint n = (gint) MIN (kept - done, SL_FIR_BLOCK);
    const gdouble *src[4];

    sl_orc_mul_f64 (y + done, tap_input (scratch, len, m, phase, 0, done),
        hrev[0], n);
    for (j = 1; j + 4 <= ntaps; j += 4) {
      for (r = 0; r < 4; r++)
        src[r] = tap_input (scratch, len, m, phase, j + r, done);
      sl_orc_mac4_f64 (y + done, src[0], src[1], src[2], src[3], hrev[j],
          hrev[j + 1], hrev[j + 2], hrev[j + 3], n);
    }
    for (; j < ntaps; j++)
      sl_orc_mac_f64 (y + done, tap_input (scratch, len, m, phase, j, done),
          hrev[j], n);
  }
  fp_restore (&mode);
}

void
sl_convert_f32_f64 (gdouble *d, const gfloat *s, gsize n, gboolean orc)
{
  FpMode mode;
  gsize i;

  if (!orc) {
    for (i = 0; i < n; i++)
      d[i] = s[i];
    return;
  }
  fp_save (&mode);
  for (i = 0; i < n; i += ORC_CHUNK)
    sl_orc_convert_f32_f64 (d + i, s + i, (int) MIN (n - i, ORC_CHUNK));
  fp_restore (&mode);
}

void
sl_convert_f64_f32 (gfloat *d, const gdouble *s, gsize n, gboolean orc)
{
  FpMode mode;
  gsize i;

  if (!orc) {
    for (i = 0; i < n; i++)
      d[i] = (gfloat) s[i];
    return;
  }
  fp_save (&mode);
  for (i = 0; i < n; i += ORC_CHUNK)
    sl_orc_convert_f64_f32 (d + i, s + i, (int) MIN (n - i, ORC_CHUNK));
  fp_restore (&mode);
}
