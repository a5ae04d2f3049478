/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_FFT_H__
#define __GST_SL_FFT_H__

#include <gst/gst.h>
#include <gst/audio/audio.h>

G_BEGIN_DECLS

/**
 * GstSlFftWindow:
 * @GST_SL_FFT_WINDOW_HANN: Hann, `0.5 (1 - cos (2 pi n / N))`
 * @GST_SL_FFT_WINDOW_HAMMING: Hamming, `0.53836 - 0.46164 cos (2 pi n / N)`
 * @GST_SL_FFT_WINDOW_BLACKMAN: Blackman, `0.42 - 0.5 cos (2 pi n / N) +
 *   0.08 cos (4 pi n / N)`
 * @GST_SL_FFT_WINDOW_RECTANGULAR: no window (all coefficients 1)
 *
 * The analysis windows, all in their periodic (DFT-even) form, n = 0..N-1.
 */
typedef enum
{
  GST_SL_FFT_WINDOW_HANN,
  GST_SL_FFT_WINDOW_HAMMING,
  GST_SL_FFT_WINDOW_BLACKMAN,
  GST_SL_FFT_WINDOW_RECTANGULAR,
} GstSlFftWindow;

#define GST_TYPE_SL_FFT_WINDOW (gst_sl_fft_window_get_type ())
GType gst_sl_fft_window_get_type (void);

#define GST_TYPE_SL_FFT (gst_sl_fft_get_type ())
G_DECLARE_FINAL_TYPE (GstSlFft, gst_sl_fft, GST, SL_FFT, GstElement)

GST_ELEMENT_REGISTER_DECLARE (slfft);

G_END_DECLS

#endif /* __GST_SL_FFT_H__ */
