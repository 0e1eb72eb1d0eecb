/*
 * keys.h: key bindings as data.
 *
 * Every action kdeck can do is one row of a table (keys.c): its name,
 * default keys, help text, hint-bar label, the panes it applies to and its
 * handler.  The defaults are bound through keys_bind(), the same parser a
 * user's configuration will go through; the help overlay and the hint bar
 * are generated from the table and the live bindings.
 */
#ifndef KDECK_UI_KEYS_H
#define KDECK_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

struct kd_ui;

/* What a handler caused.  Handlers never draw: ui.c turns these into
 * dirty flags and decides what to repaint in one place. */
enum {
	KD_DID_NOTHING = 0,
	KD_DID_MOVE = 1u << 0,     /* the selection moved */
	KD_DID_TABLE = 1u << 1,    /* rows, order or filter changed */
	KD_DID_SCREEN = 1u << 2,   /* another pane or overlay: repaint all */
	KD_DID_STATUS = 1u << 3,   /* the bottom line changed */
	KD_DID_REFETCH = 1u << 4,  /* ask the collector to poll now */
	KD_DID_CLEAR = 1u << 5,    /* the terminal may be garbled: clear it */
	KD_DID_QUIT = 1u << 6,
};

typedef unsigned (*kd_handler)(struct kd_ui *ui, int arg);

/* Scopes: NULL applies everywhere, KEYS_SCOPE_TABLE to every pane showing
 * a table, any other string to the pane of that name. */
#define KEYS_SCOPE_TABLE "table"

typedef struct kd_action {
	const char *name;          /* "sort-next": what configs bind */
	const char *keys;          /* default key specs, space separated */
	const char *help;          /* one line in the help overlay */
	const char *hint;          /* label in the hint bar, or NULL */
	const char *scope;
	kd_handler handler;
	int arg;
	/* May be NULL; false hides the hint and makes the key say why not. */
	bool (*available)(struct kd_ui *ui);
} kd_action;

extern const kd_action keys_actions[];
extern const int keys_n_actions;

/* Keys are Unicode code points, or a curses KEY_* code wrapped in
 * KEYS_FN.  Enter is '\n', Esc 27, Backspace KEYS_FN(KEY_BACKSPACE). */
#define KEYS_FN(k) (0x1000000 | (k))
#define KEYS_NONE (-1)
#define KEYS_ESC 27

enum {
	KEYS_OK = 0,
	KEYS_ERR_ACTION = -1,      /* no action of that name */
	KEYS_ERR_KEY = -2,         /* the key spec does not parse */
	KEYS_ERR_FULL = -3,        /* too many bindings */
};

/* Forget every binding and bind the table's defaults.  Returns KEYS_OK or
 * the first error (a broken default is a bug: the caller aborts). */
int keys_init(void);

/* Bind one key ("q", "C-l", "^L", "Enter", "PgDn", "F5", "é") to an action.
 * A key bound to another action of the same scope is taken from it. */
int keys_bind(const char *action, const char *keyspec);
const char *keys_strerror(int rc);
/* Drop every key of a (a user's binding moves an action). */
void keys_unbind_action(const kd_action *a);

/* A key spec -> key, KEYS_NONE when it does not parse. */
int keys_parse(const char *spec);
/* A key's name as keys_parse reads it back ("C-l", "PgDn", "q"). */
char *keys_name(int key, char *buf, size_t len);

/* The action a key triggers in a pane: the pane's own binding first,
 * then a table-wide one (when the pane shows a table), then a global one. */
const kd_action *keys_lookup(int key, const char *pane, bool table);
const kd_action *keys_action(const char *name);
/* Whether an action applies to a pane. */
bool keys_in_scope(const kd_action *a, const char *pane, bool table);
/* Keys bound to a, in binding order; returns how many (may exceed max). */
int keys_of(const kd_action *a, int *out, int max);

/* Read one key from curses without waiting; KEYS_NONE when there is none.
 * Normalises Return/KEY_ENTER to '\n' and DEL/^H to Backspace. */
int keys_read(void);

#endif
