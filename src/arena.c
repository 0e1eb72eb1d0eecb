/* arena.c: see arena.h. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK 16384

struct kd_arena_chunk {
	kd_arena_chunk *next;
	size_t size, off;
	max_align_t data[];
};

void arena_init(kd_arena *a)
{
	a->head = NULL;
	a->used = 0;
}

void arena_free(kd_arena *a)
{
	kd_arena_chunk *c = a->head;
	while (c) {
		kd_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used = 0;
}

/* n bytes at an address aligned to align (a power of two): strings take
 * 1, so that a table of 200,000 rows of short cells does not spend 16
 * bytes on each "3" and "1,2,3". */
static void *alloc(kd_arena *a, size_t n, size_t align)
{
	kd_arena_chunk *c = a->head;
	size_t off = c ? (c->off + align - 1) & ~(align - 1) : 0;

	if (n == 0)
		n = 1;
	if (!c || off > c->size || c->size - off < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		c = malloc(sizeof(*c) + size);
		if (!c)
			abort();
		c->size = size;
		c->off = 0;
		off = 0;
		/* A big block goes behind the current chunk so the
		 * current chunk's free space is not wasted. */
		if (a->head && size > ARENA_CHUNK) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = (char *)c->data + off;
	c->off = off + n;
	a->used += n;
	return p;
}

void *arena_alloc(kd_arena *a, size_t n)
{
	void *p = alloc(a, n, _Alignof(max_align_t));
	memset(p, 0, n ? n : 1);
	return p;
}

void *arena_calloc(kd_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		abort();
	return arena_alloc(a, n * size);
}

char *arena_strndup(kd_arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *p = alloc(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(kd_arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void *arena_memdup(kd_arena *a, const void *p, size_t n)
{
	void *q = arena_alloc(a, n);
	if (n)
		memcpy(q, p, n);
	return q;
}

char *arena_printf(kd_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = alloc(a, (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

char *kd_strdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (!d)
		abort();
	return memcpy(d, s, n);
}
