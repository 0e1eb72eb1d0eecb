/*
 * wire_groups_fuzzer.c: libFuzzer target for the consumer-group response
 * decoders (ListGroups, DescribeGroups, OffsetCommit, DeleteGroups,
 * ConsumerGroupDescribe), chosen
 * at build time with -DFUZZ_API=<api key>, and with -DFUZZ_API=0 for the
 * consumer protocol's member bytes alone.
 *
 * Input (API targets): one byte choosing the version, then a response
 * frame as a broker sends it (what tests/captures hold); the bytes are
 * also decoded as a bare body.  The members DescribeGroups yields have
 * their assignment and subscription bytes decoded too.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "wire_msgs.h"

#ifndef FUZZ_API
#error "build with -DFUZZ_API=<api key>"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void member_bytes(const uint8_t *assignment, size_t alen,
			 const uint8_t *metadata, size_t mlen, kd_arena *a)
{
	wire_consumer_assignment *as;
	wire_consumer_subscription *sub;
	char err[256];
	(void)wire_consumer_assignment_decode(assignment, alen, a, &as, err, sizeof(err));
	(void)wire_consumer_subscription_decode(metadata, mlen, a, &sub, err, sizeof(err));
}

#if FUZZ_API != 0
static void decode(int16_t v, const uint8_t *b, size_t n)
{
	kd_arena a;
	char err[256];
	void *out;
	arena_init(&a);
	/* every decoder through the registry's one entry; DescribeGroups'
	 * members' bytes too */
	if (wire_decode_any(FUZZ_API, b, n, v, &a, &out, err, sizeof(err)) == 0 &&
	    FUZZ_API == WIRE_API_DESCRIBE_GROUPS) {
		const wire_describegroups_resp *r = out;
		for (size_t g = 0; g < r->n_groups; g++)
			for (size_t m = 0; m < r->groups[g].n_members; m++) {
				const wire_group_member *gm = &r->groups[g].members[m];
				member_bytes(gm->assignment, gm->assignment_len,
					     gm->metadata, gm->metadata_len, &a);
			}
	}
	arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const wire_api_info *info = wire_api_lookup(FUZZ_API);
	if (!info || size < 1)
		return 0;
	int16_t v = (int16_t)(info->min + data[0] % (info->max - info->min + 1));
	const uint8_t *body;
	size_t len;
	int32_t corr;
	char err[256];
	if (wire_frame_response(data + 1, size - 1, true, FUZZ_API, v, &corr,
				&body, &len, err, sizeof(err)) == 0)
		decode(v, body, len);
	decode(v, data + 1, size - 1);
	return 0;
}
#else
/* The consumer protocol's bytes alone: the input is one member's bytes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kd_arena a;
	arena_init(&a);
	member_bytes(data, size, data, size, &a);
	arena_free(&a);
	return 0;
}
#endif
