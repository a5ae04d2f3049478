#!/usr/bin/python3
# gst-streamlab stress (suite 'stress'): the streamlab pool with hung and
# crashing instances, and SIGINT/SIGTERM to stuck runs. Bounded by default;
# SL_STRESS_SCALE=N multiplies the instance and repetition counts (a release
# runs SL_STRESS_SCALE=10).
#
# usage: test_streamlab_stress.py STREAMLAB
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

STREAMLAB = sys.argv[1]
SCALE = max(1, int(os.environ.get('SL_STRESS_SCALE', '1')))
TMP = tempfile.mkdtemp(prefix='streamlab-stress-')
rng = random.Random(int(os.environ.get('SL_STRESS_SEED', '1')))


def write(name, obj):
    path = os.path.join(TMP, name)
    with open(path, 'w') as f:
        json.dump(obj, f)
    return path


stuck = write('stuck.json', {
    'nodes': [{'id': 'src', 'type': 'slsinesrc', 'config': {'samplesperbuffer': 64}},
              {'id': 'chaos', 'type': 'slchaos', 'config': {'mode': 'stall', 'every': 2}},
              {'id': 'out', 'type': 'print', 'config': {'label': 'stuck'}}],
    'connections': [{'from': 'src', 'to': 'chaos'}, {'from': 'chaos', 'to': 'out'}]})
# hung in a delay longer than any limit here, then stalled for good
slowdrain = write('slowdrain.json', {
    'nodes': [{'id': 'src', 'type': 'slsinesrc', 'config': {'samplesperbuffer': 64, 'is_live': True}},
              {'id': 'chaos', 'type': 'slchaos', 'config': {'mode': 'delay', 'delay_ms': 100000, 'every': 5}},
              {'id': 'out', 'type': 'fakesink'}],
    'connections': [{'from': 'src', 'to': 'chaos'}, {'from': 'chaos', 'to': 'out'}]})
fine = write('fine.json', {
    'nodes': [{'id': 'src', 'type': 'slsinesrc',
               'config': {'is_live': True, 'samplesperbuffer': 480, 'num_frames': 10}},
              {'id': 'out', 'type': 'print', 'config': {'label': 'fine'}}],
    'connections': [{'from': 'src', 'to': 'out'}]})
long = write('long.json', {
    'nodes': [{'id': 'src', 'type': 'slsinesrc',
               'config': {'is_live': True, 'samplesperbuffer': 480, 'num_frames': 400}},
              {'id': 'out', 'type': 'print', 'config': {'label': 'long'}}],
    'connections': [{'from': 'src', 'to': 'out'}]})


def children(ppid):
    res = []
    for d in os.listdir('/proc'):
        if d.isdigit():
            try:
                with open('/proc/%s/stat' % d) as f:
                    st = f.read()
            except OSError:
                continue
            if int(st.rsplit(')', 1)[1].split()[1]) == ppid:
                res.append(int(d))
    return res


def summary(err):
    res = {}
    for line in err.splitlines():
        if line.startswith('instance ') and ' (' in line:
            k = int(line.split()[1])
            res[k] = line.split('): ', 1)[1]
    return res


t_start = time.monotonic()

# 1. In-process pool: hung instances (stalled, and stuck in a long delay)
#    among good ones; the time limit frees their places; every instance is
#    reported and every good one completes.
n = 4 * SCALE
files = [stuck] * n + [slowdrain] * n + [fine] * n
t0 = time.monotonic()
r = subprocess.run([STREAMLAB, 'run', '--instances', '1', '--max-concurrent', '4', '--timeout', '0.3',
                    '--drain-timeout', '0.3'] + files, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   text=True, timeout=120 * SCALE)
assert r.returncode == 1, r.stderr
s = summary(r.stderr)
assert len(s) == 3 * n, s
bad = [k for k, v in s.items() if v.startswith('error: did not drain')]
good = [k for k, v in s.items() if v.startswith('ok')]
assert len(bad) == 2 * n and len(good) == n, s
assert len([l for l in r.stdout.splitlines() if l.startswith('fine seq=')]) == 10 * n
print('in-process pool, %d hung + %d good instances: %.1f s' % (2 * n, n, time.monotonic() - t0))

# 2. Isolated pool: hung instances, and instances whose process the test
#    kills (SIGSEGV, SIGABRT, SIGKILL) while they run: one crash costs one
#    instance; the summary names each.
n = 3 * SCALE
files = [long] * (3 * n) + [stuck] * n
p = subprocess.Popen([STREAMLAB, 'run', '--isolate', '--events', '--max-concurrent', '6',
                      '--timeout', '8', '--drain-timeout', '0.5'] + files,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
events = []
killed = {}
sigs = [signal.SIGSEGV, signal.SIGABRT, signal.SIGKILL]
for line in p.stdout:
    if not line.startswith('{'):
        continue
    e = json.loads(line)
    events.append(e)
    if e['event'] == 'start' and len(killed) < n:
        # one of every three `long` instances is crashed
        kids = [k for k in children(p.pid) if k not in killed]
        if e['instance'] % 3 == 0 and e['instance'] < 3 * n and kids:
            # the newest child is this instance's
            victim = max(kids, key=lambda k: os.stat('/proc/%d' % k).st_ctime_ns)
            time.sleep(rng.uniform(0.05, 0.3))
            sig = sigs[len(killed) % 3]
            try:
                os.kill(victim, sig)
                killed[victim] = sig
            except ProcessLookupError:
                pass
out, err = p.communicate(timeout=300 * SCALE)
assert p.returncode == 1, err
crashes = [e for e in events if e['event'] == 'error' and 'crashed' in e.get('message', '')]
completes = [e for e in events if e['event'] == 'complete']
# every instance ends with `complete` or `error` (with --events the
# summary is the events)
ends = {}
for e in events:
    if e['event'] in ('complete', 'error'):
        ends.setdefault(e['instance'], e)
assert sorted(ends) == list(range(4 * n)), sorted(ends)
assert len(crashes) == len(killed), (crashes, killed)
assert len([e for e in events if e['event'] == 'error' and 'did not drain' in e.get('message', '')]) == n, events
assert len(completes) == 3 * n - len(killed), (len(completes), len(killed))
print('isolated pool, %d instances, %d crashed, %d hung: ok' % (4 * n, len(killed), n))

# 3. SIGINT/SIGTERM to stuck runs, at random moments, in both modes: the
#    second signal always stops the run, with a summary.
for i in range(5 * SCALE):
    iso = ['--isolate'] if i % 2 else []
    p = subprocess.Popen([STREAMLAB, 'run', '--drain-timeout', '0', '--instances', '2'] + iso + [stuck],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(rng.uniform(0.05, 0.5))
    p.send_signal(rng.choice([signal.SIGINT, signal.SIGTERM]))
    time.sleep(rng.uniform(0.0, 0.3))
    p.send_signal(rng.choice([signal.SIGINT, signal.SIGTERM]))
    out, err = p.communicate(timeout=30)
    assert p.returncode in (0, 1), (p.returncode, err)
    s = summary(err)
    assert len(s) == 2 and all(v == 'error: interrupted' or v.startswith('ok') or v == 'not started'
                               for v in s.values()), err
print('signals to stuck runs: ok (%.1f s in all)' % (time.monotonic() - t_start))
