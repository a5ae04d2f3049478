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
 * The `sink` and `src` ghost pads appear when the first child is added and
 * follow the chain's free ends: for a chain added in order (as gst-launch
 * does) the first child's input and the last child's output. The always
 * `deadletter` pad carries the frames that `error-policy=dead-letter` sets
 * aside, with the input's caps. As with a `tee`, the branch linked to
 * `deadletter` needs a `queue` (the same thread feeds both branches); a gap
 * event lets its sink preroll before any frame fails.
 *
 * ## Failures
 *
 * slresilient pushes each frame into the child synchronously and knows which
 * frame failed. A frame fails when the child returns GST_FLOW_ERROR (or a
 * custom flow error) that did not come from downstream, when the child posts
 * an ERROR message while processing it, or, with `timeout-ms`, when the push
 * into the child does not complete within that time (the child is flushed to
 * release the frame). An ERROR the child posts between frames counts as a
 * failure of the child without a frame. Other flow returns (EOS, flushing,
 * not-negotiated, not-linked) pass upstream unchanged.
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
 * the stream's sticky events again (stream-start, caps, segment).
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
 * ## Statistics and messages
 *
 * `stats` holds `frames-in`, `frames-out` (every frame pushed on `src`,
 * defaults included), `frames-skipped`, `frames-defaulted`,
 * `frames-dead-lettered`, `frames-rejected`, `frames-absorbed`, `errors`,
 * `retries`, `restarts` and `circuit-state`. For a child that emits one frame
 * per input frame (filters, converters, identity), at EOS
 * frames-in = frames-out + frames-skipped + frames-dead-lettered.
 * A child that drops or merges frames accepts input frames without output
 * during the push: those are counted in `frames-absorbed`, and then
 * frames-in = frames-out + frames-skipped + frames-dead-lettered +
 * frames-absorbed. A child that splits frames makes frames-out larger. The
 * child is expected to process synchronously (no queue inside).
 *
 * slresilient posts element messages: `streamlab-error-handled` for each
 * failure it handles (`policy`, `reason`, `attempts`, `error-domain`,
 * `error-code`, `error-message`, `errors`, and `seq` when known),
 * `streamlab-restart` for each restart (`attempt`, `delay-ms`, `restarts`,
 * `success`) and `streamlab-circuit` when the circuit changes state
 * (`state`, `failures`, `errors`).
 *
 * Combinations that cannot work are refused when the element starts, with
 * the property named: a restart strategy other than `never` with
 * `error-policy=propagate`, `retry-fallback-policy=retry`, and
 * `restart-base-ms` above `restart-max-ms`. A bin without a child, or whose
 * children do not form one linked chain, fails to start with an error.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 ! slresilient.( error-policy=skip-frame slchaos mode=error every=10 ) ! fakesink
 * ]| Frames 9, 19, ..., 99 fail; 90 frames reach the sink.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 ! slresilient.( error-policy=use-default restart=immediate slchaos mode=error probability=0.1 seed=7 ! volume volume=0.5 ) ! fakesink
 * ]| A chain of two elements; every failed frame is replaced by zeros and the
 * chain restarted, so all 100 frames reach the sink.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=50 ! slresilient.( name=r error-policy=dead-letter slchaos mode=error at="<(guint64)5>" ) ! fakesink r.deadletter ! queue ! fakesink
 * ]| Frame 5 leaves on the deadletter pad, with its error in its metadata.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/audio/audio.h>

#include "gstslresilient.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_resilient_debug);
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

typedef struct
{
  GstSlResilientErrorPolicy policy;
  GstSlResilientErrorPolicy fallback;
  guint max_retries;
  guint retry_delay_ms;
  GstSlResilientRestart restart;
  guint base_ms;
  guint max_ms;
  guint max_attempts;
  guint threshold;
  guint window_ms;
  guint circuit_timeout_ms;
  guint timeout_ms;
} Settings;

/* What slresilient remembers of the frame in flight when it does not keep
 * the frame itself: enough to build a default frame in its place. */
typedef struct
{
  GstClockTime pts, dts, duration;
  guint64 offset, offset_end;
  gsize size;
  guint64 seq;
  gboolean has_seq;
} FrameHeader;

typedef struct
{
  const gchar *reason;
  GQuark domain;
  gint code;
  gchar *message;
  GstMessage *msg;              /* the child's ERROR message, if any */
} Failure;

struct _GstSlResilient
{
  GstBin parent;

  GstPad *sinkpad;              /* ghost pads, NULL until the first child */
  GstPad *srcpad;
  GstPad *sink_internal;        /* pushes into the child */
  GstPad *src_internal;         /* receives the child's output */
  GstPad *dlpad;

  Settings props;               /* under the object lock */
  Settings s;                   /* snapshot taken at READY->PAUSED */

  /* statistics: written by the streaming thread only, read by anyone
   * (relaxed atomic loads and stores) */
  guint64 frames_in, frames_out, skipped, defaulted, dead_lettered;
  guint64 rejected, absorbed, errors, retries, restarts;
  gint circuit;                 /* GstSlResilientCircuitState, atomic */

  /* streaming state */
  gboolean hold;                /* keep a ref to the frame in flight */
  gboolean need_seq;
  gboolean need_check;          /* child resting, circuit not closed, gave up */
  gboolean gave_up;
  gboolean down;
  GstClockTime down_until;
  guint down_delay_ms;
  guint consecutive;
  GstClockTime open_until;
  GstClockTime *fail_times;     /* ring of the last `threshold` failures */
  guint fail_len, fail_pos;
  guint frame_outputs;
  GstFlowReturn downstream_ret;
  GstAudioInfo in_info, out_info;
  gboolean in_audio, out_audio;
  gint in_push;                 /* atomic */
  gint eos_out;                 /* atomic */
  gint internal_flush;          /* atomic: drop flushes coming out of the child */
  gint streaming;               /* atomic: intercept the child's errors */
  gint restarting;              /* atomic */

  /* error reported by the child on the bus, under the object lock */
  gint child_error;             /* atomic: during a push */
  gint async_error;             /* atomic: between frames */
  gboolean have_error;
  GQuark err_domain;
  gint err_code;
  gchar *err_message;
  GstMessage *err_msg;

  /* waits (retry delay) and the timeout watchdog */
  GMutex lock;
  GCond cond;
  gboolean flushing;
  GThread *wd_thread;
  gboolean wd_stop, wd_armed, wd_fired, wd_idle;
  gint64 wd_deadline;
};

#define STAT_ADD(self, field, n) \
  __atomic_store_n (&(self)->field, (self)->field + (n), __ATOMIC_RELAXED)
#define STAT_GET(self, field) __atomic_load_n (&(self)->field, __ATOMIC_RELAXED)

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

GType
gst_sl_resilient_error_policy_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    {GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE,
        "Pass the error on, as without the wrapper", "propagate"},
    {GST_SL_RESILIENT_ERROR_POLICY_SKIP_FRAME,
        "Drop the failed frame and count it", "skip-frame"},
    {GST_SL_RESILIENT_ERROR_POLICY_USE_DEFAULT,
        "Send a frame of zeros in its place", "use-default"},
    {GST_SL_RESILIENT_ERROR_POLICY_DEAD_LETTER,
        "Send the failed frame on the deadletter pad", "dead-letter"},
    {GST_SL_RESILIENT_ERROR_POLICY_RETRY,
        "Push the frame again, then use retry-fallback-policy", "retry"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlResilientErrorPolicy", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

GType
gst_sl_resilient_restart_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    {GST_SL_RESILIENT_RESTART_NEVER, "Never restart the child", "never"},
    {GST_SL_RESILIENT_RESTART_IMMEDIATE, "Restart the child after each failure",
        "immediate"},
    {GST_SL_RESILIENT_RESTART_EXPONENTIAL,
        "Restart after a delay doubling with each consecutive failure",
        "exponential"},
    {GST_SL_RESILIENT_RESTART_CIRCUIT_BREAKER,
        "Open a circuit after too many failures, probe after a timeout",
        "circuit-breaker"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlResilientRestart", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

GType
gst_sl_resilient_circuit_state_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    {GST_SL_RESILIENT_CIRCUIT_CLOSED, "Frames go through the child", "closed"},
    {GST_SL_RESILIENT_CIRCUIT_OPEN, "Frames bypass the child", "open"},
    {GST_SL_RESILIENT_CIRCUIT_HALF_OPEN, "The next frame probes the child",
        "half-open"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlResilientCircuitState", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

/* The enum classes are referenced once in class_init and kept. */
static const gchar *
enum_nick (GType type, gint value)
{
  GEnumValue *v = g_enum_get_value (g_type_class_peek (type), value);

  return v ? v->value_nick : "unknown";
}

static void gst_sl_resilient_finalize (GObject * object);
static void gst_sl_resilient_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_sl_resilient_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static GstStateChangeReturn gst_sl_resilient_change_state (GstElement *
    element, GstStateChange transition);
static gboolean gst_sl_resilient_add_element (GstBin * bin,
    GstElement * element);
static gboolean gst_sl_resilient_remove_element (GstBin * bin,
    GstElement * element);
static void gst_sl_resilient_handle_message (GstBin * bin,
    GstMessage * message);
static void gst_sl_resilient_pad_added (GstElement * element, GstPad * pad);

static void
gst_sl_resilient_class_init (GstSlResilientClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBinClass *bin_class = GST_BIN_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_READY;

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
          "but retry)", GST_TYPE_SL_RESILIENT_ERROR_POLICY,
          DEFAULT_RETRY_FALLBACK_POLICY, flags));
  g_object_class_install_property (gobject_class, PROP_MAX_RETRIES,
      g_param_spec_uint ("max-retries", "Max retries",
          "How many times error-policy=retry pushes a failed frame again",
          0, 1000, DEFAULT_MAX_RETRIES, flags));
  g_object_class_install_property (gobject_class, PROP_RETRY_DELAY_MS,
      g_param_spec_uint ("retry-delay-ms", "Retry delay",
          "Wait before each retry, in milliseconds", 0, 600000,
          DEFAULT_RETRY_DELAY_MS, flags));
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
          "restart=exponential: the longest delay, in milliseconds",
          0, G_MAXINT, DEFAULT_RESTART_MAX_MS, flags));
  g_object_class_install_property (gobject_class, PROP_RESTART_MAX_ATTEMPTS,
      g_param_spec_uint ("restart-max-attempts", "Restart max attempts",
          "restart=exponential: consecutive failures after which the element "
          "gives up with an error (0 = no limit)", 0, G_MAXINT,
          DEFAULT_RESTART_MAX_ATTEMPTS, flags));
  g_object_class_install_property (gobject_class, PROP_FAILURE_THRESHOLD,
      g_param_spec_uint ("failure-threshold", "Failure threshold",
          "restart=circuit-breaker: failures within failure-window-ms that "
          "open the circuit", 1, 100000, DEFAULT_FAILURE_THRESHOLD, flags));
  g_object_class_install_property (gobject_class, PROP_FAILURE_WINDOW_MS,
      g_param_spec_uint ("failure-window-ms", "Failure window",
          "restart=circuit-breaker: window in which failures are counted, in "
          "milliseconds", 1, G_MAXINT, DEFAULT_FAILURE_WINDOW_MS, flags));
  g_object_class_install_property (gobject_class, PROP_CIRCUIT_TIMEOUT_MS,
      g_param_spec_uint ("circuit-timeout-ms", "Circuit timeout",
          "restart=circuit-breaker: how long the circuit stays open before a "
          "probe, in milliseconds", 0, G_MAXINT, DEFAULT_CIRCUIT_TIMEOUT_MS,
          flags));
  g_object_class_install_property (gobject_class, PROP_TIMEOUT_MS,
      g_param_spec_uint ("timeout-ms", "Timeout",
          "A frame fails when the child has not finished with it after this "
          "many milliseconds (0 = no timeout)", 0, G_MAXINT,
          DEFAULT_TIMEOUT_MS, flags));
  g_object_class_install_property (gobject_class, PROP_STATS,
      g_param_spec_boxed ("stats", "Statistics",
          "Frame and failure counters and the circuit state",
          GST_TYPE_STRUCTURE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_add_static_pad_template (element_class,
      &deadletter_template);
  gst_element_class_set_static_metadata (element_class, "Resilient wrapper",
      "Generic/Bin", "Wraps an element: error policies (skip, default, "
      "dead-letter, retry) and restart strategies (immediate, exponential "
      "backoff, circuit breaker)", "gst-streamlab developers");

  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_sl_resilient_change_state);
  element_class->pad_added = GST_DEBUG_FUNCPTR (gst_sl_resilient_pad_added);
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
gst_sl_resilient_init (GstSlResilient * self)
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
  self->s = *p;

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  self->dlpad = gst_pad_new_from_static_template (&deadletter_template,
      "deadletter");
  gst_pad_use_fixed_caps (self->dlpad);
  gst_element_add_pad (GST_ELEMENT (self), self->dlpad);
}

static void
clear_error (GstSlResilient * self)
{
  GST_OBJECT_LOCK (self);
  self->have_error = FALSE;
  g_clear_pointer (&self->err_message, g_free);
  gst_message_replace (&self->err_msg, NULL);
  g_atomic_int_set (&self->child_error, 0);
  GST_OBJECT_UNLOCK (self);
}

static void
gst_sl_resilient_finalize (GObject * object)
{
  GstSlResilient *self = GST_SL_RESILIENT (object);

  g_clear_object (&self->sink_internal);
  g_clear_object (&self->src_internal);
  g_free (self->err_message);
  gst_message_replace (&self->err_msg, NULL);
  g_free (self->fail_times);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_resilient_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
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
make_stats (GstSlResilient * self)
{
  return gst_structure_new ("stats",
      "frames-in", G_TYPE_UINT64, STAT_GET (self, frames_in),
      "frames-out", G_TYPE_UINT64, STAT_GET (self, frames_out),
      "frames-skipped", G_TYPE_UINT64, STAT_GET (self, skipped),
      "frames-defaulted", G_TYPE_UINT64, STAT_GET (self, defaulted),
      "frames-dead-lettered", G_TYPE_UINT64, STAT_GET (self, dead_lettered),
      "frames-rejected", G_TYPE_UINT64, STAT_GET (self, rejected),
      "frames-absorbed", G_TYPE_UINT64, STAT_GET (self, absorbed),
      "errors", G_TYPE_UINT64, STAT_GET (self, errors),
      "retries", G_TYPE_UINT64, STAT_GET (self, retries),
      "restarts", G_TYPE_UINT64, STAT_GET (self, restarts),
      "circuit-state", G_TYPE_STRING,
      enum_nick (GST_TYPE_SL_RESILIENT_CIRCUIT_STATE,
          g_atomic_int_get (&self->circuit)), NULL);
}

static void
gst_sl_resilient_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
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
/* time, waits and messages */

/* Now on the element's clock, or on the monotonic clock without one. */
static GstClockTime
get_now (GstSlResilient * self)
{
  GstClock *clock = gst_element_get_clock (GST_ELEMENT (self));
  GstClockTime now;

  if (clock) {
    now = gst_clock_get_time (clock);
    gst_object_unref (clock);
    if (GST_CLOCK_TIME_IS_VALID (now))
      return now;
  }
  return g_get_monotonic_time () * GST_USECOND;
}

/* Waits @ms milliseconds; returns FALSE when flushed meanwhile. */
static gboolean
wait_ms (GstSlResilient * self, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * G_TIME_SPAN_MILLISECOND;
  gboolean flushing;

  g_mutex_lock (&self->lock);
  while (!self->flushing) {
    if (!g_cond_wait_until (&self->cond, &self->lock, end))
      break;
  }
  flushing = self->flushing;
  g_mutex_unlock (&self->lock);
  return !flushing;
}

static void
post_structure (GstSlResilient * self, GstStructure * s)
{
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
}

static void
set_circuit (GstSlResilient * self, GstSlResilientCircuitState state,
    guint failures)
{
  g_atomic_int_set (&self->circuit, state);
  GST_INFO_OBJECT (self, "circuit %s",
      enum_nick (GST_TYPE_SL_RESILIENT_CIRCUIT_STATE, state));
  post_structure (self, gst_structure_new ("streamlab-circuit",
          "state", G_TYPE_STRING,
          enum_nick (GST_TYPE_SL_RESILIENT_CIRCUIT_STATE, state),
          "failures", G_TYPE_UINT, failures,
          "errors", G_TYPE_UINT64, STAT_GET (self, errors), NULL));
}

static void
update_need_check (GstSlResilient * self)
{
  self->need_check = self->gave_up || self->down ||
      g_atomic_int_get (&self->circuit) != GST_SL_RESILIENT_CIRCUIT_CLOSED;
}

/* ------------------------------------------------------------------ */
/* pads */

static gboolean sink_event (GstPad * pad, GstObject * parent,
    GstEvent * event);
static GstFlowReturn sink_chain (GstPad * pad, GstObject * parent,
    GstBuffer * buf);
static gboolean out_event (GstPad * pad, GstObject * parent,
    GstEvent * event);
static GstFlowReturn out_chain (GstPad * pad, GstObject * parent,
    GstBuffer * buf);

static void
setup_sink_ghost (GstSlResilient * self, GstPad * ghost)
{
  self->sinkpad = ghost;
  gst_clear_object (&self->sink_internal);
  self->sink_internal =
      GST_PAD (gst_proxy_pad_get_internal (GST_PROXY_PAD (ghost)));
  gst_pad_set_chain_function (ghost, GST_DEBUG_FUNCPTR (sink_chain));
  gst_pad_set_event_function (ghost, GST_DEBUG_FUNCPTR (sink_event));
}

static void
setup_src_ghost (GstSlResilient * self, GstPad * ghost)
{
  self->srcpad = ghost;
  gst_clear_object (&self->src_internal);
  self->src_internal =
      GST_PAD (gst_proxy_pad_get_internal (GST_PROXY_PAD (ghost)));
  gst_pad_set_element_private (self->src_internal, self);
  gst_pad_set_chain_function (self->src_internal,
      GST_DEBUG_FUNCPTR (out_chain));
  gst_pad_set_event_function (self->src_internal,
      GST_DEBUG_FUNCPTR (out_event));
}

static void
create_ghost_pads (GstSlResilient * self)
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
gst_sl_resilient_pad_added (GstElement * element, GstPad * pad)
{
  GstSlResilient *self = GST_SL_RESILIENT (element);
  GstPad *old;

  if (!GST_IS_GHOST_PAD (pad) || pad == self->sinkpad || pad == self->srcpad
      || pad == self->dlpad || self->sinkpad == NULL)
    return;

  old = GST_PAD_IS_SINK (pad) ? self->sinkpad : self->srcpad;
  if (gst_pad_is_linked (old)) {
    GST_WARNING_OBJECT (self, "pad %s:%s bypasses the wrapper: %s:%s is "
        "already linked", GST_DEBUG_PAD_NAME (pad), GST_DEBUG_PAD_NAME (old));
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
set_target (GstPad * ghost, GstPad * target)
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
gst_sl_resilient_add_element (GstBin * bin, GstElement * element)
{
  GstSlResilient *self = GST_SL_RESILIENT (bin);

  if (!GST_BIN_CLASS (parent_class)->add_element (bin, element))
    return FALSE;

  if (self->sinkpad == NULL)
    create_ghost_pads (self);
  return TRUE;
}

static gboolean
gst_sl_resilient_remove_element (GstBin * bin, GstElement * element)
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
resolve_chain (GstSlResilient * self)
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
        (_("slresilient has no child element to wrap.")),
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
        gst_object_replace ((GstObject **) & sink, GST_OBJECT (pad));
      } else if (GST_PAD_IS_SRC (pad) && (!peer || peer == self->src_internal)) {
        n_src++;
        gst_object_replace ((GstObject **) & src, GST_OBJECT (pad));
      }
      if (peer)
        gst_object_unref (peer);
    }
    GST_OBJECT_UNLOCK (child);
  }
  g_list_free_full (children, gst_object_unref);

  if (n_sink != 1 || n_src != 1) {
    GST_ELEMENT_ERROR (self, CORE, STATE_CHANGE,
        (_("The children of slresilient do not form one linked chain.")),
        ("%u children with %u unlinked sink pads and %u unlinked src pads; "
            "exactly one of each is needed", n_children, n_sink, n_src));
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
check_settings (GstSlResilient * self)
{
  Settings p;
  const gchar *prop = NULL;
  gchar *detail = NULL;

  GST_OBJECT_LOCK (self);
  p = self->props;
  GST_OBJECT_UNLOCK (self);

  if (p.policy == GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE
      && p.restart != GST_SL_RESILIENT_RESTART_NEVER) {
    prop = "restart";
    detail = g_strdup_printf ("restart=%s needs an error-policy other than "
        "propagate: with propagate the first error stops the stream",
        enum_nick (GST_TYPE_SL_RESILIENT_RESTART, p.restart));
  } else if (p.fallback == GST_SL_RESILIENT_ERROR_POLICY_RETRY) {
    prop = "retry-fallback-policy";
    detail = g_strdup ("retry-fallback-policy cannot be retry");
  } else if (p.base_ms > p.max_ms) {
    prop = "restart-max-ms";
    detail = g_strdup_printf ("restart-max-ms (%u) is below restart-base-ms "
        "(%u)", p.max_ms, p.base_ms);
  }
  if (prop == NULL)
    return TRUE;

  GST_ELEMENT_ERROR (self, CORE, FAILED,
      (_("Invalid value for property '%s'."), prop), ("%s", detail));
  g_free (detail);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* restarts */

static gboolean
resend_sticky (GstPad * pad, GstEvent ** event, gpointer user_data)
{
  GstPad *peer = user_data;

  if (GST_EVENT_TYPE (*event) != GST_EVENT_EOS)
    gst_pad_send_event (peer, gst_event_ref (*event));
  return TRUE;
}

/* Sends the stream's sticky events into the child again (after a restart
 * or a flush, which cleared them there). */
static void
resend_sticky_events (GstSlResilient * self)
{
  GstPad *peer = gst_pad_get_peer (self->sink_internal);

  if (peer) {
    gst_pad_sticky_events_foreach (self->sinkpad, resend_sticky, peer);
    gst_object_unref (peer);
  }
}

/* Sets the children to NULL and back to the bin's state. */
static gboolean
restart_child (GstSlResilient * self, guint attempt, guint delay_ms)
{
  GList *children, *l;
  gboolean ok = TRUE;

  GST_OBJECT_LOCK (self);
  children = g_list_copy_deep (GST_BIN_CHILDREN (self),
      (GCopyFunc) gst_object_ref, NULL);
  GST_OBJECT_UNLOCK (self);

  g_atomic_int_set (&self->restarting, 1);
  g_atomic_int_set (&self->internal_flush, 1);
  for (l = children; l; l = l->next)
    if (gst_element_set_state (l->data,
            GST_STATE_NULL) == GST_STATE_CHANGE_FAILURE)
      ok = FALSE;
  for (l = children; l; l = l->next)
    if (!gst_element_sync_state_with_parent (l->data))
      ok = FALSE;
  g_list_free_full (children, gst_object_unref);
  if (ok)
    resend_sticky_events (self);
  g_atomic_int_set (&self->internal_flush, 0);
  g_atomic_int_set (&self->restarting, 0);
  clear_error (self);

  STAT_ADD (self, restarts, 1);
  GST_INFO_OBJECT (self, "restart %u after %u ms: %s", attempt, delay_ms,
      ok ? "ok" : "failed");
  post_structure (self, gst_structure_new ("streamlab-restart",
          "attempt", G_TYPE_UINT, attempt,
          "delay-ms", G_TYPE_UINT, delay_ms,
          "restarts", G_TYPE_UINT64, STAT_GET (self, restarts),
          "success", G_TYPE_BOOLEAN, ok, NULL));
  return ok;
}

static gboolean
push_sticky (GstPad * pad, GstEvent ** event, gpointer user_data)
{
  GstPad *srcpad = user_data;

  if (GST_EVENT_TYPE (*event) != GST_EVENT_EOS)
    gst_pad_push_event (srcpad, gst_event_ref (*event));
  return TRUE;
}

/* After a flush of the child (timeout): the flush cleared the segment on
 * both sides of the link; identical events already there are not sent
 * again. */
static void
recover_from_flush (GstSlResilient * self)
{
  g_atomic_int_set (&self->internal_flush, 1);
  gst_pad_push_event (self->sink_internal, gst_event_new_flush_stop (FALSE));
  gst_pad_sticky_events_foreach (self->sinkpad, push_sticky,
      self->sink_internal);
  g_atomic_int_set (&self->internal_flush, 0);
}

static guint
failures_in_window (GstSlResilient * self, GstClockTime now)
{
  GstClockTime window = (GstClockTime) self->s.window_ms * GST_MSECOND;
  guint i, n = 0;

  for (i = 0; i < self->fail_len; i++)
    if (self->fail_times[i] + window > now)
      n++;
  return n;
}

static void
open_circuit (GstSlResilient * self, GstClockTime now, guint failures)
{
  self->open_until = now +
      (GstClockTime) self->s.circuit_timeout_ms * GST_MSECOND;
  set_circuit (self, GST_SL_RESILIENT_CIRCUIT_OPEN, failures);
  update_need_check (self);
}

/* Records a failure for the circuit breaker; returns TRUE if the circuit
 * is (now) open. */
static gboolean
circuit_note_failure (GstSlResilient * self, GstClockTime now)
{
  guint n;

  self->fail_times[self->fail_pos] = now;
  self->fail_pos = (self->fail_pos + 1) % self->s.threshold;
  self->fail_len = MIN (self->fail_len + 1, self->s.threshold);
  n = failures_in_window (self, now);

  if (g_atomic_int_get (&self->circuit) == GST_SL_RESILIENT_CIRCUIT_HALF_OPEN
      || n >= self->s.threshold) {
    open_circuit (self, now, n);
    return TRUE;
  }
  return FALSE;
}

/* The restart strategy, after a failure was handled (with the circuit
 * breaker, the failure was already noted). Returns FALSE when giving up. */
static gboolean
after_failure (GstSlResilient * self, gboolean circuit_noted)
{
  GstClockTime now;
  guint64 delay;

  self->consecutive++;
  switch (self->s.restart) {
    case GST_SL_RESILIENT_RESTART_NEVER:
      break;
    case GST_SL_RESILIENT_RESTART_IMMEDIATE:
      if (!restart_child (self, self->consecutive, 0)) {
        self->down = TRUE;
        self->down_until = 0;
        self->down_delay_ms = 0;
      }
      break;
    case GST_SL_RESILIENT_RESTART_EXPONENTIAL:
      if (self->s.max_attempts > 0 && self->consecutive > self->s.max_attempts) {
        GST_ELEMENT_ERROR (self, STREAM, FAILED,
            (_("The wrapped element failed %u times in a row; giving up."),
                self->consecutive),
            ("restart-max-attempts=%u reached", self->s.max_attempts));
        self->gave_up = TRUE;
        break;
      }
      delay = (guint64) self->s.base_ms << MIN (self->consecutive - 1, 32);
      delay = MIN (delay, self->s.max_ms);
      self->down = TRUE;
      self->down_delay_ms = delay;
      self->down_until = get_now (self) + delay * GST_MSECOND;
      break;
    case GST_SL_RESILIENT_RESTART_CIRCUIT_BREAKER:
      now = get_now (self);
      if (!circuit_noted && circuit_note_failure (self, now))
        break;
      if (g_atomic_int_get (&self->circuit) == GST_SL_RESILIENT_CIRCUIT_CLOSED
          && !restart_child (self, self->consecutive, 0)) {
        /* could not restart: open */
        open_circuit (self, now, failures_in_window (self, now));
      }
      break;
  }
  update_need_check (self);
  return !self->gave_up;
}

typedef enum
{
  CHILD_READY,
  CHILD_DOWN,
  CHILD_GAVE_UP,
} ChildState;

/* Before a frame enters: is the child there? Restarts it when due. */
static ChildState
check_child (GstSlResilient * self, const gchar ** reason)
{
  GstClockTime now;
  GstSlResilientCircuitState circuit;

  if (self->gave_up)
    return CHILD_GAVE_UP;

  circuit = g_atomic_int_get (&self->circuit);
  if (circuit == GST_SL_RESILIENT_CIRCUIT_OPEN) {
    now = get_now (self);
    if (now < self->open_until) {
      *reason = "circuit-open";
      return CHILD_DOWN;
    }
    set_circuit (self, GST_SL_RESILIENT_CIRCUIT_HALF_OPEN,
        failures_in_window (self, now));
    if (!restart_child (self, self->consecutive, self->s.circuit_timeout_ms)) {
      open_circuit (self, now, failures_in_window (self, now));
      *reason = "circuit-open";
      return CHILD_DOWN;
    }
    update_need_check (self);
    return CHILD_READY;
  }

  if (self->down) {
    now = get_now (self);
    if (now < self->down_until) {
      *reason = "restarting";
      return CHILD_DOWN;
    }
    if (!restart_child (self, self->consecutive, self->down_delay_ms)) {
      /* try again with the next frame, or after the next delay */
      after_failure (self, FALSE);
      *reason = "restarting";
      return CHILD_DOWN;
    }
    self->down = FALSE;
    update_need_check (self);
  }
  return CHILD_READY;
}

/* ------------------------------------------------------------------ */
/* policies */

static void
failure_clear (Failure * f)
{
  g_free (f->message);
  gst_message_replace (&f->msg, NULL);
}

static GstFlowReturn
push_default (GstSlResilient * self, const FrameHeader * hdr,
    const Failure * f)
{
  GstBuffer *buf;
  gsize size = hdr->size;
  guint samples = 0;

  /* downstream has no format yet: give it the input's */
  if (!gst_pad_has_current_caps (self->srcpad)) {
    gst_pad_sticky_events_foreach (self->sinkpad, push_sticky, self->srcpad);
    self->out_info = self->in_info;
    self->out_audio = self->in_audio;
  }
  if (self->in_audio && self->out_audio && GST_AUDIO_INFO_BPF (&self->in_info)) {
    samples = size / GST_AUDIO_INFO_BPF (&self->in_info);
    size = (gsize) samples *GST_AUDIO_INFO_BPF (&self->out_info);
  }

  buf = gst_buffer_new_allocate (NULL, size, NULL);
  gst_buffer_memset (buf, 0, 0, size);
  GST_BUFFER_PTS (buf) = hdr->pts;
  GST_BUFFER_DTS (buf) = hdr->dts;
  GST_BUFFER_DURATION (buf) = hdr->duration;
  GST_BUFFER_OFFSET (buf) = hdr->offset;
  GST_BUFFER_OFFSET_END (buf) = hdr->offset_end;
  if (self->out_audio
      && GST_AUDIO_INFO_LAYOUT (&self->out_info) ==
      GST_AUDIO_LAYOUT_NON_INTERLEAVED)
    gst_buffer_add_audio_meta (buf, &self->out_info, samples, NULL);
  if (hdr->has_seq)
    gst_sl_buffer_set_seq (buf, hdr->seq);
  gst_sl_buffer_set_metadata (buf, "default", "true");
  gst_sl_buffer_set_metadata (buf, "error-reason", f->reason);

  STAT_ADD (self, defaulted, 1);
  STAT_ADD (self, frames_out, 1);
  return gst_pad_push (self->srcpad, buf);
}

static void
push_dead_letter (GstSlResilient * self, GstBuffer * buf, const Failure * f,
    guint attempts)
{
  gchar code[16], att[16];

  g_snprintf (code, sizeof (code), "%d", f->code);
  g_snprintf (att, sizeof (att), "%u", attempts);
  buf = gst_buffer_make_writable (buf);
  gst_sl_buffer_set_metadata (buf, "error-domain",
      f->domain ? g_quark_to_string (f->domain) : "none");
  gst_sl_buffer_set_metadata (buf, "error-code", code);
  gst_sl_buffer_set_metadata (buf, "error-message",
      f->message ? f->message : "");
  gst_sl_buffer_set_metadata (buf, "error-reason", f->reason);
  gst_sl_buffer_set_metadata (buf, "error-attempts", att);

  STAT_ADD (self, dead_lettered, 1);
  /* an unlinked or refusing deadletter branch does not stop the stream */
  gst_pad_push (self->dlpad, buf);
}

/* Applies @policy (not retry) to a failed or rejected frame. @owned is the
 * frame when slresilient still holds it (NULL otherwise). */
static GstFlowReturn
apply_policy (GstSlResilient * self, GstSlResilientErrorPolicy policy,
    GstBuffer * owned, const FrameHeader * hdr, Failure * f, guint attempts)
{
  switch (policy) {
    case GST_SL_RESILIENT_ERROR_POLICY_USE_DEFAULT:
      if (owned)
        gst_buffer_unref (owned);
      return push_default (self, hdr, f);
    case GST_SL_RESILIENT_ERROR_POLICY_DEAD_LETTER:
      if (owned) {
        push_dead_letter (self, owned, f, attempts);
        return GST_FLOW_OK;
      }
      /* not reached: dead-letter always holds the frame */
      STAT_ADD (self, skipped, 1);
      return GST_FLOW_OK;
    case GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE:
      if (owned)
        gst_buffer_unref (owned);
      if (f->msg) {
        GST_BIN_CLASS (parent_class)->handle_message (GST_BIN (self),
            gst_message_ref (f->msg));
      } else {
        GST_ELEMENT_ERROR (self, STREAM, FAILED,
            (_("The wrapped element failed.")),
            ("%s: %s", f->reason, f->message ? f->message : ""));
      }
      return GST_FLOW_ERROR;
    case GST_SL_RESILIENT_ERROR_POLICY_SKIP_FRAME:
    case GST_SL_RESILIENT_ERROR_POLICY_RETRY:
    default:
      if (owned)
        gst_buffer_unref (owned);
      STAT_ADD (self, skipped, 1);
      return GST_FLOW_OK;
  }
}

static void
post_handled (GstSlResilient * self, GstSlResilientErrorPolicy policy,
    const FrameHeader * hdr, const Failure * f, guint attempts)
{
  GstStructure *s = gst_structure_new ("streamlab-error-handled",
      "policy", G_TYPE_STRING,
      enum_nick (GST_TYPE_SL_RESILIENT_ERROR_POLICY, policy),
      "reason", G_TYPE_STRING, f->reason,
      "attempts", G_TYPE_UINT, attempts,
      "error-domain", G_TYPE_STRING,
      f->domain ? g_quark_to_string (f->domain) : "none",
      "error-code", G_TYPE_INT, f->code,
      "error-message", G_TYPE_STRING, f->message ? f->message : "",
      "errors", G_TYPE_UINT64, STAT_GET (self, errors),
      "frames-in", G_TYPE_UINT64, STAT_GET (self, frames_in), NULL);

  if (hdr && hdr->has_seq)
    gst_structure_set (s, "seq", G_TYPE_UINT64, hdr->seq, NULL);
  post_structure (self, s);
}

/* ------------------------------------------------------------------ */
/* the timeout watchdog */

static gpointer
watchdog_func (gpointer data)
{
  GstSlResilient *self = data;

  g_mutex_lock (&self->lock);
  while (!self->wd_stop) {
    if (!self->wd_armed) {
      self->wd_idle = TRUE;
      g_cond_wait (&self->cond, &self->lock);
      self->wd_idle = FALSE;
      continue;
    }
    if (g_get_monotonic_time () < self->wd_deadline) {
      g_cond_wait_until (&self->cond, &self->lock, self->wd_deadline);
      continue;
    }
    /* the frame in flight is late: flush the child to release it; the
     * lock is held so that the streaming thread sees the whole flush */
    GST_INFO_OBJECT (self, "timeout: flushing the child");
    self->wd_armed = FALSE;
    self->wd_fired = TRUE;
    g_atomic_int_set (&self->internal_flush, 1);
    gst_pad_push_event (self->sink_internal, gst_event_new_flush_start ());
  }
  g_mutex_unlock (&self->lock);
  return NULL;
}

static void
watchdog_arm (GstSlResilient * self)
{
  g_mutex_lock (&self->lock);
  self->wd_deadline = g_get_monotonic_time () +
      (gint64) self->s.timeout_ms * G_TIME_SPAN_MILLISECOND;
  self->wd_armed = TRUE;
  self->wd_fired = FALSE;
  if (self->wd_idle)
    g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gboolean
watchdog_disarm (GstSlResilient * self)
{
  gboolean fired;

  g_mutex_lock (&self->lock);
  self->wd_armed = FALSE;
  fired = self->wd_fired;
  self->wd_fired = FALSE;
  g_mutex_unlock (&self->lock);
  return fired;
}

static void
watchdog_start (GstSlResilient * self)
{
  self->wd_stop = FALSE;
  self->wd_armed = FALSE;
  self->wd_fired = FALSE;
  self->wd_idle = FALSE;
  self->wd_thread = g_thread_new ("slresilient-watchdog", watchdog_func, self);
}

static void
watchdog_stop (GstSlResilient * self)
{
  if (self->wd_thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->wd_stop = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->wd_thread);
  self->wd_thread = NULL;
}

/* ------------------------------------------------------------------ */
/* streaming */

/* Pushes @buf into the child once. Returns TRUE if the child failed on it,
 * with @f filled. @buf is consumed unless slresilient holds frames. */
static gboolean
push_once (GstSlResilient * self, GstBuffer * buf, GstFlowReturn * ret,
    Failure * f)
{
  gboolean timed_out = FALSE;

  self->frame_outputs = 0;
  self->downstream_ret = GST_FLOW_OK;
  g_atomic_int_set (&self->in_push, 1);
  if (self->s.timeout_ms > 0)
    watchdog_arm (self);
  *ret = gst_pad_push (self->sink_internal,
      self->hold ? gst_buffer_ref (buf) : buf);
  if (self->s.timeout_ms > 0)
    timed_out = watchdog_disarm (self);
  g_atomic_int_set (&self->in_push, 0);

  if (G_UNLIKELY (timed_out)) {
    recover_from_flush (self);
    f->reason = "timeout";
    f->domain = GST_STREAM_ERROR;
    f->code = GST_STREAM_ERROR_FAILED;
    f->message = g_strdup_printf ("no output within %u ms",
        self->s.timeout_ms);
    clear_error (self);
    return TRUE;
  }
  if (G_UNLIKELY (g_atomic_int_get (&self->child_error))) {
    GST_OBJECT_LOCK (self);
    f->reason = "error-message";
    f->domain = self->err_domain;
    f->code = self->err_code;
    f->message = g_strdup (self->err_message);
    f->msg = self->err_msg ? gst_message_ref (self->err_msg) : NULL;
    GST_OBJECT_UNLOCK (self);
    clear_error (self);
    return TRUE;
  }
  if (G_UNLIKELY ((*ret == GST_FLOW_ERROR || *ret < GST_FLOW_NOT_SUPPORTED)
          && *ret != self->downstream_ret)) {
    f->reason = "flow-error";
    f->domain = g_quark_from_static_string ("gst-flow");
    f->code = *ret;
    f->message = g_strdup (gst_flow_get_name (*ret));
    return TRUE;
  }
  return FALSE;
}

static GstFlowReturn
process (GstSlResilient * self, GstBuffer * buf, FrameHeader * hdr)
{
  GstSlResilientErrorPolicy policy = self->s.policy;
  GstFlowReturn ret;
  Failure f = { NULL, };
  guint attempts = 0;
  gboolean circuit_noted = FALSE;

  for (;;) {
    attempts++;
    if (!push_once (self, buf, &ret, &f)) {
      /* passed */
      if (G_UNLIKELY (self->consecutive)) {
        self->consecutive = 0;
      }
      if (G_UNLIKELY (g_atomic_int_get (&self->circuit) ==
              GST_SL_RESILIENT_CIRCUIT_HALF_OPEN)) {
        set_circuit (self, GST_SL_RESILIENT_CIRCUIT_CLOSED, 0);
        self->fail_len = self->fail_pos = 0;
        update_need_check (self);
      }
      if (G_UNLIKELY (self->frame_outputs == 0 && ret == GST_FLOW_OK))
        STAT_ADD (self, absorbed, 1);
      if (self->hold)
        gst_buffer_unref (buf);
      return ret;
    }

    STAT_ADD (self, errors, 1);
    GST_DEBUG_OBJECT (self, "child failed (%s, attempt %u): %s", f.reason,
        attempts, f.message);

    if (policy == GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE) {
      /* the child's ERROR message went on to the bus already */
      post_handled (self, policy, hdr, &f, attempts);
      if (f.msg == NULL && strcmp (f.reason, "timeout") == 0) {
        GST_ELEMENT_ERROR (self, STREAM, FAILED,
            (_("The wrapped element produced no output in time.")),
            ("timeout-ms=%u", self->s.timeout_ms));
        ret = GST_FLOW_ERROR;
      }
      failure_clear (&f);
      self->consecutive++;
      return ret;
    }

    if (policy != GST_SL_RESILIENT_ERROR_POLICY_RETRY
        || attempts > self->s.max_retries)
      break;

    if (self->s.restart == GST_SL_RESILIENT_RESTART_CIRCUIT_BREAKER) {
      circuit_noted = TRUE;
      if (circuit_note_failure (self, get_now (self)))
        break;
    }
    STAT_ADD (self, retries, 1);
    if (self->s.retry_delay_ms > 0 && !wait_ms (self, self->s.retry_delay_ms)) {
      failure_clear (&f);
      gst_buffer_unref (buf);
      return GST_FLOW_FLUSHING;
    }
    if (self->s.restart != GST_SL_RESILIENT_RESTART_NEVER)
      restart_child (self, attempts, self->s.retry_delay_ms);
    failure_clear (&f);
    memset (&f, 0, sizeof (f));
    circuit_noted = FALSE;
  }

  if (policy == GST_SL_RESILIENT_ERROR_POLICY_RETRY) {
    policy = self->s.fallback;
    attempts = MIN (attempts, self->s.max_retries + 1);
  }
  if (self->hold && !hdr->has_seq)
    hdr->has_seq = gst_sl_buffer_get_seq (buf, &hdr->seq);
  post_handled (self, policy, hdr, &f, attempts);
  ret = apply_policy (self, policy, self->hold ? buf : NULL, hdr, &f,
      attempts);
  failure_clear (&f);
  if (!after_failure (self, circuit_noted))
    return GST_FLOW_ERROR;
  return ret;
}

static GstFlowReturn
sink_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
{
  GstSlResilient *self = GST_SL_RESILIENT (parent);
  FrameHeader hdr;

  STAT_ADD (self, frames_in, 1);

  hdr.pts = GST_BUFFER_PTS (buf);
  hdr.dts = GST_BUFFER_DTS (buf);
  hdr.duration = GST_BUFFER_DURATION (buf);
  hdr.offset = GST_BUFFER_OFFSET (buf);
  hdr.offset_end = GST_BUFFER_OFFSET_END (buf);
  hdr.size = gst_buffer_get_size (buf);
  hdr.has_seq = self->need_seq && gst_sl_buffer_get_seq (buf, &hdr.seq);

  if (G_UNLIKELY (g_atomic_int_get (&self->async_error))) {
    /* the child failed between frames */
    Failure f = { "error-message", 0, };

    g_atomic_int_set (&self->async_error, 0);
    GST_OBJECT_LOCK (self);
    f.domain = self->err_domain;
    f.code = self->err_code;
    f.message = g_strdup (self->err_message);
    GST_OBJECT_UNLOCK (self);
    clear_error (self);
    STAT_ADD (self, errors, 1);
    post_handled (self, self->s.policy, NULL, &f, 0);
    failure_clear (&f);
    after_failure (self, FALSE);
  }

  if (G_UNLIKELY (self->need_check)) {
    const gchar *reason = NULL;

    switch (check_child (self, &reason)) {
      case CHILD_READY:
        break;
      case CHILD_DOWN:{
        GstSlResilientErrorPolicy policy = self->s.policy;
        Failure f = { reason, 0, };

        if (policy == GST_SL_RESILIENT_ERROR_POLICY_RETRY)
          policy = self->s.fallback;
        STAT_ADD (self, rejected, 1);
        if (!hdr.has_seq)
          hdr.has_seq = gst_sl_buffer_get_seq (buf, &hdr.seq);
        return apply_policy (self, policy, buf, &hdr, &f, 0);
      }
      case CHILD_GAVE_UP:
        gst_buffer_unref (buf);
        return GST_FLOW_ERROR;
    }
  }

  return process (self, buf, &hdr);
}

static gboolean
sink_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstSlResilient *self = GST_SL_RESILIENT (parent);
  gboolean res;

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_FLUSH_START:
      g_mutex_lock (&self->lock);
      self->flushing = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
      gst_pad_push_event (self->dlpad, gst_event_ref (event));
      break;
    case GST_EVENT_FLUSH_STOP:
      g_mutex_lock (&self->lock);
      self->flushing = FALSE;
      g_mutex_unlock (&self->lock);
      gst_pad_push_event (self->dlpad, gst_event_ref (event));
      break;
    case GST_EVENT_STREAM_START:{
      const gchar *id;
      gchar *dl_id;
      GstEvent *dl;
      guint group;

      gst_event_parse_stream_start (event, &id);
      dl_id = g_strdup_printf ("%s/deadletter", id ? id : "slresilient");
      dl = gst_event_new_stream_start (dl_id);
      if (gst_event_parse_group_id (event, &group))
        gst_event_set_group_id (dl, group);
      gst_pad_push_event (self->dlpad, dl);
      g_free (dl_id);
      break;
    }
    case GST_EVENT_CAPS:{
      GstCaps *caps;

      gst_event_parse_caps (event, &caps);
      self->in_audio = gst_audio_info_from_caps (&self->in_info, caps);
      gst_pad_push_event (self->dlpad, gst_event_ref (event));
      break;
    }
    case GST_EVENT_SEGMENT:{
      const GstSegment *seg;

      /* the deadletter branch may never see a frame: a gap lets its sink
       * preroll */
      gst_event_parse_segment (event, &seg);
      gst_pad_push_event (self->dlpad, gst_event_ref (event));
      if (seg->format == GST_FORMAT_TIME)
        gst_pad_push_event (self->dlpad, gst_event_new_gap (seg->start,
                GST_CLOCK_TIME_NONE));
      break;
    }
    case GST_EVENT_EOS:
      g_atomic_int_set (&self->eos_out, 0);
      res = gst_pad_push_event (self->sink_internal, event);
      /* a failed child may swallow EOS: the stream still ends */
      if (!g_atomic_int_get (&self->eos_out))
        res = gst_pad_push_event (self->srcpad, gst_event_new_eos ());
      gst_pad_push_event (self->dlpad, gst_event_new_eos ());
      return res;
    default:
      break;
  }
  return gst_pad_push_event (self->sink_internal, event);
}

static GstFlowReturn
out_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
{
  GstSlResilient *self = gst_pad_get_element_private (pad);
  GstFlowReturn ret;

  self->frame_outputs++;
  STAT_ADD (self, frames_out, 1);
  ret = gst_pad_push (self->srcpad, buf);
  if (G_UNLIKELY (ret != GST_FLOW_OK))
    self->downstream_ret = ret;
  return ret;
}

static gboolean
out_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstSlResilient *self = gst_pad_get_element_private (pad);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_FLUSH_START:
    case GST_EVENT_FLUSH_STOP:
      /* flushes slresilient sends into the child stay inside */
      if (g_atomic_int_get (&self->internal_flush)) {
        gst_event_unref (event);
        return TRUE;
      }
      break;
    case GST_EVENT_CAPS:{
      GstCaps *caps;

      gst_event_parse_caps (event, &caps);
      self->out_audio = gst_audio_info_from_caps (&self->out_info, caps);
      break;
    }
    case GST_EVENT_EOS:
      g_atomic_int_set (&self->eos_out, 1);
      break;
    default:
      break;
  }
  return gst_pad_push_event (self->srcpad, event);
}

/* ------------------------------------------------------------------ */
/* bus and states */

static void
gst_sl_resilient_handle_message (GstBin * bin, GstMessage * message)
{
  GstSlResilient *self = GST_SL_RESILIENT (bin);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR
      && g_atomic_int_get (&self->streaming)) {
    GError *err = NULL;
    gchar *dbg = NULL;
    gboolean propagate = self->s.policy ==
        GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE;

    gst_message_parse_error (message, &err, &dbg);
    GST_INFO_OBJECT (self, "child error from %s: %s (%s)",
        GST_MESSAGE_SRC_NAME (message), err->message, GST_STR_NULL (dbg));
    GST_OBJECT_LOCK (self);
    if (!self->have_error) {
      self->have_error = TRUE;
      self->err_domain = err->domain;
      self->err_code = err->code;
      g_free (self->err_message);
      self->err_message = g_strdup (err->message);
      gst_message_replace (&self->err_msg, message);
    }
    GST_OBJECT_UNLOCK (self);
    g_clear_error (&err);
    g_free (dbg);

    if (g_atomic_int_get (&self->restarting)) {
      /* a failed restart shows in the state change's result */
    } else if (g_atomic_int_get (&self->in_push)) {
      g_atomic_int_set (&self->child_error, 1);
    } else {
      g_atomic_int_set (&self->async_error, 1);
    }

    if (propagate)
      GST_BIN_CLASS (parent_class)->handle_message (bin, message);
    else
      gst_message_unref (message);
    return;
  }
  GST_BIN_CLASS (parent_class)->handle_message (bin, message);
}

static void
reset_streaming_state (GstSlResilient * self)
{
  Settings *s = &self->s;

  GST_OBJECT_LOCK (self);
  self->s = self->props;
  GST_OBJECT_UNLOCK (self);

  self->hold = s->policy == GST_SL_RESILIENT_ERROR_POLICY_DEAD_LETTER ||
      s->policy == GST_SL_RESILIENT_ERROR_POLICY_RETRY;
  self->need_seq = s->policy == GST_SL_RESILIENT_ERROR_POLICY_USE_DEFAULT ||
      (s->policy == GST_SL_RESILIENT_ERROR_POLICY_RETRY &&
      s->fallback == GST_SL_RESILIENT_ERROR_POLICY_USE_DEFAULT);
  self->frames_in = self->frames_out = self->skipped = self->defaulted = 0;
  self->dead_lettered = self->rejected = self->absorbed = self->errors = 0;
  self->retries = self->restarts = 0;
  g_atomic_int_set (&self->circuit, GST_SL_RESILIENT_CIRCUIT_CLOSED);
  self->gave_up = self->down = FALSE;
  self->consecutive = 0;
  g_free (self->fail_times);
  self->fail_times = g_new0 (GstClockTime, s->threshold);
  self->fail_len = self->fail_pos = 0;
  self->in_audio = self->out_audio = FALSE;
  g_atomic_int_set (&self->async_error, 0);
  g_atomic_int_set (&self->internal_flush, 0);
  self->flushing = FALSE;
  clear_error (self);
  update_need_check (self);
}

static GstStateChangeReturn
gst_sl_resilient_change_state (GstElement * element, GstStateChange transition)
{
  GstSlResilient *self = GST_SL_RESILIENT (element);
  GstStateChangeReturn ret;

  switch (transition) {
    case GST_STATE_CHANGE_NULL_TO_READY:
      if (!check_settings (self) || !resolve_chain (self))
        return GST_STATE_CHANGE_FAILURE;
      break;
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      reset_streaming_state (self);
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      g_atomic_int_set (&self->streaming, 0);
      watchdog_stop (self);
      g_mutex_lock (&self->lock);
      self->flushing = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (ret == GST_STATE_CHANGE_FAILURE)
    return ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    if (self->s.timeout_ms > 0)
      watchdog_start (self);
    g_atomic_int_set (&self->streaming, 1);
  }
  return ret;
}
