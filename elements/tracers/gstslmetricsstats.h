/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Internal to the slmetrics tracer: the per-element records that the hooks
 * update without lock and the snapshot/report writers read. */

#ifndef __GST_SL_METRICS_STATS_H__
#define __GST_SL_METRICS_STATS_H__

#include <stdio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/* 64-bit atomics: GLib only has int- and pointer-sized ones. */
#define SL_LOAD64(p) __atomic_load_n ((p), __ATOMIC_RELAXED)
#define SL_STORE64(p, v) __atomic_store_n ((p), (v), __ATOMIC_RELAXED)
#define SL_ADD64(p, v) __atomic_fetch_add ((p), (v), __ATOMIC_RELAXED)
/* single writer: a plain add, read whole by the reports */
#define SL_BUMP64(p, v) SL_STORE64 ((p), SL_LOAD64 (p) + (v))

/* Log-linear latency histogram over nanoseconds: values below 16 have a
 * bucket each, then every power of two is split into 16 buckets, so a
 * bucket's width is at most 1/16 of its lower bound (6.25% resolution) and
 * all of guint64 is covered. */
#define SL_HIST_SUB_BITS 4
#define SL_HIST_SUB (1 << SL_HIST_SUB_BITS)
#define SL_HIST_BUCKETS ((64 - SL_HIST_SUB_BITS + 1) * SL_HIST_SUB)

/* Frames in flight inside one element whose entry time is remembered (per
 * element, indexed by a hash of the frame key). */
#define SL_ENTRY_SLOTS 1024

/* Pads followed per element. */
#define SL_MAX_PADS 32

typedef struct
{
  guint64 key; /* 0 = empty */
  guint64 ts;
} SlEntrySlot;

/* Counters written by different threads (a frame enters a queue on one
 * thread and leaves on another) live on different cache lines: each pad's
 * on its own, the element's histogram on its own. */
#define SL_CACHE_LINE 64
#define SL_ALIGNED __attribute__ ((aligned (SL_CACHE_LINE)))

typedef struct
{
  GstPad *pad SL_ALIGNED; /* identity only, never dereferenced; NULL
                                 * when the element was disposed */
  gchar *name;
  GstPadDirection direction;

  /* Written by the thread streaming through the pad, one at a time (a pad
   * carries one stream: the chain function runs under the pad's stream
   * lock, a src pad is pushed by the element's streaming thread): plain
   * adds, no atomic read-modify-write. */
  guint64 frames; /* buffers through the pad */
  guint64 bytes;
  guint64 first_ts; /* tracer ts + 1 of the first frame, 0 = none */
  guint64 last_ts;
  guint64 lat_count; /* src pads: frames matched to their entry;
                                 * a sink's sink pad: chain calls */
  guint64 lat_sum;   /* ns */
  guint64 lat_max;   /* ns */
  guint64 chain_ts;  /* a sink's sink pad: tracer ts + 1 when its
                                 * chain function started, 0 = none */

  /* element-provided values read at snapshot time (props lock) */
  gboolean has_dropped, has_level, has_high_water, has_capacity;
  gdouble dropped, level, high_water, capacity;

  /* the pad was removed from its element: the slot may be reused by
   * another pad when the record has no free one (table lock) */
  gboolean removed;
} SlPadStats;

/* The latency of the link into a depayloader: the wall-clock time when a
 * frame leaves it minus the send time the frame carries (slpay send-time),
 * updated with atomic adds. */
typedef struct
{
  guint64 hist[SL_HIST_BUCKETS];
  guint64 sum;      /* ns */
  guint64 max;      /* ns */
  guint64 negative; /* frames stamped later than they arrived (clock
                       * skew between hosts), counted as 0 */
} SlLinkStats;

typedef struct
{
  gchar *name;
  gchar *path;
  gchar *factory;

  gchar *pipeline; /* name of the top-level bin */

  /* table lock: a weak reference to the element, set while it is out of
   * NULL (the tracer never keeps an element alive) */
  GWeakRef element;
  gboolean live;
  GPtrArray *refs;     /* the SlPadRefs made for this record */
  GList *retired_link; /* in the tracer's retired queue */

  guint64 flow_errors;
  guint64 error_messages;
  gint downstream_error; /* a push from this element failed (flag) */
  gint message_pending;  /* it posted an ERROR message (flag) */

  /* frames, bytes and latency sums are the pads'; the latency histogram
   * is the element's, written by all its pads' threads (atomic adds) */
  guint64 hist[SL_HIST_BUCKETS] SL_ALIGNED;

  /* made by the first frame that enters an element with src pads (16 KiB
   * that sources and sinks never need) */
  SlEntrySlot *slots;

  /* made by the first frame carrying a send time that leaves a
   * depayloader (an element whose sink pad takes the frames' byte stream) */
  SlLinkStats *link;
  gint link_role; /* 0: not known yet, 1: a depayloader, 2: not */

  guint n_pads; /* published with release semantics */
  SlPadStats pads[SL_MAX_PADS];

  /* element-provided values read at snapshot time (props lock) */
  gboolean has_dropped, has_queue_level, has_queue_capacity;
  gdouble dropped, queue_level, queue_capacity;
  GstStructure *stats;

  /* the live view's rate and the record's fixed JSON fields, owned by the
   * thread that makes snapshots */
  gchar *live_head;
  guint live_plain; /* n_pads + 1 when the live view found no
                                 * level, drop or capacity to read on the
                                 * element and its pads (0: read them) */
  guint64 prev_frames;
  gint64 prev_us;
  gdouble rate;
} SlElementStats;

/* --- per-frame updates, lock-free --- */

static inline SlEntrySlot *
entry_slot (SlEntrySlot *slots, guint64 key)
{
  guint64 h = key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  return &slots[h >> (64 - 10)];
}

/* once per element, on a streaming thread: whoever loses the race frees
 * its copy */
static inline SlEntrySlot *
entry_slots (SlElementStats *rec)
{
  SlEntrySlot *s = __atomic_load_n (&rec->slots, __ATOMIC_ACQUIRE), *n;

  if (G_LIKELY (s != NULL))
    return s;
  n = g_aligned_alloc0 (SL_ENTRY_SLOTS, sizeof (SlEntrySlot), SL_CACHE_LINE);
  if (__atomic_compare_exchange_n (&rec->slots, &s, n, FALSE, __ATOMIC_ACQ_REL,
          __ATOMIC_ACQUIRE))
    return n;
  g_aligned_free (n);
  return s;
}

G_STATIC_ASSERT (SL_ENTRY_SLOTS == 1 << 10);

/* seqlock-style: a reader never takes the time of another frame */
static inline void
entry_write (SlElementStats *rec, guint64 key, guint64 ts)
{
  SlEntrySlot *s = entry_slot (entry_slots (rec), key);

  __atomic_store_n (&s->key, 0, __ATOMIC_RELAXED);
  __atomic_thread_fence (__ATOMIC_RELEASE);
  __atomic_store_n (&s->ts, ts, __ATOMIC_RELAXED);
  __atomic_store_n (&s->key, key, __ATOMIC_RELEASE);
}

static inline gboolean
entry_read (SlElementStats *rec, guint64 key, guint64 *ts)
{
  SlEntrySlot *slots = __atomic_load_n (&rec->slots, __ATOMIC_ACQUIRE), *s;
  guint64 t;

  if (slots == NULL)
    return FALSE;
  s = entry_slot (slots, key);
  if (__atomic_load_n (&s->key, __ATOMIC_ACQUIRE) != key)
    return FALSE;
  t = __atomic_load_n (&s->ts, __ATOMIC_RELAXED);
  __atomic_thread_fence (__ATOMIC_ACQUIRE);
  if (__atomic_load_n (&s->key, __ATOMIC_RELAXED) != key)
    return FALSE;
  *ts = t;
  return TRUE;
}

static inline guint
hist_index (guint64 v)
{
  guint e;

  if (v < SL_HIST_SUB)
    return (guint) v;
  e = 63 - __builtin_clzll (v);
  return (e - SL_HIST_SUB_BITS + 1) * SL_HIST_SUB +
      (guint) ((v >> (e - SL_HIST_SUB_BITS)) & (SL_HIST_SUB - 1));
}

static inline void
atomic_max64 (guint64 *p, guint64 v)
{
  guint64 cur = __atomic_load_n (p, __ATOMIC_RELAXED);

  while (v > cur &&
      !__atomic_compare_exchange_n (p, &cur, v, TRUE, __ATOMIC_RELAXED,
          __ATOMIC_RELAXED))
    ;
}

static inline void
record_latency (SlElementStats *rec, SlPadStats *pad, guint64 ns)
{
  SL_ADD64 (&rec->hist[hist_index (ns)], 1);
  SL_BUMP64 (&pad->lat_sum, ns);
  SL_BUMP64 (&pad->lat_count, 1);
  if (ns > SL_LOAD64 (&pad->lat_max))
    SL_STORE64 (&pad->lat_max, ns);
}

static inline SlLinkStats *
link_stats (SlElementStats *rec)
{
  SlLinkStats *s = __atomic_load_n (&rec->link, __ATOMIC_ACQUIRE), *n;

  if (G_LIKELY (s != NULL))
    return s;
  n = g_aligned_alloc0 (1, sizeof (SlLinkStats), SL_CACHE_LINE);
  if (__atomic_compare_exchange_n (&rec->link, &s, n, FALSE, __ATOMIC_ACQ_REL,
          __ATOMIC_ACQUIRE))
    return n;
  g_aligned_free (n);
  return s;
}

static inline void
record_link_latency (SlElementStats *rec, gint64 ns)
{
  SlLinkStats *s = link_stats (rec);
  guint64 v;

  if (ns < 0) {
    SL_ADD64 (&s->negative, 1);
    ns = 0;
  }
  v = (guint64) ns;
  SL_ADD64 (&s->hist[hist_index (v)], 1);
  SL_ADD64 (&s->sum, v);
  if (v > SL_LOAD64 (&s->max))
    SL_STORE64 (&s->max, v);
}

static inline void
count_frame (SlPadStats *pad, guint64 ts, gsize size)
{
  SL_BUMP64 (&pad->frames, 1);
  SL_BUMP64 (&pad->bytes, size);
  if (G_UNLIKELY (SL_LOAD64 (&pad->first_ts) == 0))
    SL_STORE64 (&pad->first_ts, ts + 1);
  SL_STORE64 (&pad->last_ts, ts + 1);
}

/* One element as reported in a snapshot. */
typedef struct
{
  SlElementStats *rec;
  const gchar *key;   /* name, or path when two share a name */
  const gchar *label; /* name, or path when two share a name in
                                 * one pipeline */
  guint64 frames, bytes, flow_errors, error_messages, errors, lat_count;
  gdouble total_latency_us, p50_us, p99_us, max_us, fps;
  /* the link into the element (depayloaders only) */
  guint64 link_count, link_negative;
  gdouble link_total_us, link_p50_us, link_p99_us, link_max_us;
  guint n_pads;
} SlMetricsView;

void sl_metrics_view_compute (SlMetricsView *view, SlElementStats *rec);

void sl_metrics_write_table (GString *out, SlMetricsView *views, guint n,
    gboolean final, gdouble elapsed_s);
void sl_metrics_write_json (GString *out, SlMetricsView *views, guint n,
    gint64 timestamp_us);
/* Labels every Prometheus sample carries, besides element and factory. */
typedef struct
{
  const gchar *host;
  const gchar *(*instance_of) (gpointer data, const gchar *pipeline);
  gpointer data;
} SlPromLabels;

void sl_metrics_write_prometheus (GString *out, SlMetricsView *views, guint n,
    const SlPromLabels *labels);

guint64 sl_metrics_hist_quantile (const guint64 *hist, guint64 count,
    gdouble q);

/* replaces @path with @text atomically; FALSE with errno in @err */
gboolean sl_metrics_prom_replace (const gchar *path, const gchar *text,
    gint *err);
/* removes the temporary files of killed writers of @path */
void sl_metrics_prom_remove_strays (const gchar *path);

G_END_DECLS

#endif /* __GST_SL_METRICS_STATS_H__ */
