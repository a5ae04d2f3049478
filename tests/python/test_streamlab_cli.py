#!/usr/bin/python3
# gst-streamlab: streamlab's command-line conventions: --version, per-command
# --help, GStreamer's options, runtime errors printed with -q, events as
# JSON built by json-glib (valid in a decimal-comma locale and for
# non-ASCII text), events to a file descriptor or a file apart from stdout,
# French messages.
#
# usage: test_streamlab_cli.py STREAMLAB EXAMPLES_DIR
import json
import os
import shutil
import subprocess
import sys
import tempfile

STREAMLAB, EXAMPLES = sys.argv[1], sys.argv[2]
TMP = tempfile.mkdtemp(prefix='streamlab-cli-test-')
DEMO = os.path.join(EXAMPLES, 'demo.json')


def write(name, obj):
    path = os.path.join(TMP, name)
    with open(path, 'w') as f:
        json.dump(obj, f)
    return path


def run(*args, env=None, **kw):
    e = dict(os.environ, LC_ALL='C.UTF-8')
    e.update(env or {})
    return subprocess.run([STREAMLAB] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=120,
                          env=e, **kw)


def events(text):
    evs = [json.loads(line) for line in text.splitlines()]
    for e in evs:
        assert isinstance(e['time'], float) and e['time'] >= 0, e
    return evs


# a runtime error: a frequency above the Nyquist frequency of 8 kHz
bad_rate = write('nyquist-rate.json', {
    'nodes': [{'id': 'src', 'type': 'SineGenerator',
               'config': {'frequency': 5000, 'sample_rate': 8000,
                          'num_frames': 3}},
              {'id': 'out', 'type': 'fakesink'}],
    'connections': [{'from': 'src', 'to': 'out'}]})

# --version
r = run('--version')
assert r.returncode == 0, r.stderr
lines = r.stdout.splitlines()
assert lines[0].startswith('streamlab (gst-streamlab) '), r.stdout
assert lines[1].startswith('GStreamer 1.'), r.stdout

# per-command help: run's options for run, not for translate
r = run('run', '--help')
assert r.returncode == 0, r.stderr
assert 'run FILE...' in r.stdout and '--instances=N' in r.stdout, r.stdout
assert '--events-fd=FD' in r.stdout and '--help-gst' in r.stdout, r.stdout
assert '\n  -n, --instances=N                 instances of each description' in r.stdout, r.stdout
r = run('translate', '--help')
assert r.returncode == 0 and 'translate FILE...' in r.stdout, r.stdout
assert '--instances' not in r.stdout and '--allow=LIST' in r.stdout, r.stdout
r = run('--help')
assert r.returncode == 0 and 'Commands:' in r.stdout, r.stdout
for c in ('run FILE', 'translate FILE', 'validate FILE', 'inspect [TYPE]'):
    assert c in r.stdout, r.stdout
# options before or after the command, with separate values
r = run('-n', '2', 'run', '--help')
assert r.returncode == 0 and 'run FILE...' in r.stdout, r.stdout

# GStreamer's options
r = run('--help-gst')
assert r.returncode == 0 and '--gst-debug-level' in r.stdout, r.stdout
r = run('--gst-debug-level=1', 'validate', '--gst-plugin-path', TMP, DEMO)
assert r.returncode == 0 and 'valid (3 nodes)' in r.stdout, (r.stdout, r.stderr)
r = run('validate', '--no-such-option', DEMO)
assert r.returncode == 2 and 'no-such-option' in r.stderr, r.stderr

# -q hides the summary, not the reason of a runtime error
r = run('run', '-q', bad_rate)
assert r.returncode == 1, (r.returncode, r.stderr)
assert "ERROR (instance 0) from src: Invalid value for property 'frequency'." in r.stderr, r.stderr
assert 'instances completed' not in r.stderr, r.stderr

# events on a file descriptor, apart from the frames slprint writes on stdout
rfd, wfd = os.pipe()
r = run('run', '--events-fd=%d' % wfd, DEMO, pass_fds=(wfd,))
os.close(wfd)
with os.fdopen(rfd) as f:
    ev = events(f.read())
assert r.returncode == 0, r.stderr
assert [e['event'] for e in ev] == ['start', 'complete'], ev
assert r.stdout.count('demo seq=') == 8 and '{' not in r.stdout, r.stdout

# events to a file
path = os.path.join(TMP, 'events.jsonl')
r = run('run', '-q', '--events-file', path, bad_rate)
assert r.returncode == 1
with open(path) as f:
    ev = events(f.read())
assert [e['event'] for e in ev] == ['start', 'error'], ev
assert ev[1]['element'] == 'src', ev
assert run('run', '--events-fd=1', '--events-file', path, DEMO).returncode == 2
r = run('run', '--events-file', os.path.join(TMP, 'no', 'such', 'dir'), DEMO)
assert r.returncode == 2 and '--events-file=' in r.stderr, r.stderr

# a decimal-comma locale with French messages: the events stay valid JSON
# (time with a '.', UTF-8 text), the messages are French
localedef = shutil.which('localedef')
if localedef is None:
    print('SKIP: localedef is needed for the French locale')
    sys.exit(77)
locdir = os.path.join(TMP, 'locales')
os.makedirs(locdir)
subprocess.run([localedef, '-i', 'fr_FR', '-f', 'UTF-8',
                os.path.join(locdir, 'fr_FR.UTF-8')], check=True)
fr = {'LOCPATH': locdir, 'LC_ALL': 'fr_FR.UTF-8'}
r = run('run', '--events', bad_rate, env=fr)
assert r.returncode == 1
raw = r.stdout.splitlines()
ev = events(r.stdout)
assert [e['event'] for e in ev] == ['start', 'error'], ev
assert '"time":0.' in raw[0] and ',' not in raw[0].split('"time":')[1], raw
assert ev[1]['message'] == 'Valeur invalide pour la propriété « frequency ».', ev
assert 'ERREUR (instance 0) de src : Valeur invalide' in r.stderr, r.stderr
r = run('validate', DEMO, env=fr)
assert r.returncode == 0 and r.stdout == '%s : valide (3 nœuds)\n' % DEMO, r.stdout
r = run('run', '--help', env=fr)
assert 'exécuter des descriptions de pipelines JSON' in r.stdout, r.stdout
print('ok')
