/*
 * aws_creds_probe: resolves AWS credentials and the region from the real
 * environment, as kdeck --msk would, and prints one line:
 *
 *   source=IMDS access_key=AKID... secret_len=40 token_len=12 expiry_ms=N region=eu-north-1
 *
 * The secret and the session token are never printed, only their lengths.
 * Exit 1 with the chain's message on stderr when either lookup fails.
 * For tests/integration/test_aws_imds.sh.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_creds.h"

static const char *real_env(const char *name)
{
	return getenv(name);
}

int main(int argc, char **argv)
{
	char err[1024], region[64];
	aws_creds c;
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: aws_creds_probe (reads the AWS variables and files)\n");
		return 2;
	}
	if (aws_creds_resolve(real_env, &c, err, sizeof(err))) {
		fprintf(stderr, "aws_creds_probe: %s\n", err);
		return 1;
	}
	if (aws_region_resolve(real_env, region, sizeof(region), err, sizeof(err))) {
		fprintf(stderr, "aws_creds_probe: %s\n", err);
		aws_creds_free(&c);
		return 1;
	}
	printf("source=%s access_key=%s secret_len=%zu token_len=%zu expiry_ms=%" PRId64
	       " region=%s\n", c.source, c.access_key, strlen(c.secret_key),
	       c.session_token ? strlen(c.session_token) : 0, c.expiry_ms, region);
	aws_creds_free(&c);
	return 0;
}
