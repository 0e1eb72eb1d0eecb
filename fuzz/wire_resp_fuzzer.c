/*
 * wire_resp_fuzzer.c: libFuzzer target for one response decoder of
 * wire_msgs.h, chosen at build time with -DFUZZ_API=<api key>.
 *
 * Input: one byte choosing the version (min + byte % number of versions),
 * then a response frame as a broker sends it (int32 size, header, body),
 * which is what tests/captures hold.  The same bytes are also decoded as a
 * bare body, so inputs whose frame is broken still reach the decoder.
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

static void decode(int16_t v, const uint8_t *b, size_t n)
{
	kd_arena a;
	char err[256];
	void *out;
	arena_init(&a);
	switch (FUZZ_API) {
	case WIRE_API_API_VERSIONS:
		(void)wire_apiversions_resp_decode(b, n, v, &a, (wire_apiversions_resp **)&out, err, sizeof(err));
		break;
	case WIRE_API_METADATA:
		(void)wire_metadata_resp_decode(b, n, v, &a, (wire_metadata_resp **)&out, err, sizeof(err));
		break;
	case WIRE_API_DESCRIBE_CLUSTER:
		(void)wire_describecluster_resp_decode(b, n, v, &a, (wire_describecluster_resp **)&out, err, sizeof(err));
		break;
	case WIRE_API_DESCRIBE_LOG_DIRS:
		(void)wire_describelogdirs_resp_decode(b, n, v, &a, (wire_describelogdirs_resp **)&out, err, sizeof(err));
		break;
	case WIRE_API_LIST_OFFSETS:
		(void)wire_listoffsets_resp_decode(b, n, v, &a, (wire_listoffsets_resp **)&out, err, sizeof(err));
		break;
	case WIRE_API_DESCRIBE_QUORUM:
		(void)wire_describequorum_resp_decode(b, n, v, &a, (wire_describequorum_resp **)&out, err, sizeof(err));
		break;
	case WIRE_API_OFFSET_FETCH:
		(void)wire_offsetfetch_resp_decode(b, n, v, &a, (wire_offsetfetch_resp **)&out, err, sizeof(err));
		break;
	case WIRE_API_FIND_COORDINATOR:
		(void)wire_findcoordinator_resp_decode(b, n, v, &a, (wire_findcoordinator_resp **)&out, err, sizeof(err));
		break;
	case WIRE_API_SASL_HANDSHAKE:
		(void)wire_saslhandshake_resp_decode(b, n, v, &a, (wire_saslhandshake_resp **)&out, err, sizeof(err));
		break;
	case WIRE_API_SASL_AUTHENTICATE:
		(void)wire_saslauth_resp_decode(b, n, v, &a, (wire_saslauth_resp **)&out, err, sizeof(err));
		break;
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
