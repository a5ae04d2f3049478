/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __SL_JSON_SCAN_H__
#define __SL_JSON_SCAN_H__

#include <glib.h>

G_BEGIN_DECLS

/* The strict pre-scanner: checks a document against RFC 8259 before
 * json-glib sees it, without recursion. It rejects what json-glib would
 * accept or mishandle: invalid UTF-8, duplicate keys, nesting beyond a
 * limit (json-glib recurses), lexemes outside the grammar (leading zeros,
 * `.5`, `1.`, hex, NaN, comments, single quotes, trailing commas...).
 * It records every number's lexeme under its JSON path (`nodes[2].config.x`)
 * so that the translator types numbers from the text, not from json-glib's
 * (wrapping) integer conversion. */

#define SL_JSON_DEFAULT_MAX_SIZE (1024 * 1024)
#define SL_JSON_DEFAULT_MAX_DEPTH 32

typedef struct
{
  gsize max_size;  /* bytes */
  guint max_depth; /* containers */
} SlJsonScanLimits;

typedef struct
{
  /* path -> lexeme, both owned */
  GHashTable *numbers;
} SlJsonScan;

typedef enum
{
  SL_JSON_SCAN_OK = 0,
  SL_JSON_SCAN_SYNTAX,    /* not JSON */
  SL_JSON_SCAN_LIMIT,     /* JSON, but beyond a limit */
  SL_JSON_SCAN_DUPLICATE, /* JSON with a duplicate key */
} SlJsonScanStatus;

/* Returns SL_JSON_SCAN_OK and fills @scan (may be NULL), or an error status
 * with @line, @column (1-based, column in characters) and a message
 * (owned by the caller) saying what is wrong. */
SlJsonScanStatus sl_json_scan (const gchar *text, gsize len,
    const SlJsonScanLimits *limits, SlJsonScan *scan, guint *line,
    guint *column, gchar **message);

void sl_json_scan_clear (SlJsonScan *scan);

G_END_DECLS

#endif /* __SL_JSON_SCAN_H__ */
