#!/bin/sh
# Builds the JSON translator fuzzer with clang (libFuzzer + ASan) and runs it.
#
#   tests/fuzz/run.sh [SECONDS] [BUILD_DIR]
#
# SECONDS defaults to 60; BUILD_DIR (default: build) must hold a built tree,
# whose plugins give the fuzzer the project's element factories. Crashes are
# written to tests/fuzz/artifacts/; the seed corpus is tests/fuzz/corpus/
# (examples and invalid descriptions) plus the JSONTestSuite's n_ files when
# present (see below); new inputs go to a scratch copy, not to the checked-in corpus.
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
  -DHAVE_CONFIG_H -I"$ROOT/pipelines/lib" -I"$BUILD" \
  "$HERE/sljson_fuzz.c" "$ROOT"/pipelines/lib/*.c \
  $(pkg-config --cflags --libs gstreamer-1.0 json-glib-1.0) -lm \
  -o "$OUT/sljson_fuzz"

WORK="$OUT/corpus"
rm -rf "$WORK"
mkdir -p "$WORK"
cp "$HERE"/corpus/* "$ROOT"/pipelines/examples/*.json "$WORK"/
# The JSONTestSuite's invalid documents live outside the repository
# (SL_JSONTESTSUITE_DIR, by default ../shared/testdata/jsontestsuite-n):
# used when present, required when SL_REQUIRE_SHARED=1 (as .ci/run sets).
JTS=${SL_JSONTESTSUITE_DIR:-$ROOT/../shared/testdata/jsontestsuite-n}
if [ -d "$JTS" ]; then
  cp "$JTS"/*.json "$WORK"/
elif [ "${SL_REQUIRE_SHARED:-0}" = 1 ]; then
  echo "run.sh: the JSONTestSuite folder $JTS is missing and SL_REQUIRE_SHARED=1 requires it" >&2
  exit 1
else
  echo "run.sh: $JTS not found: seeding without the JSONTestSuite's documents (SL_REQUIRE_SHARED=1 makes this an error)" >&2
fi

export GST_PLUGIN_PATH_1_0="$BUILD/plugins"
export GST_REGISTRY="$OUT/fuzz.registry"
# GLib's type system keeps its classes for the life of the process
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
exec "$OUT/sljson_fuzz" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$HERE/artifacts/" "$WORK"
