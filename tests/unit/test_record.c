/*
 * test_record.c: recordings (src/record.c).  200 snapshots with small
 * changes written (plain and gzip'd) read back as the same JSON, in a
 * file much smaller than 200 full ones; a file cut or with a flipped byte
 * anywhere opens, keeps the records before the damage and says where it
 * stopped; rotation by size leaves FILE.1 and both replay; appending
 * works, also to a file whose recorder was killed mid-line; --at times.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "events.h"
#include "fixtures.h"
#include "record.h"
#include "snapshot_json.h"

#define N_SNAPS 200
#define T0 1767225600000LL       /* 2026-01-01T00:00:00Z */

static char dir[64];

static const char *tmp_path(const char *name)
{
	static char p[4][160];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

/* Poll i of a quiet cluster: watermarks and rates move a little, the
 * histories slide, an event now and then. */
static kd_snapshot *snap(int i)
{
	static const fx_topic topics[] = {
		{ "orders", 12, 3, 1 }, { "pay", 6, 2, 2 }, { "audit", 4, 3, 3 },
	};
	kd_snapshot *s = fx_snapshot(3, NULL, 0, topics, 3, NULL, 2000 * i);
	for (int t = 0; t < 3; t++)
		for (int p = 0; p < topics[t].partitions; p++)
			snapshot_set_watermarks(s, topics[t].name, p, 0,
						t == 0 && p < 2 ? 100 * i + p : 1000 + p);
	snapshot_finish(s);
	s->seq = (uint64_t)i + 1;
	s->taken_ms = T0 + 2000LL * i;
	s->poll_ms = 10 + i % 3;
	s->interval_ms = 2000;
	s->connected = true;
	s->bootstrap = "b1:9092";
	for (int t = 0; t < s->n_topics; t++)
		for (int p = 0; p < s->topics[t].n_partitions; p++)
			s->topics[t].partitions[p].msgs_rate = 50.0 / (p + 1) + (i % 2);
	s->msgs_rate = 100 + i % 7;
	int n = i + 1 < KD_HISTORY ? i + 1 : KD_HISTORY;
	s->msgs_history.n = n;
	for (int k = 0; k < n; k++)
		s->msgs_history.v[k] = 100 + (i - n + 1 + k) % 7;
	s->topics[1].msgs_history = s->msgs_history;
	if (i >= 10) {
		kd_event *ev = arena_calloc(&s->arena, 1, sizeof(*ev));
		ev->ms = T0 + 2000LL * (i / 10 * 10);
		ev->kind = KD_EV_LEADER;
		ev->topic = "orders";
		ev->partition = i / 10;
		ev->broker = -1;
		ev->text = arena_printf(&s->arena, "orders-%d leader moved", i / 10);
		s->events = ev;
		s->n_events = 1;
		s->events_total = (uint64_t)i / 10;
	}
	return s;
}

/* The --once --json document of s, without "replayed" (a loaded
 * snapshot says it is one). */
static json_t *doc(const kd_snapshot *s)
{
	char *t = snapshot_json(s);
	json_t *j = json_loads(t, 0, NULL);
	free(t);
	assert_non_null(j);
	json_object_del(j, "replayed");
	return j;
}

static json_t *expected[N_SNAPS];

static void check_record(kd_replay *r, int i, int want)
{
	char err[256];
	kd_snapshot *s = replay_snapshot(r, i, err, sizeof(err));
	if (!s)
		fail_msg("record %d: %s", i, err);
	assert_true(s->replayed);
	json_t *j = doc(s);
	if (!json_equal(j, expected[want]))
		fail_msg("record %d differs from snapshot %d", i, want);
	json_decref(j);
	snapshot_free(s);
}

static int64_t file_size(const char *p)
{
	struct stat st;
	return stat(p, &st) ? -1 : (int64_t)st.st_size;
}

static void write_n(const char *path, const kd_record_opts *o, int from, int to)
{
	char err[256];
	kd_recorder *rec = recorder_open(path, o, err, sizeof(err));
	if (!rec)
		fail_msg("open: %s", err);
	for (int i = from; i < to; i++) {
		kd_snapshot *s = snap(i);
		if (recorder_write(rec, s, err, sizeof(err)))
			fail_msg("write %d: %s", i, err);
		snapshot_free(s);
	}
	recorder_close(rec);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/kdeck-test-record-XXXXXX");
	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < N_SNAPS; i++) {
		kd_snapshot *s = snap(i);
		expected[i] = doc(s);
		snapshot_free(s);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	for (int i = 0; i < N_SNAPS; i++)
		json_decref(expected[i]);
	return 0;
}

static void write_and_read(const char *name, double max_ratio)
{
	const char *path = tmp_path(name);
	char err[256];
	unlink(path);
	write_n(path, NULL, 0, N_SNAPS);

	kd_replay *r = replay_open(path, err, sizeof(err));
	if (!r)
		fail_msg("%s", err);
	assert_null(replay_damage(r));
	assert_int_equal(replay_count(r), N_SNAPS);
	for (int i = 0; i < N_SNAPS; i++) {
		assert_int_equal(replay_time(r, i), T0 + 2000LL * i);
		check_record(r, i, i);
	}
	/* backwards, across full records */
	for (int i = N_SNAPS - 1; i >= 0; i -= 7)
		check_record(r, i, i);
	assert_string_equal(replay_bootstrap(r), "");
	replay_close(r);

	/* much smaller than 200 full snapshots */
	kd_snapshot *s = snap(N_SNAPS / 2);
	json_t *j = snapshot_json_object(s, SNAPSHOT_JSON_RECORD);
	char *full = json_dumps(j, JSON_COMPACT);
	double ratio = (double)file_size(path) / ((double)strlen(full) * N_SNAPS);
	print_message("%s: %lld bytes, %.3f of %d full snapshots\n", name,
		      (long long)file_size(path), ratio, N_SNAPS);
	assert_true(ratio < max_ratio);
	free(full);
	json_decref(j);
	snapshot_free(s);
}

static void test_plain(void **state)
{
	(void)state;
	write_and_read("plain.jsonl", 0.15);
}

static void test_gzip(void **state)
{
	(void)state;
	write_and_read("rec.jsonl.gz", 0.03);
	/* it is gzip */
	FILE *f = fopen(tmp_path("rec.jsonl.gz"), "rb");
	unsigned char magic[2] = { 0 };
	assert_int_equal(fread(magic, 1, 2, f), 2);
	fclose(f);
	assert_true(magic[0] == 0x1f && magic[1] == 0x8b);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc(*len + 1);
	assert_int_equal(fread(p, 1, *len, f), *len);
	fclose(f);
	return p;
}

static void spit(const char *path, const char *p, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, len, f), len);
	fclose(f);
}

/* Open a damaged copy: never a crash; when it opens, every record it
 * kept reads back as written; returns the count (-1: refused). */
static int open_damaged(const char *path, bool check_all)
{
	char err[256];
	kd_replay *r = replay_open(path, err, sizeof(err));
	if (!r) {
		assert_true(strstr(err, "not a kdeck recording") || strstr(err, "gzip") ||
			    strstr(err, "empty"));
		return -1;
	}
	int n = replay_count(r);
	assert_true(n <= N_SNAPS);
	for (int i = 0; i < n; i += check_all ? 1 : (n > 3 ? n / 3 : 1))
		check_record(r, i, i);
	if (n)
		check_record(r, n - 1, n - 1);
	const char *d = replay_damage(r);
	if (d) {
		char want[64];
		snprintf(want, sizeof(want), "stopped at record %d (line %d, byte ", n + 1, n + 2);
		if (!strstr(d, want))
			fail_msg("damage \"%s\" lacks \"%s\"", d, want);
	}
	replay_close(r);
	return n;
}

/* The offsets where record lines end (after '\n'), plain text. */
static int line_ends(const char *p, size_t len, size_t *ends, int max)
{
	int n = 0;
	for (size_t i = 0; i < len && n < max; i++)
		if (p[i] == '\n')
			ends[n++] = i + 1;
	return n;
}

static void test_cut_and_flip_plain(void **state)
{
	(void)state;
	const char *path = tmp_path("plain.jsonl"), *bad = tmp_path("bad.jsonl");
	size_t len, ends[N_SNAPS + 2];
	char *p = slurp(path, &len);
	int lines = line_ends(p, len, ends, N_SNAPS + 2);
	assert_int_equal(lines, N_SNAPS + 1);

	for (int k = 0; k <= 150; k++) {
		size_t cut = len * (size_t)k / 150;
		spit(bad, p, cut);
		int complete = 0;               /* record lines wholly before the cut */
		for (int l = 1; l < lines; l++)
			complete += ends[l] <= cut;
		int n = open_damaged(bad, false);
		if (cut < ends[0])
			assert_int_equal(n, -1);
		else
			assert_int_equal(n, complete);
	}
	for (int k = 0; k < 300; k++) {
		size_t at = (size_t)((uint64_t)k * 7919 % len);
		p[at] ^= (char)(1 << (k % 8));
		spit(bad, p, len);
		p[at] ^= (char)(1 << (k % 8));
		int before = 0;
		for (int l = 1; l < lines; l++)
			before += ends[l] <= at;
		int n = open_damaged(bad, false);
		if (at < ends[0])
			assert_int_equal(n, -1);
		else
			assert_int_equal(n, before);
	}
	free(p);
}

static void test_cut_and_flip_gzip(void **state)
{
	(void)state;
	const char *path = tmp_path("rec.jsonl.gz"), *bad = tmp_path("bad.jsonl.gz");
	size_t len;
	char *p = slurp(path, &len);
	int last = -1;
	for (int k = 0; k <= 120; k++) {
		size_t cut = len * (size_t)k / 120;
		spit(bad, p, cut);
		int n = open_damaged(bad, false);
		assert_true(n >= last || n == -1);   /* more file, never fewer records */
		if (n >= 0)
			last = n;
	}
	assert_int_equal(last, N_SNAPS);
	for (int k = 0; k < 200; k++) {
		size_t at = 10 + (size_t)((uint64_t)k * 104729 % (len - 10));
		p[at] ^= (char)(1 << (k % 8));
		spit(bad, p, len);
		p[at] ^= (char)(1 << (k % 8));
		open_damaged(bad, false);
	}
	free(p);
}

/* Rotation by age: snapshots 2 s apart, a new file past 60 s of the
 * current one's; each file spans at most 60 s, and together they hold
 * every record in order. */
static void test_rotation_by_age(void **state)
{
	(void)state;
	const char *path = tmp_path("age.jsonl");
	char err[256];
	kd_record_opts o = { .bootstrap = "b1:9092", .keep = 20, .rotate_age_ms = 60000 };
	write_n(path, &o, 0, N_SNAPS);
	int files = 0, next = 0;
	for (int k = 20; k >= 0; k--) {
		char f[220];
		if (k)
			snprintf(f, sizeof(f), "%s.%d", path, k);
		else
			snprintf(f, sizeof(f), "%s", path);
		if (file_size(f) < 0)
			continue;
		kd_replay *r = replay_open(f, err, sizeof(err));
		if (!r)
			fail_msg("%s", err);
		int n = replay_count(r);
		assert_true(n > 0);
		assert_true(replay_time(r, n - 1) - replay_time(r, 0) <= 60000);
		assert_int_equal((int)((replay_time(r, 0) - T0) / 2000), next);
		next += n;
		files++;
		replay_close(r);
	}
	assert_int_equal(next, N_SNAPS);
	assert_true(files >= N_SNAPS * 2 / 62);
}

static void test_rotation(void **state)
{
	(void)state;
	const char *path = tmp_path("rot.jsonl");
	char err[256];
	kd_record_opts o = { .bootstrap = "b1:9092", .keep = 2 };
	o.rotate_bytes = file_size(tmp_path("plain.jsonl")) / 4;
	write_n(path, &o, 0, N_SNAPS);

	char p1[200], p2[200], p3[200];
	snprintf(p1, sizeof(p1), "%s.1", path);
	snprintf(p2, sizeof(p2), "%s.2", path);
	snprintf(p3, sizeof(p3), "%s.3", path);
	assert_true(file_size(p1) > 0);
	assert_true(file_size(p2) > 0);
	assert_true(file_size(p3) < 0);          /* keep = 2 */
	/* newest last: FILE.2, FILE.1, FILE; each starts with a full record
	 * and holds what follows the one before */
	const char *files[] = { p2, p1, path };
	int total = 0, first = -1;
	for (int f = 0; f < 3; f++) {
		kd_replay *r = replay_open(files[f], err, sizeof(err));
		if (!r)
			fail_msg("%s", err);
		assert_null(replay_damage(r));
		assert_string_equal(replay_bootstrap(r), "b1:9092");
		int n = replay_count(r);
		assert_true(n > 0);
		int base = (int)((replay_time(r, 0) - T0) / 2000);
		if (first >= 0)
			assert_int_equal(base, first);
		for (int i = 0; i < n; i++)
			check_record(r, i, base + i);
		first = base + n;
		total += n;
		replay_close(r);
	}
	assert_int_equal(first, N_SNAPS);
	assert_true(total < N_SNAPS);            /* the oldest file was dropped */

	/* another cluster's recording is not appended to */
	kd_record_opts other = { .bootstrap = "elsewhere:9092" };
	assert_null(recorder_open(path, &other, err, sizeof(err)));
	assert_non_null(strstr(err, "records b1:9092, not elsewhere:9092"));
}

static void test_append(void **state)
{
	(void)state;
	const char *names[] = { "app.jsonl", "app.jsonl.gz" };
	char err[256];
	for (int k = 0; k < 2; k++) {
		const char *path = tmp_path(names[k]);
		kd_record_opts o = { .bootstrap = "b1:9092" };
		unlink(path);
		write_n(path, &o, 0, 70);
		write_n(path, &o, 70, 130);

		/* killed mid-line: cut the file inside its last record */
		size_t len;
		char *p = slurp(path, &len);
		spit(path, p, len - 25);
		free(p);
		kd_recorder *rec = recorder_open(path, &o, err, sizeof(err));
		if (!rec)
			fail_msg("%s", err);
		assert_non_null(recorder_note(rec));
		assert_non_null(strstr(recorder_note(rec), "stopped at record"));
		recorder_close(rec);
		char keep[200];
		snprintf(keep, sizeof(keep), "%s.damaged", path);
		assert_true(file_size(keep) > 0);

		kd_replay *r = replay_open(path, err, sizeof(err));
		assert_non_null(r);
		assert_null(replay_damage(r));
		int n = replay_count(r);
		assert_true(n >= 100 && n < 130);
		replay_close(r);
		write_n(path, &o, n, N_SNAPS);

		r = replay_open(path, err, sizeof(err));
		assert_non_null(r);
		assert_null(replay_damage(r));
		assert_int_equal(replay_count(r), N_SNAPS);
		for (int i = 0; i < N_SNAPS; i++)
			check_record(r, i, i);
		replay_close(r);
	}
	/* not a recording: refused, untouched */
	const char *junk = tmp_path("junk.txt");
	spit(junk, "hello\n", 6);
	assert_null(recorder_open(junk, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "not a kdeck recording"));
	assert_int_equal(file_size(junk), 6);
	assert_null(recorder_open("/nonexistent-dir/x.jsonl", NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "cannot open"));
}

static void test_times(void **state)
{
	(void)state;
	char err[256];
	int64_t ms;
	kd_replay *r = replay_open(tmp_path("plain.jsonl"), err, sizeof(err));
	assert_non_null(r);
	int64_t last = T0 + 2000LL * (N_SNAPS - 1);

	assert_int_equal(replay_parse_time(r, "+10s", &ms), 0);
	assert_int_equal(ms, T0 + 10000);
	assert_int_equal(replay_parse_time(r, "+1m30s", &ms), 0);
	assert_int_equal(ms, T0 + 90000);
	assert_int_equal(replay_parse_time(r, "-5m", &ms), 0);
	assert_int_equal(ms, last - 300000);
	assert_int_equal(replay_parse_time(r, "2026-01-01T00:01:00Z", &ms), 0);
	assert_int_equal(ms, T0 + 60000);
	assert_int_equal(replay_parse_time(r, "2026-01-01T02:01:00.500+02:00", &ms), 0);
	assert_int_equal(ms, T0 + 60500);
	assert_int_equal(replay_parse_time(r, "2025-12-31T19:01-0500", &ms), 0);
	assert_int_equal(ms, T0 + 60000);
	assert_int_equal(replay_parse_time(r, "1767225660000", &ms), 0);
	assert_int_equal(ms, T0 + 60000);
	/* HH:MM on the first day, local time */
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(replay_parse_time(r, "00:02", &ms), 0);
	assert_int_equal(ms, T0 + 120000);
	assert_int_equal(replay_parse_time(r, "00:02:30", &ms), 0);
	assert_int_equal(ms, T0 + 150000);
	static const char *const bad[] = { "", "+", "-x", "25:00", "12:61", "2026-13-01T00:00Z",
					   "2026-01-01T00:00:00+25:00", "yesterday", "+10y",
					   "2026-01-01T00:00:00Zjunk" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!replay_parse_time(r, bad[i], &ms))
			fail_msg("accepted \"%s\"", bad[i]);

	assert_int_equal(replay_find(r, T0 - 1), 0);
	assert_int_equal(replay_find(r, T0 + 2000 * 10), 10);
	assert_int_equal(replay_find(r, T0 + 2000 * 10 + 1999), 10);
	assert_int_equal(replay_find(r, last + 100000), N_SNAPS - 1);
	assert_null(replay_snapshot(r, N_SNAPS, err, sizeof(err)));
	assert_null(replay_snapshot(r, -1, err, sizeof(err)));
	replay_close(r);

	int64_t v;
	assert_int_equal(record_parse_size("100M", &v), 0);
	assert_int_equal(v, 100LL << 20);
	assert_int_equal(record_parse_size("2GiB", &v), 0);
	assert_int_equal(v, 2LL << 30);
	assert_int_equal(record_parse_size("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(record_parse_size("1Q", &v), -1);
	assert_int_equal(record_parse_size("99999999999999999999T", &v), -1);
	assert_int_equal(record_parse_duration("1h", &v), 0);
	assert_int_equal(v, 3600000);
	assert_int_equal(record_parse_duration("1d2h", &v), 0);
	assert_int_equal(v, 93600000);
	assert_int_equal(record_parse_duration("h", &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_cut_and_flip_plain),
		cmocka_unit_test(test_cut_and_flip_gzip),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_rotation_by_age),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_times),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
