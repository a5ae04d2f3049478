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

#include <string.h>

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
gst_sl_buffer_get_data_frame_meta (GstBuffer *buffer)
{
  const GstMetaInfo *info = data_frame_info ();
  gpointer state = NULL;
  GstMeta *meta;

  if (G_UNLIKELY (info == NULL))
    return NULL;
  while ((meta =
              gst_buffer_iterate_meta_filtered (buffer, &state, info->api))) {
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
gst_sl_buffer_ensure_data_frame_meta (GstBuffer *buffer, gboolean pooled)
{
  GstCustomMeta *meta;

  meta = gst_sl_buffer_get_data_frame_meta (buffer);
  if (meta == NULL) {
    const GstMetaInfo *info;

    /* an application may stamp frames before any plugin of ours is loaded */
    gst_sl_data_frame_meta_register ();
    info = data_frame_info ();
    meta = info ? (GstCustomMeta *) gst_buffer_add_meta (buffer, info, NULL)
                : NULL;
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
gst_sl_buffer_set_seq (GstBuffer *buffer, guint64 seq)
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
gst_sl_buffer_get_seq (GstBuffer *buffer, guint64 *seq)
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

static gboolean equal_except (const GstStructure *a, const GstStructure *b,
    const gchar *const *except);

/* Returns the nested metadata structure, creating it when @create. */
static GstStructure *
get_metadata (GstBuffer *buffer, gboolean create)
{
  GstCustomMeta *meta;
  GstStructure *s;
  GValue *v;

  meta = create ? gst_sl_buffer_ensure_data_frame_meta (buffer, FALSE)
                : gst_sl_buffer_get_data_frame_meta (buffer);
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
gst_sl_buffer_set_metadata (GstBuffer *buffer, const gchar *key,
    const gchar *value)
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
gst_sl_buffer_get_metadata (GstBuffer *buffer, const gchar *key)
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
gst_sl_buffer_peek_metadata (GstBuffer *buffer)
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
gst_sl_buffer_replace_metadata (GstBuffer *buffer, const GstStructure *metadata)
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
  /* the fields only: the copy is renamed "metadata", @metadata may be
   * named anything */
  if (cur && equal_except (cur, metadata, NULL))
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

typedef struct
{
  GstStructure *dest;
  guint n;
} SlCopyInPlace;

static gboolean
copy_field_in_place (GQuark field, const GValue *value, gpointer user_data)
{
  SlCopyInPlace *c = user_data;
  GValue *d = (GValue *) gst_structure_id_get_value (c->dest, field);

  c->n++;
  if (d != NULL && G_VALUE_TYPE (d) == G_VALUE_TYPE (value) &&
      G_VALUE_HOLDS_UINT64 (value))
    g_value_set_uint64 (d, g_value_get_uint64 (value));
  else if (d == NULL || G_VALUE_TYPE (d) != G_VALUE_TYPE (value) ||
      gst_value_compare (d, value) != GST_VALUE_EQUAL)
    gst_structure_id_set_value (c->dest, field, value);
  return TRUE;
}

static gboolean
keep_if_in (GQuark field, GValue *value, gpointer user_data)
{
  return gst_structure_id_has_field ((const GstStructure *) user_data, field);
}

/**
 * gst_sl_buffer_copy_data_frame_meta:
 * @dest: a writable #GstBuffer
 * @src: a #GstBuffer
 *
 * Gives @dest the DataFrame meta of @src (its seq and metadata), or none if
 * @src has none. The meta on @dest is updated in place: when @dest is a
 * pooled buffer that already carries one (added POOLED), the seq is
 * rewritten and fields already equal are left alone, so the steady state
 * allocates nothing, where a buffer copy's meta transform copies the whole
 * structure. Use it for output frames an element allocates itself from a
 * pool, with the base class's own copy of the meta turned off.
 */
void
gst_sl_buffer_copy_data_frame_meta (GstBuffer *dest, GstBuffer *src)
{
  GstCustomMeta *smeta, *dmeta;
  GstStructure *ss, *ds;
  SlCopyInPlace c;

  g_return_if_fail (GST_IS_BUFFER (dest));
  g_return_if_fail (GST_IS_BUFFER (src));

  smeta = gst_sl_buffer_get_data_frame_meta (src);
  if (smeta == NULL) {
    dmeta = gst_sl_buffer_get_data_frame_meta (dest);
    if (dmeta)
      gst_buffer_remove_meta (dest, (GstMeta *) dmeta);
    return;
  }
  dmeta = gst_sl_buffer_ensure_data_frame_meta (dest, TRUE);
  g_return_if_fail (dmeta != NULL);
  ss = gst_custom_meta_get_structure (smeta);
  ds = gst_custom_meta_get_structure (dmeta);
  c.dest = ds;
  c.n = 0;
  gst_structure_foreach (ss, copy_field_in_place, &c);
  if ((guint) gst_structure_n_fields (ds) != c.n)
    gst_structure_filter_and_map_in_place (ds, keep_if_in, ss);
}

/* Numbers as metadata without allocating.
 *
 * Metadata values are strings. An element that writes a number into the
 * metadata of every frame (a window's span, a seq range) would allocate a
 * new string per value and frame. Instead the text is written into storage
 * attached to the buffer (mini-object qdata, freed with the buffer, kept
 * while a pooled buffer is recycled) and the metadata field holds it as a
 * static string: updating it later rewrites the text in place. Copying the
 * structure (a buffer copy, gst_structure_copy()) duplicates the text as
 * usual, so a copy never points into another buffer's storage. */
#define SL_TEXT_SLOTS 8
#define SL_TEXT_LEN \
  40 /* a double's shortest text (g_ascii_dtostr)
                                 * takes at most 38 characters */

typedef struct
{
  guint n;
  struct
  {
    GQuark key;
    gchar text[SL_TEXT_LEN];
  } slot[SL_TEXT_SLOTS];
} SlMetadataText;

static GQuark
quark_text_get (void)
{
  static GQuark q = 0;

  if (G_UNLIKELY (q == 0))
    q = g_quark_from_static_string ("sl-metadata-text");
  return q;
}

/**
 * gst_sl_buffer_set_metadata_text:
 * @buffer: a writable #GstBuffer
 * @key: a metadata key (a valid GstStructure field name)
 * @value: (nullable): the value, or %NULL to remove @key
 *
 * Sets @key to @value, as gst_sl_buffer_set_metadata() does, but without
 * allocating once the buffer has carried @key: a value shorter than 40
 * bytes is copied into storage attached to @buffer (kept while a pooled
 * buffer is recycled) and rewritten there in place the next time. Readers
 * see an ordinary string field; a copy of the metadata holds its own copy
 * of the text. Up to 8 keys per buffer are held this way, further ones and
 * longer values as ordinary strings.
 */
void
gst_sl_buffer_set_metadata_text (GstBuffer *buffer, const gchar *key,
    const gchar *value)
{
  GstStructure *md;
  SlMetadataText *t;
  GValue *v;
  GQuark q;
  gchar *text;
  gsize len;
  guint i;

  g_return_if_fail (GST_IS_BUFFER (buffer));
  g_return_if_fail (key != NULL);

  len = value ? strlen (value) : SL_TEXT_LEN;
  if (len >= SL_TEXT_LEN) {
    gst_sl_buffer_set_metadata (buffer, key, value);
    return;
  }
  md = get_metadata (buffer, TRUE);
  g_return_if_fail (md != NULL);
  q = g_quark_from_string (key);
  t = gst_mini_object_get_qdata (GST_MINI_OBJECT_CAST (buffer),
      quark_text_get ());
  if (t == NULL) {
    t = g_new0 (SlMetadataText, 1);
    gst_mini_object_set_qdata (GST_MINI_OBJECT_CAST (buffer), quark_text_get (),
        t, g_free);
  }
  for (i = 0; i < t->n && t->slot[i].key != q; i++)
    ;
  if (i == SL_TEXT_SLOTS) {
    gst_structure_id_set (md, q, G_TYPE_STRING, value, NULL);
    return;
  }
  if (i == t->n) {
    t->slot[i].key = q;
    t->n++;
  }
  text = t->slot[i].text;
  v = (GValue *) gst_structure_id_get_value (md, q);
  if (value != text)
    memmove (text, value, len + 1);
  /* the steady state: the field already shows this buffer's text */
  if (v != NULL && G_VALUE_HOLDS_STRING (v) && g_value_get_string (v) == text)
    return;
  {
    GValue nv = G_VALUE_INIT;

    g_value_init (&nv, G_TYPE_STRING);
    g_value_set_static_string (&nv, text);
    gst_structure_id_take_value (md, q, &nv);
  }
}

/**
 * gst_sl_buffer_set_metadata_uint64:
 * @buffer: a writable #GstBuffer
 * @key: a metadata key (a valid GstStructure field name)
 * @value: the number
 *
 * Sets @key to the decimal text of @value with
 * gst_sl_buffer_set_metadata_text(): no allocation once the buffer has
 * carried @key.
 */
void
gst_sl_buffer_set_metadata_uint64 (GstBuffer *buffer, const gchar *key,
    guint64 value)
{
  gchar num[24];

  g_snprintf (num, sizeof num, "%" G_GUINT64_FORMAT, value);
  gst_sl_buffer_set_metadata_text (buffer, key, num);
}

static gboolean
key_listed (const gchar *const *keys, const gchar *name)
{
  for (; keys && *keys; keys++)
    if (strcmp (*keys, name) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  const GstStructure *other;
  const gchar *const *except;
  guint n; /* fields seen that are not in except */
  gboolean equal;
} SlCompareExcept;

static gboolean
compare_field (GQuark field, const GValue *value, gpointer user_data)
{
  SlCompareExcept *c = user_data;
  const GValue *o;

  if (key_listed (c->except, g_quark_to_string (field)))
    return TRUE;
  c->n++;
  if (c->other == NULL)
    return TRUE;
  o = gst_structure_id_get_value (c->other, field);
  if (o == NULL || gst_value_compare (value, o) != GST_VALUE_EQUAL) {
    c->equal = FALSE;
    return FALSE;
  }
  return TRUE;
}

/* The fields of @a not in @except, equal in @b, and as many of them. */
static gboolean
equal_except (const GstStructure *a, const GstStructure *b,
    const gchar *const *except)
{
  SlCompareExcept ca = { b, except, 0, TRUE }, cb = { NULL, except, 0, TRUE };

  if (a)
    gst_structure_foreach (a, compare_field, &ca);
  if (!ca.equal)
    return FALSE;
  if (b)
    gst_structure_foreach (b, compare_field, &cb);
  return ca.n == cb.n;
}

/**
 * gst_sl_buffer_replace_metadata_except:
 * @buffer: a writable #GstBuffer
 * @metadata: (nullable): string fields to carry, or %NULL for none
 * @except: (array zero-terminated=1) (nullable): keys that @buffer keeps
 *   (their values in @metadata are ignored)
 *
 * Replaces the frame's metadata with a copy of @metadata, except for the
 * fields named in @except, which keep their value on @buffer: what an
 * element does that passes its input's metadata on and adds fields of its
 * own. Does nothing (and allocates nothing) when the other fields are
 * already equal, the steady state of an element writing pooled buffers.
 */
void
gst_sl_buffer_replace_metadata_except (GstBuffer *buffer,
    const GstStructure *metadata, const gchar *const *except)
{
  GstStructure *cur, *copy, *s;
  GstCustomMeta *meta;
  const gchar *const *k;

  g_return_if_fail (GST_IS_BUFFER (buffer));

  cur = get_metadata (buffer, FALSE);
  if (equal_except (cur, metadata, except))
    return;

  copy = metadata ? gst_structure_copy (metadata)
                  : gst_structure_new_empty ("metadata");
  gst_structure_set_name (copy, "metadata");
  for (k = except; k && *k; k++) {
    const GValue *v = cur ? gst_structure_get_value (cur, *k) : NULL;

    if (v)
      gst_structure_set_value (copy, *k, v);
    else
      gst_structure_remove_field (copy, *k);
  }
  meta = gst_sl_buffer_ensure_data_frame_meta (buffer, FALSE);
  s = gst_custom_meta_get_structure (meta);
  {
    GValue nv = G_VALUE_INIT;

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
gst_sl_pad_set_takes_lists (GstPad *sinkpad)
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
gst_sl_pad_peer_takes_lists (GstPad *srcpad)
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
