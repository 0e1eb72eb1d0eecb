/*
 * msgfilter.c: lexer, recursive-descent parser and dump of the message
 * filter language (grammar in doc/tail-format.md):
 *
 *   filter    := or-expr | (nothing)
 *   or-expr   := and-expr ("or" and-expr)*
 *   and-expr  := unary ("and" unary)*
 *   unary     := "not" unary | primary
 *   primary   := "(" or-expr ")" | WORD | STRING | REGEX
 *              | FIELD ":" (WORD | STRING | REGEX)
 *              | FIELD "~" (REGEX | STRING)
 *              | FIELD ("==" | "=" | "!=" | "<" | "<=" | ">" | ">=") VALUE
 *
 * The compiled tree lives in one arena; regexes are compiled once with
 * regcomp and freed with the filter.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "msgfilter.h"
#include "msgfilter_priv.h"
#include "msgfmt.h"

#define MAX_DEPTH 64            /* nested parentheses and 'not's */

/* ---- tokens ------------------------------------------------------ */

typedef struct token {
	tk_kind kind;
	size_t pos, end;         /* bytes of the source it covers */
	const char *text;        /* WORD, keywords, STRING, REGEX: NUL-terminated */
	size_t len;
	bool icase;              /* REGEX with the i flag */
} token;

typedef struct parser {
	const char *src;
	size_t srclen;
	token *toks;
	size_t n_toks, cur;
	msgfilter *f;
	int depth;
	char *err;
	size_t errlen;
	int *err_col;
	bool failed;
} parser;

/* ---- errors ------------------------------------------------------ */

static int column_of(const char *s, size_t pos)
{
	int col = 1;
	for (size_t i = 0; i < pos; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			col++;
	return col;
}

/* Record the first error, at byte pos of the source. */
static void fail(parser *p, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(parser *p, size_t pos, const char *fmt, ...)
{
	if (p->failed)
		return;
	p->failed = true;
	int col = column_of(p->src, pos);
	if (p->err_col)
		*p->err_col = col;
	if (!p->err || !p->errlen)
		return;
	int n = snprintf(p->err, p->errlen, "column %d: ", col);
	if (n < 0 || (size_t)n >= p->errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

/* How a token reads in an error message: 'word', '>', a string... */
static const char *tok_desc(const parser *p, const token *t, char *buf, size_t len)
{
	switch (t->kind) {
	case TK_END: return "the end of the filter";
	case TK_STRING: return "a quoted string";
	case TK_REGEX: return "a /regex/";
	default: break;
	}
	msgfmt_buf b;
	msgfmt_buf_init(&b);
	size_t n = t->end - t->pos;
	msgfmt_opts o = { .max_bytes = 24 };
	msgfmt_escape(&b, p->src + t->pos, n, &o, MSGFMT_C_PLAIN);
	snprintf(buf, len, "'%s'", b.data);
	msgfmt_buf_free(&b);
	return buf;
}

static const char *op_name(tk_kind k)
{
	switch (k) {
	case TK_COLON: return ":";
	case TK_TILDE: return "~";
	case TK_EQ: return "==";
	case TK_NE: return "!=";
	case TK_LT: return "<";
	case TK_LE: return "<=";
	case TK_GT: return ">";
	case TK_GE: return ">=";
	case TK_AND: return "and";
	case TK_OR: return "or";
	case TK_NOT: return "not";
	case TK_LPAREN: return "(";
	case TK_RPAREN: return ")";
	default: return "?";
	}
}

/* ---- lexer ------------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Does a bare word end before s[i]? */
static bool word_ends(const char *s, size_t i)
{
	char c = s[i];
	return c == '\0' || is_space(c) || strchr("()\":~<>=", c) ||
	       (c == '!' && s[i + 1] == '=');
}

static int hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A "quoted string" starting at s[i]; escapes \" \\ \n \t \r \xNN. */
static bool lex_string(parser *p, size_t i, token *t)
{
	const char *s = p->src;
	char *out = arena_alloc(&p->f->arena, p->srclen - i);
	size_t n = 0, j = i + 1;
	for (;;) {
		char c = s[j];
		if (c == '\0') {
			fail(p, i, "unterminated string (add a closing '\"')");
			return false;
		}
		if (c == '"')
			break;
		if (c != '\\') {
			out[n++] = c;
			j++;
			continue;
		}
		char e = s[j + 1];
		switch (e) {
		case '"': out[n++] = '"'; j += 2; break;
		case '\\': out[n++] = '\\'; j += 2; break;
		case 'n': out[n++] = '\n'; j += 2; break;
		case 't': out[n++] = '\t'; j += 2; break;
		case 'r': out[n++] = '\r'; j += 2; break;
		case 'x': {
			int h1 = hexdigit(s[j + 2]), h2 = h1 >= 0 ? hexdigit(s[j + 3]) : -1;
			if (h1 < 0 || h2 < 0) {
				fail(p, j, "'\\x' needs two hex digits");
				return false;
			}
			out[n++] = (char)(h1 * 16 + h2);
			j += 4;
			break;
		}
		default:
			if (e == '\0') {
				fail(p, i, "unterminated string (add a closing '\"')");
				return false;
			}
			fail(p, j, "unknown escape '\\%c' in a string "
			     "(known: \\\" \\\\ \\n \\t \\r \\xNN)", isprint((unsigned char)e) ? e : '?');
			return false;
		}
	}
	t->kind = TK_STRING;
	t->text = out;
	t->len = n;
	t->end = j + 1;
	return true;
}

/* A /regex/flags starting at s[i]; "\/" stands for a slash. */
static bool lex_regex(parser *p, size_t i, token *t)
{
	const char *s = p->src;
	char *out = arena_alloc(&p->f->arena, p->srclen - i);
	size_t n = 0, j = i + 1;
	for (;;) {
		char c = s[j];
		if (c == '\0') {
			fail(p, i, "unterminated regex (add a closing '/')");
			return false;
		}
		if (c == '/')
			break;
		if (c == '\\' && s[j + 1] == '/') {
			out[n++] = '/';
			j += 2;
		} else if (c == '\\' && s[j + 1] != '\0') {
			out[n++] = c;
			out[n++] = s[j + 1];
			j += 2;
		} else {
			out[n++] = c;
			j++;
		}
	}
	if (n == 0) {
		fail(p, i, "empty regex");
		return false;
	}
	j++;
	t->icase = false;
	while (!word_ends(s, j)) {
		if (s[j] != 'i') {
			fail(p, j, "unknown regex flag '%c' (only 'i' is supported; "
			     "quote text that starts with '/')",
			     isprint((unsigned char)s[j]) ? s[j] : '?');
			return false;
		}
		t->icase = true;
		j++;
	}
	t->kind = TK_REGEX;
	t->text = out;
	t->len = n;
	t->end = j;
	return true;
}

/* Split the whole source into tokens up front, so the parser can look
 * one token ahead (a WORD followed by ':' is a field) without re-lexing. */
static bool lex(parser *p)
{
	const char *s = p->src;
	/* never more tokens than bytes, plus TK_END */
	p->toks = arena_calloc(&p->f->arena, p->srclen + 1, sizeof(token));
	size_t i = 0;
	for (;;) {
		while (is_space(s[i]))
			i++;
		token *t = &p->toks[p->n_toks];
		*t = (token){ .pos = i, .end = i + 1 };
		char c = s[i];
		if (c == '\0') {
			t->kind = TK_END;
			t->end = i;
			p->n_toks++;
			return true;
		}
		switch (c) {
		case '(': t->kind = TK_LPAREN; break;
		case ')': t->kind = TK_RPAREN; break;
		case ':': t->kind = TK_COLON; break;
		case '~': t->kind = TK_TILDE; break;
		case '=':
			t->kind = TK_EQ;
			if (s[i + 1] == '=')
				t->end++;
			break;
		case '<':
		case '>':
			t->kind = c == '<' ? TK_LT : TK_GT;
			if (s[i + 1] == '=') {
				t->kind = c == '<' ? TK_LE : TK_GE;
				t->end++;
			}
			break;
		case '"':
			if (!lex_string(p, i, t))
				return false;
			break;
		case '/':
			if (!lex_regex(p, i, t))
				return false;
			break;
		default:
			if (c == '!' && s[i + 1] == '=') {
				t->kind = TK_NE;
				t->end++;
				break;
			}
			size_t j = i;
			while (!word_ends(s, j))
				j++;
			t->end = j;
			t->kind = TK_WORD;
			t->text = arena_strndup(&p->f->arena, s + i, j - i);
			t->len = j - i;
			if (strcasecmp(t->text, "and") == 0)
				t->kind = TK_AND;
			else if (strcasecmp(t->text, "or") == 0)
				t->kind = TK_OR;
			else if (strcasecmp(t->text, "not") == 0)
				t->kind = TK_NOT;
			break;
		}
		i = t->end;
		p->n_toks++;
	}
}

/* ---- parser ------------------------------------------------------ */

static token *peek(parser *p)
{
	return &p->toks[p->cur];
}

static token *peek2(parser *p)
{
	return p->toks[p->cur].kind == TK_END ? &p->toks[p->cur] : &p->toks[p->cur + 1];
}

static token *advance(parser *p)
{
	token *t = &p->toks[p->cur];
	if (t->kind != TK_END)
		p->cur++;
	return t;
}

static bool is_cmp(tk_kind k)
{
	return k == TK_EQ || k == TK_NE || k == TK_LT || k == TK_LE || k == TK_GT || k == TK_GE;
}

/* A token that can stand for a value on the right of an operator. */
static bool is_valueish(tk_kind k)
{
	return k == TK_WORD || k == TK_STRING || k == TK_AND || k == TK_OR || k == TK_NOT;
}

static node *new_node(parser *p, node_kind kind)
{
	node *n = arena_alloc(&p->f->arena, sizeof(*n));
	n->kind = kind;
	return n;
}

/*
 * How many nodes glibc's regcomp will build for an extended regex, roughly:
 * it copies an atom once for '+' and n times for "{m,n}", and a quantifier
 * on a quantified atom multiplies, so "a++++..." or "((a{99}){99}){99}"
 * takes gigabytes from a line the operator typed (its epsilon closures are
 * quadratic in the node count on top).  Counted before regcomp sees the
 * pattern; saturates at REGEX_COST_MAX + 1.
 */
#define REGEX_COST_MAX 1000
#define REGEX_LEN_MAX 1024

static long re_cost_seq(const char **pp, int depth);

static long re_mul(long a, long b)
{
	return a > (REGEX_COST_MAX + 1) / (b ? b : 1) ? REGEX_COST_MAX + 1 : a * b;
}

/* One atom (a character, a bracket expression, an escape or a group). */
static long re_cost_atom(const char **pp, int depth)
{
	const char *q = *pp;
	long c = 1;
	if (*q == '(') {
		q++;
		c = depth > 32 ? REGEX_COST_MAX + 1 : re_cost_seq(&q, depth + 1) + 1;
		if (*q == ')')
			q++;
	} else if (*q == '[') {
		q++;
		if (*q == '^')
			q++;
		if (*q == ']')
			q++;
		while (*q && *q != ']') {
			if (q[0] == '[' && (q[1] == ':' || q[1] == '.' || q[1] == '=')) {
				char close = q[1];
				q += 2;
				while (*q && !(q[0] == close && q[1] == ']'))
					q++;
				if (*q)
					q += 2;
			} else {
				q++;
			}
		}
		if (*q)
			q++;
	} else if (*q == '\\' && q[1]) {
		q += 2;
	} else {
		q++;
	}
	*pp = q;
	return c;
}

/* A quantifier's factor: how many copies of its atom regcomp makes. */
static long re_factor(const char **pp)
{
	const char *q = *pp;
	if (*q == '*' || *q == '?') {
		*pp = q + 1;
		return 1;
	}
	if (*q == '+') {
		*pp = q + 1;
		return 2;
	}
	/* "{m}", "{m,}", "{m,n}" */
	long m = 0, n = -1;
	q++;
	while (*q >= '0' && *q <= '9' && m <= REGEX_COST_MAX)
		m = m * 10 + (*q++ - '0');
	if (*q == ',') {
		q++;
		if (*q >= '0' && *q <= '9') {
			n = 0;
			while (*q >= '0' && *q <= '9' && n <= REGEX_COST_MAX)
				n = n * 10 + (*q++ - '0');
		}
	}
	while (*q && *q != '}')
		q++;
	if (*q)
		q++;
	*pp = q;
	long f = (n > m ? n : m) + 1;
	return f > REGEX_COST_MAX ? REGEX_COST_MAX + 1 : f;
}

static bool re_is_quant(const char *q)
{
	return *q == '*' || *q == '+' || *q == '?' || (*q == '{' && q[1] >= '0' && q[1] <= '9');
}

static long re_cost_seq(const char **pp, int depth)
{
	long total = 0;
	const char *q = *pp;
	while (*q && *q != ')') {
		if (*q == '|' || *q == '^' || *q == '$') {
			q++;
			total++;
			continue;
		}
		long c = re_cost_atom(&q, depth);
		int stacked = 0;
		while (re_is_quant(q)) {
			c = re_mul(c, re_factor(&q));
			/* "a+?", "a??": nothing a single one could not say,
			 * and regcomp's closures grow exponentially with them */
			if (++stacked > 1)
				c = REGEX_COST_MAX + 1;
		}
		total += c;
		if (total > REGEX_COST_MAX)
			break;
	}
	*pp = q;
	return total > REGEX_COST_MAX ? REGEX_COST_MAX + 1 : total;
}

static long regex_cost(const char *pat)
{
	long total = 0;
	const char *q = pat;
	while (*q && total <= REGEX_COST_MAX) {
		total += re_cost_seq(&q, 0);
		if (*q == ')')
			q++;            /* an unbalanced ')': regcomp will say so */
	}
	return total;
}

static const regex_t *compile_regex(parser *p, const token *at, const char *pat,
                                    size_t len, bool icase)
{
	if (strlen(pat) != len) {
		fail(p, at->pos, "a regex cannot contain a NUL byte");
		return NULL;
	}
	if (len == 0) {
		fail(p, at->pos, "empty regex");
		return NULL;
	}
	if (len > REGEX_LEN_MAX || regex_cost(pat) > REGEX_COST_MAX) {
		fail(p, at->pos, "regex too complex (nested or stacked repetitions); "
		     "simplify it");
		return NULL;
	}
	re_list *r = arena_alloc(&p->f->arena, sizeof(*r));
	int rc = regcomp(&r->re, pat, REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0));
	if (rc != 0) {
		char msg[128];
		regerror(rc, &r->re, msg, sizeof(msg));
		fail(p, at->pos, "bad regex: %s", msg);
		return NULL;
	}
	r->next = p->f->regexes;
	p->f->regexes = r;
	return &r->re;
}

static node *contains_node(parser *p, field f, const token *t)
{
	node *n = new_node(p, N_CONTAINS);
	n->f = f;
	n->text = t->text;
	n->text_len = t->len;
	/* smart case: a pattern without capitals ignores ASCII case */
	n->icase = true;
	for (size_t i = 0; i < t->len; i++)
		if (t->text[i] >= 'A' && t->text[i] <= 'Z')
			n->icase = false;
	return n;
}

static node *regex_node(parser *p, field f, const token *t, bool icase)
{
	node *n = new_node(p, N_REGEX);
	n->f = f;
	n->text = t->text;
	n->text_len = t->len;
	n->icase = icase;
	n->re = compile_regex(p, t, t->text, t->len, icase);
	return n->re ? n : NULL;
}

/* Parse the JSON path after "key" or "value": .name, [index]. */
static bool parse_path(parser *p, const token *t, size_t skip, field *f)
{
	const char *w = t->text + skip;
	size_t n = t->len - skip;
	if (n == 0)
		return true;
	path_seg *segs = arena_calloc(&p->f->arena, n, sizeof(*segs));
	int count = 0;
	size_t i = 0;
	while (i < n) {
		size_t at = t->pos + skip + i;
		if (w[i] == '.') {
			size_t start = ++i;
			while (i < n && w[i] != '.' && w[i] != '[' && w[i] != ']')
				i++;
			if (i == start) {
				fail(p, at, "expected a field name after '.'");
				return false;
			}
			segs[count++].name = arena_strndup(&p->f->arena, w + start, i - start);
		} else if (w[i] == '[') {
			i++;
			bool neg = i < n && w[i] == '-';
			if (neg)
				i++;
			long v = 0;
			size_t digits = 0;
			while (i < n && w[i] >= '0' && w[i] <= '9' && digits < 9) {
				v = v * 10 + (w[i] - '0');
				i++;
				digits++;
			}
			if (!digits || i >= n || w[i] != ']') {
				fail(p, at, "expected an array index like [0] or [-1]");
				return false;
			}
			i++;
			segs[count].name = NULL;
			segs[count++].index = neg ? -v : v;
		} else {
			fail(p, at, "expected '.' or '[' in a field path");
			return false;
		}
	}
	f->path = segs;
	f->n_path = count;
	return true;
}

/* Is word w (length n) name, or name followed by '.' or '['? */
static bool field_prefix(const char *w, size_t n, const char *name)
{
	size_t l = strlen(name);
	return n >= l && strncasecmp(w, name, l) == 0 &&
	       (n == l || w[l] == '.' || w[l] == '[');
}

/* Which part of a message a WORD before an operator names. */
static bool parse_field(parser *p, const token *t, tk_kind op, field *f)
{
	const char *w = t->text;
	size_t n = t->len;
	memset(f, 0, sizeof(*f));
	if (field_prefix(w, n, "key")) {
		f->kind = F_KEY;
		return parse_path(p, t, 3, f);
	}
	if (field_prefix(w, n, "value")) {
		f->kind = F_VALUE;
		return parse_path(p, t, 5, f);
	}
	if (strcasecmp(w, "topic") == 0) {
		f->kind = F_TOPIC;
		return true;
	}
	if (strcasecmp(w, "partition") == 0) {
		f->kind = F_PARTITION;
		return true;
	}
	if (strcasecmp(w, "offset") == 0) {
		f->kind = F_OFFSET;
		return true;
	}
	if (strcasecmp(w, "header") == 0 || strcasecmp(w, "headers") == 0) {
		f->kind = F_HEADER;
		return true;
	}
	if (n >= 7 && strncasecmp(w, "header.", 7) == 0) {
		if (n == 7) {
			fail(p, t->pos + 7, "expected a header name after 'header.'");
			return false;
		}
		f->kind = F_HEADER;
		f->hname = w + 7;
		return true;
	}
	char desc[64];
	fail(p, t->pos, "unknown field %s (fields: key, value, topic, partition, offset, "
	     "header, header.NAME, value.PATH)%s", tok_desc(p, t, desc, sizeof(desc)),
	     op == TK_COLON ? "; quote text that contains ':'" : "");
	return false;
}

/* The value on the right of a comparison: a string, number, true,
 * false or null.  Bare words that are none of those are strings. */
static void make_literal(const token *v, literal *l)
{
	memset(l, 0, sizeof(*l));
	l->kind = L_STR;
	l->s = v->text;
	l->len = v->len;
	if (v->kind == TK_STRING)
		return;
	if (strcmp(v->text, "null") == 0) {
		l->kind = L_NULL;
		return;
	}
	if (strcmp(v->text, "true") == 0 || strcmp(v->text, "false") == 0) {
		l->kind = L_BOOL;
		l->b = v->text[0] == 't';
		return;
	}
	if (v->len == 0 || v->len > 64 || strspn(v->text, "+-0123456789.eE") != v->len)
		return;
	char *end;
	double d = strtod(v->text, &end);
	if (*end != '\0' || !isfinite(d))
		return;
	l->kind = L_NUM;
	l->num = d;
	if (d >= -9.2e18 && d <= 9.2e18 && d == floor(d)) {
		l->is_int = true;
		l->i = (long long)d;
		/* an integer written out is exact even past 2^53 */
		if (strspn(v->text, "+-0123456789") == v->len) {
			char *e2;
			long long ll = strtoll(v->text, &e2, 10);
			if (*e2 == '\0')
				l->i = ll;
		}
	}
}

/* FIELD OP VALUE, with the checks that make a wrong operator or value an
 * error at compile time instead of a filter that never matches. */
static node *parse_condition(parser *p)
{
	token *ft = advance(p);
	token *op = advance(p);
	char desc[64];
	field f;
	if (!parse_field(p, ft, op->kind, &f))
		return NULL;
	bool numeric = f.kind == F_PARTITION || f.kind == F_OFFSET;
	token *v = peek(p);
	if (op->kind == TK_COLON || op->kind == TK_TILDE) {
		if (numeric) {
			fail(p, op->pos, "'%s' takes a comparison (==, !=, <, <=, >, >=) "
			     "with a number, not '%s'", ft->text, op_name(op->kind));
			return NULL;
		}
		if (op->kind == TK_COLON && is_valueish(v->kind)) {
			advance(p);
			return contains_node(p, f, v);
		}
		if (v->kind == TK_REGEX) {
			advance(p);
			return regex_node(p, f, v, v->icase);
		}
		if (op->kind == TK_TILDE && v->kind == TK_STRING) {
			advance(p);
			return regex_node(p, f, v, false);
		}
		if (v->kind == TK_END)
			fail(p, v->pos, "expected %s after '%s'",
			     op->kind == TK_COLON ? "a value" : "a /regex/", op_name(op->kind));
		else
			fail(p, v->pos, "expected %s after '%s', found %s",
			     op->kind == TK_COLON ? "a value" : "a /regex/", op_name(op->kind),
			     tok_desc(p, v, desc, sizeof(desc)));
		return NULL;
	}
	if (!is_valueish(v->kind)) {
		if (v->kind == TK_END)
			fail(p, v->pos, "expected a value after '%s'", op_name(op->kind));
		else
			fail(p, v->pos, "expected a value after '%s', found %s",
			     op_name(op->kind), tok_desc(p, v, desc, sizeof(desc)));
		return NULL;
	}
	advance(p);
	node *n = new_node(p, N_CMP);
	n->f = f;
	n->op = op->kind;
	make_literal(v, &n->lit);
	if (numeric && n->lit.kind != L_NUM) {
		fail(p, v->pos, "'%s' compares with a number, found %s",
		     ft->text, tok_desc(p, v, desc, sizeof(desc)));
		return NULL;
	}
	if (op->kind != TK_EQ && op->kind != TK_NE &&
	    (n->lit.kind == L_NULL || n->lit.kind == L_BOOL)) {
		fail(p, v->pos, "'%s' compares numbers or strings, not %s",
		     op_name(op->kind), tok_desc(p, v, desc, sizeof(desc)));
		return NULL;
	}
	return n;
}

static node *parse_or(parser *p, const char *ctx);

/* What comes where a condition must start; ctx names the token before. */
static node *parse_primary(parser *p, const char *ctx)
{
	token *t = peek(p);
	char desc[64];
	switch (t->kind) {
	case TK_LPAREN: {
		if (++p->depth > MAX_DEPTH) {
			fail(p, t->pos, "parentheses and 'not' nest deeper than %d", MAX_DEPTH);
			return NULL;
		}
		advance(p);
		if (peek(p)->kind == TK_RPAREN) {
			fail(p, peek(p)->pos, "empty parentheses");
			return NULL;
		}
		node *e = parse_or(p, "(");
		if (!e)
			return NULL;
		token *c = peek(p);
		if (c->kind == TK_END) {
			fail(p, c->pos, "missing ')' for the '(' at column %d",
			     column_of(p->src, t->pos));
			return NULL;
		}
		if (c->kind != TK_RPAREN) {
			fail(p, c->pos, "expected 'and', 'or' or ')', found %s",
			     tok_desc(p, c, desc, sizeof(desc)));
			return NULL;
		}
		advance(p);
		p->depth--;
		return e;
	}
	case TK_STRING:
		advance(p);
		return contains_node(p, (field){ .kind = F_ANY }, t);
	case TK_REGEX:
		advance(p);
		return regex_node(p, (field){ .kind = F_ANY }, t, t->icase);
	case TK_WORD: {
		tk_kind next = peek2(p)->kind;
		if (next == TK_COLON || next == TK_TILDE || is_cmp(next))
			return parse_condition(p);
		advance(p);
		return contains_node(p, (field){ .kind = F_ANY }, t);
	}
	case TK_COLON:
	case TK_TILDE:
	case TK_EQ: case TK_NE: case TK_LT: case TK_LE: case TK_GT: case TK_GE:
		fail(p, t->pos, "expected a field name before '%s'", op_name(t->kind));
		return NULL;
	case TK_END:
		if (ctx)
			fail(p, t->pos, "expected a condition after '%s'", ctx);
		else
			fail(p, t->pos, "expected a condition");
		return NULL;
	default:
		if (ctx)
			fail(p, t->pos, "expected a condition after '%s', found %s", ctx,
			     tok_desc(p, t, desc, sizeof(desc)));
		else
			fail(p, t->pos, "expected a condition, found %s",
			     tok_desc(p, t, desc, sizeof(desc)));
		return NULL;
	}
}

/* 'not' prefixes, counted against the nesting limit like parentheses. */
static node *parse_unary(parser *p, const char *ctx)
{
	token *t = peek(p);
	if (t->kind != TK_NOT)
		return parse_primary(p, ctx);
	if (++p->depth > MAX_DEPTH) {
		fail(p, t->pos, "parentheses and 'not' nest deeper than %d", MAX_DEPTH);
		return NULL;
	}
	advance(p);
	node *k = parse_unary(p, "not");
	if (!k)
		return NULL;
	p->depth--;
	node *n = new_node(p, N_NOT);
	n->kids = arena_alloc(&p->f->arena, sizeof(node *));
	n->kids[0] = k;
	n->n_kids = 1;
	return n;
}

/* One 'and' or 'or' chain, kept flat (one node, many kids) so a long
 * chain costs no recursion depth. */
static node *parse_chain(parser *p, const char *ctx, tk_kind op, node_kind kind,
                         node *(*sub)(parser *, const char *))
{
	node *first = sub(p, ctx);
	if (!first || peek(p)->kind != op)
		return first;
	size_t cap = 4, n = 1;
	node **kids = malloc(cap * sizeof(*kids));
	if (!kids)
		abort();
	kids[0] = first;
	while (peek(p)->kind == op) {
		advance(p);
		node *k = sub(p, op_name(op));
		if (!k) {
			free(kids);
			return NULL;
		}
		if (n == cap) {
			cap *= 2;
			node **nk = realloc(kids, cap * sizeof(*kids));
			if (!nk)
				abort();
			kids = nk;
		}
		kids[n++] = k;
	}
	node *c = new_node(p, kind);
	c->kids = arena_memdup(&p->f->arena, kids, n * sizeof(*kids));
	c->n_kids = (int)n;
	free(kids);
	return c;
}

static node *parse_and(parser *p, const char *ctx)
{
	return parse_chain(p, ctx, TK_AND, N_AND, parse_unary);
}

static node *parse_or(parser *p, const char *ctx)
{
	return parse_chain(p, ctx, TK_OR, N_OR, parse_and);
}

void msgfilter_free(msgfilter *f)
{
	if (!f)
		return;
	for (re_list *r = f->regexes; r; r = r->next)
		regfree(&r->re);
	arena_free(&f->arena);
	free(f);
}

msgfilter *msgfilter_compile(const char *src, int *err_col, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (err_col)
		*err_col = 0;
	msgfilter *f = calloc(1, sizeof(*f));
	if (!f)
		abort();
	arena_init(&f->arena);
	parser p = { .src = src, .srclen = strlen(src), .f = f,
	             .err = err, .errlen = errlen, .err_col = err_col };
	if (!lex(&p))
		goto fail;
	if (peek(&p)->kind == TK_END) {
		f->root = new_node(&p, N_TRUE);
		return f;
	}
	f->root = parse_or(&p, NULL);
	if (!f->root)
		goto fail;
	token *t = peek(&p);
	if (t->kind != TK_END) {
		char desc[64];
		if (t->kind == TK_RPAREN)
			fail(&p, t->pos, "unexpected ')' (no '(' to close)");
		else
			fail(&p, t->pos, "expected 'and', 'or' or the end of the filter, found %s",
			     tok_desc(&p, t, desc, sizeof(desc)));
		goto fail;
	}
	return f;
fail:
	msgfilter_free(f);
	return NULL;
}

bool msgfilter_match(const msgfilter *f, const kd_msg *m)
{
	return msgfilter_eval_root(f->root, m);
}

/* ---- dump -------------------------------------------------------- */

static void dump_quoted(msgfmt_buf *out, const char *s, size_t n)
{
	msgfmt_opts q = { .flags = MSGFMT_QUOTE };
	msgfmt_buf_puts(out, "\"", MSGFMT_C_PLAIN);
	msgfmt_escape(out, s, n, &q, MSGFMT_C_PLAIN);
	msgfmt_buf_puts(out, "\"", MSGFMT_C_PLAIN);
}

static void dump_field(msgfmt_buf *out, const field *f)
{
	static const char *const names[] = {
		[F_ANY] = "any", [F_KEY] = "key", [F_VALUE] = "value", [F_TOPIC] = "topic",
		[F_HEADER] = "header", [F_PARTITION] = "partition", [F_OFFSET] = "offset",
	};
	msgfmt_buf_puts(out, names[f->kind], MSGFMT_C_PLAIN);
	if (f->hname) {
		msgfmt_buf_puts(out, ".", MSGFMT_C_PLAIN);
		msgfmt_escape(out, f->hname, strlen(f->hname), NULL, MSGFMT_C_PLAIN);
	}
	for (int i = 0; i < f->n_path; i++) {
		if (f->path[i].name) {
			msgfmt_buf_puts(out, ".", MSGFMT_C_PLAIN);
			msgfmt_escape(out, f->path[i].name, strlen(f->path[i].name), NULL,
			              MSGFMT_C_PLAIN);
		} else {
			msgfmt_buf_printf(out, MSGFMT_C_PLAIN, "[%ld]", f->path[i].index);
		}
	}
}

static void dump_node(msgfmt_buf *out, const node *n)
{
	switch (n->kind) {
	case N_TRUE:
		msgfmt_buf_puts(out, "(true)", MSGFMT_C_PLAIN);
		return;
	case N_AND:
	case N_OR:
	case N_NOT:
		msgfmt_buf_puts(out, n->kind == N_AND ? "(and" : n->kind == N_OR ? "(or" : "(not",
		                MSGFMT_C_PLAIN);
		for (int i = 0; i < n->n_kids; i++) {
			msgfmt_buf_puts(out, " ", MSGFMT_C_PLAIN);
			dump_node(out, n->kids[i]);
		}
		break;
	case N_CONTAINS:
	case N_REGEX:
		msgfmt_buf_printf(out, MSGFMT_C_PLAIN, "(%s%s ", n->icase ? "i" : "",
		                  n->kind == N_CONTAINS ? "contains" : "regex");
		dump_field(out, &n->f);
		msgfmt_buf_puts(out, " ", MSGFMT_C_PLAIN);
		dump_quoted(out, n->text, n->text_len);
		break;
	case N_CMP: {
		msgfmt_buf_printf(out, MSGFMT_C_PLAIN, "(%s ", op_name(n->op));
		dump_field(out, &n->f);
		msgfmt_buf_puts(out, " ", MSGFMT_C_PLAIN);
		const literal *l = &n->lit;
		char num[40];
		switch (l->kind) {
		case L_NULL: msgfmt_buf_puts(out, "null", MSGFMT_C_PLAIN); break;
		case L_BOOL: msgfmt_buf_puts(out, l->b ? "true" : "false", MSGFMT_C_PLAIN); break;
		case L_STR: dump_quoted(out, l->s, l->len); break;
		case L_NUM:
			if (l->is_int)
				msgfmt_buf_printf(out, MSGFMT_C_PLAIN, "%lld", l->i);
			else {
				msgfilter_fmt_num(num, sizeof(num), l->num);
				msgfmt_buf_puts(out, num, MSGFMT_C_PLAIN);
			}
			break;
		}
		break;
	}
	}
	msgfmt_buf_puts(out, ")", MSGFMT_C_PLAIN);
}

void msgfilter_dump(const msgfilter *f, msgfmt_buf *out)
{
	dump_node(out, f->root);
}
