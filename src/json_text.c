/* json_text.c: see json_text.h. */
#include "config.h"

#include "json_text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgfmt.h"

json_t *json_text(const char *s)
{
	if (!s)
		return json_null();
	size_t len = strlen(s);
	json_t *j = json_stringn(s, len);
	if (j)
		return j;
	/* at most 4 output bytes per input byte */
	char *out = malloc(4 * len + 1);
	if (!out)
		abort();
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = msgfmt_utf8_next(p + i, len - i, &cp);
		if (n) {
			memcpy(out + o, p + i, n);
			o += n;
			i += n;
		} else {
			o += (size_t)snprintf(out + o, 5, "\\x%02x", p[i]);
			i++;
		}
	}
	j = json_stringn(out, o);
	free(out);
	return j ? j : json_string("?");
}

json_t *json_text0(const char *s)
{
	return json_text(s ? s : "");
}
