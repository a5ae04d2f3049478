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
 * 3. nodes (sljsonnode.c): id, type (alias or factory), config keys
 *    against GParamSpecs, values typed and quoted from the spec,
 *    resilience block;
 * 4. connections: ends exist, pads exist, no duplicates, no cycle, no
 *    several inputs into one sink pad, no source used as a sink;
 * 5. the line: chains of `element ! queue ! element`, a fanout where a
 *    node has several outputs, references `name.pad` for the rest. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sljsonprivate.h"

/* ------------------------------------------------------------------ */
/* Tables */

static const gchar *top_keys[] = { "nodes", "connections", "pipeline_config",
  "name", "description", "version", "$schema",
  /* the GUI's deploy format */
  "edges",
  /* across hosts: host name -> the address its part listens on */
  "hosts", NULL };

static const gchar *pconfig_keys[] = { "channel_capacity", "priority", "policy",
  "name", NULL };

static const gchar *priorities[] = { "Critical", "High", "Normal", "Low",
  NULL };

void
sl_json_tables (SlJsonTables *t)
{
  sl_json_node_tables (t);
  t->top_keys = top_keys;
  t->conn_keys = sl_json_conn_keys;
  t->edge_keys = sl_json_edge_keys;
  t->pconfig_keys = pconfig_keys;
  t->priorities = priorities;
  t->enum_synonyms = sl_json_enum_synonyms;
}

/* ------------------------------------------------------------------ */
/* Descriptions inside descriptions (sljsonbin) */

static SlJsonPipeline *translate_text (const gchar *text, gssize len,
    const gchar *filename, const SlJsonOptions *options, guint depth,
    GPtrArray *chain, const gchar *const *trusted, GError **error);
static SlJsonPipeline *translate_file (const gchar *filename,
    const SlJsonOptions *options, guint depth, GPtrArray *chain,
    GError **error);

static gchar *
canonical_file (const gchar *filename)
{
  gchar *abs = realpath (filename, NULL);
  gchar *res;

  if (!abs)
    return g_canonicalize_filename (filename, NULL);
  res = g_strdup (abs);
  free (abs);
  return res;
}

/* An sljsonbin node: its description is checked here, as sljsonbin will
 * check it, one level deeper; a file that is already being read above
 * (the description embeds itself, directly or through other files) and
 * nesting past SL_JSON_MAX_EMBED_DEPTH are refused. */
static gboolean
check_embedded (Ctx *ctx, JsonObject *config, const gchar *path)
{
  SlJsonOptions opts = *ctx->opts;
  JsonNode *loc = config ? json_object_get_member (config, "location") : NULL;
  JsonNode *desc =
      config ? json_object_get_member (config, "description") : NULL;
  JsonNode *sb = config ? json_object_get_member (config, "sandbox") : NULL;
  SlJsonPipeline *inner = NULL;
  GError *err = NULL;
  gchar *p;
  gboolean ok = TRUE;

  opts.allow_open_ends = TRUE;
  opts.triggers = 0;
  opts.sandbox = TRUE;
  if (sb && JSON_NODE_HOLDS_VALUE (sb) &&
      json_node_get_value_type (sb) == G_TYPE_BOOLEAN)
    opts.sandbox = json_node_get_boolean (sb);
  if (ctx->opts->sandbox && !opts.sandbox) {
    p = sl_json_path_key (path, "sandbox");
    sl_json_fail (ctx, SL_JSON_ERROR_DENIED, p,
        "a sandboxed description "
        "cannot embed an sljsonbin without the sandbox");
    ok = FALSE;
    g_free (p);
    return ok;
  }
  if (!(loc && sl_json_is_string (loc)) && !(desc && sl_json_is_string (desc)))
    return TRUE;
  p = sl_json_path_key (path,
      loc && sl_json_is_string (loc) ? "location" : "description");
  if (ctx->depth + 1 > SL_JSON_MAX_EMBED_DEPTH) {
    sl_json_fail (ctx, SL_JSON_ERROR_LIMIT, p,
        "sljsonbin descriptions nested "
        "more than %u deep",
        SL_JSON_MAX_EMBED_DEPTH);
    ok = FALSE;
    g_free (p);
    return ok;
  }
  if (loc && sl_json_is_string (loc)) {
    const gchar *file = json_node_get_string (loc);
    gchar *canon = canonical_file (file);
    guint i;

    for (i = 0; ctx->chain && i < ctx->chain->len; i++) {
      if (strcmp (ctx->chain->pdata[i], canon) == 0) {
        GString *c = g_string_new (NULL);
        guint k;

        for (k = i; k < ctx->chain->len; k++)
          g_string_append_printf (c, "%s -> ", (gchar *) ctx->chain->pdata[k]);
        g_string_append (c, canon);
        sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, p,
            "the description embeds "
            "itself through sljsonbin (%s)",
            c->str);
        ok = FALSE;
        g_string_free (c, TRUE);
        break;
      }
    }
    g_free (canon);
    if (ok)
      inner = translate_file (file, &opts, ctx->depth + 1, ctx->chain, &err);
  } else {
    inner = translate_text (json_node_get_string (desc), -1, "description",
        &opts, ctx->depth + 1, ctx->chain, NULL, &err);
  }
  if (ok && !inner) {
    sl_json_fail (ctx, err->code, p, "in the embedded description: %s",
        err->message);
    ok = FALSE;
    g_error_free (err);
  }
  sl_json_pipeline_free (inner);
  g_free (p);
  return ok;
}
/* ------------------------------------------------------------------ */

static gboolean
parse_pipeline_config (Ctx *ctx, JsonNode *pc, SlJsonPipeline *res)
{
  JsonObject *o;
  JsonNode *v;

  if (!JSON_NODE_HOLDS_OBJECT (pc)) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, "pipeline_config",
        "must be an "
        "object, not %s",
        sl_json_value_kind (pc));
    return FALSE;
  }
  o = json_node_get_object (pc);
  if (!sl_json_check_keys (ctx, o, "pipeline_config", pconfig_keys,
          "pipeline_config"))
    return FALSE;
  if ((v = json_object_get_member (o, "channel_capacity"))) {
    gint64 c;

    if (!sl_json_get_int (ctx, v, "pipeline_config.channel_capacity",
            "channel_capacity", FALSE, 1, 1000000, 0, &c, NULL))
      return FALSE;
    ctx->capacity = c;
  }
  if ((v = json_object_get_member (o, "policy")) &&
      !sl_json_parse_policy (ctx, v, "pipeline_config.policy", &ctx->policy))
    return FALSE;
  if ((v = json_object_get_member (o, "name"))) {
    if (!sl_json_is_string (v)) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, "pipeline_config.name",
          "name "
          "must be a string, not %s",
          sl_json_value_kind (v));
      return FALSE;
    }
    res->name = g_strdup (json_node_get_string (v));
  }
  if ((v = json_object_get_member (o, "priority"))) {
    guint i;

    if (!sl_json_is_string (v)) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, "pipeline_config.priority",
          "priority must be one of Critical, High, Normal, Low");
      return FALSE;
    }
    for (i = 0; priorities[i]; i++) {
      if (g_ascii_strcasecmp (json_node_get_string (v), priorities[i]) == 0) {
        res->priority = i;
        return TRUE;
      }
    }
    /* as StreamLab does: any other name is Normal */
    sl_json_note (ctx, "pipeline_config.priority",
        "unknown priority '%s': "
        "Normal (one of Critical, High, Normal, Low)",
        json_node_get_string (v));
  }
  return TRUE;
}

/* A node becomes another element (its config no longer applies). */
static gboolean
replace_element (Ctx *ctx, Node *n, const gchar *factory)
{
  GstElementFactory *ef = gst_element_factory_find (factory);
  GstElementClass *k = ef ? sl_json_load_class (ef) : NULL;

  if (!k) {
    gchar *p = g_strdup_printf ("nodes[%u]", n->index);
    gboolean ok = FALSE;

    sl_json_fail (ctx, SL_JSON_ERROR_TYPE, p,
        "node '%s' needs the "
        "element '%s', which is not installed",
        n->id, factory);

    g_free (p);
    if (ef)
      gst_object_unref (ef);
    return ok;
  }
  g_free (n->factory);
  n->factory = g_strdup (factory);
  gst_object_unref (n->ef);
  n->ef = ef;
  g_type_class_unref (n->klass);
  n->klass = k;
  g_free (n->props);
  n->props = g_strdup ("");
  n->caps_rate = n->caps_channels = 0;
  return TRUE;
}

/* StreamLab's node kinds where the graph says more than the element:
 * a trigger source fed by another node passes frames through, a printing
 * node with outputs passes frames on, several inputs into a node with one
 * input pad meet in a funnel (every frame of every input, whole). */
static gboolean
adapt_node (Ctx *ctx, Node *n)
{
  gchar *p = g_strdup_printf ("nodes[%u]", n->index);
  gboolean ok = TRUE;

  if (n->kind == SL_KIND_TRIGGER && n->in->len > 0) {
    ok = replace_element (ctx, n, "identity");
    if (ok)
      sl_json_note (ctx, p,
          "TriggerSourceNode '%s' has an input: it passes "
          "frames through (identity)",
          n->id);
  }
  if (ok && n->kind == SL_KIND_PRINT && n->out->len > 0 &&
      !sl_json_node_has (n, GST_PAD_SRC)) {
    gchar *base = g_strdup_printf ("%s-tap", n->id);

    n->tap = sl_json_unique_name (ctx, base);
    g_free (base);
  }
  if (ok && n->in->len > 1 && !n->res_klass &&
      !sl_json_has_templates (n->klass, GST_PAD_SINK, GST_PAD_REQUEST, FALSE)) {
    guint i, always = 0;
    gboolean named = FALSE;
    GList *l;

    for (l = gst_element_class_get_pad_template_list (n->klass); l; l = l->next)
      if (GST_PAD_TEMPLATE_DIRECTION (l->data) == GST_PAD_SINK)
        always++;
    for (i = 0; i < n->in->len; i++)
      named |= ((Edge *) n->in->pdata[i])->to_pad != NULL;
    if (always == 1 && !named) {
      gchar *base = g_strdup_printf ("%s-in", n->id);

      n->funnel = sl_json_unique_name (ctx, base);
      g_free (base);
    }
  }
  g_free (p);
  return ok;
}

static gboolean
smooth_235 (gint64 v)
{
  if (v < 2)
    return FALSE;
  while (v % 2 == 0)
    v /= 2;
  while (v % 3 == 0)
    v /= 3;
  while (v % 5 == 0)
    v /= 5;
  return v == 1;
}

/* StreamLab's FFTNode without fft_size: one spectrum per input frame,
 * of the frame's length, found upstream. */
static gboolean
fft_per_frame (Ctx *ctx, Node *n)
{
  Node *up = n;
  gchar *p;
  gboolean ok = TRUE;

  if (n->kind != SL_KIND_FFT || n->has_size || strcmp (n->factory, "slfft"))
    return TRUE;
  while (up->in->len == 1) {
    up = ((Edge *) up->in->pdata[0])->from;
    if (up->frame_len > 0 || strcmp (up->factory, "slfft") == 0)
      break;
  }
  p = g_strdup_printf ("nodes[%u]", n->index);
  if (up->frame_len <= 0 || strcmp (up->factory, "slfft") == 0) {
    sl_json_note (ctx, p,
        "FFTNode '%s' has no fft_size and the length of its "
        "input frames is not known here: spectra of the element's default size",
        n->id);
  } else if (!smooth_235 (up->frame_len) || up->frame_len > 4194304) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
        "FFTNode '%s' has no fft_size, "
        "and its input frames of %" G_GINT64_FORMAT " samples cannot be "
        "transformed whole (a length with no prime factor other than 2, 3 "
        "and 5 is needed): set fft_size",
        n->id, up->frame_len);
    ok = FALSE;
  } else {
    gchar *np =
        g_strdup_printf ("%s size=%" G_GINT64_FORMAT, n->props, up->frame_len);

    g_free (n->props);
    n->props = np;
  }
  g_free (p);
  return ok;
}

/* a source that emits a frame per "trigger" signal: slsinesrc's mode */
static const gchar *triggered_mode[] = { "triggered", NULL };

/* StreamLab's sources are real-time: without a frame count they are
 * paced by the clock; in a pool, a triggered source gets one trigger per
 * instance. */
static void
pace_source (Ctx *ctx, Node *n)
{
  GString *props;

  if ((n->kind != SL_KIND_SOURCE && n->kind != SL_KIND_TRIGGER) ||
      n->in->len > 0 || ctx->opts->triggers)
    return;
  props = g_string_new (n->props);
  if (n->kind == SL_KIND_TRIGGER && !n->periodic && !n->has_mode &&
      ctx->opts->trigger_once &&
      sl_json_enum_has_nicks (G_OBJECT_CLASS (n->klass), "mode",
          triggered_mode)) {
    g_string_append (props, " mode=triggered");
    if (!n->has_is_live)
      g_string_append (props, " is-live=true");
    if (!n->has_num_buffers)
      g_string_append (props, " num-buffers=1");
    n->triggers = 1;
  } else if (!n->has_num_buffers && !n->has_is_live && !n->has_mode) {
    g_string_append (props, " is-live=true");
  }
  g_free (n->props);
  n->props = g_string_free (props, FALSE);
}

static void
apply_triggers (Ctx *ctx, Node *n)
{
  GParamSpec *nb =
      g_object_class_find_property (G_OBJECT_CLASS (n->klass), "num-buffers");
  GString *props;

  if (!sl_json_enum_has_nicks (G_OBJECT_CLASS (n->klass), "mode",
          triggered_mode) ||
      !g_signal_lookup ("trigger", G_TYPE_FROM_CLASS (n->klass)))
    return;
  props = g_string_new (n->props);
  if (!n->has_mode)
    g_string_append (props, " mode=triggered");
  /* live from the start, so that the pipeline does not wait for a
   * preroll frame that only a trigger can produce */
  if (g_object_class_find_property (G_OBJECT_CLASS (n->klass), "is-live") &&
      !strstr (props->str, " is-live="))
    g_string_append (props, " is-live=true");
  if (nb && !n->has_num_buffers)
    g_string_append_printf (props, " num-buffers=%u", ctx->opts->triggers);
  n->triggers = ctx->opts->triggers;
  g_free (n->props);
  n->props = g_string_free (props, FALSE);
}

SlJsonPipeline *
sl_json_translate (const gchar *text, gssize len, const gchar *filename,
    const SlJsonOptions *options, GError **error)
{
  return translate_text (text, len, filename, options, 0, NULL, NULL, error);
}

SlJsonPipeline *
sl_json_translate_trusted (const gchar *text, gssize len, const gchar *filename,
    const SlJsonOptions *options, const gchar *const *trusted, GError **error)
{
  return translate_text (text, len, filename, options, 0, NULL, trusted, error);
}

/* nodes[]: each node, at most max_nodes */
static gboolean
parse_nodes (Ctx *ctx, JsonObject *ro, guint max_nodes)
{
  JsonNode *nodes;
  guint i;

  nodes = json_object_get_member (ro, "nodes");
  if (!nodes) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, NULL,
        "missing required key "
        "'nodes'");
    return FALSE;
  }
  if (!JSON_NODE_HOLDS_ARRAY (nodes)) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, "nodes",
        "nodes must be an array, "
        "not %s",
        sl_json_value_kind (nodes));
    return FALSE;
  }

  if (json_array_get_length (json_node_get_array (nodes)) > max_nodes) {
    sl_json_fail (ctx, SL_JSON_ERROR_LIMIT, "nodes",
        "%u nodes is more than "
        "the limit of %u",
        json_array_get_length (json_node_get_array (nodes)), max_nodes);
    return FALSE;
  }
  for (i = 0; i < json_array_get_length (json_node_get_array (nodes)); i++)
    if (!sl_json_parse_node (ctx,
            json_array_get_element (json_node_get_array (nodes), i), i))
      return FALSE;

  if (ctx->nodes->len == 0)
    sl_json_note (ctx, "nodes", "there are no nodes: nothing to run");
  return TRUE;
}

/* connections[], or the GUI's edges[] */
static gboolean
parse_connections (Ctx *ctx, JsonObject *ro)
{
  const gchar *ckey = "connections";
  JsonNode *conns, *edges;
  guint i;

  conns = json_object_get_member (ro, "connections");
  edges = json_object_get_member (ro, "edges");
  if (conns && edges) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, "edges",
        "'connections' and "
        "'edges' (the GUI's name for them) are both given: keep one");
    return FALSE;
  }
  if (edges) {
    conns = edges;
    ckey = "edges";
  }
  if (conns && !JSON_NODE_HOLDS_ARRAY (conns)) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, ckey, "%s must be an array, not %s",
        ckey, sl_json_value_kind (conns));
    return FALSE;
  }
  if (!conns && ctx->nodes->len > 1) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, NULL,
        "missing required key "
        "'connections'");
    return FALSE;
  }
  for (i = 0; conns && i < json_array_get_length (json_node_get_array (conns));
       i++)
    if (!sl_json_parse_connection (ctx,
            json_array_get_element (json_node_get_array (conns), i), i,
            edges != NULL))
      return FALSE;
  return TRUE;
}

/* the result: what each node and connection became, and the line */
static void
describe (Ctx *ctx, SlJsonPipeline *res, GPtrArray *order)
{
  guint i;

  for (i = 0; i < ctx->nodes->len; i++) {
    Node *n = ctx->nodes->pdata[i];
    SlJsonNodeInfo *info = g_new0 (SlJsonNodeInfo, 1);

    if (ctx->opts->triggers && n->in->len == 0)
      apply_triggers (ctx, n);
    pace_source (ctx, n);
    info->id = g_strdup (n->id);
    info->factory = g_strdup (n->factory);
    info->is_source = n->in->len == 0;
    info->is_sink = n->out->len == 0;
    info->resilience =
        n->res_klass ? g_strstrip (g_strdup (n->res_props)) : NULL;
    info->triggers = n->triggers;
    g_ptr_array_add (res->nodes, info);
  }
  /* before the line is built: a fanout branch's capacity moves there */
  for (i = 0; i < ctx->edges->len; i++) {
    Edge *e = ctx->edges->pdata[i];
    SlJsonEdgeInfo *info = g_new0 (SlJsonEdgeInfo, 1);
    guint k, n_default = 0;

    for (k = 0; k < e->from->out->len; k++)
      n_default += ((Edge *) e->from->out->pdata[k])->from_pad == NULL;
    info->from = g_strdup (e->from->id);
    info->to = g_strdup (e->to->id);
    info->from_pad = g_strdup (e->from_pad);
    info->to_pad = g_strdup (e->to_pad);
    info->capacity = e->capacity;
    info->policy = sl_json_policies[e->policy];
    info->fanout = e->from_pad == NULL && n_default > 1;
    g_ptr_array_add (res->edges, info);
  }
  res->channel_capacity = ctx->capacity;
  res->description = sl_json_build_line (ctx, order);
  res->argv = sl_json_split_words (res->description);
  res->line = sl_json_shell_join (res->argv);
}

static SlJsonPipeline *
translate_text (const gchar *text, gssize len, const gchar *filename,
    const SlJsonOptions *options, guint depth, GPtrArray *chain,
    const gchar *const *trusted, GError **error)
{
  static const SlJsonOptions defaults = {
    0,
  };
  Ctx ctx = {
    0,
  };
  SlJsonScanLimits limits = {
    0,
  };
  SlJsonPipeline *res = NULL;
  JsonParser *parser = NULL;
  JsonNode *root, *pc;
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
  ctx.depth = depth;
  ctx.chain = chain;
  ctx.trusted = trusted;
  ctx.check_embedded = check_embedded;
  if (len < 0)
    len = strlen (text);
  limits.max_size = ctx.opts->max_size;
  limits.max_depth = ctx.opts->max_depth;
  max_nodes =
      ctx.opts->max_nodes ? ctx.opts->max_nodes : SL_JSON_DEFAULT_MAX_NODES;

  st = sl_json_scan (text, len, &limits, &ctx.scan, &line, &col, &msg);
  if (st != SL_JSON_SCAN_OK) {
    g_set_error (error, SL_JSON_ERROR,
        st == SL_JSON_SCAN_LIMIT ? SL_JSON_ERROR_LIMIT : SL_JSON_ERROR_SYNTAX,
        "%s:%u:%u: %s", ctx.filename, line, col, msg);
    if (error)
      sl_json_error_set_location (*error, NULL, line, col);
    g_free (msg);
    return NULL;
  }

  res = g_new0 (SlJsonPipeline, 1);
  res->nodes = g_ptr_array_new ();
  res->edges = g_ptr_array_new ();
  res->notes = g_ptr_array_new_with_free_func (g_free);
  ctx.notes = res->notes;
  res->priority = SL_JSON_PRIORITY_NORMAL;
  ctx.nodes =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sl_json_node_free);
  ctx.edges =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sl_json_edge_free);
  ctx.by_id = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, len, &jerr)) {
    sl_json_fail (&ctx, SL_JSON_ERROR_SYNTAX, NULL, "%s", jerr->message);
    g_clear_error (&jerr);
    goto out;
  }
  root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root)) {
    sl_json_fail (&ctx, SL_JSON_ERROR_SHAPE, NULL,
        "the description must be an "
        "object with 'nodes' and 'connections', not %s",
        root ? sl_json_value_kind (root) : "empty");
    goto out;
  }
  ro = json_node_get_object (root);
  if (!sl_json_check_keys (&ctx, ro, "", top_keys, "the description"))
    goto out;
  if (!sl_json_check_placement (&ctx, ro))
    goto out;
  if ((pc = json_object_get_member (ro, "pipeline_config")) &&
      !parse_pipeline_config (&ctx, pc, res))
    goto out;

  if (!parse_nodes (&ctx, ro, max_nodes))
    goto out;
  if (!parse_connections (&ctx, ro))
    goto out;

  for (i = 0; i < ctx.nodes->len; i++)
    if (!adapt_node (&ctx, ctx.nodes->pdata[i]))
      goto out;
  for (i = 0; i < ctx.nodes->len; i++)
    if (!sl_json_check_inputs (&ctx, ctx.nodes->pdata[i]))
      goto out;
  order = g_ptr_array_new ();
  if (!sl_json_check_cycles (&ctx, order))
    goto out;
  for (i = 0; i < ctx.nodes->len; i++)
    if (!sl_json_check_open_ends (&ctx, ctx.nodes->pdata[i]) ||
        !fft_per_frame (&ctx, ctx.nodes->pdata[i]))
      goto out;

  describe (&ctx, res, order);

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

/* Reads at most @max bytes of a regular file. A FIFO, a device or a
 * directory is refused before any read (opening is non-blocking, so a FIFO
 * without a writer cannot hold the caller), and reading stops past @max,
 * whatever the file claims. */
static gchar *
read_description (const gchar *filename, gsize max, gsize *len, GError **error)
{
  GString *buf;
  GStatBuf sb;
  gint fd;

  fd = g_open (filename, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0) {
    gint e = errno;

    g_set_error (error, SL_JSON_ERROR, SL_JSON_ERROR_SHAPE, "%s: %s", filename,
        g_strerror (e));
    return NULL;
  }
  if (fstat (fd, &sb) != 0 || !S_ISREG (sb.st_mode)) {
    g_set_error (error, SL_JSON_ERROR, SL_JSON_ERROR_SHAPE,
        "%s: not a "
        "regular file (a description is read from a regular file only)",
        filename);
    close (fd);
    return NULL;
  }
  if ((guint64) sb.st_size > max) {
    g_set_error (error, SL_JSON_ERROR, SL_JSON_ERROR_LIMIT,
        "%s: file of %" G_GINT64_FORMAT
        " bytes is larger than the limit of %" G_GSIZE_FORMAT " bytes",
        filename, (gint64) sb.st_size, max);
    close (fd);
    return NULL;
  }
  buf = g_string_sized_new (sb.st_size + 1);
  for (;;) {
    gchar chunk[8192];
    gssize n = read (fd, chunk, sizeof (chunk));

    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      gint e = errno;

      g_set_error (error, SL_JSON_ERROR, SL_JSON_ERROR_SHAPE, "%s: %s",
          filename, g_strerror (e));
      g_string_free (buf, TRUE);
      close (fd);
      return NULL;
    }
    if (n == 0)
      break;
    g_string_append_len (buf, chunk, n);
    if (buf->len > max) {
      g_set_error (error, SL_JSON_ERROR, SL_JSON_ERROR_LIMIT,
          "%s: file is "
          "larger than the limit of %" G_GSIZE_FORMAT " bytes",
          filename, max);
      g_string_free (buf, TRUE);
      close (fd);
      return NULL;
    }
  }
  close (fd);
  *len = buf->len;
  return g_string_free (buf, FALSE);
}

gchar *
sl_json_read_description (const gchar *filename, gsize max, gsize *len,
    GError **error)
{
  return read_description (filename, max, len, error);
}

SlJsonPipeline *
sl_json_translate_file (const gchar *filename, const SlJsonOptions *options,
    GError **error)
{
  return translate_file (filename, options, 0, NULL, error);
}

static SlJsonPipeline *
translate_file (const gchar *filename, const SlJsonOptions *options,
    guint depth, GPtrArray *chain, GError **error)
{
  const SlJsonOptions defaults = {
    0,
  };
  const SlJsonOptions *o = options ? options : &defaults;
  gsize max = o->max_size ? o->max_size : SL_JSON_DEFAULT_MAX_SIZE;
  SlJsonPipeline *res;
  GPtrArray *here;
  gchar *text;
  gsize len = 0;
  guint i;

  text = read_description (filename, max, &len, error);
  if (!text)
    return NULL;
  here = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; chain && i < chain->len; i++)
    g_ptr_array_add (here, g_strdup (chain->pdata[i]));
  g_ptr_array_add (here, canonical_file (filename));
  res = translate_text (text, len, filename, options, depth, here, NULL, error);
  g_ptr_array_unref (here);
  g_free (text);
  return res;
}

static void
node_info_free (SlJsonNodeInfo *i)
{
  g_free (i->id);
  g_free (i->factory);
  g_free (i->resilience);
  g_free (i);
}

static void
edge_info_free (SlJsonEdgeInfo *i)
{
  g_free (i->from);
  g_free (i->to);
  g_free (i->from_pad);
  g_free (i->to_pad);
  g_free (i);
}

void
sl_json_pipeline_free (SlJsonPipeline *p)
{
  if (!p)
    return;
  g_free (p->line);
  g_free (p->description);
  g_strfreev (p->argv);
  g_free (p->name);
  g_ptr_array_foreach (p->nodes, (GFunc) node_info_free, NULL);
  g_ptr_array_unref (p->nodes);
  if (p->edges) {
    g_ptr_array_foreach (p->edges, (GFunc) edge_info_free, NULL);
    g_ptr_array_unref (p->edges);
  }
  if (p->notes)
    g_ptr_array_unref (p->notes);
  g_free (p);
}
