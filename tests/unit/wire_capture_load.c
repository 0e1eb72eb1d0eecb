/* wire_capture_load.c: see wire_capture_load.h. */
#include "config.h"

#include "wire_capture_load.h"
#include "wire_msgs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef WIRE_CAPTURE_DIR
#define WIRE_CAPTURE_DIR "tests/captures"
#endif

const char *const wcap_kafka_versions[] = { "3.9.1", "4.1.1", NULL };

int wcap_load_file(const char *name, uint8_t **data, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", WIRE_CAPTURE_DIR, name);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			uint8_t *p = realloc(buf, cap);
			if (!p)
				abort();
			buf = p;
		}
		size_t got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	fclose(fp);
	/* exactly the file's size, so ASan catches any read past its end */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact)
		abort();
	memcpy(exact, buf, n);
	free(buf);
	*data = exact;
	*len = n;
	return 0;
}

int wcap_load(const char *tag, int version, const char *kafka, const char *kind,
	      uint8_t **data, size_t *len)
{
	char name[256];
	snprintf(name, sizeof(name), "%s-v%d-%s.%s.bin", tag, version, kafka, kind);
	return wcap_load_file(name, data, len);
}

/* Facts of one .env file of the captures, cached by file name. */
const char *wcap_env_fact(const char *file, const char *key)
{
	static char cache[4][64][2][256];
	static char cached_file[4][64];
	int slot = -1;
	for (int i = 0; i < 4; i++) {
		if (!strcmp(cached_file[i], file)) {
			slot = i;
			break;
		}
		if (!cached_file[i][0]) {
			slot = i;
			uint8_t *raw;
			size_t len;
			if (wcap_load_file(file, &raw, &len)) {
				fprintf(stderr, "missing %s/%s\n", WIRE_CAPTURE_DIR, file);
				abort();
			}
			char *data = malloc(len + 1);
			if (!data)
				abort();
			memcpy(data, raw, len);
			data[len] = '\0';
			free(raw);
			int n = 0;
			char *save, *line = strtok_r(data, "\n", &save);
			for (; line && n < 64; line = strtok_r(NULL, "\n", &save)) {
				char *eq = strchr(line, '=');
				if (line[0] == '#' || !eq)
					continue;
				*eq = '\0';
				snprintf(cache[i][n][0], 256, "%s", line);
				snprintf(cache[i][n][1], 256, "%s", eq + 1);
				n++;
			}
			free(data);
			snprintf(cached_file[i], sizeof(cached_file[i]), "%s", file);
			break;
		}
	}
	if (slot < 0)
		abort();
	for (int j = 0; j < 64 && cache[slot][j][0][0]; j++)
		if (!strcmp(cache[slot][j][0], key))
			return cache[slot][j][1];
	fprintf(stderr, "%s has no %s\n", file, key);
	abort();
}

const char *wcap_fact(const char *kafka, const char *key)
{
	char name[128];
	snprintf(name, sizeof(name), "kafka-%s.env", kafka);
	return wcap_env_fact(name, key);
}

int wcap_decode(int16_t api, const uint8_t *b, size_t n, int16_t v,
		kd_arena *a, void **out, char *err, size_t errlen)
{
	return wire_decode_any(api, b, n, v, a, out, err, errlen);
}

long long wcap_fact_int(const char *kafka, const char *key)
{
	return strtoll(wcap_fact(kafka, key), NULL, 10);
}
