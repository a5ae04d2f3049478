/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_RESILIENT_H__
#define __GST_SL_RESILIENT_H__

#include <gst/gst.h>
#include <gst/streamlab/gstslmessages.h>

G_BEGIN_DECLS

/**
 * SL_RESILIENT_MESSAGE_ERROR_HANDLED:
 *
 * Name of the element message slresilient posts for each failure it
 * handles. Compare message names with it exactly
 * (gst_message_has_name()).
 */
#define SL_RESILIENT_MESSAGE_ERROR_HANDLED GST_SL_MESSAGE_ERROR_HANDLED
/**
 * SL_RESILIENT_MESSAGE_RESTART:
 *
 * Name of the element message slresilient posts for each restart of its
 * child.
 */
#define SL_RESILIENT_MESSAGE_RESTART GST_SL_MESSAGE_RESTART
/**
 * SL_RESILIENT_MESSAGE_CIRCUIT:
 *
 * Name of the element message slresilient posts when its circuit breaker
 * changes state.
 */
#define SL_RESILIENT_MESSAGE_CIRCUIT GST_SL_MESSAGE_CIRCUIT

/**
 * GstSlResilientErrorPolicy:
 * @GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE: the error goes on to the bus and
 *   the flow error upstream, as without the wrapper
 * @GST_SL_RESILIENT_ERROR_POLICY_SKIP_FRAME: the failed frame is dropped and
 *   counted
 * @GST_SL_RESILIENT_ERROR_POLICY_USE_DEFAULT: a frame of zeros takes the
 *   failed frame's place
 * @GST_SL_RESILIENT_ERROR_POLICY_DEAD_LETTER: the failed frame leaves on the
 *   `deadletter` pad with the error in its metadata
 * @GST_SL_RESILIENT_ERROR_POLICY_RETRY: the failed frame is pushed again, up
 *   to `max-retries` times, then handled by `retry-fallback-policy`
 */
typedef enum
{
  GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE,
  GST_SL_RESILIENT_ERROR_POLICY_SKIP_FRAME,
  GST_SL_RESILIENT_ERROR_POLICY_USE_DEFAULT,
  GST_SL_RESILIENT_ERROR_POLICY_DEAD_LETTER,
  GST_SL_RESILIENT_ERROR_POLICY_RETRY,
} GstSlResilientErrorPolicy;

/**
 * GstSlResilientRestart:
 * @GST_SL_RESILIENT_RESTART_NEVER: the child is never restarted
 * @GST_SL_RESILIENT_RESTART_IMMEDIATE: the child is restarted right after
 *   each failure
 * @GST_SL_RESILIENT_RESTART_EXPONENTIAL: the child is restarted after a
 *   delay that doubles with each consecutive failure
 * @GST_SL_RESILIENT_RESTART_CIRCUIT_BREAKER: too many failures in a window
 *   open the circuit; frames bypass the child until a probe succeeds
 */
typedef enum
{
  GST_SL_RESILIENT_RESTART_NEVER,
  GST_SL_RESILIENT_RESTART_IMMEDIATE,
  GST_SL_RESILIENT_RESTART_EXPONENTIAL,
  GST_SL_RESILIENT_RESTART_CIRCUIT_BREAKER,
} GstSlResilientRestart;

/**
 * GstSlResilientCircuitState:
 * @GST_SL_RESILIENT_CIRCUIT_CLOSED: frames go through the child
 * @GST_SL_RESILIENT_CIRCUIT_OPEN: frames bypass the child (error policy)
 * @GST_SL_RESILIENT_CIRCUIT_HALF_OPEN: the next frame probes the child
 */
typedef enum
{
  GST_SL_RESILIENT_CIRCUIT_CLOSED,
  GST_SL_RESILIENT_CIRCUIT_OPEN,
  GST_SL_RESILIENT_CIRCUIT_HALF_OPEN,
} GstSlResilientCircuitState;

#define GST_TYPE_SL_RESILIENT_ERROR_POLICY \
  (gst_sl_resilient_error_policy_get_type ())
GType gst_sl_resilient_error_policy_get_type (void);
#define GST_TYPE_SL_RESILIENT_RESTART (gst_sl_resilient_restart_get_type ())
GType gst_sl_resilient_restart_get_type (void);
#define GST_TYPE_SL_RESILIENT_CIRCUIT_STATE \
  (gst_sl_resilient_circuit_state_get_type ())
GType gst_sl_resilient_circuit_state_get_type (void);

#define GST_TYPE_SL_RESILIENT (gst_sl_resilient_get_type ())
G_DECLARE_FINAL_TYPE (GstSlResilient, gst_sl_resilient, GST, SL_RESILIENT,
    GstBin)

GST_ELEMENT_REGISTER_DECLARE (slresilient);

G_END_DECLS

#endif /* __GST_SL_RESILIENT_H__ */
