/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_SINE_KERNEL_H__
#define __GST_SL_SINE_KERNEL_H__

#include <glib.h>

G_BEGIN_DECLS

/* Number of independent phasors per channel: the recurrence runs on up to
 * SL_SINE_LANES consecutive samples at once, which both breaks the
 * loop-carried latency and lets the compiler vectorise across samples. */
#define SL_SINE_LANES 32

/* The most channels a source renders. */
#define SL_SINE_MAX_CHANNELS 64

/* One channel's oscillator. The phase is a piecewise-linear function of the
 * sample position n:
 *
 *   cycles(n) = anchor_cycles + frequency * (n - anchor_n) / rate
 *   sample(n) = amplitude * sin (2 pi frac (cycles(n)) + phase)
 *
 * With no frequency change the anchor is (0, 0), which is the exact formula.
 * A frequency change while playing re-anchors at the first sample it applies
 * to, so the waveform stays continuous (no click). */
typedef struct
{
  gdouble frequency;
  gdouble amplitude;
  gdouble phase; /* radians, reduced to [0, 2 pi) */
  gint64 anchor_n;
  gdouble anchor_cycles; /* in [0, 1) */

  /* derived from frequency and rate */
  gdouble lane_re[SL_SINE_LANES + 1]; /* e^{i j delta}, j = 0..LANES */
  gdouble lane_im[SL_SINE_LANES + 1];
} SlSineChannel;

void sl_sine_channel_set_frequency (SlSineChannel *ch, gdouble frequency,
    gint rate);
gdouble sl_sine_channel_cycles (const SlSineChannel *ch, gint64 n, gint rate);
void sl_sine_channel_reanchor (SlSineChannel *ch, gint64 n, gint rate,
    gdouble new_frequency);

/* Where each channel's phasor stopped, so that the next frame continues
 * from it instead of computing its start phase exactly (a few hundred
 * cycles per channel, most of a small frame's cost); an exact anchor still
 * comes every 4096 samples, so the error stays as small as in one buffer.
 * Reset it whenever the channels' settings, the rate or the position change
 * other than by rendering. */
typedef struct
{
  gint64 next_n[SL_SINE_MAX_CHANNELS]; /* -1: nothing to continue */
  gint64 anchor_n[SL_SINE_MAX_CHANNELS];
  gdouble re[SL_SINE_MAX_CHANNELS];
  gdouble im[SL_SINE_MAX_CHANNELS];
} SlSineCont;

void sl_sine_cont_reset (SlSineCont *cont);

/* One plane of @samples samples of channel @c (@ch), from sample @n; @cont
 * may be NULL. */
void sl_sine_render_f64 (const SlSineChannel *ch, gint64 n, gint rate,
    gdouble *out, guint samples, SlSineCont *cont, guint c);

/* @samples frames of @channels interleaved channels, from sample @n: the
 * phasors advance across channels, one vector of channels at a time. */
void sl_sine_render_interleaved_f64 (const SlSineChannel *chans, guint channels,
    gint64 n, gint rate, gdouble *out, guint samples, SlSineCont *cont);
void sl_sine_render_interleaved_f32 (const SlSineChannel *chans, guint channels,
    gint64 n, gint rate, gfloat *out, guint samples, SlSineCont *cont);

/* The vector path chosen for this CPU: "generic" (SSE2, the x86-64
 * baseline, or plain C elsewhere), "avx2" or "avx512". The environment
 * variable STREAMLAB_SIMD may lower it ("generic", "avx2"), for tests. */
const gchar *sl_sine_kernel_path (void);

G_END_DECLS

#endif /* __GST_SL_SINE_KERNEL_H__ */
