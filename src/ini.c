/* ini.c: the line reader of config and theme files; see ini.h. */
#include "config.h"

#include "ini.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void ini_error_set(kd_ini_error *e, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;

	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	e->line = line;
	e->col = col;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

char *ini_error_format(const kd_ini_error *e, char *buf, size_t len)
{
	if (e->line > 0)
		snprintf(buf, len, "%s:%d:%d: %s", e->file, e->line, e->col, e->msg);
	else
		snprintf(buf, len, "%s: %s", e->file, e->msg);
	return buf;
}

void ini_open(kd_ini *r, const char *text, size_t len, const char *file)
{
	memset(r, 0, sizeof(*r));
	r->text = text;
	r->len = len;
	r->line = 1;
	snprintf(r->err.file, sizeof(r->err.file), "%s", file ? file : "");
}

/* One line being read: its bytes, and the column of each byte. */
typedef struct line_ctx {
	kd_ini *r;
	const char *s;
	size_t n;
	int line;
	int *cols;                     /* n + 1 entries */
} line_ctx;

static kd_ini_kind fail(line_ctx *l, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The reader stops at its first error: once r->err.line is set every
 * later call returns INI_ERROR. */
static kd_ini_kind fail(line_ctx *l, size_t at, const char *fmt, ...)
{
	va_list ap;

	l->r->err.line = l->line;
	l->r->err.col = l->cols[at > l->n ? l->n : at];
	va_start(ap, fmt);
	vsnprintf(l->r->err.msg, sizeof(l->r->err.msg), fmt, ap);
	va_end(ap);
	l->r->pos = l->r->len;
	return INI_ERROR;
}

/* Length of a valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t k;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		k = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		k = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		k = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (k > n)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return k;
}

/* Columns of every byte, and the first byte that has no business in a
 * text file (a control character, bad UTF-8), checked before parsing so
 * every later error can point at a column. */
static kd_ini_kind check_line(line_ctx *l)
{
	const unsigned char *u = (const unsigned char *)l->s;
	int col = 1;
	size_t i = 0;

	while (i < l->n) {
		size_t k = utf8_len(u + i, l->n - i);

		if (k == 0) {
			l->cols[i] = col;
			for (size_t j = i + 1; j <= l->n; j++)
				l->cols[j] = col + 1;
			return fail(l, i, "invalid UTF-8");
		}
		for (size_t j = 0; j < k; j++)
			l->cols[i + j] = col;
		if (k == 1 && (u[i] < 0x20 || u[i] == 0x7f) && u[i] != '\t') {
			for (size_t j = i + 1; j <= l->n; j++)
				l->cols[j] = col + 1;
			return fail(l, i, "control character 0x%02x", u[i]);
		}
		i += k;
		col++;
	}
	l->cols[l->n] = col;
	return INI_END;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

static size_t skip_space(const line_ctx *l, size_t i)
{
	while (i < l->n && is_space(l->s[i]))
		i++;
	return i;
}

/* A word (letters, digits, '_', '-', '.') at i into out; returns the
 * index after it, or (size_t)-1 when it is too long. */
static size_t read_word(const line_ctx *l, size_t i, char *out, size_t max)
{
	size_t start = i;

	while (i < l->n && is_word(l->s[i]))
		i++;
	if (i - start >= max)
		return (size_t)-1;
	memcpy(out, l->s + start, i - start);
	out[i - start] = '\0';
	return i;
}

/* Nothing but blanks and a comment may follow at i. */
static bool rest_is_empty(const line_ctx *l, size_t i)
{
	i = skip_space(l, i);
	return i == l->n || l->s[i] == '#';
}

static kd_ini_kind section(line_ctx *l, size_t i, kd_ini_item *it)
{
	size_t end;

	it->kind = INI_SECTION;
	i = skip_space(l, i + 1);
	it->key_col = l->cols[i];
	end = read_word(l, i, it->key, sizeof(it->key));
	if (end == (size_t)-1)
		return fail(l, i, "section name too long");
	if (end == i)
		return fail(l, i, "expected a section name after '['");
	i = skip_space(l, end);
	if (i < l->n && l->s[i] != ']') {
		it->arg_col = l->cols[i];
		end = read_word(l, i, it->arg, sizeof(it->arg));
		if (end == (size_t)-1)
			return fail(l, i, "name too long");
		if (end == i)
			return fail(l, i, "a name may hold only letters, digits, '.', '_' and '-'");
		i = skip_space(l, end);
	}
	if (i >= l->n || l->s[i] != ']')
		return fail(l, i, "expected ']'");
	if (!rest_is_empty(l, i + 1))
		return fail(l, skip_space(l, i + 1), "unexpected text after ']'");
	return INI_SECTION;
}

/* A "quoted" value: \" \\ \n \t escapes; a comment may follow. */
static kd_ini_kind quoted(line_ctx *l, size_t i, kd_ini_item *it)
{
	size_t open = i, n = 0;

	it->quoted = true;
	for (i++; i < l->n && l->s[i] != '"'; i++) {
		size_t at = i;
		char c = l->s[i];

		if (c == '\\') {
			if (++i >= l->n)
				break;
			switch (l->s[i]) {
			case '"': c = '"'; break;
			case '\\': c = '\\'; break;
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			default:
				return fail(l, at, "unknown escape '\\%c' (use \\\" \\\\ \\n or \\t)",
					    l->s[i]);
			}
		}
		if (n + 1 >= sizeof(it->value))
			return fail(l, at, "value too long (at most %d bytes)", INI_VALUE_MAX - 1);
		it->value_cols[n] = l->cols[at];
		it->value[n++] = c;
	}
	if (i >= l->n)
		return fail(l, open, "unterminated string: no closing '\"'");
	it->value[n] = '\0';
	it->value_cols[n] = l->cols[i];
	if (!rest_is_empty(l, i + 1))
		return fail(l, skip_space(l, i + 1), "unexpected text after the closing quote");
	return INI_ENTRY;
}

static kd_ini_kind entry(line_ctx *l, size_t i, kd_ini_item *it)
{
	size_t end, vend;

	it->kind = INI_ENTRY;
	it->key_col = l->cols[i];
	end = read_word(l, i, it->key, sizeof(it->key));
	if (end == (size_t)-1)
		return fail(l, i, "key too long");
	if (end == i)
		return fail(l, i, "expected a key, a [section] or a # comment");
	i = skip_space(l, end);
	if (i >= l->n || l->s[i] != '=')
		return fail(l, i, "expected '=' after %s", it->key);
	i = skip_space(l, i + 1);
	it->value_col = l->cols[i];
	if (i < l->n && l->s[i] == '"')
		return quoted(l, i, it);
	/* Unquoted: to the end of the line or a comment, a '#' with a blank
	 * (or nothing) on both sides, so that #268bd2 stays a colour. */
	vend = i;
	while (vend < l->n && !(l->s[vend] == '#' && (vend == i || is_space(l->s[vend - 1])) &&
				(vend + 1 == l->n || is_space(l->s[vend + 1]))))
		vend++;
	while (vend > i && is_space(l->s[vend - 1]))
		vend--;
	if (vend - i >= sizeof(it->value))
		return fail(l, i + sizeof(it->value) - 1, "value too long (at most %d bytes)",
			    INI_VALUE_MAX - 1);
	memcpy(it->value, l->s + i, vend - i);
	it->value[vend - i] = '\0';
	for (size_t k = 0; k <= vend - i; k++)
		it->value_cols[k] = l->cols[i + k];
	return INI_ENTRY;
}

kd_ini_kind ini_next(kd_ini *r, kd_ini_item *it)
{
	int *cols = NULL;
	kd_ini_kind k = INI_END;

	if (r->err.line)
		return INI_ERROR;
	while (r->pos < r->len) {
		const char *s = r->text + r->pos;
		const char *nl = memchr(s, '\n', r->len - r->pos);
		size_t n = nl ? (size_t)(nl - s) : r->len - r->pos;
		line_ctx l = { r, s, n, r->line, NULL };
		size_t i;

		r->pos += n + (nl ? 1 : 0);
		r->line++;
		if (l.n > 0 && l.s[l.n - 1] == '\r')
			l.n--;
		free(cols);
		cols = malloc((l.n + 1) * sizeof(*cols));
		if (!cols)
			abort();
		l.cols = cols;
		memset(it, 0, offsetof(kd_ini_item, value_cols));
		it->line = l.line;
		if (check_line(&l) == INI_ERROR) {
			k = INI_ERROR;
			break;
		}
		i = skip_space(&l, 0);
		if (i == l.n || l.s[i] == '#')
			continue;
		k = l.s[i] == '[' ? section(&l, i, it) : entry(&l, i, it);
		break;
	}
	free(cols);
	return k;
}

char *ini_read_file(const char *path, size_t max, size_t *len, kd_ini_error *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t n = 0;

	if (fd < 0) {
		ini_error_set(e, path, 0, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		ini_error_set(e, path, 0, 0, "is a directory");
		return NULL;
	}
	buf = malloc(max + 1);
	if (!buf)
		abort();
	for (;;) {
		ssize_t got = read(fd, buf + n, max + 1 - n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			ini_error_set(e, path, 0, 0, "cannot read: %s", strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max) {
			ini_error_set(e, path, 0, 0, "too large (more than %zu bytes)", max);
			free(buf);
			close(fd);
			return NULL;
		}
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}
