/* msk_setup.c: see msk_setup.h. */
#include "config.h"

#include "msk_setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws_creds.h"
#include "log.h"
#include "security.h"

/* The kind of bootstrap string the properties ask for, or NULL. */
static const char *auth_from_props(const kd_options *o)
{
	const char *a = options_prop(o, "kdeck.msk.auth");
	const char *mech = options_prop(o, "sasl.mechanism");
	const char *proto = options_prop(o, "security.protocol");
	if (a)
		return a;
	if (mech && !strcasecmp(mech, "AWS_MSK_IAM"))
		return "iam";
	if (mech && !strncasecmp(mech, "SCRAM", 5))
		return "scram";
	if (proto && !strcasecmp(proto, "ssl"))
		return "tls";
	if (proto && !strcasecmp(proto, "plaintext"))
		return "plaintext";
	return NULL;
}

static void add(kd_options *o, const char *kv)
{
	char err[256];
	if (options_add_prop(o, kv, err, sizeof(err)))
		log_warn("msk: %s", err);
}

int msk_setup(kd_options *o, msk_pick_fn pick, void *pick_ctx, msk_watch **w, char *err,
	      size_t errlen)
{
	char region[64], endpoint[512], why[768];
	const char *r = options_prop(o, "kdeck.msk.region");
	*w = NULL;
	if (r && *r)
		snprintf(region, sizeof(region), "%s", r);
	else if (aws_region_resolve(aws_getenv, region, sizeof(region), why, sizeof(why))) {
		snprintf(err, errlen, "MSK: which AWS region? %s (or --region)", why);
		return KD_EXIT_USAGE;
	}
	/* the IAM token's signer reads the same region */
	if (!options_prop(o, "kdeck.msk.region")) {
		char kv[128];
		snprintf(kv, sizeof(kv), "kdeck.msk.region=%s", region);
		add(o, kv);
	}
	aws_kafka_endpoint(aws_getenv, region, endpoint, sizeof(endpoint));
	aws_creds_cache *creds = aws_creds_cache_new(aws_getenv);
	msk_client *m = msk_client_new(endpoint, region, creds, o->timeout_ms > 0 ?
				       o->timeout_ms + 5000 : 15000);
	const char *want = options_prop(o, "kdeck.msk.cluster");
	char *arn = NULL;
	if (want) {
		arn = msk_find_cluster(m, want, why, sizeof(why));
	} else {
		msk_cluster *cl = NULL;
		int n = 0;
		if (!msk_list_clusters(m, &cl, &n, why, sizeof(why))) {
			int at_pick = n == 1 ? 0 : n > 1 && pick ? pick(cl, n, pick_ctx) : -2;
			if (at_pick >= 0 && at_pick < n) {
				arn = strdup(cl[at_pick].arn);
			} else if (at_pick == -1) {
				snprintf(why, sizeof(why), "MSK: no cluster picked (of %d in %s)", n,
					 region);
			} else {
				size_t at;
				if (n)
					at = (size_t)snprintf(why, sizeof(why), "%d MSK clusters in %s: "
							      "pick one with --cluster NAME:", n, region);
				else
					at = (size_t)snprintf(why, sizeof(why), "no MSK cluster in %s",
							      region);
				for (int i = 0; i < n && at < sizeof(why); i++)
					at += (size_t)snprintf(why + at, sizeof(why) - at, " %s",
							       cl[i].name ? cl[i].name : "?");
			}
			msk_clusters_free(cl, n);
		}
	}
	if (!arn) {
		snprintf(err, errlen, "%s", why);
		msk_client_free(m);
		aws_creds_cache_free(creds);
		return KD_EXIT_CLUSTER;
	}
	const char *auth = auth_from_props(o);
	if (!o->bootstrap) {
		msk_bootstrap b;
		memset(&b, 0, sizeof(b));
		if (msk_bootstrap_brokers(m, arn, &b, why, sizeof(why))) {
			snprintf(err, errlen, "%s", why);
			free(arn);
			msk_client_free(m);
			aws_creds_cache_free(creds);
			return KD_EXIT_CLUSTER;
		}
		bool pub = options_prop(o, "kdeck.msk.public") != NULL;
		static const char *const order[] = { "iam", "scram", "tls", "plaintext" };
		const char *s = NULL;
		if (auth) {
			s = msk_bootstrap_for(&b, auth, pub);
		} else {
			for (size_t i = 0; i < 4 && !s; i++)
				if ((s = msk_bootstrap_for(&b, order[i], pub)))
					auth = order[i];
			/* nothing asked: connect as the cluster allows */
			if (auth && !strcmp(auth, "iam")) {
				add(o, "security.protocol=SASL_SSL");
				add(o, "sasl.mechanism=AWS_MSK_IAM");
			} else if (auth && !strcmp(auth, "tls")) {
				add(o, "security.protocol=SSL");
			}
		}
		if (!s) {
			snprintf(err, errlen, "MSK: the cluster has no %s%s bootstrap string "
				 "(GetBootstrapBrokers); try --auth", pub ? "public " : "",
				 auth ? auth : "usable");
			msk_bootstrap_free(&b);
			free(arn);
			msk_client_free(m);
			aws_creds_cache_free(creds);
			return KD_EXIT_CLUSTER;
		}
		o->bootstrap = strdup(s);
		msk_bootstrap_free(&b);
	}
	const char *iv = options_prop(o, "kdeck.msk.interval");
	int interval = iv ? (int)(atof(iv) * 1000) : 30000;
	*w = msk_watch_start(m, creds, arn, auth ? auth : "", interval < 1000 ? 1000 : interval);
	free(arn);
	return 0;
}
