/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_FILTER_H__
#define __GST_SL_FILTER_H__

#include <gst/gst.h>
#include <gst/audio/audio.h>
#include <gst/audio/gstaudiofilter.h>

G_BEGIN_DECLS

/**
 * GstSlFilterKind:
 * @GST_SL_FILTER_KIND_LOWPASS: IIR low-pass, `cutoff`
 * @GST_SL_FILTER_KIND_HIGHPASS: IIR high-pass, `cutoff`
 * @GST_SL_FILTER_KIND_BANDPASS: IIR band-pass, `lower-frequency` to
 *   `upper-frequency`
 * @GST_SL_FILTER_KIND_BANDSTOP: IIR band-stop (notch), `lower-frequency` to
 *   `upper-frequency`
 * @GST_SL_FILTER_KIND_FIR: FIR filter from `taps`
 * @GST_SL_FILTER_KIND_MOVING_AVERAGE: mean of the last `window` samples
 */
typedef enum
{
  GST_SL_FILTER_KIND_LOWPASS,
  GST_SL_FILTER_KIND_HIGHPASS,
  GST_SL_FILTER_KIND_BANDPASS,
  GST_SL_FILTER_KIND_BANDSTOP,
  GST_SL_FILTER_KIND_FIR,
  GST_SL_FILTER_KIND_MOVING_AVERAGE,
} GstSlFilterKind;

#define GST_TYPE_SL_FILTER_KIND (gst_sl_filter_kind_get_type ())
GType gst_sl_filter_kind_get_type (void);

/**
 * GstSlFilterDesign:
 * @GST_SL_FILTER_DESIGN_BUTTERWORTH: maximally flat pass band
 * @GST_SL_FILTER_DESIGN_CHEBYSHEV1: equiripple pass band (`ripple` dB),
 *   steeper transition
 */
typedef enum
{
  GST_SL_FILTER_DESIGN_BUTTERWORTH,
  GST_SL_FILTER_DESIGN_CHEBYSHEV1,
} GstSlFilterDesign;

#define GST_TYPE_SL_FILTER_DESIGN (gst_sl_filter_design_get_type ())
GType gst_sl_filter_design_get_type (void);

#define GST_TYPE_SL_FILTER (gst_sl_filter_get_type ())
G_DECLARE_FINAL_TYPE (GstSlFilter, gst_sl_filter, GST, SL_FILTER,
    GstAudioFilter)

GST_ELEMENT_REGISTER_DECLARE (slfilter);

G_END_DECLS

#endif /* __GST_SL_FILTER_H__ */
