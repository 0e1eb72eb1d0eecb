/*
 * sasl_bridge.h: SCRAM for librdkafka handles whose librdkafka gets it
 * wrong.
 *
 * librdkafka before 2.6.1 (Debian 12 ships 2.0.2) repeats the client nonce
 * in its SCRAM final message; Kafka 4.x checks the nonce strictly, as
 * RFC 5802 says, and refuses every such login ("invalid credentials").
 * For those handles kdeck's own connection code does the security: the
 * handle speaks plaintext to a loopback bridge inside kdeck, and the
 * bridge opens each of its connections to the broker with kdeck's TLS and
 * SASL (security.h), then passes the bytes both ways untouched.
 *
 * The bridge serves the handles of the whole process; it has no session
 * re-authentication (KIP-368): a broker that ends the session closes the
 * connection, and librdkafka reconnects through a new, fresh login.
 */
#ifndef KDECK_SASL_BRIDGE_H
#define KDECK_SASL_BRIDGE_H

#include <stdbool.h>
#include <stddef.h>

#include "wire_conn.h"

/* True when these properties need the bridge: a SCRAM mechanism with a
 * librdkafka older than 2.6.1, or kdeck.sasl.bridge=on (off: never). */
bool sasl_bridge_wanted(wire_prop_fn prop, void *ctx);

/* True for a property the bridge takes over from librdkafka. */
bool sasl_bridge_owns_key(const char *key);

/* Make conf speak through the bridge (started on first use, with a copy
 * of the properties): plaintext and a connect callback.  0, or -1 with
 * err (a bad security setting, named by property). */
struct rd_kafka_conf_s;
int sasl_bridge_conf(struct rd_kafka_conf_s *conf, wire_prop_fn prop, void *ctx,
		     const char *const *keys, size_t n_keys, char *err, size_t errlen);

#endif
