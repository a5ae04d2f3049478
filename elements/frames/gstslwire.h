/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The `application/x-streamlab-frames` wire format (version 1), described in
 * docs/formats/streamlab-frames.md: the writer used by slpay and the reader
 * used by sldepay and by the parser's fuzz target. */

#ifndef __GST_SL_WIRE_H__
#define __GST_SL_WIRE_H__

#include <gst/gst.h>
#include <gst/base/gstadapter.h>
#include <gst/audio/audio.h>

G_BEGIN_DECLS

#define SL_WIRE_MEDIA_TYPE "application/x-streamlab-frames"
#define SL_WIRE_VERSION 1

#define SL_WIRE_HEADER_SIZE 16
#define SL_WIRE_TRAILER_SIZE 8
#define SL_WIRE_FRAME_FIELDS_SIZE 64
#define SL_WIRE_SEGMENT_FIELDS_SIZE 48

/* Limits on every length (the format's, whatever the reader's settings). */
#define SL_WIRE_MAX_CAPS 4096
#define SL_WIRE_MAX_METADATA 65536
#define SL_WIRE_MAX_CHANNEL_NAMES 4096
#define SL_WIRE_MAX_NAME 1024
#define SL_WIRE_MAX_TAGS 262144
#define SL_WIRE_MAX_PAYLOAD (G_GUINT64_CONSTANT (1) << 30)
#define SL_WIRE_DEFAULT_MAX_PAYLOAD (64 * 1024 * 1024)

typedef enum
{
  SL_WIRE_CAPS = 1,
  SL_WIRE_TAGS = 2,
  SL_WIRE_SEGMENT = 3,
  SL_WIRE_FRAME = 4,
  SL_WIRE_EOS = 5,
  SL_WIRE_SENT = 6, /* the send time of the next frame packet (optional) */
} SlWireType;

/* The SENT packet's body: the sender's wall-clock time (CLOCK_REALTIME, ns
 * since the Unix epoch) when it wrote the frame packet that follows. A
 * reader of the first revision of version 1 skips it as an unknown type. */
#define SL_WIRE_SENT_FIELDS_SIZE 8
#define SL_WIRE_SENT_PACKET_SIZE \
  (SL_WIRE_HEADER_SIZE + SL_WIRE_SENT_FIELDS_SIZE + SL_WIRE_TRAILER_SIZE)

/* Caps of the GstReferenceTimestampMeta the reader attaches to a frame that
 * a SENT packet preceded. */
#define SL_WIRE_SENT_TIMESTAMP_CAPS "timestamp/x-streamlab-sent"

/* frame flags */
#define SL_WIRE_FLAG_DISCONT (1 << 0)
#define SL_WIRE_FLAG_GAP (1 << 1)
#define SL_WIRE_FLAG_HAS_SEQ (1 << 2)
#define SL_WIRE_FLAG_RESYNC (1 << 3)
#define SL_WIRE_FLAG_KNOWN 0xf

/* ---- writer ---- */

/* A packet without samples (caps, tags, segment, eos), as one buffer. */
GstBuffer *sl_wire_write_caps (const GstCaps *caps);
GstBuffer *sl_wire_write_tags (const gchar *const *names, guint n_names);
GstBuffer *sl_wire_write_segment (const GstSegment *segment);
GstBuffer *sl_wire_write_eos (void);

/* The header of a frame packet (everything before the samples) and its
 * trailer, as one memory each: the packet is
 * header ! samples (@payload_size bytes) ! trailer. With @sent_ns >= 0, the
 * header memory starts with a SENT packet carrying it. */
void sl_wire_write_frame_parts (GstBuffer *frame, gsize payload_size,
    const gchar *metadata, gsize metadata_len, gint64 sent_ns,
    GstMemory **header, GstMemory **trailer);

/* The size of the frame packet carrying @payload_size bytes of samples and
 * @metadata_len bytes of metadata (without a SENT packet). */
guint64 sl_wire_frame_packet_size (guint64 payload_size, gsize metadata_len);

/* The sender's clock for SENT packets: CLOCK_REALTIME in ns. */
gint64 sl_wire_now_ns (void);

/* ---- reader ---- */

typedef enum
{
  SL_WIRE_READ_NEED_DATA, /* nothing complete yet */
  SL_WIRE_READ_CAPS,
  SL_WIRE_READ_TAGS,
  SL_WIRE_READ_SEGMENT,
  SL_WIRE_READ_FRAME,
  SL_WIRE_READ_EOS,
  SL_WIRE_READ_CORRUPT, /* see problem and offset; with resync the
                                 * reader has skipped the bad bytes */
} SlWireRead;

typedef struct
{
  /* settings */
  guint64 max_payload; /* bytes of samples per frame */
  gboolean resync;     /* skip bad bytes and carry on */

  /* state */
  GstAdapter *adapter;
  guint64 offset;     /* stream offset of the adapter's first byte */
  gboolean in_sync;   /* FALSE while skipping after corruption */
  guint64 skip_start; /* stream offset where skipping began */
  GstCaps *caps;      /* the latest caps packet's caps */
  GstAudioInfo info;  /* of those caps */
  gint bpf;           /* bytes per frame of those caps */
  gboolean planar;
  gint channels;
  gint bps;
  gboolean eos; /* the input ended: a partial packet is
                                 * corrupt */

  /* counters */
  guint64 packets;
  guint64 frames;
  guint64 frames_corrupt; /* times the reader lost the packets */
  guint64 bytes_skipped;

  /* the last result */
  GstCaps *out_caps;          /* READ_CAPS: transfer to the caller */
  gchar **out_names;          /* READ_TAGS: transfer to the caller */
  GstSegment out_segment;     /* READ_SEGMENT */
  GstBuffer *out_frame;       /* READ_FRAME: transfer to the caller */
  gchar *out_metadata_cache;  /* last metadata string seen */
  GstStructure *out_metadata; /* and its parse */
  gint64 sent_ns;             /* from a SENT packet for the next frame,
                                 * -1 = none */
  GstCaps *sent_caps;         /* SL_WIRE_SENT_TIMESTAMP_CAPS */
  const gchar *problem;       /* READ_CORRUPT: untranslated (N_()) text */
  gchar *problem_detail;      /* READ_CORRUPT: precise detail */
  guint64 problem_offset;     /* READ_CORRUPT: stream offset */
  guint64 problem_skipped;    /* READ_CORRUPT: bytes skipped (resync) */
} SlWireReader;

void sl_wire_reader_init (SlWireReader *r);
void sl_wire_reader_clear (SlWireReader *r);
void sl_wire_reader_reset (SlWireReader *r);
/* Takes @buf. */
void sl_wire_reader_push (SlWireReader *r, GstBuffer *buf);
/* The input ended: the bytes left (if any) are a truncated packet. */
void sl_wire_reader_set_eos (SlWireReader *r);
SlWireRead sl_wire_reader_next (SlWireReader *r);

G_END_DECLS

#endif /* __GST_SL_WIRE_H__ */
