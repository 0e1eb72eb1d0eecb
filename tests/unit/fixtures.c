/* fixtures.c: see fixtures.h. */
#include "config.h"

#include "fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_down(const int32_t *down, int n_down, int32_t id)
{
	for (int i = 0; i < n_down; i++)
		if (down[i] == id)
			return 1;
	return 0;
}

kd_snapshot *fx_snapshot(int n_brokers, const int32_t *down, int n_down,
			 const fx_topic *topics, int n_topics,
			 const kd_snapshot *prev, int64_t mono_ms)
{
	kd_snapshot *s = snapshot_new();
	kd_meta_broker mb[16];
	kd_meta_topic mt[16];
	kd_meta_partition mp[16][64];
	int32_t rep[16][64][8], isr[16][64][8];
	uint8_t ids[16][16];
	char hosts[16][32];
	int nb = 0;

	for (int b = 1; b <= n_brokers; b++) {
		if (is_down(down, n_down, b))
			continue;
		snprintf(hosts[nb], sizeof(hosts[nb]), "broker%d.example", b);
		mb[nb] = (kd_meta_broker){.id = b, .host = hosts[nb], .port = 9090 + b,
					  .rack = NULL};
		nb++;
	}
	for (int t = 0; t < n_topics; t++) {
		memset(ids[t], 0, 16);
		ids[t][0] = topics[t].id;
		mt[t] = (kd_meta_topic){.name = topics[t].name,
					.id = topics[t].id ? ids[t] : NULL,
					.n_partitions = topics[t].partitions,
					.partitions = mp[t]};
		for (int p = 0; p < topics[t].partitions; p++) {
			int n_isr = 0;
			for (int r = 0; r < topics[t].rf; r++) {
				int32_t b = (int32_t)((p + r) % n_brokers + 1);
				rep[t][p][r] = b;
				if (!is_down(down, n_down, b))
					isr[t][p][n_isr++] = b;
			}
			int32_t leader = n_isr ? isr[t][p][0] : -1;
			mp[t][p] = (kd_meta_partition){.id = p, .leader = leader,
						       .leader_epoch = 1,
						       .n_replicas = topics[t].rf,
						       .replicas = rep[t][p],
						       .n_isr = n_isr, .isr = isr[t][p]};
		}
	}
	kd_metadata md = {.cluster_id = "fixture-cluster", .controller_id = 1,
			  .n_brokers = nb, .brokers = mb,
			  .n_topics = n_topics, .topics = mt};
	s->mono_ms = mono_ms;
	snapshot_set_metadata(s, &md, prev);
	return s;
}
