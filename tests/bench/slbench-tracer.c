/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slbench-tracer: the cost of the slmetrics tracer. Tracers are chosen
 * when GStreamer initialises, so the same pipeline runs in child processes
 * of this program, alternately without and with
 * GST_TRACERS="slmetrics(...)", several times; medians and their ratio are
 * printed.
 *
 *   build/tests/bench/slbench-tracer [--runs N] [--buffers N]
 *
 * Each scenario is a pipeline of 1024-sample frames; the mono one is the
 * hardest case for the tracer (the least work per frame). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include <gst/gst.h>

#include "slbench.h"

#define GOAL 1.10

/* what follows "slsinesrc num-buffers=N samplesperbuffer=1024 ! " */
static const struct
{
  const gchar *name;
  const gchar *rest;
} scenarios[] = {
  { "mono", "audio/x-raw,channels=1 ! identity ! queue ! fakesink" },
  { "8ch", "audio/x-raw,channels=8 ! identity ! queue ! fakesink" },
  { "tee",
      "audio/x-raw,channels=8 ! tee name=t t. ! queue ! fakesink "
      "t. ! queue ! fakesink" },
};

/* in the child: run @launch to EOS twice, print the second run's times */
static int
child_run (const gchar *launch)
{
  gdouble wall = -1, cpu = -1;
  gint i;

  for (i = 0; i < 2; i++) {
    wall = sl_bench_run_pipeline (launch, &cpu);
    if (wall < 0)
      return 1;
  }
  g_print ("%.6f %.6f\n", wall, cpu);
  return 0;
}

static gboolean
spawn_child (gchar **envp, const gchar *launch, gdouble *wall, gdouble *cpu)
{
  gchar *argv[] = { (gchar *) "/proc/self/exe", (gchar *) "--child",
    (gchar *) launch, NULL };
  gchar *out = NULL, *end;
  gint status;
  GError *err = NULL;
  gboolean ok;

  ok = g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
           &status, &err) &&
      g_spawn_check_wait_status (status, &err);
  if (ok) {
    *wall = g_ascii_strtod (out, &end);
    *cpu = g_ascii_strtod (end, NULL);
    ok = *wall > 0;
  } else {
    g_printerr ("slbench-tracer: child failed: %s\n", err ? err->message : "?");
  }
  g_clear_error (&err);
  g_free (out);
  return ok;
}

/* what runs in the children: GST_TRACERS unset, a tracer that hooks no
 * data (the cost of tracing being on at all), the stock latency tracer per
 * element, and slmetrics */
typedef struct
{
  const gchar *name;
  const gchar *tracers; /* NULL: unset */
} Mode;

int
main (int argc, char **argv)
{
  gint runs = 5, buffers = 20000;
  gboolean child = FALSE;
  gchar **rest = NULL;
  GOptionEntry entries[] = { { "runs", 'r', 0, G_OPTION_ARG_INT, &runs,
                                 "Runs (median reported)", "N" },
    { "buffers", 'b', 0, G_OPTION_ARG_INT, &buffers, "Frames per run", "N" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &child, NULL, NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL,
        "[SCENARIO...]" },
    { NULL } };
  GOptionContext *ctx = g_option_context_new ("- cost of the slmetrics "
                                              "tracer");
  GError *err = NULL;
  gchar *slmetrics;
  Mode modes[4] = {
    { "no tracer", NULL },
    { "factories", "factories" },
    { "latency", "latency(flags=element)" },
    { "slmetrics", NULL },
  };
  const guint n_modes = G_N_ELEMENTS (modes);
  gchar **envs[G_N_ELEMENTS (modes)];
  gboolean ok = TRUE;
  guint s, m;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("slbench-tracer: %s\n", err->message);
    return 2;
  }
  g_option_context_free (ctx);

  if (child) {
    gst_init (NULL, NULL);
    return child_run (rest && rest[0] ? rest[0] : "");
  }
  runs = MAX (runs, 1);

  slmetrics =
      g_strdup_printf ("slmetrics(json-file=%s/slbench-tracer.jsonl,"
                       "prometheus-file=%s/slbench-tracer.prom,table=false)",
          g_get_tmp_dir (), g_get_tmp_dir ());
  modes[3].tracers = slmetrics;
  for (m = 0; m < n_modes; m++) {
    envs[m] = g_get_environ ();
    if (!g_environ_getenv (envs[m], "GST_PLUGIN_PATH"))
      envs[m] = g_environ_setenv (envs[m], "GST_PLUGIN_PATH",
          SL_BUILD_ROOT "/plugins", TRUE);
    envs[m] = g_environ_unsetenv (envs[m], "GST_TRACERS");
    if (modes[m].tracers)
      envs[m] =
          g_environ_setenv (envs[m], "GST_TRACERS", modes[m].tracers, TRUE);
  }

  g_print ("slmetrics tracer cost; GST_TRACERS=\"%s\"\n", slmetrics);
  g_print ("(factories: a core tracer that follows no data, the cost of "
           "tracing being on at all;\n latency: the core latency tracer, "
           "flags=element)\n");
  for (s = 0; s < G_N_ELEMENTS (scenarios); s++) {
    gchar *launch;
    gdouble *wall[G_N_ELEMENTS (modes)], *cpu[G_N_ELEMENTS (modes)];
    gdouble mw[G_N_ELEMENTS (modes)], mc[G_N_ELEMENTS (modes)];
    gint i;

    if (rest &&
        !g_strv_contains ((const gchar *const *) rest, scenarios[s].name))
      continue;
    launch = g_strdup_printf ("slsinesrc num-buffers=%d samplesperbuffer=1024 "
                              "! %s",
        buffers, scenarios[s].rest);
    g_print ("\n== %s: %s\n", scenarios[s].name, launch);
    for (m = 0; m < n_modes; m++) {
      wall[m] = g_new0 (gdouble, runs);
      cpu[m] = g_new0 (gdouble, runs);
    }
    for (i = 0; i < runs && ok; i++) {
      /* rotate the order so that no mode always runs first */
      for (m = 0; m < n_modes && ok; m++) {
        guint k = (m + i) % n_modes;

        ok = spawn_child (envs[k], launch, &wall[k][i], &cpu[k][i]);
      }
    }
    if (ok) {
      for (m = 0; m < n_modes; m++) {
        mw[m] = sl_bench_median (wall[m], runs);
        mc[m] = sl_bench_median (cpu[m], runs);
      }
      for (m = 0; m < n_modes; m++)
        g_print ("   %-10s %8.4f s wall %8.4f s cpu %7.2f us/frame  "
                 "%.3fx wall %.3fx cpu\n",
            modes[m].name, mw[m], mc[m], mw[m] / buffers * 1e6, mw[m] / mw[0],
            mc[m] / mc[0]);
      g_print ("   RATIO slmetrics/no tracer: %.3fx wall, %.3fx cpu "
               "(goal <= %.2fx) over %d runs\n",
          mw[3] / mw[0], mc[3] / mc[0], GOAL, runs);
    }
    for (m = 0; m < n_modes; m++) {
      g_free (wall[m]);
      g_free (cpu[m]);
    }
    g_free (launch);
  }
  for (m = 0; m < n_modes; m++)
    g_strfreev (envs[m]);
  g_free (slmetrics);
  g_strfreev (rest);
  return ok ? 0 : 1;
}
