/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:tracer-slmetrics
 * @title: slmetrics
 *
 * A tracer that measures every element of a pipeline while it runs: frames,
 * bytes, errors, latency and throughput per element (and frames, bytes and
 * latency per pad), plus the drop counters and queue levels that elements
 * expose. It needs no change to the application: enable it with the
 * `GST_TRACERS` environment variable, for gst-launch-1.0 or any program.
 *
 * What is counted, per element:
 * - `frames_processed` and `bytes`: buffers that entered one of its sink
 *   pads (when none entered by a push, as for a source: buffers it pushed),
 *   and their payload size;
 * - `errors_count`: errors that originate in the element, that is fatal flow
 *   returns (`not-negotiated`, `error`, `not-supported`, custom errors) from
 *   its sink pads and ERROR messages it posts itself. An error is counted
 *   once: a flow error returned together with the element's own ERROR
 *   message, the same error passed on by the elements upstream, and the
 *   "streaming stopped" message that a source or queue posts about it are
 *   not counted again; an error inside a bin is its child's, not the bin's.
 *   `flow_errors` and `error_messages` split the count;
 * - latency: the time from a frame entering the element's sink pad to the
 *   same frame leaving one of its src pads, also when it leaves on another
 *   thread (queue, fanout branches); for a sink, the time its chain function
 *   takes. Frames are matched by their DataFrame sequence id when they carry
 *   one, else by PTS, else by buffer, so an element that makes a new buffer
 *   for each frame is measured too; up to 1024 frames in flight inside one
 *   element are matched. A frame that leaves on several pads (tee, fanout)
 *   gives one sample per pad. Reported as `total_latency_us`,
 *   `latency_samples` and `latency_us` `p50`, `p99`, `max` (quantiles from a
 *   log-linear histogram, within 6.25%, never above the largest sample);
 * - `throughput_fps`: the average frame rate between the first and the last
 *   frame;
 * - link latency, for a depayloader (an element whose sink pad takes
 *   `application/x-streamlab-frames`: sldepay, inside slreceive): the
 *   wall-clock time (CLOCK_REALTIME) when a frame leaves it minus the time
 *   the sender's slpay wrote it (`send-time`, carried as a
 *   `GstReferenceTimestampMeta` with caps `timestamp/x-streamlab-sent`):
 *   what the link (payloading, transport, depayloading) adds. Meaningful
 *   between processes and network namespaces of one host; between hosts as
 *   good as the clocks' synchronisation. Reported as
 *   `link_latency_samples`, `link_latency_negative` (frames stamped later
 *   than they arrived, counted as 0), `total_link_latency_us` and
 *   `link_latency_us` `p50`, `p99`, `max`, and in the table as a
 *   `link into <element>` line;
 * - when the element has them: `frames_dropped` (property `frames-dropped`),
 *   `queue_level` (`current-level-buffers` of queue and queue2), the numeric
 *   fields of a `stats` structure property (slresilient), and per pad
 *   `frames-dropped`, `level` and `high-water` (slfanout's branch pads).
 *
 * A bin is measured through its ghost pads, as well as the elements inside
 * it. Pads are followed from their first frame, up to 32 per element; the
 * pads of an element without a parent (a GstHarness's) are not.
 *
 * Per-frame updates take no lock: the counters are the pads' (a pad carries
 * one stream at a time, so each has a single writer) and the latency
 * histogram is the element's, updated with atomic adds. An element's record
 * is made the first time the element is seen (under a lock, once). The
 * tracer holds no reference to an element (a weak one, to read its
 * properties for the reports while it runs).
 *
 * Memory stays bounded however long the process runs and however many
 * elements come and go: when an element goes back to NULL its pad records
 * are freed (after a short grace period, in case a streaming thread still
 * reads them) and its record is retired. A retired record is taken up again
 * by an element of the same path and factory (a restarted child, the same
 * pipeline started again), so its counts accumulate; at most `max-retired`
 * retired records are kept, the oldest going first (their counts then
 * leave the reports). The slot of a released request pad (a fanout branch)
 * serves the next pad once an element has 32.

 * Cost: with any tracer enabled GStreamer time-stamps and dispatches every
 * hook, object and buffer references included; on top of that, slmetrics
 * does a few counter updates per frame and pad. `tests/bench/slbench-tracer`
 * measures both, side by side with the core latency tracer.
 *
 * ## Parameters
 *
 * Given in parentheses after the name, as fields of a GstStructure.
 *
 * ### `interval`
 * Milliseconds between periodic reports (table, JSON line, Prometheus file)
 * while elements are running; 0 (the default) reports at the end only.
 *
 * ### `json-file`
 * Path of a file that receives one JSON object per report and line:
 * `{"timestamp_us": ..., "elements": {"<element name>": {"factory": ...,
 * "frames_processed": ..., "bytes": ..., "errors_count": ..., "flow_errors":
 * ..., "error_messages": ..., "throughput_fps": ..., "latency_samples": ...,
 * "total_latency_us": ..., "latency_us": {"p50": ..., "p99": ..., "max":
 * ...}, "pads": {"<pad name>": {"direction": ..., "frames": ..., "bytes":
 * ..., "latency_samples": ..., "total_latency_us": ..., "max_latency_us":
 * ...}}}}}`, plus `frames_dropped`, `queue_level` and `stats` for elements
 * that have them, and `frames_dropped`, `queue_level`, `queue_high_water`
 * for pads that have them. `timestamp_us` is wall-clock time (µs since the
 * Unix epoch). The file is truncated when the tracer starts; the last line is
 * written when the pipeline goes back to NULL. An element whose name is
 * already taken in the report appears under its path (`/pipeline1/src`).
 *
 * ### `prometheus-file`
 * Path of a file replaced atomically at each report, in the Prometheus
 * text exposition format, for node_exporter's textfile collector. It is
 * written to an unnamed file in the same directory and given its name only
 * when complete (a hidden `.<name>.<pid>.tmp` for an instant before the
 * rename, removed at the next start if a kill came in between): no
 * `*.prom.XXXXXX` is ever left behind. A path that cannot be written is said
 * once on stderr, not at every report. Families (HELP and TYPE each):
 * counters `streamlab_frames_processed_total`, `streamlab_bytes_total`,
 * `streamlab_errors_total`, `streamlab_flow_errors_total`,
 * `streamlab_error_messages_total`, `streamlab_frames_dropped_total`,
 * `streamlab_element_stat_total` (the 64-bit counters of an element's
 * `stats`), `streamlab_pad_frames_total`, `streamlab_pad_bytes_total`,
 * `streamlab_pad_frames_dropped_total`; the histograms
 * `streamlab_latency_seconds` and (depayloaders with frames carrying a send
 * time) `streamlab_link_latency_seconds` (`_bucket` at every power of two
 * from 2^10 to 2^35 ns, exact bounds of the tracer's own histogram, `_sum`,
 * `_count`); gauges `streamlab_throughput_frames_per_second`,
 * `streamlab_latency_p50_seconds`, `streamlab_latency_p99_seconds`,
 * `streamlab_latency_max_seconds`, `streamlab_queue_level_frames`,
 * `streamlab_queue_capacity_frames`, `streamlab_element_stat` (the other
 * numbers of `stats`), `streamlab_pad_queue_level_frames`,
 * `streamlab_pad_queue_high_water_frames`,
 * `streamlab_pad_queue_capacity_frames`. Every sample is labelled with
 * `pipeline` (the top-level pipeline's name), `instance` (see `instance`),
 * `host` (the host name, or the description's host name given in
 * `STREAMLAB_HOST`, which `streamlab run --host NAME` sets), `element` and
 * `factory`, so that several
 * pipelines, processes and hosts never write the same series.
 *
 * ### `table`
 * Whether to print the human-readable table on stderr at each report
 * (default true).
 *
 * ### `instance`
 * The `instance` label of the Prometheus samples and the live view when
 * the application names none (default: the process id). `streamlab` gives
 * each pool instance its own (0, 1, ...), see below.
 *
 * ### `max-retired`
 * Records of stopped elements kept for the reports and for an element of
 * the same name that starts again (default 256).
 *
 * ### `http`
 * `[ADDRESS:]PORT` (an IPv6 address in brackets): serve the live view on
 * this port, on the loopback address unless another is given explicitly;
 * port 0 picks a free one. The address is printed on stderr
 * (`slmetrics: live view on http://127.0.0.1:9180/`). The server is
 * libsoup 3 on a thread and main context of its own, read-only (GET and
 * HEAD only; nothing it serves can change the pipeline). On loopback it
 * answers only requests addressed to a loopback name (a web site cannot
 * reach it through DNS rebinding) and its WebSocket talks only to its own
 * page's origin:
 * - `/` the page: the graph (for an application that describes it, see
 *   below, its nodes and connections; else the running elements and their
 *   links), on each node frames/s, frames, drops, errors and latency
 *   p50/p99, on each connection or queue its fill (frames queued /
 *   capacity), amber from 80 %, red when full or dropping; a scope (the
 *   last samples of each channel, up to 8) and a spectrum of the node
 *   clicked; a timeline of events (backpressure, error-handled, restart,
 *   circuit, reconnect, errors and warnings: the `streamlab-*` element
 *   messages our elements post); the pipelines and pool instances with
 *   their state. It updates three times a second over a WebSocket (`/ws`),
 *   uses no file from outside the server (no CDN: plain SVG and canvas) and
 *   is installed with the project (`share/gst-streamlab/slmetrics`;
 *   `SL_METRICS_WEB_DIR` names another folder);
 * - `/metrics` the Prometheus text exposition of the current figures, the
 *   same families and labels as `prometheus-file`;
 * - `/api/snapshot` the page's data as one JSON document.
 *
 * The scope's tap copies the last samples (at most 512 per channel) of
 * one frame out of the clicked element a little more often than the page
 * gets snapshots (at most 3.7 times a second), on the streaming thread,
 * without waiting for a lock and without keeping the frame; the page gets
 * them as 16-bit samples scaled to each channel's peak, only when they are
 * new. Nobody watching (no page open, nothing clicked), and always without
 * `http`, it costs one pointer comparison per frame. With `http` and no
 * page open the server thread sleeps until a request comes (no timer);
 * without `http` no thread is started and nothing else of the live view
 * runs.
 *
 * An application shows its own graph by posting, from its pipeline, an
 * element message named `slmetrics-graph` with a string field `graph`
 * (JSON: `{"nodes": [{"id", "type", "resilient", "fanout"}],
 * "connections": [{"from", "to", "capacity", "policy"}]}`, node ids being
 * element names) and optionally `instance`; `streamlab run --dashboard
 * [ADDR:]PORT` does so for each pipeline it runs, pool instances included.
 *
 * The tracer's `records`, `pad-refs` and `http-port` properties (read-only)
 * say what it holds and where it listens.
 *
 * Every report is also logged as a `GstTracerRecord`, one
 * `slmetrics-element` entry per element (`element` path, `factory`,
 * `frames`, `bytes`, `errors`, `fps`, `latency-p50`, `latency-p99`,
 * `latency-max` in ns), seen by `GST_DEBUG=GST_TRACER:7` and gst-stats.
 *
 * A final report is made when a top-level pipeline (or any element without
 * a parent) goes to NULL, and when the tracer is destroyed if anything ran
 * since.
 *
 * ## Example launch lines
 * |[
 * GST_TRACERS="slmetrics" gst-launch-1.0 slsinesrc num-buffers=100 ! identity ! queue ! fakesink
 * ]| Print the table of frames, errors and latencies when the pipeline ends.
 * |[
 * GST_TRACERS="slmetrics(http=127.0.0.1:0,table=false)" gst-launch-1.0 slsinesrc num-buffers=200 is-live=true samplesperbuffer=480 ! slfanout name=f f. ! queue ! fakesink f. ! queue ! fakesink
 * ]| Serve the live view and /metrics on a free loopback port while the
 * pipeline runs (about 2 s here; open the address printed on stderr).
 * |[
 * GST_TRACERS="slmetrics(interval=200,json-file=/tmp/slmetrics.jsonl,prometheus-file=/tmp/slmetrics.prom)" gst-launch-1.0 slsinesrc num-buffers=100 samplesperbuffer=480 is-live=true ! tee name=t t. ! queue ! fakesink t. ! queue ! fakesink
 * ]| Report every 200 ms while the pipeline runs, to stderr, to a JSON lines
 * file and to a Prometheus textfile.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>

#include <unistd.h>

#include "gstslmetricsprivate.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY (sl_metrics_debug);
#define GST_CAT_DEFAULT sl_metrics_debug

#define DEFAULT_INTERVAL 0
#define DEFAULT_TABLE TRUE
#define DEFAULT_MAX_RETIRED 256

/* Each report's figures, one entry per element, for gst-stats and
 * GST_DEBUG=GST_TRACER:7 */
static GstTracerRecord *tr_element;


#define _do_init \
  GST_DEBUG_CATEGORY_INIT (sl_metrics_debug, "slmetrics", 0, \
      "slmetrics tracer");
#define gst_sl_metrics_tracer_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstSlMetricsTracer, gst_sl_metrics_tracer,
    GST_TYPE_TRACER, _do_init);

enum
{
  PROP_0,
  PROP_RECORDS,
  PROP_PAD_REFS,
  PROP_HTTP_PORT,
};

/* --- per-frame accounting (lock-free) --- */

/* A key for a frame, the same on every pad it crosses: its DataFrame seq,
 * else its PTS, else the buffer itself. Never 0. */
static inline guint64
frame_key (GstSlMetricsTracer *self, GstBuffer *buf)
{
  if (self->df_api) {
    GstMeta *meta = gst_buffer_get_meta (buf, self->df_api);

    if (meta) {
      const GValue *v = gst_structure_id_get_value (
          gst_custom_meta_get_structure ((GstCustomMeta *) meta), self->q_seq);

      if (v && G_VALUE_HOLDS_UINT64 (v))
        return (g_value_get_uint64 (v) << 2) | 1;
    }
  }
  if (GST_BUFFER_PTS_IS_VALID (buf))
    return (GST_BUFFER_PTS (buf) << 2) | 2;
  return ((guint64) (guintptr) buf << 2) | 3;
}

/* Whether @element turns the frames' byte stream back into frames: one of
 * its sink pads takes application/x-streamlab-frames. */
static gboolean
is_depayloader (GstElement *element)
{
  GList *l;
  gboolean yes = FALSE;

  GST_OBJECT_LOCK (element);
  for (l = element->sinkpads; l && !yes; l = l->next) {
    GstPad *pad = l->data;
    GstCaps *caps = gst_pad_get_current_caps (pad);

    if (caps == NULL && GST_PAD_PAD_TEMPLATE (pad))
      caps = gst_caps_ref (GST_PAD_TEMPLATE_CAPS (GST_PAD_PAD_TEMPLATE (pad)));
    if (caps && gst_caps_get_size (caps) > 0)
      yes = gst_structure_has_name (gst_caps_get_structure (caps, 0),
          "application/x-streamlab-frames");
    gst_clear_caps (&caps);
  }
  GST_OBJECT_UNLOCK (element);
  return yes;
}

/* The link latency of a frame leaving a depayloader with its send time:
 * now (wall clock) minus that time. No allocation after the first. */
static inline void
account_link (GstSlMetricsTracer *self, SlPadRef *ref, GstBuffer *buf)
{
  gpointer state = NULL;
  GstMeta *meta;
  gint role;

  while ((meta = gst_buffer_iterate_meta_filtered (buf, &state,
              self->ref_ts_api))) {
    GstReferenceTimestampMeta *m = (GstReferenceTimestampMeta *) meta;
    struct timespec now;

    if (m->reference == NULL || gst_caps_get_size (m->reference) == 0 ||
        gst_structure_get_name_id (gst_caps_get_structure (m->reference, 0)) !=
            self->q_sent)
      continue;
    role = g_atomic_int_get (&ref->rec->link_role);
    if (G_UNLIKELY (role == 0)) {
      role = is_depayloader (ref->element) ? 1 : 2;
      g_atomic_int_set (&ref->rec->link_role, role);
    }
    if (role != 1 || clock_gettime (CLOCK_REALTIME, &now) != 0)
      return;
    record_link_latency (ref->rec,
        (gint64) now.tv_sec * 1000000000 + now.tv_nsec - (gint64) m->timestamp);
    return;
  }
}

/* A frame leaving the element of @ref through its src pad. */
static inline void
account_exit (GstSlMetricsTracer *self, guint64 ts, SlPadRef *ref,
    GstBuffer *buf)
{
  SlPadStats *pad = ref->stats;
  guint64 t0;

  if (G_UNLIKELY (pad == NULL))
    return; /* a bin passing a frame to its child */
  count_frame (pad, ts, gst_buffer_get_size (buf));
  if (ref->element->numsinkpads > 0)
    account_link (self, ref, buf);
  if (ref->element->numsinkpads > 0 &&
      entry_read (ref->rec, frame_key (self, buf), &t0) && ts >= t0)
    record_latency (ref->rec, pad, ts - t0);
}

/* A frame entering the element of @ref through its sink pad. A sink's
 * latency is the time its chain function takes: the start is kept on the
 * pad (a chain function runs under the pad's stream lock). */
static inline void
account_entry (GstSlMetricsTracer *self, guint64 ts, SlPadRef *ref,
    GstBuffer *buf)
{
  SlPadStats *pad = ref->stats;

  if (G_UNLIKELY (pad == NULL))
    return; /* a child passing a frame out of its bin */
  count_frame (pad, ts, gst_buffer_get_size (buf));
  if (ref->element->numsrcpads == 0)
    SL_STORE64 (&pad->chain_ts, ts + 1);
  else
    entry_write (ref->rec, frame_key (self, buf), ts);
}

/* Fatal flow returns: not counted for FLUSHING, EOS, NOT_LINKED. */
#define IS_FATAL_FLOW(res) ((res) < GST_FLOW_EOS)

/* After the chain function of @pad returned @res. */
static void
chain_done (GstSlMetricsTracer *self, GstClockTime ts, GstPad *pad,
    GstFlowReturn res)
{
  SlPadRef *ref = sl_metrics_pad_ref (self, pad);
  SlElementStats *rec;
  guint64 t0;

  if (ref == NULL)
    return;
  rec = ref->rec;

  if (G_UNLIKELY (IS_FATAL_FLOW (res))) {
    GstPad *peer = GST_PAD_PEER (pad);
    SlPadRef *up = peer ? sl_metrics_pad_ref (self, peer) : NULL;

    if (g_atomic_int_get (&rec->message_pending)) {
      /* it posted an ERROR message for it, counted already */
      g_atomic_int_set (&rec->message_pending, 0);
    } else if (!g_atomic_int_get (&rec->downstream_error)) {
      /* else passed on from further downstream */
      SL_ADD64 (&rec->flow_errors, 1);
    }
    /* the element upstream got it from here */
    if (up)
      g_atomic_int_set (&up->rec->downstream_error, 1);
  }

  if (ref->stats && ref->element->numsrcpads == 0) {
    t0 = SL_LOAD64 (&ref->stats->chain_ts);
    if (t0 && ts + 1 >= t0) {
      record_latency (rec, ref->stats, ts + 1 - t0);
      SL_STORE64 (&ref->stats->chain_ts, 0);
    }
  }
}

/* --- hooks --- */

static void
do_push_pre (GstSlMetricsTracer *self, GstClockTime ts, GstPad *pad,
    GstBuffer *buf)
{
  SlPadRef *ref = sl_metrics_pad_ref (self, pad);

  if (ref == NULL)
    return;
  /* a new push: an earlier failure downstream is over */
  if (G_UNLIKELY (g_atomic_int_get (&ref->rec->downstream_error)))
    g_atomic_int_set (&ref->rec->downstream_error, 0);
  account_exit (self, ts, ref, buf);
  /* the live view's scope: one pointer compare unless this element is
   * watched (never without `http`) */
  if (G_UNLIKELY (__atomic_load_n (&self->tap.rec, __ATOMIC_RELAXED) ==
          ref->rec))
    sl_metrics_live_tap (self, ts, pad, buf);
}

static void
do_push_list_pre (GstSlMetricsTracer *self, GstClockTime ts, GstPad *pad,
    GstBufferList *list)
{
  SlPadRef *ref = sl_metrics_pad_ref (self, pad);
  guint i, n = gst_buffer_list_length (list);

  if (ref == NULL)
    return;
  if (G_UNLIKELY (g_atomic_int_get (&ref->rec->downstream_error)))
    g_atomic_int_set (&ref->rec->downstream_error, 0);
  for (i = 0; i < n; i++)
    account_exit (self, ts, ref, gst_buffer_list_get (list, i));
  if (G_UNLIKELY (n > 0 &&
          __atomic_load_n (&self->tap.rec, __ATOMIC_RELAXED) == ref->rec))
    sl_metrics_live_tap (self, ts, pad, gst_buffer_list_get (list, 0));
}

static void
do_chain_pre (GstSlMetricsTracer *self, GstClockTime ts, GstPad *pad,
    GstBuffer *buf)
{
  SlPadRef *ref = sl_metrics_pad_ref (self, pad);

  if (ref == NULL)
    return;
  account_entry (self, ts, ref, buf);
  /* a watched sink: the frames it gets */
  if (G_UNLIKELY (__atomic_load_n (&self->tap.rec, __ATOMIC_RELAXED) ==
          ref->rec) &&
      ref->element->numsrcpads == 0)
    sl_metrics_live_tap (self, ts, pad, buf);
}

static void
do_chain_post (GstSlMetricsTracer *self, GstClockTime ts, GstPad *pad,
    GstFlowReturn res)
{
  chain_done (self, ts, pad, res);
}

/* A pad without a chain-list function gets the buffers of a list one by
 * one, through the chain hooks: the list hooks are then left alone. */
static inline gboolean
chains_buffers (GstSlMetricsTracer *self, GstPad *pad)
{
  return GST_PAD_CHAINLISTFUNC (pad) == self->default_chain_list;
}

static void
do_chain_list_pre (GstSlMetricsTracer *self, GstClockTime ts, GstPad *pad,
    GstBufferList *list)
{
  SlPadRef *ref;
  guint i, n;

  if (chains_buffers (self, pad) ||
      (ref = sl_metrics_pad_ref (self, pad)) == NULL)
    return;
  n = gst_buffer_list_length (list);
  for (i = 0; i < n; i++)
    account_entry (self, ts, ref, gst_buffer_list_get (list, i));
}

static void
do_chain_list_post (GstSlMetricsTracer *self, GstClockTime ts, GstPad *pad,
    GstFlowReturn res)
{
  if (!chains_buffers (self, pad))
    chain_done (self, ts, pad, res);
}

static void take_description (GstSlMetricsTracer *self, GstElement *element,
    GstMessage *msg);

static void
do_post_message_pre (GstSlMetricsTracer *self, GstClockTime ts,
    GstElement *element, GstMessage *msg)
{
  SlElementStats *rec;

  if (G_UNLIKELY (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT &&
          gst_message_has_name (msg, "slmetrics-graph"))) {
    take_description (self, element, msg);
    return;
  }
  /* the live view's timeline */
  if (self->server && GST_MESSAGE_SRC (msg) == GST_OBJECT_CAST (element))
    sl_metrics_live_event (self, element, msg);
  if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_ERROR)
    return;
  /* bins post their children's messages again: count at the source */
  if (GST_MESSAGE_SRC (msg) != GST_OBJECT_CAST (element))
    return;
  rec = sl_metrics_record_for_element (self, element, FALSE);
  if (rec == NULL)
    return;
  /* a source or queue reporting that a push failed downstream */
  if (g_atomic_int_get (&rec->downstream_error))
    return;
  SL_ADD64 (&rec->error_messages, 1);
  /* the flow error it returns next is the same error */
  g_atomic_int_set (&rec->message_pending, 1);
}

static void report (GstSlMetricsTracer *self, gboolean final);
static gboolean capture_props (GstSlMetricsTracer *self, SlElementStats *rec,
    GstElement *element, gboolean with_stats);

/* --- pipelines, for the labels and the live view --- */

static void
pipeline_info_free (SlPipelineInfo *p)
{
  g_free (p->name);
  g_free (p->instance);
  g_free (p->graph);
  g_free (p->graph_json);
  g_free (p);
}

/* under lock */
static SlPipelineInfo *
pipeline_info_locked (GstSlMetricsTracer *self, GstElement *pipeline,
    gboolean create)
{
  SlPipelineInfo *p;
  guint i;

  for (i = 0; i < self->pipelines->len; i++) {
    p = g_ptr_array_index (self->pipelines, i);
    if (p->pipeline == pipeline)
      return p;
  }
  if (!create)
    return NULL;
  /* bounded: the oldest stopped pipelines go first */
  for (i = 0; self->pipelines->len >= 64 && i < self->pipelines->len;) {
    p = g_ptr_array_index (self->pipelines, i);
    if (p->state == GST_STATE_NULL)
      g_ptr_array_remove_index (self->pipelines, i);
    else
      i++;
  }
  p = g_new0 (SlPipelineInfo, 1);
  p->pipeline = pipeline;
  p->name = gst_object_get_name (GST_OBJECT_CAST (pipeline));
  p->state = GST_STATE_NULL;
  p->since_us = g_get_monotonic_time ();
  g_ptr_array_add (self->pipelines, p);
  return p;
}

/* The pool instance of the pipeline named @pipeline, for the labels. */
static const gchar *
instance_of (gpointer data, const gchar *pipeline)
{
  GstSlMetricsTracer *self = data;
  guint i;

  /* called with the lock held by the report */
  for (i = self->pipelines->len; i > 0; i--) {
    SlPipelineInfo *p = g_ptr_array_index (self->pipelines, i - 1);

    if (p->instance && g_strcmp0 (p->name, pipeline) == 0)
      return p->instance;
  }
  return self->instance;
}

void
sl_metrics_prom_labels (GstSlMetricsTracer *self, SlPromLabels *l)
{
  l->host = self->host;
  l->instance_of = instance_of;
  l->data = self;
}

/* An application describes its pipeline to the tracer with an element
 * message `slmetrics-graph` posted by the pipeline (see the doc). */
static void
take_description (GstSlMetricsTracer *self, GstElement *element,
    GstMessage *msg)
{
  const GstStructure *s = gst_message_get_structure (msg);
  GstObject *top = GST_OBJECT_CAST (element);
  SlPipelineInfo *p;

  while (GST_OBJECT_PARENT (top))
    top = GST_OBJECT_PARENT (top);
  g_mutex_lock (&self->lock);
  p = pipeline_info_locked (self, GST_ELEMENT_CAST (top), TRUE);
  if (gst_structure_get_string (s, "instance")) {
    g_free (p->instance);
    p->instance = g_strdup (gst_structure_get_string (s, "instance"));
  }
  if (gst_structure_get_string (s, "graph")) {
    g_free (p->graph);
    p->graph = g_strdup (gst_structure_get_string (s, "graph"));
    g_clear_pointer (&p->graph_json, g_free);
  }
  g_mutex_unlock (&self->lock);
}

static void
do_change_state_post (GstSlMetricsTracer *self, GstClockTime ts,
    GstElement *element, GstStateChange transition, GstStateChangeReturn result)
{
  SlElementStats *rec;

  if (GST_OBJECT_PARENT (element) == NULL && GST_IS_BIN (element)) {
    SlPipelineInfo *p;

    g_mutex_lock (&self->lock);
    p = pipeline_info_locked (self, element, TRUE);
    p->state = result == GST_STATE_CHANGE_FAILURE
        ? p->state
        : GST_STATE_TRANSITION_NEXT (transition);
    p->failed |= result == GST_STATE_CHANGE_FAILURE;
    p->since_us = g_get_monotonic_time ();
    g_mutex_unlock (&self->lock);
  }

  if (transition == GST_STATE_CHANGE_NULL_TO_READY) {
    if (result != GST_STATE_CHANGE_FAILURE)
      sl_metrics_record_for_element (self, element, TRUE);
    return;
  }
  if (transition == GST_STATE_CHANGE_PLAYING_TO_PAUSED) {
    /* last look at the element's own counters before it stops */
    g_mutex_lock (&self->lock);
    rec = g_hash_table_lookup (self->elements, element);
    g_mutex_unlock (&self->lock);
    if (rec)
      capture_props (self, rec, element, TRUE);
    return;
  }
  if (transition != GST_STATE_CHANGE_READY_TO_NULL)
    return;

  g_mutex_lock (&self->lock);
  rec = g_hash_table_lookup (self->elements, element);
  if (rec) {
    g_hash_table_remove (self->elements, element);
    sl_metrics_forget_pads_locked (self, rec);
    g_weak_ref_set (&rec->element, NULL);
    rec->live = FALSE;
    sl_metrics_retire_locked (self, rec);
    if (__atomic_load_n (&self->tap.rec, __ATOMIC_RELAXED) == rec)
      __atomic_store_n (&self->tap.rec, NULL, __ATOMIC_RELAXED);
  }
  sl_metrics_grave_reap_locked (self, FALSE);
  g_mutex_unlock (&self->lock);

  if (GST_OBJECT_PARENT (element) == NULL && self->dirty)
    report (self, TRUE);
}

/* A pad leaves its element (a released request pad): its slot may serve
 * another pad, its table entry goes. */
static void
do_remove_pad (GstSlMetricsTracer *self, GstClockTime ts, GstElement *element,
    GstPad *pad)
{
  SlPadRef *ref;

  g_mutex_lock (&self->lock);
  ref = sl_table_lookup (self->pads, pad);
  if (ref && ref->pad == pad) {
    if (ref->stats && ref->stats->pad == pad)
      ref->stats->removed = TRUE;
    sl_metrics_forget_pad_ref_locked (self, ref);
  }
  g_mutex_unlock (&self->lock);
}

/* An element finalized without going back to NULL (it failed to start):
 * nothing of it stays in the tables. */
static void
do_object_destroyed (GstSlMetricsTracer *self, GstClockTime ts,
    GstObject *object)
{
  SlElementStats *rec;
  SlPipelineInfo *p;

  if (!GST_IS_ELEMENT (object))
    return;
  g_mutex_lock (&self->lock);
  rec = g_hash_table_lookup (self->elements, object);
  if (rec) {
    g_hash_table_remove (self->elements, object);
    sl_metrics_forget_pads_locked (self, rec);
    rec->live = FALSE;
    sl_metrics_retire_locked (self, rec);
    if (__atomic_load_n (&self->tap.rec, __ATOMIC_RELAXED) == rec)
      __atomic_store_n (&self->tap.rec, NULL, __ATOMIC_RELAXED);
  }
  p = pipeline_info_locked (self, GST_ELEMENT_CAST (object), FALSE);
  if (p) {
    p->state = GST_STATE_NULL;
    p->pipeline = NULL;
  }
  g_mutex_unlock (&self->lock);
}

/* --- element-provided counters --- */

/* The numeric properties the reports read, looked up once per class. */
enum
{
  NUM_DROPPED,    /* frames-dropped (elements and pads) */
  NUM_LEVEL,      /* current-level-buffers / pad level */
  NUM_CAPACITY,   /* max-size-buffers / pad capacity */
  NUM_HIGH_WATER, /* pad high-water */
  NUM_PROPS
};

static const gchar *const element_props[NUM_PROPS] = { "frames-dropped",
  "current-level-buffers", "max-size-buffers", NULL };

static const gchar *const pad_props[NUM_PROPS] = { "frames-dropped", "level",
  "capacity", "high-water" };

typedef struct
{
  GParamSpec *num[NUM_PROPS]; /* readable, transformable to double */
  gboolean stats;             /* a readable GstStructure `stats` */
} SlClassProps;

G_LOCK_DEFINE_STATIC (class_props);
static GHashTable *class_props; /* GType -> SlClassProps */

static const SlClassProps *
props_of (GObject *obj, const gchar *const *names)
{
  GType type = G_OBJECT_TYPE (obj);
  SlClassProps *cp;
  guint i;

  G_LOCK (class_props);
  if (class_props == NULL)
    class_props = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  cp = g_hash_table_lookup (class_props, GSIZE_TO_POINTER (type));
  if (cp == NULL) {
    GObjectClass *klass = G_OBJECT_GET_CLASS (obj);
    GParamSpec *pspec;

    cp = g_new0 (SlClassProps, 1);
    for (i = 0; i < NUM_PROPS; i++) {
      pspec = names[i] ? g_object_class_find_property (klass, names[i]) : NULL;
      if (pspec && (pspec->flags & G_PARAM_READABLE) &&
          g_value_type_transformable (pspec->value_type, G_TYPE_DOUBLE))
        cp->num[i] = pspec;
    }
    pspec = g_object_class_find_property (klass, "stats");
    cp->stats = pspec && (pspec->flags & G_PARAM_READABLE) &&
        pspec->value_type == GST_TYPE_STRUCTURE;
    g_hash_table_insert (class_props, GSIZE_TO_POINTER (type), cp);
  }
  G_UNLOCK (class_props);
  /* classes are never unloaded while their objects live */
  return cp;
}

static gboolean
read_number (GObject *obj, GParamSpec *pspec, gdouble *out)
{
  GValue v = G_VALUE_INIT, d = G_VALUE_INIT;
  gboolean ok = FALSE;

  if (pspec == NULL)
    return FALSE;
  g_value_init (&v, pspec->value_type);
  g_value_init (&d, G_TYPE_DOUBLE);
  g_object_get_property (obj, pspec->name, &v);
  if (g_value_transform (&v, &d)) {
    *out = g_value_get_double (&d);
    ok = TRUE;
  }
  g_value_unset (&v);
  g_value_unset (&d);
  return ok;
}

/* @with_stats: also the element's `stats` structure (the reports); the
 * live view reads levels and drops only, three times a second. FALSE if
 * there was no value to read on the element or its pads. */
static gboolean
capture_props (GstSlMetricsTracer *self, SlElementStats *rec,
    GstElement *element, gboolean with_stats)
{
  GObject *obj = G_OBJECT (element);
  const SlClassProps *cp = props_of (obj, element_props);
  GstStructure *stats = NULL;
  gboolean has_dropped, has_level, has_capacity;
  gdouble dropped = 0, level = 0, capacity = 0;
  GList *pads = NULL, *l;
  gboolean any = cp->num[NUM_DROPPED] || cp->num[NUM_LEVEL];

  has_dropped = read_number (obj, cp->num[NUM_DROPPED], &dropped);
  has_level = read_number (obj, cp->num[NUM_LEVEL], &level);
  has_capacity =
      has_level && read_number (obj, cp->num[NUM_CAPACITY], &capacity);
  if (cp->stats && with_stats)
    g_object_get (obj, "stats", &stats, NULL);

  GST_OBJECT_LOCK (element);
  for (l = element->pads; l; l = l->next)
    pads = g_list_prepend (pads, gst_object_ref (l->data));
  GST_OBJECT_UNLOCK (element);

  g_mutex_lock (&self->props_lock);
  rec->has_dropped = has_dropped;
  rec->dropped = dropped;
  rec->has_queue_level = has_level;
  rec->queue_level = level;
  rec->has_queue_capacity = has_capacity;
  rec->queue_capacity = capacity;
  if (with_stats) {
    if (rec->stats)
      gst_structure_free (rec->stats);
    rec->stats = stats;
  }
  g_mutex_unlock (&self->props_lock);

  for (l = pads; l; l = l->next) {
    GstPad *pad = l->data;
    GObject *pobj = G_OBJECT (pad);
    const SlClassProps *pp = props_of (pobj, pad_props);
    gdouble pd = 0, pl = 0, ph = 0, pc = 0;
    gboolean hd, hl, hh, hc;
    SlPadStats *p;

    if (!pp->num[NUM_DROPPED] && !pp->num[NUM_LEVEL] &&
        !pp->num[NUM_HIGH_WATER])
      continue;
    any = TRUE;
    hd = read_number (pobj, pp->num[NUM_DROPPED], &pd);
    hl = read_number (pobj, pp->num[NUM_LEVEL], &pl);
    hh = read_number (pobj, pp->num[NUM_HIGH_WATER], &ph);
    hc = read_number (pobj, pp->num[NUM_CAPACITY], &pc);
    g_mutex_lock (&self->lock);
    p = sl_metrics_pad_stats_locked (self, rec, pad);
    g_mutex_unlock (&self->lock);
    if (p == NULL)
      continue;
    g_mutex_lock (&self->props_lock);
    p->has_dropped = hd;
    p->dropped = pd;
    p->has_level = hl;
    p->level = pl;
    p->has_high_water = hh;
    p->high_water = ph;
    p->has_capacity = hc;
    p->capacity = pc;
    g_mutex_unlock (&self->props_lock);
  }
  g_list_free_full (pads, gst_object_unref);
  return any;
}

/* --- reports --- */

static gint
view_cmp (gconstpointer a, gconstpointer b)
{
  const SlMetricsView *va = a, *vb = b;

  return g_strcmp0 (va->rec->path, vb->rec->path);
}

/* a file that cannot be written is told once, and again after it could be
 * written in between */
static void
write_failed (gboolean *told, const gchar *path, gint err)
{
  if (*told)
    return;
  *told = TRUE;
  g_printerr (_ ("slmetrics: cannot write '%s': %s (said once; the "
                 "reports go on without it)\n"),
      path, g_strerror (err));
}

/* report lock */
static void
write_prometheus (GstSlMetricsTracer *self, const gchar *text)
{
  gint err;

  if (sl_metrics_prom_replace (self->prom_path, text, &err))
    self->prom_failed = FALSE;
  else
    write_failed (&self->prom_failed, self->prom_path, err);
}

/* Reads the element-provided values of the running elements. Without
 * @with_stats (the live view, on its thread), the elements found without
 * such values are left alone until they get other pads. */
void
sl_metrics_capture_live (GstSlMetricsTracer *self, gboolean with_stats)
{
  GPtrArray *live = g_ptr_array_new_with_free_func (gst_object_unref);
  GPtrArray *live_recs = g_ptr_array_new ();
  guint i;

  g_mutex_lock (&self->lock);
  for (i = 0; i < self->records->len; i++) {
    SlElementStats *rec = g_ptr_array_index (self->records, i);
    GstElement *e;

    if (!with_stats &&
        rec->live_plain == (guint) g_atomic_int_get (&rec->n_pads) + 1)
      continue;
    e = rec->live ? g_weak_ref_get (&rec->element) : NULL;

    if (e) {
      g_ptr_array_add (live, e);
      g_ptr_array_add (live_recs, rec);
    }
  }
  g_mutex_unlock (&self->lock);

  for (i = 0; i < live->len; i++) {
    SlElementStats *rec = g_ptr_array_index (live_recs, i);
    guint n_pads = g_atomic_int_get (&rec->n_pads);

    if (!capture_props (self, rec, g_ptr_array_index (live, i), with_stats) &&
        !with_stats)
      rec->live_plain = n_pads + 1;
  }
  g_ptr_array_unref (live);
  g_ptr_array_unref (live_recs);
}

/* Every record's figures, sorted by path, keyed by name (by path when
 * two share a name) if @with_keys (the live view does not use the keys).
 * Records stay valid for the grace period. */
SlMetricsView *
sl_metrics_views_full (GstSlMetricsTracer *self, guint *n_views,
    gboolean with_keys)
{
  GHashTable *names;
  SlMetricsView *views;
  guint i, n;

  g_mutex_lock (&self->lock);
  n = self->records->len;
  views = g_new0 (SlMetricsView, MAX (n, 1));
  for (i = 0; i < n; i++)
    sl_metrics_view_compute (&views[i], g_ptr_array_index (self->records, i));
  g_mutex_unlock (&self->lock);

  qsort (views, n, sizeof (SlMetricsView), view_cmp);
  *n_views = n;
  if (!with_keys)
    return views;
  /* the JSON's keys: unique in the process; the Prometheus element label:
   * unique in its pipeline (the pipeline is a label of its own) */
  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (i = 0; i < n; i++) {
    gchar *in_pipeline =
        g_strconcat (views[i].rec->pipeline, "/", views[i].rec->name, NULL);

    if (g_hash_table_contains (names, views[i].key))
      views[i].key = views[i].rec->path;
    g_hash_table_add (names, g_strdup (views[i].key));
    views[i].label = views[i].rec->name;
    if (g_hash_table_contains (names, in_pipeline))
      views[i].label = views[i].rec->path;
    g_hash_table_add (names, in_pipeline);
  }
  g_hash_table_unref (names);
  return views;
}

SlMetricsView *
sl_metrics_views (GstSlMetricsTracer *self, guint *n_views)
{
  return sl_metrics_views_full (self, n_views, TRUE);
}

static void
log_records (SlMetricsView *views, guint n)
{
  guint i;

  for (i = 0; i < n; i++)
    gst_tracer_record_log (tr_element, views[i].rec->path,
        views[i].rec->factory, views[i].frames, views[i].bytes, views[i].errors,
        views[i].fps, (guint64) (views[i].p50_us * 1000),
        (guint64) (views[i].p99_us * 1000), (guint64) (views[i].max_us * 1000));
}

static void
report (GstSlMetricsTracer *self, gboolean final)
{
  SlMetricsView *views;
  SlPromLabels labels;
  guint n;
  GString *out;

  g_mutex_lock (&self->report_lock);
  if (final) {
    g_mutex_lock (&self->lock);
    self->dirty = FALSE;
    g_mutex_unlock (&self->lock);
  }
  sl_metrics_capture_live (self, TRUE);
  views = sl_metrics_views (self, &n);

  out = g_string_new (NULL);
  g_mutex_lock (&self->props_lock);
  if (self->print_table) {
    sl_metrics_write_table (out, views, n, final,
        (g_get_monotonic_time () - self->start_us) / 1e6);
    g_printerr ("%s", out->str);
  }
  if (self->json) {
    g_string_truncate (out, 0);
    sl_metrics_write_json (out, views, n, g_get_real_time ());
    if (fwrite (out->str, 1, out->len, self->json) != out->len ||
        fflush (self->json) != 0)
      write_failed (&self->json_failed, self->json_path, errno);
    else
      self->json_failed = FALSE;
  }
  if (self->prom_path) {
    g_string_truncate (out, 0);
    sl_metrics_prom_labels (self, &labels);
    g_mutex_lock (&self->lock);
    sl_metrics_write_prometheus (out, views, n, &labels);
    g_mutex_unlock (&self->lock);
  }
  g_mutex_unlock (&self->props_lock);
  if (self->prom_path)
    write_prometheus (self, out->str);
  log_records (views, n);
  g_string_free (out, TRUE);
  g_free (views);
  g_mutex_unlock (&self->report_lock);
}

static gpointer
interval_thread (gpointer data)
{
  GstSlMetricsTracer *self = data;
  /* 64 bits: an interval of hours in microseconds */
  gint64 period = (gint64) MIN (self->interval_ms, G_MAXINT64 / 1000) * 1000;
  gint64 next = g_get_monotonic_time () + period;

  g_mutex_lock (&self->lock);
  while (!self->stopping) {
    gboolean any_live;

    if (g_cond_wait_until (&self->cond, &self->lock, next))
      continue;
    next += period;
    any_live = g_hash_table_size (self->elements) > 0;
    if (!any_live)
      continue;
    g_mutex_unlock (&self->lock);
    report (self, FALSE);
    g_mutex_lock (&self->lock);
  }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* --- GObject --- */

static gboolean
get_uint_param (const GstStructure *s, const gchar *name, guint64 max,
    guint64 *out)
{
  const GValue *v = gst_structure_get_value (s, name);
  GValue u = G_VALUE_INIT;
  gboolean ok = FALSE;

  if (v == NULL)
    return FALSE;
  g_value_init (&u, G_TYPE_INT64);
  if (g_value_type_transformable (G_VALUE_TYPE (v), G_TYPE_INT64) &&
      g_value_transform (v, &u) && g_value_get_int64 (&u) >= 0 &&
      (guint64) g_value_get_int64 (&u) <= max) {
    *out = (guint64) g_value_get_int64 (&u);
    ok = TRUE;
  }
  g_value_unset (&u);
  return ok;
}

static const gchar *const known_params[] = { "interval", "json-file",
  "prometheus-file", "table", "http", "max-retired", "instance", NULL };

static gboolean
check_param (GQuark field, const GValue *value, gpointer user_data)
{
  const gchar *name = g_quark_to_string (field);

  if (!g_strv_contains (known_params, name))
    g_printerr (_ ("slmetrics: unknown parameter '%s'\n"), name);
  return TRUE;
}

static void
parse_params (GstSlMetricsTracer *self)
{
  gchar *params = NULL, *tmp;
  GstStructure *s;
  guint64 v;

  g_object_get (self, "params", &params, NULL);
  if (params == NULL || *params == '\0') {
    g_free (params);
    return;
  }
  tmp = g_strdup_printf ("slmetrics,%s", params);
  s = gst_structure_from_string (tmp, NULL);
  g_free (tmp);
  if (s == NULL) {
    g_printerr (_ ("slmetrics: cannot parse parameters '%s'\n"), params);
    g_free (params);
    return;
  }
  gst_structure_foreach (s, check_param, NULL);
  if (gst_structure_has_field (s, "interval")) {
    if (get_uint_param (s, "interval", G_MAXUINT, &v))
      self->interval_ms = v;
    else
      g_printerr (_ ("slmetrics: parameter '%s' must be a number of "
                     "milliseconds\n"),
          "interval");
  }
  if (gst_structure_has_field (s, "max-retired")) {
    if (get_uint_param (s, "max-retired", G_MAXUINT, &v))
      self->max_retired = v;
    else
      g_printerr (_ ("slmetrics: parameter '%s' must be a number\n"),
          "max-retired");
  }
  self->json_path = g_strdup (gst_structure_get_string (s, "json-file"));
  self->prom_path = g_strdup (gst_structure_get_string (s, "prometheus-file"));
  if (gst_structure_has_field (s, "table") &&
      !gst_structure_get_boolean (s, "table", &self->print_table))
    g_printerr (_ ("slmetrics: parameter '%s' must be true or false\n"),
        "table");
  if (gst_structure_has_field (s, "http")) {
    const GValue *hv = gst_structure_get_value (s, "http");

    /* `http=9180` parses as a number, `http=127.0.0.1:9180` as a string */
    if (G_VALUE_HOLDS_STRING (hv))
      self->http = g_value_dup_string (hv);
    else if (get_uint_param (s, "http", 65535, &v))
      self->http = g_strdup_printf ("%" G_GUINT64_FORMAT, v);
    else
      g_printerr (_ ("slmetrics: parameter '%s' must be [ADDRESS:]PORT\n"),
          "http");
  }
  if (gst_structure_has_field (s, "instance")) {
    const GValue *iv = gst_structure_get_value (s, "instance");
    GValue str = G_VALUE_INIT;

    g_value_init (&str, G_TYPE_STRING);
    if (g_value_transform (iv, &str)) {
      g_free (self->instance);
      self->instance = g_value_dup_string (&str);
    }
    g_value_unset (&str);
  }
  gst_structure_free (s);
  g_free (params);
}

static void
gst_sl_metrics_tracer_constructed (GObject *object)
{
  GstSlMetricsTracer *self = GST_SL_METRICS_TRACER (object);
  GstTracer *tracer = GST_TRACER (object);
  const GstMetaInfo *info;

  G_OBJECT_CLASS (parent_class)->constructed (object);

  parse_params (self);
  sl_element_init (NULL);
  info = gst_meta_get_info (GST_SL_DATA_FRAME_META_NAME);
  self->df_api = info ? info->api : 0;
  self->q_seq = g_quark_from_static_string ("seq");
  self->ref_ts_api = GST_REFERENCE_TIMESTAMP_META_API_TYPE;
  self->q_sent = g_quark_from_static_string ("timestamp/x-streamlab-sent");
  {
    GstPad *pad = gst_pad_new ("probe", GST_PAD_SINK);

    self->default_chain_list = GST_PAD_CHAINLISTFUNC (pad);
    gst_object_unref (pad);
  }

  if (self->json_path) {
    self->json = g_fopen (self->json_path, "w");
    if (self->json == NULL)
      g_printerr (_ ("slmetrics: cannot open '%s' for writing: %s\n"),
          self->json_path, g_strerror (errno));
  }
  if (self->prom_path)
    sl_metrics_prom_remove_strays (self->prom_path);

  /* clang-format off */
  gst_tracing_register_hook (tracer, "pad-push-pre", G_CALLBACK (do_push_pre));
  gst_tracing_register_hook (tracer, "pad-push-list-pre", G_CALLBACK (do_push_list_pre));
  gst_tracing_register_hook (tracer, "pad-chain-pre", G_CALLBACK (do_chain_pre));
  gst_tracing_register_hook (tracer, "pad-chain-post", G_CALLBACK (do_chain_post));
  gst_tracing_register_hook (tracer, "pad-chain-list-pre", G_CALLBACK (do_chain_list_pre));
  gst_tracing_register_hook (tracer, "pad-chain-list-post", G_CALLBACK (do_chain_list_post));
  gst_tracing_register_hook (tracer, "element-post-message-pre", G_CALLBACK (do_post_message_pre));
  gst_tracing_register_hook (tracer, "element-change-state-post", G_CALLBACK (do_change_state_post));
  gst_tracing_register_hook (tracer, "element-remove-pad", G_CALLBACK (do_remove_pad));
  gst_tracing_register_hook (tracer, "object-destroyed", G_CALLBACK (do_object_destroyed));
  /* clang-format on */

  if (self->interval_ms > 0)
    self->thread = g_thread_new ("slmetrics", interval_thread, self);

  if (self->http) {
    GError *err = NULL;

    self->server = sl_metrics_server_start (self, self->http, &err);
    if (self->server == NULL) {
      g_printerr (_ ("slmetrics: cannot serve the live view on '%s': %s\n"),
          self->http, err->message);
      g_clear_error (&err);
    }
  }
}

static void
gst_sl_metrics_tracer_finalize (GObject *object)
{
  GstSlMetricsTracer *self = GST_SL_METRICS_TRACER (object);
  guint i;

  if (self->server)
    sl_metrics_server_stop (self->server);
  self->server = NULL;
  if (self->thread) {
    g_mutex_lock (&self->lock);
    self->stopping = TRUE;
    g_cond_signal (&self->cond);
    g_mutex_unlock (&self->lock);
    g_thread_join (self->thread);
  }
  if (self->dirty)
    report (self, TRUE);
  if (self->json)
    fclose (self->json);

  g_mutex_lock (&self->lock);
  for (i = 0; i < self->records->len; i++) {
    SlElementStats *rec = g_ptr_array_index (self->records, i);

    while (rec->refs->len > 0) {
      g_free (g_ptr_array_index (rec->refs, rec->refs->len - 1));
      g_ptr_array_remove_index_fast (rec->refs, rec->refs->len - 1);
    }
    sl_metrics_record_free (rec);
  }
  sl_metrics_grave_reap_locked (self, TRUE);
  g_mutex_unlock (&self->lock);
  sl_metrics_live_clear (self);
  g_ptr_array_unref (self->records);
  g_ptr_array_unref (self->pipelines);
  g_hash_table_unref (self->elements);
  g_hash_table_unref (self->by_name);
  g_queue_clear (&self->retired);
  g_free (self->pads);
  g_free (self->json_path);
  g_free (self->prom_path);
  g_free (self->http);
  g_free (self->web_dir);
  g_free (self->instance);
  g_free (self->host);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->report_lock);
  g_mutex_clear (&self->props_lock);
  g_mutex_clear (&self->events_lock);
  g_mutex_clear (&self->tap.lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_metrics_tracer_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec)
{
  GstSlMetricsTracer *self = GST_SL_METRICS_TRACER (object);

  switch (prop_id) {
    case PROP_RECORDS:
      g_mutex_lock (&self->lock);
      g_value_set_uint (value, self->records->len);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_PAD_REFS:
      g_mutex_lock (&self->lock);
      g_value_set_uint (value, self->n_refs);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_HTTP_PORT:
      g_value_set_uint (value,
          self->server ? sl_metrics_server_port (self->server) : 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_sl_metrics_tracer_class_init (GstSlMetricsTracerClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);

  gobject_class->constructed = gst_sl_metrics_tracer_constructed;
  gobject_class->finalize = gst_sl_metrics_tracer_finalize;
  gobject_class->get_property = gst_sl_metrics_tracer_get_property;

#define FIELD(name, type, desc) \
  name, GST_TYPE_STRUCTURE, \
      gst_structure_new ("value", "type", G_TYPE_GTYPE, type, "description", \
          G_TYPE_STRING, desc, NULL)
  tr_element = gst_tracer_record_new ("slmetrics-element.class", "element",
      GST_TYPE_STRUCTURE,
      gst_structure_new ("scope", "type", G_TYPE_GTYPE, G_TYPE_STRING,
          "related-to", GST_TYPE_TRACER_VALUE_SCOPE,
          GST_TRACER_VALUE_SCOPE_ELEMENT, NULL),
      FIELD ("factory", G_TYPE_STRING, "element factory"),
      FIELD ("frames", G_TYPE_UINT64, "frames processed"),
      FIELD ("bytes", G_TYPE_UINT64, "payload bytes"),
      FIELD ("errors", G_TYPE_UINT64, "errors originating in the element"),
      FIELD ("fps", G_TYPE_DOUBLE, "average frames per second"),
      FIELD ("latency-p50", G_TYPE_UINT64, "median latency in ns"),
      FIELD ("latency-p99", G_TYPE_UINT64, "99th percentile latency in ns"),
      FIELD ("latency-max", G_TYPE_UINT64, "largest latency in ns"), NULL);
#undef FIELD
  GST_OBJECT_FLAG_SET (tr_element, GST_OBJECT_FLAG_MAY_BE_LEAKED);

  /* read-only figures for tests and applications */
  g_object_class_install_property (gobject_class, PROP_RECORDS,
      g_param_spec_uint ("records", "Records",
          "Element records held (running elements and at most max-retired "
          "stopped ones)",
          0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_PAD_REFS,
      g_param_spec_uint ("pad-refs", "Pad references",
          "Pads of running elements followed", 0, G_MAXUINT, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_HTTP_PORT,
      g_param_spec_uint ("http-port", "HTTP port",
          "Port the live view listens on (0: not serving)", 0, 65535, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

static void
gst_sl_metrics_tracer_init (GstSlMetricsTracer *self)
{
  self->interval_ms = DEFAULT_INTERVAL;
  self->print_table = DEFAULT_TABLE;
  self->max_retired = DEFAULT_MAX_RETIRED;
  self->instance = g_strdup_printf ("%d", (gint) getpid ());
  /* a part of a description placed on a host (`streamlab run --host`)
   * names its host in STREAMLAB_HOST */
  self->host =
      g_strdup (g_getenv ("STREAMLAB_HOST") && *g_getenv ("STREAMLAB_HOST")
              ? g_getenv ("STREAMLAB_HOST")
              : g_get_host_name ());
  g_mutex_init (&self->lock);
  g_mutex_init (&self->report_lock);
  g_mutex_init (&self->props_lock);
  g_mutex_init (&self->events_lock);
  g_mutex_init (&self->tap.lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->retired);
  g_queue_init (&self->grave);
  g_queue_init (&self->events);
  self->pads = sl_table_new (64);
  self->elements = g_hash_table_new (NULL, NULL);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->records = g_ptr_array_new ();
  self->pipelines =
      g_ptr_array_new_with_free_func ((GDestroyNotify) pipeline_info_free);
  self->start_us = g_get_monotonic_time ();
}

SL_TRACER_REGISTER_DEFINE (slmetrics)
{
  sl_element_init (plugin);
  return gst_tracer_register (plugin, "slmetrics", GST_TYPE_SL_METRICS_TRACER);
}
