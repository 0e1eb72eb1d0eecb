/*
 * msgfmt_tail.c: the records `kdeck tail` prints, as JSON lines or
 * through a kcat-like format string (doc/tail-format.md).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgfmt.h"
#include "msgfmt_priv.h"

/* ---- JSON lines -------------------------------------------------- */

/* A decimal integer without printf: several go on every record. */
static void put_i64(msgfmt_buf *b, int64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	msgfmt_buf_put(b, p, (size_t)(tmp + sizeof(tmp) - p), MSGFMT_C_PLAIN);
}

static void jl_string(msgfmt_buf *b, const void *p, size_t n)
{
	msgfmt_buf_put(b, "\"", 1, MSGFMT_C_PLAIN);
	msgfmt_json_string_body(b, p, n);
	msgfmt_buf_put(b, "\"", 1, MSGFMT_C_PLAIN);
}

/* ,"name":<bytes> plus ,"name_encoding":"base64"|"json" when the bytes
 * are not shown as a plain string.  enc_key is the encoding member's
 * name. */
static void jl_bytes(msgfmt_buf *b, const char *name, const char *enc_key,
                     const void *p, size_t n, unsigned flags)
{
	msgfmt_buf_puts(b, ",\"", MSGFMT_C_PLAIN);
	msgfmt_buf_puts(b, name, MSGFMT_C_PLAIN);
	msgfmt_buf_puts(b, "\":", MSGFMT_C_PLAIN);
	if (!p) {
		msgfmt_buf_puts(b, "null", MSGFMT_C_PLAIN);
		return;
	}
	const char *enc = NULL;
	if ((flags & MSGFMT_JSONL_EMBED_JSON) && msgfmt_detect(p, n) == MSGFMT_JSON) {
		msgfmt_json_walk(b, p, n, MSGFMT_WALK_JSON, 0);
		enc = "json";
	} else if (msgfmt_utf8_valid(p, n)) {
		jl_string(b, p, n);
	} else {
		msgfmt_buf_put(b, "\"", 1, MSGFMT_C_PLAIN);
		msgfmt_base64(b, p, n, false);
		msgfmt_buf_put(b, "\"", 1, MSGFMT_C_PLAIN);
		enc = "base64";
	}
	if (enc)
		msgfmt_buf_printf(b, MSGFMT_C_PLAIN, ",\"%s\":\"%s\"", enc_key, enc);
}

static const char *ts_type_name(kd_ts_type t)
{
	switch (t) {
	case KD_TS_CREATE: return "create";
	case KD_TS_LOG_APPEND: return "log_append";
	default: return "none";
	}
}

void msgfmt_jsonl(msgfmt_buf *out, const kd_msg *m, unsigned flags)
{
	msgfmt_buf_puts(out, "{\"topic\":", MSGFMT_C_PLAIN);
	if (m->topic)
		jl_string(out, m->topic, strlen(m->topic));
	else
		msgfmt_buf_puts(out, "null", MSGFMT_C_PLAIN);
	msgfmt_buf_puts(out, ",\"partition\":", MSGFMT_C_PLAIN);
	put_i64(out, m->partition);
	msgfmt_buf_puts(out, ",\"offset\":", MSGFMT_C_PLAIN);
	put_i64(out, m->offset);
	bool has_ts = m->ts_type != KD_TS_NONE && m->timestamp != -1;
	if (has_ts) {
		char iso[64];
		msgfmt_iso8601(iso, sizeof(iso), m->timestamp);
		msgfmt_buf_puts(out, ",\"timestamp\":", MSGFMT_C_PLAIN);
		put_i64(out, m->timestamp);
		msgfmt_buf_puts(out, ",\"timestamp_iso\":\"", MSGFMT_C_PLAIN);
		msgfmt_buf_puts(out, iso, MSGFMT_C_PLAIN);
		msgfmt_buf_puts(out, "\"", MSGFMT_C_PLAIN);
	} else {
		msgfmt_buf_puts(out, ",\"timestamp\":null,\"timestamp_iso\":null", MSGFMT_C_PLAIN);
	}
	msgfmt_buf_puts(out, ",\"timestamp_type\":\"", MSGFMT_C_PLAIN);
	msgfmt_buf_puts(out, has_ts ? ts_type_name(m->ts_type) : "none", MSGFMT_C_PLAIN);
	msgfmt_buf_puts(out, "\"", MSGFMT_C_PLAIN);
	jl_bytes(out, "key", "key_encoding", m->key, m->key_len, flags);
	jl_bytes(out, "value", "value_encoding", m->value, m->value_len, flags);
	msgfmt_buf_puts(out, ",\"headers\":[", MSGFMT_C_PLAIN);
	for (size_t i = 0; i < m->n_headers; i++) {
		const kd_msg_header *h = &m->headers[i];
		const char *name = h->name ? h->name : "";
		size_t nlen = strlen(name);
		msgfmt_buf_puts(out, i ? ",{" : "{", MSGFMT_C_PLAIN);
		if (msgfmt_utf8_valid(name, nlen)) {
			msgfmt_buf_puts(out, "\"name\":", MSGFMT_C_PLAIN);
			jl_string(out, name, nlen);
		} else {
			msgfmt_buf_puts(out, "\"name\":\"", MSGFMT_C_PLAIN);
			msgfmt_base64(out, name, nlen, false);
			msgfmt_buf_puts(out, "\",\"name_encoding\":\"base64\"", MSGFMT_C_PLAIN);
		}
		jl_bytes(out, "value", "encoding", h->value, h->value_len, 0);
		msgfmt_buf_puts(out, "}", MSGFMT_C_PLAIN);
	}
	msgfmt_buf_puts(out, "]}\n", MSGFMT_C_PLAIN);
}

/* ---- kcat-like format strings ------------------------------------ */

typedef enum tok_kind {
	TOK_LITERAL,
	TOK_TOPIC,           /* %t */
	TOK_PARTITION,       /* %p */
	TOK_OFFSET,          /* %o */
	TOK_KEY,             /* %k */
	TOK_KEY_LEN,         /* %K: -1 for a null key */
	TOK_VALUE,           /* %s */
	TOK_VALUE_LEN,       /* %S: -1 for a null value */
	TOK_VALUE_LEN_BE32,  /* %R: %S as a big-endian int32 */
	TOK_HEADERS,         /* %h: name=value,... */
	TOK_TIMESTAMP,       /* %T: ms since the epoch, -1 when none */
} tok_kind;

static const struct {
	char letter;
	tok_kind kind;
} tok_letters[] = {
	{ 't', TOK_TOPIC }, { 'p', TOK_PARTITION }, { 'o', TOK_OFFSET },
	{ 'k', TOK_KEY }, { 'K', TOK_KEY_LEN }, { 's', TOK_VALUE },
	{ 'S', TOK_VALUE_LEN }, { 'R', TOK_VALUE_LEN_BE32 }, { 'h', TOK_HEADERS },
	{ 'T', TOK_TIMESTAMP },
};

typedef struct tmpl_tok {
	tok_kind kind;
	size_t off, len;     /* TOK_LITERAL: bytes in msgfmt_tmpl.lit */
} tmpl_tok;

struct msgfmt_tmpl {
	tmpl_tok *toks;
	size_t n;
	char *lit;
};

/* 1-based column of byte pos, counting UTF-8 characters. */
static size_t column_of(const char *s, size_t pos)
{
	size_t col = 1;
	for (size_t i = 0; i < pos; i++)
		if (((uint8_t)s[i] & 0xc0) != 0x80)
			col++;
	return col;
}

/* The character at s[i] for an error message, escaped. */
static void char_at(const char *s, size_t i, char *dst, size_t dstlen)
{
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	uint32_t cp;
	size_t l = msgfmt_utf8_next((const uint8_t *)s + i, strlen(s + i), &cp);
	msgfmt_escape(&b, s + i, l ? l : 1, NULL, MSGFMT_C_PLAIN);
	snprintf(dst, dstlen, "%s", b.data);
	msgfmt_buf_free(&b);
}

static int hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void add_literal(msgfmt_tmpl *t, size_t *lit_len, const char *p, size_t n)
{
	if (!t->n || t->toks[t->n - 1].kind != TOK_LITERAL)
		t->toks[t->n++] = (tmpl_tok){ TOK_LITERAL, *lit_len, 0 };
	memcpy(t->lit + *lit_len, p, n);
	*lit_len += n;
	t->toks[t->n - 1].len += n;
}

msgfmt_tmpl *msgfmt_tmpl_parse(const char *fmt, char *err, size_t errlen)
{
	size_t flen = strlen(fmt);
	msgfmt_tmpl *t = calloc(1, sizeof(*t));
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	/* never more tokens or literal bytes than format bytes */
	t->toks = calloc(flen + 1, sizeof(*t->toks));
	t->lit = malloc(flen + 1);
	if (!t->toks || !t->lit) {
		msgfmt_tmpl_free(t);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	size_t lit_len = 0;
	char what[32];
	for (size_t i = 0; i < flen; i++) {
		char c = fmt[i];
		if (c == '%') {
			if (i + 1 == flen) {
				snprintf(err, errlen, "column %zu: '%%' at the end of the format "
				         "(write %%%% for a percent sign)", column_of(fmt, i));
				goto fail;
			}
			char l = fmt[++i];
			if (l == '%') {
				add_literal(t, &lit_len, "%", 1);
				continue;
			}
			size_t k;
			for (k = 0; k < sizeof(tok_letters) / sizeof(tok_letters[0]); k++)
				if (tok_letters[k].letter == l)
					break;
			if (k == sizeof(tok_letters) / sizeof(tok_letters[0])) {
				char_at(fmt, i, what, sizeof(what));
				snprintf(err, errlen, "column %zu: unknown format token '%%%s' "
				         "(known: %%t %%p %%o %%k %%K %%s %%S %%R %%h %%T %%%%)",
				         column_of(fmt, i - 1), what);
				goto fail;
			}
			t->toks[t->n++] = (tmpl_tok){ tok_letters[k].kind, 0, 0 };
		} else if (c == '\\') {
			if (i + 1 == flen) {
				snprintf(err, errlen, "column %zu: '\\' at the end of the format "
				         "(write \\\\ for a backslash)", column_of(fmt, i));
				goto fail;
			}
			char e = fmt[++i], v;
			switch (e) {
			case 'n': v = '\n'; break;
			case 'r': v = '\r'; break;
			case 't': v = '\t'; break;
			case '\\': v = '\\'; break;
			case 'x': {
				int h1 = i + 1 < flen ? hexdigit(fmt[i + 1]) : -1;
				if (h1 < 0) {
					snprintf(err, errlen, "column %zu: '\\x' needs one or two hex digits",
					         column_of(fmt, i - 1));
					goto fail;
				}
				i++;
				int h2 = i + 1 < flen ? hexdigit(fmt[i + 1]) : -1;
				if (h2 >= 0) {
					i++;
					h1 = h1 * 16 + h2;
				}
				v = (char)h1;
				break;
			}
			default:
				char_at(fmt, i, what, sizeof(what));
				snprintf(err, errlen, "column %zu: unknown escape '\\%s' "
				         "(known: \\n \\r \\t \\\\ \\xNN)", column_of(fmt, i - 1), what);
				goto fail;
			}
			add_literal(t, &lit_len, &v, 1);
		} else {
			add_literal(t, &lit_len, &c, 1);
		}
	}
	return t;
fail:
	msgfmt_tmpl_free(t);
	return NULL;
}

void msgfmt_tmpl_free(msgfmt_tmpl *t)
{
	if (!t)
		return;
	free(t->toks);
	free(t->lit);
	free(t);
}

/* Insert message bytes: escaped unless the caller asked for raw. */
static void put_field(msgfmt_buf *out, const void *p, size_t n, const msgfmt_opts *o)
{
	if (o->flags & MSGFMT_RAW) {
		msgfmt_buf_put(out, p, n, MSGFMT_C_PLAIN);
		return;
	}
	msgfmt_opts e = { .flags = o->flags & MSGFMT_ASCII, .max_bytes = o->max_bytes };
	msgfmt_escape(out, p, n, &e, MSGFMT_C_PLAIN);
}

static void put_nullable(msgfmt_buf *out, const void *p, size_t n, const msgfmt_opts *o)
{
	if (p)
		put_field(out, p, n, o);
	else if (o->null_str)
		msgfmt_buf_puts(out, o->null_str, MSGFMT_C_MARKER);
}

void msgfmt_tmpl_render(msgfmt_buf *out, const msgfmt_tmpl *t, const kd_msg *m,
                        const msgfmt_opts *o)
{
	msgfmt_opts def = { 0 };
	if (!o)
		o = &def;
	for (size_t i = 0; i < t->n; i++) {
		const tmpl_tok *k = &t->toks[i];
		switch (k->kind) {
		case TOK_LITERAL:
			msgfmt_buf_put(out, t->lit + k->off, k->len, MSGFMT_C_PLAIN);
			break;
		case TOK_TOPIC:
			if (m->topic)
				put_field(out, m->topic, strlen(m->topic), o);
			break;
		case TOK_PARTITION:
			put_i64(out, m->partition);
			break;
		case TOK_OFFSET:
			put_i64(out, m->offset);
			break;
		case TOK_TIMESTAMP:
			msgfmt_buf_printf(out, MSGFMT_C_PLAIN, "%" PRId64,
			                  m->ts_type == KD_TS_NONE ? (int64_t)-1 : m->timestamp);
			break;
		case TOK_KEY:
			put_nullable(out, m->key, m->key_len, o);
			break;
		case TOK_VALUE:
			put_nullable(out, m->value, m->value_len, o);
			break;
		case TOK_KEY_LEN:
			msgfmt_buf_printf(out, MSGFMT_C_PLAIN, "%lld",
			                  m->key ? (long long)m->key_len : -1LL);
			break;
		case TOK_VALUE_LEN:
			msgfmt_buf_printf(out, MSGFMT_C_PLAIN, "%lld",
			                  m->value ? (long long)m->value_len : -1LL);
			break;
		case TOK_VALUE_LEN_BE32: {
			uint32_t v = m->value ? (uint32_t)m->value_len : UINT32_MAX;
			uint8_t be[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
			                  (uint8_t)(v >> 8), (uint8_t)v };
			put_field(out, be, 4, o);
			break;
		}
		case TOK_HEADERS:
			for (size_t h = 0; h < m->n_headers; h++) {
				const kd_msg_header *hd = &m->headers[h];
				if (h)
					msgfmt_buf_put(out, ",", 1, MSGFMT_C_PLAIN);
				if (hd->name)
					put_field(out, hd->name, strlen(hd->name), o);
				msgfmt_buf_put(out, "=", 1, MSGFMT_C_PLAIN);
				put_nullable(out, hd->value, hd->value_len, o);
			}
			break;
		}
	}
}

void msgfmt_tmpl_describe(msgfmt_buf *out, const msgfmt_tmpl *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const tmpl_tok *k = &t->toks[i];
		if (i)
			msgfmt_buf_put(out, "|", 1, MSGFMT_C_PLAIN);
		if (k->kind == TOK_LITERAL) {
			msgfmt_opts q = { .flags = MSGFMT_QUOTE };
			msgfmt_buf_put(out, "\"", 1, MSGFMT_C_PLAIN);
			msgfmt_escape(out, t->lit + k->off, k->len, &q, MSGFMT_C_PLAIN);
			msgfmt_buf_put(out, "\"", 1, MSGFMT_C_PLAIN);
			continue;
		}
		for (size_t l = 0; l < sizeof(tok_letters) / sizeof(tok_letters[0]); l++)
			if (tok_letters[l].kind == k->kind)
				msgfmt_buf_printf(out, MSGFMT_C_PLAIN, "%%%c", tok_letters[l].letter);
	}
}
