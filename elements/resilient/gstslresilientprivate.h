/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The parts of slresilient shared by its two files: gstslresilient.c (the
 * element: properties, pads, chain resolution, bus, states) and
 * gstslresilientflow.c (the frames: pushing into the child, failure
 * detection, error policies, restart strategies, circuit breaker, timeout
 * watchdog). */

#ifndef __GST_SL_RESILIENT_PRIVATE_H__
#define __GST_SL_RESILIENT_PRIVATE_H__

#include <gst/gst.h>
#include <gst/audio/audio.h>

#include "gstslresilient.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (sl_resilient_debug);

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

const gchar *gst_sl_resilient_enum_nick (GType type, gint value);
void gst_sl_resilient_clear_error (GstSlResilient * self);
void gst_sl_resilient_forward_message (GstSlResilient * self,
    GstMessage * message);

void gst_sl_resilient_update_need_check (GstSlResilient * self);
void gst_sl_resilient_watchdog_start (GstSlResilient * self);
void gst_sl_resilient_watchdog_stop (GstSlResilient * self);

GstFlowReturn gst_sl_resilient_sink_chain (GstPad * pad, GstObject * parent,
    GstBuffer * buf);
gboolean gst_sl_resilient_sink_event (GstPad * pad, GstObject * parent,
    GstEvent * event);
GstFlowReturn gst_sl_resilient_out_chain (GstPad * pad, GstObject * parent,
    GstBuffer * buf);
gboolean gst_sl_resilient_out_event (GstPad * pad, GstObject * parent,
    GstEvent * event);

G_END_DECLS

#endif /* __GST_SL_RESILIENT_PRIVATE_H__ */
