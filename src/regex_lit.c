/* regex_lit.c: see regex_lit.h. */
#include "config.h"

#include "regex_lit.h"

#include <stdbool.h>
#include <string.h>

/* Where the bracket expression starting at p ('[') ends (the character
 * after ']'), or NULL when it never does.  "[]a]" and "[^]a]" hold a ']'
 * and "[[:alpha:]]" a class. */
static const char *skip_bracket(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p && *p != ']') {
		if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
			char kind = p[1];
			const char *e = p + 2;
			while (*e && !(e[0] == kind && e[1] == ']'))
				e++;
			if (!*e)
				return NULL;
			p = e + 2;
			continue;
		}
		p++;
	}
	return *p ? p + 1 : NULL;
}

/* Where the group starting at p ('(') ends (after its ')'), or NULL. */
static const char *skip_group(const char *p)
{
	int depth = 0;

	while (*p) {
		if (*p == '\\' && p[1]) {
			p += 2;
			continue;
		}
		if (*p == '[') {
			p = skip_bracket(p);
			if (!p)
				return NULL;
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p + 1;
		p++;
	}
	return NULL;
}

static bool quantifier(char c)
{
	return c == '*' || c == '+' || c == '?' || c == '{';
}

/* Characters that stand for themselves after a backslash; any other
 * escape (GNU \w \b \< ...) is an operator. */
static bool escapable(char c)
{
	return c && strchr(".[]()*+?{}|^$\\", c) != NULL;
}

/* Keep run as the answer when it is longer than the one kept. */
static void keep(const char *run, size_t n, char *buf, size_t len, size_t *best)
{
	if (n <= *best)
		return;
	*best = n;
	if (n > len - 1)
		n = len - 1;
	memcpy(buf, run, n);
	buf[n] = '\0';
}

/* Where the first '|' outside brackets and groups is, or NULL (also for
 * a bracket that never ends: regcomp refuses it). */
static const char *top_bar(const char *q, bool *bad)
{
	int depth = 0;

	*bad = false;
	while (*q) {
		if (*q == '\\' && q[1]) {
			q += 2;
			continue;
		}
		if (*q == '[') {
			q = skip_bracket(q);
			if (!q) {
				*bad = true;
				return NULL;
			}
			continue;
		}
		if (*q == '(')
			depth++;
		else if (*q == ')' && depth > 0)
			depth--;
		else if (*q == '|' && depth == 0)
			return q;
		q++;
	}
	return NULL;
}

size_t regex_required_literal(const char *pattern, char *buf, size_t len)
{
	char run[256];
	size_t n_run = 0, best = 0;
	const char *p = pattern;
	bool bad;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	/* a top-level '|' is alternation: no one text is sure (a '|' inside a
	 * group only makes the group, already no literal, an alternation) */
	if (top_bar(pattern, &bad) || bad)
		return 0;
	while (*p) {
		char lit = 0;
		const char *next;

		if (*p == '\\' && escapable(p[1])) {
			lit = p[1];
			next = p + 2;
		} else if (*p == '\\') {
			next = p[1] ? p + 2 : p + 1;    /* \w \b \1 ...: operators */
		} else if (*p == '[') {
			next = skip_bracket(p);
		} else if (*p == '(') {
			next = skip_group(p);
		} else if (*p == '{') {                 /* an interval: skip its digits */
			next = strchr(p, '}');
			next = next ? next + 1 : p + 1;
		} else if (strchr(".^$)*+?}", *p) || (unsigned char)*p >= 0x80) {
			next = p + 1;                   /* operators; multibyte bytes */
		} else {
			lit = *p;
			next = p + 1;
		}
		if (!next)
			return 0;       /* unbalanced: regcomp refuses it anyway */
		/* a quantified atom may be absent or repeated: it ends the run */
		if (!lit || quantifier(*next)) {
			keep(run, n_run, buf, len, &best);
			n_run = 0;
		} else if (n_run < sizeof(run)) {
			run[n_run++] = lit;
		}
		p = next;
	}
	keep(run, n_run, buf, len, &best);
	return strlen(buf);
}

int regex_required_literals(const char *pattern, char (*lits)[REGEX_LIT_LEN], int max)
{
	int n = 0;
	bool bad;

	for (const char *start = pattern;; ) {
		const char *bar = top_bar(start, &bad);
		size_t blen = bar ? (size_t)(bar - start) : strlen(start);
		char branch[1024];

		if (bad || n == max || blen >= sizeof(branch))
			return 0;
		memcpy(branch, start, blen);
		branch[blen] = '\0';
		/* a branch that matches without any sure text, or with one
		 * character only (nearly every row holds a digit or a letter:
		 * the search would cost more than it saves) */
		if (regex_required_literal(branch, lits[n], REGEX_LIT_LEN) < 2)
			return 0;
		n++;
		if (!bar)
			return n;
		start = bar + 1;
	}
}
