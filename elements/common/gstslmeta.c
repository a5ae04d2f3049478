/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The DataFrame meta: a GstCustomMeta named "SlDataFrameMeta" whose
 * structure carries the frame's sequence id and its string metadata.
 *
 * A custom meta is used (rather than a GstMeta API of our own) so that
 * applications in any language read frames with standard GStreamer API and no
 * binding of ours. The default custom-meta transform copies the structure on
 * buffer copies; sources add it with the POOLED flag so it stays on pooled
 * buffers and is only updated, never re-allocated, in steady state. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstslmeta.h"

/* Quarks are looked up once per copy of this file (each plugin and test
 * program links its own); concurrent first calls store the same value. */
static GQuark
quark_seq_get (void)
{
  static GQuark q = 0;

  if (G_UNLIKELY (q == 0))
    q = g_quark_from_static_string ("seq");
  return q;
}

static GQuark
quark_metadata_get (void)
{
  static GQuark q = 0;

  if (G_UNLIKELY (q == 0))
    q = g_quark_from_static_string ("metadata");
  return q;
}

#define quark_seq (quark_seq_get ())
#define quark_metadata (quark_metadata_get ())

/* The registered meta, looked up by name once per copy of this file:
 * gst_buffer_get_custom_meta() looks the name up in a locked hash table at
 * every call, which is most of what a frame costs at 64 samples. */
static const GstMetaInfo *
data_frame_info (void)
{
  static const GstMetaInfo *info = NULL;
  const GstMetaInfo *i = g_atomic_pointer_get (&info);

  if (G_UNLIKELY (i == NULL)) {
    i = gst_meta_get_info (GST_SL_DATA_FRAME_META_NAME);
    if (i == NULL || !gst_meta_info_is_custom (i))
      return NULL;
    g_atomic_pointer_set (&info, i);
  }
  return i;
}

/**
 * gst_sl_data_frame_meta_register:
 *
 * Registers the DataFrame custom meta and the channel-names tag. Idempotent;
 * called from every plugin's init (plugin loading is serialised by the core).
 */
void
gst_sl_data_frame_meta_register (void)
{
  static const gchar *tags[] = { NULL };

  if (gst_meta_get_info (GST_SL_DATA_FRAME_META_NAME) == NULL)
    gst_meta_register_custom (GST_SL_DATA_FRAME_META_NAME, tags, NULL, NULL,
        NULL);

  if (!gst_tag_exists (GST_SL_TAG_CHANNEL_NAMES))
    gst_tag_register (GST_SL_TAG_CHANNEL_NAMES, GST_TAG_FLAG_META,
        G_TYPE_STRING, "channel names",
        "names of the channels, one value per channel in channel order",
        gst_tag_merge_strings_with_comma);
}

/**
 * gst_sl_buffer_get_data_frame_meta:
 * @buffer: a #GstBuffer
 *
 * Returns: (transfer none) (nullable): the DataFrame meta of @buffer.
 */
GstCustomMeta *
gst_sl_buffer_get_data_frame_meta (GstBuffer * buffer)
{
  const GstMetaInfo *info = data_frame_info ();
  gpointer state = NULL;
  GstMeta *meta;

  if (G_UNLIKELY (info == NULL))
    return NULL;
  while ((meta = gst_buffer_iterate_meta_filtered (buffer, &state,
              info->api))) {
    if (meta->info == info)
      return (GstCustomMeta *) meta;
  }
  return NULL;
}

/**
 * gst_sl_buffer_ensure_data_frame_meta:
 * @buffer: a writable #GstBuffer
 * @pooled: mark a newly added meta POOLED, so that it stays on the buffer
 *   when the buffer returns to its pool
 *
 * Returns: (transfer none): the existing DataFrame meta of @buffer, or a new
 * one.
 */
GstCustomMeta *
gst_sl_buffer_ensure_data_frame_meta (GstBuffer * buffer, gboolean pooled)
{
  GstCustomMeta *meta;

  meta = gst_sl_buffer_get_data_frame_meta (buffer);
  if (meta == NULL) {
    const GstMetaInfo *info;

    /* an application may stamp frames before any plugin of ours is loaded */
    gst_sl_data_frame_meta_register ();
    info = data_frame_info ();
    meta = info ? (GstCustomMeta *) gst_buffer_add_meta (buffer, info, NULL) :
        NULL;
    if (meta && pooled)
      GST_META_FLAG_SET ((GstMeta *) meta, GST_META_FLAG_POOLED);
  }
  return meta;
}

/**
 * gst_sl_buffer_set_seq:
 * @buffer: a writable #GstBuffer
 * @seq: the sequence id
 *
 * Sets the frame's sequence id, adding the meta if needed. Updating an
 * existing meta allocates nothing.
 */
void
gst_sl_buffer_set_seq (GstBuffer * buffer, guint64 seq)
{
  GstCustomMeta *meta = gst_sl_buffer_ensure_data_frame_meta (buffer, FALSE);
  GstStructure *s;
  GValue *v;

  g_return_if_fail (meta != NULL);
  s = gst_custom_meta_get_structure (meta);
  /* the steady state: the field is there, set it in place (the structure
   * belongs to the writable buffer's meta) */
  v = (GValue *) gst_structure_id_get_value (s, quark_seq);
  if (G_LIKELY (v != NULL && G_VALUE_HOLDS_UINT64 (v)))
    g_value_set_uint64 (v, seq);
  else
    gst_structure_id_set (s, quark_seq, G_TYPE_UINT64, seq, NULL);
}

/**
 * gst_sl_buffer_get_seq:
 * @buffer: a #GstBuffer
 * @seq: (out): the sequence id
 *
 * Returns: %TRUE if @buffer carries a DataFrame meta with a sequence id.
 */
gboolean
gst_sl_buffer_get_seq (GstBuffer * buffer, guint64 * seq)
{
  GstCustomMeta *meta = gst_sl_buffer_get_data_frame_meta (buffer);
  const GValue *v;

  if (meta == NULL)
    return FALSE;
  v = gst_structure_id_get_value (gst_custom_meta_get_structure (meta),
      quark_seq);
  if (v == NULL || !G_VALUE_HOLDS_UINT64 (v))
    return FALSE;
  if (seq)
    *seq = g_value_get_uint64 (v);
  return TRUE;
}

/* Returns the nested metadata structure, creating it when @create. */
static GstStructure *
get_metadata (GstBuffer * buffer, gboolean create)
{
  GstCustomMeta *meta;
  GstStructure *s;
  GValue *v;

  meta = create ? gst_sl_buffer_ensure_data_frame_meta (buffer, FALSE) :
      gst_sl_buffer_get_data_frame_meta (buffer);
  if (meta == NULL)
    return NULL;
  s = gst_custom_meta_get_structure (meta);
  v = (GValue *) gst_structure_id_get_value (s, quark_metadata);
  if (v == NULL || !GST_VALUE_HOLDS_STRUCTURE (v)) {
    if (!create)
      return NULL;
    {
      GValue nv = G_VALUE_INIT;
      g_value_init (&nv, GST_TYPE_STRUCTURE);
      g_value_take_boxed (&nv, gst_structure_new_empty ("metadata"));
      gst_structure_id_take_value (s, quark_metadata, &nv);
    }
    v = (GValue *) gst_structure_id_get_value (s, quark_metadata);
  }
  /* The nested structure is owned by the GValue inside the meta's structure,
   * which the caller may write since it holds a writable buffer. */
  return (GstStructure *) g_value_get_boxed (v);
}

/**
 * gst_sl_buffer_set_metadata:
 * @buffer: a writable #GstBuffer
 * @key: a metadata key (a valid GstStructure field name)
 * @value: (nullable): the value, or %NULL to remove @key
 */
void
gst_sl_buffer_set_metadata (GstBuffer * buffer, const gchar * key,
    const gchar * value)
{
  GstStructure *md;

  g_return_if_fail (GST_IS_BUFFER (buffer));
  g_return_if_fail (key != NULL);

  md = get_metadata (buffer, value != NULL);
  if (md == NULL)
    return;
  if (value)
    gst_structure_set (md, key, G_TYPE_STRING, value, NULL);
  else
    gst_structure_remove_field (md, key);
}

/**
 * gst_sl_buffer_get_metadata:
 * @buffer: a #GstBuffer
 * @key: a metadata key
 *
 * Returns: (transfer none) (nullable): the string value of @key.
 */
const gchar *
gst_sl_buffer_get_metadata (GstBuffer * buffer, const gchar * key)
{
  GstStructure *md = get_metadata (buffer, FALSE);

  if (md == NULL)
    return NULL;
  return gst_structure_get_string (md, key);
}

/**
 * gst_sl_buffer_peek_metadata:
 * @buffer: a #GstBuffer
 *
 * Returns: (transfer none) (nullable): the whole metadata structure.
 */
const GstStructure *
gst_sl_buffer_peek_metadata (GstBuffer * buffer)
{
  return get_metadata (buffer, FALSE);
}

/**
 * gst_sl_buffer_replace_metadata:
 * @buffer: a writable #GstBuffer
 * @metadata: (nullable): string fields to carry, or %NULL to remove all
 *
 * Replaces the frame's metadata with a copy of @metadata. Does nothing (and
 * allocates nothing) when the frame already carries equal metadata, which is
 * the steady state of a pooled source.
 */
void
gst_sl_buffer_replace_metadata (GstBuffer * buffer,
    const GstStructure * metadata)
{
  GstCustomMeta *meta;
  GstStructure *s, *cur;

  cur = get_metadata (buffer, FALSE);
  if (metadata == NULL) {
    if (cur) {
      meta = gst_sl_buffer_get_data_frame_meta (buffer);
      gst_structure_remove_field (gst_custom_meta_get_structure (meta),
          "metadata");
    }
    return;
  }
  if (cur && gst_structure_is_equal (cur, metadata))
    return;

  meta = gst_sl_buffer_ensure_data_frame_meta (buffer, FALSE);
  s = gst_custom_meta_get_structure (meta);
  {
    GValue nv = G_VALUE_INIT;
    GstStructure *copy = gst_structure_copy (metadata);

    gst_structure_set_name (copy, "metadata");
    g_value_init (&nv, GST_TYPE_STRUCTURE);
    g_value_take_boxed (&nv, copy);
    gst_structure_id_take_value (s, quark_metadata, &nv);
  }
}

/* Buffer lists between our elements.
 *
 * A list pushed into a pad without a chain-list function of its own is
 * split by GstPad into buffers that the list still holds a reference to, so
 * an in-place element behind it copies every one of them. Sources therefore
 * push lists only to pads that take the buffers out of the list themselves,
 * marked with this. */
static GQuark
quark_takes_lists (void)
{
  static GQuark q = 0;

  if (G_UNLIKELY (q == 0))
    q = g_quark_from_static_string ("sl-takes-buffer-lists");
  return q;
}

/**
 * gst_sl_pad_set_takes_lists:
 * @sinkpad: a sink pad whose chain-list function handles each buffer of a
 *   list without an extra reference (so in-place work does not copy)
 */
void
gst_sl_pad_set_takes_lists (GstPad * sinkpad)
{
  g_object_set_qdata (G_OBJECT (sinkpad), quark_takes_lists (),
      GINT_TO_POINTER (1));
}

/**
 * gst_sl_pad_peer_takes_lists:
 * @srcpad: a source pad
 *
 * Returns: %TRUE if the peer of @srcpad was marked with
 * gst_sl_pad_set_takes_lists().
 */
gboolean
gst_sl_pad_peer_takes_lists (GstPad * srcpad)
{
  GstPad *peer;
  gboolean res;

  GST_OBJECT_LOCK (srcpad);
  peer = GST_PAD_PEER (srcpad);
  res = peer != NULL &&
      g_object_get_qdata (G_OBJECT (peer), quark_takes_lists ()) != NULL;
  GST_OBJECT_UNLOCK (srcpad);
  return res;
}
