/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slmerge
 * @title: slmerge
 *
 * Merges the frames of any number of request sink pads `sink_%u` into one
 * stream, in the order of their DataFrame `seq`. With `slfanout
 * mode=round-robin` in front, it lets a slow node run on several cores
 * (one worker per branch, each with its own thread) while the frames leave
 * in their original order.
 *
 * ## Re-sequencing
 *
 * Frames are put back in seq order within a reorder window of `window`
 * frames: a frame waits until every frame before it has left. When a frame
 * arrives whose seq is `window` or more ahead of the next expected one, the
 * missing seqs in between are given up (counted in `frames-missing`) and
 * the frames waiting behind them leave. A frame that arrives after its seq
 * was given up, or whose seq already left, is dropped and counted in
 * `frames-late`. At EOS (once every sink pad has received EOS) the frames
 * still waiting leave, the gaps between them counted as missing.
 *
 * Size the window above the number of frames a branch can fall behind
 * the others: with `slfanout mode=round-robin` and N branches of
 * `capacity` C, a frame can be overtaken by about N × (C + 1) frames; the
 * default of 1024 covers 4 branches of the default capacity 64 with room
 * to spare. Nothing waits on a timer: the element never holds a frame
 * because of time, only because of its place in the order.
 *
 * The first expected seq is found when the stream starts (and again after
 * a flush, as seq continues across flushes): the frames are held until
 * every linked sink pad has brought one (or EOS), or until `window` frames
 * are held, and the smallest seq among them starts the order. Frames
 * without a DataFrame meta leave at once, in arrival order (counted in
 * `frames-unsequenced`).
 *
 * Workers see only their share of the frames: a node that keeps state
 * from one frame to the next (a filter's memory, a window) carries it
 * from a frame several seqs back, so its output differs at frame starts
 * from a single instance's. Spread stateless per-frame work this way, or
 * accept that difference (an FIR filter is exact again after its length).
 *
 * Once EOS has drained, every frame that entered (`frames-in`) is counted
 * once: `frames-out` + `frames-late` + `frames-flushed`.
 *
 * ## Events
 *
 * Caps, segment and stream-start are forwarded when they differ from what
 * the source pad has already sent (the branches all carry the same stream);
 * other serialized events are forwarded from the first sink pad only; EOS
 * goes out once every sink pad has received it. A flush on any sink pad
 * flushes the source pad; the held frames are dropped (counted in
 * `frames-flushed`) when the last flushing sink pad stops flushing.
 * Upstream events (seeks) go to the first sink pad only, so that a seek
 * reaches the fanout upstream once.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=200 ! slfanout name=f mode=round-robin f. ! queue ! slfilter kind=fir taps="<0.25, 0.5, 0.25>" ! slmerge name=m ! slprint f. ! queue ! slfilter kind=fir taps="<0.25, 0.5, 0.25>" ! m.
 * ]| Two workers filtering alternate frames, merged back in seq order.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>

#include <gst/base/gstqueuearray.h>

#include "gstslmerge.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_merge_debug);
#define GST_CAT_DEFAULT sl_merge_debug

#define DEFAULT_WINDOW 1024

enum
{
  PROP_0,
  PROP_WINDOW,
  PROP_FRAMES_IN,
  PROP_FRAMES_OUT,
  PROP_FRAMES_LATE,
  PROP_FRAMES_MISSING,
  PROP_FRAMES_FLUSHED,
  PROP_FRAMES_UNSEQUENCED,
  PROP_PENDING,
};

/* per sink pad, in the pad's element-private field */
typedef struct
{
  gboolean eos;
  gboolean flushing;
  gboolean got_frame; /* brought a frame since the order started */
  guint index;        /* order of creation */
} SlMergeInput;

struct _GstSlMerge
{
  GstElement parent;

  GstPad *srcpad;

  /* everything below under `lock` */
  GMutex lock;
  guint window;         /* property */
  GstBuffer **slots;    /* the reorder window, by seq % size */
  guint size;           /* allocated slots */
  GstQueueArray *ready; /* frames in order, waiting to be pushed */
  GPtrArray *held;      /* frames held before the order starts */
  gboolean started;
  guint64 next_seq;
  guint n_pending; /* frames in the slots */
  guint n_inputs;
  guint n_flushing;
  guint next_input;
  gboolean eos_sent;
  GstFlowReturn srcresult;

  guint64 frames_in, frames_out, frames_late, frames_missing;
  guint64 frames_flushed, frames_unsequenced;

  /* serializes what leaves the source pad (frames and events), so that
   * frames queued in order in `ready` leave in that order */
  GMutex push_lock;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink_%u",
    GST_PAD_SINK, GST_PAD_REQUEST, GST_STATIC_CAPS_ANY);

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

#define gst_sl_merge_parent_class parent_class
G_DEFINE_TYPE (GstSlMerge, gst_sl_merge, GST_TYPE_ELEMENT);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slmerge, "slmerge", GST_RANK_NONE,
    GST_TYPE_SL_MERGE, sl_element_init (plugin));

static void gst_sl_merge_finalize (GObject *object);
static void gst_sl_merge_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_merge_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static GstPad *gst_sl_merge_request_new_pad (GstElement *element,
    GstPadTemplate *templ, const gchar *name, const GstCaps *caps);
static void gst_sl_merge_release_pad (GstElement *element, GstPad *pad);
static GstStateChangeReturn gst_sl_merge_change_state (GstElement *element,
    GstStateChange transition);
static GstFlowReturn gst_sl_merge_chain (GstPad *pad, GstObject *parent,
    GstBuffer *buffer);
static gboolean gst_sl_merge_sink_event (GstPad *pad, GstObject *parent,
    GstEvent *event);
static gboolean gst_sl_merge_src_event (GstPad *pad, GstObject *parent,
    GstEvent *event);

static void
gst_sl_merge_class_init (GstSlMergeClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_sl_merge_set_property;
  gobject_class->get_property = gst_sl_merge_get_property;
  gobject_class->finalize = gst_sl_merge_finalize;

  g_object_class_install_property (gobject_class, PROP_WINDOW,
      g_param_spec_uint ("window", "Window",
          "Reorder window in frames: a frame this many seqs ahead of the "
          "next expected one makes the missing seqs before it given up",
          1, 1 << 20, DEFAULT_WINDOW,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_FRAMES_IN,
      sl_param_spec_counter ("frames-in", "Frames in",
          "Frames received on all sink pads"));
  g_object_class_install_property (gobject_class, PROP_FRAMES_OUT,
      g_param_spec_uint64 ("frames-out", "Frames out",
          "Frames sent on the source pad (whatever downstream returned)", 0,
          G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_FRAMES_LATE,
      sl_param_spec_counter ("frames-late", "Frames late",
          "Frames dropped because their seq had left or been given up "
          "already (or came twice)"));
  g_object_class_install_property (gobject_class, PROP_FRAMES_MISSING,
      sl_param_spec_counter ("frames-missing", "Frames missing",
          "Seqs given up: never arrived within the window (or before EOS)"));
  g_object_class_install_property (gobject_class, PROP_FRAMES_FLUSHED,
      g_param_spec_uint64 ("frames-flushed", "Frames flushed",
          "Frames dropped while held, by a flush or a stop", 0, G_MAXUINT64, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_FRAMES_UNSEQUENCED,
      sl_param_spec_counter ("frames-unsequenced", "Frames unsequenced",
          "Frames without a DataFrame meta, sent on in arrival order (also "
          "counted in frames-out)"));
  g_object_class_install_property (gobject_class, PROP_PENDING,
      g_param_spec_uint ("pending", "Pending",
          "Frames held now, waiting for an earlier seq", 0, G_MAXUINT, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "StreamLab merge",
      "Generic",
      "Merges the frames of its sink pads into one stream in DataFrame seq "
      "order, within a bounded reorder window, counting late and missing "
      "frames",
      "gst-streamlab developers");

  element_class->request_new_pad =
      GST_DEBUG_FUNCPTR (gst_sl_merge_request_new_pad);
  element_class->release_pad = GST_DEBUG_FUNCPTR (gst_sl_merge_release_pad);
  element_class->change_state = GST_DEBUG_FUNCPTR (gst_sl_merge_change_state);

  GST_DEBUG_CATEGORY_INIT (sl_merge_debug, "slmerge", 0, "StreamLab merge");
}

static void
gst_sl_merge_init (GstSlMerge *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->push_lock);
  self->window = DEFAULT_WINDOW;
  self->held = g_ptr_array_new ();
  self->ready = gst_queue_array_new (DEFAULT_WINDOW);
  self->srcresult = GST_FLOW_OK;

  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_set_event_function (self->srcpad,
      GST_DEBUG_FUNCPTR (gst_sl_merge_src_event));
  gst_pad_use_fixed_caps (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);
}

/* Drops every held frame, counting them as flushed. Called with the
 * lock. */
static void
clear_locked (GstSlMerge *self)
{
  GstBuffer *buf;
  guint i;

  for (i = 0; i < self->size; i++) {
    if (self->slots[i]) {
      gst_buffer_unref (self->slots[i]);
      self->slots[i] = NULL;
      self->frames_flushed++;
    }
  }
  while ((buf = gst_queue_array_pop_head (self->ready))) {
    gst_buffer_unref (buf);
    self->frames_flushed++;
  }
  for (i = 0; i < self->held->len; i++) {
    gst_buffer_unref (g_ptr_array_index (self->held, i));
    self->frames_flushed++;
  }
  g_ptr_array_set_size (self->held, 0);
  self->n_pending = 0;
  self->started = FALSE;
}

static void
gst_sl_merge_finalize (GObject *object)
{
  GstSlMerge *self = GST_SL_MERGE (object);

  clear_locked (self);
  g_free (self->slots);
  gst_queue_array_free (self->ready);
  g_ptr_array_free (self->held, TRUE);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->push_lock);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_merge_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstSlMerge *self = GST_SL_MERGE (object);

  switch (prop_id) {
    case PROP_WINDOW:
      g_mutex_lock (&self->lock);
      self->window = g_value_get_uint (value);
      g_mutex_unlock (&self->lock);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_sl_merge_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlMerge *self = GST_SL_MERGE (object);

  g_mutex_lock (&self->lock);
  switch (prop_id) {
    case PROP_WINDOW:
      g_value_set_uint (value, self->window);
      break;
    case PROP_FRAMES_IN:
      g_value_set_uint64 (value, self->frames_in);
      break;
    case PROP_FRAMES_OUT:
      g_value_set_uint64 (value, self->frames_out);
      break;
    case PROP_FRAMES_LATE:
      g_value_set_uint64 (value, self->frames_late);
      break;
    case PROP_FRAMES_MISSING:
      g_value_set_uint64 (value, self->frames_missing);
      break;
    case PROP_FRAMES_FLUSHED:
      g_value_set_uint64 (value, self->frames_flushed);
      break;
    case PROP_FRAMES_UNSEQUENCED:
      g_value_set_uint64 (value, self->frames_unsequenced);
      break;
    case PROP_PENDING:
      g_value_set_uint (value,
          self->n_pending + self->held->len +
              gst_queue_array_get_length (self->ready));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  g_mutex_unlock (&self->lock);
}

static GstStateChangeReturn
gst_sl_merge_change_state (GstElement *element, GstStateChange transition)
{
  GstSlMerge *self = GST_SL_MERGE (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    g_mutex_lock (&self->lock);
    clear_locked (self);
    if (self->size != self->window) {
      /* the only allocation of the window: when streaming starts */
      g_free (self->slots);
      self->slots = g_new0 (GstBuffer *, self->window);
      self->size = self->window;
    }
    self->frames_in = self->frames_out = self->frames_late = 0;
    self->frames_missing = self->frames_flushed = 0;
    self->frames_unsequenced = 0;
    self->eos_sent = FALSE;
    self->srcresult = GST_FLOW_OK;
    g_mutex_unlock (&self->lock);
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);

  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    g_mutex_lock (&self->lock);
    clear_locked (self);
    g_mutex_unlock (&self->lock);
  }
  return ret;
}

static gboolean
gst_sl_merge_sink_query (GstPad *pad, GstObject *parent, GstQuery *query)
{
  GstSlMerge *self = GST_SL_MERGE (parent);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_CAPS:
    case GST_QUERY_ACCEPT_CAPS:
    case GST_QUERY_ALLOCATION:
      /* what downstream of the merge takes */
      return gst_pad_peer_query (self->srcpad, query);
    default:
      return gst_pad_query_default (pad, parent, query);
  }
}

static GstPad *
gst_sl_merge_request_new_pad (GstElement *element, GstPadTemplate *templ,
    const gchar *name, const GstCaps *caps)
{
  GstSlMerge *self = GST_SL_MERGE (element);
  SlMergeInput *input;
  GstPad *pad;
  guint index;
  gchar *pad_name;

  g_mutex_lock (&self->lock);
  if (sl_pad_name_index (name, "sink_", &index)) {
    if (index >= self->next_input)
      self->next_input = index + 1;
  } else {
    index = self->next_input++;
  }
  g_mutex_unlock (&self->lock);

  pad_name = g_strdup_printf ("sink_%u", index);
  pad = gst_pad_new_from_template (templ, pad_name);
  g_free (pad_name);
  input = g_new0 (SlMergeInput, 1);
  input->index = index;
  gst_pad_set_element_private (pad, input);
  gst_pad_set_chain_function (pad, GST_DEBUG_FUNCPTR (gst_sl_merge_chain));
  gst_pad_set_event_function (pad, GST_DEBUG_FUNCPTR (gst_sl_merge_sink_event));
  gst_pad_set_query_function (pad, GST_DEBUG_FUNCPTR (gst_sl_merge_sink_query));

  if (!gst_element_add_pad (element, pad)) {
    GST_WARNING_OBJECT (self, "pad %s exists already", GST_PAD_NAME (pad));
    g_free (input);
    gst_object_unref (pad);
    return NULL;
  }
  g_mutex_lock (&self->lock);
  self->n_inputs++;
  g_mutex_unlock (&self->lock);
  return pad;
}

static void gst_sl_merge_check_eos (GstSlMerge *self);

static void
gst_sl_merge_release_pad (GstElement *element, GstPad *pad)
{
  GstSlMerge *self = GST_SL_MERGE (element);
  SlMergeInput *input = gst_pad_get_element_private (pad);

  g_mutex_lock (&self->lock);
  self->n_inputs--;
  if (input->flushing)
    self->n_flushing--;
  g_mutex_unlock (&self->lock);
  gst_pad_set_element_private (pad, NULL);
  gst_element_remove_pad (element, pad);
  g_free (input);
  /* the pads left may all have had EOS */
  gst_sl_merge_check_eos (self);
}

/* ---- the reorder window (all with the lock) ---- */

/* Gives up or sends on the frame of the next expected seq. */
static void
advance_locked (GstSlMerge *self)
{
  guint slot = self->next_seq % self->size;
  GstBuffer *buf = self->slots[slot];

  if (buf) {
    self->slots[slot] = NULL;
    self->n_pending--;
    gst_queue_array_push_tail (self->ready, buf);
  } else {
    self->frames_missing++;
  }
  self->next_seq++;
}

static void
insert_locked (GstSlMerge *self, GstBuffer *buf, guint64 seq)
{
  guint slot;

  if (seq < self->next_seq) {
    GST_LOG_OBJECT (self,
        "seq %" G_GUINT64_FORMAT " is late (next %" G_GUINT64_FORMAT ")", seq,
        self->next_seq);
    self->frames_late++;
    gst_buffer_unref (buf);
    return;
  }
  /* a frame far ahead: give up the oldest missing seqs */
  if (seq - self->next_seq >= self->size) {
    if (self->n_pending == 0) {
      /* nothing held: jump at once */
      self->frames_missing += seq - self->next_seq - self->size + 1;
      self->next_seq = seq - self->size + 1;
    }
    while (seq - self->next_seq >= self->size)
      advance_locked (self);
  }
  slot = seq % self->size;
  if (self->slots[slot]) {
    GST_LOG_OBJECT (self, "seq %" G_GUINT64_FORMAT " came twice", seq);
    self->frames_late++;
    gst_buffer_unref (buf);
    return;
  }
  self->slots[slot] = buf;
  self->n_pending++;
  while (self->slots[self->next_seq % self->size])
    advance_locked (self);
}

static gint
compare_seq (gconstpointer a, gconstpointer b)
{
  guint64 sa = 0, sb = 0;

  gst_sl_buffer_get_seq (*(GstBuffer **) a, &sa);
  gst_sl_buffer_get_seq (*(GstBuffer **) b, &sb);
  return sa < sb ? -1 : (sa > sb ? 1 : 0);
}

/* Starts the order from the smallest seq held. */
static void
start_locked (GstSlMerge *self)
{
  guint i;

  self->started = TRUE;
  if (self->held->len == 0)
    return;
  g_ptr_array_sort (self->held, compare_seq);
  gst_sl_buffer_get_seq (g_ptr_array_index (self->held, 0), &self->next_seq);
  GST_DEBUG_OBJECT (self, "order starts at seq %" G_GUINT64_FORMAT,
      self->next_seq);
  for (i = 0; i < self->held->len; i++) {
    GstBuffer *buf = g_ptr_array_index (self->held, i);
    guint64 seq = 0;

    gst_sl_buffer_get_seq (buf, &seq);
    insert_locked (self, buf, seq);
  }
  g_ptr_array_set_size (self->held, 0);
}

/* Whether every linked sink pad has brought a frame or EOS. */
static gboolean
all_inputs_heard_locked (GstSlMerge *self)
{
  GList *l;
  gboolean res = TRUE;

  GST_OBJECT_LOCK (self);
  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
    GstPad *pad = l->data;
    SlMergeInput *input = gst_pad_get_element_private (pad);

    if (input && !input->got_frame && !input->eos && gst_pad_is_linked (pad)) {
      res = FALSE;
      break;
    }
  }
  GST_OBJECT_UNLOCK (self);
  return res;
}

/* Sends the frames that are ready, in order. */
static GstFlowReturn
push_ready (GstSlMerge *self)
{
  GstFlowReturn ret = GST_FLOW_OK;

  g_mutex_lock (&self->push_lock);
  for (;;) {
    GstBuffer *buf;

    g_mutex_lock (&self->lock);
    buf = gst_queue_array_pop_head (self->ready);
    if (buf)
      self->frames_out++;
    g_mutex_unlock (&self->lock);
    if (buf == NULL)
      break;
    ret = gst_pad_push (self->srcpad, buf);
    if (ret != GST_FLOW_OK) {
      g_mutex_lock (&self->lock);
      self->srcresult = ret;
      g_mutex_unlock (&self->lock);
    }
  }
  g_mutex_unlock (&self->push_lock);
  return ret;
}

static GstFlowReturn
gst_sl_merge_chain (GstPad *pad, GstObject *parent, GstBuffer *buffer)
{
  GstSlMerge *self = GST_SL_MERGE (parent);
  SlMergeInput *input = gst_pad_get_element_private (pad);
  GstFlowReturn ret;
  guint64 seq;

  g_mutex_lock (&self->lock);
  self->frames_in++;
  if (G_UNLIKELY (self->size == 0)) {
    /* not started: cannot happen through state changes */
    self->frames_flushed++;
    g_mutex_unlock (&self->lock);
    gst_buffer_unref (buffer);
    return GST_FLOW_FLUSHING;
  }
  if (G_UNLIKELY (!gst_sl_buffer_get_seq (buffer, &seq))) {
    self->frames_unsequenced++;
    gst_queue_array_push_tail (self->ready, buffer);
  } else if (G_LIKELY (self->started)) {
    insert_locked (self, buffer, seq);
  } else {
    input->got_frame = TRUE;
    g_ptr_array_add (self->held, buffer);
    if (self->held->len >= self->size || all_inputs_heard_locked (self))
      start_locked (self);
  }
  ret = self->srcresult;
  g_mutex_unlock (&self->lock);

  if (ret == GST_FLOW_OK)
    ret = push_ready (self);
  return ret;
}

/* When every sink pad has had EOS: everything held leaves, then EOS. */
static void
gst_sl_merge_check_eos (GstSlMerge *self)
{
  gboolean all_eos = TRUE, send;
  GList *l;

  GST_OBJECT_LOCK (self);
  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
    SlMergeInput *input = gst_pad_get_element_private (l->data);

    if (input && !input->eos)
      all_eos = FALSE;
  }
  if (GST_ELEMENT (self)->numsinkpads == 0)
    all_eos = FALSE;
  GST_OBJECT_UNLOCK (self);
  if (!all_eos)
    return;

  g_mutex_lock (&self->lock);
  if (!self->started)
    start_locked (self);
  while (self->n_pending > 0)
    advance_locked (self);
  send = !self->eos_sent;
  self->eos_sent = TRUE;
  g_mutex_unlock (&self->lock);

  push_ready (self);
  if (send) {
    GST_DEBUG_OBJECT (self, "every input had EOS");
    g_mutex_lock (&self->push_lock);
    gst_pad_push_event (self->srcpad, gst_event_new_eos ());
    g_mutex_unlock (&self->push_lock);
  }
}

/* Whether @event says something the source pad has not sent yet. */
static gboolean
is_new_sticky (GstSlMerge *self, GstEvent *event)
{
  GstEvent *cur =
      gst_pad_get_sticky_event (self->srcpad, GST_EVENT_TYPE (event), 0);
  gboolean res = TRUE;

  if (cur == NULL)
    return TRUE;
  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_STREAM_START:
      res = FALSE;
      break;
    case GST_EVENT_CAPS: {
      GstCaps *a, *b;

      gst_event_parse_caps (event, &a);
      gst_event_parse_caps (cur, &b);
      res = !gst_caps_is_equal (a, b);
      break;
    }
    case GST_EVENT_SEGMENT: {
      const GstSegment *a, *b;

      gst_event_parse_segment (event, &a);
      gst_event_parse_segment (cur, &b);
      res = !gst_segment_is_equal (a, b);
      break;
    }
    default:
      break;
  }
  gst_event_unref (cur);
  return res;
}

/* The first sink pad (smallest index), referenced, or NULL. */
static GstPad *
first_sink_pad (GstSlMerge *self)
{
  GstPad *res = NULL;
  guint best = G_MAXUINT;
  GList *l;

  GST_OBJECT_LOCK (self);
  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
    SlMergeInput *input = gst_pad_get_element_private (l->data);

    if (input && input->index < best) {
      best = input->index;
      res = l->data;
    }
  }
  if (res)
    gst_object_ref (res);
  GST_OBJECT_UNLOCK (self);
  return res;
}

static gboolean
gst_sl_merge_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstSlMerge *self = GST_SL_MERGE (parent);
  SlMergeInput *input = gst_pad_get_element_private (pad);
  gboolean forward, res = TRUE;

  GST_DEBUG_OBJECT (pad, "event %" GST_PTR_FORMAT, event);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_FLUSH_START:
      g_mutex_lock (&self->lock);
      forward = self->n_flushing == 0;
      if (!input->flushing) {
        input->flushing = TRUE;
        self->n_flushing++;
      }
      g_mutex_unlock (&self->lock);
      if (forward)
        return gst_pad_push_event (self->srcpad, event);
      gst_event_unref (event);
      return TRUE;
    case GST_EVENT_FLUSH_STOP: {
      GList *l;

      g_mutex_lock (&self->lock);
      if (input->flushing) {
        input->flushing = FALSE;
        self->n_flushing--;
      }
      forward = self->n_flushing == 0;
      input->eos = FALSE;
      if (forward) {
        clear_locked (self);
        self->srcresult = GST_FLOW_OK;
        self->eos_sent = FALSE;
        GST_OBJECT_LOCK (self);
        for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
          SlMergeInput *in = gst_pad_get_element_private (l->data);

          if (in) {
            in->got_frame = FALSE;
            in->eos = FALSE;
          }
        }
        GST_OBJECT_UNLOCK (self);
      }
      g_mutex_unlock (&self->lock);
      if (forward) {
        g_mutex_lock (&self->push_lock);
        res = gst_pad_push_event (self->srcpad, event);
        g_mutex_unlock (&self->push_lock);
        return res;
      }
      gst_event_unref (event);
      return TRUE;
    }
    case GST_EVENT_EOS:
      g_mutex_lock (&self->lock);
      input->eos = TRUE;
      g_mutex_unlock (&self->lock);
      gst_event_unref (event);
      gst_sl_merge_check_eos (self);
      return TRUE;
    case GST_EVENT_GAP:
      gst_event_unref (event);
      return TRUE;
    case GST_EVENT_STREAM_START:
    case GST_EVENT_CAPS:
    case GST_EVENT_SEGMENT:
      g_mutex_lock (&self->push_lock);
      if (is_new_sticky (self, event))
        res = gst_pad_push_event (self->srcpad, event);
      else
        gst_event_unref (event);
      g_mutex_unlock (&self->push_lock);
      return res;
    default:
      break;
  }

  if (GST_EVENT_IS_SERIALIZED (event)) {
    GstPad *first = first_sink_pad (self);

    forward = first == pad;
    if (first)
      gst_object_unref (first);
    if (!forward) {
      gst_event_unref (event);
      return TRUE;
    }
    g_mutex_lock (&self->push_lock);
    res = gst_pad_push_event (self->srcpad, event);
    g_mutex_unlock (&self->push_lock);
    return res;
  }
  return gst_pad_push_event (self->srcpad, event);
}

static gboolean
gst_sl_merge_src_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstSlMerge *self = GST_SL_MERGE (parent);
  GstPad *first = first_sink_pad (self);
  gboolean res;

  if (first == NULL) {
    gst_event_unref (event);
    return FALSE;
  }
  res = gst_pad_push_event (first, event);
  gst_object_unref (first);
  return res;
}
