#!/bin/sh
# Builds the streamlab-frames parser fuzzer (sldepay's reader) with clang
# (libFuzzer + ASan + UBSan) and runs it.
#
#   tests/fuzz/run-frames.sh [SECONDS] [BUILD_DIR]
#
# SECONDS defaults to 60; BUILD_DIR (default: build) must hold a configured
# tree (for config.h). The first input byte chooses on-corrupt (bit 0) and
# the size of the pieces the stream is cut in (bits 1-7). Crashes go to
# tests/fuzz/artifacts/; the seed corpus is tests/fuzz/corpus-frames/
# (streams written by slpay, each prefixed by that byte), copied to a scratch
# directory first.
set -eu
SECONDS_TO_RUN=${1:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${2:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
CC=${CC:-clang-14}
OUT="$BUILD/tests/fuzz"
mkdir -p "$OUT" "$HERE/artifacts"

"$CC" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$ROOT/elements/frames" -I"$ROOT/elements/common" -I"$ROOT/gst-libs" \
  -I"$BUILD/gst-libs" -I"$BUILD" \
  "$HERE/slframes_fuzz.c" "$ROOT/elements/frames/gstslwire.c" \
  "$ROOT/elements/common/gstslmeta.c" \
  $(pkg-config --cflags --libs gstreamer-1.0 gstreamer-base-1.0 gstreamer-audio-1.0) -lm \
  -o "$OUT/slframes_fuzz"

WORK="$OUT/corpus-frames"
rm -rf "$WORK"
mkdir -p "$WORK"
cp "$HERE"/corpus-frames/* "$WORK"/

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
exec "$OUT/slframes_fuzz" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$HERE/artifacts/" "$WORK"
