/*
 * tail_produce.c: produce exactly the records a tail test describes, with
 * what kcat -P cannot set: CreateTime timestamps, arbitrary key and value
 * bytes, null keys and values, and headers.
 *
 *   tail_produce -b BROKERS -t TOPIC < records
 *
 * One record a line, fields separated by spaces:
 *
 *   PARTITION TIMESTAMP KEY VALUE [NAME=VALUE ...]
 *
 * PARTITION is a number or '-' (the partitioner chooses), TIMESTAMP is ms
 * since the epoch or '-' (now).  KEY, VALUE and the header names and
 * values are escaped: \s space, \n \r \t, \e ESC, \\ backslash, \xNN any
 * byte, \N (the whole field) null, \0 (the whole field) empty.  Lines
 * starting with '#' and blank lines are skipped.  Exit 0 only when every
 * record was acknowledged by all in-sync replicas.
 */
#include "config.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failed;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	(void)rk;
	(void)opaque;
	if (m->err) {
		fprintf(stderr, "tail_produce: delivery failed: %s\n", rd_kafka_err2str(m->err));
		failed++;
	}
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode an escaped field in place; *null set for \N.  Returns the length
 * or -1 on a bad escape. */
static long unescape(char *s, int *null)
{
	char *o = s;

	*null = !strcmp(s, "\\N");
	if (*null || !strcmp(s, "\\0"))
		return 0;
	for (char *p = s; *p; p++) {
		if (*p != '\\') {
			*o++ = *p;
			continue;
		}
		switch (*++p) {
		case 's': *o++ = ' '; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'e': *o++ = 0x1b; break;
		case '\\': *o++ = '\\'; break;
		case 'x':
			if (hex(p[1]) < 0 || hex(p[2]) < 0)
				return -1;
			*o++ = (char)(hex(p[1]) * 16 + hex(p[2]));
			p += 2;
			break;
		default:
			return -1;
		}
	}
	return o - s;
}

static int produce_line(rd_kafka_t *rk, const char *topic, char *line, int lineno)
{
	char *field[64], *save = NULL;
	int n = 0, null_key, null_value;
	long klen, vlen;
	int32_t partition = RD_KAFKA_PARTITION_UA;
	int64_t ts = 0;
	rd_kafka_headers_t *hdrs = NULL;
	rd_kafka_resp_err_t e;

	for (char *t = strtok_r(line, " ", &save); t && n < 64; t = strtok_r(NULL, " ", &save))
		field[n++] = t;
	if (n < 4) {
		fprintf(stderr, "tail_produce: line %d: expected PARTITION TIMESTAMP KEY VALUE\n",
			lineno);
		return -1;
	}
	if (strcmp(field[0], "-"))
		partition = (int32_t)atoi(field[0]);
	if (strcmp(field[1], "-"))
		ts = strtoll(field[1], NULL, 10);
	klen = unescape(field[2], &null_key);
	vlen = unescape(field[3], &null_value);
	if (klen < 0 || vlen < 0) {
		fprintf(stderr, "tail_produce: line %d: bad escape\n", lineno);
		return -1;
	}
	if (n > 4)
		hdrs = rd_kafka_headers_new((size_t)(n - 4));
	for (int i = 4; i < n; i++) {
		char *eq = strchr(field[i], '=');
		int nnull, vnull;
		long hl;
		if (!eq) {
			fprintf(stderr, "tail_produce: line %d: header without '='\n", lineno);
			rd_kafka_headers_destroy(hdrs);
			return -1;
		}
		*eq = '\0';
		if (unescape(field[i], &nnull) < 0 || (hl = unescape(eq + 1, &vnull)) < 0) {
			fprintf(stderr, "tail_produce: line %d: bad escape in a header\n", lineno);
			rd_kafka_headers_destroy(hdrs);
			return -1;
		}
		rd_kafka_header_add(hdrs, field[i], -1, vnull ? NULL : eq + 1, vnull ? 0 : hl);
	}
	e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
			      RD_KAFKA_V_TIMESTAMP(ts),
			      RD_KAFKA_V_KEY(null_key ? NULL : field[2], (size_t)klen),
			      RD_KAFKA_V_VALUE(null_value ? NULL : field[3], (size_t)vlen),
			      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
			      RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_END);
	if (e) {
		fprintf(stderr, "tail_produce: line %d: %s\n", lineno, rd_kafka_err2str(e));
		rd_kafka_headers_destroy(hdrs);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *brokers = NULL, *topic = NULL;
	char errstr[512], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int c, lineno = 0, sent = 0;
	rd_kafka_conf_t *conf;
	rd_kafka_t *rk;

	while ((c = getopt(argc, argv, "b:t:")) != -1) {
		switch (c) {
		case 'b': brokers = optarg; break;
		case 't': topic = optarg; break;
		default:
			fprintf(stderr, "usage: tail_produce -b BROKERS -t TOPIC < records\n");
			return 2;
		}
	}
	if (!brokers || !topic) {
		fprintf(stderr, "usage: tail_produce -b BROKERS -t TOPIC < records\n");
		return 2;
	}
	conf = rd_kafka_conf_new();
	if (rd_kafka_conf_set(conf, "bootstrap.servers", brokers, errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "acks", "all", errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "enable.idempotence", "true", errstr, sizeof(errstr)) ||
	    rd_kafka_conf_set(conf, "linger.ms", "5", errstr, sizeof(errstr))) {
		fprintf(stderr, "tail_produce: %s\n", errstr);
		return 2;
	}
	rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
	rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
	if (!rk) {
		fprintf(stderr, "tail_produce: %s\n", errstr);
		return 1;
	}
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		if (produce_line(rk, topic, line, lineno)) {
			failed++;
			break;
		}
		sent++;
		rd_kafka_poll(rk, 0);
	}
	free(line);
	if (rd_kafka_flush(rk, 60000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
		fprintf(stderr, "tail_produce: %d records not delivered in 60s\n", rd_kafka_outq_len(rk));
		failed++;
	}
	rd_kafka_destroy(rk);
	if (failed)
		return 1;
	fprintf(stderr, "tail_produce: %d records delivered to %s\n", sent, topic);
	return 0;
}
