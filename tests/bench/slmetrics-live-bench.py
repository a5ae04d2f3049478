#!/usr/bin/python3
# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The cost of the slmetrics live view (a benchmark, not a test).

An 8-channel 48 kHz live pipeline (tests/python/live-fanout.json: sine,
low-pass, fanout to a fast and a slow branch) runs under `streamlab run`
for --seconds, in turn:
  off       no tracer
  tracer    slmetrics without http (what the live view adds: nothing)
  page      slmetrics with http and the page open in headless Chromium,
            the scope watching the low-pass node (needs chromium,
            chromium-driver and python3-selenium; skipped otherwise)
The CPU time of the streamlab process (user + system, from /proc) is
measured after a warm-up (per-thread run time from schedstat); the
browser's own CPU is not counted. Rounds
alternate the modes; medians are printed with the ratios page/tracer
(goal: at most 1.05) and tracer/off.

    GST_PLUGIN_PATH_1_0=build/plugins tests/bench/slmetrics-live-bench.py \\
        --streamlab build/pipelines/cli/streamlab [--seconds 20] [--rounds 3]
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
DESC = os.path.join(ROOT, "tests", "python", "live-fanout.json")
TICK = os.sysconf("SC_CLK_TCK")
HTTP = []                       # the server thread's CPU in page mode


def cpu_s(pid):
    """CPU time of the process's threads in s: nanoseconds from
    /proc/PID/task/*/schedstat (clock ticks from /proc/PID/stat are 10 ms,
    too coarse for a process that uses 2 % of a core)."""
    total = 0
    try:
        for t in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/schedstat" % (pid, t)) as f:
                total += int(f.read().split()[0])
        return total / 1e9
    except OSError:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK


def http_thread_s(pid):
    """CPU time of the tracer's server thread (slmetrics-http), in s."""
    for t in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, t)) as f:
                if f.read().strip() != "slmetrics-http":
                    continue
            with open("/proc/%d/task/%s/schedstat" % (pid, t)) as f:
                return int(f.read().split()[0]) / 1e9
        except OSError:
            pass
    return 0.0


def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    chromium = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        return None
    profile = tempfile.mkdtemp(prefix="slmetrics-bench-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--no-proxy-server",
                 "--user-data-dir=" + profile):
        opts.add_argument(flag)
    d = webdriver.Chrome(service=Service(driver), options=opts)
    d.profile_dir = profile
    return d


def run(streamlab, mode, seconds, warmup, drv):
    env = dict(os.environ)
    env.pop("GST_TRACERS", None)
    args = [streamlab, "run", "-q"]
    if mode == "tracer":
        env["GST_TRACERS"] = "slmetrics(table=false)"
    elif mode == "page":
        args += ["--dashboard", "127.0.0.1:0"]
    err = tempfile.TemporaryFile(mode="w+")
    p = subprocess.Popen(args + [DESC], env=env, stdout=subprocess.DEVNULL,
                         stderr=err)
    try:
        if mode == "page":
            port = None
            for _ in range(300):
                err.seek(0)
                m = re.search(r"http://127\.0\.0\.1:(\d+)/", err.read())
                if m:
                    port = m.group(1)
                    break
                time.sleep(0.02)
            drv.get("http://127.0.0.1:%s/" % port)
            time.sleep(1)
            drv.execute_script(
                "document.querySelector('.node[data-id=\"lowpass\"]')"
                ".click()")
        time.sleep(warmup)
        c0, t0, h0 = cpu_s(p.pid), time.monotonic(), http_thread_s(p.pid)
        time.sleep(seconds)
        c1, t1, h1 = cpu_s(p.pid), time.monotonic(), http_thread_s(p.pid)
        HTTP.append(100.0 * (h1 - h0) / (t1 - t0))
        if mode == "page":
            samples = drv.execute_script(
                "return document.getElementById('scope').dataset.samples")
            assert int(samples) > 0, "the scope got nothing"
            drv.get("about:blank")
    finally:
        p.terminate()
        p.wait()
    return 100.0 * (c1 - c0) / (t1 - t0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--streamlab", default="streamlab")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--warmup", type=float, default=3)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()

    drv = browser()
    modes = ["off", "tracer"] + (["page"] if drv else [])
    if not drv:
        print("no headless Chromium (chromium, chromium-driver, "
              "python3-selenium): the 'page' mode is skipped")
    res = {m: [] for m in modes}
    try:
        for r in range(a.rounds):
            for m in modes:
                res[m].append(run(a.streamlab, m, a.seconds, a.warmup, drv))
                print("round %d %-6s %6.2f %% CPU" % (r + 1, m, res[m][-1]),
                      flush=True)
    finally:
        if drv:
            drv.quit()
            shutil.rmtree(drv.profile_dir, ignore_errors=True)
    med = {m: statistics.median(v) for m, v in res.items()}
    print("\nmedian CPU of the streamlab process (%% of one core), "
          "8 channels 48 kHz live, %g s x %d:" % (a.seconds, a.rounds))
    for m in modes:
        print("  %-6s %6.2f %%" % (m, med[m]))
    print("  tracer/off %.3f" % (med["tracer"] / med["off"]))
    if "page" in med:
        print("  page/tracer %.3f (goal <= 1.05)" % (med["page"] /
                                                     med["tracer"]))
        http = [h for h in HTTP if h > 0]
        if http:
            print("  the server thread alone (page mode): %.3f %% of a core"
                  " = %.3f of the tracer-only process" % (
                      statistics.median(http),
                      statistics.median(http) / med["tracer"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
