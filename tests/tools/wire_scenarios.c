/* wire_scenarios.c: see wire_scenarios.h.  The data they ask about is made
 * by tests/tools/wire-capture.sh: topics orders (3 partitions) and payments
 * (1), groups billing (payments) and audit (orders). */
#include "config.h"

#include "wire_scenarios.h"

#include <string.h>

#include "wire_msgs.h"

static const int32_t parts012[] = { 0, 1, 2 };
static const int32_t part0[] = { 0 };

static int enc_apiversions(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	wire_apiversions_req r = { "kdeck-capture", "1.0" };
	return wire_apiversions_req_encode(w, v, &r, err, errlen);
}

static int enc_metadata_all(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	wire_metadata_req r = { NULL, -1, false, false };
	return wire_metadata_req_encode(w, v, &r, err, errlen);
}

static int enc_metadata_topics(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	static const char *const topics[] = { "payments", "nosuch" };
	wire_metadata_req r = { topics, 2, false, v >= 8 };
	return wire_metadata_req_encode(w, v, &r, err, errlen);
}

static int enc_describecluster(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	wire_describecluster_req r = { false, WIRE_ENDPOINT_BROKERS };
	return wire_describecluster_req_encode(w, v, &r, err, errlen);
}

static int enc_describecluster_ctl(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	wire_describecluster_req r = { true, WIRE_ENDPOINT_CONTROLLERS };
	return wire_describecluster_req_encode(w, v, &r, err, errlen);
}

static int enc_logdirs_all(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	wire_describelogdirs_req r = { NULL, -1 };
	return wire_describelogdirs_req_encode(w, v, &r, err, errlen);
}

static int enc_logdirs_topics(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	static const wire_topic_parts t[] = {
		{ "orders", parts012, 3 }, { "nosuch", part0, 1 },
	};
	wire_describelogdirs_req r = { t, 2 };
	return wire_describelogdirs_req_encode(w, v, &r, err, errlen);
}

static int enc_listoffsets(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	static const wire_listoffsets_part latest[] = {
		{ 0, WIRE_OFFSET_LATEST, -1 }, { 1, WIRE_OFFSET_LATEST, -1 },
		{ 2, WIRE_OFFSET_LATEST, -1 },
	};
	static const wire_listoffsets_part earliest[] = { { 0, WIRE_OFFSET_EARLIEST, -1 } };
	static const wire_listoffsets_topic t[] = {
		{ "orders", latest, 3 }, { "payments", earliest, 1 },
	};
	wire_listoffsets_req r = { -1, 0, t, 2, 5000 };
	return wire_listoffsets_req_encode(w, v, &r, err, errlen);
}

/* Timestamps: the first record at or after 0, past the end, the newest. */
static int enc_listoffsets_ts(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	static const wire_listoffsets_part pay[] = { { 0, 0, -1 } };
	static const wire_listoffsets_part pay_future[] = { { 0, 4102444800000LL, -1 } };
	static const wire_listoffsets_part ord[] = { { 1, WIRE_OFFSET_MAX_TIMESTAMP, -1 } };
	static const wire_listoffsets_topic t[] = {
		{ "payments", pay, 1 }, { "orders", ord, 1 },
	};
	static const wire_listoffsets_topic t_old[] = {
		{ "payments", pay, 1 }, { "orders", pay_future, 1 },
	};
	/* read_committed, the isolation the collector uses for lag */
	wire_listoffsets_req r = { -1, 1, v >= 7 ? t : t_old, 2, 5000 };
	return wire_listoffsets_req_encode(w, v, &r, err, errlen);
}

static int enc_quorum(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	return wire_describequorum_req_encode(w, v, NULL, err, errlen);
}

static int enc_offsetfetch(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	static const wire_topic_parts orders = { "orders", parts012, 3 };
	static const wire_offsetfetch_group_req g[] = {
		{ "billing", NULL, -1 }, { "audit", &orders, 1 }, { "nosuch", NULL, -1 },
	};
	wire_offsetfetch_req r = { g, 3, false };
	return wire_offsetfetch_req_encode(w, v, &r, err, errlen);
}

static int enc_offsetfetch_single(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	static const wire_topic_parts pay = { "payments", part0, 1 };
	wire_offsetfetch_group_req g = { "billing", NULL, -1 };
	if (v < 2) {
		g.topics = &pay;
		g.n_topics = 1;
	}
	wire_offsetfetch_req r = { &g, 1, v >= 7 };
	return wire_offsetfetch_req_encode(w, v, &r, err, errlen);
}

static int enc_findcoordinator(wire_wbuf *w, int16_t v, char *err, size_t errlen)
{
	static const char *const keys[] = { "billing", "audit", "nosuch" };
	wire_findcoordinator_req r = { WIRE_COORD_GROUP, keys, v >= 4 ? 3 : 1 };
	return wire_findcoordinator_req_encode(w, v, &r, err, errlen);
}

const wire_scenario wire_scenarios[] = {
	{ "apiversions", WIRE_API_API_VERSIONS, 0, 4, enc_apiversions },
	{ "metadata", WIRE_API_METADATA, 1, 12, enc_metadata_all },
	{ "metadata_topics", WIRE_API_METADATA, 4, 12, enc_metadata_topics },
	{ "describecluster", WIRE_API_DESCRIBE_CLUSTER, 0, 1, enc_describecluster },
	{ "describecluster_controllers", WIRE_API_DESCRIBE_CLUSTER, 1, 1,
	  enc_describecluster_ctl },
	{ "describelogdirs", WIRE_API_DESCRIBE_LOG_DIRS, 1, 4, enc_logdirs_all },
	{ "describelogdirs_topics", WIRE_API_DESCRIBE_LOG_DIRS, 4, 4, enc_logdirs_topics },
	{ "listoffsets", WIRE_API_LIST_OFFSETS, 1, 10, enc_listoffsets },
	{ "listoffsets_ts", WIRE_API_LIST_OFFSETS, 1, 10, enc_listoffsets_ts },
	{ "describequorum", WIRE_API_DESCRIBE_QUORUM, 0, 2, enc_quorum },
	{ "offsetfetch", WIRE_API_OFFSET_FETCH, 8, 9, enc_offsetfetch },
	{ "offsetfetch_single", WIRE_API_OFFSET_FETCH, 1, 7, enc_offsetfetch_single },
	{ "findcoordinator", WIRE_API_FIND_COORDINATOR, 1, 6, enc_findcoordinator },
	{ NULL, 0, 0, 0, NULL },
};

const wire_scenario *wire_scenario_find(const char *tag)
{
	for (const wire_scenario *s = wire_scenarios; s->tag; s++)
		if (!strcmp(s->tag, tag))
			return s;
	return NULL;
}
