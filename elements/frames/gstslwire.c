/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The streamlab-frames wire format, version 1 (docs/formats/streamlab-frames.md).
 *
 * Every packet: a 16-byte header (sync word "SLFR", version, type, flags,
 * body length, a check over the first 12 bytes), a body whose layout the type
 * gives, and an 8-byte trailer ("SLFE", the packet length) so that a reader
 * finds an insertion or a truncation inside a packet, not only between
 * packets. Samples are not checksummed: that would cost more than the rest of
 * the path together; the transports below (TCP, SRT) carry their own. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include <time.h>

#include <gst/audio/audio.h>

#include "gstslwire.h"
#include "gstsldataframe.h"
#include "gstslmeta.h"

#ifdef ENABLE_NLS
#include <glib/gi18n-lib.h>
#else
#define N_(s) (s)
#endif

#define SYNC0 'S'
#define SYNC1 'L'
#define SYNC2 'F'
#define SYNC3 'R'
#define SYNC_BE 0x534c4652u /* "SLFR" read big-endian, for the scan */
#define TRAILER_MAGIC "SLFE"

#define ALIGN8(x) (((x) + 7) & ~((guint64) 7))

/* Little-endian loads and stores at any alignment (the bytes come from
 * anywhere in the transport's buffers). */
static inline guint32
rd32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

static inline guint64
rd64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, 8);
  return GUINT64_FROM_LE (v);
}

static inline gdouble
rddouble (const guint8 *p)
{
  guint64 v = rd64 (p);
  gdouble d;

  memcpy (&d, &v, 8);
  return d;
}

static inline void
wr16 (guint8 *p, guint16 v)
{
  v = GUINT16_TO_LE (v);
  memcpy (p, &v, 2);
}

static inline void
wr32 (guint8 *p, guint32 v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, 4);
}

static inline void
wr64 (guint8 *p, guint64 v)
{
  v = GUINT64_TO_LE (v);
  memcpy (p, &v, 8);
}

static inline void
wrdouble (guint8 *p, gdouble d)
{
  guint64 v;

  memcpy (&v, &d, 8);
  wr64 (p, v);
}

/* FNV-1a over the header's first 12 bytes. */
static guint32
header_check (const guint8 *h)
{
  guint32 x = 2166136261u;
  gint i;

  for (i = 0; i < 12; i++) {
    x ^= h[i];
    x *= 16777619u;
  }
  return x;
}

static void
write_header (guint8 *h, SlWireType type, guint32 body_len)
{
  h[0] = SYNC0;
  h[1] = SYNC1;
  h[2] = SYNC2;
  h[3] = SYNC3;
  h[4] = SL_WIRE_VERSION;
  h[5] = (guint8) type;
  wr16 (h + 6, 0);
  wr32 (h + 8, body_len);
  wr32 (h + 12, header_check (h));
}

static void
write_trailer (guint8 *t, guint64 packet_len)
{
  /* the magic's 4 bytes, no NUL: a binary field */
  /* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
  memcpy (t, TRAILER_MAGIC, 4);
  wr32 (t + 4, (guint32) packet_len);
}

/* A packet whose body is @fields (@len bytes), zero padded so that the trailer
 * starts 8-aligned. */
static GstBuffer *
write_small (SlWireType type, const guint8 *fields, gsize len)
{
  guint64 total = ALIGN8 (SL_WIRE_HEADER_SIZE + len) + SL_WIRE_TRAILER_SIZE;
  GstBuffer *buf = gst_buffer_new_allocate (NULL, total, NULL);
  GstMapInfo map;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  memset (map.data, 0, total);
  write_header (map.data, type, total - SL_WIRE_HEADER_SIZE);
  if (len)
    memcpy (map.data + SL_WIRE_HEADER_SIZE, fields, len);
  write_trailer (map.data + total - SL_WIRE_TRAILER_SIZE, total);
  gst_buffer_unmap (buf, &map);
  return buf;
}

GstBuffer *
sl_wire_write_caps (const GstCaps *caps)
{
  gchar *s = gst_caps_to_string (caps);
  gsize n = strlen (s);
  guint8 *fields = g_malloc (4 + n);
  GstBuffer *buf;

  wr32 (fields, (guint32) n);
  /* a length-prefixed string, no NUL */
  /* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
  memcpy (fields + 4, s, n);
  buf = write_small (SL_WIRE_CAPS, fields, 4 + n);
  g_free (fields);
  g_free (s);
  return buf;
}

GstBuffer *
sl_wire_write_tags (const gchar *const *names, guint n_names)
{
  GByteArray *a = g_byte_array_new ();
  guint8 w[4];
  GstBuffer *buf;
  guint i;

  wr32 (w, n_names);
  g_byte_array_append (a, w, 4);
  for (i = 0; i < n_names; i++) {
    gsize n = strlen (names[i]);

    wr32 (w, (guint32) n);
    g_byte_array_append (a, w, 4);
    g_byte_array_append (a, (const guint8 *) names[i], n);
  }
  buf = write_small (SL_WIRE_TAGS, a->data, a->len);
  g_byte_array_unref (a);
  return buf;
}

GstBuffer *
sl_wire_write_segment (const GstSegment *segment)
{
  guint8 f[SL_WIRE_SEGMENT_FIELDS_SIZE];

  wr32 (f, segment->flags);
  wr32 (f + 4, 0);
  wrdouble (f + 8, segment->rate);
  wr64 (f + 16, segment->start);
  wr64 (f + 24, segment->stop);
  wr64 (f + 32, segment->time);
  wr64 (f + 40, segment->position);
  return write_small (SL_WIRE_SEGMENT, f, sizeof (f));
}

GstBuffer *
sl_wire_write_eos (void)
{
  return write_small (SL_WIRE_EOS, NULL, 0);
}

guint64
sl_wire_frame_packet_size (guint64 payload_size, gsize metadata_len)
{
  return ALIGN8 (SL_WIRE_HEADER_SIZE + SL_WIRE_FRAME_FIELDS_SIZE +
             (guint64) metadata_len) +
      payload_size + SL_WIRE_TRAILER_SIZE;
}

gint64
sl_wire_now_ns (void)
{
  struct timespec t;

  if (clock_gettime (CLOCK_REALTIME, &t) != 0)
    return g_get_real_time () * 1000;
  return (gint64) t.tv_sec * 1000000000 + t.tv_nsec;
}

void
sl_wire_write_frame_parts (GstBuffer *frame, gsize payload_size,
    const gchar *metadata, gsize metadata_len, gint64 sent_ns,
    GstMemory **header, GstMemory **trailer)
{
  gsize hlen =
      ALIGN8 (SL_WIRE_HEADER_SIZE + SL_WIRE_FRAME_FIELDS_SIZE + metadata_len);
  gsize pre = sent_ns >= 0 ? SL_WIRE_SENT_PACKET_SIZE : 0;
  guint64 total = sl_wire_frame_packet_size (payload_size, metadata_len);
  GstMemory *mem = gst_allocator_alloc (NULL, pre + hlen, NULL);
  GstMemory *tmem = gst_allocator_alloc (NULL, SL_WIRE_TRAILER_SIZE, NULL);
  guint8 *f;
  GstMapInfo map;
  guint32 flags = 0;
  guint64 seq = 0;

  if (GST_BUFFER_FLAG_IS_SET (frame, GST_BUFFER_FLAG_DISCONT))
    flags |= SL_WIRE_FLAG_DISCONT;
  if (GST_BUFFER_FLAG_IS_SET (frame, GST_BUFFER_FLAG_GAP))
    flags |= SL_WIRE_FLAG_GAP;
  if (GST_BUFFER_FLAG_IS_SET (frame, GST_BUFFER_FLAG_RESYNC))
    flags |= SL_WIRE_FLAG_RESYNC;
  if (gst_sl_buffer_get_seq (frame, &seq))
    flags |= SL_WIRE_FLAG_HAS_SEQ;

  gst_memory_map (mem, &map, GST_MAP_WRITE);
  if (pre) {
    write_header (map.data, SL_WIRE_SENT, pre - SL_WIRE_HEADER_SIZE);
    wr64 (map.data + SL_WIRE_HEADER_SIZE, (guint64) sent_ns);
    write_trailer (map.data + pre - SL_WIRE_TRAILER_SIZE, pre);
  }
  write_header (map.data + pre, SL_WIRE_FRAME, total - SL_WIRE_HEADER_SIZE);
  f = map.data + pre + SL_WIRE_HEADER_SIZE;
  wr64 (f, GST_BUFFER_PTS (frame));
  wr64 (f + 8, GST_BUFFER_DTS (frame));
  wr64 (f + 16, GST_BUFFER_DURATION (frame));
  wr64 (f + 24, GST_BUFFER_OFFSET (frame));
  wr64 (f + 32, GST_BUFFER_OFFSET_END (frame));
  wr64 (f + 40, seq);
  wr32 (f + 48, flags);
  wr32 (f + 52, (guint32) metadata_len);
  wr64 (f + 56, (guint64) payload_size);
  if (metadata_len)
    memcpy (f + SL_WIRE_FRAME_FIELDS_SIZE, metadata, metadata_len);
  memset (f + SL_WIRE_FRAME_FIELDS_SIZE + metadata_len, 0,
      hlen - SL_WIRE_HEADER_SIZE - SL_WIRE_FRAME_FIELDS_SIZE - metadata_len);
  gst_memory_unmap (mem, &map);

  gst_memory_map (tmem, &map, GST_MAP_WRITE);
  write_trailer (map.data, total);
  gst_memory_unmap (tmem, &map);

  *header = mem;
  *trailer = tmem;
}

/* ------------------------------------------------------------------ */
/* Reader */

void
sl_wire_reader_init (SlWireReader *r)
{
  memset (r, 0, sizeof (*r));
  r->max_payload = SL_WIRE_DEFAULT_MAX_PAYLOAD;
  r->adapter = gst_adapter_new ();
  r->in_sync = TRUE;
  r->sent_ns = -1;
  r->sent_caps = gst_caps_from_string (SL_WIRE_SENT_TIMESTAMP_CAPS);
  gst_segment_init (&r->out_segment, GST_FORMAT_TIME);
}

static void
clear_results (SlWireReader *r)
{
  gst_clear_caps (&r->out_caps);
  g_clear_pointer (&r->out_names, g_strfreev);
  gst_clear_buffer (&r->out_frame);
  g_clear_pointer (&r->problem_detail, g_free);
  r->problem = NULL;
}

void
sl_wire_reader_reset (SlWireReader *r)
{
  clear_results (r);
  gst_adapter_clear (r->adapter);
  gst_clear_caps (&r->caps);
  g_clear_pointer (&r->out_metadata_cache, g_free);
  g_clear_pointer (&r->out_metadata, gst_structure_free);
  r->offset = 0;
  r->in_sync = TRUE;
  r->eos = FALSE;
  r->bpf = 0;
  r->sent_ns = -1;
  r->packets = r->frames = r->frames_corrupt = r->bytes_skipped = 0;
}

void
sl_wire_reader_clear (SlWireReader *r)
{
  sl_wire_reader_reset (r);
  g_clear_object (&r->adapter);
  gst_clear_caps (&r->sent_caps);
}

void
sl_wire_reader_push (SlWireReader *r, GstBuffer *buf)
{
  gst_adapter_push (r->adapter, buf);
}

void
sl_wire_reader_set_eos (SlWireReader *r)
{
  r->eos = TRUE;
}

static void
flush (SlWireReader *r, gsize n)
{
  gst_adapter_flush (r->adapter, n);
  r->offset += n;
}

/* The packet at the adapter's start is bad. */
static SlWireRead
corrupt (SlWireReader *r, const gchar *problem, gchar *detail)
{
  r->problem = problem;
  r->problem_detail = detail;
  r->problem_offset = r->offset;
  r->sent_ns = -1; /* it was for a lost frame */
  r->problem_skipped = 0;
  if (r->resync) {
    r->frames_corrupt++;
    r->in_sync = FALSE;
    /* skip at least the sync word that led here */
    r->bytes_skipped++;
    r->problem_skipped++;
    flush (r, 1);
  }
  return SL_WIRE_READ_CORRUPT;
}

static gboolean
valid_text (const guint8 *s, gsize n)
{
  return g_utf8_validate_len ((const gchar *) s, n, NULL) &&
      memchr (s, 0, n) == NULL;
}

static gboolean
string_field (GQuark field, const GValue *value, gpointer user_data)
{
  return G_VALUE_HOLDS_STRING (value);
}

/* Searches the next sync word; TRUE when the adapter starts with one. */
static gboolean
scan (SlWireReader *r)
{
  gsize avail = gst_adapter_available (r->adapter);
  gssize pos;

  if (avail < 4) {
    if (r->eos && avail > 0) {
      r->bytes_skipped += avail;
      flush (r, avail);
    }
    return FALSE;
  }
  pos = gst_adapter_masked_scan_uint32 (r->adapter, 0xffffffff, SYNC_BE, 0,
      avail);
  if (pos < 0) {
    gsize n = r->eos ? avail : avail - 3;

    r->bytes_skipped += n;
    flush (r, n);
    return FALSE;
  }
  r->bytes_skipped += pos;
  flush (r, pos);
  r->in_sync = TRUE;
  return TRUE;
}


/* GstAudioInfo takes channels=0 with a critical warning and no bytes per
 * sample (a division by zero later): refuse such caps first, and caps with
 * more channels than a DataFrame has (sldepay's pad would refuse them). */
static gboolean
channels_in_range (GstCaps *caps)
{
  gint channels;

  return gst_structure_get_int (gst_caps_get_structure (caps, 0), "channels",
             &channels) &&
      channels > 0 && channels <= SL_MAX_CHANNELS;
}

static SlWireRead
read_caps (SlWireReader *r, const guint8 *body, guint32 len)
{
  guint32 n = rd32 (body);
  gchar *str;
  GstCaps *caps;
  GstAudioInfo info;

  if (n > SL_WIRE_MAX_CAPS)
    return corrupt (r, N_ ("caps longer than the limit"),
        g_strdup_printf ("%u bytes of caps, limit %u", n, SL_WIRE_MAX_CAPS));
  if (ALIGN8 (SL_WIRE_HEADER_SIZE + 4 + (guint64) n) + SL_WIRE_TRAILER_SIZE !=
      SL_WIRE_HEADER_SIZE + (guint64) len)
    return corrupt (r, N_ ("packet length does not match its contents"),
        g_strdup_printf ("caps packet of %u bytes holds %u bytes of caps", len,
            n));
  if (!valid_text (body + 4, n))
    return corrupt (r, N_ ("invalid UTF-8 text"),
        g_strdup ("caps string is not valid UTF-8"));
  str = g_strndup ((const gchar *) body + 4, n);
  caps = gst_caps_from_string (str);
  if (caps == NULL || !gst_caps_is_fixed (caps) ||
      !gst_structure_has_name (gst_caps_get_structure (caps, 0),
          "audio/x-raw") ||
      !channels_in_range (caps) || !gst_audio_info_from_caps (&info, caps) ||
      (GST_AUDIO_INFO_FORMAT (&info) != GST_AUDIO_FORMAT_F64LE &&
          GST_AUDIO_INFO_FORMAT (&info) != GST_AUDIO_FORMAT_F32LE) ||
      GST_AUDIO_INFO_BPF (&info) <= 0) {
    gchar *detail = g_strdup_printf ("caps '%s'", str);

    gst_clear_caps (&caps);
    g_free (str);
    return corrupt (r, N_ ("caps that are not F32LE or F64LE audio"), detail);
  }
  g_free (str);
  gst_caps_replace (&r->caps, caps);
  r->info = info;
  r->bpf = GST_AUDIO_INFO_BPF (&info);
  r->bps = GST_AUDIO_INFO_BPS (&info);
  r->channels = GST_AUDIO_INFO_CHANNELS (&info);
  r->planar = GST_AUDIO_INFO_LAYOUT (&info) == GST_AUDIO_LAYOUT_NON_INTERLEAVED;
  r->out_caps = caps;
  return SL_WIRE_READ_CAPS;
}

static SlWireRead
read_tags (SlWireReader *r, const guint8 *body, guint32 len)
{
  /* the body without its trailer */
  guint64 end = len - SL_WIRE_TRAILER_SIZE, pos = 4;
  guint32 count = rd32 (body), i;
  GPtrArray *names;

  if (count > SL_WIRE_MAX_CHANNEL_NAMES)
    return corrupt (r, N_ ("more channel names than the limit"),
        g_strdup_printf ("%u names, limit %u", count,
            SL_WIRE_MAX_CHANNEL_NAMES));
  names = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; i < count; i++) {
    guint32 n;

    if (pos + 4 > end)
      goto short_body;
    n = rd32 (body + pos);
    pos += 4;
    if (n > SL_WIRE_MAX_NAME) {
      g_ptr_array_unref (names);
      return corrupt (r, N_ ("a channel name longer than the limit"),
          g_strdup_printf ("name %u has %u bytes, limit %u", i, n,
              SL_WIRE_MAX_NAME));
    }
    if (pos + n > end)
      goto short_body;
    if (!valid_text (body + pos, n)) {
      g_ptr_array_unref (names);
      return corrupt (r, N_ ("invalid UTF-8 text"),
          g_strdup_printf ("channel name %u is not valid UTF-8", i));
    }
    g_ptr_array_add (names, g_strndup ((const gchar *) body + pos, n));
    pos += n;
  }
  if (ALIGN8 (SL_WIRE_HEADER_SIZE + pos) != SL_WIRE_HEADER_SIZE + end)
    goto short_body;
  g_ptr_array_add (names, NULL);
  r->out_names = (gchar **) g_ptr_array_free (names, FALSE);
  return SL_WIRE_READ_TAGS;

short_body:
  g_ptr_array_unref (names);
  return corrupt (r, N_ ("packet length does not match its contents"),
      g_strdup_printf ("tags packet of %u bytes", len));
}

static SlWireRead
read_segment (SlWireReader *r, const guint8 *f)
{
  GstSegment *s = &r->out_segment;
  gdouble rate = rddouble (f + 8);

  gst_segment_init (s, GST_FORMAT_TIME);
  s->flags = rd32 (f) &
      (GST_SEGMENT_FLAG_RESET | GST_SEGMENT_FLAG_TRICKMODE |
          GST_SEGMENT_FLAG_SKIP | GST_SEGMENT_FLAG_SEGMENT);
  s->rate = rate;
  s->start = rd64 (f + 16);
  s->stop = rd64 (f + 24);
  s->time = rd64 (f + 32);
  s->position = rd64 (f + 40);
  if (!isfinite (rate) || rate == 0.0 || !GST_CLOCK_TIME_IS_VALID (s->start) ||
      (GST_CLOCK_TIME_IS_VALID (s->stop) && s->stop < s->start)) {
    gst_segment_init (s, GST_FORMAT_TIME);
    return corrupt (r, N_ ("an invalid segment"),
        g_strdup_printf ("rate %g", rate));
  }
  return SL_WIRE_READ_SEGMENT;
}

/* The frame packet at the adapter's start, @total bytes, all available;
 * @f points to its fixed fields (mapped). */
static SlWireRead
read_frame (SlWireReader *r, guint32 len)
{
  guint64 total = SL_WIRE_HEADER_SIZE + (guint64) len;
  const guint8 *f;
  guint32 flags, mlen;
  guint64 plen, hlen, pts, dts, dur, off, off_end, seq;
  GstBuffer *buf;
  GstStructure *md = NULL;
  guint8 trailer[SL_WIRE_TRAILER_SIZE];
  GstMapInfo map;

  f = gst_adapter_map (r->adapter,
      SL_WIRE_HEADER_SIZE + SL_WIRE_FRAME_FIELDS_SIZE);
  f += SL_WIRE_HEADER_SIZE;
  pts = rd64 (f);
  dts = rd64 (f + 8);
  dur = rd64 (f + 16);
  off = rd64 (f + 24);
  off_end = rd64 (f + 32);
  seq = rd64 (f + 40);
  flags = rd32 (f + 48);
  mlen = rd32 (f + 52);
  plen = rd64 (f + 56);
  gst_adapter_unmap (r->adapter);

  if (mlen > SL_WIRE_MAX_METADATA)
    return corrupt (r, N_ ("metadata longer than the limit"),
        g_strdup_printf ("%u bytes of metadata, limit %u", mlen,
            SL_WIRE_MAX_METADATA));
  if (plen > r->max_payload)
    return corrupt (r, N_ ("a frame larger than the limit"),
        g_strdup_printf ("%" G_GUINT64_FORMAT
                         " bytes of samples, limit %" G_GUINT64_FORMAT
                         " (sldepay max-frame-size)",
            plen, r->max_payload));
  hlen =
      ALIGN8 (SL_WIRE_HEADER_SIZE + SL_WIRE_FRAME_FIELDS_SIZE + (guint64) mlen);
  if (hlen + plen + SL_WIRE_TRAILER_SIZE != total)
    return corrupt (r, N_ ("packet length does not match its contents"),
        g_strdup_printf ("frame packet of %" G_GUINT64_FORMAT " bytes, "
                         "%u bytes of metadata and %" G_GUINT64_FORMAT
                         " of samples",
            total, mlen, plen));
  gst_adapter_copy (r->adapter, trailer, total - SL_WIRE_TRAILER_SIZE,
      SL_WIRE_TRAILER_SIZE);
  if (memcmp (trailer, TRAILER_MAGIC, 4) != 0 ||
      rd32 (trailer + 4) != (guint32) total)
    return corrupt (r, N_ ("a packet that does not end where its length says"),
        g_strdup_printf ("no trailer after %" G_GUINT64_FORMAT " bytes",
            total));
  if (r->caps == NULL)
    return corrupt (r, N_ ("a frame before any caps"), g_strdup ("no caps"));
  if (plen % r->bpf != 0)
    return corrupt (r, N_ ("a frame that is not a whole number of samples"),
        g_strdup_printf ("%" G_GUINT64_FORMAT " bytes, %d bytes per sample "
                         "frame",
            plen, r->bpf));

  if (mlen > 0) {
    const guint8 *m = gst_adapter_map (r->adapter,
        SL_WIRE_HEADER_SIZE + SL_WIRE_FRAME_FIELDS_SIZE + mlen);

    m += SL_WIRE_HEADER_SIZE + SL_WIRE_FRAME_FIELDS_SIZE;
    if (!valid_text (m, mlen)) {
      gst_adapter_unmap (r->adapter);
      return corrupt (r, N_ ("invalid UTF-8 text"),
          g_strdup ("frame metadata is not valid UTF-8"));
    }
    if (r->out_metadata_cache == NULL ||
        strlen (r->out_metadata_cache) != mlen ||
        memcmp (r->out_metadata_cache, m, mlen) != 0) {
      gchar *s = g_strndup ((const gchar *) m, mlen);
      GstStructure *parsed = gst_structure_from_string (s, NULL);

      if (parsed == NULL ||
          !gst_structure_foreach (parsed, string_field, NULL)) {
        gst_adapter_unmap (r->adapter);
        gchar *detail = g_strdup_printf ("metadata '%s'", s);

        if (parsed)
          gst_structure_free (parsed);
        g_free (s);
        return corrupt (r, N_ ("invalid frame metadata"), detail);
      }
      g_free (r->out_metadata_cache);
      r->out_metadata_cache = s;
      if (r->out_metadata)
        gst_structure_free (r->out_metadata);
      r->out_metadata = parsed;
    }
    md = r->out_metadata;
    gst_adapter_unmap (r->adapter);
  }

  flush (r, hlen);
  buf = plen ? gst_adapter_take_buffer (r->adapter, plen) : gst_buffer_new ();
  r->offset += plen;
  flush (r, SL_WIRE_TRAILER_SIZE);

  /* samples must be aligned for the readers downstream: copy once if the
   * transport's buffers leave them elsewhere */
  if (plen && gst_buffer_map (buf, &map, GST_MAP_READ)) {
    gboolean aligned = ((guintptr) map.data % (guintptr) r->bps) == 0;

    if (!aligned) {
      GstAllocationParams params = {
        0,
        15,
        0,
        0,
      };
      GstBuffer *copy = gst_buffer_new_allocate (NULL, plen, &params);

      gst_buffer_fill (copy, 0, map.data, plen);
      gst_buffer_unmap (buf, &map);
      gst_buffer_unref (buf);
      buf = copy;
    } else {
      gst_buffer_unmap (buf, &map);
    }
  }
  buf = gst_buffer_make_writable (buf);
  GST_BUFFER_PTS (buf) = pts;
  GST_BUFFER_DTS (buf) = dts;
  GST_BUFFER_DURATION (buf) = dur;
  GST_BUFFER_OFFSET (buf) = off;
  GST_BUFFER_OFFSET_END (buf) = off_end;
  if (flags & SL_WIRE_FLAG_DISCONT)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
  if (flags & SL_WIRE_FLAG_GAP)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_GAP);
  if (flags & SL_WIRE_FLAG_RESYNC)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_RESYNC);
  if (flags & SL_WIRE_FLAG_HAS_SEQ)
    gst_sl_buffer_set_seq (buf, seq);
  if (md)
    gst_sl_buffer_replace_metadata (buf, md);
  if (r->sent_ns >= 0) {
    gst_buffer_add_reference_timestamp_meta (buf, r->sent_caps,
        (GstClockTime) r->sent_ns, GST_CLOCK_TIME_NONE);
    r->sent_ns = -1;
  }
  if (r->planar && plen)
    gst_buffer_add_audio_meta (buf, &r->info, plen / r->bpf, NULL);
  r->out_frame = buf;
  r->frames++;
  return SL_WIRE_READ_FRAME;
}

SlWireRead
sl_wire_reader_next (SlWireReader *r)
{
  guint8 h[SL_WIRE_HEADER_SIZE];
  gsize avail;
  guint32 len;
  guint64 total;
  SlWireType type;
  const guint8 *body;
  SlWireRead res;

  clear_results (r);

again:
  if (!r->in_sync && !scan (r))
    return SL_WIRE_READ_NEED_DATA;

  avail = gst_adapter_available (r->adapter);
  if (avail < SL_WIRE_HEADER_SIZE) {
    if (r->eos && avail > 0)
      goto truncated;
    return SL_WIRE_READ_NEED_DATA;
  }
  gst_adapter_copy (r->adapter, h, 0, SL_WIRE_HEADER_SIZE);
  if (h[0] != SYNC0 || h[1] != SYNC1 || h[2] != SYNC2 || h[3] != SYNC3)
    return corrupt (r, N_ ("no sync word where a packet should start"),
        g_strdup_printf ("bytes %02x %02x %02x %02x", h[0], h[1], h[2], h[3]));
  if (rd32 (h + 12) != header_check (h))
    return corrupt (r, N_ ("a packet header that fails its check"),
        g_strdup_printf ("check %08x, expected %08x", rd32 (h + 12),
            header_check (h)));
  if (h[4] != SL_WIRE_VERSION)
    return corrupt (r, N_ ("an unsupported format version"),
        g_strdup_printf ("version %u, this reader knows version %u", h[4],
            SL_WIRE_VERSION));
  type = h[5];
  len = rd32 (h + 8);

  /* the body length against the limits of its type, before waiting for it */
  switch (type) {
    case SL_WIRE_CAPS:
      if (len < 4 + SL_WIRE_TRAILER_SIZE ||
          len > ALIGN8 (4 + SL_WIRE_MAX_CAPS) + SL_WIRE_TRAILER_SIZE)
        goto bad_length;
      break;
    case SL_WIRE_TAGS:
      if (len < 4 + SL_WIRE_TRAILER_SIZE || len > SL_WIRE_MAX_TAGS)
        goto bad_length;
      break;
    case SL_WIRE_SEGMENT:
      if (len != SL_WIRE_SEGMENT_FIELDS_SIZE + SL_WIRE_TRAILER_SIZE)
        goto bad_length;
      break;
    case SL_WIRE_EOS:
      if (len != SL_WIRE_TRAILER_SIZE)
        goto bad_length;
      break;
    case SL_WIRE_SENT:
      if (len != SL_WIRE_SENT_FIELDS_SIZE + SL_WIRE_TRAILER_SIZE)
        goto bad_length;
      break;
    case SL_WIRE_FRAME:
      if (len < SL_WIRE_FRAME_FIELDS_SIZE + SL_WIRE_TRAILER_SIZE ||
          len > SL_WIRE_FRAME_FIELDS_SIZE + SL_WIRE_MAX_METADATA + 8 +
                  r->max_payload + SL_WIRE_TRAILER_SIZE)
        goto bad_length;
      break;
    default:
      /* a packet type of a later revision of version 1: skipped */
      if (len < SL_WIRE_TRAILER_SIZE || len > SL_WIRE_MAX_TAGS)
        goto bad_length;
      break;
  }

  total = SL_WIRE_HEADER_SIZE + (guint64) len;
  if (avail < total) {
    if (r->eos)
      goto truncated;
    return SL_WIRE_READ_NEED_DATA;
  }

  if (type == SL_WIRE_FRAME) {
    res = read_frame (r, len);
    if (res == SL_WIRE_READ_FRAME)
      r->packets++;
    return res;
  }

  /* small packets: check the trailer, then read the mapped body */
  body = gst_adapter_map (r->adapter, total);
  if (memcmp (body + total - SL_WIRE_TRAILER_SIZE, TRAILER_MAGIC, 4) != 0 ||
      rd32 (body + total - 4) != (guint32) total) {
    gst_adapter_unmap (r->adapter);
    return corrupt (r, N_ ("a packet that does not end where its length says"),
        g_strdup_printf ("no trailer after %" G_GUINT64_FORMAT " bytes",
            total));
  }
  body += SL_WIRE_HEADER_SIZE;
  switch (type) {
    case SL_WIRE_CAPS:
      res = read_caps (r, body, len);
      break;
    case SL_WIRE_TAGS:
      res = read_tags (r, body, len);
      break;
    case SL_WIRE_SEGMENT:
      res = read_segment (r, body);
      break;
    case SL_WIRE_EOS:
      res = SL_WIRE_READ_EOS;
      break;
    case SL_WIRE_SENT:
      /* kept for the frame packet that follows */
      r->sent_ns = (gint64) MIN (rd64 (body), (guint64) G_MAXINT64);
      res = SL_WIRE_READ_NEED_DATA;
      break;
    default:
      res = SL_WIRE_READ_NEED_DATA;
      break;
  }
  gst_adapter_unmap (r->adapter);
  if (res == SL_WIRE_READ_CORRUPT)
    return res;
  flush (r, total);
  r->packets++;
  if (res == SL_WIRE_READ_NEED_DATA)
    goto again; /* skipped an unknown type */
  return res;

bad_length:
  return corrupt (r, N_ ("a packet length beyond the limits"),
      g_strdup_printf ("type %u, body of %u bytes", type, len));

truncated : {
  gsize left = gst_adapter_available (r->adapter);

  r->problem = N_ ("the stream ends inside a packet");
  r->problem_detail = g_strdup_printf ("%" G_GSIZE_FORMAT " bytes left", left);
  r->problem_offset = r->offset;
  r->problem_skipped = 0;
  if (r->resync) {
    r->frames_corrupt++;
    r->bytes_skipped += left;
    r->problem_skipped = left;
    flush (r, left);
  }
  return SL_WIRE_READ_CORRUPT;
}
}
