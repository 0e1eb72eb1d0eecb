/*
 * ui_pick.h: a full-screen list to choose one line from, before the
 * dashboard starts (the MSK cluster picker).  The lines come in already
 * escaped; nothing here talks to the network.
 */
#ifndef KDECK_UI_PICK_H
#define KDECK_UI_PICK_H

/* The index of the line chosen with Enter, -1 when the user quits (q, Esc,
 * Ctrl-C), -2 when no terminal could be opened. */
int ui_pick(const char *title, const char *header, char *const *lines, int n);

#endif
