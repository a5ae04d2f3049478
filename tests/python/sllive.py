# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Shared by the live view's tests: runs `streamlab run --dashboard` on a
loopback ephemeral port and talks to the slmetrics tracer's server. Only
127.0.0.1 is ever contacted (no proxy)."""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
LIVE_JSON = os.path.join(HERE, "live-fanout.json")

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def skip(why):
    print("SKIP: " + why)
    sys.exit(SKIP)


class Dashboard:
    """`streamlab run --dashboard 127.0.0.1:0 DESCRIPTION` in the
    background; .port is the port the tracer chose."""

    def __init__(self, streamlab, description=LIVE_JSON, extra_args=(),
                 env=None):
        e = dict(os.environ)
        e.update(env or {})
        e.pop("GST_TRACERS", None)
        self.err_path = os.path.join(
            os.environ.get("SL_BUILD_ROOT", "/tmp"),
            "sllive-%d.err" % os.getpid())
        self.err = open(self.err_path, "w+")
        self.proc = subprocess.Popen(
            [streamlab, "run", "-q", "--dashboard", "127.0.0.1:0"] +
            list(extra_args) + [description],
            stdout=subprocess.DEVNULL, stderr=self.err, env=e)
        self.port = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.port is None:
            if self.proc.poll() is not None:
                raise RuntimeError("streamlab exited: " + self.stderr())
            m = re.search(r"live view on http://127\.0\.0\.1:(\d+)/",
                          self.stderr())
            if m:
                self.port = int(m.group(1))
            else:
                time.sleep(0.05)
        if self.port is None:
            self.stop()
            raise RuntimeError("no live view announced: " + self.stderr())

    def stderr(self):
        with open(self.err_path) as f:
            return f.read()

    def url(self, path="/"):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def get(self, path):
        with _opener.open(self.url(path), timeout=10) as r:
            return r.status, r.headers.get("Content-Type"), r.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.err.close()
        os.unlink(self.err_path)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
