#!/usr/bin/python3
# gst-streamlab: runs every `gst-launch-1.0 ...` example line found in code
# blocks of the given Markdown files (the element pages, the README) and fails
# if any of them does not run to completion with exit code 0.

import glob
import os
import re
import subprocess
import sys

TIMEOUT = 60


def python_blocks(path):
    """```python blocks, each run as a program (README usage from Python)."""
    block, start = None, 0
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if block is None and line.strip() == "```python":
                block, start = [], lineno
            elif block is not None and line.strip() == "```":
                yield start, "".join(block)
                block = None
            elif block is not None:
                block.append(line)


def examples(path):
    in_code = False
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            s = line.strip()
            if s.startswith("```"):
                in_code = not in_code
                continue
            # a gst-launch-1.0 line, maybe after VAR=value assignments
            if in_code and re.match(r"^([A-Za-z_][A-Za-z0-9_]*=\S+\s+)*gst-launch-1\.0 ", s):
                yield lineno, s


def main(paths):
    failed, ran = [], 0
    files = []
    for p in paths:
        files += sorted(glob.glob(os.path.join(p, "*.md"))) if os.path.isdir(p) else [p]
    for path in files:
        for lineno, line in examples(path):
            # run through a shell, exactly as a user pastes it; -q keeps the
            # log short
            argv = ["bash", "-c", line.replace("gst-launch-1.0 ", "gst-launch-1.0 -q ", 1)]
            ran += 1
            try:
                res = subprocess.run(argv, capture_output=True, text=True,
                                     timeout=TIMEOUT)
                ok = res.returncode == 0
                why = "exit code %d\n%s%s" % (res.returncode, res.stdout[-2000:],
                                              res.stderr[-2000:])
            except subprocess.TimeoutExpired:
                ok, why = False, "did not finish within %d s" % TIMEOUT
            status = "ok  " if ok else "FAIL"
            print("%s %s:%d: %s" % (status, os.path.basename(path), lineno, line))
            if not ok:
                print("     " + why.replace("\n", "\n     "))
                failed.append("%s:%d" % (path, lineno))
        for lineno, code in python_blocks(path):
            ran += 1
            try:
                res = subprocess.run(["/usr/bin/python3", "-c", code],
                                     capture_output=True, text=True,
                                     timeout=TIMEOUT)
                ok = res.returncode == 0
                why = "exit code %d\n%s" % (res.returncode, res.stderr[-2000:])
            except subprocess.TimeoutExpired:
                ok, why = False, "did not finish within %d s" % TIMEOUT
            print("%s %s:%d: python block" % ("ok  " if ok else "FAIL",
                                              os.path.basename(path), lineno))
            if not ok:
                print("     " + why.replace("\n", "\n     "))
                failed.append("%s:%d" % (path, lineno))
    print("%d passed, %d failed" % (ran - len(failed), len(failed)))
    if ran == 0:
        print("no example found")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
