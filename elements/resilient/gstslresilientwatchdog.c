/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstslresilientwatchdog.h"

typedef enum
{
  WD_IDLE,
  WD_ARMED,
  WD_FIRING, /* the release function is running */
  WD_FIRED,
} WdState;

struct _SlWatchdog
{
  gint refcount; /* atomic */
  GMutex lock;
  GCond cond;
  GThread *thread;
  gboolean stop;
  WdState state;
  SlWatchdogFired reason;
  gint64 deadline; /* monotonic */
  SlWatchdogRelease release;
  gpointer user_data;
};

/* Called with the lock held; returns with it held. The release function
 * runs without it, so that it may push events that take other locks. */
static void
fire_locked (SlWatchdog *wd, SlWatchdogFired reason)
{
  wd->state = WD_FIRING;
  wd->reason = reason;
  g_mutex_unlock (&wd->lock);
  wd->release (wd->user_data);
  g_mutex_lock (&wd->lock);
  wd->state = WD_FIRED;
  g_cond_broadcast (&wd->cond);
}

static gpointer
watchdog_func (gpointer data)
{
  SlWatchdog *wd = data;

  g_mutex_lock (&wd->lock);
  while (!wd->stop) {
    if (wd->state != WD_ARMED)
      g_cond_wait (&wd->cond, &wd->lock);
    else if (g_get_monotonic_time () < wd->deadline)
      g_cond_wait_until (&wd->cond, &wd->lock, wd->deadline);
    else
      fire_locked (wd, SL_WATCHDOG_TIMEOUT);
  }
  g_mutex_unlock (&wd->lock);
  return NULL;
}

SlWatchdog *
sl_watchdog_new (SlWatchdogRelease release, gpointer user_data)
{
  SlWatchdog *wd = g_new0 (SlWatchdog, 1);

  wd->refcount = 1;
  g_mutex_init (&wd->lock);
  g_cond_init (&wd->cond);
  wd->release = release;
  wd->user_data = user_data;
  wd->thread = g_thread_new ("slresilient-watchdog", watchdog_func, wd);
  return wd;
}

SlWatchdog *
sl_watchdog_ref (SlWatchdog *wd)
{
  g_atomic_int_inc (&wd->refcount);
  return wd;
}

/* The last reference stops and joins the thread; a release in progress
 * completes first. */
void
sl_watchdog_unref (SlWatchdog *wd)
{
  if (wd == NULL || !g_atomic_int_dec_and_test (&wd->refcount))
    return;
  g_mutex_lock (&wd->lock);
  wd->stop = TRUE;
  g_cond_broadcast (&wd->cond);
  g_mutex_unlock (&wd->lock);
  g_thread_join (wd->thread);
  g_mutex_clear (&wd->lock);
  g_cond_clear (&wd->cond);
  g_free (wd);
}

void
sl_watchdog_arm (SlWatchdog *wd, guint timeout_ms)
{
  g_mutex_lock (&wd->lock);
  wd->deadline =
      g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  wd->state = WD_ARMED;
  wd->reason = SL_WATCHDOG_NOT_FIRED;
  g_cond_broadcast (&wd->cond);
  g_mutex_unlock (&wd->lock);
}

/* Returns whether (and why) the release function was called since the
 * watchdog was armed, after it has returned. */
SlWatchdogFired
sl_watchdog_disarm (SlWatchdog *wd)
{
  SlWatchdogFired reason;

  g_mutex_lock (&wd->lock);
  while (wd->state == WD_FIRING)
    g_cond_wait (&wd->cond, &wd->lock);
  reason = wd->state == WD_FIRED ? wd->reason : SL_WATCHDOG_NOT_FIRED;
  wd->state = WD_IDLE;
  g_mutex_unlock (&wd->lock);
  return reason;
}

/* Fires at once, in the calling thread, if armed. */
gboolean
sl_watchdog_fire_now (SlWatchdog *wd)
{
  gboolean fired = FALSE;

  g_mutex_lock (&wd->lock);
  if (wd->state == WD_ARMED) {
    fire_locked (wd, SL_WATCHDOG_INTERRUPTED);
    fired = TRUE;
  }
  g_mutex_unlock (&wd->lock);
  return fired;
}
