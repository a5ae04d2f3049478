#!/usr/bin/python3
# Embedding a JSON pipeline in a Python application with sljsonbin: the
# description's open ends become the bin's pads, frames come out of an
# appsink with their DataFrame sequence ids. Standard GStreamer API only.
#
#   GST_PLUGIN_PATH=build/plugins python3 pipelines/examples/sljsonbin-example.py
import json

import gi
gi.require_version('Gst', '1.0')
from gi.repository import Gst  # noqa: E402

Gst.init(None)

description = json.dumps({
    "nodes": [
        {"id": "sine", "type": "sine_generator",
         "config": {"frequency": 250, "sample_rate": 8000, "frame_size": 80, "num_frames": 4}},
        {"id": "gain", "type": "gain", "config": {"gain": 0.25}},
    ],
    "connections": [{"from": "sine", "to": "gain"}],
})

pipeline = Gst.parse_launch('sljsonbin name=json ! appsink name=out sync=false')
pipeline.get_by_name('json').set_property('description', description)
print('inside the bin:', pipeline.get_by_name('json').get_property('line'))
sink = pipeline.get_by_name('out')
pipeline.set_state(Gst.State.PLAYING)
while True:
    sample = sink.emit('pull-sample')
    if sample is None:
        break
    buf = sample.get_buffer()
    meta = buf.get_custom_meta('SlDataFrameMeta')
    seq = meta.get_structure().get_value('seq')
    ok, info = buf.map(Gst.MapFlags.READ)
    first = memoryview(info.data).cast('d')[:3].tolist()
    buf.unmap(info)
    print('frame seq=%d pts=%d us first=%s' % (seq, buf.pts // 1000, first))
pipeline.set_state(Gst.State.NULL)
