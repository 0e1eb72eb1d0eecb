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

/* Replace one element's colours (for the coming theme loader). */
void colors_set(kd_color_elem e, const kd_color_spec *spec);

/* "broker_down" <-> KD_COLOR_BROKER_DOWN, for theme files. */
const char *colors_name(kd_color_elem e);
int colors_lookup(const char *name);

#endif
