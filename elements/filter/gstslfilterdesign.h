/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __GST_SL_FILTER_DESIGN_H__
#define __GST_SL_FILTER_DESIGN_H__

#include <glib.h>
#include "gstslfilter.h"

G_BEGIN_DECLS

/* order of the low-pass prototype */
#define SL_FILTER_MAX_ORDER 16
/* band kinds have 2 * order poles, so order sections */
#define SL_FILTER_MAX_SECTIONS SL_FILTER_MAX_ORDER

/* One second-order section, normalised so that a0 = 1:
 *
 *   H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)
 *
 * First-order sections have b2 = a2 = 0. */
typedef struct
{
  gdouble b0, b1, b2, a1, a2;
} SlBiquad;

guint sl_filter_design_sos (GstSlFilterKind kind, GstSlFilterDesign design,
    guint order, gdouble ripple_db, gdouble f1, gdouble f2, gdouble rate,
    SlBiquad *sos);

G_END_DECLS

#endif /* __GST_SL_FILTER_DESIGN_H__ */
