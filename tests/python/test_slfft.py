#!/usr/bin/python3
# gst-streamlab: reading slfft spectra from an application with plain
# GStreamer API (gi): caps fields, the planes, the DataFrame meta.

import math
import struct
import sys

import gi

gi.require_version('Gst', '1.0')
from gi.repository import Gst  # noqa: E402


def main():
    Gst.init(None)
    pipeline = Gst.parse_launch(
        'slsinesrc num-buffers=20 frequencies="<1500.0, 3000.0>" '
        'amplitudes="<0.5, 0.25>" metadata="meta,sensor=a1" '
        '! audio/x-raw,rate=48000 '
        '! slfft size=1024 hop=512 phases=true '
        '! appsink name=sink sync=false')
    sink = pipeline.get_by_name('sink')
    pipeline.set_state(Gst.State.PLAYING)

    frames = 0
    while True:
        sample = sink.emit('pull-sample')
        if sample is None:
            break
        s = sample.get_caps().get_structure(0)
        spacing = s.get_double('bin-spacing')[1]
        bins = s.get_int('bins')[1]
        channels = s.get_int('channels')[1]
        assert spacing == 46.875, spacing
        assert bins == 513 and channels == 4, (bins, channels)
        assert s.get_string('spectrum') == 'magnitude-phase'

        buf = sample.get_buffer()
        meta = buf.get_custom_meta('SlDataFrameMeta')
        assert meta is not None
        ms = meta.get_structure()
        assert ms.get_value('seq') == frames, (ms.get_value('seq'), frames)
        assert ms.get_value('metadata').get_string('sensor') == 'a1'
        assert buf.pts == frames * 512 * Gst.SECOND // 48000, buf.pts

        ok, info = buf.map(Gst.MapFlags.READ)
        assert ok
        values = struct.unpack('<%dd' % (channels * bins), bytes(info.data))
        buf.unmap(info)
        for c, (freq, amp) in enumerate(((1500.0, 0.5), (3000.0, 0.25))):
            mag = values[c * bins:(c + 1) * bins]
            peak = max(range(bins), key=lambda k: mag[k])
            assert peak * spacing == freq, (c, peak)
            assert math.isclose(mag[peak], amp, rel_tol=1e-9), mag[peak]
        frames += 1

    pipeline.set_state(Gst.State.NULL)
    # 20 * 1024 samples, windows of 1024 every 512
    assert frames == (20 * 1024 - 1024) // 512 + 1, frames
    print('slfft: %d frames read from an application' % frames)
    return 0


if __name__ == '__main__':
    sys.exit(main())
