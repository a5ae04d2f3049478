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
json_str (GString *out, const gchar *s)
{
  const gchar *run;

  g_string_append_c (out, '"');
  /* the plain runs in one copy: names and paths rarely need escapes */
  for (run = s; s && *s; s++) {
    guchar c = *s;

    if (G_LIKELY (c >= 0x20 && c != '"' && c != '\\'))
      continue;
    g_string_append_len (out, run, s - run);
    if (c == '"' || c == '\\') {
      g_string_append_c (out, '\\');
      g_string_append_c (out, c);
    } else {
      g_string_append_printf (out, "\\u%04x", c);
    }
    run = s + 1;
  }
  if (run && s > run)
    g_string_append_len (out, run, s - run);
  g_string_append_c (out, '"');
}

static void
json_u64 (GString *out, guint64 v)
{
  gchar buf[24], *p = buf + sizeof (buf);

  do {
    *--p = '0' + v % 10;
    v /= 10;
  } while (v);
  g_string_append_len (out, p, buf + sizeof (buf) - p);
}

/* A figure for the page: integers as such, others with 3 decimals (what
 * the page shows), without printf on the usual values; very small or
 * large ones with 6 significant digits. */
static void
json_num (GString *out, gdouble d)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
  gdouble a;
  guint64 milli;
  guint frac, k;

  if (!isfinite (d))
    d = 0;
  a = fabs (d);
  if (a != 0 && (a < 1e-3 || a >= 1e12)) {
    g_string_append (out, g_ascii_formatd (buf, sizeof (buf), "%.6g", d));
    return;
  }
  milli = (guint64) (a * 1000 + 0.5);
  if (milli == 0) {
    g_string_append_c (out, '0');
    return;
  }
  if (d < 0)
    g_string_append_c (out, '-');
  json_u64 (out, milli / 1000);
  frac = milli % 1000;
  if (frac == 0)
    return;
  buf[0] = '.';
  for (k = 3; frac % 10 == 0; k--)
    frac /= 10;
  buf[k + 1] = '\0';
  for (; k > 0; k--, frac /= 10)
    buf[k] = '0' + frac % 10;
  g_string_append (out, buf);
}

/* --- events --- */

static void
event_free (SlEvent *e)
{
  g_free (e->pipeline);
  g_free (e->element);
  g_free (e->kind);
  g_free (e->detail);
  g_free (e);
}

static const gchar *
top_name (GstObject *o)
{
  while (GST_OBJECT_PARENT (o))
    o = GST_OBJECT_PARENT (o);
  return GST_OBJECT_NAME (o);
}

/* A message @element posts: kept on the timeline when it is one of ours
 * (`streamlab-*` element messages: backpressure, error-handled, restart,
 * circuit, reconnect, ...) or an error or warning. */
void
sl_metrics_live_event (GstSlMetricsTracer *self, GstElement *element,
    GstMessage *msg)
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

/* A frame leaves (or enters, for a sink) the watched element: its last
 * samples are copied, at most 3.7 times a second; the buffer is read and let
 * go here, never kept. The format is read again only when the pad's caps
 * change. */
void
sl_metrics_live_tap (GstSlMetricsTracer *self, guint64 ts, GstPad *pad,
    GstBuffer *buf)
{
  SlTap *tap = &self->tap;
  guint64 next = __atomic_load_n (&tap->next_ts, __ATOMIC_RELAXED);
  const GstAudioInfo *info = &tap->info;
  GstAudioBuffer ab;
  GstCaps *caps;
  gint c, channels, n, first, i, stride;

  if (ts < next ||
      !__atomic_compare_exchange_n (&tap->next_ts, &next, ts + SL_TAP_PERIOD_NS,
          FALSE, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    return;
  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    return;
  /* the streaming thread never waits for the page */
  if (!g_mutex_trylock (&tap->lock)) {
    gst_caps_unref (caps);
    return;
  }
  if (caps != tap->info_caps) {
    gst_clear_caps (&tap->info_caps);
    if (!gst_audio_info_from_caps (&tap->info, caps)) {
      gst_caps_unref (caps);
      goto done;
    }
    tap->info_caps = caps;
  } else {
    gst_caps_unref (caps);
  }
  if (!gst_audio_buffer_map (&ab, info, buf, GST_MAP_READ))
    goto done;
  if (tap->samples == NULL)
    tap->samples =
        g_malloc0 (sizeof (gfloat) * SL_TAP_MAX_CHANNELS * SL_TAP_MAX_SAMPLES);
  channels = MIN (GST_AUDIO_INFO_CHANNELS (info), SL_TAP_MAX_CHANNELS);
  n = MIN ((gint) ab.n_samples, SL_TAP_MAX_SAMPLES);
  first = ab.n_samples - n;
  stride = GST_AUDIO_INFO_LAYOUT (info) == GST_AUDIO_LAYOUT_INTERLEAVED
      ? GST_AUDIO_INFO_BPF (info)
      : GST_AUDIO_INFO_BPS (info);
  for (c = 0; c < channels; c++) {
    const guint8 *base;

    if (GST_AUDIO_INFO_LAYOUT (info) == GST_AUDIO_LAYOUT_INTERLEAVED)
      base = (const guint8 *) ab.planes[0] + c * GST_AUDIO_INFO_BPS (info);
    else
      base = ab.planes[c];
    base += (gsize) first * stride;
    switch (GST_AUDIO_INFO_FORMAT (info)) {
      case GST_AUDIO_FORMAT_F64LE:
        for (i = 0; i < n; i++)
          tap->samples[c][i] = GST_READ_DOUBLE_LE (base + (gsize) i * stride);
        break;
      case GST_AUDIO_FORMAT_F32LE:
        for (i = 0; i < n; i++)
          tap->samples[c][i] = GST_READ_FLOAT_LE (base + (gsize) i * stride);
        break;
      case GST_AUDIO_FORMAT_S16LE:
        for (i = 0; i < n; i++)
          tap->samples[c][i] =
              (gint16) GST_READ_UINT16_LE (base + (gsize) i * stride) /
              32768.0f;
        break;
      case GST_AUDIO_FORMAT_S32LE:
        for (i = 0; i < n; i++)
          tap->samples[c][i] =
              (gint32) GST_READ_UINT32_LE (base + (gsize) i * stride) /
              2147483648.0;
        break;
      default:
        memset (tap->samples[c], 0, sizeof (gfloat) * n);
        break;
    }
    /* what the snapshot reads: finite values, zeros after the last */
    for (i = 0; i < n; i++)
      if (!isfinite (tap->samples[c][i]))
        tap->samples[c][i] = 0;
    memset (tap->samples[c] + n, 0, sizeof (gfloat) * (SL_TAP_MAX_SAMPLES - n));
  }
  tap->channels = channels;
  tap->n = n;
  tap->rate = GST_AUDIO_INFO_RATE (info);
  tap->serial++;
  gst_audio_buffer_unmap (&ab);
done:
  g_mutex_unlock (&tap->lock);
}

/* Watch the element named @element (NULL: nobody); FALSE if unknown. */
gboolean
sl_metrics_live_watch (GstSlMetricsTracer *self, const gchar *element)
{
  SlElementStats *found = NULL;
  guint i;

  g_mutex_lock (&self->lock);
  for (i = 0; element && i < self->records->len && !found; i++) {
    SlElementStats *rec = g_ptr_array_index (self->records, i);

    if (rec->live &&
        (g_strcmp0 (rec->name, element) == 0 ||
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
sl_metrics_live_clear (GstSlMetricsTracer *self)
{
  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);
  g_free (self->links);
  self->links = NULL;
  g_free (self->tap.element);
  self->tap.element = NULL;
  g_free (self->tap.samples);
  self->tap.samples = NULL;
  gst_clear_caps (&self->tap.info_caps);
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
peer_element (GstPad *pad, gchar **pad_name)
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
append_links (GString *out, GstElement *e, gboolean *first)
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
append_element (GString *out, SlMetricsView *v, gint64 now)
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

  /* the fields that never change, escaped once */
  if (rec->live_head == NULL) {
    GString *head = g_string_new ("{\"name\":");

    json_str (head, rec->name);
    g_string_append (head, ",\"path\":");
    json_str (head, rec->path);
    g_string_append (head, ",\"pipeline\":");
    json_str (head, rec->pipeline);
    g_string_append (head, ",\"factory\":");
    json_str (head, rec->factory);
    rec->live_head = g_string_free (head, FALSE);
  }
  g_string_append (out, rec->live_head);
  g_string_append (out,
      rec->live ? ",\"live\":true,\"frames\":" : ",\"live\":false,\"frames\":");
  json_u64 (out, v->frames);
  g_string_append (out, ",\"errors\":");
  json_u64 (out, v->errors);
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
    g_string_append (out,
        p->direction == GST_PAD_SRC ? ",\"dir\":\"src\",\"frames\":"
                                    : ",\"dir\":\"sink\",\"frames\":");
    json_u64 (out, SL_LOAD64 (&p->frames));
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
 * and the tap's samples when they are newer than *@tap_serial (always
 * when @tap_serial is NULL); *@tap_serial is updated. */
gchar *
sl_metrics_live_snapshot (GstSlMetricsTracer *self, guint64 since,
    guint64 *tap_serial)
{
  /* one allocation for the whole document in steady state */
  GString *out = g_string_sized_new (self->snapshot_len + 1024);
  GPtrArray *live = g_ptr_array_new_with_free_func (gst_object_unref);
  SlMetricsView *views;
  gint64 now = g_get_monotonic_time ();
  gboolean first = TRUE, remake_links;
  gint state = 0, save = 0;
  guint i, n;
  GList *l;

  sl_metrics_capture_live (self, FALSE);
  views = sl_metrics_views_full (self, &n, FALSE);

  g_string_append (out, "{\"time_us\":");
  json_u64 (out, g_get_real_time ());
  g_string_append (out, ",\"pid\":");
  json_u64 (out, getpid ());
  g_string_append (out, ",\"host\":");
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
    g_string_append (out, ",\"state\":\"");
    g_string_append (out, state_name (p->state));
    g_string_append (out,
        p->failed ? "\",\"failed\":true,\"for_s\":"
                  : "\",\"failed\":false,\"for_s\":");
    json_num (out, (now - p->since_us) / 1e6);
    /* the application's description, as the string it gave: the page
     * parses it (a broken one cannot break the snapshot) */
    g_string_append (out, ",\"graph\":");
    if (p->graph && p->graph_json == NULL) {
      GString *g = g_string_sized_new (strlen (p->graph) + 16);

      json_str (g, p->graph);
      p->graph_json = g_string_free (g, FALSE);
    }
    g_string_append (out, p->graph ? p->graph_json : "null");
    g_string_append_c (out, '}');
  }
  remake_links = self->links == NULL ||
      self->links_generation != self->generation ||
      now - self->links_us >= 5 * G_USEC_PER_SEC;
  for (i = 0; i < n && remake_links; i++) {
    GstElement *e =
        views[i].rec->live ? g_weak_ref_get (&views[i].rec->element) : NULL;

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
    g_string_append_printf (out,
        "{\"id\":%" G_GUINT64_FORMAT ",\"time_us\":%" G_GINT64_FORMAT
        ",\"pipeline\":",
        e->id, e->time_us);
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
    g_string_append (out, ",\"serial\":");
    json_u64 (out, self->tap.serial);
    g_string_append (out, ",\"rate\":");
    json_u64 (out, self->tap.rate);
    /* samples only when there are new ones (the page keeps the last):
     * per channel, base64 of its scale (float32) then its samples as
     * int16 scaled to the channel's peak, little-endian */
    if (self->tap.n == 0 || (tap_serial && *tap_serial == self->tap.serial)) {
      g_string_append (out, ",\"n\":0");
    } else {
      g_string_append (out, ",\"n\":");
      json_u64 (out, self->tap.n);
      g_string_append (out, ",\"channels_q16\":[");
      for (c = 0; c < self->tap.channels; c++) {
        guint16 packed[2 + SL_TAP_MAX_SAMPLES];
        gint16 *q = (gint16 *) (packed + 2);
        const gfloat *x = self->tap.samples[c];
        gfloat peak, k16;
        gint32 peak_bits = 0;
        gsize len = 4 + self->tap.n * 2, at;
        union
        {
          gfloat f;
          guint32 u;
        } scale;

        /* over the whole row (zeros after n: the tap writes them), so
         * that the compiler makes vector code of these loops; the tap
         * keeps finite values only */
        /* the largest |x|: finite floats without their sign compare as
         * their bits do */
        for (k = 0; k < SL_TAP_MAX_SAMPLES; k++) {
          gint32 b;

          memcpy (&b, &x[k], sizeof (b));
          b &= 0x7fffffff;
          peak_bits = b > peak_bits ? b : peak_bits;
        }
        memcpy (&peak, &peak_bits, sizeof (peak));
        k16 = peak > 0 ? 32767.0f / peak : 0;
        scale.f = peak / 32767.0f;
        packed[0] = GUINT16_TO_LE (scale.u & 0xffff);
        packed[1] = GUINT16_TO_LE (scale.u >> 16);
        /* |v| <= 32767: rounded half away from zero */
        for (k = 0; k < SL_TAP_MAX_SAMPLES; k++) {
          gfloat v = x[k] * k16;

          q[k] = (gint16) (gint) (v + copysignf (0.5f, v));
        }
#if G_BYTE_ORDER == G_BIG_ENDIAN
        for (k = 0; k < self->tap.n; k++)
          packed[2 + k] = GUINT16_SWAP_LE_BE (packed[2 + k]);
#endif
        if (c > 0)
          g_string_append_c (out, ',');
        g_string_append_c (out, '"');
        /* encoded in place, at the end of the document */
        at = out->len;
        g_string_set_size (out, at + (len / 3 + 1) * 4 + 4);
        at += g_base64_encode_step ((const guchar *) packed, len, FALSE,
            out->str + at, &state, &save);
        out->len =
            at + g_base64_encode_close (FALSE, out->str + at, &state, &save);
        out->str[out->len] = '\0';
        state = save = 0;
        g_string_append_c (out, '"');
      }
      g_string_append_c (out, ']');
    }
    if (tap_serial)
      *tap_serial = self->tap.serial;
    g_string_append_c (out, '}');
  } else {
    g_string_append (out, "null");
  }
  g_mutex_unlock (&self->tap.lock);
  g_string_append_c (out, '}');
  self->snapshot_len = out->len;
  return g_string_free (out, FALSE);
}

gchar *
sl_metrics_live_prometheus (GstSlMetricsTracer *self)
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
