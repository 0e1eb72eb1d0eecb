/*
 * wire_capture: record real request and response frames from a live
 * broker, for the unit tests' fixtures.
 *
 *   wire_capture -b HOST:PORT -o DIR -l LABEL [-X key=value]...
 *
 * Sends each scenario of wire_scenarios.c at every version both sides
 * speak and writes DIR/<scenario>-v<N>-<LABEL>.req.bin and .resp.bin:
 * whole frames, size
 * prefix included, exactly as they crossed the socket.  The scenarios
 * expect the data tests/tools/wire-capture.sh sets up (topics orders and
 * payments, groups billing and audit).  Each response is also decoded and
 * a failure to decode makes the exit status 1.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wire_conn.h"
#include "wire_msgs.h"
#include "wire_scenarios.h"

typedef struct frames {
	uint8_t *req, *resp;
	size_t req_len, resp_len;
} frames;

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
	if (!*dst) {
		perror("malloc");
		exit(2);
	}
	memcpy(*dst, frame, len);
	*dlen = len;
}

static int write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(p, 1, n, fp) != n || fclose(fp) != 0) {
		fprintf(stderr, "wire_capture: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static const char *outdir, *label;
static frames last;
static int failures;

static void save(const char *tag, int16_t version)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s-v%d-%s.req.bin", outdir, tag, version, label);
	if (write_file(path, last.req, last.req_len))
		failures++;
	snprintf(path, sizeof(path), "%s/%s-v%d-%s.resp.bin", outdir, tag, version, label);
	if (write_file(path, last.resp, last.resp_len))
		failures++;
}

/* ---------------------------------------------------------------------
 * Decoders: each checks that an answer decodes and prints its gist
 * (returning -1 with err on a decode failure).
 * ------------------------------------------------------------------- */

typedef int (*decode_fn)(const uint8_t *b, size_t n, int16_t v, kd_arena *a,
			 char *err, size_t errlen);

static int dec_apiversions(const uint8_t *b, size_t n, int16_t v, kd_arena *a,
			   char *err, size_t errlen)
{
	wire_apiversions_resp *r;
	if (wire_apiversions_resp_decode(b, n, v, a, &r, err, errlen))
		return -1;
	printf("  error %d, %zu apis, %zu finalized features\n", r->error_code,
	       r->n_apis, r->n_finalized_features);
	return 0;
}

static int dec_metadata(const uint8_t *b, size_t n, int16_t v, kd_arena *a,
			char *err, size_t errlen)
{
	wire_metadata_resp *r;
	if (wire_metadata_resp_decode(b, n, v, a, &r, err, errlen))
		return -1;
	printf("  %zu brokers, %zu topics, cluster %s, controller %d\n",
	       r->n_brokers, r->n_topics, r->cluster_id ? r->cluster_id : "-",
	       r->controller_id);
	return 0;
}

static int dec_describecluster(const uint8_t *b, size_t n, int16_t v, kd_arena *a,
			       char *err, size_t errlen)
{
	wire_describecluster_resp *r;
	if (wire_describecluster_resp_decode(b, n, v, a, &r, err, errlen))
		return -1;
	printf("  error %d, %zu brokers, cluster %s\n", r->error_code, r->n_brokers,
	       r->cluster_id);
	return 0;
}

static int dec_logdirs(const uint8_t *b, size_t n, int16_t v, kd_arena *a,
		       char *err, size_t errlen)
{
	wire_describelogdirs_resp *r;
	if (wire_describelogdirs_resp_decode(b, n, v, a, &r, err, errlen))
		return -1;
	printf("  %zu dirs\n", r->n_dirs);
	return 0;
}

static int dec_listoffsets(const uint8_t *b, size_t n, int16_t v, kd_arena *a,
			   char *err, size_t errlen)
{
	wire_listoffsets_resp *r;
	if (wire_listoffsets_resp_decode(b, n, v, a, &r, err, errlen))
		return -1;
	for (size_t i = 0; i < r->n_topics; i++)
		for (size_t j = 0; j < r->topics[i].n_partitions; j++) {
			const wire_listoffsets_partition *p = &r->topics[i].partitions[j];
			printf("  %s/%d: error %d offset %lld ts %lld\n",
			       r->topics[i].name, p->partition, p->error_code,
			       (long long)p->offset, (long long)p->timestamp);
		}
	return 0;
}

static int dec_quorum(const uint8_t *b, size_t n, int16_t v, kd_arena *a,
		      char *err, size_t errlen)
{
	wire_describequorum_resp *r;
	if (wire_describequorum_resp_decode(b, n, v, a, &r, err, errlen))
		return -1;
	if (r->n_topics && r->topics[0].n_partitions)
		printf("  leader %d epoch %d hw %lld, %zu voters\n",
		       r->topics[0].partitions[0].leader_id,
		       r->topics[0].partitions[0].leader_epoch,
		       (long long)r->topics[0].partitions[0].high_watermark,
		       r->topics[0].partitions[0].n_voters);
	return 0;
}

static int dec_offsetfetch(const uint8_t *b, size_t n, int16_t v, kd_arena *a,
			   char *err, size_t errlen)
{
	wire_offsetfetch_resp *r;
	if (wire_offsetfetch_resp_decode(b, n, v, a, &r, err, errlen))
		return -1;
	for (size_t i = 0; i < r->n_groups; i++)
		printf("  group %s: error %d, %zu topics\n",
		       r->groups[i].group_id ? r->groups[i].group_id : "(single)",
		       r->groups[i].error_code, r->groups[i].n_topics);
	return 0;
}

static int dec_findcoordinator(const uint8_t *b, size_t n, int16_t v, kd_arena *a,
			       char *err, size_t errlen)
{
	wire_findcoordinator_resp *r;
	if (wire_findcoordinator_resp_decode(b, n, v, a, &r, err, errlen))
		return -1;
	for (size_t i = 0; i < r->n_coordinators; i++)
		printf("  %s -> node %d (%s:%d) error %d\n",
		       r->coordinators[i].key ? r->coordinators[i].key : "(single)",
		       r->coordinators[i].node_id, r->coordinators[i].host,
		       r->coordinators[i].port, r->coordinators[i].error_code);
	return 0;
}


/* How to check each API's answer, by API key. */
static decode_fn decoder(int16_t api_key)
{
	switch (api_key) {
	case WIRE_API_API_VERSIONS: return dec_apiversions;
	case WIRE_API_METADATA: return dec_metadata;
	case WIRE_API_DESCRIBE_CLUSTER: return dec_describecluster;
	case WIRE_API_DESCRIBE_LOG_DIRS: return dec_logdirs;
	case WIRE_API_LIST_OFFSETS: return dec_listoffsets;
	case WIRE_API_DESCRIBE_QUORUM: return dec_quorum;
	case WIRE_API_OFFSET_FETCH: return dec_offsetfetch;
	case WIRE_API_FIND_COORDINATOR: return dec_findcoordinator;
	default: return NULL;
	}
}

/* Run one scenario at version v; a version the broker lacks is skipped. */
static int run(wire_conn *c, const wire_scenario *s, int16_t v)
{
	char err[512];
	if (wire_conn_version(c, s->api_key, v, v) < 0) {
		printf("%s v%d: the broker does not speak it, skipped\n", s->tag, v);
		return 0;
	}
	wire_wbuf w;
	wire_wbuf_init(&w);
	if (s->encode(&w, v, err, sizeof(err))) {
		fprintf(stderr, "%s v%d: %s\n", s->tag, v, err);
		wire_wbuf_free(&w);
		return -1;
	}
	const uint8_t *body;
	size_t len;
	int rc = wire_conn_request(c, s->api_key, v, w.data, w.len, &body, &len,
				   err, sizeof(err));
	wire_wbuf_free(&w);
	if (rc) {
		fprintf(stderr, "%s v%d: %s\n", s->tag, v, err);
		return -1;
	}
	save(s->tag, v);
	printf("%s v%d: %zu + %zu bytes\n", s->tag, v, last.req_len, last.resp_len);
	kd_arena a;
	arena_init(&a);
	/* An API without a printer above is only checked to decode. */
	decode_fn dec = decoder(s->api_key);
	void *out;
	rc = dec ? dec(body, len, v, &a, err, sizeof(err)) :
		   wire_decode_any(s->api_key, body, len, v, &a, &out, err, sizeof(err));
	arena_free(&a);
	if (rc) {
		fprintf(stderr, "%s v%d: decode: %s\n", s->tag, v, err);
		return -1;
	}
	return 0;
}

/* ApiVersions at a version the broker does not know yet: the real
 * "answer in v0 with UNSUPPORTED_VERSION" bytes the fallback relies on. */
static int run_future_apiversions(wire_conn *c)
{
	char err[512];
	const wire_apiversions_resp *av = wire_conn_api_versions(c);
	int16_t theirs = -1;
	for (size_t i = 0; i < av->n_apis; i++)
		if (av->apis[i].api_key == WIRE_API_API_VERSIONS)
			theirs = av->apis[i].max;
	int16_t v = (int16_t)(theirs + 1);
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_apiversions_req req = { "kdeck-capture", "1.0" };
	/* the newest layout kdeck knows, sent under the unknown number */
	if (wire_apiversions_req_encode(&w, 4, &req, err, sizeof(err))) {
		fprintf(stderr, "apiversions_future: %s\n", err);
		wire_wbuf_free(&w);
		return -1;
	}
	const uint8_t *body;
	size_t len;
	int rc = wire_conn_request(c, WIRE_API_API_VERSIONS, v, w.data, w.len,
				   &body, &len, err, sizeof(err));
	wire_wbuf_free(&w);
	if (rc) {
		fprintf(stderr, "apiversions_future v%d: %s\n", v, err);
		return -1;
	}
	save("apiversions_future", v);
	printf("apiversions_future v%d: %zu + %zu bytes\n", v, last.req_len, last.resp_len);
	kd_arena a;
	arena_init(&a);
	rc = dec_apiversions(body, len, 0, &a, err, sizeof(err));
	arena_free(&a);
	if (rc)
		fprintf(stderr, "apiversions_future: decode: %s\n", err);
	return rc;
}

static void usage(void)
{
	fprintf(stderr, "usage: wire_capture -b HOST:PORT -o DIR -l LABEL "
		"[-X key=value]... [SCENARIO...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *broker = NULL;
	const char *props[64];
	size_t nprops = 0;
	int opt;

	while ((opt = getopt(argc, argv, "b:o:l:X:")) != -1) {
		switch (opt) {
		case 'b': broker = optarg; break;
		case 'o': outdir = optarg; break;
		case 'l': label = optarg; break;
		case 'X': {
			char *eq = strchr(optarg, '=');
			if (!eq || nprops + 3 > sizeof(props) / sizeof(props[0]))
				usage();
			*eq = '\0';
			props[nprops++] = optarg;
			props[nprops++] = eq + 1;
			break;
		}
		default: usage();
		}
	}
	props[nprops] = NULL;
	if (!broker || !outdir || !label)
		usage();
	char host[256];
	const char *colon = strrchr(broker, ':');
	if (!colon || (size_t)(colon - broker) >= sizeof(host))
		usage();
	memcpy(host, broker, (size_t)(colon - broker));
	host[colon - broker] = '\0';
	int port = atoi(colon + 1);

	wire_conn_opts o = { .prop = wire_props_kv, .prop_ctx = props,
			     .trace = trace, .trace_ctx = &last };
	wire_conn *c;
	char err[512];
	if (wire_conn_open(&c, host, port, &o, err, sizeof(err))) {
		fprintf(stderr, "wire_capture: %s\n", err);
		return 1;
	}
	const wire_apiversions_resp *av = wire_conn_api_versions(c);
	for (size_t i = 0; i < av->n_apis; i++)
		if (wire_api_lookup(av->apis[i].api_key))
			printf("broker speaks %s v%d-v%d\n", wire_api_name(av->apis[i].api_key),
			       av->apis[i].min, av->apis[i].max);

	for (const wire_scenario *s = wire_scenarios; s->tag; s++) {
		bool wanted = optind >= argc;
		for (int i = optind; i < argc; i++)
			if (!strcmp(argv[i], s->tag))
				wanted = true;
		if (!wanted)
			continue;
		for (int16_t v = s->from; v <= s->to; v++)
			if (run(c, s, v))
				failures++;
	}
	bool future = optind >= argc;
	for (int i = optind; i < argc; i++)
		if (!strcmp(argv[i], "apiversions_future"))
			future = true;
	if (future && run_future_apiversions(c))
		failures++;
	wire_conn_close(c);
	free(last.req);
	free(last.resp);
	return failures ? 1 : 0;
}
