#!/usr/bin/python3
# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""slalert's streamlab-alert messages in the slmetrics live view: while
`streamlab run --dashboard` runs live-alerts.json, the snapshot the page
reads lists the raised alert on its timeline, with its channel and value."""

import json
import os
import sys
import time

import sllive

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    streamlab = sys.argv[1]
    with sllive.Dashboard(streamlab,
                          os.path.join(HERE, "live-alerts.json")) as d:
        alerts = []
        deadline = time.monotonic() + 30
        while not alerts and time.monotonic() < deadline:
            snap = json.loads(d.get("/api/snapshot")[2])
            alerts = [e for e in snap["events"] if e["kind"] == "alert"]
            if not alerts:
                time.sleep(0.1)
        assert alerts, snap["events"]
        a = alerts[0]
        assert a["element"] == "alerts", a
        assert "state=(string)raised" in a["detail"], a
        assert "channel-name=(string)vibration.rms" in a["detail"], a
        assert "label=(string)vibration-high" in a["detail"], a
        # the page shows each event's kind from this field
        st, ctype, body = d.get("/slmetrics.js")
        assert st == 200 and b"e.kind" in body
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
