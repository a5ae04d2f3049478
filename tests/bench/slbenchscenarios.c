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

#define SINE_BUFFERS 4000
#define SINE_CAPS "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=8"

/* slfft vs spectrum: the same 1024-point FFT per channel (spectrum's
 * bands=513 gives nfft = 2 * 513 - 2 = 1024), one spectrum per 1024 samples
 * (interval = 1024 / 48000 s, rounded up to the ns), on the same source. */
#define FFT_BUFFERS 3000
#define FFT_SRC "audiotestsrc wave=sine num-buffers=" G_STRINGIFY (FFT_BUFFERS) \
    " samplesperbuffer=1024 ! audio/x-raw,format=F64LE,layout=interleaved,rate=48000,channels=2"

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
    "fft",
    "slfft vs spectrum: 1024-point Hann FFT per channel, 2 channels F64 interleaved, one spectrum per 1024 samples",
    FFT_SRC " ! slfft size=1024 window=hann ! fakesink",
    FFT_SRC " ! spectrum bands=513 interval=21333334 multi-channel=true ! fakesink",
    FFT_SRC " ! fakesink",
    FFT_BUFFERS * 1024.0 * 2, "samples", 1.0, NULL, NULL
  },
  {
    "fft-compute",
    "slfft vs spectrum post-messages=false (FFT work only, spectrum runs its F32 FFT and delivers nothing)",
    FFT_SRC " ! slfft size=1024 window=hann ! fakesink",
    FFT_SRC " ! spectrum bands=513 interval=21333334 multi-channel=true post-messages=false ! fakesink",
    FFT_SRC " ! fakesink",
    FFT_BUFFERS * 1024.0 * 2, "samples", 1.0, NULL, NULL
  },
  { NULL }
};
/* *INDENT-ON* */
