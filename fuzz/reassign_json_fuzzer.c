/*
 * reassign_json_fuzzer.c: libFuzzer target for plan files in the JSON of
 * the Apache kafka-reassign-partitions tool (src/reassign_json.c), which
 * operators hand to `kdeck reassign execute --plan`.  Any input either
 * parses into moves whose replica lists fit RP_MAX_RF, or is refused with
 * a message; a parsed plan written back parses to the same moves.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reassign_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512] = "";
	char *text = malloc(size + 1);
	rp_plan p, q;

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	if (rp_plan_from_json(text, &p, err, sizeof(err))) {
		if (!err[0])
			abort();                /* a refusal always says why */
		free(text);
		return 0;
	}
	for (int i = 0; i < p.n_moves; i++)
		if (p.moves[i].n_new < 0 || p.moves[i].n_new > RP_MAX_RF || !p.moves[i].topic)
			abort();
	char *back = rp_plan_to_json(&p, false);
	if (!back || rp_plan_from_json(back, &q, err, sizeof(err)))
		abort();
	if (q.n_moves != p.n_moves)
		abort();
	for (int i = 0; i < p.n_moves; i++)
		if (strcmp(p.moves[i].topic, q.moves[i].topic) ||
		    p.moves[i].partition != q.moves[i].partition ||
		    p.moves[i].n_new != q.moves[i].n_new ||
		    memcmp(p.moves[i].new_replicas, q.moves[i].new_replicas,
			   (size_t)p.moves[i].n_new * sizeof(int32_t)))
			abort();
	rp_plan_free(&q);
	free(back);
	rp_plan_free(&p);
	free(text);
	return 0;
}
