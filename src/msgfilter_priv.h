/*
 * msgfilter_priv.h: the compiled form of a filter, shared by the parser
 * (msgfilter.c) and the evaluator (msgfilter_eval.c).
 */
#ifndef KDECK_MSGFILTER_PRIV_H
#define KDECK_MSGFILTER_PRIV_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "msgfilter.h"

/* Tokens; the comparison ones are also a condition's operator. */
typedef enum tk_kind {
	TK_END, TK_LPAREN, TK_RPAREN, TK_WORD, TK_STRING, TK_REGEX,
	TK_COLON, TK_TILDE, TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE,
	TK_AND, TK_OR, TK_NOT,
} tk_kind;

typedef enum field_kind {
	F_ANY,                   /* key, value or any header value */
	F_KEY, F_VALUE, F_TOPIC, F_HEADER, F_PARTITION, F_OFFSET,
} field_kind;

typedef struct path_seg {
	const char *name;        /* NULL for an array index */
	long index;
} path_seg;

typedef struct field {
	field_kind kind;
	const char *hname;       /* F_HEADER: this name only; NULL: any */
	const path_seg *path;    /* F_KEY/F_VALUE: a JSON path; NULL: the bytes */
	int n_path;
} field;

typedef enum lit_kind { L_NULL, L_BOOL, L_NUM, L_STR } lit_kind;

typedef struct literal {
	lit_kind kind;
	bool b;
	double num;
	bool is_int;             /* num is exactly the integer i */
	long long i;
	const char *s;
	size_t len;
} literal;

typedef enum node_kind { N_TRUE, N_AND, N_OR, N_NOT, N_CONTAINS, N_REGEX, N_CMP } node_kind;

typedef struct node {
	node_kind kind;
	struct node **kids;      /* AND, OR: n_kids; NOT: one */
	int n_kids;
	field f;
	const char *text;        /* CONTAINS: needle; REGEX: pattern */
	size_t text_len;
	bool icase;
	const regex_t *re;
	tk_kind op;              /* CMP */
	literal lit;
} node;

typedef struct re_list {
	regex_t re;
	struct re_list *next;
} re_list;

struct msgfilter {
	kd_arena arena;
	node *root;
	re_list *regexes;
};

/* The shortest "%g" text that reads back as d. */
void msgfilter_fmt_num(char *dst, size_t len, double d);
/* Evaluate a compiled tree against one message. */
bool msgfilter_eval_root(const node *root, const kd_msg *m);

#endif
