/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The JSON translator: invalid descriptions and their exact messages, the
 * JSONTestSuite's invalid documents, limits, injection attempts, values
 * typed from GParamSpecs, and the line built by gst_parse_launch(). */

#include <math.h>
#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/base/gstbasesink.h>

#include "sljsontranslate.h"

typedef struct
{
  const gchar *json;
  const gchar *error;
  gboolean sandbox;
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"}],}",
      "t.json:1:42: expected a member name (a string) after ','", FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"}]}x",
      "t.json:1:42: unexpected text after the document", FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",}]}",
      "t.json:1:40: expected a member name (a string) after ','", FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"}],\"nodes\":[]}",
      "t.json:1:42: duplicate key 'nodes'", FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{"
    "\"frequency\":01}}]}",
      "t.json:1:62: invalid number: leading zero", FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{"
    "\"frequency\":NaN}}]}",
      "t.json:1:62: unexpected character 'N'", FALSE },
  { "[1,2]",
      "t.json: the description must be an object with 'nodes' and "
      "'connections', not an array",
      FALSE },
  { "{\"node\":[]}",
      "t.json: node: unknown key 'node' in the description; did you mean "
      "'nodes'?",
      FALSE },
  { "{\"nodes\":{}}", "t.json: nodes: nodes must be an array, not an object",
      FALSE },
  { "{\"nodes\":[42]}",
      "t.json: nodes[0]: a node must be an object, not a number", FALSE },
  { "{\"nodes\":[{\"type\":\"slsinesrc\"}]}",
      "t.json: nodes[0]: missing required key 'id'", FALSE },
  { "{\"nodes\":[{\"id\":\"a\"}]}",
      "t.json: nodes[0]: missing required key 'type'", FALSE },
  { "{\"nodes\":[{\"id\":7,\"type\":\"slsinesrc\"}]}",
      "t.json: nodes[0].id: id must be a string, not a number", FALSE },
  { "{\"nodes\":[{\"id\":\"a b\",\"type\":\"slsinesrc\"}]}",
      "t.json: nodes[0].id: invalid id 'a b': use 1 to 64 letters, digits, '_' "
      "or '-' (not first)",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"a\",\"type\":"
    "\"fakesink\"}],\"connections\":[]}",
      "t.json: nodes[1].id: duplicate id 'a'", FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrcc\"}]}",
      "t.json: nodes[0].type: unknown type 'slsinesrcc'; did you mean "
      "'slsinesrc'?",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"nosuchthing_xyz\"}]}",
      "t.json: nodes[0].type: unknown type 'nosuchthing_xyz'", FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"confg\":{}}]}",
      "t.json: nodes[0].confg: unknown key 'confg' in a node; did you mean "
      "'config'?",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":[]}]}",
      "t.json: nodes[0].config: config must be an object, not an array",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{\"frequncy\":"
    "3}}]}",
      "t.json: nodes[0].config.frequncy: unknown config key 'frequncy' for "
      "slsinesrc; did you mean 'frequency'?",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{"
    "\"frequency\":\"high\"}}]}",
      "t.json: nodes[0].config.frequency: 'frequency' must be a number, not a "
      "string",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{"
    "\"frequency\":-5}}]}",
      "t.json: nodes[0].config.frequency: 'frequency' is out of range: -5 is "
      "not in [0, 1000000]",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{"
    "\"frequency\":1e400}}]}",
      "t.json: nodes[0].config.frequency: 'frequency': number 1e400 overflows",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{\"num_"
    "frames\":99999999999999999999}}]}",
      "t.json: nodes[0].config.num_frames: 'num_frames' is out of range: "
      "99999999999999999999 is not in [-1, 2147483647]",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{\"num_"
    "frames\":2.5}}]}",
      "t.json: nodes[0].config.num_frames: 'num_frames' must be an integer, "
      "not 2.5",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{"
    "\"samplesperbuffer\":0}}]}",
      "t.json: nodes[0].config.samplesperbuffer: 'samplesperbuffer' is out of "
      "range: 0 is not in [1, 33554431]",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{\"mode\":"
    "\"trig\"}}]}",
      "t.json: nodes[0].config.mode: invalid value 'trig' for 'mode': expected "
      "one of continuous, triggered",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{\"mode\":3}}]"
    "}",
      "t.json: nodes[0].config.mode: 'mode' must be a string, one of "
      "continuous, triggered; not a number",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{\"is_live\":"
    "\"yes\"}}]}",
      "t.json: nodes[0].config.is_live: 'is_live' must be a boolean (true or "
      "false), not a string",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{"
    "\"frequencies\":440}}]}",
      "t.json: nodes[0].config.frequencies: 'frequencies' must be an array, "
      "not a number",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{"
    "\"frequencies\":[440,\"x\"]}}]}",
      "t.json: nodes[0].config.frequencies[1]: 'frequencies' must be a number, "
      "not a string",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{\"sample_"
    "rate\":0}}]}",
      "t.json: nodes[0].config.sample_rate: sample_rate is out of range: 0 is "
      "not in [1, 2147483647]",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{\"num_"
    "channels\":65}}]}",
      "t.json: nodes[0].config.num_channels: num_channels must be between 1 "
      "and 32, got 65",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{\"name\":"
    "\"x\"}}]}",
      "t.json: nodes[0].config.name: unknown config key 'name' for slsinesrc",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{"
    "\"frequency\":null}}]}",
      "t.json: nodes[0].config.frequency: 'frequency' cannot be null", FALSE },
  { "{\"nodes\":[{\"id\":\"g\",\"type\":\"gain\",\"config\":{\"gain_db\":80.5}}"
    "],\"connections\":[]}",
      "t.json: nodes[0].config.gain_db: gain_db is out of range: 80.5 dB is "
      "above the maximum of 80 dB",
      FALSE },
  { "{\"nodes\":[{\"id\":\"g\",\"type\":\"volume\",\"config\":{\"gain_db\":40}}"
    "],\"connections\":[]}",
      "t.json: nodes[0].config.gain_db: gain_db is out of range: 40 dB is a "
      "gain of 100, above the maximum 10",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"b\",\"type\":"
    "\"fakesink\"}],\"connections\":[{\"from\":\"a\",\"to\":\"c\"}]}",
      "t.json: connections[0].to: no node with id 'c'; did you mean 'a'?",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"b\",\"type\":"
    "\"fakesink\"}],\"connections\":[{\"from\":\"a\"}]}",
      "t.json: connections[0]: missing required key 'to'", FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"b\",\"type\":"
    "\"fakesink\"}],\"connections\":[{\"from\":\"a\",\"to\":\"b\"},{\"from\":"
    "\"a\",\"to\":\"b\"}]}",
      "t.json: connections[1]: duplicate connection from 'a' to 'b' (same as "
      "connections[0])",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"b\",\"type\":"
    "\"fakesink\"}],\"connections\":[{\"from\":\"b\",\"to\":\"a\"}]}",
      "t.json: connections[0].from: node 'b' (fakesink) is a sink: it has no "
      "output to connect from",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"b\",\"type\":"
    "\"slsinesrc\"},{\"id\":\"c\",\"type\":\"fakesink\"}],\"connections\":[{"
    "\"from\":\"a\",\"to\":\"c\",\"to_pad\":\"sink\"},{\"from\":\"b\",\"to\":"
    "\"c\"}]}",
      "t.json: connections[1].to: node 'c' (fakesink) has a single input and "
      "already receives connections[0]; several inputs need a mixer or a node "
      "with request input pads",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"b\",\"type\":"
    "\"fakesink\"}],\"connections\":[{\"from\":\"a\",\"to\":\"b\",\"to_pad\":"
    "\"video\"}]}",
      "t.json: connections[0].to_pad: node 'b' (fakesink) has no input pad "
      "'video' (its input pads: sink)",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"d\",\"type\":"
    "\"fakesink\"},{\"id\":\"b\",\"type\":\"identity\"},{\"id\":\"c\",\"type\":"
    "\"identity\"}],\"connections\":[{\"from\":\"a\",\"to\":\"d\"},{\"from\":"
    "\"b\",\"to\":\"c\"},{\"from\":\"c\",\"to\":\"b\"}]}",
      "t.json: nodes[2]: the connections form a cycle through node 'b'",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"b\",\"type\":"
    "\"fakesink\"}],\"connections\":[{\"from\":\"a\",\"to\":\"a\"}]}",
      "t.json: connections[0]: node 'a' is connected to itself", FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"b\",\"type\":"
    "\"fakesink\"}],\"connections\":[{\"from\":\"a\",\"to\":\"b\",\"capacity\":"
    "0}]}",
      "t.json: connections[0].capacity: capacity is out of range: 0 is not in "
      "[1, 1000000]",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"b\",\"type\":"
    "\"fakesink\"}],\"connections\":[{\"from\":\"a\",\"to\":\"b\",\"policy\":"
    "\"drop-all\"}]}",
      "t.json: connections[0].policy: policy must be one of block, "
      "drop-oldest, drop-newest",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"b\",\"type\":"
    "\"fakesink\"}],\"connections\":[{\"from\":\"a\",\"to\":\"b\",\"form\":"
    "\"x\"}]}",
      "t.json: connections[0].form: unknown key 'form' in a connection; did "
      "you mean 'from'?",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"b\",\"type\":"
    "\"fakesink\"}]}",
      "t.json: missing required key 'connections'", FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"},{\"id\":\"b\",\"type\":"
    "\"identity\"}],\"connections\":[]}",
      "t.json: nodes[1]: node 'b' (identity) has no incoming connection",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"}],\"pipeline_config\":{"
    "\"channel_capacity\":-1}}",
      "t.json: pipeline_config.channel_capacity: channel_capacity is out of "
      "range: -1 is not in [1, 1000000]",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"}],\"pipeline_config\":{"
    "\"priority\":3}}",
      "t.json: pipeline_config.priority: priority must be one of Critical, "
      "High, Normal, Low",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\"}],\"pipeline_config\":{"
    "\"chanel_capacity\":5}}",
      "t.json: pipeline_config.chanel_capacity: unknown key 'chanel_capacity' "
      "in pipeline_config; did you mean 'channel_capacity'?",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"resilience\":{\"error_"
    "policy\":\"skip-frame\"}}]}",
      "t.json: nodes[0].resilience: unknown type 'slresilient': the element "
      "for resilience blocks is not installed",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"filter\",\"config\":{\"cutoff_hz\":"
    "100}}]}",
      "t.json: nodes[0].type: unknown type 'filter': its element 'slfilter' is "
      "not installed",
      FALSE },
  /* keys spelled like the translator's special targets are plain keys
   * (scan-build: "ignore:" was read through a NULL key map) */
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{\"ignore:\":"
    "5}}]}",
      "t.json: nodes[0].config.ignore:: unknown config key 'ignore:' for "
      "slsinesrc",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{\"caps:"
    "rate\":5}}]}",
      "t.json: nodes[0].config.caps:rate: unknown config key 'caps:rate' for "
      "slsinesrc",
      FALSE },
  /* the path of a non-string metadata field (once read after being freed) */
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"config\":{\"metadata\":"
    "{\"some_key\":5}}}]}",
      "t.json: nodes[0].config.metadata.some_key: 'metadata': fields must be "
      "strings with names of letters, digits, '_' or '-'",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"filesrc\",\"config\":{\"location\":"
    "\"/etc/passwd\"}}]}",
      "t.json: nodes[0].type: element 'filesrc' is not allowed in the sandbox "
      "(only gst-streamlab elements and stock elements without file or network "
      "access; --allow-any lifts it)",
      TRUE },
  /* placement across hosts */
  { "{\"hosts\":{\"edge\":\"10.0.0.1:7000\"},\"nodes\":[{\"id\":\"a\",\"type\":"
    "\"slsinesrc\",\"host\":\"edg\"}]}",
      "t.json: nodes[0].host: unknown host 'edg'; did you mean 'edge'?",
      FALSE },
  { "{\"hosts\":{\"a\":\"10.0.0.1\"},\"nodes\":[{\"id\":\"a\",\"type\":"
    "\"slsinesrc\",\"host\":\"a\"}]}",
      "t.json: hosts.a: bad address '10.0.0.1' for host 'a': use IP:PORT with "
      "an IP address of the host and a port from 1 to 65535 "
      "(\"10.0.0.2:7001\", \"[fd00::2]:7001\")",
      FALSE },
  { "{\"hosts\":{\"a\":\"10.0.0.1:7000\",\"b\":\"10.0.0.2:7000\"},\"nodes\":[{"
    "\"id\":\"a\",\"type\":\"slsinesrc\",\"host\":\"a\"},{\"id\":\"b\","
    "\"type\":\"fakesink\"}],\"connections\":[{\"from\":\"a\",\"to\":\"b\"}]}",
      "t.json: nodes[1]: this node has no 'host' while others have one: in a "
      "description split across hosts, every node names its host",
      FALSE },
  { "{\"hosts\":{\"a\":\"10.0.0.1:7000\",\"b\":\"10.0.0.2:7000\"},\"nodes\":[{"
    "\"id\":\"a\",\"type\":\"slsinesrc\",\"host\":\"a\"},{\"id\":\"b\","
    "\"type\":\"fakesink\",\"host\":\"b\"}],\"connections\":[{\"from\":\"a\","
    "\"to\":\"b\",\"transport\":\"udp\"}]}",
      "t.json: connections[0].transport: transport must be \"srt\" (the "
      "default) or \"tcp\"",
      FALSE },
  { "{\"hosts\":{\"a\":\"10.0.0.1:7000\",\"b\":\"10.0.0.2:7000\"},\"nodes\":[{"
    "\"id\":\"a\",\"type\":\"slsinesrc\",\"host\":\"a\"},{\"id\":\"b\","
    "\"type\":\"fakesink\",\"host\":\"b\"}],\"connections\":[{\"from\":\"a\","
    "\"to\":\"b\",\"transport\":\"tcp\",\"latency\":100}]}",
      "t.json: connections[0].latency: latency is SRT's receive buffer in ms: "
      "it applies to transport \"srt\" only",
      FALSE },
  { "{\"hosts\":{\"a\":\"10.0.0.1:7000\",\"b\":\"10.0.0.1:7000\"},\"nodes\":[{"
    "\"id\":\"a\",\"type\":\"slsinesrc\",\"host\":\"a\"}]}",
      "t.json: hosts.b: host 'b' has the same address as host 'a' "
      "(10.0.0.1:7000)",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"slsinesrc\",\"host\":\"a\"}]}",
      "t.json: nodes[0].host: unknown host 'a': the description has no 'hosts' "
      "object mapping host names to addresses",
      FALSE },
  { "{\"nodes\":[{\"id\":\"a\",\"type\":\"replay\",\"config\":{\"path\":\"/etc/"
    "passwd\"}}]}",
      "t.json: nodes[0].type: element 'slreceive' is not allowed in the "
      "sandbox (it reads or writes files or uses the network; --allow-any "
      "lifts it)",
      TRUE },
};

/* Entries naming an element that is not installed hold only while it is
 * not: once it lands, the entry no longer applies. */
static gboolean
applies (const InvalidCase *c)
{
  const gchar *p = strstr (c->error, "unknown type '");
  const gchar *q = strstr (c->error, "its element '");
  gchar *name = NULL;
  GstElementFactory *f;

  if (!strstr (c->error, "is not installed"))
    return TRUE;
  if (q)
    name = g_strndup (q + 13, strchr (q + 13, '\'') - (q + 13));
  else if (p)
    name = g_strndup (p + 14, strchr (p + 14, '\'') - (p + 14));
  f = name ? gst_element_factory_find (name) : NULL;
  g_free (name);
  if (f) {
    gst_object_unref (f);
    return FALSE;
  }
  return TRUE;
}

GST_START_TEST (test_invalid_descriptions)
{
  guint i, checked = 0;

  for (i = 0; i < G_N_ELEMENTS (invalid_cases); i++) {
    const InvalidCase *c = &invalid_cases[i];
    SlJsonOptions opts = {
      0,
    };
    GError *err = NULL;
    SlJsonPipeline *p;

    if (!applies (c))
      continue;
    opts.sandbox = c->sandbox;
    p = sl_json_translate (c->json, -1, "t.json", &opts, &err);
    fail_unless (p == NULL, "case %u accepted: %s", i, c->json);
    fail_unless (err != NULL);
    fail_unless (err->domain == SL_JSON_ERROR);
    fail_unless_equals_string (err->message, c->error);
    g_error_free (err);
    checked++;
  }
  fail_unless (checked >= 40, "only %u invalid cases checked", checked);
}

GST_END_TEST;

GST_START_TEST (test_jsontestsuite_invalid)
{
  const gchar *dir = g_getenv ("SL_JSONTESTSUITE_DIR");
  GDir *d;
  const gchar *name;
  guint n = 0;

  /* only added to the suite when the folder is there or required */
  fail_unless (dir != NULL, "SL_JSONTESTSUITE_DIR is not set");
  d = g_dir_open (dir, 0, NULL);
  fail_unless (d != NULL,
      "the JSONTestSuite folder %s is absent: the 188 "
      "invalid documents (n_*.json) are needed for this test",
      dir);
  while ((name = g_dir_read_name (d))) {
    gchar *path = g_build_filename (dir, name, NULL);
    GError *err = NULL;
    SlJsonPipeline *p;

    if (!g_str_has_prefix (name, "n_") || !g_str_has_suffix (name, ".json")) {
      g_free (path);
      continue;
    }
    p = sl_json_translate_file (path, NULL, &err);
    fail_unless (p == NULL, "%s accepted", name);
    fail_unless (err->code == SL_JSON_ERROR_SYNTAX ||
            err->code == SL_JSON_ERROR_LIMIT,
        "%s: not refused as invalid "
        "JSON: %s",
        name, err->message);
    GST_DEBUG ("%s: %s", name, err->message);
    g_error_free (err);
    g_free (path);
    n++;
  }
  g_dir_close (d);
  fail_unless_equals_int (n, 188);
}

GST_END_TEST;

static void
expect_error (const gchar *text, gsize len, SlJsonError code,
    const gchar *message)
{
  GError *err = NULL;
  SlJsonPipeline *p = sl_json_translate (text, len, "t.json", NULL, &err);

  fail_unless (p == NULL);
  fail_unless_equals_int (err->code, code);
  fail_unless_equals_string (err->message, message);
  g_error_free (err);
}

GST_START_TEST (test_limits)
{
  gsize n = 1000000, i;
  gchar *deep = g_malloc (n + 1);
  GString *big, *many;

  /* json-glib recurses and crashes around 80 000 levels: never reached */
  memset (deep, '[', n);
  deep[n] = '\0';
  expect_error (deep, n, SL_JSON_ERROR_LIMIT,
      "t.json:1:33: nesting deeper than 32 levels");
  for (i = 0; i < n; i += 5)
    memcpy (deep + i, "{\"a\":", 5);
  expect_error (deep, n, SL_JSON_ERROR_LIMIT,
      "t.json:1:161: nesting deeper than 32 levels");
  g_free (deep);

  big = g_string_new ("{\"nodes\":[],\"description\":\"");
  while (big->len < 2 * 1024 * 1024)
    g_string_append (big, "xxxxxxxxxxxxxxxx");
  g_string_append (big, "\"}");
  {
    gchar *msg =
        g_strdup_printf ("t.json:1:1: document of %" G_GSIZE_FORMAT
                         " bytes is larger than the limit of 1048576 bytes",
            big->len);

    expect_error (big->str, big->len, SL_JSON_ERROR_LIMIT, msg);
    g_free (msg);
  }
  g_string_free (big, TRUE);

  many = g_string_new ("{\"nodes\":[");
  for (i = 0; i < 300; i++)
    g_string_append_printf (many, "%s{\"id\":\"n%u\",\"type\":\"identity\"}",
        i ? "," : "", (guint) i);
  g_string_append (many, "],\"connections\":[]}");
  expect_error (many->str, many->len, SL_JSON_ERROR_LIMIT,
      "t.json: nodes: 300 nodes is more than the limit of 256");
  g_string_free (many, TRUE);

  /* invalid UTF-8 in a value, a lone surrogate, a NUL byte */
  expect_error ("{\"nodes\":\"\xc3\x28\"}", -1, SL_JSON_ERROR_SYNTAX,
      "t.json:1:11: invalid UTF-8 in a string");
  expect_error ("{\"nodes\":\"\\ud800\"}", -1, SL_JSON_ERROR_SYNTAX,
      "t.json:1:11: lone high surrogate in \\u escape");
  expect_error ("{\"nodes\":[]}\0", 13, SL_JSON_ERROR_SYNTAX,
      "t.json:1:13: unexpected text after the document");
  /* a line break moves the position */
  expect_error ("{\n  \"nodes\": [\n    01\n  ]\n}", -1, SL_JSON_ERROR_SYNTAX,
      "t.json:3:5: invalid number: leading zero");
}

GST_END_TEST;

static GstElement *
launch (const gchar *json, SlJsonPipeline **out)
{
  GError *err = NULL;
  SlJsonPipeline *p = sl_json_translate (json, -1, "t.json", NULL, &err);
  GstElement *pipe;

  gchar **argv = NULL;

  fail_unless (p != NULL, "refused: %s", err ? err->message : "");
  /* as a shell and gst-launch-1.0 do with the printed line */
  fail_unless (g_shell_parse_argv (p->line, NULL, &argv, NULL));
  fail_unless (g_strv_equal ((const gchar *const *) argv,
      (const gchar *const *) p->argv));
  pipe = gst_parse_launchv_full ((const gchar **) argv, NULL,
      GST_PARSE_FLAG_FATAL_ERRORS, &err);
  fail_unless (pipe != NULL, "line does not parse: %s\n%s", p->line,
      err ? err->message : "");
  g_strfreev (argv);
  /* and the description form, as gst_parse_launch() takes it */
  {
    GstElement *again = gst_parse_launch_full (p->description, NULL,
        GST_PARSE_FLAG_FATAL_ERRORS, &err);

    fail_unless (again != NULL, "%s: %s", p->description,
        err ? err->message : "");
    gst_object_unref (again);
  }
  if (out)
    *out = p;
  else
    sl_json_pipeline_free (p);
  return pipe;
}

static guint
count_children (GstElement *bin)
{
  GstIterator *it = gst_bin_iterate_recurse (GST_BIN (bin));
  GValue v = G_VALUE_INIT;
  guint n = 0;

  while (gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
    n++;
    g_value_reset (&v);
  }
  g_value_unset (&v);
  gst_iterator_free (it);
  return n;
}

static const gchar *hostile[] = { "x ! fakesink name=evil",
  "\" ! fakesink name=evil \"", "\\\" ! fakesink \\", "a\"b'c`d$e;f|g&h",
  "line\nbreak\ttab\r", "<1, 2> ( ) { } [ ] , = . !",
  "\xc3\xbc\xe2\x82\xac \xf0\x9f\x8e\xb5", "name=evil", "\\", "\"", "",
  "  leading and trailing  ", NULL };

/* A JSON string body for @s. */
static gchar *
json_escape (const gchar *s)
{
  GString *o = g_string_new (NULL);

  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      g_string_append_printf (o, "\\%c", *s);
    else if ((guchar) *s < 0x20)
      g_string_append_printf (o, "\\u%04x", *s);
    else
      g_string_append_c (o, *s);
  }
  return g_string_free (o, FALSE);
}

GST_START_TEST (test_injection)
{
  guint i;

  for (i = 0; hostile[i]; i++) {
    {
      gchar *esc = json_escape (hostile[i]);
      gchar *json = g_strdup_printf (
          "{\"nodes\":[{\"id\":\"src\",\"type\":"
          "\"slsinesrc\",\"config\":{\"num_frames\":1,\"channel_names\":"
          "[\"%s\",\"%s\"],\"metadata\":{\"k\":\"%s\"}}},"
          "{\"id\":\"out\",\"type\":\"slprint\",\"config\":{\"label\":\"%s\"}}]"
          ","
          "\"connections\":[{\"from\":\"src\",\"to\":\"out\"}]}",
          esc, esc, esc, esc);
      GstElement *pipe = launch (json, NULL);
      GstElement *out = gst_bin_get_by_name (GST_BIN (pipe), "out");
      GstElement *src = gst_bin_get_by_name (GST_BIN (pipe), "src");
      GValue names = G_VALUE_INIT;
      GstStructure *meta = NULL;
      gchar *label = NULL;

      /* src, queue, out: nothing else */
      fail_unless_equals_int (count_children (pipe), 3);
      fail_unless (gst_bin_get_by_name (GST_BIN (pipe), "evil") == NULL);
      g_object_get (out, "label", &label, NULL);
      fail_unless_equals_string (label, hostile[i]);
      g_value_init (&names, GST_TYPE_ARRAY);
      g_object_get_property (G_OBJECT (src), "channel-names", &names);
      fail_unless_equals_int (gst_value_array_get_size (&names), 2);
      fail_unless_equals_string (
          g_value_get_string (gst_value_array_get_value (&names, 1)),
          hostile[i]);
      g_object_get (src, "metadata", &meta, NULL);
      fail_unless (meta != NULL);
      fail_unless_equals_string (gst_structure_get_string (meta, "k"),
          hostile[i]);
      gst_structure_free (meta);
      g_value_unset (&names);
      g_free (label);
      gst_object_unref (out);
      gst_object_unref (src);
      gst_object_unref (pipe);
      g_free (json);
      g_free (esc);
    }
  }
}

GST_END_TEST;

GST_START_TEST (test_values)
{
  SlJsonPipeline *p;
  GstElement *pipe, *e;
  gdouble vol, freq;
  gint spb, mode;
  GstCaps *caps;
  GstStructure *s;
  gint rate, channels;

  pipe = launch (
      "{\"nodes\":["
      "{\"id\":\"src\",\"type\":\"SineGenerator\",\"config\":{"
      "\"frequency\":1000.5,\"sample_rate\":96000,\"num_channels\":3,"
      "\"frame_size\":480,\"mode\":\"Triggered\"}},"
      "{\"id\":\"g\",\"type\":\"GainNode\",\"config\":{\"gain_db\":-6.5}},"
      "{\"id\":\"out\",\"type\":\"fakesink\",\"config\":{\"sync\":true}}],"
      "\"connections\":[{\"from\":\"src\",\"to\":\"g\"},"
      "{\"from\":\"g\",\"to\":\"out\",\"capacity\":7,\"policy\":"
      "\"drop_oldest\"}],\"pipeline_config\":{\"channel_capacity\":9}}",
      &p);

  e = gst_bin_get_by_name (GST_BIN (pipe), "g");
  g_object_get (e, "volume", &vol, NULL);
  fail_unless (fabs (vol - pow (10.0, -6.5 / 20.0)) < 1e-7);
  gst_object_unref (e);
  e = gst_bin_get_by_name (GST_BIN (pipe), "src");
  g_object_get (e, "frequency", &freq, "samplesperbuffer", &spb, "mode", &mode,
      NULL);
  fail_unless_equals_float (freq, 1000.5);
  fail_unless_equals_int (spb, 480);
  fail_unless_equals_int (mode, 1);
  gst_object_unref (e);
  e = gst_bin_get_by_name (GST_BIN (pipe), "out");
  fail_unless (gst_base_sink_get_sync (GST_BASE_SINK (e)));
  gst_object_unref (e);
  fail_unless (strstr (p->line,
      " ! capsfilter name=src-caps "
      "caps=audio/x-raw,rate=96000,channels=3 ! "));
  fail_unless (strstr (p->line,
      "max-size-buffers=9 max-size-bytes=0 "
      "max-size-time=0 ! volume"));
  fail_unless (strstr (p->line,
      "max-size-buffers=7 max-size-bytes=0 "
      "max-size-time=0 leaky=downstream ! fakesink name=out"));
  caps = NULL;
  {
    GstIterator *it = gst_bin_iterate_elements (GST_BIN (pipe));
    GValue v = G_VALUE_INIT;

    while (gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
      GstElement *c = g_value_get_object (&v);

      if (g_str_has_prefix (GST_OBJECT_NAME (gst_element_get_factory (c)),
              "capsfilter"))
        g_object_get (c, "caps", &caps, NULL);
      g_value_reset (&v);
    }
    g_value_unset (&v);
    gst_iterator_free (it);
  }
  fail_unless (caps != NULL);
  s = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_get_int (s, "rate", &rate));
  fail_unless (gst_structure_get_int (s, "channels", &channels));
  fail_unless_equals_int (rate, 96000);
  fail_unless_equals_int (channels, 3);
  gst_caps_unref (caps);
  gst_object_unref (pipe);
  sl_json_pipeline_free (p);
}

GST_END_TEST;

static void
handoff (GstElement *sink, GstBuffer *buf, GstPad *pad, gint *n)
{
  (*n)++;
}

static void
run_to_eos (GstElement *pipe)
{
  GstBus *bus = gst_element_get_bus (pipe);
  GstMessage *m;

  fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  m = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless_equals_int (GST_MESSAGE_TYPE (m), GST_MESSAGE_EOS);
  gst_message_unref (m);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
}

GST_START_TEST (test_fanout)
{
  SlJsonPipeline *p;
  GstElement *pipe, *a, *b, *c;
  GstElementFactory *f = gst_element_factory_find ("slfanout");
  gint na = 0, nb = 0, nc = 0;

  pipe = launch ("{\"nodes\":["
                 "{\"id\":\"src\",\"type\":\"sine_generator\",\"config\":"
                 "{\"num_frames\":25,\"frame_size\":64}},"
                 "{\"id\":\"a\",\"type\":\"fakesink\",\"config\":{\"signal_"
                 "handoffs\":true}},"
                 "{\"id\":\"b\",\"type\":\"fakesink\",\"config\":{\"signal_"
                 "handoffs\":true}},"
                 "{\"id\":\"c\",\"type\":\"fakesink\",\"config\":{\"signal_"
                 "handoffs\":true}}],"
                 "\"connections\":[{\"from\":\"src\",\"to\":\"a\"},"
                 "{\"from\":\"src\",\"to\":\"b\"},{\"from\":\"src\",\"to\":"
                 "\"c\"}]}",
      &p);
  /* slfanout when installed, else the documented fallback: tee + queues */
  if (f) {
    fail_unless (strstr (p->line, "! slfanout name=fanout") != NULL);
    gst_object_unref (f);
  } else {
    fail_unless (strstr (p->line, "! tee name=fanout") != NULL, "%s", p->line);
    fail_unless (strstr (p->line, "fanout.src_2 ! queue") != NULL);
  }
  a = gst_bin_get_by_name (GST_BIN (pipe), "a");
  b = gst_bin_get_by_name (GST_BIN (pipe), "b");
  c = gst_bin_get_by_name (GST_BIN (pipe), "c");
  g_signal_connect (a, "handoff", G_CALLBACK (handoff), &na);
  g_signal_connect (b, "handoff", G_CALLBACK (handoff), &nb);
  g_signal_connect (c, "handoff", G_CALLBACK (handoff), &nc);
  run_to_eos (pipe);
  fail_unless_equals_int (na, 25);
  fail_unless_equals_int (nb, 25);
  fail_unless_equals_int (nc, 25);
  gst_object_unref (a);
  gst_object_unref (b);
  gst_object_unref (c);
  gst_object_unref (pipe);
  sl_json_pipeline_free (p);
}

GST_END_TEST;

GST_START_TEST (test_triggers)
{
  SlJsonOptions opts = {
    0,
  };
  GError *err = NULL;
  SlJsonPipeline *p;
  GstElement *pipe, *src, *out;
  gint n = 0, i;

  opts.triggers = 4;
  p = sl_json_translate (
      "{\"nodes\":[{\"id\":\"src\",\"type\":"
      "\"TriggerSourceNode\",\"config\":{\"frame_size\":32}},{\"id\":\"out\","
      "\"type\":\"fakesink\",\"config\":{\"signal_handoffs\":true}}],"
      "\"connections\":[{\"from\":\"src\",\"to\":\"out\"}]}",
      -1, "t.json", &opts, &err);
  fail_unless (p != NULL);
  fail_unless (strstr (p->line, "mode=triggered is-live=true num-buffers=4") !=
          NULL,
      "%s", p->line);
  pipe = gst_parse_launch (p->description, NULL);
  src = gst_bin_get_by_name (GST_BIN (pipe), "src");
  out = gst_bin_get_by_name (GST_BIN (pipe), "out");
  g_signal_connect (out, "handoff", G_CALLBACK (handoff), &n);
  /* triggers that arrive before the source runs are counted */
  gst_element_set_state (pipe, GST_STATE_PAUSED);
  for (i = 0; i < 4; i++)
    g_signal_emit_by_name (src, "trigger");
  run_to_eos (pipe);
  fail_unless_equals_int (n, 4);
  gst_object_unref (src);
  gst_object_unref (out);
  gst_object_unref (pipe);
  sl_json_pipeline_free (p);
}

GST_END_TEST;

GST_START_TEST (test_open_ends)
{
  const gchar *json = "{\"nodes\":[{\"id\":\"g\",\"type\":\"gain\"}]}";
  SlJsonOptions opts = {
    0,
  };
  SlJsonPipeline *p;

  expect_error (json, -1, SL_JSON_ERROR_GRAPH,
      "t.json: nodes[0]: node 'g' (volume) has no incoming connection");
  opts.allow_open_ends = TRUE;
  p = sl_json_translate (json, -1, NULL, &opts, NULL);
  fail_unless (p != NULL);
  fail_unless_equals_string (p->line, "volume name=g");
  fail_unless_equals_string (p->description, "volume name=g");
  sl_json_pipeline_free (p);
}

GST_END_TEST;

GST_START_TEST (test_allow_deny)
{
  const gchar *json =
      "{\"nodes\":[{\"id\":\"s\",\"type\":\"audiotestsrc\"},"
      "{\"id\":\"o\",\"type\":\"fakesink\"}],\"connections\":[{\"from\":\"s\","
      "\"to\":\"o\"}]}";
  SlJsonOptions opts = {
    0,
  };
  gchar *deny[] = { (gchar *) "audiotestsrc", NULL };
  gchar *allow[] = { (gchar *) "fakesink", NULL };
  GError *err = NULL;

  opts.deny = deny;
  fail_if (sl_json_translate (json, -1, "t.json", &opts, &err));
  fail_unless_equals_string (err->message,
      "t.json: nodes[0].type: element 'audiotestsrc' is denied");
  g_clear_error (&err);
  opts.deny = NULL;
  opts.allow = allow;
  fail_if (sl_json_translate (json, -1, "t.json", &opts, &err));
  fail_unless_equals_string (err->message,
      "t.json: nodes[0].type: element "
      "'audiotestsrc' is not in the allowed list");
  g_clear_error (&err);
}

GST_END_TEST;

/* The DataFrame transport node types: record / replay with a path, send /
 * receive with a URI, framer. */
GST_START_TEST (test_frames_nodes)
{
  SlJsonPipeline *p;
  GstElement *pipe, *e;
  gchar *s;
  guint spb;

  pipe = launch ("{\"nodes\":["
                 "{\"id\":\"src\",\"type\":\"audiotestsrc\",\"config\":{\"num-"
                 "buffers\":2}},"
                 "{\"id\":\"fr\",\"type\":\"framer\",\"config\":{\"frame_"
                 "size\":256}},"
                 "{\"id\":\"rec\",\"type\":\"record\",\"config\":"
                 "{\"path\":\"/tmp/t.slf\"}}],"
                 "\"connections\":[{\"from\":\"src\",\"to\":\"fr\"},"
                 "{\"from\":\"fr\",\"to\":\"rec\"}]}",
      &p);
  fail_unless (strstr (p->line, "slsend name=rec location=/tmp/t.slf"), "%s",
      p->line);
  e = gst_bin_get_by_name (GST_BIN (pipe), "rec");
  g_object_get (e, "uri", &s, NULL);
  fail_unless_equals_string (s, "file:///tmp/t.slf");
  g_free (s);
  gst_object_unref (e);
  e = gst_bin_get_by_name (GST_BIN (pipe), "fr");
  g_object_get (e, "samplesperbuffer", &spb, NULL);
  fail_unless_equals_int (spb, 256);
  gst_object_unref (e);
  gst_object_unref (pipe);
  sl_json_pipeline_free (p);

  pipe =
      launch ("{\"nodes\":["
              "{\"id\":\"in\",\"type\":\"receive\",\"config\":"
              "{\"uri\":\"srt://127.0.0.1:7001\",\"on-corrupt\":\"resync\"}},"
              "{\"id\":\"out\",\"type\":\"send\",\"config\":"
              "{\"uri\":\"tcp://127.0.0.1:7002\"}}],"
              "\"connections\":[{\"from\":\"in\",\"to\":\"out\"}]}",
          &p);
  fail_unless (strstr (p->line, "slreceive name=in "), "%s", p->line);
  fail_unless (strstr (p->line, "slsend name=out uri=tcp://127.0.0.1:7002"),
      "%s", p->line);
  gst_object_unref (pipe);
  sl_json_pipeline_free (p);

  pipe = launch ("{\"nodes\":["
                 "{\"id\":\"in\",\"type\":\"replay\",\"config\":"
                 "{\"path\":\"/tmp/t.slf\"}},"
                 "{\"id\":\"out\",\"type\":\"print\"}],"
                 "\"connections\":[{\"from\":\"in\",\"to\":\"out\"}]}",
      &p);
  fail_unless (strstr (p->line, "slreceive name=in location=/tmp/t.slf"), "%s",
      p->line);
  gst_object_unref (pipe);
  sl_json_pipeline_free (p);
}

GST_END_TEST;

GST_START_TEST (test_quote_string)
{
  gchar *q = sl_json_quote_string ("a \"b\"");

  fail_unless_equals_string (q, "\"\\\"a\\\\ \\\\\\\"b\\\\\\\"\\\"\"");
  g_free (q);
  fail_unless_equals_int (sl_json_edit_distance ("frequncy", "frequency"), 1);
  fail_unless_equals_int (sl_json_edit_distance ("", "abc"), 3);
  fail_unless_equals_int (sl_json_edit_distance ("kitten", "sitting"), 3);
}

GST_END_TEST;

/* Test data from outside the repository (the folder named by @env_var):
 * a test that needs it runs when the folder is there, and fails when it
 * is missing and SL_REQUIRE_SHARED=1 (as .ci/run sets) requires it;
 * otherwise it is skipped with a message saying what is missing. */
static gboolean
sl_shared_data_wanted (const gchar *env_var, const gchar *what,
    const gchar *test_name)
{
  const gchar *dir = g_getenv (env_var);

  if (dir && g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (g_strcmp0 (g_getenv ("SL_REQUIRE_SHARED"), "1") == 0)
    return TRUE;
  g_printerr ("SKIP %s: %s not found (%s=%s); set SL_REQUIRE_SHARED=1 to "
              "make this a failure\n",
      test_name, what, env_var, dir ? dir : "");
  return FALSE;
}

static Suite *
translate_suite (void)
{
  Suite *s = suite_create ("sljsontranslate");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_invalid_descriptions);
  if (sl_shared_data_wanted ("SL_JSONTESTSUITE_DIR",
          "the JSONTestSuite's invalid documents (n_*.json)",
          "test_jsontestsuite_invalid"))
    tcase_add_test (tc, test_jsontestsuite_invalid);
  tcase_add_test (tc, test_limits);
  tcase_add_test (tc, test_injection);
  tcase_add_test (tc, test_values);
  tcase_add_test (tc, test_fanout);
  tcase_add_test (tc, test_triggers);
  tcase_add_test (tc, test_open_ends);
  tcase_add_test (tc, test_allow_deny);
  tcase_add_test (tc, test_quote_string);
  tcase_add_test (tc, test_frames_nodes);
  return s;
}

GST_CHECK_MAIN (translate);
