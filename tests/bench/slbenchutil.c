/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* What the benchmark programs share: running a pipeline to EOS with its wall
 * and CPU time, and medians. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <sys/resource.h>
#include <gst/gst.h>

#include "slbench.h"

static gdouble
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
      ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Runs @launch to EOS; returns wall-clock seconds (and CPU seconds in
 * @cpu), or a negative value on error. */
gdouble
sl_bench_run_pipeline (const gchar * launch, gdouble * cpu)
{
  GError *err = NULL;
  GstElement *pipeline = gst_parse_launch (launch, &err);
  GstBus *bus;
  GstMessage *msg;
  gint64 t0, t1;
  gdouble c0, c1;
  gdouble res = -1.0;

  if (pipeline == NULL) {
    g_printerr ("slbench: cannot build '%s': %s\n", launch,
        err ? err->message : "?");
    g_clear_error (&err);
    return -1.0;
  }
  g_clear_error (&err);

  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  gst_element_get_state (pipeline, NULL, NULL, GST_CLOCK_TIME_NONE);
  bus = gst_element_get_bus (pipeline);
  c0 = cpu_seconds ();
  t0 = g_get_monotonic_time ();
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  t1 = g_get_monotonic_time ();
  c1 = cpu_seconds ();
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
    res = (t1 - t0) / 1e6;
    if (cpu)
      *cpu = c1 - c0;
  } else {
    GError *e = NULL;

    gst_message_parse_error (msg, &e, NULL);
    g_printerr ("slbench: '%s' failed: %s\n", launch, e->message);
    g_clear_error (&e);
  }
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  return res;
}

static gint
cmp_double (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return x < y ? -1 : x > y ? 1 : 0;
}

gdouble
sl_bench_median (gdouble * v, gint n)
{
  qsort (v, n, sizeof (gdouble), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

