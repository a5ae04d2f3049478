/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The benchmark scenarios. Add one entry per comparison an issue asks for;
 * keep runs around a second so the whole command stays short. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "slbench.h"
#include "slbenchceiling.h"

#define SINE_BUFFERS 4000
#define SINE_CAPS "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=8"

#define CHEB_BUFFERS 10000
#define CHEB_SRC "slsinesrc num-buffers=" G_STRINGIFY (CHEB_BUFFERS) \
    " samplesperbuffer=1024 ! " \
    "audio/x-raw,format=F64LE,layout=interleaved,rate=48000,channels=8 ! "

static gdouble
cheb4_ceiling (const SlBenchScenario * s)
{
  return sl_bench_ceiling_cheb4_f64_8ch (CHEB_BUFFERS);
}

/* *INDENT-OFF* */
const SlBenchScenario sl_bench_scenarios[] = {
  {
    "sine",
    "slsinesrc vs audiotestsrc wave=sine: 8 channels F64 non-interleaved, 1024 samples per buffer",
    "slsinesrc num-buffers=" G_STRINGIFY (SINE_BUFFERS) " samplesperbuffer=1024 ! " SINE_CAPS " ! fakesink",
    "audiotestsrc wave=sine num-buffers=" G_STRINGIFY (SINE_BUFFERS) " samplesperbuffer=1024 ! " SINE_CAPS " ! fakesink",
    NULL,
    SINE_BUFFERS * 1024.0 * 8, "samples", 20.0, NULL, NULL
  },
  {
    "cheb4",
    "slfilter vs audiocheblimit: 4-pole Chebyshev I low-pass, 8 channels F64 interleaved, 1024 samples per buffer",
    CHEB_SRC "slfilter kind=lowpass design=chebyshev1 order=4 ripple=0.25 cutoff=1000 ! fakesink",
    CHEB_SRC "audiocheblimit mode=low-pass poles=4 type=1 ripple=0.25 cutoff=1000 ! fakesink",
    CHEB_SRC "fakesink",
    CHEB_BUFFERS * 1024.0 * 8, "samples", 6.0, "plain C", cheb4_ceiling
  },
  { NULL }
};
/* *INDENT-ON* */
