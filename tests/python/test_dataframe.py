#!/usr/bin/python3
# gst-streamlab: an application reads DataFrames with standard GStreamer API
# only, through gi: the seq and metadata of the SlDataFrameMeta, and the
# channel names from the stream tag. No binding of ours is needed.

import sys
import unittest

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

Gst.init(None)


class DataFrameFromPython(unittest.TestCase):
    def run_pipeline(self, desc, frames):
        pipeline = Gst.parse_launch(desc)
        sink = pipeline.get_by_name("sink")
        pipeline.set_state(Gst.State.PLAYING)
        samples = []
        for _ in range(frames):
            sample = sink.emit("pull-sample")
            self.assertIsNotNone(sample)
            samples.append(sample)
        self.assertIsNone(sink.emit("pull-sample"), "more frames than asked")
        self.assertTrue(sink.get_property("eos"))
        bus = pipeline.get_bus()
        tags = []
        while True:
            msg = bus.pop_filtered(Gst.MessageType.TAG | Gst.MessageType.ERROR)
            if msg is None:
                break
            self.assertNotEqual(msg.type, Gst.MessageType.ERROR)
            tags.append(msg.parse_tag())
        pipeline.set_state(Gst.State.NULL)
        return samples, tags

    def test_seq_and_metadata(self):
        samples, _ = self.run_pipeline(
            "slsinesrc num-buffers=10 metadata=\"meta,sensor=a1,unit=V\" ! "
            "appsink name=sink sync=false", 10)
        for i, sample in enumerate(samples):
            buf = sample.get_buffer()
            meta = buf.get_custom_meta("SlDataFrameMeta")
            self.assertIsNotNone(meta, "frame %d has no SlDataFrameMeta" % i)
            s = meta.get_structure()
            ok, seq = s.get_uint64("seq")
            self.assertTrue(ok)
            self.assertEqual(seq, i)
            md = s.get_value("metadata")
            self.assertIsInstance(md, Gst.Structure)
            self.assertEqual(md.get_string("sensor"), "a1")
            self.assertEqual(md.get_string("unit"), "V")
            # the timestamp follows the sample count exactly
            self.assertEqual(buf.pts, Gst.util_uint64_scale_int(
                i * 1024, Gst.SECOND, 48000))

    def test_channel_names(self):
        samples, tags = self.run_pipeline(
            "slsinesrc num-buffers=2 frequencies=\"<100.0, 200.0>\" "
            "channel-names=\"<\\\"pressure\\\", \\\"temperature\\\">\" ! "
            "appsink name=sink sync=false", 2)
        caps = samples[0].get_caps().get_structure(0)
        self.assertEqual(caps.get_value("channels"), 2)
        names = []
        for taglist in tags:
            n = taglist.get_tag_size("sl-channel-names")
            names += [taglist.get_string_index("sl-channel-names", i)[1]
                      for i in range(n)]
        self.assertEqual(names, ["pressure", "temperature"])


if __name__ == "__main__":
    res = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if res.wasSuccessful() else 1)
