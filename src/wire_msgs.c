/* wire_msgs.c: the API table, request/response framing and error names.
 * The messages themselves are in wire_msg_*.c. */
#include "config.h"

#include "wire_msgs.h"
#include "wire_msgs_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Versions are those of the published schemas that kdeck decodes. */
static const wire_api_info api_table[] = {
#define WIRE_API(e, key, name, min, max, flex, stem, call) { WIRE_API_##e, name, min, max, flex },
#include "wire_apis.def"
#undef WIRE_API
	{ 0, NULL, 0, 0, 0 },
};

const wire_api_info *wire_api_table(void)
{
	return api_table;
}

const wire_api_info *wire_api_lookup(int16_t key)
{
	for (const wire_api_info *i = api_table; i->name; i++)
		if (i->key == key)
			return i;
	return NULL;
}

const wire_api_info *wire_api_by_name(const char *name)
{
	for (const wire_api_info *i = api_table; i->name; i++)
		if (!strcasecmp(i->name, name))
			return i;
	return NULL;
}

const char *wire_api_name(int16_t key)
{
	static _Thread_local char buf[16];
	const wire_api_info *i = wire_api_lookup(key);
	if (i)
		return i->name;
	snprintf(buf, sizeof(buf), "api %d", key);
	return buf;
}

bool wire_api_flexible(int16_t key, int16_t version)
{
	const wire_api_info *i = wire_api_lookup(key);
	return i && i->flex_from >= 0 && version >= i->flex_from;
}

int wire_msg_check_version(int16_t key, int16_t version, const char *what,
			   char *err, size_t errlen)
{
	const wire_api_info *i = wire_api_lookup(key);
	if (i && version >= i->min && version <= i->max)
		return 0;
	if (i)
		snprintf(err, errlen, "%s %s v%d: kdeck speaks v%d to v%d",
			 i->name, what, version, i->min, i->max);
	else
		snprintf(err, errlen, "api %d is not known to kdeck", key);
	return -1;
}

int wire_msg_finish_encode(wire_wbuf *w, size_t start, int16_t key,
			   int16_t version, char *err, size_t errlen)
{
	if (!w->failed)
		return 0;
	snprintf(err, errlen, "%s v%d request: a value is too long to encode",
		 wire_api_name(key), version);
	w->len = start;
	w->failed = false;
	return -1;
}

int wire_msg_finish_decode(wire_rbuf *r, int16_t key, int16_t version,
			   char *err, size_t errlen)
{
	wire_rbuf_expect_end(r);
	if (!r->failed)
		return 0;
	snprintf(err, errlen, "%s v%d response: %s", wire_api_name(key),
		 version, r->err);
	return -1;
}

/* ---------------------------------------------------------------------
 * Framing
 * ------------------------------------------------------------------- */

int wire_frame_request(wire_wbuf *w, int16_t api_key, int16_t version,
		       int32_t correlation_id, const char *client_id,
		       const void *body, size_t body_len,
		       char *err, size_t errlen)
{
	const wire_api_info *i = wire_api_lookup(api_key);
	if (!i) {
		snprintf(err, errlen, "api %d is not known to kdeck", api_key);
		return -1;
	}
	size_t start = w->len;
	wire_wbuf_put_i32(w, 0);        /* size, patched below */
	wire_wbuf_put_i16(w, api_key);
	wire_wbuf_put_i16(w, version);
	wire_wbuf_put_i32(w, correlation_id);
	/* The client id stays a classic string even in header v2. */
	wire_wbuf_put_str(w, client_id, false);
	if (wire_api_flexible(api_key, version))
		wire_wbuf_put_no_tags(w);
	wire_wbuf_put_raw(w, body, body_len);
	if (w->failed) {
		snprintf(err, errlen, "%s v%d: request too large or out of memory",
			 i->name, version);
		w->len = start;
		w->failed = false;
		return -1;
	}
	wire_wbuf_patch_i32(w, start, (int32_t)(w->len - start - 4));
	return 0;
}

int wire_frame_response(const void *frame, size_t len, bool has_size,
			int16_t api_key, int16_t version,
			int32_t *correlation_id,
			const uint8_t **body, size_t *body_len,
			char *err, size_t errlen)
{
	wire_rbuf r;
	wire_rbuf_init(&r, frame, len);
	if (has_size) {
		int32_t size = wire_rbuf_i32(&r);
		if (!r.failed && (size < 4 || (size_t)size != wire_rbuf_remaining(&r)))
			wire_rbuf_fail(&r, "frame size %d does not match its %zu bytes",
				       size, wire_rbuf_remaining(&r));
	}
	int32_t corr = wire_rbuf_i32(&r);
	/* ApiVersions answers with header v0 whatever its version, so that a
	 * client can read it before it knows what the broker speaks. */
	if (api_key != WIRE_API_API_VERSIONS && wire_api_flexible(api_key, version))
		wire_rbuf_tags(&r, NULL, NULL);
	if (r.failed) {
		snprintf(err, errlen, "%s v%d response header: %s",
			 wire_api_name(api_key), version, r.err);
		return -1;
	}
	*correlation_id = corr;
	*body = r.p + r.off;
	*body_len = wire_rbuf_remaining(&r);
	return 0;
}

/* ---------------------------------------------------------------------
 * Error codes
 * ------------------------------------------------------------------- */

static const char *const error_names[] = {
#define WIRE_KERR(name, code) [code] = #name,
#include "wire_errors.def"
#undef WIRE_KERR
};

const char *wire_error_name(int16_t code, char *buf, size_t buflen)
{
	if (code == -1)
		return "UNKNOWN_SERVER_ERROR";
	if (code >= 0 && (size_t)code < sizeof(error_names) / sizeof(error_names[0]) &&
	    error_names[code])
		return error_names[code];
	snprintf(buf, buflen, "UNKNOWN(%d)", code);
	return buf;
}

int wire_decode_any(int16_t key, const void *body, size_t len, int16_t version, kd_arena *a,
		    void **out, char *err, size_t errlen)
{
	switch (key) {
#define WIRE_API(e, k, name, min, max, flex, stem, call)                         \
	case WIRE_API_##e:                                                     \
		return wire_##stem##_resp_decode(body, len, version, a,        \
						 (wire_##stem##_resp **)out, err, errlen);
#include "wire_apis.def"
#undef WIRE_API
	}
	snprintf(err, errlen, "api %d is not known to kdeck", key);
	return -1;
}
