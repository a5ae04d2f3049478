/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The slmetrics live view's HTTP server (libsoup 3), on its own thread and
 * GMainContext so that nothing of it runs on the application's main loop
 * or on a streaming thread:
 *   GET /              the page (index.html, slmetrics.js, slmetrics.css,
 *                      installed with the project)
 *   GET /metrics       Prometheus text exposition
 *   GET /api/snapshot  the page's data as one JSON document
 *   /ws                WebSocket: a snapshot several times a second; the
 *                      page may send `watch NAME` to choose the scope's
 *                      element (nothing else is accepted)
 * Read-only: no request changes the pipeline. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <libsoup/soup.h>

#include "gstslmetricsprivate.h"
#include "gstslelement.h"

GST_DEBUG_CATEGORY_EXTERN (sl_metrics_debug);
#define GST_CAT_DEFAULT sl_metrics_debug


struct _SlMetricsServer
{
  GstSlMetricsTracer *tracer; /* not a reference: the tracer owns us */
  gchar *address;
  guint port;
  gboolean loopback;
  gchar *web_dir;

  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  SoupServer *soup;
  GList *clients;     /* SlClient, server thread only */
  GSource *timer;     /* the pushes, only while there are
                                 * clients (server thread) */
  guint64 tap_serial; /* the tap's samples sent last */

  GMutex lock;
  GCond cond;
  gboolean ready;
  GError *error;
};

typedef struct
{
  SlMetricsServer *server;
  SoupWebsocketConnection *conn;
  guint64 last_event;
} SlClient;

static const struct
{
  const gchar *path;
  const gchar *file;
  const gchar *type;
} web_files[] = {
  { "/", "index.html", "text/html; charset=utf-8" },
  { "/index.html", "index.html", "text/html; charset=utf-8" },
  { "/slmetrics.js", "slmetrics.js", "text/javascript; charset=utf-8" },
  { "/slmetrics.css", "slmetrics.css", "text/css; charset=utf-8" },
};

static void
respond (SoupServerMessage *msg, guint status, const gchar *type, gchar *body,
    gsize len)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (h, "Cache-Control", "no-store");
  soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_TAKE, body, len);
}

static gboolean
is_loopback_name (const gchar *host)
{
  return !g_ascii_strcasecmp (host, "localhost") ||
      !strcmp (host, "127.0.0.1") || !strcmp (host, "::1");
}

/* Served on loopback, the page answers only to a loopback name (a web site
 * the user visits cannot reach it through DNS rebinding), and the WebSocket
 * only to the page's own origin (nor through a cross-site WebSocket). */
static gboolean
request_allowed (SlMetricsServer *self, SoupServerMessage *msg,
    gboolean websocket)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  const gchar *origin = soup_message_headers_get_one (h, "Origin");
  GUri *uri = soup_server_message_get_uri (msg);
  const gchar *host = uri ? g_uri_get_host (uri) : NULL;
  gboolean ok = TRUE;

  if (self->loopback && (host == NULL || !is_loopback_name (host)))
    ok = FALSE;
  if (ok && websocket && origin) {
    GUri *o = g_uri_parse (origin, G_URI_FLAGS_NONE, NULL);

    ok = o && host && g_uri_get_host (o) &&
        !g_ascii_strcasecmp (g_uri_get_host (o), host) &&
        g_uri_get_port (o) == g_uri_get_port (uri);
    if (o)
      g_uri_unref (o);
  }
  if (!ok)
    GST_INFO ("refused %s request for %s (origin %s)",
        websocket ? "WebSocket" : "HTTP", host ? host : "?",
        origin ? origin : "none");
  return ok;
}

static void
on_request (SoupServer *soup, SoupServerMessage *msg, const gchar *path,
    GHashTable *query, gpointer user_data)
{
  SlMetricsServer *self = user_data;
  const gchar *method = soup_server_message_get_method (msg);
  gchar *body;
  guint i;

  if (!request_allowed (self, msg, FALSE)) {
    respond (msg, SOUP_STATUS_FORBIDDEN, "text/plain", g_strdup ("forbidden\n"),
        10);
    return;
  }
  if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0) {
    /* read-only */
    soup_message_headers_replace (
        soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
    respond (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "text/plain",
        g_strdup ("read-only\n"), 10);
    return;
  }
  if (strcmp (path, "/metrics") == 0) {
    body = sl_metrics_live_prometheus (self->tracer);
    respond (msg, SOUP_STATUS_OK, "text/plain; version=0.0.4; charset=utf-8",
        body, strlen (body));
    return;
  }
  if (strcmp (path, "/api/snapshot") == 0) {
    body = sl_metrics_live_snapshot (self->tracer, 0, NULL);
    respond (msg, SOUP_STATUS_OK, "application/json", body, strlen (body));
    return;
  }
  for (i = 0; i < G_N_ELEMENTS (web_files); i++) {
    if (strcmp (path, web_files[i].path) == 0) {
      gchar *file = g_build_filename (self->web_dir, web_files[i].file, NULL);
      gsize len = 0;
      GError *err = NULL;

      if (g_file_get_contents (file, &body, &len, &err)) {
        respond (msg, SOUP_STATUS_OK, web_files[i].type, body, len);
      } else {
        body = g_strdup_printf ("the live view's page is not installed: "
                                "%s\n",
            err->message);
        respond (msg, SOUP_STATUS_NOT_FOUND, "text/plain", body, strlen (body));
        g_clear_error (&err);
      }
      g_free (file);
      return;
    }
  }
  respond (msg, SOUP_STATUS_NOT_FOUND, "text/plain", g_strdup ("not found\n"),
      10);
}

/* --- WebSocket clients --- */

static void
client_free (SlClient *c)
{
  g_signal_handlers_disconnect_by_data (c->conn, c);
  g_object_unref (c->conn);
  g_free (c);
}

static void
on_ws_closed (SoupWebsocketConnection *conn, SlClient *c)
{
  SlMetricsServer *self = c->server;

  self->clients = g_list_remove (self->clients, c);
  client_free (c);
  /* nobody watches: the tap costs nothing again, and the server sleeps
   * until the next request */
  if (self->clients == NULL) {
    sl_metrics_live_watch (self->tracer, NULL);
    if (self->timer) {
      g_source_destroy (self->timer);
      g_source_unref (self->timer);
      self->timer = NULL;
    }
  }
}

static void
on_ws_message (SoupWebsocketConnection *conn, gint type, GBytes *message,
    SlClient *c)
{
  gsize len;
  const gchar *data = g_bytes_get_data (message, &len);
  gchar *text;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || len > 512)
    return;
  text = g_strndup (data, len);
  if (g_str_has_prefix (text, "watch "))
    sl_metrics_live_watch (c->server->tracer, text + 6);
  else if (strcmp (text, "unwatch") == 0)
    sl_metrics_live_watch (c->server->tracer, NULL);
  g_free (text);
}

static gboolean push_snapshots (gpointer user_data);

static void
on_ws (SoupServer *soup, SoupServerMessage *msg, const gchar *path,
    SoupWebsocketConnection *conn, gpointer user_data)
{
  SlMetricsServer *self = user_data;
  SlClient *c;

  /* the handshake cannot be refused from here: the connection is closed
   * before anything is sent on it */
  if (!request_allowed (self, msg, TRUE)) {
    soup_websocket_connection_close (conn,
        SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, "origin not allowed");
    return;
  }
  c = g_new0 (SlClient, 1);
  c->server = self;
  c->conn = g_object_ref (conn);
  g_signal_connect (conn, "closed", G_CALLBACK (on_ws_closed), c);
  g_signal_connect (conn, "message", G_CALLBACK (on_ws_message), c);
  self->clients = g_list_prepend (self->clients, c);
  /* a newcomer gets the tap's last samples with the next push */
  self->tap_serial = G_MAXUINT64;
  if (self->timer == NULL) {
    self->timer = g_timeout_source_new (SL_LIVE_PUSH_MS);
    g_source_set_callback (self->timer, push_snapshots, self, NULL);
    g_source_attach (self->timer, self->context);
  }
}

static gboolean
push_snapshots (gpointer user_data)
{
  SlMetricsServer *self = user_data;
  guint64 since = G_MAXUINT64;
  gchar *snap;
  GList *l;

  if (self->clients == NULL)
    return G_SOURCE_CONTINUE;
  for (l = self->clients; l; l = l->next)
    since = MIN (since, ((SlClient *) l->data)->last_event);
  snap = sl_metrics_live_snapshot (self->tracer, since, &self->tap_serial);
  g_mutex_lock (&self->tracer->events_lock);
  for (l = self->clients; l; l = l->next)
    ((SlClient *) l->data)->last_event = self->tracer->next_event;
  g_mutex_unlock (&self->tracer->events_lock);
  for (l = self->clients; l; l = l->next) {
    SlClient *c = l->data;

    if (soup_websocket_connection_get_state (c->conn) ==
        SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_send_text (c->conn, snap);
  }
  g_free (snap);
  return G_SOURCE_CONTINUE;
}

/* --- the thread --- */

static gboolean
listen_on (SlMetricsServer *self, GError **error)
{
  GInetAddress *ia = g_inet_address_new_from_string (self->address);
  GSocketAddress *sa;
  GSList *uris;
  gboolean ok;

  if (ia == NULL) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        _ ("'%s' is not an IP address"), self->address);
    return FALSE;
  }
  self->loopback = g_inet_address_get_is_loopback (ia);
  sa = g_inet_socket_address_new (ia, self->port);
  g_object_unref (ia);
  ok = soup_server_listen (self->soup, sa, 0, error);
  g_object_unref (sa);
  if (!ok)
    return FALSE;
  uris = soup_server_get_uris (self->soup);
  if (uris)
    self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  SlMetricsServer *self = data;
  GError *err = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);
  self->soup =
      soup_server_new ("server-header", "gst-streamlab-slmetrics ", NULL);
  soup_server_add_handler (self->soup, NULL, on_request, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/ws", NULL, NULL, on_ws, self,
      NULL);
  /* loopback by default: compressing every snapshot would cost more CPU
   * than the page's whole view */
  soup_server_remove_websocket_extension (self->soup,
      SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE);
  ok = listen_on (self, &err);

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  self->error = err;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (ok)
    g_main_loop_run (self->loop);

  g_list_free_full (self->clients, (GDestroyNotify) client_free);
  self->clients = NULL;
  if (self->timer) {
    g_source_destroy (self->timer);
    g_source_unref (self->timer);
    self->timer = NULL;
  }
  soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  /* let sources cancelled by the disconnect finish */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/* [ADDR:]PORT; an IPv6 address in brackets. Loopback unless an address is
 * given. */
static gboolean
parse_spec (const gchar *spec, gchar **address, guint *port, GError **error)
{
  const gchar *colon = strrchr (spec, ':');
  const gchar *p = colon ? colon + 1 : spec;
  gchar *end = NULL;
  guint64 v;

  v = g_ascii_strtoull (p, &end, 10);
  if (*p == '\0' || end == NULL || *end != '\0' || v > 65535) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        _ ("'%s' is not [ADDRESS:]PORT"), spec);
    return FALSE;
  }
  *port = (guint) v;
  if (colon == NULL || colon == spec)
    *address = g_strdup ("127.0.0.1");
  else if (spec[0] == '[' && colon[-1] == ']')
    *address = g_strndup (spec + 1, colon - spec - 2);
  else
    *address = g_strndup (spec, colon - spec);
  return TRUE;
}

SlMetricsServer *
sl_metrics_server_start (GstSlMetricsTracer *tracer, const gchar *spec,
    GError **error)
{
  SlMetricsServer *self;
  const gchar *dir = g_getenv ("SL_METRICS_WEB_DIR");
  gchar *address = NULL;
  guint port = 0;

  if (!parse_spec (spec, &address, &port, error))
    return NULL;
  self = g_new0 (SlMetricsServer, 1);
  self->tracer = tracer;
  self->address = address;
  self->port = port;
  if (dir && *dir)
    self->web_dir = g_strdup (dir);
  else if (g_file_test (SL_METRICS_WEB_DIR "/index.html", G_FILE_TEST_EXISTS))
    self->web_dir = g_strdup (SL_METRICS_WEB_DIR);
  else /* not installed: from the source tree */
    self->web_dir = g_strdup (SL_METRICS_WEB_SRCDIR);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  self->thread = g_thread_new ("slmetrics-http", server_thread, self);
  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  if (self->error) {
    g_propagate_error (error, self->error);
    self->error = NULL;
    sl_metrics_server_stop (self);
    return NULL;
  }
  /* where to look, for the user */
  g_printerr (_ ("slmetrics: live view on http://%s%s%s:%u/\n"),
      strchr (self->address, ':') ? "[" : "", self->address,
      strchr (self->address, ':') ? "]" : "", self->port);
  return self;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
sl_metrics_server_stop (SlMetricsServer *self)
{
  GSource *idle = g_idle_source_new ();

  g_source_set_callback (idle, quit_loop, self->loop, NULL);
  g_source_attach (idle, self->context);
  g_source_unref (idle);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->address);
  g_free (self->web_dir);
  g_free (self);
}

guint
sl_metrics_server_port (SlMetricsServer *self)
{
  return self->port;
}
