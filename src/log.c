/* log.c: see log.h. */
#include "config.h"

#include "log.h"
#include "termsafe.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_quiet;
static FILE *log_file;
static int log_min_level = LOG_LVL_WARN;
static char log_last_msg[512];
static int64_t log_last_ms;

void log_init(void)
{
	const char *path = getenv("KDECK_LOG");
	if (path && *path) {
		log_file = fopen(path, "ae");       /* not inherited by ${cmd:} */
		log_min_level = LOG_LVL_DEBUG;
	}
}

void log_set_quiet(int quiet)
{
	pthread_mutex_lock(&log_lock);
	log_quiet = quiet;
	pthread_mutex_unlock(&log_lock);
}

void log_msg(int level, const char *fmt, ...)
{
	static const char *names[] = {"debug", "info", "warning", "error"};
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);

	pthread_mutex_lock(&log_lock);
	if (log_file) {
		fprintf(log_file, "%lld %s: %s\n", (long long)clock_wall_ms(), names[level],
			term_str(buf));
		fflush(log_file);
	}
	if (level >= LOG_LVL_WARN) {
		snprintf(log_last_msg, sizeof(log_last_msg), "%s", buf);
		log_last_ms = clock_wall_ms();
	}
	if (!log_quiet && level >= log_min_level && level >= LOG_LVL_WARN)
		fprintf(stderr, "kdeck: %s: %s\n", names[level], term_str(buf));
	pthread_mutex_unlock(&log_lock);
}

int64_t log_last(char *buf, int len)
{
	int64_t t;
	pthread_mutex_lock(&log_lock);
	snprintf(buf, (size_t)len, "%s", log_last_msg);
	t = log_last_ms;
	pthread_mutex_unlock(&log_lock);
	return t;
}
