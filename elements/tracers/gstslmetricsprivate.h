/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Internal to the slmetrics tracer: the tracer's state shared by the hooks
 * (gstslmetrics.c), the live view's snapshots (gstslmetricslive.c) and its
 * HTTP server (gstslmetricsserver.c). */

#ifndef __GST_SL_METRICS_PRIVATE_H__
#define __GST_SL_METRICS_PRIVATE_H__

#include <stdio.h>

#include <gst/audio/audio.h>

#include "gstslmetrics.h"
#include "gstslmetricsstats.h"
#include "gstslmetricstable.h"

G_BEGIN_DECLS

/* What the hooks find for a pad, in the lock-free table keyed by pad: the
 * element's record and the pad's counters. A ghost pad's internal pad maps
 * to its bin, without counters. Made on first sight; when the pad is
 * removed or its element goes to NULL it leaves the table and is freed
 * after a grace period (a streaming thread may still hold it). */
typedef struct
{
  GstPad *pad;
  /* what the pad had when the entry was made: a pad at the same address
   * with another parent or name is another pad (one was freed) */
  GstObject *parent; /* the element, or the ghost pad */
  const gchar *name;
  GstElement *element; /* identity, and its pad counts while a
                                 * frame goes through it */
  SlElementStats *rec;
  SlPadStats *stats; /* NULL for an internal pad */
} SlPadRef;

/* A top-level pipeline as the live view shows it. */
typedef struct
{
  gchar *name;
  gchar *instance;   /* pool instance given by the application */
  gchar *graph;      /* the description's graph (JSON), or NULL */
  gchar *graph_json; /* @graph as a JSON string, made once by
                                 * the live view (NULL: not yet) */
  GstState state;
  gboolean failed;
  gint64 since_us;   /* monotonic time of the last change */
  gpointer pipeline; /* identity only */
} SlPipelineInfo;

#define SL_EVENTS_MAX 256

typedef struct
{
  guint64 id;
  gint64 time_us; /* wall clock */
  gchar *pipeline;
  gchar *element;
  gchar *kind;   /* backpressure, error-handled, restart,
                                 * circuit, error, warning, ... */
  gchar *detail; /* JSON object text */
} SlEvent;

/* The page gets a snapshot every SL_LIVE_PUSH_MS (3 a second). */
#define SL_LIVE_PUSH_MS 333

/* The scope's tap: samples copied from the frames leaving one element, a
 * little more often than the page gets snapshots (each snapshot then has
 * new samples), while someone watches. */
#define SL_TAP_MAX_CHANNELS 8
#define SL_TAP_MAX_SAMPLES 512
#define SL_TAP_PERIOD_NS (SL_LIVE_PUSH_MS * GST_MSECOND * 9 / 10)

typedef struct
{
  SlElementStats *rec; /* watched record, atomic; NULL: nobody */
  guint64 next_ts;     /* atomic: the next frame to sample after */
  GMutex lock;         /* the copy below; try-locked by streaming */
  guint64 serial;
  gint rate, channels, n;
  gchar *element;
  gfloat (*samples)[SL_TAP_MAX_SAMPLES]; /* SL_TAP_MAX_CHANNELS rows,
                                                 * made on first copy */
  /* the caps the tap read its format from last (identity only; tap lock) */
  GstCaps *info_caps;
  GstAudioInfo info;
} SlTap;

typedef struct _SlMetricsServer SlMetricsServer;

struct _GstSlMetricsTracer
{
  GstTracer parent;

  /* parameters, fixed at construction */
  guint64 interval_ms;
  gchar *json_path;
  gchar *prom_path;
  gboolean print_table;
  guint max_retired;
  gchar *http; /* [ADDR:]PORT, or NULL */
  gchar *web_dir;
  gchar *instance; /* instance label when none is given */
  gchar *host;

  GType df_api; /* the DataFrame meta API, 0 if unknown */
  GstPadChainListFunction default_chain_list;
  GQuark q_seq;
  GType ref_ts_api; /* GstReferenceTimestampMeta */
  GQuark q_sent;    /* its caps for a frame's send time */

  GMutex lock;          /* writers of the table, records, refs */
  SlTable *pads;        /* GstPad -> SlPadRef, read atomically */
  GHashTable *elements; /* live GstElement -> SlElementStats */
  GPtrArray *records;   /* every record, live or not */
  GQueue retired;       /* records whose element went to NULL,
                                 * oldest first */
  GHashTable *by_name;  /* "factory/name" -> a retired record */
  GQueue grave;         /* freed after a grace period */
  guint n_refs;
  guint generation;     /* bumped when records come and go */
  gboolean dirty;       /* something ran since the final report */
  GPtrArray *pipelines; /* SlPipelineInfo */

  GMutex report_lock; /* serialises reports */
  GMutex props_lock;  /* element-provided values in the records */
  FILE *json;
  gboolean json_failed, prom_failed; /* told once (report lock) */
  gint64 start_us;

  GThread *thread;
  GCond cond;
  gboolean stopping; /* under lock */

  /* the live view (NULL/unused without `http`) */
  SlMetricsServer *server;
  GMutex events_lock;
  GQueue events;
  guint64 next_event;
  SlTap tap;
  /* the links between running elements, remade when records come and go
   * and at least every 5 s (server thread) */
  gchar *links;
  guint links_generation;
  gint64 links_us;
  gsize snapshot_len; /* the last snapshot's size (server) */
};

/* gstslmetricsrecords.c (under the tracer's lock unless said) */
void sl_metrics_grave_add_locked (GstSlMetricsTracer *self, gpointer p,
    GDestroyNotify f);
void sl_metrics_grave_reap_locked (GstSlMetricsTracer *self, gboolean all);
void sl_metrics_record_free (SlElementStats *rec);
void sl_metrics_retire_locked (GstSlMetricsTracer *self, SlElementStats *rec);
SlElementStats *sl_metrics_record_for_element_locked (GstSlMetricsTracer *self,
    GstElement *element, gboolean follow);
/* takes the lock */
SlElementStats *sl_metrics_record_for_element (GstSlMetricsTracer *self,
    GstElement *element, gboolean follow);
SlPadStats *sl_metrics_pad_stats_locked (GstSlMetricsTracer *self,
    SlElementStats *rec, GstPad *pad);
void sl_metrics_forget_pad_ref_locked (GstSlMetricsTracer *self, SlPadRef *ref);
void sl_metrics_forget_pads_locked (GstSlMetricsTracer *self,
    SlElementStats *rec);
/* takes the lock: the slow path of pad_ref() */
SlPadRef *sl_metrics_add_pad_ref (GstSlMetricsTracer *self, GstPad *pad);

static inline gboolean
sl_metrics_pad_ref_valid (SlPadRef *ref, GstPad *pad)
{
  return GST_OBJECT_PARENT (pad) == ref->parent &&
      GST_OBJECT_NAME (pad) == ref->name;
}

/* What the hooks find for @pad, without lock in steady state. */
static inline SlPadRef *
sl_metrics_pad_ref (GstSlMetricsTracer *self, GstPad *pad)
{
  SlTable *t = __atomic_load_n (&self->pads, __ATOMIC_ACQUIRE);
  SlPadRef *ref = sl_table_lookup (t, pad);

  if (G_LIKELY (ref && sl_metrics_pad_ref_valid (ref, pad)))
    return ref;
  /* pads of no element (a harness's) are not followed */
  if (GST_OBJECT_PARENT (pad) == NULL)
    return NULL;
  return sl_metrics_add_pad_ref (self, pad);
}

/* gstslmetrics.c */
void sl_metrics_capture_live (GstSlMetricsTracer *self, gboolean with_stats);
SlMetricsView *sl_metrics_views (GstSlMetricsTracer *self, guint *n);
SlMetricsView *sl_metrics_views_full (GstSlMetricsTracer *self, guint *n,
    gboolean with_keys);
void sl_metrics_prom_labels (GstSlMetricsTracer *self, SlPromLabels *l);

/* gstslmetricslive.c */
void sl_metrics_live_event (GstSlMetricsTracer *self, GstElement *element,
    GstMessage *msg);
void sl_metrics_live_tap (GstSlMetricsTracer *self, guint64 ts, GstPad *pad,
    GstBuffer *buf);
gchar *sl_metrics_live_snapshot (GstSlMetricsTracer *self, guint64 since,
    guint64 *tap_serial);
gchar *sl_metrics_live_prometheus (GstSlMetricsTracer *self);
gboolean sl_metrics_live_watch (GstSlMetricsTracer *self, const gchar *element);
void sl_metrics_live_clear (GstSlMetricsTracer *self);

/* gstslmetricsserver.c */
SlMetricsServer *sl_metrics_server_start (GstSlMetricsTracer *self,
    const gchar *spec, GError **error);
void sl_metrics_server_stop (SlMetricsServer *server);
guint sl_metrics_server_port (SlMetricsServer *server);

G_END_DECLS

#endif /* __GST_SL_METRICS_PRIVATE_H__ */
