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
};

static kd_color_spec current[KD_COLOR_COUNT];
static attr_t attrs[KD_COLOR_COUNT];
static bool enabled;
static bool default_colors;   /* the terminal accepts -1 (its own default) */

/* Colour pair n+1 belongs to element n; pair 0 is curses' own default. */
static void apply(kd_color_elem e)
{
	const kd_color_spec *s = &current[e];
	short fg = s->fg, bg = s->bg;

	if (!enabled) {
		attrs[e] = s->mono;
		return;
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
	apply(e);
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
