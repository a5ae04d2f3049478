#!/usr/bin/python3
# gst-streamlab: sljsonbin used from Python through gi (standard API only).
import math
import os
import sys

import gi
gi.require_version('Gst', '1.0')
from gi.repository import Gst  # noqa: E402

Gst.init(None)

EXAMPLES = sys.argv[1]
GAIN_DB = -6.0


def pull_all(pipeline, sink):
    pipeline.set_state(Gst.State.PLAYING)
    frames = []
    while True:
        sample = sink.emit('pull-sample')
        if sample is None:
            break
        buf = sample.get_buffer()
        ok, info = buf.map(Gst.MapFlags.READ)
        assert ok
        data = memoryview(info.data).cast('d').tolist()
        buf.unmap(info)
        meta = buf.get_custom_meta('SlDataFrameMeta')
        seq = meta.get_structure().get_value('seq') if meta else None
        frames.append((seq, data))
    msg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
    assert msg is None, msg.parse_error()
    pipeline.set_state(Gst.State.NULL)
    return frames


# 1. A description with an open input and output, in the middle of a
#    pipeline: sine -> [gain from JSON] -> appsink.
desc = ('{"nodes":[{"id":"g","type":"gain","config":{"gain_db":%g}}],'
        '"connections":[]}' % GAIN_DB)
head = Gst.parse_bin_from_description(
    'slsinesrc num-buffers=5 samplesperbuffer=64 frequency=1000 ! '
    'capsfilter caps=audio/x-raw,rate=48000,format=F64LE', True)
b = Gst.ElementFactory.make('sljsonbin', 'b')
b.set_property('description', desc)
out = Gst.ElementFactory.make('appsink', 'out')
out.set_property('sync', False)
pipeline = Gst.Pipeline()
for e in (head, b, out):
    pipeline.add(e)
assert head.link(b) and b.link(out)
assert b.get_property('line') == 'volume name=g volume=0.50118723362727224', b.get_property('line')
frames = pull_all(pipeline, pipeline.get_by_name('out'))
assert len(frames) == 5, len(frames)
gain = 10 ** (GAIN_DB / 20)
for k, (seq, data) in enumerate(frames):
    assert seq == k, (seq, k)
    assert len(data) == 64
    for i, v in enumerate(data):
        n = k * 64 + i
        ref = gain * math.sin(2 * math.pi * 1000 * n / 48000)
        # volume works in float precision
        assert abs(v - ref) < 1e-6, (n, v, ref)

# 2. A complete file from the examples, its frames counted.
pipeline = Gst.Pipeline()
b = Gst.ElementFactory.make('sljsonbin')
b.set_property('location', os.path.join(EXAMPLES, 'demo.json'))
pipeline.add(b)
printed = []
b.get_by_name('print').get_static_pad('sink').add_probe(
    Gst.PadProbeType.BUFFER, lambda pad, info: printed.append(info.get_buffer().pts) or Gst.PadProbeReturn.OK)
pipeline.set_state(Gst.State.PLAYING)
msg = pipeline.get_bus().timed_pop_filtered(30 * Gst.SECOND,
                                            Gst.MessageType.EOS | Gst.MessageType.ERROR)
assert msg.type == Gst.MessageType.EOS, msg.parse_error()
pipeline.set_state(Gst.State.NULL)
# 8 frames of 256 samples at 48 kHz
assert printed == [k * 256 * Gst.SECOND // 48000 for k in range(8)], printed

# 3. An invalid description: the state change fails, the error names the
#    JSON path and what is wrong.
pipeline = Gst.parse_launch('sljsonbin name=b ! fakesink')
b = pipeline.get_by_name('b')
b.set_property('description', '{"nodes":[{"id":"g","type":"gain","config":{"gian":1}}]}')
assert pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE
msg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR)
err, dbg = msg.parse_error()
assert err.message == 'Invalid JSON pipeline description.', err.message
assert "description: nodes[0].config.gian: unknown config key 'gian' for volume; did you mean 'gain'?" in dbg, dbg
pipeline.set_state(Gst.State.NULL)

# 4. Secure by default: the sandbox refuses file and network elements
#    unless sandbox=false.
desc = ('{"nodes":[{"id":"f","type":"filesrc","config":{"location":"/etc/hostname"}},'
        '{"id":"s","type":"fakesink"}],"connections":[{"from":"f","to":"s"}]}')
b = Gst.ElementFactory.make('sljsonbin')
assert b.get_property('sandbox') is True
b.set_property('description', desc)
pipeline = Gst.Pipeline()
pipeline.add(b)
assert pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE
err, dbg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR).parse_error()
assert "nodes[0].type: element 'filesrc' is not allowed in the sandbox" in dbg, dbg
pipeline.set_state(Gst.State.NULL)
pipeline = Gst.Pipeline()
b = Gst.ElementFactory.make('sljsonbin')
b.set_property('description', desc)
b.set_property('sandbox', False)
pipeline.add(b)
pipeline.set_state(Gst.State.PLAYING)
msg = pipeline.get_bus().timed_pop_filtered(30 * Gst.SECOND, Gst.MessageType.EOS | Gst.MessageType.ERROR)
assert msg.type == Gst.MessageType.EOS, msg.parse_error()
pipeline.set_state(Gst.State.NULL)

# 5. A description that embeds itself: a clear error, no recursion.
import tempfile  # noqa: E402
tmp = tempfile.mkdtemp(prefix='sljsonbin-')
selfp = os.path.join(tmp, 'self.json')
with open(selfp, 'w') as f:
    f.write('{"nodes":[{"id":"in","type":"sljsonbin","config":{"location":"%s"}}],"connections":[]}' % selfp)
b = Gst.ElementFactory.make('sljsonbin')
b.set_property('location', selfp)
pipeline = Gst.Pipeline()
pipeline.add(b)
assert pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE
err, dbg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR).parse_error()
assert 'the description embeds itself through sljsonbin (%s -> %s)' % (selfp, selfp) in dbg, dbg
pipeline.set_state(Gst.State.NULL)

# 6. A FIFO as location is refused, not read forever.
fifo = os.path.join(tmp, 'fifo.json')
os.mkfifo(fifo)
b = Gst.ElementFactory.make('sljsonbin')
b.set_property('location', fifo)
pipeline = Gst.Pipeline()
pipeline.add(b)
assert pipeline.set_state(Gst.State.READY) == Gst.StateChangeReturn.FAILURE
err, dbg = pipeline.get_bus().pop_filtered(Gst.MessageType.ERROR).parse_error()
assert 'not a regular file' in dbg, dbg
pipeline.set_state(Gst.State.NULL)
print('sljsonbin from Python: ok')
