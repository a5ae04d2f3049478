/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_FANOUT_PAD_H__
#define __GST_SL_FANOUT_PAD_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * GstSlFanoutPolicy:
 * @GST_SL_FANOUT_POLICY_BLOCK: a full branch holds upstream until it has
 *   room (backpressure); nothing is dropped
 * @GST_SL_FANOUT_POLICY_DROP_OLDEST: a full branch drops its oldest queued
 *   frame to make room for the new one
 * @GST_SL_FANOUT_POLICY_DROP_NEWEST: a full branch drops the new frame
 * @GST_SL_FANOUT_POLICY_RESIZE: a full branch grows its queue (doubling) up
 *   to its `max-capacity`, then applies its `fallback-policy`
 *
 * What a branch does with a frame that arrives while its queue is full.
 */
typedef enum
{
  GST_SL_FANOUT_POLICY_BLOCK,
  GST_SL_FANOUT_POLICY_DROP_OLDEST,
  GST_SL_FANOUT_POLICY_DROP_NEWEST,
  GST_SL_FANOUT_POLICY_RESIZE,
} GstSlFanoutPolicy;

#define GST_TYPE_SL_FANOUT_POLICY (gst_sl_fanout_policy_get_type ())
GType gst_sl_fanout_policy_get_type (void);

#define GST_TYPE_SL_FANOUT_PAD (gst_sl_fanout_pad_get_type ())
G_DECLARE_FINAL_TYPE (GstSlFanoutPad, gst_sl_fanout_pad, GST, SL_FANOUT_PAD,
    GstPad)

/* Name of the element message posted when a branch becomes full or
 * recovers. */
#define GST_SL_FANOUT_BACKPRESSURE_MESSAGE "streamlab-backpressure"

/* Internal API between the element and its branches. */
void gst_sl_fanout_pad_configure (GstSlFanoutPad *pad, guint capacity,
    GstSlFanoutPolicy policy, GstClockTime interval);
void gst_sl_fanout_pad_set_message_interval (GstSlFanoutPad *pad,
    GstClockTime interval);

GstFlowReturn gst_sl_fanout_pad_queue_buffer (GstSlFanoutPad *pad,
    GstBuffer *buffer, gboolean may_wait, gboolean *would_block,
    GstMessage **message);
gboolean gst_sl_fanout_pad_queue_event (GstSlFanoutPad *pad, GstEvent *event);

gboolean gst_sl_fanout_pad_has_room (GstSlFanoutPad *pad);
void gst_sl_fanout_pad_set_batching (GstSlFanoutPad *pad, gboolean batching);
gint gst_sl_fanout_pad_get_priority (GstSlFanoutPad *pad);
void gst_sl_fanout_pad_release (GstSlFanoutPad *pad);

void gst_sl_fanout_pad_flush_start (GstSlFanoutPad *pad, GstEvent *event);
void gst_sl_fanout_pad_flush_stop (GstSlFanoutPad *pad, GstEvent *event);

G_END_DECLS

#endif /* __GST_SL_FANOUT_PAD_H__ */
