/*
 * arena.h: a bump allocator.  A snapshot (or a decoded response) puts all
 * of its strings and arrays in one arena and frees them in one call, so an
 * immutable structure never needs a per-field destructor.
 */
#ifndef KDECK_ARENA_H
#define KDECK_ARENA_H

#include <stddef.h>

typedef struct kd_arena_chunk kd_arena_chunk;

typedef struct kd_arena {
	kd_arena_chunk *head;
	size_t used;             /* bytes handed out, for memory accounting */
} kd_arena;

void arena_init(kd_arena *a);
void arena_free(kd_arena *a);
/* Zeroed memory aligned for any type; aborts on out-of-memory. */
void *arena_alloc(kd_arena *a, size_t n);
void *arena_calloc(kd_arena *a, size_t n, size_t size);
char *arena_strdup(kd_arena *a, const char *s);       /* NULL stays NULL */
/* A malloc'd copy outside any arena (free it); NULL stays NULL; aborts on
 * out-of-memory like the arena does. */
char *kd_strdup(const char *s);
char *arena_strndup(kd_arena *a, const char *s, size_t n);
void *arena_memdup(kd_arena *a, const void *p, size_t n);
char *arena_printf(kd_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
