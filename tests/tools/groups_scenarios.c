/* groups_scenarios.c: see groups_scenarios.h.  The cluster behind them
 * (tests/tools/groups-capture.sh): topics orders (3 partitions) and
 * payments (1); groups billing (Empty, offsets on payments), live (Stable,
 * two members reading orders), doomed (Empty, deleted by the first
 * DeleteGroups sent); commitme never had members. */
#include "config.h"

#include "groups_scenarios.h"

#include <string.h>

#include "wire_msgs.h"

static int enc_listgroups(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	return wire_listgroups_req_encode(w, v, NULL, err, errlen);
}

static int enc_listgroups_filtered(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	static const char *const states[] = { "Stable" };
	static const char *const types[] = { "classic" };
	wire_listgroups_req r = { states, 1, types, v >= 5 ? 1 : 0 };
	return wire_listgroups_req_encode(w, v, &r, err, errlen);
}

static int enc_describegroups(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	static const char *const groups[] = { "billing", "live", "nosuch" };
	wire_describegroups_req r = { groups, 3, v >= 3 };
	return wire_describegroups_req_encode(w, v, &r, err, errlen);
}

/* An administrative commit to a group without members: accepted. */
static int enc_offsetcommit(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	static const wire_offsetcommit_part parts[] = { { 0, 2, -1, NULL } };
	static const wire_offsetcommit_topic topics[] = { { "payments", parts, 1 } };
	wire_offsetcommit_req r = { "commitme", -1, "", NULL, topics, 1 };
	return wire_offsetcommit_req_encode(w, v, &r, err, errlen);
}

/* The same to a group with members: refused, and nothing changes. */
static int enc_offsetcommit_active(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	static const wire_offsetcommit_part parts[] = { { 0, 0, -1, NULL }, { 1, 0, -1, NULL } };
	static const wire_offsetcommit_topic topics[] = { { "orders", parts, 2 } };
	wire_offsetcommit_req r = { "live", -1, "", NULL, topics, 1 };
	return wire_offsetcommit_req_encode(w, v, &r, err, errlen);
}

static int enc_deletegroups(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	static const char *const groups[] = { "doomed", "live", "nosuch" };
	wire_deletegroups_req r = { groups, 3 };
	return wire_deletegroups_req_encode(w, v, &r, err, errlen);
}

const groups_scenario groups_scenarios[] = {
	{ "listgroups", WIRE_API_LIST_GROUPS, 0, 5, enc_listgroups },
	{ "listgroups_filtered", WIRE_API_LIST_GROUPS, 4, 5, enc_listgroups_filtered },
	{ "describegroups", WIRE_API_DESCRIBE_GROUPS, 0, 6, enc_describegroups },
	{ "offsetcommit", WIRE_API_OFFSET_COMMIT, 2, 9, enc_offsetcommit },
	{ "offsetcommit_active", WIRE_API_OFFSET_COMMIT, 2, 9, enc_offsetcommit_active },
	{ "deletegroups", WIRE_API_DELETE_GROUPS, 0, 2, enc_deletegroups },
	{ NULL, 0, 0, 0, NULL },
};

const groups_scenario *groups_scenario_find(const char *tag)
{
	for (const groups_scenario *s = groups_scenarios; s->tag; s++)
		if (!strcmp(s->tag, tag))
			return s;
	return NULL;
}
