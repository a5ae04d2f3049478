/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* A test helper, preloaded into gst-launch-1.0 (LD_PRELOAD): every
 * g_main_loop_run() starts SL_DELAY_LOOP_MS (default 2000) milliseconds
 * late. gst-launch-1.0 quits its main loop from a bus sync handler when an
 * ERROR is posted; a quit that comes before g_main_loop_run() is lost. On
 * a loaded machine the streaming threads sometimes post their errors in
 * that gap; the delay makes the gap wide every time, so a test can show
 * deterministically whether a launch line's errors arrive in it. */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdlib.h>
#include <glib.h>

typedef void (*LoopRunFunc) (GMainLoop *loop);

void
g_main_loop_run (GMainLoop *loop)
{
  static LoopRunFunc real_run = NULL;
  const gchar *ms = g_getenv ("SL_DELAY_LOOP_MS");

  if (real_run == NULL)
    real_run = (LoopRunFunc) dlsym (RTLD_NEXT, "g_main_loop_run");
  g_usleep ((gulong) (ms ? g_ascii_strtoull (ms, NULL, 10) : 2000) * 1000);
  real_run (loop);
}
