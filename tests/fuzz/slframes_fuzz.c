/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* libFuzzer target: any bytes through the streamlab-frames reader (the
 * parser behind sldepay), cut in pieces whose sizes the input chooses, with
 * on-corrupt=error and resync. Whatever the bytes: no crash, no read out of
 * bounds, no allocation beyond the limits, progress on every call, and every
 * frame a whole number of samples of the caps read before it. */

#include <string.h>
#include <gst/gst.h>

#include "gstslwire.h"
#include "gstslmeta.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* Reads everything complete; FALSE when the reader stopped on corruption. */
static gboolean
drain (SlWireReader *r)
{
  for (;;) {
    gsize before = gst_adapter_available (r->adapter);
    SlWireRead what = sl_wire_reader_next (r);

    switch (what) {
      case SL_WIRE_READ_NEED_DATA:
        return TRUE;
      case SL_WIRE_READ_FRAME: {
        GstMapInfo map;

        g_assert (r->out_frame != NULL && r->bpf > 0);
        g_assert (gst_buffer_map (r->out_frame, &map, GST_MAP_READ));
        g_assert (map.size % r->bpf == 0);
        g_assert (map.size <= r->max_payload);
        if (map.size)
          g_assert (((guintptr) map.data) % r->bps == 0);
        gst_buffer_unmap (r->out_frame, &map);
        break;
      }
      case SL_WIRE_READ_CAPS:
        g_assert (r->out_caps != NULL && gst_caps_is_fixed (r->out_caps));
        break;
      case SL_WIRE_READ_TAGS:
        g_assert (r->out_names != NULL);
        break;
      case SL_WIRE_READ_SEGMENT:
      case SL_WIRE_READ_EOS:
        break;
      case SL_WIRE_READ_CORRUPT:
        g_assert (r->problem != NULL && r->problem_detail != NULL);
        if (!r->resync)
          return FALSE;
        /* resync always moves on */
        g_assert (gst_adapter_available (r->adapter) < before || before == 0);
        break;
    }
  }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static gboolean initialized = FALSE;
  SlWireReader r;
  gsize pos = 1, piece;
  gboolean ok = TRUE;

  if (!initialized) {
    gst_init (NULL, NULL);
    gst_sl_data_frame_meta_register ();
    initialized = TRUE;
  }
  if (size < 1)
    return 0;

  sl_wire_reader_init (&r);
  r.resync = data[0] & 1;
  r.max_payload = 1 << 20;
  /* pieces of 1 .. 128 bytes, or everything at once */
  piece = (data[0] >> 1) ? (data[0] >> 1) : size;
  while (ok && pos < size) {
    gsize n = MIN (piece, size - pos);

    sl_wire_reader_push (&r, gst_buffer_new_memdup (data + pos, n));
    pos += n;
    ok = drain (&r);
  }
  if (ok) {
    sl_wire_reader_set_eos (&r);
    ok = drain (&r);
    if (r.resync)
      g_assert (gst_adapter_available (r.adapter) == 0);
  }
  sl_wire_reader_clear (&r);
  return 0;
}
