/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* streamlab: the JSON pipeline runner.
 *
 *   streamlab run [OPTIONS] FILE...     run (a pool with --instances)
 *   streamlab translate FILE            print the gst-launch line
 *   streamlab validate FILE...          check, exit 0 or 2
 *   streamlab inspect [TYPE]            node types, their config keys
 *   streamlab graph FILE -o OUT         draw the description (graphviz)
 *
 * Exit codes: 0 success (EOS, or drained after SIGINT/SIGTERM), 1 runtime
 * error, 2 invalid description or refused element. SIGUSR1 pauses the
 * running instances, the next SIGUSR1 resumes them. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <gst/gst.h>

#include "sljsontranslate.h"
#include "streamlabgraph.h"

#define EXIT_RUNTIME 1
#define EXIT_INVALID 2

static gint opt_instances = 1;
static gint opt_max_concurrent = 0;
static gint opt_triggers = 0;
static gboolean opt_events = FALSE;
static gboolean opt_metrics = FALSE;
static gboolean opt_sandbox = FALSE;
static gboolean opt_quiet = FALSE;
static gchar *opt_allow = NULL;
static gchar *opt_deny = NULL;
static gchar *opt_dashboard = NULL;
static gchar *opt_output = NULL;

static GOptionEntry entries[] = {
  {"instances", 'n', 0, G_OPTION_ARG_INT, &opt_instances,
      "run: instances of each description (pool)", "N"},
  {"max-concurrent", 'm', 0, G_OPTION_ARG_INT, &opt_max_concurrent,
      "run: at most M instances at once (default: all)", "M"},
  {"triggers", 't', 0, G_OPTION_ARG_INT, &opt_triggers,
      "run: sources in triggered mode get N triggers, then EOS", "N"},
  {"events", 'e', 0, G_OPTION_ARG_NONE, &opt_events,
      "run: JSON lines on stdout (start, pause, resume, complete, error, "
        "backpressure, restart, circuit)", NULL},
  {"metrics", 0, 0, G_OPTION_ARG_NONE, &opt_metrics,
      "run: enable the slmetrics tracer (its table is printed on stderr "
        "when each pipeline stops)", NULL},
  {"allow", 0, 0, G_OPTION_ARG_STRING, &opt_allow,
      "only these element factories (comma separated)", "LIST"},
  {"deny", 0, 0, G_OPTION_ARG_STRING, &opt_deny,
      "refuse these element factories (comma separated)", "LIST"},
  {"sandbox", 0, 0, G_OPTION_ARG_NONE, &opt_sandbox,
      "only gst-streamlab elements and stock elements without file or "
        "network access", NULL},
  {"quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet,
      "run: no summary or progress on stderr", NULL},
  {"dashboard", 0, 0, G_OPTION_ARG_STRING, &opt_dashboard,
      "run: serve the live view and /metrics on [ADDR:]PORT (loopback "
        "unless ADDR is given; port 0 picks a free one)", "[ADDR:]PORT"},
  {"output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
      "graph: the picture to write (.svg, .png, .pdf or .dot)", "FILE"},
  {NULL}
};

/* ------------------------------------------------------------------ */
/* Events */

static GMutex out_lock;
static gint64 t0;

static void
emit_event (const gchar * event, gint instance, const gchar * element,
    const gchar * extra_key, const gchar * extra_value)
{
  GString *s;

  if (!opt_events)
    return;
  s = g_string_new (NULL);
  g_string_append_printf (s, "{\"event\":\"%s\"", event);
  if (instance >= 0)
    g_string_append_printf (s, ",\"instance\":%d", instance);
  if (element) {
    gchar *e = g_strescape (element, NULL);
    g_string_append_printf (s, ",\"element\":\"%s\"", e);
    g_free (e);
  }
  g_string_append_printf (s, ",\"time\":%.6f",
      (g_get_monotonic_time () - t0) / 1e6);
  if (extra_key && extra_value) {
    gchar *v = g_strescape (extra_value, NULL);
    g_string_append_printf (s, ",\"%s\":\"%s\"", extra_key, v);
    g_free (v);
  }
  g_string_append (s, "}\n");
  g_mutex_lock (&out_lock);
  fputs (s->str, stdout);
  fflush (stdout);
  g_mutex_unlock (&out_lock);
  g_string_free (s, TRUE);
}

/* ------------------------------------------------------------------ */
/* Instances */

typedef struct
{
  gint index;
  const gchar *file;
  SlJsonPipeline *desc;
  GstElement *pipeline;
  guint watch;
  gint result;                  /* -1 pending/running, 0 ok, 1 error */
  gboolean running;
  gboolean was_playing;
  gboolean triggered;
  gint64 start, end;
  gchar *error;
  gint frames;                  /* at the sinks */
  gint64 last_backpressure;
} Instance;

typedef struct
{
  GMainLoop *loop;
  GPtrArray *instances;
  guint next;
  guint running;
  guint max_running;
  guint max_concurrent;
  gboolean interrupted;
  guint progress_id;
} Pool;

static Pool pool;

static void start_more (void);

static void
finish (Instance * in, gint result, const gchar * error)
{
  if (!in->running)
    return;
  in->running = FALSE;
  in->result = result;
  in->end = g_get_monotonic_time ();
  if (error)
    in->error = g_strdup (error);
  if (result == 0)
    emit_event ("complete", in->index, GST_ELEMENT_NAME (in->pipeline), NULL,
        NULL);
  gst_element_set_state (in->pipeline, GST_STATE_NULL);
  g_source_remove (in->watch);
  in->watch = 0;
  gst_bus_set_flushing (GST_ELEMENT_BUS (in->pipeline), TRUE);
  gst_clear_object (&in->pipeline);
  pool.running--;
  start_more ();
}

static void
send_triggers (Instance * in)
{
  guint i;
  gint k;

  if (in->triggered || opt_triggers <= 0)
    return;
  in->triggered = TRUE;
  for (i = 0; i < in->desc->nodes->len; i++) {
    SlJsonNodeInfo *ni = in->desc->nodes->pdata[i];
    GstElement *e;

    if (!ni->is_source)
      continue;
    e = gst_bin_get_by_name (GST_BIN (in->pipeline), ni->id);
    if (e && g_signal_lookup ("trigger", G_OBJECT_TYPE (e)))
      for (k = 0; k < opt_triggers; k++)
        g_signal_emit_by_name (e, "trigger");
    gst_clear_object (&e);
  }
}

/* GST_DEBUG_DUMP_DOT_DIR, as gst-launch-1.0 honours it: a .dot file of
 * the running pipeline at each state change and on error (GStreamer writes
 * nothing when the variable is not set). */
static void
dump_dot (Instance * in, const gchar * what)
{
  gchar *name = g_strdup_printf ("streamlab.%d.%s", in->index, what);

  GST_DEBUG_BIN_TO_DOT_FILE_WITH_TS (GST_BIN (in->pipeline),
      GST_DEBUG_GRAPH_SHOW_ALL, name);
  g_free (name);
}

static void
dump_dot_transition (Instance * in, GstState old, GstState cur)
{
  gchar *what = g_strdup_printf ("%s_%s", gst_element_state_get_name (old),
      gst_element_state_get_name (cur));

  dump_dot (in, what);
  g_free (what);
}

static gboolean
on_bus (GstBus * bus, GstMessage * msg, gpointer user_data)
{
  Instance *in = user_data;

  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_EOS:
      finish (in, 0, NULL);
      break;
    case GST_MESSAGE_ERROR:{
      GError *err = NULL;
      gchar *dbg = NULL, *text;

      gst_message_parse_error (msg, &err, &dbg);
      dump_dot (in, "error");
      text = g_strdup_printf ("%s: %s", GST_OBJECT_NAME (msg->src),
          err->message);
      emit_event ("error", in->index, GST_OBJECT_NAME (msg->src), "message",
          err->message);
      if (!opt_quiet && !opt_events)
        g_printerr ("ERROR (instance %d) from %s: %s\n%s\n", in->index,
            GST_OBJECT_NAME (msg->src), err->message, dbg ? dbg : "");
      finish (in, 1, text);
      g_free (text);
      g_error_free (err);
      g_free (dbg);
      break;
    }
    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (msg) == GST_OBJECT (in->pipeline)) {
        GstState old, cur;

        gst_message_parse_state_changed (msg, &old, &cur, NULL);
        dump_dot_transition (in, old, cur);
        if (cur == GST_STATE_PLAYING) {
          if (in->was_playing)
            emit_event ("resume", in->index, GST_ELEMENT_NAME (in->pipeline),
                NULL, NULL);
          in->was_playing = TRUE;
        } else if (old == GST_STATE_PLAYING && cur == GST_STATE_PAUSED) {
          emit_event ("pause", in->index, GST_ELEMENT_NAME (in->pipeline),
              NULL, NULL);
        }
      }
      break;
    case GST_MESSAGE_ELEMENT:{
      const GstStructure *s = gst_message_get_structure (msg);
      const gchar *name = s ? gst_structure_get_name (s) : "";

      /* slresilient's streamlab-restart / streamlab-circuit, slfanout's
       * streamlab-backpressure */
      if (strstr (name, "restart") || strstr (name, "circuit") ||
          strstr (name, "backpressure")) {
        gchar *str = gst_structure_to_string (s);

        emit_event (strstr (name, "restart") ? "restart" :
            strstr (name, "circuit") ? "circuit" : "backpressure",
            in->index, GST_OBJECT_NAME (msg->src), "details", str);
        g_free (str);
      }
      break;
    }
    default:
      break;
  }
  return G_SOURCE_CONTINUE;
}

static void
on_overrun (GstElement * queue, Instance * in)
{
  gint64 now = g_get_monotonic_time ();

  /* at most one event per instance and second */
  if (now - in->last_backpressure < G_USEC_PER_SEC)
    return;
  in->last_backpressure = now;
  emit_event ("backpressure", in->index, GST_ELEMENT_NAME (queue), NULL, NULL);
}

static GstPadProbeReturn
count_frame (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Instance *in = user_data;

  g_atomic_int_inc (&in->frames);
  return GST_PAD_PROBE_OK;
}

static void
instrument (Instance * in)
{
  GstIterator *it = gst_bin_iterate_recurse (GST_BIN (in->pipeline));
  GValue v = G_VALUE_INIT;
  guint i;

  while (gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
    GstElement *e = g_value_get_object (&v);
    GstElementFactory *f = gst_element_get_factory (e);

    if (opt_events && f && !strcmp (GST_OBJECT_NAME (f), "queue"))
      g_signal_connect (e, "overrun", G_CALLBACK (on_overrun), in);
    g_value_reset (&v);
  }
  g_value_unset (&v);
  gst_iterator_free (it);

  for (i = 0; i < in->desc->nodes->len; i++) {
    SlJsonNodeInfo *ni = in->desc->nodes->pdata[i];
    GstElement *e;
    GstPad *pad;

    if (!ni->is_sink)
      continue;
    e = gst_bin_get_by_name (GST_BIN (in->pipeline), ni->id);
    if (!e)
      continue;
    pad = gst_element_get_static_pad (e, "sink");
    if (pad) {
      gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_frame, in,
          NULL);
      gst_object_unref (pad);
    }
    gst_object_unref (e);
  }
}

static gboolean
start_instance (Instance * in)
{
  GError *err = NULL;
  GstBus *bus;

  in->start = g_get_monotonic_time ();
  /* the words of the printed line, parsed as gst-launch-1.0 does */
  in->pipeline = gst_parse_launchv_full ((const gchar **) in->desc->argv,
      NULL, GST_PARSE_FLAG_FATAL_ERRORS, &err);
  if (!in->pipeline) {
    in->result = 1;
    in->error = g_strdup_printf ("%s: %s", in->file, err->message);
    in->end = g_get_monotonic_time ();
    emit_event ("error", in->index, NULL, "message", err->message);
    if (!opt_quiet && !opt_events)
      g_printerr ("ERROR (instance %d): %s\n", in->index, in->error);
    g_error_free (err);
    return FALSE;
  }
  if (!GST_IS_PIPELINE (in->pipeline)) {
    GstElement *p = gst_pipeline_new (NULL);

    gst_bin_add (GST_BIN (p), in->pipeline);
    in->pipeline = gst_object_ref (p);
    gst_object_unref (p);
  }
  /* `start` when admitted: start and complete/error events bracket the
   * time an instance holds one of the pool's places */
  emit_event ("start", in->index, GST_ELEMENT_NAME (in->pipeline), NULL,
      NULL);
  in->running = TRUE;
  pool.running++;
  pool.max_running = MAX (pool.max_running, pool.running);
  instrument (in);
  if (opt_dashboard || opt_metrics)
    streamlab_graph_announce (in->pipeline, in->desc, in->index);
  bus = gst_element_get_bus (in->pipeline);
  in->watch = gst_bus_add_watch (bus, on_bus, in);
  gst_object_unref (bus);
  if (gst_element_set_state (in->pipeline, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE) {
    /* the sources have started (their trigger count is reset then) and
     * count triggers until they can serve them */
    send_triggers (in);
  } else {
    /* the error message on the bus says why; make sure we finish */
    GstMessage *m = gst_bus_pop_filtered (GST_ELEMENT_BUS (in->pipeline),
        GST_MESSAGE_ERROR);

    if (m) {
      on_bus (NULL, m, in);
      gst_message_unref (m);
    } else {
      finish (in, 1, "could not start the pipeline");
    }
  }
  return TRUE;
}

static void
start_more (void)
{
  while (!pool.interrupted && pool.next < pool.instances->len &&
      pool.running < pool.max_concurrent) {
    Instance *in = pool.instances->pdata[pool.next++];

    start_instance (in);
  }
  if (pool.running == 0 && (pool.interrupted ||
          pool.next >= pool.instances->len))
    g_main_loop_quit (pool.loop);
}

static gboolean
on_signal (gpointer user_data)
{
  guint i;

  if (pool.interrupted) {
    /* second signal: stop without draining */
    for (i = 0; i < pool.instances->len; i++) {
      Instance *in = pool.instances->pdata[i];

      if (in->running)
        finish (in, 1, "interrupted");
    }
    return G_SOURCE_CONTINUE;
  }
  pool.interrupted = TRUE;
  if (!opt_quiet && !opt_events)
    g_printerr ("\nInterrupt: sending EOS, draining...\n");
  for (i = 0; i < pool.instances->len; i++) {
    Instance *in = pool.instances->pdata[i];

    if (in->running)
      gst_element_send_event (in->pipeline, gst_event_new_eos ());
  }
  start_more ();
  return G_SOURCE_CONTINUE;
}

/* SIGUSR1 pauses every running instance, the next one resumes them */
static gboolean
on_pause_signal (gpointer user_data)
{
  static gboolean paused = FALSE;
  guint i;

  paused = !paused;
  for (i = 0; i < pool.instances->len; i++) {
    Instance *in = pool.instances->pdata[i];

    if (in->running)
      gst_element_set_state (in->pipeline, paused ? GST_STATE_PAUSED :
          GST_STATE_PLAYING);
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
show_progress (gpointer user_data)
{
  guint i, done = 0;
  gint64 frames = 0;
  gdouble elapsed = (g_get_monotonic_time () - t0) / 1e6;

  for (i = 0; i < pool.instances->len; i++) {
    Instance *in = pool.instances->pdata[i];

    frames += g_atomic_int_get (&in->frames);
    if (in->result >= 0)
      done++;
  }
  g_printerr ("\r%u running, %u/%u done, %" G_GINT64_FORMAT " frames, "
      "%.0f frames/s, %.1f s elapsed ", pool.running, done,
      pool.instances->len, frames, elapsed > 0 ? frames / elapsed : 0.0,
      elapsed);
  return G_SOURCE_CONTINUE;
}

static gint
priority_cmp (gconstpointer a, gconstpointer b)
{
  const Instance *x = *(Instance **) a, *y = *(Instance **) b;

  if (x->desc->priority != y->desc->priority)
    return (gint) x->desc->priority - (gint) y->desc->priority;
  return x->index - y->index;
}

static gint
cmd_run (gchar ** files, const SlJsonOptions * opts)
{
  GPtrArray *descs = g_ptr_array_new_with_free_func ((GDestroyNotify)
      sl_json_pipeline_free);
  gint ret = 0, n_ok = 0, i, j;
  guint k;

  if (opt_instances < 1) {
    g_printerr ("--instances must be at least 1\n");
    return EXIT_INVALID;
  }
  /* validated once, whatever the number of instances */
  for (i = 0; files[i]; i++) {
    GError *err = NULL;
    SlJsonPipeline *d = sl_json_translate_file (files[i], opts, &err);

    if (!d) {
      g_printerr ("%s\n", err->message);
      g_error_free (err);
      g_ptr_array_unref (descs);
      return EXIT_INVALID;
    }
    g_ptr_array_add (descs, d);
  }

  pool.loop = g_main_loop_new (NULL, FALSE);
  pool.instances = g_ptr_array_new ();
  for (i = 0; files[i]; i++) {
    for (j = 0; j < opt_instances; j++) {
      Instance *in = g_new0 (Instance, 1);

      in->index = pool.instances->len;
      in->file = files[i];
      in->desc = descs->pdata[i];
      in->result = -1;
      g_ptr_array_add (pool.instances, in);
    }
  }
  g_ptr_array_sort (pool.instances, priority_cmp);
  pool.max_concurrent = opt_max_concurrent > 0 ? (guint) opt_max_concurrent :
      pool.instances->len;

  g_unix_signal_add (SIGINT, on_signal, NULL);
  g_unix_signal_add (SIGTERM, on_signal, NULL);
  g_unix_signal_add (SIGUSR1, on_pause_signal, NULL);
  if (!opt_quiet && !opt_events && isatty (STDERR_FILENO))
    pool.progress_id = g_timeout_add (500, show_progress, NULL);

  start_more ();
  if (pool.running > 0 || pool.next < pool.instances->len)
    g_main_loop_run (pool.loop);
  if (pool.progress_id) {
    g_source_remove (pool.progress_id);
    g_printerr ("\n");
  }

  for (k = 0; k < pool.instances->len; k++) {
    Instance *in = pool.instances->pdata[k];

    if (in->result == 0)
      n_ok++;
    else if (in->result > 0)
      ret = EXIT_RUNTIME;
    else if (!pool.interrupted)
      ret = EXIT_RUNTIME;
  }
  if (!opt_quiet && !opt_events && (pool.instances->len > 1 || ret)) {
    for (k = 0; k < pool.instances->len; k++) {
      Instance *in = pool.instances->pdata[k];

      if (in->result == 0)
        g_printerr ("instance %d (%s): ok, %.1f ms\n", in->index, in->file,
            (in->end - in->start) / 1e3);
      else if (in->result > 0)
        g_printerr ("instance %d (%s): error: %s\n", in->index, in->file,
            in->error);
      else
        g_printerr ("instance %d (%s): not started\n", in->index, in->file);
    }
    g_printerr ("%d/%u instances completed, at most %u at once\n", n_ok,
        pool.instances->len, pool.max_running);
  }
  for (k = 0; k < pool.instances->len; k++) {
    Instance *in = pool.instances->pdata[k];

    g_free (in->error);
    g_free (in);
  }
  g_ptr_array_unref (pool.instances);
  g_main_loop_unref (pool.loop);
  g_ptr_array_unref (descs);
  return ret;
}

/* ------------------------------------------------------------------ */
/* translate, validate, inspect */

static gint
cmd_translate (gchar ** files, const SlJsonOptions * opts, gboolean print)
{
  gint i, ret = 0;

  for (i = 0; files[i]; i++) {
    GError *err = NULL;
    SlJsonPipeline *d = sl_json_translate_file (files[i], opts, &err);

    if (!d) {
      g_printerr ("%s\n", err->message);
      g_error_free (err);
      ret = EXIT_INVALID;
      continue;
    }
    if (print)
      g_print ("%s\n", d->line);
    else
      g_print ("%s: valid (%u nodes)\n", files[i], d->nodes->len);
    sl_json_pipeline_free (d);
  }
  return ret;
}

/* streamlab graph FILE -o OUT: the description drawn by graphviz */
static gint
cmd_graph (const gchar * file, const SlJsonOptions * opts)
{
  GError *err = NULL;
  SlJsonPipeline *d;
  gchar *dot;
  gint ret = 0;

  if (opt_output == NULL) {
    g_printerr ("graph: give the picture to write with -o FILE.svg "
        "(or .png, .pdf, .dot)\n");
    return EXIT_INVALID;
  }
  d = sl_json_translate_file (file, opts, &err);
  if (!d) {
    g_printerr ("%s\n", err->message);
    g_error_free (err);
    return EXIT_INVALID;
  }
  dot = streamlab_graph_dot (d, d->name ? d->name : file);
  if (!streamlab_graph_render (dot, opt_output, &err)) {
    g_printerr ("graph: %s\n", err->message);
    g_error_free (err);
    ret = EXIT_RUNTIME;
  }
  g_free (dot);
  sl_json_pipeline_free (d);
  return ret;
}

static void
print_pspec (GParamSpec * p)
{
  GValue def = G_VALUE_INIT;
  gchar *defs = NULL;
  GType t = G_PARAM_SPEC_VALUE_TYPE (p);

  g_value_init (&def, t);
  g_param_value_set_default (p, &def);
  if (G_VALUE_HOLDS_STRING (&def))
    defs = g_strdup (g_value_get_string (&def) ? g_value_get_string (&def) :
        "null");
  else if ((G_VALUE_HOLDS_BOXED (&def) && !g_value_get_boxed (&def)) ||
      (G_VALUE_HOLDS_OBJECT (&def) && !g_value_get_object (&def)))
    defs = g_strdup ("null");
  else
    defs = gst_value_serialize (&def);
  g_print ("  %-24s %s", p->name, g_type_name (t));
  if (G_IS_PARAM_SPEC_INT (p))
    g_print (" [%d, %d]", G_PARAM_SPEC_INT (p)->minimum,
        G_PARAM_SPEC_INT (p)->maximum);
  else if (G_IS_PARAM_SPEC_UINT (p))
    g_print (" [%u, %u]", G_PARAM_SPEC_UINT (p)->minimum,
        G_PARAM_SPEC_UINT (p)->maximum);
  else if (G_IS_PARAM_SPEC_INT64 (p))
    g_print (" [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]",
        G_PARAM_SPEC_INT64 (p)->minimum, G_PARAM_SPEC_INT64 (p)->maximum);
  else if (G_IS_PARAM_SPEC_UINT64 (p))
    g_print (" [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT "]",
        G_PARAM_SPEC_UINT64 (p)->minimum, G_PARAM_SPEC_UINT64 (p)->maximum);
  else if (G_IS_PARAM_SPEC_DOUBLE (p))
    g_print (" [%g, %g]", G_PARAM_SPEC_DOUBLE (p)->minimum,
        G_PARAM_SPEC_DOUBLE (p)->maximum);
  else if (G_IS_PARAM_SPEC_FLOAT (p))
    g_print (" [%g, %g]", G_PARAM_SPEC_FLOAT (p)->minimum,
        G_PARAM_SPEC_FLOAT (p)->maximum);
  else if (G_IS_PARAM_SPEC_ENUM (p)) {
    GEnumClass *ec = G_PARAM_SPEC_ENUM (p)->enum_class;
    guint i;

    g_print (" {");
    for (i = 0; i < ec->n_values; i++)
      g_print ("%s%s", i ? ", " : "", ec->values[i].value_nick);
    g_print ("}");
  }
  g_print (" default %s\n      %s\n", defs ? defs : "-", g_param_spec_get_blurb
      (p));
  g_free (defs);
  g_value_unset (&def);
}

static gint
cmd_inspect (const gchar * type)
{
  const SlJsonAlias *a;
  const SlJsonKeyMap *m;
  const gchar *factory = type;
  GstElementFactory *ef;
  GstPluginFeature *loaded;
  GObjectClass *oc;
  GParamSpec **specs;
  guint n, i;

  if (!type) {
    g_print ("Node types (aliases):\n");
    for (a = sl_json_aliases (); a->alias; a++) {
      ef = gst_element_factory_find (a->factory);
      g_print ("  %-20s -> %s%s\n", a->alias, a->factory, ef ? "" :
          a->fallback ? " (not installed; falls back to the stock element)" :
          " (not installed)");
      if (ef)
        gst_object_unref (ef);
    }
    g_print ("\nAny installed element factory is a node type too "
        "(gst-inspect-1.0 lists them).\n");
    return 0;
  }
  for (a = sl_json_aliases (); a->alias; a++)
    if (!strcmp (a->alias, type))
      factory = a->factory;
  ef = gst_element_factory_find (factory);
  if (!ef) {
    g_printerr ("unknown type '%s'\n", type);
    return EXIT_INVALID;
  }
  loaded = gst_plugin_feature_load (GST_PLUGIN_FEATURE (ef));
  gst_object_unref (ef);
  if (!loaded)
    return EXIT_RUNTIME;
  ef = GST_ELEMENT_FACTORY (loaded);
  g_print ("%s: element %s — %s\n", type, factory,
      gst_element_factory_get_metadata (ef, GST_ELEMENT_METADATA_DESCRIPTION));
  g_print ("Config keys mapped from StreamLab:\n");
  for (m = sl_json_key_maps (); m->key; m++)
    if (!strcmp (m->alias_factory, factory))
      g_print ("  %-24s -> %s: %s\n", m->key, m->target, m->doc);
  g_print ("Config keys (properties; '_' may replace '-'):\n");
  oc = g_type_class_ref (gst_element_factory_get_element_type (ef));
  specs = g_object_class_list_properties (oc, &n);
  for (i = 0; i < n; i++)
    if ((specs[i]->flags & G_PARAM_WRITABLE) && strcmp (specs[i]->name,
            "name") && strcmp (specs[i]->name, "parent"))
      print_pspec (specs[i]);
  g_free (specs);
  g_type_class_unref (oc);
  gst_object_unref (ef);
  return 0;
}

/* [ADDR:]PORT, ADDR an IP address (IPv6 in brackets) */
static gboolean
dashboard_spec_ok (const gchar * spec)
{
  const gchar *colon = strrchr (spec, ':');
  const gchar *port = colon ? colon + 1 : spec;
  gchar *end = NULL, *addr;
  guint64 v;
  gboolean ok;

  v = g_ascii_strtoull (port, &end, 10);
  if (*port == '\0' || *end != '\0' || v > 65535)
    return FALSE;
  if (colon == NULL)
    return TRUE;
  addr = spec[0] == '[' && colon > spec && colon[-1] == ']' ?
      g_strndup (spec + 1, colon - spec - 2) : g_strndup (spec, colon - spec);
  ok = g_hostname_is_ip_address (addr);
  g_free (addr);
  return ok;
}

static void
usage (GOptionContext * ctx)
{
  gchar *help = g_option_context_get_help (ctx, TRUE, NULL);

  g_printerr ("%s", help);
  g_free (help);
}

int
main (int argc, char **argv)
{
  GOptionContext *ctx;
  GError *err = NULL;
  SlJsonOptions opts = { 0, };
  const gchar *cmd;
  gint ret;

  /* messages in the user's charset (file names, quotes) */
  setlocale (LC_ALL, "");

  ctx = g_option_context_new ("COMMAND [FILE...] — JSON pipelines on "
      "GStreamer");
  g_option_context_set_summary (ctx, "Commands:\n"
      "  run FILE...        run descriptions (a pool with --instances)\n"
      "  translate FILE...  print the gst-launch line of each description\n"
      "  validate FILE...   check descriptions (exit 2 when invalid)\n"
      "  inspect [TYPE]     node types and aliases, or TYPE's config keys\n"
      "  graph FILE -o OUT  draw a description (.svg, .png, .pdf, .dot)\n"
      "\nExit codes: 0 success, 1 runtime error, 2 invalid description.\n"
      "SIGINT/SIGTERM: EOS, drain, exit. SIGUSR1: pause / resume.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("%s\n", err->message);
    g_error_free (err);
    g_option_context_free (ctx);
    return EXIT_INVALID;
  }
  if (argc < 2) {
    usage (ctx);
    g_option_context_free (ctx);
    return EXIT_INVALID;
  }
  cmd = argv[1];

  /* the tracer must be named before gst_init(); it prints its table on
   * stderr when each pipeline stops */
  if (opt_dashboard && !dashboard_spec_ok (opt_dashboard)) {
    g_printerr ("--dashboard: '%s' is not [ADDR:]PORT\n", opt_dashboard);
    g_option_context_free (ctx);
    return EXIT_INVALID;
  }
  if (opt_metrics || opt_dashboard) {
    const gchar *tracers = g_getenv ("GST_TRACERS");
    /* one slmetrics: its table with --metrics, its live view with
     * --dashboard */
    gchar *mine = opt_dashboard ? g_strdup_printf ("slmetrics(http=%s%s)",
        opt_dashboard, opt_metrics ? "" : ",table=false") :
        g_strdup ("slmetrics");
    gchar *t = tracers && *tracers ? g_strconcat (tracers, ";", mine,
        NULL) : g_strdup (mine);

    g_free (mine);

    g_setenv ("GST_TRACERS", t, TRUE);
    g_free (t);
  }
  gst_init (NULL, NULL);
  t0 = g_get_monotonic_time ();

  if (opt_allow)
    opts.allow = g_strsplit (opt_allow, ",", -1);
  if (opt_deny)
    opts.deny = g_strsplit (opt_deny, ",", -1);
  opts.sandbox = opt_sandbox;
  opts.triggers = opt_triggers > 0 ? opt_triggers : 0;

  if (!strcmp (cmd, "inspect")) {
    ret = cmd_inspect (argc > 2 ? argv[2] : NULL);
  } else if (argc < 3) {
    usage (ctx);
    ret = EXIT_INVALID;
  } else if (!strcmp (cmd, "run")) {
    ret = cmd_run (argv + 2, &opts);
  } else if (!strcmp (cmd, "translate")) {
    ret = cmd_translate (argv + 2, &opts, TRUE);
  } else if (!strcmp (cmd, "graph")) {
    ret = cmd_graph (argv[2], &opts);
  } else if (!strcmp (cmd, "validate")) {
    ret = cmd_translate (argv + 2, &opts, FALSE);
  } else {
    g_printerr ("unknown command '%s'\n", cmd);
    usage (ctx);
    ret = EXIT_INVALID;
  }
  g_strfreev (opts.allow);
  g_strfreev (opts.deny);
  g_option_context_free (ctx);
  return ret;
}
