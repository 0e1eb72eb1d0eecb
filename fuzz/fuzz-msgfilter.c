/*
 * fuzz-msgfilter.c: libFuzzer target for the message filter parser and
 * evaluator, and for the renderings of untrusted message bytes.
 *
 * Input: a filter, then a LF, then a payload.  The filter is compiled,
 * dumped and evaluated against messages built around the payload (as
 * key, value and header value); the payload is also rendered in every
 * format, and every rendering must be terminal-safe: no C0 byte but LF,
 * no DEL, no C1 or bidi code point.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msgfilter.h"
#include "msgfmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* len: how much of b to check (a JSON-lines record ends with its LF). */
static void check_safe(const msgfmt_buf *b, size_t len, bool lf_ok, bool ascii)
{
	const uint8_t *s = (const uint8_t *)b->data;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n' && lf_ok)
			continue;
		if (s[i] < 0x20 || s[i] == 0x7f || (ascii && s[i] >= 0x80))
			abort();
		if (i + 1 < len && s[i] == 0xc2 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)
			abort();
		if (i + 2 < len && s[i] == 0xe2 && s[i + 1] == 0x80 && s[i + 2] == 0xae)
			abort();
	}
	if (!msgfmt_utf8_valid(b->data, len))
		abort();
	if (b->track_spans) {
		size_t end = 0;
		for (size_t i = 0; i < b->n_spans; i++) {
			if (b->spans[i].off != end)
				abort();
			end += b->spans[i].len;
		}
		if (end != b->len)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t flen = nl ? (size_t)(nl - data) : size;
	const uint8_t *payload = nl ? nl + 1 : data + size;
	size_t plen = nl ? size - flen - 1 : 0;

	char *src = malloc(flen + 1);
	if (!src)
		return 0;
	memcpy(src, data, flen);
	src[flen] = '\0';

	char err[256];
	int col;
	msgfilter *f = msgfilter_compile(src, &col, err, sizeof(err));
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	b.track_spans = true;
	if (f) {
		msgfilter_dump(f, &b);
		kd_msg_header h[] = { { "h", payload, plen }, { "n", NULL, 0 } };
		kd_msg m[] = {
			{ .topic = "t", .partition = 1, .offset = 2, .key = payload, .key_len = plen,
			  .value = payload, .value_len = plen, .headers = h, .n_headers = 2 },
			{ .topic = "t", .key = "{\"a\":[1,{\"b\":\"x\"}]}", .key_len = 19,
			  .value = payload, .value_len = plen },
			{ .topic = NULL },
		};
		for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
			(void)msgfilter_match(f, &m[i]);
		msgfilter_free(f);
	} else if (col < 1 || !err[0]) {
		abort();                /* an error always says where */
	}

	static const msgfmt_format formats[] = {
		MSGFMT_AUTO, MSGFMT_JSON, MSGFMT_TEXT, MSGFMT_HEX, MSGFMT_BASE64, MSGFMT_RAW_ESCAPED,
	};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		for (unsigned fl = 0; fl < 4; fl++) {
			msgfmt_opts o = { .flags = fl, .max_bytes = (fl & 1) ? 0 : 64 };
			msgfmt_buf_reset(&b);
			msgfmt_render(&b, payload, plen, formats[i], &o);
			check_safe(&b, b.len, fl & MSGFMT_MULTILINE, fl & MSGFMT_ASCII);
		}
	}
	msgfmt_buf_reset(&b);
	kd_msg_header h[] = { { src, payload, plen } };
	kd_msg m = { .topic = src, .key = payload, .key_len = plen, .value = payload,
	             .value_len = plen, .headers = h, .n_headers = 1, .timestamp = -1 };
	msgfmt_jsonl(&b, &m, MSGFMT_JSONL_EMBED_JSON);
	if (b.len == 0 || b.data[b.len - 1] != '\n')
		abort();
	check_safe(&b, b.len - 1, false, false);

	msgfmt_tmpl *t = msgfmt_tmpl_parse(src, err, sizeof(err));
	if (t) {
		msgfmt_buf_reset(&b);
		msgfmt_tmpl_render(&b, t, &m, NULL);
		msgfmt_tmpl_free(t);
	}
	msgfmt_buf_free(&b);
	free(src);
	return 0;
}
