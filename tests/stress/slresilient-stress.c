/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Stress test of slresilient (suite `stress`): every error policy x restart
 * strategy x 1/10/50/100 % errors (slchaos), stalls released by the
 * timeout, ERROR messages the child posts from another thread, storms of
 * flushing seeks, and EOS sent while retries, restarts and stalls are in
 * progress. Each run must end (EOS, or the child's error with propagate)
 * within a time limit, and at the end:
 *
 *   frames-in = frames-out + frames-skipped + frames-dead-lettered
 *               + frames-absorbed + frames-flushed + frames-failed
 *
 * frames-out equals the frames the src sink rendered (its own handoff
 * count), frames-dead-lettered the frames the deadletter sink rendered
 * (runs without flushes; a flush may empty the deadletter queue), no
 * sequence id comes out twice or on both pads, and without flushes every
 * frame of the source is accounted for.
 *
 * SL_STRESS_SCALE (default 1) multiplies the frames per run and the number
 * of seeks; a release runs it with SL_STRESS_SCALE=20 or more. SL_STRESS_SEED
 * changes the fault draws. Exit status 0 when every run passes. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gst/gst.h>

#include "gstslmeta.h"
#include "gstslresilient.h"

typedef enum
{
  FAMILY_MATRIX,      /* errors at a rate */
  FAMILY_STALL,       /* stalls at a rate, timeout-ms releases */
  FAMILY_ASYNC,       /* ERROR messages from another thread */
  FAMILY_SEEKS,       /* flushing seeks during retries/restarts */
  FAMILY_EOS,         /* EOS sent to the pipeline mid-stream */
  FAMILY_EOS_ELEMENT, /* EOS sent to slresilient in a long wait */
} Family;

static const gchar *family_names[] = { "matrix", "stall", "async", "seeks",
  "eos", "eos-element" };

typedef struct
{
  Family family;
  const gchar *policy;
  const gchar *restart;
  gdouble rate;
  guint frames;
} Case;

typedef struct
{
  GMutex lock;
  guint64 out, dl, dup, both;
  guint n; /* size of the maps */
  guint8 *seen_out, *seen_dl;
  GCond cond;
  guint32 eos_out, eos_dl; /* seqnum of the last EOS each sink got */
} Sinks;

static guint scale = 1;
static guint seed = 1;
static guint failures = 0;
static gint only = -1;

static void
on_handoff (GstElement *sink, GstBuffer *buf, GstPad *pad, gpointer data)
{
  Sinks *k = data;
  gboolean is_dl = g_strcmp0 (GST_ELEMENT_NAME (sink), "dl") == 0;
  guint64 seq;

  g_mutex_lock (&k->lock);
  if (is_dl)
    k->dl++;
  else
    k->out++;
  if (gst_sl_buffer_get_seq (buf, &seq) && seq < k->n) {
    guint8 *mine = is_dl ? k->seen_dl : k->seen_out;
    guint8 *other = is_dl ? k->seen_out : k->seen_dl;

    if (mine[seq])
      k->dup++;
    if (other[seq])
      k->both++;
    mine[seq] = 1;
  }
  g_mutex_unlock (&k->lock);
}

static GstPadProbeReturn
on_event (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  Sinks *k = data;
  GstEvent *ev = GST_PAD_PROBE_INFO_EVENT (info);

  if (GST_EVENT_TYPE (ev) == GST_EVENT_EOS) {
    GstElement *sink = gst_pad_get_parent_element (pad);

    g_mutex_lock (&k->lock);
    if (g_strcmp0 (GST_ELEMENT_NAME (sink), "dl") == 0)
      k->eos_dl = gst_event_get_seqnum (ev);
    else
      k->eos_out = gst_event_get_seqnum (ev);
    g_cond_broadcast (&k->cond);
    g_mutex_unlock (&k->lock);
    gst_object_unref (sink);
  }
  return GST_PAD_PROBE_OK;
}

static void
connect_sink (GstElement *pipeline, const gchar *name, Sinks *k)
{
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), name);
  GstPad *pad = gst_element_get_static_pad (sink, "sink");

  g_object_set (sink, "signal-handoffs", TRUE, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), k);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_event, k,
      NULL);
  gst_object_unref (pad);
  gst_object_unref (sink);
}

/* After flushing seeks the pipeline's own EOS message is not reliable
 * (GstBin may skip it while it prerolls again): wait until both sinks got
 * the EOS that follows the last seek. */
static gboolean
wait_sinks_eos (Sinks *k, guint32 seqnum, GstClockTime limit)
{
  gint64 end = g_get_monotonic_time () + limit / GST_USECOND;
  gboolean ok = TRUE;

  g_mutex_lock (&k->lock);
  while (ok && (k->eos_out != seqnum || k->eos_dl != seqnum))
    ok = g_cond_wait_until (&k->cond, &k->lock, end);
  g_mutex_unlock (&k->lock);
  return ok;
}

/* A hang: show where every thread is, then stop. */
static void
dump_and_abort (void)
{
  gchar *cmd = g_strdup_printf ("gdb -p %d -batch -ex 'thread apply all bt'",
      (int) getpid ());
  gchar *out = NULL;

  if (g_spawn_command_line_sync (cmd, &out, NULL, NULL, NULL))
    g_printerr ("%s\n", out);
  g_free (out);
  g_free (cmd);
  g_printerr ("aborting: the pipeline is stuck\n");
  abort ();
}

static guint64
stat (GstElement *r, const gchar *field)
{
  GstStructure *s;
  guint64 v = 0;

  g_object_get (r, "stats", &s, NULL);
  if (!gst_structure_get_uint64 (s, field, &v)) {
    g_printerr ("no stats field %s\n", field);
    exit (1);
  }
  gst_structure_free (s);
  return v;
}

/* ERROR messages posted by the child from another thread */
typedef struct
{
  GstElement *child;
  gint stop;
  guint posted;
} Poster;

static gpointer
poster_func (gpointer data)
{
  Poster *p = data;
  GRand *rand = g_rand_new_with_seed (seed);

  while (!g_atomic_int_get (&p->stop)) {
    GError *err = g_error_new (GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "asynchronous failure %u", p->posted);

    gst_element_post_message (p->child,
        gst_message_new_error (GST_OBJECT (p->child), err, "stress"));
    g_error_free (err);
    p->posted++;
    g_usleep (g_rand_int_range (rand, 50, 500));
  }
  g_rand_free (rand);
  return NULL;
}

#define FAIL(c, ...) \
  G_STMT_START \
    { \
      gchar *_m = g_strdup_printf (__VA_ARGS__); \
      g_printerr ("FAIL %s policy=%s restart=%s rate=%g: %s\n", \
          family_names[(c)->family], (c)->policy, (c)->restart, (c)->rate, \
          _m); \
      g_free (_m); \
      ok = FALSE; \
    } \
  G_STMT_END

/* Pops the message that ends the run: EOS or ERROR; NULL after @limit. */
static GstMessage *
wait_end (GstBus *bus, GstClockTime limit)
{
  return gst_bus_timed_pop_filtered (bus, limit,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
}

/* Dumps the threads and aborts if a run outlives its limit, wherever the
 * test thread is stuck (in a seek, a state change, ...). */
typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean done;
  GstClockTime limit;
} Guard;

static gpointer
guard_func (gpointer data)
{
  Guard *g = data;
  gint64 end = g_get_monotonic_time () + g->limit / GST_USECOND;
  gboolean done;

  g_mutex_lock (&g->lock);
  while (!g->done && g_cond_wait_until (&g->cond, &g->lock, end))
    ;
  done = g->done;
  g_mutex_unlock (&g->lock);
  if (!done) {
    g_printerr ("FAIL: the run did not end within %" GST_TIME_FORMAT "\n",
        GST_TIME_ARGS (g->limit));
    dump_and_abort ();
  }
  return NULL;
}

static gboolean
run_case (const Case *c)
{
  GString *props = g_string_new (NULL);
  gchar *desc;
  GstElement *pipeline, *r, *chaos;
  GstBus *bus;
  GstMessage *msg;
  GError *err = NULL;
  Sinks k = {
    0,
  };
  Poster poster = { NULL, 0, 0 };
  GThread *poster_thread = NULL;
  guint32 final_seqnum = GST_SEQNUM_INVALID;
  gboolean ok = TRUE, flushes = FALSE, propagate;
  guint64 in, out, skipped, dead, absorbed, flushed, failed, errors, injected,
      defaulted;
  GstClockTime limit = 60 * GST_SECOND * MIN (scale, 10);
  gint64 t0 = g_get_monotonic_time ();

  Guard guard = {
    0,
  };
  GThread *guard_thread;

  g_mutex_init (&guard.lock);
  g_cond_init (&guard.cond);
  guard.limit = limit + 10 * GST_SECOND;
  guard_thread = g_thread_new ("guard", guard_func, &guard);

  propagate = strcmp (c->policy, "propagate") == 0;
  g_string_append_printf (props,
      "error-policy=%s restart=%s "
      "restart-base-ms=1 restart-max-ms=4 failure-threshold=3 "
      "failure-window-ms=50 circuit-timeout-ms=5",
      c->policy, c->restart);
  if (c->family == FAMILY_STALL || c->family == FAMILY_EOS)
    g_string_append (props, " timeout-ms=20");
  if (c->family == FAMILY_SEEKS || c->family == FAMILY_EOS)
    g_string_append (props, " retry-delay-ms=1");
  if (c->family == FAMILY_EOS_ELEMENT)
    g_string_append (props, " retry-delay-ms=600000 max-retries=3");

  desc = g_strdup_printf (
      "slsinesrc num-buffers=%u samplesperbuffer=64 ! "
      "slresilient.( name=r %s slchaos name=c mode=%s probability=%g "
      "seed=%u %s) ! fakesink name=out r.deadletter ! queue ! "
      "fakesink name=dl %s",
      c->frames, props->str, c->family == FAMILY_STALL ? "stall" : "error",
      c->rate, seed,
      c->family == FAMILY_EOS ? "! slchaos mode=stall probability=0.05 " : "",
      /* two async sinks behind a split stop GstBin (1.22) from going back
       * to PLAYING under a storm of flushing seeks, with a stock tee and
       * queue as well: the deadletter sink does not take part in the
       * pipeline's state there */
      c->family == FAMILY_SEEKS ? "async=false" : "");
  g_string_free (props, TRUE);
  pipeline = gst_parse_launch (desc, &err);
  if (pipeline == NULL) {
    g_printerr ("%s: %s\n", desc, err->message);
    exit (1);
  }

  g_mutex_init (&k.lock);
  g_cond_init (&k.cond);
  k.n = c->frames;
  k.seen_out = g_new0 (guint8, k.n);
  k.seen_dl = g_new0 (guint8, k.n);
  connect_sink (pipeline, "out", &k);
  connect_sink (pipeline, "dl", &k);
  r = gst_bin_get_by_name (GST_BIN (pipeline), "r");
  chaos = gst_bin_get_by_name (GST_BIN (pipeline), "c");
  bus = gst_element_get_bus (pipeline);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  if (c->family == FAMILY_ASYNC) {
    /* once slresilient streams: before, a child's error stops the start */
    gst_element_get_state (pipeline, NULL, NULL, 10 * GST_SECOND);
    poster.child = chaos;
    poster_thread = g_thread_new ("poster", poster_func, &poster);
  }

  if (c->family == FAMILY_SEEKS) {
    guint i, n = 100 * scale;
    GRand *rand = g_rand_new_with_seed (seed);

    flushes = TRUE;
    gst_element_get_state (pipeline, NULL, NULL, 10 * GST_SECOND);
    for (i = 0; i < n; i++) {
      GstEvent *seek =
          gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH,
              GST_SEEK_TYPE_SET, g_rand_int_range (rand, 0, 50) * GST_MSECOND,
              GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE);

      if (i + 1 == n)
        final_seqnum = gst_event_get_seqnum (seek);
      gst_element_send_event (pipeline, seek);
      g_usleep (g_rand_int_range (rand, 0, 2000));
    }
    g_rand_free (rand);
  } else if (c->family == FAMILY_EOS) {
    /* not while prerolling: gst_element_send_event() holds the pipeline's
     * state lock while the source waits for its streaming thread, which a
     * prerolled sink holds until the pipeline, needing that lock, goes to
     * PLAYING (a deadlock with any elements) */
    gst_element_get_state (pipeline, NULL, NULL, 10 * GST_SECOND);
    g_usleep (2000);
    gst_element_send_event (pipeline, gst_event_new_eos ());
  } else if (c->family == FAMILY_EOS_ELEMENT) {
    /* the first failure waits in a 10-minute retry delay (the pipeline
     * cannot preroll meanwhile) */
    g_usleep (50 * 1000);
    gst_element_send_event (r, gst_event_new_eos ());
  }

  if (final_seqnum != GST_SEQNUM_INVALID) {
    if (!wait_sinks_eos (&k, final_seqnum, limit)) {
      FAIL (c, "no EOS after the last seek within %" GST_TIME_FORMAT ": %s",
          GST_TIME_ARGS (limit), desc);
      dump_and_abort ();
    }
    msg = gst_message_new_eos (NULL);
  } else {
    msg = wait_end (bus, limit);
  }
  if (msg == NULL) {
    FAIL (c, "no EOS within %" GST_TIME_FORMAT ": %s", GST_TIME_ARGS (limit),
        desc);
    /* a hang: setting NULL might hang too */
    dump_and_abort ();
  }
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR && !propagate) {
    GError *e = NULL;
    gchar *dbg = NULL;

    gst_message_parse_error (msg, &e, &dbg);
    FAIL (c, "error instead of EOS: %s (%s)", e->message, dbg);
    g_error_free (e);
    g_free (dbg);
  }
  gst_message_unref (msg);

  if (poster_thread) {
    g_atomic_int_set (&poster.stop, 1);
    g_thread_join (poster_thread);
  }
  /* with propagate the pipeline may still be stopping: stop it first */
  if (propagate)
    gst_element_set_state (pipeline, GST_STATE_READY);

  in = stat (r, "frames-in");
  out = stat (r, "frames-out");
  skipped = stat (r, "frames-skipped");
  dead = stat (r, "frames-dead-lettered");
  absorbed = stat (r, "frames-absorbed");
  flushed = stat (r, "frames-flushed");
  failed = stat (r, "frames-failed");
  errors = stat (r, "errors");
  defaulted = stat (r, "frames-defaulted");
  g_object_get (chaos, "injected", &injected, NULL);

  if (in != out + skipped + dead + absorbed + flushed + failed)
    FAIL (c,
        "identity: in %" G_GUINT64_FORMAT " != out %" G_GUINT64_FORMAT
        " + skipped %" G_GUINT64_FORMAT " + dead-lettered %" G_GUINT64_FORMAT
        " + absorbed %" G_GUINT64_FORMAT " + flushed %" G_GUINT64_FORMAT
        " + failed %" G_GUINT64_FORMAT,
        in, out, skipped, dead, absorbed, flushed, failed);
  if (!propagate && out != k.out)
    FAIL (c,
        "frames-out %" G_GUINT64_FORMAT
        " but the src sink rendered %" G_GUINT64_FORMAT,
        out, k.out);
  if (!propagate && !flushes && dead != k.dl)
    FAIL (c,
        "frames-dead-lettered %" G_GUINT64_FORMAT " but the "
        "deadletter sink rendered %" G_GUINT64_FORMAT,
        dead, k.dl);
  if (k.dl > dead)
    FAIL (c,
        "the deadletter sink rendered %" G_GUINT64_FORMAT
        " > %" G_GUINT64_FORMAT,
        k.dl, dead);
  if (!flushes && k.dup)
    FAIL (c, "%" G_GUINT64_FORMAT " duplicate seqs", k.dup);
  if (k.both)
    FAIL (c, "%" G_GUINT64_FORMAT " seqs on both pads", k.both);
  if (c->family == FAMILY_MATRIX && !propagate) {
    if (in != c->frames)
      FAIL (c, "frames-in %" G_GUINT64_FORMAT " of %u", in, c->frames);
    if (flushed || failed)
      FAIL (c, "flushed %" G_GUINT64_FORMAT " failed %" G_GUINT64_FORMAT,
          flushed, failed);
    if (errors != injected)
      FAIL (c, "errors %" G_GUINT64_FORMAT " != injected %" G_GUINT64_FORMAT,
          errors, injected);
    if (strcmp (c->policy, "use-default") == 0 && out != c->frames)
      FAIL (c, "use-default: %" G_GUINT64_FORMAT " out of %u", out, c->frames);
  }
  if (c->family == FAMILY_ASYNC && strcmp (c->policy, "use-default") == 0 &&
      (out != c->frames || defaulted > out))
    FAIL (c,
        "use-default with asynchronous errors: %" G_GUINT64_FORMAT " out of %u",
        out, c->frames);

  g_print ("%-5s %-11s %-8s %-15s rate %-4g in %4" G_GUINT64_FORMAT
           " out %4" G_GUINT64_FORMAT " skip %4" G_GUINT64_FORMAT
           " dl %4" G_GUINT64_FORMAT " flushed %3" G_GUINT64_FORMAT
           " failed %3" G_GUINT64_FORMAT " errors %4" G_GUINT64_FORMAT
           " %5.0f ms\n",
      ok ? "ok" : "FAIL", family_names[c->family], c->policy, c->restart,
      c->rate, in, out, skipped, dead, flushed, failed, errors,
      (g_get_monotonic_time () - t0) / 1000.0);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_mutex_lock (&guard.lock);
  guard.done = TRUE;
  g_cond_signal (&guard.cond);
  g_mutex_unlock (&guard.lock);
  g_thread_join (guard_thread);
  g_mutex_clear (&guard.lock);
  g_cond_clear (&guard.cond);
  gst_object_unref (bus);
  gst_object_unref (chaos);
  gst_object_unref (r);
  gst_object_unref (pipeline);
  g_free (k.seen_out);
  g_free (k.seen_dl);
  g_mutex_clear (&k.lock);
  g_cond_clear (&k.cond);
  g_free (desc);
  return ok;
}

static const gchar *policies[] = { "skip-frame", "use-default", "dead-letter",
  "retry max-retries=2 retry-fallback-policy=dead-letter",
  "retry max-retries=1 retry-fallback-policy=use-default" };
static const gchar *restarts[] = { "never", "immediate", "exponential",
  "circuit-breaker" };
static const gdouble rates[] = { 0.01, 0.1, 0.5, 1.0 };

static void
run (Family family, const gchar *policy, const gchar *restart, gdouble rate,
    guint frames)
{
  Case c = { family, policy, restart, rate, frames };

  if (only >= 0 && (gint) family != only)
    return;
  if (!run_case (&c))
    failures++;
}

int
main (int argc, char **argv)
{
  const gchar *env;
  guint p, r, i;

  gst_init (&argc, &argv);
  if ((env = g_getenv ("SL_STRESS_SCALE")))
    scale = MAX (1, (gint) g_ascii_strtoll (env, NULL, 10));
  if ((env = g_getenv ("SL_STRESS_SEED")))
    seed = (guint) g_ascii_strtoull (env, NULL, 10);

  if ((env = g_getenv ("SL_STRESS_ONLY"))) {
    /* e.g. SL_STRESS_ONLY=seeks: one family, every policy and restart */
    for (i = 0; i < G_N_ELEMENTS (family_names); i++)
      if (strcmp (env, family_names[i]) == 0)
        only = i;
  }

  for (i = 0; i < G_N_ELEMENTS (rates); i++)
    run (FAMILY_MATRIX, "propagate", "never", rates[i], 100 * scale);
  for (p = 0; p < G_N_ELEMENTS (policies); p++)
    for (r = 0; r < G_N_ELEMENTS (restarts); r++) {
      for (i = 0; i < G_N_ELEMENTS (rates); i++)
        run (FAMILY_MATRIX, policies[p], restarts[r], rates[i], 200 * scale);
      run (FAMILY_STALL, policies[p], restarts[r], 0.1, 20 * scale);
      run (FAMILY_ASYNC, policies[p], restarts[r], 0.1, 200 * scale);
      run (FAMILY_SEEKS, policies[p], restarts[r], 0.5, 1000 * scale);
      run (FAMILY_EOS, policies[p], restarts[r], 0.5, 1000 * scale);
    }
  run (FAMILY_EOS_ELEMENT, "retry", "never", 1.0, 100);
  run (FAMILY_EOS_ELEMENT, "retry", "immediate", 1.0, 100);

  g_print ("%u failed run(s)\n", failures);
  return failures ? 1 : 0;
}
