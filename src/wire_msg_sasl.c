/* wire_msg_sasl.c: SaslHandshake and SaslAuthenticate; see wire_msgs.h. */
#include "config.h"

#include "wire_msgs.h"
#include "wire_msgs_int.h"

#include <stdio.h>

int wire_saslhandshake_req_encode(wire_wbuf *w, int16_t version,
				  const char *mechanism, char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_SASL_HANDSHAKE, version, "request", err, errlen))
		return -1;
	size_t start = w->len;
	wire_wbuf_put_str(w, mechanism, false);
	return wire_msg_finish_encode(w, start, WIRE_API_SASL_HANDSHAKE, version, err, errlen);
}

int wire_saslhandshake_resp_decode(const void *body, size_t len, int16_t version,
				   kd_arena *a, wire_saslhandshake_resp **out,
				   char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_SASL_HANDSHAKE, version, "response", err, errlen))
		return -1;
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_saslhandshake_resp *resp = arena_alloc(a, sizeof(*resp));
	resp->error_code = wire_rbuf_i16(&r);
	int32_t n = wire_rbuf_array_len(&r, false, false, 2);
	resp->mechanisms = WIRE_ALLOC_ARRAY(&r, a, n, char *);
	for (int32_t i = 0; i < n && !r.failed; i++)
		resp->mechanisms[i] = wire_rbuf_str(&r, a, false, false);
	resp->n_mechanisms = n > 0 ? (size_t)n : 0;
	if (wire_msg_finish_decode(&r, WIRE_API_SASL_HANDSHAKE, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}

int wire_saslauth_req_encode(wire_wbuf *w, int16_t version,
			     const uint8_t *auth, size_t len,
			     char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_SASL_AUTHENTICATE, version, "request", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_SASL_AUTHENTICATE, version);
	size_t start = w->len;
	wire_wbuf_put_bytes(w, auth, len, flex);
	if (flex)
		wire_wbuf_put_no_tags(w);
	return wire_msg_finish_encode(w, start, WIRE_API_SASL_AUTHENTICATE, version, err, errlen);
}

int wire_saslauth_resp_decode(const void *body, size_t len, int16_t version,
			      kd_arena *a, wire_saslauth_resp **out,
			      char *err, size_t errlen)
{
	if (wire_msg_check_version(WIRE_API_SASL_AUTHENTICATE, version, "response", err, errlen))
		return -1;
	bool flex = wire_api_flexible(WIRE_API_SASL_AUTHENTICATE, version);
	wire_rbuf r;
	wire_rbuf_init(&r, body, len);
	wire_saslauth_resp *resp = arena_alloc(a, sizeof(*resp));
	resp->error_code = wire_rbuf_i16(&r);
	resp->error_message = wire_rbuf_str(&r, a, flex, true);
	wire_rbuf_bytes(&r, flex, &resp->auth_bytes, &resp->n_auth_bytes);
	resp->session_lifetime_ms = version >= 1 ? wire_rbuf_i64(&r) : 0;
	if (flex)
		wire_rbuf_tags(&r, NULL, NULL);
	if (wire_msg_finish_decode(&r, WIRE_API_SASL_AUTHENTICATE, version, err, errlen))
		return -1;
	*out = resp;
	return 0;
}
