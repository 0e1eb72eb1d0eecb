/*
 * groups_capture: record the consumer-group requests' real frames from a
 * live broker, for tests/unit/test_wire_groups.c.
 *
 *   groups_capture -b HOST:PORT -o DIR -l LABEL
 *
 * Sends each scenario of groups_scenarios.c, in order, at every version
 * both sides speak and writes DIR/<scenario>-v<N>-<LABEL>.{req,resp}.bin
 * (whole frames, size prefix included).  Each answer is decoded and its
 * gist printed; a decode failure makes the exit status 1.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "groups_scenarios.h"
#include "wire_conn.h"
#include "wire_msgs.h"

typedef struct frames {
	uint8_t *req, *resp;
	size_t req_len, resp_len;
} frames;

static frames last;
static const char *outdir, *label;
static int failures;

static void trace(void *ctx, bool outgoing, int16_t api_key, int16_t version,
		  const uint8_t *frame, size_t len)
{
	frames *f = ctx;
	uint8_t **dst = outgoing ? &f->req : &f->resp;
	size_t *dlen = outgoing ? &f->req_len : &f->resp_len;
	(void)api_key;
	(void)version;
	free(*dst);
	*dst = malloc(len);
	if (!*dst)
		abort();
	memcpy(*dst, frame, len);
	*dlen = len;
}

static void save_one(const char *tag, int v, const char *kind, const uint8_t *p, size_t n)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s-v%d-%s.%s.bin", outdir, tag, v, label, kind);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		fprintf(stderr, "groups_capture: %s: %s\n", path, strerror(errno));
		failures++;
	}
}

static void print_member(const wire_group_member *m, kd_arena *a)
{
	wire_consumer_assignment *as;
	char err[256];
	printf("    member %s client %s host %s", m->member_id, m->client_id, m->client_host);
	if (wire_consumer_assignment_decode(m->assignment, m->assignment_len, a, &as,
					    err, sizeof(err))) {
		printf(" (assignment: %s)\n", err);
		failures++;
		return;
	}
	for (size_t t = 0; t < as->n_topics; t++)
		for (size_t p = 0; p < as->topics[t].n_partitions; p++)
			printf(" %s:%d", as->topics[t].topic, as->topics[t].partitions[p]);
	printf("\n");
}

/* Decode the answer and print what it says. */
static int show(int16_t api, const uint8_t *b, size_t n, int16_t v, kd_arena *a,
		char *err, size_t errlen)
{
	switch (api) {
	case WIRE_API_LIST_GROUPS: {
		wire_listgroups_resp *r;
		if (wire_listgroups_resp_decode(b, n, v, a, &r, err, errlen))
			return -1;
		for (size_t i = 0; i < r->n_groups; i++)
			printf("  %s %s %s %s\n", r->groups[i].group_id, r->groups[i].protocol_type,
			       r->groups[i].group_state ? r->groups[i].group_state : "-",
			       r->groups[i].group_type ? r->groups[i].group_type : "-");
		return 0;
	}
	case WIRE_API_DESCRIBE_GROUPS: {
		wire_describegroups_resp *r;
		if (wire_describegroups_resp_decode(b, n, v, a, &r, err, errlen))
			return -1;
		for (size_t i = 0; i < r->n_groups; i++) {
			const wire_described_group *g = &r->groups[i];
			printf("  %s error %d state %s type %s protocol %s, %zu members\n",
			       g->group_id, g->error_code, g->group_state, g->protocol_type,
			       g->protocol_data, g->n_members);
			for (size_t m = 0; m < g->n_members; m++)
				print_member(&g->members[m], a);
		}
		return 0;
	}
	case WIRE_API_OFFSET_COMMIT: {
		wire_offsetcommit_resp *r;
		if (wire_offsetcommit_resp_decode(b, n, v, a, &r, err, errlen))
			return -1;
		for (size_t i = 0; i < r->n_topics; i++)
			for (size_t p = 0; p < r->topics[i].n_partitions; p++)
				printf("  %s/%d error %d\n", r->topics[i].name,
				       r->topics[i].partitions[p].partition,
				       r->topics[i].partitions[p].error_code);
		return 0;
	}
	case WIRE_API_DELETE_GROUPS: {
		wire_deletegroups_resp *r;
		if (wire_deletegroups_resp_decode(b, n, v, a, &r, err, errlen))
			return -1;
		for (size_t i = 0; i < r->n_results; i++)
			printf("  %s error %d\n", r->results[i].group_id, r->results[i].error_code);
		return 0;
	}
	}
	snprintf(err, errlen, "no decoder");
	return -1;
}

static void run(wire_conn *c, const groups_scenario *s, int16_t v)
{
	char err[512];
	if (wire_conn_version(c, s->api_key, v, v) < 0) {
		printf("%s v%d: the broker does not speak it, skipped\n", s->tag, v);
		return;
	}
	wire_wbuf w;
	wire_wbuf_init(&w);
	if (s->encode(&w, v, err, sizeof(err))) {
		fprintf(stderr, "%s v%d: %s\n", s->tag, v, err);
		wire_wbuf_free(&w);
		failures++;
		return;
	}
	const uint8_t *body;
	size_t len;
	int rc = wire_conn_request(c, s->api_key, v, w.data, w.len, &body, &len, err, sizeof(err));
	wire_wbuf_free(&w);
	if (rc) {
		fprintf(stderr, "%s v%d: %s\n", s->tag, v, err);
		failures++;
		return;
	}
	save_one(s->tag, v, "req", last.req, last.req_len);
	save_one(s->tag, v, "resp", last.resp, last.resp_len);
	printf("%s v%d: %zu + %zu bytes\n", s->tag, v, last.req_len, last.resp_len);
	kd_arena a;
	arena_init(&a);
	if (show(s->api_key, body, len, v, &a, err, sizeof(err))) {
		fprintf(stderr, "%s v%d: decode: %s\n", s->tag, v, err);
		failures++;
	}
	arena_free(&a);
}

int main(int argc, char **argv)
{
	const char *broker = NULL;
	int opt;
	while ((opt = getopt(argc, argv, "b:o:l:")) != -1) {
		switch (opt) {
		case 'b': broker = optarg; break;
		case 'o': outdir = optarg; break;
		case 'l': label = optarg; break;
		default: goto usage;
		}
	}
	if (!broker || !outdir || !label)
		goto usage;
	char host[256];
	const char *colon = strrchr(broker, ':');
	if (!colon || (size_t)(colon - broker) >= sizeof(host))
		goto usage;
	memcpy(host, broker, (size_t)(colon - broker));
	host[colon - broker] = '\0';

	wire_conn_opts o = { .trace = trace, .trace_ctx = &last };
	wire_conn *c;
	char err[512];
	if (wire_conn_open(&c, host, atoi(colon + 1), &o, err, sizeof(err))) {
		fprintf(stderr, "groups_capture: %s\n", err);
		return 1;
	}
	for (const groups_scenario *s = groups_scenarios; s->tag; s++)
		for (int16_t v = s->from; v <= s->to; v++)
			run(c, s, v);
	wire_conn_close(c);
	free(last.req);
	free(last.resp);
	return failures ? 1 : 0;
usage:
	fprintf(stderr, "usage: groups_capture -b HOST:PORT -o DIR -l LABEL\n");
	return 2;
}
