/* test_aws_creds.c: the AWS credential chain without a network: the
 * environment, profiles in both files, credential_process (its JSON, its
 * failures, its expiry and the cache refreshing it), web identity's STS
 * answer and its failures, the region order and the endpoint variables.
 * Instance metadata is off (AWS_EC2_METADATA_DISABLED) or pointed at a
 * closed loopback port: no request leaves the machine.  The real exchanges
 * with IMDS and STS are in tests/integration/test_aws_imds.sh. */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "aws_creds.h"

/* Every secret the tests hand out: none may reach a message. */
static const char *const secrets[] = {
	"s3cr3tEnv", "defsecret", "devsecret", "procsecret", "v2secret", "stsSecret",
	"stsSessionTok", "webIdentityTok",
};

static void assert_no_secret(const char *err)
{
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		if (strstr(err, secrets[i]))
			fail_msg("a secret (%s) in the message: %s", secrets[i], err);
}

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

/* HOME is the test's directory; instance metadata is disabled unless the
 * test sets an AWS_EC2_METADATA_ variable itself. */
static void set_env(const char *first, ...)
{
	static char home[300];
	static char disabled[] = "AWS_EC2_METADATA_DISABLED=true";
	bool imds = false;
	va_list ap;
	int i = 0;
	snprintf(home, sizeof(home), "HOME=%s", dir);
	fake_env[i++] = home;
	va_start(ap, first);
	for (const char *s = first; s && i < 30; s = va_arg(ap, const char *)) {
		imds |= !strncmp(s, "AWS_EC2_METADATA_", 17);
		fake_env[i++] = s;
	}
	va_end(ap);
	if (!imds)
		fake_env[i++] = disabled;
	fake_env[i] = NULL;
}

static const char *path_of(const char *name)
{
	static char path[4][512];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	return p;
}

static void write_file(const char *name, const char *text)
{
	FILE *f = fopen(path_of(name), "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int read_counter(void)
{
	FILE *f = fopen(path_of("n"), "r");
	int n = -1;
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%d", &n), 1);
	fclose(f);
	return n;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kdeck-creds-XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(mkdir(path_of(".aws"), 0700), 0);
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Each test starts with empty profile files. */
static int empty_files(void **state)
{
	(void)state;
	write_file(".aws/credentials", "");
	write_file(".aws/config", "");
	return 0;
}

static void test_env(void **state)
{
	aws_creds c;
	char err[1024];
	(void)state;
	write_file(".aws/credentials", "[default]\naws_access_key_id=AKIDDEF\n"
		   "aws_secret_access_key=defsecret\n");
	set_env("AWS_ACCESS_KEY_ID=AKIDENV", "AWS_SECRET_ACCESS_KEY=s3cr3tEnv",
		"AWS_SESSION_TOKEN=tok", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDENV");
	assert_string_equal(c.secret_key, "s3cr3tEnv");
	assert_string_equal(c.session_token, "tok");
	assert_int_equal(c.expiry_ms, 0);
	assert_string_equal(c.source, "environment");
	aws_creds_free(&c);

	/* no token: NULL, not "" */
	set_env("AWS_ACCESS_KEY_ID=AKIDENV", "AWS_SECRET_ACCESS_KEY=s3cr3tEnv",
		"AWS_SESSION_TOKEN=", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_null(c.session_token);
	aws_creds_free(&c);

	/* half of a pair is skipped (and said so when nothing else works) */
	set_env("AWS_ACCESS_KEY_ID=AKIDENV", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDDEF");
	aws_creds_free(&c);
	write_file(".aws/credentials", "");
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "AWS_ACCESS_KEY_ID without AWS_SECRET_ACCESS_KEY"));
}

static void test_profile_read(void **state)
{
	aws_profile p;
	char err[1024];
	(void)state;
	write_file(".aws/credentials",
		   "# a comment\n; another\n[default]\n  aws_access_key_id = AKIDDEF  \n"
		   "\tAWS_Secret_Access_Key=defsecret\n\n"
		   "[dev]\n ; indented comment\naws_access_key_id\t=\tAKIDDEV\n"
		   "aws_secret_access_key=devsecret\nregion = from-credentials\n"
		   "[profile y]\naws_access_key_id=AKIDY\n");
	write_file(".aws/config",
		   "[default]\nregion = eu-west-1\naws_access_key_id = AKIDCONFIG\n"
		   "[profile dev]\nregion=us-east-2\n"
		   "[x]\nregion=not-a-profile\n"
		   "[ profile   spaced ]  \nregion = ap-southeast-2\n"
		   "[profile nested]\ns3 =\n  region = nested-wrong\n  addressing_style = path\n"
		   "region = ca-central-1\n"
		   "[profile web]\nrole_arn = arn:aws:iam::123456789012:role/r\n"
		   "web_identity_token_file = /var/run/token\nrole_session_name = sess\n");
	const char *cred = path_of(".aws/credentials"), *conf = path_of(".aws/config");

	/* default: both files, the credentials file's keys win */
	assert_int_equal(aws_profile_read(cred, conf, "default", &p, err, sizeof(err)), 0);
	assert_string_equal(p.access_key, "AKIDDEF");
	assert_string_equal(p.secret_key, "defsecret");
	assert_string_equal(p.region, "eu-west-1");
	assert_null(p.session_token);
	aws_profile_free(&p);

	/* "[dev]" in credentials, "[profile dev]" in config */
	assert_int_equal(aws_profile_read(cred, conf, "dev", &p, err, sizeof(err)), 0);
	assert_string_equal(p.access_key, "AKIDDEV");
	assert_string_equal(p.secret_key, "devsecret");
	assert_string_equal(p.region, "from-credentials");
	aws_profile_free(&p);
	assert_int_equal(aws_profile_read(NULL, conf, "dev", &p, err, sizeof(err)), 0);
	assert_string_equal(p.region, "us-east-2");
	assert_null(p.access_key);
	aws_profile_free(&p);

	/* "[x]" in config and "[profile y]" in credentials are not profiles */
	assert_int_equal(aws_profile_read(cred, conf, "x", &p, err, sizeof(err)), -1);
	assert_int_equal(aws_profile_read(cred, conf, "y", &p, err, sizeof(err)), -1);

	assert_int_equal(aws_profile_read(cred, conf, "spaced", &p, err, sizeof(err)), 0);
	assert_string_equal(p.region, "ap-southeast-2");
	aws_profile_free(&p);
	assert_int_equal(aws_profile_read(cred, conf, "nested", &p, err, sizeof(err)), 0);
	assert_string_equal(p.region, "ca-central-1");
	aws_profile_free(&p);
	assert_int_equal(aws_profile_read(cred, conf, "web", &p, err, sizeof(err)), 0);
	assert_string_equal(p.role_arn, "arn:aws:iam::123456789012:role/r");
	assert_string_equal(p.web_identity_token_file, "/var/run/token");
	assert_string_equal(p.role_session_name, "sess");
	aws_profile_free(&p);

	/* a missing profile names both files */
	assert_int_equal(aws_profile_read(cred, conf, "nope", &p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no profile nope in"));
	assert_non_null(strstr(err, cred));
	assert_non_null(strstr(err, conf));
	assert_null(p.access_key);
	assert_int_equal(aws_profile_read(NULL, NULL, "default", &p, err, sizeof(err)), -1);
	assert_int_equal(aws_profile_read("/nonexistent/c", "/nonexistent/f", "default", &p, err,
					  sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/c"));
}

static void test_chain_profiles(void **state)
{
	aws_creds c;
	char err[1024], cfile[600], ffile[600];
	(void)state;
	write_file(".aws/credentials", "[default]\naws_access_key_id = AKIDDEF\n"
		   "aws_secret_access_key=defsecret\n[dev]\naws_access_key_id=AKIDDEV\n"
		   "aws_secret_access_key=devsecret\naws_session_token=devtok\n"
		   "[half]\naws_secret_access_key=devsecret\n");
	write_file(".aws/config", "[profile regiononly]\nregion=eu-west-1\n");
	set_env(NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDDEF");
	assert_string_equal(c.source, "profile default");
	aws_creds_free(&c);

	set_env("AWS_PROFILE=dev", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDDEV");
	assert_string_equal(c.session_token, "devtok");
	assert_string_equal(c.source, "profile dev");
	aws_creds_free(&c);

	/* a named profile that is missing or empty is the answer: no going
	 * on to instance metadata */
	set_env("AWS_PROFILE=nope", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no profile nope in"));
	assert_null(strstr(err, "instance metadata"));
	set_env("AWS_PROFILE=regiononly", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "profile regiononly has no aws_access_key_id"));
	set_env("AWS_PROFILE=half", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "aws_secret_access_key without aws_access_key_id"));
	assert_no_secret(err);

	/* the files named by the variables */
	snprintf(cfile, sizeof(cfile), "AWS_SHARED_CREDENTIALS_FILE=%s", path_of("other-creds"));
	snprintf(ffile, sizeof(ffile), "AWS_CONFIG_FILE=%s", path_of("other-config"));
	write_file("other-creds", "[default]\naws_access_key_id=AKIDOTHER\n"
		   "aws_secret_access_key=devsecret\n");
	write_file("other-config", "[profile o]\naws_access_key_id=AKIDO\n"
		   "aws_secret_access_key=devsecret\n");
	set_env(cfile, ffile, NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDOTHER");
	aws_creds_free(&c);
	set_env(cfile, ffile, "AWS_PROFILE=o", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDO");
	aws_creds_free(&c);
}

static void test_process(void **state)
{
	aws_creds c;
	char err[1024];
	(void)state;
	write_file(".aws/config",
		   "[profile proc]\ncredential_process = printf '{\"Version\": 1, \"AccessKeyId\": "
		   "\"AKIDPROC\", \"SecretAccessKey\": \"procsecret\", \"SessionToken\": \"st\", "
		   "\"Expiration\": \"2099-01-01T00:00:00Z\"}'\n"
		   "[profile fails]\ncredential_process = echo starting >&2; "
		   "echo 'cannot reach the vault' >&2; exit 3\n"
		   "[profile missing]\ncredential_process = /nonexistent/helper --json\n"
		   "[profile notjson]\ncredential_process = echo procsecret is not JSON\n"
		   "[profile v2]\ncredential_process = echo '{\"Version\": 2, \"AccessKeyId\": \"a\", "
		   "\"SecretAccessKey\": \"v2secret\"}'\n"
		   "[profile big]\ncredential_process = yes | head -c 70000\n"
		   "[profile killed]\ncredential_process = kill -9 $$\n"
		   "[profile stdin]\ncredential_process = cat; echo '{\"Version\": 1, \"AccessKeyId\": "
		   "\"AKIDIN\", \"SecretAccessKey\": \"procsecret\"}'\n"
		   "[profile signals]\ncredential_process = "
		   "ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/self/status); "
		   "[ $((0x$ign & 0x1000)) -eq 0 ] || exit 8; "
		   "grep -q '^SigBlk:[[:space:]]*0*$' /proc/self/status || exit 9; "
		   "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDSIG\", \"SecretAccessKey\": \"x\"}'\n");
	set_env("AWS_PROFILE=proc", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDPROC");
	assert_string_equal(c.secret_key, "procsecret");
	assert_string_equal(c.session_token, "st");
	assert_int_equal(c.expiry_ms, 4070908800000LL);
	assert_string_equal(c.source, "profile proc (credential_process)");
	aws_creds_free(&c);

	set_env("AWS_PROFILE=fails", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "profile fails"));
	assert_non_null(strstr(err, "exited with status 3: cannot reach the vault"));
	set_env("AWS_PROFILE=missing", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "exited with status 127"));
	set_env("AWS_PROFILE=notjson", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a JSON object"));
	assert_no_secret(err);
	set_env("AWS_PROFILE=v2", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Version must be 1"));
	assert_no_secret(err);
	set_env("AWS_PROFILE=big", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more than 64 KB"));
	set_env("AWS_PROFILE=killed", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "killed by signal 9"));
	/* stdin is /dev/null: a command reading it does not hang */
	set_env("AWS_PROFILE=stdin", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDIN");
	assert_int_equal(c.expiry_ms, 0);
	aws_creds_free(&c);
	/* kdeck ignores SIGPIPE and its threads block signals: the command
	 * starts with neither */
	sigset_t usr1, old;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	void (*was)(int) = signal(SIGPIPE, SIG_IGN);
	set_env("AWS_PROFILE=signals", NULL);
	int rc = aws_creds_resolve(env, &c, err, sizeof(err));
	signal(SIGPIPE, was);
	sigprocmask(SIG_SETMASK, &old, NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(c.access_key, "AKIDSIG");
	aws_creds_free(&c);

	/* the default profile's failing process is the answer too */
	write_file(".aws/config", "[default]\ncredential_process = exit 5\n");
	set_env(NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "profile default: credential_process exited with status 5"));
}

static void test_process_json(void **state)
{
	aws_creds c;
	char err[256];
	(void)state;
	assert_int_equal(aws_parse_credential_process("[1]", &c, err, sizeof(err)), -1);
	assert_int_equal(aws_parse_credential_process("", &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a JSON object"));
	assert_int_equal(aws_parse_credential_process("{\"Version\": 1}", &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no AccessKeyId"));
	assert_int_equal(aws_parse_credential_process("{\"Version\": \"1\", \"AccessKeyId\": \"a\", "
		"\"SecretAccessKey\": \"procsecret\"}", &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Version must be 1"));
	assert_int_equal(aws_parse_credential_process("{\"Version\": 1, \"AccessKeyId\": \"a\", "
		"\"SecretAccessKey\": \"procsecret\", \"Expiration\": \"soon\"}", &c, err,
		sizeof(err)), -1);
	assert_non_null(strstr(err, "Expiration"));
	assert_no_secret(err);
	assert_int_equal(aws_parse_credential_process("{\"Version\": 1, \"AccessKeyId\": \"a\", "
		"\"SecretAccessKey\": \"b\"}", &c, err, sizeof(err)), 0);
	assert_int_equal(c.expiry_ms, 0);
	assert_null(c.session_token);
	aws_creds_free(&c);
	assert_int_equal(aws_parse_credential_process("{\"Version\": 1, \"AccessKeyId\": \"a\", "
		"\"SecretAccessKey\": \"b\", \"Expiration\": \"2024-01-15T12:00:00Z\"}", &c, err,
		sizeof(err)), 0);
	assert_int_equal(c.expiry_ms, 1705320000000LL);
	aws_creds_free(&c);
}

static void test_iso8601(void **state)
{
	(void)state;
	assert_int_equal(aws_iso8601_ms("2024-01-15T12:00:00Z"), 1705320000000LL);
	assert_int_equal(aws_iso8601_ms("2024-01-15T12:00:00.123Z"), 1705320000000LL);
	assert_int_equal(aws_iso8601_ms("2024-01-15T13:00:00+01:00"), 1705320000000LL);
	assert_int_equal(aws_iso8601_ms("2024-01-15T11:30:00-00:30"), 1705320000000LL);
	assert_int_equal(aws_iso8601_ms("1970-01-01T00:00:01Z"), 1000);
	assert_int_equal(aws_iso8601_ms(NULL), 0);
	assert_int_equal(aws_iso8601_ms(""), 0);
	assert_int_equal(aws_iso8601_ms("2024-01-15"), 0);
	assert_int_equal(aws_iso8601_ms("2024-01-15T12:00:00"), 0);
	assert_int_equal(aws_iso8601_ms("2024-01-15T12:00:00Zjunk"), 0);
	assert_int_equal(aws_iso8601_ms("2024-13-15T12:00:00Z"), 0);
	assert_int_equal(aws_iso8601_ms("2024-1-15T12:00:00Z"), 0);
	assert_int_equal(aws_iso8601_ms("2024-01-15T12:00:00.Z"), 0);
}

static const char sts_ok[] =
	"<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
	"  <AssumeRoleWithWebIdentityResult>\n"
	"    <SubjectFromWebIdentityToken>system:serviceaccount:ns:sa</SubjectFromWebIdentityToken>\n"
	"    <AssumedRoleUser>\n"
	"      <Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>\n"
	"      <AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId>\n"
	"    </AssumedRoleUser>\n"
	"    <Credentials>\n"
	"      <SessionToken>stsSessionTok/a+b=&amp;&#61;</SessionToken>\n"
	"      <SecretAccessKey>stsSecret/x+y</SecretAccessKey>\n"
	"      <Expiration>2024-01-15T12:00:00Z</Expiration>\n"
	"      <AccessKeyId>ASIASTSEXAMPLE</AccessKeyId>\n"
	"    </Credentials>\n"
	"  </AssumeRoleWithWebIdentityResult>\n"
	"</AssumeRoleWithWebIdentityResponse>\n";

static void test_sts_parse(void **state)
{
	aws_creds c;
	char err[512];
	(void)state;
	assert_int_equal(aws_parse_sts_credentials(sts_ok, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "ASIASTSEXAMPLE");
	assert_string_equal(c.secret_key, "stsSecret/x+y");
	assert_string_equal(c.session_token, "stsSessionTok/a+b=&=");
	assert_int_equal(c.expiry_ms, 1705320000000LL);
	aws_creds_free(&c);

	assert_int_equal(aws_parse_sts_credentials(
		"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
		"<Type>Sender</Type><Code>InvalidIdentityToken</Code>"
		"<Message>Couldn&apos;t retrieve\nverification key</Message></Error>"
		"<RequestId>x</RequestId></ErrorResponse>", &c, err, sizeof(err)), -1);
	assert_string_equal(err, "STS refused: InvalidIdentityToken: Couldn't retrieve "
			    "verification key");

	/* a secret next to a broken field stays out of the message */
	assert_int_equal(aws_parse_sts_credentials(
		"<Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>stsSecret"
		"</SecretAccessKey><Expiration>tomorrow</Expiration></Credentials>", &c, err,
		sizeof(err)), -1);
	assert_non_null(strstr(err, "Expiration"));
	assert_no_secret(err);
	assert_int_equal(aws_parse_sts_credentials(
		"<Credentials><AccessKeyIdX>A</AccessKeyIdX><SecretAccessKey>stsSecret"
		"</SecretAccessKey></Credentials>", &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no AccessKeyId"));
	assert_int_equal(aws_parse_sts_credentials("<html>proxy error</html>", &c, err,
						   sizeof(err)), -1);
	assert_non_null(strstr(err, "no Credentials"));
	assert_int_equal(aws_parse_sts_credentials("<Credentials><AccessKeyId>A", &c, err,
						   sizeof(err)), -1);
	assert_int_equal(aws_parse_sts_credentials("", &c, err, sizeof(err)), -1);
}

/* Web identity up to the request: the token file's problems, and a
 * closed STS port (loopback); STS's real answers are tested against
 * tests/tools/fake_imds.py. */
static void test_web_identity(void **state)
{
	aws_creds c;
	char err[1024], tf[600], sts[80];
	(void)state;
	snprintf(tf, sizeof(tf), "AWS_WEB_IDENTITY_TOKEN_FILE=%s", path_of("token"));
	snprintf(sts, sizeof(sts), "AWS_ENDPOINT_URL_STS=http://127.0.0.1:1");

	set_env("AWS_ROLE_ARN=arn:aws:iam::123456789012:role/r", NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "AWS_ROLE_ARN without AWS_WEB_IDENTITY_TOKEN_FILE"));

	set_env(tf, "AWS_ROLE_ARN=arn:aws:iam::123456789012:role/r", NULL);
	unlink(path_of("token"));
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "AWS credentials from web identity: web identity token file"));
	assert_non_null(strstr(err, "No such file"));
	write_file("token", " \n");
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "empty"));

	write_file("token", "webIdentityTok\n");
	set_env(tf, "AWS_ROLE_ARN=arn:aws:iam::123456789012:role/r", sts, NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "STS at http://127.0.0.1:1"));
	assert_no_secret(err);

	/* from a profile */
	char cfg[1024];
	snprintf(cfg, sizeof(cfg), "[profile w]\nrole_arn = arn:aws:iam::123456789012:role/w\n"
		 "web_identity_token_file = %s\n", path_of("token"));
	write_file(".aws/config", cfg);
	set_env("AWS_PROFILE=w", sts, NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "AWS credentials from profile w: STS at http://127.0.0.1:1"));
	assert_no_secret(err);
}

static void test_region(void **state)
{
	char region[64], err[1024];
	(void)state;
	write_file(".aws/credentials", "[default]\nregion = from-credentials\n");
	write_file(".aws/config", "[default]\nregion = eu-west-1\n[profile dev]\nregion=us-east-2\n"
		   "[profile none]\noutput=json\n");
	set_env("AWS_REGION=ap-south-1", "AWS_DEFAULT_REGION=sa-east-1", "AWS_PROFILE=dev", NULL);
	assert_int_equal(aws_region_resolve(env, region, sizeof(region), err, sizeof(err)), 0);
	assert_string_equal(region, "ap-south-1");
	set_env("AWS_REGION=", "AWS_DEFAULT_REGION=sa-east-1", "AWS_PROFILE=dev", NULL);
	assert_int_equal(aws_region_resolve(env, region, sizeof(region), err, sizeof(err)), 0);
	assert_string_equal(region, "sa-east-1");
	set_env("AWS_PROFILE=dev", NULL);
	assert_int_equal(aws_region_resolve(env, region, sizeof(region), err, sizeof(err)), 0);
	assert_string_equal(region, "us-east-2");
	/* the config file's, never the credentials file's */
	set_env(NULL);
	assert_int_equal(aws_region_resolve(env, region, sizeof(region), err, sizeof(err)), 0);
	assert_string_equal(region, "eu-west-1");
	set_env("AWS_PROFILE=none", NULL);
	assert_int_equal(aws_region_resolve(env, region, sizeof(region), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no AWS region"));
	assert_non_null(strstr(err, "no region in profile none"));
	assert_non_null(strstr(err, "instance metadata disabled"));
	write_file(".aws/config", "");
	set_env(NULL);
	assert_int_equal(aws_region_resolve(env, region, sizeof(region), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no AWS_REGION or AWS_DEFAULT_REGION"));
}

static void test_endpoint(void **state)
{
	char ep[256];
	(void)state;
	set_env(NULL);
	aws_kafka_endpoint(env, "eu-west-1", ep, sizeof(ep));
	assert_string_equal(ep, "https://kafka.eu-west-1.amazonaws.com");
	aws_kafka_endpoint(env, "cn-north-1", ep, sizeof(ep));
	assert_string_equal(ep, "https://kafka.cn-north-1.amazonaws.com.cn");
	aws_sts_endpoint(env, "eu-west-1", ep, sizeof(ep));
	assert_string_equal(ep, "https://sts.eu-west-1.amazonaws.com");
	aws_sts_endpoint(env, NULL, ep, sizeof(ep));
	assert_string_equal(ep, "https://sts.amazonaws.com");
	aws_sts_endpoint(env, "evil.example.com/x", ep, sizeof(ep));
	assert_string_equal(ep, "https://sts.amazonaws.com");

	set_env("AWS_ENDPOINT_URL=http://127.0.0.1:1/", NULL);
	aws_kafka_endpoint(env, "eu-west-1", ep, sizeof(ep));
	assert_string_equal(ep, "http://127.0.0.1:1");
	aws_sts_endpoint(env, "eu-west-1", ep, sizeof(ep));
	assert_string_equal(ep, "http://127.0.0.1:1/");
	set_env("AWS_ENDPOINT_URL=http://127.0.0.1:1", "AWS_ENDPOINT_URL_KAFKA=http://127.0.0.1:2",
		"AWS_ENDPOINT_URL_STS=http://127.0.0.1:3", NULL);
	aws_kafka_endpoint(env, "eu-west-1", ep, sizeof(ep));
	assert_string_equal(ep, "http://127.0.0.1:2");
	aws_sts_endpoint(env, "eu-west-1", ep, sizeof(ep));
	assert_string_equal(ep, "http://127.0.0.1:3");
}

/* The cache runs credential_process again when the credentials are within
 * five minutes of their expiry or past it, keeps them when a refresh fails
 * before they expire, and gives up after. */
static void test_cache_refresh(void **state)
{
	char cfg[2048], err[1024];
	const char *counter = path_of("n");
	aws_creds c;
	(void)state;
	write_file("n", "0");
	/* the fourth run on fails */
	snprintf(cfg, sizeof(cfg), "[profile r]\ncredential_process = n=$(($(cat %s) + 1)); "
		 "echo $n > %s; [ $n -le 3 ] || { echo 'no more' >&2; exit 4; }; "
		 "printf '{\"Version\": 1, \"AccessKeyId\": \"AKID%%s\", "
		 "\"SecretAccessKey\": \"procsecret\", \"Expiration\": \"2030-01-01T00:10:00Z\"}' $n\n",
		 counter, counter);
	write_file(".aws/config", cfg);
	set_env("AWS_PROFILE=r", NULL);
	aws_creds_cache *cache = aws_creds_cache_new(env);
	int64_t exp = 1893456600000LL;          /* 2030-01-01T00:10:00Z */
	assert_int_equal(aws_creds_cache_get(cache, exp - 3600000, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKID1");
	assert_string_equal(c.secret_key, "procsecret");
	assert_int_equal(c.expiry_ms, exp);
	aws_creds_free(&c);
	/* 6 minutes ahead: the same ones, the command not run */
	assert_int_equal(aws_creds_cache_get(cache, exp - 360000, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKID1");
	aws_creds_free(&c);
	assert_int_equal(read_counter(), 1);
	/* 4 minutes ahead: refreshed */
	assert_int_equal(aws_creds_cache_get(cache, exp - 240000, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKID2");
	aws_creds_free(&c);
	/* past the expiry: refreshed */
	assert_int_equal(aws_creds_cache_get(cache, exp + 1000, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKID3");
	aws_creds_free(&c);
	assert_int_equal(read_counter(), 3);
	/* a failed refresh while they are still valid: the old ones */
	assert_int_equal(aws_creds_cache_get(cache, exp - 60000, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKID3");
	aws_creds_free(&c);
	assert_int_equal(read_counter(), 4);
	/* and once they have expired: an error */
	assert_int_equal(aws_creds_cache_get(cache, exp + 2000, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "exited with status 4: no more"));
	assert_null(c.access_key);
	assert_int_equal(read_counter(), 5);
	aws_creds_cache_free(cache);
}

/* Credentials without an expiry (the environment's) are resolved once. */
static void test_cache_static(void **state)
{
	char err[512];
	aws_creds c;
	(void)state;
	set_env("AWS_ACCESS_KEY_ID=AKIDONE", "AWS_SECRET_ACCESS_KEY=s3cr3tEnv", NULL);
	aws_creds_cache *cache = aws_creds_cache_new(env);
	assert_int_equal(aws_creds_cache_get(cache, 1000, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDONE");
	assert_string_equal(c.source, "environment");
	aws_creds_free(&c);
	set_env("AWS_ACCESS_KEY_ID=AKIDTWO", "AWS_SECRET_ACCESS_KEY=s3cr3tEnv", NULL);
	assert_int_equal(aws_creds_cache_get(cache, INT64_MAX / 2, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key, "AKIDONE");
	aws_creds_free(&c);
	aws_creds_cache_free(cache);

	/* nothing to start with: an error each time */
	set_env(NULL);
	cache = aws_creds_cache_new(env);
	assert_int_equal(aws_creds_cache_get(cache, 1000, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no AWS credentials"));
	aws_creds_cache_free(cache);
}

static void test_nothing(void **state)
{
	aws_creds c;
	char err[1024];
	(void)state;
	/* a default profile with only a region: the chain goes on */
	write_file(".aws/config", "[default]\nregion = eu-west-1\n");
	set_env(NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no AWS credentials: no AWS_ACCESS_KEY_ID, "));
	assert_non_null(strstr(err, "no credentials in profile default"));
	assert_non_null(strstr(err, "no AWS_WEB_IDENTITY_TOKEN_FILE"));
	assert_non_null(strstr(err, "instance metadata disabled"));
	unlink(path_of(".aws/config"));
	unlink(path_of(".aws/credentials"));
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no profile default in"));
}

/* Instance metadata at a closed loopback port: a quick, clear failure. */
static void test_imds_closed(void **state)
{
	aws_creds c;
	char err[1024], region[64];
	(void)state;
	set_env("AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:1/", NULL);
	time_t t0 = time(NULL);
	assert_int_equal(aws_creds_resolve(env, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no instance metadata at http://127.0.0.1:1 ("));
	assert_int_equal(aws_region_resolve(env, region, sizeof(region), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no instance metadata at http://127.0.0.1:1 ("));
	assert_true(time(NULL) - t0 < 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_env, empty_files),
		cmocka_unit_test_setup(test_profile_read, empty_files),
		cmocka_unit_test_setup(test_chain_profiles, empty_files),
		cmocka_unit_test_setup(test_process, empty_files),
		cmocka_unit_test(test_process_json),
		cmocka_unit_test(test_iso8601),
		cmocka_unit_test(test_sts_parse),
		cmocka_unit_test_setup(test_web_identity, empty_files),
		cmocka_unit_test_setup(test_region, empty_files),
		cmocka_unit_test(test_endpoint),
		cmocka_unit_test_setup(test_cache_refresh, empty_files),
		cmocka_unit_test_setup(test_cache_static, empty_files),
		cmocka_unit_test_setup(test_nothing, empty_files),
		cmocka_unit_test_setup(test_imds_closed, empty_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
