/* ui_pick.c: see ui_pick.h.  Its own short curses session: the dashboard
 * opens the terminal again once a line is chosen. */
#include "config.h"

#include "ui_pick.h"

#include <curses.h>
#include <locale.h>
#include <stdlib.h>

#include "colors.h"

static void draw(const char *title, const char *header, char *const *lines, int n, int cur,
		 int *top)
{
	int h = LINES - 3;      /* title, header, hint */
	if (h < 1)
		h = 1;
	if (cur < *top)
		*top = cur;
	if (cur >= *top + h)
		*top = cur - h + 1;
	erase();
	attrset(colors_attr(KD_COLOR_TITLE));
	mvaddnstr(0, 0, title, COLS);
	attrset(colors_attr(KD_COLOR_TABLE_HEADER));
	mvaddnstr(1, 0, header, COLS);
	for (int i = 0; i < h && *top + i < n; i++) {
		attrset(*top + i == cur ? colors_attr(KD_COLOR_SELECTED) : A_NORMAL);
		mvaddnstr(2 + i, 0, lines[*top + i], COLS);
		if (*top + i == cur)
			chgat(-1, colors_attr(KD_COLOR_SELECTED), 0, NULL);
	}
	attrset(colors_attr(KD_COLOR_HINT_KEY));
	mvaddnstr(LINES - 1, 0, "Enter open  j/k move  q quit", COLS);
	attrset(A_NORMAL);
	refresh();
}

int ui_pick(const char *title, const char *header, char *const *lines, int n)
{
	setlocale(LC_ALL, "");
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr)
		return -2;
	set_term(scr);
	raw();           /* Ctrl-C is a key here: quit and leave the tty sane */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	colors_init(getenv("NO_COLOR") == NULL || !*getenv("NO_COLOR"));

	int cur = 0, top = 0, picked = -1;
	for (bool done = n <= 0; !done;) {
		draw(title, header, lines, n, cur, &top);
		int page = LINES - 3 > 1 ? LINES - 3 : 1;
		switch (getch()) {
		case KEY_DOWN: case 'j': cur = cur + 1 < n ? cur + 1 : cur; break;
		case KEY_UP: case 'k': cur = cur > 0 ? cur - 1 : 0; break;
		case KEY_NPAGE: cur = cur + page < n ? cur + page : n - 1; break;
		case KEY_PPAGE: cur = cur > page ? cur - page : 0; break;
		case KEY_HOME: case 'g': cur = 0; break;
		case KEY_END: case 'G': cur = n - 1; break;
		case '\r': case '\n': case KEY_ENTER: picked = cur; done = true; break;
		case 'q': case 27: case 3: done = true; break;
		default: break;
		}
	}
	endwin();
	delscreen(scr);
	return picked;
}
