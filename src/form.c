/* form.c: see form.h. */
#include "config.h"

#include "form.h"

#include <stdio.h>
#include <string.h>

form_field *form_add(kd_form *f, const char *label, const char *hint, const char *value)
{
	if (f->n_fields == FORM_MAX_FIELDS)
		return NULL;
	form_field *fd = &f->fields[f->n_fields++];
	memset(fd, 0, sizeof(*fd));
	fd->label = label;
	fd->hint = hint;
	snprintf(fd->value, sizeof(fd->value), "%s", value ? value : "");
	return fd;
}

static void check_one(kd_form *f, form_field *fd)
{
	fd->error[0] = '\0';
	if (fd->check && fd->check(fd->value, f->ctx, fd->error, sizeof(fd->error)) && !fd->error[0])
		snprintf(fd->error, sizeof(fd->error), "not valid");
}

int form_check(kd_form *f)
{
	int bad = 0;
	for (int i = 0; i < f->n_fields; i++) {
		check_one(f, &f->fields[i]);
		bad += f->fields[i].error[0] != '\0';
	}
	return bad;
}

void form_text_append(char *s, size_t size, int c)
{
	char b[4];
	int n;
	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xc0 | c >> 6);
		b[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xe0 | c >> 12);
		b[1] = (char)(0x80 | (c >> 6 & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | c >> 18);
		b[1] = (char)(0x80 | (c >> 12 & 0x3f));
		b[2] = (char)(0x80 | (c >> 6 & 0x3f));
		b[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	size_t len = strlen(s);
	if (len + (size_t)n < size) {
		memcpy(s + len, b, (size_t)n);
		s[len + (size_t)n] = '\0';
	}
}

void form_text_erase(char *s)
{
	size_t len = strlen(s);
	while (len > 0 && ((unsigned char)s[len - 1] & 0xc0) == 0x80)
		len--;
	if (len > 0)
		len--;
	s[len] = '\0';
}

/* Complete the last word (after ' ', ',' or '=') from the list: the
 * longest prefix the matches share. */
static void complete(form_field *fd)
{
	if (!fd->completions)
		return;
	char *word = fd->value + strlen(fd->value);
	while (word > fd->value && !strchr(" ,", word[-1]))
		word--;
	size_t wl = strlen(word);
	const char *first = NULL;
	size_t common = 0;
	for (const char *const *c = fd->completions; *c; c++) {
		if (strncmp(*c, word, wl))
			continue;
		if (!first) {
			first = *c;
			common = strlen(*c);
		} else {
			size_t k = 0;
			while (k < common && first[k] == (*c)[k])
				k++;
			common = k;
		}
	}
	if (!first || common <= wl)
		return;
	size_t room = sizeof(fd->value) - (size_t)(word - fd->value) - 1;
	size_t n = common < room ? common : room;
	memcpy(word, first, n);
	word[n] = '\0';
}

form_result form_key(kd_form *f, int key)
{
	if (f->n_fields == 0)
		return key == FORM_KEY_ESC ? FORM_CANCELLED : FORM_EDITING;
	form_field *fd = &f->fields[f->focus];
	switch (key) {
	case FORM_KEY_ESC:
		return FORM_CANCELLED;
	case FORM_KEY_TAB:
		check_one(f, fd);
		f->focus = (f->focus + 1) % f->n_fields;
		return FORM_EDITING;
	case FORM_KEY_BACKTAB:
		check_one(f, fd);
		f->focus = (f->focus + f->n_fields - 1) % f->n_fields;
		return FORM_EDITING;
	case FORM_KEY_COMPLETE:
		complete(fd);
		return FORM_EDITING;
	case FORM_KEY_ENTER:
		if (form_check(f) == 0)
			return FORM_SUBMITTED;
		for (int i = 0; i < f->n_fields; i++)
			if (f->fields[i].error[0]) {
				f->focus = i;
				break;
			}
		return FORM_EDITING;
	case FORM_KEY_BACKSPACE:
	case 8:
		form_text_erase(fd->value);
		fd->error[0] = '\0';
		return FORM_EDITING;
	case 'U' & 0x1f:
		fd->value[0] = '\0';
		return FORM_EDITING;
	default:
		if (key >= ' ' && key != 127 && key < 0x110000) {
			form_text_append(fd->value, sizeof(fd->value), key);
			fd->error[0] = '\0';
		}
		return FORM_EDITING;
	}
}
