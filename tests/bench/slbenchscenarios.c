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
#define RESILIENT_BUFFERS 100000
#define RESILIENT_SRC "slsinesrc num-buffers=" G_STRINGIFY (RESILIENT_BUFFERS) \
    " samplesperbuffer=64 ! audio/x-raw,channels=1 ! "

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
    "resilient",
    "slresilient around identity vs bare identity: 64-sample frames; time each adds over slsinesrc ! fakesink",
    RESILIENT_SRC "slresilient.( error-policy=skip-frame identity ) ! fakesink",
    RESILIENT_SRC "identity ! fakesink",
    RESILIENT_SRC "fakesink",
    RESILIENT_BUFFERS, "frames", 0.95, NULL, NULL
  },
  {
    /* the floor for any bin: a plain GstBin with ghost pads around the same
     * child costs two extra pad hops per frame */
    "resilient-bin",
    "slresilient around identity vs a plain bin around identity: 64-sample frames; time each adds over slsinesrc ! fakesink",
    RESILIENT_SRC "slresilient.( error-policy=skip-frame identity ) ! fakesink",
    RESILIENT_SRC "bin.( identity ) ! fakesink",
    RESILIENT_SRC "fakesink",
    RESILIENT_BUFFERS, "frames", 0.95, NULL, NULL
  },
  { NULL }
};
/* *INDENT-ON* */
