#!/usr/bin/python3
# gst-streamlab: StreamLab's own kinds of pipeline files run unchanged
# (issue 12). One function per accepted case, each with its own file;
# `test_streamlab_compat.py STREAMLAB [CASE...]` runs all or some.
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

STREAMLAB = sys.argv[1]
TMP = tempfile.mkdtemp(prefix='streamlab-compat-')


def write(name, obj):
    path = os.path.join(TMP, name)
    with open(path, 'w') as f:
        f.write(obj if isinstance(obj, str) else json.dumps(obj))
    return path


def run(*args, timeout=60):
    return subprocess.run([STREAMLAB] + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)


def lines(out, label):
    return [l for l in out.splitlines() if l.startswith(label + ' seq=')]


def notes(err):
    return [l for l in err.splitlines() if l.startswith('note: ')]


def run_for(seconds, *args):
    """Runs, SIGINT after @seconds, returns (rc, stdout, stderr)."""
    p = subprocess.Popen([STREAMLAB] + list(args), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(seconds)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    return p.returncode, out, err


def chain(*nodes, pc=None):
    d = {'nodes': [], 'connections': []}
    for i, (nid, ntype, cfg) in enumerate(nodes):
        n = {'id': nid, 'type': ntype}
        if cfg is not None:
            n['config'] = cfg
        d['nodes'].append(n)
        if i:
            d['connections'].append({'from': nodes[i - 1][0], 'to': nid})
    if pc:
        d['pipeline_config'] = pc
    return d


def test_integral_floats():
    f = write('floats.json', chain(('src', 'SineGenerator', {'sample_rate': 48000.0, 'buffer_size': 64.0,
                                                             'num_frames': 3.0, 'num_channels': 2.0}),
                                   ('out', 'Print', {'label': 'fl'}), pc={'channel_capacity': 10.0}))
    r = run('run', f)
    assert r.returncode == 0, r.stderr
    assert len(lines(r.stdout, 'fl')) == 3 and 'channels=2 samples=64' in r.stdout, r.stdout
    assert 'max-size-buffers=10 ' in run('translate', f).stdout
    bad = write('float-bad.json', chain(('src', 'SineGenerator', {'sample_rate': 48000.5, 'num_frames': 1}),
                                        ('out', 'Print', None)))
    r = run('validate', bad)
    assert r.returncode == 2 and r.stderr.strip() == \
        "%s: nodes[0].config.sample_rate: sample_rate must be an integer, not 48000.5" % bad, r.stderr


def test_output_goes_nowhere():
    f = write('nowhere.json', chain(('src', 'SineGenerator', {'num_frames': 4, 'buffer_size': 32}),
                                    ('gain', 'GainNode', {'gain': 0.5})))
    r = run('validate', f)
    assert r.returncode == 0, r.stderr
    assert notes(r.stderr) == ["note: %s: nodes[1]: the output of node 'gain' (volume) goes nowhere: "
                               "its frames are dropped (fakesink 'gain-drop')" % f], r.stderr
    r = run('run', '-q', f)
    assert r.returncode == 0 and r.stderr == '', r.stderr


def test_lone_source():
    f = write('lone.json', {'nodes': [{'id': 'src', 'type': 'SineGenerator',
                                       'config': {'num_frames': 2, 'buffer_size': 16}}],
                            'connections': []})
    r = run('run', f)
    assert r.returncode == 0, r.stderr
    assert len(notes(r.stderr)) == 1, r.stderr


def test_pacing_by_the_clock():
    # 8000 Hz, 800 samples per frame: 10 frames per second, not 100 000
    f = write('paced.json', chain(('src', 'SineGenerator', {'sample_rate': 8000, 'buffer_size': 800}),
                                  ('out', 'Print', {'label': 'paced'})))
    rc, out, err = run_for(1.0, 'run', f)
    assert rc == 0, err
    n = len(lines(out, 'paced'))
    assert 3 <= n <= 25, (n, err)
    ts = [int(re.search(r'ts_us=(\d+)', l).group(1)) for l in lines(out, 'paced')]
    # a frame every 100 ms (live: from the running time of the first)
    assert [b - a for a, b in zip(ts, ts[1:])] == [100000] * (n - 1), ts
    # --triggers N keeps StreamLab's trigger semantics: N frames, then EOS
    r = run('run', '--triggers', '4', f)
    assert r.returncode == 0 and len(lines(r.stdout, 'paced')) == 4, r.stdout


def test_trigger_periodic():
    f = write('periodic.json', chain(('t', 'TriggerSourceNode', {'mode': 'periodic', 'interval_ms': 50,
                                                                  'sample_rate': 8000}),
                                     ('out', 'DebugSinkNode', {'label': 'per', 'log_level': 'debug'})))
    rc, out, err = run_for(1.0, 'run', f)
    assert rc == 0, err
    ts = [int(re.search(r'ts_us=(\d+)', l).group(1)) for l in lines(out, 'per')]
    assert 5 <= len(ts) <= 40 and [b - a for a, b in zip(ts, ts[1:])] == [50000] * (len(ts) - 1), ts
    assert 'samples=400' in out


def test_trigger_default_paced():
    # no --triggers: a TriggerSourceNode streams in real time too
    f = write('trigdefault.json', chain(('t', 'TriggerSourceNode', {'sample_rate': 8000, 'buffer_size': 400}),
                                        ('out', 'Print', {'label': 'td'})))
    rc, out, err = run_for(0.6, 'run', f)
    assert rc == 0 and 2 <= len(lines(out, 'td')) <= 25, (out, err)


def test_fft_one_spectrum_per_frame():
    f = write('fft.json', chain(('t', 'TriggerSourceNode', {'buffer_size': 512}),
                                ('fft', 'FFTNode', {'window_type': 'hanning'}),
                                ('out', 'Print', {'label': 'spec'})))
    r = run('run', '--triggers', '3', f)
    assert r.returncode == 0, r.stderr
    spectra = lines(r.stdout, 'spec')
    assert len(spectra) == 3 and all('samples=257' in l for l in spectra), r.stdout
    assert 'slfft name=fft window=hann size=512' in run('translate', f).stdout


def test_fan_in():
    d = {'nodes': [{'id': 'a', 'type': 'TriggerSourceNode', 'config': {'buffer_size': 16}},
                   {'id': 'b', 'type': 'TriggerSourceNode', 'config': {'buffer_size': 16, 'frequency': 1000}},
                   {'id': 'out', 'type': 'Print', 'config': {'label': 'fan'}}],
         'connections': [{'from': 'a', 'to': 'out'}, {'from': 'b', 'to': 'out'}]}
    f = write('fanin.json', d)
    r = run('run', '--triggers', '3', f)
    assert r.returncode == 0, r.stderr
    got = lines(r.stdout, 'fan')
    assert len(got) == 6, r.stdout
    # whole frames of each input, not mixed: each seq 0..2 twice
    assert sorted(int(l.split()[1][4:]) for l in got) == [0, 0, 1, 1, 2, 2], got


def test_print_in_the_middle():
    f = write('midprint.json', chain(('src', 'SineGenerator', {'num_frames': 3, 'buffer_size': 8}),
                                     ('p1', 'Print', {'label': 'first'}),
                                     ('g', 'GainNode', {'gain': 0.5}),
                                     ('p2', 'DebugSinkNode', {'label': 'second'})))
    r = run('run', f)
    assert r.returncode == 0, r.stderr
    assert len(lines(r.stdout, 'first')) == 3 and len(lines(r.stdout, 'second')) == 3, r.stdout


def test_trigger_in_the_middle():
    f = write('midtrig.json', chain(('src', 'SineGenerator', {'num_frames': 3, 'buffer_size': 8}),
                                    ('t', 'TriggerSourceNode', {'buffer_size': 8}),
                                    ('out', 'Print', {'label': 'through'})))
    r = run('run', f)
    assert r.returncode == 0, r.stderr
    assert len(lines(r.stdout, 'through')) == 3, r.stdout
    assert any('passes frames through' in n for n in notes(r.stderr)), r.stderr


def test_streamlab_parameters():
    f = write('params.json', {
        'nodes': [{'id': 'src', 'type': 'AudioSourceNode',
                   'config': {'device_profile_id': 'default-mic', 'num_frames': 2, 'buffer_size': 16}},
                  {'id': 'filt', 'type': 'FilterNode', 'config': {'type': 'HighPass', 'cutoff_hz': 100}},
                  {'id': 'band', 'type': 'FilterNode', 'config': {'filter_type': 'notch'}},
                  {'id': 'gain', 'type': 'GainNode', 'config': {'gain_db': 60}},
                  {'id': 'out', 'type': 'Print', 'config': {'log_level': 'info', 'label': 'par'}}],
        'connections': [{'from': 'src', 'to': 'filt'}, {'from': 'filt', 'to': 'band'},
                        {'from': 'band', 'to': 'gain'}, {'from': 'gain', 'to': 'out'}],
        'pipeline_config': {'priority': 'Urgent'}})
    r = run('translate', f)
    assert r.returncode == 0, r.stderr
    assert 'slfilter name=filt kind=highpass cutoff=100' in r.stdout, r.stdout
    assert 'slfilter name=band kind=bandstop' in r.stdout, r.stdout
    assert 'audioamplify name=gain amplification=1000 clipping-method=none' in r.stdout, r.stdout
    n = notes(r.stderr)
    assert any('device_profile_id' in x for x in n) and any('log_level' in x for x in n), n
    assert any("unknown priority 'Urgent': Normal" in x for x in n), n
    r = run('run', f)
    assert r.returncode == 0 and len(lines(r.stdout, 'par')) == 2, r.stderr
    # config null: all defaults
    f = write('null.json', chain(('src', 'SineGenerator', {'num_frames': 1}), ('out', 'Print', None)))
    d = json.load(open(f))
    d['nodes'][1]['config'] = None
    f = write('null.json', d)
    r = run('run', f)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 1, r.stdout
    # num_channels as StreamLab checks it
    f = write('channels.json', chain(('src', 'SineGenerator', {'num_channels': 33}), ('out', 'Print', None)))
    r = run('validate', f)
    assert r.returncode == 2 and r.stderr.strip() == \
        '%s: nodes[0].config.num_channels: num_channels must be between 1 and 32, got 33' % f, r.stderr


def test_empty_graph():
    for name, d in (('empty.json', {'nodes': []}), ('empty2.json', {'nodes': [], 'connections': []})):
        f = write(name, d)
        r = run('run', f, timeout=10)
        assert r.returncode == 0, r.stderr
        assert notes(r.stderr) == ['note: %s: nodes: there are no nodes: nothing to run' % f], r.stderr


def test_gui_deploy_format():
    f = write('gui.json', {
        'nodes': [{'id': 'n1', 'type': 'audio_source', 'position': {'x': 10, 'y': 20},
                   'parameters': {'num_frames': 3, 'buffer_size': 32}},
                  {'id': 'n2', 'type': 'gain', 'position': {'x': 100, 'y': 20}, 'parameters': {'gain_db': 6.0}},
                  {'id': 'n3', 'type': 'filter', 'position': {'x': 200, 'y': 20},
                   'parameters': {'type': 'lowpass', 'cutoff_hz': 2000}},
                  {'id': 'n4', 'type': 'fft', 'position': {'x': 300, 'y': 20}, 'parameters': {}},
                  {'id': 'n5', 'type': 'debug_sink', 'position': {'x': 400, 'y': 20},
                   'parameters': {'label': 'gui'}}],
        'edges': [{'id': 'e1', 'source': 'n1', 'target': 'n2', 'sourceHandle': 'output', 'targetHandle': 'input'},
                  {'id': 'e2', 'source': 'n2', 'target': 'n3', 'sourceHandle': None, 'targetHandle': None},
                  {'id': 'e3', 'source': 'n3', 'target': 'n4'},
                  {'id': 'e4', 'source': 'n4', 'target': 'n5'}]})
    r = run('run', f)
    assert r.returncode == 0, r.stderr
    got = lines(r.stdout, 'gui')
    assert len(got) == 3 and all('samples=17' in l for l in got), r.stdout
    # trigger_source in a GUI file
    g = write('gui-trig.json', {
        'nodes': [{'id': 'a', 'type': 'trigger_source', 'position': {'x': 0, 'y': 0}, 'parameters': {}},
                  {'id': 'b', 'type': 'debug_sink', 'position': {'x': 0, 'y': 0}, 'parameters': {'label': 'gt'}}],
        'edges': [{'id': 'e', 'source': 'a', 'target': 'b', 'sourceHandle': 'out', 'targetHandle': 'in'}]})
    r = run('run', '--triggers', '2', g)
    assert r.returncode == 0 and len(lines(r.stdout, 'gt')) == 2, r.stderr


def test_pool_one_trigger_per_instance():
    f = write('pooltrig.json', chain(('t', 'TriggerSourceNode', {'buffer_size': 16}),
                                     ('out', 'Print', {'label': 'pt'})))
    r = run('run', '--instances', '3', '--max-concurrent', '2', f)
    assert r.returncode == 0, r.stderr
    assert len(lines(r.stdout, 'pt')) == 3 and '3/3 instances completed' in r.stderr, (r.stdout, r.stderr)
    r = run('run', '--isolate', '--instances', '2', f)
    assert r.returncode == 0 and len(lines(r.stdout, 'pt')) == 2, (r.stdout, r.stderr)


def test_still_refused():
    cases = [
        (chain(('src', 'SineGenerator', {'frequncy': 1}), ('out', 'Print', None)),
         "nodes[0].config.frequncy: unknown config key 'frequncy' for slsinesrc; did you mean 'frequency'?"),
        ({'nodes': [{'id': 'a', 'type': 'SineGenerator'}, {'id': 'a', 'type': 'Print'}], 'connections': []},
         "nodes[1].id: duplicate id 'a'"),
        ({'nodes': [{'id': 'a', 'type': 'SineGenerator'}], 'connections': [{'from': 'a', 'to': 'zz'}]},
         "connections[0].to: no node with id 'zz'"),
        ({'nodes': [{'id': 'a', 'type': 'GainNode'}, {'id': 'b', 'type': 'GainNode'}],
          'connections': [{'from': 'a', 'to': 'b'}, {'from': 'b', 'to': 'a'}]},
         'the connections form a cycle'),
        (chain(('src', 'SineGenerator', None), ('out', 'Print', None), pc={'channel_capacity': 0}),
         'pipeline_config.channel_capacity: channel_capacity is out of range: 0 is not in [1, 1000000]'),
    ]
    for i, (d, msg) in enumerate(cases):
        f = write('refused%d.json' % i, d)
        r = run('validate', f)
        assert r.returncode == 2 and msg in r.stderr, (d, r.stderr)


cases = [v for k, v in sorted(globals().items()) if k.startswith('test_')]
wanted = sys.argv[2:]
for c in cases:
    if not wanted or c.__name__[5:] in wanted:
        c()
        print('%s: ok' % c.__name__[5:])
