/*
 * wire_scenarios.h: the requests tests/tools/wire_capture sends to a real
 * broker, shared with the unit tests so that they can re-encode each
 * captured request and compare it byte for byte.
 */
#ifndef KDECK_WIRE_SCENARIOS_H
#define KDECK_WIRE_SCENARIOS_H

#include <stddef.h>
#include <stdint.h>

#include "wire_buf.h"

typedef int (*wire_scenario_encode)(wire_wbuf *w, int16_t v, char *err, size_t errlen);

typedef struct wire_scenario {
	const char *tag;        /* file name prefix: <tag>-v<N>-<kafka>.req.bin */
	int16_t api_key;
	int16_t from, to;       /* versions to try; a broker may have fewer */
	wire_scenario_encode encode;
} wire_scenario;

/* Terminated by a row with tag NULL. */
extern const wire_scenario wire_scenarios[];
const wire_scenario *wire_scenario_find(const char *tag);

#endif
