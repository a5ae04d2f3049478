/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_FRAMER_H__
#define __GST_SL_FRAMER_H__

#include <gst/gst.h>

G_BEGIN_DECLS

typedef enum
{
  GST_SL_FRAMER_SEQ_MODE_RESTAMP,
  GST_SL_FRAMER_SEQ_MODE_KEEP,
} GstSlFramerSeqMode;

#define GST_TYPE_SL_FRAMER_SEQ_MODE (gst_sl_framer_seq_mode_get_type ())
GType gst_sl_framer_seq_mode_get_type (void);

/**
 * GST_SL_FRAME_METADATA_EVENT:
 *
 * Name of the serialized custom downstream event whose structure's string
 * fields slframer adds to the metadata of the next frame it pushes.
 */
#define GST_SL_FRAME_METADATA_EVENT "sl-frame-metadata"

#define GST_TYPE_SL_FRAMER (gst_sl_framer_get_type ())
G_DECLARE_FINAL_TYPE (GstSlFramer, gst_sl_framer, GST, SL_FRAMER, GstElement)

GST_ELEMENT_REGISTER_DECLARE (slframer);

G_END_DECLS

#endif /* __GST_SL_FRAMER_H__ */
