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

#include <string.h>
#include <json-glib/json-glib.h>

#include "streamlabgraph.h"

static gboolean
has_fanout (const SlJsonPipeline *d, const gchar *id)
{
  guint i;

  for (i = 0; i < d->edges->len; i++) {
    SlJsonEdgeInfo *e = d->edges->pdata[i];

    if (e->fanout && strcmp (e->from, id) == 0)
      return TRUE;
  }
  return FALSE;
}

/* {"nodes": [{"id", "factory", "type", "source", "sink", "resilient",
 * "resilience", "fanout"}], "connections": [{"from", "to", "from_pad",
 * "to_pad", "capacity", "policy", "fanout"}]} */
gchar *
streamlab_graph_json (const SlJsonPipeline *d)
{
  JsonBuilder *b = json_builder_new ();
  JsonGenerator *gen;
  JsonNode *root;
  gchar *text;
  guint i;

  json_builder_begin_object (b);
  if (d->name) {
    json_builder_set_member_name (b, "name");
    json_builder_add_string_value (b, d->name);
  }
  json_builder_set_member_name (b, "nodes");
  json_builder_begin_array (b);
  for (i = 0; i < d->nodes->len; i++) {
    SlJsonNodeInfo *n = d->nodes->pdata[i];

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "id");
    json_builder_add_string_value (b, n->id);
    json_builder_set_member_name (b, "factory");
    json_builder_add_string_value (b, n->factory);
    json_builder_set_member_name (b, "type");
    json_builder_add_string_value (b, n->factory);
    json_builder_set_member_name (b, "source");
    json_builder_add_boolean_value (b, n->is_source);
    json_builder_set_member_name (b, "sink");
    json_builder_add_boolean_value (b, n->is_sink);
    json_builder_set_member_name (b, "resilient");
    json_builder_add_boolean_value (b, n->resilience != NULL);
    if (n->resilience) {
      json_builder_set_member_name (b, "resilience");
      json_builder_add_string_value (b, n->resilience);
    }
    json_builder_set_member_name (b, "fanout");
    json_builder_add_boolean_value (b, has_fanout (d, n->id));
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "connections");
  json_builder_begin_array (b);
  for (i = 0; i < d->edges->len; i++) {
    SlJsonEdgeInfo *e = d->edges->pdata[i];

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "from");
    json_builder_add_string_value (b, e->from);
    json_builder_set_member_name (b, "to");
    json_builder_add_string_value (b, e->to);
    if (e->from_pad) {
      json_builder_set_member_name (b, "from_pad");
      json_builder_add_string_value (b, e->from_pad);
    }
    if (e->to_pad) {
      json_builder_set_member_name (b, "to_pad");
      json_builder_add_string_value (b, e->to_pad);
    }
    json_builder_set_member_name (b, "capacity");
    json_builder_add_int_value (b, e->capacity);
    json_builder_set_member_name (b, "policy");
    json_builder_add_string_value (b, e->policy);
    json_builder_set_member_name (b, "fanout");
    json_builder_add_boolean_value (b, e->fanout);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  json_node_unref (root);
  g_object_unref (gen);
  g_object_unref (b);
  return text;
}

/* a DOT string: "..." with quotes and backslashes escaped */
static void
dot_str (GString *out, const gchar *s)
{
  g_string_append_c (out, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      g_string_append_c (out, '\\');
    if (*s == '\n')
      g_string_append (out, "\\n");
    else
      g_string_append_c (out, *s);
  }
  g_string_append_c (out, '"');
}

/* Nodes by role (source, sink, fanout, transform) with their element,
 * resilient nodes doubled and purple with their policy, connections
 * labelled with capacity and policy, fanout branches bold, dropping
 * policies dashed. */
gchar *
streamlab_graph_dot (const SlJsonPipeline *d, const gchar *title)
{
  GString *out = g_string_new ("digraph streamlab {\n");
  guint i;

  g_string_append (out, "  rankdir=LR;\n  labelloc=t;\n  label=");
  dot_str (out, title ? title : (d->name ? d->name : "pipeline"));
  g_string_append (out,
      ";\n  node [fontname=\"Helvetica\", fontsize=11, "
      "style=\"filled,rounded\", shape=box, fillcolor=\"#ffffff\"];\n"
      "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#5b6472\"];\n");
  for (i = 0; i < d->nodes->len; i++) {
    SlJsonNodeInfo *n = d->nodes->pdata[i];
    gboolean fan = has_fanout (d, n->id);
    GString *label = g_string_new (NULL);

    g_string_append_printf (label, "%s\n%s", n->id, n->factory);
    if (fan)
      g_string_append (label, "\nfanout");
    if (n->resilience)
      g_string_append_printf (label, "\nresilient: %s", n->resilience);
    g_string_append (out, "  ");
    dot_str (out, n->id);
    g_string_append (out, " [label=");
    dot_str (out, label->str);
    if (n->is_source)
      g_string_append (out, ", shape=cds, fillcolor=\"#d9f2e3\"");
    else if (n->is_sink)
      g_string_append (out, ", fillcolor=\"#e3e9f7\"");
    else if (fan)
      g_string_append (out, ", fillcolor=\"#efe3f7\"");
    if (n->resilience)
      g_string_append (out,
          ", peripheries=2, color=\"#7b4fb5\", "
          "penwidth=1.5");
    g_string_append (out, "];\n");
    g_string_free (label, TRUE);
  }
  for (i = 0; i < d->edges->len; i++) {
    SlJsonEdgeInfo *e = d->edges->pdata[i];
    gchar *label;

    label =
        g_strdup_printf ("%s%s%s%scap %u, %s", e->from_pad ? e->from_pad : "",
            e->from_pad || e->to_pad ? "→" : "", e->to_pad ? e->to_pad : "",
            e->from_pad || e->to_pad ? "\n" : "", e->capacity, e->policy);
    g_string_append (out, "  ");
    dot_str (out, e->from);
    g_string_append (out, " -> ");
    dot_str (out, e->to);
    g_string_append (out, " [label=");
    dot_str (out, label);
    if (e->fanout)
      g_string_append (out, ", penwidth=2, color=\"#7b4fb5\"");
    if (strcmp (e->policy, "block") != 0)
      g_string_append (out, ", style=dashed");
    g_string_append (out, "];\n");
    g_free (label);
  }
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}

gboolean
streamlab_graph_render (const gchar *dot, const gchar *output, GError **error)
{
  const gchar *ext = strrchr (output, '.');
  const gchar *format;
  gchar *flag, *out_arg, *dot_prog;
  GSubprocess *p;
  gboolean ok;

  if (ext &&
      (!g_ascii_strcasecmp (ext, ".dot") || !g_ascii_strcasecmp (ext, ".gv")))
    return g_file_set_contents (output, dot, -1, error);
  if (ext && !g_ascii_strcasecmp (ext, ".svg"))
    format = "svg";
  else if (ext && !g_ascii_strcasecmp (ext, ".png"))
    format = "png";
  else if (ext && !g_ascii_strcasecmp (ext, ".pdf"))
    format = "pdf";
  else {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        "%s: unknown picture format (use .svg, .png, .pdf or .dot)", output);
    return FALSE;
  }
  dot_prog = g_find_program_in_path ("dot");
  if (dot_prog == NULL) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
        "graphviz's 'dot' program is not installed (Debian: apt install "
        "graphviz); write a .dot file instead");
    return FALSE;
  }
  flag = g_strdup_printf ("-T%s", format);
  out_arg = g_strdup_printf ("-o%s", output);
  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, error, dot_prog, flag,
      out_arg, NULL);
  ok = p != NULL &&
      g_subprocess_communicate_utf8 (p, dot, NULL, NULL, NULL, error) &&
      g_subprocess_wait_check (p, NULL, error);
  if (p)
    g_object_unref (p);
  g_free (flag);
  g_free (out_arg);
  g_free (dot_prog);
  return ok;
}

/* The slmetrics tracer sees this element message when it is posted (the
 * bus gets it too and ignores it). */
void
streamlab_graph_announce (GstElement *pipeline, const SlJsonPipeline *d,
    gint instance)
{
  gchar *graph = streamlab_graph_json (d);
  gchar *inst = g_strdup_printf ("%d", instance);

  gst_element_post_message (pipeline,
      gst_message_new_element (GST_OBJECT (pipeline),
          gst_structure_new ("slmetrics-graph", "graph", G_TYPE_STRING, graph,
              "instance", G_TYPE_STRING, inst, NULL)));
  g_free (graph);
  g_free (inst);
}
