/* options.c: the command line. */
#include "config.h"

#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: kdeck [OPTIONS]\n"
	"       kdeck --demo [OPTIONS]\n"
	"       kdeck tail -b HOST:PORT -t TOPIC [OPTIONS]   (see kdeck tail --help)\n"
	"       kdeck groups list|reset|delete [OPTIONS]     (see kdeck groups --help)\n"
	"       kdeck --replay FILE [--at TIME] [--once --json]\n"
	"       kdeck record [OPTIONS] FILE                  (see kdeck record --help)\n"
	"       kdeck check [OPTIONS]                        (see kdeck check --help)\n"
	"\n"
	"A terminal dashboard for Apache Kafka clusters.\n"
	"\n"
	"  -b, --bootstrap HOST:PORT[,...]  brokers to bootstrap from\n"
	"  -X KEY=VALUE                     librdkafka property (repeatable), e.g.\n"
	"                                   -X security.protocol=PLAINTEXT\n"
	"  -i, --interval SECONDS           poll interval (default 2, fractions allowed)\n"
	"      --timeout SECONDS            per-request timeout (default: the interval)\n"
	"      --once                       poll twice, one interval apart, print, exit\n"
	"      --json                       with --once: print the snapshot as JSON\n"
	"      --demo                       run against an embedded demo cluster\n"
	"      --demo=incident              the same, playing a broker failure on a 3-minute loop\n"
	"      --read-only                  never send a request that changes the cluster\n"
	"      --record FILE                keep every snapshot and event in FILE (.gz:\n"
	"                                   compressed); replay it with --replay\n"
	"      --replay FILE [--at TIME]    open the dashboard on a recording (p play,\n"
	"                                   [ ] step, { } events, + - speed, J jump);\n"
	"                                   with --once --json: the snapshot at TIME\n"
	"      --msk [--region R] [--cluster NAME|ARN] [--auth iam|scram|tls|plaintext]\n"
	"                                   find an Amazon MSK cluster through the AWS API,\n"
	"                                   connect to it and show its control plane too\n"
	"      --msk-interval SECONDS       how often the control plane is read (default 30)\n"
	"      --lag KEY=VALUE              consumer lag rule (repeatable), e.g. --lag\n"
	"                                   window=10 --lag allowed=100 (doc/groups.md)\n"
	"      --theme NAME|PATH            colour theme (see doc/themes.md)\n"
	"      --config PATH                config file (default\n"
	"                                   $XDG_CONFIG_HOME/kdeck/config)\n"
	"      --context NAME               use the config file's context NAME\n"
	"  -h, --help                       this text\n"
	"  -V, --version                    print the version\n"
	"\n"
	"Exit status: 0 ok; 1 the cluster could not be reached or read;\n"
	"2 bad command line or configuration; 3 internal error.\n";

void options_free(kd_options *o)
{
	free(o->bootstrap);
	free(o->theme);
	free(o->config_path);
	free(o->context);
	free(o->record);
	free(o->replay);
	free(o->at);
	free(o->read_only_why);
	for (int i = 0; i < o->n_props; i++) {
		free(o->props[i].key);
		/* a value may be a password: not left in freed memory */
		explicit_bzero(o->props[i].value, strlen(o->props[i].value));
		free(o->props[i].value);
	}
	free(o->props);
	memset(o, 0, sizeof(*o));
}

void options_copy(kd_options *dst, const kd_options *src)
{
	*dst = *src;
	dst->bootstrap = src->bootstrap ? strdup(src->bootstrap) : NULL;
	dst->theme = src->theme ? strdup(src->theme) : NULL;
	dst->config_path = src->config_path ? strdup(src->config_path) : NULL;
	dst->record = src->record ? strdup(src->record) : NULL;
	dst->replay = src->replay ? strdup(src->replay) : NULL;
	dst->at = src->at ? strdup(src->at) : NULL;
	dst->context = src->context ? strdup(src->context) : NULL;
	dst->read_only_why = src->read_only_why ? strdup(src->read_only_why) : NULL;
	dst->props = calloc((size_t)src->n_props + 1, sizeof(*dst->props));
	if (!dst->props)
		abort();
	for (int i = 0; i < src->n_props; i++) {
		dst->props[i].key = strdup(src->props[i].key);
		dst->props[i].value = strdup(src->props[i].value);
	}
}

void options_set_read_only(kd_options *o, const char *why)
{
	if (o->read_only && o->read_only_why)
		return;                 /* the first reason stays */
	o->read_only = true;
	free(o->read_only_why);
	o->read_only_why = why ? strdup(why) : NULL;
}

/* Add one -X key=value; a later value for the same key replaces the earlier
 * one, as librdkafka itself would. */
int options_add_prop(kd_options *o, const char *kv, char *err, size_t errlen)
{
	const char *eq = strchr(kv, '=');
	if (!eq || eq == kv) {
		snprintf(err, errlen, "-X %s: expected KEY=VALUE", kv);
		return KD_EXIT_USAGE;
	}
	char *key = strndup(kv, (size_t)(eq - kv));
	char *value = strdup(eq + 1);
	if (!key || !value)
		abort();
	for (int i = 0; i < o->n_props; i++)
		if (!strcmp(o->props[i].key, key)) {
			free(o->props[i].value);
			o->props[i].value = value;
			free(key);
			return 0;
		}
	o->props = realloc(o->props, sizeof(*o->props) * (size_t)(o->n_props + 1));
	if (!o->props)
		abort();
	o->props[o->n_props].key = key;
	o->props[o->n_props].value = value;
	o->n_props++;
	return 0;
}

/* The most a -X KEY=@FILE reads: a PEM chain or a token, not a log. */
#define PROP_FILE_MAX (1024 * 1024)

/* KEY=@FILE: the value is the file's content (its final newline cut),
 * so a secret never shows in the process list; @@ is a literal '@'.
 * KEY=${env:NAME}: the value of the environment variable NAME. */
int options_add_prop_cli(kd_options *o, const char *kv, char *err, size_t errlen)
{
	const char *eq = strchr(kv, '=');
	if (!eq || eq == kv)
		return options_add_prop(o, kv, err, errlen);
	size_t kl = (size_t)(eq - kv);
	const char *v = eq + 1;
	char *value = NULL;
	size_t vl = 0;

	if (v[0] == '@' && v[1] == '@') {
		value = strdup(v + 1);
		vl = value ? strlen(value) : 0;
	} else if (v[0] == '@') {
		FILE *f = fopen(v + 1, "re");
		if (!f) {
			snprintf(err, errlen, "-X %.*s=@%s: %s", (int)kl, kv, v + 1, strerror(errno));
			return KD_EXIT_USAGE;
		}
		value = malloc(PROP_FILE_MAX + 1);
		if (!value)
			abort();
		vl = fread(value, 1, PROP_FILE_MAX + 1, f);
		fclose(f);
		if (vl > PROP_FILE_MAX || memchr(value, '\0', vl)) {
			snprintf(err, errlen, "-X %.*s=@%s: %s", (int)kl, kv, v + 1,
				 vl > PROP_FILE_MAX ? "larger than 1 MiB" : "holds a NUL byte");
			explicit_bzero(value, vl);
			free(value);
			return KD_EXIT_USAGE;
		}
		while (vl > 0 && (value[vl - 1] == '\n' || value[vl - 1] == '\r'))
			vl--;
		value[vl] = '\0';
	} else if (!strncmp(v, "${env:", 6) && v[strlen(v) - 1] == '}') {
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(strlen(v) - 7), v + 6);
		const char *e = getenv(name);
		if (!e) {
			snprintf(err, errlen, "-X %.*s=${env:%s}: %s is not set", (int)kl, kv,
				 name, name);
			return KD_EXIT_USAGE;
		}
		value = strdup(e);
		vl = value ? strlen(value) : 0;
	} else {
		return options_add_prop(o, kv, err, errlen);
	}
	if (!value)
		abort();
	char *joined = malloc(kl + vl + 2);
	if (!joined)
		abort();
	memcpy(joined, kv, kl + 1);
	memcpy(joined + kl + 1, value, vl + 1);
	int rc = options_add_prop(o, joined, err, errlen);
	explicit_bzero(joined, kl + vl + 1);
	explicit_bzero(value, vl);
	free(joined);
	free(value);
	return rc;
}

const char *options_prop(const kd_options *o, const char *key)
{
	for (int i = 0; i < o->n_props; i++)
		if (!strcmp(o->props[i].key, key))
			return o->props[i].value;
	return NULL;
}

static int parse_seconds(const char *s, int *ms)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || v < 0.05 || v > 3600)
		return -1;
	*ms = (int)(v * 1000 + 0.5);
	return 0;
}

int options_set_interval(kd_options *o, const char *arg, char *err, size_t errlen)
{
	if (parse_seconds(arg, &o->interval_ms)) {
		snprintf(err, errlen, "-i %s: expected seconds between 0.05 and 3600", arg);
		return -1;
	}
	o->given |= KD_GIVEN_INTERVAL;
	return 0;
}

enum {
	OPT_ONCE = 256, OPT_JSON, OPT_DEMO, OPT_READ_ONLY, OPT_THEME, OPT_TIMEOUT,
	OPT_CONFIG, OPT_CONTEXT, OPT_LAG, OPT_MSK, OPT_REGION, OPT_CLUSTER, OPT_AUTH,
	OPT_MSK_INTERVAL, OPT_RECORD, OPT_REPLAY, OPT_AT,
};

int options_parse(kd_options *o, int argc, char **argv, char *err, size_t errlen)
{
	static const struct option longopts[] = {
		{"bootstrap", required_argument, NULL, 'b'},
		{"interval", required_argument, NULL, 'i'},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"once", no_argument, NULL, OPT_ONCE},
		{"json", no_argument, NULL, OPT_JSON},
		{"demo", optional_argument, NULL, OPT_DEMO},
		{"read-only", no_argument, NULL, OPT_READ_ONLY},
		{"theme", required_argument, NULL, OPT_THEME},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"context", required_argument, NULL, OPT_CONTEXT},
		{"lag", required_argument, NULL, OPT_LAG},
		{"msk", no_argument, NULL, OPT_MSK},
		{"region", required_argument, NULL, OPT_REGION},
		{"cluster", required_argument, NULL, OPT_CLUSTER},
		{"auth", required_argument, NULL, OPT_AUTH},
		{"msk-interval", required_argument, NULL, OPT_MSK_INTERVAL},
		{"record", required_argument, NULL, OPT_RECORD},
		{"replay", required_argument, NULL, OPT_REPLAY},
		{"at", required_argument, NULL, OPT_AT},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:i:X:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			free(o->bootstrap);
			o->bootstrap = strdup(optarg);
			o->given |= KD_GIVEN_BOOTSTRAP;
			break;
		case 'i':
			if (parse_seconds(optarg, &o->interval_ms)) {
				snprintf(err, errlen, "-i %s: expected seconds between 0.05 and 3600", optarg);
				return KD_EXIT_USAGE;
			}
			o->given |= KD_GIVEN_INTERVAL;
			break;
		case OPT_TIMEOUT:
			if (parse_seconds(optarg, &o->timeout_ms)) {
				snprintf(err, errlen, "--timeout %s: expected seconds between 0.05 and 3600", optarg);
				return KD_EXIT_USAGE;
			}
			o->given |= KD_GIVEN_TIMEOUT;
			break;
		case 'X':
			if (options_add_prop_cli(o, optarg, err, errlen))
				return KD_EXIT_USAGE;
			o->given |= KD_GIVEN_PROPS;
			break;
		case OPT_ONCE: o->once = true; break;
		case OPT_JSON: o->json = true; break;
		case OPT_RECORD: free(o->record); o->record = strdup(optarg); break;
		case OPT_REPLAY: free(o->replay); o->replay = strdup(optarg); break;
		case OPT_AT: free(o->at); o->at = strdup(optarg); break;
		case OPT_DEMO:
			/* --demo, or --demo=incident: the scripted incident */
			o->demo = true;
			if (optarg && !strcmp(optarg, "incident")) {
				o->demo_incident = true;
			} else if (optarg) {
				snprintf(err, errlen, "--demo=%s: expected --demo or --demo=incident", optarg);
				return KD_EXIT_USAGE;
			}
			break;
		case OPT_READ_ONLY:
			options_set_read_only(o, NULL);
			o->given |= KD_GIVEN_READ_ONLY;
			break;
		case OPT_THEME:
			free(o->theme);
			o->theme = strdup(optarg);
			o->given |= KD_GIVEN_THEME;
			break;
		case OPT_CONFIG:
			free(o->config_path);
			o->config_path = strdup(optarg);
			break;
		case OPT_CONTEXT:
			free(o->context);
			o->context = strdup(optarg);
			break;
		case OPT_LAG: {
			/* kept as the property kdeck.lag.KEY, which librdkafka
			 * never sees; checked by the collector (groups_poll.h) */
			char kv[512];
			if (!strchr(optarg, '=')) {
				snprintf(err, errlen, "--lag %s: expected KEY=VALUE, e.g. --lag window=10", optarg);
				return KD_EXIT_USAGE;
			}
			snprintf(kv, sizeof(kv), "kdeck.%s%s", strncmp(optarg, "lag.", 4) ? "lag." : "", optarg);
			if (options_add_prop(o, kv, err, errlen))
				return KD_EXIT_USAGE;
			break;
		}
		/* Amazon MSK: kept as kdeck.msk.* properties (msk_watch.h), so
		 * that contexts and copies of the options carry them too */
		case OPT_MSK:
		case OPT_REGION:
		case OPT_CLUSTER:
		case OPT_AUTH:
		case OPT_MSK_INTERVAL: {
			static const char *const keys[] = { "kdeck.msk", "kdeck.msk.region",
				"kdeck.msk.cluster", "kdeck.msk.auth", "kdeck.msk.interval" };
			char kv[1024];
			if (c == OPT_AUTH && strcmp(optarg, "iam") && strcmp(optarg, "scram") &&
			    strcmp(optarg, "tls") && strcmp(optarg, "plaintext")) {
				snprintf(err, errlen, "--auth %s: one of iam, scram, tls, plaintext",
					 optarg);
				return KD_EXIT_USAGE;
			}
			snprintf(kv, sizeof(kv), "%s=%s", keys[c - OPT_MSK],
				 c == OPT_MSK ? "true" : optarg);
			if (options_add_prop(o, kv, err, errlen))
				return KD_EXIT_USAGE;
			if (c != OPT_MSK && options_add_prop(o, "kdeck.msk=true", err, errlen))
				return KD_EXIT_USAGE;
			break;
		}
		case 'h':
			fputs(usage, stdout);
			return -1;
		case 'V':
			printf("kdeck %s\n", PACKAGE_VERSION);
			return -1;
		case ':':
			snprintf(err, errlen, "%s needs a value", argv[optind - 1]);
			return KD_EXIT_USAGE;
		default:
			snprintf(err, errlen, "unknown option %s (see kdeck --help)", argv[optind - 1]);
			return KD_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s' (see kdeck --help)", argv[optind]);
		return KD_EXIT_USAGE;
	}
	if (o->at && !o->replay) {
		snprintf(err, errlen, "--at needs --replay FILE");
		return KD_EXIT_USAGE;
	}
	if (o->replay && (o->record || o->demo || o->bootstrap)) {
		snprintf(err, errlen, "--replay reads a recording: no -b, --demo or --record with it");
		return KD_EXIT_USAGE;
	}
	if (o->json && !o->once) {
		snprintf(err, errlen, "--json needs --once");
		return KD_EXIT_USAGE;
	}
	return 0;
}

int options_finish(kd_options *o, char *err, size_t errlen)
{
	if (o->interval_ms == 0)
		o->interval_ms = 2000;
	/* a replay needs no cluster */
	if (o->replay)
		return 0;
	/* MSK: the control plane gives the bootstrap string (main) */
	if (!o->bootstrap && !o->demo && options_prop(o, "kdeck.msk")) {
		if (o->timeout_ms == 0)
			o->timeout_ms = o->interval_ms < 1000 ? 1000 : o->interval_ms;
		return 0;
	}
	if (!o->bootstrap && !o->demo) {
		const char *env = getenv("KDECK_BOOTSTRAP");
		if (env && *env) {
			o->bootstrap = strdup(env);
		} else {
			snprintf(err, errlen, "no cluster given: use -b HOST:PORT, --context NAME or --demo "
				 "(see kdeck --help)");
			return KD_EXIT_USAGE;
		}
	}
	if (o->timeout_ms == 0)
		o->timeout_ms = o->interval_ms < 1000 ? 1000 : o->interval_ms;
	return 0;
}
