/* config_cmd.c: ${cmd:...} in the config file: run a command (a password
 * manager, a vault client) and take its output as a secret value. */
#include "config.h"

#include "config_file.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CMD_TIMEOUT_MS 10000
#define CMD_MAX_OUTPUT (64 * 1024)

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The child: stdin and stderr on /dev/null (a curses screen may be up),
 * stdout into the pipe.  Only async-signal-safe calls: the parent has
 * threads. */
static void child(const char *cmd, int out_fd)
{
	int null = open("/dev/null", O_RDWR);
	sigset_t none;

	/* kdeck ignores SIGPIPE and its threads block signals: the command
	 * gets the defaults a shell would give it */
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 2) < 0 || dup2(out_fd, 1) < 0)
		_exit(126);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

int config_run_command(const char *cmd, char **out, char *err, size_t errlen)
{
	int fds[2], status = 0;
	char *buf;
	size_t n = 0;
	pid_t pid;
	long long deadline = now_ms() + CMD_TIMEOUT_MS;
	bool too_long = false, timed_out = false;

	if (pipe2(fds, O_CLOEXEC)) {
		snprintf(err, errlen, "${cmd:%s}: pipe: %s", cmd, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "${cmd:%s}: fork: %s", cmd, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		child(cmd, fds[1]);
	}
	close(fds[1]);
	buf = malloc(CMD_MAX_OUTPUT + 1);
	if (!buf)
		abort();
	for (;;) {
		struct pollfd pfd = { fds[0], POLLIN, 0 };
		long long left = deadline - now_ms();
		ssize_t got;

		if (left <= 0) {
			timed_out = true;
			break;
		}
		if (poll(&pfd, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (!pfd.revents)
			continue;
		got = read(fds[0], buf + n, CMD_MAX_OUTPUT + 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
		if (n > CMD_MAX_OUTPUT) {
			too_long = true;
			break;
		}
	}
	close(fds[0]);
	if (timed_out || too_long)
		kill(pid, SIGKILL);
	/* A command may close its output and go on running: the wait has
	 * the same deadline as the read, then the command is killed. */
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (w == 0 && now_ms() >= deadline && !timed_out) {
			timed_out = true;
			kill(pid, SIGKILL);
		}
		if (w == 0) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
	buf[n] = '\0';
	if (timed_out || too_long || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    memchr(buf, '\0', n)) {
		if (timed_out)
			snprintf(err, errlen, "${cmd:%s}: no answer in %d s", cmd,
				 CMD_TIMEOUT_MS / 1000);
		else if (too_long)
			snprintf(err, errlen, "${cmd:%s}: more than %d bytes of output", cmd,
				 CMD_MAX_OUTPUT);
		else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
			snprintf(err, errlen, "${cmd:%s}: exit status %d", cmd, WEXITSTATUS(status));
		else if (WIFSIGNALED(status))
			snprintf(err, errlen, "${cmd:%s}: killed by signal %d", cmd, WTERMSIG(status));
		else
			snprintf(err, errlen, "${cmd:%s}: its output holds a NUL byte", cmd);
		memset(buf, 0, n);
		free(buf);
		return -1;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	*out = buf;
	return 0;
}
