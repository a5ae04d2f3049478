/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slresilient's state, split by who owns it. Calls go one way:
 *
 *   gstslresilient.c (the element: properties, pads, chain resolution, bus,
 *   states)  ->  gstslresilientflow.c (the frames: pushing into the child,
 *   failure detection, error policies, events)  ->  gstslresilientrestart.c
 *   (restart strategies, circuit breaker)  ->  gstslresilientcore.c
 *   (counters, clock, waits, messages, the deadletter layout)  ->
 *   gstslresilientwatchdog.c (the timeout watchdog, element-agnostic).
 *
 * gstslresilientenums.c holds the enum types both use.
 *
 * Ownership and locks (never two at once, none across a push):
 * - props: the object lock; copied to flow.s when the element starts.
 * - flow: the streaming thread only (the sink pad's chain and serialized
 *   events), set up by the element thread before streaming starts.
 * - stats: stats_lock. The streaming thread counts into flow.pend and
 *   commits once per frame and before any message goes out, so every
 *   snapshot and every message sees counters with the frame's fate in them.
 * - mailbox: the child's ERROR messages, from whatever thread posts them;
 *   mailbox.lock.
 * - waits: the retry delay, woken by flush-start, READY and EOS; waits.lock.
 * - watchdog: its own lock inside gstslresilientwatchdog.c.
 */

#ifndef __GST_SL_RESILIENT_PRIVATE_H__
#define __GST_SL_RESILIENT_PRIVATE_H__

#include <gst/gst.h>
#include <gst/audio/audio.h>

#include "gstslresilient.h"
#include "gstslresilientwatchdog.h"

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

typedef struct
{
  guint64 in, out, skipped, defaulted, dead_lettered, rejected, absorbed;
  guint64 flushed, failed, errors, retries, restarts;
} Stats;

/* The child's ERROR messages. */
typedef struct
{
  GMutex lock;
  gint streaming;        /* atomic: intercept the child's errors */
  gint in_push;          /* atomic: a frame is in the child */
  gint negotiating;      /* atomic: a caps event is in the child */
  gint config_refused;   /* atomic: the child refused the last caps
                                 * with a configuration error */
  gint restarting;       /* atomic: errors of a restart are ignored */
  gint have_push_error;  /* atomic */
  gint have_async_error; /* atomic */
  gboolean propagate;    /* set at start */
  guint out_mark;        /* outputs when the push began */
  /* under the lock */
  GstMessage *push_error; /* first error during the push */
  gboolean push_error_after_output;
  GstMessage *async_error; /* first error between frames */
} Mailbox;

/* The waits of the streaming thread (the retry delay). */
typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean flushing;   /* flush-start until flush-stop */
  gboolean stopping;   /* PAUSED->READY until READY->PAUSED */
  gboolean eos;        /* EOS sent or received, until flush-stop */
  GstClockID clock_id; /* the wait in progress on the clock */
} Waits;

/* What slresilient remembers of the frame in flight when it does not keep
 * the frame itself: enough to build a default frame or a gap in its place. */
typedef struct
{
  GstClockTime pts, dts, duration;
  guint64 offset, offset_end;
  gsize size;
  guint64 seq;
  gboolean has_seq;
} FrameHeader;

/* Streaming-thread state. */
typedef struct
{
  Settings s;    /* snapshot taken at READY->PAUSED */
  Stats pend;    /* counted, not yet committed */
  gboolean hold; /* keep a ref to the frame in flight */
  gboolean need_seq;
  gboolean need_check; /* child resting, circuit not closed, gave up */
  gboolean gave_up;
  gboolean down;
  GstClockTime down_until;
  guint down_delay_ms;
  guint consecutive;
  GstSlResilientCircuitState circuit;
  GstClockTime open_until;
  GstClockTime *fail_times; /* ring of the last `threshold` failures */
  guint fail_len, fail_pos;
  GstAudioInfo in_info, out_info;
  gboolean in_audio, out_audio;
  gboolean time_segment;
  gboolean layout_checked, layout_error;
} Flow;

struct _GstSlResilient
{
  GstBin parent;

  /* ghost pads, NULL until the first child; set up by the element before
   * streaming starts */
  GstPad *sinkpad;
  GstPad *srcpad;
  GstPad *sink_internal; /* pushes into the child */
  GstPad *src_internal;  /* receives the child's output */
  GstPad *dlpad;

  Settings props; /* under the object lock */

  GMutex stats_lock;
  Stats stats;                        /* under stats_lock */
  GstSlResilientCircuitState circuit; /* under stats_lock */
  guint committed_outputs;            /* under stats_lock */
  guint committed_refused;            /* under stats_lock */

  gint outputs;        /* atomic: frames the child pushed out */
  gint refused;        /* atomic: of those, refused as flushing */
  gint downstream_ret; /* atomic: last non-OK return of src */
  gint eos_out;        /* atomic: the child passed EOS on */

  Mailbox mailbox;
  Waits waits;
  SlWatchdog *watchdog; /* with timeout-ms, while started; set
                                 * under waits.lock, used by the streaming
                                 * thread, ref'd by others */

  Flow flow;
};

typedef enum
{
  WAIT_DONE,
  WAIT_FLUSHING, /* flush-start or READY */
  WAIT_EOS,
} WaitResult;

typedef enum
{
  CHILD_READY,
  CHILD_DOWN,
  CHILD_GAVE_UP,
} ChildState;

const gchar *gst_sl_resilient_enum_nick (GType type, gint value);

/* gstslresilientcore.c: the streaming code's shared helpers */
void gst_sl_resilient_stats_commit (GstSlResilient *self);
GstClockTime gst_sl_resilient_now (GstSlResilient *self);
gboolean gst_sl_resilient_is_flushing (GstSlResilient *self);
WaitResult gst_sl_resilient_wait_ms (GstSlResilient *self, guint ms);
void gst_sl_resilient_waits_set (GstSlResilient *self, gboolean *flag,
    gboolean value);
void gst_sl_resilient_post (GstSlResilient *self, GstStructure *s);
void gst_sl_resilient_update_need_check (GstSlResilient *self);
void gst_sl_resilient_set_circuit (GstSlResilient *self,
    GstSlResilientCircuitState state, guint failures);
gboolean gst_sl_resilient_push_sticky (GstPad *pad, GstEvent **event,
    gpointer user_data);
gboolean gst_sl_resilient_check_deadletter_layout (GstSlResilient *self);

/* gstslresilientrestart.c: restart strategies and circuit breaker */
gboolean gst_sl_resilient_restart_child (GstSlResilient *self, guint attempt,
    guint delay_ms);
void gst_sl_resilient_release_child (gpointer user_data);
void gst_sl_resilient_recover_from_flush (GstSlResilient *self);
gboolean gst_sl_resilient_circuit_note_failure (GstSlResilient *self,
    GstClockTime now);
gboolean gst_sl_resilient_after_failure (GstSlResilient *self,
    gboolean circuit_noted);
ChildState gst_sl_resilient_check_child (GstSlResilient *self,
    const gchar **reason);

/* gstslresilientflow.c, called by the element */
void gst_sl_resilient_flow_init (GstSlResilient *self);
void gst_sl_resilient_flow_finalize (GstSlResilient *self);
void gst_sl_resilient_flow_start (GstSlResilient *self);
void gst_sl_resilient_flow_stop (GstSlResilient *self);
void gst_sl_resilient_flow_stopped (GstSlResilient *self);
void gst_sl_resilient_flow_interrupt_eos (GstSlResilient *self);
gboolean gst_sl_resilient_flow_child_error (GstSlResilient *self,
    GstMessage *message);

GstFlowReturn gst_sl_resilient_sink_chain (GstPad *pad, GstObject *parent,
    GstBuffer *buf);
gboolean gst_sl_resilient_sink_event (GstPad *pad, GstObject *parent,
    GstEvent *event);
GstFlowReturn gst_sl_resilient_out_chain (GstPad *pad, GstObject *parent,
    GstBuffer *buf);
gboolean gst_sl_resilient_out_event (GstPad *pad, GstObject *parent,
    GstEvent *event);

G_END_DECLS

#endif /* __GST_SL_RESILIENT_PRIVATE_H__ */
