/* gst-streamlab: a C program built against the installed
 * libgststreamlab-1.0 with `pkg-config --cflags --libs
 * gstreamer-streamlab-1.0`: translates a JSON description, runs it to the
 * end of the stream, counts the frames and their sequence ids at the sink,
 * and checks that an invalid description fails with the JSON path. */

#include <string.h>

#include <gst/gst.h>
#include <gst/streamlab/streamlab.h>

static const gchar *description =
    "{\"nodes\": ["
    "  {\"id\": \"source\", \"type\": \"SineGenerator\","
    "   \"config\": {\"frequency\": 440.0, \"sample_rate\": 8000,"
    "                \"frame_size\": 80, \"num_frames\": 5}},"
    "  {\"id\": \"filter\", \"type\": \"FilterNode\","
    "   \"config\": {\"filter_type\": \"lowpass\", \"cutoff_hz\": 1000}},"
    "  {\"id\": \"out\", \"type\": \"fakesink\"}],"
    " \"connections\": [{\"from\": \"source\", \"to\": \"filter\"},"
    "                   {\"from\": \"filter\", \"to\": \"out\"}]}";

static guint frames;
static guint64 next_seq;
static gboolean seq_ok = TRUE;

static GstPadProbeReturn
on_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  guint64 seq;

  if (!gst_sl_buffer_get_seq (buf, &seq) || seq != next_seq)
    seq_ok = FALSE;
  next_seq++;
  frames++;
  return GST_PAD_PROBE_OK;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (GstSlJsonDescription) d = NULL;
  GstElement *pipeline, *sink;
  GstPad *pad;
  GstMessage *msg;
  guint i;
  int ret = 0;

  gst_init (&argc, &argv);

  d = gst_sl_json_translate (description, "test.json", &err);
  if (d == NULL) {
    g_printerr ("FAIL: %s\n", err->message);
    return 1;
  }
  g_print ("line: %s\n", gst_sl_json_description_get_line (d));
  for (i = 0; i < gst_sl_json_description_get_n_nodes (d); i++)
    g_print ("node %s: %s%s%s\n", gst_sl_json_description_get_node_id (d, i),
        gst_sl_json_description_get_node_factory (d, i),
        gst_sl_json_description_node_is_source (d, i) ? " (source)" : "",
        gst_sl_json_description_node_is_sink (d, i) ? " (sink)" : "");

  pipeline = gst_sl_json_description_create_pipeline (d, &err);
  if (pipeline == NULL) {
    g_printerr ("FAIL: %s\n", err->message);
    return 1;
  }
  gst_object_ref_sink (pipeline);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "out");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, NULL, NULL);
  gst_object_unref (pad);
  gst_object_unref (sink);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipeline), 10 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (msg == NULL || GST_MESSAGE_TYPE (msg) != GST_MESSAGE_EOS) {
    g_printerr ("FAIL: the pipeline did not reach EOS\n");
    ret = 1;
  }
  if (msg)
    gst_message_unref (msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  g_print ("frames at the sink: %u, seq ids %s\n", frames,
      seq_ok ? "0.. in order" : "WRONG");
  if (frames != 5 || !seq_ok)
    ret = 1;

  /* an invalid value: the error names the place and carries its path */
  g_clear_error (&err);
  g_clear_pointer (&d, gst_sl_json_description_unref);
  d = gst_sl_json_translate ("{\"nodes\": [{\"id\": \"f\", \"type\": "
                             "\"slfilter\", \"config\": {\"cutoff\": "
                             "\"high\"}}], "
                             "\"connections\": []}",
      "bad.json", &err);
  if (d != NULL ||
      !g_error_matches (err, GST_SL_JSON_ERROR, GST_SL_JSON_ERROR_VALUE) ||
      g_strcmp0 (gst_sl_json_error_get_path (err), "nodes[0].config.cutoff") !=
          0) {
    g_printerr ("FAIL: invalid description: %s (path %s)\n",
        err ? err->message : "accepted",
        err ? GST_STR_NULL (gst_sl_json_error_get_path (err)) : "-");
    ret = 1;
  } else {
    g_print ("error: %s (path %s)\n", err->message,
        gst_sl_json_error_get_path (err));
  }
  return ret;
}
