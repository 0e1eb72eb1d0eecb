/*
 * security.h: the one place that turns the security properties (-X, the
 * config file's context) into settings, for kdeck's own connections and
 * for every librdkafka handle, so the two can never disagree.
 *
 *   security.protocol   plaintext | ssl | sasl_plaintext | sasl_ssl
 *   sasl.mechanism      PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512 | OAUTHBEARER |
 *                       AWS_MSK_IAM (OAUTHBEARER with the MSK IAM token;
 *                       kdeck.msk.region, else the AWS region chain)
 *                       (GSSAPI: librdkafka only, see doc/security.md)
 *   sasl.username, sasl.password
 *   sasl.oauthbearer.config + enable.sasl.oauthbearer.unsecure.jwt=true:
 *                       an unsigned JWT, as librdkafka builds it (tests)
 *   kdeck.sasl.oauthbearer.token: a static token for both (tests, scripts)
 *   ssl.*               see wire_tls.h
 *
 * An OAUTHBEARER token provider (MSK IAM later) plugs in with
 * security_set_token_provider and then serves both sides too.
 */
#ifndef KDECK_SECURITY_H
#define KDECK_SECURITY_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "sasl_mech.h"
#include "wire_conn.h"

typedef struct kd_security kd_security;

/* Read and check the properties, load TLS material.  NULL with err for a
 * bad value (named by property, never quoting a secret). */
kd_security *security_new(wire_prop_fn prop, void *prop_ctx, char *err, size_t errlen);
void security_free(kd_security *s);

/* Set o's wrap and authenticate hooks.  When kdeck's own code cannot
 * speak these settings (GSSAPI, OIDC) no hook is set, and opening a
 * connection fails with WIRE_ERR_CONFIG: the collector then falls back
 * to librdkafka. */
void security_conn_hooks(kd_security *s, wire_conn_opts *o);

/* "SASL_SSL/SCRAM-SHA-512", "SSL", "PLAINTEXT". */
const char *security_describe(const kd_security *s);
/* NULL when kdeck's own connections can use these settings, else why not. */
const char *security_wire_gap(const kd_security *s);

/* Replace the OAUTHBEARER token source (MSK IAM). */
void security_set_token_provider(kd_security *s, sasl_token_fn fn, void *ctx);

/* librdkafka's side: after the -X properties were set on conf, install
 * what librdkafka cannot take as a property (the OAUTHBEARER token
 * callback).  Returns 0, or -1 with err. */
struct rd_kafka_conf_s;
int security_rdkafka_conf(struct rd_kafka_conf_s *conf, wire_prop_fn prop,
			  void *prop_ctx, char *err, size_t errlen);

/* After rd_kafka_new() on a conf made with security_rdkafka_conf: serve
 * the token callback from librdkafka's background thread. */
struct rd_kafka_s;
void security_rdkafka_started(struct rd_kafka_s *rk);

/* sasl.mechanism=AWS_MSK_IAM: OAUTHBEARER with the MSK IAM token, for
 * both sides (librdkafka does not know the name: it gets OAUTHBEARER). */
bool security_is_msk_iam(wire_prop_fn prop, void *ctx);

/* Make the process non-dumpable when a property holds a secret. */
void security_protect_process(const kd_options *o);

/* True for a property whose value must never be shown. */
bool security_secret_key(const char *key);

#endif
