#!/usr/bin/python3
# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""A real Prometheus server (Debian's `prometheus`) scrapes the slmetrics
tracer's /metrics while `streamlab run --dashboard` runs a live pipeline,
and PromQL answers with our labels: the frame counter grows and the
latency histogram gives a quantile. Loopback only; the server listens on
an ephemeral port, keeps its data in a temporary folder and is stopped by
its PID. Skips (77) when prometheus is not installed.

    test_slmetrics_scrape.py STREAMLAB"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

import sllive


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def query(port, promql):
    url = "http://127.0.0.1:%d/api/v1/query?query=%s" % (
        port, urllib.parse.quote(promql))
    try:
        with sllive._opener.open(url, timeout=5) as r:
            doc = json.load(r)
    except OSError:
        return None
    if doc.get("status") != "success":
        return None
    return doc["data"]["result"]


def wait_for(port, promql, accept, timeout=45):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        res = query(port, promql)
        if res and accept(res):
            return res
        time.sleep(0.5)
    raise AssertionError("no answer to %s: %s" % (promql, query(port,
                                                                   promql)))


def main():
    streamlab = sys.argv[1]
    prom = shutil.which("prometheus")
    if not prom:
        sllive.skip("prometheus not installed (Debian: prometheus)")
    tmp = tempfile.mkdtemp(prefix="slmetrics-scrape-")
    server = None
    host = socket.gethostname()
    try:
        with sllive.Dashboard(streamlab) as d:
            cfg = os.path.join(tmp, "prometheus.yml")
            with open(cfg, "w") as f:
                # honor_labels: the tracer's own `instance` label (the pool
                # instance) is kept instead of the target's address
                f.write("global:\n  scrape_interval: 1s\n"
                        "scrape_configs:\n  - job_name: streamlab\n"
                        "    honor_labels: true\n"
                        "    static_configs:\n"
                        "      - targets: ['127.0.0.1:%d']\n" % d.port)
            pport = free_port()
            server = subprocess.Popen(
                [prom, "--config.file=" + cfg,
                 "--storage.tsdb.path=" + os.path.join(tmp, "data"),
                 "--web.listen-address=127.0.0.1:%d" % pport],
                stdout=subprocess.DEVNULL,
                stderr=open(os.path.join(tmp, "prometheus.log"), "w"))
            sel = ('{element="fast",pipeline="pipeline0",instance="0",'
                   'host="%s"}' % host)
            first = wait_for(pport, "streamlab_frames_processed_total" + sel,
                             lambda r: float(r[0]["value"][1]) > 0)
            v1 = float(first[0]["value"][1])
            wait_for(pport, "streamlab_frames_processed_total" + sel,
                     lambda r: float(r[0]["value"][1]) > v1)
            up = wait_for(pport, 'up{job="streamlab"}',
                          lambda r: r[0]["value"][1] == "1")
            assert up
            q = wait_for(
                pport, 'histogram_quantile(0.99, '
                'streamlab_latency_seconds_bucket{element="lowpass"})',
                lambda r: r[0]["value"][1] not in ("NaN", "+Inf"))
            assert 0 < float(q[0]["value"][1]) < 10, q
    except AssertionError:
        log = os.path.join(tmp, "prometheus.log")
        if os.path.exists(log):
            with open(log) as f:
                sys.stderr.write(f.read()[-3000:])
        raise
    finally:
        if server is not None:
            os.kill(server.pid, signal.SIGTERM)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                os.kill(server.pid, signal.SIGKILL)
                server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
