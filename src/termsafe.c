/* termsafe.c: see termsafe.h. */
#include "config.h"

#include "termsafe.h"

#include <string.h>

#include "msgfmt.h"

#define TERM_SLOTS 8

static _Thread_local msgfmt_buf slots[TERM_SLOTS];
static _Thread_local unsigned next_slot;

const char *term_str(const char *s)
{
	if (!s)
		return "-";
	msgfmt_buf *b = &slots[next_slot++ % TERM_SLOTS];
	if (!b->data)
		msgfmt_buf_init(b);     /* first use in this thread */
	msgfmt_buf_reset(b);
	msgfmt_escape(b, s, strlen(s), NULL, MSGFMT_C_PLAIN);
	return b->data;
}

void term_fputs(const char *s, FILE *f, int keep_newlines)
{
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	if (!s)
		s = "-";
	if (!keep_newlines) {
		msgfmt_escape(&b, s, strlen(s), NULL, MSGFMT_C_PLAIN);
	} else {
		for (const char *p = s; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			msgfmt_escape(&b, p, n, NULL, MSGFMT_C_PLAIN);
			if (!nl)
				break;
			msgfmt_buf_put(&b, "\n", 1, MSGFMT_C_PLAIN);
			p = nl + 1;
		}
	}
	fputs(b.data, f);
	msgfmt_buf_free(&b);
}
