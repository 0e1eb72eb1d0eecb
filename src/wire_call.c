/* wire_call.c: see wire_call.h. */
#include "config.h"

#include "wire_call.h"

#include <stdio.h>
#include <string.h>

/* The version to use for key, or WIRE_ERR_UNSUPPORTED with a message a
 * pane can show as it is. */
static int pick_version(wire_conn *c, int16_t key, int16_t *v, char *err, size_t errlen)
{
	const wire_api_info *info = wire_api_lookup(key);
	int got = wire_conn_version(c, key, info->min, info->max);
	if (got >= 0) {
		*v = (int16_t)got;
		return WIRE_OK;
	}
	const wire_apiversions_resp *av = wire_conn_api_versions(c);
	const wire_api_range *r = NULL;
	for (size_t i = 0; av && i < av->n_apis; i++)
		if (av->apis[i].api_key == key)
			r = &av->apis[i];
	if (r)
		snprintf(err, errlen, "%s n/a on this broker (%s:%d speaks v%d-v%d%s, "
			 "kdeck v%d-v%d)", info->name, wire_conn_host(c),
			 wire_conn_port(c), r->min, r->max,
			 wire_conn_version(c, key, 0, INT16_MAX) < 0 ? " capped" : "",
			 info->min, info->max);
	else
		snprintf(err, errlen, "%s n/a on this broker (%s:%d does not offer it)",
			 info->name, wire_conn_host(c), wire_conn_port(c));
	return WIRE_ERR_UNSUPPORTED;
}

/* Send an encoded body and hand back the response body. */
static int round_trip(wire_conn *c, int16_t key, int16_t v, wire_wbuf *w,
		      const uint8_t **body, size_t *len, char *err, size_t errlen)
{
	int rc = wire_conn_request(c, key, v, w->data, w->len, body, len, err, errlen);
	wire_wbuf_free(w);
	return rc;
}

static int encode_failed(wire_wbuf *w, const char *why, char *err, size_t errlen)
{
	wire_wbuf_free(w);
	snprintf(err, errlen, "%s", why);
	return WIRE_ERR_CONFIG;
}

static int decode_failed(wire_conn *c, const char *why, char *err, size_t errlen)
{
	snprintf(err, errlen, "broker %s:%d: %s", wire_conn_host(c),
		 wire_conn_port(c), why);
	return WIRE_ERR_PROTOCOL;
}

/* One call at version v, for the APIs whose request goes out as it is. */
#define WIRE_CALL_AT(name, KEY, reqtype, resptype)                             \
static int call_##name##_at(wire_conn *c, int16_t v, const reqtype *req,      \
			    kd_arena *a, resptype **out, char *err,           \
			    size_t errlen)                                    \
{                                                                             \
	char why[256];                                                        \
	wire_wbuf w;                                                          \
	const uint8_t *body;                                                  \
	size_t len;                                                           \
	wire_wbuf_init(&w);                                                   \
	if (wire_##name##_req_encode(&w, v, req, why, sizeof(why)))           \
		return encode_failed(&w, why, err, errlen);                   \
	int rc = round_trip(c, KEY, v, &w, &body, &len, err, errlen);         \
	if (rc)                                                               \
		return rc;                                                    \
	if (wire_##name##_resp_decode(body, len, v, a, out, why, sizeof(why)))\
		return decode_failed(c, why, err, errlen);                    \
	return WIRE_OK;                                                       \
}

#define WIRE_CALL(name, KEY, reqtype, resptype)                                \
WIRE_CALL_AT(name, KEY, reqtype, resptype)                                    \
int wire_call_##name(wire_conn *c, const reqtype *req, kd_arena *a,           \
		     resptype **out, int16_t *version, char *err,             \
		     size_t errlen)                                           \
{                                                                             \
	int16_t v;                                                            \
	int rc = pick_version(c, KEY, &v, err, errlen);                       \
	if (rc)                                                               \
		return rc;                                                    \
	if (version)                                                          \
		*version = v;                                                 \
	return call_##name##_at(c, v, req, a, out, err, errlen);              \
}

/* Every request with a plain wrapper (wire_apis.def, call GEN). */
#define WIRE_CALL_GEN(stem, e) \
	WIRE_CALL(stem, WIRE_API_##e, wire_##stem##_req, wire_##stem##_resp)
#define WIRE_CALL_OWN(stem, e)
#define WIRE_CALL_CONN(stem, e)
#define WIRE_API(e, key, name, min, max, flex, stem, call) WIRE_CALL_##call(stem, e)
#include "wire_apis.def"
#undef WIRE_API

WIRE_CALL_AT(offsetfetch, WIRE_API_OFFSET_FETCH, wire_offsetfetch_req,
	     wire_offsetfetch_resp)
WIRE_CALL_AT(findcoordinator, WIRE_API_FIND_COORDINATOR,
	     wire_findcoordinator_req, wire_findcoordinator_resp)

/* Before v8 OffsetFetch asks for one group: one request per group, the
 * answers merged into one batched response. */
int wire_call_offsetfetch(wire_conn *c, const wire_offsetfetch_req *req,
			  kd_arena *a, wire_offsetfetch_resp **out,
			  int16_t *version, char *err, size_t errlen)
{
	int16_t v;
	int rc = pick_version(c, WIRE_API_OFFSET_FETCH, &v, err, errlen);
	if (rc)
		return rc;
	if (version)
		*version = v;
	if (v >= 8)
		return call_offsetfetch_at(c, v, req, a, out, err, errlen);

	wire_offsetfetch_resp *all = arena_alloc(a, sizeof(*all));
	if (req->n_groups)
		all->groups = arena_calloc(a, req->n_groups, sizeof(*all->groups));
	for (size_t i = 0; i < req->n_groups; i++) {
		wire_offsetfetch_req one = { &req->groups[i], 1, req->require_stable };
		wire_offsetfetch_resp *r;
		rc = call_offsetfetch_at(c, v, &one, a, &r, err, errlen);
		if (rc)
			return rc;
		all->groups[i] = r->groups[0];
		all->groups[i].group_id = arena_strdup(a, req->groups[i].group_id);
		if (r->throttle_ms > all->throttle_ms)
			all->throttle_ms = r->throttle_ms;
	}
	all->n_groups = req->n_groups;
	*out = all;
	return WIRE_OK;
}

/* Before v4 FindCoordinator looks up one key: one request per key. */
int wire_call_findcoordinator(wire_conn *c, const wire_findcoordinator_req *req,
			      kd_arena *a, wire_findcoordinator_resp **out,
			      int16_t *version, char *err, size_t errlen)
{
	int16_t v;
	int rc = pick_version(c, WIRE_API_FIND_COORDINATOR, &v, err, errlen);
	if (rc)
		return rc;
	if (version)
		*version = v;
	if (v >= 4)
		return call_findcoordinator_at(c, v, req, a, out, err, errlen);

	wire_findcoordinator_resp *all = arena_alloc(a, sizeof(*all));
	if (req->n_keys)
		all->coordinators = arena_calloc(a, req->n_keys, sizeof(*all->coordinators));
	for (size_t i = 0; i < req->n_keys; i++) {
		wire_findcoordinator_req one = { req->key_type, &req->keys[i], 1 };
		wire_findcoordinator_resp *r;
		rc = call_findcoordinator_at(c, v, &one, a, &r, err, errlen);
		if (rc)
			return rc;
		all->coordinators[i] = r->coordinators[0];
		all->coordinators[i].key = arena_strdup(a, req->keys[i]);
		if (r->throttle_ms > all->throttle_ms)
			all->throttle_ms = r->throttle_ms;
	}
	all->n_coordinators = req->n_keys;
	*out = all;
	return WIRE_OK;
}
