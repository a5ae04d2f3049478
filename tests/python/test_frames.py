#!/usr/bin/python3
# gst-streamlab: DataFrames across processes, hosts and files. Every frame
# received over TCP and SRT from another process, or replayed from a
# recording, must equal the frame the same source gives in-process: seq,
# timestamps, offsets, flags, metadata, channel names and samples, bit for
# bit. Also: corrupt recordings, an appsrc application adding per-frame
# metadata with the sl-frame-metadata event, a WAV file made into frames.

import os
import socket
import struct
import subprocess
import sys
import tempfile
import unittest

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

Gst.init(None)

TIMEOUT = 60 * Gst.SECOND

NAMES = ["c%d" % i for i in range(8)]
SOURCE_8CH = (
    "slsinesrc num-buffers={n} samplesperbuffer={spb} "
    "frequencies=\"<100.0, 200.0, 300.0, 400.0, 500.0, 600.0, 700.0, 800.0>\" "
    "channel-names=\"<" + ", ".join("\\\"%s\\\"" % n for n in NAMES) + ">\" "
    "metadata=\"meta,rig=bench-2,unit=V\" ! audio/x-raw,channels=8")


def frame_record(buf):
    meta = buf.get_custom_meta("SlDataFrameMeta")
    seq, md = None, None
    if meta is not None:
        s = meta.get_structure()
        ok, seq = s.get_uint64("seq")
        if not ok:
            seq = None
        v = s.get_value("metadata")
        if v is not None:
            md = {v.nth_field_name(i): v.get_string(v.nth_field_name(i))
                  for i in range(v.n_fields())}
    ok, info = buf.map(Gst.MapFlags.READ)
    data = bytes(info.data)
    buf.unmap(info)
    return {
        "seq": seq, "pts": buf.pts, "dts": buf.dts, "duration": buf.duration,
        "offset": buf.offset, "offset_end": buf.offset_end,
        "discont": bool(buf.get_flags() & Gst.BufferFlags.DISCONT),
        "gap": bool(buf.get_flags() & Gst.BufferFlags.GAP),
        "metadata": md, "samples": data,
    }


def channel_names(pad):
    names, i = [], 0
    while True:
        ev = pad.get_sticky_event(Gst.EventType.TAG, i)
        if ev is None:
            return names
        tags = ev.parse_tag()
        n = tags.get_tag_size("sl-channel-names")
        names += [tags.get_string_index("sl-channel-names", k)[1]
                  for k in range(n)]
        i += 1


class Receiver:
    """A pipeline ending in `appsink name=sink`; collects every frame."""

    def __init__(self, desc):
        self.pipeline = Gst.parse_launch(desc)
        self.sink = self.pipeline.get_by_name("sink")
        self.pipeline.set_state(Gst.State.PLAYING)

    def collect(self, test):
        """Frames until EOS or an error (self.error), within TIMEOUT."""
        frames, names = [], None
        bus = self.pipeline.get_bus()
        self.error = None
        waited = 0
        while waited < TIMEOUT:
            sample = self.sink.emit("try-pull-sample", 100 * Gst.MSECOND)
            if sample is not None:
                frames.append(frame_record(sample.get_buffer()))
                if names is None:
                    names = channel_names(self.sink.get_static_pad("sink"))
                continue
            if self.sink.get_property("eos"):
                break
            msg = bus.pop_filtered(Gst.MessageType.ERROR)
            if msg is not None:
                self.error = msg.parse_error()[0].message
                break
            waited += 100 * Gst.MSECOND
        test.assertLess(waited, TIMEOUT, "neither EOS nor an error")
        return frames, names

    def get(self, name, prop):
        return self.pipeline.get_by_name(name).get_property(prop)

    def stop(self):
        self.pipeline.set_state(Gst.State.NULL)


def in_process(desc):
    r = Receiver(desc + " ! appsink name=sink sync=false")
    frames, names = r.collect(unittest.TestCase())
    r.stop()
    return frames, names


def launch(desc):
    return subprocess.Popen(["gst-launch-1.0", "-q"] + desc.split("\0"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def launch_line(line):
    """Runs a gst-launch line through the shell; returns the process."""
    return subprocess.Popen(["bash", "-c", "gst-launch-1.0 -q " + line],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def free_udp_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def packets(data):
    """(start, end, type) of every packet of a streamlab-frames stream, read
    with the documented header: sync, version, type, flags, body length."""
    out, pos = [], 0
    while pos + 16 <= len(data):
        sync, version, ptype, _, length = struct.unpack_from("<4sBBHI", data,
                                                             pos)
        assert sync == b"SLFR" and version == 1
        out.append((pos, pos + 16 + length, ptype))
        pos += 16 + length
    return out


FRAME = 4


class AcrossProcesses(unittest.TestCase):
    def assertSameFrames(self, got, want):
        self.assertEqual(len(got), len(want))
        for i, (g, w) in enumerate(zip(got, want)):
            for k in w:
                self.assertEqual(g[k], w[k], "frame %d: %s differs" % (i, k))

    def test_tcp_two_processes(self):
        src = SOURCE_8CH.format(n=200, spb=256)
        want, want_names = in_process(src)
        self.assertEqual(len(want), 200)
        self.assertEqual(want_names, NAMES)
        r = Receiver("tcpserversrc host=127.0.0.1 port=0 name=tcp ! "
                     "sldepay name=depay ! appsink name=sink sync=false")
        port = r.get("tcp", "current-port")
        self.assertGreater(port, 0)
        sender = launch_line(src + " ! slpay ! tcpclientsink host=127.0.0.1 "
                             "port=%d" % port)
        got, names = r.collect(self)
        self.assertEqual(sender.wait(60), 0, sender.stderr.read())
        self.assertSameFrames(got, want)
        self.assertEqual(names, NAMES)
        self.assertEqual(r.get("depay", "frames-missing"), 0)
        self.assertEqual(r.get("depay", "frames"), 200)
        r.stop()

    def test_srt_two_processes(self):
        if Gst.ElementFactory.find("srtsrc") is None:
            self.skipTest("srtsrc missing (gstreamer1.0-plugins-bad)")
        src = SOURCE_8CH.format(n=100, spb=256)
        want, _ = in_process(src)
        port = free_udp_port()
        r = Receiver("srtsrc uri=srt://127.0.0.1:%d?mode=listener ! "
                     "sldepay name=depay ! appsink name=sink sync=false"
                     % port)
        # linger: SRT live mode drops what is in flight when it closes
        sender = launch_line(src + " ! slpay linger=1000 ! srtsink "
                             "uri=srt://127.0.0.1:%d?mode=caller" % port)
        got, names = r.collect(self)
        self.assertEqual(sender.wait(60), 0, sender.stderr.read())
        self.assertSameFrames(got, want)
        self.assertEqual(names, NAMES)
        self.assertEqual(r.get("depay", "frames-missing"), 0)
        r.stop()

    def test_shell_pipe(self):
        src = SOURCE_8CH.format(n=50, spb=128)
        want, _ = in_process(src)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "piped.slf")
            line = ("gst-launch-1.0 -q %s ! slpay ! fdsink fd=1 | "
                    "gst-launch-1.0 -q fdsrc fd=0 ! sldepay ! slpay ! "
                    "filesink location=%s" % (src, path))
            res = subprocess.run(["bash", "-c", line], capture_output=True,
                                 timeout=60)
            self.assertEqual(res.returncode, 0, res.stderr)
            got, names = in_process("filesrc location=%s ! sldepay" % path)
        self.assertSameFrames(got, want)
        self.assertEqual(names, NAMES)


    def test_udp_slsend_slreceive(self):
        """A frame per datagram; one that does not fit is an error naming
        its size."""
        src = ("slsinesrc is-live=true num-buffers=40 samplesperbuffer=256 "
               "channel-names=\"<\\\"v\\\">\" metadata=\"m,k=v\"")
        want, _ = in_process(src.replace("is-live=true ", ""))
        port = free_udp_port()
        r = Receiver("slreceive name=rx uri=udp://127.0.0.1:%d ! "
                     "appsink name=sink sync=false" % port)
        sender = launch_line(src + " ! slsend uri=udp://127.0.0.1:%d" % port)
        got, names = r.collect(self)
        self.assertEqual(sender.wait(60), 0, sender.stderr.read())
        # a live source's timestamps are its running time: the rest must
        # equal the non-live frames
        for f in got + want:
            del f["pts"]
        self.assertSameFrames(got, want)
        self.assertEqual(names, ["v"])
        self.assertEqual(r.get("rx", "frames-missing"), 0)
        r.stop()
        res = subprocess.run(
            ["bash", "-c", "gst-launch-1.0 -q slsinesrc num-buffers=2 "
             "samplesperbuffer=8192 ! slsend uri=udp://127.0.0.1:%d" % port],
            capture_output=True, text=True, timeout=60)
        self.assertNotEqual(res.returncode, 0)
        # 65536 of samples, 88 of header and trailer, 32 of send time
        self.assertIn("A frame of 65656 bytes does not fit in "
                      "max-frame-size=65507 bytes", res.stderr)


class Recording(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.dir.name, "rec.slf")
        src = SOURCE_8CH.format(n=1000, spb=64)
        res = subprocess.run(["bash", "-c", "gst-launch-1.0 -q %s ! slpay ! "
                              "filesink location=%s" % (src, cls.path)],
                             capture_output=True, timeout=120)
        assert res.returncode == 0, res.stderr
        cls.want, cls.want_names = in_process(src)
        with open(cls.path, "rb") as f:
            cls.data = f.read()
        cls.packets = packets(cls.data)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def replay(self, data, props=""):
        path = os.path.join(self.dir.name, "bad.slf")
        with open(path, "wb") as f:
            f.write(data)
        r = Receiver("filesrc location=%s ! sldepay name=depay %s ! "
                     "appsink name=sink sync=false" % (path, props))
        frames, _ = r.collect(self)
        counts = {k: r.get("depay", k) for k in
                  ("frames-corrupt", "bytes-skipped", "frames-missing")}
        error = r.error
        r.stop()
        return frames, counts, error

    def test_replay_bit_identical(self):
        self.assertEqual(len(self.want), 1000)
        self.assertEqual(self.packets[-1][1], len(self.data))
        got, names = in_process("filesrc location=%s ! sldepay" % self.path)
        AcrossProcesses.assertSameFrames(self, got, self.want)
        self.assertEqual(names, NAMES)

    def frame_packet(self, i):
        return [p for p in self.packets if p[2] == FRAME][i]

    def test_garbage_in_the_middle(self):
        start, _, _ = self.frame_packet(500)
        garbage = bytes((i * 7 + 3) & 255 for i in range(1024))
        data = self.data[:start] + garbage + self.data[start:]
        frames, counts, error = self.replay(data, "on-corrupt=resync")
        self.assertIsNone(error)
        AcrossProcesses.assertSameFrames(self, frames, self.want)
        self.assertEqual(counts, {"frames-corrupt": 1, "bytes-skipped": 1024,
                                  "frames-missing": 0})
        frames, counts, error = self.replay(data)
        self.assertEqual(len(frames), 500)
        self.assertEqual(error, "Corrupt frame stream at byte offset %d: no "
                         "sync word where a packet should start." % start)

    def test_truncated(self):
        start, end, _ = self.frame_packet(700)
        cut = start + (end - start) // 2
        frames, counts, error = self.replay(self.data[:cut])
        self.assertEqual(len(frames), 700)
        AcrossProcesses.assertSameFrames(self, frames, self.want[:700])
        self.assertEqual(error, "Corrupt frame stream at byte offset %d: the "
                         "stream ends inside a packet." % start)
        frames, counts, error = self.replay(self.data[:cut],
                                            "on-corrupt=resync")
        self.assertIsNone(error)
        self.assertEqual(len(frames), 700)
        self.assertEqual(counts, {"frames-corrupt": 1,
                                  "bytes-skipped": cut - start,
                                  "frames-missing": 0})


class FromApplications(unittest.TestCase):
    def test_appsrc_per_frame_metadata(self):
        """An application pushes raw samples and tags single frames with
        the sl-frame-metadata event; they cross slpay/sldepay intact."""
        p = Gst.parse_launch(
            "appsrc name=src format=time caps=audio/x-raw,format=F32LE,"
            "layout=interleaved,rate=1000,channels=2,channel-mask=(bitmask)0x3 "
            "! slframer metadata=\"m,app=py\" ! slpay ! sldepay ! "
            "appsink name=sink sync=false")
        src, sink = p.get_by_name("src"), p.get_by_name("sink")
        p.set_state(Gst.State.PLAYING)
        for i in range(6):
            if i % 2 == 0:
                s = Gst.Structure.new_from_string(
                    "sl-frame-metadata, trial=(string)%d" % i)
                src.send_event(Gst.Event.new_custom(
                    Gst.EventType.CUSTOM_DOWNSTREAM, s))
            data = struct.pack("<20f", *[float(i * 100 + k) for k in range(20)])
            buf = Gst.Buffer.new_wrapped(data)
            buf.pts = i * 10 * Gst.MSECOND
            self.assertEqual(src.emit("push-buffer", buf), Gst.FlowReturn.OK)
        src.emit("end-of-stream")
        for i in range(6):
            sample = sink.emit("try-pull-sample", TIMEOUT)
            self.assertIsNotNone(sample)
            f = frame_record(sample.get_buffer())
            self.assertEqual(f["seq"], i)
            want = {"app": "py"}
            if i % 2 == 0:
                want["trial"] = str(i)
            self.assertEqual(f["metadata"], want)
            self.assertEqual(f["pts"], i * 10 * Gst.MSECOND)
            self.assertEqual(struct.unpack("<20f", f["samples"]),
                             tuple(float(i * 100 + k) for k in range(20)))
        self.assertIsNone(sink.emit("try-pull-sample", Gst.SECOND))
        p.set_state(Gst.State.NULL)

    def test_wav_to_frames_file(self):
        """WAV file -> slframer -> slpay -> file -> sldepay -> slprint."""
        with tempfile.TemporaryDirectory() as d:
            wav, rec = os.path.join(d, "in.wav"), os.path.join(d, "in.slf")
            steps = [
                "audiotestsrc num-buffers=10 samplesperbuffer=1024 ! "
                "audio/x-raw,format=S16LE,rate=8000,channels=2 ! wavenc ! "
                "filesink location=%s" % wav,
                "filesrc location=%s ! wavparse ! audioconvert ! "
                "audio/x-raw,format=F64LE ! slframer samplesperbuffer=300 "
                "channel-names=\"<\\\"l\\\", \\\"r\\\">\" "
                "metadata=\"m,file=in.wav\" ! slpay ! filesink location=%s"
                % (wav, rec),
            ]
            for line in steps:
                res = subprocess.run(["bash", "-c", "gst-launch-1.0 -q " +
                                      line], capture_output=True, timeout=60)
                self.assertEqual(res.returncode, 0, res.stderr)
            res = subprocess.run(["bash", "-c", "gst-launch-1.0 -q filesrc "
                                  "location=%s ! sldepay ! slprint label=wav "
                                  "max-samples=1" % rec],
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(res.returncode, 0, res.stderr)
        lines = res.stdout.splitlines()
        # 10240 samples: 34 frames of 300 and a last one of 40
        self.assertEqual(len(lines), 35)
        for i, line in enumerate(lines):
            words = line.split()
            self.assertEqual(words[0], "wav")
            self.assertEqual(words[1], "seq=%d" % i)
            self.assertEqual(words[2], "ts_us=%d" % (i * 300 * 1000000 // 8000))
            self.assertEqual(words[4], "samples=%d" % (300 if i < 34 else 40))


if __name__ == "__main__":
    res = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if res.wasSuccessful() else 1)
