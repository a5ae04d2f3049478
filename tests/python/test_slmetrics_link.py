#!/usr/bin/python3
# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The link latency slmetrics measures from slpay's send time: slpay !
identity sleep-time=D ! sldepay in one process reports every frame with a
latency of at least D; without send-time nothing is reported; slsend !
slreceive over TCP on loopback reports every frame as well."""

import json
import os
import shutil
import socket
import subprocess
import tempfile

tmp = tempfile.mkdtemp(prefix="slmetrics-link-")
json_path = os.path.join(tmp, "m.jsonl")
prom_path = os.path.join(tmp, "m.prom")
prev = os.environ.get("GST_TRACERS")
os.environ["GST_TRACERS"] = ((prev + ";") if prev else "") + \
    "slmetrics(json-file=%s,prometheus-file=%s,table=false)" % (json_path,
                                                                prom_path)

import gi  # noqa: E402
gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

N = 20
DELAY_US = 20000            # identity sleep-time between slpay and sldepay
SRC = ("slsinesrc num-buffers=%d samplesperbuffer=1024 "
       "! audio/x-raw,channels=8,format=F64LE" % N)


def wait(pipeline):
    msg = pipeline.get_bus().timed_pop_filtered(
        60 * Gst.SECOND, Gst.MessageType.EOS | Gst.MessageType.ERROR)
    assert msg is not None, "no EOS within 60 s"
    assert msg.type == Gst.MessageType.EOS, msg.parse_error()


def run(launch):
    pipeline = Gst.parse_launch(launch)
    pipeline.set_state(Gst.State.PLAYING)
    wait(pipeline)
    pipeline.set_state(Gst.State.NULL)


def snapshot():
    with open(json_path) as f:
        return json.loads(f.read().splitlines()[-1])["elements"]


def prom_family(name):
    with open(prom_path) as f:
        lines = [ln for ln in f.read().splitlines()
                 if ln.startswith(name) or ln.startswith("# HELP " + name)
                 or ln.startswith("# TYPE " + name)]
    return lines


def free_tcp_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    Gst.init(None)

    # 1. the injected delay: every frame, none faster than it
    run(SRC + " ! slpay ! identity sleep-time=%d ! sldepay name=dd "
        "! fakesink" % DELAY_US)
    d = snapshot()["dd"]
    assert d["link_latency_samples"] == N, d
    assert d["link_latency_negative"] == 0, d
    lat = d["link_latency_us"]
    # quantiles within 6.25% (the histogram's buckets), max exact
    assert lat["max"] >= DELAY_US, lat
    assert DELAY_US * 0.93 <= lat["p50"] <= lat["p99"] <= lat["max"], lat
    assert lat["max"] < DELAY_US + 5e6, lat
    assert d["total_link_latency_us"] >= N * DELAY_US, d
    # the latency is the depayloader's only: identity and fakesink carry
    # the frames' send time too, nothing reported for them
    for name, e in snapshot().items():
        if name != "dd":
            assert "link_latency_us" not in e, (name, e)
    fam = prom_family("streamlab_link_latency_seconds")
    assert fam[0].startswith("# HELP streamlab_link_latency_seconds "), fam
    assert fam[1] == "# TYPE streamlab_link_latency_seconds histogram", fam
    count = [ln for ln in fam
             if ln.startswith("streamlab_link_latency_seconds_count{")]
    assert len(count) == 1 and 'element="dd"' in count[0] and \
        'factory="sldepay"' in count[0], count
    assert count[0].endswith(" %d" % N), count
    inf = [ln for ln in fam if 'le="+Inf"' in ln]
    assert len(inf) == 1 and inf[0].endswith(" %d" % N), inf
    if shutil.which("promtool"):
        with open(prom_path) as f:
            res = subprocess.run(["promtool", "check", "metrics"], stdin=f,
                                 capture_output=True, text=True)
        assert res.returncode == 0, res.stdout + res.stderr

    # 2. without the send time: no link latency anywhere
    run(SRC + " ! slpay send-time=false ! sldepay name=dn ! fakesink")
    d = snapshot()["dn"]
    assert d["frames_processed"] > 0, d
    assert "link_latency_us" not in d and "link_latency_samples" not in d, d

    # 3. slsend ! slreceive over TCP on loopback, in one process
    port = free_tcp_port()
    rx = Gst.parse_launch("slreceive name=rx uri=tcp://127.0.0.1:%d "
                          "! fakesink" % port)
    rx.set_state(Gst.State.PLAYING)
    rx.get_state(10 * Gst.SECOND)
    tx = Gst.parse_launch(SRC + " ! slsend uri=tcp://127.0.0.1:%d" % port)
    tx.set_state(Gst.State.PLAYING)
    wait(tx)
    wait(rx)
    tx.set_state(Gst.State.NULL)
    rx.set_state(Gst.State.NULL)
    depay = [e for name, e in snapshot().items()
             if e["factory"] == "sldepay" and name != "dd" and name != "dn"]
    assert len(depay) == 1, snapshot().keys()
    d = depay[0]
    assert d["link_latency_samples"] == N, d
    assert 0 <= d["link_latency_us"]["p50"] <= d["link_latency_us"]["max"] \
        < 10e6, d
    print("link latency: in one process with %d us of delay p50 %.0f us; "
          "TCP loopback p50 %.0f us" % (DELAY_US, lat["p50"],
                                        d["link_latency_us"]["p50"]))
    shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
