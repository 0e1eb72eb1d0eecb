/*
 * ini.h: the line reader under kdeck's config and theme files.
 *
 * Both formats are lines of `key = value`, `[section]` or
 * `[section name]` headers, blank lines and `#` comments.  This reader
 * knows the syntax only: it hands out one item at a time with the line
 * and column (1-based, in characters) of every part, so that the parsers
 * above it can say exactly where a meaning went wrong.  It never
 * allocates and never reads past the length it was given.
 */
#ifndef KDECK_INI_H
#define KDECK_INI_H

#include <stdbool.h>
#include <stddef.h>

#define INI_KEY_MAX 128            /* key, section and section name */
#define INI_VALUE_MAX 1024         /* a value, unescaped, with its NUL */

/* Where and why a file is wrong; "FILE:LINE:COL: MSG" with ini_error_format. */
typedef struct kd_ini_error {
	char file[256];
	int line, col;
	char msg[200];
} kd_ini_error;

typedef enum kd_ini_kind {
	INI_END,                   /* no more items */
	INI_SECTION,               /* key: the section, arg: its name or "" */
	INI_ENTRY,                 /* key = value */
	INI_ERROR,                 /* syntax error; see kd_ini.err */
} kd_ini_kind;

typedef struct kd_ini_item {
	kd_ini_kind kind;
	int line;
	int key_col;
	char key[INI_KEY_MAX];
	int arg_col;               /* INI_SECTION: column of arg */
	char arg[INI_KEY_MAX];
	int value_col;             /* INI_ENTRY: column of the value's first character */
	bool quoted;               /* the value was written "in quotes" */
	char value[INI_VALUE_MAX];
	/* The source column of each byte of value (escapes shift them), so a
	 * mistake inside a value can be pointed at; past the end: the column
	 * after the value. */
	int value_cols[INI_VALUE_MAX];
} kd_ini_item;

typedef struct kd_ini {
	const char *text;
	size_t len, pos;
	int line;                  /* of the next line to read */
	kd_ini_error err;          /* filled when an INI_ERROR is returned */
} kd_ini;

/* Read text[0..len) (need not be NUL terminated); file names it in errors. */
void ini_open(kd_ini *r, const char *text, size_t len, const char *file);
/* The next item; INI_ERROR stops the reader (every later call repeats it). */
kd_ini_kind ini_next(kd_ini *r, kd_ini_item *it);

/* Fill e with file, line, col and a printf message. */
void ini_error_set(kd_ini_error *e, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* "FILE:LINE:COL: MSG" into buf; returns buf. */
char *ini_error_format(const kd_ini_error *e, char *buf, size_t len);

/* Read a whole file (at most max bytes) into a malloc'd buffer; on error
 * fills e (line and col 0) and returns NULL. */
char *ini_read_file(const char *path, size_t max, size_t *len, kd_ini_error *e);

#endif
