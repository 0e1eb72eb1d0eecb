/*
 * form.h: a form's fields without curses (ui/pane_form.c draws it and feeds
 * it keys): labelled text fields, one focused, a check per field whose
 * message shows under it, completion from a list (config keys), and submit
 * only when every field passes.  Keys are Unicode code points; the few
 * editing keys are the FORM_KEY_* below.
 */
#ifndef KDECK_FORM_H
#define KDECK_FORM_H

#include <stdbool.h>
#include <stddef.h>

#define FORM_MAX_FIELDS 8
#define FORM_VALUE_MAX 512

enum {
	FORM_KEY_TAB = '\t', FORM_KEY_ENTER = '\n', FORM_KEY_ESC = 27,
	FORM_KEY_BACKSPACE = 127, FORM_KEY_BACKTAB = -2, FORM_KEY_COMPLETE = -3,
};

typedef enum form_result {
	FORM_EDITING, FORM_SUBMITTED, FORM_CANCELLED,
} form_result;

typedef struct form_field {
	const char *label;
	const char *hint;                   /* shown dimmed when empty */
	char value[FORM_VALUE_MAX];
	/* 0, or -1 with the message (may be NULL: anything goes) */
	int (*check)(const char *value, void *ctx, char *err, size_t errlen);
	const char *const *completions;     /* NULL-ended, for the last word */
	char error[256];
} form_field;

typedef struct kd_form {
	const char *title;
	form_field fields[FORM_MAX_FIELDS];
	int n_fields;
	int focus;
	void *ctx;                          /* given to the checks */
} kd_form;

/* A field; returns it for the caller to fill value, check, completions. */
form_field *form_add(kd_form *f, const char *label, const char *hint, const char *value);

/* One key: edit the focused field, Tab / BackTab move, the complete key
 * completes its last word, Enter checks every field and submits when all
 * pass (else focuses the first that fails), Esc cancels. */
form_result form_key(kd_form *f, int key);

/* Line editing shared with the ':' and '/' prompts: append the code
 * point c as UTF-8 if it fits; drop the last code point. */
void form_text_append(char *s, size_t size, int c);
void form_text_erase(char *s);

/* Check every field now; the number that fail. */
int form_check(kd_form *f);

#endif
