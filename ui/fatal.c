/* fatal.c: see fatal.h. */
#include "config.h"

#include "fatal.h"

#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved;
static bool have_saved;

/* Leave the alternate screen, show the cursor, reset colours, stop mouse
 * reports, then the tty modes kdeck found: only write(2) and tcsetattr,
 * which are safe in a signal handler (endwin is not). */
static void restore(void)
{
	static const char seq[] = "\033[0m\033[?1000l\033[?1002l\033[?1006l"
				  "\033[?25h\033[?1049l\r\n";
	ssize_t w = write(STDOUT_FILENO, seq, sizeof(seq) - 1);
	(void)w;
	if (have_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
}

static void on_fatal(int sig)
{
	restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

void fatal_install(void)
{
	have_saved = tcgetattr(STDIN_FILENO, &saved) == 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGABRT, &sa, NULL);
#if !defined(__SANITIZE_ADDRESS__)
	/* under ASan its own handler must report the fault */
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
#endif
}

void fatal_uninstall(void)
{
	signal(SIGABRT, SIG_DFL);
#if !defined(__SANITIZE_ADDRESS__)
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);
	signal(SIGFPE, SIG_DFL);
	signal(SIGILL, SIG_DFL);
#endif
}
