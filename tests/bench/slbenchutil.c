/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* What the benchmark programs share: running a pipeline to EOS with its wall
 * and CPU time, and medians. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>
#include <sys/resource.h>
#include <gst/gst.h>

#include "slbench.h"

static gdouble
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
      ru.ru_stime.tv_usec / 1e6;
}

/* Runs @launch to EOS; returns wall-clock seconds (and CPU seconds in
 * @cpu), or a negative value on error. */
/* A free TCP port on the loopback (bound then released). */
static guint
free_port (void)
{
  GSocket *sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
      G_SOCKET_PROTOCOL_TCP, NULL);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *addr = g_inet_socket_address_new (lo, 0), *bound;
  guint port = 0;

  if (sock && g_socket_bind (sock, addr, TRUE, NULL)) {
    bound = g_socket_get_local_address (sock, NULL);
    if (bound) {
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      g_object_unref (bound);
    }
  }
  g_object_unref (addr);
  g_object_unref (lo);
  if (sock)
    g_object_unref (sock);
  return port;
}

static gboolean
wait_eos (GstElement *pipeline, const gchar *launch)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *msg = gst_bus_timed_pop_filtered (bus, 120 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gboolean ok = msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS;

  if (!ok) {
    GError *e = NULL;

    if (msg)
      gst_message_parse_error (msg, &e, NULL);
    g_printerr ("slbench: '%s' failed: %s\n", launch,
        e ? e->message : "no EOS within 120 s");
    g_clear_error (&e);
  }
  if (msg)
    gst_message_unref (msg);
  gst_object_unref (bus);
  return ok;
}

/* "RECEIVER && SENDER": two pipelines joined by a transport on the
 * loopback, @PORT@ replaced by a free port; the receiver starts first (it
 * listens), the sender is stopped at its EOS (closing its connection) and
 * the time runs until the receiver's EOS. */
static gdouble
run_pair (const gchar *launch, gdouble *cpu)
{
  gchar *port = g_strdup_printf ("%u", free_port ());
  gchar **parts = g_strsplit (launch, " && ", 2);
  gchar *rx_line = NULL, *tx_line = NULL;
  GstElement *rx = NULL, *tx = NULL;
  GError *err = NULL;
  gint64 t0, t1;
  gdouble c0, c1, res = -1.0;

  {
    gchar **w = g_strsplit (parts[0], "@PORT@", -1);

    rx_line = g_strjoinv (port, w);
    g_strfreev (w);
    w = g_strsplit (parts[1] ? parts[1] : "", "@PORT@", -1);
    tx_line = g_strjoinv (port, w);
    g_strfreev (w);
  }
  rx = gst_parse_launch (rx_line, &err);
  g_clear_error (&err);
  tx = gst_parse_launch (tx_line, &err);
  g_clear_error (&err);
  if (rx == NULL || tx == NULL) {
    g_printerr ("slbench: cannot build '%s'\n", launch);
    goto done;
  }
  gst_element_set_state (rx, GST_STATE_PLAYING);
  gst_element_set_state (tx, GST_STATE_PAUSED);
  gst_element_get_state (tx, NULL, NULL, GST_CLOCK_TIME_NONE);
  c0 = cpu_seconds ();
  t0 = g_get_monotonic_time ();
  gst_element_set_state (tx, GST_STATE_PLAYING);
  if (!wait_eos (tx, tx_line))
    goto done;
  gst_element_set_state (tx, GST_STATE_NULL);
  if (!wait_eos (rx, rx_line))
    goto done;
  t1 = g_get_monotonic_time ();
  c1 = cpu_seconds ();
  res = (t1 - t0) / 1e6;
  if (cpu)
    *cpu = c1 - c0;

done:
  if (tx) {
    gst_element_set_state (tx, GST_STATE_NULL);
    gst_object_unref (tx);
  }
  if (rx) {
    gst_element_set_state (rx, GST_STATE_NULL);
    gst_object_unref (rx);
  }
  g_free (rx_line);
  g_free (tx_line);
  g_strfreev (parts);
  g_free (port);
  return res;
}

gdouble
sl_bench_run_pipeline (const gchar *launch, gdouble *cpu)
{
  GError *err = NULL;
  GstElement *pipeline;
  GstBus *bus;
  GstMessage *msg;
  gint64 t0, t1;
  gdouble c0, c1;
  gdouble res = -1.0;

  if (strstr (launch, " && "))
    return run_pair (launch, cpu);
  pipeline = gst_parse_launch (launch, &err);
  if (pipeline == NULL) {
    g_printerr ("slbench: cannot build '%s': %s\n", launch,
        err ? err->message : "?");
    g_clear_error (&err);
    return -1.0;
  }
  g_clear_error (&err);

  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  gst_element_get_state (pipeline, NULL, NULL, GST_CLOCK_TIME_NONE);
  bus = gst_element_get_bus (pipeline);
  c0 = cpu_seconds ();
  t0 = g_get_monotonic_time ();
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  t1 = g_get_monotonic_time ();
  c1 = cpu_seconds ();
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
    res = (t1 - t0) / 1e6;
    if (cpu)
      *cpu = c1 - c0;
  } else {
    GError *e = NULL;

    gst_message_parse_error (msg, &e, NULL);
    g_printerr ("slbench: '%s' failed: %s\n", launch, e->message);
    g_clear_error (&e);
  }
  gst_message_unref (msg);
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  return res;
}

static gint
cmp_double (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return x < y ? -1 : x > y ? 1 : 0;
}

gdouble
sl_bench_median (gdouble *v, gint n)
{
  qsort (v, n, sizeof (gdouble), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}
