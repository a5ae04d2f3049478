#!/usr/bin/python3
# gst-streamlab: a lossy, slow network link in user space, for kernels
# without sch_netem (`tc qdisc ... netem loss 1% delay 20ms`). It listens
# on LISTEN and relays to TARGET; what goes from the sender (the side that
# connects to LISTEN) to TARGET is held DELAY_MS and, for UDP, dropped with
# probability LOSS (pseudo-random, seeded: the same datagrams every run with
# the same traffic). What comes back passes at once, as with netem on the
# sender's interface.
#
# usage: sl_relay.py udp|tcp LISTEN_IP:PORT TARGET_IP:PORT DELAY_MS LOSS SEED
# Prints "ready" once listening; runs until killed; prints its counts on
# SIGTERM.

import heapq
import random
import select
import signal
import socket
import sys
import threading
import time


def addr(s):
    host, port = s.rsplit(':', 1)
    return host, int(port)


def udp(listen, target, delay, loss, rng):
    front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    front.bind(listen)
    # not connected: an ICMP "port unreachable" (the receiver does not
    # listen yet) is no error for it, as for a real network
    back = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    back.bind(('0.0.0.0', 0))
    print('ready', flush=True)
    client = None
    queue = []                  # (due, n, datagram)
    n = 0
    counts = {'forwarded': 0, 'dropped': 0}

    def report(*_):
        print('udp relay: %(forwarded)d forwarded, %(dropped)d dropped'
              % counts, flush=True)
        sys.exit(0)
    signal.signal(signal.SIGTERM, report)
    while True:
        timeout = max(0.0, queue[0][0] - time.monotonic()) if queue else 1.0
        ready, _, _ = select.select([front, back], [], [], timeout)
        for s in ready:
            try:
                data, src = s.recvfrom(65536)
            except OSError:
                continue
            if s is front:
                client = src
                if rng.random() < loss:
                    counts['dropped'] += 1
                    continue
                n += 1
                heapq.heappush(queue, (time.monotonic() + delay, n, data))
            elif client is not None and src == target:
                try:
                    front.sendto(data, client)
                except OSError:
                    pass
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            try:
                back.sendto(heapq.heappop(queue)[2], target)
            except OSError:
                pass
            counts['forwarded'] += 1


def pump(src, dst, delay):
    """src -> dst, each chunk held `delay` s (a reader and a writer thread,
    so that the delay does not slow the stream down)."""
    q = []
    cond = threading.Condition()
    done = [False]

    def writer():
        while True:
            with cond:
                while not q and not done[0]:
                    cond.wait()
                if not q:
                    break
                due, data = q.pop(0)
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                dst.sendall(data)
            except OSError:
                break
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass
    t = threading.Thread(target=writer, daemon=True)
    t.start()
    while True:
        try:
            data = src.recv(65536)
        except OSError:
            data = b''
        with cond:
            if not data:
                done[0] = True
            else:
                q.append((time.monotonic() + delay, data))
            cond.notify()
        if not data:
            break
    t.join()


def tcp(listen, target, delay):
    front = socket.socket()
    front.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    front.bind(listen)
    front.listen(4)
    print('ready', flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        c, _ = front.accept()
        # the receiver may not listen yet: the sender's connection waits
        # for it (closing it would lose what the sender wrote meanwhile,
        # which no real network does)
        b = None
        for _ in range(600):
            try:
                b = socket.create_connection(target)
                break
            except OSError:
                time.sleep(0.05)
        if b is None:
            c.close()
            continue
        for s in (c, b):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=pump, args=(c, b, delay), daemon=True).start()
        threading.Thread(target=pump, args=(b, c, 0.0), daemon=True).start()


def main():
    kind, listen, target = sys.argv[1], addr(sys.argv[2]), addr(sys.argv[3])
    delay, loss = float(sys.argv[4]) / 1000.0, float(sys.argv[5])
    rng = random.Random(int(sys.argv[6]))
    if kind == 'udp':
        udp(listen, target, delay, loss, rng)
    else:
        tcp(listen, target, delay)


if __name__ == '__main__':
    main()
