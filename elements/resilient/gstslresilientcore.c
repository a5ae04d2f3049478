/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slresilient's bottom layer, for the streaming code (gstslresilientflow.c
 * and gstslresilientrestart.c): counters, the clock, the waits, messages,
 * sticky events, the deadletter branch's layout. It calls nothing above
 * it. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/base/gstbasesink.h>

#include "gstslresilientprivate.h"
#include "gstslelement.h"

#define GST_CAT_DEFAULT sl_resilient_debug

/* Publishes what the streaming thread counted; called once per frame and
 * before any message goes out. */
void
gst_sl_resilient_stats_commit (GstSlResilient *self)
{
  Stats *p = &self->flow.pend;
  Stats *t = &self->stats;
  guint outputs = (guint) g_atomic_int_get (&self->outputs);
  guint refused = (guint) g_atomic_int_get (&self->refused);
  guint n_refused = refused - self->committed_refused;

  g_mutex_lock (&self->stats_lock);
  t->in += p->in;
  /* what the child pushed out, except what a flushing downstream refused */
  t->out += p->out + (guint) (outputs - self->committed_outputs) - n_refused;
  t->flushed += n_refused;
  self->committed_outputs = outputs;
  self->committed_refused = refused;
  t->skipped += p->skipped;
  t->defaulted += p->defaulted;
  t->dead_lettered += p->dead_lettered;
  t->rejected += p->rejected;
  t->absorbed += p->absorbed;
  t->flushed += p->flushed;
  t->failed += p->failed;
  t->errors += p->errors;
  t->retries += p->retries;
  t->restarts += p->restarts;
  self->circuit = self->flow.circuit;
  g_mutex_unlock (&self->stats_lock);
  memset (p, 0, sizeof (*p));
}

/* Now on the element's clock, or on the monotonic clock without one. */
GstClockTime
gst_sl_resilient_now (GstSlResilient *self)
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

static WaitResult
wait_result_locked (Waits *w)
{
  if (w->flushing || w->stopping)
    return WAIT_FLUSHING;
  return w->eos ? WAIT_EOS : WAIT_DONE;
}

gboolean
gst_sl_resilient_is_flushing (GstSlResilient *self)
{
  Waits *w = &self->waits;
  gboolean res;

  g_mutex_lock (&w->lock);
  res = w->flushing || w->stopping;
  g_mutex_unlock (&w->lock);
  return res;
}

/* Waits @ms milliseconds on the element's clock (the monotonic clock
 * without one); a flush-start, READY or EOS ends the wait at once. */
WaitResult
gst_sl_resilient_wait_ms (GstSlResilient *self, guint ms)
{
  Waits *w = &self->waits;
  GstClock *clock = gst_element_get_clock (GST_ELEMENT (self));
  WaitResult res;

  g_mutex_lock (&w->lock);
  res = wait_result_locked (w);
  if (res != WAIT_DONE)
    goto done;

  if (clock) {
    GstClockID id = gst_clock_new_single_shot_id (clock,
        gst_clock_get_time (clock) + ms * GST_MSECOND);

    w->clock_id = id;
    g_mutex_unlock (&w->lock);
    /* an unschedule that comes first makes the wait return at once */
    gst_clock_id_wait (id, NULL);
    g_mutex_lock (&w->lock);
    w->clock_id = NULL;
    gst_clock_id_unref (id);
  } else {
    gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

    while (wait_result_locked (w) == WAIT_DONE)
      if (!g_cond_wait_until (&w->cond, &w->lock, end))
        break;
  }
  res = wait_result_locked (w);
done:
  g_mutex_unlock (&w->lock);
  if (clock)
    gst_object_unref (clock);
  return res;
}

/* Sets one of the flags and ends a wait in progress. */
void
gst_sl_resilient_waits_set (GstSlResilient *self, gboolean *flag,
    gboolean value)
{
  Waits *w = &self->waits;

  g_mutex_lock (&w->lock);
  *flag = value;
  if (value) {
    if (w->clock_id)
      gst_clock_id_unschedule (w->clock_id);
    g_cond_broadcast (&w->cond);
  }
  g_mutex_unlock (&w->lock);
}

void
gst_sl_resilient_post (GstSlResilient *self, GstStructure *s)
{
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
}

void
gst_sl_resilient_update_need_check (GstSlResilient *self)
{
  Flow *fl = &self->flow;

  fl->need_check =
      fl->gave_up || fl->down || fl->circuit != GST_SL_RESILIENT_CIRCUIT_CLOSED;
}

void
gst_sl_resilient_set_circuit (GstSlResilient *self,
    GstSlResilientCircuitState state, guint failures)
{
  self->flow.circuit = state;
  gst_sl_resilient_update_need_check (self);
  gst_sl_resilient_stats_commit (self);
  GST_INFO_OBJECT (self, "circuit %s",
      gst_sl_resilient_enum_nick (GST_TYPE_SL_RESILIENT_CIRCUIT_STATE, state));
  gst_sl_resilient_post (self,
      gst_structure_new (SL_RESILIENT_MESSAGE_CIRCUIT, "state", G_TYPE_STRING,
          gst_sl_resilient_enum_nick (GST_TYPE_SL_RESILIENT_CIRCUIT_STATE,
              state),
          "failures", G_TYPE_UINT, failures, "errors", G_TYPE_UINT64,
          self->stats.errors, NULL));
}

gboolean
gst_sl_resilient_push_sticky (GstPad *pad, GstEvent **event, gpointer user_data)
{
  GstPad *srcpad = user_data;

  if (GST_EVENT_TYPE (*event) != GST_EVENT_EOS)
    gst_pad_push_event (srcpad, gst_event_ref (*event));
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* the deadletter branch's layout */

static gboolean reaches_sink (GstPad *srcpad, guint depth);

/* Does data entering @sinkpad reach a sink (which waits in PAUSED, with
 * or without async) without a thread boundary (a src pad with a task:
 * queue, ...)? */
static gboolean
sinkpad_reaches_sink (GstPad *sinkpad, guint depth)
{
  GstElement *parent = gst_pad_get_parent_element (sinkpad);
  GstIterator *it;
  GValue v = G_VALUE_INIT;
  gboolean res = FALSE, done = FALSE;

  if (parent && GST_IS_BASE_SINK (parent)) {
    gst_object_unref (parent);
    return TRUE;
  }
  if (parent)
    gst_object_unref (parent);

  it = gst_pad_iterate_internal_links (sinkpad);
  while (it && !done && !res) {
    switch (gst_iterator_next (it, &v)) {
      case GST_ITERATOR_OK: {
        GstPad *out = g_value_get_object (&v);

        if (GST_PAD_TASK (out) == NULL)
          res = reaches_sink (out, depth + 1);
        g_value_reset (&v);
        break;
      }
      case GST_ITERATOR_RESYNC:
        gst_iterator_resync (it);
        break;
      default:
        done = TRUE;
        break;
    }
  }
  g_value_unset (&v);
  if (it)
    gst_iterator_free (it);
  return res;
}

static gboolean
reaches_sink (GstPad *srcpad, guint depth)
{
  GstPad *peer;
  gboolean res;

  if (depth > 64 || (peer = gst_pad_get_peer (srcpad)) == NULL)
    return FALSE;
  res = sinkpad_reaches_sink (peer, depth);
  gst_object_unref (peer);
  return res;
}

/* While prerolling, the thread that feeds src also feeds deadletter: a
 * sink it reaches on the deadletter branch waits for a preroll the src
 * branch can never give (the same thread is blocked), and the other way
 * round. Such a layout gets an error instead of a hang. */
gboolean
gst_sl_resilient_check_deadletter_layout (GstSlResilient *self)
{
  Flow *fl = &self->flow;
  GstState state;

  if (fl->layout_checked)
    return !fl->layout_error;
  fl->layout_checked = TRUE;

  GST_OBJECT_LOCK (self);
  state = GST_STATE (self);
  GST_OBJECT_UNLOCK (self);
  /* a live source sends its first frames in PLAYING: nothing waits */
  if (state == GST_STATE_PLAYING || !reaches_sink (self->dlpad, 0))
    return TRUE;

  fl->layout_error = TRUE;
  GST_ELEMENT_ERROR (self, CORE, PAD,
      (_ ("The deadletter branch of slresilient needs a queue.")),
      ("the streaming thread that feeds src also reaches the sink of the "
       "deadletter branch, where it would wait for a preroll forever; "
       "put a queue after the deadletter pad"));
  return FALSE;
}
