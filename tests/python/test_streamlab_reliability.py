#!/usr/bin/python3
# gst-streamlab: the runner under bad descriptions and bad instances (issue
# 18): FIFOs, node ids that gst-launch gives anonymous elements, sljsonbin
# embedding itself, the sandbox by default, SIGINT/SIGTERM to a stuck run,
# per-instance time limits, --isolate and a crashing instance.
#
# usage: test_streamlab_reliability.py STREAMLAB
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

STREAMLAB = sys.argv[1]
TMP = tempfile.mkdtemp(prefix='streamlab-rel-')


def write(name, obj):
    path = os.path.join(TMP, name)
    with open(path, 'w') as f:
        f.write(obj if isinstance(obj, str) else json.dumps(obj))
    return path


def run(*args, timeout=60):
    return subprocess.run([STREAMLAB] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)


def stall_desc(label='stuck'):
    # the third frame stalls in slchaos until flushed: EOS cannot drain
    return {'nodes': [{'id': 'src', 'type': 'slsinesrc', 'config': {'samplesperbuffer': 64}},
                      {'id': 'chaos', 'type': 'slchaos', 'config': {'mode': 'stall', 'every': 3}},
                      {'id': 'out', 'type': 'print', 'config': {'label': label}}],
            'connections': [{'from': 'src', 'to': 'chaos'}, {'from': 'chaos', 'to': 'out'}]}


def live_desc(frames, label):
    return {'nodes': [{'id': 'src', 'type': 'slsinesrc',
                       'config': {'is_live': True, 'samplesperbuffer': 480, 'num_frames': frames}},
                      {'id': 'out', 'type': 'print', 'config': {'label': label}}],
            'connections': [{'from': 'src', 'to': 'out'}]}


# 10. A FIFO (or any file that is not a regular file) is refused at once,
#     not read forever.
fifo = os.path.join(TMP, 'fifo.json')
os.mkfifo(fifo)
r = run('validate', fifo, timeout=20)
assert r.returncode == 2 and r.stderr.strip() == '%s: not a regular file (a description is read from a regular file only)' % fifo, r.stderr
r = run('validate', '/dev/zero', timeout=20)
assert r.returncode == 2 and 'not a regular file' in r.stderr, r.stderr
r = run('validate', TMP, timeout=20)
assert r.returncode == 2 and 'not a regular file' in r.stderr, r.stderr

# 15. Node ids equal to the names gst-launch gives anonymous elements: every
#     element the translator adds is named, in every instance of a pool.
anon = write('anon.json', {
    'nodes': [{'id': 'capsfilter0', 'type': 'slsinesrc',
               'config': {'sample_rate': 8000, 'num_channels': 1, 'samplesperbuffer': 16, 'num_buffers': 2}},
              {'id': 'capsfilter1', 'type': 'print', 'config': {'label': 'anon'}},
              {'id': 'queue0', 'type': 'identity'},
              {'id': 'queue1', 'type': 'print', 'config': {'label': 'anon2'}}],
    'connections': [{'from': 'capsfilter0', 'to': 'queue0'}, {'from': 'queue0', 'to': 'queue1'}]})
r = run('validate', anon)
assert r.returncode == 2  # capsfilter1 (print) is a sink without input
anon = write('anon.json', {
    'nodes': [{'id': 'capsfilter0', 'type': 'slsinesrc',
               'config': {'sample_rate': 8000, 'num_channels': 1, 'samplesperbuffer': 16, 'num_buffers': 2}},
              {'id': 'capsfilter1', 'type': 'identity'},
              {'id': 'queue0', 'type': 'print', 'config': {'label': 'anon'}}],
    'connections': [{'from': 'capsfilter0', 'to': 'capsfilter1'}, {'from': 'capsfilter1', 'to': 'queue0'}]})
r = run('translate', anon)
assert r.returncode == 0 and 'capsfilter name=capsfilter0-caps caps=audio/x-raw,rate=8000,channels=1' in r.stdout, r.stdout
r = run('run', '-q', '--instances', '3', '--max-concurrent', '1', anon)
assert r.returncode == 0, r.stderr
assert len([l for l in r.stdout.splitlines() if l.startswith('anon seq=')]) == 6, r.stdout

# 2. sljsonbin embedding itself, directly or through another file: refused
#    by validate and by run (exit 2, no crash), with the chain of files.
selfp = os.path.join(TMP, 'self.json')
write('self.json', {'nodes': [{'id': 'inner', 'type': 'sljsonbin', 'config': {'location': selfp}},
                              {'id': 'out', 'type': 'fakesink'}],
                    'connections': [{'from': 'inner', 'to': 'out'}]})
for cmd in ('validate', 'run'):
    r = run(cmd, selfp)
    assert r.returncode == 2, (cmd, r.returncode, r.stderr)
    assert r.stderr.strip() == '%s: nodes[0].config.location: the description embeds itself through sljsonbin (%s -> %s)' % (selfp, selfp, selfp), r.stderr
ap, bp = os.path.join(TMP, 'a.json'), os.path.join(TMP, 'b.json')
write('a.json', {'nodes': [{'id': 'ina', 'type': 'sljsonbin', 'config': {'location': bp}},
                           {'id': 'out', 'type': 'fakesink'}],
                 'connections': [{'from': 'ina', 'to': 'out'}]})
write('b.json', {'nodes': [{'id': 'inb', 'type': 'sljsonbin', 'config': {'location': ap}}],
                 'connections': []})
r = run('validate', ap)
assert r.returncode == 2, r.stderr
assert 'embeds itself through sljsonbin (%s -> %s -> %s)' % (ap, bp, ap) in r.stderr, r.stderr
assert r.stderr.startswith('%s: nodes[0].config.location: in the embedded description: %s: nodes[0].config.location:' % (ap, bp)), r.stderr
# nesting without a cycle, but deeper than the limit (8)
prev = None
for k in range(11):
    nodes = [{'id': 'g', 'type': 'gain', 'config': {'gain': 1.0}}] if prev is None else \
        [{'id': 'n%d' % k, 'type': 'sljsonbin', 'config': {'location': prev}}]
    prev = write('deep%d.json' % k, {'nodes': nodes, 'connections': []})
r = run('validate', prev)
assert r.returncode == 2 and 'sljsonbin descriptions nested more than 8 deep' in r.stderr, r.stderr
ok_nested = write('nested-ok.json', {
    'nodes': [{'id': 'src', 'type': 'slsinesrc', 'config': {'num_buffers': 2, 'samplesperbuffer': 8}},
              {'id': 'mid', 'type': 'sljsonbin', 'config': {'location': os.path.join(TMP, 'deep2.json')}},
              {'id': 'out', 'type': 'print', 'config': {'label': 'nested'}}],
    'connections': [{'from': 'src', 'to': 'mid'}, {'from': 'mid', 'to': 'out'}]})
r = run('run', '-q', ok_nested)
assert r.returncode == 0, r.stderr
assert len([l for l in r.stdout.splitlines() if l.startswith('nested seq=')]) == 2, r.stdout
# a sandboxed description cannot embed an unsandboxed sljsonbin
unsb = write('unsb.json', {'nodes': [{'id': 'x', 'type': 'sljsonbin', 'config': {'sandbox': False, 'location': ap}},
                                     {'id': 'out', 'type': 'fakesink'}],
                           'connections': [{'from': 'x', 'to': 'out'}]})
r = run('validate', unsb)
assert r.returncode == 2 and 'nodes[0].config.sandbox: a sandboxed description cannot embed an sljsonbin without the sandbox' in r.stderr, r.stderr

# 8. SIGINT to a stuck run: the first signal sends EOS without blocking
#    the runner, the second stops every pipeline at once.
stuck = write('stuck.json', stall_desc())
for sigs in ((signal.SIGINT, signal.SIGINT), (signal.SIGTERM, signal.SIGTERM), (signal.SIGINT, signal.SIGTERM)):
    p = subprocess.Popen([STREAMLAB, 'run', '--drain-timeout', '0', stuck], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    for line in p.stdout:
        if line.startswith('stuck seq=1 '):
            break
    time.sleep(0.2)  # the third frame is stalled by now, or soon
    p.send_signal(sigs[0])
    time.sleep(0.5)
    assert p.poll() is None  # still draining: the EOS cannot get through
    p.send_signal(sigs[1])
    out, err = p.communicate(timeout=20)
    assert p.returncode == 1, (p.returncode, err)
    assert 'instance 0 (%s): error: interrupted' % stuck in err, err

# 8/9. Without a second signal, the drain has a time limit: the instance
#      is stopped and reported.
p = subprocess.Popen([STREAMLAB, 'run', '--drain-timeout', '0.5', stuck], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)
for line in p.stdout:
    if line.startswith('stuck seq=1 '):
        break
p.send_signal(signal.SIGINT)
out, err = p.communicate(timeout=20)
assert p.returncode == 1, (p.returncode, err)
assert 'instance 0 (%s): error: did not drain within 0.5 s after EOS: stopped' % stuck in err, err

# 9. A per-instance time limit: hung instances do not hold their places;
#    the others run, and every instance is reported.
fine = write('fine.json', live_desc(5, 'fine'))
r = run('run', '--instances', '2', '--max-concurrent', '2', '--timeout', '0.5',
        '--drain-timeout', '0.5', stuck, fine, timeout=60)
assert r.returncode == 1, r.stderr
for k in (0, 1):
    assert 'instance %d (%s): error: did not drain within 0.5 s after EOS: stopped' % (k, stuck) in r.stderr, r.stderr
for k in (2, 3):
    assert 'instance %d (%s): ok' % (k, fine) in r.stderr, r.stderr
assert '2/4 instances completed' in r.stderr, r.stderr
assert len([l for l in r.stdout.splitlines() if l.startswith('fine seq=')]) == 10, r.stdout
# an instance that ends in time is not affected by the limit
r = run('run', '-q', '--timeout', '30', fine)
assert r.returncode == 0, r.stderr


# 9. --isolate: one process per instance. A crash (the process killed by
#    SIGSEGV) costs that instance only, and the summary says so.
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


slow = write('slow.json', live_desc(40, 'slow'))
p = subprocess.Popen([STREAMLAB, 'run', '--isolate', '--events', '--instances', '3', slow],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
started = set()
victim = None
for line in p.stdout:
    if line.startswith('{'):
        e = json.loads(line)
        if e['event'] == 'start':
            started.add(e['instance'])
    if len(started) == 3 and victim is None:
        kids = children(p.pid)
        assert len(kids) == 3, kids
        victim = kids[0]
        os.kill(victim, signal.SIGSEGV)
        break
rest, err = p.communicate(timeout=60)
assert p.returncode == 1, (p.returncode, err)
ev = [json.loads(l) for l in rest.splitlines() if l.startswith('{')]
crashed = [e for e in ev if e['event'] == 'error']
assert len(crashed) == 1 and 'crashed: its process was killed by signal 11' in crashed[0]['message'], ev
assert len([e for e in ev if e['event'] == 'complete']) == 2, ev

r = run('run', '--isolate', '--instances', '3', '--max-concurrent', '2', fine)
assert r.returncode == 0, r.stderr
assert '3/3 instances completed, at most 2 at once' in r.stderr, r.stderr
assert len([l for l in r.stdout.splitlines() if l.startswith('fine seq=')]) == 15, r.stdout
# isolated instances have time limits too
r = run('run', '--isolate', '--timeout', '0.5', '--drain-timeout', '0.5', stuck, fine)
assert r.returncode == 1 and 'instance 0 (%s): error: did not drain within 0.5 s after EOS: stopped' % stuck in r.stderr, r.stderr
assert 'instance 1 (%s): ok' % fine in r.stderr, r.stderr
# SIGINT to an isolated pool drains every instance
p = subprocess.Popen([STREAMLAB, 'run', '--isolate', '--instances', '2', write('long.json', live_desc(100000, 'long'))],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
seen = 0
for line in p.stdout:
    seen += line.startswith('long seq=')
    if seen == 4:
        break
p.send_signal(signal.SIGINT)
out, err = p.communicate(timeout=30)
assert p.returncode == 0, (p.returncode, err)
assert '2/2 instances completed' in err, err
print('streamlab reliability: ok')
