/*
 * msgfmt.c: the text buffer, escaping of untrusted bytes, and the
 * text/hex/base64 renderings of a key or value.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "msgfmt.h"
#include "msgfmt_priv.h"

/* ---- buffer ------------------------------------------------------ */

void msgfmt_buf_init(msgfmt_buf *b)
{
	memset(b, 0, sizeof(*b));
	b->data = "";
}

void msgfmt_buf_free(msgfmt_buf *b)
{
	if (b->cap)
		free(b->data);
	free(b->spans);
	bool track = b->track_spans;
	msgfmt_buf_init(b);
	b->track_spans = track;
}

void msgfmt_buf_reset(msgfmt_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
	b->n_spans = 0;
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fputs("kdeck: out of memory\n", stderr);
		abort();
	}
	return q;
}

/* Make room for n more bytes plus the terminating NUL. */
static void buf_reserve(msgfmt_buf *b, size_t n)
{
	if (n >= SIZE_MAX / 2 - b->len) {
		fputs("kdeck: buffer too large\n", stderr);
		abort();
	}
	if (b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->data = xrealloc(b->cap ? b->data : NULL, cap);
	if (!b->cap)
		b->data[0] = '\0';
	b->cap = cap;
}

/* Record that the last n bytes appended are of class cls, extending the
 * previous span when it has the same class. */
static void span_add(msgfmt_buf *b, size_t n, msgfmt_class cls)
{
	if (!b->track_spans || n == 0)
		return;
	size_t off = b->len - n;
	if (b->n_spans) {
		msgfmt_span *last = &b->spans[b->n_spans - 1];
		if (last->cls == cls && last->off + last->len == off) {
			last->len += n;
			return;
		}
	}
	if (b->n_spans == b->spans_cap) {
		b->spans_cap = b->spans_cap ? b->spans_cap * 2 : 16;
		b->spans = xrealloc(b->spans, b->spans_cap * sizeof(*b->spans));
	}
	b->spans[b->n_spans++] = (msgfmt_span){ off, n, cls };
}

void msgfmt_buf_put(msgfmt_buf *b, const void *p, size_t n, msgfmt_class cls)
{
	if (n == 0)
		return;
	buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	span_add(b, n, cls);
}

void msgfmt_buf_puts(msgfmt_buf *b, const char *s, msgfmt_class cls)
{
	msgfmt_buf_put(b, s, strlen(s), cls);
}

void msgfmt_buf_printf(msgfmt_buf *b, msgfmt_class cls, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	span_add(b, (size_t)n, cls);
}

static void buf_putc(msgfmt_buf *b, char c, msgfmt_class cls)
{
	msgfmt_buf_put(b, &c, 1, cls);
}

/* ---- UTF-8 ------------------------------------------------------- */

size_t msgfmt_utf8_next(const uint8_t *p, size_t n, uint32_t *cp)
{
	if (n == 0)
		return 0;
	uint8_t c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v;
	uint8_t lo = 0x80, hi = 0xbf;        /* allowed range of the 2nd byte */
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;          /* overlong */
		else if (c == 0xed)
			hi = 0x9f;          /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;          /* overlong */
		else if (c == 0xf4)
			hi = 0x8f;          /* past U+10FFFF */
	} else {
		return 0;                   /* C0, C1 (overlong), F5..FF, continuation */
	}
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	v = (v << 6) | (p[1] & 0x3f);
	for (size_t i = 2; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	*cp = v;
	return len;
}

void msgfmt_utf8_put(msgfmt_buf *b, uint32_t cp)
{
	char s[4];
	size_t n;
	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	msgfmt_buf_put(b, s, n, MSGFMT_C_PLAIN);
}

bool msgfmt_utf8_valid(const void *p, size_t n)
{
	const uint8_t *s = p;
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		size_t l = msgfmt_utf8_next(s + i, n - i, &cp);
		if (!l)
			return false;
		i += l;
	}
	return true;
}

static bool plain_byte(uint8_t c)
{
	return c >= 0x20 && c < 0x7f && c != '\\' && c != '"';
}

/* Eight bytes at a time while none of them can need an escape.  The word
 * tests (a byte below 0x20, at or above 0x7f, equal to '\\' or '"') may
 * report a byte that is fine, never miss one: the byte loop decides. */
size_t msgfmt_plain_run(const uint8_t *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w, bs, qt;
		memcpy(&w, p + i, 8);
		bs = w ^ (ones * '\\');
		qt = w ^ (ones * '"');
		if ((((w - ones * 0x20) & ~w) | (w + ones) | w |
		     ((bs - ones) & ~bs) | ((qt - ones) & ~qt)) & high)
			break;
	}
	while (i < n && plain_byte(p[i]))
		i++;
	return i;
}

bool msgfmt_cp_unsafe(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return true;                        /* C0, DEL, C1 */
	if (cp < 0x600)
		return false;
	return cp == 0x061c ||                      /* ARABIC LETTER MARK */
	       cp == 0x200b ||                      /* ZERO WIDTH SPACE */
	       cp == 0x200e || cp == 0x200f ||      /* LRM, RLM */
	       (cp >= 0x2028 && cp <= 0x202e) ||    /* LS, PS, LRE..RLO */
	       (cp >= 0x2060 && cp <= 0x2064) ||    /* WJ, invisible operators */
	       (cp >= 0x2066 && cp <= 0x2069) ||    /* LRI..PDI */
	       cp == 0xfeff ||                      /* BOM / ZWNBSP */
	       (cp >= 0xe0000 && cp <= 0xe007f);    /* tag characters */
}

/* ---- escaping ---------------------------------------------------- */

void msgfmt_size(char *dst, size_t dstlen, uint64_t bytes)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	if (bytes < 1024) {
		snprintf(dst, dstlen, "%llu B", (unsigned long long)bytes);
		return;
	}
	double v = (double)bytes / 1024.0;
	size_t u = 0;
	while (v >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024.0;
		u++;
	}
	snprintf(dst, dstlen, "%.1f %s", v, units[u]);
}

/* The truncation marker: "… (12.3 KiB)", "..." in ASCII mode. */
static void put_marker(msgfmt_buf *out, size_t total, unsigned flags)
{
	char size[32];
	msgfmt_size(size, sizeof(size), total);
	msgfmt_buf_printf(out, MSGFMT_C_MARKER, "%s (%s)",
	                  (flags & MSGFMT_ASCII) ? "..." : "\xe2\x80\xa6", size);
}

/* The escape for one ASCII byte, or NULL when it is shown as itself. */
static const char *ascii_escape(uint8_t c, unsigned flags, char tmp[8])
{
	switch (c) {
	case '\\': return "\\\\";
	case '\n': return (flags & MSGFMT_MULTILINE) ? NULL : "\\n";
	case '\t': return "\\t";
	case '\r': return "\\r";
	case 0x1b: return "\\e";
	case '"': return (flags & MSGFMT_QUOTE) ? "\\\"" : NULL;
	default:
		if (c < 0x20 || c == 0x7f) {
			snprintf(tmp, 8, "\\x%02x", c);
			return tmp;
		}
		return NULL;
	}
}

bool msgfmt_escape(msgfmt_buf *out, const void *p, size_t n,
                   const msgfmt_opts *o, msgfmt_class cls)
{
	const uint8_t *s = p;
	unsigned flags = o ? o->flags : 0;
	size_t limit = n;
	if (o && o->max_bytes && n > o->max_bytes)
		limit = o->max_bytes;
	size_t i = 0, run = 0;              /* run: start of bytes shown as-is */
	char tmp[16];
	while (i < limit) {
		const char *esc = NULL;
		size_t l = 1;
		uint32_t cp;
		/* most bytes are printable ASCII that stays as it is */
		if (plain_byte(s[i])) {
			i += msgfmt_plain_run(s + i, limit - i);
			continue;
		}
		if (s[i] < 0x80) {
			esc = ascii_escape(s[i], flags, tmp);
		} else if ((l = msgfmt_utf8_next(s + i, n - i, &cp)) == 0) {
			l = 1;
			snprintf(tmp, sizeof(tmp), "\\x%02x", s[i]);
			esc = tmp;
		} else if (i + l > limit) {
			break;                  /* do not cut a character in two */
		} else if ((flags & MSGFMT_ASCII) || msgfmt_cp_unsafe(cp)) {
			snprintf(tmp, sizeof(tmp), "\\u{%04x}", (unsigned)cp);
			esc = tmp;
		}
		if (esc) {
			msgfmt_buf_put(out, s + run, i - run, cls);
			msgfmt_buf_puts(out, esc, MSGFMT_C_ESCAPE);
			run = i + l;
		}
		i += l;
	}
	msgfmt_buf_put(out, s + run, i - run, cls);
	if (i < n) {
		put_marker(out, n, flags);
		return true;
	}
	return false;
}

/* ---- formats ----------------------------------------------------- */

static const char *const format_names[] = {
	[MSGFMT_AUTO] = "auto",
	[MSGFMT_JSON] = "json",
	[MSGFMT_TEXT] = "text",
	[MSGFMT_HEX] = "hex",
	[MSGFMT_BASE64] = "base64",
	[MSGFMT_RAW_ESCAPED] = "raw",
};

int msgfmt_format_parse(const char *name, msgfmt_format *out)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (strcasecmp(name, format_names[i]) == 0) {
			*out = (msgfmt_format)i;
			return 0;
		}
	}
	return -1;
}

const char *msgfmt_format_name(msgfmt_format f)
{
	if ((size_t)f < sizeof(format_names) / sizeof(format_names[0]))
		return format_names[f];
	return "?";
}

/* Text: valid UTF-8 without binary-looking control bytes.  TAB, LF, VT,
 * FF, CR and ESC (coloured logs) are allowed.  With cut, the bytes were
 * truncated by a size limit, so a sequence cut short at the very end is
 * not held against them. */
static bool text_like(const uint8_t *s, size_t n, bool cut)
{
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		uint8_t c = s[i];
		if (c < 0x80) {
			if ((c < 0x20 && !(c >= '\t' && c <= '\r') && c != 0x1b) || c == 0x7f)
				return false;
			i++;
			continue;
		}
		size_t l = msgfmt_utf8_next(s + i, n - i, &cp);
		if (!l)
			return cut && n - i < 4 && c >= 0xc2 && c <= 0xf4;
		i += l;
	}
	return true;
}

/* A cheap look at the first byte before asking jansson. */
static bool starts_like_container(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			continue;
		return s[i] == '{' || s[i] == '[';
	}
	return false;
}

msgfmt_format msgfmt_detect(const void *p, size_t n)
{
	const uint8_t *s = p;
	if (n && starts_like_container(s, n) && msgfmt_json_valid(p, n, false))
		return MSGFMT_JSON;
	return text_like(s, n, false) ? MSGFMT_TEXT : MSGFMT_HEX;
}

void msgfmt_base64(msgfmt_buf *out, const void *p, size_t n, bool wrap)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const uint8_t *s = p;
	size_t col = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		char q[4] = {
			tab[(v >> 18) & 63], tab[(v >> 12) & 63],
			i + 1 < n ? tab[(v >> 6) & 63] : '=',
			i + 2 < n ? tab[v & 63] : '=',
		};
		if (wrap && col == 76) {
			buf_putc(out, '\n', MSGFMT_C_PLAIN);
			col = 0;
		}
		msgfmt_buf_put(out, q, 4, MSGFMT_C_PLAIN);
		col += 4;
	}
}

/* One hexdump -C style line: offset, 16 hex bytes in two groups, the
 * printable ASCII between bars ('.' for the rest, classed as escapes). */
static void hex_line(msgfmt_buf *out, const uint8_t *s, size_t off, size_t cnt)
{
	char hex[64];
	size_t h = 0;
	for (size_t i = 0; i < 16; i++) {
		if (i == 8)
			hex[h++] = ' ';
		if (i < cnt)
			h += (size_t)snprintf(hex + h, sizeof(hex) - h, "%02x ", s[i]);
		else
			h += (size_t)snprintf(hex + h, sizeof(hex) - h, "   ");
	}
	msgfmt_buf_printf(out, MSGFMT_C_OFFSET, "%08zx", off);
	msgfmt_buf_put(out, "  ", 2, MSGFMT_C_PLAIN);
	msgfmt_buf_put(out, hex, h, MSGFMT_C_PLAIN);
	msgfmt_buf_put(out, " ", 1, MSGFMT_C_PLAIN);
	buf_putc(out, '|', MSGFMT_C_PUNCT);
	for (size_t i = 0; i < cnt; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f)
			buf_putc(out, (char)s[i], MSGFMT_C_PLAIN);
		else
			buf_putc(out, '.', MSGFMT_C_ESCAPE);
	}
	buf_putc(out, '|', MSGFMT_C_PUNCT);
}

void msgfmt_hexdump(msgfmt_buf *out, const void *p, size_t n, const msgfmt_opts *o)
{
	const uint8_t *s = p;
	unsigned flags = o ? o->flags : 0;
	size_t limit = (o && o->max_bytes && n > o->max_bytes) ? o->max_bytes : n;
	if (!(flags & MSGFMT_MULTILINE)) {
		for (size_t i = 0; i < limit; i++)
			msgfmt_buf_printf(out, MSGFMT_C_PLAIN, i ? " %02x" : "%02x", s[i]);
		if (limit < n) {
			if (limit)
				buf_putc(out, ' ', MSGFMT_C_PLAIN);
			put_marker(out, n, flags);
		}
		return;
	}
	for (size_t off = 0; off < limit; off += 16) {
		if (off)
			buf_putc(out, '\n', MSGFMT_C_PLAIN);
		hex_line(out, s + off, off, limit - off < 16 ? limit - off : 16);
	}
	if (limit < n) {
		if (limit)
			buf_putc(out, '\n', MSGFMT_C_PLAIN);
		put_marker(out, n, flags);
	}
}

int msgfmt_json(msgfmt_buf *out, const void *p, size_t n, const msgfmt_opts *o)
{
	if (!msgfmt_json_valid(p, n, true))
		return -1;
	unsigned flags = o ? o->flags : 0;
	msgfmt_json_walk(out, p, n, (flags & MSGFMT_MULTILINE) ? MSGFMT_WALK_PRETTY : 0,
	                 flags & MSGFMT_ASCII);
	return 0;
}

msgfmt_format msgfmt_render(msgfmt_buf *out, const void *p, size_t n,
                            msgfmt_format want, const msgfmt_opts *o)
{
	msgfmt_opts def = { 0 };
	if (!o)
		o = &def;
	if (!p) {
		msgfmt_buf_puts(out, "(null)", MSGFMT_C_MARKER);
		return want == MSGFMT_AUTO ? MSGFMT_TEXT : want;
	}
	bool over = o->max_bytes && n > o->max_bytes;
	msgfmt_format f = want;
	if (f == MSGFMT_AUTO && !over && (f = msgfmt_detect(p, n)) == MSGFMT_JSON) {
		/* detection has parsed it already */
		msgfmt_json_walk(out, p, n, (o->flags & MSGFMT_MULTILINE) ? MSGFMT_WALK_PRETTY : 0,
		                 o->flags & MSGFMT_ASCII);
		return MSGFMT_JSON;
	}
	if (f == MSGFMT_JSON && !over && msgfmt_json(out, p, n, o) == 0)
		return MSGFMT_JSON;
	if (f == MSGFMT_AUTO || f == MSGFMT_JSON) {
		/* too large to parse, or not JSON after all */
		size_t l = over ? o->max_bytes : n;
		f = text_like(p, l, over) ? MSGFMT_TEXT : MSGFMT_HEX;
	}
	switch (f) {
	case MSGFMT_HEX:
		msgfmt_hexdump(out, p, n, o);
		break;
	case MSGFMT_BASE64: {
		size_t l = over ? o->max_bytes - o->max_bytes % 3 : n;
		msgfmt_base64(out, p, l, o->flags & MSGFMT_MULTILINE);
		if (l < n)
			put_marker(out, n, o->flags);
		break;
	}
	case MSGFMT_RAW_ESCAPED: {
		msgfmt_opts one = *o;
		one.flags &= ~(unsigned)MSGFMT_MULTILINE;
		msgfmt_escape(out, p, n, &one, MSGFMT_C_PLAIN);
		break;
	}
	default:
		msgfmt_escape(out, p, n, o, MSGFMT_C_PLAIN);
		f = MSGFMT_TEXT;
		break;
	}
	return f;
}

void msgfmt_iso8601(char *dst, size_t dstlen, int64_t ms)
{
	/* Records come in bursts from the same second: keep the last
	 * second's text (per thread) instead of formatting it each time. */
	static __thread int64_t cached_secs = INT64_MIN;
	static __thread char cached[48];

	if (dstlen)
		dst[0] = '\0';
	if (ms == -1)
		return;
	int64_t secs = ms / 1000, frac = ms % 1000;
	if (frac < 0) {
		frac += 1000;
		secs--;
	}
	if (secs != cached_secs) {
		time_t t = (time_t)secs;
		struct tm tm;
		char date[48];
		if (!gmtime_r(&t, &tm) || !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm))
			return;
		memcpy(cached, date, sizeof(cached));
		cached_secs = secs;
	}
	snprintf(dst, dstlen, "%s.%03dZ", cached, (int)frac);
}
