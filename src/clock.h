/* clock.h: wall and monotonic milliseconds. */
#ifndef KDECK_CLOCK_H
#define KDECK_CLOCK_H

#include <stdint.h>

int64_t clock_wall_ms(void);
int64_t clock_mono_ms(void);
/* "3s", "4m", "2h", "5d": a short age for the status line. */
void clock_format_age(int64_t ms, char *buf, int len);

#endif
