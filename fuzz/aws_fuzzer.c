/*
 * aws_fuzzer.c: libFuzzer target for what AWS (or whatever answers in its
 * place: a proxy, a fake metadata service) sends kdeck: the JSON of a
 * credential_process and of IMDS, STS's XML, and the MSK control plane's
 * pages (clusters, nodes, operations, bootstrap brokers) and its error
 * bodies.  msk_api.c is included for its static page parsers; everything
 * it parses must be freed, bounded and never crash.
 */
#include "config.h"

#include "../src/aws/msk_api.c"

#include <stdint.h>

#include "aws_creds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	aws_creds c;
	char *text = malloc(size + 1);

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';

	memset(&c, 0, sizeof(c));
	if (aws_parse_credential_process(text, &c, err, sizeof(err)) == 0 && !c.secret_key)
		abort();                /* accepted credentials have a secret */
	aws_creds_free(&c);
	memset(&c, 0, sizeof(c));
	if (aws_parse_sts_credentials(text, &c, err, sizeof(err)) == 0 && !c.secret_key)
		abort();
	aws_creds_free(&c);

	json_error_t je;
	json_t *doc = json_loadb((const char *)data, size, 0, &je);
	if (doc) {
		cluster_acc ca = { NULL, 0 };
		node_acc na = { NULL, 0 };
		op_acc oa = { NULL, 0 };
		msk_cluster one;
		cluster_page(doc, &ca);
		node_page(doc, &na);
		op_page(doc, &oa);
		memset(&one, 0, sizeof(one));
		if (json_is_object(jobj(doc, "clusterInfo")))
			cluster_parse(jobj(doc, "clusterInfo"), &one);
		msk_cluster_free(&one);
		msk_clusters_free(ca.list, ca.n);
		msk_nodes_free(na.list, na.n);
		msk_operations_free(oa.list, oa.n);
		char *s = nonempty(doc, "bootstrapBrokerStringSaslIam");
		free(s);
		json_decref(doc);
	}

	/* an error answer: the sentence shown for it fits its buffer */
	msk_client m = { .throttled = false };
	aws_http_response r = { .status = size ? 400 + data[0] % 200 : 0, .body = text,
				.body_len = size };
	api_error(&m, "ListClustersV2", &r, err, sizeof(err));
	if (strlen(err) >= sizeof(err))
		abort();
	free(text);
	return 0;
}
