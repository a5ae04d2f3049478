/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __SL_JSON_TRANSLATE_H__
#define __SL_JSON_TRANSLATE_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* JSON pipeline descriptions -> one gst-launch line.
 *
 * The line is the contract: gst_parse_launch() (and `gst-launch-1.0 "LINE"`)
 * builds the described graph from it. Every value is typed from the target
 * property's GParamSpec and quoted for the gst-launch grammar, so no id or
 * value can add elements. Errors name the file, the place (line:column for
 * syntax errors, a JSON path such as `nodes[2].config.cutoff` otherwise)
 * and what is wrong. */

#define SL_JSON_ERROR (sl_json_error_quark ())
GQuark sl_json_error_quark (void);

/* Errors of this domain carry their place: the JSON path (NULL for syntax
 * errors and errors about the whole document), or the line and column of a
 * syntax error. */
void sl_json_error_set_location (GError *error, const gchar *path, guint line,
    guint column);
const gchar *sl_json_error_get_path (const GError *error);
gboolean sl_json_error_get_position (const GError *error, guint *line,
    guint *column);

typedef enum
{
  SL_JSON_ERROR_SYNTAX, /* not JSON (line:column) */
  SL_JSON_ERROR_LIMIT,  /* size, depth, node count */
  SL_JSON_ERROR_SHAPE,  /* wrong structure, missing/unknown keys */
  SL_JSON_ERROR_TYPE,   /* unknown node type */
  SL_JSON_ERROR_VALUE,  /* wrong value type, out of range */
  SL_JSON_ERROR_GRAPH,  /* connections: dangling, cycle, pads */
  SL_JSON_ERROR_DENIED, /* element refused by --allow/--deny/--sandbox */
} SlJsonError;

typedef enum
{
  SL_JSON_PRIORITY_CRITICAL = 0,
  SL_JSON_PRIORITY_HIGH,
  SL_JSON_PRIORITY_NORMAL,
  SL_JSON_PRIORITY_LOW,
} SlJsonPriority;

typedef struct
{
  gsize max_size;           /* 0: SL_JSON_DEFAULT_MAX_SIZE */
  guint max_depth;          /* 0: SL_JSON_DEFAULT_MAX_DEPTH */
  guint max_nodes;          /* 0: SL_JSON_DEFAULT_MAX_NODES */
  gboolean allow_open_ends; /* for sljsonbin: unconnected pads allowed */
  guint triggers;           /* > 0: sources with a `trigger` action
                                 * signal run in `mode=triggered` with
                                 * `num-buffers=triggers` */
  gchar **allow;            /* factory names allowed, NULL: all */
  gchar **deny;             /* factory names refused */
  gboolean trigger_once;    /* a pool: TriggerSourceNode sources in
                                 * triggered mode get one trigger each
                                 * instance (when @triggers is 0) */
  gboolean sandbox;         /* only our elements and harmless stock
                                 * ones (factories named in @allow are
                                 * allowed too); `streamlab` and sljsonbin
                                 * set it unless told otherwise */
} SlJsonOptions;

#define SL_JSON_DEFAULT_MAX_NODES 256
/* sljsonbin inside sljsonbin: at most this many levels below the top
 * description (a description that embeds itself is refused earlier) */
#define SL_JSON_MAX_EMBED_DEPTH 8
#define SL_JSON_DEFAULT_CHANNEL_CAPACITY 100

typedef struct
{
  gchar *id;          /* node id = element name */
  gchar *factory;     /* element factory */
  gboolean is_source; /* no incoming connection */
  gboolean is_sink;   /* no outgoing connection */
  guint triggers;     /* `trigger` signals the runner emits */
  gchar *resilience;  /* slresilient properties when the node
                                 * has a `resilience` block, else NULL */
} SlJsonNodeInfo;

/* A connection of the description, as written (for pictures and the live
 * view): node ids, pads (NULL: the default), the channel's capacity and
 * backpressure policy, and whether it is one branch of a fanout. */
typedef struct
{
  gchar *from, *to;
  gchar *from_pad, *to_pad;
  guint capacity;
  const gchar *policy; /* "block", "drop-oldest", "drop-newest" */
  gboolean fanout;     /* one of several outputs of its node */
} SlJsonEdgeInfo;

/* gst-launch-1.0 takes its pipeline as shell words (one word, one
 * argument: gst_parse_launchv() re-escapes the spaces inside each), so the
 * line is given in two forms:
 * - @line: shell words, for `gst-launch-1.0 LINE` typed or pasted into a
 *   POSIX shell (or `eval "gst-launch-1.0 $(streamlab translate f.json)"`);
 *   g_shell_parse_argv (@line) gives @argv;
 * - @description: the same graph for gst_parse_launch(), i.e. @argv
 *   joined by spaces. */
typedef struct
{
  gchar *line;        /* shell words */
  gchar **argv;       /* the words, for gst_parse_launchv() */
  gchar *description; /* for gst_parse_launch() */
  GPtrArray *nodes;   /* SlJsonNodeInfo */
  GPtrArray *edges;   /* SlJsonEdgeInfo */
  guint channel_capacity;
  SlJsonPriority priority;
  gchar *name;      /* pipeline_config.name or NULL */
  GPtrArray *notes; /* gchar *: what was accepted but adapted
                                 * ("f.json: nodes[1]: ..."), for stderr */
} SlJsonPipeline;

/* @filename only names the document in messages (NULL: "<description>").
 * Returns NULL with @error set (domain SL_JSON_ERROR) when invalid. */
SlJsonPipeline *sl_json_translate (const gchar *text, gssize len,
    const gchar *filename, const SlJsonOptions *options, GError **error);

SlJsonPipeline *sl_json_translate_file (const gchar *filename,
    const SlJsonOptions *options, GError **error);

void sl_json_pipeline_free (SlJsonPipeline *pipeline);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlJsonPipeline, sl_json_pipeline_free);

/* Placement across hosts: a description whose nodes name a `host` (one of
 * its `hosts`, each mapped to the address its part listens on) is split
 * into one part per host; each connection between two hosts is a link
 * (slfanout with the connection's capacity and policy, slsend on the
 * sending side; slreceive listening on the receiving side). A description
 * without `host` keys gives one part, host NULL: the whole description. */
typedef struct
{
  gchar *host;              /* NULL: not placed */
  gchar *address;           /* where the part listens (hosts[host]) */
  SlJsonPipeline *pipeline; /* its line */
} SlJsonPart;

typedef struct
{
  gchar *name;      /* "link<N>", N the connection's index */
  guint connection; /* connections[N] */
  gchar *from, *to; /* node ids */
  gchar *from_host, *to_host;
  gchar *transport;         /* "srt" or "tcp" */
  gchar *address;           /* ADDR:PORT the receiving part listens on */
  gint latency;             /* SRT latency in ms, 0 for tcp */
  gboolean encrypted;       /* a passphrase is configured (never
                                 * the passphrase itself) */
  gchar *policy;            /* block, drop-oldest, drop-newest */
  gchar *sender, *receiver; /* the slsend / slreceive element names */
} SlJsonLink;

typedef struct
{
  GPtrArray *parts; /* SlJsonPart, in the order of `hosts` */
  GPtrArray *links; /* SlJsonLink */
} SlJsonPlan;

SlJsonPlan *sl_json_plan (const gchar *text, gssize len, const gchar *filename,
    const SlJsonOptions *options, GError **error);
SlJsonPlan *sl_json_plan_file (const gchar *filename,
    const SlJsonOptions *options, GError **error);
/* The part of @host (NULL: the part of a description without hosts), or
 * NULL. */
SlJsonPart *sl_json_plan_get_part (SlJsonPlan *plan, const gchar *host);
void sl_json_plan_free (SlJsonPlan *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlJsonPlan, sl_json_plan_free);

/* Introspection for `streamlab inspect`: the aliases (type name ->
 * factory), NULL-terminated pairs, static. */
typedef struct
{
  const gchar *alias;
  const gchar *factory;
  const gchar *fallback; /* stock factory used when @factory is
                                 * missing, or NULL */
} SlJsonAlias;

const SlJsonAlias *sl_json_aliases (void);

/* The config keys an alias maps (key -> what), for `inspect`; static,
 * terminated by a NULL key. */
typedef struct
{
  const gchar *alias_factory; /* factory the mapping applies to */
  const gchar *key;           /* StreamLab key */
  const gchar *target;        /* property name, or "caps:rate" ... */
  const gchar *doc;
} SlJsonKeyMap;

const SlJsonKeyMap *sl_json_key_maps (void);

/* The JSON Schema of descriptions, generated from the translator's
 * tables and the registry (`streamlab schema`); free with g_free(). */
gchar *sl_json_schema (void);

/* Levenshtein distance (bytes), for suggestions. */
guint sl_json_edit_distance (const gchar *a, const gchar *b);

/* Quotes @s for a gst-launch property value of type string: the result,
 * given to gst_parse_launch as `prop=RESULT`, sets exactly @s. */
gchar *sl_json_quote_string (const gchar *s);

G_END_DECLS

#endif /* __SL_JSON_TRANSLATE_H__ */
