/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Placement checks: the `hosts` object, each node's `host` and the link
 * keys of connections (transport, latency, passphrase), checked while the
 * description is translated, with located messages. Splitting a checked
 * description into its parts is sljsonplan.c's; this file calls neither
 * it nor sljsontranslate.c. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gio/gio.h>

#include "sljsonprivate.h"

const gchar *sl_json_transports[] = { "srt", "tcp", NULL };

#define SL_JSON_MAX_LATENCY_MS 60000

/* ADDR:PORT with an IP literal (IPv6 in brackets) and a port in 1..65535 */
gboolean
sl_json_parse_address (const gchar *s, gchar **addr, guint *port)
{
  const gchar *colon, *host_end;
  gchar *host, *end = NULL;
  GInetAddress *ia;
  guint64 p;

  if (s[0] == '[') {
    host_end = strchr (s, ']');
    if (!host_end || host_end[1] != ':')
      return FALSE;
    host = g_strndup (s + 1, host_end - s - 1);
    colon = host_end + 1;
  } else {
    colon = strrchr (s, ':');
    if (!colon || strchr (s, ':') != colon)
      return FALSE;
    host = g_strndup (s, colon - s);
  }
  p = g_ascii_strtoull (colon + 1, &end, 10);
  ia = g_inet_address_new_from_string (host);
  if (!ia || colon[1] == '\0' || *end != '\0' || p < 1 || p > 65535 ||
      !g_ascii_isdigit (colon[1])) {
    g_clear_object (&ia);
    g_free (host);
    return FALSE;
  }
  g_object_unref (ia);
  if (addr)
    *addr = host;
  else
    g_free (host);
  if (port)
    *port = (guint) p;
  return TRUE;
}

const gchar *
sl_json_member_string (JsonObject *o, const gchar *key)
{
  JsonNode *n = json_object_get_member (o, key);

  return n && sl_json_is_string (n) ? json_node_get_string (n) : NULL;
}

static gboolean
valid_env_name (const gchar *s)
{
  const gchar *p;

  if (*s == '\0' || g_ascii_isdigit (*s) || strlen (s) > 128)
    return FALSE;
  for (p = s; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* `hosts`: names, addresses, no address twice; @names gets the host
 * names (borrowed from @hosts) */
static gboolean
check_hosts (Ctx *ctx, JsonObject *hosts, GPtrArray *names)
{
  GHashTable *addrs =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GList *members = json_object_get_members (hosts), *l;
  gboolean ok = TRUE;

  for (l = members; l && ok; l = l->next) {
    const gchar *name = l->data;
    JsonNode *v = json_object_get_member (hosts, name);
    gchar *p = sl_json_path_key ("hosts", name), *addr = NULL, *key;
    guint port = 0;
    const gchar *other;

    if (!sl_json_valid_name (name, FALSE)) {
      sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, p,
          "invalid host name '%s': "
          "use 1 to 64 letters, digits, '_' or '-' (not first)",
          name);
      ok = FALSE;
    } else if (!sl_json_is_string (v)) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
          "the address of host '%s' "
          "must be a string such as \"10.0.0.2:7001\", not %s",
          name, sl_json_value_kind (v));
      ok = FALSE;
    } else if (!sl_json_parse_address (json_node_get_string (v), &addr,
                   &port)) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
          "bad address '%s' for host "
          "'%s': use IP:PORT with an IP address of the host and a port "
          "from 1 to 65535 (\"10.0.0.2:7001\", \"[fd00::2]:7001\")",
          json_node_get_string (v), name);
      ok = FALSE;
    }
    if (ok) {
      key = g_strdup_printf ("%s:%u", addr, port);
      other = g_hash_table_lookup (addrs, key);
      if (other) {
        sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
            "host '%s' has the same "
            "address as host '%s' (%s)",
            name, other, json_node_get_string (v));
        ok = FALSE;
        g_free (key);
      } else {
        g_hash_table_insert (addrs, key, (gpointer) name);
      }
      g_ptr_array_add (names, (gpointer) name);
    }
    g_free (addr);
    g_free (p);
  }
  g_list_free (members);
  g_hash_table_unref (addrs);
  return ok;
}

/* nodes[].host: one of @hosts (@names), and on every node or on none */
static gboolean
check_node_hosts (Ctx *ctx, JsonNode *nn, JsonObject *hosts, GPtrArray *names)
{
  guint i, placed = 0, unplaced = 0;
  gint first_unplaced = -1;
  gboolean ok = TRUE;

  for (i = 0; nn && JSON_NODE_HOLDS_ARRAY (nn) &&
       i < json_array_get_length (json_node_get_array (nn)) && ok;
       i++) {
    JsonNode *jn = json_array_get_element (json_node_get_array (nn), i);
    JsonNode *h;
    gchar *p;

    if (!JSON_NODE_HOLDS_OBJECT (jn))
      continue;
    h = json_object_get_member (json_node_get_object (jn), "host");
    if (!h) {
      unplaced++;
      if (first_unplaced < 0)
        first_unplaced = i;
      continue;
    }
    placed++;
    p = g_strdup_printf ("nodes[%u].host", i);
    if (!sl_json_is_string (h)) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
          "host must be a string "
          "naming one of 'hosts', not %s",
          sl_json_value_kind (h));
      ok = FALSE;
    } else if (!hosts) {
      sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, p,
          "unknown host '%s': the "
          "description has no 'hosts' object mapping host names to "
          "addresses",
          json_node_get_string (h));
      ok = FALSE;
    } else if (!json_object_has_member (hosts, json_node_get_string (h))) {
      const gchar *near = sl_json_nearest (json_node_get_string (h), names);

      if (near)
        sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
            "unknown host '%s'; did "
            "you mean '%s'?",
            json_node_get_string (h), near);
      else
        sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
            "unknown host '%s': not "
            "in 'hosts'",
            json_node_get_string (h));
      ok = FALSE;
    }
    g_free (p);
  }
  if (ok && placed && unplaced) {
    gchar *p = g_strdup_printf ("nodes[%d]", first_unplaced);

    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, p,
        "this node has no 'host' while "
        "others have one: in a description split across hosts, every node "
        "names its host");
    ok = FALSE;
    g_free (p);
  }
  return ok;
}

/* the link keys of connections[@i] (@o) */
static gboolean
check_link_keys (Ctx *ctx, JsonObject *o, guint i)
{
  JsonNode *t = json_object_get_member (o, "transport");
  JsonNode *lat = json_object_get_member (o, "latency");
  JsonNode *pe = json_object_get_member (o, "passphrase_env");
  JsonNode *pf = json_object_get_member (o, "passphrase_file");
  const gchar *transport = "srt";
  gchar *base = g_strdup_printf ("connections[%u]", i), *p;
  gboolean ok = TRUE;

  if (t) {
    p = sl_json_path_key (base, "transport");
    if (!sl_json_is_string (t) ||
        !sl_json_strv_has (sl_json_transports, json_node_get_string (t))) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
          "transport must be \"srt\" "
          "(the default) or \"tcp\"");
      ok = FALSE;
    } else {
      transport = json_node_get_string (t);
    }
    g_free (p);
  }
  if (ok && lat) {
    gint64 v = 0;

    p = sl_json_path_key (base, "latency");
    ok = sl_json_get_int (ctx, lat, p, "latency", FALSE, 0,
        SL_JSON_MAX_LATENCY_MS, 0, &v, NULL);
    if (ok && strcmp (transport, "srt") != 0) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
          "latency is SRT's receive "
          "buffer in ms: it applies to transport \"srt\" only");
      ok = FALSE;
    }
    g_free (p);
  }
  if (ok && pe && pf) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, base,
        "give the passphrase by "
        "'passphrase_env' or by 'passphrase_file', not both");
    ok = FALSE;
  }
  if (ok && pe) {
    p = sl_json_path_key (base, "passphrase_env");
    if (!sl_json_is_string (pe) ||
        !valid_env_name (json_node_get_string (pe))) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
          "passphrase_env must name "
          "an environment variable (letters, digits, '_')");
      ok = FALSE;
    }
    g_free (p);
  }
  if (ok && pf) {
    p = sl_json_path_key (base, "passphrase_file");
    if (!sl_json_is_string (pf) ||
        !g_path_is_absolute (json_node_get_string (pf))) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, p,
          "passphrase_file must be an "
          "absolute path");
      ok = FALSE;
    }
    g_free (p);
  }
  if (ok && (pe || pf) && strcmp (transport, "srt") != 0) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, base,
        "a passphrase encrypts SRT "
        "links: transport \"tcp\" has none");
    ok = FALSE;
  }
  g_free (base);
  return ok;
}

/* hosts, nodes[].host and the link keys of connections[] */
gboolean
sl_json_check_placement (Ctx *ctx, JsonObject *ro)
{
  JsonNode *hn = json_object_get_member (ro, "hosts");
  JsonNode *cn = json_object_get_member (ro, "connections");
  JsonObject *hosts = NULL;
  GPtrArray *names = g_ptr_array_new ();
  gboolean ok = TRUE;
  guint i;

  if (hn && !JSON_NODE_HOLDS_OBJECT (hn)) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, "hosts",
        "hosts must be an object "
        "mapping host names to the address their part listens on "
        "(\"edge\": \"10.0.0.2:7001\"), not %s",
        sl_json_value_kind (hn));
    ok = FALSE;
  } else if (hn) {
    hosts = json_node_get_object (hn);
    ok = check_hosts (ctx, hosts, names);
  }
  if (ok)
    ok = check_node_hosts (ctx, json_object_get_member (ro, "nodes"), hosts,
        names);
  for (i = 0; ok && cn && JSON_NODE_HOLDS_ARRAY (cn) &&
       i < json_array_get_length (json_node_get_array (cn));
       i++) {
    JsonNode *jc = json_array_get_element (json_node_get_array (cn), i);

    if (JSON_NODE_HOLDS_OBJECT (jc))
      ok = check_link_keys (ctx, json_node_get_object (jc), i);
  }
  g_ptr_array_unref (names);
  return ok;
}
