set -e
SRC=/work/wt-filter/elements/filter
gcc -O3 -I$SRC -I/work/wt-filter/build $(pkg-config --cflags gstreamer-audio-1.0) -c $SRC/gstslfilterkernel.c -o k.o
gcc -O2 -I$SRC $(pkg-config --cflags gstreamer-audio-1.0) kb.c k.o -o kb $(pkg-config --libs glib-2.0) -lm
