#!/usr/bin/python3
# gst-streamlab: a Python appsrc application that stamps DataFrames (seq and
# metadata) through the GstStreamlab typelib; our elements (slfilter,
# slprint) and appsink read them back. Run against an installed copy by
# installed.py; prints what appsink received, exits 0 when every frame came
# back with its seq, metadata and samples.
import struct
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstStreamlab", "1.0")
from gi.repository import GLib, Gst, GstStreamlab  # noqa: E402

FRAMES = 6
SAMPLES = 4
FIRST_SEQ = 1000

Gst.init(None)

pipeline = Gst.parse_launch(
    "appsrc name=src format=time "
    "caps=audio/x-raw,format=F64LE,layout=interleaved,rate=1000,channels=1 "
    "! slfilter kind=moving-average window=1 ! tee name=t "
    "t. ! queue ! slprint label=py max-samples=2 "
    "t. ! queue ! appsink name=sink sync=false")
src = pipeline.get_by_name("src")
sink = pipeline.get_by_name("sink")
pipeline.set_state(Gst.State.PLAYING)

for i in range(FRAMES):
    samples = [float(i * SAMPLES + k) for k in range(SAMPLES)]
    buf = Gst.Buffer.new_wrapped(struct.pack("<%dd" % SAMPLES, *samples))
    buf.pts = i * SAMPLES * Gst.SECOND // 1000
    buf.duration = SAMPLES * Gst.SECOND // 1000
    GstStreamlab.buffer_set_seq(buf, FIRST_SEQ + i)
    GstStreamlab.buffer_set_metadata(buf, "sensor", "py-%d" % i)
    GstStreamlab.buffer_set_metadata(buf, "unit", "V")
    assert src.emit("push-buffer", buf) == Gst.FlowReturn.OK
src.emit("end-of-stream")

errors = []
for i in range(FRAMES):
    sample = sink.emit("try-pull-sample", 10 * Gst.SECOND)
    if sample is None:
        errors.append("frame %d: nothing received" % i)
        break
    buf = sample.get_buffer()
    ok, seq = GstStreamlab.buffer_get_seq(buf)
    sensor = GstStreamlab.buffer_get_metadata(buf, "sensor")
    md = GstStreamlab.buffer_peek_metadata(buf)
    ok_map, info = buf.map(Gst.MapFlags.READ)
    values = list(struct.unpack("<%dd" % SAMPLES, bytes(info.data)))
    buf.unmap(info)
    print("appsink seq=%s sensor=%s unit=%s values=%s" %
          (seq if ok else "-", sensor, md.get_string("unit") if md else None,
           values), flush=True)
    if not ok or seq != FIRST_SEQ + i:
        errors.append("frame %d: seq %r" % (i, seq if ok else None))
    if sensor != "py-%d" % i or md is None or md.get_string("unit") != "V":
        errors.append("frame %d: metadata %r" % (i, md and md.to_string()))
    if values != [float(i * SAMPLES + k) for k in range(SAMPLES)]:
        errors.append("frame %d: samples %r" % (i, values))

bus = pipeline.get_bus()
msg = bus.timed_pop_filtered(10 * Gst.SECOND,
                             Gst.MessageType.EOS | Gst.MessageType.ERROR)
if msg is None or msg.type != Gst.MessageType.EOS:
    errors.append("no EOS: %r" % (msg and msg.parse_error()))
pipeline.set_state(Gst.State.NULL)

# The translation through the typelib: errors carry their JSON path.
try:
    GstStreamlab.json_translate(
        '{"nodes": [{"id": "a", "type": "slfilter", "config": '
        '{"cutoff": "high"}}], "connections": []}', "app.json")
    errors.append("an invalid description was accepted")
except GLib.Error as e:
    print("translate error: %s" % e.message, flush=True)
    if not e.matches(GstStreamlab.json_error_quark(), GstStreamlab.JsonError.VALUE):
        errors.append("error %s/%d" % (e.domain, e.code))
    if "nodes[0].config.cutoff" not in e.message:
        errors.append("no JSON path in %r" % e.message)

for e in errors:
    print("FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
