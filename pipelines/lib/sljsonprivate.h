/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Inside the translator: the context, the graph and the helpers shared by
 * sljsontranslate.c (nodes, the API), sljsonvalue.c (values typed from
 * GParamSpecs, quoting), sljsongraph.c (pads, connections, graph checks)
 * and sljsonline.c (the gst-launch line). Not installed. */

#ifndef __SL_JSON_PRIVATE_H__
#define __SL_JSON_PRIVATE_H__

#include <json-glib/json-glib.h>

#include "sljsonscan.h"
#include "sljsontranslate.h"

G_BEGIN_DECLS

/* internal symbols, kept out of the way of applications */
#define append_decl sl_json_priv_append_decl
#define append_double sl_json_priv_append_double
#define append_edge_tail sl_json_priv_append_edge_tail
#define append_launch_quoted sl_json_priv_append_launch_quoted
#define append_property sl_json_priv_append_property
#define append_queue sl_json_priv_append_queue
#define append_ref sl_json_priv_append_ref
#define append_wrapped sl_json_priv_append_wrapped
#define build_line sl_json_priv_build_line
#define check_cycles sl_json_priv_check_cycles
#define check_inputs sl_json_priv_check_inputs
#define check_keys sl_json_priv_check_keys
#define check_open_ends sl_json_priv_check_open_ends
#define edge_free sl_json_priv_edge_free
#define emit_chain sl_json_priv_emit_chain
#define enum_nicks sl_json_priv_enum_nicks
#define fail sl_json_priv_fail
#define fanout_has_branch_props sl_json_priv_fanout_has_branch_props
#define find_enum sl_json_priv_find_enum
#define find_node sl_json_priv_find_node
#define find_prop sl_json_priv_find_prop
#define get_double sl_json_priv_get_double
#define get_int sl_json_priv_get_int
#define get_pad sl_json_priv_get_pad
#define has_templates sl_json_priv_has_templates
#define is_number sl_json_priv_is_number
#define is_splitter sl_json_priv_is_splitter
#define is_string sl_json_priv_is_string
#define json_kind sl_json_priv_json_kind
#define lexeme sl_json_priv_lexeme
#define lexeme_is_integer sl_json_priv_lexeme_is_integer
#define load_class sl_json_priv_load_class
#define nearest sl_json_priv_nearest
#define node_free sl_json_priv_node_free
#define node_has sl_json_priv_node_has
#define pad_class sl_json_priv_pad_class
#define pad_exists sl_json_priv_pad_exists
#define pad_list sl_json_priv_pad_list
#define parse_connection sl_json_priv_parse_connection
#define parse_policy sl_json_priv_parse_policy
#define path_key sl_json_priv_path_key
#define plan_fanout sl_json_priv_plan_fanout
#define serialize_value sl_json_priv_serialize_value
#define settable_props sl_json_priv_settable_props
#define shell_join sl_json_priv_shell_join
#define split_words sl_json_priv_split_words
#define strv_array sl_json_priv_strv_array
#define strv_has sl_json_priv_strv_has
#define template_matches sl_json_priv_template_matches
#define unique_name sl_json_priv_unique_name
#define unknown_key sl_json_priv_unknown_key
#define valid_name sl_json_priv_valid_name

extern const gchar *sl_json_policies[];
extern const gchar *sl_json_conn_keys[];
extern const gchar *sl_json_edge_keys[];
extern const gchar *sl_json_enum_synonyms[];
#define policies sl_json_policies

typedef struct _Node Node;

/* StreamLab's node kinds, from the type names (and the GUI's palette ids),
 * for what StreamLab does beyond the element's properties */
typedef enum
{
  SL_KIND_NONE = 0,             /* an element factory named directly */
  SL_KIND_SOURCE,               /* SineGenerator, AudioSourceNode */
  SL_KIND_TRIGGER,              /* TriggerSourceNode */
  SL_KIND_PRINT,                /* Print, DebugSinkNode */
  SL_KIND_FFT,                  /* FFTNode */
  SL_KIND_GAIN,                 /* GainNode */
  SL_KIND_FILTER,               /* FilterNode */
} SlKind;
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
  gboolean has_is_live;
  gboolean has_size;            /* slfft: config sets `size` */
  gchar *type;                  /* the type as written */
  gint kind;                    /* SlKind: StreamLab's node kind */
  gboolean periodic;            /* TriggerSourceNode, mode periodic */
  gint64 frame_len;             /* samples per frame it emits, 0: unknown */
  gdouble amplify;              /* a gain above volume's range (dB > 20) */
  gchar *tap;                   /* a sink passing frames on: the tee its
                                 * outputs leave from */
  gchar *funnel;                /* several inputs: the funnel they enter */
  gchar *drop;                  /* its output goes nowhere: fakesink name */
  guint triggers;
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
  GPtrArray *notes;             /* gchar *, for SlJsonPipeline.notes */
  guint depth;                  /* sljsonbin nesting: 0 at the top */
  GPtrArray *chain;             /* files of the enclosing descriptions,
                                 * outermost first (canonical paths) */
  const gchar *const *trusted;  /* node ids that pass the sandbox (the
                                 * links of a part) */
} Ctx;

void fail (Ctx * ctx, SlJsonError code, const gchar * path, const gchar *
    format, ...) G_GNUC_PRINTF (4, 5);
void note (Ctx * ctx, const gchar * path, const gchar * format, ...)
    G_GNUC_PRINTF (3, 4);
void node_free (Node * n);
void edge_free (Edge * e);
const gchar *nearest (const gchar * word, GPtrArray * candidates);
void append_wrapped (GString * out, const gchar * s, gboolean force);
void append_launch_quoted (GString * out, const gchar * s);
gboolean valid_name (const gchar * s, gboolean pad);
gboolean strv_has (const gchar * const *v, const gchar * s);
GPtrArray * strv_array (const gchar * const *v);
gchar * path_key (const gchar * base, const gchar * key);
gboolean check_keys (Ctx * ctx, JsonObject * obj, const gchar * path, const
    gchar * const *allowed, const gchar * what);
const gchar * json_kind (JsonNode * n);
gboolean is_string (JsonNode * n);
gboolean is_number (JsonNode * n);
const gchar * lexeme (Ctx * ctx, const gchar * path);
gboolean lexeme_is_integer (const gchar * lex);
gboolean get_int (Ctx * ctx, JsonNode * n, const gchar * path, const gchar *
    what, gboolean is_unsigned, gint64 smin, gint64 smax, guint64 umax, gint64
    * sout, guint64 * uout);
gboolean get_double (Ctx * ctx, JsonNode * n, const gchar * path, const gchar
    * what, gdouble * out);
void append_double (GString * out, gdouble v);
const GEnumValue * find_enum (GEnumClass * ec, const gchar * s);
gchar * enum_nicks (GEnumClass * ec);
gboolean serialize_value (Ctx * ctx, GParamSpec * pspec, JsonNode * n, const
    gchar * path, const gchar * what, GString * ser, gboolean in_array);
gboolean append_property (Ctx * ctx, GString * props, GParamSpec * pspec,
    JsonNode * n, const gchar * path, const gchar * key);
GPtrArray * settable_props (GObjectClass * klass);
GParamSpec * find_prop (GObjectClass * klass, const gchar * key);
gboolean unknown_key (Ctx * ctx, const gchar * path, const gchar * key,
    GObjectClass * klass, const gchar * factory, const gchar * extra_keys[]);
GstElementClass * load_class (GstElementFactory * ef);
gchar * unique_name (Ctx * ctx, const gchar * base);
gboolean template_matches (const gchar * templ, const gchar * name);
GstElementClass * pad_class (Node * n);
gboolean has_templates (GstElementClass * klass, GstPadDirection dir,
    GstPadPresence presence, gboolean any_presence);
gboolean node_has (Node * n, GstPadDirection dir);
gboolean pad_exists (Node * n, GstPadDirection dir, const gchar * pad);
gchar * pad_list (Node * n, GstPadDirection dir);
Node * find_node (Ctx * ctx, JsonObject * o, const gchar * key, const gchar *
    path);
gboolean get_pad (Ctx * ctx, JsonObject * o, const gchar * key, const gchar *
    path, Node * n, GstPadDirection dir, gchar ** out);
gboolean parse_policy (Ctx * ctx, JsonNode * v, const gchar * path, gint *
    out);
gboolean parse_connection (Ctx * ctx, JsonNode * jn, guint index,
    gboolean edge);
gboolean check_inputs (Ctx * ctx, Node * n);
gboolean check_cycles (Ctx * ctx, GPtrArray * order);
gboolean check_open_ends (Ctx * ctx, Node * n);
void append_queue (Ctx * ctx, GString * line, Edge * e);
void append_decl (Ctx * ctx, GString * line, Node * n);
void append_ref (GString * line, Node * n, const gchar * pad);
void append_in_ref (GString * line, Node * n, const gchar * pad);
gboolean fanout_has_branch_props (GstElementClass * k);
gboolean is_splitter (Node * n);
void plan_fanout (Ctx * ctx, GString * line, Node * n, GPtrArray * defaults);
void append_edge_tail (Ctx * ctx, GString * line, Edge * e);
void emit_chain (Ctx * ctx, GString * line, Node * n);
gchar * build_line (Ctx * ctx, GPtrArray * order);
gchar ** split_words (const gchar * line);
gchar * shell_join (gchar ** argv);

/* The translator's tables, for the schema generator (sljsonschema.c) */
typedef struct
{
  const gchar *const *top_keys;
  const gchar *const *node_keys;
  const gchar *const *conn_keys;
  const gchar *const *edge_keys;
  const gchar *const *pconfig_keys;
  const gchar *const *priorities;
  const gchar *const *sandbox_plugins;
  const gchar *const *resilience_keys;  /* key, property, ..., NULL */
  const gchar *const *enum_synonyms;    /* name, nick, ..., NULL */
  gint max_channels;
  gdouble max_gain_db;
} SlJsonTables;

void sl_json_tables (SlJsonTables * t);

/* placement (sljsonplan.c) */
extern const gchar *sl_json_transports[];
gboolean sl_json_check_placement (Ctx * ctx, JsonObject * root);
/* a part: the elements named in @trusted (the links' ends) pass the
 * sandbox */
SlJsonPipeline *sl_json_translate_trusted (const gchar * text, gssize len,
    const gchar * filename, const SlJsonOptions * options,
    const gchar * const *trusted, GError ** error);
gchar *sl_json_read_description (const gchar * filename, gsize max,
    gsize * len, GError ** error);
SlKind sl_json_kind_of (const gchar * type);
gchar *sl_json_squash (const gchar * s);

G_END_DECLS

#endif /* __SL_JSON_PRIVATE_H__ */
