/*
 * msgfilter.h: the message filter language of the tail pane and
 * `kdeck tail --filter` (doc/tail-format.md has the user's manual).
 *
 *   error                         text in the key, the value or a header value
 *   "connection reset"            the same, with spaces (smart case: a lower
 *                                 case pattern ignores ASCII case)
 *   key:order-17  value:"a b"     only in that field
 *   header.trace-id:abc  header:abc
 *   /time(out|d out)/i            POSIX extended regex (i: ignore case)
 *   key~/^user-[0-9]+$/           regex on one field
 *   value.temperature > 80        JSON field of the value (also key.x)
 *   value.sensor.id == "s-3"      == != < <= > >= with numbers, strings,
 *   value.items[0].ok == true     true, false, null
 *   key == "abc"  value == null   the whole key/value; null: a tombstone
 *   partition == 3  offset >= 1000  topic:orders
 *   not (a or b) and c            not binds tighter than and, and than or
 *
 * A filter is compiled once (immutable, shareable between threads) and
 * evaluated per message; a value is parsed as JSON at most once per
 * evaluation, and only when a JSON condition needs it.
 */
#ifndef KDECK_MSGFILTER_H
#define KDECK_MSGFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "msg.h"
#include "msgfmt.h"

typedef struct msgfilter msgfilter;

/* Compile src.  An empty (or blank) filter matches every message.  On a
 * bad filter returns NULL with err holding "column 14: expected a value
 * after '>'" and *err_col (may be NULL) the 1-based column, counted in
 * characters. */
msgfilter *msgfilter_compile(const char *src, int *err_col, char *err, size_t errlen);
void msgfilter_free(msgfilter *f);

bool msgfilter_match(const msgfilter *f, const kd_msg *m);

/* The compiled form as an S-expression, e.g.
 * (and (icontains any "error") (> value.temperature 80)): what tests and
 * a debug view use to see how a filter was understood. */
void msgfilter_dump(const msgfilter *f, msgfmt_buf *out);

#endif
