/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The JSON Schema of descriptions, generated from what the translator
 * checks: its tables (keys, aliases, StreamLab's kinds and key maps,
 * resilience keys) and the registry (each node type's properties, typed,
 * with ranges and enum values, as the GParamSpecs say). Enum values are
 * matched as the translator matches them (any case, '-', '_' or spaces
 * between letters, C names, StreamLab's synonyms), so the schema and
 * `streamlab validate` agree on every value a schema can see; what a
 * schema cannot see (ids that do not exist, cycles, pads) is left to
 * `validate`. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "sljsonprivate.h"

#define NAME_PATTERN "^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$"

static void
add_range_int (JsonBuilder *b, gint64 min, gint64 max)
{
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "integer");
  json_builder_set_member_name (b, "minimum");
  json_builder_add_int_value (b, min);
  json_builder_set_member_name (b, "maximum");
  json_builder_add_int_value (b, max);
}

static void
add_range_uint (JsonBuilder *b, guint64 min, guint64 max)
{
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "integer");
  json_builder_set_member_name (b, "minimum");
  json_builder_add_int_value (b, (gint64) min);
  json_builder_set_member_name (b, "maximum");
  if (max > G_MAXINT64)
    json_builder_add_double_value (b, (gdouble) max);
  else
    json_builder_add_int_value (b, (gint64) max);
}

static void
add_range_double (JsonBuilder *b, gdouble min, gdouble max)
{
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "number");
  json_builder_set_member_name (b, "minimum");
  json_builder_add_double_value (b, min);
  json_builder_set_member_name (b, "maximum");
  json_builder_add_double_value (b, max);
}

/* A pattern matching @word as the translator does: without case, with
 * any of '-', '_', ' ' around the letters. */
static void
append_loose (GString *pat, const gchar *word)
{
  gchar *sq = sl_json_squash (word);
  const gchar *c;

  g_string_append (pat, "[-_ ]*");
  for (c = sq; *c; c++) {
    if (g_ascii_isalpha (*c))
      g_string_append_printf (pat, "[%c%c]", g_ascii_tolower (*c),
          g_ascii_toupper (*c));
    else if (g_ascii_isalnum (*c))
      g_string_append_c (pat, *c);
    else
      g_string_append_printf (pat, "\\%c", *c);
    g_string_append (pat, "[-_ ]*");
  }
  g_free (sq);
}

static void
add_enum (JsonBuilder *b, GEnumClass *ec, const gchar *extra)
{
  const gchar *const *syn;
  SlJsonTables t;
  GString *pat = g_string_new ("^(");
  guint i, n = 0;

  sl_json_tables (&t);
  json_builder_set_member_name (b, "anyOf");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "enum");
  json_builder_begin_array (b);
  for (i = 0; i < ec->n_values; i++)
    json_builder_add_string_value (b, ec->values[i].value_nick);
  if (extra)
    json_builder_add_string_value (b, extra);
  for (i = 0; i < ec->n_values; i++)
    json_builder_add_string_value (b, ec->values[i].value_name);
  json_builder_end_array (b);
  json_builder_end_object (b);
  for (i = 0; i < ec->n_values; i++) {
    g_string_append (pat, n++ ? "|" : "");
    append_loose (pat, ec->values[i].value_nick);
  }
  for (syn = t.enum_synonyms; *syn; syn += 2) {
    if (!g_enum_get_value_by_nick (ec, syn[1]))
      continue;
    g_string_append (pat, "|");
    append_loose (pat, syn[0]);
  }
  if (extra) {
    g_string_append (pat, "|");
    append_loose (pat, extra);
  }
  g_string_append (pat, ")$");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, "string");
  json_builder_set_member_name (b, "pattern");
  json_builder_add_string_value (b, pat->str);
  json_builder_end_object (b);
  json_builder_end_array (b);
  g_string_free (pat, TRUE);
}

static void
add_type (JsonBuilder *b, const gchar *type)
{
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
}

/* The members of a property's schema; FALSE when a description cannot
 * set it (the property is then left out, as the translator refuses it). */
static gboolean
prop_members (JsonBuilder *b, GParamSpec *p, const gchar *extra_enum)
{
  GType t = G_PARAM_SPEC_VALUE_TYPE (p);

  switch (G_TYPE_FUNDAMENTAL (t)) {
    case G_TYPE_BOOLEAN:
      add_type (b, "boolean");
      return TRUE;
    case G_TYPE_CHAR:
      add_range_int (b, G_PARAM_SPEC_CHAR (p)->minimum,
          G_PARAM_SPEC_CHAR (p)->maximum);
      return TRUE;
    case G_TYPE_INT:
      add_range_int (b, G_PARAM_SPEC_INT (p)->minimum,
          G_PARAM_SPEC_INT (p)->maximum);
      return TRUE;
    case G_TYPE_LONG:
      add_range_int (b, G_PARAM_SPEC_LONG (p)->minimum,
          G_PARAM_SPEC_LONG (p)->maximum);
      return TRUE;
    case G_TYPE_INT64:
      add_range_int (b, G_PARAM_SPEC_INT64 (p)->minimum,
          G_PARAM_SPEC_INT64 (p)->maximum);
      return TRUE;
    case G_TYPE_UCHAR:
      add_range_uint (b, G_PARAM_SPEC_UCHAR (p)->minimum,
          G_PARAM_SPEC_UCHAR (p)->maximum);
      return TRUE;
    case G_TYPE_UINT:
      add_range_uint (b, G_PARAM_SPEC_UINT (p)->minimum,
          G_PARAM_SPEC_UINT (p)->maximum);
      return TRUE;
    case G_TYPE_ULONG:
      add_range_uint (b, G_PARAM_SPEC_ULONG (p)->minimum,
          G_PARAM_SPEC_ULONG (p)->maximum);
      return TRUE;
    case G_TYPE_UINT64:
      add_range_uint (b, G_PARAM_SPEC_UINT64 (p)->minimum,
          G_PARAM_SPEC_UINT64 (p)->maximum);
      return TRUE;
    case G_TYPE_FLOAT:
      add_range_double (b, G_PARAM_SPEC_FLOAT (p)->minimum,
          G_PARAM_SPEC_FLOAT (p)->maximum);
      return TRUE;
    case G_TYPE_DOUBLE:
      add_range_double (b, G_PARAM_SPEC_DOUBLE (p)->minimum,
          G_PARAM_SPEC_DOUBLE (p)->maximum);
      return TRUE;
    case G_TYPE_ENUM:
      add_enum (b, G_PARAM_SPEC_ENUM (p)->enum_class, extra_enum);
      return TRUE;
    case G_TYPE_FLAGS:
    case G_TYPE_STRING:
      add_type (b, "string");
      return TRUE;
    default:
      break;
  }
  if (t == GST_TYPE_CAPS || t == GST_TYPE_FRACTION) {
    add_type (b, "string");
    return TRUE;
  }
  if (t == GST_TYPE_STRUCTURE) {
    /* a structure string, or an object of strings */
    json_builder_set_member_name (b, "anyOf");
    json_builder_begin_array (b);
    json_builder_begin_object (b);
    add_type (b, "string");
    json_builder_end_object (b);
    json_builder_begin_object (b);
    add_type (b, "object");
    json_builder_set_member_name (b, "propertyNames");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "pattern");
    json_builder_add_string_value (b, NAME_PATTERN);
    json_builder_end_object (b);
    json_builder_set_member_name (b, "additionalProperties");
    json_builder_begin_object (b);
    add_type (b, "string");
    json_builder_end_object (b);
    json_builder_end_object (b);
    json_builder_end_array (b);
    return TRUE;
  }
  if (t == GST_TYPE_ARRAY && GST_IS_PARAM_SPEC_ARRAY_LIST (p) &&
      GST_PARAM_SPEC_ARRAY_LIST (p)->element_spec) {
    add_type (b, "array");
    json_builder_set_member_name (b, "items");
    json_builder_begin_object (b);
    prop_members (b, GST_PARAM_SPEC_ARRAY_LIST (p)->element_spec, NULL);
    json_builder_end_object (b);
    return TRUE;
  }
  return FALSE;
}

static void
add_prop (JsonBuilder *b, const gchar *key, GParamSpec *p, const gchar *doc,
    const gchar *extra_enum)
{
  JsonBuilder *tmp = json_builder_new ();
  JsonNode *node;

  json_builder_begin_object (tmp);
  if (!prop_members (tmp, p, extra_enum)) {
    json_builder_end_object (tmp);
    g_object_unref (tmp);
    return;
  }
  json_builder_set_member_name (tmp, "description");
  json_builder_add_string_value (tmp, doc ? doc : g_param_spec_get_blurb (p));
  json_builder_end_object (tmp);
  node = json_builder_get_root (tmp);
  json_builder_set_member_name (b, key);
  json_builder_add_value (b, node);
  g_object_unref (tmp);
}

/* The config object of a node of @kind made by @klass (@factory). */
static void
add_config (JsonBuilder *b, GstElementClass *klass, const gchar *factory,
    SlKind kind)
{
  GObjectClass *oc = G_OBJECT_CLASS (klass);
  const SlJsonKeyMap *m;
  GParamSpec **specs;
  guint n, i;

  json_builder_begin_object (b);
  add_type (b, "object");
  json_builder_set_member_name (b, "additionalProperties");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  specs = g_object_class_list_properties (oc, &n);
  for (i = 0; i < n; i++) {
    GParamSpec *p = specs[i];
    const gchar *extra = NULL;
    gchar *snake;

    if (!sl_json_find_prop (oc, p->name))
      continue;
    if (kind == SL_KIND_TRIGGER && strcmp (p->name, "mode") == 0)
      extra = "periodic";
    add_prop (b, p->name, p, NULL, extra);
    if (strchr (p->name, '-')) {
      snake = g_strdelimit (g_strdup (p->name), "-", '_');
      add_prop (b, snake, p, NULL, extra);
      g_free (snake);
    }
  }
  g_free (specs);
  for (m = sl_json_key_maps (); m->key; m++) {
    GParamSpec *p;

    if (strcmp (m->alias_factory, factory) != 0)
      continue;
    if (strcmp (m->target, "ignore:") == 0) {
      json_builder_set_member_name (b, m->key);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, m->doc);
      json_builder_end_object (b);
    } else if (g_str_has_prefix (m->target, "caps:") ||
        g_str_has_prefix (m->target, "interval:")) {
      SlJsonTables t;

      sl_json_tables (&t);
      json_builder_set_member_name (b, m->key);
      json_builder_begin_object (b);
      if (strcmp (m->target, "caps:channels") == 0)
        add_range_int (b, 1, t.max_channels);
      else if (strcmp (m->target, "caps:rate") == 0)
        add_range_int (b, 1, G_MAXINT);
      else
        add_range_int (b, 1, 3600 * 1000);
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, m->doc);
      json_builder_end_object (b);
    } else if (g_str_has_prefix (m->target, "db:")) {
      SlJsonTables t;

      sl_json_tables (&t);
      p = sl_json_find_prop (oc, m->target + 3);
      if (!p || !G_IS_PARAM_SPEC_DOUBLE (p))
        continue;
      json_builder_set_member_name (b, m->key);
      json_builder_begin_object (b);
      add_type (b, "number");
      json_builder_set_member_name (b, "maximum");
      json_builder_add_double_value (b,
          kind == SL_KIND_GAIN
              ? t.max_gain_db
              : 20.0 * log10 (G_PARAM_SPEC_DOUBLE (p)->maximum));
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, m->doc);
      json_builder_end_object (b);
    } else if ((p = sl_json_find_prop (oc, m->target))) {
      add_prop (b, m->key, p, m->doc, NULL);
    }
  }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static gboolean add_placement_key (JsonBuilder *b, const gchar *k);

static void
add_strings (JsonBuilder *b, const gchar *const *v)
{
  json_builder_begin_array (b);
  for (; *v; v++)
    json_builder_add_string_value (b, *v);
  json_builder_end_array (b);
}

static void
add_ref (JsonBuilder *b, const gchar *key, const gchar *def)
{
  gchar *r = g_strdup_printf ("#/$defs/%s", def);

  json_builder_set_member_name (b, key);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "$ref");
  json_builder_add_string_value (b, r);
  json_builder_end_object (b);
  g_free (r);
}

static void
add_name_def (JsonBuilder *b, const gchar *key)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_object (b);
  add_type (b, "string");
  json_builder_set_member_name (b, "pattern");
  json_builder_add_string_value (b, NAME_PATTERN);
  json_builder_end_object (b);
}

/* "block", "drop-oldest", "drop-newest", without case, '_' for '-' */
static void
add_policy_def (JsonBuilder *b)
{
  GString *pat = g_string_new ("^(");
  const gchar *const *p;
  const gchar *c;

  for (p = sl_json_policies; *p; p++) {
    if (p != sl_json_policies)
      g_string_append_c (pat, '|');
    for (c = *p; *c; c++) {
      if (*c == '-')
        g_string_append (pat, "[-_]");
      else
        g_string_append_printf (pat, "[%c%c]", g_ascii_tolower (*c),
            g_ascii_toupper (*c));
    }
  }
  g_string_append (pat, ")$");
  json_builder_set_member_name (b, "policy");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "anyOf");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "enum");
  add_strings (b, (const gchar *const *) sl_json_policies);
  json_builder_end_object (b);
  json_builder_begin_object (b);
  add_type (b, "string");
  json_builder_set_member_name (b, "pattern");
  json_builder_add_string_value (b, pat->str);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_string_free (pat, TRUE);
}

static void
add_resilience_def (JsonBuilder *b, SlJsonTables *t)
{
  GstElementFactory *ef = gst_element_factory_find ("slresilient");
  GstElementClass *k = ef ? sl_json_load_class (ef) : NULL;
  GObjectClass *oc;
  const gchar *const *r;

  if (ef)
    gst_object_unref (ef);
  json_builder_set_member_name (b, "resilience");
  json_builder_begin_object (b);
  add_type (b, "object");
  if (!k) {
    json_builder_end_object (b);
    return;
  }
  oc = G_OBJECT_CLASS (k);
  json_builder_set_member_name (b, "additionalProperties");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  for (r = t->resilience_keys; *r; r += 2) {
    GParamSpec *p = sl_json_find_prop (oc, r[1]);

    if (!p)
      continue;
    if (strcmp (r[0], "restart") == 0) {
      const gchar *const *q;

      /* a strategy name, or {"strategy"/"type", "base_ms", ...} */
      json_builder_set_member_name (b, "restart");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "anyOf");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      prop_members (b, p, NULL);
      json_builder_end_object (b);
      json_builder_begin_object (b);
      add_type (b, "object");
      json_builder_set_member_name (b, "additionalProperties");
      json_builder_add_boolean_value (b, FALSE);
      json_builder_set_member_name (b, "properties");
      json_builder_begin_object (b);
      add_prop (b, "type", p, NULL, NULL);
      for (q = t->resilience_keys; *q; q += 2) {
        GParamSpec *qp = sl_json_find_prop (oc, q[1]);

        if (qp && strcmp (q[0], "restart") != 0)
          add_prop (b, q[0], qp, NULL, NULL);
      }
      json_builder_end_object (b);
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
    } else {
      add_prop (b, r[0], p, NULL, NULL);
    }
  }
  json_builder_end_object (b);
  json_builder_end_object (b);
  g_type_class_unref (k);
}

/* "if": {"properties": {"type": {"const": TYPE}}}, "then": config of
 * $defs/DEF for both `config` and `parameters` */
static void
add_type_rule (JsonBuilder *b, const gchar *type, const gchar *def)
{
  const gchar *keys[] = { "config", "parameters" };
  guint i;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "if");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "const");
  json_builder_add_string_value (b, type);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "required");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "type");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "then");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  for (i = 0; i < G_N_ELEMENTS (keys); i++) {
    gchar *r = g_strdup_printf ("#/$defs/%s", def);

    json_builder_set_member_name (b, keys[i]);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "anyOf");
    json_builder_begin_array (b);
    json_builder_begin_object (b);
    add_type (b, "null");
    json_builder_end_object (b);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "$ref");
    json_builder_add_string_value (b, r);
    json_builder_end_object (b);
    json_builder_end_array (b);
    json_builder_end_object (b);
    g_free (r);
  }
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

typedef struct
{
  gchar *type; /* node type as written */
  gchar *def;  /* its config's $defs name */
  gchar *factory;
  SlKind kind;
} TypeEntry;

static void
type_entry_free (TypeEntry *e)
{
  g_free (e->type);
  g_free (e->def);
  g_free (e->factory);
  g_free (e);
}

static gint
feature_cmp (gconstpointer a, gconstpointer b)
{
  return strcmp (GST_OBJECT_NAME (a), GST_OBJECT_NAME (b));
}

/* The node types the schema knows: every alias whose element (or
 * fallback) is installed, and every gst-streamlab element by name. */
static GPtrArray *
collect_types (void)
{
  GPtrArray *types =
      g_ptr_array_new_with_free_func ((GDestroyNotify) type_entry_free);
  const SlJsonAlias *a;
  GList *feats, *l;

  for (a = sl_json_aliases (); a->alias; a++) {
    GstElementFactory *ef = gst_element_factory_find (a->factory);
    const gchar *factory = a->factory;
    TypeEntry *e;

    if (!ef && a->fallback) {
      ef = gst_element_factory_find (a->fallback);
      factory = a->fallback;
    }
    if (!ef)
      continue;
    gst_object_unref (ef);
    e = g_new0 (TypeEntry, 1);
    e->type = g_strdup (a->alias);
    e->factory = g_strdup (factory);
    e->kind = sl_json_kind_of (a->alias);
    e->def = g_strdup_printf ("config-%s%s", factory,
        e->kind == SL_KIND_TRIGGER    ? "-trigger"
            : e->kind == SL_KIND_GAIN ? "-gain"
                                      : "");
    g_ptr_array_add (types, e);
  }
  feats = gst_registry_get_feature_list (gst_registry_get (),
      GST_TYPE_ELEMENT_FACTORY);
  feats = g_list_sort (feats, feature_cmp);
  for (l = feats; l; l = l->next) {
    const gchar *name = GST_OBJECT_NAME (l->data);
    gboolean aliased = FALSE;
    TypeEntry *e;

    /* the elements the aliases name, by their own names too */
    for (a = sl_json_aliases (); a->alias && !aliased; a++)
      aliased = !g_strcmp0 (a->factory, name) || !g_strcmp0 (a->fallback, name);
    if (!aliased && !sl_json_feature_is_ours (l->data))
      continue;
    e = g_new0 (TypeEntry, 1);
    e->type = g_strdup (GST_OBJECT_NAME (l->data));
    e->factory = g_strdup (e->type);
    e->def = g_strdup_printf ("config-%s", e->type);
    g_ptr_array_add (types, e);
  }
  gst_plugin_feature_list_free (feats);
  return types;
}

static void
add_node_def (JsonBuilder *b, SlJsonTables *t, GPtrArray *types)
{
  guint i;

  json_builder_set_member_name (b, "node");
  json_builder_begin_object (b);
  add_type (b, "object");
  json_builder_set_member_name (b, "required");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "id");
  json_builder_add_string_value (b, "type");
  json_builder_end_array (b);
  json_builder_set_member_name (b, "additionalProperties");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  add_ref (b, "id", "name");
  json_builder_set_member_name (b, "type");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b,
      "A StreamLab node type (or the GUI's "
      "palette id), or any installed element factory");
  json_builder_set_member_name (b, "anyOf");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "enum");
  json_builder_begin_array (b);
  for (i = 0; i < types->len; i++)
    json_builder_add_string_value (b, ((TypeEntry *) types->pdata[i])->type);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_begin_object (b);
  add_type (b, "string");
  json_builder_set_member_name (b, "pattern");
  json_builder_add_string_value (b, NAME_PATTERN);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  for (i = 0; t->node_keys[i]; i++) {
    const gchar *k = t->node_keys[i];

    if (!strcmp (k, "id") || !strcmp (k, "type"))
      continue;
    if (add_placement_key (b, k))
      continue;
    if (!strcmp (k, "resilience")) {
      add_ref (b, k, "resilience");
    } else if (!strcmp (k, "config") || !strcmp (k, "parameters")) {
      json_builder_set_member_name (b, k);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_begin_array (b);
      json_builder_add_string_value (b, "object");
      json_builder_add_string_value (b, "null");
      json_builder_end_array (b);
      json_builder_end_object (b);
    } else {
      json_builder_set_member_name (b, k);
      json_builder_begin_object (b);
      json_builder_end_object (b);
    }
  }
  json_builder_end_object (b);
  /* `config` or its GUI name `parameters`, not both */
  json_builder_set_member_name (b, "not");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "required");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "config");
  json_builder_add_string_value (b, "parameters");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "allOf");
  json_builder_begin_array (b);
  for (i = 0; i < types->len; i++) {
    TypeEntry *e = types->pdata[i];

    add_type_rule (b, e->type, e->def);
  }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* The keys of placement across hosts (sljsonplan.c); FALSE for any other
 * key. */
static gboolean
add_placement_key (JsonBuilder *b, const gchar *k)
{
  if (strcmp (k, "hosts") && strcmp (k, "host") && strcmp (k, "transport") &&
      strcmp (k, "latency") && strcmp (k, "passphrase_env") &&
      strcmp (k, "passphrase_file"))
    return FALSE;
  json_builder_set_member_name (b, k);
  json_builder_begin_object (b);
  if (!strcmp (k, "hosts")) {
    add_type (b, "object");
    json_builder_set_member_name (b, "propertyNames");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "pattern");
    json_builder_add_string_value (b, NAME_PATTERN);
    json_builder_end_object (b);
    json_builder_set_member_name (b, "additionalProperties");
    json_builder_begin_object (b);
    add_type (b, "string");
    json_builder_set_member_name (b, "description");
    json_builder_add_string_value (b,
        "the address the host's part listens "
        "on: IP:PORT, [IPv6]:PORT; one port per incoming link from PORT up");
    json_builder_set_member_name (b, "pattern");
    json_builder_add_string_value (b,
        "^(\\[[0-9A-Fa-f:.]+\\]|[0-9.]+):"
        "[0-9]{1,5}$");
    json_builder_end_object (b);
  } else if (!strcmp (k, "host")) {
    add_type (b, "string");
    json_builder_set_member_name (b, "pattern");
    json_builder_add_string_value (b, NAME_PATTERN);
  } else if (!strcmp (k, "transport")) {
    json_builder_set_member_name (b, "enum");
    add_strings (b, (const gchar *const *) sl_json_transports);
  } else if (!strcmp (k, "latency")) {
    add_range_int (b, 0, 60000);
  } else if (!strcmp (k, "passphrase_env")) {
    add_type (b, "string");
    json_builder_set_member_name (b, "pattern");
    json_builder_add_string_value (b, "^[A-Za-z_][A-Za-z0-9_]{0,127}$");
  } else {
    add_type (b, "string");
    json_builder_set_member_name (b, "pattern");
    json_builder_add_string_value (b, "^/");
  }
  json_builder_end_object (b);
  return TRUE;
}

static void
add_object_def (JsonBuilder *b, const gchar *name, const gchar *const *keys,
    const gchar *r1, const gchar *r2)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  add_type (b, "object");
  json_builder_set_member_name (b, "required");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, r1);
  json_builder_add_string_value (b, r2);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "additionalProperties");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  for (; *keys; keys++) {
    const gchar *k = *keys;

    if (!strcmp (k, r1) || !strcmp (k, r2) || !strcmp (k, "from_pad") ||
        !strcmp (k, "to_pad"))
      add_ref (b, k, "name");
    else if (!strcmp (k, "policy"))
      add_ref (b, k, "policy");
    else if (add_placement_key (b, k))
      continue;
    else if (!strcmp (k, "capacity")) {
      json_builder_set_member_name (b, k);
      json_builder_begin_object (b);
      add_range_int (b, 1, 1000000);
      json_builder_end_object (b);
    } else {
      json_builder_set_member_name (b, k);
      json_builder_begin_object (b);
      json_builder_end_object (b);
    }
  }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* the top level's keys */
static void
add_top_keys (JsonBuilder *b, SlJsonTables *t)
{
  guint i;

  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  for (i = 0; t->top_keys[i]; i++) {
    const gchar *k = t->top_keys[i];

    if (add_placement_key (b, k))
      continue;
    json_builder_set_member_name (b, k);
    json_builder_begin_object (b);
    if (!strcmp (k, "nodes") || !strcmp (k, "connections") ||
        !strcmp (k, "edges")) {
      add_type (b, "array");
      if (!strcmp (k, "nodes")) {
        json_builder_set_member_name (b, "maxItems");
        json_builder_add_int_value (b, SL_JSON_DEFAULT_MAX_NODES);
      }
      add_ref (b, "items",
          !strcmp (k, "nodes")       ? "node"
              : !strcmp (k, "edges") ? "edge"
                                     : "connection");
    } else if (!strcmp (k, "pipeline_config")) {
      json_builder_set_member_name (b, "$ref");
      json_builder_add_string_value (b, "#/$defs/pipeline_config");
    }
    json_builder_end_object (b);
  }
  json_builder_end_object (b);
}

/* several nodes need connections (or edges), not both */
static void
add_connections_rule (JsonBuilder *b)
{
  json_builder_set_member_name (b, "allOf");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "not");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "required");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "connections");
  json_builder_add_string_value (b, "edges");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "if");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "nodes");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "minItems");
  json_builder_add_int_value (b, 2);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "then");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "anyOf");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "required");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "connections");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "required");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "edges");
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  json_builder_end_array (b);
}

/* $defs.pipeline_config */
static void
add_pipeline_config_def (JsonBuilder *b, SlJsonTables *t)
{
  guint i;

  json_builder_set_member_name (b, "pipeline_config");
  json_builder_begin_object (b);
  add_type (b, "object");
  json_builder_set_member_name (b, "additionalProperties");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  for (i = 0; t->pconfig_keys[i]; i++) {
    const gchar *k = t->pconfig_keys[i];

    if (!strcmp (k, "policy")) {
      add_ref (b, k, "policy");
      continue;
    }
    json_builder_set_member_name (b, k);
    json_builder_begin_object (b);
    if (!strcmp (k, "channel_capacity")) {
      add_range_int (b, 1, 1000000);
    } else if (!strcmp (k, "priority")) {
      /* any other name is Normal, with a note */
      json_builder_set_member_name (b, "anyOf");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "enum");
      add_strings (b, t->priorities);
      json_builder_end_object (b);
      json_builder_begin_object (b);
      add_type (b, "string");
      json_builder_end_object (b);
      json_builder_end_array (b);
    } else {
      add_type (b, "string");
    }
    json_builder_end_object (b);
  }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* $defs: each type's config, once per (factory, kind) */
static void
add_config_defs (JsonBuilder *b, GPtrArray *types)
{
  guint i;

  for (i = 0; i < types->len; i++) {
    TypeEntry *e = types->pdata[i];
    GstElementFactory *ef;
    GstElementClass *k;
    guint j;
    gboolean seen = FALSE;

    for (j = 0; j < i && !seen; j++)
      seen = !strcmp (((TypeEntry *) types->pdata[j])->def, e->def);
    if (seen)
      continue;
    ef = gst_element_factory_find (e->factory);
    k = ef ? sl_json_load_class (ef) : NULL;
    if (ef)
      gst_object_unref (ef);
    json_builder_set_member_name (b, e->def);
    if (k) {
      add_config (b, k, e->factory, e->kind);
      g_type_class_unref (k);
    } else {
      json_builder_begin_object (b);
      add_type (b, "object");
      json_builder_end_object (b);
    }
  }
}

gchar *
sl_json_schema (void)
{
  JsonBuilder *b = json_builder_new ();
  JsonGenerator *g;
  JsonNode *root;
  SlJsonTables t;
  GPtrArray *types;
  gchar *res;

  sl_json_tables (&t);
  types = collect_types ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "$schema");
  json_builder_add_string_value (b,
      "https://json-schema.org/draft/2020-12/schema");
  json_builder_set_member_name (b, "$id");
  json_builder_add_string_value (b,
      "https://gst-streamlab.invalid/schema/streamlab-pipeline.schema.json");
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, "gst-streamlab JSON pipeline description");
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b,
      "StreamLab's pipeline format (and the "
      "GUI's deploy format), run by `streamlab` and `sljsonbin`. Generated "
      "by `streamlab schema` from the translator's tables and the "
      "elements' properties; what a schema cannot see (connections to "
      "unknown ids, cycles, pads) is checked by `streamlab validate`.");
  add_type (b, "object");
  json_builder_set_member_name (b, "required");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, "nodes");
  json_builder_end_array (b);
  json_builder_set_member_name (b, "additionalProperties");
  json_builder_add_boolean_value (b, FALSE);
  add_top_keys (b, &t);
  add_connections_rule (b);

  json_builder_set_member_name (b, "$defs");
  json_builder_begin_object (b);
  add_name_def (b, "name");
  add_policy_def (b);
  add_node_def (b, &t, types);
  add_object_def (b, "connection", t.conn_keys, "from", "to");
  add_object_def (b, "edge", t.edge_keys, "source", "target");
  add_pipeline_config_def (b, &t);
  add_resilience_def (b, &t);
  add_config_defs (b, types);
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  g = json_generator_new ();
  json_generator_set_pretty (g, TRUE);
  json_generator_set_indent (g, 2);
  json_generator_set_root (g, root);
  res = json_generator_to_data (g, NULL);
  json_node_unref (root);
  g_object_unref (g);
  g_object_unref (b);
  g_ptr_array_unref (types);
  return res;
}
