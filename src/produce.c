/* produce.c: see produce.h. */
#include "config.h"

#include "produce.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <string.h>

#include "kafka_client.h"
#include "log.h"
#include "security.h"

typedef struct delivery {
	rd_kafka_resp_err_t err;
	int32_t partition;
	int64_t offset;
	int done;
} delivery;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	(void)rk;
	(void)opaque;
	delivery *d = m->_private;
	if (!d)
		return;
	d->err = m->err;
	d->partition = m->partition;
	d->offset = m->offset;
	d->done = 1;
}

static void on_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void)rk;
	(void)level;
	log_debug("produce %s: %s", fac, buf);
}

int produce_one(const kd_options *o, const produce_msg *m, int32_t *partition, int64_t *offset,
		char *err, size_t errlen)
{
	char errstr[512];
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	delivery d = { RD_KAFKA_RESP_ERR_NO_ERROR, -1, -1, 0 };
	/* a producer's first write connects and reads metadata first: at
	 * least 10 s, whatever the dashboard's poll timeout */
	int timeout = o->timeout_ms > 10000 ? o->timeout_ms : 10000;

	/* murmur2 like Java clients, so a key lands where theirs would */
	if (rd_kafka_conf_set(conf, "bootstrap.servers", o->bootstrap, errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "client.id", "kdeck-produce", errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "acks", "all", errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "partitioner", "murmur2_random", errstr, sizeof(errstr))) {
		rd_kafka_conf_destroy(conf);
		snprintf(err, errlen, "producer configuration: %s", errstr);
		return -1;
	}
	if (kafka_conf_apply_props(conf, o, err, errlen)) {
		rd_kafka_conf_destroy(conf);
		return -1;
	}
	rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
	/* librdkafka's own lines go to kdeck's log, never onto the screen */
	rd_kafka_conf_set_log_cb(conf, on_log);
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
	if (!rk) {
		rd_kafka_conf_destroy(conf);
		snprintf(err, errlen, "cannot create the producer: %s", errstr);
		return -1;
	}
	security_rdkafka_started(rk);
	rd_kafka_headers_t *hdrs = NULL;
	if (m->n_headers) {
		hdrs = rd_kafka_headers_new((size_t)m->n_headers);
		for (int i = 0; i < m->n_headers; i++)
			rd_kafka_header_add(hdrs, m->headers[i].key, -1, m->headers[i].value,
					    m->headers[i].value ? -1 : 0);
	}
	rd_kafka_resp_err_t e = rd_kafka_producev(
		rk, RD_KAFKA_V_TOPIC(m->topic),
		RD_KAFKA_V_PARTITION(m->partition >= 0 ? m->partition : RD_KAFKA_PARTITION_UA),
		RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
		RD_KAFKA_V_KEY(m->key, m->key_len),
		RD_KAFKA_V_VALUE((void *)m->value, m->value_len),
		RD_KAFKA_V_HEADERS(hdrs),
		RD_KAFKA_V_OPAQUE(&d),
		RD_KAFKA_V_END);
	if (e) {
		rd_kafka_headers_destroy(hdrs);     /* not taken on failure */
		snprintf(err, errlen, "cannot produce to %s: %s", m->topic, rd_kafka_err2str(e));
		rd_kafka_destroy(rk);
		return -1;
	}
	rd_kafka_flush(rk, timeout);
	rd_kafka_destroy(rk);
	if (!d.done) {
		snprintf(err, errlen, "no acknowledgement from the broker within %d ms", timeout);
		return -1;
	}
	if (d.err) {
		snprintf(err, errlen, "the broker refused the message: %s", rd_kafka_err2str(d.err));
		return -1;
	}
	*partition = d.partition;
	*offset = d.offset;
	return 0;
}
