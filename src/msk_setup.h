/*
 * msk_setup.h: `kdeck --msk` (or a context's msk-arn): before the
 * collector starts, find the cluster through the MSK API (by name or ARN;
 * the only one of the region when none is named, or the one the picker
 * returns when the region has several), pick its bootstrap
 * string for the authentication in use (IAM, SCRAM, TLS, plaintext; IAM
 * is chosen and set up when the cluster offers it and nothing else was
 * asked), and start the watcher of its control plane.
 */
#ifndef KDECK_MSK_SETUP_H
#define KDECK_MSK_SETUP_H

#include <stddef.h>

#include "msk_api.h"
#include "msk_watch.h"
#include "options.h"

/* Asked when no cluster is named and the region has several: the index of
 * the one to watch, or -1 when the user picked none. */
typedef int (*msk_pick_fn)(const msk_cluster *cl, int n, void *ctx);

/* o is completed (bootstrap, security properties); *w gets the watcher
 * (hand it to collector_set_msk).  0, or KD_EXIT_USAGE / KD_EXIT_CLUSTER
 * with err.  pick may be NULL (not interactive): several clusters are
 * then an error that names them. */
int msk_setup(kd_options *o, msk_pick_fn pick, void *pick_ctx, msk_watch **w, char *err,
	      size_t errlen);

#endif
