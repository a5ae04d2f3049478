#!/usr/bin/python3
# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The slmetrics soak (not a test): runs `streamlab run` on
soak-restarts.json (a live pipeline whose middle node fails every 10th
frame and is restarted each time) with the slmetrics tracer on (periodic
JSON and Prometheus reports, and the live view unless --no-http), and
prints the process's RSS, threads and open fds every 10 s. Memory should
be flat after the warm-up.

    tests/soak/slmetrics-soak.py --streamlab build/pipelines/cli/streamlab \\
        [--minutes 10] [--period 10] [--no-http]

Run from a build tree: GST_PLUGIN_PATH_1_0=build/plugins."""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def status(pid):
    rss = threads = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    fds = len(os.listdir("/proc/%d/fd" % pid))
    return rss, threads, fds


def restarts(jsonl):
    """slresilient's restart count from the tracer's last JSON line."""
    import json
    try:
        with open(jsonl, "rb") as f:
            f.seek(0, 2)
            f.seek(max(0, f.tell() - 65536))
            last = f.read().splitlines()[-1]
        el = json.loads(last)["elements"].get("faulty", {})
        return int(el.get("stats", {}).get("restarts", 0))
    except (OSError, ValueError, IndexError):
        return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--streamlab", default="streamlab")
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--period", type=float, default=10)
    ap.add_argument("--no-http", action="store_true")
    a = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="slmetrics-soak-")
    jsonl = os.path.join(tmp, "m.jsonl")
    prom = os.path.join(tmp, "m.prom")
    params = "interval=1000,table=false,json-file=%s,prometheus-file=%s" % (
        jsonl, prom)
    if not a.no_http:
        params += ",http=127.0.0.1:0"
    env = dict(os.environ, GST_TRACERS="slmetrics(%s)" % params)
    proc = subprocess.Popen([a.streamlab, "run", "-q",
                             os.path.join(HERE, "soak-restarts.json")],
                            env=env, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    first = None
    print("%8s %10s %8s %6s %9s" % ("time_s", "rss_kib", "threads", "fds",
                                     "restarts"), flush=True)
    try:
        while time.monotonic() - start < a.minutes * 60:
            time.sleep(a.period)
            if proc.poll() is not None:
                print("streamlab exited with %d" % proc.returncode)
                return 1
            rss, threads, fds = status(proc.pid)
            first = first or rss
            print("%8.0f %10d %8d %6d %9d" % (time.monotonic() - start, rss,
                                              threads, fds, restarts(jsonl)),
                  flush=True)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for f in (jsonl, prom):
            if os.path.exists(f):
                os.unlink(f)
        os.rmdir(tmp)
    print("RSS: %d KiB at the first sample, %d KiB at the last (%+d KiB)" % (
        first or 0, rss, rss - (first or 0)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
