/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "gstsltransport.h"
#include "gstslelement.h"

gchar *
sl_transport_uri_from_path (const gchar *path)
{
  gchar *abs, *uri;

  if (g_path_is_absolute (path))
    return g_filename_to_uri (path, NULL, NULL);
  abs = g_build_filename (g_get_current_dir (), path, NULL);
  uri = g_filename_to_uri (abs, NULL, NULL);
  g_free (abs);
  return uri;
}

static GstElement *
make (const gchar *factory, gchar **error)
{
  GstElement *e = gst_element_factory_make (factory, NULL);

  if (e == NULL)
    *error = g_strdup_printf (_ ("The element '%s' is missing; install the "
                                 "plugins that provide it."),
        factory);
  return e;
}

/* SRT's passphrase, named (not written) in the URI: `passphrase-env=VAR`
 * (an environment variable) or `passphrase-file=/path` (its first line).
 * Both parameters are taken out of @u; the passphrase itself is never
 * written in a URI, a launch line or a message. FALSE with @error set. */
static gboolean
take_passphrase (GstUri *u, gchar **passphrase, gchar **error)
{
  const gchar *var = gst_uri_get_query_value (u, "passphrase-env");
  const gchar *file = gst_uri_get_query_value (u, "passphrase-file");
  gchar *text = NULL, *nl;
  GError *err = NULL;

  *passphrase = NULL;
  if (var && file) {
    *error = g_strdup (_ ("Give the SRT passphrase by passphrase-env or by "
                          "passphrase-file, not both."));
    return FALSE;
  }
  if (var) {
    const gchar *v = g_getenv (var);

    if (v == NULL || *v == '\0') {
      *error =
          g_strdup_printf (_ ("The environment variable '%s' that "
                              "should hold the SRT passphrase is not set."),
              var);
      return FALSE;
    }
    text = g_strdup (v);
  } else if (file) {
    if (!g_file_get_contents (file, &text, NULL, &err)) {
      *error = g_strdup_printf (_ ("Cannot read the SRT passphrase file "
                                   "'%s': %s"),
          file, err->message);
      g_clear_error (&err);
      return FALSE;
    }
    nl = strpbrk (text, "\r\n");
    if (nl)
      *nl = '\0';
  } else {
    return TRUE;
  }
  /* SRT's own limits */
  if (strlen (text) < 10 || strlen (text) > 79) {
    *error = g_strdup_printf (_ ("The SRT passphrase from '%s' must have 10 "
                                 "to 79 characters."),
        var ? var : file);
    g_free (text);
    return FALSE;
  }
  gst_uri_remove_query_key (u, "passphrase-env");
  gst_uri_remove_query_key (u, "passphrase-file");
  *passphrase = text;
  return TRUE;
}

gchar *
sl_transport_srt_uri (const gchar *uri, gchar **passphrase, gchar **error)
{
  GstUri *u = uri ? gst_uri_from_string (uri) : NULL;
  gchar *s;

  *passphrase = NULL;
  *error = NULL;
  if (u == NULL)
    return NULL;
  if (!take_passphrase (u, passphrase, error)) {
    gst_uri_unref (u);
    return NULL;
  }
  s = gst_uri_to_string (u);
  gst_uri_unref (u);
  return s;
}

GstElement *
sl_transport_make (const gchar *uri, gboolean sender, gchar **error)
{
  GstUri *u = uri ? gst_uri_from_string (uri) : NULL;
  const gchar *scheme = u ? gst_uri_get_scheme (u) : NULL;
  const gchar *host;
  guint port;
  GstElement *e = NULL;

  *error = NULL;
  if (scheme == NULL)
    goto bad_uri;
  host = gst_uri_get_host (u);
  port = gst_uri_get_port (u);

  if (g_ascii_strcasecmp (scheme, "tcp") == 0) {
    /* the receiver listens, the sender connects (as with SRT) */
    if (port == GST_URI_NO_PORT || port == 0)
      goto bad_uri;
    e = make (sender ? "tcpclientsink" : "tcpserversrc", error);
    if (e)
      g_object_set (e, "host",
          host && *host ? host : (sender ? "127.0.0.1" : "0.0.0.0"), "port",
          (gint) port, NULL);
  } else if (g_ascii_strcasecmp (scheme, "fd") == 0) {
    gchar *end = NULL;
    const gchar *n = host ? host : "";
    glong fd = strtol (n, &end, 10);

    if (*n == '\0' || *end != '\0' || fd < 0 || fd > G_MAXINT)
      goto bad_uri;
    e = make (sender ? "fdsink" : "fdsrc", error);
    if (e)
      g_object_set (e, "fd", (gint) fd, NULL);
  } else if (g_ascii_strcasecmp (scheme, "srt") == 0) {
    GstUri *w = gst_uri_copy (u);
    gchar *s, *passphrase = NULL;

    if (!take_passphrase (w, &passphrase, error)) {
      gst_uri_unref (w);
      gst_uri_unref (u);
      return NULL;
    }
    /* the receiver listens unless told otherwise */
    if (!sender && gst_uri_get_query_value (w, "mode") == NULL)
      gst_uri_set_query_value (w, "mode", "listener");
    s = gst_uri_to_string (w);
    gst_uri_unref (w);
    e = make (sender ? "srtsink" : "srtsrc", error);
    if (e)
      g_object_set (e, "uri", s, NULL);
    /* a listening receiver waits for its sender to come back (a sender
     * that ends sends the end-of-stream packet, which still ends the
     * stream) */
    if (e && !sender &&
        g_object_class_find_property (G_OBJECT_GET_CLASS (e), "keep-listening"))
      g_object_set (e, "keep-listening", TRUE, NULL);
    if (e && passphrase)
      g_object_set (e, "passphrase", passphrase, NULL);
    /* no copy of the passphrase left in freed memory */
    for (gchar *c = passphrase; c && *c; c++)
      *c = '\0';
    g_free (passphrase);
    g_free (s);
  } else if (g_ascii_strcasecmp (scheme, "file") == 0 ||
      g_ascii_strcasecmp (scheme, "udp") == 0) {
    GError *err = NULL;

    e = gst_element_make_from_uri (sender ? GST_URI_SINK : GST_URI_SRC, uri,
        NULL, &err);
    if (e == NULL) {
      *error = g_strdup_printf (_ ("Could not open '%s': %s"), uri,
          err ? err->message : "");
      g_clear_error (&err);
    } else if (!sender && g_ascii_strcasecmp (scheme, "udp") == 0) {
      /* a frame per datagram: room for the largest */
      g_object_set (e, "mtu", 65535, NULL);
    }
  } else {
    goto bad_uri;
  }
  gst_uri_unref (u);
  return e;

bad_uri:
  if (u)
    gst_uri_unref (u);
  *error = g_strdup_printf (_ ("Unsupported URI '%s': use file:///path, "
                               "tcp://host:port, srt://host:port, "
                               "udp://host:port or fd://N."),
      uri ? uri : "");
  return NULL;
}
