/*
 * demo_msk.h: the demo's simulated Amazon MSK control plane, so that
 * pane 8 and the header's MSK line have something to show in `kdeck
 * --demo`: a provisioned cluster "kdeck-demo" with its three broker nodes
 * in the demo's racks and a finished CREATE operation.  No AWS call; a
 * fixed reading (msk_watch_fixed).  The demo's only.
 */
#ifndef KDECK_DEMO_MSK_H
#define KDECK_DEMO_MSK_H

#include "msk_watch.h"

msk_watch *demo_msk_watch(void);

#endif
