/*
 * demo_proxy.h: one loopback proxy per mock broker of the demo.  kdeck's
 * bootstrap is the proxies; each forwards Kafka frames to its mock broker,
 * answers what the mock lacks from the demo's model and rewrites the
 * mock's Metadata so every later connection (kdeck's own and librdkafka's
 * for the tail) comes through a proxy too (demo_answer.c).  A broker the
 * model has down closes its connections, as a dead broker's would.
 */
#ifndef KDECK_DEMO_PROXY_H
#define KDECK_DEMO_PROXY_H

#include <stddef.h>

#include "demo_answer.h"

typedef struct demo_proxy demo_proxy;

/* mock_bootstraps: rd_kafka_mock_cluster_bootstraps(); ctx->ports is
 * filled here.  NULL with err filled when a socket cannot be had. */
demo_proxy *demo_proxy_start(demo_answer_ctx *ctx, const char *mock_bootstraps,
			     char *err, size_t errlen);
/* "127.0.0.1:P1,127.0.0.1:P2,..." */
const char *demo_proxy_bootstrap(const demo_proxy *p);
/* Close every connection through broker's proxy (it just went down). */
void demo_proxy_kick(demo_proxy *p, int broker);
void demo_proxy_stop(demo_proxy *p);

#endif
