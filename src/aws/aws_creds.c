/*
 * aws_creds.c: the AWS SDKs' default credential chain and region lookup
 * (see aws_creds.h), for the MSK control plane and the MSK IAM token, and
 * the cache that keeps the answer fresh for every thread.
 *
 * Messages name variables, files, profiles, endpoints and key ids; never a
 * secret key, a session token or a web identity token.  Buffers that held
 * one are wiped before they are freed.
 */
#include "config.h"

#include "aws_creds.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
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
#define TOKEN_FILE_MAX (64 * 1024)
#define IMDS_DEFAULT "http://169.254.169.254"
#define IMDS_DEFAULT_V6 "http://[fd00:ec2::254]"
#define IMDS_TOKEN_TIMEOUT_MS 1000      /* off EC2, fail fast */
#define IMDS_GET_TIMEOUT_MS 2000
#define IMDS_MAX_BODY (64 * 1024)
#define STS_TIMEOUT_MS 10000
#define STS_MAX_BODY (64 * 1024)

/* ---- small helpers --------------------------------------------------------- */

static char *must_dup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		abort();
	return d;
}

static void wipe_free(char *s)
{
	if (s) {
		OPENSSL_cleanse(s, strlen(s));
		free(s);
	}
}

const char *aws_getenv(const char *name)
{
	return getenv(name);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* A variable's value, or NULL when unset or empty (the SDKs treat both
 * alike). */
static const char *envs(aws_getenv_fn env, const char *name)
{
	const char *v = env(name);
	return v && *v ? v : NULL;
}

static bool imds_disabled(aws_getenv_fn env)
{
	const char *v = envs(env, "AWS_EC2_METADATA_DISABLED");
	return v && !strcasecmp(v, "true");
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "us-east-1": lower-case letters, digits and dashes only, since it goes
 * into a host name. */
static bool region_ok(const char *r)
{
	if (!r || !*r || strlen(r) > 40)
		return false;
	for (; *r; r++)
		if (!islower((unsigned char)*r) && !isdigit((unsigned char)*r) && *r != '-')
			return false;
	return true;
}

/* Copies text from outside (stderr, STS messages) into a message: one
 * line, printable ASCII, bounded. */
static void plain_copy(char *dst, size_t dstlen, const char *src, size_t srclen)
{
	size_t o = 0;
	for (size_t i = 0; i < srclen && o + 1 < dstlen; i++) {
		unsigned char c = (unsigned char)src[i];
		dst[o++] = c >= 0x20 && c < 0x7f ? (char)c : ' ';
	}
	if (dstlen)
		dst[o] = '\0';
}

static void creds_set(aws_creds *out, const char *id, const char *secret, const char *token,
		      int64_t expiry_ms)
{
	memset(out, 0, sizeof(*out));
	out->access_key = must_dup(id);
	out->secret_key = must_dup(secret);
	out->session_token = token && *token ? must_dup(token) : NULL;
	out->expiry_ms = expiry_ms;
}

int64_t aws_iso8601_ms(const char *s)
{
	struct tm tm;
	int n = 0, off = 0;
	memset(&tm, 0, sizeof(tm));
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			 &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || n != 19)
		return 0;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60 || tm.tm_year < 1970)
		return 0;
	s += n;
	if (*s == '.') {                        /* fractions of a second: dropped */
		s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s == '+' || *s == '-') {
		int hh, mm, m = 0;
		if (sscanf(s + 1, "%2d:%2d%n", &hh, &mm, &m) != 2 || m != 5 || hh > 23 || mm > 59)
			return 0;
		off = (hh * 60 + mm) * 60 * (*s == '-' ? -1 : 1);
		s += 6;
	} else if (*s == 'Z' || *s == 'z') {
		s++;
	} else {
		return 0;
	}
	if (*s)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	if (t <= 0)
		return 0;
	return ((int64_t)t - off) * 1000;
}

/* ---- the profile files ----------------------------------------------------- */

/* "[ profile   dev ]" -> "profile dev", in place. */
static char *section_name(char *s)
{
	s = trim(s);
	if (!strncmp(s, "profile", 7) && isspace((unsigned char)s[7])) {
		char *name = trim(s + 8);
		memmove(s + 8, name, strlen(name) + 1);
	}
	return s;
}

static char **profile_slot(aws_profile *p, const char *key)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "aws_access_key_id", offsetof(aws_profile, access_key) },
		{ "aws_secret_access_key", offsetof(aws_profile, secret_key) },
		{ "aws_session_token", offsetof(aws_profile, session_token) },
		{ "credential_process", offsetof(aws_profile, credential_process) },
		{ "role_arn", offsetof(aws_profile, role_arn) },
		{ "web_identity_token_file", offsetof(aws_profile, web_identity_token_file) },
		{ "role_session_name", offsetof(aws_profile, role_session_name) },
		{ "region", offsetof(aws_profile, region) },
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcasecmp(key, keys[i].key))
			return (char **)((char *)p + keys[i].off);
	return NULL;
}

/*
 * The keys of section want of the INI file at path, into p; a key already
 * set (from the credentials file, read first) wins.  Keys are
 * case-insensitive as in the SDKs' parser; an indented line under a key
 * with no value is a nested setting (s3 = ...) and is skipped.  True when
 * the section exists.
 */
static bool read_section(const char *path, const char *want, aws_profile *p)
{
	FILE *f = path && *path ? fopen(path, "r") : NULL;
	char *line = NULL;
	size_t cap = 0;
	bool in = false, found = false, nested = false;
	if (!f)
		return false;
	while (getline(&line, &cap, f) >= 0) {
		bool indented = isspace((unsigned char)line[0]);
		char *l = trim(line);
		if (!*l || *l == '#' || *l == ';')
			continue;
		if (*l == '[') {
			char *end = strchr(l, ']');
			in = false;
			nested = false;
			if (!end)
				continue;
			*end = '\0';
			in = !strcmp(section_name(l + 1), want);
			found |= in;
			continue;
		}
		char *eq = strchr(l, '=');
		if (!in || !eq || (indented && nested))
			continue;
		*eq = '\0';
		char *k = trim(l), *v = trim(eq + 1);
		nested = !*v;
		char **slot = profile_slot(p, k);
		if (slot && !*slot && *v)
			*slot = must_dup(v);
	}
	if (line)
		OPENSSL_cleanse(line, cap);
	free(line);
	fclose(f);
	return found;
}

int aws_profile_read(const char *credentials_file, const char *config_file, const char *name,
		     aws_profile *out, char *err, size_t errlen)
{
	char section[300];
	memset(out, 0, sizeof(*out));
	/* the credentials file names a profile plainly, the config file as
	 * "profile NAME"; "default" is plain in both */
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
	wipe_free(p->secret_key);
	wipe_free(p->session_token);
	free(p->credential_process);
	free(p->role_arn);
	free(p->web_identity_token_file);
	free(p->role_session_name);
	free(p->region);
	memset(p, 0, sizeof(*p));
}

/* ~/.aws/credentials and ~/.aws/config, or the variables naming them. */
static void profile_files(aws_getenv_fn env, char *cred, char *conf, size_t len)
{
	const char *home = envs(env, "HOME");
	const char *c = envs(env, "AWS_SHARED_CREDENTIALS_FILE"), *f = envs(env, "AWS_CONFIG_FILE");
	if (c)
		snprintf(cred, len, "%s", c);
	else
		snprintf(cred, len, "%s/.aws/credentials", home ? home : "");
	if (f)
		snprintf(conf, len, "%s", f);
	else
		snprintf(conf, len, "%s/.aws/config", home ? home : "");
}

/* ---- credential_process ---------------------------------------------------- */

int aws_parse_credential_process(const char *text, aws_creds *out, char *err, size_t errlen)
{
	/* jansson's error text quotes the input: it is not shown */
	json_t *j = json_loads(text, 0, NULL);
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
	int rc = -1;
	if (!json_is_integer(ver) || json_integer_value(ver) != 1)
		snprintf(err, errlen, "credential_process: Version must be 1");
	else if (!id || !*id || !secret || !*secret)
		snprintf(err, errlen, "credential_process: no AccessKeyId or SecretAccessKey");
	else if (exp && !aws_iso8601_ms(exp))
		snprintf(err, errlen, "credential_process: Expiration is not an ISO 8601 date");
	else
		rc = 0;
	if (!rc)
		creds_set(out, id, secret, token, exp ? aws_iso8601_ms(exp) : 0);
	json_decref(j);
	return rc;
}

/* Reads what is there; false at end of file or on an error. */
static bool drain(int fd, char *buf, size_t *len, size_t cap)
{
	ssize_t n = read(fd, buf + *len, cap - *len);
	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0)
		return false;
	*len += (size_t)n;
	return true;
}

/* Keeps the tail of the command's stderr: its last line says why it
 * failed. */
static bool drain_tail(int fd, char *buf, size_t *len, size_t cap)
{
	if (*len == cap) {
		memmove(buf, buf + cap / 2, cap - cap / 2);
		*len = cap - cap / 2;
	}
	return drain(fd, buf, len, cap);
}

static void last_line(char *dst, size_t dstlen, const char *buf, size_t len)
{
	while (len && isspace((unsigned char)buf[len - 1]))
		len--;
	size_t start = len;
	while (start && buf[start - 1] != '\n')
		start--;
	plain_copy(dst, dstlen, buf + start, len - start);
}

/*
 * Runs a credential_process with /bin/sh, as the SDKs do, and returns its
 * stdout (NUL-terminated, at most 64 KB).  The command gets its own process
 * group, so a timeout kills what it started too, and /dev/null as stdin,
 * since kdeck may own the terminal; its stderr is kept for the message
 * when it fails (no credentials come out of a failed run).
 */
static char *run_process(const char *cmd, char *err, size_t errlen)
{
	int out[2] = { -1, -1 }, ep[2] = { -1, -1 };
	int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	char *const argv[] = { "sh", "-c", (char *)cmd, NULL };
	pid_t pid = -1;
	if (devnull < 0 || pipe2(out, O_CLOEXEC) || pipe2(ep, O_CLOEXEC) || (pid = fork()) < 0) {
		snprintf(err, errlen, "credential_process: cannot run it: %s", strerror(errno));
		for (int i = 0; i < 2; i++) {
			if (out[i] >= 0)
				close(out[i]);
			if (ep[i] >= 0)
				close(ep[i]);
		}
		if (devnull >= 0)
			close(devnull);
		return NULL;
	}
	if (pid == 0) {
		/* async-signal-safe calls only (kdeck has threads); the
		 * command gets the signal defaults a shell would give it, not
		 * kdeck's ignored SIGPIPE and blocked mask */
		sigset_t none;
		sigemptyset(&none);
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setpgid(0, 0);
		if (dup2(devnull, 0) < 0 || dup2(out[1], 1) < 0 || dup2(ep[1], 2) < 0)
			_exit(126);
		execv("/bin/sh", argv);
		_exit(127);
	}
	/* both sides set the group: a kill may come before the child runs */
	setpgid(pid, pid);
	close(devnull);
	close(out[1]);
	close(ep[1]);

	char *buf = malloc(PROCESS_MAX_OUT + 2);
	char ebuf[1024];
	size_t len = 0, elen = 0;
	int64_t deadline = mono_ms() + PROCESS_TIMEOUT_MS;
	bool timed_out = false, over = false, reaped = false;
	struct pollfd pf[2] = { { out[0], POLLIN, 0 }, { ep[0], POLLIN, 0 } };
	int status = 0;
	if (!buf)
		abort();
	/* stdout until its end, then the process's exit; stderr meanwhile,
	 * so that a chatty command never blocks on a full pipe */
	for (;;) {
		int64_t left = deadline - mono_ms();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		if (pf[0].fd < 0) {
			pid_t w = waitpid(pid, &status, WNOHANG);
			if (w == pid || (w < 0 && errno == ECHILD)) {
				/* ECHILD: reaped elsewhere, the output decides */
				if (w < 0)
					status = 0;
				reaped = true;
				break;
			}
			left = left < 10 ? left : 10;
		}
		int n = poll(pf, 2, (int)left);
		if (n < 0 && errno != EINTR)
			break;
		if (n <= 0)
			continue;
		if (pf[0].revents && !drain(out[0], buf, &len, PROCESS_MAX_OUT + 1)) {
			close(out[0]);
			pf[0].fd = -1;
		}
		if (len > PROCESS_MAX_OUT) {
			over = true;
			break;
		}
		if (pf[1].revents && !drain_tail(ep[0], ebuf, &elen, sizeof(ebuf))) {
			close(ep[0]);
			pf[1].fd = -1;
		}
	}
	if (pf[0].fd >= 0)
		close(out[0]);
	if (pf[1].fd >= 0)
		close(ep[0]);
	if (!reaped) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	buf[len] = '\0';
	if (reaped && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return buf;

	char why[200];
	last_line(why, sizeof(why), ebuf, elen);
	if (timed_out)
		snprintf(err, errlen, "credential_process gave no answer within %d s",
			 PROCESS_TIMEOUT_MS / 1000);
	else if (over)
		snprintf(err, errlen, "credential_process printed more than %d KB",
			 PROCESS_MAX_OUT / 1024);
	else if (WIFSIGNALED(status))
		snprintf(err, errlen, "credential_process was killed by signal %d",
			 WTERMSIG(status));
	else if (WIFEXITED(status))
		snprintf(err, errlen, "credential_process exited with status %d%s%s",
			 WEXITSTATUS(status), *why ? ": " : "", why);
	else
		snprintf(err, errlen, "credential_process failed");
	OPENSSL_cleanse(buf, PROCESS_MAX_OUT + 2);
	free(buf);
	return NULL;
}

static int process_creds(const char *cmd, aws_creds *out, char *err, size_t errlen)
{
	char *text = run_process(cmd, err, errlen);
	if (!text)
		return -1;
	int rc = aws_parse_credential_process(text, out, err, errlen);
	OPENSSL_cleanse(text, strlen(text));
	free(text);
	return rc;
}

/* ---- web identity (STS AssumeRoleWithWebIdentity) -------------------------- */

/* x-www-form-urlencoded, RFC 3986's unreserved characters kept. */
static char *form_encode(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *o = malloc(3 * strlen(s) + 1), *p = o;
	if (!o)
		abort();
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			*p++ = (char)c;
		} else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return o;
}

/* The element tag's content in s (NUL-terminated): its start, and *end at
 * its closing tag; NULL when absent.  Enough XML for STS's fixed answers:
 * no CDATA, no comments, no namespaces on these tags. */
static const char *xml_find(const char *s, const char *tag, const char **end)
{
	char open[64], close[64];
	size_t ol = (size_t)snprintf(open, sizeof(open), "<%s", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	for (const char *p = strstr(s, open); p; p = strstr(p + 1, open)) {
		const char *q = p + ol;
		if (*q != '>' && !isspace((unsigned char)*q) && *q != '/')
			continue;               /* <AccessKeyIdX> */
		q = strchr(q, '>');
		if (!q)
			return NULL;
		if (q[-1] == '/') {             /* <Tag/> */
			*end = q + 1;
			return q + 1;
		}
		*end = strstr(q + 1, close);
		return *end ? q + 1 : NULL;
	}
	return NULL;
}

/* The text of tag in s with XML's five entities and character
 * references decoded; malloc'd, or NULL when absent. */
static char *xml_text(const char *s, const char *tag)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
		     { "&apos;", '\'' } };
	const char *end, *p = xml_find(s, tag, &end);
	if (!p)
		return NULL;
	char *o = malloc((size_t)(end - p) + 1), *w = o;
	if (!o)
		abort();
	while (p < end) {
		size_t i, n = sizeof(ents) / sizeof(ents[0]);
		for (i = 0; *p == '&' && i < n; i++)
			if (!strncmp(p, ents[i].ent, strlen(ents[i].ent)))
				break;
		if (*p == '&' && i < n) {
			*w++ = ents[i].c;
			p += strlen(ents[i].ent);
		} else if (*p == '&' && p[1] == '#') {
			char *after;
			bool x = p[2] == 'x' || p[2] == 'X';
			long v = strtol(p + (x ? 3 : 2), &after, x ? 16 : 10);
			if (after < end && *after == ';' && v > 0 && v < 0x80) {
				*w++ = (char)v;
				p = after + 1;
			} else {
				*w++ = *p++;
			}
		} else {
			*w++ = *p++;
		}
	}
	*w = '\0';
	return o;
}

int aws_parse_sts_credentials(const char *xml, aws_creds *out, char *err, size_t errlen)
{
	const char *end, *inner;
	memset(out, 0, sizeof(*out));
	if ((inner = xml_find(xml, "Error", &end))) {
		char *code = xml_text(inner, "Code"), *msg = xml_text(inner, "Message");
		char c[80] = "", m[240] = "";
		if (code)
			plain_copy(c, sizeof(c), code, strlen(code));
		if (msg)
			plain_copy(m, sizeof(m), msg, strlen(msg));
		snprintf(err, errlen, "STS refused: %s%s%s", *c ? c : "an error",
			 *m ? ": " : "", m);
		free(code);
		free(msg);
		return -1;
	}
	if (!(inner = xml_find(xml, "Credentials", &end))) {
		snprintf(err, errlen, "STS: no Credentials in the answer");
		return -1;
	}
	char *el = strndup(inner, (size_t)(end - inner));
	if (!el)
		abort();
	char *id = xml_text(el, "AccessKeyId"), *secret = xml_text(el, "SecretAccessKey");
	char *token = xml_text(el, "SessionToken"), *exp = xml_text(el, "Expiration");
	int64_t expiry = 0;
	int rc = -1;
	if (!id || !*id || !secret || !*secret)
		snprintf(err, errlen, "STS: no AccessKeyId or SecretAccessKey in the answer");
	else if (!exp || !(expiry = aws_iso8601_ms(trim(exp))))
		snprintf(err, errlen, "STS: no Expiration date in the answer");
	else
		rc = 0;
	if (!rc)
		creds_set(out, trim(id), trim(secret), token ? trim(token) : NULL, expiry);
	free(id);
	wipe_free(secret);
	wipe_free(token);
	free(exp);
	wipe_free(el);
	return rc;
}

void aws_sts_endpoint(aws_getenv_fn env, const char *region, char *out, size_t outlen)
{
	const char *e = envs(env, "AWS_ENDPOINT_URL_STS");
	if (!e)
		e = envs(env, "AWS_ENDPOINT_URL");
	if (e)
		snprintf(out, outlen, "%s", e);
	else if (region_ok(region))
		snprintf(out, outlen, "https://sts.%s.amazonaws.com%s", region,
			 strncmp(region, "cn-", 3) ? "" : ".cn");
	else
		snprintf(out, outlen, "https://sts.amazonaws.com");
}

/* The token file's content, trimmed; malloc'd, or NULL with err. */
static char *read_token_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "web identity token file %s: %s", path, strerror(errno));
		return NULL;
	}
	char *buf = malloc(TOKEN_FILE_MAX + 2);
	if (!buf)
		abort();
	size_t n = fread(buf, 1, TOKEN_FILE_MAX + 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *why = n > TOKEN_FILE_MAX ? "over 64 KB" : !*trim(buf) ? "empty" : NULL;
	if (why) {
		snprintf(err, errlen, "web identity token file %s: %s", path, why);
		OPENSSL_cleanse(buf, TOKEN_FILE_MAX + 2);
		free(buf);
		return NULL;
	}
	char *tok = must_dup(trim(buf));
	OPENSSL_cleanse(buf, TOKEN_FILE_MAX + 2);
	free(buf);
	return tok;
}

/*
 * Trades a web identity token (an EKS service account's, a CI job's) for
 * a role's credentials.  AssumeRoleWithWebIdentity is not signed: the
 * token is the proof.  STS's regional endpoint, else the global one.
 */
static int web_identity(aws_getenv_fn env, const char *role_arn, const char *token_file,
			const char *session, const char *region, aws_creds *out, char *err,
			size_t errlen)
{
	char ep[512], url[600], why[512], name[80];
	char *token = read_token_file(token_file, err, errlen);
	if (!token)
		return -1;
	if (!session)
		session = envs(env, "AWS_ROLE_SESSION_NAME");
	if (!session) {
		snprintf(name, sizeof(name), "kdeck-%lld", (long long)time(NULL));
		session = name;
	}
	aws_sts_endpoint(env, region, ep, sizeof(ep));
	snprintf(url, sizeof(url), "%s%s", ep, ep[0] && ep[strlen(ep) - 1] == '/' ? "" : "/");

	char *e_arn = form_encode(role_arn), *e_sess = form_encode(session);
	char *e_tok = form_encode(token);
	wipe_free(token);
	size_t blen = strlen(e_arn) + strlen(e_sess) + strlen(e_tok) + 160;
	char *body = malloc(blen);
	if (!body)
		abort();
	snprintf(body, blen, "Action=AssumeRoleWithWebIdentity&RoleArn=%s&RoleSessionName=%s"
		 "&WebIdentityToken=%s&Version=2011-06-15", e_arn, e_sess, e_tok);
	free(e_arn);
	free(e_sess);
	wipe_free(e_tok);

	aws_header h = { "Content-Type", "application/x-www-form-urlencoded; charset=utf-8" };
	aws_http_response r;
	int rc = aws_http_request("POST", url, &h, 1, body, strlen(body), STS_TIMEOUT_MS,
				  STS_MAX_BODY, &r, why, sizeof(why));
	wipe_free(body);
	if (rc) {
		snprintf(err, errlen, "STS at %s: %s", ep, why);
		return -1;
	}
	rc = aws_parse_sts_credentials(r.body, out, why, sizeof(why));
	if (!rc && r.status != 200) {
		aws_creds_free(out);
		snprintf(why, sizeof(why), "an unexpected answer");
		rc = -1;
	}
	if (rc)
		snprintf(err, errlen, "AssumeRoleWithWebIdentity for %s at %s: HTTP %ld, %s",
			 role_arn, ep, r.status, why);
	aws_http_response_free(&r);
	return rc;
}

/* ---- instance metadata (IMDSv2) -------------------------------------------- */

static void imds_base(aws_getenv_fn env, char *out, size_t len)
{
	const char *e = envs(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
	const char *mode = envs(env, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
	if (!e)
		e = mode && !strcasecmp(mode, "IPv6") ? IMDS_DEFAULT_V6 : IMDS_DEFAULT;
	snprintf(out, len, "%s", e);
	size_t n = strlen(out);
	while (n && out[n - 1] == '/')
		out[--n] = '\0';
}

/* An IMDSv2 session token: it takes a PUT with a TTL header, which a
 * request forwarded by a tricked web application usually cannot send. */
static int imds_token(const char *base, char *tok, size_t toklen, char *err, size_t errlen)
{
	char url[600], why[256];
	aws_http_response r;
	aws_header h = { "X-aws-ec2-metadata-token-ttl-seconds", "21600" };
	snprintf(url, sizeof(url), "%s/latest/api/token", base);
	if (aws_http_request("PUT", url, &h, 1, NULL, 0, IMDS_TOKEN_TIMEOUT_MS, 4096, &r, why,
			     sizeof(why))) {
		snprintf(err, errlen, "no instance metadata at %s (%s)", base, why);
		return -1;
	}
	char *t = trim(r.body);
	if (r.status != 200 || !*t || strlen(t) >= toklen) {
		snprintf(err, errlen, "no instance metadata at %s (its IMDSv2 token request "
			 "got HTTP %ld)", base, r.status);
		aws_http_response_free(&r);
		return -1;
	}
	snprintf(tok, toklen, "%s", t);
	aws_http_response_free(&r);
	return 0;
}

/* GET path with the session token: the body (malloc'd; the caller wipes
 * it), or NULL with err and *status (0 when there was no answer). */
static char *imds_get(const char *base, const char *tok, const char *path, long *status,
		      char *err, size_t errlen)
{
	char url[1024], why[256];
	aws_http_response r;
	aws_header h = { "X-aws-ec2-metadata-token", tok };
	snprintf(url, sizeof(url), "%s%s", base, path);
	*status = 0;
	if (aws_http_request("GET", url, &h, 1, NULL, 0, IMDS_GET_TIMEOUT_MS, IMDS_MAX_BODY, &r,
			     why, sizeof(why))) {
		snprintf(err, errlen, "instance metadata at %s, %s: %s", base, path, why);
		return NULL;
	}
	*status = r.status;
	if (r.status != 200) {
		snprintf(err, errlen, "instance metadata at %s, %s: HTTP %ld", base, path,
			 r.status);
		aws_http_response_free(&r);
		return NULL;
	}
	char *body = r.body;
	r.body = NULL;
	aws_http_response_free(&r);
	return body;
}

static bool role_name_ok(const char *r)
{
	if (!*r || strlen(r) > 128 || !strcmp(r, ".") || !strcmp(r, ".."))
		return false;
	for (; *r; r++)
		if (!isalnum((unsigned char)*r) && !strchr("+=,.@_-", *r))
			return false;
	return true;
}

/* The instance profile's role: its name, then its credentials. */
static int imds_creds(aws_getenv_fn env, aws_creds *out, char *err, size_t errlen)
{
	char base[256], tok[1024], path[200];
	long status;
	imds_base(env, base, sizeof(base));
	if (imds_token(base, tok, sizeof(tok), err, errlen))
		return -1;
	int rc = -1;
	char *roles = imds_get(base, tok, "/latest/meta-data/iam/security-credentials/", &status,
			       err, errlen);
	if (!roles) {
		if (status == 404)
			snprintf(err, errlen, "instance metadata at %s: no IAM role is attached "
				 "to the instance", base);
		goto out;
	}
	char *role = trim(roles);
	role[strcspn(role, "\r\n")] = '\0';
	if (!role_name_ok(role)) {
		snprintf(err, errlen, "instance metadata at %s: %s", base,
			 *role ? "a role name kdeck does not trust" :
			 "no IAM role is attached to the instance");
		free(roles);
		goto out;
	}
	snprintf(path, sizeof(path), "/latest/meta-data/iam/security-credentials/%s", role);
	free(roles);
	char *doc = imds_get(base, tok, path, &status, err, errlen);
	if (!doc)
		goto out;
	json_t *j = json_loads(doc, 0, NULL);
	wipe_free(doc);
	const char *code = json_string_value(json_object_get(j, "Code"));
	const char *id = json_string_value(json_object_get(j, "AccessKeyId"));
	const char *secret = json_string_value(json_object_get(j, "SecretAccessKey"));
	const char *token = json_string_value(json_object_get(j, "Token"));
	const char *exp = json_string_value(json_object_get(j, "Expiration"));
	if (code && strcmp(code, "Success")) {
		char c[80];
		plain_copy(c, sizeof(c), code, strlen(code));
		snprintf(err, errlen, "instance metadata at %s, %s: Code %s", base, path, c);
	} else if (!id || !*id || !secret || !*secret) {
		snprintf(err, errlen, "instance metadata at %s, %s: no credentials in the answer",
			 base, path);
	} else {
		creds_set(out, id, secret, token, aws_iso8601_ms(exp));
		snprintf(out->source, sizeof(out->source), "IMDS");
		rc = 0;
	}
	json_decref(j);
out:
	OPENSSL_cleanse(tok, sizeof(tok));
	return rc;
}

static int imds_region(aws_getenv_fn env, char *out, size_t outlen, char *err, size_t errlen)
{
	char base[256], tok[1024];
	long status;
	imds_base(env, base, sizeof(base));
	if (imds_token(base, tok, sizeof(tok), err, errlen))
		return -1;
	char *body = imds_get(base, tok, "/latest/meta-data/placement/region", &status, err,
			      errlen);
	OPENSSL_cleanse(tok, sizeof(tok));
	if (!body)
		return -1;
	char *r = trim(body);
	int rc = region_ok(r) ? 0 : -1;
	if (!rc)
		snprintf(out, outlen, "%s", r);
	else
		snprintf(err, errlen, "instance metadata at %s: not a region name", base);
	free(body);
	return rc;
}

/* ---- the chain ------------------------------------------------------------- */

/* Appends ", what" to the list of sources tried, for the final message. */
static void tried(char *list, size_t len, const char *what)
{
	size_t n = strlen(list);
	if (n < len)
		snprintf(list + n, len - n, "%s%s", n ? ", " : "", what);
}

/* A profile's credentials: 0, -1 with why (the profile's source failed),
 * or 1 when the profile names none. */
static int profile_creds(aws_getenv_fn env, const char *name, const aws_profile *p,
			 aws_creds *out, char *why, size_t len)
{
	const char *how;
	if (p->access_key && p->secret_key) {
		creds_set(out, p->access_key, p->secret_key, p->session_token, 0);
		how = "";
	} else if (p->access_key || p->secret_key) {
		snprintf(why, len, "%s without %s",
			 p->access_key ? "aws_access_key_id" : "aws_secret_access_key",
			 p->access_key ? "aws_secret_access_key" : "aws_access_key_id");
		return -1;
	} else if (p->credential_process) {
		if (process_creds(p->credential_process, out, why, len))
			return -1;
		how = " (credential_process)";
	} else if (p->role_arn && p->web_identity_token_file) {
		const char *region = envs(env, "AWS_REGION");
		if (!region)
			region = envs(env, "AWS_DEFAULT_REGION");
		if (!region)
			region = p->region;
		if (web_identity(env, p->role_arn, p->web_identity_token_file,
				 p->role_session_name, region, out, why, len))
			return -1;
		how = " (web identity)";
	} else {
		return 1;
	}
	snprintf(out->source, sizeof(out->source), "profile %.32s%s", name, how);
	return 0;
}

int aws_creds_resolve(aws_getenv_fn env, aws_creds *out, char *err, size_t errlen)
{
	char cred[1024], conf[1024], why[768], list[1536] = "", region[64] = "";
	memset(out, 0, sizeof(*out));

	/* 1. the environment */
	const char *id = envs(env, "AWS_ACCESS_KEY_ID");
	const char *secret = envs(env, "AWS_SECRET_ACCESS_KEY");
	if (id && secret) {
		creds_set(out, id, secret, envs(env, "AWS_SESSION_TOKEN"), 0);
		snprintf(out->source, sizeof(out->source), "environment");
		return 0;
	}
	tried(list, sizeof(list), id ? "AWS_ACCESS_KEY_ID without AWS_SECRET_ACCESS_KEY" :
	      "no AWS_ACCESS_KEY_ID");

	/* 2. the profile: a named one that fails is the answer, and so is
	 * the default one when it names a source */
	profile_files(env, cred, conf, sizeof(cred));
	const char *named = envs(env, "AWS_PROFILE");
	const char *name = named ? named : "default";
	aws_profile p;
	if (!aws_profile_read(cred, conf, name, &p, why, sizeof(why))) {
		int rc = profile_creds(env, name, &p, out, why, sizeof(why));
		if (p.region)
			snprintf(region, sizeof(region), "%s", p.region);
		aws_profile_free(&p);
		if (rc == 0)
			return 0;
		if (rc < 0) {
			snprintf(err, errlen, "AWS credentials from profile %s: %s", name, why);
			return -1;
		}
		if (named) {
			snprintf(err, errlen, "AWS credentials: profile %s has no "
				 "aws_access_key_id and aws_secret_access_key, credential_process, "
				 "or role_arn with web_identity_token_file", name);
			return -1;
		}
		tried(list, sizeof(list), "no credentials in profile default");
	} else if (named) {
		snprintf(err, errlen, "AWS credentials: %s", why);
		return -1;
	} else {
		tried(list, sizeof(list), why);
	}

	/* 3. web identity from the environment */
	const char *tf = envs(env, "AWS_WEB_IDENTITY_TOKEN_FILE"), *arn = envs(env, "AWS_ROLE_ARN");
	if (tf && arn) {
		const char *r = envs(env, "AWS_REGION");
		if (!r)
			r = envs(env, "AWS_DEFAULT_REGION");
		if (web_identity(env, arn, tf, NULL, r ? r : region, out, why, sizeof(why))) {
			snprintf(err, errlen, "AWS credentials from web identity: %s", why);
			return -1;
		}
		snprintf(out->source, sizeof(out->source), "web identity");
		return 0;
	}
	tried(list, sizeof(list), tf ? "AWS_WEB_IDENTITY_TOKEN_FILE without AWS_ROLE_ARN" :
	      arn ? "AWS_ROLE_ARN without AWS_WEB_IDENTITY_TOKEN_FILE" :
	      "no AWS_WEB_IDENTITY_TOKEN_FILE");

	/* 4. the instance's role */
	if (imds_disabled(env)) {
		tried(list, sizeof(list), "instance metadata disabled (AWS_EC2_METADATA_DISABLED)");
	} else {
		if (!imds_creds(env, out, why, sizeof(why)))
			return 0;
		tried(list, sizeof(list), why);
	}
	snprintf(err, errlen, "no AWS credentials: %s", list);
	return -1;
}

int aws_region_resolve(aws_getenv_fn env, char *out, size_t outlen, char *err, size_t errlen)
{
	char cred[1024], conf[1024], why[512], list[1536];
	const char *r = envs(env, "AWS_REGION");
	if (!r)
		r = envs(env, "AWS_DEFAULT_REGION");
	if (r) {
		snprintf(out, outlen, "%s", r);
		return 0;
	}
	/* the SDKs read the region from the config file only */
	profile_files(env, cred, conf, sizeof(cred));
	const char *name = envs(env, "AWS_PROFILE");
	if (!name)
		name = "default";
	aws_profile p;
	if (!aws_profile_read(NULL, conf, name, &p, why, sizeof(why))) {
		bool have = p.region != NULL;
		if (have)
			snprintf(out, outlen, "%s", p.region);
		aws_profile_free(&p);
		if (have)
			return 0;
	}
	snprintf(list, sizeof(list), "no AWS_REGION or AWS_DEFAULT_REGION, no region in profile "
		 "%s (%s)", name, conf);
	if (imds_disabled(env))
		snprintf(why, sizeof(why), "instance metadata disabled "
			 "(AWS_EC2_METADATA_DISABLED)");
	else if (!imds_region(env, out, outlen, why, sizeof(why)))
		return 0;
	snprintf(err, errlen, "no AWS region: %s, %s", list, why);
	return -1;
}

void aws_kafka_endpoint(aws_getenv_fn env, const char *region, char *out, size_t outlen)
{
	const char *e = envs(env, "AWS_ENDPOINT_URL_KAFKA");
	if (!e)
		e = envs(env, "AWS_ENDPOINT_URL");
	if (e)
		snprintf(out, outlen, "%s", e);
	else
		snprintf(out, outlen, "https://kafka.%s.amazonaws.com%s", region,
			 strncmp(region, "cn-", 3) ? "" : ".cn");
	/* callers append the path */
	size_t n = strlen(out);
	while (n > 8 && out[n - 1] == '/')
		out[--n] = '\0';
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

static void creds_copy(aws_creds *dst, const aws_creds *src)
{
	creds_set(dst, src->access_key, src->secret_key, src->session_token, src->expiry_ms);
	memcpy(dst->source, src->source, sizeof(dst->source));
}

/*
 * The lock is held through a refresh, so that threads asking at once run
 * the chain once; the others wait for its answer.  A failed refresh keeps
 * credentials that have not expired yet: the next call tries again.
 */
int aws_creds_cache_get(aws_creds_cache *c, int64_t now_ms, aws_creds *out, char *err,
			size_t errlen)
{
	pthread_mutex_lock(&c->lock);
	bool stale = !c->have ||
		     (c->cur.expiry_ms && now_ms >= c->cur.expiry_ms - REFRESH_AHEAD_MS);
	if (stale) {
		aws_creds fresh;
		if (!aws_creds_resolve(c->env, &fresh, err, errlen)) {
			if (c->have)
				aws_creds_free(&c->cur);
			c->cur = fresh;
			c->have = true;
		} else if (!c->have || now_ms >= c->cur.expiry_ms) {
			pthread_mutex_unlock(&c->lock);
			memset(out, 0, sizeof(*out));
			return -1;
		}
	}
	creds_copy(out, &c->cur);
	pthread_mutex_unlock(&c->lock);
	return 0;
}
