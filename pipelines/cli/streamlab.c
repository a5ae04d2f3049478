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

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

#ifdef ENABLE_NLS
#include <glib/gi18n.h>
#else
#define _(s) (s)
#define N_(s) (s)
#define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif

#include "sljsontranslate.h"
#include "gstslresilient.h"
#include "gstslfanout.h"
#include "streamlabgraph.h"

#define EXIT_RUNTIME 1
#define EXIT_INVALID 2

static gint opt_instances = 1;
static gint opt_max_concurrent = 0;
static gint opt_triggers = 0;
static gboolean opt_events = FALSE;
static gboolean opt_metrics = FALSE;
static gboolean opt_sandbox = FALSE; /* the default now; kept as a no-op */
static gboolean opt_allow_any = FALSE;
static gboolean opt_isolate = FALSE;
static gdouble opt_timeout = 0;
static gdouble opt_drain_timeout = 10;
static gint opt_child_index = -1;
static gboolean opt_in_pool = FALSE;
static gboolean opt_quiet = FALSE;
static gchar *opt_allow = NULL;
static gchar *opt_deny = NULL;
static gboolean opt_version = FALSE;
static gint opt_events_fd = -1;
static gchar *opt_events_file = NULL;
static gchar *opt_dashboard = NULL;
static gchar *opt_output = NULL;
static gchar *opt_host = NULL;

static gboolean enable_metrics (const gchar *name, const gchar *value,
    gpointer data, GError **error);
static gboolean set_host (const gchar *name, const gchar *value, gpointer data,
    GError **error);
static gboolean enable_dashboard (const gchar *name, const gchar *value,
    gpointer data, GError **error);

/* Descriptions starting with "COMMAND: " belong to that command's --help
 * (the others to every command's). */
static GOptionEntry entries[] = {
  { "instances", 'n', 0, G_OPTION_ARG_INT, &opt_instances,
      N_ ("run: instances of each description (pool)"), N_ ("N") },
  { "max-concurrent", 'm', 0, G_OPTION_ARG_INT, &opt_max_concurrent,
      N_ ("run: at most M instances at once (default: all)"), N_ ("M") },
  { "triggers", 't', 0, G_OPTION_ARG_INT, &opt_triggers,
      N_ ("run: sources in triggered mode get N triggers, then EOS"),
      N_ ("N") },
  { "events", 'e', 0, G_OPTION_ARG_NONE, &opt_events,
      N_ ("run: JSON lines on stdout (start, pause, resume, complete, error, "
          "timeout, backpressure, restart, circuit)"),
      NULL },
  { "events-fd", 0, 0, G_OPTION_ARG_INT, &opt_events_fd,
      N_ ("run: write the events to file descriptor FD instead of stdout "
          "(implies --events)"),
      N_ ("FD") },
  { "events-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_events_file,
      N_ ("run: write the events to FILE instead of stdout (implies "
          "--events)"),
      N_ ("FILE") },
  { "metrics", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, enable_metrics,
      N_ ("run: enable the slmetrics tracer (its table is printed on stderr "
          "when each pipeline stops)"),
      NULL },
  { "allow", 0, 0, G_OPTION_ARG_STRING, &opt_allow,
      N_ ("only these element factories (comma separated)"), N_ ("LIST") },
  { "deny", 0, 0, G_OPTION_ARG_STRING, &opt_deny,
      N_ ("refuse these element factories (comma separated)"), N_ ("LIST") },
  { "allow-any", 0, 0, G_OPTION_ARG_NONE, &opt_allow_any,
      N_ ("allow any element factory: lifts the sandbox, which by default "
          "allows only gst-streamlab elements and stock elements without "
          "file or network access"),
      NULL },
  { "sandbox", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_sandbox,
      N_ ("the sandbox (the default)"), NULL },
  { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &opt_timeout,
      N_ ("run: time limit of each instance in seconds: EOS is sent then, and "
          "an instance that does not drain is stopped and reported "
          "(default 0: none)"),
      N_ ("S") },
  { "drain-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &opt_drain_timeout,
      N_ ("run: seconds an instance may take to drain after EOS (SIGINT, "
          "SIGTERM, --timeout) before it is stopped and reported (default 10, "
          "0: wait)"),
      N_ ("S") },
  { "isolate", 0, 0, G_OPTION_ARG_NONE, &opt_isolate,
      N_ ("run: each instance in its own process, so that a crash costs one "
          "instance"),
      NULL },
  { "instance-index", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT,
      &opt_child_index,
      "run: internal, one instance with this index (--isolate)", "K" },
  { "in-pool", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_in_pool,
      "run: internal, the instance is one of a pool (--isolate)", NULL },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet,
      N_ ("run: no summary or progress on stderr (runtime errors are still "
          "printed)"),
      NULL },
  { "host", 0, 0, G_OPTION_ARG_CALLBACK, set_host,
      N_ ("run, plan: the part of the description placed on host NAME (its "
          "nodes, and the links to and from the other hosts)"),
      N_ ("NAME") },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
      N_ ("print the versions of streamlab and GStreamer, and exit"), NULL },
  { "dashboard", 0, 0, G_OPTION_ARG_CALLBACK, enable_dashboard,
      N_ ("run: serve the live view and /metrics on [ADDR:]PORT (loopback "
          "unless ADDR is given; port 0 picks a free one)"),
      N_ ("[ADDR:]PORT") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
      N_ ("graph: the picture to write (.svg, .png, .pdf or .dot)"),
      N_ ("FILE") },
  { NULL }
};

/* The slmetrics tracer must be named before GStreamer is initialised,
 * which its option group does at the end of the parsing: one slmetrics
 * after the user's own tracers, with its table (--metrics) and its live
 * view (--dashboard). */
static void
name_tracer (void)
{
  static gchar *users = NULL;
  static gboolean saved = FALSE;
  gchar *mine, *t;

  if (!saved) {
    users = g_strdup (g_getenv ("GST_TRACERS"));
    saved = TRUE;
  }
  if (opt_dashboard)
    mine = g_strdup_printf ("slmetrics(http=%s%s)", opt_dashboard,
        opt_metrics ? "" : ",table=false");
  else
    mine = g_strdup ("slmetrics");
  t = users && *users ? g_strconcat (users, ";", mine, NULL) : g_strdup (mine);
  g_setenv ("GST_TRACERS", t, TRUE);
  g_free (t);
  g_free (mine);
}

static gboolean
enable_metrics (const gchar *name, const gchar *value, gpointer data,
    GError **error)
{
  opt_metrics = TRUE;
  name_tracer ();
  return TRUE;
}

/* [ADDR:]PORT, ADDR an IP address (IPv6 in brackets) */
static gboolean
dashboard_spec_ok (const gchar *spec)
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
  addr = spec[0] == '[' && colon > spec && colon[-1] == ']'
      ? g_strndup (spec + 1, colon - spec - 2)
      : g_strndup (spec, colon - spec);
  ok = g_hostname_is_ip_address (addr);
  g_free (addr);
  return ok;
}

static gboolean
enable_dashboard (const gchar *name, const gchar *value, gpointer data,
    GError **error)
{
  if (!dashboard_spec_ok (value)) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
        _ ("--dashboard: '%s' is not [ADDR:]PORT"), value);
    return FALSE;
  }
  g_free (opt_dashboard);
  opt_dashboard = g_strdup (value);
  name_tracer ();
  return TRUE;
}

/* --host NAME: the part to run, and the `host` label of the part's metrics:
 * STREAMLAB_HOST is set before GStreamer (and the slmetrics tracer) starts,
 * as a systemd unit would set it */
static gboolean
set_host (const gchar *name, const gchar *value, gpointer data, GError **error)
{
  g_free (opt_host);
  opt_host = g_strdup (value);
  g_setenv ("STREAMLAB_HOST", value, TRUE);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Events */

static GMutex out_lock;
static gint64 t0;
static FILE *events_out; /* stdout, --events-fd or --events-file */

/* Opens the destination of the events; FALSE with a message if it cannot
 * be opened. */
static gboolean
open_events (void)
{
  if (opt_events_fd >= 0 && opt_events_file) {
    g_printerr (_ ("--events-fd and --events-file cannot be used together\n"));
    return FALSE;
  }
  events_out = stdout;
  if (opt_events_fd >= 0) {
    events_out = fdopen (opt_events_fd, "w");
    if (events_out == NULL) {
      g_printerr (_ ("--events-fd=%d: %s\n"), opt_events_fd,
          g_strerror (errno));
      return FALSE;
    }
    opt_events = TRUE;
  } else if (opt_events_file) {
    gint fd = g_open (opt_events_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
        0666);

    events_out = fd >= 0 ? fdopen (fd, "w") : NULL;
    if (events_out == NULL) {
      gchar *name = g_filename_display_name (opt_events_file);

      g_printerr (_ ("--events-file=%s: %s\n"), name, g_strerror (errno));
      g_free (name);
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
    opt_events = TRUE;
  }
  return TRUE;
}

static void
add_string_member (JsonBuilder *b, const gchar *key, const gchar *value)
{
  /* JSON text is UTF-8: names and messages in another encoding are made
   * valid rather than written as they are */
  gchar *v = g_utf8_make_valid (value, -1);

  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, v);
  g_free (v);
}

/* One JSON object per line, built with json-glib (any text is escaped as
 * JSON wants it, written in UTF-8); the time is formatted with a '.'
 * whatever the locale. */
static void
emit_event (const gchar *event, gint instance, const gchar *element,
    const gchar *extra_key, const gchar *extra_value)
{
  JsonBuilder *b;
  JsonGenerator *gen;
  JsonNode *root;
  gchar *json, time_str[G_ASCII_DTOSTR_BUF_SIZE];
  gsize len;

  if (!opt_events)
    return;
  b = json_builder_new_immutable ();
  json_builder_begin_object (b);
  add_string_member (b, "event", event);
  if (instance >= 0) {
    json_builder_set_member_name (b, "instance");
    json_builder_add_int_value (b, instance);
  }
  if (element)
    add_string_member (b, "element", element);
  if (extra_key && extra_value)
    add_string_member (b, extra_key, extra_value);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  json = json_generator_to_data (gen, &len);
  /* "time" last, in seconds with microseconds: json-glib would write
   * the nearest double with 17 digits */
  g_ascii_formatd (time_str, sizeof (time_str), "%.6f",
      (g_get_monotonic_time () - t0) / 1e6);
  g_mutex_lock (&out_lock);
  if (len > 0 && json[len - 1] == '}') {
    fwrite (json, 1, len - 1, events_out);
    fprintf (events_out, ",\"time\":%s}\n", time_str);
  }
  fflush (events_out);
  g_mutex_unlock (&out_lock);
  g_free (json);
  json_node_unref (root);
  g_object_unref (gen);
  g_object_unref (b);
}

static void
add_uint_member (JsonBuilder *b, const gchar *key, guint64 v)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, (gint64) MIN (v, (guint64) G_MAXINT64));
}

static guint64
uint64_prop (GObject *o, const gchar *name)
{
  guint64 v = 0;

  if (o && g_object_class_find_property (G_OBJECT_GET_CLASS (o), name))
    g_object_get (o, name, &v, NULL);
  return v;
}

/* A `link` event per end of a link between hosts (the slsend and slreceive
 * elements of `streamlab plan`'s parts, named LINK-send / LINK-receive):
 * frames, bytes, reconnects, dropped (by the connection's policy, at the
 * sender) and missing (seq gaps, at the receiver). */
static void
emit_link_events (gint instance, GstElement *pipeline)
{
  GstIterator *it;
  GValue item = G_VALUE_INIT;

  if (!opt_events || !opt_host || !GST_IS_BIN (pipeline))
    return;
  it = gst_bin_iterate_recurse (GST_BIN (pipeline));
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK) {
    GstElement *e = g_value_get_object (&item);
    GstElementFactory *f = gst_element_get_factory (e);
    const gchar *fname = f ? GST_OBJECT_NAME (f) : "";
    gboolean send = !g_strcmp0 (fname, "slsend");
    gboolean recv = !g_strcmp0 (fname, "slreceive");
    gchar *link, *dash;
    JsonBuilder *b;
    JsonGenerator *gen;
    JsonNode *root;
    gchar *json;

    if ((!send && !recv) || !g_str_has_prefix (GST_ELEMENT_NAME (e), "link")) {
      g_value_reset (&item);
      continue;
    }
    link = g_strdup (GST_ELEMENT_NAME (e));
    dash = strrchr (link, '-');
    if (dash)
      *dash = '\0';
    b = json_builder_new_immutable ();
    json_builder_begin_object (b);
    add_string_member (b, "event", "link");
    json_builder_set_member_name (b, "instance");
    json_builder_add_int_value (b, instance);
    add_string_member (b, "host", opt_host);
    add_string_member (b, "link", link);
    add_string_member (b, "end", send ? "sender" : "receiver");
    add_uint_member (b, "frames", uint64_prop (G_OBJECT (e), "frames"));
    if (send) {
      GstElement *pay = gst_bin_get_by_name (GST_BIN (e), "pay");
      gchar *out_name = g_strdup_printf ("%s-out", link);
      GstElement *out = gst_bin_get_by_name (GST_BIN (pipeline), out_name);
      GstPad *branch = out ? gst_element_get_static_pad (out, "src_0") : NULL;

      add_uint_member (b, "bytes", uint64_prop (G_OBJECT (pay), "bytes"));
      add_uint_member (b, "reconnects",
          uint64_prop (G_OBJECT (e), "reconnects"));
      add_uint_member (b, "dropped",
          uint64_prop (G_OBJECT (branch), "frames-dropped"));
      add_uint_member (b, "lost", uint64_prop (G_OBJECT (e), "frames-lost"));
      if (branch)
        gst_object_unref (branch);
      if (out)
        gst_object_unref (out);
      if (pay)
        gst_object_unref (pay);
      g_free (out_name);
    } else {
      add_uint_member (b, "missing",
          uint64_prop (G_OBJECT (e), "frames-missing"));
      add_uint_member (b, "reconnects",
          uint64_prop (G_OBJECT (e), "reconnects"));
      add_uint_member (b, "corrupt",
          uint64_prop (G_OBJECT (e), "frames-corrupt"));
      add_uint_member (b, "bytes-skipped",
          uint64_prop (G_OBJECT (e), "bytes-skipped"));
    }
    json_builder_end_object (b);
    root = json_builder_get_root (b);
    gen = json_generator_new ();
    json_generator_set_root (gen, root);
    json = json_generator_to_data (gen, NULL);
    g_mutex_lock (&out_lock);
    fprintf (events_out, "%s\n", json);
    fflush (events_out);
    g_mutex_unlock (&out_lock);
    g_free (json);
    json_node_unref (root);
    g_object_unref (gen);
    g_object_unref (b);
    g_free (link);
    g_value_reset (&item);
  }
  g_value_unset (&item);
  gst_iterator_free (it);
}

static void
print_notes (SlJsonPipeline *d)
{
  guint i;

  for (i = 0; !opt_quiet && i < d->notes->len; i++)
    g_printerr (_ ("note: %s\n"), (gchar *) d->notes->pdata[i]);
}

/* ------------------------------------------------------------------ */
/* Instances */

typedef struct
{
  gint index;
  const gchar *file;
  SlJsonPipeline *desc;
  GstElement *pipeline;
  GSubprocess *proc; /* --isolate: the instance's process */
  guint watch;
  guint timeout_id; /* --timeout */
  guint drain_id;   /* EOS sent: the drain's time limit */
  gint result;      /* -1 pending/running, 0 ok, 1 error */
  gboolean running;
  gboolean draining;
  gboolean killed; /* --isolate: its process was stopped */
  gboolean was_playing;
  gboolean triggered;
  gint64 start, end;
  gchar *error;
  gint frames; /* at the sinks */
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
  guint signals; /* SIGINT/SIGTERM received */
  gboolean interrupted;
  guint progress_id;
  gint stopping;   /* pipelines being set to NULL */
  gchar *self_exe; /* --isolate */
} Pool;

static Pool pool;

static void start_more (void);
static SlJsonPipeline *host_part (const gchar *file, const SlJsonOptions *opts,
    gboolean to_run, GError **error);

/* Setting a pipeline to NULL can wait for streaming threads; it is done
 * away from the main loop, which keeps serving signals and the pool.
 * Each element goes to NULL on its own, sinks first: a stuck streaming
 * thread is released by the flushing of the elements below it before its
 * source is reached (the pipeline's own state change would first take
 * every element to PAUSED, and wait on a source that an EOS being sent
 * holds). */
static gpointer
stop_thread (gpointer data)
{
  GstElement *pipeline = data;
  GstIterator *it = gst_bin_iterate_sorted (GST_BIN (pipeline));
  GPtrArray *children = g_ptr_array_new_with_free_func (gst_object_unref);
  GValue v = G_VALUE_INIT;
  guint i;

  while (gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
    g_ptr_array_add (children, g_value_dup_object (&v));
    g_value_reset (&v);
  }
  g_value_unset (&v);
  gst_iterator_free (it);
  for (i = 0; i < children->len; i++)
    gst_element_set_state (children->pdata[i], GST_STATE_NULL);
  g_ptr_array_unref (children);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  g_atomic_int_dec_and_test (&pool.stopping);
  g_main_context_wakeup (NULL);
  return NULL;
}

static void
finish (Instance *in, gint result, const gchar *error)
{
  if (!in->running)
    return;
  in->running = FALSE;
  in->result = result;
  in->end = g_get_monotonic_time ();
  if (error)
    in->error = g_strdup (error);
  if (in->timeout_id)
    g_source_remove (in->timeout_id);
  if (in->drain_id)
    g_source_remove (in->drain_id);
  in->timeout_id = in->drain_id = 0;
  if (in->proc) {
    /* its process said start, complete or error itself */
    g_clear_object (&in->proc);
  } else {
    emit_link_events (in->index, in->pipeline);
    if (result == 0)
      emit_event ("complete", in->index, GST_ELEMENT_NAME (in->pipeline), NULL,
          NULL);
    g_source_remove (in->watch);
    in->watch = 0;
    gst_bus_set_flushing (GST_ELEMENT_BUS (in->pipeline), TRUE);
    g_atomic_int_inc (&pool.stopping);
    g_thread_unref (g_thread_new ("streamlab-stop", stop_thread, in->pipeline));
    in->pipeline = NULL;
  }
  pool.running--;
  start_more ();
}

static void
send_triggers (Instance *in)
{
  guint i;
  gint k;

  if (in->triggered)
    return;
  in->triggered = TRUE;
  for (i = 0; i < in->desc->nodes->len; i++) {
    SlJsonNodeInfo *ni = in->desc->nodes->pdata[i];
    GstElement *e;

    if (!ni->is_source)
      continue;
    e = gst_bin_get_by_name (GST_BIN (in->pipeline), ni->id);
    if (e && g_signal_lookup ("trigger", G_OBJECT_TYPE (e)))
      for (k = 0; k < (gint) ni->triggers; k++)
        g_signal_emit_by_name (e, "trigger");
    gst_clear_object (&e);
  }
}

/* EOS goes to each source from a thread of its own: a source whose
 * streaming thread is stuck in a push holds its locks, and
 * gst_element_send_event() waits for them (holding the state lock of the
 * element it was given: sent to the pipeline, it would also block the
 * NULL state change that a second signal or the drain time limit makes). */
static gpointer
eos_thread (gpointer data)
{
  GstElement *pipeline = data;
  GstIterator *it = gst_bin_iterate_sources (GST_BIN (pipeline));
  GValue v = G_VALUE_INIT;
  GPtrArray *sources = g_ptr_array_new_with_free_func (gst_object_unref);
  guint i;

  while (gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
    g_ptr_array_add (sources, g_value_dup_object (&v));
    g_value_reset (&v);
  }
  g_value_unset (&v);
  gst_iterator_free (it);
  for (i = 0; i < sources->len; i++)
    gst_element_send_event (sources->pdata[i], gst_event_new_eos ());
  g_ptr_array_unref (sources);
  gst_object_unref (pipeline);
  return NULL;
}

static gboolean
on_drain_timeout (gpointer data)
{
  Instance *in = data;
  gchar *msg = g_strdup_printf (_ ("did not drain within %g s after EOS: "
                                   "stopped"),
      opt_drain_timeout);

  in->drain_id = 0;
  emit_event ("error", in->index, NULL, "message", msg);
  g_printerr (_ ("ERROR (instance %d): %s\n"), in->index, msg);
  if (in->proc) {
    g_free (in->error);
    in->error = g_strdup (msg);
    in->killed = TRUE;
    g_subprocess_force_exit (in->proc);
  } else {
    finish (in, 1, msg);
  }
  g_free (msg);
  return G_SOURCE_REMOVE;
}

/* Asks an instance to end: EOS (SIGTERM to an isolated instance), then
 * at most --drain-timeout seconds. */
static void
drain (Instance *in)
{
  if (!in->running || in->draining)
    return;
  in->draining = TRUE;
  if (in->proc)
    g_subprocess_send_signal (in->proc, SIGTERM);
  else
    g_thread_unref (g_thread_new ("streamlab-eos", eos_thread,
        gst_object_ref (in->pipeline)));
  if (opt_drain_timeout > 0)
    in->drain_id = g_timeout_add ((guint) (opt_drain_timeout * 1000),
        on_drain_timeout, in);
}

static gboolean
on_instance_timeout (gpointer data)
{
  Instance *in = data;

  in->timeout_id = 0;
  if (!opt_quiet && !opt_events)
    g_printerr (_ ("instance %d: time limit of %g s reached, sending EOS\n"),
        in->index, opt_timeout);
  emit_event ("timeout", in->index, NULL, NULL, NULL);
  if (in->error == NULL)
    in->error = g_strdup_printf ("time limit of %g s reached", opt_timeout);
  drain (in);
  return G_SOURCE_REMOVE;
}

/* GST_DEBUG_DUMP_DOT_DIR, as gst-launch-1.0 honours it: a .dot file of
 * the running pipeline at each state change and on error (GStreamer writes
 * nothing when the variable is not set). */
static void
dump_dot (Instance *in, const gchar *what)
{
  gchar *name = g_strdup_printf ("streamlab.%d.%s", in->index, what);

  GST_DEBUG_BIN_TO_DOT_FILE_WITH_TS (GST_BIN (in->pipeline),
      GST_DEBUG_GRAPH_SHOW_ALL, name);
  g_free (name);
}

static void
dump_dot_transition (Instance *in, GstState old, GstState cur)
{
  gchar *what = g_strdup_printf ("%s_%s", gst_element_state_get_name (old),
      gst_element_state_get_name (cur));

  dump_dot (in, what);
  g_free (what);
}

static gboolean
on_bus (GstBus *bus, GstMessage *msg, gpointer user_data)
{
  Instance *in = user_data;

  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_EOS:
      finish (in, 0, NULL);
      break;
    case GST_MESSAGE_ERROR: {
      GError *err = NULL;
      gchar *dbg = NULL, *text;

      gst_message_parse_error (msg, &err, &dbg);
      dump_dot (in, "error");
      text =
          g_strdup_printf ("%s: %s", GST_OBJECT_NAME (msg->src), err->message);
      emit_event ("error", in->index, GST_OBJECT_NAME (msg->src), "message",
          err->message);
      /* runtime errors are printed whatever -q and --events say; the
       * debug details only without them */
      g_printerr (_ ("ERROR (instance %d) from %s: %s\n"), in->index,
          GST_OBJECT_NAME (msg->src), err->message);
      if (!opt_quiet && !opt_events && dbg)
        g_printerr ("%s\n", dbg);
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
          emit_event ("pause", in->index, GST_ELEMENT_NAME (in->pipeline), NULL,
              NULL);
        }
      }
      break;
    case GST_MESSAGE_ELEMENT: {
      const GstStructure *s = gst_message_get_structure (msg);
      const gchar *name = s ? gst_structure_get_name (s) : "";
      const gchar *kind = NULL;

      if (g_strcmp0 (name, SL_RESILIENT_MESSAGE_RESTART) == 0)
        kind = "restart";
      else if (g_strcmp0 (name, SL_RESILIENT_MESSAGE_CIRCUIT) == 0)
        kind = "circuit";
      else if (g_strcmp0 (name, SL_FANOUT_MESSAGE_BACKPRESSURE) == 0)
        kind = "backpressure";
      else if (g_strcmp0 (name, GST_SL_MESSAGE_ALERT) == 0)
        kind = "alert";
      if (kind) {
        gchar *str = gst_structure_to_string (s);

        emit_event (kind, in->index, GST_OBJECT_NAME (msg->src), "details",
            str);
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
on_overrun (GstElement *queue, Instance *in)
{
  gint64 now = g_get_monotonic_time ();

  /* at most one event per instance and second */
  if (now - in->last_backpressure < G_USEC_PER_SEC)
    return;
  in->last_backpressure = now;
  emit_event ("backpressure", in->index, GST_ELEMENT_NAME (queue), NULL, NULL);
}

static GstPadProbeReturn
count_frame (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Instance *in = user_data;

  g_atomic_int_inc (&in->frames);
  return GST_PAD_PROBE_OK;
}

static void
instrument (Instance *in)
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
      gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_frame, in, NULL);
      gst_object_unref (pad);
    }
    gst_object_unref (e);
  }
}

static void
admitted (Instance *in)
{
  in->running = TRUE;
  pool.running++;
  pool.max_running = MAX (pool.max_running, pool.running);
  if (opt_timeout > 0)
    in->timeout_id =
        g_timeout_add ((guint) (opt_timeout * 1000), on_instance_timeout, in);
}

/* --isolate: the instance's process ended */
static void
on_child_exit (GObject *source, GAsyncResult *res, gpointer data)
{
  Instance *in = data;
  GSubprocess *proc = G_SUBPROCESS (source);
  gchar *why = NULL;

  g_subprocess_wait_finish (proc, res, NULL);
  if (in->killed) {
    why = g_strdup (in->error ? in->error : "interrupted");
  } else if (g_subprocess_get_if_signaled (proc)) {
    gint sig = g_subprocess_get_term_sig (proc);

    why = g_strdup_printf (_ ("crashed: its process was killed by signal %d "
                              "(%s)"),
        sig, g_strsignal (sig));
  } else if (g_subprocess_get_exit_status (proc) != 0) {
    why = in->error ? g_strdup (in->error)
                    : g_strdup_printf (_ ("its process exited with status %d"),
                          g_subprocess_get_exit_status (proc));
  }
  if (why && !in->killed && g_subprocess_get_if_signaled (proc)) {
    /* it could not say it */
    emit_event ("error", in->index, NULL, "message", why);
    g_printerr (_ ("ERROR (instance %d): %s\n"), in->index, why);
  }
  finish (in, why ? 1 : 0, why);
  g_free (why);
}

static void
own_process_group (gpointer data)
{
  setpgid (0, 0);
}

static gboolean
start_isolated (Instance *in)
{
  GSubprocessLauncher *l;
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);
  GError *err = NULL;

  g_ptr_array_add (args, g_strdup (pool.self_exe));
  g_ptr_array_add (args, g_strdup ("run"));
  g_ptr_array_add (args, g_strdup_printf ("--instance-index=%d", in->index));
  if (opt_events)
    g_ptr_array_add (args, g_strdup ("--events"));
  if (opt_quiet)
    g_ptr_array_add (args, g_strdup ("--quiet"));
  if (opt_metrics)
    g_ptr_array_add (args, g_strdup ("--metrics"));
  if (opt_allow_any)
    g_ptr_array_add (args, g_strdup ("--allow-any"));
  if (opt_allow)
    g_ptr_array_add (args, g_strdup_printf ("--allow=%s", opt_allow));
  if (opt_deny)
    g_ptr_array_add (args, g_strdup_printf ("--deny=%s", opt_deny));
  if (opt_triggers > 0)
    g_ptr_array_add (args, g_strdup_printf ("--triggers=%d", opt_triggers));
  if (opt_instances > 1)
    g_ptr_array_add (args, g_strdup ("--in-pool"));
  if (opt_host)
    g_ptr_array_add (args, g_strdup_printf ("--host=%s", opt_host));
  /* the time limits are the parent's: it signals the child */
  g_ptr_array_add (args, g_strdup ("--drain-timeout=0"));
  g_ptr_array_add (args, g_strdup ("--"));
  g_ptr_array_add (args, g_strdup (in->file));
  g_ptr_array_add (args, NULL);

  in->start = g_get_monotonic_time ();
  l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  /* its own process group: a terminal's Ctrl-C reaches the parent, which
   * asks each instance to drain */
  g_subprocess_launcher_set_child_setup (l, own_process_group, NULL, NULL);
  in->proc = g_subprocess_launcher_spawnv (l,
      (const gchar *const *) args->pdata, &err);
  g_object_unref (l);
  g_ptr_array_unref (args);
  if (!in->proc) {
    in->result = 1;
    in->error = g_strdup_printf ("cannot start its process: %s", err->message);
    in->end = g_get_monotonic_time ();
    g_error_free (err);
    return FALSE;
  }
  admitted (in);
  g_subprocess_wait_async (in->proc, NULL, on_child_exit, in);
  return TRUE;
}

static gboolean
start_instance (Instance *in)
{
  GError *err = NULL;
  GstBus *bus;

  if (opt_isolate)
    return start_isolated (in);
  in->start = g_get_monotonic_time ();
  if (in->desc->nodes->len == 0) {
    /* an empty graph ends at once (the note says so) */
    in->result = 0;
    in->end = in->start;
    emit_event ("start", in->index, NULL, NULL, NULL);
    emit_event ("complete", in->index, NULL, NULL, NULL);
    return TRUE;
  }
  /* the words of the printed line, parsed as gst-launch-1.0 does */
  in->pipeline = gst_parse_launchv_full ((const gchar **) in->desc->argv, NULL,
      GST_PARSE_FLAG_FATAL_ERRORS, &err);
  if (!in->pipeline) {
    in->result = 1;
    in->error = g_strdup_printf ("%s: %s", in->file, err->message);
    in->end = g_get_monotonic_time ();
    emit_event ("error", in->index, NULL, "message", err->message);
    g_printerr (_ ("ERROR (instance %d): %s\n"), in->index, in->error);
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
  emit_event ("start", in->index, GST_ELEMENT_NAME (in->pipeline), NULL, NULL);
  admitted (in);
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
  if (pool.running == 0 &&
      (pool.interrupted || pool.next >= pool.instances->len))
    g_main_loop_quit (pool.loop);
}

static gboolean
on_signal (gpointer user_data)
{
  guint i;

  pool.signals++;
  if (pool.interrupted) {
    /* second signal: stop without draining */
    if (!opt_quiet && !opt_events)
      g_printerr (_ ("\nInterrupt: stopping\n"));
    for (i = 0; i < pool.instances->len; i++) {
      Instance *in = pool.instances->pdata[i];

      if (in->running && in->proc) {
        in->killed = TRUE;
        g_subprocess_force_exit (in->proc);
      } else if (in->running) {
        finish (in, 1, "interrupted");
      }
    }
    return G_SOURCE_CONTINUE;
  }
  pool.interrupted = TRUE;
  if (!opt_quiet && !opt_events)
    g_printerr (_ ("\nInterrupt: sending EOS, draining...\n"));
  for (i = 0; i < pool.instances->len; i++)
    drain (pool.instances->pdata[i]);
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

    if (in->running && in->proc)
      g_subprocess_send_signal (in->proc, SIGUSR1);
    else if (in->running)
      gst_element_set_state (in->pipeline,
          paused ? GST_STATE_PAUSED : GST_STATE_PLAYING);
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
  g_printerr ("\r");
  g_printerr (_ ("%u running, %u/%u done, %.0f frames, %.0f frames/s, "
                 "%.1f s elapsed "),
      pool.running, done, pool.instances->len, (gdouble) frames,
      elapsed > 0 ? frames / elapsed : 0.0, elapsed);
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

/* Waits for the pipelines being set to NULL, at most @limit_s seconds
 * (0: no limit); FALSE if some are still stuck. */
static gboolean
wait_stopped (gdouble limit_s)
{
  gint64 until = g_get_monotonic_time () + (gint64) (limit_s * 1e6);

  while (g_atomic_int_get (&pool.stopping) > 0) {
    if (limit_s > 0 && g_get_monotonic_time () > until)
      return FALSE;
    g_main_context_iteration (NULL, FALSE);
    g_usleep (10000);
  }
  return TRUE;
}

static gint
cmd_run (gchar **files, const SlJsonOptions *opts)
{
  GPtrArray *descs =
      g_ptr_array_new_with_free_func ((GDestroyNotify) sl_json_pipeline_free);
  gint ret = 0, n_ok = 0, i, j;
  gboolean summary;
  guint k;

  if (opt_instances < 1) {
    g_printerr (_ ("--instances must be at least 1\n"));
    return EXIT_INVALID;
  }
  if (opt_timeout < 0 || opt_drain_timeout < 0) {
    g_printerr (_ ("--timeout and --drain-timeout must not be negative\n"));
    return EXIT_INVALID;
  }
  if (opt_isolate) {
    pool.self_exe = g_file_read_link ("/proc/self/exe", NULL);
    if (!pool.self_exe) {
      g_printerr (_ ("--isolate: cannot find the streamlab program\n"));
      return EXIT_RUNTIME;
    }
  }
  /* validated once, whatever the number of instances */
  for (i = 0; files[i]; i++) {
    GError *err = NULL;
    SlJsonPipeline *d = opt_host
        ? host_part (files[i], opts, TRUE, &err)
        : sl_json_translate_file (files[i], opts, &err);

    if (!d) {
      g_printerr ("%s\n", err->message);
      g_error_free (err);
      g_ptr_array_unref (descs);
      return EXIT_INVALID;
    }
    if (opt_child_index < 0)
      print_notes (d);
    g_ptr_array_add (descs, d);
  }

  pool.loop = g_main_loop_new (NULL, FALSE);
  pool.instances = g_ptr_array_new ();
  for (i = 0; files[i]; i++) {
    for (j = 0; j < opt_instances; j++) {
      Instance *in = g_new0 (Instance, 1);

      in->index =
          opt_child_index >= 0 ? opt_child_index : (gint) pool.instances->len;
      in->file = files[i];
      in->desc = descs->pdata[i];
      in->result = -1;
      g_ptr_array_add (pool.instances, in);
    }
  }
  g_ptr_array_sort (pool.instances, priority_cmp);
  pool.max_concurrent =
      opt_max_concurrent > 0 ? (guint) opt_max_concurrent : pool.instances->len;

  g_unix_signal_add (SIGINT, on_signal, NULL);
  g_unix_signal_add (SIGTERM, on_signal, NULL);
  g_unix_signal_add (SIGUSR1, on_pause_signal, NULL);
  if (!opt_quiet && !opt_events && isatty (STDERR_FILENO) &&
      opt_child_index < 0)
    pool.progress_id = g_timeout_add (500, show_progress, NULL);

  start_more ();
  if (pool.running > 0 || pool.next < pool.instances->len)
    g_main_loop_run (pool.loop);
  if (pool.progress_id) {
    g_source_remove (pool.progress_id);
    g_printerr ("\n");
  }
  /* the pipelines still being set to NULL: a second signal stops
   * waiting for them */
  if (!wait_stopped (opt_drain_timeout > 0 ? opt_drain_timeout : 0)) {
    g_printerr (ngettext ("%d pipeline could not be stopped\n",
                    "%d pipelines could not be stopped\n",
                    g_atomic_int_get (&pool.stopping)),
        g_atomic_int_get (&pool.stopping));
    ret = EXIT_RUNTIME;
  }

  for (k = 0; k < pool.instances->len; k++) {
    Instance *in = pool.instances->pdata[k];

    if (in->result == 0)
      n_ok++;
    else if (in->result > 0 || !pool.interrupted)
      /* failed, or never started although nothing interrupted the pool */
      ret = EXIT_RUNTIME;
  }
  summary = !opt_quiet && !opt_events && opt_child_index < 0 &&
      (pool.instances->len > 1 || ret || opt_isolate);
  if (summary) {
    for (k = 0; k < pool.instances->len; k++) {
      Instance *in = pool.instances->pdata[k];

      if (in->result == 0)
        g_printerr (_ ("instance %d (%s): ok, %.1f ms\n"), in->index, in->file,
            (in->end - in->start) / 1e3);
      else if (in->result > 0)
        g_printerr (_ ("instance %d (%s): error: %s\n"), in->index, in->file,
            in->error);
      else
        g_printerr (_ ("instance %d (%s): not started\n"), in->index, in->file);
    }
    g_printerr (_ ("%d/%u instances completed, at most %u at once\n"), n_ok,
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
  g_free (pool.self_exe);
  return ret;
}

/* ------------------------------------------------------------------ */
/* translate, validate, plan, inspect */

/* The part of --host's host in @file, or NULL with @error set. The link
 * elements are streamlab's own, so `plan` prints any part; running one
 * whose links use the network needs the sandbox lifted (--allow-any, or
 * --allow naming slsend and slreceive). */
static SlJsonPipeline *
host_part (const gchar *file, const SlJsonOptions *opts, gboolean to_run,
    GError **error)
{
  SlJsonPlan *plan = sl_json_plan_file (file, opts, error);
  SlJsonPart *part;
  SlJsonPipeline *d;
  GString *known;
  guint i;

  if (!plan)
    return NULL;
  part = sl_json_plan_get_part (plan, opt_host);
  if (part && part->pipeline && to_run && opts->sandbox &&
      plan->links->len > 0 &&
      !(opts->allow &&
          g_strv_contains ((const gchar *const *) opts->allow, "slsend") &&
          g_strv_contains ((const gchar *const *) opts->allow, "slreceive"))) {
    g_set_error (error, SL_JSON_ERROR, SL_JSON_ERROR_DENIED,
        _ ("%s: the links between hosts use the network, which the sandbox "
           "refuses: run the parts with --allow-any"),
        file);
    sl_json_plan_free (plan);
    return NULL;
  }
  if (part && part->pipeline) {
    d = part->pipeline;
    part->pipeline = NULL;
    sl_json_plan_free (plan);
    return d;
  }
  known = g_string_new (NULL);
  for (i = 0; i < plan->parts->len; i++) {
    SlJsonPart *p = plan->parts->pdata[i];

    if (p->host)
      g_string_append_printf (known, "%s%s", known->len ? ", " : "", p->host);
  }
  if (known->len)
    g_set_error (error, SL_JSON_ERROR, SL_JSON_ERROR_VALUE,
        _ ("%s: no host '%s' (its hosts: %s)"), file, opt_host, known->str);
  else
    g_set_error (error, SL_JSON_ERROR, SL_JSON_ERROR_VALUE,
        _ ("%s: --host %s: the description places no node on a host"), file,
        opt_host);
  g_string_free (known, TRUE);
  sl_json_plan_free (plan);
  return NULL;
}

static gint
cmd_plan (gchar **files, const SlJsonOptions *opts)
{
  gint i, ret = 0;
  guint k;

  for (i = 0; files[i]; i++) {
    GError *err = NULL;
    SlJsonPlan *plan;

    if (opt_host) {
      SlJsonPipeline *d = host_part (files[i], opts, FALSE, &err);

      if (!d) {
        g_printerr ("%s\n", err->message);
        g_error_free (err);
        ret = EXIT_INVALID;
        continue;
      }
      print_notes (d);
      g_print ("%s\n", d->line);
      sl_json_pipeline_free (d);
      continue;
    }
    plan = sl_json_plan_file (files[i], opts, &err);
    if (!plan) {
      g_printerr ("%s\n", err->message);
      g_error_free (err);
      ret = EXIT_INVALID;
      continue;
    }
    for (k = 0; k < plan->parts->len; k++) {
      SlJsonPart *p = plan->parts->pdata[k];

      print_notes (p->pipeline);
      if (p->host)
        g_print (_ ("# host %s (listens on %s): streamlab run --host %s "
                    "%s\n"),
            p->host, p->address, p->host, files[i]);
      else
        g_print (_ ("# one part (no node names a host)\n"));
      g_print ("gst-launch-1.0 %s\n\n", p->pipeline->line);
    }
    if (plan->links->len)
      g_print (_ ("# links\n"));
    for (k = 0; k < plan->links->len; k++) {
      SlJsonLink *l = plan->links->pdata[k];

      /* a passphrase is never printed, only that there is one */
      g_print (_ ("# %s (connections[%u]): %s on %s -> %s on %s, %s to %s"),
          l->name, l->connection, l->from, l->from_host, l->to, l->to_host,
          l->transport, l->address);
      if (l->latency)
        g_print (_ (", latency %d ms"), l->latency);
      g_print (_ (", policy %s%s\n"), l->policy,
          l->encrypted ? _ (", encrypted") : "");
    }
    sl_json_plan_free (plan);
  }
  return ret;
}

static gint
cmd_translate (gchar **files, const SlJsonOptions *opts, gboolean print)
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
    print_notes (d);
    if (print)
      g_print ("%s\n", d->line);
    else
      g_print (ngettext ("%s: valid (%u node)\n", "%s: valid (%u nodes)\n",
                   d->nodes->len),
          files[i], d->nodes->len);
    sl_json_pipeline_free (d);
  }
  return ret;
}

static void
print_pspec (GParamSpec *p)
{
  GValue def = G_VALUE_INIT;
  gchar *defs = NULL;
  GType t = G_PARAM_SPEC_VALUE_TYPE (p);

  g_value_init (&def, t);
  g_param_value_set_default (p, &def);
  if (G_VALUE_HOLDS_STRING (&def))
    defs = g_strdup (g_value_get_string (&def) ? g_value_get_string (&def)
                                               : "null");
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
  g_print (" default %s\n      %s\n", defs ? defs : "-",
      g_param_spec_get_blurb (p));
  g_free (defs);
  g_value_unset (&def);
}

/* streamlab graph FILE -o OUT: the description drawn by graphviz */
static gint
cmd_graph (const gchar *file, const SlJsonOptions *opts)
{
  GError *err = NULL;
  SlJsonPipeline *d;
  gchar *dot;
  gint ret = 0;

  if (opt_output == NULL) {
    g_printerr (_ ("graph: give the picture to write with -o FILE.svg "
                   "(or .png, .pdf, .dot)\n"));
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
    g_printerr (_ ("graph: %s\n"), err->message);
    g_error_free (err);
    ret = EXIT_RUNTIME;
  }
  g_free (dot);
  sl_json_pipeline_free (d);
  return ret;
}

static gint
cmd_inspect (const gchar *type)
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
    g_print (_ ("Node types (aliases):\n"));
    for (a = sl_json_aliases (); a->alias; a++) {
      ef = gst_element_factory_find (a->factory);
      g_print ("  %-20s -> %s%s\n", a->alias, a->factory,
          ef ? ""
              : a->fallback
              ? _ (" (not installed; falls back to the stock element)")
              : _ (" (not installed)"));
      if (ef)
        gst_object_unref (ef);
    }
    g_print (_ ("\nAny installed element factory is a node type too "
                "(gst-inspect-1.0 lists them).\n"));
    return 0;
  }
  for (a = sl_json_aliases (); a->alias; a++)
    if (!strcmp (a->alias, type))
      factory = a->factory;
  ef = gst_element_factory_find (factory);
  if (!ef) {
    g_printerr (_ ("unknown type '%s'\n"), type);
    return EXIT_INVALID;
  }
  loaded = gst_plugin_feature_load (GST_PLUGIN_FEATURE (ef));
  gst_object_unref (ef);
  if (!loaded)
    return EXIT_RUNTIME;
  ef = GST_ELEMENT_FACTORY (loaded);
  g_print (_ ("%s: element %s — %s\n"), type, factory,
      gst_element_factory_get_metadata (ef, GST_ELEMENT_METADATA_DESCRIPTION));
  g_print (_ ("Config keys mapped from StreamLab:\n"));
  for (m = sl_json_key_maps (); m->key; m++)
    if (!strcmp (m->alias_factory, factory))
      g_print ("  %-24s -> %s: %s\n", m->key, m->target, m->doc);
  g_print (_ ("Config keys (properties; '_' may replace '-'):\n"));
  oc = g_type_class_ref (gst_element_factory_get_element_type (ef));
  specs = g_object_class_list_properties (oc, &n);
  for (i = 0; i < n; i++)
    if ((specs[i]->flags & G_PARAM_WRITABLE) &&
        strcmp (specs[i]->name, "name") && strcmp (specs[i]->name, "parent"))
      print_pspec (specs[i]);
  g_free (specs);
  g_type_class_unref (oc);
  gst_object_unref (ef);
  return 0;
}

/* ------------------------------------------------------------------ */
/* Command line */

typedef struct
{
  const gchar *name;
  const gchar *params; /* after "streamlab [OPTION...]" */
  const gchar *summary;
} Command;

static const Command commands[] = {
  { "run", N_ ("run FILE... — run JSON pipeline descriptions"),
      N_ ("Validates every description, then runs them: several instances "
          "of each with --instances (a pool), at most --max-concurrent at "
          "once, admitted in the order of their priority.\n\n"
          "Exit codes: 0 every pipeline reached EOS (or drained after "
          "SIGINT/SIGTERM), 1 a runtime error, 2 an invalid description.\n"
          "SIGINT/SIGTERM: EOS, drain, exit (a second one stops at once). "
          "SIGUSR1: pause / resume.") },
  { "translate",
      N_ ("translate FILE... — print the gst-launch line of each "
          "description"),
      N_ ("The line is written as shell words: "
          "eval \"gst-launch-1.0 $(streamlab translate FILE)\" runs it.\n\n"
          "Exit codes: 0 success, 2 an invalid description.") },
  { "validate", N_ ("validate FILE... — check descriptions"),
      N_ ("Prints \"FILE: valid (N nodes)\" or why FILE is invalid.\n\n"
          "Exit codes: 0 every description is valid, 2 otherwise.") },
  { "plan",
      N_ ("plan FILE... — the part of each host and the links between "
          "them"),
      N_ ("For a description whose nodes name a host: each host's "
          "gst-launch line (run by `streamlab run --host NAME FILE`, or by "
          "gst-launch-1.0 unchanged) and the links between the parts. "
          "With --host NAME: only that part's line, as shell words.\n\n"
          "Exit codes: 0 success, 2 an invalid description.") },
  { "inspect", N_ ("inspect [TYPE] — node types, or the config keys of TYPE"),
      N_ ("Without TYPE: the node types (aliases) and the elements they map "
          "to. With TYPE: its config keys, their types, ranges and "
          "defaults.") },
  { "graph", N_ ("graph FILE -o OUT — draw a description"),
      N_ ("Draws the description with graphviz: sources, sinks and fanout "
          "nodes by shape and colour, connections labelled with their "
          "capacity and policy, resilient nodes doubled. OUT ends in .svg, "
          ".png, .pdf or .dot.\n\n"
          "Exit codes: 0 success, 1 graphviz failed, 2 an invalid "
          "description.") },
  { "schema", N_ ("schema — the JSON Schema of descriptions"),
      N_ ("Prints the JSON Schema of descriptions, generated from the "
          "translator's tables and the installed elements.") },
  { NULL, NULL, NULL }
};

/* GStreamer's options that take no value (the others take one) */
static const gchar *gst_flag_options[] = { "gst-version", "gst-fatal-warnings",
  "gst-debug-help", "gst-debug-no-color", "gst-disable-debug",
  "gst-plugin-spew", "gst-disable-segtrap", "gst-disable-registry-update",
  "gst-disable-registry-fork", NULL };

static gboolean
option_takes_value (const gchar *arg)
{
  const GOptionEntry *e;

  if (arg[1] == '-') {
    const gchar *name = arg + 2;

    for (e = entries; e->long_name; e++)
      if (!strcmp (e->long_name, name))
        return e->arg != G_OPTION_ARG_NONE &&
            !(e->flags & G_OPTION_FLAG_NO_ARG);
    return g_str_has_prefix (name, "gst-") &&
        !g_strv_contains (gst_flag_options, name);
  }
  /* -n 3 (not -n3) */
  for (e = entries; e->long_name; e++)
    if (e->short_name && e->short_name == arg[1])
      return arg[2] == '\0' && e->arg != G_OPTION_ARG_NONE &&
          !(e->flags & G_OPTION_FLAG_NO_ARG);
  return FALSE;
}

/* The command: the first word that is neither an option nor an option's
 * value (options may come before and after it). */
static const Command *
find_command (gint argc, gchar **argv)
{
  const Command *c;
  gint i;

  for (i = 1; i < argc; i++) {
    const gchar *a = argv[i];

    if (!strcmp (a, "--")) {
      a = i + 1 < argc ? argv[i + 1] : "";
    } else if (a[0] == '-' && a[1] != '\0') {
      if (!strchr (a, '=') && option_takes_value (a))
        i++;
      continue;
    }
    for (c = commands; c->name; c++)
      if (!strcmp (c->name, a))
        return c;
    return NULL;
  }
  return NULL;
}

/* The options: ours (those of another command hidden from @cmd's --help,
 * still accepted) and GStreamer's group (--gst-debug-level, ...). */
static GOptionContext *
make_context (const Command *cmd)
{
  GOptionContext *ctx;
  GOptionEntry *shown;
  GString *summary;
  guint n, i;

  if (cmd) {
    ctx = g_option_context_new (_ (cmd->params));
    g_option_context_set_summary (ctx, _ (cmd->summary));
  } else {
    const Command *c;

    ctx = g_option_context_new (_ ("COMMAND [FILE...] — JSON pipelines on "
                                   "GStreamer"));
    summary = g_string_new (_ ("Commands:"));
    for (c = commands; c->name; c++)
      g_string_append_printf (summary, "\n  %s", _ (c->params));
    g_string_append_printf (summary, "\n\n%s",
        _ ("streamlab COMMAND --help shows the options of COMMAND.\n"
           "Exit codes: 0 success, 1 runtime error, 2 invalid "
           "description."));
    g_option_context_set_summary (ctx, summary->str);
    g_string_free (summary, TRUE);
  }
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);

  for (n = 0; entries[n].long_name; n++)
    ;
  shown = g_new0 (GOptionEntry, n + 1);
  memcpy (shown, entries, n * sizeof (GOptionEntry));
  for (i = 0; cmd && i < n; i++) {
    const gchar *d = shown[i].description;
    const gchar *colon = d ? strstr (d, ": ") : NULL;
    const Command *c;

    for (c = commands; colon && c->name; c++) {
      if ((gsize) (colon - d) != strlen (c->name) ||
          strncmp (d, c->name, colon - d))
        continue;
      if (c != cmd) {
        shown[i].flags |= G_OPTION_FLAG_HIDDEN;
      } else {
        /* in run's help, "run: " goes without saying (translations
         * keep the prefix) */
        const gchar *t = _ (d);

        if (g_str_has_prefix (t, d) || !strncmp (t, d, colon + 2 - d))
          shown[i].description = t + (colon + 2 - d);
      }
    }
  }
  g_option_context_add_main_entries (ctx, shown, GETTEXT_PACKAGE);
  g_free (shown);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  return ctx;
}

static void
usage (GOptionContext *ctx)
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
  SlJsonOptions opts = {
    0,
  };
  const gchar *cmd;
  gint ret;

  /* messages in the user's language and charset (file names, quotes) */
  setlocale (LC_ALL, "");
#ifdef ENABLE_NLS
  {
    /* STREAMLAB_LOCALEDIR: the translations of an uninstalled build */
    const gchar *dir = g_getenv ("STREAMLAB_LOCALEDIR");

    bindtextdomain (GETTEXT_PACKAGE, dir && *dir ? dir : LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);
  }
#endif

  /* GStreamer is initialised by its option group, at the end of the
   * parsing (after --metrics has named the tracer) */
  ctx = make_context (find_command (argc, argv));
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("%s\n", err->message);
    g_error_free (err);
    g_option_context_free (ctx);
    return EXIT_INVALID;
  }
  if (opt_version) {
    gchar *gst = gst_version_string ();

    g_print ("streamlab (gst-streamlab) %s\n%s\n", PACKAGE_VERSION, gst);
    g_free (gst);
    g_option_context_free (ctx);
    return 0;
  }
  if (argc < 2) {
    usage (ctx);
    g_option_context_free (ctx);
    return EXIT_INVALID;
  }
  cmd = argv[1];
  if (opt_dashboard && opt_isolate) {
    g_printerr (_ ("--dashboard shows the pipelines of this process: it "
                   "cannot be used with --isolate\n"));
    g_option_context_free (ctx);
    return EXIT_INVALID;
  }
  if (!open_events ()) {
    g_option_context_free (ctx);
    return EXIT_INVALID;
  }

  gst_init (NULL, NULL);
  t0 = g_get_monotonic_time ();

  if (opt_allow)
    opts.allow = g_strsplit (opt_allow, ",", -1);
  if (opt_deny)
    opts.deny = g_strsplit (opt_deny, ",", -1);
  /* secure by default: --allow-any lifts the sandbox, --allow names the
   * factories allowed */
  opts.sandbox = !opt_allow_any;
  opts.triggers = opt_triggers > 0 ? opt_triggers : 0;
  /* StreamLab's pool executes one trigger per instance */
  opts.trigger_once = opt_instances > 1 || opt_in_pool;

  if (!strcmp (cmd, "inspect")) {
    ret = cmd_inspect (argc > 2 ? argv[2] : NULL);
  } else if (!strcmp (cmd, "schema")) {
    gchar *schema = sl_json_schema ();

    g_print ("%s\n", schema);
    g_free (schema);
    ret = 0;
  } else if (argc < 3) {
    usage (ctx);
    ret = EXIT_INVALID;
  } else if (!strcmp (cmd, "run")) {
    ret = cmd_run (argv + 2, &opts);
  } else if (!strcmp (cmd, "translate")) {
    ret = cmd_translate (argv + 2, &opts, TRUE);
  } else if (!strcmp (cmd, "validate")) {
    ret = cmd_translate (argv + 2, &opts, FALSE);
  } else if (!strcmp (cmd, "graph")) {
    ret = cmd_graph (argv[2], &opts);
  } else if (!strcmp (cmd, "plan")) {
    ret = cmd_plan (argv + 2, &opts);
  } else {
    g_printerr (_ ("unknown command '%s'\n"), cmd);
    usage (ctx);
    ret = EXIT_INVALID;
  }
  g_strfreev (opts.allow);
  g_strfreev (opts.deny);
  g_option_context_free (ctx);
  return ret;
}
