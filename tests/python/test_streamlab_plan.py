#!/usr/bin/python3
# gst-streamlab: `streamlab plan` and `streamlab run --host` on the loopback
# (no root needed; the network namespaces test is the netns suite).
#
# usage: test_streamlab_plan.py STREAMLAB

import json
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time

STREAMLAB = sys.argv[1]
failures = []


def check(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what, flush=True)
    if not cond:
        failures.append(what)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=60,
                          **kw)


def free_port():
    """A port nobody listens on now (tests running in parallel must not
    meet on a port derived from their PID)."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


port_a, port_b = free_port(), free_port()
desc = {
    'hosts': {'a': '127.0.0.1:%d' % port_a, 'b': '127.0.0.1:%d' % port_b},
    'nodes': [
        {'id': 'src', 'type': 'slsinesrc', 'host': 'a',
         'config': {'num-buffers': 40, 'samplesperbuffer': 256,
                    'frequencies': [100.0, 250.0], 'metadata': 'm,k=v'}},
        {'id': 'out', 'type': 'slprint', 'host': 'b',
         'config': {'max-samples': 3}},
    ],
    'connections': [{'from': 'src', 'to': 'out', 'transport': 'tcp',
                     'policy': 'block', 'capacity': 8}],
}
tmp = tempfile.mkdtemp(prefix='sl-plan-')
path = os.path.join(tmp, 'two.json')
with open(path, 'w') as f:
    json.dump(desc, f)

p = run([STREAMLAB, 'plan', path])
check(p.returncode == 0, 'plan: exit 0 (%s)' % p.stderr.strip())
check(p.stdout.count('gst-launch-1.0 ') == 2, 'plan: two parts')
check('# link0 (connections[0]): src on a -> out on b, tcp to 127.0.0.1:%d'
      % port_b in p.stdout, 'plan: the link, its transport and address')

# each part's line, as shell words, runs unchanged under gst-launch-1.0
lines = {}
for h in ('a', 'b'):
    r = run([STREAMLAB, 'plan', '--host', h, path])
    check(r.returncode == 0 and r.stdout.count('\n') == 1,
          'plan --host %s: one line' % h)
    lines[h] = r.stdout.strip()
check('slsend' in lines['a'] and 'slreceive' not in lines['a'],
      'part a sends')
check('slreceive' in lines['b'] and 'slsend' not in lines['b'],
      'part b receives')

ref = run([STREAMLAB, 'run', '-q', path])
check(ref.returncode == 0, 'one process: exit 0 (%s)' % ref.stderr.strip())
want = [l.split(' ', 3)[1:2] + l.split(' ', 3)[3:]
        for l in ref.stdout.splitlines() if l.startswith('out ')]
check(len(want) == 40, 'one process: 40 frames')

# the receiving part started by gst-launch-1.0 with its line, the sending
# part by streamlab run --host, in both orders and without waiting for the
# listener: a sender that starts first connects again with backoff (it
# once never ended when its connection came while the pipeline prerolled)
for order, delay in (('receiver first', 0), ('sender first', 0.1),
                     ('sender first', 0.3), ('sender first', 0.6)):
    send_cmd = [STREAMLAB, 'run', '-q', '--allow-any', '--events', '--host',
                'a', path]
    recv_cmd = ['sh', '-c', 'exec gst-launch-1.0 -q ' + lines['b']]
    first, second = ((recv_cmd, send_cmd) if order == 'receiver first'
                     else (send_cmd, recv_cmd))
    p1 = subprocess.Popen(first, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    # the order, not a wait for anything: the sender tries before anyone
    # listens, then again with backoff
    time.sleep(delay)
    p2 = subprocess.Popen(second, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    outs = []
    for p in (p1, p2):
        try:
            outs.append(p.communicate(timeout=30))
        except subprocess.TimeoutExpired:
            p.kill()
            outs.append(p.communicate())
    (recv, (out, err)), (send, (sout, serr)) = (
        ((p1, outs[0]), (p2, outs[1])) if order == 'receiver first'
        else ((p2, outs[1]), (p1, outs[0])))
    order = '%s %.1f s' % (order, delay)
    check(send.returncode == 0 and recv.returncode == 0,
          '%s: both parts ended (%s %s %s)' % (order, send.returncode,
                                               serr.strip(), err.strip()))
    got = [l.split(' ', 3)[1:2] + l.split(' ', 3)[3:]
           for l in out.splitlines() if l.startswith('out ')]
    check(got == want, '%s: the same frames as in one process (%d)'
          % (order, len(got)))
    ev = [json.loads(l) for l in sout.splitlines()
          if l.startswith('{') and '"link"' in l]
    check(len(ev) == 1 and ev[0]['frames'] == 40 and ev[0]['dropped'] == 0
          and ev[0]['end'] == 'sender' and ev[0]['host'] == 'a',
          '%s: the sender\'s link event: 40 frames, 0 dropped (%s)'
          % (order, ev))

# refused: a host that is not in the description, the sandbox
r = run([STREAMLAB, 'run', '--host', 'c', path])
check(r.returncode == 2 and "no host 'c' (its hosts: a, b)" in r.stderr,
      'run --host c: refused, naming the hosts (%s)' % r.stderr.strip())
r = run([STREAMLAB, 'run', '--host', 'a', path])
check(r.returncode == 2 and 'which the sandbox refuses' in
      r.stderr, 'the sandbox refuses the link elements (%s)' %
      r.stderr.strip())

os.unlink(path)
os.rmdir(tmp)
sys.exit(1 if failures else 0)
