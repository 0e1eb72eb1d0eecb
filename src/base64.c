/* base64.c: see base64.h. */
#include "config.h"

#include "base64.h"

#include <stdint.h>

static const char std_alpha[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_alpha[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t base64_encode(const void *in, size_t n, bool url, char *out, size_t outlen)
{
	const uint8_t *p = in;
	const char *a = url ? url_alpha : std_alpha;
	size_t need = url ? (n * 4 + 2) / 3 : (n + 2) / 3 * 4;
	if (outlen < need + 1)
		return (size_t)-1;
	size_t j = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		size_t left = n - i;
		if (left > 1)
			v |= (uint32_t)p[i + 1] << 8;
		if (left > 2)
			v |= p[i + 2];
		out[j++] = a[v >> 18 & 63];
		out[j++] = a[v >> 12 & 63];
		if (left > 1)
			out[j++] = a[v >> 6 & 63];
		else if (!url)
			out[j++] = '=';
		if (left > 2)
			out[j++] = a[v & 63];
		else if (!url)
			out[j++] = '=';
	}
	out[j] = '\0';
	return j;
}

static int sextet(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

size_t base64_decode(const char *in, size_t n, void *out, size_t outlen)
{
	uint8_t *o = out;
	while (n > 0 && in[n - 1] == '=')
		n--;
	if (n % 4 == 1)
		return (size_t)-1;
	size_t need = n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0);
	if (need > outlen)
		return (size_t)-1;
	uint32_t v = 0;
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		int s = sextet(in[i]);
		if (s < 0)
			return (size_t)-1;
		v = v << 6 | (uint32_t)s;
		if (i % 4 == 3) {
			o[j++] = (uint8_t)(v >> 16);
			o[j++] = (uint8_t)(v >> 8);
			o[j++] = (uint8_t)v;
			v = 0;
		}
	}
	if (n % 4 == 2) {
		o[j++] = (uint8_t)(v >> 4);
	} else if (n % 4 == 3) {
		o[j++] = (uint8_t)(v >> 10);
		o[j++] = (uint8_t)(v >> 2);
	}
	return j;
}
