/* security.c: see security.h. */
#include "config.h"

#include "security.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <time.h>

#include <librdkafka/rdkafka.h>
#include <openssl/crypto.h>
#include <pthread.h>

#include "base64.h"
#include "msk_token.h"
#include "wire_sasl.h"
#include "wire_tls.h"

struct kd_security {
	bool tls, sasl;
	char describe[64];
	const char *gap;                /* why kdeck's own code cannot, or NULL */
	wire_tls *ctx;
	char *mech;
	char *username, *password;      /* wiped when freed */
	char *static_token;             /* kdeck.sasl.oauthbearer.token */
	char *jwt_principal;            /* unsecured JWT: sub */
	long jwt_life_s;
	sasl_creds creds;
};

bool security_secret_key(const char *key)
{
	return strstr(key, "password") || strstr(key, "secret") ||
	       strstr(key, "token") || strstr(key, "key.pem") ||
	       strstr(key, "jaas") || strstr(key, "credentials") ||
	       strstr(key, "oauthbearer.config");
}

/* While kdeck holds a password or a token, no core dump and no ptrace
 * attach by another process of the same user can read it. */
void security_protect_process(const kd_options *o)
{
	for (int i = 0; i < o->n_props; i++)
		if (security_secret_key(o->props[i].key)) {
			prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
			return;
		}
}

static const char *get(wire_prop_fn prop, void *ctx, const char *key)
{
	return prop ? prop(ctx, key) : NULL;
}

/* ---- MSK IAM ------------------------------------------------------------
 * sasl.mechanism=AWS_MSK_IAM, as the Java and Go clients name it, is
 * OAUTHBEARER on the wire with the MSK token (msk_token.h) as the bearer
 * token.  One provider serves the process: the AWS credentials are one
 * chain, cached and refreshed before they expire, for kdeck's own
 * connections and for every librdkafka handle alike. */

static pthread_mutex_t msk_lock = PTHREAD_MUTEX_INITIALIZER;
static msk_token_provider *msk_provider;

bool security_is_msk_iam(wire_prop_fn prop, void *ctx)
{
	const char *m = get(prop, ctx, "sasl.mechanism");
	if (!m)
		m = get(prop, ctx, "sasl.mechanisms");
	return m && !strcasecmp(m, "AWS_MSK_IAM");
}

/* The process's provider, made on first use; the region from
 * kdeck.msk.region, else the AWS chain (AWS_REGION, the profile, IMDS). */
static msk_token_provider *msk_provider_get(wire_prop_fn prop, void *ctx, char *err,
					    size_t errlen)
{
	pthread_mutex_lock(&msk_lock);
	if (!msk_provider) {
		char region[64] = "";
		const char *r = get(prop, ctx, "kdeck.msk.region");
		if (r && *r)
			snprintf(region, sizeof(region), "%s", r);
		else if (aws_region_resolve(aws_getenv, region, sizeof(region), err, errlen)) {
			pthread_mutex_unlock(&msk_lock);
			return NULL;
		}
		msk_token_provider *p = calloc(1, sizeof(*p));
		if (!p)
			abort();
		p->creds = aws_creds_cache_new(aws_getenv);
		snprintf(p->region, sizeof(p->region), "%s", region);
		msk_provider = p;
	}
	msk_token_provider *p = msk_provider;
	pthread_mutex_unlock(&msk_lock);
	return p;
}

/* sasl.mechanism, or librdkafka's older name sasl.mechanisms. */
static const char *mechanism(wire_prop_fn prop, void *ctx)
{
	const char *m = get(prop, ctx, "sasl.mechanism");
	if (!m)
		m = get(prop, ctx, "sasl.mechanisms");
	return m ? m : "GSSAPI";        /* librdkafka's default */
}

static char *dup_secret(const char *s)
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

/* One "key=value" word of sasl.oauthbearer.config ("principal=admin
 * lifeSeconds=3600"), as librdkafka reads it; NULL when absent. */
static char *oauth_config_value(const char *cfg, const char *key, char *buf, size_t len)
{
	size_t kl = strlen(key);
	for (const char *p = cfg; p && *p;) {
		while (*p == ' ')
			p++;
		const char *end = strchr(p, ' ');
		size_t wl = end ? (size_t)(end - p) : strlen(p);
		if (wl > kl && !strncmp(p, key, kl) && p[kl] == '=') {
			snprintf(buf, len, "%.*s", (int)(wl - kl - 1), p + kl + 1);
			return buf;
		}
		p = end;
	}
	return NULL;
}

/* The "exp" claim of a JWT (seconds), or 0. */
static int64_t jwt_exp_ms(const char *tok)
{
	const char *dot1 = strchr(tok, '.');
	const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	char payload[4096];
	if (!dot2 || (size_t)(dot2 - dot1 - 1) >= sizeof(payload) / 4 * 3)
		return 0;
	size_t n = base64_decode(dot1 + 1, (size_t)(dot2 - dot1 - 1), payload,
				 sizeof(payload) - 1);
	if (n == (size_t)-1)
		return 0;
	payload[n] = '\0';
	const char *e = strstr(payload, "\"exp\"");
	if (!e || !(e = strchr(e, ':')))
		return 0;
	long long v = strtoll(e + 1, NULL, 10);
	return v > 0 ? (int64_t)v * 1000 : 0;
}

/* An unsigned JWT ({"alg":"none"}), as librdkafka's
 * enable.sasl.oauthbearer.unsecure.jwt makes it: for test brokers with
 * Kafka's unsecured validator. */
static int unsecured_jwt(const char *sub, long life_s, char *tok, size_t toklen,
			 int64_t *expiry_ms)
{
	char hdr[64], body[512];
	time_t now = time(NULL);
	size_t n = base64_encode("{\"alg\":\"none\"}", 14, true, hdr, sizeof(hdr));
	if (n == (size_t)-1)
		return -1;
	int bl = snprintf(body, sizeof(body), "{\"sub\":\"%s\",\"iat\":%lld,\"exp\":%lld}",
			  sub, (long long)now, (long long)now + life_s);
	if (bl < 0 || (size_t)bl >= sizeof(body))
		return -1;
	char b64[800];
	if (base64_encode(body, (size_t)bl, true, b64, sizeof(b64)) == (size_t)-1)
		return -1;
	int tl = snprintf(tok, toklen, "%s.%s.", hdr, b64);
	if (tl < 0 || (size_t)tl >= toklen)
		return -1;
	*expiry_ms = ((int64_t)now + life_s) * 1000;
	return 0;
}

/* The built-in token sources: a static token, or an unsigned JWT. */
static int builtin_token(void *ctx, char *tok, size_t toklen, int64_t *expiry_ms,
			 char *err, size_t errlen)
{
	kd_security *s = ctx;
	if (s->static_token) {
		if (strlen(s->static_token) >= toklen) {
			snprintf(err, errlen, "kdeck.sasl.oauthbearer.token is too long");
			return -1;
		}
		strcpy(tok, s->static_token);
		*expiry_ms = jwt_exp_ms(s->static_token);
		return 0;
	}
	if (unsecured_jwt(s->jwt_principal, s->jwt_life_s, tok, toklen, expiry_ms)) {
		snprintf(err, errlen, "sasl.oauthbearer.config: the principal is too long");
		return -1;
	}
	return 0;
}

/* Read the SASL side; sets s->gap when only librdkafka can do it. */
static int read_sasl(kd_security *s, wire_prop_fn prop, void *ctx, char *err, size_t errlen)
{
	const char *mech = mechanism(prop, ctx);
	if (!strcasecmp(mech, "AWS_MSK_IAM")) {
		msk_token_provider *p = msk_provider_get(prop, ctx, err, errlen);
		if (!p)
			return -1;
		s->mech = strdup("OAUTHBEARER");
		s->creds.mechanism = s->mech;
		s->creds.token = msk_token_provide;
		s->creds.token_ctx = p;
		return 0;
	}
	if (!strcasecmp(mech, "GSSAPI")) {
		s->gap = "sasl.mechanism=GSSAPI (Kerberos) is spoken by librdkafka only";
		return 0;
	}
	if (!sasl_mech_supported(mech)) {
		snprintf(err, errlen, "sasl.mechanism: \"%s\" is not one of GSSAPI, PLAIN, "
			 "SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER", mech);
		return -1;
	}
	s->mech = strdup(mech);
	s->creds.mechanism = s->mech;
	if (!strcasecmp(mech, "OAUTHBEARER")) {
		const char *tok = get(prop, ctx, "kdeck.sasl.oauthbearer.token");
		const char *unsecure = get(prop, ctx, "enable.sasl.oauthbearer.unsecure.jwt");
		const char *method = get(prop, ctx, "sasl.oauthbearer.method");
		if (tok) {
			s->static_token = dup_secret(tok);
		} else if (unsecure && !strcasecmp(unsecure, "true")) {
			const char *cfg = get(prop, ctx, "sasl.oauthbearer.config");
			char buf[256];
			const char *sub = oauth_config_value(cfg, "principal", buf, sizeof(buf));
			if (!sub || !*sub || strpbrk(sub, "\"\\")) {
				snprintf(err, errlen, "sasl.oauthbearer.config: an unsecured JWT "
					 "needs principal=NAME");
				return -1;
			}
			s->jwt_principal = strdup(sub);
			const char *life = oauth_config_value(cfg, "lifeSeconds", buf, sizeof(buf));
			s->jwt_life_s = life ? strtol(life, NULL, 10) : 3600;
			if (s->jwt_life_s <= 0)
				s->jwt_life_s = 3600;
		} else if (method && !strcasecmp(method, "oidc")) {
			s->gap = "sasl.oauthbearer.method=oidc is spoken by librdkafka only";
			return 0;
		} else {
			s->gap = "OAUTHBEARER without a token source kdeck knows "
				 "(kdeck.sasl.oauthbearer.token, an unsecured JWT)";
			return 0;
		}
		s->creds.token = builtin_token;
		s->creds.token_ctx = s;
		return 0;
	}
	const char *user = get(prop, ctx, "sasl.username");
	const char *pass = get(prop, ctx, "sasl.password");
	if (!user || !*user) {
		snprintf(err, errlen, "sasl.mechanism=%s needs sasl.username", mech);
		return -1;
	}
	if (!pass) {
		snprintf(err, errlen, "sasl.mechanism=%s needs sasl.password", mech);
		return -1;
	}
	s->username = strdup(user);
	s->password = dup_secret(pass);
	s->creds.username = s->username;
	s->creds.password = s->password;
	return 0;
}

kd_security *security_new(wire_prop_fn prop, void *ctx, char *err, size_t errlen)
{
	kd_security *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	const char *proto = get(prop, ctx, "security.protocol");
	if (!proto || !strcasecmp(proto, "plaintext")) {
		/* plaintext */
	} else if (!strcasecmp(proto, "ssl")) {
		s->tls = true;
	} else if (!strcasecmp(proto, "sasl_plaintext")) {
		s->sasl = true;
	} else if (!strcasecmp(proto, "sasl_ssl")) {
		s->tls = s->sasl = true;
	} else {
		snprintf(err, errlen, "security.protocol: \"%s\" is not one of "
			 "plaintext, ssl, sasl_plaintext, sasl_ssl", proto);
		free(s);
		return NULL;
	}
	if (s->sasl && read_sasl(s, prop, ctx, err, errlen)) {
		security_free(s);
		return NULL;
	}
	if (s->tls && !(s->ctx = wire_tls_new(prop, ctx, err, errlen))) {
		security_free(s);
		return NULL;
	}
	snprintf(s->describe, sizeof(s->describe), "%s%s%s",
		 s->sasl ? (s->tls ? "SASL_SSL" : "SASL_PLAINTEXT") :
		 (s->tls ? "SSL" : "PLAINTEXT"),
		 s->sasl ? "/" : "", s->sasl ? mechanism(prop, ctx) : "");
	return s;
}

void security_free(kd_security *s)
{
	if (!s)
		return;
	wire_tls_free(s->ctx);
	free(s->username);
	free(s->mech);
	free_secret(s->password);
	free_secret(s->static_token);
	free(s->jwt_principal);
	free(s);
}

static int hook_wrap(void *ctx, const char *host, wire_transport **t, int timeout_ms,
		     char *err, size_t errlen)
{
	kd_security *s = ctx;
	return wire_tls_wrap(s->ctx, host, t, timeout_ms, err, errlen);
}

static int hook_authenticate(void *ctx, wire_conn *c, char *err, size_t errlen)
{
	kd_security *s = ctx;
	return wire_sasl_authenticate(c, &s->creds, err, errlen);
}

void security_conn_hooks(kd_security *s, wire_conn_opts *o)
{
	o->hook_ctx = s;
	o->wrap = s->tls ? hook_wrap : NULL;
	o->authenticate = s->sasl && !s->gap ? hook_authenticate : NULL;
}

const char *security_describe(const kd_security *s)
{
	return s->describe;
}

const char *security_wire_gap(const kd_security *s)
{
	return s->gap;
}

void security_set_token_provider(kd_security *s, sasl_token_fn fn, void *ctx)
{
	s->creds.token = fn;
	s->creds.token_ctx = ctx;
	if (fn && s->sasl && !strcasecmp(s->creds.mechanism ? s->creds.mechanism : "",
					  "OAUTHBEARER"))
		s->gap = NULL;
}

/* ---------------------------------------------------------------------
 * librdkafka
 * ------------------------------------------------------------------- */

/* librdkafka asks for a token: the static one travels in
 * sasl.oauthbearer.config, which librdkafka hands to this callback. */
static void rdkafka_token_refresh(rd_kafka_t *rk, const char *cfg, void *opaque)
{
	char errstr[256];
	(void)opaque;
	if (!cfg || !*cfg) {
		rd_kafka_oauthbearer_set_token_failure(rk, "no token configured");
		return;
	}
	int64_t exp = jwt_exp_ms(cfg);
	int64_t now = (int64_t)time(NULL) * 1000;
	if (exp <= now)
		exp = now + 3600 * 1000;        /* opaque token: refresh hourly */
	if (rd_kafka_oauthbearer_set_token(rk, cfg, exp, "kdeck", NULL, 0,
					   errstr, sizeof(errstr)) != RD_KAFKA_RESP_ERR_NO_ERROR)
		rd_kafka_oauthbearer_set_token_failure(rk, "the token was refused");
}

/* librdkafka asks for an MSK IAM token: a fresh one from the provider. */
static void rdkafka_msk_refresh(rd_kafka_t *rk, const char *cfg, void *opaque)
{
	char tok[4096], why[256], errstr[256];
	int64_t exp = 0;
	(void)cfg;
	(void)opaque;
	pthread_mutex_lock(&msk_lock);
	msk_token_provider *p = msk_provider;
	pthread_mutex_unlock(&msk_lock);
	if (!p || msk_token_provide(p, tok, sizeof(tok), &exp, why, sizeof(why))) {
		rd_kafka_oauthbearer_set_token_failure(rk, p ? why : "no MSK IAM provider");
		return;
	}
	if (rd_kafka_oauthbearer_set_token(rk, tok, exp, "kdeck-msk-iam", NULL, 0, errstr,
					   sizeof(errstr)) != RD_KAFKA_RESP_ERR_NO_ERROR)
		rd_kafka_oauthbearer_set_token_failure(rk, "the MSK IAM token was refused");
	OPENSSL_cleanse(tok, sizeof(tok));
}

int security_rdkafka_conf(struct rd_kafka_conf_s *conf, wire_prop_fn prop, void *ctx,
			  char *err, size_t errlen)
{
	char errstr[256];
	if (security_is_msk_iam(prop, ctx)) {
		if (!msk_provider_get(prop, ctx, err, errlen))
			return -1;
		if (rd_kafka_conf_set(conf, "sasl.mechanism", "OAUTHBEARER", errstr,
				      sizeof(errstr)) != RD_KAFKA_CONF_OK) {
			snprintf(err, errlen, "librdkafka: %s", errstr);
			return -1;
		}
		rd_kafka_conf_set_oauthbearer_token_refresh_cb(conf, rdkafka_msk_refresh);
		rd_kafka_conf_enable_sasl_queue(conf, 1);
		return 0;
	}
	const char *tok = get(prop, ctx, "kdeck.sasl.oauthbearer.token");
	if (!tok)
		return 0;
	if (rd_kafka_conf_set(conf, "sasl.oauthbearer.config", tok, errstr,
			      sizeof(errstr)) != RD_KAFKA_CONF_OK) {
		snprintf(err, errlen, "kdeck.sasl.oauthbearer.token: not accepted by "
			 "librdkafka (the value is secret and not shown)");
		return -1;
	}
	rd_kafka_conf_set_oauthbearer_token_refresh_cb(conf, rdkafka_token_refresh);
	/* librdkafka asks for the token from rd_kafka_poll(), which a
	 * consumer that has no metadata yet never reaches: its background
	 * thread serves the callback instead (security_rdkafka_started). */
	rd_kafka_conf_enable_sasl_queue(conf, 1);
	return 0;
}

void security_rdkafka_started(struct rd_kafka_s *rk)
{
	rd_kafka_error_t *e = rd_kafka_sasl_background_callbacks_enable(rk);
	if (e)
		rd_kafka_error_destroy(e);      /* no SASL queue: nothing to serve */
}
