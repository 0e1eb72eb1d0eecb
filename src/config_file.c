/* config_file.c: parsing the config file and turning a context into
 * options; see config_file.h and doc/config.md. */
#include "config.h"

#include "config_file.h"

#include "alerts.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef enum section_kind {
	SEC_GENERAL,
	SEC_CONTEXT,
	SEC_KEYS,
	SEC_LAG,
	SEC_ALERTS,
	SEC_ALERT,
} section_kind;

typedef struct seen_key {
	char key[INI_KEY_MAX];
	int line;
} seen_key;

/* Parsing state: arrays grow with realloc while the file is read and
 * move into the config's arena once it was all accepted. */
typedef struct builder {
	kd_config *cfg;
	const char *file;
	kd_ini_item *it;
	kd_ini_error err;
	section_kind sec;
	int cur;                   /* index of the context being read */

	kd_context *ctx;
	int n_ctx;
	kd_config_prop **props;    /* per context */
	int *n_props;
	kd_config_binding *bind;
	int n_bind;
	kd_config_lag *lag;
	int n_lag;
	kd_config_alert *alerts;
	int n_alerts;
	seen_key *seen;            /* keys of the current section */
	int n_seen;
	int context_line, context_col;   /* of [general] context = */
} builder;

static void *grow(void *p, int n, size_t size)
{
	p = realloc(p, (size_t)(n + 1) * size);
	if (!p)
		abort();
	return p;
}

static int berr(builder *b, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int berr(builder *b, int col, const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof(b->err.msg)];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ini_error_set(&b->err, b->file, b->it->line, col, "%s", msg);
	return -1;
}

/* ---- values ------------------------------------------------------------- */

static int parse_bool(builder *b, int *out)
{
	const char *v = b->it->value;

	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") ||
	    !strcmp(v, "1"))
		*out = 1;
	else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") ||
		 !strcmp(v, "0"))
		*out = 0;
	else
		return berr(b, b->it->value_col, "%s: expected true or false, not '%s'",
			    b->it->key, v);
	return 0;
}

static int parse_seconds(builder *b, int *ms)
{
	const char *v = b->it->value;
	char *end;
	double s;

	errno = 0;
	s = strtod(v, &end);
	if (errno || end == v || *end || !(s >= 0.05 && s <= 3600))
		return berr(b, b->it->value_col, "%s: expected seconds between 0.05 and 3600, "
			    "not '%s'", b->it->key, v);
	*ms = (int)(s * 1000 + 0.5);
	return 0;
}

static bool is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

/* A string that grows. */
typedef struct sbuf {
	char *s;
	size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *p, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* Walk the ${...} of text.  With out == NULL only the syntax is checked;
 * else each is expanded into *out (malloc'd).  On error returns -1 with
 * err filled and *at the offset of the culprit. */
static int walk(const char *text, char **out, bool *found, char *err, size_t errlen, size_t *at)
{
	sbuf sb = { NULL, 0, 0 };
	size_t i = 0;

	*found = false;
	sb_add(&sb, "", 0);
	while (text[i]) {
		size_t start = i, j, k;
		int depth;

		if (text[i] == '$' && text[i + 1] == '$' && text[i + 2] == '{') {
			sb_add(&sb, "${", 2);
			i += 3;
			continue;
		}
		if (!(text[i] == '$' && text[i + 1] == '{')) {
			sb_add(&sb, text + i, 1);
			i++;
			continue;
		}
		*found = true;
		*at = start;
		if (!strncmp(text + i + 2, "env:", 4)) {
			j = i + 6;
			if (!is_ident_start(text[j])) {
				*at = j;
				snprintf(err, errlen, "${env:NAME}: expected a variable name");
				goto fail;
			}
			for (k = j; is_ident(text[k]); k++)
				;
			if (text[k] != '}') {
				*at = k;
				snprintf(err, errlen, "${env:NAME}: expected '}' after the name");
				goto fail;
			}
			if (out) {
				char name[256];
				const char *v;

				snprintf(name, sizeof(name), "%.*s", (int)(k - j), text + j);
				v = getenv(name);
				if (!v) {
					snprintf(err, errlen, "${env:%s}: the environment variable "
						 "%s is not set", name, name);
					goto fail;
				}
				sb_add(&sb, v, strlen(v));
			}
			i = k + 1;
		} else if (!strncmp(text + i + 2, "cmd:", 4)) {
			j = i + 6;
			depth = 1;
			for (k = j; text[k]; k++) {
				if (text[k] == '{')
					depth++;
				else if (text[k] == '}' && --depth == 0)
					break;
			}
			if (!text[k]) {
				snprintf(err, errlen, "${cmd: has no closing '}'");
				goto fail;
			}
			if (k == j) {
				snprintf(err, errlen, "${cmd:}: the command is empty");
				goto fail;
			}
			if (out) {
				char *cmd = strndup(text + j, k - j), *res = NULL;
				if (!cmd)
					abort();
				if (config_run_command(cmd, &res, err, errlen)) {
					free(cmd);
					goto fail;
				}
				free(cmd);
				sb_add(&sb, res, strlen(res));
				free(res);
			}
			i = k + 1;
		} else {
			snprintf(err, errlen, "unknown ${...}: expected ${env:NAME} or "
				 "${cmd:COMMAND} (write $${ for a literal ${)");
			goto fail;
		}
	}
	if (out)
		*out = sb.s;
	else
		free(sb.s);
	return 0;
fail:
	free(sb.s);
	return -1;
}

char *config_expand(const char *text, char *err, size_t errlen)
{
	char *out = NULL;
	bool found;
	size_t at;

	if (walk(text, &out, &found, err, errlen, &at))
		return NULL;
	return out;
}

/* A value into the arena, its ${...} checked now and expanded later. */
static int take_value(builder *b, kd_config_value *v)
{
	char msg[200];
	bool found;
	size_t at = 0;

	if (walk(b->it->value, NULL, &found, msg, sizeof(msg), &at))
		return berr(b, b->it->value_cols[at], "%s", msg);
	v->text = arena_strdup(&b->cfg->arena, b->it->value);
	v->line = b->it->line;
	v->col = b->it->value_col + (b->it->quoted ? 1 : 0);
	v->expand = found;
	return 0;
}

/* A plain value: ${...} makes no sense there. */
static int plain(builder *b, const char **out)
{
	if (strstr(b->it->value, "${"))
		return berr(b, b->it->value_cols[strstr(b->it->value, "${") - b->it->value],
			    "%s takes no ${...}", b->it->key);
	*out = arena_strdup(&b->cfg->arena, b->it->value);
	return 0;
}

static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(is_ident(*s) || *s == '-' || *s == '.'))
			return false;
	return true;
}

/* arn:PARTITION:kafka:REGION:ACCOUNT:cluster/NAME/UUID */
static int check_arn(builder *b, kd_context *c)
{
	const char *v = b->it->value;
	char parts[6][128];
	int n = 0;
	size_t len = 0;

	memset(parts, 0, sizeof(parts));
	for (const char *p = v;; p++) {
		if (*p == ':' && n < 5) {
			n++;
			len = 0;
		} else if (!*p) {
			break;
		} else if (len + 1 < sizeof(parts[0])) {
			parts[n][len++] = *p;
		}
	}
	if (n != 5 || strcmp(parts[0], "arn") || strncmp(parts[1], "aws", 3) ||
	    strcmp(parts[2], "kafka") || !parts[3][0] || strncmp(parts[5], "cluster/", 8))
		return berr(b, b->it->value_col, "msk-arn: expected "
			    "arn:aws:kafka:REGION:ACCOUNT:cluster/NAME/ID, not '%s'", v);
	for (const char *p = parts[3]; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return berr(b, b->it->value_col, "msk-arn: '%s' is not an AWS region",
				    parts[3]);
	if (strlen(parts[4]) != 12 || strspn(parts[4], "0123456789") != 12)
		return berr(b, b->it->value_col, "msk-arn: the account '%s' is not 12 digits",
			    parts[4]);
	if (c->msk_region && strcmp(c->msk_region, parts[3]))
		return berr(b, b->it->value_col, "msk-arn: its region %s differs from "
			    "region = %s", parts[3], c->msk_region);
	c->msk_arn = arena_strdup(&b->cfg->arena, v);
	if (!c->msk_region)
		c->msk_region = arena_strdup(&b->cfg->arena, parts[3]);
	return 0;
}

/* ---- sections ----------------------------------------------------------- */

static int general_entry(builder *b)
{
	kd_config *cfg = b->cfg;
	const char *k = b->it->key;

	if (!strcmp(k, "context")) {
		if (!valid_name(b->it->value))
			return berr(b, b->it->value_col, "context: '%s' is not a context name",
				    b->it->value);
		b->context_line = b->it->line;
		b->context_col = b->it->value_col;
		return plain(b, &cfg->context);
	}
	if (!strcmp(k, "theme")) {
		if (!b->it->value[0])
			return berr(b, b->it->value_col, "theme: expected a name or a path");
		return plain(b, &cfg->theme);
	}
	if (!strcmp(k, "interval"))
		return parse_seconds(b, &cfg->interval_ms);
	if (!strcmp(k, "timeout"))
		return parse_seconds(b, &cfg->timeout_ms);
	if (!strcmp(k, "mouse"))
		return parse_bool(b, &cfg->mouse);
	return berr(b, b->it->key_col, "unknown setting '%s' in [general] (context, theme, "
		    "interval, timeout, mouse)", k);
}

static int context_entry(builder *b)
{
	kd_context *c = &b->ctx[b->cur];
	const char *k = b->it->key;

	if (!strcmp(k, "bootstrap")) {
		if (!b->it->value[0])
			return berr(b, b->it->value_col, "bootstrap: expected HOST:PORT[,...]");
		return take_value(b, &c->bootstrap);
	}
	if (!strcmp(k, "msk-arn"))
		return check_arn(b, c);
	if (!strcmp(k, "region")) {
		if (strstr(b->it->value, "${"))
			return plain(b, &c->msk_region);
		if (!b->it->value[0] || strspn(b->it->value, "abcdefghijklmnopqrstuvwxyz0123456789-")
						!= strlen(b->it->value))
			return berr(b, b->it->value_col, "region: '%s' is not an AWS region",
				    b->it->value);
		if (c->msk_region && c->msk_arn && strcmp(c->msk_region, b->it->value))
			return berr(b, b->it->value_col, "region: %s differs from the region "
				    "of msk-arn (%s)", b->it->value, c->msk_region);
		return plain(b, &c->msk_region);
	}
	if (!strcmp(k, "read-only"))
		return parse_bool(b, &c->read_only);
	if (!strcmp(k, "msk-iam"))
		return parse_bool(b, &c->msk_iam);
	if (!strcmp(k, "theme")) {
		if (!b->it->value[0])
			return berr(b, b->it->value_col, "theme: expected a name or a path");
		return plain(b, &c->theme);
	}
	if (!strcmp(k, "interval"))
		return parse_seconds(b, &c->interval_ms);
	if (!strcmp(k, "timeout"))
		return parse_seconds(b, &c->timeout_ms);
	if (!strncmp(k, "X.", 2)) {
		kd_config_prop *p;

		if (!k[2])
			return berr(b, b->it->key_col, "X.: expected a librdkafka property "
				    "after 'X.' (X.security.protocol = SSL)");
		b->props[b->cur] = grow(b->props[b->cur], b->n_props[b->cur], sizeof(*p));
		p = &b->props[b->cur][b->n_props[b->cur]++];
		memset(p, 0, sizeof(*p));
		p->key = arena_strdup(&b->cfg->arena, k + 2);
		return take_value(b, &p->value);
	}
	return berr(b, b->it->key_col, "unknown setting '%s' in a context (bootstrap, "
		    "msk-arn, region, msk-iam, read-only, theme, interval, timeout, X.PROPERTY)", k);
}

static int keys_entry(builder *b)
{
	kd_config_binding *kb;
	const char *v = b->it->value;
	int n = 0;

	if (!valid_name(b->it->key))
		return berr(b, b->it->key_col, "'%s' is not an action name", b->it->key);
	b->bind = grow(b->bind, b->n_bind, sizeof(*kb));
	kb = &b->bind[b->n_bind++];
	memset(kb, 0, sizeof(*kb));
	kb->action = arena_strdup(&b->cfg->arena, b->it->key);
	kb->keys = arena_strdup(&b->cfg->arena, v);
	kb->line = b->it->line;
	kb->action_col = b->it->key_col;
	kb->keys_col = b->it->value_col;
	for (size_t i = 0; v[i];) {
		while (v[i] == ' ' || v[i] == '\t')
			i++;
		if (!v[i])
			break;
		if (n == (int)(sizeof(kb->key_cols) / sizeof(kb->key_cols[0])))
			return berr(b, b->it->value_cols[i], "%s: at most %d keys per action",
				    b->it->key, n);
		kb->key_cols[n++] = b->it->value_cols[i];
		while (v[i] && v[i] != ' ' && v[i] != '\t')
			i++;
	}
	return 0;
}

static int lag_entry(builder *b)
{
	lag_config scratch;
	kd_config_lag *l;
	char key[INI_KEY_MAX + 8], msg[200];

	snprintf(key, sizeof(key), "lag.%s", b->it->key);
	lag_config_default(&scratch);
	if (lag_config_set_kv(&scratch, key, b->it->value, msg, sizeof(msg)))
		return berr(b, b->it->value_col, "%s", msg);
	b->lag = grow(b->lag, b->n_lag, sizeof(*l));
	l = &b->lag[b->n_lag++];
	l->key = arena_strdup(&b->cfg->arena, key);
	l->value = arena_strdup(&b->cfg->arena, b->it->value);
	return 0;
}

/* A value of an alert section, as written: no ${...} there. */
static int alert_value(builder *b, kd_config_value *v)
{
	if (strstr(b->it->value, "${"))
		return berr(b, b->it->value_cols[strstr(b->it->value, "${") - b->it->value],
			    "%s takes no ${...}", b->it->key);
	v->text = arena_strdup(&b->cfg->arena, b->it->value);
	v->line = b->it->line;
	v->col = b->it->value_col;
	return 0;
}

static int alerts_entry(builder *b)
{
	const char *k = b->it->key;

	if (!strcmp(k, "bell"))
		return parse_bool(b, &b->cfg->alerts_bell);
	if (!strcmp(k, "command")) {
		if (!b->it->value[0])
			return berr(b, b->it->value_col, "command: expected the path of a program");
		return plain(b, &b->cfg->alerts_command);
	}
	return berr(b, b->it->key_col, "unknown setting '%s' in [alerts] (bell, command)", k);
}

/* One key of [alert NAME]; whether the rule's kind takes it is checked
 * when the section is complete (alert_finish). */
static int alert_entry(builder *b)
{
	kd_config_alert *a = &b->alerts[b->n_alerts - 1];
	const char *k = b->it->key, *v = b->it->value;
	char msg[200];

	if (!strcmp(k, "when")) {
		kd_alert_rule r;
		size_t off = 0;

		memset(&r, 0, sizeof(r));
		if (!v[0])
			return berr(b, b->it->value_col, "when: expected a condition "
				    "(broker-down, under-replicated > 0, message: FILTER, ...)");
		if (alerts_parse_when(v, &r, &off, msg, sizeof(msg)))
			return berr(b, b->it->value_cols[off], "%s", msg);
		return alert_value(b, &a->when);
	}
	if (!strcmp(k, "severity")) {
		if (strcmp(v, "info") && strcmp(v, "warning") && strcmp(v, "critical"))
			return berr(b, b->it->value_col, "severity: expected info, warning or "
				    "critical, not '%s'", v);
		return alert_value(b, &a->severity);
	}
	if (!strcmp(k, "topic") || !strcmp(k, "group")) {
		if (!v[0])
			return berr(b, b->it->value_col, "%s: expected a name or a glob", k);
		return alert_value(b, !strcmp(k, "topic") ? &a->topic : &a->group);
	}
	if (!strcmp(k, "broker")) {
		char *end;
		long id;

		errno = 0;
		id = strtol(v, &end, 10);
		if (errno || end == v || *end || id < 0 || id > INT32_MAX)
			return berr(b, b->it->value_col, "broker: expected a broker id, not '%s'", v);
		return alert_value(b, &a->broker);
	}
	if (!strcmp(k, "hold")) {
		int64_t ms = alerts_parse_duration(v);
		if (ms <= 0)
			return berr(b, b->it->value_col, "hold: expected a duration (90s, 5m, 1h), "
				    "not '%s'", v);
		return alert_value(b, &a->hold);
	}
	return berr(b, b->it->key_col, "unknown setting '%s' in an alert (when, severity, "
		    "topic, group, broker, hold)", k);
}

/* An alert section is complete: it has a condition, and its scope keys
 * are ones its kind takes. */
static int alert_finish(builder *b, const kd_config_alert *a)
{
	static const struct { unsigned bit; const char *key; size_t off; } scope[] = {
		{ ALERT_SCOPE_TOPIC, "topic", offsetof(kd_config_alert, topic) },
		{ ALERT_SCOPE_GROUP, "group", offsetof(kd_config_alert, group) },
		{ ALERT_SCOPE_BROKER, "broker", offsetof(kd_config_alert, broker) },
		{ ALERT_SCOPE_HOLD, "hold", offsetof(kd_config_alert, hold) },
	};
	kd_alert_rule r;
	size_t off;
	char msg[200];
	unsigned takes;

	if (!a->when.text) {
		ini_error_set(&b->err, b->file, a->line, 1, "alert %s has no when = "
			      "(broker-down, under-replicated > 0, message: FILTER, ...)", a->name);
		return -1;
	}
	memset(&r, 0, sizeof(r));
	if (alerts_parse_when(a->when.text, &r, &off, msg, sizeof(msg)))
		return -1;      /* checked when read */
	takes = alerts_kind_scopes(r.kind);
	for (size_t i = 0; i < sizeof(scope) / sizeof(scope[0]); i++) {
		const kd_config_value *v = (const kd_config_value *)((const char *)a + scope[i].off);
		if (v->text && !(takes & scope[i].bit)) {
			ini_error_set(&b->err, b->file, v->line, v->col,
				      "%s: a %s rule takes no %s", scope[i].key,
				      alerts_kind_name(r.kind), scope[i].key);
			return -1;
		}
	}
	if (r.kind == ALERT_MESSAGE) {
		if (!a->topic.text) {
			ini_error_set(&b->err, b->file, a->when.line, a->when.col, "alert %s: a "
				      "message rule needs topic = NAME", a->name);
			return -1;
		}
		if (strpbrk(a->topic.text, "*?[")) {
			ini_error_set(&b->err, b->file, a->topic.line, a->topic.col, "topic: a message "
				      "rule reads one topic: a name, not a glob ('%s')", a->topic.text);
			return -1;
		}
	}
	return 0;
}

static int section_start(builder *b)
{
	const char *k = b->it->key, *arg = b->it->arg;

	b->n_seen = 0;
	if (!strcmp(k, "context")) {
		kd_context *c;

		if (!arg[0])
			return berr(b, b->it->key_col, "a context needs a name: [context NAME]");
		for (int i = 0; i < b->n_ctx; i++)
			if (!strcmp(b->ctx[i].name, arg))
				return berr(b, b->it->arg_col, "context %s is already defined on "
					    "line %d", arg, b->ctx[i].line);
		b->ctx = grow(b->ctx, b->n_ctx, sizeof(*b->ctx));
		b->props = grow(b->props, b->n_ctx, sizeof(*b->props));
		b->n_props = grow(b->n_props, b->n_ctx, sizeof(*b->n_props));
		c = &b->ctx[b->n_ctx];
		memset(c, 0, sizeof(*c));
		c->name = arena_strdup(&b->cfg->arena, arg);
		c->line = b->it->line;
		c->read_only = -1;
		c->msk_iam = -1;
		b->props[b->n_ctx] = NULL;
		b->n_props[b->n_ctx] = 0;
		b->cur = b->n_ctx++;
		b->sec = SEC_CONTEXT;
		return 0;
	}
	if (b->sec == SEC_ALERT && alert_finish(b, &b->alerts[b->n_alerts - 1]))
		return -1;
	if (!strcmp(k, "alert")) {
		kd_config_alert *a;

		if (!arg[0])
			return berr(b, b->it->key_col, "an alert needs a name: [alert NAME]");
		if (!valid_name(arg))
			return berr(b, b->it->arg_col, "'%s' is not an alert name (letters, digits, "
				    "-, _ and .)", arg);
		for (int i = 0; i < b->n_alerts; i++)
			if (!strcmp(b->alerts[i].name, arg))
				return berr(b, b->it->arg_col, "alert %s is already defined on "
					    "line %d", arg, b->alerts[i].line);
		b->alerts = grow(b->alerts, b->n_alerts, sizeof(*b->alerts));
		a = &b->alerts[b->n_alerts++];
		memset(a, 0, sizeof(*a));
		a->name = arena_strdup(&b->cfg->arena, arg);
		a->line = b->it->line;
		b->sec = SEC_ALERT;
		return 0;
	}
	if (arg[0])
		return berr(b, b->it->arg_col, "[%s] takes no name", k);
	if (!strcmp(k, "general"))
		b->sec = SEC_GENERAL;
	else if (!strcmp(k, "keys"))
		b->sec = SEC_KEYS;
	else if (!strcmp(k, "lag"))
		b->sec = SEC_LAG;
	else if (!strcmp(k, "alerts"))
		b->sec = SEC_ALERTS;
	else
		return berr(b, b->it->key_col, "unknown section [%s] ([general], "
			    "[context NAME], [keys], [lag], [alerts], [alert NAME])", k);
	return 0;
}

static int entry(builder *b)
{
	for (int i = 0; i < b->n_seen; i++)
		if (!strcmp(b->seen[i].key, b->it->key))
			return berr(b, b->it->key_col, "%s is already set on line %d",
				    b->it->key, b->seen[i].line);
	b->seen = grow(b->seen, b->n_seen, sizeof(*b->seen));
	snprintf(b->seen[b->n_seen].key, sizeof(b->seen[0].key), "%s", b->it->key);
	b->seen[b->n_seen++].line = b->it->line;
	switch (b->sec) {
	case SEC_GENERAL: return general_entry(b);
	case SEC_CONTEXT: return context_entry(b);
	case SEC_KEYS: return keys_entry(b);
	case SEC_LAG: return lag_entry(b);
	case SEC_ALERTS: return alerts_entry(b);
	case SEC_ALERT: return alert_entry(b);
	}
	return -1;
}

/* What can only be checked once the whole file was read. */
static int finish(builder *b)
{
	kd_config *cfg = b->cfg;

	if (b->sec == SEC_ALERT && alert_finish(b, &b->alerts[b->n_alerts - 1]))
		return -1;
	for (int i = 0; i < b->n_ctx; i++)
		if (!b->ctx[i].bootstrap.text && !b->ctx[i].msk_arn) {
			ini_error_set(&b->err, b->file, b->ctx[i].line, 1,
				      "context %s has neither bootstrap nor msk-arn", b->ctx[i].name);
			return -1;
		}
	if (cfg->context) {
		bool found = false;
		for (int i = 0; i < b->n_ctx; i++)
			found |= !strcmp(b->ctx[i].name, cfg->context);
		if (!found) {
			ini_error_set(&b->err, b->file, b->context_line, b->context_col,
				      "context: no [context %s] in this file", cfg->context);
			return -1;
		}
	}
	for (int i = 0; i < b->n_ctx; i++) {
		b->ctx[i].props = b->n_props[i]
			? arena_memdup(&cfg->arena, b->props[i], sizeof(kd_config_prop) *
				       (size_t)b->n_props[i]) : NULL;
		b->ctx[i].n_props = b->n_props[i];
	}
	if (b->n_ctx)
		cfg->contexts = arena_memdup(&cfg->arena, b->ctx, sizeof(*b->ctx) * (size_t)b->n_ctx);
	cfg->n_contexts = b->n_ctx;
	if (b->n_bind)
		cfg->bindings = arena_memdup(&cfg->arena, b->bind, sizeof(*b->bind) * (size_t)b->n_bind);
	cfg->n_bindings = b->n_bind;
	if (b->n_lag)
		cfg->lag = arena_memdup(&cfg->arena, b->lag, sizeof(*b->lag) * (size_t)b->n_lag);
	cfg->n_lag = b->n_lag;
	if (b->n_alerts)
		cfg->alerts = arena_memdup(&cfg->arena, b->alerts,
					   sizeof(*b->alerts) * (size_t)b->n_alerts);
	cfg->n_alerts = b->n_alerts;
	return 0;
}

static kd_config *config_new(void)
{
	kd_config *cfg = calloc(1, sizeof(*cfg));

	if (!cfg)
		abort();
	arena_init(&cfg->arena);
	cfg->mouse = -1;
	cfg->alerts_bell = -1;
	return cfg;
}

/* A rejected file: everything but its path and the reason goes. */
static void reject(kd_config *cfg, const kd_ini_error *e)
{
	char msg[600];
	const char *path = cfg->path ? strdup(cfg->path) : NULL;

	arena_free(&cfg->arena);
	memset(cfg, 0, sizeof(*cfg));
	arena_init(&cfg->arena);
	cfg->mouse = -1;
	cfg->alerts_bell = -1;
	cfg->path = arena_strdup(&cfg->arena, path);
	free((char *)path);
	cfg->error = arena_strdup(&cfg->arena, ini_error_format(e, msg, sizeof(msg)));
}

kd_config *config_parse(const char *text, size_t len, const char *file)
{
	kd_config *cfg = config_new();
	builder b;
	kd_ini r;
	kd_ini_kind k;
	int rc = 0;

	memset(&b, 0, sizeof(b));
	b.cfg = cfg;
	b.file = file ? file : "config";
	b.it = calloc(1, sizeof(*b.it));
	if (!b.it)
		abort();
	b.sec = SEC_GENERAL;
	cfg->path = arena_strdup(&cfg->arena, file);
	ini_open(&r, text, len, b.file);
	while (rc == 0 && (k = ini_next(&r, b.it)) != INI_END) {
		if (k == INI_ERROR) {
			b.err = r.err;
			rc = -1;
		} else if (k == INI_SECTION) {
			rc = section_start(&b);
		} else {
			rc = entry(&b);
		}
	}
	if (rc == 0)
		rc = finish(&b);
	if (rc)
		reject(cfg, &b.err);
	for (int i = 0; i < b.n_ctx; i++)
		free(b.props[i]);
	free(b.props);
	free(b.n_props);
	free(b.ctx);
	free(b.bind);
	free(b.lag);
	free(b.alerts);
	free(b.seen);
	free(b.it);
	return cfg;
}

char *config_default_path(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && *xdg == '/')
		snprintf(buf, len, "%s/kdeck/config", xdg);
	else if (home && *home)
		snprintf(buf, len, "%s/.config/kdeck/config", home);
	else
		return NULL;
	return buf;
}

kd_config *config_load(const char *path)
{
	char def[600];
	const char *p = path ? path : config_default_path(def, sizeof(def));
	kd_ini_error e;
	kd_config *cfg;
	size_t len;
	char *text;

	/* no config file is the normal case, unless one was asked for */
	if (!p || (!path && access(p, F_OK) != 0 && errno == ENOENT))
		return config_new();
	text = ini_read_file(p, CONFIG_MAX_FILE, &len, &e);
	if (!text) {
		cfg = config_new();
		cfg->path = arena_strdup(&cfg->arena, p);
		reject(cfg, &e);
		return cfg;
	}
	cfg = config_parse(text, len, p);
	free(text);
	return cfg;
}

kd_config *config_ref(const kd_config *cfg)
{
	kd_config *c = (kd_config *)cfg;     /* shared, never changed */
	if (c)
		__atomic_add_fetch(&c->refs, 1, __ATOMIC_ACQ_REL);
	return c;
}

void config_free(kd_config *cfg)
{
	if (!cfg)
		return;
	/* refs counts the holders beyond the first */
	if (__atomic_sub_fetch(&cfg->refs, 1, __ATOMIC_ACQ_REL) >= 0)
		return;
	arena_free(&cfg->arena);
	free(cfg);
}

const kd_context *config_context(const kd_config *cfg, const char *name)
{
	for (int i = 0; cfg && name && i < cfg->n_contexts; i++)
		if (!strcmp(cfg->contexts[i].name, name))
			return &cfg->contexts[i];
	return NULL;
}

void config_lag(const kd_config *cfg, lag_config *c)
{
	char err[200];

	for (int i = 0; cfg && i < cfg->n_lag; i++)
		lag_config_set_kv(c, cfg->lag[i].key, cfg->lag[i].value, err, sizeof(err));
}

/* ---- contexts into options ---------------------------------------------- */

/* Expand v; a failure says where the value was written. */
static char *expand_at(const kd_config *cfg, const kd_config_value *v, char *err, size_t errlen)
{
	char msg[300];
	char *out;

	if (!strchr(v->text, '$')) {
		out = strdup(v->text);
		if (!out)
			abort();
		return out;
	}
	out = config_expand(v->text, msg, sizeof(msg));
	if (!out)
		snprintf(err, errlen, "%s:%d:%d: %s", cfg->path ? cfg->path : "config", v->line,
			 v->col, msg);
	return out;
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? strdup(s) : NULL;
	if (s && !*dst)
		abort();
}

/* options_add_prop wants "key=value"; the copy is wiped after use as it
 * may hold a secret. */
static void add_prop(kd_options *o, const char *key, const char *value)
{
	size_t kl = strlen(key), vl = strlen(value);
	char *kv = malloc(kl + vl + 2), msg[200];

	if (!kv)
		abort();
	memcpy(kv, key, kl);
	kv[kl] = '=';
	memcpy(kv + kl + 1, value, vl + 1);
	options_add_prop(o, kv, msg, sizeof(msg));
	memset(kv, 0, kl + vl + 1);
	free(kv);
}

/* [lag] as the properties --lag sets (kdeck.lag.KEY, read by the groups
 * collector); a --lag of the command line wins. */
static void add_lag_props(const kd_config *cfg, kd_options *o)
{
	for (int i = 0; cfg && i < cfg->n_lag; i++) {
		char key[INI_KEY_MAX + 16];

		snprintf(key, sizeof(key), "kdeck.%s", cfg->lag[i].key);
		if (!options_prop(o, key))
			add_prop(o, key, cfg->lag[i].value);
	}
}

int config_apply_context(const kd_config *cfg, const char *name, kd_options *o,
			 kd_secrets *secrets, char *err, size_t errlen)
{
	const kd_context *c = config_context(cfg, name);
	kd_options n;
	kd_secrets found = { NULL, 0 };
	char *v;

	if (!c) {
		if (cfg && cfg->error)
			snprintf(err, errlen, "context %s: the config file was rejected (%s)", name,
				 cfg->error);
		else
			snprintf(err, errlen, "no context %s in %s", name,
				 cfg && cfg->path ? cfg->path : "the config file (there is none)");
		return -1;
	}
	options_copy(&n, o);
	set_str(&n.context, name);
	/* MSK: the control plane is read, and finds the brokers when the
	 * context does not name them */
	if (c->msk_arn && !options_prop(&n, "kdeck.msk.cluster")) {
		add_prop(&n, "kdeck.msk", "true");
		add_prop(&n, "kdeck.msk.cluster", c->msk_arn);
	}
	if (c->msk_region && !options_prop(&n, "kdeck.msk.region"))
		add_prop(&n, "kdeck.msk.region", c->msk_region);
	if (c->msk_iam == 1 && !options_prop(&n, "sasl.mechanism")) {
		add_prop(&n, "sasl.mechanism", "AWS_MSK_IAM");
		if (!options_prop(&n, "security.protocol"))
			add_prop(&n, "security.protocol", "SASL_SSL");
		if (!options_prop(&n, "kdeck.msk.auth"))
			add_prop(&n, "kdeck.msk.auth", "iam");
	}
	if (!(o->given & KD_GIVEN_BOOTSTRAP) && c->bootstrap.text) {
		if (!(v = expand_at(cfg, &c->bootstrap, err, errlen)))
			goto fail;
		free(n.bootstrap);
		n.bootstrap = v;
	}
	for (int i = 0; i < c->n_props; i++) {
		if (options_prop(&n, c->props[i].key))
			continue;       /* the command line's -X wins */
		if (!(v = expand_at(cfg, &c->props[i].value, err, errlen)))
			goto fail;
		if (c->props[i].value.expand)
			secrets_add(&found, v);
		add_prop(&n, c->props[i].key, v);
		memset(v, 0, strlen(v));
		free(v);
	}
	if (!(o->given & KD_GIVEN_INTERVAL) && (c->interval_ms || cfg->interval_ms))
		n.interval_ms = c->interval_ms ? c->interval_ms : cfg->interval_ms;
	if (!(o->given & KD_GIVEN_TIMEOUT) && (c->timeout_ms || cfg->timeout_ms))
		n.timeout_ms = c->timeout_ms ? c->timeout_ms : cfg->timeout_ms;
	if (c->read_only == 1) {
		char why[200];
		snprintf(why, sizeof(why), "context %s is read-only", name);
		options_set_read_only(&n, why);
	}
	if (!(o->given & KD_GIVEN_THEME) && (c->theme || cfg->theme))
		set_str(&n.theme, c->theme ? c->theme : cfg->theme);
	add_lag_props(cfg, &n);
	options_free(o);
	*o = n;
	for (int i = 0; i < found.n; i++)
		if (secrets)
			secrets_add(secrets, found.v[i]);
	secrets_free(&found);
	return 0;
fail:
	options_free(&n);
	secrets_free(&found);
	return -1;
}

int config_switch_options(const kd_config *cfg, const char *name, const kd_options *cur,
			  kd_options *out, kd_secrets *secrets, char *err, size_t errlen)
{
	kd_options n;

	options_copy(&n, cur);
	/* read-only is the new context's to decide, unless the command line
	 * or an unreadable config file decided it for every context */
	if (!(n.given & KD_GIVEN_READ_ONLY) && !(cfg && cfg->error)) {
		n.read_only = false;
		free(n.read_only_why);
		n.read_only_why = NULL;
	}
	/* the cluster is the context's alone */
	free(n.bootstrap);
	n.bootstrap = NULL;
	{
		int k = 0;

		/* kdeck's own settings (kdeck.lag.*) are no cluster's */
		for (int i = 0; i < n.n_props; i++) {
			if (!strncmp(n.props[i].key, "kdeck.", 6)) {
				n.props[k++] = n.props[i];
				continue;
			}
			free(n.props[i].key);
			free(n.props[i].value);
		}
		n.n_props = k;
	}
	n.given &= ~(unsigned)(KD_GIVEN_BOOTSTRAP | KD_GIVEN_PROPS);
	/* what the old context chose goes too */
	if (!(n.given & KD_GIVEN_INTERVAL))
		n.interval_ms = 0;
	if (!(n.given & KD_GIVEN_TIMEOUT))
		n.timeout_ms = 0;
	if (!(n.given & KD_GIVEN_THEME)) {
		free(n.theme);
		n.theme = NULL;
	}
	if (config_apply_context(cfg, name, &n, secrets, err, errlen)) {
		options_free(&n);
		return -1;
	}
	if (options_finish(&n, err, errlen)) {
		options_free(&n);
		return -1;
	}
	*out = n;
	return 0;
}

int config_setup(kd_options *o, kd_config **cfg, kd_secrets *secrets, char *err, size_t errlen)
{
	const char *name = o->context;

	*cfg = config_load(o->config_path);
	o->config = *cfg;
	/* fail closed: a file that could not be read may have said read-only */
	if ((*cfg)->error) {
		char why[600];
		snprintf(why, sizeof(why), "the config file could not be read: %s", (*cfg)->error);
		options_set_read_only(o, why);
	}
	if (!name && !(o->given & KD_GIVEN_BOOTSTRAP) && !o->demo)
		name = (*cfg)->context;
	if (name) {
		char *n = strdup(name);
		int rc;

		if (!n)
			abort();
		rc = config_apply_context(*cfg, n, o, secrets, err, errlen);
		free(n);
		if (rc)
			return KD_EXIT_USAGE;
	}
	if (!o->theme && (*cfg)->theme && !(o->given & KD_GIVEN_THEME)) {
		o->theme = strdup((*cfg)->theme);
		if (!o->theme)
			abort();
	}
	if (!name) {
		add_lag_props(*cfg, o);
		if (!(o->given & KD_GIVEN_INTERVAL) && (*cfg)->interval_ms)
			o->interval_ms = (*cfg)->interval_ms;
		if (!(o->given & KD_GIVEN_TIMEOUT) && (*cfg)->timeout_ms)
			o->timeout_ms = (*cfg)->timeout_ms;
	}
	return options_finish(o, err, errlen) ? KD_EXIT_USAGE : 0;
}

/* ---- secrets ------------------------------------------------------------ */

void secrets_add(kd_secrets *s, const char *value)
{
	if (!value || !*value)
		return;
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], value))
			return;
	s->v = grow(s->v, s->n, sizeof(*s->v));
	s->v[s->n] = strdup(value);
	if (!s->v[s->n])
		abort();
	s->n++;
}

void secrets_redact(const kd_secrets *s, char *msg, size_t len)
{
	static const char mask[] = "(secret)";
	const size_t ml = sizeof(mask) - 1;
	char *out;
	size_t o = 0;

	if (!s || !s->n || !len)
		return;
	out = malloc(len);
	if (!out)
		abort();
	/* one pass, copying masks without looking into them again: a mask
	 * may itself hold a secret's text */
	for (const char *p = msg; *p && o + 1 < len;) {
		size_t best = 0;

		for (int i = 0; i < s->n; i++) {
			size_t sl = strlen(s->v[i]);
			if (sl > best && !strncmp(p, s->v[i], sl))
				best = sl;
		}
		if (!best) {
			out[o++] = *p++;
			continue;
		}
		if (o + ml + 1 > len)
			break;
		memcpy(out + o, mask, ml);
		o += ml;
		p += best;
	}
	out[o] = '\0';
	memcpy(msg, out, o + 1);
	memset(out, 0, len);
	free(out);
}

void secrets_free(kd_secrets *s)
{
	for (int i = 0; i < s->n; i++) {
		explicit_bzero(s->v[i], strlen(s->v[i]));
		free(s->v[i]);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
