/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_FIR_H__
#define __GST_SL_FIR_H__

#include <glib.h>

G_BEGIN_DECLS

/* The loops that have an ORC kernel (gstslorc.orc) beside their plain C
 * version, and the choice between the two.
 *
 * The C loops are the reference: they work output by output with four
 * partial sums. The ORC kernels work tap by tap over a block of outputs
 * (one vector multiply-add per tap), so a FIR output is the same sum taken
 * in another order: equal to the C one within a few units in the last
 * place (the element tests hold both paths to the same tolerances). The
 * conversions are exact either way (F32 to F64), or rounded to nearest
 * (F64 to F32), except that ORC flushes denormals to zero (inside its
 * kernels only: the thread's floating-point mode, which ORC leaves with
 * flush-to-zero set, is put back after each call).
 *
 * Which path runs is decided at caps time from figures measured with
 * tests/bench/slorcbench (see the README's ORC section); the environment
 * variable STREAMLAB_ORC=c or STREAMLAB_ORC=orc forces one path (the tests
 * run both). */

typedef enum
{
  SL_ORC_KERNEL_FIR,      /* slfilter kind=fir */
  SL_ORC_KERNEL_DECIMATE, /* sldecimate's anti-alias FIR */
  SL_ORC_KERNEL_CONVERT,  /* F32 <-> F64 of whole planes */
} SlOrcKernel;

/* TRUE when the ORC kernel should run for @kernel with @ntaps taps and a
 * decimation @factor (0 and 1 where they do not apply): STREAMLAB_ORC when
 * set, else the measured choice. */
gboolean sl_orc_choose (SlOrcKernel kernel, guint ntaps, guint factor);

/* "orc" or "c", for debug logs */
const gchar *sl_orc_path_name (gboolean orc);

/* Outputs per block of the tap-by-tap FIR: a block's inputs and outputs
 * stay in the L1 cache for a few hundred taps. */
#define SL_FIR_BLOCK 512

/* y[i] = sum_j hrev[j] x[i + j] for i < count (taps reversed, @x holds
 * count + ntaps - 1 values). */
void sl_fir_block_orc (const gdouble *hrev, guint ntaps, const gdouble *x,
    gdouble *y, guint count);

/* Decimating FIR: y[k] = sum_j hrev[j] w[phase + k m + j], k < kept, the
 * taps summed in order in both versions (the same bits, where the compiler
 * does not fuse the C loop's multiply-adds as on x86-64).
 * The ORC version splits @w (wlen values) into its @m polyphase components
 * in @scratch (sl_fir_decimate_scratch (wlen, m) doubles) so that every
 * tap is one contiguous multiply-add over the outputs. */
void sl_fir_decimate_c (const gdouble *hrev, guint ntaps, guint m,
    const gdouble *w, guint phase, gdouble *y, gsize kept);
void sl_fir_decimate_orc (const gdouble *hrev, guint ntaps, guint m,
    const gdouble *w, gsize wlen, guint phase, gdouble *y, gsize kept,
    gdouble *scratch);
gsize sl_fir_decimate_scratch (gsize wlen, guint m);

/* Whole planes F32 <-> F64. */
void sl_convert_f32_f64 (gdouble *d, const gfloat *s, gsize n, gboolean orc);
void sl_convert_f64_f32 (gfloat *d, const gdouble *s, gsize n, gboolean orc);

G_END_DECLS

#endif /* __GST_SL_FIR_H__ */
