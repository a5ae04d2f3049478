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
#define FANOUT_BUFFERS 20000
#define FANOUT_SRC \
  "slsinesrc samplesperbuffer=64 num-buffers=" G_STRINGIFY (FANOUT_BUFFERS)
#define SINE_CAPS \
  "audio/x-raw,format=F64LE,layout=non-interleaved,rate=48000,channels=8"
#define RESILIENT_BUFFERS 100000
#define RESILIENT_SRC \
  "slsinesrc num-buffers=" G_STRINGIFY ( \
      RESILIENT_BUFFERS) " samplesperbuffer=64 ! audio/x-raw,channels=1 ! "

/* slfft vs spectrum: the same 1024-point FFT per channel (spectrum's
 * bands=513 gives nfft = 2 * 513 - 2 = 1024), one spectrum per 1024 samples
 * (interval = 1024 / 48000 s, rounded up to the ns), on the same source. */
#define FFT_BUFFERS 3000
#define FFT_SRC \
  "audiotestsrc wave=sine num-buffers=" G_STRINGIFY ( \
      FFT_BUFFERS) " samplesperbuffer=1024 ! " \
                   "audio/" \
                   "x-raw,format=F64LE,layout=interleaved,rate=48000," \
                   "channels=2"
#define CHEB_BUFFERS 10000
#define CHEB_SRC \
  "slsinesrc num-buffers=" G_STRINGIFY ( \
      CHEB_BUFFERS) " samplesperbuffer=1024 ! " \
                    "audio/" \
                    "x-raw,format=F64LE,layout=interleaved,rate=48000," \
                    "channels=8 ! "

/* DataFrames as bytes: 8 channels F64 non-interleaved, 1024-sample frames
 * (64 KiB of samples each). */
#define FRAMES_BUFFERS 20000
#define FRAMES_SRC \
  "slsinesrc num-buffers=" G_STRINGIFY (FRAMES_BUFFERS) " samplesperbuffer=" \
                                                        "1024 ! " SINE_CAPS \
                                                        " ! queue ! "
#define FRAMES_BYTES (FRAMES_BUFFERS * 1024.0 * 8 * 8)
#define TCP_BUFFERS 4000
#define TCP_SRC \
  "slsinesrc num-buffers=" G_STRINGIFY (TCP_BUFFERS) " samplesperbuffer=1024 " \
                                                     "! " SINE_CAPS " ! "
#define L24_CAPS \
  "application/x-rtp-stream,media=audio,clock-rate=48000," \
  "encoding-name=L24,channels=8,payload=96"
/* The pipelines of the issue's whole-pipeline table (and of
 * gnuradio_bench.py): 8 channels F64 interleaved, the layout stock elements
 * negotiate; S1 the source, S2 + the same 4-pole Chebyshev I low-pass as
 * `cheb4`, S4 + a fanout to 4 sinks, S5 = S2 at 64-sample frames. */
#define IL_CAPS \
  "audio/x-raw,format=F64LE,layout=interleaved,rate=48000,channels=8"
#define S1_BUFFERS 10000
#define S2_BUFFERS 5000
#define S5_BUFFERS 40000
#define OUR_SRC(n, spb) \
  "slsinesrc num-buffers=" G_STRINGIFY (n) " samplesperbuffer=" G_STRINGIFY ( \
      spb) " ! " IL_CAPS " ! "
#define STOCK_SRC(n, spb) \
  "audiotestsrc wave=sine num-buffers=" G_STRINGIFY ( \
      n) " samplesperbuffer=" G_STRINGIFY (spb) " ! " IL_CAPS " ! "
#define OUR_LP \
  "slfilter kind=lowpass design=chebyshev1 order=4 ripple=0.25 cutoff=1000 ! "
#define STOCK_LP \
  "audiocheblimit mode=low-pass poles=4 type=1 ripple=0.25 cutoff=1000 ! "
#define OUR_FAN4 \
  "slfanout name=f f.src_0 ! fakesink f.src_1 ! fakesink f.src_2 ! fakesink " \
  "f.src_3 ! fakesink"
#define STOCK_FAN4 \
  "tee name=t t. ! queue ! fakesink t. ! queue ! fakesink t. ! queue ! " \
  "fakesink t. ! queue ! fakesink"
#define MODES_BUFFERS 80000
#define MODES_SRC \
  "slsinesrc samplesperbuffer=64 num-buffers=" G_STRINGIFY (MODES_BUFFERS)
#define FAN4_COUNT \
  "count.src_0 ! fakesink count.src_1 ! fakesink count.src_2 ! fakesink " \
  "count.src_3 ! fakesink"
#define TEE4_COUNT \
  "count. ! queue ! fakesink count. ! queue ! fakesink count. ! queue ! " \
  "fakesink count. ! queue ! fakesink"
/* Parallel workers: a CPU-heavy node (a 129-tap FIR on 8 channels) once,
 * and as two workers fed in turn by slfanout and merged back in order by
 * slmerge. On 2 idle cores the two workers take about half the time. */
#define WORKER_BUFFERS 1500
#define WORKER_SRC \
  "slsinesrc num-buffers=" G_STRINGIFY (WORKER_BUFFERS) " samplesperbuffer=" \
                                                        "1024 ! " SINE_CAPS \
                                                        " ! "
#define TAPS8 \
  "0.0078125, 0.0078125, 0.0078125, 0.0078125, 0.0078125, 0.0078125, " \
  "0.0078125, 0.0078125, "
#define TAPS64 TAPS8 TAPS8 TAPS8 TAPS8 TAPS8 TAPS8 TAPS8 TAPS8
#define LONG_FIR "slfilter kind=fir taps=\"<" TAPS64 TAPS64 "0.0078125>\""

static gdouble
cheb4_ceiling (const SlBenchScenario *s)
{
  return sl_bench_ceiling_cheb4_f64_8ch (CHEB_BUFFERS);
}

/* clang-format off */
const SlBenchScenario sl_bench_scenarios[] = {
  {
    "sine",
    "slsinesrc vs audiotestsrc wave=sine: 8 channels F64 non-interleaved, 1024 samples per buffer",
    "slsinesrc num-buffers=" G_STRINGIFY (SINE_BUFFERS) " samplesperbuffer=1024 ! " SINE_CAPS " ! fakesink",
    "audiotestsrc wave=sine num-buffers=" G_STRINGIFY (SINE_BUFFERS) " samplesperbuffer=1024 ! " SINE_CAPS " ! fakesink",
    NULL,
    SINE_BUFFERS * 1024.0 * 8, "samples", 30.0, NULL, NULL
  },
  {
    "sine-il",
    "S1: slsinesrc vs audiotestsrc wave=sine: 8 channels F64 interleaved, 1024 samples per buffer",
    OUR_SRC (S1_BUFFERS, 1024) "fakesink",
    STOCK_SRC (S1_BUFFERS, 1024) "fakesink",
    NULL,
    S1_BUFFERS * 1024.0 * 8, "samples", 20.0, NULL, NULL
  },
  {
    "s2",
    "S2: sine -> 4-pole Chebyshev I low-pass, whole pipeline, 8 channels F64 interleaved, 1024 samples per buffer",
    OUR_SRC (S2_BUFFERS, 1024) OUR_LP "fakesink",
    STOCK_SRC (S2_BUFFERS, 1024) STOCK_LP "fakesink",
    NULL,
    S2_BUFFERS * 1024.0 * 8, "samples", 0.0, NULL, NULL
  },
  {
    "s4",
    "S4: sine -> low-pass -> fanout to 4 sinks (tee + 4 queues for stock), whole pipeline, 8 channels F64 interleaved, 1024 samples per buffer",
    OUR_SRC (S2_BUFFERS, 1024) OUR_LP OUR_FAN4,
    STOCK_SRC (S2_BUFFERS, 1024) STOCK_LP STOCK_FAN4,
    NULL,
    S2_BUFFERS * 1024.0 * 8, "samples", 0.0, NULL, NULL
  },
  {
    /* GNU Radio's layout: a thread per block; here the source and the
     * filter run on threads of their own (a queue between them), the sinks
     * on the fanout's (or the queues') threads */
    "s4-threads",
    "S4 with a queue after the source (source and filter on two threads, as GNU Radio runs a thread per block), whole pipeline",
    OUR_SRC (S2_BUFFERS, 1024) "queue ! " OUR_LP OUR_FAN4,
    STOCK_SRC (S2_BUFFERS, 1024) "queue ! " STOCK_LP STOCK_FAN4,
    NULL,
    S2_BUFFERS * 1024.0 * 8, "samples", 0.0, NULL, NULL
  },
  {
    "s5",
    "S5: S2 at 64 samples per buffer, whole pipeline, 8 channels F64 interleaved",
    OUR_SRC (S5_BUFFERS, 64) OUR_LP "fakesink",
    STOCK_SRC (S5_BUFFERS, 64) STOCK_LP "fakesink",
    NULL,
    S5_BUFFERS * 64.0 * 8, "samples", 0.0, NULL, NULL
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
  {
    "cheb4",
    "slfilter vs audiocheblimit: 4-pole Chebyshev I low-pass, 8 channels F64 interleaved, 1024 samples per buffer",
    CHEB_SRC "slfilter kind=lowpass design=chebyshev1 order=4 ripple=0.25 cutoff=1000 ! fakesink",
    CHEB_SRC "audiocheblimit mode=low-pass poles=4 type=1 ripple=0.25 cutoff=1000 ! fakesink",
    CHEB_SRC "fakesink",
    CHEB_BUFFERS * 1024.0 * 8, "samples", 6.0, "plain C", cheb4_ceiling
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
  {
    "fanout",
    "slfanout vs tee + queue: 64-sample frames to 4 branches, time added over the source alone",
    FANOUT_SRC " ! slfanout name=f f.src_0 ! fakesink f.src_1 ! fakesink f.src_2 ! fakesink f.src_3 ! fakesink",
    FANOUT_SRC " ! tee name=t t. ! queue ! fakesink t. ! queue ! fakesink t. ! queue ! fakesink t. ! queue ! fakesink",
    FANOUT_SRC " ! fakesink",
    FANOUT_BUFFERS * 64.0, "samples", 1.5, NULL, NULL
  },
  {
    /* time each pair adds over the same queue without them; ratio against
     * the stock buffer serialiser (which carries no DataFrame meta) */
    "pay-depay",
    "slpay ! sldepay vs gdppay ! gdpdepay: 8 channels F64 1024-sample frames through a queue, time added over the pipeline without them (unit: bytes of samples)",
    FRAMES_SRC "slpay ! sldepay ! fakesink",
    FRAMES_SRC "gdppay ! gdpdepay ! fakesink",
    FRAMES_SRC "fakesink",
    FRAMES_BYTES, "bytes", 1.0, NULL, NULL
  },
  {
    /* receiver && sender: two pipelines over TCP on the loopback */
    "tcp",
    "slpay/sldepay vs rtpL24pay ! rtpstreampay (and back) over TCP on the loopback: 8 channels F64 1024-sample frames, time added over the source alone",
    "tcpserversrc host=127.0.0.1 port=@PORT@ ! sldepay ! fakesink sync=false && "
        TCP_SRC "slpay ! tcpclientsink sync=false host=127.0.0.1 port=@PORT@",
    "tcpserversrc host=127.0.0.1 port=@PORT@ ! " L24_CAPS " ! rtpstreamdepay ! rtpL24depay ! fakesink sync=false && "
        TCP_SRC "audioconvert ! audio/x-raw,format=S24BE,layout=interleaved ! rtpL24pay ! rtpstreampay ! tcpclientsink sync=false host=127.0.0.1 port=@PORT@",
    TCP_SRC "fakesink",
    TCP_BUFFERS * 1024.0 * 8, "samples", 3.0, NULL, NULL
  },
  {
    /* steady state of the re-framing path: slbench --allocs framer */
    "framer",
    "slframer 1000-sample frames to 1024 vs audiobuffersplit: 8 channels F64 interleaved",
    "slsinesrc num-buffers=" G_STRINGIFY (SINE_BUFFERS) " samplesperbuffer=1000 ! audio/x-raw,format=F64LE,layout=interleaved,rate=48000,channels=8 ! slframer samplesperbuffer=1024 ! fakesink",
    "slsinesrc num-buffers=" G_STRINGIFY (SINE_BUFFERS) " samplesperbuffer=1000 ! audio/x-raw,format=F64LE,layout=interleaved,rate=48000,channels=8 ! audiobuffersplit output-buffer-duration=1024/48000 ! fakesink",
    "slsinesrc num-buffers=" G_STRINGIFY (SINE_BUFFERS) " samplesperbuffer=1000 ! audio/x-raw,format=F64LE,layout=interleaved,rate=48000,channels=8 ! fakesink",
    SINE_BUFFERS * 1000.0 * 8, "samples", 1.0, NULL, NULL
  },
  {
    /* the same work; with the caps after the filter the source feeds
     * slfilter directly, so frames travel in buffer lists (frames-per-push
     * automatic) */
    "s5-lists",
    "S5 with the caps after slfilter, so that frames go from slsinesrc to slfilter in buffer lists",
    "slsinesrc num-buffers=" G_STRINGIFY (S5_BUFFERS) " samplesperbuffer=64 ! " OUR_LP IL_CAPS " ! fakesink",
    STOCK_SRC (S5_BUFFERS, 64) STOCK_LP "fakesink",
    NULL,
    S5_BUFFERS * 64.0 * 8, "samples", 0.0, NULL, NULL
  },
  {
    "workers",
    "two workers (slfanout mode=round-robin ! 129-tap FIR x2 ! slmerge, order kept) vs the same FIR once: 8 channels F64, 1024 samples per buffer",
    WORKER_SRC "slfanout name=f mode=round-robin capacity=4 f.src_0 ! " LONG_FIR " ! m.sink_0 f.src_1 ! " LONG_FIR " ! m.sink_1 slmerge name=m ! fakesink",
    WORKER_SRC LONG_FIR " ! fakesink",
    NULL,
    WORKER_BUFFERS * 1024.0 * 8, "samples", 1.8, NULL, NULL
  },
  {
    /* the modes that send each frame to one branch, and the resize policy,
     * whole pipelines (the source pushes buffer lists to slfanout, single
     * buffers to a fakesink: the source alone is no floor); `count` names
     * the element whose input frames --allocs counts */
    "fanout-rr",
    "slfanout mode=round-robin vs tee + queue (broadcast): 64-sample frames to 4 branches, whole pipeline",
    MODES_SRC " ! slfanout name=count mode=round-robin " FAN4_COUNT,
    MODES_SRC " ! tee name=count " TEE4_COUNT,
    NULL,
    MODES_BUFFERS * 64.0, "samples", 1.0, NULL, NULL
  },
  {
    "fanout-priority",
    "slfanout mode=priority vs tee + queue (broadcast): 64-sample frames to 4 branches, whole pipeline",
    MODES_SRC " ! slfanout name=count mode=priority " FAN4_COUNT,
    MODES_SRC " ! tee name=count " TEE4_COUNT,
    NULL,
    MODES_BUFFERS * 64.0, "samples", 1.0, NULL, NULL
  },
  {
    "fanout-random",
    "slfanout mode=random vs tee + queue (broadcast): 64-sample frames to 4 branches, whole pipeline",
    MODES_SRC " ! slfanout name=count mode=random " FAN4_COUNT,
    MODES_SRC " ! tee name=count " TEE4_COUNT,
    NULL,
    MODES_BUFFERS * 64.0, "samples", 1.0, NULL, NULL
  },
  {
    "fanout-resize",
    "slfanout policy=resize (broadcast, queues of 4 growing to 64) vs tee + queue: 64-sample frames to 4 branches, whole pipeline",
    MODES_SRC " ! slfanout name=count policy=resize capacity=4 " FAN4_COUNT,
    MODES_SRC " ! tee name=count " TEE4_COUNT,
    NULL,
    MODES_BUFFERS * 64.0, "samples", 1.0, NULL, NULL
  },
  {
    /* the same round-robin fanout in front; funnel merges without
     * re-sequencing (the nearest stock element) */
    "merge",
    "slmerge vs funnel: 2 branches of slfanout mode=round-robin merged back (slmerge in seq order), 64-sample frames, whole pipeline",
    FANOUT_SRC " ! slfanout name=f mode=round-robin f.src_0 ! m.sink_0 f.src_1 ! m.sink_1 slmerge name=m ! fakesink",
    FANOUT_SRC " ! slfanout name=f mode=round-robin f.src_0 ! m.sink_0 f.src_1 ! m.sink_1 funnel name=m ! fakesink",
    NULL,
    FANOUT_BUFFERS * 64.0, "samples", 1.0, NULL, NULL
  },
  {
    "window",
    "slwindow statistics=rms+peak vs level: RMS and peak per channel every 1024 samples, 8 channels F64 interleaved",
    CHEB_SRC "slwindow length=1024 statistics=rms+peak ! fakesink",
    CHEB_SRC "level interval=21333333 post-messages=true ! fakesink",
    CHEB_SRC "fakesink",
    CHEB_BUFFERS * 1024.0 * 8, "samples", 1.0, NULL, NULL
  },
  {
    "decimate",
    "sldecimate factor=4 (81-tap FIR, scipy's) vs audioresample 48 -> 12 kHz: 8 channels F64 interleaved, 1024 samples per buffer",
    CHEB_SRC "sldecimate factor=4 ! fakesink",
    CHEB_SRC "audioresample ! audio/x-raw,rate=12000 ! fakesink",
    CHEB_SRC "fakesink",
    CHEB_BUFFERS * 1024.0 * 8, "samples", 1.0, NULL, NULL
  },
  {
    /* no stock element checks samples: identity (which only passes the
     * frames on) gives the floor, the ratio is what the checks cost */
    "validate",
    "slvalidate (finite, range, rate of change on every sample) vs identity: 8 channels F64 interleaved, 1024 samples per buffer; time each adds",
    CHEB_SRC "slvalidate min=\"<-2.0>\" max=\"<2.0>\" max-change=\"<1.0>\" ! fakesink",
    CHEB_SRC "identity ! fakesink",
    CHEB_SRC "fakesink",
    CHEB_BUFFERS * 1024.0 * 8, "samples", 0.0, NULL, NULL
  },
  {
    "alert",
    "slalert above=2 below=-2 (every sample) vs identity: 8 channels F64 interleaved, 1024 samples per buffer; time each adds",
    CHEB_SRC "slalert above=2 below=-2 ! fakesink",
    CHEB_SRC "identity ! fakesink",
    CHEB_SRC "fakesink",
    CHEB_BUFFERS * 1024.0 * 8, "samples", 0.0, NULL, NULL
  },
  { NULL }
};
/* clang-format on */
