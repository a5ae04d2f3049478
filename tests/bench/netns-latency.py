#!/usr/bin/python3
# gst-streamlab: the latency one link adds, between two network namespaces
# (veth pair, 10.215.0.0/24 inside the namespaces only), 8 channels F64,
# 1024-sample frames from a live source, over TCP and SRT, against the same
# slpay ! sldepay in one process. The figures are slmetrics': slpay stamps
# each frame with its wall-clock send time (send-time, CLOCK_REALTIME, which
# the namespaces share), the tracer in the receiving process reports the
# link latency of sldepay (inside slreceive) as now - send time, p50/p99 over
# the whole run, and its frame rate. Needs root and `ip netns`.
#
# usage: tests/bench/netns-latency.py BUILD_DIR [FRAMES]
#        (internal: --send URI FRAMES | --receive URI | --local FRAMES)
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

SRC = ('slsinesrc name=s is-live=true samplesperbuffer=1024 num-buffers=%d '
       'frequencies="<50.0,60.0,70.0,80.0,90.0,100.0,110.0,120.0>" '
       '! audio/x-raw,format=F64LE,channels=8')


def measure(pipe):
    """Runs @pipe under slmetrics; returns its sldepay's JSON record."""
    fd, path = tempfile.mkstemp(prefix='netns-latency-', suffix='.jsonl')
    os.close(fd)
    env = dict(os.environ,
               GST_TRACERS='slmetrics(json-file=%s,table=false)' % path)
    subprocess.run(['gst-launch-1.0', '-q'] + shlex.split(pipe), env=env,
                   check=True,
                   stdout=subprocess.DEVNULL)
    with open(path) as f:
        lines = f.read().splitlines()
    os.unlink(path)
    els = json.loads(lines[-1])['elements'] if lines else {}
    for e in els.values():
        if e['factory'] == 'sldepay':
            return e
    return None


def describe(e):
    if e is None or 'link_latency_us' not in e:
        return 'no frames with a send time'
    lat = e['link_latency_us']
    # (samples/s: tests/bench/netns-link.sh; a live source sets the rate
    # here, and sldepay's own frame count is the transport's buffers)
    return ('%d frames, link latency p50 %.3f ms, p99 %.3f ms, max %.3f ms '
            '(slmetrics)' % (e['link_latency_samples'], lat['p50'] / 1e3,
                             lat['p99'] / 1e3, lat['max'] / 1e3))


def main():
    if sys.argv[1] == '--send':
        subprocess.run(['gst-launch-1.0', '-q'] + shlex.split(
            SRC % int(sys.argv[3]) + ' ! slsend uri="%s"' % sys.argv[2]),
            check=True, stdout=subprocess.DEVNULL)
        return 0
    if sys.argv[1] == '--local':
        print(describe(measure(SRC % int(sys.argv[2]) + ' ! queue ! slpay ! '
                               'queue ! sldepay ! fakesink sync=false')))
        return 0
    if sys.argv[1] == '--receive':
        print(describe(measure('slreceive uri="%s" on-corrupt=resync ! '
                               'fakesink sync=false' % sys.argv[2])))
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
                                  ['--receive', ruri], env=env,
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
