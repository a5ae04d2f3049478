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
 * child's. See gstslresilient.c for the element and its documentation, and
 * gstslresilientprivate.h for who owns which state. Nothing here calls into
 * gstslresilient.c. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstslresilientprivate.h"
#include "gstslelement.h"
#include "gstslmeta.h"

#define GST_CAT_DEFAULT sl_resilient_debug

typedef struct
{
  const gchar *reason;
  GQuark domain;
  gint code;
  gchar *message;
  GstMessage *msg; /* the child's ERROR message, if any */
} Failure;

typedef enum
{
  PUSH_PASSED,  /* not the frame's failure */
  PUSH_FAILED,  /* the child failed on the frame */
  PUSH_FLUSHED, /* flushed before it came out */
  PUSH_REFUSED, /* a flow return that stops the stream */
} PushResult;

/* ------------------------------------------------------------------ */
/* the child's errors */

static gboolean
is_configuration_error (GstMessage *msg)
{
  GError *err = NULL;
  gboolean res;

  gst_message_parse_error (msg, &err, NULL);
  res = (err->domain == GST_CORE_ERROR &&
            (err->code == GST_CORE_ERROR_NEGOTIATION ||
                err->code == GST_CORE_ERROR_CAPS)) ||
      (err->domain == GST_LIBRARY_ERROR &&
          err->code == GST_LIBRARY_ERROR_SETTINGS) ||
      sl_error_is_bad_setting (err);
  g_error_free (err);
  return res;
}

/* The bin's message handler calls this for each ERROR a child posts, from
 * whatever thread posted it. Returns TRUE if the message goes on to the
 * bus now. */
gboolean
gst_sl_resilient_flow_child_error (GstSlResilient *self, GstMessage *message)
{
  Mailbox *mb = &self->mailbox;
  gboolean forward;

  if (!g_atomic_int_get (&mb->streaming))
    return TRUE;

  GST_INFO_OBJECT (self, "child error from %s: %" GST_PTR_FORMAT,
      GST_MESSAGE_SRC_NAME (message), message);
  /* a child that cannot take the stream's format is not failing frames:
   * its error is the user's answer */
  if (g_atomic_int_get (&mb->negotiating)) {
    if (is_configuration_error (message))
      g_atomic_int_set (&mb->config_refused, 1);
    return TRUE;
  }
  /* a failed restart shows in the state change's result */
  if (g_atomic_int_get (&mb->restarting))
    return mb->propagate;

  forward = mb->propagate;
  g_mutex_lock (&mb->lock);
  if (g_atomic_int_get (&mb->in_push)) {
    if (mb->push_error == NULL) {
      mb->push_error = gst_message_ref (message);
      /* the frame in flight already came out: not its failure */
      mb->push_error_after_output =
          (guint) g_atomic_int_get (&self->outputs) != mb->out_mark;
      g_atomic_int_set (&mb->have_push_error, 1);
    }
  } else if (mb->async_error == NULL) {
    mb->async_error = gst_message_ref (message);
    g_atomic_int_set (&mb->have_async_error, 1);
  }
  g_mutex_unlock (&mb->lock);
  return forward;
}

static GstMessage *
take_push_error (Mailbox *mb, gboolean *after_output)
{
  GstMessage *msg;

  g_mutex_lock (&mb->lock);
  msg = mb->push_error;
  mb->push_error = NULL;
  *after_output = mb->push_error_after_output;
  g_atomic_int_set (&mb->have_push_error, 0);
  g_mutex_unlock (&mb->lock);
  return msg;
}

static GstMessage *
take_async_error (Mailbox *mb)
{
  GstMessage *msg;

  g_mutex_lock (&mb->lock);
  msg = mb->async_error;
  mb->async_error = NULL;
  g_atomic_int_set (&mb->have_async_error, 0);
  g_mutex_unlock (&mb->lock);
  return msg;
}

static void
failure_from_message (Failure *f, GstMessage *msg)
{
  GError *err = NULL;

  gst_message_parse_error (msg, &err, NULL);
  f->reason = "error-message";
  f->domain = err->domain;
  f->code = err->code;
  f->message = g_strdup (err->message);
  f->msg = msg;
  g_error_free (err);
}

static void
failure_clear (Failure *f)
{
  g_free (f->message);
  gst_message_replace (&f->msg, NULL);
  memset (f, 0, sizeof (*f));
}

/* ------------------------------------------------------------------ */
/* restarts */


/* ------------------------------------------------------------------ */
/* policies */

/* Downstream has no format yet: give it the input's. */
static void
ensure_src_format (GstSlResilient *self)
{
  Flow *fl = &self->flow;

  if (!gst_pad_has_current_caps (self->srcpad)) {
    gst_pad_sticky_events_foreach (self->sinkpad, gst_sl_resilient_push_sticky,
        self->srcpad);
    fl->out_info = fl->in_info;
    fl->out_audio = fl->in_audio;
  }
}

/* A frame that does not come out on src leaves a gap there, so that the
 * sink on src prerolls and knows the time went on even when no frame ever
 * comes out. */
static void
push_gap (GstSlResilient *self, const FrameHeader *hdr)
{
  if (!self->flow.time_segment || !GST_CLOCK_TIME_IS_VALID (hdr->pts))
    return;
  ensure_src_format (self);
  gst_pad_push_event (self->srcpad,
      gst_event_new_gap (hdr->pts, hdr->duration));
}

static GstFlowReturn
push_default (GstSlResilient *self, const FrameHeader *hdr, const Failure *f)
{
  Flow *fl = &self->flow;
  GstBuffer *buf;
  gsize size = hdr->size;
  guint samples = 0;

  ensure_src_format (self);
  if (fl->in_audio && fl->out_audio && GST_AUDIO_INFO_BPF (&fl->in_info)) {
    samples = size / GST_AUDIO_INFO_BPF (&fl->in_info);
    size = (gsize) samples * GST_AUDIO_INFO_BPF (&fl->out_info);
  }

  buf = gst_buffer_new_allocate (NULL, size, NULL);
  gst_buffer_memset (buf, 0, 0, size);
  GST_BUFFER_PTS (buf) = hdr->pts;
  GST_BUFFER_DTS (buf) = hdr->dts;
  GST_BUFFER_DURATION (buf) = hdr->duration;
  GST_BUFFER_OFFSET (buf) = hdr->offset;
  GST_BUFFER_OFFSET_END (buf) = hdr->offset_end;
  if (fl->out_audio &&
      GST_AUDIO_INFO_LAYOUT (&fl->out_info) == GST_AUDIO_LAYOUT_NON_INTERLEAVED)
    gst_buffer_add_audio_meta (buf, &fl->out_info, samples, NULL);
  if (hdr->has_seq)
    gst_sl_buffer_set_seq (buf, hdr->seq);
  gst_sl_buffer_set_metadata (buf, "default", "true");
  gst_sl_buffer_set_metadata (buf, "error-reason", f->reason);
  return gst_pad_push (self->srcpad, buf);
}

/* A frame counted as sent (before the message about it went out) met a
 * flushing pad: it counts as flushed instead. Unsigned arithmetic: the
 * committed counter goes back by one at the next commit. */
static void
recount_flushed (GstSlResilient *self, guint64 *counter)
{
  (*counter)--;
  self->flow.pend.flushed++;
}

static void
push_dead_letter (GstSlResilient *self, GstBuffer *buf, const Failure *f,
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
  /* an unlinked or refusing deadletter branch does not stop the stream */
  if (gst_pad_push (self->dlpad, buf) == GST_FLOW_FLUSHING)
    recount_flushed (self, &self->flow.pend.dead_lettered);
}

static void
post_handled (GstSlResilient *self, GstSlResilientErrorPolicy policy,
    const FrameHeader *hdr, const Failure *f, guint attempts)
{
  GstStructure *s = gst_structure_new (SL_RESILIENT_MESSAGE_ERROR_HANDLED,
      "policy", G_TYPE_STRING,
      gst_sl_resilient_enum_nick (GST_TYPE_SL_RESILIENT_ERROR_POLICY, policy),
      "reason", G_TYPE_STRING, f->reason, "attempts", G_TYPE_UINT, attempts,
      "error-domain", G_TYPE_STRING,
      f->domain ? g_quark_to_string (f->domain) : "none", "error-code",
      G_TYPE_INT, f->code, "error-message", G_TYPE_STRING,
      f->message ? f->message : "", "errors", G_TYPE_UINT64, self->stats.errors,
      "frames-in", G_TYPE_UINT64, self->stats.in, NULL);

  if (hdr && hdr->has_seq)
    gst_structure_set (s, "seq", G_TYPE_UINT64, hdr->seq, NULL);
  gst_sl_resilient_post (self, s);
}

/* Applies @policy (not retry) to a failed or rejected frame: counts its
 * fate, commits the counters, posts streamlab-error-handled when @handled,
 * then sends the frame where it goes. @owned is the frame when slresilient
 * still holds it (NULL otherwise). */
static GstFlowReturn
apply_policy (GstSlResilient *self, GstSlResilientErrorPolicy policy,
    GstBuffer *owned, const FrameHeader *hdr, Failure *f, guint attempts,
    gboolean handled)
{
  Stats *p = &self->flow.pend;

  if (policy == GST_SL_RESILIENT_ERROR_POLICY_DEAD_LETTER && !owned)
    policy = GST_SL_RESILIENT_ERROR_POLICY_SKIP_FRAME; /* not reached */
  switch (policy) {
    case GST_SL_RESILIENT_ERROR_POLICY_USE_DEFAULT:
      p->defaulted++;
      p->out++;
      break;
    case GST_SL_RESILIENT_ERROR_POLICY_DEAD_LETTER:
      p->dead_lettered++;
      break;
    case GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE:
      p->failed++;
      break;
    default:
      p->skipped++;
      break;
  }
  gst_sl_resilient_stats_commit (self);
  if (handled)
    post_handled (self, policy, hdr, f, attempts);

  switch (policy) {
    case GST_SL_RESILIENT_ERROR_POLICY_USE_DEFAULT: {
      GstFlowReturn ret;

      if (owned)
        gst_buffer_unref (owned);
      ret = push_default (self, hdr, f);
      if (ret == GST_FLOW_FLUSHING)
        recount_flushed (self, &self->flow.pend.out);
      return ret;
    }
    case GST_SL_RESILIENT_ERROR_POLICY_DEAD_LETTER:
      push_dead_letter (self, owned, f, attempts);
      push_gap (self, hdr);
      return GST_FLOW_OK;
    case GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE:
      if (owned)
        gst_buffer_unref (owned);
      if (f->msg) {
        gst_element_post_message (GST_ELEMENT (self), gst_message_ref (f->msg));
      } else {
        GST_ELEMENT_ERROR (self, STREAM, FAILED,
            (_ ("The wrapped element failed.")),
            ("%s: %s", f->reason, f->message ? f->message : ""));
      }
      return GST_FLOW_ERROR;
    default:
      if (owned)
        gst_buffer_unref (owned);
      push_gap (self, hdr);
      return GST_FLOW_OK;
  }
}

/* A failure of the child that is no frame's: an ERROR between frames, or
 * after the frame in flight came out. */
static gboolean
frameless_failure (GstSlResilient *self, GstMessage *msg, const gchar *reason,
    GstFlowReturn flow)
{
  Failure f = {
    NULL,
  };

  if (msg) {
    failure_from_message (&f, msg);
  } else {
    f.domain = g_quark_from_static_string ("gst-flow");
    f.code = flow;
    f.message = g_strdup (gst_flow_get_name (flow));
  }
  f.reason = reason;
  GST_DEBUG_OBJECT (self, "child failed without a frame (%s): %s", reason,
      f.message);
  self->flow.pend.errors++;
  gst_sl_resilient_stats_commit (self);
  post_handled (self, self->flow.s.policy, NULL, &f, 0);
  failure_clear (&f);
  return gst_sl_resilient_after_failure (self, FALSE);
}

/* ------------------------------------------------------------------ */
/* streaming */

/* Pushes @buf into the child once and tells what became of it. @buf is
 * consumed unless slresilient holds frames. On PUSH_FAILED @f is filled. */
static PushResult
push_once (GstSlResilient *self, GstBuffer *buf, GstFlowReturn *ret, Failure *f)
{
  Flow *fl = &self->flow;
  Mailbox *mb = &self->mailbox;
  SlWatchdogFired released = SL_WATCHDOG_NOT_FIRED;
  GstMessage *err = NULL;
  gboolean after_output = FALSE;
  guint before, n_out;

  if (G_UNLIKELY (g_atomic_int_get (&mb->have_push_error))) {
    /* posted as the previous push ended: no frame's failure */
    err = take_push_error (mb, &after_output);
    frameless_failure (self, err, "error-message", GST_FLOW_ERROR);
    err = NULL;
  }

  before = (guint) g_atomic_int_get (&self->outputs);
  mb->out_mark = before;
  g_atomic_int_set (&self->downstream_ret, GST_FLOW_OK);
  g_atomic_int_set (&mb->in_push, 1);
  if (self->watchdog)
    sl_watchdog_arm (self->watchdog, fl->s.timeout_ms);
  *ret =
      gst_pad_push (self->sink_internal, fl->hold ? gst_buffer_ref (buf) : buf);
  if (self->watchdog)
    released = sl_watchdog_disarm (self->watchdog);
  g_atomic_int_set (&mb->in_push, 0);
  n_out = (guint) g_atomic_int_get (&self->outputs) - before;
  if (G_UNLIKELY (g_atomic_int_get (&mb->have_push_error)))
    err = take_push_error (mb, &after_output);

  if (G_UNLIKELY (released) && !gst_sl_resilient_is_flushing (self))
    gst_sl_resilient_recover_from_flush (self);

  /* an upstream flush or a stop dropped the frame */
  if (G_UNLIKELY (n_out == 0 && *ret == GST_FLOW_FLUSHING &&
          gst_sl_resilient_is_flushing (self))) {
    gst_clear_message (&err);
    return PUSH_FLUSHED;
  }

  if (G_UNLIKELY (err)) {
    if (*ret == GST_FLOW_NOT_NEGOTIATED || is_configuration_error (err)) {
      /* a child that cannot take the stream fails no frame: the user
       * needs its error */
      GST_INFO_OBJECT (self, "the child cannot negotiate: %" GST_PTR_FORMAT,
          err);
      if (!mb->propagate)
        gst_element_post_message (GST_ELEMENT (self), err);
      else
        gst_message_unref (err);
      if (*ret >= GST_FLOW_OK)
        *ret = GST_FLOW_NOT_NEGOTIATED;
      return n_out ? PUSH_PASSED : PUSH_REFUSED;
    }
    if (n_out > 0 || after_output) {
      frameless_failure (self, err, "error-message", GST_FLOW_ERROR);
      if (*ret == GST_FLOW_ERROR || *ret < GST_FLOW_NOT_SUPPORTED)
        *ret = GST_FLOW_OK;
      return PUSH_PASSED;
    }
    failure_from_message (f, err);
    return PUSH_FAILED;
  }

  if (G_UNLIKELY (released)) {
    if (n_out > 0) {
      /* it came out as the watchdog fired */
      if (*ret == GST_FLOW_FLUSHING)
        *ret = GST_FLOW_OK;
      return PUSH_PASSED;
    }
    f->reason = released == SL_WATCHDOG_TIMEOUT ? "timeout" : "eos";
    f->domain = GST_STREAM_ERROR;
    f->code = GST_STREAM_ERROR_FAILED;
    f->message = released == SL_WATCHDOG_TIMEOUT
        ? g_strdup_printf ("no output within %u ms", fl->s.timeout_ms)
        : g_strdup ("released at EOS");
    return PUSH_FAILED;
  }

  if (G_UNLIKELY (*ret != GST_FLOW_OK)) {
    /* a child that refused the format (its error went to the bus at the
     * caps event) fails every frame: that is not a frame's failure */
    if (n_out == 0 && g_atomic_int_get (&mb->config_refused))
      return PUSH_REFUSED;
    if ((*ret == GST_FLOW_ERROR || *ret < GST_FLOW_NOT_SUPPORTED) &&
        *ret != g_atomic_int_get (&self->downstream_ret)) {
      if (n_out > 0) {
        frameless_failure (self, NULL, "flow-error", *ret);
        *ret = GST_FLOW_OK;
        return PUSH_PASSED;
      }
      f->reason = "flow-error";
      f->domain = g_quark_from_static_string ("gst-flow");
      f->code = *ret;
      f->message = g_strdup (gst_flow_get_name (*ret));
      return PUSH_FAILED;
    }
    if (n_out == 0)
      return *ret == GST_FLOW_FLUSHING ? PUSH_FLUSHED : PUSH_REFUSED;
  } else if (G_UNLIKELY (n_out == 0)) {
    /* a child that drops or merges frames took it */
    fl->pend.absorbed++;
  }
  return PUSH_PASSED;
}

static GstFlowReturn
process (GstSlResilient *self, GstBuffer *buf, FrameHeader *hdr)
{
  Flow *fl = &self->flow;
  GstSlResilientErrorPolicy policy = fl->s.policy;
  GstFlowReturn ret;
  Failure f = {
    NULL,
  };
  guint attempts = 0;
  gboolean circuit_noted = FALSE;

  for (;;) {
    attempts++;
    switch (push_once (self, buf, &ret, &f)) {
      case PUSH_PASSED:
        if (G_UNLIKELY (fl->consecutive))
          fl->consecutive = 0;
        if (G_UNLIKELY (fl->circuit == GST_SL_RESILIENT_CIRCUIT_HALF_OPEN)) {
          fl->fail_len = fl->fail_pos = 0;
          gst_sl_resilient_set_circuit (self, GST_SL_RESILIENT_CIRCUIT_CLOSED,
              0);
        }
        if (fl->hold)
          gst_buffer_unref (buf);
        return ret;
      case PUSH_FLUSHED:
        goto flushed;
      case PUSH_REFUSED:
        fl->pend.failed++;
        if (fl->hold)
          gst_buffer_unref (buf);
        return ret;
      case PUSH_FAILED:
        break;
    }

    fl->pend.errors++;
    GST_DEBUG_OBJECT (self, "child failed (%s, attempt %u): %s", f.reason,
        attempts, f.message);

    if (policy == GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE) {
      /* the child's ERROR message went on to the bus already */
      fl->pend.failed++;
      gst_sl_resilient_stats_commit (self);
      post_handled (self, policy, hdr, &f, attempts);
      if (f.msg == NULL && strcmp (f.reason, "flow-error") != 0) {
        GST_ELEMENT_ERROR (self, STREAM, FAILED,
            (_ ("The wrapped element produced no output in time.")),
            ("%s, timeout-ms=%u", f.reason, fl->s.timeout_ms));
      }
      failure_clear (&f);
      fl->consecutive++;
      if (fl->hold)
        gst_buffer_unref (buf);
      return ret < GST_FLOW_OK ? ret : GST_FLOW_ERROR;
    }

    if (policy != GST_SL_RESILIENT_ERROR_POLICY_RETRY ||
        attempts > fl->s.max_retries)
      break;

    if (fl->s.restart == GST_SL_RESILIENT_RESTART_CIRCUIT_BREAKER) {
      circuit_noted = TRUE;
      if (gst_sl_resilient_circuit_note_failure (self,
              gst_sl_resilient_now (self)))
        break;
    }
    fl->pend.retries++;
    if (fl->s.retry_delay_ms > 0) {
      WaitResult w;

      gst_sl_resilient_stats_commit (self);
      w = gst_sl_resilient_wait_ms (self, fl->s.retry_delay_ms);
      if (w == WAIT_FLUSHING)
        goto flushed;
      if (w == WAIT_EOS)
        break; /* the stream ends: no more retries */
    }
    if (fl->s.restart != GST_SL_RESILIENT_RESTART_NEVER)
      gst_sl_resilient_restart_child (self, attempts, fl->s.retry_delay_ms);
    if (gst_sl_resilient_is_flushing (self))
      goto flushed;
    failure_clear (&f);
    circuit_noted = FALSE;
  }

  if (policy == GST_SL_RESILIENT_ERROR_POLICY_RETRY) {
    policy = fl->s.fallback;
    attempts = MIN (attempts, fl->s.max_retries + 1);
  }
  if (fl->hold && !hdr->has_seq)
    hdr->has_seq = gst_sl_buffer_get_seq (buf, &hdr->seq);
  ret = apply_policy (self, policy, fl->hold ? buf : NULL, hdr, &f, attempts,
      TRUE);
  failure_clear (&f);
  if (!gst_sl_resilient_after_failure (self, circuit_noted))
    return GST_FLOW_ERROR;
  return ret;

flushed:
  fl->pend.flushed++;
  failure_clear (&f);
  if (fl->hold)
    gst_buffer_unref (buf);
  return GST_FLOW_FLUSHING;
}

static void
handle_async_error (GstSlResilient *self)
{
  GstMessage *msg = take_async_error (&self->mailbox);

  if (msg)
    frameless_failure (self, msg, "error-message", GST_FLOW_ERROR);
}

GstFlowReturn
gst_sl_resilient_sink_chain (GstPad *pad, GstObject *parent, GstBuffer *buf)
{
  GstSlResilient *self = (GstSlResilient *) parent;
  Flow *fl = &self->flow;
  FrameHeader hdr;
  GstFlowReturn ret;

  fl->pend.in++;
  if (G_UNLIKELY (fl->layout_error)) {
    fl->pend.failed++;
    gst_sl_resilient_stats_commit (self);
    gst_buffer_unref (buf);
    return GST_FLOW_ERROR;
  }

  hdr.pts = GST_BUFFER_PTS (buf);
  hdr.dts = GST_BUFFER_DTS (buf);
  hdr.duration = GST_BUFFER_DURATION (buf);
  hdr.offset = GST_BUFFER_OFFSET (buf);
  hdr.offset_end = GST_BUFFER_OFFSET_END (buf);
  hdr.size = gst_buffer_get_size (buf);
  hdr.has_seq = fl->need_seq && gst_sl_buffer_get_seq (buf, &hdr.seq);

  if (G_UNLIKELY (g_atomic_int_get (&self->mailbox.have_async_error)))
    handle_async_error (self);

  if (G_UNLIKELY (fl->need_check)) {
    const gchar *reason = NULL;

    switch (gst_sl_resilient_check_child (self, &reason)) {
      case CHILD_READY:
        break;
      case CHILD_DOWN: {
        GstSlResilientErrorPolicy policy = fl->s.policy;
        Failure f = {
          reason,
          0,
        };

        if (policy == GST_SL_RESILIENT_ERROR_POLICY_RETRY)
          policy = fl->s.fallback;
        fl->pend.rejected++;
        if (!hdr.has_seq)
          hdr.has_seq = gst_sl_buffer_get_seq (buf, &hdr.seq);
        ret = apply_policy (self, policy, buf, &hdr, &f, 0, FALSE);
        gst_sl_resilient_stats_commit (self);
        return ret;
      }
      case CHILD_GAVE_UP:
        fl->pend.failed++;
        gst_sl_resilient_stats_commit (self);
        gst_buffer_unref (buf);
        return GST_FLOW_ERROR;
    }
  }

  ret = process (self, buf, &hdr);
  gst_sl_resilient_stats_commit (self);
  return ret;
}

/* ------------------------------------------------------------------ */
/* events */

gboolean
gst_sl_resilient_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstSlResilient *self = (GstSlResilient *) parent;
  Flow *fl = &self->flow;
  gboolean res;

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_FLUSH_START:
      /* downstream first, directly: the child may be down for a restart
       * and could not pass it on; its own copy stays inside */
      gst_sl_resilient_waits_set (self, &self->waits.flushing, TRUE);
      gst_pad_push_event (self->srcpad, gst_event_ref (event));
      gst_pad_push_event (self->dlpad, gst_event_ref (event));
      gst_pad_push_event (self->sink_internal, event);
      return TRUE;
    case GST_EVENT_FLUSH_STOP:
      gst_pad_push_event (self->sink_internal, gst_event_ref (event));
      gst_pad_push_event (self->srcpad, gst_event_ref (event));
      gst_pad_push_event (self->dlpad, event);
      g_mutex_lock (&self->waits.lock);
      self->waits.flushing = FALSE;
      self->waits.eos = FALSE;
      g_mutex_unlock (&self->waits.lock);
      g_atomic_int_set (&self->eos_out, 0);
      return TRUE;
    case GST_EVENT_STREAM_START: {
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
    case GST_EVENT_CAPS: {
      GstCaps *caps;

      gst_event_parse_caps (event, &caps);
      fl->in_audio = gst_audio_info_from_caps (&fl->in_info, caps);
      gst_pad_push_event (self->dlpad, gst_event_ref (event));
      /* an error the child posts now is about the format, not a frame */
      g_atomic_int_set (&self->mailbox.config_refused, 0);
      g_atomic_int_set (&self->mailbox.negotiating, 1);
      res = gst_pad_push_event (self->sink_internal, event);
      g_atomic_int_set (&self->mailbox.negotiating, 0);
      return res;
    }
    case GST_EVENT_SEGMENT: {
      const GstSegment *seg;

      gst_event_parse_segment (event, &seg);
      fl->time_segment = seg->format == GST_FORMAT_TIME;
      if (!gst_sl_resilient_check_deadletter_layout (self)) {
        gst_event_unref (event);
        return FALSE;
      }
      /* the deadletter branch may never see a frame: a gap lets its sink
       * preroll */
      gst_pad_push_event (self->dlpad, gst_event_ref (event));
      if (fl->time_segment)
        gst_pad_push_event (self->dlpad,
            gst_event_new_gap (seg->start, GST_CLOCK_TIME_NONE));
      break;
    }
    case GST_EVENT_EOS: {
      guint32 seqnum = gst_event_get_seqnum (event);
      GstEvent *eos;

      gst_sl_resilient_waits_set (self, &self->waits.eos, TRUE);
      if (g_atomic_int_get (&self->mailbox.have_async_error))
        handle_async_error (self);
      gst_sl_resilient_stats_commit (self);
      /* deadletter first: its sink prerolls on EOS while src's may wait
       * for it (EOS right after a flushing seek, before any frame) */
      eos = gst_event_new_eos ();
      gst_event_set_seqnum (eos, seqnum);
      gst_pad_push_event (self->dlpad, eos);
      g_atomic_int_set (&self->eos_out, 0);
      res = gst_pad_push_event (self->sink_internal, event);
      /* a failed child may swallow EOS: the stream still ends */
      if (!g_atomic_int_get (&self->eos_out)) {
        gst_sl_resilient_stats_commit (self);
        eos = gst_event_new_eos ();
        gst_event_set_seqnum (eos, seqnum);
        res = gst_pad_push_event (self->srcpad, eos);
      }
      return res;
    }
    default:
      break;
  }
  return gst_pad_push_event (self->sink_internal, event);
}

GstFlowReturn
gst_sl_resilient_out_chain (GstPad *pad, GstObject *parent, GstBuffer *buf)
{
  GstSlResilient *self = gst_pad_get_element_private (pad);
  GstFlowReturn ret;

  g_atomic_int_inc (&self->outputs);
  ret = gst_pad_push (self->srcpad, buf);
  if (G_UNLIKELY (ret != GST_FLOW_OK)) {
    g_atomic_int_set (&self->downstream_ret, ret);
    if (ret == GST_FLOW_FLUSHING)
      g_atomic_int_inc (&self->refused);
  }
  return ret;
}

/* TRUE if @event (stream-start, caps, segment) says what @pad already
 * passed on: after a restart the child sends its sticky events again, and
 * downstream needs not see the restart. */
static gboolean
already_sent (GstPad *pad, GstEvent *event)
{
  GstEvent *cur = gst_pad_get_sticky_event (pad, GST_EVENT_TYPE (event), 0);
  gboolean same = FALSE;

  if (cur == NULL)
    return FALSE;
  if (cur == event) {
    same = TRUE;
  } else if (GST_EVENT_TYPE (event) == GST_EVENT_STREAM_START) {
    const gchar *a, *b;

    gst_event_parse_stream_start (cur, &a);
    gst_event_parse_stream_start (event, &b);
    same = g_strcmp0 (a, b) == 0;
  } else if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS) {
    GstCaps *a, *b;

    gst_event_parse_caps (cur, &a);
    gst_event_parse_caps (event, &b);
    same = gst_caps_is_equal (a, b);
  } else if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT) {
    const GstSegment *a, *b;

    gst_event_parse_segment (cur, &a);
    gst_event_parse_segment (event, &b);
    same = gst_segment_is_equal (a, b);
  }
  gst_event_unref (cur);
  return same;
}

gboolean
gst_sl_resilient_out_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstSlResilient *self = gst_pad_get_element_private (pad);
  Flow *fl = &self->flow;

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_FLUSH_START:
    case GST_EVENT_FLUSH_STOP:
      /* upstream flushes go downstream directly (sink_event); the
       * watchdog's stay inside */
      gst_event_unref (event);
      return TRUE;
    case GST_EVENT_STREAM_START:
    case GST_EVENT_SEGMENT:
      if (already_sent (self->srcpad, event)) {
        gst_event_unref (event);
        return TRUE;
      }
      break;
    case GST_EVENT_CAPS: {
      GstCaps *caps;

      if (already_sent (self->srcpad, event)) {
        gst_event_unref (event);
        return TRUE;
      }
      gst_event_parse_caps (event, &caps);
      fl->out_audio = gst_audio_info_from_caps (&fl->out_info, caps);
      break;
    }
    case GST_EVENT_EOS:
      g_atomic_int_set (&self->eos_out, 1);
      /* what the child drained at EOS is counted before EOS goes out */
      gst_sl_resilient_stats_commit (self);
      break;
    default:
      break;
  }
  return gst_pad_push_event (self->srcpad, event);
}

/* ------------------------------------------------------------------ */
/* life cycle, called by the element */

void
gst_sl_resilient_flow_init (GstSlResilient *self)
{
  g_mutex_init (&self->stats_lock);
  g_mutex_init (&self->mailbox.lock);
  g_mutex_init (&self->waits.lock);
  g_cond_init (&self->waits.cond);
}

void
gst_sl_resilient_flow_finalize (GstSlResilient *self)
{
  gst_clear_message (&self->mailbox.push_error);
  gst_clear_message (&self->mailbox.async_error);
  g_free (self->flow.fail_times);
  g_mutex_clear (&self->stats_lock);
  g_mutex_clear (&self->mailbox.lock);
  g_mutex_clear (&self->waits.lock);
  g_cond_clear (&self->waits.cond);
}

/* READY->PAUSED, before the pads are activated. */
void
gst_sl_resilient_flow_start (GstSlResilient *self)
{
  Flow *fl = &self->flow;
  Settings *s = &fl->s;
  Mailbox *mb = &self->mailbox;

  GST_OBJECT_LOCK (self);
  fl->s = self->props;
  GST_OBJECT_UNLOCK (self);

  fl->hold = s->policy == GST_SL_RESILIENT_ERROR_POLICY_DEAD_LETTER ||
      s->policy == GST_SL_RESILIENT_ERROR_POLICY_RETRY;
  fl->need_seq = s->policy == GST_SL_RESILIENT_ERROR_POLICY_USE_DEFAULT ||
      (s->policy == GST_SL_RESILIENT_ERROR_POLICY_RETRY &&
          s->fallback == GST_SL_RESILIENT_ERROR_POLICY_USE_DEFAULT);
  memset (&fl->pend, 0, sizeof (fl->pend));
  fl->circuit = GST_SL_RESILIENT_CIRCUIT_CLOSED;
  fl->gave_up = fl->down = FALSE;
  fl->consecutive = 0;
  g_free (fl->fail_times);
  fl->fail_times = g_new0 (GstClockTime, s->threshold);
  fl->fail_len = fl->fail_pos = 0;
  fl->in_audio = fl->out_audio = FALSE;
  fl->time_segment = FALSE;
  fl->layout_checked = fl->layout_error = FALSE;
  gst_sl_resilient_update_need_check (self);

  g_mutex_lock (&self->stats_lock);
  memset (&self->stats, 0, sizeof (self->stats));
  self->circuit = GST_SL_RESILIENT_CIRCUIT_CLOSED;
  self->committed_outputs = (guint) g_atomic_int_get (&self->outputs);
  self->committed_refused = (guint) g_atomic_int_get (&self->refused);
  g_mutex_unlock (&self->stats_lock);

  g_mutex_lock (&mb->lock);
  gst_clear_message (&mb->push_error);
  gst_clear_message (&mb->async_error);
  g_atomic_int_set (&mb->have_push_error, 0);
  g_atomic_int_set (&mb->have_async_error, 0);
  mb->propagate = s->policy == GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE;
  g_mutex_unlock (&mb->lock);

  g_mutex_lock (&self->waits.lock);
  self->waits.flushing = self->waits.stopping = self->waits.eos = FALSE;
  g_mutex_unlock (&self->waits.lock);

  if (s->timeout_ms > 0) {
    SlWatchdog *wd = sl_watchdog_new (gst_sl_resilient_release_child, self);

    g_mutex_lock (&self->waits.lock);
    self->watchdog = wd;
    g_mutex_unlock (&self->waits.lock);
  }
  g_atomic_int_set (&mb->streaming, 1);
}

/* PAUSED->READY, before the children stop: every wait ends. */
void
gst_sl_resilient_flow_stop (GstSlResilient *self)
{
  g_atomic_int_set (&self->mailbox.streaming, 0);
  gst_sl_resilient_waits_set (self, &self->waits.stopping, TRUE);
}

/* PAUSED->READY, once the streaming thread has left. */
void
gst_sl_resilient_flow_stopped (GstSlResilient *self)
{
  SlWatchdog *wd;

  g_mutex_lock (&self->waits.lock);
  wd = self->watchdog;
  self->watchdog = NULL;
  g_mutex_unlock (&self->waits.lock);
  sl_watchdog_unref (wd);
}

/* An EOS sent to the element: the retry delay ends, a frame stuck in the
 * child (with timeout-ms) is released, and the frame goes to the retry
 * fallback policy. */
void
gst_sl_resilient_flow_interrupt_eos (GstSlResilient *self)
{
  SlWatchdog *wd = NULL;

  gst_sl_resilient_waits_set (self, &self->waits.eos, TRUE);
  /* the element thread may stop meanwhile: hold the watchdog */
  g_mutex_lock (&self->waits.lock);
  if (self->watchdog)
    wd = sl_watchdog_ref (self->watchdog);
  g_mutex_unlock (&self->waits.lock);
  if (wd) {
    sl_watchdog_fire_now (wd);
    sl_watchdog_unref (wd);
  }
}
