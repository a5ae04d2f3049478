/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The JSON pipeline translator. Steps, each refusing the description with
 * a located message before anything is built:
 *
 * 1. sl_json_scan(): size, depth, UTF-8, duplicate keys, RFC 8259 lexemes,
 *    number lexemes recorded per JSON path (json-glib wraps big integers);
 * 2. json-glib builds the tree;
 * 3. nodes: id, type (alias or factory), config keys against GParamSpecs,
 *    values typed and quoted from the spec, resilience block;
 * 4. connections: ends exist, pads exist, no duplicates, no cycle, no
 *    several inputs into one sink pad, no source used as a sink;
 * 5. the line: chains of `element ! queue ! element`, a fanout where a
 *    node has several outputs, references `name.pad` for the rest. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sljsonprivate.h"

G_DEFINE_QUARK (sl-json-error-quark, sl_json_error);

/* ------------------------------------------------------------------ */
/* Aliases and key maps */

static const SlJsonAlias aliases[] = {
  {"sine_generator", "slsinesrc", NULL},
  {"SineGenerator", "slsinesrc", NULL},
  {"AudioSourceNode", "slsinesrc", NULL},
  {"TriggerSourceNode", "slsinesrc", NULL},
  {"gain", "volume", NULL},
  {"Gain", "volume", NULL},
  {"GainNode", "volume", NULL},
  {"print", "slprint", NULL},
  {"Print", "slprint", NULL},
  {"DebugSinkNode", "slprint", NULL},
  {"filter", "slfilter", NULL},
  {"FilterNode", "slfilter", NULL},
  {"fft", "slfft", NULL},
  {"FFTNode", "slfft", NULL},
  {"fanout", "slfanout", "tee"},
  {"Fanout", "slfanout", "tee"},
  {"resilient", "slresilient", NULL},
  {"chaos", "slchaos", NULL},
  {"null_sink", "fakesink", NULL},
  {"window", "slwindow", NULL},
  {"Window", "slwindow", NULL},
  {"WindowNode", "slwindow", NULL},
  {"alert", "slalert", NULL},
  {"Alert", "slalert", NULL},
  {"AlertNode", "slalert", NULL},
  {"validate", "slvalidate", NULL},
  {"Validate", "slvalidate", NULL},
  {"SchemaValidator", "slvalidate", NULL},
  {"merge", "slmerge", NULL},
  {"Merge", "slmerge", NULL},
  {"MergeNode", "slmerge", NULL},
  {"decimate", "sldecimate", NULL},
  {"Decimate", "sldecimate", NULL},
  {"DecimatorNode", "sldecimate", NULL},
  {NULL, NULL, NULL}
};

/* Targets: a property name, or "caps:rate", "caps:channels" (a caps filter
 * after the node), "db:volume" (linear from dB), "interval:samplesperbuffer"
 * (frame length in ms at the node's rate; makes the source live). */
static const SlJsonKeyMap key_maps[] = {
  {"slsinesrc", "sample_rate", "caps:rate", "sample rate in Hz (caps rate)"},
  {"slsinesrc", "num_channels", "caps:channels", "channels (caps channels)"},
  {"slsinesrc", "frame_size", "samplesperbuffer", "samples per frame"},
  {"slsinesrc", "buffer_size", "samplesperbuffer", "samples per frame"},
  {"slsinesrc", "interval_ms", "interval:samplesperbuffer",
      "frame interval in ms: samplesperbuffer = rate * ms / 1000, live"},
  {"slsinesrc", "num_frames", "num-buffers", "frames before EOS"},
  {"volume", "gain", "volume", "linear gain"},
  {"volume", "gain_db", "db:volume", "gain in dB: volume = 10^(dB/20)"},
  {"slfilter", "filter_type", "kind", "filter kind"},
  {"slfilter", "cutoff_hz", "cutoff", "cutoff frequency in Hz"},
  {"slfft", "window_type", "window", "window function"},
  {"slfft", "fft_size", "size", "FFT length"},
  {NULL, NULL, NULL, NULL}
};

/* Keys of a `resilience` block, onto slresilient's properties. */
static const struct
{
  const gchar *key;
  const gchar *prop;
} resilience_keys[] = {
  {"error_policy", "error-policy"},
  {"restart", "restart"},
  {"strategy", "restart"},
  {"base_ms", "restart-base-ms"},
  {"max_ms", "restart-max-ms"},
  {"max_attempts", "restart-max-attempts"},
  {"failure_threshold", "failure-threshold"},
  {"window_ms", "failure-window-ms"},
  {"failure_window_ms", "failure-window-ms"},
  {"reset_timeout_ms", "circuit-timeout-ms"},
  {"circuit_timeout_ms", "circuit-timeout-ms"},
  {"max_retries", "max-retries"},
  {"retry_delay_ms", "retry-delay-ms"},
  {"timeout_ms", "timeout-ms"},
  {NULL, NULL}
};

/* Stock elements that touch neither files nor the network; with our own
 * elements, the only ones a sandboxed description may use. */
static const gchar *sandbox_stock[] = {
  "fakesink", "fakesrc", "queue", "tee", "identity", "volume",
  "audioconvert", "audioresample", "audiotestsrc", "capsfilter",
  "audiomixer", "level", "spectrum", "audiorate", "audiobuffersplit",
  "appsink", "appsrc", "audiocheblimit", "audiochebband", "audioamplify",
  "audiodynamic", "errorignore", "valve", NULL
};

static const gchar *sandbox_plugins[] = { "slaudio", "slflow",
  "slanalytics", NULL
};

static const gchar *top_keys[] = {
  "nodes", "connections", "pipeline_config", "name", "description",
  "version", "$schema", NULL
};

static const gchar *node_keys[] = {
  "id", "type", "config", "resilience", "description", NULL
};

static const gchar *pconfig_keys[] = {
  "channel_capacity", "priority", "policy", "name", NULL
};

static const gchar *priorities[] = { "Critical", "High", "Normal", "Low",
  NULL
};

const SlJsonAlias *
sl_json_aliases (void)
{
  return aliases;
}

const SlJsonKeyMap *
sl_json_key_maps (void)
{
  return key_maps;
}

GstElementClass *
load_class (GstElementFactory * ef)
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

static gboolean
element_allowed (Ctx * ctx, GstElementFactory * ef, const gchar * path)
{
  const gchar *name = GST_OBJECT_NAME (ef);
  const SlJsonOptions *o = ctx->opts;

  if (o->deny && strv_has ((const gchar * const *) o->deny, name))
    return fail (ctx, SL_JSON_ERROR_DENIED, path, "element '%s' is denied",
        name);
  if (o->allow && !strv_has ((const gchar * const *) o->allow, name))
    return fail (ctx, SL_JSON_ERROR_DENIED, path, "element '%s' is not in "
        "the allowed list", name);
  if (o->sandbox) {
    const gchar *plugin = gst_plugin_feature_get_plugin_name
        (GST_PLUGIN_FEATURE (ef));

    if (!strv_has (sandbox_stock, name) && !(plugin
            && strv_has (sandbox_plugins, plugin)))
      return fail (ctx, SL_JSON_ERROR_DENIED, path, "element '%s' is not "
          "allowed in the sandbox (only gst-streamlab elements and stock "
          "elements without file or network access)", name);
  }
  return TRUE;
}

static const SlJsonAlias *
find_alias (const gchar * type)
{
  const SlJsonAlias *a;

  for (a = aliases; a->alias; a++)
    if (strcmp (a->alias, type) == 0)
      return a;
  return NULL;
}

static gboolean
unknown_type (Ctx * ctx, const gchar * path, const gchar * type,
    const gchar * factory)
{
  GPtrArray *cands = g_ptr_array_new ();
  GList *feats, *l;
  const SlJsonAlias *a;
  const gchar *near;
  gboolean ok;

  if (factory)
    return fail (ctx, SL_JSON_ERROR_TYPE, path, "unknown type '%s': its "
        "element '%s' is not installed", type, factory);
  for (a = aliases; a->alias; a++)
    g_ptr_array_add (cands, (gpointer) a->alias);
  feats = gst_registry_get_feature_list (gst_registry_get (),
      GST_TYPE_ELEMENT_FACTORY);
  for (l = feats; l; l = l->next)
    g_ptr_array_add (cands, (gpointer) GST_OBJECT_NAME (l->data));
  near = nearest (type, cands);
  if (near)
    ok = fail (ctx, SL_JSON_ERROR_TYPE, path, "unknown type '%s'; did you "
        "mean '%s'?", type, near);
  else
    ok = fail (ctx, SL_JSON_ERROR_TYPE, path, "unknown type '%s'", type);
  gst_plugin_feature_list_free (feats);
  g_ptr_array_unref (cands);
  return ok;
}

/* A unique element name, derived from @base. */
gchar *
unique_name (Ctx * ctx, const gchar * base)
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

/* ------------------------------------------------------------------ */
/* Nodes */

static gboolean
parse_config (Ctx * ctx, Node * node, JsonObject * config, const gchar * path)
{
  GObjectClass *oc = G_OBJECT_CLASS (node->klass);
  GString *props = g_string_new (NULL);
  GList *members = json_object_get_members (config), *l;
  const gchar *extra[G_N_ELEMENTS (key_maps)];
  guint n_extra = 0, i;
  gboolean ok = TRUE;
  gint frame_ms = -1;
  gchar *frame_path = NULL;

  for (i = 0; key_maps[i].key; i++)
    if (strcmp (key_maps[i].alias_factory, node->factory) == 0)
      extra[n_extra++] = key_maps[i].key;
  extra[n_extra] = NULL;

  for (l = members; l && ok; l = l->next) {
    const gchar *key = l->data;
    JsonNode *v = json_object_get_member (config, key);
    gchar *p = path_key (path, key);
    const SlJsonKeyMap *map = NULL;
    const gchar *target = key;
    GParamSpec *pspec;

    for (i = 0; key_maps[i].key; i++)
      if (strcmp (key_maps[i].alias_factory, node->factory) == 0 &&
          strcmp (key_maps[i].key, key) == 0)
        map = &key_maps[i];
    if (map)
      target = map->target;

    if (g_str_has_prefix (target, "caps:")) {
      gint64 x;

      ok = get_int (ctx, v, p, key, FALSE, 1, G_MAXINT, 0, &x, NULL);
      if (ok && strcmp (target, "caps:channels") == 0 && x > 64)
        ok = fail (ctx, SL_JSON_ERROR_VALUE, p, "%s is out of range: %"
            G_GINT64_FORMAT " is not in [1, 64]", key, x);
      if (ok && strcmp (target, "caps:rate") == 0)
        node->caps_rate = x;
      else if (ok)
        node->caps_channels = x;
    } else if (g_str_has_prefix (target, "interval:")) {
      gint64 x;

      ok = get_int (ctx, v, p, key, FALSE, 1, 3600 * 1000, 0, &x, NULL);
      frame_ms = x;
      frame_path = g_strdup (p);
    } else if (g_str_has_prefix (target, "db:")) {
      gdouble db;

      pspec = find_prop (oc, target + 3);
      ok = get_double (ctx, v, p, key, &db);
      if (ok && pspec && G_IS_PARAM_SPEC_DOUBLE (pspec)) {
        gdouble lin = pow (10.0, db / 20.0);
        GParamSpecDouble *d = G_PARAM_SPEC_DOUBLE (pspec);

        if (lin < d->minimum || lin > d->maximum) {
          gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

          ok = fail (ctx, SL_JSON_ERROR_VALUE, p, "%s is out of range: %s dB "
              "is a gain of %s, above the maximum %g", key,
              lexeme (ctx, p), g_ascii_formatd (buf, sizeof (buf), "%.6g",
                  lin), d->maximum);
        } else {
          g_string_append_printf (props, " %s=", pspec->name);
          append_double (props, lin);
        }
      } else if (ok) {
        ok = unknown_key (ctx, p, key, oc, node->factory, extra);
      }
    } else {
      pspec = find_prop (oc, target);
      if (pspec == NULL)
        ok = unknown_key (ctx, p, key, oc, node->factory, extra);
      else {
        if (strcmp (pspec->name, "mode") == 0)
          node->has_mode = TRUE;
        if (strcmp (pspec->name, "num-buffers") == 0)
          node->has_num_buffers = TRUE;
        ok = append_property (ctx, props, pspec, v, p, key);
      }
    }
    g_free (p);
  }
  g_list_free (members);

  if (ok && frame_ms > 0) {
    gint rate = node->caps_rate ? node->caps_rate : 48000;
    GParamSpec *spb = find_prop (oc, "samplesperbuffer");
    gint64 spf = (gint64) rate * frame_ms / 1000;

    if (spb == NULL || spf < 1)
      ok = fail (ctx, SL_JSON_ERROR_VALUE, frame_path, "interval_ms gives "
          "frames of %" G_GINT64_FORMAT " samples at %d Hz", spf, rate);
    else {
      g_string_append_printf (props, " samplesperbuffer=%" G_GINT64_FORMAT
          " is-live=true", spf);
      node->caps_rate = rate;
    }
  }
  g_free (frame_path);
  node->props = g_string_free (props, FALSE);
  return ok;
}

static gboolean
parse_resilience (Ctx * ctx, Node * node, JsonNode * rn, const gchar * path)
{
  GstElementFactory *ef = gst_element_factory_find ("slresilient");
  GString *props;
  JsonObject *ro;
  GList *members, *l;
  gboolean ok = TRUE;
  GObjectClass *oc;
  const gchar *keys[G_N_ELEMENTS (resilience_keys)];
  guint i;

  if (!JSON_NODE_HOLDS_OBJECT (rn))
    return fail (ctx, SL_JSON_ERROR_SHAPE, path, "resilience must be an "
        "object, not %s", json_kind (rn));
  if (!ef)
    return fail (ctx, SL_JSON_ERROR_TYPE, path, "unknown type 'slresilient': "
        "the element for resilience blocks is not installed");
  if (!element_allowed (ctx, ef, path)) {
    gst_object_unref (ef);
    return FALSE;
  }
  node->res_klass = load_class (ef);
  gst_object_unref (ef);
  if (!node->res_klass)
    return fail (ctx, SL_JSON_ERROR_TYPE, path, "cannot load 'slresilient'");
  oc = G_OBJECT_CLASS (node->res_klass);
  for (i = 0; resilience_keys[i].key; i++)
    keys[i] = resilience_keys[i].key;
  keys[i] = NULL;

  props = g_string_new (NULL);
  ro = json_node_get_object (rn);
  members = json_object_get_members (ro);
  for (l = members; l && ok; l = l->next) {
    const gchar *key = l->data, *target = key;
    JsonNode *v = json_object_get_member (ro, key);
    gchar *p = path_key (path, key);
    GParamSpec *pspec;

    for (i = 0; resilience_keys[i].key; i++)
      if (strcmp (resilience_keys[i].key, key) == 0)
        target = resilience_keys[i].prop;

    /* "restart": {"strategy": "exponential", "base_ms": 10, ...} */
    if (strcmp (key, "restart") == 0 && JSON_NODE_HOLDS_OBJECT (v)) {
      JsonObject *o = json_node_get_object (v);
      GList *rm = json_object_get_members (o), *k;

      for (k = rm; k && ok; k = k->next) {
        const gchar *rk = k->data, *rt = rk;
        gchar *rp = path_key (p, rk);

        for (i = 0; resilience_keys[i].key; i++)
          if (strcmp (resilience_keys[i].key, rk) == 0)
            rt = resilience_keys[i].prop;
        if (strcmp (rk, "type") == 0)
          rt = "restart";
        pspec = find_prop (oc, rt);
        if (!pspec)
          ok = unknown_key (ctx, rp, rk, oc, "a resilience block", keys);
        else
          ok = append_property (ctx, props, pspec, json_object_get_member (o,
                  rk), rp, rk);
        g_free (rp);
      }
      g_list_free (rm);
    } else {
      pspec = find_prop (oc, target);
      if (!pspec)
        ok = unknown_key (ctx, p, key, oc, "a resilience block", keys);
      else
        ok = append_property (ctx, props, pspec, v, p, key);
    }
    g_free (p);
  }
  g_list_free (members);
  node->res_props = g_string_free (props, FALSE);
  return ok;
}

static gboolean
parse_node (Ctx * ctx, JsonNode * jn, guint index)
{
  gchar *path = g_strdup_printf ("nodes[%u]", index), *p;
  JsonObject *o;
  JsonNode *idn, *typen, *confn, *resn;
  const gchar *type;
  const SlJsonAlias *alias;
  Node *node;
  gboolean ok = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (jn)) {
    fail (ctx, SL_JSON_ERROR_SHAPE, path, "a node must be an object, not %s",
        json_kind (jn));
    goto done;
  }
  o = json_node_get_object (jn);
  if (!check_keys (ctx, o, path, node_keys, "a node"))
    goto done;
  idn = json_object_get_member (o, "id");
  typen = json_object_get_member (o, "type");
  if (!idn) {
    fail (ctx, SL_JSON_ERROR_SHAPE, path, "missing required key 'id'");
    goto done;
  }
  p = path_key (path, "id");
  if (!is_string (idn)) {
    fail (ctx, SL_JSON_ERROR_SHAPE, p, "id must be a string, not %s",
        json_kind (idn));
    g_free (p);
    goto done;
  }
  if (!valid_name (json_node_get_string (idn), FALSE)) {
    fail (ctx, SL_JSON_ERROR_SHAPE, p, "invalid id '%s': use 1 to 64 "
        "letters, digits, '_' or '-' (not first)", json_node_get_string (idn));
    g_free (p);
    goto done;
  }
  if (g_hash_table_contains (ctx->by_id, json_node_get_string (idn))) {
    fail (ctx, SL_JSON_ERROR_SHAPE, p, "duplicate id '%s'",
        json_node_get_string (idn));
    g_free (p);
    goto done;
  }
  g_free (p);
  if (!typen) {
    fail (ctx, SL_JSON_ERROR_SHAPE, path, "missing required key 'type'");
    goto done;
  }

  node = g_new0 (Node, 1);
  node->index = index;
  node->id = g_strdup (json_node_get_string (idn));
  node->in = g_ptr_array_new ();
  node->out = g_ptr_array_new ();
  g_ptr_array_add (ctx->nodes, node);
  g_hash_table_insert (ctx->by_id, node->id, node);
  g_hash_table_add (ctx->names, g_strdup (node->id));

  p = path_key (path, "type");
  if (!is_string (typen)) {
    fail (ctx, SL_JSON_ERROR_SHAPE, p, "type must be a string, not %s",
        json_kind (typen));
    g_free (p);
    goto done;
  }
  type = json_node_get_string (typen);
  alias = find_alias (type);
  node->factory = g_strdup (alias ? alias->factory : type);
  if (valid_name (node->factory, FALSE))
    node->ef = gst_element_factory_find (node->factory);
  if (!node->ef && alias && alias->fallback) {
    g_free (node->factory);
    node->factory = g_strdup (alias->fallback);
    node->ef = gst_element_factory_find (node->factory);
  }
  if (!node->ef) {
    unknown_type (ctx, p, type, alias ? alias->factory : NULL);
    g_free (p);
    goto done;
  }
  if (!element_allowed (ctx, node->ef, p)) {
    g_free (p);
    goto done;
  }
  node->klass = load_class (node->ef);
  if (!node->klass) {
    fail (ctx, SL_JSON_ERROR_TYPE, p, "cannot load element '%s'",
        node->factory);
    g_free (p);
    goto done;
  }
  g_free (p);

  confn = json_object_get_member (o, "config");
  if (confn) {
    p = path_key (path, "config");
    if (!JSON_NODE_HOLDS_OBJECT (confn)) {
      fail (ctx, SL_JSON_ERROR_SHAPE, p, "config must be an object, not %s",
          json_kind (confn));
      g_free (p);
      goto done;
    }
    ok = parse_config (ctx, node, json_node_get_object (confn), p);
    g_free (p);
    if (!ok)
      goto done;
  } else {
    node->props = g_strdup ("");
  }
  if (strcmp (type, "TriggerSourceNode") == 0 && !node->has_mode) {
    gchar *np = g_strconcat (node->props, " mode=triggered is-live=true",
        NULL);

    g_free (node->props);
    node->props = np;
    node->has_mode = TRUE;
  }

  resn = json_object_get_member (o, "resilience");
  if (resn) {
    p = path_key (path, "resilience");
    ok = parse_resilience (ctx, node, resn, p);
    g_free (p);
    if (!ok)
      goto done;
  }
  ok = TRUE;
done:
  g_free (path);
  return ok;
}

/* ------------------------------------------------------------------ */

static gboolean
parse_pipeline_config (Ctx * ctx, JsonNode * pc, SlJsonPipeline * res)
{
  JsonObject *o;
  JsonNode *v;

  if (!JSON_NODE_HOLDS_OBJECT (pc))
    return fail (ctx, SL_JSON_ERROR_SHAPE, "pipeline_config", "must be an "
        "object, not %s", json_kind (pc));
  o = json_node_get_object (pc);
  if (!check_keys (ctx, o, "pipeline_config", pconfig_keys,
          "pipeline_config"))
    return FALSE;
  if ((v = json_object_get_member (o, "channel_capacity"))) {
    gint64 c;

    if (!get_int (ctx, v, "pipeline_config.channel_capacity",
            "channel_capacity", FALSE, 1, 1000000, 0, &c, NULL))
      return FALSE;
    ctx->capacity = c;
  }
  if ((v = json_object_get_member (o, "policy")) &&
      !parse_policy (ctx, v, "pipeline_config.policy", &ctx->policy))
    return FALSE;
  if ((v = json_object_get_member (o, "name"))) {
    if (!is_string (v))
      return fail (ctx, SL_JSON_ERROR_VALUE, "pipeline_config.name", "name "
          "must be a string, not %s", json_kind (v));
    res->name = g_strdup (json_node_get_string (v));
  }
  if ((v = json_object_get_member (o, "priority"))) {
    guint i;

    for (i = 0; is_string (v) && priorities[i]; i++) {
      if (g_ascii_strcasecmp (json_node_get_string (v), priorities[i]) == 0) {
        res->priority = i;
        return TRUE;
      }
    }
    return fail (ctx, SL_JSON_ERROR_VALUE, "pipeline_config.priority",
        "priority must be one of Critical, High, Normal, Low");
  }
  return TRUE;
}

static void
apply_triggers (Ctx * ctx, Node * n)
{
  GParamSpec *mode = g_object_class_find_property (G_OBJECT_CLASS (n->klass),
      "mode");
  GParamSpec *nb = g_object_class_find_property (G_OBJECT_CLASS (n->klass),
      "num-buffers");
  GString *props;

  if (!mode || !G_IS_PARAM_SPEC_ENUM (mode) || !g_signal_lookup ("trigger",
          G_TYPE_FROM_CLASS (n->klass)))
    return;
  props = g_string_new (n->props);
  if (!n->has_mode)
    g_string_append (props, " mode=triggered");
  /* live from the start, so that the pipeline does not wait for a
   * preroll frame that only a trigger can produce */
  if (g_object_class_find_property (G_OBJECT_CLASS (n->klass), "is-live")
      && !strstr (props->str, " is-live="))
    g_string_append (props, " is-live=true");
  if (nb && !n->has_num_buffers)
    g_string_append_printf (props, " num-buffers=%u", ctx->opts->triggers);
  g_free (n->props);
  n->props = g_string_free (props, FALSE);
}

SlJsonPipeline *
sl_json_translate (const gchar * text, gssize len, const gchar * filename,
    const SlJsonOptions * options, GError ** error)
{
  static const SlJsonOptions defaults = { 0, };
  Ctx ctx = { 0, };
  SlJsonScanLimits limits = { 0, };
  SlJsonPipeline *res = NULL;
  JsonParser *parser = NULL;
  JsonNode *root, *nodes, *conns, *pc;
  JsonObject *ro;
  GPtrArray *order = NULL;
  GError *jerr = NULL;
  guint line = 0, col = 0, i, max_nodes;
  gchar *msg = NULL;
  SlJsonScanStatus st;

  g_return_val_if_fail (text != NULL, NULL);
  ctx.filename = filename ? filename : "<description>";
  ctx.opts = options ? options : &defaults;
  ctx.capacity = SL_JSON_DEFAULT_CHANNEL_CAPACITY;
  if (len < 0)
    len = strlen (text);
  limits.max_size = ctx.opts->max_size;
  limits.max_depth = ctx.opts->max_depth;
  max_nodes = ctx.opts->max_nodes ? ctx.opts->max_nodes :
      SL_JSON_DEFAULT_MAX_NODES;

  st = sl_json_scan (text, len, &limits, &ctx.scan, &line, &col, &msg);
  if (st != SL_JSON_SCAN_OK) {
    g_set_error (error, SL_JSON_ERROR, st == SL_JSON_SCAN_LIMIT ?
        SL_JSON_ERROR_LIMIT : SL_JSON_ERROR_SYNTAX, "%s:%u:%u: %s",
        ctx.filename, line, col, msg);
    g_free (msg);
    return NULL;
  }

  res = g_new0 (SlJsonPipeline, 1);
  res->nodes = g_ptr_array_new ();
  res->priority = SL_JSON_PRIORITY_NORMAL;
  ctx.nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  ctx.edges = g_ptr_array_new_with_free_func ((GDestroyNotify) edge_free);
  ctx.by_id = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, len, &jerr)) {
    fail (&ctx, SL_JSON_ERROR_SYNTAX, NULL, "%s", jerr->message);
    g_clear_error (&jerr);
    goto out;
  }
  root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root)) {
    fail (&ctx, SL_JSON_ERROR_SHAPE, NULL, "the description must be an "
        "object with 'nodes' and 'connections', not %s",
        root ? json_kind (root) : "empty");
    goto out;
  }
  ro = json_node_get_object (root);
  if (!check_keys (&ctx, ro, "", top_keys, "the description"))
    goto out;
  if ((pc = json_object_get_member (ro, "pipeline_config")) &&
      !parse_pipeline_config (&ctx, pc, res))
    goto out;

  nodes = json_object_get_member (ro, "nodes");
  if (!nodes) {
    fail (&ctx, SL_JSON_ERROR_SHAPE, NULL, "missing required key 'nodes'");
    goto out;
  }
  if (!JSON_NODE_HOLDS_ARRAY (nodes)) {
    fail (&ctx, SL_JSON_ERROR_SHAPE, "nodes", "nodes must be an array, not "
        "%s", json_kind (nodes));
    goto out;
  }
  if (json_array_get_length (json_node_get_array (nodes)) == 0) {
    fail (&ctx, SL_JSON_ERROR_SHAPE, "nodes", "there are no nodes");
    goto out;
  }
  if (json_array_get_length (json_node_get_array (nodes)) > max_nodes) {
    fail (&ctx, SL_JSON_ERROR_LIMIT, "nodes", "%u nodes is more than the "
        "limit of %u", json_array_get_length (json_node_get_array (nodes)),
        max_nodes);
    goto out;
  }
  for (i = 0; i < json_array_get_length (json_node_get_array (nodes)); i++)
    if (!parse_node (&ctx, json_array_get_element (json_node_get_array
                (nodes), i), i))
      goto out;

  conns = json_object_get_member (ro, "connections");
  if (conns && !JSON_NODE_HOLDS_ARRAY (conns)) {
    fail (&ctx, SL_JSON_ERROR_SHAPE, "connections", "connections must be an "
        "array, not %s", json_kind (conns));
    goto out;
  }
  if (!conns && ctx.nodes->len > 1) {
    fail (&ctx, SL_JSON_ERROR_SHAPE, NULL, "missing required key "
        "'connections'");
    goto out;
  }
  for (i = 0; conns && i < json_array_get_length (json_node_get_array
          (conns)); i++)
    if (!parse_connection (&ctx, json_array_get_element (json_node_get_array
                (conns), i), i))
      goto out;

  for (i = 0; i < ctx.nodes->len; i++)
    if (!check_inputs (&ctx, ctx.nodes->pdata[i]))
      goto out;
  order = g_ptr_array_new ();
  if (!check_cycles (&ctx, order))
    goto out;
  for (i = 0; i < ctx.nodes->len; i++)
    if (!check_open_ends (&ctx, ctx.nodes->pdata[i]))
      goto out;

  for (i = 0; i < ctx.nodes->len; i++) {
    Node *n = ctx.nodes->pdata[i];
    SlJsonNodeInfo *info = g_new0 (SlJsonNodeInfo, 1);

    if (ctx.opts->triggers && n->in->len == 0)
      apply_triggers (&ctx, n);
    info->id = g_strdup (n->id);
    info->factory = g_strdup (n->factory);
    info->is_source = n->in->len == 0;
    info->is_sink = n->out->len == 0;
    g_ptr_array_add (res->nodes, info);
  }
  res->channel_capacity = ctx.capacity;
  res->description = build_line (&ctx, order);
  res->argv = split_words (res->description);
  res->line = shell_join (res->argv);

out:
  if (order)
    g_ptr_array_unref (order);
  g_clear_object (&parser);
  g_ptr_array_unref (ctx.edges);
  g_ptr_array_unref (ctx.nodes);
  g_hash_table_unref (ctx.by_id);
  g_hash_table_unref (ctx.names);
  sl_json_scan_clear (&ctx.scan);
  if (ctx.error) {
    g_propagate_error (error, ctx.error);
    sl_json_pipeline_free (res);
    return NULL;
  }
  return res;
}

SlJsonPipeline *
sl_json_translate_file (const gchar * filename, const SlJsonOptions * options,
    GError ** error)
{
  const SlJsonOptions defaults = { 0, };
  const SlJsonOptions *o = options ? options : &defaults;
  gsize max = o->max_size ? o->max_size : SL_JSON_DEFAULT_MAX_SIZE;
  GMappedFile *mf;
  SlJsonPipeline *res;
  GError *err = NULL;
  GStatBuf sb;

  if (g_stat (filename, &sb) == 0 && (gsize) sb.st_size > max) {
    g_set_error (error, SL_JSON_ERROR, SL_JSON_ERROR_LIMIT, "%s: file of %"
        G_GINT64_FORMAT " bytes is larger than the limit of %" G_GSIZE_FORMAT
        " bytes", filename, (gint64) sb.st_size, max);
    return NULL;
  }
  mf = g_mapped_file_new (filename, FALSE, &err);
  if (!mf) {
    g_set_error (error, SL_JSON_ERROR, SL_JSON_ERROR_SHAPE, "%s: %s",
        filename, err->message);
    g_error_free (err);
    return NULL;
  }
  res = sl_json_translate (g_mapped_file_get_contents (mf) ?
      g_mapped_file_get_contents (mf) : "", g_mapped_file_get_length (mf),
      filename, options, error);
  g_mapped_file_unref (mf);
  return res;
}

static void
node_info_free (SlJsonNodeInfo * i)
{
  g_free (i->id);
  g_free (i->factory);
  g_free (i);
}

void
sl_json_pipeline_free (SlJsonPipeline * p)
{
  if (!p)
    return;
  g_free (p->line);
  g_free (p->description);
  g_strfreev (p->argv);
  g_free (p->name);
  g_ptr_array_foreach (p->nodes, (GFunc) node_info_free, NULL);
  g_ptr_array_unref (p->nodes);
  g_free (p);
}
