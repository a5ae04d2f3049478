#!/usr/bin/python3
# gst-streamlab: one JSON pipeline split across three hosts, each host a
# Linux network namespace joined to the next by a veth pair (addresses in
# 10.213.0.0/16, inside the namespaces only). Needs root and `ip netns`;
# skipped (exit 77) with a message otherwise. The namespaces are removed
# whatever happens.
#
#   source (ns a) --10.213.1.0/24-- filter (ns b) --10.213.2.0/24-- sinks (ns c)
#
# usage: test_netns.py STREAMLAB

import json
import os
import subprocess
import sys
import tempfile
import time

STREAMLAB = sys.argv[1]
TAG = 'sl%d' % (os.getpid() % 100000)
NS = {'source': TAG + 'a', 'filter': TAG + 'b', 'sinks': TAG + 'c'}
BASE_PORT = 7000 + os.getpid() % 1000
FRAMES = 150

failures = []


T0 = time.monotonic()


def check(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what + ' [%.1f s]' %
          (time.monotonic() - T0), flush=True)
    if not cond:
        failures.append(what)


def sh(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def setup():
    for ns in NS.values():
        sh('ip', 'netns', 'add', ns)
        sh('ip', '-n', ns, 'link', 'set', 'lo', 'up')
    a, b, c = NS['source'], NS['filter'], NS['sinks']
    for (x, y, net) in ((a, b, 1), (b, c, 2)):
        vx, vy = '%sv%dx' % (TAG, net), '%sv%dy' % (TAG, net)
        sh('ip', '-n', x, 'link', 'add', vx, 'type', 'veth', 'peer', 'name',
           vy, 'netns', y)
        sh('ip', '-n', x, 'addr', 'add', '10.213.%d.1/24' % net, 'dev', vx)
        sh('ip', '-n', y, 'addr', 'add', '10.213.%d.2/24' % net, 'dev', vy)
        sh('ip', '-n', x, 'link', 'set', vx, 'up')
        sh('ip', '-n', y, 'link', 'set', vy, 'up')


def cleanup():
    for ns in NS.values():
        subprocess.run(['ip', 'netns', 'del', ns], stderr=subprocess.DEVNULL)


_ports = [BASE_PORT]


def description(transport_out1):
    # ports of their own for every case: nothing left from the one before
    base = _ports[0]
    _ports[0] += 7
    return {
        'name': 'netns',
        'hosts': {
            'source': '10.213.1.1:%d' % base,
            'filter': '10.213.1.2:%d' % (base + 1),
            'sinks': '10.213.2.2:%d' % (base + 3),
        },
        'nodes': [
            {'id': 'src', 'type': 'slsinesrc', 'host': 'source',
             'config': {'num-buffers': FRAMES, 'is-live': True,
                        'samplesperbuffer': 480,
                        'frequencies': [440.0, 1234.5],
                        'metadata': 'm,site=lab'}},
            {'id': 'lp', 'type': 'slfilter', 'host': 'filter',
             'config': {'cutoff': 1000}},
            {'id': 'out1', 'type': 'slprint', 'host': 'sinks',
             'config': {'max-samples': 4}},
            {'id': 'out2', 'type': 'slprint', 'host': 'sinks',
             'config': {'max-samples': 4}},
        ],
        'connections': [
            {'from': 'src', 'to': 'lp', 'latency': 200},
            {'from': 'lp', 'to': 'out1', 'transport': transport_out1},
            {'from': 'lp', 'to': 'out2', 'latency': 200},
        ],
    }


def lines_of(out, label):
    return [l for l in out.splitlines() if l.startswith(label + ' ')]


def frames_equal(ref, got, label):
    r, g = lines_of(ref, label), lines_of(got, label)
    seqs = [l.split()[1] for l in g]
    check(len(g) == FRAMES, '%s: %d frames arrived (of %d)' %
          (label, len(g), FRAMES))
    check(seqs == ['seq=%d' % i for i in range(len(g))],
          '%s: seq contiguous from 0' % label)
    # timestamps restart per process (the source's clock), so compare
    # seq, samples and metadata: everything after the timestamp
    strip = [l.split(' ', 3)[1:2] + l.split(' ', 3)[3:] for l in r]
    strip_g = [l.split(' ', 3)[1:2] + l.split(' ', 3)[3:] for l in g]
    check(strip == strip_g, '%s: samples and metadata equal the single-'
          'process run' % label)


EVENTS = {}                     # part (Popen) -> its events file
_n_events = [0]


def start_part(host, path, env=None):
    """A part; its events go to a file of their own (never mixed with what
    its sinks print on stdout)."""
    _n_events[0] += 1
    events = os.path.join(os.path.dirname(path), 'events-%s-%d.jsonl'
                          % (host, _n_events[0]))
    p = subprocess.Popen(
        ['ip', 'netns', 'exec', NS[host], STREAMLAB, 'run', '--allow-any',
         '--quiet', '--events-file', events, '--host', host, path],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    EVENTS[p] = events
    return p


def backtrace(p, what):
    """The threads of a part that did not end, in the log (gdb, when
    installed), before it is killed."""
    r = subprocess.run(['gdb', '-p', str(p.pid), '-batch', '-ex',
                        'thread apply all bt'], capture_output=True,
                       text=True, timeout=60) if os.path.exists(
                           '/usr/bin/gdb') else None
    if r is not None:
        print('# %s did not end; its threads:\n%s' % (what, '\n'.join(
            l for l in r.stdout.splitlines() if l.startswith(('#', 'Thread')))),
              flush=True)


def events_text(p):
    try:
        with open(EVENTS[p]) as f:
            return f.read()
    except OSError:
        return ''


def passphrase(tmp):
    """An encrypted SRT link: the key from an environment variable, never
    printed; the right key delivers, a wrong one is an error naming the
    link."""
    print('# SRT with a passphrase from the environment', flush=True)
    d = description('tcp')
    d['connections'][0] = {'from': 'src', 'to': 'lp',
                           'passphrase_env': 'SL_TEST_LINK_KEY'}
    d['nodes'][0]['config']['num-buffers'] = 50
    path = os.path.join(tmp, 'key.json')
    with open(path, 'w') as f:
        json.dump(d, f)
    key = 'k%d-secret-phrase' % os.getpid()
    env = dict(os.environ, SL_TEST_LINK_KEY=key)
    plan = subprocess.run([STREAMLAB, 'plan', path], capture_output=True,
                          text=True, env=env)
    check(plan.returncode == 0 and key not in plan.stdout and
          'SL_TEST_LINK_KEY' in plan.stdout and 'encrypted' in plan.stdout,
          'plan names the variable, never the passphrase')
    procs = [start_part(h, path, env) for h in ('sinks', 'filter', 'source')]
    outs = []
    for h, p in zip(('sinks', 'filter', 'source'), procs):
        try:
            outs.append(p.communicate(timeout=60))
        except subprocess.TimeoutExpired:
            backtrace(p, host)
            p.kill()
            outs.append(p.communicate())
            print('# %s part did not end: %s' % (h, outs[-1][1][-300:]),
                  flush=True)
    check(all(p.returncode == 0 for p in procs) and
          len(lines_of(outs[0][0], 'out1')) == 50,
          'the right passphrase: every frame (%d)' %
          len(lines_of(outs[0][0], 'out1')))
    check(all(key not in o + e + events_text(p)
              for (o, e), p in zip(outs, procs)),
          'the passphrase is not in any output or event')
    filt = start_part('filter', path, env)
    bad = start_part('source', path, dict(env, SL_TEST_LINK_KEY='another-'
                                          'secret-phrase'))
    try:
        out, err = bad.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        bad.kill()
        out, err = bad.communicate()
    filt.kill()
    filt.communicate()
    check(bad.returncode not in (0, None) and 'link0-send' in err and
          'passphrase' in err, 'a wrong passphrase: an error naming the '
          'link (%s)' % err.strip()[-200:])


def seq_gaps(out, label):
    seqs = [int(l.split()[1][4:]) for l in lines_of(out, label)]
    return seqs, sum(b - a - 1 for a, b in zip(seqs, seqs[1:]) if b > a + 1)


def link_events(p):
    evs = []
    for l in events_text(p).splitlines():
        try:
            e = json.loads(l)
        except ValueError:
            raise SystemExit("not JSON: %r" % l)
        if e.get('event') == 'link':
            evs.append(e)
    return evs


def kill_middle(tmp):
    """The filter part is killed mid-stream and started again: the source
    reconnects (TCP), the sinks wait for the filter to come back (SRT
    listeners keep listening), and the loss the sinks count is the seq
    gap of what they print."""
    print('# kill the middle part mid-stream and start it again',
          flush=True)
    d = description('tcp')
    d['nodes'][0]['config']['num-buffers'] = 600
    d['connections'][0] = {'from': 'src', 'to': 'lp', 'transport': 'tcp',
                           'policy': 'drop-oldest', 'capacity': 20}
    # link1 over TCP, link2 over SRT (the default)
    d['connections'][2] = {'from': 'lp', 'to': 'out2', 'latency': 200}
    path = os.path.join(tmp, 'kill.json')
    with open(path, 'w') as f:
        json.dump(d, f)
    sinks = start_part('sinks', path)
    filt = start_part('filter', path)
    source = start_part('source', path)
    time.sleep(2.0)
    filt.kill()
    filt.communicate()
    time.sleep(1.0)
    filt = start_part('filter', path)
    outs = {}
    deadline = time.monotonic() + 30
    for host, p in (('source', source), ('filter', filt), ('sinks', sinks)):
        try:
            out, err = p.communicate(timeout=max(1, deadline -
                                                 time.monotonic()))
        except subprocess.TimeoutExpired:
            backtrace(p, host)
            p.kill()
            out, err = p.communicate()
        outs[host] = (p.returncode, out, err)
        check(p.returncode == 0, '%s part survived and ended: exit %s (%s)'
              % (host, p.returncode, err.strip()[-300:]))
    got = outs['sinks'][1]
    evs = {e['link']: e for e in link_events(sinks)}
    print('# sinks: %s' % list(evs.values()), flush=True)
    for label, link in (('out1', 'link1'), ('out2', 'link2')):
        seqs, gap = seq_gaps(got, label)
        check(len(seqs) > 0 and seqs[-1] == 599,
              '%s: frames again after the restart, up to the last (%s)'
              % (label, seqs[-1] if seqs else None))
        check(gap > 0, '%s: the restart cost frames (%d)' % (label, gap))
        check(link in evs and evs[link]['missing'] == gap,
              '%s: frames-missing at the receiver (%s) equals the seq gap '
              '(%d)' % (label, evs.get(link, {}).get('missing'), gap))
    src_ev = [e for e in link_events(source)
              if e['link'] == 'link0']
    check(src_ev and src_ev[0]['reconnects'] >= 1,
          'source: its sender reconnected (%s)' % src_ev)


def link_down(tmp):
    """The source-filter link goes down for 3 s while both parts run: the
    source's link drops by its policy and counts, the filter counts the seq
    gap, and the two numbers agree."""
    print('# the source-filter link down for 3 s (TCP, drop-oldest)',
          flush=True)
    for ns in (NS['source'], NS['filter']):
        # small socket buffers: the link's own queue takes the outage
        sh('ip', 'netns', 'exec', ns, 'sysctl', '-q', '-w',
           'net.ipv4.tcp_wmem=4096 16384 65536')
        sh('ip', 'netns', 'exec', ns, 'sysctl', '-q', '-w',
           'net.ipv4.tcp_rmem=4096 16384 65536')
    d = description('tcp')
    d['nodes'][0]['config']['num-buffers'] = 500
    d['connections'][0] = {'from': 'src', 'to': 'lp', 'transport': 'tcp',
                           'policy': 'drop-oldest', 'capacity': 10}
    path = os.path.join(tmp, 'down.json')
    with open(path, 'w') as f:
        json.dump(d, f)
    procs = [start_part(h, path) for h in ('sinks', 'filter', 'source')]
    time.sleep(1.5)
    sh('ip', '-n', NS['source'], 'link', 'set', '%sv1x' % TAG, 'down')
    time.sleep(3)
    sh('ip', '-n', NS['source'], 'link', 'set', '%sv1x' % TAG, 'up')
    outs = []
    for p in procs:
        try:
            outs.append(p.communicate(timeout=25))
        except subprocess.TimeoutExpired:
            p.kill()
            outs.append(p.communicate())
    check(all(p.returncode == 0 for p in procs), 'every part ended: %s'
          % [p.returncode for p in procs])
    snd = [e for e in link_events(procs[2]) if e['link'] == 'link0']
    rcv = [e for e in link_events(procs[1]) if e['link'] == 'link0']
    if not (snd and rcv):
        check(False, 'link0 events at both ends (source: %s %s)' %
              (outs[2][0][-600:], outs[2][1][-300:]))
        return
    snd, rcv = snd[0], rcv[0]
    print('# sender %s\n# receiver %s' % (snd, rcv), flush=True)
    check(snd['dropped'] > 0, 'the sender dropped frames while the link was '
          'down (%d)' % snd['dropped'])
    check(snd['dropped'] + snd['lost'] == rcv['missing'],
          'dropped at the sender (%d + %d lost) == missing at the receiver '
          '(%d)' % (snd['dropped'], snd['lost'], rcv['missing']))
    check(rcv['frames'] + rcv['missing'] == 500,
          'received + missing == sent by the source')


def lossy_run(tmp, transport, sender_desc, desc):
    """Runs the three parts, the source with `sender_desc` (its link0 may go
    through a relay), and checks that every frame arrived."""
    path = os.path.join(tmp, 'lossy-%s.json' % transport)
    spath = os.path.join(tmp, 'lossy-%s-source.json' % transport)
    for p, d in ((path, desc), (spath, sender_desc)):
        with open(p, 'w') as f:
            json.dump(d, f)
    procs = [start_part('sinks', path), start_part('filter', path),
             start_part('source', spath)]
    outs = []
    deadline = time.monotonic() + 60
    for host, p in zip(('sinks', 'filter', 'source'), procs):
        try:
            outs.append(p.communicate(timeout=max(1, deadline -
                                                  time.monotonic())))
        except subprocess.TimeoutExpired:
            backtrace(p, host)
            p.kill()
            outs.append(p.communicate())
            print('# %s part did not end: %s' % (host, outs[-1][1][-300:]),
                  flush=True)
    got = outs[0][0]
    for label in ('out1', 'out2'):
        seqs, gap = seq_gaps(got, label)
        check(seqs == list(range(FRAMES)),
              '%s over lossy %s: every frame, in order (%d, gap %d)'
              % (label, transport, len(seqs), gap))
    evs = [e for e in link_events(procs[1]) if e['end'] == 'receiver']
    check(evs and all(e['missing'] == 0 for e in evs),
          'filter: 0 missing over lossy %s' % transport)


def lossy_description(transport):
    d = description('tcp')
    d['connections'][0] = {'from': 'src', 'to': 'lp', 'transport': transport}
    if transport == 'srt':
        d['connections'][0]['latency'] = 1000
    return d


def netem(tmp):
    """1% loss and 20 ms delay on the source-filter link: SRT with enough
    latency, and TCP, deliver every frame. With sch_netem when the kernel
    has it; else emulated (see emulated_loss)."""
    dev = '%sv1x' % TAG
    r = subprocess.run(['ip', 'netns', 'exec', NS['source'], 'tc', 'qdisc',
                        'add', 'dev', dev, 'root', 'netem', 'loss', '1%',
                        'delay', '20ms'], capture_output=True, text=True)
    if r.returncode != 0:
        print('# no netem qdisc (is the sch_netem kernel module available?): '
              '%s; emulating it' % r.stderr.strip(), flush=True)
        emulated_loss(tmp)
        return
    try:
        for transport in ('srt', 'tcp'):
            print('# netem loss 1%% delay 20ms, %s' % transport, flush=True)
            d = lossy_description(transport)
            lossy_run(tmp, transport, d, d)
    finally:
        subprocess.run(['ip', 'netns', 'exec', NS['source'], 'tc', 'qdisc',
                        'del', 'dev', dev, 'root'], capture_output=True)


RELAY = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                     'sl_relay.py')


def nft(ns, *args):
    return subprocess.run(['ip', 'netns', 'exec', ns, 'nft'] + list(args),
                          capture_output=True, text=True)


def emulated_loss(tmp):
    """netem's "loss 1% delay 20ms" without netem: the source's part sends
    link0 to a relay in the filter's namespace (its copy of the description
    names the relay's port as the filter's), which holds what it forwards
    20 ms and, for SRT (UDP), drops 1% of the datagrams (seeded). TCP's loss
    comes from nftables in the source's namespace (`numgen inc mod 100 < 1
    drop` on the veth: every 100th packet), when nft is there and the
    kernel has nf_tables; else TCP runs with the delay only (said so)."""
    for transport in ('srt', 'tcp'):
        d = lossy_description(transport)
        base = int(d['hosts']['filter'].rsplit(':', 1)[1])
        relay_port = base + 5
        sender_d = json.loads(json.dumps(d))
        sender_d['hosts']['filter'] = '10.213.1.2:%d' % relay_port
        relay = subprocess.Popen(
            ['ip', 'netns', 'exec', NS['filter'], sys.executable, RELAY,
             'udp' if transport == 'srt' else 'tcp',
             '10.213.1.2:%d' % relay_port, '10.213.1.2:%d' % base, '20',
             '0.01' if transport == 'srt' else '0', '12'],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if relay.stdout.readline().strip() != 'ready':
            relay.kill()
            check(False, 'the relay started (%s)' % relay.communicate()[1])
            continue
        loss = 'the relay drops 1% of the datagrams'
        if transport == 'tcp':
            loss = None
            if (nft(NS['source'], 'add', 'table', 'inet', 'sllossy')
                    .returncode == 0 and
                    nft(NS['source'], 'add', 'chain', 'inet', 'sllossy', 'out',
                        '{ type filter hook output priority 0; }')
                    .returncode == 0 and
                    nft(NS['source'], 'add', 'rule', 'inet', 'sllossy', 'out',
                        'oifname', '%sv1x' % TAG, 'tcp', 'dport',
                        str(relay_port), 'numgen', 'inc', 'mod', '100', '<',
                        '1', 'counter', 'drop').returncode == 0):
                # every 100th packet: at least one of the ~150 frames'
                # (with segmentation offload a packet may hold a frame)
                loss = 'nftables drops every 100th packet'
        print('# emulated delay 20ms (relay) and loss 1%% (%s), %s'
              % (loss or 'none: no nft or nf_tables', transport), flush=True)
        try:
            lossy_run(tmp, transport, sender_d, d)
        finally:
            relay.terminate()
            out, err = relay.communicate()
            if transport == 'srt':
                print('# ' + out.strip().replace('\n', ' '), flush=True)
                dropped = [int(w) for w, nxt in zip(out.split(), out.split()[1:])
                           if nxt.startswith('dropped')]
                check(dropped and dropped[0] > 0, 'the relay did drop '
                      'datagrams (%s)' % dropped)
            elif loss:
                listing = nft(NS['source'], 'list', 'table', 'inet',
                              'sllossy').stdout
                n = [int(w) for w, prev in zip(listing.split()[1:],
                                               listing.split())
                     if prev == 'packets']
                print('# nftables dropped %s TCP segments' % n, flush=True)
                check(n and n[0] > 0, 'nftables did drop TCP segments')
                nft(NS['source'], 'delete', 'table', 'inet', 'sllossy')


def run_parts(path, order, timeout=40):
    procs = {}
    env = dict(os.environ)
    for i, host in enumerate(order):
        procs[host] = subprocess.Popen(
            ['ip', 'netns', 'exec', NS[host], STREAMLAB, 'run', '--allow-any',
             '--quiet', '--host', host, path],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env)
        if i + 1 < len(order):
            time.sleep(0.5)
    outs = {}
    deadline = time.monotonic() + timeout
    for host, p in procs.items():
        try:
            out, err = p.communicate(timeout=max(1, deadline -
                                                 time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        outs[host] = (p.returncode, out, err)
    return outs


def main():
    if os.geteuid() != 0:
        print('SKIP: needs root to create network namespaces (ip netns)')
        return 77
    try:
        setup()
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        err = getattr(e, 'stderr', b'') or b''
        print('SKIP: cannot create network namespaces and veth pairs: %s %s'
              % (e, err.decode(errors='replace').strip()))
        cleanup()
        return 77
    tmp = tempfile.mkdtemp(prefix='sl-netns-')
    # a registry of this run's own, written once before the parts start
    # together (three processes scanning and writing one registry at once
    # slowed the first parts down unpredictably)
    os.environ['GST_REGISTRY'] = os.path.join(tmp, 'registry.bin')
    subprocess.run([STREAMLAB, 'inspect'], capture_output=True)
    try:
        for transport, order in (() if os.environ.get('SL_NETNS_ONLY') else
                                 (('tcp', ('sinks', 'filter', 'source')),
                                  ('srt', ('source', 'filter', 'sinks')))):
            what = 'out1 over %s, parts started %s' % (
                transport, ' then '.join(order))
            print('# ' + what, flush=True)
            path = os.path.join(tmp, 'three-%s.json' % transport)
            with open(path, 'w') as f:
                json.dump(description(transport), f)
            ref = subprocess.run([STREAMLAB, 'run', '--allow-any', '--quiet',
                                  path], capture_output=True, text=True,
                                 timeout=60)
            check(ref.returncode == 0, 'single-process run: exit 0 (%s)'
                  % ref.stderr.strip()[-200:])
            plan = subprocess.run([STREAMLAB, 'plan', path],
                                  capture_output=True, text=True)
            check(plan.returncode == 0 and
                  plan.stdout.count('gst-launch-1.0 ') == 3,
                  'plan: three parts')
            outs = run_parts(path, order)
            for host, (rc, out, err) in outs.items():
                check(rc == 0, '%s part: exit 0 (%s)' % (host,
                                                         err.strip()[-300:]))
            got = outs['sinks'][1]
            frames_equal(ref.stdout, got, 'out1')
            frames_equal(ref.stdout, got, 'out2')
        only = os.environ.get('SL_NETNS_ONLY')
        if only in (None, 'kill'):
            kill_middle(tmp)
        if not only:
            passphrase(tmp)
        if only in (None, 'link_down'):
            link_down(tmp)
        if only in (None, 'netem'):
            netem(tmp)
    finally:
        cleanup()
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)
    left = subprocess.run(['ip', 'netns', 'list'], capture_output=True,
                          text=True).stdout
    check(TAG not in left, 'namespaces removed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
