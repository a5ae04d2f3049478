/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* slresilient's enum types, shared by the element and its streaming code. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstslresilientprivate.h"

GType
gst_sl_resilient_error_policy_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_RESILIENT_ERROR_POLICY_PROPAGATE,
        "Pass the error on, as without the wrapper", "propagate" },
    { GST_SL_RESILIENT_ERROR_POLICY_SKIP_FRAME,
        "Drop the failed frame and count it", "skip-frame" },
    { GST_SL_RESILIENT_ERROR_POLICY_USE_DEFAULT,
        "Send a frame of zeros in its place", "use-default" },
    { GST_SL_RESILIENT_ERROR_POLICY_DEAD_LETTER,
        "Send the failed frame on the deadletter pad", "dead-letter" },
    { GST_SL_RESILIENT_ERROR_POLICY_RETRY,
        "Push the frame again, then use retry-fallback-policy", "retry" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlResilientErrorPolicy", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

GType
gst_sl_resilient_restart_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_RESILIENT_RESTART_NEVER, "Never restart the child", "never" },
    { GST_SL_RESILIENT_RESTART_IMMEDIATE,
        "Restart the child after each failure", "immediate" },
    { GST_SL_RESILIENT_RESTART_EXPONENTIAL,
        "Restart after a delay doubling with each consecutive failure",
        "exponential" },
    { GST_SL_RESILIENT_RESTART_CIRCUIT_BREAKER,
        "Open a circuit after too many failures, probe after a timeout",
        "circuit-breaker" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlResilientRestart", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

GType
gst_sl_resilient_circuit_state_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_RESILIENT_CIRCUIT_CLOSED, "Frames go through the child",
        "closed" },
    { GST_SL_RESILIENT_CIRCUIT_OPEN, "Frames bypass the child", "open" },
    { GST_SL_RESILIENT_CIRCUIT_HALF_OPEN, "The next frame probes the child",
        "half-open" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlResilientCircuitState", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

/* The enum classes are referenced once in class_init and kept. */
const gchar *
gst_sl_resilient_enum_nick (GType type, gint value)
{
  GEnumValue *v = g_enum_get_value (g_type_class_peek (type), value);

  return v ? v->value_nick : "unknown";
}
