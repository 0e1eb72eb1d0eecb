/*
 * demo_answer.h: the Kafka requests the demo's proxies answer themselves
 * (what librdkafka's mock cluster lacks), and the mock's answers they
 * rewrite on the way back (Metadata: the proxies' addresses, the model's
 * ISR and controller; ApiVersions: the requests answered here).  Encoded
 * from the published schemas (the response side), from demo_model.h.
 * Used by demo_proxy.c only.
 */
#ifndef KDECK_DEMO_ANSWER_H
#define KDECK_DEMO_ANSWER_H

#include <stddef.h>
#include <stdint.h>

#include "demo_model.h"
#include "wire_buf.h"

typedef struct demo_answer_ctx {
	demo_model *model;
	int ports[DM_BROKERS + 1];      /* each broker's proxy */
	/* CreateTopics, which the mock has no request for: 0 or a Kafka
	 * error code */
	int (*create_topic)(void *ctx, const char *name, int partitions, int rf);
	void *create_ctx;
} demo_answer_ctx;

/* body: the request after its header's client id.  Returns 1 with the
 * response body in out when the demo answers it, 0 to forward it to the
 * mock broker. */
int demo_answer(const demo_answer_ctx *c, int broker, int16_t key, int16_t version,
		const uint8_t *body, size_t len, wire_wbuf *out);
/* Whether the response header of (key, version) is flexible (v1). */
int demo_answer_flex_header(int16_t key, int16_t version);
/* body: the mock's response after the correlation id.  Returns 1 with the
 * replacement in out, 0 to pass it through. */
int demo_rewrite(const demo_answer_ctx *c, int16_t key, int16_t version,
		 const uint8_t *body, size_t len, wire_wbuf *out);

#endif
