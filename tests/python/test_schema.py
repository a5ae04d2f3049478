#!/usr/bin/python3
# gst-streamlab: the JSON Schema of descriptions.
#
# usage: test_schema.py STREAMLAB SCHEMA_FILE EXAMPLES_DIR --check|--write|--agree
#
# --check  the checked-in schema is what `streamlab schema` generates from
#          the translator's tables and the registry (fails when it falls
#          behind: run `meson compile -C build update-schema`)
# --write  rewrites the checked-in schema
# --agree  every example, a corpus of valid documents and a corpus of
#          invalid ones are judged by a JSON Schema validator (Debian's
#          python3-jsonschema) and by `streamlab validate`; the test fails
#          where they disagree. Graph errors a schema cannot see (unknown
#          ids, cycles, pads) are listed apart: validate alone refuses them.
import glob
import json
import os
import subprocess
import sys
import tempfile

STREAMLAB, SCHEMA, EXAMPLES, MODE = sys.argv[1:5]


def generated():
    r = subprocess.run([STREAMLAB, 'schema'], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


if MODE == '--write':
    with open(SCHEMA, 'w') as f:
        f.write(generated())
    print('wrote', SCHEMA)
    sys.exit(0)

if MODE == '--check':
    with open(SCHEMA) as f:
        current = f.read()
    if current != generated():
        sys.exit('%s is behind the translator and the registry: run '
                 '`meson compile -C build update-schema`' % SCHEMA)
    print('schema up to date')
    sys.exit(0)

try:
    import jsonschema
except ImportError:
    print('SKIP: python3-jsonschema is not installed')
    sys.exit(77)

with open(SCHEMA) as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
TMP = tempfile.mkdtemp(prefix='streamlab-schema-')


def node(nid, ntype, cfg=None, **kw):
    n = {'id': nid, 'type': ntype}
    if cfg is not None:
        n['config'] = cfg
    n.update(kw)
    return n


def pair(src_cfg=None, sink='print', sink_cfg=None, **top):
    d = {'nodes': [node('src', 'SineGenerator', src_cfg), node('out', sink, sink_cfg)],
         'connections': [{'from': 'src', 'to': 'out'}]}
    d.update(top)
    return d


VALID = [
    pair({'sample_rate': 48000.0, 'num_channels': 2, 'buffer_size': 256, 'num_frames': 3}),
    pair({'frequency': 1000, 'amplitude': 0.5, 'mode': 'continuous', 'is_live': True}),
    pair({'metadata': {'sensor': 'a1'}}, 'Print', {'label': 'x', 'log_level': 'debug', 'max_samples': 2}),
    {'nodes': [node('t', 'TriggerSourceNode', {'mode': 'periodic', 'interval_ms': 20}),
               node('f', 'FilterNode', {'type': 'HighPass', 'cutoff_hz': 100}),
               node('w', 'FFTNode', {'window_type': 'hanning'}),
               node('p', 'DebugSinkNode')],
     'connections': [{'from': 't', 'to': 'f'}, {'from': 'f', 'to': 'w'}, {'from': 'w', 'to': 'p'}],
     'pipeline_config': {'channel_capacity': 10.0, 'priority': 'Urgent', 'policy': 'Drop_Oldest'}},
    pair({'device_profile_id': 'mic'}, 'GainNode', {'gain_db': 80}),
    pair(None, 'filter', {'filter_type': 'notch'}),
    pair(None, 'resilient', None),
    {'nodes': []},
    {'nodes': [node('a', 'SineGenerator', None)], 'connections': []},
    {'nodes': [node('a', 'audio_source', parameters={'num_frames': 2}, position={'x': 1, 'y': 2}),
               node('b', 'debug_sink', parameters={}, position={'x': 3, 'y': 4})],
     'edges': [{'id': 'e1', 'source': 'a', 'target': 'b', 'sourceHandle': 'out', 'targetHandle': None}]},
    {'nodes': [node('a', 'SineGenerator', {'num_frames': 2}, resilience={
        'error_policy': 'skip-frame', 'restart': {'strategy': 'exponential', 'base_ms': 10}}),
        node('b', 'fakesink')],
     'connections': [{'from': 'a', 'to': 'b', 'capacity': 5, 'policy': 'drop-newest'}]},
    {'nodes': [node('a', 'slsinesrc', {'samplesperbuffer': 64, 'num_buffers': 2, 'frequencies': [100, 200]}),
               node('b', 'fakesink')],
     'connections': [{'from': 'a', 'to': 'b'}]},
]

INVALID = [
    {'node': []},
    {'nodes': {}},
    {'nodes': [42]},
    {'nodes': [{'type': 'print'}]},
    {'nodes': [{'id': 'a'}]},
    {'nodes': [{'id': 'a b', 'type': 'print'}]},
    {'nodes': [{'id': 7, 'type': 'print'}]},
    {'nodes': [node('a', 'SineGenerator', confg={})]},
    {'nodes': [node('a', 'SineGenerator', [])]},
    {'nodes': [node('a', 'SineGenerator', {'num_frames': 1}, parameters={'num_frames': 1})]},
    pair({'frequncy': 440}),
    pair({'frequency': 'high'}),
    pair({'frequency': -5}),
    pair({'frequency': None}),
    pair({'num_frames': 2.5}),
    pair({'sample_rate': 48000.5}),
    pair({'num_frames': 99999999999999999999}),
    pair({'num_channels': 33}),
    pair({'num_channels': 0}),
    pair({'samplesperbuffer': 0}),
    pair({'mode': 'trig'}),
    pair({'mode': 'periodic'}),
    pair({'mode': 3}),
    pair({'is_live': 'yes'}),
    pair({'frequencies': 440}),
    pair({'frequencies': [440, 'x']}),
    pair({'metadata': {'k': 5}}),
    pair({'interval_ms': 0}),
    pair(None, 'GainNode', {'gain_db': 81}),
    pair(None, 'volume', {'gain_db': 40}),
    pair(None, 'filter', {'filter_type': 'sideways'}),
    pair(None, 'fft', {'window_type': 'kaiser'}),
    pair(None, 'print', {'max_samples': 65}),
    pair(None, 'print', {'name': 'x'}),
    pair(pipeline_config={'channel_capacity': 0}),
    pair(pipeline_config={'channel_capacity': -1}),
    pair(pipeline_config={'chanel_capacity': 5}),
    pair(pipeline_config={'priority': 3}),
    pair(pipeline_config={'policy': 'drop-all'}),
    dict(pair(), extra=1),
    {'nodes': [node('a', 'SineGenerator'), node('b', 'print')]},
    {'nodes': [node('a', 'SineGenerator'), node('b', 'print')], 'connections': [{'from': 'a'}]},
    {'nodes': [node('a', 'SineGenerator'), node('b', 'print')], 'connections': [{'from': 'a', 'to': 'b', 'form': 1}]},
    {'nodes': [node('a', 'SineGenerator'), node('b', 'print')], 'connections': [{'from': 'a', 'to': 'b', 'capacity': 0}]},
    {'nodes': [node('a', 'SineGenerator'), node('b', 'print')], 'connections': [{'from': 'a', 'to': 'b', 'policy': 'x'}]},
    {'nodes': [node('a', 'SineGenerator'), node('b', 'print')], 'edges': [{'source': 'a', 'target': 'b', 'label': 1}]},
    {'nodes': [node('a', 'SineGenerator'), node('b', 'print')], 'edges': [{'source': 'a'}]},
    {'nodes': [node('a', 'SineGenerator'), node('b', 'print')], 'connections': [], 'edges': []},
    {'nodes': [node('a', 'SineGenerator', {'num_frames': 1}, resilience={'error_policy': 'shrug'}),
               node('b', 'fakesink')], 'connections': [{'from': 'a', 'to': 'b'}]},
    {'nodes': [node('a', 'SineGenerator', {'num_frames': 1}, resilience={'restart': {'base': 1}}),
               node('b', 'fakesink')], 'connections': [{'from': 'a', 'to': 'b'}]},
    {'nodes': [node('a%d' % i, 'fakesrc') for i in range(257)]},
]

# refused by validate only: a schema does not see the graph
GRAPH_ONLY = [
    {'nodes': [node('a', 'SineGenerator'), node('a', 'print')], 'connections': []},
    {'nodes': [node('a', 'SineGenerator'), node('b', 'print')], 'connections': [{'from': 'a', 'to': 'zz'}]},
    {'nodes': [node('a', 'GainNode'), node('b', 'GainNode')],
     'connections': [{'from': 'a', 'to': 'b'}, {'from': 'b', 'to': 'a'}]},
    {'nodes': [node('a', 'SineGenerator'), node('b', 'print')],
     'connections': [{'from': 'a', 'to': 'b', 'to_pad': 'video'}]},
]


def streamlab_valid(path):
    r = subprocess.run([STREAMLAB, 'validate', path], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=60)
    assert r.returncode in (0, 2), (path, r.returncode, r.stderr)
    return r.returncode == 0, r.stderr.strip()


docs = [(os.path.basename(f), json.load(open(f)), None)
        for f in sorted(glob.glob(os.path.join(EXAMPLES, '*.json')))]
docs += [('valid%d' % i, d, True) for i, d in enumerate(VALID)]
docs += [('invalid%d' % i, d, False) for i, d in enumerate(INVALID)]
disagree = []
for name, d, expect in docs:
    path = os.path.join(TMP, name if name.endswith('.json') else name + '.json')
    with open(path, 'w') as f:
        json.dump(d, f)
    by_schema = validator.is_valid(d)
    by_validate, why = streamlab_valid(path)
    if by_schema != by_validate:
        errs = [e.message[:160] for e in validator.iter_errors(d)][:2]
        disagree.append('%s: schema %s, validate %s (%s) %s' % (
            name, 'accepts' if by_schema else 'refuses', 'accepts' if by_validate else 'refuses',
            why, errs))
    elif expect is not None and by_schema != expect:
        disagree.append('%s: both %s it, expected %s' % (
            name, 'accept' if by_schema else 'refuse', 'valid' if expect else 'invalid'))
for i, d in enumerate(GRAPH_ONLY):
    path = os.path.join(TMP, 'graph%d.json' % i)
    with open(path, 'w') as f:
        json.dump(d, f)
    if streamlab_valid(path)[0]:
        disagree.append('graph%d: validate accepts it' % i)
assert not disagree, '\n'.join(disagree)
print('schema and validate agree on %d documents' % len(docs))
