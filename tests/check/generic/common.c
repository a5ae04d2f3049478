/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* elements/common, the one home of the facts every element shares
 * (issue 15): the DataFrame caps and channel limit, held by every pad
 * template of the project; sample access and the non-finite scan against a
 * plain reference; the array, metadata and bad-setting helpers. */

#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>

#include "gstsldataframe.h"
#include "gstslelement.h"

/* Every audio pad template of every element of our plugins says the same
 * channel limit, and every one that takes both formats and layouts is the
 * DataFrame caps exactly. */
GST_START_TEST (test_pad_templates_use_the_limit)
{
  gchar **plugins = g_strsplit (SL_PLUGIN_NAMES, ",", -1);
  GstCaps *df = gst_caps_from_string (SL_DATA_FRAME_CAPS);
  guint i, audio_templates = 0, dataframe_templates = 0;

  fail_unless (df != NULL);
  for (i = 0; plugins[i]; i++) {
    GList *features =
              gst_registry_get_feature_list_by_plugin (gst_registry_get (),
                  plugins[i]),
          *l;

    for (l = features; l; l = l->next) {
      const GList *t;

      if (!GST_IS_ELEMENT_FACTORY (l->data))
        continue;
      for (t = gst_element_factory_get_static_pad_templates (l->data); t;
           t = t->next) {
        GstStaticPadTemplate *st = t->data;
        GstCaps *caps = gst_static_caps_get (&st->static_caps);
        const GstStructure *s;
        const GValue *ch;

        if (gst_caps_is_any (caps) ||
            !gst_structure_has_name (gst_caps_get_structure (caps, 0),
                "audio/x-raw")) {
          gst_caps_unref (caps);
          continue;
        }
        audio_templates++;
        s = gst_caps_get_structure (caps, 0);
        ch = gst_structure_get_value (s, "channels");
        fail_unless (ch && GST_VALUE_HOLDS_INT_RANGE (ch), "%s:%s",
            GST_OBJECT_NAME (l->data), st->name_template);
        fail_unless_equals_int (gst_value_get_int_range_max (ch),
            SL_MAX_CHANNELS);
        fail_unless_equals_int (gst_value_get_int_range_min (ch), 1);
        if (gst_caps_is_subset (df, caps)) {
          fail_unless (gst_caps_is_equal (df, caps), "%s:%s",
              GST_OBJECT_NAME (l->data), st->name_template);
          dataframe_templates++;
        }
        gst_caps_unref (caps);
      }
    }
    gst_plugin_feature_list_free (features);
  }
  /* slsinesrc, slfilter, slfft, slprint, slframer, slalert, ... */
  fail_unless (dataframe_templates >= 10, "%u", dataframe_templates);
  fail_unless (audio_templates > dataframe_templates);
  gst_caps_unref (df);
  g_strfreev (plugins);
}

GST_END_TEST;

/* sl_sample_load/store against plain indexing, for the four formats */
GST_START_TEST (test_sample_load_store)
{
  const guint channels = 3, n = 5;
  gdouble d[15];
  gfloat f[15];
  guint layout, fmt, c, i;

  for (fmt = 0; fmt < 2; fmt++) {
    for (layout = 0; layout < 2; layout++) {
      gboolean f32 = fmt == 1, planar = layout == 1;
      gpointer base = f32 ? (gpointer) f : (gpointer) d;
      gsize size = f32 ? sizeof (gfloat) : sizeof (gdouble);
      gpointer planes[3];

      for (c = 0; c < channels; c++)
        planes[c] = planar ? (guint8 *) base + c * n * size : base;
      for (c = 0; c < channels; c++)
        for (i = 0; i < n; i++)
          sl_sample_store (planes, channels, c, i, c * 10.0 + i, f32, planar);
      for (c = 0; c < channels; c++)
        for (i = 0; i < n; i++) {
          gsize k = planar ? c * n + i : i * channels + c;
          gdouble raw = f32 ? f[k] : d[k];

          fail_unless_equals_float (raw, c * 10.0 + i);
          fail_unless_equals_float (sl_sample_load (planes, channels, c, i, f32,
                                        planar),
              c * 10.0 + i);
        }
    }
  }
}

GST_END_TEST;

/* The vectorised scan finds one NaN or infinity wherever it is, and only
 * inside the frames it is asked about. */
GST_START_TEST (test_nonfinite_scan)
{
  const gdouble bad[] = { NAN, INFINITY, -INFINITY };
  const guint channels = 2, n = 41;
  gdouble *d = g_new0 (gdouble, channels * n);
  gfloat *f = g_new0 (gfloat, channels * n);
  guint b, fmt, layout, at, c;

  for (b = 0; b < G_N_ELEMENTS (bad); b++)
    for (fmt = 0; fmt < 2; fmt++)
      for (layout = 0; layout < 2; layout++)
        for (c = 0; c < channels; c++)
          for (at = 0; at < n; at++) {
            gboolean f32 = fmt == 1, planar = layout == 1;
            gpointer base = f32 ? (gpointer) f : (gpointer) d;
            gsize size = f32 ? sizeof (gfloat) : sizeof (gdouble);
            gpointer planes[2] = { base,
              planar ? (guint8 *) base + n * size : base };
            gsize from, count;

            memset (d, 0, sizeof (gdouble) * channels * n);
            memset (f, 0, sizeof (gfloat) * channels * n);
            fail_if (sl_samples_have_nonfinite (planes, channels, 0, n, f32,
                planar));
            sl_sample_store (planes, channels, c, at, bad[b], f32, planar);
            for (from = 0; from < n; from += 7)
              for (count = 0; from + count <= n; count += 5) {
                gboolean inside = at >= from && at < from + count;
                gboolean found = sl_samples_have_nonfinite (planes, channels,
                    from, count, f32, planar);

                fail_unless (found == inside, "at %u, frames %u+%u: %d", at,
                    (guint) from, (guint) count, found);
              }
          }
  for (at = 0; at < n; at++) {
    memset (d, 0, sizeof (gdouble) * n);
    fail_if (sl_doubles_have_nonfinite (d, n));
    d[at] = NAN;
    fail_unless (sl_doubles_have_nonfinite (d, n));
    fail_unless_equals_int (sl_doubles_have_nonfinite (d, at), FALSE);
  }
  g_free (d);
  g_free (f);
}

GST_END_TEST;

GST_START_TEST (test_array_helpers)
{
  GValue arr = G_VALUE_INIT, v = G_VALUE_INIT, back = G_VALUE_INIT;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gdouble));
  const gdouble values[] = { 1.5, -2.0, 440.0 };
  const gchar *names[] = { "l", "r", NULL };
  gchar **strv;

  gst_value_array_init (&arr, 4);
  sl_value_array_from_doubles (&arr, values, 3);
  fail_unless (sl_value_array_to_doubles (&arr, out));
  fail_unless_equals_int (out->len, 3);
  fail_unless_equals_float (g_array_index (out, gdouble, 2), 440.0);

  g_value_unset (&arr);

  /* an int is a number; a string is not: NaN in its place */
  gst_value_array_init (&arr, 1);
  g_value_init (&v, G_TYPE_INT);
  g_value_set_int (&v, 7);
  gst_value_array_append_value (&arr, &v);
  g_value_unset (&v);
  fail_unless (sl_value_array_to_doubles (&arr, out));
  fail_unless_equals_int (out->len, 1);
  fail_unless_equals_float (g_array_index (out, gdouble, 0), 7.0);
  g_value_unset (&arr);
  gst_value_array_init (&arr, 1);
  g_value_init (&v, G_TYPE_STRING);
  g_value_set_string (&v, "x");
  gst_value_array_append_value (&arr, &v);
  g_value_unset (&v);
  fail_if (sl_value_array_to_doubles (&arr, out));
  fail_unless_equals_int (out->len, 1);
  fail_unless (isnan (g_array_index (out, gdouble, 0)));
  g_value_unset (&arr);

  gst_value_array_init (&back, 2);
  sl_value_array_from_strv (&back, names);
  strv = sl_value_array_to_strv (&back);
  fail_unless (g_strv_equal ((const gchar *const *) strv, names));
  g_strfreev (strv);
  g_value_unset (&back);
  gst_value_array_init (&back, 0);
  fail_unless (sl_value_array_to_strv (&back) == NULL);
  g_value_unset (&back);
  g_array_unref (out);
}

GST_END_TEST;

GST_START_TEST (test_metadata_and_errors)
{
  GstStructure *s = gst_structure_new ("m", "a", G_TYPE_STRING, "x", "n",
      G_TYPE_INT, 3, NULL);
  GstStructure *md = sl_metadata_from_structure (s);
  GstStructure *empty = gst_structure_new_empty ("m");
  GError *err;

  fail_unless_equals_string (gst_structure_get_string (md, "a"), "x");
  fail_unless_equals_string (gst_structure_get_string (md, "n"), "3");
  fail_unless (sl_metadata_from_structure (empty) == NULL);
  fail_unless (sl_metadata_from_structure (NULL) == NULL);
  gst_structure_free (s);
  gst_structure_free (md);
  gst_structure_free (empty);

  err = g_error_new (GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS, "x");
  fail_unless (sl_error_is_bad_setting (err));
  g_error_free (err);
  err = g_error_new (GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION, "x");
  fail_if (sl_error_is_bad_setting (err));
  g_error_free (err);
}

GST_END_TEST;

static Suite *
common_suite (void)
{
  Suite *s = suite_create ("common");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_pad_templates_use_the_limit);
  tcase_add_test (tc, test_sample_load_store);
  tcase_add_test (tc, test_nonfinite_scan);
  tcase_add_test (tc, test_array_helpers);
  tcase_add_test (tc, test_metadata_and_errors);
  return s;
}

GST_CHECK_MAIN (common);
