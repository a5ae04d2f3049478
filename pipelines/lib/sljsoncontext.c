/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The translation context every step of the translator works in: the
 * error it fails with (and where it is), the notes it collects, the
 * element names it hands out, the element classes it loads, the nodes and
 * connections it frees. It calls no other file of the translator, so the
 * steps (sljsonvalue.c, sljsongraph.c, sljsonline.c, sljsonplan.c) depend
 * on it and on each other in one direction only, and sljsontranslate.c
 * on all of them. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "sljsonprivate.h"

/* An extended error domain: each error also carries where it is (the JSON
 * path, or line and column for syntax errors), read back with
 * sl_json_error_get_path() and sl_json_error_get_position(). */
typedef struct
{
  gchar *path;
  guint line, column;
} SlJsonErrorPrivate;

static void
sl_json_error_private_init (SlJsonErrorPrivate *priv)
{
}

static void
sl_json_error_private_copy (const SlJsonErrorPrivate *src,
    SlJsonErrorPrivate *dest)
{
  dest->path = g_strdup (src->path);
  dest->line = src->line;
  dest->column = src->column;
}

static void
sl_json_error_private_clear (SlJsonErrorPrivate *priv)
{
  g_clear_pointer (&priv->path, g_free);
}

G_DEFINE_EXTENDED_ERROR (SlJsonError, sl_json_error);

void
sl_json_error_set_location (GError *error, const gchar *path, guint line,
    guint column)
{
  SlJsonErrorPrivate *priv = error && error->domain == SL_JSON_ERROR
      ? sl_json_error_get_private (error)
      : NULL;

  if (priv == NULL)
    return;
  g_free (priv->path);
  priv->path = g_strdup (path && *path ? path : NULL);
  priv->line = line;
  priv->column = column;
}

const gchar *
sl_json_error_get_path (const GError *error)
{
  SlJsonErrorPrivate *priv = error && error->domain == SL_JSON_ERROR
      ? sl_json_error_get_private (error)
      : NULL;

  return priv ? priv->path : NULL;
}

gboolean
sl_json_error_get_position (const GError *error, guint *line, guint *column)
{
  SlJsonErrorPrivate *priv = error && error->domain == SL_JSON_ERROR
      ? sl_json_error_get_private (error)
      : NULL;

  if (priv == NULL || priv->line == 0)
    return FALSE;
  if (line)
    *line = priv->line;
  if (column)
    *column = priv->column;
  return TRUE;
}

void
sl_json_fail (Ctx *ctx, SlJsonError code, const gchar *path,
    const gchar *format, ...)
{
  va_list args;
  gchar *msg;

  if (ctx->error)
    return;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (path && *path)
    ctx->error = g_error_new (SL_JSON_ERROR, code, "%s: %s: %s", ctx->filename,
        path, msg);
  else
    ctx->error =
        g_error_new (SL_JSON_ERROR, code, "%s: %s", ctx->filename, msg);
  sl_json_error_set_location (ctx->error, path, 0, 0);
  g_free (msg);
}

/* Something accepted but adapted, said on stderr by the runner. */
void
sl_json_note (Ctx *ctx, const gchar *path, const gchar *format, ...)
{
  va_list args;
  gchar *msg;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (path && *path)
    g_ptr_array_add (ctx->notes,
        g_strdup_printf ("%s: %s: %s", ctx->filename, path, msg));
  else
    g_ptr_array_add (ctx->notes,
        g_strdup_printf ("%s: %s", ctx->filename, msg));
  g_free (msg);
}

void
sl_json_node_free (Node *n)
{
  g_free (n->id);
  g_free (n->type);
  g_free (n->tap);
  g_free (n->funnel);
  g_free (n->drop);
  g_free (n->factory);
  g_free (n->props);
  g_free (n->res_props);
  if (n->ef)
    gst_object_unref (n->ef);
  if (n->klass)
    g_type_class_unref (n->klass);
  if (n->res_klass)
    g_type_class_unref (n->res_klass);
  g_ptr_array_unref (n->in);
  g_ptr_array_unref (n->out);
  g_free (n);
}

void
sl_json_edge_free (Edge *e)
{
  g_free (e->from_pad);
  g_free (e->to_pad);
  g_free (e->branch_ref);
  g_free (e);
}

/* A unique element name, derived from @base. */
gchar *
sl_json_unique_name (Ctx *ctx, const gchar *base)
{
  gchar *name = g_strdup (base);
  guint i = 1;

  while (g_hash_table_contains (ctx->names, name)) {
    g_free (name);
    name = g_strdup_printf ("%s%u", base, i++);
  }
  g_hash_table_add (ctx->names, g_strdup (name));
  return name;
}

GstElementClass *
sl_json_load_class (GstElementFactory *ef)
{
  GstPluginFeature *loaded = gst_plugin_feature_load (GST_PLUGIN_FEATURE (ef));
  GType t;

  if (!loaded)
    return NULL;
  t = gst_element_factory_get_element_type (GST_ELEMENT_FACTORY (loaded));
  gst_object_unref (loaded);
  if (t == G_TYPE_INVALID)
    return NULL;
  return g_type_class_ref (t);
}

/* A feature of one of gst-streamlab's plugins: its plugin says so in its
 * source module (PACKAGE, which GST_PLUGIN_DEFINE records), so the plugin
 * list is not repeated here (it is sl_plugin_defs in plugins/meson.build). */
gboolean
sl_json_feature_is_ours (GstPluginFeature *feature)
{
  GstPlugin *plugin = gst_plugin_feature_get_plugin (feature);
  gboolean ours;

  if (!plugin)
    return FALSE;
  ours = g_strcmp0 (gst_plugin_get_source (plugin), PACKAGE) == 0;
  gst_object_unref (plugin);
  return ours;
}
