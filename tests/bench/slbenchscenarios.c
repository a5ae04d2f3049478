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
#define FANOUT_BUFFERS 20000
#define FANOUT_SRC "slsinesrc samplesperbuffer=64 num-buffers=" G_STRINGIFY (FANOUT_BUFFERS)
#define SINE_CAPS "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=8"

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
    "fanout",
    "slfanout vs tee + queue: 64-sample frames to 4 branches, time added over the source alone",
    FANOUT_SRC " ! slfanout name=f f.src_0 ! fakesink f.src_1 ! fakesink f.src_2 ! fakesink f.src_3 ! fakesink",
    FANOUT_SRC " ! tee name=t t. ! queue ! fakesink t. ! queue ! fakesink t. ! queue ! fakesink t. ! queue ! fakesink",
    FANOUT_SRC " ! fakesink",
    FANOUT_BUFFERS * 64.0, "samples", 1.5, NULL, NULL
  },
  { NULL }
};
/* *INDENT-ON* */
