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

#include "gstslmetricstable.h"

SlTable *
sl_table_new (guint size)
{
  SlTable *t = g_malloc0 (sizeof (SlTable) + size * sizeof (SlTableSlot));

  t->size = size;
  return t;
}

static void
insert_locked (SlTable *t, gpointer key, gpointer value)
{
  guint mask = t->size - 1, i = sl_table_hash (key) & mask;

  while (t->slots[i].key != NULL)
    i = (i + 1) & mask;
  /* the value is visible before the key that leads to it */
  __atomic_store_n (&t->slots[i].value, value, __ATOMIC_RELAXED);
  __atomic_store_n (&t->slots[i].key, key, __ATOMIC_RELEASE);
  t->used++;
}

void
sl_table_insert (SlTable **table, GSList **old, gpointer key, gpointer value)
{
  SlTable *t = *table, *nt;
  guint live = 0, i, size;

  if ((t->used + 1) * 2 > t->size) {
    /* at most half full, tombstones included: rebuild */
    for (i = 0; i < t->size; i++)
      if (t->slots[i].key != NULL && t->slots[i].key != SL_TABLE_TOMBSTONE)
        live++;
    size = t->size;
    while ((live + 1) * 4 > size)
      size *= 2;
    nt = sl_table_new (size);
    for (i = 0; i < t->size; i++)
      if (t->slots[i].key != NULL && t->slots[i].key != SL_TABLE_TOMBSTONE)
        insert_locked (nt, t->slots[i].key, t->slots[i].value);
    *old = g_slist_prepend (*old, t);
    __atomic_store_n (table, nt, __ATOMIC_RELEASE);
    t = nt;
  }
  insert_locked (t, key, value);
}

void
sl_table_remove (SlTable *t, gconstpointer key)
{
  guint mask = t->size - 1, i = sl_table_hash (key) & mask, n;

  for (n = 0; n < t->size && t->slots[i].key != NULL; n++) {
    if (t->slots[i].key == key) {
      __atomic_store_n (&t->slots[i].key, SL_TABLE_TOMBSTONE, __ATOMIC_RELEASE);
      return;
    }
    i = (i + 1) & mask;
  }
}
