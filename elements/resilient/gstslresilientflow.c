/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slresilient, the frames: each frame is pushed into the child
 * synchronously, so a failure is known with the frame that caused it; the
 * error policy then decides the frame's fate and the restart strategy the
 * child's. See gstslresilient.c for the element and its documentation. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstslresilientprivate.h"
#include "gstslelement.h"
#include "gstslmeta.h"

#define GST_CAT_DEFAULT sl_resilient_debug

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
      gst_sl_resilient_enum_nick (GST_TYPE_SL_RESILIENT_CIRCUIT_STATE, state));
  post_structure (self, gst_structure_new ("streamlab-circuit",
          "state", G_TYPE_STRING,
          gst_sl_resilient_enum_nick (GST_TYPE_SL_RESILIENT_CIRCUIT_STATE, state),
          "failures", G_TYPE_UINT, failures,
          "errors", G_TYPE_UINT64, STAT_GET (self, errors), NULL));
}

void
gst_sl_resilient_update_need_check (GstSlResilient * self)
{
  self->need_check = self->gave_up || self->down ||
      g_atomic_int_get (&self->circuit) != GST_SL_RESILIENT_CIRCUIT_CLOSED;
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
  gst_sl_resilient_clear_error (self);

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
  gst_sl_resilient_update_need_check (self);
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
  gst_sl_resilient_update_need_check (self);
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
    gst_sl_resilient_update_need_check (self);
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
    gst_sl_resilient_update_need_check (self);
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
        gst_sl_resilient_forward_message (self, gst_message_ref (f->msg));
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
      gst_sl_resilient_enum_nick (GST_TYPE_SL_RESILIENT_ERROR_POLICY, policy),
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

void
gst_sl_resilient_watchdog_start (GstSlResilient * self)
{
  self->wd_stop = FALSE;
  self->wd_armed = FALSE;
  self->wd_fired = FALSE;
  self->wd_idle = FALSE;
  self->wd_thread = g_thread_new ("slresilient-watchdog", watchdog_func, self);
}

void
gst_sl_resilient_watchdog_stop (GstSlResilient * self)
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
    gst_sl_resilient_clear_error (self);
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
    gst_sl_resilient_clear_error (self);
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
        gst_sl_resilient_update_need_check (self);
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

GstFlowReturn
gst_sl_resilient_sink_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
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
    gst_sl_resilient_clear_error (self);
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

gboolean
gst_sl_resilient_sink_event (GstPad * pad, GstObject * parent, GstEvent * event)
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

GstFlowReturn
gst_sl_resilient_out_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
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

gboolean
gst_sl_resilient_out_event (GstPad * pad, GstObject * parent, GstEvent * event)
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

