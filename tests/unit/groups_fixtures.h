/*
 * groups_fixtures.h: what the wire would answer a groups poll, built by
 * hand, for the unit tests of the groups poller and the group tables.
 */
#ifndef KDECK_TEST_GROUPS_FIXTURES_H
#define KDECK_TEST_GROUPS_FIXTURES_H

#include "groups_poll.h"
#include "wire_msgs.h"

typedef struct fake_poll {
	kd_arena a;                       /* the "responses" */
	wire_listgroups_resp list;
	wire_listed_group listed[8];
	wire_describegroups_resp desc;
	wire_described_group described[8];
	wire_offsetfetch_resp fetch;
	wire_offsetfetch_group fetched[8];
} fake_poll;

void fake_init(fake_poll *f);
/* A group a broker lists; state "Empty" makes it a group without protocol. */
void fake_list(fake_poll *f, const char *id, const char *state);
wire_described_group *fake_describe(fake_poll *f, const char *id, const char *state);
/* A member reading "orders" partitions given as a -1-terminated list. */
void fake_member(fake_poll *f, wire_described_group *d, const char *member,
		 const char *client, const int32_t *parts);
/* Committed offsets of "orders" 0..n-1 (negative: none). */
void fake_fetch(fake_poll *f, const char *id, const int64_t *committed, int n);
/* A snapshot at time t: topics orders (3 partitions, ends high[]) and pay. */
kd_snapshot *fake_snapshot(int64_t t, const int64_t *high, const kd_snapshot *prev);
/* One poll: begin, listed by broker 1, described, fetched, build. */
void fake_feed(groups_poller *gp, kd_snapshot *s, fake_poll *f);
groups_poller *fake_poller(int window);

#endif
