#!/usr/bin/python3
# gst-streamlab: slwindow's statistics against numpy on a reference signal
# (noise with an offset, frames of uneven sizes, F64 and F32, both layouts),
# tumbling, sliding and sampled windows, a DISCONT, and slalert on them.

import sys

import gi
import numpy as np

gi.require_version('Gst', '1.0')
from gi.repository import Gst  # noqa: E402

RATE = 1000
STATS = ['mean', 'rms', 'min', 'max', 'peak', 'stddev']


def reference(x, length, hop):
    """numpy: one row per window, per channel the six statistics."""
    rows = []
    k = 0
    while k + length <= x.shape[1]:
        w = x[:, k:k + length]
        rows.append(np.stack([w.mean(axis=1), np.sqrt((w * w).mean(axis=1)),
                              w.min(axis=1), w.max(axis=1),
                              np.abs(w).max(axis=1), w.std(axis=1)],
                             axis=1).reshape(-1))
        k += hop
    return np.array(rows)


def run(x, frame_sizes, props, fmt='F64LE', layout='non-interleaved',
        discont_at=None, alert=''):
    channels = x.shape[0]
    pipeline = Gst.parse_launch(
        'appsrc name=src format=time caps="audio/x-raw,format=%s,'
        'layout=interleaved,rate=%d,channels=%d,channel-mask=(bitmask)0" ! '
        'audioconvert ! '
        'audio/x-raw,layout=%s ! slwindow name=w statistics=%s %s ! %s'
        'appsink name=sink sync=false'
        % (fmt, RATE, channels, layout, '+'.join(STATS), props, alert))
    src = pipeline.get_by_name('src')
    sink = pipeline.get_by_name('sink')
    msgs = []
    pipeline.set_state(Gst.State.PLAYING)
    dtype = np.float64 if fmt == 'F64LE' else np.float32
    pos = 0
    for i, n in enumerate(frame_sizes):
        chunk = x[:, pos:pos + n].astype(dtype)
        data = chunk.T.tobytes()
        buf = Gst.Buffer.new_wrapped(data)
        buf.pts = pos * Gst.SECOND // RATE
        buf.duration = n * Gst.SECOND // RATE
        if discont_at is not None and i == discont_at:
            buf.set_flags(Gst.BufferFlags.DISCONT)
        assert src.emit('push-buffer', buf) == Gst.FlowReturn.OK
        pos += n
    src.emit('end-of-stream')
    rows, pts, metas = [], [], []
    while True:
        sample = sink.emit('pull-sample')
        if sample is None:
            break
        b = sample.get_buffer()
        ok, info = b.map(Gst.MapFlags.READ)
        rows.append(np.frombuffer(bytes(info.data), dtype=np.float64))
        b.unmap(info)
        pts.append(b.pts)
        ms = b.get_custom_meta('SlDataFrameMeta').get_structure()
        metas.append((ms.get_value('seq'),
                      ms.get_value('metadata').get_string('window-start'),
                      ms.get_value('metadata').get_string('window-end')))
    bus = pipeline.get_bus()
    while True:
        m = bus.pop_filtered(Gst.MessageType.ELEMENT)
        if m is None:
            break
        msgs.append(m.get_structure())
    w = pipeline.get_by_name('w')
    discarded = w.get_property('samples-discarded')
    pipeline.set_state(Gst.State.NULL)
    return np.array(rows), pts, metas, msgs, discarded


def check(got, want, tol):
    assert got.shape == want.shape, (got.shape, want.shape)
    err = np.max(np.abs(got - want) / np.maximum(1.0, np.abs(want)))
    assert err <= tol, err


def main():
    Gst.init(None)
    rng = np.random.default_rng(17)
    x = rng.normal(3.0, 2.0, size=(3, 10000))
    sizes = [700, 1, 333, 2048, 999, 1500, 919, 3500]
    assert sum(sizes) == 10000

    # tumbling (hop 0), sliding (hop < length), sampled (hop > length)
    for length, hop in ((1000, 0), (1000, 300), (250, 1200), (1, 1)):
        props = 'length=%d hop=%d' % (length, hop)
        for fmt, layout, tol in (('F64LE', 'non-interleaved', 1e-12),
                                 ('F64LE', 'interleaved', 1e-12),
                                 ('F32LE', 'interleaved', 1e-5)):
            xr = x.astype(np.float32).astype(np.float64) \
                if fmt == 'F32LE' else x
            got, pts, metas, _, _ = run(x, sizes, props, fmt, layout)
            want = reference(xr, length, hop or length)
            check(got, want, tol)
            step = hop or length
            for i, (p, (seq, ws, we)) in enumerate(zip(pts, metas)):
                assert p == i * step * Gst.SECOND // RATE, (i, p)
                assert seq == i and int(ws) == p, (seq, ws, p)
                assert int(we) == (i * step + length) * Gst.SECOND // RATE

    # in time: 500 ms windows every 200 ms at 1000 Hz
    got, _, _, _, _ = run(x, sizes, 'length-time=500000000 '
                          'hop-time=200000000')
    check(got, reference(x, 500, 200), 1e-12)

    # a DISCONT at frame 4 (sample 3082): windows restart there
    got, _, _, _, discarded = run(x, sizes, 'length=1000', discont_at=4)
    want = np.concatenate([reference(x[:, :3082], 1000, 1000),
                           reference(x[:, 3082:], 1000, 1000)])
    check(got, want, 1e-12)
    assert discarded == 82 + (10000 - 3082) % 1000, discarded

    # slalert on the RMS of channel 1, with hysteresis and a minimum
    # duration, against the same reference
    y = np.zeros((2, 6000))
    y[1, 1000:3000] = 5.0
    y[1, 3000:3500] = 3.5
    sizes = [1000] * 6
    _, _, _, msgs, _ = run(
        y, sizes, 'length=100 statistics=rms',
        alert='slalert channel-name=ch1.rms above=4 hysteresis=1 '
        'min-duration=3 label=hot ! ')
    alerts = [(s.get_string('state'), s.get_value('value'),
               s.get_string('channel-name'))
              for s in msgs if s.get_name() == 'streamlab-alert']
    # raised at the 3rd window above 4 (window 12), cleared when the RMS
    # falls to 3 or less (window 35: 0)
    assert alerts == [('raised', 5.0, 'ch1.rms'),
                      ('cleared', 0.0, 'ch1.rms')], alerts
    return 0


if __name__ == '__main__':
    sys.exit(main())
