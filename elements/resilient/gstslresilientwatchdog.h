/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slresilient's timeout watchdog: a thread and a lock of its own. The
 * streaming thread arms it before a push into the child and disarms it
 * after; when the deadline passes (or fire_now is called) the watchdog calls
 * its release function, without holding any lock, and disarm waits until
 * that call has returned. It knows nothing of the element. */

#ifndef __GST_SL_RESILIENT_WATCHDOG_H__
#define __GST_SL_RESILIENT_WATCHDOG_H__

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SlWatchdog SlWatchdog;

typedef enum
{
  SL_WATCHDOG_NOT_FIRED,
  SL_WATCHDOG_TIMEOUT,     /* the deadline passed */
  SL_WATCHDOG_INTERRUPTED, /* sl_watchdog_fire_now() */
} SlWatchdogFired;

/* Called from the watchdog's thread, or from the thread calling
 * sl_watchdog_fire_now(), with no lock held. */
typedef void (*SlWatchdogRelease) (gpointer user_data);

SlWatchdog *sl_watchdog_new (SlWatchdogRelease release, gpointer user_data);
SlWatchdog *sl_watchdog_ref (SlWatchdog *wd);
void sl_watchdog_unref (SlWatchdog *wd);
void sl_watchdog_arm (SlWatchdog *wd, guint timeout_ms);
SlWatchdogFired sl_watchdog_disarm (SlWatchdog *wd);
gboolean sl_watchdog_fire_now (SlWatchdog *wd);

G_END_DECLS

#endif /* __GST_SL_RESILIENT_WATCHDOG_H__ */
