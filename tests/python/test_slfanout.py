#!/usr/bin/python3
# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
#
# This library is free software; you can redistribute it and/or
# modify it under the terms of the GNU Library General Public
# License as published by the Free Software Foundation; either
# version 2 of the License, or (at your option) any later version.

"""slfanout from an application: branches requested and configured through
the standard API, per-branch counters read as pad properties, backpressure
messages read from the bus, and the DataFrame meta read on every branch."""

import time
import unittest

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

Gst.init(None)

FRAMES = 200


class FanoutFromApp(unittest.TestCase):
    def test_branches_counters_and_messages(self):
        pipeline = Gst.parse_launch(
            "slsinesrc samplesperbuffer=64 num-buffers=%d ! "
            "slfanout name=f message-interval=0" % FRAMES)
        fanout = pipeline.get_by_name("f")

        fast = fanout.request_pad_simple("src_%u")
        slow = fanout.request_pad_simple("src_%u")
        self.assertEqual(type(slow).__name__, "GstSlFanoutPad")
        slow.set_property("capacity", 2)
        Gst.util_set_object_arg(slow, "policy", "drop-newest")
        self.assertEqual(slow.get_property("capacity"), 2)

        seqs = {fast.get_name(): [], slow.get_name(): []}

        def watch(pad, info, delay):
            meta = info.get_buffer().get_custom_meta("SlDataFrameMeta")
            seqs[pad.get_name()].append(meta.get_structure().get_value("seq"))
            if delay:
                time.sleep(delay)  # a slow consumer, not a wait for the test
            return Gst.PadProbeReturn.OK

        for pad, delay in ((fast, 0), (slow, 0.002)):
            sink = Gst.ElementFactory.make("fakesink")
            pipeline.add(sink)
            self.assertEqual(pad.link(sink.get_static_pad("sink")),
                             Gst.PadLinkReturn.OK)
            pad.add_probe(Gst.PadProbeType.BUFFER, watch, delay)

        pipeline.set_state(Gst.State.PLAYING)
        bus = pipeline.get_bus()
        messages = []
        while True:
            msg = bus.timed_pop_filtered(
                Gst.CLOCK_TIME_NONE,
                Gst.MessageType.EOS | Gst.MessageType.ERROR |
                Gst.MessageType.ELEMENT)
            if msg.type == Gst.MessageType.ELEMENT:
                s = msg.get_structure()
                if s.get_name() == "streamlab-backpressure":
                    messages.append((s.get_string("pad"),
                                     s.get_string("state"),
                                     s.get_string("policy")))
                continue
            self.assertEqual(msg.type, Gst.MessageType.EOS)
            break

        self.assertEqual(fanout.get_property("frames-in"), FRAMES)
        # the fast branch: everything, in order, nothing dropped
        self.assertEqual(fast.get_property("frames-delivered"), FRAMES)
        self.assertEqual(fast.get_property("frames-dropped"), 0)
        self.assertEqual(seqs["src_0"], list(range(FRAMES)))
        # the slow branch: every frame accounted for, at most 2 queued
        delivered = slow.get_property("frames-delivered")
        dropped = slow.get_property("frames-dropped")
        self.assertEqual(delivered + dropped, FRAMES)
        self.assertGreater(dropped, 0)
        self.assertLessEqual(slow.get_property("high-water"), 2)
        self.assertEqual(slow.get_property("level"), 0)
        self.assertEqual(len(seqs["src_1"]), delivered)
        self.assertEqual(seqs["src_1"], sorted(seqs["src_1"]))
        # full, then recovered once drained
        slow_msgs = [m for m in messages if m[0] == "src_1"]
        self.assertEqual(slow_msgs[0], ("src_1", "full", "drop-newest"))
        self.assertEqual(slow_msgs[-1], ("src_1", "recovered", "drop-newest"))

        pipeline.set_state(Gst.State.NULL)
        fanout.release_request_pad(slow)
        fanout.release_request_pad(fast)
        self.assertEqual(fanout.get_property("num-src-pads"), 0)


if __name__ == "__main__":
    unittest.main()
