/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Cycles every element of the project through its states, many times, on
 * its own: NULL -> READY -> PAUSED -> PLAYING and back, in every order. The
 * element list comes from the registry (every feature of our plugins, whose
 * names meson passes from plugins/meson.build as SL_PLUGIN_NAMES), so new
 * elements and plugins are covered without touching this file. */

#include <gst/check/gstcheck.h>

static GList *
sl_element_factories (void)
{
  gchar **sl_plugins = g_strsplit (SL_PLUGIN_NAMES, ",", -1);
  GList *res = NULL;
  guint i;

  for (i = 0; sl_plugins[i]; i++) {
    GList *features, *l;

    features = gst_registry_get_feature_list_by_plugin (gst_registry_get (),
        sl_plugins[i]);
    for (l = features; l; l = l->next) {
      if (GST_IS_ELEMENT_FACTORY (l->data))
        res = g_list_prepend (res, gst_object_ref (l->data));
    }
    gst_plugin_feature_list_free (features);
  }
  g_strfreev (sl_plugins);
  return res;
}

static gboolean
ignored (const gchar *name)
{
  const gchar *ignore = g_getenv ("GST_STATE_IGNORE_ELEMENTS");
  gchar **names;
  gboolean res = FALSE;
  guint i;

  if (ignore == NULL)
    return FALSE;
  names = g_strsplit (ignore, ",", -1);
  for (i = 0; names[i]; i++)
    if (g_strcmp0 (names[i], name) == 0)
      res = TRUE;
  g_strfreev (names);
  return res;
}

static void
cycle (GstElement *e, const GstState *states, guint n)
{
  guint i;

  for (i = 0; i < n; i++) {
    GstStateChangeReturn ret = gst_element_set_state (e, states[i]);

    /* a sink on its own stays ASYNC in PAUSED (no data to preroll): that
     * is fine, it must still go anywhere from there */
    fail_if (ret == GST_STATE_CHANGE_FAILURE, "%s failed to go to %s",
        GST_ELEMENT_NAME (e), gst_element_state_get_name (states[i]));
  }
}

GST_START_TEST (test_state_changes_up_and_down)
{
  static const GstState up_down[] = { GST_STATE_READY, GST_STATE_PAUSED,
    GST_STATE_PLAYING, GST_STATE_PAUSED, GST_STATE_READY, GST_STATE_NULL };
  static const GstState jumps[] = { GST_STATE_PLAYING, GST_STATE_NULL,
    GST_STATE_PAUSED, GST_STATE_NULL, GST_STATE_READY, GST_STATE_PLAYING,
    GST_STATE_READY, GST_STATE_NULL };
  GList *factories = sl_element_factories (), *l;
  guint tested = 0;

  fail_unless (factories != NULL, "no gst-streamlab element found");
  for (l = factories; l; l = l->next) {
    GstElementFactory *f = l->data;
    const gchar *name = GST_OBJECT_NAME (f);
    GstElement *e;
    guint i;

    if (ignored (name))
      continue;
    GST_INFO ("cycling %s", name);
    e = gst_element_factory_create (f, NULL);
    fail_unless (e != NULL, "could not create %s", name);
    for (i = 0; i < 20; i++) {
      cycle (e, up_down, G_N_ELEMENTS (up_down));
      cycle (e, jumps, G_N_ELEMENTS (jumps));
    }
    gst_object_unref (e);
    tested++;
  }
  fail_unless (tested > 0);
  g_list_free_full (factories, gst_object_unref);
}

GST_END_TEST;

/* The elements that need configuration to start, configured. */
GST_START_TEST (test_state_changes_configured)
{
  static const gchar *descriptions[] = {
    "slresilient.( identity )",
    "slresilient.( error-policy=dead-letter restart=circuit-breaker "
    "slchaos ! identity )",
    "sljsonbin description=\"{\\\"nodes\\\": [{\\\"id\\\": "
    "\\\"s\\\", \\\"type\\\": \\\"slsinesrc\\\", "
    "\\\"config\\\": {\\\"num-buffers\\\": 2}}, "
    "{\\\"id\\\": \\\"p\\\", \\\"type\\\": "
    "\\\"fakesink\\\"}], \\\"connections\\\": [{\\\"from\\\": "
    "\\\"s\\\", \\\"to\\\": \\\"p\\\"}]}\"",
  };
  static const GstState up_down[] = { GST_STATE_READY, GST_STATE_PAUSED,
    GST_STATE_PLAYING, GST_STATE_PAUSED, GST_STATE_READY, GST_STATE_NULL,
    GST_STATE_PLAYING, GST_STATE_NULL };
  guint i, k;

  for (i = 0; i < G_N_ELEMENTS (descriptions); i++) {
    GError *err = NULL;
    GstElement *e = gst_parse_launch (descriptions[i], &err);

    fail_unless (e != NULL && err == NULL, "%s: %s", descriptions[i],
        err ? err->message : "?");
    for (k = 0; k < 10; k++)
      cycle (e, up_down, G_N_ELEMENTS (up_down));
    gst_object_unref (e);
  }
}

GST_END_TEST;

static Suite *
states_suite (void)
{
  Suite *s = suite_create ("states");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_state_changes_up_and_down);
  tcase_add_test (tc, test_state_changes_configured);
  return s;
}

GST_CHECK_MAIN (states);
