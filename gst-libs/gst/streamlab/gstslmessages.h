/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_MESSAGES_H__
#define __GST_SL_MESSAGES_H__

#include <gst/gst.h>
#include <gst/streamlab/streamlab-prelude.h>

G_BEGIN_DECLS

/**
 * GST_SL_MESSAGE_BACKPRESSURE:
 *
 * Name of the element message slfanout posts when a branch fills up
 * (`state` "full") and when it has room again (`state` "recovered"). Fields:
 * `pad` (string), `state` (string, a #GstSlBackpressureState nick), `full`
 * (boolean), `policy` (string, a #GstSlBackpressurePolicy nick), `capacity`,
 * `level`, `high-water` (uint), `frames-delivered`, `frames-dropped`,
 * `episodes` (guint64).
 */
#define GST_SL_MESSAGE_BACKPRESSURE "streamlab-backpressure"

/**
 * GST_SL_MESSAGE_RESTART:
 *
 * Name of the element message slresilient posts after restarting its child.
 * Fields: `attempt`, `delay-ms` (uint), `restarts` (guint64), `success`
 * (boolean).
 */
#define GST_SL_MESSAGE_RESTART "streamlab-restart"

/**
 * GST_SL_MESSAGE_CIRCUIT:
 *
 * Name of the element message slresilient posts when its circuit breaker
 * changes state. Fields: `state` (string, a #GstSlCircuitState nick),
 * `failures` (uint), `errors` (guint64).
 */
#define GST_SL_MESSAGE_CIRCUIT "streamlab-circuit"

/**
 * GST_SL_MESSAGE_ERROR_HANDLED:
 *
 * Name of the element message slresilient posts when it handled a child's
 * error instead of passing it on. Fields: `policy` (string, a
 * #GstSlErrorPolicy nick), `reason` (string), `attempts` (uint),
 * `error-domain`, `error-message` (string), `error-code` (int), `errors`,
 * `frames-in` (guint64) and, when the frame had one, `seq` (guint64).
 */
#define GST_SL_MESSAGE_ERROR_HANDLED "streamlab-error-handled"

/**
 * GST_SL_MESSAGE_ALERT:
 *
 * Name of the element message slalert posts when an alert is raised or
 * cleared. Fields: `label`, `state` ("raised" or "cleared"), `channel`
 * (uint), `channel-name`, `value`, `threshold` (double), `seq`, `sample`
 * (guint64), `timestamp` (guint64, ns).
 */
#define GST_SL_MESSAGE_ALERT "streamlab-alert"

/**
 * GST_SL_MESSAGE_WINDOW:
 *
 * Name of the element message slwindow posts for each window when its
 * `post-messages` property is set: the window's statistics per channel, its
 * time span and the range of `seq` it covers.
 */
#define GST_SL_MESSAGE_WINDOW "streamlab-window"

/**
 * GST_SL_MESSAGE_LINK:
 *
 * Name of the element message slsend posts when the link to its receiver
 * goes down or comes back up (`state` "down" or "up"), with its counters
 * (`reconnects`, `frames-lost`).
 */
#define GST_SL_MESSAGE_LINK "streamlab-link"

/**
 * GstSlMessageKind:
 * @GST_SL_MESSAGE_KIND_NONE: not a gst-streamlab message
 * @GST_SL_MESSAGE_KIND_BACKPRESSURE: #GST_SL_MESSAGE_BACKPRESSURE
 * @GST_SL_MESSAGE_KIND_RESTART: #GST_SL_MESSAGE_RESTART
 * @GST_SL_MESSAGE_KIND_CIRCUIT: #GST_SL_MESSAGE_CIRCUIT
 * @GST_SL_MESSAGE_KIND_ERROR_HANDLED: #GST_SL_MESSAGE_ERROR_HANDLED
 * @GST_SL_MESSAGE_KIND_ALERT: #GST_SL_MESSAGE_ALERT
 * @GST_SL_MESSAGE_KIND_WINDOW: #GST_SL_MESSAGE_WINDOW
 * @GST_SL_MESSAGE_KIND_LINK: #GST_SL_MESSAGE_LINK
 *
 * The element messages gst-streamlab elements post.
 */
typedef enum
{
  GST_SL_MESSAGE_KIND_NONE = 0,
  GST_SL_MESSAGE_KIND_BACKPRESSURE,
  GST_SL_MESSAGE_KIND_RESTART,
  GST_SL_MESSAGE_KIND_CIRCUIT,
  GST_SL_MESSAGE_KIND_ERROR_HANDLED,
  GST_SL_MESSAGE_KIND_ALERT,
  GST_SL_MESSAGE_KIND_WINDOW,
  GST_SL_MESSAGE_KIND_LINK,
} GstSlMessageKind;

/**
 * GstSlCircuitState:
 * @GST_SL_CIRCUIT_STATE_CLOSED: frames go through the child
 * @GST_SL_CIRCUIT_STATE_OPEN: frames bypass the child
 * @GST_SL_CIRCUIT_STATE_HALF_OPEN: the next frame probes the child
 *
 * The `state` of a #GST_SL_MESSAGE_CIRCUIT message (its nick is the string
 * the message carries).
 */
typedef enum
{
  GST_SL_CIRCUIT_STATE_CLOSED = 0,
  GST_SL_CIRCUIT_STATE_OPEN,
  GST_SL_CIRCUIT_STATE_HALF_OPEN,
} GstSlCircuitState;

/**
 * GstSlErrorPolicy:
 * @GST_SL_ERROR_POLICY_PROPAGATE: the error was passed on
 * @GST_SL_ERROR_POLICY_SKIP_FRAME: the failed frame was dropped
 * @GST_SL_ERROR_POLICY_USE_DEFAULT: a frame of zeros replaced it
 * @GST_SL_ERROR_POLICY_DEAD_LETTER: it went to the deadletter pad
 * @GST_SL_ERROR_POLICY_RETRY: it was pushed again
 *
 * The `policy` of a #GST_SL_MESSAGE_ERROR_HANDLED message (slresilient's
 * `error-policy` property).
 */
typedef enum
{
  GST_SL_ERROR_POLICY_PROPAGATE = 0,
  GST_SL_ERROR_POLICY_SKIP_FRAME,
  GST_SL_ERROR_POLICY_USE_DEFAULT,
  GST_SL_ERROR_POLICY_DEAD_LETTER,
  GST_SL_ERROR_POLICY_RETRY,
} GstSlErrorPolicy;

/**
 * GstSlBackpressurePolicy:
 * @GST_SL_BACKPRESSURE_POLICY_BLOCK: upstream waits for room
 * @GST_SL_BACKPRESSURE_POLICY_DROP_OLDEST: the oldest queued frame is dropped
 * @GST_SL_BACKPRESSURE_POLICY_DROP_NEWEST: the frame that does not fit is
 *   dropped
 *
 * The `policy` of a #GST_SL_MESSAGE_BACKPRESSURE message (the slfanout
 * branch's `policy` property).
 */
typedef enum
{
  GST_SL_BACKPRESSURE_POLICY_BLOCK = 0,
  GST_SL_BACKPRESSURE_POLICY_DROP_OLDEST,
  GST_SL_BACKPRESSURE_POLICY_DROP_NEWEST,
} GstSlBackpressurePolicy;

/**
 * GstSlBackpressureState:
 * @GST_SL_BACKPRESSURE_STATE_FULL: the branch is full
 * @GST_SL_BACKPRESSURE_STATE_RECOVERED: the branch has room again
 *
 * The `state` of a #GST_SL_MESSAGE_BACKPRESSURE message.
 */
typedef enum
{
  GST_SL_BACKPRESSURE_STATE_FULL = 0,
  GST_SL_BACKPRESSURE_STATE_RECOVERED,
} GstSlBackpressureState;

GST_STREAMLAB_API
void gst_sl_init (void);

GST_STREAMLAB_API
GstSlMessageKind gst_sl_message_get_kind (GstMessage *message);

GST_STREAMLAB_API
gboolean gst_sl_message_parse_circuit (GstMessage *message,
    GstSlCircuitState *state, guint *failures);

GST_STREAMLAB_API
gboolean gst_sl_message_parse_backpressure (GstMessage *message,
    gchar **pad_name, GstSlBackpressureState *state,
    GstSlBackpressurePolicy *policy, guint *level, guint *capacity);

GST_STREAMLAB_API
gboolean gst_sl_message_parse_error_handled (GstMessage *message,
    GstSlErrorPolicy *policy, gchar **reason, guint64 *seq);

GST_STREAMLAB_API
gboolean gst_sl_message_parse_restart (GstMessage *message, guint *attempt,
    gboolean *success);

GST_STREAMLAB_API
gchar **gst_sl_tag_list_get_channel_names (const GstTagList *list);

GST_STREAMLAB_API
void gst_sl_tag_list_add_channel_names (GstTagList *list, GstTagMergeMode mode,
    const gchar *const *names);

G_END_DECLS

#endif /* __GST_SL_MESSAGES_H__ */
