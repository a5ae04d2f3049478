#!/usr/bin/python3
# gst-streamlab: sldecimate against scipy.signal.decimate (ftype="fir",
# zero_phase=False) on noise, in frames of uneven sizes (some shorter than
# the factor), F64 and F32, both layouts; and a DISCONT restarting it.

import sys

import gi
import numpy as np
from scipy import signal

gi.require_version('Gst', '1.0')
from gi.repository import Gst  # noqa: E402

RATE = 48000


def run(x, sizes, factor, fmt='F64LE', layout='interleaved', props='',
        discont_at=None):
    channels = x.shape[0]
    pipeline = Gst.parse_launch(
        'appsrc name=src format=time caps="audio/x-raw,format=%s,'
        'layout=interleaved,rate=%d,channels=%d,channel-mask=(bitmask)0" ! '
        'audioconvert ! audio/x-raw,layout=%s ! sldecimate name=d factor=%d %s'
        ' ! audioconvert ! audio/x-raw,format=F64LE,layout=interleaved ! '
        'appsink name=sink sync=false'
        % (fmt, RATE, channels, layout, factor, props))
    src = pipeline.get_by_name('src')
    sink = pipeline.get_by_name('sink')
    pipeline.set_state(Gst.State.PLAYING)
    dtype = np.float64 if fmt == 'F64LE' else np.float32
    pos = 0
    for i, n in enumerate(sizes):
        buf = Gst.Buffer.new_wrapped(x[:, pos:pos + n].astype(dtype).T.tobytes())
        buf.pts = pos * Gst.SECOND // RATE
        if discont_at == i:
            buf.set_flags(Gst.BufferFlags.DISCONT)
        assert src.emit('push-buffer', buf) == Gst.FlowReturn.OK
        pos += n
    src.emit('end-of-stream')
    out, pts = [], []
    while True:
        sample = sink.emit('pull-sample')
        if sample is None:
            break
        b = sample.get_buffer()
        ok, info = b.map(Gst.MapFlags.READ)
        out.append(np.frombuffer(bytes(info.data), dtype=np.float64)
                   .reshape(-1, channels).T)
        b.unmap(info)
        pts.append(b.pts)
    empty = pipeline.get_by_name('d').get_property('frames-empty')
    pipeline.set_state(Gst.State.NULL)
    return np.concatenate(out, axis=1), pts, empty


def check(got, want, tol):
    assert got.shape == want.shape, (got.shape, want.shape)
    err = np.max(np.abs(got - want))
    assert err <= tol, err


def main():
    Gst.init(None)
    rng = np.random.default_rng(5)
    x = rng.normal(0.0, 0.5, size=(2, 9000))
    sizes = [1000, 2, 1, 997, 3000, 17, 1983, 2000]
    assert sum(sizes) == 9000
    for factor in (2, 3, 4, 8):
        want = signal.decimate(x, factor, ftype='fir', zero_phase=False,
                               axis=1)
        for fmt, layout, tol in (('F64LE', 'interleaved', 1e-12),
                                 ('F64LE', 'non-interleaved', 1e-12),
                                 ('F32LE', 'interleaved', 1e-5)):
            xr = x.astype(np.float32).astype(np.float64) \
                if fmt == 'F32LE' else x
            w = signal.decimate(xr, factor, ftype='fir', zero_phase=False,
                                axis=1) if fmt == 'F32LE' else want
            got, pts, empty = run(x, sizes, factor, fmt, layout)
            check(got, w, tol)
            # frames of 1 and 2 samples keep nothing at some phases
            assert empty <= 2, empty
            # each frame's PTS is the time of its first kept sample
            starts = np.cumsum([0] + sizes[:-1])
            kept_first = [((s + factor - 1) // factor) * factor
                          for s, n in zip(starts, sizes)
                          if (s + n - 1) // factor >= (s + factor - 1)
                          // factor]
            # (to the ns: the input PTS are rounded down)
            assert len(pts) == len(kept_first), (pts, kept_first)
            for p, k in zip(pts, kept_first):
                assert abs(p - k * Gst.SECOND // RATE) <= 1, (p, k)

    # other lengths, as scipy's n argument (n + 1 taps)
    want = signal.decimate(x, 4, n=40, ftype='fir', zero_phase=False, axis=1)
    got, _, _ = run(x, sizes, 4, props='num-taps=41')
    check(got, want, 1e-12)

    # a DISCONT at frame 4 (sample 2000): restarted from silence there
    got, _, _ = run(x, sizes, 4, discont_at=4)
    want = np.concatenate(
        [signal.decimate(x[:, :2000], 4, ftype='fir', zero_phase=False,
                         axis=1),
         signal.decimate(x[:, 2000:], 4, ftype='fir', zero_phase=False,
                         axis=1)], axis=1)
    check(got, want, 1e-12)
    return 0


if __name__ == '__main__':
    sys.exit(main())
