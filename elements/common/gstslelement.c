/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>
#include <math.h>

#include <string.h>

#include "gstslelement.h"
#include "gstslmeta.h"

void
sl_element_init (GstPlugin *plugin)
{
  static gsize res = FALSE;

  if (g_once_init_enter (&res)) {
#ifdef ENABLE_NLS
    /* STREAMLAB_LOCALEDIR lets an uninstalled build (meson devenv, tests)
     * find its own translations. */
    const gchar *dir = g_getenv ("STREAMLAB_LOCALEDIR");

    bindtextdomain (GETTEXT_PACKAGE, dir && *dir ? dir : LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
#endif
    gst_sl_data_frame_meta_register ();
    g_once_init_leave (&res, TRUE);
  }
}

gboolean
sl_pad_name_index (const gchar *name, const gchar *prefix, guint *index)
{
  guint64 v;

  if (name == NULL || !g_str_has_prefix (name, prefix))
    return FALSE;
  if (!g_ascii_string_to_unsigned (name + strlen (prefix), 10, 0, G_MAXUINT, &v,
          NULL))
    return FALSE;
  *index = (guint) v;
  return TRUE;
}

static gboolean
resend_sticky (GstPad *pad, GstEvent **event, gpointer user_data)
{
  GstPad *peer = user_data;

  if (GST_EVENT_TYPE (*event) != GST_EVENT_EOS)
    gst_pad_send_event (peer, gst_event_ref (*event));
  return TRUE;
}

void
sl_pad_resend_sticky_events (GstPad *pad, GstPad *peer)
{
  gst_pad_sticky_events_foreach (pad, resend_sticky, peer);
}

gboolean
sl_value_array_to_doubles (const GValue *value, GArray *out)
{
  guint i, n = gst_value_array_get_size (value);
  gboolean all = TRUE;

  g_array_set_size (out, 0);
  for (i = 0; i < n; i++) {
    const GValue *v = gst_value_array_get_value (value, i);
    gdouble d = NAN;

    if (G_VALUE_HOLDS_DOUBLE (v)) {
      d = g_value_get_double (v);
    } else if (g_value_type_transformable (G_VALUE_TYPE (v), G_TYPE_DOUBLE)) {
      GValue t = G_VALUE_INIT;

      g_value_init (&t, G_TYPE_DOUBLE);
      if (g_value_transform (v, &t))
        d = g_value_get_double (&t);
      else
        all = FALSE;
      g_value_unset (&t);
    } else {
      all = FALSE;
    }
    g_array_append_val (out, d);
  }
  return all;
}

void
sl_value_array_from_doubles (GValue *value, const gdouble *values, guint n)
{
  guint i;

  for (i = 0; i < n; i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_DOUBLE);
    g_value_set_double (&v, values[i]);
    gst_value_array_append_and_take_value (value, &v);
  }
}

gchar **
sl_value_array_to_strv (const GValue *value)
{
  guint i, n = gst_value_array_get_size (value);
  gchar **strv;

  if (n == 0)
    return NULL;
  strv = g_new0 (gchar *, n + 1);
  for (i = 0; i < n; i++)
    strv[i] = g_value_dup_string (gst_value_array_get_value (value, i));
  return strv;
}

void
sl_value_array_from_strv (GValue *value, const gchar *const *strv)
{
  guint i;

  for (i = 0; strv && strv[i]; i++) {
    GValue v = G_VALUE_INIT;

    g_value_init (&v, G_TYPE_STRING);
    g_value_set_string (&v, strv[i]);
    gst_value_array_append_and_take_value (value, &v);
  }
}

GParamSpec *
sl_param_spec_counter (const gchar *name, const gchar *nick, const gchar *blurb)
{
  return g_param_spec_uint64 (name, nick, blurb, 0, G_MAXUINT64, 0,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static gboolean
stringify_field (GQuark field, GValue *value, gpointer user_data)
{
  if (!G_VALUE_HOLDS_STRING (value)) {
    gchar *str = gst_value_serialize (value);

    g_value_unset (value);
    g_value_init (value, G_TYPE_STRING);
    g_value_take_string (value, str ? str : g_strdup (""));
  }
  return TRUE;
}

void
sl_metadata_stringify (GstStructure *s)
{
  gst_structure_map_in_place (s, stringify_field, NULL);
}

GstStructure *
sl_metadata_from_structure (const GstStructure *s)
{
  GstStructure *copy;

  if (s == NULL || gst_structure_n_fields (s) == 0)
    return NULL;
  copy = gst_structure_copy (s);
  sl_metadata_stringify (copy);
  return copy;
}

gboolean
sl_error_is_bad_setting (const GError *error)
{
  return g_error_matches (error, GST_RESOURCE_ERROR,
      GST_RESOURCE_ERROR_SETTINGS);
}
