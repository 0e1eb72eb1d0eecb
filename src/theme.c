/* theme.c: theme files: parsing, finding and colour matching; see theme.h. */
#include "config.h"

#include "theme.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef KDECK_DATADIR
#define KDECK_DATADIR "/usr/local/share/kdeck"
#endif

static const char *const ansi_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white",
};

/* xterm's default RGB values of the 16 ANSI colours: what "nearest"
 * measures against when a terminal has no more than those. */
static const unsigned char ansi_rgb[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};

static const unsigned char cube_level[6] = { 0, 95, 135, 175, 215, 255 };

static const struct {
	const char *name;
	unsigned attr;
} attr_names[] = {
	{ "bold", THEME_ATTR_BOLD },
	{ "dim", THEME_ATTR_DIM },
	{ "underline", THEME_ATTR_UNDERLINE },
	{ "reverse", THEME_ATTR_REVERSE },
	{ "italic", THEME_ATTR_ITALIC },
	{ "blink", THEME_ATTR_BLINK },
	{ "standout", THEME_ATTR_STANDOUT },
	{ "normal", 0 },
};

static void index_rgb(int i, unsigned char rgb[3])
{
	if (i < 16) {
		memcpy(rgb, ansi_rgb[i], 3);
	} else if (i < 232) {
		i -= 16;
		rgb[0] = cube_level[i / 36];
		rgb[1] = cube_level[(i / 6) % 6];
		rgb[2] = cube_level[i % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = (unsigned char)(8 + 10 * (i - 232));
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int theme_parse_color(const char *s, kd_theme_color *c)
{
	memset(c, 0, sizeof(*c));
	if (!strcasecmp(s, "default"))
		return 0;
	for (int i = 0; i < 16; i++) {
		/* "bright-red" and "brightred" */
		if (!strcasecmp(s, ansi_names[i]) ||
		    (i >= 8 && !strncasecmp(s, "bright", 6) && !strcasecmp(s + 6, ansi_names[i] + 7))) {
			c->kind = THEME_COLOR_INDEX;
			c->index = (unsigned char)i;
			return 0;
		}
	}
	if (!strcasecmp(s, "grey") || !strcasecmp(s, "gray")) {
		c->kind = THEME_COLOR_INDEX;
		c->index = 8;
		return 0;
	}
	if (!strncasecmp(s, "color", 5) && s[5]) {
		int n = 0;
		for (const char *p = s + 5; *p; p++) {
			if (*p < '0' || *p > '9' || n > 255)
				return -1;
			n = n * 10 + (*p - '0');
		}
		if (n > 255 || strlen(s + 5) > 3)
			return -1;
		c->kind = THEME_COLOR_INDEX;
		c->index = (unsigned char)n;
		return 0;
	}
	if (s[0] == '#' && strlen(s) == 7) {
		int v[6];
		for (int i = 0; i < 6; i++)
			if ((v[i] = hexval(s[i + 1])) < 0)
				return -1;
		c->kind = THEME_COLOR_RGB;
		c->r = (unsigned char)(v[0] * 16 + v[1]);
		c->g = (unsigned char)(v[2] * 16 + v[3]);
		c->b = (unsigned char)(v[4] * 16 + v[5]);
		return 0;
	}
	return -1;
}

/* Weighted so that the eye's sensitivity to green counts most; close
 * enough for picking among a palette. */
static long distance(const unsigned char a[3], const unsigned char b[3])
{
	long dr = a[0] - b[0], dg = a[1] - b[1], db = a[2] - b[2];
	return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
}

static int nearest(const unsigned char rgb[3], int from, int to)
{
	long best_d = -1;
	int best = from;

	for (int i = from; i < to; i++) {
		unsigned char p[3];
		long d;

		index_rgb(i, p);
		d = distance(rgb, p);
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}

int theme_color_number(const kd_theme_color *c, int ncolors)
{
	unsigned char rgb[3];

	if (c->kind == THEME_COLOR_DEFAULT || ncolors < 8)
		return -1;
	if (c->kind == THEME_COLOR_INDEX) {
		if (c->index < ncolors && (c->index < 16 || ncolors >= 256))
			return c->index;
		index_rgb(c->index, rgb);
	} else {
		rgb[0] = c->r;
		rgb[1] = c->g;
		rgb[2] = c->b;
		/* the first 16 differ from one terminal to the next: a
		 * 256-colour terminal gets the cube and the greys */
		if (ncolors >= 256)
			return nearest(rgb, 16, 256);
	}
	return nearest(rgb, 0, ncolors >= 16 ? 16 : 8);
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct parse_ctx {
	kd_ini_item *it;
	kd_ini_error *e;
	const char *file;
} parse_ctx;

static int perr(parse_ctx *p, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int perr(parse_ctx *p, int col, const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof(p->e->msg)];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ini_error_set(p->e, p->file, p->it->line, col, "%s", msg);
	return -1;
}

/* "FG [on BG] [ATTR...]" in any order; every word is a colour, 'on', or
 * an attribute. */
static int parse_style(parse_ctx *p, kd_theme_style *st)
{
	const char *v = p->it->value;
	bool have_fg = false, have_bg = false, want_bg = false;
	int on_col = 0, words = 0;
	size_t i = 0;

	while (v[i]) {
		char word[64];
		size_t start, n;
		int col;
		kd_theme_color c;
		bool is_attr = false;

		while (v[i] == ' ' || v[i] == '\t')
			i++;
		if (!v[i])
			break;
		start = i;
		while (v[i] && v[i] != ' ' && v[i] != '\t')
			i++;
		n = i - start;
		words++;
		col = p->it->value_cols[start];
		if (n >= sizeof(word))
			return perr(p, col, "'%.20s...' is not a colour or an attribute", v + start);
		memcpy(word, v + start, n);
		word[n] = '\0';
		if (!strcasecmp(word, "on")) {
			if (want_bg || have_bg)
				return perr(p, col, "a second 'on': one background colour per element");
			want_bg = true;
			on_col = col;
			continue;
		}
		if (theme_parse_color(word, &c) == 0) {
			if (want_bg) {
				st->bg = c;
				have_bg = true;
				want_bg = false;
			} else if (have_fg) {
				return perr(p, col, "a second foreground colour '%s' (the background "
					    "follows 'on')", word);
			} else {
				st->fg = c;
				have_fg = true;
			}
			continue;
		}
		if (want_bg)
			return perr(p, col, "expected a colour after 'on', not '%s'", word);
		for (size_t a = 0; a < sizeof(attr_names) / sizeof(attr_names[0]); a++)
			if (!strcasecmp(word, attr_names[a].name)) {
				st->attrs |= attr_names[a].attr;
				is_attr = true;
			}
		if (is_attr)
			continue;
		if (!strncasecmp(word, "color", 5))
			return perr(p, col, "'%s': colour numbers go from color0 to color255", word);
		if (word[0] == '#')
			return perr(p, col, "'%s': expected #rrggbb (six hexadecimal digits)", word);
		return perr(p, col, "'%s' is not a colour (red, bright-blue, color208, "
			    "#268bd2, default) or an attribute (bold, dim, underline, reverse, "
			    "italic, blink, standout)", word);
	}
	if (want_bg)
		return perr(p, on_col, "expected a colour after 'on'");
	if (words == 0)
		return perr(p, p->it->value_col, "expected colours or attributes for %s",
			    p->it->key);
	return 0;
}

int theme_parse(kd_theme *t, const char *text, size_t len, const char *file,
		const char *const *elems, int n_elems, kd_ini_error *e)
{
	kd_ini r;
	kd_ini_item *it = calloc(1, sizeof(*it));
	parse_ctx p = { it, e, file };
	kd_ini_kind k;
	int rc = 0;

	if (!it)
		abort();
	memset(t, 0, sizeof(*t));
	t->n_elems = n_elems < THEME_MAX_ELEMS ? n_elems : THEME_MAX_ELEMS;
	ini_open(&r, text, len, file);
	while (rc == 0 && (k = ini_next(&r, it)) != INI_END) {
		int el = -1;

		if (k == INI_ERROR) {
			*e = r.err;
			rc = -1;
			break;
		}
		if (k == INI_SECTION) {
			rc = perr(&p, it->key_col - 1 > 0 ? it->key_col - 1 : 1,
				  "a theme has no [sections]: only `element = colours` lines");
			break;
		}
		for (int i = 0; i < t->n_elems; i++)
			if (elems[i] && !strcmp(elems[i], it->key))
				el = i;
		if (el < 0) {
			rc = perr(&p, it->key_col, "no element called '%s' (see doc/themes.md for "
				  "the list)", it->key);
			break;
		}
		if (t->style[el].line) {
			rc = perr(&p, it->key_col, "%s is already set on line %d", it->key,
				  t->style[el].line);
			break;
		}
		rc = parse_style(&p, &t->style[el]);
		t->style[el].line = it->line;
	}
	free(it);
	if (rc) {
		memset(t, 0, sizeof(*t));
		t->n_elems = n_elems < THEME_MAX_ELEMS ? n_elems : THEME_MAX_ELEMS;
	}
	return rc;
}

/* ---- finding ------------------------------------------------------------ */

int theme_dirs(char dirs[][512], int max)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	const char *data = getenv("KDECK_DATA_DIR");
	int n = 0;

	if (n < max && xdg && *xdg == '/')
		snprintf(dirs[n++], 512, "%s/kdeck/themes", xdg);
	else if (n < max && home && *home)
		snprintf(dirs[n++], 512, "%s/.config/kdeck/themes", home);
	if (n < max && data && *data)
		snprintf(dirs[n++], 512, "%s/themes", data);
	if (n < max)
		snprintf(dirs[n++], 512, "%s/themes", KDECK_DATADIR);
	return n;
}

static bool valid_name(const char *s)
{
	if (!*s || *s == '.' || strlen(s) >= THEME_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

static int load_file(kd_theme *t, const char *path, const char *name,
		     const char *const *elems, int n_elems, kd_ini_error *e)
{
	size_t len;
	char *text = ini_read_file(path, THEME_MAX_FILE, &len, e);
	int rc;

	if (!text)
		return -1;
	rc = theme_parse(t, text, len, path, elems, n_elems, e);
	free(text);
	if (rc == 0) {
		snprintf(t->name, sizeof(t->name), "%s", name);
		snprintf(t->path, sizeof(t->path), "%s", path);
	}
	return rc;
}

int theme_load(kd_theme *t, const char *name_or_path, const char *const *elems, int n_elems,
	       kd_ini_error *e)
{
	char dirs[4][512], path[600], where[2200] = "";
	int n;

	memset(t, 0, sizeof(*t));
	t->n_elems = n_elems < THEME_MAX_ELEMS ? n_elems : THEME_MAX_ELEMS;
	if (!name_or_path || !*name_or_path) {
		ini_error_set(e, "theme", 0, 0, "empty theme name");
		return -1;
	}
	if (strchr(name_or_path, '/'))
		return load_file(t, name_or_path, name_or_path, elems, n_elems, e);
	if (!valid_name(name_or_path)) {
		ini_error_set(e, name_or_path, 0, 0, "not a theme name (letters, digits, "
			      "'-', '_', '.') nor a path");
		return -1;
	}
	n = theme_dirs(dirs, 4);
	for (int i = 0; i < n; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%.511s/%.63s.theme", dirs[i], name_or_path);
		f = fopen(path, "r");
		if (f) {
			fclose(f);
			return load_file(t, path, name_or_path, elems, n_elems, e);
		}
		if (strlen(where) + strlen(dirs[i]) + 3 < sizeof(where)) {
			if (i)
				strcat(where, ", ");
			strcat(where, dirs[i]);
		}
	}
	snprintf(t->name, sizeof(t->name), "%s", name_or_path);
	if (!strcmp(name_or_path, "default"))
		return 0;
	if (!strcmp(name_or_path, "mono")) {
		t->builtin_mono = true;
		return 0;
	}
	t->name[0] = '\0';
	ini_error_set(e, name_or_path, 0, 0, "no such theme (looked in %s)", where);
	return -1;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void add_name(char names[][THEME_NAME_MAX], int *n, int max, const char *s)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp(names[i], s))
			return;
	if (*n < max)
		snprintf(names[(*n)++], THEME_NAME_MAX, "%s", s);
}

int theme_list(char names[][THEME_NAME_MAX], int max)
{
	char dirs[4][512];
	int nd = theme_dirs(dirs, 4), n = 0;

	add_name(names, &n, max, "default");
	add_name(names, &n, max, "mono");
	for (int i = 0; i < nd; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;

		if (!d)
			continue;
		while ((de = readdir(d)) != NULL) {
			size_t len = strlen(de->d_name);
			char name[THEME_NAME_MAX];

			if (len <= 6 || len - 6 >= sizeof(name) ||
			    strcmp(de->d_name + len - 6, ".theme") != 0)
				continue;
			memcpy(name, de->d_name, len - 6);
			name[len - 6] = '\0';
			if (valid_name(name))
				add_name(names, &n, max, name);
		}
		closedir(d);
	}
	qsort(names, (size_t)n, THEME_NAME_MAX, cmp_names);
	return n;
}
