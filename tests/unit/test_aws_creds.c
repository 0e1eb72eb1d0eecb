/* test_aws_creds.c: the AWS credential chain without a network: the
 * environment, profiles in both files, credential_process (its JSON, its
 * failures, its expiry and the cache refreshing it), the region order and
 * the endpoint variables.  Instance metadata is off in every case
 * (AWS_EC2_METADATA_DISABLED): no request leaves the machine. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "aws_creds.h"

/* A fake environment: NAME=VALUE pairs. */
static const char *fake_env[32];

static const char *env(const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; fake_env[i]; i++)
		if (!strncmp(fake_env[i], name, n) && fake_env[i][n] == '=')
			return fake_env[i] + n + 1;
	return NULL;
}

static char dir[256];

static void set_env(const char *first, ...)
{
	va_list ap;
	int i = 0;
	static char disabled[] = "AWS_EC2_METADATA_DISABLED=true";
	static char home[300];
	snprintf(home, sizeof(home), "HOME=%s", dir);
	fake_env[i++] = disabled;
	fake_env[i++] = home;
	va_start(ap, first);
	for (const char *s = first; s && i < 30; s = va_arg(ap, const char *))
		fake_env[i++] = s;
	va_end(ap);
	fake_env[i] = NULL;
}

static void write_file(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kdeck-creds-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char aws[300];
	snprintf(aws, sizeof(aws), "%s/.aws", dir);
	assert_int_equal(mkdir(aws, 0700), 0);
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_env(void **state)
{
	aws_creds c;
	char err[512];
	(void)state;
	set_env("AWS_ACCESS_KEY_ID=AKIDENV", "AWS_SECRET_ACCESS_KEY=s3cr3t",
		"AWS_SESSION_TOKEN=tok", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDENV");
	assert_string_equal(c.secret_key, "s3cr3t");
	assert_string_equal(c.session_token, "tok");
	assert_string_equal(c.source, "environment");
	aws_creds_free(&c);
}

static void test_profiles(void **state)
{
	aws_creds c;
	char err[512];
	(void)state;
	write_file(".aws/credentials", "# comment\n[default]\naws_access_key_id = AKIDDEF\n"
		   "aws_secret_access_key=defsecret \n\n[dev]\n ; another\n"
		   "aws_access_key_id=AKIDDEV\naws_secret_access_key=devsecret\n");
	write_file(".aws/config", "[default]\nregion = eu-west-1\n[profile dev]\nregion=us-east-2\n"
		   "[profile proc]\ncredential_process = printf '{\"Version\": 1, \"AccessKeyId\": "
		   "\"AKIDPROC\", \"SecretAccessKey\": \"procsecret\", \"SessionToken\": \"st\", "
		   "\"Expiration\": \"2099-01-01T00:00:00Z\"}'\n"
		   "[profile bad]\ncredential_process = exit 3\n"
		   "[profile v2]\ncredential_process = echo '{\"Version\": 2, \"AccessKeyId\": \"a\", "
		   "\"SecretAccessKey\": \"b\"}'\n");
	set_env(NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDDEF");
	assert_string_equal(c.secret_key, "defsecret");
	assert_string_equal(c.source, "profile default");
	aws_creds_free(&c);
	char region[64];
	assert_int_equal(aws_region_resolve(env, region, sizeof(region), err, sizeof(err)), 0);
	assert_string_equal(region, "eu-west-1");

	set_env("AWS_PROFILE=dev", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDDEV");
	aws_creds_free(&c);
	assert_int_equal(aws_region_resolve(env, region, sizeof(region), err, sizeof(err)), 0);
	assert_string_equal(region, "us-east-2");
	/* AWS_REGION first */
	set_env("AWS_PROFILE=dev", "AWS_REGION=ap-south-1", NULL);
	assert_int_equal(aws_region_resolve(env, region, sizeof(region), err, sizeof(err)), 0);
	assert_string_equal(region, "ap-south-1");

	set_env("AWS_PROFILE=proc", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDPROC");
	assert_string_equal(c.session_token, "st");
	assert_int_equal(c.expiry_ms, 4070908800000LL);
	aws_creds_free(&c);

	set_env("AWS_PROFILE=bad", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "credential_process: the command failed"));
	set_env("AWS_PROFILE=v2", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Version must be 1"));
	set_env("AWS_PROFILE=nope", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no profile nope"));
	/* no secret ever in a message */
	assert_null(strstr(err, "secret"));
}

static void test_process_json(void **state)
{
	aws_creds c;
	char err[256];
	(void)state;
	assert_int_equal(aws_parse_credential_process("[1]", &c, err, sizeof(err)), -1);
	assert_int_equal(aws_parse_credential_process("{\"Version\": 1}", &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no AccessKeyId"));
	assert_int_equal(aws_parse_credential_process("{\"Version\": 1, \"AccessKeyId\": \"a\", "
		"\"SecretAccessKey\": \"b\", \"Expiration\": \"soon\"}", &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Expiration"));
	assert_int_equal(aws_parse_credential_process("{\"Version\": 1, \"AccessKeyId\": \"a\", "
		"\"SecretAccessKey\": \"b\"}", &c, err, sizeof(err)), 0);
	assert_int_equal(c.expiry_ms, 0);
	assert_null(c.session_token);
	aws_creds_free(&c);
}

/* The cache calls credential_process again only when the credentials are
 * within five minutes of their expiry. */
static void test_cache_refresh(void **state)
{
	char cfg[2048], err[512], counter[400];
	aws_creds c;
	(void)state;
	snprintf(counter, sizeof(counter), "%s/n", dir);
	write_file("n", "0");
	snprintf(cfg, sizeof(cfg), "[profile r]\ncredential_process = n=$(($(cat %s) + 1)); "
		 "echo $n > %s; printf '{\"Version\": 1, \"AccessKeyId\": \"AKID%%s\", "
		 "\"SecretAccessKey\": \"x\", \"Expiration\": \"2030-01-01T00:10:00Z\"}' $n\n",
		 counter, counter);
	write_file(".aws/config", cfg);
	write_file(".aws/credentials", "");
	set_env("AWS_PROFILE=r", NULL);
	aws_creds_cache *cache = aws_creds_cache_new(env);
	int64_t exp = 1893456600000LL;          /* 2030-01-01T00:10:00Z */
	assert_int_equal(aws_creds_cache_get(cache, exp - 3600000, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKID1");
	aws_creds_free(&c);
	/* an hour ahead, and 6 minutes ahead: the same ones */
	assert_int_equal(aws_creds_cache_get(cache, exp - 360000, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKID1");
	aws_creds_free(&c);
	/* 4 minutes ahead: refreshed */
	assert_int_equal(aws_creds_cache_get(cache, exp - 240000, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKID2");
	aws_creds_free(&c);
	aws_creds_cache_free(cache);
}

static void test_endpoint(void **state)
{
	char ep[256];
	(void)state;
	set_env(NULL);
	aws_kafka_endpoint(env, "eu-west-1", ep, sizeof(ep));
	assert_string_equal(ep, "https://kafka.eu-west-1.amazonaws.com");
	set_env("AWS_ENDPOINT_URL=http://127.0.0.1:1", NULL);
	aws_kafka_endpoint(env, "eu-west-1", ep, sizeof(ep));
	assert_string_equal(ep, "http://127.0.0.1:1");
	set_env("AWS_ENDPOINT_URL=http://127.0.0.1:1", "AWS_ENDPOINT_URL_KAFKA=http://127.0.0.1:2",
		NULL);
	aws_kafka_endpoint(env, "eu-west-1", ep, sizeof(ep));
	assert_string_equal(ep, "http://127.0.0.1:2");
}

static void test_nothing(void **state)
{
	aws_creds c;
	char err[512];
	(void)state;
	write_file(".aws/credentials", "");
	write_file(".aws/config", "");
	set_env(NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no AWS credentials"));
	assert_non_null(strstr(err, "instance metadata disabled"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_process_json),
		cmocka_unit_test(test_cache_refresh),
		cmocka_unit_test(test_endpoint),
		cmocka_unit_test(test_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
