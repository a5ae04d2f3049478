#!/usr/bin/python3
# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The cost of the slmetrics live view (a benchmark, not a test).

An 8-channel 48 kHz live pipeline (tests/python/live-fanout.json: sine,
low-pass, fanout to a fast and a slow branch) runs under `streamlab run`
for --seconds in each of these modes, all at the same time by default
(each round starts them together and measures them over the same window,
so that the load the rest of the machine adds is the same for all;
--sequential runs them one after the other):
  off       no tracer
  tracer    slmetrics without http (the reference: what the live view adds
            to it is the cost asked about)
  http      slmetrics with http, nobody connected
  page      slmetrics with http and the page open in headless Chromium,
            the scope watching the low-pass node (needs chromium,
            chromium-driver and python3-selenium; skipped otherwise)

What is measured is CPU time, not wall time, so that a loaded machine
changes the figures little: the CPU time of every thread of the streamlab
process (nanoseconds from /proc/PID/task/*/schedstat, cross-checked with
utime + stime of /proc/PID/stat) over --seconds after a warm-up, as % of
one core. The browser's own CPU is not counted. The medians over the
rounds are reported, with the medians of the rounds' ratios (goal:
page/tracer <= 1.05) and the CPU of the tracer's server thread
(slmetrics-http) alone, relative to the tracer's process: the steadier
figure, as two processes' streaming threads differ by more than the page
costs. The script checks that no server thread exists without http.

    GST_PLUGIN_PATH_1_0=build/plugins tests/bench/slmetrics-live-bench.py \\
        --streamlab build/pipelines/cli/streamlab [--seconds 60] [--rounds 3]
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
MODES = ("off", "tracer", "http", "page")


def threads(pid):
    """{tid: (name, CPU ns)} of the process's threads, from schedstat
    (the clock ticks of /proc/PID/stat are 10 ms: too coarse for a process
    that uses 2 % of a core)."""
    out = {}
    for t in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, t)) as f:
                name = f.read().strip()
            with open("/proc/%d/task/%s/schedstat" % (pid, t)) as f:
                out[t] = (name, int(f.read().split()[0]))
        except OSError:
            pass                # a thread that just ended
    return out


def ticks(pid):
    """utime + stime of the whole process (ended threads included), s."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


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


def start(streamlab, mode, drv):
    """Starts the pipeline in @mode (and the page for 'page')."""
    env = dict(os.environ)
    env.pop("GST_TRACERS", None)
    args = [streamlab, "run", "-q"]
    if mode == "tracer":
        env["GST_TRACERS"] = "slmetrics(table=false)"
    elif mode in ("http", "page"):
        args += ["--dashboard", "127.0.0.1:0"]
    err = tempfile.TemporaryFile(mode="w+")
    p = subprocess.Popen(args + [DESC], env=env, stdout=subprocess.DEVNULL,
                         stderr=err)
    p.mode = mode
    if mode in ("http", "page"):
        port = None
        for _ in range(500):
            err.seek(0)
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", err.read())
            if m:
                port = m.group(1)
                break
            time.sleep(0.02)
        assert port, "no live view announced"
    if mode == "page":
        drv.get("http://127.0.0.1:%s/" % port)
        time.sleep(1)
        drv.execute_script(
            "document.querySelector('.node[data-id=\"lowpass\"]')"
            ".click()")
    return p


def stop(p, drv):
    try:
        if p.mode == "page":
            samples = drv.execute_script(
                "return document.getElementById('scope').dataset.samples")
            assert int(samples) > 0, "the scope got nothing"
            drv.get("about:blank")
        assert p.poll() is None, "streamlab ended during the measure"
    finally:
        p.terminate()
        p.wait()


def measure(procs, seconds):
    """{mode: {'total': %, 'http': %, 'stream': %, 'ticks': %}} over the
    same @seconds for every process."""
    a = {p.mode: (threads(p.pid), ticks(p.pid)) for p in procs}
    t0 = time.monotonic()
    time.sleep(seconds)
    b = {p.mode: (threads(p.pid), ticks(p.pid)) for p in procs}
    dt = time.monotonic() - t0
    out = {}
    for p in procs:
        (ta, ka), (tb, kb) = a[p.mode], b[p.mode]
        names = {n for n, _ in tb.values()}
        assert ("slmetrics-http" in names) == (p.mode in ("http", "page")), \
            "server thread in mode %s: %s" % (p.mode, sorted(names))

        def pct(pick):
            ns = sum(c - ta.get(t, (n, 0))[1] for t, (n, c) in tb.items()
                     if pick(n))
            return 100.0 * ns / 1e9 / dt
        out[p.mode] = {"total": pct(lambda n: True),
                       "http": pct(lambda n: n == "slmetrics-http"),
                       "stream": pct(lambda n: n != "slmetrics-http"),
                       "ticks": 100.0 * (kb - ka) / dt}
    return out


def run_round(streamlab, modes, seconds, warmup, drv, together):
    """One round: every mode at the same time (the same load on the
    machine for all), or one after the other."""
    res = {}
    groups = [modes] if together else [[m] for m in modes]
    for g in groups:
        procs = []
        try:
            for m in g:
                procs.append(start(streamlab, m, drv))
            time.sleep(warmup)
            res.update(measure(procs, seconds))
        finally:
            for p in procs:
                stop(p, drv)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--streamlab", default="streamlab")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--warmup", type=float, default=3)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--sequential", action="store_true",
                    help="one mode after the other (default: all at once)")
    ap.add_argument("--modes", default=",".join(MODES),
                    help="comma-separated, among " + ",".join(MODES))
    a = ap.parse_args()

    modes = [m for m in a.modes.split(",") if m]
    for m in modes:
        if m not in MODES:
            ap.error("unknown mode %s" % m)
    drv = browser() if "page" in modes else None
    if "page" in modes and not drv:
        print("no headless Chromium (chromium, chromium-driver, "
              "python3-selenium): the 'page' mode is skipped")
        modes.remove("page")
    res = {m: [] for m in modes}
    try:
        for r in range(a.rounds):
            order = modes[r % len(modes):] + modes[:r % len(modes)]
            got = run_round(a.streamlab, order, a.seconds, a.warmup, drv,
                            not a.sequential)
            for m in order:
                res[m].append(got[m])
                x = got[m]
                print("round %d %-6s %6.3f %% CPU (threads; /proc/stat "
                      "%5.2f %%), server thread %.3f %%" % (
                          r + 1, m, x["total"], x["ticks"], x["http"]),
                      flush=True)
    finally:
        if drv:
            drv.quit()
            shutil.rmtree(drv.profile_dir, ignore_errors=True)

    def med(m, k):
        return statistics.median(x[k] for x in res[m])
    print("\nmedian CPU of the streamlab process (%% of one core), 8 channels "
          "48 kHz live, %g s x %d rounds:" % (a.seconds, a.rounds))
    print("  %-6s %8s %8s %8s" % ("mode", "process", "server", "others"))
    for m in modes:
        print("  %-6s %7.3f%% %7.3f%% %7.3f%%" % (
            m, med(m, "total"), med(m, "http"), med(m, "stream")))

    def ratio(x, y, note=""):
        """The median of the rounds' ratios (a round's modes ran under
        the same load when run together)."""
        if x in res and y in res:
            rs = [u["total"] / v["total"] for u, v in zip(res[x], res[y])]
            print("  %s/%s %.3f%s; rounds %.3f-%.3f, ratio of the medians "
                  "%.3f" % (x, y, statistics.median(rs), note, min(rs),
                            max(rs), med(x, "total") / med(y, "total")))
    ratio("tracer", "off", " (the tracer itself)")
    ratio("http", "tracer", " (server on, nobody connected)")
    ratio("page", "tracer", " (goal <= 1.05)")
    if "page" in res and "tracer" in res:
        # the streaming threads of two processes differ by more than the
        # page costs: the server thread's own CPU is the steadier figure
        # (the tap's copies, on the streaming threads, are a few
        # microseconds each, a few times a second)
        print("  page - tracer: %.3f %% of a core (median of the rounds)" %
              statistics.median(u["total"] - v["total"]
                                for u, v in zip(res["page"], res["tracer"])))
        print("  the server thread with the page open: %.3f %% of a core = "
              "%.3f of the tracer's process (goal <= 0.05)" % (
                  med("page", "http"),
                  med("page", "http") / med("tracer", "total")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
