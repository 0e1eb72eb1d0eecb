/*
 * wire_pool.h: kdeck's own connections to the brokers, one per broker,
 * owned by the collector thread (not thread safe: one user at a time).
 *
 * A broker's connection is opened on first use and reopened after it
 * broke; a broker that failed to connect is not retried before a backoff,
 * so a dead broker costs one timeout per backoff, not one per request.
 * Every connection reads the same -X properties as librdkafka (the
 * security layer plugs in under wire_conn).
 */
#ifndef KDECK_WIRE_POOL_H
#define KDECK_WIRE_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "wire_conn.h"

typedef struct wire_pool wire_pool;

/* bootstrap: "host:port[,host:port...]"; o: the -X properties (kept by
 * reference: o must outlive the pool). */
wire_pool *wire_pool_new(const char *bootstrap, const kd_options *o,
			 char *err, size_t errlen);
void wire_pool_free(wire_pool *p);

/* Start a round (a poll), when no connection is in use: closes the
 * connections replaced since the last round and forgets brokers metadata
 * has not named for a long while. */
void wire_pool_new_round(wire_pool *p);

/* Tell the pool where broker id lives now (from metadata).  A connection
 * it replaces stays open until the next round: callers may hold it.  Ids
 * below 0 are ignored. */
void wire_pool_set_broker(wire_pool *p, int32_t id, const char *host, int port);

/* The connection to broker id, opened if needed; NULL with err filled when
 * it cannot be had now (unknown broker, connect failed, in backoff). */
wire_conn *wire_pool_get(wire_pool *p, int32_t id, char *err, size_t errlen);

/* Any working connection: a known broker's, else a bootstrap server's.
 * For cluster-wide requests (Metadata, DescribeQuorum). */
wire_conn *wire_pool_any(wire_pool *p, char *err, size_t errlen);

/* After a request failed on c with a connection error: drop c (it will be
 * reopened after the backoff); why (the request's error) is what callers
 * get for this broker until then. */
void wire_pool_failed(wire_pool *p, wire_conn *c, const char *why);

/* The property getter the pool uses, for callers that open their own. */
const wire_conn_opts *wire_pool_opts(const wire_pool *p);

/* "SASL_SSL/SCRAM-SHA-512": how the pool's connections are secured. */
const char *wire_pool_security(const wire_pool *p);
/* The WIRE_ERR_* of the last connection that failed to open (0: none). */
int wire_pool_last_open_error(const wire_pool *p);

/* Requests sent through the pool's connections since it was created. */
uint64_t wire_pool_requests(const wire_pool *p);

#endif
