/*
 * wire_resp_fuzzer.c: libFuzzer target for one response decoder of
 * wire_msgs.h, chosen at build time with -DFUZZ_API=<api key>, or for every
 * decoder of src/wire_apis.def with -DFUZZ_API=-1 (then a first byte more
 * picks the request from the registry's table).
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

static void decode(int16_t key, int16_t v, const uint8_t *b, size_t n)
{
	kd_arena a;
	char err[256];
	void *out;
	arena_init(&a);
	(void)wire_decode_any(key, b, n, v, &a, &out, err, sizeof(err));
	arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int16_t key = FUZZ_API;
	if (key < 0) {
		int n = 0;
		const wire_api_info *t = wire_api_table();
		while (t[n].name)
			n++;
		if (size < 1 || n == 0)
			return 0;
		key = t[data[0] % n].key;
		data++;
		size--;
	}
	const wire_api_info *info = wire_api_lookup(key);
	if (!info || size < 1)
		return 0;
	int16_t v = (int16_t)(info->min + data[0] % (info->max - info->min + 1));
	const uint8_t *body;
	size_t len;
	int32_t corr;
	char err[256];
	if (wire_frame_response(data + 1, size - 1, true, key, v, &corr,
				&body, &len, err, sizeof(err)) == 0)
		decode(key, v, body, len);
	decode(key, v, data + 1, size - 1);
	return 0;
}
