#!/usr/bin/python3
# gst-streamlab: the streamlab runner. Exit codes, translate/validate/
# inspect, the pool's concurrency, events, triggers, SIGINT draining,
# allow/deny/sandbox.
#
# usage: test_streamlab.py STREAMLAB EXAMPLES_DIR
import json
import os
import signal
import subprocess
import sys
import tempfile

STREAMLAB, EXAMPLES = sys.argv[1], sys.argv[2]
TMP = tempfile.mkdtemp(prefix='streamlab-test-')


def write(name, obj):
    path = os.path.join(TMP, name)
    with open(path, 'w') as f:
        f.write(obj if isinstance(obj, str) else json.dumps(obj))
    return path


def run(*args, timeout=120):
    return subprocess.run([STREAMLAB] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)


def events(text):
    return [json.loads(l) for l in text.splitlines() if l.startswith('{"event"')]


def sine_print(frames, label='p', extra=None):
    cfg = {'frame_size': 64, 'num_frames': frames}
    cfg.update(extra or {})
    return {'nodes': [{'id': 'sine', 'type': 'sine_generator', 'config': cfg},
                      {'id': 'out', 'type': 'print', 'config': {'label': label}}],
            'connections': [{'from': 'sine', 'to': 'out'}]}


# exit codes: 0 on EOS, 2 on an invalid description, 1 on a runtime error
ok = write('ok.json', sine_print(3))
r = run('run', '-q', ok)
assert r.returncode == 0, r.stderr
assert [l.split()[1] for l in r.stdout.splitlines()] == ['seq=0', 'seq=1', 'seq=2'], r.stdout

bad = write('bad.json', {'nodes': [{'id': 'sine', 'type': 'sine_generator', 'config': {'frequncy': 1}}]})
r = run('run', bad)
assert r.returncode == 2
assert r.stderr.strip() == "%s: nodes[0].config.frequncy: unknown config key 'frequncy' for slsinesrc; did you mean 'frequency'?" % bad, r.stderr
r = run('validate', bad)
assert r.returncode == 2
syntax = write('syntax.json', '{"nodes": [\n  {"id": "a",,}\n]}')
r = run('validate', syntax)
assert r.returncode == 2 and r.stderr.strip() == '%s:2:14: expected a member name (a string) after \',\'' % syntax, r.stderr

runtime = write('runtime.json', {
    'nodes': [{'id': 'file', 'type': 'filesrc', 'config': {'location': '/nonexistent/streamlab'}},
              {'id': 'out', 'type': 'fakesink'}],
    'connections': [{'from': 'file', 'to': 'out'}]})
# secure by default: run (and validate) refuse file and network elements
r = run('run', runtime)
assert r.returncode == 2 and "element 'filesrc' is not allowed in the sandbox" in r.stderr, r.stderr
r = run('run', '--events', '--allow-any', runtime)
assert r.returncode == 1, (r.returncode, r.stderr)
ev = events(r.stdout)
assert [e['event'] for e in ev] == ['start', 'error'], ev
assert ev[1]['element'] == 'file' and 'message' in ev[1] and 'time' in ev[1], ev

# translate prints one line that a shell hands to gst-launch-1.0
r = run('translate', ok)
assert r.returncode == 0 and r.stdout.count('\n') == 1
assert r.stdout.startswith('slsinesrc name=sine samplesperbuffer=64 num-buffers=3 ! queue'), r.stdout

# inspect: the aliases, and a type's config keys with ranges and defaults
r = run('inspect')
assert r.returncode == 0 and 'sine_generator       -> slsinesrc' in r.stdout, r.stdout
r = run('inspect', 'SineGenerator')
assert r.returncode == 0
assert 'sample_rate' in r.stdout and 'samplesperbuffer' in r.stdout
assert 'frequency                gdouble [0, 1e+06] default 440' in r.stdout, r.stdout
assert run('inspect', 'nosuchtype').returncode == 2

# the pool: 7 instances, at most 3 at once, validated once
r = run('run', '--events', '--instances', '7', '--max-concurrent', '3', ok)
assert r.returncode == 0, r.stderr
ev = events(r.stdout)
running = peak = 0
for e in ev:
    if e['event'] == 'start':
        running += 1
        peak = max(peak, running)
    elif e['event'] in ('complete', 'error'):
        running -= 1
assert peak == 3, peak
assert sorted(e['instance'] for e in ev if e['event'] == 'complete') == list(range(7))
assert len([l for l in r.stdout.splitlines() if l.startswith('p seq=')]) == 21
r = run('run', '--instances', '4', '--max-concurrent', '1', ok)
assert r.returncode == 0 and '4/4 instances completed, at most 1 at once' in r.stderr, r.stderr
# one failing instance makes the pool fail
r = run('run', '-q', '--allow-any', '--instances', '2', ok, runtime)
assert r.returncode == 1

# priority orders admission when several descriptions are pooled
low = write('low.json', dict(sine_print(1, 'low'), pipeline_config={'priority': 'Low'}))
crit = write('crit.json', dict(sine_print(1, 'crit'), pipeline_config={'priority': 'Critical'}))
r = run('run', '--events', '--max-concurrent', '1', low, crit)
assert r.returncode == 0
lines = [l.split()[0] for l in r.stdout.splitlines() if not l.startswith('{')]
assert lines == ['crit', 'low'], lines

# triggers: the source runs in triggered mode, N frames, then EOS
trig = write('trig.json', {'nodes': [{'id': 'src', 'type': 'TriggerSourceNode', 'config': {'frame_size': 16}},
                                     {'id': 'out', 'type': 'Print', 'config': {'label': 't'}}],
                           'connections': [{'from': 'src', 'to': 'out'}]})
r = run('run', '--triggers', '5', trig)
assert r.returncode == 0, r.stderr
assert [l.split()[1] for l in r.stdout.splitlines()] == ['seq=%d' % i for i in range(5)], r.stdout

# SIGINT: EOS, drain, exit 0, every frame produced is printed
long = write('long.json', sine_print(1000000, 'long', {'is_live': True, 'sample_rate': 48000, 'frame_size': 480}))
p = subprocess.Popen([STREAMLAB, 'run', '--events', long], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)
seen = 0
for line in p.stdout:
    if line.startswith('long seq='):
        seen += 1
        if seen == 3:
            p.send_signal(signal.SIGINT)
            break
rest, err = p.communicate(timeout=60)
assert p.returncode == 0, (p.returncode, err)
ev = events(rest)
assert ev and ev[-1]['event'] == 'complete', rest
seqs = [int(l.split()[1][4:]) for l in rest.splitlines() if l.startswith('long seq=')]
assert seqs == list(range(3, 3 + len(seqs))), seqs  # no gap up to EOS

# SIGUSR1 pauses, the next resumes: pause and resume events
p = subprocess.Popen([STREAMLAB, 'run', '--events', long], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)
names = []
for line in p.stdout:
    if line.startswith('{'):
        e = json.loads(line)
        names.append(e['event'])
        if e['event'] == 'pause':
            p.send_signal(signal.SIGUSR1)
        elif e['event'] == 'resume':
            p.send_signal(signal.SIGINT)
    elif line.startswith('long seq=2 ') and 'pause' not in names:
        p.send_signal(signal.SIGUSR1)
    if names and names[-1] == 'complete':
        break
rest, err = p.communicate(timeout=60)
assert p.returncode == 0, (p.returncode, err)
assert names == ['start', 'pause', 'resume', 'complete'], names

# allow / deny / sandbox: refused elements are named, exit 2
r = run('validate', '--sandbox', runtime)
assert r.returncode == 2 and "element 'filesrc' is not allowed in the sandbox" in r.stderr, r.stderr
r = run('validate', runtime)
assert r.returncode == 2 and "--allow-any lifts it" in r.stderr, r.stderr
assert run('validate', '--allow-any', runtime).returncode == 0
# an explicit allowed list is a permission
assert run('validate', '--allow', 'filesrc,fakesink', runtime).returncode == 0
r = run('validate', '--deny', 'slprint,fakesink', ok)
assert r.returncode == 2 and "nodes[1].type: element 'slprint' is denied" in r.stderr, r.stderr
r = run('validate', '--allow', 'slsinesrc', ok)
assert r.returncode == 2 and "element 'slprint' is not in the allowed list" in r.stderr, r.stderr
r = run('validate', '--sandbox', os.path.join(EXAMPLES, 'demo.json'))
assert r.returncode == 0, r.stderr
# alerts are events: slalert's streamlab-alert messages, with the seq and
# the value (the IoT example: the vibration RMS of the first window is
# 1.5 / sqrt(2), above 1.0)
r = run('run', '-q', '--events', os.path.join(EXAMPLES, 'iot-alerts.json'))
assert r.returncode == 0, r.stderr
alerts = [e for e in events(r.stdout) if e['event'] == 'alert']
assert alerts and alerts[0]['element'] == 'alerts', r.stdout
assert 'state=(string)raised' in alerts[0]['details'], alerts[0]
assert 'channel-name=(string)vibration.rms' in alerts[0]['details'], alerts[0]
assert 'value=(double)1.06066017177982' in alerts[0]['details'], alerts[0]
print('streamlab: ok')
