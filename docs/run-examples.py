#!/usr/bin/python3
# gst-streamlab: runs every `gst-launch-1.0 ...` example line found in code
# blocks of the given Markdown files (the element pages, the README) and fails
# if any of them does not run to completion with exit code 0.
#
# Two-terminal examples: a gst-launch line right after a `# terminal 1`
# comment runs in the background, the next one after `# terminal 2` in the
# foreground once the first listens (its port shows in `ss -ltun`); both must
# end with exit code 0. Their port 5678 is replaced by a free port, so that
# runs in parallel never collide.

import glob
import os
import re
import socket
import subprocess
import sys
import time

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
    """(lineno, line, terminal): terminal is 1 or 2 for the lines of a
    two-terminal example, else 0."""
    in_code, terminal = False, 0
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            s = line.strip()
            if s.startswith("```"):
                in_code = not in_code
                terminal = 0
                continue
            m = re.match(r"^# terminal ([12])\b", s)
            if in_code and m:
                terminal = int(m.group(1))
                continue
            # a gst-launch-1.0 line, maybe after VAR=value assignments
            if in_code and re.match(r"^([A-Za-z_][A-Za-z0-9_]*=\S+\s+)*gst-launch-1\.0 ", s):
                yield lineno, s, terminal
                terminal = 0


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def listening(port):
    res = subprocess.run(["ss", "-ltunH"], capture_output=True, text=True)
    return any(re.search(r":%d\s" % port, line) for line in
               res.stdout.splitlines())


def quiet(line):
    return line.replace("gst-launch-1.0 ", "gst-launch-1.0 -q ", 1)


def run_two(first, second):
    """Runs a two-terminal example; returns (ok, why)."""
    port = free_port()
    first, second = (l.replace("5678", str(port)) for l in (first, second))
    bg = subprocess.Popen(["bash", "-c", quiet(first)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while not listening(port) and time.monotonic() < deadline and \
            bg.poll() is None:
        time.sleep(0.05)
    try:
        res = subprocess.run(["bash", "-c", quiet(second)],
                             capture_output=True, text=True, timeout=TIMEOUT)
        out, err = bg.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        bg.kill()
        bg.communicate()
        return False, "did not finish within %d s" % TIMEOUT
    ok = res.returncode == 0 and bg.returncode == 0
    why = "exit codes %d, %d\n%s%s%s%s" % (bg.returncode, res.returncode,
                                          out[-1000:], err[-1000:],
                                          res.stdout[-1000:],
                                          res.stderr[-1000:])
    return ok, why


def main(paths):
    failed, ran = [], 0
    files = []
    for p in paths:
        files += sorted(glob.glob(os.path.join(p, "*.md"))) if os.path.isdir(p) else [p]
    for path in files:
        first = None
        for lineno, line, terminal in examples(path):
            if terminal == 1:
                first = line
                continue
            ran += 1
            if terminal == 2 and first is not None:
                ok, why = run_two(first, line)
                line = first + "  &&  " + line
                first = None
            else:
                # run through a shell, exactly as a user pastes it; -q keeps
                # the log short
                argv = ["bash", "-c", quiet(line)]
                try:
                    res = subprocess.run(argv, capture_output=True, text=True,
                                         timeout=TIMEOUT)
                    ok = res.returncode == 0
                    why = "exit code %d\n%s%s" % (res.returncode,
                                                  res.stdout[-2000:],
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
