/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The gst-launch line: chains, queues, fanouts, references; its shell
 * words. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <math.h>
#include <string.h>

#include "sljsonprivate.h"

/* ------------------------------------------------------------------ */
/* The line */

static void
append_queue (Ctx *ctx, GString *line, Edge *e)
{
  gchar *name = sl_json_unique_name (ctx, "q");

  g_string_append_printf (line,
      " ! queue name=%s max-size-buffers=%u "
      "max-size-bytes=0 max-size-time=0",
      name, e->capacity);
  /* queue drops old buffers when leaky downstream, new ones upstream */
  if (e->policy == SL_JSON_POLICY_DROP_OLDEST)
    g_string_append (line, " leaky=downstream");
  else if (e->policy == SL_JSON_POLICY_DROP_NEWEST)
    g_string_append (line, " leaky=upstream");
  g_string_append (line, " ! ");
  g_free (name);
}

static void
append_decl (Ctx *ctx, GString *line, Node *n)
{
  /* several inputs, each frame passed on whole */
  if (n->funnel)
    g_string_append_printf (line, "funnel name=%s ! ", n->funnel);
  if (n->tap) {
    /* a sink that passes frames on: a tee, the sink on a branch of its
     * own (a queue, so that its preroll does not hold the others), the
     * node's outputs from the tee */
    gchar *base = g_strdup_printf ("%s-q", n->id);
    gchar *q = sl_json_unique_name (ctx, base);

    g_string_append_printf (line,
        "tee name=%s  %s. ! queue name=%s "
        "max-size-buffers=%u max-size-bytes=0 max-size-time=0 ! %s name=%s%s"
        "  %s.",
        n->tap, n->tap, q, ctx->capacity, n->factory, n->id, n->props, n->tap);
    g_free (q);
    g_free (base);
  } else if (n->res_klass) {
    gchar *inner = g_strdup_printf ("%s-inner", n->id);
    gchar *iname = sl_json_unique_name (ctx, inner);

    g_string_append_printf (line, "slresilient.( name=%s%s %s name=%s%s )",
        n->id, n->res_props, n->factory, iname, n->props);
    g_free (inner);
    g_free (iname);
  } else {
    g_string_append_printf (line, "%s name=%s%s", n->factory, n->id, n->props);
  }
}

/* a reference to an output of @n */
static void
append_ref (GString *line, Node *n, const gchar *pad)
{
  g_string_append_printf (line, "%s.%s", n->tap ? n->tap : n->id,
      pad ? pad : "");
}

/* a reference to an input of @n */
static void
append_in_ref (GString *line, Node *n, const gchar *pad)
{
  if (n->funnel && !pad)
    g_string_append_printf (line, "%s.", n->funnel);
  else
    g_string_append_printf (line, "%s.%s", n->id, pad ? pad : "");
}

/* Does the fanout element set per-branch capacity and policy as pad
 * properties (child proxy, `F src_0::capacity=N`), its policies named as
 * a description names them? The names are read from the pad class. */
static gboolean
fanout_has_branch_props (GstElementClass *k)
{
  GstPadTemplate *t;
  GObjectClass *pc;
  gboolean res;

  if (!g_type_is_a (G_TYPE_FROM_CLASS (k), GST_TYPE_CHILD_PROXY))
    return FALSE;
  t = gst_element_class_get_pad_template (k, "src_%u");
  if (!t || GST_PAD_TEMPLATE_GTYPE (t) == G_TYPE_NONE)
    return FALSE;
  pc = g_type_class_ref (GST_PAD_TEMPLATE_GTYPE (t));
  res = g_object_class_find_property (pc, "capacity") != NULL &&
      sl_json_enum_has_nicks (pc, "policy", sl_json_policies);
  g_type_class_unref (pc);
  return res;
}

static gboolean
is_splitter (Node *n)
{
  return n->res_klass == NULL &&
      gst_element_class_get_pad_template (n->klass, "src_%u") != NULL;
}

/* Branch edges of node @n (several default outputs): through the node
 * itself when it is a splitter (tee, slfanout), else through a fanout
 * element inserted after it. Returns the fanout declaration. */
static void
plan_fanout (Ctx *ctx, GString *line, Node *n, GPtrArray *defaults)
{
  GstElementClass *fk = NULL;
  gboolean branch_props;
  const gchar *fname;
  gchar *fid;
  guint i;

  if (is_splitter (n)) {
    fk = g_type_class_ref (G_TYPE_FROM_CLASS (n->klass));
    fid = g_strdup (n->id);
  } else {
    GstElementFactory *ef = gst_element_factory_find ("slfanout");

    if (!ef)
      ef = gst_element_factory_find ("tee");
    fk = sl_json_load_class (ef);
    fname = GST_OBJECT_NAME (ef);
    fid = sl_json_unique_name (ctx, "fanout");
    g_string_append_printf (line, " ! %s name=%s", fname, fid);
    gst_object_unref (ef);
  }
  branch_props = fanout_has_branch_props (fk);
  for (i = 0; i < defaults->len; i++) {
    Edge *e = defaults->pdata[i];

    if (branch_props) {
      g_string_append_printf (line, " src_%u::capacity=%u", i, e->capacity);
      g_string_append_printf (line, " src_%u::policy=%s", i,
          sl_json_policies[e->policy]);
      e->capacity = 0; /* no queue: the branch is the channel */
    }
    e->branch_ref = g_strdup_printf ("%s.src_%u", fid, i);
  }
  g_type_class_unref (fk);
  g_free (fid);
}

static void
append_edge_tail (Ctx *ctx, GString *line, Edge *e)
{
  if (e->capacity)
    append_queue (ctx, line, e);
  else
    g_string_append (line, " ! ");
}

static void
emit_chain (Ctx *ctx, GString *line, Node *n)
{
  if (line->len)
    g_string_append (line, "  ");
  while (n) {
    GPtrArray *defaults = g_ptr_array_new ();
    Node *next = NULL;
    guint i;

    append_decl (ctx, line, n);
    n->emitted = TRUE;
    for (i = 0; i < n->out->len; i++) {
      Edge *e = n->out->pdata[i];

      if (!e->from_pad)
        g_ptr_array_add (defaults, e);
    }
    if ((n->caps_rate || n->caps_channels) && !n->res_klass && !n->tap &&
        (defaults->len || n->out->len == 0)) {
      /* named like every element the translator adds: an anonymous
       * capsfilter would be `capsfilterN`, which a node id may be */
      gchar *base = g_strdup_printf ("%s-caps", n->id);
      gchar *cname = sl_json_unique_name (ctx, base);

      g_string_append_printf (line, " ! capsfilter name=%s caps=audio/x-raw",
          cname);
      if (n->caps_rate)
        g_string_append_printf (line, ",rate=%d", n->caps_rate);
      if (n->caps_channels)
        g_string_append_printf (line, ",channels=%d", n->caps_channels);
      g_free (cname);
      g_free (base);
    }
    if (n->drop && !n->res_klass)
      g_string_append_printf (line, " ! fakesink name=%s", n->drop);
    if (n->res_klass) {
      /* the resilient bin has two outputs (src, deadletter): its edges
       * name their pads, in the second pass */
    } else if (defaults->len == 1 && !is_splitter (n)) {
      Edge *e = defaults->pdata[0];

      append_edge_tail (ctx, line, e);
      e->emitted = TRUE;
      if (!e->to->emitted && e->to->in->len == 1 && !e->to_pad)
        next = e->to;
      else
        append_in_ref (line, e->to, e->to_pad);
    } else if (defaults->len >= 1) {
      plan_fanout (ctx, line, n, defaults);
    }
    g_ptr_array_unref (defaults);
    n = next;
  }
}

gchar *
sl_json_build_line (Ctx *ctx, GPtrArray *order)
{
  GString *line = g_string_new (NULL);
  guint i;

  for (i = 0; i < order->len; i++) {
    Node *n = order->pdata[i];

    if (!n->emitted)
      emit_chain (ctx, line, n);
  }
  for (i = 0; i < ctx->edges->len; i++) {
    Edge *e = ctx->edges->pdata[i];

    if (e->emitted)
      continue;
    g_string_append (line, "  ");
    if (e->branch_ref)
      g_string_append (line, e->branch_ref);
    else if (e->from->res_klass && !e->from_pad)
      append_ref (line, e->from, "src");
    else
      append_ref (line, e->from, e->from_pad);
    append_edge_tail (ctx, line, e);
    append_in_ref (line, e->to, e->to_pad);
  }
  for (i = 0; i < order->len; i++) {
    Node *n = order->pdata[i];

    if (n->drop && n->res_klass)
      g_string_append_printf (line, "  %s.src ! fakesink name=%s", n->id,
          n->drop);
  }
  return g_string_free (line, FALSE);
}

/* The words of a line we built: split at spaces outside double quotes
 * (inside, `\x` is an escaped pair). */
gchar **
sl_json_split_words (const gchar *line)
{
  GPtrArray *words = g_ptr_array_new ();
  GString *w = g_string_new (NULL);
  gboolean in_quotes = FALSE;
  const gchar *p;

  for (p = line;; p++) {
    if (*p == '\0' || (*p == ' ' && !in_quotes)) {
      if (w->len)
        g_ptr_array_add (words, g_strdup (w->str));
      g_string_truncate (w, 0);
      if (*p == '\0')
        break;
      continue;
    }
    if (in_quotes && *p == '\\' && p[1]) {
      g_string_append_c (w, *p++);
    } else if (*p == '"') {
      in_quotes = !in_quotes;
    }
    g_string_append_c (w, *p);
  }
  g_string_free (w, TRUE);
  g_ptr_array_add (words, NULL);
  return (gchar **) g_ptr_array_free (words, FALSE);
}

/* Shell words: as they are when made of safe characters, else in single
 * quotes (which keep everything but the single quote itself). */
gchar *
sl_json_shell_join (gchar **argv)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; argv[i]; i++) {
    const gchar *c;
    gboolean plain = TRUE;

    for (c = argv[i]; *c && plain; c++)
      plain = g_ascii_isalnum (*c) || strchr ("_./:,=+-!", *c);
    if (i)
      g_string_append_c (s, ' ');
    if (plain && strcmp (argv[i], "!") != 0 && strchr (argv[i], '!'))
      plain = FALSE;
    if (plain) {
      g_string_append (s, argv[i]);
      continue;
    }
    g_string_append_c (s, '\'');
    for (c = argv[i]; *c; c++) {
      if (*c == '\'')
        g_string_append (s, "'\\''");
      else
        g_string_append_c (s, *c);
    }
    g_string_append_c (s, '\'');
  }
  return g_string_free (s, FALSE);
}
