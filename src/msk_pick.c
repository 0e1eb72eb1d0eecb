/* msk_pick.c: see msk_pick.h. */
#include "config.h"

#include "msk_pick.h"

#include <stdio.h>

#include "termsafe.h"

#define LINE_FMT "%-28s %-12s %-10s %-8s %-7s %-16s %-28s %s"

static void join(char *buf, size_t len, char **v, int n)
{
	size_t at = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && at + 1 < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? "," : "", v[i] ? v[i] : "?");
}

/* escaped, "-" when missing or empty */
static const char *t(const char *s)
{
	return s && *s ? term_str(s) : "-";
}

void msk_pick_header(char *buf, size_t len)
{
	snprintf(buf, len, LINE_FMT, "NAME", "TYPE", "STATE", "KAFKA", "BROKERS", "INSTANCE",
		 "AUTH", "ZONES");
}

void msk_pick_line(const msk_cluster *c, char *buf, size_t len)
{
	char auth[128], zones[256], brokers[24] = "-";
	join(auth, sizeof(auth), c->auth, c->n_auth);
	join(zones, sizeof(zones), c->zones, c->n_zones);
	if (c->brokers >= 0)
		snprintf(brokers, sizeof(brokers), "%d", c->brokers);
	snprintf(buf, len, LINE_FMT, t(c->name), t(c->type), t(c->state), t(c->kafka_version),
		 brokers, t(c->instance_type), t(auth), t(zones));
}
