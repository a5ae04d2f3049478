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

#include "sljsonscan.h"
#include "sljsontranslate.h"

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

static const gchar *sandbox_plugins[] = { "slaudio", "slflow", NULL };

static const gchar *top_keys[] = {
  "nodes", "connections", "pipeline_config", "name", "description",
  "version", "$schema", NULL
};

static const gchar *node_keys[] = {
  "id", "type", "config", "resilience", "description", NULL
};

static const gchar *conn_keys[] = {
  "from", "to", "from_pad", "to_pad", "capacity", "policy", NULL
};

static const gchar *pconfig_keys[] = {
  "channel_capacity", "priority", "policy", "name", NULL
};

static const gchar *priorities[] = { "Critical", "High", "Normal", "Low",
  NULL
};

static const gchar *policies[] = { "block", "drop-oldest", "drop-newest",
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

/* ------------------------------------------------------------------ */
/* Helpers */

guint
sl_json_edit_distance (const gchar * a, const gchar * b)
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
      guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ?
          0 : 1;

      row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), prev + cost);
      prev = cur;
    }
  }
  res = row[lb];
  g_free (row);
  return res;
}

/* The nearest of @candidates to @word, if near enough to be a typo. */
static const gchar *
nearest (const gchar * word, GPtrArray * candidates)
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
append_wrapped (GString * out, const gchar * s, gboolean force)
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
append_launch_quoted (GString * out, const gchar * s)
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
sl_json_quote_string (const gchar * s)
{
  GString *ser = g_string_new (NULL), *out = g_string_new (NULL);

  append_wrapped (ser, s, FALSE);
  append_launch_quoted (out, ser->str);
  g_string_free (ser, TRUE);
  return g_string_free (out, FALSE);
}

static gboolean
valid_name (const gchar * s, gboolean pad)
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

static gboolean
strv_has (const gchar * const *v, const gchar * s)
{
  for (; v && *v; v++)
    if (g_strcmp0 (*v, s) == 0)
      return TRUE;
  return FALSE;
}

static GPtrArray *
strv_array (const gchar * const *v)
{
  GPtrArray *a = g_ptr_array_new ();

  for (; v && *v; v++)
    g_ptr_array_add (a, (gpointer) * v);
  return a;
}

/* ------------------------------------------------------------------ */
/* Context */

typedef struct _Node Node;
typedef struct _Edge Edge;

struct _Node
{
  guint index;
  gchar *id;
  gchar *factory;               /* resolved element factory name */
  GstElementFactory *ef;
  GstElementClass *klass;       /* ref'd */
  gchar *props;                 /* " a=b c=d" */
  gint caps_rate, caps_channels;
  gchar *res_props;             /* slresilient properties, or NULL */
  GstElementClass *res_klass;
  gboolean has_mode;            /* config sets `mode` */
  gboolean has_num_buffers;
  GPtrArray *in, *out;          /* Edge */
  guint topo_in;
  gboolean emitted;
};

struct _Edge
{
  guint index;
  Node *from, *to;
  gchar *from_pad, *to_pad;
  guint capacity;
  gint policy;                  /* index into policies */
  gchar *branch_ref;            /* "F.src_0" when through a fanout */
  gboolean emitted;
};

typedef struct
{
  const gchar *filename;
  const SlJsonOptions *opts;
  SlJsonScan scan;
  GError *error;
  GPtrArray *nodes;
  GPtrArray *edges;
  GHashTable *by_id;
  GHashTable *names;            /* every element name used in the line */
  guint capacity;
  gint policy;
} Ctx;

static gboolean
fail (Ctx * ctx, SlJsonError code, const gchar * path, const gchar * format,
    ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (Ctx * ctx, SlJsonError code, const gchar * path, const gchar * format,
    ...)
{
  va_list args;
  gchar *msg;

  if (ctx->error)
    return FALSE;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (path && *path)
    ctx->error = g_error_new (SL_JSON_ERROR, code, "%s: %s: %s",
        ctx->filename, path, msg);
  else
    ctx->error = g_error_new (SL_JSON_ERROR, code, "%s: %s", ctx->filename,
        msg);
  g_free (msg);
  return FALSE;
}

static void
node_free (Node * n)
{
  g_free (n->id);
  g_free (n->factory);
  g_free (n->props);
  g_free (n->res_props);
  if (n->ef)
    gst_object_unref (n->ef);
  if (n->klass)
    g_type_class_unref (n->klass);
  if (n->res_klass)
    g_type_class_unref (n->res_klass);
  g_ptr_array_unref (n->in);
  g_ptr_array_unref (n->out);
  g_free (n);
}

static void
edge_free (Edge * e)
{
  g_free (e->from_pad);
  g_free (e->to_pad);
  g_free (e->branch_ref);
  g_free (e);
}

static gchar *
path_key (const gchar * base, const gchar * key)
{
  return *base ? g_strdup_printf ("%s.%s", base, key) : g_strdup (key);
}

static gboolean
check_keys (Ctx * ctx, JsonObject * obj, const gchar * path,
    const gchar * const *allowed, const gchar * what)
{
  GList *members = json_object_get_members (obj), *l;
  gboolean ok = TRUE;

  for (l = members; l && ok; l = l->next) {
    const gchar *k = l->data;

    if (!strv_has (allowed, k)) {
      GPtrArray *cands = strv_array (allowed);
      const gchar *near = nearest (k, cands);
      gchar *p = path_key (path, k);

      if (near)
        ok = fail (ctx, SL_JSON_ERROR_SHAPE, p, "unknown key '%s' in %s; "
            "did you mean '%s'?", k, what, near);
      else
        ok = fail (ctx, SL_JSON_ERROR_SHAPE, p, "unknown key '%s' in %s", k,
            what);
      g_free (p);
      g_ptr_array_unref (cands);
    }
  }
  g_list_free (members);
  return ok;
}

static const gchar *
json_kind (JsonNode * n)
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

static gboolean
is_string (JsonNode * n)
{
  return JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) ==
      G_TYPE_STRING;
}

static gboolean
is_number (JsonNode * n)
{
  return JSON_NODE_HOLDS_VALUE (n) && (json_node_get_value_type (n) ==
      G_TYPE_INT64 || json_node_get_value_type (n) == G_TYPE_DOUBLE);
}

/* The number's text as written. */
static const gchar *
lexeme (Ctx * ctx, const gchar * path)
{
  return g_hash_table_lookup (ctx->scan.numbers, path);
}

static gboolean
lexeme_is_integer (const gchar * lex)
{
  return strpbrk (lex, ".eE") == NULL;
}

/* An integer from the text, exactly: FALSE if not an integer lexeme or out
 * of [min, max] (given as signed or unsigned 64-bit bounds). */
static gboolean
get_int (Ctx * ctx, JsonNode * n, const gchar * path, const gchar * what,
    gboolean is_unsigned, gint64 smin, gint64 smax, guint64 umax,
    gint64 * sout, guint64 * uout)
{
  const gchar *lex = is_number (n) ? lexeme (ctx, path) : NULL;
  gchar *end = NULL;

  if (lex == NULL)
    return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s must be an integer, "
        "not %s", what, json_kind (n));
  if (!lexeme_is_integer (lex))
    return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s must be an integer, "
        "not %s", what, lex);
  errno = 0;
  if (is_unsigned) {
    guint64 v;

    if (lex[0] == '-') {
      if (strcmp (lex, "-0") == 0) {
        *uout = 0;
        return TRUE;
      }
      return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s is out of range: %s "
          "is not in [0, %" G_GUINT64_FORMAT "]", what, lex, umax);
    }
    v = g_ascii_strtoull (lex, &end, 10);
    if (errno == ERANGE || v > umax)
      return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s is out of range: %s "
          "is not in [0, %" G_GUINT64_FORMAT "]", what, lex, umax);
    *uout = v;
  } else {
    gint64 v = g_ascii_strtoll (lex, &end, 10);

    if (errno == ERANGE || v < smin || v > smax)
      return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s is out of range: %s "
          "is not in [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]", what, lex,
          smin, smax);
    *sout = v;
  }
  return TRUE;
}

static gboolean
get_double (Ctx * ctx, JsonNode * n, const gchar * path, const gchar * what,
    gdouble * out)
{
  const gchar *lex = is_number (n) ? lexeme (ctx, path) : NULL;
  gdouble v;

  if (lex == NULL)
    return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s must be a number, not "
        "%s", what, json_kind (n));
  errno = 0;
  v = g_ascii_strtod (lex, NULL);
  if (!isfinite (v) || (errno == ERANGE && fabs (v) > 1.0))
    return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s: number %s overflows",
        what, lex);
  *out = v;
  return TRUE;
}

static void
append_double (GString * out, gdouble v)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_dtostr (buf, sizeof (buf), v));
}

/* Candidate spellings of an enum value: as written, lower-case with '_' ->
 * '-', CamelCase -> kebab-case. */
static const GEnumValue *
find_enum (GEnumClass * ec, const gchar * s)
{
  const GEnumValue *v;
  GString *k;
  const gchar *p;

  if ((v = g_enum_get_value_by_nick (ec, s)) ||
      (v = g_enum_get_value_by_name (ec, s)))
    return v;
  k = g_string_new (NULL);
  for (p = s; *p; p++)
    g_string_append_c (k, *p == '_' || *p == ' ' ? '-' :
        g_ascii_tolower (*p));
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
  g_string_free (k, TRUE);
  return v;
}

static gchar *
enum_nicks (GEnumClass * ec)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < ec->n_values; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", ec->values[i].value_nick);
  return g_string_free (s, FALSE);
}

/* Appends the serialised (gst_value_deserialize-able) form of @n typed by
 * @pspec to @ser. @what names the property in messages. */
static gboolean
serialize_value (Ctx * ctx, GParamSpec * pspec, JsonNode * n,
    const gchar * path, const gchar * what, GString * ser, gboolean in_array)
{
  GType t = G_PARAM_SPEC_VALUE_TYPE (pspec);
  GType ft = G_TYPE_FUNDAMENTAL (t);

  if (JSON_NODE_HOLDS_NULL (n))
    return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s cannot be null", what);

  switch (ft) {
    case G_TYPE_BOOLEAN:
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) !=
          G_TYPE_BOOLEAN)
        return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s must be a boolean "
            "(true or false), not %s", what, json_kind (n));
      g_string_append (ser, json_node_get_boolean (n) ? "true" : "false");
      return TRUE;
    case G_TYPE_CHAR:
    case G_TYPE_INT:
    case G_TYPE_LONG:
    case G_TYPE_INT64:{
      gint64 min, max, v;

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
      if (!get_int (ctx, n, path, what, FALSE, min, max, 0, &v, NULL))
        return FALSE;
      g_string_append_printf (ser, "%" G_GINT64_FORMAT, v);
      return TRUE;
    }
    case G_TYPE_UCHAR:
    case G_TYPE_UINT:
    case G_TYPE_ULONG:
    case G_TYPE_UINT64:{
      guint64 min, max, v;

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
      if (!get_int (ctx, n, path, what, TRUE, 0, 0, max, NULL, &v))
        return FALSE;
      if (v < min)
        return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s is out of range: %"
            G_GUINT64_FORMAT " is not in [%" G_GUINT64_FORMAT ", %"
            G_GUINT64_FORMAT "]", what, v, min, max);
      g_string_append_printf (ser, "%" G_GUINT64_FORMAT, v);
      return TRUE;
    }
    case G_TYPE_FLOAT:
    case G_TYPE_DOUBLE:{
      gdouble v, min, max;

      if (ft == G_TYPE_FLOAT) {
        min = G_PARAM_SPEC_FLOAT (pspec)->minimum;
        max = G_PARAM_SPEC_FLOAT (pspec)->maximum;
      } else {
        min = G_PARAM_SPEC_DOUBLE (pspec)->minimum;
        max = G_PARAM_SPEC_DOUBLE (pspec)->maximum;
      }
      if (!get_double (ctx, n, path, what, &v))
        return FALSE;
      if (v < min || v > max) {
        GString *r = g_string_new (NULL);
        gboolean res;

        g_string_append_printf (r, "%s is out of range: %s is not in [",
            what, lexeme (ctx, path));
        append_double (r, min);
        g_string_append (r, ", ");
        append_double (r, max);
        g_string_append (r, "]");
        res = fail (ctx, SL_JSON_ERROR_VALUE, path, "%s", r->str);
        g_string_free (r, TRUE);
        return res;
      }
      append_double (ser, v);
      return TRUE;
    }
    case G_TYPE_ENUM:{
      GEnumClass *ec = g_type_class_ref (t);
      const GEnumValue *ev = NULL;
      gboolean ok;

      if (is_string (n))
        ev = find_enum (ec, json_node_get_string (n));
      if (ev) {
        g_string_append (ser, ev->value_nick);
        ok = TRUE;
      } else {
        gchar *nicks = enum_nicks (ec);

        if (is_string (n))
          ok = fail (ctx, SL_JSON_ERROR_VALUE, path, "invalid value '%s' for "
              "%s: expected one of %s", json_node_get_string (n), what, nicks);
        else
          ok = fail (ctx, SL_JSON_ERROR_VALUE, path, "%s must be a string, "
              "one of %s; not %s", what, nicks, json_kind (n));
        g_free (nicks);
      }
      g_type_class_unref (ec);
      return ok;
    }
    case G_TYPE_FLAGS:{
      GFlagsClass *fc = g_type_class_ref (t);
      gchar **parts = NULL;
      gboolean ok = TRUE;
      guint i;

      if (is_string (n))
        parts = g_strsplit (json_node_get_string (n), "+", -1);
      if (parts == NULL || parts[0] == NULL) {
        ok = fail (ctx, SL_JSON_ERROR_VALUE, path, "%s must be a string of "
            "flags joined by '+', not %s", what, json_kind (n));
      }
      for (i = 0; ok && parts[i]; i++) {
        GFlagsValue *fv = g_flags_get_value_by_nick (fc, g_strstrip (parts[i]));

        if (!fv)
          ok = fail (ctx, SL_JSON_ERROR_VALUE, path, "invalid flag '%s' for "
              "%s", parts[i], what);
        else
          g_string_append_printf (ser, "%s%s", i ? "+" : "", fv->value_nick);
      }
      g_strfreev (parts);
      g_type_class_unref (fc);
      return ok;
    }
    case G_TYPE_STRING:
      if (!is_string (n))
        return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s must be a string, "
            "not %s", what, json_kind (n));
      append_wrapped (ser, json_node_get_string (n), in_array);
      return TRUE;
    default:
      break;
  }

  if (t == GST_TYPE_CAPS) {
    GstCaps *caps;
    gchar *s;

    if (!is_string (n))
      return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s must be a caps string, "
          "not %s", what, json_kind (n));
    caps = gst_caps_from_string (json_node_get_string (n));
    if (!caps)
      return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s: invalid caps '%s'",
          what, json_node_get_string (n));
    s = gst_caps_to_string (caps);
    g_string_append (ser, s);
    g_free (s);
    gst_caps_unref (caps);
    return TRUE;
  }
  if (t == GST_TYPE_STRUCTURE) {
    GstStructure *st = NULL;
    gchar *s;

    if (is_string (n)) {
      st = gst_structure_from_string (json_node_get_string (n), NULL);
      if (!st)
        return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s: invalid structure "
            "'%s'", what, json_node_get_string (n));
    } else if (JSON_NODE_HOLDS_OBJECT (n)) {
      JsonObject *o = json_node_get_object (n);
      GList *members = json_object_get_members (o), *l;

      st = gst_structure_new_empty ("metadata");
      for (l = members; l; l = l->next) {
        JsonNode *m = json_object_get_member (o, l->data);
        gchar *p = path_key (path, l->data);

        if (!is_string (m) || !valid_name (l->data, FALSE)) {
          g_free (p);
          g_list_free (members);
          gst_structure_free (st);
          return fail (ctx, SL_JSON_ERROR_VALUE, is_string (m) ? path : p,
              "%s: fields must be strings with names of letters, digits, "
              "'_' or '-'", what);
        }
        gst_structure_set (st, l->data, G_TYPE_STRING,
            json_node_get_string (m), NULL);
        g_free (p);
      }
      g_list_free (members);
    } else {
      return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s must be an object of "
          "strings or a structure string, not %s", what, json_kind (n));
    }
    s = gst_structure_to_string (st);
    g_string_append (ser, s);
    g_free (s);
    gst_structure_free (st);
    return TRUE;
  }
  if (t == GST_TYPE_ARRAY && GST_IS_PARAM_SPEC_ARRAY_LIST (pspec)) {
    GParamSpec *elem = GST_PARAM_SPEC_ARRAY_LIST (pspec)->element_spec;
    JsonArray *a;
    guint i;

    if (!JSON_NODE_HOLDS_ARRAY (n))
      return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s must be an array, not "
          "%s", what, json_kind (n));
    if (elem == NULL)
      return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s: arrays of this "
          "property cannot be typed", what);
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
  if (t == GST_TYPE_FRACTION) {
    if (is_string (n)) {
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
    return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s must be a fraction "
        "string such as \"30/1\"", what);
  }
  return fail (ctx, SL_JSON_ERROR_VALUE, path, "%s has type %s, which a "
      "description cannot set", what, g_type_name (t));
}

/* Appends ` name=VALUE` for a property. */
static gboolean
append_property (Ctx * ctx, GString * props, GParamSpec * pspec, JsonNode * n,
    const gchar * path, const gchar * key)
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
settable_props (GObjectClass * klass)
{
  GPtrArray *a = g_ptr_array_new ();
  GParamSpec **specs;
  guint n, i;

  specs = g_object_class_list_properties (klass, &n);
  for (i = 0; i < n; i++)
    if ((specs[i]->flags & G_PARAM_WRITABLE) && strcmp (specs[i]->name,
            "name") && strcmp (specs[i]->name, "parent"))
      g_ptr_array_add (a, (gpointer) specs[i]->name);
  g_free (specs);
  return a;
}

static GParamSpec *
find_prop (GObjectClass * klass, const gchar * key)
{
  GParamSpec *p;
  gchar *canon;

  if (!valid_name (key, FALSE))
    return NULL;
  canon = g_strdelimit (g_strdup (key), "_", '-');
  p = g_object_class_find_property (klass, canon);
  g_free (canon);
  if (p && (!(p->flags & G_PARAM_WRITABLE) || !strcmp (p->name, "name")
          || !strcmp (p->name, "parent")))
    return NULL;
  return p;
}

static gboolean
unknown_key (Ctx * ctx, const gchar * path, const gchar * key,
    GObjectClass * klass, const gchar * factory, const gchar * extra_keys[])
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
    g_ptr_array_add (snake, g_strdelimit (g_strdup (cands->pdata[i]), "-",
            '_'));
  near = nearest (key, strchr (key, '_') ? snake : cands);
  if (near)
    ok = fail (ctx, SL_JSON_ERROR_SHAPE, path, "unknown config key '%s' for "
        "%s; did you mean '%s'?", key, factory, near);
  else
    ok = fail (ctx, SL_JSON_ERROR_SHAPE, path, "unknown config key '%s' for "
        "%s", key, factory);
  g_ptr_array_unref (cands);
  g_ptr_array_unref (snake);
  return ok;
}

static GstElementClass *
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
static gchar *
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
    gchar *np = g_strconcat (node->props, " mode=triggered", NULL);

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
/* Pads and connections */

static gboolean
template_matches (const gchar * templ, const gchar * name)
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
pad_class (Node * n)
{
  return n->res_klass ? n->res_klass : n->klass;
}

static gboolean
has_templates (GstElementClass * klass, GstPadDirection dir,
    GstPadPresence presence, gboolean any_presence)
{
  GList *l;

  for (l = gst_element_class_get_pad_template_list (klass); l; l = l->next) {
    GstPadTemplate *t = l->data;

    if (GST_PAD_TEMPLATE_DIRECTION (t) == dir && (any_presence ||
            GST_PAD_TEMPLATE_PRESENCE (t) == presence))
      return TRUE;
  }
  return FALSE;
}

static gboolean
node_has (Node * n, GstPadDirection dir)
{
  return has_templates (n->klass, dir, GST_PAD_ALWAYS, TRUE);
}

static gboolean
pad_exists (Node * n, GstPadDirection dir, const gchar * pad)
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
pad_list (Node * n, GstPadDirection dir)
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
find_node (Ctx * ctx, JsonObject * o, const gchar * key, const gchar * path)
{
  JsonNode *v = json_object_get_member (o, key);
  gchar *p = path_key (path, key);
  Node *n = NULL;

  if (!v)
    fail (ctx, SL_JSON_ERROR_SHAPE, path, "missing required key '%s'", key);
  else if (!is_string (v))
    fail (ctx, SL_JSON_ERROR_SHAPE, p, "%s must be a node id (a string), not "
        "%s", key, json_kind (v));
  else if (!(n = g_hash_table_lookup (ctx->by_id, json_node_get_string (v)))) {
    GPtrArray *ids = g_ptr_array_new ();
    const gchar *near;
    guint i;

    for (i = 0; i < ctx->nodes->len; i++)
      g_ptr_array_add (ids, ((Node *) ctx->nodes->pdata[i])->id);
    near = nearest (json_node_get_string (v), ids);
    if (near)
      fail (ctx, SL_JSON_ERROR_GRAPH, p, "no node with id '%s'; did you mean "
          "'%s'?", json_node_get_string (v), near);
    else
      fail (ctx, SL_JSON_ERROR_GRAPH, p, "no node with id '%s'",
          json_node_get_string (v));
    g_ptr_array_unref (ids);
  }
  g_free (p);
  return n;
}

static gboolean
get_pad (Ctx * ctx, JsonObject * o, const gchar * key, const gchar * path,
    Node * n, GstPadDirection dir, gchar ** out)
{
  JsonNode *v = json_object_get_member (o, key);
  gchar *p;
  gboolean ok = TRUE;

  *out = NULL;
  if (!v)
    return TRUE;
  p = path_key (path, key);
  if (!is_string (v) || !valid_name (json_node_get_string (v), FALSE))
    ok = fail (ctx, SL_JSON_ERROR_SHAPE, p, "%s must be a pad name of "
        "letters, digits, '_' or '-'", key);
  else if (!pad_exists (n, dir, json_node_get_string (v))) {
    gchar *pads = pad_list (n, dir);

    ok = fail (ctx, SL_JSON_ERROR_GRAPH, p, "node '%s' (%s) has no %s pad "
        "'%s' (its %s pads: %s)", n->id, n->factory,
        dir == GST_PAD_SRC ? "output" : "input", json_node_get_string (v),
        dir == GST_PAD_SRC ? "output" : "input", pads);
    g_free (pads);
  } else
    *out = g_strdup (json_node_get_string (v));
  g_free (p);
  return ok;
}

static gboolean
parse_policy (Ctx * ctx, JsonNode * v, const gchar * path, gint * out)
{
  guint i;

  if (is_string (v)) {
    for (i = 0; policies[i]; i++) {
      gchar *norm = g_strdelimit (g_ascii_strdown (json_node_get_string (v),
              -1), "_", '-');
      gboolean eq = strcmp (norm, policies[i]) == 0;

      g_free (norm);
      if (eq) {
        *out = i;
        return TRUE;
      }
    }
  }
  return fail (ctx, SL_JSON_ERROR_VALUE, path, "policy must be one of block, "
      "drop-oldest, drop-newest");
}

static gboolean
parse_connection (Ctx * ctx, JsonNode * jn, guint index)
{
  gchar *path = g_strdup_printf ("connections[%u]", index);
  JsonObject *o;
  Node *from, *to;
  Edge *e;
  JsonNode *v;
  gboolean ok = FALSE;
  guint i;

  if (!JSON_NODE_HOLDS_OBJECT (jn)) {
    fail (ctx, SL_JSON_ERROR_SHAPE, path, "a connection must be an object, "
        "not %s", json_kind (jn));
    goto done;
  }
  o = json_node_get_object (jn);
  if (!check_keys (ctx, o, path, conn_keys, "a connection"))
    goto done;
  if (!(from = find_node (ctx, o, "from", path)) ||
      !(to = find_node (ctx, o, "to", path)))
    goto done;
  if (from == to) {
    fail (ctx, SL_JSON_ERROR_GRAPH, path, "node '%s' is connected to itself",
        from->id);
    goto done;
  }
  if (!node_has (from, GST_PAD_SRC)) {
    gchar *p = path_key (path, "from");
    fail (ctx, SL_JSON_ERROR_GRAPH, p, "node '%s' (%s) is a sink: it has no "
        "output to connect from", from->id, from->factory);
    g_free (p);
    goto done;
  }
  if (!node_has (to, GST_PAD_SINK)) {
    gchar *p = path_key (path, "to");
    fail (ctx, SL_JSON_ERROR_GRAPH, p, "node '%s' (%s) is a source: it has "
        "no input to connect to", to->id, to->factory);
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
    gchar *p = path_key (path, "capacity");
    gint64 c;

    ok = get_int (ctx, v, p, "capacity", FALSE, 1, 1000000, 0, &c, NULL);
    e->capacity = c;
    g_free (p);
    if (!ok)
      goto done;
    ok = FALSE;
  }
  if ((v = json_object_get_member (o, "policy"))) {
    gchar *p = path_key (path, "policy");

    ok = parse_policy (ctx, v, p, &e->policy);
    g_free (p);
    if (!ok)
      goto done;
    ok = FALSE;
  }
  for (i = 0; i + 1 < ctx->edges->len; i++) {
    Edge *o2 = ctx->edges->pdata[i];

    if (o2->from == from && o2->to == to && !g_strcmp0 (o2->from_pad,
            e->from_pad) && !g_strcmp0 (o2->to_pad, e->to_pad)) {
      fail (ctx, SL_JSON_ERROR_GRAPH, path, "duplicate connection from '%s' "
          "to '%s' (same as connections[%u])", from->id, to->id, o2->index);
      goto done;
    }
    if (o2->to == to && o2->to_pad && e->to_pad && !strcmp (o2->to_pad,
            e->to_pad)) {
      fail (ctx, SL_JSON_ERROR_GRAPH, path, "pad '%s' of node '%s' already "
          "has an input (connections[%u])", e->to_pad, to->id, o2->index);
      goto done;
    }
    if (o2->from == from && o2->from_pad && e->from_pad &&
        !strcmp (o2->from_pad, e->from_pad) && !strchr (e->from_pad, '%')
        && !has_templates (pad_class (from), GST_PAD_SRC, GST_PAD_REQUEST,
            FALSE)) {
      fail (ctx, SL_JSON_ERROR_GRAPH, path, "pad '%s' of node '%s' already "
          "has an output (connections[%u])", e->from_pad, from->id, o2->index);
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
static gboolean
check_inputs (Ctx * ctx, Node * n)
{
  guint always = 0, i;
  GList *l;

  if (has_templates (pad_class (n), GST_PAD_SINK, GST_PAD_REQUEST, FALSE))
    return TRUE;
  for (l = gst_element_class_get_pad_template_list (pad_class (n)); l;
      l = l->next)
    if (GST_PAD_TEMPLATE_DIRECTION (l->data) == GST_PAD_SINK)
      always++;
  for (i = 0; i < n->in->len; i++) {
    Edge *e = n->in->pdata[i];

    if (i >= always || (!e->to_pad && i > 0)) {
      gchar *p = g_strdup_printf ("connections[%u].to", e->index);
      gboolean ok = fail (ctx, SL_JSON_ERROR_GRAPH, p, "node '%s' (%s) has a "
          "single input and already receives connections[%u]; several "
          "inputs need a mixer or a node with request input pads", n->id,
          n->factory, ((Edge *) n->in->pdata[0])->index);

      g_free (p);
      return ok;
    }
  }
  return TRUE;
}

/* Kahn's algorithm; fills @order. */
static gboolean
check_cycles (Ctx * ctx, GPtrArray * order)
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
        fail (ctx, SL_JSON_ERROR_GRAPH, p, "the connections form a cycle "
            "through node '%s'", n->id);
        g_free (p);
        return FALSE;
      }
    }
  }
  return TRUE;
}

static gboolean
check_open_ends (Ctx * ctx, Node * n)
{
  gchar *p;
  gboolean ok = TRUE;

  if (ctx->opts->allow_open_ends)
    return TRUE;
  p = g_strdup_printf ("nodes[%u]", n->index);
  if (n->in->len == 0 && has_templates (n->klass, GST_PAD_SINK, 0, TRUE))
    ok = fail (ctx, SL_JSON_ERROR_GRAPH, p, "node '%s' (%s) has no incoming "
        "connection", n->id, n->factory);
  else if (n->out->len == 0 && has_templates (n->klass, GST_PAD_SRC,
          GST_PAD_ALWAYS, FALSE))
    ok = fail (ctx, SL_JSON_ERROR_GRAPH, p, "the output of node '%s' (%s) is "
        "not connected", n->id, n->factory);
  g_free (p);
  return ok;
}

/* ------------------------------------------------------------------ */
/* The line */

static void
append_queue (Ctx * ctx, GString * line, Edge * e)
{
  gchar *name = unique_name (ctx, "q");

  g_string_append_printf (line, " ! queue name=%s max-size-buffers=%u "
      "max-size-bytes=0 max-size-time=0", name, e->capacity);
  if (e->policy == 1)
    g_string_append (line, " leaky=downstream");
  else if (e->policy == 2)
    g_string_append (line, " leaky=upstream");
  g_string_append (line, " ! ");
  g_free (name);
}

static void
append_decl (Ctx * ctx, GString * line, Node * n)
{
  if (n->res_klass) {
    gchar *inner = g_strdup_printf ("%s-inner", n->id);
    gchar *iname = unique_name (ctx, inner);

    g_string_append_printf (line, "slresilient.( name=%s%s %s name=%s%s )",
        n->id, n->res_props, n->factory, iname, n->props);
    g_free (inner);
    g_free (iname);
  } else {
    g_string_append_printf (line, "%s name=%s%s", n->factory, n->id, n->props);
  }
}

static void
append_ref (GString * line, Node * n, const gchar * pad)
{
  g_string_append_printf (line, "%s.%s", n->id, pad ? pad : "");
}

/* Does the fanout element set per-branch capacity and policy as pad
 * properties (child proxy, `F src_0::capacity=N`)? */
static gboolean
fanout_has_branch_props (GstElementClass * k)
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
      g_object_class_find_property (pc, "policy") != NULL;
  g_type_class_unref (pc);
  return res;
}

static gboolean
is_splitter (Node * n)
{
  return n->res_klass == NULL && gst_element_class_get_pad_template
      (n->klass, "src_%u") != NULL;
}

/* Branch edges of node @n (several default outputs): through the node
 * itself when it is a splitter (tee, slfanout), else through a fanout
 * element inserted after it. Returns the fanout declaration. */
static void
plan_fanout (Ctx * ctx, GString * line, Node * n, GPtrArray * defaults)
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
    fk = load_class (ef);
    fname = GST_OBJECT_NAME (ef);
    fid = unique_name (ctx, "fanout");
    g_string_append_printf (line, " ! %s name=%s", fname, fid);
    gst_object_unref (ef);
  }
  branch_props = fanout_has_branch_props (fk);
  for (i = 0; i < defaults->len; i++) {
    Edge *e = defaults->pdata[i];

    if (branch_props) {
      g_string_append_printf (line, " src_%u::capacity=%u", i, e->capacity);
      g_string_append_printf (line, " src_%u::policy=%s", i,
          policies[e->policy]);
      e->capacity = 0;          /* no queue: the branch is the channel */
    }
    e->branch_ref = g_strdup_printf ("%s.src_%u", fid, i);
  }
  g_type_class_unref (fk);
  g_free (fid);
}

static void
append_edge_tail (Ctx * ctx, GString * line, Edge * e)
{
  if (e->capacity)
    append_queue (ctx, line, e);
  else
    g_string_append (line, " ! ");
}

static void
emit_chain (Ctx * ctx, GString * line, Node * n)
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
    if ((n->caps_rate || n->caps_channels) && !n->res_klass &&
        (defaults->len || n->out->len == 0)) {
      g_string_append (line, " ! audio/x-raw");
      if (n->caps_rate)
        g_string_append_printf (line, ",rate=%d", n->caps_rate);
      if (n->caps_channels)
        g_string_append_printf (line, ",channels=%d", n->caps_channels);
    }
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
        append_ref (line, e->to, e->to_pad);
    } else if (defaults->len >= 1) {
      plan_fanout (ctx, line, n, defaults);
    }
    g_ptr_array_unref (defaults);
    n = next;
  }
}

static gchar *
build_line (Ctx * ctx, GPtrArray * order)
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
    append_ref (line, e->to, e->to_pad);
  }
  return g_string_free (line, FALSE);
}

/* The words of a line we built: split at spaces outside double quotes
 * (inside, `\x` is an escaped pair). */
static gchar **
split_words (const gchar * line)
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
static gchar *
shell_join (gchar ** argv)
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
  if (g_object_class_find_property (G_OBJECT_CLASS (n->klass), "is-live"))
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
