/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The scan for NaN and infinity over a DataFrame's samples, built at -O3
 * (elements/common/meson.build) so that it is vectorised. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>

#include "gstsldataframe.h"

/* independent partial sums: enough to fill a vector of doubles */
#define LANES 8

/* x - x is 0 for every finite x and NaN otherwise; per-lane sums need no
 * reassociation, so this vectorises without -ffast-math. */
static inline gboolean
scan_f64 (const gdouble *p, gsize n)
{
  gdouble acc[LANES] = { 0.0 };
  gsize i, l;

  for (i = 0; i + LANES <= n; i += LANES)
    for (l = 0; l < LANES; l++)
      acc[l] += p[i + l] - p[i + l];
  for (; i < n; i++)
    acc[0] += p[i] - p[i];
  for (l = 1; l < LANES; l++)
    acc[0] += acc[l];
  return acc[0] != 0.0 || isnan (acc[0]);
}

static inline gboolean
scan_f32 (const gfloat *p, gsize n)
{
  gfloat acc[2 * LANES] = { 0.0f };
  gsize i, l;

  for (i = 0; i + 2 * LANES <= n; i += 2 * LANES)
    for (l = 0; l < 2 * LANES; l++)
      acc[l] += p[i + l] - p[i + l];
  for (; i < n; i++)
    acc[0] += p[i] - p[i];
  for (l = 1; l < 2 * LANES; l++)
    acc[0] += acc[l];
  return acc[0] != 0.0f || isnan (acc[0]);
}

gboolean
sl_samples_have_nonfinite (gpointer const *planes, guint channels, gsize first,
    gsize count, gboolean f32, gboolean planar)
{
  guint c;

  if (!planar) {
    gsize off = first * channels, n = count * channels;

    return f32 ? scan_f32 ((const gfloat *) planes[0] + off, n)
               : scan_f64 ((const gdouble *) planes[0] + off, n);
  }
  for (c = 0; c < channels; c++) {
    if (f32 ? scan_f32 ((const gfloat *) planes[c] + first, count)
            : scan_f64 ((const gdouble *) planes[c] + first, count))
      return TRUE;
  }
  return FALSE;
}

gboolean
sl_doubles_have_nonfinite (const gdouble *p, gsize n)
{
  return scan_f64 (p, n);
}
