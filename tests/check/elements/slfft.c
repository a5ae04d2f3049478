/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slfft against independent references: the window formulas evaluated
 * here, a direct DFT in long double, and frame counts / timestamps computed
 * from the hop and size. */

#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/audio/audio.h>

#include "gstslmeta.h"

#define RATE 48000
#define PI_L 3.141592653589793238462643383279502884L

typedef enum
{
  W_HANN,
  W_HAMMING,
  W_BLACKMAN,
  W_RECT,
  N_WINDOWS
} Win;

static const gchar *win_nick[] = { "hann", "hamming", "blackman",
  "rectangular" };

/* The windows as cosine sums w(n) = a0 - a1 cos (x) + a2 cos (2x),
 * x = 2 pi n / N (periodic forms). */
static const long double win_coef[][3] = {
  { 0.5L, 0.5L, 0.0L },
  { 0.53836L, 0.46164L, 0.0L },
  { 0.42L, 0.5L, 0.08L },
  { 1.0L, 0.0L, 0.0L },
};

static long double
win_formula (Win w, guint n, guint N)
{
  long double x = 2.0L * PI_L * n / N;

  return win_coef[w][0] - win_coef[w][1] * cosl (x) +
      win_coef[w][2] * cosl (2.0L * x);
}

static long double
win_sum (Win w, guint N)
{
  long double s = 0.0L;
  guint n;

  for (n = 0; n < N; n++)
    s += win_formula (w, n, N);
  return s;
}

/* ---- input buffers ---- */

/* A buffer of @count samples of every channel of @sig (planar, channel c at
 * sig + c * stride), in the given format and layout. */
static GstBuffer *
make_buffer (const gdouble *sig, gsize sig_stride, guint channels, gsize first,
    guint count, gboolean f32, gboolean planar)
{
  guint bps = f32 ? 4 : 8;
  GstBuffer *buf =
      gst_buffer_new_allocate (NULL, (gsize) count * channels * bps, NULL);
  GstMapInfo map;
  guint c, i;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (c = 0; c < channels; c++) {
    for (i = 0; i < count; i++) {
      gdouble v = sig[c * sig_stride + first + i];
      gsize idx = planar ? (gsize) c * count + i : (gsize) i * channels + c;

      if (f32)
        ((gfloat *) map.data)[idx] = (gfloat) v;
      else
        ((gdouble *) map.data)[idx] = v;
    }
  }
  gst_buffer_unmap (buf, &map);

  if (planar) {
    GstAudioInfo info;

    gst_audio_info_set_format (&info,
        f32 ? GST_AUDIO_FORMAT_F32LE : GST_AUDIO_FORMAT_F64LE, RATE, channels,
        NULL);
    info.layout = GST_AUDIO_LAYOUT_NON_INTERLEAVED;
    gst_buffer_add_audio_meta (buf, &info, count, NULL);
  }
  GST_BUFFER_PTS (buf) = gst_util_uint64_scale_int (first, GST_SECOND, RATE);
  GST_BUFFER_DURATION (buf) =
      gst_util_uint64_scale_int (first + count, GST_SECOND, RATE) -
      GST_BUFFER_PTS (buf);
  return buf;
}

static gchar *
caps_str (guint channels, gboolean f32, gboolean planar)
{
  return g_strdup_printf ("audio/x-raw,format=%s,layout=%s,rate=%d,"
                          "channels=%u,channel-mask=(bitmask)0",
      f32 ? "F32LE" : "F64LE", planar ? "non-interleaved" : "interleaved", RATE,
      channels);
}

static GstHarness *
fft_harness (const gchar *props, guint channels, gboolean f32, gboolean planar)
{
  gchar *desc = g_strdup_printf ("slfft %s", props);
  GstHarness *h = gst_harness_new_parse (desc);
  gchar *caps = caps_str (channels, f32, planar);

  g_free (desc);
  gst_harness_play (h);
  gst_harness_set_src_caps_str (h, caps);
  g_free (caps);
  return h;
}

/* Pushes @total samples of @sig in chunks taken from @sizes (cycled). */
static void
push_signal (GstHarness *h, const gdouble *sig, gsize sig_stride,
    guint channels, gsize total, const guint *sizes, guint n_sizes,
    gboolean f32, gboolean planar)
{
  gsize pos = 0;
  guint j = 0;

  while (pos < total) {
    guint count = MIN (sizes[j % n_sizes], total - pos);

    fail_unless_equals_int (gst_harness_push (h,
                                make_buffer (sig, sig_stride, channels, pos,
                                    count, f32, planar)),
        GST_FLOW_OK);
    pos += count;
    j++;
  }
}

/* ---- output frames ---- */

typedef struct
{
  GstBuffer *buf;
  GstMapInfo map;
  GstAudioMeta *meta;
} Frame;

static gboolean
frame_pull (GstHarness *h, Frame *f)
{
  f->buf = gst_harness_try_pull (h);
  if (f->buf == NULL)
    return FALSE;
  f->meta = gst_buffer_get_audio_meta (f->buf);
  fail_unless (f->meta != NULL, "spectrum frame without audio meta");
  gst_buffer_map (f->buf, &f->map, GST_MAP_READ);
  return TRUE;
}

static const gdouble *
frame_plane (Frame *f, guint plane)
{
  fail_unless (plane < (guint) f->meta->info.channels);
  return (const gdouble *) (f->map.data + f->meta->offsets[plane]);
}

static void
frame_clear (Frame *f)
{
  gst_buffer_unmap (f->buf, &f->map);
  gst_buffer_unref (f->buf);
  f->buf = NULL;
}

/* The reference: normalised magnitude and phase of bin k of the windowed
 * samples x[0..N-1], by a direct DFT in long double. */
static void
ref_bin (const gdouble *x, guint N, Win w, guint k, long double *mag,
    long double *phase)
{
  long double re = 0.0L, im = 0.0L, s = win_sum (w, N);
  guint n;

  for (n = 0; n < N; n++) {
    long double v = win_formula (w, n, N) * x[n];
    long double a = 2.0L * PI_L * (long double) ((guint64) k * n % N) / N;

    re += v * cosl (a);
    im -= v * sinl (a);
  }
  *mag = sqrtl (re * re + im * im) * ((k == 0 || 2 * k == N) ? 1.0L : 2.0L) / s;
  *phase = atan2l (im, re);
}

static gdouble *
tone (gsize len, long double cycles_per_sample, long double amp,
    long double phase)
{
  gdouble *x = g_new (gdouble, len);
  gsize n;

  for (n = 0; n < len; n++)
    x[n] = amp * cosl (2.0L * PI_L * cycles_per_sample * n + phase);
  return x;
}

static void
get_discarded (GstHarness *h, guint64 *discarded)
{
  GstElement *e = gst_harness_find_element (h, "slfft");

  g_object_get (e, "discarded-samples", discarded, NULL);
  gst_object_unref (e);
}

/* ---- tests ---- */

/* A tone at the centre of bin k: magnitude A in bin k with every window,
 * the window's cosine coefficients in the neighbours (a1 / 2a0 at k +- 1,
 * a2 / 2a0 at k +- 2), nothing elsewhere; phase = the tone's phase. */
GST_START_TEST (test_tone_at_bin_centre)
{
  const guint N = 1024, K = 32;
  const long double A = 0.75L, PHI = 0.3L;
  gdouble *x = tone (N, (long double) K / N, A, PHI);
  Win w;

  for (w = 0; w < N_WINDOWS; w++) {
    gchar *props =
        g_strdup_printf ("size=%u window=%s phases=true", N, win_nick[w]);
    GstHarness *h = fft_harness (props, 1, FALSE, TRUE);
    const guint sizes[] = { N };
    const gdouble *mag, *ph;
    Frame f;
    guint k;

    push_signal (h, x, 0, 1, N, sizes, 1, FALSE, TRUE);
    fail_unless (frame_pull (h, &f));
    fail_unless_equals_int (f.meta->samples, N / 2 + 1);
    fail_unless_equals_int (f.meta->info.channels, 2);
    mag = frame_plane (&f, 0);
    ph = frame_plane (&f, 1);
    for (k = 0; k <= N / 2; k++) {
      long double expect = 0.0L;
      guint d = k > K ? k - K : K - k;

      if (d == 0)
        expect = A;
      else if (d == 1)
        expect = A * win_coef[w][1] / (2.0L * win_coef[w][0]);
      else if (d == 2)
        expect = A * win_coef[w][2] / (2.0L * win_coef[w][0]);
      fail_unless (fabsl (mag[k] - expect) < 1e-12L,
          "%s bin %u: %.15g, expected %.15Lg", win_nick[w], k, mag[k], expect);
    }
    fail_unless (fabsl (ph[K] - PHI) < 1e-12L, "%s phase %.15g", win_nick[w],
        ph[K]);
    frame_clear (&f);
    fail_unless (gst_harness_try_pull (h) == NULL);
    gst_harness_teardown (h);
    g_free (props);
  }
  g_free (x);
}

GST_END_TEST;

/* A constant gives its value in bin 0 with every window. */
GST_START_TEST (test_dc)
{
  const guint N = 256;
  gdouble *x = tone (N, 0.0L, -1.25L, 0.0L);
  Win w;

  for (w = 0; w < N_WINDOWS; w++) {
    gchar *props = g_strdup_printf ("size=%u window=%s", N, win_nick[w]);
    GstHarness *h = fft_harness (props, 1, FALSE, FALSE);
    const guint sizes[] = { N };
    Frame f;

    push_signal (h, x, 0, 1, N, sizes, 1, FALSE, FALSE);
    fail_unless (frame_pull (h, &f));
    fail_unless (fabs (frame_plane (&f, 0)[0] - 1.25) < 1e-12);
    frame_clear (&f);
    gst_harness_teardown (h);
    g_free (props);
  }
  g_free (x);
}

GST_END_TEST;

/* A tone half-way between bins 32 and 33: every bin equals the direct DFT
 * of the windowed tone; the scalloping loss and the far leakage order the
 * windows as expected. */
GST_START_TEST (test_off_bin_leakage)
{
  const guint N = 1024;
  const long double A = 1.0L;
  gdouble *x = tone (N, 32.5L / N, A, 0.0L);
  gdouble peak[N_WINDOWS], far[N_WINDOWS];
  Win w;

  for (w = 0; w < N_WINDOWS; w++) {
    gchar *props = g_strdup_printf ("size=%u window=%s", N, win_nick[w]);
    GstHarness *h = fft_harness (props, 1, FALSE, TRUE);
    const guint sizes[] = { 100 };
    const gdouble *mag;
    Frame f;
    guint k;

    push_signal (h, x, 0, 1, N, sizes, 1, FALSE, TRUE);
    fail_unless (frame_pull (h, &f));
    mag = frame_plane (&f, 0);
    for (k = 0; k <= N / 2; k++) {
      long double rm, rp;

      ref_bin (x, N, w, k, &rm, &rp);
      fail_unless (fabsl (mag[k] - rm) < 1e-11L, "%s bin %u: %.15g vs %.15Lg",
          win_nick[w], k, mag[k], rm);
    }
    /* nearly symmetric: only the negative-frequency image differs */
    fail_unless (fabs (mag[32] - mag[33]) < 1e-2);
    peak[w] = mag[32];
    far[w] = mag[32 + 20];
    frame_clear (&f);
    gst_harness_teardown (h);
    g_free (props);
  }
  /* scalloping: rectangular 2/pi, Hann 8/(3 pi) (plus tiny image terms) */
  fail_unless (fabs (peak[W_RECT] - 2.0 / G_PI) < 1e-2, "%g", peak[W_RECT]);
  fail_unless (fabs (peak[W_HANN] - 8.0 / (3.0 * G_PI)) < 1e-2, "%g",
      peak[W_HANN]);
  fail_unless (peak[W_RECT] < peak[W_HAMMING]);
  fail_unless (peak[W_HAMMING] < peak[W_HANN]);
  fail_unless (peak[W_HANN] < peak[W_BLACKMAN]);
  /* leakage 20 bins away: rectangular > Hamming > Hann > Blackman */
  fail_unless (far[W_RECT] > 1e-2, "%g", far[W_RECT]);
  fail_unless (far[W_HAMMING] < far[W_RECT] / 5);
  fail_unless (far[W_HANN] < far[W_HAMMING]);
  fail_unless (far[W_BLACKMAN] < far[W_HANN]);
  g_free (x);
}

GST_END_TEST;

/* The coefficients applied: frame j holds one unit impulse at position j,
 * so every bin of frame j has magnitude w[j] * 2 / sum (w) (w[j] / sum (w)
 * for DC and Nyquist) and phase -2 pi k j / N. */
GST_START_TEST (test_window_coefficients)
{
  const guint N = 64;
  gdouble *x = g_new0 (gdouble, N * N);
  guint j;
  Win w;

  for (j = 0; j < N; j++)
    x[j * N + j] = 1.0;

  for (w = 0; w < N_WINDOWS; w++) {
    gchar *props =
        g_strdup_printf ("size=%u window=%s phases=true", N, win_nick[w]);
    GstHarness *h = fft_harness (props, 1, FALSE, TRUE);
    const guint sizes[] = { 37 };
    long double s = win_sum (w, N);

    push_signal (h, x, 0, 1, (gsize) N * N, sizes, 1, FALSE, TRUE);
    for (j = 0; j < N; j++) {
      long double wj = win_formula (w, j, N);
      const gdouble *mag, *ph;
      Frame f;
      guint k;

      fail_unless (frame_pull (h, &f));
      mag = frame_plane (&f, 0);
      ph = frame_plane (&f, 1);
      for (k = 0; k <= N / 2; k++) {
        long double expect = wj * ((k == 0 || k == N / 2) ? 1.0L : 2.0L) / s;

        fail_unless (fabsl (mag[k] - expect) < 1e-14L,
            "%s w[%u] bin %u: %.17g, expected %.17Lg", win_nick[w], j, k,
            mag[k], expect);
      }
      /* the phase of bin 1, where the window is not zero */
      if (wj > 1e-9L) {
        long double expect = remainderl (-2.0L * PI_L * j / N, 2.0L * PI_L);
        long double d = remainderl (ph[1] - expect, 2.0L * PI_L);

        fail_unless (fabsl (d) < 1e-12L, "%s phase frame %u: %.15g vs %.15Lg",
            win_nick[w], j, ph[1], expect);
      }
      frame_clear (&f);
    }
    fail_unless (gst_harness_try_pull (h) == NULL);
    gst_harness_teardown (h);
    g_free (props);
  }
  g_free (x);
}

GST_END_TEST;

/* Frame counts, PTS, duration, seq and discarded samples for hops below,
 * equal to and above the size, with a non-zero start time. */
GST_START_TEST (test_hop_counts_and_pts)
{
  const guint N = 256;
  const guint hops[] = { 64, 100, 256, 300 };
  const gsize L = 5000;
  const GstClockTime base = 3 * GST_SECOND;
  gdouble *x = tone (L, 0.01L, 1.0L, 0.0L);
  guint t;

  for (t = 0; t < G_N_ELEMENTS (hops); t++) {
    guint hop = hops[t];
    gchar *props = g_strdup_printf ("size=%u hop=%u", N, hop);
    GstHarness *h = fft_harness (props, 1, FALSE, TRUE);
    guint expect_frames = (L - N) / hop + 1, m;
    guint64 covered, discarded = G_MAXUINT64;
    gsize pos = 0;

    while (pos < L) {
      guint count = MIN (173, L - pos);
      GstBuffer *b = make_buffer (x, 0, 1, pos, count, FALSE, TRUE);

      GST_BUFFER_PTS (b) += base;
      fail_unless_equals_int (gst_harness_push (h, b), GST_FLOW_OK);
      pos += count;
    }
    fail_unless_equals_int (gst_harness_buffers_in_queue (h), expect_frames);
    for (m = 0; m < expect_frames; m++) {
      GstBuffer *b = gst_harness_pull (h);
      GstClockTime t0 =
          gst_util_uint64_scale_int ((guint64) m * hop, GST_SECOND, RATE);
      GstClockTime t1 =
          gst_util_uint64_scale_int ((guint64) m * hop + hop, GST_SECOND, RATE);
      guint64 seq;

      fail_unless_equals_uint64 (GST_BUFFER_PTS (b), base + t0);
      fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), t1 - t0);
      fail_unless (gst_sl_buffer_get_seq (b, &seq));
      fail_unless_equals_uint64 (seq, m);
      fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (b,
                                  GST_BUFFER_FLAG_DISCONT),
          m == 0);
      gst_buffer_unref (b);
    }

    /* samples never in a window, counted once EOS drops the tail */
    gst_harness_push_event (h, gst_event_new_eos ());
    covered = hop <= N ? (guint64) (expect_frames - 1) * hop + N
                       : (guint64) expect_frames * N;
    get_discarded (h, &discarded);
    fail_unless_equals_uint64 (discarded, L - covered);
    gst_harness_teardown (h);
    g_free (props);
  }
  g_free (x);
}

GST_END_TEST;

/* Runs @total samples through slfft cut into @sizes; returns every output
 * frame (payload and PTS) concatenated. */
static GByteArray *
run_cut (const gchar *props, const gdouble *sig, gsize stride, guint channels,
    gsize total, const guint *sizes, guint n_sizes, gboolean f32,
    gboolean planar, guint *n_frames)
{
  GstHarness *h = fft_harness (props, channels, f32, planar);
  GByteArray *out = g_byte_array_new ();
  GstBuffer *b;

  push_signal (h, sig, stride, channels, total, sizes, n_sizes, f32, planar);
  *n_frames = 0;
  while ((b = gst_harness_try_pull (h))) {
    GstMapInfo map;
    GstClockTime pts = GST_BUFFER_PTS (b);

    gst_buffer_map (b, &map, GST_MAP_READ);
    g_byte_array_append (out, map.data, map.size);
    g_byte_array_append (out, (const guint8 *) &pts, sizeof (pts));
    gst_buffer_unmap (b, &map);
    gst_buffer_unref (b);
    (*n_frames)++;
  }
  gst_harness_teardown (h);
  return out;
}

/* Arbitrary buffer sizes give exactly the output of one big buffer, in
 * every format and layout, with overlapping windows. */
GST_START_TEST (test_buffer_sizes_identical)
{
  const guint C = 3;
  const gsize L = 6000;
  const guint one[] = { 6000 };
  const guint odd[] = { 1, 7, 333, 1024, 5, 64, 2, 999 };
  gdouble *sig = g_new (gdouble, C * L);
  guint c, fmt;
  gsize n;

  for (c = 0; c < C; c++)
    for (n = 0; n < L; n++)
      sig[c * L + n] = sin (0.01 * (c + 1) * n) + 0.25 * cos (0.37 * n * n);

  for (fmt = 0; fmt < 4; fmt++) {
    gboolean f32 = fmt & 1, planar = fmt & 2;
    guint na, nb;
    GByteArray *a = run_cut ("size=512 hop=200 window=blackman phases=true",
        sig, L, C, L, one, 1, f32, planar, &na);
    GByteArray *b = run_cut ("size=512 hop=200 window=blackman phases=true",
        sig, L, C, L, odd, G_N_ELEMENTS (odd), f32, planar, &nb);

    fail_unless_equals_int (na, (L - 512) / 200 + 1);
    fail_unless_equals_int (na, nb);
    fail_unless_equals_int (a->len, b->len);
    fail_unless (memcmp (a->data, b->data, a->len) == 0,
        "output differs with cut input (f32 %d planar %d)", f32, planar);
    g_byte_array_unref (a);
    g_byte_array_unref (b);
  }
  g_free (sig);
}

GST_END_TEST;

/* Three channels with different tones, in F64/F32 x interleaved/planar:
 * each lands in its bin with its amplitude; the caps describe the
 * spectrum. */
GST_START_TEST (test_formats_and_layouts)
{
  const guint C = 3, N = 960; /* 2^6 * 3 * 5: bins 50 Hz apart */
  const guint bins_of[] = { 20, 100, 333 };
  const gdouble amps[] = { 1.0, 0.5, 0.125 };
  gdouble *sig = g_new (gdouble, C * N);
  guint c, fmt;

  for (c = 0; c < C; c++) {
    gdouble *t = tone (N, (long double) bins_of[c] / N, amps[c], 0.1L * c);

    memcpy (sig + c * N, t, N * sizeof (gdouble));
    g_free (t);
  }

  for (fmt = 0; fmt < 4; fmt++) {
    gboolean f32 = fmt & 1, planar = fmt & 2;
    GstHarness *h = fft_harness ("size=960 window=hann", C, f32, planar);
    const guint sizes[] = { 250 };
    gdouble tol = f32 ? 1e-6 : 1e-12;
    GstStructure *s;
    GstCaps *caps;
    gdouble spacing = 0.0;
    gint v = 0, fn = 0, fd = 0;
    Frame f;

    push_signal (h, sig, N, C, N, sizes, 1, f32, planar);

    caps = gst_pad_get_current_caps (h->sinkpad);
    s = gst_caps_get_structure (caps, 0);
    fail_unless_equals_string (gst_structure_get_name (s), "audio/x-raw");
    fail_unless_equals_string (gst_structure_get_string (s, "format"), "F64LE");
    fail_unless_equals_string (gst_structure_get_string (s, "layout"),
        "non-interleaved");
    fail_unless (gst_structure_get_int (s, "channels", &v));
    fail_unless_equals_int (v, C);
    fail_unless (gst_structure_get_int (s, "rate", &v));
    fail_unless_equals_int (v, RATE);
    fail_unless (gst_structure_get_int (s, "fft-size", &v));
    fail_unless_equals_int (v, N);
    fail_unless (gst_structure_get_int (s, "bins", &v));
    fail_unless_equals_int (v, N / 2 + 1);
    fail_unless (gst_structure_get_int (s, "hop", &v));
    fail_unless_equals_int (v, N);
    fail_unless (gst_structure_get_double (s, "bin-spacing", &spacing));
    fail_unless (spacing == 50.0);
    fail_unless (gst_structure_get_fraction (s, "framerate", &fn, &fd));
    fail_unless_equals_int (fn, 50);
    fail_unless_equals_int (fd, 1);
    fail_unless_equals_string (gst_structure_get_string (s, "window"), "hann");
    fail_unless_equals_string (gst_structure_get_string (s, "spectrum"),
        "magnitude");
    gst_caps_unref (caps);

    fail_unless (frame_pull (h, &f));
    fail_unless_equals_int (f.meta->info.channels, C);
    for (c = 0; c < C; c++) {
      const gdouble *mag = frame_plane (&f, c);
      guint k, best = 0;

      for (k = 0; k <= N / 2; k++)
        if (mag[k] > mag[best])
          best = k;
      fail_unless_equals_int (best, bins_of[c]);
      fail_unless (fabs (mag[best] - amps[c]) < tol, "ch %u: %.12g", c,
          mag[best]);
      fail_unless (fabs (mag[best + 1] - amps[c] / 2) < tol);
      fail_unless (fabs (mag[best + 5]) < tol);
    }
    frame_clear (&f);
    gst_harness_teardown (h);
  }
  g_free (sig);
}

GST_END_TEST;

/* Each frame carries the metadata of the input frame that completed its
 * window. */
GST_START_TEST (test_metadata_from_completing_frame)
{
  const guint N = 256, hop = 128, B = 100;
  const gsize L = 2000;
  gdouble *x = tone (L, 0.05L, 1.0L, 0.0L);
  GstHarness *h = fft_harness ("size=256 hop=128", 1, FALSE, TRUE);
  guint m, n_frames = (L - N) / hop + 1;
  gsize pos;

  for (pos = 0; pos < L; pos += B) {
    GstBuffer *b = make_buffer (x, 0, 1, pos, B, FALSE, TRUE);
    gchar *val = g_strdup_printf ("in%" G_GSIZE_FORMAT, pos / B);

    gst_sl_buffer_set_seq (b, pos / B);
    gst_sl_buffer_set_metadata (b, "src", val);
    gst_sl_buffer_set_metadata (b, "unit", "V");
    g_free (val);
    fail_unless_equals_int (gst_harness_push (h, b), GST_FLOW_OK);
  }
  for (m = 0; m < n_frames; m++) {
    GstBuffer *b = gst_harness_pull (h);
    gchar *expect = g_strdup_printf ("in%u", (m * hop + N - 1) / B);

    fail_unless_equals_string (gst_sl_buffer_get_metadata (b, "src"), expect);
    fail_unless_equals_string (gst_sl_buffer_get_metadata (b, "unit"), "V");
    g_free (expect);
    gst_buffer_unref (b);
  }
  fail_unless (gst_harness_try_pull (h) == NULL);
  gst_harness_teardown (h);
  g_free (x);
}

GST_END_TEST;

/* A DISCONT buffer drops the incomplete window and restarts the time base
 * from its own timestamp. */
GST_START_TEST (test_discont_restarts_window)
{
  gdouble *x = tone (1000, 0.05L, 1.0L, 0.0L);
  GstHarness *h = fft_harness ("size=256", 1, FALSE, TRUE);
  GstBuffer *b;
  guint64 discarded = 0, seq = 0;

  fail_unless_equals_int (gst_harness_push (h,
                              make_buffer (x, 0, 1, 0, 300, FALSE, TRUE)),
      GST_FLOW_OK);
  b = make_buffer (x, 0, 1, 300, 256, FALSE, TRUE);
  GST_BUFFER_PTS (b) = 10 * GST_SECOND;
  GST_BUFFER_FLAG_SET (b, GST_BUFFER_FLAG_DISCONT);
  fail_unless_equals_int (gst_harness_push (h, b), GST_FLOW_OK);

  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 2);
  b = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 0);
  gst_buffer_unref (b);
  b = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 10 * GST_SECOND);
  fail_unless (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_DISCONT));
  fail_unless (gst_sl_buffer_get_seq (b, &seq));
  fail_unless_equals_uint64 (seq, 1);
  gst_buffer_unref (b);
  get_discarded (h, &discarded);
  fail_unless_equals_uint64 (discarded, 44);
  gst_harness_teardown (h);
  g_free (x);
}

GST_END_TEST;

/* A GAP event also drops the incomplete window. */
GST_START_TEST (test_gap_restarts_window)
{
  gdouble *x = tone (1000, 0.05L, 1.0L, 0.0L);
  GstHarness *h = fft_harness ("size=256 hop=128", 1, TRUE, FALSE);
  GstBuffer *b;
  guint64 discarded = 0;

  fail_unless_equals_int (gst_harness_push (h,
                              make_buffer (x, 0, 1, 0, 300, TRUE, FALSE)),
      GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 1);
  fail_unless (gst_harness_push_event (h,
      gst_event_new_gap (GST_SECOND, GST_SECOND)));
  b = make_buffer (x, 0, 1, 300, 256, TRUE, FALSE);
  GST_BUFFER_PTS (b) = 2 * GST_SECOND;
  fail_unless_equals_int (gst_harness_push (h, b), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 2);
  gst_buffer_unref (gst_harness_pull (h));
  b = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 2 * GST_SECOND);
  gst_buffer_unref (b);
  /* samples 256..299 were in no window */
  get_discarded (h, &discarded);
  fail_unless_equals_uint64 (discarded, 44);
  gst_harness_teardown (h);
  g_free (x);
}

GST_END_TEST;

/* Sizes GstFFTF64 does not compute fast are refused with an error naming
 * the property, before any data flows. */
GST_START_TEST (test_bad_size_error)
{
  const gint bad[] = { 1022, 1001, 14, 2 * 1021 };
  const gint good[] = { 2, 6, 1000, 960, 4096 };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    GstElement *e = gst_element_factory_make ("slfft", NULL);
    GstBus *bus = gst_bus_new ();
    GstMessage *msg;
    GError *err = NULL;
    gchar *dbg = NULL;

    gst_element_set_bus (e, bus);
    g_object_set (e, "size", bad[i], NULL);
    fail_unless_equals_int (gst_element_set_state (e, GST_STATE_PAUSED),
        GST_STATE_CHANGE_FAILURE);
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (msg != NULL);
    gst_message_parse_error (msg, &err, &dbg);
    fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
        GST_RESOURCE_ERROR_SETTINGS));
    fail_unless (strstr (err->message, "'size'") != NULL, "%s", err->message);
    fail_unless (strstr (dbg, "size") != NULL);
    g_clear_error (&err);
    g_free (dbg);
    gst_message_unref (msg);
    gst_element_set_state (e, GST_STATE_NULL);
    gst_element_set_bus (e, NULL);
    gst_object_unref (bus);
    gst_object_unref (e);
  }

  for (i = 0; i < G_N_ELEMENTS (good); i++) {
    gchar *props = g_strdup_printf ("size=%d", good[i]);
    GstHarness *h = fft_harness (props, 1, FALSE, TRUE);
    gdouble *x = tone (good[i], 1.0L / good[i], 1.0L, 0.0L);
    const guint sizes[] = { 7 };

    push_signal (h, x, 0, 1, good[i], sizes, 1, FALSE, TRUE);
    fail_unless_equals_int (gst_harness_buffers_in_queue (h), 1);
    gst_harness_teardown (h);
    g_free (props);
    g_free (x);
  }
}

GST_END_TEST;

/* NaN and Inf input: no crash; only the frames whose window holds them, in
 * that channel, are affected. */
GST_START_TEST (test_nan_input)
{
  const guint N = 128, K = 8;
  const gsize L = 4 * N;
  gdouble *sig = g_new (gdouble, 2 * L);
  gdouble *t = tone (L, (long double) K / N, 1.0L, 0.0L);
  GstHarness *h = fft_harness ("size=128", 2, FALSE, FALSE);
  const guint sizes[] = { 50 };
  guint m;

  memcpy (sig, t, L * sizeof (gdouble));
  memcpy (sig + L, t, L * sizeof (gdouble));
  sig[N + 5] = NAN;
  sig[2 * N + 7] = INFINITY;
  push_signal (h, sig, L, 2, L, sizes, 1, FALSE, FALSE);

  for (m = 0; m < 4; m++) {
    Frame f;
    const gdouble *m0, *m1;

    fail_unless (frame_pull (h, &f));
    m0 = frame_plane (&f, 0);
    m1 = frame_plane (&f, 1);
    fail_unless (fabs (m1[K] - 1.0) < 1e-12);
    if (m == 1 || m == 2)
      fail_unless (!isfinite (m0[K]), "frame %u: %g", m, m0[K]);
    else
      fail_unless (fabs (m0[K] - 1.0) < 1e-12, "frame %u: %g", m, m0[K]);
    frame_clear (&f);
  }
  gst_harness_teardown (h);
  g_free (sig);
  g_free (t);
}

GST_END_TEST;

static Suite *
slfft_suite (void)
{
  Suite *s = suite_create ("slfft");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_tone_at_bin_centre);
  tcase_add_test (tc, test_dc);
  tcase_add_test (tc, test_off_bin_leakage);
  tcase_add_test (tc, test_window_coefficients);
  tcase_add_test (tc, test_hop_counts_and_pts);
  tcase_add_test (tc, test_buffer_sizes_identical);
  tcase_add_test (tc, test_formats_and_layouts);
  tcase_add_test (tc, test_metadata_from_completing_frame);
  tcase_add_test (tc, test_discont_restarts_window);
  tcase_add_test (tc, test_gap_restarts_window);
  tcase_add_test (tc, test_bad_size_error);
  tcase_add_test (tc, test_nan_input);
  return s;
}

GST_CHECK_MAIN (slfft);
