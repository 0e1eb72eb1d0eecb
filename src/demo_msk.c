/* demo_msk.c: see demo_msk.h. */
#include "config.h"

#include "demo_msk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_ARN "arn:aws:kafka:us-east-1:000000000000:cluster/kdeck-demo/" \
	"00000000-0000-0000-0000-000000000000-1"

static char *s(const char *v)
{
	char *d = strdup(v);
	if (!d)
		abort();
	return d;
}

static char **list(const char *const *v, int n)
{
	char **out = calloc((size_t)n, sizeof(*out));
	if (!out)
		abort();
	for (int i = 0; i < n; i++)
		out[i] = s(v[i]);
	return out;
}

msk_watch *demo_msk_watch(void)
{
	static const char *const zones[] = { "zone-a", "zone-b", "zone-c" };
	static const char *const auth[] = { "UNAUTHENTICATED" };
	msk_cluster c = {
		.name = s("kdeck-demo"), .arn = s(DEMO_ARN), .type = s("PROVISIONED"),
		.state = s("ACTIVE"), .kafka_version = s("3.9.x"),
		.instance_type = s("kafka.m5.large"), .brokers = 3, .storage_gb = 100,
		.zones = list(zones, 3), .n_zones = 3, .auth = list(auth, 1), .n_auth = 1,
		.created = s("2026-11-01T10:00:00.000Z"),
	};
	msk_node *nodes = calloc(3, sizeof(*nodes));
	if (!nodes)
		abort();
	for (int i = 0; i < 3; i++) {
		char subnet[32], host[64];
		const char *ep[1] = { host };
		snprintf(subnet, sizeof(subnet), "subnet-demo-%c", 'a' + i);
		snprintf(host, sizeof(host), "b-%d.kdeck-demo.local", i + 1);
		nodes[i] = (msk_node){ .broker_id = i + 1, .subnet = s(subnet), .az = s(zones[i]),
				       .instance_type = s("kafka.m5.large"), .endpoints = list(ep, 1),
				       .n_endpoints = 1, .attached_eni = s("eni-demo") };
	}
	msk_operation *ops = calloc(1, sizeof(*ops));
	if (!ops)
		abort();
	ops[0] = (msk_operation){ .arn = s(DEMO_ARN "/op-create"), .type = s("CREATE"),
				  .state = s("UPDATE_COMPLETE"),
				  .start = s("2026-11-01T10:00:00.000Z"),
				  .end = s("2026-11-01T10:31:00.000Z") };
	return msk_watch_fixed(DEMO_ARN, "plaintext", &c, nodes, 3, ops, 1);
}
