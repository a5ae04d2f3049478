/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:gstslmessages
 * @title: Messages and tags
 * @short_description: the element messages gst-streamlab elements post, the
 *   channel-names tag
 *
 * slfanout and slresilient post element messages on the bus
 * (#GST_SL_MESSAGE_BACKPRESSURE, #GST_SL_MESSAGE_RESTART,
 * #GST_SL_MESSAGE_CIRCUIT, #GST_SL_MESSAGE_ERROR_HANDLED). Their structures
 * are plain GstStructures readable with the core API; the functions here
 * name them (gst_sl_message_get_kind()) and read the enumerated fields as
 * enums.
 *
 * Sources tag their streams with the channel names
 * (#GST_SL_TAG_CHANNEL_NAMES, one string per channel).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstslmessages.h"
#include "gstslmeta.h"
#include "streamlab-enumtypes.h"

/**
 * gst_sl_init:
 *
 * Registers the DataFrame meta (#GST_SL_DATA_FRAME_META_NAME) and the
 * channel-names tag (#GST_SL_TAG_CHANNEL_NAMES). Call it after gst_init()
 * before reading a tag list for channel names when no gst-streamlab plugin
 * may have been loaded yet. Idempotent and thread safe. The functions that
 * add a DataFrame meta register it themselves.
 */
void
gst_sl_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    gst_sl_data_frame_meta_register ();
    g_once_init_leave (&done, 1);
  }
}

/**
 * gst_sl_message_get_kind:
 * @message: a #GstMessage
 *
 * Returns: which gst-streamlab element message @message is, or
 *   %GST_SL_MESSAGE_KIND_NONE.
 */
GstSlMessageKind
gst_sl_message_get_kind (GstMessage *message)
{
  const GstStructure *s;

  g_return_val_if_fail (GST_IS_MESSAGE (message), GST_SL_MESSAGE_KIND_NONE);

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ELEMENT)
    return GST_SL_MESSAGE_KIND_NONE;
  s = gst_message_get_structure (message);
  if (s == NULL)
    return GST_SL_MESSAGE_KIND_NONE;
  if (gst_structure_has_name (s, GST_SL_MESSAGE_BACKPRESSURE))
    return GST_SL_MESSAGE_KIND_BACKPRESSURE;
  if (gst_structure_has_name (s, GST_SL_MESSAGE_RESTART))
    return GST_SL_MESSAGE_KIND_RESTART;
  if (gst_structure_has_name (s, GST_SL_MESSAGE_CIRCUIT))
    return GST_SL_MESSAGE_KIND_CIRCUIT;
  if (gst_structure_has_name (s, GST_SL_MESSAGE_ERROR_HANDLED))
    return GST_SL_MESSAGE_KIND_ERROR_HANDLED;
  if (gst_structure_has_name (s, GST_SL_MESSAGE_ALERT))
    return GST_SL_MESSAGE_KIND_ALERT;
  if (gst_structure_has_name (s, GST_SL_MESSAGE_WINDOW))
    return GST_SL_MESSAGE_KIND_WINDOW;
  if (gst_structure_has_name (s, GST_SL_MESSAGE_LINK))
    return GST_SL_MESSAGE_KIND_LINK;
  return GST_SL_MESSAGE_KIND_NONE;
}

/* Reads a string field holding an enum nick of @type. */
static gboolean
get_nick (const GstStructure *s, const gchar *field, GType type, gint *value)
{
  const gchar *nick = gst_structure_get_string (s, field);
  GEnumClass *klass;
  GEnumValue *v;

  if (nick == NULL)
    return FALSE;
  klass = g_type_class_ref (type);
  v = g_enum_get_value_by_nick (klass, nick);
  if (v && value)
    *value = v->value;
  g_type_class_unref (klass);
  return v != NULL;
}

static const GstStructure *
structure_of_kind (GstMessage *message, GstSlMessageKind kind)
{
  if (gst_sl_message_get_kind (message) != kind)
    return NULL;
  return gst_message_get_structure (message);
}

/**
 * gst_sl_message_parse_circuit:
 * @message: a #GST_SL_MESSAGE_CIRCUIT message
 * @state: (out) (optional): the circuit's new state
 * @failures: (out) (optional): consecutive failures counted
 *
 * Returns: %TRUE if @message is a well-formed #GST_SL_MESSAGE_CIRCUIT
 *   message.
 */
gboolean
gst_sl_message_parse_circuit (GstMessage *message, GstSlCircuitState *state,
    guint *failures)
{
  const GstStructure *s =
      structure_of_kind (message, GST_SL_MESSAGE_KIND_CIRCUIT);
  gint v;
  guint f;

  if (s == NULL || !get_nick (s, "state", GST_TYPE_SL_CIRCUIT_STATE, &v) ||
      !gst_structure_get_uint (s, "failures", &f))
    return FALSE;
  if (state)
    *state = (GstSlCircuitState) v;
  if (failures)
    *failures = f;
  return TRUE;
}

/**
 * gst_sl_message_parse_backpressure:
 * @message: a #GST_SL_MESSAGE_BACKPRESSURE message
 * @pad_name: (out) (optional) (transfer full): the branch's pad name
 * @state: (out) (optional): full or recovered
 * @policy: (out) (optional): the branch's policy
 * @level: (out) (optional): frames queued on the branch
 * @capacity: (out) (optional): the branch's capacity in frames
 *
 * Returns: %TRUE if @message is a well-formed #GST_SL_MESSAGE_BACKPRESSURE
 *   message.
 */
gboolean
gst_sl_message_parse_backpressure (GstMessage *message, gchar **pad_name,
    GstSlBackpressureState *state, GstSlBackpressurePolicy *policy,
    guint *level, guint *capacity)
{
  const GstStructure *s =
      structure_of_kind (message, GST_SL_MESSAGE_KIND_BACKPRESSURE);
  gint st, po;
  guint lv, cap;

  if (s == NULL ||
      !get_nick (s, "state", GST_TYPE_SL_BACKPRESSURE_STATE, &st) ||
      !get_nick (s, "policy", GST_TYPE_SL_BACKPRESSURE_POLICY, &po) ||
      !gst_structure_get_uint (s, "level", &lv) ||
      !gst_structure_get_uint (s, "capacity", &cap))
    return FALSE;
  if (pad_name)
    *pad_name = g_strdup (gst_structure_get_string (s, "pad"));
  if (state)
    *state = (GstSlBackpressureState) st;
  if (policy)
    *policy = (GstSlBackpressurePolicy) po;
  if (level)
    *level = lv;
  if (capacity)
    *capacity = cap;
  return TRUE;
}

/**
 * gst_sl_message_parse_error_handled:
 * @message: a #GST_SL_MESSAGE_ERROR_HANDLED message
 * @policy: (out) (optional): how the error was handled
 * @reason: (out) (optional) (transfer full): why the frame failed
 * @seq: (out) (optional): the failed frame's sequence id, or
 *   %G_MAXUINT64 when it had none
 *
 * Returns: %TRUE if @message is a well-formed #GST_SL_MESSAGE_ERROR_HANDLED
 *   message.
 */
gboolean
gst_sl_message_parse_error_handled (GstMessage *message,
    GstSlErrorPolicy *policy, gchar **reason, guint64 *seq)
{
  const GstStructure *s =
      structure_of_kind (message, GST_SL_MESSAGE_KIND_ERROR_HANDLED);
  gint po;
  guint64 sq = G_MAXUINT64;

  if (s == NULL || !get_nick (s, "policy", GST_TYPE_SL_ERROR_POLICY, &po))
    return FALSE;
  gst_structure_get_uint64 (s, "seq", &sq);
  if (policy)
    *policy = (GstSlErrorPolicy) po;
  if (reason)
    *reason = g_strdup (gst_structure_get_string (s, "reason"));
  if (seq)
    *seq = sq;
  return TRUE;
}

/**
 * gst_sl_message_parse_restart:
 * @message: a #GST_SL_MESSAGE_RESTART message
 * @attempt: (out) (optional): the restart's attempt number
 * @success: (out) (optional): whether the child came back
 *
 * Returns: %TRUE if @message is a well-formed #GST_SL_MESSAGE_RESTART
 *   message.
 */
gboolean
gst_sl_message_parse_restart (GstMessage *message, guint *attempt,
    gboolean *success)
{
  const GstStructure *s =
      structure_of_kind (message, GST_SL_MESSAGE_KIND_RESTART);
  guint a;
  gboolean ok;

  if (s == NULL || !gst_structure_get_uint (s, "attempt", &a) ||
      !gst_structure_get_boolean (s, "success", &ok))
    return FALSE;
  if (attempt)
    *attempt = a;
  if (success)
    *success = ok;
  return TRUE;
}

/**
 * gst_sl_tag_list_get_channel_names:
 * @list: a #GstTagList
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the channel
 *   names of #GST_SL_TAG_CHANNEL_NAMES in channel order, or %NULL when
 *   @list has none.
 */
gchar **
gst_sl_tag_list_get_channel_names (const GstTagList *list)
{
  GPtrArray *names;
  guint i, n;

  g_return_val_if_fail (GST_IS_TAG_LIST (list), NULL);

  gst_sl_init ();
  n = gst_tag_list_get_tag_size (list, GST_SL_TAG_CHANNEL_NAMES);
  if (n == 0)
    return NULL;
  names = g_ptr_array_new ();
  for (i = 0; i < n; i++) {
    const gchar *s = NULL;

    gst_tag_list_peek_string_index (list, GST_SL_TAG_CHANNEL_NAMES, i, &s);
    g_ptr_array_add (names, g_strdup (s ? s : ""));
  }
  g_ptr_array_add (names, NULL);
  return (gchar **) g_ptr_array_free (names, FALSE);
}

/**
 * gst_sl_tag_list_add_channel_names:
 * @list: a writable #GstTagList
 * @mode: how to merge with the names @list holds
 * @names: (array zero-terminated=1): one name per channel, in channel order
 *
 * Sets #GST_SL_TAG_CHANNEL_NAMES in @list.
 */
void
gst_sl_tag_list_add_channel_names (GstTagList *list, GstTagMergeMode mode,
    const gchar *const *names)
{
  g_return_if_fail (GST_IS_TAG_LIST (list));
  g_return_if_fail (gst_tag_list_is_writable (list));
  g_return_if_fail (names != NULL);

  gst_sl_init ();
  if (mode == GST_TAG_MERGE_REPLACE || mode == GST_TAG_MERGE_REPLACE_ALL) {
    gst_tag_list_remove_tag (list, GST_SL_TAG_CHANNEL_NAMES);
    mode = GST_TAG_MERGE_APPEND;
  }
  for (; *names; names++)
    gst_tag_list_add (list, mode, GST_SL_TAG_CHANNEL_NAMES, *names, NULL);
}
