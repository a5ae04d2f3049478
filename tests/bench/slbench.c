/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slbench: the same work through a gst-streamlab element and the stock
 * GStreamer element, in one run, alternating, several runs, medians.
 *
 *   meson devenv -C build slbench              # every scenario
 *   meson devenv -C build slbench sine         # one scenario
 *   meson devenv -C build slbench --runs 9 --list
 *
 * A scenario has launch lines for our pipeline and the stock one, and
 * optionally a baseline (the same source alone): then what is compared is the
 * time each element adds over that baseline. Scenarios may add one extra
 * measurement of their own (for example a plain C loop, the ceiling). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gst/gst.h>

#include "slbench.h"

static gint n_runs = 5;
static gboolean allocs = FALSE;
static unsigned long (*alloc_count) (void);

/* Heap allocations per frame in steady state: counted by the preloaded
 * slalloccount library between the 100th frame reaching the first sink and
 * the last one. Where the sinks do not each see every frame (a fanout
 * sending each frame to one branch), the scenario names the element whose
 * input frames are counted instead `count`. */
#define ALLOC_WARMUP 100

typedef struct
{
  guint64 frames;
  guint64 warm_frames; /* frames counted when at_warmup was read */
  unsigned long at_warmup;
  unsigned long last;
} AllocProbe;

static GstPadProbeReturn
alloc_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  AllocProbe *ap = user_data;
  guint64 before = ap->frames;

  /* our sources push buffer lists to the pads that take them */
  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    ap->frames +=
        gst_buffer_list_length (GST_PAD_PROBE_INFO_BUFFER_LIST (info));
  else
    ap->frames++;
  if (before < ALLOC_WARMUP && ap->frames >= ALLOC_WARMUP) {
    ap->at_warmup = alloc_count ();
    ap->warm_frames = ap->frames;
  }
  ap->last = alloc_count ();
  return GST_PAD_PROBE_OK;
}

static gdouble
allocs_per_frame (const gchar *launch)
{
  GstElement *pipeline = gst_parse_launch (launch, NULL);
  GstIterator *it;
  GValue v = G_VALUE_INIT;
  GstPad *pad = NULL;
  AllocProbe ap = { 0, 0, 0, 0 };
  GstBus *bus;
  GstMessage *msg;
  gdouble res = -1.0;

  if (pipeline == NULL)
    return -1.0;
  {
    GstElement *count = gst_bin_get_by_name (GST_BIN (pipeline), "count");

    if (count) {
      pad = gst_element_get_static_pad (count, "sink");
      gst_object_unref (count);
    }
  }
  it = gst_bin_iterate_sinks (GST_BIN (pipeline));
  if (pad == NULL && gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
    pad = gst_element_get_static_pad (g_value_get_object (&v), "sink");
    g_value_unset (&v);
  }
  gst_iterator_free (it);
  if (pad)
    gst_pad_add_probe (pad,
        GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, alloc_probe,
        &ap, NULL);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS && ap.frames > 2 * ALLOC_WARMUP)
    res = (gdouble) (ap.last - ap.at_warmup) / (ap.frames - ap.warm_frames);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (pad)
    gst_object_unref (pad);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  return res;
}

static gboolean
run_scenario (const SlBenchScenario *s)
{
  gdouble *ours = g_new0 (gdouble, n_runs);
  gdouble *stock = g_new0 (gdouble, n_runs);
  gdouble *base = g_new0 (gdouble, n_runs);
  gdouble *extra = g_new0 (gdouble, n_runs);
  gdouble m_ours, m_stock, m_base = 0.0, m_extra = 0.0, a_ours, a_stock;
  gboolean ok = TRUE;
  gint i;

  g_print ("\n== %s: %s\n", s->name, s->what);
  g_print ("   ours:     %s\n   stock:    %s\n", s->ours, s->stock);
  if (s->baseline)
    g_print ("   baseline: %s\n", s->baseline);

  /* one warm-up of each, not counted */
  if (sl_bench_run_pipeline (s->ours, NULL) < 0 ||
      sl_bench_run_pipeline (s->stock, NULL) < 0)
    ok = FALSE;

  for (i = 0; ok && i < n_runs; i++) {
    ours[i] = sl_bench_run_pipeline (s->ours, NULL);
    stock[i] = sl_bench_run_pipeline (s->stock, NULL);
    if (s->baseline)
      base[i] = sl_bench_run_pipeline (s->baseline, NULL);
    if (s->extra)
      extra[i] = s->extra (s);
    if (ours[i] < 0 || stock[i] < 0 || base[i] < 0 || extra[i] < 0)
      ok = FALSE;
  }
  if (!ok) {
    g_print ("   FAILED\n");
    goto done;
  }

  m_ours = sl_bench_median (ours, n_runs);
  m_stock = sl_bench_median (stock, n_runs);
  if (s->baseline)
    m_base = sl_bench_median (base, n_runs);
  if (s->extra)
    m_extra = sl_bench_median (extra, n_runs);
  a_ours = MAX (m_ours - m_base, 1e-9);
  a_stock = MAX (m_stock - m_base, 1e-9);

  if (s->baseline) {
    g_print ("   baseline  %9.4f s\n", m_base);
    g_print ("   ours      %9.4f s  adds %9.4f s  %10.1f M %s/s\n", m_ours,
        a_ours, s->units / a_ours / 1e6, s->unit_name);
    g_print ("   stock     %9.4f s  adds %9.4f s  %10.1f M %s/s\n", m_stock,
        a_stock, s->units / a_stock / 1e6, s->unit_name);
  } else {
    g_print ("   ours      %9.4f s  %10.1f M %s/s\n", m_ours,
        s->units / a_ours / 1e6, s->unit_name);
    g_print ("   stock     %9.4f s  %10.1f M %s/s\n", m_stock,
        s->units / a_stock / 1e6, s->unit_name);
  }
  if (s->extra)
    g_print ("   %-9s %9.4f s  %10.1f M %s/s  (ours / %s: %.2fx the time)\n",
        s->extra_name, m_extra, s->units / m_extra / 1e6, s->unit_name,
        s->extra_name, a_ours / m_extra);
  if (s->goal > 0)
    g_print ("   RATIO ours vs stock: %.2fx (goal %.2fx) over %d runs\n",
        a_stock / a_ours, s->goal, n_runs);
  else
    g_print ("   RATIO ours vs stock: %.2fx over %d runs\n", a_stock / a_ours,
        n_runs);
  if (allocs)
    g_print ("   heap allocations per frame in steady state: ours %.2f, "
             "stock %.2f\n",
        allocs_per_frame (s->ours), allocs_per_frame (s->stock));

done:
  g_free (ours);
  g_free (stock);
  g_free (base);
  g_free (extra);
  return ok;
}

int
main (int argc, char **argv)
{
  gboolean list = FALSE;
  gchar **names = NULL;
  GOptionEntry entries[] = { { "runs", 'r', 0, G_OPTION_ARG_INT, &n_runs,
                                 "Runs per pipeline "
                                 "(median reported)",
                                 "N" },
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list, "List the scenarios", NULL },
    { "allocs", 'a', 0, G_OPTION_ARG_NONE, &allocs,
        "Also count heap "
        "allocations per frame in steady state (ours and stock)",
        NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &names, NULL,
        "[SCENARIO...]" },
    { NULL } };
  GOptionContext *ctx = g_option_context_new ("- gst-streamlab benchmarks");
  GError *err = NULL;
  gboolean ok = TRUE;
  gchar **orig_argv = g_strdupv (argv);
  guint i;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("slbench: %s\n", err->message);
    return 2;
  }
  g_option_context_free (ctx);
  if (n_runs < 1)
    n_runs = 1;

  if (allocs) {
    alloc_count = dlsym (RTLD_DEFAULT, "sl_alloc_count");
    if (alloc_count == NULL && g_getenv ("SL_BENCH_REEXEC") == NULL) {
      /* run again with the counting allocator preloaded */
      g_setenv ("SL_BENCH_REEXEC", "1", TRUE);
      g_setenv ("LD_PRELOAD", SL_BUILD_ROOT "/tests/bench/libslalloccount.so",
          TRUE);
      execv ("/proc/self/exe", orig_argv);
    }
    if (alloc_count == NULL) {
      g_printerr ("slbench: cannot preload the allocation counter\n");
      return 2;
    }
  }
  g_strfreev (orig_argv);

  /* find the project's plugins when run from the build tree */
  if (g_getenv ("GST_PLUGIN_PATH") == NULL)
    gst_registry_scan_path (gst_registry_get (), SL_BUILD_ROOT "/plugins");

  for (i = 0; sl_bench_scenarios[i].name; i++) {
    const SlBenchScenario *s = &sl_bench_scenarios[i];

    if (list) {
      g_print ("%-16s %s\n", s->name, s->what);
      continue;
    }
    if (names && !g_strv_contains ((const gchar *const *) names, s->name))
      continue;
    ok &= run_scenario (s);
  }
  g_strfreev (names);
  return ok ? 0 : 1;
}
