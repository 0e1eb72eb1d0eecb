/*
 * aws_creds.h: where AWS credentials and the region come from, in the
 * order of the AWS SDKs' default chain:
 *
 *   1. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN)
 *   2. AWS_PROFILE (default "default") in AWS_SHARED_CREDENTIALS_FILE
 *      (~/.aws/credentials) and AWS_CONFIG_FILE (~/.aws/config, sections
 *      "[profile NAME]"): aws_access_key_id..., or credential_process
 *      (its JSON: Version 1, AccessKeyId, SecretAccessKey, SessionToken,
 *      Expiration), or role_arn + web_identity_token_file
 *   3. AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN: STS
 *      AssumeRoleWithWebIdentity (no signature needed)
 *   4. EC2 instance metadata, IMDSv2: PUT /latest/api/token, then
 *      /latest/meta-data/iam/security-credentials/[ROLE]
 *      (AWS_EC2_METADATA_SERVICE_ENDPOINT for another address;
 *      AWS_EC2_METADATA_DISABLED=true skips it)
 *
 * Region: AWS_REGION, AWS_DEFAULT_REGION, the profile's region, IMDS's
 * placement/region.  Endpoints: AWS_ENDPOINT_URL_KAFKA, AWS_ENDPOINT_URL,
 * else https://kafka.REGION.amazonaws.com (and sts. for STS).
 * HOME is read for ~; an environment (for tests) is passed in as a getenv.
 */
#ifndef KDECK_AWS_CREDS_H
#define KDECK_AWS_CREDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aws_sigv4.h"

typedef const char *(*aws_getenv_fn)(const char *name);
/* The process's environment, as an aws_getenv_fn. */
const char *aws_getenv(const char *name);

/* The first source of the chain that has credentials.  0, or -1 with err
 * saying what was tried ("no AWS credentials: no AWS_ACCESS_KEY_ID, no
 * profile default in ..., no instance metadata at ...").  Never puts a
 * secret in err. */
int aws_creds_resolve(aws_getenv_fn env, aws_creds *out, char *err, size_t errlen);

/* The region, or -1 with err. */
int aws_region_resolve(aws_getenv_fn env, char *out, size_t outlen, char *err, size_t errlen);

/* https://kafka.REGION.amazonaws.com, or the endpoint variables. */
void aws_kafka_endpoint(aws_getenv_fn env, const char *region, char *out, size_t outlen);

/* Credentials that are shared by threads and refreshed before they
 * expire (five minutes ahead), on whichever thread asks first. */
typedef struct aws_creds_cache aws_creds_cache;
aws_creds_cache *aws_creds_cache_new(aws_getenv_fn env);
void aws_creds_cache_free(aws_creds_cache *c);
/* A copy of the current credentials (free with aws_creds_free). */
int aws_creds_cache_get(aws_creds_cache *c, int64_t now_ms, aws_creds *out, char *err,
			size_t errlen);

/* Parsing, exposed for tests. */
int aws_parse_credential_process(const char *json, aws_creds *out, char *err, size_t errlen);
/* Read profile NAME from the two files (either may be NULL/missing);
 * fills key id / secret / token, or *process, *role_arn, *token_file,
 * region.  0 when the profile exists, -1 with err otherwise. */
typedef struct aws_profile {
	char *access_key, *secret_key, *session_token;
	char *credential_process;
	char *role_arn, *web_identity_token_file, *role_session_name;
	char *region;
} aws_profile;
int aws_profile_read(const char *credentials_file, const char *config_file, const char *name,
		     aws_profile *out, char *err, size_t errlen);
void aws_profile_free(aws_profile *p);

/* STS for web identity: https://sts.REGION.amazonaws.com (sts.amazonaws.com
 * without a region), or AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL. */
void aws_sts_endpoint(aws_getenv_fn env, const char *region, char *out, size_t outlen);
/* STS's AssumeRoleWithWebIdentity answer (XML), or its error document
 * (-1, err with STS's code and message).  Exposed for tests. */
int aws_parse_sts_credentials(const char *xml, aws_creds *out, char *err, size_t errlen);
/* "2024-01-15T12:00:00Z" (a fraction or "+01:00" allowed): ms since the
 * epoch, 0 when it is not such a date. */
int64_t aws_iso8601_ms(const char *s);

#endif
