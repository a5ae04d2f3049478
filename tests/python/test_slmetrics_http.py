#!/usr/bin/python3
# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The slmetrics tracer's server while `streamlab run --dashboard` runs a
live pipeline: /metrics passes `promtool check metrics` and carries the
pipeline, instance and host labels, the latency histogram and the
description's elements; the snapshot carries the description's graph and
counts that grow; the server is read-only; the Prometheus text file gets
the same labels and passes promtool too.

    test_slmetrics_http.py STREAMLAB"""

import base64
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error

import sllive


def promtool_check(text):
    p = subprocess.run(["promtool", "check", "metrics"], input=text.encode(),
                       capture_output=True)
    assert p.returncode == 0, p.stdout.decode() + p.stderr.decode()


def sample(text, name, **labels):
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        if all('%s="%s"' % kv in line for kv in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError("no %s %s in:\n%s" % (name, labels, text[:2000]))


def host_status(port, host):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", "/metrics", headers={"Host": host})
    status = c.getresponse().status
    c.close()
    return status


def websocket_first_frame(port, origin):
    """The first frame opcode the server sends on /ws (0x1 text, 0x8
    close)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
               "Upgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
               "Origin: %s\r\n\r\n" % (port, key, origin)).encode())
    data = b""
    while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < 1:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 101"), head
    return body[0] & 0x0f


def main():
    streamlab = sys.argv[1]
    if not shutil.which("promtool"):
        sllive.skip("promtool not installed (Debian: prometheus)")
    host = socket.gethostname()
    tmp = tempfile.mkdtemp(prefix="slmetrics-http-")
    try:
        # a pool of two: each instance's series apart
        with sllive.Dashboard(streamlab, extra_args=["-n", "2"]) as d:
            # the page and its files are served
            st, ctype, body = d.get("/")
            assert st == 200 and ctype.startswith("text/html"), ctype
            assert b"slmetrics.js" in body
            for f in ("/slmetrics.js", "/slmetrics.css"):
                assert d.get(f)[0] == 200
            # read-only: nothing but GET/HEAD
            req = sllive.urllib.request.Request(d.url("/metrics"), data=b"x",
                                                method="POST")
            try:
                sllive._opener.open(req, timeout=10)
                raise AssertionError("POST accepted")
            except urllib.error.HTTPError as e:
                assert e.code == 405, e.code

            # loopback: only loopback names (no DNS rebinding) and the
            # page's own origin on the WebSocket (no cross-site reads)
            assert host_status(d.port, "127.0.0.1:%d" % d.port) == 200
            assert host_status(d.port, "localhost:%d" % d.port) == 200
            assert host_status(d.port, "evil.example:%d" % d.port) == 403
            own = "http://127.0.0.1:%d" % d.port
            assert websocket_first_frame(d.port, own) == 0x1
            assert websocket_first_frame(d.port, "http://evil.example") == 0x8

            time.sleep(1.0)
            st, ctype, body = d.get("/metrics")
            assert st == 200 and ctype.startswith("text/plain"), ctype
            first = body.decode()
            promtool_check(first)
            lab = dict(pipeline="pipeline0", instance="0", host=host)
            n1 = sample(first, "streamlab_frames_processed_total",
                        element="fast", **lab)
            assert "# TYPE streamlab_latency_seconds histogram" in first
            inf = sample(first, "streamlab_latency_seconds_bucket",
                         element="lowpass", le="+Inf", **lab)
            cnt = sample(first, "streamlab_latency_seconds_count",
                         element="lowpass", **lab)
            assert inf == cnt > 0, (inf, cnt)
            assert sample(first, "streamlab_pad_queue_capacity_frames",
                          element="fanout", pad="src_1", **lab) == 4
            time.sleep(1.0)
            second = d.get("/metrics")[2].decode()
            n2 = sample(second, "streamlab_frames_processed_total",
                        element="fast", **lab)
            assert n2 > n1, (n1, n2)
            assert sample(second, "streamlab_frames_processed_total",
                          element="fast", pipeline="pipeline1", instance="1",
                          host=host) > 0

            snap = json.loads(d.get("/api/snapshot")[2])
            assert [(q["name"], q["instance"], q["state"]) for q in
                    snap["pipelines"]] == [("pipeline0", "0", "playing"),
                                           ("pipeline1", "1", "playing")], \
                snap["pipelines"]
            p = snap["pipelines"][0]
            p["graph"] = json.loads(p["graph"])
            ids = [n["id"] for n in p["graph"]["nodes"]]
            assert ids == ["sine", "lowpass", "fast", "slow", "slow_sink"], ids
            conns = {(c["from"], c["to"]): c for c in
                     p["graph"]["connections"]}
            assert conns[("lowpass", "slow")]["capacity"] == 4
            assert conns[("lowpass", "slow")]["policy"] == "drop-oldest"
            assert conns[("lowpass", "slow")]["fanout"]
            names = {e["name"] for e in snap["elements"]}
            assert set(ids) <= names, names
            assert snap["links"], snap
            assert any(e["kind"] == "backpressure" for e in snap["events"]), \
                snap["events"]

        # the text file: same labels, valid
        prom = os.path.join(tmp, "m.prom")
        env = {"GST_TRACERS": "slmetrics(prometheus-file=%s,table=false,"
               "instance=file)" % prom}
        r = subprocess.run(
            ["gst-launch-1.0", "-q", "slsinesrc", "num-buffers=20", "!",
             "identity", "name=ident", "!", "fakesink"],
            env=dict(os.environ, **env), capture_output=True)
        assert r.returncode == 0, r.stderr
        with open(prom) as f:
            text = f.read()
        promtool_check(text)
        assert sample(text, "streamlab_frames_processed_total",
                      pipeline="pipeline0", instance="file", host=host,
                      element="ident") == 20
        assert os.listdir(tmp) == ["m.prom"], os.listdir(tmp)
    finally:
        shutil.rmtree(tmp)
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
