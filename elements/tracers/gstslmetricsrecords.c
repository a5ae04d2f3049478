/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The slmetrics tracer's records: one per element (made on first sight,
 * retired when the element goes to NULL, at most max-retired kept), the
 * pad records the hooks find in the lock-free table, and the deferred
 * frees that keep memory bounded without pulling anything from under a
 * streaming thread. Everything here runs under the tracer's lock. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstslmetricsprivate.h"

GST_DEBUG_CATEGORY_EXTERN (sl_metrics_debug);
#define GST_CAT_DEFAULT sl_metrics_debug

/* Memory that a streaming thread may still be reading when it leaves the
 * tables (a pad ref, an old table, a record) is freed after this long. */
#define GRACE_US (2 * G_USEC_PER_SEC)

/* --- deferred frees --- */

typedef struct
{
  gpointer p;
  GDestroyNotify free;
  gint64 when;
} SlGrave;

void
sl_metrics_grave_add_locked (GstSlMetricsTracer *self, gpointer p,
    GDestroyNotify f)
{
  SlGrave *g = g_new (SlGrave, 1);

  g->p = p;
  g->free = f;
  g->when = g_get_monotonic_time ();
  g_queue_push_tail (&self->grave, g);
}

/* under lock: free what has been out of reach for the grace period */
void
sl_metrics_grave_reap_locked (GstSlMetricsTracer *self, gboolean all)
{
  gint64 now = g_get_monotonic_time ();
  SlGrave *g;

  while ((g = g_queue_peek_head (&self->grave)) &&
      (all || now - g->when >= GRACE_US)) {
    g_queue_pop_head (&self->grave);
    g->free (g->p);
    g_free (g);
  }
}

/* --- records (created on first sight, under lock) --- */

static gchar *
top_level_name (const gchar *path)
{
  const gchar *s, *e, *c;

  if (path == NULL || path[0] != '/')
    return g_strdup ("");
  s = path + 1;
  e = strchr (s, '/');
  if (e == NULL)
    e = s + strlen (s);
  /* "/GstPipeline:name/..." */
  for (c = s; c < e; c++)
    if (*c == ':')
      s = c + 1;
  return g_strndup (s, e - s);
}

static SlElementStats *
record_new (GstElement *element)
{
  SlElementStats *rec =
      g_aligned_alloc0 (1, sizeof (SlElementStats), SL_CACHE_LINE);
  GstElementFactory *f = gst_element_get_factory (element);

  rec->name = gst_object_get_name (GST_OBJECT_CAST (element));
  rec->path = gst_object_get_path_string (GST_OBJECT_CAST (element));
  rec->pipeline = top_level_name (rec->path);
  rec->factory =
      g_strdup (f ? GST_OBJECT_NAME (f) : G_OBJECT_TYPE_NAME (element));
  rec->refs = g_ptr_array_new ();
  g_weak_ref_init (&rec->element, NULL);
  return rec;
}

void
sl_metrics_record_free (SlElementStats *rec)
{
  guint i;

  for (i = 0; i < rec->n_pads; i++)
    g_free (rec->pads[i].name);
  if (rec->stats)
    gst_structure_free (rec->stats);
  g_weak_ref_clear (&rec->element);
  g_ptr_array_unref (rec->refs);
  if (rec->slots)
    g_aligned_free (rec->slots);
  if (rec->link)
    g_aligned_free (rec->link);
  g_free (rec->name);
  g_free (rec->path);
  g_free (rec->pipeline);
  g_free (rec->factory);
  g_free (rec->live_head);
  g_aligned_free (rec);
}

static gchar *
record_key (const gchar *factory, const gchar *name)
{
  return g_strconcat (factory, "/", name, NULL);
}

/* under lock: @rec is running again, or going away */
static void
unretire_locked (GstSlMetricsTracer *self, SlElementStats *rec)
{
  gchar *key;

  if (rec->retired_link == NULL)
    return;
  g_queue_delete_link (&self->retired, rec->retired_link);
  rec->retired_link = NULL;
  key = record_key (rec->factory, rec->path);
  if (g_hash_table_lookup (self->by_name, key) == rec)
    g_hash_table_remove (self->by_name, key);
  g_free (key);
}

/* under lock: @rec's element went to NULL. It can be taken up again by an
 * element of the same path and factory; the oldest retired records go when
 * there are more than max-retired (their counts leave the reports). */
void
sl_metrics_retire_locked (GstSlMetricsTracer *self, SlElementStats *rec)
{
  GST_DEBUG_OBJECT (self, "retiring %s (%s)", rec->name, rec->factory);
  self->generation++;
  g_queue_push_tail (&self->retired, rec);
  rec->retired_link = g_queue_peek_tail_link (&self->retired);
  g_hash_table_replace (self->by_name, record_key (rec->factory, rec->path),
      rec);
  while (self->retired.length > self->max_retired) {
    SlElementStats *old = g_queue_peek_head (&self->retired);

    unretire_locked (self, old);
    g_ptr_array_remove_fast (self->records, old);
    GST_DEBUG_OBJECT (self, "forgetting %s (%s)", old->path, old->factory);
    sl_metrics_grave_add_locked (self, old,
        (GDestroyNotify) sl_metrics_record_free);
  }
}

/* The record of @element: found, taken up again, or made. A record whose
 * element went to NULL is taken up again by an element of the same path
 * and factory (the same element started again, usually), so that counts
 * accumulate under one name; pool instances (other pipelines) keep their
 * own. */
SlElementStats *
sl_metrics_record_for_element_locked (GstSlMetricsTracer *self,
    GstElement *element, gboolean follow)
{
  SlElementStats *rec;
  GstElementFactory *f;
  gchar *key, *path;
  guint i;

  if (GST_IS_PIPELINE (element))
    return NULL;
  rec = g_hash_table_lookup (self->elements, element);
  if (rec)
    return rec;

  f = gst_element_get_factory (element);
  path = gst_object_get_path_string (GST_OBJECT_CAST (element));
  key =
      record_key (f ? GST_OBJECT_NAME (f) : G_OBJECT_TYPE_NAME (element), path);
  g_free (path);
  rec = g_hash_table_lookup (self->by_name, key);
  g_free (key);
  if (rec && follow) {
    unretire_locked (self, rec);
    /* pads are matched again by name */
    for (i = 0; i < rec->n_pads; i++)
      rec->pads[i].pad = NULL;
  } else if (rec == NULL) {
    rec = record_new (element);
    g_ptr_array_add (self->records, rec);
    /* an element that does not run (an error while it starts) is retired
     * at once: it counts in the bound */
    if (!follow)
      sl_metrics_retire_locked (self, rec);
  }
  self->dirty = TRUE;
  if (!follow)
    return rec;
  g_weak_ref_set (&rec->element, element);
  rec->live = TRUE;
  self->generation++;
  g_hash_table_insert (self->elements, element, rec);
  GST_DEBUG_OBJECT (self, "following %s (%s) %p state %d", rec->name,
      rec->factory, element, GST_STATE (element));
  return rec;
}

SlElementStats *
sl_metrics_record_for_element (GstSlMetricsTracer *self, GstElement *element,
    gboolean follow)
{
  SlElementStats *rec;

  g_mutex_lock (&self->lock);
  rec = sl_metrics_record_for_element_locked (self, element, follow);
  g_mutex_unlock (&self->lock);
  return rec;
}

/* the counters of @pad in @rec: by pointer, else by name (a record taken
 * up again), else a new slot, else the slot of a removed pad; NULL when the
 * record has no room left */
SlPadStats *
sl_metrics_pad_stats_locked (GstSlMetricsTracer *self, SlElementStats *rec,
    GstPad *pad)
{
  SlPadStats *p = NULL;
  gchar *name;
  guint i, n = rec->n_pads;

  for (i = 0; i < n; i++)
    if (rec->pads[i].pad == pad)
      return &rec->pads[i];
  name = gst_pad_get_name (pad);
  for (i = 0; i < n && p == NULL; i++)
    if (rec->pads[i].pad == NULL && g_strcmp0 (rec->pads[i].name, name) == 0)
      p = &rec->pads[i];
  if (p) {
    g_free (name);
  } else if (n < SL_MAX_PADS) {
    p = &rec->pads[n];
    p->name = name;
    p->direction = GST_PAD_DIRECTION (pad);
    g_atomic_int_set (&rec->n_pads, n + 1);
  } else {
    for (i = 0; i < n && p == NULL; i++)
      if (rec->pads[i].removed && rec->pads[i].pad == NULL &&
          rec->pads[i].direction == GST_PAD_DIRECTION (pad))
        p = &rec->pads[i];
    if (p == NULL) {
      g_free (name);
      return NULL;
    }
    /* a released branch's slot for a new one: the reports read the name
     * under the table lock or the report lock, which we hold or exclude
     * by freeing the old name late */
    sl_metrics_grave_add_locked (self, p->name, g_free);
    p->name = name;
    SL_STORE64 (&p->frames, 0);
    SL_STORE64 (&p->bytes, 0);
    SL_STORE64 (&p->first_ts, 0);
    SL_STORE64 (&p->last_ts, 0);
    SL_STORE64 (&p->lat_count, 0);
    SL_STORE64 (&p->lat_sum, 0);
    SL_STORE64 (&p->lat_max, 0);
    SL_STORE64 (&p->chain_ts, 0);
    p->has_dropped = p->has_level = p->has_high_water = FALSE;
    p->has_capacity = FALSE;
  }
  p->removed = FALSE;
  p->pad = pad;
  return p;
}

/* under lock: @ref's pad is gone (removed, its element stopped, or another
 * pad at its address) */
void
sl_metrics_forget_pad_ref_locked (GstSlMetricsTracer *self, SlPadRef *ref)
{
  sl_table_remove (self->pads, ref->pad);
  if (ref->stats && ref->stats->pad == ref->pad)
    ref->stats->pad = NULL;
  g_ptr_array_remove_fast (ref->rec->refs, ref);
  /* left whole: a streaming thread may be between its hooks with it */
  self->n_refs--;
  sl_metrics_grave_add_locked (self, ref, g_free);
}

static void
table_insert_locked (GstSlMetricsTracer *self, gpointer key, gpointer value)
{
  GSList *old = NULL, *l;

  sl_table_insert (&self->pads, &old, key, value);
  for (l = old; l; l = l->next)
    sl_metrics_grave_add_locked (self, l->data, g_free);
  g_slist_free (old);
}

/* Slow path, first sight of @pad. */
SlPadRef *
sl_metrics_add_pad_ref (GstSlMetricsTracer *self, GstPad *pad)
{
  SlPadRef *ref;
  GstObject *parent;
  GstElement *element;
  gboolean internal;
  SlElementStats *rec;

  g_mutex_lock (&self->lock);
  ref = sl_table_lookup (self->pads, pad);
  if (ref && sl_metrics_pad_ref_valid (ref, pad))
    goto done;
  if (ref)
    sl_metrics_forget_pad_ref_locked (self, ref);
  ref = NULL;
  sl_metrics_grave_reap_locked (self, FALSE);

  parent = GST_OBJECT_PARENT (pad);
  internal = parent && GST_IS_PAD (parent);
  if (internal)
    parent = GST_OBJECT_PARENT (parent);
  if (parent == NULL || !GST_IS_ELEMENT (parent))
    goto done;
  element = GST_ELEMENT_CAST (parent);
  /* a frame still in flight to an element that went to NULL (released
   * while its upstream pushed): refused by its flushing pad, not followed
   * (nothing would tell when to let the element go) */
  if (GST_STATE (element) == GST_STATE_NULL &&
      GST_STATE_NEXT (element) == GST_STATE_VOID_PENDING)
    goto done;
  rec = sl_metrics_record_for_element_locked (self, element, TRUE);
  if (rec == NULL)
    goto done;

  ref = g_new0 (SlPadRef, 1);
  ref->pad = pad;
  ref->parent = GST_OBJECT_PARENT (pad);
  ref->name = GST_OBJECT_NAME (pad);
  ref->element = element;
  ref->rec = rec;
  ref->stats = internal ? NULL : sl_metrics_pad_stats_locked (self, rec, pad);
  g_ptr_array_add (rec->refs, ref);
  self->n_refs++;
  table_insert_locked (self, pad, ref);

done:
  g_mutex_unlock (&self->lock);
  return ref;
}

/* under lock: forget the pads of @rec (its element went to NULL) */
void
sl_metrics_forget_pads_locked (GstSlMetricsTracer *self, SlElementStats *rec)
{
  while (rec->refs->len > 0)
    sl_metrics_forget_pad_ref_locked (self,
        g_ptr_array_index (rec->refs, rec->refs->len - 1));
}
