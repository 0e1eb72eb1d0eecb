/*
 * test_msgfmt.c: escaping of hostile bytes, renderings of keys and values,
 * JSON spans, JSON-lines records and kcat-like format strings.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "msgfmt.h"
#include "termsafe.h"
#include "msgfmt_priv.h"

/* Escape n bytes with flags and limit; the result lives until the next
 * call. */
static const char *esc(const void *p, size_t n, unsigned flags, size_t max)
{
	static msgfmt_buf b;
	msgfmt_buf_free(&b);
	msgfmt_buf_init(&b);
	msgfmt_opts o = { .flags = flags, .max_bytes = max };
	msgfmt_escape(&b, p, n, &o, MSGFMT_C_PLAIN);
	return b.data;
}

#define ESC(lit) esc(lit, sizeof(lit) - 1, 0, 0)

/* No byte a terminal acts on: C0 (but LF when allowed), DEL, raw C1
 * (0x80-0x9f are fine only as continuation bytes of valid UTF-8). */
static void assert_terminal_safe(const char *s, size_t n, bool lf_ok)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' && lf_ok)
			continue;
		assert_false(c < 0x20 || c == 0x7f);
	}
	/* no U+0080..U+009F and no U+202E in UTF-8 form */
	for (size_t i = 0; i + 1 < n; i++)
		assert_false((unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] >= 0x80 &&
		             (unsigned char)s[i + 1] <= 0x9f);
	assert_null(memmem(s, n, "\xe2\x80\xae", 3));
}

/* ---- escaping ---------------------------------------------------- */

static void test_escape_csi_clear(void **state)
{
	(void)state;
	assert_string_equal(ESC("\x1b[2J\x1b[H"), "\\e[2J\\e[H");
	assert_string_equal(ESC("plain text"), "plain text");
}

static void test_escape_osc52(void **state)
{
	(void)state;
	const char *s = ESC("\x1b]52;c;aGVsbG8=\x07");
	assert_string_equal(s, "\\e]52;c;aGVsbG8=\\x07");
	assert_terminal_safe(s, strlen(s), false);
	/* OSC terminated by ST (ESC \) */
	assert_string_equal(ESC("\x1b]0;title\x1b\\"), "\\e]0;title\\e\\\\");
}

static void test_escape_c1(void **state)
{
	(void)state;
	/* 8-bit CSI as a lone byte is not UTF-8 */
	assert_string_equal(ESC("\x9b" "31m"), "\\x9b31m");
	/* U+009B encoded as UTF-8 is a C1 control all the same */
	assert_string_equal(ESC("\xc2\x9b" "2J"), "\\u{009b}2J");
	assert_string_equal(ESC("\xc2\x85"), "\\u{0085}");
	/* U+00A0 (the first code point after C1) is kept */
	assert_string_equal(ESC("\xc2\xa0"), "\xc2\xa0");
}

static void test_escape_c0(void **state)
{
	(void)state;
	assert_string_equal(esc("a\0b", 3, 0, 0), "a\\x00b");
	assert_string_equal(ESC("a\nb\tc\rd"), "a\\nb\\tc\\rd");
	assert_string_equal(ESC("\x01\x08\x7f"), "\\x01\\x08\\x7f");
	assert_string_equal(ESC("back\\slash"), "back\\\\slash");
	/* multi-line keeps LF and nothing else */
	assert_string_equal(esc("a\nb\r\n", 5, MSGFMT_MULTILINE, 0), "a\nb\\r\n");
	/* quotes only when asked */
	assert_string_equal(ESC("\"q\""), "\"q\"");
	assert_string_equal(esc("\"q\"", 3, MSGFMT_QUOTE, 0), "\\\"q\\\"");
}

static void test_escape_invalid_utf8(void **state)
{
	(void)state;
	assert_string_equal(ESC("\xff\xfe"), "\\xff\\xfe");
	/* truncated sequence, then ASCII */
	assert_string_equal(ESC("\xe2\x82" "A"), "\\xe2\\x82A");
	/* truncated at the very end */
	assert_string_equal(ESC("ok\xf0\x9f\x98"), "ok\\xf0\\x9f\\x98");
	/* lone continuation byte */
	assert_string_equal(ESC("\x80x"), "\\x80x");
	/* overlong '/' (2 and 3 bytes) and overlong NUL */
	assert_string_equal(ESC("\xc0\xaf"), "\\xc0\\xaf");
	assert_string_equal(ESC("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");
	assert_string_equal(ESC("\xc0\x80"), "\\xc0\\x80");
	/* UTF-16 surrogate D800 */
	assert_string_equal(ESC("\xed\xa0\x80"), "\\xed\\xa0\\x80");
	/* past U+10FFFF */
	assert_string_equal(ESC("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");
	assert_string_equal(ESC("\xf5\x80\x80\x80"), "\\xf5\\x80\\x80\\x80");
	/* the largest valid code point is kept */
	assert_string_equal(ESC("\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf");
}

static void test_escape_bidi_invisible(void **state)
{
	(void)state;
	assert_string_equal(ESC("abc\xe2\x80\xae" "def"), "abc\\u{202e}def");
	assert_string_equal(ESC("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad"),
	                    "\\u{202a}\\u{202b}\\u{202c}\\u{202d}");
	assert_string_equal(ESC("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9"),
	                    "\\u{2066}\\u{2067}\\u{2068}\\u{2069}");
	assert_string_equal(ESC("\xe2\x80\x8f\xe2\x80\xa8"), "\\u{200f}\\u{2028}");
	assert_string_equal(ESC("ab\xe2\x80\x8b" "c\xef\xbb\xbf"), "ab\\u{200b}c\\u{feff}");
	/* tag characters (invisible text) */
	assert_string_equal(ESC("\xf3\xa0\x81\x81"), "\\u{e0041}");
}

static void test_escape_utf8_kept_and_ascii(void **state)
{
	(void)state;
	const char *s = "h\xc3\xa9llo \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80";
	assert_string_equal(esc(s, strlen(s), 0, 0), s);
	assert_string_equal(esc(s, strlen(s), MSGFMT_ASCII, 0),
	                    "h\\u{00e9}llo \\u{65e5}\\u{672c} \\u{1f600}");
}

static void test_escape_spans(void **state)
{
	(void)state;
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	b.track_spans = true;
	msgfmt_escape(&b, "ab\x1b[2Jc", 7, NULL, MSGFMT_C_STRING);
	assert_string_equal(b.data, "ab\\e[2Jc");
	assert_int_equal(b.n_spans, 3);
	assert_int_equal(b.spans[0].off, 0);
	assert_int_equal(b.spans[0].len, 2);
	assert_int_equal(b.spans[0].cls, MSGFMT_C_STRING);
	assert_int_equal(b.spans[1].off, 2);
	assert_int_equal(b.spans[1].len, 2);
	assert_int_equal(b.spans[1].cls, MSGFMT_C_ESCAPE);
	assert_int_equal(b.spans[2].off, 4);
	assert_int_equal(b.spans[2].len, 4);
	assert_int_equal(b.spans[2].cls, MSGFMT_C_STRING);
	msgfmt_buf_free(&b);
}

static void test_size_and_truncation(void **state)
{
	(void)state;
	char s[32];
	msgfmt_size(s, sizeof(s), 0);
	assert_string_equal(s, "0 B");
	msgfmt_size(s, sizeof(s), 1023);
	assert_string_equal(s, "1023 B");
	msgfmt_size(s, sizeof(s), 1024);
	assert_string_equal(s, "1.0 KiB");
	msgfmt_size(s, sizeof(s), 12595);
	assert_string_equal(s, "12.3 KiB");
	msgfmt_size(s, sizeof(s), 5u * 1024 * 1024);
	assert_string_equal(s, "5.0 MiB");

	char *big = malloc(12595);
	memset(big, 'a', 12595);
	assert_string_equal(esc(big, 12595, 0, 10), "aaaaaaaaaa\xe2\x80\xa6 (12.3 KiB)");
	assert_string_equal(esc(big, 12595, MSGFMT_ASCII, 4), "aaaa... (12.3 KiB)");
	/* exactly at the limit: no marker */
	assert_string_equal(esc(big, 10, 0, 10), "aaaaaaaaaa");
	free(big);
	/* never cut a character in two: é is 2 bytes */
	assert_string_equal(esc("\xc3\xa9\xc3\xa9\xc3\xa9", 6, 0, 3), "\xc3\xa9\xe2\x80\xa6 (6 B)");
	/* escapes count input bytes, not output */
	assert_string_equal(esc("\x1b\x1b\x1b", 3, 0, 2), "\\e\\e\xe2\x80\xa6 (3 B)");

	msgfmt_buf b;
	msgfmt_buf_init(&b);
	b.track_spans = true;
	msgfmt_opts o = { .max_bytes = 2 };
	assert_true(msgfmt_escape(&b, "abcdef", 6, &o, MSGFMT_C_PLAIN));
	assert_int_equal(b.n_spans, 2);
	assert_int_equal(b.spans[1].cls, MSGFMT_C_MARKER);
	assert_int_equal(b.spans[1].off, 2);
	assert_false(msgfmt_escape(&b, "ab", 2, &o, MSGFMT_C_PLAIN));
	msgfmt_buf_free(&b);
}

/* ---- detection and renderings ------------------------------------ */

static void test_detect(void **state)
{
	(void)state;
	assert_int_equal(msgfmt_detect("{\"a\":1}", 7), MSGFMT_JSON);
	assert_int_equal(msgfmt_detect(" [1, 2]\n", 8), MSGFMT_JSON);
	assert_int_equal(msgfmt_detect("{\"a\":", 5), MSGFMT_TEXT);
	assert_int_equal(msgfmt_detect("42", 2), MSGFMT_TEXT);        /* scalars are text */
	assert_int_equal(msgfmt_detect("\"s\"", 3), MSGFMT_TEXT);
	assert_int_equal(msgfmt_detect("hello\n", 6), MSGFMT_TEXT);
	assert_int_equal(msgfmt_detect("", 0), MSGFMT_TEXT);
	assert_int_equal(msgfmt_detect("\x1b[31mred\x1b[0m", 12), MSGFMT_TEXT);
	assert_int_equal(msgfmt_detect("caf\xc3\xa9", 5), MSGFMT_TEXT);
	assert_int_equal(msgfmt_detect("a\0b", 3), MSGFMT_HEX);
	assert_int_equal(msgfmt_detect("\xff\xfe", 2), MSGFMT_HEX);
	assert_int_equal(msgfmt_detect("\x01\x02", 2), MSGFMT_HEX);
	/* big integers do not stop JSON detection */
	assert_int_equal(msgfmt_detect("[123456789012345678901234567890]", 32), MSGFMT_JSON);
}

static void test_format_names(void **state)
{
	(void)state;
	msgfmt_format f;
	assert_int_equal(msgfmt_format_parse("hex", &f), 0);
	assert_int_equal(f, MSGFMT_HEX);
	assert_int_equal(msgfmt_format_parse("raw", &f), 0);
	assert_int_equal(f, MSGFMT_RAW_ESCAPED);
	assert_int_equal(msgfmt_format_parse("BASE64", &f), 0);
	assert_int_equal(f, MSGFMT_BASE64);
	assert_int_equal(msgfmt_format_parse("yaml", &f), -1);
	assert_string_equal(msgfmt_format_name(MSGFMT_JSON), "json");
}

static void test_hexdump_layout(void **state)
{
	(void)state;
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	msgfmt_opts o = { .flags = MSGFMT_MULTILINE };
	msgfmt_hexdump(&b, "Hello, World!\n\x00\x01\x02\xff", 18, &o);
	/* the same as hexdump -C */
	assert_string_equal(b.data,
		"00000000  48 65 6c 6c 6f 2c 20 57  6f 72 6c 64 21 0a 00 01  |Hello, World!...|\n"
		"00000010  02 ff                                             |..|");
	msgfmt_buf_reset(&b);
	o.max_bytes = 16;
	msgfmt_hexdump(&b, "0123456789abcdefXYZ", 19, &o);
	assert_string_equal(b.data,
		"00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n"
		"\xe2\x80\xa6 (19 B)");
	msgfmt_buf_reset(&b);
	o.flags = 0;
	o.max_bytes = 0;
	msgfmt_hexdump(&b, "\x00\xff\x1b", 3, &o);
	assert_string_equal(b.data, "00 ff 1b");
	msgfmt_buf_free(&b);
}

static void test_hexdump_spans(void **state)
{
	(void)state;
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	b.track_spans = true;
	msgfmt_opts o = { .flags = MSGFMT_MULTILINE };
	msgfmt_hexdump(&b, "A\x01", 2, &o);
	assert_string_equal(b.data,
		"00000000  41 01                                             |A.|");
	assert_int_equal(b.n_spans, 6);
	assert_int_equal(b.spans[0].cls, MSGFMT_C_OFFSET);
	assert_int_equal(b.spans[0].len, 8);
	assert_int_equal(b.spans[1].cls, MSGFMT_C_PLAIN);
	assert_int_equal(b.spans[2].cls, MSGFMT_C_PUNCT);
	assert_int_equal(b.spans[3].cls, MSGFMT_C_PLAIN);     /* A */
	assert_int_equal(b.spans[4].cls, MSGFMT_C_ESCAPE);    /* . for 0x01 */
	assert_int_equal(b.spans[5].cls, MSGFMT_C_PUNCT);
	msgfmt_buf_free(&b);
}

static void test_base64(void **state)
{
	(void)state;
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	msgfmt_base64(&b, "hello", 5, false);
	assert_string_equal(b.data, "aGVsbG8=");
	msgfmt_buf_reset(&b);
	msgfmt_base64(&b, "\xff\x00", 2, false);
	assert_string_equal(b.data, "/wA=");
	msgfmt_buf_reset(&b);
	msgfmt_base64(&b, "", 0, false);
	assert_string_equal(b.data, "");
	char in[60];
	memset(in, 'x', sizeof(in));
	msgfmt_buf_reset(&b);
	msgfmt_base64(&b, in, sizeof(in), true);     /* 80 chars: wrapped at 76 */
	assert_int_equal(b.len, 81);
	assert_int_equal(b.data[76], '\n');
	msgfmt_buf_free(&b);
}

static const char *render(const char *p, size_t n, msgfmt_format want, unsigned flags,
                          size_t max, msgfmt_format *used)
{
	static msgfmt_buf b;
	msgfmt_buf_free(&b);
	msgfmt_buf_init(&b);
	msgfmt_opts o = { .flags = flags, .max_bytes = max };
	*used = msgfmt_render(&b, p, n, want, &o);
	return b.data;
}

#define RENDER(lit, want, flags, max, used) render(lit, sizeof(lit) - 1, want, flags, max, used)

static void test_render(void **state)
{
	(void)state;
	msgfmt_format used;
	assert_string_equal(RENDER("{ \"a\" : [1, 2] }", MSGFMT_AUTO, 0, 0, &used),
	                    "{\"a\":[1,2]}");
	assert_int_equal(used, MSGFMT_JSON);
	assert_string_equal(RENDER("{ \"a\" : [1, 2] }", MSGFMT_AUTO, MSGFMT_MULTILINE, 0, &used),
	                    "{\n  \"a\": [\n    1,\n    2\n  ]\n}");
	/* json asked for, text found */
	assert_string_equal(RENDER("not json\x1b", MSGFMT_JSON, 0, 0, &used), "not json\\e");
	assert_int_equal(used, MSGFMT_TEXT);
	/* explicit json accepts scalars */
	assert_string_equal(RENDER("\"a\\u001bb\"", MSGFMT_JSON, 0, 0, &used), "\"a\\eb\"");
	assert_int_equal(used, MSGFMT_JSON);
	/* too large to parse: the prefix as text, with the marker */
	assert_string_equal(RENDER("{\"a\":\"bcdefgh\"}", MSGFMT_AUTO, 0, 6, &used),
	                    "{\"a\":\"\xe2\x80\xa6 (15 B)");
	assert_int_equal(used, MSGFMT_TEXT);
	assert_string_equal(RENDER("\x00\x01\x02", MSGFMT_AUTO, 0, 0, &used), "00 01 02");
	assert_int_equal(used, MSGFMT_HEX);
	assert_string_equal(RENDER("hi\nthere", MSGFMT_TEXT, MSGFMT_MULTILINE, 0, &used),
	                    "hi\nthere");
	assert_string_equal(RENDER("hi\nthere", MSGFMT_RAW_ESCAPED, MSGFMT_MULTILINE, 0, &used),
	                    "hi\\nthere");
	assert_int_equal(used, MSGFMT_RAW_ESCAPED);
	assert_string_equal(RENDER("hello", MSGFMT_BASE64, 0, 0, &used), "aGVsbG8=");
	assert_string_equal(RENDER("hello", MSGFMT_BASE64, 0, 4, &used),
	                    "aGVs\xe2\x80\xa6 (5 B)");
	assert_string_equal(render(NULL, 0, MSGFMT_AUTO, 0, 0, &used), "(null)");
	/* a cut inside a UTF-8 character still reads as text */
	assert_string_equal(RENDER("ab\xc3\xa9", MSGFMT_AUTO, 0, 3, &used),
	                    "ab\xe2\x80\xa6 (4 B)");
	assert_int_equal(used, MSGFMT_TEXT);
}

/* ---- JSON printer ------------------------------------------------ */

static void test_json_pretty(void **state)
{
	(void)state;
	msgfmt_format used;
	const char *in = "{\"a\":1,\"b\":[true,null,\"x\\u001b\"],\"c\":{},\"d\":[]}";
	assert_string_equal(render(in, strlen(in), MSGFMT_JSON, MSGFMT_MULTILINE, 0, &used),
		"{\n"
		"  \"a\": 1,\n"
		"  \"b\": [\n"
		"    true,\n"
		"    null,\n"
		"    \"x\\e\"\n"
		"  ],\n"
		"  \"c\": {},\n"
		"  \"d\": []\n"
		"}");
}

static void test_json_preserves_source(void **state)
{
	(void)state;
	msgfmt_format used;
	/* digits, duplicate keys and member order as sent */
	assert_string_equal(RENDER("[12345678901234567890123, 0.1, 1e5, -0]", MSGFMT_JSON, 0, 0, &used),
	                    "[12345678901234567890123,0.1,1e5,-0]");
	assert_string_equal(RENDER("{\"z\":1,\"a\":2,\"z\":3}", MSGFMT_JSON, 0, 0, &used),
	                    "{\"z\":1,\"a\":2,\"z\":3}");
	assert_string_equal(RENDER("{\"q\":\"say \\\"hi\\\" \\\\ \\/\"}", MSGFMT_JSON, 0, 0, &used),
	                    "{\"q\":\"say \\\"hi\\\" \\\\ /\"}");
}

static void test_json_hostile_strings(void **state)
{
	(void)state;
	msgfmt_format used;
	/* escapes inside JSON strings decode, then are escaped for display */
	const char *s = RENDER("{\"k\\u001b\":\"\\u001b[2J\\u009b\\u202e\\u0000\"}", MSGFMT_JSON,
	                       MSGFMT_MULTILINE, 0, &used);
	assert_string_equal(s, "{\n  \"k\\e\": \"\\e[2J\\u{009b}\\u{202e}\\x00\"\n}");
	assert_terminal_safe(s, strlen(s), true);
	/* raw (valid UTF-8) bidi and C1 characters in the JSON text */
	s = RENDER("[\"\xe2\x80\xae\",\"\xc2\x9b\"]", MSGFMT_AUTO, 0, 0, &used);
	assert_int_equal(used, MSGFMT_JSON);
	assert_string_equal(s, "[\"\\u{202e}\",\"\\u{009b}\"]");
	/* surrogate pairs */
	assert_string_equal(RENDER("[\"\\ud83d\\ude00\"]", MSGFMT_JSON, 0, 0, &used),
	                    "[\"\xf0\x9f\x98\x80\"]");
	assert_string_equal(RENDER("[\"\\ud83d\\ude00\xc3\xa9\"]", MSGFMT_JSON, MSGFMT_ASCII, 0, &used),
	                    "[\"\\u{1f600}\\u{00e9}\"]");
	/* a lone surrogate is not JSON (jansson refuses it) */
	RENDER("[\"\\ud800\"]", MSGFMT_JSON, 0, 0, &used);
	assert_int_equal(used, MSGFMT_TEXT);
}

static void test_json_spans(void **state)
{
	(void)state;
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	b.track_spans = true;
	assert_int_equal(msgfmt_json(&b, "{\"k\":\"v\",\"n\":-1.5,\"t\":true}", 27, NULL), 0);
	assert_string_equal(b.data, "{\"k\":\"v\",\"n\":-1.5,\"t\":true}");
	static const msgfmt_span want[] = {
		{ 0, 1, MSGFMT_C_PUNCT },  { 1, 3, MSGFMT_C_KEY },    { 4, 1, MSGFMT_C_PUNCT },
		{ 5, 3, MSGFMT_C_STRING }, { 8, 1, MSGFMT_C_PUNCT },  { 9, 3, MSGFMT_C_KEY },
		{ 12, 1, MSGFMT_C_PUNCT }, { 13, 4, MSGFMT_C_NUMBER }, { 17, 1, MSGFMT_C_PUNCT },
		{ 18, 3, MSGFMT_C_KEY },   { 21, 1, MSGFMT_C_PUNCT }, { 22, 4, MSGFMT_C_LITERAL },
		{ 26, 1, MSGFMT_C_PUNCT },
	};
	assert_int_equal(b.n_spans, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < b.n_spans; i++) {
		assert_int_equal(b.spans[i].off, want[i].off);
		assert_int_equal(b.spans[i].len, want[i].len);
		assert_int_equal(b.spans[i].cls, want[i].cls);
	}

	/* pretty: whitespace is plain, an escape splits its string */
	msgfmt_buf_reset(&b);
	msgfmt_opts o = { .flags = MSGFMT_MULTILINE };
	assert_int_equal(msgfmt_json(&b, "{\"k\":\"a\\u001b\"}", 15, &o), 0);
	assert_string_equal(b.data, "{\n  \"k\": \"a\\e\"\n}");
	static const msgfmt_span want2[] = {
		{ 0, 1, MSGFMT_C_PUNCT }, { 1, 3, MSGFMT_C_PLAIN },  { 4, 3, MSGFMT_C_KEY },
		{ 7, 1, MSGFMT_C_PUNCT }, { 8, 1, MSGFMT_C_PLAIN },  { 9, 2, MSGFMT_C_STRING },
		{ 11, 2, MSGFMT_C_ESCAPE }, { 13, 1, MSGFMT_C_STRING }, { 14, 1, MSGFMT_C_PLAIN },
		{ 15, 1, MSGFMT_C_PUNCT },
	};
	assert_int_equal(b.n_spans, sizeof(want2) / sizeof(want2[0]));
	for (size_t i = 0; i < b.n_spans; i++) {
		assert_int_equal(b.spans[i].off, want2[i].off);
		assert_int_equal(b.spans[i].len, want2[i].len);
		assert_int_equal(b.spans[i].cls, want2[i].cls);
	}
	/* spans cover the text with no gap */
	size_t end = 0;
	for (size_t i = 0; i < b.n_spans; i++) {
		assert_int_equal(b.spans[i].off, end);
		end += b.spans[i].len;
	}
	assert_int_equal(end, b.len);

	msgfmt_buf_reset(&b);
	assert_int_equal(msgfmt_json(&b, "{\"k\":", 5, NULL), -1);
	assert_int_equal(b.len, 0);
	msgfmt_buf_free(&b);
}

/* ---- JSON lines -------------------------------------------------- */

static void test_iso8601(void **state)
{
	(void)state;
	char s[64];
	msgfmt_iso8601(s, sizeof(s), 1700000000123LL);
	assert_string_equal(s, "2023-11-14T22:13:20.123Z");
	msgfmt_iso8601(s, sizeof(s), 0);
	assert_string_equal(s, "1970-01-01T00:00:00.000Z");
	msgfmt_iso8601(s, sizeof(s), -1500);
	assert_string_equal(s, "1969-12-31T23:59:58.500Z");
	msgfmt_iso8601(s, sizeof(s), -1);
	assert_string_equal(s, "");
}

static void test_jsonl_exact(void **state)
{
	(void)state;
	kd_msg_header h[] = { { "trace", "abc", 3 }, { "nil", NULL, 0 } };
	kd_msg m = {
		.topic = "orders", .partition = 2, .offset = 42,
		.timestamp = 1700000000123LL, .ts_type = KD_TS_CREATE,
		.key = "k1", .key_len = 2, .value = "v\"1", .value_len = 3,
		.headers = h, .n_headers = 2,
	};
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	msgfmt_jsonl(&b, &m, 0);
	assert_string_equal(b.data,
		"{\"topic\":\"orders\",\"partition\":2,\"offset\":42,"
		"\"timestamp\":1700000000123,\"timestamp_iso\":\"2023-11-14T22:13:20.123Z\","
		"\"timestamp_type\":\"create\",\"key\":\"k1\",\"value\":\"v\\\"1\","
		"\"headers\":[{\"name\":\"trace\",\"value\":\"abc\"},{\"name\":\"nil\",\"value\":null}]}\n");

	msgfmt_buf_reset(&b);
	kd_msg t = { .topic = "t", .partition = 0, .offset = 7, .timestamp = -1,
	             .ts_type = KD_TS_NONE };
	msgfmt_jsonl(&b, &t, 0);
	assert_string_equal(b.data,
		"{\"topic\":\"t\",\"partition\":0,\"offset\":7,\"timestamp\":null,"
		"\"timestamp_iso\":null,\"timestamp_type\":\"none\",\"key\":null,\"value\":null,"
		"\"headers\":[]}\n");
	msgfmt_buf_free(&b);
}

static void test_jsonl_roundtrip(void **state)
{
	(void)state;
	static const char value[] = "\x1b[2J\x1b]52;c;aGk=\x07 \xe2\x80\xae rtl \xc2\x9b caf\xc3\xa9\n";
	static const char key[] = "\x00\xff\xfe";          /* not UTF-8: base64 */
	static const char hname[] = "bin\xff";
	kd_msg_header h[] = { { hname, "\xff", 1 }, { "ok", "\xf0\x9f\x98\x80", 4 } };
	kd_msg m = {
		.topic = "sensors", .partition = 1, .offset = 9000000000LL,
		.timestamp = 1700000000000LL, .ts_type = KD_TS_LOG_APPEND,
		.key = key, .key_len = 3, .value = value, .value_len = sizeof(value) - 1,
		.headers = h, .n_headers = 2,
	};
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	msgfmt_jsonl(&b, &m, 0);
	/* one line, terminal-safe */
	assert_int_equal(b.data[b.len - 1], '\n');
	assert_null(memchr(b.data, '\n', b.len - 1));
	assert_terminal_safe(b.data, b.len - 1, false);

	json_error_t jerr;
	json_t *j = json_loadb(b.data, b.len, 0, &jerr);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "topic")), "sensors");
	assert_int_equal(json_integer_value(json_object_get(j, "partition")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "offset")), 9000000000LL);
	assert_int_equal(json_integer_value(json_object_get(j, "timestamp")), 1700000000000LL);
	assert_string_equal(json_string_value(json_object_get(j, "timestamp_iso")),
	                    "2023-11-14T22:13:20.000Z");
	assert_string_equal(json_string_value(json_object_get(j, "timestamp_type")), "log_append");
	/* the value comes back byte for byte */
	json_t *v = json_object_get(j, "value");
	assert_int_equal(json_string_length(v), sizeof(value) - 1);
	assert_memory_equal(json_string_value(v), value, sizeof(value) - 1);
	assert_null(json_object_get(j, "value_encoding"));
	/* the key as base64 */
	assert_string_equal(json_string_value(json_object_get(j, "key")), "AP/+");
	assert_string_equal(json_string_value(json_object_get(j, "key_encoding")), "base64");
	json_t *hs = json_object_get(j, "headers");
	assert_int_equal(json_array_size(hs), 2);
	json_t *h0 = json_array_get(hs, 0);
	assert_string_equal(json_string_value(json_object_get(h0, "name")), "Ymlu/w==");
	json_decref(j);
	msgfmt_buf_free(&b);
}

static void test_jsonl_headers_and_embed(void **state)
{
	(void)state;
	kd_msg_header h[] = { { "bin\xff", "\xff", 1 }, { "ok", "\xf0\x9f\x98\x80", 4 } };
	kd_msg m = { .topic = "t", .timestamp = -1, .key = "[1, 2]", .key_len = 6,
	             .value = "{\"a\": \"\\u001b\"}", .value_len = 15,
	             .headers = h, .n_headers = 2 };
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	msgfmt_jsonl(&b, &m, 0);
	json_error_t jerr;
	json_t *j = json_loadb(b.data, b.len, 0, &jerr);
	assert_non_null(j);
	json_t *h0 = json_array_get(json_object_get(j, "headers"), 0);
	assert_string_equal(json_string_value(json_object_get(h0, "name")), "Ymlu/w==");
	assert_string_equal(json_string_value(json_object_get(h0, "name_encoding")), "base64");
	assert_string_equal(json_string_value(json_object_get(h0, "value")), "/w==");
	assert_string_equal(json_string_value(json_object_get(h0, "encoding")), "base64");
	json_t *h1 = json_array_get(json_object_get(j, "headers"), 1);
	assert_string_equal(json_string_value(json_object_get(h1, "value")), "\xf0\x9f\x98\x80");
	assert_null(json_object_get(h1, "encoding"));
	/* without embedding, JSON payloads stay strings */
	assert_string_equal(json_string_value(json_object_get(j, "key")), "[1, 2]");
	json_decref(j);

	msgfmt_buf_reset(&b);
	msgfmt_jsonl(&b, &m, MSGFMT_JSONL_EMBED_JSON);
	assert_non_null(strstr(b.data, "\"key\":[1,2],\"key_encoding\":\"json\","
	                                "\"value\":{\"a\":\"\\u001b\"},\"value_encoding\":\"json\""));
	j = json_loadb(b.data, b.len, 0, &jerr);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "value"), "a")),
	                    "\x1b");
	json_decref(j);
	msgfmt_buf_free(&b);
}

/* ---- format strings ---------------------------------------------- */

static const char *tmpl_err(const char *fmt)
{
	static char err[256];
	msgfmt_tmpl *t = msgfmt_tmpl_parse(fmt, err, sizeof(err));
	assert_null(t);
	return err;
}

static void test_tmpl_tokens(void **state)
{
	(void)state;
	char err[256];
	msgfmt_tmpl *t = msgfmt_tmpl_parse("%t %p %o %k %s\\n", err, sizeof(err));
	assert_non_null(t);
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	msgfmt_tmpl_describe(&b, t);
	assert_string_equal(b.data, "%t|\" \"|%p|\" \"|%o|\" \"|%k|\" \"|%s|\"\\n\"");
	msgfmt_tmpl_free(t);

	t = msgfmt_tmpl_parse("[%S/%K] %R%h%T 100%% \\t\\x41\\\\", err, sizeof(err));
	assert_non_null(t);
	msgfmt_buf_reset(&b);
	msgfmt_tmpl_describe(&b, t);
	assert_string_equal(b.data, "\"[\"|%S|\"/\"|%K|\"] \"|%R|%h|%T|\" 100% \\tA\\\\\"");
	msgfmt_tmpl_free(t);

	t = msgfmt_tmpl_parse("", err, sizeof(err));
	assert_non_null(t);
	msgfmt_buf_reset(&b);
	msgfmt_tmpl_describe(&b, t);
	assert_string_equal(b.data, "");
	msgfmt_tmpl_free(t);
	msgfmt_buf_free(&b);
}

static void test_tmpl_errors(void **state)
{
	(void)state;
	assert_string_equal(tmpl_err("%t %z"),
	                    "column 4: unknown format token '%z' "
	                    "(known: %t %p %o %k %K %s %S %R %h %T %%)");
	assert_string_equal(tmpl_err("abc%"),
	                    "column 4: '%' at the end of the format (write %% for a percent sign)");
	assert_string_equal(tmpl_err("\\q"),
	                    "column 1: unknown escape '\\q' (known: \\n \\r \\t \\\\ \\xNN)");
	assert_string_equal(tmpl_err("ab\\"),
	                    "column 3: '\\' at the end of the format (write \\\\ for a backslash)");
	assert_string_equal(tmpl_err("\\xg"), "column 1: '\\x' needs one or two hex digits");
	/* columns count characters, not bytes */
	assert_string_equal(tmpl_err("\xe6\x97\xa5\xe6\x9c\xac%q"),
	                    "column 3: unknown format token '%q' "
	                    "(known: %t %p %o %k %K %s %S %R %h %T %%)");
	/* a hostile byte in the error message is escaped */
	assert_string_equal(tmpl_err("%\x1b"),
	                    "column 1: unknown format token '%\\e' "
	                    "(known: %t %p %o %k %K %s %S %R %h %T %%)");
}

static void test_tmpl_render(void **state)
{
	(void)state;
	char err[256];
	kd_msg_header h[] = { { "a", "1", 1 }, { "b\x1b", NULL, 0 } };
	kd_msg m = { .topic = "orders", .partition = 3, .offset = 17,
	             .timestamp = 1700000000123LL, .ts_type = KD_TS_CREATE,
	             .key = "k\x1b[2J", .key_len = 5, .value = "v\x9b\n", .value_len = 3,
	             .headers = h, .n_headers = 2 };
	msgfmt_tmpl *t = msgfmt_tmpl_parse("%t [%p] @%o %T: %k=%s (%K/%S) %h|%R\\n", err, sizeof(err));
	assert_non_null(t);
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	msgfmt_tmpl_render(&b, t, &m, NULL);
	assert_string_equal(b.data,
		"orders [3] @17 1700000000123: k\\e[2J=v\\x9b\\n (5/3) a=1,b\\e=|\\x00\\x00\\x00\\x03\n");

	/* raw: the caller's decision for a pipe; bytes go out as they are */
	msgfmt_buf_reset(&b);
	msgfmt_opts raw = { .flags = MSGFMT_RAW };
	msgfmt_tmpl_render(&b, t, &m, &raw);
	static const char want[] =
		"orders [3] @17 1700000000123: k\x1b[2J=v\x9b\n (5/3) a=1,b\x1b=|\0\0\0\x03\n";
	assert_int_equal(b.len, sizeof(want) - 1);
	assert_memory_equal(b.data, want, sizeof(want) - 1);

	/* nulls: -1 lengths, the null string, and no timestamp */
	kd_msg n = { .topic = "t", .partition = 0, .offset = 1, .timestamp = -1 };
	msgfmt_buf_reset(&b);
	msgfmt_opts o = { .null_str = "NULL" };
	msgfmt_tmpl_render(&b, t, &n, &o);
	assert_string_equal(b.data,
		"t [0] @1 -1: NULL=NULL (-1/-1) |\\xff\\xff\\xff\\xff\n");
	msgfmt_tmpl_free(t);

	/* ASCII mode reaches the fields */
	t = msgfmt_tmpl_parse("%s", err, sizeof(err));
	kd_msg u = { .value = "caf\xc3\xa9", .value_len = 5 };
	msgfmt_buf_reset(&b);
	msgfmt_opts a = { .flags = MSGFMT_ASCII };
	msgfmt_tmpl_render(&b, t, &u, &a);
	assert_string_equal(b.data, "caf\\u{00e9}");
	msgfmt_tmpl_free(t);
	msgfmt_buf_free(&b);
}

/* The word-at-a-time scan agrees with a byte loop for every byte value
 * at every position of a word, and at every run length. */
static void test_plain_run(void **state)
{
	uint8_t buf[40];

	(void)state;
	for (int v = 0; v < 256; v++)
		for (size_t pos = 0; pos < 24; pos++)
			for (size_t len = pos; len <= 24; len += 3) {
				size_t want = 0;
				memset(buf, 'a', sizeof(buf));
				buf[pos] = (uint8_t)v;
				while (want < len && buf[want] >= 0x20 && buf[want] < 0x7f &&
				       buf[want] != '\\' && buf[want] != '"')
					want++;
				assert_int_equal(msgfmt_plain_run(buf, len), want);
			}
	/* a carry or borrow between bytes never hides a byte */
	memcpy(buf, "~\x7f\xff\x1f !A\x80", 8);
	assert_int_equal(msgfmt_plain_run(buf, 8), 1);
	memcpy(buf, "abcdefg\xff", 8);
	assert_int_equal(msgfmt_plain_run(buf, 8), 7);
}

/* term_str: what the subcommands and the dashboard print of outside text */
static void test_term_str(void **state)
{
	(void)state;
	assert_string_equal(term_str(NULL), "-");
	assert_string_equal(term_str(""), "");
	assert_string_equal(term_str("orders"), "orders");
	assert_string_equal(term_str("a\x1b]0;x\x07\r\n\b"), "a\\e]0;x\\x07\\r\\n\\x08");
	assert_string_equal(term_str("\xc2\x9b" "2J"), "\\u{009b}2J");
	assert_string_equal(term_str("x\xe2\x80\xaey"), "x\\u{202e}y");
	assert_string_equal(term_str("\xff"), "\\xff");
	assert_string_equal(term_str("caf\xc3\xa9"), "caf\xc3\xa9");
	/* eight at once stay distinct */
	const char *v[8];
	char in[8][4];
	for (int i = 0; i < 8; i++) {
		snprintf(in[i], sizeof(in[i]), "%d", i);
		v[i] = term_str(in[i]);
	}
	for (int i = 0; i < 8; i++)
		assert_string_equal(v[i], in[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_term_str),
		cmocka_unit_test(test_plain_run),
		cmocka_unit_test(test_escape_csi_clear),
		cmocka_unit_test(test_escape_osc52),
		cmocka_unit_test(test_escape_c1),
		cmocka_unit_test(test_escape_c0),
		cmocka_unit_test(test_escape_invalid_utf8),
		cmocka_unit_test(test_escape_bidi_invisible),
		cmocka_unit_test(test_escape_utf8_kept_and_ascii),
		cmocka_unit_test(test_escape_spans),
		cmocka_unit_test(test_size_and_truncation),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_hexdump_layout),
		cmocka_unit_test(test_hexdump_spans),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_render),
		cmocka_unit_test(test_json_pretty),
		cmocka_unit_test(test_json_preserves_source),
		cmocka_unit_test(test_json_hostile_strings),
		cmocka_unit_test(test_json_spans),
		cmocka_unit_test(test_iso8601),
		cmocka_unit_test(test_jsonl_exact),
		cmocka_unit_test(test_jsonl_roundtrip),
		cmocka_unit_test(test_jsonl_headers_and_embed),
		cmocka_unit_test(test_tmpl_tokens),
		cmocka_unit_test(test_tmpl_errors),
		cmocka_unit_test(test_tmpl_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
