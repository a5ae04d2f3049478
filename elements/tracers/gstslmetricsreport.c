/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The slmetrics tracer's outputs: the human table, the JSON line and the
 * Prometheus text exposition. Numbers are written with g_ascii_* so that
 * the files do not depend on the locale. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "gstslmetricsstats.h"

/* The value reported for a bucket: its middle. */
static guint64
hist_bucket_value (guint idx)
{
  guint g, sub, e;
  guint64 low, width;

  if (idx < SL_HIST_SUB)
    return idx;
  g = idx / SL_HIST_SUB;
  sub = idx % SL_HIST_SUB;
  e = g + SL_HIST_SUB_BITS - 1;
  width = G_GUINT64_CONSTANT (1) << (e - SL_HIST_SUB_BITS);
  low = ((guint64) (SL_HIST_SUB + sub)) << (e - SL_HIST_SUB_BITS);
  return low + width / 2;
}

/* The value below which a fraction @q of the @count samples lie (nearest
 * rank), in ns, as the middle of its bucket. */
guint64
sl_metrics_hist_quantile (const guint64 *hist, guint64 count, gdouble q)
{
  guint64 rank, seen = 0;
  guint i;

  if (count == 0)
    return 0;
  rank = (guint64) (q * count + 0.999999);
  if (rank < 1)
    rank = 1;
  if (rank > count)
    rank = count;
  for (i = 0; i < SL_HIST_BUCKETS; i++) {
    seen += SL_LOAD64 (&hist[i]);
    if (seen >= rank)
      return hist_bucket_value (i);
  }
  /* samples added while we read: the highest bucket seen */
  for (i = SL_HIST_BUCKETS; i > 0; i--)
    if (SL_LOAD64 (&hist[i - 1]))
      return hist_bucket_value (i - 1);
  return 0;
}

/* The element's figures from its pads': frames that entered it (or, when
 * none entered by a push, as for a source, the frames that left it),
 * latency from all its pads, the histogram for the quantiles. */
void
sl_metrics_view_compute (SlMetricsView *v, SlElementStats *rec)
{
  guint64 hist_count = 0, max = 0, lat_sum = 0, p50, p99;
  SlLinkStats *link;
  guint64 frames[2] = { 0, 0 }, bytes[2] = { 0, 0 };
  guint64 first[2] = { G_MAXUINT64, G_MAXUINT64 }, last[2] = { 0, 0 };
  guint i, side;

  memset (v, 0, sizeof (*v));
  v->rec = rec;
  v->key = rec->name;
  v->flow_errors = SL_LOAD64 (&rec->flow_errors);
  v->error_messages = SL_LOAD64 (&rec->error_messages);
  v->errors = v->flow_errors + v->error_messages;
  v->n_pads = g_atomic_int_get (&rec->n_pads);

  for (i = 0; i < v->n_pads; i++) {
    SlPadStats *p = &rec->pads[i];
    guint64 f = SL_LOAD64 (&p->first_ts);

    side = p->direction == GST_PAD_SINK ? 0 : 1;
    frames[side] += SL_LOAD64 (&p->frames);
    bytes[side] += SL_LOAD64 (&p->bytes);
    if (f)
      first[side] = MIN (first[side], f);
    last[side] = MAX (last[side], SL_LOAD64 (&p->last_ts));
    lat_sum += SL_LOAD64 (&p->lat_sum);
    max = MAX (max, SL_LOAD64 (&p->lat_max));
  }
  side = frames[0] > 0 ? 0 : 1;
  v->frames = frames[side];
  v->bytes = bytes[side];
  if (v->frames > 1 && last[side] > first[side])
    v->fps = (v->frames - 1) / ((last[side] - first[side]) / 1e9);

  /* count from the histogram itself so that the quantiles and the count
   * agree even while frames flow */
  for (i = 0; i < SL_HIST_BUCKETS; i++)
    hist_count += SL_LOAD64 (&rec->hist[i]);
  v->lat_count = hist_count;
  if (hist_count > 0) {
    p50 = sl_metrics_hist_quantile (rec->hist, hist_count, 0.50);
    p99 = sl_metrics_hist_quantile (rec->hist, hist_count, 0.99);
    /* a bucket's middle may lie above the largest sample */
    p50 = MIN (p50, max);
    p99 = CLAMP (p99, p50, max);
    v->p50_us = p50 / 1000.0;
    v->p99_us = p99 / 1000.0;
    v->max_us = max / 1000.0;
    v->total_latency_us = lat_sum / 1000.0;
  }

  link = __atomic_load_n (&rec->link, __ATOMIC_ACQUIRE);
  if (link) {
    guint64 lmax = SL_LOAD64 (&link->max);

    for (i = 0; i < SL_HIST_BUCKETS; i++)
      v->link_count += SL_LOAD64 (&link->hist[i]);
    if (v->link_count > 0) {
      p50 = MIN (sl_metrics_hist_quantile (link->hist, v->link_count, 0.50),
          lmax);
      p99 = CLAMP (sl_metrics_hist_quantile (link->hist, v->link_count, 0.99),
          p50, lmax);
      v->link_p50_us = p50 / 1000.0;
      v->link_p99_us = p99 / 1000.0;
      v->link_max_us = lmax / 1000.0;
      v->link_total_us = SL_LOAD64 (&link->sum) / 1000.0;
      v->link_negative = SL_LOAD64 (&link->negative);
    }
  }
}

/* --- JSON --- */

static void
json_string (GString *out, const gchar *s)
{
  g_string_append_c (out, '"');
  for (; *s; s++) {
    guchar c = *s;

    switch (c) {
      case '"':
        g_string_append (out, "\\\"");
        break;
      case '\\':
        g_string_append (out, "\\\\");
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      case '\t':
        g_string_append (out, "\\t");
        break;
      default:
        if (c < 0x20)
          g_string_append_printf (out, "\\u%04x", c);
        else
          g_string_append_c (out, c);
    }
  }
  g_string_append_c (out, '"');
}

/* a number with at most 3 decimals, locale-independent, never NaN */
static void
append_double (GString *out, gdouble d)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (d))
    d = 0.0;
  if (d == (gdouble) (gint64) d && ABS (d) < 1e15)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) d);
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof (buf), "%.3f", d));
}

static void
json_key (GString *out, const gchar *key, gboolean *first)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  json_string (out, key);
  g_string_append_c (out, ':');
}

static void
json_u64 (GString *out, const gchar *key, guint64 v, gboolean *first)
{
  json_key (out, key, first);
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, v);
}

static void
json_double (GString *out, const gchar *key, gdouble v, gboolean *first)
{
  json_key (out, key, first);
  append_double (out, v);
}

static void
json_pad (GString *out, SlPadStats *p)
{
  gboolean first = TRUE;
  guint64 lat_count = SL_LOAD64 (&p->lat_count);

  g_string_append_c (out, '{');
  json_key (out, "direction", &first);
  json_string (out,
      p->direction == GST_PAD_SRC        ? "src"
          : p->direction == GST_PAD_SINK ? "sink"
                                         : "unknown");
  json_u64 (out, "frames", SL_LOAD64 (&p->frames), &first);
  json_u64 (out, "bytes", SL_LOAD64 (&p->bytes), &first);
  json_u64 (out, "latency_samples", lat_count, &first);
  json_double (out, "total_latency_us", SL_LOAD64 (&p->lat_sum) / 1000.0,
      &first);
  json_double (out, "max_latency_us", SL_LOAD64 (&p->lat_max) / 1000.0, &first);
  if (p->has_dropped)
    json_double (out, "frames_dropped", p->dropped, &first);
  if (p->has_level)
    json_double (out, "queue_level", p->level, &first);
  if (p->has_high_water)
    json_double (out, "queue_high_water", p->high_water, &first);
  g_string_append_c (out, '}');
}

static gboolean
stats_field_json (GQuark field, const GValue *value, gpointer user_data)
{
  gpointer *args = user_data;
  GString *out = args[0];
  gboolean *first = args[1];
  GValue d = G_VALUE_INIT;

  g_value_init (&d, G_TYPE_DOUBLE);
  if (g_value_type_transformable (G_VALUE_TYPE (value), G_TYPE_DOUBLE) &&
      g_value_transform (value, &d)) {
    json_double (out, g_quark_to_string (field), g_value_get_double (&d),
        first);
  } else if (G_VALUE_HOLDS_STRING (value) && g_value_get_string (value)) {
    json_key (out, g_quark_to_string (field), first);
    json_string (out, g_value_get_string (value));
  }
  g_value_unset (&d);
  return TRUE;
}

void
sl_metrics_write_json (GString *out, SlMetricsView *views, guint n,
    gint64 timestamp_us)
{
  guint i, j;

  g_string_append_printf (out,
      "{\"timestamp_us\":%" G_GINT64_FORMAT ",\"elements\":{", timestamp_us);
  for (i = 0; i < n; i++) {
    SlMetricsView *v = &views[i];
    SlElementStats *rec = v->rec;
    gboolean first = TRUE, pfirst = TRUE;

    if (i > 0)
      g_string_append_c (out, ',');
    json_string (out, v->key);
    g_string_append (out, ":{");
    json_key (out, "factory", &first);
    json_string (out, rec->factory);
    json_u64 (out, "frames_processed", v->frames, &first);
    json_u64 (out, "bytes", v->bytes, &first);
    json_u64 (out, "errors_count", v->errors, &first);
    json_u64 (out, "flow_errors", v->flow_errors, &first);
    json_u64 (out, "error_messages", v->error_messages, &first);
    json_double (out, "throughput_fps", v->fps, &first);
    json_u64 (out, "latency_samples", v->lat_count, &first);
    json_double (out, "total_latency_us", v->total_latency_us, &first);
    json_key (out, "latency_us", &first);
    g_string_append (out, "{\"p50\":");
    append_double (out, v->p50_us);
    g_string_append (out, ",\"p99\":");
    append_double (out, v->p99_us);
    g_string_append (out, ",\"max\":");
    append_double (out, v->max_us);
    g_string_append_c (out, '}');
    if (v->link_count > 0) {
      json_u64 (out, "link_latency_samples", v->link_count, &first);
      json_u64 (out, "link_latency_negative", v->link_negative, &first);
      json_double (out, "total_link_latency_us", v->link_total_us, &first);
      json_key (out, "link_latency_us", &first);
      g_string_append (out, "{\"p50\":");
      append_double (out, v->link_p50_us);
      g_string_append (out, ",\"p99\":");
      append_double (out, v->link_p99_us);
      g_string_append (out, ",\"max\":");
      append_double (out, v->link_max_us);
      g_string_append_c (out, '}');
    }
    if (rec->has_dropped)
      json_double (out, "frames_dropped", rec->dropped, &first);
    if (rec->has_queue_level)
      json_double (out, "queue_level", rec->queue_level, &first);
    if (rec->stats) {
      gboolean sfirst = TRUE;
      gpointer args[2] = { out, &sfirst };

      json_key (out, "stats", &first);
      g_string_append_c (out, '{');
      gst_structure_foreach (rec->stats, stats_field_json, args);
      g_string_append_c (out, '}');
    }
    json_key (out, "pads", &first);
    g_string_append_c (out, '{');
    for (j = 0; j < v->n_pads; j++) {
      json_key (out, rec->pads[j].name, &pfirst);
      json_pad (out, &rec->pads[j]);
    }
    g_string_append (out, "}}");
  }
  g_string_append (out, "}}\n");
}

/* --- Prometheus text exposition format (version 0.0.4) --- */

static void
prom_label_value (GString *out, const gchar *s)
{
  g_string_append_c (out, '"');
  for (; *s; s++) {
    if (*s == '\\')
      g_string_append (out, "\\\\");
    else if (*s == '"')
      g_string_append (out, "\\\"");
    else if (*s == '\n')
      g_string_append (out, "\\n");
    else
      g_string_append_c (out, *s);
  }
  g_string_append_c (out, '"');
}

static void
prom_family (GString *out, const gchar *name, const gchar *type,
    const gchar *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
      type);
}

/* name{pipeline="..",instance="..",host="..",element="..",factory=".."
 * [,extra=".."]} value */
static void
prom_sample (GString *out, const gchar *name, SlMetricsView *v,
    const SlPromLabels *labels, const gchar *extra_label,
    const gchar *extra_value, const gchar *extra_label2,
    const gchar *extra_value2, gdouble value)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
  const gchar *pipeline = v->rec->pipeline ? v->rec->pipeline : "";

  g_string_append (out, name);
  g_string_append (out, "{pipeline=");
  prom_label_value (out, pipeline);
  g_string_append (out, ",instance=");
  prom_label_value (out,
      labels->instance_of ? labels->instance_of (labels->data, pipeline) : "0");
  g_string_append (out, ",host=");
  prom_label_value (out, labels->host ? labels->host : "");
  g_string_append (out, ",element=");
  prom_label_value (out, v->label ? v->label : v->key);
  g_string_append (out, ",factory=");
  prom_label_value (out, v->rec->factory);
  if (extra_label) {
    g_string_append_printf (out, ",%s=", extra_label);
    prom_label_value (out, extra_value);
  }
  if (extra_label2) {
    g_string_append_printf (out, ",%s=", extra_label2);
    prom_label_value (out, extra_value2);
  }
  g_string_append (out, "} ");
  if (!isfinite (value))
    value = 0.0;
  g_string_append (out, g_ascii_formatd (buf, sizeof (buf), "%.9g", value));
  g_string_append_c (out, '\n');
}

static const gchar *
pad_dir (SlPadStats *p)
{
  return p->direction == GST_PAD_SRC ? "src"
      : p->direction == GST_PAD_SINK ? "sink"
                                     : "unknown";
}

/* A stats field is a counter when it is an unsigned 64-bit count (as
 * slresilient's frames-* and errors), else a gauge. */
static gboolean
stats_field_is_counter (const GValue *value)
{
  return G_VALUE_HOLDS_UINT64 (value);
}

static gboolean
stats_field_prom (GQuark field, const GValue *value, gpointer user_data)
{
  gpointer *args = user_data;
  GString *out = args[0];
  SlMetricsView *v = args[1];
  const SlPromLabels *labels = args[2];
  gboolean counters = GPOINTER_TO_INT (args[3]);
  GValue d = G_VALUE_INIT;

  if (stats_field_is_counter (value) != counters)
    return TRUE;
  g_value_init (&d, G_TYPE_DOUBLE);
  if (g_value_type_transformable (G_VALUE_TYPE (value), G_TYPE_DOUBLE) &&
      g_value_transform (value, &d))
    prom_sample (out,
        counters ? "streamlab_element_stat_total" : "streamlab_element_stat", v,
        labels, "stat", g_quark_to_string (field), NULL, NULL,
        g_value_get_double (&d));
  g_value_unset (&d);
  return TRUE;
}

static gboolean
stats_has_kind (GQuark field, const GValue *value, gpointer user_data)
{
  gboolean *want = user_data;

  /* stop (FALSE) at the first field of the kind */
  return stats_field_is_counter (value) != *want;
}

/* Histogram buckets: the tracer's histogram groups values by powers of two
 * (16 sub-buckets each), so every power of two is an exact bucket bound.
 * Exported from 2^10 ns (about 1 us) to 2^35 ns (about 34 s). */
#define SL_PROM_LE_FIRST 10
#define SL_PROM_LE_LAST 35

/* samples of @hist below 2^@e ns */
static guint64
hist_count_below_pow2 (const guint64 *hist, guint e)
{
  guint i, end;
  guint64 n = 0;

  /* index of the first bucket at or above 2^e */
  end = e < SL_HIST_SUB_BITS ? (1u << e)
                             : (e - SL_HIST_SUB_BITS + 1) * SL_HIST_SUB;
  for (i = 0; i < end && i < SL_HIST_BUCKETS; i++)
    n += SL_LOAD64 (&hist[i]);
  return n;
}

void
sl_metrics_write_prometheus (GString *out, SlMetricsView *views, guint n,
    const SlPromLabels *labels)
{
  guint i, j;
  gboolean any;
  const SlPromLabels nolabels = { NULL, NULL, NULL };

  if (labels == NULL)
    labels = &nolabels;

#define FOR_VIEWS for (i = 0; i < n; i++)
#define SAMPLE(name, v, value) \
  prom_sample (out, name, v, labels, NULL, NULL, NULL, NULL, value)

  prom_family (out, "streamlab_frames_processed_total", "counter",
      "Frames that entered the element (for a source: frames it produced).");
  FOR_VIEWS SAMPLE ("streamlab_frames_processed_total", &views[i],
      views[i].frames);

  prom_family (out, "streamlab_bytes_total", "counter",
      "Payload bytes of the frames counted in "
      "streamlab_frames_processed_total.");
  FOR_VIEWS SAMPLE ("streamlab_bytes_total", &views[i], views[i].bytes);

  prom_family (out, "streamlab_errors_total", "counter",
      "Errors originating in the element: fatal flow returns and ERROR "
      "messages.");
  FOR_VIEWS SAMPLE ("streamlab_errors_total", &views[i], views[i].errors);

  prom_family (out, "streamlab_flow_errors_total", "counter",
      "Fatal flow returns originating in the element.");
  FOR_VIEWS SAMPLE ("streamlab_flow_errors_total", &views[i],
      views[i].flow_errors);

  prom_family (out, "streamlab_error_messages_total", "counter",
      "ERROR messages posted by the element.");
  FOR_VIEWS SAMPLE ("streamlab_error_messages_total", &views[i],
      views[i].error_messages);

  prom_family (out, "streamlab_throughput_frames_per_second", "gauge",
      "Average frame rate between the element's first and last frame.");
  FOR_VIEWS SAMPLE ("streamlab_throughput_frames_per_second", &views[i],
      views[i].fps);

  prom_family (out, "streamlab_latency_seconds", "histogram",
      "Time from a frame entering the element's sink pad to leaving its "
      "src pad (for a sink: to its chain function returning).");
  FOR_VIEWS
  {
    SlMetricsView *v = &views[i];
    guint64 below;
    guint e;

    if (v->lat_count == 0)
      continue;
    for (e = SL_PROM_LE_FIRST; e <= SL_PROM_LE_LAST; e++) {
      gchar le[G_ASCII_DTOSTR_BUF_SIZE];

      below = hist_count_below_pow2 (v->rec->hist, e);
      g_ascii_formatd (le, sizeof (le), "%.9g",
          (gdouble) (G_GUINT64_CONSTANT (1) << e) / 1e9);
      /* the histogram is read while frames flow: never above the count */
      prom_sample (out, "streamlab_latency_seconds_bucket", v, labels, "le", le,
          NULL, NULL, MIN (below, v->lat_count));
    }
    prom_sample (out, "streamlab_latency_seconds_bucket", v, labels, "le",
        "+Inf", NULL, NULL, v->lat_count);
    SAMPLE ("streamlab_latency_seconds_sum", v, v->total_latency_us / 1e6);
    SAMPLE ("streamlab_latency_seconds_count", v, v->lat_count);
  }

  prom_family (out, "streamlab_latency_p50_seconds", "gauge",
      "Median latency over the whole run, from the tracer's histogram "
      "(within 6.25%).");
  FOR_VIEWS if (views[i].lat_count > 0) SAMPLE ("streamlab_latency_p50_seconds",
      &views[i], views[i].p50_us / 1e6);

  prom_family (out, "streamlab_latency_p99_seconds", "gauge",
      "99th percentile of the latency over the whole run, from the "
      "tracer's histogram (within 6.25%).");
  FOR_VIEWS if (views[i].lat_count > 0) SAMPLE ("streamlab_latency_p99_seconds",
      &views[i], views[i].p99_us / 1e6);

  prom_family (out, "streamlab_latency_max_seconds", "gauge",
      "Largest latency of a frame through the element.");
  FOR_VIEWS if (views[i].lat_count > 0) SAMPLE ("streamlab_latency_max_seconds",
      &views[i], views[i].max_us / 1e6);

  any = FALSE;
  FOR_VIEWS any |= views[i].link_count > 0;
  if (any) {
    prom_family (out, "streamlab_link_latency_seconds", "histogram",
        "Latency of the link into a depayloader: wall-clock time when a frame "
        "leaves it minus the sender's wall-clock time when it wrote the frame "
        "(slpay send-time; across hosts as good as the clocks' "
        "synchronisation).");
    FOR_VIEWS
    {
      SlMetricsView *v = &views[i];
      guint64 below;
      guint e;

      if (v->link_count == 0)
        continue;
      for (e = SL_PROM_LE_FIRST; e <= SL_PROM_LE_LAST; e++) {
        gchar le[G_ASCII_DTOSTR_BUF_SIZE];

        below = hist_count_below_pow2 (v->rec->link->hist, e);
        g_ascii_formatd (le, sizeof (le), "%.9g",
            (gdouble) (G_GUINT64_CONSTANT (1) << e) / 1e9);
        prom_sample (out, "streamlab_link_latency_seconds_bucket", v, labels,
            "le", le, NULL, NULL, MIN (below, v->link_count));
      }
      prom_sample (out, "streamlab_link_latency_seconds_bucket", v, labels,
          "le", "+Inf", NULL, NULL, v->link_count);
      SAMPLE ("streamlab_link_latency_seconds_sum", v, v->link_total_us / 1e6);
      SAMPLE ("streamlab_link_latency_seconds_count", v, v->link_count);
    }
  }

  any = FALSE;
  FOR_VIEWS any |= views[i].rec->has_dropped;
  if (any) {
    prom_family (out, "streamlab_frames_dropped_total", "counter",
        "Frames the element reports as dropped.");
    FOR_VIEWS if (views[i].rec->has_dropped)
        SAMPLE ("streamlab_frames_dropped_total", &views[i],
            views[i].rec->dropped);
  }

  any = FALSE;
  FOR_VIEWS any |= views[i].rec->has_queue_level;
  if (any) {
    prom_family (out, "streamlab_queue_level_frames", "gauge",
        "Frames queued in the element.");
    FOR_VIEWS if (views[i].rec->has_queue_level)
        SAMPLE ("streamlab_queue_level_frames", &views[i],
            views[i].rec->queue_level);
  }

  any = FALSE;
  FOR_VIEWS any |= views[i].rec->has_queue_capacity;
  if (any) {
    prom_family (out, "streamlab_queue_capacity_frames", "gauge",
        "Frames the element can queue (0: no limit).");
    FOR_VIEWS if (views[i].rec->has_queue_capacity)
        SAMPLE ("streamlab_queue_capacity_frames", &views[i],
            views[i].rec->queue_capacity);
  }

  for (j = 0; j < 2; j++) {
    gboolean counters = j == 0;

    any = FALSE;
    FOR_VIEWS if (views[i].rec->stats) any |=
        !gst_structure_foreach (views[i].rec->stats, stats_has_kind, &counters);
    if (!any)
      continue;
    if (counters)
      prom_family (out, "streamlab_element_stat_total", "counter",
          "Counters of the element's own stats structure.");
    else
      prom_family (out, "streamlab_element_stat", "gauge",
          "Numeric levels of the element's own stats structure.");
    for (i = 0; i < n; i++) {
      gpointer args[4] = { out, &views[i], (gpointer) labels,
        GINT_TO_POINTER (counters) };

      if (views[i].rec->stats)
        gst_structure_foreach (views[i].rec->stats, stats_field_prom, args);
    }
  }

  prom_family (out, "streamlab_pad_frames_total", "counter",
      "Frames through the pad.");
  FOR_VIEWS for (j = 0; j < views[i].n_pads; j++)
  {
    SlPadStats *p = &views[i].rec->pads[j];
    prom_sample (out, "streamlab_pad_frames_total", &views[i], labels, "pad",
        p->name, "direction", pad_dir (p), SL_LOAD64 (&p->frames));
  }

  prom_family (out, "streamlab_pad_bytes_total", "counter",
      "Payload bytes through the pad.");
  FOR_VIEWS for (j = 0; j < views[i].n_pads; j++)
  {
    SlPadStats *p = &views[i].rec->pads[j];
    prom_sample (out, "streamlab_pad_bytes_total", &views[i], labels, "pad",
        p->name, "direction", pad_dir (p), SL_LOAD64 (&p->bytes));
  }

#define PAD_FAMILY(FLAG, FIELD, FAMILY, TYPE, HELP) \
  any = FALSE; \
  FOR_VIEWS for (j = 0; j < views[i].n_pads; j++) any |= \
      views[i].rec->pads[j].FLAG; \
  if (any) { \
    prom_family (out, FAMILY, TYPE, HELP); \
    FOR_VIEWS for (j = 0; j < views[i].n_pads; j++) \
    { \
      SlPadStats *p = &views[i].rec->pads[j]; \
      if (p->FLAG) \
        prom_sample (out, FAMILY, &views[i], labels, "pad", p->name, NULL, \
            NULL, p->FIELD); \
    } \
  }

  PAD_FAMILY (has_dropped, dropped, "streamlab_pad_frames_dropped_total",
      "counter", "Frames the pad reports as dropped.");
  PAD_FAMILY (has_level, level, "streamlab_pad_queue_level_frames", "gauge",
      "Frames queued on the pad.");
  PAD_FAMILY (has_high_water, high_water,
      "streamlab_pad_queue_high_water_frames", "gauge",
      "Highest number of frames queued on the pad.");
  PAD_FAMILY (has_capacity, capacity, "streamlab_pad_queue_capacity_frames",
      "gauge", "Frames the pad's queue can hold.");
#undef PAD_FAMILY
#undef SAMPLE
#undef FOR_VIEWS
}

/* --- the human table --- */

void
sl_metrics_write_table (GString *out, SlMetricsView *views, guint n,
    gboolean final, gdouble elapsed_s)
{
  guint i, w = 7;

  for (i = 0; i < n; i++)
    w = MAX (w, strlen (views[i].key));
  w = MIN (w, 40);

  g_string_append_printf (out, "slmetrics %s report, %.3f s\n",
      final ? "final" : "interval", elapsed_s);
  g_string_append_printf (out,
      "%-*s %-14s %10s %12s %6s %10s %10s %10s %10s %12s %8s %8s\n", w,
      "element", "factory", "frames", "bytes", "errors", "frames/s", "p50 us",
      "p99 us", "max us", "total us", "dropped", "level");
  for (i = 0; i < n; i++) {
    SlMetricsView *v = &views[i];
    gchar dropped[32] = "-", level[32] = "-";

    if (v->rec->has_dropped)
      g_snprintf (dropped, sizeof (dropped), "%.0f", v->rec->dropped);
    if (v->rec->has_queue_level)
      g_snprintf (level, sizeof (level), "%.0f", v->rec->queue_level);
    if (v->lat_count > 0)
      g_string_append_printf (out,
          "%-*s %-14s %10" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT
          " %6" G_GUINT64_FORMAT
          " %10.1f %10.2f %10.2f %10.2f %12.1f %8s %8s\n",
          w, v->key, v->rec->factory, v->frames, v->bytes, v->errors, v->fps,
          v->p50_us, v->p99_us, v->max_us, v->total_latency_us, dropped, level);
    else
      g_string_append_printf (out,
          "%-*s %-14s %10" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT
          " %6" G_GUINT64_FORMAT " %10.1f %10s %10s %10s %12s %8s %8s\n",
          w, v->key, v->rec->factory, v->frames, v->bytes, v->errors, v->fps,
          "-", "-", "-", "-", dropped, level);
  }
  for (i = 0; i < n; i++) {
    SlMetricsView *v = &views[i];

    if (v->link_count == 0)
      continue;
    g_string_append_printf (out,
        "link into %-*s %10" G_GUINT64_FORMAT
        " frames, latency p50 %.2f us, p99 %.2f us, max %.2f us\n",
        w, v->key, v->link_count, v->link_p50_us, v->link_p99_us,
        v->link_max_us);
  }
}

/* --- the Prometheus file --- */

/* The Prometheus file is replaced atomically (readers such as
 * node_exporter see the old file or the new one, never a part): the text is
 * written to an unnamed file in the same directory (O_TMPFILE), given a
 * name beside the target only when complete, and renamed over it at once.
 * The name, `.<file>.<pid>.tmp`, is hidden, does not end in `.prom` (the
 * textfile collector ignores it) and is removed at the next start when a
 * kill left it behind. */
static gchar *
prom_temp_name (const gchar *path, gint pid)
{
  gchar *dir = g_path_get_dirname (path);
  gchar *base = g_path_get_basename (path);
  gchar *name = g_strdup_printf ("%s/.%s.%d.tmp", dir, base, pid);

  g_free (dir);
  g_free (base);
  return name;
}

/* temporary files of processes that were killed while writing */
void
sl_metrics_prom_remove_strays (const gchar *path)
{
  gchar *dir = g_path_get_dirname (path);
  gchar *base = g_path_get_basename (path);
  gchar *prefix = g_strdup_printf (".%s.", base);
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  while (d && (name = g_dir_read_name (d))) {
    gchar *end = NULL;
    gint64 pid;

    if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, ".tmp"))
      continue;
    pid = g_ascii_strtoll (name + strlen (prefix), &end, 10);
    if (end == NULL || strcmp (end, ".tmp") != 0 || pid <= 0 ||
        (kill ((pid_t) pid, 0) != 0 && errno == ESRCH) || pid == getpid ()) {
      gchar *full = g_build_filename (dir, name, NULL);

      if (end && strcmp (end, ".tmp") == 0)
        g_unlink (full);
      g_free (full);
    }
  }
  if (d)
    g_dir_close (d);
  g_free (prefix);
  g_free (base);
  g_free (dir);
}

static gboolean
write_all (gint fd, const gchar *text, gsize len)
{
  while (len > 0) {
    gssize w = write (fd, text, len);

    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return FALSE;
    text += w;
    len -= w;
  }
  return TRUE;
}

gboolean
sl_metrics_prom_replace (const gchar *path, const gchar *text, gint *err)
{
  gchar *dir = g_path_get_dirname (path);
  gchar *tmp = prom_temp_name (path, getpid ());
  gboolean named = FALSE, ok = FALSE;
  gint fd;

#ifdef O_TMPFILE
  fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
#else
  fd = -1;
#endif
  if (fd < 0) {
    /* no O_TMPFILE on this file system: a named file from the start */
    fd = open (tmp, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
    named = TRUE;
  }
  if (fd < 0)
    goto out;
  if (!write_all (fd, text, strlen (text)))
    goto out;
  if (!named) {
    gchar *proc = g_strdup_printf ("/proc/self/fd/%d", fd);

    g_unlink (tmp);
    named = linkat (AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0;
    g_free (proc);
    if (!named)
      goto out;
  }
  ok = g_rename (tmp, path) == 0;

out:
  *err = ok ? 0 : errno;
  if (fd >= 0)
    close (fd);
  if (!ok && named)
    g_unlink (tmp);
  g_free (tmp);
  g_free (dir);
  return ok;
}
