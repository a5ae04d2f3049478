/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* One branch of slfanout: a source pad that owns a bounded queue of
 * references (a GstQueueArray allocated for the capacity up front, so the
 * steady state allocates nothing) and the streaming thread (the pad's GstTask) that
 * empties it downstream.
 *
 * The producer (slfanout's sink pad thread) and the branch thread meet
 * under the branch lock only for the few instructions of a push or a pop.
 * Neither wakes the other unless the other is actually waiting: a branch
 * thread that is busy pushing downstream is not signalled for each new
 * frame, and the producer only ever waits on a full `block` branch. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/base/gstqueuearray.h>

#include "gstslfanoutpad.h"
#include "gstslelement.h"

GST_DEBUG_CATEGORY_STATIC (sl_fanout_pad_debug);
#define GST_CAT_DEFAULT sl_fanout_pad_debug

#define DEFAULT_CAPACITY 64
#define DEFAULT_POLICY GST_SL_FANOUT_POLICY_BLOCK
#define DEFAULT_MAX_CAPACITY 1024
#define DEFAULT_FALLBACK_POLICY GST_SL_FANOUT_POLICY_BLOCK
#define DEFAULT_PRIORITY 0
/* room for serialized events beyond the frame capacity, so that the ring
 * only grows when many events are queued at once */
#define EVENT_SLACK 8
/* how many times an idle branch thread yields before it sleeps (live
 * streams) */
#define IDLE_YIELDS 4
/* Streams that are not live: a sleeping branch thread is woken once WAKE_BATCH
 * frames (at most half the capacity) wait for it, or at an event, a full
 * queue, or WAKE_DELAY_US after it last went to sleep with frames still to
 * come, instead of once per frame: a wake-up costs the producer and the
 * branch a few microseconds each, more than a fakesink's whole frame. */
#define WAKE_BATCH 16
#define WAKE_DELAY_US 2000

enum
{
  PROP_0,
  PROP_CAPACITY,
  PROP_POLICY,
  PROP_MAX_CAPACITY,
  PROP_FALLBACK_POLICY,
  PROP_PRIORITY,
  PROP_CURRENT_CAPACITY,
  PROP_FRAMES_DELIVERED,
  PROP_FRAMES_DROPPED,
  PROP_HIGH_WATER,
  PROP_LEVEL,
};

struct _GstSlFanoutPad
{
  GstPad parent;

  GMutex lock;
  GCond item_cond;  /* the branch thread waits for an item */
  GCond space_cond; /* the producer waits for room */

  /* GstBuffer and serialized GstEvent references, under the lock; the
   * queue is allocated for `ring_size` items up front */
  GstQueueArray *ring;
  guint ring_size;
  guint n_items;
  guint n_frames; /* buffers among the items */

  /* settings, under the lock */
  guint capacity;
  GstSlFanoutPolicy policy;
  guint max_capacity;
  GstSlFanoutPolicy fallback;
  gint priority;
  guint limit; /* frames the queue holds now: capacity, or
                                 * more once `resize` has grown it */

  /* state, under the lock */
  gboolean active;
  gboolean flushing;
  gboolean consumer_waiting;
  gboolean consumer_idle; /* sleeping on an empty queue: woken at the
                                 * next item */
  gboolean batching;      /* not live: woken per batch of frames */
  gboolean producer_waiting;
  gboolean congested;
  gboolean reported;     /* the current congestion was reported */
  guint64 episodes;      /* times the branch became full */
  gint64 last_report;    /* monotonic µs of the last "full" report */
  GstClockTime interval; /* least time between two "full" reports */
  GstFlowReturn srcresult;
  guint high_water;

  /* counters, under the lock: written by both threads, read by
   * applications */
  guint64 delivered;
  guint64 dropped;
};

#define gst_sl_fanout_pad_parent_class parent_class
G_DEFINE_TYPE (GstSlFanoutPad, gst_sl_fanout_pad, GST_TYPE_PAD);

GType
gst_sl_fanout_policy_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_FANOUT_POLICY_BLOCK, "Hold upstream until the branch has room",
        "block" },
    { GST_SL_FANOUT_POLICY_DROP_OLDEST,
        "Drop the oldest queued frame to make room", "drop-oldest" },
    { GST_SL_FANOUT_POLICY_DROP_NEWEST, "Drop the frame that does not fit",
        "drop-newest" },
    { GST_SL_FANOUT_POLICY_RESIZE,
        "Grow the queue up to max-capacity, then apply the fallback policy",
        "resize" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlFanoutPolicy", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

static void gst_sl_fanout_pad_finalize (GObject *object);
static void gst_sl_fanout_pad_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_fanout_pad_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static gboolean gst_sl_fanout_pad_activate_mode (GstPad *pad, GstObject *parent,
    GstPadMode mode, gboolean active);

static void
gst_sl_fanout_pad_class_init (GstSlFanoutPadClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);

  gobject_class->set_property = gst_sl_fanout_pad_set_property;
  gobject_class->get_property = gst_sl_fanout_pad_get_property;
  gobject_class->finalize = gst_sl_fanout_pad_finalize;

  g_object_class_install_property (gobject_class, PROP_CAPACITY,
      g_param_spec_uint ("capacity", "Capacity",
          "Most frames this branch queues (defaults to the element's "
          "'capacity' when the pad is requested)",
          1, G_MAXINT, DEFAULT_CAPACITY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_POLICY,
      g_param_spec_enum ("policy", "Policy",
          "What this branch does with a frame that arrives while it is full "
          "(defaults to the element's 'policy' when the pad is requested)",
          GST_TYPE_SL_FANOUT_POLICY, DEFAULT_POLICY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MAX_CAPACITY,
      g_param_spec_uint ("max-capacity", "Maximum capacity",
          "With policy 'resize': most frames the queue may grow to (it "
          "doubles each time it is full, from 'capacity'); below 'capacity' "
          "it does not grow",
          1, G_MAXINT, DEFAULT_MAX_CAPACITY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_FALLBACK_POLICY,
      g_param_spec_enum ("fallback-policy", "Fallback policy",
          "With policy 'resize': what the branch does once its queue has "
          "grown to 'max-capacity' and is full (block, drop-oldest or "
          "drop-newest; resize means block)",
          GST_TYPE_SL_FANOUT_POLICY, DEFAULT_FALLBACK_POLICY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_PRIORITY,
      g_param_spec_int ("priority", "Priority",
          "With the element's mode 'priority': frames go to the branch of "
          "highest priority that has room",
          G_MININT, G_MAXINT, DEFAULT_PRIORITY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_CURRENT_CAPACITY,
      g_param_spec_uint ("current-capacity", "Current capacity",
          "Most frames the queue holds now: 'capacity', or more once the "
          "policy 'resize' has grown it (until the pad is activated again "
          "or 'capacity' is set)",
          0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_FRAMES_DELIVERED,
      g_param_spec_uint64 ("frames-delivered", "Frames delivered",
          "Frames this branch handed downstream successfully", 0, G_MAXUINT64,
          0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_FRAMES_DROPPED,
      g_param_spec_uint64 ("frames-dropped", "Frames dropped",
          "Frames this branch dropped: by its policy, cleared by a flush or "
          "a deactivation, or refused downstream (not linked, flushing, "
          "error)",
          0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_HIGH_WATER,
      g_param_spec_uint ("high-water", "High water",
          "Most frames ever queued in this branch at once", 0, G_MAXUINT, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_LEVEL,
      g_param_spec_uint ("level", "Level", "Frames queued in this branch now",
          0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  gst_type_mark_as_plugin_api (GST_TYPE_SL_FANOUT_POLICY, 0);

  GST_DEBUG_CATEGORY_INIT (sl_fanout_pad_debug, "slfanoutpad", 0,
      "StreamLab fanout branch");
}

/* Makes room for @size items at once, so that the queue does not grow
 * while streaming. */
static void
ring_resize_locked (GstSlFanoutPad *self, guint size)
{
  GstQueueArray *ring;

  if (size <= self->ring_size)
    return;
  ring = gst_queue_array_new (size);
  if (self->ring) {
    gpointer obj;

    while ((obj = gst_queue_array_pop_head (self->ring)))
      gst_queue_array_push_tail (ring, obj);
    gst_queue_array_free (self->ring);
  }
  self->ring = ring;
  self->ring_size = size;
}

static void
gst_sl_fanout_pad_init (GstSlFanoutPad *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->item_cond);
  g_cond_init (&self->space_cond);
  self->capacity = DEFAULT_CAPACITY;
  self->limit = DEFAULT_CAPACITY;
  self->policy = DEFAULT_POLICY;
  self->max_capacity = DEFAULT_MAX_CAPACITY;
  self->fallback = DEFAULT_FALLBACK_POLICY;
  self->priority = DEFAULT_PRIORITY;
  self->flushing = TRUE;
  self->srcresult = GST_FLOW_FLUSHING;
  self->last_report = -1;
  ring_resize_locked (self, DEFAULT_CAPACITY + EVENT_SLACK);

  gst_pad_set_activatemode_function (GST_PAD (self),
      gst_sl_fanout_pad_activate_mode);
  GST_PAD_SET_PROXY_CAPS (GST_PAD (self));
}

static void
gst_sl_fanout_pad_finalize (GObject *object)
{
  GstSlFanoutPad *self = GST_SL_FANOUT_PAD (object);

  gst_queue_array_set_clear_func (self->ring,
      (GDestroyNotify) gst_mini_object_unref);
  gst_queue_array_free (self->ring);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->item_cond);
  g_cond_clear (&self->space_cond);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
set_capacity_locked (GstSlFanoutPad *self, guint capacity)
{
  self->capacity = capacity;
  self->limit = capacity;
  ring_resize_locked (self, MAX (capacity + EVENT_SLACK, self->n_items));
  if (self->producer_waiting && self->n_frames < capacity)
    g_cond_signal (&self->space_cond);
}

void
gst_sl_fanout_pad_configure (GstSlFanoutPad *self, guint capacity,
    GstSlFanoutPolicy policy, GstClockTime interval)
{
  g_mutex_lock (&self->lock);
  set_capacity_locked (self, capacity);
  self->policy = policy;
  self->interval = interval;
  g_mutex_unlock (&self->lock);
}

void
gst_sl_fanout_pad_set_message_interval (GstSlFanoutPad *self,
    GstClockTime interval)
{
  g_mutex_lock (&self->lock);
  self->interval = interval;
  g_mutex_unlock (&self->lock);
}

static void
gst_sl_fanout_pad_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec)
{
  GstSlFanoutPad *self = GST_SL_FANOUT_PAD (object);

  switch (prop_id) {
    case PROP_CAPACITY:
      g_mutex_lock (&self->lock);
      set_capacity_locked (self, g_value_get_uint (value));
      g_mutex_unlock (&self->lock);
      break;
    case PROP_POLICY:
      g_mutex_lock (&self->lock);
      self->policy = g_value_get_enum (value);
      /* a producer held by this branch re-reads the policy */
      if (self->producer_waiting)
        g_cond_signal (&self->space_cond);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_MAX_CAPACITY:
      g_mutex_lock (&self->lock);
      self->max_capacity = g_value_get_uint (value);
      if (self->producer_waiting)
        g_cond_signal (&self->space_cond);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_FALLBACK_POLICY:
      g_mutex_lock (&self->lock);
      self->fallback = g_value_get_enum (value);
      if (self->producer_waiting)
        g_cond_signal (&self->space_cond);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_PRIORITY:
      g_mutex_lock (&self->lock);
      self->priority = g_value_get_int (value);
      g_mutex_unlock (&self->lock);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_sl_fanout_pad_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlFanoutPad *self = GST_SL_FANOUT_PAD (object);

  switch (prop_id) {
    case PROP_CAPACITY:
      g_mutex_lock (&self->lock);
      g_value_set_uint (value, self->capacity);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_POLICY:
      g_mutex_lock (&self->lock);
      g_value_set_enum (value, self->policy);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_MAX_CAPACITY:
      g_mutex_lock (&self->lock);
      g_value_set_uint (value, self->max_capacity);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_FALLBACK_POLICY:
      g_mutex_lock (&self->lock);
      g_value_set_enum (value, self->fallback);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_PRIORITY:
      g_mutex_lock (&self->lock);
      g_value_set_int (value, self->priority);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_CURRENT_CAPACITY:
      g_mutex_lock (&self->lock);
      g_value_set_uint (value, self->limit);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_FRAMES_DELIVERED:
      g_mutex_lock (&self->lock);
      g_value_set_uint64 (value, self->delivered);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_FRAMES_DROPPED:
      g_mutex_lock (&self->lock);
      g_value_set_uint64 (value, self->dropped);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_HIGH_WATER:
      g_mutex_lock (&self->lock);
      g_value_set_uint (value, self->high_water);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_LEVEL:
      g_mutex_lock (&self->lock);
      g_value_set_uint (value, self->n_frames);
      g_mutex_unlock (&self->lock);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

/* Called with the lock. */
static inline void
count_dropped_locked (GstSlFanoutPad *self, guint64 n)
{
  self->dropped += n;
}

/* The backpressure message for this branch, or NULL when the pad has no
 * parent any more. Called with the lock. */
static GstMessage *
backpressure_message_locked (GstSlFanoutPad *self, gboolean full)
{
  GstElement *parent = gst_pad_get_parent_element (GST_PAD (self));
  GEnumValue *policy;
  GstStructure *s;
  GstMessage *msg;

  if (parent == NULL)
    return NULL;
  policy = g_enum_get_value (g_type_class_peek (GST_TYPE_SL_FANOUT_POLICY),
      self->policy);
  s = gst_structure_new (GST_SL_FANOUT_BACKPRESSURE_MESSAGE, "pad",
      G_TYPE_STRING, GST_PAD_NAME (self), "state", G_TYPE_STRING,
      full ? "full" : "recovered", "full", G_TYPE_BOOLEAN, full, "policy",
      G_TYPE_STRING, policy ? policy->value_nick : "", "capacity", G_TYPE_UINT,
      self->limit, "level", G_TYPE_UINT, self->n_frames, "high-water",
      G_TYPE_UINT, self->high_water, "frames-delivered", G_TYPE_UINT64,
      self->delivered, "frames-dropped", G_TYPE_UINT64, self->dropped,
      "episodes", G_TYPE_UINT64, self->episodes, NULL);
  msg = gst_message_new_element (GST_OBJECT (parent), s);
  gst_object_unref (parent);
  return msg;
}

static void
post_message (GstSlFanoutPad *self, GstMessage *msg)
{
  GstObject *src;

  if (msg == NULL)
    return;
  src = GST_MESSAGE_SRC (msg);
  gst_element_post_message (GST_ELEMENT (src), msg);
}

/* The branch became full: reported unless the last report is more recent
 * than the interval, in which case the whole episode (full and recovered)
 * is only counted in `episodes`. */
static GstMessage *
enter_congestion_locked (GstSlFanoutPad *self)
{
  gint64 now = g_get_monotonic_time ();

  self->congested = TRUE;
  self->episodes++;
  if (self->last_report >= 0 &&
      (guint64) (now - self->last_report) * GST_USECOND < self->interval) {
    self->reported = FALSE;
    return NULL;
  }
  self->reported = TRUE;
  self->last_report = now;
  return backpressure_message_locked (self, TRUE);
}

static GstMessage *
leave_congestion_locked (GstSlFanoutPad *self)
{
  gboolean reported = self->reported;

  self->congested = FALSE;
  self->reported = FALSE;
  return reported ? backpressure_message_locked (self, FALSE) : NULL;
}

/* A congested branch recovers once it has drained to half its capacity:
 * with the interval, this hysteresis rate-limits the messages. */
static GstMessage *
check_recovered_locked (GstSlFanoutPad *self)
{
  if (self->congested && self->n_frames <= self->limit / 2)
    return leave_congestion_locked (self);
  return NULL;
}

/* Whether a branch thread sleeping on the queue should be woken now. */
static inline gboolean
should_wake_locked (GstSlFanoutPad *self, gboolean is_event)
{
  if (!self->consumer_waiting)
    return FALSE;
  if (!self->batching || self->consumer_idle || is_event)
    return TRUE;
  return self->n_frames >= MIN (WAKE_BATCH, MAX (self->limit / 2, 1));
}

/* Queues @obj; a buffer counts as a frame. */
static void
ring_push_locked (GstSlFanoutPad *self, GstMiniObject *obj, gboolean frame)
{
  /* grows by itself past ring_size (events beyond the slack) */
  gst_queue_array_push_tail (self->ring, obj);
  self->n_items++;
  if (frame)
    self->n_frames++;
  if (should_wake_locked (self, !frame))
    g_cond_signal (&self->item_cond);
}

static GstMiniObject *
ring_pop_locked (GstSlFanoutPad *self)
{
  self->n_items--;
  return gst_queue_array_pop_head (self->ring);
}

/* Drops the oldest queued frame (events before it stay, in order): O(1)
 * when a frame is at the head, as it is unless events wait there. */
static void
drop_oldest_locked (GstSlFanoutPad *self)
{
  guint i;

  for (i = 0; i < self->n_items; i++) {
    GstMiniObject *obj = gst_queue_array_peek_nth (self->ring, i);

    if (!GST_IS_BUFFER (obj))
      continue;
    gst_queue_array_drop_element (self->ring, i);
    self->n_items--;
    self->n_frames--;
    gst_mini_object_unref (obj);
    count_dropped_locked (self, 1);
    return;
  }
}

/* Empties the queue, counting the frames as dropped. On a flush, sticky
 * events other than segment and EOS are kept on the pad, as queue does, so
 * that the stream's caps and tags survive the flush. Returns a recovered
 * message if the branch was congested. */
static GstMessage *
clear_locked (GstSlFanoutPad *self, gboolean keep_sticky)
{
  guint64 frames = 0;

  while (self->n_items > 0) {
    GstMiniObject *obj = ring_pop_locked (self);

    if (GST_IS_BUFFER (obj)) {
      frames++;
    } else if (keep_sticky && GST_IS_EVENT (obj)) {
      GstEvent *ev = GST_EVENT_CAST (obj);

      if (GST_EVENT_IS_STICKY (ev) &&
          GST_EVENT_TYPE (ev) != GST_EVENT_SEGMENT &&
          GST_EVENT_TYPE (ev) != GST_EVENT_EOS)
        gst_pad_store_sticky_event (GST_PAD (self), ev);
    }
    gst_mini_object_unref (obj);
  }
  self->n_frames = 0;
  count_dropped_locked (self, frames);
  if (self->congested)
    return leave_congestion_locked (self);
  return NULL;
}

/**
 * gst_sl_fanout_pad_queue_buffer:
 * @may_wait: whether the call may wait for room on a full `block` branch
 * @would_block: (out): set when the branch is full, `block`, and @may_wait
 *   is %FALSE: then nothing was done and the call must be repeated with
 *   @may_wait once the caller has dropped its own locks
 * @message: (out): a backpressure message to post once no lock is held
 *
 * Queues a reference to @buffer (borrowed) in the branch, or drops a frame
 * according to the policy. Every frame offered is either queued or counted
 * as dropped, except when @would_block is set.
 */
GstFlowReturn
gst_sl_fanout_pad_queue_buffer (GstSlFanoutPad *self, GstBuffer *buffer,
    gboolean may_wait, gboolean *would_block, GstMessage **message)
{
  GstFlowReturn ret = GST_FLOW_OK;
  GstSlFanoutPolicy policy;

  *would_block = FALSE;
  *message = NULL;

  g_mutex_lock (&self->lock);
  for (;;) {
    if (G_UNLIKELY (self->flushing)) {
      count_dropped_locked (self, 1);
      ret = GST_FLOW_FLUSHING;
      goto done;
    }
    if (G_UNLIKELY (self->srcresult <= GST_FLOW_NOT_NEGOTIATED)) {
      count_dropped_locked (self, 1);
      ret = self->srcresult;
      goto done;
    }
    if (G_LIKELY (self->n_frames < self->limit))
      break;

    policy = self->policy;
    if (policy == GST_SL_FANOUT_POLICY_RESIZE) {
      if (self->limit < self->max_capacity) {
        /* the only allocation after activation: when the queue grows */
        self->limit =
            MIN (MAX (self->limit * 2, self->limit + 1), self->max_capacity);
        ring_resize_locked (self, self->limit + EVENT_SLACK);
        GST_DEBUG_OBJECT (self, "queue grown to %u frames", self->limit);
        continue;
      }
      policy = self->fallback;
    }
    if (!self->congested)
      *message = enter_congestion_locked (self);
    if (policy == GST_SL_FANOUT_POLICY_DROP_NEWEST) {
      count_dropped_locked (self, 1);
      goto done;
    }
    if (policy == GST_SL_FANOUT_POLICY_DROP_OLDEST) {
      while (self->n_frames >= self->limit)
        drop_oldest_locked (self);
      break;
    }
    if (!may_wait) {
      *would_block = TRUE;
      goto done;
    }
    if (*message) {
      /* say it before holding upstream */
      g_mutex_unlock (&self->lock);
      post_message (self, *message);
      *message = NULL;
      g_mutex_lock (&self->lock);
      continue;
    }
    GST_LOG_OBJECT (self, "full, holding upstream");
    if (self->consumer_waiting)
      g_cond_signal (&self->item_cond);
    self->producer_waiting = TRUE;
    g_cond_wait (&self->space_cond, &self->lock);
    self->producer_waiting = FALSE;
  }

  ring_push_locked (self, GST_MINI_OBJECT_CAST (gst_buffer_ref (buffer)), TRUE);
  if (self->n_frames > self->high_water)
    self->high_water = self->n_frames;

done:
  g_mutex_unlock (&self->lock);
  return ret;
}

/* Queues a serialized event behind the data; takes @event. Events do not
 * count against the capacity and are never dropped by the policy. */
gboolean
gst_sl_fanout_pad_queue_event (GstSlFanoutPad *self, GstEvent *event)
{
  g_mutex_lock (&self->lock);
  if (self->flushing) {
    g_mutex_unlock (&self->lock);
    gst_event_unref (event);
    return FALSE;
  }
  ring_push_locked (self, GST_MINI_OBJECT_CAST (event), FALSE);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static void
gst_sl_fanout_pad_loop (GstSlFanoutPad *self)
{
  GstPad *pad = GST_PAD (self);
  GstMiniObject *obj;
  GstMessage *msg = NULL;
  GstFlowReturn ret;
  gint i;

  g_mutex_lock (&self->lock);
  /* Live: before sleeping on an empty queue, give the processor away a few
   * times: when the producer is running, it usually queues the next frame
   * meanwhile, and neither thread pays for a sleep and a wakeup. */
  for (i = 0; !self->batching && i < IDLE_YIELDS && self->n_items == 0 &&
       !self->flushing;
       i++) {
    g_mutex_unlock (&self->lock);
    g_thread_yield ();
    g_mutex_lock (&self->lock);
  }
  if (self->n_items == 0 && !self->flushing && self->batching) {
    /* Not live: sleep until a batch is queued, or for at most
     * WAKE_DELAY_US; then, when nothing came, until the next item. */
    gint64 deadline = g_get_monotonic_time () + WAKE_DELAY_US;

    self->consumer_waiting = TRUE;
    while (self->n_items == 0 && !self->flushing && self->batching) {
      if (!g_cond_wait_until (&self->item_cond, &self->lock, deadline))
        break;
    }
    self->consumer_waiting = FALSE;
  }
  while (self->n_items == 0 && !self->flushing) {
    self->consumer_waiting = TRUE;
    self->consumer_idle = TRUE;
    g_cond_wait (&self->item_cond, &self->lock);
    self->consumer_waiting = FALSE;
    self->consumer_idle = FALSE;
  }
  if (self->flushing)
    goto flushing;

  obj = ring_pop_locked (self);
  if (GST_IS_BUFFER (obj)) {
    self->n_frames--;
    if (self->producer_waiting)
      g_cond_signal (&self->space_cond);
    if (G_UNLIKELY (self->congested))
      msg = check_recovered_locked (self);
  }
  g_mutex_unlock (&self->lock);
  post_message (self, msg);

  if (!GST_IS_BUFFER (obj)) {
    GstEvent *event = GST_EVENT_CAST (obj);

    GST_DEBUG_OBJECT (self, "pushing %" GST_PTR_FORMAT, event);
    gst_pad_push_event (pad, event);
    return;
  }

  ret = gst_pad_push (pad, GST_BUFFER_CAST (obj));
  g_mutex_lock (&self->lock);
  if (G_LIKELY (ret == GST_FLOW_OK))
    self->delivered++;
  else
    count_dropped_locked (self, 1);
  g_mutex_unlock (&self->lock);
  if (G_LIKELY (ret == GST_FLOW_OK))
    return;
  GST_LOG_OBJECT (self, "downstream returned %s", gst_flow_get_name (ret));

  if (ret <= GST_FLOW_NOT_NEGOTIATED) {
    GstElement *parent;

    /* A flush (a seek, or the branch being released) can make downstream
     * refuse the sticky events that gst_pad_push() sends ahead of the
     * frame: the core reports that as an error. It is the flush's doing,
     * not the stream's. */
    g_mutex_lock (&self->lock);
    if (self->flushing) {
      g_mutex_unlock (&self->lock);
      GST_DEBUG_OBJECT (self, "%s while flushing, ignored",
          gst_flow_get_name (ret));
      return;
    }
    g_mutex_unlock (&self->lock);
    parent = gst_pad_get_parent_element (pad);
    GST_WARNING_OBJECT (self, "downstream returned %s, stopping the branch",
        gst_flow_get_name (ret));

    g_mutex_lock (&self->lock);
    self->srcresult = ret;
    msg = clear_locked (self, FALSE);
    if (self->producer_waiting)
      g_cond_signal (&self->space_cond);
    g_mutex_unlock (&self->lock);
    post_message (self, msg);
    if (parent) {
      GST_ELEMENT_FLOW_ERROR (parent, ret);
      gst_object_unref (parent);
    }
    gst_pad_push_event (pad, gst_event_new_eos ());
    gst_pad_pause_task (pad);
  }
  return;

flushing:
  g_mutex_unlock (&self->lock);
  GST_DEBUG_OBJECT (self, "flushing, pausing");
  gst_pad_pause_task (pad);
}

static gboolean
gst_sl_fanout_pad_activate_mode (GstPad *pad, GstObject *parent,
    GstPadMode mode, gboolean active)
{
  GstSlFanoutPad *self = GST_SL_FANOUT_PAD (pad);
  GstMessage *msg;

  if (mode != GST_PAD_MODE_PUSH)
    return FALSE;

  if (active) {
    g_mutex_lock (&self->lock);
    self->active = TRUE;
    self->flushing = FALSE;
    self->srcresult = GST_FLOW_OK;
    self->congested = FALSE;
    self->reported = FALSE;
    self->episodes = 0;
    self->last_report = -1;
    self->high_water = 0;
    self->limit = self->capacity;
    self->delivered = 0;
    self->dropped = 0;
    g_mutex_unlock (&self->lock);
    return gst_pad_start_task (pad, (GstTaskFunction) gst_sl_fanout_pad_loop,
        self, NULL);
  }

  g_mutex_lock (&self->lock);
  self->active = FALSE;
  self->flushing = TRUE;
  self->srcresult = GST_FLOW_FLUSHING;
  msg = clear_locked (self, FALSE);
  g_cond_broadcast (&self->item_cond);
  g_cond_broadcast (&self->space_cond);
  g_mutex_unlock (&self->lock);
  post_message (self, msg);
  return gst_pad_stop_task (pad);
}

/* Whether the branch thread may be woken per batch of frames instead of
 * per frame (the stream is not live). */
void
gst_sl_fanout_pad_set_batching (GstSlFanoutPad *self, gboolean batching)
{
  g_mutex_lock (&self->lock);
  if (self->batching != batching) {
    self->batching = batching;
    /* a thread sleeping with frames queued takes them now */
    if (self->consumer_waiting)
      g_cond_signal (&self->item_cond);
  }
  g_mutex_unlock (&self->lock);
}

gboolean
gst_sl_fanout_pad_has_room (GstSlFanoutPad *self)
{
  gboolean res;

  g_mutex_lock (&self->lock);
  res = self->n_frames < self->limit ||
      (self->policy == GST_SL_FANOUT_POLICY_RESIZE &&
          self->limit < self->max_capacity);
  g_mutex_unlock (&self->lock);
  return res;
}

gint
gst_sl_fanout_pad_get_priority (GstSlFanoutPad *self)
{
  gint res;

  g_mutex_lock (&self->lock);
  res = self->priority;
  g_mutex_unlock (&self->lock);
  return res;
}

/* Stops a branch that is being released, whatever its downstream is doing:
 * the queue is cleared (counted), a producer held by the branch released,
 * and a flush-start sent downstream wakes a branch thread blocked there (a
 * sink waiting for preroll or on the clock, a blocking probe, a full
 * queue); only then is the thread joined. No flush-stop follows: it would
 * wait in a blocking probe left on the peer, and the downstream elements
 * are being removed (a state change to NULL and back clears their
 * flushing). */
void
gst_sl_fanout_pad_release (GstSlFanoutPad *self)
{
  GstMessage *msg;

  /* the queued sticky events are not kept: the branch goes away, and
   * storing them could race with the branch thread pushing the first ones */
  g_mutex_lock (&self->lock);
  self->flushing = TRUE;
  msg = clear_locked (self, FALSE);
  g_cond_broadcast (&self->item_cond);
  g_cond_broadcast (&self->space_cond);
  g_mutex_unlock (&self->lock);
  post_message (self, msg);

  gst_pad_push_event (GST_PAD (self), gst_event_new_flush_start ());
  gst_pad_set_active (GST_PAD (self), FALSE);
}

/* Clears the branch, releases a producer held by it, sends @event (not
 * taken) downstream, which unblocks the branch thread, and waits for that
 * thread to pause. */
void
gst_sl_fanout_pad_flush_start (GstSlFanoutPad *self, GstEvent *event)
{
  GstMessage *msg;

  g_mutex_lock (&self->lock);
  self->flushing = TRUE;
  msg = clear_locked (self, TRUE);
  g_cond_broadcast (&self->item_cond);
  g_cond_broadcast (&self->space_cond);
  g_mutex_unlock (&self->lock);
  post_message (self, msg);

  gst_pad_push_event (GST_PAD (self), gst_event_ref (event));
  gst_pad_pause_task (GST_PAD (self));
}

/* Sends @event (not taken) downstream and restarts the branch thread. */
void
gst_sl_fanout_pad_flush_stop (GstSlFanoutPad *self, GstEvent *event)
{
  GstMessage *msg;

  g_mutex_lock (&self->lock);
  msg = clear_locked (self, TRUE);
  if (self->active) {
    self->flushing = FALSE;
    self->srcresult = GST_FLOW_OK;
  }
  g_mutex_unlock (&self->lock);
  post_message (self, msg);

  gst_pad_push_event (GST_PAD (self), gst_event_ref (event));

  /* under the lock, so that a deactivation cannot slip between the check
   * and the start */
  g_mutex_lock (&self->lock);
  if (self->active)
    gst_pad_start_task (GST_PAD (self),
        (GstTaskFunction) gst_sl_fanout_pad_loop, self, NULL);
  g_mutex_unlock (&self->lock);
}
