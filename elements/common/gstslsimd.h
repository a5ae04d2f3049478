/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* One SIMD dispatch scheme for every vectorised element (slsinesrc,
 * slfilter): each hot loop exists for the baseline of the architecture
 * ("generic": SSE2 on x86-64, plain C elsewhere) and, on x86-64, for
 * AVX2 + FMA and for AVX-512F where it pays; the widest level the CPU
 * has is chosen at run time, once per process, and the environment
 * variable STREAMLAB_SIMD ("generic", "avx2", "avx512") can only lower
 * it, so that the test suite runs every path the CPU has (one test
 * variant per level, in tests/check/meson.build; a level the CPU lacks
 * skips).
 *
 * A kernel file builds its wider variants either with the target
 * attributes below on functions of the same file (slsinesrc), or by
 * being compiled a second time with the matching flags (slfilter's
 * cascade); both ask sl_simd_level () which variant to run.
 *
 * Header only: the kernels are static libraries of their own, built at
 * -O3, and the level is cached per file (asking again is one load). */

#ifndef __GST_SL_SIMD_H__
#define __GST_SL_SIMD_H__

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_SIMD_GENERIC,
  SL_SIMD_AVX2,   /* AVX2 + FMA */
  SL_SIMD_AVX512, /* AVX-512F (with AVX2 + FMA) */
} SlSimdLevel;

#if defined(__x86_64__) && defined(__GNUC__)
#define SL_SIMD_HAVE_X86 1
#define SL_SIMD_TARGET_AVX2 __attribute__ ((target ("avx2,fma")))
#define SL_SIMD_TARGET_AVX512 __attribute__ ((target ("avx512f,avx2,fma")))
#endif

/* The widest level of this CPU, lowered by STREAMLAB_SIMD. */
static inline SlSimdLevel
sl_simd_level (void)
{
  static gint cached = -1;
  gint l = g_atomic_int_get (&cached);

  if (G_LIKELY (l >= 0))
    return (SlSimdLevel) l;

  l = SL_SIMD_GENERIC;
#ifdef SL_SIMD_HAVE_X86
  {
    const gchar *env = g_getenv ("STREAMLAB_SIMD");

    __builtin_cpu_init ();
    if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma")) {
      l = SL_SIMD_AVX2;
      if (__builtin_cpu_supports ("avx512f"))
        l = SL_SIMD_AVX512;
    }
    if (g_strcmp0 (env, "generic") == 0)
      l = SL_SIMD_GENERIC;
    else if (g_strcmp0 (env, "avx2") == 0)
      l = MIN (l, SL_SIMD_AVX2);
  }
#endif
  g_atomic_int_set (&cached, l);
  return (SlSimdLevel) l;
}

/* "generic", "avx2" or "avx512": the level's name, as STREAMLAB_SIMD
 * spells it. */
static inline const gchar *
sl_simd_level_name (SlSimdLevel level)
{
  switch (level) {
    case SL_SIMD_AVX512:
      return "avx512";
    case SL_SIMD_AVX2:
      return "avx2";
    default:
      return "generic";
  }
}

G_END_DECLS

#endif /* __GST_SL_SIMD_H__ */
