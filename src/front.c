/* front.c: see front.h. */
#include "config.h"

#include "front.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "termsafe.h"

enum {
	FRONT_TIMEOUT = 0x1000, FRONT_CONTEXT, FRONT_CONFIG, FRONT_READ_ONLY, FRONT_JSON,
};

static const struct option common[] = {
	{"bootstrap", required_argument, NULL, 'b'},
	{"timeout", required_argument, NULL, FRONT_TIMEOUT},
	{"context", required_argument, NULL, FRONT_CONTEXT},
	{"config", required_argument, NULL, FRONT_CONFIG},
	{"read-only", no_argument, NULL, FRONT_READ_ONLY},
	{"json", no_argument, NULL, FRONT_JSON},
};
#define N_COMMON (sizeof(common) / sizeof(common[0]))

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
	if (!*dst)
		abort();
}

int front_parse(const kd_front *f, kd_options *o, int argc, char **argv, int *next,
		char *err, size_t errlen)
{
	size_t n_own = 0;
	while (f->longopts && f->longopts[n_own].name)
		n_own++;
	struct option *all = calloc(N_COMMON + n_own + 1, sizeof(*all));
	char shortopts[128];
	int c, rc = 0;

	if (!all)
		abort();
	memcpy(all, common, sizeof(common));
	if (n_own)
		memcpy(all + N_COMMON, f->longopts, n_own * sizeof(*all));
	snprintf(shortopts, sizeof(shortopts), ":b:X:%s", f->shortopts ? f->shortopts : "");
	optind = 1;
	opterr = 0;
	while (!rc && (c = getopt_long(argc, argv, shortopts, all, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'b':
			set_str(&o->bootstrap, optarg);
			o->given |= KD_GIVEN_BOOTSTRAP;
			break;
		case 'X':
			if (options_add_prop_cli(o, optarg, err, errlen))
				rc = KD_EXIT_USAGE;
			o->given |= KD_GIVEN_PROPS;
			break;
		case FRONT_TIMEOUT: {
			double s = strtod(optarg, &end);
			if (*end || !*optarg || s < 0.05 || s > 3600) {
				snprintf(err, errlen, "--timeout %s: expected seconds between 0.05 "
					 "and 3600", optarg);
				rc = KD_EXIT_USAGE;
			}
			o->timeout_ms = (int)(s * 1000 + 0.5);
			o->given |= KD_GIVEN_TIMEOUT;
			break;
		}
		case FRONT_CONTEXT: set_str(&o->context, optarg); break;
		case FRONT_CONFIG: set_str(&o->config_path, optarg); break;
		case FRONT_READ_ONLY:
			options_set_read_only(o, NULL);
			o->given |= KD_GIVEN_READ_ONLY;
			break;
		case FRONT_JSON: o->json = true; break;
		case ':':
			snprintf(err, errlen, "%s needs a value", argv[optind - 1]);
			rc = KD_EXIT_USAGE;
			break;
		case '?':
			snprintf(err, errlen, "unknown option %s (see %s --help)", argv[optind - 1],
				 f->name);
			rc = KD_EXIT_USAGE;
			break;
		default: {
			int r = f->own ? f->own(f->ctx, c, optarg, err, errlen) : -1;
			if (r > 0)
				rc = -1;
			else if (r < 0)
				rc = KD_EXIT_USAGE;
			break;
		}
		}
	}
	free(all);
	*next = optind;
	return rc;
}

int front_setup(const kd_front *f, kd_options *o, kd_config **cfg, kd_secrets *secrets,
		char *err, size_t errlen)
{
	int rc = config_setup(o, cfg, secrets, err, errlen);
	if ((*cfg)->error)
		fprintf(stderr, "%s: %s (going on without the config file: reading only, every "
			"change is refused)\n", f->name, term_str((*cfg)->error));
	return rc;
}
