#!/usr/bin/python3
# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The slmetrics tracer's files under kills and failures:
- gst-launch-1.0 killed (SIGKILL) again and again while the tracer rewrites
  its Prometheus file every millisecond leaves no temporary file behind
  once the next run has started (no `m.prom.XXXXXX`, no hidden leftovers),
  and the file is always complete;
- a path that cannot be written is said once, not at every report."""

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

LAUNCH = ["gst-launch-1.0", "-q", "slsinesrc", "samplesperbuffer=64", "!",
          "tee", "name=t", "t.", "!", "queue", "!", "fakesink", "t.", "!",
          "queue", "!", "identity", "!", "fakesink"]


def run_env(params):
    env = dict(os.environ)
    env["GST_TRACERS"] = "slmetrics(%s)" % params
    return env


def check_complete(path):
    with open(path) as f:
        text = f.read()
    assert text.endswith("\n") and "streamlab_pad_bytes_total" in text, \
        text[-200:]


def main():
    tmp = tempfile.mkdtemp(prefix="slmetrics-files-")
    prom = os.path.join(tmp, "m.prom")
    params = "prometheus-file=%s,interval=1,table=false" % prom
    rng = random.Random(1)
    try:
        kills = int(os.environ.get("SL_STRESS_SCALE", "1")) * 15
        for _ in range(kills):
            p = subprocess.Popen(LAUNCH, env=run_env(params),
                                 stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            # let it write a few reports, then kill it mid-write
            deadline = time.monotonic() + 10
            while not os.path.exists(prom) and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.02, 0.12))
            p.send_signal(signal.SIGKILL)
            p.wait()
            check_complete(prom)
            strays = [f for f in os.listdir(tmp) if f.startswith("m.prom.")]
            assert not strays, strays
        # the next run clears what a kill left between link and rename
        r = subprocess.run(LAUNCH[:3] + ["num-buffers=50"] + LAUNCH[3:],
                           env=run_env(params), capture_output=True)
        assert r.returncode == 0, r.stderr
        check_complete(prom)
        assert os.listdir(tmp) == ["m.prom"], os.listdir(tmp)

        # an unwritable path: one message, however many reports
        bad = os.path.join(tmp, "missing", "m.prom")
        r = subprocess.run(
            LAUNCH[:3] + ["num-buffers=3000"] + LAUNCH[3:],
            env=run_env("prometheus-file=%s,interval=5,table=false" % bad),
            capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        n = r.stderr.count("cannot write '%s'" % bad)
        assert n == 1, r.stderr[:2000]
    finally:
        shutil.rmtree(tmp)
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
