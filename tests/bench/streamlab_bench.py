#!/usr/bin/python3
# gst-streamlab: streamlab against gst-launch-1.0.
#
#   tests/bench/streamlab_bench.py [--runs N] [--build DIR]
#
# 1. translate + start overhead: `streamlab run FILE` against
#    `gst-launch-1.0 WORDS` (the words of `streamlab translate FILE`), same
#    pipeline, whole process wall time, median of N runs (goal: within 10 ms).
# 2. pool throughput: `streamlab run --instances N --max-concurrent M FILE`
#    against N gst-launch-1.0 processes, M at a time: pipelines per second.
import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ap = argparse.ArgumentParser()
ap.add_argument('--runs', type=int, default=10)
ap.add_argument('--build', default='build')
ap.add_argument('--instances', type=int, default=32)
ap.add_argument('--max-concurrent', type=int, default=4)
a = ap.parse_args()

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = os.path.join(root, a.build) if not os.path.isabs(a.build) else a.build
streamlab = os.path.join(build, 'pipelines', 'cli', 'streamlab')
env = dict(os.environ, GST_PLUGIN_PATH_1_0=os.path.join(build, 'plugins'))
examples = os.path.join(root, 'pipelines', 'examples')
devnull = subprocess.DEVNULL


def timed(argv):
    t = time.perf_counter()
    r = subprocess.run(argv, stdout=devnull, stderr=devnull, env=env)
    if r.returncode != 0:
        sys.exit('failed: %s' % ' '.join(argv))
    return time.perf_counter() - t


def words(f):
    line = subprocess.run([streamlab, 'translate', f], stdout=subprocess.PIPE,
                          text=True, env=env, check=True).stdout
    return shlex.split(line)


print('1. translate + start + run + exit, whole process, median of %d runs' % a.runs)
print('%-22s %12s %14s %10s' % ('description', 'streamlab', 'gst-launch-1.0', 'overhead'))
for name in ('demo.json', 'iot-chain.json', 'streamlab-seed.json'):
    f = os.path.join(examples, name)
    gl = ['gst-launch-1.0', '-q'] + words(f)
    sl = [streamlab, 'run', '-q', f]
    timed(gl), timed(sl)  # warm the registry and the page cache
    ts, tg = [], []
    for _ in range(a.runs):
        ts.append(timed(sl))
        tg.append(timed(gl))
    ms, mg = statistics.median(ts) * 1e3, statistics.median(tg) * 1e3
    print('%-22s %9.1f ms %11.1f ms %+7.1f ms' % (name, ms, mg, ms - mg))

n, m = a.instances, a.max_concurrent
f = os.path.join(examples, 'pool.json')
gl = ['gst-launch-1.0', '-q'] + words(f)
print('\n2. pool: %d instances of pool.json, at most %d at once' % (n, m))
t_sl = timed([streamlab, 'run', '-q', '--instances', str(n), '--max-concurrent', str(m), f])
t = time.perf_counter()
with ThreadPoolExecutor(max_workers=m) as ex:
    list(ex.map(lambda _: timed(gl), range(n)))
t_gl = time.perf_counter() - t
print('streamlab pool      %7.1f pipelines/s (%.2f s)' % (n / t_sl, t_sl))
print('gst-launch-1.0 x%-3d %7.1f pipelines/s (%.2f s)' % (n, n / t_gl, t_gl))
print('ratio               %7.1fx' % (t_gl / t_sl))
