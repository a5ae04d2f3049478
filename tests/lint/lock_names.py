#!/usr/bin/python3
# gst-streamlab: the naming rule for functions called with a lock held
# (docs/architecture.md, "Threading and lock order"): such a function's name
# ends in `_locked`, and the comment above it says which lock. This test
# fails when a function's comment says it runs with a lock held and its
# name does not end in `_locked`, or when a name uses the other spelling
# of the same idea (`_unlocked`).
#
#   lock_names.py SOURCE_ROOT

import os
import re
import sys

DIRS = ["elements", "pipelines", "gst-libs"]
# a comment that says the caller holds a lock
SAYS_LOCKED = re.compile(
    r"\b(call(ed)? with\b(?! no lock)|with the (\w+ )?lock\b|(?<!no )lock (is )?held|"
    r"under (the )?(\w+ )?lock\b|under lock\b|with \w*lock\b|"
    r"with OBJECT_LOCK)", re.I)
FUNC = re.compile(r"^([a-z_][a-z0-9_]*) \(")


def check_file(path):
    problems = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        m = FUNC.match(line)
        if not m:
            continue
        name = m.group(1)
        if name.endswith("_unlocked"):
            problems.append("%s:%d: %s: a function called with a lock held "
                            "ends in _locked" % (path, i + 1, name))
            continue
        # the return type is on the line above (GNU style); the comment,
        # if any, ends just before it
        j = i - 2
        if j < 0 or not lines[j].rstrip().endswith("*/"):
            continue
        comment = []
        while j >= 0:
            comment.insert(0, lines[j])
            if "/*" in lines[j]:
                break
            j -= 1
        text = " ".join(comment)
        if SAYS_LOCKED.search(text) and not name.endswith("_locked"):
            problems.append("%s:%d: %s: its comment says it runs with a lock "
                            "held; name it %s_locked" % (path, i + 1, name,
                                                         name))
    return problems


def main():
    root = sys.argv[1]
    problems = []
    for d in DIRS:
        for dirpath, _, files in os.walk(os.path.join(root, d)):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    problems += check_file(os.path.join(dirpath, f))
    for p in problems:
        print(os.path.relpath(p, root) if os.path.isabs(p) else p)
    print("%d problem(s)" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
