#!/usr/bin/python3
# gst-streamlab
# Copyright (C) 2026 gst-streamlab developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""`streamlab graph FILE -o OUT` draws descriptions with graphviz (nodes by
role, connections with capacity and policy, fanout branches and resilient
nodes visible) and `streamlab run` honours GST_DEBUG_DUMP_DOT_DIR.

    test_streamlab_graph.py STREAMLAB EXAMPLES_DIR"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(*args, env=None):
    return subprocess.run(list(args), capture_output=True, text=True,
                          env=env)


def main():
    streamlab, examples = sys.argv[1], sys.argv[2]
    if not shutil.which("dot"):
        print("SKIP: graphviz's dot is not installed (Debian: graphviz)")
        return 77
    tmp = tempfile.mkdtemp(prefix="streamlab-graph-")
    try:
        live = os.path.join(HERE, "live-fanout.json")
        chaos = os.path.join(examples, "resilient-chaos.json")

        # DOT text: roles, capacities, policies, fanout and resilience
        dot = os.path.join(tmp, "live.dot")
        r = run(streamlab, "graph", live, "-o", dot)
        assert r.returncode == 0, r.stderr
        text = open(dot).read()
        for node in ("sine", "lowpass", "fast", "slow", "slow_sink"):
            assert '"%s" [label=' % node in text, text
        assert '"lowpass" -> "slow" [label="cap 4, drop-oldest", ' \
            'penwidth=2, color="#7b4fb5", style=dashed]' in text, text
        assert '"lowpass" -> "fast" [label="cap 16, block", penwidth=2' \
            in text, text
        assert '"sine" [label="sine\\nslsinesrc", shape=cds' in text, text
        assert "lowpass\\nslfilter\\nfanout" in text, text
        r = run(streamlab, "graph", chaos, "-o", dot)
        assert r.returncode == 0, r.stderr
        text = open(dot).read()
        assert "resilient: error-policy=dead-letter" in text, text
        assert "peripheries=2" in text and "deadletter" in text, text

        # pictures through graphviz
        svg = os.path.join(tmp, "live.svg")
        r = run(streamlab, "graph", live, "-o", svg)
        assert r.returncode == 0, r.stderr
        s = open(svg).read()
        assert "<svg" in s and "slow_sink" in s and "cap 4, drop&#45;oldest" in s, s
        png = os.path.join(tmp, "chaos.png")
        r = run(streamlab, "graph", chaos, "-o", png)
        assert r.returncode == 0, r.stderr
        with open(png, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"

        # refusals
        r = run(streamlab, "graph", live, "-o", os.path.join(tmp, "x.bmp"))
        assert r.returncode == 1 and "unknown picture format" in r.stderr, r
        r = run(streamlab, "graph", live)
        assert r.returncode == 2 and "-o" in r.stderr, r

        # GST_DEBUG_DUMP_DOT_DIR, as gst-launch-1.0 honours it
        dots = os.path.join(tmp, "dots")
        os.mkdir(dots)
        env = dict(os.environ, GST_DEBUG_DUMP_DOT_DIR=dots)
        r = run(streamlab, "run", "-q",
                os.path.join(examples, "sine-filter-fanout.json"), env=env)
        assert r.returncode == 0, r.stderr
        files = sorted(os.listdir(dots))
        assert any("streamlab.0.PAUSED_PLAYING" in f for f in files), files
        assert all(f.endswith(".dot") for f in files), files
        with open(os.path.join(dots, [f for f in files if "PAUSED_PLAYING"
                                      in f][0])) as f:
            assert "lowpass" in f.read()
    finally:
        shutil.rmtree(tmp)
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
