/*
 * msk_setup.h: `kdeck --msk` (or a context's msk-arn): before the
 * collector starts, find the cluster through the MSK API (by name or ARN;
 * the only one of the region when none is named), pick its bootstrap
 * string for the authentication in use (IAM, SCRAM, TLS, plaintext; IAM
 * is chosen and set up when the cluster offers it and nothing else was
 * asked), and start the watcher of its control plane.
 */
#ifndef KDECK_MSK_SETUP_H
#define KDECK_MSK_SETUP_H

#include <stddef.h>

#include "msk_watch.h"
#include "options.h"

/* o is completed (bootstrap, security properties); *w gets the watcher
 * (hand it to collector_set_msk).  0, or KD_EXIT_USAGE / KD_EXIT_CLUSTER
 * with err. */
int msk_setup(kd_options *o, msk_watch **w, char *err, size_t errlen);

#endif
