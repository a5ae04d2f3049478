/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Heap allocations per frame in a gst-check test: the program runs itself
 * again with the counting allocator of `slbench --allocs` preloaded
 * (SL_ALLOC_COUNT_LIB, defined by meson when it is built: not in a
 * sanitizer build, whose runtime must come first), and counts the
 * allocations the streaming thread makes between two frames of a pipeline
 * that runs in one streaming thread, once the pipeline is PLAYING. A count,
 * not a time: the result does not depend on the machine's load (counting
 * the whole process did: the bus and the state change's own threads may
 * still be at work when counting starts on a loaded machine). */

#ifndef __SL_ALLOC_CHECK_H__
#define __SL_ALLOC_CHECK_H__

#include <dlfcn.h>
#include <unistd.h>
#include <gst/check/gstcheck.h>

typedef unsigned long (*SlAllocCountFunc) (void);

/* Call first in main(): returns whether allocations can be counted. */
static inline gboolean
sl_alloc_check_init (char **argv)
{
#ifdef SL_ALLOC_COUNT_LIB
  if (dlsym (RTLD_DEFAULT, "sl_alloc_count") != NULL)
    return TRUE;
  if (g_getenv ("SL_ALLOC_CHECK_REEXEC") == NULL &&
      g_file_test (SL_ALLOC_COUNT_LIB, G_FILE_TEST_EXISTS)) {
    g_setenv ("SL_ALLOC_CHECK_REEXEC", "1", TRUE);
    g_setenv ("LD_PRELOAD", SL_ALLOC_COUNT_LIB, TRUE);
    execv ("/proc/self/exe", argv);
  }
  g_printerr ("cannot preload %s: allocation tests not run\n",
      SL_ALLOC_COUNT_LIB);
  /* built to be counted: its absence is a failure */
  exit (1);
#endif
  return FALSE;
}

typedef struct
{
  SlAllocCountFunc count;
  guint64 frames, from, to;
  unsigned long at_from, at_to;
  /* the pipeline finished going to PLAYING: the state change's own work
   * (other threads, the bus) is over before counting starts */
  GMutex lock;
  GCond cond;
  gboolean playing;
} SlAllocProbe;

static GstPadProbeReturn
sl_alloc_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  SlAllocProbe *p = user_data;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    p->frames += gst_buffer_list_length (GST_PAD_PROBE_INFO_BUFFER_LIST (info));
  else
    p->frames++;
  if (p->at_from == 0 && p->frames >= p->from) {
    g_mutex_lock (&p->lock);
    while (!p->playing)
      g_cond_wait (&p->cond, &p->lock);
    g_mutex_unlock (&p->lock);
    p->at_from = p->count ();
    p->from = p->frames;
  }
  if (p->at_to == 0 && p->frames >= p->to) {
    p->at_to = p->count ();
    p->to = p->frames;
  }
  return GST_PAD_PROBE_OK;
}

/* Runs @launch to EOS and returns the heap allocations between the
 * @from-th and the @to-th frame entering the element named `count` (their
 * number in *@frames). */
static inline unsigned long
sl_alloc_check_count (const gchar *launch, guint64 from, guint64 to,
    guint64 *frames)
{
  SlAllocProbe p = { NULL, 0, from, to, 0, 0 };
  GstElement *pipeline, *count;
  GstPad *pad;
  GstMessage *msg;
  GstBus *bus;
  GError *err = NULL;

  /* the streaming thread's own allocations: the pipelines counted run in
   * one streaming thread, which both counts are read from */
  p.count = (SlAllocCountFunc) dlsym (RTLD_DEFAULT, "sl_alloc_count_thread");
  fail_unless (p.count != NULL);
  pipeline = gst_parse_launch (launch, &err);
  fail_unless (pipeline != NULL, "%s", err ? err->message : launch);
  count = gst_bin_get_by_name (GST_BIN (pipeline), "count");
  fail_unless (count != NULL);
  pad = gst_element_get_static_pad (count, "sink");
  gst_pad_add_probe (pad,
      GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
      sl_alloc_probe, &p, NULL);
  bus = gst_element_get_bus (pipeline);
  g_mutex_init (&p.lock);
  g_cond_init (&p.cond);
  fail_unless (gst_element_set_state (pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (pipeline, NULL, NULL,
                   GST_CLOCK_TIME_NONE) == GST_STATE_CHANGE_SUCCESS);
  g_mutex_lock (&p.lock);
  p.playing = TRUE;
  g_cond_broadcast (&p.cond);
  g_mutex_unlock (&p.lock);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  fail_unless (p.at_from != 0 && p.at_to != 0,
      "only %" G_GUINT64_FORMAT " frames", p.frames);
  *frames = p.to - p.from;
  gst_object_unref (pad);
  gst_object_unref (count);
  gst_object_unref (bus);
  gst_object_unref (pipeline);
  g_mutex_clear (&p.lock);
  g_cond_clear (&p.cond);
  return p.at_to - p.at_from;
}

#endif /* __SL_ALLOC_CHECK_H__ */
