/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The DataFrame as the elements see it: its caps, its channel limit, and
 * the access to its samples. The one place these facts are written down
 * (docs/architecture.md, "The DataFrame"). */

#ifndef __GST_SL_DATA_FRAME_H__
#define __GST_SL_DATA_FRAME_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* The most channels a DataFrame has. Elements keep per-channel state in
 * fixed arrays of this size (slsinesrc's oscillators, slfft's planes); every
 * DataFrame pad template says the same, so a frame that one element makes
 * is one that every other takes. */
#define SL_MAX_CHANNELS 64

/* The channels field of every DataFrame caps string, for the pad templates
 * of the elements whose frames have a narrower format than
 * SL_DATA_FRAME_CAPS (slfft's spectra, slwindow's statistics). */
#define SL_DATA_FRAME_CHANNELS \
  "channels = (int) [ 1, " G_STRINGIFY (SL_MAX_CHANNELS) " ]"

/* The caps of a DataFrame: F64LE (the default) or F32LE, non-interleaved
 * (the default, one plane per channel) or interleaved, any rate, 1 to
 * SL_MAX_CHANNELS channels. */
/* clang-format off */
#define SL_DATA_FRAME_CAPS \
    "audio/x-raw, " \
    "format = (string) { F64LE, F32LE }, " \
    "layout = (string) { non-interleaved, interleaved }, " \
    "rate = (int) [ 1, MAX ], " \
    SL_DATA_FRAME_CHANNELS
/* clang-format on */

/* An always pad of DataFrames: static GstStaticPadTemplate sink_template =
 * SL_DATA_FRAME_PAD_TEMPLATE ("sink", GST_PAD_SINK); */
#define SL_DATA_FRAME_PAD_TEMPLATE(name, direction) \
  GST_STATIC_PAD_TEMPLATE (name, direction, GST_PAD_ALWAYS, \
      GST_STATIC_CAPS (SL_DATA_FRAME_CAPS))

#if defined(__GNUC__)
#define SL_ALWAYS_INLINE static inline __attribute__ ((always_inline))
#else
#define SL_ALWAYS_INLINE static inline
#endif

/* Sample @i of channel @c in a mapped frame of @channels channels: @planes
 * as in GstAudioBuffer (one per channel when @planar, else one), F32 when
 * @f32, else F64. Inline with constant @f32 and @planar, the compiler drops
 * the branches (slfilter's kernels rely on it). */
SL_ALWAYS_INLINE gdouble
sl_sample_load (gpointer const *planes, guint channels, guint c, gsize i,
    const gboolean f32, const gboolean planar)
{
  gconstpointer p = planes[planar ? c : 0];
  gsize k = planar ? i : i * channels + c;

  return f32 ? (gdouble) ((const gfloat *) p)[k] : ((const gdouble *) p)[k];
}

SL_ALWAYS_INLINE void
sl_sample_store (gpointer const *planes, guint channels, guint c, gsize i,
    gdouble v, const gboolean f32, const gboolean planar)
{
  gpointer p = planes[planar ? c : 0];
  gsize k = planar ? i : i * channels + c;

  if (f32)
    ((gfloat *) p)[k] = (gfloat) v;
  else
    ((gdouble *) p)[k] = v;
}

/* Whether any of samples @first .. @first + @count - 1 of any channel is a
 * NaN or an infinity (vectorised: one pass, no branch per sample). */
gboolean sl_samples_have_nonfinite (gpointer const *planes, guint channels,
    gsize first, gsize count, gboolean f32, gboolean planar);

/* The same over @n doubles (filter state, running sums). */
gboolean sl_doubles_have_nonfinite (const gdouble *p, gsize n);

G_END_DECLS

#endif /* __GST_SL_DATA_FRAME_H__ */
