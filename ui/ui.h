/*
 * ui.h: the curses front end.  It draws the collector's newest snapshot and
 * never talks to the network itself.
 */
#ifndef KDECK_UI_H
#define KDECK_UI_H

#include "collector.h"
#include "options.h"

/* Run the interactive dashboard until the user quits; returns an exit code.
 * Takes c: it is abandoned (collector_abandon) when the UI ends, so that
 * quitting never waits for a poll of a frozen cluster. */
int ui_run(kd_collector *c, const kd_options *o);

#endif
