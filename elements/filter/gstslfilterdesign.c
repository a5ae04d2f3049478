/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* IIR design for slfilter: analog low-pass prototype (Butterworth or
 * Chebyshev type I), frequency transformation to the wanted kind, bilinear
 * transform with prewarping, then grouping into second-order sections.
 * It follows the textbook route that scipy.signal.iirfilter takes with
 * output='sos', so the transfer functions agree with scipy.signal.butter
 * and scipy.signal.cheby1 (the grouping of poles into sections and the
 * spreading of the gain over them may differ; the product does not). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <complex.h>
#include <math.h>
#include <stdlib.h>

#include "gstslfilterdesign.h"

#define SL_PI 3.14159265358979323846264338327950288

typedef double complex cplx;

/* Poles of the normalised analog low-pass prototype (cutoff 1 rad/s) and
 * its gain: zeros are all at infinity. */
static gdouble
prototype_poles (GstSlFilterDesign design, guint order, gdouble ripple_db,
    cplx *p)
{
  gdouble k = 1.0;
  guint i;

  if (design == GST_SL_FILTER_DESIGN_BUTTERWORTH) {
    for (i = 0; i < order; i++) {
      gint m = -(gint) order + 1 + 2 * (gint) i;

      p[i] = -cexp (I * SL_PI * m / (2.0 * order));
    }
  } else {
    gdouble eps = sqrt (pow (10.0, 0.1 * ripple_db) - 1.0);
    gdouble mu = asinh (1.0 / eps) / order;
    cplx prod = 1.0;

    for (i = 0; i < order; i++) {
      gint m = -(gint) order + 1 + 2 * (gint) i;

      p[i] = -csinh (mu + I * SL_PI * m / (2.0 * order));
      prod *= -p[i];
    }
    k = creal (prod);
    /* even orders start the ripple at the bottom: unity gain is the peak */
    if (order % 2 == 0)
      k /= sqrt (1.0 + eps * eps);
  }
  return k;
}

static gint
cmp_radius (gconstpointer a, gconstpointer b)
{
  const gdouble ra = ((const gdouble *) a)[0], rb = ((const gdouble *) b)[0];

  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

/* Evaluates b0 + b1 z^-1 + b2 z^-2 */
static cplx
poly_at (gdouble c0, gdouble c1, gdouble c2, cplx zinv)
{
  return c0 + zinv * (c1 + zinv * c2);
}

/**
 * sl_filter_design_sos:
 * @kind: an IIR kind (lowpass .. bandstop)
 * @f1: cutoff (low/high pass) or lower edge (band kinds), Hz
 * @f2: upper edge (band kinds), Hz
 * @sos: room for SL_FILTER_MAX_SECTIONS sections
 *
 * The caller has checked 0 < f1 < f2 < rate / 2 (f2 unused for low and high
 * pass), 1 <= order <= SL_FILTER_MAX_ORDER and ripple_db > 0.
 *
 * Returns: the number of sections written, 0 on failure.
 */
guint
sl_filter_design_sos (GstSlFilterKind kind, GstSlFilterDesign design,
    guint order, gdouble ripple_db, gdouble f1, gdouble f2, gdouble rate,
    SlBiquad *sos)
{
  cplx proto[SL_FILTER_MAX_ORDER];
  cplx pa[2 * SL_FILTER_MAX_ORDER];        /* analog poles */
  cplx pd[2 * SL_FILTER_MAX_ORDER];        /* digital poles */
  gdouble sect[SL_FILTER_MAX_SECTIONS][4]; /* radius, a1, a2, first-order */
  gdouble reals[2 * SL_FILTER_MAX_ORDER];
  gdouble fs2 = 2.0 * rate, k, kd, w1, w2 = 0.0, w0 = 0.0, bw = 0.0;
  gdouble nb0, nb1, nb2, gprod;
  cplx num_gain, den_gain, zref_inv;
  guint n_poles, n_reals = 0, n_sect = 0, i;

  if (order < 1 || order > SL_FILTER_MAX_ORDER || rate <= 0.0)
    return 0;

  k = prototype_poles (design, order, ripple_db, proto);

  /* prewarped analog frequencies, rad/s */
  w1 = fs2 * tan (SL_PI * f1 / rate);
  if (kind == GST_SL_FILTER_KIND_BANDPASS ||
      kind == GST_SL_FILTER_KIND_BANDSTOP) {
    w2 = fs2 * tan (SL_PI * f2 / rate);
    bw = w2 - w1;
    w0 = sqrt (w1 * w2);
  }

  /* frequency transformation; the analog gain ka becomes, through the
   * bilinear transform, kd = ka * prod (fs2 - za) / prod (fs2 - pa) */
  num_gain = 1.0;
  den_gain = 1.0;
  switch (kind) {
    case GST_SL_FILTER_KIND_LOWPASS:
      n_poles = order;
      for (i = 0; i < order; i++)
        pa[i] = w1 * proto[i];
      k *= pow (w1, order);
      break;
    case GST_SL_FILTER_KIND_HIGHPASS: {
      cplx prod = 1.0;

      n_poles = order;
      for (i = 0; i < order; i++) {
        pa[i] = w1 / proto[i];
        prod *= -proto[i];
      }
      k *= creal (1.0 / prod);
      /* zeros at s = 0 */
      num_gain = pow (fs2, order);
      break;
    }
    case GST_SL_FILTER_KIND_BANDPASS:
      n_poles = 2 * order;
      for (i = 0; i < order; i++) {
        cplx plp = proto[i] * bw / 2.0;
        cplx r = csqrt (plp * plp - w0 * w0);

        pa[2 * i] = plp + r;
        pa[2 * i + 1] = plp - r;
      }
      k *= pow (bw, order);
      num_gain = pow (fs2, order);
      break;
    case GST_SL_FILTER_KIND_BANDSTOP: {
      cplx prod = 1.0;

      n_poles = 2 * order;
      for (i = 0; i < order; i++) {
        cplx php = (bw / 2.0) / proto[i];
        cplx r = csqrt (php * php - w0 * w0);

        pa[2 * i] = php + r;
        pa[2 * i + 1] = php - r;
        prod *= -proto[i];
      }
      k *= creal (1.0 / prod);
      /* zeros at +-j w0 */
      num_gain = pow (fs2 * fs2 + w0 * w0, order);
      break;
    }
    default:
      return 0;
  }

  for (i = 0; i < n_poles; i++) {
    pd[i] = (fs2 + pa[i]) / (fs2 - pa[i]);
    den_gain *= fs2 - pa[i];
  }
  kd = k * creal (num_gain / den_gain);

  /* group the poles: conjugate pairs, then real poles two by two */
  for (i = 0; i < n_poles; i++) {
    gdouble re = creal (pd[i]), im = cimag (pd[i]);

    if (fabs (im) <= 1e-12 * cabs (pd[i])) {
      reals[n_reals++] = re;
    } else if (im > 0.0) {
      sect[n_sect][0] = cabs (pd[i]);
      sect[n_sect][1] = -2.0 * re;
      sect[n_sect][2] = re * re + im * im;
      sect[n_sect][3] = 0.0;
      n_sect++;
    }
  }
  qsort (reals, n_reals, sizeof (gdouble), cmp_radius);
  for (i = 0; i + 1 < n_reals; i += 2) {
    sect[n_sect][0] = MAX (fabs (reals[i]), fabs (reals[i + 1]));
    sect[n_sect][1] = -(reals[i] + reals[i + 1]);
    sect[n_sect][2] = reals[i] * reals[i + 1];
    sect[n_sect][3] = 0.0;
    n_sect++;
  }
  if (n_reals % 2) {
    sect[n_sect][0] = fabs (reals[n_reals - 1]);
    sect[n_sect][1] = -reals[n_reals - 1];
    sect[n_sect][2] = 0.0;
    sect[n_sect][3] = 1.0;
    n_sect++;
  }
  if (n_sect != (n_poles + 1) / 2 || n_sect > SL_FILTER_MAX_SECTIONS)
    return 0;

  /* poles far from the unit circle first, the sharpest resonance last */
  qsort (sect, n_sect, sizeof (sect[0]), cmp_radius);

  /* numerators (monic) by kind, and a point where the gain is normalised */
  switch (kind) {
    case GST_SL_FILTER_KIND_LOWPASS:
      nb0 = 1.0, nb1 = 2.0, nb2 = 1.0;
      zref_inv = 1.0;
      break;
    case GST_SL_FILTER_KIND_HIGHPASS:
      nb0 = 1.0, nb1 = -2.0, nb2 = 1.0;
      zref_inv = -1.0;
      break;
    case GST_SL_FILTER_KIND_BANDPASS: {
      gdouble wc = 2.0 * atan (w0 / fs2);

      nb0 = 1.0, nb1 = 0.0, nb2 = -1.0;
      zref_inv = cexp (-I * wc);
      break;
    }
    default: {
      /* digital zeros e^{+-j wz} with cos wz = (fs2^2 - w0^2) / (fs2^2 + w0^2) */
      gdouble c = (fs2 * fs2 - w0 * w0) / (fs2 * fs2 + w0 * w0);

      nb0 = 1.0, nb1 = -2.0 * c, nb2 = 1.0;
      zref_inv = 1.0;
      break;
    }
  }

  /* each section gets unit gain at the reference point; the first also
   * carries what is left of the overall gain */
  gprod = 1.0;
  for (i = 0; i < n_sect; i++) {
    gdouble a1 = sect[i][1], a2 = sect[i][2];
    gdouble b0 = nb0, b1 = nb1, b2 = nb2, g;

    if (sect[i][3] > 0.0) {
      /* first order: one zero, at -1 (low-pass) or +1 (high-pass) */
      b1 = kind == GST_SL_FILTER_KIND_HIGHPASS ? -1.0 : 1.0;
      b2 = 0.0;
    }
    g = cabs (poly_at (1.0, a1, a2, zref_inv)) /
        cabs (poly_at (b0, b1, b2, zref_inv));
    gprod *= g;
    sos[i].b0 = g * b0;
    sos[i].b1 = g * b1;
    sos[i].b2 = g * b2;
    sos[i].a1 = a1;
    sos[i].a2 = a2;
  }
  {
    gdouble c = kd / gprod;

    sos[0].b0 *= c;
    sos[0].b1 *= c;
    sos[0].b2 *= c;
  }
  return n_sect;
}
