/*
 * log.h: kdeck's messages go through one swappable sink: stderr before and
 * after curses, a ring the status line reads while curses owns the screen,
 * and a file when KDECK_LOG names one.  librdkafka's logs come here too, so
 * nothing ever writes over the dashboard.
 */
#ifndef KDECK_LOG_H
#define KDECK_LOG_H

#include <stdint.h>

enum { LOG_LVL_DEBUG, LOG_LVL_INFO, LOG_LVL_WARN, LOG_LVL_ERROR };

void log_init(void);
/* While quiet, messages are kept (and written to KDECK_LOG), not printed. */
void log_set_quiet(int quiet);
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copy the newest warning or error into buf; returns its time or 0. */
int64_t log_last(char *buf, int len);

#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_LVL_ERROR, __VA_ARGS__)

#endif
