/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>

#include <string.h>

#include "gstslelement.h"
#include "gstslmeta.h"

void
sl_element_init (GstPlugin * plugin)
{
  static gsize res = FALSE;

  if (g_once_init_enter (&res)) {
#ifdef ENABLE_NLS
    /* STREAMLAB_LOCALEDIR lets an uninstalled build (meson devenv, tests)
     * find its own translations. */
    const gchar *dir = g_getenv ("STREAMLAB_LOCALEDIR");

    bindtextdomain (GETTEXT_PACKAGE, dir && *dir ? dir : LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
#endif
    gst_sl_data_frame_meta_register ();
    g_once_init_leave (&res, TRUE);
  }
}

gboolean
sl_pad_name_index (const gchar * name, const gchar * prefix, guint * index)
{
  guint64 v;

  if (name == NULL || !g_str_has_prefix (name, prefix))
    return FALSE;
  if (!g_ascii_string_to_unsigned (name + strlen (prefix), 10, 0, G_MAXUINT,
          &v, NULL))
    return FALSE;
  *index = (guint) v;
  return TRUE;
}
