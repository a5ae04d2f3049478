/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slresilient's restart strategies and circuit breaker, run by the
 * streaming thread; called by gstslresilientflow.c, calls
 * gstslresilientcore.c only. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstslresilientprivate.h"
#include "gstslelement.h"

#define GST_CAT_DEFAULT sl_resilient_debug

/* Sets the children to NULL and back to the bin's state and sends them the
 * stream's sticky events again. Not while the element stops. */
gboolean
gst_sl_resilient_restart_child (GstSlResilient *self, guint attempt,
    guint delay_ms)
{
  Mailbox *mb = &self->mailbox;
  GList *children, *l;
  GstPad *peer;
  gboolean ok = TRUE, stopping;

  g_mutex_lock (&self->waits.lock);
  stopping = self->waits.stopping;
  g_mutex_unlock (&self->waits.lock);
  if (stopping)
    return FALSE;

  GST_OBJECT_LOCK (self);
  children = g_list_copy_deep (GST_BIN_CHILDREN (self),
      (GCopyFunc) gst_object_ref, NULL);
  GST_OBJECT_UNLOCK (self);

  g_atomic_int_set (&mb->restarting, 1);
  for (l = children; l; l = l->next)
    if (gst_element_set_state (l->data, GST_STATE_NULL) ==
        GST_STATE_CHANGE_FAILURE)
      ok = FALSE;
  for (l = children; l; l = l->next)
    if (!gst_element_sync_state_with_parent (l->data))
      ok = FALSE;
  g_list_free_full (children, gst_object_unref);
  if (ok && (peer = gst_pad_get_peer (self->sink_internal))) {
    sl_pad_resend_sticky_events (self->sinkpad, peer);
    gst_object_unref (peer);
  }
  g_atomic_int_set (&mb->restarting, 0);

  self->flow.pend.restarts++;
  gst_sl_resilient_stats_commit (self);
  GST_INFO_OBJECT (self, "restart %u after %u ms: %s", attempt, delay_ms,
      ok ? "ok" : "failed");
  gst_sl_resilient_post (self,
      gst_structure_new (SL_RESILIENT_MESSAGE_RESTART, "attempt", G_TYPE_UINT,
          attempt, "delay-ms", G_TYPE_UINT, delay_ms, "restarts", G_TYPE_UINT64,
          self->stats.restarts, "success", G_TYPE_BOOLEAN, ok, NULL));
  return ok;
}

/* Releases a frame stuck in the child (the watchdog's release function). */
void
gst_sl_resilient_release_child (gpointer user_data)
{
  GstSlResilient *self = user_data;

  GST_INFO_OBJECT (self, "flushing the child to release the frame");
  gst_pad_push_event (self->sink_internal, gst_event_new_flush_start ());
}

/* After the child was flushed to release a frame: the flush cleared the
 * segment on both sides of the link; identical events already there are
 * not sent again. The flush never leaves the bin (see out_event). */
void
gst_sl_resilient_recover_from_flush (GstSlResilient *self)
{
  gst_pad_push_event (self->sink_internal, gst_event_new_flush_stop (FALSE));
  gst_pad_sticky_events_foreach (self->sinkpad, gst_sl_resilient_push_sticky,
      self->sink_internal);
}

static guint
failures_in_window (GstSlResilient *self, GstClockTime now)
{
  Flow *fl = &self->flow;
  GstClockTime window = (GstClockTime) fl->s.window_ms * GST_MSECOND;
  guint i, n = 0;

  for (i = 0; i < fl->fail_len; i++)
    if (fl->fail_times[i] + window > now)
      n++;
  return n;
}

static void
open_circuit (GstSlResilient *self, GstClockTime now, guint failures)
{
  self->flow.open_until =
      now + (GstClockTime) self->flow.s.circuit_timeout_ms * GST_MSECOND;
  gst_sl_resilient_set_circuit (self, GST_SL_RESILIENT_CIRCUIT_OPEN, failures);
}

/* Records a failure for the circuit breaker; returns TRUE if the circuit
 * is (now) open. */
gboolean
gst_sl_resilient_circuit_note_failure (GstSlResilient *self, GstClockTime now)
{
  Flow *fl = &self->flow;
  guint n;

  fl->fail_times[fl->fail_pos] = now;
  fl->fail_pos = (fl->fail_pos + 1) % fl->s.threshold;
  fl->fail_len = MIN (fl->fail_len + 1, fl->s.threshold);
  n = failures_in_window (self, now);

  if (fl->circuit == GST_SL_RESILIENT_CIRCUIT_HALF_OPEN ||
      n >= fl->s.threshold) {
    open_circuit (self, now, n);
    return TRUE;
  }
  return FALSE;
}

/* The restart strategy, after a failure was handled (with the circuit
 * breaker, the failure was already noted). Returns FALSE when giving up. */
gboolean
gst_sl_resilient_after_failure (GstSlResilient *self, gboolean circuit_noted)
{
  Flow *fl = &self->flow;
  GstClockTime now;
  guint64 delay;

  fl->consecutive++;
  switch (fl->s.restart) {
    case GST_SL_RESILIENT_RESTART_NEVER:
      break;
    case GST_SL_RESILIENT_RESTART_IMMEDIATE:
      if (!gst_sl_resilient_restart_child (self, fl->consecutive, 0)) {
        fl->down = TRUE;
        fl->down_until = 0;
        fl->down_delay_ms = 0;
      }
      break;
    case GST_SL_RESILIENT_RESTART_EXPONENTIAL:
      if (fl->s.max_attempts > 0 && fl->consecutive > fl->s.max_attempts) {
        gst_sl_resilient_stats_commit (self);
        GST_ELEMENT_ERROR (self, STREAM, FAILED,
            (_ ("The wrapped element failed %u times in a row; giving up."),
                fl->consecutive),
            ("restart-max-attempts=%u reached", fl->s.max_attempts));
        fl->gave_up = TRUE;
        break;
      }
      delay = (guint64) fl->s.base_ms << MIN (fl->consecutive - 1, 32);
      delay = MIN (delay, fl->s.max_ms);
      fl->down = TRUE;
      fl->down_delay_ms = delay;
      fl->down_until = gst_sl_resilient_now (self) + delay * GST_MSECOND;
      break;
    case GST_SL_RESILIENT_RESTART_CIRCUIT_BREAKER:
      now = gst_sl_resilient_now (self);
      if (!circuit_noted && gst_sl_resilient_circuit_note_failure (self, now))
        break;
      if (fl->circuit == GST_SL_RESILIENT_CIRCUIT_CLOSED &&
          !gst_sl_resilient_restart_child (self, fl->consecutive, 0)) {
        /* could not restart: open */
        open_circuit (self, now, failures_in_window (self, now));
      }
      break;
  }
  gst_sl_resilient_update_need_check (self);
  return !fl->gave_up;
}

/* Before a frame enters: is the child there? Restarts it when due. */
ChildState
gst_sl_resilient_check_child (GstSlResilient *self, const gchar **reason)
{
  Flow *fl = &self->flow;
  GstClockTime now;

  if (fl->gave_up)
    return CHILD_GAVE_UP;

  if (fl->circuit == GST_SL_RESILIENT_CIRCUIT_OPEN) {
    now = gst_sl_resilient_now (self);
    if (now < fl->open_until) {
      *reason = "circuit-open";
      return CHILD_DOWN;
    }
    gst_sl_resilient_set_circuit (self, GST_SL_RESILIENT_CIRCUIT_HALF_OPEN,
        failures_in_window (self, now));
    if (!gst_sl_resilient_restart_child (self, fl->consecutive,
            fl->s.circuit_timeout_ms)) {
      open_circuit (self, now, failures_in_window (self, now));
      *reason = "circuit-open";
      return CHILD_DOWN;
    }
    return CHILD_READY;
  }

  if (fl->down) {
    now = gst_sl_resilient_now (self);
    if (now < fl->down_until) {
      *reason = "restarting";
      return CHILD_DOWN;
    }
    if (!gst_sl_resilient_restart_child (self, fl->consecutive,
            fl->down_delay_ms)) {
      /* try again with the next frame, or after the next delay */
      gst_sl_resilient_after_failure (self, FALSE);
      *reason = "restarting";
      return CHILD_DOWN;
    }
    fl->down = FALSE;
    gst_sl_resilient_update_need_check (self);
  }
  return CHILD_READY;
}
