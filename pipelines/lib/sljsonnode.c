/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The nodes of a JSON description (step 3 of the translator): the type
 * (a StreamLab alias or an element factory), the sandbox, the config keys
 * against the element's GParamSpecs, the resilience block. An sljsonbin
 * node's own description is checked through ctx->check_embedded, which
 * sljsontranslate.c sets: the translator is called back, not called up
 * the layers (sljsonprivate.h). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sljsonprivate.h"

/* ------------------------------------------------------------------ */
/* Aliases and key maps */

static const SlJsonAlias aliases[] = { { "sine_generator", "slsinesrc", NULL },
  { "SineGenerator", "slsinesrc", NULL },
  { "AudioSourceNode", "slsinesrc", NULL },
  { "TriggerSourceNode", "slsinesrc", NULL }, { "gain", "volume", NULL },
  { "Gain", "volume", NULL }, { "GainNode", "volume", NULL },
  { "print", "slprint", NULL }, { "Print", "slprint", NULL },
  { "DebugSinkNode", "slprint", NULL }, { "filter", "slfilter", NULL },
  { "FilterNode", "slfilter", NULL }, { "fft", "slfft", NULL },
  { "FFTNode", "slfft", NULL }, { "fanout", "slfanout", "tee" },
  { "Fanout", "slfanout", "tee" }, { "resilient", "slresilient", NULL },
  { "chaos", "slchaos", NULL }, { "null_sink", "fakesink", NULL },
  /* the GUI's palette ids */
  { "audio_source", "slsinesrc", NULL },
  { "trigger_source", "slsinesrc", NULL }, { "debug_sink", "slprint", NULL },
  { "framer", "slframer", NULL }, { "record", "slsend", NULL },
  { "replay", "slreceive", NULL }, { "send", "slsend", NULL },
  { "receive", "slreceive", NULL }, { "window", "slwindow", NULL },
  { "Window", "slwindow", NULL }, { "WindowNode", "slwindow", NULL },
  { "alert", "slalert", NULL }, { "Alert", "slalert", NULL },
  { "AlertNode", "slalert", NULL }, { "validate", "slvalidate", NULL },
  { "Validate", "slvalidate", NULL }, { "SchemaValidator", "slvalidate", NULL },
  { "merge", "slmerge", NULL }, { "Merge", "slmerge", NULL },
  { "MergeNode", "slmerge", NULL }, { "decimate", "sldecimate", NULL },
  { "Decimate", "sldecimate", NULL }, { "DecimatorNode", "sldecimate", NULL },
  { NULL, NULL, NULL } };

/* StreamLab's node kinds by type name: what StreamLab does with them
 * beyond the element's properties (pacing, triggers, one spectrum per
 * frame, printing in the middle of a chain). */
static const struct
{
  const gchar *type;
  SlKind kind;
} sl_kinds[] = { { "SineGenerator", SL_KIND_SOURCE },
  { "sine_generator", SL_KIND_SOURCE }, { "AudioSourceNode", SL_KIND_SOURCE },
  { "audio_source", SL_KIND_SOURCE }, { "TriggerSourceNode", SL_KIND_TRIGGER },
  { "trigger_source", SL_KIND_TRIGGER }, { "Print", SL_KIND_PRINT },
  { "print", SL_KIND_PRINT }, { "DebugSinkNode", SL_KIND_PRINT },
  { "debug_sink", SL_KIND_PRINT }, { "FFTNode", SL_KIND_FFT },
  { "fft", SL_KIND_FFT }, { "GainNode", SL_KIND_GAIN },
  { "Gain", SL_KIND_GAIN }, { "gain", SL_KIND_GAIN },
  { "FilterNode", SL_KIND_FILTER }, { "filter", SL_KIND_FILTER },
  { NULL, SL_KIND_NONE } };

/* StreamLab's limits where they are narrower than the element's */
#define SL_MAX_CHANNELS 32
#define SL_MAX_GAIN_DB 80.0

/* Targets: a property name, or "caps:rate", "caps:channels" (a caps filter
 * after the node), "db:volume" (linear from dB), "interval:samplesperbuffer"
 * (frame length in ms at the node's rate; makes the source live). */
static const SlJsonKeyMap key_maps[] = {
  { "slsinesrc", "sample_rate", "caps:rate", "sample rate in Hz (caps rate)" },
  { "slsinesrc", "num_channels", "caps:channels", "channels (caps channels)" },
  { "slsinesrc", "frame_size", "samplesperbuffer", "samples per frame" },
  { "slsinesrc", "buffer_size", "samplesperbuffer", "samples per frame" },
  { "slsinesrc", "interval_ms", "interval:samplesperbuffer",
      "frame interval in ms: samplesperbuffer = rate * ms / 1000, live" },
  { "slsinesrc", "num_frames", "num-buffers", "frames before EOS" },
  { "volume", "gain", "volume", "linear gain" },
  { "volume", "gain_db", "db:volume", "gain in dB: volume = 10^(dB/20)" },
  { "slfilter", "filter_type", "kind", "filter kind" },
  { "slfilter", "cutoff_hz", "cutoff", "cutoff frequency in Hz" },
  { "slfft", "window_type", "window", "window function" },
  { "slfft", "fft_size", "size", "FFT length" },
  { "slfilter", "type", "kind", "filter kind (the GUI's key)" },
  { "slprint", "log_level",
      "ignore:", "StreamLab's log level: accepted, every frame is printed" },
  { "slsinesrc", "device_profile_id", "ignore:",
      "StreamLab's audio device profile: accepted, the source is a "
      "generator (no device here)" },
  { "slframer", "frame_size", "samplesperbuffer", "samples per frame" },
  { "slsend", "path", "location", "file the frames are recorded to" },
  { "slreceive", "path", "location", "recording the frames are replayed from" },
  { NULL, NULL, NULL, NULL }
};

/* Keys of a `resilience` block, in the order the schema lists them. A key
 * with no property is the slresilient property of that name, found in the
 * element's class (sl_json_find_prop: '_' for '-'); the others are
 * StreamLab's other names for a property. */
static const struct
{
  const gchar *key;
  const gchar *prop;
} resilience_keys[] = { { "error_policy", NULL }, { "restart", NULL },
  { "strategy", "restart" }, { "base_ms", "restart-base-ms" },
  { "max_ms", "restart-max-ms" }, { "max_attempts", "restart-max-attempts" },
  { "failure_threshold", NULL }, { "window_ms", "failure-window-ms" },
  { "failure_window_ms", NULL }, { "reset_timeout_ms", "circuit-timeout-ms" },
  { "circuit_timeout_ms", NULL }, { "max_retries", NULL },
  { "retry_delay_ms", NULL }, { "timeout_ms", NULL }, { NULL, NULL } };

/* Stock elements that touch neither files nor the network; with our own
 * elements (sl_json_feature_is_ours), the only ones a sandboxed description
 * may use. */
static const gchar *sandbox_stock[] = { "fakesink", "fakesrc", "queue", "tee",
  "identity", "volume", "audioconvert", "audioresample", "audiotestsrc",
  "capsfilter", "audiomixer", "level", "spectrum", "audiorate",
  "audiobuffersplit", "appsink", "appsrc", "audiocheblimit", "audiochebband",
  "audioamplify", "audiodynamic", "errorignore", "valve", "funnel", NULL };

/* Our own elements that write files or use the network: not in the
 * sandbox. */
static const gchar *sandbox_own_io[] = { "slsend", "slreceive", NULL };

static const gchar *node_keys[] = { "id", "type", "config", "resilience",
  "description",
  /* the GUI's deploy format: `parameters` is the config, `position` is
   * ignored */
  "parameters", "position",
  /* across hosts: the host whose part runs the node */
  "host", NULL };

/* the property (or its name with '_') a resilience key sets */
static const gchar *
resilience_prop (guint i)
{
  return resilience_keys[i].prop ? resilience_keys[i].prop
                                 : resilience_keys[i].key;
}

/* The node part of the translator's tables (sl_json_tables) */
void
sl_json_node_tables (SlJsonTables *t)
{
  static const gchar *res_keys[2 * G_N_ELEMENTS (resilience_keys)];
  guint i;

  for (i = 0; resilience_keys[i].key; i++) {
    res_keys[2 * i] = resilience_keys[i].key;
    res_keys[2 * i + 1] = resilience_prop (i);
  }
  res_keys[2 * i] = NULL;
  t->node_keys = node_keys;
  t->resilience_keys = res_keys;
  t->max_channels = SL_MAX_CHANNELS;
  t->max_gain_db = SL_MAX_GAIN_DB;
}

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

static gboolean
element_allowed (Ctx *ctx, GstElementFactory *ef, const gchar *path)
{
  const gchar *name = GST_OBJECT_NAME (ef);
  const SlJsonOptions *o = ctx->opts;

  if (o->deny && sl_json_strv_has ((const gchar *const *) o->deny, name)) {
    sl_json_fail (ctx, SL_JSON_ERROR_DENIED, path, "element '%s' is denied",
        name);
    return FALSE;
  }
  if (o->allow && !sl_json_strv_has ((const gchar *const *) o->allow, name)) {
    sl_json_fail (ctx, SL_JSON_ERROR_DENIED, path,
        "element '%s' is not in "
        "the allowed list",
        name);
    return FALSE;
  }
  if (o->sandbox && !o->allow && sl_json_strv_has (sandbox_own_io, name)) {
    sl_json_fail (ctx, SL_JSON_ERROR_DENIED, path,
        "element '%s' is not "
        "allowed in the sandbox (it reads or writes files or uses the "
        "network; --allow-any lifts it)",
        name);
    return FALSE;
  }
  /* a factory named in the allowed list is an explicit permission */
  if (o->sandbox && !o->allow) {
    if (!sl_json_strv_has (sandbox_stock, name) &&
        !sl_json_feature_is_ours (GST_PLUGIN_FEATURE (ef))) {
      sl_json_fail (ctx, SL_JSON_ERROR_DENIED, path,
          "element '%s' is not "
          "allowed in the sandbox (only gst-streamlab elements and stock "
          "elements without file or network access; --allow-any lifts it)",
          name);
      return FALSE;
    }
  }
  return TRUE;
}

static const SlJsonAlias *
find_alias (const gchar *type)
{
  const SlJsonAlias *a;

  for (a = aliases; a->alias; a++)
    if (strcmp (a->alias, type) == 0)
      return a;
  return NULL;
}

SlKind
sl_json_kind_of (const gchar *type)
{
  guint i;

  for (i = 0; sl_kinds[i].type; i++)
    if (strcmp (sl_kinds[i].type, type) == 0)
      return sl_kinds[i].kind;
  return SL_KIND_NONE;
}

static gboolean
unknown_type (Ctx *ctx, const gchar *path, const gchar *type,
    const gchar *factory)
{
  GPtrArray *cands = g_ptr_array_new ();
  GList *feats, *l;
  const SlJsonAlias *a;
  const gchar *near;
  gboolean ok;

  if (factory) {
    sl_json_fail (ctx, SL_JSON_ERROR_TYPE, path,
        "unknown type '%s': its "
        "element '%s' is not installed",
        type, factory);
    return FALSE;
  }
  for (a = aliases; a->alias; a++)
    g_ptr_array_add (cands, (gpointer) a->alias);
  feats = gst_registry_get_feature_list (gst_registry_get (),
      GST_TYPE_ELEMENT_FACTORY);
  for (l = feats; l; l = l->next)
    g_ptr_array_add (cands, (gpointer) GST_OBJECT_NAME (l->data));
  near = sl_json_nearest (type, cands);
  if (near) {
    sl_json_fail (ctx, SL_JSON_ERROR_TYPE, path,
        "unknown type '%s'; did you "
        "mean '%s'?",
        type, near);
    ok = FALSE;
  } else {
    sl_json_fail (ctx, SL_JSON_ERROR_TYPE, path, "unknown type '%s'", type);
    ok = FALSE;
  }
  gst_plugin_feature_list_free (feats);
  g_ptr_array_unref (cands);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Nodes */

static gboolean
parse_config (Ctx *ctx, Node *node, JsonObject *config, const gchar *path)
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
    gchar *p = sl_json_path_key (path, key);
    const SlJsonKeyMap *map = NULL;
    const gchar *target = key;
    GParamSpec *pspec;

    for (i = 0; key_maps[i].key; i++)
      if (strcmp (key_maps[i].alias_factory, node->factory) == 0 &&
          strcmp (key_maps[i].key, key) == 0)
        map = &key_maps[i];
    if (map)
      target = map->target;

    if (map == NULL) {
      /* a key written as such is a property name, never a special target
       * ("caps:rate" in a description is an unknown key) */
    } else if (strcmp (target, "ignore:") == 0) {
      sl_json_note (ctx, p, "%s: %s", key, map->doc);
    } else if (g_str_has_prefix (target, "caps:")) {
      gint64 x = 0;

      if (strcmp (target, "caps:channels") == 0) {
        /* StreamLab's check and message */
        ok = sl_json_get_int (ctx, v, p, key, FALSE, G_MININT, G_MAXINT, 0, &x,
            NULL);
        if (ok && (x < 1 || x > SL_MAX_CHANNELS)) {
          sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
              "num_channels must be "
              "between 1 and %d, got %" G_GINT64_FORMAT,
              SL_MAX_CHANNELS, x);
          ok = FALSE;
        }
      } else {
        ok = sl_json_get_int (ctx, v, p, key, FALSE, 1, G_MAXINT, 0, &x, NULL);
      }
      if (ok && strcmp (target, "caps:rate") == 0)
        node->caps_rate = x;
      else if (ok)
        node->caps_channels = x;
    } else if (g_str_has_prefix (target, "interval:")) {
      gint64 x;

      ok = sl_json_get_int (ctx, v, p, key, FALSE, 1, 3600 * 1000, 0, &x, NULL);
      frame_ms = ok ? x : -1;
      frame_path = g_strdup (p);
    } else if (g_str_has_prefix (target, "db:")) {
      gdouble db;

      pspec = sl_json_find_prop (oc, target + 3);
      ok = sl_json_get_double (ctx, v, p, key, &db);
      if (ok && pspec && G_IS_PARAM_SPEC_DOUBLE (pspec)) {
        gdouble lin = pow (10.0, db / 20.0);
        GParamSpecDouble *d = G_PARAM_SPEC_DOUBLE (pspec);

        if (node->kind == SL_KIND_GAIN && db > SL_MAX_GAIN_DB) {
          sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
              "%s is out of range: %s "
              "dB is above the maximum of %g dB",
              key, sl_json_lexeme (ctx, p), SL_MAX_GAIN_DB);
          ok = FALSE;
        } else if (lin > d->maximum && node->kind == SL_KIND_GAIN) {
          /* above what volume does (20 dB): StreamLab goes to 80 dB */
          node->amplify = lin;
        } else if (lin < d->minimum || lin > d->maximum) {
          gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

          sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
              "%s is out of range: %s "
              "dB is a gain of %s, above the maximum %g",
              key, sl_json_lexeme (ctx, p),
              g_ascii_formatd (buf, sizeof (buf), "%.6g", lin), d->maximum);
          ok = FALSE;
        } else {
          g_string_append_printf (props, " %s=", pspec->name);
          sl_json_append_double (props, lin);
        }
      } else if (ok) {
        ok = sl_json_unknown_key (ctx, p, key, oc, node->factory, extra);
      }
    }
    if (map == NULL || !strchr (target, ':')) {
      pspec = sl_json_find_prop (oc, target);
      if (pspec == NULL)
        ok = sl_json_unknown_key (ctx, p, key, oc, node->factory, extra);
      else {
        if (strcmp (pspec->name, "mode") == 0)
          node->has_mode = TRUE;
        if (strcmp (pspec->name, "num-buffers") == 0)
          node->has_num_buffers = TRUE;
        if (strcmp (pspec->name, "is-live") == 0)
          node->has_is_live = TRUE;
        if (strcmp (pspec->name, "size") == 0)
          node->has_size = TRUE;
        if (node->kind == SL_KIND_TRIGGER &&
            strcmp (pspec->name, "mode") == 0 && sl_json_is_string (v) &&
            g_ascii_strcasecmp (json_node_get_string (v), "periodic") == 0) {
          /* a frame every interval_ms: continuous, paced by the clock */
          node->periodic = TRUE;
        } else {
          ok = sl_json_append_property (ctx, props, pspec, v, p, key);
        }
        if (ok && strcmp (pspec->name, "samplesperbuffer") == 0)
          node->frame_len = g_ascii_strtod (sl_json_lexeme (ctx, p), NULL);
      }
    }
    g_free (p);
  }
  g_list_free (members);

  if (ok && frame_ms > 0) {
    gint rate = node->caps_rate ? node->caps_rate : 48000;
    GParamSpec *spb = sl_json_find_prop (oc, "samplesperbuffer");
    gint64 spf = (gint64) rate * frame_ms / 1000;

    if (spb == NULL || spf < 1) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, frame_path,
          "interval_ms gives "
          "frames of %" G_GINT64_FORMAT " samples at %d Hz",
          spf, rate);
      ok = FALSE;
    } else {
      g_string_append_printf (props,
          " samplesperbuffer=%" G_GINT64_FORMAT " is-live=true", spf);
      node->caps_rate = rate;
      node->frame_len = spf;
      node->has_is_live = TRUE;
    }
  }
  g_free (frame_path);
  node->props = g_string_free (props, FALSE);
  if (ok && node->amplify > 0) {
    gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
    GstElementFactory *ef = gst_element_factory_find ("audioamplify");
    GstElementClass *k = ef ? sl_json_load_class (ef) : NULL;

    if (!k) {
      if (ef)
        gst_object_unref (ef);
      sl_json_fail (ctx, SL_JSON_ERROR_TYPE, path,
          "a gain above 20 dB needs "
          "the element 'audioamplify', which is not installed");
      return FALSE;
    }
    g_free (node->props);
    node->props = g_strdup_printf (" amplification=%s clipping-method=none",
        g_ascii_dtostr (buf, sizeof (buf), node->amplify));
    g_free (node->factory);
    node->factory = g_strdup ("audioamplify");
    gst_object_unref (node->ef);
    node->ef = ef;
    g_type_class_unref (node->klass);
    node->klass = k;
  }
  return ok;
}

static gboolean
parse_resilience (Ctx *ctx, Node *node, JsonNode *rn, const gchar *path)
{
  GstElementFactory *ef = gst_element_factory_find ("slresilient");
  GString *props;
  JsonObject *ro;
  GList *members, *l;
  gboolean ok = TRUE;
  GObjectClass *oc;
  const gchar *keys[G_N_ELEMENTS (resilience_keys)];
  guint i;

  if (!JSON_NODE_HOLDS_OBJECT (rn)) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, path,
        "resilience must be an "
        "object, not %s",
        sl_json_value_kind (rn));
    return FALSE;
  }
  if (!ef) {
    sl_json_fail (ctx, SL_JSON_ERROR_TYPE, path,
        "unknown type 'slresilient': "
        "the element for resilience blocks is not installed");
    return FALSE;
  }
  if (!element_allowed (ctx, ef, path)) {
    gst_object_unref (ef);
    return FALSE;
  }
  node->res_klass = sl_json_load_class (ef);
  gst_object_unref (ef);
  if (!node->res_klass) {
    sl_json_fail (ctx, SL_JSON_ERROR_TYPE, path, "cannot load 'slresilient'");
    return FALSE;
  }
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
    gchar *p = sl_json_path_key (path, key);
    GParamSpec *pspec;

    for (i = 0; resilience_keys[i].key; i++)
      if (strcmp (resilience_keys[i].key, key) == 0)
        target = resilience_prop (i);

    /* "restart": {"strategy": "exponential", "base_ms": 10, ...} */
    if (strcmp (key, "restart") == 0 && JSON_NODE_HOLDS_OBJECT (v)) {
      JsonObject *o = json_node_get_object (v);
      GList *rm = json_object_get_members (o), *k;

      for (k = rm; k && ok; k = k->next) {
        const gchar *rk = k->data, *rt = rk;
        gchar *rp = sl_json_path_key (p, rk);

        for (i = 0; resilience_keys[i].key; i++)
          if (strcmp (resilience_keys[i].key, rk) == 0)
            rt = resilience_prop (i);
        if (strcmp (rk, "type") == 0)
          rt = "restart";
        pspec = sl_json_find_prop (oc, rt);
        if (!pspec)
          ok =
              sl_json_unknown_key (ctx, rp, rk, oc, "a resilience block", keys);
        else
          ok = sl_json_append_property (ctx, props, pspec,
              json_object_get_member (o, rk), rp, rk);
        g_free (rp);
      }
      g_list_free (rm);
    } else {
      pspec = sl_json_find_prop (oc, target);
      if (!pspec)
        ok = sl_json_unknown_key (ctx, p, key, oc, "a resilience block", keys);
      else
        ok = sl_json_append_property (ctx, props, pspec, v, p, key);
    }
    g_free (p);
  }
  g_list_free (members);
  node->res_props = g_string_free (props, FALSE);
  return ok;
}

/* The node @jn, nodes[@index] of the description: its type, its config,
 * its resilience block; added to ctx->nodes. */
gboolean
sl_json_parse_node (Ctx *ctx, JsonNode *jn, guint index)
{
  gchar *path = g_strdup_printf ("nodes[%u]", index), *p;
  JsonObject *o;
  JsonNode *idn, *typen, *confn, *resn;
  const gchar *confkey = "config";
  const gchar *type;
  const SlJsonAlias *alias;
  Node *node;
  gboolean ok = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (jn)) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, path,
        "a node must be an object, "
        "not %s",
        sl_json_value_kind (jn));
    goto done;
  }
  o = json_node_get_object (jn);
  if (!sl_json_check_keys (ctx, o, path, node_keys, "a node"))
    goto done;
  idn = json_object_get_member (o, "id");
  typen = json_object_get_member (o, "type");
  if (!idn) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, path, "missing required key 'id'");
    goto done;
  }
  p = sl_json_path_key (path, "id");
  if (!sl_json_is_string (idn)) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, p, "id must be a string, not %s",
        sl_json_value_kind (idn));
    g_free (p);
    goto done;
  }
  if (!sl_json_valid_name (json_node_get_string (idn), FALSE)) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, p,
        "invalid id '%s': use 1 to 64 "
        "letters, digits, '_' or '-' (not first)",
        json_node_get_string (idn));
    g_free (p);
    goto done;
  }
  if (g_hash_table_contains (ctx->by_id, json_node_get_string (idn))) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, p, "duplicate id '%s'",
        json_node_get_string (idn));
    g_free (p);
    goto done;
  }
  g_free (p);
  if (!typen) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, path,
        "missing required key "
        "'type'");
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

  p = sl_json_path_key (path, "type");
  if (!sl_json_is_string (typen)) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, p, "type must be a string, not %s",
        sl_json_value_kind (typen));
    g_free (p);
    goto done;
  }
  type = json_node_get_string (typen);
  node->type = g_strdup (type);
  node->kind = sl_json_kind_of (type);
  alias = find_alias (type);
  node->factory = g_strdup (alias ? alias->factory : type);
  if (sl_json_valid_name (node->factory, FALSE))
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
  if (!sl_json_strv_has (ctx->trusted, node->id) &&
      !element_allowed (ctx, node->ef, p)) {
    g_free (p);
    goto done;
  }
  node->klass = sl_json_load_class (node->ef);
  if (!node->klass) {
    sl_json_fail (ctx, SL_JSON_ERROR_TYPE, p, "cannot load element '%s'",
        node->factory);
    g_free (p);
    goto done;
  }
  g_free (p);

  confn = json_object_get_member (o, "config");
  if (confn && json_object_get_member (o, "parameters")) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, path,
        "'config' and 'parameters' "
        "(the GUI's name for it) are both given: keep one");
    goto done;
  }
  if (!confn && (confn = json_object_get_member (o, "parameters")))
    confkey = "parameters";
  /* "config": null is StreamLab's "all defaults" */
  if (confn && JSON_NODE_HOLDS_NULL (confn))
    confn = NULL;
  if (confn) {
    p = sl_json_path_key (path, confkey);
    if (!JSON_NODE_HOLDS_OBJECT (confn)) {
      sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, p, "%s must be an object, not %s",
          confkey, sl_json_value_kind (confn));
      g_free (p);
      goto done;
    }
    ok = parse_config (ctx, node, json_node_get_object (confn), p);
    if (ok && strcmp (node->factory, "sljsonbin") == 0)
      ok = ctx->check_embedded (ctx, json_node_get_object (confn), p);
    g_free (p);
    if (!ok)
      goto done;
  } else {
    node->props = g_strdup ("");
    if (strcmp (node->factory, "sljsonbin") == 0 &&
        !ctx->check_embedded (ctx, NULL, path))
      goto done;
  }

  if (node->frame_len == 0) {
    GParamSpec *spb =
        sl_json_find_prop (G_OBJECT_CLASS (node->klass), "samplesperbuffer");

    if (spb && G_IS_PARAM_SPEC_INT (spb))
      node->frame_len = G_PARAM_SPEC_INT (spb)->default_value;
  }

  resn = json_object_get_member (o, "resilience");
  if (resn) {
    p = sl_json_path_key (path, "resilience");
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
