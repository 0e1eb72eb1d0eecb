/* colors.c: the default colour scheme and the element -> attribute map. */
#include "config.h"

#include "colors.h"

#include <string.h>

typedef struct scheme_entry {
	const char *name;
	kd_color_spec spec;
} scheme_entry;

#define DEF (-1)

/* The default scheme: quiet for healthy state, loud for problems.  Red
 * is kept for what needs action now (down, offline, errors), yellow for
 * what degrades (under-replicated, warnings). */
static const scheme_entry default_scheme[KD_COLOR_COUNT] = {
	[KD_COLOR_DEFAULT] = { "default", { DEF, DEF, 0, 0 } },
	[KD_COLOR_TITLE] = { "title", { COLOR_CYAN, DEF, A_BOLD, A_BOLD } },
	[KD_COLOR_HEADER_LABEL] = { "header_label", { DEF, DEF, 0, 0 } },
	[KD_COLOR_HEADER_VALUE] = { "header_value", { COLOR_CYAN, DEF, A_BOLD, A_BOLD } },
	[KD_COLOR_TAB] = { "tab", { DEF, DEF, 0, 0 } },
	[KD_COLOR_TAB_ACTIVE] = { "tab_active", { COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD } },
	[KD_COLOR_BREADCRUMB] = { "breadcrumb", { COLOR_YELLOW, DEF, A_BOLD, A_BOLD } },
	[KD_COLOR_TABLE_HEADER] = { "table_header", { COLOR_BLACK, COLOR_GREEN, 0, A_REVERSE } },
	[KD_COLOR_TABLE_SORTED] = { "table_sorted", { COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD | A_UNDERLINE } },
	[KD_COLOR_SELECTED] = { "selected", { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE } },
	[KD_COLOR_BROKER_DOWN] = { "broker_down", { COLOR_RED, DEF, A_BOLD, A_BOLD | A_UNDERLINE } },
	[KD_COLOR_UNDER_REPLICATED] = { "under_replicated", { COLOR_YELLOW, DEF, A_BOLD, A_BOLD } },
	[KD_COLOR_OFFLINE] = { "offline", { COLOR_RED, DEF, A_BOLD, A_BOLD | A_UNDERLINE } },
	[KD_COLOR_LAG_WARN] = { "lag_warn", { COLOR_YELLOW, DEF, 0, A_BOLD } },
	[KD_COLOR_LAG_ERROR] = { "lag_error", { COLOR_RED, DEF, A_BOLD, A_BOLD | A_UNDERLINE } },
	[KD_COLOR_SPARKLINE] = { "sparkline", { COLOR_GREEN, DEF, 0, 0 } },
	[KD_COLOR_INTERNAL_TOPIC] = { "internal_topic", { DEF, DEF, A_DIM, A_DIM } },
	[KD_COLOR_STATUS_OK] = { "status_ok", { COLOR_GREEN, DEF, A_BOLD, 0 } },
	[KD_COLOR_STATUS_WARN] = { "status_warn", { COLOR_YELLOW, DEF, A_BOLD, A_BOLD } },
	[KD_COLOR_STATUS_ERROR] = { "status_error", { COLOR_RED, DEF, A_BOLD, A_BOLD | A_UNDERLINE } },
	[KD_COLOR_HINT_KEY] = { "hint_key", { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE } },
	[KD_COLOR_HINT_TEXT] = { "hint_text", { DEF, DEF, 0, 0 } },
	[KD_COLOR_PROMPT] = { "prompt", { COLOR_YELLOW, DEF, A_BOLD, A_BOLD } },
	[KD_COLOR_MESSAGE] = { "message", { COLOR_CYAN, DEF, 0, 0 } },
	[KD_COLOR_MESSAGE_ERROR] = { "message_error", { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD } },
	[KD_COLOR_HELP] = { "help", { DEF, DEF, 0, 0 } },
	[KD_COLOR_HELP_KEY] = { "help_key", { COLOR_CYAN, DEF, A_BOLD, A_BOLD } },
	[KD_COLOR_HELP_SECTION] = { "help_section", { COLOR_YELLOW, DEF, A_BOLD, A_BOLD | A_UNDERLINE } },
	[KD_COLOR_EMPTY] = { "empty", { DEF, DEF, A_DIM, A_DIM } },
	[KD_COLOR_JSON_KEY] = { "json_key", { COLOR_BLUE, DEF, A_BOLD, A_BOLD } },
	[KD_COLOR_JSON_STRING] = { "json_string", { COLOR_GREEN, DEF, 0, 0 } },
	[KD_COLOR_JSON_NUMBER] = { "json_number", { COLOR_CYAN, DEF, 0, 0 } },
	[KD_COLOR_JSON_LITERAL] = { "json_literal", { COLOR_MAGENTA, DEF, 0, 0 } },
	[KD_COLOR_JSON_PUNCT] = { "json_punct", { DEF, DEF, 0, 0 } },
	[KD_COLOR_MSG_ESCAPE] = { "msg_escape", { COLOR_RED, DEF, A_BOLD, A_UNDERLINE } },
	[KD_COLOR_MSG_MARKER] = { "msg_marker", { DEF, DEF, A_DIM, A_DIM } },
	[KD_COLOR_HEX_OFFSET] = { "hex_offset", { COLOR_YELLOW, DEF, 0, A_DIM } },
};

static kd_color_spec current[KD_COLOR_COUNT];
static attr_t attrs[KD_COLOR_COUNT];
static bool enabled;
static bool default_colors;   /* the terminal accepts -1 (its own default) */
static const char *names[KD_COLOR_COUNT + 1];

/* Colour pair n+1 belongs to element n; pair 0 is curses' own default. */
static void apply(kd_color_elem e)
{
	const kd_color_spec *s = &current[e];
	short fg = s->fg, bg = s->bg;

	if (!enabled) {
		attrs[e] = s->mono;
		return;
	}
	/* an element without a colour of its own takes the `default`
	 * element's: a theme's background then covers the whole screen */
	if (e != KD_COLOR_DEFAULT) {
		if (fg < 0)
			fg = current[KD_COLOR_DEFAULT].fg;
		if (bg < 0)
			bg = current[KD_COLOR_DEFAULT].bg;
	}
	if (!default_colors) {
		if (fg < 0)
			fg = COLOR_WHITE;
		if (bg < 0)
			bg = COLOR_BLACK;
	}
	if ((int)e + 1 < COLOR_PAIRS && init_pair((short)(e + 1), fg, bg) == OK)
		attrs[e] = COLOR_PAIR((int)e + 1) | s->attr;
	else
		attrs[e] = s->mono;
}

void colors_init(bool want)
{
	for (int e = 0; e < KD_COLOR_COUNT; e++)
		current[e] = default_scheme[e].spec;
	enabled = false;
	if (want && has_colors() && start_color() == OK && COLORS >= 8) {
		enabled = true;
		default_colors = use_default_colors() == OK;
	}
	for (int e = 0; e < KD_COLOR_COUNT; e++)
		apply((kd_color_elem)e);
	if (enabled)
		bkgdset(COLOR_PAIR(1));
}

bool colors_enabled(void)
{
	return enabled;
}

attr_t colors_attr(kd_color_elem e)
{
	if ((int)e < 0 || e >= KD_COLOR_COUNT)
		return 0;
	return attrs[e];
}

void colors_set(kd_color_elem e, const kd_color_spec *spec)
{
	if ((int)e < 0 || e >= KD_COLOR_COUNT || !spec)
		return;
	current[e] = *spec;
	/* every other element may inherit the default's colours */
	if (e == KD_COLOR_DEFAULT) {
		for (int i = 0; i < KD_COLOR_COUNT; i++)
			apply((kd_color_elem)i);
		if (enabled)
			bkgdset(COLOR_PAIR(1));
	} else {
		apply(e);
	}
}

const char *const *colors_names(void)
{
	for (int e = 0; e < KD_COLOR_COUNT; e++)
		names[e] = default_scheme[e].name;
	names[KD_COLOR_COUNT] = NULL;
	return names;
}

const kd_color_spec *colors_default_spec(kd_color_elem e)
{
	if ((int)e < 0 || e >= KD_COLOR_COUNT)
		return NULL;
	return &default_scheme[e].spec;
}

static attr_t theme_attrs(unsigned a)
{
	attr_t r = 0;

	if (a & THEME_ATTR_BOLD)
		r |= A_BOLD;
	if (a & THEME_ATTR_DIM)
		r |= A_DIM;
	if (a & THEME_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_ATTR_ITALIC)
		r |= A_ITALIC;
	if (a & THEME_ATTR_BLINK)
		r |= A_BLINK;
	if (a & THEME_ATTR_STANDOUT)
		r |= A_STANDOUT;
	return r;
}

void colors_style_to_spec(const kd_theme_style *st, int ncolors, kd_color_spec *out)
{
	out->fg = (short)theme_color_number(&st->fg, ncolors);
	out->bg = (short)theme_color_number(&st->bg, ncolors);
	out->attr = theme_attrs(st->attrs);
	out->mono = out->attr;
}

void colors_apply_theme(const kd_theme *t)
{
	if (!enabled)
		return;
	for (int e = 0; e < KD_COLOR_COUNT; e++) {
		current[e] = default_scheme[e].spec;
		if (t && t->builtin_mono) {
			/* the built-in monochrome look, on the terminal's colours */
			current[e].fg = current[e].bg = DEF;
			current[e].attr = current[e].mono;
		} else if (t && e < t->n_elems && t->style[e].line) {
			kd_color_spec s;
			colors_style_to_spec(&t->style[e], COLORS, &s);
			s.mono = default_scheme[e].spec.mono;
			current[e] = s;
		}
	}
	for (int e = 0; e < KD_COLOR_COUNT; e++)
		apply((kd_color_elem)e);
	bkgdset(COLOR_PAIR(1));
}

const char *colors_name(kd_color_elem e)
{
	if ((int)e < 0 || e >= KD_COLOR_COUNT)
		return NULL;
	return default_scheme[e].name;
}

int colors_lookup(const char *name)
{
	for (int e = 0; e < KD_COLOR_COUNT; e++)
		if (name && strcmp(default_scheme[e].name, name) == 0)
			return e;
	return -1;
}
