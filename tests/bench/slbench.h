/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __SL_BENCH_H__
#define __SL_BENCH_H__

#include <gst/gst.h>

typedef struct _SlBenchScenario SlBenchScenario;

struct _SlBenchScenario
{
  const gchar *name;      /* short name, selects the scenario */
  const gchar *what;      /* one line: what is compared */
  const gchar *ours;      /* launch line through our element */
  const gchar *stock;     /* launch line through the stock element */
  const gchar *baseline;  /* optional: the source alone; then the
                                 * time each element adds is compared */
  gdouble units;          /* work per run, e.g. samples (all channels) */
  const gchar *unit_name; /* "samples", "frames" */
  gdouble goal;           /* the ratio stock/ours the issue asks for */
  /* optional extra measurement of the same work (e.g. a plain C loop):
   * returns seconds, or < 0 on error */
  const gchar *extra_name;
  gdouble (*extra) (const SlBenchScenario *s);
};

/* NULL-terminated, in slbenchscenarios.c */
extern const SlBenchScenario sl_bench_scenarios[];

gdouble sl_bench_run_pipeline (const gchar *launch, gdouble *cpu);
gdouble sl_bench_median (gdouble *v, gint n);

#endif /* __SL_BENCH_H__ */
