/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Pads and connections: ends, pads, duplicates, inputs, cycles, open
 * ends. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <math.h>
#include <string.h>

#include "sljsonprivate.h"

/* by SlJsonPolicy */
const gchar *sl_json_policies[] = { [SL_JSON_POLICY_BLOCK] = "block",
  [SL_JSON_POLICY_DROP_OLDEST] = "drop-oldest",
  [SL_JSON_POLICY_DROP_NEWEST] = "drop-newest",
  NULL };

const gchar *sl_json_conn_keys[] = { "from", "to", "from_pad", "to_pad",
  "capacity", "policy",
  /* across hosts (sljsonplan.c) */
  "transport", "latency", "passphrase_env", "passphrase_file", NULL };

/* the GUI's deploy format: its handles name its own ports, not pads */
const gchar *sl_json_edge_keys[] = { "id", "source", "target", "sourceHandle",
  "targetHandle", NULL };


/* ------------------------------------------------------------------ */
/* Pads and connections */

static gboolean
template_matches (const gchar *templ, const gchar *name)
{
  const gchar *pc = strchr (templ, '%');
  gsize pre;
  const gchar *q;

  if (!pc)
    return strcmp (templ, name) == 0;
  pre = pc - templ;
  if (strncmp (templ, name, pre) != 0)
    return FALSE;
  q = name + pre;
  if (pc[1] == 's')
    return *q != '\0' && strcmp (templ + pre + 2, "") == 0;
  if (!g_ascii_isdigit (*q))
    return FALSE;
  while (g_ascii_isdigit (*q))
    q++;
  return strcmp (q, pc + 2) == 0;
}

/* The class whose pads a connection meets: the resilient bin for wrapped
 * nodes. */
static GstElementClass *
pad_class (Node *n)
{
  return n->res_klass ? n->res_klass : n->klass;
}

gboolean
sl_json_has_templates (GstElementClass *klass, GstPadDirection dir,
    GstPadPresence presence, gboolean any_presence)
{
  GList *l;

  for (l = gst_element_class_get_pad_template_list (klass); l; l = l->next) {
    GstPadTemplate *t = l->data;

    if (GST_PAD_TEMPLATE_DIRECTION (t) == dir &&
        (any_presence || GST_PAD_TEMPLATE_PRESENCE (t) == presence))
      return TRUE;
  }
  return FALSE;
}

gboolean
sl_json_node_has (Node *n, GstPadDirection dir)
{
  return sl_json_has_templates (n->klass, dir, GST_PAD_ALWAYS, TRUE);
}

static gboolean
pad_exists (Node *n, GstPadDirection dir, const gchar *pad)
{
  GstElementClass *k = pad_class (n);
  GList *l;

  if (n->res_klass && (strcmp (pad, dir == GST_PAD_SRC ? "src" : "sink") == 0))
    return TRUE;
  for (l = gst_element_class_get_pad_template_list (k); l; l = l->next) {
    GstPadTemplate *t = l->data;

    if (GST_PAD_TEMPLATE_DIRECTION (t) == dir &&
        template_matches (GST_PAD_TEMPLATE_NAME_TEMPLATE (t), pad))
      return TRUE;
  }
  return FALSE;
}

static gchar *
pad_list (Node *n, GstPadDirection dir)
{
  GString *s = g_string_new (NULL);
  GList *l;

  for (l = gst_element_class_get_pad_template_list (pad_class (n)); l;
       l = l->next) {
    GstPadTemplate *t = l->data;

    if (GST_PAD_TEMPLATE_DIRECTION (t) == dir)
      g_string_append_printf (s, "%s%s", s->len ? ", " : "",
          GST_PAD_TEMPLATE_NAME_TEMPLATE (t));
  }
  if (s->len == 0)
    g_string_append (s, "none");
  return g_string_free (s, FALSE);
}

static Node *
find_node (Ctx *ctx, JsonObject *o, const gchar *key, const gchar *path)
{
  JsonNode *v = json_object_get_member (o, key);
  gchar *p = sl_json_path_key (path, key);
  Node *n = NULL;

  if (!v)
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, path, "missing required key '%s'",
        key);
  else if (!sl_json_is_string (v))
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, p,
        "%s must be a node id (a "
        "string), not %s",
        key, sl_json_value_kind (v));
  else if (!(n = g_hash_table_lookup (ctx->by_id, json_node_get_string (v)))) {
    GPtrArray *ids = g_ptr_array_new ();
    const gchar *near;
    guint i;

    for (i = 0; i < ctx->nodes->len; i++)
      g_ptr_array_add (ids, ((Node *) ctx->nodes->pdata[i])->id);
    near = sl_json_nearest (json_node_get_string (v), ids);
    if (near)
      sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, p,
          "no node with id '%s'; did "
          "you mean '%s'?",
          json_node_get_string (v), near);
    else
      sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, p, "no node with id '%s'",
          json_node_get_string (v));
    g_ptr_array_unref (ids);
  }
  g_free (p);
  return n;
}

static gboolean
get_pad (Ctx *ctx, JsonObject *o, const gchar *key, const gchar *path, Node *n,
    GstPadDirection dir, gchar **out)
{
  JsonNode *v = json_object_get_member (o, key);
  gchar *p;
  gboolean ok = TRUE;

  *out = NULL;
  if (!v)
    return TRUE;
  p = sl_json_path_key (path, key);
  if (!sl_json_is_string (v) ||
      !sl_json_valid_name (json_node_get_string (v), FALSE)) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, p,
        "%s must be a pad name of "
        "letters, digits, '_' or '-'",
        key);
    ok = FALSE;
  } else if (!pad_exists (n, dir, json_node_get_string (v))) {
    gchar *pads = pad_list (n, dir);

    sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, p,
        "node '%s' (%s) has no %s pad "
        "'%s' (its %s pads: %s)",
        n->id, n->factory, dir == GST_PAD_SRC ? "output" : "input",
        json_node_get_string (v), dir == GST_PAD_SRC ? "output" : "input",
        pads);
    ok = FALSE;
    g_free (pads);
  } else
    *out = g_strdup (json_node_get_string (v));
  g_free (p);
  return ok;
}

gboolean
sl_json_parse_policy (Ctx *ctx, JsonNode *v, const gchar *path,
    SlJsonPolicy *out)
{
  gchar *words;
  guint i;

  if (sl_json_is_string (v)) {
    for (i = 0; sl_json_policies[i]; i++) {
      gchar *norm =
          g_strdelimit (g_ascii_strdown (json_node_get_string (v), -1), "_",
              '-');
      gboolean eq = strcmp (norm, sl_json_policies[i]) == 0;

      g_free (norm);
      if (eq) {
        *out = (SlJsonPolicy) i;
        return TRUE;
      }
    }
  }
  words = g_strjoinv (", ", (gchar **) sl_json_policies);
  sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path, "policy must be one of %s",
      words);
  g_free (words);
  return FALSE;
}

gboolean
sl_json_parse_connection (Ctx *ctx, JsonNode *jn, guint index, gboolean edge)
{
  gchar *path = g_strdup_printf (edge ? "edges[%u]" : "connections[%u]", index);
  const gchar *from_key = edge ? "source" : "from";
  const gchar *to_key = edge ? "target" : "to";
  JsonObject *o;
  Node *from, *to;
  Edge *e;
  JsonNode *v;
  gboolean ok = FALSE;
  guint i;

  if (!JSON_NODE_HOLDS_OBJECT (jn)) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, path,
        "a connection must be an "
        "object, not %s",
        sl_json_value_kind (jn));
    goto done;
  }
  o = json_node_get_object (jn);
  if (!sl_json_check_keys (ctx, o, path,
          edge ? sl_json_edge_keys : sl_json_conn_keys,
          edge ? "an edge" : "a connection"))
    goto done;
  if (!(from = find_node (ctx, o, from_key, path)) ||
      !(to = find_node (ctx, o, to_key, path)))
    goto done;
  if (from == to) {
    sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, path,
        "node '%s' is connected to "
        "itself",
        from->id);
    goto done;
  }
  /* StreamLab's printing nodes pass frames on; its trigger source in the
   * middle of a chain passes them through */
  if (!sl_json_node_has (from, GST_PAD_SRC) && from->kind != SL_KIND_PRINT) {
    gchar *p = sl_json_path_key (path, from_key);
    sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, p,
        "node '%s' (%s) is a sink: it "
        "has no output to connect from",
        from->id, from->factory);
    g_free (p);
    goto done;
  }
  if (!sl_json_node_has (to, GST_PAD_SINK) && to->kind != SL_KIND_TRIGGER) {
    gchar *p = sl_json_path_key (path, to_key);
    sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, p,
        "node '%s' (%s) is a source: it "
        "has no input to connect to",
        to->id, to->factory);
    g_free (p);
    goto done;
  }
  e = g_new0 (Edge, 1);
  e->index = index;
  e->from = from;
  e->to = to;
  e->capacity = ctx->capacity;
  e->policy = ctx->policy;
  g_ptr_array_add (ctx->edges, e);
  if (!get_pad (ctx, o, "from_pad", path, from, GST_PAD_SRC, &e->from_pad) ||
      !get_pad (ctx, o, "to_pad", path, to, GST_PAD_SINK, &e->to_pad))
    goto done;
  if ((v = json_object_get_member (o, "capacity"))) {
    gchar *p = sl_json_path_key (path, "capacity");
    gint64 c;

    ok =
        sl_json_get_int (ctx, v, p, "capacity", FALSE, 1, 1000000, 0, &c, NULL);
    e->capacity = c;
    g_free (p);
    if (!ok)
      goto done;
    ok = FALSE;
  }
  if ((v = json_object_get_member (o, "policy"))) {
    gchar *p = sl_json_path_key (path, "policy");

    ok = sl_json_parse_policy (ctx, v, p, &e->policy);
    g_free (p);
    if (!ok)
      goto done;
    ok = FALSE;
  }
  for (i = 0; i + 1 < ctx->edges->len; i++) {
    Edge *o2 = ctx->edges->pdata[i];

    if (o2->from == from && o2->to == to &&
        !g_strcmp0 (o2->from_pad, e->from_pad) &&
        !g_strcmp0 (o2->to_pad, e->to_pad)) {
      sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, path,
          "duplicate connection from "
          "'%s' to '%s' (same as connections[%u])",
          from->id, to->id, o2->index);
      goto done;
    }
    if (o2->to == to && o2->to_pad && e->to_pad &&
        !strcmp (o2->to_pad, e->to_pad)) {
      sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, path,
          "pad '%s' of node '%s' "
          "already has an input (connections[%u])",
          e->to_pad, to->id, o2->index);
      goto done;
    }
    if (o2->from == from && o2->from_pad && e->from_pad &&
        !strcmp (o2->from_pad, e->from_pad) && !strchr (e->from_pad, '%') &&
        !sl_json_has_templates (pad_class (from), GST_PAD_SRC, GST_PAD_REQUEST,
            FALSE)) {
      sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, path,
          "pad '%s' of node '%s' "
          "already has an output (connections[%u])",
          e->from_pad, from->id, o2->index);
      goto done;
    }
  }
  g_ptr_array_add (from->out, e);
  g_ptr_array_add (to->in, e);
  ok = TRUE;
done:
  g_free (path);
  return ok;
}

/* Several inputs into a node that has a single sink pad. */
gboolean
sl_json_check_inputs (Ctx *ctx, Node *n)
{
  guint always = 0, i;
  GList *l;

  if (n->funnel ||
      sl_json_has_templates (pad_class (n), GST_PAD_SINK, GST_PAD_REQUEST,
          FALSE))
    return TRUE;
  for (l = gst_element_class_get_pad_template_list (pad_class (n)); l;
       l = l->next)
    if (GST_PAD_TEMPLATE_DIRECTION (l->data) == GST_PAD_SINK)
      always++;
  for (i = 0; i < n->in->len; i++) {
    Edge *e = n->in->pdata[i];

    if (i >= always || (!e->to_pad && i > 0)) {
      gchar *p = g_strdup_printf ("connections[%u].to", e->index);
      gboolean ok = FALSE;

      sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, p,
          "node '%s' (%s) has a "
          "single input and already receives connections[%u]; several "
          "inputs need a mixer or a node with request input pads",
          n->id, n->factory, ((Edge *) n->in->pdata[0])->index);

      g_free (p);
      return ok;
    }
  }
  return TRUE;
}

/* Kahn's algorithm; fills @order. */
gboolean
sl_json_check_cycles (Ctx *ctx, GPtrArray *order)
{
  GQueue q = G_QUEUE_INIT;
  guint i;

  for (i = 0; i < ctx->nodes->len; i++) {
    Node *n = ctx->nodes->pdata[i];

    n->topo_in = n->in->len;
    if (n->topo_in == 0)
      g_queue_push_tail (&q, n);
  }
  while (!g_queue_is_empty (&q)) {
    Node *n = g_queue_pop_head (&q);

    g_ptr_array_add (order, n);
    for (i = 0; i < n->out->len; i++) {
      Edge *e = n->out->pdata[i];

      if (--e->to->topo_in == 0)
        g_queue_push_tail (&q, e->to);
    }
  }
  if (order->len < ctx->nodes->len) {
    for (i = 0; i < ctx->nodes->len; i++) {
      Node *n = ctx->nodes->pdata[i];

      if (n->topo_in > 0) {
        gchar *p = g_strdup_printf ("nodes[%u]", n->index);
        sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, p,
            "the connections form a "
            "cycle through node '%s'",
            n->id);
        g_free (p);
        return FALSE;
      }
    }
  }
  return TRUE;
}

gboolean
sl_json_check_open_ends (Ctx *ctx, Node *n)
{
  gchar *p;
  gboolean ok = TRUE;

  if (ctx->opts->allow_open_ends)
    return TRUE;
  p = g_strdup_printf ("nodes[%u]", n->index);
  if (n->in->len == 0 &&
      sl_json_has_templates (n->klass, GST_PAD_SINK, 0, TRUE)) {
    sl_json_fail (ctx, SL_JSON_ERROR_GRAPH, p,
        "node '%s' (%s) has no incoming "
        "connection",
        n->id, n->factory);
    ok = FALSE;
  } else if (n->out->len == 0 &&
      sl_json_has_templates (n->klass, GST_PAD_SRC, GST_PAD_ALWAYS, FALSE)) {
    /* as in StreamLab, frames that go nowhere are consumed and dropped */
    gchar *base = g_strdup_printf ("%s-drop", n->id);

    n->drop = sl_json_unique_name (ctx, base);
    g_free (base);
    sl_json_note (ctx, p,
        "the output of node '%s' (%s) goes nowhere: its "
        "frames are dropped (fakesink '%s')",
        n->id, n->factory, n->drop);
  }
  g_free (p);
  return ok;
}
