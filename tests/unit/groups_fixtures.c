/* groups_fixtures.c: see groups_fixtures.h. */
#include "config.h"

#include "groups_fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixtures.h"

static const fx_topic topics[] = { { "orders", 3, 1, 0 }, { "pay", 1, 1, 0 } };

void fake_init(fake_poll *f)
{
	memset(f, 0, sizeof(*f));
	arena_init(&f->a);
	f->list.groups = f->listed;
	f->desc.groups = f->described;
	f->fetch.groups = f->fetched;
}

void fake_list(fake_poll *f, const char *id, const char *state)
{
	wire_listed_group *g = &f->listed[f->list.n_groups++];
	g->group_id = (char *)id;
	g->protocol_type = state && !strcmp(state, "Empty") ? "" : "consumer";
	g->group_state = (char *)state;
}

/* A member reading "orders" partitions given as a -1-terminated list. */
void fake_member(fake_poll *f, wire_described_group *d, const char *member,
			const char *client, const int32_t *parts)
{
	wire_group_member *m = &d->members[d->n_members++];
	size_t n = 0;
	char err[128];
	while (parts[n] >= 0)
		n++;
	wire_consumer_topic t = { "orders", arena_memdup(&f->a, parts, n * sizeof(int32_t)), n };
	wire_wbuf w;
	wire_wbuf_init(&w);
	assert_int_equal(wire_consumer_assignment_encode(&w, 1, &t, 1, err, sizeof(err)), 0);
	m->member_id = (char *)member;
	m->client_id = (char *)client;
	m->client_host = "/10.0.0.1";
	m->assignment = arena_memdup(&f->a, w.data, w.len);
	m->assignment_len = w.len;
	m->metadata = (uint8_t *)"";
	wire_wbuf_free(&w);
}

wire_described_group *fake_describe(fake_poll *f, const char *id, const char *state)
{
	wire_described_group *d = &f->described[f->desc.n_groups++];
	d->group_id = (char *)id;
	d->group_state = (char *)state;
	d->protocol_type = "consumer";
	d->protocol_data = "range";
	d->members = arena_calloc(&f->a, 4, sizeof(*d->members));
	return d;
}

/* Committed offsets of "orders" 0..n-1 (negative: none). */
void fake_fetch(fake_poll *f, const char *id, const int64_t *committed, int n)
{
	wire_offsetfetch_group *g = &f->fetched[f->fetch.n_groups++];
	g->group_id = (char *)id;
	g->topics = arena_calloc(&f->a, 1, sizeof(*g->topics));
	g->n_topics = 1;
	g->topics[0].name = "orders";
	g->topics[0].partitions = arena_calloc(&f->a, (size_t)n, sizeof(wire_offsetfetch_partition));
	for (int i = 0; i < n; i++) {
		if (committed[i] < 0)
			continue;
		wire_offsetfetch_partition *p = &g->topics[0].partitions[g->topics[0].n_partitions++];
		p->partition = i;
		p->committed_offset = committed[i];
	}
}

kd_snapshot *fake_snapshot(int64_t t, const int64_t *high, const kd_snapshot *prev)
{
	kd_snapshot *s = fx_snapshot(1, NULL, 0, topics, 2, prev, t);
	for (int p = 0; p < 3; p++)
		snapshot_set_watermarks(s, "orders", p, 0, high[p]);
	snapshot_set_watermarks(s, "pay", 0, 0, 5);
	return s;
}

void fake_feed(groups_poller *gp, kd_snapshot *s, fake_poll *f)
{
	groups_poller_begin(gp, s);
	groups_poller_listed(gp, 1, &f->list);
	groups_poller_described(gp, &f->desc);
	groups_poller_fetched(gp, &f->fetch);
	groups_poller_build(gp, s);
}

groups_poller *fake_poller(int window)
{
	groups_config c;
	char err[256], kv[32];
	groups_config_default(&c);
	snprintf(kv, sizeof(kv), "window=%d", window);
	assert_int_equal(groups_config_set(&c, kv, err, sizeof(err)), 0);
	return groups_poller_new(&c);
}

