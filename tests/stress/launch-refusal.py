#!/usr/bin/env python3
# gst-streamlab: a launch line whose slfilter refuses its setting at
# negotiation always ends under gst-launch-1.0 (issue 18 item 4): exit status
# 1, one error from slfilter naming the property, the source's own error
# after it, and no hang.
#
# gst-launch-1.0 quits its main loop from a bus sync handler; a quit posted
# before g_main_loop_run() is lost, and an ERROR posted while the pipeline
# prerolls leaves it stuck in PAUSED. slfilter therefore lets downstream
# preroll with a gap and posts its refusal once the pipeline plays.
#
#   launch-refusal.py RUNS PARALLEL [PRELOAD]
#
# RUNS lines are run, PARALLEL at a time (the parallel runs load the CPUs,
# which is when the gap opens by itself), each with a 20 s limit. With
# PRELOAD (the sldelayloop library), every g_main_loop_run() starts 2 s
# late: the gap is wide every time, so one run is a deterministic test.
# SL_STRESS_SCALE=N multiplies RUNS.

import concurrent.futures
import os
import shlex
import subprocess
import sys

LINES = [
    'slsinesrc num-buffers=3 ! slfilter cutoff=30000 ! fakesink',
    # a queue between the filter and the sink: the gap alone does not hold
    # the streaming thread until the sink prerolled
    'slsinesrc num-buffers=3 ! slfilter cutoff=30000 ! queue ! fakesink',
    # inside slresilient, whose policy does not take a refused format for
    # a frame's failure (item 14)
    'slsinesrc num-buffers=3 ! slresilient.( error-policy=skip-frame '
    'slfilter cutoff=30000 ) ! fakesink',
]


def run_one(line, preload):
    env = dict(os.environ)
    if preload:
        # after whatever is preloaded already (a sanitizer's runtime must
        # come first)
        env['LD_PRELOAD'] = ':'.join(filter(None, [env.get('LD_PRELOAD'),
                                                   preload]))
    try:
        p = subprocess.run(['gst-launch-1.0', '-q'] + shlex.split(line),
                           env=env, capture_output=True, text=True,
                           timeout=20)
    except subprocess.TimeoutExpired:
        return 'hung (no end within 20 s)'
    out = p.stdout + p.stderr
    filter_errors = len([l for l in out.splitlines()
                         if l.startswith('ERROR: from element /GstPipeline:')
                         and '/GstSlFilter:' in l])
    if p.returncode != 1:
        return 'exit status %d\n%s' % (p.returncode, out)
    if filter_errors != 1 or "property 'cutoff'" not in out:
        return '%d errors from slfilter\n%s' % (filter_errors, out)
    return None


def main():
    runs = int(sys.argv[1]) * int(os.environ.get('SL_STRESS_SCALE', '1'))
    parallel = int(sys.argv[2])
    preload = sys.argv[3] if len(sys.argv) > 3 else None
    jobs = [LINES[i % len(LINES)] for i in range(runs)]
    failures = 0
    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        for line, res in zip(jobs, pool.map(lambda l: run_one(l, preload),
                                            jobs)):
            if res:
                failures += 1
                print('FAIL: %s: %s' % (line, res))
    print('%d of %d runs failed' % (failures, runs))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
