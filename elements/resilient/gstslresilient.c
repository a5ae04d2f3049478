/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slresilient
 * @title: slresilient
 *
 * A bin that wraps one element (or one linked chain of elements) and
 * enforces what happens when it fails: the error policy decides the fate of
 * the failed frame, the restart strategy the fate of the child. Every frame
 * that enters leaves on `src`, leaves on `deadletter`, or is counted.
 *
 * The `sink` and `src` ghost pads appear when the first child is added;
 * when the bin starts they are pointed at the chain's free ends (the one
 * unlinked sink pad and the one unlinked src pad among the children), so
 * children may be added and linked in any order. gst-launch links
 * `a ! slresilient.( b ! c ) ! d` through ghost pads of its own (named
 * `ghost0`, ...), which slresilient takes over in place of `sink` and `src`.
 * The always `deadletter` pad carries the frames that
 * `error-policy=dead-letter` sets aside, with the input's caps. As with a
 * `tee`, the branch linked to `deadletter` needs a `queue` (the same thread
 * feeds both branches): a deadletter branch whose sink the streaming thread
 * reaches without one is refused with an error when the stream starts,
 * instead of hanging at preroll (with a live source, which sends nothing
 * before PLAYING, it is allowed). A gap event after each segment lets the
 * deadletter sink preroll before any frame fails, and each frame that does
 * not come out on `src` (skipped, set aside, rejected) leaves a gap event
 * there with its timestamps, so the sink on `src` prerolls even when no
 * frame ever comes out. EOS goes to `deadletter` first, then through the
 * child, so that the stream always ends.
 *
 * ## Failures
 *
 * slresilient pushes each frame into the child synchronously and knows which
 * frame failed. A frame fails when the child returns GST_FLOW_ERROR (or a
 * custom flow error) that did not come from downstream, when the child posts
 * an ERROR message while processing it, or, with `timeout-ms`, when the push
 * into the child does not complete within that time (the child is flushed to
 * release the frame). An ERROR the child posts between frames, or after
 * the frame in flight already came out of it (as a child with threads of
 * its own may do), is a failure of the child without a frame: it is
 * counted and handled by the restart strategy, and no frame is replaced,
 * retried or set aside for it. Other flow returns (EOS, flushing,
 * not-negotiated, not-linked) pass upstream unchanged.
 *
 * A child that cannot take the stream is not failing frames: an error it
 * posts while slresilient hands it the caps, a push it answers with
 * not-negotiated, or an error about negotiation or settings (core
 * negotiation or caps, library or resource settings) goes on to the bus
 * whatever the policy, and not-negotiated (or the flow error) goes
 * upstream: the user sees, for instance, "Invalid value for property
 * 'cutoff'", not only the source's "not-negotiated".
 *
 * ## Error policies
 *
 * - `propagate` (default): the error goes on to the bus and upstream, as
 *   without the wrapper.
 * - `skip-frame`: the failed frame is dropped and counted.
 * - `use-default`: a frame of zeros goes downstream in its place, with the
 *   same timestamps, offsets and sequence id, the same number of samples in
 *   the output format (the same size for non-audio caps), and the metadata
 *   `default=true` and `error-reason`.
 * - `dead-letter`: the failed frame, as it entered, leaves on `deadletter`
 *   with the metadata `error-domain`, `error-code`, `error-message`,
 *   `error-reason` and `error-attempts`.
 * - `retry`: the frame is pushed again (after `retry-delay-ms`, the child
 *   restarted first unless `restart=never`), up to `max-retries` times; then
 *   `retry-fallback-policy` handles it.
 *
 * With `dead-letter` and `retry` slresilient keeps a reference to the frame
 * in flight, so a child that works in place copies it; the other policies
 * keep only its timestamps and size.
 *
 * ## Restart strategies
 *
 * A restart sets the child to NULL and back to the bin's state, then sends it
 * the stream's sticky events again (stream-start, caps, segment). Downstream
 * does not see it: what the child sends out again, equal to what already
 * went out, is not passed on.
 *
 * - `never`: the child keeps running after a failure.
 * - `immediate`: the child is restarted right after each failure.
 * - `exponential`: after the n-th consecutive failure the child rests for
 *   `restart-base-ms` * 2^(n-1), capped at `restart-max-ms`, then is restarted
 *   when the next frame arrives; a frame that passes resets n. After
 *   `restart-max-attempts` consecutive failures (0 = no limit) slresilient
 *   gives up with an error.
 * - `circuit-breaker`: `failure-threshold` failures within
 *   `failure-window-ms` open the circuit. After `circuit-timeout-ms` it is
 *   half-open: the child is restarted and the next frame probes it; if the
 *   probe passes the circuit closes, otherwise it opens again. While closed,
 *   a failure restarts the child at once.
 *
 * While the child rests or the circuit is open, arriving frames do not enter
 * the child: the error policy handles them (`retry` uses its fallback), and
 * they are counted in `frames-rejected`. Upstream is never held, except for
 * `retry-delay-ms` between retries. Delays are measured on the element's
 * clock (the pipeline clock, a monotonic clock), or on the system's monotonic
 * clock when the element has none.
 *
 * ## Flushes, stops and EOS
 *
 * Every wait ends at once when the stream is flushed, stopped or ended: a
 * flush-start from upstream (a flushing seek), the element going to READY,
 * or an EOS sent to the element (gst_element_send_event() on slresilient:
 * it enters through the sink pad once the frame in flight is done). A flush
 * drops the frame that was waiting for a retry (counted in
 * `frames-flushed`); an EOS sends it to `retry-fallback-policy` and, with
 * `timeout-ms`, releases a frame the child holds. Flush events go
 * downstream directly, not through the child, so a flush reaches the sinks
 * even while the child is being restarted; flushes the child makes on its
 * own, and those slresilient uses to release a frame, stay inside. An EOS
 * sent to the pipeline reaches its sources only: it ends the stream after
 * the frame in flight, whose retries may still wait up to `max-retries` x
 * `retry-delay-ms`.
 *
 * ## Statistics and messages
 *
 * `stats` holds the counters and the circuit state:
 *
 * - `frames-in`: frames that entered;
 * - `frames-out`: frames pushed on `src` and taken (defaults included);
 * - `frames-skipped`: failed or rejected frames dropped by `skip-frame`;
 * - `frames-defaulted`: default frames sent (also in `frames-out`);
 * - `frames-dead-lettered`: frames sent on `deadletter`;
 * - `frames-rejected`: frames that arrived while the child rested or the
 *   circuit was open (also in the counter of the policy that took them);
 * - `frames-absorbed`: frames the child took without output;
 * - `frames-flushed`: frames a flush or a stop dropped inside slresilient
 *   (waiting for a retry, held by the child, or refused by a flushing
 *   `src` or `deadletter`);
 * - `frames-failed`: frames that ended the stream: the failed frame with
 *   `propagate`, frames after slresilient gave up, and frames refused by
 *   the child with a flow return such as not-negotiated;
 * - `errors`, `retries`, `restarts`, `circuit-state`.
 *
 * For a child that emits one frame per input frame (filters, converters,
 * identity), whenever no frame is in flight (at EOS, and in each
 * `streamlab-error-handled` message):
 *
 *   frames-in = frames-out + frames-skipped + frames-dead-lettered +
 *   frames-absorbed + frames-flushed + frames-failed
 *
 * A child that splits frames makes frames-out larger. The child is expected
 * to process synchronously (no queue inside). The counters are updated
 * before the messages about them go out, so a handler of a message reads
 * values that include it.
 *
 * slresilient posts element messages (their names are the macros
 * `SL_RESILIENT_MESSAGE_ERROR_HANDLED`, `SL_RESILIENT_MESSAGE_RESTART` and
 * `SL_RESILIENT_MESSAGE_CIRCUIT` of gstslresilient.h; compare them
 * exactly): `streamlab-error-handled` for each failure it handles
 * (`policy`, `reason`, `attempts`, `error-domain`, `error-code`,
 * `error-message`, `errors`, `frames-in`, and `seq` when the failure is a
 * frame's and its seq is known), `streamlab-restart` for each restart
 * (`attempt`, `delay-ms`, `restarts`, `success`) and `streamlab-circuit`
 * when the circuit changes state (`state`, `failures`, `errors`).
 *
 * Combinations that cannot work are refused when the element starts, with
 * the property named: a restart strategy other than `never` with
 * `error-policy=propagate`, `retry-fallback-policy=retry`, and
 * `restart-base-ms` above `restart-max-ms`. A bin without a child, or whose
 * children do not form one linked chain, fails to start with an error.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 ! slresilient.\( error-policy=skip-frame slchaos mode=error every=10 \) ! fakesink
 * ]| Frames 9, 19, ..., 99 fail; 90 frames reach the sink.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 ! slresilient.\( error-policy=use-default restart=immediate slchaos mode=error probability=0.1 seed=7 ! volume volume=0.5 \) ! fakesink
 * ]| A chain of two elements; every failed frame is replaced by zeros and the
 * chain restarted, so all 100 frames reach the sink.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=50 ! slresilient.\( name=r error-policy=dead-letter slchaos mode=error at="<(guint64)5>" \) ! fakesink r.deadletter ! queue ! fakesink
 * ]| Frame 5 leaves on the deadletter pad, with its error in its metadata.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/audio/audio.h>

#include "gstslresilient.h"
#include "gstslresilientprivate.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY (sl_resilient_debug);
#define GST_CAT_DEFAULT sl_resilient_debug

#define DEFAULT_ERROR_POLICY GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE
#define DEFAULT_RETRY_FALLBACK_POLICY GST_SL_RESILIENT_ERROR_POLICY_SKIP_FRAME
#define DEFAULT_MAX_RETRIES 3
#define DEFAULT_RETRY_DELAY_MS 0
#define DEFAULT_RESTART GST_SL_RESILIENT_RESTART_NEVER
#define DEFAULT_RESTART_BASE_MS 100
#define DEFAULT_RESTART_MAX_MS 10000
#define DEFAULT_RESTART_MAX_ATTEMPTS 0
#define DEFAULT_FAILURE_THRESHOLD 5
#define DEFAULT_FAILURE_WINDOW_MS 10000
#define DEFAULT_CIRCUIT_TIMEOUT_MS 5000
#define DEFAULT_TIMEOUT_MS 0

enum
{
  PROP_0,
  PROP_ERROR_POLICY,
  PROP_RETRY_FALLBACK_POLICY,
  PROP_MAX_RETRIES,
  PROP_RETRY_DELAY_MS,
  PROP_RESTART,
  PROP_RESTART_BASE_MS,
  PROP_RESTART_MAX_MS,
  PROP_RESTART_MAX_ATTEMPTS,
  PROP_FAILURE_THRESHOLD,
  PROP_FAILURE_WINDOW_MS,
  PROP_CIRCUIT_TIMEOUT_MS,
  PROP_TIMEOUT_MS,
  PROP_STATS,
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_SOMETIMES, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_SOMETIMES, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate deadletter_template =
    GST_STATIC_PAD_TEMPLATE ("deadletter", GST_PAD_SRC, GST_PAD_ALWAYS,
        GST_STATIC_CAPS_ANY);

#define gst_sl_resilient_parent_class parent_class
G_DEFINE_TYPE (GstSlResilient, gst_sl_resilient, GST_TYPE_BIN);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slresilient, "slresilient",
    GST_RANK_NONE, GST_TYPE_SL_RESILIENT, sl_element_init (plugin));

static void gst_sl_resilient_finalize (GObject *object);
static void gst_sl_resilient_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_resilient_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static GstStateChangeReturn gst_sl_resilient_change_state (GstElement *element,
    GstStateChange transition);
static gboolean gst_sl_resilient_add_element (GstBin *bin, GstElement *element);
static gboolean gst_sl_resilient_remove_element (GstBin *bin,
    GstElement *element);
static void gst_sl_resilient_handle_message (GstBin *bin, GstMessage *message);
static void gst_sl_resilient_pad_added (GstElement *element, GstPad *pad);
static gboolean gst_sl_resilient_send_event (GstElement *element,
    GstEvent *event);

static void
gst_sl_resilient_class_init (GstSlResilientClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBinClass *bin_class = GST_BIN_CLASS (klass);
  const GParamFlags flags =
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY;

  gobject_class->set_property = gst_sl_resilient_set_property;
  gobject_class->get_property = gst_sl_resilient_get_property;
  gobject_class->finalize = gst_sl_resilient_finalize;

  g_object_class_install_property (gobject_class, PROP_ERROR_POLICY,
      g_param_spec_enum ("error-policy", "Error policy",
          "What happens to a frame the child fails on",
          GST_TYPE_SL_RESILIENT_ERROR_POLICY, DEFAULT_ERROR_POLICY, flags));
  g_object_class_install_property (gobject_class, PROP_RETRY_FALLBACK_POLICY,
      g_param_spec_enum ("retry-fallback-policy", "Retry fallback policy",
          "Policy for a frame that still fails after max-retries (any policy "
          "but retry)",
          GST_TYPE_SL_RESILIENT_ERROR_POLICY, DEFAULT_RETRY_FALLBACK_POLICY,
          flags));
  g_object_class_install_property (gobject_class, PROP_MAX_RETRIES,
      g_param_spec_uint ("max-retries", "Max retries",
          "How many times error-policy=retry pushes a failed frame again", 0,
          1000, DEFAULT_MAX_RETRIES, flags));
  g_object_class_install_property (gobject_class, PROP_RETRY_DELAY_MS,
      g_param_spec_uint ("retry-delay-ms", "Retry delay",
          "Wait before each retry, in milliseconds, on the element's clock "
          "(a flush, READY or an EOS sent to the element ends it)",
          0, 600000, DEFAULT_RETRY_DELAY_MS, flags));
  g_object_class_install_property (gobject_class, PROP_RESTART,
      g_param_spec_enum ("restart", "Restart strategy",
          "When the child is restarted after a failure",
          GST_TYPE_SL_RESILIENT_RESTART, DEFAULT_RESTART, flags));
  g_object_class_install_property (gobject_class, PROP_RESTART_BASE_MS,
      g_param_spec_uint ("restart-base-ms", "Restart base delay",
          "restart=exponential: delay after the first failure, in "
          "milliseconds; it doubles with each consecutive failure",
          0, G_MAXINT, DEFAULT_RESTART_BASE_MS, flags));
  g_object_class_install_property (gobject_class, PROP_RESTART_MAX_MS,
      g_param_spec_uint ("restart-max-ms", "Restart max delay",
          "restart=exponential: the longest delay, in milliseconds", 0,
          G_MAXINT, DEFAULT_RESTART_MAX_MS, flags));
  g_object_class_install_property (gobject_class, PROP_RESTART_MAX_ATTEMPTS,
      g_param_spec_uint ("restart-max-attempts", "Restart max attempts",
          "restart=exponential: consecutive failures after which the element "
          "gives up with an error (0 = no limit)",
          0, G_MAXINT, DEFAULT_RESTART_MAX_ATTEMPTS, flags));
  g_object_class_install_property (gobject_class, PROP_FAILURE_THRESHOLD,
      g_param_spec_uint ("failure-threshold", "Failure threshold",
          "restart=circuit-breaker: failures within failure-window-ms that "
          "open the circuit",
          1, 100000, DEFAULT_FAILURE_THRESHOLD, flags));
  g_object_class_install_property (gobject_class, PROP_FAILURE_WINDOW_MS,
      g_param_spec_uint ("failure-window-ms", "Failure window",
          "restart=circuit-breaker: window in which failures are counted, in "
          "milliseconds",
          1, G_MAXINT, DEFAULT_FAILURE_WINDOW_MS, flags));
  g_object_class_install_property (gobject_class, PROP_CIRCUIT_TIMEOUT_MS,
      g_param_spec_uint ("circuit-timeout-ms", "Circuit timeout",
          "restart=circuit-breaker: how long the circuit stays open before a "
          "probe, in milliseconds",
          0, G_MAXINT, DEFAULT_CIRCUIT_TIMEOUT_MS, flags));
  g_object_class_install_property (gobject_class, PROP_TIMEOUT_MS,
      g_param_spec_uint ("timeout-ms", "Timeout",
          "A frame fails when the child has not finished with it after this "
          "many milliseconds (0 = no timeout)",
          0, G_MAXINT, DEFAULT_TIMEOUT_MS, flags));
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Frame and failure counters and the circuit state",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_add_static_pad_template (element_class,
      &deadletter_template);
  gst_element_class_set_static_metadata (element_class, "Resilient wrapper",
      "Generic/Bin",
      "Wraps an element: error policies (skip, default, "
      "dead-letter, retry) and restart strategies (immediate, exponential "
      "backoff, circuit breaker)",
      "gst-streamlab developers");

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_sl_resilient_change_state);
  element_class->pad_added = GST_DEBUG_FUNCPTR (gst_sl_resilient_pad_added);
  element_class->send_event = GST_DEBUG_FUNCPTR (gst_sl_resilient_send_event);
  bin_class->add_element = GST_DEBUG_FUNCPTR (gst_sl_resilient_add_element);
  bin_class->remove_element =
      GST_DEBUG_FUNCPTR (gst_sl_resilient_remove_element);
  bin_class->handle_message =
      GST_DEBUG_FUNCPTR (gst_sl_resilient_handle_message);

  gst_type_mark_as_plugin_api (GST_TYPE_SL_RESILIENT_ERROR_POLICY, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SL_RESILIENT_RESTART, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SL_RESILIENT_CIRCUIT_STATE, 0);
  g_type_class_ref (GST_TYPE_SL_RESILIENT_ERROR_POLICY);
  g_type_class_ref (GST_TYPE_SL_RESILIENT_RESTART);
  g_type_class_ref (GST_TYPE_SL_RESILIENT_CIRCUIT_STATE);
  GST_DEBUG_CATEGORY_INIT (sl_resilient_debug, "slresilient", 0,
      "Resilient wrapper");
}

static void
gst_sl_resilient_init (GstSlResilient *self)
{
  Settings *p = &self->props;

  p->policy = DEFAULT_ERROR_POLICY;
  p->fallback = DEFAULT_RETRY_FALLBACK_POLICY;
  p->max_retries = DEFAULT_MAX_RETRIES;
  p->retry_delay_ms = DEFAULT_RETRY_DELAY_MS;
  p->restart = DEFAULT_RESTART;
  p->base_ms = DEFAULT_RESTART_BASE_MS;
  p->max_ms = DEFAULT_RESTART_MAX_MS;
  p->max_attempts = DEFAULT_RESTART_MAX_ATTEMPTS;
  p->threshold = DEFAULT_FAILURE_THRESHOLD;
  p->window_ms = DEFAULT_FAILURE_WINDOW_MS;
  p->circuit_timeout_ms = DEFAULT_CIRCUIT_TIMEOUT_MS;
  p->timeout_ms = DEFAULT_TIMEOUT_MS;

  gst_sl_resilient_flow_init (self);

  self->dlpad =
      gst_pad_new_from_static_template (&deadletter_template, "deadletter");
  gst_pad_use_fixed_caps (self->dlpad);
  gst_element_add_pad (GST_ELEMENT (self), self->dlpad);
}

static void
gst_sl_resilient_finalize (GObject *object)
{
  GstSlResilient *self = GST_SL_RESILIENT (object);

  g_clear_object (&self->sink_internal);
  g_clear_object (&self->src_internal);
  gst_sl_resilient_flow_finalize (self);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_resilient_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec)
{
  GstSlResilient *self = GST_SL_RESILIENT (object);
  Settings *p = &self->props;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ERROR_POLICY:
      p->policy = g_value_get_enum (value);
      break;
    case PROP_RETRY_FALLBACK_POLICY:
      p->fallback = g_value_get_enum (value);
      break;
    case PROP_MAX_RETRIES:
      p->max_retries = g_value_get_uint (value);
      break;
    case PROP_RETRY_DELAY_MS:
      p->retry_delay_ms = g_value_get_uint (value);
      break;
    case PROP_RESTART:
      p->restart = g_value_get_enum (value);
      break;
    case PROP_RESTART_BASE_MS:
      p->base_ms = g_value_get_uint (value);
      break;
    case PROP_RESTART_MAX_MS:
      p->max_ms = g_value_get_uint (value);
      break;
    case PROP_RESTART_MAX_ATTEMPTS:
      p->max_attempts = g_value_get_uint (value);
      break;
    case PROP_FAILURE_THRESHOLD:
      p->threshold = g_value_get_uint (value);
      break;
    case PROP_FAILURE_WINDOW_MS:
      p->window_ms = g_value_get_uint (value);
      break;
    case PROP_CIRCUIT_TIMEOUT_MS:
      p->circuit_timeout_ms = g_value_get_uint (value);
      break;
    case PROP_TIMEOUT_MS:
      p->timeout_ms = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static GstStructure *
make_stats (GstSlResilient *self)
{
  Stats st;
  GstSlResilientCircuitState circuit;

  g_mutex_lock (&self->stats_lock);
  st = self->stats;
  circuit = self->circuit;
  g_mutex_unlock (&self->stats_lock);

  return gst_structure_new ("stats", "frames-in", G_TYPE_UINT64, st.in,
      "frames-out", G_TYPE_UINT64, st.out, "frames-skipped", G_TYPE_UINT64,
      st.skipped, "frames-defaulted", G_TYPE_UINT64, st.defaulted,
      "frames-dead-lettered", G_TYPE_UINT64, st.dead_lettered,
      "frames-rejected", G_TYPE_UINT64, st.rejected, "frames-absorbed",
      G_TYPE_UINT64, st.absorbed, "frames-flushed", G_TYPE_UINT64, st.flushed,
      "frames-failed", G_TYPE_UINT64, st.failed, "errors", G_TYPE_UINT64,
      st.errors, "retries", G_TYPE_UINT64, st.retries, "restarts",
      G_TYPE_UINT64, st.restarts, "circuit-state", G_TYPE_STRING,
      gst_sl_resilient_enum_nick (GST_TYPE_SL_RESILIENT_CIRCUIT_STATE, circuit),
      NULL);
}

static void
gst_sl_resilient_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlResilient *self = GST_SL_RESILIENT (object);
  Settings *p = &self->props;

  if (prop_id == PROP_STATS) {
    g_value_take_boxed (value, make_stats (self));
    return;
  }

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ERROR_POLICY:
      g_value_set_enum (value, p->policy);
      break;
    case PROP_RETRY_FALLBACK_POLICY:
      g_value_set_enum (value, p->fallback);
      break;
    case PROP_MAX_RETRIES:
      g_value_set_uint (value, p->max_retries);
      break;
    case PROP_RETRY_DELAY_MS:
      g_value_set_uint (value, p->retry_delay_ms);
      break;
    case PROP_RESTART:
      g_value_set_enum (value, p->restart);
      break;
    case PROP_RESTART_BASE_MS:
      g_value_set_uint (value, p->base_ms);
      break;
    case PROP_RESTART_MAX_MS:
      g_value_set_uint (value, p->max_ms);
      break;
    case PROP_RESTART_MAX_ATTEMPTS:
      g_value_set_uint (value, p->max_attempts);
      break;
    case PROP_FAILURE_THRESHOLD:
      g_value_set_uint (value, p->threshold);
      break;
    case PROP_FAILURE_WINDOW_MS:
      g_value_set_uint (value, p->window_ms);
      break;
    case PROP_CIRCUIT_TIMEOUT_MS:
      g_value_set_uint (value, p->circuit_timeout_ms);
      break;
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, p->timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ------------------------------------------------------------------ */
/* pads */

static void
setup_sink_ghost (GstSlResilient *self, GstPad *ghost)
{
  self->sinkpad = ghost;
  gst_clear_object (&self->sink_internal);
  self->sink_internal =
      GST_PAD (gst_proxy_pad_get_internal (GST_PROXY_PAD (ghost)));
  gst_pad_set_chain_function (ghost,
      GST_DEBUG_FUNCPTR (gst_sl_resilient_sink_chain));
  gst_pad_set_event_function (ghost,
      GST_DEBUG_FUNCPTR (gst_sl_resilient_sink_event));
}

static void
setup_src_ghost (GstSlResilient *self, GstPad *ghost)
{
  self->srcpad = ghost;
  gst_clear_object (&self->src_internal);
  self->src_internal =
      GST_PAD (gst_proxy_pad_get_internal (GST_PROXY_PAD (ghost)));
  gst_pad_set_element_private (self->src_internal, self);
  gst_pad_set_chain_function (self->src_internal,
      GST_DEBUG_FUNCPTR (gst_sl_resilient_out_chain));
  gst_pad_set_event_function (self->src_internal,
      GST_DEBUG_FUNCPTR (gst_sl_resilient_out_event));
}

static void
create_ghost_pads (GstSlResilient *self)
{
  GstElement *element = GST_ELEMENT (self);
  GstElementClass *klass = GST_ELEMENT_GET_CLASS (self);
  GstPad *dl = self->dlpad;
  GstPad *sink, *src;

  sink = gst_ghost_pad_new_no_target_from_template ("sink",
      gst_element_class_get_pad_template (klass, "sink"));
  src = gst_ghost_pad_new_no_target_from_template ("src",
      gst_element_class_get_pad_template (klass, "src"));
  setup_sink_ghost (self, sink);
  setup_src_ghost (self, src);

  if (GST_STATE (element) > GST_STATE_READY) {
    gst_pad_set_active (sink, TRUE);
    gst_pad_set_active (src, TRUE);
  }
  gst_element_add_pad (element, sink);
  gst_element_add_pad (element, src);

  /* Keep `src` ahead of `deadletter`, so that a plain link
   * (gst_element_link) picks `src`. */
  if (!gst_pad_is_linked (dl)) {
    gst_object_ref (dl);
    gst_element_remove_pad (element, dl);
    gst_element_add_pad (element, dl);
    gst_object_unref (dl);
  }
}

/* gst-launch links `a ! slresilient.( b ! c ) ! d` as a ! b and c ! d, and
 * gst_element_link() then ghosts b's sink pad and c's src pad on the bin
 * (pads named ghost%d). slresilient takes such a ghost pad over in place of
 * its own, still unlinked, `sink` or `src`. */
static void
gst_sl_resilient_pad_added (GstElement *element, GstPad *pad)
{
  GstSlResilient *self = GST_SL_RESILIENT (element);
  GstPad *old;

  if (!GST_IS_GHOST_PAD (pad) || pad == self->sinkpad || pad == self->srcpad ||
      pad == self->dlpad || self->sinkpad == NULL)
    return;

  old = GST_PAD_IS_SINK (pad) ? self->sinkpad : self->srcpad;
  if (gst_pad_is_linked (old)) {
    GST_WARNING_OBJECT (self,
        "pad %s:%s bypasses the wrapper: %s:%s is "
        "already linked",
        GST_DEBUG_PAD_NAME (pad), GST_DEBUG_PAD_NAME (old));
    return;
  }
  GST_DEBUG_OBJECT (self, "adopting %s:%s in place of %s:%s",
      GST_DEBUG_PAD_NAME (pad), GST_DEBUG_PAD_NAME (old));
  if (GST_PAD_IS_SINK (pad))
    setup_sink_ghost (self, pad);
  else
    setup_src_ghost (self, pad);
  gst_element_remove_pad (element, old);
}

static void
set_target (GstPad *ghost, GstPad *target)
{
  GstPad *cur = gst_ghost_pad_get_target (GST_GHOST_PAD (ghost));

  if (cur != target)
    gst_ghost_pad_set_target (GST_GHOST_PAD (ghost), target);
  if (cur)
    gst_object_unref (cur);
}

/* The ghost pads appear with the first child; their targets are set when
 * the bin starts, once the chain inside is linked. */
static gboolean
gst_sl_resilient_add_element (GstBin *bin, GstElement *element)
{
  GstSlResilient *self = GST_SL_RESILIENT (bin);

  if (!GST_BIN_CLASS (parent_class)->add_element (bin, element))
    return FALSE;

  if (self->sinkpad == NULL)
    create_ghost_pads (self);
  return TRUE;
}

static gboolean
gst_sl_resilient_remove_element (GstBin *bin, GstElement *element)
{
  GstSlResilient *self = GST_SL_RESILIENT (bin);

  if (self->sinkpad) {
    gst_ghost_pad_set_target (GST_GHOST_PAD (self->sinkpad), NULL);
    gst_ghost_pad_set_target (GST_GHOST_PAD (self->srcpad), NULL);
  }
  return GST_BIN_CLASS (parent_class)->remove_element (bin, element);
}

/* Checks that the children form one chain with one free input and one free
 * output, and points the ghost pads at them. */
static gboolean
resolve_chain (GstSlResilient *self)
{
  GList *children, *l;
  GstPad *sink = NULL, *src = NULL;
  guint n_sink = 0, n_src = 0, n_children;

  GST_OBJECT_LOCK (self);
  children = g_list_copy_deep (GST_BIN_CHILDREN (self),
      (GCopyFunc) gst_object_ref, NULL);
  n_children = GST_BIN_NUMCHILDREN (self);
  GST_OBJECT_UNLOCK (self);

  if (n_children == 0 || self->sinkpad == NULL) {
    GST_ELEMENT_ERROR (self, CORE, STATE_CHANGE,
        (_ ("slresilient has no child element to wrap.")),
        ("add one element, or one linked chain of elements, to the bin"));
    g_list_free_full (children, gst_object_unref);
    return FALSE;
  }

  for (l = children; l; l = l->next) {
    GstElement *child = l->data;
    GList *p;

    GST_OBJECT_LOCK (child);
    for (p = child->pads; p; p = p->next) {
      GstPad *pad = p->data;
      GstPad *peer = gst_pad_get_peer (pad);

      if (GST_PAD_IS_SINK (pad) && (!peer || peer == self->sink_internal)) {
        n_sink++;
        gst_object_replace ((GstObject **) &sink, GST_OBJECT (pad));
      } else if (GST_PAD_IS_SRC (pad) &&
          (!peer || peer == self->src_internal)) {
        n_src++;
        gst_object_replace ((GstObject **) &src, GST_OBJECT (pad));
      }
      if (peer)
        gst_object_unref (peer);
    }
    GST_OBJECT_UNLOCK (child);
  }
  g_list_free_full (children, gst_object_unref);

  if (n_sink != 1 || n_src != 1) {
    GST_ELEMENT_ERROR (self, CORE, STATE_CHANGE,
        (_ ("The children of slresilient do not form one linked chain.")),
        ("%u children with %u unlinked sink pads and %u unlinked src pads; "
         "exactly one of each is needed",
            n_children, n_sink, n_src));
    gst_clear_object (&sink);
    gst_clear_object (&src);
    return FALSE;
  }
  set_target (self->sinkpad, sink);
  set_target (self->srcpad, src);
  gst_object_unref (sink);
  gst_object_unref (src);
  return TRUE;
}

static gboolean
check_settings (GstSlResilient *self)
{
  Settings p;
  const gchar *prop = NULL;
  gchar *detail = NULL;

  GST_OBJECT_LOCK (self);
  p = self->props;
  GST_OBJECT_UNLOCK (self);

  if (p.policy == GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE &&
      p.restart != GST_SL_RESILIENT_RESTART_NEVER) {
    prop = "restart";
    detail = g_strdup_printf ("restart=%s needs an error-policy other than "
                              "propagate: with propagate the first error stops "
                              "the stream",
        gst_sl_resilient_enum_nick (GST_TYPE_SL_RESILIENT_RESTART, p.restart));
  } else if (p.fallback == GST_SL_RESILIENT_ERROR_POLICY_RETRY) {
    prop = "retry-fallback-policy";
    detail = g_strdup ("retry-fallback-policy cannot be retry");
  } else if (p.base_ms > p.max_ms) {
    prop = "restart-max-ms";
    detail = g_strdup_printf ("restart-max-ms (%u) is below restart-base-ms "
                              "(%u)",
        p.max_ms, p.base_ms);
  }
  if (prop == NULL)
    return TRUE;

  SL_ELEMENT_ERROR_PROPERTY (self, prop, ("%s", detail));
  g_free (detail);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* bus and states */

static void
gst_sl_resilient_handle_message (GstBin *bin, GstMessage *message)
{
  GstSlResilient *self = GST_SL_RESILIENT (bin);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR &&
      !gst_sl_resilient_flow_child_error (self, message)) {
    /* handled by the error policy */
    gst_message_unref (message);
    return;
  }
  GST_BIN_CLASS (parent_class)->handle_message (bin, message);
}

/* An EOS sent to the element ends its waits and goes in through the sink
 * pad, after the frame in flight. */
static gboolean
gst_sl_resilient_send_event (GstElement *element, GstEvent *event)
{
  GstSlResilient *self = GST_SL_RESILIENT (element);
  GstPad *sink = NULL;
  gboolean res;

  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS) {
    GST_OBJECT_LOCK (self);
    if (self->sinkpad)
      sink = gst_object_ref (self->sinkpad);
    GST_OBJECT_UNLOCK (self);
  }
  if (sink == NULL)
    return GST_ELEMENT_CLASS (parent_class)->send_event (element, event);

  gst_sl_resilient_flow_interrupt_eos (self);
  res = gst_pad_send_event (sink, event);
  gst_object_unref (sink);
  return res;
}

static GstStateChangeReturn
gst_sl_resilient_change_state (GstElement *element, GstStateChange transition)
{
  GstSlResilient *self = GST_SL_RESILIENT (element);
  GstStateChangeReturn ret;

  switch (transition) {
    case GST_STATE_CHANGE_NULL_TO_READY:
      if (!check_settings (self) || !resolve_chain (self))
        return GST_STATE_CHANGE_FAILURE;
      break;
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      gst_sl_resilient_flow_start (self);
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      gst_sl_resilient_flow_stop (self);
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY ||
      (transition == GST_STATE_CHANGE_READY_TO_PAUSED &&
          ret == GST_STATE_CHANGE_FAILURE))
    gst_sl_resilient_flow_stopped (self);
  return ret;
}
