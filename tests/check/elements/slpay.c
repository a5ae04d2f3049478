#include <gst/check/gstcheck.h>
static Suite *
slpay_suite (void)
{
  return suite_create ("slpay");
}
GST_CHECK_MAIN (slpay);
