/* cmd_msk.c: `kdeck msk clusters|describe|nodes|bootstrap|operations`:
 * Amazon MSK's control plane on the command line, read only.  Every
 * string from AWS goes through the one escaping (text) or json_text. */
#include "config.h"

#include "cmd_msk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "aws_creds.h"
#include "front.h"
#include "json_text.h"
#include "msk_api.h"
#include "msk_pick.h"
#include "termsafe.h"

static const char msk_usage[] =
	"Usage: kdeck msk clusters [OPTIONS]\n"
	"       kdeck msk describe|nodes|operations --cluster NAME|ARN [OPTIONS]\n"
	"       kdeck msk bootstrap --cluster NAME|ARN [--auth iam|scram|tls|plaintext] [--public]\n"
	"\n"
	"Amazon MSK's control plane: the region's clusters, one cluster's detail, its\n"
	"broker nodes, its operations, or its bootstrap string for an authentication\n"
	"(default: IAM when offered, else SCRAM, TLS, plaintext).  Credentials and\n"
	"region as the AWS SDKs find them (doc/msk.md).\n"
	"\n"
	"      --region R                   the AWS region (else AWS_REGION, the profile)\n"
	"      --cluster NAME|ARN           the cluster\n"
	"      --auth iam|scram|tls|plaintext  bootstrap: that string (default: the first\n"
	"                                   the cluster has, in this order)\n"
	"      --public                     bootstrap: the public-access string\n"
	"      --timeout SECONDS            per-request timeout (default 15)\n"
	"      --context NAME, --config FILE  a context's msk-arn and region\n"
	"      --json                       print JSON instead of text\n"
	"\n"
	"Exit status: 0 ok; 1 AWS refused or could not be reached; 2 bad usage.\n";

enum { OPT_REGION = 256, OPT_CLUSTER, OPT_AUTH, OPT_PUBLIC };

typedef struct cmd {
	kd_options o;
	kd_config *cfg;
	kd_secrets secrets;
	const char *region, *cluster, *auth;
	bool public_;
} cmd;

static int own_option(void *ctx, int id, const char *arg, char *err, size_t errlen)
{
	cmd *c = ctx;
	switch (id) {
	case OPT_REGION: c->region = arg; return 0;
	case OPT_CLUSTER: c->cluster = arg; return 0;
	case OPT_AUTH:
		if (strcmp(arg, "iam") && strcmp(arg, "scram") && strcmp(arg, "tls") &&
		    strcmp(arg, "plaintext")) {
			snprintf(err, errlen, "--auth %s: one of iam, scram, tls, plaintext", arg);
			return -1;
		}
		c->auth = arg;
		return 0;
	case OPT_PUBLIC: c->public_ = true; return 0;
	case 'h':
		fputs(msk_usage, stdout);
		return 1;
	default:
		snprintf(err, errlen, "unknown option");
		return -1;
	}
}

static json_t *strs(char **v, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_text(v[i]));
	return a;
}

static json_t *cluster_json(const msk_cluster *c)
{
	json_t *j = json_object();
	json_object_set_new(j, "name", json_text(c->name));
	json_object_set_new(j, "arn", json_text(c->arn));
	json_object_set_new(j, "type", json_text(c->type));
	json_object_set_new(j, "state", json_text(c->state));
	json_object_set_new(j, "kafka_version", json_text(c->kafka_version));
	json_object_set_new(j, "instance_type", json_text(c->instance_type));
	json_object_set_new(j, "brokers", c->brokers >= 0 ? json_integer(c->brokers) : json_null());
	json_object_set_new(j, "storage_gb", c->storage_gb >= 0 ? json_integer(c->storage_gb)
							      : json_null());
	json_object_set_new(j, "zones", strs(c->zones, c->n_zones));
	json_object_set_new(j, "auth", strs(c->auth, c->n_auth));
	return j;
}

static void print_json(json_t *j)
{
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	puts(text ? text : "null");
	free(text);
	json_decref(j);
}

static const char *t(const char *s)
{
	return s ? term_str(s) : "-";
}

/* A joined list, escaped; "-" when empty. */
static const char *n_or_dash(const char *s)
{
	return *s ? term_str(s) : "-";
}

/* A count AWS may leave out (-1): "-" then. */
static const char *num(char *buf, size_t len, long long v)
{
	if (v < 0)
		return "-";
	snprintf(buf, len, "%lld", v);
	return buf;
}

static void join(char *buf, size_t len, char **v, int n)
{
	size_t at = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && at + 1 < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? "," : "", v[i]);
}

static int run(cmd *c, const char *verb, msk_client *m, char *err, size_t errlen)
{
	char buf[512], nb[2][24];
	if (!strcmp(verb, "clusters")) {
		msk_cluster *cl;
		int n;
		if (msk_list_clusters(m, &cl, &n, err, errlen))
			return KD_EXIT_CLUSTER;
		if (c->o.json) {
			json_t *a = json_array();
			for (int i = 0; i < n; i++)
				json_array_append_new(a, cluster_json(&cl[i]));
			print_json(a);
		} else {
			msk_pick_header(buf, sizeof(buf));
			puts(buf);
			for (int i = 0; i < n; i++) {
				msk_pick_line(&cl[i], buf, sizeof(buf));
				puts(buf);
			}
		}
		msk_clusters_free(cl, n);
		return KD_EXIT_OK;
	}
	if (!c->cluster) {
		snprintf(err, errlen, "%s needs --cluster NAME|ARN", verb);
		return KD_EXIT_USAGE;
	}
	char *arn = msk_find_cluster(m, c->cluster, err, errlen);
	if (!arn)
		return KD_EXIT_CLUSTER;
	int rc = KD_EXIT_OK;
	if (!strcmp(verb, "describe")) {
		msk_cluster d;
		if (msk_describe_cluster(m, arn, &d, err, errlen)) {
			rc = KD_EXIT_CLUSTER;
		} else if (c->o.json) {
			print_json(cluster_json(&d));
		} else {
			printf("name %s\narn %s\ntype %s\nstate %s\nkafka %s\ninstance %s\n",
			       t(d.name), t(d.arn), t(d.type), t(d.state), t(d.kafka_version),
			       t(d.instance_type));
			printf("brokers %s\nstorage_gb %s\n", num(nb[0], sizeof(nb[0]), d.brokers),
			       num(nb[1], sizeof(nb[1]), d.storage_gb));
			join(buf, sizeof(buf), d.zones, d.n_zones);
			printf("zones %s\n", n_or_dash(buf));
			join(buf, sizeof(buf), d.auth, d.n_auth);
			printf("auth %s\n", n_or_dash(buf));
			printf("created %s\n", t(d.created));
		}
		if (!rc)
			msk_cluster_free(&d);
	} else if (!strcmp(verb, "nodes")) {
		msk_node *nd;
		int n;
		if (msk_list_nodes(m, arn, &nd, &n, err, errlen)) {
			rc = KD_EXIT_CLUSTER;
		} else {
			json_t *a = c->o.json ? json_array() : NULL;
			if (!a)
				printf("%-6s %-12s %-24s %-16s %-22s %s\n", "BROKER", "AZ", "SUBNET",
				       "INSTANCE", "ENI", "ENDPOINTS");
			for (int i = 0; i < n; i++) {
				if (a) {
					json_t *o = json_object();
					json_object_set_new(o, "broker_id", json_integer(nd[i].broker_id));
					json_object_set_new(o, "subnet", json_text(nd[i].subnet));
					json_object_set_new(o, "az", json_text(nd[i].az));
					json_object_set_new(o, "instance_type",
							    json_text(nd[i].instance_type));
					json_object_set_new(o, "attached_eni",
							    json_text(nd[i].attached_eni));
					json_object_set_new(o, "endpoints",
							    strs(nd[i].endpoints, nd[i].n_endpoints));
					json_array_append_new(a, o);
				} else {
					join(buf, sizeof(buf), nd[i].endpoints, nd[i].n_endpoints);
					printf("%-6s %-12s %-24s %-16s %-22s %s\n",
					       num(nb[0], sizeof(nb[0]), nd[i].broker_id), t(nd[i].az),
					       t(nd[i].subnet), t(nd[i].instance_type),
					       t(nd[i].attached_eni), n_or_dash(buf));
				}
			}
			if (a)
				print_json(a);
			msk_nodes_free(nd, n);
		}
	} else if (!strcmp(verb, "operations")) {
		msk_operation *op;
		int n;
		if (msk_list_operations(m, arn, &op, &n, err, errlen)) {
			rc = KD_EXIT_CLUSTER;
		} else {
			json_t *a = c->o.json ? json_array() : NULL;
			if (!a)
				printf("%-24s %-22s %-26s %-26s %s\n", "TYPE", "STATE", "START", "END",
				       "STEP");
			for (int i = 0; i < n; i++) {
				if (a)
					json_array_append_new(a, json_pack("{s:o, s:o, s:o, s:o, s:o}",
						"type", json_text(op[i].type), "state", json_text(op[i].state),
						"start", json_text(op[i].start), "end", json_text(op[i].end),
						"step", json_text(op[i].step)));
				else
					printf("%-24s %-22s %-26s %-26s %s\n", t(op[i].type),
					       t(op[i].state), t(op[i].start), t(op[i].end),
					       t(op[i].step));
			}
			if (a)
				print_json(a);
			msk_operations_free(op, n);
		}
	} else {
		msk_bootstrap b;
		if (msk_bootstrap_brokers(m, arn, &b, err, errlen)) {
			rc = KD_EXIT_CLUSTER;
		} else {
			static const char *const order[] = { "iam", "scram", "tls", "plaintext" };
			const char *auth = c->auth, *s = NULL;
			if (auth)
				s = msk_bootstrap_for(&b, auth, c->public_);
			for (int i = 0; !auth && i < 4 && !s; i++)
				if ((s = msk_bootstrap_for(&b, order[i], c->public_)))
					auth = order[i];
			if (!s) {
				snprintf(err, errlen, "the cluster has no %s%s bootstrap string",
					 c->public_ ? "public " : "", auth ? auth : "usable");
				rc = KD_EXIT_CLUSTER;
			} else if (c->o.json) {
				print_json(json_pack("{s:s, s:o}", "auth", auth, "bootstrap",
						     json_text(s)));
			} else {
				printf("%s\n", t(s));
			}
			msk_bootstrap_free(&b);
		}
	}
	free(arn);
	return rc;
}

int cmd_msk_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"region", required_argument, NULL, OPT_REGION},
		{"cluster", required_argument, NULL, OPT_CLUSTER},
		{"auth", required_argument, NULL, OPT_AUTH},
		{"public", no_argument, NULL, OPT_PUBLIC},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char *const verbs[] = { "clusters", "describe", "nodes", "bootstrap",
					     "operations" };
	cmd c;
	kd_front f = { "kdeck msk", longopts, "h", own_option, &c };
	char err[1024], region[64], endpoint[512];
	int next, rc;
	const char *verb = NULL;

	memset(&c, 0, sizeof(c));
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(msk_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? KD_EXIT_USAGE : KD_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(verbs) / sizeof(*verbs); i++)
		if (!strcmp(argv[1], verbs[i]))
			verb = verbs[i];
	if (!verb) {
		fprintf(stderr, "kdeck msk: unknown command: clusters, describe, nodes, bootstrap "
			"or operations (see kdeck msk --help)\n");
		return KD_EXIT_USAGE;
	}
	c.o.timeout_ms = 15000;
	rc = front_parse(&f, &c.o, argc - 1, argv + 1, &next, err, sizeof(err));
	if (rc == -1) {
		rc = KD_EXIT_OK;
		goto out;
	}
	if (!rc && next + 1 < argc) {
		snprintf(err, sizeof(err), "unexpected argument '%s'", argv[next + 1]);
		rc = KD_EXIT_USAGE;
	}
	/* the brokers are not needed: AWS is asked, not Kafka */
	if (!rc && options_add_prop(&c.o, "kdeck.msk=true", err, sizeof(err)))
		rc = KD_EXIT_USAGE;
	if (!rc)
		rc = front_setup(&f, &c.o, &c.cfg, &c.secrets, err, sizeof(err));
	if (!rc && !c.region)
		c.region = options_prop(&c.o, "kdeck.msk.region");
	if (!rc && !c.cluster)
		c.cluster = options_prop(&c.o, "kdeck.msk.cluster");
	if (!rc) {
		if (c.region)
			snprintf(region, sizeof(region), "%s", c.region);
		else if (aws_region_resolve(aws_getenv, region, sizeof(region), err, sizeof(err)))
			rc = KD_EXIT_USAGE;
	}
	if (!rc) {
		aws_kafka_endpoint(aws_getenv, region, endpoint, sizeof(endpoint));
		aws_creds_cache *creds = aws_creds_cache_new(aws_getenv);
		msk_client *m = msk_client_new(endpoint, region, creds, c.o.timeout_ms);
		rc = run(&c, verb, m, err, sizeof(err));
		msk_client_free(m);
		aws_creds_cache_free(creds);
	}
	if (rc)
		fprintf(stderr, "kdeck msk: %s\n", term_str(err));
out:
	options_free(&c.o);
	config_free(c.cfg);
	secrets_free(&c.secrets);
	return rc;
}
