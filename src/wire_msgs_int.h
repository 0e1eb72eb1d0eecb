/*
 * wire_msgs_int.h: helpers shared by the wire_msg_*.c encoders and
 * decoders; not part of the module's interface.
 */
#ifndef KDECK_WIRE_MSGS_INT_H
#define KDECK_WIRE_MSGS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "wire_buf.h"

/* 0 when kdeck speaks this version of the API, else -1 with err. */
int wire_msg_check_version(int16_t key, int16_t version, const char *what,
			   char *err, size_t errlen);
/* Turn a failed encode into an error and drop what it appended. */
int wire_msg_finish_encode(wire_wbuf *w, size_t start, int16_t key,
			   int16_t version, char *err, size_t errlen);
/* Check for trailing bytes and turn a failed read into an error. */
int wire_msg_finish_decode(wire_rbuf *r, int16_t key, int16_t version,
			   char *err, size_t errlen);

/* Allocate n elements in the arena, charged to r's decoding budget, or
 * NULL for none (n <= 0) or over the budget (r has failed, and every
 * decoding loop stops on r's failure). */
#define WIRE_ALLOC_ARRAY(r, a, n, type) \
	((type *)wire_rbuf_alloc_array((r), (a), (n), sizeof(type)))

#endif
