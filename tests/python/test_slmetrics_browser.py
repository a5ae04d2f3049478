#!/usr/bin/python3
# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The live view in a real browser: headless Chromium (Debian's chromium,
chromium-driver and python3-selenium) loads the page that the slmetrics
tracer serves while `streamlab run --dashboard` runs a live 8-channel
pipeline. Node boxes appear with the description's ids, their numbers grow
between two reads, the scope gets samples after a click on a node, and the
slow branch's backpressure event shows on the timeline. Screenshots are
saved in the build folder. Loopback only; skips (77) when a piece is
missing.

    test_slmetrics_browser.py STREAMLAB"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import sllive

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    sllive.skip("python3-selenium is not installed")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
IDS = ["sine", "lowpass", "fast", "slow", "slow_sink"]


def browser(profile):
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--no-proxy-server",
                 "--window-size=1400,1000",
                 "--user-data-dir=" + profile):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(DRIVER), options=opts)


def number(driver, node, cls):
    box = driver.find_element(By.CSS_SELECTOR, '.node[data-id="%s"]' % node)
    return int(box.find_element(By.CLASS_NAME, cls).text)


def main():
    streamlab = sys.argv[1]
    if not CHROMIUM or not DRIVER:
        sllive.skip("chromium and chromium-driver are needed (Debian: "
                    "apt install chromium chromium-driver)")
    out = os.environ.get("SL_BUILD_ROOT", tempfile.gettempdir())
    profile = tempfile.mkdtemp(prefix="slmetrics-chromium-")
    driver = None
    try:
        with sllive.Dashboard(streamlab) as d:
            driver = browser(profile)
            wait = WebDriverWait(driver, 30, poll_frequency=0.1)
            driver.get(d.url("/"))
            # the description's nodes
            wait.until(lambda drv: all(drv.find_elements(
                By.CSS_SELECTOR, '.node[data-id="%s"]' % i) for i in IDS))
            wait.until(lambda drv: number(drv, "fast", "frames") > 0)
            driver.save_screenshot(os.path.join(out,
                                                "slmetrics-live-graph.png"))
            n1 = number(driver, "fast", "frames")
            s1 = number(driver, "sine", "frames")
            wait.until(lambda drv: number(drv, "fast", "frames") > n1 and
                       number(drv, "sine", "frames") > s1)
            # the scope after a click
            driver.find_element(By.CSS_SELECTOR,
                                '.node[data-id="lowpass"]').click()
            wait.until(lambda drv: int(drv.find_element(
                By.ID, "scope").get_attribute("data-samples")) > 0)
            title = driver.find_element(By.ID, "scope-title").text
            assert "lowpass" in title and "8 ch" in title, title
            # the samples as the page decoded them (int16 and a scale): the
            # description's 1 kHz sine at 48 kHz, a sign change every 24
            # samples, on every channel
            chans = driver.execute_script(
                "return view.tapChannels.map((c) => Array.from(c))")
            assert len(chans) == 8, len(chans)
            for ch in chans:
                flips = sum(1 for a, b in zip(ch, ch[1:]) if (a < 0) != (b < 0))
                assert abs(flips - len(ch) / 24.0) <= 2, (flips, len(ch))
                assert 0 < max(abs(v) for v in ch) <= 1.0001, max(ch)
            # the slow branch fills: backpressure on the timeline
            wait.until(lambda drv: drv.find_elements(
                By.CSS_SELECTOR, '#events li[data-kind="backpressure"]'))
            # the instance table
            # read in one script call: the table is rebuilt with every
            # snapshot, so element handles taken before may be stale
            def rows_text(drv):
                return drv.execute_script(
                    "return Array.from(document.querySelectorAll("
                    "'#pipelines tbody tr')).map((r) => r.textContent)")
            rows = wait.until(lambda drv: rows_text(drv) or None)
            assert "playing" in rows[0], rows
            time.sleep(0.5)
            driver.save_screenshot(os.path.join(out,
                                                "slmetrics-live-scope.png"))

        # any application: its elements and links, without a description
        app = subprocess.Popen(
            ["gst-launch-1.0", "-q", "slsinesrc", "name=gen_src",
             "is-live=true", "samplesperbuffer=480", "!", "tee", "name=gen_t",
             "gen_t.", "!", "queue", "name=gen_q", "!", "fakesink",
             "name=gen_sink", "gen_t.", "!", "fakesink", "name=gen_sink2"],
            env=dict(os.environ, GST_TRACERS="slmetrics(http=127.0.0.1:0,"
                     "table=false)"),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            line = app.stderr.readline()
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            assert m, line
            driver.get("http://127.0.0.1:%s/" % m.group(1))
            names = ["gen_src", "gen_t", "gen_q", "gen_sink", "gen_sink2"]
            wait.until(lambda drv: all(drv.find_elements(
                By.CSS_SELECTOR, '.node[data-id="%s"]' % i) for i in names))
            wait.until(lambda drv: len(drv.find_elements(
                By.CSS_SELECTOR, "#edges path")) >= 4)
            wait.until(lambda drv: number(drv, "gen_sink", "frames") > 0)
            driver.save_screenshot(os.path.join(out,
                                                "slmetrics-live-app.png"))
        finally:
            app.terminate()
            app.wait()
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print("1 passed, 0 failed (screenshots in %s)" % out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
