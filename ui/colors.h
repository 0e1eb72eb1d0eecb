/*
 * colors.h: colours named by what they mean, not by how they look.
 *
 * Every drawing call asks for an element (a down broker, the selected row)
 * and gets curses attributes; which colours those are is a scheme, a table
 * of one entry per element.  The default scheme is compiled in; themes as
 * data files will be parsed in src/ and applied through colors_set().
 * Each element also has monochrome attributes, so a terminal without
 * colours (or NO_COLOR) still tells a problem row from a healthy one.
 */
#ifndef KDECK_UI_COLORS_H
#define KDECK_UI_COLORS_H

#include <stdbool.h>
#include <curses.h>

#include "theme.h"

typedef enum kd_color_elem {
	KD_COLOR_DEFAULT,
	KD_COLOR_TITLE,            /* "kdeck" and the cluster id */
	KD_COLOR_HEADER_LABEL,     /* "brokers", "topics", ... in the header */
	KD_COLOR_HEADER_VALUE,     /* their numbers */
	KD_COLOR_TAB,              /* pane names */
	KD_COLOR_TAB_ACTIVE,       /* the pane shown */
	KD_COLOR_BREADCRUMB,       /* where a drill-down went */
	KD_COLOR_TABLE_HEADER,     /* column titles */
	KD_COLOR_TABLE_SORTED,     /* the column rows are sorted by */
	KD_COLOR_SELECTED,         /* the selected row */
	KD_COLOR_BROKER_DOWN,
	KD_COLOR_UNDER_REPLICATED,
	KD_COLOR_OFFLINE,
	KD_COLOR_LAG_WARN,
	KD_COLOR_LAG_ERROR,
	KD_COLOR_SPARKLINE,
	KD_COLOR_INTERNAL_TOPIC,
	KD_COLOR_STATUS_OK,        /* "connected" */
	KD_COLOR_STATUS_WARN,      /* "connecting", partial failures */
	KD_COLOR_STATUS_ERROR,     /* "last error: ..." */
	KD_COLOR_HINT_KEY,         /* keys in the hint bar */
	KD_COLOR_HINT_TEXT,
	KD_COLOR_PROMPT,           /* the filter prompt */
	KD_COLOR_MESSAGE,          /* a passing note in the bottom line */
	KD_COLOR_MESSAGE_ERROR,    /* an error in the bottom line */
	KD_COLOR_HELP,
	KD_COLOR_HELP_KEY,
	KD_COLOR_HELP_SECTION,
	KD_COLOR_EMPTY,            /* "waiting for the first poll" */
	/* message text in the tail (msgfmt span classes) */
	KD_COLOR_JSON_KEY,         /* an object key; labels in the message view */
	KD_COLOR_JSON_STRING,
	KD_COLOR_JSON_NUMBER,
	KD_COLOR_JSON_LITERAL,     /* true, false, null */
	KD_COLOR_JSON_PUNCT,       /* { } [ ] : , */
	KD_COLOR_MSG_ESCAPE,       /* \e, \x1b, \u{202e}: bytes shown escaped */
	KD_COLOR_MSG_MARKER,       /* "(null)", "… (12.3 KiB)" */
	KD_COLOR_HEX_OFFSET,       /* a hex dump's offset column */
	KD_COLOR_COUNT
} kd_color_elem;

/* One element of a scheme.  fg/bg are curses colour numbers, -1 for the
 * terminal's default. */
typedef struct kd_color_spec {
	short fg, bg;
	attr_t attr;               /* added when colours are on */
	attr_t mono;               /* used alone when they are off */
} kd_color_spec;

/* After the screen is up: use colours when want is true and the terminal
 * has them; otherwise every element uses its monochrome attributes. */
void colors_init(bool want);
bool colors_enabled(void);
attr_t colors_attr(kd_color_elem e);

/* Replace one element's colours. */
void colors_set(kd_color_elem e, const kd_color_spec *spec);

/* Every element's name in enum order (KD_COLOR_COUNT of them): what the
 * theme parser checks a theme file against. */
const char *const *colors_names(void);

/* Apply a parsed theme on top of the built-in default (elements it does
 * not set look like the default); with colours off it changes nothing,
 * the monochrome look stays.  The terminal's colour count decides how
 * #rrggbb and color208 map (theme_color_number). */
void colors_apply_theme(const kd_theme *t);

/* A theme element as curses would use it: for tests and the theme's
 * consistency check against the built-in tables. */
void colors_style_to_spec(const kd_theme_style *st, int ncolors, kd_color_spec *out);
/* The built-in default (colours) and monochrome (attributes) looks. */
const kd_color_spec *colors_default_spec(kd_color_elem e);

/* "broker_down" <-> KD_COLOR_BROKER_DOWN, for theme files. */
const char *colors_name(kd_color_elem e);
int colors_lookup(const char *name);

#endif
