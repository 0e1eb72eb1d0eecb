/*
 * theme.h: colour themes as data files, without curses.
 *
 * A theme file (format in doc/themes.md) gives colours and attributes to
 * elements named by meaning: `broker_down = bright-red bold`,
 * `selected = black on #2aa198`.  Which element names exist is the UI's
 * business (ui/colors.c): the parser gets the list, so a misspelt element
 * is an error with its line and column like any other.  Elements a theme
 * leaves out keep the built-in default look.  Mapping the colours onto
 * what a terminal has (256, 16 or 8 colours) is theme_color_number's job.
 */
#ifndef KDECK_THEME_H
#define KDECK_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "ini.h"

#define THEME_MAX_ELEMS 64
#define THEME_MAX_FILE (256 * 1024)
#define THEME_NAME_MAX 64

typedef enum kd_theme_color_kind {
	THEME_COLOR_DEFAULT,       /* inherit: the `default` element's, or the terminal's */
	THEME_COLOR_INDEX,         /* one of the 256 xterm colours (0-15: the ANSI ones) */
	THEME_COLOR_RGB,           /* #rrggbb */
} kd_theme_color_kind;

typedef struct kd_theme_color {
	unsigned char kind;        /* kd_theme_color_kind */
	unsigned char index;
	unsigned char r, g, b;
} kd_theme_color;

enum {
	THEME_ATTR_BOLD = 1u << 0,
	THEME_ATTR_DIM = 1u << 1,
	THEME_ATTR_UNDERLINE = 1u << 2,
	THEME_ATTR_REVERSE = 1u << 3,
	THEME_ATTR_ITALIC = 1u << 4,
	THEME_ATTR_BLINK = 1u << 5,
	THEME_ATTR_STANDOUT = 1u << 6,
};

typedef struct kd_theme_style {
	kd_theme_color fg, bg;
	unsigned attrs;            /* THEME_ATTR_* */
	int line;                  /* where the file set it; 0: not set */
} kd_theme_style;

typedef struct kd_theme {
	char name[THEME_NAME_MAX]; /* "solarized-dark", or the path given */
	char path[512];            /* the file read; "" for a built-in theme */
	/* The built-in monochrome look (the mono theme when no file of that
	 * name is installed). */
	bool builtin_mono;
	int n_elems;
	kd_theme_style style[THEME_MAX_ELEMS];
} kd_theme;

/* Parse a theme file's text into t (emptied first).  elems names the
 * elements, in the order of t->style.  Returns 0, or -1 with e filled
 * (file, line, column, why); t is then empty. */
int theme_parse(kd_theme *t, const char *text, size_t len, const char *file,
		const char *const *elems, int n_elems, kd_ini_error *e);

/* A theme by name ("dark": searched in the user's themes directory, then
 * the installed ones; "default" and "mono" exist even when no file does)
 * or by path (anything with a '/').  Returns 0 or -1 with e filled. */
int theme_load(kd_theme *t, const char *name_or_path, const char *const *elems, int n_elems,
	       kd_ini_error *e);

/* The directories searched for NAME.theme, in order: the user's
 * ($XDG_CONFIG_HOME/kdeck/themes, else ~/.config/kdeck/themes), then
 * $KDECK_DATA_DIR/themes when set (a source tree), then the installed
 * ones.  Returns how many were written (at most max). */
int theme_dirs(char dirs[][512], int max);

/* The names of every theme theme_load can find, sorted, without
 * duplicates; returns how many (at most max). */
int theme_list(char names[][THEME_NAME_MAX], int max);

/* The colour number for a terminal with ncolors colours: -1 for the
 * default, an exact index when the terminal has it, else the nearest
 * by RGB distance (256-colour terminals: the 6x6x6 cube and the greys;
 * 16 or 8: the ANSI colours). */
int theme_color_number(const kd_theme_color *c, int ncolors);

/* "red", "bright-blue", "color208", "#268bd2", "default"; returns 0, or
 * -1 when s is not a colour.  For the parser and its tests. */
int theme_parse_color(const char *s, kd_theme_color *c);

#endif
