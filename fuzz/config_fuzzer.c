/*
 * config_fuzzer.c: libFuzzer target for the config file parser
 * (src/config_file.c over src/ini.c).  Parsing never runs a ${cmd:...}
 * (that happens when a context is used), so any input is safe here.  A
 * rejected input names a line and column inside it and leaves nothing
 * behind; an accepted one has contexts with names and a cluster each.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kd_config *cfg = config_parse((const char *)data, size, "fuzz");
	int lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (cfg->error) {
		if (strncmp(cfg->error, "fuzz:", 5) || cfg->n_contexts || cfg->n_bindings ||
		    cfg->n_lag || cfg->theme || cfg->context)
			abort();
		if (atoi(cfg->error + 5) < 1 || atoi(cfg->error + 5) > lines)
			abort();
	} else {
		for (int i = 0; i < cfg->n_contexts; i++) {
			const kd_context *c = &cfg->contexts[i];
			if (!c->name[0] || (!c->bootstrap.text && !c->msk_arn))
				abort();
			if (config_context(cfg, c->name) != &cfg->contexts[0] + i)
				abort();
		}
		if (cfg->context && !config_context(cfg, cfg->context))
			abort();
	}
	config_free(cfg);
	return 0;
}
