/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_ELEMENT_H__
#define __GST_SL_ELEMENT_H__

#include <gst/gst.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#ifdef ENABLE_NLS
#include <glib/gi18n-lib.h>
#else
#define _(s) (s)
#define N_(s) (s)
#endif

G_BEGIN_DECLS

/* One-time initialisation shared by every element of the project: the
 * gettext domain, the DataFrame meta and the channel-names tag. Called from
 * GST_ELEMENT_REGISTER_DEFINE_WITH_CODE. */
void sl_element_init (GstPlugin * plugin);

/* The index of a request pad named @prefix followed by a decimal number
 * ("src_3" with prefix "src_"): TRUE and *@index set, or FALSE for a name
 * of another form (then the element picks the next free index). */
gboolean sl_pad_name_index (const gchar * name, const gchar * prefix,
    guint * index);

G_END_DECLS

#endif /* __GST_SL_ELEMENT_H__ */
