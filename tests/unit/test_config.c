/* test_config.c: the config file parser (a good file, every error with
 * its line and column), ${env:} and ${cmd:} expansion, how a context
 * becomes options (the command line wins), :ctx's options, secrets
 * redaction and loading files. */
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

#include "config_file.h"

static kd_config *parse(const char *text)
{
	return config_parse(text, strlen(text), "cfg");
}

static const char good[] =
	"# kdeck\n"
	"theme = dark\n"
	"[general]\n"
	"context = local\n"
	"interval = 2.5\n"
	"timeout = 4\n"
	"mouse = off\n"
	"\n"
	"[context local]\n"
	"bootstrap = 127.0.0.1:9092  # the laptop\n"
	"\n"
	"[context prod]\n"
	"bootstrap = \"b-1:9096,b-2:9096\"\n"
	"read-only = yes\n"
	"theme = solarized-dark\n"
	"interval = 5\n"
	"X.security.protocol = SASL_SSL\n"
	"X.sasl.password = ${env:KD_TEST_PW}\n"
	"X.client.id = $${literal}\n"
	"\n"
	"[context msk]\n"
	"msk-arn = arn:aws:kafka:eu-west-1:123456789012:cluster/orders/6b1f-2\n"
	"bootstrap = b-1.orders:9098\n"
	"[keys]\n"
	"quit = Q  F10\n"
	"refresh = none\n"
	"[lag]\n"
	"window = 10\n";

static void test_good(void **state)
{
	kd_config *cfg = parse(good);
	const kd_context *c;

	(void)state;
	if (cfg->error)
		fail_msg("%s", cfg->error);
	assert_string_equal(cfg->path, "cfg");
	assert_string_equal(cfg->theme, "dark");
	assert_string_equal(cfg->context, "local");
	assert_int_equal(cfg->interval_ms, 2500);
	assert_int_equal(cfg->timeout_ms, 4000);
	assert_int_equal(cfg->mouse, 0);
	assert_int_equal(cfg->n_contexts, 3);

	c = config_context(cfg, "local");
	assert_non_null(c);
	assert_string_equal(c->bootstrap.text, "127.0.0.1:9092");
	assert_int_equal(c->bootstrap.line, 10);
	assert_int_equal(c->bootstrap.col, 13);
	assert_false(c->bootstrap.expand);
	assert_int_equal(c->read_only, -1);
	assert_int_equal(c->n_props, 0);

	c = config_context(cfg, "prod");
	assert_non_null(c);
	assert_string_equal(c->bootstrap.text, "b-1:9096,b-2:9096");
	assert_int_equal(c->read_only, 1);
	assert_string_equal(c->theme, "solarized-dark");
	assert_int_equal(c->interval_ms, 5000);
	assert_int_equal(c->n_props, 3);
	assert_string_equal(c->props[0].key, "security.protocol");
	assert_string_equal(c->props[0].value.text, "SASL_SSL");
	assert_false(c->props[0].value.expand);
	assert_string_equal(c->props[1].key, "sasl.password");
	assert_string_equal(c->props[1].value.text, "${env:KD_TEST_PW}");
	assert_true(c->props[1].value.expand);
	assert_int_equal(c->props[1].value.line, 18);
	assert_false(c->props[2].value.expand);

	c = config_context(cfg, "msk");
	assert_non_null(c);
	assert_string_equal(c->msk_region, "eu-west-1");
	assert_non_null(strstr(c->msk_arn, ":cluster/orders/"));
	assert_null(config_context(cfg, "nope"));

	assert_int_equal(cfg->n_bindings, 2);
	assert_string_equal(cfg->bindings[0].action, "quit");
	assert_string_equal(cfg->bindings[0].keys, "Q  F10");
	assert_int_equal(cfg->bindings[0].line, 25);
	assert_int_equal(cfg->bindings[0].action_col, 1);
	assert_int_equal(cfg->bindings[0].keys_col, 8);
	assert_int_equal(cfg->bindings[0].key_cols[0], 8);
	assert_int_equal(cfg->bindings[0].key_cols[1], 11);
	assert_string_equal(cfg->bindings[1].keys, "none");

	assert_int_equal(cfg->n_lag, 1);
	{
		lag_config l;
		lag_config_default(&l);
		config_lag(cfg, &l);
		assert_int_equal(l.window, 10);
	}
	config_free(cfg);
}

typedef struct bad_case {
	const char *text;
	int line, col;
	const char *msg;
} bad_case;

#define CTX "[context a]\nbootstrap = x\n"

static void test_errors(void **state)
{
	static const bad_case cases[] = {
		{ "[nope]\n", 1, 2, "unknown section [nope]" },
		{ "[context]\n", 1, 2, "a context needs a name" },
		{ "[general x]\n", 1, 10, "[general] takes no name" },
		{ "[context a b]\n", 1, 12, "expected ']'" },
		{ "[context a]\nbootstrap = x\n[context a]\nbootstrap = y\n", 3, 10,
		  "context a is already defined on line 1" },
		{ "[context a]\nbootstrap = x\nbootstrap = y\n", 3, 1, "bootstrap is already set on line 2" },
		{ CTX "read-only = ture\n", 3, 13, "read-only: expected true or false, not 'ture'" },
		{ CTX "interval = 0\n", 3, 12, "interval: expected seconds between 0.05 and 3600" },
		{ CTX "timeout = 2x\n", 3, 11, "timeout: expected seconds" },
		{ CTX "colour = red\n", 3, 1, "unknown setting 'colour' in a context" },
		{ CTX "X. = 1\n", 3, 1, "expected a librdkafka property after 'X.'" },
		{ CTX "theme =\n", 3, 8, "theme: expected a name or a path" },
		{ "[context a]\nbootstrap =\n", 2, 12, "bootstrap: expected HOST:PORT" },
		{ "[context a]\nbootstrap = ${env:}\n", 2, 19, "expected a variable name" },
		{ "[context a]\nbootstrap = ${env:A-B}\n", 2, 20, "expected '}' after the name" },
		{ "[context a]\nbootstrap = x${foo:x}\n", 2, 14, "unknown ${...}" },
		{ "[context a]\nbootstrap = ${cmd:echo\n", 2, 13, "${cmd: has no closing '}'" },
		{ "[context a]\nbootstrap = \"a\\tb${cmd:}\"\n", 2, 18, "the command is empty" },
		{ "[context a]\nmsk-arn = arn:aws:s3:::bucket\n", 2, 11, "msk-arn: expected arn:aws:kafka" },
		{ "[context a]\nmsk-arn = arn:aws:kafka:eu-west-1:1234:cluster/x/y\n", 2, 11,
		  "the account '1234' is not 12 digits" },
		{ "[context a]\nregion = eu-west-1\n"
		  "msk-arn = arn:aws:kafka:us-east-1:123456789012:cluster/x/y\n", 3, 11,
		  "its region us-east-1 differs from region = eu-west-1" },
		{ "[context a]\nmsk-arn = arn:aws:kafka:us-east-1:123456789012:cluster/x/y\n"
		  "region = eu-west-1\n", 3, 10, "region: eu-west-1 differs" },
		{ "[context a]\nregion = EU\n", 2, 10, "'EU' is not an AWS region" },
		{ "[context a]\nregion = ${env:R}\n", 2, 10, "region takes no ${...}" },
		{ "[context a]\nread-only = true\n", 1, 1, "context a has neither bootstrap nor msk-arn" },
		{ "context = b\n" CTX, 1, 11, "context: no [context b] in this file" },
		{ "context = a b\n", 1, 11, "'a b' is not a context name" },
		{ "mouse = maybe\n", 1, 9, "mouse: expected true or false" },
		{ "[general]\nfoo = 1\n", 2, 1, "unknown setting 'foo' in [general]" },
		{ "[lag]\nwindow = 1\n", 2, 10, "window" },
		{ "[lag]\nnope = 1\n", 2, 8, "nope" },
		{ "[keys]\nquit = a b c d e f g h i j k l m n o p q\n", 2, 40, "at most 16 keys" },
		{ "[keys]\nquit = q\nquit = Q\n", 3, 1, "quit is already set on line 2" },
		{ "x\n", 1, 2, "expected '=' after x" },
		{ "[context a\n", 1, 11, "expected ']'" },
		{ "[context a] b\n", 1, 13, "unexpected text after ']'" },
		{ "a = \"b\n", 1, 5, "unterminated string" },
		{ "\n\n  \tbootstrap = x\n", 3, 4, "unknown setting 'bootstrap' in [general]" },
		{ "theme = \xc3\xa9\xc3\xa9 \x7f\n", 1, 12, "control character 0x7f" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kd_config *cfg = parse(cases[i].text);
		char want[300];

		if (!cfg->error)
			fail_msg("case %zu parsed: %s", i, cases[i].text);
		snprintf(want, sizeof(want), "cfg:%d:%d: ", cases[i].line, cases[i].col);
		if (strncmp(cfg->error, want, strlen(want)) || !strstr(cfg->error, cases[i].msg))
			fail_msg("case %zu (%s): got '%s', want '%s%s'", i, cases[i].text, cfg->error,
				 want, cases[i].msg);
		/* a rejected file gives nothing */
		assert_int_equal(cfg->n_contexts, 0);
		assert_int_equal(cfg->n_bindings, 0);
		assert_null(cfg->theme);
		assert_null(cfg->context);
		assert_int_equal(cfg->mouse, -1);
		config_free(cfg);
	}
}

static void test_expand(void **state)
{
	char err[300], *v;

	(void)state;
	setenv("KD_TEST_A", "alpha", 1);
	unsetenv("KD_TEST_UNSET");
	v = config_expand("x-${env:KD_TEST_A}-$${y}-$$-${cmd:printf 'one\\ntwo\\n\\n'}", err,
			  sizeof(err));
	assert_non_null(v);
	assert_string_equal(v, "x-alpha-${y}-$$-one\ntwo");
	free(v);
	/* braces in the command balance */
	v = config_expand("${cmd:echo {a,b}}", err, sizeof(err));
	assert_non_null(v);
	assert_string_equal(v, "{a,b}");
	free(v);
	assert_null(config_expand("${env:KD_TEST_UNSET}", err, sizeof(err)));
	assert_non_null(strstr(err, "KD_TEST_UNSET is not set"));
	/* a failing command: its status, never its output */
	assert_null(config_expand("${cmd:echo hunter2; exit 3}", err, sizeof(err)));
	assert_non_null(strstr(err, "exit status 3"));
	assert_null(strstr(err + strlen("${cmd:echo hunter2"), "hunter2"));
	assert_null(config_expand("${cmd:kill -9 $$}", err, sizeof(err)));
	assert_non_null(strstr(err, "killed by signal 9"));
	/* stderr goes nowhere, stdin is empty */
	v = config_expand("${cmd:echo noise >&2; cat; echo ok}", err, sizeof(err));
	assert_non_null(v);
	assert_string_equal(v, "ok");
	free(v);
}

static void test_apply_context(void **state)
{
	kd_config *cfg = parse(good);
	kd_options o;
	kd_secrets sec = { NULL, 0 };
	char err[300];

	(void)state;
	setenv("KD_TEST_PW", "s3cret-pw", 1);
	memset(&o, 0, sizeof(o));
	/* the command line: -i 1 and one -X that the context also sets */
	o.interval_ms = 1000;
	o.given = KD_GIVEN_INTERVAL | KD_GIVEN_PROPS;
	assert_int_equal(options_add_prop(&o, "security.protocol=PLAINTEXT", err, sizeof(err)), 0);
	assert_int_equal(config_apply_context(cfg, "prod", &o, &sec, err, sizeof(err)), 0);
	assert_string_equal(o.context, "prod");
	assert_string_equal(o.bootstrap, "b-1:9096,b-2:9096");
	assert_int_equal(o.interval_ms, 1000);
	assert_true(o.read_only);
	assert_string_equal(o.theme, "solarized-dark");
	assert_string_equal(options_prop(&o, "security.protocol"), "PLAINTEXT");
	assert_string_equal(options_prop(&o, "sasl.password"), "s3cret-pw");
	assert_string_equal(options_prop(&o, "client.id"), "${literal}");
	assert_int_equal(sec.n, 1);
	assert_string_equal(sec.v[0], "s3cret-pw");
	/* [lag] as --lag would set it */
	assert_string_equal(options_prop(&o, "kdeck.lag.window"), "10");
	assert_int_equal(options_finish(&o, err, sizeof(err)), 0);
	assert_int_equal(o.timeout_ms, 4000);   /* [general] timeout */

	/* :ctx local from there: the cluster is local's alone, -i stays */
	{
		kd_options n;
		assert_int_equal(config_switch_options(cfg, "local", &o, &n, &sec, err, sizeof(err)), 0);
		assert_string_equal(n.context, "local");
		assert_string_equal(n.bootstrap, "127.0.0.1:9092");
		assert_int_equal(n.n_props, 1);
		assert_string_equal(options_prop(&n, "kdeck.lag.window"), "10");
		assert_int_equal(n.interval_ms, 1000);
		/* local sets none: [general]'s timeout and theme */
		assert_int_equal(n.timeout_ms, 4000);
		assert_string_equal(n.theme, "dark");
		assert_false(n.read_only);
		options_free(&n);
	}
	/* an unset variable: where it was written, and o unchanged */
	unsetenv("KD_TEST_PW");
	{
		kd_options n;
		assert_int_equal(config_switch_options(cfg, "prod", &o, &n, &sec, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "cfg:18:19: ${env:KD_TEST_PW}: the environment variable"));
		assert_string_equal(o.context, "prod");
	}
	assert_int_equal(config_apply_context(cfg, "nope", &o, &sec, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no context nope in cfg"));
	/* an MSK context without bootstrap: the control plane finds the
	 * brokers (kdeck.msk.*), msk-iam sets the IAM mechanism over TLS */
	{
		kd_config *m = parse("[context m]\nmsk-arn = arn:aws:kafka:eu-west-1:123456789012:"
				     "cluster/x/y\nmsk-iam = true\n");
		kd_options p;
		assert_null(m->error);
		memset(&p, 0, sizeof(p));
		assert_int_equal(config_apply_context(m, "m", &p, NULL, err, sizeof(err)), 0);
		assert_null(p.bootstrap);
		assert_string_equal(options_prop(&p, "kdeck.msk"), "true");
		assert_string_equal(options_prop(&p, "kdeck.msk.cluster"),
				    "arn:aws:kafka:eu-west-1:123456789012:cluster/x/y");
		assert_string_equal(options_prop(&p, "kdeck.msk.region"), "eu-west-1");
		assert_string_equal(options_prop(&p, "sasl.mechanism"), "AWS_MSK_IAM");
		assert_string_equal(options_prop(&p, "security.protocol"), "SASL_SSL");
		assert_string_equal(options_prop(&p, "kdeck.msk.auth"), "iam");
		options_free(&p);
		config_free(m);
	}
	{
		kd_config *m = parse("[context m]\nmsk-arn = arn:aws:kafka:eu-west-1:123456789012:"
				     "cluster/x/y\nmsk-iam = maybe\n");
		assert_non_null(m->error);
		config_free(m);
	}
	options_free(&o);
	secrets_free(&sec);
	config_free(cfg);
}

static void test_redact(void **state)
{
	kd_secrets s = { NULL, 0 };
	char msg[64];

	(void)state;
	secrets_add(&s, "hunter2");
	secrets_add(&s, "hunter2");
	secrets_add(&s, "");
	secrets_add(&s, "secret");    /* the mask holds it: no endless loop */
	assert_int_equal(s.n, 2);
	snprintf(msg, sizeof(msg), "Invalid value \"hunter2\" (hunter2) for x");
	secrets_redact(&s, msg, sizeof(msg));
	assert_string_equal(msg, "Invalid value \"(secret)\" ((secret)) for x");
	snprintf(msg, sizeof(msg), "a secret");
	secrets_redact(&s, msg, sizeof(msg));
	assert_string_equal(msg, "a (secret)");
	/* no room for the mask: cut, never shown */
	{
		char small[12] = "abc hunter2";
		secrets_redact(&s, small, sizeof(small));
		assert_null(strstr(small, "hunter"));
		assert_true(strlen(small) < sizeof(small));
	}
	secrets_free(&s);
	assert_int_equal(s.n, 0);
}

static char tmp[256];

static int setup_tmp(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/kdeck-test-config.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
	char cmd[600];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_load(void **state)
{
	char path[512], p2[600];
	kd_config *cfg;
	kd_options o;
	kd_secrets sec = { NULL, 0 };
	char err[300];
	FILE *f;

	(void)state;
	/* no file at the default place: an empty config, no error */
	setenv("XDG_CONFIG_HOME", tmp, 1);
	cfg = config_load(NULL);
	assert_null(cfg->error);
	assert_null(cfg->path);
	assert_int_equal(cfg->n_contexts, 0);
	config_free(cfg);
	/* a file asked for that is not there: an error */
	snprintf(path, sizeof(path), "%s/nope", tmp);
	cfg = config_load(path);
	assert_non_null(cfg->error);
	assert_non_null(strstr(cfg->error, "cannot open"));
	config_free(cfg);
	cfg = config_load(tmp);
	assert_non_null(strstr(cfg->error, "is a directory"));
	config_free(cfg);

	/* the default place, and config_setup choosing its context */
	snprintf(path, sizeof(path), "%s/kdeck", tmp);
	mkdir(path, 0700);
	snprintf(p2, sizeof(p2), "%s/config", path);
	f = fopen(p2, "w");
	assert_non_null(f);
	fputs("context = b\ninterval = 3\n[context a]\nbootstrap = a:1\n"
	      "[context b]\nbootstrap = b:1\n", f);
	fclose(f);
	memset(&o, 0, sizeof(o));
	assert_int_equal(config_setup(&o, &cfg, &sec, err, sizeof(err)), 0);
	assert_string_equal(cfg->path, p2);
	assert_string_equal(o.context, "b");
	assert_string_equal(o.bootstrap, "b:1");
	assert_int_equal(o.interval_ms, 3000);
	assert_ptr_equal(o.config, cfg);
	options_free(&o);
	config_free(cfg);
	/* -b on the command line: no context */
	memset(&o, 0, sizeof(o));
	o.bootstrap = strdup("cli:1");
	o.given = KD_GIVEN_BOOTSTRAP;
	assert_int_equal(config_setup(&o, &cfg, &sec, err, sizeof(err)), 0);
	assert_null(o.context);
	assert_string_equal(o.bootstrap, "cli:1");
	assert_int_equal(o.interval_ms, 3000);
	options_free(&o);
	config_free(cfg);
	/* a broken file: the error, defaults, and --context cannot work */
	f = fopen(p2, "w");
	assert_non_null(f);
	fputs("[context a]\nbootstrap = a:1\nread-only = maybe\n", f);
	fclose(f);
	memset(&o, 0, sizeof(o));
	o.demo = true;
	assert_int_equal(config_setup(&o, &cfg, &sec, err, sizeof(err)), 0);
	assert_non_null(strstr(cfg->error, "/kdeck/config:3:13: read-only"));
	assert_int_equal(o.interval_ms, 2000);
	options_free(&o);
	config_free(cfg);
	memset(&o, 0, sizeof(o));
	o.context = strdup("a");
	assert_int_equal(config_setup(&o, &cfg, &sec, err, sizeof(err)), KD_EXIT_USAGE);
	assert_non_null(strstr(err, "context a: the config file was rejected"));
	options_free(&o);
	config_free(cfg);
	secrets_free(&sec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_apply_context),
		cmocka_unit_test(test_redact),
		cmocka_unit_test_setup_teardown(test_load, setup_tmp, teardown_tmp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
