#!/usr/bin/env python3
# gst-streamlab: the translator's files call each other in one direction.
#
#   check-layers.py HEADER LIBRARY [NM]
#
# HEADER is sljsonprivate.h, whose first comment lists the files, each
# calling only those listed before it; LIBRARY is the static library built
# from them. For each of its objects, the symbols it uses that another
# object defines (read with nm) must come from a file listed earlier.
# Fails on a call the other way (a circle between files), or on an object
# the list does not name.
import re
import subprocess
import sys

header, library = sys.argv[1], sys.argv[2]
nm = sys.argv[3] if len(sys.argv) > 3 else 'nm'

with open(header) as f:
    text = f.read()
order = re.findall(r'^ \*   (sljson\w+)\.c ', text, re.M)
if not order:
    sys.exit('%s: no file list found' % header)
rank = {}
for name in order:
    rank.setdefault(name, len(rank))


def symbols(flags):
    out = subprocess.run([nm, '-A'] + flags + [library], check=True,
                         capture_output=True, text=True).stdout
    res = []
    for line in out.splitlines():
        # libsljson.a:[DIR/]sljsonline.c.o:          U sl_json_nearest
        m = re.match(r'.*?(\w+)\.c\.o:\s*(?:[0-9a-f]+\s+)?(\w)\s+(\S+)$',
                     line)
        if m:
            res.append(m.groups())
    return res


defined = {}
for obj, kind, sym in symbols(['--defined-only', '-g']):
    defined[sym] = obj
if not defined:
    sys.exit('%s: no symbols read with %s' % (library, nm))
bad = []
for obj, kind, sym in symbols(['-u']):
    if sym not in defined or defined[sym] == obj:
        continue
    src = defined[sym]
    for o in (obj, src):
        if o not in rank:
            bad.append('%s.c is not in the list of %s' % (o, header))
    if obj in rank and src in rank and rank[src] >= rank[obj]:
        bad.append('%s.c calls %s of %s.c, which is listed after it'
                   % (obj, sym, src))
for b in sorted(set(bad)):
    print(b)
sys.exit(1 if bad else 0)
