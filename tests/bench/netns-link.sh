#!/bin/bash
# gst-streamlab: one link between two network namespaces (veth pair,
# 10.214.0.0/24 inside the namespaces only), 8 channels F64, 1024-sample
# frames, over TCP and SRT, against the same pipeline in one process.
# Needs root and `ip netns`. Prints frames/s and samples/s (all channels).
#
# usage: tests/bench/netns-link.sh BUILD_DIR [FRAMES]
set -eu
build=$(cd "$1" && pwd)
frames=${2:-4000}
export GST_PLUGIN_PATH="$build/plugins"
tag=slb$$
a=${tag}a b=${tag}b
port=$((9000 + $$ % 1000))
cleanup() { ip netns del "$a" 2>/dev/null || true; ip netns del "$b" 2>/dev/null || true; }
trap cleanup EXIT
if [ "$(id -u)" != 0 ] || ! ip netns add "$a" 2>/dev/null; then
  echo "SKIP: needs root and ip netns"; exit 77
fi
ip netns add "$b"
ip -n "$a" link add ${tag}x type veth peer name ${tag}y netns "$b"
ip -n "$a" addr add 10.214.0.1/24 dev ${tag}x
ip -n "$b" addr add 10.214.0.2/24 dev ${tag}y
for n in "$a" "$b"; do ip -n "$n" link set lo up; done
ip -n "$a" link set ${tag}x up; ip -n "$b" link set ${tag}y up

src="slsinesrc num-buffers=$frames samplesperbuffer=1024 frequencies=<50.0,60.0,70.0,80.0,90.0,100.0,110.0,120.0>"
now() { date +%s.%N; }
rate() { python3 -c "import sys; f,t=int(sys.argv[1]),float(sys.argv[2]); print('%8.0f frames/s %12.3g samples/s (%.2f s)' % (f/t, f*1024*8/t, t))" "$@"; }

t0=$(now)
gst-launch-1.0 -q $src ! slpay ! sldepay ! fakesink
t1=$(now)
echo "one process (slpay ! sldepay):  $(rate $frames $(echo "$t1 - $t0" | bc))"

for transport in tcp srt; do
  port=$((port + 1))
  if [ $transport = srt ]; then
    ruri="srt://10.214.0.2:$port?mode=listener&latency=200"; suri="srt://10.214.0.2:$port?latency=200"
  else
    ruri="tcp://10.214.0.2:$port"; suri=$ruri
  fi
  out=$(mktemp)
  n=$frames
  src="slsinesrc num-buffers=$n samplesperbuffer=1024 frequencies=<50.0,60.0,70.0,80.0,90.0,100.0,110.0,120.0>"
  ip netns exec "$b" gst-launch-1.0 -q slreceive uri="$ruri" on-corrupt=resync name=r ! slprint max-samples=0 > "$out" 2>&1 &
  rp=$!
  sleep 0.5
  t0=$(now)
  ip netns exec "$a" gst-launch-1.0 -q $src ! slsend uri="$suri"
  wait $rp || true
  t1=$(now)
  got=$(grep -c "seq=" "$out" || true)
  rm -f "$out"
  echo "$transport between namespaces: $(rate $n $(echo "$t1 - $t0" | bc)), $got/$n frames arrived"
done
