#!/usr/bin/python3
# gst-streamlab: one JSON example end to end.
#
# usage: test_examples.py STREAMLAB EXAMPLE.json
#
# The example validates, translates, runs under gst-launch-1.0 (the printed
# line given unchanged to a POSIX shell: `sh -c "gst-launch-1.0 LINE"`) and
# under streamlab, and both print the same frames. Exit 77 (skip) naming the element when the example needs one that
# is not installed.
import os
import re
import subprocess
import sys

STREAMLAB, EXAMPLE = sys.argv[1], sys.argv[2]
NAME = os.path.basename(EXAMPLE)


def run(args, timeout=120):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=timeout)


def frames(text):
    # slprint lines only (streamlab prints nothing else on stdout here)
    lines = [l for l in text.splitlines() if re.match(r'^\S+ seq=', l)]
    return sorted(lines)


v = run([STREAMLAB, 'validate', EXAMPLE])
if v.returncode != 0:
    m = re.search(r"its element '([^']+)' is not installed", v.stderr) or \
        re.search(r"unknown type '([^']+)': the element", v.stderr)
    if m:
        print('SKIP %s: needs element %s, which is not installed' % (NAME, m.group(1)))
        sys.exit(77)
    sys.exit('%s does not validate: %s' % (NAME, v.stderr))

t = run([STREAMLAB, 'translate', EXAMPLE])
assert t.returncode == 0, t.stderr
line = t.stdout.strip()
assert '\n' not in line

instances = 3 if NAME == 'pool.json' else 1

ref = []
for _ in range(instances):
    g = run(['sh', '-c', 'gst-launch-1.0 -q ' + line])
    assert g.returncode == 0, 'gst-launch-1.0 failed on %s: %s\n%s' % (NAME, line, g.stderr)
    ref += frames(g.stdout)
ref.sort()
assert ref, 'no frames printed by gst-launch-1.0 for %s' % NAME

args = [STREAMLAB, 'run', '-q']
if instances > 1:
    args += ['--instances', str(instances), '--max-concurrent', '2']
s = run(args + [EXAMPLE])
assert s.returncode == 0, 'streamlab run failed on %s: %s' % (NAME, s.stderr)
got = frames(s.stdout)
assert got == ref, '%s: frames differ\n gst-launch-1.0: %d lines\n streamlab: %d lines\n%s\n---\n%s' % (
    NAME, len(ref), len(got), '\n'.join(ref[:5]), '\n'.join(got[:5]))
print('%s: %d frames, same under gst-launch-1.0 and streamlab' % (NAME, len(got)))
