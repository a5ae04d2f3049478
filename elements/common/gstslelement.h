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
void sl_element_init (GstPlugin *plugin);

/* The index of a request pad named @prefix followed by a decimal number
 * ("src_3" with prefix "src_"): TRUE and *@index set, or FALSE for a name
 * of another form (then the element picks the next free index). */
gboolean sl_pad_name_index (const gchar *name, const gchar *prefix,
    guint *index);

/* Sends the sticky events of @pad (stream-start, caps, segment, tags; not
 * EOS) to @peer again, for an element that has just been restarted or
 * replaced behind it. */
void sl_pad_resend_sticky_events (GstPad *pad, GstPad *peer);

/* Array properties of doubles (gst_param_spec_array of g_param_spec_double):
 * sl_value_array_to_doubles() replaces the contents of @out (a GArray of
 * gdouble) by the values of the GstValueArray @value, a value that is not
 * a number becoming NaN (which the element refuses when it applies its
 * settings); it returns FALSE when there was one.
 * sl_value_array_from_doubles() appends @n values to the GstValueArray
 * @value (get_property). */
gboolean sl_value_array_to_doubles (const GValue *value, GArray *out);
void sl_value_array_from_doubles (GValue *value, const gdouble *values,
    guint n);

/* Array properties of strings (channel names): a new NULL-terminated
 * vector, NULL for an empty array; and its values appended to @value. */
gchar **sl_value_array_to_strv (const GValue *value);
void sl_value_array_from_strv (GValue *value, const gchar *const *strv);

/* A counter property: a read-only guint64 from 0 (frames, drops, errors
 * since the element started). */
GParamSpec *sl_param_spec_counter (const gchar *name, const gchar *nick,
    const gchar *blurb);

/* A DataFrame's metadata is a string-to-string map (a `metadata` property
 * takes a GstStructure): sl_metadata_stringify() turns every field that is
 * not a string into its serialised string, in place;
 * sl_metadata_from_structure() is a copy of @s made so, or NULL for NULL or
 * an empty structure. */
void sl_metadata_stringify (GstStructure *s);
GstStructure *sl_metadata_from_structure (const GstStructure *s);

/* A bad setting: a property value that cannot be used, alone, with another
 * one or with the negotiated format, whenever it is found (set_property,
 * caps, a controller while playing). It always goes out under one error
 * domain and code, RESOURCE / SETTINGS, so that applications (and
 * slresilient, which tells a child's configuration error from a failed
 * frame) recognise it with sl_error_is_bad_setting().
 *
 * SL_ELEMENT_ERROR_PROPERTY posts the project's message naming @prop
 * ("Invalid value for property '%s'.") with @debug, a parenthesised printf
 * list like GST_ELEMENT_ERROR's: SL_ELEMENT_ERROR_PROPERTY (self, "size",
 * ("size %d is odd", size)). SL_ELEMENT_ERROR_SETTING takes its own user
 * text, for a message that says more than which property. */
#define SL_ELEMENT_ERROR_SETTING(el, text, debug) \
  GST_ELEMENT_ERROR (el, RESOURCE, SETTINGS, text, debug)
#define SL_ELEMENT_ERROR_PROPERTY(el, prop, debug) \
  SL_ELEMENT_ERROR_SETTING (el, \
      (_ ("Invalid value for property '%s'."), prop), debug)

gboolean sl_error_is_bad_setting (const GError *error);

/* A frame whose memory cannot be mapped (@buf: the buffer): one message for
 * every element. */
#define SL_ELEMENT_ERROR_UNMAPPED(el, buf) \
  GST_ELEMENT_ERROR (el, STREAM, FAILED, \
      (_ ("Could not read the samples of a frame.")), \
      ("could not map buffer %" GST_PTR_FORMAT, buf))

G_END_DECLS

#endif /* __GST_SL_ELEMENT_H__ */
