/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* libFuzzer target: any bytes through the JSON translator (pre-scan,
 * json-glib, typing, graph checks, line building). A valid description's
 * line must also split back into the same words, as a shell would. */

#include <string.h>
#include <gst/gst.h>

#include "sljsontranslate.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static gboolean initialized = FALSE;
  SlJsonOptions opts = {
    0,
  };
  SlJsonPipeline *p;
  GError *err = NULL;

  if (!initialized) {
    gst_init (NULL, NULL);
    initialized = TRUE;
  }
  opts.allow_open_ends = size > 0 && (data[0] & 1);
  p = sl_json_translate ((const gchar *) data, size, "fuzz", &opts, &err);
  if (p) {
    gchar **argv = NULL;

    /* an empty graph is valid: an empty line, no words */
    if (p->line[0] == '\0') {
      if (p->argv && p->argv[0])
        g_error ("an empty line with words: %s", p->argv[0]);
    } else if (!g_shell_parse_argv (p->line, NULL, &argv, NULL) ||
        !g_strv_equal ((const gchar *const *) argv,
            (const gchar *const *) p->argv))
      g_error ("line does not split back into its words: %s", p->line);
    g_strfreev (argv);
    sl_json_pipeline_free (p);
  } else {
    g_assert (err != NULL && err->domain == SL_JSON_ERROR);
    g_error_free (err);
  }
  return 0;
}
