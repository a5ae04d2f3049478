/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include <string.h>

#include "sljsonscan.h"

/* One open container. */
typedef struct
{
  gchar type;       /* '{' or '[' */
  guint index;      /* next array index */
  gsize path_len;   /* length of the container's own path */
  GHashTable *keys; /* keys seen, for objects */
} Frame;

typedef enum
{
  EXPECT_VALUE,          /* a value must follow */
  EXPECT_VALUE_OR_CLOSE, /* just after '[' */
  EXPECT_KEY,            /* after ',' in an object */
  EXPECT_KEY_OR_CLOSE,   /* just after '{' */
  EXPECT_AFTER_VALUE,    /* ',' or the closing bracket, or end */
} Expect;

typedef struct
{
  const guchar *s;
  gsize len;
  gsize pos;
  gchar *message;
  gsize err_pos;
  /* the walk through the document (sl_json_scan) */
  SlJsonScanStatus status; /* when it fails */
  Expect expect;
  GArray *stack; /* Frame: the open containers */
  GString *path; /* of the current value */
  GString *key;  /* the last member name */
  guint max_depth;
  SlJsonScan *scan; /* where numbers are recorded, or NULL */
} Scanner;

static void fail (Scanner *sc, gsize pos, const gchar *format, ...)
    G_GNUC_PRINTF (3, 4);

static void
fail (Scanner *sc, gsize pos, const gchar *format, ...)
{
  va_list args;

  if (sc->message == NULL) {
    va_start (args, format);
    sc->message = g_strdup_vprintf (format, args);
    va_end (args);
    sc->err_pos = pos;
  }
}

static gboolean
is_ws (guchar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
skip_ws (Scanner *sc)
{
  while (sc->pos < sc->len && is_ws (sc->s[sc->pos]))
    sc->pos++;
}

static gint
hexval (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes one UTF-8 sequence strictly (no overlongs, no surrogates, at most
 * U+10FFFF); returns its length or 0. */
static guint
utf8_seq (const guchar *s, gsize avail)
{
  guchar c = s[0];
  guint n, i;
  gunichar cp;

  if (c < 0x80)
    return 1;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
    cp = c & 0x1f;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    cp = c & 0x0f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (avail < n)
    return 0;
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xc0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i] & 0x3f);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
      (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return n;
}

static gboolean
read_hex4 (Scanner *sc, gsize at, guint *out)
{
  guint i, v = 0;

  /* fail() then FALSE, so that @out is seen set whenever TRUE is */
  if (at + 4 > sc->len) {
    fail (sc, at, "incomplete \\u escape");
    return FALSE;
  }
  for (i = 0; i < 4; i++) {
    gint h = hexval (sc->s[at + i]);
    if (h < 0) {
      fail (sc, at + i, "invalid \\u escape");
      return FALSE;
    }
    v = (v << 4) | (guint) h;
  }
  *out = v;
  return TRUE;
}

/* Scans a string starting at the opening quote; when @decoded is given,
 * appends the decoded text. */
static gboolean
scan_string (Scanner *sc, GString *decoded)
{
  gsize p = sc->pos + 1;

  while (TRUE) {
    guchar c;

    if (p >= sc->len) {
      fail (sc, sc->pos, "unterminated string");
      return FALSE;
    }
    c = sc->s[p];
    if (c == '"') {
      sc->pos = p + 1;
      return TRUE;
    }
    if (c < 0x20) {
      fail (sc, p, "control character in a string (must be escaped)");
      return FALSE;
    }
    if (c == '\\') {
      guchar e;

      if (p + 1 >= sc->len) {
        fail (sc, p, "unterminated string");
        return FALSE;
      }
      e = sc->s[p + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          if (decoded)
            g_string_append_c (decoded, e);
          p += 2;
          break;
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          if (decoded)
            g_string_append_c (decoded,
                e == 'b'       ? '\b'
                    : e == 'f' ? '\f'
                    : e == 'n' ? '\n'
                    : e == 'r' ? '\r'
                               : '\t');
          p += 2;
          break;
        case 'u': {
          guint cp, lo;

          if (!read_hex4 (sc, p + 2, &cp))
            return FALSE;
          p += 6;
          if (cp >= 0xdc00 && cp <= 0xdfff) {
            fail (sc, p - 6, "lone low surrogate in \\u escape");
            return FALSE;
          }
          if (cp >= 0xd800 && cp <= 0xdbff) {
            if (p + 1 >= sc->len || sc->s[p] != '\\' || sc->s[p + 1] != 'u') {
              fail (sc, p - 6, "lone high surrogate in \\u escape");
              return FALSE;
            }
            if (!read_hex4 (sc, p + 2, &lo))
              return FALSE;
            if (lo < 0xdc00 || lo > 0xdfff) {
              fail (sc, p, "invalid surrogate pair in \\u escape");
              return FALSE;
            }
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            p += 6;
          }
          if (cp == 0) {
            fail (sc, p - 6, "NUL character (\\u0000) in a string");
            return FALSE;
          }
          if (decoded)
            g_string_append_unichar (decoded, cp);
          break;
        }
        default:
          fail (sc, p, "invalid escape '\\%c' in a string",
              g_ascii_isprint (e) ? e : '?');
          return FALSE;
      }
      continue;
    }
    {
      guint n = utf8_seq (sc->s + p, sc->len - p);

      if (n == 0) {
        fail (sc, p, "invalid UTF-8 in a string");
        return FALSE;
      }
      if (decoded)
        g_string_append_len (decoded, (const gchar *) sc->s + p, n);
      p += n;
    }
  }
}

static gboolean
scan_number (Scanner *sc)
{
  gsize p = sc->pos, start = sc->pos;

  if (p < sc->len && sc->s[p] == '-')
    p++;
  if (p >= sc->len || !g_ascii_isdigit (sc->s[p])) {
    fail (sc, start, "invalid number");
    return FALSE;
  }
  if (sc->s[p] == '0') {
    p++;
    if (p < sc->len && g_ascii_isdigit (sc->s[p])) {
      fail (sc, start, "invalid number: leading zero");
      return FALSE;
    }
  } else {
    while (p < sc->len && g_ascii_isdigit (sc->s[p]))
      p++;
  }
  if (p < sc->len && sc->s[p] == '.') {
    p++;
    if (p >= sc->len || !g_ascii_isdigit (sc->s[p])) {
      fail (sc, start, "invalid number: digits must follow '.'");
      return FALSE;
    }
    while (p < sc->len && g_ascii_isdigit (sc->s[p]))
      p++;
  }
  if (p < sc->len && (sc->s[p] == 'e' || sc->s[p] == 'E')) {
    p++;
    if (p < sc->len && (sc->s[p] == '+' || sc->s[p] == '-'))
      p++;
    if (p >= sc->len || !g_ascii_isdigit (sc->s[p])) {
      fail (sc, start,
          "invalid number: digits must follow the "
          "exponent");
      return FALSE;
    }
    while (p < sc->len && g_ascii_isdigit (sc->s[p]))
      p++;
  }
  sc->pos = p;
  return TRUE;
}

static void
where (const guchar *s, gsize len, gsize pos, guint *line, guint *column)
{
  gsize i, line_start = 0;
  guint l = 1, c = 1;

  if (pos > len)
    pos = len;
  for (i = 0; i < pos; i++) {
    if (s[i] == '\n') {
      l++;
      line_start = i + 1;
    }
  }
  for (i = line_start; i < pos; i++)
    if ((s[i] & 0xc0) != 0x80)
      c++;
  if (line)
    *line = l;
  if (column)
    *column = c;
}

static void
frame_clear (Frame *f)
{
  if (f->keys)
    g_hash_table_unref (f->keys);
}

static Frame *
top_frame (Scanner *sc)
{
  GArray *stack = sc->stack;

  return stack->len ? &g_array_index (stack, Frame, stack->len - 1) : NULL;
}

/* the closing bracket of @top, at sc->pos */
static void
close_container (Scanner *sc, Frame *top)
{
  g_assert (top != NULL);
  sc->pos++;
  g_string_truncate (sc->path, top->path_len);
  g_array_set_size (sc->stack, sc->stack->len - 1);
  sc->expect = EXPECT_AFTER_VALUE;
}

/* EXPECT_KEY, EXPECT_KEY_OR_CLOSE: a member name and its ':' (or '}') */
static gboolean
scan_member_name (Scanner *sc, Frame *top, guchar c)
{
  gsize kpos = sc->pos;

  if (c == '}' && sc->expect == EXPECT_KEY_OR_CLOSE) {
    close_container (sc, top);
    return TRUE;
  }
  if (c != '"') {
    fail (sc, sc->pos,
        sc->expect == EXPECT_KEY ? "expected a "
                                   "member name (a string) after ','"
                                 : "expected a member name "
                                   "(a string) or '}'");
    return FALSE;
  }
  g_string_truncate (sc->key, 0);
  /* a key is expected inside an object only */
  g_assert (top != NULL);
  if (!scan_string (sc, sc->key))
    return FALSE;
  if (!g_hash_table_add (top->keys, g_strdup (sc->key->str))) {
    fail (sc, kpos, "duplicate key '%s'", sc->key->str);
    sc->status = SL_JSON_SCAN_DUPLICATE;
    return FALSE;
  }
  skip_ws (sc);
  if (sc->pos >= sc->len || sc->s[sc->pos] != ':') {
    fail (sc, sc->pos, "expected ':' after a member name");
    return FALSE;
  }
  sc->pos++;
  g_string_truncate (sc->path, top->path_len);
  if (sc->path->len)
    g_string_append_c (sc->path, '.');
  g_string_append (sc->path, sc->key->str);
  sc->expect = EXPECT_VALUE;
  return TRUE;
}

/* '{' or '[' at sc->pos */
static gboolean
open_container (Scanner *sc, guchar c)
{
  Frame f = {
    0,
  };

  if (sc->stack->len >= sc->max_depth) {
    fail (sc, sc->pos, "nesting deeper than %u levels", sc->max_depth);
    sc->status = SL_JSON_SCAN_LIMIT;
    return FALSE;
  }
  f.type = c;
  f.path_len = sc->path->len;
  if (c == '{')
    f.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_array_append_val (sc->stack, f);
  sc->pos++;
  sc->expect = c == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
  return TRUE;
}

/* a string, a number (its lexeme recorded under its path) or a literal */
static gboolean
scan_scalar (Scanner *sc, guchar c)
{
  guint n;

  if (c == '"')
    return scan_string (sc, NULL);
  if (c == '-' || g_ascii_isdigit (c)) {
    gsize start = sc->pos;

    if (!scan_number (sc))
      return FALSE;
    if (sc->scan)
      g_hash_table_replace (sc->scan->numbers, g_strdup (sc->path->str),
          g_strndup ((const gchar *) sc->s + start, sc->pos - start));
    return TRUE;
  }
  if (sc->len - sc->pos >= 4 &&
      (memcmp (sc->s + sc->pos, "true", 4) == 0 ||
          memcmp (sc->s + sc->pos, "null", 4) == 0)) {
    sc->pos += 4;
    return TRUE;
  }
  if (sc->len - sc->pos >= 5 && memcmp (sc->s + sc->pos, "false", 5) == 0) {
    sc->pos += 5;
    return TRUE;
  }
  if (c == ']' || c == '}' || c == ',') {
    fail (sc, sc->pos, "expected a value before '%c'", c);
    return FALSE;
  }
  n = utf8_seq (sc->s + sc->pos, sc->len - sc->pos);
  if (n == 0)
    fail (sc, sc->pos, "invalid UTF-8");
  else if (g_ascii_isprint (c))
    fail (sc, sc->pos, "unexpected character '%c'", c);
  else
    fail (sc, sc->pos, "unexpected character U+%04X",
        g_utf8_get_char ((const gchar *) sc->s + sc->pos));
  return FALSE;
}

/* EXPECT_VALUE, EXPECT_VALUE_OR_CLOSE: a value (or ']') */
static gboolean
scan_value (Scanner *sc, Frame *top, guchar c)
{
  if (c == ']' && sc->expect == EXPECT_VALUE_OR_CLOSE) {
    close_container (sc, top);
    return TRUE;
  }
  if (top && top->type == '[') {
    g_string_truncate (sc->path, top->path_len);
    g_string_append_printf (sc->path, "[%u]", top->index++);
  }
  if (c == '{' || c == '[')
    return open_container (sc, c);
  sc->expect = EXPECT_AFTER_VALUE;
  return scan_scalar (sc, c);
}

/* EXPECT_AFTER_VALUE: ',' or the closing bracket (or the end, outside any
 * container: sl_json_scan) */
static gboolean
scan_after_value (Scanner *sc, Frame *top, guchar c)
{
  if (top == NULL) {
    fail (sc, sc->pos, "unexpected text after the document");
    return FALSE;
  }
  if (c == ',') {
    sc->pos++;
    sc->expect = top->type == '{' ? EXPECT_KEY : EXPECT_VALUE;
    return TRUE;
  }
  if ((c == '}' && top->type == '{') || (c == ']' && top->type == '[')) {
    close_container (sc, top);
    return TRUE;
  }
  fail (sc, sc->pos, "expected ',' or '%c'", top->type == '{' ? '}' : ']');
  return FALSE;
}

SlJsonScanStatus
sl_json_scan (const gchar *text, gsize len, const SlJsonScanLimits *limits,
    SlJsonScan *scan, guint *line, guint *column, gchar **message)
{
  Scanner sc = { (const guchar *) text, len, 0, NULL, 0 };
  gsize max_size =
      limits && limits->max_size ? limits->max_size : SL_JSON_DEFAULT_MAX_SIZE;
  gboolean ok = TRUE;

  if (scan)
    scan->numbers =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (len > max_size) {
    if (line)
      *line = 1;
    if (column)
      *column = 1;
    if (message)
      *message =
          g_strdup_printf ("document of %" G_GSIZE_FORMAT " bytes is "
                           "larger than the limit of %" G_GSIZE_FORMAT " bytes",
              len, max_size);
    return SL_JSON_SCAN_LIMIT;
  }

  sc.status = SL_JSON_SCAN_SYNTAX;
  sc.expect = EXPECT_VALUE;
  sc.max_depth = limits && limits->max_depth ? limits->max_depth
                                             : SL_JSON_DEFAULT_MAX_DEPTH;
  sc.scan = scan;
  sc.stack = g_array_new (FALSE, TRUE, sizeof (Frame));
  g_array_set_clear_func (sc.stack, (GDestroyNotify) frame_clear);
  sc.path = g_string_new (NULL);
  sc.key = g_string_new (NULL);

  while (ok) {
    Frame *top = top_frame (&sc);
    guchar c;

    skip_ws (&sc);
    if (sc.pos >= sc.len) {
      if (sc.expect == EXPECT_AFTER_VALUE && top == NULL)
        break;
      fail (&sc, sc.pos,
          top ? "unexpected end of document, '%c' not "
                "closed"
              : "unexpected end of document, a value is missing",
          top ? top->type : ' ');
      ok = FALSE;
      break;
    }
    c = sc.s[sc.pos];

    switch (sc.expect) {
      case EXPECT_KEY_OR_CLOSE:
      case EXPECT_KEY:
        ok = scan_member_name (&sc, top, c);
        break;
      case EXPECT_VALUE_OR_CLOSE:
      case EXPECT_VALUE:
        ok = scan_value (&sc, top, c);
        break;
      case EXPECT_AFTER_VALUE:
        ok = scan_after_value (&sc, top, c);
        break;
    }
  }

  g_array_unref (sc.stack);
  g_string_free (sc.path, TRUE);
  g_string_free (sc.key, TRUE);

  if (ok)
    return SL_JSON_SCAN_OK;

  where (sc.s, sc.len, sc.err_pos, line, column);
  if (message)
    *message = sc.message;
  else
    g_free (sc.message);
  if (scan)
    sl_json_scan_clear (scan);
  return sc.status;
}

void
sl_json_scan_clear (SlJsonScan *scan)
{
  g_clear_pointer (&scan->numbers, g_hash_table_unref);
}
