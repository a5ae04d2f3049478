/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The slmetrics live view's data: the event timeline, the scope's tap and
 * the snapshots (JSON for the page, Prometheus text for /metrics). Only
 * used when the tracer serves HTTP; the snapshot code runs on the server's
 * thread, a few times a second while a page is open. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include <unistd.h>
#include <gst/audio/audio.h>

#include "gstslmetricsprivate.h"

GST_DEBUG_CATEGORY_EXTERN (sl_metrics_debug);
#define GST_CAT_DEFAULT sl_metrics_debug

/* --- JSON helpers --- */

static void
json_str (GString * out, const gchar * s)
{
  g_string_append_c (out, '"');
  for (; s && *s; s++) {
    guchar c = *s;

    if (c == '"' || c == '\\')
      g_string_append_printf (out, "\\%c", c);
    else if (c < 0x20)
      g_string_append_printf (out, "\\u%04x", c);
    else
      g_string_append_c (out, c);
  }
  g_string_append_c (out, '"');
}

static void
json_num (GString * out, gdouble d)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (d))
    d = 0;
  g_string_append (out, g_ascii_formatd (buf, sizeof (buf), "%.6g", d));
}

/* --- events --- */

static void
event_free (SlEvent * e)
{
  g_free (e->pipeline);
  g_free (e->element);
  g_free (e->kind);
  g_free (e->detail);
  g_free (e);
}

static const gchar *
top_name (GstObject * o)
{
  while (GST_OBJECT_PARENT (o))
    o = GST_OBJECT_PARENT (o);
  return GST_OBJECT_NAME (o);
}

/* A message @element posts: kept on the timeline when it is one of ours
 * (`streamlab-*` element messages: backpressure, error-handled, restart,
 * circuit, reconnect, ...) or an error or warning. */
void
sl_metrics_live_event (GstSlMetricsTracer * self, GstElement * element,
    GstMessage * msg)
{
  const GstStructure *s = gst_message_get_structure (msg);
  const gchar *kind = NULL;
  gchar *detail = NULL;
  SlEvent *e;

  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_ELEMENT:
      /* ours: streamlab-backpressure, -error-handled, -restart, -circuit,
       * -reconnect, ... */
      if (s && g_str_has_prefix (gst_structure_get_name (s), "streamlab-"))
        kind = gst_structure_get_name (s) + strlen ("streamlab-");
      break;
    case GST_MESSAGE_ERROR:
      kind = "error";
      break;
    case GST_MESSAGE_WARNING:
      kind = "warning";
      break;
    default:
      break;
  }
  if (kind == NULL)
    return;
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR ||
      GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING) {
    GError *err = NULL;

    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
      gst_message_parse_error (msg, &err, NULL);
    else
      gst_message_parse_warning (msg, &err, NULL);
    detail = g_strdup (err ? err->message : "");
    g_clear_error (&err);
  } else {
    detail = gst_structure_to_string (s);
  }

  e = g_new0 (SlEvent, 1);
  e->time_us = g_get_real_time ();
  GST_OBJECT_LOCK (element);
  e->element = g_strdup (GST_OBJECT_NAME (element));
  GST_OBJECT_UNLOCK (element);
  e->pipeline = g_strdup (top_name (GST_OBJECT_CAST (element)));
  e->kind = g_strdup (kind);
  e->detail = detail;

  g_mutex_lock (&self->events_lock);
  e->id = ++self->next_event;
  g_queue_push_tail (&self->events, e);
  while (self->events.length > SL_EVENTS_MAX)
    event_free (g_queue_pop_head (&self->events));
  g_mutex_unlock (&self->events_lock);
}

/* --- the tap --- */

static gdouble
sample_at (const GstAudioInfo * info, const guint8 * p)
{
  switch (GST_AUDIO_INFO_FORMAT (info)) {
    case GST_AUDIO_FORMAT_F64LE:
      return GST_READ_DOUBLE_LE (p);
    case GST_AUDIO_FORMAT_F32LE:
      return GST_READ_FLOAT_LE (p);
    case GST_AUDIO_FORMAT_S16LE:
      return (gint16) GST_READ_UINT16_LE (p) / 32768.0;
    case GST_AUDIO_FORMAT_S32LE:
      return (gint32) GST_READ_UINT32_LE (p) / 2147483648.0;
    default:
      return 0.0;
  }
}

/* A frame leaves (or enters, for a sink) the watched element: its last
 * samples are copied, at most 5 times a second; the buffer is read and let
 * go here, never kept. */
void
sl_metrics_live_tap (GstSlMetricsTracer * self, guint64 ts, GstPad * pad,
    GstBuffer * buf)
{
  SlTap *tap = &self->tap;
  guint64 next = __atomic_load_n (&tap->next_ts, __ATOMIC_RELAXED);
  GstAudioInfo info;
  GstAudioBuffer ab;
  GstCaps *caps;
  gboolean ok;
  gint c, channels, n, first, i, stride;

  if (ts < next || !__atomic_compare_exchange_n (&tap->next_ts, &next,
          ts + SL_TAP_PERIOD_NS, FALSE, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    return;
  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    return;
  ok = gst_audio_info_from_caps (&info, caps);
  gst_caps_unref (caps);
  if (!ok || !gst_audio_buffer_map (&ab, &info, buf, GST_MAP_READ))
    return;
  /* the streaming thread never waits for the page */
  if (!g_mutex_trylock (&tap->lock)) {
    gst_audio_buffer_unmap (&ab);
    return;
  }
  if (tap->samples == NULL)
    tap->samples = g_malloc0 (sizeof (gdouble) * SL_TAP_MAX_CHANNELS *
        SL_TAP_MAX_SAMPLES);
  channels = MIN (GST_AUDIO_INFO_CHANNELS (&info), SL_TAP_MAX_CHANNELS);
  n = MIN ((gint) ab.n_samples, SL_TAP_MAX_SAMPLES);
  first = ab.n_samples - n;
  stride = GST_AUDIO_INFO_LAYOUT (&info) == GST_AUDIO_LAYOUT_INTERLEAVED ?
      GST_AUDIO_INFO_BPF (&info) : GST_AUDIO_INFO_BPS (&info);
  for (c = 0; c < channels; c++) {
    const guint8 *base;

    if (GST_AUDIO_INFO_LAYOUT (&info) == GST_AUDIO_LAYOUT_INTERLEAVED)
      base = (const guint8 *) ab.planes[0] + c * GST_AUDIO_INFO_BPS (&info);
    else
      base = ab.planes[c];
    for (i = 0; i < n; i++)
      tap->samples[c][i] = sample_at (&info, base + (gsize) (first + i) *
          stride);
  }
  tap->channels = channels;
  tap->n = n;
  tap->rate = GST_AUDIO_INFO_RATE (&info);
  tap->serial++;
  g_mutex_unlock (&tap->lock);
  gst_audio_buffer_unmap (&ab);
}

/* Watch the element named @element (NULL: nobody); FALSE if unknown. */
gboolean
sl_metrics_live_watch (GstSlMetricsTracer * self, const gchar * element)
{
  SlElementStats *found = NULL;
  guint i;

  g_mutex_lock (&self->lock);
  for (i = 0; element && i < self->records->len && !found; i++) {
    SlElementStats *rec = g_ptr_array_index (self->records, i);

    if (rec->live && (g_strcmp0 (rec->name, element) == 0 ||
            g_strcmp0 (rec->path, element) == 0))
      found = rec;
  }
  __atomic_store_n (&self->tap.rec, found, __ATOMIC_RELAXED);
  __atomic_store_n (&self->tap.next_ts, 0, __ATOMIC_RELAXED);
  g_mutex_unlock (&self->lock);

  g_mutex_lock (&self->tap.lock);
  g_free (self->tap.element);
  self->tap.element = found ? g_strdup (found->path) : NULL;
  self->tap.n = 0;
  g_mutex_unlock (&self->tap.lock);
  return found != NULL || element == NULL;
}

void
sl_metrics_live_clear (GstSlMetricsTracer * self)
{
  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);
  g_free (self->links);
  self->links = NULL;
  g_free (self->tap.element);
  self->tap.element = NULL;
  g_free (self->tap.samples);
  self->tap.samples = NULL;
}

/* --- snapshots --- */

static const gchar *
state_name (GstState s)
{
  switch (s) {
    case GST_STATE_NULL:
      return "stopped";
    case GST_STATE_READY:
      return "ready";
    case GST_STATE_PAUSED:
      return "paused";
    case GST_STATE_PLAYING:
      return "playing";
    default:
      return "unknown";
  }
}

/* The element a link leads to, through ghost pads. */
static GstElement *
peer_element (GstPad * pad, gchar ** pad_name)
{
  GstPad *peer = gst_pad_get_peer (pad), *next;
  GstObject *parent;
  gint guard;

  for (guard = 0; peer && guard < 16; guard++) {
    if (GST_IS_GHOST_PAD (peer)) {
      /* into a bin */
      next = gst_ghost_pad_get_target (GST_GHOST_PAD (peer));
      gst_object_unref (peer);
      peer = next;
      continue;
    }
    parent = gst_object_get_parent (GST_OBJECT (peer));
    if (parent && GST_IS_GHOST_PAD (parent)) {
      /* out of a bin: the ghost pad's peer */
      next = gst_pad_get_peer (GST_PAD (parent));
      gst_object_unref (parent);
      gst_object_unref (peer);
      peer = next;
      continue;
    }
    gst_object_unref (peer);
    if (parent && GST_IS_ELEMENT (parent)) {
      *pad_name = gst_pad_get_name (peer);
      return GST_ELEMENT_CAST (parent);
    }
    if (parent)
      gst_object_unref (parent);
    return NULL;
  }
  if (peer)
    gst_object_unref (peer);
  return NULL;
}

static void
append_links (GString * out, GstElement * e, gboolean * first)
{
  GList *pads = NULL, *l;

  GST_OBJECT_LOCK (e);
  for (l = e->srcpads; l; l = l->next)
    pads = g_list_prepend (pads, gst_object_ref (l->data));
  GST_OBJECT_UNLOCK (e);
  for (l = pads; l; l = l->next) {
    gchar *to_pad = NULL, *from_path, *to_path;
    GstElement *to = peer_element (l->data, &to_pad);

    if (to == NULL)
      continue;
    from_path = gst_object_get_path_string (GST_OBJECT (e));
    to_path = gst_object_get_path_string (GST_OBJECT (to));
    if (!*first)
      g_string_append_c (out, ',');
    *first = FALSE;
    g_string_append (out, "{\"from\":");
    json_str (out, from_path);
    g_string_append (out, ",\"from_pad\":");
    json_str (out, GST_OBJECT_NAME (l->data));
    g_string_append (out, ",\"to\":");
    json_str (out, to_path);
    g_string_append (out, ",\"to_pad\":");
    json_str (out, to_pad);
    g_string_append_c (out, '}');
    g_free (from_path);
    g_free (to_path);
    g_free (to_pad);
    gst_object_unref (to);
  }
  g_list_free_full (pads, gst_object_unref);
}

static void
append_element (GString * out, SlMetricsView * v, gint64 now)
{
  SlElementStats *rec = v->rec;
  guint j;

  /* frames per second over the last snapshot period */
  if (rec->prev_us > 0 && now > rec->prev_us && v->frames >= rec->prev_frames) {
    gdouble dt = (now - rec->prev_us) / 1e6;
    gdouble inst = (v->frames - rec->prev_frames) / dt;

    /* smoothed over about a second */
    rec->rate = dt >= 1.0 ? inst : rec->rate + (inst - rec->rate) * dt;
  }
  rec->prev_frames = v->frames;
  rec->prev_us = now;

  g_string_append (out, "{\"name\":");
  json_str (out, rec->name);
  g_string_append (out, ",\"path\":");
  json_str (out, rec->path);
  g_string_append (out, ",\"pipeline\":");
  json_str (out, rec->pipeline);
  g_string_append (out, ",\"factory\":");
  json_str (out, rec->factory);
  g_string_append_printf (out, ",\"live\":%s,\"frames\":%" G_GUINT64_FORMAT
      ",\"errors\":%" G_GUINT64_FORMAT, rec->live ? "true" : "false",
      v->frames, v->errors);
  g_string_append (out, ",\"fps\":");
  json_num (out, rec->live ? rec->rate : 0);
  g_string_append (out, ",\"p50_us\":");
  json_num (out, v->p50_us);
  g_string_append (out, ",\"p99_us\":");
  json_num (out, v->p99_us);
  if (rec->has_dropped) {
    g_string_append (out, ",\"dropped\":");
    json_num (out, rec->dropped);
  }
  if (rec->has_queue_level) {
    g_string_append (out, ",\"level\":");
    json_num (out, rec->queue_level);
  }
  if (rec->has_queue_capacity) {
    g_string_append (out, ",\"capacity\":");
    json_num (out, rec->queue_capacity);
  }
  g_string_append (out, ",\"pads\":[");
  for (j = 0; j < v->n_pads; j++) {
    SlPadStats *p = &rec->pads[j];

    if (j > 0)
      g_string_append_c (out, ',');
    g_string_append (out, "{\"name\":");
    json_str (out, p->name);
    g_string_append_printf (out, ",\"dir\":\"%s\",\"frames\":%"
        G_GUINT64_FORMAT, p->direction == GST_PAD_SRC ? "src" : "sink",
        SL_LOAD64 (&p->frames));
    if (p->removed)
      g_string_append (out, ",\"removed\":true");
    if (p->has_level) {
      g_string_append (out, ",\"level\":");
      json_num (out, p->level);
    }
    if (p->has_capacity) {
      g_string_append (out, ",\"capacity\":");
      json_num (out, p->capacity);
    }
    if (p->has_dropped) {
      g_string_append (out, ",\"dropped\":");
      json_num (out, p->dropped);
    }
    g_string_append_c (out, '}');
  }
  g_string_append (out, "]}");
}

/* The page's view: pipelines (with their descriptions), elements with
 * their figures, links between running elements, events after @since,
 * and the tap's samples. */
gchar *
sl_metrics_live_snapshot (GstSlMetricsTracer * self, guint64 since)
{
  GString *out = g_string_new (NULL);
  GPtrArray *live = g_ptr_array_new_with_free_func (gst_object_unref);
  SlMetricsView *views;
  gint64 now = g_get_monotonic_time ();
  gboolean first = TRUE, remake_links;
  guint i, n;
  GList *l;

  sl_metrics_capture_live (self, FALSE);
  views = sl_metrics_views (self, &n);

  g_string_append_printf (out, "{\"time_us\":%" G_GINT64_FORMAT
      ",\"pid\":%d,\"host\":", g_get_real_time (), (gint) getpid ());
  json_str (out, self->host);

  g_string_append (out, ",\"pipelines\":[");
  g_mutex_lock (&self->lock);
  for (i = 0; i < self->pipelines->len; i++) {
    SlPipelineInfo *p = g_ptr_array_index (self->pipelines, i);

    if (i > 0)
      g_string_append_c (out, ',');
    g_string_append (out, "{\"name\":");
    json_str (out, p->name);
    g_string_append (out, ",\"instance\":");
    json_str (out, p->instance ? p->instance : self->instance);
    g_string_append_printf (out, ",\"state\":\"%s\",\"failed\":%s,"
        "\"for_s\":", state_name (p->state), p->failed ? "true" : "false");
    json_num (out, (now - p->since_us) / 1e6);
    /* the application's description, as the string it gave: the page
     * parses it (a broken one cannot break the snapshot) */
    g_string_append (out, ",\"graph\":");
    if (p->graph)
      json_str (out, p->graph);
    else
      g_string_append (out, "null");
    g_string_append_c (out, '}');
  }
  remake_links = self->links == NULL ||
      self->links_generation != self->generation ||
      now - self->links_us >= G_USEC_PER_SEC;
  for (i = 0; i < n && remake_links; i++) {
    GstElement *e = views[i].rec->live ?
        g_weak_ref_get (&views[i].rec->element) : NULL;

    if (e)
      g_ptr_array_add (live, e);
  }
  if (remake_links)
    self->links_generation = self->generation;
  g_mutex_unlock (&self->lock);

  g_string_append (out, "],\"elements\":[");
  g_mutex_lock (&self->props_lock);
  for (i = 0; i < n; i++) {
    if (i > 0)
      g_string_append_c (out, ',');
    append_element (out, &views[i], now);
  }
  g_mutex_unlock (&self->props_lock);
  g_free (views);

  g_string_append (out, "],\"links\":[");
  if (remake_links) {
    GString *links = g_string_new (NULL);

    for (i = 0; i < live->len; i++)
      append_links (links, g_ptr_array_index (live, i), &first);
    g_free (self->links);
    self->links = g_string_free (links, FALSE);
    self->links_us = now;
  }
  g_string_append (out, self->links);
  g_ptr_array_unref (live);

  g_string_append (out, "],\"events\":[");
  first = TRUE;
  g_mutex_lock (&self->events_lock);
  for (l = self->events.head; l; l = l->next) {
    SlEvent *e = l->data;

    if (e->id <= since)
      continue;
    if (!first)
      g_string_append_c (out, ',');
    first = FALSE;
    g_string_append_printf (out, "{\"id\":%" G_GUINT64_FORMAT ",\"time_us\":%"
        G_GINT64_FORMAT ",\"pipeline\":", e->id, e->time_us);
    json_str (out, e->pipeline);
    g_string_append (out, ",\"element\":");
    json_str (out, e->element);
    g_string_append (out, ",\"kind\":");
    json_str (out, e->kind);
    g_string_append (out, ",\"detail\":");
    json_str (out, e->detail);
    g_string_append_c (out, '}');
  }
  g_mutex_unlock (&self->events_lock);

  g_string_append (out, "],\"tap\":");
  g_mutex_lock (&self->tap.lock);
  if (self->tap.element) {
    gint c, k;

    g_string_append (out, "{\"element\":");
    json_str (out, self->tap.element);
    /* samples as little-endian float32, base64: a fraction of the cost of
     * printing 8192 numbers four times a second */
    g_string_append_printf (out, ",\"serial\":%" G_GUINT64_FORMAT
        ",\"rate\":%d,\"n\":%d,\"channels_f32\":[", self->tap.serial,
        self->tap.rate, self->tap.n);
    for (c = 0; c < self->tap.channels && self->tap.n > 0; c++) {
      guint32 packed[SL_TAP_MAX_SAMPLES];
      gchar *b64;

      for (k = 0; k < self->tap.n; k++) {
        union
        {
          gfloat f;
          guint32 u;
        } v;

        v.f = (gfloat) self->tap.samples[c][k];
        packed[k] = GUINT32_TO_LE (v.u);
      }
      b64 = g_base64_encode ((const guchar *) packed, self->tap.n * 4);
      if (c > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      g_string_append (out, b64);
      g_string_append_c (out, '"');
      g_free (b64);
    }
    g_string_append (out, "]}");
  } else {
    g_string_append (out, "null");
  }
  g_mutex_unlock (&self->tap.lock);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

gchar *
sl_metrics_live_prometheus (GstSlMetricsTracer * self)
{
  GString *out = g_string_new (NULL);
  SlMetricsView *views;
  SlPromLabels labels;
  guint n;

  sl_metrics_capture_live (self, TRUE);
  views = sl_metrics_views (self, &n);
  sl_metrics_prom_labels (self, &labels);
  g_mutex_lock (&self->props_lock);
  g_mutex_lock (&self->lock);
  sl_metrics_write_prometheus (out, views, n, &labels);
  g_mutex_unlock (&self->lock);
  g_mutex_unlock (&self->props_lock);
  g_free (views);
  return g_string_free (out, FALSE);
}
