#!/usr/bin/python3
# gst-streamlab: an SRT link on the loopback whose parts start in any order
# and come and go (issue 11): a receiver started seconds after its sender
# gets every frame; a receiver killed and started again gets frames again,
# up to the last, and the sender counts the reconnection; a sender killed
# and started again is taken by the receiver that kept listening.
#
# The sleeps set the order of events (who starts, who dies when); they are
# not waits for a result.
#
# usage: test_srt_reconnect.py STREAMLAB

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

STREAMLAB = sys.argv[1]
FRAMES = 400
failures = []


def check(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what, flush=True)
    if not cond:
        failures.append(what)


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def write_description(tmp, name, frames=FRAMES):
    port = free_udp_port()
    d = {
        'hosts': {'a': '127.0.0.1:%d' % free_udp_port(),
                  'b': '127.0.0.1:%d' % port},
        'nodes': [
            {'id': 'src', 'type': 'slsinesrc', 'host': 'a',
             'config': {'num-buffers': frames, 'is-live': True,
                        'samplesperbuffer': 480, 'frequencies': [50.0]}},
            {'id': 'out', 'type': 'slprint', 'host': 'b',
             'config': {'max-samples': 1}},
        ],
        'connections': [{'from': 'src', 'to': 'out', 'latency': 120,
                         'policy': 'block', 'capacity': 50}],
    }
    path = os.path.join(tmp, name + '.json')
    with open(path, 'w') as f:
        json.dump(d, f)
    return path


def part(host, path):
    return subprocess.Popen([STREAMLAB, 'run', '-q', '--allow-any', '--events',
                             '--host', host, path], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(p, timeout=40):
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    return p.returncode, out, err


def seqs(out):
    return [int(l.split()[1][4:]) for l in out.splitlines()
            if l.startswith('out seq=')]


def event(out, end):
    for l in out.splitlines():
        if l.startswith('{'):
            e = json.loads(l)
            if e.get('event') == 'link' and e.get('end') == end:
                return e
    return {}


def kill(p):
    p.send_signal(signal.SIGKILL)
    p.communicate()


def main():
    tmp = tempfile.mkdtemp(prefix='sl-srt-')
    os.environ['GST_REGISTRY'] = os.path.join(tmp, 'registry.bin')
    subprocess.run([STREAMLAB, 'inspect'], capture_output=True)
    if subprocess.run([STREAMLAB, 'inspect', 'srtsrc'],
                      capture_output=True).returncode != 0:
        print('SKIP: no srtsrc/srtsink (gstreamer1.0-plugins-bad)')
        return 77

    print('# the sender first, the receiver 3 s later', flush=True)
    path = write_description(tmp, 'late')
    snd = part('a', path)
    time.sleep(3)
    rc, out, err = finish(part('b', path))
    src = finish(snd)
    check(rc == 0 and src[0] == 0, 'both parts ended (%s %s)'
          % (err.strip()[-200:], src[2].strip()[-200:]))
    check(seqs(out) == list(range(FRAMES)),
          'every frame from seq 0 (%d)' % len(seqs(out)))

    # SRT notices a silent peer after about 5 s (16 timer periods of at
    # least 300 ms): a stream long enough to see it
    print('# the receiver killed and started again', flush=True)
    long = 1000
    path = write_description(tmp, 'recv', long)
    snd = part('a', path)
    rcv = part('b', path)
    time.sleep(1.5)
    kill(rcv)
    time.sleep(0.5)
    rc, out, err = finish(part('b', path))
    src = finish(snd)
    got = seqs(out)
    check(rc == 0 and src[0] == 0, 'both parts ended (%s %s)'
          % (err.strip()[-200:], src[2].strip()[-200:]))
    check(len(got) > 0 and got[-1] == long - 1 and
          got == list(range(got[0], long)),
          'the new receiver: contiguous frames up to the last (%s..%s)'
          % (got[0] if got else None, got[-1] if got else None))
    ev = event(src[1], 'sender')
    check(ev.get('reconnects', 0) >= 1, 'the sender reconnected (%s)' % ev)

    print('# the sender killed and started again', flush=True)
    path = write_description(tmp, 'send')
    rcv = part('b', path)
    snd = part('a', path)
    time.sleep(1.5)
    kill(snd)
    time.sleep(0.5)
    src = finish(part('a', path))
    rc, out, err = finish(rcv)
    got = seqs(out)
    check(rc == 0 and src[0] == 0, 'both parts ended (%s %s)'
          % (err.strip()[-200:], src[2].strip()[-200:]))
    restart = max((i for i, s in enumerate(got) if s == 0), default=-1)
    check(restart > 0 and got[restart:] == list(range(FRAMES)),
          'the receiver kept listening: every frame of the new sender '
          '(%d of %d)' % (len(got) - restart, FRAMES))
    ev = event(out, 'receiver')
    check(ev.get('reconnects', 0) >= 1, 'the receiver counted the new '
          'sender (%s)' % ev)

    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
