/*
 * record_fuzzer.c: libFuzzer target for recordings (src/record.c) and the
 * snapshot JSON they hold (src/snapshot_load.c), both read from files an
 * operator is handed.  The bytes are read as a snapshot document (any
 * load must write back as JSON) and as a recording, plain and behind a
 * valid header (every record indexed must read back or be refused with
 * a message).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "record.h"
#include "snapshot_json.h"
#include "snapshot_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void replay_file(const char *path)
{
	char err[512] = "";
	kd_replay *r = replay_open(path, err, sizeof(err));
	if (!r) {
		if (!err[0])
			abort();                /* a refusal always says why */
		return;
	}
	for (int i = 0; i < replay_count(r) && i < 64; i++) {
		err[0] = '\0';
		kd_snapshot *s = replay_snapshot(r, i, err, sizeof(err));
		if (!s && !err[0])
			abort();
		if (s) {
			char *t = snapshot_json(s);
			if (!t)
				abort();
			free(t);
			snapshot_free(s);
		}
	}
	int64_t ms;
	replay_parse_time(r, "+10s", &ms);
	replay_find(r, 0);
	replay_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512] = "";
	json_t *j = json_loadb((const char *)data, size, 0, NULL);
	if (j) {
		kd_snapshot *s = snapshot_from_json(j, err, sizeof(err));
		if (s) {
			char *t = snapshot_json(s);
			if (!t)
				abort();
			free(t);
			snapshot_free(s);
		} else if (!err[0]) {
			abort();
		}
		json_decref(j);
	}

	char path[] = "/tmp/kdeck-record-fuzz-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		abort();
	FILE *f = fdopen(fd, "wb");
	fwrite(data, 1, size, f);
	fclose(f);
	replay_file(path);

	/* behind a valid header, so that the records themselves are read */
	static const char head[] = "{\"kdeck_recording\":1,\"started_ms\":0,\"bootstrap\":\"x\"";
	char line[128];
	snprintf(line, sizeof(line), "%s,\"crc\":\"%08lx\"}\n", head,
		 crc32(0L, (const Bytef *)head, (uInt)strlen(head)));
	f = fopen(path, "wb");
	fputs(line, f);
	fwrite(data, 1, size, f);
	fclose(f);
	replay_file(path);
	unlink(path);
	return 0;
}
