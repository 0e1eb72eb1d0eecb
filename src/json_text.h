/*
 * json_text.h: a JSON string for text from outside, which never fails.
 *
 * jansson refuses strings that are not valid UTF-8 (json_string returns
 * NULL and a json_pack with it fails whole), and a group id, a host name
 * or a broker's error message may be anything.  Here each byte that is
 * not part of valid UTF-8 becomes the text \xNN, so the document is
 * always complete and shows what was there.
 */
#ifndef KDECK_JSON_TEXT_H
#define KDECK_JSON_TEXT_H

#include <jansson.h>

/* s as a JSON string (NULL: JSON null).  Never NULL. */
json_t *json_text(const char *s);
/* The same, with "" for NULL. */
json_t *json_text0(const char *s);

#endif
