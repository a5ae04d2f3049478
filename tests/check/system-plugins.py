#!/usr/bin/env python3
"""Makes the folder of stock GStreamer plugins the gst-check tests may load.

    system-plugins.py OUTDIR PLUGINSDIR PLUGIN...

OUTDIR gets a symbolic link to PLUGINSDIR/libgst<PLUGIN>.so for each PLUGIN
that is installed (a missing one is left out: the tests that need it skip or
fail naming the element). The tests point GST_PLUGIN_SYSTEM_PATH_1_0 at
OUTDIR, so that they scan a known, small set of plugins: scanning every
installed plugin in-process under AddressSanitizer is slow, and some
third-party plugins leak at registration, which LeakSanitizer reports.
"""
import os
import sys

out, pluginsdir, names = sys.argv[1], sys.argv[2], sys.argv[3:]
os.makedirs(out, exist_ok=True)
for entry in os.listdir(out):
    os.unlink(os.path.join(out, entry))
for name in names:
    lib = os.path.join(pluginsdir, 'libgst%s.so' % name)
    if os.path.exists(lib):
        os.symlink(lib, os.path.join(out, os.path.basename(lib)))
