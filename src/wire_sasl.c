/* wire_sasl.c: see wire_sasl.h. */
#include "config.h"

#include "wire_sasl.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "wire_msgs.h"

/* SASL_AUTHENTICATION_FAILED, UNSUPPORTED_SASL_MECHANISM, ILLEGAL_SASL_STATE */
#define KERR_UNSUPPORTED_SASL_MECHANISM 33
#define KERR_ILLEGAL_SASL_STATE 34
#define KERR_SASL_AUTHENTICATION_FAILED 58

/* A broker's text for an operator's eyes: printable ASCII only, so a
 * hostile broker cannot put control sequences into kdeck's messages. */
static void clean_text(char *dst, size_t dstlen, const char *src)
{
	size_t j = 0;
	for (size_t i = 0; src && src[i] && j + 1 < dstlen; i++) {
		unsigned char ch = (unsigned char)src[i];
		dst[j++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	if (dstlen)
		dst[j] = '\0';
}

/* The mechanisms a listener offers, "PLAIN, SCRAM-SHA-256". */
static void list_mechs(const wire_saslhandshake_resp *hs, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < hs->n_mechanisms && used + 1 < len; i++) {
		char m[64];
		clean_text(m, sizeof(m), hs->mechanisms[i]);
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", m);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	if (!buf[0])
		snprintf(buf, len, "none");
}

static int handshake(wire_conn *c, const char *mech, kd_arena *a, char *err, size_t errlen)
{
	wire_wbuf body;
	const uint8_t *resp;
	size_t len;
	wire_saslhandshake_resp *hs;
	char why[384];

	if (wire_conn_version(c, WIRE_API_SASL_HANDSHAKE, 1, 1) < 0) {
		snprintf(err, errlen, "the broker does not speak SaslHandshake v1 "
			 "(Kafka 1.0 or newer is needed for SASL)");
		return WIRE_ERR_UNSUPPORTED;
	}
	wire_wbuf_init(&body);
	int rc = WIRE_ERR_CONFIG;
	if (wire_saslhandshake_req_encode(&body, 1, mech, err, errlen) == 0) {
		rc = wire_conn_request(c, WIRE_API_SASL_HANDSHAKE, 1, body.data, body.len,
				       &resp, &len, err, errlen);
		if (rc == WIRE_OK &&
		    wire_saslhandshake_resp_decode(resp, len, 1, a, &hs, why, sizeof(why))) {
			snprintf(err, errlen, "%s", why);
			rc = WIRE_ERR_PROTOCOL;
		}
	}
	wire_wbuf_free(&body);
	if (rc)
		return rc;
	if (hs->error_code == KERR_UNSUPPORTED_SASL_MECHANISM) {
		list_mechs(hs, why, sizeof(why));
		snprintf(err, errlen, "authentication failed (%s): this listener does not "
			 "enable %s; it offers %s (see sasl.mechanism)", mech, mech, why);
		return WIRE_ERR_AUTH;
	}
	if (hs->error_code) {
		char nb[32];
		snprintf(err, errlen, "SaslHandshake: %s",
			 wire_error_name(hs->error_code, nb, sizeof(nb)));
		return WIRE_ERR_BROKER;
	}
	return WIRE_OK;
}

/* One SaslAuthenticate round trip; *out points into the connection's
 * buffer until its next request. */
static int authenticate_round(wire_conn *c, int16_t version, const char *mech,
			      const uint8_t *msg, size_t msglen, kd_arena *a,
			      wire_saslauth_resp **out, char *err, size_t errlen)
{
	wire_wbuf body;
	const uint8_t *resp;
	size_t len;
	char why[384];

	wire_wbuf_init(&body);
	int rc = WIRE_ERR_CONFIG;
	if (wire_saslauth_req_encode(&body, version, msg, msglen, err, errlen) == 0) {
		rc = wire_conn_request(c, WIRE_API_SASL_AUTHENTICATE, version, body.data,
				       body.len, &resp, &len, err, errlen);
		if (rc == WIRE_OK &&
		    wire_saslauth_resp_decode(resp, len, version, a, out, why, sizeof(why))) {
			snprintf(err, errlen, "%s", why);
			rc = WIRE_ERR_PROTOCOL;
		}
	}
	/* the request held a password or proof */
	if (body.data)
		memset(body.data, 0, body.cap);
	wire_wbuf_free(&body);
	if (rc)
		return rc;
	if ((*out)->error_code) {
		char nb[32], msgtxt[256];
		clean_text(msgtxt, sizeof(msgtxt), (*out)->error_message);
		snprintf(err, errlen, "authentication failed (%s): %s", mech,
			 msgtxt[0] ? msgtxt :
			 wire_error_name((*out)->error_code, nb, sizeof(nb)));
		return (*out)->error_code == KERR_SASL_AUTHENTICATION_FAILED ||
		       (*out)->error_code == KERR_ILLEGAL_SASL_STATE ?
			WIRE_ERR_AUTH : WIRE_ERR_BROKER;
	}
	return WIRE_OK;
}

int wire_sasl_authenticate(wire_conn *c, const sasl_creds *creds,
			   char *err, size_t errlen)
{
	kd_arena a;
	char why[384];
	int rc;

	sasl_mech *m = sasl_mech_new(creds, why, sizeof(why));
	if (!m) {
		snprintf(err, errlen, "%s", why);
		return WIRE_ERR_CONFIG;
	}
	const char *mech = sasl_mech_name(m);
	int version = wire_conn_version(c, WIRE_API_SASL_AUTHENTICATE, 0, 2);
	if (version < 0) {
		snprintf(err, errlen, "the broker does not speak SaslAuthenticate "
			 "(Kafka 1.0 or newer is needed for SASL)");
		sasl_mech_free(m);
		return WIRE_ERR_UNSUPPORTED;
	}
	arena_init(&a);
	rc = handshake(c, mech, &a, err, errlen);
	const uint8_t *in = NULL, *out;
	size_t inlen = 0, outlen;
	int64_t lifetime = 0;
	/* A mechanism needs at most a few rounds; a broker that keeps
	 * answering is not allowed to keep us here. */
	for (int round = 0; rc == WIRE_OK; round++) {
		int st = sasl_mech_step(m, in, inlen, &out, &outlen, why, sizeof(why));
		if (st == SASL_MECH_DONE)
			break;
		if (st != SASL_MECH_SEND) {
			snprintf(err, errlen, "authentication failed (%s): %s", mech, why);
			rc = WIRE_ERR_AUTH;
			break;
		}
		if (round >= 8) {
			snprintf(err, errlen, "authentication failed (%s): too many rounds", mech);
			rc = WIRE_ERR_PROTOCOL;
			break;
		}
		wire_saslauth_resp *r;
		rc = authenticate_round(c, (int16_t)version, mech, out, outlen, &a, &r,
					err, errlen);
		if (rc == WIRE_OK) {
			in = r->auth_bytes;
			inlen = r->n_auth_bytes;
			lifetime = r->session_lifetime_ms;
		}
	}
	if (rc == WIRE_OK)
		wire_conn_set_session_lifetime(c, lifetime);
	sasl_mech_free(m);
	arena_free(&a);
	return rc;
}
