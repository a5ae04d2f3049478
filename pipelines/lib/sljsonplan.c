/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Placement: a description whose nodes name a `host` is split into one
 * part per host. A connection between two hosts becomes a link:
 *
 *   sending part:   FROM ! slfanout (the connection's capacity and policy,
 *                   drops counted) ! slsend uri=srt://ADDR:PORT (caller)
 *   receiving part: slreceive uri=srt://ADDR:PORT?mode=listener ! TO
 *
 * where ADDR:PORT is the receiving host's address (`hosts`), the port
 * counted up from the host's port, one per link into that host in the
 * order of the connections. Each part is a description of its own, put
 * through the same translator, so its line is the same contract as any
 * other: `gst-launch-1.0 LINE` runs it unchanged.
 *
 * The whole description is validated first (errors name the place in the
 * file the user wrote); the parts are then built from it and cannot fail
 * on anything the user wrote. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <stdlib.h>
#include <gio/gio.h>

#include "sljsonprivate.h"

#define SL_JSON_DEFAULT_LATENCY_MS 125

/* ------------------------------------------------------------------ */
/* the split */

typedef struct
{
  guint index; /* connections[index] */
  gchar *from, *to, *from_pad, *to_pad;
  const gchar *from_host, *to_host;
  const gchar *transport;
  gint64 latency;
  gchar *addr; /* the receiver's */
  guint port;
  JsonNode *capacity, *policy; /* borrowed, or NULL */
  const gchar *passphrase_env, *passphrase_file;
  gchar *name; /* link<index> */
} Link;

static void
link_free (Link *k)
{
  g_free (k->from);
  g_free (k->to);
  g_free (k->from_pad);
  g_free (k->to_pad);
  g_free (k->addr);
  g_free (k->name);
  g_free (k);
}

static void
add_node (JsonArray *nodes, const gchar *id, const gchar *type,
    JsonObject *config)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "type", type);
  json_object_set_object_member (o, "config", config);
  json_array_add_object_element (nodes, o);
}

static JsonObject *
add_conn (JsonArray *conns, const gchar *from, const gchar *from_pad,
    const gchar *to, const gchar *to_pad)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "from", from);
  if (from_pad)
    json_object_set_string_member (o, "from_pad", from_pad);
  json_object_set_string_member (o, "to", to);
  if (to_pad)
    json_object_set_string_member (o, "to_pad", to_pad);
  json_array_add_object_element (conns, o);
  return o;
}

static gchar *
link_uri (Link *k, gboolean listener)
{
  gboolean v6 = strchr (k->addr, ':') != NULL;
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s://%s%s%s:%u", k->transport, v6 ? "[" : "",
      k->addr, v6 ? "]" : "", k->port);
  if (strcmp (k->transport, "srt") == 0) {
    g_string_append_printf (s, "?latency=%" G_GINT64_FORMAT, k->latency);
    if (listener)
      g_string_append (s, "&mode=listener");
    /* named, never written: slsend / slreceive read it when they start */
    if (k->passphrase_env)
      g_string_append_printf (s, "&passphrase-env=%s", k->passphrase_env);
    if (k->passphrase_file) {
      gchar *e = g_uri_escape_string (k->passphrase_file, "/", FALSE);

      g_string_append_printf (s, "&passphrase-file=%s", e);
      g_free (e);
    }
  }
  return g_string_free (s, FALSE);
}

/* A new object with @o's members but those in @skip (json_node_copy()
 * shares an object: the parsed tree must stay as it is). */
static JsonObject *
copy_without (JsonObject *o, const gchar *const *skip)
{
  JsonObject *c = json_object_new ();
  GList *members = json_object_get_members (o), *l;

  for (l = members; l; l = l->next)
    if (!sl_json_strv_has (skip, l->data))
      json_object_set_member (c, l->data,
          json_node_copy (json_object_get_member (o, l->data)));
  g_list_free (members);
  return c;
}

static const gchar *node_skip[] = { "host", NULL };
static const gchar *conn_skip[] = { "transport", "latency", "passphrase_env",
  "passphrase_file", NULL };

static gchar *
part_json (JsonObject *ro, const gchar *host, GHashTable *node_host,
    GPtrArray *links, GPtrArray *trusted)
{
  JsonObject *po = json_object_new ();
  JsonArray *nodes = json_array_new (), *conns = json_array_new ();
  JsonArray *src_nodes = json_object_get_array_member (ro, "nodes");
  JsonNode *cn = json_object_get_member (ro, "connections");
  JsonGenerator *gen;
  JsonNode *root;
  GList *members, *l;
  gchar *text;
  guint i;

  members = json_object_get_members (ro);
  for (l = members; l; l = l->next) {
    const gchar *key = l->data;

    if (strcmp (key, "hosts") && strcmp (key, "nodes") &&
        strcmp (key, "connections"))
      json_object_set_member (po, key,
          json_node_copy (json_object_get_member (ro, key)));
  }
  g_list_free (members);

  for (i = 0; i < json_array_get_length (src_nodes); i++) {
    JsonObject *o = json_array_get_object_element (src_nodes, i);

    if (g_strcmp0 (sl_json_member_string (o, "host"), host))
      continue;
    json_array_add_object_element (nodes, copy_without (o, node_skip));
  }
  for (i = 0; cn && i < json_array_get_length (json_node_get_array (cn)); i++) {
    JsonObject *o = json_array_get_object_element (json_node_get_array (cn), i);
    const gchar *fh = g_hash_table_lookup (node_host,
        json_object_get_string_member (o, "from"));
    const gchar *th = g_hash_table_lookup (node_host,
        json_object_get_string_member (o, "to"));

    if (g_strcmp0 (fh, host) || g_strcmp0 (th, host))
      continue;
    json_array_add_object_element (conns, copy_without (o, conn_skip));
  }
  for (i = 0; i < links->len; i++) {
    Link *k = links->pdata[i];

    if (strcmp (k->from_host, host) == 0) {
      gchar *out = g_strdup_printf ("%s-out", k->name);
      gchar *send = g_strdup_printf ("%s-send", k->name);
      gchar *uri = link_uri (k, FALSE);
      JsonObject *fc = json_object_new (), *sc = json_object_new (), *co;

      add_node (nodes, out, "slfanout", fc);
      json_object_set_string_member (sc, "uri", uri);
      add_node (nodes, send, "slsend", sc);
      add_conn (conns, k->from, k->from_pad, out, NULL);
      /* the connection's channel, its capacity and policy: the fanout's
       * branch, whose drops (while the link is down) are counted */
      co = add_conn (conns, out, NULL, send, NULL);
      if (k->capacity)
        json_object_set_member (co, "capacity", json_node_copy (k->capacity));
      if (k->policy)
        json_object_set_member (co, "policy", json_node_copy (k->policy));
      g_ptr_array_add (trusted, send);
      g_free (out);
      g_free (uri);
    }
    if (strcmp (k->to_host, host) == 0) {
      gchar *recv = g_strdup_printf ("%s-receive", k->name);
      gchar *uri = link_uri (k, TRUE);
      JsonObject *rc = json_object_new ();

      json_object_set_string_member (rc, "uri", uri);
      /* a link that comes back starts at a packet boundary: what was cut
       * is skipped and counted, the seq gap counted as missing */
      json_object_set_string_member (rc, "on-corrupt", "resync");
      add_node (nodes, recv, "slreceive", rc);
      add_conn (conns, recv, NULL, k->to, k->to_pad);
      g_ptr_array_add (trusted, recv);
      g_free (uri);
    }
  }

  json_object_set_array_member (po, "nodes", nodes);
  json_object_set_array_member (po, "connections", conns);
  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, po);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_object_unref (gen);
  json_node_unref (root);
  return text;
}

static void
plan_link_free (SlJsonLink *l)
{
  g_free (l->name);
  g_free (l->from);
  g_free (l->to);
  g_free (l->from_host);
  g_free (l->to_host);
  g_free (l->transport);
  g_free (l->address);
  g_free (l->policy);
  g_free (l->sender);
  g_free (l->receiver);
  g_free (l);
}

static void
plan_part_free (SlJsonPart *p)
{
  g_free (p->host);
  g_free (p->address);
  if (p->pipeline)
    sl_json_pipeline_free (p->pipeline);
  g_free (p);
}

void
sl_json_plan_free (SlJsonPlan *plan)
{
  if (!plan)
    return;
  g_ptr_array_unref (plan->parts);
  g_ptr_array_unref (plan->links);
  g_free (plan);
}

SlJsonPlan *
sl_json_plan (const gchar *text, gssize len, const gchar *filename,
    const SlJsonOptions *options, GError **error)
{
  SlJsonPipeline *whole;
  SlJsonPlan *plan = NULL;
  JsonParser *parser;
  JsonObject *ro, *hosts = NULL;
  JsonNode *cn;
  JsonArray *nodes;
  GHashTable *node_host, *next_port;
  GPtrArray *links;
  GList *members = NULL, *l;
  const gchar *fname = filename ? filename : "<description>";
  guint i;

  /* every error names its place in the description as written */
  whole = sl_json_translate (text, len, filename, options, error);
  if (!whole)
    return NULL;

  plan = g_new0 (SlJsonPlan, 1);
  plan->parts =
      g_ptr_array_new_with_free_func ((GDestroyNotify) plan_part_free);
  plan->links =
      g_ptr_array_new_with_free_func ((GDestroyNotify) plan_link_free);

  parser = json_parser_new_immutable ();
  if (len < 0)
    len = strlen (text);
  if (!json_parser_load_from_data (parser, text, len, error)) {
    g_object_unref (parser);
    sl_json_pipeline_free (whole);
    sl_json_plan_free (plan);
    return NULL;
  }
  ro = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (ro, "hosts"))
    hosts = json_object_get_object_member (ro, "hosts");
  nodes = json_object_get_array_member (ro, "nodes");
  node_host = g_hash_table_new (g_str_hash, g_str_equal);
  for (i = 0; i < json_array_get_length (nodes); i++) {
    JsonObject *o = json_array_get_object_element (nodes, i);

    if (json_object_has_member (o, "host"))
      g_hash_table_insert (node_host,
          (gpointer) json_object_get_string_member (o, "id"),
          (gpointer) json_object_get_string_member (o, "host"));
  }

  /* not placed: one part, the whole description */
  if (g_hash_table_size (node_host) == 0) {
    SlJsonPart *p = g_new0 (SlJsonPart, 1);

    p->pipeline = whole;
    g_ptr_array_add (plan->parts, p);
    g_hash_table_unref (node_host);
    g_object_unref (parser);
    return plan;
  }
  sl_json_pipeline_free (whole);

  links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);
  next_port = g_hash_table_new (g_str_hash, g_str_equal);
  cn = json_object_get_member (ro, "connections");
  for (i = 0; cn && i < json_array_get_length (json_node_get_array (cn)); i++) {
    JsonObject *o = json_array_get_object_element (json_node_get_array (cn), i);
    const gchar *from = json_object_get_string_member (o, "from");
    const gchar *to = json_object_get_string_member (o, "to");
    const gchar *fh = g_hash_table_lookup (node_host, from);
    const gchar *th = g_hash_table_lookup (node_host, to);
    const gchar *t = sl_json_member_string (o, "transport");
    Link *k;
    guint base = 0, n;

    if (strcmp (fh, th) == 0)
      continue;
    k = g_new0 (Link, 1);
    k->index = i;
    k->name = g_strdup_printf ("link%u", i);
    k->from = g_strdup (from);
    k->to = g_strdup (to);
    k->from_pad = g_strdup (sl_json_member_string (o, "from_pad"));
    k->to_pad = g_strdup (sl_json_member_string (o, "to_pad"));
    k->from_host = fh;
    k->to_host = th;
    k->transport = t ? t : "srt";
    k->latency = json_object_has_member (o, "latency")
        ? json_object_get_int_member (o, "latency")
        : SL_JSON_DEFAULT_LATENCY_MS;
    k->capacity = json_object_get_member (o, "capacity");
    k->policy = json_object_get_member (o, "policy");
    k->passphrase_env = sl_json_member_string (o, "passphrase_env");
    k->passphrase_file = sl_json_member_string (o, "passphrase_file");
    sl_json_parse_address (json_object_get_string_member (hosts, th), &k->addr,
        &base);
    n = GPOINTER_TO_UINT (g_hash_table_lookup (next_port, th));
    if (base + n > 65535) {
      g_set_error (error, SL_JSON_ERROR, SL_JSON_ERROR_VALUE,
          "%s: "
          "connections[%u]: host '%s' listens on one port per incoming link "
          "from %u: %u is beyond 65535",
          fname, i, th, base, base + n);
      sl_json_error_set_location (*error, NULL, 0, 0);
      link_free (k);
      goto fail;
    }
    k->port = base + n;
    g_hash_table_insert (next_port, (gpointer) th, GUINT_TO_POINTER (n + 1));
    g_ptr_array_add (links, k);
  }

  members = json_object_get_members (hosts);
  for (l = members; l; l = l->next) {
    const gchar *host = l->data;
    GPtrArray *trusted = g_ptr_array_new_with_free_func (g_free);
    SlJsonPart *p;
    gchar *part, *pname;
    GError *err = NULL;

    part = part_json (ro, host, node_host, links, trusted);
    g_ptr_array_add (trusted, NULL);
    pname = g_strdup_printf ("%s (host %s)", fname, host);
    p = g_new0 (SlJsonPart, 1);
    p->host = g_strdup (host);
    p->address = g_strdup (json_object_get_string_member (hosts, host));
    p->pipeline = sl_json_translate_trusted (part, -1, pname, options,
        (const gchar *const *) trusted->pdata, &err);
    g_ptr_array_unref (trusted);
    g_free (part);
    g_free (pname);
    g_ptr_array_add (plan->parts, p);
    if (!p->pipeline) {
      g_propagate_error (error, err);
      goto fail;
    }
  }

  for (i = 0; i < links->len; i++) {
    Link *k = links->pdata[i];
    SlJsonLink *pl = g_new0 (SlJsonLink, 1);

    pl->name = g_strdup (k->name);
    pl->connection = k->index;
    pl->from = g_strdup (k->from);
    pl->to = g_strdup (k->to);
    pl->from_host = g_strdup (k->from_host);
    pl->to_host = g_strdup (k->to_host);
    pl->transport = g_strdup (k->transport);
    pl->address = g_strdup_printf (strchr (k->addr, ':') ? "[%s]:%u" : "%s:%u",
        k->addr, k->port);
    pl->latency = strcmp (k->transport, "srt") == 0 ? k->latency : 0;
    pl->encrypted = k->passphrase_env || k->passphrase_file;
    pl->policy = g_strdup (k->policy && sl_json_is_string (k->policy)
            ? json_node_get_string (k->policy)
            : "block");
    pl->sender = g_strdup_printf ("%s-send", k->name);
    pl->receiver = g_strdup_printf ("%s-receive", k->name);
    g_ptr_array_add (plan->links, pl);
  }
  g_list_free (members);
  g_hash_table_unref (next_port);
  g_ptr_array_unref (links);
  g_hash_table_unref (node_host);
  g_object_unref (parser);
  return plan;

fail:
  g_list_free (members);
  g_hash_table_unref (next_port);
  g_ptr_array_unref (links);
  g_hash_table_unref (node_host);
  g_object_unref (parser);
  sl_json_plan_free (plan);
  return NULL;
}

SlJsonPlan *
sl_json_plan_file (const gchar *filename, const SlJsonOptions *options,
    GError **error)
{
  const SlJsonOptions defaults = {
    0,
  };
  const SlJsonOptions *o = options ? options : &defaults;
  gsize max = o->max_size ? o->max_size : SL_JSON_DEFAULT_MAX_SIZE;
  SlJsonPlan *plan;
  gchar *text;
  gsize len = 0;

  text = sl_json_read_description (filename, max, &len, error);
  if (!text)
    return NULL;
  plan = sl_json_plan (text, len, filename, options, error);
  g_free (text);
  return plan;
}

SlJsonPart *
sl_json_plan_get_part (SlJsonPlan *plan, const gchar *host)
{
  guint i;

  for (i = 0; i < plan->parts->len; i++) {
    SlJsonPart *p = plan->parts->pdata[i];

    if (g_strcmp0 (p->host, host) == 0)
      return p;
  }
  return NULL;
}
