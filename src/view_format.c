/* view_format.c: numbers as an operator reads them in a narrow column. */
#include "config.h"

#include "view.h"

#include <stdio.h>
#include <string.h>

/* Scale v by step until it prints in at most three digits, and print it
 * with one decimal below 100 ("12.3k") and none above ("512M"). */
static char *scaled(char *buf, size_t len, double v, double step,
		    const char *units)
{
	int u = 0;

	while (v >= step - 0.5 && units[u + 1]) {
		v /= step;
		u++;
	}
	if (v < 99.95)
		snprintf(buf, len, "%.1f%c", v, units[u]);
	else
		snprintf(buf, len, "%.0f%c", v, units[u]);
	return buf;
}

char *view_fmt_int(char *buf, size_t len, int64_t n)
{
	char tmp[24];
	int i = sizeof(tmp);
	uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;

	if (len == 0)
		return buf;
	do {
		tmp[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		tmp[--i] = '-';
	size_t w = sizeof(tmp) - (size_t)i;
	if (w > len - 1)
		w = len - 1;
	memcpy(buf, tmp + i, w);
	buf[w] = '\0';
	return buf;
}

char *view_fmt_ids(char *buf, size_t len, const int32_t *ids, int n)
{
	size_t used = 0;
	char one[24];

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		char *p = one + 1;
		view_fmt_int(p, sizeof(one) - 1, ids[i]);
		if (i)
			*--p = ',';
		size_t w = strlen(p);
		if (used + w >= len) {
			/* what fits, then the mark over its end */
			memcpy(buf + used, p, len - 1 - used);
			buf[len - 1] = '\0';
			memcpy(buf + (len > 4 ? len - 4 : 0), "...", len > 4 ? 3 : len - 1);
			break;
		}
		memcpy(buf + used, p, w + 1);
		used += w;
	}
	return buf;
}

char *view_fmt_count(char *buf, size_t len, int64_t n)
{
	if (n < 0)
		snprintf(buf, len, "-");
	else if (n < 10000)
		view_fmt_int(buf, len, n);
	else
		scaled(buf, len, (double)n / 1000.0, 1000.0, "kMGTPE");
	return buf;
}

char *view_fmt_rate(char *buf, size_t len, double rate)
{
	if (rate < 0)
		snprintf(buf, len, "-");
	else if (rate == 0)
		snprintf(buf, len, "0");
	else if (rate < 9.95)
		snprintf(buf, len, "%.1f", rate);
	else if (rate < 999.5)
		snprintf(buf, len, "%.0f", rate);
	else
		scaled(buf, len, rate / 1000.0, 1000.0, "kMGTPE");
	return buf;
}

char *view_fmt_bytes(char *buf, size_t len, int64_t bytes)
{
	if (bytes < 0)
		snprintf(buf, len, "-");
	else if (bytes < 1024 && len >= 6)
		strcat(view_fmt_int(buf, len, bytes), "B");
	else if (bytes < 1024)
		snprintf(buf, len, "%lldB", (long long)bytes);
	else
		scaled(buf, len, (double)bytes / 1024.0, 1024.0, "KMGTPE");
	return buf;
}

char *view_fmt_age(char *buf, size_t len, int64_t ms)
{
	int64_t s = ms / 1000;

	if (ms < 0)
		snprintf(buf, len, "-");
	else if (s < 60)
		snprintf(buf, len, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(buf, len, "%lldm", (long long)(s / 60));
	else if (s < 86400)
		snprintf(buf, len, "%lldh", (long long)(s / 3600));
	else
		snprintf(buf, len, "%lldd", (long long)(s / 86400));
	return buf;
}

int view_sparkline(char *buf, size_t len, const kd_history *h, int width, bool utf8)
{
	static const char *const blocks[8] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
	};
	static const char ascii[8] = { '_', '.', ',', '-', '=', '+', '*', '#' };
	int n = h ? h->n : 0, first, cols = 0;
	size_t used = 0;
	double max = 0;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (n > KD_HISTORY)
		n = KD_HISTORY;
	if (n > width)
		n = width;
	if (n <= 0)
		return 0;
	first = h->n > KD_HISTORY ? KD_HISTORY - n : h->n - n;
	for (int i = first; i < first + n; i++)
		if (h->v[i] > max)
			max = h->v[i];
	for (int i = first; i < first + n; i++) {
		double x = h->v[i];
		int level = max > 0 && x > 0 ? (int)(x / max * 7.0 + 0.5) : 0;
		const char *glyph;
		char one[2] = { 0, 0 };
		size_t gl;

		if (level > 7)
			level = 7;
		if (x < 0) {
			one[0] = ' ';
			glyph = one;
		} else if (utf8) {
			glyph = blocks[level];
		} else {
			one[0] = ascii[level];
			glyph = one;
		}
		gl = strlen(glyph);
		if (used + gl + 1 > len)
			break;
		memcpy(buf + used, glyph, gl);
		used += gl;
		cols++;
	}
	buf[used] = '\0';
	return cols;
}
