# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""slresilient and slchaos from Python: stats, messages and dead-lettered
frames' metadata, with standard GStreamer API only."""

import sys
import unittest

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

N = 120


class SlResilientFromPython(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        Gst.init(None)

    def run_pipeline(self, policy):
        pipeline = Gst.parse_launch(
            "slsinesrc num-buffers=%d samplesperbuffer=64 ! "
            "slresilient.( name=r error-policy=%s "
            "slchaos name=c mode=error every=10 ) ! appsink name=out "
            "sync=false r.deadletter ! queue ! appsink name=dl sync=false"
            % (N, policy))
        out, dl = [], []

        def collect(sink, into):
            sample = sink.emit("pull-sample")
            buf = sample.get_buffer()
            meta = buf.get_custom_meta("SlDataFrameMeta")
            s = meta.get_structure()
            md = None
            if s.has_field("metadata"):
                # copy the strings out while the frame is alive
                st = s.get_value("metadata")
                md = {st.nth_field_name(i): st.get_value(st.nth_field_name(i))
                      for i in range(st.n_fields())}
            into.append((s.get_value("seq"), md))
            return Gst.FlowReturn.OK

        for name, into in (("out", out), ("dl", dl)):
            sink = pipeline.get_by_name(name)
            sink.set_property("emit-signals", True)
            sink.connect("new-sample", collect, into)

        handled = []
        bus = pipeline.get_bus()
        pipeline.set_state(Gst.State.PLAYING)
        while True:
            msg = bus.timed_pop_filtered(
                30 * Gst.SECOND,
                Gst.MessageType.EOS | Gst.MessageType.ERROR
                | Gst.MessageType.ELEMENT)
            self.assertIsNotNone(msg, "no EOS")
            if msg.type == Gst.MessageType.ELEMENT:
                if msg.get_structure().get_name() == \
                        "streamlab-error-handled":
                    handled.append(msg.get_structure().copy())
                continue
            self.assertEqual(msg.type, Gst.MessageType.EOS)
            break
        stats = pipeline.get_by_name("r").get_property("stats")
        pipeline.set_state(Gst.State.NULL)
        return out, dl, handled, stats

    def test_dead_letter(self):
        out, dl, handled, stats = self.run_pipeline("dead-letter")
        failed = [s for s in range(N) if (s + 1) % 10 == 0]
        self.assertEqual([seq for seq, _ in dl], failed)
        self.assertEqual([seq for seq, _ in out],
                         [s for s in range(N) if s not in failed])
        for _, md in dl:
            self.assertEqual(md.get("error-domain"),
                             "gst-stream-error-quark")
            self.assertEqual(md.get("error-message"),
                             "Fault injected by slchaos.")
            self.assertEqual(md.get("error-attempts"), "1")
        self.assertEqual(len(handled), len(failed))
        self.assertEqual(stats.get_value("frames-in"), N)
        self.assertEqual(stats.get_value("frames-dead-lettered"),
                         len(failed))
        self.assertEqual(stats.get_value("frames-out"), N - len(failed))

    def test_use_default(self):
        out, dl, _, stats = self.run_pipeline("use-default")
        self.assertEqual([seq for seq, _ in out], list(range(N)))
        defaults = [seq for seq, md in out
                    if md is not None and md.get("default") == "true"]
        self.assertEqual(defaults, [s for s in range(N) if (s + 1) % 10 == 0])
        self.assertEqual(dl, [])
        self.assertEqual(stats.get_value("frames-defaulted"), len(defaults))


if __name__ == "__main__":
    sys.exit(unittest.main())
