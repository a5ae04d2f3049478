/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Values typed from GParamSpecs and quoted for the gst-launch grammar;
 * numbers from their lexemes; messages and suggestions. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <math.h>
#include <string.h>

#include "sljsonprivate.h"

/* ------------------------------------------------------------------ */
/* Helpers */

guint
sl_json_edit_distance (const gchar *a, const gchar *b)
{
  gsize la = strlen (a), lb = strlen (b), i, j;
  guint *row, res;

  if (la > 256 || lb > 256)
    return G_MAXUINT;
  row = g_new (guint, lb + 1);
  for (j = 0; j <= lb; j++)
    row[j] = j;
  for (i = 1; i <= la; i++) {
    guint prev = row[0];

    row[0] = i;
    for (j = 1; j <= lb; j++) {
      guint cur = row[j];
      guint cost =
          g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;

      row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), prev + cost);
      prev = cur;
    }
  }
  res = row[lb];
  g_free (row);
  return res;
}

/* The nearest of @candidates to @word, if near enough to be a typo. */
const gchar *
sl_json_nearest (const gchar *word, GPtrArray *candidates)
{
  const gchar *best = NULL;
  guint best_d = G_MAXUINT, i;
  guint limit = MAX (2, strlen (word) / 3);

  for (i = 0; i < candidates->len; i++) {
    guint d = sl_json_edit_distance (word, candidates->pdata[i]);

    if (d < best_d) {
      best_d = d;
      best = candidates->pdata[i];
    }
  }
  return best_d <= limit ? best : NULL;
}

/* GStreamer's serialisation of a string: as-is when every character is
 * safe, else in double quotes with escapes (octal for bytes outside
 * printable ASCII), which gst_value_deserialize() reverses. */
static void
append_wrapped (GString *out, const gchar *s, gboolean force)
{
  const guchar *p;
  gboolean plain = *s != '\0' && !force;

  for (p = (const guchar *) s; *p && plain; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("_-+/:.", *p))
      plain = FALSE;
  if (plain) {
    g_string_append (out, s);
    return;
  }
  g_string_append_c (out, '"');
  for (p = (const guchar *) s; *p; p++) {
    if (g_ascii_isalnum (*p) || strchr ("_-+/:.", *p)) {
      g_string_append_c (out, *p);
    } else if (*p < 0x20 || *p >= 0x7f) {
      g_string_append_printf (out, "\\%03o", *p);
    } else {
      g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  }
  g_string_append_c (out, '"');
}

/* Quotes a serialised value for the gst-launch grammar: in double quotes,
 * with `\` and `"` escaped; the parser removes exactly this layer. */
static void
append_launch_quoted (GString *out, const gchar *s)
{
  g_string_append_c (out, '"');
  for (; *s; s++) {
    if (*s == '\\' || *s == '"')
      g_string_append_c (out, '\\');
    g_string_append_c (out, *s);
  }
  g_string_append_c (out, '"');
}

gchar *
sl_json_quote_string (const gchar *s)
{
  GString *ser = g_string_new (NULL), *out = g_string_new (NULL);

  append_wrapped (ser, s, FALSE);
  append_launch_quoted (out, ser->str);
  g_string_free (ser, TRUE);
  return g_string_free (out, FALSE);
}

gboolean
sl_json_valid_name (const gchar *s, gboolean pad)
{
  const gchar *p;

  if (*s == '\0' || strlen (s) > 64)
    return FALSE;
  for (p = s; *p; p++) {
    if (g_ascii_isalnum (*p) || *p == '_' || (*p == '-' && p != s))
      continue;
    if (pad && *p == '%')
      continue;
    return FALSE;
  }
  return TRUE;
}

gboolean
sl_json_strv_has (const gchar *const *v, const gchar *s)
{
  for (; v && *v; v++)
    if (g_strcmp0 (*v, s) == 0)
      return TRUE;
  return FALSE;
}

static GPtrArray *
strv_array (const gchar *const *v)
{
  GPtrArray *a = g_ptr_array_new ();

  for (; v && *v; v++)
    g_ptr_array_add (a, (gpointer) *v);
  return a;
}

gchar *
sl_json_path_key (const gchar *base, const gchar *key)
{
  return *base ? g_strdup_printf ("%s.%s", base, key) : g_strdup (key);
}

gboolean
sl_json_check_keys (Ctx *ctx, JsonObject *obj, const gchar *path,
    const gchar *const *allowed, const gchar *what)
{
  GList *members = json_object_get_members (obj), *l;
  gboolean ok = TRUE;

  for (l = members; l && ok; l = l->next) {
    const gchar *k = l->data;

    if (!sl_json_strv_has (allowed, k)) {
      GPtrArray *cands = strv_array (allowed);
      const gchar *near = sl_json_nearest (k, cands);
      gchar *p = sl_json_path_key (path, k);

      if (near) {
        sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, p,
            "unknown key '%s' in %s; "
            "did you mean '%s'?",
            k, what, near);
        ok = FALSE;
      } else {
        sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, p, "unknown key '%s' in %s", k,
            what);
        ok = FALSE;
      }
      g_free (p);
      g_ptr_array_unref (cands);
    }
  }
  g_list_free (members);
  return ok;
}

const gchar *
sl_json_value_kind (JsonNode *n)
{
  switch (JSON_NODE_TYPE (n)) {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    default:
      break;
  }
  switch (json_node_get_value_type (n)) {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "a number";
  }
}

gboolean
sl_json_is_string (JsonNode *n)
{
  return JSON_NODE_HOLDS_VALUE (n) &&
      json_node_get_value_type (n) == G_TYPE_STRING;
}

static gboolean
is_number (JsonNode *n)
{
  return JSON_NODE_HOLDS_VALUE (n) &&
      (json_node_get_value_type (n) == G_TYPE_INT64 ||
          json_node_get_value_type (n) == G_TYPE_DOUBLE);
}

/* The number's text as written. */
const gchar *
sl_json_lexeme (Ctx *ctx, const gchar *path)
{
  return g_hash_table_lookup (ctx->scan.numbers, path);
}

static gboolean
lexeme_is_integer (const gchar *lex)
{
  return strpbrk (lex, ".eE") == NULL;
}

/* An integer from the text, exactly: FALSE if not an integer lexeme or out
 * of [min, max] (given as signed or unsigned 64-bit bounds). */
gboolean
sl_json_get_int (Ctx *ctx, JsonNode *n, const gchar *path, const gchar *what,
    gboolean is_unsigned, gint64 smin, gint64 smax, guint64 umax, gint64 *sout,
    guint64 *uout)
{
  const gchar *lex = is_number (n) ? sl_json_lexeme (ctx, path) : NULL;
  gchar *end = NULL, integral[32];

  if (lex == NULL) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
        "%s must be an integer, "
        "not %s",
        what, sl_json_value_kind (n));
    return FALSE;
  }
  if (!lexeme_is_integer (lex)) {
    /* StreamLab writes integers as floats too (48000.0): an integral
     * value is that integer; 48000.5 is not an integer */
    gdouble d = g_ascii_strtod (lex, NULL);

    if (!isfinite (d) || d != floor (d)) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
          "%s must be an integer, "
          "not %s",
          what, lex);
      return FALSE;
    }
    if (fabs (d) >= 9.2e18) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path, "%s is out of range: %s",
          what, lex);
      return FALSE;
    }
    g_snprintf (integral, sizeof (integral), "%.0f", d);
    lex = integral;
  }
  errno = 0;
  if (is_unsigned) {
    guint64 v;

    if (lex[0] == '-') {
      if (strcmp (lex, "-0") == 0) {
        *uout = 0;
        return TRUE;
      }
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
          "%s is out of range: %s "
          "is not in [0, %" G_GUINT64_FORMAT "]",
          what, lex, umax);
      return FALSE;
    }
    v = g_ascii_strtoull (lex, &end, 10);
    if (errno == ERANGE || v > umax) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
          "%s is out of range: %s "
          "is not in [0, %" G_GUINT64_FORMAT "]",
          what, lex, umax);
      return FALSE;
    }
    *uout = v;
  } else {
    gint64 v = g_ascii_strtoll (lex, &end, 10);

    if (errno == ERANGE || v < smin || v > smax) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
          "%s is out of range: %s "
          "is not in [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]",
          what, lex, smin, smax);
      return FALSE;
    }
    *sout = v;
  }
  return TRUE;
}

gboolean
sl_json_get_double (Ctx *ctx, JsonNode *n, const gchar *path, const gchar *what,
    gdouble *out)
{
  const gchar *lex = is_number (n) ? sl_json_lexeme (ctx, path) : NULL;
  gdouble v;

  if (lex == NULL) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
        "%s must be a number, not "
        "%s",
        what, sl_json_value_kind (n));
    return FALSE;
  }
  errno = 0;
  v = g_ascii_strtod (lex, NULL);
  if (!isfinite (v) || (errno == ERANGE && fabs (v) > 1.0)) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path, "%s: number %s overflows",
        what, lex);
    return FALSE;
  }
  *out = v;
  return TRUE;
}

void
sl_json_append_double (GString *out, gdouble v)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_dtostr (buf, sizeof (buf), v));
}

/* Other names of enum values, as StreamLab's files write them: pairs
 * (name without case and separators, nick) */
const gchar *sl_json_enum_synonyms[] = { "notch", "bandstop", "bandreject",
  "bandstop", "hanning", "hann", "rect", "rectangular", "rectangle",
  "rectangular", "boxcar", "rectangular", "none", "rectangular", "movingavg",
  "moving-average", "average", "moving-average", NULL };

/* @s without case, '-', '_' and spaces */
gchar *
sl_json_squash (const gchar *s)
{
  GString *k = g_string_new (NULL);

  for (; *s; s++)
    if (*s != '-' && *s != '_' && *s != ' ')
      g_string_append_c (k, g_ascii_tolower (*s));
  return g_string_free (k, FALSE);
}

/* "LowPass", "low_pass", "Low-Pass" for `lowpass`; synonyms */
static const GEnumValue *
find_enum_loosely (GEnumClass *ec, const gchar *s)
{
  gchar *want = sl_json_squash (s);
  const GEnumValue *v = NULL;
  guint i;

  for (i = 0; sl_json_enum_synonyms[i] && !v; i += 2)
    if (strcmp (want, sl_json_enum_synonyms[i]) == 0)
      v = g_enum_get_value_by_nick (ec, sl_json_enum_synonyms[i + 1]);
  for (i = 0; i < ec->n_values && !v; i++) {
    gchar *nick = sl_json_squash (ec->values[i].value_nick);

    if (strcmp (nick, want) == 0)
      v = &ec->values[i];
    g_free (nick);
  }
  g_free (want);
  return v;
}

/* Candidate spellings of an enum value: as written, lower-case with '_' ->
 * '-', CamelCase -> kebab-case. */
static const GEnumValue *
find_enum (GEnumClass *ec, const gchar *s)
{
  const GEnumValue *v;
  GString *k;
  const gchar *p;

  if ((v = g_enum_get_value_by_nick (ec, s)) ||
      (v = g_enum_get_value_by_name (ec, s)))
    return v;
  k = g_string_new (NULL);
  for (p = s; *p; p++)
    g_string_append_c (k, *p == '_' || *p == ' ' ? '-' : g_ascii_tolower (*p));
  v = g_enum_get_value_by_nick (ec, k->str);
  if (!v) {
    g_string_truncate (k, 0);
    for (p = s; *p; p++) {
      if (g_ascii_isupper (*p) && p != s && !g_ascii_isupper (p[-1]))
        g_string_append_c (k, '-');
      g_string_append_c (k, *p == '_' ? '-' : g_ascii_tolower (*p));
    }
    v = g_enum_get_value_by_nick (ec, k->str);
  }
  if (!v)
    v = find_enum_loosely (ec, s);
  g_string_free (k, TRUE);
  return v;
}

static gchar *
enum_nicks (GEnumClass *ec)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < ec->n_values; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", ec->values[i].value_nick);
  return g_string_free (s, FALSE);
}

/* Serialising a JSON value typed by a GParamSpec: one function per kind of
 * type, each appending the serialised (gst_value_deserialize-able) form of
 * @n to @ser or failing with a message that names @what. */

static gboolean serialize_value (Ctx *ctx, GParamSpec *pspec, JsonNode *n,
    const gchar *path, const gchar *what, GString *ser, gboolean in_array);

static gboolean
serialize_boolean (Ctx *ctx, JsonNode *n, const gchar *path, const gchar *what,
    GString *ser)
{
  if (!JSON_NODE_HOLDS_VALUE (n) ||
      json_node_get_value_type (n) != G_TYPE_BOOLEAN) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
        "%s must be a boolean "
        "(true or false), not %s",
        what, sl_json_value_kind (n));
    return FALSE;
  }
  g_string_append (ser, json_node_get_boolean (n) ? "true" : "false");
  return TRUE;
}

/* char, int, long, int64 */
static gboolean
serialize_signed (Ctx *ctx, GParamSpec *pspec, JsonNode *n, const gchar *path,
    const gchar *what, GString *ser)
{
  GType ft = G_TYPE_FUNDAMENTAL (G_PARAM_SPEC_VALUE_TYPE (pspec));
  gint64 min, max, v = 0;

  if (ft == G_TYPE_CHAR) {
    min = G_PARAM_SPEC_CHAR (pspec)->minimum;
    max = G_PARAM_SPEC_CHAR (pspec)->maximum;
  } else if (ft == G_TYPE_INT) {
    min = G_PARAM_SPEC_INT (pspec)->minimum;
    max = G_PARAM_SPEC_INT (pspec)->maximum;
  } else if (ft == G_TYPE_LONG) {
    min = G_PARAM_SPEC_LONG (pspec)->minimum;
    max = G_PARAM_SPEC_LONG (pspec)->maximum;
  } else {
    min = G_PARAM_SPEC_INT64 (pspec)->minimum;
    max = G_PARAM_SPEC_INT64 (pspec)->maximum;
  }
  if (!sl_json_get_int (ctx, n, path, what, FALSE, min, max, 0, &v, NULL))
    return FALSE;
  g_string_append_printf (ser, "%" G_GINT64_FORMAT, v);
  return TRUE;
}

/* uchar, uint, ulong, uint64 */
static gboolean
serialize_unsigned (Ctx *ctx, GParamSpec *pspec, JsonNode *n, const gchar *path,
    const gchar *what, GString *ser)
{
  GType ft = G_TYPE_FUNDAMENTAL (G_PARAM_SPEC_VALUE_TYPE (pspec));
  guint64 min, max, v = 0;

  if (ft == G_TYPE_UCHAR) {
    min = G_PARAM_SPEC_UCHAR (pspec)->minimum;
    max = G_PARAM_SPEC_UCHAR (pspec)->maximum;
  } else if (ft == G_TYPE_UINT) {
    min = G_PARAM_SPEC_UINT (pspec)->minimum;
    max = G_PARAM_SPEC_UINT (pspec)->maximum;
  } else if (ft == G_TYPE_ULONG) {
    min = G_PARAM_SPEC_ULONG (pspec)->minimum;
    max = G_PARAM_SPEC_ULONG (pspec)->maximum;
  } else {
    min = G_PARAM_SPEC_UINT64 (pspec)->minimum;
    max = G_PARAM_SPEC_UINT64 (pspec)->maximum;
  }
  if (!sl_json_get_int (ctx, n, path, what, TRUE, 0, 0, max, NULL, &v))
    return FALSE;
  if (v < min) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
        "%s is out of range: %" G_GUINT64_FORMAT
        " is not in [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT "]",
        what, v, min, max);
    return FALSE;
  }
  g_string_append_printf (ser, "%" G_GUINT64_FORMAT, v);
  return TRUE;
}

/* float, double */
static gboolean
serialize_floating (Ctx *ctx, GParamSpec *pspec, JsonNode *n, const gchar *path,
    const gchar *what, GString *ser)
{
  GType ft = G_TYPE_FUNDAMENTAL (G_PARAM_SPEC_VALUE_TYPE (pspec));
  gdouble v = 0, min, max;

  if (ft == G_TYPE_FLOAT) {
    min = G_PARAM_SPEC_FLOAT (pspec)->minimum;
    max = G_PARAM_SPEC_FLOAT (pspec)->maximum;
  } else {
    min = G_PARAM_SPEC_DOUBLE (pspec)->minimum;
    max = G_PARAM_SPEC_DOUBLE (pspec)->maximum;
  }
  if (!sl_json_get_double (ctx, n, path, what, &v))
    return FALSE;
  if (v < min || v > max) {
    GString *r = g_string_new (NULL);

    g_string_append_printf (r, "%s is out of range: %s is not in [", what,
        sl_json_lexeme (ctx, path));
    sl_json_append_double (r, min);
    g_string_append (r, ", ");
    sl_json_append_double (r, max);
    g_string_append (r, "]");
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path, "%s", r->str);
    g_string_free (r, TRUE);
    return FALSE;
  }
  sl_json_append_double (ser, v);
  return TRUE;
}

/* an enum value by its nick, name or a looser spelling (find_enum) */
static gboolean
serialize_enum (Ctx *ctx, GParamSpec *pspec, JsonNode *n, const gchar *path,
    const gchar *what, GString *ser)
{
  GEnumClass *ec = g_type_class_ref (G_PARAM_SPEC_VALUE_TYPE (pspec));
  const GEnumValue *ev = NULL;
  gchar *nicks;

  if (sl_json_is_string (n))
    ev = find_enum (ec, json_node_get_string (n));
  if (ev) {
    g_string_append (ser, ev->value_nick);
    g_type_class_unref (ec);
    return TRUE;
  }
  nicks = enum_nicks (ec);
  if (sl_json_is_string (n))
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
        "invalid value '%s' for "
        "%s: expected one of %s",
        json_node_get_string (n), what, nicks);
  else
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
        "%s must be a string, "
        "one of %s; not %s",
        what, nicks, sl_json_value_kind (n));
  g_free (nicks);
  g_type_class_unref (ec);
  return FALSE;
}

/* flag nicks joined by '+' */
static gboolean
serialize_flags (Ctx *ctx, GParamSpec *pspec, JsonNode *n, const gchar *path,
    const gchar *what, GString *ser)
{
  GFlagsClass *fc;
  gchar **parts = NULL;
  gboolean ok = TRUE;
  guint i;

  if (sl_json_is_string (n))
    parts = g_strsplit (json_node_get_string (n), "+", -1);
  if (parts == NULL || parts[0] == NULL) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
        "%s must be a string of "
        "flags joined by '+', not %s",
        what, sl_json_value_kind (n));
    g_strfreev (parts);
    return FALSE;
  }
  fc = g_type_class_ref (G_PARAM_SPEC_VALUE_TYPE (pspec));
  for (i = 0; ok && parts[i]; i++) {
    GFlagsValue *fv = g_flags_get_value_by_nick (fc, g_strstrip (parts[i]));

    if (!fv) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
          "invalid flag '%s' for "
          "%s",
          parts[i], what);
      ok = FALSE;
    } else {
      g_string_append_printf (ser, "%s%s", i ? "+" : "", fv->value_nick);
    }
  }
  g_strfreev (parts);
  g_type_class_unref (fc);
  return ok;
}

static gboolean
serialize_string (Ctx *ctx, JsonNode *n, const gchar *path, const gchar *what,
    GString *ser, gboolean in_array)
{
  if (!sl_json_is_string (n)) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
        "%s must be a string, "
        "not %s",
        what, sl_json_value_kind (n));
    return FALSE;
  }
  append_wrapped (ser, json_node_get_string (n), in_array);
  return TRUE;
}

/* a caps string, checked and written back as GStreamer prints it */
static gboolean
serialize_caps (Ctx *ctx, JsonNode *n, const gchar *path, const gchar *what,
    GString *ser)
{
  GstCaps *caps;
  gchar *s;

  if (!sl_json_is_string (n)) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
        "%s must be a caps string, "
        "not %s",
        what, sl_json_value_kind (n));
    return FALSE;
  }
  caps = gst_caps_from_string (json_node_get_string (n));
  if (!caps) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path, "%s: invalid caps '%s'", what,
        json_node_get_string (n));
    return FALSE;
  }
  s = gst_caps_to_string (caps);
  g_string_append (ser, s);
  g_free (s);
  gst_caps_unref (caps);
  return TRUE;
}

/* {"a": "b", ...} as a structure named "metadata" of string fields, or
 * NULL (failed) */
static GstStructure *
structure_from_object (Ctx *ctx, JsonObject *o, const gchar *path,
    const gchar *what)
{
  GList *members = json_object_get_members (o), *l;
  GstStructure *st = gst_structure_new_empty ("metadata");

  for (l = members; l; l = l->next) {
    JsonNode *m = json_object_get_member (o, l->data);
    gchar *p = sl_json_path_key (path, l->data);

    if (!sl_json_is_string (m) || !sl_json_valid_name (l->data, FALSE)) {
      /* the message names @p: free it only after */
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, sl_json_is_string (m) ? path : p,
          "%s: fields must be strings with names of letters, digits, "
          "'_' or '-'",
          what);
      g_free (p);
      g_list_free (members);
      gst_structure_free (st);
      return NULL;
    }
    gst_structure_set (st, l->data, G_TYPE_STRING, json_node_get_string (m),
        NULL);
    g_free (p);
  }
  g_list_free (members);
  return st;
}

/* a structure string, or an object of strings */
static gboolean
serialize_structure (Ctx *ctx, JsonNode *n, const gchar *path,
    const gchar *what, GString *ser)
{
  GstStructure *st = NULL;
  gchar *s;

  if (sl_json_is_string (n)) {
    st = gst_structure_from_string (json_node_get_string (n), NULL);
    if (!st) {
      sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
          "%s: invalid structure "
          "'%s'",
          what, json_node_get_string (n));
      return FALSE;
    }
  } else if (JSON_NODE_HOLDS_OBJECT (n)) {
    st = structure_from_object (ctx, json_node_get_object (n), path, what);
    if (!st)
      return FALSE;
  } else {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
        "%s must be an object of "
        "strings or a structure string, not %s",
        what, sl_json_value_kind (n));
    return FALSE;
  }
  s = gst_structure_to_string (st);
  g_string_append (ser, s);
  g_free (s);
  gst_structure_free (st);
  return TRUE;
}

/* a JSON array for a gst_param_spec_array property: < a, b, ... > */
static gboolean
serialize_array (Ctx *ctx, GParamSpec *pspec, JsonNode *n, const gchar *path,
    const gchar *what, GString *ser)
{
  GParamSpec *elem = GST_PARAM_SPEC_ARRAY_LIST (pspec)->element_spec;
  JsonArray *a;
  guint i;

  if (!JSON_NODE_HOLDS_ARRAY (n)) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
        "%s must be an array, not "
        "%s",
        what, sl_json_value_kind (n));
    return FALSE;
  }
  if (elem == NULL) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
        "%s: arrays of this "
        "property cannot be typed",
        what);
    return FALSE;
  }
  a = json_node_get_array (n);
  g_string_append_c (ser, '<');
  for (i = 0; i < json_array_get_length (a); i++) {
    gchar *p = g_strdup_printf ("%s[%u]", path, i);
    gboolean ok;

    if (i)
      g_string_append (ser, ", ");
    ok = serialize_value (ctx, elem, json_array_get_element (a, i), p, what,
        ser, TRUE);
    g_free (p);
    if (!ok)
      return FALSE;
  }
  g_string_append_c (ser, '>');
  return TRUE;
}

/* "30/1" */
static gboolean
serialize_fraction (Ctx *ctx, JsonNode *n, const gchar *path, const gchar *what,
    GString *ser)
{
  if (sl_json_is_string (n)) {
    GValue v = G_VALUE_INIT;
    gboolean ok;

    g_value_init (&v, GST_TYPE_FRACTION);
    ok = gst_value_deserialize (&v, json_node_get_string (n));
    if (ok) {
      gchar *s = gst_value_serialize (&v);

      g_string_append (ser, s);
      g_free (s);
    }
    g_value_unset (&v);
    if (ok)
      return TRUE;
  }
  sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
      "%s must be a fraction "
      "string such as \"30/1\"",
      what);
  return FALSE;
}

/* Appends the serialised form of @n typed by @pspec to @ser. @what names
 * the property in messages; @in_array: an element of an array (strings
 * are then always quoted). */
static gboolean
serialize_value (Ctx *ctx, GParamSpec *pspec, JsonNode *n, const gchar *path,
    const gchar *what, GString *ser, gboolean in_array)
{
  GType t = G_PARAM_SPEC_VALUE_TYPE (pspec);

  if (JSON_NODE_HOLDS_NULL (n)) {
    sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path, "%s cannot be null", what);
    return FALSE;
  }

  switch (G_TYPE_FUNDAMENTAL (t)) {
    case G_TYPE_BOOLEAN:
      return serialize_boolean (ctx, n, path, what, ser);
    case G_TYPE_CHAR:
    case G_TYPE_INT:
    case G_TYPE_LONG:
    case G_TYPE_INT64:
      return serialize_signed (ctx, pspec, n, path, what, ser);
    case G_TYPE_UCHAR:
    case G_TYPE_UINT:
    case G_TYPE_ULONG:
    case G_TYPE_UINT64:
      return serialize_unsigned (ctx, pspec, n, path, what, ser);
    case G_TYPE_FLOAT:
    case G_TYPE_DOUBLE:
      return serialize_floating (ctx, pspec, n, path, what, ser);
    case G_TYPE_ENUM:
      return serialize_enum (ctx, pspec, n, path, what, ser);
    case G_TYPE_FLAGS:
      return serialize_flags (ctx, pspec, n, path, what, ser);
    case G_TYPE_STRING:
      return serialize_string (ctx, n, path, what, ser, in_array);
    default:
      break;
  }
  if (t == GST_TYPE_CAPS)
    return serialize_caps (ctx, n, path, what, ser);
  if (t == GST_TYPE_STRUCTURE)
    return serialize_structure (ctx, n, path, what, ser);
  if (t == GST_TYPE_ARRAY && GST_IS_PARAM_SPEC_ARRAY_LIST (pspec))
    return serialize_array (ctx, pspec, n, path, what, ser);
  if (t == GST_TYPE_FRACTION)
    return serialize_fraction (ctx, n, path, what, ser);
  sl_json_fail (ctx, SL_JSON_ERROR_VALUE, path,
      "%s has type %s, which a "
      "description cannot set",
      what, g_type_name (t));
  return FALSE;
}

/* Is @prop of @klass an enum with a value for each of @nicks? */
gboolean
sl_json_enum_has_nicks (GObjectClass *klass, const gchar *prop,
    const gchar *const *nicks)
{
  GParamSpec *p = g_object_class_find_property (klass, prop);
  GEnumClass *ec;
  gboolean res = TRUE;

  if (!p || !G_IS_PARAM_SPEC_ENUM (p))
    return FALSE;
  ec = G_PARAM_SPEC_ENUM (p)->enum_class;
  for (; res && *nicks; nicks++)
    res = g_enum_get_value_by_nick (ec, *nicks) != NULL;
  return res;
}

/* Appends ` name=VALUE` for a property. */
gboolean
sl_json_append_property (Ctx *ctx, GString *props, GParamSpec *pspec,
    JsonNode *n, const gchar *path, const gchar *key)
{
  GString *ser = g_string_new (NULL);
  gchar *what = g_strdup_printf ("'%s'", key);
  gboolean ok;

  ok = serialize_value (ctx, pspec, n, path, what, ser, FALSE);
  if (ok) {
    const gchar *c;
    gboolean plain = ser->len > 0;

    for (c = ser->str; *c && plain; c++)
      plain = g_ascii_isalnum (*c) || strchr ("_-+./:", *c);
    g_string_append_printf (props, " %s=", pspec->name);
    if (plain)
      g_string_append (props, ser->str);
    else
      append_launch_quoted (props, ser->str);
  }
  g_string_free (ser, TRUE);
  g_free (what);
  return ok;
}

static GPtrArray *
settable_props (GObjectClass *klass)
{
  GPtrArray *a = g_ptr_array_new ();
  GParamSpec **specs;
  guint n, i;

  specs = g_object_class_list_properties (klass, &n);
  for (i = 0; i < n; i++)
    if ((specs[i]->flags & G_PARAM_WRITABLE) &&
        strcmp (specs[i]->name, "name") && strcmp (specs[i]->name, "parent"))
      g_ptr_array_add (a, (gpointer) specs[i]->name);
  g_free (specs);
  return a;
}

GParamSpec *
sl_json_find_prop (GObjectClass *klass, const gchar *key)
{
  GParamSpec *p;
  gchar *canon;

  if (!sl_json_valid_name (key, FALSE))
    return NULL;
  canon = g_strdelimit (g_strdup (key), "_", '-');
  p = g_object_class_find_property (klass, canon);
  g_free (canon);
  if (p &&
      (!(p->flags & G_PARAM_WRITABLE) || !strcmp (p->name, "name") ||
          !strcmp (p->name, "parent")))
    return NULL;
  return p;
}

gboolean
sl_json_unknown_key (Ctx *ctx, const gchar *path, const gchar *key,
    GObjectClass *klass, const gchar *factory, const gchar *extra_keys[])
{
  GPtrArray *cands = settable_props (klass);
  GPtrArray *snake = g_ptr_array_new_with_free_func (g_free);
  const gchar *near;
  guint i;
  gboolean ok;

  for (i = 0; extra_keys && extra_keys[i]; i++)
    g_ptr_array_add (cands, (gpointer) extra_keys[i]);
  /* compare snake_case keys with snake_case spellings too */
  for (i = 0; i < cands->len; i++)
    g_ptr_array_add (snake,
        g_strdelimit (g_strdup (cands->pdata[i]), "-", '_'));
  near = sl_json_nearest (key, strchr (key, '_') ? snake : cands);
  if (near) {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, path,
        "unknown config key '%s' for "
        "%s; did you mean '%s'?",
        key, factory, near);
    ok = FALSE;
  } else {
    sl_json_fail (ctx, SL_JSON_ERROR_SHAPE, path,
        "unknown config key '%s' for "
        "%s",
        key, factory);
    ok = FALSE;
  }
  g_ptr_array_unref (cands);
  g_ptr_array_unref (snake);
  return ok;
}
