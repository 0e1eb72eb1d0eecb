/*
 * msk_api.h: the Amazon MSK control plane (REST + JSON, SigV4 service
 * "kafka"): the clusters of a region, one cluster's detail, its broker
 * nodes, its bootstrap strings and the operations in progress.  Every
 * call is one signed HTTPS request through aws_http.h; an API error
 * (403, 404, 429, 500) comes back as a sentence with the HTTP status and
 * AWS's message; a 429 says to back off.  Strings from AWS are kept as
 * they came (the UI escapes them like every other text).
 */
#ifndef KDECK_MSK_API_H
#define KDECK_MSK_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aws_creds.h"

typedef struct msk_client msk_client;

/* endpoint: "https://kafka.eu-west-1.amazonaws.com" (aws_kafka_endpoint)
 * or a test server; creds: shared, refreshed as needed. */
msk_client *msk_client_new(const char *endpoint, const char *region, aws_creds_cache *creds,
			   long timeout_ms);
void msk_client_free(msk_client *m);

typedef struct msk_cluster {
	char *name, *arn, *type;        /* type: "PROVISIONED" | "SERVERLESS" */
	char *state;                    /* "ACTIVE", "UPDATING", ... */
	char *kafka_version, *instance_type;
	int brokers;                    /* NumberOfBrokerNodes, -1 unknown */
	int64_t storage_gb;             /* per broker, -1 unknown */
	char **zones;                   /* the client subnets' AZs or subnets */
	int n_zones;
	char **auth;                    /* "IAM", "SCRAM", "TLS", "UNAUTHENTICATED" */
	int n_auth;
	char *created;                  /* ISO 8601 as AWS gives it */
} msk_cluster;

typedef struct msk_node {
	int32_t broker_id;
	char *subnet, *az;              /* az may be NULL when not given */
	char *instance_type;
	char **endpoints;
	int n_endpoints;
	char *attached_eni;
} msk_node;

typedef struct msk_operation {
	char *arn, *type, *state;       /* "UPDATE_BROKER_TYPE", "UPDATE_IN_PROGRESS" */
	char *start, *end;              /* ISO 8601, end NULL while running */
	char *step;                     /* the latest step's name, or NULL */
} msk_operation;

typedef struct msk_bootstrap {
	char *plaintext, *tls, *sasl_scram, *sasl_iam;
	char *public_tls, *public_sasl_scram, *public_sasl_iam;
} msk_bootstrap;

/* Each returns 0, or -1 with err ("MSK ListClustersV2: HTTP 403
 * AccessDeniedException: ..."); *throttled is set on a 429 (may be
 * NULL).  Free the results with the functions below. */
int msk_list_clusters(msk_client *m, msk_cluster **out, int *n, char *err, size_t errlen);
int msk_describe_cluster(msk_client *m, const char *arn, msk_cluster *out, char *err,
			 size_t errlen);
int msk_list_nodes(msk_client *m, const char *arn, msk_node **out, int *n, char *err,
		   size_t errlen);
int msk_bootstrap_brokers(msk_client *m, const char *arn, msk_bootstrap *out, char *err,
			  size_t errlen);
int msk_list_operations(msk_client *m, const char *arn, msk_operation **out, int *n,
			char *err, size_t errlen);
bool msk_last_throttled(const msk_client *m);

/* A cluster by name (ListClustersV2, every page) or ARN (DescribeClusterV2):
 * its ARN, or NULL with err ("no cluster named ...", or AWS's 404). */
char *msk_find_cluster(msk_client *m, const char *name_or_arn, char *err, size_t errlen);
/* The bootstrap string for an auth ("iam", "scram", "tls", "plaintext";
 * public ones with public = true), or NULL when the cluster has none. */
const char *msk_bootstrap_for(const msk_bootstrap *b, const char *auth, bool public_);

void msk_cluster_free(msk_cluster *c);
void msk_clusters_free(msk_cluster *c, int n);
void msk_nodes_free(msk_node *n, int count);
void msk_operations_free(msk_operation *o, int n);
void msk_bootstrap_free(msk_bootstrap *b);

#endif
