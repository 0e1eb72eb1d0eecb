/* record.c: see record.h. */
#include "config.h"

#include "record.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "clock.h"
#include "json_delta.h"
#include "json_text.h"
#include "snapshot_json.h"
#include "snapshot_load.h"
#include "termsafe.h"

#define CRC_SUFFIX_LEN 18                  /* ,"crc":"xxxxxxxx"} */
#define REPLAY_MAX_BYTES ((size_t)2048 << 20) /* of uncompressed text */

static bool name_is_gz(const char *path)
{
	size_t n = strlen(path);
	return n >= 3 && !strcmp(path + n - 3, ".gz");
}

static uint32_t crc_of(const char *p, size_t n)
{
	uLong crc = crc32(0L, Z_NULL, 0);
	while (n) {
		uInt chunk = n > (1u << 30) ? (1u << 30) : (uInt)n;
		crc = crc32(crc, (const Bytef *)p, chunk);
		p += chunk;
		n -= chunk;
	}
	return (uint32_t)crc;
}

/* A growable text: the line being built. */
typedef struct buf {
	char *p;
	size_t len, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			abort();
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Close the object begun in b with its checksum and a newline. */
static void buf_seal(buf *b)
{
	char tail[40];
	snprintf(tail, sizeof(tail), ",\"crc\":\"%08" PRIx32 "\"}\n", crc_of(b->p, b->len));
	buf_str(b, tail);
}

/* ---- writing ---------------------------------------------------------------- */

struct kd_recorder {
	char *path;
	bool gz;
	kd_record_opts o;
	char *bootstrap;
	FILE *f;                 /* plain, or */
	gzFile g;                /* gzip'd */
	int64_t started_ms;      /* the current file's header */
	int64_t age_from;        /* its first record's time: rotation by age */
	int64_t bytes;           /* its size on disk */
	int count;               /* records in it */
	uint64_t seq;            /* the next record's */
	json_t *full;            /* the last full record's snapshot, or NULL */
	uint64_t full_seq;
	size_t full_len;
	int since_full;          /* records since it, itself included */
	char note[512];
};

static int out_write(kd_recorder *r, const char *p, size_t n, char *err, size_t errlen)
{
	if (r->g) {
		if (gzwrite(r->g, p, (unsigned)n) != (int)n || gzflush(r->g, Z_SYNC_FLUSH) != Z_OK) {
			int e;
			const char *m = gzerror(r->g, &e);
			snprintf(err, errlen, "%s: cannot write: %s", term_str(r->path),
				 e == Z_ERRNO ? strerror(errno) : m);
			return -1;
		}
		r->bytes = (int64_t)gzoffset(r->g);
		return 0;
	}
	if (fwrite(p, 1, n, r->f) != n || fflush(r->f)) {
		snprintf(err, errlen, "%s: cannot write: %s", term_str(r->path), strerror(errno));
		clearerr(r->f);
		return -1;
	}
	off_t off = ftello(r->f);
	r->bytes = off < 0 ? r->bytes + (int64_t)n : (int64_t)off;
	return 0;
}

static void out_close(kd_recorder *r)
{
	if (r->g)
		gzclose(r->g);
	if (r->f)
		fclose(r->f);
	r->g = NULL;
	r->f = NULL;
}

/* Open r->path for appending ("a") or as a new file ("w"). */
static int out_open(kd_recorder *r, const char *mode, char *err, size_t errlen)
{
	if (r->gz) {
		char m[4] = { mode[0], 'b', '\0' };
		r->g = gzopen(r->path, m);
		if (!r->g) {
			snprintf(err, errlen, "%s: cannot open: %s", term_str(r->path),
				 errno ? strerror(errno) : "out of memory");
			return -1;
		}
		r->bytes = (int64_t)gzoffset(r->g);
		return 0;
	}
	r->f = fopen(r->path, mode);
	if (!r->f) {
		snprintf(err, errlen, "%s: cannot open: %s", term_str(r->path), strerror(errno));
		return -1;
	}
	fseeko(r->f, 0, SEEK_END);
	off_t off = ftello(r->f);
	r->bytes = off < 0 ? 0 : (int64_t)off;
	return 0;
}

/* A new file: its header line. */
static int out_start(kd_recorder *r, char *err, size_t errlen)
{
	if (out_open(r, "w", err, errlen))
		return -1;
	r->started_ms = clock_wall_ms();
	r->count = 0;
	json_decref(r->full);
	r->full = NULL;
	json_t *h = json_pack("{s:i, s:I, s:o}", "kdeck_recording", 1,
			      "started_ms", (json_int_t)r->started_ms,
			      "bootstrap", json_text0(r->bootstrap));
	char *text = json_dumps(h, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(h);
	if (!text)
		abort();
	buf b = { 0 };
	buf_add(&b, text, strlen(text) - 1);    /* without its '}' */
	free(text);
	buf_seal(&b);
	int rc = out_write(r, b.p, b.len, err, errlen);
	free(b.p);
	return rc;
}

/* Rewrite path with its first len bytes of text (the good records),
 * compressed as its name says.  The damaged original is kept as
 * PATH.damaged when lost is set. */
static int repair(kd_recorder *r, const char *text, size_t len, bool lost, char *err,
		  size_t errlen)
{
	size_t n = strlen(r->path) + 16;
	char *tmp = malloc(n), *keep = malloc(n);
	int rc = -1;
	if (!tmp || !keep)
		abort();
	snprintf(tmp, n, "%s.tmp", r->path);
	snprintf(keep, n, "%s.damaged", r->path);
	char *saved = r->path;
	r->path = tmp;
	if (out_open(r, "w", err, errlen) == 0) {
		rc = out_write(r, text, len, err, errlen);
		out_close(r);
	}
	r->path = saved;
	if (rc == 0 && lost && rename(r->path, keep)) {
		snprintf(err, errlen, "%s: cannot keep the damaged file: %s", term_str(keep),
			 strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, r->path)) {
		snprintf(err, errlen, "%s: cannot replace: %s", term_str(r->path), strerror(errno));
		rc = -1;
	}
	if (rc)
		remove(tmp);
	free(tmp);
	free(keep);
	return rc;
}

/* What replay_open learned about a file, for appending to it. */
typedef struct rp_info {
	const char *text;
	size_t len, good_len;
	bool damaged;
	int records;
	uint64_t last_seq;
	int64_t started_ms;
	const char *bootstrap;
} rp_info;
static kd_replay *replay_index(const char *path, rp_info *info, char *err, size_t errlen);

kd_recorder *recorder_open(const char *path, const kd_record_opts *o, char *err,
			   size_t errlen)
{
	kd_recorder *r = calloc(1, sizeof(*r));
	struct stat st;
	if (!r)
		abort();
	r->path = strdup(path);
	if (o)
		r->o = *o;
	r->bootstrap = strdup(o && o->bootstrap ? o->bootstrap : "");
	if (!r->path || !r->bootstrap)
		abort();
	r->o.bootstrap = r->bootstrap;
	if (r->o.keep <= 0)
		r->o.keep = KD_RECORD_KEEP_DEFAULT;
	r->gz = name_is_gz(path);

	if (stat(path, &st) || st.st_size == 0) {
		if (out_start(r, err, errlen))
			goto fail;
		return r;
	}
	rp_info info;
	kd_replay *rp = replay_index(path, &info, err, errlen);
	if (!rp)
		goto fail;
	if (o && o->bootstrap && strcmp(info.bootstrap, o->bootstrap)) {
		snprintf(err, errlen, "%s records %s, not %s: use another file",
			 term_str(path), term_str(info.bootstrap), term_str(o->bootstrap));
		replay_close(rp);
		goto fail;
	}
	if (info.damaged) {
		bool lost = info.good_len < info.len;
		if (repair(r, info.text, info.good_len, lost, err, errlen)) {
			replay_close(rp);
			goto fail;
		}
		snprintf(r->note, sizeof(r->note), "%s", replay_damage(rp));
		if (lost)
			snprintf(r->note + strlen(r->note), sizeof(r->note) - strlen(r->note),
				 "; the rest is kept in %s.damaged", term_str(path));
	}
	r->started_ms = info.started_ms;
	r->age_from = info.started_ms;
	r->count = info.records;
	r->seq = info.records ? info.last_seq + 1 : 0;
	replay_close(rp);
	if (out_open(r, "a", err, errlen))
		goto fail;
	return r;
fail:
	recorder_close(r);
	return NULL;
}

const char *recorder_note(const kd_recorder *r)
{
	return r->note[0] ? r->note : NULL;
}

int recorder_count(const kd_recorder *r)
{
	return r->count;
}

int64_t recorder_bytes(const kd_recorder *r)
{
	return r->bytes;
}

/* FILE -> FILE.1, FILE.1 -> FILE.2, ... keeping FILE.1 .. FILE.keep. */
static int rotate(kd_recorder *r, char *err, size_t errlen)
{
	size_t n = strlen(r->path) + 16;
	char *from = malloc(n), *to = malloc(n);
	if (!from || !to)
		abort();
	out_close(r);
	for (int i = r->o.keep - 1; i >= 1; i--) {
		snprintf(from, n, "%s.%d", r->path, i);
		snprintf(to, n, "%s.%d", r->path, i + 1);
		if (rename(from, to) && errno != ENOENT) {
			snprintf(err, errlen, "%s: cannot rotate: %s", term_str(from), strerror(errno));
			goto fail;
		}
	}
	snprintf(to, n, "%s.1", r->path);
	if (rename(r->path, to)) {
		snprintf(err, errlen, "%s: cannot rotate: %s", term_str(r->path), strerror(errno));
		goto fail;
	}
	free(from);
	free(to);
	return out_start(r, err, errlen);
fail:
	free(from);
	free(to);
	/* go on in the same file rather than lose records */
	return out_open(r, "a", err, errlen) ? -1 : 0;
}

int recorder_write(kd_recorder *r, const kd_snapshot *s, char *err, size_t errlen)
{
	if (!r->f && !r->g && out_open(r, "a", err, errlen))
		return -1;
	if (r->count > 0 &&
	    ((r->o.rotate_bytes > 0 && r->bytes >= r->o.rotate_bytes) ||
	     (r->o.rotate_age_ms > 0 && s->taken_ms - r->age_from >= r->o.rotate_age_ms))) {
		if (rotate(r, err, errlen))
			return -1;
	}
	/* a file's age counts from its first record (the snapshots' clock),
	 * or from its header when appending to one that has records */
	if (r->count == 0)
		r->age_from = s->taken_ms;

	json_t *cur = snapshot_json_object(s, SNAPSHOT_JSON_RECORD);
	const size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY;
	char *text = NULL;
	bool full = !r->full || r->since_full >= KD_RECORD_FULL_EVERY;
	if (!full) {
		json_t *d = json_delta(r->full, cur);
		text = d ? json_dumps(d, flags) : strdup("{\"$o\":{}}");
		json_decref(d);
		if (!text)
			abort();
		if (strlen(text) > r->full_len / 2) {
			free(text);
			text = NULL;
			full = true;
		}
	}
	if (full && !(text = json_dumps(cur, flags)))
		abort();

	char head[128];
	buf b = { 0 };
	if (full)
		snprintf(head, sizeof(head), "{\"t\":%" PRId64 ",\"seq\":%" PRIu64 ",\"full\":",
			 s->taken_ms, r->seq);
	else
		snprintf(head, sizeof(head), "{\"t\":%" PRId64 ",\"seq\":%" PRIu64 ",\"base\":%"
			 PRIu64 ",\"delta\":", s->taken_ms, r->seq, r->full_seq);
	buf_str(&b, head);
	buf_str(&b, text);
	buf_seal(&b);
	int rc = out_write(r, b.p, b.len, err, errlen);
	free(b.p);
	if (rc == 0 && full) {
		json_decref(r->full);
		r->full = cur;
		r->full_seq = r->seq;
		r->full_len = strlen(text);
		r->since_full = 0;
		cur = NULL;
	}
	if (rc == 0) {
		r->since_full++;
		r->seq++;
		r->count++;
	}
	json_decref(cur);
	free(text);
	return rc;
}

void recorder_close(kd_recorder *r)
{
	if (!r)
		return;
	out_close(r);
	json_decref(r->full);
	free(r->path);
	free(r->bootstrap);
	free(r);
}

/* ---- reading ---------------------------------------------------------------- */

typedef struct rp_record {
	int64_t t;
	uint64_t seq;
	size_t off, len;         /* the line, without its newline */
	int base;                /* index of its full record, -1: it is one */
} rp_record;

struct kd_replay {
	char *path;
	char *text;              /* the whole uncompressed file */
	size_t len;
	rp_record *rec;
	int n, cap;
	char *bootstrap;
	int64_t started_ms;
	char *damage;
	size_t good_len;         /* end of the last good line */
	int cache_idx;           /* the full record parsed last, or -1 */
	json_t *cache;
};

/* The whole file, through zlib (which reads plain files as they are).
 * gz_err gets zlib's complaint when the compressed data is bad or cut. */
static int read_all(const char *path, char **text, size_t *len, char *gz_err,
		    size_t gz_errlen, char *err, size_t errlen)
{
	gzFile g = gzopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *p;
	*gz_err = '\0';
	if (!g) {
		snprintf(err, errlen, "%s: cannot open: %s", term_str(path),
			 errno ? strerror(errno) : "out of memory");
		return -1;
	}
	gzbuffer(g, 1 << 17);
	if (!(p = malloc(cap)))
		abort();
	for (;;) {
		if (cap - n <= (1 << 16)) {
			if (cap >= REPLAY_MAX_BYTES) {
				snprintf(gz_err, gz_errlen, "larger than %zu MiB uncompressed",
					 REPLAY_MAX_BYTES >> 20);
				break;
			}
			cap *= 2;
			char *q = realloc(p, cap);
			if (!q)
				abort();
			p = q;
		}
		int got = gzread(g, p + n, 1 << 16);
		if (got <= 0) {
			int e;
			const char *m = gzerror(g, &e);
			if (e == Z_ERRNO) {
				snprintf(err, errlen, "%s: cannot read: %s", term_str(path),
					 strerror(errno));
				gzclose(g);
				free(p);
				return -1;
			}
			if (e != Z_OK)
				snprintf(gz_err, gz_errlen, "gzip data %s",
					 e == Z_BUF_ERROR ? "cut short" : m ? m : "bad");
			break;
		}
		n += (size_t)got;
	}
	gzclose(g);
	p[n] = '\0';
	*text = p;
	*len = n;
	return 0;
}

static bool crc_ok(const char *p, size_t n)
{
	static const char lead[] = ",\"crc\":\"";
	if (n < CRC_SUFFIX_LEN + 2)
		return false;
	const char *suf = p + n - CRC_SUFFIX_LEN;
	if (memcmp(suf, lead, 8) || suf[16] != '"' || suf[17] != '}')
		return false;
	uint32_t want = 0;
	for (int i = 8; i < 16; i++) {
		char c = suf[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (v < 0)
			return false;
		want = want << 4 | (uint32_t)v;
	}
	return crc_of(p, n - CRC_SUFFIX_LEN) == want;
}

static void set_damage(kd_replay *r, int line, size_t off, const char *why)
{
	char msg[1024];
	snprintf(msg, sizeof(msg), "%s: stopped at record %d (line %d, byte %zu): %s",
		 term_str(r->path), r->n + 1, line, off, why);
	r->damage = strdup(msg);
	if (!r->damage)
		abort();
}

/* The most recent full record with this seq (since the last header). */
static int find_full(const kd_replay *r, int from, uint64_t seq)
{
	for (int i = r->n - 1; i >= from; i--)
		if (r->rec[i].base < 0 && r->rec[i].seq == seq)
			return i;
	return -1;
}

static const char *index_line(kd_replay *r, const json_t *j, size_t off, size_t len,
			      int *segment)
{
	const json_t *ver = json_object_get(j, "kdeck_recording");
	if (ver) {
		if (!json_is_integer(ver) || json_integer_value(ver) != 1)
			return "a header of an unknown version";
		*segment = r->n;        /* a concatenated file: bases start again */
		return NULL;
	}
	const json_t *t = json_object_get(j, "t"), *seq = json_object_get(j, "seq");
	if (!json_is_integer(t) || !json_is_integer(seq) || json_integer_value(seq) < 0)
		return "a record without \"t\" and \"seq\"";
	rp_record rec = { json_integer_value(t), (uint64_t)json_integer_value(seq), off, len, -1 };
	if (json_is_object(json_object_get(j, "full"))) {
		rec.base = -1;
	} else {
		const json_t *base = json_object_get(j, "base");
		if (!json_is_integer(base) || !json_object_get(j, "delta"))
			return "a record with neither \"full\" nor \"base\" and \"delta\"";
		rec.base = find_full(r, *segment, (uint64_t)json_integer_value(base));
		if (rec.base < 0)
			return "the full record its delta is against is missing";
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->rec = realloc(r->rec, (size_t)r->cap * sizeof(*r->rec));
		if (!r->rec)
			abort();
	}
	r->rec[r->n++] = rec;
	return NULL;
}

static kd_replay *replay_index(const char *path, rp_info *info, char *err, size_t errlen)
{
	kd_replay *r = calloc(1, sizeof(*r));
	char gz_err[128];
	if (!r || !(r->path = strdup(path)))
		abort();
	r->cache_idx = -1;
	if (read_all(path, &r->text, &r->len, gz_err, sizeof(gz_err), err, errlen)) {
		replay_close(r);
		return NULL;
	}

	size_t off = 0;
	int line = 0, segment = 0;
	const char *why = NULL;
	while (off < r->len) {
		line++;
		const char *p = r->text + off;
		const char *nl = memchr(p, '\n', r->len - off);
		size_t n = nl ? (size_t)(nl - p) : r->len - off;
		json_error_t je;
		json_t *j = NULL;
		if (!nl)
			why = gz_err[0] ? gz_err : "the last line is cut short";
		else if (!crc_ok(p, n))
			why = "checksum mismatch (a damaged or cut line)";
		else if (!(j = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je)) || !json_is_object(j))
			why = "not a JSON object";
		else if (line == 1 && !json_object_get(j, "kdeck_recording"))
			why = "no header";
		else if (line == 1) {
			r->started_ms = json_integer_value(json_object_get(j, "started_ms"));
			const char *b = json_string_value(json_object_get(j, "bootstrap"));
			r->bootstrap = strdup(b ? b : "");
			if (!r->bootstrap)
				abort();
		}
		if (!why && j)
			why = index_line(r, j, off, n, &segment);
		json_decref(j);
		if (why) {
			if (line == 1) {
				snprintf(err, errlen, "%s: not a kdeck recording (%s)", term_str(path),
					 why);
				replay_close(r);
				return NULL;
			}
			set_damage(r, line, off, why);
			break;
		}
		off += n + 1;
		r->good_len = off;
	}
	if (!why && gz_err[0] && line > 0)
		set_damage(r, line + 1, off, gz_err);
	if (line == 0) {
		snprintf(err, errlen, "%s: %s", term_str(path),
			 gz_err[0] ? gz_err : "empty, not a kdeck recording");
		replay_close(r);
		return NULL;
	}
	if (info) {
		info->text = r->text;
		info->len = r->len;
		info->good_len = r->good_len;
		info->damaged = r->damage != NULL;
		info->records = r->n;
		info->last_seq = r->n ? r->rec[r->n - 1].seq : 0;
		info->started_ms = r->started_ms;
		info->bootstrap = r->bootstrap;
	}
	return r;
}

kd_replay *replay_open(const char *path, char *err, size_t errlen)
{
	return replay_index(path, NULL, err, errlen);
}

int replay_count(const kd_replay *r)
{
	return r->n;
}

int64_t replay_time(const kd_replay *r, int i)
{
	return i >= 0 && i < r->n ? r->rec[i].t : 0;
}

int replay_find(const kd_replay *r, int64_t ms)
{
	int lo = 0, hi = r->n;   /* times grow; a clock stepped back only blurs this */
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (r->rec[mid].t <= ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? lo - 1 : 0;
}

const char *replay_damage(const kd_replay *r)
{
	return r->damage;
}

const char *replay_bootstrap(const kd_replay *r)
{
	return r->bootstrap ? r->bootstrap : "";
}

/* Record i's line as JSON: its "full" or "delta" member (a new reference). */
static json_t *record_member(const kd_replay *r, int i, const char *key)
{
	const rp_record *rec = &r->rec[i];
	json_t *j = json_loadb(r->text + rec->off, rec->len, 0, NULL);
	json_t *m = json_incref(json_object_get(j, key));
	json_decref(j);
	return m;
}

kd_snapshot *replay_snapshot(kd_replay *r, int i, char *err, size_t errlen)
{
	if (i < 0 || i >= r->n) {
		snprintf(err, errlen, "no record %d (%d recorded)", i + 1, r->n);
		return NULL;
	}
	int base = r->rec[i].base < 0 ? i : r->rec[i].base;
	if (r->cache_idx != base) {
		json_decref(r->cache);
		r->cache = record_member(r, base, "full");
		r->cache_idx = r->cache ? base : -1;
	}
	if (!r->cache) {
		snprintf(err, errlen, "record %d: its full record cannot be read", i + 1);
		return NULL;
	}
	json_t *doc;
	if (base == i) {
		doc = json_incref(r->cache);
	} else {
		json_t *d = record_member(r, i, "delta");
		doc = d ? json_delta_apply(r->cache, d) : NULL;
		json_decref(d);
		if (!doc) {
			snprintf(err, errlen, "record %d: its delta does not apply", i + 1);
			return NULL;
		}
	}
	char why[256];
	kd_snapshot *s = snapshot_from_json(doc, why, sizeof(why));
	json_decref(doc);
	if (!s)
		snprintf(err, errlen, "record %d: %s", i + 1, why);
	return s;
}

void replay_close(kd_replay *r)
{
	if (!r)
		return;
	json_decref(r->cache);
	free(r->path);
	free(r->text);
	free(r->rec);
	free(r->bootstrap);
	free(r->damage);
	free(r);
}

/* ---- times, sizes, durations ----------------------------------------------- */

int record_parse_duration(const char *s, int64_t *ms)
{
	int64_t total = 0;
	bool any = false;
	if (!s || !*s)
		return -1;
	while (*s) {
		if (*s < '0' || *s > '9')
			return -1;
		int64_t v = 0;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (v > (INT64_MAX - 9) / 10)
				return -1;
			v = v * 10 + (*s - '0');
		}
		int64_t unit;
		if (s[0] == 'm' && s[1] == 's') {
			unit = 1;
			s += 2;
		} else if (*s == 's' || !*s) {
			unit = 1000;            /* a bare number: seconds */
			s += *s != '\0';
		} else if (*s == 'm') {
			unit = 60 * 1000;
			s++;
		} else if (*s == 'h') {
			unit = 3600 * 1000;
			s++;
		} else if (*s == 'd') {
			unit = 86400 * 1000LL;
			s++;
		} else {
			return -1;
		}
		if (v > (INT64_MAX - total) / unit)
			return -1;
		total += v * unit;
		any = true;
	}
	if (!any)
		return -1;
	*ms = total;
	return 0;
}

int record_parse_size(const char *s, int64_t *bytes)
{
	char *end;
	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	int shift = 0;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: break;
	}
	if (shift && *end == 'i')
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v > (unsigned long long)(INT64_MAX >> shift))
		return -1;
	*bytes = (int64_t)(v << shift);
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* n digits as a number, or -1. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "HH:MM[:SS[.fff]]" at s: fills h, m, sec, frac_ms; returns chars read or -1. */
static int parse_clock(const char *s, int *h, int *m, int *sec, int *frac)
{
	int n = 5;
	*h = digits(s, 2);
	*m = s[2] == ':' ? digits(s + 3, 2) : -1;
	*sec = 0;
	*frac = 0;
	if (*h < 0 || *h > 23 || *m < 0 || *m > 59)
		return -1;
	if (s[5] == ':') {
		*sec = digits(s + 6, 2);
		if (*sec < 0 || *sec > 60)
			return -1;
		n = 8;
		if (s[8] == '.') {
			int k = 9, scale = 100;
			if (s[k] < '0' || s[k] > '9')
				return -1;
			for (; s[k] >= '0' && s[k] <= '9'; k++) {
				*frac += (s[k] - '0') * scale;
				scale /= 10;
			}
			n = k;
		}
	}
	return n;
}

static int64_t local_ms(struct tm *tm, int frac)
{
	tm->tm_isdst = -1;
	time_t t = mktime(tm);
	return t == (time_t)-1 ? INT64_MIN : (int64_t)t * 1000 + frac;
}

static int parse_iso(const char *s, int64_t *ms)
{
	int y = digits(s, 4), mo, d, h, mi, sec, frac;
	if (y < 0 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		return -1;
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	int n = parse_clock(s + 11, &h, &mi, &sec, &frac);
	if (n < 0)
		return -1;
	const char *z = s + 11 + n;
	if (!*z) {
		struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
				 .tm_hour = h, .tm_min = mi, .tm_sec = sec };
		int64_t v = local_ms(&tm, frac);
		if (v == INT64_MIN)
			return -1;
		*ms = v;
		return 0;
	}
	int64_t off_min = 0;
	if ((z[0] == 'Z' || z[0] == 'z') && !z[1]) {
		off_min = 0;
	} else if (z[0] == '+' || z[0] == '-') {
		int oh = digits(z + 1, 2), om;
		const char *rest = z + 3;
		if (*rest == ':')
			rest++;
		om = digits(rest, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59 || rest[2])
			return -1;
		off_min = (z[0] == '-' ? -1 : 1) * (oh * 60 + om);
	} else {
		return -1;
	}
	int64_t days = days_from_civil(y, mo, d);
	*ms = ((days * 86400 + h * 3600 + mi * 60 + sec) - off_min * 60) * 1000 + frac;
	return 0;
}

int replay_parse_time(const kd_replay *r, const char *s, int64_t *ms)
{
	int64_t first = r && r->n ? r->rec[0].t : r ? r->started_ms : 0;
	int64_t last = r && r->n ? r->rec[r->n - 1].t : first;
	int64_t d;
	if (!s || !*s)
		return -1;
	if (s[0] == '+' || s[0] == '-') {
		if (record_parse_duration(s + 1, &d))
			return -1;
		*ms = s[0] == '+' ? first + d : last - d;
		return 0;
	}
	if (strlen(s) >= 10 && s[4] == '-')
		return parse_iso(s, ms);
	int h, m, sec, frac;
	int n = parse_clock(s, &h, &m, &sec, &frac);
	if (n > 0 && !s[n]) {
		time_t t = (time_t)(first / 1000);
		struct tm tm;
		if (!localtime_r(&t, &tm))
			return -1;
		tm.tm_hour = h;
		tm.tm_min = m;
		tm.tm_sec = sec;
		int64_t v = local_ms(&tm, frac);
		if (v == INT64_MIN)
			return -1;
		*ms = v;
		return 0;
	}
	/* milliseconds since the epoch */
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < 0 || end == s)
		return -1;
	*ms = v;
	return 0;
}
