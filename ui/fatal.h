/*
 * fatal.h: a crash must not leave the operator's terminal raw.
 *
 * While the dashboard owns the terminal, abort() (an arena out of memory,
 * a failed assertion), SIGSEGV, SIGBUS, SIGFPE and SIGILL first put the
 * terminal back as it was (main screen, cursor, cooked modes), then die
 * with the same signal, so the shell still sees the crash.
 */
#ifndef KDECK_FATAL_H
#define KDECK_FATAL_H

/* Remember the terminal's modes (before curses changes them) and catch
 * the fatal signals. */
void fatal_install(void);
/* Back to the default actions (after endwin). */
void fatal_uninstall(void);

#endif
