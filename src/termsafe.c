/* termsafe.c: see termsafe.h. */
#include "config.h"

#include "termsafe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "msgfmt.h"

#define TERM_SLOTS 8

/* Per-thread slots, freed when the thread ends (the collector's threads
 * log through term_str; a _Thread_local buffer would leak at their exit). */
struct term_slots {
	msgfmt_buf b[TERM_SLOTS];
	unsigned next;
};

static pthread_key_t slots_key;
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

static void slots_free(void *p)
{
	struct term_slots *t = p;
	for (int i = 0; i < TERM_SLOTS; i++)
		if (t->b[i].data)
			msgfmt_buf_free(&t->b[i]);
	free(t);
}

static void slots_key_make(void)
{
	pthread_key_create(&slots_key, slots_free);
}

const char *term_str(const char *s)
{
	if (!s)
		return "-";
	pthread_once(&slots_once, slots_key_make);
	struct term_slots *t = pthread_getspecific(slots_key);
	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t)
			return "(out of memory)";
		pthread_setspecific(slots_key, t);
	}
	msgfmt_buf *b = &t->b[t->next++ % TERM_SLOTS];
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
