/* aws_creds.c: see aws_creds.h. */
#include "config.h"

#include "aws_creds.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "aws_http.h"

#define REFRESH_AHEAD_MS (5 * 60 * 1000)
#define PROCESS_TIMEOUT_MS 30000
#define PROCESS_MAX_OUT (64 * 1024)

static char *sdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void free_secret(char *s)
{
	if (s) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

/* "2024-01-15T12:00:00Z" (fractions and offsets "Z" only): ms, 0 when
 * it does not parse. */
static int64_t iso8601_ms(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			 &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	return t < 0 ? 0 : (int64_t)t * 1000;
}

const char *aws_getenv(const char *name)
{
	return getenv(name);
}

/* ---- the profile files --------------------------------------------------- */

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Every key of section want in file into p (keys already set win). */
static bool read_section(const char *path, const char *want, aws_profile *p)
{
	FILE *f = path ? fopen(path, "r") : NULL;
	char line[4096];
	bool in = false, found = false;
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *l = trim(line);
		if (!*l || *l == '#' || *l == ';')
			continue;
		if (*l == '[') {
			char *end = strchr(l, ']');
			if (end)
				*end = '\0';
			in = !strcmp(trim(l + 1), want);
			found |= in;
			continue;
		}
		char *eq = strchr(l, '=');
		if (!in || !eq)
			continue;
		*eq = '\0';
		char *k = trim(l), *v = trim(eq + 1);
		char **slot = !strcmp(k, "aws_access_key_id") ? &p->access_key :
			      !strcmp(k, "aws_secret_access_key") ? &p->secret_key :
			      !strcmp(k, "aws_session_token") ? &p->session_token :
			      !strcmp(k, "credential_process") ? &p->credential_process :
			      !strcmp(k, "role_arn") ? &p->role_arn :
			      !strcmp(k, "web_identity_token_file") ? &p->web_identity_token_file :
			      !strcmp(k, "role_session_name") ? &p->role_session_name :
			      !strcmp(k, "region") ? &p->region : NULL;
		if (slot && !*slot)
			*slot = strdup(v);
	}
	OPENSSL_cleanse(line, sizeof(line));
	fclose(f);
	return found;
}

int aws_profile_read(const char *credentials_file, const char *config_file, const char *name,
		     aws_profile *out, char *err, size_t errlen)
{
	char section[300];
	memset(out, 0, sizeof(out[0]));
	/* the credentials file names it plainly, the config file "profile X"
	 * (but "default" plainly in both) */
	bool found = read_section(credentials_file, name, out);
	if (!strcmp(name, "default"))
		found |= read_section(config_file, "default", out);
	snprintf(section, sizeof(section), "profile %s", name);
	found |= read_section(config_file, section, out);
	if (!found) {
		snprintf(err, errlen, "no profile %s in %s or %s", name,
			 credentials_file ? credentials_file : "(no credentials file)",
			 config_file ? config_file : "(no config file)");
		aws_profile_free(out);
		return -1;
	}
	return 0;
}

void aws_profile_free(aws_profile *p)
{
	free(p->access_key);
	free_secret(p->secret_key);
	free_secret(p->session_token);
	free(p->credential_process);
	free(p->role_arn);
	free(p->web_identity_token_file);
	free(p->role_session_name);
	free(p->region);
	memset(p, 0, sizeof(*p));
}

/* ---- credential_process ---------------------------------------------------- */

int aws_parse_credential_process(const char *text, aws_creds *out, char *err, size_t errlen)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	memset(out, 0, sizeof(*out));
	if (!json_is_object(j)) {
		snprintf(err, errlen, "credential_process: its output is not a JSON object");
		json_decref(j);
		return -1;
	}
	json_t *ver = json_object_get(j, "Version");
	const char *id = json_string_value(json_object_get(j, "AccessKeyId"));
	const char *secret = json_string_value(json_object_get(j, "SecretAccessKey"));
	const char *token = json_string_value(json_object_get(j, "SessionToken"));
	const char *exp = json_string_value(json_object_get(j, "Expiration"));
	if (!json_is_integer(ver) || json_integer_value(ver) != 1) {
		snprintf(err, errlen, "credential_process: Version must be 1");
	} else if (!id || !*id || !secret || !*secret) {
		snprintf(err, errlen, "credential_process: no AccessKeyId or SecretAccessKey");
	} else if (exp && !iso8601_ms(exp)) {
		snprintf(err, errlen, "credential_process: Expiration is not a date");
	} else {
		out->access_key = strdup(id);
		out->secret_key = strdup(secret);
		out->session_token = sdup(token);
		out->expiry_ms = exp ? iso8601_ms(exp) : 0;
		json_decref(j);
		return 0;
	}
	json_decref(j);
	return -1;
}

/* Run cmd with /bin/sh, its stdout (bounded) into a malloc'd string. */
static char *run_process(const char *cmd, char *err, size_t errlen)
{
	int fds[2];
	if (pipe(fds)) {
		snprintf(err, errlen, "credential_process: %s", strerror(errno));
		return NULL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		snprintf(err, errlen, "credential_process: %s", strerror(errno));
		return NULL;
	}
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	char *buf = calloc(1, PROCESS_MAX_OUT + 1);
	size_t len = 0;
	int waited = 0;
	bool over = false;
	while (buf && waited < PROCESS_TIMEOUT_MS) {
		struct pollfd p = { fds[0], POLLIN, 0 };
		int rc = poll(&p, 1, 100);
		if (rc == 0) {
			waited += 100;
			continue;
		}
		ssize_t n = read(fds[0], buf + len, PROCESS_MAX_OUT - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == PROCESS_MAX_OUT) {
			over = true;
			break;
		}
	}
	close(fds[0]);
	int status = 0;
	if (waited >= PROCESS_TIMEOUT_MS || over)
		kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	if (waited >= PROCESS_TIMEOUT_MS || over || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "credential_process: %s",
			 waited >= PROCESS_TIMEOUT_MS ? "no answer within 30 s" :
			 over ? "more than 64 KB of output" : "the command failed");
		if (buf)
			OPENSSL_cleanse(buf, PROCESS_MAX_OUT);
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- instance metadata (IMDSv2) -------------------------------------------- */

static int imds_get(aws_getenv_fn env, const char *path, char **out, char *err, size_t errlen)
{
	const char *base = env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	char url[512], why[256];
	aws_http_response r;
	if (!base || !*base)
		base = "http://169.254.169.254";
	/* v2: a session token first (a PUT a forwarded request cannot make) */
	snprintf(url, sizeof(url), "%s/latest/api/token", base);
	aws_header th = { "X-aws-ec2-metadata-token-ttl-seconds", "21600" };
	if (aws_http_request("PUT", url, &th, 1, "", 0, 1000, 4096, &r, why, sizeof(why)) ||
	    r.status != 200) {
		snprintf(err, errlen, "no instance metadata at %s (%s)", base,
			 r.status ? "the token was refused" : why);
		aws_http_response_free(&r);
		return -1;
	}
	char token[512];
	snprintf(token, sizeof(token), "%s", trim(r.body));
	aws_http_response_free(&r);
	snprintf(url, sizeof(url), "%s%s", base, path);
	aws_header gh = { "X-aws-ec2-metadata-token", token };
	if (aws_http_request("GET", url, &gh, 1, NULL, 0, 2000, 64 * 1024, &r, why, sizeof(why)) ||
	    r.status != 200) {
		snprintf(err, errlen, "instance metadata %s: %s", path,
			 r.status ? "refused" : why);
		aws_http_response_free(&r);
		return -1;
	}
	*out = r.body;
	r.body = NULL;
	aws_http_response_free(&r);
	return 0;
}

static int imds_creds(aws_getenv_fn env, aws_creds *out, char *err, size_t errlen)
{
	char *role = NULL, *doc = NULL, path[512];
	if (imds_get(env, "/latest/meta-data/iam/security-credentials/", &role, err, errlen))
		return -1;
	char *r = trim(role);
	char *nl = strchr(r, '\n');
	if (nl)
		*nl = '\0';
	snprintf(path, sizeof(path), "/latest/meta-data/iam/security-credentials/%s", r);
	free(role);
	if (imds_get(env, path, &doc, err, errlen))
		return -1;
	json_t *j = json_loads(doc, 0, NULL);
	OPENSSL_cleanse(doc, strlen(doc));
	free(doc);
	const char *id = json_string_value(json_object_get(j, "AccessKeyId"));
	const char *secret = json_string_value(json_object_get(j, "SecretAccessKey"));
	if (!id || !secret) {
		snprintf(err, errlen, "instance metadata: no credentials in the role's answer");
		json_decref(j);
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->access_key = strdup(id);
	out->secret_key = strdup(secret);
	out->session_token = sdup(json_string_value(json_object_get(j, "Token")));
	out->expiry_ms = iso8601_ms(json_string_value(json_object_get(j, "Expiration")));
	snprintf(out->source, sizeof(out->source), "IMDS");
	json_decref(j);
	return 0;
}

/* ---- the chain ----------------------------------------------------------- */

static void files(aws_getenv_fn env, char *cred, char *conf, size_t len)
{
	const char *home = env("HOME");
	const char *c = env("AWS_SHARED_CREDENTIALS_FILE"), *f = env("AWS_CONFIG_FILE");
	if (c && *c)
		snprintf(cred, len, "%s", c);
	else
		snprintf(cred, len, "%s/.aws/credentials", home ? home : "");
	if (f && *f)
		snprintf(conf, len, "%s", f);
	else
		snprintf(conf, len, "%s/.aws/config", home ? home : "");
}

int aws_creds_resolve(aws_getenv_fn env, aws_creds *out, char *err, size_t errlen)
{
	char cred[1024], conf[1024], why[512] = "";
	memset(out, 0, sizeof(*out));
	const char *id = env("AWS_ACCESS_KEY_ID"), *secret = env("AWS_SECRET_ACCESS_KEY");
	if (id && *id && secret && *secret) {
		out->access_key = strdup(id);
		out->secret_key = strdup(secret);
		out->session_token = sdup(env("AWS_SESSION_TOKEN"));
		snprintf(out->source, sizeof(out->source), "environment");
		return 0;
	}
	files(env, cred, conf, sizeof(cred));
	const char *name = env("AWS_PROFILE");
	bool named = name && *name;
	aws_profile p;
	if (!aws_profile_read(cred, conf, named ? name : "default", &p, why, sizeof(why))) {
		int rc = -1;
		if (p.access_key && p.secret_key) {
			out->access_key = strdup(p.access_key);
			out->secret_key = strdup(p.secret_key);
			out->session_token = sdup(p.session_token);
			rc = 0;
		} else if (p.credential_process) {
			char *text = run_process(p.credential_process, why, sizeof(why));
			rc = text ? aws_parse_credential_process(text, out, why, sizeof(why)) : -1;
			if (text)
				OPENSSL_cleanse(text, strlen(text));
			free(text);
		} else {
			snprintf(why, sizeof(why), "profile %s has no keys and no credential_process "
				 "kdeck can use", named ? name : "default");
		}
		if (!rc)
			snprintf(out->source, sizeof(out->source), "profile %.50s",
				 named ? name : "default");
		aws_profile_free(&p);
		if (!rc || named) {
			if (rc)
				snprintf(err, errlen, "AWS credentials: %s", why);
			return rc;
		}
	} else if (named) {
		snprintf(err, errlen, "AWS credentials: %s", why);
		return -1;
	}
	const char *off = env("AWS_EC2_METADATA_DISABLED");
	if (off && !strcasecmp(off, "true")) {
		snprintf(err, errlen, "no AWS credentials: no AWS_ACCESS_KEY_ID, no usable profile "
			 "default (%s), instance metadata disabled", why);
		return -1;
	}
	char imds[512];
	if (!imds_creds(env, out, imds, sizeof(imds)))
		return 0;
	snprintf(err, errlen, "no AWS credentials: no AWS_ACCESS_KEY_ID, no usable profile "
		 "default (%s), %s", why, imds);
	return -1;
}

int aws_region_resolve(aws_getenv_fn env, char *out, size_t outlen, char *err, size_t errlen)
{
	char cred[1024], conf[1024], why[256];
	const char *r = env("AWS_REGION");
	if (!r || !*r)
		r = env("AWS_DEFAULT_REGION");
	if (r && *r) {
		snprintf(out, outlen, "%s", r);
		return 0;
	}
	files(env, cred, conf, sizeof(cred));
	const char *name = env("AWS_PROFILE");
	aws_profile p;
	if (!aws_profile_read(NULL, conf, name && *name ? name : "default", &p, why, sizeof(why))) {
		bool have = p.region && *p.region;
		if (have)
			snprintf(out, outlen, "%s", p.region);
		aws_profile_free(&p);
		if (have)
			return 0;
	}
	const char *off = env("AWS_EC2_METADATA_DISABLED");
	char *body = NULL;
	if (!(off && !strcasecmp(off, "true")) &&
	    !imds_get(env, "/latest/meta-data/placement/region", &body, why, sizeof(why))) {
		snprintf(out, outlen, "%s", trim(body));
		free(body);
		return 0;
	}
	snprintf(err, errlen, "no AWS region: set AWS_REGION, or region in the profile");
	return -1;
}

void aws_kafka_endpoint(aws_getenv_fn env, const char *region, char *out, size_t outlen)
{
	const char *e = env("AWS_ENDPOINT_URL_KAFKA");
	if (!e || !*e)
		e = env("AWS_ENDPOINT_URL");
	if (e && *e)
		snprintf(out, outlen, "%s", e);
	else
		snprintf(out, outlen, "https://kafka.%s.amazonaws.com", region);
}

/* ---- the cache ------------------------------------------------------------- */

struct aws_creds_cache {
	pthread_mutex_t lock;
	aws_getenv_fn env;
	aws_creds cur;
	bool have;
};

aws_creds_cache *aws_creds_cache_new(aws_getenv_fn env)
{
	aws_creds_cache *c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	pthread_mutex_init(&c->lock, NULL);
	c->env = env;
	return c;
}

void aws_creds_cache_free(aws_creds_cache *c)
{
	if (!c)
		return;
	if (c->have)
		aws_creds_free(&c->cur);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static void copy(aws_creds *dst, const aws_creds *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->access_key = sdup(src->access_key);
	dst->secret_key = sdup(src->secret_key);
	dst->session_token = sdup(src->session_token);
	dst->expiry_ms = src->expiry_ms;
	memcpy(dst->source, src->source, sizeof(dst->source));
}

int aws_creds_cache_get(aws_creds_cache *c, int64_t now_ms, aws_creds *out, char *err,
			size_t errlen)
{
	pthread_mutex_lock(&c->lock);
	bool stale = !c->have || (c->cur.expiry_ms && now_ms >= c->cur.expiry_ms - REFRESH_AHEAD_MS);
	if (stale) {
		aws_creds fresh;
		if (!aws_creds_resolve(c->env, &fresh, err, errlen)) {
			if (c->have)
				aws_creds_free(&c->cur);
			c->cur = fresh;
			c->have = true;
		} else if (!c->have || (c->cur.expiry_ms && now_ms >= c->cur.expiry_ms)) {
			/* no new ones, and the old ones are gone too */
			pthread_mutex_unlock(&c->lock);
			return -1;
		}
	}
	copy(out, &c->cur);
	pthread_mutex_unlock(&c->lock);
	return 0;
}
