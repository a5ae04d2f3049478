/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Inside the translator: the context, the graph and the helpers shared by
 * its files. Each calls only the files listed before it:
 *
 *   sljsonscan.c       the JSON scanner (limits, lexemes; no Ctx)
 *   sljsoncontext.c    errors, notes, element names, class loading
 *   sljsonvalue.c      names, JSON values, values typed from GParamSpecs
 *   sljsongraph.c      pads, connections, graph checks
 *   sljsonline.c       the gst-launch line
 *   sljsonplacement.c  hosts, node hosts, link keys
 *   sljsonnode.c       nodes: types, aliases, config, resilience blocks
 *   sljsontranslate.c  the API (sl_json_translate...), sljsonbin inside
 *                      sljsonbin, the adjustments of nodes to the graph
 *   sljsonplan.c       the split across hosts (translates each part)
 *   sljsonschema.c     the JSON Schema (from the tables and the registry)
 *
 * A call back into a later file goes through a function pointer in the
 * context (Ctx.check_embedded), never by name.
 *
 * Not installed. */

#ifndef __SL_JSON_PRIVATE_H__
#define __SL_JSON_PRIVATE_H__

#include <json-glib/json-glib.h>

#include "sljsonscan.h"
#include "sljsontranslate.h"

G_BEGIN_DECLS

/* A connection's policy when its channel is full: the words of a
 * description (sl_json_policies[], in this order), which are also the
 * nicks of slfanout's branch policies */
typedef enum
{
  SL_JSON_POLICY_BLOCK = 0,
  SL_JSON_POLICY_DROP_OLDEST,
  SL_JSON_POLICY_DROP_NEWEST,
} SlJsonPolicy;

extern const gchar *sl_json_policies[];
extern const gchar *sl_json_conn_keys[];
extern const gchar *sl_json_edge_keys[];
extern const gchar *sl_json_enum_synonyms[];

typedef struct _Node Node;

/* StreamLab's node kinds, from the type names (and the GUI's palette ids),
 * for what StreamLab does beyond the element's properties */
typedef enum
{
  SL_KIND_NONE = 0, /* an element factory named directly */
  SL_KIND_SOURCE,   /* SineGenerator, AudioSourceNode */
  SL_KIND_TRIGGER,  /* TriggerSourceNode */
  SL_KIND_PRINT,    /* Print, DebugSinkNode */
  SL_KIND_FFT,      /* FFTNode */
  SL_KIND_GAIN,     /* GainNode */
  SL_KIND_FILTER,   /* FilterNode */
} SlKind;
typedef struct _Edge Edge;

struct _Node
{
  guint index;
  gchar *id;
  gchar *factory; /* resolved element factory name */
  GstElementFactory *ef;
  GstElementClass *klass; /* ref'd */
  gchar *props;           /* " a=b c=d" */
  gint caps_rate, caps_channels;
  gchar *res_props; /* slresilient properties, or NULL */
  GstElementClass *res_klass;
  gboolean has_mode; /* config sets `mode` */
  gboolean has_num_buffers;
  gboolean has_is_live;
  gboolean has_size; /* slfft: config sets `size` */
  gchar *type;       /* the type as written */
  gint kind;         /* SlKind: StreamLab's node kind */
  gboolean periodic; /* TriggerSourceNode, mode periodic */
  gint64 frame_len;  /* samples per frame it emits, 0: unknown */
  gdouble amplify;   /* a gain above volume's range (dB > 20) */
  gchar *tap;        /* a sink passing frames on: the tee its
                                 * outputs leave from */
  gchar *funnel;     /* several inputs: the funnel they enter */
  gchar *drop;       /* its output goes nowhere: fakesink name */
  guint triggers;
  GPtrArray *in, *out; /* Edge */
  guint topo_in;
  gboolean emitted;
};

struct _Edge
{
  guint index;
  Node *from, *to;
  gchar *from_pad, *to_pad;
  guint capacity;
  SlJsonPolicy policy;
  gchar *branch_ref; /* "F.src_0" when through a fanout */
  gboolean emitted;
};

typedef struct _Ctx Ctx;

struct _Ctx
{
  const gchar *filename;
  const SlJsonOptions *opts;
  SlJsonScan scan;
  GError *error;
  GPtrArray *nodes;
  GPtrArray *edges;
  GHashTable *by_id;
  GHashTable *names; /* every element name used in the line */
  guint capacity;
  SlJsonPolicy policy;
  GPtrArray *notes;            /* gchar *, for SlJsonPipeline.notes */
  guint depth;                 /* sljsonbin nesting: 0 at the top */
  GPtrArray *chain;            /* files of the enclosing descriptions,
                                 * outermost first (canonical paths) */
  const gchar *const *trusted; /* node ids that pass the sandbox (the
                                 * links of a part) */
  /* an sljsonbin node's description (@config may be NULL), checked one
   * level deeper: sljsontranslate.c's, for sljsonnode.c */
  gboolean (*check_embedded) (Ctx *ctx, JsonObject *config, const gchar *path);
};

/* The functions below are internal to the translator library: the library
 * is built with -fvisibility=hidden, so none of them is exported from
 * libgststreamlab-1.0. Each file's own helpers are static in it. */

/* the context (sljsoncontext.c) */
void sl_json_fail (Ctx *ctx, SlJsonError code, const gchar *path,
    const gchar *format, ...) G_GNUC_PRINTF (4, 5);
void sl_json_note (Ctx *ctx, const gchar *path, const gchar *format, ...)
    G_GNUC_PRINTF (3, 4);
void sl_json_node_free (Node *n);
void sl_json_edge_free (Edge *e);
gchar *sl_json_unique_name (Ctx *ctx, const gchar *base);
GstElementClass *sl_json_load_class (GstElementFactory *ef);
gboolean sl_json_feature_is_ours (GstPluginFeature *feature);

/* names, JSON values and values typed by GParamSpecs (sljsonvalue.c) */
const gchar *sl_json_nearest (const gchar *word, GPtrArray *candidates);
gboolean sl_json_valid_name (const gchar *s, gboolean pad);
gboolean sl_json_strv_has (const gchar *const *v, const gchar *s);
gchar *sl_json_path_key (const gchar *base, const gchar *key);
gboolean sl_json_check_keys (Ctx *ctx, JsonObject *obj, const gchar *path,
    const gchar *const *allowed, const gchar *what);
const gchar *sl_json_value_kind (JsonNode *n);
gboolean sl_json_is_string (JsonNode *n);
const gchar *sl_json_lexeme (Ctx *ctx, const gchar *path);
gboolean sl_json_get_int (Ctx *ctx, JsonNode *n, const gchar *path,
    const gchar *what, gboolean is_unsigned, gint64 smin, gint64 smax,
    guint64 umax, gint64 *sout, guint64 *uout);
gboolean sl_json_get_double (Ctx *ctx, JsonNode *n, const gchar *path,
    const gchar *what, gdouble *out);
void sl_json_append_double (GString *out, gdouble v);
gboolean sl_json_append_property (Ctx *ctx, GString *props, GParamSpec *pspec,
    JsonNode *n, const gchar *path, const gchar *key);
GParamSpec *sl_json_find_prop (GObjectClass *klass, const gchar *key);
gboolean sl_json_enum_has_nicks (GObjectClass *klass, const gchar *prop,
    const gchar *const *nicks);
gboolean sl_json_unknown_key (Ctx *ctx, const gchar *path, const gchar *key,
    GObjectClass *klass, const gchar *factory, const gchar *extra_keys[]);

/* pads, connections, graph checks (sljsongraph.c) */
gboolean sl_json_has_templates (GstElementClass *klass, GstPadDirection dir,
    GstPadPresence presence, gboolean any_presence);
gboolean sl_json_node_has (Node *n, GstPadDirection dir);
gboolean sl_json_parse_policy (Ctx *ctx, JsonNode *v, const gchar *path,
    SlJsonPolicy *out);
gboolean sl_json_parse_connection (Ctx *ctx, JsonNode *jn, guint index,
    gboolean edge);
gboolean sl_json_check_inputs (Ctx *ctx, Node *n);
gboolean sl_json_check_cycles (Ctx *ctx, GPtrArray *order);
gboolean sl_json_check_open_ends (Ctx *ctx, Node *n);

/* the gst-launch line (sljsonline.c) */
gchar *sl_json_build_line (Ctx *ctx, GPtrArray *order);
gchar **sl_json_split_words (const gchar *line);
gchar *sl_json_shell_join (gchar **argv);

/* The translator's tables, for the schema generator (sljsonschema.c) */
typedef struct
{
  const gchar *const *top_keys;
  const gchar *const *node_keys;
  const gchar *const *conn_keys;
  const gchar *const *edge_keys;
  const gchar *const *pconfig_keys;
  const gchar *const *priorities;
  const gchar *const *resilience_keys; /* key, property (or the key, the
                                         * property with '_'), ..., NULL */
  const gchar *const *enum_synonyms;   /* name, nick, ..., NULL */
  gint max_channels;
  gdouble max_gain_db;
} SlJsonTables;

void sl_json_tables (SlJsonTables *t);

/* nodes (sljsonnode.c) */
void sl_json_node_tables (SlJsonTables *t);
SlKind sl_json_kind_of (const gchar *type);
gboolean sl_json_parse_node (Ctx *ctx, JsonNode *jn, guint index);

/* placement checks (sljsonplacement.c) */
extern const gchar *sl_json_transports[];
gboolean sl_json_check_placement (Ctx *ctx, JsonObject *root);
gboolean sl_json_parse_address (const gchar *s, gchar **addr, guint *port);
const gchar *sl_json_member_string (JsonObject *o, const gchar *key);

/* the split across hosts (sljsonplan.c) */
/* a part: the elements named in @trusted (the links' ends) pass the
 * sandbox */
SlJsonPipeline *sl_json_translate_trusted (const gchar *text, gssize len,
    const gchar *filename, const SlJsonOptions *options,
    const gchar *const *trusted, GError **error);
gchar *sl_json_read_description (const gchar *filename, gsize max, gsize *len,
    GError **error);
gchar *sl_json_squash (const gchar *s);

G_END_DECLS

#endif /* __SL_JSON_PRIVATE_H__ */
