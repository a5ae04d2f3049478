#!/usr/bin/python3
# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The slmetrics tracer from a Python application: enabled through
GST_TRACERS before Gst.init(), nothing else in the program changes."""

import json
import os
import socket
import subprocess
import sys
import tempfile

tmp = tempfile.mkdtemp(prefix="slmetrics-py-")
json_path = os.path.join(tmp, "m.jsonl")
prom_path = os.path.join(tmp, "m.prom")
prev = os.environ.get("GST_TRACERS")
os.environ["GST_TRACERS"] = ((prev + ";") if prev else "") + \
    "slmetrics(json-file=%s,prometheus-file=%s,table=false)" % (json_path,
                                                                prom_path)

import gi  # noqa: E402
gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

N = 25


def run(launch):
    pipeline = Gst.parse_launch(launch)
    pipeline.set_state(Gst.State.PLAYING)
    msg = pipeline.get_bus().timed_pop_filtered(
        Gst.CLOCK_TIME_NONE, Gst.MessageType.EOS | Gst.MessageType.ERROR)
    assert msg.type == Gst.MessageType.EOS, msg.type
    pipeline.set_state(Gst.State.NULL)


def main():
    Gst.init(None)
    run("slsinesrc name=py_src num-buffers=%d samplesperbuffer=256 "
        "! audio/x-raw,channels=2 ! identity name=py_id ! fakesink "
        "name=py_sink" % N)

    with open(json_path) as f:
        lines = f.read().splitlines()
    snap = json.loads(lines[-1])
    assert set(snap) == {"timestamp_us", "elements"}, snap.keys()
    els = snap["elements"]
    for name in ("py_src", "py_id", "py_sink"):
        assert els[name]["frames_processed"] == N, (name, els[name])
        # 256 samples x 2 channels x 8 bytes
        assert els[name]["bytes"] == N * 256 * 2 * 8, (name, els[name])
        assert els[name]["errors_count"] == 0
    lat = els["py_id"]["latency_us"]
    assert els["py_id"]["latency_samples"] == N
    assert 0 < lat["p50"] <= lat["p99"] <= lat["max"], lat

    with open(prom_path) as f:
        prom = f.read()
    want = 'streamlab_frames_processed_total{pipeline="pipeline0",' \
        'instance="%d",host="%s",element="py_id",factory="identity"} %d\n' \
        % (os.getpid(), socket.gethostname(), N)
    assert want in prom, prom

    # a part of a description placed on a host: STREAMLAB_HOST names it
    host_prom = os.path.join(tmp, "host.prom")
    env = dict(os.environ, STREAMLAB_HOST="edge-1",
               GST_TRACERS="slmetrics(prometheus-file=%s,table=false)"
               % host_prom)
    subprocess.run(["gst-launch-1.0", "-q", "slsinesrc", "num-buffers=3",
                    "!", "identity", "name=edge_id", "!", "fakesink"],
                   env=env, check=True, timeout=60)
    with open(host_prom) as f:
        prom = f.read()
    assert 'host="edge-1",element="edge_id"' in prom, prom
    assert 'host="%s"' % socket.gethostname() not in prom, prom
    os.unlink(host_prom)
    Gst.deinit()
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        for p in (json_path, prom_path):
            if os.path.exists(p):
                os.unlink(p)
        os.rmdir(tmp)
