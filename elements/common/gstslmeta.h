/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_META_H__
#define __GST_SL_META_H__

#include <gst/gst.h>
#include <gst/streamlab/streamlab-prelude.h>

G_BEGIN_DECLS

/**
 * GST_SL_DATA_FRAME_META_NAME:
 *
 * Name under which the DataFrame meta is registered with
 * gst_meta_register_custom(). Any application reads it with standard API:
 * `gst_buffer_get_custom_meta (buffer, "SlDataFrameMeta")` in C,
 * `buffer.get_custom_meta ("SlDataFrameMeta")` in Python.
 *
 * The meta's structure holds:
 * - `seq` (guint64): the frame's sequence id, contiguous from 0 per source;
 * - `metadata` (GstStructure, optional): string fields, the DataFrame's
 *   side-channel metadata.
 */
#define GST_SL_DATA_FRAME_META_NAME "SlDataFrameMeta"

/**
 * GST_SL_TAG_CHANNEL_NAMES:
 *
 * Stream tag holding the channel names: one string value per channel, in
 * channel order (read them with gst_tag_list_get_string_index()).
 */
#define GST_SL_TAG_CHANNEL_NAMES "sl-channel-names"

GST_STREAMLAB_API
void gst_sl_data_frame_meta_register (void);

GST_STREAMLAB_API
GstCustomMeta *gst_sl_buffer_get_data_frame_meta (GstBuffer *buffer);
GST_STREAMLAB_API
GstCustomMeta *gst_sl_buffer_ensure_data_frame_meta (GstBuffer *buffer,
    gboolean pooled);

GST_STREAMLAB_API
void gst_sl_buffer_set_seq (GstBuffer *buffer, guint64 seq);
GST_STREAMLAB_API
gboolean gst_sl_buffer_get_seq (GstBuffer *buffer, guint64 *seq);

GST_STREAMLAB_API
void gst_sl_buffer_set_metadata (GstBuffer *buffer, const gchar *key,
    const gchar *value);
GST_STREAMLAB_API
const gchar *gst_sl_buffer_get_metadata (GstBuffer *buffer, const gchar *key);
GST_STREAMLAB_API
const GstStructure *gst_sl_buffer_peek_metadata (GstBuffer *buffer);
GST_STREAMLAB_API
void gst_sl_buffer_replace_metadata (GstBuffer *buffer,
    const GstStructure *metadata);

GST_STREAMLAB_API
void gst_sl_buffer_copy_data_frame_meta (GstBuffer *dest, GstBuffer *src);
GST_STREAMLAB_API
void gst_sl_buffer_replace_metadata_except (GstBuffer *buffer,
    const GstStructure *metadata, const gchar *const *except);
GST_STREAMLAB_API
void gst_sl_buffer_set_metadata_text (GstBuffer *buffer, const gchar *key,
    const gchar *value);
GST_STREAMLAB_API
void gst_sl_buffer_set_metadata_uint64 (GstBuffer *buffer, const gchar *key,
    guint64 value);

GST_STREAMLAB_API
void gst_sl_pad_set_takes_lists (GstPad *sinkpad);
GST_STREAMLAB_API
gboolean gst_sl_pad_peer_takes_lists (GstPad *srcpad);

G_END_DECLS

#endif /* __GST_SL_META_H__ */
