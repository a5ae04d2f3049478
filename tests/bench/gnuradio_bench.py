#!/usr/bin/python3
# gst-streamlab against GNU Radio 3.10: the same scenarios, one run,
# alternating, medians, ratios.
#
#   /usr/bin/python3 tests/bench/gnuradio_bench.py [--runs N] [--build DIR] [SCENARIO...]
#
# (Debian: `apt-get install gnuradio python3-scipy python3-gst-1.0`.)
#
# Scenarios (8 channels, 48 kHz, a 440 Hz sine on every channel):
#   s1  sine source
#   s2  sine -> 4-pole Chebyshev I low-pass (ripple 0.25 dB, 1 kHz)
#   s4  s2 -> fanout to 4 sinks
#   s5  s2 at 64-sample frames
#   s4-threads  s4 with a queue after our source, so that source and filter
#       run on threads of their own as GNU Radio's blocks do (same work)
# gst-streamlab: 8 channels F64 interleaved in one stream, `slsinesrc !
# slfilter ! slfanout`, the pipelines of `slbench s2 s4 s5 sine-il`.
# GNU Radio: one chain per channel, `analog.sig_source_f -> blocks.head ->
# filter.iir_filter_ffd` (the same Chebyshev taps, from scipy.signal.cheby1,
# standard sign convention) `-> blocks.null_sink` (4 of them for s4), F32
# samples (GNU Radio has no F64 IIR); s5 limits every block to 64 items per
# call (`top_block.run (64)`), the nearest thing to 64-sample frames.
# Timing: ours from PLAYING to EOS (after preroll, as slbench), GNU Radio
# from start() to wait() returning. Both the wall-clock rate (what the
# issue's table compares) and the CPU time of the whole process (all
# threads) are reported: GNU Radio runs a thread per block, so on a loaded
# machine it takes a larger share of the CPUs; samples per CPU-second say
# how much work each needs.
import argparse
import os
import resource
import statistics
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument('--runs', type=int, default=5)
ap.add_argument('--build', default='build')
ap.add_argument('--scale', type=float, default=1.0,
                help='multiply the number of samples of every scenario')
ap.add_argument('scenarios', nargs='*')
a = ap.parse_args()

try:
    from gnuradio import gr, analog, blocks
    from gnuradio import filter as grfilter
except ImportError:
    sys.exit('gnuradio_bench: GNU Radio is not installed for %s '
             '(apt-get install gnuradio)' % sys.executable)
import scipy.signal

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = a.build if os.path.isabs(a.build) else os.path.join(root, a.build)
os.environ.setdefault('GST_PLUGIN_PATH_1_0', os.path.join(build, 'plugins'))

import gi  # noqa: E402
gi.require_version('Gst', '1.0')
from gi.repository import Gst  # noqa: E402
Gst.init(None)
if Gst.ElementFactory.find('slsinesrc') is None:
    sys.exit('gnuradio_bench: slsinesrc not found (build first, or --build DIR)')

CH = 8
RATE = 48000
FREQ = 440.0
B, A = scipy.signal.cheby1(4, 0.25, 1000, 'lowpass', fs=RATE)

IL_CAPS = 'audio/x-raw,format=F64LE,layout=interleaved,rate=48000,channels=8'
OUR_LP = 'slfilter kind=lowpass design=chebyshev1 order=4 ripple=0.25 cutoff=1000 ! '
OUR_FAN4 = ('slfanout name=f f.src_0 ! fakesink f.src_1 ! fakesink '
            'f.src_2 ! fakesink f.src_3 ! fakesink')

# name: (buffers, samples per buffer, filter?, sinks per chain)
SCENARIOS = {
    's1': (10000, 1024, False, 1),
    's2': (5000, 1024, True, 1),
    's4': (5000, 1024, True, 4),
    's5': (40000, 64, True, 1),
    's4-threads': (5000, 1024, True, 4),
}
WHAT = {
    's1': 'S1 sine',
    's2': 'S2 sine -> 4-pole low-pass',
    's4': 'S4 + fanout to 4',
    's5': 'S5 = S2 at 64-sample frames',
    's4-threads': 'S4, source | filter threads',
}


def our_line(name, buffers, spb):
    src = 'slsinesrc num-buffers=%d samplesperbuffer=%d ! %s ! ' % (buffers, spb, IL_CAPS)
    if name.endswith('-threads'):
        src += 'queue ! '
    _, _, filt, sinks = SCENARIOS[name]
    return src + (OUR_LP if filt else '') + (OUR_FAN4 if sinks > 1 else 'fakesink')


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_ours(line):
    p = Gst.parse_launch(line)
    bus = p.get_bus()
    p.set_state(Gst.State.PAUSED)
    p.get_state(Gst.CLOCK_TIME_NONE)
    t, c = time.perf_counter(), cpu()
    p.set_state(Gst.State.PLAYING)
    msg = bus.timed_pop_filtered(Gst.CLOCK_TIME_NONE,
                                 Gst.MessageType.EOS | Gst.MessageType.ERROR)
    dt, dc = time.perf_counter() - t, cpu() - c
    p.set_state(Gst.State.NULL)
    if msg.type == Gst.MessageType.ERROR:
        sys.exit('gnuradio_bench: %s: %s' % (line, msg.parse_error()[0].message))
    return dt, dc


def gr_flowgraph(name, samples):
    _, _, filt, sinks = SCENARIOS[name]
    tb = gr.top_block()
    for _ in range(CH):
        src = analog.sig_source_f(RATE, analog.GR_SIN_WAVE, FREQ, 1.0, 0.0)
        head = blocks.head(gr.sizeof_float, samples)
        tb.connect(src, head)
        last = head
        if filt:
            iir = grfilter.iir_filter_ffd(list(B), list(A), False)
            tb.connect(head, iir)
            last = iir
        for _ in range(sinks):
            tb.connect(last, blocks.null_sink(gr.sizeof_float))
    return tb


def run_gr(name, samples, max_items):
    tb = gr_flowgraph(name, samples)
    t, c = time.perf_counter(), cpu()
    if max_items:
        tb.start(max_items)
    else:
        tb.start()
    tb.wait()
    return time.perf_counter() - t, cpu() - c


names = a.scenarios or list(SCENARIOS)
print('8 channels, %d Hz; gst-streamlab F64 interleaved, GNU Radio %s F32, '
      'one chain per channel; medians of %d runs' % (RATE, gr.version(), a.runs))
print('%-30s %14s %14s %8s   %s' % ('scenario', 'GNU Radio', 'gst-streamlab', 'ratio',
                                   'per CPU-second: GNU Radio, gst-streamlab, ratio'))
for name in names:
    if name not in SCENARIOS:
        sys.exit('gnuradio_bench: unknown scenario %s (%s)' % (name, ', '.join(SCENARIOS)))
    buffers, spb, _, _ = SCENARIOS[name]
    buffers = max(1, int(buffers * a.scale))
    samples = buffers * spb
    line = our_line(name, buffers, spb)
    max_items = spb if spb < 1024 else 0
    run_ours(line), run_gr(name, samples, max_items)  # warm up
    to, tg, co, cg = [], [], [], []
    for _ in range(a.runs):
        w, c = run_ours(line)
        to.append(w)
        co.append(c)
        w, c = run_gr(name, samples, max_items)
        tg.append(w)
        cg.append(c)
    total = samples * CH
    so, sg = total / statistics.median(to), total / statistics.median(tg)
    cso, csg = total / statistics.median(co), total / statistics.median(cg)
    print('%-30s %10.0f M/s %10.0f M/s %7.2fx   %6.0f M %6.0f M %6.2fx' % (
        WHAT[name], sg / 1e6, so / 1e6, so / sg, csg / 1e6, cso / 1e6, cso / csg))
    sys.stdout.flush()
