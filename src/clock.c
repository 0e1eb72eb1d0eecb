/* clock.c: see clock.h. */
#include "config.h"

#include "clock.h"

#include <stdio.h>
#include <time.h>

static int64_t clock_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_wall_ms(void)
{
	return clock_ms(CLOCK_REALTIME);
}

int64_t clock_mono_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

void clock_format_age(int64_t ms, char *buf, int len)
{
	int64_t s = ms < 0 ? 0 : ms / 1000;
	if (s < 120)
		snprintf(buf, (size_t)len, "%llds", (long long)s);
	else if (s < 7200)
		snprintf(buf, (size_t)len, "%lldm", (long long)(s / 60));
	else if (s < 172800)
		snprintf(buf, (size_t)len, "%lldh", (long long)(s / 3600));
	else
		snprintf(buf, (size_t)len, "%lldd", (long long)(s / 86400));
}
