#!/usr/bin/python3
# gst-streamlab: the latency one link adds, between two network namespaces
# (veth pair, 10.215.0.0/24 inside the namespaces only), 8 channels F64,
# 1024-sample frames from a live source, over TCP and SRT, against the same
# slpay ! sldepay in one process. The namespaces share the kernel's
# monotonic clock (GStreamer's system clock): the sender puts its pipeline's
# base time in the frames' metadata, the receiver takes
# now - (base time + PTS) per frame. Needs root and `ip netns`.
#
# usage: tests/bench/netns-latency.py BUILD_DIR [FRAMES]
#        (internal: --send URI FRAMES | --receive URI FRAMES | --local FRAMES)
import os
import subprocess
import sys
import time

import gi
gi.require_version('Gst', '1.0')
from gi.repository import Gst  # noqa: E402

SRC = ('slsinesrc name=s is-live=true samplesperbuffer=1024 num-buffers=%d '
       'frequencies="<50.0,60.0,70.0,80.0,90.0,100.0,110.0,120.0>"')


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p / 100))]


def measure(pipe, frames, set_base):
    """Runs @pipe (its appsink named k, or none); returns latencies in ms."""
    lat = []
    p = Gst.parse_launch(pipe)
    sink = p.get_by_name('k')
    src = p.get_by_name('s')
    p.set_state(Gst.State.PLAYING)
    if src is not None and set_base:
        p.get_state(Gst.CLOCK_TIME_NONE)
        src.set_property('metadata', Gst.Structure.from_string(
            'm,base=(string)%d' % p.get_base_time())[0])
    while sink is not None:
        s = sink.emit('pull-sample')
        if s is None:
            break
        now = Gst.SystemClock.obtain().get_time()
        b = s.get_buffer()
        m = b.get_custom_meta('SlDataFrameMeta')
        # the meta's structure stays referenced while its field is read
        st = m.get_structure() if m else None
        md = st.get_value('metadata') if st else None
        base = md.get_string('base') if md else None
        if base:
            lat.append((now - (int(base) + b.pts)) / 1e6)
    if sink is None:
        p.get_bus().timed_pop_filtered(Gst.CLOCK_TIME_NONE,
                                       Gst.MessageType.EOS |
                                       Gst.MessageType.ERROR)
    p.set_state(Gst.State.NULL)
    return lat


def main():
    Gst.init(None)
    if sys.argv[1] == '--send':
        measure(SRC % int(sys.argv[3]) + ' ! slsend uri="%s"' % sys.argv[2],
                0, True)
        return 0
    if sys.argv[1] in ('--receive', '--local'):
        if sys.argv[1] == '--local':
            pipe = (SRC % int(sys.argv[2]) + ' ! queue ! slpay ! queue ! '
                    'sldepay ! appsink name=k sync=false')
        else:
            pipe = ('slreceive uri="%s" on-corrupt=resync ! appsink name=k '
                    'sync=false' % sys.argv[2])
        lat = measure(pipe, 0, sys.argv[1] == '--local')
        lat = lat[len(lat) // 10:]          # after the start
        print('%d frames, p50 %.2f ms, p99 %.2f ms' %
              (len(lat), pct(lat, 50), pct(lat, 99)) if lat else 'no frames')
        return 0
    build, frames = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 300
    env = dict(os.environ, GST_PLUGIN_PATH=os.path.join(build, 'plugins'))
    tag = 'sll%d' % (os.getpid() % 10000)
    a, b = tag + 'a', tag + 'b'
    if os.geteuid() != 0 or subprocess.run(['ip', 'netns', 'add', a]).returncode:
        print('SKIP: needs root and ip netns')
        return 77
    try:
        sh = lambda *x: subprocess.run(x, check=True)  # noqa: E731
        sh('ip', 'netns', 'add', b)
        sh('ip', '-n', a, 'link', 'add', tag + 'x', 'type', 'veth', 'peer',
           'name', tag + 'y', 'netns', b)
        sh('ip', '-n', a, 'addr', 'add', '10.215.0.1/24', 'dev', tag + 'x')
        sh('ip', '-n', b, 'addr', 'add', '10.215.0.2/24', 'dev', tag + 'y')
        for n, d in ((a, tag + 'x'), (b, tag + 'y')):
            sh('ip', '-n', n, 'link', 'set', 'lo', 'up')
            sh('ip', '-n', n, 'link', 'set', d, 'up')
        me = [sys.executable, os.path.abspath(__file__)]
        r = subprocess.run(me + ['--local', str(frames)], env=env,
                           capture_output=True, text=True)
        print('one process, slpay ! sldepay: ' + r.stdout.strip())
        port = 9500 + os.getpid() % 400
        for name, ruri, suri in (
                ('tcp', 'tcp://10.215.0.2:%d' % port,
                 'tcp://10.215.0.2:%d' % port),
                ('srt (latency 120 ms)',
                 'srt://10.215.0.2:%d?mode=listener&latency=120' % (port + 1),
                 'srt://10.215.0.2:%d?latency=120' % (port + 1))):
            rp = subprocess.Popen(['ip', 'netns', 'exec', b] + me +
                                  ['--receive', ruri, str(frames)], env=env,
                                  stdout=subprocess.PIPE, text=True)
            time.sleep(0.5)
            subprocess.run(['ip', 'netns', 'exec', a] + me +
                           ['--send', suri, str(frames)], env=env)
            out, _ = rp.communicate(timeout=60)
            print('%s between namespaces: %s' % (name, out.strip()))
    finally:
        subprocess.run(['ip', 'netns', 'del', a], stderr=subprocess.DEVNULL)
        subprocess.run(['ip', 'netns', 'del', b], stderr=subprocess.DEVNULL)
    return 0


if __name__ == '__main__':
    sys.exit(main())
