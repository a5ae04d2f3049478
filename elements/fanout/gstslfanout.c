/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/**
 * SECTION:element-slfanout
 * @title: slfanout
 *
 * Sends every frame of its sink pad to any number of branches, the request
 * source pads `src_%u`, without copying: each branch receives the very same
 * #GstBuffer (one more reference), never a copy. Treat the frames as
 * read-only downstream, or let a transform make its own copy with
 * gst_buffer_make_writable().
 *
 * Each branch owns a bounded queue and its own streaming thread, like a
 * `tee` followed by a `queue` on every branch, but with the queues built in,
 * preallocated (no allocation per frame) and with a cheap handoff: a branch
 * thread that is busy is not woken for every frame, and upstream only waits
 * when a `block` branch is full. A slow or stuck branch therefore never
 * stalls the others unless its policy says so.
 *
 * When the stream is not live (upstream answers the latency query so), an
 * idle branch thread is woken once 16 frames (at most half its capacity)
 * wait for it, or at an event, or 2 ms after it went to sleep, rather than
 * for every frame: a wake-up costs more than a frame's trip to a sink, and
 * nobody waits for a frame of such a stream as it happens. Live streams
 * wake their branches at every frame.
 *
 * ## Branch properties
 *
 * The source pads are #GstSlFanoutPad objects with their own properties,
 * set from an application with g_object_set() on the pad returned by
 * gst_element_request_pad_simple(), or from a launch line with the child
 * syntax on the element: `slfanout name=f src_1::policy=drop-oldest
 * src_1::capacity=4 f.src_0 ! ... f.src_1 ! ...`.
 *
 * * `capacity`: most frames queued in the branch; it starts from the
 *   element's `capacity` when the pad is requested.
 * * `policy`: what a full branch does with a new frame: `block` holds
 *   upstream until there is room (backpressure; nothing is dropped),
 *   `drop-oldest` drops the oldest queued frame, `drop-newest` drops the new
 *   one. It starts from the element's `policy`.
 * * `frames-delivered`, `frames-dropped` (read-only): frames handed
 *   downstream successfully, and frames dropped, whether by the policy,
 *   cleared by a flush or a deactivation, or refused downstream (not linked,
 *   flushing, error). Once EOS has drained, every frame that entered the
 *   element is counted exactly once in each branch: frames in (the element's
 *   `frames-in`) = delivered + dropped. While streaming, the frames still
 *   queued (`level`) and the one being pushed are not counted yet.
 * * `high-water` (read-only): most frames ever queued at once; `level`
 *   (read-only): frames queued now.
 *
 * * `resize` (policy): a full branch grows its queue instead (doubling,
 *   an allocation only when it grows) up to its `max-capacity`, then
 *   applies its `fallback-policy` (`block`, `drop-oldest` or
 *   `drop-newest`). `current-capacity` (read-only) is the size it has
 *   grown to; it returns to `capacity` when the pad is activated again or
 *   `capacity` is set.
 * * `priority`: the branch's rank in the element's `priority` mode.
 *
 * The counters start from zero when the pad is activated (READY to PAUSED,
 * or when it is requested in PAUSED or PLAYING).
 *
 * ## Modes
 *
 * `mode=broadcast` (the default) sends every frame to every branch. The
 * other modes send each frame to one branch, to spread work over several
 * workers (each branch has its own thread): `round-robin` to the next
 * branch in turn (strictly: a full `block` branch holds upstream even if
 * another has room, which keeps the work even and the reordering bounded
 * for `slmerge`), `priority` to the branch of highest `priority` that has
 * room (the first such branch among equals; when none has room, the first
 * branch of highest priority, whose policy then decides), and `random` to
 * a branch drawn with the element's `seed`. Serialized events (caps,
 * segment, EOS, ...) still go to every branch. In these modes a frame is
 * counted by the one branch that got it, so once EOS has drained, frames
 * in = the sum over the branches of delivered + dropped. `slmerge` puts
 * the branches back together in seq order.
 *
 * ## Releasing a branch
 *
 * Releasing a source pad (gst_element_release_request_pad()) always
 * returns, even when the branch's downstream is blocked (a sink waiting
 * for preroll or on the clock, a blocking probe): the branch's queue is
 * cleared (counted as dropped), a flush-start sent downstream wakes the
 * branch thread, and the thread is joined. The branch's elements are left
 * flushing: set them to NULL (as when removing them) or send them a
 * flush-stop before reusing them.
 *
 * ## Backpressure messages
 *
 * When a frame arrives at a full branch, the branch becomes congested and
 * the element posts an element message named `streamlab-backpressure` with
 * `state` "full" (and `full` TRUE); when that branch has drained to half its
 * capacity (or is flushed or deactivated), it posts one with `state`
 * "recovered". Both carry the pad name (`pad`), `policy`, `capacity`,
 * `level`, `high-water`, `frames-delivered`, `frames-dropped` and
 * `episodes` (how many times the branch became full).
 *
 * Two rules limit the rate. A congested branch is reported once, however
 * many frames it then holds back or drops, and only leaves congestion at
 * half its capacity. And a branch is not reported full again sooner than
 * `message-interval` (1 s by default) after its last "full" report: such an
 * episode is only counted in `episodes`, and its recovery is not reported
 * either, so the messages of a branch always come in full/recovered pairs.
 * With `message-interval=0` every episode is reported.
 *
 * ## Events and queries
 *
 * Serialized events (stream-start, caps, segment, tags, EOS, custom ones)
 * travel through every branch's queue, in order with the frames, and are
 * never dropped. A pad requested while streaming first receives the
 * current sticky events. EOS is complete once every branch has pushed it,
 * so the pipeline's EOS message means every branch has drained. A flush
 * clears every queue (the cleared frames are counted as dropped; sticky
 * events other than segment are kept), releases upstream if a branch was
 * holding it, and reaches every branch. A branch that is not linked drops
 * its frames (counted) and does not stop the others. If a branch fails
 * downstream (not-negotiated or error), the element posts the error and
 * returns it upstream.
 *
 * Caps queries are answered with what every linked branch accepts. The
 * allocation query offers the metas that every linked branch supports and
 * no buffer pool: the queues hold references to upstream's buffers, so
 * upstream's pool must not be capped at a number of buffers the queues could
 * hold. A drain query is answered at once (the queues only hold
 * references, which they give back as they stream); other serialized
 * queries are refused, as they would overtake the queued frames. Upstream
 * queries and events from a branch (seeks, latency, QoS) go upstream as
 * with `tee`; the latency a queue adds is not reported.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 ! slfanout name=f f. ! fakesink f. ! fakesink f. ! fakesink
 * ]| Three branches, each with its own thread, receiving the same 100 frames.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=50 samplesperbuffer=480 ! slfanout name=f capacity=8 src_1::policy=drop-oldest src_1::capacity=2 f.src_0 ! fakesink f.src_1 ! fakesink sync=true
 * ]| A fast branch and a branch paced by the clock (10 ms a frame) that keeps
 * only the 2 newest frames instead of holding the fast one back.
 * |[
 * gst-launch-1.0 -m slsinesrc num-buffers=200 ! audio/x-raw,format=F32LE,layout=interleaved ! slfanout name=f capacity=4 src_1::policy=drop-newest f.src_0 ! audioconvert ! wavenc ! filesink location=/tmp/slfanout-example.wav f.src_1 ! fakesink sync=true
 * ]| Write every frame to a WAV file (`block` holds the source when the
 * writer lags) while a clock-paced branch drops the frames it
 * cannot take; `-m` shows the `streamlab-backpressure` messages.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 ! slfanout name=f mode=round-robin f. ! queue ! slmerge name=m ! fakesink f. ! queue ! m.
 * ]| Two workers taking frames in turn, merged back in seq order.
 * |[
 * gst-launch-1.0 slsinesrc num-buffers=100 ! slfanout name=f policy=resize capacity=2 src_0::max-capacity=16 src_0::fallback-policy=drop-oldest f.src_0 ! fakesink sync=true
 * ]| A branch whose queue grows from 2 to 16 frames before it drops the
 * oldest.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>

#include "gstslfanout.h"
#include "gstslelement.h"
#include "gstslmeta.h"

GST_DEBUG_CATEGORY_STATIC (sl_fanout_debug);
#define GST_CAT_DEFAULT sl_fanout_debug

#define DEFAULT_CAPACITY 64
#define DEFAULT_POLICY GST_SL_FANOUT_POLICY_BLOCK
#define DEFAULT_MESSAGE_INTERVAL GST_SECOND
#define DEFAULT_MODE GST_SL_FANOUT_MODE_BROADCAST
#define DEFAULT_SEED 0

enum
{
  PROP_0,
  PROP_CAPACITY,
  PROP_POLICY,
  PROP_MESSAGE_INTERVAL,
  PROP_NUM_SRC_PADS,
  PROP_FRAMES_IN,
  PROP_MODE,
  PROP_SEED,
};

GType
gst_sl_fanout_mode_get_type (void)
{
  static gsize id = 0;
  static const GEnumValue values[] = {
    { GST_SL_FANOUT_MODE_BROADCAST, "Every frame to every branch",
        "broadcast" },
    { GST_SL_FANOUT_MODE_ROUND_ROBIN, "Each frame to the next branch in turn",
        "round-robin" },
    { GST_SL_FANOUT_MODE_PRIORITY,
        "Each frame to the branch of highest priority that has room",
        "priority" },
    { GST_SL_FANOUT_MODE_RANDOM, "Each frame to a branch drawn at random",
        "random" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&id)) {
    GType tmp = g_enum_register_static ("GstSlFanoutMode", values);
    g_once_init_leave (&id, tmp);
  }
  return (GType) id;
}

typedef struct
{
  GstSlFanoutPad *pad;
  guint64 serial; /* last frame offered to this branch */
} SlBranch;

struct _GstSlFanout
{
  GstElement parent;

  GstPad *sinkpad;

  /* the branches, under `lock`; `cookie` changes with the set */
  GMutex lock;
  GArray *branches; /* SlBranch */
  guint cookie;
  guint64 serial;
  guint64 frames_in;
  guint next_branch;        /* round-robin position */
  GRand *rand;              /* random mode */
  GstSlFanoutMode cur_mode; /* copy of `mode` for the streaming thread */
  gint live;                /* upstream is live: -1 not asked yet, 0, 1 */

  /* properties, under the object lock */
  guint capacity;
  GstSlFanoutPolicy policy;
  GstClockTime message_interval;
  guint next_index;
  GstSlFanoutMode mode;
  guint32 seed;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src_%u",
    GST_PAD_SRC, GST_PAD_REQUEST, GST_STATIC_CAPS_ANY);

static void gst_sl_fanout_child_proxy_init (gpointer g_iface,
    gpointer iface_data);

#define gst_sl_fanout_parent_class parent_class
G_DEFINE_TYPE_WITH_CODE (GstSlFanout, gst_sl_fanout, GST_TYPE_ELEMENT,
    G_IMPLEMENT_INTERFACE (GST_TYPE_CHILD_PROXY,
        gst_sl_fanout_child_proxy_init));
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (slfanout, "slfanout", GST_RANK_NONE,
    GST_TYPE_SL_FANOUT, sl_element_init (plugin));

static void gst_sl_fanout_finalize (GObject *object);
static void gst_sl_fanout_set_property (GObject *object, guint prop_id,
    const GValue *value, GParamSpec *pspec);
static void gst_sl_fanout_get_property (GObject *object, guint prop_id,
    GValue *value, GParamSpec *pspec);
static GstPad *gst_sl_fanout_request_new_pad (GstElement *element,
    GstPadTemplate *templ, const gchar *name, const GstCaps *caps);
static void gst_sl_fanout_release_pad (GstElement *element, GstPad *pad);
static GstStateChangeReturn gst_sl_fanout_change_state (GstElement *element,
    GstStateChange transition);
static GstFlowReturn gst_sl_fanout_chain (GstPad *pad, GstObject *parent,
    GstBuffer *buffer);
static GstFlowReturn gst_sl_fanout_chain_list (GstPad *pad, GstObject *parent,
    GstBufferList *list);
static gboolean gst_sl_fanout_sink_event (GstPad *pad, GstObject *parent,
    GstEvent *event);
static gboolean gst_sl_fanout_sink_query (GstPad *pad, GstObject *parent,
    GstQuery *query);

static void
gst_sl_fanout_class_init (GstSlFanoutClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_sl_fanout_set_property;
  gobject_class->get_property = gst_sl_fanout_get_property;
  gobject_class->finalize = gst_sl_fanout_finalize;

  g_object_class_install_property (gobject_class, PROP_CAPACITY,
      g_param_spec_uint ("capacity", "Capacity",
          "Default queue capacity in frames of the branches requested from "
          "now on (each pad's 'capacity' overrides it)",
          1, G_MAXINT, DEFAULT_CAPACITY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_POLICY,
      g_param_spec_enum ("policy", "Policy",
          "Default full-queue policy of the branches requested from now on "
          "(each pad's 'policy' overrides it)",
          GST_TYPE_SL_FANOUT_POLICY, DEFAULT_POLICY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_MESSAGE_INTERVAL,
      g_param_spec_uint64 ("message-interval", "Message interval",
          "Least time in ns between two 'streamlab-backpressure' full "
          "reports of one branch (0: report every time a branch becomes "
          "full); episodes in between are only counted",
          0, G_MAXUINT64, DEFAULT_MESSAGE_INTERVAL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_NUM_SRC_PADS,
      g_param_spec_uint ("num-src-pads", "Number of source pads",
          "The number of branches", 0, G_MAXUINT, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_FRAMES_IN,
      g_param_spec_uint64 ("frames-in", "Frames in",
          "Frames received on the sink pad since the element started", 0,
          G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_property (gobject_class, PROP_MODE,
      g_param_spec_enum ("mode", "Mode",
          "Where a frame goes: every branch (broadcast), or one branch: the "
          "next in turn (round-robin), the one of highest 'priority' with "
          "room (priority), one drawn at random (random); serialized events "
          "always go to every branch",
          GST_TYPE_SL_FANOUT_MODE, DEFAULT_MODE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_SEED,
      g_param_spec_uint ("seed", "Seed",
          "Seed of the random draws of mode 'random' (the same seed draws "
          "the same branches, from READY to PAUSED)",
          0, G_MAXUINT32, DEFAULT_SEED,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
              GST_PARAM_MUTABLE_READY));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &src_template, GST_TYPE_SL_FANOUT_PAD);
  gst_element_class_set_static_metadata (element_class, "StreamLab fanout",
      "Generic",
      "Zero-copy fanout to request pads, each branch with its own bounded "
      "queue, thread, full-queue policy and counters",
      "gst-streamlab developers");

  element_class->request_new_pad =
      GST_DEBUG_FUNCPTR (gst_sl_fanout_request_new_pad);
  element_class->release_pad = GST_DEBUG_FUNCPTR (gst_sl_fanout_release_pad);
  element_class->change_state = GST_DEBUG_FUNCPTR (gst_sl_fanout_change_state);

  gst_type_mark_as_plugin_api (GST_TYPE_SL_FANOUT_PAD, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SL_FANOUT_POLICY, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SL_FANOUT_MODE, 0);

  GST_DEBUG_CATEGORY_INIT (sl_fanout_debug, "slfanout", 0, "StreamLab fanout");
}

static void
gst_sl_fanout_init (GstSlFanout *self)
{
  g_mutex_init (&self->lock);
  self->branches = g_array_new (FALSE, FALSE, sizeof (SlBranch));
  self->capacity = DEFAULT_CAPACITY;
  self->policy = DEFAULT_POLICY;
  self->message_interval = DEFAULT_MESSAGE_INTERVAL;
  self->mode = DEFAULT_MODE;
  self->seed = DEFAULT_SEED;
  self->rand = g_rand_new_with_seed (DEFAULT_SEED);
  self->live = -1;

  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_fanout_chain));
  gst_pad_set_chain_list_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_fanout_chain_list));
  /* sources may push lists of small frames here (no copies) */
  gst_sl_pad_set_takes_lists (self->sinkpad);
  gst_pad_set_event_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_fanout_sink_event));
  gst_pad_set_query_function (self->sinkpad,
      GST_DEBUG_FUNCPTR (gst_sl_fanout_sink_query));
  GST_PAD_SET_PROXY_CAPS (self->sinkpad);
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);
}

static void
gst_sl_fanout_finalize (GObject *object)
{
  GstSlFanout *self = GST_SL_FANOUT (object);
  guint i;

  for (i = 0; i < self->branches->len; i++)
    gst_object_unref (g_array_index (self->branches, SlBranch, i).pad);
  g_array_free (self->branches, TRUE);
  g_rand_free (self->rand);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_sl_fanout_set_property (GObject *object, guint prop_id, const GValue *value,
    GParamSpec *pspec)
{
  GstSlFanout *self = GST_SL_FANOUT (object);

  switch (prop_id) {
    case PROP_CAPACITY:
      GST_OBJECT_LOCK (self);
      self->capacity = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_POLICY:
      GST_OBJECT_LOCK (self);
      self->policy = g_value_get_enum (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_MODE:
      GST_OBJECT_LOCK (self);
      self->mode = g_value_get_enum (value);
      GST_OBJECT_UNLOCK (self);
      g_mutex_lock (&self->lock);
      self->cur_mode = g_value_get_enum (value);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_SEED:
      GST_OBJECT_LOCK (self);
      self->seed = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_MESSAGE_INTERVAL: {
      guint i;

      GST_OBJECT_LOCK (self);
      self->message_interval = g_value_get_uint64 (value);
      GST_OBJECT_UNLOCK (self);
      g_mutex_lock (&self->lock);
      for (i = 0; i < self->branches->len; i++)
        gst_sl_fanout_pad_set_message_interval (g_array_index (self->branches,
                                                    SlBranch, i)
                                                    .pad,
            g_value_get_uint64 (value));
      g_mutex_unlock (&self->lock);
      break;
    }
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_sl_fanout_get_property (GObject *object, guint prop_id, GValue *value,
    GParamSpec *pspec)
{
  GstSlFanout *self = GST_SL_FANOUT (object);

  switch (prop_id) {
    case PROP_CAPACITY:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->capacity);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_POLICY:
      GST_OBJECT_LOCK (self);
      g_value_set_enum (value, self->policy);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_MESSAGE_INTERVAL:
      GST_OBJECT_LOCK (self);
      g_value_set_uint64 (value, self->message_interval);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_MODE:
      GST_OBJECT_LOCK (self);
      g_value_set_enum (value, self->mode);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_SEED:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->seed);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_NUM_SRC_PADS:
      g_mutex_lock (&self->lock);
      g_value_set_uint (value, self->branches->len);
      g_mutex_unlock (&self->lock);
      break;
    case PROP_FRAMES_IN:
      g_mutex_lock (&self->lock);
      g_value_set_uint64 (value, self->frames_in);
      g_mutex_unlock (&self->lock);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static GstStateChangeReturn
gst_sl_fanout_change_state (GstElement *element, GstStateChange transition)
{
  GstSlFanout *self = GST_SL_FANOUT (element);

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    guint32 seed;

    GST_OBJECT_LOCK (self);
    seed = self->seed;
    GST_OBJECT_UNLOCK (self);
    g_mutex_lock (&self->lock);
    self->frames_in = 0;
    self->next_branch = 0;
    g_atomic_int_set (&self->live, -1);
    g_rand_set_seed (self->rand, seed);
    g_mutex_unlock (&self->lock);
  }
  return GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
}

/* The branches, referenced, for the rare paths (flushes, queries) that
 * must call out of the element without its lock. */
static GPtrArray *
branches_snapshot (GstSlFanout *self)
{
  GPtrArray *res = g_ptr_array_new_with_free_func (gst_object_unref);
  guint i;

  g_mutex_lock (&self->lock);
  for (i = 0; i < self->branches->len; i++)
    g_ptr_array_add (res,
        gst_object_ref (g_array_index (self->branches, SlBranch, i).pad));
  g_mutex_unlock (&self->lock);
  return res;
}

static gboolean
queue_sticky_event (GstPad *pad, GstEvent **event, gpointer user_data)
{
  gst_sl_fanout_pad_queue_event (GST_SL_FANOUT_PAD (user_data),
      gst_event_ref (*event));
  return TRUE;
}

static GstPad *
gst_sl_fanout_request_new_pad (GstElement *element, GstPadTemplate *templ,
    const gchar *name, const GstCaps *caps)
{
  GstSlFanout *self = GST_SL_FANOUT (element);
  GstSlFanoutPad *pad;
  GstSlFanoutPolicy policy;
  SlBranch branch;
  guint index, capacity;
  GstClockTime interval;
  gchar *pad_name;

  GST_OBJECT_LOCK (self);
  if (sl_pad_name_index (name, "src_", &index)) {
    if (index >= self->next_index)
      self->next_index = index + 1;
  } else {
    index = self->next_index++;
  }
  capacity = self->capacity;
  policy = self->policy;
  interval = self->message_interval;
  GST_OBJECT_UNLOCK (self);

  pad_name = g_strdup_printf ("src_%u", index);
  pad = g_object_new (GST_TYPE_SL_FANOUT_PAD, "name", pad_name, "direction",
      GST_PAD_SRC, "template", templ, NULL);
  g_free (pad_name);
  gst_sl_fanout_pad_configure (pad, capacity, policy, interval);

  /* activated here when the element streams already */
  if (!gst_element_add_pad (element, GST_PAD (pad))) {
    GST_WARNING_OBJECT (self, "pad %s exists already", GST_PAD_NAME (pad));
    gst_object_unref (pad);
    return NULL;
  }

  g_mutex_lock (&self->lock);
  /* the stream so far, ahead of the next frame */
  gst_pad_sticky_events_foreach (self->sinkpad, queue_sticky_event, pad);
  branch.pad = gst_object_ref (pad);
  branch.serial = 0;
  g_array_append_val (self->branches, branch);
  self->cookie++;
  if (self->live == 0)
    gst_sl_fanout_pad_set_batching (pad, TRUE);
  g_mutex_unlock (&self->lock);

  GST_DEBUG_OBJECT (self, "new branch %s", GST_PAD_NAME (pad));
  gst_child_proxy_child_added (GST_CHILD_PROXY (self), G_OBJECT (pad),
      GST_OBJECT_NAME (pad));
  return GST_PAD (pad);
}

static void
gst_sl_fanout_release_pad (GstElement *element, GstPad *pad)
{
  GstSlFanout *self = GST_SL_FANOUT (element);
  GstSlFanoutPad *found = NULL;
  guint i;

  g_mutex_lock (&self->lock);
  for (i = 0; i < self->branches->len; i++) {
    SlBranch *b = &g_array_index (self->branches, SlBranch, i);

    if (GST_PAD (b->pad) == pad) {
      found = b->pad;
      g_array_remove_index (self->branches, i);
      self->cookie++;
      break;
    }
  }
  g_mutex_unlock (&self->lock);
  if (found == NULL)
    return;

  GST_DEBUG_OBJECT (self, "releasing branch %s", GST_PAD_NAME (pad));
  gst_child_proxy_child_removed (GST_CHILD_PROXY (self), G_OBJECT (pad),
      GST_OBJECT_NAME (pad));
  /* clears the queue (counted), releases a producer held by it, flushes
   * downstream so that a blocked branch thread returns, and joins it */
  gst_sl_fanout_pad_release (found);
  gst_element_remove_pad (element, pad);
  gst_object_unref (found);
}

/* Offers @buffer (borrowed) to every branch. The lock is held while
 * queueing, which takes a few instructions per branch; it is only released
 * to wait for room on a full `block` branch. Branches added or removed
 * meanwhile are noticed through the cookie, and the serial ensures that a
 * branch is offered each frame once. */
/* The branch that gets the next frame in the modes that send each frame
 * to one branch, or -1 when there is none. Called with the lock. */
static gint
pick_branch_locked (GstSlFanout *self)
{
  guint n = self->branches->len, i;
  gint best = -1, best_room = -1;
  gint best_prio = G_MININT, best_room_prio = G_MININT;

  if (n == 0)
    return -1;
  switch (self->cur_mode) {
    case GST_SL_FANOUT_MODE_ROUND_ROBIN:
      return self->next_branch++ % n;
    case GST_SL_FANOUT_MODE_RANDOM:
      return g_rand_int_range (self->rand, 0, n);
    case GST_SL_FANOUT_MODE_PRIORITY:
      /* the first branch of highest priority with room; when none has
       * room, the first of highest priority (whose policy then applies) */
      for (i = 0; i < n; i++) {
        GstSlFanoutPad *pad = g_array_index (self->branches, SlBranch, i).pad;
        gint prio = gst_sl_fanout_pad_get_priority (pad);

        if (best < 0 || prio > best_prio) {
          best = i;
          best_prio = prio;
        }
        if ((best_room < 0 || prio > best_room_prio) &&
            gst_sl_fanout_pad_has_room (pad)) {
          best_room = i;
          best_room_prio = prio;
        }
      }
      return best_room >= 0 ? best_room : best;
    default:
      g_assert_not_reached ();
      return -1;
  }
}

/* Queues @buffer in one branch (modes other than broadcast). */
static GstFlowReturn
gst_sl_fanout_handle_buffer_one (GstSlFanout *self, GstBuffer *buffer)
{
  GstSlFanoutPad *pad;
  GstMessage *msg;
  gboolean would_block;
  GstFlowReturn r;
  gint index;

  index = pick_branch_locked (self);
  if (index < 0) {
    g_mutex_unlock (&self->lock);
    /* as in broadcast mode: counted in frames-in only */
    GST_LOG_OBJECT (self, "no branch, frame not sent");
    return GST_FLOW_OK;
  }
  pad = gst_object_ref (g_array_index (self->branches, SlBranch, index).pad);
  r = gst_sl_fanout_pad_queue_buffer (pad, buffer, FALSE, &would_block, &msg);
  g_mutex_unlock (&self->lock);
  if (msg)
    gst_element_post_message (GST_ELEMENT (self), msg);
  if (would_block) {
    r = gst_sl_fanout_pad_queue_buffer (pad, buffer, TRUE, &would_block, &msg);
    if (msg)
      gst_element_post_message (GST_ELEMENT (self), msg);
  }
  gst_object_unref (pad);
  if (r > GST_FLOW_NOT_NEGOTIATED)
    r = GST_FLOW_OK;
  if (G_UNLIKELY (GST_PAD_IS_FLUSHING (self->sinkpad)))
    r = GST_FLOW_FLUSHING;
  return r;
}

/* Asks upstream whether the stream is live, once per stream (at its first
 * frame): when it is not, branch threads are woken per batch of frames
 * rather than per frame (no one waits for a frame of a stream that is not
 * live as it happens, and a wake-up per frame and branch costs more than
 * the frame's trip to a sink). */
static void
check_live (GstSlFanout *self)
{
  GstQuery *q = gst_query_new_latency ();
  gboolean live = TRUE;
  guint i;

  /* a peer that cannot answer is taken as live: frames go at once */
  if (gst_pad_peer_query (self->sinkpad, q))
    gst_query_parse_latency (q, &live, NULL, NULL);
  gst_query_unref (q);
  GST_DEBUG_OBJECT (self, "upstream is %slive", live ? "" : "not ");

  g_mutex_lock (&self->lock);
  g_atomic_int_set (&self->live, live ? 1 : 0);
  for (i = 0; i < self->branches->len; i++)
    gst_sl_fanout_pad_set_batching (g_array_index (self->branches, SlBranch, i)
                                        .pad,
        !live);
  g_mutex_unlock (&self->lock);
}

static GstFlowReturn
gst_sl_fanout_handle_buffer (GstSlFanout *self, GstBuffer *buffer)
{
  GstFlowReturn ret = GST_FLOW_OK;
  GQueue messages = G_QUEUE_INIT;
  GstMessage *msg;
  guint64 serial;
  guint cookie, i;

  if (G_UNLIKELY (g_atomic_int_get (&self->live) < 0))
    check_live (self);

  g_mutex_lock (&self->lock);
  serial = ++self->serial;
  self->frames_in++;
  if (self->cur_mode != GST_SL_FANOUT_MODE_BROADCAST)
    return gst_sl_fanout_handle_buffer_one (self, buffer);

again:
  cookie = self->cookie;
  for (i = 0; i < self->branches->len; i++) {
    SlBranch *b = &g_array_index (self->branches, SlBranch, i);
    gboolean would_block;
    GstFlowReturn r;

    if (b->serial == serial)
      continue;
    b->serial = serial;
    r = gst_sl_fanout_pad_queue_buffer (b->pad, buffer, FALSE, &would_block,
        &msg);
    if (G_UNLIKELY (msg))
      g_queue_push_tail (&messages, msg);
    if (G_UNLIKELY (would_block)) {
      GstSlFanoutPad *pad = gst_object_ref (b->pad);

      g_mutex_unlock (&self->lock);
      while ((msg = g_queue_pop_head (&messages)))
        gst_element_post_message (GST_ELEMENT (self), msg);
      r = gst_sl_fanout_pad_queue_buffer (pad, buffer, TRUE, &would_block,
          &msg);
      if (msg)
        gst_element_post_message (GST_ELEMENT (self), msg);
      gst_object_unref (pad);
      g_mutex_lock (&self->lock);
      if (r <= GST_FLOW_NOT_NEGOTIATED && ret == GST_FLOW_OK)
        ret = r;
      if (cookie != self->cookie)
        goto again;
      continue;
    }
    if (G_UNLIKELY (r <= GST_FLOW_NOT_NEGOTIATED) && ret == GST_FLOW_OK)
      ret = r;
  }
  g_mutex_unlock (&self->lock);

  while ((msg = g_queue_pop_head (&messages)))
    gst_element_post_message (GST_ELEMENT (self), msg);

  if (G_UNLIKELY (GST_PAD_IS_FLUSHING (self->sinkpad)))
    ret = GST_FLOW_FLUSHING;
  return ret;
}

static GstFlowReturn
gst_sl_fanout_chain (GstPad *pad, GstObject *parent, GstBuffer *buffer)
{
  GstFlowReturn ret;

  ret = gst_sl_fanout_handle_buffer (GST_SL_FANOUT (parent), buffer);
  gst_buffer_unref (buffer);
  return ret;
}

static GstFlowReturn
gst_sl_fanout_chain_list (GstPad *pad, GstObject *parent, GstBufferList *list)
{
  GstSlFanout *self = GST_SL_FANOUT (parent);
  GstFlowReturn ret = GST_FLOW_OK;
  guint i, n = gst_buffer_list_length (list);

  for (i = 0; i < n && ret == GST_FLOW_OK; i++)
    ret = gst_sl_fanout_handle_buffer (self, gst_buffer_list_get (list, i));
  gst_buffer_list_unref (list);
  return ret;
}

static gboolean
gst_sl_fanout_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  GstSlFanout *self = GST_SL_FANOUT (parent);
  GPtrArray *pads;
  guint i;

  GST_DEBUG_OBJECT (self, "event %" GST_PTR_FORMAT, event);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_FLUSH_START:
      pads = branches_snapshot (self);
      for (i = 0; i < pads->len; i++)
        gst_sl_fanout_pad_flush_start (g_ptr_array_index (pads, i), event);
      g_ptr_array_unref (pads);
      gst_event_unref (event);
      return TRUE;
    case GST_EVENT_FLUSH_STOP:
      pads = branches_snapshot (self);
      for (i = 0; i < pads->len; i++)
        gst_sl_fanout_pad_flush_stop (g_ptr_array_index (pads, i), event);
      g_ptr_array_unref (pads);
      gst_event_unref (event);
      return TRUE;
    default:
      break;
  }

  if (!GST_EVENT_IS_SERIALIZED (event))
    return gst_pad_event_default (pad, parent, event);

  g_mutex_lock (&self->lock);
  /* Stored now rather than after this function returns, so that a pad
   * requested meanwhile starts from this event too. */
  if (GST_EVENT_IS_STICKY (event))
    gst_pad_store_sticky_event (pad, event);
  for (i = 0; i < self->branches->len; i++)
    gst_sl_fanout_pad_queue_event (g_array_index (self->branches, SlBranch, i)
                                       .pad,
        gst_event_ref (event));
  g_mutex_unlock (&self->lock);
  gst_event_unref (event);
  return TRUE;
}

/* Offers the metas that every linked branch supports, and no pool. */
static gboolean
gst_sl_fanout_allocation_query (GstSlFanout *self, GstQuery *query)
{
  GPtrArray *pads = branches_snapshot (self);
  gboolean first = TRUE;
  GstCaps *caps;
  gboolean need_pool;
  guint i, j;

  gst_query_parse_allocation (query, &caps, &need_pool);
  for (i = 0; i < pads->len; i++) {
    GstPad *peer = gst_pad_get_peer (g_ptr_array_index (pads, i));
    GstQuery *q;
    gboolean ok;

    /* asked of the peer directly: a serialized query through our pad would
     * push its pending sticky events from this thread, while the branch
     * thread streams on it */
    if (peer == NULL)
      continue;
    q = gst_query_new_allocation (caps, need_pool);
    ok = gst_pad_query (peer, q);
    gst_object_unref (peer);
    if (!ok) {
      gst_query_unref (q);
      continue;
    }
    if (first) {
      for (j = 0; j < gst_query_get_n_allocation_metas (q); j++) {
        const GstStructure *params;
        GType api = gst_query_parse_nth_allocation_meta (q, j, &params);

        gst_query_add_allocation_meta (query, api, params);
      }
      first = FALSE;
    } else {
      for (j = gst_query_get_n_allocation_metas (query); j > 0; j--) {
        GType api = gst_query_parse_nth_allocation_meta (query, j - 1, NULL);

        if (!gst_query_find_allocation_meta (q, api, NULL))
          gst_query_remove_nth_allocation_meta (query, j - 1);
      }
    }
    gst_query_unref (q);
  }
  g_ptr_array_unref (pads);
  return TRUE;
}

static gboolean
gst_sl_fanout_sink_query (GstPad *pad, GstObject *parent, GstQuery *query)
{
  GstSlFanout *self = GST_SL_FANOUT (parent);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_ALLOCATION:
      return gst_sl_fanout_allocation_query (self, query);
    case GST_QUERY_DRAIN:
      /* the branches only hold references; they give them back as they
       * stream */
      return TRUE;
    default:
      /* other serialized queries would overtake the queued frames, and be
       * sent from this thread on pads that branch threads stream on */
      if (GST_QUERY_IS_SERIALIZED (query))
        return FALSE;
      return gst_pad_query_default (pad, parent, query);
  }
}

/* GstChildProxy: the branches are the children, so that launch lines can
 * set pad properties with `src_1::policy=drop-oldest`. */
static GObject *
gst_sl_fanout_child_proxy_get_child_by_name (GstChildProxy *proxy,
    const gchar *name)
{
  GstPad *pad = gst_element_get_static_pad (GST_ELEMENT (proxy), name);

  if (pad && GST_PAD_DIRECTION (pad) != GST_PAD_SRC) {
    gst_object_unref (pad);
    pad = NULL;
  }
  return (GObject *) pad;
}

static GObject *
gst_sl_fanout_child_proxy_get_child_by_index (GstChildProxy *proxy, guint index)
{
  GstElement *element = GST_ELEMENT (proxy);
  GObject *res = NULL;

  GST_OBJECT_LOCK (element);
  res = g_list_nth_data (element->srcpads, index);
  if (res)
    gst_object_ref (res);
  GST_OBJECT_UNLOCK (element);
  return res;
}

static guint
gst_sl_fanout_child_proxy_get_children_count (GstChildProxy *proxy)
{
  GstElement *element = GST_ELEMENT (proxy);
  guint res;

  GST_OBJECT_LOCK (element);
  res = element->numsrcpads;
  GST_OBJECT_UNLOCK (element);
  return res;
}

static void
gst_sl_fanout_child_proxy_init (gpointer g_iface, gpointer iface_data)
{
  GstChildProxyInterface *iface = g_iface;

  iface->get_child_by_name = gst_sl_fanout_child_proxy_get_child_by_name;
  iface->get_child_by_index = gst_sl_fanout_child_proxy_get_child_by_index;
  iface->get_children_count = gst_sl_fanout_child_proxy_get_children_count;
}
