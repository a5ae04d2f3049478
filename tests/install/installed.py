#!/usr/bin/python3
# gst-streamlab: tests against an installed copy. Installs the build tree
# with `meson install --destdir` into a directory of the build tree, points
# the environment at it (LD_LIBRARY_PATH, GST_PLUGIN_PATH, GI_TYPELIB_PATH,
# PKG_CONFIG_PATH, PATH; the build tree's plugins are out of the way) and
# runs one check:
#   python  a Python appsrc application through the GstStreamlab typelib
#   c       a C program built with `pkg-config --cflags --libs
#           gstreamer-streamlab-1.0`, translating and running a description
#   layout  the installed files: gst-inspect-1.0 --exists, streamlab
#           --version and validate on the installed examples, schema, man
#           page, completion, element pages
#
#   installed.py CHECK BUILD_ROOT PREFIX LIBDIR DATADIR BINDIR MANDIR CC
import os
import shutil
import subprocess
import sys

check, build_root, prefix, libdir, datadir, bindir, mandir, cc = sys.argv[1:9]
here = os.path.dirname(os.path.abspath(__file__))
work = os.path.join(build_root, "tests", "install", check)
dest = os.path.join(work, "destdir")
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, flush=True)


def under(path):
    if not os.path.isabs(path):
        path = os.path.join(prefix, path)
    return dest + path


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
subprocess.run(["meson", "install", "-C", build_root, "--destdir", dest,
                "--no-rebuild", "--quiet"], check=True,
               stdout=subprocess.DEVNULL)

lib = under(libdir)
env = dict(os.environ)
for k in ("GST_PLUGIN_PATH_1_0", "GI_TYPELIB_PATH", "PKG_CONFIG_PATH",
          "STREAMLAB_LOCALEDIR"):
    env.pop(k, None)
env.update({
    "LD_LIBRARY_PATH": lib,
    "GST_PLUGIN_PATH": os.path.join(lib, "gstreamer-1.0"),
    "GI_TYPELIB_PATH": os.path.join(lib, "girepository-1.0"),
    "PKG_CONFIG_PATH": os.path.join(lib, "pkgconfig"),
    "PATH": under(bindir) + os.pathsep + env.get("PATH", "/usr/bin:/bin"),
    "GST_REGISTRY": os.path.join(work, "registry.bin"),
    "LC_ALL": "C.UTF-8",
})


def run(args, **kw):
    print("$", " ".join(args), flush=True)
    p = subprocess.run(args, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=120, **kw)
    print(p.stdout, end="", flush=True)
    return p


if check == "python":
    p = run(["/usr/bin/python3", os.path.join(here, "appsrc_dataframes.py")])
    if p.returncode != 0:
        fail("the appsrc application failed (%d)" % p.returncode)
    # slprint read the frames' seq ids the application stamped
    for i in range(6):
        if "py seq=%d " % (1000 + i) not in p.stdout:
            fail("slprint did not print seq=%d" % (1000 + i))

elif check == "c":
    pc = run(["pkg-config", "--cflags", "--libs", "gstreamer-streamlab-1.0"])
    if pc.returncode != 0:
        fail("pkg-config gstreamer-streamlab-1.0")
    elif dest not in pc.stdout:
        fail("pkg-config does not point into the installed copy")
    else:
        exe = os.path.join(work, "translate_run")
        b = run([cc, "-o", exe, os.path.join(here, "translate_run.c")]
                + pc.stdout.split())
        if b.returncode != 0:
            fail("the C program does not build")
        else:
            r = run([exe])
            if r.returncode != 0:
                fail("the C program failed (%d)" % r.returncode)

elif check == "layout":
    data = under(datadir)
    for rel in ("gst-streamlab/schema/streamlab-pipeline.schema.json",
                "gst-streamlab/examples/demo.json",
                "bash-completion/completions/streamlab",
                "doc/gst-streamlab/elements/slsinesrc.md",
                "doc/gst-streamlab/tools/streamlab.md",
                "gir-1.0/GstStreamlab-1.0.gir"):
        if not os.path.isfile(os.path.join(data, rel)):
            fail("not installed: %s" % rel)
    for rel in ("include/gstreamer-1.0/gst/streamlab/streamlab.h",
                "include/gstreamer-1.0/gst/streamlab/gstslmeta.h"):
        if not os.path.isfile(under(rel)):
            fail("not installed: %s" % rel)
    man = os.path.join(under(mandir), "man1", "streamlab.1")
    if not os.path.isfile(man):
        fail("not installed: the manual page")
    elif shutil.which("man"):
        m = run(["man", "-l", man], input="")
        if m.returncode != 0 or "streamlab" not in m.stdout:
            fail("man -l streamlab.1")
    for el in ("slsinesrc", "slfilter", "slprint", "sljsonbin"):
        if run(["gst-inspect-1.0", "--exists", el]).returncode != 0:
            fail("gst-inspect-1.0 --exists %s" % el)
    v = run(["streamlab", "--version"])
    if v.returncode != 0 or "0." not in v.stdout:
        fail("streamlab --version")
    ex = os.path.join(data, "gst-streamlab", "examples")
    for f in sorted(os.listdir(ex)):
        if f.endswith(".json"):
            if run(["streamlab", "validate", os.path.join(ex, f)]).returncode:
                fail("streamlab validate %s" % f)
    r = run(["streamlab", "run", "-q", os.path.join(ex, "demo.json")])
    if r.returncode != 0:
        fail("streamlab run demo.json")
else:
    fail("unknown check %s" % check)

sys.exit(1 if failures else 0)
