/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Internal to the slmetrics tracer: a table from pointer to pointer that
 * the streaming threads read without lock. Writers (insert, remove, grow)
 * hold the tracer's lock. Open addressing with linear probing; a removed
 * key leaves a tombstone; a table that was replaced by a bigger one stays
 * allocated (on the old list) until the tracer goes, so that a reader can
 * finish its probe in it. */

#ifndef __GST_SL_METRICS_TABLE_H__
#define __GST_SL_METRICS_TABLE_H__

#include <glib.h>

G_BEGIN_DECLS

#define SL_TABLE_TOMBSTONE ((gpointer) 1)

typedef struct
{
  gpointer key;
  gpointer value;
} SlTableSlot;

typedef struct
{
  guint size; /* power of two */
  guint used; /* keys and tombstones */
  SlTableSlot slots[];
} SlTable;

static inline guint
sl_table_hash (gconstpointer p)
{
  guint64 h = (guint64) (guintptr) p * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  return (guint) (h >> 32);
}

/* lock-free: the value stored with @key, or NULL */
static inline gpointer
sl_table_lookup (SlTable *t, gconstpointer key)
{
  guint mask = t->size - 1, i = sl_table_hash (key) & mask, n;

  for (n = 0; n < t->size; n++) {
    gpointer k = __atomic_load_n (&t->slots[i].key, __ATOMIC_ACQUIRE);

    if (k == key)
      return __atomic_load_n (&t->slots[i].value, __ATOMIC_RELAXED);
    if (k == NULL)
      return NULL;
    i = (i + 1) & mask;
  }
  return NULL;
}

SlTable *sl_table_new (guint size);

/* under the writers' lock; the table may be replaced (old one onto @old) */
void sl_table_insert (SlTable **table, GSList **old, gpointer key,
    gpointer value);
void sl_table_remove (SlTable *table, gconstpointer key);

G_END_DECLS

#endif /* __GST_SL_METRICS_TABLE_H__ */
