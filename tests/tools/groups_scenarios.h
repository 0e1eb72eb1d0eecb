/*
 * groups_scenarios.h: the consumer-group requests tests/tools/groups_capture
 * sends to a real broker (tests/tools/groups-capture.sh sets up the data),
 * shared with tests/unit/test_wire_groups.c, which re-encodes every captured
 * request and compares it byte for byte.
 */
#ifndef KDECK_GROUPS_SCENARIOS_H
#define KDECK_GROUPS_SCENARIOS_H

#include <stddef.h>
#include <stdint.h>

#include "wire_buf.h"

typedef int (*groups_scenario_encode)(wire_wbuf *w, int16_t v, char *err, size_t errlen);

typedef struct groups_scenario {
	const char *tag;        /* file name prefix: <tag>-v<N>-<kafka>.req.bin */
	int16_t api_key;
	int16_t from, to;       /* versions to try; a broker may have fewer */
	groups_scenario_encode encode;
} groups_scenario;

/* In the order they are sent; terminated by a row with tag NULL. */
extern const groups_scenario groups_scenarios[];
const groups_scenario *groups_scenario_find(const char *tag);

#endif
